"""The whole analysis from one configuration: ``personakit run`` and ``personakit demo``.

:func:`run_analysis` takes a configuration (see :mod:`personakit.config`) and
returns a :class:`RunResult` holding every intermediate object (survey,
segmentation, personas, evidence, journey maps, content coverage), so a
notebook can look at any step. :func:`write_outputs` writes them into a folder,
atomically; :func:`run` does both.

Steps, in order: read the survey (re-applying a saved codebook and the
configuration's codebook overrides) → exclude flagged respondents → segment
and profile personas → read transcripts and attribute each interview to a
persona through its respondent id → analyse interview speech and open answers
into evidence → build the journey map → (accounts) segment the top accounts and
build the hand-off journey → (content) coverage of the content inventory →
figures → report.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from personakit._errors import ConfigError, PersonakitError, PersonakitWarning
from personakit._json import dumps
from personakit._progress import Progress

__all__ = ["OUTPUT_FILES", "RunResult", "run", "run_analysis", "write_outputs"]

OUTPUT_FILES = (
    "report.html",
    "personas.json",
    "journey_map.json",
    "evidence.csv",
    "codebook.csv",
    "manifest.json",
)
"""Files every run writes (plus ``figures/`` and, when inputs allow, account and content files)."""

_CODEBOOK_OVERRIDES = ("kind", "stage", "role", "include", "levels", "reverse", "question")


@dataclass
class RunResult:
    """Everything one run produced, step by step.

    Attributes
    ----------
    config : dict
        The resolved configuration.
    survey_all : Survey or None
        The survey as read, before exclusions.
    survey : Survey or None
        The survey after exclusions (what was segmented).
    segmenter : PersonaSegmenter or None
        The fitted segmentation of respondents.
    personas : PersonaSet or None
        The candidate personas.
    transcripts : DataFrame or None
        Interview turns (:func:`personakit.read_transcripts`).
    evidence : DataFrame or None
        Sentences with stage, emotion, valence, pain point, theme, persona.
    pain_table : DataFrame or None
        Ranked pain-point themes (:func:`personakit.pain_points`).
    journey_map : JourneyMap or None
        The personas' journey map.
    accounts : Survey or None
        Top accounts as read.
    account_segmenter : PersonaSegmenter or None
        The segmentation of the accounts.
    account_personas : PersonaSet or None
        Account personas.
    handoff_journey : Journey or None
        The B2B buying journey with each account persona's participation per stage.
    account_evidence : DataFrame or None
        Evidence from the accounts' own free text (goals, challenges, notes).
    handoff_map : JourneyMap or None
        The hand-off journey map of the account personas.
    content : DataFrame or None
        The content inventory.
    coverage : ContentCoverage or None
        Content coverage of the journey map.
    timings : dict
        Seconds per step.
    warnings : list of str
        Warnings raised during the run, in order.

    Examples
    --------
    >>> from personakit.pipeline import RunResult
    >>> RunResult(config={"seed": 0}).personas is None
    True
    """

    config: dict[str, Any]
    survey_all: Any = None
    survey: Any = None
    segmenter: Any = None
    personas: Any = None
    transcripts: pd.DataFrame | None = None
    evidence: pd.DataFrame | None = None
    pain_table: pd.DataFrame | None = None
    journey_map: Any = None
    accounts: Any = None
    account_segmenter: Any = None
    account_personas: Any = None
    handoff_journey: Any = None
    account_evidence: pd.DataFrame | None = None
    handoff_map: Any = None
    content: pd.DataFrame | None = None
    coverage: Any = None
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Headline numbers of the run (also stored in the manifest).

        Returns
        -------
        dict
            Respondents read and kept, exclusions, personas, evidence rows, ...

        Examples
        --------
        >>> from personakit.pipeline import RunResult
        >>> RunResult(config={}).summary()["personas"] is None
        True
        """
        out: dict[str, Any] = {
            "respondents_read": None,
            "respondents_analysed": None,
            "excluded": None,
            "personas": None,
            "persona_names": None,
            "method": None,
            "selection_reason": None,
            "interviews": None,
            "evidence_sentences": None,
            "not_analysed": None,
            "accounts": None,
            "account_personas": None,
        }
        if self.survey_all is not None:
            out["respondents_read"] = int(self.survey_all.n_respondents)
        if self.survey is not None:
            out["respondents_analysed"] = int(self.survey.n_respondents)
            out["excluded"] = int(len(self.survey.exclusions))
        if self.segmenter is not None:
            out["personas"] = int(self.segmenter.n_personas_)
            out["method"] = str(self.segmenter.method_)
            out["selection_reason"] = str(self.segmenter.selection_reason_)
        if self.personas is not None:
            out["persona_names"] = {str(k): v for k, v in self.personas.names.items()}
        if self.transcripts is not None:
            out["interviews"] = int(self.transcripts["interview_id"].nunique())
        if self.evidence is not None:
            out["evidence_sentences"] = int(len(self.evidence))
            out["not_analysed"] = int(self.evidence.attrs.get("not_analysed", 0))
        if self.accounts is not None:
            out["accounts"] = int(self.accounts.n_respondents)
        if self.account_segmenter is not None:
            out["account_personas"] = int(self.account_segmenter.n_personas_)
        return out


def _resolve(config: Any) -> dict[str, Any]:
    from personakit.config import load_config, validate_config

    if isinstance(config, str | Path):
        return load_config(config)
    if isinstance(config, Mapping):
        return validate_config(config)
    raise ConfigError(
        f"config must be a path to a YAML file or a mapping, got {type(config).__name__}."
    )


def _apply_overrides(survey, overrides: Mapping[str, Any]):
    """Return the survey's codebook with the configuration's per-variable edits."""
    codebook = survey.codebook.copy()
    known = set(codebook["variable"])
    for variable, settings in overrides.items():
        if variable not in known:
            raise ConfigError(
                f"codebook.overrides names {variable!r}, which is not a variable of the survey; "
                f"variables look like {sorted(known)[:6]}."
            )
        if not isinstance(settings, Mapping):
            raise ConfigError(
                f"codebook.overrides.{variable} must be a mapping such as "
                f"{{kind: nominal, stage: awareness}}, got {settings!r}."
            )
        row = codebook.index[codebook["variable"] == variable][0]
        for key, value in settings.items():
            if key not in _CODEBOOK_OVERRIDES:
                raise ConfigError(
                    f"codebook.overrides.{variable}: unknown setting {key!r}; use one of "
                    f"{', '.join(_CODEBOOK_OVERRIDES)}."
                )
            codebook.at[row, key] = value
    return codebook


def _read_survey(config: dict[str, Any]):
    from personakit.survey import read_survey

    inputs, cb = config["inputs"], config["codebook"]
    options: dict[str, Any] = {
        "source": inputs["survey_source"],
        "codebook": cb["file"],
        "reverse": cb["reverse"] or None,
        "attention_checks": cb["attention_checks"] or None,
        "keep_pii": config["privacy"]["keep_pii"],
    }
    if inputs["sheet"] is not None:
        options["sheet"] = inputs["sheet"]
    survey = read_survey(inputs["survey"], **options)
    if cb["overrides"]:
        options["codebook"] = _apply_overrides(survey, cb["overrides"])
        survey = read_survey(inputs["survey"], **options)
    return survey


def _exclude(survey, exclusions: Mapping[str, Any]):
    if exclusions["flags"]:
        survey = survey.exclude(list(exclusions["flags"]))
    elif exclusions["suggested"]:
        survey = survey.exclude("suggested")
    if exclusions["respondents"]:
        ids = [str(i) for i in exclusions["respondents"]]
        unknown = sorted(
            set(ids)
            - set(survey.responses.index)
            - set(survey.exclusions.get("respondent_id", pd.Series(dtype=str)).astype(str))
        )
        if unknown:
            raise ConfigError(
                f"exclusions.respondents names ids that are not in the survey: {unknown[:5]}."
            )
        keep = [i for i in ids if i in survey.responses.index]
        if keep:
            survey = survey.exclude(keep, reason="listed in the configuration")
    return survey


def _segmenter_options(options: Mapping[str, Any]) -> dict[str, Any]:
    from personakit.segment import PersonaSegmenter

    fixed = {"n_personas", "method", "variables", "n_bootstrap", "min_share", "random_state"}
    known = set(PersonaSegmenter().get_params()) - fixed
    unknown = sorted(set(options) - known)
    if unknown:
        raise ConfigError(
            f"segmentation.options: unknown setting(s) {unknown}; PersonaSegmenter accepts "
            f"{', '.join(sorted(known))} here (the others have their own keys)."
        )
    return dict(options)


def _n_personas(value: Any) -> Any:
    if isinstance(value, list):
        return range(value[0], value[1] + 1)
    return value


def _rename(personas, names: Mapping[Any, str]):
    if not names:
        return personas
    ids = {int(p.id) for p in personas.personas}
    mapping = {}
    for key, name in names.items():
        try:
            pid = int(key)
        except (TypeError, ValueError):
            raise ConfigError(
                f"personas.names keys must be persona numbers, got {key!r}."
            ) from None
        if pid not in ids:
            raise ConfigError(
                f"personas.names gives a name to persona {pid}, but the run found personas "
                f"{sorted(ids)}; the numbers follow persona size, largest first."
            )
        mapping[pid] = str(name)
    return personas.rename(mapping)


def _read_interview_mapping(path: str) -> pd.DataFrame:
    """The ``inputs.interviews`` CSV (interview_id -> respondent_id and/or persona)."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        reason = "it is empty" if isinstance(exc, pd.errors.EmptyDataError) else str(exc)
        raise ConfigError(
            f"inputs.interviews: {path} could not be read as a UTF-8 CSV ({reason}). Expected "
            "a header row with interview_id and respondent_id and/or persona, then one row "
            "per interview."
        ) from None


def _transcripts(config: dict[str, Any], labels: pd.Series | None):
    from personakit.io.transcripts import read_transcripts

    inputs = config["inputs"]
    mapping = None
    if inputs["interviews"] is not None:
        mapping = _read_interview_mapping(inputs["interviews"])
    speakers = config["speakers"]
    turns = read_transcripts(
        inputs["transcripts"],
        mapping=mapping,
        interviewers=speakers["interviewers"] or None,
        participants=speakers["participants"] or None,
        roles=speakers["roles"] or None,
    )
    if labels is not None and "respondent_id" in turns.columns:
        # interviews are attributed to the persona their respondent was assigned to
        persona = turns["respondent_id"].map(labels.astype("Int64"))
        turns["persona"] = persona.astype("Int64")
    elif "persona" in turns.columns and labels is not None:
        turns = turns.drop(columns="persona")
    return turns


def run_analysis(config: Any, *, progress: Progress | None = None) -> RunResult:
    """Run the whole analysis a configuration describes and return every result.

    Parameters
    ----------
    config : str, Path or mapping
        A YAML file (see :mod:`personakit.config`) or an equivalent mapping.
    progress : Progress, optional
        Where to report progress; by default a bar in a terminal, quiet otherwise.

    Returns
    -------
    RunResult
        The survey, segmentation, personas, evidence, journey maps and coverage.

    Raises
    ------
    ConfigError
        For a bad configuration.
    PersonakitError
        For bad inputs (the message names the file and what to fix).

    Examples
    --------
    >>> from personakit.pipeline import run_analysis
    >>> run_analysis({"inputs": {}})
    Traceback (most recent call last):
    ...
    personakit._errors.ConfigError: The configuration names no inputs: give at least inputs.survey, inputs.transcripts or inputs.accounts.
    """
    config = _resolve(config)
    inputs = config["inputs"]
    if not any(inputs[k] for k in ("survey", "transcripts", "accounts")):
        raise ConfigError(
            "The configuration names no inputs: give at least inputs.survey, inputs.transcripts "
            "or inputs.accounts."
        )
    steps = [
        bool(inputs["survey"]) * 2,
        bool(inputs["transcripts"] or inputs["survey"]) * 2,
        bool(inputs["accounts"]) * 2,
        bool(inputs["content_inventory"]),
    ]
    progress = progress or Progress(sum(steps))
    result = RunResult(config=config)
    seed = config["seed"]
    stages = config["stages"]
    keep_pii = config["privacy"]["keep_pii"]

    def timed(name: str, label: str):
        progress.step(label)
        return _Timer(result.timings, name)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PersonakitWarning)
        if inputs["survey"]:
            from personakit.segment import PersonaSegmenter

            with timed("read_survey", "reading the survey"):
                result.survey_all = _read_survey(config)
                result.survey = _exclude(result.survey_all, config["exclusions"])
            seg = config["segmentation"]
            with timed("segment", "segmenting respondents"):
                result.segmenter = PersonaSegmenter(
                    n_personas=_n_personas(seg["n_personas"]),
                    method=seg["method"],
                    variables=seg["variables"],
                    n_bootstrap=seg["n_bootstrap"],
                    min_share=seg["min_share"],
                    random_state=seed,
                    **_segmenter_options(seg["options"]),
                ).fit(result.survey)
                result.personas = _rename(result.segmenter.personas_, config["personas"]["names"])
        labels = result.personas.labels if result.personas is not None else None

        if inputs["transcripts"] or inputs["survey"]:
            from personakit.text import analyze_text, pain_points

            frames = []
            with timed("read_transcripts", "reading transcripts"):
                if inputs["transcripts"]:
                    result.transcripts = _transcripts(config, labels)
            with timed("analyze_text", "tagging stages, emotions and pain points"):
                if result.transcripts is not None:
                    frames.append(
                        analyze_text(
                            result.transcripts,
                            stages=stages,
                            keep_pii=keep_pii,
                            random_state=seed,
                            themes=False,
                        )
                    )
                if result.survey is not None and result.survey.variables(kind="text"):
                    text_vars = config["text"]["variables"]
                    frames.append(
                        analyze_text(
                            survey=result.survey,
                            variables=text_vars,
                            stages=stages,
                            personas=result.personas,
                            keep_pii=keep_pii,
                            random_state=seed,
                            themes=False,
                        )
                    )
                if frames:
                    result.evidence = _combine_evidence(frames, seed)
                    result.pain_table = pain_points(
                        result.evidence, by=_pain_grouping(result.evidence), keep_pii=keep_pii
                    )
            if result.evidence is not None and result.personas is not None:
                from personakit.journey import Journey, JourneyMap

                with timed("journey_map", "building the journey map"):
                    journey = Journey(stages, kind=config["journey"]["kind"], name=config["title"])
                    result.journey_map = JourneyMap.build(
                        journey,
                        result.personas,
                        result.evidence,
                        survey=result.survey,
                        min_evidence=config["journey"]["min_evidence"],
                        keep_pii=keep_pii,
                    )
        if inputs["accounts"]:
            _accounts(config, result, timed)
        if inputs["content_inventory"]:
            from personakit.io.content import read_content_inventory

            with timed("content", "checking content coverage"):
                result.content = read_content_inventory(inputs["content_inventory"])
                target = (
                    result.journey_map if result.journey_map is not None else result.handoff_map
                )
                if target is not None:
                    result.coverage = target.content_coverage(result.content, unknown="report")
    progress.close()
    result.warnings = [str(w.message) for w in caught]
    return result


def _pain_grouping(evidence: pd.DataFrame) -> str:
    """Pain points by persona when some pain point has one, else by stage.

    Transcripts without a survey or an interview mapping have no personas.
    """
    if "persona" in evidence.columns and "is_pain_point" in evidence.columns:
        pains = evidence["is_pain_point"].fillna(False).astype(bool)
        if evidence.loc[pains, "persona"].notna().any():
            return "persona"
    return "stage"


def _combine_evidence(frames: list[pd.DataFrame], seed: int) -> pd.DataFrame:
    """Stack interview and open-answer evidence and group their pain points into shared themes."""
    from personakit.text import assign_themes

    not_analysed = sum(int(f.attrs.get("not_analysed", 0)) for f in frames)
    evidence = pd.concat(frames, ignore_index=True)
    evidence = assign_themes(evidence, random_state=seed)
    evidence.attrs["not_analysed"] = not_analysed
    return evidence


def _accounts(config: dict[str, Any], result: RunResult, timed) -> None:
    from personakit.io.accounts import read_accounts
    from personakit.journey import Journey, JourneyMap, participation_from_accounts
    from personakit.segment import PersonaSegmenter
    from personakit.stages import B2B_BUYING
    from personakit.text import analyze_text

    acc = config["accounts_segmentation"]
    seed = config["seed"]
    with timed("accounts", "segmenting top accounts"):
        result.accounts = read_accounts(config["inputs"]["accounts"])
        result.account_segmenter = PersonaSegmenter(
            n_personas=_n_personas(acc["n_personas"]),
            method=acc["method"],
            random_state=seed,
        ).fit(result.accounts)
        result.account_personas = _rename(result.account_segmenter.personas_, acc["names"])
    if not config["journey"]["handoff"]:
        return
    with timed("handoff", "building the hand-off journey"):
        journey = Journey(B2B_BUYING, kind="handoff", name="Buying hand-offs")
        participation = participation_from_accounts(
            result.accounts, journey, labels=result.account_personas
        )
        result.handoff_journey = journey.with_participation(participation, source="accounts")
        # the accounts' own free text (goals, challenges, notes) is the evidence for the
        # account personas' emotions at the stages they take part in
        codebook = result.accounts.codebook
        notes = codebook.loc[
            (codebook["kind"] == "text") & ~codebook["pii"].astype(bool), "variable"
        ].tolist()
        if notes:
            evidence = analyze_text(
                survey=result.accounts,
                variables=notes,
                stages=B2B_BUYING,
                personas=result.account_personas,
                keep_pii=config["privacy"]["keep_pii"],
                random_state=seed,
            )
            evidence = evidence[evidence["analysed"]] if len(evidence) else evidence
            if len(evidence):
                result.account_evidence = evidence
                result.handoff_map = JourneyMap.build(
                    result.handoff_journey,
                    result.account_personas,
                    evidence,
                    survey=result.accounts,
                    min_evidence=config["journey"]["min_evidence"],
                    keep_pii=config["privacy"]["keep_pii"],
                )


class _Timer:
    def __init__(self, timings: dict[str, float], name: str) -> None:
        self.timings, self.name = timings, name

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: Any) -> None:
        self.timings[self.name] = self.timings.get(self.name, 0.0) + (
            time.perf_counter() - self.start
        )


def write_outputs(result: RunResult, out_dir: str | Path, *, force: bool = False) -> Path:
    """Write a run's outputs into ``out_dir``, atomically.

    Parameters
    ----------
    result : RunResult
        What :func:`run_analysis` returned.
    out_dir : str or Path
        The output folder; replaced only with ``force=True``.
    force : bool, default False
        Replace an existing non-empty folder.

    Returns
    -------
    Path
        The output folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from personakit.pipeline import RunResult, write_outputs
    >>> out = write_outputs(RunResult(config={"inputs": {}, "seed": 0}),
    ...                     pathlib.Path(tempfile.mkdtemp()) / "run")
    Traceback (most recent call last):
    ...
    personakit._errors.PersonakitError: Nothing to write: the run produced no survey, evidence or accounts.
    """
    from personakit.report import AtomicOutputDir, build_manifest
    from personakit.report._report import render_report, write_figures

    if result.survey is None and result.evidence is None and result.accounts is None:
        raise PersonakitError("Nothing to write: the run produced no survey, evidence or accounts.")
    config = result.config
    inputs = [v for k, v in config.get("inputs", {}).items() if k != "survey_source" and v]
    with AtomicOutputDir(out_dir, force=force, inputs=_flatten(inputs)) as tmp:
        written: list[str] = []

        def write_text(name: str, text: str) -> None:
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            written.append(name)

        start = time.perf_counter()
        figures = write_figures(result, tmp / "figures", config["figures"]["formats"])
        written += [f"figures/{name}" for name in figures]
        if result.personas is not None:
            write_text("personas.json", result.personas.to_json())
        if result.segmenter is not None:
            write_text("segmentation.json", dumps(result.segmenter.to_dict()))
        if result.journey_map is not None:
            write_text("journey_map.json", result.journey_map.to_json())
        if result.evidence is not None:
            write_text("evidence.csv", _evidence_csv(result.evidence))
        if result.pain_table is not None:
            write_text("pain_points.csv", _frame_csv(result.pain_table))
        if result.survey_all is not None:
            write_text("codebook.csv", _codebook_csv(result.survey_all))
            write_text("exclusions.csv", _frame_csv(result.survey.exclusions))
        if result.account_personas is not None:
            write_text("account_personas.json", result.account_personas.to_json())
        if result.handoff_map is not None:
            write_text("handoff_map.json", result.handoff_map.to_json())
        elif result.handoff_journey is not None:
            write_text("handoff_journey.json", dumps(result.handoff_journey.to_dict()))
        if result.coverage is not None:
            write_text("content_coverage.json", dumps(result.coverage.to_dict()))
        timings = dict(result.timings)
        timings["write_outputs"] = time.perf_counter() - start
        manifest = build_manifest(
            config,
            timings=timings,
            outputs=[*written, "report.html", "manifest.json"],
            summary=result.summary(),
        )
        write_text("report.html", render_report(result, manifest, figures))
        write_text("manifest.json", dumps(manifest))
    return Path(out_dir).expanduser().resolve()


def _flatten(items: list[Any]) -> list[str]:
    out: list[str] = []
    for item in items:
        out.extend(item if isinstance(item, list) else [item])
    return out


def _frame_csv(frame: pd.DataFrame) -> str:
    from personakit.journey import safe_spreadsheet_frame

    frame = frame.copy()
    for column in frame.columns:
        if frame[column].map(lambda v: isinstance(v, list | tuple | dict)).any():
            frame[column] = frame[column].map(
                lambda v: dumps(v, indent=None) if isinstance(v, list | tuple | dict) else v
            )
    return safe_spreadsheet_frame(frame).to_csv(index=False, lineterminator="\n")


def _evidence_csv(evidence: pd.DataFrame) -> str:
    # quotes are masked and speakers pseudonymised by analyze_text unless keep_pii
    return _frame_csv(evidence)


def _codebook_csv(survey) -> str:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "codebook.csv"
        survey.save_codebook(path)
        return path.read_text(encoding="utf-8")


def run(
    config: Any, out_dir: str | Path, *, force: bool = False, progress: Progress | None = None
) -> RunResult:
    """Run the analysis a configuration describes and write its outputs.

    Parameters
    ----------
    config : str, Path or mapping
        The configuration (see :mod:`personakit.config`).
    out_dir : str or Path
        Output folder (``report.html``, JSON, CSV, figures, ``manifest.json``).
    force : bool, default False
        Replace an existing non-empty output folder.
    progress : Progress, optional
        Progress display.

    Returns
    -------
    RunResult
        Every result of the run.

    Examples
    --------
    >>> from personakit.pipeline import run
    >>> run({"seed": 1}, "out")
    Traceback (most recent call last):
    ...
    personakit._errors.ConfigError: The configuration names no inputs: give at least inputs.survey, inputs.transcripts or inputs.accounts.
    """
    result = run_analysis(config, progress=progress)
    write_outputs(result, out_dir, force=force)
    return result

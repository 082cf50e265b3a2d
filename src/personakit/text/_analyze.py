"""``analyze_text``: interview turns and open answers -> the evidence table.

This module turns whatever the user has (a list of strings, open answers in a
Series or a wide DataFrame, the turns table from :func:`personakit.read_transcripts`,
or a Survey and the names of its open-ended variables) into one row per sentence
with stage, valence, emotion, pain point and theme (contract 4 in
``docs/design.md``). The scorers are swappable; see :func:`analyze_text`.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import PersonakitError, PersonakitWarning
from personakit.privacy import mask_pii, name_variants, respondent_names
from personakit.stages import resolve_stages
from personakit.text._embeddings import PrecomputedEmbedder, embed_texts, resolve_embedder
from personakit.text._emotion import EMOTIONS, EmotionScorer
from personakit.text._language import UNDETERMINED, detect_language
from personakit.text._pain import PAIN_TYPES, PainPointScorer
from personakit.text._sentences import split_sentences
from personakit.text._stage import StageScorer
from personakit.text._themes import ThemeFinder, _apply_themes, _themed_rows
from personakit.text._valence import ValenceScorer

__all__ = ["EVIDENCE_COLUMNS", "analyze_text"]

EVIDENCE_COLUMNS = (
    "evidence_id",
    "source_type",
    "source",
    "interview_id",
    "respondent_id",
    "persona",
    "speaker",
    "role",
    "line",
    "sentence",
    "text",
    "language",
    "analysed",
    "stage",
    "stage_confidence",
    "valence",
    "emotion",
    "emotion_confidence",
    "is_pain_point",
    "pain_type",
    "is_need",
    "theme",
    "theme_id",
)
"""Columns of the evidence table, in order."""

_STRING_COLUMNS = (
    "evidence_id",
    "source_type",
    "source",
    "interview_id",
    "respondent_id",
    "speaker",
    "role",
    "text",
    "language",
    "stage",
    "emotion",
    "pain_type",
    "theme",
)
_SCORER_KEYS = ("valence", "stage", "emotion", "pain", "themes")
_ROLES = ("interviewer", "participant")


# -- inputs -> units (one row per turn or answer) ----------------------------------------


def _units_from_strings(items: Sequence[Any]) -> pd.DataFrame:
    rows = []
    for i, item in enumerate(items):
        if item is None or (isinstance(item, float) and np.isnan(item)):
            continue
        if not isinstance(item, str):
            raise PersonakitError(
                f"analyze_text: item {i} of the list is {type(item).__name__} {item!r}; give "
                "strings (one text per item)."
            )
        rows.append(
            {
                "unit_id": f"text:{i + 1}",
                "source_type": "text",
                "source": "text",
                "line": i + 1,
                "text": item,
                "group": "text",
            }
        )
    return pd.DataFrame(rows)


def _units_from_series(series: pd.Series, variable: str | None = None) -> pd.DataFrame:
    name = variable if variable is not None else series.name
    var = str(name) if name is not None else "text"
    rows = []
    for pos, (rid, value) in enumerate(series.items()):
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
            continue
        if not isinstance(value, str):
            raise PersonakitError(
                f"analyze_text: open answer {var!r} for respondent {rid!r} is "
                f"{type(value).__name__} {value!r}; expected text. Pass only text variables."
            )
        if not value.strip():
            continue
        rid = str(rid)
        rows.append(
            {
                "unit_id": f"survey:{var}:{rid}",
                "source_type": "open_answer",
                "source": f"survey:{var}",
                "respondent_id": rid,
                "line": pos + 1,
                "text": value,
                "group": f"survey:{var}",
                "variable": var,
            }
        )
    return pd.DataFrame(rows)


def _units_from_wide(
    frame: pd.DataFrame,
    questions: Mapping[str, str] | None = None,
    stages: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    parts = []
    for column in frame.columns:
        part = _units_from_series(frame[column], variable=str(column))
        if len(part):
            if questions and questions.get(str(column)):
                part["context"] = questions[str(column)]
            if stages and isinstance(stages.get(str(column)), str):
                part["stage_hint"] = stages[str(column)]
            parts.append(part)
    if not parts:
        return pd.DataFrame()
    # respondent order first, then variable: keeps a respondent's answers together
    out = pd.concat(parts, ignore_index=True)
    return out


def _clean_str(value: Any) -> str | None:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    text = str(value).strip()
    return text or None


def _units_from_turns(turns: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    if "text" not in turns.columns:
        raise PersonakitError(
            "analyze_text: the table has no 'text' column. Pass the turns table from "
            "personakit.read_transcripts (columns interview_id, speaker, role, text, source, "
            "line), or a DataFrame of open answers indexed by respondent id."
        )
    n = len(turns)
    roles = turns["role"] if "role" in turns.columns else pd.Series(["participant"] * n)
    roles = [(_clean_str(r) or "participant").lower() for r in roles]
    bad = sorted({r for r in roles if r not in _ROLES})
    if bad:
        raise PersonakitError(
            f"analyze_text: column 'role' has value(s) {bad}; expected 'interviewer' or "
            "'participant'. Fix the roles (read_transcripts(..., participants=[...]) sets them)."
        )

    def col(name: str) -> list[Any]:
        return list(turns[name]) if name in turns.columns else [None] * n

    interview = [_clean_str(v) for v in col("interview_id")]
    sources = [_clean_str(v) for v in col("source")]
    speakers = [_clean_str(v) for v in col("speaker")]
    lines = col("line")
    formats = [(_clean_str(v) or "").lower() for v in col("format")]
    respondents = [_clean_str(v) for v in col("respondent_id")]
    personas = col("persona")
    texts = col("text")
    rows = []
    names: list[str] = [s for s in speakers if s]
    last_question: dict[str, str] = {}
    for i in range(n):
        key = interview[i] or sources[i] or "interview"
        text = texts[i]
        if text is None or text is pd.NA or (isinstance(text, float) and np.isnan(text)):
            continue
        if not isinstance(text, str):
            raise PersonakitError(
                f"analyze_text: row {i} of the turns table has {type(text).__name__} {text!r} in "
                "'text'; expected a string."
            )
        if roles[i] == "interviewer":
            last_question[key] = text
            continue
        line_value = lines[i]
        try:
            line = int(line_value) if line_value is not None and not pd.isna(line_value) else i + 1
        except (TypeError, ValueError):
            raise PersonakitError(
                f"analyze_text: row {i} has line {line_value!r}; expected a whole number."
            ) from None
        source = sources[i] or key
        source_type = "notes" if "note" in formats[i] else "interview"
        rows.append(
            {
                "unit_id": f"{source}:{line}",
                "source_type": source_type,
                "source": source,
                "interview_id": interview[i],
                "respondent_id": respondents[i],
                "persona": personas[i],
                "speaker": speakers[i],
                "role": roles[i],
                "line": line,
                "text": text,
                "group": key,
                "context": last_question.get(key),
            }
        )
    units = pd.DataFrame(rows)
    if len(units) and units["unit_id"].duplicated(keep=False).any():
        # one file holding several interviews (notes spreadsheets): name the interview
        dup = units["unit_id"].duplicated(keep=False)
        units.loc[dup, "unit_id"] = [
            f"{src}:{iid}:{line}" if iid else f"{src}:{line}"
            for src, iid, line in zip(
                units.loc[dup, "source"], units.loc[dup, "interview_id"], units.loc[dup, "line"]
            )
        ]
        again = units["unit_id"].duplicated(keep=False)
        if again.any():
            counts: dict[str, int] = {}
            new_ids = []
            for uid, is_dup in zip(units["unit_id"], again):
                if is_dup:
                    counts[uid] = counts.get(uid, 0) + 1
                    uid = f"{uid}.{counts[uid]}"
                new_ids.append(uid)
            units["unit_id"] = new_ids
    return units, names


def _units_from_long(long: pd.DataFrame, responses: pd.DataFrame, cb: pd.DataFrame) -> pd.DataFrame:
    """Units from ``Survey.open_answers()`` (respondent_id, variable, question, text)."""
    position = {str(r): i + 1 for i, r in enumerate(responses.index)}
    rows = []
    for rec in long.to_dict(orient="records"):
        var = str(rec["variable"])
        rid = str(rec["respondent_id"])
        text = rec["text"]
        if not isinstance(text, str) or not text.strip():
            continue
        stage_hint = cb.at[var, "stage"] if var in cb.index else None
        rows.append(
            {
                "unit_id": f"survey:{var}:{rid}",
                "source_type": "open_answer",
                "source": f"survey:{var}",
                "respondent_id": rid,
                "line": position.get(rid, 0),
                "text": text,
                "group": f"survey:{var}",
                "variable": var,
                "context": _clean_str(rec.get("question")),
                "stage_hint": stage_hint if isinstance(stage_hint, str) else None,
            }
        )
    return pd.DataFrame(rows)


def _survey_units(survey: Any, variables: Any, keep_pii: bool) -> pd.DataFrame:
    responses = getattr(survey, "responses", None)
    codebook = getattr(survey, "codebook", None)
    if not isinstance(responses, pd.DataFrame) or not isinstance(codebook, pd.DataFrame):
        raise PersonakitError(f"survey= must be a personakit.Survey, got {type(survey).__name__}.")
    cb = codebook.set_index("variable", drop=False)
    if hasattr(survey, "open_answers"):
        # the Survey also masks the names it knows (its PII name columns) unless keep_pii
        long = survey.open_answers(variables, masked=not keep_pii)
        return _units_from_long(long, responses, cb)
    text_vars = [v for v in cb.index if cb.at[v, "kind"] == "text"]
    if variables is None:
        chosen = [v for v in text_vars if not bool(cb.at[v, "pii"])]
        if not chosen:
            raise PersonakitError(
                "analyze_text: the survey has no open-ended (kind 'text') variables without "
                "personal data; pass variables=[...] naming the open questions to analyse."
            )
    else:
        chosen = [variables] if isinstance(variables, str) else list(variables)
        unknown = [v for v in chosen if v not in responses.columns]
        if unknown:
            raise PersonakitError(
                f"analyze_text: variable(s) {unknown} are not in the survey; its text variables "
                f"are {text_vars}."
            )
    questions = {
        v: str(cb.at[v, "question"])
        for v in chosen
        if v in cb.index and _clean_str(cb.at[v, "question"])
    }
    stage_map = {v: cb.at[v, "stage"] for v in chosen if v in cb.index}
    frame = responses[chosen]
    return _units_from_wide(frame, questions, stage_map)


def _to_units(
    data: Any, survey: Any, variables: Any, keep_pii: bool
) -> tuple[pd.DataFrame, list[str]]:
    if survey is not None:
        if data is not None:
            raise PersonakitError(
                "analyze_text: pass either texts/utterances or survey= (with variables=), not both."
            )
        # the survey's names come from respondent_names(survey) in analyze_text
        return _survey_units(survey, variables, keep_pii), []
    if data is None:
        raise PersonakitError(
            "analyze_text: nothing to analyse; pass a list of texts, a Series of open answers, "
            "the turns table from read_transcripts, or survey= with variables=."
        )
    if isinstance(data, str):
        return _units_from_strings([data]), []
    if isinstance(data, pd.Series):
        return _units_from_series(data), []
    if isinstance(data, pd.DataFrame):
        if "text" in data.columns or {"role", "speaker", "interview_id"} & set(data.columns):
            return _units_from_turns(data.reset_index(drop=True))
        if variables is not None:
            chosen = [variables] if isinstance(variables, str) else list(variables)
            missing = [v for v in chosen if v not in data.columns]
            if missing:
                raise PersonakitError(
                    f"analyze_text: column(s) {missing} are not in the table; it has "
                    f"{list(data.columns)}."
                )
            data = data[chosen]
        return _units_from_wide(data), []
    if isinstance(data, Iterable):
        return _units_from_strings(list(data)), []
    raise PersonakitError(
        f"analyze_text: cannot analyse {type(data).__name__}; pass a list of texts, a Series, "
        "a DataFrame or survey=."
    )


# -- personas -----------------------------------------------------------------------


def _persona_lookup(personas: Any) -> dict[str, Any] | None:
    if personas is None:
        return None
    labels = getattr(personas, "labels", None)
    if labels is None:
        labels = getattr(personas, "labels_", None)
    if isinstance(labels, pd.Series):
        personas = labels
    if isinstance(personas, pd.Series):
        return {str(k): v for k, v in personas.items()}
    if isinstance(personas, Mapping):
        return {str(k): v for k, v in personas.items()}
    raise PersonakitError(
        "personas= must be a Series or dict (respondent or interview id -> persona id), or a "
        f"PersonaSet; got {type(personas).__name__}."
    )


def _persona_ids(values: Sequence[Any]) -> pd.Series:
    out = []
    for v in values:
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            out.append(pd.NA)
            continue
        try:
            number = float(v)
        except (TypeError, ValueError):
            raise PersonakitError(
                f"analyze_text: persona {v!r} is not a persona id; personas are numbered 1..k "
                "(PersonaSegmenter labels). Map names to ids first."
            ) from None
        if not number.is_integer():
            raise PersonakitError(f"analyze_text: persona {v!r} is not a whole number.")
        out.append(int(number))
    return pd.Series(out, dtype="Int64")


# -- scorers ------------------------------------------------------------------------


def _is_sklearn_classifier(obj: Any) -> bool:
    return hasattr(obj, "predict_proba") and hasattr(obj, "classes_")


def _labels_from(obj: Any, texts: list[str], what: str) -> tuple[list[Any], np.ndarray]:
    if _is_sklearn_classifier(obj):
        proba = np.asarray(obj.predict_proba(texts), dtype=float)
        classes = np.asarray(obj.classes_, dtype=object)
        best = proba.argmax(axis=1)
        return list(classes[best]), proba[np.arange(len(texts)), best]
    if hasattr(obj, "predict"):
        labels = list(obj.predict(texts))
    elif callable(obj):
        labels = list(obj(texts))
    else:
        raise PersonakitError(
            f"scorers[{what!r}] must be a personakit scorer, a scikit-learn classifier with "
            f"predict_proba, an object with predict(texts), or a callable; got "
            f"{type(obj).__name__}."
        )
    if len(labels) != len(texts):
        raise PersonakitError(
            f"scorers[{what!r}] returned {len(labels)} labels for {len(texts)} sentences."
        )
    return labels, np.full(len(texts), np.nan)


def _check_labels(
    labels: list[Any], allowed: Sequence[str], what: str, missing_ok: bool
) -> list[Any]:
    out = []
    for label in labels:
        if (
            label is None
            or label is pd.NA
            or (isinstance(label, float) and np.isnan(label))
            or (isinstance(label, str) and label.strip().lower() in {"", "none", "na"})
        ):
            if not missing_ok:
                raise PersonakitError(
                    f"scorers[{what!r}] returned a missing label; it must return one of "
                    f"{list(allowed)} for every sentence."
                )
            out.append(pd.NA)
            continue
        if str(label) not in allowed:
            raise PersonakitError(
                f"scorers[{what!r}] returned {label!r}, which is not one of {list(allowed)}."
            )
        out.append(str(label))
    return out


def _score_valence(obj: Any, texts: list[str]) -> np.ndarray:
    if hasattr(obj, "score"):
        values = obj.score(texts)
    elif hasattr(obj, "polarity_scores"):
        values = [obj.polarity_scores(t)["compound"] for t in texts]
    elif callable(obj):
        values = obj(texts)
    else:
        raise PersonakitError(
            "scorers['valence'] must have a score(texts) method, a VADER-style "
            f"polarity_scores(text), or be a callable; got {type(obj).__name__}."
        )
    values = np.asarray(values, dtype=float)
    if values.shape != (len(texts),):
        raise PersonakitError(
            f"scorers['valence'] returned shape {values.shape} for {len(texts)} sentences."
        )
    if np.nanmax(np.abs(values), initial=0.0) > 1.0 + 1e-9:
        raise PersonakitError("scorers['valence'] returned values outside [-1, 1].")
    return values


# -- the public function ------------------------------------------------------------


def analyze_text(
    texts_or_utterances: Any = None,
    *,
    stages: Any = None,
    survey: Any = None,
    variables: str | Sequence[str] | None = None,
    personas: Any = None,
    embedder: Any = None,
    scorers: Mapping[str, Any] | None = None,
    themes: bool = True,
    use_context: bool = True,
    keep_pii: bool = False,
    pii_names: Iterable[str] | None = None,
    random_state: int = 0,
) -> pd.DataFrame:
    """Turn interview turns and open answers into evidence: one row per sentence.

    Every row is a sentence of participant speech or of an open answer (turns and
    answers are split with :func:`personakit.text.split_sentences`; fillers such
    as "Yeah." are merged into the next sentence). Interviewer turns are not
    evidence, but the question just asked is context for the stage of the
    answer. Text that is not English is kept, marked ``analysed=False``, counted
    in ``df.attrs["not_analysed"]`` and reported with a
    :class:`personakit.PersonakitWarning`; it is never scored as neutral.

    Parameters
    ----------
    texts_or_utterances : list of str, Series, DataFrame or str
        - a list of texts (``source_type`` ``"text"``, ``line`` = position + 1);
        - a Series of open answers indexed by respondent id, named after the
          question variable (``source_type`` ``"open_answer"``);
        - a DataFrame of open answers, one column per question, indexed by
          respondent id (``variables=`` picks columns);
        - the turns table of :func:`personakit.read_transcripts` (has a ``text``
          column; ``role``, ``speaker``, ``interview_id``, ``source``, ``line``,
          ``respondent_id``, ``persona`` used when present; ``format`` containing
          "notes" gives ``source_type`` ``"notes"``).
    stages : str or sequence of Stage, optional
        The journey's stages (see :func:`personakit.stages.resolve_stages`): a
        built-in set name (``"b2c"``, ``"funnel"``, ``"b2b_buying"``,
        ``"student"``) or a list of stages. ``None`` (default) means
        :data:`personakit.DEFAULT_STAGES` (awareness, consideration, decision,
        retention, advocacy). Custom stages with descriptions and example
        phrases work with no training.
    survey : Survey, optional
        Analyse the survey's open-ended variables instead (``variables=`` names
        them; default all ``text`` variables without personal data), read with
        ``survey.open_answers()``. The question text is context for the stage,
        and a codebook ``stage`` is a hint; ``line`` is the respondent's row.
    variables : str or list of str, optional
        Open-ended variables to analyse (with ``survey=`` or a wide DataFrame).
    personas : Series, dict or PersonaSet, optional
        Maps respondent ids (or interview ids) to persona ids; fills ``persona``.
    embedder : None, "minilm", object, callable or mapping, optional
        Sentence embeddings to add similarity to stage and emotion prototypes and
        to cluster themes: ``"minilm"`` (needs ``personakit[embeddings]``), any
        object with ``embed(texts)``, a callable, or a mapping ``{sentence:
        vector}`` of precomputed embeddings (used for themes only, since it
        cannot embed the stage and emotion prototypes; wrap it in
        :class:`PrecomputedEmbedder` with a ``fallback`` to use both). ``None``
        (default): rules only.
    scorers : dict, optional
        Replace any of the scorers: ``"valence"`` (:class:`ValenceScorer`, a VADER
        ``SentimentIntensityAnalyzer``, or ``f(texts) -> values in [-1, 1]``),
        ``"stage"`` (:class:`StageScorer`, a scikit-learn classifier trained on
        raw text with ``predict_proba``, an object with ``predict(texts)``, or a
        callable returning stage names or None), ``"emotion"``
        (:class:`EmotionScorer` or the same kinds returning emotion names),
        ``"pain"`` (:class:`PainPointScorer`, or a callable/classifier returning
        a pain type or None per sentence), ``"themes"`` (:class:`ThemeFinder`).
    themes : bool, default True
        Group pain points and needs into themes.
    use_context : bool, default True
        Use the interviewer's preceding question (and survey question text) as
        stage context.
    keep_pii : bool, default False
        Keep quotes and speaker names as they are. By default quotes pass through
        :func:`personakit.mask_pii` (speaker names, ``pii_names`` and the
        survey's name columns are masked too, with their parts; in a speaker's
        or respondent's own text their own names are masked even where they
        are everyday words, such as "Price" starting a sentence) and speakers
        become ``"Participant 1"``, ``"Participant 2"`` ... per interview.
    pii_names : iterable of str, optional
        More names to mask in quotes.
    random_state : int, default 0
        Seed of the theme clustering.

    Returns
    -------
    pandas.DataFrame
        One row per sentence, columns :data:`EVIDENCE_COLUMNS`:

        - ``evidence_id`` (str): ``<source>:<line>:<sentence>`` for interviews,
          ``survey:<variable>:<respondent>:<sentence>``, ``text:<item>:<sentence>``;
        - ``source_type`` (``interview``, ``open_answer``, ``notes``, ``text``),
          ``source`` (file name or ``survey:<variable>``), ``interview_id``,
          ``respondent_id``, ``persona`` (Int64), ``speaker``, ``role``;
        - ``line`` (Int64): line/row of the turn or answer; ``sentence`` (Int64):
          1-based position of the sentence in it;
        - ``text``: the sentence, PII-masked unless ``keep_pii=True``;
        - ``language`` (ISO code or ``und``) and ``analysed`` (bool);
        - ``stage`` (str, NA when nothing indicates one) and ``stage_confidence``
          (0-1; NaN for a classifier without probabilities);
        - ``valence`` (-1..1; NaN when not analysed);
        - ``emotion`` (one of :data:`personakit.text.EMOTIONS`) and
          ``emotion_confidence``;
        - ``is_pain_point`` (bool), ``pain_type`` (cost, time, usability,
          information, trust, support, missed_opportunity, or NA), ``is_need``
          (bool);
        - ``theme`` (str) and ``theme_id`` (Int64) for pain points and needs.

        ``df.attrs`` holds ``not_analysed`` (count of non-English sentences),
        ``languages`` (counts per language), ``stages`` (stage names),
        ``scorers`` (what scored each column) and ``themes`` (one dict per
        theme: ``theme_id, theme, terms, size, pain_type, example``).

    Raises
    ------
    PersonakitError
        For input it cannot read (no text column, unknown roles, non-text
        answers, unknown variables, scorer output outside the label sets).

    Examples
    --------
    >>> import personakit
    >>> ev = personakit.analyze_text([
    ...     "I first heard about it on a podcast. Checkout took forever!",
    ...     "Email me at jo@example.com if you need more.",
    ... ])
    >>> ev[["evidence_id", "stage", "emotion", "is_pain_point", "pain_type"]].values.tolist()
    [['text:1:1', 'awareness', 'neutral', False, <NA>], ['text:1:2', 'decision', 'frustration', True, 'time'], ['text:2:1', <NA>, 'neutral', False, <NA>]]
    >>> ev.loc[2, "text"]
    'Email me at [EMAIL] if you need more.'
    """
    if not isinstance(random_state, int | np.integer) or isinstance(random_state, bool):
        raise PersonakitError(f"random_state must be an integer, got {random_state!r}.")
    stage_set = resolve_stages(stages)
    scorers = dict(scorers or {})
    unknown = sorted(set(scorers) - set(_SCORER_KEYS))
    if unknown:
        raise PersonakitError(f"scorers has unknown key(s) {unknown}; use {list(_SCORER_KEYS)}.")
    units, names = _to_units(texts_or_utterances, survey, variables, keep_pii)
    lookup = _persona_lookup(personas)

    # sentences ---------------------------------------------------------------------
    records: list[dict[str, Any]] = []
    for unit in units.to_dict(orient="records") if len(units) else []:
        for k, sentence in enumerate(split_sentences(unit["text"]), start=1):
            row = dict(unit)
            row["sentence"] = k
            row["sentence_text"] = sentence
            records.append(row)
    table = pd.DataFrame(records)
    n = len(table)
    if n == 0:
        return _empty(stage_set)

    # language: per turn/answer, undetermined ones follow their source --------------
    unit_language = {u: detect_language(t) for u, t in zip(units["unit_id"], units["text"])}
    group_language: dict[str, str] = {}
    for group, sub in units.groupby("group", sort=True):
        langs = [unit_language[u] for u in sub["unit_id"] if unit_language[u] != UNDETERMINED]
        group_language[str(group)] = Counter(langs).most_common(1)[0][0] if langs else "en"
    language = []
    for u, g in zip(table["unit_id"], table["group"]):
        lang = unit_language[u]
        language.append(group_language[str(g)] if lang == UNDETERMINED else lang)
    table["language"] = language
    analysed = table["language"].to_numpy() == "en"
    sentences = table["sentence_text"].tolist()
    todo = [s for s, a in zip(sentences, analysed) if a]
    idx = np.flatnonzero(analysed)

    # embeddings ----------------------------------------------------------------------
    resolved = resolve_embedder(embedder)
    vectors = embed_texts(resolved, todo) if resolved is not None and todo else None
    # precomputed vectors cannot embed the stage and emotion prototypes: themes only
    prototype_vectors = vectors
    if isinstance(resolved, PrecomputedEmbedder) and resolved.fallback is None:
        prototype_vectors = None

    # valence -----------------------------------------------------------------------
    valence_scorer = scorers.get("valence", ValenceScorer())
    valence = np.full(n, np.nan)
    if todo:
        valence[idx] = _score_valence(valence_scorer, todo)

    # stage ---------------------------------------------------------------------------
    stage_names = [s.name for s in stage_set]
    stage = pd.Series([pd.NA] * n, dtype="string")
    stage_conf = np.zeros(n)
    stage_scorer = scorers.get("stage", StageScorer())
    if todo:
        context = None
        if use_context and "context" in table.columns:
            context = [c if isinstance(c, str) else None for c in table["context"].iloc[idx]]
        hints = None
        if "stage_hint" in table.columns:
            hints = [h if isinstance(h, str) else None for h in table["stage_hint"].iloc[idx]]
        if isinstance(stage_scorer, StageScorer):
            stage_scorer.fit(stage_set)
            pred = stage_scorer.predict(
                todo,
                context=context,
                hints=hints,
                embeddings=prototype_vectors,
                embedder=resolved,
                valence=valence[idx],
            )
            labels, conf = list(pred["stage"]), pred["stage_confidence"].to_numpy()
        else:
            labels, conf = _labels_from(stage_scorer, todo, "stage")
        stage.iloc[idx] = _check_labels(labels, stage_names, "stage", missing_ok=True)
        stage_conf[idx] = conf

    # emotion -------------------------------------------------------------------------
    emotion = pd.Series([pd.NA] * n, dtype="string")
    emotion_conf = np.full(n, np.nan)
    emotion_scorer = scorers.get("emotion", EmotionScorer())
    if todo:
        if isinstance(emotion_scorer, EmotionScorer):
            pred = emotion_scorer.predict(
                todo,
                valence=valence[idx],
                stages=list(stage.iloc[idx]),
                embeddings=prototype_vectors,
                embedder=resolved,
            )
            labels, conf = list(pred["emotion"]), pred["emotion_confidence"].to_numpy()
        else:
            labels, conf = _labels_from(emotion_scorer, todo, "emotion")
        emotion.iloc[idx] = _check_labels(labels, EMOTIONS, "emotion", missing_ok=False)
        emotion_conf[idx] = conf

    # pain points -----------------------------------------------------------------------
    is_pain = np.zeros(n, dtype=bool)
    is_need = np.zeros(n, dtype=bool)
    pain_type = pd.Series([pd.NA] * n, dtype="string")
    pain_scorer = scorers.get("pain", PainPointScorer())
    if todo:
        if isinstance(pain_scorer, PainPointScorer):
            pred = pain_scorer.predict(
                todo,
                valence=valence[idx],
                emotions=list(emotion.iloc[idx]),
                units=list(table["unit_id"].iloc[idx]),
            )
            types = list(pred["pain_type"])
            is_need[idx] = pred["is_need"].to_numpy()
        else:
            types, _ = _labels_from(pain_scorer, todo, "pain")
        types = _check_labels(types, PAIN_TYPES, "pain", missing_ok=True)
        pain_type.iloc[idx] = types
        is_pain[idx] = [t is not pd.NA for t in types]

    # provenance, masking --------------------------------------------------------------
    text_out = table["sentence_text"]
    if not keep_pii:
        text_out = _mask_text(text_out, table, survey, names, pii_names)
    out = pd.DataFrame(
        {
            "evidence_id": [f"{u}:{k}" for u, k in zip(table["unit_id"], table["sentence"])],
            "source_type": table["source_type"],
            "source": table["source"],
            "interview_id": _col(table, "interview_id"),
            "respondent_id": _col(table, "respondent_id"),
            "persona": _persona_column(table, lookup),
            "speaker": _speakers(table, keep_pii),
            "role": _col(table, "role"),
            "line": pd.array(table["line"].astype(int), dtype="Int64"),
            "sentence": pd.array(table["sentence"].astype(int), dtype="Int64"),
            "text": text_out,
            "language": table["language"],
            "analysed": analysed,
            "stage": stage,
            "stage_confidence": stage_conf,
            "valence": np.round(valence, 4),
            "emotion": emotion,
            "emotion_confidence": emotion_conf,
            "is_pain_point": is_pain,
            "pain_type": pain_type,
            "is_need": is_need,
            "theme": pd.Series([pd.NA] * n, dtype="string"),
            "theme_id": pd.Series([pd.NA] * n, dtype="Int64"),
        }
    )
    for column in _STRING_COLUMNS:
        out[column] = out[column].astype("string")
    theme_rows: list[dict[str, Any]] = []
    if themes:
        # themes are found on the masked quotes, so labels never carry personal data
        finder = scorers.get("themes", ThemeFinder(random_state=int(random_state)))
        theme_vectors = None
        chosen = _themed_rows(out)
        if vectors is not None and len(chosen):
            position = {j: i for i, j in enumerate(idx)}
            theme_vectors = vectors[[position[j] for j in chosen]]
        out = _apply_themes(out, finder, theme_vectors)
        theme_rows = out.attrs["themes"]
    not_analysed = int((~analysed).sum())
    languages = dict(sorted(Counter(table["language"]).items()))
    if not_analysed:
        others = {k: v for k, v in languages.items() if k != "en"}
        warnings.warn(
            f"analyze_text: {not_analysed} of {n} sentences are not in English "
            f"(languages {others}) and were not analysed: they have analysed=False and no "
            "stage, valence, emotion or pain point. Translate them to English first to include "
            "them.",
            PersonakitWarning,
            stacklevel=2,
        )
    out.attrs = {
        "not_analysed": not_analysed,
        "languages": languages,
        "stages": stage_names,
        "scorers": {
            "valence": type(valence_scorer).__name__,
            "stage": type(stage_scorer).__name__,
            "emotion": type(emotion_scorer).__name__,
            "pain": type(pain_scorer).__name__,
            "embedder": None if resolved is None else type(resolved).__name__,
        },
        "themes": theme_rows,
    }
    return out


def _col(table: pd.DataFrame, name: str) -> pd.Series:
    if name not in table.columns:
        return pd.Series([pd.NA] * len(table), dtype="string")
    return table[name].map(_clean_str).astype("string")


def _persona_column(table: pd.DataFrame, lookup: dict[str, Any] | None) -> pd.Series:
    values: list[Any] = (
        list(table["persona"]) if "persona" in table.columns else [None] * len(table)
    )
    if lookup is not None:
        for i in range(len(table)):
            for key in ("respondent_id", "interview_id"):
                if key in table.columns:
                    k = _clean_str(table[key].iloc[i])
                    if k is not None and k in lookup:
                        values[i] = lookup[k]
                        break
    return _persona_ids(values)


def _speakers(table: pd.DataFrame, keep_pii: bool) -> pd.Series:
    if "speaker" not in table.columns:
        return pd.Series([pd.NA] * len(table), dtype="string")
    if keep_pii:
        return _col(table, "speaker")
    out: list[Any] = []
    numbering: dict[tuple[str, str], dict[str, int]] = {}
    for speaker, role, group in zip(
        table["speaker"], table.get("role", [None] * len(table)), table["group"]
    ):
        name = _clean_str(speaker)
        if name is None:
            out.append(pd.NA)
            continue
        role_name = (_clean_str(role) or "participant").capitalize()
        seen = numbering.setdefault((str(group), role_name), {})
        if name not in seen:
            seen[name] = len(seen) + 1
        out.append(f"{role_name} {seen[name]}")
    return pd.Series(out, dtype="string")


def _mask_text(
    text: pd.Series, table: pd.DataFrame, survey: Any, speakers: list[str], pii_names: Any
) -> pd.Series:
    """Mask personal data in the sentences: everyone's names everywhere, and each writer's
    own names (respondent's name columns, the turn's speaker) in their own sentences."""
    own = respondent_names(survey) if survey is not None else {}
    names = [*speakers, *(str(x) for x in (pii_names or [])), *chain.from_iterable(own.values())]
    writers: dict[Any, list[str]] = {}
    for key, respondent, speaker in zip(
        table.index, _col(table, "respondent_id"), _col(table, "speaker"), strict=True
    ):
        mine = [*own.get(str(respondent), ())] if respondent is not pd.NA else []
        if speaker is not pd.NA:
            mine.append(str(speaker))
        if mine:
            writers[key] = mine
    return mask_pii(text, names=name_variants(names), own_names=writers or None)


def _empty(stage_set: Sequence[Any]) -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype="string") for c in EVIDENCE_COLUMNS})
    for c in ("persona", "line", "sentence", "theme_id"):
        out[c] = pd.Series(dtype="Int64")
    for c in ("stage_confidence", "valence", "emotion_confidence"):
        out[c] = pd.Series(dtype=float)
    for c in ("analysed", "is_pain_point", "is_need"):
        out[c] = pd.Series(dtype=bool)
    out.attrs = {
        "not_analysed": 0,
        "languages": {},
        "stages": [s.name for s in stage_set],
        "scorers": {},
        "themes": [],
    }
    return out

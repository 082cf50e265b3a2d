"""Checking the evidence table and attributing each row to a persona and a stage.

The evidence table is the output of :func:`personakit.analyze_text` (see
``docs/design.md``, contract 4): one row per sentence with ``stage``,
``valence``, ``emotion``, ``is_pain_point``, ``pain_type``, ``theme``,
``text`` and where it came from. This module turns it into the clean frame
the map builder works on, and raises a :class:`personakit.JourneyError` for
anything that would otherwise give a silently wrong map.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import JourneyError, PersonakitWarning
from personakit.journey._model import Journey, persona_key, persona_sort_key

__all__ = ["PersonaInfo", "prepare_evidence", "resolve_personas"]

REQUIRED_COLUMNS = ("text", "stage", "valence", "emotion")


@dataclass
class PersonaInfo:
    """What the map needs to know about the personas: ids, names, sizes and members."""

    ids: list[Any]
    names: dict[str, str]
    sizes: dict[str, float | None] = field(default_factory=dict)
    shares: dict[str, float | None] = field(default_factory=dict)
    labels: pd.Series | None = None  # respondent_id -> persona key (str)

    def key_of(self) -> dict[str, Any]:
        return {persona_key(i): i for i in self.ids}

    def name_lookup(self) -> dict[str, str]:
        """Lower-cased persona name -> persona key."""
        out: dict[str, str] = {}
        for key, name in self.names.items():
            out.setdefault(str(name).strip().lower(), key)
        return out


def _labels_series(labels: Any) -> pd.Series | None:
    if labels is None:
        return None
    series = pd.Series(labels)
    series = series[series.notna()]
    series.index = series.index.astype(str)
    return series.map(persona_key)


def resolve_personas(personas: Any, evidence: pd.DataFrame | None = None) -> PersonaInfo:
    """Normalise the ``personas`` argument of :meth:`JourneyMap.build`.

    Accepts a :class:`personakit.PersonaSet` (duck-typed: ``personas`` and
    ``labels``), a Series of labels (respondent id -> persona id), a dict
    ``{id: name}``, a list of ids or names, or ``None`` (ids taken from the
    evidence's ``persona`` column).
    """
    if personas is None:
        if evidence is None or "persona" not in evidence.columns:
            raise JourneyError(
                "personas: none given and the evidence has no 'persona' column. Pass a "
                "PersonaSet (its labels attribute evidence by respondent_id), a list of persona "
                "ids, or add a persona column to the evidence."
            )
        values = evidence["persona"].dropna().tolist()
        keys = sorted({persona_key(v) for v in values}, key=persona_sort_key)
        if not keys:
            raise JourneyError(
                "personas: none given and the evidence's 'persona' column is empty; pass the "
                "personas explicitly."
            )
        ids = [_as_id(k) for k in keys]
        return PersonaInfo(ids=ids, names={persona_key(i): f"Persona {i}" for i in ids})
    if hasattr(personas, "personas") and hasattr(personas, "labels"):
        ids, names, sizes, shares = [], {}, {}, {}
        for persona in personas.personas:
            pid = getattr(persona, "id", None)
            if pid is None:
                raise JourneyError("personas: every Persona must have an 'id'.")
            key = persona_key(pid)
            ids.append(pid)
            names[key] = str(getattr(persona, "name", "") or f"Persona {pid}")
            sizes[key] = _float_or_none(getattr(persona, "size", None))
            shares[key] = _float_or_none(getattr(persona, "share", None))
        if not ids:
            raise JourneyError("personas: the PersonaSet holds no personas.")
        return PersonaInfo(ids, names, sizes, shares, _labels_series(personas.labels))
    if isinstance(personas, pd.Series):
        labels = _labels_series(personas)
        keys = sorted(set(labels), key=persona_sort_key)
        if not keys:
            raise JourneyError("personas: the labels Series is empty.")
        counts = labels.value_counts()
        ids = [_as_id(k) for k in keys]
        return PersonaInfo(
            ids,
            {k: f"Persona {k}" for k in keys},
            {k: float(counts[k]) for k in keys},
            {k: float(counts[k] / counts.sum()) for k in keys},
            labels,
        )
    if isinstance(personas, Mapping):
        if not personas:
            raise JourneyError("personas: the dict of persona ids -> names is empty.")
        ids = list(personas.keys())
        names = {persona_key(k): str(v) for k, v in personas.items()}
        _check_unique(ids)
        return PersonaInfo(ids, names)
    if isinstance(personas, Sequence) and not isinstance(personas, str):
        ids = list(personas)
        if not ids:
            raise JourneyError("personas: the list of persona ids is empty.")
        _check_unique(ids)
        names = {persona_key(i): (str(i) if isinstance(i, str) else f"Persona {i}") for i in ids}
        return PersonaInfo(ids, names)
    raise JourneyError(
        "personas: give a PersonaSet, a Series of labels (respondent_id -> persona), a dict "
        f"{{id: name}} or a list of persona ids; got {type(personas).__name__}."
    )


def _check_unique(ids: list[Any]) -> None:
    keys = [persona_key(i) for i in ids]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise JourneyError(f"personas: persona ids must be unique; repeated: {dupes}.")


def _float_or_none(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if np.isfinite(out) else None


def _as_id(key: str) -> Any:
    try:
        return int(key)
    except ValueError:
        return key


def _bool_column(values: pd.Series, column: str, na: Any = False) -> pd.Series:
    if values.dtype == bool:
        return values
    mapping = {
        "true": True,
        "false": False,
        "1": True,
        "0": False,
        "yes": True,
        "no": False,
        "1.0": True,
        "0.0": False,
    }
    out = []
    for i, v in values.items():
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            out.append(na[i] if isinstance(na, pd.Series) else na)
        elif (
            isinstance(v, bool | np.bool_)
            or isinstance(v, int | float | np.integer | np.floating)
            and v in (0, 1)
        ):
            out.append(bool(v))
        elif isinstance(v, str) and v.strip().lower() in mapping:
            out.append(mapping[v.strip().lower()])
        else:
            raise JourneyError(
                f"evidence column {column!r}, row {i!r}: {v!r} is not true/false. The column "
                "must hold booleans (True when the sentence is a pain point)."
            )
    return pd.Series(out, index=values.index, dtype=bool)


def _text_or_na(values: pd.Series) -> pd.Series:
    return values.map(
        lambda v: (
            pd.NA
            if v is None or (not isinstance(v, str) and pd.isna(v)) or str(v).strip() == ""
            else str(v).strip()
        )
    ).astype(object)


def prepare_evidence(
    evidence: Any,
    journey: Journey,
    info: PersonaInfo,
    *,
    stage_map: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Validate ``evidence`` and return the rows usable for the map, plus a summary.

    The returned frame has columns ``evidence_id, persona_key, stage, text,
    valence, emotion, emotion_confidence, is_pain_point, pain_type, theme,
    source, line, source_type, interview_id, respondent_id, speaker, cluster``
    and only rows that are analysed, attributed to a persona and staged.
    """
    if not isinstance(evidence, pd.DataFrame):
        raise JourneyError(
            "evidence must be a pandas DataFrame as personakit.analyze_text returns (one row per "
            f"sentence), got {type(evidence).__name__}."
        )
    if len(evidence) == 0:
        raise JourneyError(
            "evidence: the table is empty (0 rows), so there is nothing to build a journey map "
            "from. Run personakit.analyze_text on interview transcripts or open answers first, "
            "and check that it found participant speech."
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in evidence.columns]
    if missing:
        raise JourneyError(
            f"evidence: required column(s) {missing} are missing; the table has "
            f"{list(evidence.columns)[:20]}. Pass the table personakit.analyze_text returns "
            "(columns text, stage, valence, emotion, is_pain_point, theme, ...)."
        )
    ev = evidence.copy()
    ev.index = pd.RangeIndex(len(ev))
    summary: dict[str, Any] = {"rows": int(len(ev))}

    # stable ids for traceability
    if "evidence_id" in ev.columns:
        ids = ev["evidence_id"].map(lambda v: None if _isna(v) else str(v)).astype(object)
    else:
        ids = pd.Series([None] * len(ev), dtype=object)
    for i in np.flatnonzero(ids.isna().to_numpy()):
        source = ev["source"].iloc[i] if "source" in ev.columns else None
        line = ev["line"].iloc[i] if "line" in ev.columns else None
        if not _isna(source) and not _isna(line):
            ids.iloc[i] = f"{source}:{int(line)}:row{i}"
        else:
            ids.iloc[i] = f"row:{i}"
    ev["evidence_id"] = ids.astype(object)

    # analysed rows only (non-English rows are reported, never scored)
    if "analysed" in ev.columns:
        # a missing flag (e.g. rows concatenated from elsewhere) counts as analysed when
        # the row has a valence
        scored = pd.to_numeric(ev["valence"], errors="coerce").notna()
        analysed = _bool_column(ev["analysed"], "analysed", na=scored)
        summary["not_analysed"] = int((~analysed).sum())
        ev = ev[analysed.to_numpy()]
    else:
        summary["not_analysed"] = 0

    # persona attribution
    known = info.key_of()
    names = info.name_lookup()
    if "persona" in ev.columns:
        persona = ev["persona"].map(lambda v: pd.NA if _isna(v) else persona_key(v)).astype(object)
    else:
        persona = pd.Series([pd.NA] * len(ev), index=ev.index, dtype=object)
    summary["attributed_by_labels"] = 0
    summary["label_conflicts"] = 0
    if info.labels is not None and "respondent_id" in ev.columns:
        rid = ev["respondent_id"].map(lambda v: pd.NA if _isna(v) else str(v))
        from_labels = rid.map(lambda r: info.labels.get(r, pd.NA) if not _isna(r) else pd.NA)
        conflict = persona.notna() & from_labels.notna() & (persona != from_labels)
        if conflict.any():
            i = conflict.idxmax()
            where = ev.at[i, "interview_id"] if "interview_id" in ev.columns else None
            where = where if not _isna(where) else ev.at[i, "respondent_id"]
            summary["label_conflicts"] = int(conflict.sum())
            warnings.warn(
                f"{int(conflict.sum())} evidence row(s) have a persona that disagrees with the "
                f"personas' labels for their respondent_id (e.g. {where}: persona "
                f"{persona[i]} in the evidence, {from_labels[i]} in the labels). The evidence's "
                "persona column is used; if it comes from another numbering (e.g. an interview "
                "mapping), drop it (evidence.drop(columns='persona')) to attribute by labels.",
                PersonakitWarning,
                stacklevel=4,
            )
        fill = persona.isna() & from_labels.notna()
        summary["attributed_by_labels"] = int(fill.sum())
        persona = persona.where(~fill, from_labels)
    if "persona" not in ev.columns and summary["attributed_by_labels"] == 0:
        raise JourneyError(
            "evidence has no 'persona' column and no row could be attributed through the "
            "personas' labels (respondent_id -> persona). Add a persona column (e.g. pass an "
            "interview -> persona mapping to read_transcripts), or pass a PersonaSet whose "
            "labels cover the evidence's respondent_id values."
        )
    resolved = []
    unknown: dict[str, int] = {}
    for value in persona:
        if _isna(value):
            resolved.append(pd.NA)
        elif value in known:
            resolved.append(value)
        elif str(value).strip().lower() in names:
            resolved.append(names[str(value).strip().lower()])
        else:
            unknown[str(value)] = unknown.get(str(value), 0) + 1
            resolved.append(pd.NA)
    if unknown:
        listed = ", ".join(f"{k!r} ({n} rows)" for k, n in sorted(unknown.items())[:10])
        raise JourneyError(
            f"evidence column 'persona': persona id(s) {listed} do not exist; the personas are "
            f"{[persona_key(i) for i in info.ids]} ({', '.join(info.names.values())}). Fix the "
            "persona mapping of the interviews/respondents, or pass the matching personas."
        )
    ev["persona_key"] = pd.Series(resolved, index=ev.index, dtype=object)
    unattributed = ev["persona_key"].isna()
    summary["unattributed"] = int(unattributed.sum())
    ev = ev[~unattributed.to_numpy()]
    if len(ev) == 0:
        raise JourneyError(
            f"evidence: none of the {summary['rows']} rows could be attributed to a persona "
            "(persona column empty and no respondent_id in the personas' labels). Pass a "
            "PersonaSet whose labels cover the respondents, or fill the persona column."
        )

    # stages
    stage_map = dict(stage_map or {})
    raw_stage = ev["stage"].map(lambda v: pd.NA if _isna(v) or str(v).strip() == "" else str(v))
    staged = raw_stage.notna()
    unstaged = ev.loc[~staged.to_numpy(), "persona_key"].value_counts()
    summary["unstaged"] = {
        k: int(v) for k, v in sorted(unstaged.items(), key=lambda kv: persona_sort_key(kv[0]))
    }
    ev = ev[staged.to_numpy()]
    raw_stage = raw_stage[staged]
    resolved_stage = []
    bad: dict[str, int] = {}
    split_error: str | None = None
    cache: dict[str, str | None] = {}
    for value in raw_stage:
        if value not in cache:
            target = stage_map.get(value, value)
            try:
                cache[value] = journey.resolve_stage(target, where="evidence column 'stage'")
            except JourneyError as exc:
                cache[value] = None
                if value in journey.split_from and split_error is None:
                    split_error = str(exc)
        if cache[value] is None:
            bad[value] = bad.get(value, 0) + 1
        resolved_stage.append(cache[value])
    if split_error is not None:
        raise JourneyError(split_error)
    if bad:
        listed = ", ".join(f"{k!r} ({n} rows)" for k, n in sorted(bad.items())[:10])
        raise JourneyError(
            f"evidence column 'stage': stage name(s) {listed} are not stages of the journey "
            f"{journey.name!r} ({journey.stage_names}). Tag the evidence with this journey's "
            "stages (analyze_text(..., stages=journey.stages)), rename or merge the journey's "
            "stages, or map the names with JourneyMap.build(..., stage_map={'old': 'new'})."
        )
    ev["stage"] = pd.Series(resolved_stage, index=ev.index, dtype=object)

    # numbers and labels
    valence = pd.to_numeric(ev["valence"], errors="coerce")
    bad_valence = valence.isna() & ev["valence"].map(lambda v: not _isna(v))
    if bad_valence.any():
        i = bad_valence.idxmax()
        raise JourneyError(
            f"evidence column 'valence', row {i} ({ev.at[i, 'evidence_id']}): "
            f"{ev.at[i, 'valence']!r} is not a number. Valence must be a number in [-1, 1]."
        )
    out_of_range = (valence < -1 - 1e-9) | (valence > 1 + 1e-9)
    if out_of_range.any():
        i = out_of_range.idxmax()
        raise JourneyError(
            f"evidence column 'valence', row {i} ({ev.at[i, 'evidence_id']}): {valence[i]!r} is "
            "outside [-1, 1]. Rescale valence to -1 (very negative) .. 1 (very positive)."
        )
    ev["valence"] = valence.astype(float)
    ev["emotion"] = _text_or_na(ev["emotion"]).map(lambda v: v.lower() if isinstance(v, str) else v)
    if "emotion_confidence" in ev.columns:
        ev["emotion_confidence"] = pd.to_numeric(ev["emotion_confidence"], errors="coerce")
    else:
        ev["emotion_confidence"] = np.nan
    ev["is_pain_point"] = (
        _bool_column(ev["is_pain_point"], "is_pain_point")
        if "is_pain_point" in ev.columns
        else False
    )
    ev["is_need"] = _bool_column(ev["is_need"], "is_need") if "is_need" in ev.columns else False
    for column in ("pain_type", "theme", "source", "source_type", "interview_id", "speaker"):
        ev[column] = _text_or_na(ev[column]) if column in ev.columns else pd.NA
    ev["respondent_id"] = (
        ev["respondent_id"].map(lambda v: pd.NA if _isna(v) else str(v)).astype(object)
        if "respondent_id" in ev.columns
        else pd.NA
    )
    ev["line"] = (
        pd.to_numeric(ev["line"], errors="coerce").astype("Int64")
        if "line" in ev.columns
        else pd.array([pd.NA] * len(ev), dtype="Int64")
    )
    ev["text"] = ev["text"].map(lambda v: "" if _isna(v) else str(v))
    # sentences from one interview (or one respondent) are alike: they form a cluster
    cluster = []
    for iid, rid, eid in zip(ev["interview_id"], ev["respondent_id"], ev["evidence_id"]):
        if not _isna(iid):
            cluster.append(f"interview:{iid}")
        elif not _isna(rid):
            cluster.append(f"respondent:{rid}")
        else:
            cluster.append(f"row:{eid}")
    ev["cluster"] = pd.Series(cluster, index=ev.index, dtype=object)
    summary["used"] = int(len(ev))
    keep = [
        "evidence_id",
        "persona_key",
        "stage",
        "text",
        "valence",
        "emotion",
        "emotion_confidence",
        "is_pain_point",
        "is_need",
        "pain_type",
        "theme",
        "source",
        "source_type",
        "line",
        "interview_id",
        "respondent_id",
        "speaker",
        "cluster",
    ]
    return ev[keep].reset_index(drop=True), summary


def _isna(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False

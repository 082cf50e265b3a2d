"""Input checks for :meth:`PersonaSet.from_labels`: survey, labels, weights, probabilities.

Every problem raises a :class:`personakit.PersonakitError` saying which
argument, which value, what was expected and what to do.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import PersonakitError


def _as_survey(survey: Any) -> Any:
    from personakit.survey import Survey

    if isinstance(survey, Survey) or (hasattr(survey, "responses") and hasattr(survey, "codebook")):
        return survey
    if isinstance(survey, pd.DataFrame):
        from_frame = getattr(Survey, "from_frame", None)
        if from_frame is not None:
            return from_frame(survey)
        return Survey(survey, _minimal_codebook(survey))
    raise PersonakitError(
        f"survey must be a personakit.Survey (or a DataFrame of answers), got "
        f"{type(survey).__name__}. Read one with personakit.read_survey(path)."
    )


def _minimal_codebook(frame: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for name in frame.columns:
        col = frame[name]
        if isinstance(col.dtype, pd.CategoricalDtype):
            kind = "ordinal" if col.dtype.ordered else "nominal"
        elif pd.api.types.is_bool_dtype(col.dtype):
            kind = "multiselect"
        elif pd.api.types.is_datetime64_any_dtype(col.dtype):
            kind = "date"
        elif pd.api.types.is_numeric_dtype(col.dtype):
            kind = "numeric"
        else:
            values = col.dropna().astype(str)
            many = values.nunique() > max(30, 0.5 * len(values)) and len(values) >= 20
            kind = "text" if many else "nominal"
        rows.append({"variable": str(name), "kind": kind})
    return pd.DataFrame(rows)


def _check_labels(labels: Any, survey: Any) -> tuple[pd.Series, int]:
    index = survey.responses.index
    if isinstance(labels, pd.Series):
        series = labels.copy()
        series.index = series.index.astype(str)
    elif isinstance(labels, np.ndarray | list | tuple | pd.Index):
        if len(labels) != len(index):
            raise PersonakitError(
                f"labels has {len(labels)} entries but the survey has {len(index)} respondents; "
                "pass a Series indexed by respondent id (e.g. segmenter.labels_)."
            )
        series = pd.Series(list(labels), index=index)
    else:
        raise PersonakitError(
            f"labels must be a pandas Series of persona ids indexed by respondent id, got "
            f"{type(labels).__name__}."
        )
    if series.index.has_duplicates:
        dupes = series.index[series.index.duplicated()].unique()[:5].tolist()
        raise PersonakitError(
            f"labels: respondent ids appear more than once: {dupes}. Give each respondent one "
            "persona id (one row per respondent)."
        )
    unknown = series.index.difference(index)
    if len(unknown):
        raise PersonakitError(
            f"labels: {len(unknown)} respondent id(s) are not in the survey, e.g. "
            f"{sorted(unknown.tolist())[:5]}. Label the respondents of this survey (same ids as "
            "survey.responses.index)."
        )
    numeric = pd.to_numeric(series, errors="coerce")
    bad = series.notna() & (numeric.isna() | (numeric != np.round(numeric)) | (numeric < 1))
    if bad.any():
        example = series[bad].iloc[0]
        raise PersonakitError(
            f"labels: persona ids must be whole numbers 1, 2, ..., got {example!r} for respondent "
            f"{series.index[bad][0]!r}. Number the personas from 1 (e.g. labels + 1 for 0-based "
            "cluster numbers)."
        )
    assigned = numeric.dropna().astype(np.int64)
    if assigned.empty:
        raise PersonakitError("labels: no respondent has a persona id; nothing to profile.")
    order = index.get_indexer(assigned.index)
    assigned = assigned.iloc[np.argsort(order, kind="stable")]
    return assigned, int(len(index) - len(assigned))


def _check_weights(survey: Any, ids: pd.Index, use_weights: bool) -> tuple[np.ndarray, str | None]:
    weights = survey.weights if use_weights else None
    if weights is None:
        return np.ones(len(ids)), None
    name = str(weights.name) if weights.name is not None else "weight"
    w = pd.to_numeric(weights.loc[ids], errors="coerce")
    if w.isna().any():
        who = w.index[w.isna()][:5].tolist()
        raise PersonakitError(
            f"Survey weight {name!r} is missing for respondents {who}. Fill these weights, "
            "exclude the respondents, or pass use_weights=False."
        )
    if (w < 0).any():
        who = w.index[w < 0][:5].tolist()
        raise PersonakitError(
            f"Survey weight {name!r} is negative for respondents {who} (e.g. "
            f"{float(w[w < 0].iloc[0])}); weights must be 0 or more."
        )
    if float(w.sum()) <= 0:
        raise PersonakitError(
            f"Survey weight {name!r} sums to 0 over the labelled respondents; nothing to weigh."
        )
    return w.to_numpy(dtype=float), name


def _check_probabilities(probabilities: Any, ids: pd.Index, personas: list[int]) -> Any:
    if probabilities is None:
        return None
    if not isinstance(probabilities, pd.DataFrame):
        raise PersonakitError(
            f"probabilities must be a DataFrame (respondents x persona ids), got "
            f"{type(probabilities).__name__}."
        )
    frame = probabilities.copy()
    frame.index = frame.index.astype(str)
    try:
        frame.columns = [int(c) for c in frame.columns]
    except (TypeError, ValueError):
        raise PersonakitError(
            f"probabilities: columns must be persona ids 1..k, got {list(probabilities.columns)}."
        ) from None
    missing = [p for p in personas if p not in frame.columns]
    if missing:
        raise PersonakitError(
            f"probabilities: no column for persona(s) {missing}; columns are {list(frame.columns)}."
        )
    absent = ids.difference(frame.index)
    if len(absent):
        raise PersonakitError(
            f"probabilities: no row for {len(absent)} labelled respondent(s), e.g. "
            f"{absent[:5].tolist()}."
        )
    return frame

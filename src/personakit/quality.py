"""Response-quality flags: previews, incompletes, speeders, straight-liners, attention, duplicates.

personakit flags; it never drops. :func:`assess_quality` returns one row per
respondent with a boolean column per check, ``exclude_suggested`` and a
``quality_reasons`` sentence, and :meth:`personakit.Survey.exclude` removes
the respondents you choose, logging why. Every threshold lives in
:class:`QualityRules`.

The rules (defaults in brackets):

``preview``
    The export's status column says ``Survey Preview`` / ``Survey Test`` (text
    exports) or holds Qualtrics' numeric codes 1, 2, 9 or 17 (preview, test,
    preview spam, offline preview). Spam (``Spam``, codes 8 and 12) is not a
    preview but is suggested for exclusion and named in ``quality_reasons``.
``incomplete``
    ``Finished`` is false/0, ``Progress`` is under ``incomplete_min_progress``
    [100], or the status / response type says ``partial`` (SurveyMonkey,
    Typeform). When the export has none of these columns, a respondent who
    answered fewer than ``incomplete_min_answered`` [0.5] of the questions a
    typical complete respondent answered (the 90th percentile) is incomplete,
    and so is one whose answers stop early: the last ``incomplete_breakoff`` [3]
    (and at least 10 %) of the core questions, those that 80 % of respondents
    answer, are blank. A non-substantive answer ("Don't know") counts as an
    answer here.
``speeder``
    A respondent who is not incomplete and took less than ``speeder_fraction``
    [1/3] of the median duration of complete, non-preview responses (and,
    optionally, less than ``speeder_min_seconds``). Duration comes from the
    duration column, else from the end minus the start timestamp.
``straightliner``
    Either (a) identical answers across every item of a grid of at least
    ``straightline_min_items`` [4] rating items, in at least
    ``straightline_min_grids`` [2] grids (or in every such grid, when the survey
    has fewer); or (b) a within-person standard deviation of scale positions
    (each item rescaled to 0-1, reverse-coded items un-reversed) of at most
    ``irv_max`` [0.05] over at least ``irv_min_items`` [8] rating items.
``attention_failed``
    The answer to an attention item differs from the expected one. Items are
    the ones you pass (``attention_checks={variable: expected}``) plus, when
    ``attention_auto`` [True], rows whose text says "Please select X for this
    row" (X must be one of the item's levels). A skipped item fails only when
    ``attention_missing_fails`` [False].
``duplicate``
    A later response with the same email as an earlier one, the same IP address
    *and* coordinates, or exactly the same answers to at least
    ``duplicate_min_answers`` [10] analysis variables (``duplicate_on``
    chooses among ``"email"``, ``"ip_location"``, ``"ip"`` and ``"answers"``;
    ``"ip"`` alone is off by default because offices share addresses). The
    first response of a group is not flagged.

``exclude_suggested`` is true when any flag in ``exclude_flags`` [all six] is
set, or the status is spam.

Examples
--------
>>> from personakit.quality import QualityRules
>>> QualityRules().speeder_fraction
0.3333333333333333
>>> QualityRules(straightline_min_grids=1).straightline_min_items
4
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from personakit._errors import PersonakitError
from personakit.io._factorize import factorize
from personakit.scales import label_key

if TYPE_CHECKING:  # pragma: no cover
    from personakit.survey import Survey

__all__ = ["QualityRules", "assess_quality", "find_attention_items"]

_FLAGS = ("preview", "incomplete", "speeder", "straightliner", "attention_failed", "duplicate")
_DUPLICATE_KEYS = ("email", "ip_location", "ip", "answers")
_PREVIEW_CODES = {"1", "2", "9", "17"}
_SPAM_CODES = {"8", "12"}
_ROW_BLOCK = 8192  # respondents per block when computing row statistics


@dataclass(frozen=True)
class QualityRules:
    """Thresholds of the response-quality checks (see :mod:`personakit.quality`).

    Parameters
    ----------
    speeder_fraction : float, default 1/3
        Speeders took less than this share of the median duration.
    speeder_min_seconds : float, optional
        Also flag anyone faster than this many seconds.
    straightline_min_items : int, default 4
        Smallest grid (rating items answered) checked for identical answers.
    straightline_min_grids : int, default 2
        Identical answers in this many grids make a straight-liner (or in every
        grid when the survey has fewer eligible grids).
    irv_max : float, default 0.05
        Largest within-person spread (SD of 0-1 scale positions) flagged; ``None``
        turns the spread rule off.
    irv_min_items : int, default 8
        Rating items a respondent must have answered for the spread rule.
    attention_auto : bool, default True
        Find "Please select X for this row" items by their text.
    attention_missing_fails : bool, default False
        Count a skipped attention item as failed.
    duplicate_on : tuple of str, default ("email", "ip_location", "answers")
        Which duplicate rules to apply.
    duplicate_min_answers : int, default 10
        Answers needed before identical answers count as a duplicate.
    incomplete_min_progress : float, default 100
        ``Progress`` below this is incomplete.
    incomplete_min_answered : float, optional, default 0.5
        Used only when the export has no finished/progress/status column.
    incomplete_breakoff : int, optional, default 3
        Used only when the export has no finished/progress/status column: a
        respondent who left at least this many (and 10 %) of the last core
        questions blank broke off.
    exclude_flags : tuple of str, default all six flags
        Flags that set ``exclude_suggested``.

    Examples
    --------
    >>> rules = QualityRules(speeder_fraction=0.5, duplicate_on=("email",))
    >>> rules.to_dict()["speeder_fraction"]
    0.5
    """

    speeder_fraction: float = 1 / 3
    speeder_min_seconds: float | None = None
    straightline_min_items: int = 4
    straightline_min_grids: int = 2
    irv_max: float | None = 0.05
    irv_min_items: int = 8
    attention_auto: bool = True
    attention_missing_fails: bool = False
    duplicate_on: tuple[str, ...] = ("email", "ip_location", "answers")
    duplicate_min_answers: int = 10
    incomplete_min_progress: float = 100.0
    incomplete_min_answered: float | None = 0.5
    incomplete_breakoff: int | None = 3
    exclude_flags: tuple[str, ...] = _FLAGS

    def __post_init__(self) -> None:
        def check(name: str, ok: bool, expected: str) -> None:
            if not ok:
                raise PersonakitError(
                    f"QualityRules: {name}={getattr(self, name)!r} is not valid; expected {expected}."
                )

        check("speeder_fraction", 0 <= self.speeder_fraction < 1, "a number in [0, 1)")
        check(
            "speeder_min_seconds",
            self.speeder_min_seconds is None or self.speeder_min_seconds >= 0,
            "None or seconds >= 0",
        )
        check("straightline_min_items", int(self.straightline_min_items) >= 2, "an integer >= 2")
        check("straightline_min_grids", int(self.straightline_min_grids) >= 1, "an integer >= 1")
        check("irv_max", self.irv_max is None or self.irv_max >= 0, "None or a number >= 0")
        check("irv_min_items", int(self.irv_min_items) >= 2, "an integer >= 2")
        check("duplicate_min_answers", int(self.duplicate_min_answers) >= 1, "an integer >= 1")
        check(
            "incomplete_breakoff",
            self.incomplete_breakoff is None or int(self.incomplete_breakoff) >= 1,
            "None or an integer >= 1",
        )
        check(
            "incomplete_min_answered",
            self.incomplete_min_answered is None or 0 <= self.incomplete_min_answered <= 1,
            "None or a share in [0, 1]",
        )
        object.__setattr__(self, "duplicate_on", tuple(self.duplicate_on))
        object.__setattr__(self, "exclude_flags", tuple(self.exclude_flags))
        bad = [k for k in self.duplicate_on if k not in _DUPLICATE_KEYS]
        if bad:
            raise PersonakitError(
                f"QualityRules: duplicate_on has unknown rules {bad}; use any of {list(_DUPLICATE_KEYS)}."
            )
        bad = [k for k in self.exclude_flags if k not in _FLAGS]
        if bad:
            raise PersonakitError(
                f"QualityRules: exclude_flags has unknown flags {bad}; use any of {list(_FLAGS)}."
            )

    def to_dict(self) -> dict[str, Any]:
        """The rules as a plain dict (for JSON and the survey's metadata).

        Returns
        -------
        dict
            Field name to value; tuples become lists.

        Examples
        --------
        >>> sorted(QualityRules().to_dict())[:3]
        ['attention_auto', 'attention_missing_fails', 'duplicate_min_answers']
        """
        out = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QualityRules:
        """Rebuild rules from :meth:`to_dict` output.

        Parameters
        ----------
        data : dict
            Field name to value.

        Returns
        -------
        QualityRules
            The rules.

        Examples
        --------
        >>> QualityRules.from_dict({"irv_max": None}).irv_max is None
        True
        """
        known = {f.name for f in fields(cls)}
        bad = sorted(set(data) - known)
        if bad:
            raise PersonakitError(f"QualityRules: unknown settings {bad}; known: {sorted(known)}.")
        return cls(**data)


# -- helpers ---------------------------------------------------------------------------


def _by_unique(
    series: pd.Series, func: Any, dtype: Any = object, missing: Any = None
) -> np.ndarray:
    """``func`` applied to each distinct value of ``series`` (as text), spread back to the rows."""
    codes, uniques = factorize(series.to_numpy(dtype=object))
    mapped = [func(str(u)) for u in uniques] + [missing]
    return np.asarray(mapped, dtype=dtype)[codes]


def _to_float(text: str) -> float:
    try:
        return float(text.strip().replace(",", ""))
    except ValueError:
        return np.nan


def _numbers(series: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=float, na_value=np.nan)
    return _by_unique(series, _to_float, dtype=float, missing=np.nan)


def _keys(series: pd.Series) -> pd.Series:
    """label_key of every value, computed once per distinct value ("" when missing)."""
    return pd.Series(_by_unique(series, label_key, missing=""), index=series.index, dtype=object)


def _codes(series: pd.Series) -> np.ndarray:
    """Integer codes of a column's values (-1 for missing), whatever its dtype."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return np.asarray(series.array.codes, dtype=np.int64)
    if pd.api.types.is_bool_dtype(series.dtype):
        # False -> 0, True -> 1, NA -> -1
        return series.to_numpy(dtype=np.int64, na_value=-1)
    if pd.api.types.is_float_dtype(series.dtype):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        # the bit pattern is a faithful code for a float; NaN -> -1
        return np.where(np.isnan(values), -1, np.abs(values.view(np.int64)))
    values = (
        series.to_numpy(dtype=object)
        if not pd.api.types.is_numeric_dtype(series.dtype)
        else series.to_numpy()
    )
    codes, _ = factorize(values)
    return np.asarray(codes, dtype=np.int64)


def _column(survey: Survey, role: str) -> pd.Series | None:
    name = survey.metadata.get("column_roles", {}).get(role)
    if name is None or name not in survey.responses.columns:
        return None
    return survey.responses[name]


def find_attention_items(codebook: pd.DataFrame) -> dict[str, str]:
    """Find items that tell respondents which answer to pick ("Please select X for this row").

    Parameters
    ----------
    codebook : pandas.DataFrame
        A survey codebook (``question``, ``sub_label``, ``levels``, ``kind``).

    Returns
    -------
    dict
        ``{variable: expected label}`` for items whose wording names one of their
        own levels.

    Examples
    --------
    >>> import pandas as pd
    >>> cb = pd.DataFrame({"variable": ["Q5_7"], "kind": ["likert"],
    ...     "question": ["How much do you agree?"],
    ...     "sub_label": ["Please select 'Somewhat disagree' for this row"],
    ...     "levels": [["Strongly disagree", "Somewhat disagree", "Neutral", "Somewhat agree",
    ...                 "Strongly agree"]]})
    >>> find_attention_items(cb)
    {'Q5_7': 'Somewhat disagree'}
    """
    import re

    pattern = re.compile(
        r"(?:select|choose|pick|mark|click|tick|answer|respond with)\s+(?:the\s+)?(?:answer\s+|"
        r"option\s+|response\s+)?[\"'“‘]?(?P<x>[^\"'”’]{1,60}?)[\"'”’]?\s+(?:for|in|on|to)\s+"
        r"this\s+(?:row|item|question|statement|line)",
        re.IGNORECASE,
    )
    pattern2 = re.compile(
        r"(?:please\s+)?(?:select|choose|pick|mark|click|tick)\s+[\"'“‘](?P<x>[^\"'”’]{1,60})[\"'”’]",
        re.IGNORECASE,
    )
    out: dict[str, str] = {}
    for row in codebook.to_dict("records"):
        if row.get("kind") not in {"likert", "ordinal", "nominal"}:
            continue
        levels = row.get("levels") or []
        if not isinstance(levels, list) or not levels:
            continue
        keyed = {label_key(x): x for x in levels}
        for text in (row.get("sub_label"), row.get("question")):
            if not isinstance(text, str):
                continue
            for pat in (pattern, pattern2):
                match = pat.search(text)
                if match:
                    key = label_key(match.group("x"))
                    if key in keyed:
                        out[row["variable"]] = keyed[key]
                        break
            if row["variable"] in out:
                break
    return out


def _expected_mask(series: pd.Series, expected: Any) -> np.ndarray:
    """True where the answer matches ``expected`` (a label, labels, number, bool or callable)."""
    if callable(expected):
        result = expected(series)
        return np.asarray(pd.Series(result, index=series.index).fillna(False), dtype=bool)
    if isinstance(expected, bool):
        return np.asarray(series.astype("boolean").fillna(not expected) == expected, dtype=bool)
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        if isinstance(series.dtype, pd.CategoricalDtype):
            values = _numbers(series.astype("str"))
        else:
            values = _numbers(series)
        return np.isclose(values, float(expected)) & ~np.isnan(values)
    accepted = [expected] if isinstance(expected, str) else list(expected)
    keys = {label_key(str(x)) for x in accepted}
    return np.asarray(_keys(series).isin(keys).fillna(False), dtype=bool)


# -- the checks ------------------------------------------------------------------------


def _answered_matrix(survey: Survey, variables: list[str]) -> np.ndarray:
    if not variables:
        return np.zeros((survey.n_respondents, 0), dtype=bool)
    return survey.responses[variables].notna().to_numpy()


def _seen_matrix(survey: Survey, questions: list[list[str]]) -> np.ndarray:
    """Respondent x question: answered, or gave a non-substantive answer (in ``missing``)."""
    n = survey.n_respondents
    pos = pd.Series(np.arange(n), index=survey.responses.index)
    coded = survey.missing
    out = np.zeros((n, len(questions)), dtype=bool)
    for j, group in enumerate(questions):
        out[:, j] = _answered_matrix(survey, group).any(axis=1)
        if len(coded):
            ids = coded.loc[coded["variable"].isin(group), "respondent_id"]
            rows = pos.reindex(ids.unique()).dropna().to_numpy(dtype=int)
            out[rows, j] = True
    return out


def _analysis_questions(survey: Survey, by_question: bool = False) -> list[list[str]]:
    """Analysis variables grouped by question (a multi-select counts once; with
    ``by_question`` the rows of a grid count once too)."""
    cb = survey.codebook
    keep = cb["kind"].isin(
        ["likert", "ordinal", "nominal", "multiselect", "numeric", "nps", "text"]
    )
    keep &= ~cb["pii"].astype(bool)
    groups: dict[str, list[str]] = {}
    for row in cb.loc[keep].to_dict("records"):
        key = row["question_id"] if row["kind"] == "multiselect" or by_question else row["variable"]
        if key is None:
            key = row["variable"]
        groups.setdefault(str(key), []).append(row["variable"])
    return list(groups.values())


class _Item:
    """A rating item's answer codes; :meth:`positions` gives them on a 0-1 scale."""

    def __init__(self, codes: np.ndarray, k: int, reverse: bool) -> None:
        self.codes, self.k, self.reverse = codes, k, reverse

    def positions(self, rows: slice = slice(None), out: np.ndarray | None = None) -> np.ndarray:
        """0-1 positions (un-reversed) of the respondents in ``rows``, NaN when unanswered.

        Written into ``out`` (a float array of the right length) when given.
        """
        codes = self.codes[rows]
        if out is None:
            out = np.empty(len(codes), dtype=float)
        out[...] = codes
        out[codes < 0] = np.nan
        if self.reverse:
            np.subtract(self.k - 1, out, out=out)
        np.divide(out, self.k - 1, out=out)
        return out


def _scale_positions(survey: Survey) -> tuple[list[_Item], dict[str, list[int]]]:
    """The rating items (un-reversed on demand) and the grids they form.

    Returns one :class:`_Item` per item (its codes, kept small) and
    ``{question_id: [item positions]}``.
    """
    cb = survey.codebook
    rating = cb.loc[
        cb["kind"].isin(["likert", "ordinal"]) & (cb["role"].fillna("") != "attention_check")
    ]
    items: list[_Item] = []
    grids: dict[str, list[int]] = {}
    for row in rating.to_dict("records"):
        series = survey.responses[row["variable"]]
        if not isinstance(series.dtype, pd.CategoricalDtype):
            continue
        k = len(series.cat.categories)
        if k < 2:
            continue
        grids.setdefault(str(row["question_id"]), []).append(len(items))
        items.append(_Item(np.asarray(series.array.codes), k, bool(row.get("reverse"))))
    return items, grids


def _spread_by_rows(items: list[_Item], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per respondent: answered rating items and the SD of their positions (``_row_spread``).

    In blocks of rows (rows are independent), so the temporaries stay small. Each
    block is column-major, like a frame's matrix of these columns: numpy then adds
    every row's items in the same order, and the results match to the last bit. A
    block of one row would be summed another way, so the last block never has just one.
    """
    count = np.empty(n, dtype=int)
    spread = np.empty(n, dtype=float)
    starts = list(range(0, n, _ROW_BLOCK))
    if len(starts) > 1 and n - starts[-1] == 1:
        starts.pop()
    stops = starts[1:] + [n]
    rows = max((stop - start for start, stop in zip(starts, stops)), default=0)
    block = np.empty((rows, len(items)), dtype=float, order="F")
    for start, stop in zip(starts, stops):
        part = block[: stop - start]
        for j, item in enumerate(items):
            item.positions(slice(start, stop), out=part[:, j])
        count[start:stop], spread[start:stop] = _row_spread(part)
    return count, spread


def _row_spread(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the number of answered items and the SD of their positions (NaN = unanswered)."""
    missing = np.isnan(block)
    count = block.shape[1] - missing.sum(axis=1)
    filled = np.where(missing, 0.0, block)
    with np.errstate(all="ignore"):
        mean = filled.sum(axis=1) / count
        spread = np.sqrt(np.maximum((filled**2).sum(axis=1) / count - mean**2, 0.0))
    return count, spread


def assess_quality(
    survey: Survey,
    *,
    rules: QualityRules | None = None,
    attention_checks: dict[str, Any] | None = None,
    return_info: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, dict[str, Any]]:
    """Flag low-quality responses (see :mod:`personakit.quality` for every rule).

    Parameters
    ----------
    survey : Survey
        The survey; its ``metadata["column_roles"]`` names the status, progress,
        finished, duration and timestamp columns when the export had them.
    rules : QualityRules, optional
        Thresholds; the defaults otherwise.
    attention_checks : dict, optional
        ``{variable: expected}``: a label, a list of accepted labels, a number,
        ``True``/``False`` (multi-select option) or a function of the column
        returning a boolean Series.
    return_info : bool, default False
        Also return a dict of what was used (attention items, duration median).

    Returns
    -------
    pandas.DataFrame or (DataFrame, dict)
        Index ``respondent_id``; bool columns ``preview, incomplete, speeder,
        straightliner, attention_failed, duplicate, exclude_suggested``; str
        ``quality_reasons`` ("" for a clean response).

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit import Survey
    >>> from personakit.quality import assess_quality
    >>> s = Survey(pd.DataFrame({"Duration": ["300", "20", "280"]}, index=["a", "b", "c"]),
    ...            pd.DataFrame({"variable": ["Duration"], "kind": ["metadata"]}),
    ...            metadata={"column_roles": {"duration": "Duration"}})
    >>> q = assess_quality(s)
    >>> q["speeder"].tolist()
    [False, True, False]
    >>> q.loc["b", "quality_reasons"]
    'speeder: 20 s, under 1/3 of the median 280 s'
    """
    rules = rules or QualityRules()
    index = survey.responses.index
    n = len(index)
    flags = {name: np.zeros(n, dtype=bool) for name in _FLAGS}
    # (rows, their reason texts) in the order the rules note them
    reasons: list[tuple[np.ndarray, list[str]]] = []
    info: dict[str, Any] = {}

    def note(mask: np.ndarray, make: Any) -> None:
        rows = np.flatnonzero(mask)
        if len(rows):
            texts = [make(i) for i in rows.tolist()] if callable(make) else [make] * len(rows)
            reasons.append((rows, texts))

    # preview / spam / partial, from the status column
    spam = np.zeros(n, dtype=bool)
    status = _column(survey, "status")
    partial_status = np.zeros(n, dtype=bool)
    if status is not None:
        raw = status.astype("str").fillna("").to_numpy(dtype=object)

        def kind_of(text: str) -> str:
            key, code = label_key(text), text.strip()
            if "preview" in key or "test" in key.split() or code in _PREVIEW_CODES:
                return "preview"
            if "spam" in key or code in _SPAM_CODES:
                return "spam"
            if "partial" in key or "incomplete" in key:
                return "partial"
            return ""

        kinds = _by_unique(status, kind_of, missing="")
        preview = kinds == "preview"
        spam = kinds == "spam"
        flags["preview"] = preview
        partial_status = kinds == "partial"
        note(preview, lambda i: f"preview: status {raw[i]!r}")
        note(spam & ~preview, lambda i: f"spam: status {raw[i]!r}")
        note(partial_status, lambda i: f"incomplete: status {raw[i]!r}")

    # incomplete
    incomplete = partial_status.copy()
    finished = _column(survey, "finished")
    progress = _column(survey, "progress")
    if finished is not None:
        not_finished = _by_unique(
            finished, lambda t: label_key(t) in {"0", "false", "f", "no", "n"}, bool, False
        )
        finished_text = finished.to_numpy(dtype=object)
        note(
            not_finished & ~incomplete,
            lambda i: f"incomplete: finished = {finished_text[i]!r}",
        )
        incomplete |= not_finished
    if progress is not None:
        values = _numbers(progress)
        low = values < rules.incomplete_min_progress
        note(low & ~incomplete, _per_value(values, lambda v: f"incomplete: progress {v:g}%"))
        incomplete |= low
    if status is None and finished is None and progress is None:
        questions = _analysis_questions(survey, by_question=True)
        if questions:
            seen = _seen_matrix(survey, questions)
            answered = seen.sum(axis=1).astype(float)
            if rules.incomplete_min_answered is not None:
                typical = float(np.percentile(answered, 90)) if n else 0.0
                if typical > 0:
                    low = answered < rules.incomplete_min_answered * typical
                    note(
                        low,
                        lambda i: (
                            f"incomplete: answered {int(answered[i])} of the {typical:g} "
                            "questions a typical respondent answered"
                        ),
                    )
                    incomplete |= low
                    info["typical_answered"] = typical
            if rules.incomplete_breakoff is not None and n >= 10:
                core = seen.mean(axis=0) >= 0.8
                k = int(core.sum())
                needed = max(int(rules.incomplete_breakoff), int(np.ceil(0.1 * k)))
                if k > needed:
                    block = seen[:, core]
                    # blank core questions at the end of the questionnaire
                    trailing = np.argmax(block[:, ::-1], axis=1)
                    trailing = np.where(block.any(axis=1), trailing, k)
                    broke = (trailing >= needed) & ~incomplete
                    note(
                        broke,
                        lambda i: (
                            f"incomplete: the last {int(trailing[i])} questions that most "
                            "respondents answer are blank (broke off)"
                        ),
                    )
                    incomplete |= broke
    flags["incomplete"] = incomplete

    # speeders
    duration = _column(survey, "duration")
    seconds = None
    if duration is not None:
        seconds = _numbers(duration)
        info["duration_from"] = str(duration.name)
    else:
        start, end = _column(survey, "start"), _column(survey, "end")
        if (
            start is not None
            and end is not None
            and pd.api.types.is_datetime64_any_dtype(start.dtype)
            and pd.api.types.is_datetime64_any_dtype(end.dtype)
        ):
            seconds = (end - start).dt.total_seconds().to_numpy(dtype=float, na_value=np.nan)
            info["duration_from"] = f"{end.name} - {start.name}"
    if seconds is not None:
        eligible = ~flags["incomplete"] & ~flags["preview"] & ~np.isnan(seconds)
        if eligible.sum() >= 3:
            median = float(np.median(seconds[eligible]))
            info["median_duration"] = median
            threshold = rules.speeder_fraction * median
            fast = eligible & (seconds < threshold)
            frac = _fraction_text(rules.speeder_fraction)
            note(
                fast,
                _per_value(
                    seconds,
                    lambda v: f"speeder: {v:.0f} s, under {frac} of the median {median:.0f} s",
                ),
            )
            if rules.speeder_min_seconds is not None:
                floor = eligible & ~fast & (seconds < rules.speeder_min_seconds)
                note(
                    floor,
                    _per_value(
                        seconds,
                        lambda v: f"speeder: {v:.0f} s, under {rules.speeder_min_seconds:g} s",
                    ),
                )
                fast |= floor
            flags["speeder"] = fast

    # straight-lining
    items, grids = _scale_positions(survey)
    if items and n:
        eligible_grids = {q: v for q, v in grids.items() if len(v) >= rules.straightline_min_items}
        straight_count = np.zeros(n, dtype=int)
        eligible_count = np.zeros(n, dtype=int)
        straight_names: dict[int, list[str]] = {}
        for qid, members in eligible_grids.items():
            # item by item over whole columns: fmin/fmax skip the unanswered (NaN) items
            first = items[members[0]].positions()
            answered = (~np.isnan(first)).astype(int)
            lo, hi = first.copy(), first.copy()
            for j in members[1:]:
                column = items[j].positions()
                answered += ~np.isnan(column)
                np.fmin(lo, column, out=lo)
                np.fmax(hi, column, out=hi)
            ok = answered >= rules.straightline_min_items
            same = ok & (lo == hi)
            eligible_count += ok
            straight_count += same
            for i in np.nonzero(same)[0].tolist():
                straight_names.setdefault(i, []).append(qid)
        needed = np.minimum(rules.straightline_min_grids, np.maximum(eligible_count, 1))
        by_grid = (straight_count >= needed) & (straight_count > 0)
        note(
            by_grid,
            lambda i: (
                f"straight-liner: identical answers in every item of {', '.join(straight_names[i])}"
            ),
        )
        by_spread = np.zeros(n, dtype=bool)
        if rules.irv_max is not None:
            count, spread = _spread_by_rows(items, n)
            by_spread = (count >= rules.irv_min_items) & (spread <= rules.irv_max) & ~by_grid
            note(
                by_spread,
                lambda i: (
                    f"straight-liner: almost no spread across {count[i]} rating items "
                    f"(SD {spread[i]:.2f} of the scale)"
                ),
            )
        flags["straightliner"] = by_grid | by_spread
        info["straightline_grids"] = sorted(eligible_grids)

    # attention checks
    checks: dict[str, Any] = {}
    if rules.attention_auto:
        checks.update(find_attention_items(survey.codebook))
    checks.update(attention_checks or {})
    info["attention_checks"] = {
        k: (v if not callable(v) else "<function>") for k, v in checks.items()
    }
    failed_any = np.zeros(n, dtype=bool)
    for variable, expected in checks.items():
        if variable not in survey.responses.columns:
            raise PersonakitError(
                f"attention_checks: {variable!r} is not a variable of this survey."
            )
        series = survey.responses[variable]
        ok = _expected_mask(series, expected)
        answered = np.asarray(series.notna(), dtype=bool)
        failed = ~ok & (answered | rules.attention_missing_fails)
        shown = expected if not callable(expected) else "the check"
        answers = series.to_numpy(dtype=object)
        note(
            failed,
            lambda i, v=variable, s=answers, e=shown: (
                f"attention check {v}: answered {_shown(s[i])} instead of {e!r}"
            ),
        )
        failed_any |= failed
    flags["attention_failed"] = failed_any

    # duplicates
    duplicate = np.zeros(n, dtype=bool)
    pii = survey.metadata.get("pii_kinds", {})
    ids = index.to_numpy()

    # "earlier" means earlier in time when the export has timestamps (SurveyMonkey lists the
    # newest response first), else earlier in the file
    order = np.arange(n, dtype=float)
    for role in ("start", "end"):
        stamp = _column(survey, role)
        if stamp is not None and pd.api.types.is_datetime64_any_dtype(stamp.dtype):
            values = stamp.to_numpy(dtype="datetime64[ns]").astype("int64").astype(float)
            values[np.isnat(stamp.to_numpy(dtype="datetime64[ns]"))] = np.inf
            order = values
            break

    sorted_order: list[np.ndarray] = []  # the order below, sorted once when first needed

    def mark(keys: np.ndarray, valid: np.ndarray, what: str) -> None:
        """Flag every response whose key (where ``valid``) an earlier response already has."""
        nonlocal duplicate
        count = int(valid.sum())
        if count < 2 or len(pd.unique(keys[valid])) == count:
            return  # every key once: no copies, whatever the order
        if not sorted_order:
            sorted_order.append(np.argsort(order, kind="stable"))  # ties: file order
        earliest_first = sorted_order[0]
        # earliest first (by time, then file position); a key's first response is the original
        sequence = earliest_first[valid[earliest_first]]
        group, _ = pd.factorize(keys[sequence])
        first_of_group = sequence[_first_positions(group)][group]
        later = sequence != first_of_group
        copies = sequence[later]
        new = np.zeros(n, dtype=bool)
        new[copies] = True
        origin = dict(zip(copies.tolist(), first_of_group[later].tolist()))
        note(new, lambda i: f"duplicate: same {what} as {ids[origin[i]]}")
        duplicate |= new

    email_cols = [v for v, kind in pii.items() if kind == "email" and v in survey.responses.columns]
    if "email" in rules.duplicate_on and email_cols:
        raw_email = survey.responses[email_cols[0]].astype("str")
        codes, uniques = factorize(raw_email.to_numpy(dtype=object))
        normal = pd.Series([u.strip().lower() if "@" in u else None for u in uniques], dtype=object)
        key_codes, _ = pd.factorize(normal.to_numpy(dtype=object))
        key = np.where(codes >= 0, np.append(key_codes, -1)[codes], -1)
        mark(key, key >= 0, "email")
    ip_cols = [v for v, kind in pii.items() if kind == "ip" and v in survey.responses.columns]
    loc_cols = [
        v for v, kind in pii.items() if kind == "location" and v in survey.responses.columns
    ]
    if ip_cols and ("ip_location" in rules.duplicate_on or "ip" in rules.duplicate_on):
        ip = _codes(survey.responses[ip_cols[0]])
        if "ip_location" in rules.duplicate_on and len(loc_cols) >= 2:
            lat = _codes(survey.responses[loc_cols[0]])
            lon = _codes(survey.responses[loc_cols[1]])
            valid = (ip >= 0) & (lat >= 0) & (lon >= 0)
            key = (ip * (lat.max() + 2) + lat) * (lon.max() + 2) + lon
            # the key as a float, as it always was compared (codes of float columns are large)
            mark(key.astype(float), valid, "IP address and location")
        if "ip" in rules.duplicate_on:
            mark(ip.astype(float), ip >= 0, "IP address")
    if "answers" in rules.duplicate_on:
        variables = [v for group in _analysis_questions(survey) for v in group]
        if variables:
            count = np.zeros(n, dtype=np.int64)
            combined = _AnswerKey(n)
            for variable in variables:
                series = survey.responses[variable]
                if isinstance(series.dtype, pd.CategoricalDtype):
                    codes = np.asarray(series.array.codes)  # small integers, as they are
                else:
                    codes = _codes(series)
                count += codes >= 0
                combined.add(codes)
            mark(combined.key, count >= rules.duplicate_min_answers, "answers")
    flags["duplicate"] = duplicate

    out = pd.DataFrame(flags, index=index)
    suggested = np.zeros(n, dtype=bool)
    for name in rules.exclude_flags:
        suggested |= flags[name]
    out["exclude_suggested"] = suggested | spam
    out["quality_reasons"] = pd.array(_join_reasons(reasons, n), dtype="str")
    if return_info:
        return out, info
    return out


class _AnswerKey:
    """An exact key for a respondent's whole answer pattern, built column by column.

    Each column's codes are numbered densely (missing included) and packed into one
    integer per respondent; when the packed range would overflow, the keys are
    renumbered densely first. Equal keys mean equal codes in every column.
    """

    _LIMIT = 1 << 62

    def __init__(self, n: int) -> None:
        self.key = np.zeros(n, dtype=np.int64)
        self.span = 1  # keys are in (-span, span)

    def add(self, codes: np.ndarray) -> None:
        """Fold in one column's codes (any integer dtype, -1 for missing)."""
        codes = np.asarray(codes)
        if not len(codes):
            return
        if int(codes.max()) >= len(codes):  # sparse codes (bit patterns of floats): renumber
            present = codes >= 0
            dense, _ = pd.factorize(codes[present])
            codes = np.full(len(codes), -1, dtype=np.int64)
            codes[present] = dense
        width = int(codes.max()) + 2  # -1 (missing) .. max
        if self.span * width >= self._LIMIT:
            key, uniques = pd.factorize(self.key)
            self.key = key.astype(np.int64)
            self.span = max(len(uniques), 1)
        # key * width + code is one-to-one for codes in [-1, width - 2]; |key| < span
        self.key *= width
        self.key += codes
        self.span *= width


def _join_reasons(reasons: list[tuple[np.ndarray, list[str]]], n: int) -> np.ndarray:
    """Each row's reasons joined with ``"; "`` in the order they were noted ("" for none)."""
    text = np.full(n, "", dtype=object)
    if not reasons:
        return text
    rows = np.concatenate([r for r, _ in reasons])
    texts = np.empty(len(rows), dtype=object)
    texts[:] = [t for _, part in reasons for t in part]
    order = np.argsort(rows, kind="stable")  # by row; a row's reasons stay in noted order
    rows, texts = rows[order], texts[order]
    starts = np.flatnonzero(np.diff(rows, prepend=-1))
    sizes = np.diff(np.append(starts, len(rows)))
    one = sizes == 1
    text[rows[starts[one]]] = texts[starts[one]]
    for start, size in zip(starts[~one].tolist(), sizes[~one].tolist()):
        text[rows[start]] = "; ".join(texts[start : start + size].tolist())
    return text


def _per_value(values: np.ndarray, make: Any) -> Any:
    """``i -> make(values[i])``, each distinct value's text made once (reasons of many rows)."""
    shown = values.tolist()
    made: dict[Any, str] = {}

    def text(i: int) -> str:
        value = shown[i]
        if value not in made:
            made[value] = make(value)
        return made[value]

    return text


def _first_positions(codes: np.ndarray) -> np.ndarray:
    """Where each code first occurs, for codes numbered in order of first appearance."""
    if not len(codes):
        return np.zeros(0, dtype=np.intp)
    return np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1))


def _shown(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "nothing"
    return repr(str(value))


def _fraction_text(fraction: float) -> str:
    for num, den in ((1, 2), (1, 3), (1, 4), (1, 5), (2, 3), (3, 4)):
        if abs(fraction - num / den) < 1e-9:
            return f"{num}/{den}"
    return f"{fraction:.0%}"

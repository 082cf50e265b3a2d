"""Persona profiles: every persona against the rest, variable by variable.

:func:`compute_profile` returns the tidy long table behind persona cards
(``PersonaSet.to_frame()``). One row per persona and

- answer level of a Likert, ordinal or nominal variable (``statistic="share"``):
  weighted share choosing the level in the persona and in the rest, the
  difference, the signed phi coefficient, the odds ratio and the variable's
  Cramer's V (persona vs rest);
- option of a multi-select question (``statistic="share"``, level = option):
  share choosing the option, phi, odds ratio;
- Likert/ordinal score or numeric variable (``statistic="mean"``): weighted
  means, standardised mean difference (Cohen's d);
- NPS (0-10) variable: shares of detractors (0-6), passives (7-8) and
  promoters (9-10), and the mean.

Shares are over respondents who answered the variable (missing answers are
left out, and ``n_in``/``n_out`` say how many answered). With survey weights,
shares and means are weighted, and the tests use Kish's effective sample sizes.
p-values come from chi-square (Fisher's exact test for small expected counts)
or Welch's t-test (or Mann-Whitney's U), and ``p_adj`` is their
Benjamini-Hochberg adjustment over every row of the table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from personakit._errors import PersonakitError
from personakit.personas import _stats
from personakit.personas._text import describe_row, variable_label

__all__ = [
    "NPS_GROUPS",
    "PROFILE_COLUMNS",
    "PROFILE_KINDS",
    "VariableInfo",
    "compute_profile",
    "variable_infos",
]

PROFILE_KINDS = ("likert", "ordinal", "nominal", "multiselect", "numeric", "nps")
"""Codebook kinds that persona profiles describe."""

NPS_GROUPS = ("Detractor (0–6)", "Passive (7–8)", "Promoter (9–10)")
"""Answer groups of a 0-10 likelihood-to-recommend (NPS) question, profiled as shares."""

PROFILE_COLUMNS = (
    "persona",
    "variable",
    "question_id",
    "question",
    "label",
    "kind",
    "role",
    "stage",
    "statistic",
    "level",
    "share_in",
    "share_out",
    "mean_in",
    "mean_out",
    "difference",
    "effect",
    "effect_type",
    "effect_size",
    "odds_ratio",
    "cramers_v",
    "n_in",
    "n_out",
    "p_value",
    "p_adj",
    "significant",
    "direction",
    "strength",
    "trait",
    "short",
)
"""Columns of the profile table, in order (see ``PersonaSet.to_frame``)."""

_TRUE_STRINGS = {"true", "1", "yes", "y", "selected", "checked", "x"}
_FALSE_STRINGS = {"false", "0", "no", "n", "", "not selected", "unchecked"}


def _truthy(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    if value is pd.NA:
        return False
    if isinstance(value, str):
        return value.strip().lower() in _TRUE_STRINGS
    return bool(value)


def _clean(value: Any) -> Any:
    """Codebook cell -> Python value (NA -> None)."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


@dataclass
class VariableInfo:
    """What the profile needs to know about one variable (from the codebook)."""

    variable: str
    kind: str
    question_id: str
    question: str
    sub_label: str | None
    label: str
    role: str | None
    stage: str | None
    levels: list[str] = field(default_factory=list)
    level_values: list[float] | None = None
    scale_text: str = ""


def _as_number(text: Any) -> float | None:
    try:
        return float(str(text).strip())
    except (TypeError, ValueError):
        return None


def variable_infos(survey: Any, variables: list[str] | None = None) -> list[VariableInfo]:
    """Describe the variables a profile covers, in codebook order.

    Parameters
    ----------
    survey : Survey
        The survey.
    variables : list of str, optional
        Restrict to these variables; by default every included, non-PII
        variable of a kind in :data:`PROFILE_KINDS`.

    Returns
    -------
    list of VariableInfo
        One entry per variable.

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit import Survey
    >>> s = Survey(pd.DataFrame({"q": ["a", "b"]}, index=["r1", "r2"]),
    ...            pd.DataFrame({"variable": ["q"], "kind": ["nominal"], "question": ["Q?"]}))
    >>> [(i.variable, i.levels) for i in variable_infos(s)]
    [('q', ['a', 'b'])]
    """
    cb = survey.codebook
    responses = survey.responses
    rows = {row["variable"]: row for row in cb.to_dict(orient="records")}
    if variables is None:
        chosen = [
            r["variable"]
            for r in rows.values()
            if r["kind"] in PROFILE_KINDS and _truthy(r["include"]) and not _truthy(r["pii"])
        ]
    else:
        if isinstance(variables, str):
            variables = [variables]
        chosen = []
        for name in variables:
            if name not in rows:
                raise PersonakitError(
                    f"variables=: {name!r} is not a variable of this survey. Use names from "
                    f"survey.codebook['variable'], e.g. {list(rows)[:5]}."
                )
            if rows[name]["kind"] not in PROFILE_KINDS:
                raise PersonakitError(
                    f"variables=: {name!r} has kind {rows[name]['kind']!r}, which a persona "
                    f"profile cannot describe; use variables of kind {list(PROFILE_KINDS)}."
                )
            chosen.append(name)
    infos = []
    for name in chosen:
        row = rows[name]
        kind = row["kind"]
        series = responses[name]
        question = _clean(row["question"]) or ""
        sub_label = _clean(row["sub_label"])
        info = VariableInfo(
            variable=name,
            kind=kind,
            question_id=str(_clean(row["question_id"]) or name),
            question=str(question),
            sub_label=None if sub_label is None else str(sub_label),
            label=variable_label(name, kind, str(question), sub_label),
            role=_clean(row["role"]),
            stage=_clean(row["stage"]),
        )
        if kind in ("likert", "ordinal", "nominal"):
            info.levels = _levels(series, _clean(row["levels"]), name)
            if kind != "nominal":
                numbers = [_as_number(level) for level in info.levels]
                if info.levels and all(n is not None for n in numbers):
                    info.level_values = [float(n) for n in numbers]  # type: ignore[arg-type]
                else:
                    info.level_values = [float(i + 1) for i in range(len(info.levels))]
                if info.levels:
                    lo, hi = info.level_values[0], info.level_values[-1]
                    info.scale_text = (
                        f"{_num(lo)}–{_num(hi)} scale "
                        f"({info.levels[0]} = {_num(lo)}, {info.levels[-1]} = {_num(hi)})"
                    )
        elif kind == "multiselect":
            info.levels = [str(sub_label) if sub_label else name]
        elif kind == "nps":
            info.levels = list(NPS_GROUPS)
        infos.append(info)
    return infos


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _levels(series: pd.Series, cb_levels: Any, name: str) -> list[str]:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return [str(c) for c in series.cat.categories]
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        values = sorted(pd.unique(series.dropna().astype(float)))
        return [_num(v) for v in values]
    levels = [str(v) for v in cb_levels] if isinstance(cb_levels, list | tuple) else []
    seen = set(levels)
    extra = sorted({str(v) for v in series.dropna()} - seen)
    return levels + extra


def _codes(series: pd.Series, info: VariableInfo) -> np.ndarray:
    """Level codes 0..m-1, -1 for missing."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy(dtype=np.int64)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        text = series.map(lambda v: None if pd.isna(v) else _num(float(v)))
    else:
        text = series.map(lambda v: None if pd.isna(v) else str(v))
    cat = pd.Categorical(text, categories=info.levels)
    return np.asarray(cat.codes, dtype=np.int64)


def _selected(series: pd.Series, name: str) -> np.ndarray:
    """Multi-select option -> 1 chosen, 0 not, -1 missing."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        missing = series.isna().to_numpy()
        chosen = series.fillna(False).to_numpy(dtype=bool)
        return np.where(missing, -1, chosen.astype(np.int64))
    if pd.api.types.is_numeric_dtype(dtype):
        x = series.to_numpy(dtype=float, na_value=np.nan)
        return np.where(np.isnan(x), -1, (x != 0).astype(np.int64))
    out = np.full(len(series), -1, dtype=np.int64)
    values = series.to_numpy(dtype=object)
    for i, value in enumerate(values):
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            continue
        if isinstance(value, bool | np.bool_):
            out[i] = int(value)
        elif isinstance(value, int | float | np.integer | np.floating):
            out[i] = int(value != 0)
        else:
            text = str(value).strip().lower()
            if text in _TRUE_STRINGS:
                out[i] = 1
            elif text in _FALSE_STRINGS:
                out[i] = 0
            else:
                raise PersonakitError(
                    f"Multi-select variable {name!r} holds {value!r}, which is neither chosen "
                    "nor not chosen. Store each option as a boolean column (True when chosen)."
                )
    return out


def _numeric(series: pd.Series, name: str) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=float, na_value=np.nan)
    converted = pd.to_numeric(series, errors="coerce")
    bad = series.notna() & converted.isna()
    if bad.any():
        example = series[bad].iloc[0]
        raise PersonakitError(
            f"Variable {name!r} is numeric in the codebook but holds {example!r} (respondent "
            f"{series.index[bad][0]!r}). Fix the value, or set its codebook kind to 'nominal'."
        )
    return converted.to_numpy(dtype=float, na_value=np.nan)


def compute_profile(
    survey: Any,
    labels: pd.Series,
    weights: np.ndarray,
    infos: list[VariableInfo],
    *,
    mean_test: str = "welch",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Compare every persona with the rest on every variable.

    Parameters
    ----------
    survey : Survey
        The survey (only the labelled respondents are used).
    labels : pandas.Series
        Persona id per respondent (int), for the respondents to profile.
    weights : numpy.ndarray
        One non-negative weight per entry of ``labels`` (ones when unweighted).
    infos : list of VariableInfo
        The variables, from :func:`variable_infos`.
    mean_test : {"welch", "mannwhitney"}, default "welch"
        Test for differences in means (Mann-Whitney ignores weights).
    alpha : float, default 0.05
        Level for the ``significant`` column (on ``p_adj``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PROFILE_COLUMNS`, rows ordered by persona, then variable
        (codebook order), then level (scale order), then the mean row.

    Examples
    --------
    >>> import pandas as pd, numpy as np
    >>> from personakit import Survey
    >>> r = pd.DataFrame({"plan": ["pro"] * 6 + ["free"] * 6}, index=[f"r{i}" for i in range(12)])
    >>> s = Survey(r, pd.DataFrame({"variable": ["plan"], "kind": ["nominal"]}))
    >>> lab = pd.Series([1] * 6 + [2] * 6, index=r.index)
    >>> prof = compute_profile(s, lab, np.ones(12), variable_infos(s))
    >>> prof.loc[prof.level == "pro", ["persona", "share_in", "share_out"]].to_dict("list")
    {'persona': [1, 2], 'share_in': [1.0, 0.0], 'share_out': [0.0, 1.0]}
    """
    if mean_test not in ("welch", "mannwhitney"):
        raise PersonakitError(f"mean_test={mean_test!r}: use 'welch' or 'mannwhitney'.")
    responses = survey.responses.loc[labels.index]
    persona_ids = np.array(sorted(pd.unique(labels.to_numpy())), dtype=np.int64)
    k = len(persona_ids)
    pidx = np.searchsorted(persona_ids, labels.to_numpy(dtype=np.int64))
    w = np.asarray(weights, dtype=float)
    rows: list[dict[str, Any]] = []
    for info in infos:
        series = responses[info.variable]
        if info.kind in ("likert", "ordinal", "nominal"):
            codes = _codes(series, info)
            rows += _share_rows(info, codes, pidx, w, persona_ids, info.levels)
            if info.kind != "nominal" and info.level_values and len(info.levels) >= 3:
                values = np.where(
                    codes >= 0, np.asarray(info.level_values)[np.maximum(codes, 0)], np.nan
                )
                rows += _mean_rows(info, values, pidx, w, persona_ids, mean_test)
        elif info.kind == "multiselect":
            chosen = _selected(series, info.variable)
            share = _share_rows(info, chosen, pidx, w, persona_ids, ["not chosen", info.levels[0]])
            rows += [r for r in share if r["level"] == info.levels[0]]
        else:
            values = _numeric(series, info.variable)
            if info.kind == "nps":
                groups = np.where(
                    np.isnan(values), -1, np.where(values >= 9, 2, np.where(values >= 7, 1, 0))
                )
                rows += _share_rows(info, groups, pidx, w, persona_ids, info.levels)
            rows += _mean_rows(info, values, pidx, w, persona_ids, mean_test)
    table = pd.DataFrame(rows, columns=[c for c in PROFILE_COLUMNS if c not in _DERIVED])
    if table.empty or k < 2:
        table["p_adj"] = np.nan
    else:
        table["p_adj"] = _stats.bh_adjust(table["p_value"].to_numpy(dtype=float))
    table["significant"] = (table["p_adj"] < alpha).fillna(False).astype(bool)
    effect = table["effect"].to_numpy(dtype=float)
    table["direction"] = np.where(
        effect > 0, "higher", np.where(effect < 0, "lower", np.where(np.isnan(effect), "", "same"))
    )
    table["strength"] = _stats.strength(effect, table["effect_type"].to_numpy())
    table["effect_size"] = [
        _stats.effect_class(e, t) for e, t in zip(effect, table["effect_type"], strict=True)
    ]
    by_variable = {info.variable: info for info in infos}
    texts = [describe_row(row, by_variable[row["variable"]]) for row in table.to_dict("records")]
    table["trait"] = [t[0] for t in texts]
    table["short"] = [t[1] for t in texts]
    order = {info.variable: i for i, info in enumerate(infos)}
    table["_v"] = table["variable"].map(order)
    table["_r"] = np.arange(len(table))
    table = table.sort_values(["persona", "_v", "_r"], kind="stable").drop(columns=["_v", "_r"])
    table = table[list(PROFILE_COLUMNS)].reset_index(drop=True)
    for column in ("persona", "n_in", "n_out"):
        table[column] = table[column].astype(np.int64)
    for column in ("variable", "question_id", "question", "label", "kind", "statistic"):
        table[column] = table[column].astype(object)
    return table


_DERIVED = ("p_adj", "significant", "direction", "strength", "effect_size", "trait", "short")


def _base(info: VariableInfo, persona: int, statistic: str) -> dict[str, Any]:
    return {
        "persona": int(persona),
        "variable": info.variable,
        "question_id": info.question_id,
        "question": info.question,
        "label": info.label,
        "kind": info.kind,
        "role": info.role,
        "stage": info.stage,
        "statistic": statistic,
    }


def _share_rows(
    info: VariableInfo,
    codes: np.ndarray,
    pidx: np.ndarray,
    w: np.ndarray,
    persona_ids: np.ndarray,
    levels: list[str],
) -> list[dict[str, Any]]:
    k = len(persona_ids)
    m = len(levels)
    if m == 0:
        return []
    valid = codes >= 0
    flat = pidx[valid] * m + codes[valid]
    weighted = np.bincount(flat, weights=w[valid], minlength=k * m).reshape(k, m)
    counts = np.bincount(flat, minlength=k * m).reshape(k, m)
    w2 = np.bincount(pidx[valid], weights=w[valid] ** 2, minlength=k)
    n = np.bincount(pidx[valid], minlength=k)
    s1 = weighted.sum(axis=1)
    s1_total = s1.sum()
    level_total = weighted.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share_in = weighted / s1[:, None]
        share_out = (level_total[None, :] - weighted) / (s1_total - s1)[:, None]
    neff_in = _stats.kish_n(s1, w2)
    neff_out = _stats.kish_n(s1_total - s1, w2.sum() - w2)
    phi, odds, p_value = _stats.share_tests(
        share_in, neff_in[:, None], share_out, neff_out[:, None]
    )
    # Cramer's V of the persona-vs-rest x levels table (levels anyone chose)
    used = counts.sum(axis=0) > 0
    cramers = np.full(k, np.nan)
    if used.sum() >= 2:
        for i in range(k):
            if neff_in[i] <= 0 or neff_out[i] <= 0:
                continue
            table = np.vstack([share_in[i, used] * neff_in[i], share_out[i, used] * neff_out[i]])
            expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / table.sum()
            with np.errstate(divide="ignore", invalid="ignore"):
                chi2 = np.nansum(np.where(expected > 0, (table - expected) ** 2 / expected, 0))
            cramers[i] = math.sqrt(chi2 / table.sum()) if table.sum() > 0 else np.nan
    rows = []
    for i, persona in enumerate(persona_ids):
        n_out = int(n.sum() - n[i])
        for j, level in enumerate(levels):
            if not used[j]:
                continue
            row = _base(info, persona, "share")
            row.update(
                level=level,
                share_in=float(share_in[i, j]),
                share_out=float(share_out[i, j]) if n_out else np.nan,
                mean_in=np.nan,
                mean_out=np.nan,
                difference=float(share_in[i, j] - share_out[i, j]) if n_out else np.nan,
                effect=float(phi[i, j]),
                effect_type="phi",
                odds_ratio=float(odds[i, j]),
                cramers_v=float(abs(phi[i, j])) if info.kind == "multiselect" else cramers[i],
                n_in=int(n[i]),
                n_out=n_out,
                p_value=float(p_value[i, j]),
            )
            rows.append(row)
    return rows


def _mean_rows(
    info: VariableInfo,
    values: np.ndarray,
    pidx: np.ndarray,
    w: np.ndarray,
    persona_ids: np.ndarray,
    mean_test: str,
) -> list[dict[str, Any]]:
    k = len(persona_ids)
    valid = ~np.isnan(values)
    if not valid.any():
        return []
    centre = float(np.median(values[valid]))
    x = values[valid] - centre  # centred for numerical stability of the sums
    p = pidx[valid]
    wv = w[valid]
    sw = np.bincount(p, weights=wv, minlength=k)
    swx = np.bincount(p, weights=wv * x, minlength=k)
    swx2 = np.bincount(p, weights=wv * x * x, minlength=k)
    sw2 = np.bincount(p, weights=wv * wv, minlength=k)
    n = np.bincount(p, minlength=k)
    m_in, v_in = _stats.weighted_mean_var(sw, swx, swx2, sw2)
    m_out, v_out = _stats.weighted_mean_var(
        sw.sum() - sw, swx.sum() - swx, swx2.sum() - swx2, sw2.sum() - sw2
    )
    n_in = _stats.kish_n(sw, sw2)
    n_out = _stats.kish_n(sw.sum() - sw, sw2.sum() - sw2)
    smd, p_value = _stats.mean_tests(m_in, v_in, n_in, m_out, v_out, n_out)
    if mean_test == "mannwhitney":
        p_value = np.full(k, np.nan)
        for i in range(k):
            inside = values[valid][p == i]
            outside = values[valid][p != i]
            if len(inside) and len(outside):
                p_value[i] = stats.mannwhitneyu(inside, outside).pvalue
    rows = []
    for i, persona in enumerate(persona_ids):
        count_out = int(n.sum() - n[i])
        row = _base(info, persona, "mean")
        row.update(
            level=None,
            share_in=np.nan,
            share_out=np.nan,
            mean_in=float(m_in[i] + centre),
            mean_out=float(m_out[i] + centre) if count_out else np.nan,
            difference=float(m_in[i] - m_out[i]) if count_out else np.nan,
            effect=float(smd[i]),
            effect_type="smd",
            odds_ratio=np.nan,
            cramers_v=np.nan,
            n_in=int(n[i]),
            n_out=count_out,
            p_value=float(p_value[i]),
        )
        rows.append(row)
    return rows

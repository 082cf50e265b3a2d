"""The overlap table: which traits most members of each persona share.

For small groups (top accounts: a handful of accounts per persona) a
significance test says little; what explains a group is the list of traits
that most of its accounts have in common, and which accounts those are.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from personakit.personas._profile import _codes, _numeric, _selected
from personakit.personas._text import fmt_num

__all__ = ["OVERLAP_COLUMNS", "overlap_table"]

OVERLAP_COLUMNS = (
    "persona",
    "name",
    "variable",
    "label",
    "level",
    "trait",
    "n_members",
    "n_sharing",
    "share",
    "share_others",
    "members",
)


def _traits(info: Any, series: pd.Series) -> list[tuple[str, str, np.ndarray]]:
    """(level, trait text, boolean membership) for each trait a variable offers."""
    out = []
    if info.kind in ("likert", "ordinal", "nominal"):
        codes = _codes(series, info)
        for j, level in enumerate(info.levels):
            has = codes == j
            if has.any():
                out.append((level, f"{info.label}: {level}", has))
    elif info.kind == "multiselect":
        chosen = _selected(series, info.variable) == 1
        if chosen.any():
            question = info.question.strip()
            option = info.levels[0]
            trait = f"{question}: {option}" if question and question != option else option
            out.append((option, trait, chosen))
    else:
        x = _numeric(series, info.variable)
        ok = ~np.isnan(x)
        if ok.sum() < 3:
            return out
        q1, q2 = np.quantile(x[ok], [1 / 3, 2 / 3])
        if q1 == q2:
            return out
        bands = [
            ("low", f"{info.label}: low (≤ {fmt_num(q1)})", ok & (x <= q1)),
            (
                "middle",
                f"{info.label}: middle ({fmt_num(q1)}–{fmt_num(q2)})",
                ok & (x > q1) & (x <= q2),
            ),
            ("high", f"{info.label}: high (> {fmt_num(q2)})", ok & (x > q2)),
        ]
        out += [b for b in bands if b[2].any()]
    return out


def _join(ids: np.ndarray, limit: int | None) -> str:
    if limit is None or len(ids) <= limit:
        return "; ".join(ids)
    return "; ".join(ids[:limit]) + f"; … (+{len(ids) - limit} more)"


def overlap_table(
    survey: Any,
    labels: pd.Series,
    names: dict[int, str],
    infos: list[Any],
    min_share: float,
    max_members: int | None = 100,
) -> pd.DataFrame:
    """Traits shared by at least ``min_share`` of each persona's members.

    Parameters
    ----------
    survey : Survey
        The survey (or accounts).
    labels : pandas.Series
        Persona id per member.
    names : dict
        Persona id -> name.
    infos : list of VariableInfo
        Variables to look at.
    min_share : float
        Smallest share of members that must share a trait.
    max_members : int or None, default 100
        List at most this many member ids per trait (then "… (+N more)").

    Returns
    -------
    pandas.DataFrame
        Columns :data:`OVERLAP_COLUMNS`.

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit import Survey
    >>> from personakit.personas._profile import variable_infos
    >>> r = pd.DataFrame({"tier": ["A", "A", "B", "B"]}, index=["x1", "x2", "x3", "x4"])
    >>> s = Survey(r, pd.DataFrame({"variable": ["tier"], "kind": ["nominal"]}))
    >>> t = overlap_table(s, pd.Series([1, 1, 2, 2], index=r.index), {1: "P1", 2: "P2"},
    ...                   variable_infos(s), 0.6)
    >>> t[["persona", "level", "members"]].values.tolist()
    [[1, 'A', 'x1; x2'], [2, 'B', 'x3; x4']]
    """
    responses = survey.responses.loc[labels.index]
    ids = np.asarray([str(i) for i in labels.index], dtype=object)
    persona_of = labels.to_numpy()
    rows = []
    for v_order, info in enumerate(infos):
        for level, trait, has in _traits(info, responses[info.variable]):
            for pid in sorted(names):
                inside = persona_of == pid
                n_members = int(inside.sum())
                if n_members == 0:
                    continue
                sharing = inside & has
                share = sharing.sum() / n_members
                if share + 1e-12 < min_share:
                    continue
                others = ~inside
                share_others = has[others].mean() if others.any() else np.nan
                rows.append(
                    {
                        "persona": int(pid),
                        "name": names[pid],
                        "variable": info.variable,
                        "label": info.label,
                        "level": level,
                        "trait": trait,
                        "n_members": n_members,
                        "n_sharing": int(sharing.sum()),
                        "share": float(share),
                        "share_others": float(share_others),
                        "members": _join(ids[sharing], max_members),
                        "_order": v_order,
                    }
                )
    table = pd.DataFrame(rows, columns=[*OVERLAP_COLUMNS, "_order"])
    if table.empty:
        return table.drop(columns="_order")
    table = table.sort_values(
        ["persona", "share", "share_others", "_order"],
        ascending=[True, False, True, True],
        kind="stable",
    )
    return table.drop(columns="_order").reset_index(drop=True)

"""One persona × stage cell of a journey map, and how it is computed from evidence.

Every number in a cell says how much evidence is behind it:

- **valence**: mean of the sentences' valence (-1..1) with a 95 % interval.
  Sentences from the same interview (or respondent) are alike, so the interval
  is cluster-robust: ``mean ± t(G-1) · sqrt(G/(G-1) · Σ_g r_g² / n²)`` where
  ``r_g`` is the sum of deviations from the mean in source ``g`` and ``G`` is
  the number of sources (never narrower than the plain interval over
  sentences; degrees of freedom ``G-1``). With one source the interval is the plain t
  interval over sentences, and the cell is marked as having too little
  evidence (``min_sources``).
- **emotions**: count and share of each emotion; the dominant emotion is the
  most frequent one other than ``neutral``.
- **pain points**: grouped by theme (or pain type when no theme), with count,
  sources, and a severity from 0 to 100:
  ``severity = 100 · sqrt(share · spread) · (0.5 + 0.5 · negativity)`` where
  ``share`` is the theme's share of the cell's sentences, ``spread`` the share
  of the cell's sources (interviews/respondents) that raise it, and
  ``negativity`` the mean of ``max(0, -valence)`` over its sentences. It rises
  with frequency, with how many different people raise it, and with how
  negative they are.
- **opportunities**: one per top pain point (the first, and any other raised
  at least twice), phrased from its pain type;
  workshop entries are added next to them with ``source="workshop"``.

A cell with fewer than ``min_evidence`` sentences, or fewer than
``min_sources`` sources, has ``sufficient=False`` and no valence numbers: maps
and tables say "too little evidence" instead of showing a confident number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["LANES", "JourneyCell", "compute_cell", "opportunity_text"]

LANES = (
    "goals",
    "actions",
    "touchpoints",
    "needs",
    "content",
    "answers",
    "pain_survey",
    "scores",
    "pain_points",
    "opportunities",
    "notes",
)
"""Lists of items a cell holds (besides its numbers)."""

WORKSHOP_LANES = (
    "goals",
    "actions",
    "touchpoints",
    "needs",
    "content",
    "pain_points",
    "opportunities",
    "notes",
)
"""Lanes users can add workshop entries to."""

_OPPORTUNITY = {
    "cost": "Make the cost behind '{theme}' clearer or easier to justify (transparent pricing, "
    "a plan that fits)",
    "time": "Cut the time lost to '{theme}' (fewer steps, faster responses)",
    "usability": "Remove the friction in '{theme}' (a simpler flow, guidance in the product)",
    "information": "Close the information gap on '{theme}' (clear content where this stage "
    "needs it)",
    "trust": "Build trust around '{theme}' (proof from peers, guarantees, transparency)",
    "support": "Make help with '{theme}' faster and easier to reach",
    "missed_opportunity": "Help them get the value they miss in '{theme}'",
}
_OPPORTUNITY_DEFAULT = "Address '{theme}' at this stage"
_MIN_NEED_SOURCES = 2  # a need from the evidence is listed once two sources say it


def opportunity_text(theme: str, pain_type: Any) -> str:
    """The opportunity phrased for a pain point of ``pain_type`` about ``theme``."""
    template = _OPPORTUNITY.get(str(pain_type), _OPPORTUNITY_DEFAULT)
    return template.format(theme=theme)


@dataclass
class JourneyCell:
    """What a journey map knows about one persona at one stage.

    Attributes
    ----------
    persona : int or str or None
        Persona id; ``None`` for the all-personas (brand) cell.
    stage : str
        Stage name.
    n : int
        Evidence sentences in the cell.
    n_sources : int
        Distinct interviews / respondents behind them.
    sufficient : bool
        Enough evidence for confident numbers (``n >= min_evidence`` and
        ``n_sources >= min_sources``).
    note : str
        Why the cell is not sufficient ("" when it is).
    valence_mean, valence_low, valence_high : float
        Mean valence and its interval; NaN when not sufficient.
    interval_method : str
        How the interval was computed.
    emotions : list of dict
        ``{emotion, count, share}``, most frequent first.
    dominant_emotion : str or None
        Most frequent emotion other than neutral (``neutral`` if only that).
    pain_points : list of dict
        ``{theme, pain_type, count, n_sources, share, spread, negativity,
        severity, mean_valence, quotes, source}``, most severe first.
    n_pain : int
        Pain-point sentences in the cell.
    quotes : list of dict
        Representative quotes ``{text, evidence_id, source, line,
        interview_id, respondent_id, valence, emotion}``.
    goals, actions, touchpoints, needs, content, answers, pain_survey, scores : list of dict
        Lane items ``{text, source, ...}``; ``source`` is ``"stage"`` (the
        stage definition), ``"survey"`` (with ``share``/``value`` and ``n``)
        or ``"workshop"``.
    opportunities, notes : list of dict
        Derived (``source="derived"``) and workshop entries.
    participation : dict or None
        ``{level, source, reason}`` for hand-off journeys.
    evidence_ids : list of str
        Every evidence row behind the cell.
    """

    persona: Any
    stage: str
    n: int = 0
    n_sources: int = 0
    sufficient: bool = False
    note: str = ""
    valence_mean: float = float("nan")
    valence_low: float = float("nan")
    valence_high: float = float("nan")
    interval_method: str = ""
    emotions: list[dict[str, Any]] = field(default_factory=list)
    dominant_emotion: str | None = None
    pain_points: list[dict[str, Any]] = field(default_factory=list)
    n_pain: int = 0
    quotes: list[dict[str, Any]] = field(default_factory=list)
    goals: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    touchpoints: list[dict[str, Any]] = field(default_factory=list)
    needs: list[dict[str, Any]] = field(default_factory=list)
    content: list[dict[str, Any]] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)
    pain_survey: list[dict[str, Any]] = field(default_factory=list)
    scores: list[dict[str, Any]] = field(default_factory=list)
    opportunities: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    participation: dict[str, Any] | None = None
    evidence_ids: list[str] = field(default_factory=list)

    @property
    def top_pain_point(self) -> dict[str, Any] | None:
        """The most severe pain point of the cell, or ``None``."""
        return self.pain_points[0] if self.pain_points else None

    def to_dict(self) -> dict[str, Any]:
        """Return the cell as a plain dict (JSON-safe after ``personakit._json``)."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JourneyCell:
        """Rebuild a cell from :meth:`to_dict` output (``null`` numbers become NaN)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("valence_mean", "valence_low", "valence_high"):
            if values.get(name) is None:
                values[name] = float("nan")
        return cls(**values)


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def valence_interval(
    values: np.ndarray, clusters: np.ndarray, confidence: float
) -> tuple[float, float, float, str]:
    """Mean, low, high and method of the valence interval (see module docstring)."""
    from scipy import stats

    n = len(values)
    if n == 0:
        return float("nan"), float("nan"), float("nan"), "no valence"
    mean = float(values.mean())
    groups = pd.Series(values - mean).groupby(clusters).sum()
    g = len(groups)
    if g >= 2:
        robust = g / (g - 1) * float((groups.to_numpy() ** 2).sum()) / n**2
        naive = float(values.var(ddof=1)) / n if n >= 2 else 0.0
        # with few sources the robust variance can come out smaller than the plain one
        # (sources that happen to agree); never claim more precision than the plain interval
        variance = max(robust, naive)
        df = g - 1
        method = f"cluster-robust t over {g} sources"
    elif n >= 2:
        variance = float(values.var(ddof=1)) / n
        df = n - 1
        method = "t over sentences (one source)"
    else:
        return mean, float("nan"), float("nan"), "one sentence"
    half = float(stats.t.ppf(0.5 + confidence / 2, df)) * math.sqrt(max(variance, 0.0))
    return mean, max(-1.0, mean - half), min(1.0, mean + half), method


def _quote(row: dict[str, Any], keep_speaker: bool) -> dict[str, Any]:
    out = {
        "text": row["text"],
        "evidence_id": row["evidence_id"],
        "source": None if pd.isna(row["source"]) else row["source"],
        "line": None if pd.isna(row["line"]) else int(row["line"]),
        "interview_id": None if pd.isna(row["interview_id"]) else row["interview_id"],
        "respondent_id": None if pd.isna(row["respondent_id"]) else row["respondent_id"],
        "valence": None if pd.isna(row["valence"]) else float(row["valence"]),
        "emotion": None if pd.isna(row["emotion"]) else row["emotion"],
    }
    if keep_speaker:
        out["speaker"] = None if pd.isna(row["speaker"]) else row["speaker"]
    return out


def _quotability(text: str) -> int:
    """0 for a sentence that reads well as a quote (6-45 words), 1 otherwise."""
    words = len(str(text).split())
    return 0 if 6 <= words <= 45 else 1


def pick_quotes(rows: pd.DataFrame, n: int, sort_cols: list[str], ascending: list[bool]):
    """Up to ``n`` rows (as dicts), one per source first, in the given order.

    Sentences of 6-45 words come first (they read as quotes); ties are broken by
    ``evidence_id`` so the choice does not depend on row order.
    """
    if not len(rows) or n <= 0:
        return []
    keys = [np.unique(rows["evidence_id"].to_numpy(dtype=str), return_inverse=True)[1]]
    for column, asc in reversed(list(zip(sort_cols, ascending))):
        values = rows[column].to_numpy(dtype=float)
        values = values if asc else -values
        keys.append(np.where(np.isnan(values), np.inf, values))  # missing values last
    keys.append(rows["text"].map(_quotability).to_numpy(dtype=float))
    order = np.lexsort(keys)
    clusters = rows["cluster"].to_numpy()
    picked: list[int] = []
    seen: set[Any] = set()
    for i in order:
        if clusters[i] not in seen:
            picked.append(int(i))
            seen.add(clusters[i])
            if len(picked) == n:
                break
    if len(picked) < n:
        chosen = set(picked)
        picked += [int(i) for i in order if int(i) not in chosen][: n - len(picked)]
    columns = [c for c in _QUOTE_COLUMNS if c in rows.columns]
    arrays = {c: rows[c].to_numpy(dtype=object)[picked] for c in columns}
    return [{c: arrays[c][k] for c in columns} for k in range(len(picked))]


_QUOTE_COLUMNS = (
    "text",
    "evidence_id",
    "source",
    "line",
    "interview_id",
    "respondent_id",
    "valence",
    "emotion",
    "speaker",
)


def compute_cell(
    persona: Any,
    stage: str,
    rows: pd.DataFrame,
    *,
    min_evidence: int,
    min_sources: int,
    confidence: float,
    top_pain_points: int,
    n_quotes: int,
    keep_speaker: bool,
) -> JourneyCell:
    """Compute a cell's numbers from its prepared evidence rows."""
    cell = JourneyCell(persona=persona, stage=stage)
    n = len(rows)
    cell.n = int(n)
    cell.n_sources = int(rows["cluster"].nunique()) if n else 0
    cell.evidence_ids = sorted(rows["evidence_id"].tolist())
    if n < min_evidence or cell.n_sources < min_sources:
        parts = []
        if n < min_evidence:
            parts.append(f"{n} quote{'s' if n != 1 else ''} (minimum {min_evidence})")
        if cell.n_sources < min_sources:
            parts.append(
                f"{cell.n_sources} source{'s' if cell.n_sources != 1 else ''} "
                f"(minimum {min_sources})"
            )
        cell.note = "too little evidence: " + " and ".join(parts)
        cell.sufficient = False
    else:
        cell.sufficient = True
    if not n:
        return cell
    with_valence = rows[rows["valence"].notna()]
    mean, low, high, method = valence_interval(
        with_valence["valence"].to_numpy(dtype=float),
        with_valence["cluster"].to_numpy(),
        confidence,
    )
    if cell.sufficient:
        cell.valence_mean, cell.valence_low, cell.valence_high = mean, low, high
        cell.interval_method = method
    emotions = rows["emotion"].dropna()
    if len(emotions):
        counts = emotions.value_counts()
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        cell.emotions = [
            {"emotion": str(e), "count": int(c), "share": float(c / len(emotions))}
            for e, c in ordered
        ]
        non_neutral = [e for e, _ in ordered if e != "neutral"]
        cell.dominant_emotion = str(non_neutral[0]) if non_neutral else "neutral"
    # representative quotes: the dominant emotion first, then the most confident and
    # the most strongly felt
    tagged = rows.assign(
        _dom=(rows["emotion"] != cell.dominant_emotion).astype(int),
        _abs=-rows["valence"].abs(),
        _conf=-rows["emotion_confidence"].fillna(0.0),
    )
    cell.quotes = [
        _quote(r, keep_speaker)
        for r in pick_quotes(tagged, n_quotes, ["_dom", "_conf", "_abs"], [True, True, True])
    ]
    # needs said in the evidence (is_need), by theme, most frequent first; a need one
    # source said once is a quote, not yet a need of the persona
    if "is_need" in rows.columns:
        needs = rows[rows["is_need"].astype(bool) & rows["theme"].notna()]
        counts = needs.groupby("theme")["cluster"].agg(["size", "nunique"])
        counts = counts[counts["nunique"] >= _MIN_NEED_SOURCES]
        for theme, row in sorted(counts.iterrows(), key=lambda kv: (-kv[1]["size"], kv[0]))[:3]:
            cell.needs.append(
                {
                    "text": str(theme),
                    "count": int(row["size"]),
                    "n_sources": int(row["nunique"]),
                    "source": "evidence",
                }
            )
    # pain points by theme
    pains = rows[rows["is_pain_point"].astype(bool)]
    cell.n_pain = int(len(pains))
    if len(pains):
        theme = [
            t
            if isinstance(t, str)
            else (
                f"{p.replace('_', ' ')} (no theme)" if isinstance(p, str) else "unthemed pain point"
            )
            for t, p in zip(pains["theme"], pains["pain_type"])
        ]
        pains = pains.assign(_theme=theme)
        found = []
        for name, group in pains.groupby("_theme", sort=True):
            count = len(group)
            sources = int(group["cluster"].nunique())
            share = count / n
            spread = sources / cell.n_sources if cell.n_sources else 0.0
            negativity = float(
                np.clip(-np.nan_to_num(group["valence"].to_numpy(dtype=float)), 0.0, 1.0).mean()
            )
            severity = 100.0 * math.sqrt(share * spread) * (0.5 + 0.5 * negativity)
            types = group["pain_type"].dropna()
            pain_type = (
                sorted(types.value_counts().items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                if len(types)
                else None
            )
            quotes = pick_quotes(group, n_quotes, ["valence"], [True])
            found.append(
                {
                    "theme": str(name),
                    "pain_type": pain_type,
                    "count": int(count),
                    "n_sources": sources,
                    "share": float(share),
                    "spread": float(spread),
                    "negativity": negativity,
                    "severity": float(severity),
                    "mean_valence": float(group["valence"].mean())
                    if group["valence"].notna().any()
                    else None,
                    "quotes": [_quote(r, keep_speaker) for r in quotes],
                    "source": "evidence",
                }
            )
        found.sort(key=lambda p: (-p["severity"], -p["count"], p["theme"]))
        cell.pain_points = found[:top_pain_points]
        for rank, pain in enumerate(cell.pain_points, start=1):
            if rank > 1 and pain["count"] < 2:
                continue  # one stray sentence is not enough to suggest an opportunity
            cell.opportunities.append(
                {
                    "text": opportunity_text(pain["theme"], pain["pain_type"]),
                    "source": "derived",
                    "pain_theme": pain["theme"],
                    "pain_type": pain["pain_type"],
                    "priority": rank,
                    "basis": f"{pain['count']} quote(s) from {pain['n_sources']} source(s), "
                    f"severity {pain['severity']:.0f}",
                }
            )
    return cell

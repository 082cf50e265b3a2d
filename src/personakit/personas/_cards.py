"""Persona cards as HTML context and Markdown, and the card sections.

The HTML itself is in the Jinja2 templates ``templates/persona_*.html.j2``
(autoescaped, so user text is always escaped); this module prepares their
context (numbers, labels, bar geometry for the inline SVG charts) and writes
the Markdown version, escaping user text there too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from personakit.personas import _text

if TYPE_CHECKING:  # pragma: no cover
    from personakit.personas._core import Persona

__all__ = ["SECTIONS"]

STABILITY_THRESHOLD = 0.6
"""A persona whose bootstrap stability (mean Jaccard) is below this is flagged not stable."""

SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "demographics": ("Demographics and firmographics", ("demographic", "firmographic")),
    "decision_role": ("Decision role", ("decision_role",)),
    "goals": ("Goals and motivations", ("goal",)),
    "needs": ("Needs", ("need",)),
    "pain_points": ("Pain points", ("pain",)),
    "channels": ("Preferred channels and touchpoints", ("channel", "touchpoint")),
    "content_preferences": ("Content preferences", ("content_preference",)),
    "behaviours": ("Behaviours", ("behaviour",)),
    "attitudes": ("Attitudes and satisfaction", ("attitude", "satisfaction")),
}
"""Card sections: key -> (title, codebook roles that fill it), in card order."""


def _isna(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _md(text: Any) -> str:
    """Escape user text for Markdown (and for the HTML a Markdown renderer would pass through)."""
    out = str(text)
    out = out.replace("\\", "\\\\")
    for ch in "`*_[]<>|#~!":
        out = out.replace(ch, "\\" + ch)
    out = out.replace("&", "&amp;")
    return " ".join(out.split())


def _stability_text(persona: Persona) -> str:
    if persona.stability is None:
        return "–"
    flag = "stable" if persona.stable else "not stable"
    return f"{persona.stability:.2f} ({flag})"


def _persona_markdown(persona: Persona, *, n_traits: int, weighted: bool) -> str:
    lines = [f"## {persona.id}. {_md(persona.name)}", "", f"_{_md(persona.description)}_", ""]
    size = f"- **Size:** {persona.size} {persona.unit} ({_text.pct(persona.share)})"
    if weighted:
        size += f"; weighted share {_text.pct(persona.weighted_share)}"
    lines.append(size)
    if persona.stability is not None:
        lines.append(f"- **Stability:** {_stability_text(persona)}")
    if persona.certainty is not None:
        lines.append(f"- **Assignment certainty:** {persona.certainty:.2f}")
    lines.append("")
    traits = persona.traits.head(n_traits)
    if len(traits):
        lines += [
            "### What sets them apart",
            "",
            "| Trait | Effect | Adjusted p | Basis |",
            "|---|---|---|---|",
        ]
        for row in traits.to_dict("records"):
            effect = f"{row['effect_type']} {row['effect']:+.2f} ({row['effect_size']})"
            lines.append(
                f"| {_md(row['trait'])} | {_md(effect)} | {_p_text(row['p_adj'])} | "
                f"{_md(row.get('basis') or '')} |"
            )
        lines.append("")
    for key, (title, _) in SECTIONS.items():
        items = persona.sections.get(key) or []
        if not items:
            continue
        lines += [f"### {title}", ""] + [f"- {_md(item)}" for item in items] + [""]
    if persona.quotes:
        lines += ["### In their words", ""]
        for quote in persona.quotes:
            lines.append(
                f"> “{_md(quote['text'])}” — respondent {_md(quote['respondent_id'])}, "
                f"{_md(quote['variable'])}"
            )
            lines.append("")
    return "\n".join(lines)


def _p_text(p: Any) -> str:
    if p is None or _isna(p):
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _bar_rows(persona: Persona, max_bars: int = 6) -> list[dict[str, Any]]:
    width = 230.0
    bars = []
    for row in persona.traits.to_dict("records"):
        if len(bars) >= max_bars:
            break
        if row["statistic"] == "share":
            value_in, value_out = row["share_in"], row["share_out"]
            text_in, text_out = _text.pct(value_in), _text.pct(value_out)
            label = _bar_label(row)
        else:
            info_profile = persona.profile
            lo, hi = _scale_bounds(info_profile, row) if info_profile is not None else (None, None)
            if lo is None:
                continue
            value_in = (row["mean_in"] - lo) / (hi - lo)
            value_out = (row["mean_out"] - lo) / (hi - lo)
            text_in, text_out = _text.fmt_num(row["mean_in"]), _text.fmt_num(row["mean_out"])
            label = f"{row['label']} (average)"
        if _isna(value_in):
            continue
        short = label if len(label) <= 58 else label[:57].rstrip() + "…"
        y = 4 + 36 * len(bars)
        bars.append(
            {
                "label": short,
                "title": row["trait"],
                "y_label": y + 10,
                "y_in": y + 14,
                "y_out": y + 23,
                "w_in": round(max(float(value_in), 0.0) * width, 1),
                "w_out": round(max(float(value_out), 0.0) * width, 1)
                if not _isna(value_out)
                else 0,
                "x_in_text": round(max(float(value_in), 0.0) * width + 4, 1),
                "x_out_text": round(
                    (max(float(value_out), 0.0) if not _isna(value_out) else 0) * width + 4, 1
                ),
                "text_in": text_in,
                "text_out": text_out,
            }
        )
    return bars


def _bar_label(row: Mapping[str, Any]) -> str:
    """Label of a share bar: the option, or the answer with its question or statement."""
    if row["kind"] == "multiselect":
        return str(row["level"])
    if str(row["label"]).rstrip().endswith("?"):
        return f"{row['level']} — {row['label']}"
    return f"{row['label']}: {row['level']}"


def _scale_bounds(profile: pd.DataFrame, row: Mapping[str, Any]) -> tuple[Any, Any]:
    if row["kind"] not in ("likert", "ordinal"):
        return None, None
    levels = profile.loc[
        (profile["variable"] == row["variable"]) & (profile["statistic"] == "share"), "level"
    ].tolist()
    numbers = []
    for level in levels:
        try:
            numbers.append(float(level))
        except (TypeError, ValueError):
            numbers = []
            break
    if numbers:
        lo, hi = min(numbers), max(numbers)
    else:
        lo, hi = 1.0, float(max(len(levels), 2))
    if hi <= lo:
        return None, None
    return lo, hi


def _card_context(persona: Persona, *, position: int, weighted: bool) -> dict[str, Any]:
    from personakit.plotting._style import persona_color

    stats = [("Size", f"{persona.size} {persona.unit}"), ("Share", _text.pct(persona.share))]
    if weighted:
        stats.append(("Weighted share", _text.pct(persona.weighted_share)))
    if persona.stability is not None:
        stats.append(("Stability", _stability_text(persona)))
    if persona.certainty is not None:
        stats.append(("Certainty", f"{persona.certainty:.2f}"))
    warning = ""
    if persona.stable is False:
        warning = (
            f"Not stable: this persona is recovered in only {persona.stability:.0%} of bootstrap "
            "resamples (Jaccard similarity); treat it as tentative."
        )
    sections = [
        (title, persona.sections.get(key) or [])
        for key, (title, _) in SECTIONS.items()
        if persona.sections.get(key)
    ]
    quotes = [
        {"text": q["text"], "source": f"respondent {q['respondent_id']}, {q['variable']}"}
        for q in persona.quotes
    ]
    bars = _bar_rows(persona)
    return {
        "id": persona.id,
        "name": persona.name,
        "description": persona.description,
        "color": persona_color(position),
        "stats": stats,
        "warning": warning,
        "bars": bars,
        "bars_height": 8 + 36 * len(bars),
        "sections": sections,
        "quotes": quotes,
    }

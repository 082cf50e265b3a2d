"""Short human-readable texts for cell contents, shared by the plot, HTML and Markdown."""

from __future__ import annotations

import math
from typing import Any

from personakit.journey._cells import JourneyCell

__all__ = [
    "emotion_text",
    "fmt_pct",
    "fmt_valence",
    "lane_texts",
    "pain_text",
    "participation_text",
    "score_text",
    "valence_text",
]


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(float(value))


def fmt_pct(value: Any) -> str:
    """``0.416`` -> ``"42%"``; missing -> ``"–"``."""
    return f"{100 * float(value):.0f}%" if _finite(value) else "–"


def fmt_valence(value: Any) -> str:
    """Signed valence with two decimals and a real minus sign: ``"+0.35"``, ``"−0.42"``."""
    if not _finite(value):
        return "–"
    value = float(value)
    text = f"{abs(value):.2f}"
    if text == "0.00":
        return "0.00"
    return ("+" if value > 0 else "−") + text


def valence_text(cell: JourneyCell, *, with_n: bool = True) -> str:
    """``"+0.32 [+0.10, +0.50], n=23"`` or ``"too little evidence (n=2, 1 source)"``."""
    sources = f"{cell.n_sources} source{'s' if cell.n_sources != 1 else ''}"
    if not cell.sufficient:
        return f"too little evidence (n={cell.n}, {sources})"
    text = (
        f"{fmt_valence(cell.valence_mean)} [{fmt_valence(cell.valence_low)}, "
        f"{fmt_valence(cell.valence_high)}]"
    )
    return f"{text}, n={cell.n}, {sources}" if with_n else text


def emotion_text(cell: JourneyCell, k: int = 3) -> str:
    """``"frustration 41%, anxiety 20%, neutral 15%"`` (top ``k``)."""
    return ", ".join(f"{e['emotion']} {fmt_pct(e['share'])}" for e in cell.emotions[:k])


def pain_text(pain: dict[str, Any], *, quote: bool = False) -> str:
    """``"unclear pricing (cost; 12 quotes, 5 sources, severity 34)"``; workshop entries marked."""
    if pain.get("source") == "workshop":
        return f"{pain.get('theme')} [workshop]"
    kind = f"{str(pain['pain_type']).replace('_', ' ')}; " if pain.get("pain_type") else ""
    text = (
        f"{pain['theme']} ({kind}{pain['count']} quote{'s' if pain['count'] != 1 else ''}, "
        f"{pain['n_sources']} source{'s' if pain['n_sources'] != 1 else ''}, severity "
        f"{pain['severity']:.0f})"
    )
    if quote and pain.get("quotes"):
        text += f': "{pain["quotes"][0]["text"]}"'
    return text


def score_text(item: dict[str, Any]) -> str:
    """``"Ease of comparing: 38% top-2 box of 5 (all 45%), n=120"`` and the like."""
    measure = item.get("measure", "")
    value, overall = item.get("value"), item.get("overall")
    if measure == "NPS":
        fmt = lambda v: (f"{v:+.0f}" if _finite(v) else "–").replace("-", "−")  # noqa: E731
        body = f"NPS {fmt(value)} (all {fmt(overall)})"
    elif measure.startswith("top-"):
        body = f"{fmt_pct(value)} {measure} (all {fmt_pct(overall)})"
    else:
        fmt = lambda v: f"{v:.2f}" if _finite(v) else "–"  # noqa: E731
        body = f"mean {fmt(value)} (all {fmt(overall)})"
    return f"{item.get('label') or item.get('text')}: {body}, n={item.get('n')}"


def _item_text(item: dict[str, Any]) -> str:
    text = str(item.get("text", item.get("theme", "")))
    if item.get("source") == "survey" and _finite(item.get("share")):
        return f"{text} {fmt_pct(item['share'])}"
    if item.get("source") == "workshop":
        return f"{text} [workshop]"
    if item.get("source") == "evidence" and item.get("count"):
        return f"{text} ({item['count']}×)"
    return text


def lane_texts(cell: JourneyCell, lane: str, *, limit: int | None = None) -> list[str]:
    """Display strings for a lane of a cell.

    Survey and evidence items (about these people) come before the generic items
    of the stage definition, which are only shown when the data has none.
    """
    if lane == "goals_actions":
        needs = [n for n in cell.needs if n.get("source") in ("evidence", "survey")]
        texts = (
            lane_texts(cell, "goals")
            + [f"needs {_item_text(n)}" for n in needs[:2]]
            + [f"→ {t}" for t in lane_texts(cell, "actions")]
        )
    elif lane == "pain_points":
        texts = [pain_text(p) for p in cell.pain_points]
    elif lane == "scores":
        texts = [score_text(s) for s in cell.scores]
        texts += [f"{a['question']}: {_item_text(a)}" for a in cell.answers[:2]]
    elif lane in ("opportunities", "notes"):
        texts = [_item_text(o) for o in getattr(cell, lane)]
    else:
        items = getattr(cell, lane)
        data = [i for i in items if i.get("source") in ("survey", "evidence")]
        workshop = [i for i in items if i.get("source") == "workshop"]
        stage = [i for i in items if i.get("source") == "stage"]
        chosen = data[:4] if data else stage
        texts = [_item_text(i) for i in [*chosen, *workshop]]
    return texts[:limit] if limit is not None else texts


def participation_text(cell: JourneyCell) -> str:
    """``"Driver (from evidence)"`` or ``""``."""
    part = cell.participation
    if not part:
        return ""
    return f"{str(part['level']).replace('_', ' ').capitalize()} (from {part['source']})"

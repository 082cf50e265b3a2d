"""Journey-map figures: the classic map, personas side by side, overlaid curves, hand-off.

Every function takes ``ax=None`` and returns the Axes. Text is wrapped and,
where a lane has more than fits, shortened with "… +N more": every label is
fitted into its own box, measured with the figure's renderer, so no two labels
overlap at A4 landscape or 16:9 (or in an Axes you pass). Colours come from the
Okabe-Ito palette (:mod:`personakit.plotting._style`); meaning is never carried
by colour alone (levels and valences are also written out).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from personakit._errors import JourneyError
from personakit.plotting._style import NEGATIVE, NEUTRAL, POSITIVE, persona_color
from personakit.plotting._style import renderer as _renderer

__all__ = [
    "FIGURE_SIZES",
    "fit_text",
    "plot_content_coverage",
    "plot_emotion_curves",
    "plot_handoff",
    "plot_journey",
    "plot_journey_map",
    "plot_persona_comparison",
    "save_journey_figure",
]

FIGURE_SIZES = {"a4": (11.69, 8.27), "16:9": (13.333, 7.5)}
"""Figure sizes in inches: A4 landscape and 16:9 slides."""

_TEXT = "#222222"
_MUTED = "#555555"
_LANE_BG = ("#F4F6F8", "#FFFFFF")
_HEADER_BG = "#DDE6EE"
_PAGE = (0.015, 0.985, 0.015, 0.985)
_LEVEL_STYLE = {
    "driver": {"face": "#0072B2", "text": "#FFFFFF", "hatch": None, "edge": "#0072B2"},
    "participant": {"face": "#A6D5F2", "text": _TEXT, "hatch": None, "edge": "#56B4E9"},
    "gatekeeper": {"face": "#FFFFFF", "text": _TEXT, "hatch": "///", "edge": "#E69F00"},
    "not_involved": {"face": "#F2F2F2", "text": "#6B6B6B", "hatch": None, "edge": "#DDDDDD"},
}


# -- helpers -----------------------------------------------------------------------------
def _new_axes(ax: Any, size: str, margins: tuple[float, float, float, float] = _PAGE):
    """``ax``, or the Axes of a new figure of ``size`` with ``margins`` (left, right,
    bottom, top in figure fractions)."""
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax
    if size not in FIGURE_SIZES:
        raise JourneyError(f"size must be one of {list(FIGURE_SIZES)}, got {size!r}.")
    fig, ax = plt.subplots(figsize=FIGURE_SIZES[size])
    left, right, bottom, top = margins
    fig.subplots_adjust(left=left, right=right, bottom=bottom, top=top)
    return ax


def _blank(ax: Any) -> None:
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)


def _wrap(entries: Sequence[str], width: int, bullet: bool) -> list[tuple[int, str]]:
    """Wrapped lines as (entry index, line) pairs."""
    lines: list[tuple[int, str]] = []
    for i, entry in enumerate(entries):
        prefix = "• " if bullet and len(entries) > 1 and not str(entry).startswith("→") else ""
        for j, part in enumerate(str(entry).split("\n")):
            wrapped = textwrap.wrap(
                part,
                width=max(3, width),
                initial_indent=prefix if j == 0 else ("  " if prefix else ""),
                subsequent_indent="  " if prefix else "",
                break_long_words=True,
                break_on_hyphens=True,
            ) or [""]
            lines.extend((i, w) for w in wrapped)
    return lines


def _truncate(lines: list[tuple[int, str]], n_entries: int, max_lines: int) -> list[str]:
    if len(lines) <= max_lines:
        return [t for _, t in lines]
    if max_lines <= 0:
        return []
    if max_lines == 1:
        return ["…"]
    kept = lines[: max_lines - 1]
    shown_entries = {i for i, _ in kept}
    # an entry is fully shown only when all its lines are kept
    complete = {
        i
        for i in shown_entries
        if sum(1 for j, _ in lines if j == i) == sum(1 for j, _ in kept if j == i)
    }
    hidden = n_entries - len(complete)
    out = [t for _, t in kept]
    out.append(f"… +{hidden} more" if hidden > 0 else "…")
    return out


def fit_text(
    ax: Any,
    box: tuple[float, float, float, float],
    entries: Sequence[str] | str,
    *,
    fontsize: float = 8.0,
    min_fontsize: float = 5.5,
    bullet: bool = True,
    ha: str = "left",
    va: str = "top",
    color: str = _TEXT,
    weight: str = "normal",
    style: str = "normal",
    renderer: Any = None,
    pad: float = 2.0,
    linespacing: float = 1.15,
):
    """Draw text wrapped and shortened so that it stays inside ``box``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes.
    box : tuple of float
        ``(x0, y0, x1, y1)`` in Axes fraction coordinates.
    entries : str or sequence of str
        One text, or several shown as bullet points.
    fontsize, min_fontsize : float, default 8.0 and 5.5
        Start size, shrunk in 0.5 pt steps down to ``min_fontsize`` before
        entries are dropped (with "… +N more").
    bullet : bool, default True
        Prefix entries with bullets when there are several.
    ha : {"left", "center", "right"}, default "left"
        Horizontal alignment in the box.
    va : {"top", "center"}, default "top"
        Vertical alignment in the box.
    color, weight, style : str
        Text properties.
    renderer : optional
        The figure's renderer (found when not given).
    pad : float, default 2.0
        Padding inside the box, in pixels.
    linespacing : float, default 1.15
        Line spacing.

    Returns
    -------
    matplotlib.text.Text or None
        The text artist, or ``None`` when there was nothing to draw or no room.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(3, 2))
    >>> t = fit_text(ax, (0, 0, 0.5, 0.3), ["a long sentence that has to wrap"] * 5)
    >>> t.get_text().endswith("more")
    True
    """
    if isinstance(entries, str):
        entries = [entries]
    entries = [e for e in entries if e is not None and str(e).strip()]
    if not entries:
        return None
    fig = ax.figure
    renderer = renderer or _renderer(fig)
    x0, y0, x1, y1 = box
    (px0, py0), (px1, py1) = ax.transAxes.transform([(x0, y0), (x1, y1)])
    width, height = px1 - px0 - 2 * pad, py1 - py0 - 2 * pad
    if width < 6 or height < 5:
        return None
    dpi = fig.dpi
    size = fontsize
    while True:
        char_px = size * dpi / 72 * 0.55
        chars = max(3, int(width / char_px))
        lines = _wrap(entries, chars, bullet)
        budget = max(0, int(height / (size * dpi / 72 * linespacing * 1.05)))
        if len(lines) <= budget or size - 0.5 < min_fontsize:
            break
        size -= 0.5
    chosen = _truncate(lines, len(entries), budget)
    if not chosen:
        return None
    ax_w = ax.transAxes.transform((1, 0))[0] - ax.transAxes.transform((0, 0))[0]
    ax_h = ax.transAxes.transform((0, 1))[1] - ax.transAxes.transform((0, 0))[1]
    pad_x, pad_y = pad / ax_w, pad / ax_h
    x = {"left": x0 + pad_x, "center": (x0 + x1) / 2, "right": x1 - pad_x}[ha]
    y = {"top": y1 - pad_y, "center": (y0 + y1) / 2}[va]
    text = ax.text(
        x,
        y,
        "\n".join(chosen),
        transform=ax.transAxes,
        fontsize=size,
        ha=ha,
        va=va,
        color=color,
        fontweight=weight,
        fontstyle=style,
        linespacing=linespacing,
        multialignment=ha,
        clip_on=False,
    )
    for _ in range(40):
        extent = text.get_window_extent(renderer)
        fits_w = extent.width <= width + 0.5
        fits_h = extent.height <= height + 0.5
        if fits_w and fits_h:
            return text
        if not fits_w and chars > 3:
            chars = max(3, min(chars - 1, int(chars * width / extent.width)))
            lines = _wrap(entries, chars, bullet)
        elif not fits_h or chars <= 3:
            budget -= 1
        if budget <= 0:
            break
        text.set_text("\n".join(_truncate(lines, len(entries), budget)))
    text.remove()
    return None


def _rect(ax: Any, x0, y0, x1, y1, *, face, edge="none", hatch=None, lw=0.0, z=0.0):
    from matplotlib.patches import Rectangle

    patch = Rectangle(
        (x0, y0),
        x1 - x0,
        y1 - y0,
        transform=ax.transAxes,
        facecolor=face,
        edgecolor=edge,
        hatch=hatch,
        linewidth=lw,
        zorder=z,
        clip_on=False,
    )
    ax.add_patch(patch)
    return patch


def _valence_colour(value: float, lim: float = 1.0) -> str:
    """A light tint from vermillion (negative) through white to green (positive)."""
    from matplotlib.colors import LinearSegmentedColormap, to_hex, to_rgb

    if not np.isfinite(value):
        return "#EFEFEF"
    cmap = LinearSegmentedColormap.from_list("pk_valence", [NEGATIVE, "#FFFFFF", POSITIVE])
    rgb = np.array(to_rgb(cmap((float(np.clip(value / lim, -1, 1)) + 1) / 2)))
    return to_hex(0.55 * rgb + 0.45 * np.ones(3))


def valence_limit(jm: Any) -> float:
    """The valence axis half-range for a map: the smallest of 0.25, 0.5, 0.75, 1 that holds
    every confident cell's interval (one scale for all personas, so maps compare)."""
    values = [
        abs(v)
        for c in [*jm.cells, *jm.overall]
        if c.sufficient
        for v in (c.valence_mean, c.valence_low, c.valence_high)
        if np.isfinite(v)
    ]
    top = max(values, default=1.0)
    return next((lim for lim in (0.25, 0.5, 0.75) if top <= lim), 1.0)


def _point_colour(cell: Any) -> str:
    if cell.valence_low > 0:
        return POSITIVE
    if cell.valence_high < 0:
        return NEGATIVE
    return NEUTRAL


def _resolve_persona(jm: Any, persona: Any):
    if persona is None:
        if len(jm.persona_ids) == 1:
            return jm.persona_ids[0]
        raise JourneyError(
            f"this map has {len(jm.persona_ids)} personas; pass persona=<id or name> for one "
            f"persona's map (the personas are {list(jm.persona_names.items())})."
        )
    return jm._persona_id(persona)


def _title(ax: Any, box: tuple[float, float, float, float], text: str, renderer: Any) -> None:
    fit_text(
        ax, box, text, fontsize=13, min_fontsize=8, weight="bold", renderer=renderer, bullet=False
    )


def _footnote(ax: Any, box: tuple[float, float, float, float], entries: Any, renderer: Any):
    fit_text(ax, box, entries, fontsize=7.5, color=_MUTED, renderer=renderer, bullet=False)


def _stage_headers(ax: Any, jm: Any, cols: list, top: float, height: float, renderer: Any):
    """One header box per stage with its label, centred (persona rows below)."""
    for (x0, x1), stage in zip(cols, jm.stage_names):
        _rect(ax, x0, top - height, x1, top, face=_HEADER_BG)
        fit_text(
            ax,
            (x0, top - height, x1, top),
            jm.journey.labels[stage],
            fontsize=10,
            min_fontsize=6,
            weight="bold",
            ha="center",
            va="center",
            renderer=renderer,
            bullet=False,
        )


def _persona_rows(row_top: float, bottom: float, n: int) -> tuple[list[tuple[float, float]], float]:
    """(y0, y1) of ``n`` persona rows from ``row_top`` down to at most ``bottom``, and
    the top of the footnote below them."""
    row_h = min(0.2, (row_top - bottom) / max(1, n))
    rows = []
    for r in range(n):
        y1 = row_top - r * row_h
        rows.append((y1 - row_h + 0.004, y1))
    return rows, row_top - n * row_h - 0.004


def _cell_text(ax: Any, box: tuple[float, float, float, float], entries: list[str], **style):
    """The centred text of one persona × stage cell."""
    fit_text(
        ax,
        box,
        entries,
        fontsize=9.5,
        min_fontsize=5.5,
        bullet=False,
        va="center",
        ha="center",
        pad=5.0,
        **style,
    )


def _sources(cell: Any) -> str:
    return f"n={cell.n} · {cell.n_sources} source{'s' if cell.n_sources != 1 else ''}"


def _interval(cell: Any, fmt_valence: Any) -> str:
    """Mean valence and its 95 % interval, e.g. "−0.42 [−0.61, −0.20]"."""
    return (
        f"{fmt_valence(cell.valence_mean)} [{fmt_valence(cell.valence_low)}, "
        f"{fmt_valence(cell.valence_high)}]"
    )


def _valences(cells: Sequence[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, low and high valence per cell; NaN where a cell has too little evidence."""
    rows = [
        (c.valence_mean, c.valence_low, c.valence_high) if c.sufficient else (np.nan,) * 3
        for c in cells
    ]
    mean, low, high = np.array(rows, dtype=float).reshape(-1, 3).T
    return mean, low, high


def _columns(n: int, left: float, right: float = 1.0, gap: float = 0.004):
    width = (right - left) / n
    return [(left + i * width + gap / 2, left + (i + 1) * width - gap / 2) for i in range(n)]


def _shorten(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _pain_short(pain: dict[str, Any]) -> str:
    if pain.get("source") == "workshop":
        return f"{pain.get('theme')} [workshop]"
    return (
        f"{pain['theme']} ({pain['count']}× from {pain['n_sources']} "
        f"source{'s' if pain['n_sources'] != 1 else ''}; severity {pain['severity']:.0f})"
    )


def _short_emotion_line(cell: Any) -> str:
    if not cell.emotions:
        return ""
    share = next((e["share"] for e in cell.emotions if e["emotion"] == cell.dominant_emotion), None)
    share_text = f" {100 * share:.0f}%" if share is not None else ""
    return f"{cell.dominant_emotion}{share_text}"


# -- the classic map ---------------------------------------------------------------------
def plot_journey_map(jm: Any, persona: Any = None, ax: Any = None, *, size: str = "a4"):
    """The classic journey map of one persona.

    Stages are columns; lanes show goals and actions, touchpoints, survey
    scores (when the map has any), the emotion curve with its 95 % interval
    and evidence counts, pain points, and opportunities (plus participation
    for hand-off journeys and workshop notes when there are any). Cells with
    too little evidence say so and show no point on the curve.

    Parameters
    ----------
    jm : JourneyMap
        The map.
    persona : id or name, optional
        Required when the map has several personas.
    ax : matplotlib.axes.Axes, optional
        Where to draw (its area is used as the page).
    size : {"a4", "16:9"}, default "a4"
        Size of a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes.

    Examples
    --------
    >>> from personakit.journey import example_map
    >>> from personakit.plotting.journey import plot_journey_map
    >>> ax = plot_journey_map(example_map(), persona="Busy parent", size="16:9")
    >>> any("Hidden fees" in t.get_text() or "hidden fees" in t.get_text() for t in ax.texts)
    True
    """
    from personakit.journey._format import fmt_valence, lane_texts, participation_text

    pid = _resolve_persona(jm, persona)
    ax = _new_axes(ax, size)
    _blank(ax)
    renderer = _renderer(ax.figure)
    stages = jm.stage_names
    labels = jm.journey.labels
    cells = [jm.cell(pid, s) for s in stages]
    info = next(p for p in jm.personas if p["id"] == pid)
    index = jm.persona_ids.index(pid)
    colour = persona_color(index)

    _title(ax, (0.0, 0.952, 1.0, 1.0), f"Journey map: {info['name']}", renderer)
    unstaged = info.get("unstaged") or 0
    sub = (
        f"{jm.journey.name} · {jm.journey.kind} journey · {info['n_evidence']} quotes on the map"
        f"{f' ({unstaged} more without a stage)' if unstaged else ''} · a cell needs "
        f"{jm.settings.get('min_evidence', '?')} quotes from {jm.settings.get('min_sources', '?')} "
        "sources for a valence"
    )
    fit_text(
        ax,
        (0.0, 0.918, 1.0, 0.952),
        sub,
        fontsize=8.5,
        color=_MUTED,
        renderer=renderer,
        bullet=False,
    )

    left = 0.125
    cols = _columns(len(stages), left)
    top = 0.912
    header_h = 0.05
    for (x0, x1), stage, cell in zip(cols, stages, cells):
        _rect(ax, x0, top - header_h, x1, top, face=_HEADER_BG)
        fit_text(
            ax,
            (x0, top - header_h * 0.55, x1, top),
            labels[stage],
            fontsize=10,
            min_fontsize=6,
            weight="bold",
            ha="center",
            renderer=renderer,
            bullet=False,
        )
        fit_text(
            ax,
            (x0, top - header_h, x1, top - header_h * 0.55),
            _sources(cell),
            fontsize=7.5,
            min_fontsize=5.5,
            ha="center",
            color=_MUTED,
            renderer=renderer,
            bullet=False,
        )

    def entries_for(key: str, cell: Any) -> list[str]:
        if key == "participation":
            return [participation_text(cell)] if cell.participation else []
        if key == "pain_points":
            entries = [_pain_short(p) for p in cell.pain_points]
            first = next((p for p in cell.pain_points if p.get("quotes")), None)
            if first is not None:
                entries.insert(1, f"“{_shorten(first['quotes'][0]['text'], 110)}”")
            if not entries:
                entries = ["no pain points in the evidence"] if cell.n else []
            return entries
        return lane_texts(cell, key)

    candidates = [
        ("participation", "Participation", 0.45),
        ("goals_actions", "Goals and actions", 1.25),
        ("touchpoints", "Touchpoints", 0.95),
        ("scores", "Survey", 0.8),
        ("emotion", "Emotions", 2.0),
        ("pain_points", "Pain points", 1.45),
        ("opportunities", "Opportunities", 1.1),
        ("notes", "Workshop notes", 0.6),
    ]
    always = {"emotion", "pain_points"}
    lanes = [
        lane
        for lane in candidates
        if lane[0] in always or any(entries_for(lane[0], c) for c in cells)
    ]
    total = sum(w for _, _, w in lanes)
    y = top - header_h - 0.006
    available = y - 0.0
    for lane_no, (key, title, weight) in enumerate(lanes):
        h = available * weight / total
        ly0, ly1 = y - h, y
        _rect(ax, 0.0, ly0, 1.0, ly1, face=_LANE_BG[lane_no % 2], z=-1)
        label_box = (0.003, ly0, 0.083 if key == "emotion" else left - 0.004, ly1)
        fit_text(
            ax,
            label_box,
            title,
            fontsize=9,
            min_fontsize=6,
            weight="bold",
            renderer=renderer,
            bullet=False,
        )
        if key == "emotion":
            _draw_emotion_lane(
                ax, cols, cells, (ly0, ly1), left, colour, renderer, fmt_valence, valence_limit(jm)
            )
        else:
            for (x0, x1), cell in zip(cols, cells):
                fit_text(
                    ax,
                    (x0, ly0, x1, ly1),
                    entries_for(key, cell),
                    fontsize=7.5,
                    min_fontsize=6.5,
                    renderer=renderer,
                )
        y = ly0
    return ax


def _draw_emotion_lane(ax, cols, cells, lane, left, colour, renderer, fmt_valence, lim) -> None:
    ly0, ly1 = lane
    h = ly1 - ly0
    cy0, cy1 = ly0 + 0.42 * h, ly1 - 0.07 * h

    def to_y(v: float) -> float:
        return cy0 + (float(np.clip(v, -lim, lim)) / lim + 1) / 2 * (cy1 - cy0)

    # valence scale in the margin, right of the lane label
    step = (cy1 - cy0) / 2
    half = min(0.012, step * 0.45)
    tick = f"{lim:g}"
    for value, text in ((lim, f"+{tick}"), (0, "0"), (-lim, f"−{tick}")):
        yy = to_y(value)
        fit_text(
            ax,
            (0.085, yy - half, left - 0.004, yy + half),
            text,
            fontsize=7,
            min_fontsize=5,
            ha="right",
            va="center",
            color=_MUTED,
            renderer=renderer,
            bullet=False,
            pad=1.0,
        )
    ax.plot(
        [cols[0][0], cols[-1][1]],
        [to_y(0), to_y(0)],
        transform=ax.transAxes,
        color="#AAAAAA",
        lw=0.8,
        ls=(0, (4, 3)),
        zorder=1,
    )
    xs = np.array([(a + b) / 2 for a, b in cols])
    means, lows, highs = _valences(cells)
    ym = np.array([to_y(v) if np.isfinite(v) else np.nan for v in means])
    yl = np.array([to_y(v) if np.isfinite(v) else np.nan for v in lows])
    yh = np.array([to_y(v) if np.isfinite(v) else np.nan for v in highs])
    ax.fill_between(xs, yl, yh, transform=ax.transAxes, color=colour, alpha=0.16, lw=0, zorder=1)
    for x, lo, hi in zip(xs, yl, yh):
        if np.isfinite(lo) and np.isfinite(hi):
            ax.plot([x, x], [lo, hi], transform=ax.transAxes, color=colour, lw=1.2, zorder=2)
    ax.plot(xs, ym, transform=ax.transAxes, color=colour, lw=2.0, zorder=3)
    for x, y, cell in zip(xs, ym, cells):
        if np.isfinite(y):
            ax.scatter(
                [x],
                [y],
                transform=ax.transAxes,
                s=42,
                color=_point_colour(cell),
                edgecolor="white",
                linewidth=1.0,
                zorder=4,
            )
    for (x0, x1), cell in zip(cols, cells):
        box = (x0, ly0, x1, cy0 - 0.004)
        if cell.sufficient:
            entries = [_short_emotion_line(cell), _interval(cell, fmt_valence), _sources(cell)]
        else:
            entries = ["too little evidence", _sources(cell)]
            if _short_emotion_line(cell):
                entries.append(f"(mostly {cell.dominant_emotion})")
        fit_text(
            ax,
            box,
            entries,
            fontsize=7.5,
            min_fontsize=5.5,
            ha="center",
            bullet=False,
            renderer=renderer,
            color=_TEXT if cell.sufficient else _MUTED,
            style="normal" if cell.sufficient else "italic",
        )


# -- personas side by side -----------------------------------------------------------------
def plot_persona_comparison(jm: Any, personas: Any = None, ax: Any = None, *, size: str = "a4"):
    """Personas side by side: one row per persona, one column per stage.

    Each cell is tinted by its mean valence (vermillion negative, green
    positive; hatched grey for too little evidence) and says the dominant
    emotion, the valence with its interval and n, and the top pain point.

    Parameters
    ----------
    jm : JourneyMap
        The map.
    personas : list, optional
        Persona ids or names; default all.
    ax : matplotlib.axes.Axes, optional
        Where to draw.
    size : {"a4", "16:9"}, default "a4"
        Size of a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes.

    Examples
    --------
    >>> from personakit.journey import example_map
    >>> from personakit.plotting.journey import plot_persona_comparison
    >>> ax = plot_persona_comparison(example_map())
    >>> sum("Bargain hunter" in t.get_text() for t in ax.texts)
    1
    """
    from personakit.journey._format import fmt_valence

    ids = jm.persona_ids if personas is None else [jm._persona_id(p) for p in personas]
    ax = _new_axes(ax, size)
    _blank(ax)
    renderer = _renderer(ax.figure)
    names = jm.persona_names
    lim = valence_limit(jm)
    _title(ax, (0, 0.95, 1, 1), f"{jm.journey.name}: personas side by side", renderer)
    left = 0.15
    cols = _columns(len(jm.stage_names), left)
    top, header_h, legend_h = 0.94, 0.05, 0.05
    _stage_headers(ax, jm, cols, top, header_h, renderer)
    rows, legend_top = _persona_rows(top - header_h - 0.006, legend_h, len(ids))
    for (y0, y1), pid in zip(rows, ids):
        info = next(p for p in jm.personas if p["id"] == pid)
        _rect(ax, 0.0, y0, left - 0.004, y1, face=persona_color(jm.persona_ids.index(pid)), z=0)
        fit_text(
            ax,
            (0.004, y0, left - 0.008, y1),
            [names[pid], f"{info['n_evidence']} quotes"],
            fontsize=9,
            min_fontsize=6,
            color="#FFFFFF" if jm.persona_ids.index(pid) % 8 in (0, 5, 7) else _TEXT,
            weight="bold",
            renderer=renderer,
            bullet=False,
        )
        for (x0, x1), stage in zip(cols, jm.stage_names):
            cell = jm.cell(pid, stage)
            if cell.sufficient:
                _rect(ax, x0, y0, x1, y1, face=_valence_colour(cell.valence_mean, lim))
                entries = [_short_emotion_line(cell), f"{_interval(cell, fmt_valence)} n={cell.n}"]
            else:
                _rect(ax, x0, y0, x1, y1, face="#F4F4F4", edge="#CCCCCC", hatch="..", lw=0.0)
                entries = [f"too little evidence (n={cell.n})"]
            if cell.top_pain_point:
                entries.append(
                    f"Pain: {cell.top_pain_point['theme']} ({cell.top_pain_point['count']}×)"
                )
            _cell_text(ax, (x0, y0, x1, y1), entries, renderer=renderer)
    _footnote(
        ax,
        (0, max(0.0, legend_top - legend_h), 1, legend_top),
        "Cell colour: mean valence (vermillion = negative, white = neutral, green = positive; "
        f"full colour at ±{lim:g}); dotted grey = too little evidence for a valence. "
        "Brackets: 95 % interval.",
        renderer,
    )
    return ax


# -- overlaid curves (brand journey) ----------------------------------------------------------
def plot_emotion_curves(
    jm: Any, personas: Any = None, ax: Any = None, *, overall: bool | None = None, size: str = "a4"
):
    """Emotion curves of several personas overlaid on one journey (the brand view).

    Parameters
    ----------
    jm : JourneyMap
        The map.
    personas : list, optional
        Persona ids or names; default all.
    ax : matplotlib.axes.Axes, optional
        Where to draw.
    overall : bool, optional
        Also draw the all-personas curve (dashed black); default for brand journeys.
    size : {"a4", "16:9"}, default "a4"
        Size of a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes.

    Examples
    --------
    >>> from personakit.journey import example_map
    >>> from personakit.plotting.journey import plot_emotion_curves
    >>> ax = plot_emotion_curves(example_map(kind="brand"))
    >>> [t.get_text() for t in ax.get_legend().get_texts()][:1]
    ['Busy parent (29 quotes)']
    """
    ids = jm.persona_ids if personas is None else [jm._persona_id(p) for p in personas]
    if overall is None:
        overall = jm.journey.kind == "brand"
    ax = _new_axes(ax, size, margins=(0.09, 0.98, 0.2, 0.91))
    stages = jm.stage_names
    labels = jm.journey.labels
    xs = np.arange(len(stages), dtype=float)
    names = jm.persona_names
    n = max(1, len(ids) + (1 if overall else 0))
    offsets = np.linspace(-0.08, 0.08, n) if n > 1 else np.zeros(1)
    series: list[tuple[str, list[Any], str, Any]] = [
        (
            f"{names[pid]} ({next(p for p in jm.personas if p['id'] == pid)['n_evidence']} quotes)",
            [jm.cell(pid, s) for s in stages],
            persona_color(jm.persona_ids.index(pid)),
            "-",
        )
        for pid in ids
    ]
    if overall:
        series.append(
            (
                f"All personas ({sum(c.n for c in jm.overall)} quotes)",
                [jm.cell(None, s) for s in stages],
                "#000000",
                "--",
            )
        )
    for k, (label, cells, colour, ls) in enumerate(series):
        x = xs + offsets[k]
        mean, low, high = _valences(cells)
        ax.fill_between(x, low, high, color=colour, alpha=0.12, lw=0)
        ax.errorbar(
            x,
            mean,
            yerr=[mean - low, high - mean],
            color=colour,
            ls=ls,
            lw=2,
            marker="o",
            ms=6,
            capsize=3,
            label=label,
        )
        missing = [i for i, c in enumerate(cells) if not c.sufficient]
        if missing:
            ax.scatter(
                x[missing],
                np.zeros(len(missing)),
                marker="o",
                s=36,
                facecolor="none",
                edgecolor=colour,
                lw=1.2,
                zorder=3,
            )
    ax.axhline(0, color="#AAAAAA", lw=0.8, ls=(0, (4, 3)), zorder=0)
    ax.set_xlim(-0.5, len(stages) - 0.5)
    lim = valence_limit(jm)
    ax.set_ylim(-lim * 1.05, lim * 1.05)
    ax.set_xticks(xs)
    width = max(8, int(90 / max(1, len(stages))))
    ax.set_xticklabels([textwrap.fill(labels[s], width) for s in stages], fontsize=9)
    ax.set_ylabel("Valence (negative < 0 < positive; full scale −1 … +1)", fontsize=9)
    ax.tick_params(axis="y", labelsize=8)
    ax.set_title(
        f"{jm.journey.name}: emotion curves by persona", fontsize=12, fontweight="bold", loc="left"
    )
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    handles, legend_labels = ax.get_legend_handles_labels()
    renderer = _renderer(ax.figure)
    tick_bottom = min(
        [t.get_window_extent(renderer).y0 for t in ax.get_xticklabels() if t.get_text()]
        or [ax.get_window_extent(renderer).y0]
    )
    anchor_y = ax.transAxes.inverted().transform((0, tick_bottom - 8))[1]
    legend_labels = [textwrap.fill(label, 48) for label in legend_labels]
    fig_width = ax.figure.bbox.width
    for ncol in range(min(3, len(handles)), 0, -1):
        legend = ax.legend(
            handles,
            legend_labels,
            loc="upper left",
            bbox_to_anchor=(0.0, anchor_y),
            ncol=ncol,
            fontsize=8.5,
            frameon=False,
            title="Hollow circles at 0: too little evidence for a valence. Bars: 95 % interval.",
            title_fontsize=7.5,
            alignment="left",
        )
        box = legend.get_window_extent(renderer)
        if box.x1 <= fig_width - 2 or ncol == 1:
            break
    legend.get_title().set_color(_MUTED)
    return ax


# -- hand-off -----------------------------------------------------------------------------------
def plot_handoff(jm: Any, ax: Any = None, *, size: str = "a4"):
    """The hand-off view: participation matrix with each persona's emotions where involved.

    Rows are personas, columns stages. Each cell names the participation level
    (driver, participant, gatekeeper, not involved; also shown by fill and
    hatching) and, where the persona is involved, its dominant emotion and
    valence. Each row says where its levels came from (user, accounts,
    evidence).

    Parameters
    ----------
    jm : JourneyMap
        The map (participation comes from its journey or was inferred).
    ax : matplotlib.axes.Axes, optional
        Where to draw.
    size : {"a4", "16:9"}, default "a4"
        Size of a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes.

    Examples
    --------
    >>> from personakit.journey import example_map
    >>> from personakit.plotting.journey import plot_handoff
    >>> ax = plot_handoff(example_map(kind="handoff"))
    >>> any(t.get_text().startswith("Driver") for t in ax.texts)
    True
    """
    from personakit.journey._format import fmt_valence

    ax = _new_axes(ax, size)
    _blank(ax)
    renderer = _renderer(ax.figure)
    ids = jm.persona_ids
    names = jm.persona_names
    _title(ax, (0, 0.95, 1, 1), f"{jm.journey.name}: who takes part in each stage", renderer)
    left = 0.17
    cols = _columns(len(jm.stage_names), left)
    top, header_h, legend_h = 0.94, 0.05, 0.07
    _stage_headers(ax, jm, cols, top, header_h, renderer)
    rows, legend_top = _persona_rows(top - header_h - 0.006, legend_h, len(ids))
    for r, ((y0, y1), pid) in enumerate(zip(rows, ids)):
        cells = [jm.cell(pid, s) for s in jm.stage_names]
        sources = sorted({c.participation["source"] for c in cells if c.participation})
        _rect(ax, 0.0, y0, left - 0.004, y1, face="#FFFFFF", edge=persona_color(r), lw=2.0)
        fit_text(
            ax,
            (0.006, y0, left - 0.008, y1),
            [names[pid], f"levels from: {', '.join(sources) if sources else 'not given'}"],
            fontsize=9,
            min_fontsize=6,
            weight="bold",
            renderer=renderer,
            bullet=False,
        )
        for (x0, x1), cell in zip(cols, cells):
            level = cell.participation["level"] if cell.participation else None
            style = _LEVEL_STYLE.get(
                level, {"face": "#FFFFFF", "text": _MUTED, "hatch": None, "edge": "#DDDDDD"}
            )
            _rect(
                ax,
                x0,
                y0,
                x1,
                y1,
                face=style["face"],
                edge=style["edge"],
                hatch=style["hatch"],
                lw=1.5 if level == "gatekeeper" else 0.8,
            )
            if level is None:
                entries = ["level not given"]
            else:
                entries = [level.replace("_", " ").capitalize()]
                if level != "not_involved":
                    if cell.sufficient:
                        entries.append(
                            f"{_short_emotion_line(cell)} · {fmt_valence(cell.valence_mean)} "
                            f"(n={cell.n})"
                        )
                    elif cell.n:
                        entries.append(f"too little evidence (n={cell.n})")
                    else:
                        entries.append("no evidence")
            _cell_text(ax, (x0, y0, x1, y1), entries, color=style["text"], renderer=renderer)
    _footnote(
        ax,
        (0, max(0.0, legend_top - legend_h), 1, legend_top),
        [
            "Driver (dark blue): leads the stage · Participant (light blue): takes part · "
            "Gatekeeper (hatched, orange edge): does not take part but must approve · "
            "Not involved (grey).",
            "Emotions and valence are shown only where the persona is involved.",
        ],
        renderer,
    )
    return ax


# -- dispatch and saving ----------------------------------------------------------------------
def choose_view(jm: Any, persona: Any, view: str | None) -> str:
    """The view :func:`plot_journey` draws for these arguments."""
    views = ("map", "compare", "overlay", "handoff")
    if view is not None:
        if view not in views:
            raise JourneyError(f"view must be one of {list(views)}, got {view!r}.")
        return view
    if persona is not None and not isinstance(persona, list | tuple):
        return "map"
    if len(jm.persona_ids) == 1 and persona is None:
        return "map"
    if jm.journey.kind == "brand":
        return "overlay"
    if jm.journey.kind == "handoff":
        return "handoff"
    return "compare"


def plot_journey(
    jm: Any, persona: Any = None, ax: Any = None, *, view: str | None = None, size: str = "a4"
):
    """Draw a journey map in the view that fits (see :meth:`personakit.JourneyMap.plot`).

    Parameters
    ----------
    jm : JourneyMap
        The map.
    persona : id, name, list or None
        One persona (classic map), several (side by side or overlaid), or
        ``None`` (chosen from the journey's kind).
    ax : matplotlib.axes.Axes, optional
        Where to draw.
    view : {"map", "compare", "overlay", "handoff"}, optional
        Force a view.
    size : {"a4", "16:9"}, default "a4"
        Size of a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes.

    Examples
    --------
    >>> from personakit.journey import example_map
    >>> from personakit.plotting.journey import plot_journey
    >>> plot_journey(example_map(kind="brand")).get_title(loc="left")
    'Online shop: emotion curves by persona'
    """
    view = choose_view(jm, persona, view)
    if view == "map":
        if isinstance(persona, list | tuple):
            if len(persona) != 1:
                raise JourneyError("the map view shows one persona; pass persona=<id or name>.")
            persona = persona[0]
        return plot_journey_map(jm, persona, ax=ax, size=size)
    personas = list(persona) if isinstance(persona, list | tuple) else None
    if view == "compare":
        return plot_persona_comparison(jm, personas, ax=ax, size=size)
    if view == "overlay":
        return plot_emotion_curves(jm, personas, ax=ax, size=size)
    return plot_handoff(jm, ax=ax, size=size)


def save_journey_figure(
    jm: Any,
    path: str | Path,
    *,
    persona: Any = None,
    view: str | None = None,
    size: str = "a4",
    dpi: int = 150,
) -> Path:
    """Plot and save to PNG, SVG or PDF; the same map gives the same file.

    Parameters
    ----------
    jm : JourneyMap
        The map.
    path : str or Path
        Target file; the extension picks the format.
    persona, view, size
        As for :func:`plot_journey`.
    dpi : int, default 150
        Resolution of PNG output.

    Returns
    -------
    Path
        The written file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from personakit.journey import example_map
    >>> from personakit.plotting.journey import save_journey_figure
    >>> save_journey_figure(example_map(), pathlib.Path(tempfile.mkdtemp()) / "m.png").exists()
    True
    """
    import matplotlib
    import matplotlib.pyplot as plt

    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg", "pdf"):
        raise JourneyError(f"savefig: use a .png, .svg or .pdf file name, got {path.name!r}.")
    metadata = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}[
        fmt
    ]
    with matplotlib.rc_context({"svg.hashsalt": "personakit", "svg.fonttype": "path"}):
        ax = plot_journey(jm, persona=persona, view=view, size=size)
        fig = ax.figure
        try:
            fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata)
        finally:
            plt.close(fig)
    return path


# -- content coverage --------------------------------------------------------------------------
def plot_content_coverage(coverage: Any, ax: Any = None):
    """Heatmap of a content coverage matrix: asset counts, gaps and wrong-kind cells.

    Parameters
    ----------
    coverage : ContentCoverage
        From :meth:`personakit.JourneyMap.content_coverage`.
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes.

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit.journey import example_map
    >>> from personakit.plotting.journey import plot_content_coverage
    >>> inv = pd.DataFrame({"title": ["A"], "type": ["Blog post"], "stage": ["awareness"]})
    >>> ax = plot_content_coverage(example_map().content_coverage(inv))
    >>> sorted({t.get_text() for t in ax.texts})
    ['1', 'gap']
    """
    import matplotlib.pyplot as plt

    matrix = coverage.matrix
    if ax is None:
        width = max(6.0, 1.6 * matrix.shape[1] + 3.0)
        height = max(3.5, 0.6 * matrix.shape[0] + 1.8)
        _, ax = plt.subplots(figsize=(width, height))
    values = matrix.to_numpy(dtype=float)
    vmax = max(1.0, float(values.max()) if values.size else 1.0)
    ax.imshow(values, cmap="Blues", vmin=0, vmax=vmax * 1.25, aspect="auto")
    wrong = {
        (m["stage"], m["persona_name"])
        for m in coverage.mismatches.to_dict(orient="records")
        if m["kind"] == "wrong_kind"
    }
    for i, stage in enumerate(matrix.index):
        for j, persona in enumerate(matrix.columns):
            v = int(values[i, j])
            if v == 0:
                text, colour, weight = "gap", NEGATIVE, "bold"
            else:
                text = f"{v}" + (" !" if (stage, persona) in wrong else "")
                colour = "#FFFFFF" if v > vmax * 0.7 else _TEXT
                weight = "bold" if (stage, persona) in wrong else "normal"
            ax.text(
                j, i, text, ha="center", va="center", color=colour, fontsize=9, fontweight=weight
            )
    ax.set_xticks(range(matrix.shape[1]))
    ax.set_xticklabels([textwrap.fill(str(c), 14) for c in matrix.columns], fontsize=8.5)
    ax.set_yticks(range(matrix.shape[0]))
    ax.set_yticklabels([coverage.stage_labels.get(s, s) for s in matrix.index], fontsize=8.5)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(f"Content coverage: {coverage.journey_name}", fontsize=11, fontweight="bold")
    ax.set_xlabel(
        "Assets per stage and persona; 'gap' = none, '!' = none of the kinds the stage needs",
        fontsize=8,
        color=_MUTED,
    )
    return ax

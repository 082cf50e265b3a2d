"""Persona cards as matplotlib figures.

:func:`plot_persona_card` draws one card into an Axes (axis turned off): the
name, the description and the size line across the top; the card sections
(demographics, decision role, goals, needs, pain points, channels, content)
in the left column; the distinguishing traits as paired bars (this persona
vs the others) and the quotes in the right column. Text is wrapped to the
column width by measuring it with the figure's renderer (as plain text:
dollar signs are not read as mathtext) and laid out from the top down, so no
two texts overlap; when the content does not fit, the font shrinks (down to
72 % of its first size, to stay readable), and the items that still do not
fit are left out (with a "…" line saying so).
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from personakit.plotting._style import NEUTRAL, get_ax, persona_color
from personakit.plotting._style import renderer as _renderer

__all__ = ["plot_persona_card", "plot_persona_cards"]

_SCALES = (1.5, 1.3, 1.15, 1.0, 0.9, 0.8, 0.72)  # below 0.72 the text is too small: cut items
_LEFT = (0.03, 0.49)
_RIGHT = (0.53, 0.97)
_TOP = 0.955
_BOTTOM = 0.02


class _Flow:
    """Places wrapped text blocks top-down inside one column of an Axes."""

    def __init__(self, ax: Any, x0: float, x1: float, top: float, scale: float) -> None:
        self.ax = ax
        self.fig = ax.figure
        self.renderer = _renderer(self.fig)
        self.box = ax.get_window_extent(self.renderer)
        self.x0 = x0
        self.x1 = x1
        self.y = top
        self.scale = scale
        self.artists: list[Any] = []
        self.overflow = False

    @property
    def width_px(self) -> float:
        return (self.x1 - self.x0) * self.box.width

    def _wrap(self, text: str, size: float, width_px: float, indent: float, **kw: Any) -> Any:
        text = text.replace(" %", "\u00a0%")  # keep "72 %" together when wrapping
        chars = max(int(width_px / (size * self.fig.dpi / 72.0 * 0.52)), 8)
        while True:
            hang = "   " if text.startswith("• ") else ""
            wrapped = "\n".join(
                textwrap.fill(
                    part,
                    chars,
                    break_long_words=True,
                    break_on_hyphens=True,
                    subsequent_indent=hang,
                )
                for part in text.split("\n")
            )
            artist = self.ax.text(
                self.x0 + indent,
                self.y,
                wrapped,
                transform=self.ax.transAxes,
                va="top",
                ha="left",
                fontsize=size,
                parse_math=False,
                **kw,
            )
            extent = artist.get_window_extent(self.renderer)
            if extent.width <= width_px or chars <= 8:
                return artist, extent
            artist.remove()
            chars = max(int(chars * width_px / extent.width) - 1, 8)

    def text(self, text: str, size: float, *, gap: float = 2.0, indent: float = 0.0, **kw) -> bool:
        """Place a wrapped text; False (and nothing placed) when it would not fit."""
        size = size * self.scale
        width = self.width_px - indent * self.box.width
        artist, extent = self._wrap(text, size, width, indent=indent, **kw)
        height = (extent.height + gap * self.scale) / self.box.height
        if self.y - height < _BOTTOM:
            artist.remove()
            self.overflow = True
            return False
        self.artists.append(artist)
        self.y -= height
        return True

    def space(self, points: float) -> None:
        self.y -= points * self.scale * self.fig.dpi / 72.0 / self.box.height

    def bar_pair(
        self, share_in: float, share_out: float, text_in: str, text_out: str, color: str
    ) -> bool:
        """Two horizontal bars (persona, others) with their values at the bar ends."""
        from matplotlib.patches import Rectangle

        size = 7.0 * self.scale
        probe = self.ax.text(
            0, 0, "100 %", fontsize=size, transform=self.ax.transAxes, parse_math=False
        )
        probe_extent = probe.get_window_extent(self.renderer)
        probe.remove()
        row_h = (probe_extent.height + 1.0) / self.box.height
        label_w = (probe_extent.width + 6.0) / self.box.width
        bar_max = max((self.x1 - self.x0) - label_w, 0.05)
        if self.y - 2 * row_h - 2.0 / self.box.height < _BOTTOM:
            self.overflow = True
            return False
        placed = []
        for i, (value, text, fill) in enumerate(
            ((share_in, text_in, color), (share_out, text_out, NEUTRAL))
        ):
            top = self.y - i * row_h
            value = 0.0 if value is None or not math.isfinite(value) else min(max(value, 0.0), 1.0)
            rect = Rectangle(
                (self.x0, top - row_h * 0.85),
                bar_max * value,
                row_h * 0.7,
                transform=self.ax.transAxes,
                facecolor=fill,
                edgecolor="none",
                clip_on=False,
            )
            self.ax.add_patch(rect)
            label = self.ax.text(
                self.x0 + bar_max * value + 3.0 / self.box.width,
                top - row_h * 0.5,
                text,
                transform=self.ax.transAxes,
                va="center",
                ha="left",
                fontsize=size,
                color="#333333",
                parse_math=False,
            )
            placed += [rect, label]
        self.artists += placed
        self.y -= 2 * row_h + 3.0 * self.scale / self.box.height
        return True

    def remove(self) -> None:
        for artist in self.artists:
            artist.remove()
        self.artists = []


def _bar_items(persona: Any, limit: int) -> list[tuple[str, float, float, str, str, str]]:
    from personakit.personas._cards import _bar_label, _scale_bounds
    from personakit.personas._text import fmt_num, pct

    items = []
    for row in persona.traits.to_dict("records"):
        if len(items) >= limit:
            break
        if row["statistic"] == "share":
            label = _bar_label(row)
            items.append(
                (
                    label,
                    row["share_in"],
                    row["share_out"],
                    pct(row["share_in"]),
                    pct(row["share_out"]),
                    row["trait"],
                )
            )
        elif persona.profile is not None:
            lo, hi = _scale_bounds(persona.profile, row)
            if lo is None:
                continue
            items.append(
                (
                    f"{row['label']} (average)",
                    (row["mean_in"] - lo) / (hi - lo),
                    (row["mean_out"] - lo) / (hi - lo),
                    fmt_num(row["mean_in"]),
                    fmt_num(row["mean_out"]),
                    row["trait"],
                )
            )
    return items


def _draw(
    ax: Any, persona: Any, color: str, scale: float, final: bool, limits: dict
) -> tuple[list, bool]:
    from personakit.personas._cards import SECTIONS
    from personakit.personas._text import pct

    header = _Flow(ax, 0.03, 0.97, _TOP, scale)
    header.text(f"{persona.id}. {persona.name}", 14, weight="bold", color="#111111", gap=4)
    header.text(persona.description, 8.5, color="#333333", gap=3)
    stats = f"{persona.size} {persona.unit} · {pct(persona.share)}"
    if abs(persona.weighted_share - persona.share) > 1e-9:
        stats += f" · weighted {pct(persona.weighted_share)}"
    if persona.stability is not None:
        flag = "stable" if persona.stable else "NOT stable"
        stats += f" · stability {persona.stability:.2f} ({flag})"
    header.text(stats, 8, color="#555555", gap=6)
    artists = list(header.artists)
    if header.overflow and not final:
        return artists, True
    top = header.y

    left = _Flow(ax, *_LEFT, top, scale)
    for key, (title, _) in SECTIONS.items():
        items = (persona.sections.get(key) or [])[: limits["items"]]
        if not items:
            continue
        if not left.text(title.upper(), 7.5, weight="bold", color="#555555", gap=1):
            break
        for item in items:
            if not left.text("• " + item, 7.5, color="#222222", gap=1.5, indent=0.005):
                break
        if left.overflow:
            break
        left.space(3)
    right = _Flow(ax, *_RIGHT, top, scale)
    bars = _bar_items(persona, limits["bars"])
    if bars:
        right.text("WHAT SETS THEM APART", 7.5, weight="bold", color="#555555", gap=1)
        right.text("upper bar: this persona; grey bar: the others", 6.5, color="#555555", gap=2)
        for label, s_in, s_out, t_in, t_out, _ in bars:
            if not right.text(label, 7, color="#222222", gap=0.5):
                break
            if not right.bar_pair(s_in, s_out, t_in, t_out, color):
                break
        right.space(3)
    quotes = persona.quotes[: limits["quotes"]]
    if (
        quotes
        and not right.overflow
        and right.text("IN THEIR WORDS", 7.5, weight="bold", color="#555555", gap=1)
    ):
        for quote in quotes:
            if not right.text(f"“{quote['text']}”", 7.5, style="italic", color="#333333", gap=3):
                break
    overflow = left.overflow or right.overflow
    artists += left.artists + right.artists
    if overflow and final:
        for flow in (left, right):
            if flow.overflow:
                flow.text("… (more in to_markdown())", 6.5, color="#777777")
                artists += flow.artists[-1:]
        overflow = False
    return artists, overflow


def plot_persona_card(
    persona: Any,
    ax: Any = None,
    *,
    color: str | None = None,
    n_bars: int = 5,
    n_items: int = 4,
    n_quotes: int = 2,
) -> Any:
    """Draw a persona card into an Axes.

    Parameters
    ----------
    persona : Persona
        The persona.
    ax : matplotlib.axes.Axes, optional
        Where to draw (its axis is turned off); a new 8 x 6.5 inch figure by default.
    color : str, optional
        Accent colour; by default the persona's colour in the Okabe-Ito palette.
    n_bars : int, default 5
        Distinguishing traits to draw as bars.
    n_items : int, default 4
        Items per card section.
    n_quotes : int, default 2
        Quotes to show.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes with the card.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import personakit
    >>> p = personakit.Persona(id=1, name="Busy buyer", description="Half of them.", size=5,
    ...                        share=0.5, weighted_share=0.5)
    >>> ax = plot_persona_card(p)
    >>> [t.get_text() for t in ax.texts][:1]
    ['1. Busy buyer']
    """
    from matplotlib.patches import Rectangle

    ax = get_ax(ax, figsize=(8, 6.5))
    ax.set_axis_off()
    accent = color or persona_color(max(persona.id - 1, 0))
    ax.add_patch(
        Rectangle(
            (0, 0.985),
            1,
            0.015,
            transform=ax.transAxes,
            facecolor=accent,
            edgecolor="none",
            clip_on=False,
        )
    )
    ax.add_patch(
        Rectangle(
            (0, 0),
            1,
            1,
            transform=ax.transAxes,
            facecolor="none",
            edgecolor="#dddddd",
            linewidth=0.8,
            clip_on=False,
        )
    )
    limits = {"bars": n_bars, "items": n_items, "quotes": n_quotes}
    for i, scale in enumerate(_SCALES):
        artists, overflow = _draw(ax, persona, accent, scale, i == len(_SCALES) - 1, limits)
        if not overflow:
            break
        for artist in artists:
            artist.remove()
    return ax


def plot_persona_cards(personas: Any, *, fig: Any = None, ncols: int | None = None) -> Any:
    """Draw every persona card of a set in one figure, in a grid.

    Parameters
    ----------
    personas : PersonaSet or list of Persona
        The personas.
    fig : matplotlib.figure.Figure, optional
        Figure to draw into (cleared first); a new one sized to the grid by default.
    ncols : int, optional
        Cards per row; default up to 3.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import personakit
    >>> cards = [personakit.Persona(id=i, name=f"P{i}", description="", size=1, share=0.5,
    ...                             weighted_share=0.5) for i in (1, 2)]
    >>> len(plot_persona_cards(cards).axes)
    2
    """
    import matplotlib.pyplot as plt

    from personakit._errors import PersonakitError

    items = list(personas)
    if not items:
        raise PersonakitError("plot_persona_cards: there are no personas to draw.")
    if ncols is None:
        ncols = min(3, len(items))
    if not isinstance(ncols, int) or ncols < 1:
        raise PersonakitError(f"ncols={ncols!r}: give a whole number of 1 or more.")
    nrows = math.ceil(len(items) / ncols)
    if fig is None:
        fig = plt.figure(figsize=(7.5 * ncols, 6.5 * nrows))
    else:
        fig.clear()
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.99, wspace=0.04, hspace=0.04)
    grid = fig.add_gridspec(nrows, ncols)
    for i, persona in enumerate(items):
        ax = fig.add_subplot(grid[i // ncols, i % ncols])
        plot_persona_card(persona, ax=ax, color=persona_color(i))
    return fig

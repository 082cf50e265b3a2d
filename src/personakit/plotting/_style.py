"""The colour-blind-safe palette and small helpers shared by all figures."""

from __future__ import annotations

__all__ = ["NEGATIVE", "NEUTRAL", "PALETTE", "POSITIVE", "get_ax", "persona_color", "renderer"]

# Okabe & Ito (2008) palette: distinguishable with the common colour-vision deficiencies.
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
POSITIVE = "#009E73"
NEGATIVE = "#D55E00"
NEUTRAL = "#999999"


def persona_color(index: int) -> str:
    """Colour for the persona at 0-based position ``index`` (cycles after 8).

    Parameters
    ----------
    index : int
        0-based persona position.

    Returns
    -------
    str
        A hex colour.

    Examples
    --------
    >>> persona_color(0)
    '#0072B2'
    """
    return PALETTE[index % len(PALETTE)]


def get_ax(ax=None, *, figsize=(8, 5)):
    """Return ``ax`` or a new Axes on a new figure of ``figsize``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        An existing Axes.
    figsize : tuple, default (8, 5)
        Size of the new figure, in inches.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes to draw on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = get_ax()
    >>> ax.figure.get_size_inches().tolist()
    [8.0, 5.0]
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def renderer(fig):
    """The figure's renderer, to measure text before the figure is drawn.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.

    Returns
    -------
    matplotlib.backend_bases.RendererBase
        Its renderer.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig = plt.figure()
    >>> renderer(fig).points_to_pixels(72) == fig.dpi
    True
    """
    canvas = fig.canvas
    if hasattr(canvas, "get_renderer"):
        return canvas.get_renderer()
    return fig._get_renderer()  # pragma: no cover - non-Agg canvases

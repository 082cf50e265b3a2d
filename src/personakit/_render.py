"""Shared helpers for HTML rendering: a Jinja2 environment and figures as inline SVG.

Templates live in ``personakit/templates`` (package data) and are rendered with
autoescaping on, so user text (answers, quotes, names) is always escaped.
Figures are embedded as inline SVG or base64 PNG data URIs: nothing an HTML
output shows needs the network.
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache
from typing import Any

__all__ = ["figure_to_png_data_uri", "figure_to_svg", "render_template"]


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("personakit", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def render_template(name: str, **context: Any) -> str:
    """Render the package template ``name`` with autoescaping.

    Parameters
    ----------
    name : str
        File name under ``personakit/templates``.
    **context
        Template variables.

    Returns
    -------
    str
        The rendered HTML.

    Examples
    --------
    >>> "<b>" in render_template("_escape_check.html.j2", text="<b>bold</b>")
    False
    """
    return _environment().get_template(name).render(**context)


def figure_to_svg(fig: Any) -> str:
    """Return a matplotlib figure as an inline ``<svg>`` element (no XML prolog).

    The SVG's metadata date is removed so the same figure gives the same text.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.

    Returns
    -------
    str
        SVG markup starting with ``<svg``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> figure_to_svg(fig).startswith("<svg")
    True
    >>> plt.close(fig)
    """
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def figure_to_png_data_uri(fig: Any, *, dpi: int = 110) -> str:
    """Return a matplotlib figure as a ``data:image/png;base64,...`` URI.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    dpi : int, default 110
        Resolution.

    Returns
    -------
    str
        A data URI usable in ``<img src=...>``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> figure_to_png_data_uri(fig).startswith("data:image/png;base64,")
    True
    >>> plt.close(fig)
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")

"""Small HTML pieces shared by the explorers: messages, tables and figures as images.

Every piece of user text goes through :func:`html.escape` (tables through
``DataFrame.to_html(escape=True)``), so a quote or a stage name holding markup
shows as text. Nothing here loads anything from the network.
"""

from __future__ import annotations

import html
import math
from typing import Any

import pandas as pd

__all__ = ["STYLE", "esc", "figure_html", "frame_html", "message_html"]

# Scoped under .pk-widget so nothing leaks into the notebook's own styles.
# Colours meet WCAG AA contrast on white; meaning is always carried by text too.
STYLE = """<style>
.pk-widget { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #222; font-size: 13px; }
.pk-widget h4 { margin: 10px 0 4px 0; font-size: 1em; }
.pk-widget p { margin: 4px 0; max-width: 75em; }
.pk-widget table { border-collapse: collapse; margin: 4px 0; font-size: inherit; }
.pk-widget caption { text-align: left; font-weight: 600; padding: 2px 0; }
.pk-widget td:last-child { min-width: 12em; }
.pk-widget th, .pk-widget td { border: 1px solid #ddd; padding: 3px 6px; text-align: left;
  vertical-align: top; }
.pk-widget th { background: #eef2f6; }
.pk-widget td ul { margin: 0; padding-left: 1.1em; }
.pk-widget .pk-msg { padding: 6px 10px; border-left: 4px solid #0072B2; background: #eef6fb;
  margin: 4px 0; }
.pk-widget .pk-msg.pk-error { border-color: #D55E00; background: #fff1e8; }
.pk-widget .pk-msg.pk-warning { border-color: #E69F00; background: #fff8e6; }
.pk-widget .pk-neg { color: #A63F00; }
.pk-widget .pk-pos { color: #006B4F; }
.pk-widget .pk-muted { color: #555; }
.pk-widget blockquote { margin: 4px 0; padding: 3px 8px; border-left: 3px solid #0072B2;
  background: #f7f7f7; }
.pk-widget blockquote cite { display: block; font-size: 0.85em; color: #555;
  font-style: normal; }
.pk-widget img { max-width: 100%; height: auto; }
</style>"""


def esc(value: Any) -> str:
    """Return ``value`` as text with ``& < > " '`` escaped.

    Parameters
    ----------
    value : object
        Anything; ``None`` gives an empty string.

    Returns
    -------
    str
        Text safe to place in HTML.

    Examples
    --------
    >>> esc("<b>Tom & Jerry</b>")
    '&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;'
    """
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


def message_html(text: str, kind: str = "info") -> str:
    """A boxed message; ``kind`` is ``"info"``, ``"warning"`` or ``"error"``.

    Parameters
    ----------
    text : str
        The message (escaped; line breaks kept).
    kind : {"info", "warning", "error"}, default "info"
        Its look; errors and warnings are announced to screen readers.

    Returns
    -------
    str
        A ``<div>``.

    Examples
    --------
    >>> message_html("k=<3>", "error")
    '<div class="pk-msg pk-error" role="alert"><b>Error:</b> k=&lt;3&gt;</div>'
    """
    prefix = {"error": "<b>Error:</b> ", "warning": "<b>Note:</b> "}.get(kind, "")
    role = ' role="alert"' if kind in ("error", "warning") else ""
    body = esc(text).replace("\n", "<br>")
    return f'<div class="pk-msg pk-{kind}"{role}>{prefix}{body}</div>'


def _format_number(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        if abs(value) >= 100:
            return f"{value:.1f}"
        if value != 0 and abs(value) < 1e-3:
            return f"{value:.2g}"
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def frame_html(frame: pd.DataFrame, *, caption: str | None = None) -> str:
    """A DataFrame as a plain HTML table, values escaped and numbers shortened.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table; its index is not shown (reset it first to show it).
    caption : str, optional
        A caption above the table.

    Returns
    -------
    str
        A ``<table>``.

    Examples
    --------
    >>> import pandas as pd
    >>> print(frame_html(pd.DataFrame({"k": [2], "name": ["<i>x</i>"], "bic": [1234.5678]})))
    <table><thead><tr><th>k</th><th>name</th><th>bic</th></tr></thead><tbody><tr><td>2</td><td>&lt;i&gt;x&lt;/i&gt;</td><td>1234.6</td></tr></tbody></table>
    """
    head = "".join(f"<th>{esc(c)}</th>" for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = []
        for value in values:
            if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value)
                                 and pd.isna(value)):  # fmt: skip
                text = "–"
            elif hasattr(value, "item") and not isinstance(value, str):
                text = _format_number(value.item())
            else:
                text = _format_number(value)
            cells.append(f"<td>{esc(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def figure_html(fig: Any, alt: str, *, dpi: int = 80) -> str:
    """A matplotlib figure as an ``<img>`` with a PNG data URI and alt text.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    alt : str
        What the figure shows, for screen readers (escaped).
    dpi : int, default 80
        Resolution (the widgets show the figure at screen size).

    Returns
    -------
    str
        An ``<img>`` element.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure_html(Figure(figsize=(2, 1)), "an empty <figure>")[:31]
    '<img src="data:image/png;base64'
    """
    from personakit._render import figure_to_png_data_uri

    return f'<img src="{figure_to_png_data_uri(fig, dpi=dpi)}" alt="{esc(alt)}">'

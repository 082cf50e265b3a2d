"""Figures for segmentation: the k sweep diagnostics and the hierarchical tree."""

from __future__ import annotations

import numpy as np
import pandas as pd

from personakit._errors import SegmentationError
from personakit.plotting._style import NEUTRAL, get_ax, persona_color

__all__ = ["plot_dendrogram", "plot_selection"]


def plot_selection(selection: pd.DataFrame, chosen_k: int | None = None, ax=None):
    """Plot the candidate numbers of personas: stability and BIC (or gap) per k.

    The left axis shows the mean bootstrap stability of the personas (line) and the
    least stable persona (dashed), with Hennig's 0.6 line; the right axis shows BIC
    (likelihood methods, lower is better) or the gap statistic (distance methods,
    higher is better). The chosen k is marked.

    Parameters
    ----------
    selection : pandas.DataFrame
        ``PersonaSegmenter.selection_``.
    chosen_k : int, optional
        The k to mark.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes with the stability curves (the BIC/gap curve is on its twin).

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit.plotting.segmentation import plot_selection
    >>> t = pd.DataFrame({"k": [1, 2, 3], "stability": [1.0, 0.95, 0.7],
    ...                   "min_stability": [1.0, 0.9, 0.5], "bic": [900.0, 800.0, 830.0]})
    >>> ax = plot_selection(t, chosen_k=2)
    >>> ax.get_xlabel()
    'number of personas (k)'
    """
    if not isinstance(selection, pd.DataFrame) or "k" not in selection:
        raise SegmentationError("plot_selection needs the selection_ table of a fitted segmenter.")
    ax = get_ax(ax, figsize=(7, 4))
    t = selection.sort_values("k")
    ks = t["k"].to_numpy()
    lines = []
    if "stability" in t and t["stability"].notna().any():
        lines += ax.plot(ks, t["stability"], "o-", color=persona_color(0), label="mean stability")
        if "min_stability" in t:
            lines += ax.plot(
                ks, t["min_stability"], "s--", color=persona_color(0), alpha=0.6,
                label="least stable persona",
            )  # fmt: skip
        ax.axhline(0.6, color=NEUTRAL, lw=0.8, ls=":")
        ax.set_ylim(0, 1.05)
    ax.set_ylabel("bootstrap Jaccard stability")
    ax.set_xlabel("number of personas (k)")
    ax.set_xticks(ks)
    twin = ax.twinx()
    if "bic" in t and t["bic"].notna().any():
        lines += twin.plot(
            ks, t["bic"], "^-", color=persona_color(1), label="BIC (lower is better)"
        )
        twin.set_ylabel("BIC")
    elif "gap" in t and t["gap"].notna().any():
        gap_se = t.get("gap_se")
        lines += twin.plot(
            ks, t["gap"], "^-", color=persona_color(1), label="gap (higher is better)"
        )
        if gap_se is not None:
            twin.fill_between(
                ks, t["gap"] - gap_se, t["gap"] + gap_se, color=persona_color(1), alpha=0.15
            )
        twin.set_ylabel("gap statistic")
    else:
        twin.set_yticks([])
    if chosen_k is not None:
        ax.axvline(chosen_k, color="black", lw=1.2, alpha=0.7)
        ax.annotate(
            f"chosen k={chosen_k}", (chosen_k, 1.02), xytext=(4, 0), textcoords="offset points",
            fontsize=9, va="top",
        )  # fmt: skip
    if lines:
        ax.legend(lines, [ln.get_label() for ln in lines], loc="lower left", fontsize=8)
    ax.set_title("Choosing the number of personas")
    return ax


def _leaf_sets(Z: np.ndarray, n: int) -> list[np.ndarray]:
    """Leaves under every node of a scipy linkage (0..n-1 leaves, n.. merges)."""
    members: list[np.ndarray] = [np.array([i]) for i in range(n)]
    for a, b, *_ in Z:
        members.append(np.concatenate([members[int(a)], members[int(b)]]))
    return members


def plot_dendrogram(segmenter, ax=None, *, labels=None):
    """Draw the hierarchical tree of a segmenter, branches coloured by persona.

    Parameters
    ----------
    segmenter : PersonaSegmenter
        Fitted with ``method="hierarchical"`` (or ``"auto"`` on a small n).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).
    labels : pandas.Series or dict, optional
        Leaf label per respondent id (e.g. account names); default the ids.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from personakit import PersonaSegmenter
    >>> from personakit.segment import plot_dendrogram
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"size": np.r_[rng.normal(0, 1, 12), rng.normal(6, 1, 12)],
    ...                    "region": ["EU"] * 12 + ["US"] * 12})
    >>> seg = PersonaSegmenter(2, n_bootstrap=0).fit(df)
    >>> ax = plot_dendrogram(seg)
    >>> len(ax.get_xticklabels())
    24
    """
    from scipy.cluster.hierarchy import dendrogram

    Z = getattr(segmenter, "linkage_", None)
    if Z is None:
        raise SegmentationError(
            "plot_dendrogram needs a segmenter fitted with method='hierarchical' (the tree); "
            f"this one used {getattr(segmenter, 'method_', 'no method')!r}."
        )
    Z = np.asarray(Z, dtype=float)
    n = Z.shape[0] + 1
    ids = list(getattr(segmenter, "_leaf_ids", None) or [str(i) for i in range(n)])
    persona_of = {}
    if getattr(segmenter, "labels_", None) is not None:
        persona_of = {str(k): int(v) for k, v in segmenter.labels_.items()}
    leaf_persona = np.array([persona_of.get(i, 0) for i in ids])
    members = _leaf_sets(Z, n)

    def colour(node: int) -> str:
        ps = np.unique(leaf_persona[members[node]])
        if len(ps) == 1 and ps[0] > 0:
            return persona_color(int(ps[0]) - 1)
        return NEUTRAL

    if labels is not None:
        mapping = dict(labels.items()) if hasattr(labels, "items") else dict(labels)
        leaf_text = [str(mapping.get(i, i)) for i in ids]
    else:
        leaf_text = ids
    ax = get_ax(ax, figsize=(max(6, min(0.3 * n, 24)), 4.5))
    dendrogram(Z, ax=ax, labels=leaf_text, link_color_func=colour, leaf_rotation=90)
    k = getattr(segmenter, "n_personas_", None)
    if k and 1 < k <= n - 1:
        cut = (Z[n - k - 1, 2] + Z[n - k, 2]) / 2 if n - k - 1 >= 0 else Z[-1, 2]
        ax.axhline(cut, color="black", lw=0.8, ls="--")
        ax.annotate(f"cut: {k} personas", (0.01, cut), xycoords=("axes fraction", "data"),
                    xytext=(0, 3), textcoords="offset points", fontsize=8)  # fmt: skip
    for tick in ax.get_xticklabels():
        p = persona_of.get(_id_for_label(tick.get_text(), ids, leaf_text), 0)
        if p:
            tick.set_color(persona_color(p - 1))
    ax.set_ylabel("Gower distance (linkage height)")
    ax.set_title("Groups of respondents (hierarchical clustering)")
    return ax


def _id_for_label(text: str, ids: list[str], leaf_text: list[str]) -> str:
    try:
        return ids[leaf_text.index(text)]
    except ValueError:
        return text

"""Agglomerative clustering on Gower distances: the small-n method (e.g. top accounts).

Average linkage (UPGMA, the default) or complete linkage, from scipy, on the Gower
distance matrix of :mod:`personakit.segment._gower`. The tree is cut into ``k``
groups. It needs the whole n x n distance matrix, so it refuses large data with the
reason and an alternative instead of exhausting memory.

New respondents are typed by their Gower distance to each group's *prototype* (per
variable: the median position for numeric/ordinal answers, the most common answer for
nominal/multi-select), so a saved model holds group summaries, never individual rows.
Respondent weights do not enter the tree (scipy's linkage has no weights); they do
enter the persona profiles.
"""

from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from personakit._errors import SegmentationError
from personakit.segment._gower import GowerMatrix, gower_from_matrix

__all__ = [
    "LINKAGES",
    "MIN_ROWS",
    "check_size",
    "cut_tree",
    "gower_matrix",
    "prototypes",
    "tree",
]

LINKAGES = ("average", "complete")
MIN_ROWS = 10


def check_size(n: int, max_n: int) -> None:
    """Refuse politely when ``n`` is too small or too large for hierarchical clustering.

    Examples
    --------
    >>> check_size(30, 5000)
    >>> check_size(20000, 5000)
    Traceback (most recent call last):
    ...
    personakit._errors.SegmentationError: method='hierarchical' ...
    """
    if n < MIN_ROWS:
        raise SegmentationError(
            f"Only {n} respondents/accounts to segment; hierarchical clustering needs at least "
            f"{MIN_ROWS} to say anything about groups. Add rows, or describe these few "
            "individually instead of as personas."
        )
    if n > max_n:
        gb = n * n * 8 / 1e9
        raise SegmentationError(
            f"method='hierarchical' with {n:,} respondents would need the full {n:,} x {n:,} "
            f"Gower distance matrix (about {gb:,.1f} GB) and hours of linkage; the limit is "
            f"hierarchical_max_n={max_n:,}. Use method='kmeans' or method='lca' for large "
            "surveys (or raise hierarchical_max_n if you have the memory)."
        )


def gower_matrix(encodings, codes: np.ndarray, numeric: np.ndarray, spans=None):
    """Gower-ready values from the encoder's output (categorical codes and numeric block).

    Returns the :class:`GowerMatrix` and the per-variable spans used to scale
    ordinal/numeric values (learned on training data, reused for new data).
    """
    cols, cat, ws, learned = [], [], [], []
    ci = ni = 0
    for e in encodings:
        if e.treated_as == "numeric":
            v = numeric[:, ni].astype(float)
            ni += 1
            is_cat = False
        else:
            c = codes[:, ci]
            ci += 1
            v = np.where(c < 0, np.nan, c.astype(float))
            is_cat = e.treated_as in ("nominal", "binary")
        if not is_cat:
            if spans is None:
                finite = v[np.isfinite(v)]
                lo = float(finite.min()) if finite.size else 0.0
                span = float(finite.max() - lo) if finite.size else 0.0
                learned.append((lo, span))
            else:
                lo, span = spans[len(cols)]
            v = (v - lo) / span if span > 0 else np.where(np.isnan(v), np.nan, 0.0)
        else:
            if spans is None:
                learned.append((0.0, 0.0))
        cols.append(v)
        cat.append(is_cat)
        ws.append(e.weight)
    binary = np.array([e.treated_as == "binary" for e in encodings], dtype=bool)
    gm = GowerMatrix(np.column_stack(cols), np.array(cat), np.array(ws, dtype=float), binary)
    return gm, (learned if spans is None else spans)


def tree(distances: np.ndarray, method: str = "average") -> np.ndarray:
    """The scipy linkage matrix of a square distance matrix.

    Examples
    --------
    >>> import numpy as np
    >>> d = np.array([[0, 1, 4], [1, 0, 4], [4, 4, 0.0]])
    >>> tree(d).shape
    (2, 4)
    """
    if method not in LINKAGES:
        raise SegmentationError(
            f"linkage={method!r} is not supported; use one of {list(LINKAGES)}."
        )
    condensed = squareform(distances, checks=False)
    return linkage(condensed, method=method)


def cut_tree(Z: np.ndarray, k: int) -> np.ndarray:
    """0-based group labels from cutting the tree into (at most) ``k`` groups.

    Examples
    --------
    >>> import numpy as np
    >>> Z = tree(np.array([[0, 1, 4], [1, 0, 4], [4, 4, 0.0]]))
    >>> cut_tree(Z, 2).tolist()
    [0, 0, 1]
    """
    labels = fcluster(Z, t=k, criterion="maxclust") - 1
    return labels.astype(np.int64)


def prototypes(gm: GowerMatrix, labels: np.ndarray, k: int) -> np.ndarray:
    """Per group and variable: median position (numeric/ordinal) or most common answer."""
    out = np.full((k, gm.values.shape[1]), np.nan)
    for g in range(k):
        block = gm.values[labels == g]
        for j in range(block.shape[1]):
            col = block[:, j]
            col = col[~np.isnan(col)]
            if not col.size:
                continue
            if gm.is_categorical[j]:
                vals, counts = np.unique(col, return_counts=True)
                out[g, j] = vals[np.argmax(counts)]
            else:
                out[g, j] = float(np.median(col))
    return out


def distances_to_prototypes(gm: GowerMatrix, protos: np.ndarray) -> np.ndarray:
    """Gower distances (n, k) of rows to the group prototypes."""
    return gower_from_matrix(gm, GowerMatrix(protos, gm.is_categorical, gm.weights, gm.is_binary))

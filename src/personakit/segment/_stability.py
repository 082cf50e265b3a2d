"""Cluster-wise stability by bootstrap Jaccard similarity (Hennig's ``clusterboot``).

For each bootstrap resample (rows drawn with replacement), the same method is refitted
on the resample; every original persona is compared with each persona found in the
resample, restricted to the respondents that were drawn, and keeps its best Jaccard
similarity ``|A & B| / |A | B|``. A persona's stability is the mean over resamples.
Hennig (2007) reads a mean below 0.6 as "dissolved" (not a real pattern), 0.6-0.75 as
a weak pattern, and above 0.85 as highly stable.

With very large surveys the resamples are drawn at size ``bootstrap_size`` (default
up to 5,000 respondents) rather than n, which keeps the sweep fast; smaller resamples
can only make personas look *less* stable, never more.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["bootstrap_stability", "jaccard_best_match"]


def jaccard_best_match(ref: np.ndarray, other: np.ndarray, k: int) -> np.ndarray:
    """For each reference group 0..k-1, its best Jaccard similarity with a group of ``other``.

    Groups of the reference absent from the compared rows get ``NaN``.

    Examples
    --------
    >>> import numpy as np
    >>> jaccard_best_match(np.array([0, 0, 1, 1]), np.array([1, 1, 1, 0]), 2).tolist()
    [0.6666666666666666, 0.5]
    """
    other_ids, other_codes = np.unique(other, return_inverse=True)
    table = np.zeros((k, len(other_ids)))
    np.add.at(table, (ref, other_codes), 1.0)
    size_ref = table.sum(axis=1)
    size_other = table.sum(axis=0)
    union = size_ref[:, None] + size_other[None, :] - table
    with np.errstate(invalid="ignore", divide="ignore"):
        jac = np.where(union > 0, table / union, 0.0)
    best = jac.max(axis=1) if jac.shape[1] else np.zeros(k)
    return np.where(size_ref > 0, best, np.nan)


def bootstrap_stability(
    labels: np.ndarray,
    k: int,
    refit: Callable[[np.ndarray, np.random.Generator], np.ndarray],
    *,
    n_bootstrap: int,
    seed: tuple[int, ...],
    size: int | None = None,
    n_jobs: int = 1,
) -> np.ndarray:
    """Mean bootstrap Jaccard per group (k,), ``clusterboot``-style.

    Parameters
    ----------
    labels : ndarray (n,)
        The clustering of all rows, groups 0..k-1.
    k : int
        Number of groups.
    refit : callable
        ``refit(rows, rng) -> labels`` of those rows (with repeats) after refitting the
        method on them alone.
    n_bootstrap : int
        Number of resamples.
    seed : tuple of int
        Resample ``b`` uses ``numpy.random.default_rng((*seed, b))``, so the result does
        not depend on ``n_jobs`` or on the order replicates finish.
    size : int, optional
        Resample size (default n).
    n_jobs : int, default 1
        Replicates run in this many threads (numpy releases the GIL in its kernels).

    Returns
    -------
    ndarray (k,)
        Mean best-match Jaccard similarity of every group.

    Examples
    --------
    >>> import numpy as np
    >>> labels = np.repeat([0, 1], 50)
    >>> stab = bootstrap_stability(labels, 2, lambda rows, rng: labels[rows],
    ...                            n_bootstrap=5, seed=(0,))
    >>> stab.tolist()
    [1.0, 1.0]
    """
    n = len(labels)
    m = n if size is None else min(int(size), n)
    if not n_bootstrap:
        return np.full(k, np.nan)

    def one(b: int) -> np.ndarray:
        rng = np.random.default_rng((*seed, b))
        rows = np.sort(rng.choice(n, size=m, replace=True))
        boot = np.asarray(refit(rows, rng))
        uniq, first = np.unique(rows, return_index=True)
        return jaccard_best_match(labels[uniq], boot[first], k)

    if n_jobs > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=int(n_jobs)) as pool:
            scores = np.array(list(pool.map(one, range(n_bootstrap))))
    else:
        scores = np.array([one(b) for b in range(n_bootstrap)])
    seen = (~np.isnan(scores)).sum(axis=0)
    total = np.nansum(scores, axis=0)
    # a persona that never appears in a resample counts as dissolved (0)
    return np.where(seen > 0, total / np.maximum(seen, 1), 0.0)

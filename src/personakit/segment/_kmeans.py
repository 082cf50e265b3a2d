"""Weighted k-means that handles missing answers by partial distances.

The squared distance of a respondent to a centre is summed over the answers the
respondent gave, then rescaled by ``total column weight / weight of the answered
columns`` (the partial distance strategy of Hathaway & Bezdek, 2001), so a respondent
who skipped a question is neither closer to nor further from every centre because of
it. Centres are weighted means of the observed values. Respondent (survey) weights
enter both steps. Everything is a handful of matrix products per iteration, so it
scales to 100,000s of respondents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["KMeansResult", "kmeans_fit", "kmeans_distances"]


@dataclass
class KMeansResult:
    labels: np.ndarray
    centers: np.ndarray
    inertia: float
    n_iter: int


class _Prepared:
    """``X`` split into zero-filled values and an observed mask, with cached products."""

    def __init__(self, X: np.ndarray, dtype=np.float64):
        mask = ~np.isnan(X)
        self.mask = mask.astype(dtype)
        self.X0 = np.where(mask, X, 0.0).astype(dtype)
        self.sq = (self.X0**2).sum(axis=1)
        p = X.shape[1]
        n_obs = self.mask.sum(axis=1)
        self.rescale = np.where(n_obs > 0, p / np.maximum(n_obs, 1), 0.0)
        self.complete = bool(mask.all())


def _sq_dist(prep: _Prepared, centers: np.ndarray) -> np.ndarray:
    """Partial squared distances (n, k), rescaled to the full number of columns."""
    cross = prep.X0 @ centers.T
    if prep.complete:
        csq = (centers**2).sum(axis=1)[None, :]
    else:
        csq = prep.mask @ (centers**2).T
    d = prep.sq[:, None] - 2.0 * cross + csq
    np.maximum(d, 0.0, out=d)
    if not prep.complete:
        d *= prep.rescale[:, None]
    return d


def kmeans_distances(X: np.ndarray, centers: np.ndarray) -> np.ndarray:
    """Partial squared distances of the rows of ``X`` (``NaN`` = missing) to ``centers``.

    Examples
    --------
    >>> import numpy as np
    >>> kmeans_distances(np.array([[0.0, np.nan]]), np.array([[1.0, 5.0]]))
    array([[2.]])
    """
    return _sq_dist(_Prepared(X), np.asarray(centers, dtype=float))


def _update_centers(prep, labels, w, k, old_centers, rng):
    resp = np.zeros((len(labels), k))
    resp[np.arange(len(labels)), labels] = w
    num = resp.T @ prep.X0
    den = resp.T @ prep.mask if not prep.complete else resp.sum(axis=0)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        centers = num / den
    # a column never observed in a cluster keeps its previous value
    centers = np.where(den > 0, centers, old_centers)
    return centers


def _plusplus(prep, w, k, rng):
    n = prep.X0.shape[0]
    p = w / w.sum()
    first = rng.choice(n, p=p)
    centers = [np.where(prep.mask[first] > 0, prep.X0[first], _col_means(prep, w))]
    d = _sq_dist(prep, np.asarray(centers))[:, 0]
    col_means = _col_means(prep, w)
    for _ in range(1, k):
        probs = d * w
        total = probs.sum()
        if total <= 0:
            idx = rng.choice(n, p=p)
        else:
            # greedy k-means++: best of a few candidates, as in scikit-learn
            cand = rng.choice(n, size=2 + int(np.log(k)), p=probs / total)
            cand_centers = np.where(prep.mask[cand] > 0, prep.X0[cand], col_means)
            cd = np.minimum(d[:, None], _sq_dist(prep, cand_centers))
            idx = cand[int(np.argmin((cd * w[:, None]).sum(axis=0)))]
        c = np.where(prep.mask[idx] > 0, prep.X0[idx], col_means)
        centers.append(c)
        d = np.minimum(d, _sq_dist(prep, c[None, :])[:, 0])
    return np.asarray(centers)


def _col_means(prep, w):
    num = w @ prep.X0
    den = w @ prep.mask
    return np.where(den > 0, num / np.maximum(den, 1e-300), 0.0)


def kmeans_fit(
    X: np.ndarray,
    k: int,
    *,
    sample_weight: np.ndarray | None = None,
    n_init: int = 3,
    max_iter: int = 300,
    tol: float = 1e-4,
    rng: np.random.Generator,
    init_centers: np.ndarray | None = None,
) -> KMeansResult:
    """Fit weighted k-means with partial distances; best of ``n_init`` k-means++ starts.

    Parameters
    ----------
    X : ndarray (n, p)
        Encoded answers, ``NaN`` where missing.
    k : int
        Number of clusters.
    sample_weight : ndarray (n,), optional
        Respondent weights.
    n_init : int
        Number of k-means++ starts.
    max_iter, tol : int, float
        Stop when no label changes or the squared centre shift is below ``tol`` times
        the mean column variance (scikit-learn's rule).
    rng : numpy.random.Generator
        Source of randomness.
    init_centers : ndarray (k, p), optional
        Start from these centres (one run).

    Returns
    -------
    KMeansResult

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0, 0.0], [0.1, np.nan], [5.0, 5.0], [5.1, 4.9]])
    >>> kmeans_fit(X, 2, rng=np.random.default_rng(0)).labels.tolist() in ([0, 0, 1, 1], [1, 1, 0, 0])
    True
    """
    n = X.shape[0]
    w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    prep = _Prepared(X)
    with np.errstate(invalid="ignore"):
        col_var = np.nanvar(X, axis=0) if X.size else np.zeros(0)
    threshold = tol * float(np.nanmean(col_var)) if np.isfinite(col_var).any() else 0.0
    best = None
    starts = [init_centers] if init_centers is not None else [None] * max(1, n_init)
    for start in starts:
        centers = _plusplus(prep, w, k, rng) if start is None else np.array(start, dtype=float)
        labels = None
        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            d = _sq_dist(prep, centers)
            new_labels = np.argmin(d, axis=1)
            new_centers = _update_centers(prep, new_labels, w, k, centers, rng)
            # re-seed empty clusters with the point furthest from its centre
            counts = np.bincount(new_labels, weights=w, minlength=k)
            for empty in np.flatnonzero(counts <= 0):
                far = int(np.argmax(d[np.arange(n), new_labels] * (w > 0)))
                new_centers[empty] = np.where(prep.mask[far] > 0, prep.X0[far], centers[empty])
                new_labels[far] = empty
            shift = float(((new_centers - centers) ** 2).sum())
            centers = new_centers
            if (labels is not None and np.array_equal(new_labels, labels)) or shift <= threshold:
                labels = new_labels
                break
            labels = new_labels
        d = _sq_dist(prep, centers)
        labels = np.argmin(d, axis=1)
        inertia = float((d[np.arange(n), labels] * w).sum())
        if best is None or inertia < best.inertia - 1e-12 * abs(inertia):
            best = KMeansResult(labels=labels, centers=centers, inertia=inertia, n_iter=n_iter)
    return best

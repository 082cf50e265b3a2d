"""Small, vectorised statistics behind persona profiles.

Everything here works on numpy arrays so a profile of many personas and
variables is computed without Python loops over respondents:

- :func:`share_tests`: persona-vs-rest 2x2 tables (answer level chosen or not):
  phi coefficient, odds ratio and a p-value (Pearson chi-square, or Fisher's
  exact test when an expected count is below 5);
- :func:`mean_tests`: standardised mean difference (Cohen's d with the pooled
  standard deviation) and Welch's t-test p-value;
- :func:`kish_n`: Kish's effective sample size, so weighted shares are tested
  with the information the weights leave (a design-effect correction);
- :func:`bh_adjust`: Benjamini-Hochberg false-discovery-rate adjustment;
- :func:`effect_class`: Cohen's conventional size labels.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

__all__ = [
    "bh_adjust",
    "effect_class",
    "kish_n",
    "mean_tests",
    "share_tests",
    "strength",
    "weighted_mean_var",
]

# Cohen (1988): phi / Cramer's V 0.1, 0.3, 0.5; d 0.2, 0.5, 0.8.
_THRESHOLDS = {"phi": (0.1, 0.3, 0.5), "smd": (0.2, 0.5, 0.8), "cramers_v": (0.1, 0.3, 0.5)}
_CLASSES = ("negligible", "small", "medium", "large")


def kish_n(w_sum: np.ndarray, w2_sum: np.ndarray) -> np.ndarray:
    """Kish's effective sample size ``(sum w)^2 / sum w^2`` (0 where there are no weights).

    Parameters
    ----------
    w_sum, w2_sum : numpy.ndarray
        Sums of the weights and of the squared weights.

    Returns
    -------
    numpy.ndarray
        Effective sample sizes; equal to the counts when every weight is 1.

    Examples
    --------
    >>> kish_n(np.array([4.0]), np.array([4.0])).tolist()
    [4.0]
    """
    w_sum = np.asarray(w_sum, dtype=float)
    w2_sum = np.asarray(w2_sum, dtype=float)
    out = np.zeros(np.broadcast(w_sum, w2_sum).shape)
    ok = w2_sum > 0
    np.divide(w_sum**2, w2_sum, out=out, where=ok)
    return out


def share_tests(
    p_in: np.ndarray, n_in: np.ndarray, p_out: np.ndarray, n_out: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Phi, odds ratio and p-value of persona-vs-rest 2x2 tables.

    The table is ``[[p_in*n_in, (1-p_in)*n_in], [p_out*n_out, (1-p_out)*n_out]]``.
    ``n_in``/``n_out`` are (effective) sample sizes. The p-value is Pearson's
    chi-square test (1 degree of freedom, no continuity correction) or, when an
    expected cell count is below 5, Fisher's exact test on the rounded counts.

    Parameters
    ----------
    p_in, n_in, p_out, n_out : numpy.ndarray
        Shares and sizes in the persona and in the rest (same shape).

    Returns
    -------
    phi : numpy.ndarray
        Signed phi coefficient (positive: the level is more common in the persona).
    odds_ratio : numpy.ndarray
        Odds of the level in the persona over its odds in the rest (with 0.5
        added to every cell when a cell is empty).
    p_value : numpy.ndarray
        Two-sided p-value; NaN where the table is degenerate.

    Examples
    --------
    >>> phi, odds, p = share_tests(np.array([0.8]), np.array([50.0]),
    ...                            np.array([0.3]), np.array([150.0]))
    >>> round(float(phi[0]), 3), round(float(odds[0]), 2), bool(p[0] < 1e-6)
    (0.438, 9.33, True)
    """
    p_in, n_in, p_out, n_out = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (p_in, n_in, p_out, n_out))
    )
    a = p_in * n_in
    b = (1.0 - p_in) * n_in
    c = p_out * n_out
    d = (1.0 - p_out) * n_out
    total = a + b + c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        denominator = np.sqrt((a + b) * (c + d) * (a + c) * (b + d))
        phi = np.where(denominator > 0, (a * d - b * c) / denominator, np.nan)
        phi = np.clip(phi, -1.0, 1.0)
        chi2 = total * phi**2
        p_value = stats.chi2.sf(chi2, 1)
        zero = (a <= 0) | (b <= 0) | (c <= 0) | (d <= 0)
        odds = np.where(
            zero,
            ((a + 0.5) * (d + 0.5)) / ((b + 0.5) * (c + 0.5)),
            (a * d) / np.where(b * c > 0, b * c, np.nan),
        )
        odds = np.where((n_in > 0) & (n_out > 0), odds, np.nan)
        expected_min = np.minimum.reduce(
            [(a + b) * (a + c), (a + b) * (b + d), (c + d) * (a + c), (c + d) * (b + d)]
        ) / np.where(total > 0, total, np.nan)
    small = np.isfinite(phi) & (expected_min < 5)
    for i in np.flatnonzero(small.ravel()):
        table = np.rint([[a.flat[i], b.flat[i]], [c.flat[i], d.flat[i]]]).astype(np.int64)
        if table.sum(axis=1).min() == 0 or table.sum(axis=0).min() == 0:
            p_value.flat[i] = 1.0
            continue
        p_value.flat[i] = stats.fisher_exact(table).pvalue
    p_value = np.where(np.isfinite(phi), p_value, np.nan)
    return phi, odds, p_value


def weighted_mean_var(
    sw: np.ndarray, swx: np.ndarray, swx2: np.ndarray, sw2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted mean and unbiased (reliability-weights) variance from sums.

    Parameters
    ----------
    sw, swx, swx2, sw2 : numpy.ndarray
        Sums of ``w``, ``w*x``, ``w*x**2`` and ``w**2``.

    Returns
    -------
    mean, variance : numpy.ndarray
        NaN where there is no data (mean) or fewer than two effective
        observations (variance).

    Examples
    --------
    >>> m, v = weighted_mean_var(np.array([3.0]), np.array([6.0]), np.array([14.0]),
    ...                          np.array([3.0]))
    >>> float(m[0]), float(v[0])
    (2.0, 1.0)
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(sw > 0, swx / sw, np.nan)
        ss = np.maximum(swx2 - sw * mean**2, 0.0)
        denominator = sw - np.where(sw > 0, sw2 / sw, np.nan)
        variance = np.where(denominator > 1e-12, ss / denominator, np.nan)
    return mean, variance


def mean_tests(
    m1: np.ndarray,
    v1: np.ndarray,
    n1: np.ndarray,
    m2: np.ndarray,
    v2: np.ndarray,
    n2: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Standardised mean difference and Welch's t-test p-value.

    Parameters
    ----------
    m1, v1, n1 : numpy.ndarray
        Mean, variance and (effective) size in the persona.
    m2, v2, n2 : numpy.ndarray
        The same in the rest.

    Returns
    -------
    smd : numpy.ndarray
        ``(m1 - m2) / pooled SD`` (Cohen's d); NaN when the pooled SD is 0.
    p_value : numpy.ndarray
        Two-sided Welch t-test p-value (1 when both groups are constant and
        equal, 0 when constant and different); NaN with fewer than 2 per group.

    Examples
    --------
    >>> smd, p = mean_tests(np.array([1.0]), np.array([1.0]), np.array([100.0]),
    ...                     np.array([0.0]), np.array([1.0]), np.array([100.0]))
    >>> float(smd[0]), bool(p[0] < 1e-9)
    (1.0, True)
    """
    m1, v1, n1, m2, v2, n2 = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (m1, v1, n1, m2, v2, n2))
    )
    diff = m1 - m2
    enough = (n1 >= 2) & (n2 >= 2) & np.isfinite(v1) & np.isfinite(v2)
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = np.sqrt(((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2))
        smd = np.where(enough & (pooled > 0), diff / pooled, np.nan)
        q1 = v1 / n1
        q2 = v2 / n2
        se2 = q1 + q2
        t = diff / np.sqrt(se2)
        df = se2**2 / (q1**2 / (n1 - 1) + q2**2 / (n2 - 1))
        p_value = 2.0 * stats.t.sf(np.abs(t), df)
    constant = enough & (se2 <= 0)
    p_value = np.where(constant, np.where(diff == 0, 1.0, 0.0), p_value)
    p_value = np.where(enough, p_value, np.nan)
    return smd, p_value


def bh_adjust(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (NaN entries are left out and stay NaN).

    Parameters
    ----------
    p_values : numpy.ndarray
        Raw p-values.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values (q-values), same shape.

    Examples
    --------
    >>> bh_adjust(np.array([0.01, 0.04, np.nan, 0.03])).round(3).tolist()
    [0.03, 0.04, nan, 0.04]
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    if ok.any():
        out[ok] = stats.false_discovery_control(np.clip(p[ok], 0.0, 1.0), method="bh")
    return out


def strength(effect: np.ndarray, effect_type: np.ndarray) -> np.ndarray:
    """Effects on one scale for ranking: |d|, with phi converted by ``2 phi / sqrt(1 - phi^2)``.

    Parameters
    ----------
    effect : numpy.ndarray
        Phi coefficients or standardised mean differences.
    effect_type : numpy.ndarray
        ``"phi"`` or ``"smd"`` per entry.

    Returns
    -------
    numpy.ndarray
        Non-negative strengths (capped at 10; NaN stays NaN).

    Examples
    --------
    >>> strength(np.array([0.5, -0.3]), np.array(["phi", "smd"])).round(3).tolist()
    [1.155, 0.3]
    """
    effect = np.asarray(effect, dtype=float)
    is_phi = np.asarray(effect_type) == "phi"
    with np.errstate(divide="ignore", invalid="ignore"):
        as_d = np.where(
            is_phi, 2 * np.abs(effect) / np.sqrt(np.maximum(1 - effect**2, 1e-12)), np.abs(effect)
        )
    return np.minimum(as_d, 10.0)


def effect_class(effect: float, effect_type: str) -> str:
    """Cohen's label for an effect: negligible, small, medium or large.

    Parameters
    ----------
    effect : float
        The effect (its absolute value is used).
    effect_type : str
        ``"phi"``, ``"cramers_v"`` or ``"smd"``.

    Returns
    -------
    str
        The label; ``""`` for NaN.

    Examples
    --------
    >>> effect_class(-0.35, "phi"), effect_class(0.35, "smd")
    ('medium', 'small')
    """
    if effect is None or not np.isfinite(effect):
        return ""
    small, medium, large = _THRESHOLDS[effect_type]
    size = abs(effect)
    return _CLASSES[int(size >= small) + int(size >= medium) + int(size >= large)]

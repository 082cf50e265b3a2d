"""Gaussian mixture on the k-means encoding (diagonal covariances), with BIC.

Each encoded column (a scaled Likert score, a one-hot indicator, a 0/1 option, a
robustly scaled number) is Gaussian within a persona, independently of the others
(diagonal covariance, like ``sklearn.mixture.GaussianMixture(covariance_type="diag")``).
It reuses the EM engine of :mod:`personakit.segment._lca` with only a Gaussian block,
which brings two things scikit-learn's GaussianMixture lacks: missing answers are
handled by the likelihood (a skipped question simply drops out of that respondent's
density) and respondent weights enter the fit.

Variable weights act as exponents on each column's density (a weighted
pseudo-likelihood); a nominal question's one-hot columns share its weight, so a
question counts once whatever its number of levels. Every variance gets
``reg_covar`` times the column's overall variance added, so a persona cannot collapse
onto one answer of one column.
"""

from __future__ import annotations

import numpy as np

from personakit.segment._lca import MixtureData

__all__ = ["gmm_data", "gmm_var_floor"]


def gmm_data(
    X: np.ndarray, sample_weight: np.ndarray | None, column_weight: np.ndarray | None
) -> MixtureData:
    """Wrap the encoded matrix ``X`` (``NaN`` = missing) as an all-Gaussian :class:`MixtureData`.

    Examples
    --------
    >>> import numpy as np
    >>> gmm_data(np.array([[0.0, np.nan], [1.0, 2.0]]), None, None).q
    2
    """
    n = X.shape[0]
    return MixtureData.build(
        np.empty((n, 0), dtype=np.int64),
        np.empty(0, dtype=np.int64),
        X,
        sample_weight=sample_weight,
        num_weight=column_weight,
    )


def gmm_var_floor(data: MixtureData, reg_covar: float) -> np.ndarray:
    """``reg_covar`` times each column's weighted variance (at least ``1e-6``).

    Examples
    --------
    >>> import numpy as np
    >>> d = gmm_data(np.array([[0.0], [2.0]]), None, None)
    >>> gmm_var_floor(d, 0.01).tolist()
    [0.01]
    """
    w = data.w
    den = np.maximum(w @ data.On, 1e-300)
    mu = (w @ data.Xn) / den
    var = np.maximum((w @ data.Xn2) / den - mu**2, 0.0)
    return np.maximum(reg_covar * var, 1e-6)

"""Latent class analysis (and the diagonal Gaussian mixture it generalises), by EM in numpy.

The model: respondent ``i`` belongs to latent class ``c`` with probability ``pi_c``;
given the class, answers are independent. A categorical indicator (a Likert item,
a nominal question, a multi-select option) has class-specific level probabilities
``theta``; a numeric variable is Gaussian with a class-specific mean and variance.

Missing answers are handled by the likelihood (full-information maximum likelihood,
under missing-at-random): a respondent's likelihood is the product over the answers
they gave, so nobody is dropped for skipping a question.

Computation: the categorical answers are one-hot encoded once into ``Y`` (n x levels),
so the E-step is ``Y @ log(theta).T`` and the M-step ``resp.T @ Y``: two matrix
products per iteration. Several random starts are run *together* by stacking their
classes side by side (one product for all starts), for a short first stage; the best
start is then iterated to convergence (the "many short starts, then refine the best"
strategy of Mplus ``STARTS``). Starts may be screened on a subsample of large data;
the refinement always uses every respondent.

Conventions (documented because users compare with other software):

- ``log_likelihood`` is the total natural-log likelihood, ``sum_i w_i log p(x_i)``,
  with respondent weights normalised to mean 1 (unweighted data: plain ML).
- Parameters are counted as in R's poLCA: ``(k - 1) + k * sum_j (L_j - 1)`` for
  categorical indicators with ``L_j`` observed levels, plus ``2 k`` per Gaussian
  variable. ``BIC = -2 LL + n_params * ln(n)``, ``AIC = -2 LL + 2 n_params``.
  StepMix reports a BIC larger than poLCA's in some set-ups because it counts
  parameters differently; the log-likelihoods agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import logsumexp

__all__ = [
    "MixtureData",
    "MixtureFit",
    "fit_mixture",
    "mixture_n_params",
    "posterior",
    "refine",
]

_LOG_2PI = float(np.log(2.0 * np.pi))
_THETA_FLOOR = 1e-15


@dataclass
class MixtureData:
    """Answers prepared for EM: categorical one-hot plus Gaussian block.

    Parameters
    ----------
    codes : ndarray (n, m) of int
        Level index per categorical indicator, ``-1`` when missing.
    n_levels : ndarray (m,) of int
        Number of levels of each indicator.
    numeric : ndarray (n, q)
        Gaussian variables, ``NaN`` when missing.
    sample_weight : ndarray (n,)
        Respondent weights.
    cat_weight, num_weight : ndarray (m,), (q,)
        Variable weights (exponents on each variable's likelihood term; 1 = plain ML).
    """

    Y: np.ndarray
    Obs: np.ndarray
    level_var: np.ndarray
    offsets: np.ndarray
    n_levels: np.ndarray
    Xn: np.ndarray
    On: np.ndarray
    Xn2: np.ndarray
    w: np.ndarray
    Yw: np.ndarray
    Onw: np.ndarray
    Xnw: np.ndarray
    Xn2w: np.ndarray

    @classmethod
    def build(
        cls,
        codes: np.ndarray,
        n_levels: np.ndarray,
        numeric: np.ndarray,
        sample_weight: np.ndarray | None = None,
        cat_weight: np.ndarray | None = None,
        num_weight: np.ndarray | None = None,
        dtype=np.float64,
    ) -> MixtureData:
        codes = np.asarray(codes, dtype=np.int64)
        n, m = codes.shape
        n_levels = np.asarray(n_levels, dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(n_levels)[:-1]]).astype(np.int64)
        total = int(n_levels.sum())
        Y = np.zeros((n, total), dtype=dtype)
        obs = codes >= 0
        rows, cols = np.nonzero(obs)
        Y[rows, offsets[cols] + codes[rows, cols]] = 1.0
        Obs = obs.astype(dtype)
        level_var = np.repeat(np.arange(m), n_levels)
        numeric = np.asarray(numeric, dtype=float).reshape(n, -1)
        On_bool = ~np.isnan(numeric)
        Xn = np.where(On_bool, numeric, 0.0).astype(dtype)
        On = On_bool.astype(dtype)
        Xn2 = Xn**2
        w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        cw = np.ones(m) if cat_weight is None else np.asarray(cat_weight, dtype=float)
        nw = np.ones(numeric.shape[1]) if num_weight is None else np.asarray(num_weight, float)
        uniform = np.allclose(cw, 1.0) and np.allclose(nw, 1.0)
        Yw = Y if uniform else (Y * cw[level_var][None, :]).astype(dtype)
        Onw = On if uniform else (On * nw[None, :]).astype(dtype)
        Xnw = Xn if uniform else (Xn * nw[None, :]).astype(dtype)
        Xn2w = Xn2 if uniform else (Xn2 * nw[None, :]).astype(dtype)
        return cls(Y, Obs, level_var, offsets, n_levels, Xn, On, Xn2, w, Yw, Onw, Xnw, Xn2w)

    @property
    def n(self) -> int:
        return self.Y.shape[0]

    def astype(self, dtype) -> MixtureData:
        """A copy whose matrices use ``dtype`` (float32 halves the cost of every iteration)."""

        def cast(a):
            return a.astype(dtype, copy=False)

        return MixtureData(
            cast(self.Y), cast(self.Obs), self.level_var, self.offsets, self.n_levels,
            cast(self.Xn), cast(self.On), cast(self.Xn2), self.w, cast(self.Yw), cast(self.Onw),
            cast(self.Xnw), cast(self.Xn2w),
        )  # fmt: skip

    @property
    def q(self) -> int:
        return self.Xn.shape[1]

    def take(self, rows: np.ndarray, weights: np.ndarray | None = None) -> MixtureData:
        w = self.w[rows] if weights is None else weights
        return MixtureData(
            self.Y[rows], self.Obs[rows], self.level_var, self.offsets, self.n_levels,
            self.Xn[rows], self.On[rows], self.Xn2[rows], w, self.Yw[rows], self.Onw[rows],
            self.Xnw[rows], self.Xn2w[rows],
        )  # fmt: skip


@dataclass
class MixtureFit:
    """A fitted mixture: parameters, log-likelihood and the training posterior."""

    log_pi: np.ndarray  # (k,)
    theta: np.ndarray  # (k, total_levels)
    mean: np.ndarray  # (k, q)
    var: np.ndarray  # (k, q)
    log_likelihood: float
    n_iter: int
    converged: bool
    resp: np.ndarray | None = None  # (n, k)

    @property
    def k(self) -> int:
        return self.log_pi.shape[0]


def mixture_n_params(n_levels: np.ndarray, q: int, k: int, observed_levels=None) -> int:
    """Free parameters, counted as poLCA does (see the module docstring).

    Examples
    --------
    >>> mixture_n_params([2] * 7, 0, 2)  # poLCA's carcinoma, 2 classes
    15
    """
    levels = np.asarray(n_levels if observed_levels is None else observed_levels)
    return int((k - 1) + k * int(np.sum(levels - 1)) + 2 * k * q)


def _log_joint(data: MixtureData, log_pi, theta, mean, var):
    """``log pi_c + log p(x_i | c)`` for stacked classes: (n, K)."""
    dt = data.Y.dtype
    if data.Y.shape[1]:
        out = data.Yw @ np.log(np.maximum(theta, _THETA_FLOOR)).T.astype(dt)
    else:
        out = np.zeros((data.n, log_pi.shape[0]), dtype=dt)
    if data.q:
        inv = 1.0 / var
        gauss = (
            data.Onw @ (np.log(var) + _LOG_2PI).T.astype(dt)
            + data.Xn2w @ inv.T.astype(dt)
            - 2.0 * (data.Xnw @ (mean * inv).T.astype(dt))
            + data.Onw @ (mean**2 * inv).T.astype(dt)
        )
        out -= 0.5 * gauss
    out += log_pi[None, :].astype(dt)
    return out


def _e_step(data: MixtureData, params, S: int, k: int):
    lj = _log_joint(data, *params).reshape(data.n, S, k)
    top = lj.max(axis=2, keepdims=True)
    lj -= top
    np.exp(lj, out=lj)
    total = lj.sum(axis=2, keepdims=True)
    lj /= total
    lp = (np.log(total) + top)[:, :, 0]  # (n, S) log p(x_i) per start
    ll = data.w @ lp.astype(np.float64)  # (S,)
    return lj.reshape(data.n, S * k), ll


def _m_step(data: MixtureData, resp, S: int, k: int, var_floor, old):
    R = resp * data.w.astype(resp.dtype)[:, None]
    Nk = R.sum(axis=0, dtype=np.float64)  # (S k,)
    Nk_g = Nk.reshape(S, k)
    tot = Nk_g.sum(axis=1, keepdims=True)
    pi = np.maximum(Nk_g / np.maximum(tot, 1e-300), 1e-300).reshape(-1)
    log_pi = np.log(pi)
    if data.Y.shape[1]:
        num = (R.T @ data.Y).astype(np.float64)
        # each observed answer has exactly one level, so block sums of ``num`` are the
        # per-variable weights of observed answers (= R.T @ Obs, one product fewer)
        den = np.add.reduceat(num, data.offsets, axis=1)[:, data.level_var]
        with np.errstate(invalid="ignore", divide="ignore"):
            theta = num / den
        theta = np.where(den > 1e-300, theta, old[1])
    else:
        theta = old[1]
    if data.q:
        den_n = (R.T @ data.On).astype(np.float64)
        safe = np.maximum(den_n, 1e-300)
        mean = (R.T @ data.Xn).astype(np.float64) / safe
        ex2 = (R.T @ data.Xn2).astype(np.float64) / safe
        var = np.maximum(ex2 - mean**2, 0.0) + var_floor[None, :]
        ok = den_n > 1e-12
        mean = np.where(ok, mean, old[2])
        var = np.where(ok, var, old[3])
    else:
        mean, var = old[2], old[3]
    return log_pi, theta, mean, var


def _random_params(data: MixtureData, k: int, S: int, rng, var_floor):
    """Random starting values: Dirichlet(1) level probabilities, means at random respondents."""
    K = S * k
    n_lv = data.n_levels
    theta = np.empty((K, int(n_lv.sum())))
    for j, (off, L) in enumerate(zip(data.offsets, n_lv)):
        theta[:, off : off + L] = rng.dirichlet(np.ones(L), size=K)
        del j
    log_pi = np.full(K, -np.log(k))
    if data.q:
        w = data.w
        den = np.maximum(w @ data.On, 1e-300)
        mu = (w @ data.Xn) / den
        v = np.maximum((w @ data.Xn2) / den - mu**2, 0) + var_floor
        mean = mu[None, :] + rng.normal(size=(K, data.q)) * np.sqrt(v)[None, :] * 0.5
        var = np.tile(v, (K, 1))
    else:
        mean = np.zeros((K, 0))
        var = np.ones((K, 0))
    return log_pi, theta, mean, var


def params_from_resp(data: MixtureData, resp: np.ndarray, var_floor) -> tuple:
    """Parameters of one M-step from given responsibilities (n, k) (used for fixed starts)."""
    k = resp.shape[1]
    K_old = (
        np.zeros(k),
        np.full((k, int(data.n_levels.sum())), 1.0),
        np.zeros((k, data.q)),
        np.ones((k, data.q)),
    )
    return _m_step(data, resp, 1, k, var_floor, K_old)


def _run(data, params, S, k, var_floor, max_iter, tol):
    """EM iterations on stacked starts; returns params, per-start LL, iterations, converged."""
    prev = np.full(S, -np.inf)
    ll = prev
    converged = False
    it = 0
    while it < max_iter:
        it += 1
        resp, ll = _e_step(data, params, S, k)
        if S == 1 and abs(ll[0] - prev[0]) <= tol * max(1.0, abs(ll[0])):
            converged = True
            break
        params = _m_step(data, resp, S, k, var_floor, params)
        prev = ll
    return params, ll, it, converged


def _select_group(params, s: int, k: int):
    sl = slice(s * k, (s + 1) * k)
    log_pi, theta, mean, var = params
    lp = log_pi[sl] - logsumexp(log_pi[sl])
    return lp, theta[sl].copy(), mean[sl].copy(), var[sl].copy()


def fit_mixture(
    data: MixtureData,
    k: int,
    *,
    rng: np.random.Generator,
    n_init: int = 10,
    init_iter: int = 30,
    max_iter: int = 2000,
    tol: float = 1e-9,
    var_floor: np.ndarray | None = None,
    init_resp: list[np.ndarray] | None = None,
    screen_size: int | None = 5000,
) -> MixtureFit:
    """Fit a k-class mixture by EM: short batched starts, then the best one to convergence.

    Parameters
    ----------
    data : MixtureData
        Prepared answers.
    k : int
        Number of classes.
    rng : numpy.random.Generator
        Source of randomness for the starts.
    n_init : int
        Number of random starts (Dirichlet level probabilities).
    init_iter : int
        EM iterations of every start in the first stage.
    max_iter : int
        Maximum iterations of the refinement.
    tol : float
        Stop when the log-likelihood improves by less than ``tol * |LL|``.
    var_floor : ndarray (q,), optional
        Added to Gaussian variances (keeps a class from collapsing on one value).
    init_resp : list of ndarray (n, k), optional
        Extra starts given as responsibilities (e.g. from k-means); with
        ``n_init=0`` and one entry, EM runs from exactly that start.
    screen_size : int or None
        Run the first stage on a random subsample of this many respondents when the
        data is larger (None: always all respondents).

    Returns
    -------
    MixtureFit

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> truth = rng.integers(0, 2, 400)
    >>> codes = (rng.random((400, 6)) < np.where(truth[:, None] == 1, 0.9, 0.1)).astype(int)
    >>> data = MixtureData.build(codes, [2] * 6, np.empty((400, 0)))
    >>> fit = fit_mixture(data, 2, rng=np.random.default_rng(1))
    >>> labels = fit.resp.argmax(axis=1)
    >>> bool(max(np.mean(labels == truth), np.mean(labels != truth)) >= 0.95)
    True
    """
    q = data.q
    var_floor = np.zeros(q) if var_floor is None else np.asarray(var_floor, dtype=float)
    starts = []
    screen = data
    n_starts = n_init + len(init_resp or [])
    if screen_size is not None and data.n > screen_size and n_starts > 1:
        rows = np.sort(rng.choice(data.n, size=screen_size, replace=False))
        screen = data.take(rows)
    else:
        rows = None
    if n_init > 0:
        starts.append(_random_params(screen, k, n_init, rng, var_floor))
    for resp0 in init_resp or []:
        r = resp0 if rows is None else resp0[rows]
        starts.append(params_from_resp(screen, r, var_floor))
    if n_starts == 1:
        params = starts[0]
    else:
        # stack every start and run the short first stage together
        stacked = tuple(np.concatenate([s[i] for s in starts], axis=0) for i in range(4))
        S = sum(s[0].shape[0] for s in starts) // k
        stacked, ll, _, _ = _run(screen, stacked, S, k, var_floor, init_iter, tol)
        # the LL returned is that of the parameters before the last M-step; fine for ranking
        best = int(np.nanargmax(np.where(np.isfinite(ll), ll, -np.inf)))
        params = _select_group(stacked, best, k)
    params, ll, it, converged = _run(data, params, 1, k, var_floor, max_iter, tol)
    resp, ll = _e_step(data, params, 1, k)
    return MixtureFit(
        log_pi=params[0],
        theta=params[1],
        mean=params[2],
        var=params[3],
        log_likelihood=float(ll[0]),
        n_iter=it,
        converged=converged,
        resp=resp,
    )


def refine(
    data: MixtureData,
    fit: MixtureFit,
    *,
    var_floor: np.ndarray | None = None,
    max_iter: int = 2000,
    tol: float = 1e-9,
) -> MixtureFit:
    """Continue EM from a fitted model (e.g. a float32 fit, refined in float64).

    Examples
    --------
    >>> import numpy as np
    >>> data = MixtureData.build(np.array([[0, 0], [1, 1], [0, 0], [1, 1]]), [2, 2], np.empty((4, 0)))
    >>> rough = fit_mixture(data.astype(np.float32), 2, rng=np.random.default_rng(0), tol=1e-4)
    >>> bool(refine(data, rough).log_likelihood >= rough.log_likelihood - 1e-4)
    True
    """
    var_floor = np.zeros(data.q) if var_floor is None else np.asarray(var_floor, dtype=float)
    params = (fit.log_pi, fit.theta, fit.mean, fit.var)
    params, _, it, converged = _run(data, params, 1, fit.k, var_floor, max_iter, tol)
    resp, ll = _e_step(data, params, 1, fit.k)
    return MixtureFit(*params, float(ll[0]), fit.n_iter + it, converged, resp)


def posterior(data: MixtureData, fit: MixtureFit) -> tuple[np.ndarray, np.ndarray]:
    """Posterior class probabilities (n, k) and per-respondent log-likelihood (n,).

    Examples
    --------
    >>> import numpy as np
    >>> data = MixtureData.build(np.array([[0], [1]]), [2], np.empty((2, 0)))
    >>> fit = MixtureFit(np.log([0.5, 0.5]), np.array([[0.9, 0.1], [0.2, 0.8]]),
    ...                  np.zeros((2, 0)), np.ones((2, 0)), 0.0, 0, True)
    >>> posterior(data, fit)[0].round(3).tolist()
    [[0.818, 0.182], [0.111, 0.889]]
    """
    lj = _log_joint(data, fit.log_pi, fit.theta, fit.mean, fit.var).astype(np.float64)
    lp = logsumexp(lj, axis=1)
    return np.exp(lj - lp[:, None]), lp

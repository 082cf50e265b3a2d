"""One interface over the segmentation methods: fit on (a resample of) rows, type new rows.

Every engine prepares the encoded respondents once, then:

- ``fit(k, rng, rows=None, quick=False)`` returns a :class:`Solution` (labels 0..k-1
  of those rows, posterior probabilities where the method has them, log-likelihood
  and parameter count for likelihood methods, within-group dispersion for distance
  methods, and the parameters needed to type new respondents);
- ``predict(encoded, model)`` gives labels (and probabilities) for new rows;
- ``null_dispersion(ks, n_null, rng)`` refits on data whose variables were shuffled
  independently across respondents (same answers, no relation between questions:
  the "no structure" reference used by the gap statistic);
- ``permute(model, order)`` renumbers the groups.

``quick=True`` is used for bootstrap refits: fewer random starts, same algorithm.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from personakit.segment._encoding import EncodedData, MixedEncoder
from personakit.segment._gmm import gmm_data, gmm_var_floor
from personakit.segment._gower import gower_from_matrix
from personakit.segment._hierarchical import (
    cut_tree,
    distances_to_prototypes,
    gower_matrix,
    prototypes,
    tree,
)
from personakit.segment._kmeans import kmeans_distances, kmeans_fit
from personakit.segment._lca import (
    MixtureData,
    MixtureFit,
    fit_mixture,
    mixture_n_params,
    params_from_resp,
    posterior,
    refine,
)

__all__ = ["ENGINES", "Solution", "make_engine", "predict_model"]


@dataclass
class Solution:
    labels: np.ndarray
    proba: np.ndarray | None = None
    log_likelihood: float | None = None
    n_params: int | None = None
    dispersion: float | None = None
    model: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def _one_hot(labels: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros((len(labels), k))
    out[np.arange(len(labels)), labels] = 1.0
    return out


def _variable_blocks(encoder: MixedEncoder) -> list[tuple[int, int]]:
    """Column range of each variable in the encoded matrix (a nominal question spans several)."""
    blocks = []
    start = 0
    for e in encoder.used:
        width = len(e.columns())
        blocks.append((start, start + width))
        start += width
    return blocks


def _shuffled(X: np.ndarray, blocks: list[tuple[int, int]], rng: np.random.Generator):
    """A copy of ``X`` with each variable's columns shuffled over the rows: the answers stay,
    the structure between questions goes (the no-structure reference)."""
    Xp = X.copy()
    for lo, hi in blocks:
        Xp[:, lo:hi] = Xp[rng.permutation(len(Xp)), lo:hi]
    return Xp


class KMeansEngine:
    name = "kmeans"
    likelihood = False
    soft = False

    def __init__(self, encoder: MixedEncoder, enc: EncodedData, w: np.ndarray, settings: dict):
        self.encoder = encoder
        self.X = enc.X
        self.w = w
        self.n_init = settings.get("n_init") or 4
        self.blocks = _variable_blocks(encoder)

    def _fit_matrix(self, X, w, k, rng, n_init):
        if k == 1:
            res = kmeans_fit(X, 1, sample_weight=w, n_init=1, rng=rng)
            return res
        return kmeans_fit(X, k, sample_weight=w, n_init=n_init, rng=rng)

    def fit(self, k, rng, rows=None, quick=False):
        X = self.X if rows is None else self.X[rows]
        w = self.w if rows is None else self.w[rows]
        res = self._fit_matrix(X, w, k, rng, 1 if quick else self.n_init)
        return Solution(labels=res.labels, dispersion=res.inertia, model={"centers": res.centers})

    def null_dispersion(self, ks, n_null, rng):
        out = np.full((n_null, len(ks)), np.nan)
        for b in range(n_null):
            Xp = _shuffled(self.X, self.blocks, rng)
            for i, k in enumerate(ks):
                out[b, i] = self._fit_matrix(Xp, self.w, k, rng, self.n_init).inertia
        return out

    @staticmethod
    def permute(model, order):
        return {"centers": model["centers"][order]}


class _MixtureEngine:
    """LCA and GMM share the EM engine; the sweep runs in float32, the final fit in float64."""

    likelihood = True
    soft = True
    sweep_tol = 1e-6

    def _setup(self, data: MixtureData, enc: EncodedData, settings: dict):
        self.data = data
        self.data_fast = data.astype(np.float32)
        self.kmeans_X = enc.X
        self.n_init = settings.get("n_init") or 10
        self.tol = settings.get("tol", 1e-8)
        self.max_iter = settings.get("max_iter", 2000)

    def fit(self, k, rng, rows=None, quick=False):
        if k == 1:
            data = self.data if rows is None else self.data.take(rows)
            params = params_from_resp(data, np.ones((data.n, 1)), self.var_floor)
            fit = MixtureFit(*params, log_likelihood=0.0, n_iter=0, converged=True)
            proba, lp = posterior(data, fit)
            fit.log_likelihood = float(data.w @ lp)
            fit.resp = proba
            return self._solution(fit, k)
        data = self.data_fast if rows is None else self.data_fast.take(rows)
        X = self.kmeans_X if rows is None else self.kmeans_X[rows]
        km = kmeans_fit(X, k, sample_weight=data.w, n_init=1, rng=rng)
        start = _one_hot(km.labels, k) * 0.9 + 0.1 / k
        fit = fit_mixture(
            data,
            k,
            rng=rng,
            # bootstrap refits start from k-means only: one start can only make a
            # persona look less stable, never more
            n_init=0 if quick else self.n_init,
            var_floor=self.var_floor,
            init_resp=[start],
            tol=max(self.tol, self.sweep_tol),
            max_iter=min(self.max_iter, 500) if quick else self.max_iter,
        )
        return self._solution(fit, k)

    def polish(self, sol: Solution, k: int) -> Solution:
        """Refine a sweep solution in float64 to the final tolerance."""
        if k == 1:
            return sol
        fit = MixtureFit(
            sol.model["log_pi"], sol.model["theta"], sol.model["mean"], sol.model["var"],
            sol.log_likelihood, sol.extra.get("n_iter", 0), False,
        )  # fmt: skip
        fit = refine(self.data, fit, var_floor=self.var_floor, tol=self.tol, max_iter=self.max_iter)
        out = self._solution(fit, k)
        for key, value in sol.extra.items():
            out.extra.setdefault(key, value)
        return out

    def _solution(self, fit: MixtureFit, k: int) -> Solution:
        resp = np.asarray(fit.resp, dtype=np.float64)
        resp /= resp.sum(axis=1, keepdims=True)
        return Solution(
            labels=np.argmax(resp, axis=1),
            proba=resp,
            log_likelihood=fit.log_likelihood,
            n_params=self.n_params(k),
            model={"log_pi": fit.log_pi, "theta": fit.theta, "mean": fit.mean, "var": fit.var},
            extra={"n_iter": fit.n_iter, "converged": fit.converged},
        )

    @staticmethod
    def permute(model, order):
        return {
            "log_pi": model["log_pi"][order],
            "theta": model["theta"][order],
            "mean": model["mean"][order],
            "var": model["var"][order],
        }


def lca_inputs(encoder: MixedEncoder, enc: EncodedData, sample_weight=None) -> MixtureData:
    """LCA data: every variable as levels (merged rare levels, non-substantive level),
    except numbers kept Gaussian when ``lca_numeric="gaussian"``."""
    n = enc.n
    cols, n_levels, cat_w, gauss_cols, gauss_w = [], [], [], [], []
    ci = ni = 0
    ns = enc.nonsubstantive if enc.nonsubstantive is not None else np.zeros((n, 0), bool)
    for j, e in enumerate(encoder.used):
        if e.treated_as == "numeric":
            raw = enc.bin_codes[:, ni]
            if e.gaussian:
                gauss_cols.append(enc.numeric[:, ni])
                gauss_w.append(e.weight)
                ni += 1
                continue
            ni += 1
        else:
            raw = enc.codes[:, ci]
            ci += 1
        mapping = np.asarray(e.lca_map if e.lca_map else range(max(int(raw.max()) + 1, 1)))
        codes = np.where(raw >= 0, mapping[np.clip(raw, 0, len(mapping) - 1)], -1)
        levels = int(mapping.max()) + 1
        if e.nonsubstantive:
            if ns.shape[1] > j:
                codes = np.where(ns[:, j], levels, codes)
            levels += 1
        cols.append(codes)
        n_levels.append(levels)
        cat_w.append(e.weight)
    codes = np.column_stack(cols) if cols else np.empty((n, 0), dtype=np.int64)
    numeric = np.column_stack(gauss_cols) if gauss_cols else np.empty((n, 0))
    return MixtureData.build(
        codes,
        np.array(n_levels, dtype=np.int64),
        numeric,
        sample_weight=sample_weight,
        cat_weight=np.array(cat_w, dtype=float),
        num_weight=np.array(gauss_w, dtype=float),
    )


class LCAEngine(_MixtureEngine):
    name = "lca"

    def __init__(self, encoder: MixedEncoder, enc: EncodedData, w: np.ndarray, settings: dict):
        self.encoder = encoder
        data = lca_inputs(encoder, enc, w)
        # levels actually observed (unused scale points carry no free parameter)
        Y = data.Y
        observed = [
            int((Y[:, off : off + L].sum(axis=0) > 0).sum())
            for off, L in zip(data.offsets, data.n_levels)
        ]
        self.n_levels = data.n_levels
        self.observed_levels = np.array(observed, dtype=np.int64)
        self.var_floor = _relative_floor(data, settings.get("reg_covar_lca", 1e-2))
        self._setup(data, enc, settings)

    def n_params(self, k):
        return mixture_n_params(self.n_levels, self.data.q, k, self.observed_levels)


class GMMEngine(_MixtureEngine):
    name = "gmm"
    calibrated = True

    def null_loglik(self, ks, n_null, rng):
        """Log-likelihood per k on answers shuffled per variable (the no-structure reference)."""
        blocks = _variable_blocks(self.encoder)
        out = np.full((n_null, len(ks)), np.nan)
        for b in range(n_null):
            Xp = _shuffled(self.kmeans_X, blocks, rng)
            engine = GMMEngine.__new__(GMMEngine)
            engine.encoder, engine.col_w = self.encoder, self.col_w
            engine.var_floor = self.var_floor
            engine._setup(gmm_data(Xp, self.data.w, self.col_w), _Wrap(Xp), {"n_init": 3})
            for i, k in enumerate(ks):
                out[b, i] = engine.fit(k, rng).log_likelihood
        return out

    def __init__(self, encoder: MixedEncoder, enc: EncodedData, w: np.ndarray, settings: dict):
        self.encoder = encoder
        self.col_w = encoder.column_weights()
        data = gmm_data(enc.X, w, self.col_w)
        self.var_floor = gmm_var_floor(data, settings.get("reg_covar", 1e-2))
        self._setup(data, enc, settings)

    def n_params(self, k):
        return mixture_n_params(np.empty(0, dtype=np.int64), self.data.q, k)


class HierarchicalEngine:
    name = "hierarchical"
    likelihood = False
    soft = False

    def __init__(self, encoder: MixedEncoder, enc: EncodedData, w: np.ndarray, settings: dict):
        self.encoder = encoder
        self.gm, self.spans = gower_matrix(encoder.used, enc.codes, enc.numeric)
        self.D = gower_from_matrix(self.gm)
        self.method = settings.get("linkage", "average")
        self.Z = tree(self.D, self.method)

    @staticmethod
    def dispersion(D, labels):
        total = 0.0
        for g in np.unique(labels):
            members = labels == g
            total += D[np.ix_(members, members)].sum() / (2.0 * members.sum())
        return float(total)

    def fit(self, k, rng, rows=None, quick=False):
        if rows is None:
            D, Z, gm = self.D, self.Z, self.gm
        else:
            D = self.D[np.ix_(rows, rows)]
            Z = tree(D, self.method)
            gm = self.gm.take(rows)
        labels = np.zeros(len(D), dtype=np.int64) if k == 1 else cut_tree(Z, k)
        k_found = int(labels.max()) + 1
        return Solution(
            labels=labels,
            dispersion=self.dispersion(D, labels),
            model={"prototypes": prototypes(gm, labels, k_found)},
            extra={"k_found": k_found},
        )

    def null_dispersion(self, ks, n_null, rng):
        out = np.full((n_null, len(ks)), np.nan)
        for b in range(n_null):
            gm = self.gm.permuted(rng)
            D = gower_from_matrix(gm)
            Z = tree(D, self.method)
            for i, k in enumerate(ks):
                labels = np.zeros(len(D), dtype=np.int64) if k == 1 else cut_tree(Z, k)
                out[b, i] = self.dispersion(D, labels)
        return out

    @staticmethod
    def permute(model, order):
        return {"prototypes": model["prototypes"][order]}


class _Wrap:
    def __init__(self, X):
        self.X = X


def _relative_floor(data: MixtureData, rel: float) -> np.ndarray:
    if not data.q:
        return np.zeros(0)
    return gmm_var_floor(data, rel)


ENGINES = {
    "kmeans": KMeansEngine,
    "gmm": GMMEngine,
    "lca": LCAEngine,
    "hierarchical": HierarchicalEngine,
}


def make_engine(method, encoder, enc, w, settings):
    """Instantiate the engine for ``method`` on the encoded data."""
    return ENGINES[method](encoder, enc, w, settings)


def _fit_from_model(model) -> MixtureFit:
    return MixtureFit(model["log_pi"], model["theta"], model["mean"], model["var"], 0.0, 0, True)


def predict_model(method, encoder, model, enc: EncodedData, settings=None):
    """Labels (0-based) and probabilities (or None) of encoded new rows under a fitted model."""
    settings = settings or {}
    if method == "kmeans":
        d = kmeans_distances(enc.X, model["centers"])
        return np.argmin(d, axis=1), None
    if method == "lca":
        data = lca_inputs(encoder, enc)
    elif method == "gmm":
        col_w = np.asarray(settings.get("col_weights", encoder.column_weights()), dtype=float)
        data = gmm_data(enc.X, None, col_w)
    elif method == "hierarchical":
        spans = [tuple(row) for row in np.asarray(model["spans"]).reshape(-1, 2)]
        gm, _ = gower_matrix(encoder.used, enc.codes, enc.numeric, spans=spans)
        d = distances_to_prototypes(gm, model["prototypes"])
        return np.argmin(d, axis=1), None
    else:  # pragma: no cover - guarded by the segmenter
        raise ValueError(method)
    proba, _ = posterior(data, _fit_from_model(model))
    return np.argmax(proba, axis=1), proba

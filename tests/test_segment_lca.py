"""Latent class analysis against published poLCA results and against StepMix."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from personakit import PersonaSegmenter
from personakit.segment._lca import (
    MixtureData,
    fit_mixture,
    mixture_n_params,
    posterior,
    refine,
)


def _best(data, k, *, seeds=4, n_init=20):
    fits = [
        fit_mixture(data, k, rng=np.random.default_rng(s), n_init=n_init, tol=1e-12, max_iter=20000)
        for s in range(seeds)
    ]
    return max(fits, key=lambda f: f.log_likelihood)


@pytest.fixture(scope="module")
def carcinoma(fixtures_dir):
    return pd.read_csv(fixtures_dir / "lca" / "carcinoma.csv").set_index("slide")


@pytest.fixture(scope="module")
def values(fixtures_dir):
    patterns = pd.read_csv(fixtures_dir / "lca" / "values.csv")
    return patterns.loc[patterns.index.repeat(patterns["count"]), ["A", "B", "C", "D"]]


def test_carcinoma_fixture_is_polca_data(carcinoma):
    assert carcinoma.shape == (118, 7)
    assert len(carcinoma.drop_duplicates()) == 20  # poLCA: 20 observed response patterns


@pytest.mark.parametrize(("k", "published"), [(2, -317.2568), (3, -293.705), (4, -289.2858)])
def test_carcinoma_log_likelihood_matches_polca(carcinoma, k, published):
    data = MixtureData.build(carcinoma.to_numpy() - 1, [2] * 7, np.empty((118, 0)))
    fit = _best(data, k)
    assert fit.log_likelihood == pytest.approx(published, abs=1e-3)


@pytest.mark.parametrize(("k", "published"), [(1, -543.6498), (2, -504.4677), (3, -503.3011)])
def test_values_log_likelihood_matches_polca(values, k, published):
    codes = values.to_numpy() - 1
    data = MixtureData.build(codes, [2] * 4, np.empty((len(codes), 0)))
    fit = _best(data, k)
    assert fit.log_likelihood == pytest.approx(published, abs=1e-3)


def test_segmenter_on_carcinoma_reports_polca_bic(carcinoma):
    frame = carcinoma.astype(str).astype("category")
    seg = PersonaSegmenter(2, method="lca", n_bootstrap=0, n_init=20).fit(frame)
    assert seg.log_likelihood_ == pytest.approx(-317.2568, abs=1e-3)
    # poLCA counts (k - 1) + k * sum(levels - 1) = 1 + 2 * 7 = 15 parameters
    assert seg.n_params_ == 15
    assert seg.bic_ == pytest.approx(2 * 317.2568 + 15 * np.log(118), abs=1e-2)
    assert seg.aic_ == pytest.approx(2 * 317.2568 + 30, abs=1e-2)
    # at the maximum likelihood the class shares equal the mean posterior (EM fixed point)
    pi = np.exp(seg._model["log_pi"])
    assert pi == pytest.approx(seg.probabilities_.mean().to_numpy(), abs=1e-6)


def _stepmix_start(seed, n, k):
    """StepMix's init_params='random': uniform responsibilities, normalised per row."""
    from sklearn.utils import check_random_state

    rs = check_random_state(seed)
    resp = rs.uniform(size=(n, k))
    return resp / resp.sum(axis=1, keepdims=True)


def _planted_codes(n=1500, m=10, k=3, levels=4, seed=3, missing=0.0):
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, k, n)
    probs = rng.dirichlet(np.ones(levels), size=(k, m))
    cum = probs.cumsum(axis=2)
    u = rng.random((n, m))
    codes = (u[:, :, None] > cum[truth[:, None], np.arange(m)[None, :]]).sum(axis=2)
    X = codes.astype(float)
    X[rng.random(X.shape) < missing] = np.nan
    return X


@pytest.mark.parametrize(
    ("measurement", "missing"), [("categorical", 0.0), ("categorical_nan", 0.08)]
)
def test_log_likelihood_matches_stepmix_from_the_same_start(measurement, missing):
    stepmix = pytest.importorskip("stepmix.stepmix")
    X = _planted_codes(missing=missing)
    n, k = len(X), 3
    sm = stepmix.StepMix(
        n_components=k, measurement=measurement, n_init=1, init_params="random",
        random_state=7, max_iter=10000, abs_tol=1e-12, rel_tol=0, progress_bar=0, verbose=0,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sm.fit(X)
    ll_stepmix = sm.score(X) * n
    codes = np.where(np.isnan(X), -1, X).astype(int)
    data = MixtureData.build(codes, [4] * X.shape[1], np.empty((n, 0)))
    fit = fit_mixture(
        data, k, rng=np.random.default_rng(0), n_init=0,
        init_resp=[_stepmix_start(7, n, k)], tol=1e-14, max_iter=10000,
    )  # fmt: skip
    assert fit.log_likelihood == pytest.approx(ll_stepmix, abs=1e-3)
    # and the same classes
    ours = fit.resp.argmax(axis=1)
    theirs = sm.predict(X)
    from sklearn.metrics import adjusted_rand_score

    assert adjusted_rand_score(ours, theirs) > 0.999
    # poLCA's parameter count is StepMix's for integer-coded answers
    assert mixture_n_params([4] * X.shape[1], 0, k) == sm.n_parameters


def test_gaussian_block_matches_stepmix_gaussian_diag():
    stepmix = pytest.importorskip("stepmix.stepmix")
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (300, 3)), rng.normal(2.5, 0.6, (200, 3))])
    sm = stepmix.StepMix(
        n_components=2, measurement="gaussian_diag", n_init=1, init_params="random",
        random_state=11, max_iter=10000, abs_tol=1e-12, rel_tol=0, progress_bar=0, verbose=0,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sm.fit(X)
    data = MixtureData.build(np.empty((500, 0), dtype=int), [], X)
    fit = fit_mixture(
        data, 2, rng=rng, n_init=0, init_resp=[_stepmix_start(11, 500, 2)],
        var_floor=np.full(3, 1e-6), tol=1e-14, max_iter=10000,
    )  # fmt: skip
    assert fit.log_likelihood == pytest.approx(sm.score(X) * 500, abs=1e-3)


def test_missing_answers_are_integrated_out_not_dropped():
    X = _planted_codes(n=600, missing=0.3)
    codes = np.where(np.isnan(X), -1, X).astype(int)
    data = MixtureData.build(codes, [4] * X.shape[1], np.empty((600, 0)))
    fit = fit_mixture(data, 3, rng=np.random.default_rng(1))
    proba, per_row = posterior(data, fit)
    assert proba.shape == (600, 3) and np.isfinite(per_row).all()
    # a respondent's likelihood only multiplies over the answers given: blanking an
    # answer must change that respondent's log-likelihood, not anyone else's
    blank = codes.copy()
    row = int(np.flatnonzero((codes >= 0).all(axis=1))[0])
    blank[row, 0] = -1
    _, per_row2 = posterior(MixtureData.build(blank, [4] * X.shape[1], np.empty((600, 0))), fit)
    changed = np.flatnonzero(~np.isclose(per_row, per_row2))
    assert changed.tolist() == [row]
    assert per_row2[row] > per_row[row]  # one factor < 1 fewer


def test_float32_sweep_then_float64_refinement_reaches_the_float64_optimum(carcinoma):
    data = MixtureData.build(carcinoma.to_numpy() - 1, [2] * 7, np.empty((118, 0)))
    rough = fit_mixture(data.astype(np.float32), 2, rng=np.random.default_rng(0), tol=1e-6)
    fine = refine(data, rough, tol=1e-12, max_iter=20000)
    assert fine.log_likelihood == pytest.approx(-317.2568, abs=1e-3)

"""PersonaSegmenter: recovery, no-structure answers, determinism, typing tool, save/load, errors."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import adjusted_rand_score

from personakit import PersonakitWarning, PersonaSegmenter, SegmentationError, Survey
from personakit._json import dumps
from personakit.simulate import simulate_survey


def ari(truth: pd.Series, labels: pd.Series) -> float:
    return adjusted_rand_score(truth.loc[labels.index], labels)


@pytest.fixture(scope="module")
def clear4():
    return simulate_survey(600, 4, separation=2.0, random_state=11)


@pytest.fixture(scope="module")
def clear4_fit(clear4):
    survey, _ = clear4
    return PersonaSegmenter(n_bootstrap=8, random_state=0).fit(survey)


def uniform_answers(n: int, seed: int = 5) -> pd.DataFrame:
    """Answers drawn independently and uniformly: no personas to find."""
    rng = np.random.default_rng(seed)
    scale = ["a", "b", "c", "d", "e"]
    df = pd.DataFrame(
        {
            f"q{j}": pd.Categorical(rng.choice(scale, n), categories=scale, ordered=True)
            for j in range(16)
        }
    )
    for j in range(3):
        df[f"n{j}"] = pd.Categorical(rng.choice(["x", "y", "z"], n))
    for j in range(3):
        df[f"m{j}"] = rng.random(n) < 0.4
    df["amount"] = rng.normal(50, 10, n)
    df.index = pd.Index([f"u{i:04d}" for i in range(n)], name="respondent_id")
    return df


# -- recovery and choice of k ----------------------------------------------------------------


def test_auto_finds_the_planted_personas(clear4, clear4_fit):
    _, truth = clear4
    seg = clear4_fit
    assert seg.method_ == "lca"
    assert seg.n_personas_ == 4
    assert ari(truth, seg.labels_) >= 0.95
    assert seg.selection_reason_.startswith("k=4: lowest BIC")
    assert "latent class analysis" in seg.method_reason_
    assert list(seg.selection_["k"]) == list(range(1, 9))
    assert bool(seg.selection_.loc[seg.selection_["k"] == 4, "admissible"].iloc[0])
    assert seg.stability_["stable"].all()
    assert (seg.stability_["stability"] > 0.9).all()


@pytest.mark.parametrize("method", ["kmeans", "hierarchical"])
def test_distance_methods_find_the_planted_personas(method):
    survey, truth = simulate_survey(300, 3, separation=2.0, random_state=4)
    seg = PersonaSegmenter(method=method, n_bootstrap=8, random_state=0).fit(survey)
    assert seg.n_personas_ == 3
    assert ari(truth, seg.labels_) >= 0.95
    assert "gap statistic" in seg.selection_reason_
    assert seg.selection_["gap"].notna().all()


def test_gmm_recovers_numeric_groups():
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 3, 600)
    df = pd.DataFrame(rng.normal(size=(600, 6)) + truth[:, None] * 1.5, columns=list("abcdef"))
    df.index = [f"r{i}" for i in range(600)]
    seg = PersonaSegmenter(method="gmm", n_bootstrap=5).fit(df)
    assert seg.n_personas_ == 3
    assert adjusted_rand_score(truth, seg.labels_.loc[df.index]) > 0.8
    assert seg.bic_ == pytest.approx(-2 * seg.log_likelihood_ + seg.n_params_ * np.log(600))


@pytest.mark.parametrize("method", ["auto", "lca", "kmeans", "gmm"])
def test_uniform_random_answers_give_one_persona(method):
    seg = PersonaSegmenter(method=method, n_bootstrap=5).fit(uniform_answers(500))
    assert seg.n_personas_ == 1
    assert seg.selection_reason_.startswith("no stable structure")
    assert (seg.labels_ == 1).all()
    assert seg.stability_.index.tolist() == [1]


def test_no_structure_reason_says_why_for_lca():
    survey, _ = simulate_survey(500, 4, separation=0.0, random_state=2)
    seg = PersonaSegmenter(n_bootstrap=5).fit(survey)
    assert seg.n_personas_ == 1
    assert "BIC is lowest for a single class" in seg.selection_reason_
    row1 = seg.selection_.set_index("k").loc[1]
    assert row1["bic"] < seg.selection_.set_index("k").loc[2, "bic"]


def test_small_n_uses_hierarchical_and_refuses_to_invent_groups():
    seg = PersonaSegmenter(n_bootstrap=10).fit(uniform_answers(60, seed=9))
    assert seg.method_ == "hierarchical"
    assert "small_n=200" in seg.method_reason_
    assert seg.n_personas_ == 1
    assert seg.selection_reason_.startswith("no stable structure")


def test_fixed_k_reports_caution_for_unstable_personas():
    survey, _ = simulate_survey(400, 2, separation=0.3, random_state=8)
    with pytest.warns(PersonakitWarning, match="not stable under resampling"):
        seg = PersonaSegmenter(5, method="kmeans", n_bootstrap=8).fit(survey)
    assert seg.n_personas_ == 5
    assert "set by n_personas=5" in seg.selection_reason_
    assert "Caution" in seg.selection_reason_
    assert not seg.stability_["stable"].all()


def test_range_of_candidates_is_respected():
    survey, _ = simulate_survey(400, 4, separation=2.0, random_state=1)
    seg = PersonaSegmenter(range(2, 4), n_bootstrap=0).fit(survey)
    assert set(seg.selection_["k"]) == {1, 2, 3}
    assert seg.n_personas_ in (2, 3)


# -- determinism ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["lca", "kmeans", "hierarchical", "gmm"])
def test_same_seed_same_result_and_row_order_does_not_matter(method):
    survey, _ = simulate_survey(240, 3, separation=1.5, random_state=6)
    kwargs = {"method": method, "n_bootstrap": 4, "random_state": 3}
    a = PersonaSegmenter(**kwargs).fit(survey)
    b = PersonaSegmenter(**kwargs).fit(survey)
    pd.testing.assert_series_equal(a.labels_, b.labels_)
    pd.testing.assert_frame_equal(a.selection_, b.selection_)
    assert dumps(a.to_dict()) == dumps(b.to_dict())
    order = np.random.default_rng(0).permutation(survey.n_respondents)
    shuffled = Survey(survey.responses.iloc[order], survey.codebook)
    c = PersonaSegmenter(**kwargs).fit(shuffled)
    assert list(c.labels_.index) == list(shuffled.responses.index)  # input order kept
    pd.testing.assert_series_equal(a.labels_.sort_index(), c.labels_.sort_index())
    pd.testing.assert_frame_equal(a.selection_, c.selection_)


def test_labels_are_numbered_by_size(clear4_fit):
    seg = clear4_fit
    sizes = seg.labels_.value_counts().sort_index()
    assert sizes.index.tolist() == [1, 2, 3, 4]
    assert sizes.is_monotonic_decreasing
    assert seg.stability_["size"].tolist() == sizes.tolist()
    assert seg.labels_.index.name == "respondent_id"
    assert seg.labels_.dtype == "int64"


def test_probabilities_match_labels(clear4_fit):
    seg = clear4_fit
    p = seg.probabilities_
    assert list(p.columns) == [1, 2, 3, 4]
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert (p.idxmax(axis=1) == seg.labels_).all()


# -- encoding ----------------------------------------------------------------------------


def test_encoding_follows_the_codebook(clear4_fit):
    enc = clear4_fit.encoding_.set_index("variable")
    assert enc.loc["Q1_1", "treated_as"] == "ordinal"
    assert enc.loc["Q2", "treated_as"] == "nominal"
    assert enc.loc["Q8_1", "treated_as"] == "binary"
    assert enc.loc["age", "treated_as"] == "numeric"
    assert enc.loc["team_size", "transform"] == "log1p"
    assert all(str(c).startswith("Q2=") for c in enc.loc["Q2", "columns"])
    assert "binned" in enc.loc["monthly_spend", "lca_model"]


def test_never_clustered_kinds_are_skipped_with_reasons():
    survey, _ = simulate_survey(300, 2, separation=2.0, random_state=1, weights=True)
    r = survey.responses.copy()
    r["comment"] = "free text answer number " + pd.Series(range(300), index=r.index).astype(str)
    r["email"] = [f"p{i}@example.com" for i in range(300)]
    r["started"] = pd.Timestamp("2024-01-01")
    r["check"] = survey.responses["Q1_1"]
    r["off"] = survey.responses["Q2"]
    extra = pd.DataFrame(
        {
            "variable": ["comment", "email", "started", "check", "off"],
            "kind": ["text", "nominal", "date", "likert", "nominal"],
            "pii": [False, True, False, False, False],
            "role": [None, None, None, "attention_check", None],
            "include": [True, True, True, True, False],
            "levels": [None, None, None, survey.codebook.loc[0, "levels"], None],
        }
    )
    cb = pd.concat([survey.codebook, extra], ignore_index=True)
    seg = PersonaSegmenter(2, n_bootstrap=0, drop_redundant=False).fit(Survey(r, cb))
    enc = seg.encoding_.set_index("variable")
    expected = {
        "comment": "free text",
        "email": "personal data",
        "started": "a date",
        "check": "attention check",
        "off": "include=False",
        "weight": "survey weight",
    }
    for name, why in expected.items():
        assert enc.loc[name, "treated_as"] == "skip", name
        assert why in enc.loc[name, "reason"], name


def test_nominal_questions_count_once_whatever_their_levels():
    from personakit.segment._encoding import MixedEncoder, codebook_from_frame

    df = pd.DataFrame(
        {
            "two": ["a", "b", "a", "b"],
            "six": ["p", "q", "r", "s"],
            "score": pd.Categorical(
                ["lo", "hi", "lo", "hi"], categories=["lo", "hi"], ordered=True
            ),
        },
        index=list("wxyz"),
    )
    encoder = MixedEncoder(codebook_from_frame(df)).fit(df)
    X = encoder.transform(df).X
    cols = encoder.column_names()
    two = [i for i, c in enumerate(cols) if c.startswith("two=")]
    six = [i for i, c in enumerate(cols) if c.startswith("six=")]
    score = cols.index("score")

    def sq(i, j, block):
        return float(((X[i, block] - X[j, block]) ** 2).sum())

    # different answers: squared distance 1 for a 2-level, a 6-level and a scale extreme
    assert sq(0, 1, two) == pytest.approx(1.0)
    assert sq(0, 1, six) == pytest.approx(1.0)
    assert sq(0, 1, [score]) == pytest.approx(1.0)


def test_weights_and_treat_as_change_the_encoding():
    survey, _ = simulate_survey(300, 2, separation=2.0, random_state=1)
    seg = PersonaSegmenter(
        2,
        method="kmeans",
        n_bootstrap=0,
        weights={"Q8": 2.0, "Q2": 0},
        treat_as={"Q3": "ordinal", "age": "skip"},
    ).fit(survey)
    enc = seg.encoding_.set_index("variable")
    assert (enc.loc[enc["question_id"] == "Q8", "weight"] == 2.0).all()
    assert enc.loc["Q2", "treated_as"] == "skip" and enc.loc["Q2", "reason"] == "weight 0"
    assert enc.loc["Q3", "treated_as"] == "ordinal"
    assert "set by user" in enc.loc["Q3", "reason"]
    assert enc.loc["age", "treated_as"] == "skip"


def test_dataframe_input_infers_kinds_from_dtypes():
    survey, truth = simulate_survey(300, 3, separation=2.0, random_state=2)
    df = survey.responses.copy()
    df["plan_text"] = df["Q5"].astype(str).astype("string")  # pandas 3 string dtype
    seg = PersonaSegmenter(n_bootstrap=0, drop_redundant=False).fit(df)
    enc = seg.encoding_.set_index("variable")
    assert enc.loc["Q1_1", "kind"] == "ordinal"
    assert enc.loc["Q2", "kind"] == "nominal"
    assert enc.loc["Q8_1", "kind"] == "multiselect"
    assert enc.loc["age", "kind"] == "numeric"
    assert enc.loc["plan_text", "treated_as"] == "nominal"
    assert seg.n_personas_ == 3 and ari(truth, seg.labels_) > 0.95
    with pytest.warns(PersonakitWarning, match="plan_text \\(derived from 'Q5'"):
        PersonaSegmenter(3, n_bootstrap=0).fit(df)


def test_redundant_variables_are_left_out_with_a_reason():
    survey, truth = simulate_survey(600, 3, separation=1.5, random_state=12)
    r = survey.responses.copy()
    levels = list(r["Q1_1"].cat.categories)
    # a reverse-worded item: the mirror image of Q1_1, one step off for 15 % of people
    codes = r["Q1_1"].cat.codes.to_numpy()
    rng = np.random.default_rng(0)
    step = np.where(rng.random(len(codes)) < 0.15, rng.choice([-1, 1], len(codes)), 0)
    mirror = np.where(codes < 0, -1, np.clip(4 - codes + step, 0, 4))
    r["Q1_mirror"] = pd.Categorical.from_codes(mirror, categories=levels, ordered=True)
    r["Q2_group"] = r["Q2"].map(
        lambda v: (
            None
            if pd.isna(v)
            else ("early" if str(v) in ("Individual contributor", "Team lead") else "late")
        )
    )
    extra = pd.DataFrame(
        {
            "variable": ["Q1_mirror", "Q2_group"],
            "kind": ["likert", "nominal"],
            "levels": [levels, None],
        }
    )
    data = Survey(r, pd.concat([survey.codebook, extra], ignore_index=True))
    with pytest.warns(PersonakitWarning, match="redundant"):
        seg = PersonaSegmenter(3, n_bootstrap=0).fit(data)
    enc = seg.encoding_.set_index("variable")
    assert "mirrors 'Q1_1'" in enc.loc["Q1_mirror", "reason"]
    assert "derived from 'Q2'" in enc.loc["Q2_group", "reason"]
    # informative items that correlate through the personas themselves are kept
    assert (enc.loc[[f"Q1_{i}" for i in range(1, 21)], "treated_as"] == "ordinal").all()
    kept = PersonaSegmenter(3, n_bootstrap=0, drop_redundant=False).fit(data)
    assert kept.encoding_.set_index("variable").loc["Q1_mirror", "treated_as"] == "ordinal"


def test_dont_know_answers_become_an_lca_level():
    survey, _ = simulate_survey(400, 2, separation=2.0, random_state=3)
    r = survey.responses.copy()
    rows = r.index[:40]
    r.loc[rows, "Q2"] = np.nan
    missing = pd.DataFrame(
        {
            "respondent_id": rows,
            "variable": "Q2",
            "value": "Don't know",
            "reason": "non-substantive answer: Don't know",
        }
    )
    data = Survey(r, survey.codebook, missing=missing)
    seg = PersonaSegmenter(2, method="lca", n_bootstrap=0).fit(data)
    assert '"Don\'t know"' in seg.encoding_.set_index("variable").loc["Q2", "lca_model"]


# -- missing answers, weights, dropped rows ------------------------------------------------


def test_respondents_with_no_answers_are_listed_not_silently_dropped():
    survey, _ = simulate_survey(300, 2, separation=2.0, random_state=1)
    r = survey.responses.copy()
    r.iloc[:3] = np.nan  # three respondents answered nothing
    seg = PersonaSegmenter(2, method="kmeans", n_bootstrap=0).fit(Survey(r, survey.codebook))
    assert seg.dropped_["respondent_id"].tolist() == list(r.index[:3])
    assert "answered none" in seg.dropped_["reason"].iloc[0]
    assert len(seg.labels_) == 297 and not seg.labels_.index.isin(r.index[:3]).any()


def test_partly_missing_answers_still_get_a_persona():
    survey, truth = simulate_survey(500, 3, separation=2.0, missing=0.4, random_state=5)
    for method in ("lca", "kmeans"):
        seg = PersonaSegmenter(3, method=method, n_bootstrap=0).fit(survey)
        assert len(seg.labels_) == 500
        assert ari(truth, seg.labels_) > 0.9


def test_survey_weights_enter_fit_and_shares():
    survey, _ = simulate_survey(400, 2, separation=2.0, random_state=7, weights=True)
    seg = PersonaSegmenter(2, n_bootstrap=0).fit(survey)
    st = seg.stability_
    assert not np.allclose(st["share"], st["weighted_share"])
    assert st["weighted_share"].sum() == pytest.approx(1.0)
    unweighted = PersonaSegmenter(2, n_bootstrap=0, use_survey_weights=False).fit(survey)
    np.testing.assert_allclose(
        unweighted.stability_["share"], unweighted.stability_["weighted_share"]
    )
    assert seg.log_likelihood_ != pytest.approx(unweighted.log_likelihood_)


def test_integer_weights_equal_duplicated_respondents():
    from personakit.segment._lca import MixtureData, fit_mixture

    rng = np.random.default_rng(0)
    codes = rng.integers(0, 3, (200, 6))
    w = rng.integers(1, 3, 200).astype(float)
    start = rng.dirichlet(np.ones(2), 200)
    weighted = fit_mixture(
        MixtureData.build(codes, [3] * 6, np.empty((200, 0)), sample_weight=w),
        2, rng=rng, n_init=0, init_resp=[start], tol=1e-13,
    )  # fmt: skip
    rows = np.repeat(np.arange(200), w.astype(int))
    dup = fit_mixture(
        MixtureData.build(codes[rows], [3] * 6, np.empty((len(rows), 0))),
        2, rng=rng, n_init=0, init_resp=[start[rows]], tol=1e-13,
    )  # fmt: skip
    assert weighted.log_likelihood == pytest.approx(dup.log_likelihood, rel=1e-9)
    np.testing.assert_allclose(weighted.theta, dup.theta, atol=1e-8)


# -- typing tool and persistence -----------------------------------------------------------


@pytest.mark.parametrize("method", ["lca", "kmeans", "gmm", "hierarchical"])
def test_predict_and_save_load_round_trip(tmp_path, method):
    survey, _ = simulate_survey(300, 3, separation=2.0, random_state=9)
    seg = PersonaSegmenter(3, method=method, n_bootstrap=0).fit(survey)
    predicted = seg.predict(survey)
    assert (predicted == seg.labels_).mean() >= (1.0 if method != "hierarchical" else 0.95)
    folder = seg.save(tmp_path / "model")
    text = (folder / "segmenter.json").read_text()
    assert survey.responses.index[0] not in text  # no respondent ids by default
    with np.load(folder / "arrays.npz", allow_pickle=False) as npz:
        assert all(npz[name].dtype.kind == "f" for name in npz.files)
    again = PersonaSegmenter.load(folder)
    assert again.labels_ is None and again.n_personas_ == 3 and again.method_ == method
    pd.testing.assert_series_equal(again.predict(survey), predicted)
    pd.testing.assert_frame_equal(again.stability_, seg.stability_, check_dtype=False)
    assert again.selection_reason_ == seg.selection_reason_
    if method in ("lca", "gmm"):
        np.testing.assert_allclose(again.predict_proba(survey), seg.predict_proba(survey))


def test_save_with_labels_keeps_them(tmp_path, clear4_fit):
    folder = clear4_fit.save(tmp_path / "m", include_labels=True)
    again = PersonaSegmenter.load(folder)
    pd.testing.assert_series_equal(again.labels_.sort_index(), clear4_fit.labels_.sort_index())
    np.testing.assert_allclose(
        again.probabilities_.loc[clear4_fit.labels_.index], clear4_fit.probabilities_
    )


def test_predict_handles_unseen_answers_and_new_respondents(clear4_fit, clear4):
    survey, _ = clear4
    new = survey.responses.iloc[:5].copy()
    new.index = [f"new{i}" for i in range(5)]
    new["Q2"] = new["Q2"].cat.add_categories(["Astronaut"])
    new.iloc[0, new.columns.get_loc("Q2")] = "Astronaut"
    with pytest.warns(PersonakitWarning, match="not seen when the personas were fitted"):
        out = clear4_fit.predict(Survey(new, survey.codebook))
    assert out.index.tolist() == [f"new{i}" for i in range(5)]
    assert out.notna().all()
    with pytest.raises(SegmentationError, match="lacks the segmentation variable"):
        clear4_fit.predict(new.drop(columns=["Q1_3"]))


def test_predict_proba_only_for_likelihood_methods():
    survey, _ = simulate_survey(200, 2, separation=2.0, random_state=9)
    seg = PersonaSegmenter(2, method="kmeans", n_bootstrap=0).fit(survey)
    assert seg.probabilities_ is None
    with pytest.raises(SegmentationError, match="has no probabilities"):
        seg.predict_proba(survey)


def test_load_rejects_a_foreign_file(tmp_path):
    (tmp_path / "segmenter.json").write_text(json.dumps({"format": "other"}))
    np.savez(tmp_path / "arrays.npz", x=np.zeros(1))
    with pytest.raises(SegmentationError, match="is not 'personakit.segmenter/1'"):
        PersonaSegmenter.load(tmp_path)


# -- display, plots, personas ------------------------------------------------------------------


def test_to_dict_and_html(clear4_fit):
    d = clear4_fit.to_dict()
    assert json.loads(dumps(d))["n_personas"] == 4
    assert "labels" not in d
    html = clear4_fit._repr_html_()
    assert "Why this number" in html and "lowest BIC" in html


@pytest.mark.filterwarnings("ignore:Variable .* has only one level:personakit.PersonakitWarning")
def test_plots_return_axes(clear4_fit):
    import matplotlib

    matplotlib.use("Agg")
    ax = clear4_fit.plot_selection()
    assert ax.get_xlabel() == "number of personas (k)"
    assert [t.get_text() for t in ax.get_legend().get_texts()][0] == "mean stability"
    with pytest.raises(SegmentationError, match="method='hierarchical'"):
        clear4_fit.plot_dendrogram()
    survey, _ = simulate_survey(40, 2, separation=2.0, random_state=3)
    small = PersonaSegmenter(2, n_bootstrap=0).fit(survey)
    ax = small.plot_dendrogram(labels={survey.responses.index[0]: "Acme Ltd"})
    assert "Acme Ltd" in [t.get_text() for t in ax.get_xticklabels()]


def test_personas_property_builds_a_persona_set(clear4_fit):
    pytest.importorskip("personakit.personas")
    personas = clear4_fit.personas_
    assert len(personas) == 4
    assert personas is clear4_fit.personas_  # cached


def test_sklearn_clone_and_params():
    seg = PersonaSegmenter(3, method="kmeans", weights={"Q2": 2.0})
    copy = clone(seg)
    assert copy.get_params()["weights"] == {"Q2": 2.0}
    assert not hasattr(copy, "labels_")


# -- bad input -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_survey():
    return simulate_survey(30, 2, separation=2.0, random_state=1)[0]


def test_too_few_respondents_for_k(small_survey):
    with pytest.raises(
        SegmentationError, match=r"Too few respondents for n_personas=8: 30 .* n_personas <= 6"
    ):
        PersonaSegmenter(8, n_bootstrap=0).fit(small_survey)


def test_k_larger_than_n(small_survey):
    with pytest.raises(
        SegmentationError, match="n_personas=40 is larger than the number of respondents segmented"
    ):
        PersonaSegmenter(40).fit(small_survey)


@pytest.mark.filterwarnings("ignore:Variable .* has only one level:personakit.PersonakitWarning")
def test_fewer_than_ten_rows():
    survey, _ = simulate_survey(8, 2, random_state=0)
    with pytest.raises(SegmentationError, match="at least 10"):
        PersonaSegmenter(n_bootstrap=0).fit(survey)


def test_unknown_variable_name_suggests_a_fix(small_survey):
    with pytest.raises(
        SegmentationError, match=r"unknown variable or question id 'Q1_33'.*Did you mean"
    ):
        PersonaSegmenter(variables=["Q1_1", "Q1_33"]).fit(small_survey)


def test_variable_with_one_level():
    survey, _ = simulate_survey(100, 2, random_state=0)
    r = survey.responses.copy()
    r["Q2"] = pd.Categorical(["Manager"] * 100, categories=list(r["Q2"].cat.categories))
    data = Survey(r, survey.codebook)
    with pytest.raises(
        SegmentationError, match=r"'Q2' has only one level \('Manager'\).*Remove it from variables="
    ):
        PersonaSegmenter(variables=["Q1", "Q2"], n_bootstrap=0).fit(data)
    with pytest.warns(PersonakitWarning, match="'Q2' has only one level"):
        seg = PersonaSegmenter(2, n_bootstrap=0).fit(data)
    assert seg.encoding_.set_index("variable").loc["Q2", "treated_as"] == "skip"


def test_all_missing_column():
    survey, _ = simulate_survey(100, 2, random_state=0)
    r = survey.responses.copy()
    r["age"] = np.nan
    data = Survey(r, survey.codebook)
    with pytest.raises(SegmentationError, match="'age' has no answers at all"):
        PersonaSegmenter(variables=["Q1", "age"]).fit(data)
    with pytest.warns(PersonakitWarning, match="'age' has no answers at all"):
        PersonaSegmenter(2, n_bootstrap=0).fit(data)


@pytest.mark.parametrize("bad", [-1.0, float("nan")])
def test_variable_weights_must_be_non_negative_numbers(small_survey, bad):
    with pytest.raises(SegmentationError, match=r"weights\['Q2'\] = .*finite number >= 0"):
        PersonaSegmenter(weights={"Q2": bad}).fit(small_survey)


@pytest.mark.parametrize("bad", [-2.0, float("nan")])
def test_survey_weights_must_be_non_negative_numbers(bad):
    survey, _ = simulate_survey(50, 2, random_state=0, weights=True)
    r = survey.responses.copy()
    r.iloc[4, r.columns.get_loc("weight")] = bad
    with pytest.raises(
        SegmentationError, match=rf"survey weight variable 'weight'.*respondent '{r.index[4]}'"
    ):
        PersonaSegmenter(n_bootstrap=0).fit(Survey(r, survey.codebook))
    with pytest.raises(SegmentationError, match="sample_weight: respondent weights must be finite"):
        w = np.ones(50)
        w[3] = bad
        PersonaSegmenter(n_bootstrap=0).fit(survey, sample_weight=w)


def test_hierarchical_refuses_large_n_politely():
    survey, _ = simulate_survey(300, 2, random_state=0)
    with pytest.raises(
        SegmentationError,
        match=r"would need the full 300 x 300 Gower distance matrix.*method='kmeans' or method='lca'",
    ):
        PersonaSegmenter(method="hierarchical", hierarchical_max_n=200).fit(survey)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"method": "dbscan"}, "method='dbscan' is not a segmentation method"),
        ({"n_personas": "many"}, "n_personas='many'"),
        ({"n_personas": 0}, "n_personas=0 must be at least 1"),
        ({"linkage": "ward"}, "linkage='ward' is not supported"),
        ({"n_bootstrap": -1}, "n_bootstrap=-1 must be an integer >= 0"),
        ({"min_share": 1.5}, "min_share=1.5 must be in"),
        ({"treat_as": {"Q2": "fancy"}}, "treat_as\\['Q2'\\] = 'fancy' is not a treatment"),
        ({"weights": ["Q2"]}, "weights= must be a dict"),
        ({"variables": ["comment"]}, "unknown variable"),
    ],
)
def test_bad_settings_are_named(small_survey, params, message):
    with pytest.raises(SegmentationError, match=message):
        PersonaSegmenter(**params).fit(small_survey)


def test_wrong_input_type():
    with pytest.raises(
        SegmentationError, match="needs a personakit.Survey or a pandas DataFrame, got list"
    ):
        PersonaSegmenter().fit([[1, 2], [3, 4]])


def test_unfitted_use_is_explained():
    with pytest.raises(SegmentationError, match="not fitted yet"):
        PersonaSegmenter().predict(pd.DataFrame({"a": [1.0]}))


def test_no_warning_noise_on_clean_data(clear4):
    survey, _ = clear4
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        PersonaSegmenter(4, n_bootstrap=3).fit(survey)


def test_ten_accounts_are_enough():
    rng = np.random.default_rng(4)
    df = pd.DataFrame(
        {
            "employees": np.r_[rng.normal(20, 3, 5), rng.normal(900, 50, 5)],
            "industry": ["salon"] * 5 + ["clinic"] * 5,
            "uses_crm": [False] * 5 + [True] * 5,
        },
        index=[f"ACC-{i:02d}" for i in range(10)],
    )
    seg = PersonaSegmenter(n_bootstrap=10).fit(df)
    assert seg.method_ == "hierarchical"
    assert seg.n_personas_ == 2
    assert seg.labels_.tolist() == [1] * 5 + [2] * 5 or seg.labels_.tolist() == [2] * 5 + [1] * 5


def test_threads_do_not_change_results():
    survey, _ = simulate_survey(300, 3, separation=1.5, random_state=6)
    one = PersonaSegmenter(method="lca", n_bootstrap=6, n_jobs=1).fit(survey)
    two = PersonaSegmenter(method="lca", n_bootstrap=6, n_jobs=2).fit(survey)
    pd.testing.assert_frame_equal(one.selection_, two.selection_)
    pd.testing.assert_frame_equal(one.stability_, two.stability_)

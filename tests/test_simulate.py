"""simulate_survey: a real Survey with planted personas whose separation is tunable."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from personakit import PersonakitError, Survey
from personakit.simulate import simulate_survey


def test_shape_kinds_and_codebook():
    survey, truth = simulate_survey(500, 4, random_state=1)
    assert isinstance(survey, Survey)
    assert survey.n_respondents == 500
    kinds = survey.codebook["kind"].value_counts().to_dict()
    assert kinds == {"likert": 20, "multiselect": 11, "nominal": 6, "numeric": 3}
    r = survey.responses
    assert isinstance(r["Q1_1"].dtype, pd.CategoricalDtype) and r["Q1_1"].dtype.ordered
    assert list(r["Q1_1"].cat.categories)[0] == "Strongly disagree"
    assert not r["Q2"].dtype.ordered
    assert r["Q8_1"].dtype == "boolean"
    assert r["age"].dtype == float
    assert (r["age"].between(18, 80) | r["age"].isna()).all()
    assert set(truth.unique()) == {1, 2, 3, 4}
    assert truth.index.equals(r.index) and truth.name == "persona"
    cb = survey.codebook.set_index("variable")
    assert cb.loc["Q1_5", "question_id"] == "Q1" and cb.loc["Q1_5", "scale"] == "agree5"
    assert cb.loc["Q9_2", "role"] == "content_preference"


def test_same_seed_same_survey_and_different_seed_differs():
    a, ta = simulate_survey(300, 3, random_state=4)
    b, tb = simulate_survey(300, 3, random_state=4)
    c, _ = simulate_survey(300, 3, random_state=5)
    pd.testing.assert_frame_equal(a.responses, b.responses)
    pd.testing.assert_series_equal(ta, tb)
    assert not a.responses.equals(c.responses)


def test_missing_rate_and_shares():
    survey, truth = simulate_survey(6000, 3, missing=0.1, shares=[0.6, 0.3, 0.1], random_state=2)
    likert = survey.responses[[f"Q1_{i}" for i in range(1, 21)]]
    assert likert.isna().to_numpy().mean() == pytest.approx(0.1, abs=0.01)
    np.testing.assert_allclose(
        truth.value_counts(normalize=True).sort_index(), [0.6, 0.3, 0.1], atol=0.02
    )


def _spread(survey, truth, variable):
    """Largest gap between personas in the share choosing the top level."""
    top = survey.responses[variable] == survey.responses[variable].cat.categories[-1]
    return top.groupby(truth).mean().max() - top.groupby(truth).mean().min()


def test_separation_zero_means_no_structure_and_larger_means_more():
    flat, t0 = simulate_survey(8000, 4, separation=0.0, random_state=3)
    sharp, t2 = simulate_survey(8000, 4, separation=2.0, random_state=3)
    flat_gaps = [_spread(flat, t0, f"Q1_{i}") for i in range(1, 21)]
    sharp_gaps = [_spread(sharp, t2, f"Q1_{i}") for i in range(1, 21)]
    assert max(flat_gaps) < 0.05  # sampling noise only
    assert np.median(sharp_gaps) > 0.2


def test_weights_column():
    survey, _ = simulate_survey(200, 2, weights=True, random_state=0)
    assert survey.weights is not None
    assert survey.weights.mean() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, "n=0 must be an integer >= 1"),
        ({"n_personas": 2.5}, "n_personas=2.5 must be an integer"),
        ({"n_likert": 30}, "n_likert=30: the generator has at most 20"),
        ({"missing": 1.0}, "missing=1.0 must be a probability"),
        ({"separation": -1}, "separation=-1 must be a number >= 0"),
        ({"shares": [1, 2]}, "must be 4 non-negative numbers"),
        (
            {"n_likert": 0, "n_nominal": 0, "n_multiselect": 0, "n_numeric": 0},
            "at least one question",
        ),
    ],
)
def test_bad_arguments(kwargs, message):
    args = {"n": 100, "n_personas": 4} | kwargs
    with pytest.raises(PersonakitError, match=message):
        simulate_survey(**args)

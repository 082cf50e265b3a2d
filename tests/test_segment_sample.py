"""Quality floors on the bundled sample project (planted truth in data/sample/truth)."""

from __future__ import annotations

import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

import personakit
from personakit import PersonaSegmenter


@pytest.mark.slow
def test_auto_recovers_the_planted_personas_of_the_sample_survey(sample_dir):
    survey = personakit.read_survey(sample_dir / "survey_qualtrics.csv")
    survey = survey.exclude(survey.quality.index[survey.quality["exclude_suggested"]])
    truth = pd.read_csv(sample_dir / "truth" / "respondents.csv")
    truth = truth[truth["file"] == "survey_qualtrics.csv"].set_index("respondent_id")
    with pytest.warns(personakit.PersonakitWarning, match="redundant: Q10_7"):
        seg = PersonaSegmenter(random_state=0).fit(survey)

    t = truth.loc[seg.labels_.index]
    planted = t["persona"].notna()
    n_planted = int(truth["persona"].nunique())
    ceiling = adjusted_rand_score(t.loc[planted, "persona"], t.loc[planted, "posterior_persona"])
    score = adjusted_rand_score(t.loc[planted, "persona"], seg.labels_[planted])
    assert seg.method_ == "lca"
    assert seg.n_personas_ == n_planted == 5
    assert score >= 0.95 * ceiling, (score, ceiling)
    assert seg.stability_["stable"].all()
    # the reverse-worded mirror item Q10_7 is recognised as redundant with Q10_1
    assert "Q10_1" in seg.encoding_.set_index("variable").loc["Q10_7", "reason"]


@pytest.mark.slow
def test_top_accounts_default_to_gower_hierarchical(sample_dir):
    from personakit.io.accounts import read_accounts

    accounts = read_accounts(sample_dir / "accounts.csv")
    truth = pd.read_csv(sample_dir / "truth" / "accounts.csv").set_index("account_id")["persona"]
    seg = PersonaSegmenter(random_state=0).fit(accounts)
    assert seg.method_ == "hierarchical"
    assert seg.n_personas_ == truth.nunique() == 3
    assert adjusted_rand_score(truth.loc[seg.labels_.index], seg.labels_) >= 0.6
    assert seg.linkage_.shape == (len(accounts.responses) - 1, 4)

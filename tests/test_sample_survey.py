"""The bundled sample surveys: planted quality problems, PII and codebook, checked against truth.

``data/sample/truth/respondents.csv`` lists, per respondent of each of the three
exports, the planted flags (preview, incomplete, speeder, straightliner,
attention_failed, duplicate). Recall and precision of every flag are printed
(``pytest -s``) and must stay at or above the floors below.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from personakit import PersonakitWarning, read_survey
from personakit.survey import QUALITY_FLAGS

FILES = ("survey_qualtrics.csv", "survey_surveymonkey.csv", "survey_google_forms.csv")
RECALL_FLOOR = 0.95
PRECISION_FLOOR = 0.95


@pytest.fixture(scope="module")
def truth(sample_dir):
    path = sample_dir / "truth" / "respondents.csv"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make data` to regenerate the sample project.")
    return pd.read_csv(path, dtype={"respondent_id": str})


@pytest.fixture(scope="module")
def surveys(sample_dir):
    out = {}
    for name in FILES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PersonakitWarning)
            out[name] = read_survey(sample_dir / name)
    return out


def _scores(survey, truth, name, flag):
    planted = truth[truth["file"] == name].set_index("respondent_id")[flag].astype(bool)
    found = survey.quality[flag].reindex(planted.index)
    tp = int((planted & found).sum())
    recall = tp / planted.sum() if planted.sum() else 1.0
    precision = tp / found.sum() if found.sum() else (1.0 if not planted.sum() else 0.0)
    return int(planted.sum()), int(found.sum()), recall, precision


@pytest.mark.parametrize("name", FILES)
def test_every_respondent_is_read_with_its_own_id(surveys, truth, name):
    survey = surveys[name]
    expected = truth.loc[truth["file"] == name, "respondent_id"]
    assert survey.n_respondents == len(expected)
    assert sorted(survey.responses.index) == sorted(expected)


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("flag", QUALITY_FLAGS)
def test_planted_quality_problems_are_found(surveys, truth, name, flag):
    planted, found, recall, precision = _scores(surveys[name], truth, name, flag)
    print(
        f"{name:26s} {flag:17s} planted {planted:3d} found {found:3d} recall {recall:.2f} precision {precision:.2f}"
    )
    assert recall >= RECALL_FLOOR, (name, flag, planted, found)
    assert precision >= PRECISION_FLOOR, (name, flag, planted, found)


@pytest.mark.parametrize("name", FILES)
def test_flag_counts_equal_the_planted_counts(surveys, truth, name):
    planted = truth[truth["file"] == name][list(QUALITY_FLAGS)].astype(bool).sum().to_dict()
    found = surveys[name].quality[list(QUALITY_FLAGS)].sum().to_dict()
    assert found == planted
    if name == "survey_qualtrics.csv":  # the counts the sample README promises
        assert planted["preview"] > 0 and planted["speeder"] > 0 and planted["duplicate"] > 0


@pytest.mark.parametrize(
    ("name", "pii"),
    [
        (
            "survey_qualtrics.csv",
            {
                "IPAddress",
                "RecipientLastName",
                "RecipientFirstName",
                "RecipientEmail",
                "ExternalReference",
                "LocationLatitude",
                "LocationLongitude",
            },
        ),
        (
            "survey_surveymonkey.csv",
            {"IP Address", "Email Address", "First Name", "Last Name", "Custom Data 1"},
        ),
        ("survey_google_forms.csv", {"Email address"}),
    ],
)
def test_pii_columns_are_flagged_and_nothing_else(surveys, name, pii):
    survey = surveys[name]
    assert set(survey.pii_variables) == pii
    shared = survey.shareable_responses()
    assert not pii & set(shared.columns)


def test_open_answers_with_personal_data_are_masked(surveys, sample_dir):
    answers = pd.read_csv(sample_dir / "truth" / "open_answers.csv", dtype={"respondent_id": str})
    risky = answers[answers["has_pii"].astype(bool) & (answers["file"] == "survey_qualtrics.csv")]
    assert len(risky) >= 5
    survey = surveys["survey_qualtrics.csv"]
    masked = survey.open_answers().set_index(["respondent_id", "variable"])["text"]
    raw = survey.open_answers(masked=False).set_index(["respondent_id", "variable"])["text"]
    for key in zip(risky["respondent_id"], risky["variable"]):
        assert masked[key] != raw[key]
        assert "[EMAIL]" in masked[key] or "[PHONE]" in masked[key]
        assert "@" not in masked[key]


@pytest.mark.parametrize("name", FILES)
def test_codebook_of_the_sample_questionnaire(surveys, name):
    survey = surveys[name]
    cb = survey.codebook.set_index("variable")
    assert cb.loc["Q10_1", "kind"] == "likert" and cb.loc["Q10_1", "scale"] == "agree5s"
    assert cb.loc["Q10_1", "levels"][2] == "Neither agree nor disagree"
    assert cb.loc["Q11_1", "scale"] == "important5"
    assert cb.loc["Q12_1", "scale"] == "satisfied7"
    assert cb.loc["Q13_1", "scale"].startswith("easy5")
    assert cb.loc["Q10_8", "role"] == "attention_check" and not cb.loc["Q10_8", "include"]
    assert cb.loc["Q16", "kind"] == "nps" and cb.loc["Q16", "stage"] == "advocacy"
    assert (cb.loc["Q8", "stage"], cb.loc["Q8", "role"]) == ("awareness", "channel")
    assert (cb.loc["Q14", "kind"], cb.loc["Q14", "stage"], cb.loc["Q14", "role"]) == (
        "text",
        "decision",
        "pain",
    )
    assert cb.loc["Q15", "stage"] == "retention"
    for numeric in ("Q3", "Q5", "Q6"):
        assert cb.loc[numeric, "kind"] == "numeric"
    assert cb.loc["Q4", "levels"] == ["1", "2-3", "4-10", "More than 10"]
    assert cb.loc["Q21", "levels"] == [
        "Less than 3 months",
        "3-11 months",
        "1-2 years",
        "More than 2 years",
    ]
    assert "Prefer not to say" in cb.loc["Q19", "missing_codes"]
    assert "Prefer not to say" not in cb.loc["Q19", "levels"]
    # the Don't know option of Q12 is a missing value with its reason, not a level
    assert "Don't know" not in cb.loc["Q12_2", "levels"]
    reasons = survey.missing.loc[survey.missing["variable"] == "Q12_2", "reason"]
    assert (reasons == "non-substantive answer: Don't know").all() and len(reasons) > 0


def test_google_forms_option_with_a_comma_is_one_option(surveys):
    survey = surveys["survey_google_forms.csv"]
    q7 = survey.codebook[survey.codebook["question_id"] == "Q7"]
    labels = set(q7.loc[q7["kind"] == "multiselect", "sub_label"])
    assert "Payments, deposits & no-show fees" in labels
    assert "Payments" not in labels
    reference = surveys["survey_qualtrics.csv"]
    share_forms = survey.responses["Q7__payments_deposits_and_no_show_fees"].mean()
    share_qualtrics = reference.responses["Q7_4"].mean()
    assert abs(share_forms - share_qualtrics) < 0.15


def test_excluding_suggested_respondents(surveys):
    survey = surveys["survey_qualtrics.csv"]
    kept = survey.exclude()
    assert kept.n_respondents == survey.n_respondents - int(
        survey.quality["exclude_suggested"].sum()
    )
    assert len(kept.exclusions) == int(survey.quality["exclude_suggested"].sum())
    assert kept.exclusions["reason"].str.len().gt(0).all()


def test_summary_prints_codebook_and_quality(surveys):
    text = str(surveys["survey_qualtrics.csv"].summary())
    assert text.startswith("survey_qualtrics.csv: 1200 respondents")
    assert "straightliner" in text and "Q10_1" in text


@pytest.mark.parametrize("name", FILES)
def test_saved_codebook_reproduces_the_survey(surveys, sample_dir, tmp_path, name):
    survey = surveys[name]
    first = survey.save_codebook(tmp_path / "first.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PersonakitWarning)
        again = read_survey(sample_dir / name, codebook=first)
    pd.testing.assert_frame_equal(again.responses, survey.responses)
    assert again.save_codebook(tmp_path / "second.csv").read_bytes() == first.read_bytes()

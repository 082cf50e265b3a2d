"""The Survey object and read_survey end to end on the real exports in ../shared."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import personakit
from personakit import PersonakitError, PersonakitWarning, Survey, read_survey
from personakit.survey import QUALITY_FLAGS, SurveySummary
from tests.test_codebook import AGREE5S, col, make_raw


def _read(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PersonakitWarning)
        return read_survey(path, **kw)


def _cb(survey):
    return survey.codebook.set_index("variable")


# -- real exports ------------------------------------------------------------------------


def test_qualtrics_current_export(real_exports):
    survey = _read(real_exports / "qualtrics" / "qualtRics_sample.csv")
    assert survey.source == "qualtrics" and "ImportId" in survey.source_reason
    assert survey.responses.index.tolist() == ["R_2YPOQ602ER1jkf1"]
    cb = _cb(survey)
    assert cb.loc["Q1", "question"] == "This is a multiple choice question."
    assert cb.loc["Q2", "kind"] == "text"
    assert set(survey.pii_variables) == {
        "IPAddress",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "ExternalReference",
        "LocationLatitude",
        "LocationLongitude",
    }
    assert survey.metadata["column_roles"]["duration"] == "Duration (in seconds)"
    assert not survey.quality.loc["R_2YPOQ602ER1jkf1", "exclude_suggested"]


def test_qualtrics_legacy_test_responses_are_flagged(real_exports):
    survey = _read(real_exports / "qualtrics" / "QualtricsTools_Multiple_Answer_MC_Questions.csv")
    # these are Qualtrics "test responses" (Status 2): flagged like previews, never dropped
    assert survey.n_respondents == 5 and survey.quality["preview"].all()
    assert survey.quality["quality_reasons"].str.startswith("preview: status '2'").all()
    multi = survey.codebook[survey.codebook["kind"] == "multiselect"]
    assert len(multi) == 21
    assert pd.api.types.is_bool_dtype(survey.responses["Q2_1"].dtype)


def test_qualtrics_negative_recodes_in_a_numeric_grid(real_exports):
    survey = _read(real_exports / "qualtrics" / "QualtricsTools_No_Basis_for_Evaluation_Legacy.csv")
    cb = _cb(survey)
    for item in ("Q3_1", "Q3_2", "Q3_3", "Q4_1"):
        assert cb.loc[item, "kind"] == "likert", item
        assert cb.loc[item, "levels"] == ["1", "2", "3"]
    assert set(cb.loc["Q4_1", "missing_codes"]) == {-1, -2}
    missing = survey.missing[survey.missing["variable"] == "Q4_1"]
    assert set(missing["value"]) == {"-1", "-2"}
    assert set(missing["reason"]) == {
        "negative code -1 (N/A-type recode)",
        "negative code -2 (N/A-type recode)",
    }
    assert survey.responses["Q4_1"].isna().sum() == len(missing)
    # the "No basis for evaluation" option of Q2 is kept but left out of analysis
    assert cb.loc["Q2_4", "sub_label"] == "No basis for evaluation"
    assert not cb.loc["Q2_4", "include"]


def test_surveymonkey_2020_export(real_exports):
    survey = _read(real_exports / "surveymonkey" / "osposurvey_2020_results_excerpt.csv")
    cb = _cb(survey)
    assert cb.loc["Q3_1", "scale"] == "frequency4"
    assert list(survey.responses["Q3_1"].cat.categories) == [
        "Never",
        "Rarely",
        "Sometimes",
        "Frequently",
    ]
    assert cb.loc["Q2", "kind"] == "ordinal"
    assert cb.loc["Q2", "levels"] == ["2-50", "251-1,000", "1,001-10,000"]
    # NBSP in an option label is normalised
    assert "Initiating or releasing open source projects" in cb.loc["Q1_4", "levels"]
    # "Don't know" answers are missing with their reason
    reasons = survey.missing.loc[survey.missing["variable"] == "Q13", "reason"]
    assert reasons.tolist() == ["non-substantive answer: Don't know"]


def test_surveymonkey_2024_single_choice_option_columns(real_exports):
    text = _read(real_exports / "surveymonkey" / "osposurvey_2024_text_excerpt.csv")
    numeric = _read(real_exports / "surveymonkey" / "osposurvey_2024_numeric_excerpt.csv")
    for survey in (text, numeric):
        cb = _cb(survey)
        assert cb.loc["q4", "kind"] == "ordinal"
        assert cb.loc["q4", "levels"][:3] == ["1 to 10", "11 to 49", "50 to 249"]
        assert "single-choice" in cb.loc["q4", "kind_reason"]
        assert cb.loc["q2", "kind"] == "nominal"
        assert "I am a bot" in cb.loc["q2", "levels"]
        assert survey.responses["q2"].tolist()[:3] == ["I am a real person"] * 3
        assert cb.loc["q1_2", "kind"] == "multiselect"
    # the text and numeric exports of one survey give the same answers
    pd.testing.assert_series_equal(text.responses["q4"], numeric.responses["q4"])
    shared = text.open_answers(["q3_9"], masked=False)
    assert shared["text"].tolist()[0] == "Cloud engineering consultant"


def test_attention_item_of_the_2024_survey(real_exports):
    survey = _read(
        real_exports / "surveymonkey" / "osposurvey_2024_text_excerpt.csv",
        attention_checks={"q2": "I am a real person"},
    )
    assert not survey.quality["attention_failed"].any()


def test_google_forms_real_export(real_exports):
    survey = _read(real_exports / "google_forms" / "spack-user-survey-2022-responses_excerpt.csv")
    cb = _cb(survey)
    assert cb.loc["Q24_1", "scale"] == "important5"
    assert cb.loc["Q24_1", "levels"] == [
        "Not Important",
        "Slightly Important",
        "Somewhat important",
        "Very Important",
        "Critical",
    ]
    assert cb.loc["Q29", "scale"] == "frequency_period5"
    assert cb.loc["Q14", "kind"] == "ordinal"  # "10 - 100", "100 - 200", "500-1,000"
    assert cb.loc["Q14", "levels"] == ["10 - 100", "100 - 200", "500-1,000"]
    # the Python versions 3.1 / 3.10 stay distinct options
    assert {"3.1", "3.10"} <= set(cb.loc["Q15__3_1", "levels"])
    assert survey.pii_variables == ["Q39"]
    assert "asks for email data" in cb.loc["Q39", "kind_reason"]


def test_spss_files(real_exports):
    sample = _read(real_exports / "spss" / "pyreadstat_sample.sav")
    cb = _cb(sample)
    assert cb.loc["myord", "kind"] == "ordinal" and cb.loc["myord", "levels"] == [
        "low",
        "medium",
        "high",
    ]
    assert cb.loc["mylabl", "kind"] == "nominal" and cb.loc["mylabl", "levels"] == [
        "Male",
        "Female",
    ]
    assert cb.loc["mytime", "kind"] == "metadata"
    assert pd.api.types.is_datetime64_any_dtype(sample.responses["dtime"].dtype)
    missing = _read(real_exports / "spss" / "pyreadstat_sample_missing.sav")
    reasons = missing.missing.groupby("variable")["reason"].first().to_dict()
    assert reasons["myord"] == "user-missing value declared in the file"
    assert missing.responses["myord"].isna().sum() == 2
    alltypes = _read(real_exports / "spss" / "pyreadstat_simple_alltypes.sav")
    cb = _cb(alltypes)
    assert cb.loc["bool1", "kind"] == "multiselect" and cb.loc["bool1", "question_id"] == "mymrset"
    assert cb.loc["ca_subvar_1", "levels"] == ["a", "b", "c", "d"]


# -- the container -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def small():
    raw = make_raw(
        col("ResponseId", ["R_1", "R_2", "R_3", "R_4"], hint="id"),
        col("Q1_1", [AGREE5S[i] for i in (0, 4, 2, 3)], question_id="Q1", question="Agree?"),
        col("Q1_2", [AGREE5S[i] for i in (1, 3, 2, 4)], question_id="Q1", question="Agree?"),
        col("Q2", ["Spa", "Salon", "Spa", "Clinic"], question="Which industry?"),
        col("Q3", ["It was slow <b>to</b> set up " + "x" * 40] * 4, question="Why?", hint="text"),
        col("weight", ["1.0", "0.5", "2.0", "1.5"], hint="weight"),
    )
    return read_survey(raw)


def test_variables_and_weights(small):
    assert small.variables(kind="likert") == ["Q1_1", "Q1_2"]
    assert small.variables(role="firmographic") == ["Q2"]
    assert small.variables(kind="weight") == []
    assert small.variables(kind="weight", include_only=False) == ["weight"]
    assert small.weights.tolist() == [1.0, 0.5, 2.0, 1.5]


def test_summary_tables_text_markdown_and_json(small):
    summary = small.summary()
    assert isinstance(summary, SurveySummary)
    assert summary.quality["flag"].tolist() == [*QUALITY_FLAGS, "exclude_suggested"]
    assert summary.kinds.set_index("kind")["variables"].to_dict() == {
        "id": 1,
        "likert": 2,
        "nominal": 1,
        "text": 1,
        "weight": 1,
    }
    row = summary.codebook.set_index("variable").loc["Q1_1"]
    assert row["scale"] == "agree5s" and row["answered"] == 4
    text = str(summary)
    assert "Quality flags:" in text and "Codebook:" in text
    md = summary.to_markdown()
    assert md.startswith("# survey\n") and "| variable | kind |" in md
    data = json.loads(personakit._json.dumps(summary.to_dict()))
    assert data["n_respondents"] == 4 and data["kinds"][0] == {"kind": "id", "variables": 1}


def test_repr_and_html(small):
    assert repr(small).startswith("<Survey: 4 respondents, 6 variables")
    html = small._repr_html_()
    assert "4 respondents" in html and "<table>" in html and "<b>" not in html


def test_survey_constructor_checks():
    with pytest.raises(PersonakitError, match="responses must be a pandas DataFrame"):
        Survey([1, 2], pd.DataFrame({"variable": []}))
    with pytest.raises(PersonakitError, match="Respondent ids must be unique"):
        Survey(pd.DataFrame({"a": [1, 2]}, index=["x", "x"]), pd.DataFrame({"variable": ["a"]}))
    with pytest.raises(PersonakitError, match="Unknown codebook kind"):
        Survey(pd.DataFrame({"a": [1]}), pd.DataFrame({"variable": ["a"], "kind": ["scale"]}))
    with pytest.raises(PersonakitError, match="Response columns missing from the codebook"):
        Survey(pd.DataFrame({"a": [1], "b": [2]}), pd.DataFrame({"variable": ["a"]}))


def test_read_survey_rejects_reader_options_for_a_raw_export(small):
    raw = make_raw(col("ResponseId", ["R_1"], hint="id"), col("Q1", ["Yes"]))
    with pytest.raises(PersonakitError, match="reader options \\['sheet'\\] have no effect"):
        read_survey(raw, sheet="Sheet1")


def test_read_survey_bad_file_is_a_survey_format_error(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(personakit.SurveyFormatError, match="empty"):
        read_survey(path)


def test_read_survey_passes_options_through(real_exports, tmp_path):
    path = real_exports / "surveymonkey" / "osposurvey_2020_results_excerpt.csv"
    survey = _read(path, reverse=["Q3_1"], missing_codes=["Neutral"], keep_pii=True)
    assert _cb(survey).loc["Q3_1", "reverse"]
    assert survey.keep_pii
    assert survey.responses["Q12"].isna().sum() >= 2
    codebook = survey.save_codebook(tmp_path / "cb.csv")
    again = _read(path, codebook=codebook)
    assert _cb(again).loc["Q3_1", "reverse"]
    np.testing.assert_array_equal(
        again.responses["Q3_1"].cat.codes.to_numpy(), survey.responses["Q3_1"].cat.codes.to_numpy()
    )


def test_lazy_public_names():
    assert personakit.read_survey is read_survey
    assert personakit.Survey is Survey


def test_summary_write_html_escapes_and_lists_variables(small, tmp_path):
    out = small.summary().write_html(tmp_path / "survey.html")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h2>Variables</h2>" in page
    assert "Q1_1" in page and "agree5s" in page

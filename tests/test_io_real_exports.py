"""Every real survey export in ../shared/fixtures/real-exports is read as a researcher would check it."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from personakit.io import read_raw_export


def _hints(raw):
    return {c.name: c.hint for c in raw.columns}


def _col(raw, name):
    return raw.column(name)


# --------------------------------------------------------------------------- Qualtrics


def test_qualtrics_current_sample(real_exports):
    raw = read_raw_export(real_exports / "qualtrics" / "qualtRics_sample.csv")
    assert raw.source == "qualtrics"
    assert "row 3" in raw.detection_reason and "ImportId" in raw.detection_reason
    assert raw.header_rows == 3 and raw.first_data_row == 4
    assert len(raw.data) == 1
    assert raw.id_column == "ResponseId"
    assert raw.data.loc[0, "ResponseId"] == "R_2YPOQ602ER1jkf1"
    assert raw.export_kind == "numeric"  # Status holds 0, not "IP Address"
    # Row 2 is in German for metadata, English for the questions.
    assert _col(raw, "StartDate").question == "Anfangsdatum"
    assert _col(raw, "Q1").question == "This is a multiple choice question."
    assert _col(raw, "Q1").import_id == "QID1"
    q2 = _col(raw, "Q2")
    assert (q2.hint, q2.import_id, q2.question) == (
        "text",
        "QID2_TEXT",
        "This is a free text question.",
    )
    topics = _col(raw, "Q2 - Topics")
    assert (topics.hint, topics.question_id, topics.sub_label) == ("metadata", "Q2", "Topics")
    hints = _hints(raw)
    for name in (
        "IPAddress",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "ExternalReference",
        "LocationLatitude",
        "LocationLongitude",
    ):
        assert hints[name] == "pii", name
    assert hints["Duration (in seconds)"] == "duration"
    assert hints["Progress"] == "progress"
    assert hints["Finished"] == "finished"
    assert hints["StartDate"] == hints["EndDate"] == hints["RecordedDate"] == "date"
    assert raw.data.loc[0, "Q2"] == "Hello World!"
    assert pd.isna(raw.data.loc[0, "RecipientEmail"])  # blank cells are NA
    assert raw.data["Q1"].tolist() == ["2"]  # cells stay strings


def test_qualtrics_legacy_sample(real_exports):
    raw = read_raw_export(real_exports / "qualtrics" / "qualtRics_sample_legacy.csv")
    assert raw.source == "qualtrics_legacy" and raw.header_rows == 2
    assert any("byte-order mark" in n for n in raw.notes)
    assert any("trailing delimiter" in n for n in raw.notes)
    # V1..V10 are named by their row-2 label; the empty trailing column is gone.
    assert [c.name for c in raw.columns][:3] == ["ResponseID", "ResponseSet", "Name"]
    assert raw.columns[0].original_name == "V1"
    assert raw.data.shape == (1, 15)
    assert raw.id_column == "ResponseID"
    assert raw.data.loc[0, "Q2"] == "Hello World!"
    assert _col(raw, "Q1").question == "This is a multiple choice question."
    assert _hints(raw)["IPAddress"] == "pii"


def test_qualtrics_insights_python_dict_import_ids(real_exports):
    raw = read_raw_export(
        real_exports / "qualtrics" / "QualtricsTools_Multiple_Answer_MC_Questions_Insights.csv"
    )
    assert raw.source == "qualtrics_insights"
    assert "Python-dict" in raw.detection_reason
    assert len(raw.data) == 5
    # {'ImportId': 'QID5-2'} -> QID5_2; the export tag keeps the custom recode suffix.
    q4 = _col(raw, "Q4_11")
    assert q4.import_id == "QID5_2" and q4.question_id == "Q4"
    assert q4.question == "Click to write the question text This question has custom RecodeValues"
    assert q4.sub_label == "Click to write Statement 2"
    assert q4.hint == "multiselect_option"
    # Choice-group question: columns out of order, still one question.
    q3 = [c for c in raw.columns if c.question_id == "Q3"]
    assert [c.name for c in q3] == ["Q3_1", "Q3_4", "Q3_5", "Q3_2", "Q3_3"]
    assert {c.hint for c in q3} == {"multiselect_option"}
    other = _col(raw, "mc_question_five_2_TEXT")
    assert (other.hint, other.import_id, other.question_id) == (
        "other_text",
        "QID4_2_TEXT",
        "mc_question_five",
    )
    assert raw.data["mc_question_five_2_TEXT"].notna().sum() == 5
    assert _hints(raw)["RecipientEmail"] == "pii"  # panel-RecipientEmail
    assert _col(raw, "RecipientEmail").import_id == "panel-RecipientEmail"


def test_qualtrics_multiple_answer_legacy(real_exports):
    raw = read_raw_export(
        real_exports / "qualtrics" / "QualtricsTools_Multiple_Answer_MC_Questions.csv"
    )
    assert raw.source == "qualtrics_legacy" and len(raw.data) == 5
    q2 = [c for c in raw.columns if c.question_id == "Q2"]
    assert [c.sub_label for c in q2] == [f"Click to write Statement {k}" for k in (1, 2, 3)]
    assert {c.question for c in q2} == {"Click to write the question text"}
    assert {c.hint for c in q2} == {"multiselect_option"}
    assert raw.export_kind == "numeric"
    assert _col(raw, "Q2_2").value_labels == {"1": "Click to write Statement 2"}
    # Unchecked options are blank, checked ones "1".
    assert set(raw.data["Q2_2"].dropna()) == {"1"}


def test_qualtrics_no_basis_for_evaluation_negative_recodes(real_exports):
    raw = read_raw_export(
        real_exports / "qualtrics" / "QualtricsTools_No_Basis_for_Evaluation_Legacy.csv"
    )
    assert len(raw.data) == 15
    assert raw.id_column == "ResponseID"
    assert raw.data["ResponseID"].is_unique
    q3 = [c for c in raw.columns if c.question_id == "Q3"]
    assert [c.sub_label for c in q3] == ["Squash", "Cucumbers", "Zucchini", "Green beans"]
    assert {c.hint for c in q3} == {None}  # a grid, not options
    # Negative recodes ("No basis for evaluation") are kept as they are for the codebook.
    assert {"-1", "-2"} <= set(raw.data["Q4_2"].dropna())
    # Two matrices share the same question text but not the same id.
    q4 = [c for c in raw.columns if c.question_id == "Q4"]
    assert [c.question for c in q4] == [q3[0].question] * 4
    q6 = [c for c in raw.columns if c.question_id == "Q6"]
    assert (
        len(q6) == 12
        and q6[-1].sub_label == "considered deeply the meaning of life-Prefer not to Answer"
    )
    assert {c.hint for c in q6} == {"multiselect_option"}


def test_qualtrics_single_answer_mc_with_qsf_labels(real_exports):
    folder = real_exports / "qualtrics"
    raw = read_raw_export(
        folder / "QualtricsTools_Single_Answer_MC_Questions.csv",
        qsf=folder / "QualtricsTools_Single_Answer_MC_Questions.qsf",
    )
    assert len(raw.data) == 5
    q5 = _col(raw, "Q5")
    # Custom recodes 10..16 in the survey's display order.
    assert list(q5.value_labels) == ["10", "11", "12", "13", "14", "15", "16"]
    assert q5.value_labels["11"] == "Click to write Choice 4"
    for name in ("Q2", "Q4", "Q3", "Q5"):
        codes = set(raw.data[name].dropna())
        assert codes <= set(_col(raw, name).value_labels), name
    assert _col(raw, "mc_question_five_TEXT").hint == "other_text"
    assert any("survey definition" in n for n in raw.notes)


def test_qualtrics_duplicate_export_tags(real_exports):
    raw = read_raw_export(
        real_exports / "qualtrics" / "QualtricsTools_Single_Answer_Matrix_Questions.csv"
    )
    names = [c.name for c in raw.columns]
    assert len(names) == len(set(names)) == raw.data.shape[1] == 29
    assert (
        names.count("question_one") == 1 and "question_one.2" in names and "question_one.3" in names
    )
    assert _col(raw, "question_one.2").original_name == "question_one"
    # Statement export tags (no numeric suffix): grouped by their shared question text.
    first = [c for c in raw.columns if c.question_id == "question_one"]
    second = [c for c in raw.columns if c.question_id == "question_one.2"]
    assert [c.name for c in first] == ["question_one", "question_two", "question_three"]
    assert [c.sub_label for c in second] == [f"Click to write Statement {k}" for k in (1, 2, 3)]
    assert first[0].question != second[0].question
    text = _col(raw, "matrix_question_fivequestion_two_TEXT")
    assert text.hint == "other_text" and text.sub_label == "Click to write Statement 2"
    assert raw.data["Q4_1"].tolist() == ["12", "12", "12", "10", "11"]


# --------------------------------------------------------------------------- SurveyMonkey


def test_surveymonkey_2020_repeated_question_text(real_exports):
    raw = read_raw_export(real_exports / "surveymonkey" / "osposurvey_2020_results_excerpt.csv")
    assert raw.source == "surveymonkey" and raw.header_rows == 2
    assert len(raw.data) == 6 and raw.data.shape[1] == 45
    assert raw.id_column == "Respondent ID"
    assert raw.data["Respondent ID"].tolist()[0] == "11676764933"  # ids stay strings
    assert raw.export_kind == "text"
    q1 = [c for c in raw.columns if c.question_id == "Q1"]
    assert len(q1) == 7 and {c.hint for c in q1} == {"multiselect_option"}
    assert q1[0].question.startswith("Where is your company or organization on its open source")
    # NBSP normalised in the sub-label, curly apostrophe kept for the codebook to match.
    assert q1[3].sub_label == "Initiating or releasing open source projects"
    assert q1[6].sub_label == "Don\u2019t know"
    matrix = [c for c in raw.columns if c.question_id == "Q3"]
    assert len(matrix) == 7 and {c.hint for c in matrix} == {None}
    assert matrix[0].sub_label == "Contribute code upstream"
    assert set(raw.data[matrix[0].name].dropna()) <= {"Never", "Rarely", "Sometimes", "Frequently"}
    single = _col(raw, "Q2")
    assert single.question_id is None and single.sub_label is None
    assert single.question == "How many people work for your company or organization?"
    other = [c for c in raw.columns if c.sub_label == "Other (please explain)"]
    assert [c.hint for c in other] == ["multiselect_option", "other_text"]
    specify = [c for c in raw.columns if c.sub_label == "Other (please specify)"]
    assert {c.hint for c in specify} == {"other_text"}
    assert _hints(raw)["Start Date"] == "date"


@pytest.mark.parametrize("kind", ["numeric", "text"])
def test_surveymonkey_2024_analyst_row(real_exports, kind):
    raw = read_raw_export(real_exports / "surveymonkey" / f"osposurvey_2024_{kind}_excerpt.csv")
    assert raw.source == "surveymonkey" and raw.header_rows == 3
    assert "analyst row" in raw.detection_reason
    assert raw.first_data_row == 4 and len(raw.data) == 5
    assert raw.export_kind == kind
    hints = _hints(raw)
    assert hints["Respondent ID"] == "id" and hints["Collector ID"] == "metadata"
    assert hints["language"] == "metadata"
    # The analyst's question numbers become the question ids.
    assert {c.question_id for c in raw.columns if c.question_id} == {"q1", "q2", "q3", "q4"}
    bot = [c for c in raw.columns if c.question_id == "q2"]
    assert [c.sub_label for c in bot] == [
        "Don't know or not sure",
        "I'm just lines of code",
        "I am a real person",
        "I am a bot",
        "I just want to mess with the researchers",
    ]
    assert bot[0].question == "Please indicate what best describes who you are. (select one)"
    real = bot[2]
    chosen = raw.data[real.name].dropna().unique().tolist()
    assert chosen == (["2"] if kind == "numeric" else ["I am a real person"])
    if kind == "numeric":
        assert real.value_labels == {"2": "I am a real person"}
    else:
        assert real.value_labels is None
    # Single-choice questions spread over option columns are pointed out.
    assert any(
        n.startswith("Columns q2_1..q2_5 spread a single-choice question") for n in raw.notes
    )
    assert not any("q1_1" in n for n in raw.notes)  # "select all that apply"
    other = _col(raw, "q3_9")
    assert other.hint == "other_text"
    assert set(raw.data["q3_9"].dropna()) == {"Cloud engineering consultant", "Researcher", "OSPO"}


def test_surveymonkey_numeric_and_text_exports_agree(real_exports):
    num = read_raw_export(real_exports / "surveymonkey" / "osposurvey_2024_numeric_excerpt.csv")
    txt = read_raw_export(real_exports / "surveymonkey" / "osposurvey_2024_text_excerpt.csv")
    assert [c.name for c in num.columns] == [c.name for c in txt.columns]
    for c in num.columns:
        if c.hint != "multiselect_option":
            continue
        n, t = num.data[c.name], txt.data[c.name]
        assert (n.isna() == t.isna()).all(), c.name
        if c.value_labels:
            code, label = next(iter(c.value_labels.items()))
            assert set(t.dropna()) <= {label}


# --------------------------------------------------------------------------- Google Forms


def test_google_forms_spack(real_exports):
    raw = read_raw_export(
        real_exports / "google_forms" / "spack-user-survey-2022-responses_excerpt.csv"
    )
    assert raw.source == "google_forms" and raw.header_rows == 1
    assert len(raw.data) == 6 and raw.data.shape[1] == 58
    assert _hints(raw)["Timestamp"] == "date"
    assert raw.data.loc[0, "Timestamp"] == "2/26/2023 14:12:52"
    langs = _col(raw, "Q7")
    assert langs.question == "What languages do you primarily program in?"
    assert (langs.hint, langs.separator) == ("multiselect_joined", ", ")
    assert raw.data.loc[0, "Q7"] == "Fortran, C"
    # A single-choice label with a comma inside is not a joined answer.
    where = _col(raw, "Q2")
    assert where.question == "Where do you work?" and where.hint is None
    assert raw.data["Q2"].str.contains(", ").any()
    # "3.10" stays "3.10" (read as strings), and "500-1,000" is one answer.
    assert "3.10, 3.11" in raw.data["Q15"].tolist()
    assert _col(raw, "Q14").hint is None and "500-1,000" in raw.data["Q14"].tolist()
    grid = [c for c in raw.columns if c.question_id == "Q24"]
    assert len(grid) == 16
    assert grid[0].question == "Rank these TBD Spack features by importance"
    assert grid[0].sub_label == "Better error messages"
    assert set(raw.data[grid[0].name]) <= {
        "Not Important",
        "Slightly Important",
        "Somewhat important",
        "Very Important",
        "Critical",
    }
    quality = [c for c in raw.columns if c.question_id == "Q32"]
    assert [c.sub_label for c in quality] == [
        "Spack documentation",
        "Spack community",
        "Spack packages",
        "Spack",
    ]
    assert _col(raw, "Q35").question.startswith("What are the biggest pain points in Spack")


# --------------------------------------------------------------------------- SPSS


def test_spss_sample_labels_and_measures(real_exports):
    raw = read_raw_export(real_exports / "spss" / "pyreadstat_sample.sav")
    assert raw.source == "spss" and raw.export_kind == "numeric"
    assert len(raw.data) == 5 and list(raw.data.columns) == [
        "mychar",
        "mynum",
        "mydate",
        "dtime",
        "mylabl",
        "myord",
        "mytime",
    ]
    mylabl = _col(raw, "mylabl")
    assert mylabl.question == "labeled"
    assert mylabl.value_labels == {1: "Male", 2: "Female"}
    myord = _col(raw, "myord")
    assert list(myord.value_labels.values()) == ["low", "medium", "high"]
    assert myord.measure == "ordinal"
    assert _col(raw, "mynum").hint == "numeric"
    assert _col(raw, "mydate").hint == "date" and _col(raw, "dtime").hint == "date"
    assert pd.api.types.is_datetime64_any_dtype(raw.data["dtime"])
    assert raw.data["mylabl"].tolist() == [1.0, 2.0, 1.0, 2.0, 1.0]


def test_spss_user_missing_values_are_kept_with_their_codes(real_exports):
    raw = read_raw_export(real_exports / "spss" / "pyreadstat_sample_missing.sav")
    assert len(raw.data) == 7
    myord = _col(raw, "myord")
    assert myord.missing_values == [-1, -2, -3]
    assert myord.value_labels[-1] == "missing"
    # user_missing=True: the declared codes are still in the data for the codebook to explain.
    assert raw.data["myord"].tolist()[-2:] == [-1.0, -3.0]
    assert _col(raw, "mylabl").missing_values == [-1]
    mynum = _col(raw, "mynum")
    assert mynum.missing_values == [-1, 2500]  # discrete -1, plus 2500 inside 2000..3000
    assert any("2000 to 3000" in n for n in raw.notes)
    # system-missing stays NA; empty strings are NA too.
    assert math.isnan(raw.data["mylabl"].iloc[6])
    assert pd.isna(raw.data["mychar"].iloc[6])


def test_spss_multiple_response_sets(real_exports):
    raw = read_raw_export(real_exports / "spss" / "pyreadstat_simple_alltypes.sav")
    assert set(raw.mr_sets) == {"mymrset", "categorical_array"}
    mr = raw.mr_sets["mymrset"]
    assert mr == {
        "label": "My multiple response set",
        "variables": ["bool1", "bool2", "bool3"],
        "counted_value": 1,
        "type": "dichotomy",
    }
    for name in mr["variables"]:
        col = _col(raw, name)
        assert (col.question_id, col.hint, col.question) == (
            "mymrset",
            "multiselect_option",
            "My multiple response set",
        )
    assert _col(raw, "bool1").sub_label == "Response #1"
    assert raw.mr_sets["categorical_array"]["type"] == "category"
    assert _col(raw, "ca_subvar_2").question_id == "categorical_array"
    assert _col(raw, "x").missing_values == [7, 8, 99]
    assert _col(raw, "z").missing_values == [999, -9]  # 999, and -9 inside -999..0

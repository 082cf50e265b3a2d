"""The codebook builder: kinds, scale order, missing codes, multi-select, tags, round trip.

Tests build RawExports by hand (what a format reader hands over), so every rule
is checked on realistic answers without depending on a file format.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from personakit import PersonakitError, PersonakitWarning, Survey
from personakit.codebook import build_survey, infer_stage_role, read_codebook, write_codebook
from personakit.io._raw import RawColumn, RawExport
from personakit.scales import label_key
from personakit.survey import CODEBOOK_COLUMNS

AGREE5S = [
    "Strongly disagree",
    "Somewhat disagree",
    "Neither agree nor disagree",
    "Somewhat agree",
    "Strongly agree",
]


def col(name: str, values, **meta) -> tuple[RawColumn, list]:
    """One export column: its header information and its cells (None = blank)."""
    meta.setdefault("question", name)
    return RawColumn(name, meta.pop("original_name", name), **meta), list(values)


def make_raw(*columns, id_column: str | None = "ResponseId", source: str = "qualtrics", **kw):
    """A RawExport from ``col(...)`` specs; string cells unless values are typed."""
    data = {}
    for rc, values in columns:
        if all(v is None or isinstance(v, str) for v in values):
            data[rc.name] = pd.array(values, dtype="str")
        else:
            data[rc.name] = values
    frame = pd.DataFrame(data)
    kw.setdefault("detection_reason", "built by the test")
    kw.setdefault("first_data_row", 4)
    return RawExport(frame, [rc for rc, _ in columns], source=source, id_column=id_column, **kw)


def ids(n: int) -> tuple[RawColumn, list]:
    return col("ResponseId", [f"R_{i:03d}" for i in range(n)], hint="id", question="Response ID")


def build(raw: RawExport, **kw) -> Survey:
    with warnings.catch_warnings():
        warnings.simplefilter("error", PersonakitWarning)
        return build_survey(raw, **kw)


def cb_row(survey: Survey, variable: str) -> dict:
    cb = survey.codebook.set_index("variable")
    return cb.loc[variable].to_dict()


# -- a realistic Qualtrics-like export ------------------------------------------------


@pytest.fixture(scope="module")
def realistic() -> RawExport:
    rng = np.random.default_rng(7)
    n = 40
    grid = {f"Q5_{j}": [AGREE5S[k] for k in rng.integers(0, 5, n)] for j in range(1, 5)}
    grid["Q5_2"][:3] = ["Don't know", "Don’t\u00a0know", "Prefer not to say"]
    sat = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]
    return make_raw(
        ids(n),
        col(
            "StartDate",
            [f"2024-05-{1 + i % 28:02d} 09:{i % 60:02d}:00" for i in range(n)],
            hint="date",
        ),
        col("Status", ["IP Address"] * n, hint="status"),
        col("Duration (in seconds)", [str(200 + i) for i in range(n)], hint="duration"),
        col("RecipientEmail", [f"person{i}@example.org" for i in range(n)], hint="pii"),
        col("IPAddress", [f"192.168.1.{i}" for i in range(n)], hint="pii"),
        *[
            col(name, values, question_id="Q5", question="How much do you agree?", sub_label=sub)
            for (name, values), sub in zip(
                grid.items(),
                [
                    "Pricing is clear",
                    "I compared several tools",
                    "Onboarding was easy",
                    "I trust the brand",
                ],
            )
        ],
        col(
            "Q6",
            [sat[k] for k in rng.integers(0, 5, n)],
            question="How satisfied are you with onboarding?",
        ),
        col(
            "Q7",
            [str(k) for k in rng.integers(0, 11, n)],
            question="How likely are you to recommend Bookwise to a friend?",
        ),
        col(
            "Q8",
            [["Hair salon", "Spa", "Barber", "Nail studio"][k] for k in rng.integers(0, 4, n)],
            question="Which industry is your business in?",
        ),
        col(
            "Q9",
            [str(int(k)) for k in rng.integers(1, 40, n)],
            question="How many bookings do you take per week?",
        ),
        col(
            "Q10",
            [["1-10", "11-49", "50-249", "250+"][k] for k in rng.integers(0, 4, n)],
            question="How many employees work at your company?",
        ),
        col(
            "Q11",
            [
                f"It was slow to set up and support took {i} days to answer, honestly"
                for i in range(n)
            ],
            question="What almost stopped you from signing up?",
        ),
        col(
            "Q12_1",
            [("Instagram" if k else None) for k in rng.integers(0, 2, n)],
            question_id="Q12",
            question="How did you first hear about us?",
            sub_label="Instagram",
            hint="multiselect_option",
        ),
        col(
            "Q12_2",
            [("A friend" if k else None) for k in rng.integers(0, 2, n)],
            question_id="Q12",
            question="How did you first hear about us?",
            sub_label="A friend",
            hint="multiselect_option",
        ),
    )


def test_kinds_on_a_realistic_export(realistic):
    survey = build(realistic)
    kinds = survey.codebook.set_index("variable")["kind"].to_dict()
    assert kinds == {
        "ResponseId": "id",
        "StartDate": "date",
        "Status": "metadata",
        "Duration (in seconds)": "metadata",
        "RecipientEmail": "metadata",
        "IPAddress": "metadata",
        "Q5_1": "likert",
        "Q5_2": "likert",
        "Q5_3": "likert",
        "Q5_4": "likert",
        "Q6": "likert",
        "Q7": "nps",
        "Q8": "nominal",
        "Q9": "numeric",
        "Q10": "ordinal",
        "Q11": "text",
        "Q12_1": "multiselect",
        "Q12_2": "multiselect",
    }
    assert list(survey.codebook.columns[: len(CODEBOOK_COLUMNS)]) == list(CODEBOOK_COLUMNS)
    # every automatic decision says why
    assert survey.codebook["kind_reason"].str.len().gt(0).all()
    assert survey.responses.index.name == "respondent_id"
    assert survey.responses.index[0] == "R_000"


def test_dtypes_follow_the_contract(realistic):
    r = build(realistic).responses
    assert isinstance(r["Q5_1"].dtype, pd.CategoricalDtype) and r["Q5_1"].cat.ordered
    assert isinstance(r["Q8"].dtype, pd.CategoricalDtype) and not r["Q8"].cat.ordered
    assert pd.api.types.is_bool_dtype(r["Q12_1"].dtype)
    assert r["Q7"].dtype == float and r["Q9"].dtype == float
    assert pd.api.types.is_datetime64_any_dtype(r["StartDate"].dtype)
    assert pd.api.types.is_string_dtype(r["Q11"].dtype)


def test_likert_levels_are_in_scale_order_whatever_the_data_order(realistic):
    survey = build(realistic)
    assert list(survey.responses["Q5_1"].cat.categories) == AGREE5S
    row = cb_row(survey, "Q5_3")
    assert row["scale"] == "agree5s" and row["levels"] == AGREE5S
    assert "across the 4 rows of Q5" in row["kind_reason"]
    assert list(survey.responses["Q6"].cat.categories) == [
        "Very dissatisfied",
        "Dissatisfied",
        "Neutral",
        "Satisfied",
        "Very satisfied",
    ]
    # "Very satisfied" > "Dissatisfied" as an ordered comparison
    q6 = survey.responses["Q6"]
    assert (q6[q6 == "Very satisfied"] > "Dissatisfied").all()


def test_numeric_ranges_are_ordinal_by_lower_bound(realistic):
    survey = build(realistic)
    assert cb_row(survey, "Q10")["levels"] == ["1-10", "11-49", "50-249", "250+"]


def test_missing_codes_become_missing_with_their_reason(realistic):
    survey = build(realistic)
    q52 = survey.responses["Q5_2"]
    assert q52.iloc[:3].isna().all()
    assert q52.iloc[3:].notna().all()
    rows = survey.missing[survey.missing["variable"] == "Q5_2"]
    assert rows["respondent_id"].tolist() == ["R_000", "R_001", "R_002"]
    assert rows["reason"].tolist() == [
        "non-substantive answer: Don't know",
        "non-substantive answer: Don't know",
        "non-substantive answer: Prefer not to say",
    ]
    assert rows["value"].tolist()[1] == "Don’t\u00a0know"  # the value as exported
    assert cb_row(survey, "Q5_2")["missing_codes"] == ["Don't know", "Prefer not to say"]


def test_pii_and_metadata_are_flagged_and_kept_out_of_analysis(realistic):
    cb = build(realistic).codebook.set_index("variable")
    assert cb.loc["RecipientEmail", "pii"] and cb.loc["IPAddress", "pii"]
    assert not cb.loc[["RecipientEmail", "IPAddress", "ResponseId", "Status"], "include"].any()
    assert cb.loc["Q5_1", "include"] and not cb.loc["Q5_1", "pii"]


def test_stage_and_role_inferred_from_question_wording(realistic):
    cb = build(realistic).codebook.set_index("variable")
    assert (cb.loc["Q12_1", "stage"], cb.loc["Q12_1", "role"]) == ("awareness", "channel")
    assert (cb.loc["Q11", "stage"], cb.loc["Q11", "role"]) == ("decision", "pain")
    assert cb.loc["Q6", "stage"] == "retention"
    assert cb.loc["Q7", "stage"] == "advocacy"
    assert cb.loc["Q5_2", "stage"] == "consideration"
    assert cb.loc["Q8", "role"] == "firmographic"
    assert cb.loc["Q10", "role"] == "firmographic"
    assert "'first hear' -> stage awareness" in cb.loc["Q12_1", "stage_role_reason"]


@pytest.mark.parametrize(
    ("question", "sub", "stage", "role"),
    [
        ("How did you first hear about Bookwise?", None, "awareness", "channel"),
        ("Where did you first see our brand?", None, "awareness", "channel"),
        ("How easy was it to compare plans?", None, "consideration", None),
        ("What almost stopped you from buying?", None, "decision", "pain"),
        ("How satisfied were you with onboarding?", None, "retention", "satisfaction"),
        ("How likely are you to recommend us to a colleague?", None, "advocacy", None),
        ("What is your age?", None, None, "demographic"),
        ("Gender", None, None, "demographic"),
        ("Which region do you live in?", None, None, "demographic"),
        ("Company size", None, None, "firmographic"),
        ("What is your main goal for using a booking tool?", None, None, "goal"),
        ("What is your biggest challenge with scheduling?", None, None, "pain"),
        ("Which content formats do you prefer?", None, None, "content_preference"),
        ("Who signs off on software purchases?", None, "decision", "decision_role"),
        ("What is your role in the buying decision?", None, "decision", "decision_role"),
        ("Which best describes your part in choosing vendors?", None, None, None),
        ("How much do you agree?", "Please select 'Agree' for this row", None, "attention_check"),
        ("Favourite colour?", None, None, None),
    ],
)
def test_infer_stage_role(question, sub, stage, role):
    got_stage, got_role, reason = infer_stage_role(question, sub)
    assert (got_stage, got_role) == (stage, role)
    assert bool(reason) == (stage is not None or role is not None)


# -- the "unknown label" rule ----------------------------------------------------------


def test_an_unknown_label_makes_the_question_nominal_with_a_warning_never_missing():
    values = ["Agree", "Strongly agree", "Disagree", "Kinda agree", "Agree", "Strongly disagree"]
    raw = make_raw(
        col("id", list("abcdef"), hint="id"),
        col("Q1", values, question="I like it"),
        id_column="id",
    )
    with pytest.warns(
        PersonakitWarning, match=r"Q1: answers \['Kinda agree'\] fit no known answer scale.*likert="
    ):
        survey = build_survey(raw)
    row = cb_row(survey, "Q1")
    assert row["kind"] == "nominal"
    assert "Kinda agree" in row["levels"]
    assert survey.responses["Q1"].notna().all()
    assert survey.responses.loc["d", "Q1"] == "Kinda agree"
    assert survey.missing.empty


def test_user_order_fixes_an_unknown_scale():
    values = ["Meh", "Love it", "Hate it", "Meh", "Love it"]
    raw = make_raw(col("id", list("abcde"), hint="id"), col("Q1", values), id_column="id")
    survey = build(raw, likert={"Q1": ["Hate it", "Meh", "Love it"]})
    assert cb_row(survey, "Q1")["kind"] == "likert"
    assert cb_row(survey, "Q1")["kind_reason"] == "order given with likert="
    assert survey.responses["Q1"].cat.codes.tolist() == [1, 2, 0, 1, 2]


def test_user_order_missing_an_answer_is_an_error_not_missing_values():
    raw = make_raw(
        col("id", list("abc"), hint="id"), col("Q1", ["Meh", "Love it", "Hate it"]), id_column="id"
    )
    with pytest.raises(
        PersonakitError, match=r"Q1.*\['Hate it'\] are not among the levels you gave"
    ):
        build(raw, likert={"Q1": ["Meh", "Love it"]})


def test_likert_by_question_id_and_scale_name():
    raw = make_raw(
        col("id", list("ab"), hint="id"),
        col("Q1_1", ["Agree", "Disagree"], question_id="Q1"),
        col("Q1_2", ["Agree", "Agree"], question_id="Q1"),
        id_column="id",
    )
    survey = build(raw, likert={"Q1": "agree7"})
    assert cb_row(survey, "Q1_2")["levels"][3] == "Neither agree nor disagree"
    assert len(survey.responses["Q1_2"].cat.categories) == 7
    with pytest.raises(PersonakitError, match="likert: 'Q9' is not a variable"):
        build(raw, likert={"Q9": "agree5"})
    with pytest.raises(PersonakitError, match="Unknown scale 'agree9'"):
        build(raw, likert={"Q1": "agree9"})


# -- reverse coding --------------------------------------------------------------------


def test_reverse_coding_uses_the_scale_range_not_the_observed_one():
    # only the middle three points are used; reversing must still map 2 <-> 4 on 1..5
    values = ["Somewhat disagree", "Neither agree nor disagree", "Somewhat agree"]
    raw = make_raw(
        col("id", list("abc"), hint="id"),
        col("Q1_1", values, question_id="Q1"),
        col("Q1_2", ["Strongly disagree", "Strongly agree", "Somewhat agree"], question_id="Q1"),
        id_column="id",
    )
    plain = build(raw)
    rev = build(raw, reverse=["Q1_1"])
    assert plain.responses["Q1_1"].cat.codes.tolist() == [1, 2, 3]
    assert rev.responses["Q1_1"].cat.codes.tolist() == [3, 2, 1]
    assert rev.responses["Q1_1"].tolist() == [
        "Somewhat agree",
        "Neither agree nor disagree",
        "Somewhat disagree",
    ]
    assert cb_row(rev, "Q1_1")["reverse"] and not cb_row(rev, "Q1_2")["reverse"]
    assert rev.responses["Q1_2"].tolist() == plain.responses["Q1_2"].tolist()


def test_reverse_coding_of_anchored_numeric_codes():
    values = ["1 - Not at all likely", "2", "3", "4", "5 - Extremely likely", "2"]
    raw = make_raw(col("id", list("abcdef"), hint="id"), col("Q1", values), id_column="id")
    survey = build(raw, reverse=["Q1"])
    row = cb_row(survey, "Q1")
    assert row["kind"] == "likert" and row["levels"] == [
        "Not at all likely",
        "2",
        "3",
        "4",
        "Extremely likely",
    ]
    assert survey.responses["Q1"].cat.codes.tolist() == [4, 3, 2, 1, 0, 3]


def test_reverse_needs_a_rating_scale():
    raw = make_raw(col("id", list("ab"), hint="id"), col("age", ["31", "45"]), id_column="id")
    with pytest.raises(PersonakitError, match="reverse: 'age' is numeric, not a rating scale"):
        build(raw, reverse=["age"])
    with pytest.raises(PersonakitError, match="reverse: 'Q9' is not a variable"):
        build(raw, reverse=["Q9"])


# -- codes and value labels ------------------------------------------------------------


def test_numeric_export_with_value_labels_in_reverse_code_order():
    # codes 1 = Strongly agree ... 5 = Strongly disagree, and -1 = N/A recode, -99 seen-unanswered
    labels = {1: "Strongly agree", 2: "Agree", 3: "Neutral", 4: "Disagree", 5: "Strongly disagree"}
    raw = make_raw(
        col("id", list("abcde"), hint="id"),
        col("Q1", ["1", "5", "-1", "3", "-99"], value_labels=labels),
        id_column="id",
        export_kind="numeric",
    )
    survey = build(raw)
    row = cb_row(survey, "Q1")
    assert row["kind"] == "likert" and row["scale"] == "agree5"
    assert row["levels"] == ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
    assert "codes run high to low" in row["kind_reason"]
    assert survey.responses["Q1"].tolist()[:2] == ["Strongly agree", "Strongly disagree"]
    reasons = survey.missing.set_index("respondent_id")["reason"]
    assert reasons["c"] == "negative code -1 (N/A-type recode)"
    assert reasons["e"] == "code -99 (seen but unanswered / refused)"
    assert row["missing_codes"] == [-1, -99]


def test_spss_like_typed_columns_with_user_missing_values():
    raw = make_raw(
        col("id", [1.0, 2.0, 3.0, 4.0], hint="id"),
        col(
            "sat",
            [1.0, 3.0, 9.0, 2.0],
            value_labels={1.0: "Low", 2.0: "Medium", 3.0: "High", 9.0: "Refused"},
            missing_values=[9.0],
            measure="ordinal",
        ),
        col(
            "income",
            [52000.0, -1.0, 61000.0, 2500.0],
            missing_values=[{"lo": -9.0, "hi": -1.0}],
            measure="scale",
        ),
        id_column="id",
        source="spss",
    )
    survey = build(raw)
    assert survey.responses.index.tolist() == ["1", "2", "3", "4"]
    assert cb_row(survey, "sat")["kind"] == "ordinal"
    assert survey.responses["sat"].tolist()[:2] == ["Low", "High"]
    assert pd.isna(survey.responses["sat"].iloc[2])
    assert np.isnan(survey.responses["income"].iloc[1])
    reasons = dict(zip(survey.missing["variable"], survey.missing["reason"]))
    assert reasons == {
        "sat": "user-missing value declared in the file",
        "income": "user-missing value declared in the file",
    }


def test_user_missing_codes_global_and_per_variable():
    raw = make_raw(
        col("id", list("abcd"), hint="id"),
        col("Q1", ["Yes", "No", "Skip", "Yes"]),
        col("Q2", ["3", "999", "4", "5"], question="How many staff?"),
        id_column="id",
    )
    survey = build(raw, missing_codes={"Q1": ["Skip"], "Q2": [999]})
    assert survey.responses["Q1"].isna().tolist() == [False, False, True, False]
    assert survey.responses["Q2"].isna().tolist() == [False, True, False, False]
    assert set(survey.missing["reason"]) == {"missing code you gave"}
    with pytest.raises(PersonakitError, match="missing_codes: 'Q7' is not a column"):
        build(raw, missing_codes={"Q7": ["x"]})


def test_nps_and_numbers():
    raw = make_raw(
        col("id", list("abcd"), hint="id"),
        col("nps", ["10", "0", "7", "9"], question="How likely is it that you would recommend us?"),
        col("spend", ["$1,200", "350", "40%", "-99"], question="Monthly spend"),
        id_column="id",
    )
    survey = build(raw)
    assert cb_row(survey, "nps")["kind"] == "nps"
    assert survey.responses["spend"].tolist()[:3] == [1200.0, 350.0, 40.0]
    assert np.isnan(survey.responses["spend"].iloc[3])


# -- multi-select ----------------------------------------------------------------------


def test_joined_multiselect_with_commas_inside_known_options():
    options = ["Salt, pepper and herbs", "Oil", "Vinegar, balsamic"]
    cells = [
        "Salt, pepper and herbs, Oil",
        "Vinegar, balsamic",
        None,
        "Oil, Vinegar, balsamic, Salt, pepper and herbs",
        "Oil, Lemon juice",
        "Don't know",
    ]
    raw = make_raw(
        col("id", list("abcdef"), hint="id"),
        col(
            "Q3",
            cells,
            question="What do you put on a salad?",
            hint="multiselect_joined",
            options=options,
            separator=", ",
        ),
        id_column="id",
    )
    with pytest.warns(
        PersonakitWarning,
        match=r"Q3: 1 answers contain parts that match none of the known options \(e\.g\. \['Lemon juice'\]\)",
    ):
        survey = build_survey(raw)
    r = survey.responses
    assert r["Q3__salt_pepper_and_herbs"].tolist() == [True, False, pd.NA, True, False, pd.NA]
    assert r["Q3__oil"].tolist() == [True, False, pd.NA, True, True, pd.NA]
    assert r["Q3__vinegar_balsamic"].tolist() == [False, True, pd.NA, True, False, pd.NA]
    assert r["Q3__other"].tolist()[4] == "Lemon juice"
    assert r.loc["f", [c for c in r.columns if c.startswith("Q3")]].isna().all()
    assert (
        survey.missing.set_index("respondent_id").loc["f", "reason"]
        == "non-substantive answer: Don't know"
    )
    row = cb_row(survey, "Q3__oil")
    assert row["kind"] == "multiselect" and row["sub_label"] == "Oil" and row["levels"] == options
    assert row["source_columns"] == ["Q3"] and row["question_id"] == "Q3"
    assert cb_row(survey, "Q3__other")["kind"] == "text"


def test_joined_multiselect_options_inferred_when_unknown():
    # Google Forms style; a label with a comma inside brackets; MS Forms trailing ';' below
    cells = ["Fortran, C", "C, Python", "Build caches (binary, source), C", "Python", None]
    raw = make_raw(
        col("id", list("abcde"), hint="id"),
        col("Q7", cells, question="Which languages?", hint="multiselect_joined", separator=", "),
        col(
            "Q8",
            ["AGOL;Cartography;", "Cartography;", "AGOL;", "AGOL;Python;", None],
            hint="multiselect_joined",
            separator=";",
        ),
        id_column="id",
    )
    survey = build(raw)
    levels = cb_row(survey, "Q7__c")["levels"]
    assert levels == ["C", "Python", "Build caches (binary, source)", "Fortran"]
    assert "options inferred from the answers" in cb_row(survey, "Q7__c")["kind_reason"]
    assert survey.responses["Q7__build_caches_binary_source"].tolist() == [
        False,
        False,
        True,
        False,
        pd.NA,
    ]
    assert survey.responses["Q8__agol"].tolist() == [True, False, True, True, pd.NA]
    assert cb_row(survey, "Q8__agol")["levels"] == ["AGOL", "Cartography", "Python"]


def test_option_columns_missing_when_nothing_chosen_and_dont_know_is_a_reason():
    raw = make_raw(
        col("id", list("abcd"), hint="id"),
        col(
            "Q2_1",
            ["Email", None, None, "1"],
            question_id="Q2",
            sub_label="Email",
            hint="multiselect_option",
        ),
        col(
            "Q2_2",
            ["Phone", "Phone", None, None],
            question_id="Q2",
            sub_label="Phone",
            hint="multiselect_option",
        ),
        col(
            "Q2_3",
            [None, None, "Don't know", None],
            question_id="Q2",
            sub_label="Don't know",
            hint="multiselect_option",
        ),
        id_column="id",
    )
    survey = build(raw)
    r = survey.responses
    assert r["Q2_1"].tolist() == [True, False, pd.NA, True]
    assert r["Q2_2"].tolist() == [True, True, pd.NA, False]
    assert r["Q2_3"].tolist() == [False, False, True, False]
    assert not cb_row(survey, "Q2_3")["include"]
    missing = survey.missing.set_index(["respondent_id", "variable"])["reason"]
    assert missing[("c", "Q2_1")] == "non-substantive answer: Don't know"


# -- ids ---------------------------------------------------------------------------------


def test_repeated_and_blank_ids_are_made_unique_with_a_warning():
    raw = make_raw(
        col("id", ["R_1", "R_1", None, "R_2"], hint="id"),
        col("Q1", ["Yes", "No", "Yes", "No"]),
        id_column="id",
    )
    with pytest.warns(PersonakitWarning) as record:
        survey = build_survey(raw)
    assert survey.responses.index.tolist() == ["R_1", "R_1#2", "row6", "R_2"]
    text = " ".join(str(w.message) for w in record)
    assert "repeat" in text and "no id" in text


def test_no_id_column_uses_file_rows():
    raw = make_raw(col("Q1", ["Yes", "No"]), id_column=None, first_data_row=2)
    assert build(raw).responses.index.tolist() == ["row2", "row3"]


# -- codebook round trip ---------------------------------------------------------------


def test_codebook_round_trip_reapplies_user_edits(realistic, tmp_path):
    survey = build(realistic)
    path = survey.save_codebook(tmp_path / "codebook.csv")
    text = path.read_text(encoding="utf-8")
    assert '"[""Strongly disagree"", ""Somewhat disagree""' in text  # list cells as JSON
    edited = pd.read_csv(path, dtype=str, keep_default_na=False)
    edited = edited.set_index("variable")
    edited.loc["Q8", ["kind", "levels"]] = [
        "ordinal",
        '["Barber", "Nail studio", "Hair salon", "Spa"]',
    ]
    edited.loc["Q5_4", "reverse"] = "True"
    edited.loc["Q9", "include"] = "False"
    edited.loc["Q9", ["stage", "role"]] = ["retention", "behaviour"]
    edited.loc["Q11", "stage"] = ""
    edited.loc["Q6", "missing_codes"] = '["Neutral"]'
    edited.loc["Q6", "levels"] = (
        '["Very dissatisfied", "Dissatisfied", "Satisfied", "Very satisfied"]'
    )
    edited.reset_index().to_csv(path, index=False)

    again = build(realistic, codebook=path)
    cb = again.codebook.set_index("variable")
    assert cb.loc["Q8", "kind"] == "ordinal"
    assert list(again.responses["Q8"].cat.categories) == [
        "Barber",
        "Nail studio",
        "Hair salon",
        "Spa",
    ]
    assert again.responses["Q8"].cat.ordered
    assert cb.loc["Q8", "kind_reason"].startswith("set by you (codebook.csv line")
    assert cb.loc["Q5_4", "reverse"]
    codes = survey.responses["Q5_4"].cat.codes
    assert (again.responses["Q5_4"].cat.codes == np.where(codes >= 0, 4 - codes, -1)).all()
    assert not cb.loc["Q9", "include"] and cb.loc["Q9", "stage"] == "retention"
    assert cb.loc["Q11", "stage"] is None
    neutral = survey.responses["Q6"] == "Neutral"
    assert again.responses.loc[neutral, "Q6"].isna().all()
    assert len(again.responses["Q6"].cat.categories) == 4
    # saving again gives the same file: the edits are stable
    second = again.save_codebook(tmp_path / "codebook2.csv")
    third = build(realistic, codebook=second).save_codebook(tmp_path / "codebook3.csv")
    assert second.read_bytes() == third.read_bytes()


def test_codebook_as_dataframe_and_errors_name_the_row(realistic, tmp_path):
    survey = build(realistic)
    cb = survey.codebook.copy()
    cb.loc[cb["variable"] == "Q8", "include"] = False
    again = build(realistic, codebook=cb)
    assert not again.codebook.set_index("variable").loc["Q8", "include"]

    path = tmp_path / "cb.csv"
    survey.save_codebook(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    bad = frame.copy()
    bad.loc[3, "variable"] = "Q99"
    bad.to_csv(path, index=False)
    with pytest.raises(
        PersonakitError, match=r"cb\.csv line 5: variable 'Q99' is not in this export"
    ):
        build(realistic, codebook=path)
    bad = frame.copy()
    bad.loc[7, "kind"] = "scale"
    bad.to_csv(path, index=False)
    with pytest.raises(PersonakitError, match=r"cb\.csv line 9: variable 'Q5_2' has kind 'scale'"):
        build(realistic, codebook=path)
    bad = frame.copy()
    bad.loc[6, "levels"] = "Agree; Disagree"
    bad.to_csv(path, index=False)
    with pytest.raises(
        PersonakitError,
        match=r"line 8: column 'levels' holds 'Agree; Disagree', which is not a JSON list",
    ):
        build(realistic, codebook=path)
    bad = frame.copy()
    bad.loc[6, "reverse"] = "maybe"
    bad.to_csv(path, index=False)
    with pytest.raises(
        PersonakitError, match=r"line 8: column 'reverse' holds 'maybe'; expected True or False"
    ):
        build(realistic, codebook=path)
    bad = pd.concat([frame, frame.iloc[[2]]])
    bad.to_csv(path, index=False)
    with pytest.raises(PersonakitError, match="listed twice"):
        build(realistic, codebook=path)
    with pytest.raises(PersonakitError, match="not found"):
        build(realistic, codebook=tmp_path / "nope.csv")


def test_codebook_can_turn_a_joined_column_into_multiselect(tmp_path):
    raw = make_raw(
        col("id", list("abcd"), hint="id"),
        col(
            "tools",
            ["Slack; Zoom", "Zoom", "Slack; Teams", None],
            question="Which tools do you use?",
        ),
        id_column="id",
    )
    survey = build(raw)
    assert cb_row(survey, "tools")["kind"] == "nominal"
    cb = survey.codebook.copy()
    cb["levels"] = cb["levels"].astype(object)
    idx = cb.index[cb["variable"] == "tools"][0]
    cb.at[idx, "kind"] = "multiselect"
    cb.at[idx, "levels"] = ["Slack", "Zoom", "Teams"]
    again = build(raw, codebook=cb)
    assert again.responses["tools__slack"].tolist() == [True, False, True, pd.NA]
    assert again.responses["tools__teams"].tolist() == [False, False, True, pd.NA]


def test_read_and_write_codebook_helpers(tmp_path):
    cb = pd.DataFrame(
        {
            "variable": ["Q1"],
            "kind": ["likert"],
            "levels": [["Low", "High"]],
            "missing_codes": [[-99, "N/A"]],
            "reverse": [True],
            "stage": [None],
        }
    )
    path = write_codebook(cb, tmp_path / "x.csv")
    back = read_codebook(path)
    assert back.loc[0, "levels"] == ["Low", "High"]
    assert back.loc[0, "missing_codes"] == [-99, "N/A"]
    assert back.loc[0, "reverse"] is True or back.loc[0, "reverse"] == True  # noqa: E712
    assert back.loc[0, "stage"] is None
    with pytest.raises(PersonakitError, match="no 'variable' column"):
        read_codebook(pd.DataFrame({"kind": ["nominal"]}))


# -- determinism and safety --------------------------------------------------------------


def test_same_input_same_output_and_input_untouched(realistic, tmp_path):
    before = realistic.data.copy()
    a = build(realistic)
    b = build(realistic, weights=list(range(1, 41)))
    pd.testing.assert_frame_equal(realistic.data, before)
    assert [c.name for c in realistic.columns][-1] == "Q12_2"  # weights did not add a column
    pd.testing.assert_frame_equal(a.responses, build(realistic).responses)
    a.save_codebook(tmp_path / "a.csv")
    build(realistic).save_codebook(tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert b.weights.tolist() == [float(x) for x in range(1, 41)]


def test_nominal_levels_do_not_depend_on_row_order(realistic):
    data = realistic.data.iloc[::-1].reset_index(drop=True)
    flipped = RawExport(
        data, realistic.columns, source="qualtrics", detection_reason="x", id_column="ResponseId"
    )
    a, b = build(realistic), build(flipped)
    assert cb_row(a, "Q8")["levels"] == cb_row(b, "Q8")["levels"]
    pd.testing.assert_frame_equal(a.responses.sort_index(), b.responses.sort_index())


def test_weights_argument_validation(realistic):
    with pytest.raises(PersonakitError, match="got 3 weights for 40 respondents"):
        build(realistic, weights=[1.0, 2.0, 3.0])
    with pytest.raises(PersonakitError, match="finite number >= 0"):
        build(realistic, weights=[-1.0] * 40)
    with pytest.raises(PersonakitError, match="weights: 'w' is not a column"):
        build(realistic, weights="w")


def test_weight_column_by_name():
    raw = make_raw(
        col("id", list("abc"), hint="id"),
        col("wt", ["0.5", "1.5", "1.0"]),
        col("Q1", ["Yes", "No", "Yes"]),
        id_column="id",
    )
    survey = build(raw)
    assert cb_row(survey, "wt")["kind"] == "weight"
    assert survey.weights.tolist() == [0.5, 1.5, 1.0]
    bad = make_raw(col("id", list("ab"), hint="id"), col("w", ["1", "-2"]), id_column="id")
    with pytest.raises(PersonakitError, match="negative weights"):
        build(bad, weights="w")


def test_build_survey_argument_errors(realistic):
    with pytest.raises(PersonakitError, match="needs a RawExport"):
        build_survey(pd.DataFrame({"a": [1]}))
    with pytest.raises(PersonakitError, match="quality_rules must be"):
        build_survey(realistic, quality_rules={"speeder_fraction": 0.5})
    with pytest.raises(PersonakitError, match="attention_checks: 'Q99' is not a variable"):
        build_survey(realistic, attention_checks={"Q99": "Agree"})


def test_text_versus_nominal():
    reasons = [
        f"Because my team needed something simpler than the old system ({i})" for i in range(12)
    ]
    raw = make_raw(
        col("id", [str(i) for i in range(12)], hint="id"),
        col("why", reasons, question="Why did you choose us?"),
        col("role", ["Owner", "Manager", "Owner", "Staff"] * 3, question="Your role"),
        id_column="id",
    )
    survey = build(raw)
    assert cb_row(survey, "why")["kind"] == "text"
    assert "open answers" in cb_row(survey, "why")["kind_reason"]
    assert cb_row(survey, "role")["kind"] == "nominal"
    assert cb_row(survey, "role")["levels"] == ["Owner", "Manager", "Staff"]


def test_from_frame_kinds_from_dtypes():
    df = pd.DataFrame(
        {
            "size": pd.Categorical(["S", "L", "M"], categories=["S", "M", "L"], ordered=True),
            "region": pd.Categorical(["EU", "US", "EU"]),
            "uses_sms": [True, False, True],
            "staff": [3, 12, 7],
            "sat": ["Satisfied", "Very dissatisfied", "Neutral"],
            "channels": [["Email", "Phone"], ["Email"], []],
            "notes": ["x" * 80, "y" * 90, "z" * 70],
        },
        index=pd.Index(["a", "b", "c"], name="account"),
    )
    survey = Survey.from_frame(df)
    kinds = survey.codebook.set_index("variable")["kind"].to_dict()
    assert kinds["account"] == "id"
    assert kinds["size"] == "ordinal" and kinds["region"] == "nominal"
    assert kinds["uses_sms"] == "multiselect" and kinds["staff"] == "numeric"
    assert kinds["sat"] == "likert" and kinds["notes"] == "text"
    assert kinds["channels__email"] == "multiselect"
    assert survey.responses.index.tolist() == ["a", "b", "c"]
    assert list(survey.responses["size"].cat.categories) == ["S", "M", "L"]
    assert survey.responses["channels__phone"].tolist() == [True, False, pd.NA]
    assert survey.source == "dataframe"
    with pytest.raises(PersonakitError, match="kinds names columns that are not in the table"):
        Survey.from_frame(df, kinds={"nope": "text"})
    with pytest.raises(PersonakitError, match="is not one of"):
        Survey.from_frame(df, kinds={"staff": "integer"})
    with pytest.raises(PersonakitError, match="needs a DataFrame"):
        Survey.from_frame([1, 2])


def test_from_frame_joined_text_by_kind_hint():
    df = pd.DataFrame({"tools": ["Slack; Zoom", "Zoom", None]})
    survey = Survey.from_frame(df, kinds={"tools": "multiselect"})
    assert survey.responses["tools__zoom"].tolist() == [True, True, pd.NA]
    assert survey.responses.index.tolist() == ["row1", "row2", "row3"]


def test_codebook_file_is_plain_csv(realistic, tmp_path):
    path = build(realistic).save_codebook(tmp_path / "cb.csv")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(frame.columns[: len(CODEBOOK_COLUMNS)]) == list(CODEBOOK_COLUMNS)
    assert Path(path).read_bytes().count(b"\r\n") == 0


# -- layouts found in real exports ---------------------------------------------------------


def test_single_choice_question_spread_over_option_columns():
    q = "How many people work for your company? (select one)"
    raw = make_raw(
        col("id", list("abcde"), hint="id"),
        col(
            "q4_1",
            [None, None, "Don't know or not sure", None, None],
            question_id="q4",
            question=q,
            sub_label="Don't know or not sure",
            hint="multiselect_option",
        ),
        col(
            "q4_2",
            ["1 to 10", None, None, "1 to 10", None],
            question_id="q4",
            question=q,
            sub_label="1 to 10",
            hint="multiselect_option",
        ),
        col(
            "q4_3",
            [None, "11 to 49", None, "11 to 49", None],
            question_id="q4",
            question=q,
            sub_label="11 to 49",
            hint="multiselect_option",
        ),
        col(
            "q4_4",
            [None, None, None, None, "250 or more"],
            question_id="q4",
            question=q,
            sub_label="250 or more",
            hint="multiselect_option",
        ),
        id_column="id",
    )
    survey = build(raw)
    row = cb_row(survey, "q4")
    assert row["kind"] == "ordinal" and row["levels"] == ["1 to 10", "11 to 49", "250 or more"]
    assert row["source_columns"] == ["q4_1", "q4_2", "q4_3", "q4_4"]
    assert survey.responses["q4"].tolist()[:2] == ["1 to 10", "11 to 49"]
    assert survey.responses["q4"].iloc[4] == "250 or more"
    assert pd.isna(survey.responses["q4"].iloc[2]) and pd.isna(survey.responses["q4"].iloc[3])
    reasons = survey.missing.set_index("respondent_id")["reason"]
    assert reasons["c"] == "non-substantive answer: Don't know or not sure"
    assert reasons["d"] == "several options chosen in a single-choice question"
    assert list(survey.responses.columns) == ["id", "q4"]


def test_coded_grid_items_share_one_range():
    raw = make_raw(
        col("id", list("abcd"), hint="id"),
        col("Q3_1", ["1", "3", "-1", "2"], question_id="Q3", question="Indicate how you feel"),
        col("Q3_2", ["2", "3", "3", "-2"], question_id="Q3", question="Indicate how you feel"),
        id_column="id",
        export_kind="numeric",
    )
    survey = build(raw)
    assert cb_row(survey, "Q3_2")["levels"] == ["1", "2", "3"]
    assert survey.responses["Q3_2"].cat.codes.tolist() == [1, 2, 2, -1]
    rev = build(raw, reverse=["Q3"])
    assert rev.responses["Q3_2"].cat.codes.tolist() == [1, 0, 0, -1]


def test_a_joined_hint_on_free_text_gives_text():
    cells = [f"Honestly, the price, I guess, answer {i}" for i in range(30)]
    raw = make_raw(
        col("id", [str(i) for i in range(30)], hint="id"),
        col(
            "Q14",
            cells,
            question="What almost stopped you?",
            hint="multiselect_joined",
            separator=", ",
        ),
        id_column="id",
    )
    survey = build(raw)
    row = cb_row(survey, "Q14")
    assert row["kind"] == "text" and "free text" in row["kind_reason"]
    assert survey.responses["Q14"].iloc[0] == cells[0]


def test_labels_with_the_separator_inside_are_rejoined():
    cells = (
        ["Payments, deposits & fees, Reminders"] * 3
        + ["Reminders"] * 4
        + ["Payments, deposits & fees"] * 2
    )
    raw = make_raw(
        col("id", [str(i) for i in range(len(cells))], hint="id"),
        col("Q7", cells, hint="multiselect_joined", separator=", "),
        id_column="id",
    )
    survey = build(raw)
    assert cb_row(survey, "Q7__reminders")["levels"] == ["Reminders", "Payments, deposits & fees"]
    assert survey.responses["Q7__payments_deposits_and_fees"].sum() == 5


def test_editing_joined_options_in_the_codebook_resplits_the_answers():
    cells = ["Salt, Pepper, Oil", "Oil", "Salt, Pepper"]
    raw = make_raw(
        col("id", list("abc"), hint="id"),
        col("Q3", cells, hint="multiselect_joined", separator=", "),
        id_column="id",
    )
    survey = build(raw)
    assert "Q3__salt" in survey.responses.columns  # one comma too many: split apart
    cb = survey.codebook.copy()
    cb["levels"] = [
        ["Salt, Pepper", "Oil"] if v.startswith("Q3__") else lv
        for v, lv in zip(cb["variable"], cb["levels"])
    ]
    again = build(raw, codebook=cb)
    assert "Q3__salt" not in again.responses.columns
    assert again.responses["Q3__salt_pepper"].tolist() == [True, False, True]
    assert cb_row(again, "Q3__oil")["kind_reason"].startswith("options set by you")


def test_time_zones_and_numeric_text_boxes():
    raw = make_raw(
        col(
            "Timestamp", ["2024/06/03 1:00:00 PM GMT+2", "2024/06/04 2:07:00 PM GMT-5"], hint="date"
        ),
        col("Q3", ["12", "4"], question="How many people work here?", hint="text"),
        id_column=None,
    )
    survey = build(raw)
    stamps = survey.responses["Timestamp"]
    assert str(stamps.dt.tz) == "UTC"
    assert stamps.iloc[0] == pd.Timestamp("2024-06-03 11:00", tz="UTC")
    assert stamps.iloc[1] == pd.Timestamp("2024-06-04 19:07", tz="UTC")
    assert cb_row(survey, "Q3")["kind"] == "numeric"
    assert survey.responses["Q3"].tolist() == [12.0, 4.0]


def test_ranges_with_units_are_ordered_by_duration():
    values = ["1-2 years", "Less than 3 months", "More than 2 years", "3-11 months"]
    raw = make_raw(col("id", list("abcd"), hint="id"), col("Q21", values), id_column="id")
    assert cb_row(build(raw), "Q21")["levels"] == [
        "Less than 3 months",
        "3-11 months",
        "1-2 years",
        "More than 2 years",
    ]


# -- property: an answer never becomes missing without a logged reason ----------------------

_POOL = [
    *AGREE5S,
    "Agree",
    "Disagree",
    "Kinda agree",
    "Very satisfied",
    "Neutral",
    "Yes",
    "No",
    "Maybe",
    "Salon",
    "Spa",
    "Don't know",
    "Prefer not to say",
    "N/A",
    "3",
    "10",
    "-99",
    "1-10",
    "11-50",
    "More than 50",
    "  Strongly agree ",
    "Strongly\u00a0agree",
    "<b>Agree</b>",
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.sampled_from(_POOL)), min_size=12, max_size=12),
        min_size=1,
        max_size=4,
    )
)
def test_answers_never_become_missing_without_a_reason(columns):
    raw = make_raw(
        col("id", [f"r{i}" for i in range(12)], hint="id"),
        *[
            col(f"Q{j}", values, question_id="Q", question="How much?")
            for j, values in enumerate(columns)
        ],
        id_column="id",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PersonakitWarning)
        survey = build_survey(raw)
    logged = survey.missing.groupby("variable").size()
    for j, values in enumerate(columns):
        name = f"Q{j}"
        blank = sum(v is None for v in values)
        got = survey.responses[name]
        assert int(got.isna().sum()) == blank + int(logged.get(name, 0)), name
        kind = cb_row(survey, name)["kind"]
        if kind in {"likert", "ordinal", "nominal"}:
            for given_value, out in zip(values, got):
                if given_value is not None and not pd.isna(out):
                    assert label_key(out) == label_key(given_value)


def test_weights_series_by_respondent_id(realistic):
    ids = [f"R_{i:03d}" for i in range(40)]
    weights = pd.Series(np.arange(40, dtype=float)[::-1] + 1, index=ids[::-1])
    survey = build(realistic, weights=weights)
    assert survey.weights["R_000"] == 1.0 and survey.weights["R_039"] == 40.0
    with pytest.raises(PersonakitError, match="indexed by ids that do not match"):
        build(realistic, weights=pd.Series([1.0, 2.0], index=["R_000", "nobody"]))


def test_user_scales_are_tried_first():
    raw = make_raw(
        col("id", list("abcd"), hint="id"),
        col(
            "fit",
            ["Great fit", "Poor fit", "OK fit", "Great fit"],
            question="How well does it fit?",
        ),
        id_column="id",
    )
    assert cb_row(build(raw), "fit")["kind"] == "nominal"
    survey = build(raw, scales={"fit3": ["Poor fit", "OK fit", "Great fit"]})
    row = cb_row(survey, "fit")
    assert (row["kind"], row["scale"]) == ("likert", "fit3")
    assert "user scale fit3" in row["kind_reason"]
    assert survey.responses["fit"].cat.codes.tolist() == [2, 0, 1, 2]


def test_reordering_levels_of_a_coded_variable_keeps_codes_with_their_labels():
    labels = {1: "Low", 2: "Medium", 3: "High"}
    raw = make_raw(
        col("id", list("abc"), hint="id"),
        col("q", ["1", "3", "2"], value_labels=labels, measure="ordinal"),
        id_column="id",
        export_kind="numeric",
    )
    survey = build(raw)
    assert survey.responses["q"].tolist() == ["Low", "High", "Medium"]
    cb = survey.codebook.copy()
    cb["levels"] = cb["levels"].astype(object)
    cb.at[cb.index[cb["variable"] == "q"][0], "levels"] = ["High", "Medium", "Low"]
    again = build(raw, codebook=cb)
    assert again.responses["q"].tolist() == ["Low", "High", "Medium"]
    assert list(again.responses["q"].cat.categories) == ["High", "Medium", "Low"]
    assert again.responses["q"].cat.codes.tolist() == [2, 0, 1]


def test_plain_pandas_to_csv_of_the_codebook_round_trips_too(realistic, tmp_path):
    survey = build(realistic)
    path = tmp_path / "plain.csv"
    survey.codebook.to_csv(path, index=False)  # lists written as Python reprs
    again = build(realistic, codebook=path)
    pd.testing.assert_frame_equal(again.responses, survey.responses)
    assert again.codebook["levels"].tolist() == survey.codebook["levels"].tolist()

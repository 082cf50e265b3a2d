"""Response-quality flags (personakit.quality) and Survey.exclude, on planted cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from personakit import PersonakitError, Survey
from personakit.codebook import build_survey
from personakit.quality import QualityRules, assess_quality, find_attention_items
from tests.test_codebook import AGREE5S, col, make_raw

SAT5 = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]
N = 64


def _planted_raw(status=None, extra=None):
    """64 respondents; R_050.. are the planted problem cases (see the comments)."""
    rng = np.random.default_rng(11)
    ids = [f"R_{i:03d}" for i in range(N)]
    g1 = {f"Q1_{j}": [AGREE5S[k] for k in rng.integers(0, 5, N)] for j in range(1, 5)}
    g2 = {f"Q2_{j}": [AGREE5S[k] for k in rng.integers(0, 5, N)] for j in range(1, 6)}
    g3 = {f"Q3_{j}": [SAT5[k] for k in rng.integers(0, 5, N)] for j in range(1, 5)}
    check = ["Somewhat disagree"] * N  # Q1_5: "Please select 'Somewhat disagree' for this row"
    colour = ["Blue"] * N
    status = status or ["IP Address"] * N
    finished = ["1"] * N
    progress = ["100"] * N
    duration = [str(int(x)) for x in rng.integers(300, 600, N)]
    email = [f"user{i}@example.org" for i in range(N)]
    ip = [f"10.0.{i // 200}.{i % 200}" for i in range(N)]
    lat = [f"{40 + i / 100:.5f}" for i in range(N)]
    lon = [f"{-3 - i / 100:.5f}" for i in range(N)]
    nominal = [["Salon", "Spa", "Clinic"][k] for k in rng.integers(0, 3, N)]

    def row(i):
        return {k: v[i] for k, v in {**g1, **g2, **g3}.items()}

    status[50] = "Survey Preview"  # preview
    finished[52], duration[52] = "0", "30"  # incomplete (and fast, but not a speeder)
    progress[53] = "60"  # incomplete by progress
    duration[54] = "40"  # speeder: far under a third of the median
    for name in [*g1, *g2]:  # straight-liner: two grids identical
        (g1 if name in g1 else g2)[name][55] = "Somewhat agree"
    for name in g1:  # identical in one grid only: not a straight-liner by default
        g1[name][56] = "Strongly agree"
    for name in g3:  # low spread (all "Satisfied" and "Somewhat agree") apart from two items
        g3[name][57] = "Satisfied"
    for name in [*g1, *g2]:
        (g1 if name in g1 else g2)[name][57] = "Somewhat agree"
    g1["Q1_1"][57], g2["Q2_1"][57] = "Strongly agree", "Neither agree nor disagree"
    check[58] = "Strongly agree"  # failed the auto-detected attention item
    check[59] = None  # skipped it
    colour[60] = "Green"  # failed the user-given check
    email[61] = "  USER10@example.org "  # duplicate of R_010 by email
    ip[62], lat[62], lon[62] = ip[11], lat[11], lon[11]  # duplicate of R_011 by IP + location
    for name, values in {**g1, **g2, **g3}.items():  # duplicate of R_012 by answers
        values[63] = row(12)[name]
    check[63], colour[63], nominal[63] = check[12], colour[12], nominal[12]

    columns = [
        col("ResponseId", ids, hint="id"),
        col("Status", status, hint="status"),
        col("Progress", progress, hint="progress"),
        col("Duration (in seconds)", duration, hint="duration"),
        col("Finished", finished, hint="finished"),
        col("RecipientEmail", email, hint="pii"),
        col("IPAddress", ip, hint="pii"),
        col("LocationLatitude", lat, hint="pii"),
        col("LocationLongitude", lon, hint="pii"),
    ]
    for name, values in g1.items():
        columns.append(
            col(name, values, question_id="Q1", question="How much do you agree?", sub_label=name)
        )
    columns.append(
        col(
            "Q1_5",
            check,
            question_id="Q1",
            question="How much do you agree?",
            sub_label="Please select 'Somewhat disagree' for this row",
        )
    )
    for name, values in g2.items():
        columns.append(col(name, values, question_id="Q2", question="And these?", sub_label=name))
    for name, values in g3.items():
        columns.append(
            col(name, values, question_id="Q3", question="How satisfied are you?", sub_label=name)
        )
    columns.append(col("Q4", colour, question="What colour is the sky? Select Blue."))
    columns.append(col("Q5", nominal, question="Which industry?"))
    columns.extend(extra or [])
    return make_raw(*columns)


@pytest.fixture(scope="module")
def planted():
    return build_survey(_planted_raw(), attention_checks={"Q4": "Blue"})


def flagged(survey, flag):
    return survey.quality.index[survey.quality[flag]].tolist()


def test_each_rule_finds_exactly_its_planted_cases(planted):
    assert flagged(planted, "preview") == ["R_050"]
    assert flagged(planted, "incomplete") == ["R_052", "R_053"]
    assert flagged(planted, "speeder") == ["R_054"]
    assert flagged(planted, "straightliner") == ["R_055"]
    assert flagged(planted, "attention_failed") == ["R_058", "R_060"]
    assert flagged(planted, "duplicate") == ["R_061", "R_062", "R_063"]
    expected = {
        "R_050",
        "R_052",
        "R_053",
        "R_054",
        "R_055",
        "R_058",
        "R_060",
        "R_061",
        "R_062",
        "R_063",
    }
    assert set(flagged(planted, "exclude_suggested")) == expected
    assert (
        planted.quality.loc[~planted.quality["exclude_suggested"], "quality_reasons"] == ""
    ).all()


def test_reasons_say_why(planted):
    reasons = planted.quality["quality_reasons"]
    assert reasons["R_050"] == "preview: status 'Survey Preview'"
    assert reasons["R_052"] == "incomplete: finished = '0'"
    assert reasons["R_053"] == "incomplete: progress 60%"
    assert reasons["R_054"].startswith("speeder: 40 s, under 1/3 of the median")
    assert reasons["R_055"] == "straight-liner: identical answers in every item of Q1, Q2"
    assert (
        reasons["R_058"]
        == "attention check Q1_5: answered 'Strongly agree' instead of 'Somewhat disagree'"
    )
    assert reasons["R_060"] == "attention check Q4: answered 'Green' instead of 'Blue'"
    assert reasons["R_061"] == "duplicate: same email as R_010"
    assert reasons["R_062"] == "duplicate: same IP address and location as R_011"
    assert reasons["R_063"] == "duplicate: same answers as R_012"
    assert planted.metadata["attention_checks"] == {"Q1_5": "Somewhat disagree", "Q4": "Blue"}
    cb = planted.codebook.set_index("variable")
    assert cb.loc["Q1_5", "role"] == "attention_check" and not cb.loc["Q1_5", "include"]


def test_quality_frame_layout(planted):
    q = planted.quality
    assert list(q.columns) == [
        "preview",
        "incomplete",
        "speeder",
        "straightliner",
        "attention_failed",
        "duplicate",
        "exclude_suggested",
        "quality_reasons",
    ]
    assert q.index.equals(planted.responses.index)
    assert all(q[c].dtype == bool for c in q.columns[:-1])


def test_rules_are_configurable(planted):
    def run(**kw):
        return assess_quality(planted, rules=QualityRules(**kw), attention_checks={"Q4": "Blue"})

    assert run(speeder_fraction=0.05)["speeder"].sum() == 0
    assert run(speeder_min_seconds=350)["speeder"].sum() > 1
    one_grid = run(straightline_min_grids=1)
    assert {"R_055", "R_056"} <= set(one_grid.index[one_grid["straightliner"]])
    spread = run(irv_max=0.12)
    assert "R_057" in set(spread.index[spread["straightliner"]])
    assert "almost no spread" in spread.loc["R_057", "quality_reasons"]
    assert run(attention_auto=False)["attention_failed"].sum() == 1
    strict = run(attention_missing_fails=True)
    assert strict.loc["R_059", "attention_failed"]
    only_email = run(duplicate_on=("email",))
    assert only_email.index[only_email["duplicate"]].tolist() == ["R_061"]
    nothing = run(exclude_flags=())
    assert not nothing["exclude_suggested"].any()


def test_quality_rules_validation():
    with pytest.raises(
        PersonakitError, match=r"speeder_fraction=1.5 is not valid; expected a number in \[0, 1\)"
    ):
        QualityRules(speeder_fraction=1.5)
    with pytest.raises(PersonakitError, match="duplicate_on has unknown rules"):
        QualityRules(duplicate_on=("phone",))
    with pytest.raises(PersonakitError, match="exclude_flags has unknown flags"):
        QualityRules(exclude_flags=("slow",))
    with pytest.raises(PersonakitError, match="unknown settings"):
        QualityRules.from_dict({"speed": 1})
    rules = QualityRules(irv_max=None, duplicate_on=["email"])
    assert QualityRules.from_dict(rules.to_dict()) == rules


def test_numeric_status_codes_and_spam():
    status = ["0"] * N
    status[1], status[2], status[3] = "1", "8", "2"
    survey = build_survey(_planted_raw(status=status))
    assert set(flagged(survey, "preview")) >= {"R_001", "R_003"}
    assert not survey.quality.loc["R_002", "preview"]
    assert survey.quality.loc["R_002", "exclude_suggested"]
    assert survey.quality.loc["R_002", "quality_reasons"] == "spam: status '8'"


def _monkey_raw(n=30):
    """SurveyMonkey-like: no progress/finished columns, start and end times only."""
    rng = np.random.default_rng(3)
    start = pd.Timestamp("2024-06-01 09:00")
    starts = [start + pd.Timedelta(minutes=10 * i) for i in range(n)]
    secs = rng.integers(400, 700, n).astype(float)
    secs[5] = 60  # speeder
    ends = [s + pd.Timedelta(seconds=float(d)) for s, d in zip(starts, secs)]
    answers = {f"Q{j}": [AGREE5S[k] for k in rng.integers(0, 5, n)] for j in range(1, 9)}
    for name in list(answers)[2:]:
        answers[name][7] = None  # answered 2 of 8: a partial
    return make_raw(
        col("Respondent ID", [str(10_000 + i) for i in range(n)], hint="id"),
        col("Start Date", [s.strftime("%m/%d/%Y %I:%M:%S %p") for s in starts], hint="date"),
        col("End Date", [e.strftime("%m/%d/%Y %I:%M:%S %p") for e in ends], hint="date"),
        *[col(k, v, question=f"Statement {k}") for k, v in answers.items()],
        id_column="Respondent ID",
        source="surveymonkey",
    )


def test_without_progress_columns_partials_and_speeders_come_from_answers_and_times():
    survey = build_survey(_monkey_raw())
    assert flagged(survey, "incomplete") == ["10007"]
    assert "answered 2 of the 8 questions" in survey.quality.loc["10007", "quality_reasons"]
    assert flagged(survey, "speeder") == ["10005"]
    assert survey.metadata["column_roles"]["start"] == "Start Date"


def test_typeform_partial_response_type():
    raw = make_raw(
        col("#", ["a1", "b2", "c3"], hint="id"),
        col("Response Type", ["completed", "partial", "completed"], hint="status"),
        col("Q1", ["Yes", "No", None]),
        id_column="#",
        source="typeform",
    )
    assert flagged(build_survey(raw), "incomplete") == ["b2"]


def test_find_attention_items_needs_a_known_level():
    cb = pd.DataFrame(
        {
            "variable": ["a", "b", "c"],
            "kind": ["likert", "likert", "nominal"],
            "question": ["Agree?", "Agree?", "To show you are reading, choose “Green”."],
            "sub_label": ["Please select “Agree” for this row", "Select Purple for this row", None],
            "levels": [["Disagree", "Agree"], ["Disagree", "Agree"], ["Red", "Green"]],
        }
    )
    assert find_attention_items(cb) == {"a": "Agree", "c": "Green"}


def test_expected_answers_of_every_form():
    df = pd.DataFrame(
        {
            "bot": [True, False, True],
            "n": [3.0, 4.0, 3.0],
            "sky": ["Blue", "blue ", "Grey"],
        },
        index=["x", "y", "z"],
    )
    survey = Survey.from_frame(df)
    q = assess_quality(survey, attention_checks={"bot": False, "n": 3, "sky": ["Blue", "Azure"]})
    assert q["attention_failed"].tolist() == [True, True, True]
    assert q.loc["x", "quality_reasons"] == "attention check bot: answered 'True' instead of False"
    q = assess_quality(
        survey, attention_checks={"sky": lambda s: s.str.strip().str.lower() == "blue"}
    )
    assert q["attention_failed"].tolist() == [False, False, True]


# -- exclusions --------------------------------------------------------------------------


def test_exclude_suggested_returns_a_new_survey_and_logs_why(planted):
    kept = planted.exclude()
    assert kept.n_respondents == N - 10
    assert planted.n_respondents == N and planted.exclusions.empty
    log = kept.exclusions.set_index("respondent_id")["reason"]
    assert log["R_054"].startswith("speeder: 40 s")
    assert len(log) == 10
    assert not kept.quality["exclude_suggested"].any()
    assert set(kept.missing["respondent_id"]).isdisjoint(log.index)
    assert kept.metadata["file_row"].index.equals(kept.responses.index)


def test_exclude_by_flag_ids_and_series_accumulates_the_log(planted):
    a = planted.exclude("speeder")
    assert a.exclusions["respondent_id"].tolist() == ["R_054"]
    b = a.exclude(["preview", "duplicate"])
    assert b.exclusions["respondent_id"].tolist() == ["R_054", "R_050", "R_061", "R_062", "R_063"]
    c = b.exclude(["R_000", "R_001"], reason="interviewer test")
    assert c.exclusions["reason"].tolist()[-2:] == ["interviewer test", "interviewer test"]
    mask = pd.Series(False, index=c.responses.index)
    mask["R_002"] = True
    d = c.exclude(mask, reason="asked to be removed")
    assert d.n_respondents == N - 8 and d.exclusions.iloc[-1].tolist() == [
        "R_002",
        "asked to be removed",
    ]
    assert "8 excluded" in repr(d)


def test_exclude_errors(planted):
    with pytest.raises(PersonakitError, match="exclude\\('slow'\\): not a quality flag"):
        planted.exclude("slow")
    with pytest.raises(PersonakitError, match="1 ids are not respondents"):
        planted.exclude(["R_000", "nobody"])
    with pytest.raises(PersonakitError, match="has no value for 63 respondents"):
        planted.exclude(pd.Series([True], index=["R_000"]))
    with pytest.raises(PersonakitError, match="pass 'suggested'"):
        planted.exclude(3)

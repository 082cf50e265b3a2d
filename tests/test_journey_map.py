"""JourneyMap.build: cell statistics, attribution, bad input, survey lanes, workshop entries, exports."""

from __future__ import annotations

import csv
import html.parser
import json
import math

import numpy as np
import openpyxl
import pandas as pd
import pytest
from scipy import stats

import personakit
from personakit import Journey, JourneyError, JourneyMap, Survey
from personakit.journey import FRAME_COLUMNS, example_evidence, example_map


def _evidence(rows):
    """rows: (persona, stage, interview_id, valence, emotion, pain_type, theme, text)."""
    frame = pd.DataFrame(
        rows,
        columns=[
            "persona",
            "stage",
            "interview_id",
            "valence",
            "emotion",
            "pain_type",
            "theme",
            "text",
        ],
    )
    frame["is_pain_point"] = frame["pain_type"].notna()
    frame["evidence_id"] = [f"{r.interview_id}.vtt:{i}:1" for i, r in enumerate(frame.itertuples())]
    frame["source"] = frame["interview_id"] + ".vtt"
    frame["line"] = range(1, len(frame) + 1)
    return frame


# -- cell statistics ---------------------------------------------------------------------------------
def test_valence_interval_is_cluster_robust():
    values = {"a": [-0.9, -0.8, -0.7], "b": [0.1, 0.0], "c": [-0.5, -0.4, -0.6, -0.3]}
    rows = [
        (1, "decision", iid, v, "anxiety", None, None, "We were not sure about the price at all.")
        for iid, vs in values.items()
        for v in vs
    ]
    jm = JourneyMap.build("b2c", [1], _evidence(rows))
    cell = jm.cell(1, "decision")
    x = np.array([v for vs in values.values() for v in vs])
    mean = x.mean()
    sums = np.array([np.sum(np.array(vs) - mean) for vs in values.values()])
    g, n = 3, len(x)
    robust = g / (g - 1) * np.sum(sums**2) / n**2
    half = stats.t.ppf(0.975, g - 1) * math.sqrt(max(robust, x.var(ddof=1) / n))
    assert cell.n == 9 and cell.n_sources == 3 and cell.sufficient
    assert cell.valence_mean == pytest.approx(mean)
    assert cell.valence_low == pytest.approx(max(-1, mean - half))
    assert cell.valence_high == pytest.approx(min(1, mean + half))
    # the robust interval is wider than the naive one here: the sources disagree
    naive = stats.t.ppf(0.975, n - 1) * x.std(ddof=1) / math.sqrt(n)
    assert cell.valence_high - cell.valence_low > 2 * naive
    assert cell.interval_method == "cluster-robust t over 3 sources"


def test_too_little_evidence_shows_no_number():
    rows = [
        (1, "awareness", "i1", 0.5, "curiosity", None, None, "Heard about it from a friend.")
    ] * 6
    rows += [(1, "decision", "i1", -0.5, "anxiety", None, None, "Paying felt risky to me.")] * 2
    rows += [(1, "decision", "i2", -0.4, "anxiety", None, None, "The checkout was confusing.")]
    jm = JourneyMap.build("b2c", {1: "Solo"}, _evidence(rows), min_evidence=3, min_sources=2)
    one_source = jm.cell(1, "awareness")
    assert one_source.n == 6 and not one_source.sufficient
    assert one_source.note == "too little evidence: 1 source (minimum 2)"
    assert math.isnan(one_source.valence_mean) and math.isnan(one_source.valence_low)
    enough = jm.cell(1, "decision")
    assert enough.sufficient and enough.valence_mean == pytest.approx(-1.4 / 3)
    empty = jm.cell(1, "advocacy")
    assert (
        empty.n == 0
        and empty.note == "too little evidence: 0 quotes (minimum 3) and 0 sources (minimum 2)"
    )
    frame = jm.to_frame()
    assert (
        frame.set_index("stage").loc["awareness", "valence_mean"]
        != frame.set_index("stage").loc["awareness", "valence_mean"]
    )
    md = jm.to_markdown()
    assert "too little evidence (n=6, 1 source)" in md
    assert "too little evidence (n=6, 1 source)" in jm._repr_html_()


def test_emotions_and_dominant_emotion_ignore_neutral():
    rows = [
        (1, "retention", f"i{i % 3}", 0.0, "neutral", None, None, "We use it.") for i in range(5)
    ]
    rows += [
        (1, "retention", f"i{i % 3}", 0.6, "relief", None, None, "Support fixed it fast.")
        for i in range(3)
    ]
    rows += [(1, "retention", "i0", -0.5, "frustration", None, None, "Setup took ages.")]
    cell = JourneyMap.build("b2c", [1], _evidence(rows)).cell(1, "retention")
    assert cell.dominant_emotion == "relief"
    assert [(e["emotion"], e["count"]) for e in cell.emotions] == [
        ("neutral", 5),
        ("relief", 3),
        ("frustration", 1),
    ]
    assert cell.emotions[1]["share"] == pytest.approx(3 / 9)


def test_pain_points_severity_ranking_quotes_and_opportunities():
    rows = []
    # "slow setup": 6 sentences from 3 interviews, strongly negative
    for i in range(6):
        rows.append(
            (
                1,
                "retention",
                f"i{i % 3}",
                -0.8,
                "frustration",
                "time",
                "slow setup",
                f"Setting it up took us most of week {i}, which was painful.",
            )
        )
    # "pricey add-ons": 5 sentences, all from one interview, mildly negative
    for i in range(5):
        rows.append(
            (
                1,
                "retention",
                "i0",
                -0.2,
                "disappointment",
                "cost",
                "pricey add-ons",
                f"The add-on number {i} costs more than I expected it would.",
            )
        )
    # a single stray pain point
    rows.append(
        (
            1,
            "retention",
            "i1",
            -0.1,
            "confusion",
            "information",
            "billing page",
            "I could not find the billing page at first glance.",
        )
    )
    rows += [
        (
            1,
            "retention",
            f"i{i % 3}",
            0.4,
            "joy",
            None,
            None,
            "The product itself works well for us.",
        )
        for i in range(8)
    ]
    jm = JourneyMap.build("b2c", [1], _evidence(rows), top_pain_points=3, n_quotes=2)
    cell = jm.cell(1, "retention")
    n, sources = 20, 3

    def severity(count, k, negativity):
        return 100 * math.sqrt((count / n) * (k / sources)) * (0.5 + 0.5 * negativity)

    themes = [p["theme"] for p in cell.pain_points]
    assert themes == ["slow setup", "pricey add-ons", "billing page"]
    top = cell.pain_points[0]
    assert top["count"] == 6 and top["n_sources"] == 3 and top["pain_type"] == "time"
    assert top["severity"] == pytest.approx(severity(6, 3, 0.8))
    assert cell.pain_points[1]["severity"] == pytest.approx(severity(5, 1, 0.2))
    # quotes come from different interviews first
    assert len({q["evidence_id"].split(".")[0] for q in top["quotes"]}) == 2
    assert cell.n_pain == 12
    # an opportunity per pain point raised at least twice (and always the top one)
    assert [o["pain_theme"] for o in cell.opportunities] == ["slow setup", "pricey add-ons"]
    assert cell.opportunities[0]["source"] == "derived"
    assert "slow setup" in cell.opportunities[0]["text"]
    assert (
        len(
            JourneyMap.build("b2c", [1], _evidence(rows), top_pain_points=1)
            .cell(1, "retention")
            .pain_points
        )
        == 1
    )


def test_example_map_shows_the_planted_dips():
    jm = example_map()
    curve = jm.emotion_curve()
    lowest = curve[curve["sufficient"]].loc[lambda d: d.groupby("persona")["valence_mean"].idxmin()]
    assert dict(zip(lowest["persona"], lowest["stage"])) == {1: "decision", 2: "consideration"}
    assert jm.cell(1, "decision").top_pain_point["theme"] == "hidden fees at checkout"
    assert jm.cell(2, "consideration").top_pain_point["theme"] == "confusing plan comparison"
    overall = jm.emotion_curve(None)
    assert overall["n"].sum() == 56


# -- attribution ------------------------------------------------------------------------------------
def test_attribution_through_labels_and_counts_of_left_out_rows():
    ev = example_evidence().drop(columns="persona")
    ev["respondent_id"] = ev["interview_id"].map(
        {"i01": "r1", "i02": "r2", "i03": "r3", "i04": "r4"}
    )
    labels = pd.Series({"r1": 1, "r2": 1, "r3": 1, "r4": 2, "r9": 2})
    extra = ev.iloc[:3].copy()
    extra["analysed"] = False
    extra["evidence_id"] = ["x1", "x2", "x3"]
    unstaged = ev.iloc[:2].copy()
    unstaged["stage"] = [None, ""]
    unstaged["evidence_id"] = ["u1", "u2"]
    ev["analysed"] = True
    unstaged["analysed"] = True
    jm = JourneyMap.build("b2c", labels, pd.concat([ev, extra, unstaged], ignore_index=True))
    summary = jm.summary
    assert summary["not_analysed"] == 3
    assert summary["unattributed"] == 15  # interview i05 has no respondent id
    assert summary["unstaged"] == {"1": 2}
    assert summary["attributed_by_labels"] == 41 + 2
    assert jm.cell(1, "decision").n == 8
    assert jm.personas[0]["unstaged"] == 2


def test_persona_column_that_disagrees_with_labels_warns():
    ev = example_evidence()
    ev["respondent_id"] = ev["interview_id"].map({"i01": "r1", "i04": "r4"})
    labels = pd.Series({"r1": 2, "r4": 2, "r9": 1})  # i01 is persona 1 in the evidence
    with pytest.warns(
        personakit.PersonakitWarning,
        match=r"11 evidence row\(s\) have a persona that disagrees .* \(e.g. i01: persona 1 in the evidence, 2 in the labels\)",
    ):
        jm = JourneyMap.build("b2c", labels, ev)
    assert jm.summary["label_conflicts"] == 11
    assert jm.cell(1, "decision").n == 8  # the evidence's own persona column wins


def test_personas_by_name_in_evidence():
    ev = example_evidence()
    ev["persona"] = ev["persona"].map({1: "Busy parent", 2: "bargain hunter"})
    journey = Journey("b2c", name="Online shop")
    jm = JourneyMap.build(journey, {1: "Busy parent", 2: "Bargain hunter"}, ev, min_evidence=3)
    assert jm.cell("Bargain hunter", "consideration").n == 8
    assert jm.to_json() == example_map().to_json()


def test_build_with_a_persona_set_and_survey_lanes():
    rng = np.random.default_rng(3)
    n = 200
    ids = [f"R_{i:03d}" for i in range(n)]
    persona = np.repeat([1, 2], n // 2)
    ease_levels = ["Very difficult", "Difficult", "Neutral", "Easy", "Very easy"]
    ease = np.where(persona == 1, rng.choice([3, 4], n), rng.choice([0, 1, 2], n))
    search = np.where(persona == 1, rng.random(n) < 0.8, rng.random(n) < 0.2)
    friend = ~search | (rng.random(n) < 0.3)
    nps = np.where(persona == 1, rng.integers(8, 11, n), rng.integers(0, 9, n)).astype(float)
    weight = np.where(np.arange(n) % 4 == 0, 2.0, 1.0)
    responses = pd.DataFrame(
        {
            "heard_search": search,
            "heard_friend": friend,
            "ease": pd.Categorical.from_codes(ease, categories=ease_levels, ordered=True),
            "nps": nps,
            "plan": pd.Categorical(np.where(persona == 1, "Family", "Single")),
            "w": weight,
        },
        index=pd.Index(ids, name="respondent_id"),
    )
    codebook = pd.DataFrame(
        {
            "variable": ["heard_search", "heard_friend", "ease", "nps", "plan", "w"],
            "question_id": ["Q1", "Q1", "Q2", "Q3", "Q4", "W"],
            "question": ["How did you first hear of us?"] * 2
            + [
                "How easy was it to compare plans?",
                "How likely are you to recommend us?",
                "Which plan did you choose?",
                "weight",
            ],
            "sub_label": ["Search engine", "A friend", None, None, None, None],
            "kind": ["multiselect", "multiselect", "likert", "nps", "nominal", "weight"],
            "role": ["touchpoint", "touchpoint", "satisfaction", None, None, None],
            "stage": ["awareness", "awareness", "consideration", "advocacy", "decision", None],
        }
    )
    survey = Survey(responses, codebook)
    labels = pd.Series(persona, index=ids)
    personas = personakit.PersonaSet.from_labels(survey, labels)
    rows = []
    for rid in ("R_000", "R_001", "R_150", "R_151"):
        for stage in ("awareness", "consideration", "advocacy"):
            for k in range(3):
                rows.append((rid, stage, 0.1 * (k - 1), "neutral", f"Sentence {k} about {stage}."))
    ev = pd.DataFrame(rows, columns=["respondent_id", "stage", "valence", "emotion", "text"])
    jm = JourneyMap.build("b2c", personas, ev, survey=survey, min_evidence=3)
    assert jm.summary["attributed_by_labels"] == len(ev)
    assert jm.cell(1, "awareness").n == 6

    w = pd.Series(weight, index=ids)
    members1 = [i for i, p in zip(ids, persona) if p == 1]
    touch = {t["label"]: t for t in jm.cell(1, "awareness").touchpoints if t["source"] == "survey"}
    expected = (w[members1] * responses.loc[members1, "heard_search"]).sum() / w[members1].sum()
    assert touch["Search engine"]["share"] == pytest.approx(expected)
    assert touch["Search engine"]["n"] == int(responses.loc[members1, "heard_search"].sum())
    assert touch["Search engine"]["question"] == "How did you first hear of us?"
    # survey touchpoints come before the stage definition's generic ones
    assert jm.cell(1, "awareness").touchpoints[0]["source"] == "survey"

    score = jm.cell(2, "consideration").scores[0]
    members2 = [i for i, p in zip(ids, persona) if p == 2]
    codes = pd.Series(ease, index=ids) + 1
    top2 = (w[members2] * (codes[members2] >= 4)).sum() / w[members2].sum()
    assert score["measure"] == "top-2 box of 5" and score["value"] == pytest.approx(top2)
    overall_top2 = (w * (codes >= 4)).sum() / w.sum()
    assert score["overall"] == pytest.approx(overall_top2)

    nps_item = jm.cell(1, "advocacy").scores[0]
    s1 = pd.Series(nps, index=ids)[members1]
    expected_nps = (
        100
        * ((w[members1] * (s1 >= 9)).sum() - (w[members1] * (s1 <= 6)).sum())
        / w[members1].sum()
    )
    assert nps_item["measure"] == "NPS" and nps_item["value"] == pytest.approx(expected_nps)
    plan = jm.cell(2, "decision").answers
    assert [(a["label"], a["share"]) for a in plan] == [("Single", 1.0)]
    assert "NPS" in jm.to_markdown(1)


def test_rated_item_with_a_lane_role_is_one_entry_with_its_top_box_share():
    """An importance rating tagged as a touchpoint lists the item, not its answer levels."""
    ids = [f"R_{i:02d}" for i in range(40)]
    persona = np.repeat([1, 2], 20)
    levels = ["Not important", "Slightly", "Moderately", "Very important", "Extremely important"]
    codes = np.where(persona == 1, np.tile([3, 4, 4, 2], 10), np.tile([0, 1, 2, 3], 10))
    responses = pd.DataFrame(
        {"app": pd.Categorical.from_codes(codes, categories=levels, ordered=True)},
        index=pd.Index(ids, name="respondent_id"),
    )
    codebook = pd.DataFrame(
        {
            "variable": ["app"],
            "question_id": ["Q11"],
            "question": ["How important is each of the following?"],
            "sub_label": ["A good mobile app"],
            "kind": ["likert"],
            "levels": [levels],
            "role": ["touchpoint"],
            "stage": ["consideration"],
        }
    )
    survey = Survey(responses, codebook)
    labels = pd.Series(persona, index=ids)
    ev = pd.DataFrame(
        {
            "respondent_id": ids[:4] + ids[20:24],
            "stage": "consideration",
            "valence": 0.1,
            "emotion": "neutral",
            "text": "Fine.",
        }
    )
    jm = JourneyMap.build("b2c", labels, ev, survey=survey, min_evidence=2)
    for pid, expected in ((1, 0.75), (2, 0.25)):
        items = [t for t in jm.cell(pid, "consideration").touchpoints if t["source"] == "survey"]
        assert [t["label"] for t in items] == ["A good mobile app (top-2 box)"]
        assert items[0]["share"] == pytest.approx(expected)
        assert items[0]["measure"] == "top-2 box of 5"


def test_survey_stage_that_the_journey_lacks_is_reported():
    responses = pd.DataFrame({"x": [1.0, 2.0]}, index=pd.Index(["a", "b"], name="respondent_id"))
    survey = Survey(
        responses, pd.DataFrame({"variable": ["x"], "kind": ["numeric"], "stage": ["onboarding"]})
    )
    jm = JourneyMap.build(
        "b2c", pd.Series({"a": 1, "b": 1}), example_evidence().assign(persona=1), survey=survey
    )
    assert jm.summary["survey_unmapped"] == ["x"]


# -- bad input ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("mutate", "personas", "match"),
    [
        (lambda ev: ev.iloc[0:0], {1: "a", 2: "b"}, r"evidence: the table is empty \(0 rows\)"),
        (
            lambda ev: ev.drop(columns=["valence"]),
            {1: "a", 2: "b"},
            r"required column\(s\) \['valence'\] are missing",
        ),
        (
            lambda ev: ev.assign(stage=ev["stage"].replace("decision", "checkout")),
            {1: "a", 2: "b"},
            r"evidence column 'stage': stage name\(s\) 'checkout' \(14 rows\) are not stages of the journey 'Customer journey'",
        ),
        (
            lambda ev: ev,
            {1: "a"},
            r"evidence column 'persona': persona id\(s\) '2' \(27 rows\) do not exist",
        ),
        (
            lambda ev: ev.assign(valence=ev["valence"].astype(object).where(ev.index != 4, "very")),
            {1: "a", 2: "b"},
            r"evidence column 'valence', row 4 \(i01.vtt:20:1\): 'very' is not a number",
        ),
        (
            lambda ev: ev.assign(valence=ev["valence"] * 5),
            {1: "a", 2: "b"},
            r"is outside \[-1, 1\]",
        ),
        (
            lambda ev: ev.assign(is_pain_point="maybe"),
            {1: "a", 2: "b"},
            r"'is_pain_point', row 0: 'maybe' is not true/false",
        ),
        (
            lambda ev: ev.drop(columns="persona"),
            {1: "a", 2: "b"},
            r"no 'persona' column and no row could be attributed",
        ),
        (
            lambda ev: ev.assign(persona=pd.NA),
            {1: "a", 2: "b"},
            r"none of the 56 rows could be attributed",
        ),
        (lambda ev: "not a table", {1: "a"}, r"evidence must be a pandas DataFrame"),
    ],
)
def test_bad_evidence_raises_clear_errors(mutate, personas, match):
    with pytest.raises(JourneyError, match=match):
        JourneyMap.build("b2c", personas, mutate(example_evidence()))


def test_bad_settings_and_personas():
    ev = example_evidence()
    with pytest.raises(JourneyError, match=r"min_evidence must be a non-negative integer, got 2.5"):
        JourneyMap.build("b2c", None, ev, min_evidence=2.5)
    with pytest.raises(JourneyError, match=r"confidence must be a number between 0 and 1"):
        JourneyMap.build("b2c", None, ev, confidence=95)
    with pytest.raises(JourneyError, match=r"persona ids must be unique; repeated: \['1'\]"):
        JourneyMap.build("b2c", [1, "1"], ev)
    with pytest.raises(JourneyError, match=r"personas: give a PersonaSet"):
        JourneyMap.build("b2c", 3, ev)
    with pytest.raises(JourneyError, match=r"persona 9 is not on this map"):
        example_map().cell(9, "decision")
    with pytest.raises(JourneyError, match=r"journey participation: persona 'CFO' does not exist"):
        JourneyMap.build(
            Journey("b2c", kind="handoff", participation={"CFO": {"decision": "gatekeeper"}}),
            None,
            ev,
        )


def test_split_stage_and_stage_map():
    journey = Journey("b2c").split("decision", ["checkout", "payment"])
    with pytest.raises(
        JourneyError, match=r"stage 'decision' was split into \['checkout', 'payment'\]"
    ):
        JourneyMap.build(journey, None, example_evidence())
    jm = JourneyMap.build(
        journey, None, example_evidence(), stage_map={"decision": "checkout"}, min_evidence=3
    )
    assert jm.cell(1, "checkout").n == 8 and jm.cell(1, "payment").n == 0
    merged = Journey("b2c").merge(["decision", "retention"], into="after")
    assert JourneyMap.build(merged, None, example_evidence()).cell(1, "after").n == 14


def test_personas_none_takes_ids_from_evidence():
    jm = JourneyMap.build("b2c", None, example_evidence())
    assert jm.persona_ids == [1, 2] and jm.persona_names == {1: "Persona 1", 2: "Persona 2"}


# -- hand-off journeys ---------------------------------------------------------------------------------
def test_handoff_infers_participation_from_evidence_and_keeps_given_levels():
    jm = example_map(kind="handoff")
    part = jm.participation
    assert set(part["source"]) == {"evidence"} and len(part) == 10
    assert jm.journey.participation["source"].eq("evidence").all()
    given = Journey("b2c", kind="handoff", name="Online shop").with_participation(
        {"Busy parent": {"decision": "driver"}, 2: {"decision": "gatekeeper"}}
    )
    jm2 = JourneyMap.build(given, {1: "Busy parent", 2: "Bargain hunter"}, example_evidence())
    assert jm2.cell(1, "decision").participation == {
        "level": "driver",
        "source": "user",
        "reason": "",
    }
    assert jm2.cell(2, "decision").participation["level"] == "gatekeeper"
    assert jm2.cell(1, "awareness").participation is None


# -- workshop entries ------------------------------------------------------------------------------------
def test_workshop_entries_are_marked_and_round_trip():
    jm = example_map()
    new = jm.add_opportunity(
        "Busy parent", "Decision", "Show the delivery fee on the plan page", author="Ana"
    )
    new = new.add_note(None, "advocacy", "Referral credit idea", lane="notes")
    new = new.add_note(2, "consideration", "Price per meal calculator", lane="pain_points")
    assert len(jm.entries) == 0  # the original is unchanged
    entries = new.entries
    assert entries["source"].eq("workshop").all()
    assert entries[["persona", "stage", "lane"]].values.tolist() == [
        [1, "decision", "opportunities"],
        [1, "advocacy", "notes"],
        [2, "consideration", "pain_points"],
        [2, "advocacy", "notes"],
    ]
    opp = new.cell(1, "decision").opportunities
    assert [o["source"] for o in opp] == ["derived", "workshop"]
    assert opp[-1]["author"] == "Ana"
    again = JourneyMap.from_dict(json.loads(new.to_json()))
    assert again.entries.equals(new.entries)
    assert "[workshop]" in new.to_markdown(1)
    with pytest.raises(JourneyError, match=r"lane 'feelings' is not known"):
        jm.add_note(1, "decision", "x", lane="feelings")
    with pytest.raises(JourneyError, match=r"text must be a non-empty string"):
        jm.add_note(1, "decision", "  ")


# -- JSON ----------------------------------------------------------------------------------------------
def test_json_is_byte_identical_and_row_order_invariant():
    ev = example_evidence()
    a = JourneyMap.build("b2c", {1: "A", 2: "B"}, ev).to_json()
    b = JourneyMap.build("b2c", {1: "A", 2: "B"}, ev.copy()).to_json()
    shuffled = ev.sample(frac=1.0, random_state=7).reset_index(drop=True)
    c = JourneyMap.build("b2c", {1: "A", 2: "B"}, shuffled).to_json()
    assert a == b == c
    data = json.loads(a)
    assert data["schema"] == "personakit.journey_map" and data["schema_version"] == 1
    assert list(data) == sorted(data)


def test_round_trip_from_dict():
    jm = example_map(kind="handoff")
    again = JourneyMap.from_dict(json.loads(jm.to_json()))
    assert again.to_json() == jm.to_json()
    assert again.evidence is None
    assert again.quotes(1, "decision")["evidence_id"].is_unique
    assert len(again.quotes(1, "decision")) <= 8
    assert len(jm.quotes(1, "decision")) == 8
    # numbers are rounded to 10 significant digits in JSON
    pd.testing.assert_frame_equal(again.to_frame(), jm.to_frame(), rtol=1e-9)
    with pytest.raises(JourneyError, match=r"schema is 'other'"):
        JourneyMap.from_dict({**jm.to_dict(), "schema": "other"})
    with pytest.raises(JourneyError, match=r"schema_version 99 is not supported"):
        JourneyMap.from_dict({**jm.to_dict(), "schema_version": 99})
    broken = jm.to_dict()
    broken["cells"][0]["stage"] = "nowhere"
    with pytest.raises(JourneyError, match=r"does not match the journey's stages"):
        JourneyMap.from_dict(broken)


def test_to_frame_has_one_row_per_cell():
    frame = example_map().to_frame()
    assert list(frame.columns) == list(FRAME_COLUMNS)
    assert len(frame) == 10
    row = frame.set_index(["persona", "stage"]).loc[(1, "decision")]
    assert row["top_pain_point"] == "hidden fees at checkout" and row["top_pain_count"] == 5
    assert row["dominant_emotion"] == "anxiety" and row["n"] == 8


# -- privacy and injection -----------------------------------------------------------------------------
XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "--><script>alert(2)</script><!--",  # would end an SVG comment early
]


def _hostile_map():
    ev = example_evidence()
    ev.loc[ev.index[5], "text"] = XSS[0]
    ev.loc[ev.index[6], "text"] = XSS[1]
    ev.loc[ev.index[6], "theme"] = XSS[0]
    # persona 1, decision: the most negative pain-point quote, so the map figure draws it
    quote = f"I typed {XSS[2]} into the coupon box and the fee still showed up"
    ev.loc[ev.index[15], ["text", "valence"]] = [quote, -0.95]
    ev.loc[ev.index[7], "text"] = '=HYPERLINK("http://evil.example","click")'
    ev.loc[ev.index[7], "is_pain_point"] = True
    ev.loc[ev.index[7], "theme"] = "+cmd|' /C calc'!A0"
    ev.loc[ev.index[8], "text"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    ev.loc[ev.index[9], "text"] = "Mail me at jane.doe@example.com about it."
    journey = Journey("b2c", name='Shop <script>alert("j")</script>')
    return JourneyMap.build(journey, {1: XSS[1], 2: "-2+3"}, ev, n_quotes=20, min_evidence=3)


class _Collect(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.data: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href")]

    def handle_data(self, data):
        self.data.append(data)


@pytest.mark.parametrize("which", ["repr", "page"])
def test_user_text_is_escaped_in_html(which, tmp_path):
    jm = _hostile_map()
    if which == "repr":
        text = jm._repr_html_()
    else:
        text = jm.write_html(tmp_path / "map.html").read_text(encoding="utf-8")
    parser = _Collect()
    parser.feed(text)
    # self-contained: nothing is loaded from elsewhere
    assert not [a for a in parser.links if not a.startswith(("#", "data:"))]
    assert "link" not in parser.tags and "iframe" not in parser.tags
    assert "script" not in parser.tags and "img" not in parser.tags
    data = "".join(parser.data)
    assert XSS[0] in data and XSS[1] in data and XSS[2] in data


def test_html_page_is_deterministic(tmp_path):
    jm = example_map(kind="handoff")
    a = jm.write_html(tmp_path / "a.html").read_bytes()
    b = JourneyMap.from_dict(jm.to_dict()).write_html(tmp_path / "b.html").read_bytes()
    assert a == b
    page = a.decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 3  # hand-off + 2 maps
    assert "levels from" not in page or "evidence" in page


def test_markdown_escapes_user_text():
    md = _hostile_map().to_markdown()
    assert "<script>" not in md and "<img" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "cmd\\|' /C calc'" in md  # a pipe cannot break the table


def test_quotes_are_masked_unless_keep_pii():
    ev = example_evidence()
    ev.loc[ev.index[5], "text"] = "Mail me at jane.doe@example.com about the fees at checkout."
    masked = JourneyMap.build("b2c", None, ev, n_quotes=20)
    texts = masked.quotes_frame()["text"].tolist()
    assert any("[EMAIL]" in t for t in texts) and not any("jane.doe" in t for t in texts)
    assert "speaker" not in masked.to_dict()["cells"][2]["quotes"][0]
    kept = JourneyMap.build("b2c", None, ev, n_quotes=20, keep_pii=True)
    assert any("jane.doe@example.com" in t for t in kept.quotes_frame()["text"])
    assert kept.to_dict()["cells"][2]["quotes"][0]["speaker"].startswith("Participant")


def test_csv_export_neutralises_formulas(tmp_path):
    jm = _hostile_map()
    for table in ("cells", "quotes", "pain_points", "participation"):
        path = jm.to_csv(tmp_path / f"{table}.csv", table=table)
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                for value in row:
                    assert not value.startswith(("=", "+", "@", "\t", "\r")), (table, value)
                    if value.startswith("-"):
                        float(value)  # only numbers may start with a minus sign
    quotes = pd.read_csv(tmp_path / "quotes.csv")
    assert '\'=HYPERLINK("http://evil.example","click")' in set(quotes["text"])
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in set(quotes["text"])
    with pytest.raises(JourneyError, match=r"table 'evidence' is not known"):
        jm.to_csv(tmp_path / "x.csv", table="evidence")


def test_xlsx_export_has_no_formulas(tmp_path):
    jm = _hostile_map()
    path = jm.to_excel(tmp_path / "map.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["cells", "quotes", "pain_points", "participation"]
    seen = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    seen.append(cell.value)
    assert '\'=HYPERLINK("http://evil.example","click")' in seen
    assert "'-2+3" in seen  # the persona name
    import time

    time.sleep(1.1)  # openpyxl stamps the saving time (in seconds) into the workbook
    again = jm.to_excel(tmp_path / "again.xlsx")
    assert again.read_bytes() == path.read_bytes()


def test_safe_spreadsheet_frame_does_not_modify_its_input():
    from personakit.journey import safe_spreadsheet_frame

    df = pd.DataFrame(
        {"=col": [" =1", "a", None], "n": [-1.5, 2.0, np.nan]}, index=["@x", "y", "z"]
    )
    before = df.copy()
    out = safe_spreadsheet_frame(df)
    assert df.equals(before) and list(df.columns) == list(before.columns)
    assert list(out.columns) == ["'=col", "n"]
    assert out["'=col"].tolist()[:2] == ["' =1", "a"] and out["'=col"].isna().tolist()[2]
    assert out.index.tolist() == ["'@x", "y", "z"]
    assert out["n"].tolist()[:2] == [-1.5, 2.0]


def test_needs_from_evidence_need_two_sources():
    ev = example_evidence()
    ev["is_need"] = False
    rows = ev.index[(ev["persona"] == 1) & (ev["stage"] == "consideration")]
    two_sources = [rows[0], rows[3]]  # interviews i01 and i02
    ev.loc[two_sources, ["is_need", "theme"]] = [True, "Compare delivery slots"]
    ev.loc[rows[1:3], ["is_need", "theme"]] = [True, "Gift wrapping"]  # i01 twice
    assert ev.loc[two_sources, "interview_id"].nunique() == 2
    jm = JourneyMap.build("b2c", {1: "Busy parent", 2: "Bargain hunter"}, ev, min_evidence=3)
    needs = [n["text"] for n in jm.cell(1, "consideration").needs if n["source"] == "evidence"]
    assert needs == ["Compare delivery slots"]

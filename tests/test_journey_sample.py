"""Journey maps on the bundled sample project: planted dips, pain points, content gaps, hand-off."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import personakit
from personakit import Journey, JourneyMap
from personakit.journey import participation_from_accounts


@pytest.fixture(scope="module")
def truth():
    return personakit.load_sample("truth")


@pytest.fixture(scope="module")
def names(truth):
    return {p["id"]: p["name"] for p in truth["personas"]["personas"]}


def _truth_evidence(truth) -> pd.DataFrame:
    """The planted labels of every participant turn and open answer, as an evidence table.

    Valence is the planted sign times 0.6 (the sample stores the sign only).
    """
    ut = truth["utterances"]
    ut = ut.assign(
        source_type="interview",
        source=ut["file"].str.split("/").str[-1],
        respondent_id=pd.NA,
        evidence_id=ut["file"].str.split("/").str[-1] + ":" + ut["line"].astype(str),
        analysed=True,
    )
    oa = truth["open_answers"]
    oa = oa.assign(
        source_type="open_answer",
        source="survey:" + oa["variable"],
        interview_id=pd.NA,
        evidence_id=oa["file"] + ":" + oa["variable"] + ":" + oa["respondent_id"],
        line=oa["data_row"],
        analysed=oa["language"] == "en",
    )
    ev = pd.concat([ut, oa], ignore_index=True)
    ev["valence"] = ev["valence_sign"].astype(float) * 0.6
    return ev


@pytest.fixture(scope="module")
def truth_map(truth, names):
    return JourneyMap.build(Journey("b2c", name="Slotwise"), names, _truth_evidence(truth))


def _dip(jm, persona):
    curve = jm.emotion_curve(persona)
    return curve[curve["sufficient"]].sort_values("valence_mean").iloc[0]["stage"]


@pytest.mark.parametrize("persona", [1, 2, 3, 4, 5])
def test_planted_dip_and_top_pain_point_from_planted_labels(truth, truth_map, persona):
    planted = truth["personas"]["personas"][persona - 1]
    assert _dip(truth_map, persona) == planted["dip_stage"]
    top = planted["top_pain_point"]
    cell = truth_map.cell(persona, top["stage"])
    assert cell.top_pain_point["theme"] == top["theme"]
    assert cell.top_pain_point["pain_type"] == top["pain_type"]
    assert cell.sufficient and cell.valence_high < 0  # confidently negative
    # the planted dominant emotion at the dip
    assert cell.dominant_emotion == planted["emotions"][top["stage"]]


def test_truth_map_counts_left_out_rows(truth, truth_map):
    oa = truth["open_answers"]
    assert truth_map.summary["not_analysed"] == int((oa["language"] != "en").sum())
    assert truth_map.summary["used"] + sum(
        truth_map.summary["unstaged"].values()
    ) + truth_map.summary["unattributed"] + truth_map.summary["not_analysed"] == len(
        _truth_evidence(truth)
    )


def test_sample_content_inventory_planted_gaps_and_mismatches(truth, truth_map):
    inventory = personakit.load_sample("content")
    assert len(inventory) == 59
    cov = truth_map.content_coverage(inventory)
    planted = truth["content_gaps"]
    gaps = {(g.stage, g.persona_name) for g in cov.gaps.itertuples()}
    assert gaps == {(r.stage, r.persona) for r in planted.itertuples() if r.kind == "gap"}
    wrong = {
        (m.stage, m.persona_name) for m in cov.mismatches.itertuples() if m.kind == "wrong_kind"
    }
    assert wrong == {(r.stage, r.persona) for r in planted.itertuples() if r.kind == "mismatch"}


def test_sample_accounts_participation(truth):
    accounts = personakit.load_sample("accounts")
    labels = truth["accounts"].set_index("account_id")["persona"]
    journey = Journey("b2b_buying", kind="handoff", name="Top accounts")
    part = participation_from_accounts(accounts, journey, labels=labels)
    levels = part.set_index(["persona", "stage"])["level"]
    groups = {g["id"]: g["name"] for g in truth["personas"]["account_groups"]}
    assert groups[1] == "Franchise Growth Executive"
    # executives (economic buyers) approve the choice and sign the contract
    assert levels[(1, "choosing")] == "gatekeeper" and levels[(1, "purchasing")] == "driver"
    # clinical systems evaluators (technical evaluators) lead the learning stage
    assert levels[(2, "learning")] == "driver"
    # front-line champions drive awareness and the roll-out after purchase
    assert levels[(3, "awareness")] == "driver" and levels[(3, "post_purchase")] == "driver"
    assert set(part["source"]) == {"accounts"}
    # the hand-off map: participation from accounts, emotions from the accounts' notes
    jm_journey = journey.with_participation(part)
    ev = pd.DataFrame(
        {
            "persona": [1, 2, 3] * 4,
            "respondent_id": [f"a{i % 6}" for i in range(12)],
            "stage": ["purchasing"] * 3 + ["learning"] * 3 + ["post_purchase"] * 6,
            "valence": [0.1] * 12,
            "emotion": ["trust"] * 12,
            "text": ["A note from the account team."] * 12,
        }
    )
    jm = JourneyMap.build(jm_journey, groups, ev, min_evidence=1, min_sources=1)
    assert jm.cell(1, "purchasing").participation["source"] == "accounts"
    assert "Franchise Growth Executive" in jm.to_markdown(1)


# -- the whole pipeline: transcripts and open answers -> analyze_text -> map ------------------------
@pytest.fixture(scope="module")
def pipeline_map(truth, names):
    from personakit.text import analyze_text

    turns = personakit.read_transcripts(
        personakit.sample_path("transcripts"), mapping=personakit.sample_path("interviews")
    )
    survey = personakit.load_sample("survey")
    respondents = truth["respondents"]
    respondents = respondents[respondents["file"] == "survey_qualtrics.csv"]
    labels = pd.Series(
        respondents["persona"].to_numpy(), index=respondents["respondent_id"].astype(str)
    )
    open_ended = sorted(set(truth["open_answers"]["variable"]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", personakit.PersonakitWarning)
        evidence = pd.concat(
            [
                analyze_text(turns),
                analyze_text(survey=survey, variables=open_ended, personas=labels),
            ],
            ignore_index=True,
        )
    jm = JourneyMap.build(Journey("b2c", name="Slotwise"), names, evidence)
    return jm, evidence


def _truth_theme_of(truth, evidence: pd.DataFrame) -> pd.Series:
    ut = truth["utterances"]
    oa = truth["open_answers"]
    oa = oa[oa["file"] == "survey_qualtrics.csv"]
    by_turn = {(r.interview_id, r.line): r.theme for r in ut.itertuples()}
    by_answer = {(r.respondent_id, r.variable): r.theme for r in oa.itertuples()}
    out = []
    for row in evidence.itertuples():
        if row.source_type == "interview":
            out.append(by_turn.get((row.interview_id, int(row.line))))
        else:
            out.append(by_answer.get((row.respondent_id, str(row.source).split(":", 1)[1])))
    return pd.Series(out, index=evidence["evidence_id"].to_numpy(), dtype=object)


@pytest.mark.slow
@pytest.mark.parametrize("persona", [1, 2, 3, 4, 5])
def test_pipeline_map_shows_planted_dip(truth, pipeline_map, persona):
    jm, _ = pipeline_map
    assert _dip(jm, persona) == truth["personas"]["personas"][persona - 1]["dip_stage"]


@pytest.mark.slow
@pytest.mark.parametrize("persona", [1, 2, 3, 4, 5])
def test_pipeline_map_shows_planted_top_pain_point(truth, pipeline_map, persona):
    """The top pain point of the dip cell is mostly made of sentences of the planted theme."""
    jm, evidence = pipeline_map
    planted = truth["personas"]["personas"][persona - 1]["top_pain_point"]
    cell = jm.cell(persona, planted["stage"])
    top = cell.top_pain_point
    rows = jm.evidence[
        (jm.evidence["persona"] == persona)
        & (jm.evidence["stage"] == planted["stage"])
        & (jm.evidence["theme"] == top["theme"])
    ]
    themes = _truth_theme_of(truth, evidence).loc[rows["evidence_id"]].dropna().value_counts()
    assert themes.index[0] == planted["theme"], themes.head(3).to_dict()

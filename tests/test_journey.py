"""Journey: stages, kinds, editing (rename, reorder, merge, split) and participation."""

from __future__ import annotations

import html.parser

import pandas as pd
import pytest

import personakit
from personakit import Journey, JourneyError, Stage
from personakit.journey import (
    PARTICIPATION_LEVELS,
    participation_from_accounts,
    participation_from_evidence,
)


def test_builtin_sets_and_custom_stages():
    assert Journey().stage_names == [s.name for s in personakit.stages.B2C]
    assert Journey("student").stage_names[-1] == "alumni"
    assert Journey(personakit.stages.B2B_BUYING).stage_names[3] == "choosing"
    custom = Journey([Stage("browse", description="Looks around"), "buy", {"name": "use"}])
    assert custom.stage_names == ["browse", "buy", "use"]
    assert custom.stage("Browse").description == "Looks around"
    assert len(custom) == 3 and "buy" in custom and custom[0].name == "browse"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"kind": "funnel"}, r"Journey kind 'funnel' is not known"),
        ({"name": "  "}, r"Journey name must be a non-empty string"),
        ({"stages": "b2x"}, r"Unknown stage set 'b2x'"),
        ({"stages": ["a", "a"]}, r"repeated: \['a'\]"),
        ({"stages": []}, r"stage list is empty"),
    ],
)
def test_bad_journey_arguments(kwargs, match):
    with pytest.raises(JourneyError, match=match):
        Journey(**kwargs)


def test_rename_keeps_old_names_as_aliases():
    j = Journey("b2c").rename({"decision": "purchase"}, labels={"purchase": "Buying"})
    assert j.stage_names == ["awareness", "consideration", "purchase", "retention", "advocacy"]
    assert j.labels["purchase"] == "Buying"
    assert j.resolve_stage("decision") == "purchase"
    assert j.stage("purchase").examples == personakit.stages.B2C[2].examples
    # the original is unchanged
    assert "decision" in Journey("b2c")
    with pytest.raises(JourneyError, match=r"rename: 'checkout' is not a stage"):
        Journey("b2c").rename({"checkout": "x"})


def test_labels_and_case_resolve_to_names():
    j = Journey("b2b_buying")
    assert j.resolve_stage("Post-purchase") == "post_purchase"
    assert j.resolve_stage("POST PURCHASE") == "post_purchase"
    with pytest.raises(JourneyError, match=r"'onboarding' is not a stage of the journey"):
        j.resolve_stage("onboarding")


def test_reorder():
    j = Journey(["a", "b", "c"]).reorder(["c", "a", "b"])
    assert j.stage_names == ["c", "a", "b"]
    with pytest.raises(JourneyError, match=r"give every stage exactly once"):
        Journey(["a", "b", "c"]).reorder(["a", "b"])
    with pytest.raises(JourneyError, match=r"give every stage exactly once"):
        Journey(["a", "b", "c"]).reorder(["a", "a", "b"])


def test_merge_unions_lanes_and_maps_old_names():
    j = Journey("b2c").merge(["retention", "decision"], into="buy_and_use", label="Buy & use")
    assert j.stage_names == ["awareness", "consideration", "buy_and_use", "advocacy"]
    merged = j.stage("buy_and_use")
    assert merged.label == "Buy & use"
    b2c = {s.name: s for s in personakit.stages.B2C}
    assert merged.touchpoints == b2c["decision"].touchpoints + b2c["retention"].touchpoints
    assert set(b2c["decision"].examples) <= set(merged.examples)
    assert j.resolve_stage("decision") == j.resolve_stage("retention") == "buy_and_use"
    with pytest.raises(JourneyError, match=r"at least two different stages"):
        Journey("b2c").merge(["decision"], into="x")
    with pytest.raises(JourneyError, match=r"already another stage"):
        Journey("b2c").merge(["decision", "retention"], into="awareness")


def test_rename_then_merge_chains_aliases():
    j = Journey("b2c").rename({"decision": "purchase"}).merge(["purchase", "retention"], "after")
    assert j.resolve_stage("decision") == "after"
    assert j.resolve_stage("purchase") == "after"


def test_split_needs_retagging():
    j = Journey("b2c").split("retention", ["onboarding", Stage("ongoing_use", description="x")])
    assert j.stage_names[3:5] == ["onboarding", "ongoing_use"]
    # a part given by name copies the original's description and examples
    assert j.stage("onboarding").description == personakit.stages.B2C[3].description
    assert j.stage("ongoing_use").description == "x"
    with pytest.raises(
        JourneyError, match=r"'retention' was split into \['onboarding', 'ongoing_use'\]"
    ):
        j.resolve_stage("retention")
    with pytest.raises(JourneyError, match=r"at least two new stages"):
        Journey("b2c").split("retention", ["only_one"])
    with pytest.raises(JourneyError, match=r"must not repeat other stages"):
        Journey("b2c").split("retention", ["awareness", "x"])


def test_participation_forms_and_levels():
    wide = pd.DataFrame(
        {"learning": ["Driver", "approver"], "purchasing": ["not involved", "Gatekeeper"]},
        index=["Champion", "CFO"],
    )
    j = Journey("b2b_buying", kind="handoff", participation=wide)
    part = j.participation
    assert set(part["level"]) <= set(PARTICIPATION_LEVELS)
    assert part.set_index(["persona", "stage"]).loc[("CFO", "learning"), "level"] == "gatekeeper"
    assert set(part["source"]) == {"user"}
    long = pd.DataFrame(
        {
            "persona": [1, 1],
            "stage": ["Learning", "choosing"],
            "level": ["participant", "driver"],
            "source": ["workshop", None],
        }
    )
    j2 = Journey("b2b_buying", kind="handoff").with_participation(long)
    assert j2.participation["source"].tolist() == ["workshop", "user"]
    assert j2.participation["stage"].tolist() == ["learning", "choosing"]
    # replacing one cell keeps the others
    j3 = j2.with_participation({1: {"learning": "driver"}}, source="accounts")
    got = j3.participation.set_index("stage")
    assert got.loc["learning", "level"] == "driver" and got.loc["learning", "source"] == "accounts"
    assert got.loc["choosing", "level"] == "driver"
    assert j3.participation_matrix().loc[1, "learning"] == "driver"


@pytest.mark.parametrize(
    ("participation", "match"),
    [
        ({"P": {"learning": "boss"}}, r"participation level 'boss' is not known"),
        ({"P": {"onboarding": "driver"}}, r"'onboarding' is not a stage"),
        ({"P": "driver"}, r"must be a dict \{stage: level\}"),
        (
            pd.DataFrame(
                {"persona": ["P", "P"], "stage": ["learning"] * 2, "level": ["driver"] * 2}
            ),
            r"more than one level for stage 'learning'",
        ),
        (pd.DataFrame({"weird": ["x"]}), r"columns \['weird'\] are neither"),
        ([("P", "learning", "driver")], r"give a DataFrame"),
    ],
)
def test_bad_participation(participation, match):
    with pytest.raises(JourneyError, match=match):
        Journey("b2b_buying", kind="handoff", participation=participation)


def test_participation_follows_edits():
    j = Journey(
        "b2c",
        kind="handoff",
        participation={"A": {"decision": "participant", "retention": "driver"}},
    )
    merged = j.merge(["decision", "retention"], into="after")
    row = merged.participation.set_index("stage").loc["after"]
    assert row["level"] == "driver" and "strongest level" in row["reason"]
    renamed = j.rename({"decision": "purchase"})
    assert "purchase" in set(renamed.participation["stage"])
    split = j.split("retention", ["onboarding", "use"])
    levels = split.participation.set_index("stage")["level"]
    assert levels["onboarding"] == levels["use"] == "driver"


def test_round_trip_and_equality():
    j = (
        Journey("b2b_buying", kind="handoff", name="Buying")
        .rename({"choosing": "selection"})
        .with_participation({"IT": {"learning": "gatekeeper"}})
    )
    again = Journey.from_dict(j.to_dict())
    assert again == j
    assert again.resolve_stage("choosing") == "selection"
    assert again.participation.equals(j.participation)
    with pytest.raises(JourneyError, match=r"expected a dict with 'stages'"):
        Journey.from_dict({"name": "x"})


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.data: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.data.append(data)


def test_repr_html_escapes_user_text():
    j = Journey(
        [
            Stage(
                "look",
                description="<script>alert(1)</script>",
                label='"><img src=x onerror=alert(1)>',
            )
        ],
        name="<b>Journey</b>",
        kind="handoff",
        participation={"<script>x</script>": {"look": "driver"}},
    )
    parser = _Tags()
    parser.feed(j._repr_html_())
    assert "script" not in parser.tags and "img" not in parser.tags and "b" not in parser.tags
    text = "".join(parser.data)
    assert "<script>alert(1)</script>" in text and '"><img src=x onerror=alert(1)>' in text
    assert "look" in repr(j) and "participation for 1 persona" in repr(j)


# -- participation inferred from accounts --------------------------------------------------------
def _accounts():
    return pd.DataFrame(
        {
            "account_id": [f"A{i}" for i in range(8)],
            "Buying role": [
                "Champion",
                "Champion",
                "Technical evaluator",
                "Economic buyer",
                "Economic buyer",
                "Procurement",
                "End user",
                "End user",
            ],
            "persona": [1, 1, 1, 2, 2, 2, 3, 3],
        }
    )


def test_participation_from_accounts_majority_per_persona():
    part = participation_from_accounts(_accounts(), Journey("b2b_buying", kind="handoff"))
    levels = part.set_index(["persona", "stage"])["level"]
    # persona 1: two champions and one evaluator
    assert levels[(1, "awareness")] == "driver"
    assert levels[(1, "learning")] == "driver"
    # persona 2: economic buyers and procurement approve the choice; the buyers sign
    assert levels[(2, "choosing")] == "gatekeeper"
    assert levels[(2, "purchasing")] == "driver"
    assert levels[(2, "awareness")] == "not_involved"
    # persona 3: end users drive adoption after purchase
    assert levels[(3, "post_purchase")] == "driver"
    assert set(part["source"]) == {"accounts"}
    reason = part.set_index(["persona", "stage"]).loc[(2, "choosing"), "reason"]
    assert "2 'Economic buyer' (gatekeeper)" in reason and "Buying role" in reason


def test_participation_from_accounts_with_labels_and_overrides():
    accounts = _accounts().drop(columns="persona").set_index("account_id")
    labels = pd.Series([1, 1, 1, 2, 2, 2, 3, 3], index=accounts.index)
    accounts.loc["A7", "Buying role"] = "Board observer"
    with pytest.raises(
        JourneyError, match=r"buying role\(s\) \['Board observer'\] are not recognised"
    ):
        participation_from_accounts(accounts, "b2b_buying", labels=labels)
    part = participation_from_accounts(
        accounts,
        "b2b_buying",
        labels=labels,
        role_levels={"Board observer": {"purchasing": "gatekeeper"}},
    )
    levels = part.set_index(["persona", "stage"])["level"]
    # persona 3 is now one end user and one board observer: ties go to the stronger level
    assert levels[(3, "purchasing")] == "gatekeeper"
    assert levels[(3, "post_purchase")] == "driver"


def test_participation_from_accounts_errors():
    with pytest.raises(JourneyError, match=r"no buying-role column found"):
        participation_from_accounts(pd.DataFrame({"persona": [1], "x": ["a"]}))
    with pytest.raises(JourneyError, match=r"no persona column and no labels"):
        participation_from_accounts(pd.DataFrame({"buying_role": ["Champion"]}))
    with pytest.raises(JourneyError, match=r"give the Survey personakit.read_accounts returns"):
        participation_from_accounts([1, 2, 3])


def test_participation_from_accounts_survey():
    responses = pd.DataFrame(
        {"role": pd.Categorical(["Champion", "Procurement"])},
        index=pd.Index(["a1", "a2"], name="respondent_id"),
    )
    survey = personakit.Survey(
        responses,
        pd.DataFrame({"variable": ["role"], "kind": ["nominal"], "role": ["decision_role"]}),
    )
    part = participation_from_accounts(survey, "b2b_buying", labels=pd.Series({"a1": 1, "a2": 2}))
    levels = part.set_index(["persona", "stage"])["level"]
    assert levels[(1, "discovery")] == "driver" and levels[(2, "purchasing")] == "gatekeeper"


def test_participation_from_evidence_levels():
    rows = []
    # persona 1 talks mostly about learning, persona 2 about purchasing and approvals,
    # persona 3 a little about learning
    for i in range(8):
        rows.append((1, "learning", f"i{i % 3}", "We ran the proof of concept with the team."))
    for _ in range(2):
        rows.append((1, "purchasing", "i0", "The contract arrived."))
    for i in range(6):
        rows.append((2, "purchasing", f"j{i % 2}", "I had to approve the budget and sign off."))
    for i in range(6):
        rows.append((3, "learning", f"k{i % 2}", "I tried the demo a few times."))
    for i in range(20):
        rows.append((3, "post_purchase", f"k{i % 2}", "We use it daily."))
    ev = pd.DataFrame(rows, columns=["persona", "stage", "interview_id", "text"])
    ev["valence"], ev["emotion"] = 0.0, "neutral"
    part = participation_from_evidence(ev, Journey("b2b_buying"), min_evidence=5)
    levels = part.set_index(["persona", "stage"])["level"]
    assert levels[(1, "learning")] == "driver"
    assert levels[(3, "learning")] == "participant"
    assert levels[(2, "purchasing")] == "gatekeeper"
    assert levels[(1, "purchasing")] == "not_involved"
    assert levels[(3, "post_purchase")] == "driver"
    assert set(part["source"]) == {"evidence"}
    reason = part.set_index(["persona", "stage"]).loc[(1, "purchasing"), "reason"]
    assert reason == "2 quote(s) at this stage, fewer than min_evidence=5"
    with pytest.raises(JourneyError, match=r"min_evidence must be a positive integer"):
        participation_from_evidence(ev, min_evidence=0)

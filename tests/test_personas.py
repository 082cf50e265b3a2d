"""PersonaSet / Persona: profiles, effect sizes, FDR, traits, names, quotes, exports."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import personakit
from personakit import PersonakitError, Survey
from personakit.personas import PROFILE_COLUMNS, Persona, PersonaSet

AGREE = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
SATISFIED = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]


def _likert(rng, probs_by_persona, persona, levels=AGREE):
    out = np.empty(len(persona), dtype=object)
    for pid, probs in probs_by_persona.items():
        members = np.flatnonzero(persona == pid)
        out[members] = rng.choice(levels, size=len(members), p=probs)
    return pd.Categorical(out, categories=levels, ordered=True)


def make_survey(n=900, seed=0, *, weights=False, text=True, n_null=0):
    """A survey with three planted personas and known differences.

    - persona 1 (45 %): strongly agrees that price matters most (70 % vs 10 %),
      chooses the e-mail channel (75 % vs 25 %), small companies;
    - persona 2 (35 %): wants the latest features (65 % strongly agree vs 10 %),
      uses Slack (80 % vs 20 %), goal "Automate reporting";
    - persona 3 (20 %): large companies (log size +2 SD), pain "Slow onboarding".
    ``n_null`` extra Likert items are independent of the persona.
    """
    rng = np.random.default_rng(seed)
    persona = rng.choice([1, 2, 3], size=n, p=[0.45, 0.35, 0.20])
    high = [0.03, 0.05, 0.07, 0.15, 0.70]
    low = [0.10, 0.25, 0.30, 0.25, 0.10]
    mid = [0.05, 0.15, 0.35, 0.30, 0.15]
    cols = {
        "Q1_1": _likert(rng, {1: high, 2: low, 3: low}, persona),
        "Q1_2": _likert(rng, {1: low, 2: [0.02, 0.05, 0.08, 0.2, 0.65], 3: low}, persona),
        "Q1_3": _likert(rng, {1: mid, 2: mid, 3: mid}, persona),
        "sat": _likert(rng, {1: mid, 2: mid, 3: mid}, persona, SATISFIED),
        "role": pd.Categorical(
            np.where(
                persona == 1,
                rng.choice(["Procurement", "Manager", "Analyst"], n, p=[0.6, 0.2, 0.2]),
                rng.choice(["Procurement", "Manager", "Analyst"], n, p=[0.15, 0.35, 0.5]),
            )
        ),
        "buying": pd.Categorical(
            np.where(persona == 2, "Evaluator", rng.choice(["Decision maker", "User"], n))
        ),
        "ch__email": rng.random(n) < np.where(persona == 1, 0.75, 0.25),
        "ch__slack": rng.random(n) < np.where(persona == 2, 0.80, 0.20),
        "goal__automate": rng.random(n) < np.where(persona == 2, 0.70, 0.20),
        "pain__onboarding": rng.random(n) < np.where(persona == 3, 0.75, 0.15),
        "size": np.round(np.exp(rng.normal(np.where(persona == 3, 6.0, 4.0), 1.0))),
        "score": rng.normal(np.where(persona == 3, 1.0, 0.0), 1.0),
    }
    for j in range(n_null):
        cols[f"N{j}"] = _likert(rng, {1: mid, 2: mid, 3: mid}, persona)
    book = [
        ("Q1_1", "Q1", "How much do you agree?", "Price matters most", "likert", "attitude"),
        (
            "Q1_2",
            "Q1",
            "How much do you agree?",
            "I want the latest features",
            "likert",
            "attitude",
        ),
        ("Q1_3", "Q1", "How much do you agree?", "Support matters", "likert", "need"),
        ("sat", "sat", "Satisfaction with onboarding", None, "likert", "satisfaction"),
        ("role", "role", "Job role", None, "nominal", "demographic"),
        ("buying", "buying", "Role in buying decisions", None, "nominal", "decision_role"),
        ("ch__email", "ch", "Which channels do you use?", "Email", "multiselect", "channel"),
        ("ch__slack", "ch", "Which channels do you use?", "Slack", "multiselect", "channel"),
        (
            "goal__automate",
            "goal",
            "What are your goals?",
            "Automate reporting",
            "multiselect",
            "goal",
        ),
        (
            "pain__onboarding",
            "pain",
            "What gets in your way?",
            "Slow onboarding",
            "multiselect",
            "pain",
        ),
        ("size", "size", "Company size (employees)", None, "numeric", "firmographic"),
        ("score", "score", "Engagement score", None, "numeric", "behaviour"),
    ]
    book += [
        (f"N{j}", "N", "Null item", f"Null statement {j}", "likert", "attitude")
        for j in range(n_null)
    ]
    if text:
        answers = np.array(
            [
                "Pricing is too high for what we get",
                "I love trying new features early",
                "Onboarding took weeks and nobody helped",
            ],
            dtype=object,
        )
        why = answers[persona - 1].copy()
        why = np.array([f"{a} (answer {i})" for i, a in enumerate(why)], dtype=object)
        why[rng.random(n) < 0.1] = None
        cols["why"] = pd.array(why.tolist(), dtype="string")
        cols["first_name"] = pd.array([f"Person{i}" for i in range(n)], dtype="string")
        cols["email"] = pd.array([f"p{i}@example.com" for i in range(n)], dtype="string")
        book += [
            ("why", "why", "What almost stopped you from buying?", None, "text", None),
            ("first_name", "first_name", "First name", None, "text", None),
            ("email", "email", "Email", None, "text", None),
        ]
    if weights:
        cols["w"] = np.where(persona == 3, 3.0, 1.0)
        book.append(("w", "w", "Weight", None, "weight", None))
    ids = [f"R_{i:04d}" for i in range(n)]
    responses = pd.DataFrame(cols, index=pd.Index(ids, name="respondent_id"))
    codebook = pd.DataFrame(
        book, columns=["variable", "question_id", "question", "sub_label", "kind", "role"]
    )
    codebook["pii"] = codebook["variable"].isin(["first_name", "email"])
    return Survey(responses, codebook), pd.Series(persona, index=responses.index)


@pytest.fixture(scope="module")
def planted():
    survey, labels = make_survey()
    return survey, labels, PersonaSet.from_labels(survey, labels)


def _row(personas, persona, variable, level=None, statistic="share"):
    frame = personas.to_frame()
    mask = (
        (frame["persona"] == persona)
        & (frame["variable"] == variable)
        & (frame["statistic"] == statistic)
    )
    if level is not None:
        mask &= frame["level"] == level
    rows = frame[mask]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# -- profiles: planted differences, effect sizes, p-values ------------------------------
def test_planted_share_difference_found_with_direction_effect_and_fdr(planted):
    _, _, personas = planted
    row = _row(personas, 1, "Q1_1", "Strongly agree")
    assert 0.64 <= row["share_in"] <= 0.76
    assert 0.07 <= row["share_out"] <= 0.14
    assert row["difference"] == pytest.approx(row["share_in"] - row["share_out"])
    assert row["effect_type"] == "phi" and row["effect"] > 0.5
    assert row["effect_size"] == "large" and row["direction"] == "higher"
    assert row["p_adj"] < 1e-20 and row["significant"]
    assert row["odds_ratio"] > 10
    assert row["trait"].startswith(f"{round(100 * row['share_in'])} % strongly agree that price")
    assert row["trait"].endswith(f"vs {round(100 * row['share_out'])} % of others")
    low = _row(personas, 2, "Q1_1", "Strongly agree")
    assert low["effect"] < -0.3 and low["direction"] == "lower"


def test_planted_mean_difference_has_smd_near_truth(planted):
    _, _, personas = planted
    row = _row(personas, 3, "score", statistic="mean")
    assert row["effect_type"] == "smd"
    assert row["effect"] == pytest.approx(1.0, abs=0.2)
    assert row["mean_in"] == pytest.approx(1.0, abs=0.15)
    assert row["mean_out"] == pytest.approx(0.0, abs=0.1)
    assert row["p_adj"] < 1e-10
    assert _row(personas, 1, "score", statistic="mean")["effect"] < 0


def test_null_items_are_rarely_significant():
    survey, labels = make_survey(n=600, seed=3, text=False, n_null=20)
    personas = PersonaSet.from_labels(survey, labels)
    frame = personas.to_frame()
    null = frame[frame["variable"].str.startswith("N")]
    assert len(null) == 20 * 3 * 6  # 20 items x 3 personas x (5 levels + mean)
    assert null["significant"].mean() <= 0.05
    # and the planted ones are found among them
    assert frame.loc[frame["variable"] == "Q1_1", "significant"].any()


def test_p_values_match_scipy_chi_square_fisher_and_welch(planted):
    survey, labels, personas = planted
    row = _row(personas, 1, "ch__email", "Email")
    inside = labels == 1
    chosen = survey.responses["ch__email"]
    table = np.array(
        [
            [(chosen & inside).sum(), (~chosen & inside).sum()],
            [(chosen & ~inside).sum(), (~chosen & ~inside).sum()],
        ]
    )
    chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
    assert row["p_value"] == pytest.approx(p, rel=1e-6)
    assert row["effect"] == pytest.approx(np.sqrt(chi2 / table.sum()), rel=1e-6)
    odds = table[0, 0] * table[1, 1] / (table[0, 1] * table[1, 0])
    assert row["odds_ratio"] == pytest.approx(odds, rel=1e-9)
    mean_row = _row(personas, 3, "score", statistic="mean")
    x = survey.responses["score"]
    welch = stats.ttest_ind(x[labels == 3], x[labels != 3], equal_var=False)
    assert mean_row["p_value"] == pytest.approx(welch.pvalue, rel=1e-6)
    # BH over every row of the table
    frame = personas.to_frame()
    ok = frame["p_value"].notna()
    expected = stats.false_discovery_control(frame.loc[ok, "p_value"].to_numpy(), method="bh")
    np.testing.assert_allclose(frame.loc[ok, "p_adj"].to_numpy(), expected, rtol=1e-12)


def test_small_cells_use_fisher_exact():
    responses = pd.DataFrame(
        {"plan": ["pro"] * 4 + ["free"] * 1 + ["free"] * 15},
        index=[f"r{i}" for i in range(20)],
    )
    survey = Survey(responses, pd.DataFrame({"variable": ["plan"], "kind": ["nominal"]}))
    labels = pd.Series([1] * 5 + [2] * 15, index=responses.index)
    row = _row(PersonaSet.from_labels(survey, labels), 1, "plan", "pro")
    assert row["p_value"] == pytest.approx(stats.fisher_exact([[4, 1], [0, 15]]).pvalue)


def test_cramers_v_and_smd_match_reference_formulas(planted):
    survey, labels, personas = planted
    row = _row(personas, 1, "role", "Procurement")
    table = pd.crosstab(labels == 1, survey.responses["role"]).to_numpy()
    v = stats.contingency.association(table, method="cramer")
    assert row["cramers_v"] == pytest.approx(v, rel=1e-9)
    mean_row = _row(personas, 3, "size", statistic="mean")
    x = survey.responses["size"]
    a, b = x[labels == 3], x[labels != 3]
    pooled = np.sqrt(((len(a) - 1) * a.var() + (len(b) - 1) * b.var()) / (len(a) + len(b) - 2))
    assert mean_row["effect"] == pytest.approx((a.mean() - b.mean()) / pooled, rel=1e-9)


def test_mann_whitney_option():
    survey, labels = make_survey(n=300, seed=1, text=False)
    personas = PersonaSet.from_labels(survey, labels, mean_test="mannwhitney")
    row = _row(personas, 3, "score", statistic="mean")
    x = survey.responses["score"]
    expected = stats.mannwhitneyu(x[labels == 3], x[labels != 3]).pvalue
    assert row["p_value"] == pytest.approx(expected, rel=1e-9)
    with pytest.raises(PersonakitError, match="mean_test='ttest'"):
        PersonaSet.from_labels(survey, labels, mean_test="ttest")


def test_missing_answers_are_left_out_of_shares():
    survey, labels = make_survey(n=300, seed=2, text=False)
    responses = survey.responses.copy()
    responses.loc[responses.index[:50], "Q1_1"] = np.nan
    survey2 = Survey(responses, survey.codebook)
    personas = PersonaSet.from_labels(survey2, labels)
    frame = personas.to_frame()
    rows = frame[(frame["variable"] == "Q1_1") & (frame["statistic"] == "share")]
    answered = responses["Q1_1"].notna()
    for pid in (1, 2, 3):
        sub = rows[rows["persona"] == pid]
        assert sub["share_in"].sum() == pytest.approx(1.0)
        assert (sub["n_in"] == int((answered & (labels == pid)).sum())).all()


# -- weights -----------------------------------------------------------------------------
def test_weights_change_shares_and_means():
    survey, labels = make_survey(n=600, seed=4, weights=True, text=False)
    weighted = PersonaSet.from_labels(survey, labels)
    plain = PersonaSet.from_labels(survey, labels, use_weights=False)
    assert weighted.weighted and not plain.weighted
    w = survey.responses["w"]
    # persona 3 carries weight 3: its weighted share is larger than its head count share
    p3 = weighted[3]
    assert p3.weighted_share == pytest.approx(w[labels == 3].sum() / w.sum())
    assert p3.weighted_share > p3.share + 0.1
    assert plain[3].weighted_share == pytest.approx(plain[3].share)
    # the share of persona 1's rest is weighted: persona 3 counts three times there
    row_w = _row(weighted, 1, "pain__onboarding", "Slow onboarding")
    row_u = _row(plain, 1, "pain__onboarding", "Slow onboarding")
    rest = labels != 1
    chosen = survey.responses["pain__onboarding"]
    assert row_w["share_out"] == pytest.approx((w[rest & chosen]).sum() / w[rest].sum())
    assert row_u["share_out"] == pytest.approx(chosen[rest].mean())
    assert row_w["share_out"] > row_u["share_out"] + 0.03
    mean_w = _row(weighted, 1, "score", statistic="mean")["mean_out"]
    x = survey.responses["score"]
    assert mean_w == pytest.approx(np.average(x[rest], weights=w[rest]))
    # Kish effective sizes make weighted tests less certain than if weights were counts
    assert "weighted by w" in weighted.to_markdown()


@pytest.mark.parametrize(
    ("value", "match"), [(-1.0, "negative for respondents"), (np.nan, "missing for respondents")]
)
def test_bad_weights_are_refused(value, match):
    survey, labels = make_survey(n=100, seed=5, weights=True, text=False)
    responses = survey.responses.copy()
    responses.loc["R_0007", "w"] = value
    with pytest.raises(PersonakitError, match=match):
        PersonaSet.from_labels(Survey(responses, survey.codebook), labels)


# -- traits, names, sections ------------------------------------------------------------
def test_traits_and_sections_describe_the_planted_personas(planted):
    _, _, personas = planted
    p1, p2, p3 = personas[1], personas[2], personas[3]
    assert p1.traits["variable"].iloc[:3].isin(["Q1_1", "ch__email", "role"]).any()
    assert list(p1.traits.columns) == [
        "variable",
        "label",
        "kind",
        "role",
        "statistic",
        "level",
        "share_in",
        "share_out",
        "mean_in",
        "mean_out",
        "difference",
        "effect",
        "effect_type",
        "effect_size",
        "odds_ratio",
        "p_adj",
        "direction",
        "strength",
        "trait",
        "short",
        "basis",
    ]
    assert (p1.traits["p_adj"] < 0.05).all()
    assert not p1.traits["variable"].duplicated().any()
    assert any("Email" in item for item in p1.channels)
    assert any("Automate reporting" in item for item in p2.goals)
    assert any("Slack" in item for item in p2.channels)
    assert any(
        item.startswith("Slow onboarding") and "[friction]" in item for item in p3.pain_points
    )
    assert any("Company size" in item for item in p3.demographics)
    assert any("Evaluator" in item for item in p2.decision_role)
    assert p3.traits.iloc[0]["variable"] in {"size", "pain__onboarding", "score"}


def test_draft_names_are_deterministic_unique_and_from_traits(planted):
    survey, labels, personas = planted
    again = PersonaSet.from_labels(survey, labels)
    assert personas.names == again.names
    assert len(set(personas.names.values())) == len(personas)
    assert personas[1].name.startswith("Price-sensitive")
    assert personas[2].name == "Automation-minded evaluator"
    assert personas[3].name == "Time-pressed user"
    for persona in personas:
        assert persona.description.startswith(f"{round(100 * persona.share)} % of respondents")


def test_rename_returns_a_new_set(planted):
    _, _, personas = planted
    renamed = personas.rename({1: "Penny the price hawk", "Automation-minded evaluator": "Eva"})
    assert renamed.names[1] == "Penny the price hawk" and renamed.names[2] == "Eva"
    assert personas.names[1] != "Penny the price hawk"
    assert renamed[1].draft_name == personas[1].name
    assert renamed["Eva"].id == 2
    assert renamed.to_frame().loc[lambda f: f["persona"] == 1, "name"].iloc[0] == (
        "Penny the price hawk"
    )
    with pytest.raises(PersonakitError, match="no persona 7"):
        personas.rename({7: "x"})
    with pytest.raises(PersonakitError, match="non-empty string"):
        personas.rename({1: "  "})
    with pytest.raises(PersonakitError, match="2 would both be called 'same'"):
        personas.rename({1: "Same", 2: "same"})
    with pytest.raises(KeyError, match="No persona 9"):
        personas[9]


# -- representatives and quotes ---------------------------------------------------------
def test_representatives_are_close_to_the_medoid(planted):
    survey, labels, personas = planted
    from personakit.personas._members import simple_encoding
    from personakit.personas._profile import variable_infos

    matrix = simple_encoding(survey, variable_infos(survey), labels.index)
    for persona in personas:
        members = np.flatnonzero(labels.to_numpy() == persona.id)
        assert set(persona.representatives) <= set(persona.members)
        assert len(persona.representatives) == 5
        x = matrix[members]
        medoid = labels.index.get_loc(persona.representatives[0])
        d_medoid = np.sqrt(((x - matrix[medoid]) ** 2).sum(1)).sum()
        total = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(-1)).sum(1)
        assert d_medoid == pytest.approx(total.min())


def test_quotes_come_from_representatives_and_are_masked():
    survey, labels = make_survey(n=300, seed=6)
    first = PersonaSet.from_labels(survey, labels)
    rep = first[1].representatives[0]
    number = int(rep.split("_")[1])
    responses = survey.responses.copy()
    responses.loc[rep, "why"] = (
        f"I am Person{number}, write to jane.doe@example.com or call +1 (555) 010-4477 please"
    )
    personas = PersonaSet.from_labels(Survey(responses, survey.codebook), labels)
    quote = personas[1].quotes[0]
    assert quote["respondent_id"] == rep and quote["variable"] == "why"
    assert quote["text"] == "I am [NAME], write to [EMAIL] or call [PHONE] please"
    assert "jane.doe" not in personas.to_json()
    from personakit.privacy import mask_pii

    assert mask_pii("Mobile 07700 900746, not 2019 2020") == "Mobile [PHONE], not 2019 2020"
    assert mask_pii("landline 0161 4960123 or 2019 2020") == "landline [PHONE] or 2019 2020"
    assert "010-4477" not in personas.to_html()
    for persona in personas:
        assert 1 <= len(persona.quotes) <= 3
        assert len({q["respondent_id"] for q in persona.quotes}) == len(persona.quotes)
        assert all(q["respondent_id"] in set(persona.members) for q in persona.quotes)
    raw = PersonaSet.from_labels(Survey(responses, survey.codebook), labels, keep_pii=True)
    assert "jane.doe@example.com" in raw[1].quotes[0]["text"]
    assert raw.settings["quotes_masked"] is False and personas.settings["quotes_masked"]
    # personal-data columns are never profiled or quoted
    assert not personas.to_frame()["variable"].isin(["first_name", "email"]).any()


def test_text_variables_are_checked(planted):
    survey, labels, _ = planted
    with pytest.raises(PersonakitError, match="'nope' is not a variable"):
        PersonaSet.from_labels(survey, labels, text_variables=["nope"])
    with pytest.raises(PersonakitError, match="'email' is marked as personal data"):
        PersonaSet.from_labels(survey, labels, text_variables=["email"])
    none = PersonaSet.from_labels(survey, labels, text_variables=[])
    assert all(p.quotes == [] for p in none)


# -- segmentation and probabilities -----------------------------------------------------
class _FakeSegmenter:
    """Stands in for a fitted PersonaSegmenter: stability, an encoding, a chosen k."""

    def __init__(self, encoded, stability):
        self.encoded_ = encoded
        self.stability_ = stability
        self.method_ = "kmeans"
        self.n_personas_ = 3
        self.selection_reason_ = "k=3: best stability among k with every persona above 5 %."


def test_segmentation_gives_stability_and_centre_based_representatives(planted):
    survey, labels, _ = planted
    rng = np.random.default_rng(0)
    encoded = pd.DataFrame(rng.normal(size=(len(labels), 2)), index=labels.index)
    centre_member = labels.index[labels == 2][17]
    members = labels.index[labels == 2]
    encoded.loc[centre_member] = encoded.loc[members].drop(centre_member).mean().to_numpy()
    stability = pd.DataFrame({"jaccard": [0.91, 0.55, 0.8]}, index=[1, 2, 3])
    personas = PersonaSet.from_labels(
        survey, labels, segmentation=_FakeSegmenter(encoded, stability)
    )
    assert personas[2].representatives[0] == centre_member
    assert personas[1].stability == pytest.approx(0.91) and personas[1].stable
    assert personas[2].stable is False
    assert "Not stable" in personas.to_html()
    assert personas.settings["segmentation"]["method"] == "kmeans"
    assert "best stability" in personas.to_markdown()
    assert "segmentation's encoding" in personas.settings["representatives_by"]


def test_probabilities_give_certainty(planted):
    survey, labels, _ = planted
    probs = pd.DataFrame(0.1, index=labels.index, columns=[1, 2, 3])
    for pid in (1, 2, 3):
        probs.loc[labels == pid, pid] = 0.8
    personas = PersonaSet.from_labels(survey, labels, probs)
    assert [p.certainty for p in personas] == pytest.approx([0.8, 0.8, 0.8])
    with pytest.raises(PersonakitError, match="no column for persona"):
        PersonaSet.from_labels(survey, labels, probs[[1, 2]])


# -- input checks -----------------------------------------------------------------------
def test_label_problems_are_explained(planted):
    survey, labels, _ = planted
    with pytest.raises(PersonakitError, match="not in the survey, e.g. \\['X1'\\]"):
        PersonaSet.from_labels(survey, pd.concat([labels, pd.Series({"X1": 1})]))
    with pytest.raises(PersonakitError, match="Number the personas from 1"):
        PersonaSet.from_labels(survey, labels - 1)
    with pytest.raises(PersonakitError, match="whole numbers"):
        PersonaSet.from_labels(survey, labels.astype(str).radd("p"))
    with pytest.raises(PersonakitError, match="labels has 3 entries"):
        PersonaSet.from_labels(survey, [1, 2, 3])
    with pytest.raises(PersonakitError, match="variables=: 'nope' is not a variable"):
        PersonaSet.from_labels(survey, labels, variables=["nope"])
    with pytest.raises(PersonakitError, match="kind 'text'"):
        PersonaSet.from_labels(survey, labels, variables=["why"])
    with pytest.raises(PersonakitError, match="survey must be a personakit.Survey"):
        PersonaSet.from_labels("survey.csv", labels)
    only_text = Survey(survey.responses[["why"]], survey.codebook.iloc[[-3]])
    with pytest.raises(PersonakitError, match="no variable a persona profile can describe"):
        PersonaSet.from_labels(only_text, labels)


def test_unlabelled_respondents_are_left_out_and_counted(planted):
    survey, labels, _ = planted
    partial = labels.astype(float)
    partial.iloc[:40] = np.nan
    personas = PersonaSet.from_labels(survey, partial.iloc[:-10])
    assert personas.settings["n_unassigned"] == 50
    assert sum(p.size for p in personas) == len(labels) - 50
    assert "50 without a persona left out" in personas.to_markdown()


def test_one_persona_is_described_without_comparisons(planted):
    survey, labels, _ = planted
    personas = PersonaSet.from_labels(survey, pd.Series(1, index=labels.index))
    assert len(personas) == 1 and personas[1].traits.empty
    assert personas[1].description.startswith("All profiled respondents")
    assert personas.to_frame()["p_adj"].isna().all()
    assert personas[1].name == "Persona 1"
    personas.to_html()
    personas.to_markdown()


def test_survey_is_not_modified_and_row_order_does_not_matter(planted):
    survey, labels, personas = planted
    before = survey.responses.copy()
    PersonaSet.from_labels(survey, labels)
    pd.testing.assert_frame_equal(survey.responses, before)
    order = np.random.default_rng(1).permutation(len(labels))
    shuffled = Survey(survey.responses.iloc[order], survey.codebook)
    again = PersonaSet.from_labels(shuffled, labels.iloc[order])
    assert again.names == personas.names
    cols = ["persona", "variable", "level", "share_in", "mean_in", "effect", "p_adj"]
    pd.testing.assert_frame_equal(again.to_frame()[cols], personas.to_frame()[cols])


def test_a_dataframe_is_accepted():
    survey, labels = make_survey(n=200, seed=8, text=False)
    frame = survey.responses.drop(columns=["size"])
    personas = PersonaSet.from_labels(frame, labels)
    assert "Q1_1" in set(personas.to_frame()["variable"])


# -- exports ----------------------------------------------------------------------------
def test_to_frame_is_tidy(planted):
    _, _, personas = planted
    frame = personas.to_frame()
    assert list(frame.columns) == ["persona", "name", *PROFILE_COLUMNS[1:]]
    assert not frame.duplicated(["persona", "variable", "level", "statistic"]).any()
    assert set(frame["statistic"]) == {"share", "mean"}
    assert frame["persona"].dtype == np.int64 and frame["significant"].dtype == bool


def test_pivot_puts_personas_side_by_side(planted):
    _, _, personas = planted
    wide = personas.pivot("share_in")
    assert list(wide.columns) == [1, 2, 3]
    assert wide.loc[("Q1_1", "Strongly agree"), 1] == pytest.approx(
        _row(personas, 1, "Q1_1", "Strongly agree")["share_in"]
    )
    means = personas.pivot("mean_in")
    assert ("score", "(mean)") in means.index and ("role", "Analyst") not in means.index
    with pytest.raises(PersonakitError, match="values='trait' is not a numeric profile column"):
        personas.pivot("trait")


def test_json_is_byte_identical_and_round_trips(planted, tmp_path):
    survey, labels, personas = planted
    text = personas.to_json()
    assert PersonaSet.from_labels(survey, labels).to_json() == text
    data = json.loads(text)
    assert data["schema"] == "personakit.PersonaSet" and data["schema_version"] == 1
    back = PersonaSet.from_dict(data)
    assert back.to_json() == text
    assert back.names == personas.names
    assert list(back[2].members) == list(personas[2].members)
    assert back.to_markdown() == personas.to_markdown()
    assert back[1].traits["trait"].tolist() == personas[1].traits["trait"].tolist()
    path = tmp_path / "personas.json"
    personas.to_json(path)
    assert path.read_text(encoding="utf-8") == text
    no_labels = json.loads(personas.to_json(include_labels=False))
    assert no_labels["labels"] is None
    with pytest.raises(PersonakitError, match="overlap_table needs the survey"):
        back.overlap_table()
    with pytest.raises(PersonakitError, match="schema_version 99 is not supported"):
        PersonaSet.from_dict({**data, "schema_version": 99})
    with pytest.raises(PersonakitError, match="expected 'personakit.PersonaSet'"):
        PersonaSet.from_dict({"schema": "other"})
    assert Persona.from_dict(personas[3].to_dict()).to_dict() == personas[3].to_dict()


EVIL_SCRIPT = "<script>alert(1)</script>"
EVIL_IMG = '"><img src=x onerror=alert(1)>'


def _evil_survey():
    survey, labels = make_survey(n=300, seed=9)
    responses = survey.responses.copy()
    why = responses["why"].astype(object)
    why[labels == 1] = f"Great product {EVIL_SCRIPT} really"
    responses["why"] = pd.array(why.tolist(), dtype="string")
    role = responses["role"].astype(str)
    role[labels == 2] = EVIL_IMG
    responses["role"] = pd.Categorical(role)
    codebook = survey.codebook.copy()
    codebook.loc[codebook["variable"] == "Q1_1", "sub_label"] = f"Price {EVIL_IMG} matters"
    codebook.loc[codebook["variable"] == "size", "question"] = f"Size {EVIL_SCRIPT}"
    return PersonaSet.from_labels(Survey(responses, codebook), labels).rename({3: EVIL_SCRIPT})


def test_html_escapes_user_text():
    personas = _evil_survey()
    for html in (
        personas.to_html(),
        personas._repr_html_(),
        personas[1]._repr_html_(),
        personas.to_html(full_page=True),
    ):
        assert "<script>" not in html and "<img" not in html
        assert "onerror=alert(1)>" not in html
    page = personas.to_html()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert any(EVIL_SCRIPT in q["text"] for q in personas[1].quotes)


def test_markdown_escapes_user_text():
    markdown = _evil_survey().to_markdown()
    assert not re.search(r"(?<!\\)<[A-Za-z/!]", markdown)  # no tag can open
    assert "\\<script\\>alert(1)\\</script\\>" in markdown


def test_displays_and_write_html(planted, tmp_path):
    _, _, personas = planted
    assert repr(personas).startswith("<PersonaSet: 3 personas from 900 respondents: 1 '")
    assert repr(personas[1]).startswith(f"<Persona 1 {personas[1].name!r}: ")
    html = personas._repr_html_()
    assert html.count('class="pk-card"') == 3 and "<svg" in html
    out = personas.write_html(tmp_path / "personas.html")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.count('class="pk-card"') == 3
    assert "http://" not in text and "https://" not in text
    with pytest.raises(PersonakitError, match="does not exist"):
        personas.write_html(tmp_path / "missing" / "p.html")
    markdown = personas.to_markdown()
    assert markdown.startswith("# Personas") and markdown.count("\n## ") == 3
    assert "### In their words" in markdown
    summary = personas.summary()
    assert summary["size"].sum() == 900 and list(summary["persona"]) == [1, 2, 3]


def test_overlap_table_lists_shared_traits_and_members():
    survey, labels = make_survey(n=60, seed=10, text=False)
    personas = PersonaSet.from_labels(survey, labels)
    table = personas.overlap_table(min_share=0.6)
    assert list(table.columns) == [
        "persona",
        "name",
        "variable",
        "label",
        "level",
        "trait",
        "n_members",
        "n_sharing",
        "share",
        "share_others",
        "members",
    ]
    assert (table["share"] >= 0.6).all()
    for row in table.to_dict("records"):
        members = row["members"].split("; ")
        assert len(members) == row["n_sharing"]
        assert set(members) <= set(personas[row["persona"]].members)
    buying = table[(table["persona"] == 2) & (table["variable"] == "buying")]
    assert buying["level"].tolist() == ["Evaluator"] and buying["share"].iloc[0] == 1.0
    with pytest.raises(PersonakitError, match="min_share=1.5"):
        personas.overlap_table(min_share=1.5)
    cut = personas.overlap_table(max_members=3)
    assert cut["members"].str.contains(r"; … \(\+\d+ more\)$").any()
    assert (cut["members"].str.split("; ").str.len() <= 4).all()


def test_public_names_resolve():
    assert personakit.personas.PersonaSet is PersonaSet
    assert personakit.personas.Persona is Persona


def test_nps_is_profiled_as_promoter_shares_and_mean():
    rng = np.random.default_rng(12)
    labels = pd.Series(np.repeat([1, 2], 150), index=[f"r{i}" for i in range(300)])
    nps = np.where(labels == 1, rng.integers(8, 11, 300), rng.integers(0, 9, 300)).astype(float)
    survey = Survey(
        pd.DataFrame({"nps": nps}, index=labels.index),
        pd.DataFrame(
            {
                "variable": ["nps"],
                "kind": ["nps"],
                "question": ["How likely are you to recommend us?"],
            }
        ),
    )
    personas = PersonaSet.from_labels(survey, labels)
    promoters = _row(personas, 1, "nps", "Promoter (9–10)")
    assert promoters["share_in"] == pytest.approx(np.mean(nps[:150] >= 9))
    assert promoters["share_out"] == pytest.approx(np.mean(nps[150:] >= 9))
    assert promoters["trait"].startswith(
        f"{round(100 * promoters['share_in'])} % answered “Promoter (9–10)” to “How likely"
    )
    assert _row(personas, 1, "nps", statistic="mean")["mean_in"] == pytest.approx(nps[:150].mean())


def test_bundled_sample_survey_end_to_end(sample_dir):
    path = sample_dir / "survey_qualtrics.csv"
    truth_path = sample_dir / "truth" / "respondents.csv"
    answers_path = sample_dir / "truth" / "open_answers.csv"
    survey = personakit.read_survey(path)
    truth = pd.read_csv(truth_path, dtype=str).set_index("respondent_id")
    labels = truth["persona"].reindex(survey.responses.index).astype(float)
    # every answer to Q18 (where the planted e-mails and phones are) becomes a quote
    personas = PersonaSet.from_labels(survey, labels, n_quotes=10_000, text_variables=["Q18"])
    assert len(personas) == 5
    assert len(set(personas.names.values())) == 5
    assert personas[1].name.startswith("Price-sensitive")
    assert personas[5].name.startswith("Multi-site")
    assert any("several locations" in t for t in personas[5].traits["trait"].head(10))
    outputs = personas.to_json() + personas.to_html() + personas.to_markdown()
    answers = pd.read_csv(answers_path, dtype=str)
    with_pii = answers[
        (answers["has_pii"] == "True")
        & (answers["file"] == path.name)
        & (answers["variable"] == "Q18")
    ]
    assert len(with_pii) >= 3
    for text in with_pii["text"]:
        for token in re.findall(r"[\w.]+@[\w.]+|\(?\d[\d ()-]{8,}\d", text):
            assert token not in outputs, token
    quoted = [q["text"] for p in personas for q in p.quotes]
    assert len(quoted) > 300 and any("[EMAIL]" in q or "[PHONE]" in q for q in quoted)
    html = personas.to_html()
    assert "<script>alert" not in html and "<img src=x" not in html


@settings(max_examples=15, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=60),
    k=st.integers(min_value=1, max_value=4),
    seed=st.integers(min_value=0, max_value=10_000),
    missing=st.floats(min_value=0.0, max_value=0.6),
    weighted=st.booleans(),
)
def test_profile_invariants_on_random_surveys(n, k, seed, missing, weighted):
    rng = np.random.default_rng(seed)
    cols = {
        "lik": pd.Categorical(rng.choice(AGREE, n), categories=AGREE, ordered=True),
        "nom": pd.Categorical(rng.choice(["a", "b", "c"], n)),
        "opt": pd.array(rng.random(n) < 0.4, dtype="boolean"),
        "num": rng.normal(size=n),
    }
    responses = pd.DataFrame(cols, index=[f"r{i}" for i in range(n)])
    for column in responses.columns:
        responses.loc[rng.random(n) < missing, column] = np.nan
    kinds = ["likert", "nominal", "multiselect", "numeric"]
    if weighted:
        responses["w"] = rng.uniform(0.2, 3.0, n)
        kinds.append("weight")
    survey = Survey(responses, pd.DataFrame({"variable": list(responses.columns), "kind": kinds}))
    labels = pd.Series(rng.integers(1, k + 1, n), index=responses.index)
    personas = PersonaSet.from_labels(survey, labels)
    frame = personas.to_frame()
    p = frame["p_value"].dropna()
    assert ((p >= 0) & (p <= 1)).all()
    both = frame.dropna(subset=["p_value", "p_adj"])
    assert (both["p_adj"] >= both["p_value"] - 1e-12).all()
    assert frame.loc[frame["effect_type"] == "phi", "effect"].dropna().between(-1, 1).all()
    shares = frame[(frame["statistic"] == "share") & frame["variable"].isin(["lik", "nom"])]
    sums = shares.groupby(["persona", "variable"])["share_in"].sum()
    assert np.allclose(sums[sums > 0], 1.0)
    assert sum(p.size for p in personas) == n
    assert PersonaSet.from_dict(json.loads(personas.to_json())).to_json() == personas.to_json()


def test_answers_without_meaningful_words_are_no_quotes():
    from personakit.personas._members import _clean_quote

    assert _clean_quote("Hard to say but", 300) is None
    assert _clean_quote("Not sure really, I think", 300) is None
    assert _clean_quote("n/a", 300) is None
    assert _clean_quote("Weekend support. Saturday is exactly when nobody answers.", 300)
    long = _clean_quote("The booking page " + "works well " * 40, 60)
    assert long.endswith("…") and len(long) <= 61

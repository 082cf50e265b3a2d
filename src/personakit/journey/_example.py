"""A small, fixed journey map for examples and docstrings.

:func:`example_evidence` is a hand-written evidence table (as
:func:`personakit.analyze_text` returns) for two personas of an online shop:
"Busy parent" dips at the decision stage over hidden fees at checkout,
"Bargain hunter" dips at consideration over a confusing plan comparison.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["example_evidence", "example_map"]

# (stage, emotion, valence, pain_type, theme, text)
_PARENT = {
    "i01": [
        (
            "awareness",
            "curiosity",
            0.45,
            None,
            None,
            "A friend from nursery pickup mentioned it and I was curious.",
        ),
        (
            "awareness",
            "curiosity",
            0.3,
            None,
            None,
            "I saw a post about it while scrolling late at night.",
        ),
        (
            "consideration",
            "curiosity",
            0.25,
            None,
            None,
            "I looked at the reviews on my phone during lunch.",
        ),
        (
            "consideration",
            "trust",
            0.5,
            None,
            None,
            "The reviews from other parents made me trust it more.",
        ),
        (
            "consideration",
            "curiosity",
            0.2,
            None,
            None,
            "I wanted to see whether the weekly box would fit our routine.",
        ),
        (
            "decision",
            "anxiety",
            -0.55,
            "cost",
            "hidden fees at checkout",
            "At checkout a delivery fee appeared that I had not seen anywhere.",
        ),
        (
            "decision",
            "frustration",
            -0.6,
            "cost",
            "hidden fees at checkout",
            "Honestly the extra fees at the last step annoyed me a lot.",
        ),
        (
            "decision",
            "anxiety",
            -0.35,
            "trust",
            "card details",
            "Typing my card details in felt a bit risky to be honest.",
        ),
        (
            "retention",
            "relief",
            0.55,
            None,
            None,
            "The first box arrived on time, which was such a relief.",
        ),
        (
            "retention",
            "joy",
            0.6,
            None,
            None,
            "The kids actually liked the recipes, so that was great.",
        ),
        (
            "advocacy",
            "joy",
            0.5,
            None,
            None,
            "I told two other parents about it at the school gate.",
        ),
    ],
    "i02": [
        (
            "awareness",
            "curiosity",
            0.35,
            None,
            None,
            "I think I first heard about it on a parenting podcast.",
        ),
        (
            "awareness",
            "neutral",
            0.05,
            None,
            None,
            "It came up when I was searching for quick dinner ideas.",
        ),
        (
            "consideration",
            "curiosity",
            0.3,
            None,
            None,
            "I compared it with the supermarket delivery for a week or so.",
        ),
        (
            "consideration",
            "neutral",
            0.0,
            None,
            None,
            "I checked how many meals were in the small plan.",
        ),
        (
            "decision",
            "frustration",
            -0.65,
            "cost",
            "hidden fees at checkout",
            "The price jumped at checkout because of fees nobody mentioned.",
        ),
        (
            "decision",
            "anxiety",
            -0.4,
            "cost",
            "hidden fees at checkout",
            "I almost closed the tab when the total was higher than the plan price.",
        ),
        (
            "decision",
            "anxiety",
            -0.45,
            "trust",
            "cancellation terms",
            "I was worried I could not cancel easily after the trial.",
        ),
        (
            "retention",
            "relief",
            0.45,
            None,
            None,
            "Skipping a week in the app was easy enough when we went away.",
        ),
        ("retention", "neutral", 0.1, None, None, "We get a box most weeks now, it just fits in."),
        (
            "advocacy",
            "trust",
            0.4,
            None,
            None,
            "I would recommend it to anyone juggling work and kids.",
        ),
    ],
    "i03": [
        (
            "awareness",
            "curiosity",
            0.4,
            None,
            None,
            "My sister sent me a discount code and I got curious.",
        ),
        (
            "awareness",
            "excitement",
            0.6,
            None,
            None,
            "The idea of not planning dinners every night sounded amazing.",
        ),
        (
            "consideration",
            "trust",
            0.35,
            None,
            None,
            "Seeing real photos from customers helped me decide to try it.",
        ),
        (
            "consideration",
            "curiosity",
            0.15,
            None,
            None,
            "I read the FAQ about allergies before going further.",
        ),
        (
            "decision",
            "frustration",
            -0.7,
            "cost",
            "hidden fees at checkout",
            "Finding the service fee only on the payment page felt sneaky.",
        ),
        (
            "decision",
            "anxiety",
            -0.3,
            "information",
            "delivery slots",
            "I was not sure which delivery slot would actually work for us.",
        ),
        ("retention", "relief", 0.5, None, None, "Support sorted out a missing item within a day."),
        (
            "retention",
            "joy",
            0.65,
            None,
            None,
            "Cooking together on Sundays has become our thing now.",
        ),
    ],
}

_HUNTER = {
    "i04": [
        (
            "awareness",
            "curiosity",
            0.3,
            None,
            None,
            "I found them on a deals website that lists meal kits.",
        ),
        (
            "awareness",
            "excitement",
            0.55,
            None,
            None,
            "The first-box discount was big enough to get my attention.",
        ),
        (
            "consideration",
            "confusion",
            -0.5,
            "information",
            "confusing plan comparison",
            "I could not work out which plan was cheaper per meal.",
        ),
        (
            "consideration",
            "frustration",
            -0.6,
            "information",
            "confusing plan comparison",
            "Comparing the plans side by side was impossible on their site.",
        ),
        (
            "consideration",
            "frustration",
            -0.45,
            "cost",
            "price per meal",
            "Once the discount ends the price per meal is quite high.",
        ),
        (
            "consideration",
            "confusion",
            -0.35,
            "information",
            "confusing plan comparison",
            "The plan names did not say how many portions you get.",
        ),
        (
            "decision",
            "neutral",
            0.05,
            None,
            None,
            "In the end I picked the smallest plan to test it.",
        ),
        ("decision", "relief", 0.3, None, None, "Paying was quick once I had made up my mind."),
        ("decision", "trust", 0.25, None, None, "Apple Pay made me feel OK about paying."),
        (
            "retention",
            "joy",
            0.5,
            None,
            None,
            "The portions were bigger than I expected, which I liked.",
        ),
        (
            "retention",
            "joy",
            0.45,
            None,
            None,
            "I keep the box because the weekly offers are good.",
        ),
        ("advocacy", "neutral", 0.1, None, None, "I shared my referral code on a deals forum."),
    ],
    "i05": [
        (
            "awareness",
            "curiosity",
            0.25,
            None,
            None,
            "A coupon came through the letterbox with a big discount.",
        ),
        (
            "awareness",
            "curiosity",
            0.35,
            None,
            None,
            "I searched for cheap meal kits and they came up first.",
        ),
        (
            "awareness",
            "neutral",
            0.0,
            None,
            None,
            "I had heard the name before but never looked properly.",
        ),
        (
            "consideration",
            "frustration",
            -0.55,
            "information",
            "confusing plan comparison",
            "Their comparison table left out the delivery costs completely.",
        ),
        (
            "consideration",
            "confusion",
            -0.4,
            "information",
            "confusing plan comparison",
            "I had to open three tabs to compare the plans properly.",
        ),
        (
            "consideration",
            "frustration",
            -0.5,
            "cost",
            "price per meal",
            "Without the voucher it costs more than cooking from scratch.",
        ),
        (
            "consideration",
            "confusion",
            -0.3,
            "information",
            "confusing plan comparison",
            "I was not sure whether the family plan was a better deal.",
        ),
        ("decision", "relief", 0.35, None, None, "The voucher worked first time at checkout."),
        (
            "decision",
            "neutral",
            0.0,
            None,
            None,
            "I chose weekly delivery because it had the best price.",
        ),
        ("decision", "trust", 0.3, None, None, "The money-back promise made it easier to say yes."),
        (
            "retention",
            "joy",
            0.55,
            None,
            None,
            "I was pleasantly surprised by the quality of the meat.",
        ),
        (
            "retention",
            "relief",
            0.4,
            None,
            None,
            "Pausing deliveries is easy, so I never feel trapped.",
        ),
        (
            "retention",
            "joy",
            0.5,
            None,
            None,
            "Every recipe so far has been a hit with my flatmates.",
        ),
        (
            "advocacy",
            "joy",
            0.45,
            None,
            None,
            "I posted my referral link because the credit is generous.",
        ),
        (
            "advocacy",
            "neutral",
            0.05,
            None,
            None,
            "I might leave a review if they send another voucher.",
        ),
    ],
}


def example_evidence() -> pd.DataFrame:
    """The evidence table of the example map (two personas, five B2C stages).

    Returns
    -------
    pandas.DataFrame
        Columns as :func:`personakit.analyze_text` returns them (``evidence_id,
        source_type, source, interview_id, respondent_id, persona, speaker,
        role, line, text, language, analysed, stage, stage_confidence,
        valence, emotion, emotion_confidence, is_pain_point, pain_type,
        theme``).

    Examples
    --------
    >>> from personakit.journey import example_evidence
    >>> ev = example_evidence()
    >>> len(ev), sorted(ev["persona"].unique().tolist())
    (56, [1, 2])
    """
    rows = []
    for persona, interviews in ((1, _PARENT), (2, _HUNTER)):
        for interview_id, sentences in interviews.items():
            for line, (stage, emotion, valence, pain_type, theme, text) in enumerate(
                sentences, start=1
            ):
                source = f"{interview_id}.vtt"
                rows.append(
                    {
                        "evidence_id": f"{source}:{4 * line}:1",
                        "source_type": "interview",
                        "source": source,
                        "interview_id": interview_id,
                        "respondent_id": pd.NA,
                        "persona": persona,
                        "speaker": f"Participant {interview_id[-1]}",
                        "role": "participant",
                        "line": 4 * line,
                        "text": text,
                        "language": "en",
                        "analysed": True,
                        "stage": stage,
                        "stage_confidence": 0.8,
                        "valence": valence,
                        "emotion": emotion,
                        "emotion_confidence": 0.7,
                        "is_pain_point": pain_type is not None,
                        "pain_type": pain_type,
                        "theme": theme,
                    }
                )
    frame = pd.DataFrame(rows)
    frame["persona"] = frame["persona"].astype("Int64")
    frame["line"] = frame["line"].astype("Int64")
    return frame


def example_map(kind: str = "persona"):
    """A small journey map built from :func:`example_evidence` (for examples and tests).

    Parameters
    ----------
    kind : {"persona", "brand", "handoff"}, default "persona"
        The journey's kind.

    Returns
    -------
    JourneyMap
        Two personas ("Busy parent", "Bargain hunter") on the B2C journey of
        an online meal-kit shop, built with ``min_evidence=3``.

    Examples
    --------
    >>> from personakit.journey import example_map
    >>> example_map()
    <JourneyMap 'Online shop' (persona): 2 persona(s) × 5 stages, 56 evidence rows; 1 cell(s) with too little evidence>
    """
    from personakit.journey._build import JourneyMap
    from personakit.journey._model import Journey

    return JourneyMap.build(
        Journey("b2c", kind=kind, name="Online shop"),
        {1: "Busy parent", 2: "Bargain hunter"},
        example_evidence(),
        min_evidence=3,
    )

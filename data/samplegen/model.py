"""The questionnaire, the planted personas and the generating latent class model.

Every closed answer of a respondent is drawn, independently given the persona
(local independence), from the persona's distribution for that variable:

- single-choice and Likert items: a categorical distribution over the labels;
- multi-select options: a Bernoulli per option;
- numeric items: a log-normal, rounded to whole numbers (at least 1).

The exceptions: the attention-check row (always the asked-for answer, unless a
planted failure) and the reverse-worded item Q10_7, which mirrors Q10_1 with a
little noise and so carries no persona information of its own.

Each persona's distribution is blurred toward the population mixture,
``p_k = (1 - BLUR) * own_k + BLUR * sum_j share_j * own_j``, so personas overlap
and no clustering can be perfect. Because the model is explicit, a respondent's
posterior ``P(persona | answers)`` is computed exactly from the same
probabilities (:func:`posterior`); ``truth/respondents.csv`` stores its argmax.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

__all__ = [
    "BLUR",
    "PERSONAS",
    "QUESTIONS",
    "Persona",
    "Question",
    "Model",
]

BLUR = 0.3  # weight of the population mixture in every persona's distributions

AGREE5 = [
    "Strongly disagree",
    "Somewhat disagree",
    "Neither agree nor disagree",
    "Somewhat agree",
    "Strongly agree",
]
IMPORTANCE5 = [
    "Not at all important",
    "Slightly important",
    "Moderately important",
    "Very important",
    "Extremely important",
]
SATISFIED7 = [
    "Extremely dissatisfied",
    "Moderately dissatisfied",
    "Slightly dissatisfied",
    "Neither satisfied nor dissatisfied",
    "Slightly satisfied",
    "Moderately satisfied",
    "Extremely satisfied",
]
SATISFIED5 = [
    "Very dissatisfied",
    "Somewhat dissatisfied",
    "Neither satisfied nor dissatisfied",
    "Somewhat satisfied",
    "Very satisfied",
]
EASE5 = [
    "Very difficult",
    "Somewhat difficult",
    "Neither easy nor difficult",
    "Somewhat easy",
    "Very easy",
]
DONT_KNOW = "Don't know"
ATTENTION_ANSWER = "Somewhat disagree"


@dataclass
class Question:
    """One question of the sample questionnaire."""

    qid: str  # export tag, e.g. "Q10"
    kind: str  # single, grid, multi, numeric, text, nps
    text: str
    page: int
    options: list[str] = field(default_factory=list)  # single/grid/multi labels
    rows: list[tuple[str, str]] = field(default_factory=list)  # grid (row id, statement)
    other_text: bool = False  # multi: last option has a text box
    extra_options: list[str] = field(default_factory=list)  # grid: non-substantive
    stage: str | None = None
    row_stages: dict[str, str] = field(default_factory=dict)
    scale_name: str | None = None

    def variables(self) -> list[str]:
        """Closed-answer variable names (grid rows, options) of this question."""
        if self.kind == "grid":
            return [f"{self.qid}_{rid}" for rid, _ in self.rows]
        if self.kind == "multi":
            return [f"{self.qid}_{i}" for i in range(1, len(self.options) + 1)]
        return [self.qid]


QUESTIONS: list[Question] = [
    Question(
        "Q1",
        "single",
        "Which of these best describes your business?",
        1,
        [
            "Hair or beauty salon",
            "Barbershop",
            "Spa or massage",
            "Fitness or yoga studio",
            "Physio, chiro or wellness clinic",
            "Pet grooming",
            "Home or mobile services",
            "Other",
        ],
    ),
    Question(
        "Q2",
        "single",
        "What is your role in the business?",
        1,
        [
            "Owner or sole operator",
            "Co-owner or partner",
            "Manager",
            "Front desk or admin",
            "Head office or operations",
            "Practitioner or staff member",
        ],
    ),
    Question("Q3", "numeric", "Including yourself, how many people work in your business?", 1),
    Question(
        "Q4",
        "single",
        "How many locations does your business have?",
        1,
        ["1", "2–3", "4–10", "More than 10"],
    ),
    Question(
        "Q5",
        "numeric",
        "In a typical week, roughly how many appointments or classes are booked through Slotwise?",
        1,
    ),
    Question(
        "Q6",
        "numeric",
        "Roughly how much does your business spend on Slotwise per month (in US dollars)?",
        1,
    ),
    Question(
        "Q7",
        "multi",
        "Which Slotwise features do you use regularly? (Select all that apply)",
        2,
        [
            "Online booking page",
            "Automated reminders (text or email)",
            "Staff calendars and rotas",
            "Payments, deposits & no-show fees",
            "Client notes and history",
            "Marketing emails and promotions",
            "Reports and analytics",
            "Other (please specify)",
        ],
        other_text=True,
        stage="retention",
    ),
    Question(
        "Q8",
        "single",
        "How did you first hear about Slotwise?",
        2,
        [
            "Instagram, Facebook or TikTok",
            "Search engine (e.g. Google)",
            "A friend or colleague",
            "Review site (e.g. Capterra, G2)",
            "Industry event or trade show",
            "A Slotwise sales rep contacted us",
            "App store",
            "Other",
        ],
        stage="awareness",
    ),
    Question(
        "Q9",
        "multi",
        "How do you prefer to learn about new tools for your business? (Select all that apply)",
        2,
        [
            "Short videos",
            "Blog articles and guides",
            "Live webinars",
            "Case studies from similar businesses",
            "Talking to a sales rep",
            "Recommendations from peers",
            "Email newsletters",
            "Online communities or forums",
        ],
    ),
    Question(
        "Q10",
        "grid",
        "How much do you agree or disagree with the following statements?",
        3,
        AGREE5,
        rows=[
            ("1", "I prefer to set up new software myself, without talking to anyone"),
            ("2", "Price is the most important factor when I choose software"),
            ("3", "I need one system that works across several locations"),
            ("4", "I worry about the security of my clients' data"),
            ("5", "Managing bookings takes up too much of my time"),
            ("6", "I rarely need help from customer support"),
            ("7", "I would rather have someone else set up new software for me"),
            ("8", "Please select 'Somewhat disagree' for this row"),
        ],
        scale_name="agree5",
    ),
    Question(
        "Q11",
        "grid",
        "When choosing a booking system, how important is each of the following?",
        4,
        IMPORTANCE5,
        rows=[
            ("1", "A low monthly price"),
            ("2", "A good mobile app"),
            ("3", "Managing several locations in one place"),
            ("4", "Integrations with other tools (e.g. accounting, practice software)"),
            ("5", "Phone support from a real person"),
            ("6", "Automated reminders that cut no-shows"),
            ("7", "Data security and compliance"),
        ],
        stage="consideration",
        scale_name="importance5",
    ),
    Question(
        "Q12",
        "grid",
        "How satisfied or dissatisfied are you with each of the following?",
        5,
        SATISFIED7,
        rows=[
            ("1", "Value for money"),
            ("2", "Customer support"),
            ("3", "Reliability"),
            ("4", "The mobile app"),
            ("5", "Reports and analytics"),
            ("6", "The online booking experience for your clients"),
        ],
        extra_options=[DONT_KNOW],
        stage="retention",
        scale_name="satisfied7",
    ),
    Question(
        "Q13",
        "grid",
        "How easy or difficult was each of these steps for you?",
        5,
        EASE5,
        rows=[
            ("1", "Finding information about Slotwise"),
            ("2", "Comparing plans and prices"),
            ("3", "Signing up and paying"),
            ("4", "Importing clients and setting up"),
            ("5", "Getting help when I needed it"),
        ],
        row_stages={
            "1": "awareness",
            "2": "consideration",
            "3": "decision",
            "4": "retention",
            "5": "retention",
        },
        scale_name="ease5",
    ),
    Question(
        "Q14",
        "text",
        "What, if anything, almost stopped you from signing up for Slotwise?",
        6,
        stage="decision",
    ),
    Question(
        "Q15",
        "single",
        "Overall, how satisfied were you with your onboarding (your first few weeks with Slotwise)?",
        6,
        SATISFIED5,
        stage="retention",
        scale_name="satisfied5",
    ),
    Question(
        "Q16",
        "nps",
        "How likely are you to recommend Slotwise to a friend or colleague?",
        6,
        [str(i) for i in range(11)],
        stage="advocacy",
    ),
    Question("Q17", "text", "If you could change one thing about Slotwise, what would it be?", 7),
    Question(
        "Q18",
        "text",
        "What do you like most about Slotwise?",
        7,
    ),
    Question(
        "Q19",
        "single",
        "What is your business's approximate annual revenue?",
        8,
        [
            "Under $50,000",
            "$50,000–$249,999",
            "$250,000–$999,999",
            "$1M–$4.9M",
            "$5M or more",
            "Prefer not to say",
        ],
    ),
    Question(
        "Q20",
        "single",
        "Which Slotwise plan are you on?",
        8,
        ["Free trial", "Starter", "Pro", "Business", "Enterprise", DONT_KNOW],
    ),
    Question(
        "Q21",
        "single",
        "How long have you been using Slotwise?",
        8,
        ["Less than 3 months", "3–11 months", "1–2 years", "More than 2 years"],
    ),
]
QUESTION_BY_ID = {q.qid: q for q in QUESTIONS}
N_PAGES = max(q.page for q in QUESTIONS)
GRIDS = [q for q in QUESTIONS if q.kind == "grid"]
ATTENTION_VAR = "Q10_8"
REVERSE_PAIR = ("Q10_1", "Q10_7")
TEXT_QUESTIONS = ["Q14", "Q17", "Q18"]


@dataclass
class Persona:
    """A planted persona: its survey profile and its journey."""

    id: int
    slug: str
    name: str
    description: str
    share: float
    emotions: dict[str, str]  # stage -> emotion
    top_theme: str
    profile: dict  # variable -> spec (see _distribution)
    traits: list[str]

    @property
    def dip_stage(self) -> str:
        from samplegen.phrases import EMOTION_VALENCE

        negative = [s for s, e in self.emotions.items() if EMOTION_VALENCE[e] < 0]
        assert len(negative) == 1, self.slug
        return negative[0]


def _w(**weights: float) -> dict[str, float]:
    return weights


# Short keys for option labels, so the profiles below stay readable.
_OPT = {
    "Q1": {
        "salon": "Hair or beauty salon",
        "barber": "Barbershop",
        "spa": "Spa or massage",
        "fitness": "Fitness or yoga studio",
        "clinic": "Physio, chiro or wellness clinic",
        "pet": "Pet grooming",
        "mobile": "Home or mobile services",
        "other": "Other",
    },
    "Q2": {
        "owner": "Owner or sole operator",
        "coowner": "Co-owner or partner",
        "manager": "Manager",
        "desk": "Front desk or admin",
        "ho": "Head office or operations",
        "staff": "Practitioner or staff member",
    },
    "Q4": {"one": "1", "few": "2–3", "several": "4–10", "many": "More than 10"},
    "Q8": {
        "social": "Instagram, Facebook or TikTok",
        "search": "Search engine (e.g. Google)",
        "friend": "A friend or colleague",
        "review": "Review site (e.g. Capterra, G2)",
        "event": "Industry event or trade show",
        "sales": "A Slotwise sales rep contacted us",
        "app": "App store",
        "other": "Other",
    },
    "Q19": {
        "u50": "Under $50,000",
        "u250": "$50,000–$249,999",
        "u1m": "$250,000–$999,999",
        "u5m": "$1M–$4.9M",
        "big": "$5M or more",
        "pnts": "Prefer not to say",
    },
    "Q20": {
        "trial": "Free trial",
        "starter": "Starter",
        "pro": "Pro",
        "business": "Business",
        "enterprise": "Enterprise",
        "dk": DONT_KNOW,
    },
    "Q21": {
        "new": "Less than 3 months",
        "months": "3–11 months",
        "years": "1–2 years",
        "long": "More than 2 years",
    },
}


def _profile(
    *,
    q1,
    q2,
    q3,
    q4,
    q5,
    q6,
    q7,
    q8,
    q9,
    q10,
    q11,
    q12,
    q12_dk,
    q13,
    q15,
    nps,
    q19,
    q20,
    q21,
) -> dict:
    """Collect one persona's answer distributions (see module docstring)."""
    prof: dict = {}
    for qid, weights in (("Q1", q1), ("Q2", q2), ("Q4", q4), ("Q8", q8)):
        prof[qid] = ("cat", {_OPT[qid][k]: v for k, v in weights.items()})
    for qid, weights in (("Q19", q19), ("Q20", q20), ("Q21", q21)):
        prof[qid] = ("cat", {_OPT[qid][k]: v for k, v in weights.items()})
    prof["Q3"] = ("lognormal", q3)
    prof["Q5"] = ("lognormal", q5)
    prof["Q6"] = ("lognormal", q6)
    for qid, probs in (("Q7", q7), ("Q9", q9)):
        for i, p in enumerate(probs, start=1):
            prof[f"{qid}_{i}"] = ("bern", p)
    for qid, means in (("Q10", q10), ("Q11", q11), ("Q13", q13)):
        for i, m in enumerate(means, start=1):
            prof[f"{qid}_{i}"] = ("likert", m, 0.0)
    for i, (m, dk) in enumerate(zip(q12, q12_dk), start=1):
        prof[f"Q12_{i}"] = ("likert", m, dk)
    prof["Q15"] = ("likert", q15, 0.0)
    prof["Q16"] = ("likert", nps, 0.0)
    return prof


PERSONAS: list[Persona] = [
    Persona(
        1,
        "solo",
        "Solo Practitioner",
        "Stylists, therapists and trainers working on their own; self-serve, phone-first and "
        "very price-sensitive.",
        0.30,
        {
            "awareness": "curiosity",
            "consideration": "excitement",
            "decision": "anxiety",
            "retention": "relief",
            "advocacy": "joy",
        },
        "solo_price",
        _profile(
            q1=_w(salon=40, barber=14, spa=18, fitness=14, clinic=4, pet=3, mobile=4, other=3),
            q2=_w(owner=90, coowner=3, manager=2, desk=1, staff=4),
            q3=(1.1, 0.25),
            q4=_w(one=96, few=4),
            q5=(24, 0.4),
            q6=(32, 0.3),
            q7=[0.95, 0.85, 0.08, 0.45, 0.5, 0.35, 0.15, 0.04],
            q8=_w(social=42, search=16, friend=25, review=5, event=4, sales=1, app=5, other=2),
            q9=[0.8, 0.35, 0.06, 0.08, 0.03, 0.65, 0.2, 0.3],
            q10=[4.4, 4.7, 1.3, 2.9, 3.3, 3.2],
            q11=[4.8, 3.4, 1.2, 2.0, 3.0, 4.7, 3.2],
            q12=[2.6, 5.0, 5.8, 4.0, 4.5, 6.2],
            q12_dk=[0.01, 0.15, 0.02, 0.08, 0.35, 0.03],
            q13=[4.5, 3.8, 2.4, 4.2, 3.8],
            q15=3.6,
            nps=7.2,
            q19=_w(u50=55, u250=32, u1m=2, pnts=11),
            q20=_w(trial=8, starter=60, pro=28, business=1, dk=3),
            q21=_w(new=30, months=40, years=22, long=8),
        ),
        [
            "works alone (team size 1)",
            "agrees that price is the most important factor",
            "first heard about Slotwise on Instagram, Facebook or TikTok",
            "finds signing up and paying harder than other steps",
            "lower satisfaction with value for money",
        ],
    ),
    Persona(
        2,
        "studio",
        "Studio Owner",
        "Owners of salons and fitness studios with a small team; need staff calendars and "
        "lose weeks to setup and client import.",
        0.25,
        {
            "awareness": "curiosity",
            "consideration": "excitement",
            "decision": "trust",
            "retention": "frustration",
            "advocacy": "joy",
        },
        "studio_setup",
        _profile(
            q1=_w(salon=38, barber=10, spa=14, fitness=30, clinic=4, pet=2, other=2),
            q2=_w(owner=68, coowner=18, manager=12, desk=2),
            q3=(7, 0.35),
            q4=_w(one=80, few=20),
            q5=(130, 0.45),
            q6=(95, 0.35),
            q7=[0.9, 0.85, 0.95, 0.5, 0.45, 0.75, 0.6, 0.06],
            q8=_w(social=14, search=32, friend=22, review=20, event=6, sales=2, app=2, other=2),
            q9=[0.45, 0.6, 0.2, 0.3, 0.08, 0.4, 0.35, 0.15],
            q10=[3.0, 3.6, 2.4, 2.6, 4.6, 2.2],
            q11=[3.8, 4.0, 2.2, 2.8, 3.0, 3.6, 3.0],
            q12=[5.0, 3.0, 5.2, 5.6, 4.2, 4.8],
            q12_dk=[0.01, 0.03, 0.01, 0.05, 0.08, 0.02],
            q13=[3.8, 4.2, 4.4, 1.5, 2.5],
            q15=2.0,
            nps=7.0,
            q19=_w(u50=4, u250=30, u1m=50, u5m=8, pnts=8),
            q20=_w(trial=2, starter=10, pro=72, business=12, dk=4),
            q21=_w(new=10, months=40, years=40, long=10),
        ),
        [
            "team of about 4-12 with staff calendars",
            "finds importing clients and setting up difficult",
            "lower satisfaction with onboarding",
            "agrees that managing bookings takes too much time",
        ],
    ),
    Persona(
        3,
        "mobile",
        "Mobile Pro",
        "Groomers, cleaners, mechanics and trainers who travel to the client; love the "
        "product once they find it, but found it late.",
        0.18,
        {
            "awareness": "frustration",
            "consideration": "curiosity",
            "decision": "relief",
            "retention": "joy",
            "advocacy": "excitement",
        },
        "mobile_findability",
        _profile(
            q1=_w(salon=4, barber=2, spa=5, fitness=12, clinic=2, pet=30, mobile=40, other=5),
            q2=_w(owner=93, coowner=3, manager=1, staff=3),
            q3=(1.5, 0.35),
            q4=_w(one=97, few=3),
            q5=(18, 0.4),
            q6=(28, 0.3),
            q7=[0.7, 0.8, 0.08, 0.85, 0.85, 0.08, 0.12, 0.12],
            q8=_w(social=10, search=22, friend=30, review=5, event=2, sales=1, app=24, other=6),
            q9=[0.55, 0.1, 0.05, 0.05, 0.03, 0.4, 0.05, 0.7],
            q10=[4.5, 3.0, 1.2, 2.0, 4.6, 4.5],
            q11=[3.2, 4.9, 1.2, 2.0, 1.6, 3.6, 2.2],
            q12=[5.6, 5.0, 5.8, 6.2, 4.2, 5.0],
            q12_dk=[0.01, 0.12, 0.02, 0.02, 0.4, 0.03],
            q13=[1.6, 3.8, 4.6, 4.3, 3.9],
            q15=4.5,
            nps=9.0,
            q19=_w(u50=45, u250=42, u1m=4, pnts=9),
            q20=_w(trial=10, starter=80, pro=7, dk=3),
            q21=_w(new=40, months=42, years=14, long=4),
        ),
        [
            "home or mobile services and pet grooming",
            "finds information about Slotwise hard to find",
            "rates a good mobile app as extremely important",
            "promoters (NPS 9-10)",
            "newer customers (under a year)",
        ],
    ),
    Persona(
        4,
        "clinic",
        "Clinic Owner",
        "Owners of physio, chiro and wellness clinics; long-time customers who care about "
        "client data and feel let down by the recent price rise.",
        0.15,
        {
            "awareness": "trust",
            "consideration": "curiosity",
            "decision": "relief",
            "retention": "joy",
            "advocacy": "anger",
        },
        "clinic_price_rise",
        _profile(
            q1=_w(salon=2, spa=18, fitness=6, clinic=70, pet=1, mobile=1, other=2),
            q2=_w(owner=70, coowner=15, manager=10, desk=3, staff=2),
            q3=(8, 0.35),
            q4=_w(one=70, few=28, several=2),
            q5=(140, 0.45),
            q6=(150, 0.3),
            q7=[0.8, 0.9, 0.6, 0.8, 0.95, 0.2, 0.75, 0.08],
            q8=_w(social=5, search=20, friend=40, review=10, event=20, sales=3, other=2),
            q9=[0.15, 0.3, 0.6, 0.45, 0.3, 0.7, 0.4, 0.1],
            q10=[2.4, 2.4, 2.8, 4.8, 3.0, 3.4],
            q11=[2.8, 2.6, 2.6, 4.6, 4.6, 4.2, 4.9],
            q12=[2.2, 3.8, 6.0, 4.2, 5.8, 5.4],
            q12_dk=[0.01, 0.03, 0.01, 0.06, 0.04, 0.02],
            q13=[4.4, 3.6, 4.0, 4.2, 3.8],
            q15=4.3,
            nps=3.4,
            q19=_w(u50=2, u250=22, u1m=55, u5m=12, pnts=9),
            q20=_w(starter=5, pro=55, business=35, dk=5),
            q21=_w(new=2, months=5, years=18, long=75),
        ),
        [
            "physio, chiro or wellness clinics",
            "strongly agrees they worry about client data security",
            "detractors (NPS 0-6)",
            "customers for more than two years",
            "low satisfaction with value for money",
        ],
    ),
    Persona(
        5,
        "multisite",
        "Multi-site Operator",
        "Operations leads at chains and franchises with many locations; sales-led buyers "
        "who could not compare multi-site plans.",
        0.12,
        {
            "awareness": "neutral",
            "consideration": "confusion",
            "decision": "trust",
            "retention": "relief",
            "advocacy": "trust",
        },
        "multisite_plan_info",
        _profile(
            q1=_w(salon=25, barber=22, spa=10, fitness=28, clinic=10, pet=3, other=2),
            q2=_w(owner=10, coowner=5, manager=35, desk=2, ho=45, staff=3),
            q3=(70, 0.6),
            q4=_w(one=1, few=10, several=50, many=39),
            q5=(900, 0.6),
            q6=(1400, 0.55),
            q7=[0.9, 0.85, 0.9, 0.8, 0.5, 0.6, 0.9, 0.08],
            q8=_w(social=3, search=12, friend=10, review=15, event=28, sales=30, other=2),
            q9=[0.15, 0.3, 0.45, 0.75, 0.6, 0.3, 0.3, 0.1],
            q10=[1.9, 2.2, 4.8, 3.2, 3.3, 2.4],
            q11=[2.6, 3.0, 4.9, 4.8, 2.8, 3.6, 4.0],
            q12=[4.4, 3.6, 5.4, 4.4, 6.0, 5.6],
            q12_dk=[0.02, 0.03, 0.01, 0.05, 0.02, 0.02],
            q13=[3.8, 1.6, 3.5, 3.6, 3.2],
            q15=4.4,
            nps=7.4,
            q19=_w(u1m=5, u5m=45, big=42, pnts=8),
            q20=_w(pro=5, business=50, enterprise=40, dk=5),
            q21=_w(new=10, months=30, years=35, long=25),
        ),
        [
            "4 or more locations, head office or operations role",
            "finds comparing plans and prices difficult",
            "needs one system across several locations",
            "prefers case studies, webinars and sales reps",
            "spends over $1,000 a month",
        ],
    ),
]
PERSONA_BY_SLUG = {p.slug: p for p in PERSONAS}

_SPREAD = {5: 0.85, 7: 1.15, 11: 1.6}  # sd of the discretised normal, in scale points


def _likert_probs(mean: float, n_levels: int, dk: float) -> list[float]:
    sd = _SPREAD[n_levels]
    raw = [math.exp(-((i + 1 - mean) ** 2) / (2 * sd * sd)) for i in range(n_levels)]
    total = sum(raw)
    probs = [r / total for r in raw]
    probs = [0.97 * p + 0.03 / n_levels for p in probs]
    if dk:
        probs = [p * (1 - dk) for p in probs] + [dk]
    return probs


def _reverse_answer(answer: str, options: list[str], rng: random.Random) -> str:
    """The reverse-worded twin: the mirrored answer, off by one point now and then.

    It depends on the persona only through the first item, so it adds nothing to
    the likelihood given that item; :meth:`Model.log_likelihoods` skips it.
    """
    mirrored = len(options) - 1 - options.index(answer)
    shift = rng.choices([-1, 0, 1], weights=[0.2, 0.6, 0.2])[0]
    return options[min(max(mirrored + shift, 0), len(options) - 1)]


def _norm_cdf(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


class Model:
    """The generating model: per persona and variable, a distribution over answers."""

    def __init__(self, personas: list[Persona] = PERSONAS, blur: float = BLUR) -> None:
        self.personas = personas
        self.blur = blur
        self.shares = [p.share for p in personas]
        total = sum(self.shares)
        self.shares = [s / total for s in self.shares]
        self.levels: dict[str, list[str]] = {}
        self.cat: dict[str, list[list[float]]] = {}  # var -> per persona probs over levels
        self.bern: dict[str, list[float]] = {}  # var -> per persona P(selected)
        self.lognormal: dict[str, list[tuple[float, float]]] = {}  # var -> (mu, sigma)
        self._build()

    # -- construction ---------------------------------------------------------------
    def _build(self) -> None:
        for q in QUESTIONS:
            if q.kind in ("single", "nps"):
                self._categorical(q.qid, q.options, q)
            elif q.kind == "grid":
                for rid, _ in q.rows:
                    var = f"{q.qid}_{rid}"
                    if var in (ATTENTION_VAR, REVERSE_PAIR[1]):
                        continue
                    self._categorical(var, q.options + q.extra_options, q)
            elif q.kind == "multi":
                for var in q.variables():
                    own = [p.profile[var][1] for p in self.personas]
                    mix = sum(s * o for s, o in zip(self.shares, own))
                    self.bern[var] = [(1 - self.blur) * o + self.blur * mix for o in own]
            elif q.kind == "numeric":
                self.lognormal[q.qid] = [
                    (math.log(p.profile[q.qid][1][0]), p.profile[q.qid][1][1])
                    for p in self.personas
                ]

    def _categorical(self, var: str, levels: list[str], q: Question) -> None:
        own = []
        for p in self.personas:
            spec = p.profile[var]
            if spec[0] == "likert":
                n = len(q.options)
                mean = spec[1] + 1 if q.kind == "nps" else spec[1]  # NPS labels start at 0
                probs = _likert_probs(mean, n, spec[2])
                if len(levels) > len(probs):  # a grid with "Don't know" the persona never uses
                    probs = probs + [0.0] * (len(levels) - len(probs))
            else:
                weights = [spec[1].get(level, 0.0) for level in levels]
                total = sum(weights)
                probs = [0.98 * w / total + 0.02 / len(levels) for w in weights]
            own.append(probs)
        mix = [sum(s * o[i] for s, o in zip(self.shares, own)) for i in range(len(levels))]
        self.levels[var] = list(levels)
        self.cat[var] = [
            [(1 - self.blur) * o[i] + self.blur * mix[i] for i in range(len(levels))] for o in own
        ]

    # -- sampling -------------------------------------------------------------------
    def sample_persona(self, rng: random.Random) -> int:
        """Index (0-based) of a persona drawn by share."""
        return rng.choices(range(len(self.personas)), weights=self.shares)[0]

    def sample(self, k: int, rng: random.Random) -> dict:
        """One respondent's closed answers from persona index ``k``.

        Returns a dict: categorical variables -> label, multi-select option
        variables -> bool, numeric variables -> int.
        """
        answers: dict = {}
        for q in QUESTIONS:
            if q.kind in ("single", "nps", "grid"):
                for var in q.variables():
                    if var == ATTENTION_VAR:
                        answers[var] = ATTENTION_ANSWER
                        continue
                    if var == REVERSE_PAIR[1]:
                        answers[var] = _reverse_answer(answers[REVERSE_PAIR[0]], q.options, rng)
                        continue
                    answers[var] = rng.choices(self.levels[var], weights=self.cat[var][k])[0]
            elif q.kind == "multi":
                # a respondent who answers a select-all question picks at least one option
                # (the likelihood below conditions on that)
                while True:
                    picks = {var: rng.random() < self.bern[var][k] for var in q.variables()}
                    if any(picks.values()):
                        break
                answers.update(picks)
            elif q.kind == "numeric":
                # the blur is a mixture: with probability BLUR, another persona's draw
                j = k if rng.random() >= self.blur else self.sample_persona(rng)
                mu, sigma = self.lognormal[q.qid][j]
                answers[q.qid] = max(1, round(math.exp(rng.gauss(mu, sigma))))
        return answers

    # -- likelihood -----------------------------------------------------------------
    def _numeric_prob(self, var: str, value: float, k: int) -> float:
        def own(j: int) -> float:
            mu, sigma = self.lognormal[var][j]
            hi = _norm_cdf((math.log(value + 0.5) - mu) / sigma)
            lo = 0.0 if value <= 1 else _norm_cdf((math.log(value - 0.5) - mu) / sigma)
            return max(hi - lo, 1e-300)

        mix = sum(s * own(j) for j, s in enumerate(self.shares))
        return (1 - self.blur) * own(k) + self.blur * mix

    def log_likelihoods(self, answers: dict) -> list[float]:
        """Log P(answers | persona) for every persona; unanswered variables are skipped.

        ``answers`` maps variables to labels (categorical), bool (multi-select
        options) or numbers (numeric); a value of ``None`` means not answered.
        Multi-select options count only when the question was answered (the caller
        passes ``None`` for every option of an unanswered question).
        """
        out = []
        multis = [q for q in QUESTIONS if q.kind == "multi"]
        for k in range(len(self.personas)):
            ll = 0.0
            for var, value in answers.items():
                if value is None:
                    continue
                if var in self.cat:
                    ll += math.log(self.cat[var][k][self.levels[var].index(value)])
                elif var in self.bern:
                    p = self.bern[var][k]
                    ll += math.log(p if value else 1 - p)
                elif var in self.lognormal:
                    ll += math.log(self._numeric_prob(var, float(value), k))
            for q in multis:  # condition on "at least one option picked"
                if answers.get(q.variables()[0]) is not None:
                    none = math.prod(1 - self.bern[v][k] for v in q.variables())
                    ll -= math.log(1 - none)
            out.append(ll)
        return out

    def posterior(self, answers: dict) -> list[float]:
        """P(persona | answers) under the model (persona shares as the prior)."""
        lls = [math.log(s) + ll for s, ll in zip(self.shares, self.log_likelihoods(answers))]
        top = max(lls)
        weights = [math.exp(v - top) for v in lls]
        total = sum(weights)
        return [w / total for w in weights]

"""Plain-words text for persona profiles: trait sentences, draft names, descriptions.

Everything here is deterministic: the same profile gives the same words.
Trait sentences read like "72 % strongly agree that price matters most, vs 31 %
of others"; draft names like "Price-sensitive evaluator" come from a small
lexicon of concepts (price, time, security, support, ...) matched in the
persona's strongest traits, and a noun from its decision role or job role.
"""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = [
    "describe_row",
    "draft_description",
    "draft_names",
    "fmt_num",
    "pain_kind",
    "clean_question",
    "pct",
    "positive_sign",
    "variable_label",
]


def pct(x: Any) -> str:
    """Format a share as a whole percentage, e.g. ``"72 %"`` (``"–"`` for NaN).

    Parameters
    ----------
    x : float
        A share between 0 and 1.

    Returns
    -------
    str
        The percentage.

    Examples
    --------
    >>> pct(0.7249), pct(float("nan"))
    ('72 %', '–')
    """
    if x is None or not math.isfinite(float(x)):
        return "–"
    return f"{round(100 * float(x))} %"


def fmt_num(x: Any) -> str:
    """Format a number with about three significant digits and thousands separators.

    Parameters
    ----------
    x : float
        The number.

    Returns
    -------
    str
        The formatted number (``"–"`` for NaN).

    Examples
    --------
    >>> fmt_num(4.4321), fmt_num(12.345), fmt_num(250.4), fmt_num(1234567.0), fmt_num(0.4567)
    ('4.4', '12.3', '250', '1,234,567', '0.46')
    """
    if x is None or not math.isfinite(float(x)):
        return "–"
    x = float(x)
    a = abs(x)
    if a >= 1000:
        return f"{x:,.0f}"
    if a >= 100:
        return f"{x:.0f}"
    if a >= 1:
        return f"{x:.1f}"
    return f"{x:.2f}"


def variable_label(name: str, kind: str, question: str, sub_label: Any) -> str:
    """The words that name a variable on a card: the grid statement or option, else the question.

    Parameters
    ----------
    name : str
        Variable name (used when the codebook has no text).
    kind : str
        Codebook kind.
    question : str
        Question text.
    sub_label : str or None
        Grid statement or multi-select option.

    Returns
    -------
    str
        The label.

    Examples
    --------
    >>> variable_label("Q5_2", "likert", "How much do you agree?", "Price matters most")
    'Price matters most'
    >>> variable_label("age", "numeric", "", None)
    'age'
    >>> variable_label("Q16_G", "nominal", "How likely are you to recommend us?", "Group")
    'How likely are you to recommend us? – Group'
    """
    question = clean_question(question) if isinstance(question, str) else ""
    if isinstance(sub_label, str) and sub_label.strip():
        sub = sub_label.strip()
        if kind in ("nominal", "ordinal", "numeric", "nps") and len(sub.split()) <= 2 and question:
            return f"{question} – {sub}"
        return sub
    if question:
        return question
    return name


_INSTRUCTION = re.compile(
    r"\s*\((?:please\s+)?(?:select|choose|tick|check|mark)\s+(?:all|any|up to \d+|one|"
    r"as many)[^)]*\)|\s*\(please specify\)",
    re.IGNORECASE,
)


def clean_question(question: str) -> str:
    """Question text without answering instructions such as "(Select all that apply)".

    Parameters
    ----------
    question : str
        The question text.

    Returns
    -------
    str
        The cleaned text.

    Examples
    --------
    >>> clean_question("Which features do you use? (Select all that apply)")
    'Which features do you use?'
    """
    return " ".join(_INSTRUCTION.sub("", question or "").split())


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    if len(text) >= 2 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _is_question(label: str) -> bool:
    return label.rstrip().endswith("?")


def describe_row(row: dict[str, Any], info: Any) -> tuple[str, str]:
    """Plain-words sentence and compact phrase for one profile row.

    Parameters
    ----------
    row : dict
        A row of the profile table (``statistic``, ``level``, shares, means,
        ``effect``).
    info : VariableInfo
        The variable's codebook information.

    Returns
    -------
    trait : str
        A sentence, e.g. ``"72 % strongly agree that price matters most, vs 31 % of others"``.
    short : str
        A compact phrase for card sections, e.g. ``"Price matters most: 72 % strongly agree (vs 31 %)"``.

    Examples
    --------
    >>> from personakit.personas._profile import VariableInfo
    >>> info = VariableInfo("Q1_2", "likert", "Q1", "Agree?", "Price matters most",
    ...                     "Price matters most", None, None)
    >>> row = {"statistic": "share", "level": "Strongly agree", "share_in": 0.72,
    ...        "share_out": 0.31, "effect": 0.4, "mean_in": None, "mean_out": None}
    >>> describe_row(row, info)[0]
    '72 % strongly agree that price matters most, vs 31 % of others'
    """
    label = info.label
    effect = row.get("effect")
    lower = effect is not None and math.isfinite(effect) and effect < 0
    if row["statistic"] == "share":
        level = str(row["level"])
        p_in = pct(row["share_in"])
        has_out = row.get("share_out") is not None and math.isfinite(row["share_out"])
        p_out = pct(row["share_out"]) if has_out else "–"
        others = f", vs {p_out} of others" if has_out else ""
        versus = f" ({p_in} vs {p_out})" if has_out else f" ({p_in})"
        only = "only " if lower else ""
        if info.kind == "multiselect":
            question = clean_question(info.question)
            context = question if question and question != level else ""
            context = f" ({context})" if context else ""
            trait = f"{only}{p_in} chose “{level}”{context}{others}"
            short = f"{level}{versus}"
        elif (
            info.kind in ("likert", "ordinal")
            and "agree" in level.lower()
            and not _is_question(label)
        ):
            trait = f"{only}{p_in} {level.lower()} that {_lower_first(label)}{others}"
            short = (
                f"{label}: {p_in} {level.lower()}" + (f" (vs {p_out})" if has_out else "")
            ).strip()
        elif _is_question(label):
            trait = f"{only}{p_in} answered “{level}” to “{label}”{others}"
            short = f"{level} — {label}{versus}"
        else:
            trait = f"{label}: “{level}” for {only}{p_in}{others}"
            short = f"{label}: {level}{versus}"
        return _capitalise(trait), short
    m_in = fmt_num(row["mean_in"])
    has_out = row.get("mean_out") is not None and math.isfinite(row["mean_out"])
    scale = f" on the {info.scale_text}" if info.scale_text else ""
    others = f", vs {fmt_num(row['mean_out'])} for others" if has_out else ""
    trait = f"{label}: average {m_in}{scale}{others}"
    anchor = ""
    if info.level_values and info.levels:
        anchor = f" ({_lower_first(info.levels[-1])} = {info.level_values[-1]:g})"
    short = f"{label}{anchor}: average {m_in}" + (
        f" (vs {fmt_num(row['mean_out'])})" if has_out else ""
    )
    return _capitalise(trait), short


# -- draft names -------------------------------------------------------------------------
# (pattern, adjective when the persona has more of it, adjective when it has less)
_CONCEPTS: tuple[tuple[str, str, str | None], ...] = (
    (
        r"several locations|multiple locations|multi[- ]?sites?|multi[- ]?locations?|"
        r"across (?:all |every |our )?(?:sites|locations|branches|clinics|stores)|group[- ]wide|"
        r"every site",
        "Multi-site",
        None,
    ),
    (
        r"someone else|set up for me|done for me|hand-?holding|guidance|guided|walk me through",
        "Guidance-seeking",
        "Self-reliant",
    ),
    (
        r"myself|self[- ]serv\w*|on my own|without talking to anyone|do it yourself|diy|"
        r"independent\w*",
        "Self-reliant",
        "Guidance-seeking",
    ),
    (
        r"price|prices|pricing|cost|costs|cheap\w*|afford\w*|budget\w*|discount\w*|deals?|"
        r"expensive|value for money|save money|savings?|coupons?",
        "Price-sensitive",
        "Premium-minded",
    ),
    (r"secur\w*|privacy|complian\w*|gdpr|data protection", "Security-minded", None),
    (r"risks?|risky|safe|safety|guarantee\w*|reassur\w*|trust\w*", "Risk-averse", None),
    (r"quality|reliab\w*|durab\w*|premium", "Quality-focused", None),
    (
        r"easy|ease|simple|simplicity|intuitive|usab\w*|user-friendly|hassle",
        "Simplicity-seeking",
        None,
    ),
    (
        r"support|helpdesk|help desk|assistance|customer success|service|need help",
        "Support-seeking",
        "Self-sufficient",
    ),
    (
        r"fast|faster|quick\w*|speed|busy|efficien\w*|deadlines?|time[- ]saving|save time|"
        r"slow|slowness|delays?|waiting|too much (?:of (?:my|our) )?time|time[- ]consuming",
        "Time-pressed",
        None,
    ),
    (r"integrat\w*|api|apis|workflows?", "Integration-focused", None),
    (r"automat\w*|manual", "Automation-minded", None),
    (r"legacy|outdated|moderni[sz]\w*|migrat\w*|digiti[sz]\w*", "Modernising", None),
    (
        r"data|analytics?|reports?|reporting|metrics?|insights?|dashboards?|kpis?",
        "Data-driven",
        None,
    ),
    (r"teams?|collaborat\w*|colleagues?|together", "Collaborative", None),
    (
        r"reviews?|ratings?|recommendations?|peers?|word of mouth|referrals?|testimonials?",
        "Peer-influenced",
        None,
    ),
    (r"brands?|reputation", "Brand-conscious", None),
    (
        r"innovat\w*|latest|newest|new features?|cutting[- ]edge|early adopt\w*|trends?|"
        r"trendy|novel",
        "Innovation-seeking",
        "Tradition-minded",
    ),
    (r"mobile|apps?|smartphones?", "Mobile-first", None),
    (r"sustainab\w*|eco|green|environment\w*|ethical", "Eco-conscious", None),
    (r"convenien\w*|delivery|shipping", "Convenience-seeking", None),
    (
        r"learn\w*|training|educat\w*|courses?|tutorials?|webinars?|guides?",
        "Learning-oriented",
        None,
    ),
    (r"growth|grow|scale|scaling|expand\w*", "Growth-focused", None),
    (
        r"customi[sz]\w*|tailor\w*|personali[sz]\w*|flexib\w*|configur\w*",
        "Customisation-seeking",
        None,
    ),
    (
        r"social media|instagram|tiktok|facebook|linkedin|twitter|youtube|influencers?",
        "Social-media-savvy",
        None,
    ),
    (r"community|communities|forums?|events?|meetups?", "Community-minded", None),
    (r"compar\w*|research\w*|evaluat\w*|alternatives", "Research-driven", None),
)
_CONCEPT_RE = tuple(
    (re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), pos, neg) for pattern, pos, neg in _CONCEPTS
)
_NOUNS: tuple[tuple[str, str], ...] = (
    (
        r"decision[- ]?makers?|economic buyer|budget (?:holder|owner)|final (?:say|decision)|"
        r"signs? off",
        "decision-maker",
    ),
    (r"champions?", "champion"),
    (r"influencers?|recommends?", "influencer"),
    (r"evaluat\w*|technical buyer|assess\w*", "evaluator"),
    (r"gatekeepers?|procurement|legal|approvers?|veto", "gatekeeper"),
    (r"end[- ]?users?|users?", "user"),
    (r"buyers?|purchas\w*", "buyer"),
    (r"initiators?", "initiator"),
)
_NOUN_RE = tuple((re.compile(rf"\b(?:{p})\b", re.IGNORECASE), noun) for p, noun in _NOUNS)
_ROLE_LABEL = re.compile(
    r"\b(role|title|job|position|occupation|profession|function|seniority|level|type)\b",
    re.IGNORECASE,
)
_PERSON_ROLES = ("demographic", "firmographic", "decision_role")
# roles whose traits name a persona best come first (channels say little about who they are)
_ROLE_PRIORITY = {
    "goal": 0,
    "need": 1,
    "pain": 2,
    "attitude": 3,
    "behaviour": 4,
    "satisfaction": 5,
    "content_preference": 6,
    "channel": 8,
    "touchpoint": 8,
}


def positive_sign(row: dict[str, Any], info: Any) -> int:
    """+1 when a profile row says the persona has *more* of something, -1 less, 0 unclear.

    More: a nominal level or multi-select option chosen more often, a higher
    mean, or an upper-half scale level chosen more often; less: a lower mean or
    a lower-half scale level chosen more often.

    Parameters
    ----------
    row : dict
        A profile row.
    info : VariableInfo
        Its variable.

    Returns
    -------
    int
        +1, -1 or 0.

    Examples
    --------
    >>> from personakit.personas._profile import VariableInfo
    >>> info = VariableInfo("q", "likert", "q", "", None, "q", None, None, levels=["No", "Meh", "Yes"])
    >>> positive_sign({"statistic": "share", "level": "No", "effect": 0.3}, info)
    -1
    """
    effect = row["effect"]
    if effect is None or not math.isfinite(effect) or effect == 0:
        return 0
    if row["statistic"] == "mean":
        return 1 if effect > 0 else -1
    if info.kind == "multiselect" or info.kind == "nominal":
        return 1 if effect > 0 else 0
    levels = info.levels
    if row["level"] not in levels or len(levels) < 2:
        return 0
    position = levels.index(row["level"]) / (len(levels) - 1)
    if abs(position - 0.5) < 1e-9:
        return 0
    upper = position > 0.5
    if effect > 0:
        return 1 if upper else -1
    return 0


_NEGATION = re.compile(
    r"\b(?:rarely|never|seldom|hardly|not|no|don'?t|doesn'?t|didn'?t|without|barely)\b",
    re.IGNORECASE,
)


def _negated(text: str, start: int) -> bool:
    """Whether one of the three words before position ``start`` negates what follows."""
    before = text[:start].split()[-3:]
    return bool(_NEGATION.search(" ".join(before)))


def _short_words(text: str, limit: int = 3) -> bool:
    return bool(text) and len(text.split()) <= limit and not re.search(r"\d", text)


def _noun_and_modifiers(
    traits: list[dict[str, Any]], infos: dict[str, Any]
) -> tuple[str, list[str]]:
    noun = None
    modifiers: list[str] = []
    for row in traits:
        info = infos[row["variable"]]
        if info.role not in _PERSON_ROLES or row["statistic"] != "share" or row["effect"] <= 0:
            continue
        level = str(row["level"])
        if noun is None and info.role == "decision_role":
            for pattern, candidate in _NOUN_RE:
                if pattern.search(level):
                    noun = candidate
                    break
        first_choice = re.split(r"\s+(?:or|and|/)\s+|\s*/\s*", level)[0].strip()
        if (
            noun is None
            and info.role in ("demographic", "decision_role")
            and _ROLE_LABEL.search(info.label)
            and _short_words(first_choice)
        ):
            noun = _lower_first(first_choice)
        if info.role == "firmographic" and _short_words(level, 2):
            modifiers.append(level)
    return noun or "customer", modifiers


def draft_names(
    persona_traits: dict[int, list[dict[str, Any]]], infos: dict[str, Any]
) -> dict[int, str]:
    """Deterministic draft names such as "Price-sensitive evaluator", unique across personas.

    Parameters
    ----------
    persona_traits : dict
        Persona id -> its distinguishing profile rows (dicts), strongest first.
    infos : dict
        Variable name -> VariableInfo.

    Returns
    -------
    dict
        Persona id -> name.

    Examples
    --------
    >>> draft_names({1: [], 2: []}, {})
    {1: 'Persona 1', 2: 'Persona 2'}
    """
    names: dict[int, str] = {}
    used: set[str] = set()
    for persona in sorted(persona_traits):
        traits = persona_traits[persona]
        noun, modifiers = _noun_and_modifiers(traits, infos)
        candidates: list[str] = []
        by_role = sorted(
            range(len(traits)),
            key=lambda i: (_ROLE_PRIORITY.get(infos[traits[i]["variable"]].role, 7), i),
        )
        for row in (traits[i] for i in by_role):
            info = infos[row["variable"]]
            if info.role in _PERSON_ROLES:
                continue
            sign = positive_sign(row, info)
            if sign == 0:
                continue
            text = f"{info.label} {row['level'] or ''}"
            if info.kind == "multiselect":
                text = str(row["level"])
            for pattern, pos, neg in _CONCEPT_RE:
                match = pattern.search(text)
                if match:
                    if _negated(text, match.start()):
                        sign = -sign  # "I rarely need help from support"
                    adjective = pos if sign > 0 else neg
                    if adjective and adjective not in candidates:
                        candidates.append(adjective)
                    break
        candidates += [m for m in modifiers if m not in candidates]
        name = None
        for adjective in candidates:
            candidate = f"{adjective} {noun}"
            if candidate.lower() not in used:
                name = candidate
                break
        if name is None:
            name = _capitalise(noun) if noun != "customer" and noun.lower() not in used else None
        if name is None or name.lower() in used:
            name = f"Persona {persona}"
        used.add(name.lower())
        names[persona] = name
    return names


def draft_description(
    share: float, size: int, traits: list[dict[str, Any]], *, unit: str, n_personas: int
) -> str:
    """One line saying how big the persona is and what sets it apart.

    Parameters
    ----------
    share : float
        Share of the profiled respondents (0-1).
    size : int
        Number of members.
    traits : list of dict
        Distinguishing profile rows, strongest first.
    unit : str
        ``"respondents"`` or ``"accounts"``.
    n_personas : int
        Number of personas in the set.

    Returns
    -------
    str
        The description.

    Examples
    --------
    >>> draft_description(0.25, 30, [{"short": "Slack (80 % vs 20 %)"}], unit="respondents",
    ...                   n_personas=3)
    '25 % of respondents (n = 30). Stands out on: Slack (80 % vs 20 %).'
    """
    head = f"{pct(share)} of {unit} (n = {size})."
    if n_personas < 2:
        return f"All profiled {unit} (n = {size}); there is no other persona to compare with."
    if not traits:
        return (
            f"{head} No answer sets this persona apart from the others at the chosen "
            "false-discovery level."
        )
    return f"{head} Stands out on: " + "; ".join(t["short"] for t in traits[:3]) + "."


_PAIN_KINDS: tuple[tuple[str, str], ...] = (
    (
        r"price|pricing|cost\w*|expensive|budget|fees?|money|overpa\w*|afford\w*|licen[cs]\w*",
        "excess cost",
    ),
    (r"risk\w*|secur\w*|privacy|complian\w*|breach\w*|trust\w*|lock-?in|fail\w*|unsafe", "risk"),
    (
        r"unclear|confus\w*|information|informed|documentation|docs|understand\w*|"
        r"transparen\w*|don'?t know|not sure|hard to find|compar\w*",
        "lack of information",
    ),
    (
        r"missing|lack\w*|can'?t|cannot|unable|no way|missed|opportunit\w*|limit\w*",
        "missed opportunity",
    ),
    (
        r"slow|time|hard|difficult|complex\w*|complicated|manual|hassle|effort\w*|clunky|"
        r"onboarding|setup|set up|wait\w*|delay\w*|friction|broken|bugs?",
        "friction",
    ),
)
_PAIN_RE = tuple((re.compile(rf"\b(?:{p})\b", re.IGNORECASE), kind) for p, kind in _PAIN_KINDS)


def pain_kind(text: str) -> str | None:
    """The kind of a pain point from its words, as persona cards group them.

    Kinds: excess cost, risk, lack of information, missed opportunity,
    friction (checked in that order); ``None`` when no word matches.

    Parameters
    ----------
    text : str
        The pain point (a label, option or answer).

    Returns
    -------
    str or None
        The kind.

    Examples
    --------
    >>> pain_kind("Too expensive for our team"), pain_kind("Onboarding is slow")
    ('excess cost', 'friction')
    """
    for pattern, kind in _PAIN_RE:
        if pattern.search(text or ""):
            return kind
    return None

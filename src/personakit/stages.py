"""Journey stages and the built-in stage sets.

A :class:`Stage` is one step of a customer journey: its name, a description,
and what a journey map records for it (goals, actions, touchpoints, needs,
content preferences). ``examples`` are short phrases a person in that stage
might say; the text tagger (:func:`personakit.analyze_text`) uses the
description and the examples, so a custom stage set works with no training.

Built-in sets (tuples of :class:`Stage`, in journey order):

- ``B2C``: awareness, consideration, decision, retention, advocacy (the default,
  also ``DEFAULT_STAGES``);
- ``FUNNEL``: awareness, interest, consideration, purchase, repurchase;
- ``B2B_BUYING``: awareness, discovery, learning, choosing, purchasing,
  post_purchase (the first three are marketing's, the next sales');
- ``STUDENT``: awareness, consideration, enrollment, orientation,
  studies_support, graduation, alumni.

Examples
--------
>>> from personakit import stages
>>> [s.name for s in stages.B2C]
['awareness', 'consideration', 'decision', 'retention', 'advocacy']
>>> stages.resolve_stages("funnel")[1].name
'interest'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from personakit._errors import PersonakitError

__all__ = [
    "B2B_BUYING",
    "B2C",
    "BUILTIN_STAGE_SETS",
    "DEFAULT_STAGES",
    "FUNNEL",
    "STUDENT",
    "Stage",
    "resolve_stages",
]

_LIST_FIELDS = ("goals", "actions", "touchpoints", "needs", "content_preferences", "examples")
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _\-/&]*$")


def _as_tuple(value: Any, field_name: str, stage_name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, Iterable):
        raise PersonakitError(
            f"Stage {stage_name!r}: {field_name} must be a list of strings, got "
            f"{type(value).__name__} {value!r}."
        )
    out = []
    for item in value:
        if not isinstance(item, str):
            raise PersonakitError(
                f"Stage {stage_name!r}: every item of {field_name} must be a string, got "
                f"{type(item).__name__} {item!r}."
            )
        out.append(item)
    return tuple(out)


@dataclass(frozen=True)
class Stage:
    """One stage of a customer journey.

    Parameters
    ----------
    name : str
        Short identifier used in tables and JSON (e.g. ``"awareness"``). Letters,
        digits, spaces, ``_``, ``-``, ``/`` and ``&``.
    description : str, optional
        One sentence saying what happens in this stage; shown on maps and used by
        the stage tagger.
    goals, actions, touchpoints, needs, content_preferences : list of str, optional
        What the persona wants, does, meets, needs and prefers to read or watch in
        this stage. Shown in the journey map's lanes.
    examples : list of str, optional
        Phrases a customer in this stage might say ("a friend told me about it").
        The stage tagger compares utterances with them.
    label : str, optional
        Display name; defaults to ``name`` with underscores as spaces, capitalised.

    Examples
    --------
    >>> from personakit import Stage
    >>> s = Stage("trial", description="Trying the product for free", examples=["I signed up for the trial"])
    >>> s.label
    'Trial'
    >>> s.renamed("free_trial").name
    'free_trial'
    """

    name: str
    description: str = ""
    goals: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    touchpoints: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    content_preferences: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    label: str = field(default="")

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME_RE.match(self.name.strip()):
            raise PersonakitError(
                f"Stage name {self.name!r} is not usable: give a non-empty name made of letters, "
                "digits, spaces, '_', '-', '/' or '&', e.g. Stage('awareness')."
            )
        object.__setattr__(self, "name", self.name.strip())
        if not isinstance(self.description, str):
            raise PersonakitError(
                f"Stage {self.name!r}: description must be a string, got {self.description!r}."
            )
        for name in _LIST_FIELDS:
            object.__setattr__(self, name, _as_tuple(getattr(self, name), name, self.name))
        if not self.label:
            object.__setattr__(self, "label", self.name.replace("_", " ").capitalize())

    def renamed(self, name: str, *, label: str | None = None) -> Stage:
        """Return a copy of this stage under another name.

        Parameters
        ----------
        name : str
            The new name.
        label : str, optional
            The new display label; by default derived from ``name``.

        Returns
        -------
        Stage
            The renamed copy; this stage is unchanged.

        Examples
        --------
        >>> from personakit import Stage
        >>> Stage("decision").renamed("purchase").label
        'Purchase'
        """
        return replace(self, name=name, label=label or "")

    def to_dict(self) -> dict[str, Any]:
        """Return the stage as a JSON-safe dict (lists for list fields).

        Returns
        -------
        dict
            Keys are the constructor's parameter names.

        Examples
        --------
        >>> from personakit import Stage
        >>> Stage("awareness", description="Learns we exist").to_dict()["description"]
        'Learns we exist'
        """
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Stage:
        """Build a stage from a dict such as :meth:`to_dict` returns.

        Parameters
        ----------
        data : mapping
            Must hold ``name``; other keys are the constructor's parameters.

        Returns
        -------
        Stage
            The stage.

        Examples
        --------
        >>> from personakit import Stage
        >>> Stage.from_dict({"name": "retention", "needs": ["support"]}).needs
        ('support',)
        """
        if not isinstance(data, Mapping) or "name" not in data:
            raise PersonakitError(
                f"A stage must be a mapping with at least a 'name' key, got {data!r}."
            )
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise PersonakitError(
                f"Stage {data.get('name')!r}: unknown key(s) {unknown}; known keys are "
                f"{sorted(known)}."
            )
        return cls(**dict(data))


def _stage(name: str, description: str, examples: Sequence[str], **lanes: Sequence[str]) -> Stage:
    return Stage(name=name, description=description, examples=tuple(examples), **lanes)


B2C: tuple[Stage, ...] = (
    _stage(
        "awareness",
        "The customer first learns that the product or brand exists.",
        [
            "I first heard about it from a friend",
            "I saw an ad for it on Instagram",
            "a colleague mentioned it at lunch",
            "it came up when I was searching for something else",
            "I'd never heard of them before that podcast",
            "I came across them on TikTok",
            "my neighbour kept talking about it",
            "I saw a billboard for it on my way to work",
            "we got a flyer in the post",
            "I didn't even know this kind of thing existed",
            "an influencer I follow was using it",
            "it showed up in my search results",
        ],
        goals=["Understand a problem or need", "Find out what is out there"],
        actions=["Searches the web", "Hears from peers", "Sees ads and posts"],
        touchpoints=["Search", "Social media", "Word of mouth", "Ads"],
        needs=["Education about the problem"],
        content_preferences=["Short articles", "Social posts", "Videos"],
    ),
    _stage(
        "consideration",
        "The customer researches and compares options before choosing.",
        [
            "I compared three or four tools side by side",
            "I read a lot of reviews before deciding",
            "the pricing page was hard to compare with the others",
            "I tried the free trial to see if it fit",
            "I asked around to see what other people were using",
            "I read the reviews on Trustpilot first",
            "I wanted to know if it was worth the money",
            "I wasn't sure which plan I needed",
            "I booked a demo to see how it works",
            "we checked whether it works with the tools we already use",
            "we shortlisted two options",
            "I watched a few comparison videos",
        ],
        goals=["Find the option that fits", "Reduce risk of a bad choice"],
        actions=["Compares options", "Reads reviews", "Tries a demo or trial"],
        touchpoints=["Website", "Review sites", "Comparison pages", "Free trial"],
        needs=["Clear pricing", "Comparisons", "Proof from peers"],
        content_preferences=["Comparisons", "Case studies", "Testimonials"],
    ),
    _stage(
        "decision",
        "The customer commits: buys, signs up or signs the contract.",
        [
            "in the end I went ahead and bought the annual plan",
            "checkout was a bit of a hassle",
            "I almost didn't sign up because of the price",
            "we had to get the contract approved before paying",
            "entering my card details felt risky",
            "I signed up for the yearly plan",
            "I ordered it online",
            "we signed the contract last month",
            "the discount convinced me to buy",
            "I almost abandoned my cart",
            "I finally clicked buy",
            "I chose the basic plan",
        ],
        goals=["Buy with confidence", "Get approval"],
        actions=["Chooses a plan", "Pays or signs", "Seeks approval"],
        touchpoints=["Checkout", "Sales call", "Pricing page", "Contract"],
        needs=["Reassurance", "Clear terms", "Budget approval"],
        content_preferences=["Clear calls to action", "Guarantees", "FAQ"],
    ),
    _stage(
        "retention",
        "The customer starts using the product, gets support and keeps using it.",
        [
            "setting it up took way longer than I expected",
            "onboarding was smooth, I was up and running in a day",
            "I had to contact support twice last month",
            "we use it every day now",
            "I've thought about cancelling a couple of times",
            "the app crashes every time I open it",
            "I use it every morning",
            "support took three days to reply",
            "the delivery arrived late",
            "it keeps logging me out",
            "after the update it got slower",
            "it's part of my routine now",
        ],
        goals=["Get value quickly", "Solve problems when they arise"],
        actions=["Sets up and onboards", "Uses the product", "Contacts support"],
        touchpoints=["Onboarding emails", "App", "Help center", "Support"],
        needs=["Onboarding", "Responsive support"],
        content_preferences=["Tutorials", "Help articles", "Release notes"],
    ),
    _stage(
        "advocacy",
        "The satisfied customer recommends the product or speaks for the brand.",
        [
            "I've recommended it to a few friends",
            "I'd tell anyone in my position to try it",
            "I left a review on the app store",
            "I wouldn't recommend it right now",
            "I keep telling my team how much time it saves",
            "I left a five star review",
            "I shared my referral code",
            "if anyone asks I tell them to get it",
            "I posted about it on LinkedIn",
            "I'd happily vouch for them",
            "I've convinced a couple of friends to switch",
        ],
        goals=["Share something that works", "Be recognised"],
        actions=["Recommends to peers", "Writes reviews", "Joins the community"],
        touchpoints=["Referral program", "Review sites", "Community", "Social media"],
        needs=["Easy ways to share", "Recognition"],
        content_preferences=["Referral offers", "Community events", "User stories"],
    ),
)

FUNNEL: tuple[Stage, ...] = (
    B2C[0],
    _stage(
        "interest",
        "The customer wants to learn more and engages with the brand's content.",
        [
            "I signed up for the newsletter to learn more",
            "I watched a couple of their videos",
            "it looked interesting so I followed them",
        ],
        goals=["Learn more"],
        actions=["Reads content", "Follows the brand"],
        touchpoints=["Website", "Newsletter", "Social media"],
        content_preferences=["Guides", "Videos"],
    ),
    replace(B2C[1]),
    _stage(
        "purchase",
        "The customer buys.",
        list(B2C[2].examples),
        goals=list(B2C[2].goals),
        actions=list(B2C[2].actions),
        touchpoints=list(B2C[2].touchpoints),
        needs=list(B2C[2].needs),
        content_preferences=list(B2C[2].content_preferences),
    ),
    _stage(
        "repurchase",
        "The customer buys again, renews or upgrades.",
        [
            "we renewed for another year",
            "I upgraded to the bigger plan",
            "I ordered again last week",
        ],
        goals=["Keep getting value"],
        actions=["Renews", "Upgrades"],
        touchpoints=["Account page", "Renewal emails"],
        content_preferences=["Loyalty offers", "Release notes"],
    ),
)

B2B_BUYING: tuple[Stage, ...] = (
    _stage(
        "awareness",
        "The buying team recognises a problem and learns which vendors exist.",
        list(B2C[0].examples) + ["our analyst report listed them as a vendor to watch"],
        goals=["Name the problem"],
        actions=["Reads industry content", "Attends events"],
        touchpoints=["Events", "Analyst reports", "Search", "LinkedIn"],
        content_preferences=["Thought leadership", "Reports"],
    ),
    _stage(
        "discovery",
        "The team explores possible approaches and builds a long list.",
        [
            "we put together a long list of vendors",
            "I booked a few intro calls to see what was out there",
            "we looked at whether to build it ourselves",
        ],
        goals=["Explore approaches"],
        actions=["Builds a long list", "Books intro calls"],
        touchpoints=["Website", "Webinars", "Intro calls"],
        content_preferences=["Webinars", "Overviews"],
    ),
    _stage(
        "learning",
        "The team learns the details: requirements, fit, security and cost.",
        [
            "IT needed the security questionnaire filled in",
            "we ran a proof of concept with two vendors",
            "the documentation answered most of our questions",
        ],
        goals=["Check fit and risk"],
        actions=["Runs a proof of concept", "Reviews security"],
        touchpoints=["Demos", "Documentation", "Security review"],
        needs=["Technical detail", "Team alignment"],
        content_preferences=["Technical docs", "Case studies"],
    ),
    _stage(
        "choosing",
        "The team shortlists, compares and picks a vendor.",
        [
            "it came down to two vendors",
            "procurement wanted three quotes",
            "our CFO had the final say",
        ],
        goals=["Pick the best vendor"],
        actions=["Compares shortlisted vendors", "Seeks approval"],
        touchpoints=["Sales calls", "Comparison documents", "References"],
        needs=["Budget approval", "References"],
        content_preferences=["Comparisons", "ROI calculators", "References"],
    ),
    _stage(
        "purchasing",
        "Contract, legal review and payment.",
        [
            "legal took six weeks to review the contract",
            "the purchase order got stuck in procurement",
            "we signed at the end of the quarter",
        ],
        goals=["Sign on good terms"],
        actions=["Negotiates", "Signs the contract"],
        touchpoints=["Contract", "Procurement portal", "Account executive"],
        needs=["Clear terms", "Reassurance"],
        content_preferences=["Clear calls to action", "FAQ"],
    ),
    _stage(
        "post_purchase",
        "Roll-out, onboarding, adoption, support and renewal.",
        list(B2C[3].examples) + ["the roll-out to the wider team is going slowly"],
        goals=["Adoption and value"],
        actions=["Rolls out", "Trains users", "Contacts support"],
        touchpoints=["Onboarding", "Customer success", "Support"],
        needs=["Training", "Responsive support"],
        content_preferences=["Onboarding guides", "Support articles", "Feedback requests"],
        label="Post-purchase",
    ),
)

STUDENT: tuple[Stage, ...] = (
    _stage(
        "awareness",
        "The prospective student learns about the school or program.",
        ["my teacher told me about the program", "I saw them at a college fair"],
        touchpoints=["College fairs", "Social media", "Teachers"],
    ),
    _stage(
        "consideration",
        "The prospective student compares programs and visits.",
        ["I visited three campuses", "I compared the course lists and fees"],
        touchpoints=["Website", "Open days", "Rankings"],
    ),
    _stage(
        "enrollment",
        "Applying, being admitted and enrolling.",
        ["the application portal kept crashing", "I got my offer letter in March"],
        touchpoints=["Application portal", "Admissions office"],
    ),
    _stage(
        "orientation",
        "The first weeks: orientation, settling in.",
        ["orientation week was overwhelming", "I didn't know where anything was at first"],
        touchpoints=["Orientation events", "Student services"],
    ),
    _stage(
        "studies_support",
        "Studying, with tutoring, advising and other support.",
        ["my advisor was really helpful", "I couldn't get a tutoring slot"],
        touchpoints=["Courses", "Advising", "Library", "Tutoring"],
        label="Studies & support",
    ),
    _stage(
        "graduation",
        "Finishing the program.",
        ["graduation day was amazing", "getting my transcript took ages"],
        touchpoints=["Registrar", "Ceremony"],
    ),
    _stage(
        "alumni",
        "Staying connected after graduating.",
        ["I still go to the alumni events", "I mentor current students now"],
        touchpoints=["Alumni network", "Newsletter"],
    ),
)

DEFAULT_STAGES: tuple[Stage, ...] = B2C

BUILTIN_STAGE_SETS: dict[str, tuple[Stage, ...]] = {
    "b2c": B2C,
    "funnel": FUNNEL,
    "b2b_buying": B2B_BUYING,
    "student": STUDENT,
}


def resolve_stages(stages: Any = None) -> tuple[Stage, ...]:
    """Turn any accepted description of a stage set into a tuple of :class:`Stage`.

    Parameters
    ----------
    stages : str, sequence of Stage, str or dict, or None
        ``None`` gives :data:`DEFAULT_STAGES`. A string names a built-in set
        (``"b2c"``, ``"funnel"``, ``"b2b_buying"``, ``"student"``, case-insensitive).
        A sequence may mix :class:`Stage` objects, plain names, and dicts as
        :meth:`Stage.to_dict` returns.

    Returns
    -------
    tuple of Stage
        In journey order.

    Raises
    ------
    PersonakitError
        For an unknown set name, an empty sequence, or duplicate stage names.

    Examples
    --------
    >>> from personakit.stages import resolve_stages
    >>> [s.name for s in resolve_stages(["browse", {"name": "buy", "description": "Pays"}])]
    ['browse', 'buy']
    """
    if stages is None:
        return DEFAULT_STAGES
    if isinstance(stages, str):
        key = stages.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in BUILTIN_STAGE_SETS:
            raise PersonakitError(
                f"Unknown stage set {stages!r}: choose one of {sorted(BUILTIN_STAGE_SETS)} or pass "
                "a list of stages."
            )
        return BUILTIN_STAGE_SETS[key]
    if isinstance(stages, Mapping) or not isinstance(stages, Iterable):
        raise PersonakitError(
            f"stages must be a built-in set name or a list of stages, got {type(stages).__name__}."
        )
    out: list[Stage] = []
    for item in stages:
        if isinstance(item, Stage):
            out.append(item)
        elif isinstance(item, str):
            out.append(Stage(item))
        elif isinstance(item, Mapping):
            out.append(Stage.from_dict(item))
        else:
            raise PersonakitError(
                f"Each stage must be a Stage, a name or a dict, got {type(item).__name__} {item!r}."
            )
    if not out:
        raise PersonakitError("The stage list is empty: give at least one stage.")
    names = [s.name for s in out]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise PersonakitError(f"Stage names must be unique; repeated: {dupes}.")
    return tuple(out)

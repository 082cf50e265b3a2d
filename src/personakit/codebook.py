"""From a raw export to a :class:`~personakit.Survey`: kinds, scales, missing codes, tags.

:func:`build_survey` takes the :class:`~personakit.io.RawExport` a format reader
returns and decides, for every export column, what it is, writing each
decision and its reason into the codebook:

=============== ===========================================================
kind            how it is recognised
=============== ===========================================================
``id``          the export's response id (the reader says which column)
``metadata``    status, progress, duration, finished, user agent, language,
                and personal-data columns such as names or IP addresses
``date``        timestamps (parsed to ``datetime64``)
``likert``      answers that fit an answer scale: from codes first (SPSS
                value labels, ``"5 - Very likely"`` anchors, numeric grids),
                else from the built-in scale library (:mod:`personakit.scales`)
``ordinal``     ordered answers that are not a rating scale: numeric ranges
                such as ``1-10 / 11-49 / 50+`` (ordered by their lower bound),
                SPSS ordinal variables, orders you give
``nominal``     a few unordered answers (levels by frequency)
``multiselect`` one boolean column per option, from option columns or from
                one joined cell split on the known options, longest first
``numeric``     numbers (currency signs, ``%`` and thousands separators allowed)
``nps``         0-10 answers to a "how likely ... recommend" question
``text``        open answers: many distinct, long answers
``weight``      a survey weight (``weights=`` or a reader hint)
=============== ===========================================================

Non-substantive answers (:data:`DEFAULT_MISSING_LABELS`, seen-but-unanswered
codes :data:`DEFAULT_MISSING_NUMBERS`, negative recodes on a coded scale, SPSS
user-missing values and the codes you pass) become missing values; each one is
listed with its reason in ``survey.missing``. An answer that fits neither the
scale nor the missing codes is never turned into a missing value: the
question becomes nominal and a :class:`~personakit.PersonakitWarning` says
which labels did not fit and how to give the order.

Journey ``stage`` and ``role`` come from keywords in the question text where
they are obvious ("how did you first hear" is awareness/channel, "almost
stopped you" decision/pain, "onboarding" retention, "recommend" advocacy,
"industry" firmographic, "age" demographic, ...); the matched keyword is in
the ``stage_role_reason`` column and every value can be changed in the codebook.

The codebook round-trips: ``survey.save_codebook(path)`` writes it as CSV (list
cells as JSON), you edit kinds, level orders, ``reverse``, missing codes,
stages, roles or ``include`` in any spreadsheet, and ``read_survey(path,
codebook=that_csv)`` re-applies your decisions.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import PersonakitError, PersonakitWarning
from personakit.io._factorize import factorize
from personakit.io._raw import RawColumn, RawExport
from personakit.privacy import pii_column_kind
from personakit.scales import (
    Scale,
    clean_label,
    get_scale,
    label_key,
    match_scale,
    resolve_scales,
    split_numeric_prefix,
)
from personakit.survey import CODEBOOK_COLUMNS, KINDS, Survey

__all__ = [
    "CODEBOOK_EXTRA_COLUMNS",
    "DEFAULT_MISSING_LABELS",
    "DEFAULT_MISSING_NUMBERS",
    "build_survey",
    "infer_stage_role",
    "read_codebook",
    "write_codebook",
]

DEFAULT_MISSING_LABELS: tuple[str, ...] = (
    "Don't know",
    "Do not know",
    "I don't know",
    "Dont know",
    "DK",
    "Don't know or not sure",
    "Don't know or not applicable",
    "Not sure",
    "I'm not sure",
    "Unsure",
    "Prefer not to say",
    "Prefer not to answer",
    "I prefer not to say",
    "I prefer not to answer",
    "I'd rather not say",
    "Rather not say",
    "Rather not answer",
    "Decline to answer",
    "Declined",
    "Refused",
    "N/A",
    "NA",
    "n.a.",
    "Not applicable",
    "Not applicable to me",
    "Does not apply",
    "Doesn't apply",
    "No basis for evaluation",
    "No basis to judge",
    "No opinion",
    "No answer",
    "Can't say",
    "Cannot say",
    "Don't remember",
    "Can't remember",
    "Don't use",
    "Not used",
    "Haven't used",
    "I haven't used it",
)
"""Answers treated as missing (non-substantive) unless a scale you give lists them."""

DEFAULT_MISSING_NUMBERS: tuple[float, ...] = (-99.0, -98.0, -97.0, -999.0, -9999.0)
"""Numeric codes treated as missing: the usual seen-but-unanswered / refused codes."""

CODEBOOK_EXTRA_COLUMNS = ("original_name", "stage_role_reason")
"""Columns personakit adds after :data:`~personakit.survey.CODEBOOK_COLUMNS`."""

_DEFAULT_MISSING_KEYS = {label_key(x): x for x in DEFAULT_MISSING_LABELS}
_LIST_COLUMNS = ("levels", "missing_codes", "source_columns")
_BOOL_COLUMNS = ("reverse", "pii", "include")
_TEXT_KEYS = {"text", "other_text"}
_SCALE_WORDS = re.compile(
    r"\b(agree|disagree|satisf\w*|dissatisf\w*|likel\w*|unlikely|important|importance|rate|"
    r"rating|scale|easy|easi\w*|difficult\w*|often|frequen\w*|quality|extent|how well|"
    r"how much do you|confiden\w*|familiar|useful|valu\w*|recommend\w*)\b",
    re.IGNORECASE,
)
_NPS_GROUPS = {"detractor": "Detractor", "passive": "Passive", "promoter": "Promoter"}
_TIME_OF_DAY = re.compile(r"^\s*\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*$")
_RECOMMEND = re.compile(r"recommend|net promoter|\bnps\b", re.IGNORECASE)
_DATE_HEADER = re.compile(
    r"date|time|timestamp|submitted|started|completed|created|modified", re.IGNORECASE
)
_META_HEADERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("duration", re.compile(r"^duration|duration \(in seconds\)|time taken|seconds", re.I)),
    ("progress", re.compile(r"^progress$|percent complete|% complete", re.I)),
    ("finished", re.compile(r"^finished$|^completed$|^complete$", re.I)),
    ("status", re.compile(r"^status$|response ?type|response status|^distribution ?channel", re.I)),
    ("start", re.compile(r"^start ?date|^start ?time|^time started|^started|^startdate", re.I)),
    (
        "end",
        re.compile(
            r"^end ?date|^enddate|^completion time|^submit(ted)? ?(date|at|time)?|"
            r"^date submitted|^recorded ?date|^timestamp$",
            re.I,
        ),
    ),
)
_METADATA_NAMES = re.compile(
    r"^(status|progress|finished|duration.*|recordeddate|recorded date|distributionchannel|"
    r"distribution channel|userlanguage|user language|language|user ?agent|browser|device|"
    r"operating system|screen resolution|collector ?id|response ?set|tags|network id|"
    r"q_\w+|locationaccuracy|location accuracy|score|total points|quiz feedback|"
    r"last modified time|referer|referrer|extended referer|sessionid|session id|"
    r"v\d+|country code|response type|stage date.*|score.*|points - .*|feedback - .*)$",
    re.IGNORECASE,
)
_ID_NAMES = re.compile(
    r"^(respondent ?id|response ?id|responseid|response_id|respondent_id|record ?id|"
    r"submission ?id|id|#|uuid|token|case ?id|caseid|participant ?id)$",
    re.IGNORECASE,
)
_WEIGHT_NAMES = re.compile(r"^(weight|weights|wt|wgt|weight_\w+|\w+_weight|survey weight)$", re.I)
_OPEN_QUESTION = re.compile(
    r"\b(why|describe|explain|tell us|comments?|anything else|in your own words|what else|"
    r"suggestions?|feedback|please share|what almost|what would|what is the (one|biggest))\b",
    re.IGNORECASE,
)


# -- stage and role inference ---------------------------------------------------------

_STAGE_RULES: tuple[tuple[str, str | None, re.Pattern[str]], ...] = (
    (
        "awareness",
        "channel",
        re.compile(
            r"\b(?:first (?:hear\w*|heard|learn\w*|f[oi]u?nd out|c[ao]me across|discover\w*|"
            r"notic\w*|saw|see)|how did you (?:hear|learn|find|discover|come across|get to know)|"
            r"where did you (?:first |hear|see|find|learn)|heard (?:about|of) us)",
            re.I,
        ),
    ),
    (
        "awareness",
        None,
        re.compile(
            r"\b(?:finding (?:out|information) about|first (?:time you )?heard|became aware|"
            r"awareness of)\b",
            re.I,
        ),
    ),
    (
        "decision",
        "pain",
        re.compile(
            r"\b(?:almost (?:stop\w*|prevent\w*|kept|put you off|made you|didn\W?t|did not|gave up)|"
            r"nearly (?:stop\w*|didn\W?t|gave up)|(?:held|hold\w*) you back|stopped you|"
            r"hesitat\w*|put you off|(?:concern|worr)\w* (?:before|about) (?:buy|sign|purchas)\w*|"
            r"barriers? to (?:buy|sign|purchas)\w*)",
            re.I,
        ),
    ),
    (
        "consideration",
        None,
        re.compile(
            r"\b(?:compar\w*|alternatives?|other (?:options|vendors|tools|products|providers|"
            r"solutions)|shortlist\w*|evaluat\w* (?:options|vendors|tools|products)|"
            r"competitors?|free trial|demo|choosing (?:a|an|the|between)|choose between|"
            r"selecting (?:a|an|the))\b",
            re.I,
        ),
    ),
    (
        "retention",
        None,
        re.compile(
            r"\b(?:onboard\w*|setting up|set ?up|getting started|get started|implementation|"
            r"first (?:week|month|few days|days)|renew\w*|cancel\w*|churn\w*|customer support|"
            r"support team|contact\w* support|help (?:center|centre)|continue using|keep using|"
            r"still using|day[- ]to[- ]day|getting help|get help)\b",
            re.I,
        ),
    ),
    (
        "decision",
        None,
        re.compile(
            r"\b(?:sign(?:ed|ing)? up|purchas\w*|buy(?:ing)?|bought|checkout|subscrib\w*|"
            r"decid\w* to (?:buy|sign|use|choose|go with)|final decision|choose a plan|"
            r"chose (?:us|a plan))\b",
            re.I,
        ),
    ),
    (
        "advocacy",
        None,
        re.compile(
            r"\b(?:recommend\w*|refer (?:a )?(?:friend|colleague)|referr\w*|word of mouth|"
            r"(?:leave|write|wrote|left) a review|net promoter)\b",
            re.I,
        ),
    ),
)

_ROLE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "attention_check",
        re.compile(
            r"attention check|(?:select|choose|pick|mark|click|tick|answer)\b.{0,60}\b(?:for|in|on) "
            r"this (?:row|item|question|statement|line)|to show (?:that )?you(?: are|'re) "
            r"(?:paying attention|reading)",
            re.I,
        ),
    ),
    (
        "decision_role",
        re.compile(
            r"\b(?:role in (?:the )?(?:purchas\w*|buying|decision|selection|evaluation)|"
            r"decision[- ]?maker|who (?:makes|made|approves|approved|signs|signed|decides|decided)|"
            r"approv\w* (?:the )?(?:purchase|budget|spend)|budget (?:holder|owner|authority)|"
            r"final say|sign[- ]off|involved in (?:the )?(?:decision|purchase|buying)|buying role)",
            re.I,
        ),
    ),
    (
        "firmographic",
        re.compile(
            r"\b(?:industry|sector|company size|size of (?:your|the) (?:company|organi[sz]ation|"
            r"business|team)|how many (?:people|employees|staff|locations|sites|stores|branches)|"
            r"number of (?:employees|staff|locations|sites|stores|branches)|employees|"
            r"annual (?:revenue|turnover)|revenue|organi[sz]ation type|type of (?:business|"
            r"organi[sz]ation|company)|where do you work|kind of (?:business|company)|"
            r"describes? (?:your|the) (?:business|company|organi[sz]ation))\b",
            re.I,
        ),
    ),
    (
        "demographic",
        re.compile(
            r"\b(?:age|how old|gender|sex|region|country|province|city|where do you live|"
            r"education|income|ethnic\w*|race|marital|household|job title|your role|occupation|"
            r"profession|position|seniority|department|years of experience|kind of user|"
            r"type of user|describes (?:you|your role))\b",
            re.I,
        ),
    ),
    (
        "channel",
        re.compile(
            r"\b(?:channels?|social media|newsletters?|where do you (?:get|find|look for|go for) "
            r"(?:information|news|advice|recommendations)|how do you (?:prefer|like) to "
            r"(?:hear|be contacted|stay informed)|podcasts?|search engines?|trade shows?|"
            r"conferences?)\b",
            re.I,
        ),
    ),
    (
        "content_preference",
        re.compile(
            r"\b(?:content|formats?|videos?|webinars?|blogs?|case stud\w*|white ?papers?|"
            r"guides?|tutorials?|prefer to learn|how do you (?:like|prefer) to learn|"
            r"help articles?|documentation)\b",
            re.I,
        ),
    ),
    (
        "goal",
        re.compile(
            r"\b(?:goals?|objectives?|trying to (?:achieve|accomplish|do)|want to (?:achieve|"
            r"accomplish)|main reason|why did you (?:choose|decide|start|sign|buy)|"
            r"motivat\w*|hoping to|priorit\w*)\b",
            re.I,
        ),
    ),
    (
        "pain",
        re.compile(
            r"\b(?:challeng\w*|frustrat\w*|pain|problems?|difficult(?:y|ies)|biggest "
            r"(?:issue|obstacle|hurdle)|annoy\w*|struggl\w*|worst|complain\w*|what (?:could|"
            r"should) (?:we|be) (?:do )?(?:better|improved?)|improve)\b",
            re.I,
        ),
    ),
    (
        "need",
        re.compile(
            r"\b(?:needs?|must[- ]haves?|requirements?|require\w*|looking for|wish(?:ed)?|"
            r"would like to see|missing features?)\b",
            re.I,
        ),
    ),
    (
        "satisfaction",
        re.compile(
            r"\b(?:satisf\w*|dissatisf\w*|happy with|overall experience|rate (?:your|the) "
            r"(?:overall )?experience)\b",
            re.I,
        ),
    ),
    (
        "behaviour",
        re.compile(
            r"\b(?:how often|frequency|per (?:day|week|month|year)|do you (?:currently )?use|"
            r"which (?:tools|apps|software|products|features)|currently use|usage|how long have "
            r"you been|how many .{0,30}(?:a|each|every) (?:day|week|month|year))\b",
            re.I,
        ),
    ),
    (
        "touchpoint",
        re.compile(
            r"\b(?:website|mobile app|checkout|support (?:team|agent)|sales (?:call|team|rep)|"
            r"live chat|touchpoints?|store)\b",
            re.I,
        ),
    ),
    (
        "attitude",
        re.compile(r"\b(?:agree|disagree|believe|opinion|attitudes?|statements?)\b", re.I),
    ),
)


def infer_stage_role(
    question: str, sub_label: str | None = None
) -> tuple[str | None, str | None, str]:
    """Guess the journey stage and the persona role of a question from its wording.

    Parameters
    ----------
    question : str
        The question text.
    sub_label : str, optional
        The grid statement or option label, used when the question itself says
        nothing (e.g. "How satisfied are you with ... [Onboarding]").

    Returns
    -------
    tuple of (str or None, str or None, str)
        The stage (a :data:`~personakit.stages.B2C` stage name), the role (one of
        :data:`~personakit.survey.ROLES`) and a sentence naming the keywords used
        ("" when nothing matched).

    Examples
    --------
    >>> infer_stage_role("How did you first hear about Bookwise?")[:2]
    ('awareness', 'channel')
    >>> infer_stage_role("What almost stopped you from signing up?")[:2]
    ('decision', 'pain')
    >>> infer_stage_role("Which industry is your business in?")[:2]
    (None, 'firmographic')
    >>> infer_stage_role("How satisfied are you with each of these?", "Onboarding")[:2]
    ('retention', 'satisfaction')
    """
    stage = role = None
    reasons: list[str] = []
    texts = [t for t in (sub_label, question) if isinstance(t, str) and t.strip()]
    for text in texts:
        match = _ROLE_RULES[0][1].search(text)
        if match:
            return (
                None,
                "attention_check",
                f"keywords: {match.group(0).strip()!r} -> attention check",
            )
    texts = texts[::-1]
    for text in texts:
        for name, implied_role, pattern in _STAGE_RULES:
            match = pattern.search(text)
            if match:
                stage = name
                if implied_role:
                    role = implied_role
                reasons.append(f"{match.group(0).strip()!r} -> stage {name}")
                break
        if stage:
            break
    if role is None:
        for text in texts:
            for name, pattern in _ROLE_RULES:
                match = pattern.search(text)
                if match:
                    role = name
                    reasons.append(f"{match.group(0).strip()!r} -> role {name}")
                    break
            if role:
                break
    elif reasons:
        reasons[-1] += f", role {role}"
    reason = ("keywords: " + "; ".join(reasons)) if reasons else ""
    return stage, role, reason


# -- one export column, factorised once -------------------------------------------------


class _Col:
    """An export column as codes into its distinct values (factorised on first use)."""

    def __init__(self, series: pd.Series) -> None:
        self.series = series
        dtype = series.dtype
        self.is_bool = pd.api.types.is_bool_dtype(dtype)
        self.is_numeric = pd.api.types.is_numeric_dtype(dtype) and not self.is_bool
        self.is_datetime = pd.api.types.is_datetime64_any_dtype(dtype)
        self.is_categorical = isinstance(dtype, pd.CategoricalDtype)
        self.is_text = not (
            self.is_numeric or self.is_datetime or self.is_categorical or self.is_bool
        )
        self._codes: np.ndarray | None = None
        self._uniques: list[Any] = []
        self._counts: np.ndarray | None = None  # counted on first use (option columns never are)

    def _factorise(self) -> None:
        series = self.series
        if self.is_categorical:
            codes = np.asarray(series.cat.codes, dtype=np.int64)
            uniques = list(series.cat.categories)
        else:
            values = series.to_numpy(dtype=object) if self.is_text else series
            codes, uniq = factorize(values)
            codes = np.asarray(codes, dtype=np.int64)
            uniques = list(uniq)
        if self.is_text and uniques:
            blank = np.array([not isinstance(u, str) or not u.strip() for u in uniques], dtype=bool)
            if blank.any():
                remap = np.cumsum(~blank) - 1
                remap[blank] = -1
                codes = np.append(remap, -1)[codes]
                uniques = [u for u, b in zip(uniques, blank) if not b]
        self._uniques = uniques
        # the smallest integers that hold the codes (a column of answers is kept as int8)
        self._codes = codes.astype(np.min_scalar_type(-len(uniques) - 1), copy=False)

    @property
    def codes(self) -> np.ndarray:
        if self._codes is None:
            self._factorise()
        return self._codes  # type: ignore[return-value]

    @property
    def uniques(self) -> list[Any]:
        if self._codes is None:
            self._factorise()
        return self._uniques

    @property
    def counts(self) -> np.ndarray:
        if self._counts is None:
            codes, k = self.codes, len(self.uniques)
            # missing (-1) counted in the first bin, dropped
            self._counts = (
                np.bincount(codes.astype(np.intp) + 1, minlength=k + 1)[1:]
                if k
                else np.zeros(0, int)
            )
        return self._counts

    @property
    def n_answered(self) -> int:
        return int(self.counts.sum())

    def sample(self, size: int = 200) -> list[Any]:
        """Up to ``size`` distinct values, without factorising the whole column."""
        if self._codes is not None:
            return self._uniques[:size]
        head = self.series.iloc[: size * 20]
        if isinstance(head.dtype, pd.StringDtype):
            # equal cells often share one object: dedupe first, then drop the missing value
            seen = dict.fromkeys(head.to_numpy(dtype=object).tolist())
            return [v for v in seen if isinstance(v, str)][:size]
        return list(dict.fromkeys(head.dropna().tolist()))[:size]


_NUMBER = re.compile(r"^\s*([-+]?)\s*[$€£¥]?\s*(\d{1,3}(?:,\d{3})+|\d+)?(\.\d+)?\s*%?\s*$")


def _parse_number(value: Any) -> float | None:
    """A number from a cell: ints, floats, ``1,200``, ``$35``, ``40%``; else None."""
    if isinstance(value, bool | np.bool_):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        v = float(value)
        return None if math.isnan(v) else v
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return float(text)
    except ValueError:
        pass
    match = _NUMBER.match(text)
    if not match or not (match.group(2) or match.group(3)):
        return None
    body = (match.group(2) or "0").replace(",", "") + (match.group(3) or "")
    try:
        number = float(body)
    except ValueError:  # pragma: no cover - the regex only lets digits through
        return None
    return -number if match.group(1) == "-" else number


def _fmt_code(code: float) -> str:
    return str(int(code)) if float(code).is_integer() else repr(float(code))


# -- numeric ranges such as "1-10", "11 to 49", "250+", "Less than 1 year" --------------

_RNUM = r"[$€£]?\s*\d[\d,]*(?:\.\d+)?\s*[kKmM]?"
_RANGE_FORMS = (
    (re.compile(rf"^({_RNUM})\s*(?:-|to|–|until|through)\s*({_RNUM})(?:\s.*)?$", re.I), 0.0),
    (
        re.compile(
            rf"^({_RNUM})\s*(?:\+|or more|and more|and over|or over|and above|or above|or older|and older|plus)(?:\s.*)?$",
            re.I,
        ),
        0.0,
    ),
    (
        re.compile(
            rf"^(?:more than|over|above|at least|greater than|upwards of|\d+\s*\+?\s*more than)\s+({_RNUM})(?:\s.*)?$",
            re.I,
        ),
        0.5,
    ),
    (
        re.compile(
            rf"^(?:less than|under|below|fewer than|up to|within|<)\s*({_RNUM})(?:\s.*)?$", re.I
        ),
        -0.5,
    ),
    (re.compile(rf"^({_RNUM})(?:\s*[a-z]+(?:\s+[a-z]+)?)?$", re.I), 0.0),
)


_UNITS = (
    (re.compile(r"\b(?:years?|yrs?)\b", re.I), 365.0),
    (re.compile(r"\bmonths?\b", re.I), 30.0),
    (re.compile(r"\bweeks?\b", re.I), 7.0),
    (re.compile(r"\bdays?\b", re.I), 1.0),
    (re.compile(r"\bhours?\b", re.I), 1 / 24),
)


def _unit_scale(text: str) -> float:
    """Days per unit for durations ("3-11 months" vs "1-2 years"), 1 otherwise."""
    for pattern, days in _UNITS:
        if pattern.search(text):
            return days
    return 1.0


def _range_low(label: str) -> tuple[float, bool] | None:
    """Lower bound of a numeric range label and whether it was a range (not one number)."""
    text = clean_label(label).replace("–", "-")
    for i, (pattern, shift) in enumerate(_RANGE_FORMS):
        match = pattern.match(text)
        if not match:
            continue
        raw = match.group(1).strip().lstrip("$€£").strip()
        mult = 1.0
        if raw[-1:] in "kK":
            mult, raw = 1e3, raw[:-1]
        elif raw[-1:] in "mM":
            mult, raw = 1e6, raw[:-1]
        try:
            value = float(raw.replace(",", "").strip()) * mult
        except ValueError:
            return None
        return (value + shift) * _unit_scale(text), i < 4
    return None


def _range_order(labels: Sequence[str]) -> list[str] | None:
    """Labels sorted by lower bound when every label is a number or a numeric range."""
    if len(labels) < 2:
        return None
    lows = []
    any_range = False
    for label in labels:
        parsed = _range_low(label)
        if parsed is None:
            return None
        lows.append(parsed[0])
        any_range |= parsed[1]
    if not any_range or len(set(lows)) != len(lows):
        return None
    return [label for _, label in sorted(zip(lows, labels))]


# -- variable specifications -----------------------------------------------------------


@dataclass
class _Var:
    """Everything decided about one variable of ``survey.responses``."""

    variable: str
    question_id: str | None
    question: str
    sub_label: str | None
    kind: str
    kind_reason: str
    source: str
    mode: str = "value"  # value | option | joined | bool
    levels: list[str] | None = None
    scale: str | None = None
    reverse: bool = False
    pii: bool = False
    stage: str | None = None
    role: str | None = None
    include: bool = True
    original_name: str = ""
    stage_role_reason: str = ""
    # how to read values
    code_positions: dict[float, int] | None = None  # numeric code -> level position
    value_map: dict[str, str] = field(default_factory=dict)  # string code -> its label
    user_levels: bool = False
    missing_labels: dict[str, str] = field(default_factory=dict)  # key -> reason
    missing_numbers: dict[float, str] = field(default_factory=dict)
    missing_ranges: list[tuple[float, float, str]] = field(default_factory=list)
    negative_missing: bool = False
    missing_found: list[Any] = field(default_factory=list)
    option: str | None = None
    options: list[str] | None = None
    separator: str | None = None
    question_columns: list[str] = field(default_factory=list)
    options_known: bool = False
    sources: list[str] = field(default_factory=list)  # all export columns, when several
    option_labels: list[str] = field(default_factory=list)  # choice mode: label per column
    meta_role: str | None = None
    pii_kind: str | None = None

    def row(self) -> dict[str, Any]:
        missing = list(self.missing_found)
        return {
            "variable": self.variable,
            "question_id": self.question_id,
            "question": self.question,
            "sub_label": self.sub_label,
            "kind": self.kind,
            "kind_reason": self.kind_reason,
            "levels": list(self.levels) if self.levels is not None else None,
            "scale": self.scale,
            "reverse": bool(self.reverse),
            "missing_codes": missing,
            "source_columns": list(self.sources) if self.sources else [self.source],
            "pii": bool(self.pii),
            "stage": self.stage,
            "role": self.role,
            "include": bool(self.include),
            "original_name": self.original_name,
            "stage_role_reason": self.stage_role_reason,
        }


@dataclass
class _Options:
    """The arguments of :func:`build_survey`, resolved."""

    scales: list[Scale]
    likert: dict[str, Any]
    reverse: set[str]
    missing_all: list[Any]
    missing_by_var: dict[str, list[Any]]
    user_rows: dict[str, tuple[int, dict[str, Any]]]
    warn: list[str]
    notes: list[str]
    grid_qids: set[str] = field(default_factory=set)


# -- missing codes ---------------------------------------------------------------------


def _missing_reason(value: Any, var: _Var, *, numeric_context: bool) -> str | None:
    """Why ``value`` counts as missing for ``var``, or None when it is an answer."""
    if isinstance(value, str) and len(value) > 60:
        return None
    if isinstance(value, str):
        key = label_key(value)
        if key in var.missing_labels:
            return var.missing_labels[key]
        if var.levels is not None and var.user_levels:
            return None
        if key in _DEFAULT_MISSING_KEYS and not _in_levels(key, var):
            return f"non-substantive answer: {clean_label(value)}"
        if not numeric_context:
            return None
    number = _parse_number(value)
    if number is None:
        return None
    if number in var.missing_numbers:
        return var.missing_numbers[number]
    for lo, hi, reason in var.missing_ranges:
        if lo <= number <= hi:
            return reason
    if number in DEFAULT_MISSING_NUMBERS:
        return f"code {_fmt_code(number)} (seen but unanswered / refused)"
    if var.negative_missing and number < 0:
        return f"negative code {_fmt_code(number)} (N/A-type recode)"
    return None


def _in_levels(key: str, var: _Var) -> bool:
    return var.levels is not None and any(label_key(x) == key for x in var.levels)


def _add_user_missing(var: _Var, codes: Iterable[Any], reason: str) -> None:
    for code in codes:
        if isinstance(code, str):
            number = _parse_number(code)
            var.missing_labels[label_key(code)] = reason
            if number is not None:
                var.missing_numbers[number] = reason
        elif isinstance(code, Mapping) and {"lo", "hi"} <= set(code):
            var.missing_ranges.append((float(code["lo"]), float(code["hi"]), reason))
        elif isinstance(code, tuple | list) and len(code) == 2:
            var.missing_ranges.append((float(code[0]), float(code[1]), reason))
        else:
            number = _parse_number(code)
            if number is not None:
                var.missing_numbers[number] = reason
                var.missing_labels[label_key(_fmt_code(number))] = reason


# -- the automatic plan ----------------------------------------------------------------


def _meta_role(rc: RawColumn) -> str | None:
    if rc.hint in {"duration", "progress", "finished", "status"}:
        return rc.hint
    for role, pattern in _META_HEADERS:
        if pattern.search(rc.original_name.strip()) or pattern.search(rc.name.strip()):
            return role
    return None


def _new_var(rc: RawColumn, kind: str, reason: str, **kw: Any) -> _Var:
    question = clean_label(rc.question) if rc.question else clean_label(rc.original_name)
    sub = clean_label(rc.sub_label) if rc.sub_label else None
    return _Var(
        variable=rc.name,
        question_id=rc.question_id if rc.question_id is not None else rc.name,
        question=question or rc.name,
        sub_label=sub,
        kind=kind,
        kind_reason=reason,
        source=rc.name,
        original_name=rc.original_name,
        **kw,
    )


def _declared_missing(var: _Var, rc: RawColumn) -> None:
    if rc.missing_values:
        _add_user_missing(var, rc.missing_values, "user-missing value declared in the file")
    for code, label in (rc.value_labels or {}).items():
        if isinstance(label, str) and (
            label_key(label) in _DEFAULT_MISSING_KEYS
            or label_key(label) in {"missing", "skipped", "not asked", "system missing"}
        ):
            number = _parse_number(code)
            if number is not None and number not in var.missing_numbers:
                var.missing_numbers[number] = f"code {_fmt_code(number)} labelled {label!r}"


def _value_labels(rc: RawColumn) -> dict[float, str]:
    out: dict[float, str] = {}
    for code, label in (rc.value_labels or {}).items():
        number = _parse_number(code)
        if number is not None and label is not None:
            out[number] = clean_label(str(label))
    return out


def _substantive(col: _Col, var: _Var, numeric_context: bool) -> dict[Any, int]:
    """Distinct non-missing answers and their counts (missing ones recorded on ``var``)."""
    out: dict[Any, int] = {}
    for value, count in zip(col.uniques, col.counts):
        if _missing_reason(value, var, numeric_context=numeric_context):
            continue
        out[value] = out.get(value, 0) + int(count)
    return out


def _plan_column(rc: RawColumn, col: _Col, raw: RawExport, opts: _Options) -> _Var:
    """Kind of a single-value column, before grid-level scale matching."""
    name_l = rc.original_name.strip()
    # ids
    if rc.hint == "id" or rc.name == raw.id_column:
        return _new_var(rc, "id", "the export's response id", include=False)
    # personal data
    values = col.sample(200) if col.is_text else None
    pii_kind, pii_reason = (None, "")
    if rc.hint == "pii":
        pii_kind, pii_reason = pii_column_kind(rc.original_name, rc.question, values)
        pii_kind = pii_kind or "reference"
        pii_reason = pii_reason or "the export marks it as personal data"
    elif rc.hint not in {"duration", "progress", "finished", "status", "date", "weight"}:
        # a grid row's label (SurveyMonkey puts it in the header) is not a column name
        header = rc.name if rc.sub_label and rc.question_id else rc.original_name
        pii_kind, pii_reason = pii_column_kind(header, "", values)
        if pii_kind is None and rc.question and rc.question != rc.original_name:
            pii_kind, pii_reason = pii_column_kind("", rc.question, None)
    if pii_kind is not None:
        is_question = rc.hint in _TEXT_KEYS or (
            rc.question
            and rc.question.strip() != rc.original_name.strip()
            and rc.hint is None
            and not _METADATA_NAMES.match(name_l)
            and raw.source != "generic"
            and len(rc.question) > 25
        )
        kind = "text" if is_question else "metadata"
        var = _new_var(rc, kind, f"personal data ({pii_kind}): {pii_reason}", include=False)
        var.pii, var.pii_kind = True, pii_kind
        return var
    meta = _meta_role(rc)
    if rc.hint == "date" or (meta in {"start", "end"} and (col.is_text or col.is_datetime)):
        var = _new_var(
            rc,
            "date",
            "the export marks it as a timestamp"
            if rc.hint == "date"
            else f"header {name_l!r} names a timestamp",
            include=False,
        )
        var.meta_role = meta
        return var
    if rc.hint in {"metadata", "duration", "progress", "finished", "status"} or (
        rc.hint is None
        and (
            meta in {"duration", "progress", "finished", "status"} or _METADATA_NAMES.match(name_l)
        )
    ):
        var = _new_var(
            rc,
            "metadata",
            "the export marks it as response metadata"
            if rc.hint
            else f"header {name_l!r} names response metadata",
            include=False,
        )
        var.meta_role = meta
        return var
    if rc.hint == "weight" or (rc.hint is None and _WEIGHT_NAMES.match(name_l)):
        var = _new_var(
            rc,
            "weight",
            "the export marks it as a survey weight"
            if rc.hint
            else f"header {name_l!r} names a weight",
            include=False,
        )
        return var
    if (
        rc.hint is None
        and raw.id_column is None
        and _ID_NAMES.match(name_l)
        and col.n_answered
        and len(col.uniques) == col.n_answered
    ):
        return _new_var(
            rc, "id", f"header {name_l!r} names an id and every value is distinct", include=False
        )
    var = _new_var(rc, "nominal", "")
    _declared_missing(var, rc)
    for key in (rc.name, rc.question_id):
        if key is not None and key in opts.missing_by_var:
            _add_user_missing(var, opts.missing_by_var[key], "missing code you gave")
    _add_user_missing(var, opts.missing_all, "missing code you gave")
    if rc.hint in _TEXT_KEYS:
        var.kind, var.kind_reason = (
            "text",
            (
                "the export marks it as an open answer"
                if rc.hint == "text"
                else "free text of an 'Other' option"
            ),
        )
        if rc.hint == "text" and col.is_text and _all_numbers(col, var):
            var.kind = "numeric"
            var.kind_reason = "a text box whose answers are all numbers"
        return var
    if col.is_datetime:
        var.kind, var.kind_reason, var.include = "date", "the file stores dates", False
        return var
    if col.is_bool:
        var.kind, var.kind_reason, var.mode = "multiselect", "true/false values", "bool"
        var.levels = [clean_label(rc.sub_label or rc.name)]
        var.option = var.levels[0]
        return var
    if col.is_categorical:
        cats = [str(c) for c in col.uniques]
        ordered = bool(col.series.cat.ordered)
        var.kind = "ordinal" if ordered else "nominal"
        var.kind_reason = "an ordered categorical" if ordered else "an unordered categorical"
        var.levels = cats
        var.code_positions = None
        var.user_levels = True
        return var
    return var


def _string_labels(rc: RawColumn) -> dict[str, str]:
    """Value labels keyed by text codes (SPSS string variables with labels)."""
    out = {}
    for code, label in (rc.value_labels or {}).items():
        if isinstance(code, str) and _parse_number(code) is None and label is not None:
            out[code] = clean_label(str(label))
    return out


def _all_numbers(col: _Col, var: _Var) -> bool:
    """Every non-missing answer is a number (checked on a sample first, then on all)."""
    sample = [u for u in col.sample(50) if isinstance(u, str)]
    if not sample or any(
        _parse_number(u) is None and not _missing_reason(u, var, numeric_context=True)
        for u in sample
    ):
        return False
    answers = [u for u in col.uniques if not _missing_reason(u, var, numeric_context=True)]
    return bool(answers) and all(_parse_number(u) is not None for u in answers)


def _decide_values(
    var: _Var, rc: RawColumn, col: _Col, raw: RawExport, grid_qids: set[str] = frozenset()
) -> None:
    """Numeric, date, range-ordinal, text or nominal for one value column (scale later)."""
    import datetime as _dt

    sample = [u for u in col.sample(20) if u is not None]
    if sample and all(
        isinstance(u, _dt.time) or (isinstance(u, str) and _TIME_OF_DAY.match(u)) for u in sample
    ):
        var.kind, var.kind_reason, var.include = "metadata", "times of day", False
        return
    if sample and all(isinstance(u, _dt.date) for u in sample):
        var.kind, var.kind_reason, var.include = "date", "the file stores dates", False
        return
    var.value_map = _string_labels(rc)
    if var.value_map:
        order = list(dict.fromkeys(var.value_map.values()))
        seen = [var.value_map.get(u, clean_label(u)) for u in col.uniques if isinstance(u, str)]
        var.levels = order + [x for x in dict.fromkeys(seen) if x not in order]
        var.kind = "ordinal" if rc.measure == "ordinal" else "nominal"
        var.kind_reason = "text codes with value labels" + (
            "; the file declares an ordinal measure" if rc.measure == "ordinal" else ""
        )
        return
    labels = _value_labels(rc)
    numeric_ctx = (
        col.is_numeric
        or bool(labels)
        or all(_parse_number(u) is not None or not isinstance(u, str) for u in col.uniques[:50])
    )
    answers = _substantive(col, var, numeric_context=numeric_ctx)
    text = f"{var.question} {var.sub_label or ''}"
    if not answers:
        var.kind, var.kind_reason = (
            ("text" if rc.hint in _TEXT_KEYS else "nominal"),
            "no answers to judge from",
        )
        var.levels = [] if var.kind == "nominal" else None
        return
    # numbers, or "5 - Very likely" anchors
    parsed: dict[Any, float] = {}
    anchors: dict[float, str] = {}
    for value in answers:
        number = _parse_number(value)
        if number is None and isinstance(value, str):
            code, rest = split_numeric_prefix(value)
            if code is not None and rest and -10 <= code <= 10 and len(rest) <= 50:
                number = float(code)
                anchors[number] = rest
        if number is None:
            break
        parsed[value] = number
    all_numeric = len(parsed) == len(answers)
    if labels and (col.is_numeric or all_numeric):
        _decide_labelled_codes(var, rc, parsed, labels, answers)
        return
    if all_numeric:
        _decide_numbers(var, rc, parsed, anchors, text, raw, grid_qids)
        return
    if (
        col.is_text
        and (rc.hint == "date" or _DATE_HEADER.search(rc.original_name))
        and _looks_like_dates(list(answers)[:50])
    ):
        var.kind, var.kind_reason, var.include = "date", "the answers are dates", False
        return
    keys = {label_key(v) for v in answers if isinstance(v, str)}
    if len(keys) >= 2 and keys <= set(_NPS_GROUPS):
        var.kind = "ordinal"
        var.levels = [_NPS_GROUPS[k] for k in _NPS_GROUPS]
        var.kind_reason = "net promoter groups (detractor < passive < promoter)"
        if re.search(r"nps_?group", rc.name, re.I):
            var.include = False
            var.kind_reason += "; derived from the NPS answer, so left out of analysis"
        return
    if _looks_like_text(answers, text, rc):
        var.kind, var.kind_reason = "text", _text_reason(answers)
        return
    if len(answers) <= 60:
        labels_seen = [clean_label(v) for v in answers]
        order = _range_order(list(dict.fromkeys(labels_seen)))
        if order is not None:
            var.kind = "ordinal"
            var.kind_reason = "the answers are numeric ranges, ordered by their lower bound"
            var.levels = order
            return
    # nominal for now; grid-level scale matching may still turn it into likert
    var.kind = "nominal"
    counts: dict[str, int] = {}
    for value, count in answers.items():
        label = clean_label(value)
        counts[label] = counts.get(label, 0) + count
    var.levels = [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    var.kind_reason = "a few distinct answers that fit no answer scale"


def _looks_like_dates(values: list[Any]) -> bool:
    if not values:
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(
            pd.Series([str(v) for v in values]), errors="coerce", format="mixed"
        )
    return bool(parsed.notna().all()) and any(
        re.search(r"\d{1,4}[-/.]\d{1,2}", str(v)) for v in values
    )


def _looks_like_text(answers: dict[Any, int], question: str, rc: RawColumn) -> bool:
    distinct = len(answers)
    total = sum(answers.values())
    lengths = [len(str(v)) for v in answers]
    mean_len = sum(lengths) / max(1, len(lengths))
    if mean_len >= 40 or max(lengths) > 150:
        return True
    if distinct > 30 and distinct / max(1, total) > 0.5:
        return True
    return bool(
        _OPEN_QUESTION.search(question)
        and distinct >= 3
        and distinct / max(1, total) > 0.6
        and mean_len >= 15
    )


def _text_reason(answers: dict[Any, int]) -> str:
    lengths = [len(str(v)) for v in answers]
    return f"open answers: {len(answers)} distinct, mean length {sum(lengths) / max(1, len(lengths)):.0f} characters"


def _decide_labelled_codes(
    var: _Var,
    rc: RawColumn,
    parsed: dict[Any, float],
    labels: dict[float, str],
    answers: dict[Any, int],
) -> None:
    """Codes with value labels (SPSS, numeric exports with labels)."""
    codes = sorted(
        c
        for c in labels
        if c not in var.missing_numbers and label_key(labels[c]) not in _DEFAULT_MISSING_KEYS
    )
    observed = set(parsed.values())
    if codes and min(codes) >= 0 and rc.measure != "scale":
        # negative codes next to non-negative labelled ones are N/A-type recodes
        var.negative_missing = True
        observed = {c for c in observed if c >= 0}
    uncovered = sorted(observed - set(codes))
    if uncovered and rc.measure == "scale":
        var.kind, var.kind_reason = (
            "numeric",
            "a scale variable whose value labels name only some codes",
        )
        return
    codes = sorted(set(codes) | set(uncovered))
    levels = [labels.get(c, _fmt_code(c)) for c in codes]
    if len(set(levels)) != len(levels):  # the same label on two codes
        levels = [
            f"{lab} ({_fmt_code(c)})" if levels.count(lab) > 1 else lab
            for c, lab in zip(codes, levels)
        ]
    var.code_positions = {c: i for i, c in enumerate(codes)}
    var.levels = levels
    match = match_scale([labels[c] for c in codes if c in labels])
    if match is not None and match.complete and len(codes) >= 2:
        scale_pos = [match.positions.get(labels.get(c, ""), -1) for c in codes]
        var.kind, var.scale = "likert", match.scale.name
        var.negative_missing = True
        if scale_pos == sorted(scale_pos, reverse=True) and len(set(scale_pos)) > 1:
            codes = codes[::-1]
            var.code_positions = {c: i for i, c in enumerate(codes)}
            var.levels = levels[::-1]
            var.kind_reason = f"value labels fit {match.scale.name}; codes run high to low, levels put low to high"
        else:
            var.kind_reason = f"value labels fit {match.scale.name} (codes {_fmt_code(codes[0])}-{_fmt_code(codes[-1])})"
        return
    if rc.measure == "ordinal":
        var.kind, var.kind_reason = (
            "ordinal",
            "the file declares an ordinal measure; levels in code order",
        )
        var.negative_missing = True
        return
    var.kind, var.kind_reason = (
        "nominal",
        (
            "value labels that fit no answer scale"
            + (f" (measure {rc.measure})" if rc.measure else "")
        ),
    )


def _decide_numbers(
    var: _Var,
    rc: RawColumn,
    parsed: dict[Any, float],
    anchors: dict[float, str],
    text: str,
    raw: RawExport,
    grid_qids: set[str],
) -> None:
    values = sorted(set(parsed.values()))
    integers = all(float(v).is_integer() for v in values)
    small = integers and values[0] >= -10 and values[-1] <= 10 and len(values) <= 11
    if rc.hint == "numeric":
        var.kind, var.kind_reason = "numeric", "the export marks it as a number"
        return
    if (
        integers
        and _RECOMMEND.search(text)
        and values[0] >= 0
        and values[-1] <= 10
        and (values[-1] >= 6 or len(values) >= 3)
    ):
        var.kind, var.kind_reason = "nps", "0-10 answers to a 'recommend' question"
        return
    positive = [v for v in values if v >= 0]
    coded_export = raw.export_kind == "numeric" and (
        rc.question_id in grid_qids or any(v < 0 for v in values)
    )
    if (
        small
        and positive
        and (anchors or rc.measure == "ordinal" or _SCALE_WORDS.search(text) or coded_export)
    ):
        lo = min([*positive, *[a for a in anchors if a >= 0]])
        hi = max([*positive, *[a for a in anchors if a >= 0]])
        in_grid = rc.question_id in grid_qids
        if (lo in (0.0, 1.0) and hi - lo >= 2) or (in_grid and hi - lo >= 1 and lo <= 5):
            var.kind = "likert"
            var.negative_missing = True
            var.code_positions = {float(c): i for i, c in enumerate(range(int(lo), int(hi) + 1))}
            var.levels = [anchors.get(float(c), str(c)) for c in range(int(lo), int(hi) + 1)]
            var.scale = f"points{int(lo)}to{int(hi)}"
            if anchors:
                var.kind_reason = f"anchored codes {int(lo)}-{int(hi)}"
            elif coded_export and not _SCALE_WORDS.search(text):
                var.kind_reason = (
                    f"numeric export: small codes {int(lo)}-{int(hi)} in a grid or with negative "
                    "(N/A-type) recodes; labels unknown"
                )
            else:
                var.kind_reason = f"rating codes {int(lo)}-{int(hi)} in a rating question"
            return
    var.kind = "numeric"
    var.kind_reason = "every answer is a number"


# -- grids and scales across a question ------------------------------------------------


def _harmonise_coded_grids(vars_: list[_Var]) -> None:
    """Rows of one coded grid share one code range (the union of their ranges)."""
    groups: dict[str, list[_Var]] = {}
    for var in vars_:
        if var.kind == "likert" and var.code_positions and (var.scale or "").startswith("points"):
            groups.setdefault(str(var.question_id), []).append(var)
    for members in groups.values():
        if len(members) < 2:
            continue
        lo = min(min(v.code_positions) for v in members)  # type: ignore[arg-type]
        hi = max(max(v.code_positions) for v in members)  # type: ignore[arg-type]
        labels: dict[float, str] = {}
        for var in members:
            for code, pos in (var.code_positions or {}).items():
                label = (var.levels or [])[pos]
                if label != _fmt_code(code):
                    labels[code] = label
        codes = [float(c) for c in range(int(lo), int(hi) + 1)]
        for var in members:
            var.code_positions = {c: i for i, c in enumerate(codes)}
            var.levels = [labels.get(c, _fmt_code(c)) for c in codes]
            var.scale = f"points{int(lo)}to{int(hi)}"
            if "across the grid" not in var.kind_reason:
                var.kind_reason += f", across the grid {var.question_id}"


def _match_groups(vars_: list[_Var], cols: dict[str, _Col], opts: _Options) -> None:
    """Match the answers of each question (all its grid rows together) against scales."""
    groups: dict[str, list[_Var]] = {}
    for var in vars_:
        if (
            var.kind == "nominal"
            and var.mode == "value"
            and not var.user_levels
            and var.code_positions is None
            and not var.value_map
        ):
            groups.setdefault(var.question_id or var.variable, []).append(var)
    for qid, members in groups.items():
        union: dict[str, int] = {}
        per_var: dict[str, dict[str, int]] = {}
        for var in members:
            counts = {}
            for label in var.levels or []:
                counts[label] = 0
            col = cols[var.source]
            for value, count in zip(col.uniques, col.counts):
                if _missing_reason(value, var, numeric_context=False):
                    continue
                label = clean_label(value)
                counts[label] = counts.get(label, 0) + int(count)
            per_var[var.variable] = counts
            for label, count in counts.items():
                union[label] = union.get(label, 0) + count
        match = match_scale(list(union), scales=opts.scales, counts=union)
        if match is None:
            continue
        for var in members:
            labels = per_var[var.variable]
            unmatched = [x for x in labels if x not in match.positions]
            if not unmatched:
                var.kind = "likert"
                var.scale = match.scale.name
                var.levels = list(match.levels)
                if len(members) > 1:
                    var.kind_reason = f"{match.reason}, across the {len(members)} rows of {qid}"
                else:
                    var.kind_reason = match.reason
            elif len(labels) - len(unmatched) >= 2 and len(unmatched) <= max(2, len(labels) // 2):
                var.kind_reason = (
                    f"most answers fit the scale {match.scale.name} but {unmatched[:4]!r} do not; "
                    "kept nominal"
                )
                opts.warn.append(
                    f"{var.variable}: answers {unmatched[:4]!r} fit no known answer scale "
                    f"(the others fit {match.scale.name}), so the question is kept nominal and "
                    "unordered. If it is a rating scale, give its order, e.g. "
                    f"read_survey(..., likert={{{var.variable!r}: [labels from low to high]}}), "
                    "or list those answers in missing_codes= if they are non-answers."
                )


# -- multi-select ----------------------------------------------------------------------


def _slug(text: str) -> str:
    slug = re.sub(r"[^0-9a-z]+", "_", label_key(text)).strip("_")
    return slug[:40].strip("_") or "option"


def _split_fragments(cell: str, sep: str) -> list[str]:
    parts = [p.strip() for p in cell.split(sep.strip() or sep)]
    parts = [p for p in parts if p]
    # labels with a separator inside brackets: "Caches (binary, source)"
    merged: list[str] = []
    for part in parts:
        if merged and merged[-1].count("(") > merged[-1].count(")"):
            merged[-1] = f"{merged[-1]}{sep}{part}" if sep.strip() else f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


def _detect_separator(values: Iterable[str]) -> str:
    sample = [v for v in values if isinstance(v, str)][:500]
    semi = sum(v.count(";") for v in sample)
    comma = sum(v.count(", ") for v in sample)
    pipe = sum(v.count("|") for v in sample)
    best = max((semi, ";"), (comma, ", "), (pipe, "|"))
    return best[1] if best[0] else ", "


def _parse_joined(cell: str, options: list[str], sep: str) -> tuple[list[int], list[str]]:
    """Option indices chosen in ``cell`` (longest option first) and unknown fragments."""
    text = clean_label(cell)
    folded = text.casefold()
    order = sorted(range(len(options)), key=lambda i: (-len(options[i]), i))
    folded_opts = [clean_label(o).casefold() for o in options]
    sep_core = sep.strip() or sep
    chosen: list[int] = []
    unknown: list[str] = []
    pos = 0
    n = len(text)
    while pos < n:
        while pos < n and (text[pos].isspace() or text.startswith(sep_core, pos)):
            pos += len(sep_core) if text.startswith(sep_core, pos) else 1
        if pos >= n:
            break
        for i in order:
            opt = folded_opts[i]
            if opt and folded.startswith(opt, pos):
                end = pos + len(opt)
                rest = text[end:].lstrip()
                if not rest or rest.startswith(sep_core):
                    if i not in chosen:
                        chosen.append(i)
                    pos = end
                    break
        else:
            nxt = text.find(sep_core, pos)
            end = n if nxt < 0 else nxt
            fragment = text[pos:end].strip()
            if fragment:
                unknown.append(fragment)
            pos = end
    return chosen, unknown


def _cell_fragments(col: _Col, sep: str, var: _Var) -> list[tuple[list[str], int]]:
    """Each distinct joined answer split into its parts (non-answers left out), with its count."""
    out = []
    for value, count in zip(col.uniques, col.counts):
        if not isinstance(value, str):
            continue
        frags = [
            f
            for f in _split_fragments(clean_label(value), sep)
            if not _missing_reason(f, var, numeric_context=False)
        ]
        out.append((frags, int(count)))
    return out


def _fragment_counts(col: _Col, sep: str, var: _Var) -> dict[str, int]:
    """How often each part of the joined answers occurs (non-answers left out)."""
    counts: dict[str, int] = {}
    for frags, count in _cell_fragments(col, sep, var):
        for frag in frags:
            counts[frag] = counts.get(frag, 0) + count
    return counts


_CONTINUATION = re.compile(r"^(?:[a-z]|and\b|or\b|&|etc\b)")


def _merge_split_labels(
    cells: list[tuple[list[str], int]], sep: str
) -> list[tuple[list[str], int]]:
    """Re-join labels that contain the separator: "Payments, deposits & fees" is one option
    when its two parts only ever occur together, one right after the other."""
    joiner = sep if sep.strip() else sep + " "
    for _ in range(10):
        counts: dict[str, int] = {}
        pairs: dict[tuple[str, str], int] = {}
        for frags, count in cells:
            for frag in frags:
                counts[frag] = counts.get(frag, 0) + count
            for a, b in zip(frags, frags[1:]):
                pairs[(a, b)] = pairs.get((a, b), 0) + count
        merge = {
            (a, b)
            for (a, b), k in pairs.items()
            if k == counts[a] == counts[b] and ((_CONTINUATION.match(b) and k >= 2) or k >= 5)
        }
        if not merge:
            return cells
        merged_cells = []
        for frags, count in cells:
            out: list[str] = []
            for frag in frags:
                if out and (out[-1].split(joiner)[-1], frag) in merge:
                    out[-1] = out[-1] + joiner + frag
                else:
                    out.append(frag)
            merged_cells.append((out, count))
        cells = merged_cells
    return cells


def _infer_options(col: _Col, sep: str, var: _Var) -> tuple[list[str], list[str]]:
    """Options of a joined multi-select: parts seen often enough (labels with the separator
    inside re-joined); rare parts are 'other' free text."""
    cells = _merge_split_labels(_cell_fragments(col, sep, var), sep)
    counts: dict[str, int] = {}
    for frags, count in cells:
        for frag in frags:
            counts[frag] = counts.get(frag, 0) + count
    threshold = 1 if col.n_answered < 50 else 2
    options = [
        k for k, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if c >= threshold
    ]
    rare = [k for k, c in counts.items() if c < threshold]
    return options, rare


def _plan_multiselect(
    raw: RawExport, cols: dict[str, _Col], columns: list[RawColumn], opts: _Options
) -> list[_Var]:
    """Option columns (one per option) and joined cells, as one boolean variable per option."""
    out: list[_Var] = []
    by_q: dict[str, list[RawColumn]] = {}
    for rc in columns:
        if rc.hint == "multiselect_option":
            by_q.setdefault(rc.question_id or rc.name, []).append(rc)
    done: set[str] = set()
    for rc in columns:
        if rc.hint == "multiselect_option" and _select_one(rc, by_q[rc.question_id or rc.name]):
            qid = rc.question_id or rc.name
            if qid not in done:
                done.add(qid)
                out.append(_choice_var(rc, by_q[qid], {c.name for c in columns}, opts))
            continue
        if rc.hint == "multiselect_option":
            members = by_q[rc.question_id or rc.name]
            var = _new_var(rc, "multiselect", "one export column per option", mode="option")
            var.option = clean_label(rc.sub_label or rc.original_name)
            var.sub_label = var.option
            var.levels = [clean_label(m.sub_label or m.original_name) for m in members]
            var.question_columns = [m.name for m in members]
            if label_key(var.option) in _DEFAULT_MISSING_KEYS:
                var.include = False
                var.kind_reason += "; a non-substantive option"
            out.append(var)
        elif rc.hint == "multiselect_joined":
            out.extend(_joined_vars(rc, cols[rc.name], opts, rc.options, rc.separator))
    return out


_SELECT_ONE = re.compile(
    r"\((?:please\s+)?(?:select|choose|pick|check|mark|tick)\s+(?:only\s+)?one(?:\s+only)?\)|"
    r"\b(?:select|choose|pick)\s+(?:only\s+)?one\s+(?:answer|option)\b",
    re.IGNORECASE,
)


def _select_one(rc: RawColumn, members: list[RawColumn]) -> bool:
    """Option columns of a single-choice question (expanded exports say '(select one)')."""
    return len(members) >= 2 and bool(_SELECT_ONE.search(rc.question or ""))


def _choice_var(rc: RawColumn, members: list[RawColumn], taken: set[str], opts: _Options) -> _Var:
    """One nominal/ordinal/likert variable from the option columns of a select-one question."""
    qid = rc.question_id or rc.name
    name = qid if qid not in taken else f"{qid}_choice"
    var = _new_var(rc, "nominal", "", mode="choice")
    var.variable, var.question_id, var.sub_label = name, qid, None
    var.sources = [m.name for m in members]
    var.question_columns = [m.name for m in members]
    var.option_labels = [clean_label(m.sub_label or m.original_name) for m in members]
    for key in (rc.name, qid):
        if key in opts.missing_by_var:
            _add_user_missing(var, opts.missing_by_var[key], "missing code you gave")
    _add_user_missing(var, opts.missing_all, "missing code you gave")
    labels = [
        x
        for x in var.option_labels
        if label_key(x) not in _DEFAULT_MISSING_KEYS and label_key(x) not in var.missing_labels
    ]
    how = f"one export column per option of a single-choice question ({len(members)} columns)"
    order = _range_order(labels)
    match = match_scale(labels, scales=opts.scales) if order is None else None
    if order is not None:
        var.kind, var.levels = "ordinal", order
        var.kind_reason = f"{how}; the options are numeric ranges, ordered by their lower bound"
    elif match is not None and match.complete:
        var.kind, var.levels, var.scale = "likert", list(match.levels), match.scale.name
        var.kind_reason = f"{how}; {match.reason}"
    else:
        var.kind, var.levels = "nominal", labels
        var.kind_reason = f"{how}; levels in the export's order"
    return var


def _choice_column(var: _Var, cols: dict[str, _Col], log: _MissingLog) -> pd.Categorical:
    """Codes of a select-one question spread over option columns."""
    chosen = np.column_stack([_option_chosen(cols[c]) for c in var.question_columns])
    levels = list(var.levels or [])
    key_pos = {label_key(x): i for i, x in enumerate(levels)}
    column_pos = np.array([key_pos.get(label_key(x), -1) for x in var.option_labels])
    unknown = [
        x
        for x, p in zip(var.option_labels, column_pos)
        if p < 0
        and label_key(x) not in _DEFAULT_MISSING_KEYS
        and label_key(x) not in var.missing_labels
    ]
    if unknown:
        raise PersonakitError(
            f"Variable {var.variable!r}: options {unknown[:5]!r} are not among its levels "
            f"({levels!r}). Add them to the levels, or list them as missing codes."
        )
    substantive = column_pos >= 0
    n_sub = chosen[:, substantive].sum(axis=1)
    first = np.argmax(chosen & substantive[None, :], axis=1)
    codes = np.where(n_sub == 1, column_pos[first], -1)
    nonsub_any = (
        chosen[:, ~substantive].any(axis=1) if (~substantive).any() else np.zeros(len(codes), bool)
    )
    rows_dk = np.nonzero((n_sub == 0) & nonsub_any)[0]
    labels = np.array(var.option_labels, dtype=object)
    if rows_dk.size:
        first_dk = np.argmax(chosen[rows_dk][:, ~substantive], axis=1)
        shown = labels[~substantive][first_dk]
        log.add(var.variable, rows_dk, shown, [f"non-substantive answer: {x}" for x in shown])
        for x in dict.fromkeys(shown.tolist()):
            if x not in var.missing_found:
                var.missing_found.append(x)
    rows_many = np.nonzero(n_sub > 1)[0]
    if rows_many.size:
        shown = ["; ".join(labels[chosen[i] & substantive]) for i in rows_many]
        log.add(
            var.variable,
            rows_many,
            shown,
            ["several options chosen in a single-choice question"] * len(rows_many),
        )
    if var.reverse and var.kind in {"likert", "ordinal"}:
        codes = np.where(codes >= 0, len(levels) - 1 - codes, -1)
    return pd.Categorical.from_codes(
        codes, categories=pd.Index(levels, dtype=object), ordered=var.kind in {"likert", "ordinal"}
    )


def _joined_vars(
    rc: RawColumn,
    col: _Col,
    opts: _Options,
    options: list[str] | None,
    sep: str | None,
    *,
    reason: str | None = None,
) -> list[_Var]:
    base = _new_var(rc, "multiselect", "", mode="joined")
    for key in (rc.name, rc.question_id):
        if key is not None and key in opts.missing_by_var:
            _add_user_missing(base, opts.missing_by_var[key], "missing code you gave")
    _add_user_missing(base, opts.missing_all, "missing code you gave")
    sep = sep or _detect_separator(col.uniques)
    known = options is not None
    if options is None:
        counts = _fragment_counts(col, sep, base)
        total = sum(counts.values())
        repeated = sum(c for c in counts.values() if c >= 2)
        inferred, rare = _infer_options(col, sep, base)
        distinct = sum(1 for u in col.uniques if isinstance(u, str))
        free_text = (total >= 20 and repeated < 0.5 * total) or (
            distinct >= 20 and len(inferred) + len(rare) > 0.5 * distinct
        )
        if free_text:
            text = _new_var(
                rc,
                "text",
                f"the export joins its answers like a multi-select, but they read as free text "
                f"({distinct} distinct answers, {len(inferred) + len(rare)} distinct parts)",
            )
            text.missing_labels = dict(base.missing_labels)
            text.missing_numbers = dict(base.missing_numbers)
            return [text]
        options = inferred
        how = f"answers joined by {sep!r}; options inferred from the answers"
        if rare:
            how += f" ({len(rare)} rare fragments kept as 'other' text)"
    else:
        options = [clean_label(o) for o in options]
        how = (
            f"answers joined by {sep!r}, split on the {len(options)} known options (longest first)"
        )
    vars_: list[_Var] = []
    used: set[str] = set()
    for opt in options:
        slug = _slug(opt)
        name = f"{rc.name}__{slug}"
        k = 2
        while name in used:
            name = f"{rc.name}__{slug}_{k}"
            k += 1
        used.add(name)
        var = _new_var(rc, "multiselect", reason or how, mode="joined")
        var.variable = name
        var.question_id = rc.question_id if rc.question_id is not None else rc.name
        var.option = opt
        var.sub_label = opt
        var.levels = list(options)
        var.separator = sep
        var.options = list(options)
        var.options_known = known
        var.missing_labels = dict(base.missing_labels)
        var.missing_numbers = dict(base.missing_numbers)
        if label_key(opt) in _DEFAULT_MISSING_KEYS:
            var.include = False
        vars_.append(var)
    other = _new_var(
        rc, "text", "fragments of the joined answers that match no option", mode="joined"
    )
    other.variable = f"{rc.name}__other"
    other.question_id = rc.question_id if rc.question_id is not None else rc.name
    other.sub_label = "Other (free text)"
    other.separator = sep
    other.options = list(options)
    other.options_known = known
    other.option = None
    other.missing_labels = dict(base.missing_labels)
    vars_.append(other)
    return vars_


# -- user decisions --------------------------------------------------------------------


_NOT_A_LIST = object()


def _python_list(text: str) -> Any:
    """A list written by ``DataFrame.to_csv`` (Python repr, single quotes), else a marker."""
    import ast

    if not text.startswith("["):
        return _NOT_A_LIST
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return _NOT_A_LIST
    return value if isinstance(value, list) else _NOT_A_LIST


def _parse_list(value: Any, where: str, column: str) -> list[Any] | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if not isinstance(value, str):
        raise PersonakitError(f"{where}: column {column!r} must be a list, got {value!r}.")
    text = value.strip()
    if not text:
        return None
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        parsed = _python_list(text)
    if parsed is _NOT_A_LIST:
        raise PersonakitError(
            f"{where}: column {column!r} holds {text[:80]!r}, which is not a JSON list. "
            'Write lists as JSON, e.g. ["Disagree", "Neutral", "Agree"] (double quotes), or '
            "leave the cell empty."
        ) from None
    if parsed is None:
        return None
    if not isinstance(parsed, list):
        raise PersonakitError(
            f"{where}: column {column!r} holds {text[:80]!r}; expected a JSON list such as "
            '["A", "B"].'
        )
    return parsed


def _parse_bool(value: Any, where: str, column: str, default: bool) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return default
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | float | np.integer | np.floating) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text == "":
        return default
    if text in {"true", "t", "yes", "y", "1", "x"}:
        return True
    if text in {"false", "f", "no", "n", "0"}:
        return False
    raise PersonakitError(
        f"{where}: column {column!r} holds {value!r}; expected True or False (or yes/no, 1/0)."
    )


def _parse_str(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def read_codebook(codebook: str | Path | pd.DataFrame) -> pd.DataFrame:
    """Read a codebook CSV written by :meth:`Survey.save_codebook` (or a DataFrame) and check it.

    Parameters
    ----------
    codebook : str, Path or pandas.DataFrame
        The CSV file (list cells as JSON) or an in-memory codebook.

    Returns
    -------
    pandas.DataFrame
        The codebook with list cells as Python lists, booleans as ``bool`` and
        blank cells as ``None``; a ``_row`` column gives each row's line number in
        the CSV (or its 0-based position in a DataFrame) for error messages.

    Raises
    ------
    PersonakitError
        When the file cannot be read, has no ``variable`` column, repeats a
        variable, names an unknown kind, or holds a malformed list or boolean.
        The message names the row.

    Examples
    --------
    >>> import pandas as pd
    >>> cb = read_codebook(pd.DataFrame({"variable": ["Q1"], "kind": ["nominal"],
    ...                                  "levels": ['["No", "Yes"]']}))
    >>> cb.loc[0, "levels"]
    ['No', 'Yes']
    """
    if isinstance(codebook, pd.DataFrame):
        frame = codebook.copy().reset_index(drop=True)
        rows = list(range(len(frame)))
        where_fmt = "codebook row {}"
    else:
        path = Path(codebook)
        if not path.is_file():
            raise PersonakitError(
                f"Codebook file {str(path)!r} not found. Pass the CSV written by "
                "survey.save_codebook(path), or a DataFrame."
            )
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise PersonakitError(
                f"{path.name}: cannot read the codebook as a UTF-8 CSV ({exc}). Save it from your "
                "spreadsheet as 'CSV UTF-8'."
            ) from exc
        rows = [i + 2 for i in range(len(frame))]
        where_fmt = f"{path.name} line {{}}"
    if "variable" not in frame.columns:
        raise PersonakitError(
            f"The codebook has no 'variable' column (columns: {list(frame.columns)[:8]}). Start "
            "from the file written by survey.save_codebook(path)."
        )
    out = []
    seen: dict[str, int] = {}
    for i, row in enumerate(frame.to_dict("records")):
        where = where_fmt.format(rows[i])
        variable = _parse_str(row.get("variable"))
        if variable is None:
            raise PersonakitError(
                f"{where}: the 'variable' cell is empty; every row must name a variable."
            )
        if variable in seen:
            raise PersonakitError(
                f"{where}: variable {variable!r} is listed twice (also on row {seen[variable]}); "
                "keep one row per variable."
            )
        seen[variable] = rows[i]
        rec: dict[str, Any] = {"variable": variable, "_row": rows[i], "_where": where}
        kind = _parse_str(row.get("kind"))
        if kind is not None and kind not in KINDS:
            raise PersonakitError(
                f"{where}: variable {variable!r} has kind {kind!r}, which is not one of "
                f"{list(KINDS)}. Fix the 'kind' cell."
            )
        rec["kind"] = kind
        for column in _LIST_COLUMNS:
            if column in row:
                rec[column] = _parse_list(row[column], where, column)
        for column in _BOOL_COLUMNS:
            if column in row:
                rec[column] = _parse_bool(row[column], where, column, default=column == "include")
        for column in (
            "question_id",
            "question",
            "sub_label",
            "scale",
            "stage",
            "role",
            "kind_reason",
            "original_name",
            "stage_role_reason",
        ):
            if column in row:
                rec[column] = _parse_str(row[column])
        out.append(rec)
    return pd.DataFrame(out)


def write_codebook(codebook: pd.DataFrame, path: str | Path) -> Path:
    """Write a codebook as CSV with list cells as JSON (what :func:`read_codebook` reads).

    Parameters
    ----------
    codebook : pandas.DataFrame
        ``survey.codebook``.
    path : str or Path
        Where to write; the folder must exist.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import pandas as pd, tempfile, os
    >>> cb = pd.DataFrame({"variable": ["Q1"], "levels": [["No", "Yes"]], "reverse": [False]})
    >>> out = write_codebook(cb, os.path.join(tempfile.mkdtemp(), "codebook.csv"))
    >>> print(out.read_text().splitlines()[1])
    Q1,"[""No"", ""Yes""]",False
    """
    path = Path(path)
    frame = codebook.copy()
    for column in frame.columns:
        values = frame[column].tolist()
        if column in _LIST_COLUMNS or any(isinstance(v, list | tuple) for v in values):
            frame[column] = [
                "" if v is None else json.dumps(list(v), ensure_ascii=False) for v in values
            ]
        else:
            frame[column] = [
                ""
                if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
                else str(v)
                for v in values
            ]
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path


def _apply_user_row(var: _Var, rec: dict[str, Any], col: _Col | None) -> None:
    where = rec["_where"]
    kind = rec.get("kind") or var.kind
    levels = rec.get("levels")
    changed = kind != var.kind or (
        levels is not None
        and levels != (var.levels or [])
        and var.kind in {"likert", "ordinal", "nominal"}
    )
    if kind in {"likert", "ordinal", "nominal"} and var.mode in {"value", "choice"}:
        if levels is not None:
            new_levels = [str(x) for x in levels]
            if var.code_positions is not None:
                # codes keep their labels: follow each label to its new place
                old = var.levels or []
                place = {label_key(x): i for i, x in enumerate(new_levels)}
                remapped = {
                    code: place[label_key(old[pos])]
                    for code, pos in var.code_positions.items()
                    if pos < len(old) and label_key(old[pos]) in place
                }
                var.code_positions = remapped or None
            var.levels = new_levels
            var.user_levels = True
        elif kind in {"likert", "ordinal"} and var.kind not in {"likert", "ordinal"}:
            raise PersonakitError(
                f"{where}: variable {var.variable!r} is set to kind {kind!r} but its 'levels' cell "
                "is empty; list the answers from low to high, e.g. "
                '["Never", "Sometimes", "Often"].'
            )
        else:
            var.user_levels = var.user_levels or kind != var.kind
    if kind == "multiselect" and var.mode == "value":
        var.mode = "joined"
        var.separator = _detect_separator(col.uniques if col is not None else [])
        var.options = [str(x) for x in levels] if levels else None
        var.options_known = levels is not None
    if kind == "multiselect" and var.mode == "joined" and levels is not None:
        var.options = [str(x) for x in levels]
        var.levels = list(var.options)
        var.options_known = True
    if var.mode == "choice" and kind not in {"likert", "ordinal", "nominal"}:
        raise PersonakitError(
            f"{where}: variable {var.variable!r} is a single-choice question spread over option "
            f"columns; its kind can be 'nominal', 'ordinal' or 'likert', not {kind!r}."
        )
    if var.mode in {"option", "joined"} and kind not in {"multiselect", "text"}:
        raise PersonakitError(
            f"{where}: variable {var.variable!r} is one option of a multi-select question; its "
            f"kind can only be 'multiselect', not {kind!r}. Set include to False to leave it out."
        )
    if kind != var.kind:
        var.kind = kind
        var.scale = rec.get("scale") if rec.get("scale") else None
    elif rec.get("scale") is not None:
        var.scale = rec["scale"]
    if changed:
        earlier = rec.get("kind_reason") or ""
        var.kind_reason = earlier if earlier.startswith("set by you") else f"set by you ({where})"
    for column in ("question", "sub_label"):
        if rec.get(column) is not None:
            setattr(var, column, rec[column])
    if "question_id" in rec and rec.get("question_id") is not None:
        var.question_id = rec["question_id"]
    for column in ("stage", "role"):
        if column in rec:
            setattr(var, column, rec.get(column))
    if ("stage" in rec or "role" in rec) and (
        (rec.get("stage"), rec.get("role")) != (None, None) or var.stage_role_reason
    ):
        var.stage_role_reason = rec.get("stage_role_reason") or var.stage_role_reason
    for column in _BOOL_COLUMNS:
        if column in rec and rec[column] is not None:
            setattr(var, column, bool(rec[column]))
    if rec.get("missing_codes"):
        _add_user_missing(var, rec["missing_codes"], "missing code in your codebook")
        var.missing_found = list(rec["missing_codes"])


# -- materialisation -------------------------------------------------------------------


class _MissingLog:
    def __init__(self, ids: np.ndarray) -> None:
        self.ids = ids
        self.parts: list[pd.DataFrame] = []

    def add(self, variable: str, rows: np.ndarray, values: Any, reasons: Any) -> None:
        if len(rows):
            self.parts.append(
                pd.DataFrame(
                    {
                        "respondent_id": self.ids[rows],
                        "variable": variable,
                        "value": np.asarray(values, dtype=object),
                        "reason": np.asarray(reasons, dtype=object),
                    }
                )
            )

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(
                {"respondent_id": [], "variable": [], "value": [], "reason": []}, dtype=object
            )
        out = pd.concat(self.parts, ignore_index=True)
        return out.astype(object)


def _log_by_unique(log: _MissingLog, var: _Var, col: _Col, reason_of: list[str | None]) -> None:
    if not any(r is not None for r in reason_of):
        return
    flags = np.array([r is not None for r in reason_of] + [False], dtype=bool)
    rows = np.nonzero(flags[col.codes])[0]
    if rows.size:
        codes = col.codes[rows]
        shown = np.array(
            [u if isinstance(u, str) else _fmt_value(u) for u in col.uniques], dtype=object
        )
        reasons = np.array(reason_of, dtype=object)
        log.add(var.variable, rows, shown[codes], reasons[codes])
        for j, r in enumerate(reason_of):
            if r is not None and col.counts[j] > 0:
                u = col.uniques[j]
                found = _num_or_str(u) if _parse_number(u) is not None else clean_label(u)
                if found not in var.missing_found:
                    var.missing_found.append(found)


def _fmt_value(value: Any) -> str:
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _num_or_str(value: Any) -> Any:
    number = _parse_number(value)
    if number is None:
        return str(value)
    return int(number) if float(number).is_integer() else number


def _take(positions: np.ndarray, codes: np.ndarray) -> np.ndarray:
    ext = np.append(positions, -1)
    return ext[codes]  # codes == -1 picks the appended -1


def _materialise_categorical(
    var: _Var, col: _Col, log: _MissingLog, warn: list[str]
) -> pd.Categorical:
    levels = list(var.levels or [])
    key_pos: dict[str, int] = {}
    exact_pos: dict[str, int] = {}
    for i, level in enumerate(levels):
        exact_pos.setdefault(clean_label(level), i)
        key_pos.setdefault(label_key(level), i)
    if var.scale and var.kind == "likert" and not var.user_levels and var.code_positions is None:
        try:
            scale = get_scale(var.scale)
        except PersonakitError:
            scale = None
        if scale is not None and scale.n_points == len(levels):
            for key, pos in scale._keys.items():
                key_pos.setdefault(key, pos)
    numeric_ctx = var.code_positions is not None
    positions = np.full(len(col.uniques), -1, dtype=np.int64)
    reasons: list[str | None] = [None] * len(col.uniques)
    unknown: list[Any] = []
    for j, value in enumerate(col.uniques):
        reason = _missing_reason(value, var, numeric_context=numeric_ctx)
        if reason is not None:
            reasons[j] = reason
            continue
        pos = None
        if var.code_positions is not None:
            number = _parse_number(value)
            if number is None and isinstance(value, str):
                code, _ = split_numeric_prefix(value)
                number = float(code) if code is not None else None
            if number is not None:
                pos = var.code_positions.get(number)
        if pos is None and var.value_map and value in var.value_map:
            pos = exact_pos.get(var.value_map[value])
        if pos is None:
            text = (
                clean_label(value)
                if isinstance(value, str)
                else _fmt_code(value)
                if isinstance(value, float)
                else str(value)
            )
            pos = exact_pos.get(text)
            if pos is None:
                pos = key_pos.get(label_key(text))
        if pos is None:
            unknown.append(value)
        else:
            positions[j] = pos
    if unknown:
        shown = [clean_label(u) if isinstance(u, str) else u for u in unknown[:6]]
        if var.kind in {"likert", "ordinal"} and var.user_levels:
            raise PersonakitError(
                f"Variable {var.variable!r}: answers {shown!r} are not among the levels you gave "
                f"({levels!r}). Add them to the levels in their place, or list them as missing "
                "codes (missing_codes= or the codebook's missing_codes cell) if they are "
                "non-answers; personakit will not turn them into missing values silently."
            )
        # nominal (or an automatic decision that does not cover them): add as levels
        for value in unknown:
            label = clean_label(value) if isinstance(value, str) else str(value)
            if label not in exact_pos:
                exact_pos[label] = len(levels)
                levels.append(label)
            positions[col.uniques.index(value)] = exact_pos[label]
        if var.kind in {"likert", "ordinal"}:
            warn.append(
                f"{var.variable}: answers {shown!r} are not on its scale; it is kept nominal. "
                f"Give the order with likert={{{var.variable!r}: [...]}} to keep it ordered."
            )
            var.kind = "nominal"
            var.kind_reason = f"answers {shown!r} fit no scale (kept nominal)"
            var.scale = None
        var.levels = levels
    _log_by_unique(log, var, col, reasons)
    out = _take(positions, col.codes)
    if var.reverse and var.kind in {"likert", "ordinal"}:
        k = len(levels)
        out = np.where(out >= 0, k - 1 - out, -1)
    return pd.Categorical.from_codes(
        out, categories=pd.Index(levels, dtype=object), ordered=var.kind in {"likert", "ordinal"}
    )


def _materialise_numeric(var: _Var, col: _Col, log: _MissingLog, warn: list[str]) -> np.ndarray:
    values = np.full(len(col.uniques), np.nan)
    reasons: list[str | None] = [None] * len(col.uniques)
    bad: list[Any] = []
    for j, value in enumerate(col.uniques):
        reason = _missing_reason(value, var, numeric_context=True)
        if reason is not None:
            reasons[j] = reason
            continue
        number = _parse_number(value)
        if number is None and isinstance(value, str):
            code, rest = split_numeric_prefix(value)
            number = float(code) if code is not None and rest else None
        if number is None:
            reasons[j] = "not a number"
            bad.append(value)
        else:
            values[j] = number
    if bad:
        warn.append(
            f"{var.variable}: {len(bad)} distinct answers are not numbers (e.g. {bad[:3]!r}); they "
            "are missing values, listed in survey.missing with reason 'not a number'. Set the "
            "variable's kind to 'nominal' or 'text' in the codebook to keep them."
        )
    _log_by_unique(log, var, col, reasons)
    out = np.append(values, np.nan)[col.codes]
    if var.reverse:
        if var.code_positions:
            lo, hi = min(var.code_positions), max(var.code_positions)
            out = lo + hi - out
        else:
            raise PersonakitError(
                f"reverse: variable {var.variable!r} is {var.kind} with no known scale range, so "
                "it cannot be reverse-coded on the scale (min + max - x). Give it levels "
                "(likert={...}) or leave it out of reverse=."
            )
    return out


def _materialise_text(var: _Var, col: _Col, log: _MissingLog) -> Any:
    """Open answers as strings; exact non-answers ("N/A", "Don't know") become missing."""
    text = col.series.astype("str")
    if isinstance(text.dtype, pd.StringDtype) and text.dtype.storage == "python":
        return _materialise_strings(var, text, log)
    short = text.str.len().le(40).fillna(False).to_numpy(dtype=bool)
    out = text.to_numpy(dtype=object)
    if short.any():
        reason_of: dict[str, str | None] = {}
        for value in pd.unique(out[short]):
            if not isinstance(value, str):
                continue
            key = label_key(value)
            if not key:
                reason_of[value] = None  # blank
            elif key in var.missing_labels:
                reason_of[value] = var.missing_labels[key]
            elif key in _DEFAULT_MISSING_KEYS:
                reason_of[value] = f"non-substantive answer: {clean_label(value)}"
        if reason_of:
            rows = np.nonzero(short)[0]
            hit = np.array([v in reason_of for v in out[rows]], dtype=bool)
            rows = rows[hit]
            values = out[rows]
            reasons = np.array([reason_of[v] for v in values], dtype=object)
            logged = np.array([r is not None for r in reasons], dtype=bool)
            log.add(var.variable, rows[logged], values[logged], reasons[logged])
            for value in dict.fromkeys(values[logged].tolist()):
                label = clean_label(value)
                if label not in var.missing_found:
                    var.missing_found.append(label)
            out[rows] = None
    return pd.array(out, dtype="str")


def _materialise_strings(var: _Var, text: pd.Series, log: _MissingLog) -> Any:
    """:func:`_materialise_text` for a string column, judging each distinct answer once."""
    codes, uniques = factorize(text)
    values = np.append(np.asarray(uniques, dtype=object), None)  # code -1 -> None
    hit = np.zeros(len(values), dtype=bool)
    reason_of = np.full(len(values), None, dtype=object)
    for j, value in enumerate(values[:-1].tolist()):
        if not isinstance(value, str) or len(value) > 40:
            continue
        key = label_key(value)
        if not key:
            hit[j] = True  # blank: missing, nothing to log
        elif key in var.missing_labels:
            hit[j], reason_of[j] = True, var.missing_labels[key]
        elif key in _DEFAULT_MISSING_KEYS:
            hit[j], reason_of[j] = True, f"non-substantive answer: {clean_label(value)}"
    if not hit.any():
        return text.array
    rows = np.flatnonzero(hit[codes])
    logged = np.flatnonzero(np.not_equal(reason_of, None)[codes[rows]])
    log.add(var.variable, rows[logged], values[codes[rows[logged]]], reason_of[codes[rows[logged]]])
    for j in np.flatnonzero(np.not_equal(reason_of, None) & hit).tolist():
        label = clean_label(values[j])
        if label not in var.missing_found:
            var.missing_found.append(label)
    out = text.array.copy()
    out[rows] = np.nan
    return out


_ZONE_SUFFIX = re.compile(
    r"\s*(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?\s*$|\s*(?:GMT|UTC|Z)\s*$"
)


def _iso_offset(match: re.Match[str]) -> str:
    if match.group(1) is None:
        return "+00:00"
    return f"{match.group(1)}{int(match.group(2)):02d}:{match.group(3) or '00'}"


def _to_datetime(text: pd.Series, fmt: str | None, utc: bool) -> pd.Series:
    """pd.to_datetime that never raises: mixed time zones go to UTC."""
    try:
        if fmt is None and not utc:
            return pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
        return pd.to_datetime(text, errors="coerce", format=fmt or "mixed", utc=utc)
    except (TypeError, ValueError, OverflowError):
        return pd.to_datetime(text, errors="coerce", format="mixed", utc=True)


def _materialise_dates(var: _Var, col: _Col, warn: list[str]) -> Any:
    """Timestamps as datetime64 (Excel serial day numbers converted), or None if not dates."""
    series = col.series
    if col.is_datetime:
        return series.array
    text = series.astype("str")
    present = text.notna()
    where = np.flatnonzero(present.to_numpy())
    if not len(where):
        return pd.array(np.full(len(series), np.datetime64("NaT"), dtype="datetime64[ns]"))
    head = text.iloc[where[:50]].tolist()
    numbers = [_parse_number(v) for v in head]
    if all(x is not None and 20000 <= x <= 80000 for x in numbers):
        values = pd.to_numeric(text, errors="coerce")
        parsed = pd.to_datetime(values, unit="D", origin="1899-12-30")
        warn.append(f"{var.variable}: Excel serial day numbers converted to dates.")
    else:
        from pandas.tseries.api import guess_datetime_format

        # "GMT+2" (Google Forms) means UTC+2; dateutil would read it the POSIX way round
        has_zone = bool(_ZONE_SUFFIX.search(str(head[0])))
        if has_zone:
            text = text.str.replace(_ZONE_SUFFIX, _iso_offset, regex=True)
        fmt = None if has_zone else guess_datetime_format(str(head[0]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = _to_datetime(text, fmt, has_zone)
            failed = parsed.isna() & present
            if failed.any():
                retry = _to_datetime(text[failed], "mixed", has_zone)
                parsed = parsed.where(~failed, retry)
    failed = parsed.isna() & present
    if failed.any():
        warn.append(
            f"{var.variable}: {int(failed.sum())} values are not dates (e.g. "
            f"{text[failed].tolist()[:3]!r}); the column is kept as text metadata."
        )
        return None
    return parsed.array


def _materialise(
    raw: RawExport, vars_: list[_Var], cols: dict[str, _Col], ids: np.ndarray, opts: _Options
) -> tuple[pd.DataFrame, pd.DataFrame]:
    log = _MissingLog(ids)
    data: dict[str, Any] = {}
    joined_cache: dict[str, Any] = {}
    option_any: dict[tuple[str, ...], Any] = {}
    for var in vars_:
        col = cols[var.source]
        n = len(col.series)
        if var.mode == "bool":
            data[var.variable] = col.series.astype("boolean").array
        elif var.mode == "option":
            data[var.variable] = _option_column(var, cols, option_any, log)
        elif var.mode == "choice":
            data[var.variable] = _choice_column(var, cols, log)
        elif var.mode == "joined":
            data[var.variable] = _joined_column(var, col, joined_cache, log, opts)
        elif var.kind in {"likert", "ordinal", "nominal"}:
            data[var.variable] = _materialise_categorical(var, col, log, opts.warn)
        elif var.kind in {"numeric", "nps", "weight"}:
            data[var.variable] = _materialise_numeric(var, col, log, opts.warn)
        elif var.kind == "text":
            data[var.variable] = _materialise_text(var, col, log)
        elif var.kind == "date":
            parsed = _materialise_dates(var, col, opts.warn)
            if parsed is None:
                var.kind, var.kind_reason = (
                    "metadata",
                    var.kind_reason + "; kept as text (not all values are dates)",
                )
                data[var.variable] = col.series.array
            else:
                data[var.variable] = parsed
        else:  # id, metadata: as read
            data[var.variable] = col.series.array
        if len(data[var.variable]) != n:  # pragma: no cover - internal consistency
            raise PersonakitError(f"internal error: {var.variable} has the wrong length")
    index = pd.Index(ids, name="respondent_id", dtype="str")
    # no copy here: Survey() takes its own copy of the responses
    frame = pd.DataFrame(
        {k: (v.array if isinstance(v, pd.Series) else v) for k, v in data.items()},
        index=index,
        copy=False,
    )
    return frame, log.frame()


def _option_column(
    var: _Var, cols: dict[str, _Col], cache: dict[tuple[str, ...], Any], log: _MissingLog
) -> Any:
    """One option column: chosen / not chosen, NA when the question got no answer at all."""
    col = cols[var.source]
    key = tuple(var.question_columns)
    if key not in cache:
        n = len(col.codes)
        any_chosen = np.zeros(n, dtype=bool)
        any_sub = np.zeros(n, dtype=bool)
        nonsub_label = np.full(n, None, dtype=object)
        for name, label in zip(var.question_columns, var.levels or []):
            chosen = _option_chosen(cols[name])
            cache[("chosen", name)] = chosen
            any_chosen |= chosen
            if label_key(label) in _DEFAULT_MISSING_KEYS or label_key(label) in var.missing_labels:
                nonsub_label[chosen & (nonsub_label == None)] = label  # noqa: E711
            else:
                any_sub |= chosen
        cache[key] = (any_chosen, any_sub, nonsub_label)
    any_chosen, any_sub, nonsub_label = cache[key]
    chosen_here = cache.get(("chosen", var.source))
    if chosen_here is None:
        chosen_here = _option_chosen(col)
    out = pd.array(chosen_here, dtype="boolean")
    substantive = not (
        label_key(var.option or "") in _DEFAULT_MISSING_KEYS
        or label_key(var.option or "") in var.missing_labels
    )
    if substantive:
        out[~any_sub] = pd.NA
        rows = np.nonzero(any_chosen & ~any_sub)[0]
        if rows.size:
            labels = nonsub_label[rows].tolist()
            log.add(var.variable, rows, labels, [f"non-substantive answer: {x}" for x in labels])
            for label in dict.fromkeys(labels):
                if label not in var.missing_found:
                    var.missing_found.append(label)
    else:
        out[~any_chosen] = pd.NA
    return out


def _option_chosen(col: _Col) -> np.ndarray:
    flags = []
    for value in col.uniques:
        if isinstance(value, str):
            key = label_key(value)
            flags.append(key not in {"0", "false", "no", "not selected", "unchecked"})
        elif isinstance(value, bool | np.bool_):
            flags.append(bool(value))
        else:
            number = _parse_number(value)
            flags.append(number is not None and number != 0)
    return np.append(np.array(flags, dtype=bool), False)[col.codes]


def _parse_joined_column(var: _Var, col: _Col, opts: _Options) -> dict[str, Any]:
    """Split every distinct joined answer once: chosen options, unknown parts, missing reason."""
    options = var.options or []
    matrix = np.zeros((len(col.uniques) + 1, len(options)), dtype=bool)
    answered = np.zeros(len(col.uniques) + 1, dtype=bool)
    unknown_u: list[list[str]] = []
    reasons: list[str | None] = []
    for j, value in enumerate(col.uniques):
        text = value if isinstance(value, str) else str(value)
        reason = _missing_reason(text, var, numeric_context=False)
        chosen: list[int] = []
        unknown: list[str] = []
        if reason is None:
            chosen, parts = _parse_joined(text, options, var.separator or ", ")
            for frag in parts:
                frag_reason = _missing_reason(frag, var, numeric_context=False)
                if frag_reason is None:
                    unknown.append(frag)
                elif not chosen and reason is None:
                    reason = frag_reason
            if chosen or unknown:
                reason = None
        matrix[j, chosen] = True
        answered[j] = bool(chosen or unknown)
        unknown_u.append(unknown)
        reasons.append(reason)
    n_unknown = sum(int(col.counts[j]) for j, u in enumerate(unknown_u) if u)
    if var.options_known and n_unknown:
        examples = sorted({f for u in unknown_u for f in u})[:4]
        opts.warn.append(
            f"{var.source}: {n_unknown} answers contain parts that match none of the known "
            f"options (e.g. {examples!r}); they are kept as text in {var.source}__other. Add "
            "them to the options (the codebook's levels) if they are options."
        )
    return {"matrix": matrix, "answered": answered, "unknown": unknown_u, "reasons": reasons}


def _joined_column(
    var: _Var, col: _Col, cache: dict[str, Any], log: _MissingLog, opts: _Options
) -> Any:
    """One option (or the 'other' text) of a joined multi-select answer."""
    if var.source not in cache:
        cache[var.source] = _parse_joined_column(var, col, opts)
        _log_by_unique(log, var, col, cache[var.source]["reasons"])
        cache[var.source + "::found"] = list(var.missing_found)
    parsed = cache[var.source]
    for found in cache[var.source + "::found"]:
        if found not in var.missing_found:
            var.missing_found.append(found)
    if var.kind == "text":
        texts = ["; ".join(u) if u else None for u in parsed["unknown"]] + [None]
        return pd.Series(np.array(texts, dtype=object)[col.codes], dtype="str")
    options = var.options or []
    index = options.index(var.option) if var.option in options else None
    if index is None:
        chosen = np.zeros(len(col.codes), dtype=bool)
    else:
        chosen = parsed["matrix"][col.codes, index]
    out = pd.array(chosen, dtype="boolean")
    out[~parsed["answered"][col.codes]] = pd.NA
    return out


# -- ids -------------------------------------------------------------------------------


def _respondent_ids(raw: RawExport, id_var: str | None, warn: list[str]) -> np.ndarray:
    """Stable string ids: the export's own, else ``row<file row>``; repeats get ``#2``..."""
    n = len(raw.data)
    rows = np.arange(raw.first_data_row, raw.first_data_row + n)
    if id_var is None:
        return np.array([f"row{r}" for r in rows], dtype=object)
    column = raw.data[id_var]
    if pd.api.types.is_float_dtype(column.dtype):
        values = column.to_numpy(dtype=float, na_value=np.nan)
        text = np.array(
            [None if np.isnan(v) else (str(int(v)) if v.is_integer() else repr(v)) for v in values],
            dtype=object,
        )
    else:
        # str.strip on each cell, as ``.str.strip()`` does, without its per-cell overhead
        text = column.astype("str").to_numpy(dtype=object)
        text = np.array([v.strip() if isinstance(v, str) else v for v in text.tolist()], object)
    blank = pd.isna(text) | (text == "")
    ids = text.astype(object)
    for i in np.nonzero(blank)[0].tolist():
        ids[i] = f"row{rows[i]}"
    if blank.any():
        warn.append(
            f"{int(blank.sum())} responses have no id in {id_var!r}; they got ids 'row<file row>'."
        )
    series = pd.Series(ids)
    dup = pd.Index(ids, dtype=object).duplicated(keep=False)
    if dup.any():
        examples = series[dup].unique()[:3].tolist()
        rank = series.groupby(series).cumcount().to_numpy() + 1
        fixed = [v if k == 1 else f"{v}#{k}" for v, k in zip(ids, rank)]
        ids = np.array(fixed, dtype=object)
        warn.append(
            f"Response ids in {id_var!r} repeat (e.g. {examples!r}); later copies got '#2', '#3' "
            "suffixes. Check for duplicated rows in the export."
        )
    return ids


def _resolve_missing(
    missing_codes: Any, variables: set[str]
) -> tuple[list[Any], dict[str, list[Any]]]:
    if missing_codes is None:
        return [], {}
    if isinstance(missing_codes, Mapping):
        out: dict[str, list[Any]] = {}
        for key, codes in missing_codes.items():
            if key not in variables:
                raise PersonakitError(
                    f"missing_codes: {key!r} is not a column or question id of the export. "
                    f"Known names include {sorted(variables)[:8]!r}."
                )
            out[key] = [codes] if isinstance(codes, str | int | float) else list(codes)
        return [], out
    if isinstance(missing_codes, str | int | float):
        return [missing_codes], {}
    return list(missing_codes), {}


def build_survey(
    raw: RawExport,
    *,
    codebook: str | Path | pd.DataFrame | None = None,
    scales: Any = None,
    reverse: Sequence[str] | None = None,
    likert: Mapping[str, Any] | None = None,
    missing_codes: Any = None,
    attention_checks: Mapping[str, Any] | None = None,
    quality_rules: Any = None,
    weights: str | pd.Series | Sequence[float] | None = None,
    keep_pii: bool = False,
) -> Survey:
    """Interpret a raw export: the responses table, its codebook, quality flags and PII.

    Parameters
    ----------
    raw : RawExport
        What a format reader returned (:func:`personakit.io.read_raw_export`).
    codebook : str, Path or DataFrame, optional
        A codebook saved with :meth:`Survey.save_codebook` and perhaps edited:
        its kinds, levels (orders), reverse flags, missing codes, stages, roles,
        PII flags and include flags replace the automatic decisions.
    scales : dict or list, optional
        Extra answer scales, ``{name: [labels low to high]}``, tried before the
        built-in ones (:mod:`personakit.scales`).
    reverse : list of str, optional
        Variables (or question ids, for all their rows) to reverse-code on the
        scale's range: ``min + max - x``.
    likert : dict, optional
        ``{variable or question id: [labels low to high] or scale name}``: the
        order of a rating question, for scales personakit does not know.
    missing_codes : list or dict, optional
        Extra answers or codes to treat as missing, for every variable (list) or
        per variable / question id (dict).
    attention_checks : dict, optional
        ``{variable: expected answer}`` (a label, a list of accepted labels, a
        number, or ``True``/``False`` for a multi-select option). Items that say
        "Please select X for this row" are found without this.
    quality_rules : QualityRules, optional
        Thresholds for the quality flags (:class:`personakit.quality.QualityRules`).
    weights : str, Series or sequence, optional
        A weight column of the export, or weights per respondent (a Series indexed
        by respondent id, or a sequence in file order).
    keep_pii : bool, default False
        The survey's default for shared outputs (:meth:`Survey.shareable_responses`,
        :meth:`Survey.open_answers`): ``False`` drops personal-data columns and masks
        personal data in free text. PII columns stay in ``responses`` either way,
        flagged ``pii=True`` and excluded from analysis.

    Returns
    -------
    Survey
        With ``responses``, ``codebook``, ``quality``, ``missing`` and the reader's
        source and notes.

    Raises
    ------
    PersonakitError
        For unknown variables or kinds in ``codebook``, ``likert``, ``reverse``,
        ``missing_codes``, ``attention_checks`` or ``weights``, answers that are not
        among levels you gave, and invalid weights.

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit.io._raw import RawColumn, RawExport
    >>> data = pd.DataFrame({"id": ["a", "b", "c"],
    ...                      "Q1": ["Agree", "Strongly disagree", "Don't know"]}, dtype="str")
    >>> raw = RawExport(data, [RawColumn("id", "id", hint="id"),
    ...                        RawColumn("Q1", "Q1", question="The app is easy to use")],
    ...                 source="generic", detection_reason="test", id_column="id")
    >>> survey = build_survey(raw)
    >>> survey.codebook.set_index("variable").loc["Q1", "scale"]
    'agree4'
    >>> survey.responses["Q1"].tolist()
    ['Agree', 'Strongly disagree', nan]
    >>> survey.missing[["respondent_id", "reason"]].values.tolist()
    [['c', "non-substantive answer: Don't know"]]
    """
    from personakit.quality import QualityRules, assess_quality

    if not isinstance(raw, RawExport):
        raise PersonakitError(
            f"build_survey needs a RawExport (from personakit.io.read_raw_export), got "
            f"{type(raw).__name__}. For a DataFrame use Survey.from_frame(df)."
        )
    if quality_rules is not None and not isinstance(quality_rules, QualityRules):
        raise PersonakitError(
            f"quality_rules must be a personakit.quality.QualityRules, got {type(quality_rules).__name__}."
        )
    raw = dataclasses.replace(raw, columns=list(raw.columns), notes=list(raw.notes))
    columns = list(raw.columns)
    if [c.name for c in columns] != list(raw.data.columns):
        raise PersonakitError(
            "The RawExport's columns do not match its data columns: "
            f"{[c.name for c in columns][:5]} vs {list(raw.data.columns)[:5]}."
        )
    names = {c.name for c in columns} | {c.question_id for c in columns if c.question_id}
    warn: list[str] = []
    notes = list(raw.notes)
    missing_all, missing_by_var = _resolve_missing(missing_codes, names)
    user_cb = read_codebook(codebook) if codebook is not None else None
    user_rows: dict[str, tuple[int, dict[str, Any]]] = {}
    if user_cb is not None:
        for rec in user_cb.to_dict("records"):
            user_rows[rec["variable"]] = (rec["_row"], rec)
            codes = rec.get("missing_codes")
            if codes and rec["variable"] in names:
                missing_by_var.setdefault(rec["variable"], []).extend(codes)
    opts = _Options(
        scales=resolve_scales(scales),
        likert=dict(likert or {}),
        reverse=set(reverse or ()),
        missing_all=missing_all,
        missing_by_var=missing_by_var,
        user_rows=user_rows,
        warn=warn,
        notes=notes,
    )
    cols = {rc.name: _Col(raw.data[rc.name]) for rc in columns}

    # 1. what each column is
    vars_: list[_Var] = []
    ms_names = {
        rc.name for rc in columns if rc.hint in {"multiselect_option", "multiselect_joined"}
    }
    counts: dict[str, int] = {}
    for rc in columns:
        if rc.question_id and rc.hint not in {
            "multiselect_option",
            "multiselect_joined",
            "other_text",
        }:
            counts[rc.question_id] = counts.get(rc.question_id, 0) + 1
    opts.grid_qids = {q for q, k in counts.items() if k >= 2}
    ms_by_first: dict[str, list[_Var]] = {}
    for v in _plan_multiselect(raw, cols, columns, opts):
        ms_by_first.setdefault(v.source, []).append(v)
    id_var = raw.id_column
    for rc in columns:
        if rc.name in ms_names:
            vars_.extend(ms_by_first.get(rc.name, []))
            continue
        var = _plan_column(rc, cols[rc.name], raw, opts)
        if var.kind == "id" and id_var is None:
            id_var = rc.name
        if var.kind == "nominal" and var.mode == "value" and not var.user_levels:
            _decide_values(var, rc, cols[rc.name], raw, opts.grid_qids)
        vars_.append(var)
    _match_groups(vars_, cols, opts)
    _harmonise_coded_grids(vars_)

    # 2. explicit decisions: likert=, user codebook, reverse=, weights=
    by_name = {v.variable: v for v in vars_}
    _apply_likert(vars_, opts)
    if user_cb is not None:
        unknown = [
            r
            for r in user_cb.to_dict("records")
            if r["variable"] not in by_name and r["variable"] not in cols
        ]
        if unknown:
            first = unknown[0]
            raise PersonakitError(
                f"{first['_where']}: variable {first['variable']!r} is not in this export "
                f"({len(unknown)} unknown in all). Variables include {list(by_name)[:8]!r}. Fix the "
                "name or delete the row."
            )
        _apply_codebook(vars_, user_cb, cols, by_name)
        by_name = {v.variable: v for v in vars_}
    for name in sorted(opts.reverse):
        targets = [v for v in vars_ if v.variable == name or v.question_id == name]
        if not targets:
            raise PersonakitError(
                f"reverse: {name!r} is not a variable or question id of this survey. Variables "
                f"include {list(by_name)[:8]!r}."
            )
        for var in targets:
            if var.kind not in {"likert", "ordinal"} and not (
                var.kind in {"numeric", "nps"} and var.code_positions
            ):
                raise PersonakitError(
                    f"reverse: {var.variable!r} is {var.kind}, not a rating scale, so it cannot be "
                    "reverse-coded. Give its order with likert= first, or leave it out of reverse=."
                )
            var.reverse = True
    ids = _respondent_ids(raw, id_var, warn)
    _apply_weights(vars_, weights, cols, raw, ids)

    # 3. stage and role
    for var in vars_:
        if var.kind in {"id", "metadata", "date", "weight"} or var.pii:
            continue
        if var.variable in user_rows and (
            "stage" in user_rows[var.variable][1] or "role" in user_rows[var.variable][1]
        ):
            continue
        stage, role, reason = infer_stage_role(
            var.question, var.sub_label if var.mode == "value" else None
        )
        var.stage, var.role, var.stage_role_reason = stage, role, reason
        if role == "attention_check":
            var.include = False
    if user_cb is not None:  # the user's include/stage/role win over inference
        for var in vars_:
            if var.variable in user_rows:
                rec = user_rows[var.variable][1]
                for column in ("stage", "role"):
                    if column in rec:
                        setattr(var, column, rec.get(column))
                if rec.get("include") is not None:
                    var.include = bool(rec["include"])

    # 4. values
    responses, missing = _materialise(raw, vars_, cols, ids, opts)
    del cols  # the factorised columns: not needed any more
    codebook_frame = pd.DataFrame(
        [v.row() for v in vars_], columns=list(CODEBOOK_COLUMNS) + list(CODEBOOK_EXTRA_COLUMNS)
    )
    for column in ("levels", "missing_codes", "source_columns"):
        codebook_frame[column] = codebook_frame[column].astype(object)
    for column in ("question_id", "sub_label", "scale", "stage", "role"):
        values = codebook_frame[column].astype(object)
        codebook_frame[column] = values.where(values.notna(), None)
    roles: dict[str, str] = {}
    for var in vars_:  # the first column of each role (StartDate before RecordedDate)
        if var.meta_role and var.meta_role not in roles:
            roles[var.meta_role] = var.variable
    pii_kinds = {v.variable: v.pii_kind for v in vars_ if v.pii}
    metadata = {
        "column_roles": {k: roles[k] for k in sorted(roles)},
        "pii_kinds": pii_kinds,
        "keep_pii": bool(keep_pii),
        "export_kind": raw.export_kind,
        "header_rows": raw.header_rows,
        "file_row": pd.Series(
            np.arange(raw.first_data_row, raw.first_data_row + len(ids)),
            index=pd.Index(ids, name="respondent_id"),
        ),
    }
    for message in warn:
        warnings.warn(message, PersonakitWarning, stacklevel=3)
    survey = Survey(
        responses,
        codebook_frame,
        missing=missing,
        source=raw.source,
        source_reason=raw.detection_reason,
        path=raw.path,
        notes=notes + warn,
        metadata=metadata,
    )
    del responses  # the survey holds its own copy
    rules = quality_rules or QualityRules()
    checks = _check_attention_vars(attention_checks, survey)
    quality, info = assess_quality(survey, rules=rules, attention_checks=checks, return_info=True)
    survey.quality = quality
    survey.metadata["quality_rules"] = rules.to_dict()
    survey.metadata["attention_checks"] = info["attention_checks"]
    return survey


def _check_attention_vars(checks: Mapping[str, Any] | None, survey: Survey) -> dict[str, Any]:
    if not checks:
        return {}
    if not isinstance(checks, Mapping):
        raise PersonakitError(
            f"attention_checks must be a dict {{variable: expected answer}}, got {type(checks).__name__}."
        )
    out = {}
    for variable, expected in checks.items():
        if variable not in survey.responses.columns:
            raise PersonakitError(
                f"attention_checks: {variable!r} is not a variable of this survey. Variables include "
                f"{list(survey.responses.columns)[:8]!r}."
            )
        out[variable] = expected
    return out


def _apply_likert(vars_: list[_Var], opts: _Options) -> None:
    for key, spec in opts.likert.items():
        targets = [
            v for v in vars_ if (v.variable == key or v.question_id == key) and v.mode == "value"
        ]
        if not targets:
            raise PersonakitError(
                f"likert: {key!r} is not a variable or question id of this survey (or it is a "
                "multi-select). Use a name from survey.codebook['variable']."
            )
        if isinstance(spec, Scale):
            scale = spec
        elif isinstance(spec, str):
            scale = get_scale(spec)
        else:
            labels = [str(x) for x in spec] if isinstance(spec, Iterable) else None
            if not labels or len(labels) < 2:
                raise PersonakitError(
                    f"likert[{key!r}] must be a scale name or a list of at least two labels from "
                    f"low to high, got {spec!r}."
                )
            scale = Scale(f"user:{key}", tuple(labels))
        for var in targets:
            var.kind = "likert"
            var.levels = list(scale.labels)
            var.scale = scale.name if not scale.name.startswith("user:") else None
            var.user_levels = True
            var.code_positions = None
            var.kind_reason = "order given with likert="


def _apply_codebook(
    vars_: list[_Var], user_cb: pd.DataFrame, cols: dict[str, _Col], by_name: dict[str, _Var]
) -> None:
    records = {r["variable"]: r for r in user_cb.to_dict("records")}
    # a joined multi-select whose options the user edited: rebuild its option variables
    rebuilt: dict[str, list[_Var]] = {}
    for var in vars_:
        if var.mode == "joined" and var.source not in rebuilt:
            rows = [
                records[v.variable]
                for v in vars_
                if v.source == var.source and v.variable in records and v.kind == "multiselect"
            ]
            levels = next((r.get("levels") for r in rows if r.get("levels")), None)
            if levels is not None and [str(x) for x in levels] != (var.options or []):
                rc = RawColumn(
                    var.source,
                    var.original_name,
                    question_id=var.question_id,
                    question=var.question,
                )
                dummy = _Options([], {}, set(), [], {}, {}, [], [])
                new = _joined_vars(
                    rc,
                    cols[var.source],
                    dummy,
                    [str(x) for x in levels],
                    var.separator,
                    reason=f"options set by you ({rows[0]['_where']})",
                )
                for nv in new:
                    nv.missing_labels.update(var.missing_labels)
                rebuilt[var.source] = new
    if rebuilt:
        out: list[_Var] = []
        done: set[str] = set()
        for var in vars_:
            if var.source in rebuilt and var.mode == "joined":
                if var.source not in done:
                    out.extend(rebuilt[var.source])
                    done.add(var.source)
                continue
            out.append(var)
        vars_[:] = out
        by_name.clear()
        by_name.update({v.variable: v for v in vars_})
    for name, rec in records.items():
        if name in by_name:
            var = by_name[name]
            _apply_user_row(var, rec, cols.get(var.source))
        elif name in cols:  # the source column of a joined multi-select, say
            continue
    # a single column the user turned into a multi-select: expand it into options
    out = []
    for var in vars_:
        if var.mode == "joined" and var.kind == "multiselect" and var.option is None:
            rc = RawColumn(
                var.source, var.original_name, question_id=var.question_id, question=var.question
            )
            dummy = _Options([], {}, set(), [], {}, {}, [], [])
            new = _joined_vars(
                rc, cols[var.source], dummy, var.options, var.separator, reason=var.kind_reason
            )
            for nv in new:
                nv.stage, nv.role, nv.include = var.stage, var.role, var.include
            out.extend(new)
        else:
            out.append(var)
    vars_[:] = out


def _apply_weights(
    vars_: list[_Var], weights: Any, cols: dict[str, _Col], raw: RawExport, ids: np.ndarray
) -> None:
    if weights is None:
        return
    if isinstance(weights, str):
        targets = [v for v in vars_ if v.variable == weights]
        if not targets:
            raise PersonakitError(
                f"weights: {weights!r} is not a column of this export. Columns include "
                f"{[v.variable for v in vars_][:8]!r}."
            )
        var = targets[0]
        var.kind, var.kind_reason, var.include = "weight", "named with weights=", False
        values = np.array([_parse_number(u) for u in cols[var.source].uniques], dtype=float)
        bad = values[np.isfinite(values) & (values < 0)]
        if bad.size:
            raise PersonakitError(
                f"weights: column {weights!r} has negative weights (e.g. {bad[:3].tolist()}); "
                "survey weights must be zero or positive."
            )
        return
    if isinstance(weights, pd.Series) and not isinstance(weights.index, pd.RangeIndex):
        given = pd.Series(weights.to_numpy(), index=weights.index.astype(str))
        unknown = given.index.difference(pd.Index(ids))
        absent = pd.Index(ids).difference(given.index)
        if len(unknown) or len(absent):
            raise PersonakitError(
                f"weights: the Series is indexed by ids that do not match the respondents "
                f"({len(unknown)} unknown, e.g. {unknown[:3].tolist()}; {len(absent)} without a "
                f"weight, e.g. {absent[:3].tolist()}). Index it by respondent id, or pass the "
                "weights in file order."
            )
        weights = given.reindex(pd.Index(ids)).to_numpy()
    try:
        values = np.asarray(
            weights.to_numpy() if isinstance(weights, pd.Series) else list(weights), dtype=float
        )
    except (TypeError, ValueError) as exc:
        raise PersonakitError(f"weights: every weight must be a number ({exc}).") from None
    if len(values) != len(raw.data):
        raise PersonakitError(
            f"weights: got {len(values)} weights for {len(raw.data)} respondents; give one per "
            "respondent, in file order or as a Series indexed by respondent id."
        )
    if np.any(values[np.isfinite(values)] < 0) or np.isinf(values).any():
        raise PersonakitError("weights: every weight must be a finite number >= 0.")
    name = "weight"
    while name in {v.variable for v in vars_}:
        name = "_" + name
    data = pd.Series(values, dtype=float)
    raw.data = raw.data.assign(**{name: data.to_numpy()})
    rc = RawColumn(name, name, question="Survey weight (given with weights=)", hint="weight")
    raw.columns = [*raw.columns, rc]
    cols[name] = _Col(raw.data[name])
    var = _new_var(rc, "weight", "given with weights=", include=False)
    vars_.append(var)


def _is_list(value: Any) -> bool:
    return isinstance(value, list | tuple | set | frozenset)


def frame_to_raw(
    df: pd.DataFrame, *, id_column: str | None = None, kinds: Mapping[str, str] | None = None
) -> RawExport:
    """Wrap an in-memory table as a :class:`RawExport` (used by :meth:`Survey.from_frame`).

    Parameters
    ----------
    df : pandas.DataFrame
        One row per respondent.
    id_column : str, optional
        Column holding respondent ids; otherwise the index (if it is not a plain
        ``RangeIndex``) or row numbers.
    kinds : dict, optional
        ``{column: kind}`` hints: ``"multiselect"`` marks joined answers to split
        (or cells holding lists), ``"text"`` open answers, ``"id"``, ``"metadata"``,
        ``"date"``, ``"numeric"`` and ``"weight"`` are passed on as they are.

    Returns
    -------
    RawExport
        Source ``"dataframe"``.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = frame_to_raw(pd.DataFrame({"age": [31, 45]}))
    >>> raw.columns[-1].name, raw.id_column
    ('age', None)
    """
    if not isinstance(df, pd.DataFrame):
        raise PersonakitError(f"Survey.from_frame needs a DataFrame, got {type(df).__name__}.")
    kinds = dict(kinds or {})
    data = df.copy()
    data.columns = [str(c) for c in data.columns]
    if data.columns.duplicated().any():
        dupes = data.columns[data.columns.duplicated()].unique().tolist()
        raise PersonakitError(
            f"Survey.from_frame: column names repeat: {dupes[:5]}; make them unique."
        )
    unknown = sorted(set(kinds) - set(data.columns))
    if unknown:
        raise PersonakitError(
            f"Survey.from_frame: kinds names columns that are not in the table: {unknown[:5]}."
        )
    if id_column is None and not isinstance(data.index, pd.RangeIndex):
        name = str(data.index.name or "respondent_id")
        while name in data.columns:
            name = "_" + name
        data.insert(0, name, data.index.astype(str).to_numpy())
        id_column = name
    elif id_column is not None and id_column not in data.columns:
        raise PersonakitError(
            f"Survey.from_frame: id_column {id_column!r} is not a column; columns are "
            f"{list(data.columns)[:8]}."
        )
    data = data.reset_index(drop=True)
    hint_for = {
        "id": "id",
        "metadata": "metadata",
        "weight": "weight",
        "text": "text",
        "date": "date",
        "numeric": "numeric",
        "multiselect": "multiselect_joined",
    }
    columns = []
    for i, name in enumerate(data.columns):
        kind = kinds.get(name)
        if kind is not None and kind not in KINDS:
            raise PersonakitError(
                f"Survey.from_frame: kinds[{name!r}] = {kind!r} is not one of {list(KINDS)}."
            )
        hint = hint_for.get(kind) if kind else None
        separator = None
        series = data[name]
        if name == id_column:
            hint = "id"
        elif pd.api.types.is_bool_dtype(series.dtype):
            hint = None
        elif series.dtype == object and series.map(_is_list).any():
            data[name] = series.map(lambda v: " ;; ".join(map(str, v)) if _is_list(v) else v)
            hint, separator = "multiselect_joined", " ;; "
        if series.dtype == object and hint != "multiselect_joined":
            ok = series.map(
                lambda v: (
                    v is None or isinstance(v, str) or (isinstance(v, float) and math.isnan(v))
                )
            )
            if ok.all():
                data[name] = series.astype("str")
        columns.append(
            RawColumn(name, name, question=name, hint=hint, position=i, separator=separator)
        )
    return RawExport(
        data,
        columns,
        source="dataframe",
        detection_reason="built from a DataFrame",
        id_column=id_column,
        first_data_row=1,
    )

"""Finding and masking personal data in free text.

Respondents write emails, phone numbers, links with tokens and sometimes names
into open answers and interviews. Everything personakit shares (reports, JSON,
CSV exports, persona quotes) passes through :func:`mask_pii` unless the user
explicitly opts in with ``keep_pii=True``.

What is masked, and how it is recognised:

========== ============ ====================================================
kind       placeholder  rule
========== ============ ====================================================
email      ``[EMAIL]``  ``name@domain.tld``
url        ``[URL]``    http(s) or www links that carry a query string or a
                        long token-like path segment (plain site links stay)
ip         ``[IP]``     IPv4 addresses with octets 0-255, and IPv6 addresses
phone      ``[PHONE]``  7-15 digits with phone separators, optional ``+``
                        country code and ``(area)``; years, prices, dates
                        and percentages are not phone numbers
location   ``[LOCATION]`` latitude/longitude pairs with 3+ decimals
name       ``[NAME]``   the names you pass in ``names=`` (e.g. from the
                        survey's name columns or interview speakers;
                        :func:`name_variants` adds the parts of full
                        names), as whole words, case-insensitive; names
                        that are also everyday words only where they read
                        as names: first names (Will, May, Grace) when
                        capitalised, surnames (Price, Young, Brown) when
                        capitalised inside a sentence ("Anna Price",
                        "Mr. Price") or anywhere in the writer's own text
                        (``own_names=``)
========== ============ ====================================================

Whole survey columns are personal data too: :func:`pii_column_kind` says
whether a column holds emails, names, IP addresses, coordinates, phone
numbers, postal addresses or recipient/external references, from its header
and, for unlabelled columns, from its content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from personakit._errors import PersonakitError

__all__ = [
    "PII_COLUMN_KINDS",
    "PII_KINDS",
    "find_pii",
    "mask_pii",
    "name_variants",
    "pii_column_kind",
    "respondent_names",
]

PII_KINDS = ("email", "url", "ip", "phone", "location", "name")

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,;:!?)\]]", re.IGNORECASE)
_TOKEN_SEGMENT = re.compile(r"[A-Za-z0-9_-]{16,}")
_IPV4 = re.compile(
    r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?!\.?\d)"
)
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){4,7}[0-9A-Fa-f]{1,4}(?![\w:])")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,6}){1,4}(?![\w%])"
    # a trunk 0 or a + country code, then groups of up to 8 digits ("0161 4960123",
    # "+49 30 12345678", "0800 12345678")
    r"|(?<![\w+])(?:\+|0)\d{1,5}(?:[\s.-]\d{2,8}){1,3}(?![\w%])"
    r"|(?<![\w+])\+\d{7,15}(?!\w)"
)
_COORD = re.compile(r"(?<![\d.])-?\d{1,3}\.\d{3,}\s*[,;]\s*-?\d{1,3}\.\d{3,}(?![\d.])")
_HAS_DIGIT = re.compile(r"\d")
_DATE_LIKE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")

_PLACEHOLDER = {
    "email": "[EMAIL]",
    "url": "[URL]",
    "ip": "[IP]",
    "phone": "[PHONE]",
    "location": "[LOCATION]",
    "name": "[NAME]",
}


def _is_tokenised_url(url: str) -> bool:
    if "?" in url or "#" in url and len(url.split("#", 1)[1]) >= 8:
        return True
    path = re.sub(r"^(?:https?://|www\.)[^/]*", "", url, flags=re.IGNORECASE)
    return any(_TOKEN_SEGMENT.fullmatch(seg) and re.search(r"\d", seg) for seg in path.split("/"))


def _is_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if not 7 <= len(digits) <= 15:
        return False
    stripped = candidate.strip()
    if _DATE_LIKE.match(stripped):
        return False
    # a lone group of digits with thousands separators, e.g. 1,200,000, is not reached
    # (commas are not separators here); "2019 2020 2021" style year lists are not phones
    groups = re.split(r"[\s.-]+", stripped.lstrip("+").replace("(", "").replace(")", ""))
    return not (len(groups) >= 2 and all(len(g) == 4 and g[:2] in {"19", "20"} for g in groups))


def _spans(text: str, names: _Names, own: _Names | None = None) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []

    def add(kind: str, pattern: re.Pattern[str], check=None) -> None:
        for match in pattern.finditer(text):
            if check is None or check(match.group(0)):
                spans.append((match.start(), match.end(), kind))

    if "@" in text:
        add("email", _EMAIL)
    lowered = text.lower()
    if "http" in lowered or "www." in lowered:
        add("url", _URL, _is_tokenised_url)
    if _HAS_DIGIT.search(text):
        add("location", _COORD)
        add("ip", _IPV4)
        add("phone", _PHONE, _is_phone)
    if ":" in text:
        add("ip", _IPV6)
    if names or own:
        spans.extend(names.spans(text, own))
    # keep the earliest, then longest, non-overlapping spans
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str]] = []
    end = -1
    for span in spans:
        if span[0] >= end:
            kept.append(span)
            end = span[1]
    return kept


# Names that are also everyday words. First names among them are masked whenever they are
# written with a capital letter, so "I will" and "in may" survive while "Will said" does not.
_FIRST_NAME_WORDS = frozenset(
    [
        "will",
        "may",
        "mark",
        "bill",
        "grace",
        "hope",
        "joy",
        "june",
        "april",
        "august",
        "rose",
        "faith",
        "art",
        "jack",
        "frank",
        "sue",
        "pat",
        "ray",
        "dawn",
        "summer",
        "autumn",
        "amber",
        "ruby",
        "lily",
        "ivy",
        "holly",
        "gene",
        "guy",
        "max",
        "rich",
        "chase",
        "hunter",
        "lane",
        "page",
        "reed",
        "sky",
        "crystal",
        "pearl",
        "penny",
        "rob",
        "bob",
        "victor",
        "sunny",
        "star",
        "earl",
        "dean",
        "drew",
        "jean",
        "ginger",
        "sandy",
        "brook",
        "brooke",
        "chip",
        "destiny",
        "glen",
        "gay",
        "miles",
        "nick",
        "norm",
        "patience",
        "rusty",
        "wade",
        "mason",
    ]
)

# Surnames that are also everyday words, and often open a sentence as the word ("Price,
# honestly.", "Long story short"). Capitalised, they are masked inside a sentence (after
# a first name, a title or any other word: "Anna Price", "Mr. Price", "ask Price"); at the
# start of a sentence only in the text of the person who bears the name (``own_names=``).
_SURNAME_WORDS = frozenset(
    [
        "price",
        "young",
        "king",
        "long",
        "short",
        "white",
        "black",
        "brown",
        "green",
        "gray",
        "grey",
        "bishop",
        "cook",
        "baker",
        "hill",
        "hills",
        "wood",
        "woods",
        "stone",
        "little",
        "best",
        "good",
        "hall",
        "bell",
        "ward",
        "banks",
        "field",
        "fields",
        "house",
        "small",
        "strong",
        "wise",
        "sharp",
        "fair",
        "bright",
        "power",
        "love",
        "marsh",
        "mills",
        "parks",
        "rivers",
        "lord",
        "noble",
        "major",
        "frost",
        "snow",
        "fox",
        "bird",
        "hunt",
        "cash",
        "gold",
        "bond",
        "moody",
    ]
)

# Titles and abbreviations after which a full stop does not end the sentence ("Dr. Young").
_TITLES = frozenset(
    ["mr", "mrs", "ms", "mx", "dr", "prof", "rev", "fr", "sr", "sra", "st", "capt", "mme"]
)
# Words that are never a name on their own, though they stand in names ("Anna van Dijk",
# "Sam from Acme"); name parts shorter than three letters are not used either.
_NOT_NAME_PARTS = frozenset(
    [
        "and",
        "the",
        "for",
        "from",
        "with",
        "van",
        "von",
        "der",
        "den",
        "des",
        "del",
        "della",
        "dos",
        "das",
        "bin",
        "ibn",
        "team",
        "speaker",
        "interviewer",
        "participant",
        "moderator",
    ]
)
# Characters that may open a sentence before its first word: quotes, brackets, bullets.
_OPENERS = " \t\r\n\"'\u201c\u2018\u00ab([{*\u2022\u00b7\u2013\u2014-"

_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")
_NAME_PART = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens the text, a line or a sentence."""
    before = text[:start]
    stripped = before.rstrip(_OPENERS)
    if not stripped or "\n" in before[len(stripped) :]:
        return True
    if stripped[-1] not in ".!?\u2026":
        return False
    if stripped[-1] == ".":
        previous = re.search(r"(\w+)\.$", stripped)
        if previous and (
            previous.group(1).casefold() in _TITLES
            or (len(previous.group(1)) == 1 and previous.group(1).isupper())
        ):
            return False  # "Dr. Young", "A. Price"
    return True


def name_variants(names: Iterable[Any]) -> list[str]:
    """The strings to mask for a list of person names: each full name and its parts.

    A full name ("Maria Lopez") is masked wherever it appears; so is each of
    its parts ("Maria", "Lopez") of three letters or more, except connecting
    words ("van", "from") and acronyms in otherwise mixed-case names ("Dana
    (PM)" gives "Dana"). Parts that are also everyday words ("Will", "Price")
    are kept too: :func:`mask_pii` masks them only where they read as names.

    Parameters
    ----------
    names : iterable of str
        Person names, e.g. the values of a survey's name columns or interview
        speakers. Missing values and blanks are skipped.

    Returns
    -------
    list of str
        Sorted, unique names to pass to ``mask_pii(..., names=...)``.

    Examples
    --------
    >>> name_variants(["Maria Lopez", "Sam from Acme", "Dana (PM)", None])
    ['Acme', 'Dana', 'Dana (PM)', 'Lopez', 'Maria', 'Maria Lopez', 'Sam', 'Sam from Acme']
    >>> mask_pii("Price, honestly. Ask Anna Price or Mr. Price.", names=name_variants(["Anna Price"]))
    'Price, honestly. Ask [NAME] or Mr. [NAME].'
    """
    out: set[str] = set()
    for raw in names:
        if not isinstance(raw, str):
            continue
        name = " ".join(raw.split())
        if len(name) < 2:
            continue
        out.add(name)
        parts = _NAME_PART.findall(re.sub(r"\([^)]*\)", " ", name))
        all_caps = name.isupper()
        for part in parts:
            if (
                len(part) >= 3
                and (all_caps or not part.isupper())
                and part.casefold() not in _NOT_NAME_PARTS
            ):
                out.add(part)
    return sorted(out)


# A survey column holds respondents' names when it is personal data and its name or
# question says so (first/last/full name, contact, recipient, participant, interviewee).
_NAME_COLUMN = re.compile(
    r"(^|[^a-z])(name|first|last|surname|full ?name|given|family|contact|recipient|"
    r"participant|interviewee)([^a-z]|$)",
    re.IGNORECASE,
)
# What a name looks like: up to four words starting with a letter (no "@", no digits first).
_NAME_VALUE = re.compile(r"^[^\W\d_][\w'\u2019.-]*(?:\s+[^\W\d_][\w'\u2019.-]*){0,3}$")
_NOT_A_NAME = frozenset(["anonymous", "n/a", "na", "none", "unknown", "prefer not to say"])


def respondent_names(survey: Any) -> dict[str, list[str]]:
    """Each respondent's own names, from the survey's personal-data name columns.

    A column counts when the codebook marks it ``pii`` and its variable name or
    question names a person (``RecipientFirstName``, "Full name", "Contact",
    ...) and not an email, or when :func:`read_survey` recognised it as a name
    column. Values that do not look like names (emails, numbers, "Anonymous")
    are left out; "Lopez, Maria" counts as "Lopez Maria".

    Parameters
    ----------
    survey : Survey
        The survey.

    Returns
    -------
    dict
        Respondent id (str) -> the names in that respondent's row, in column
        order; respondents without a name are not listed. Pass the values
        through :func:`name_variants` to mask them in everyone's text, and a
        respondent's own list as ``own_names=`` for their answers.

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit import Survey
    >>> s = Survey(
    ...     pd.DataFrame({"first_name": ["Ana", "n/a"], "last_name": ["Price", None]},
    ...                  index=["r1", "r2"]),
    ...     pd.DataFrame({"variable": ["first_name", "last_name"], "kind": ["text", "text"],
    ...                   "pii": [True, True]}))
    >>> respondent_names(s)
    {'r1': ['Ana', 'Price']}
    """
    codebook = survey.codebook
    kinds = (getattr(survey, "metadata", None) or {}).get("pii_kinds", {})
    columns = []
    for row in codebook.to_dict(orient="records"):
        variable = row["variable"]
        if variable not in survey.responses.columns:
            continue
        pii = row.get("pii")
        if kinds.get(variable) == "name":
            columns.append(variable)
            continue
        if not (pii is True or pii == 1 or str(pii).lower() == "true"):
            continue
        header = f"{variable} {row.get('question') or ''}"
        if "email" in header.lower():
            continue
        if "name" in str(variable).lower() or _NAME_COLUMN.search(header.replace("_", " ")):
            columns.append(variable)
    out: dict[str, list[str]] = {}
    for variable in columns:
        for respondent, value in survey.responses[variable].dropna().items():
            text = " ".join(str(value).replace(",", " ").split())
            if text.casefold() in _NOT_A_NAME or not _NAME_VALUE.match(text):
                continue
            out.setdefault(str(respondent), []).append(text)
    return out


class _Names:
    """Person names as word sequences, matched by set look-ups (fast for thousands of names).

    ``own=True`` builds the names of the writer of a text: their everyday-word names
    are masked wherever they are capitalised, also at the start of a sentence.
    """

    def __init__(self, names: Iterable[str] | None, *, own: bool = False) -> None:
        self.plain: set[tuple[str, ...]] = set()
        self.capitalised: set[tuple[str, ...]] = set()
        self.in_sentence: set[tuple[str, ...]] = set()
        for raw in names or ():
            if not isinstance(raw, str):
                continue
            tokens = tuple(t.casefold() for t in _WORD.findall(raw))
            if not tokens or (len(tokens) == 1 and len(tokens[0]) < 2):
                continue
            if len(tokens) > 1:
                self.plain.add(tokens)
            elif tokens[0] in _FIRST_NAME_WORDS or (own and tokens[0] in _SURNAME_WORDS):
                self.capitalised.add(tokens)
            elif tokens[0] in _SURNAME_WORDS:
                self.in_sentence.add(tokens)
            else:
                self.plain.add(tokens)
        self.longest = max(
            (len(t) for t in self.plain | self.capitalised | self.in_sentence), default=0
        )

    def __bool__(self) -> bool:
        return self.longest > 0

    def _hit(self, key: tuple[str, ...], text: str, first: tuple[int, int, str]) -> bool:
        if key in self.plain:
            return True
        if len(key) > 1 or not first[2][:1].isupper():
            return False
        return key in self.capitalised or (
            key in self.in_sentence and not _starts_sentence(text, first[0])
        )

    def spans(self, text: str, own: _Names | None = None) -> list[tuple[int, int, str]]:
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
        longest = max(self.longest, own.longest if own is not None else 0)
        out = []
        i = 0
        while i < len(words):
            for size in range(min(longest, len(words) - i), 0, -1):
                run = words[i : i + size]
                if any(text[a[1] : b[0]].strip() for a, b in zip(run, run[1:])):
                    continue  # the words of a full name are separated by spaces only
                key = tuple(w[2].casefold() for w in run)
                if self._hit(key, text, run[0]) or (
                    own is not None and own._hit(key, text, run[0])
                ):
                    out.append((run[0][0], run[-1][1], "name"))
                    i += size
                    break
            else:
                i += 1
        return out


def _name_patterns(names: Iterable[str] | None) -> _Names:
    return _Names(names)


def _mask_one(text: Any, names: _Names, own: _Names | None = None) -> Any:
    if not isinstance(text, str) or not text:
        return text
    spans = _spans(text, names, own)
    if not spans:
        return text
    out = []
    last = 0
    for start, end, kind in spans:
        out.append(text[last:start])
        out.append(_PLACEHOLDER[kind])
        last = end
    out.append(text[last:])
    return "".join(out)


def _own_names(own: Any, where: str) -> _Names | None:
    """The writer's own names (str or iterable of str) as patterns, or None."""
    if own is None or (not isinstance(own, str) and not isinstance(own, Iterable)):
        if own is None or pd.isna(own):
            return None
        raise PersonakitError(
            f"mask_pii: own_names{where} is {type(own).__name__} {own!r}; expected a name or "
            "a list of names of the person who wrote the text."
        )
    items = [own] if isinstance(own, str) else list(own)
    bad = [x for x in items if x is not None and not isinstance(x, str) and not pd.isna(x)]
    if bad:
        raise PersonakitError(
            f"mask_pii: own_names{where} holds {bad[0]!r} ({type(bad[0]).__name__}); expected "
            "names (str). For a Series of texts, pass a Series of name lists with the same index."
        )
    patterns = _Names(name_variants(items), own=True)
    return patterns if patterns else None


def mask_pii(values: Any, *, names: Iterable[str] | None = None, own_names: Any = None) -> Any:
    """Replace personal data in free text with placeholders such as ``[EMAIL]``.

    Parameters
    ----------
    values : str, list of str, or pandas.Series
        Text to mask. Non-strings (``None``, ``NaN``) pass through unchanged.
    names : iterable of str, optional
        Person names to mask as ``[NAME]`` (whole words, case-insensitive), e.g.
        respondents' first and last names or interview speakers; see
        :func:`name_variants` for a list that includes the parts of full names.
        Names that are also everyday words are masked where they read as
        names: first names (Will, Grace) when capitalised, surnames (Price,
        Young) when capitalised inside a sentence.
    own_names : str, iterable of str, or pandas.Series, optional
        The names of the person who wrote the text. They and their parts are
        masked everywhere in it, everyday-word surnames even at the start of a
        sentence. For a Series of texts, a Series (or dict) keyed like it gives
        each text its writer's names (a list of str, or None).

    Returns
    -------
    str, list or pandas.Series
        The same type as ``values``, masked. The input is not modified.

    Examples
    --------
    >>> mask_pii("Mail me at jane.doe@example.com or call +1 (555) 010-4477")
    'Mail me at [EMAIL] or call [PHONE]'
    >>> mask_pii("Ask Priya about it", names=["Priya"])
    'Ask [NAME] about it'
    >>> mask_pii("It cost $1,200 in 2023, about 40% more")
    'It cost $1,200 in 2023, about 40% more'
    >>> mask_pii("Price, honestly. Young Ms Price agreed.", names=["Price"])
    'Price, honestly. Young Ms [NAME] agreed.'
    >>> mask_pii("Price, honestly.", names=["Price"], own_names=["Anna Price"])
    '[NAME], honestly.'
    """
    patterns = _name_patterns(names)
    if isinstance(values, pd.Series):
        if isinstance(own_names, pd.Series | Mapping):
            return _mask_rows(values, patterns, own_names)
        own = _own_names(own_names, "")
        uniques = values.dropna().unique()
        masked = {v: _mask_one(v, patterns, own) for v in uniques}
        changed = {k: v for k, v in masked.items() if k != v}
        if not changed:
            return values.copy()
        return values.map(lambda v: changed.get(v, v) if isinstance(v, str) else v)
    if isinstance(own_names, pd.Series | Mapping):
        raise PersonakitError(
            f"mask_pii: own_names is a {type(own_names).__name__}, which gives each text of a "
            f"Series its writer's names; values is a {type(values).__name__}. Pass a Series of "
            "texts, or the writer's names as a list of str."
        )
    own = _own_names(own_names, "")
    if isinstance(values, list | tuple):
        return type(values)(_mask_one(v, patterns, own) for v in values)
    return _mask_one(values, patterns, own)


def _mask_rows(values: pd.Series, patterns: _Names, own_names: Any) -> pd.Series:
    """Mask a Series whose texts each have their writer's names in ``own_names``."""
    cache: dict[tuple[str, ...], _Names | None] = {}
    out: list[Any] = []
    changed = False
    for label, text in values.items():
        own_value = own_names.get(label)
        if isinstance(own_value, str):
            own_value = [own_value]
        key = tuple(own_value) if isinstance(own_value, list | tuple) else None
        if key is not None and key in cache:
            own = cache[key]
        else:
            own = _own_names(own_value, f"[{label!r}]")
            if key is not None:
                cache[key] = own
        masked = _mask_one(text, patterns, own)
        changed = changed or masked is not text
        out.append(masked)
    if not changed:
        return values.copy()
    dtype = object if isinstance(values.dtype, pd.CategoricalDtype) else values.dtype
    return pd.Series(out, index=values.index, name=values.name, dtype=dtype)


def find_pii(values: Any, *, names: Iterable[str] | None = None) -> pd.DataFrame:
    """List the personal data found in free text, one row per finding.

    Parameters
    ----------
    values : str, list of str, or pandas.Series
        Text to scan; a Series keeps its index in the ``index`` column.
    names : iterable of str, optional
        Person names to look for.

    Returns
    -------
    pandas.DataFrame
        Columns ``index`` (position or Series label), ``kind`` (one of
        :data:`PII_KINDS`), ``start``, ``end`` and ``text`` (the match).

    Examples
    --------
    >>> find_pii(["no pii here", "write to a@b.org"])[["index", "kind"]].values.tolist()
    [[1, 'email']]
    """
    patterns = _name_patterns(names)
    if isinstance(values, pd.Series):
        items = list(values.items())
    elif isinstance(values, str):
        items = [(0, values)]
    else:
        items = list(enumerate(values))
    rows = []
    for key, text in items:
        if not isinstance(text, str):
            continue
        for start, end, kind in _spans(text, patterns):
            rows.append(
                {"index": key, "kind": kind, "start": start, "end": end, "text": text[start:end]}
            )
    return pd.DataFrame(rows, columns=["index", "kind", "start", "end", "text"])


PII_COLUMN_KINDS = ("email", "name", "ip", "location", "phone", "address", "reference")
"""Kinds of personal-data columns :func:`pii_column_kind` recognises."""

_HEADER_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"e[- ]?mail")),
    ("ip", re.compile(r"\bip\b|\bip ?address|ipaddress|\bipv[46]\b")),
    (
        "location",
        re.compile(
            r"latitude|longitude|location ?(?:lat|lon|long|accuracy)\b|geo ?location|"
            r"\bgps\b|coordinates|^lat$|^lon$|^lng$|^long$"
        ),
    ),
    ("phone", re.compile(r"phone|mobile number|cell ?number|telephone|whats ?app")),
    (
        "name",
        re.compile(
            r"^name$|^(?:your|full|first|last|given|family|middle|sur) ?name|(?:first|last|"
            r"full|given|family|middle|sur)name|recipient ?(?:first|last)? ?name|"
            r"(?:respondent|participant|contact|customer|person|user) ?s? ?name\b|"
            r"\bnom\b|\bvorname\b|\bnachname\b|\bnombre\b|your name"
        ),
    ),
    (
        "address",
        re.compile(
            r"street|postal ?code|post ?code|zip ?code|\bzip\b|home address|mailing address|"
            r"^address$|postal address"
        ),
    ),
    (
        "reference",
        re.compile(
            r"recipient|external ?(?:data)? ?ref|externalreference|externaldatareference|"
            r"custom ?data|network ?id|panel ?id|panelist|member ?id|customer ?id|\bssn\b|"
            r"social security|passport|national id|employee ?id|linkedin"
        ),
    ),
)

_QUESTION_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "email",
        re.compile(
            r"\b(?:your|an?) e ?mail(?: address)?\b|\be ?mail address|leave (?:us )?your "
            r"(?:e ?mail|contact)|your contact details"
        ),
    ),
    (
        "phone",
        re.compile(r"\b(?:phone|mobile|telephone|cell|contact) number|\byour (?:phone|mobile)\b"),
    ),
    (
        "name",
        re.compile(r"\byour (?:full |first |last |given |family )?name\b|first and last name"),
    ),
    (
        "address",
        re.compile(r"\b(?:home|postal|mailing|street) address|\bzip ?code|\bpost ?code"),
    ),
)

_CONTENT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"\s*" + _EMAIL.pattern + r"\s*")),
    ("ip", re.compile(r"\s*(?:" + _IPV4.pattern + "|" + _IPV6.pattern + r")\s*")),
)


def _header_text(text: str) -> str:
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    return " ".join(re.sub(r"[_\-.:()\[\]]+", " ", text).lower().split())


def pii_column_kind(name: str, question: str = "", values: Any = None) -> tuple[str | None, str]:
    """Say whether a survey column holds personal data, and why.

    Parameters
    ----------
    name : str
        The column header or export tag (``"RecipientEmail"``, ``"IP Address"``).
    question : str, optional
        The question text shown to respondents, if different from ``name``.
    values : iterable of str, optional
        Some of the column's answers; used when the header says nothing, so a
        column of email addresses is caught whatever it is called.

    Returns
    -------
    tuple of (str or None, str)
        The kind (one of :data:`PII_COLUMN_KINDS`) or ``None``, and a sentence
        saying what gave it away ("" when not PII).

    Examples
    --------
    >>> pii_column_kind("RecipientEmail")[0]
    'email'
    >>> pii_column_kind("LocationLatitude")[0]
    'location'
    >>> pii_column_kind("Q12", "Company size")[0] is None
    True
    >>> pii_column_kind("Q40", "Anything else?", ["see you", "ana@example.org", "me@x.io"])
    ('email', 'its answers look like email addresses (2 of 3 checked)')
    """
    for text, where in ((name, "header"), (question, "question text")):
        if not isinstance(text, str) or not text.strip():
            continue
        lowered = _header_text(text)
        if len(lowered) > 40:
            # a sentence, not a column name: only explicit requests for personal data count
            for kind, pattern in _QUESTION_RULES:
                if pattern.search(lowered):
                    return kind, f"its {where} {text.strip()[:60]!r} asks for {kind} data"
            continue
        if (
            re.search(
                r"company|organi[sz]ation|business|product|file|brand|display|user ?name|screen",
                lowered,
            )
            and "e-mail" not in lowered
            and "email" not in lowered
        ):
            continue
        for kind, pattern in _HEADER_RULES:
            if pattern.search(lowered):
                return kind, f"its {where} {text.strip()[:60]!r} names {kind} data"
    if values is None:
        return None, ""
    sample = [v for v in values if isinstance(v, str) and v.strip()]
    sample = sorted(set(sample))[:200]
    if not sample:
        return None, ""
    for kind, pattern in _CONTENT_RULES:
        hits = sum(1 for v in sample if pattern.fullmatch(v))
        if hits >= max(2, 0.5 * len(sample)):
            label = {"email": "email addresses", "ip": "IP addresses"}[kind]
            return kind, f"its answers look like {label} ({hits} of {len(sample)} checked)"
    phones = sum(1 for v in sample if _PHONE.fullmatch(v.strip()) and _is_phone(v.strip()))
    if phones >= max(2, 0.5 * len(sample)):
        return "phone", f"its answers look like phone numbers ({phones} of {len(sample)} checked)"
    return None, ""

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
                        survey's name columns or interview speakers), as
                        whole words, case-insensitive; names that are also
                        everyday words (Will, May, Grace, Mark, ...) only
                        when capitalised
========== ============ ====================================================

Whole survey columns are personal data too: :func:`pii_column_kind` says
whether a column holds emails, names, IP addresses, coordinates, phone
numbers, postal addresses or recipient/external references, from its header
and, for unlabelled columns, from its content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

__all__ = ["PII_COLUMN_KINDS", "PII_KINDS", "find_pii", "mask_pii", "pii_column_kind"]

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


def _spans(text: str, names: _Names) -> list[tuple[int, int, str]]:
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
    if names:
        spans.extend(names.spans(text))
    # keep the earliest, then longest, non-overlapping spans
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str]] = []
    end = -1
    for span in spans:
        if span[0] >= end:
            kept.append(span)
            end = span[1]
    return kept


# First names that are also everyday words: masked only when written with a capital
# letter, so "I will" and "in May" survive while "Will said" does not.
_WORD_NAMES = frozenset(
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
        "price",
        "rusty",
        "wade",
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
        "mason",
        "cook",
        "baker",
        "hill",
        "wood",
        "stone",
    ]
)


_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")


class _Names:
    """Person names as word sequences, matched by set look-ups (fast for thousands of names)."""

    def __init__(self, names: Iterable[str] | None) -> None:
        self.plain: set[tuple[str, ...]] = set()
        self.wordlike: set[tuple[str, ...]] = set()
        for raw in names or ():
            if not isinstance(raw, str):
                continue
            tokens = tuple(t.casefold() for t in _WORD.findall(raw))
            if not tokens or (len(tokens) == 1 and len(tokens[0]) < 2):
                continue
            if len(tokens) == 1 and tokens[0] in _WORD_NAMES:
                self.wordlike.add(tokens)
            else:
                self.plain.add(tokens)
        self.longest = max((len(t) for t in self.plain | self.wordlike), default=0)

    def __bool__(self) -> bool:
        return self.longest > 0

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
        out = []
        i = 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):
                run = words[i : i + size]
                if any(text[a[1] : b[0]].strip() for a, b in zip(run, run[1:])):
                    continue  # the words of a full name are separated by spaces only
                key = tuple(w[2].casefold() for w in run)
                if key in self.plain or (key in self.wordlike and run[0][2][:1].isupper()):
                    out.append((run[0][0], run[-1][1], "name"))
                    i += size
                    break
            else:
                i += 1
        return out


def _name_patterns(names: Iterable[str] | None) -> _Names:
    return _Names(names)


def _mask_one(text: Any, names: _Names) -> Any:
    if not isinstance(text, str) or not text:
        return text
    spans = _spans(text, names)
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


def mask_pii(values: Any, *, names: Iterable[str] | None = None) -> Any:
    """Replace personal data in free text with placeholders such as ``[EMAIL]``.

    Parameters
    ----------
    values : str, list of str, or pandas.Series
        Text to mask. Non-strings (``None``, ``NaN``) pass through unchanged.
    names : iterable of str, optional
        Person names to mask as ``[NAME]`` (whole words, case-insensitive), e.g.
        respondents' first and last names or interview speakers.

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
    """
    patterns = _name_patterns(names)
    if isinstance(values, pd.Series):
        uniques = values.dropna().unique()
        masked = {v: _mask_one(v, patterns) for v in uniques}
        changed = {k: v for k, v in masked.items() if k != v}
        if not changed:
            return values.copy()
        return values.map(lambda v: changed.get(v, v) if isinstance(v, str) else v)
    if isinstance(values, list | tuple):
        return type(values)(_mask_one(v, patterns) for v in values)
    return _mask_one(values, patterns)


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

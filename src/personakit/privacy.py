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
                        survey's name columns or interview speakers)
========== ============ ====================================================
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

__all__ = ["PII_KINDS", "find_pii", "mask_pii"]

PII_KINDS = ("email", "url", "ip", "phone", "location", "name")

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,;:!?)\]]", re.IGNORECASE)
_TOKEN_SEGMENT = re.compile(r"[A-Za-z0-9_-]{16,}")
_IPV4 = re.compile(
    r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?!\.?\d)"
)
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){4,7}[0-9A-Fa-f]{1,4}(?![\w:])")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}(?![\w%])"
    r"|(?<![\w+])\+\d{7,15}(?!\w)"
)
_COORD = re.compile(r"(?<![\d.])-?\d{1,3}\.\d{3,}\s*[,;]\s*-?\d{1,3}\.\d{3,}(?![\d.])")
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


def _spans(text: str, names: list[re.Pattern[str]]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []

    def add(kind: str, pattern: re.Pattern[str], check=None) -> None:
        for match in pattern.finditer(text):
            if check is None or check(match.group(0)):
                spans.append((match.start(), match.end(), kind))

    add("email", _EMAIL)
    add("url", _URL, _is_tokenised_url)
    add("location", _COORD)
    add("ip", _IPV4)
    add("ip", _IPV6)
    add("phone", _PHONE, _is_phone)
    for pattern in names:
        add("name", pattern)
    # keep the earliest, then longest, non-overlapping spans
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str]] = []
    end = -1
    for span in spans:
        if span[0] >= end:
            kept.append(span)
            end = span[1]
    return kept


def _name_patterns(names: Iterable[str] | None) -> list[re.Pattern[str]]:
    patterns = []
    for name in sorted(
        {str(n).strip() for n in names or () if isinstance(n, str)}, key=len, reverse=True
    ):
        if len(name) < 2:
            continue
        patterns.append(re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE))
    return patterns


def _mask_one(text: Any, names: list[re.Pattern[str]]) -> Any:
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
        return values.map(lambda v: _mask_one(v, patterns))
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

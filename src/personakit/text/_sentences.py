"""Splitting speech and open answers into sentences.

Evidence is one row per sentence: a turn in an interview often covers several
stages and feelings ("The trial was great. Then the bill came and I was
shocked."), and a sentence is the smallest quote a reader can check. Rules:

- a sentence ends at ``.``, ``!``, ``?`` (or a run of them, or ``...``) followed by
  space and a capital letter, digit or quote; ``?`` and ``!`` also end a sentence
  before a lower-case word; a line break always ends one;
- no break after common abbreviations (``Mr.``, ``Dr.``, ``e.g.``, ``i.e.``,
  ``etc.``, ``vs.``, ``approx.``, ``a.m.``/``p.m.``, single initials) or inside
  numbers (``3.5``);
- fragments of fewer than three words ("Yeah.", "Um, right.") are merged into the
  next sentence (or the previous one at the end), so fillers do not become
  evidence rows of their own but their feeling still counts.
"""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "vs",
        "e.g",
        "i.e",
        "eg",
        "ie",
        "approx",
        "dept",
        "no",
        "nos",
        "fig",
        "u.s",
        "u.k",
        "ca",
        "cf",
        "mt",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)
_BOUNDARY = re.compile(r"(\.{3}|…|[.!?]+)([\"'\u201d\u2019)\]]*)(\s+)")
_MIN_WORDS = 3


def _is_break(text: str, match: re.Match[str]) -> bool:
    punct = match.group(1)
    rest = text[match.end() :]
    if not rest:
        return True
    nxt = rest[0]
    if "\n" in match.group(3):
        return True
    if "?" in punct or "!" in punct:
        return True
    if not (nxt.isupper() or nxt.isdigit() or nxt in "\"'\u201c\u2018("):
        return False
    if punct in ("...", "\u2026"):
        return True
    before = text[: match.start()]
    word = re.search(r"([A-Za-z.]+)$", before)
    if word:
        token = word.group(1).lower().rstrip(".")
        if token in _ABBREVIATIONS or len(token) == 1:
            return False
    return True


def _raw_sentences(text: str) -> list[str]:
    out: list[str] = []
    for block in re.split(r"\s*\n\s*", text):
        block = block.strip()
        if not block:
            continue
        start = 0
        for match in _BOUNDARY.finditer(block):
            if _is_break(block, match):
                piece = block[start : match.end()].strip()
                if piece:
                    out.append(piece)
                start = match.end()
        tail = block[start:].strip()
        if tail:
            out.append(tail)
    return out


def _n_words(sentence: str) -> int:
    return len(re.findall(r"\w+", sentence))


def split_sentences(text: str) -> list[str]:
    """Split one turn or answer into sentences, merging filler fragments.

    Parameters
    ----------
    text : str
        A speaker turn, an open answer or any free text. Empty or blank text
        gives an empty list.

    Returns
    -------
    list of str
        The sentences, stripped, in order. Joined with spaces they hold all of
        the input's words.

    Examples
    --------
    >>> split_sentences("Yeah. The trial was great, e.g. the reports. Then the bill came!")
    ['Yeah. The trial was great, e.g. the reports.', 'Then the bill came!']
    >>> split_sentences("It cost $3.50 a week... not bad")
    ['It cost $3.50 a week... not bad']
    """
    if not isinstance(text, str) or not text.strip():
        return []
    pieces = _raw_sentences(text)
    merged: list[str] = []
    carry = ""
    for piece in pieces:
        piece = f"{carry} {piece}".strip() if carry else piece
        if _n_words(piece) < _MIN_WORDS:
            carry = piece
            continue
        carry = ""
        merged.append(piece)
    if carry:
        if merged:
            merged[-1] = f"{merged[-1]} {carry}"
        else:
            merged.append(carry)
    return merged

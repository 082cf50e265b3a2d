"""Otter.ai ``.txt`` exports and plain ``Name: text`` transcripts.

Otter writes a header line per turn, the speaker name and the time separated
by two or more spaces (often with two trailing spaces), then the text, then a
blank line, and ends with the footer ``Transcribed by https://otter.ai``::

    Kelly  0:34
    Welcome to the show.

    Unknown Speaker  1:02:05
    Thanks for having me.

Plain transcripts start each turn with ``Name:`` (or ``Name：``); lines that
do not start with a speaker continue the turn. A time in front of the name
(``[00:01:02] Dana: ...``, ``00:01:02 - Dana: ...``), after it
(``Dana (00:01:02): ...``) or on a line of its own before the turn is read as
the turn's start. Which ``Word:`` prefixes are speakers is decided by
:mod:`._speakers` (stop-list, name shape, recurrence).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from personakit.io._transcripts._common import (
    NAN,
    ParsedInterview,
    Segment,
    clean_text,
    fail,
    parse_clock,
    preview,
    read_as_speech_note,
    skipped_lines_note,
)
from personakit.io._transcripts._speakers import (
    accepted_labels,
    display_name,
    is_plausible_name,
    split_prefix,
)

__all__ = ["OTTER_HEADER", "count_otter_headers", "parse_otter", "parse_plain"]

OTTER_HEADER = re.compile(
    r"^(?P<name>\S.*?)[ \t\u00a0]{2,}(?P<time>\d{1,2}:\d{2}(?::\d{2})?)[ \t\u00a0]*$"
)
_FOOTER = re.compile(r"^\s*transcribed by\s+(?:https?://)?(?:www\.)?otter\.ai\S*\s*$", re.I)
_TS = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_LEADING_TIME = re.compile(
    rf"^\s*(?P<open>[\[(])?(?P<ts>{_TS})(?(open)[\])])\s*(?:[-–—|]\s*)?(?P<rest>.*)$"
)
_NAME_TIME = re.compile(
    rf"^\s*(?P<name>[^:：\[\]()]{{1,64}}?)\s*[\[(](?P<ts>{_TS})[\])]\s*[:：]?\s*(?P<rest>.*)$"
)
_CLOCK_ONLY = re.compile(rf"^\s*[\[(]?(?P<ts>{_TS})[\])]?\s*$")


def _otter_header(line: str) -> tuple[str, float] | None:
    match = OTTER_HEADER.match(line)
    if match is None or not is_plausible_name(match.group("name"), allow_digits=True):
        return None
    seconds = parse_clock(match.group("time"))
    if seconds is None:
        return None
    return display_name(match.group("name")), seconds


def count_otter_headers(lines: list[str]) -> int:
    """Number of Otter ``Name  0:34`` header lines in ``lines``.

    Parameters
    ----------
    lines : list of str
        The file's lines.

    Returns
    -------
    int
        How many lines are Otter speaker headers.
    """
    return sum(1 for line in lines if _otter_header(line) is not None)


def parse_otter(text: str, path: Path | str) -> ParsedInterview:
    """Parse an Otter.ai text export.

    Parameters
    ----------
    text : str
        Decoded text.
    path : path-like
        The file, for messages.

    Returns
    -------
    ParsedInterview
        One segment per header block, ``line`` = the header line, ``start``
        from the header, ``end`` NaN (Otter gives no end times).

    Raises
    ------
    TranscriptFormatError
        No header line, or no text under any header.
    """
    notes: list[str] = []
    segments: list[Segment] = []
    parts: list[list[str]] = []
    preamble: list[int] = []
    footer = None
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        if _FOOTER.match(raw):
            footer = number
            continue
        header = _otter_header(raw)
        if header is not None:
            segments.append(Segment(header[0], "", number, header[1], NAN))
            parts.append([])
            continue
        if not segments:
            preamble.append(number)
            continue
        cleaned = clean_text(raw)
        if cleaned:
            parts[-1].append(cleaned)
    if not segments:
        fail(
            path,
            "no Otter speaker lines ('Name  0:34': a name, two or more spaces, a time) found; "
            "pass format='text' for 'Name: text' transcripts.",
        )
    for segment, chunk in zip(segments, parts, strict=True):
        segment.text = " ".join(chunk)
    empty = [s.line for s in segments if not s.text]
    segments = [s for s in segments if s.text]
    if not segments:
        fail(
            path,
            f"{len(empty)} Otter speaker line(s) but no text under any of them (first at line "
            f"{empty[0]}); expected the speech on the lines after each 'Name  0:34' line.",
        )
    if preamble:
        notes.append(skipped_lines_note(preamble))
    if footer is not None:
        notes.append(f"skipped the Otter footer at line {footer}")
    if empty:
        notes.append(f"{len(empty)} speaker line(s) with no text (first at line {empty[0]})")
    speakers = len({s.speaker for s in segments})
    reason = f"Otter.ai text: {len(segments)} 'Name  m:ss' speaker blocks ({speakers} speakers)" + (
        ", 'Transcribed by' footer" if footer is not None else ""
    )
    return ParsedInterview(segments=segments, format="otter", reason=reason, notes=notes)


def _split_line(line: str) -> tuple[float | None, tuple[str, str] | None, str]:
    """(time, (speaker, text) or None, rest) for one plain-text line."""
    match = _NAME_TIME.match(line)
    if match is not None and is_plausible_name(match.group("name")):
        seconds = parse_clock(match.group("ts"))
        if seconds is not None:
            return seconds, (display_name(match.group("name")), match.group("rest")), ""
    match = _LEADING_TIME.match(line)
    if match is not None and match.group("rest").strip():
        seconds = parse_clock(match.group("ts"))
        speaker = split_prefix(clean_text(match.group("rest")))
        if seconds is not None and speaker is not None:
            return seconds, speaker, match.group("rest")
    return None, split_prefix(clean_text(line)), line


def plain_candidates(lines: list[str]) -> Counter[str]:
    """Count the plausible ``Name:`` labels that start lines.

    Parameters
    ----------
    lines : list of str
        The file's lines.

    Returns
    -------
    Counter
        Display name -> number of lines it starts.
    """
    counts: Counter[str] = Counter()
    for line in lines:
        if line.strip():
            speaker = _split_line(line)[1]
            if speaker is not None:
                counts[speaker[0]] += 1
    return counts


def parse_plain(text: str, path: Path | str, *, known: set[str]) -> ParsedInterview:
    """Parse a plain transcript whose turns start with ``Name:``.

    Parameters
    ----------
    text : str
        Decoded text.
    path : path-like
        The file, for messages.
    known : set of str
        Name keys given by the user.

    Returns
    -------
    ParsedInterview
        One segment per ``Name:`` line plus its continuation lines; ``line`` =
        the ``Name:`` line; times when the lines carry them, else NaN.

    Raises
    ------
    TranscriptFormatError
        No speaker label found.
    """
    lines = text.split("\n")
    counts = plain_candidates(lines)
    accepted = accepted_labels(counts, known)
    if not accepted:
        first = next(((i + 1, ln) for i, ln in enumerate(lines) if ln.strip()), (1, ""))
        fail(
            path,
            "no speakers found: no 'Name: text' lines and no Otter 'Name  0:34' lines "
            f"(first non-blank line {first[0]}: {preview(first[1])}). Expected each turn to "
            "start with the speaker's name and a colon, e.g. 'Dana: How did you start?'.",
        )
    notes: list[str] = []
    segments: list[Segment] = []
    parts: list[list[str]] = []
    preamble: list[int] = []
    pending_time: float | None = None
    rejected = 0
    timed = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        clock = _CLOCK_ONLY.match(raw)
        if clock is not None and parse_clock(clock.group("ts")) is not None:
            pending_time = parse_clock(clock.group("ts"))
            continue
        seconds, speaker, _ = _split_line(raw)
        if speaker is not None and speaker[0] in accepted:
            start = seconds if seconds is not None else pending_time
            pending_time = None
            timed += start is not None
            segments.append(Segment(speaker[0], "", number, NAN if start is None else start))
            parts.append([])
            cleaned = clean_text(speaker[1])
        else:
            rejected += speaker is not None
            cleaned = clean_text(raw)
            if not segments:
                preamble.append(number)
                continue
        if cleaned:
            parts[-1].append(cleaned)
    for segment, chunk in zip(segments, parts, strict=True):
        segment.text = " ".join(chunk)
    segments = [s for s in segments if s.text]
    if preamble:
        notes.append(skipped_lines_note(preamble))
    if rejected:
        notes.append(read_as_speech_note(rejected))
    speakers = len({s.speaker for s in segments})
    reason = f"plain text: {len(segments)} 'Name: text' turns ({speakers} speakers)" + (
        f", {timed} with times" if timed else ""
    )
    return ParsedInterview(segments=segments, format="plain_text", reason=reason, notes=notes)

"""Word ``.docx`` transcripts: Microsoft Teams, Teams/Stream arrow lines, Google Meet, plain.

python-docx returns each paragraph's text with line breaks (``<w:br/>``) as
``\\n``; every paragraph is split on them and each piece keeps the 1-based
index of its paragraph (``line`` in the output is that paragraph index).
Layouts are tried in this order:

1. **Google Meet** ("Notes by Gemini" exports): a line holding only a time
   (``00:00:11``) followed by ``Name: text`` lines. Everything before the
   first such time is the AI-written meeting notes and is skipped, never read
   as speech; the trailer ``Transcription ended after 00:00:39`` ends the
   transcript. Meet goes first because its trailer looks like a Teams header.
2. **Teams / Stream arrow lines**: ``0:0:5.100 --> 0:0:8.250``, then the
   speaker on a line of its own (or ``Name: text``), then the text.
3. **Teams**: a header ``Name   0:04`` (name, spaces, time) with the turn's
   text on the following lines of the same paragraph (or the next
   paragraphs); ``X started transcription`` / ``X stopped transcription``
   markers (also German, French, Spanish) and the title lines before the first
   header are skipped.
4. **Plain**: paragraphs starting ``Name:``.

A document with timecodes that fit none of these is refused rather than read
as untimed text.
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
)
from personakit.io._transcripts._speakers import (
    accepted_labels,
    display_name,
    is_plausible_name,
    split_prefix,
)
from personakit.io._transcripts._vtt import TIMING

__all__ = ["parse_docx", "read_docx_paragraphs"]

_MEET_CLOCK = re.compile(r"^\s*(?P<ts>\d{1,2}:\d{2}:\d{2})\s*$")
_ANY_CLOCK_LINE = re.compile(r"^\s*[\[(]?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?[\])]?\s*$")
_MEET_END = re.compile(r"^\s*transcription ended after\s+\d{1,2}:\d{2}(?::\d{2})?\s*$", re.I)
_HEADER = re.compile(r"^(?P<name>\S.*?)[ \t\u00a0]+(?P<time>\d{1,2}:\d{2}(?::\d{2})?)[ \t\u00a0]*$")
_TRAILING_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*$")
_MARKER = re.compile(
    r"(?:\b(?:has\s+)?(?:started|stopped|began|ended)\s+transcri(?:ption|bing)\b"
    r"|\btranskription\s+(?:gestartet|beendet|gestoppt)\b"
    r"|\b(?:démarré|arrêté|commencé|lancé|terminé)\s+la\s+transcription\b"
    r"|\b(?:iniciado|inició|detenido|detuvo|finalizó|finalizado)\s+la\s+transcripción\b)",
    re.IGNORECASE,
)


def read_docx_paragraphs(path: Path | str) -> list[str]:
    """The text of every body paragraph of a ``.docx`` file, in order.

    Parameters
    ----------
    path : path-like
        The Word file.

    Returns
    -------
    list of str
        One string per paragraph (line breaks inside a paragraph as ``\\n``).

    Raises
    ------
    TranscriptFormatError
        The file is not a readable .docx, or its text is only in tables.
    """
    try:
        import docx
    except ImportError:  # pragma: no cover - python-docx is a core dependency
        fail(path, "reading .docx files needs python-docx: pip install python-docx")
    try:
        document = docx.Document(str(path))
        paragraphs = [p.text for p in document.paragraphs]
        in_tables = sum(1 for table in document.tables for _ in table.rows)
    except Exception as exc:  # zip, XML and content-type errors all mean "not a docx"
        fail(
            path,
            f"is not a readable Word .docx file ({type(exc).__name__}: {str(exc)[:120]}). "
            "Open it in Word and save it again as .docx, or export the transcript as .vtt.",
        )
    if not any(p.strip() for p in paragraphs):
        where = f" (its {in_tables} table rows are not read)" if in_tables else ""
        fail(
            path,
            f"the document has no text paragraphs{where}; expected one paragraph per turn "
            "('Name  0:04' then the text). Export the transcript again or as .vtt.",
        )
    return paragraphs


def _lines(paragraphs: list[str]) -> list[tuple[int, str]]:
    return [
        (index, piece)
        for index, paragraph in enumerate(paragraphs, start=1)
        for piece in paragraph.split("\n")
        if piece.strip()
    ]


def _header(text: str) -> tuple[str, float] | None:
    match = _HEADER.match(text)
    if match is None:
        return None
    name = match.group("name")
    # A header needs two or more spaces before the time, unless the name is a clear name.
    gap = text[match.end("name") : match.start("time")]
    if len(gap.replace("\t", "  ")) < 2 and len(name.split()) < 2:
        return None
    if not is_plausible_name(name):
        return None
    seconds = parse_clock(match.group("time"))
    return None if seconds is None else (display_name(name), seconds)


def _parse_meet(lines, path, notes, known) -> list[Segment] | None:
    starts = [
        i
        for i, (_, text) in enumerate(lines)
        if _MEET_CLOCK.match(text)
        and i + 1 < len(lines)
        and split_prefix(clean_text(lines[i + 1][1]))
    ]
    if not starts:
        return None
    counts = Counter(
        split[0] for _, text in lines[starts[0] :] if (split := split_prefix(clean_text(text)))
    )
    accepted = accepted_labels(counts, known)
    if not accepted:
        return None
    first = starts[0]
    if first:
        notes.append(
            f"skipped paragraphs {lines[0][0]}-{lines[first - 1][0]} before the transcript "
            "(meeting notes / AI summary, not speech)"
        )
    segments: list[Segment] = []
    parts: list[list[str]] = []
    clock = NAN
    for position in range(first, len(lines)):
        paragraph, text = lines[position]
        if _MEET_END.match(text):
            notes.append(f"the transcript ends at paragraph {paragraph} ({text.strip()!r})")
            break
        match = _MEET_CLOCK.match(text)
        if match is not None:
            clock = parse_clock(match.group("ts"))
            continue
        split = split_prefix(clean_text(text))
        if split is not None and split[0] in accepted:
            segments.append(Segment(split[0], "", paragraph, clock))
            parts.append([clean_text(split[1])])
        elif segments:
            parts[-1].append(clean_text(text))
    for segment, chunk in zip(segments, parts, strict=True):
        segment.text = " ".join(p for p in chunk if p)
    return segments


def _parse_arrows(lines, path, notes, known) -> list[Segment] | None:
    blocks: list[tuple[float, float, list[tuple[int, str]]]] = []
    for paragraph, text in lines:
        timing = TIMING.match(text.strip())
        if timing is not None:
            start, end = parse_clock(timing.group("start")), parse_clock(timing.group("end"))
            if start is None or end is None:
                fail(
                    path,
                    f"cannot read the timing {preview(text)}; expected 'h:mm:ss.t --> h:mm:ss.t'.",
                    line=paragraph,
                    unit="paragraph",
                )
            blocks.append((start, end, []))
        elif blocks:
            blocks[-1][2].append((paragraph, text))
    if not blocks:
        return None
    alone = Counter(
        display_name(body[0][1])
        for _, _, body in blocks
        if len(body) >= 2 and is_plausible_name(body[0][1])
    )
    accepted_alone = accepted_labels(alone, known)
    segments: list[Segment] = []
    for start, end, body in blocks:
        if not body:
            continue
        speaker = None
        first_name = display_name(body[0][1])
        if len(body) >= 2 and first_name in accepted_alone and is_plausible_name(body[0][1]):
            speaker, body = first_name, body[1:]
            text = " ".join(clean_text(t) for _, t in body)
        else:
            split = split_prefix(clean_text(body[0][1]))
            if split is not None:
                speaker = split[0]
                text = " ".join([clean_text(split[1])] + [clean_text(t) for _, t in body[1:]])
            else:
                text = " ".join(clean_text(t) for _, t in body)
        segments.append(Segment(speaker, text.strip(), body[0][0], start, end))
    if not any(s.speaker for s in segments):
        fail(
            path,
            f"found {len(blocks)} timing lines ('0:0:5.1 --> 0:0:8.2', first at paragraph "
            f"{lines[0][0]}) but no speaker line after any of them, so the timecodes cannot be "
            "aligned with speakers. Export the transcript as .vtt instead.",
        )
    return segments


def _parse_teams(lines, path, notes, known) -> list[Segment] | None:
    headers = {i: h for i, (_, text) in enumerate(lines) if (h := _header(text))}
    if not headers:
        return None
    accepted = accepted_labels(Counter(h[0] for h in headers.values()), known)
    headers = {i: h for i, h in headers.items() if h[0] in accepted}
    if not headers:
        return None
    segments: list[Segment] = []
    parts: list[list[str]] = []
    markers = 0
    preamble: list[int] = []
    open_turn = False
    for position, (paragraph, text) in enumerate(lines):
        if position in headers:
            name, seconds = headers[position]
            segments.append(Segment(name, "", paragraph, seconds))
            parts.append([])
            open_turn = True
            continue
        if len(text) < 160 and _MARKER.search(text):
            markers += 1
            open_turn = False
            continue
        if open_turn:
            parts[-1].append(clean_text(text))
        elif not segments:
            preamble.append(paragraph)
    for segment, chunk in zip(segments, parts, strict=True):
        segment.text = " ".join(p for p in chunk if p)
    if markers:
        notes.append(f"skipped {markers} 'started/stopped transcription' marker(s)")
    if preamble:
        notes.append(
            f"skipped {len(set(preamble))} paragraph(s) before the first speaker (title, date)"
        )
    return segments


def _parse_plain(lines, path, notes, known) -> list[Segment] | None:
    counts = Counter(split[0] for _, text in lines if (split := split_prefix(clean_text(text))))
    accepted = accepted_labels(counts, known)
    if not accepted:
        return None
    clocks = [p for p, text in lines if _ANY_CLOCK_LINE.match(text)]
    if len(clocks) >= 2:
        fail(
            path,
            f"has {len(clocks)} timecode lines (first at paragraph {clocks[0]}) that cannot be "
            "aligned with its 'Name: text' paragraphs; expected a time line directly before "
            "each 'Name: text' line (Google Meet) or 'Name   0:04' headers (Teams). Refusing to "
            "return untimed text: export the transcript as .vtt, or remove the time lines.",
            unit="paragraph",
        )
    segments: list[Segment] = []
    parts: list[list[str]] = []
    preamble = 0
    for paragraph, text in lines:
        split = split_prefix(clean_text(text))
        if split is not None and split[0] in accepted:
            segments.append(Segment(split[0], "", paragraph))
            parts.append([clean_text(split[1])])
        elif segments:
            parts[-1].append(clean_text(text))
        else:
            preamble += 1
    for segment, chunk in zip(segments, parts, strict=True):
        segment.text = " ".join(p for p in chunk if p)
    if preamble:
        notes.append(f"skipped {preamble} line(s) before the first speaker")
    return segments


_LAYOUTS = (
    ("meet_docx", "Google Meet .docx: time lines then 'Name: text' lines", _parse_meet),
    ("teams_docx", "Teams/Stream .docx with 'start --> end' timing lines", _parse_arrows),
    ("teams_docx", "Teams .docx: one 'Name   m:ss' header per turn", _parse_teams),
    ("docx", "Word .docx with 'Name: text' paragraphs", _parse_plain),
)


def parse_docx(path: Path | str, *, known: set[str]) -> ParsedInterview:
    """Parse a Word transcript (Teams, Teams arrow lines, Google Meet, or plain).

    Parameters
    ----------
    path : path-like
        The ``.docx`` file.
    known : set of str
        Name keys given by the user.

    Returns
    -------
    ParsedInterview
        Segments with ``line`` = 1-based paragraph index.

    Raises
    ------
    TranscriptFormatError
        Not a docx, no speakers, or timecodes that cannot be aligned.
    """
    paragraphs = read_docx_paragraphs(path)
    lines = _lines(paragraphs)
    for fmt, description, parser in _LAYOUTS:
        notes: list[str] = []
        segments = parser(lines, path, notes, known)
        if segments:
            speakers = len({s.speaker for s in segments if s.speaker})
            reason = f"{description} ({len(segments)} turns, {speakers} speakers)"
            return ParsedInterview(segments=segments, format=fmt, reason=reason, notes=notes)
    timed = [
        p
        for p, text in lines
        if _ANY_CLOCK_LINE.match(text) or TIMING.match(text.strip()) or _TRAILING_TIME.search(text)
    ]
    if len(timed) >= 2:
        fail(
            path,
            f"has {len(timed)} timecodes (first at paragraph {timed[0]}) but no speaker names "
            "that line up with them, so the timecodes cannot be aligned; expected Teams "
            "'Name   0:04' headers, Google Meet time lines followed by 'Name: text', or "
            "'start --> end' lines followed by a speaker line. Export the transcript as .vtt.",
        )
    first = lines[0]
    fail(
        path,
        f"no speakers found in {len(paragraphs)} paragraphs (first text at paragraph "
        f"{first[0]}: {preview(first[1])}); expected Teams 'Name   0:04' headers, Google Meet "
        "time lines with 'Name: text', or paragraphs starting 'Name:'.",
    )
    raise AssertionError("unreachable")  # pragma: no cover

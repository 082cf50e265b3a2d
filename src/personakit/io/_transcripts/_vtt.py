"""WebVTT (Zoom, Microsoft Teams) and SRT subtitle transcripts.

The parser is a tolerant line-by-line state machine rather than a strict
WebVTT implementation, because real exports break the rules:

- a byte-order mark, CRLF line ends, no ``WEBVTT`` header (SRT, converted files);
- ``NOTE``, ``STYLE`` and ``REGION`` blocks (skipped);
- cue identifiers that are numbers (Zoom, SRT) or GUIDs with a suffix
  (Teams ``3f1c.../12-0``), and cues not separated by a blank line;
- timestamps with optional hours, 1-3 fraction digits and ``.`` or ``,``
  (Teams' ``0:0:0.0 --> 0:0:0.570``; SRT's ``00:00:01,500``), cue settings
  after the end time;
- speech that itself contains ``-->`` ("it goes A --> B" is text, not timing).

Speakers come from ``<v Name>`` voice spans (Teams: several voices in one cue,
a missing ``</v>``, classes such as ``<v.loud Name>``), otherwise from a
``Name: text`` prefix (Zoom, SRT) judged by :mod:`._speakers`. Text without a
speaker continues the previous speaker. Other tags are stripped and HTML
entities decoded.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from personakit.io._transcripts._common import (
    ParsedInterview,
    Segment,
    clean_text,
    fail,
    parse_clock,
    preview,
    read_as_speech_note,
)
from personakit.io._transcripts._speakers import accepted_labels, display_name, split_prefix

__all__ = ["TIMING", "looks_like_subtitles", "parse_subtitles"]

_TS = r"(?:\d{1,3}:)?\d{1,3}:\d{1,2}(?:[.,]\d{1,3})?"
TIMING = re.compile(rf"^\s*(?P<start>{_TS})\s*-->\s*(?P<end>{_TS})(?:[ \t].*)?$")
_TIMING_LIKE = re.compile(r"^\s*\d{1,3}[:.,]\d[\d:.,]*\s*-->")
_ID_LIKE = re.compile(r"^[A-Za-z0-9\-]+(?:/\d+-\d+)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+(?P<name>[^>]*))?>", re.IGNORECASE)
_BLOCK = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t].*)?$")


@dataclass
class _Cue:
    start: float
    end: float
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)


class _CueBuilder:
    """Collects the segments of one cue (a cue may hold several voices)."""

    def __init__(self, segments: list[Segment], cue: _Cue):
        self.segments = segments
        self.cue = cue
        self.created: list[Segment] = []
        self.parts: list[list[str]] = []

    def new(self, speaker: str | None, number: int) -> None:
        segment = Segment(speaker, "", number, self.cue.start, self.cue.end)
        self.segments.append(segment)
        self.created.append(segment)
        self.parts.append([])

    def add(self, piece: str, number: int) -> None:
        cleaned = clean_text(piece)
        if not cleaned:
            return
        if not self.created:
            self.new(None, number)
        self.parts[-1].append(cleaned)

    def finish(self) -> None:
        for segment, parts in zip(self.created, self.parts, strict=True):
            segment.text = " ".join(parts)


def looks_like_subtitles(text: str) -> bool:
    """Whether ``text`` is WebVTT or SRT (a ``WEBVTT`` header or a cue timing line).

    Parameters
    ----------
    text : str
        Decoded file text.

    Returns
    -------
    bool
        True when a subtitle parser should read it.
    """
    if text.startswith("WEBVTT"):
        return True
    return any(TIMING.match(line) for line in text[:20000].split("\n")[:400])


def _read_cues(lines: list[str], path: Path | str, notes: list[str]) -> list[_Cue]:
    cues: list[_Cue] = []
    cue: _Cue | None = None
    skipping = False
    start_index = 0
    if lines and lines[0].startswith("WEBVTT"):
        # the header block runs to the first blank line (Kind:, Language: ...)
        start_index = 1
        while (
            start_index < len(lines)
            and lines[start_index].strip()
            and not TIMING.match(lines[start_index])
        ):
            start_index += 1
    stray: list[int] = []
    skipped_blocks = 0
    for index in range(start_index, len(lines)):
        number = index + 1
        raw = lines[index]
        stripped = raw.strip()
        if not stripped:
            cue = None
            skipping = False
            continue
        if skipping:
            continue
        timing = TIMING.match(stripped)
        if timing is None and _TIMING_LIKE.match(stripped):
            fail(
                path,
                f"cannot read the cue timing {preview(stripped)}; expected "
                "'hh:mm:ss.ttt --> hh:mm:ss.ttt' (hours optional). Fix the line or export "
                "the transcript again.",
                line=number,
            )
        if timing is not None:
            start = parse_clock(timing.group("start"))
            end = parse_clock(timing.group("end"))
            if start is None or end is None:
                fail(
                    path,
                    f"cue timing {preview(stripped)} has minutes or seconds above 59; "
                    "expected 'hh:mm:ss.ttt --> hh:mm:ss.ttt'.",
                    line=number,
                )
            if cue is not None and cue.lines and _ID_LIKE.match(cue.lines[-1][1].strip()):
                cue.lines.pop()  # the identifier of this cue, with no blank line before it
            if end < start:
                notes.append(
                    f"line {number}: cue ends before it starts ({timing.group('end')} < "
                    f"{timing.group('start')}); its end was set to its start"
                )
                end = start
            cue = _Cue(start=start, end=end, line=number)
            cues.append(cue)
            continue
        if cue is not None:
            cue.lines.append((number, raw))
            continue
        if _BLOCK.match(stripped):
            skipping = True
            skipped_blocks += 1
            continue
        nxt = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if TIMING.match(nxt):
            continue  # a cue identifier
        stray.append(number)
    if skipped_blocks:
        notes.append(f"skipped {skipped_blocks} NOTE/STYLE/REGION block(s)")
    if stray:
        notes.append(f"ignored {len(stray)} line(s) outside any cue (first at line {stray[0]})")
    return cues


def parse_subtitles(text: str, path: Path | str, *, kind: str, known: set[str]) -> ParsedInterview:
    """Parse WebVTT or SRT text into speaker segments.

    Parameters
    ----------
    text : str
        Decoded text (LF line ends).
    path : path-like
        The file, for messages.
    kind : {"vtt", "srt"}
        What the file claims to be (extension or ``format=``).
    known : set of str
        Name keys given by the user (accept those labels even if they occur once).

    Returns
    -------
    ParsedInterview
        Segments with cue times; ``format`` is ``"teams_vtt"``, ``"zoom_vtt"`` or ``"srt"``.

    Raises
    ------
    TranscriptFormatError
        No cues, unreadable timings, or no speaker in any cue.
    """
    notes: list[str] = []
    lines = text.split("\n")
    has_header = bool(lines) and lines[0].startswith("WEBVTT")
    cues = _read_cues(lines, path, notes)
    if not cues:
        first = next(((i + 1, ln) for i, ln in enumerate(lines) if ln.strip()), (1, ""))
        fail(
            path,
            f"no subtitle cues found (first non-blank line {first[0]}: {preview(first[1])}); "
            "expected cues like '00:00:01.000 --> 00:00:04.000' followed by their text. "
            "If this is not a subtitle file, pass format='text' or another format.",
        )
    if kind == "vtt" and not has_header:
        notes.append("no WEBVTT header line; read as subtitles anyway")

    voice_tags = sum(1 for cue in cues for _, raw in cue.lines if _VOICE.search(raw))
    # Labels from "Name: text" prefixes, judged over the whole file.
    counts: Counter[str] = Counter()
    prefixes: dict[int, tuple[str, str]] = {}
    with_digits: Counter[str] = Counter()
    if not voice_tags:
        for cue in cues:
            for position, (number, raw) in enumerate(cue.lines):
                split = split_prefix(clean_text(raw))
                if split is None and position == 0:
                    # device-like display names ("Galaxy S21") only at the start of a cue
                    split = split_prefix(clean_text(raw), allow_digits=True)
                    if split is not None:
                        with_digits[split[0]] += 1
                if split is not None:
                    prefixes[number] = split
                    counts[split[0]] += 1
    accepted = accepted_labels(+(counts - with_digits), known)
    accepted |= {name for name, count in with_digits.items() if count >= 2}

    segments: list[Segment] = []
    rejected = 0
    for cue in cues:
        builder = _CueBuilder(segments, cue)
        for number, raw in cue.lines:
            if voice_tags:
                position = 0
                for match in _VOICE.finditer(raw):
                    builder.add(raw[position : match.start()], number)
                    builder.new(display_name(clean_text(match.group("name") or "")) or None, number)
                    position = match.end()
                builder.add(raw[position:], number)
            else:
                split = prefixes.get(number)
                if split is not None and split[0] in accepted:
                    builder.new(split[0], number)
                    builder.add(split[1], number)
                else:
                    rejected += split is not None
                    builder.add(raw, number)
        builder.finish()
    segments = [s for s in segments if s.text]
    if not any(s.speaker for s in segments):
        first = segments[0] if segments else None
        where = f" (first cue text at line {first.line}: {preview(first.text)})" if first else ""
        fail(
            path,
            f"no speakers found in {len(cues)} cues{where}; expected '<v Name>' voice tags "
            "(Teams) or 'Name: text' prefixes (Zoom). Export the transcript with speaker "
            "names turned on.",
        )
    if rejected:
        notes.append(read_as_speech_note(rejected))
    if kind == "srt":
        fmt = "srt"
    elif voice_tags:
        fmt = "teams_vtt"
    else:
        fmt = "zoom_vtt"
    speakers = sorted({s.speaker for s in segments if s.speaker})
    how = "'<v Name>' voice tags" if voice_tags else "'Name: text' prefixes"
    label = {"teams_vtt": "WebVTT (Teams style)", "zoom_vtt": "WebVTT (Zoom style)"}.get(
        fmt, "SRT subtitles"
    )
    reason = f"{label}: {len(cues)} cues, speakers from {how} ({len(speakers)} speakers)"
    return ParsedInterview(segments=segments, format=fmt, reason=reason, notes=notes)

"""Shared pieces of the transcript parsers: the segment model, decoding, clean-up, timestamps.

A parser reads one file and returns :class:`ParsedInterview` objects: the
speaker segments in file order (a cue, a voice inside a cue, an Otter block, a
``Name: text`` line, a notes row) with their times and the 1-based line (or
paragraph / spreadsheet row) where the segment's text starts. Merging segments
into turns and inferring roles happen later, in :mod:`personakit.io.transcripts`.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from personakit._errors import PersonakitWarning, TranscriptFormatError

__all__ = [
    "NAN",
    "ParsedInterview",
    "Segment",
    "clean_text",
    "decode_bytes",
    "fail",
    "parse_clock",
    "preview",
    "read_as_speech_note",
    "skipped_lines_note",
]

NAN = math.nan


@dataclass
class Segment:
    """One stretch of speech (or one note) attributed to a speaker.

    Attributes
    ----------
    speaker : str or None
        The speaker as shown in the file (``None``: not stated, continues the
        previous speaker).
    text : str
        Cleaned text (tags stripped, HTML entities decoded, whitespace collapsed).
    line : int
        1-based line, paragraph or spreadsheet row where the text starts.
    start, end : float
        Seconds from the start of the recording; NaN when the format has no time.
    """

    speaker: str | None
    text: str
    line: int
    start: float = NAN
    end: float = NAN


@dataclass
class ParsedInterview:
    """What a parser found in one file (or one session of a notes file).

    Attributes
    ----------
    segments : list of Segment
        Speaker segments in file order.
    format : str
        The layout detected, e.g. ``"zoom_vtt"``, ``"teams_docx"``, ``"notes_csv"``.
    reason : str
        Why the file was read as that layout (shown in ``df.attrs["formats"]``).
    interview_id : str or None
        Set by readers that find several interviews in one file (notes with a
        session column); ``None`` means "use the file stem".
    notes : list of str
        Things the parser skipped or assumed (preambles, footers, markers).
    participants : list of str
        Speakers the file itself marks as participants (a notes file's
        participant column).
    """

    segments: list[Segment]
    format: str
    reason: str
    interview_id: str | None = None
    notes: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)


def fail(path: Path | str, message: str, *, line: int | None = None, unit: str = "line") -> None:
    """Raise :class:`TranscriptFormatError` for ``path`` (and ``line``) with ``message``.

    Parameters
    ----------
    path : path-like
        The file being read.
    message : str
        What is wrong, what was expected and what to do.
    line : int, optional
        The 1-based line (or paragraph/row) the problem is on.
    unit : str, default "line"
        How to name ``line`` in the message (``"paragraph"``, ``"row"``).

    Raises
    ------
    TranscriptFormatError
        Always.
    """
    where = f"{path}" if line is None else f"{path}, {unit} {line}"
    raise TranscriptFormatError(f"{where}: {message}")


def skipped_lines_note(lines: list[int]) -> str:
    """The parse note for the lines before the first speaker (a title, a date)."""
    return f"skipped {len(lines)} line(s) before the first speaker (lines {lines[0]}-{lines[-1]})"


def read_as_speech_note(rejected: int) -> str:
    """The parse note for ``Word:`` prefixes that were not taken as speaker labels."""
    return (
        f"{rejected} 'Word: ...' prefix(es) were read as speech, not as speakers "
        "(discourse words or labels seen only once)"
    )


def preview(text: str, width: int = 60) -> str:
    """A short, single-line, quoted excerpt of ``text`` for error messages.

    Parameters
    ----------
    text : str
        Any text.
    width : int, default 60
        Maximum number of characters kept.

    Returns
    -------
    str
        ``repr`` of the excerpt, with ``...`` when cut.
    """
    one_line = " ".join(text.split())
    if len(one_line) > width:
        one_line = one_line[: width - 3] + "..."
    return repr(one_line)


# --------------------------------------------------------------------------- decoding

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_EXPECTED = (
    "a text transcript (WebVTT, SRT, Otter or plain text), a .docx export or a CSV/XLSX notes file"
)


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 codec name when ``data`` looks like BOM-less UTF-16 text, else None."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_zeros = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_zeros > 0.4 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.4 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, path: Path | str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text transcript, normalise line ends, and refuse binary files.

    A byte-order mark decides the encoding; otherwise strict UTF-8 is tried,
    then (with a :class:`~personakit.PersonakitWarning`) Windows-1252, as
    transcripts re-saved on Windows often are. CRLF and lone CR become LF.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    path : path-like
        The file, for messages.
    encoding : str, optional
        Force this codec instead of detecting one.

    Returns
    -------
    text : str
        The decoded text (no BOM, LF line ends).
    encoding : str
        The codec used.

    Raises
    ------
    TranscriptFormatError
        The file is empty, binary, or cannot be decoded with ``encoding``.
    """
    if not data:
        fail(path, f"the file is empty (0 bytes); expected {_EXPECTED}. Export it again.")
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise TranscriptFormatError(
                f"encoding={encoding!r} is not a codec Python knows; pass e.g. 'utf-8' or 'cp1252'."
            ) from None
        except UnicodeDecodeError as exc:
            fail(
                path,
                f"cannot be decoded as encoding={encoding!r} (byte {exc.start}: "
                f"{data[exc.start : exc.start + 1]!r}). Pass the file's real encoding, or "
                "leave encoding=None to detect it.",
            )
        used = encoding
    else:
        used = ""
        for bom, codec in _BOMS:
            if data.startswith(bom):
                used = codec
                break
        if not used and b"\x00" in data:
            used = _utf16_without_bom(data) or ""
            if not used:
                offset = data.index(b"\x00")
                fail(
                    path,
                    f"looks like a binary file (a NUL byte at offset {offset}), not text; "
                    f"expected {_EXPECTED}.",
                )
        if not used:
            try:
                text = data.decode("utf-8")
                used = "utf-8"
            except UnicodeDecodeError:
                used = "cp1252"
        try:
            if used == "cp1252":
                try:
                    text = data.decode("cp1252")
                except UnicodeDecodeError:
                    used = "latin-1"
                    text = data.decode("latin-1")
                warnings.warn(
                    f"{path}: not valid UTF-8; decoded as {used}. Check names with accents, or "
                    "pass encoding= with the file's real encoding.",
                    PersonakitWarning,
                    stacklevel=4,
                )
            elif used != "utf-8":
                text = data.decode(used)
        except UnicodeDecodeError as exc:
            fail(
                path,
                f"starts like {used} text but byte {exc.start} cannot be decoded; the file is "
                "damaged or binary. Export it again.",
            )
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(
        1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t\f\v\x85"
    )
    if controls and controls > max(2, len(text) // 100):
        fail(
            path,
            f"looks like a binary file ({controls} control characters in {len(text)} "
            f"characters), not text; expected {_EXPECTED}.",
        )
    if not text.strip():
        fail(path, f"contains only whitespace; expected {_EXPECTED}. Export it again.")
    return text, used


# --------------------------------------------------------------------------- clean-up

_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9._\-]*(?:\s[^<>]*)?/?>"  # <v Name>, </v>, <c.red>, <i>, <lang en>
    r"|<\d{1,3}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?>"  # inline timestamps <00:17.500>
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_INVISIBLE.update(dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), *range(127, 160)], " "))


def clean_text(text: str) -> str:
    """Strip markup tags, decode HTML entities and collapse whitespace.

    Parameters
    ----------
    text : str
        Raw cue or paragraph text.

    Returns
    -------
    str
        Plain text on one line.

    Examples
    --------
    >>> from personakit.io._transcripts._common import clean_text
    >>> clean_text("<v Ana>Costs &amp; <i>time</i>,&nbsp;mostly</v>")
    'Costs & time, mostly'
    >>> clean_text("if a < b then")
    'if a < b then'
    """
    if "<" in text:
        text = _BREAK_TAG.sub(" ", text)
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = text.translate(_INVISIBLE)
    return " ".join(text.split())


# --------------------------------------------------------------------------- times

_CLOCK = re.compile(r"^(?:(\d{1,3}):)?(\d{1,3}):(\d{1,2})(?:[.,](\d{1,3}))?$")


def parse_clock(value: str) -> float | None:
    """Seconds from a clock string (``h:mm:ss.ttt``, ``mm:ss``, ``0:0:0.0``, ``00:00:01,500``).

    Hours are optional; the fraction may have 1-3 digits and a ``.`` or ``,``.
    Minutes above 59 are accepted only when there is no hour field (some tools
    write ``75:30``).

    Parameters
    ----------
    value : str
        The clock text.

    Returns
    -------
    float or None
        Seconds, or ``None`` when ``value`` is not a valid clock.

    Examples
    --------
    >>> from personakit.io._transcripts._common import parse_clock
    >>> parse_clock("0:0:13.54"), parse_clock("01:02:03,250"), parse_clock("1:05")
    (13.54, 3723.25, 65.0)
    >>> parse_clock("12:61") is None
    True
    """
    match = _CLOCK.match(value.strip())
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        return None
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction:
        total += int(fraction) / 10 ** len(fraction)
    return float(total)

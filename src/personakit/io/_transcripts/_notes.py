"""Interview notes kept in a spreadsheet (CSV, TSV or XLSX), one row per note.

Research teams keep notes in whatever table they like; the reader maps the
common column names (case, spaces and punctuation ignored) to six fields, and
``columns={...}`` overrides any of them:

=============== ==========================================================
field           column names recognised
=============== ==========================================================
``text``        note, notes, text, observation, quote, verbatim, statement,
                comment, content, utterance, note_text, sticky, insight, ...
``speaker``     speaker, speaker_name, who, said_by, name
``participant`` participant, participant_id, participant_name, interviewee,
                respondent, respondent_id, user, customer, pid
``session``     session, session_id, interview, interview_id, transcript_id,
                call, meeting
``start``       timestamp, time, start, start_time, offset, timecode,
                start_ms (milliseconds)
``end``         end, end_time, end_ms
=============== ==========================================================

Only ``text`` is required. Rows are grouped into interviews by ``session``
(blank cells repeat the value above, as in merged cells), else by
``participant``, else the file (an XLSX with several filled sheets gives one
interview per sheet, ``<file stem>:<sheet>``). A row without a speaker is
attributed to its participant. Times may be seconds, clocks (``12:34``,
``0:12:34``) or date-times (then counted from the interview's first note).
``line`` is the spreadsheet row number (the header row is row 1).
"""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import datetime, time
from pathlib import Path

from personakit._errors import TranscriptFormatError
from personakit.io._transcripts._common import (
    NAN,
    ParsedInterview,
    Segment,
    clean_text,
    decode_bytes,
    fail,
    parse_clock,
)
from personakit.io._transcripts._speakers import display_name

__all__ = ["NOTE_FIELDS", "parse_notes"]

NOTE_FIELDS = ("text", "speaker", "participant", "session", "start", "end")
_ALIASES = {
    "text": (
        "note", "notes", "text", "note_text", "observation", "observations", "quote", "quotes",
        "verbatim", "statement", "comment", "comments", "content", "utterance", "sticky",
        "sticky_note", "insight", "finding", "what_they_said", "said", "transcript_text",
    ),
    "speaker": ("speaker", "speaker_name", "who", "said_by", "name", "voice"),
    "participant": (
        "participant", "participant_id", "participant_name", "participant_code",
        "interviewee", "respondent", "respondent_id", "user", "user_id", "customer",
        "customer_id", "pid", "p_id",
    ),
    "session": (
        "session", "session_id", "session_name", "interview", "interview_id", "interview_no",
        "interview_number", "transcript_id", "call", "call_id", "meeting", "meeting_id",
    ),
    "start": (
        "timestamp", "time", "start", "start_time", "offset", "time_offset", "timecode",
        "time_code", "start_ms", "start_seconds", "start_s", "at",
    ),
    "end": ("end", "end_time", "stop", "end_ms", "end_seconds", "end_s"),
}  # fmt: skip


_NO_SPEAKER = "rows without a speaker or participant are attributed to 'Participant'"


def _normalise_header(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.strip().casefold()).strip("_")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


def _sniff_delimiter(first_line: str) -> str:
    counts = {",": 0, "\t": 0, ";": 0}
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _csv_sheets(path: Path, encoding: str | None) -> list[tuple[str, list[tuple[int, list[str]]]]]:
    text, _ = decode_bytes(path.read_bytes(), path, encoding)
    first_line = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(first_line)
    rows: list[tuple[int, list[str]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, row in enumerate(reader, start=1):
            rows.append((number, row))
    except csv.Error as exc:
        fail(path, f"cannot be read as CSV ({exc}); expected one note per row.", line=len(rows) + 1)
    return [("", rows)]


def _xlsx_sheets(path: Path) -> list[tuple[str, list[tuple[int, list[str]]]]]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl is a core dependency
        fail(path, "reading .xlsx files needs openpyxl: pip install openpyxl")
    sheets = []
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets:
                rows = [
                    (number, [_cell(v) for v in values])
                    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
                ]
                sheets.append((sheet.title, rows))
        finally:
            workbook.close()
    except TranscriptFormatError:
        raise
    except Exception as exc:  # zip/XML errors: not a workbook
        fail(
            path,
            f"is not a readable Excel .xlsx file ({type(exc).__name__}: {str(exc)[:120]}). "
            "Save it again from Excel, or export the notes as CSV.",
        )
    return sheets


def _header_map(
    header: list[str], columns: dict[str, str] | None, path: Path, row: int, sheet: str
) -> dict[str, int]:
    normalised = [_normalise_header(h) for h in header]
    found: dict[str, int] = {}
    for field, aliases in _ALIASES.items():
        for alias in aliases:
            if alias in normalised:
                found[field] = normalised.index(alias)
                break
    for field, column in (columns or {}).items():
        key = _normalise_header(str(column))
        if key not in normalised:
            where = f" (sheet {sheet!r})" if sheet else ""
            fail(
                path,
                f"columns={{{field!r}: {column!r}}} names a column that is not in the header"
                f"{where}; the columns are {[h for h in header if h.strip()]}.",
                line=row,
                unit="row",
            )
        found[field] = normalised.index(key)
    return found


def _get(row: list[str], fields: dict[str, int], field: str) -> str:
    index = fields.get(field)
    return row[index].strip() if index is not None and index < len(row) else ""


def _seconds(value: str, column: str) -> float | datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        pass
    else:
        if not math.isfinite(number) or number < 0:
            return None
        return number / 1000 if column.endswith("ms") else number
    clock = parse_clock(value)
    if clock is not None:
        return clock
    try:
        return datetime.fromisoformat(value.replace("/", "-"))
    except ValueError:
        return None


def parse_notes(
    path: Path,
    *,
    columns: dict[str, str] | None = None,
    encoding: str | None = None,
    stem: str,
) -> list[ParsedInterview]:
    """Read a notes spreadsheet into one :class:`ParsedInterview` per session.

    Parameters
    ----------
    path : Path
        A ``.csv``, ``.tsv`` or ``.xlsx`` file.
    columns : dict, optional
        Field -> column name overrides (fields: ``NOTE_FIELDS``).
    encoding : str, optional
        Text encoding of a CSV (detected when omitted).
    stem : str
        The interview id used when the file has no session/participant column.

    Returns
    -------
    list of ParsedInterview
        One per interview found, in order of first appearance.

    Raises
    ------
    TranscriptFormatError
        No note text column, an unknown column in ``columns=``, or no notes.
    """
    xlsx = path.suffix.lower() in {".xlsx", ".xlsm"}
    sheets = _xlsx_sheets(path) if xlsx else _csv_sheets(path, encoding)
    fmt = "notes_xlsx" if xlsx else "notes_csv"
    found_sheets = []
    problems = []
    for sheet, rows in sheets:
        rows = [(n, r) for n, r in rows if any(c.strip() for c in r)]
        if not rows:
            continue
        header_row, header = rows[0]
        fields = _header_map(header, columns, path, header_row, sheet)
        if "text" not in fields:
            problems.append((sheet, header_row, header))
            continue
        found_sheets.append((sheet, header_row, header, fields, rows[1:]))
    if not found_sheets:
        if problems:
            sheet, row, header = problems[0]
            where = f" (sheet {sheet!r})" if sheet else ""
            fail(
                path,
                f"no note text column in the header{where}: {[h for h in header if h.strip()]}; "
                "expected a column named like 'note', 'text', 'quote' or 'observation'. Pass "
                "columns={'text': '<your column>'} (and 'speaker', 'participant', 'session', "
                "'start' as needed).",
                line=row,
                unit="row",
            )
        fail(path, "has no rows; expected a header row and one note per row.")
    several = len(found_sheets) > 1
    interviews: dict[str, ParsedInterview] = {}
    order: list[str] = []
    for sheet, _header_row, header, fields, rows in found_sheets:
        names = {f: _normalise_header(header[i]) for f, i in fields.items()}
        last_session = ""
        skipped = 0
        unreadable_times = 0

        for number, row in rows:
            text = clean_text(_get(row, fields, "text"))
            session = _get(row, fields, "session") or (last_session if "session" in fields else "")
            participant = display_name(_get(row, fields, "participant"))
            if "session" in fields:
                last_session = session
            if not text:
                skipped += 1
                continue
            if "session" in fields and session:
                key = session
            elif "participant" in fields and participant:
                key = participant
            elif several:
                key = f"{stem}:{sheet}"
            else:
                key = stem
            if key not in interviews:
                how = (
                    "its session column"
                    if "session" in fields and session
                    else "its participant column"
                    if "participant" in fields and participant
                    else "the sheet"
                    if several
                    else "the file"
                )
                interviews[key] = ParsedInterview(
                    segments=[],
                    format=fmt,
                    reason=(
                        f"interview notes ({'XLSX' if xlsx else 'CSV'}), one row per note; "
                        f"columns {', '.join(f'{f}={header[i]!r}' for f, i in fields.items())}; "
                        f"interview from {how}"
                    ),
                    interview_id=None if key == stem else key,
                )
                order.append(key)
            interview = interviews[key]
            speaker = display_name(_get(row, fields, "speaker")) or participant or "Participant"
            if participant and participant not in interview.participants:
                interview.participants.append(participant)
            if (
                not _get(row, fields, "speaker")
                and not participant
                and _NO_SPEAKER not in interview.notes
            ):
                interview.notes.append(_NO_SPEAKER)
            start = _seconds(_get(row, fields, "start"), names.get("start", ""))
            end = _seconds(_get(row, fields, "end"), names.get("end", ""))
            if (_get(row, fields, "start") and start is None) or (
                _get(row, fields, "end") and end is None
            ):
                unreadable_times += 1
            interview.segments.append(
                Segment(speaker, text, number, start if start is not None else NAN, NAN)
            )
            if end is not None:
                interview.segments[-1].end = end  # type: ignore[assignment]
        if skipped:
            target = interviews[order[-1]] if order else None
            if target is not None:
                target.notes.append(f"skipped {skipped} row(s) with no note text")
        if unreadable_times and order:
            interviews[order[-1]].notes.append(
                f"{unreadable_times} time cell(s) could not be read as seconds, a clock or a "
                "date-time and were left empty"
            )
    result = [interviews[key] for key in order]
    for interview in result:
        _relative_times(interview)
    if not result:
        fail(path, "has a header but no notes (every note text cell is empty).")
    return result


def _relative_times(interview: ParsedInterview) -> None:
    """Turn date-time cells into seconds from the interview's first note."""
    stamps = [
        value
        for s in interview.segments
        for value in (s.start, s.end)
        if isinstance(value, datetime)
    ]
    if not stamps:
        return
    try:
        origin = min(stamps)
    except TypeError:  # naive and aware date-times mixed
        origin = None
    for segment in interview.segments:
        for attr in ("start", "end"):
            value = getattr(segment, attr)
            if isinstance(value, datetime):
                try:
                    seconds = (value - origin).total_seconds() if origin else NAN
                except TypeError:
                    seconds = NAN
                setattr(segment, attr, seconds)
    interview.notes.append("date-time cells counted as seconds from the interview's first note")

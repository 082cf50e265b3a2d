"""Read interview transcripts and notes into one tidy table of speaker turns.

:func:`read_transcripts` reads WebVTT (Zoom, Microsoft Teams), SRT, Otter.ai
``.txt``, plain ``Name: text`` transcripts, Teams and Google Meet ``.docx``
exports and interview notes kept in CSV/XLSX spreadsheets, and returns one row
per speaker turn with the columns of contract 4 (``docs/design.md``). The
per-format parsers live in :mod:`personakit.io._transcripts`.
"""

from __future__ import annotations

import math
import os
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

import pandas as pd

from personakit._errors import PersonakitError, PersonakitWarning, TranscriptFormatError
from personakit.io._transcripts._common import (
    ParsedInterview,
    Segment,
    decode_bytes,
    fail,
)
from personakit.io._transcripts._docx import parse_docx
from personakit.io._transcripts._mapping import MappingRow, load_mapping, match_mapping
from personakit.io._transcripts._notes import NOTE_FIELDS, parse_notes
from personakit.io._transcripts._roles import ROLES, infer_roles
from personakit.io._transcripts._speakers import generic_role, name_key
from personakit.io._transcripts._text import (
    count_otter_headers,
    parse_otter,
    parse_plain,
    plain_candidates,
)
from personakit.io._transcripts._vtt import looks_like_subtitles, parse_subtitles

__all__ = ["FORMATS", "SUPPORTED_EXTENSIONS", "TRANSCRIPT_COLUMNS", "read_transcripts"]

TRANSCRIPT_COLUMNS = (
    "interview_id",
    "turn",
    "speaker",
    "role",
    "start",
    "end",
    "text",
    "source",
    "line",
    "format",
)
"""Columns of the table :func:`read_transcripts` returns (``respondent_id`` and
``persona`` follow when a mapping is given)."""

SUPPORTED_EXTENSIONS = {
    ".vtt": "vtt",
    ".srt": "srt",
    ".txt": "text",
    ".docx": "docx",
    ".csv": "notes",
    ".tsv": "notes",
    ".xlsx": "notes",
    ".xlsm": "notes",
}
"""File extensions a folder is searched for, and the reader each one gets."""

FORMATS = ("auto", "vtt", "srt", "otter", "text", "docx", "notes")
"""Values accepted by ``format=``."""

_HINTS = {
    ".doc": "save it as .docx in Word",
    ".rtf": "save it as .docx or .txt",
    ".pdf": "export the transcript from the meeting tool as .vtt or .docx instead",
    ".xls": "save it as .xlsx or .csv",
    ".json": "export the transcript as .vtt instead",
}


_DTYPES = {"turn": "int64", "line": "int64", "start": "float64", "end": "float64"}


@dataclass
class _Interview:
    interview_id: str
    source: str
    path: Path
    parsed: ParsedInterview


# --------------------------------------------------------------------------- inputs


def _as_paths(paths_or_folder: Any) -> list[Path]:
    if isinstance(paths_or_folder, str | os.PathLike):
        return [Path(os.fspath(paths_or_folder))]
    if isinstance(paths_or_folder, Iterable) and not isinstance(paths_or_folder, bytes | Mapping):
        items = list(paths_or_folder)
        if not items:
            raise PersonakitError(
                "paths_or_folder is an empty list; pass a folder or one or more transcript files."
            )
        bad = [x for x in items if not isinstance(x, str | os.PathLike)]
        if bad:
            raise PersonakitError(
                f"paths_or_folder must hold file or folder paths; got {type(bad[0]).__name__} "
                f"{bad[0]!r}."
            )
        return [Path(os.fspath(x)) for x in items]
    raise PersonakitError(
        "paths_or_folder must be a folder, a file path or a list of paths; got "
        f"{type(paths_or_folder).__name__}."
    )


def _resolve_files(
    paths_or_folder: Any, fmt: str, mapping_path: Path | None
) -> tuple[list[tuple[Path, bool]], list[str]]:
    """(file, came_from_a_folder) in reading order, and unsupported folder files."""
    files: list[tuple[Path, bool]] = []
    unsupported: list[str] = []
    for path in _as_paths(paths_or_folder):
        if path.is_dir():
            entries = sorted(p for p in path.iterdir() if p.is_file())
            found = []
            for entry in entries:
                if entry.name.startswith((".", "~$")):
                    continue  # hidden files and Office lock files
                if mapping_path is not None and entry.resolve() == mapping_path:
                    continue
                if fmt != "auto" or entry.suffix.lower() in SUPPORTED_EXTENSIONS:
                    found.append((entry, True))
                else:
                    unsupported.append(entry.name)
            if not found:
                listed = f"; it holds {sorted(unsupported)[:8]}" if unsupported else ""
                raise TranscriptFormatError(
                    f"{path}: no transcript files in this folder{listed}. Expected "
                    f"{', '.join(sorted(SUPPORTED_EXTENSIONS))} files."
                )
            files.extend(found)
        elif path.is_file():
            suffix = path.suffix.lower()
            if fmt == "auto" and suffix not in SUPPORTED_EXTENSIONS:
                hint = _HINTS.get(suffix, "pass format= to choose a reader")
                raise TranscriptFormatError(
                    f"{path}: unsupported file type {suffix or '(no extension)'!r}; expected "
                    f"{', '.join(sorted(SUPPORTED_EXTENSIONS))}: {hint}."
                )
            files.append((path, False))
        else:
            raise TranscriptFormatError(
                f"{path}: no such file or folder. Check the path (relative paths start at "
                f"{Path.cwd()})."
            )
    seen: dict[Path, Path] = {}
    for path, _ in files:
        key = path.resolve()
        if key in seen:
            raise PersonakitError(
                f"{path} is given twice (also as {seen[key]}); pass each transcript once."
            )
        seen[key] = path
    return files, unsupported


def _parse_file(
    path: Path,
    fmt: str,
    *,
    known: set[str],
    columns: dict[str, str] | None,
    encoding: str | None,
    in_folder: bool,
) -> list[ParsedInterview]:
    kind = fmt if fmt != "auto" else SUPPORTED_EXTENSIONS[path.suffix.lower()]
    if kind == "docx":
        return [parse_docx(path, known=known)]
    if kind == "notes":
        try:
            return parse_notes(path, columns=columns, encoding=encoding, stem=path.stem)
        except TranscriptFormatError as exc:
            if in_folder and "no note text column" in str(exc):
                warnings.warn(
                    f"{path}: skipped, not interview notes ({exc}). Pass the file itself to "
                    "read_transcripts with columns= if it is.",
                    PersonakitWarning,
                    stacklevel=4,
                )
                return []
            raise
    if path.suffix.lower() in {".docx", ".xlsx", ".xlsm"}:
        fail(path, f"is a {path.suffix} file; format={fmt!r} reads text files. Use format='auto'.")
    text, _ = decode_bytes(path.read_bytes(), path, encoding)
    if kind == "text":
        if looks_like_subtitles(text):
            kind = "vtt" if text.startswith("WEBVTT") else "srt"
        else:
            lines = text.split("\n")
            otter = count_otter_headers(lines)
            if otter >= 2 or (otter and not plain_candidates(lines)):
                kind = "otter"
            else:
                kind = "plain"
    if kind in {"vtt", "srt"}:
        return [parse_subtitles(text, path, kind=kind, known=known)]
    if kind == "otter":
        return [parse_otter(text, path)]
    return [parse_plain(text, path, known=known)]


# --------------------------------------------------------------------------- names and roles


def _names_arg(value: Any, parameter: str) -> tuple[list[str], dict[str, list[str]]]:
    """Global names and per-interview names from a participants=/interviewers= value."""
    if value is None:
        return [], {}
    if isinstance(value, str):
        return [value], {}
    if isinstance(value, Mapping):
        per: dict[str, list[str]] = {}
        for interview, names in value.items():
            if isinstance(names, str):
                per[str(interview)] = [names]
            elif isinstance(names, Iterable):
                per[str(interview)] = [str(n) for n in names]
            else:
                raise PersonakitError(
                    f"{parameter}[{interview!r}] must be a name or a list of names; got "
                    f"{type(names).__name__}."
                )
        return [], per
    if isinstance(value, Iterable):
        names = list(value)
        bad = [n for n in names if not isinstance(n, str)]
        if bad:
            raise PersonakitError(
                f"{parameter} must hold speaker names (str); got {type(bad[0]).__name__} "
                f"{bad[0]!r}."
            )
        return names, {}
    raise PersonakitError(
        f"{parameter} must be a name, a list of names or a dict {{interview_id: names}}; got "
        f"{type(value).__name__}."
    )


def _roles_arg(roles: Any) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    if roles is None:
        return {}, {}
    if not isinstance(roles, Mapping):
        raise PersonakitError(
            "roles= must be a dict {speaker: role} or {interview_id: {speaker: role}}; got "
            f"{type(roles).__name__}."
        )
    flat: dict[str, str] = {}
    per: dict[str, dict[str, str]] = {}

    def check(speaker: Any, role: Any, where: str) -> str:
        if not isinstance(role, str) or role.strip().casefold() not in ROLES:
            raise PersonakitError(
                f"roles={where}: role {role!r} for {speaker!r} is not valid; expected "
                "'interviewer' or 'participant'."
            )
        return role.strip().casefold()

    for key, value in roles.items():
        if isinstance(value, Mapping):
            per[str(key)] = {str(s): check(s, r, f"[{key!r}]") for s, r in value.items()}
        else:
            flat[str(key)] = check(key, value, "")
    return flat, per


def _tokens(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"[^\W_]+(?:['’][^\W_]+)?", name_key(name)))


def _find_speaker(name: str, speakers: list[str]) -> str | None:
    """The speaker of an interview that ``name`` (given by the user) refers to.

    An exact match (ignoring case, spacing and "(Guest)") wins; otherwise the
    one speaker whose name contains all the words given ("Dana" or "Dana Lee"
    for "Lee, Dana").
    """
    key = name_key(name)
    by_key = {name_key(s): s for s in speakers}
    if key in by_key:
        return by_key[key]
    wanted = _tokens(name)
    if not wanted:
        return None
    partial = [s for s in speakers if wanted <= _tokens(s)]
    return partial[0] if len(partial) == 1 else None


# --------------------------------------------------------------------------- turns


def _turns(segments: list[Segment], merge_gap: float | None, notes: list[str]) -> list[Segment]:
    """Fill unstated speakers from the previous turn and merge close same-speaker segments."""
    merged: list[Segment] = []
    parts: list[list[str]] = []
    previous: str | None = None
    unknown = 0
    for segment in segments:
        speaker = segment.speaker or previous
        if speaker is None:
            speaker = "Unknown Speaker"
            unknown += 1
        previous = speaker
        last = merged[-1] if merged else None
        if (
            last is not None
            and merge_gap is not None
            and last.speaker == speaker
            and not math.isnan(last.end)
            and not math.isnan(segment.start)
            and segment.start - last.end <= merge_gap
        ):
            parts[-1].append(segment.text)
            last.end = max(last.end, segment.end) if not math.isnan(segment.end) else last.end
            continue
        merged.append(Segment(speaker, "", segment.line, segment.start, segment.end))
        parts.append([segment.text])
    for turn, chunk in zip(merged, parts, strict=True):
        turn.text = " ".join(chunk)
    if unknown:
        notes.append(f"{unknown} segment(s) before the first named speaker: 'Unknown Speaker'")
    return merged


def read_transcripts(
    paths_or_folder,
    *,
    participants=None,
    interviewers=None,
    roles=None,
    mapping=None,
    format="auto",
    merge_gap=2.0,
    columns=None,
    encoding=None,
) -> pd.DataFrame:
    """Read interview transcripts and notes into one table of speaker turns.

    Reads WebVTT from Zoom (``Name: text`` cues) and Microsoft Teams
    (``<v Name>`` voices), SRT, Otter.ai ``.txt``, plain ``Name: text``
    transcripts, Teams and Google Meet ``.docx`` exports, and interview notes in
    CSV/TSV/XLSX spreadsheets (one row per note). The layout is detected from
    the extension and the content; ``df.attrs["formats"]`` says what each file
    was read as and why. Consecutive cues of one speaker at most ``merge_gap``
    seconds apart become one turn. Each speaker is labelled interviewer or
    participant (``df.attrs["role_reasons"]`` says why); interviewer turns are
    context, not evidence. Input files are only read, never changed.

    Parameters
    ----------
    paths_or_folder : str, Path or list of them
        A transcript file, a folder (every supported file in it, sorted by
        name, not recursive) or a list of files and folders. Unsupported files
        in a folder are listed in a warning; hidden files and Office lock
        files (``~$...``) are ignored.
    participants : str, list of str or dict, optional
        Names of participants, for all interviews or as
        ``{interview_id: name(s)}``. Matching ignores case, spacing and
        "(Guest)"; a part of a name ("Dana", or "Dana Lee" for "Lee, Dana")
        matches when only one speaker of the interview has those words.
        Names given here also count as speakers when they start a line only
        once.
    interviewers : str, list of str or dict, optional
        Names of interviewers, like ``participants``.
    roles : dict, optional
        Final say on roles: ``{"Dana": "interviewer"}`` for every interview or
        ``{"interview_03": {"Speaker 2": "participant"}}`` for one.
    mapping : dict, Series, DataFrame or path, optional
        Interview -> survey respondent id and/or persona id, e.g. the path of
        ``data/sample/interviews.csv`` (columns ``interview_id`` or ``file``,
        ``respondent_id``, ``persona``, optionally ``participant`` and
        ``interviewer`` names, which then also settle roles). A dict maps
        interview ids to respondent ids, or to dicts with those keys. Adds the
        columns ``respondent_id`` and ``persona``.
    format : {"auto", "vtt", "srt", "otter", "text", "docx", "notes"}, default "auto"
        Force one reader for every file ("text" = ``Name: text`` lines).
    merge_gap : float or None, default 2.0
        Merge consecutive cues of the same speaker when the next starts at
        most this many seconds after the previous ends. Only formats with end
        times (WebVTT, SRT, Teams arrow lines, notes with an end column) are
        merged; ``None`` keeps every cue.
    columns : dict, optional
        For notes spreadsheets: ``{field: column}`` with fields ``"text"``,
        ``"speaker"``, ``"participant"``, ``"session"``, ``"start"``, ``"end"``
        (common column names are recognised without it).
    encoding : str, optional
        Text encoding of text files; detected when omitted (BOM, UTF-8, then
        Windows-1252 with a warning).

    Returns
    -------
    pandas.DataFrame
        One row per turn, in file order then turn order, with columns

        - ``interview_id`` (str): the file stem, a notes session, or the
          mapping's id for the file;
        - ``turn`` (int): 1-based turn number in the interview, all speakers
          counted, after merging;
        - ``speaker`` (str): display name (a ``(Guest)`` marker dropped);
        - ``role`` (str): ``"interviewer"`` or ``"participant"``;
        - ``start``, ``end`` (float): seconds from the start; NaN when the
          format has none (Otter, Teams .docx and Meet give start times only);
        - ``text`` (str): tags stripped, HTML entities decoded;
        - ``source`` (str): the file name;
        - ``line`` (int): 1-based line where the turn's text starts: the
          first text line of the cue (WebVTT/SRT), the ``Name  0:34`` line
          (Otter), the ``Name:`` line (plain text), the paragraph (.docx), the
          spreadsheet row (notes, header = row 1);
        - ``format`` (str): ``zoom_vtt``, ``teams_vtt``, ``srt``, ``otter``,
          ``plain_text``, ``teams_docx``, ``meet_docx``, ``docx``,
          ``notes_csv`` or ``notes_xlsx``;
        - with ``mapping``: ``respondent_id`` (str or NA), ``persona`` (Int64).

        ``df.attrs`` holds ``role_reasons`` (``{interview_id: {speaker:
        "role: why"}}``), ``formats`` (``{source: why}``), ``notes``
        (``{source: [what was skipped or assumed]}``) and ``skipped_files``.

    Raises
    ------
    TranscriptFormatError
        A file is empty, binary, of an unknown layout, has no speakers, has
        timecodes that cannot be aligned, or parses to zero turns (the message
        names the file and line).
    PersonakitError
        A bad argument (unknown format, role, mapping column, ...).

    See Also
    --------
    personakit.analyze_text : Turn the participants' turns into evidence.

    Examples
    --------
    >>> import tempfile, pathlib, personakit
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "interview_01.vtt").write_text(
    ...     "WEBVTT\\n\\n"
    ...     "1\\n00:00:01.000 --> 00:00:03.500\\nDana Whitfield: What made you look for a tool?\\n\\n"
    ...     "2\\n00:00:04.000 --> 00:00:07.000\\nSam Ortiz (Guest): Honestly, spreadsheets.\\n\\n"
    ...     "3\\n00:00:07.800 --> 00:00:10.000\\nSam Ortiz (Guest): They got out of hand.\\n",
    ...     encoding="utf-8")
    >>> turns = personakit.read_transcripts(folder)
    >>> turns[["turn", "speaker", "role", "start", "end", "line"]]
       turn        speaker         role  start  end  line
    0     1  Dana Whitfield  interviewer    1.0  3.5     5
    1     2      Sam Ortiz  participant    4.0 10.0     9
    >>> turns.loc[1, "text"]
    'Honestly, spreadsheets. They got out of hand.'
    >>> turns.attrs["role_reasons"]["interview_01"]["Sam Ortiz"]
    'participant: asks questions or prompts in 0 of 1 turns (0%); Dana Whitfield is the interviewer'
    """
    if format not in FORMATS:
        raise PersonakitError(f"format={format!r} is not known; expected one of {list(FORMATS)}.")
    if merge_gap is not None:
        if isinstance(merge_gap, bool) or not isinstance(merge_gap, int | float):
            raise PersonakitError(
                f"merge_gap={merge_gap!r} must be a number of seconds (e.g. 2.0) or None."
            )
        if not math.isfinite(merge_gap) or merge_gap < 0:
            raise PersonakitError(
                f"merge_gap={merge_gap!r} must be zero or more seconds, or None to keep every cue."
            )
        merge_gap = float(merge_gap)
    if columns is not None:
        if not isinstance(columns, Mapping):
            raise PersonakitError(
                f"columns= must be a dict {{field: column name}}; got {type(columns).__name__}."
            )
        unknown = sorted(set(columns) - set(NOTE_FIELDS))
        if unknown:
            raise PersonakitError(
                f"columns= has unknown field(s) {unknown}; expected some of {list(NOTE_FIELDS)}."
            )
    global_participants, per_participants = _names_arg(participants, "participants")
    global_interviewers, per_interviewers = _names_arg(interviewers, "interviewers")
    flat_roles, per_roles = _roles_arg(roles)
    clash = {name_key(n) for n in global_participants} & {name_key(n) for n in global_interviewers}
    if clash:
        raise PersonakitError(
            f"{sorted(clash)} named both in participants= and interviewers=; name each person once."
        )

    mapping_rows: list[MappingRow] = []
    mapping_path = None
    if mapping is not None:
        mapping_rows, _origin = load_mapping(mapping)
        if isinstance(mapping, str | PurePath):
            mapping_path = Path(mapping).resolve()

    known = {
        name_key(n)
        for n in [
            *global_participants,
            *global_interviewers,
            *flat_roles,
            *(n for names in per_participants.values() for n in names),
            *(n for names in per_interviewers.values() for n in names),
            *(s for table in per_roles.values() for s in table),
            *(n for row in mapping_rows for n in (*row.participants, *row.interviewers)),
        ]
    }

    files, unsupported = _resolve_files(paths_or_folder, format, mapping_path)
    if unsupported:
        warnings.warn(
            f"skipped {len(unsupported)} file(s) that are not transcripts: "
            f"{', '.join(unsupported)}. Supported: {', '.join(sorted(SUPPORTED_EXTENSIONS))}.",
            PersonakitWarning,
            stacklevel=2,
        )

    interviews: list[_Interview] = []
    formats: dict[str, str] = {}
    file_notes: dict[str, list[str]] = {}
    for path, in_folder in files:
        parsed_list = _parse_file(
            path, format, known=known, columns=columns, encoding=encoding, in_folder=in_folder
        )
        for parsed in parsed_list:
            interview_id = parsed.interview_id or path.stem
            interviews.append(_Interview(interview_id, path.name, path, parsed))
        if parsed_list:
            formats[path.name] = "; ".join(dict.fromkeys(p.reason for p in parsed_list))
    if not interviews:
        raise TranscriptFormatError(
            "no interviews were read: every file was skipped (see the warnings)."
        )

    # Interview ids: the mapping may rename; ids must be unique.
    matched: dict[int, MappingRow | None] = {}
    for index, interview in enumerate(interviews):
        row = match_mapping(mapping_rows, interview.interview_id, interview.source)
        matched[index] = row
        if row is not None and row.interview_id:
            interview.interview_id = row.interview_id
    seen_ids: dict[str, str] = {}
    for interview in interviews:
        if (
            interview.interview_id in seen_ids
            and seen_ids[interview.interview_id] != interview.source
        ):
            renamed = f"{interview.interview_id} ({interview.source})"
            warnings.warn(
                f"{interview.source}: interview id {interview.interview_id!r} is also used by "
                f"{seen_ids[interview.interview_id]}; this one is called {renamed!r}. Rename one "
                "of the files, or give ids in mapping=.",
                PersonakitWarning,
                stacklevel=2,
            )
            interview.interview_id = renamed
        elif interview.interview_id in seen_ids:
            raise TranscriptFormatError(
                f"{interview.source}: interview id {interview.interview_id!r} found twice in "
                "the same file; check the session column."
            )
        seen_ids[interview.interview_id] = interview.source

    records: dict[str, list[Any]] = {c: [] for c in TRANSCRIPT_COLUMNS}
    mapped: dict[str, list[Any]] = {"respondent_id": [], "persona": []}
    role_reasons: dict[str, dict[str, str]] = {}
    used_names: set[str] = set()
    unmapped: list[str] = []
    for index, interview in enumerate(interviews):
        notes = list(interview.parsed.notes)
        turns = _turns(interview.parsed.segments, merge_gap, notes)
        turns = [t for t in turns if t.text]
        if not turns:
            fail(
                interview.path,
                "parsed to zero turns (speaker labels found but no speech after them); "
                "expected text after each speaker label.",
            )
        speakers = list(dict.fromkeys(t.speaker for t in turns))
        row = matched[index]
        decided = _decide(
            interview,
            speakers,
            row,
            global_participants=global_participants,
            global_interviewers=global_interviewers,
            per_participants=per_participants,
            per_interviewers=per_interviewers,
            flat_roles=flat_roles,
            per_roles=per_roles,
            used_names=used_names,
        )
        decisions = infer_roles([(t.speaker, t.text) for t in turns], decided)
        role_reasons[interview.interview_id] = {
            s: f"{decisions[s][0]}: {decisions[s][1]}" for s in speakers
        }
        if notes:
            file_notes.setdefault(interview.source, []).extend(notes)
        if mapping_rows and row is None:
            unmapped.append(interview.interview_id)
        for number, turn in enumerate(turns, start=1):
            records["interview_id"].append(interview.interview_id)
            records["turn"].append(number)
            records["speaker"].append(turn.speaker)
            records["role"].append(decisions[turn.speaker][0])
            records["start"].append(turn.start)
            records["end"].append(turn.end)
            records["text"].append(turn.text)
            records["source"].append(interview.source)
            records["line"].append(turn.line)
            records["format"].append(interview.parsed.format)
            if mapping_rows:
                mapped["respondent_id"].append(row.respondent_id if row else None)
                mapped["persona"].append(row.persona if row else pd.NA)

    ids = {interview.interview_id for interview in interviews}
    _warn_unused_names(
        used_names,
        [
            *global_participants,
            *global_interviewers,
            *flat_roles,
            *(n for i, names in per_participants.items() if i in ids for n in names),
            *(n for i, names in per_interviewers.items() if i in ids for n in names),
            *(n for i, table in per_roles.items() if i in ids for n in table),
        ],
    )
    for parameter, table in (
        ("participants", per_participants),
        ("interviewers", per_interviewers),
        ("roles", per_roles),
    ):
        stray = sorted(set(table) - ids)
        if stray:
            warnings.warn(
                f"{parameter}= names interview(s) {stray} that were not read; the interviews "
                f"are {sorted(ids)[:10]}{' ...' if len(ids) > 10 else ''}.",
                PersonakitWarning,
                stacklevel=2,
            )
    if unmapped:
        warnings.warn(
            f"mapping= has no row for {len(unmapped)} interview(s): {', '.join(unmapped)}; "
            "their respondent_id and persona are missing. Add them to the mapping by "
            "interview_id (file stem) or file name.",
            PersonakitWarning,
            stacklevel=2,
        )

    frame = pd.DataFrame(
        {
            name: pd.Series(values, dtype=_DTYPES.get(name, "str"))
            for name, values in records.items()
        }
    )
    if mapping_rows:
        frame["respondent_id"] = pd.Series(mapped["respondent_id"], dtype="str")
        frame["persona"] = pd.array(mapped["persona"], dtype="Int64")
    frame.attrs["role_reasons"] = role_reasons
    frame.attrs["formats"] = formats
    frame.attrs["notes"] = file_notes
    frame.attrs["skipped_files"] = list(unsupported)
    return frame


def _decide(
    interview: _Interview,
    speakers: list[str],
    row: MappingRow | None,
    *,
    global_participants: list[str],
    global_interviewers: list[str],
    per_participants: dict[str, list[str]],
    per_interviewers: dict[str, list[str]],
    flat_roles: dict[str, str],
    per_roles: dict[str, dict[str, str]],
    used_names: set[str],
) -> dict[str, tuple[str, str]]:
    """Roles fixed by the user, the mapping, the file or generic labels (highest first)."""
    decided: dict[str, tuple[str, str]] = {}

    def apply(names: Iterable[str], role: str, reason: str) -> None:
        for name in names:
            speaker = _find_speaker(name, speakers)
            if speaker is not None:
                used_names.add(name_key(name))
                decided.setdefault(speaker, (role, reason))

    key = interview.interview_id
    apply(
        [s for s, r in per_roles.get(key, {}).items() if r == "interviewer"],
        "interviewer",
        "set by roles=",
    )
    apply(
        [s for s, r in per_roles.get(key, {}).items() if r == "participant"],
        "participant",
        "set by roles=",
    )
    apply([s for s, r in flat_roles.items() if r == "interviewer"], "interviewer", "set by roles=")
    apply([s for s, r in flat_roles.items() if r == "participant"], "participant", "set by roles=")
    if row is not None:
        apply(row.interviewers, "interviewer", "named as interviewer in mapping=")
        apply(row.participants, "participant", "named as participant in mapping=")
    apply(per_interviewers.get(key, []), "interviewer", "named in interviewers=")
    apply(per_participants.get(key, []), "participant", "named in participants=")
    apply(global_interviewers, "interviewer", "named in interviewers=")
    apply(global_participants, "participant", "named in participants=")
    apply(interview.parsed.participants, "participant", "the participant of this notes session")
    for speaker in speakers:
        if speaker in decided:
            continue
        is_generic, role = generic_role(speaker)
        if is_generic and role is not None:
            decided[speaker] = (role, f"the label {speaker!r} says so")
    return decided


def _warn_unused_names(used: set[str], names: list[str]) -> None:
    missing = sorted({n for n in names if name_key(n) not in used})
    if missing:
        warnings.warn(
            f"names not found among the speakers of any interview: {missing}; check the "
            "spelling (matching ignores case and '(Guest)').",
            PersonakitWarning,
            stacklevel=3,
        )

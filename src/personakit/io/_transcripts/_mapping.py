"""The interview -> survey respondent / persona mapping accepted by ``read_transcripts``.

A mapping can be

- a dict ``{interview_id: respondent_id}`` or
  ``{interview_id: {"respondent_id": ..., "persona": ..., "participant": ..., "interviewer": ...}}``;
- a Series indexed by interview id (values are respondent ids, or persona ids
  when the Series is named ``persona``);
- a DataFrame, or the path of a CSV/XLSX file, with an interview id column
  and/or a file column, plus respondent id and/or persona columns, and
  optionally the participant's and interviewer's names (used for roles), like
  ``data/sample/interviews.csv``.

Column names are matched ignoring case, spaces and punctuation:

================= =========================================================
field             columns recognised
================= =========================================================
``interview_id``  interview_id, interview, session, session_id, transcript_id, id
``file``          file, filename, file_name, path, transcript, transcript_file, source
``respondent_id`` respondent_id, respondent, response_id, survey_respondent_id
``persona``       persona, persona_id, segment, cluster
``participant``   participant, participant_name, interviewee, participants
``interviewer``   interviewer, interviewer_name, moderator, researcher, interviewers
================= =========================================================

Persona values must be persona ids (whole numbers, as in ``PersonaSet``);
several names in one participant/interviewer cell are separated by ``;`` or ``|``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

import pandas as pd

from personakit._errors import PersonakitError

__all__ = ["MappingRow", "load_mapping", "match_mapping"]

_ALIASES = {
    "interview_id": (
        "interview_id", "interview", "session", "session_id", "transcript_id", "interview_no",
        "id",
    ),
    "file": ("file", "filename", "file_name", "path", "transcript", "transcript_file", "source"),
    "respondent_id": (
        "respondent_id", "respondent", "response_id", "responseid", "survey_respondent_id",
        "survey_response_id",
    ),
    "persona": ("persona", "persona_id", "segment", "cluster"),
    "participant": ("participant", "participant_name", "interviewee", "participants"),
    "interviewer": ("interviewer", "interviewer_name", "moderator", "researcher", "interviewers"),
}  # fmt: skip


@dataclass
class MappingRow:
    """One interview of the mapping."""

    row: int
    interview_id: str | None = None
    file: str | None = None
    respondent_id: str | None = None
    persona: Any = pd.NA
    participants: list[str] = field(default_factory=list)
    interviewers: list[str] = field(default_factory=list)


def _normalise(name: Any) -> str:
    return re.sub(r"[^0-9a-z]+", "_", str(name).strip().casefold()).strip("_")


def _blank(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _text(value: Any) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _persona(value: Any, where: str) -> Any:
    if _blank(value):
        return pd.NA
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = float(value)
    else:
        try:
            number = float(str(value).strip())
        except ValueError:
            number = None
    if number is None or not math.isfinite(number) or not number.is_integer():
        raise PersonakitError(
            f"mapping: {where}: persona {value!r} is not a persona id; expected whole numbers "
            "(1, 2, ...) as in PersonaSet ids. Map persona names to their ids first, or drop "
            "the persona column and map interviews to respondent ids."
        )
    return int(number)


def _names(value: Any) -> list[str]:
    text = _text(value)
    if text is None:
        return []
    return [part.strip() for part in re.split(r"[;|]", text) if part.strip()]


def _from_frame(frame: pd.DataFrame, origin: str, *, from_file: bool = False) -> list[MappingRow]:
    frame = frame.copy()
    if frame.index.name is not None and _normalise(frame.index.name) in _ALIASES["interview_id"]:
        frame = frame.reset_index()
    normalised = [_normalise(c) for c in frame.columns]
    found: dict[str, Any] = {}
    for key, aliases in _ALIASES.items():
        for alias in aliases:
            if alias in normalised:
                found[key] = frame.columns[normalised.index(alias)]
                break
    columns = [str(c) for c in frame.columns]
    if "interview_id" not in found and "file" not in found:
        raise PersonakitError(
            f"mapping{origin}: no interview id or file column among {columns}; expected a "
            "column named like 'interview_id' (the transcript's file stem) or 'file'."
        )
    if not {"respondent_id", "persona", "participant", "interviewer"} & set(found):
        raise PersonakitError(
            f"mapping{origin}: no 'respondent_id' or 'persona' column among {columns}; "
            "expected the survey respondent id and/or the persona id of each interview."
        )
    rows = []
    for position, record in enumerate(frame.to_dict("records")):
        number = position + 2 if from_file else position + 1  # a file's header is row 1
        where = f"row {number}"
        rows.append(
            MappingRow(
                row=number,
                interview_id=_text(record.get(found.get("interview_id"))),
                file=_text(record.get(found.get("file"))),
                respondent_id=_text(record.get(found.get("respondent_id"))),
                persona=_persona(record.get(found.get("persona")), where)
                if "persona" in found
                else pd.NA,
                participants=_names(record.get(found.get("participant"))),
                interviewers=_names(record.get(found.get("interviewer"))),
            )
        )
    return rows


def load_mapping(mapping: Any) -> tuple[list[MappingRow], str]:
    """Normalise any accepted mapping into :class:`MappingRow` objects.

    Parameters
    ----------
    mapping : dict, Series, DataFrame or path
        See the module docstring.

    Returns
    -------
    rows : list of MappingRow
        One per interview.
    origin : str
        How to name the mapping in messages (e.g. ``" (interviews.csv)"``).

    Raises
    ------
    PersonakitError
        Missing columns, a non-integer persona, duplicate interviews, an unreadable file.
    """
    origin = ""
    if isinstance(mapping, str | PurePath):
        path = Path(mapping)
        origin = f" ({path})"
        if not path.is_file():
            raise PersonakitError(
                f"mapping={str(mapping)!r}: no such file; expected a CSV/XLSX with "
                "interview_id and respondent_id/persona columns, a dict or a DataFrame."
            )
        try:
            if path.suffix.lower() in {".xlsx", ".xlsm"}:
                frame = pd.read_excel(path, dtype=str)
            else:
                frame = pd.read_csv(
                    path, dtype=str, keep_default_na=False, encoding="utf-8-sig", sep=None,
                    engine="python",
                )  # fmt: skip
        except Exception as exc:
            raise PersonakitError(
                f"mapping={str(mapping)!r} cannot be read as a table ({type(exc).__name__}: "
                f"{str(exc)[:120]}); expected a CSV or XLSX file."
            ) from None
        rows = _from_frame(frame, origin, from_file=True)
    elif isinstance(mapping, pd.DataFrame):
        rows = _from_frame(mapping, " (DataFrame)")
        origin = " (DataFrame)"
    elif isinstance(mapping, pd.Series):
        key = (
            "persona" if _normalise(mapping.name or "") in _ALIASES["persona"] else "respondent_id"
        )
        frame = pd.DataFrame({"interview_id": mapping.index.map(str), key: list(mapping)})
        rows = _from_frame(frame, "")
    elif isinstance(mapping, Mapping):
        records = []
        for interview, value in mapping.items():
            if isinstance(value, Mapping):
                records.append({"interview_id": interview, **dict(value)})
            else:
                records.append({"interview_id": interview, "respondent_id": value})
        frame = pd.DataFrame.from_records(records)
        if frame.empty:
            raise PersonakitError("mapping={} is empty; pass None or at least one interview.")
        unknown = sorted(
            {str(c) for c in frame.columns}
            - {"interview_id", "respondent_id", "persona", "participant", "interviewer", "file"}
        )
        if unknown:
            raise PersonakitError(
                f"mapping: unknown key(s) {unknown} in a per-interview dict; expected "
                "'respondent_id', 'persona', 'participant', 'interviewer' or 'file'."
            )
        rows = _from_frame(frame, "")
    else:
        raise PersonakitError(
            f"mapping= must be a dict, a pandas Series or DataFrame, or the path of a CSV/XLSX "
            f"file; got {type(mapping).__name__}."
        )
    seen: dict[str, int] = {}
    for row in rows:
        for key in filter(None, (row.interview_id, row.file)):
            if key in seen and seen[key] != row.row:
                raise PersonakitError(
                    f"mapping{origin}: interview {key!r} appears twice (rows {seen[key]} and "
                    f"{row.row}); keep one row per interview."
                )
        if row.interview_id:
            seen[row.interview_id] = row.row
        if row.file:
            seen[row.file] = row.row
    return rows, origin


def match_mapping(rows: list[MappingRow], interview_id: str, source: str) -> MappingRow | None:
    """The mapping row for an interview, by file name or interview id.

    Parameters
    ----------
    rows : list of MappingRow
        From :func:`load_mapping`.
    interview_id : str
        The interview id found for the file (its stem, or a notes session).
    source : str
        The file name.

    Returns
    -------
    MappingRow or None
        The matching row, or ``None``.
    """
    stem = PurePath(source).stem
    for row in rows:
        if row.file is not None:
            name = PurePath(row.file.replace("\\", "/")).name
            same_file = name == source or (
                PurePath(name).stem == stem and not PurePath(name).suffix
            )
            if (
                same_file
                and row.interview_id in (None, interview_id)
                or (same_file and interview_id == stem)
            ):
                return row
    for row in rows:
        if row.interview_id is not None and row.interview_id == interview_id:
            return row
    return None

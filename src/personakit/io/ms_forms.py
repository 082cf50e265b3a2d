"""Microsoft Forms exports (the response workbook, or a CSV saved from it).

One header row: ``ID, Start time, Completion time, Email, Name`` (and
``Last modified time`` in newer exports), then the questions. Anonymous forms
put ``anonymous`` in Email. Quizzes add ``Total points``, ``Quiz feedback`` and,
after each question, ``Points - <question>`` and ``Feedback - <question>``
(reported as ``metadata`` with the question as ``question``). Multi-select
answers are one cell joined by ``;`` with a trailing ``;`` (``AGOL;Cartography;``):
``hint="multiselect_joined"``, ``separator=";"``. Microsoft documents that the
workbook's columns can be out of question order; they are kept as in the file.
"""

from __future__ import annotations

import re

from personakit.io._detect import Detection
from personakit.io._raw import RawExport
from personakit.io._survey_common import GENERIC_HINTS
from personakit.io._survey_onerow import OneRowSpec, read_one_row
from personakit.io._survey_table import Table

__all__ = ["read_ms_forms"]

MS_HINTS = {
    **GENERIC_HINTS,
    "id": "id",
    "starttime": "date",
    "completiontime": "date",
    "lastmodifiedtime": "date",
    "email": "pii",
    "name": "pii",
    "totalpoints": "metadata",
    "quizfeedback": "metadata",
    "grade": "metadata",
}

_QUIZ = re.compile(r"^(Points|Feedback)\s*-\s*(.+)$", re.DOTALL)


def _quiz(header: str, text: str):
    m = _QUIZ.match(text)
    if m:
        return "metadata", m.group(2).strip(), m.group(1)
    return None


def read_ms_forms(table: Table, detection: Detection) -> RawExport:
    """Build a :class:`RawExport` from a Microsoft Forms export.

    Parameters
    ----------
    table : Table
        The file's rows (the workbook's sheet, or a CSV).
    detection : Detection
        ``ms_forms``, 1 header row.

    Returns
    -------
    RawExport
        Question columns ``Q1``, ``Q2``, ... with hints; ``;``-joined answers flagged.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from personakit.io import read_raw_export
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "forms.csv"
    >>> _ = path.write_text(
    ...     "ID,Start time,Completion time,Email,Name,Which tools?\\n"
    ...     "1,7/27/26 19:06:23,7/27/26 19:09:01,anonymous,,AGOL;Cartography;\\n"
    ...     "2,7/27/26 19:10:00,7/27/26 19:12:40,anonymous,,AGOL;\\n",
    ...     encoding="utf-8",
    ... )
    >>> raw = read_raw_export(path)
    >>> raw.source, raw.id_column, raw.column("Q1").hint, raw.column("Q1").separator
    ('ms_forms', 'ID', 'multiselect_joined', ';')
    """
    spec = OneRowSpec(
        source="ms_forms", hints=MS_HINTS, separators=(";",), grid=False, special=_quiz
    )
    return read_one_row(table, detection, spec)

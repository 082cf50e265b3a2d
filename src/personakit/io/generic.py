"""Plain tables: one header row of column names (or several, with ``header_rows=``).

Used for exports from tools without a known signature (LimeSurvey, Alchemer,
in-house panels) and for tables researchers assemble themselves. Columns keep
their header as name; well-known names get hints (``respondent_id``/``id`` ->
``id``, ``email``/``name``/``phone``/``ip`` -> ``pii``, ``timestamp``/``date``
-> ``date``, ``weight`` -> ``weight``, ...); ``Title [Row]`` headers are grid
rows; cells joining several options with ``;``, ``", "`` or ``|`` get
``multiselect_joined``. With ``header_rows=2`` or more, row 1 holds the
questions (blank over continuation columns, as SurveyMonkey does) and the last
header row the sub-labels.

A file with a single column, or whose first row is numbers rather than names,
is refused: it is not a survey export.
"""

from __future__ import annotations

from personakit.io._detect import Detection
from personakit.io._raw import RawExport
from personakit.io._survey_common import GENERIC_HINTS
from personakit.io._survey_onerow import OneRowSpec, read_one_row
from personakit.io._survey_table import Table

__all__ = ["read_generic"]


def read_generic(table: Table, detection: Detection) -> RawExport:
    """Build a :class:`RawExport` from a plain table.

    Parameters
    ----------
    table : Table
        The file's rows.
    detection : Detection
        ``generic`` with its number of header rows.

    Returns
    -------
    RawExport
        Columns named by their headers, with hints for well-known names.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from personakit.io import read_raw_export
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "table.csv"
    >>> _ = path.write_text(
    ...     "respondent_id;email;tools;weight\\n"
    ...     "r1;ana@example.org;Slack|Email;1.2\\n"
    ...     "r2;bo@example.org;Email;0.8\\n"
    ...     "r3;cy@example.org;Slack|Teams;1.0\\n",
    ...     encoding="utf-8",
    ... )
    >>> raw = read_raw_export(path)
    >>> [(c.name, c.hint) for c in raw.columns]
    [('respondent_id', 'id'), ('email', 'pii'), ('tools', 'multiselect_joined'), ('weight', 'weight')]
    """
    spec = OneRowSpec(
        source="generic",
        hints=GENERIC_HINTS,
        separators=(";", ", ", "|"),
        rename_questions=False,
    )
    return read_one_row(table, detection, spec)

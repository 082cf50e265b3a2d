"""Google Forms exports (the linked Sheet saved as CSV/XLSX, or the Forms CSV download).

One header row: ``Timestamp`` first, then ``Email Address`` / ``Score`` when
the form collects them, then one column per question headed by its full title.
Grid questions become one column per row, ``Title [Row]``: they share a
``question_id`` and the row is the ``sub_label``. Checkbox answers are joined
in one cell, by ``", "`` in Sheets exports and by ``";"`` in the Forms CSV
download; such columns get ``hint="multiselect_joined"`` and their
``separator`` (the option list is left to the codebook builder, which splits
by matching known labels, longest first, since labels may contain commas).
Question columns are named ``Q1``, ``Q2_1``, ...; the header text is in
``question`` and ``original_name``.
"""

from __future__ import annotations

from personakit.io._detect import Detection
from personakit.io._raw import RawExport
from personakit.io._survey_common import GENERIC_HINTS
from personakit.io._survey_onerow import OneRowSpec, read_one_row
from personakit.io._survey_table import Table

__all__ = ["read_google_forms"]

GOOGLE_HINTS = {
    **GENERIC_HINTS,
    "timestamp": "date",
    "marcatemporal": "date",
    "horodateur": "date",
    "zeitstempel": "date",
    "carimbodedatahora": "date",
    "informazionicronologiche": "date",
    "tijdstempel": "date",
    "emailaddress": "pii",
    "email": "pii",
    "score": "metadata",
}


def read_google_forms(table: Table, detection: Detection) -> RawExport:
    """Build a :class:`RawExport` from a Google Forms export.

    Parameters
    ----------
    table : Table
        The file's rows (CSV or the ``Form Responses 1`` worksheet).
    detection : Detection
        ``google_forms``, 1 header row.

    Returns
    -------
    RawExport
        Question columns ``Q1``, ``Q2_1``, ... with texts, grid rows and joined-answer hints.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from personakit.io import read_raw_export
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "form.csv"
    >>> _ = path.write_text(
    ...     "Timestamp,Email Address,Which languages?\\n"
    ...     '2/26/2023 14:12:52,a@example.org,"Fortran, C"\\n'
    ...     '2/26/2023 14:39:00,b@example.org,"C++, Python"\\n'
    ...     "2/26/2023 14:44:50,c@example.org,Python\\n"
    ...     '2/26/2023 15:02:10,d@example.org,"C, Python"\\n',
    ...     encoding="utf-8",
    ... )
    >>> raw = read_raw_export(path)
    >>> [(c.name, c.hint, c.separator) for c in raw.columns]
    [('Timestamp', 'date', None), ('Email Address', 'pii', None), ('Q1', 'multiselect_joined', ', ')]
    """
    spec = OneRowSpec(source="google_forms", hints=GOOGLE_HINTS, separators=(", ", ";"))
    return read_one_row(table, detection, spec)

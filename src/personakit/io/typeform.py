"""Typeform CSV exports.

One header row. The first column ``#`` holds the response token; the trailing
metadata are ``Start Date (UTC)``, ``Submit Date (UTC)``, ``Network ID`` (a
hashed network identifier, treated as personal data), and in newer exports
``Response Type`` (completed / partial), ``Stage Date (UTC)`` and ``Tags``.
Hidden fields and URL parameters appear as columns named after the field.
Question titles may carry HTML (``<strong>...</strong>``); it is stripped from
``question`` (``original_name`` keeps it). Multi-select questions come either as
one column per choice, headed by the choice and holding it when chosen
(reported as ``multiselect_option``, grouped when adjacent), or as one cell
joined by ``,`` (``multiselect_joined``). Yes/No and legal questions hold
``1``/``0``.
"""

from __future__ import annotations

from personakit.io._detect import Detection
from personakit.io._raw import RawExport
from personakit.io._survey_common import GENERIC_HINTS
from personakit.io._survey_onerow import OneRowSpec, read_one_row
from personakit.io._survey_table import Table

__all__ = ["read_typeform"]

TYPEFORM_HINTS = {
    **GENERIC_HINTS,
    "#": "id",
    "token": "id",
    "startdateutc": "date",
    "submitdateutc": "date",
    "stagedateutc": "date",
    "networkid": "pii",
    "responsetype": "status",
    "tags": "metadata",
    "ending": "metadata",
}


def read_typeform(table: Table, detection: Detection) -> RawExport:
    """Build a :class:`RawExport` from a Typeform export.

    Parameters
    ----------
    table : Table
        The file's rows.
    detection : Detection
        ``typeform``, 1 header row.

    Returns
    -------
    RawExport
        Question columns ``Q1``, ``Q2_1``, ... with HTML-free texts and hints.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from personakit.io import read_raw_export
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "typeform.csv"
    >>> _ = path.write_text(
    ...     "#,<strong>Are you self-employed?</strong>,Start Date (UTC),Submit Date (UTC),Network ID\\n"
    ...     "boxnnaoy48qg29om,1,2024-10-05 02:31:10,2024-10-05 02:39:31,8d1e5c2f7a\\n"
    ...     "x1y2z3w4v5u6t7s8,0,2024-10-05 03:01:00,2024-10-05 03:04:12,1f0a9b3c44\\n",
    ...     encoding="utf-8",
    ... )
    >>> raw = read_raw_export(path)
    >>> raw.id_column, raw.column("Q1").question
    ('#', 'Are you self-employed?')
    """
    spec = OneRowSpec(
        source="typeform",
        hints=TYPEFORM_HINTS,
        separators=(",",),
        grid=False,
        header_options=True,
    )
    return read_one_row(table, detection, spec)

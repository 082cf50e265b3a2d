"""Readers for survey exports, interview transcripts, account lists and content inventories.

Survey exports go through one entry point, :func:`read_raw_export`, which
recognises the tool that wrote the file (Qualtrics in its three generations,
SurveyMonkey, Google Forms, Microsoft Forms, Typeform, SPSS ``.sav``, or a plain
table), reads it faithfully, and returns a :class:`RawExport`: the answers as
strings plus what the header rows say about every column. The codebook builder
behind :func:`personakit.read_survey` interprets it.
"""

from __future__ import annotations

import os
from pathlib import Path

from personakit._errors import SurveyFormatError
from personakit.io._detect import SOURCES
from personakit.io._raw import RawColumn, RawExport

__all__ = ["SOURCES", "RawColumn", "RawExport", "read_raw_export"]


_EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xls"}


def read_raw_export(
    path: str | os.PathLike[str],
    source: str = "auto",
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    header_rows: int | None = None,
    delimiter: str | None = None,
    qsf: str | os.PathLike[str] | None = None,
) -> RawExport:
    """Read a survey export as it is, with what its header rows say about each column.

    The format is recognised from the file's content (not its name): SPSS by its
    first bytes, workbooks as zip archives, and the survey tools by the
    signature of their first rows (see :attr:`RawExport.detection_reason`).
    Text files are decoded (BOM, then strict UTF-8, then UTF-16 without BOM,
    then Windows-1252 with a note) and their delimiter sniffed (comma, tab,
    semicolon, pipe). Every cell is read as a string; nothing is interpreted.
    The file is only read, never modified.

    Parameters
    ----------
    path : str or path-like
        The export: ``.csv``, ``.tsv``, ``.txt``, ``.xlsx`` or ``.sav``.
    source : str, default "auto"
        The tool that wrote the file, to override auto-detection: one of
        ``"qualtrics"``, ``"qualtrics_legacy"``, ``"qualtrics_insights"``,
        ``"surveymonkey"``, ``"google_forms"``, ``"ms_forms"``, ``"typeform"``,
        ``"spss"``, ``"generic"``.
    sheet : str or int, optional
        Worksheet to read from a workbook (name or 0-based position). Needed only
        when several sheets hold data and none is clearly the responses.
    encoding : str, optional
        Text encoding of a CSV/TSV, or of the strings in an SPSS file, when the
        automatic choice is wrong (e.g. ``"latin-1"``).
    header_rows : int, optional
        Number of header rows of a generic table (default 1). Known formats have
        a fixed number; giving a different one is an error.
    delimiter : str, optional
        Field delimiter of a text file, when sniffing picks the wrong one.
    qsf : str or path-like, optional
        A Qualtrics survey definition (``.qsf``) to add the choice labels, in
        order, to a Qualtrics export's columns (useful for numeric exports).

    Returns
    -------
    RawExport
        ``data`` (one row per response, string cells, ``NA`` for blanks, typed for
        SPSS), ``columns`` (one :class:`RawColumn` per column: name, question,
        sub-label, question id, import id, hint, value labels, missing values),
        ``source``, ``detection_reason``, ``header_rows``, ``first_data_row``,
        ``export_kind``, ``id_column``, ``mr_sets`` and ``notes``.

    Raises
    ------
    SurveyFormatError
        When the file does not exist, is empty, truncated, not a survey export,
        in an unknown encoding, a password-protected or corrupted workbook, a
        workbook with several candidate sheets (pass ``sheet=``), or when its
        header and rows do not match. The message names the file, the line or
        column, what was expected and what to do.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from personakit.io import read_raw_export
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = folder / "responses.csv"
    >>> _ = path.write_text(
    ...     "Timestamp,What do you use?,Rate us [Speed],Rate us [Price]\\n"
    ...     '2/26/2023 14:12:52,"Slack, Email",Good,Poor\\n'
    ...     '2/26/2023 15:01:07,Email,Excellent,Good\\n'
    ...     '2/27/2023 09:30:00,"Teams, Slack",Good,Good\\n',
    ...     encoding="utf-8",
    ... )
    >>> raw = read_raw_export(path)
    >>> raw.source, len(raw.data)
    ('google_forms', 3)
    >>> raw.detection_reason
    "Google Forms (Sheets) export: the first column is 'Timestamp' (1 header row)."
    >>> [(c.name, c.hint) for c in raw.columns]
    [('Timestamp', 'date'), ('Q1', 'multiselect_joined'), ('Q2_1', None), ('Q2_2', None)]
    >>> rate = raw.column("Q2_1")
    >>> rate.question, rate.sub_label, rate.question_id
    ('Rate us', 'Speed', 'Q2')
    >>> raw.column("Q1").separator
    ', '
    """
    from personakit.io import _bytes, _detect, _survey_table

    if not isinstance(source, str) or (source != "auto" and source not in SOURCES):
        raise SurveyFormatError(
            f"source={source!r}: unknown survey format. Expected 'auto' or one of "
            f"{', '.join(SOURCES)}."
        )
    if header_rows is not None and (
        isinstance(header_rows, bool)
        or not isinstance(header_rows, int)
        or not 1 <= header_rows <= _survey_table.HEAD_RECORDS
    ):
        raise SurveyFormatError(
            f"header_rows={header_rows!r}: expected a whole number of header rows from 1 to "
            f"{_survey_table.HEAD_RECORDS}."
        )
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
        raise SurveyFormatError(
            f"delimiter={delimiter!r}: expected a single character such as ',', ';' or '\\t'."
        )
    p = _bytes.check_path(path)
    raw = _bytes.read_bytes(p)
    kind = _bytes.file_kind(raw)
    suffix = p.suffix.lower()

    if kind in ("sav", "zsav") or source == "spss" or suffix in (".sav", ".zsav"):
        if kind not in ("sav", "zsav"):
            raise SurveyFormatError(
                f"{p}: this is not an SPSS .sav file (it starts with {raw[:8]!r}, an SPSS file "
                f"starts with b'$FL2'){_kind_hint(kind)}. Export the data from SPSS again, or "
                "pass the right file or source=..."
            )
        if source not in ("auto", "spss"):
            raise SurveyFormatError(
                f"{p}: source={source!r} but the file is an SPSS .sav file; pass source='spss' "
                "or 'auto'."
            )
        from personakit.io.spss import read_spss

        return read_spss(p, encoding=encoding)

    if kind in ("zip", "ole2"):
        table = _survey_table.read_workbook(p, raw, sheet, _detect.detect)
    elif suffix in _EXCEL_SUFFIXES:
        raise SurveyFormatError(
            f"{p}: the name says Excel workbook but the content is not one{_kind_hint(kind)}. "
            "The file is corrupted or mis-named; export it again, or rename it to .csv if it "
            "is a text export."
        )
    elif kind != "text":
        raise SurveyFormatError(
            f"{p}: this is not a survey export{_kind_hint(kind)}. Expected a CSV/TSV, XLSX or "
            "SPSS .sav file with one row per response."
        )
    else:
        if sheet is not None:
            raise SurveyFormatError(
                f"sheet={sheet!r}: {p.name} is a text file, not a workbook; sheet= only applies "
                "to .xlsx files. Leave it out."
            )
        text = _bytes.load_text(p, encoding=encoding, raw=raw)
        table = _survey_table.CsvTable(text, delimiter=delimiter)
        # The table holds the content now; a big file's bytes are let go while pandas parses.
        del raw, text

    if not table.records:
        raise SurveyFormatError(
            f"{table.where}: the file has no rows. Expected header row(s) and one row per "
            "response; export the responses again."
        )
    if source == "auto":
        detection = _detect.detect(table.records)
        if header_rows is not None:
            if detection.known and header_rows != detection.header_rows:
                raise SurveyFormatError(
                    f"header_rows={header_rows}: {table.where} is a {detection.source} export "
                    f"with {detection.header_rows} header row(s) ({detection.reason}) Leave "
                    "header_rows out, or pass source='generic' to read it as a plain table."
                )
            if not detection.known:
                detection = _detect.detect_as("generic", table.records, header_rows)
    else:
        detection = _detect.detect_as(source, table.records, header_rows)
        if (
            header_rows is not None
            and detection.source != "generic"
            and header_rows != detection.header_rows
        ):
            raise SurveyFormatError(
                f"header_rows={header_rows}: a {detection.source} export has "
                f"{detection.header_rows} header row(s). Leave header_rows out, or pass "
                "source='generic' to read the file as a plain table."
            )
    if qsf is not None and not detection.source.startswith("qualtrics"):
        raise SurveyFormatError(
            f"qsf={str(qsf)!r}: a .qsf survey definition only applies to Qualtrics exports, "
            f"but {table.where} is read as {detection.source}. Leave qsf out."
        )
    return _build(table, detection, qsf=qsf)


def _kind_hint(kind: str) -> str:
    return {
        "zip": " but a zip archive (an Excel workbook?)",
        "ole2": " but an Office binary file (an old .xls or an encrypted workbook)",
        "pdf": " but a PDF document",
        "html": " but an HTML page (a login or error page saved instead of the export?)",
        "json": " but a JSON document",
        "gzip": " but a gzip-compressed file (decompress it first)",
        "sav": " but an SPSS file",
        "zsav": " but a compressed SPSS file",
    }.get(kind, "")


def _build(table, detection, *, qsf=None) -> RawExport:
    source = detection.source
    if source.startswith("qualtrics"):
        from personakit.io.qualtrics import read_qualtrics

        return read_qualtrics(table, detection, qsf=Path(qsf) if qsf is not None else None)
    if source == "surveymonkey":
        from personakit.io.surveymonkey import read_surveymonkey

        return read_surveymonkey(table, detection)
    if source == "google_forms":
        from personakit.io.google_forms import read_google_forms

        return read_google_forms(table, detection)
    if source == "ms_forms":
        from personakit.io.ms_forms import read_ms_forms

        return read_ms_forms(table, detection)
    if source == "typeform":
        from personakit.io.typeform import read_typeform

        return read_typeform(table, detection)
    from personakit.io.generic import read_generic

    return read_generic(table, detection)

"""The hand-off between format readers and the codebook builder.

Every survey format reader (Qualtrics, SurveyMonkey, Google Forms, Microsoft
Forms, Typeform, SPSS, generic) returns a :class:`RawExport`: the answers as
read (one row per response, one column per export column, cells as strings
except where the format itself is typed, as SPSS), plus what the export's
header rows say about each column. The codebook builder
(:mod:`personakit.codebook`) turns a ``RawExport`` into a
:class:`personakit.Survey`; it never needs to know the file format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["RawColumn", "RawExport"]

# What a reader may say about a column in ``RawColumn.hint``.
HINTS = (
    "id",  # the export's own response id (ResponseId, Respondent ID, #, ...)
    "metadata",  # status, progress, duration, finished, collector, user agent, ...
    "date",  # start/end/submit timestamps
    "pii",  # email, names, IP address, coordinates, phone, recipient/external refs
    "duration",  # response duration in seconds
    "progress",  # percent complete (0-100)
    "finished",  # 1/0 or True/False completion flag
    "status",  # response type: IP address / Survey Preview / spam / partial ...
    "multiselect_option",  # one column per option; non-blank (or 1) = chosen
    "multiselect_joined",  # all chosen options joined in one cell (Google / MS Forms)
    "other_text",  # free text of an "Other (please specify)" option
    "text",  # the format says it is an open-ended answer
    "numeric",  # the format says it is a number (SPSS scale measure, slider)
    "weight",  # a survey weight
)


@dataclass
class RawColumn:
    """What the export says about one of its columns.

    Attributes
    ----------
    name : str
        Unique column name in :attr:`RawExport.data` (the export tag, made unique
        with a ``.2``, ``.3`` suffix when the export repeats a name).
    original_name : str
        The header exactly as it appears in the file (before de-duplication).
    question_id : str or None
        Groups the columns of one question (grid rows, multi-select options),
        e.g. ``"Q5"`` for ``Q5_1``, ``Q5_2``. ``None`` when the column stands alone.
    question : str
        The question text, with HTML stripped and whitespace normalised.
    sub_label : str or None
        The grid row statement or option label, when the column is one part of a
        question.
    import_id : str or None
        Qualtrics ImportId (``QID5_1``) or the equivalent stable id, if any.
    hint : str or None
        What the format itself says about the column; one of ``HINTS``.
    options : list of str or None
        For ``multiselect_joined``: the known option labels (from a form
        definition or codebook); ``None`` when they must be inferred from the data.
    separator : str or None
        For ``multiselect_joined``: how options are joined (``", "`` or ``";"``).
    value_labels : dict or None
        ``{code: label}`` in the format's order (SPSS value labels, numeric exports
        with known labels).
    missing_values : list or None
        Codes the source declares as missing (SPSS user-missing values).
    measure : str or None
        Measure level the source declares: ``"nominal"``, ``"ordinal"`` or ``"scale"``.
    position : int
        0-based position of the column in the file.
    """

    name: str
    original_name: str
    question_id: str | None = None
    question: str = ""
    sub_label: str | None = None
    import_id: str | None = None
    hint: str | None = None
    options: list[str] | None = None
    separator: str | None = None
    value_labels: dict[Any, str] | None = None
    missing_values: list[Any] | None = None
    measure: str | None = None
    position: int = 0


@dataclass
class RawExport:
    """A survey export as read from disk, before any interpretation.

    Attributes
    ----------
    data : pandas.DataFrame
        One row per response in file order, one column per :class:`RawColumn`
        (same order, named by ``RawColumn.name``). Cells are strings with missing
        cells as ``NA``, except where the source is typed (SPSS numerics).
    columns : list of RawColumn
        What the header rows say about each column.
    source : str
        Detected or requested format: ``"qualtrics"``, ``"qualtrics_legacy"``,
        ``"qualtrics_insights"``, ``"surveymonkey"``, ``"google_forms"``,
        ``"ms_forms"``, ``"typeform"``, ``"spss"``, ``"generic"``.
    detection_reason : str
        A sentence saying why this format was chosen ("row 3 holds ImportId JSON").
    path : Path or None
        The file read (never modified).
    header_rows : int
        How many header rows the file had.
    first_data_row : int
        1-based line/row number in the file of the first response, so errors and
        quality reports can point at file rows.
    export_kind : str
        ``"text"`` (choice labels), ``"numeric"`` (choice codes) or ``"unknown"``.
    id_column : str or None
        Name of the column holding the export's own response id.
    mr_sets : dict
        SPSS multiple-response sets ``{name: {"label": ..., "variables": [...],
        "counted_value": ..., "type": "dichotomy" | "category"}}``: a dichotomy set
        has one 0/1-like variable per option, counted where it equals
        ``counted_value``; a category set holds the chosen options' codes in
        several variables. Empty for other formats.
    notes : list of str
        Things the reader fixed or noticed (BOM, encoding fallback, trailing comma,
        Excel serial dates), surfaced later as warnings or in the Survey repr.
    """

    data: pd.DataFrame
    columns: list[RawColumn]
    source: str
    detection_reason: str
    path: Path | None = None
    header_rows: int = 1
    first_data_row: int = 2
    export_kind: str = "unknown"
    id_column: str | None = None
    mr_sets: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def column(self, name: str) -> RawColumn:
        """Return the :class:`RawColumn` called ``name``.

        Parameters
        ----------
        name : str
            A column name in :attr:`data`.

        Returns
        -------
        RawColumn
            Its header information.

        Examples
        --------
        >>> import pandas as pd
        >>> raw = RawExport(pd.DataFrame({"Q1": ["a"]}), [RawColumn("Q1", "Q1", question="Why?")],
        ...                 source="generic", detection_reason="test")
        >>> raw.column("Q1").question
        'Why?'
        """
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

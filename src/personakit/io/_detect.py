"""Recognise which survey tool wrote a file, from its first rows.

The signatures (see the project's formats notes, section 10):

=====================  ==============================================================  ======
source                 signature                                                       header
=====================  ==============================================================  ======
``qualtrics``          row 3 cells are JSON ``{"ImportId": ...}``                       3
``qualtrics_insights`` row 3 cells are Python dicts ``{'ImportId': 'QID2-1'}``          3
``qualtrics_legacy``   first cell ``V1`` and row 2 holds ``ResponseID``                 2
``surveymonkey``       ``Respondent ID`` with ``Collector ID``, or row 2 holds          2 (3)
                       ``Response`` / ``Open-Ended Response``; an analyst row of
                       question numbers above it makes 3 header rows
``google_forms``       first column ``Timestamp``                                       1
``ms_forms``           first columns ``ID, Start time, Completion time``                1
``typeform``           first column ``#`` and a ``Submit Date (UTC)``/``Network ID``    1
``generic``            anything else (say ``header_rows=`` if it has more than one)     1
=====================  ==============================================================  ======

SPSS files are recognised earlier, by their first bytes (``$FL2``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SOURCES", "Detection", "detect", "detect_as"]

SOURCES = (
    "qualtrics",
    "qualtrics_legacy",
    "qualtrics_insights",
    "surveymonkey",
    "google_forms",
    "ms_forms",
    "typeform",
    "spss",
    "generic",
)
"""Every value :attr:`RawExport.source` can take."""

_JSON_IMPORT = re.compile(r'^\s*\{\s*"ImportId"\s*:', re.IGNORECASE)
_DICT_IMPORT = re.compile(r"^\s*\{\s*'ImportId'\s*:", re.IGNORECASE)
_SM_ROW2 = {"response", "open-ended response"}
_TIMESTAMP = {
    "timestamp",
    "marca temporal",  # Spanish
    "horodateur",  # French
    "zeitstempel",  # German
    "carimbo de data/hora",  # Portuguese
    "informazioni cronologiche",  # Italian
    "tijdstempel",  # Dutch
}


@dataclass(frozen=True)
class Detection:
    """Which format a file is in, how many header rows it has, and why.

    Attributes
    ----------
    source : str
        One of :data:`SOURCES`.
    header_rows : int
        Number of header rows before the first response.
    reason : str
        A sentence saying which signature matched.
    analyst_row : bool
        SurveyMonkey only: an extra row of question numbers sits above the two
        header rows (as in the OSPO survey's published 2024 data).
    """

    source: str
    header_rows: int
    reason: str
    analyst_row: bool = False

    @property
    def known(self) -> bool:
        """Whether a survey tool's signature matched (anything but ``generic``)."""
        return self.source != "generic"


def _clean(cell: str) -> str:
    return cell.replace("\ufeff", "").replace("\xa0", " ").strip()


def _row(records: list[list[str]], i: int) -> list[str]:
    return [_clean(c) for c in records[i]] if i < len(records) else []


def _share(cells: list[str], pattern: re.Pattern[str]) -> float:
    filled = [c for c in cells if c]
    if not filled:
        return 0.0
    return sum(bool(pattern.match(c)) for c in filled) / len(filled)


def _qualtrics(records: list[list[str]]) -> Detection | None:
    row3 = _row(records, 2)
    if row3 and _share(row3, _JSON_IMPORT) >= 0.5:
        return Detection(
            "qualtrics",
            3,
            'Qualtrics export: row 3 holds {"ImportId": ...} JSON cells (3 header rows: export '
            "tags, question texts, import ids).",
        )
    if row3 and _share(row3, _DICT_IMPORT) >= 0.5:
        return Detection(
            "qualtrics_insights",
            3,
            "Qualtrics 2016 'Insights' export: row 3 holds {'ImportId': ...} Python-dict cells "
            "(3 header rows).",
        )
    row1, row2 = _row(records, 0), _row(records, 1)
    if row1 and row1[0] == "V1" and any(c.lower() == "responseid" for c in row2):
        return Detection(
            "qualtrics_legacy",
            2,
            "Qualtrics legacy (pre-2017) export: the first cell is V1 and row 2 holds "
            "ResponseID (2 header rows).",
        )
    return None


def _surveymonkey(records: list[list[str]]) -> Detection | None:
    row1, row2, row3 = _row(records, 0), _row(records, 1), _row(records, 2)
    low1 = {c.lower() for c in row1}
    low2 = {c.lower() for c in row2}
    low3 = {c.lower() for c in row3}
    if "respondent id" in low1 and ("collector id" in low1 or low2 & _SM_ROW2):
        return Detection(
            "surveymonkey",
            2,
            "SurveyMonkey export: row 1 holds 'Respondent ID'"
            + (" and 'Collector ID'" if "collector id" in low1 else "")
            + ", row 2 the sub-headers (2 header rows).",
        )
    if "respondent id" in low2 and ("collector id" in low2 or low3 & _SM_ROW2):
        return Detection(
            "surveymonkey",
            3,
            "SurveyMonkey export with an extra analyst row on top: row 2 holds 'Respondent ID', "
            "row 3 the sub-headers, row 1 question numbers (3 header rows).",
            analyst_row=True,
        )
    if low2 & _SM_ROW2 and sum(c in _SM_ROW2 for c in (x.lower() for x in row2)) >= 2:
        return Detection(
            "surveymonkey",
            2,
            "SurveyMonkey export: row 2 holds 'Response' / 'Open-Ended Response' sub-headers "
            "(2 header rows).",
        )
    return None


def _one_row_formats(records: list[list[str]]) -> Detection | None:
    row1 = _row(records, 0)
    if not row1:
        return None
    low = [c.lower() for c in row1]
    if low[0] in _TIMESTAMP:
        return Detection(
            "google_forms",
            1,
            f"Google Forms (Sheets) export: the first column is {row1[0]!r} (1 header row).",
        )
    if low[:3] == ["id", "start time", "completion time"]:
        return Detection(
            "ms_forms",
            1,
            "Microsoft Forms export: the first columns are ID, Start time, Completion time "
            "(1 header row).",
        )
    typeform_meta = {"submit date (utc)", "start date (utc)", "network id", "stage date (utc)"}
    if low[0] == "#" and typeform_meta & set(low):
        found = [c for c in row1 if c.lower() in typeform_meta]
        return Detection(
            "typeform",
            1,
            f"Typeform export: the first column is '#' (response token) and the header has "
            f"{', '.join(repr(c) for c in found)} (1 header row).",
        )
    return None


def detect(records: list[list[str]]) -> Detection:
    """Detect the format of a survey export from its first records.

    Parameters
    ----------
    records : list of list of str
        The first (up to four) rows of the file, cells as strings.

    Returns
    -------
    Detection
        The format, its number of header rows and the reason.

    Examples
    --------
    >>> detect([["StartDate", "Q1"], ["Start Date", "How?"],
    ...         ['{"ImportId":"startDate"}', '{"ImportId":"QID1"}'], ["2024-01-01", "3"]]).source
    'qualtrics'
    >>> d = detect([["Timestamp", "Your role?"], ["2/26/2023 14:12:52", "Engineer"]])
    >>> d.source, d.header_rows
    ('google_forms', 1)
    >>> detect([["age", "city"], ["34", "Lyon"]]).reason
    'No survey-tool signature found: read as a generic table with 1 header row ...'
    """
    for rule in (_qualtrics, _surveymonkey, _one_row_formats):
        found = rule(records)
        if found is not None:
            return found
    row1 = {c.lower() for c in _row(records, 0)}
    extra = ""
    if {"response id", "time started", "date submitted"} <= row1:
        extra = " The header looks like an Alchemer (SurveyGizmo) export, read as one."
    return Detection(
        "generic",
        1,
        "No survey-tool signature found: read as a generic table with 1 header row (pass "
        "header_rows=... if it has more, or source=... to name the tool)." + extra,
    )


def detect_as(source: str, records: list[list[str]], header_rows: int | None) -> Detection:
    """The detection for a format the caller named with ``source=``.

    Parameters
    ----------
    source : str
        One of :data:`SOURCES` other than ``"spss"``.
    records : list of list of str
        The first rows of the file.
    header_rows : int or None
        The caller's ``header_rows=`` (only used for ``generic``).

    Returns
    -------
    Detection
        The format's own header layout, with a reason naming the override.

    Examples
    --------
    >>> detect_as("generic", [["a", "b"], ["1", "2"]], 2).header_rows
    2
    """
    auto = detect(records)
    said = f"source={source!r} given by the caller"
    if source == "generic":
        rows = header_rows or 1
        return Detection(
            "generic", rows, f"{said}: read as a generic table with {rows} header row(s)."
        )
    if source.startswith("qualtrics"):
        found = _qualtrics(records)
        if found is None:
            found = Detection(
                source if source != "qualtrics" else "qualtrics",
                {"qualtrics": 3, "qualtrics_insights": 3, "qualtrics_legacy": 2}[source],
                "",
            )
        return Detection(
            found.source, found.header_rows, f"{said}. {found.reason}".rstrip(". ") + "."
        )
    if source == "surveymonkey":
        found = _surveymonkey(records) or Detection("surveymonkey", 2, "2 header rows assumed.")
        return Detection(
            "surveymonkey", found.header_rows, f"{said}. {found.reason}", found.analyst_row
        )
    reason = f"{said} (1 header row)."
    if auto.known and auto.source != source:
        reason += f" Auto-detection would have said {auto.source}: {auto.reason}"
    return Detection(source, 1, reason)

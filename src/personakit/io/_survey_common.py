"""Helpers shared by the survey format readers.

Header texts (HTML stripped, whitespace normalised), unique column names,
hints for well-known metadata columns, the two data-based hints the formats
imply but do not state (one column per multi-select option; several options
joined in one cell), Excel serial dates, and the final assembly of a
:class:`~personakit.io._raw.RawExport`.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from personakit._errors import SurveyFormatError
from personakit.io._factorize import distinct
from personakit.io._raw import RawColumn, RawExport
from personakit.io._survey_table import Table

__all__ = [
    "clean_text",
    "finish",
    "joined_separator",
    "norm_key",
    "option_state",
    "option_value",
    "unique_names",
]

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/h\d)\s*/?\s*>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")


def clean_text(text: str | None) -> str:
    """Header text without HTML tags or entities, with whitespace collapsed.

    Parameters
    ----------
    text : str or None
        A header cell.

    Returns
    -------
    str
        The cleaned text (``""`` for ``None``).

    Examples
    --------
    >>> clean_text("<strong>Are you\\u00a0self-employed?</strong>&nbsp;<br>(yes/no)")
    'Are you self-employed? (yes/no)'
    >>> clean_text("Fewer than <5 people, a < b > c")
    'Fewer than <5 people, a < b > c'
    """
    if not text:
        return ""
    if "<" in text:
        text = _BREAK.sub(" ", text)
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return _SPACE.sub(" ", text.replace("\ufeff", "")).strip()


def norm_key(text: str) -> str:
    """Lower-case letters and digits only: the key used to recognise metadata headers.

    Examples
    --------
    >>> norm_key("Duration (in seconds)")
    'durationinseconds'
    """
    return re.sub(r"[^a-z0-9#]", "", text.lower())


def unique_names(names: Sequence[str]) -> list[str]:
    """Make names unique by adding ``.2``, ``.3`` to repeats (the first one is kept as is).

    Parameters
    ----------
    names : sequence of str
        Column names, possibly repeated.

    Returns
    -------
    list of str
        Unique names, in the same order.

    Examples
    --------
    >>> unique_names(["Status", "Q1", "Status", "Status"])
    ['Status', 'Q1', 'Status.2', 'Status.3']
    >>> unique_names(["Q5", "Q5", "Q5.2"])  # a name the file already uses is not taken
    ['Q5', 'Q5.3', 'Q5.2']
    """
    seen: set[str] = set()
    counts: Counter[str] = Counter()
    out = []
    for name in names:
        if name not in seen:
            seen.add(name)
            out.append(name)
            continue
        k = counts[name] + 1
        while True:
            k += 1
            cand = f"{name}.{k}"
            if cand not in seen and cand not in names:
                break
        counts[name] = k - 1
        seen.add(cand)
        out.append(cand)
    return out


# Hints for metadata headers, by normalised header (see norm_key), per family of formats.
GENERIC_HINTS = {
    "id": "id",
    "responseid": "id",
    "respondentid": "id",
    "respondent": "id",
    "recordid": "id",
    "submissionid": "id",
    "participantid": "id",
    "email": "pii",
    "emailaddress": "pii",
    "name": "pii",
    "fullname": "pii",
    "firstname": "pii",
    "lastname": "pii",
    "phone": "pii",
    "phonenumber": "pii",
    "mobile": "pii",
    "ipaddress": "pii",
    "ip": "pii",
    "latitude": "pii",
    "longitude": "pii",
    "locationlatitude": "pii",
    "locationlongitude": "pii",
    "timestamp": "date",
    "startdate": "date",
    "enddate": "date",
    "submitdate": "date",
    "submittedat": "date",
    "datesubmitted": "date",
    "timestarted": "date",
    "date": "date",
    "createdat": "date",
    "duration": "duration",
    "durationinseconds": "duration",
    "progress": "progress",
    "finished": "finished",
    "status": "status",
    "weight": "weight",
    "weights": "weight",
    "wt": "weight",
    "wgt": "weight",
    "finalweight": "weight",
    "surveyweight": "weight",
    "useragent": "metadata",
    "referer": "metadata",
    "language": "metadata",
}


def hint_from(table: dict[str, str], *headers: str) -> str | None:
    """The hint ``table`` gives the first of ``headers`` it knows, else None."""
    for header in headers:
        if header:
            found = table.get(norm_key(header))
            if found:
                return found
    return None


def option_value(values: pd.Series) -> str | None:
    """The single distinct non-blank value of a column, or None if there are several or none.

    Examples
    --------
    >>> option_value(pd.Series(["Slack", None, "Slack"], dtype="str"))
    'Slack'
    >>> option_value(pd.Series(["1", "2"], dtype="str")) is None
    True
    """
    return option_state(values)[0]


# rows read first: two answers there and a column is no option column, whatever follows
_HEAD_ROWS = 2048


def option_state(values: pd.Series) -> tuple[str | None, bool]:
    """:func:`option_value` of a column, and whether any of its cells is filled.

    A column whose first rows already hold two different answers is told apart
    without reading the rest.

    Examples
    --------
    >>> option_state(pd.Series(["Slack", None, "Slack"], dtype="str"))
    ('Slack', True)
    >>> option_state(pd.Series(["1", "2", None], dtype="str"))
    (None, True)
    >>> option_state(pd.Series([None, None], dtype="str"))
    (None, False)
    """
    if _is_text(values):
        if len(values) > _HEAD_ROWS and len(distinct(values.iloc[:_HEAD_ROWS])) > 1:
            return None, True
        found = distinct(values)
        single = len(found) == 1 and isinstance(found[0], str)
        return (found[0] if single else None), bool(found)
    nonblank = values.dropna()
    if nonblank.empty:
        return None, False
    first = nonblank.iloc[0]
    if isinstance(first, str) and bool((nonblank == first).all()):
        return first, True
    return None, True


def _is_text(values: pd.Series) -> bool:
    """A column of the string dtype the text readers produce."""
    return isinstance(values.dtype, pd.StringDtype)


def _norm_label(text: str) -> str:
    return clean_text(text).replace("\u2019", "'").replace("\u2018", "'").casefold()


def same_label(value: str, label: str | None) -> bool:
    """Whether an answer equals a header label up to HTML, spacing, case and curly quotes."""
    return label is not None and _norm_label(value) == _norm_label(label)


def _split(value: str, sep: str) -> list[str]:
    return [p.strip() for p in value.split(sep) if p.strip()]


def joined_separator(values: pd.Series, separators: Iterable[str] = (", ", ";")) -> str | None:
    """Guess whether a column joins several chosen options in one cell, and with what.

    A checkbox question exported in one cell (Google Forms, Microsoft Forms)
    shows the same short fragments in many different combinations; a
    single-choice label that contains a comma, or free text, does not. The rule:
    some cells contain the separator, and at least half of the fragment
    occurrences in those cells are fragments that also appear in another
    distinct answer (or alone). Microsoft Forms' trailing ``;`` is a direct sign.

    Parameters
    ----------
    values : pandas.Series
        The column's cells.
    separators : iterable of str
        Candidate separators, tried in order.

    Returns
    -------
    str or None
        The separator, or None when the column does not look joined.

    Examples
    --------
    >>> s = pd.Series(["Fortran, C", "C++, Python", "Python", "C, Python, Julia", None], dtype="str")
    >>> joined_separator(s)
    ', '
    >>> joined_separator(pd.Series(["DOE Lab (e.g., ORNL)", "University", "DOE Lab (e.g., ORNL)"]))
    >>> joined_separator(pd.Series(["AGOL;Cartography;", "AGOL;", "Python;"]))
    ';'
    """
    nonblank = values.dropna()
    if nonblank.empty:
        return None
    distinct = pd.unique(nonblank.astype(str))
    if len(distinct) > 20_000:
        distinct = distinct[:20_000]
    # Try first the separator found in the most distinct answers: a label that contains
    # ", " must not hide the ";" that joins the options.
    separators = sorted(separators, key=lambda sep: -sum(sep in v for v in distinct))
    for sep in separators:
        multi = [v for v in distinct if sep in v.strip().strip(sep)]
        ends = [v for v in distinct if v.rstrip().endswith(sep)]
        if sep.strip() == ";" and ends and len(ends) >= 0.8 * len(distinct):
            return sep
        if not multi:
            continue
        cells_of: dict[str, set[int]] = defaultdict(set)
        for i, v in enumerate(distinct):
            for frag in set(_split(v, sep)):
                cells_of[frag.casefold()].add(i)
        occurrences = 0
        reused = 0
        for v in multi:
            for frag in _split(v, sep):
                occurrences += 1
                if len(cells_of[frag.casefold()]) >= 2:
                    reused += 1
        long_text = np.mean([len(f) for v in multi for f in _split(v, sep)]) > 80
        if occurrences and reused >= 0.5 * occurrences and not long_text:
            return sep
    return None


def looks_numeric(values: pd.Series) -> bool:
    """Whether every non-blank cell is a number (codes of a numeric export).

    Examples
    --------
    >>> looks_numeric(pd.Series(["1", "-2", None, "3.5"], dtype="str"))
    True
    >>> looks_numeric(pd.Series(["1", "Yes"], dtype="str"))
    False
    """
    if _is_text(values):
        # every distinct answer once, not every cell; a word among the first rows settles it
        if len(values) > _HEAD_ROWS and not _all_numbers(distinct(values.iloc[:_HEAD_ROWS])):
            return False
        nonblank = pd.Series(distinct(values), dtype=object)
    else:
        nonblank = values.dropna()
    if nonblank.empty:
        return False
    return bool(pd.to_numeric(nonblank, errors="coerce").notna().all())


def _all_numbers(values: list) -> bool:
    """Whether every one of ``values`` reads as a number (each value judged on its own)."""
    return bool(pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").notna().all())


def text_hint(values: pd.Series) -> str | None:
    """``"text"`` for a text-entry column, unless every answer is a number.

    Survey tools export numeric entry boxes ("How many people work here?") as
    text-entry questions; when all answers are numbers the hint is left out so
    the codebook builder can see a number.

    Examples
    --------
    >>> text_hint(pd.Series(["Too slow", None], dtype="str")), text_hint(pd.Series(["4", "12"]))
    ('text', None)
    """
    return None if looks_numeric(values) else "text"


def fix_serial_dates(data: pd.DataFrame, columns: list[RawColumn], notes: list[str]) -> None:
    """Turn Excel serial numbers in date columns back into date-time strings, with a note."""
    for col in columns:
        if col.hint != "date" or col.name not in data:
            continue
        series = data[col.name]
        if not (pd.api.types.is_string_dtype(series) or series.dtype == object):
            continue
        nonblank = series.dropna()
        if nonblank.empty or not _SERIAL.fullmatch(str(nonblank.iloc[0]).strip()):
            continue
        nums = pd.to_numeric(nonblank, errors="coerce")
        if nums.isna().any() or not nums.between(20000, 80000).all():
            continue
        stamps = pd.Timestamp("1899-12-30") + pd.to_timedelta(nums.to_numpy() * 86400.0, unit="s")
        text = (
            pd.Series(stamps, index=nonblank.index).dt.round("s").dt.strftime("%Y-%m-%d %H:%M:%S")
        )
        fixed = series.copy()
        fixed.loc[nonblank.index] = text.to_numpy()
        data[col.name] = fixed
        notes.append(
            f"Column {col.name!r} held Excel serial day numbers (e.g. {nonblank.iloc[0]}), as "
            "after a round trip through Excel; they were turned back into date-times "
            f"(e.g. {text.iloc[0]})."
        )


def drop_empty_trailing(header: list[list[str]], ncols: int) -> int:
    """Number of columns once trailing columns with blank headers in every header row are cut.

    The data must be checked separately (the caller drops them only when empty).
    """
    while ncols > 0 and all((len(row) < ncols or not row[ncols - 1].strip()) for row in header):
        ncols -= 1
    return ncols


def header_block(table: Table, header_rows: int) -> tuple[list[list[str]], int]:
    """The header records padded to a common width, and that width."""
    if len(table.records) < header_rows:
        raise SurveyFormatError(
            f"{table.where}: expected {header_rows} header row(s) but the file has only "
            f"{len(table.records)} row(s). It is not a complete export; export it again."
        )
    rows = [list(r) for r in table.records[:header_rows]]
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows], width


def load_frame(
    table: Table, header_rows: int, header: list[list[str]], width: int, notes: list[str]
) -> tuple[pd.DataFrame, list[list[str]], int]:
    """Parse the data rows; cut trailing columns that are blank in the header and the data."""
    data, first = table.frame(header_rows, width)
    keep = drop_empty_trailing(header, width)
    if keep < width:
        tail = data.iloc[:, keep:]
        filled = tail.notna().to_numpy()
        if filled.any():
            row, col = (int(v[0]) for v in np.nonzero(filled))
            raise SurveyFormatError(
                f"{table.where}: column {keep + col + 1} has no name in the header row(s) but "
                f"holds data (first in response {row + 1}, {table.unit()} {first + row} or later: "
                f"{str(tail.iat[row, col])[:40]!r}). Header and rows do not match; add the "
                "missing header or delete the stray cells, then read the file again."
            )
        data = data.iloc[:, :keep]
        header = [r[:keep] for r in header]
        what = (
            "a trailing delimiter on every line"
            if width - keep == 1
            else f"{width - keep} trailing columns"
        )
        notes.append(f"The file has {what} with no header and no data; ignored.")
        width = keep
    return data, header, first


def finish(
    table: Table,
    data: pd.DataFrame,
    columns: list[RawColumn],
    *,
    source: str,
    reason: str,
    header_rows: int,
    first_data_row: int,
    export_kind: str,
    notes: list[str],
) -> RawExport:
    """Name the data columns, fix serial dates and assemble the :class:`RawExport`."""
    names = unique_names([c.name for c in columns])
    for col, name, pos in zip(columns, names, range(len(columns))):
        col.name = name
        col.position = pos
    data.columns = names
    data.index = pd.RangeIndex(len(data))
    fix_serial_dates(data, columns, notes)
    ids = [c.name for c in columns if c.hint == "id"]
    return RawExport(
        data=data,
        columns=columns,
        source=source,
        detection_reason=reason,
        path=table.path,
        header_rows=header_rows,
        first_data_row=first_data_row,
        export_kind=export_kind,
        id_column=ids[0] if ids else None,
        notes=list(table.notes) + notes,
    )

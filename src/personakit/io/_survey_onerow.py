"""The shared builder for exports with one header row (Google/Microsoft Forms, Typeform, plain tables).

Each column's header is its question text. Metadata columns are recognised by
name (a per-format table), grid questions by the ``Title [Row]`` pattern,
checkbox questions joined in one cell by :func:`joined_separator`, and each
format adds its own rules through the ``special`` callback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from personakit._errors import SurveyFormatError
from personakit.io._detect import Detection
from personakit.io._raw import RawColumn, RawExport
from personakit.io._survey_common import (
    clean_text,
    finish,
    header_block,
    hint_from,
    joined_separator,
    load_frame,
    looks_numeric,
)
from personakit.io._survey_table import Table

__all__ = ["OneRowSpec", "read_one_row"]

_META = ("id", "date", "pii", "metadata", "status", "duration", "progress", "finished", "weight")
GRID = re.compile(r"^(?P<title>.*\S)\s*\[(?P<row>[^\[\]]+)\]$", re.DOTALL)


@dataclass
class OneRowSpec:
    """What a one-header-row format knows about its columns.

    Attributes
    ----------
    source : str
        The format's name.
    hints : dict
        Normalised header -> hint, for metadata columns.
    separators : tuple of str
        Candidate separators of checkbox answers joined in one cell.
    grid : bool
        Whether ``Title [Row]`` headers are grid rows.
    rename_questions : bool
        Name question columns ``Q1``, ``Q2_1`` (their headers are long texts);
        otherwise keep the header as the name (plain tables).
    special : callable, optional
        ``special(header, cleaned) -> (hint, question, sub_label) or None``: format rules
        applied before the generic ones.
    header_options : bool
        Columns whose only answer is their own header are choices of a multi-select
        question whose text is not in the export (older Typeform exports).
    notes : list of str
        Notes to add to every export of this format.
    """

    source: str
    hints: dict[str, str]
    separators: tuple[str, ...] = (", ", ";")
    grid: bool = True
    rename_questions: bool = True
    special: Callable[[str, str], tuple[str | None, str, str | None] | None] | None = None
    header_options: bool = False
    notes: list[str] = field(default_factory=list)


def _check_table(table: Table, header: Sequence[str], source: str) -> None:
    filled = [h.strip() for h in header if h.strip()]
    if len(header) < 2:
        raise SurveyFormatError(
            f"{table.where}: only one column was found (header {header[0][:60]!r}). A survey "
            "export has one column per question; this does not look like one. If the fields "
            "are separated by something other than a comma, tab, semicolon or pipe, pass "
            "delimiter=...; if it is a list of respondents or another document, it is not a "
            "survey export."
        )
    numeric = [h for h in filled if re.fullmatch(r"[-+]?\d+(?:[.,]\d+)?", h)]
    if source == "generic" and filled and len(numeric) >= max(2, 0.5 * len(filled)):
        raise SurveyFormatError(
            f"{table.where}: row 1 holds numbers ({', '.join(numeric[:4])}, ...) where column "
            "names are expected: the file has no header row, so it is not a survey export as "
            "saved by a survey tool. Add a header row with the question names, or export the "
            "survey again with its headers."
        )
    if not filled:
        raise SurveyFormatError(
            f"{table.where}: the header row is empty. Expected one column name per question; "
            "if the header starts lower down, pass header_rows=... (source='generic')."
        )


def read_one_row(table: Table, detection: Detection, spec: OneRowSpec) -> RawExport:
    """Build a :class:`RawExport` for a format with (usually) one header row.

    Parameters
    ----------
    table : Table
        The file's rows.
    detection : Detection
        The format and its number of header rows (``generic`` may have several:
        row 1 the questions, the last row the sub-labels).
    spec : OneRowSpec
        The format's rules.

    Returns
    -------
    RawExport
        The export with question texts, grid rows, hints and separators.
    """
    hr = detection.header_rows
    notes: list[str] = list(spec.notes)
    header, width = header_block(table, hr)
    _check_table(table, header[0], spec.source)
    data, header, first = load_frame(table, hr, header, width, notes)
    n = data.shape[1]
    raw_names = [h.replace("\ufeff", "").strip() for h in header[0]]
    if hr >= 2:  # generic multi-row header: questions over blanks, sub-labels in the last row
        filled, last = [], ""
        for h in raw_names:
            last = h or last
            filled.append(last)
        texts = [clean_text(h) for h in filled]
        subs_row = [clean_text(c) or None for c in header[-1]]
    else:
        texts = [clean_text(h) for h in raw_names]
        subs_row = [None] * n

    hints: list[str | None] = [None] * n
    question = list(texts)
    sub: list[str | None] = list(subs_row)
    seps: list[str | None] = [None] * n
    flagged = option_columns(data, texts) if spec.header_options else [False] * n
    for i in range(n):
        if flagged[i] and sub[i] is None:
            hints[i], question[i], sub[i] = "multiselect_option", "", texts[i]
            continue
        if spec.special is not None:
            found = spec.special(raw_names[i], texts[i])
            if found is not None:
                hints[i], question[i], sub[i] = found
                continue
        hint = hint_from(spec.hints, raw_names[i], texts[i])
        if hint is not None:
            hints[i] = hint
            continue
        if spec.grid and hr == 1:
            m = GRID.match(texts[i])
            if m:
                question[i], sub[i] = m.group("title").strip(), m.group("row").strip()
    if any(flagged):
        notes.append(
            "Some columns hold one choice each (their only answer is their own header): they "
            "are reported as multi-select options; the export does not carry the question "
            "text for them."
        )

    # Question ids: consecutive columns sharing a question text (grid rows, multi-row headers).
    qid: list[str | None] = [None] * n
    names = [""] * n
    serial = 0
    i = 0
    while i < n:
        if hints[i] in _META:
            names[i] = raw_names[i] or f"column_{i + 1}"
            i += 1
            continue
        j = i + 1
        if sub[i] is not None:
            while (
                j < n and sub[j] is not None and question[j] == question[i] and hints[j] == hints[i]
            ):
                j += 1
        serial += 1
        stem = f"Q{serial}"
        if j - i > 1:
            for k in range(i, j):
                qid[k] = stem if spec.rename_questions else _stem(raw_names[i:j]) or stem
                names[k] = (
                    f"{stem}_{k - i + 1}"
                    if spec.rename_questions
                    else raw_names[k] or f"{stem}_{k - i + 1}"
                )
        else:
            names[i] = stem if spec.rename_questions else raw_names[i] or f"column_{i + 1}"
        i = j

    # Checkbox answers joined in one cell.
    for i in range(n):
        if hints[i] is not None or not spec.separators:
            continue
        col = data.iloc[:, i]
        if not col.notna().any():
            continue
        present = [s for s in spec.separators if col.str.contains(s, regex=False, na=False).any()]
        if not present:
            continue
        sep = joined_separator(col, present)
        if sep is not None:
            hints[i] = "multiselect_joined"
            seps[i] = sep

    columns = [
        RawColumn(
            name=names[i],
            original_name=header[0][i],
            question_id=qid[i],
            question=question[i] if hints[i] == "multiselect_option" else question[i] or names[i],
            sub_label=sub[i],
            hint=hints[i],
            separator=seps[i],
            position=i,
        )
        for i in range(n)
    ]
    answers = [i for i in range(n) if hints[i] is None and data.iloc[:, i].notna().any()]
    kind = "text"
    if answers and all(looks_numeric(data.iloc[:, i]) for i in answers):
        kind = "unknown"  # all numbers: codes or genuine numbers, the file does not say
    return finish(
        table,
        data,
        columns,
        source=spec.source,
        reason=detection.reason,
        header_rows=hr,
        first_data_row=first,
        export_kind=kind,
        notes=notes,
    )


def _stem(names: Sequence[str]) -> str:
    """Common prefix of grouped column names, trimmed at a separator (``q_tools__``)."""
    if not names:
        return ""
    lo, hi = min(names), max(names)
    k = 0
    while k < min(len(lo), len(hi)) and lo[k] == hi[k]:
        k += 1
    return lo[:k].rstrip(" _-[.:")


def option_columns(data: pd.DataFrame, headers: Sequence[str]) -> list[bool]:
    """Columns whose only non-blank value is their own header (one column per choice)."""
    from personakit.io._survey_common import option_value, same_label

    out = []
    for i, h in enumerate(headers):
        value = option_value(data.iloc[:, i])
        out.append(value is not None and same_label(value, h))
    return out

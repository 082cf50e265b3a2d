"""SurveyMonkey exports (CSV or XLSX; text or numeric; with or without an analyst row).

The layout: row 1 holds the metadata names (``Respondent ID``, ``Collector ID``,
``Start Date``, ``End Date``, ``IP Address``, ``Email Address``, ``First Name``,
``Last Name``, ``Custom Data 1``) and each question's text over its first
column, with blanks (or the same text repeated) over the question's other
columns; row 2 says what each column is: ``Response`` (single choice),
``Open-Ended Response`` (text box), an option label (multi-select, or a
single choice spread over one column per option), a grid row label (matrix),
``Other (please specify)``, or a comment prompt. Some published datasets add
a row of question numbers on top (the OSPO survey 2024); it becomes the
``question_id``.

Columns are named ``Q1``, ``Q2_1``, ... (or ``q1_1`` from the analyst row);
metadata keep their header. A question whose option columns each hold one
constant value (the option's own label in a text export, or a distinct code per
column in a numeric export) is reported as ``multiselect_option`` columns, with
``value_labels`` ``{code: label}`` in numeric exports.
"""

from __future__ import annotations

import re

import pandas as pd

from personakit.io._detect import Detection
from personakit.io._raw import RawColumn, RawExport
from personakit.io._survey_common import (
    GENERIC_HINTS,
    clean_text,
    finish,
    header_block,
    hint_from,
    load_frame,
    looks_numeric,
    norm_key,
    option_state,
    option_value,
    same_label,
    text_hint,
)
from personakit.io._survey_table import Table

__all__ = ["read_surveymonkey"]

SM_HINTS = {
    **GENERIC_HINTS,
    "respondentid": "id",
    "collectorid": "metadata",
    "startdate": "date",
    "enddate": "date",
    "datecreated": "date",
    "datemodified": "date",
    "ipaddress": "pii",
    "emailaddress": "pii",
    "firstname": "pii",
    "lastname": "pii",
    "language": "metadata",
}
_OTHER = re.compile(r"\bother\b.*\bplease\b|\bplease (specify|explain|describe)\b", re.IGNORECASE)
_SINGLE = {"response"}
_SELECT_ONE = re.compile(r"\b(select|choose|pick|check) (only )?one\b", re.IGNORECASE)
_OPEN = {"open-ended response", "open ended response"}


def _meta_hint(r1: str, r2: str) -> str | None:
    if r2 and norm_key(r2) != norm_key(r1):
        return None
    if re.fullmatch(r"customdata\d*", norm_key(r1)):
        return "metadata"
    return hint_from(SM_HINTS, r1)


def read_surveymonkey(table: Table, detection: Detection) -> RawExport:
    """Build a :class:`RawExport` from a SurveyMonkey export.

    Parameters
    ----------
    table : Table
        The file's rows (CSV or worksheet).
    detection : Detection
        ``surveymonkey``, with 2 header rows (3 with an analyst row on top).

    Returns
    -------
    RawExport
        One column per export column, with question texts, sub-labels and hints.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from personakit.io import read_raw_export
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "sm.csv"
    >>> _ = path.write_text(
    ...     "Respondent ID,Collector ID,Start Date,Which tools do you use?,,How satisfied are you?\\n"
    ...     ",,,Slack,Email,Response\\n"
    ...     "11676764933,414754235,06/08/2020 10:36:30 AM,Slack,,Very satisfied\\n"
    ...     "11679767710,414754235,06/09/2020 07:24:48 AM,Slack,Email,Neutral\\n",
    ...     encoding="utf-8",
    ... )
    >>> raw = read_raw_export(path)
    >>> [(c.name, c.hint, c.sub_label) for c in raw.columns][3:]
    [('Q1_1', 'multiselect_option', 'Slack'), ('Q1_2', 'multiselect_option', 'Email'), ('Q2', None, None)]
    """
    hr = detection.header_rows
    notes: list[str] = []
    header, width = header_block(table, hr)
    data, header, first = load_frame(table, hr, header, width, notes)
    n = data.shape[1]
    if detection.analyst_row:
        qnums = [c.strip() for c in header[0]]
        r1, r2 = header[1], header[2]
    else:
        qnums = [""] * n
        r1, r2 = header[0], header[1]
    r1c = [clean_text(c) for c in r1]
    r2c = [clean_text(c) for c in r2]

    hints: list[str | None] = [None] * n
    question = [""] * n
    sub: list[str | None] = [None] * n
    names = [""] * n
    qid: list[str | None] = [None] * n

    # Split the columns into metadata and questions (runs of columns).
    groups: list[list[int]] = []
    current_text = None
    for i in range(n):
        meta = _meta_hint(r1c[i], r2c[i]) if r1c[i] else None
        if meta is not None and not qnums[i]:
            hints[i] = meta
            names[i] = r1[i].strip()
            question[i] = r1c[i]
            current_text = None
            continue
        starts = bool(qnums[i]) or (r1c[i] and r1c[i] != current_text) or current_text is None
        if starts:
            groups.append([i])
            current_text = r1c[i]
        else:
            groups[-1].append(i)

    serial = 0
    for members in groups:
        serial += 1
        text = r1c[members[0]]
        qname = qnums[members[0]] or f"Q{serial}"
        labels = [r2c[i] for i in members]
        for i in members:
            question[i] = text
        if len(members) == 1:
            i = members[0]
            names[i] = qname
            low = labels[0].lower()
            if low in _OPEN:
                hints[i] = text_hint(data.iloc[:, i])
            elif low not in _SINGLE and labels[0] and labels[0] != text:
                sub[i] = labels[0]
                qid[i] = qname
            continue
        for k, i in enumerate(members, start=1):
            names[i] = f"{qname}_{k}"
            qid[i] = qname
        answer_cols = []
        others = []
        for i, label in zip(members, labels):
            low = label.lower()
            if low in _SINGLE:
                continue
            if low in _OPEN:
                hints[i] = text_hint(data.iloc[:, i])
                continue
            sub[i] = label or None
            if _OTHER.search(label):
                others.append(i)
            else:
                answer_cols.append(i)
        # An "Other (please specify)" column is a checkbox when it only ever holds its label,
        # or when the same label heads the next column too (checkbox, then its text box).
        for i in others:
            value = option_value(data.iloc[:, i])
            twin = i + 1 in others and r2c[i + 1] == r2c[i]
            if (value is not None and same_label(value, sub[i])) or (twin and value is None):
                answer_cols.append(i)
            else:
                hints[i] = "other_text"
        answer_cols.sort()
        has_response = any(lab.lower() in _SINGLE for lab in labels)
        if answer_cols and _options(data, answer_cols, sub):
            for i in answer_cols:
                hints[i] = "multiselect_option"
        elif has_response:
            for i in answer_cols:  # comment boxes next to a single-choice answer
                if not looks_numeric(data.iloc[:, i]):
                    hints[i] = "text"

    for members in groups:
        options = [i for i in members if hints[i] == "multiselect_option"]
        if len(options) >= 2 and _SELECT_ONE.search(question[members[0]]):
            chosen = data.iloc[:, options].notna().sum(axis=1)
            if int(chosen.max()) <= 1:
                notes.append(
                    f"Columns {names[options[0]]}..{names[options[-1]]} spread a single-choice "
                    "question over one column per option (its text says 'select one' and no "
                    "respondent chose two); they are reported as options of one question."
                )

    export_kind = _export_kind(data, hints, sub)
    columns = []
    for i in range(n):
        value_labels = None
        if hints[i] == "multiselect_option" and export_kind == "numeric" and sub[i]:
            value = option_value(data.iloc[:, i])
            if value is not None:
                value_labels = {value: sub[i]}
        columns.append(
            RawColumn(
                name=names[i] or r1[i].strip() or f"column_{i + 1}",
                original_name=r1[i] if r1[i].strip() else r2[i],
                question_id=qid[i],
                question=question[i] or r2c[i] or names[i],
                sub_label=sub[i],
                hint=hints[i],
                value_labels=value_labels,
                position=i,
            )
        )
    return finish(
        table,
        data,
        columns,
        source="surveymonkey",
        reason=detection.reason,
        header_rows=hr,
        first_data_row=first,
        export_kind=export_kind,
        notes=notes,
    )


def _options(data: pd.DataFrame, cols: list[int], sub: list[str | None]) -> bool:
    """Whether each column holds one constant value: its label, or a code unique to it."""
    codes = []
    seen = False
    for i in cols:
        value, filled = option_state(data.iloc[:, i])
        if value is None:
            if filled:
                return False
            continue
        seen = True
        if same_label(value, sub[i]):
            continue
        if looks_numeric(pd.Series([value])):
            codes.append(value.strip())
            continue
        return False
    return seen and len(codes) == len(set(codes))


def _export_kind(data: pd.DataFrame, hints: list[str | None], sub: list[str | None]) -> str:
    options = [i for i, h in enumerate(hints) if h == "multiselect_option"]
    for i in options:
        value = option_value(data.iloc[:, i])
        if value is not None and same_label(value, sub[i]):
            return "text"
    answers = [i for i, h in enumerate(hints) if h in (None, "multiselect_option")]
    filled = [i for i in answers if data.iloc[:, i].notna().any()]
    if not filled:
        return "unknown"
    numeric = sum(looks_numeric(data.iloc[:, i]) for i in filled)
    return "numeric" if numeric >= 0.9 * len(filled) else "text"

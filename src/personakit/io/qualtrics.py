"""Qualtrics exports: current 3-header CSV/TSV/XLSX, 2016 "Insights" and legacy layouts.

What the header rows say, and how it lands in each :class:`RawColumn`:

- **Row 1, export tags** (``Q5_1``, ``mc_question_five_2_TEXT``) become
  ``RawColumn.name`` (made unique with ``.2`` when an export repeats a tag, as
  Qualtrics does with duplicate ``Status`` columns). Legacy exports name their
  metadata ``V1..V10``; those columns are named by their row-2 label
  (``ResponseID``, ``StartDate``, ...), ``original_name`` keeps ``V1``.
- **Row 2, question text** is split into ``question`` and ``sub_label`` (the
  grid statement or choice): the longest text shared by all columns of the
  question, cut at ``" - "`` (current exports) or ``"-"`` (legacy/Insights).
  Qualtrics' ``Selected Choice`` and ``Text`` markers are dropped from the
  sub-label.
- **Row 3, import ids** (JSON ``{"ImportId":"QID5_1"}``, or Python-dict
  ``{'ImportId': 'QID5-1'}`` in Insights exports) become ``import_id``
  (``QID5_1``; a ``choiceId`` is appended) and group the columns of one
  question (``question_id``: the export tags' common stem, ``Q5``). Without
  row 3 (legacy), columns are grouped by tag stem, then by shared question text.
- **Hints**: the standard metadata fields (dates, ``Status``, ``Progress``,
  ``Duration (in seconds)``, ``Finished``, ``ResponseId``, recipient and
  location fields as ``pii``, ``Q_RecaptchaScore`` and other ``Q_`` fields as
  ``metadata``); ``QIDn_TEXT`` text-entry questions as ``text`` (unless every answer is a
  number: numeric entry boxes are text-entry questions too); ``_TEXT``
  columns of a choice question as ``other_text``; Text iQ topic columns and
  display-order (``_DO``) columns as ``metadata``; a question whose columns each
  hold one constant value (``1``, the column's recode, or the choice text
  itself) as ``multiselect_option``.
- **export_kind**: ``numeric`` when Status (or, without it, the question
  columns) holds codes, else ``text``.

An optional QSF survey definition (``qsf=``) adds ``value_labels`` (recode ->
choice text, in the survey's order) to the columns of multiple-choice and
matrix questions, so numeric exports keep their labels and Likert order.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from personakit._errors import SurveyFormatError
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
    option_state,
    option_value,
    same_label,
    text_hint,
    unique_names,
)
from personakit.io._survey_table import Table

__all__ = ["read_qualtrics"]

QUALTRICS_HINTS = {
    **GENERIC_HINTS,
    "startdate": "date",
    "enddate": "date",
    "recordeddate": "date",
    "status": "status",
    "ipaddress": "pii",
    "progress": "progress",
    "durationinseconds": "duration",
    "duration": "duration",
    "finished": "finished",
    "responseid": "id",
    "recordid": "id",
    "responseset": "metadata",
    "responsesetid": "metadata",
    "name": "pii",
    "recipientlastname": "pii",
    "recipientfirstname": "pii",
    "recipientemail": "pii",
    "externalreference": "pii",
    "externaldatareference": "pii",
    "emailaddress": "pii",
    "locationlatitude": "pii",
    "locationlongitude": "pii",
    "locationaccuracy": "metadata",
    "distributionchannel": "metadata",
    "userlanguage": "metadata",
}

_STEM = re.compile(r"^(?P<stem>.+?)(?P<part>(?:#\d+)?(?:_-?\d+)*(?:_TEXT)?|_DO(?:_.*)?)$")
_QID = re.compile(r"^(?:\d+_)?QID\d+", re.IGNORECASE)
_DERIVED = re.compile(r"(Topics|ParentTopics|Sentiment\w*|Actionability)$", re.IGNORECASE)
_IMPORT_FIELD = re.compile(r"""['"]ImportId['"]\s*:\s*['"]([^'"]*)['"]""", re.IGNORECASE)


def _tag_stem(tag: str) -> str:
    m = _STEM.match(tag)
    return m.group("stem") if m and m.group("stem") else tag


def _parse_import(cell: str) -> dict[str, Any] | None:
    cell = cell.strip()
    if not cell.startswith("{"):
        return None
    for parse in (json.loads, ast.literal_eval):
        try:
            value = parse(cell)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
        if isinstance(value, dict):
            return {str(k): v for k, v in value.items()}
    m = _IMPORT_FIELD.search(cell)
    return {"ImportId": m.group(1)} if m else None


def _import_id(info: dict[str, Any] | None) -> str | None:
    if not info or not info.get("ImportId"):
        return None
    iid = str(info["ImportId"])
    if _QID.match(iid):
        iid = iid.replace("-", "_")
    choice = info.get("choiceId")
    if choice not in (None, "") and not iid.endswith(f"_{choice}"):
        iid = f"{iid}_{choice}"
    return iid


def _split_main(texts: list[str]) -> tuple[str, list[str | None]] | None:
    """The longest question text shared by ``texts`` and each column's remainder."""
    if not texts or not texts[0]:
        return None
    for sep in (" - ", "-"):
        first = texts[0]
        cands = {first[: m.start()].strip() for m in re.finditer(re.escape(sep), first)}
        cands.add(first)
        for main in sorted((c for c in cands if c), key=len, reverse=True):
            subs: list[str | None] = []
            for t in texts:
                if t == main:
                    subs.append(None)
                elif t.startswith(main + sep) or t.startswith(main + sep.strip()):
                    rest = t[len(main) :].strip()
                    rest = (
                        rest[len(sep.strip()) :].strip() if rest.startswith(sep.strip()) else rest
                    )
                    subs.append(rest or None)
                else:
                    break
            else:
                if any(s is not None for s in subs):
                    return main, subs
    return None


def _clean_sub(sub: str | None) -> str | None:
    if sub is None:
        return None
    sub = re.sub(r"^Selected Choice(?:\s*-\s*|$)", "", sub).strip()
    sub = re.sub(r"(?:\s*-\s*|^)(?:Text|TEXT)$", "", sub).strip()
    return sub or None


def read_qualtrics(
    table: Table, detection: Detection, *, qsf: str | Path | None = None
) -> RawExport:
    """Build a :class:`RawExport` from a Qualtrics export of any generation.

    Parameters
    ----------
    table : Table
        The file's rows (CSV/TSV or worksheet).
    detection : Detection
        ``qualtrics``, ``qualtrics_insights`` or ``qualtrics_legacy`` with its header rows.
    qsf : str or Path, optional
        The survey's ``.qsf`` definition, to add value labels to choice questions.

    Returns
    -------
    RawExport
        One column per export column, with question texts, ids and hints.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from personakit.io import read_raw_export
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "qualtrics.csv"
    >>> _ = path.write_text(
    ...     'ResponseId,Status,Q1_1,Q1_2,Q2\\n'
    ...     'Response ID,Response Type,"Rate us - Speed","Rate us - Price",Why?\\n'
    ...     '"{""ImportId"":""_recordId""}","{""ImportId"":""status""}",'
    ...     '"{""ImportId"":""QID1_1""}","{""ImportId"":""QID1_2""}","{""ImportId"":""QID2_TEXT""}"\\n'
    ...     'R_1,IP Address,Good,Poor,"Too slow, honestly"\\n'
    ...     'R_2,Survey Preview,Excellent,Good,\\n',
    ...     encoding="utf-8",
    ... )
    >>> raw = read_raw_export(path)
    >>> raw.source, raw.id_column, raw.export_kind
    ('qualtrics', 'ResponseId', 'text')
    >>> [(c.name, c.question_id, c.question, c.sub_label, c.hint) for c in raw.columns[2:]]
    [('Q1_1', 'Q1', 'Rate us', 'Speed', None), ('Q1_2', 'Q1', 'Rate us', 'Price', None), ('Q2', None, 'Why?', None, 'text')]
    """
    hr = detection.header_rows
    notes: list[str] = []
    header, width = header_block(table, hr)
    data, header, first = load_frame(table, hr, header, width, notes)
    n = data.shape[1]
    tags = [c.replace("\ufeff", "").strip() for c in header[0]]
    texts = [clean_text(c) for c in header[1]] if hr >= 2 else [""] * n
    infos = [_parse_import(c) for c in header[2]] if hr >= 3 else [None] * n
    imports = [_import_id(i) for i in infos]
    legacy = detection.source == "qualtrics_legacy"
    if hr >= 3 and not any(imports):
        raise SurveyFormatError(
            f'{table.where}: row 3 should hold the import ids ({{"ImportId": ...}}) of a '
            "Qualtrics export but none could be read. Pass source='qualtrics_legacy' (2 header "
            "rows) or source='generic' with header_rows=..."
        )

    # Names: export tags; legacy V1..V10 are named by their row-2 label.
    names = []
    for i, tag in enumerate(tags):
        if legacy and re.fullmatch(r"V\d+", tag) and texts[i]:
            names.append(texts[i])
        elif tag:
            names.append(tag)
        else:
            names.append(texts[i][:40] if texts[i] else f"column_{i + 1}")
    names = unique_names(names)

    # Metadata hints.
    hints: list[str | None] = [None] * n
    for i in range(n):
        iid = imports[i] or ""
        if iid and _QID.match(iid):
            if re.search(r"_DO(_|$)", iid) or re.search(r"_DO(_|$)", tags[i]):
                hints[i] = "metadata"
            continue
        field = iid.split("-")[-1] if iid else ""
        hint = hint_from(QUALTRICS_HINTS, field, names[i], tags[i])
        if hint is None and re.match(r"^Q_[A-Za-z]", tags[i]):
            hint = "metadata"
        if hint is None and (tags[i].endswith("_DO") or "_DO_" in tags[i]):
            hint = "metadata"
        if hint is None and re.search(r"_NPS_GROUP$", tags[i]):
            hint = "metadata"
        hints[i] = hint

    # Group the columns of one question.
    stems = [_tag_stem(t) for t in tags]
    suffixed = [stems[i] for i in range(n) if hints[i] is None and stems[i] != tags[i]]
    keys: list[tuple[str, str] | None] = [None] * n
    for i in range(n):
        if hints[i] is not None and hints[i] != "metadata":
            continue
        iid = imports[i]
        if iid and _QID.match(iid):
            keys[i] = ("qid", _QID.match(iid).group(0).upper())
        elif hints[i] is None and (stems[i] != tags[i] or tags[i] in suffixed):
            keys[i] = ("stem", stems[i])
    # A stem shared by no other column says nothing: let it join a run of shared text.
    stem_size: dict[tuple[str, str] | None, int] = {}
    for key in keys:
        stem_size[key] = stem_size.get(key, 0) + 1
    for i, key in enumerate(keys):
        if key is not None and key[0] == "stem" and stem_size[key] == 1:
            keys[i] = None
    # Legacy tags without a stem (statement export tags): group runs sharing question text.
    i = 0
    run_id = 0
    while i < n:
        if keys[i] is not None or hints[i] is not None:
            i += 1
            continue
        j = i + 1
        while j < n and keys[j] is None and hints[j] is None:
            if _split_main(texts[i : j + 1]) is None:
                break
            j += 1
        if j - i >= 2:
            run_id += 1
            for k in range(i, j):
                keys[k] = ("run", str(run_id))
        i = max(j, i + 1)

    groups: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(keys):
        if key is not None:
            groups.setdefault(key, []).append(i)

    question = list(texts)
    sub: list[str | None] = [None] * n
    qid: list[str | None] = [None] * n
    used_ids: set[str] = set()
    for key, members in groups.items():
        member_tags = [tags[i] for i in members]
        qstems = {stems[i] for i in members}
        if key[0] == "run":
            gid = names[members[0]]
        elif len(qstems) == 1:
            gid = next(iter(qstems))
        else:
            gid = _common_prefix(member_tags).rstrip("_#- ") or names[members[0]]
        if gid in used_ids:
            gid = names[members[0]]
        used_ids.add(gid)
        derived = [
            i for i in members if _DERIVED.search(imports[i] or "") or _DERIVED.search(tags[i])
        ]
        core = [i for i in members if i not in derived and hints[i] is None]
        split = _split_main([texts[i] for i in core]) if len(core) >= 2 else None
        if split is not None:
            main, subs = split
            for i, s in zip(core, subs):
                question[i] = main
                sub[i] = _clean_sub(s)
        elif len(core) == 1 and stems[core[0]] != tags[core[0]] and " - " in texts[core[0]]:
            i = core[0]
            main, rest = texts[i].split(" - ", 1)
            question[i], sub[i] = main.strip(), _clean_sub(rest)
        parent = next((question[i] for i in core if question[i]), None)
        for i in derived:
            hints[i] = "metadata"
            label = _DERIVED.search(imports[i] or "") or _DERIVED.search(tags[i])
            sub[i] = label.group(1) if label else None
            if parent:
                question[i] = parent
        for i in members:
            if len(members) > 1 or stems[i] != tags[i]:
                qid[i] = gid

        # Content hints for the question's columns.
        def is_text(i: int) -> bool:
            return (imports[i] or "").upper().endswith("_TEXT") or tags[i].upper().endswith("_TEXT")

        text_cols = [i for i in core if is_text(i)]
        choice_cols = [i for i in core if not is_text(i)]
        if text_cols and not choice_cols:
            for i in text_cols:
                hints[i] = text_hint(data.iloc[:, i])
        else:
            for i in text_cols:
                hints[i] = "other_text"
        parts = [i for i in choice_cols if stems[i] != tags[i] or sub[i] is not None]
        if len(parts) >= 1 and len(choice_cols) == len(parts) and _options(data, parts, tags, sub):
            for i in parts:
                hints[i] = "multiselect_option"

    # A text-entry question on its own: ImportId QIDn_TEXT.
    for i in range(n):
        if keys[i] is None and hints[i] is None and (imports[i] or "").upper().endswith("_TEXT"):
            hints[i] = text_hint(data.iloc[:, i])

    export_kind = _export_kind(data, hints)
    columns = []
    for i in range(n):
        value_labels = None
        if hints[i] == "multiselect_option" and export_kind == "numeric":
            value = option_value(data.iloc[:, i])
            if value is not None and sub[i]:
                value_labels = {value: sub[i]}
        columns.append(
            RawColumn(
                name=names[i],
                original_name=header[0][i],
                question_id=qid[i],
                question=question[i] or names[i],
                sub_label=sub[i],
                import_id=imports[i],
                hint=hints[i],
                value_labels=value_labels,
                position=i,
            )
        )
    zones = sorted({str(x["timeZone"]) for x in infos if x and x.get("timeZone")})
    if zones:
        dated = [names[i] for i in range(n) if infos[i] and infos[i].get("timeZone")]
        notes.append(
            f"Dates in {', '.join(dated)} are in time zone {', '.join(zones)} (from row 3)."
        )
    if qsf is not None:
        from personakit.io._survey_qsf import apply_qsf

        apply_qsf(columns, qsf, export_kind, notes)
    return finish(
        table,
        data,
        columns,
        source=detection.source,
        reason=detection.reason,
        header_rows=hr,
        first_data_row=first,
        export_kind=export_kind,
        notes=notes,
    )


def _common_prefix(items: list[str]) -> str:
    if not items:
        return ""
    lo, hi = min(items), max(items)
    k = 0
    while k < len(lo) and k < len(hi) and lo[k] == hi[k]:
        k += 1
    return lo[:k]


def _options(data: pd.DataFrame, cols: list[int], tags: list[str], sub: list) -> bool:
    """Whether every column holds one constant value marking the option as chosen."""
    seen = False
    for i in cols:
        value, filled = option_state(data.iloc[:, i])
        if value is None:
            if filled:
                return False
            continue
        seen = True
        v = value.strip()
        if v == "1" or same_label(v, sub[i]) or tags[i].endswith(f"_{v}"):
            continue
        return False
    return seen


def _export_kind(data: pd.DataFrame, hints: list[str | None]) -> str:
    status = [i for i, h in enumerate(hints) if h == "status"]
    if status:
        col = data.iloc[:, status[0]]
        if col.notna().any():
            return "numeric" if looks_numeric(col) else "text"
    answers = [i for i, h in enumerate(hints) if h in (None, "multiselect_option")]
    filled = [i for i in answers if data.iloc[:, i].notna().any()]
    if not filled:
        return "unknown"
    numeric = sum(looks_numeric(data.iloc[:, i]) for i in filled)
    return "numeric" if numeric >= 0.9 * len(filled) else "text"

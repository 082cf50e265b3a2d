"""Journey map exports: the JSON schema, tables, Markdown, CSV and XLSX.

JSON schema (``schema="personakit.journey_map"``, ``schema_version=1``)
-----------------------------------------------------------------------
``JourneyMap.to_dict()`` returns (keys sorted when written by ``to_json``)::

    {
      "schema": "personakit.journey_map",
      "schema_version": 1,
      "journey": {                      # Journey.to_dict()
        "name": str, "kind": "persona" | "brand" | "handoff",
        "stages": [{"name", "label", "description", "goals", "actions",
                    "touchpoints", "needs", "content_preferences", "examples"}],
        "participation": [{"persona", "stage", "level", "source", "reason"}],
        "aliases": {old stage name: stage name},
        "split_from": {old stage name: [new stage names]}
      },
      "personas": [{"id", "name", "size", "share", "n_evidence", "unstaged"}],
      "settings": {"min_evidence", "min_sources", "confidence", "top_pain_points",
                   "n_quotes", "keep_pii", "stage_map"},
      "summary": {"rows", "not_analysed", "attributed_by_labels", "label_conflicts",
                  "unattributed",
                  "unstaged": {persona: count}, "used", "insufficient_cells",
                  "survey_unmapped": [variable]},
      "cells": [cell, ...],             # one per persona × stage, persona-major
      "overall": [cell, ...]            # one all-personas cell per stage
    }

Each ``cell`` is ``JourneyCell.to_dict()``: ``persona`` (id, or null in
``overall``), ``stage``, ``n``, ``n_sources``, ``sufficient``, ``note``,
``valence_mean``/``valence_low``/``valence_high`` (null when not sufficient),
``interval_method``, ``emotions`` [{emotion, count, share}],
``dominant_emotion``, ``pain_points`` [{theme, pain_type, count, n_sources,
share, spread, negativity, severity, mean_valence, quotes, source}],
``n_pain``, ``quotes`` [{text, evidence_id, source, line, interview_id,
respondent_id, valence, emotion}], the lanes ``goals, actions, touchpoints,
needs, content, answers, pain_survey, scores, opportunities, notes`` (lists of
``{text, source, ...}``; ``source`` is ``stage``, ``survey``, ``derived``,
``evidence`` or ``workshop``), ``participation`` ({level, source, reason} or
null) and ``evidence_ids``. Floats are rounded to 10 significant digits and
NaN is written as null.

Spreadsheet safety
------------------
CSV and XLSX exports go through :func:`safe_spreadsheet_frame`, which prefixes
text that a spreadsheet would run as a formula with ``'``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import JourneyError
from personakit.journey._cells import JourneyCell
from personakit.journey._format import (
    emotion_text,
    fmt_pct,
    lane_texts,
    pain_text,
    participation_text,
    valence_text,
)
from personakit.journey._model import Journey, persona_key

__all__ = [
    "FRAME_COLUMNS",
    "cells_frame",
    "map_from_dict",
    "map_to_dict",
    "quotes_frame",
    "safe_spreadsheet_frame",
    "to_markdown",
]

FRAME_COLUMNS = (
    "persona",
    "persona_name",
    "stage",
    "stage_label",
    "n",
    "n_sources",
    "sufficient",
    "note",
    "valence_mean",
    "valence_low",
    "valence_high",
    "dominant_emotion",
    "dominant_emotion_share",
    "emotions",
    "n_pain",
    "top_pain_point",
    "top_pain_type",
    "top_pain_count",
    "top_pain_severity",
    "pain_points",
    "touchpoints",
    "scores",
    "goals",
    "actions",
    "opportunities",
    "notes",
    "participation",
    "participation_source",
)
"""Columns of :meth:`JourneyMap.to_frame`: one row per persona × stage cell.
List-like lanes are joined with ``"; "``; numbers are NaN when the cell has
too little evidence."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(_FORMULA_START) or value.lstrip(" \n").startswith(("=", "+", "-", "@")):
        return "'" + value
    return value


def safe_spreadsheet_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` that is safe to open in Excel, LibreOffice or Google Sheets.

    A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return (or with ``=``, ``+``, ``-``, ``@`` after leading spaces) would be
    run as a formula when the file is opened (CSV/formula injection); such
    cells get a leading ``'`` so they are shown as text. Column names and
    index labels are treated the same way. Numbers, booleans and missing values
    are left alone; the input frame is not modified.

    Parameters
    ----------
    df : pandas.DataFrame
        Any table about to be written to CSV or XLSX.

    Returns
    -------
    pandas.DataFrame
        The neutralised copy.

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit.journey import safe_spreadsheet_frame
    >>> df = pd.DataFrame({"quote": ["=1+1", "fine", "-2+3", "@SUM(A1)", "\\tcmd"],
    ...                    "n": [-1, 2, 3, 4, 5]})
    >>> safe_spreadsheet_frame(df)["quote"].tolist()
    ["'=1+1", 'fine', "'-2+3", "'@SUM(A1)", "'\\tcmd"]
    >>> safe_spreadsheet_frame(df)["n"].tolist()
    [-1, 2, 3, 4, 5]
    """
    if not isinstance(df, pd.DataFrame):
        raise JourneyError(
            f"safe_spreadsheet_frame: expected a pandas DataFrame, got {type(df).__name__}."
        )
    out = df.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            out[column] = series.map(_neutralise).astype(series.dtype)
    out.columns = [_neutralise(c) if isinstance(c, str) else c for c in out.columns]
    if out.index.dtype == object or pd.api.types.is_string_dtype(out.index.dtype):
        out.index = pd.Index([_neutralise(v) for v in out.index], name=out.index.name)
    return out


# -- dict / JSON ------------------------------------------------------------------------
def map_to_dict(jm: Any) -> dict[str, Any]:
    from personakit.journey._build import SCHEMA, SCHEMA_VERSION

    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "journey": jm.journey.to_dict(),
        "personas": [dict(p) for p in jm.personas],
        "settings": dict(jm.settings),
        "summary": dict(jm.summary),
        "cells": [c.to_dict() for c in jm.cells],
        "overall": [c.to_dict() for c in jm.overall],
    }


def map_from_dict(cls: Any, data: Mapping[str, Any]) -> Any:
    from personakit.journey._build import SCHEMA, SCHEMA_VERSION

    if not isinstance(data, Mapping):
        raise JourneyError(
            f"JourneyMap.from_dict: expected a dict (JourneyMap.to_dict() or its parsed JSON), got "
            f"{type(data).__name__}."
        )
    if data.get("schema") != SCHEMA:
        raise JourneyError(
            f"JourneyMap.from_dict: schema is {data.get('schema')!r}, expected {SCHEMA!r}; this "
            "is not a journey map written by personakit."
        )
    version = data.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise JourneyError(
            f"JourneyMap.from_dict: schema_version {version!r} is not supported (this personakit "
            f"reads versions up to {SCHEMA_VERSION}); upgrade personakit."
        )
    for key in ("journey", "personas", "cells"):
        if key not in data:
            raise JourneyError(f"JourneyMap.from_dict: the key {key!r} is missing.")
    journey = Journey.from_dict(data["journey"])
    cells = [JourneyCell.from_dict(c) for c in data["cells"]]
    overall = [JourneyCell.from_dict(c) for c in data.get("overall") or []]
    stages = set(journey.stage_names)
    keys = {persona_key(p["id"]) for p in data["personas"]}
    for cell in cells:
        if cell.stage not in stages or persona_key(cell.persona) not in keys:
            raise JourneyError(
                f"JourneyMap.from_dict: cell ({cell.persona!r}, {cell.stage!r}) does not match the "
                "journey's stages or the personas; the file may have been edited by hand."
            )
    return cls(
        journey,
        list(data["personas"]),
        cells,
        overall=overall,
        settings=data.get("settings") or {},
        summary=data.get("summary") or {},
        evidence=None,
    )


# -- tables ------------------------------------------------------------------------------
def cells_frame(jm: Any) -> pd.DataFrame:
    names = jm.persona_names
    labels = jm.journey.labels
    rows = []
    for c in jm.cells:
        top = c.top_pain_point
        dominant_share = next(
            (e["share"] for e in c.emotions if e["emotion"] == c.dominant_emotion), np.nan
        )
        rows.append(
            {
                "persona": c.persona,
                "persona_name": names.get(c.persona, ""),
                "stage": c.stage,
                "stage_label": labels[c.stage],
                "n": c.n,
                "n_sources": c.n_sources,
                "sufficient": c.sufficient,
                "note": c.note,
                "valence_mean": c.valence_mean,
                "valence_low": c.valence_low,
                "valence_high": c.valence_high,
                "dominant_emotion": c.dominant_emotion,
                "dominant_emotion_share": dominant_share,
                "emotions": emotion_text(c, k=len(c.emotions)),
                "n_pain": c.n_pain,
                "top_pain_point": top["theme"] if top else None,
                "top_pain_type": top.get("pain_type") if top else None,
                "top_pain_count": top.get("count") if top else None,
                "top_pain_severity": top.get("severity") if top else None,
                "pain_points": "; ".join(pain_text(p) for p in c.pain_points),
                "touchpoints": "; ".join(lane_texts(c, "touchpoints")),
                "scores": "; ".join(lane_texts(c, "scores")),
                "goals": "; ".join(lane_texts(c, "goals")),
                "actions": "; ".join(lane_texts(c, "actions")),
                "opportunities": "; ".join(lane_texts(c, "opportunities")),
                "notes": "; ".join(lane_texts(c, "notes")),
                "participation": c.participation["level"] if c.participation else None,
                "participation_source": c.participation["source"] if c.participation else None,
            }
        )
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    for column in ("top_pain_count",):
        frame[column] = frame[column].astype("Int64")
    for column in ("top_pain_severity", "dominant_emotion_share"):
        frame[column] = frame[column].astype(float)
    return frame


QUOTE_COLUMNS = (
    "persona",
    "persona_name",
    "stage",
    "kind",
    "theme",
    "text",
    "evidence_id",
    "source",
    "line",
    "emotion",
    "valence",
)


def quotes_frame(jm: Any) -> pd.DataFrame:
    names = jm.persona_names
    rows = []
    for c in jm.cells:
        for q in c.quotes:
            rows.append(
                {"persona": c.persona, "stage": c.stage, "kind": "cell", "theme": None, **q}
            )
        for p in c.pain_points:
            for q in p.get("quotes", []):
                rows.append(
                    {
                        "persona": c.persona,
                        "stage": c.stage,
                        "kind": "pain_point",
                        "theme": p["theme"],
                        **q,
                    }
                )
    frame = pd.DataFrame(rows)
    if not len(frame):
        return pd.DataFrame(columns=list(QUOTE_COLUMNS))
    frame["persona_name"] = frame["persona"].map(lambda p: names.get(p, ""))
    frame["line"] = pd.to_numeric(frame["line"], errors="coerce").astype("Int64")
    frame["valence"] = pd.to_numeric(frame["valence"], errors="coerce")
    return frame[list(QUOTE_COLUMNS)]


def _table(jm: Any, table: str) -> pd.DataFrame:
    if table == "cells":
        return jm.to_frame()
    if table == "quotes":
        return jm.quotes_frame()
    if table == "pain_points":
        return jm.pain_point_table()
    if table == "participation":
        return jm.participation
    raise JourneyError(
        f"table {table!r} is not known; use 'cells', 'quotes', 'pain_points' or 'participation'."
    )


def write_csv(jm: Any, path: str | Path, table: str) -> Path:
    frame = safe_spreadsheet_frame(_table(jm, table))
    path = Path(path)
    frame.to_csv(
        path, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL, encoding="utf-8"
    )
    return path


def write_excel(jm: Any, path: str | Path) -> Path:
    from datetime import datetime

    import openpyxl

    path = Path(path)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for table in ("cells", "quotes", "pain_points", "participation"):
        frame = safe_spreadsheet_frame(_table(jm, table))
        sheet = workbook.create_sheet(table)
        sheet.append([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            sheet.append([_excel_value(v) for v in row])
        for i, column in enumerate(frame.columns, start=1):
            sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width = min(
                60, max(10, len(str(column)) + 2)
            )
    fixed = datetime(2000, 1, 1)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = "personakit"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_fixed_zip_times(buffer.getvalue()))
    return path


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip_times(data: bytes) -> bytes:
    """Rewrite a zip (XLSX) with fixed timestamps so the same table gives the same file.

    Both the zip members' dates and the workbook's "modified" property (which
    openpyxl sets to the time of saving) are fixed.
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            payload = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", payload)
            target.writestr(fixed, payload)
    return out.getvalue()


def _excel_value(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float | np.floating) and not np.isfinite(value):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, list | dict | tuple):
        return str(value)
    return value


# -- Markdown -----------------------------------------------------------------------------
def md_escape(text: Any) -> str:
    """Escape user text for a Markdown table cell (and against raw HTML)."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("|", "\\|").replace("`", "\\`")
    return text


def _cell_md(items: list[str]) -> str:
    return "; ".join(md_escape(i) for i in items) if items else ""


def to_markdown(jm: Any, persona: Any = "all") -> str:
    from personakit.journey._build import _iter_cells

    labels = jm.journey.labels
    names = jm.persona_names
    if isinstance(persona, str) and persona == "all":
        ids = jm.persona_ids
    else:
        ids = [jm._persona_id(persona)]
    out: list[str] = []
    for pid in ids:
        cells = list(_iter_cells(jm, pid))
        info = next(p for p in jm.personas if persona_key(p["id"]) == persona_key(pid))
        out.append(f"# {md_escape(jm.journey.name)}: {md_escape(names[pid])}")
        out.append("")
        share = f", {fmt_pct(info['share'])} of respondents" if info.get("share") else ""
        out.append(
            f"{jm.journey.kind.capitalize()} journey, persona {md_escape(pid)}{share}; "
            f"{info['n_evidence']} evidence sentences on the map "
            f"({info.get('unstaged', 0)} without a stage). Cells with fewer than "
            f"{jm.settings.get('min_evidence', '?')} sentences or "
            f"{jm.settings.get('min_sources', '?')} sources show no valence."
        )
        out.append("")
        header = "| | " + " | ".join(md_escape(labels[c.stage]) for c in cells) + " |"
        out.append(header)
        out.append("|---" * (len(cells) + 1) + "|")
        rows: list[tuple[str, list[str]]] = []
        if any(c.participation for c in cells):
            rows.append(("Participation", [participation_text(c) for c in cells]))
        rows += [
            ("Valence [95% CI], evidence", [valence_text(c) for c in cells]),
            ("Emotions", [emotion_text(c) if c.n else "" for c in cells]),
            ("Pain points", [_cell_md(lane_texts(c, "pain_points")) for c in cells]),
            ("Touchpoints", [_cell_md(lane_texts(c, "touchpoints")) for c in cells]),
            ("Survey scores", [_cell_md(lane_texts(c, "scores")) for c in cells]),
            ("Goals and actions", [_cell_md(lane_texts(c, "goals_actions")) for c in cells]),
            ("Needs", [_cell_md(lane_texts(c, "needs")) for c in cells]),
            ("Opportunities", [_cell_md(lane_texts(c, "opportunities")) for c in cells]),
        ]
        if any(c.notes for c in cells):
            rows.append(("Workshop notes", [_cell_md(lane_texts(c, "notes")) for c in cells]))
        for title, values in rows:
            escaped = [v if title in _PRE_ESCAPED else md_escape(v) for v in values]
            out.append(f"| **{title}** | " + " | ".join(escaped) + " |")
        out.append("")
        out.append("## Quotes")
        out.append("")
        for c in cells:
            quotes = c.quotes
            if not quotes:
                continue
            out.append(f"### {md_escape(labels[c.stage])}")
            out.append("")
            for q in quotes:
                where = q.get("source") or q.get("evidence_id")
                line = f":{q['line']}" if q.get("line") is not None else ""
                out.append(f'- "{md_escape(q["text"])}" ({md_escape(where)}{line})')
            out.append("")
    return "\n".join(out).rstrip() + "\n"


_PRE_ESCAPED = {
    "Needs",
    "Pain points",
    "Touchpoints",
    "Survey scores",
    "Goals and actions",
    "Opportunities",
    "Workshop notes",
}

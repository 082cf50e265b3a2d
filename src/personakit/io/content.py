"""Reading a content inventory: the assets a team can attach to journey stages and personas.

A content inventory is a spreadsheet (CSV, TSV or XLSX) with one row per
asset: a title, a type (blog post, case study, comparison page, onboarding
email, FAQ, ...), the journey stage(s) it serves and the persona(s) it targets,
and optionally an id, tags, a URL and anything else. Column names are matched
loosely (``Content type``, ``asset_type`` and ``Format`` all work); several
stages or personas in one cell are separated by ``;``, ``,`` or ``|``; ``all``
means every stage or persona. The file is only read, never modified.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from personakit._errors import JourneyError, PersonakitWarning

__all__ = ["INVENTORY_COLUMNS", "normalise_inventory", "read_content_inventory"]

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "asset_id": ("asset_id", "id", "content_id", "asset_no", "asset_number", "item_id", "asset"),
    "title": (
        "title",
        "name",
        "asset_name",
        "asset_title",
        "content_title",
        "headline",
        "content_name",
        "content",
    ),
    "type": (
        "type",
        "content_type",
        "asset_type",
        "format",
        "content_format",
        "kind",
        "media_type",
    ),
    "stage": (
        "stage",
        "stages",
        "journey_stage",
        "journey_stages",
        "funnel_stage",
        "buyer_stage",
        "buying_stage",
        "lifecycle_stage",
        "stage_tags",
    ),
    "persona": (
        "persona",
        "personas",
        "persona_tags",
        "persona_tag",
        "target_persona",
        "target_personas",
        "audience",
        "segment",
        "segments",
    ),
    "tags": ("tags", "tag", "keywords", "labels", "collections", "topics", "collection"),
    "url": ("url", "link", "href", "location"),
}

INVENTORY_COLUMNS = (
    "asset_id",
    "title",
    "type",
    "category",
    "category_reason",
    "categories",
    "stages",
    "personas",
    "tags",
    "url",
    "row",
)
"""Leading columns of :func:`read_content_inventory`'s table (other columns follow)."""

_SPLIT = re.compile(r"\s*[;,|]\s*")
_ALL = {"all", "any", "*", "everyone", "all personas", "all stages"}


def _norm(name: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")


def _split(value: Any) -> list[str]:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    parts = [p.strip() for p in _SPLIT.split(str(value)) if p.strip()]
    return list(dict.fromkeys(parts))


def _read_table(path: Path, sheet: str | int | None) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            import openpyxl

            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any openpyxl failure is a bad file
            raise JourneyError(
                f"{path.name}: could not be opened as an Excel workbook ({type(exc).__name__}: "
                f"{exc}). Save it again as .xlsx or export it as CSV."
            ) from None
        names = workbook.sheetnames
        workbook.close()
        if sheet is None:
            if len(names) != 1:
                raise JourneyError(
                    f"{path.name}: the workbook has {len(names)} sheets {names}; pass "
                    "sheet='<name>' to say which one holds the inventory."
                )
            sheet = names[0]
        elif isinstance(sheet, str) and sheet not in names:
            raise JourneyError(f"{path.name}: no sheet {sheet!r}; the sheets are {names}.")
        try:
            return pd.read_excel(
                path, sheet_name=sheet, dtype=str, keep_default_na=False, engine="openpyxl"
            )
        except Exception as exc:  # noqa: BLE001
            raise JourneyError(
                f"{path.name}: sheet {sheet!r} could not be read ({type(exc).__name__}: {exc})."
            ) from None
    if suffix not in (".csv", ".tsv", ".txt", ""):
        raise JourneyError(
            f"{path.name}: a content inventory must be a .csv, .tsv or .xlsx file, not {suffix!r}."
        )
    raw = path.read_bytes()
    if not raw.strip():
        raise JourneyError(
            f"{path.name}: the file is empty; a content inventory needs a header row "
            "(title, type, stage, persona) and one row per asset."
        )
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise JourneyError(
            f"{path.name}: this is not a text file (it contains NUL bytes); give a CSV or XLSX "
            "content inventory."
        )
    text = None
    for encoding in (
        ("utf-8-sig", "utf-16") if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",)
    ):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        text = raw.decode("cp1252", errors="replace")
        warnings.warn(
            f"{path.name}: not valid UTF-8; read as Windows-1252. Check accented characters "
            "in titles.",
            PersonakitWarning,
            stacklevel=3,
        )
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max(("\t", ",", ";"), key=first.count) if first else ","
    if suffix == ".tsv":
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for row in reader:
            rows.append((previous + 1, row))  # the line the record starts on
            previous = reader.line_num
    except csv.Error as exc:
        raise JourneyError(
            f"{path.name}, line {previous + 1}: not a readable CSV file ({exc})."
        ) from None
    rows = [(n, r) for n, r in rows if any(c.strip() for c in r)]
    if not rows:
        raise JourneyError(f"{path.name}: the file has no rows.")
    (_, header), body = rows[0], rows[1:]
    width = len(header)
    for line, row in body:
        if len(row) > width and any(c.strip() for c in row[width:]):
            raise JourneyError(
                f"{path.name}, line {line}: {len(row)} fields but the header has {width}; a title "
                "with a comma probably needs quotes around it."
            )
    frame = pd.DataFrame(
        [(r + [""] * width)[:width] for _, r in body], columns=header, dtype=object
    )
    frame.attrs["lines"] = [line for line, _ in body]
    return frame


def normalise_inventory(
    frame: pd.DataFrame, *, where: str = "inventory", first_row: int = 2
) -> pd.DataFrame:
    """Turn a raw inventory table into the standard one (see :func:`read_content_inventory`).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per asset with (loosely named) title, type and stage columns.
    where : str, default "inventory"
        Name of the file or table, for error messages.
    first_row : int, default 2
        Row number (as a spreadsheet shows it) of the frame's first row.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`INVENTORY_COLUMNS` then the other columns.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"Asset name": ["Plans compared"], "Content type": ["Comparison page"],
    ...                     "Journey stage": ["Consideration"], "Audience": ["P1; P2"]})
    >>> normalise_inventory(raw)[["title", "category", "stages", "personas"]].values.tolist()
    [['Plans compared', 'comparison', ['Consideration'], ['P1', 'P2']]]
    """
    from personakit.journey._content import classify_content, content_categories

    if not isinstance(frame, pd.DataFrame):
        raise JourneyError(f"{where}: expected a table, got {type(frame).__name__}.")
    found: dict[str, str] = {}
    normalised = {c: _norm(c) for c in frame.columns}
    for target, names in _SYNONYMS.items():
        for name in names:
            match = [c for c, n in normalised.items() if n == name and c not in found.values()]
            if match:
                found[target] = match[0]
                break
    missing = [c for c in ("title", "type", "stage") if c not in found]
    if missing:
        raise JourneyError(
            f"{where}: no column for {missing}; the columns are {list(frame.columns)}. A content "
            "inventory needs a title, a type (blog post, case study, ...) and a stage column "
            "(persona and tags are optional); rename the columns or add them."
        )
    lines = frame.attrs.get("lines")
    frame = frame.reset_index(drop=True)
    rows = []
    seen_ids: dict[str, int] = {}
    for i, record in enumerate(frame.to_dict(orient="records")):
        row_no = lines[i] if lines and i < len(lines) else i + first_row

        def cell(key: str, record=record) -> str:
            column = found.get(key)
            if column is None:
                return ""
            value = record[column]
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                return ""
            return str(value).strip()

        if not any(cell(k) for k in ("title", "type", "stage", "persona")):
            continue  # a blank line
        title, type_, stage = cell("title"), cell("type"), cell("stage")
        for key, value in (("title", title), ("type", type_), ("stage", stage)):
            if not value:
                hint = {
                    "title": "give the asset's title",
                    "type": "give its type (blog post, case study, comparison page, FAQ, ...)",
                    "stage": "give the stage(s) it serves, or 'all'",
                }[key]
                raise JourneyError(
                    f"{where}, row {row_no}: {key} (column {found[key]!r}) is empty; {hint}."
                )
        asset_id = cell("asset_id") or f"asset_{row_no}"
        if asset_id in seen_ids:
            raise JourneyError(
                f"{where}, row {row_no}: asset id {asset_id!r} repeats row {seen_ids[asset_id]}; "
                "give every asset its own id."
            )
        seen_ids[asset_id] = row_no
        stages = _split(stage)
        stages = ["all"] if any(s.lower() in _ALL for s in stages) else stages
        personas = _split(cell("persona"))
        personas = ["all"] if not personas or any(p.lower() in _ALL for p in personas) else personas
        tags = _split(cell("tags"))
        category, reason = classify_content(type_, title, tags)
        rows.append(
            {
                "asset_id": asset_id,
                "title": title,
                "type": type_,
                "category": category,
                "category_reason": reason,
                "categories": content_categories(type_, title, tags),
                "stages": stages,
                "personas": personas,
                "tags": tags,
                "url": cell("url") or None,
                "row": row_no,
                **{
                    str(c): record[c]
                    for c in frame.columns
                    if c not in found.values() and str(c) not in INVENTORY_COLUMNS
                },
            }
        )
    if not rows:
        raise JourneyError(f"{where}: the inventory has a header but no assets.")
    out = pd.DataFrame(rows)
    out.attrs["columns_used"] = dict(found)
    return out


def read_content_inventory(path: str | Path, *, sheet: str | int | None = None) -> pd.DataFrame:
    """Read a content inventory (CSV, TSV or XLSX) into a standard table.

    Parameters
    ----------
    path : str or Path
        The inventory file.
    sheet : str or int, optional
        The sheet of a workbook with several sheets.

    Returns
    -------
    pandas.DataFrame
        One row per asset, columns :data:`INVENTORY_COLUMNS` (``stages``,
        ``personas`` and ``tags`` are lists of strings; ``["all"]`` means
        every stage or persona; ``category`` is the kind of content, see
        :data:`personakit.journey.CONTENT_CATEGORIES`, and
        ``category_reason`` says why; ``categories`` adds the kinds its title
        or tags name, e.g. a help article titled "Data protection FAQ" is also
        reassurance; ``row`` is the row number in the file)
        followed by the file's other columns. ``attrs["columns_used"]`` says
        which file column became which field.

    Raises
    ------
    JourneyError
        For a missing, empty, binary or malformed file, a missing title, type
        or stage column, an empty title/type/stage in a row, or a repeated
        asset id; the message names the file, row and column.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from personakit import read_content_inventory
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "content.csv"
    >>> _ = path.write_text(
    ...     "asset_id,title,type,stage,persona\\n"
    ...     "A1,Meal kits 101,Blog post,awareness,all\\n"
    ...     "A2,\\"Plans compared: small, family\\",Comparison page,consideration,1;2\\n")
    >>> inv = read_content_inventory(path)
    >>> inv[["asset_id", "category", "personas"]].values.tolist()
    [['A1', 'educational', ['all']], ['A2', 'comparison', ['1', '2']]]
    """
    path = Path(path)
    if not path.exists():
        raise JourneyError(f"{path}: no such file; check the content inventory's path.")
    if path.is_dir():
        raise JourneyError(f"{path}: is a folder; give the content inventory file (CSV or XLSX).")
    table = _read_table(path, sheet)
    out = normalise_inventory(table, where=path.name, first_row=2)
    out.attrs["path"] = str(path)
    return out

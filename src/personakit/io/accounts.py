"""Read a table of top accounts (one row per account and main contact) as a :class:`Survey`.

B2B teams often start from their top 10 to 50 accounts rather than a survey:
industry, company size, revenue band, region, the main contact's role and
seniority, their buying role, goals, challenges, preferred channels, notes.
:func:`read_accounts` turns such a CSV or Excel table into a
:class:`personakit.Survey` whose codebook says what each column is, so the
segmenter (Gower distance and hierarchical clustering for small n) and
:class:`personakit.PersonaSet` work on it unchanged:

- the account id column (given, or recognised by its header, or the first
  column with unique values), kept as the index;
- columns holding personal data (contact names, e-mails, phones, LinkedIn
  profiles) are flagged ``pii`` and kept out of profiles and shared outputs;
- each column's codebook ``role`` comes from its header (firmographic,
  demographic, decision_role, goal, pain, need, channel, content_preference,
  behaviour), and its ``kind`` from its values: numbers (``1,200``, ``$2.5M``)
  become ``numeric``; bands (``11-50``, ``$10M-$50M``, ``1000+``) and known
  seniority titles become ``ordinal`` in their natural order; cells joining
  several options (``Email; Events``) become ``multiselect`` (one boolean
  column per option); long free text becomes ``text``; the rest ``nominal``.

Every decision is written in the codebook's ``kind_reason`` and can be
overridden with ``roles=``, ``kinds=``, ``pii=`` and ``separator=``.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import SurveyFormatError
from personakit.survey import CODEBOOK_COLUMNS, Survey

__all__ = ["MIN_ACCOUNTS", "read_accounts"]

MIN_ACCOUNTS = 10
"""Fewest accounts :func:`read_accounts` accepts: fewer cannot form personas."""

_MISSING = {"", "n/a", "na", "#n/a", "-", "--", "—", "–", "null", "nan", "?", "tbd", "unknown"}

_ROLE_PATTERNS: tuple[tuple[str, str], ...] = (
    # order matters: the first match wins
    (r"notes?|comments?|remarks?|description|summary|next steps?|history|call notes", "notes"),
    (
        r"e-?mail|phone|mobile|telephone|tel|linkedin|contact name|contact person|first name|"
        r"last name|full name|surname|name of (?:the )?contact|address|street|zip|postcode|"
        r"postal code",
        "pii",
    ),
    (
        r"buying role|buyer role|decision role|role in (?:the )?(?:purchase|buying|decision)\w*|"
        r"decision[- ]maker|buying (?:center|centre|committee)|dmu|influence",
        "decision_role",
    ),
    (r"seniority|job level|level|grade", "demographic"),
    (
        r"industry|sector|vertical|segment|employees|headcount|head count|company size|"
        r"size|revenue|turnover|arr|mrr|annual recurring|region|country|geo\w*|location|"
        r"market|hq|headquarters|tier|ownership|founded|funding|company type|business model",
        "firmographic",
    ),
    (
        r"contact role|role|job title|title|job|position|function|department|team|persona",
        "demographic",
    ),
    (r"goals?|objectives?|priorit\w*|aims?|jobs to be done|desired outcomes?|initiatives?", "goal"),
    (
        r"challenges?|pain points?|pains?|problems?|frustrations?|issues?|obstacles?|"
        r"blockers?|concerns?|risks?",
        "pain",
    ),
    (r"needs?|requirements?|must[- ]haves?", "need"),
    (r"content|formats?|content preferences?", "content_preference"),
    (r"channels?|touchpoints?|communication|preferred contact", "channel"),
    (
        r"tools?|stack|current (?:solution|vendor|provider)|products? used|competitors?|"
        r"lifecycle|stage|customer since|tenure|contract|plan|usage",
        "behaviour",
    ),
)
_ROLE_RE = tuple((re.compile(rf"\b(?:{p})\b", re.IGNORECASE), role) for p, role in _ROLE_PATTERNS)
_ID_HEADER = re.compile(
    r"^(?:account|account ?(?:id|name|number|no)|company|company ?(?:id|name)|"
    r"organi[sz]ation(?: ?name)?|customer(?: ?(?:id|name))?|client(?: ?(?:id|name))?|id|"
    r"record ?id|crm ?id)$",
    re.IGNORECASE,
)
_LIST_ROLES = {"goal", "pain", "need", "channel", "content_preference", "behaviour"}
_NUMBER = re.compile(
    r"^\s*[$€£¥]?\s*(-?\d[\d,\s]*(?:\.\d+)?|-?\.\d+)\s*(k|m|mm|bn|b|thousand|million|billion)?\s*$",
    re.IGNORECASE,
)
_BAND_NUMBER = re.compile(
    r"[$€£¥]?\s*(\d[\d,]*(?:\.\d+)?)\s*(k|mm|m|bn|b|thousand|million|billion)?(?![a-z])",
    re.IGNORECASE,
)
_UNDER = re.compile(r"<|\bunder\b|\bless than\b|\bup to\b|\bbelow\b|\bfewer than\b", re.IGNORECASE)
_OVER = re.compile(r"\+|>|\bover\b|\bmore than\b|\babove\b|\bor more\b", re.IGNORECASE)
_MULTIPLIER = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_SENIORITY = (
    (r"intern|trainee|student|apprentice", 0),
    (r"junior|entry|graduate|associate|assistant", 1),
    (r"individual contributor|ic|staff|specialist|analyst|engineer|professional|mid[- ]?level", 2),
    (r"senior|sr|experienced", 3),
    (r"lead|team lead|principal|supervisor", 4),
    (r"manager|mgr", 5),
    (r"senior manager|head|head of\b.*", 6),
    (r"director|senior director", 7),
    (r"vp|vice president|svp|evp|senior vice president", 8),
    (r"c[- ]?level|c[- ]?suite|cxo|chief\b.*|ceo|cfo|cto|cio|coo|cmo|executive|president", 9),
    (r"owner|founder|co-?founder|partner|board", 10),
)
_SENIORITY_RE = tuple((re.compile(rf"^(?:{p})$", re.IGNORECASE), rank) for p, rank in _SENIORITY)


def _cell(value: Any) -> str | None:
    """A cell as stripped text, None when blank or missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _norm_header(header: str) -> str:
    return " ".join(re.sub(r"[_\-./]+", " ", str(header)).split()).strip()


def _display_header(header: str) -> str:
    """``annual_revenue`` -> ``Annual revenue``; headers with capitals are kept as written."""
    text = _norm_header(header)
    if text and text == text.lower():
        text = text[0].upper() + text[1:]
    return text


def _slug(text: str) -> str:
    slug = re.sub(r"[^0-9a-z]+", "_", str(text).lower()).strip("_")
    return slug or "column"


def _header_role(header: str) -> str | None:
    text = _norm_header(header)
    for pattern, role in _ROLE_RE:
        if pattern.search(text):
            return role
    return None


def _parse_number(text: str) -> float | None:
    match = _NUMBER.match(text)
    if not match:
        return None
    digits = re.sub(r"[,\s]", "", match.group(1))
    try:
        value = float(digits)
    except ValueError:
        return None
    suffix = (match.group(2) or "").lower()
    return value * _MULTIPLIER.get(suffix, 1.0)


def _band_bounds(text: str) -> tuple[float, float] | None:
    """(low, high) of a band such as ``11-50``, ``$10M-$50M``, ``1000+``, ``<$1M``."""
    matches = list(_BAND_NUMBER.finditer(text))
    if not matches or len(matches) > 2:
        return None
    values = []
    suffixes = [(m.group(2) or "").lower() for m in matches]
    for match, suffix in zip(matches, suffixes, strict=True):
        try:
            number = float(match.group(1).replace(",", ""))
        except ValueError:
            return None
        if not suffix and len(matches) == 2 and suffixes[-1]:
            suffix = suffixes[-1]  # "10-50M": the unit is written once
        values.append(number * _MULTIPLIER.get(suffix, 1.0))
    if len(values) == 2:
        if not re.search(
            r"\d\s*[$€£¥]?\s*(?:[kmb]|bn|mm)?\s*(?:-|–|—|to)\s*[$€£¥]?\s*\d", text, re.IGNORECASE
        ):
            return None
        return (min(values), max(values))
    if _UNDER.search(text):
        return (0.0, values[0])
    if _OVER.search(text):
        return (values[0], math.inf)
    return None


def _seniority_rank(text: str) -> int | None:
    value = " ".join(text.lower().replace(".", "").split())
    for pattern, rank in _SENIORITY_RE:
        if pattern.match(value):
            return rank
    return None


def _split_cell(cell: str, separator: str) -> list[str]:
    parts = [part.strip() for part in str(cell).split(separator)]
    return [part for part in parts if part]


def _split_options(values: pd.Series, separator: str) -> list[list[str]]:
    return [_split_cell(cell, separator) for cell in values]


def _bands(unique: list[str]) -> dict[str, tuple[float, float]] | None:
    """Bounds of every value when the values are bands (plain numbers allowed among them)."""
    bounds: dict[str, tuple[float, float]] = {}
    real = 0
    for value in unique:
        band = _band_bounds(value)
        if band is None:
            number = _parse_number(value)
            if number is None:
                return None
            band = (number, number)
        else:
            real += 1
        bounds[value] = band
    return bounds if real else None


def _list_separator(values: pd.Series, role: str | None, hint_separator: str | None) -> str | None:
    """The separator of a joined-list column, or None when the cells are not lists."""
    if len(values) == 0:
        return None
    candidates = [hint_separator] if hint_separator else []
    candidates += [";", "|", "\n", ", ", ","]
    for sep in dict.fromkeys(candidates):
        if sep is None:
            continue
        has = values.str.contains(sep, regex=False)
        if not has.any():
            continue
        if sep in (", ", ",") and role not in _LIST_ROLES:
            continue
        if has.mean() < 0.2 and not (role in _LIST_ROLES and has.sum() >= 2):
            continue
        parts = [p for cell in _split_options(values, sep) for p in cell]
        if not parts:
            continue
        words = np.array([len(p.split()) for p in parts])
        if words.mean() > 5 or words.max() > 12:
            continue
        distinct = len({p.lower() for p in parts})
        if distinct > 0.8 * len(parts) and len(values) >= 10:
            continue
        return sep
    return None


def _infer_kind(
    values: pd.Series, role: str | None, hint: str | None, hint_separator: str | None
) -> tuple[str, str, Any]:
    """(kind, reason, extra) for the non-missing string ``values`` of one column."""
    n = len(values)
    if n == 0:
        return "text", "every cell is empty", None
    numbers = [_parse_number(v) for v in values]
    if all(x is not None for x in numbers):
        return "numeric", "every value is a number", np.array(numbers, dtype=float)
    sep = _list_separator(values, role, hint_separator)
    if sep is not None:
        shown = {"\n": "line breaks", ", ": "', '", ",": "','"}.get(sep, f"'{sep}'")
        return "multiselect", f"cells list several options separated by {shown}", sep
    unique = values.unique().tolist()
    bounds = _bands(unique)
    if len(unique) >= 2 and bounds is not None:
        order = sorted(unique, key=lambda v: (bounds[v][0], bounds[v][1], v))
        return "ordinal", "every value is a numeric band; ordered by its lower bound", order
    ranks = {v: _seniority_rank(v) for v in unique}
    if role == "demographic" and len(unique) >= 2 and all(r is not None for r in ranks.values()):
        order = sorted(unique, key=lambda v: (ranks[v], v.lower()))
        return "ordinal", "every value is a known seniority level; ordered by seniority", order
    lengths = values.str.len()
    words = values.str.split().str.len()
    distinct = len(unique) / n
    if hint == "text" or lengths.mean() > 60 or (distinct > 0.8 and words.mean() > 4 and n >= 5):
        return "text", "long or mostly different free-text answers", None
    order = sorted(unique, key=lambda v: (v.lower(), v))
    return "nominal", f"{len(unique)} different answers", order


def _codebook_row(**fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "question_id": None,
        "question": "",
        "sub_label": None,
        "kind": "nominal",
        "kind_reason": "",
        "levels": None,
        "scale": None,
        "reverse": False,
        "missing_codes": [],
        "source_columns": [],
        "pii": False,
        "stage": None,
        "role": None,
        "include": True,
    }
    row.update(fields)
    return row


def _check_mapping(name: str, value: Any, headers: Sequence[str], path: Path) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise SurveyFormatError(
            f"{name}= must be a mapping {{column header: value}}, got {type(value).__name__}."
        )
    unknown = [k for k in value if k not in headers]
    if unknown:
        raise SurveyFormatError(
            f"{name}=: {path.name} has no column {unknown[0]!r}. Its columns are {list(headers)}."
        )
    return dict(value)


def read_accounts(
    path: str | os.PathLike[str],
    *,
    id_column: str | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    roles: Mapping[str, str | None] | None = None,
    kinds: Mapping[str, str] | None = None,
    pii: Sequence[str] | None = None,
    separator: str | None = None,
) -> Survey:
    """Read a table of top accounts and their main contacts as a :class:`Survey`.

    Each row is one account (with its main contact); each column one
    attribute. The result is a Survey whose respondents are the accounts
    (``survey.source == "accounts"``), ready for
    ``personakit.PersonaSegmenter`` and :class:`personakit.PersonaSet`. The
    file is only read, never modified.

    Parameters
    ----------
    path : str or path-like
        A ``.csv``/``.tsv``/``.txt`` or ``.xlsx`` file with one header row.
    id_column : str, optional
        Header of the column naming each account. By default a column whose
        header says it (``Account``, ``Account ID``, ``Company``, ...) and whose
        values are unique, else the first column with unique values, else
        generated ids ``A01``, ``A02``, ...
    sheet : str or int, optional
        Worksheet of a workbook with several sheets.
    encoding : str, optional
        Text encoding, when the automatic choice is wrong.
    delimiter : str, optional
        Field delimiter of a text file, when sniffing picks the wrong one.
    roles : mapping, optional
        Column header -> codebook role (``firmographic``, ``demographic``,
        ``decision_role``, ``goal``, ``pain``, ``need``, ``channel``,
        ``content_preference``, ``behaviour``, or None), overriding the role
        read from the header.
    kinds : mapping, optional
        Column header -> kind (``nominal``, ``ordinal``, ``numeric``,
        ``multiselect``, ``text``), overriding the inferred kind.
    pii : sequence of str, optional
        More column headers holding personal data.
    separator : str, optional
        Separator of the joined-list columns (default: recognised per column
        among ``;``, ``|``, line breaks and, for list-like columns such as
        goals or channels, commas).

    Returns
    -------
    Survey
        ``responses`` indexed by account id; ``codebook`` with each column's
        kind (and why), role, levels and ``pii`` flag; ``missing`` lists the
        cells read as missing ("N/A", "-", "unknown", blanks); ``notes`` what
        was decided; ``metadata["id_column"]`` the id column.

    Raises
    ------
    SurveyFormatError
        When the file cannot be read, has fewer than 10 accounts ("need at
        least 10 accounts to form personas"), an id column with repeated or
        empty ids, or an override naming an unknown column or value.

    Examples
    --------
    >>> import pathlib, tempfile, personakit
    >>> rows = ["Account,Industry,Employees,Buying role,Preferred channels"]
    >>> rows += [f"Acct {i},{'Retail' if i % 2 else 'Health'},{100 * (i + 1)},"
    ...          f"{'Decision maker' if i % 3 else 'Influencer'},Email; {'Events' if i % 2 else 'Webinars'}"
    ...          for i in range(12)]
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "accounts.csv"
    >>> _ = path.write_text("\\n".join(rows) + "\\n", encoding="utf-8")
    >>> accounts = personakit.read_accounts(path)
    >>> accounts.n_respondents, accounts.source
    (12, 'accounts')
    >>> accounts.codebook[["variable", "kind", "role"]].values.tolist()[:3]
    [['industry', 'nominal', 'firmographic'], ['employees', 'numeric', 'firmographic'], ['buying_role', 'nominal', 'decision_role']]
    >>> accounts.variables(kind="multiselect")
    ['preferred_channels__email', 'preferred_channels__events', 'preferred_channels__webinars']
    """
    from personakit.io import read_raw_export

    raw = read_raw_export(
        path, source="generic", sheet=sheet, encoding=encoding, delimiter=delimiter
    )
    p = Path(os.fspath(path))
    where = p.name
    data = raw.data.copy()
    headers = [c.original_name for c in raw.columns]
    names = [c.name for c in raw.columns]
    roles = _check_mapping("roles", roles, headers, p)
    kinds = _check_mapping("kinds", kinds, headers, p)
    for header, kind in kinds.items():
        if kind not in ("nominal", "ordinal", "numeric", "multiselect", "text"):
            raise SurveyFormatError(
                f"kinds=: {kind!r} for column {header!r} is not a kind read_accounts can apply; "
                "use 'nominal', 'ordinal', 'numeric', 'multiselect' or 'text'."
            )
    pii_set = set(pii or ())
    unknown_pii = [h for h in pii_set if h not in headers]
    if unknown_pii:
        raise SurveyFormatError(
            f"pii=: {where} has no column {unknown_pii[0]!r}. Its columns are {headers}."
        )
    if separator is not None and (not isinstance(separator, str) or not separator):
        raise SurveyFormatError(f"separator={separator!r}: give the text that joins the options.")

    # cells as stripped strings (None for blanks), blank rows dropped
    notes: list[str] = list(raw.notes)
    data = pd.DataFrame(
        {c: pd.Series([_cell(v) for v in data[c].tolist()], dtype=object) for c in data.columns}
    )
    line = np.arange(len(data)) + raw.first_data_row
    blank = data.isna().all(axis=1).to_numpy()
    if blank.any():
        notes.append(f"{int(blank.sum())} empty row(s) skipped.")
        data = data[~blank].reset_index(drop=True)
        line = line[~blank]
    if len(data) < MIN_ACCOUNTS:
        raise SurveyFormatError(
            f"{where}: {len(data)} account(s); need at least {MIN_ACCOUNTS} accounts to form "
            "personas. Add more accounts (one row per account and main contact)."
        )

    # not-an-answer codes ("N/A", "-", "unknown") become missing, with the reason kept
    missing_rows = []
    for column in data.columns:
        cells = data[column].tolist()
        for i, value in enumerate(cells):
            if value is not None and value.lower() in _MISSING:
                missing_rows.append((i, column, value))
                cells[i] = None
        data[column] = pd.Series(cells, dtype=object)

    # the id column
    id_name = _id_column(data, raw, headers, names, id_column, where, line)
    if id_name is None:
        width = max(2, len(str(len(data))))
        ids = pd.Index([f"A{i + 1:0{width}d}" for i in range(len(data))], name="respondent_id")
        notes.append(
            f"No column of unique account names was found; accounts are numbered {ids[0]}, "
            f"{ids[1]}, ... in file order. Pass id_column= to use one of the columns."
        )
        id_header = None
    else:
        ids = pd.Index(data[id_name].astype(str).tolist(), name="respondent_id")
        id_header = headers[names.index(id_name)]

    columns: dict[str, Any] = {}
    codebook: list[dict[str, Any]] = []
    pii_kinds: dict[str, str] = {}
    used: set[str] = set()

    def unique_name(base: str) -> str:
        name = base
        k = 2
        while name in used:
            name = f"{base}_{k}"
            k += 1
        used.add(name)
        return name

    for raw_col, header, name in zip(raw.columns, headers, names, strict=True):
        if name == id_name:
            continue
        values = data[name]
        present = values.dropna()
        present = present[present != ""].astype(str)
        variable = unique_name(_slug(header))
        header_role = _header_role(header)
        role = roles.get(header, header_role if header_role not in ("pii", "notes") else None)
        is_pii = header in pii_set or header_role == "pii" or raw_col.hint == "pii"
        base = {
            "question_id": variable,
            "question": _display_header(header) if header.strip() else variable,
            "source_columns": [header],
            "missing_codes": sorted({v for i, c, v in missing_rows if c == name}),
            "role": None if is_pii else role,
        }
        if is_pii:
            lowered = header.lower()
            pii_kinds[variable] = (
                "email"
                if "mail" in lowered
                else "phone"
                if re.search(r"phone|mobile|tel", lowered)
                else "name"
                if "name" in lowered or "contact person" in lowered
                else "other"
            )
            columns[variable] = pd.array(values.tolist(), dtype="string")
            codebook.append(
                _codebook_row(
                    variable=variable,
                    kind="text",
                    kind_reason="personal data of the contact (name, e-mail, phone, ...); kept "
                    "out of profiles and shared outputs",
                    pii=True,
                    include=False,
                    **base,
                )
            )
            continue
        if raw_col.hint == "weight" and header not in kinds:
            columns[variable] = pd.to_numeric(values, errors="coerce").astype(float)
            codebook.append(
                _codebook_row(
                    variable=variable,
                    kind="weight",
                    kind_reason="a weight column",
                    include=False,
                    **base,
                )
            )
            continue
        hint_sep = separator or (
            raw_col.separator if raw_col.hint == "multiselect_joined" else None
        )
        kind, reason, extra = _infer_kind(present, role, raw_col.hint, hint_sep)
        if header_role == "notes" and header not in kinds and kind != "numeric":
            kind, reason, extra = "text", "notes or comments column", None
        if header in kinds and kinds[header] != kind:
            kind, reason, extra = _forced(kinds[header], present, header, where, separator)
        if kind == "multiselect":
            sep = extra
            lists = pd.Series(
                [None if v is None else _split_cell(v, sep) for v in values], dtype=object
            )
            options, spelling, merged = _options(lists)
            if merged:
                notes.append(f"Column {header!r}: " + "; ".join(merged) + ".")
                reason += f"; {len(merged)} misspelt option(s) merged (see survey.notes)"
            for option in options:
                option_name = unique_name(f"{variable}__{_slug(option)}")
                chosen = [
                    pd.NA if cell is None else any(spelling[part] == option for part in cell)
                    for cell in lists
                ]
                columns[option_name] = pd.array(chosen, dtype="boolean")
                codebook.append(
                    _codebook_row(
                        variable=option_name,
                        kind="multiselect",
                        kind_reason=reason,
                        sub_label=option,
                        levels=[option],
                        **base,
                    )
                )
            continue
        if kind == "numeric":
            parsed = [None if v is None or v == "" else _parse_number(v) for v in values]
            columns[variable] = np.array([np.nan if v is None else v for v in parsed], dtype=float)
            codebook.append(
                _codebook_row(variable=variable, kind="numeric", kind_reason=reason, **base)
            )
            continue
        if kind == "nominal" and len(extra) == len(present) == len(data) and header not in kinds:
            columns[variable] = pd.array(values.tolist(), dtype="string")
            codebook.append(
                _codebook_row(
                    variable=variable,
                    kind="metadata",
                    kind_reason="every account has a different value (a name or label), so it "
                    "cannot group accounts",
                    include=False,
                    **{**base, "role": None},
                )
            )
            continue
        if kind in ("ordinal", "nominal"):
            levels = list(extra)
            columns[variable] = pd.Categorical(
                [None if v == "" else v for v in values],
                categories=levels,
                ordered=kind == "ordinal",
            )
            single = len(levels) < 2
            codebook.append(
                _codebook_row(
                    variable=variable,
                    kind=kind,
                    kind_reason=reason
                    + ("; only one value, so it cannot tell accounts apart" if single else ""),
                    levels=levels,
                    include=not single,
                    **base,
                )
            )
            continue
        columns[variable] = pd.array([None if v == "" else v for v in values], dtype="string")
        codebook.append(
            _codebook_row(
                variable=variable,
                kind="text",
                kind_reason=reason,
                include=False,
                **{**base, "role": base["role"] if header_role != "notes" else None},
            )
        )

    responses = pd.DataFrame(columns, index=ids)
    missing = pd.DataFrame(
        {
            "respondent_id": [str(ids[i]) for i, _, _ in missing_rows],
            "variable": [c for _, c, _ in missing_rows],
            "value": [v for _, _, v in missing_rows],
            "reason": ["not-an-answer code in the accounts table"] * len(missing_rows),
        },
        dtype=object,
    )
    cb = pd.DataFrame(codebook, columns=list(CODEBOOK_COLUMNS))
    if not cb["include"].any():
        raise SurveyFormatError(
            f"{where}: no column can describe the accounts (all are ids, personal data or free "
            "text). Add attributes such as industry, company size, region, role, buying role, "
            "goals or challenges."
        )
    reason = (
        f"read_accounts: a table of {len(ids)} accounts, one row per account and main contact; "
        + (f"ids from column {id_header!r}" if id_header else "ids generated in file order")
    )
    return Survey(
        responses,
        cb,
        missing=missing,
        source="accounts",
        source_reason=reason,
        path=p,
        notes=notes,
        metadata={
            "id_column": id_header,
            "reader": "read_accounts",
            "file_format": raw.source,
            "pii_kinds": pii_kinds,
        },
    )


def _forced(kind: str, present: pd.Series, header: str, where: str, separator: str | None):
    if kind == "numeric":
        numbers = [_parse_number(v) for v in present]
        bad = [v for v, x in zip(present, numbers, strict=True) if x is None]
        if bad:
            raise SurveyFormatError(
                f"kinds=: column {header!r} of {where} holds {bad[0]!r}, which is not a number; "
                "fix the value or choose another kind."
            )
        return "numeric", "set by user", np.array(numbers, dtype=float)
    if kind == "multiselect":
        sep = separator or _list_separator(present, "goal", None) or ";"
        return "multiselect", f"set by user (options separated by {sep!r})", sep
    if kind == "ordinal":
        unique = present.unique().tolist()
        bounds = _bands(unique)
        if bounds is not None:
            order = sorted(unique, key=lambda v: (bounds[v][0], bounds[v][1], v))
        else:
            ranks = {v: _seniority_rank(v) for v in unique}
            if all(r is not None for r in ranks.values()):
                order = sorted(unique, key=lambda v: (ranks[v], v.lower()))
            else:
                raise SurveyFormatError(
                    f"kinds=: column {header!r} of {where} has values {sorted(unique)[:6]} whose "
                    "order is not known (not numeric bands or seniority levels). Read it as "
                    "'nominal', or order the levels yourself in survey.responses."
                )
        return "ordinal", "set by user", order
    if kind == "nominal":
        return (
            "nominal",
            "set by user",
            sorted(present.unique().tolist(), key=lambda v: (v.lower(), v)),
        )
    return "text", "set by user", None


def _option_key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def _options(lists: pd.Series) -> tuple[list[str], dict[str, str], list[str]]:
    """Options, the option each written spelling belongs to, and notes on merged spellings.

    Options are ordered by frequency (then alphabetically) and spelled as most
    often written. Spellings that differ only in case or punctuation are one
    option; a rarer spelling at least 90 % similar to a more frequent option (a
    typo such as "Redcue" for "Reduce") is merged into it.
    """
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for cell in lists:
        if cell is None:
            continue
        for part in dict.fromkeys(cell):
            key = _option_key(part) or part.lower()
            counts[key] += 1
            spellings.setdefault(key, Counter())[part] += 1
    ordered = sorted(counts, key=lambda k: (-counts[k], k))
    target: dict[str, str] = {}
    kept: list[str] = []
    for key in ordered:
        match = next(
            (
                other
                for other in kept
                if len(key) >= 8 and difflib.SequenceMatcher(None, key, other).ratio() >= 0.9
            ),
            None,
        )
        target[key] = match or key
        if match is None:
            kept.append(key)
    label = {
        key: sorted(spellings[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for key in kept
    }
    mapping = {
        spelling: label[target[key]] for key, forms in spellings.items() for spelling in forms
    }
    notes = [
        f"{sorted(spellings[key])[0]!r} read as {label[target[key]]!r} (spelling)"
        for key in ordered
        if target[key] != key
    ]
    return [label[key] for key in kept], mapping, notes


def _id_column(
    data: pd.DataFrame,
    raw: Any,
    headers: list[str],
    names: list[str],
    id_column: str | None,
    where: str,
    line: np.ndarray,
) -> str | None:
    if id_column is not None:
        if id_column not in headers:
            raise SurveyFormatError(
                f"id_column={id_column!r}: {where} has no such column. Its columns are {headers}."
            )
        name = names[headers.index(id_column)]
        values = data[name]
        empty = values.isna() | (values == "")
        if empty.any():
            row = int(line[np.flatnonzero(empty.to_numpy())[0]])
            raise SurveyFormatError(
                f"{where}, line {row}: the id column {id_column!r} is empty. Every account needs "
                "an id; fill it in or choose another id_column."
            )
        duplicated = values.duplicated(keep=False)
        if duplicated.any():
            first = values[duplicated].iloc[0]
            rows = [int(x) for x in line[np.flatnonzero((values == first).to_numpy())]]
            raise SurveyFormatError(
                f"{where}: the id column {id_column!r} repeats {first!r} (lines {rows}). Give "
                "each account one row with a unique id, or choose another id_column."
            )
        return name

    def unique_ok(name: str) -> bool:
        values = data[name]
        return bool(values.notna().all() and (values != "").all() and not values.duplicated().any())

    for header, name in zip(headers, names, strict=True):
        if _ID_HEADER.match(_norm_header(header)) and unique_ok(name):
            return name
    if raw.id_column is not None and raw.id_column in names and unique_ok(raw.id_column):
        return raw.id_column
    first = names[0]
    if unique_ok(first) and _header_role(headers[0]) is None:
        values = data[first].astype(str)
        if _parse_number(values.iloc[0]) is None or values.str.fullmatch(r"\d+").all():
            return first
    return None

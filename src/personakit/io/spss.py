"""SPSS ``.sav`` / ``.zsav`` files, read with pyreadstat.

SPSS keeps its codebook in the file, so nothing has to be guessed from header
rows: each variable's label is its ``question``, its value labels
(``{code: label}``, in the file's order) are ``value_labels``, its measure level
(``nominal``, ``ordinal``, ``scale``) is ``measure``, and its user-defined
missing values are ``missing_values``. The data are read with
``user_missing=True``, so the codes the researcher declared as missing ("Don't
know" = 8, refused = 9) stay visible in ``data`` and the codebook builder can
turn them into missing values *with their reason*. For a declared missing
*range* (``-999`` to ``0``), ``missing_values`` lists the codes of the range
that occur in the data, and a note gives the range.

Multiple-response sets (``meta.mr_sets``) become ``RawExport.mr_sets``; their
variables share a ``question_id`` (the set's name) and the set label as
``question``; the variables of a dichotomy set get ``hint="multiselect_option"``.

Data stay typed: numbers are floats, dates are datetimes, strings are strings
with empty strings turned into ``NA``.
"""

from __future__ import annotations

import datetime as _dt
import pickle
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import SurveyFormatError
from personakit.io._raw import RawColumn, RawExport
from personakit.io._survey_common import GENERIC_HINTS, clean_text, hint_from

__all__ = ["read_spss"]

_DATE_FORMATS = re.compile(
    r"^(DATE|ADATE|EDATE|JDATE|SDATE|DATETIME|YMDHMS|MOYR|QYR|WKYR|DATETIME\w*)", re.IGNORECASE
)


_META_FIELDS = (
    "column_names",
    "column_labels",
    "original_variable_types",
    "variable_measure",
    "variable_value_labels",
    "missing_ranges",
    "mr_sets",
    "number_columns",
)

# pyreadstat runs in a child process: a damaged .sav can crash its C core (a segmentation
# fault seen while fuzzing), which must not take the user's Python session down with it.
_CHILD = r"""
import pickle, sys
import pyreadstat
path, encoding = sys.argv[1], sys.argv[2] or None
try:
    df, meta = pyreadstat.read_sav(path, user_missing=True, apply_value_formats=False,
                                   encoding=encoding)
except Exception as exc:
    out = ("error", type(exc).__name__, str(exc))
else:
    out = ("ok", df, {name: getattr(meta, name, None) for name in sys.argv[3].split(",")})
sys.stdout.buffer.write(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
"""


def _read_isolated(path: Path, encoding: str | None) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Run ``pyreadstat.read_sav`` in a child process; map every failure to SurveyFormatError."""
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path), encoding or "", ",".join(_META_FIELDS)],
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise SurveyFormatError(
            f"{path}: could not start the SPSS reader ({exc}); check the Python installation."
        ) from exc
    if proc.returncode != 0 or not proc.stdout:
        how = (
            f"crashed (signal {-proc.returncode})"
            if proc.returncode < 0
            else f"failed: {proc.stderr.decode('utf-8', 'replace').strip().splitlines()[-1:]}"
        )
        raise SurveyFormatError(
            f"{path}: the SPSS reader (pyreadstat) {how} on this file: it is damaged or not a "
            "valid .sav file. Save it again from SPSS (File > Save As > .sav) and retry."
        )
    status, *payload = pickle.loads(proc.stdout)  # our own child's output
    if status == "ok":
        return payload[0], payload[1]
    kind, msg = payload
    if "encoding" in msg.lower() or "convert string" in msg.lower():
        raise SurveyFormatError(
            f"{path}: the SPSS file's text cannot be decoded ({msg}). Pass the encoding it "
            "was written in, e.g. encoding='utf-8', 'cp1252' or 'latin-1'."
        )
    raise SurveyFormatError(
        f"{path}: the SPSS file cannot be read ({kind}: {msg}). It is damaged or truncated, or "
        "not an SPSS .sav file; save it again from SPSS (File > Save As > .sav)."
    )


def _code(value: Any) -> Any:
    """Integral float codes as ints (``1.0`` -> ``1``), others unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def read_spss(path: Path, *, encoding: str | None = None) -> RawExport:
    """Read an SPSS file with its variable labels, value labels and missing values.

    Parameters
    ----------
    path : Path
        The ``.sav`` or ``.zsav`` file.
    encoding : str, optional
        Encoding of the file's strings, when the one it declares is wrong.

    Returns
    -------
    RawExport
        Typed data plus one :class:`RawColumn` per variable.

    Raises
    ------
    SurveyFormatError
        When the file cannot be read as SPSS.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd, pyreadstat
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "survey.sav"
    >>> df = pd.DataFrame({"q1": [1.0, 2.0, 9.0], "age": [34.0, 51.0, 28.0]})
    >>> pyreadstat.write_sav(
    ...     df, str(path), column_labels=["How satisfied are you?", "Age"],
    ...     variable_value_labels={"q1": {1: "Satisfied", 2: "Dissatisfied", 9: "Refused"}},
    ...     missing_ranges={"q1": [9]}, variable_measure={"q1": "ordinal", "age": "scale"},
    ... )
    >>> raw = read_spss(path)
    >>> q1 = raw.column("q1")
    >>> q1.question, q1.value_labels, q1.missing_values, q1.measure
    ('How satisfied are you?', {1: 'Satisfied', 2: 'Dissatisfied', 9: 'Refused'}, [9], 'ordinal')
    >>> raw.data["q1"].tolist()
    [1.0, 2.0, 9.0]
    >>> raw.column("age").hint
    'numeric'
    """
    df, meta = _read_isolated(path, encoding)
    if df.shape[1] == 0:
        raise SurveyFormatError(f"{path}: the SPSS file has no variables.")
    if df.shape[0] == 0:
        raise SurveyFormatError(
            f"{path}: the SPSS file has variables but no cases (responses). Export the data "
            "again, including the responses."
        )

    notes: list[str] = []
    labels = dict(zip(meta["column_names"], meta["column_labels"]))
    types = meta["original_variable_types"] or {}
    measures = meta["variable_measure"] or {}
    value_labels = meta["variable_value_labels"] or {}
    ranges = meta["missing_ranges"] or {}

    typed: dict[str, pd.Series] = {}
    for name in df.columns:
        col = df[name]
        fmt = str(types.get(name, ""))
        if pd.api.types.is_string_dtype(col) or col.dtype == object:
            sample = col.dropna()
            first = sample.iloc[0] if len(sample) else None
            if isinstance(first, _dt.datetime | _dt.date) and not isinstance(first, _dt.time):
                col = pd.to_datetime(col, errors="coerce")
            elif isinstance(first, _dt.time):
                col = col.map(lambda v: v.isoformat() if isinstance(v, _dt.time) else None)
                col = col.astype("str")
            else:
                col = col.astype("str")
                col = col.where(col.str.strip() != "", np.nan)
        typed[name] = col
        if _DATE_FORMATS.match(fmt) and pd.api.types.is_float_dtype(col):
            notes.append(
                f"Variable {name!r} has SPSS format {fmt}, which pyreadstat does not convert; "
                "it is kept as a number."
            )

    data = pd.DataFrame(typed, index=pd.RangeIndex(len(df)))

    mr_sets: dict[str, dict[str, Any]] = {}
    member_of: dict[str, tuple[str, dict[str, Any]]] = {}
    for set_name, info in (meta["mr_sets"] or {}).items():
        entry = {
            "label": clean_text(info.get("label") or "") or set_name,
            "variables": list(info.get("variable_list") or []),
            "counted_value": _code(info.get("counted_value")),
            "type": "dichotomy" if info.get("is_dichotomy") else "category",
        }
        mr_sets[set_name] = entry
        for var in entry["variables"]:
            member_of[var] = (set_name, entry)

    columns: list[RawColumn] = []
    for pos, name in enumerate(df.columns):
        label = clean_text(labels.get(name) or "")
        fmt = str(types.get(name, ""))
        measure = measures.get(name)
        measure = measure if measure in ("nominal", "ordinal", "scale") else None
        vlabels = value_labels.get(name)
        vlabels = {_code(k): str(v) for k, v in vlabels.items()} if vlabels else None
        missing, note = _missing(name, ranges.get(name), data[name])
        if note:
            notes.append(note)
        hint = hint_from(GENERIC_HINTS, name, label)
        series = data[name]
        if hint is None or hint == "date":
            if pd.api.types.is_datetime64_any_dtype(series) or _DATE_FORMATS.match(fmt):
                hint = "date"
            elif (
                hint is None
                and measure == "scale"
                and not vlabels
                and pd.api.types.is_numeric_dtype(series)
            ):
                hint = "numeric"
        question_id = None
        question = label or name
        sub_label = None
        if name in member_of:
            set_name, entry = member_of[name]
            question_id = set_name
            question = entry["label"]
            sub_label = label or (vlabels or {}).get(entry["counted_value"]) or name
            if entry["type"] == "dichotomy":
                hint = "multiselect_option"
        columns.append(
            RawColumn(
                name=name,
                original_name=name,
                question_id=question_id,
                question=question,
                sub_label=sub_label,
                hint=hint,
                value_labels=vlabels,
                missing_values=missing,
                measure=measure,
                position=pos,
            )
        )
    if len(df.columns) != (meta.get("number_columns") or len(df.columns)):
        notes.append(
            f"The file declares {meta.get('number_columns')} variables but {len(df.columns)} were read "
            "(pyreadstat drops duplicate variable names)."
        )
    ids = [c.name for c in columns if c.hint == "id"]
    return RawExport(
        data=data,
        columns=columns,
        source="spss",
        detection_reason=(
            f"SPSS {'compressed ' if path.suffix.lower() == '.zsav' else ''}data file: it starts "
            "with the SPSS signature $FL2/$FL3; read with pyreadstat (value labels, user-missing "
            "values, measure levels, multiple-response sets)."
        ),
        path=path,
        header_rows=0,
        first_data_row=1,
        export_kind="numeric",
        id_column=ids[0] if ids else None,
        mr_sets=mr_sets,
        notes=notes,
    )


def _missing(name: str, ranges, values: pd.Series) -> tuple[list[Any] | None, str | None]:
    """Declared missing codes: discrete ones, plus the observed codes inside ranges."""
    if not ranges:
        return None, None
    codes: list[Any] = []
    spans = []
    for r in ranges:
        lo, hi = r.get("lo"), r.get("hi")
        if lo == hi:
            codes.append(_code(lo))
        else:
            spans.append((lo, hi))
    note = None
    if spans:
        observed = pd.to_numeric(values, errors="coerce")
        for lo, hi in spans:
            inside = observed[(observed >= lo) & (observed <= hi)].dropna().unique()
            codes.extend(_code(float(v)) for v in sorted(inside))
        text = ", ".join(f"{_code(lo)} to {_code(hi)}" for lo, hi in spans)
        note = (
            f"Variable {name!r} declares the missing range {text}; the codes of that range "
            "found in the data are listed as its missing values."
        )
    seen: list[Any] = []
    for c in codes:
        if c not in seen:
            seen.append(c)
    return seen, note

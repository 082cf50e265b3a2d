"""Canonical JSON: the same object always gives the same bytes.

Every ``to_json`` / JSON file personakit writes goes through :func:`dumps`, so
re-running an analysis with the same inputs and seed gives byte-identical files.
Rules: keys sorted; floats rounded to 10 significant digits (so tiny BLAS
differences do not leak); NaN/inf become ``null``; numpy and pandas scalars,
timestamps, paths, sets and tuples are converted to plain JSON types.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["dumps", "to_jsonable"]

_SIGNIFICANT = 10


def _round_float(value: float) -> float | None:
    if not math.isfinite(value):
        return None
    if value == 0:
        return 0.0
    rounded = float(f"{value:.{_SIGNIFICANT}g}")
    return 0.0 if rounded == 0 else rounded


def to_jsonable(obj: Any) -> Any:
    """Convert ``obj`` recursively into plain JSON-safe Python objects.

    Parameters
    ----------
    obj : object
        Dicts, lists, tuples, sets, numpy/pandas scalars and arrays, Series,
        timestamps, paths, and plain JSON types.

    Returns
    -------
    object
        Only dict (with str keys), list, str, int, float, bool and None.

    Examples
    --------
    >>> import numpy as np
    >>> to_jsonable({"a": np.int64(3), "b": (1.0, float("nan"))})
    {'a': 3, 'b': [1.0, None]}
    """
    if obj is None or isinstance(obj, bool | str):
        return obj
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, int | np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        return _round_float(float(obj))
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, pd.Series):
        return to_jsonable(obj.to_dict())
    if isinstance(obj, pd.DataFrame):
        return to_jsonable(obj.to_dict(orient="records"))
    if isinstance(obj, np.ndarray):
        return [to_jsonable(v) for v in obj.tolist()]
    if isinstance(obj, set | frozenset):
        return sorted((to_jsonable(v) for v in obj), key=repr)
    if isinstance(obj, list | tuple | pd.Index):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, pd.Timestamp | datetime | date):
        return obj.isoformat()
    if isinstance(obj, Path):
        return obj.as_posix()
    if obj is pd.NA or obj is pd.NaT:
        return None
    if hasattr(obj, "to_dict"):
        return to_jsonable(obj.to_dict())
    raise TypeError(f"Cannot convert {type(obj).__name__} to JSON: {obj!r}")


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    """Serialise ``obj`` to canonical JSON text.

    Parameters
    ----------
    obj : object
        Anything :func:`to_jsonable` accepts.
    indent : int or None, default 2
        Indentation; ``None`` for one line.

    Returns
    -------
    str
        JSON text ending with a newline when indented.

    Examples
    --------
    >>> print(dumps({"b": 1, "a": 0.1 + 0.2}, indent=None))
    {"a": 0.3, "b": 1}
    """
    text = json.dumps(
        to_jsonable(obj), sort_keys=True, ensure_ascii=False, indent=indent, allow_nan=False
    )
    return text + "\n" if indent is not None else text

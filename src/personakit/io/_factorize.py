"""Factorising columns of strings: codes into the distinct values, in order of appearance.

Survey columns hold few distinct answers repeated over many rows, and nearly
every step after reading (kinds, scales, missing codes, quality checks) works
on the distinct values and spreads the result back through integer codes.
This module is the one place that does it, so those steps agree on codes.

A long column of few distinct answers is factorised in two steps: the
distinct values of its first rows, then one look-up of every cell among them
(missing cells included), which skips the per-cell missing-value test of a
plain factorisation; the few cells not found are factorised apart. The result
is exactly ``pandas.factorize``'s.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["distinct", "factorize"]

# the first rows whose distinct values are looked up in the whole column
_HEAD = 2048
# columns shorter than this, or with more distinct values in the head, are factorised plainly
_MIN_ROWS = 4 * _HEAD
_MAX_HEAD_DISTINCT = _HEAD // 8

try:  # pandas' own hash table of Python objects (what pandas.factorize uses for them)
    from pandas._libs.hashtable import PyObjectHashTable as _ObjectTable
except ImportError:  # pragma: no cover - other pandas versions: the public look-up below
    _ObjectTable = None


def factorize(values: Any) -> tuple[np.ndarray, Any]:
    """Codes and distinct values of ``values``: ``pandas.factorize(values, use_na_sentinel=True)``.

    Columns of the string dtype are factorised as plain object arrays, which is
    faster than through the string extension array and gives the same result. A
    long object array whose first rows hold few distinct values and some missing
    cells is factorised from those values (see the module docstring); the codes
    and values are the same.

    Parameters
    ----------
    values : array-like or pandas.Series
        Cells to factorise.

    Returns
    -------
    codes : numpy.ndarray
        One integer per cell (``-1`` for a missing value).
    uniques : numpy.ndarray or pandas.Index
        The distinct non-missing values in order of first appearance.

    Examples
    --------
    >>> import numpy as np
    >>> codes, uniques = factorize(np.array(["b", "a", None, "b"], dtype=object))
    >>> codes.tolist(), uniques.tolist()
    ([0, 1, -1, 0], ['b', 'a'])
    """
    if (
        isinstance(values, pd.Series | pd.Index)
        and pd.api.types.is_string_dtype(values.dtype)
        and not isinstance(values.dtype, pd.CategoricalDtype)
    ):
        # the string array's own cells, not a copy; NaN, None and pd.NA all count as missing
        values = values.to_numpy(dtype=object)
    if (
        isinstance(values, np.ndarray)
        and values.dtype == object
        and values.ndim == 1
        and len(values) >= _MIN_ROWS
    ):
        return _factorize_by_head(values)
    return pd.factorize(values, use_na_sentinel=True)


def _factorize_by_head(values: np.ndarray) -> tuple[np.ndarray, Any]:
    """:func:`factorize` of a long object array, from the distinct values of its head.

    Every distinct value of the head first appears in the head, so before any value
    that does not: the head's distinct values, then those of the cells not among
    them (in their order), are the column's in order of first appearance.
    """
    head_codes, head_uniques = pd.factorize(values[:_HEAD], use_na_sentinel=True)
    k = len(head_uniques)
    if k > _MAX_HEAD_DISTINCT or head_codes.min() >= 0:
        # many distinct values, or no missing cells in the head (then pandas hashes the
        # strings themselves, which is quicker still): one plain pass
        return pd.factorize(values, use_na_sentinel=True)
    keys = np.empty(k + 1, dtype=object)
    keys[0] = np.nan  # the string columns' missing value: found like a value, then dropped
    keys[1:] = head_uniques
    codes = _lookup(keys, values)
    codes -= 1  # NaN -> -1, a head value -> its code, a cell not among the keys -> -2
    unseen = np.flatnonzero(codes == -2)
    if not len(unseen):
        return codes, head_uniques
    # cells that are neither a head value nor NaN: other values, or another missing value
    rest_codes, rest_uniques = pd.factorize(values[unseen], use_na_sentinel=True)
    codes[unseen] = np.where(rest_codes >= 0, rest_codes + k, -1)
    uniques = np.empty(k + len(rest_uniques), dtype=object)
    uniques[:k] = head_uniques
    uniques[k:] = rest_uniques
    return codes, uniques


def _lookup(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The position of each of ``values`` among the distinct ``keys`` (-1 if absent).

    NaN finds a NaN key (pandas' hash table treats NaNs as equal).
    """
    if _ObjectTable is not None:
        try:
            table = _ObjectTable(len(keys))
            table.map_locations(keys)
            return np.asarray(table.lookup(values), dtype=np.intp)
        except (AttributeError, TypeError, ValueError):  # pragma: no cover - other internals
            pass
    index = pd.Index(keys, dtype=object)
    return np.asarray(index.get_indexer(pd.Index(values, dtype=object, copy=False)), np.intp)


def distinct(values: Any) -> list[Any]:
    """The distinct non-missing values of ``values``, in order of first appearance.

    Parameters
    ----------
    values : array-like or pandas.Series
        Cells.

    Returns
    -------
    list
        The distinct values.

    Examples
    --------
    >>> import pandas as pd
    >>> distinct(pd.Series(["x", None, "y", "x"], dtype="str"))
    ['x', 'y']
    """
    return list(factorize(values)[1])

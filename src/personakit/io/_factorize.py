"""Factorising columns of strings quickly: codes into the distinct values, in order of appearance.

Survey columns hold few distinct answers repeated over many rows, and nearly
every step after reading (kinds, scales, missing codes, quality checks) works
on the distinct values and spreads the result back through integer codes.
:func:`pandas.factorize` does exactly that, but on an object array it hashes
and compares Python strings for every cell.

pandas' CSV parser hands out *one* Python string object for all equal cells
of a column within a block of rows. :func:`factorize` exploits this: it first
factorises the cells by object identity (their addresses, a fast integer hash
table), then factorises the few distinct objects by value. The result is
exactly that of ``pandas.factorize(values, use_na_sentinel=True)`` (same codes,
same uniques in order of first appearance, ``-1`` for missing values) whether or
not equal strings share an object; sharing only makes it faster.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["distinct", "factorize"]

_CPYTHON = sys.implementation.name == "cpython"  # object arrays hold PyObject pointers
_POINTER = np.dtype(np.uintp)
_FEW = 256  # up to this many distinct objects, look them up by address


def _addresses(values: np.ndarray) -> np.ndarray | None:
    """The object addresses held by a 1-D object array (a copy), or None if not applicable."""
    if (
        not _CPYTHON
        or values.dtype != object
        or values.ndim != 1
        or not values.flags.c_contiguous
        or values.itemsize != _POINTER.itemsize
        or ctypes.sizeof(ctypes.c_size_t) != _POINTER.itemsize
        or len(values) == 0
    ):
        return None
    # An object array stores one PyObject pointer per cell; read them as integers. The
    # view is copied at once, while ``values`` (held by the caller) keeps the memory alive.
    buffer = (ctypes.c_size_t * len(values)).from_address(values.ctypes.data)
    return np.frombuffer(buffer, dtype=_POINTER).copy()


def factorize(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """Codes and distinct values of ``values``: ``pandas.factorize(values, use_na_sentinel=True)``.

    Parameters
    ----------
    values : array-like or pandas.Series
        Cells to factorise. Object arrays and columns of strings take the fast
        path; anything else goes to :func:`pandas.factorize` unchanged.

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
    if isinstance(values, pd.Series | pd.Index):
        if pd.api.types.is_string_dtype(values.dtype) and not isinstance(
            values.dtype, pd.CategoricalDtype
        ):
            values = values.to_numpy(dtype=object)
        else:
            return pd.factorize(values, use_na_sentinel=True)
    if not isinstance(values, np.ndarray):
        return pd.factorize(values, use_na_sentinel=True)
    addresses = _addresses(values)
    if addresses is None:
        return pd.factorize(values, use_na_sentinel=True)
    by_object, objects = pd.factorize(addresses)
    if len(objects) == len(values):
        # every cell its own object (ids, timestamps): one pass by value is cheaper
        return pd.factorize(values, use_na_sentinel=True)
    if len(objects) <= _FEW:
        # The distinct objects, from their addresses: every one is alive, held by ``values``.
        found = np.empty(len(objects), dtype=object)
        for i, address in enumerate(objects.tolist()):
            found[i] = ctypes.cast(address, ctypes.py_object).value
    else:
        # Codes count up in order of first appearance: the first cell of each object is
        # where the running maximum steps up.
        running = np.maximum.accumulate(by_object)
        found = values[np.flatnonzero(np.diff(running, prepend=-1))]
    value_codes, uniques = pd.factorize(found, use_na_sentinel=True)
    return value_codes[by_object], uniques


def distinct(values: Any) -> list[Any]:
    """The distinct non-missing values of ``values``, in order of first appearance.

    Examples
    --------
    >>> import pandas as pd
    >>> distinct(pd.Series(["x", None, "y", "x"], dtype="str"))
    ['x', 'y']
    """
    return list(factorize(values)[1])

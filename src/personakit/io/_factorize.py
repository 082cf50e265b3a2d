"""Factorising columns of strings: codes into the distinct values, in order of appearance.

Survey columns hold few distinct answers repeated over many rows, and nearly
every step after reading (kinds, scales, missing codes, quality checks) works
on the distinct values and spreads the result back through integer codes.
This module is the one place that does it, so those steps agree on codes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["distinct", "factorize"]


def factorize(values: Any) -> tuple[np.ndarray, Any]:
    """Codes and distinct values of ``values``: ``pandas.factorize(values, use_na_sentinel=True)``.

    Columns of the string dtype are factorised as plain object arrays, which is
    faster than through the string extension array and gives the same result.

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
    return pd.factorize(values, use_na_sentinel=True)


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

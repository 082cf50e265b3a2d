"""Gower distances for mixed survey answers, vectorised and computed in chunks.

Gower (1971): the distance between two respondents is the weighted mean, over the
variables both answered, of a per-variable dissimilarity in [0, 1]:

- numeric and ordinal: ``|x - y| / range`` (ordinal answers by their position on the
  scale, numeric values after robust scaling and clipping, so one outlier does not
  squeeze everyone else together);
- nominal: 0 if the same answer, else 1;
- binary (multi-select options, booleans): 0 if both ticked, 1 if only one ticked;
  an option *neither* ticked is left out of that pair (Gower's rule for presence /
  absence characters: two accounts that both do not mention "LinkedIn" are not alike
  because of it; with many sparse options the shared absences would otherwise swamp
  everything else).

A variable missing for either respondent drops out of that pair's mean. Two
respondents with no variable answered in common get distance 1 (as far apart as
possible; there is nothing to say they are alike).

Memory: the result is an n x m float64 matrix; the work is done in blocks of rows so
that no temporary grows beyond ``chunk_elements`` values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from personakit._errors import SegmentationError

__all__ = ["GowerMatrix", "gower_distances", "gower_from_matrix"]

_CHUNK_ELEMENTS = 4_000_000


class GowerMatrix:
    """Per-variable values ready for Gower: scaled numbers (``NaN`` = missing) or codes.

    Parameters
    ----------
    values : ndarray (n, v)
        Numeric-like variables already divided by their range, or category codes.
    is_categorical : ndarray (v,) of bool
        True for nominal/binary variables (compared by equality).
    weights : ndarray (v,)
        Variable weights.
    is_binary : ndarray (v,) of bool, optional
        Presence/absence variables (0/1): joint absences are left out.
    """

    def __init__(
        self,
        values: np.ndarray,
        is_categorical: np.ndarray,
        weights: np.ndarray,
        is_binary: np.ndarray | None = None,
    ):
        self.values = np.asarray(values, dtype=float)
        self.is_categorical = np.asarray(is_categorical, dtype=bool)
        self.weights = np.asarray(weights, dtype=float)
        self.is_binary = (
            np.zeros(self.values.shape[1], dtype=bool)
            if is_binary is None
            else np.asarray(is_binary, dtype=bool)
        )

    def take(self, rows: np.ndarray) -> GowerMatrix:
        return GowerMatrix(self.values[rows], self.is_categorical, self.weights, self.is_binary)

    def permuted(self, rng: np.random.Generator) -> GowerMatrix:
        """Each variable shuffled independently across respondents (the no-structure null)."""
        vals = self.values.copy()
        for j in range(vals.shape[1]):
            vals[:, j] = vals[rng.permutation(vals.shape[0]), j]
        return GowerMatrix(vals, self.is_categorical, self.weights, self.is_binary)


def gower_from_matrix(
    a: GowerMatrix, b: GowerMatrix | None = None, *, chunk_elements: int = _CHUNK_ELEMENTS
) -> np.ndarray:
    """Gower distances between the rows of two prepared matrices (``b=None``: ``a`` with itself)."""
    same = b is None
    b = a if b is None else b
    n, m = a.values.shape[0], b.values.shape[0]
    out = np.empty((n, m), dtype=np.float64)
    obs_a = ~np.isnan(a.values)
    obs_b = ~np.isnan(b.values)
    complete = bool(obs_a.all() and obs_b.all()) and not a.is_binary.any()
    w = a.weights
    total_w = float(w.sum())
    step = max(1, chunk_elements // max(m, 1))
    for start in range(0, n, step):
        stop = min(n, start + step)
        num = np.zeros((stop - start, m))
        den = None if complete else np.zeros((stop - start, m))
        for j in range(a.values.shape[1]):
            if w[j] == 0:
                continue
            x = a.values[start:stop, j][:, None]
            y = b.values[:, j][None, :]
            if a.is_categorical[j]:
                d = (x != y).astype(np.float64)
            else:
                d = np.abs(x - y)
            if complete:
                num += w[j] * d
            else:
                both = obs_a[start:stop, j][:, None] & obs_b[:, j][None, :]
                if a.is_binary[j]:
                    both &= (x == 1) | (y == 1)
                num += w[j] * np.where(both, d, 0.0)
                den += w[j] * both
        if complete:
            out[start:stop] = num / total_w
        else:
            with np.errstate(invalid="ignore", divide="ignore"):
                block = num / den
            block[den <= 0] = 1.0
            out[start:stop] = block
    if same:
        np.fill_diagonal(out, 0.0)
        out = np.minimum(out, out.T)  # exact symmetry despite float rounding
    return out


def _prepare_frame(frame: pd.DataFrame, weights) -> GowerMatrix:
    from personakit.segment._encoding import codebook_from_frame

    cb = codebook_from_frame(frame)
    cols, cat, ws, binary = [], [], [], []
    for _, row in cb.iterrows():
        name, kind = row["variable"], row["kind"]
        col = frame[name]
        w = 1.0 if weights is None else float(weights.get(name, 1.0))
        if not np.isfinite(w) or w < 0:
            raise SegmentationError(
                f"gower_distances weights[{name!r}] = {w!r}: weights must be finite and >= 0."
            )
        if kind in ("text", "date"):
            raise SegmentationError(
                f"gower_distances: column {name!r} looks like {kind} ({row['kind_reason']}); "
                "drop it or convert it to a category first."
            )
        binary.append(kind == "multiselect")
        if kind == "numeric":
            v = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            rng = np.nanmax(v) - np.nanmin(v) if np.isfinite(v).any() else 0.0
            vals = (v - np.nanmin(v)) / rng if rng > 0 else np.where(np.isnan(v), np.nan, 0.0)
            is_cat = False
        elif kind == "ordinal":
            codes = col.cat.codes.to_numpy().astype(float)
            codes[codes < 0] = np.nan
            span = np.nanmax(codes) - np.nanmin(codes) if np.isfinite(codes).any() else 0.0
            vals = (codes - np.nanmin(codes)) / span if span > 0 else codes * 0.0
            is_cat = False
        else:
            if kind == "multiselect":
                vals = col.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
            else:
                codes, uniques = pd.factorize(col.astype("string"), sort=True)
                vals = np.where(codes < 0, np.nan, codes.astype(float))
            is_cat = True
        cols.append(vals)
        cat.append(is_cat)
        ws.append(w)
    if not cols:
        raise SegmentationError("gower_distances: the table has no columns.")
    return GowerMatrix(np.column_stack(cols), np.array(cat), np.array(ws), np.array(binary))


def gower_distances(
    data: pd.DataFrame,
    other: pd.DataFrame | None = None,
    *,
    weights: dict[str, float] | None = None,
) -> np.ndarray:
    """Gower distances between the rows of a mixed-type table.

    Column kinds come from the dtypes: numbers are compared by ``|x - y| / range``,
    ordered categoricals by their position on the scale divided by the range of
    positions, unordered categoricals and strings by equality, booleans as presence /
    absence (a pair where both are False leaves that column out). Missing values drop
    the variable from that pair; pairs with nothing in common get 1.
    Written for pandas 3 (string dtype) and computed in row blocks, so memory stays at
    the size of the result.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent or account.
    other : pandas.DataFrame, optional
        Rows to compare against (same columns). Ranges and levels are taken from
        ``data`` and ``other`` together. Default: ``data`` itself.
    weights : dict, optional
        ``{column: weight}``; default 1 for every column.

    Returns
    -------
    numpy.ndarray
        ``(len(data), len(other))`` distances in [0, 1]; symmetric with a zero diagonal
        when ``other`` is None.

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit import gower_distances
    >>> df = pd.DataFrame({
    ...     "employees": [10.0, 50.0, 20.0],
    ...     "industry": ["retail", "retail", "health"],
    ...     "uses_crm": [True, False, True],
    ... })
    >>> gower_distances(df).round(3)
    array([[0.   , 0.667, 0.417],
           [0.667, 0.   , 0.917],
           [0.417, 0.917, 0.   ]])
    """
    if not isinstance(data, pd.DataFrame):
        raise SegmentationError(
            f"gower_distances needs a pandas DataFrame, got {type(data).__name__}."
        )
    if other is None:
        prep = _prepare_frame(data, weights)
        return gower_from_matrix(prep)
    if list(other.columns) != list(data.columns):
        raise SegmentationError(
            "gower_distances: other= must have the same columns as data, in the same order; "
            f"got {list(other.columns)[:5]} vs {list(data.columns)[:5]}."
        )
    both = pd.concat([data, other], axis=0, ignore_index=True)
    prep = _prepare_frame(both, weights)
    n = len(data)
    return gower_from_matrix(prep.take(np.arange(n)), prep.take(np.arange(n, len(both))))

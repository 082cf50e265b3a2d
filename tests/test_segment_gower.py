"""gower_distances against a plain loop over pairs; chunking; pandas 3 dtypes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from personakit import SegmentationError, gower_distances
from personakit.segment._gower import _prepare_frame, gower_from_matrix


def mixed_frame(n=40, seed=0):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {
            "employees": rng.lognormal(3, 1, n),
            "revenue": pd.Categorical(
                rng.choice(["<1M", "1-10M", "10M+"], n),
                categories=["<1M", "1-10M", "10M+"],
                ordered=True,
            ),
            "industry": pd.array(
                rng.choice(["retail", "health", "software", "beauty"], n), dtype="string"
            ),
            "region": pd.Categorical(rng.choice(["EU", "US", "APAC"], n)),
            "uses_crm": pd.array(rng.random(n) < 0.3, dtype="boolean"),
            "linkedin": pd.array(rng.random(n) < 0.5, dtype="boolean"),
        }
    )
    for col in df.columns:  # 15 % missing everywhere
        df.loc[rng.random(n) < 0.15, col] = np.nan if df[col].dtype == float else pd.NA
    return df


def loop_gower(df):
    """Gower (1971) written pair by pair, the slow and obvious way."""
    n = len(df)
    num = df["employees"].to_numpy(dtype=float)
    rng_num = np.nanmax(num) - np.nanmin(num)
    rev = df["revenue"].cat.codes.to_numpy().astype(float)
    rev[rev < 0] = np.nan
    rng_rev = np.nanmax(rev) - np.nanmin(rev)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            terms = []
            if not (np.isnan(num[i]) or np.isnan(num[j])):
                terms.append(abs(num[i] - num[j]) / rng_num)
            if not (np.isnan(rev[i]) or np.isnan(rev[j])):
                terms.append(abs(rev[i] - rev[j]) / rng_rev)
            for col in ("industry", "region"):
                a, b = df[col].iloc[i], df[col].iloc[j]
                if not (pd.isna(a) or pd.isna(b)):
                    terms.append(float(a != b))
            for col in ("uses_crm", "linkedin"):
                a, b = df[col].iloc[i], df[col].iloc[j]
                if not (pd.isna(a) or pd.isna(b)) and (a or b):
                    terms.append(float(a != b))
            out[i, j] = np.mean(terms) if terms else 1.0
    np.fill_diagonal(out, 0.0)
    return out


def test_matches_the_pairwise_definition():
    df = mixed_frame()
    np.testing.assert_allclose(gower_distances(df), loop_gower(df), atol=1e-12)


def test_properties_and_chunking_do_not_change_the_result():
    df = mixed_frame(120, seed=3)
    d = gower_distances(df)
    assert d.shape == (120, 120)
    np.testing.assert_array_equal(d, d.T)
    assert np.all(np.diag(d) == 0) and d.min() >= 0 and d.max() <= 1
    prep = _prepare_frame(df, None)
    np.testing.assert_allclose(gower_from_matrix(prep, chunk_elements=130), d)


def test_other_rows_and_weights():
    df = mixed_frame(30, seed=1)
    full = gower_distances(df)
    np.testing.assert_allclose(gower_distances(df.iloc[:10], df.iloc[10:]), full[:10, 10:])
    only_region = gower_distances(df, weights={c: 0.0 for c in df.columns if c != "region"})
    region = df["region"].astype(object)
    expected = np.where(
        region.isna().to_numpy()[:, None] | region.isna().to_numpy()[None, :],
        1.0,
        (region.to_numpy()[:, None] != region.to_numpy()[None, :]).astype(float),
    )
    np.fill_diagonal(expected, 0.0)
    np.testing.assert_allclose(only_region, expected)


def test_errors_name_the_problem():
    df = mixed_frame(30)
    with pytest.raises(SegmentationError, match=r"weights\['region'\] = -1.0"):
        gower_distances(df, weights={"region": -1.0})
    with pytest.raises(SegmentationError, match="same columns as data"):
        gower_distances(df, df[["region"]])
    with pytest.raises(SegmentationError, match="needs a pandas DataFrame"):
        gower_distances(np.zeros((3, 3)))
    notes = pd.DataFrame({"note": [f"free text number {i} about things" for i in range(60)]})
    with pytest.raises(SegmentationError, match="column 'note' looks like text"):
        gower_distances(notes)

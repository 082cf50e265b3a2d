"""Find redundant segmentation variables before fitting.

Two variables that say the same thing count the same idea twice (k-means, Gower) and
break the local-independence assumption of latent class analysis, which then spends
personas on modelling the pair instead of the respondents. Two checks, both reported
in ``PersonaSegmenter.encoding_`` (``treated_as="skip"`` with the reason):

*Derived variables.* A categorical variable whose answer is fixed by another
variable's answer (for at least 99 % of the respondents who answered both) is derived
from it, e.g. Qualtrics' ``Q16_NPS_GROUP`` (Detractor/Passive/Promoter) from the 0-10
score ``Q16``. The coarser one is left out. Checked when at least 50 respondents
answered both and the determining variable has at most one level per 10 of them (so a
variable with many levels cannot "determine" another by chance).

*Near-duplicates within personas.* Two scale, option or numeric variables whose
correlation *within* groups of similar respondents is 0.7 or more, e.g. an item and its
reverse-worded mirror ("I prefer to set it up myself" / "I would rather someone else
set it up"). Correlation across the whole sample would not do: strong personas make
their distinguishing items correlate strongly, and those must stay. So respondents are
first grouped by k-means (``k = min(8, n // 50)``), and the correlation is pooled over
the deviations from each group's mean. Needs at least 200 respondents.

Both checks look at a random sample of at most 5,000 respondents (plenty to see a
functional dependence or a 0.7 correlation; it keeps the screen to a fraction of a
second on 100,000 respondents).
"""

from __future__ import annotations

import numpy as np

from personakit.segment._encoding import EncodedData, MixedEncoder
from personakit.segment._kmeans import kmeans_fit

__all__ = ["redundant_variables"]

_PURITY = 0.99
_MIN_PAIR_ROWS = 50
_WITHIN_R = 0.7
_MIN_ROWS_WITHIN = 200
_SAMPLE = 5000


def _derived(encoder: MixedEncoder, enc: EncodedData) -> dict[str, str]:
    cat = [(j, e) for j, e in enumerate(e for e in encoder.used if e.treated_as != "numeric")]
    out: dict[str, str] = {}
    for ia, a in cat:
        if a.variable in out:
            continue
        ca = enc.codes[:, ia]
        for ib, b in cat:
            if ib == ia or b.variable in out or a.variable in out:
                continue
            cb = enc.codes[:, ib]
            both = (ca >= 0) & (cb >= 0)
            m = int(both.sum())
            if m < _MIN_PAIR_ROWS:
                continue
            x, y = ca[both], cb[both]
            la, lb = len(np.unique(x)), len(np.unique(y))
            if lb < 2 or la > m / 10 or lb > la:
                continue
            table = np.zeros((int(x.max()) + 1, int(y.max()) + 1))
            np.add.at(table, (x, y), 1.0)
            if table.max(axis=1).sum() / m < _PURITY:
                continue
            if lb == la and ib < ia:
                continue  # a one-to-one copy: keep the first in codebook order
            out[b.variable] = (
                f"derived from {a.variable!r}: each {a.variable} answer fixes the "
                f"{b.variable} answer, so it would count {a.variable} twice"
            )
    return out


def _near_duplicates(
    encoder: MixedEncoder, enc: EncodedData, w: np.ndarray, rng: np.random.Generator
) -> dict[str, str]:
    n = enc.n
    if n < _MIN_ROWS_WITHIN:
        return {}
    names, cols = [], []
    start = 0
    for e in encoder.used:
        width = len(e.columns())
        if e.treated_as != "nominal":
            names.append(e.variable)
            cols.append(start)
        start += width
    if len(cols) < 2:
        return {}
    k = int(min(8, max(2, n // 50)))
    labels = kmeans_fit(enc.X, k, sample_weight=w, n_init=1, rng=rng).labels
    V = enc.X[:, cols].copy()
    for g in range(k):
        rows = labels == g
        if rows.any():
            with np.errstate(invalid="ignore"):
                means = np.nanmean(np.where(np.isnan(V[rows]), np.nan, V[rows]), axis=0)
            V[rows] -= np.where(np.isnan(means), 0.0, means)
    obs = ~np.isnan(V)
    V0 = np.where(obs, V, 0.0)
    cross = V0.T @ V0
    sq = (V0**2).T @ obs.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = cross / np.sqrt(sq * sq.T)
    r = np.nan_to_num(r)
    out: dict[str, str] = {}
    for i in range(len(names)):
        if names[i] in out:
            continue
        for j in range(i + 1, len(names)):
            if names[j] in out:
                continue
            if abs(r[i, j]) >= _WITHIN_R and (obs[:, i] & obs[:, j]).sum() >= _MIN_PAIR_ROWS:
                sign = "mirrors" if r[i, j] < 0 else "duplicates"
                out[names[j]] = (
                    f"{sign} {names[i]!r} (correlation {r[i, j]:+.2f} among similar "
                    f"respondents), so it would count {names[i]} twice"
                )
    return out


def redundant_variables(
    encoder: MixedEncoder, enc: EncodedData, w: np.ndarray, rng: np.random.Generator
) -> dict[str, str]:
    """``{variable: reason}`` for derived variables and within-persona near-duplicates.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from personakit.segment._encoding import MixedEncoder, codebook_from_frame
    >>> rng = np.random.default_rng(0)
    >>> score = rng.integers(0, 11, 300).astype(float)
    >>> df = pd.DataFrame({
    ...     "nps": pd.Categorical(score, categories=np.arange(11.0), ordered=True),
    ...     "group": np.where(score >= 9, "Promoter", np.where(score >= 7, "Passive", "Detractor")),
    ...     "plan": rng.choice(["free", "pro"], 300),
    ... })
    >>> encoder = MixedEncoder(codebook_from_frame(df)).fit(df)
    >>> enc = encoder.transform(df)
    >>> list(redundant_variables(encoder, enc, np.ones(300), rng))
    ['group']
    """
    if enc.n > _SAMPLE:
        rows = np.sort(rng.choice(enc.n, size=_SAMPLE, replace=False))
        enc, w = enc.take(rows), w[rows]
    out = _derived(encoder, enc)
    out.update({k: v for k, v in _near_duplicates(encoder, enc, w, rng).items() if k not in out})
    return out

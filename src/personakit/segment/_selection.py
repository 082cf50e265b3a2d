"""Diagnostics for each candidate number of personas, and the rule that picks one.

For every candidate ``k`` the sweep records (columns of ``PersonaSegmenter.selection_``):

``silhouette``, ``calinski_harabasz``, ``davies_bouldin``
    scikit-learn's internal validity indices, computed on the k-means encoding with
    missing values replaced by column means (silhouette on a random subsample of at most
    2,000 respondents; on the Gower distances for the hierarchical method).
``log_likelihood``, ``n_params``, ``bic``, ``aic``
    for the likelihood methods (LCA, GMM); poLCA's parameter count.
``gap``, ``gap_se``
    for the distance methods (k-means, hierarchical): Tibshirani's gap statistic,
    ``mean(log W_null) - log W`` where ``W`` is the within-persona dispersion and the
    reference data are the same answers shuffled independently per variable (which
    keeps every question's distribution and destroys any relation between questions).
    For GMM, the same idea on the likelihood: the gain in log-likelihood per
    respondent over k = 1, minus the mean gain on shuffled answers (a Gaussian mixture
    on scale answers gains likelihood from their discreteness alone, so its BIC must
    be calibrated this way).
``stability``, ``min_stability``
    mean and lowest per-persona bootstrap Jaccard (see :mod:`._stability`).
``smallest_share``
    share of respondents in the smallest persona.

The rule (:func:`choose_k`):

1. *Is there structure at all?* LCA: if ``k = 1`` has the lowest BIC, one class
   explains the answers as well as any split. GMM: additionally, some k must beat the
   shuffled-answer reference as below. Distance methods: if no
   ``k`` has a gap above ``max(3 * gap_se, 0.01)`` (an observed dispersion clearly
   below that of shuffled answers), the groups are no tighter than chance.
   Either way the answer is ``k = 1`` with "no stable structure".
2. A ``k`` is *admissible* when its smallest persona holds at least ``min_share`` of
   respondents and every persona is stable (bootstrap Jaccard >= ``min_stability``,
   0.6 by default after Hennig), and (likelihood methods) its BIC beats ``k = 1`` or
   (distance methods) its gap is significant as above.
3. Among admissible ``k``: the lowest BIC (likelihood methods), or for the distance
   methods Tibshirani's rule, the smallest ``k`` with ``gap(k) >= gap(k+1) - se(k+1)``
   (more personas would not make them tighter than they would be by chance).
   If nothing is admissible, the answer is ``k = 1`` with the reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["SELECTION_COLUMNS", "choose_k", "validity_indices"]

SELECTION_COLUMNS = [
    "method",
    "k",
    "silhouette",
    "calinski_harabasz",
    "davies_bouldin",
    "log_likelihood",
    "n_params",
    "bic",
    "aic",
    "gap",
    "gap_se",
    "stability",
    "min_stability",
    "smallest_share",
    "admissible",
    "note",
]

_GAP_Z = 3.0
_GAP_MIN = 0.01
_SILHOUETTE_SAMPLE = 2000


def impute_means(X: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Replace ``NaN`` by the weighted column mean (for the validity indices only)."""
    obs = ~np.isnan(X)
    X0 = np.where(obs, X, 0.0)
    den = w @ obs
    means = np.where(den > 0, (w @ X0) / np.maximum(den, 1e-300), 0.0)
    return np.where(obs, X, means[None, :])


def validity_indices(
    Xi: np.ndarray,
    labels: np.ndarray,
    rng: np.random.Generator,
    distances: np.ndarray | None = None,
) -> tuple[float, float, float]:
    """Silhouette, Calinski-Harabasz and Davies-Bouldin (NaN when undefined).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0], [0.1], [5.0], [5.1]])
    >>> [round(v, 2) for v in validity_indices(X, np.array([0, 0, 1, 1]), np.random.default_rng(0))]
    [0.98, 5000.0, 0.02]
    """
    from sklearn.metrics import (
        calinski_harabasz_score,
        davies_bouldin_score,
        silhouette_score,
    )

    n = len(labels)
    n_groups = len(np.unique(labels))
    if n_groups < 2 or n_groups >= n:
        return float("nan"), float("nan"), float("nan")
    if distances is not None:
        sil = float(silhouette_score(distances, labels, metric="precomputed"))
    else:
        rows = np.arange(n)
        if n > _SILHOUETTE_SAMPLE:
            rows = np.sort(rng.choice(n, size=_SILHOUETTE_SAMPLE, replace=False))
        sub = labels[rows]
        if 2 <= len(np.unique(sub)) < len(sub):
            sil = float(silhouette_score(Xi[rows], sub))
        else:
            sil = float("nan")
    ch = float(calinski_harabasz_score(Xi, labels))
    db = float(davies_bouldin_score(Xi, labels))
    return sil, ch, db


def _gap_significant(row) -> bool:
    gap, se = row["gap"], row["gap_se"]
    if gap is None or pd.isna(gap):
        return False
    return bool(gap > max(_GAP_Z * (0.0 if pd.isna(se) else se), _GAP_MIN))


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def choose_k(
    table: pd.DataFrame,
    *,
    likelihood: bool,
    min_share: float,
    min_stability: float,
    fixed_k: int | None = None,
) -> tuple[int, str, pd.DataFrame]:
    """Pick the number of personas from the sweep table; returns ``(k, reason, table)``.

    The table comes back with ``admissible`` and ``note`` filled in. See the module
    docstring for the rule.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"method": "lca", "k": [1, 2, 3], "bic": [900.0, 800.0, 820.0],
    ...                   "stability": [1.0, 0.9, 0.8], "min_stability": [1.0, 0.85, 0.7],
    ...                   "smallest_share": [1.0, 0.4, 0.2], "gap": float("nan"),
    ...                   "gap_se": float("nan"), "silhouette": float("nan")})
    >>> k, reason, _ = choose_k(t, likelihood=True, min_share=0.05, min_stability=0.6)
    >>> k, reason
    (2, 'k=2: lowest BIC (800.0) among the k whose smallest persona holds at least 5 % of respondents and whose personas are all stable (bootstrap Jaccard >= 0.6).')
    """
    table = table.copy()
    table["admissible"] = False
    table["note"] = ""
    has_stability = table["min_stability"].notna().any()
    multi = table[table["k"] > 1]

    if fixed_k is not None:
        row = table[table["k"] == fixed_k].iloc[0]
        notes = _problems(row, likelihood, min_share, min_stability, table, has_stability)
        table.loc[table["k"] == fixed_k, "note"] = "; ".join(notes) or "requested"
        table.loc[table["k"] == fixed_k, "admissible"] = not notes
        reason = f"k={fixed_k}: set by n_personas={fixed_k}."
        if notes:
            reason += " Caution: " + "; ".join(notes) + "."
        return fixed_k, reason, table

    # 1. structure at all?
    structure_reason = None
    calibrated = likelihood and table["gap"].notna().any()
    if calibrated and not any(_gap_significant(r) for _, r in multi.iterrows()):
        structure_reason = (
            "no stable structure: no number of personas raises the likelihood by more than "
            "the same answers shuffled at random do, so any split would only fit the shape "
            "of the answer scales, not groups of respondents."
        )
    elif likelihood and (table["k"] == 1).any():
        bic1 = float(table.loc[table["k"] == 1, "bic"].iloc[0])
        best = multi.loc[multi["bic"].idxmin()] if len(multi) else None
        if best is None or float(best["bic"]) >= bic1:
            structure_reason = (
                f"no stable structure: BIC is lowest for a single class (k=1: BIC {bic1:.1f}"
                + (
                    f"; best split k={int(best['k'])}: BIC {float(best['bic']):.1f}"
                    if best is not None
                    else ""
                )
                + "), so the answers look like one population rather than distinct personas."
            )
    elif (
        not likelihood
        and table["gap"].notna().any()
        and not any(_gap_significant(r) for _, r in multi.iterrows())
    ):
        top = (
            multi.loc[multi["gap"].idxmax()] if len(multi) and multi["gap"].notna().any() else None
        )
        detail = (
            f"; best k={int(top['k'])}: gap {float(top['gap']):.3f} with standard error "
            f"{float(top['gap_se']):.3f}"
            if top is not None
            else ""
        )
        structure_reason = (
            "no stable structure: no number of personas groups respondents more tightly "
            f"than the same answers shuffled at random (gap statistic{detail}), so any "
            "split would be invented."
        )

    for idx, row in multi.iterrows():
        notes = _problems(row, likelihood, min_share, min_stability, table, has_stability)
        table.loc[idx, "note"] = "; ".join(notes)
        table.loc[idx, "admissible"] = not notes
    if (table["k"] == 1).any():
        table.loc[table["k"] == 1, "note"] = "one persona (reference: no structure)"

    if structure_reason is not None:
        table.loc[table["k"] == 1, "admissible"] = True
        return 1, structure_reason, table

    ok = table[(table["k"] > 1) & table["admissible"]]
    if ok.empty:
        k_list = ", ".join(str(int(k)) for k in multi["k"])
        reason = (
            f"no stable structure: none of k={k_list} gave personas that are all stable "
            f"(bootstrap Jaccard >= {min_stability:g}) and all at least {_pct(min_share)} of "
            "respondents (see selection_['note']); reporting one persona. Pass an integer "
            "n_personas to force a split and inspect stability_."
        )
        table.loc[table["k"] == 1, "admissible"] = True
        return 1, reason, table

    crit = f"whose smallest persona holds at least {_pct(min_share)} of respondents" + (
        f" and whose personas are all stable (bootstrap Jaccard >= {min_stability:g})"
        if has_stability
        else ""
    )
    if likelihood:
        best = ok.loc[ok["bic"].idxmin()]
        reason = f"k={int(best['k'])}: lowest BIC ({float(best['bic']):.1f}) among the k {crit}."
    elif not table["gap"].notna().any():
        if not has_stability:
            best = ok.loc[ok["silhouette"].fillna(-np.inf).idxmax()]
            reason = f"k={int(best['k'])}: highest silhouette among the k {crit} (n_null=0, n_bootstrap=0)."
        else:
            best = ok.loc[ok["stability"].idxmax()]
            reason = (
                f"k={int(best['k'])}: highest bootstrap stability ({float(best['stability']):.2f}) "
                f"among the k {crit} (no gap statistic: n_null=0)."
            )
    else:
        # Tibshirani's rule: the smallest k whose gap is within one standard error of
        # the next k's (more groups would not tighten them beyond chance)
        by_k = table.set_index("k")
        chosen = None
        for k in sorted(int(x) for x in ok["k"]):
            if k + 1 not in by_k.index or pd.isna(by_k.loc[k + 1, "gap"]):
                continue
            if by_k.loc[k, "gap"] >= by_k.loc[k + 1, "gap"] - by_k.loc[k + 1, "gap_se"]:
                chosen = k
                break
        if chosen is None:
            best = ok.loc[ok["gap"].idxmax()]
            rule = "largest gap statistic"
        else:
            best = ok[ok["k"] == chosen].iloc[0]
            rule = "smallest k whose gap statistic is within one standard error of the next k's"
        reason = (
            f"k={int(best['k'])}: {rule} (gap {float(best['gap']):.3f}; Tibshirani et al. 2001), "
            f"among the k {crit}"
            + ("" if has_stability else " (no bootstrap: n_bootstrap=0)")
            + "."
        )
    return int(best["k"]), reason, table


def _problems(row, likelihood, min_share, min_stability, table, has_stability) -> list[str]:
    notes = []
    if int(row["k"]) == 1:
        return notes
    if row["smallest_share"] < min_share:
        notes.append(f"smallest persona {_pct(row['smallest_share'])} < {_pct(min_share)}")
    if has_stability and not pd.isna(row["min_stability"]) and row["min_stability"] < min_stability:
        notes.append(
            f"a persona is unstable (Jaccard {row['min_stability']:.2f} < {min_stability:g})"
        )
    if likelihood and (table["k"] == 1).any():
        bic1 = float(table.loc[table["k"] == 1, "bic"].iloc[0])
        if row["bic"] >= bic1:
            notes.append("BIC no better than one class")
    if not pd.isna(row.get("gap", np.nan)) and not _gap_significant(row):
        notes.append(
            "no better than shuffled answers (gap)"
            if likelihood
            else "not tighter than shuffled answers (gap)"
        )
    return notes

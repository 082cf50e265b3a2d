"""``PersonaSegmenter``: from survey answers to candidate personas, with the reasons why."""

from __future__ import annotations

import html
import warnings
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from personakit._errors import PersonakitWarning, SegmentationError
from personakit.segment._dependence import redundant_variables
from personakit.segment._encoding import MixedEncoder, codebook_from_frame
from personakit.segment._engines import make_engine, predict_model
from personakit.segment._hierarchical import LINKAGES, MIN_ROWS, check_size
from personakit.segment._selection import (
    SELECTION_COLUMNS,
    choose_k,
    impute_means,
    validity_indices,
)
from personakit.segment._stability import bootstrap_stability

__all__ = ["METHODS", "PersonaSegmenter"]

METHODS = ("auto", "kmeans", "gmm", "lca", "hierarchical")
_MIN_PER_PERSONA = 5
_AUTO_KS = range(2, 9)

_METHOD_WORDS = {
    "kmeans": "k-means on the codebook-driven encoding (missing answers by partial distances)",
    "gmm": "a diagonal Gaussian mixture on the codebook-driven encoding (missing answers by "
    "the likelihood)",
    "lca": "latent class analysis (categorical answers as categories, numbers as Gaussians, "
    "missing answers by the likelihood)",
    "hierarchical": "agglomerative clustering on Gower distances",
}


class PersonaSegmenter(BaseEstimator):
    """Group respondents into candidate personas and say why this many.

    A scikit-learn style estimator: set options in the constructor, call
    :meth:`fit` on a :class:`personakit.Survey` (its codebook decides how each
    question is encoded) or a plain DataFrame (kinds from dtypes: ordered
    categorical = scale, categorical/str = nominal, bool = multi-select option,
    numbers = numeric). Text, ids, metadata, dates, personal data (``pii``),
    attention checks and ``include=False`` variables are never clustered on.

    Parameters
    ----------
    n_personas : "auto", int or range, default "auto"
        Number of personas. ``"auto"`` tries 2 to 8 (and 1, "no structure");
        a range or list tries those; an int fits exactly that many.
    method : {"auto", "kmeans", "gmm", "lca", "hierarchical"}, default "auto"
        ``"auto"``: hierarchical clustering on Gower distances below ``small_n``
        respondents (e.g. top-account lists), latent class analysis otherwise.
        Missing answers: k-means uses partial distances (only the answered
        questions, rescaled), GMM and LCA integrate them out of the likelihood,
        Gower skips them pair by pair; a respondent who answered none of the
        segmentation questions is listed in ``dropped_``, never silently lost.
    variables : list of str, optional
        Variables or question ids to segment on (default: every eligible one).
    weights : dict, optional
        Importance of variables or whole questions, ``{name: weight}`` (default 1;
        0 leaves a variable out). A nominal question counts once whatever its
        number of answer levels.
    treat_as : dict, optional
        Override the encoding of a variable: ``{name: "ordinal" | "nominal" |
        "binary" | "numeric" | "skip"}``. See ``encoding_`` for what was chosen.
    random_state : int, default 0
        Seed for every random step (starts, bootstrap, reference data). Same data
        and seed give the same personas, whatever the row order.
    n_bootstrap : int, default 20
        Bootstrap resamples for the stability of each persona (0 to skip).
    min_share : float, default 0.05
        Smallest acceptable persona share when choosing ``k``.
    min_stability : float, default 0.6
        Personas with a mean bootstrap Jaccard below this are flagged not stable
        (and a ``k`` with one is not chosen automatically).
    linkage : {"average", "complete"}, default "average"
        Linkage of the hierarchical method.
    n_init : int, optional
        Random starts (default 4 for k-means, 10 for LCA/GMM).
    small_n : int, default 200
        Below this many respondents ``method="auto"`` uses the hierarchical method.
    hierarchical_max_n : int, default 5000
        Largest n the hierarchical method accepts (it needs an n x n matrix).
    bootstrap_size : int or None, default 5000
        Resample size cap for the stability bootstrap (None: always n).
    n_null : int, default 5
        Shuffled reference data sets for the gap statistic (distance methods).
    use_survey_weights : bool, default True
        Use the survey's weight variable as respondent weights where the method
        allows (k-means, GMM, LCA).
    lca_numeric : {"binned", "gaussian"}, default "binned"
        How LCA models numeric answers: as levels (quantile bins, one level per
        value for small counts; robust to skew, floors and rounding) or as one
        Gaussian per persona.
    min_level_share : float, default 0.05
        LCA merges answer levels chosen by fewer respondents than this share
        (ordered levels into a neighbour, nominal ones into "other").
    drop_redundant : bool, default True
        Leave out variables derived from another one (e.g. an NPS group next to
        the NPS score) and near-duplicates within personas (e.g. a reverse-worded
        mirror item), with the reason in ``encoding_`` and a warning. See
        :mod:`personakit.segment._dependence`.
    n_jobs : int, default 1
        Threads for the bootstrap refits. Results do not depend on it. Matrix
        products run single-threaded during ``fit`` (they are narrow, and
        multi-threaded BLAS slows them down badly on a busy machine).

    Attributes
    ----------
    labels_ : pandas.Series
        Persona (1 = largest) per respondent id, in input order.
    probabilities_ : pandas.DataFrame or None
        Posterior persona probabilities (columns 1..k) for LCA/GMM, else None.
    n_personas_ : int
        The number of personas.
    selection_ : pandas.DataFrame
        One row per candidate k (see :mod:`personakit.segment._selection`).
    selection_reason_ : str
        Why this k, in a sentence.
    method_, method_reason_ : str
        The method used, and why.
    log_likelihood_, bic_, aic_ : float or None
        For LCA/GMM: total log-likelihood (natural log), and BIC/AIC with poLCA's
        parameter count (``n_params_``).
    stability_ : pandas.DataFrame
        Per persona: size, share, weighted_share, stability (mean bootstrap
        Jaccard), stable (>= ``min_stability``).
    encoding_ : pandas.DataFrame
        One row per variable: kind, treatment, weight, levels, encoded columns, reason.
    dropped_ : pandas.DataFrame
        Respondents not segmented (``respondent_id, reason``).
    survey_ : personakit.Survey
        The survey that was segmented.
    linkage_ : numpy.ndarray or None
        The scipy linkage matrix (hierarchical method), for ``plot_dendrogram``.

    Notes
    -----
    *Encoding* (``encoding_``, one row per codebook variable): ``kind`` (codebook),
    ``treated_as`` (ordinal, nominal, binary, numeric or skip), ``weight``,
    ``n_levels``, ``columns`` (k-means encoding), ``n_missing``, ``transform``
    (``log1p`` for right-skewed numbers), ``lca_model`` (how LCA models it: levels,
    merged rare levels, "Don't know" level, bins) and ``reason``. Redundant variables
    (derived from another, or a near-duplicate within personas) are skipped with the
    reason; see :mod:`personakit.segment._dependence`.

    *Choosing k* (``selection_``, ``selection_reason_``): see
    :mod:`personakit.segment._selection`. LCA uses BIC among the k whose personas are
    all stable and at least ``min_share``; k-means and hierarchical use the gap
    statistic against answers shuffled per variable; GMM's likelihood gains are
    calibrated against the same shuffled answers. Each can answer "no stable
    structure" (``n_personas_ == 1``).

    *BIC convention*: parameters are counted as in R's poLCA, ``(k - 1) + k * sum_j
    (L_j - 1)`` over the levels LCA actually uses, plus two per Gaussian variable;
    with integer-coded answers StepMix 3.0 counts the same. The log-likelihood is the
    natural-log total with respondent weights normalised to mean 1.

    *Stability* (``stability_``): Hennig's clusterboot Jaccard, mean over
    ``n_bootstrap`` resamples drawn with replacement (at most ``bootstrap_size`` rows).
    Bootstrap refits of LCA/GMM start from k-means only, and the sweep runs EM in
    float32 to a 1e-6 relative tolerance; the chosen model is then refined in
    float64 to 1e-8. Both shortcuts can only lower the reported stability or leave the
    final fit unchanged; they make a full sweep on 10,000 respondents take seconds.

    Examples
    --------
    >>> from personakit import PersonaSegmenter
    >>> from personakit.simulate import simulate_survey
    >>> survey, truth = simulate_survey(400, 3, separation=2.0, random_state=0)
    >>> seg = PersonaSegmenter(n_bootstrap=5, random_state=0).fit(survey)
    >>> seg.method_, seg.n_personas_
    ('lca', 3)
    >>> seg.labels_.value_counts().sort_index().tolist()
    [138, 132, 130]
    >>> print(seg.selection_reason_)  # doctest: +ELLIPSIS
    k=3: lowest BIC (...) among the k whose smallest persona holds at least 5 % of ...
    """

    def __init__(
        self,
        n_personas="auto",
        *,
        method="auto",
        variables=None,
        weights=None,
        treat_as=None,
        random_state=0,
        n_bootstrap=20,
        min_share=0.05,
        min_stability=0.6,
        linkage="average",
        n_init=None,
        small_n=200,
        hierarchical_max_n=5000,
        bootstrap_size=5000,
        n_null=5,
        use_survey_weights=True,
        n_jobs=1,
        lca_numeric="binned",
        min_level_share=0.05,
        drop_redundant=True,
    ):
        self.n_personas = n_personas
        self.method = method
        self.variables = variables
        self.weights = weights
        self.treat_as = treat_as
        self.random_state = random_state
        self.n_bootstrap = n_bootstrap
        self.min_share = min_share
        self.min_stability = min_stability
        self.linkage = linkage
        self.n_init = n_init
        self.small_n = small_n
        self.hierarchical_max_n = hierarchical_max_n
        self.bootstrap_size = bootstrap_size
        self.n_null = n_null
        self.use_survey_weights = use_survey_weights
        self.n_jobs = n_jobs
        self.lca_numeric = lca_numeric
        self.min_level_share = min_level_share
        self.drop_redundant = drop_redundant

    # ------------------------------------------------------------------ validation
    def _check_params(self) -> None:
        if self.method not in METHODS:
            raise SegmentationError(
                f"method={self.method!r} is not a segmentation method; use one of {list(METHODS)}."
            )
        if self.lca_numeric not in ("binned", "gaussian"):
            raise SegmentationError(
                f"lca_numeric={self.lca_numeric!r}: use 'binned' or 'gaussian'."
            )
        if not (0 <= float(self.min_level_share) < 0.5):
            raise SegmentationError(
                f"min_level_share={self.min_level_share!r} must be in [0, 0.5), e.g. 0.05."
            )
        if self.linkage not in LINKAGES:
            raise SegmentationError(
                f"linkage={self.linkage!r} is not supported; use one of {list(LINKAGES)}."
            )
        if (
            isinstance(self.n_jobs, bool)
            or not isinstance(self.n_jobs, int | np.integer)
            or self.n_jobs < 1
        ):
            raise SegmentationError(f"n_jobs={self.n_jobs!r} must be an integer >= 1.")
        for name in ("n_bootstrap", "n_null"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
                raise SegmentationError(f"{name}={value!r} must be an integer >= 0.")
        if not isinstance(self.random_state, int | np.integer) or isinstance(
            self.random_state, bool
        ):
            raise SegmentationError(
                f"random_state={self.random_state!r} must be an integer seed (e.g. 0)."
            )
        if not (0 <= float(self.min_share) < 1):
            raise SegmentationError(f"min_share={self.min_share!r} must be in [0, 1), e.g. 0.05.")
        if not (0 <= float(self.min_stability) <= 1):
            raise SegmentationError(
                f"min_stability={self.min_stability!r} must be in [0, 1], e.g. 0.6."
            )
        if self.n_init is not None and (
            isinstance(self.n_init, bool)
            or not isinstance(self.n_init, int | np.integer)
            or self.n_init < 1
        ):
            raise SegmentationError(f"n_init={self.n_init!r} must be None or an integer >= 1.")

    def _candidate_ks(self, n: int) -> tuple[list[int], bool, int | None]:
        """(ks to fit, whether k=1 is a candidate, the fixed k or None)."""
        spec = self.n_personas
        if isinstance(spec, str):
            if spec != "auto":
                raise SegmentationError(
                    f"n_personas={spec!r}: use 'auto', an integer, or a range such as range(2, 7)."
                )
            wanted = list(_AUTO_KS)
            fixed = None
        elif isinstance(spec, bool):
            raise SegmentationError(f"n_personas={spec!r}: use 'auto', an integer or a range.")
        elif isinstance(spec, int | np.integer):
            k = int(spec)
            if k < 1:
                raise SegmentationError(f"n_personas={k} must be at least 1.")
            if k > n:
                raise SegmentationError(
                    f"n_personas={k} is larger than the number of respondents segmented ({n}). "
                    f"Ask for fewer personas (at most {max(1, n // _MIN_PER_PERSONA)} with {n} "
                    "respondents)."
                )
            if n < _MIN_PER_PERSONA * k:
                raise SegmentationError(
                    f"Too few respondents for n_personas={k}: {n} respondents, but at least "
                    f"{_MIN_PER_PERSONA * k} ({_MIN_PER_PERSONA} per persona on average) are needed. "
                    f"Use n_personas <= {max(1, n // _MIN_PER_PERSONA)} or collect more responses."
                )
            return [k], False, k
        else:
            try:
                wanted = sorted({int(k) for k in spec})
            except (TypeError, ValueError):
                raise SegmentationError(
                    f"n_personas={spec!r}: use 'auto', an integer, or a range such as range(2, 7)."
                ) from None
            if not wanted or wanted[0] < 1:
                raise SegmentationError(
                    f"n_personas={spec!r} must contain numbers of personas >= 1."
                )
            fixed = None
        feasible = [k for k in wanted if k == 1 or n >= _MIN_PER_PERSONA * k]
        multi = [k for k in feasible if k > 1]
        if not multi:
            raise SegmentationError(
                f"Too few respondents for n_personas={spec!r}: {n} respondents allow at most "
                f"{n // _MIN_PER_PERSONA} personas ({_MIN_PER_PERSONA} per persona on average). "
                "Ask for fewer personas or collect more responses."
            )
        return sorted(set(multi) | {1}), True, fixed

    # ------------------------------------------------------------------ input
    @staticmethod
    def _as_survey(data):
        from personakit.survey import Survey

        if isinstance(data, Survey):
            return data
        if isinstance(data, pd.DataFrame):
            if data.empty:
                raise SegmentationError(
                    "The table has no rows (or no columns); segmentation needs respondents' answers."
                )
            from_frame = getattr(Survey, "from_frame", None)
            if from_frame is not None:
                try:
                    return from_frame(data)
                except TypeError:  # pragma: no cover - older signature
                    pass
            return Survey(data, codebook_from_frame(data))
        raise SegmentationError(
            f"PersonaSegmenter.fit needs a personakit.Survey or a pandas DataFrame, got "
            f"{type(data).__name__}. Read a survey with personakit.read_survey(path)."
        )

    def _respondent_weights(self, survey, sample_weight, ids: pd.Index) -> np.ndarray:
        if sample_weight is not None:
            if isinstance(sample_weight, pd.Series):
                sw = sample_weight.copy()
                sw.index = sw.index.astype(str)
                missing_ids = ids.difference(sw.index)
                if len(missing_ids):
                    raise SegmentationError(
                        f"sample_weight has no weight for respondent(s) {list(missing_ids[:5])}; "
                        "give one weight per respondent id."
                    )
                values = pd.to_numeric(sw.reindex(ids), errors="coerce")
            else:
                arr = np.asarray(sample_weight, dtype=float)
                if arr.shape != (len(ids),):
                    raise SegmentationError(
                        f"sample_weight has shape {arr.shape}; expected ({len(ids)},), one weight "
                        "per respondent."
                    )
                values = pd.Series(arr, index=survey.responses.index).reindex(ids)
            source = "sample_weight"
        elif self.use_survey_weights and survey.weights is not None:
            values = pd.to_numeric(survey.weights, errors="coerce").reindex(ids)
            source = (
                f"survey weight variable {survey.variables(kind='weight', include_only=False)[0]!r}"
            )
        else:
            return np.ones(len(ids))
        bad = values.isna() | ~np.isfinite(values.astype(float)) | (values < 0)
        if bad.any():
            first = values[bad]
            raise SegmentationError(
                f"{source}: respondent weights must be finite numbers >= 0; respondent "
                f"{first.index[0]!r} has {first.iloc[0]!r} ({int(bad.sum())} bad in all). Fix or "
                "impute those weights, exclude those respondents, or pass use_survey_weights=False."
            )
        if float(values.sum()) <= 0:
            raise SegmentationError(f"{source}: every respondent weight is 0; nothing to segment.")
        return values.to_numpy(dtype=float)

    # ------------------------------------------------------------------ fitting
    def fit(self, X, y=None, sample_weight=None):
        """Segment the respondents of ``X``.

        Parameters
        ----------
        X : personakit.Survey or pandas.DataFrame
            Survey (preferred) or table of answers indexed by respondent id.
        y : None
            Ignored (scikit-learn convention).
        sample_weight : array-like or pandas.Series, optional
            Respondent weights; default: the survey weight variable, if any.

        Returns
        -------
        PersonaSegmenter
            ``self``, fitted.

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> from personakit import PersonaSegmenter
        >>> rng = np.random.default_rng(0)
        >>> df = pd.DataFrame({"spend": np.r_[rng.normal(0, 1, 30), rng.normal(8, 1, 30)],
        ...                    "plan": ["free"] * 30 + ["pro"] * 30})
        >>> PersonaSegmenter(2, n_bootstrap=0).fit(df).labels_.value_counts().tolist()
        [30, 30]
        """
        self._check_params()
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return self._fit(X, sample_weight)

    def _fit(self, X, sample_weight):
        survey = self._as_survey(X)
        frame = survey.responses
        if len(frame) == 0:
            raise SegmentationError("The survey has no respondents; nothing to segment.")
        input_ids = frame.index.astype(str)
        order = np.argsort(np.asarray(input_ids, dtype=object), kind="stable")
        frame = frame.iloc[order]
        ids = frame.index.astype(str)

        w_all = self._respondent_weights(survey, sample_weight, ids)
        encoder = MixedEncoder(
            survey.codebook,
            variables=self.variables,
            weights=self.weights,
            treat_as=self.treat_as,
            lca_numeric=self.lca_numeric,
            min_level_share=self.min_level_share,
        ).fit(frame, missing=survey.missing)
        enc = encoder.transform(frame, missing=survey.missing)
        if self.drop_redundant:
            redundant = redundant_variables(
                encoder, enc, w_all, np.random.default_rng([int(self.random_state), 0, 4])
            )
            if redundant:
                encoder.drop(redundant)
                enc = encoder.transform(frame, missing=survey.missing)
                warnings.warn(
                    "Left out of the segmentation as redundant: "
                    + "; ".join(f"{v} ({r})" for v, r in redundant.items())
                    + ". Pass drop_redundant=False to keep them (see encoding_).",
                    PersonakitWarning,
                    stacklevel=3,
                )
        answered = (~np.isnan(enc.X)).any(axis=1)
        n_vars = len(encoder.used)
        dropped = pd.DataFrame(
            {
                "respondent_id": pd.Series(ids[~answered], dtype=object),
                "reason": f"answered none of the {n_vars} segmentation variables",
            }
        )
        enc = enc.take(np.flatnonzero(answered))
        w = w_all[answered]
        if w.sum() <= 0:
            raise SegmentationError("Every segmented respondent has weight 0; nothing to segment.")
        w = w / w.mean()
        n = enc.n
        if n < MIN_ROWS:
            raise SegmentationError(
                f"Only {n} respondents have answers to segment on (at least {MIN_ROWS} are needed "
                f"to find groups{'; ' + str(len(dropped)) + ' answered nothing' if len(dropped) else ''}). "
                "Collect more responses, or describe these few individually."
            )

        method, method_reason = self._choose_method(n, encoder)
        if method == "hierarchical":
            check_size(n, int(self.hierarchical_max_n))
        ks, with_one, fixed = self._candidate_ks(n)
        settings = {"n_init": self.n_init, "linkage": self.linkage}
        engine = make_engine(method, encoder, enc, w, settings)
        Xi = impute_means(enc.X, w)
        seed = int(self.random_state)

        rows, solutions = [], {}
        for k in ks:
            sol = engine.fit(k, np.random.default_rng([seed, k, 0]))
            k_found = int(sol.labels.max()) + 1 if len(sol.labels) else 0
            solutions[k] = sol
            counts = np.bincount(sol.labels, minlength=k)
            sil, ch, db = validity_indices(
                Xi,
                sol.labels,
                np.random.default_rng([seed, k, 2]),
                distances=getattr(engine, "D", None),
            )
            stab = np.full(k, np.nan)
            if k == 1:
                stab = np.ones(1)
            elif self.n_bootstrap > 0:
                stab = bootstrap_stability(
                    sol.labels,
                    k,
                    lambda r, g, k=k: engine.fit(k, g, rows=r, quick=True).labels,
                    n_bootstrap=int(self.n_bootstrap),
                    seed=(seed, k, 1),
                    size=self.bootstrap_size,
                    n_jobs=int(self.n_jobs),
                )
            row = {
                "method": method,
                "k": k,
                "silhouette": sil,
                "calinski_harabasz": ch,
                "davies_bouldin": db,
                "log_likelihood": sol.log_likelihood,
                "n_params": sol.n_params,
                "bic": np.nan,
                "aic": np.nan,
                "gap": np.nan,
                "gap_se": np.nan,
                "stability": float(np.mean(stab)) if k > 1 or self.n_bootstrap else 1.0,
                "min_stability": float(np.min(stab)),
                "smallest_share": float(counts.min() / n) if k_found == k else 0.0,
            }
            if sol.log_likelihood is not None:
                row["bic"] = -2 * sol.log_likelihood + sol.n_params * np.log(n)
                row["aic"] = -2 * sol.log_likelihood + 2 * sol.n_params
            rows.append(row)
            sol.extra["stability"] = stab
        table = pd.DataFrame(rows)
        if fixed is None and not engine.likelihood and int(self.n_null) > 0:
            null = engine.null_dispersion(ks, int(self.n_null), np.random.default_rng([seed, 0, 3]))
            log_null = np.log(np.maximum(null, 1e-300))
            observed = np.log(np.maximum([solutions[k].dispersion for k in ks], 1e-300))
            table["gap"] = log_null.mean(axis=0) - observed
            table["gap_se"] = log_null.std(axis=0) * np.sqrt(1 + 1 / null.shape[0])
        if fixed is None and getattr(engine, "calibrated", False) and int(self.n_null) > 0:
            # GMM: a likelihood gain counts only beyond what shuffled answers also gain
            null = engine.null_loglik(ks, int(self.n_null), np.random.default_rng([seed, 0, 3]))
            ll = np.array([solutions[k].log_likelihood for k in ks])
            gain = (ll - ll[0]) / n
            null_gain = (null - null[:, :1]) / n
            table["gap"] = gain - null_gain.mean(axis=0)
            table["gap_se"] = null_gain.std(axis=0) * np.sqrt(1 + 1 / null.shape[0])
        for col in ("log_likelihood", "n_params"):
            table[col] = pd.to_numeric(table[col], errors="coerce")
        k, reason, table = choose_k(
            table,
            likelihood=engine.likelihood,
            min_share=float(self.min_share),
            min_stability=float(self.min_stability),
            fixed_k=fixed,
        )
        final = solutions[k]
        if engine.likelihood and k > 1:
            final = engine.polish(final, k)
            at = table["k"] == k
            table.loc[at, "log_likelihood"] = final.log_likelihood
            table.loc[at, "bic"] = -2 * final.log_likelihood + final.n_params * np.log(n)
            table.loc[at, "aic"] = -2 * final.log_likelihood + 2 * final.n_params
        self.selection_ = table[SELECTION_COLUMNS].reset_index(drop=True)
        self.selection_reason_ = reason
        self.method_ = method
        self.method_reason_ = method_reason
        self._finish(k, final, engine, encoder, enc, w, ids, answered, input_ids, survey)
        self.dropped_ = dropped
        return self

    def _choose_method(self, n: int, encoder: MixedEncoder) -> tuple[str, str]:
        if self.method != "auto":
            return (
                self.method,
                f"{self.method}: {_METHOD_WORDS[self.method]}, as requested (method={self.method!r}).",
            )
        if n < int(self.small_n):
            return (
                "hierarchical",
                f"hierarchical: {_METHOD_WORDS['hierarchical']} (average linkage unless set), because "
                f"{n} respondents is below small_n={self.small_n}; with so few, a tree you can read "
                "(plot_dendrogram) explains each grouping better than a statistical model can.",
            )
        kinds = {e.treated_as for e in encoder.used}
        return (
            "lca",
            f"lca: {_METHOD_WORDS['lca']}, because {n} respondents is enough for a likelihood "
            f"model (>= small_n={self.small_n}) and the answers are "
            f"{', '.join(sorted(kinds))}: LCA models each kind as it is, handles skipped questions "
            "without imputation, gives each respondent a probability per persona, and its BIC "
            "says how many personas the data support.",
        )

    def _finish(self, k, sol, engine, encoder, enc, w, ids, answered, input_ids, survey):
        labels = sol.labels
        counts = np.bincount(labels, minlength=k)
        first = np.array(
            [np.flatnonzero(labels == g)[0] if counts[g] else len(labels) for g in range(k)]
        )
        order = sorted(range(k), key=lambda g: (-counts[g], first[g]))
        new_id = np.empty(k, dtype=np.int64)
        new_id[order] = np.arange(1, k + 1)
        used_ids = ids[answered]
        lab = pd.Series(
            new_id[labels], index=pd.Index(used_ids, name="respondent_id"), name="persona"
        )
        used_set = set(used_ids)
        keep_order = [i for i in input_ids if i in used_set]
        self.labels_ = lab.reindex(keep_order).astype("int64")
        if sol.proba is not None:
            proba = sol.proba[:, order]
            self.probabilities_ = pd.DataFrame(
                proba,
                index=pd.Index(used_ids, name="respondent_id"),
                columns=pd.Index(range(1, k + 1), name="persona"),
            ).reindex(keep_order)
        else:
            self.probabilities_ = None
        self.n_personas_ = int(k)
        self._model = engine.permute(sol.model, np.asarray(order)) if k > 0 else sol.model
        if hasattr(engine, "spans"):
            self._model["spans"] = np.asarray(engine.spans, dtype=float).reshape(-1, 2)
        self._encoder = encoder
        self._engine_settings = {"col_weights": encoder.column_weights().tolist()}
        if sol.log_likelihood is not None:
            self.log_likelihood_ = float(sol.log_likelihood)
            self.n_params_ = int(sol.n_params)
            n = len(labels)
            self.bic_ = float(-2 * sol.log_likelihood + sol.n_params * np.log(n))
            self.aic_ = float(-2 * sol.log_likelihood + 2 * sol.n_params)
        else:
            self.log_likelihood_ = self.bic_ = self.aic_ = self.n_params_ = None
        stab = sol.extra.get("stability", np.full(k, np.nan))
        stab = np.asarray(stab)[order] if len(stab) == k else np.full(k, np.nan)
        sizes = counts[order]
        wsum = np.bincount(labels, weights=w, minlength=k)[order]
        self.stability_ = pd.DataFrame(
            {
                "size": sizes.astype(np.int64),
                "share": sizes / max(len(labels), 1),
                "weighted_share": wsum / max(w.sum(), 1e-300),
                "stability": stab,
                "stable": [
                    bool(s >= self.min_stability) if not np.isnan(s) else pd.NA for s in stab
                ],
            },
            index=pd.Index(range(1, k + 1), name="persona"),
        )
        self.stability_["stable"] = self.stability_["stable"].astype("boolean")
        self.encoding_ = encoder.to_frame()
        self.n_respondents_ = int(len(labels))
        self.survey_ = survey
        self.linkage_ = getattr(engine, "Z", None)
        if self.linkage_ is not None:
            self._leaf_ids = list(used_ids)
        unstable = self.stability_.index[self.stability_["stable"].fillna(True).eq(False)]
        if len(unstable) and k > 1:
            warnings.warn(
                f"Persona(s) {list(unstable)} are not stable under resampling (bootstrap Jaccard "
                f"< {self.min_stability:g}); treat them as tentative (see segmenter.stability_).",
                PersonakitWarning,
                stacklevel=3,
            )
        self._personas = None

    # ------------------------------------------------------------------ using the fit
    def _check_fitted(self):
        if not hasattr(self, "_model"):
            raise SegmentationError(
                "This PersonaSegmenter is not fitted yet; call .fit(survey) first (or "
                "PersonaSegmenter.load(path))."
            )

    def _predict(self, X):
        self._check_fitted()
        survey = self._as_survey(X)
        frame = survey.responses
        enc = self._encoder.transform(frame, missing=survey.missing, strict=False)
        answered = (~np.isnan(enc.X)).any(axis=1)
        labels = np.full(len(frame), -1, dtype=np.int64)
        proba = None
        if answered.any():
            sub = enc.take(np.flatnonzero(answered))
            lab, pr = predict_model(
                self.method_, self._encoder, self._model, sub, self._engine_settings
            )
            labels[answered] = lab
            if pr is not None:
                proba = np.full((len(frame), self.n_personas_), np.nan)
                proba[answered] = pr
        if (~answered).any():
            warnings.warn(
                f"{int((~answered).sum())} respondent(s) answered none of the segmentation "
                "questions and get no persona (<NA>).",
                PersonakitWarning,
                stacklevel=3,
            )
        return frame.index.astype(str), labels, proba

    def predict(self, X):
        """Assign new respondents to the fitted personas (the "typing tool").

        The new answers are encoded exactly as the training answers (same levels,
        scales and weights); answers never seen in training count as missing (with a
        warning).

        Parameters
        ----------
        X : personakit.Survey or pandas.DataFrame
            New respondents with (at least) the segmentation variables.

        Returns
        -------
        pandas.Series
            Persona id per respondent (``Int64``; ``<NA>`` for someone who answered
            none of the segmentation questions).

        Examples
        --------
        >>> from personakit import PersonaSegmenter
        >>> from personakit.simulate import simulate_survey
        >>> survey, _ = simulate_survey(300, 2, separation=2.0, random_state=3)
        >>> seg = PersonaSegmenter(2, method="kmeans", n_bootstrap=0).fit(survey)
        >>> bool((seg.predict(survey) == seg.labels_).all())
        True
        """
        index, labels, _ = self._predict(X)
        out = pd.array(np.where(labels >= 0, labels + 1, 0), dtype="Int64")
        out[labels < 0] = pd.NA
        return pd.Series(out, index=pd.Index(index, name="respondent_id"), name="persona")

    def predict_proba(self, X):
        """Posterior persona probabilities of new respondents (LCA and GMM only).

        Parameters
        ----------
        X : personakit.Survey or pandas.DataFrame
            New respondents.

        Returns
        -------
        pandas.DataFrame
            One column per persona (1..k); rows sum to 1.

        Examples
        --------
        >>> from personakit import PersonaSegmenter
        >>> from personakit.simulate import simulate_survey
        >>> survey, _ = simulate_survey(300, 2, separation=2.0, random_state=3)
        >>> seg = PersonaSegmenter(2, method="lca", n_bootstrap=0).fit(survey)
        >>> seg.predict_proba(survey).sum(axis=1).round(6).unique().tolist()
        [1.0]
        """
        self._check_fitted()
        if self.method_ not in ("lca", "gmm"):
            raise SegmentationError(
                f"method {self.method_!r} assigns each respondent to one persona and has no "
                "probabilities; use predict(), or fit with method='lca' or 'gmm'."
            )
        index, _, proba = self._predict(X)
        if proba is None:
            proba = np.full((len(index), self.n_personas_), np.nan)
        return pd.DataFrame(
            proba,
            index=pd.Index(index, name="respondent_id"),
            columns=pd.Index(range(1, self.n_personas_ + 1), name="persona"),
        )

    @property
    def personas_(self):
        """The personas as a :class:`personakit.PersonaSet` (profiles, traits, cards).

        Built on first access by ``PersonaSet.from_labels`` from the segmented survey.

        Returns
        -------
        personakit.PersonaSet
            One persona per segment, in the order of ``labels_``.
        """
        self._check_fitted()
        if getattr(self, "_personas", None) is None:
            if getattr(self, "survey_", None) is None:
                raise SegmentationError(
                    "personas_ needs the survey the segmenter was fitted on; a segmenter loaded "
                    "from disk has no respondents. Fit it again, or build personas with "
                    "PersonaSet.from_labels(survey, segmenter.predict(survey))."
                )
            from personakit.personas import PersonaSet

            self._personas = PersonaSet.from_labels(
                self.survey_,
                self.labels_,
                self.probabilities_,
                segmentation=self,
                random_state=int(self.random_state),
            )
        return self._personas

    # ------------------------------------------------------------------ display & export
    def plot_selection(self, ax=None):
        """Plot the k sweep: stability per k, with BIC or the gap statistic, chosen k marked.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
            The Axes drawn on.
        """
        self._check_fitted()
        from personakit.plotting.segmentation import plot_selection

        return plot_selection(self.selection_, chosen_k=self.n_personas_, ax=ax)

    def plot_dendrogram(self, ax=None, *, labels=None):
        """Plot the hierarchical tree, coloured by persona (hierarchical method only).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on (default: a new figure).
        labels : pandas.Series or dict, optional
            Leaf labels by respondent id (e.g. account names); default the ids.

        Returns
        -------
        matplotlib.axes.Axes
            The Axes drawn on.
        """
        self._check_fitted()
        from personakit.plotting.segmentation import plot_dendrogram

        return plot_dendrogram(self, ax=ax, labels=labels)

    def to_dict(self, *, include_labels: bool = False) -> dict[str, Any]:
        """A JSON-safe summary of the fit (no respondent-level data unless asked).

        Parameters
        ----------
        include_labels : bool, default False
            Add ``labels`` (respondent id -> persona).

        Returns
        -------
        dict
            ``method``, ``method_reason``, ``n_personas``, ``selection_reason``,
            ``selection`` (records), ``stability`` (records), ``encoding`` (records),
            ``log_likelihood``, ``bic``, ``aic``, ``n_params``, ``n_respondents``,
            ``n_dropped``, ``params``.

        Examples
        --------
        >>> from personakit import PersonaSegmenter
        >>> from personakit.simulate import simulate_survey
        >>> survey, _ = simulate_survey(300, 2, separation=2.0, random_state=3)
        >>> d = PersonaSegmenter(2, n_bootstrap=0).fit(survey).to_dict()
        >>> d["method"], d["n_personas"], "labels" in d
        ('lca', 2, False)
        """
        self._check_fitted()
        from personakit._json import to_jsonable

        enc = self.encoding_.copy()
        out = {
            "schema": "personakit.segmentation/1",
            "method": self.method_,
            "method_reason": self.method_reason_,
            "n_personas": self.n_personas_,
            "selection_reason": self.selection_reason_,
            "selection": self.selection_.to_dict(orient="records"),
            "stability": self.stability_.reset_index().to_dict(orient="records"),
            "encoding": enc.to_dict(orient="records"),
            "log_likelihood": self.log_likelihood_,
            "bic": self.bic_,
            "aic": self.aic_,
            "n_params": self.n_params_,
            "n_respondents": self.n_respondents_,
            "n_dropped": int(len(getattr(self, "dropped_", []))),
            "params": _json_params(self.get_params()),
        }
        if include_labels and getattr(self, "labels_", None) is not None:
            out["labels"] = {str(k): int(v) for k, v in self.labels_.items()}
        return to_jsonable(out)

    def save(self, path, *, include_labels: bool = False):
        """Save the fitted segmenter as ``segmenter.json`` + ``arrays.npz`` in folder ``path``.

        No pickle: the JSON holds settings, encodings and diagnostics, the ``.npz``
        (loaded with ``allow_pickle=False``) the numeric parameters. By default no
        respondent-level data is written (the typing tool needs none).

        Parameters
        ----------
        path : str or pathlib.Path
            Folder to create (or reuse).
        include_labels : bool, default False
            Also store ``labels_``/``probabilities_`` (respondent ids).

        Returns
        -------
        pathlib.Path
            The folder written.

        Examples
        --------
        >>> import tempfile
        >>> from personakit import PersonaSegmenter
        >>> from personakit.simulate import simulate_survey
        >>> survey, _ = simulate_survey(300, 2, separation=2.0, random_state=3)
        >>> seg = PersonaSegmenter(2, method="kmeans", n_bootstrap=0).fit(survey)
        >>> folder = seg.save(tempfile.mkdtemp())
        >>> again = PersonaSegmenter.load(folder)
        >>> bool((again.predict(survey) == seg.predict(survey)).all())
        True
        """
        from personakit.segment._io import save_segmenter

        self._check_fitted()
        return save_segmenter(self, path, include_labels=include_labels)

    @classmethod
    def load(cls, path):
        """Load a segmenter written by :meth:`save`.

        Parameters
        ----------
        path : str or pathlib.Path
            The folder given to :meth:`save`.

        Returns
        -------
        PersonaSegmenter
            Ready to :meth:`predict`; ``personas_`` needs a refit (no respondents stored).

        Examples
        --------
        >>> from personakit import PersonaSegmenter
        >>> PersonaSegmenter.load("no/such/folder")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        personakit._errors.SegmentationError: ...
        """
        from personakit.segment._io import load_segmenter

        return load_segmenter(cls, path)

    def _repr_html_(self):
        if not hasattr(self, "_model"):
            return f"<pre>{html.escape(repr(self))}</pre>"
        stab = self.stability_.copy()
        sel = self.selection_.drop(columns=["method"])
        parts = [
            "<div class='personakit-segmentation'>",
            f"<h4>{self.n_personas_} persona(s) by {html.escape(self.method_)}</h4>",
            f"<p><b>Why this method:</b> {html.escape(self.method_reason_)}</p>",
            f"<p><b>Why this number:</b> {html.escape(self.selection_reason_)}</p>",
            stab.to_html(float_format=lambda v: f"{v:.2f}"),
            "<details><summary>k sweep</summary>",
            sel.to_html(float_format=lambda v: f"{v:.3g}", index=False),
            "</details>",
        ]
        if len(getattr(self, "dropped_", [])):
            parts.append(f"<p>{len(self.dropped_)} respondent(s) not segmented (see dropped_).</p>")
        parts.append("</div>")
        return "".join(parts)


def _json_params(params: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in params.items():
        if isinstance(value, range):
            value = {"range": [value.start, value.stop, value.step]}
        elif isinstance(value, tuple):
            value = list(value)
        out[key] = value
    return out

"""Turn survey answers into what the segmentation engines need, driven by the codebook.

Every variable that takes part in segmentation gets one *treatment*:

``ordinal``
    Likert, ordinal and NPS answers. For k-means and Gower: the position on the
    scale divided by (number of levels - 1), so every scale runs from 0 to 1.
    For latent class analysis: one categorical indicator over the levels.
``nominal``
    Unordered answers. For k-means: one-hot columns scaled by ``sqrt(w / 2)`` so that
    two different answers are at squared distance ``w`` whatever the number of levels
    (each question counts the same, not each level). For LCA: one categorical indicator.
``binary``
    Multi-select options (one boolean column per option): 0/1.
``numeric``
    Non-negative, right-skewed numbers (skewness above 1: head counts, spend, income)
    are first log-transformed (``log1p``), so a Gaussian per persona fits them and a few
    large values do not create personas of their own. Then robustly scaled:
    ``(x - median) / (q95 - q05)`` (falling back to the IQR, then the standard deviation
    when that spread is 0) and clipped to [-1, 1] so one extreme answer cannot dominate.
    For LCA a number becomes levels (``lca_numeric="binned"``, the default): one level
    per value when it has at most 12 different values (a head count, a rating typed as
    a number), otherwise 4 to 10 quantile bins (about 100 respondents per bin); a value
    that holds 10 % or more of the answers (a floor such as "works alone" or "0 spend")
    gets a level of its own. Survey numbers are rarely Gaussian within a persona (skew,
    floors, rounding, mixtures), and a misfitting Gaussian makes LCA invent personas to
    fit the shape; levels fit any shape. ``lca_numeric="gaussian"`` keeps one Gaussian
    per class instead. ``encoding_['lca_model']`` says which.
``skip``
    Not used, with the reason in :attr:`PersonaSegmenter.encoding_`.

Latent class analysis also gets, per categorical variable, a *level map* learned on
the training answers: levels chosen by fewer than ``min_level_share`` (5 %) of the
respondents are merged (into the neighbouring level for ordered answers, into one
"other" level for nominal ones), which removes parameters that would be estimated from
a handful of people. A non-substantive answer ("Don't know", "Prefer not to say") that
the codebook turned into a missing value becomes a level of its own for LCA when at
least 1 % of respondents gave it: who says "Don't know" is often part of the persona.

Missing answers stay missing here (``NaN`` / code ``-1``); each engine handles them in its
own stated way.
"""

from __future__ import annotations

import difflib
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import PersonakitWarning, SegmentationError

__all__ = [
    "TREATMENTS",
    "EncodedData",
    "MixedEncoder",
    "VariableEncoding",
    "codebook_from_frame",
]

TREATMENTS = ("ordinal", "nominal", "binary", "numeric", "skip")
"""What a variable can become (see the module docstring)."""

_KIND_TO_TREATMENT = {
    "likert": "ordinal",
    "ordinal": "ordinal",
    "nps": "ordinal",
    "nominal": "nominal",
    "multiselect": "binary",
    "numeric": "numeric",
}
_NEVER_CLUSTERED = {
    "id": "an identifier, not an answer",
    "metadata": "export metadata, not an answer",
    "date": "a date, not an answer",
    "text": "free text (analysed by personakit.analyze_text, not clustered)",
    "weight": "the survey weight (used as a respondent weight, not as a variable)",
}
_MAX_NOMINAL_LEVELS = 50


@dataclass
class VariableEncoding:
    """How one variable is encoded (one row of ``PersonaSegmenter.encoding_``)."""

    variable: str
    question_id: str
    kind: str
    treated_as: str
    weight: float = 1.0
    levels: list[Any] = field(default_factory=list)
    center: float = 0.0
    scale: float = 1.0
    n_missing: int = 0
    reason: str = ""
    transform: str = ""
    bins: list[float] = field(default_factory=list)
    gaussian: bool = False
    lca_map: list[int] = field(default_factory=list)
    nonsubstantive: str = ""

    @property
    def n_lca_levels(self) -> int:
        """Levels LCA sees: merged levels plus the non-substantive level, if any."""
        base = (max(self.lca_map) + 1) if self.lca_map else 0
        return base + (1 if self.nonsubstantive else 0)

    @property
    def lca_model(self) -> str:
        """How LCA models this variable, in words."""
        if self.treated_as == "skip":
            return ""
        if self.treated_as == "numeric" and self.gaussian:
            return "gaussian"
        raw = len(self.lca_map)
        kind = "binned numeric" if self.treated_as == "numeric" else "categorical"
        text = f"{kind}, {self.n_lca_levels - bool(self.nonsubstantive)} levels"
        if raw and max(self.lca_map) + 1 < raw:
            text += f" (rare levels merged, from {raw})"
        if self.nonsubstantive:
            text += f" + {self.nonsubstantive!r}"
        return text

    @property
    def n_levels(self) -> int:
        return len(self.levels)

    def columns(self) -> list[str]:
        """Names of the columns this variable becomes in the k-means encoding."""
        if self.treated_as == "nominal":
            return [f"{self.variable}={level}" for level in self.levels]
        if self.treated_as == "skip":
            return []
        return [self.variable]

    def to_dict(self) -> dict[str, Any]:
        return {
            "variable": self.variable,
            "question_id": self.question_id,
            "kind": self.kind,
            "treated_as": self.treated_as,
            "weight": self.weight,
            "levels": [_level_to_json(v) for v in self.levels],
            "center": self.center,
            "scale": self.scale,
            "n_missing": self.n_missing,
            "reason": self.reason,
            "transform": self.transform,
            "bins": list(self.bins),
            "gaussian": self.gaussian,
            "lca_map": list(self.lca_map),
            "nonsubstantive": self.nonsubstantive,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VariableEncoding:
        return cls(**data)


def _level_to_json(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value


@dataclass
class EncodedData:
    """The encoded respondents, in the forms the engines use.

    Attributes
    ----------
    X : ndarray (n, p)
        k-means / Gower encoding (variable weights included), ``NaN`` where missing.
    codes : ndarray (n, m) of int
        Categorical indicators for LCA (ordinal, nominal, binary), ``-1`` where missing.
    numeric : ndarray (n, q)
        Numeric variables (robustly scaled, clipped), ``NaN`` where missing.
    bin_codes : ndarray (n, q) of int
        Numeric variables as bin numbers (``-1`` where missing).
    nonsubstantive : ndarray (n, v) of bool
        Per used variable: the respondent gave a non-substantive answer (coded missing).
    """

    X: np.ndarray
    codes: np.ndarray
    numeric: np.ndarray
    index: pd.Index
    bin_codes: np.ndarray | None = None
    nonsubstantive: np.ndarray | None = None

    @property
    def n(self) -> int:
        return self.X.shape[0]

    def take(self, rows: np.ndarray) -> EncodedData:
        bins = None if self.bin_codes is None else self.bin_codes[rows]
        ns = None if self.nonsubstantive is None else self.nonsubstantive[rows]
        return EncodedData(
            self.X[rows], self.codes[rows], self.numeric[rows], self.index[rows], bins, ns
        )


def codebook_from_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Infer a minimal codebook from the dtypes of a plain DataFrame.

    Ordered categoricals become ``ordinal``; unordered categoricals and strings
    ``nominal`` (or ``text`` when almost every answer is different); booleans
    ``multiselect``; numbers ``numeric``; datetimes ``date``.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per respondent.

    Returns
    -------
    pandas.DataFrame
        Columns ``variable, question_id, kind, kind_reason, levels, include``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"age": [31.0, 45.0], "plan": ["free", "pro"], "uses_api": [True, False]})
    >>> codebook_from_frame(df)[["variable", "kind"]].to_dict("list")
    {'variable': ['age', 'plan', 'uses_api'], 'kind': ['numeric', 'nominal', 'multiselect']}
    """
    rows = []
    for name in frame.columns:
        col = frame[name]
        dtype = col.dtype
        levels = None
        if isinstance(dtype, pd.CategoricalDtype):
            kind = "ordinal" if dtype.ordered else "nominal"
            reason = f"{'ordered' if dtype.ordered else 'unordered'} categorical dtype"
            levels = list(dtype.categories)
        elif pd.api.types.is_bool_dtype(dtype):
            kind, reason = "multiselect", "boolean dtype (an option ticked or not)"
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            kind, reason = "date", "datetime dtype"
        elif pd.api.types.is_numeric_dtype(dtype):
            kind, reason = "numeric", "numeric dtype"
        else:
            values = col.dropna()
            n_unique = values.nunique()
            if len(values) >= 20 and n_unique > max(_MAX_NOMINAL_LEVELS, 0.5 * len(values)):
                kind = "text"
                reason = f"text dtype with {n_unique} different answers (free text or an id)"
            else:
                kind, reason = "nominal", f"text dtype with {n_unique} different answers"
        rows.append(
            {
                "variable": str(name),
                "question_id": str(name),
                "kind": kind,
                "kind_reason": reason,
                "levels": levels,
                "include": True,
            }
        )
    return pd.DataFrame(
        rows, columns=["variable", "question_id", "kind", "kind_reason", "levels", "include"]
    )


def _is_missing_list(value: Any) -> bool:
    return value is None or (isinstance(value, float) and bool(np.isnan(value)))


def _as_list(value: Any) -> list[Any] | None:
    if _is_missing_list(value):
        return None
    if isinstance(value, str):
        import json

        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        return list(parsed) if isinstance(parsed, list) else None
    try:
        return list(value)
    except TypeError:
        return None


def _suggest(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=3, cutoff=0.6)
    return f" Did you mean {close}?" if close else ""


class MixedEncoder:
    """Fit the per-variable encodings on training answers, then encode any table.

    Parameters
    ----------
    codebook : pandas.DataFrame
        The survey codebook (needs ``variable`` and ``kind``; uses ``question_id``,
        ``levels``, ``include``, ``pii``, ``role`` when present).
    variables : list of str, optional
        Variable names or question ids to use; default: every eligible variable.
    weights : dict, optional
        ``{variable or question_id: weight}``; default weight 1.
    treat_as : dict, optional
        ``{variable: treatment}`` overriding the codebook-driven treatment.
    lca_numeric : {"binned", "gaussian"}
        How LCA models numbers (see the module docstring).
    min_level_share : float
        LCA merges levels chosen by fewer respondents than this share.
    """

    def __init__(
        self,
        codebook,
        variables=None,
        weights=None,
        treat_as=None,
        lca_numeric="binned",
        min_level_share=0.05,
    ):
        self.codebook = codebook
        self.variables = variables
        self.weights = weights
        self.treat_as = treat_as
        self.lca_numeric = lca_numeric
        self.min_level_share = min_level_share

    # -- choosing variables ----------------------------------------------------------------
    def _plan(self, frame: pd.DataFrame) -> list[VariableEncoding]:
        cb = self.codebook.reset_index(drop=True)
        names = [str(v) for v in cb["variable"]]
        qids = [
            str(q) if not _is_missing_list(q) else names[i]
            for i, q in enumerate(cb.get("question_id", names))
        ]
        kinds = [str(k) for k in cb["kind"]]
        include = [
            bool(v) if not _is_missing_list(v) else True
            for v in (cb["include"] if "include" in cb else [True] * len(cb))
        ]
        pii = [
            bool(v) if not _is_missing_list(v) else False
            for v in (cb["pii"] if "pii" in cb else [False] * len(cb))
        ]
        roles = [
            (str(v) if not _is_missing_list(v) else None)
            for v in (cb["role"] if "role" in cb else [None] * len(cb))
        ]
        by_question: dict[str, list[str]] = {}
        for name, qid in zip(names, qids):
            by_question.setdefault(qid, []).append(name)

        explicit: set[str] | None = None
        if self.variables is not None:
            wanted = [self.variables] if isinstance(self.variables, str) else list(self.variables)
            if not wanted:
                raise SegmentationError(
                    "variables=[] names no variable to segment on. Pass None to use every "
                    "eligible variable, or a list of variable names / question ids."
                )
            explicit = set()
            for item in wanted:
                item = str(item)
                if item in names:
                    explicit.add(item)
                elif item in by_question:
                    explicit.update(by_question[item])
                else:
                    raise SegmentationError(
                        f"variables=: unknown variable or question id {item!r}."
                        f"{_suggest(item, names + list(by_question))} Use names from "
                        "survey.codebook['variable'] or survey.codebook['question_id']."
                    )

        weights = self._check_weights(names, by_question)
        treat_as = self._check_treat_as(names)

        plan = []
        for i, name in enumerate(names):
            kind = kinds[i]
            enc = VariableEncoding(variable=name, question_id=qids[i], kind=kind, treated_as="skip")
            enc.weight = weights.get(name, weights.get(qids[i], 1.0))
            chosen = explicit is None or name in explicit
            if name in treat_as:
                enc.treated_as = treat_as[name]
                enc.reason = f"treat_as={treat_as[name]!r} (set by user)"
                if explicit is not None and name not in explicit and treat_as[name] != "skip":
                    enc.treated_as = "skip"
                    enc.reason = "not in variables="
            elif not chosen:
                enc.reason = "not in variables="
            elif kind in _NEVER_CLUSTERED:
                enc.reason = _NEVER_CLUSTERED[kind]
                if explicit is not None:
                    raise SegmentationError(
                        f"variables=: {name!r} is of kind {kind!r} ({_NEVER_CLUSTERED[kind]}) and "
                        "cannot be segmented on. Remove it from variables=, or change its kind "
                        "in the codebook if it really holds answers."
                    )
            elif pii[i]:
                enc.reason = "marked as personal data (pii) in the codebook"
                if explicit is not None:
                    raise SegmentationError(
                        f"variables=: {name!r} is marked as personal data (pii) and is never "
                        "segmented on. Remove it from variables=, or set pii=False in the codebook "
                        "if it is not personal."
                    )
            elif not include[i] and explicit is None:
                enc.reason = "include=False in the codebook"
            elif roles[i] == "attention_check" and explicit is None:
                enc.reason = "an attention check (quality control, not an attitude)"
            elif kind in _KIND_TO_TREATMENT:
                enc.treated_as = _KIND_TO_TREATMENT[kind]
                enc.reason = f"codebook kind {kind!r}"
            else:
                enc.reason = f"codebook kind {kind!r} is not used for segmentation"
            if enc.treated_as != "skip" and enc.weight == 0:
                enc.treated_as = "skip"
                enc.reason = "weight 0"
            if name not in frame.columns:
                raise SegmentationError(
                    f"Codebook variable {name!r} is not a column of the responses table. "
                    "Pass the survey's responses and codebook together."
                )
            plan.append(enc)
        self._explicit = explicit
        self._levels_hint = {
            names[i]: _as_list(cb["levels"].iloc[i]) if "levels" in cb else None
            for i in range(len(names))
        }
        return plan

    def _check_weights(self, names, by_question) -> dict[str, float]:
        if self.weights is None:
            return {}
        if not isinstance(self.weights, dict):
            raise SegmentationError(
                f"weights= must be a dict {{variable or question id: weight}}, got "
                f"{type(self.weights).__name__}. Example: weights={{'Q5': 2.0}}."
            )
        out = {}
        for key, value in self.weights.items():
            key = str(key)
            if key not in names and key not in by_question:
                raise SegmentationError(
                    f"weights=: unknown variable or question id {key!r}."
                    f"{_suggest(key, names + list(by_question))} Use names from "
                    "survey.codebook['variable'] or ['question_id']."
                )
            try:
                w = float(value)
            except (TypeError, ValueError):
                raise SegmentationError(
                    f"weights[{key!r}] = {value!r} is not a number. Use a weight >= 0 "
                    "(1 = normal importance, 0 = leave out)."
                ) from None
            if not np.isfinite(w) or w < 0:
                raise SegmentationError(
                    f"weights[{key!r}] = {value!r}: a variable weight must be a finite number "
                    ">= 0 (1 = normal importance, 0 = leave out)."
                )
            out[key] = w
        return out

    def _check_treat_as(self, names) -> dict[str, str]:
        if self.treat_as is None:
            return {}
        if not isinstance(self.treat_as, dict):
            raise SegmentationError(
                f"treat_as= must be a dict {{variable: treatment}}, got "
                f"{type(self.treat_as).__name__}. Treatments: {list(TREATMENTS)}."
            )
        out = {}
        for key, value in self.treat_as.items():
            key = str(key)
            if key not in names:
                raise SegmentationError(
                    f"treat_as=: unknown variable {key!r}.{_suggest(key, names)} Use names "
                    "from survey.codebook['variable']."
                )
            if value not in TREATMENTS:
                raise SegmentationError(
                    f"treat_as[{key!r}] = {value!r} is not a treatment; use one of "
                    f"{list(TREATMENTS)}."
                )
            out[key] = value
        return out

    # -- fitting ---------------------------------------------------------------------------
    def fit(self, frame: pd.DataFrame, missing: pd.DataFrame | None = None) -> MixedEncoder:
        """Choose each variable's treatment and learn levels and scales from ``frame``.

        ``missing`` is the survey's long table of answers turned into missing values
        (``respondent_id, variable, value, reason``), used for non-substantive levels.
        """
        plan = self._plan(frame)
        explicit = self._explicit
        for enc in plan:
            if enc.treated_as == "skip":
                continue
            col = frame[enc.variable]
            enc.n_missing = int(col.isna().sum())
            problem = None
            if enc.n_missing == len(col):
                problem = "has no answers at all (every value is missing)"
            else:
                self._learn(enc, col)
                if enc.treated_as == "numeric" and enc.scale == 0:
                    problem = "has the same value for every respondent (one level)"
                elif enc.treated_as in ("nominal", "binary", "ordinal"):
                    used = col.dropna()
                    if enc.treated_as == "binary":
                        n_used = used.astype(bool).nunique()
                    else:
                        n_used = used.astype(str).nunique()
                    if n_used < 2:
                        only = used.iloc[0] if len(used) else None
                        if isinstance(only, np.generic):
                            only = only.item()
                        problem = f"has only one level ({only!r}) among the answers"
            if problem is not None:
                if explicit is not None and enc.variable in explicit:
                    raise SegmentationError(
                        f"Variable {enc.variable!r} {problem}, so it cannot separate personas. "
                        "Remove it from variables= (or fix the data)."
                    )
                warnings.warn(
                    f"Variable {enc.variable!r} {problem}; it is left out of the segmentation "
                    "(see segmenter.encoding_). Pass variables= to choose variables yourself.",
                    PersonakitWarning,
                    stacklevel=4,
                )
                enc.treated_as = "skip"
                enc.reason = problem
        self.encodings_ = plan
        used = [e for e in plan if e.treated_as != "skip"]
        if not used:
            reasons = "; ".join(f"{e.variable}: {e.reason}" for e in plan[:8])
            raise SegmentationError(
                "No variable is left to segment on "
                f"({reasons}{' ...' if len(plan) > 8 else ''}). Segmentation needs Likert/ordinal, "
                "nominal, multi-select or numeric answers with include=True; pass variables= "
                "or treat_as= to choose them."
            )
        self._learn_lca_levels(frame, missing)
        return self

    def _learn_lca_levels(self, frame: pd.DataFrame, missing: pd.DataFrame | None) -> None:
        """Level maps (rare levels merged) and non-substantive levels for LCA."""
        enc = self.transform(frame, missing=None)
        ns = _nonsubstantive_table(missing, frame.index)
        n = len(frame)
        ci = ni = 0
        for e in self.used:
            if e.treated_as == "numeric":
                codes = enc.bin_codes[:, ni]
                n_raw = len(e.bins) + 1
                ni += 1
                e.gaussian = self.lca_numeric == "gaussian"
            else:
                codes = enc.codes[:, ci]
                n_raw = e.n_levels
                ci += 1
            counts = np.bincount(codes[codes >= 0], minlength=n_raw).astype(float)
            ordered = e.treated_as in ("ordinal", "numeric")
            e.lca_map = _merge_rare(counts, ordered, float(self.min_level_share))
            values = ns.get(e.variable)
            if values is not None and e.treated_as != "binary":
                given = values.reindex(frame.index)
                answered_ns = given.notna() & frame[e.variable].isna().to_numpy()
                if answered_ns.sum() >= max(5, 0.01 * n):
                    e.nonsubstantive = str(given[answered_ns].mode().iloc[0])

    def _learn(self, enc: VariableEncoding, col: pd.Series) -> None:
        hint = self._levels_hint.get(enc.variable)
        if enc.treated_as == "ordinal":
            if isinstance(col.dtype, pd.CategoricalDtype):
                enc.levels = list(col.dtype.categories)
            elif hint:
                enc.levels = list(hint)
            elif pd.api.types.is_numeric_dtype(col.dtype):
                enc.levels = sorted(float(v) for v in col.dropna().unique())
            else:
                raise SegmentationError(
                    f"Variable {enc.variable!r} is ordinal but its answers are text without an "
                    "order: give it an ordered categorical dtype or codebook levels "
                    "(low to high), or treat_as={'" + enc.variable + "': 'nominal'}."
                )
            self._check_known(enc, col, enc.levels)
        elif enc.treated_as == "nominal":
            if isinstance(col.dtype, pd.CategoricalDtype):
                present = set(col.dropna().unique())
                enc.levels = [c for c in col.dtype.categories if c in present]
            else:
                values = col.dropna().unique()
                enc.levels = sorted(values.tolist(), key=lambda v: (str(type(v)), str(v)))
            if len(enc.levels) > _MAX_NOMINAL_LEVELS:
                raise SegmentationError(
                    f"Variable {enc.variable!r} has {len(enc.levels)} different answers, too many "
                    f"for a nominal question (limit {_MAX_NOMINAL_LEVELS}); it looks like free text "
                    "or an id. Set its codebook kind to 'text', or treat_as={'"
                    + enc.variable
                    + "': 'skip'}."
                )
        elif enc.treated_as == "binary":
            enc.levels = [False, True]
            values = col.dropna()
            if not (
                pd.api.types.is_bool_dtype(col.dtype) or pd.api.types.is_numeric_dtype(col.dtype)
            ):
                bad = values[~values.astype(str).str.lower().isin(["true", "false", "1", "0"])]
                if len(bad):
                    raise SegmentationError(
                        f"Variable {enc.variable!r} is a multi-select option but holds "
                        f"{bad.iloc[0]!r} (respondent {bad.index[0]!r}); expected True/False or 1/0."
                    )
        elif enc.treated_as == "numeric":
            values = pd.to_numeric(col, errors="coerce")
            bad = col.notna() & values.isna()
            if bad.any():
                first = bad[bad].index[0]
                raise SegmentationError(
                    f"Variable {enc.variable!r} is numeric but respondent {first!r} answered "
                    f"{col[first]!r}. Fix the value, or treat_as={{'{enc.variable}': 'nominal'}}."
                )
            v = values.dropna().to_numpy(dtype=float)
            if v.size > 2 and v.min() >= 0 and np.std(v) > 0:
                skew = float(np.mean((v - v.mean()) ** 3) / np.std(v) ** 3)
                if skew > 1.0:
                    enc.transform = "log1p"
                    enc.reason += f"; right-skewed (skewness {skew:.1f}), so log-transformed"
                    v = np.log1p(v)
            enc.bins = _lca_bins(v)
            enc.center = float(np.median(v))
            q05, q25, q75, q95 = np.quantile(v, [0.05, 0.25, 0.75, 0.95])
            spread = q95 - q05
            if spread <= 0:
                spread = q75 - q25
            if spread <= 0:
                spread = float(np.std(v))
            enc.scale = float(spread)

    def _check_known(self, enc: VariableEncoding, col: pd.Series, levels: list[Any]) -> None:
        if isinstance(col.dtype, pd.CategoricalDtype):
            return
        known = {_key(v) for v in levels}
        values = col.dropna()
        bad = values[[_key(v) not in known for v in values]]
        if len(bad):
            raise SegmentationError(
                f"Variable {enc.variable!r}: answer {bad.iloc[0]!r} (respondent {bad.index[0]!r}) "
                f"is not one of its levels {levels}. Add it to the codebook levels or mark it as "
                "a missing code."
            )

    # -- transforming ----------------------------------------------------------------------
    @property
    def used(self) -> list[VariableEncoding]:
        return [e for e in self.encodings_ if e.treated_as != "skip"]

    def column_names(self) -> list[str]:
        return [c for e in self.used for c in e.columns()]

    def column_weights(self) -> np.ndarray:
        """Per encoded column: the variable weight, split over one-hot columns (for GMM)."""
        out = []
        for e in self.used:
            n = len(e.columns())
            out += [e.weight / n] * n if e.treated_as == "nominal" else [e.weight]
        return np.asarray(out, dtype=float)

    def transform(
        self, frame: pd.DataFrame, *, missing: pd.DataFrame | None = None, strict: bool = True
    ) -> EncodedData:
        """Encode ``frame`` with the fitted treatments.

        ``missing`` (the survey's missing-answer table) marks non-substantive answers.
        ``strict=False`` (used by ``predict``) turns answers unseen in training into
        missing values with a warning instead of an error.
        """
        missing_cols = [e.variable for e in self.used if e.variable not in frame.columns]
        if missing_cols:
            raise SegmentationError(
                f"The new data lacks the segmentation variable(s) {missing_cols[:8]}. Give the "
                "typing tool the same questions the personas were built from."
            )
        n = len(frame)
        blocks, code_cols, num_cols, bin_cols = [], [], [], []
        for e in self.used:
            col = frame[e.variable]
            w = e.weight
            if e.treated_as == "numeric":
                raw = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
                if e.transform == "log1p":
                    raw = np.log1p(np.maximum(raw, 0.0))
                z = np.clip((raw - e.center) / e.scale, -1.0, 1.0)
                blocks.append((z * np.sqrt(w))[:, None])
                num_cols.append(z)
                binned = np.searchsorted(np.asarray(e.bins, dtype=float), raw, side="right")
                bin_cols.append(np.where(np.isnan(raw), -1, binned))
                continue
            codes = self._codes(e, col, strict=strict)
            miss = codes < 0
            if e.treated_as == "nominal":
                onehot = np.zeros((n, e.n_levels))
                onehot[np.flatnonzero(~miss), codes[~miss]] = 1.0
                onehot[miss] = np.nan
                blocks.append(onehot * np.sqrt(w / 2.0))
            else:
                denom = max(e.n_levels - 1, 1)
                score = np.where(miss, np.nan, codes / denom)
                blocks.append((score * np.sqrt(w))[:, None])
            code_cols.append(codes)
        X = np.hstack(blocks) if blocks else np.empty((n, 0))
        codes_arr = np.column_stack(code_cols) if code_cols else np.empty((n, 0), dtype=np.int32)
        num_arr = np.column_stack(num_cols) if num_cols else np.empty((n, 0))
        bin_arr = np.column_stack(bin_cols) if bin_cols else np.empty((n, 0), dtype=np.int32)
        ns_arr = np.zeros((n, len(self.used)), dtype=bool)
        table = _nonsubstantive_table(missing, frame.index)
        for j, e in enumerate(self.used):
            if e.nonsubstantive and e.variable in table:
                given = table[e.variable].reindex(frame.index).notna().to_numpy()
                ns_arr[:, j] = given & frame[e.variable].isna().to_numpy()
        return EncodedData(
            X=X,
            codes=codes_arr.astype(np.int32),
            numeric=num_arr,
            index=frame.index,
            bin_codes=bin_arr.astype(np.int32),
            nonsubstantive=ns_arr,
        )

    def drop(self, reasons: dict[str, str]) -> None:
        """Leave variables out after fitting (``{variable: reason}``), e.g. redundant ones."""
        for e in self.encodings_:
            if e.variable in reasons:
                e.treated_as = "skip"
                e.reason = reasons[e.variable]

    def _codes(self, e: VariableEncoding, col: pd.Series, *, strict: bool) -> np.ndarray:
        if e.treated_as == "binary":
            if pd.api.types.is_bool_dtype(col.dtype) or pd.api.types.is_numeric_dtype(col.dtype):
                values = pd.to_numeric(col.astype("Float64"), errors="coerce")
                arr = values.to_numpy(dtype=float, na_value=np.nan)
                return np.where(np.isnan(arr), -1, (arr != 0).astype(np.int32)).astype(np.int32)
            text = col.astype("string").str.lower()
            arr = np.full(len(col), -1, dtype=np.int32)
            arr[text.isin(["true", "1"]).fillna(False).to_numpy(dtype=bool)] = 1
            arr[text.isin(["false", "0"]).fillna(False).to_numpy(dtype=bool)] = 0
            return arr
        lookup = {_key(v): i for i, v in enumerate(e.levels)}
        if isinstance(col.dtype, pd.CategoricalDtype):
            cats = list(col.dtype.categories)
            cat_map = np.array([lookup.get(_key(c), -2) for c in cats] + [-1], dtype=np.int32)
            raw = col.cat.codes.to_numpy()
            codes = cat_map[np.where(raw < 0, len(cats), raw)]
        else:
            codes = np.array(
                [-1 if _isna(v) else lookup.get(_key(v), -2) for v in col.tolist()], dtype=np.int32
            )
        unseen = codes == -2
        if unseen.any():
            where = np.flatnonzero(unseen)
            value = col.iloc[where[0]]
            if strict:
                raise SegmentationError(
                    f"Variable {e.variable!r}: answer {value!r} (respondent {col.index[where[0]]!r}) "
                    f"is not one of its levels {e.levels}."
                )
            warnings.warn(
                f"Variable {e.variable!r}: {int(unseen.sum())} answer(s) such as {value!r} were not "
                "seen when the personas were fitted; they are treated as missing.",
                PersonakitWarning,
                stacklevel=4,
            )
            codes[unseen] = -1
        return codes

    def to_frame(self) -> pd.DataFrame:
        """The ``encoding_`` table: one row per codebook variable."""
        rows = []
        for e in self.encodings_:
            rows.append(
                {
                    "variable": e.variable,
                    "question_id": e.question_id,
                    "kind": e.kind,
                    "treated_as": e.treated_as,
                    "weight": e.weight if e.treated_as != "skip" else 0.0,
                    "n_levels": e.n_levels
                    if e.treated_as in ("ordinal", "nominal", "binary")
                    else None,
                    "columns": e.columns(),
                    "n_missing": e.n_missing,
                    "transform": e.transform or None,
                    "lca_model": e.lca_model or None,
                    "reason": e.reason,
                }
            )
        out = pd.DataFrame(rows)
        out["n_levels"] = out["n_levels"].astype("Int64")
        return out

    def to_dict(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.encodings_]

    @classmethod
    def from_dict(cls, items: list[dict[str, Any]]) -> MixedEncoder:
        enc = cls(codebook=None)
        enc.encodings_ = [VariableEncoding.from_dict(d) for d in items]
        enc._levels_hint = {}
        return enc


_MAX_DISTINCT_AS_LEVELS = 12
_SPIKE_SHARE = 0.10


def _lca_bins(v: np.ndarray) -> list[float]:
    """Cut points that turn a numeric variable into LCA levels.

    One level per value for at most 12 different values; otherwise quantile bins
    (4 to 10, about 100 answers each), with a value holding 10 % or more of the
    answers kept as a level of its own.

    Examples
    --------
    >>> import numpy as np
    >>> _lca_bins(np.array([1.0, 2.0, 2.0, 3.0]))
    [1.5, 2.5]
    >>> len(_lca_bins(np.random.default_rng(0).normal(size=500)))
    4
    """
    distinct, counts = np.unique(v, return_counts=True)
    if len(distinct) <= _MAX_DISTINCT_AS_LEVELS:
        return ((distinct[1:] + distinct[:-1]) / 2).tolist()
    n_bins = int(np.clip(len(v) // 100, 4, 10))
    edges: set[float] = set()
    rest = v
    for i in np.flatnonzero(counts / len(v) >= _SPIKE_SHARE):
        if i > 0:
            edges.add(float((distinct[i - 1] + distinct[i]) / 2))
        if i + 1 < len(distinct):
            edges.add(float((distinct[i] + distinct[i + 1]) / 2))
        rest = rest[rest != distinct[i]]
    if rest.size:
        for q in np.quantile(rest, np.linspace(0, 1, n_bins + 1)[1:-1]):
            edges.add(float(q))
    out = sorted(edges)
    # drop cut points that would leave a bin empty (ties in the quantiles)
    keep = [e for i, e in enumerate(out) if i == 0 or e > out[i - 1] + 1e-12]
    return keep


def _merge_rare(counts: np.ndarray, ordered: bool, min_share: float) -> list[int]:
    """Map levels to merged levels so that every merged level has ``min_share`` of answers.

    Ordered levels merge with their smaller neighbour; unordered rare levels pool into
    one "other" level. At least two levels always remain.

    Examples
    --------
    >>> import numpy as np
    >>> _merge_rare(np.array([2.0, 50, 40, 8]), True, 0.05)
    [0, 0, 1, 2]
    >>> _merge_rare(np.array([50.0, 1, 45, 2, 2]), False, 0.05)
    [0, 2, 1, 2, 2]
    """
    L = len(counts)
    total = counts.sum()
    if L <= 2 or total <= 0 or min_share <= 0:
        return list(range(L))
    if ordered:
        groups = [[i] for i in range(L)]
        while len(groups) > 2:
            sizes = [counts[g].sum() for g in groups]
            i = int(np.argmin(sizes))
            if sizes[i] >= min_share * total:
                break
            if i == 0:
                j = 1
            elif i == len(groups) - 1:
                j = i - 1
            else:
                j = i - 1 if sizes[i - 1] <= sizes[i + 1] else i + 1
            a, b = sorted((i, j))
            groups[a] = groups[a] + groups[b]
            del groups[b]
    else:
        big = [[i] for i in range(L) if counts[i] >= min_share * total]
        small = [i for i in range(L) if counts[i] < min_share * total]
        groups = big + ([small] if small else [])
        if small and counts[small].sum() < min_share * total and len(big) >= 2:
            # a tiny "other" joins the smallest real level
            smallest = min(range(len(big)), key=lambda g: counts[big[g]].sum())
            groups[smallest] = groups[smallest] + small
            groups = groups[:-1]
        if len(groups) < 2:
            groups = [[i] for i in range(L)]
    mapping = np.zeros(L, dtype=int)
    for g, members in enumerate(groups):
        mapping[members] = g
    return mapping.tolist()


def _nonsubstantive_table(missing: pd.DataFrame | None, index: pd.Index) -> dict[str, pd.Series]:
    """``{variable: Series(respondent_id -> answer given)}`` of answers coded as missing."""
    if missing is None or len(missing) == 0:
        return {}
    needed = {"respondent_id", "variable", "value"}
    if not needed <= set(missing.columns):
        return {}
    m = missing[missing["value"].notna()]
    m = m[m["respondent_id"].astype(str).isin(set(index.astype(str)))]
    out = {}
    for var, part in m.groupby("variable", sort=False):
        series = pd.Series(
            part["value"].astype(str).to_numpy(), index=part["respondent_id"].astype(str)
        )
        out[str(var)] = series[~series.index.duplicated()]
    return out


def _isna(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _key(value: Any) -> Any:
    """Compare levels across int/float/str spellings (``1``, ``1.0``, ``"1"``)."""
    if isinstance(value, bool | np.bool_):
        return ("b", bool(value))
    if isinstance(value, int | float | np.integer | np.floating):
        f = float(value)
        return ("n", f)
    text = str(value)
    try:
        return ("n", float(text))
    except ValueError:
        return ("s", text)

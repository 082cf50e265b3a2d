"""Survey variables on the journey map: touchpoints, goals and stage scores per persona.

The survey's codebook says which question belongs to which stage (``stage``)
and what it measures (``role``). A question such as "How did you first hear of
us?" tagged ``stage="awareness", role="touchpoint"`` becomes the awareness
touchpoints lane with the share of each persona that chose each answer; a
scored question ("How easy was it to compare plans?", onboarding
satisfaction, likelihood to recommend) tagged with a stage becomes a stage
score. Survey weights are used when the survey has a weight variable.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import JourneyError
from personakit.journey._model import Journey

__all__ = ["LANE_ROLES", "SCORE_KINDS", "survey_stage_items"]

LANE_ROLES = {
    "touchpoint": "touchpoints",
    "channel": "touchpoints",
    "goal": "goals",
    "need": "needs",
    "content_preference": "content",
    "pain": "pain_survey",
    "behaviour": "actions",
}
"""Codebook role -> journey-map lane for categorical (share) variables."""

SCORE_KINDS = ("likert", "ordinal", "numeric", "nps")
_NOT_SCORES = {
    "touchpoint",
    "channel",
    "demographic",
    "firmographic",
    "decision_role",
    "attention_check",
    "content_preference",
    "goal",
    "need",
    "behaviour",
}


def _check_survey(survey: Any) -> None:
    for attr in ("responses", "codebook"):
        if not hasattr(survey, attr):
            raise JourneyError(
                f"survey: expected a personakit.Survey (with .responses and .codebook), got "
                f"{type(survey).__name__}."
            )


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):
        return True


def _first(*values: Any) -> Any:
    return next((v for v in values if _present(v)), "")


def _short(text: Any, limit: int = 80) -> str:
    text = " ".join(str(text if _present(text) else "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _weighted_share(selected: pd.Series, weights: pd.Series | None) -> float:
    """Weighted share of the True values of a bool Series (NaN when empty or weightless)."""
    return _weighted_mean(selected.astype(float), weights)


def _weighted_mean(values: pd.Series, weights: pd.Series | None) -> float:
    values = values.dropna()
    if not len(values):
        return float("nan")
    if weights is None:
        return float(values.mean())
    w = weights.reindex(values.index).fillna(0.0).to_numpy(dtype=float)
    if w.sum() <= 0:
        return float("nan")
    return float((w * values.to_numpy(dtype=float)).sum() / w.sum())


def _as_scores(values: pd.Series, levels: Any) -> tuple[pd.Series, int | None]:
    """Numeric scores 1..k for an ordinal/likert column, and k."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        k = len(values.cat.categories)
        codes = values.cat.codes.astype(float)
        codes[codes < 0] = np.nan
        return (codes + 1.0), k
    numeric = pd.to_numeric(values, errors="coerce")
    if levels is not None and not (isinstance(levels, float) and np.isnan(levels)):
        try:
            k = len(levels)
        except TypeError:
            k = None
        if k and numeric.isna().all() and values.notna().any():
            order = {str(level): i + 1.0 for i, level in enumerate(levels)}
            return values.map(lambda v: order.get(str(v), np.nan)).astype(float), k
        return numeric.astype(float), k
    return numeric.astype(float), None


def _resolve_stage(journey: Journey, value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value) == "":
        return None
    try:
        return journey.resolve_stage(str(value))
    except JourneyError:
        return None


def survey_stage_items(
    survey: Any, journey: Journey, members: dict[str, pd.Index | None]
) -> tuple[dict[tuple[str, str], dict[str, list[dict[str, Any]]]], list[str]]:
    """Compute the survey lanes for every (persona key, stage).

    Parameters
    ----------
    survey : Survey
        The survey with a codebook whose ``stage``/``role`` columns are set.
    journey : Journey
        The journey (codebook stages are resolved against it).
    members : dict
        Persona key -> respondent ids (``None`` for all respondents).

    Returns
    -------
    items : dict
        ``{(persona key, stage): {lane: [item, ...]}}``; lanes are
        ``touchpoints, goals, needs, content, pain_survey, actions, answers,
        scores`` (``answers``: staged categorical questions with no role).
    unmapped : list of str
        Variables with a codebook stage that is not a stage of this journey.
    """
    _check_survey(survey)
    cb = survey.codebook
    responses = survey.responses
    weights = getattr(survey, "weights", None)
    if weights is not None:
        weights = pd.Series(weights, dtype=float)
    if "stage" not in cb.columns:
        return {}, []
    out: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = {}
    unmapped: list[str] = []
    staged = cb[cb["stage"].map(lambda v: isinstance(v, str) and v.strip() != "")]
    if "include" in staged.columns:
        staged = staged[staged["include"].map(lambda v: v is not False)]
    # group multiselect options by question
    handled: set[str] = set()
    for _, row in staged.iterrows():
        variable = row["variable"]
        if variable in handled or variable not in responses.columns:
            continue
        stage = _resolve_stage(journey, row["stage"])
        if stage is None:
            unmapped.append(str(variable))
            continue
        role = row.get("role")
        role = role if isinstance(role, str) else None
        kind = row.get("kind")
        question = _short(_first(row.get("question"), variable), 120)
        if kind == "multiselect":
            qid = row.get("question_id") if isinstance(row.get("question_id"), str) else variable
            group = staged[
                (staged["kind"] == "multiselect")
                & (staged["question_id"].map(lambda q, qid=qid: q == qid))
            ]
            group = group[group["variable"].isin(responses.columns)]
            handled.update(group["variable"])
            lane = "answers" if role is None else LANE_ROLES.get(role)
            if lane is None:
                continue
            options = group["variable"].tolist()
            labels = [
                _short(_first(s, v), 60) for s, v in zip(group["sub_label"], group["variable"])
            ]
            block = responses[options].astype("boolean")
            for key, ids in members.items():
                sub = block if ids is None else block.reindex(ids.intersection(block.index))
                answered = sub.fillna(False).any(axis=1)
                base = sub[answered]
                if not len(base):
                    continue
                for option, label in zip(options, labels):
                    chosen = base[option].fillna(False).astype(bool)
                    out.setdefault((key, stage), {}).setdefault(lane, []).append(
                        _share_entry(label, chosen, weights, option, question)
                    )
            continue
        handled.add(variable)
        values = responses[variable]
        if kind in ("likert", "ordinal") and role is not None and role in LANE_ROLES:
            # a rated item ("How important is ... a good mobile app?") is one entry of its
            # lane: the item with the share in the top box, not one entry per answer level
            _rated_lane_item(out, row, values, stage, LANE_ROLES[role], question, members, weights)
            continue
        if kind == "nominal":
            lane = "answers" if role is None else LANE_ROLES.get(role)
            if lane is None:
                continue
            for key, ids in members.items():
                sub = values if ids is None else values.reindex(ids.intersection(values.index))
                sub = sub.dropna()
                if not len(sub):
                    continue
                levels = (
                    list(sub.cat.categories)
                    if isinstance(sub.dtype, pd.CategoricalDtype)
                    else sorted(sub.astype(str).unique())
                )
                as_text = sub.astype(str)
                for level in levels:
                    chosen = as_text == str(level)
                    if not chosen.any():
                        continue
                    label = _short(level, 60)
                    out.setdefault((key, stage), {}).setdefault(lane, []).append(
                        _share_entry(label, chosen, weights, variable, question)
                    )
            continue
        if kind in SCORE_KINDS and (role is None or role not in _NOT_SCORES):
            label = _short(_first(row.get("sub_label"), row.get("question"), variable), 70)
            levels = row.get("levels")
            scores, k = (
                _as_scores(values, levels)
                if kind in ("likert", "ordinal")
                else (pd.to_numeric(values, errors="coerce").astype(float), None)
            )
            overall = _score(scores, kind, k, weights)
            for key, ids in members.items():
                sub = scores if ids is None else scores.reindex(ids.intersection(scores.index))
                sub = sub.dropna()
                if not len(sub):
                    continue
                result = _score(sub, kind, k, weights)
                out.setdefault((key, stage), {}).setdefault("scores", []).append(
                    {
                        "text": label,
                        "label": label,
                        "question": question,
                        "variable": str(variable),
                        "kind": kind,
                        "measure": result["measure"],
                        "value": result["value"],
                        "mean": result["mean"],
                        "overall": overall["value"],
                        "scale_points": k,
                        "n": int(len(sub)),
                        "source": "survey",
                    }
                )
    for lanes in out.values():
        for lane, items in lanes.items():
            if lane != "scores":
                items.sort(
                    key=lambda it: (-(it["share"] if np.isfinite(it["share"]) else -1), it["text"])
                )
    return out, sorted(set(unmapped))


def _share_entry(
    label: str, chosen: pd.Series, weights: pd.Series | None, variable: Any, question: str
) -> dict[str, Any]:
    """One lane entry: the (weighted) share of the respondents for whom ``chosen`` holds."""
    return {
        "text": label,
        "label": label,
        "share": _weighted_share(chosen, weights),
        "n": int(chosen.sum()),
        "base": int(len(chosen)),
        "variable": str(variable),
        "question": question,
        "source": "survey",
    }


def _rated_lane_item(
    out: dict,
    row: Any,
    values: pd.Series,
    stage: str,
    lane: str,
    question: str,
    members: dict[str, pd.Index | None],
    weights: pd.Series | None,
) -> None:
    """One lane entry per persona for a Likert/ordinal item: its top-box share."""
    scores, k = _as_scores(values, row.get("levels"))
    if not k:
        return
    top = 2 if k >= 5 else 1
    item = _short(_first(row.get("sub_label"), row.get("question"), row["variable"]), 60)
    label = f"{item} (top-{top} box)"
    for key, ids in members.items():
        sub = scores if ids is None else scores.reindex(ids.intersection(scores.index))
        sub = sub.dropna()
        if not len(sub):
            continue
        entry = _share_entry(label, sub > k - top, weights, row["variable"], question)
        entry["measure"] = f"top-{top} box of {k}"
        out.setdefault((key, stage), {}).setdefault(lane, []).append(entry)


def _score(
    values: pd.Series, kind: str, k: int | None, weights: pd.Series | None
) -> dict[str, Any]:
    values = values.dropna()
    mean = _weighted_mean(values, weights)
    if kind == "nps":
        promoters = _weighted_share(values >= 9, weights)
        detractors = _weighted_share(values <= 6, weights)
        return {"measure": "NPS", "value": 100.0 * (promoters - detractors), "mean": mean}
    if kind in ("likert", "ordinal") and k:
        top = 2 if k >= 5 else 1
        share = _weighted_share(values > k - top, weights)
        return {"measure": f"top-{top} box of {k}", "value": share, "mean": mean}
    return {"measure": "mean", "value": mean, "mean": mean}

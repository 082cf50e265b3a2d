"""Inferring who takes part in which stage of a hand-off journey.

Two sources of evidence, both reported with every level they produce:

- **Top accounts**: the buying role of each account's main contact (champion,
  decision maker, economic buyer, technical evaluator, end user, procurement,
  legal, IT security, ...) implies a level per stage; a persona's level is the
  most common level among its accounts (ties go to the stronger involvement).
- **Evidence**: how much of a persona's interview and open-answer evidence is
  about each stage. The persona that talks about a stage most (relative to how
  much it talks overall) drives it; others with enough evidence take part;
  personas whose evidence at a stage is mostly about approving (sign-off,
  budget approval, legal or security review) are gatekeepers; personas with
  fewer than ``min_evidence`` quotes there are not involved.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import JourneyError
from personakit.journey._model import (
    _LEVEL_RANK,
    PARTICIPATION_COLUMNS,
    Journey,
    normalise_level,
    persona_key,
    persona_sort_key,
)

__all__ = [
    "BUYING_ROLE_PROFILES",
    "participation_from_accounts",
    "participation_from_evidence",
]

PHASES = ("aware", "explore", "evaluate", "select", "buy", "use", "advocate")

_STAGE_PHASES = {
    "awareness": ("aware",),
    "aware": ("aware",),
    "interest": ("explore",),
    "discovery": ("explore",),
    "research": ("explore", "evaluate"),
    "consideration": ("evaluate", "select"),
    "evaluation": ("evaluate",),
    "learning": ("evaluate",),
    "choosing": ("select",),
    "selection": ("select",),
    "decision": ("select", "buy"),
    "purchase": ("buy",),
    "purchasing": ("buy",),
    "enrollment": ("buy",),
    "contract": ("buy",),
    "onboarding": ("use",),
    "orientation": ("use",),
    "retention": ("use",),
    "post_purchase": ("use",),
    "adoption": ("use",),
    "usage": ("use",),
    "studies_support": ("use",),
    "repurchase": ("use",),
    "renewal": ("use",),
    "graduation": ("use",),
    "advocacy": ("advocate",),
    "loyalty": ("advocate",),
    "referral": ("advocate",),
    "alumni": ("advocate",),
}

# level per phase: aware, explore, evaluate, select, buy, use, advocate
_D, _P, _G, _N = "driver", "participant", "gatekeeper", "not_involved"
BUYING_ROLE_PROFILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "champion": (
        ("champion", "initiator", "sponsor", "project lead", "internal advocate"),
        (_D, _D, _D, _P, _P, _D, _D),
    ),
    "decision_maker": (
        ("decision maker", "decision-maker", "decider", "final decision"),
        (_N, _P, _P, _D, _D, _N, _P),
    ),
    "economic_buyer": (
        ("economic buyer", "budget", "finance", "cfo", "buyer", "purchaser", "payer"),
        # approves the choice, then signs: leads the purchase itself
        (_N, _N, _N, _G, _D, _N, _N),
    ),
    "technical_evaluator": (
        ("technical", "evaluator", "influencer", "recommender", "specialist", "architect"),
        (_P, _P, _D, _P, _N, _P, _P),
    ),
    "end_user": (
        ("end user", "end-user", "user", "practitioner", "operator"),
        (_P, _N, _P, _N, _N, _D, _P),
    ),
    "gatekeeper": (
        (
            "gatekeeper",
            "procurement",
            "legal",
            "security",
            "compliance",
            "approver",
            "blocker",
            "it ",
            "it/",
            "infosec",
        ),
        (_N, _N, _G, _G, _G, _N, _N),
    ),
}
"""Buying role -> (keywords that recognise it, level per phase). The phases are
aware, explore, evaluate, select, buy, use, advocate; each stage maps to one or
more phases by its name (or by its position in the journey when the name is
not a common one)."""

_APPROVAL = re.compile(
    r"\b(approv\w*|sign(?:ed|s|ing)?[- ]?off|final say|veto\w*|budget (?:holder|owner|approval)"
    r"|procurement|legal review|security review|compliance|green[- ]?light|authori[sz]\w*"
    r"|purchase order|signature|countersign\w*)\b",
    re.IGNORECASE,
)


def stage_phases(journey: Journey) -> dict[str, tuple[str, ...]]:
    """Phase(s) of each stage: by name when common, else by position in the journey."""
    out = {}
    n = len(journey.stages)
    for i, stage in enumerate(journey.stages):
        key = stage.name.strip().lower().replace(" ", "_").replace("-", "_")
        if key in _STAGE_PHASES:
            out[stage.name] = _STAGE_PHASES[key]
        else:
            position = 0.0 if n == 1 else i / (n - 1)
            out[stage.name] = (PHASES[int(round(position * (len(PHASES) - 1)))],)
    return out


def _role_profile(value: str, role_levels: Mapping[str, Any]) -> tuple[str, Any] | None:
    """Return (profile name, levels) for a buying-role value, or None."""
    text = " " + re.sub(r"[_\s]+", " ", str(value).strip().lower()) + " "
    for name, levels in role_levels.items():
        if str(name).strip().lower() == text.strip():
            return str(name), levels
    best: tuple[int, str] | None = None
    for name, (keywords, _) in BUYING_ROLE_PROFILES.items():
        for kw in keywords:
            if kw in text and (best is None or len(kw) > best[0]):
                best = (len(kw), name)
    if best is None:
        return None
    return best[1], BUYING_ROLE_PROFILES[best[1]][1]


def _find_column(frame: pd.DataFrame, given: str | None, patterns: Sequence[str], what: str):
    if given is not None:
        if given not in frame.columns:
            raise JourneyError(
                f"accounts: {what} column {given!r} not found; the columns are "
                f"{list(frame.columns)}."
            )
        return given
    for pattern in patterns:
        for column in frame.columns:
            if re.search(pattern, str(column), re.IGNORECASE):
                return column
    return None


def participation_from_accounts(
    accounts: Any,
    journey: Journey | Any = None,
    *,
    labels: Any = None,
    role_column: str | None = None,
    persona_column: str | None = None,
    role_levels: Mapping[str, Mapping[str, str]] | None = None,
) -> pd.DataFrame:
    """Infer hand-off participation from the buying role of top accounts.

    Parameters
    ----------
    accounts : Survey or pandas.DataFrame
        One row per account (``personakit.read_accounts`` returns a Survey;
        the buying-role variable is the one whose codebook role is
        ``decision_role``). A DataFrame needs a buying-role column (found by
        name, e.g. ``buying_role``) and either a ``persona`` column or
        ``labels``.
    journey : Journey, optional
        The journey whose stages get levels; default the B2B buying journey.
    labels : Series or PersonaSet, optional
        Account id -> persona id (a PersonaSet's ``labels`` are used).
    role_column, persona_column : str, optional
        Column names, when they cannot be found automatically.
    role_levels : dict, optional
        ``{buying role value: {stage: level}}`` for roles the built-in
        profiles (:data:`BUYING_ROLE_PROFILES`) do not know, or to override
        them. Stages not listed are ``not_involved``.

    Returns
    -------
    pandas.DataFrame
        Columns ``persona, stage, level, source, reason`` with
        ``source="accounts"``; pass it to :meth:`Journey.with_participation`.

    Raises
    ------
    JourneyError
        When the buying-role or persona column is missing, or a role value is
        not recognised (the message lists them and how to map them).

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit import Journey
    >>> from personakit.journey import participation_from_accounts
    >>> accounts = pd.DataFrame({
    ...     "buying_role": ["Champion", "Champion", "Economic buyer", "Procurement"],
    ...     "persona": [1, 1, 2, 2]})
    >>> part = participation_from_accounts(accounts, Journey("b2b_buying", kind="handoff"))
    >>> part[part["stage"] == "choosing"][["persona", "level"]].values.tolist()
    [[1, 'participant'], [2, 'gatekeeper']]
    """
    journey = journey if isinstance(journey, Journey) else Journey(journey or "b2b_buying")
    role_levels = dict(role_levels or {})
    if hasattr(accounts, "responses") and hasattr(accounts, "codebook"):
        frame = accounts.responses.copy()
        if role_column is None:
            cb = accounts.codebook
            roles = cb[cb["role"] == "decision_role"]["variable"].tolist() if "role" in cb else []
            role_column = roles[0] if roles else None
    elif isinstance(accounts, pd.DataFrame):
        frame = accounts.copy()
    else:
        raise JourneyError(
            "accounts: give the Survey personakit.read_accounts returns or a DataFrame with one "
            f"row per account, got {type(accounts).__name__}."
        )
    role_col = _find_column(
        frame,
        role_column,
        [r"buying.?role", r"decision.?role", r"role.?in.?(the.?)?(purchase|buying|decision)"],
        "buying-role",
    )
    if role_col is None:
        raise JourneyError(
            "accounts: no buying-role column found (looked for names like 'buying_role' or "
            f"'decision_role' in {list(frame.columns)[:15]}). Pass role_column='...'."
        )
    if labels is not None:
        if hasattr(labels, "labels"):
            labels = labels.labels
        labels = pd.Series(labels)
        labels.index = labels.index.astype(str)
        if persona_column is not None:
            raise JourneyError("accounts: pass either labels or persona_column, not both.")
        index = frame.index.astype(str)
        id_col = _find_column(frame, None, [r"^account.?id$", r"^id$"], "id")
        if id_col is not None and not index.isin(labels.index).any():
            index = frame[id_col].astype(str)
        persona = pd.Series(list(index), index=frame.index).map(labels)
    else:
        p_col = _find_column(frame, persona_column, [r"^persona$", r"^persona.?id$"], "persona")
        if p_col is None:
            raise JourneyError(
                "accounts: no persona column and no labels; pass labels=personas (the accounts' "
                "PersonaSet) or persona_column='...'."
            )
        persona = frame[p_col]
    roles = frame[role_col]
    keep = persona.notna() & roles.notna()
    if not keep.any():
        raise JourneyError(
            f"accounts: no account has both a persona and a buying role ({role_col!r}); check "
            "that labels are indexed by the accounts' ids."
        )
    phases = stage_phases(journey)
    unknown = sorted({str(r) for r in roles[keep] if _role_profile(str(r), role_levels) is None})
    if unknown:
        raise JourneyError(
            f"accounts column {role_col!r}: buying role(s) {unknown} are not recognised. Map them "
            "with role_levels={'<role>': {'<stage>': 'driver'|'participant'|'gatekeeper'|"
            "'not_involved', ...}}; known roles are "
            f"{sorted(BUYING_ROLE_PROFILES)} (matched by keywords such as 'champion', 'economic "
            "buyer', 'procurement')."
        )

    def level_for(role: str, stage: str) -> str:
        profile, levels = _role_profile(role, role_levels)
        if isinstance(levels, Mapping):
            given = {
                journey.resolve_stage(k, where=f"role_levels[{profile!r}]"): v
                for k, v in levels.items()
            }
            return normalise_level(
                given.get(stage, "not_involved"), where=f"role_levels[{profile!r}]"
            )
        by_phase = dict(zip(PHASES, levels))
        candidates = [by_phase[p] for p in phases[stage]]
        return max(candidates, key=lambda lv: _LEVEL_RANK[lv])

    rows = []
    order: dict[str, Any] = {}
    for p in persona[keep]:
        order.setdefault(persona_key(p), p)
    for key, original in sorted(order.items(), key=lambda kv: persona_sort_key(kv[0])):
        mask = keep & persona.map(lambda v, key=key: not pd.isna(v) and persona_key(v) == key)
        persona_roles = [str(r) for r in roles[mask]]
        n = len(persona_roles)
        role_counts = Counter(persona_roles)
        for stage in journey.stage_names:
            votes = Counter(level_for(r, stage) for r in persona_roles)
            level = max(votes, key=lambda lv: (votes[lv], _LEVEL_RANK[lv]))
            detail = ", ".join(
                f"{count} {role!r} ({level_for(role, stage).replace('_', ' ')})"
                for role, count in sorted(role_counts.items(), key=lambda kv: (-kv[1], kv[0]))
            )
            rows.append(
                {
                    "persona": original,
                    "stage": stage,
                    "level": level,
                    "source": "accounts",
                    "reason": f"buying role of {n} account(s) ({role_col}): {detail}",
                }
            )
    return pd.DataFrame(rows, columns=list(PARTICIPATION_COLUMNS))


def infer_from_prepared(
    ev: pd.DataFrame,
    journey: Journey,
    persona_keys: Sequence[str],
    *,
    min_evidence: int = 5,
    gatekeeper_share: float = 0.3,
) -> pd.DataFrame:
    """Participation levels from prepared evidence (see :func:`participation_from_evidence`)."""
    counts = ev.groupby(["persona_key", "stage"]).size()
    totals = ev.groupby("persona_key").size()
    approval = ev["text"].map(lambda t: bool(_APPROVAL.search(t or "")))
    approvals = approval.groupby([ev["persona_key"], ev["stage"]]).sum()
    rows = []
    for stage in journey.stage_names:
        focus = {}
        for key in persona_keys:
            n = int(counts.get((key, stage), 0))
            total = int(totals.get(key, 0))
            focus[key] = (n / total if total else 0.0, n)
        eligible = [k for k in persona_keys if focus[k][1] >= min_evidence]
        driver = (
            max(eligible, key=lambda k: (focus[k][0], focus[k][1], -persona_keys.index(k)))
            if eligible
            else None
        )
        for key in persona_keys:
            share, n = focus[key]
            total = int(totals.get(key, 0))
            a = int(approvals.get((key, stage), 0))
            a_share = a / n if n else 0.0
            if n < min_evidence:
                level = "not_involved"
                why = f"{n} quote(s) at this stage, fewer than min_evidence={min_evidence}"
            elif key == driver and a_share < gatekeeper_share:
                level = "driver"
                why = (
                    f"{n} of its {total} staged quotes ({share:.0%}) are about this stage, the "
                    "highest share of all personas"
                )
            elif a_share >= gatekeeper_share:
                level = "gatekeeper"
                why = f"{a} of its {n} quotes at this stage ({a_share:.0%}) are about approving"
            else:
                level = "participant"
                why = f"{n} of its {total} staged quotes ({share:.0%}) are about this stage"
            rows.append(
                {
                    "persona": key,
                    "stage": stage,
                    "level": level,
                    "source": "evidence",
                    "reason": why,
                }
            )
    out = pd.DataFrame(rows, columns=list(PARTICIPATION_COLUMNS))
    rank = {k: i for i, k in enumerate(persona_keys)}
    srank = {s: i for i, s in enumerate(journey.stage_names)}
    out = out.iloc[
        np.lexsort((out["stage"].map(srank).to_numpy(), out["persona"].map(rank).to_numpy()))
    ]
    return out.reset_index(drop=True)


def participation_from_evidence(
    evidence: pd.DataFrame,
    journey: Journey | Any = None,
    personas: Any = None,
    *,
    min_evidence: int = 5,
    gatekeeper_share: float = 0.3,
) -> pd.DataFrame:
    """Infer hand-off participation from which personas' evidence falls in which stage.

    Parameters
    ----------
    evidence : pandas.DataFrame
        The evidence table (:func:`personakit.analyze_text`) with ``persona``
        (or ``respondent_id`` and ``personas`` with labels) and ``stage``.
    journey : Journey, optional
        The journey; default the B2B buying journey.
    personas : PersonaSet, Series, dict or list, optional
        As for :meth:`JourneyMap.build`; default the ids in the evidence.
    min_evidence : int, default 5
        A persona with fewer quotes at a stage is ``not_involved`` there.
    gatekeeper_share : float, default 0.3
        A persona is a ``gatekeeper`` at a stage when at least this share of
        its quotes there are about approving (sign-off, budget approval,
        legal, procurement or security review).

    Returns
    -------
    pandas.DataFrame
        Columns ``persona, stage, level, source, reason`` with
        ``source="evidence"``.

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit import Journey
    >>> from personakit.journey import participation_from_evidence
    >>> ev = pd.DataFrame({
    ...     "persona": [1] * 6 + [2] * 6,
    ...     "stage": ["learning"] * 6 + ["purchasing"] * 6,
    ...     "text": ["We tested it."] * 6 + ["I had to approve the budget."] * 6,
    ...     "valence": 0.0, "emotion": "neutral"})
    >>> part = participation_from_evidence(ev, Journey("b2b_buying"), min_evidence=3)
    >>> part[part["stage"].isin(["learning", "purchasing"])][["persona", "stage", "level"]].values.tolist()
    [[1, 'learning', 'driver'], [1, 'purchasing', 'not_involved'], [2, 'learning', 'not_involved'], [2, 'purchasing', 'gatekeeper']]
    """
    from personakit.journey._evidence import prepare_evidence, resolve_personas

    journey = journey if isinstance(journey, Journey) else Journey(journey or "b2b_buying")
    if not isinstance(min_evidence, int | np.integer) or min_evidence < 1:
        raise JourneyError(f"min_evidence must be a positive integer, got {min_evidence!r}.")
    info = resolve_personas(personas, evidence if isinstance(evidence, pd.DataFrame) else None)
    ev, _ = prepare_evidence(evidence, journey, info)
    keys = [persona_key(i) for i in info.ids]
    out = infer_from_prepared(
        ev, journey, keys, min_evidence=int(min_evidence), gatekeeper_share=gatekeeper_share
    )
    back = info.key_of()
    out["persona"] = out["persona"].map(back).astype(object)
    return out

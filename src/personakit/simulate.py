"""Seeded survey generator with planted personas, for tests, benchmarks and teaching.

:func:`simulate_survey` draws respondents from a latent class model: each respondent
belongs to one persona; given the persona, the answers are independent. Likert items
follow an ordered-logit model whose location depends on the persona; nominal and
multi-select answers have persona-specific probabilities; numeric answers are
Gaussian (or log-normal, for counts and money) around persona-specific means.
``separation`` scales every persona difference, from 0 (all personas identical:
the data has no structure at all) through 0.5 (heavy overlap) to 2 and more (well
separated). Answers go missing completely at random with probability ``missing``.

The result is a real :class:`personakit.Survey` (ordered categoricals, booleans,
floats, a codebook with kinds, scales, question ids and roles) plus the planted
persona of every respondent, so recovery can be measured.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from personakit._errors import PersonakitError
from personakit.survey import Survey

__all__ = ["simulate_survey"]

_AGREE5 = [
    "Strongly disagree",
    "Somewhat disagree",
    "Neither agree nor disagree",
    "Somewhat agree",
    "Strongly agree",
]
_CUTS = np.array([-2.2, -0.8, 0.6, 2.0])

_STATEMENTS = [
    "Price matters most when I choose a tool",
    "I compare several vendors before deciding",
    "I prefer to try a product before talking to sales",
    "I need my manager's approval to buy software",
    "Setting up new tools takes too much of my time",
    "I trust peer reviews more than vendor content",
    "I want detailed technical documentation",
    "Integrations with our existing tools are essential",
    "I often feel unsure which plan fits us",
    "Good customer support is worth paying for",
    "I read industry newsletters every week",
    "Data security is a deciding factor for us",
    "I prefer short videos over long articles",
    "I recommend tools I like to colleagues",
    "Our team switches tools when something better appears",
    "I find onboarding emails useful",
    "Automation saves our team a lot of time",
    "I worry about hidden costs after purchase",
    "I attend webinars to learn about new products",
    "Sustainability influences our buying decisions",
]
_NOMINAL = [
    ("Which best describes your role?", "decision_role",
     ["Individual contributor", "Team lead", "Manager", "Director", "Executive", "Freelancer"]),
    ("How many people work at your organisation?", "firmographic",
     ["1-10", "11-50", "51-200", "201-1000", "1000+"]),
    ("Where are you based?", "demographic",
     ["North America", "Europe", "Asia-Pacific", "Latin America"]),
    ("Which plan do you use?", "behaviour", ["Free", "Starter", "Pro", "Enterprise"]),
    ("Which industry are you in?", "firmographic",
     ["Software", "Retail", "Healthcare", "Education", "Finance", "Manufacturing"]),
    ("Which device do you mostly use?", "behaviour", ["Laptop", "Desktop", "Phone", "Tablet"]),
]  # fmt: skip
_MULTI = [
    ("Where do you learn about new tools? (select all)", "channel",
     ["Search engines", "Social media", "Colleagues", "Newsletters", "Events", "Review sites"]),
    ("Which content formats do you prefer? (select all)", "content_preference",
     ["Blog posts", "Videos", "Case studies", "Webinars", "Whitepapers"]),
]  # fmt: skip
_NUMERIC = [
    ("age", "How old are you?", "demographic", "normal", 41.0, 9.0, 11.0),
    ("team_size", "How many people are in your team?", "firmographic", "lognormal", 2.2, 0.5, 0.7),
    ("monthly_spend", "Roughly how much does your team spend per month on software (USD)?",
     "behaviour", "lognormal", 6.5, 0.6, 0.9),
    ("tenure_years", "How many years have you been in your current role?", "demographic",
     "lognormal", 1.2, 0.35, 0.6),
]  # fmt: skip


def _default_shares(k: int) -> np.ndarray:
    raw = 1.0 - 0.15 * np.arange(k) * 4 / max(k, 4)
    raw = np.maximum(raw, 0.35)
    return raw / raw.sum()


def _draw_categorical(rng, probs: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """One draw per respondent from the row of ``probs`` (k, L) of their persona."""
    cum = np.cumsum(probs, axis=1)
    cum[:, -1] = 1.0
    u = rng.random(len(labels))
    return (u[:, None] > cum[labels]).sum(axis=1)


def simulate_survey(
    n: int = 1000,
    n_personas: int = 4,
    *,
    separation: float = 1.0,
    n_likert: int = 20,
    n_nominal: int = 6,
    n_multiselect: int = 2,
    n_numeric: int = 3,
    missing: float = 0.05,
    shares=None,
    weights: bool = False,
    random_state: int = 0,
) -> tuple[Survey, pd.Series]:
    """Simulate a mixed-type survey with planted personas.

    Parameters
    ----------
    n : int, default 1000
        Number of respondents.
    n_personas : int, default 4
        Number of planted personas (1 = no structure).
    separation : float, default 1.0
        How different the personas are: 0 = identical (no structure), 0.5 = heavy
        overlap, 1 = moderate, 2 and more = well separated.
    n_likert : int, default 20
        Number of 5-point agreement items (one grid, question ``Q1``), at most 20.
    n_nominal : int, default 6
        Number of single-choice questions (``Q2`` ...), at most 6.
    n_multiselect : int, default 2
        Number of select-all-that-apply questions, each becoming one boolean column
        per option (``Q8_1`` ...), at most 2.
    n_numeric : int, default 3
        Number of numeric questions (age, team size, spend, tenure), at most 4.
    missing : float, default 0.05
        Probability that any single answer is missing (completely at random).
    shares : sequence of float, optional
        Persona shares (normalised); default mildly unequal, e.g. 0.32, 0.27, 0.23, 0.18.
    weights : bool, default False
        Add a survey ``weight`` column (kind ``weight``, mean 1).
    random_state : int, default 0
        Seed; the same seed gives the same survey.

    Returns
    -------
    survey : personakit.Survey
        Responses (ids ``R0001`` ...) and codebook.
    truth : pandas.Series
        Planted persona (1..n_personas) per respondent id, named ``persona``.

    Examples
    --------
    >>> from personakit.simulate import simulate_survey
    >>> survey, truth = simulate_survey(200, 3, random_state=1)
    >>> survey.n_respondents, truth.nunique()
    (200, 3)
    >>> survey.codebook.set_index("variable").loc["Q1_1", "kind"]
    'likert'
    """
    _check_int("n", n, 1)
    _check_int("n_personas", n_personas, 1)
    limits = {
        "n_likert": (n_likert, len(_STATEMENTS)),
        "n_nominal": (n_nominal, len(_NOMINAL)),
        "n_multiselect": (n_multiselect, len(_MULTI)),
        "n_numeric": (n_numeric, len(_NUMERIC)),
    }
    for name, (value, top) in limits.items():
        _check_int(name, value, 0)
        if value > top:
            raise PersonakitError(f"{name}={value}: the generator has at most {top}; use <= {top}.")
    if not (0.0 <= float(missing) < 1.0):
        raise PersonakitError(f"missing={missing!r} must be a probability in [0, 1).")
    if not np.isfinite(separation) or separation < 0:
        raise PersonakitError(f"separation={separation!r} must be a number >= 0.")
    if n_likert + n_nominal + n_multiselect + n_numeric == 0:
        raise PersonakitError("simulate_survey needs at least one question; all counts are 0.")

    rng = np.random.default_rng(random_state)
    k = int(n_personas)
    if shares is None:
        p = _default_shares(k)
    else:
        p = np.asarray(shares, dtype=float)
        if p.shape != (k,) or (p < 0).any() or p.sum() <= 0:
            raise PersonakitError(
                f"shares={list(shares)!r} must be {k} non-negative numbers (one per persona)."
            )
        p = p / p.sum()
    labels = rng.choice(k, size=n, p=p)
    ids = pd.Index([f"R{i + 1:0{max(4, len(str(n)))}d}" for i in range(n)], name="respondent_id")
    sep = float(separation)
    columns: dict[str, object] = {}
    rows: list[dict] = []

    def add(var, qid, question, sub, kind, levels, role, scale=None):
        rows.append(
            {
                "variable": var,
                "question_id": qid,
                "question": question,
                "sub_label": sub,
                "kind": kind,
                "kind_reason": "simulated",
                "levels": levels,
                "scale": scale,
                "reverse": False,
                "missing_codes": [],
                "source_columns": [var],
                "pii": False,
                "stage": None,
                "role": role,
                "include": True,
            }
        )

    def blank(mask_len):
        return rng.random(mask_len) < missing

    for j in range(n_likert):
        base = rng.normal(0.0, 0.6)
        loc = base + sep * rng.normal(0.0, 1.0, size=k)
        cdf = 1.0 / (1.0 + np.exp(-(_CUTS[None, :] - loc[:, None])))
        probs = np.diff(np.column_stack([np.zeros(k), cdf, np.ones(k)]), axis=1)
        codes = _draw_categorical(rng, probs, labels)
        codes = np.where(blank(n), -1, codes)
        var = f"Q1_{j + 1}"
        columns[var] = pd.Categorical.from_codes(codes, categories=_AGREE5, ordered=True)
        add(var, "Q1", "How much do you agree with each statement?", _STATEMENTS[j], "likert",
            list(_AGREE5), "attitude", scale="agree5")  # fmt: skip

    for j in range(n_nominal):
        question, role, levels = _NOMINAL[j]
        L = len(levels)
        logits = rng.normal(0.0, 0.4, size=L)[None, :] + 1.2 * sep * rng.normal(size=(k, L))
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        codes = _draw_categorical(rng, probs, labels)
        codes = np.where(blank(n), -1, codes)
        var = f"Q{j + 2}"
        columns[var] = pd.Categorical.from_codes(codes, categories=levels, ordered=False)
        add(var, var, question, None, "nominal", list(levels), role)

    for j in range(n_multiselect):
        question, role, options = _MULTI[j]
        qid = f"Q{8 + j}"
        answered = ~blank(n)
        for o, option in enumerate(options):
            logit = rng.normal(-0.4, 0.5) + 1.2 * sep * rng.normal(size=k)
            prob = 1.0 / (1.0 + np.exp(-logit))
            ticked = rng.random(n) < prob[labels]
            var = f"{qid}_{o + 1}"
            columns[var] = pd.array(np.where(answered, ticked, False), dtype="boolean")
            columns[var][~answered] = pd.NA
            add(var, qid, question, option, "multiselect", [option], role)

    for j in range(n_numeric):
        var, question, role, dist, center, spread, noise = _NUMERIC[j]
        shift = sep * spread * rng.normal(size=k)
        values = center + shift[labels] + noise * rng.normal(size=n)
        if dist == "lognormal":
            values = np.exp(values)
            values = np.round(values, 0 if var in ("team_size", "monthly_spend") else 1)
            values = np.maximum(values, 1.0 if var == "team_size" else 0.0)
        else:
            # ages outside 18-80 are redrawn (not clipped, which would pile people up at 18)
            for _ in range(100):
                out = (values < 18) | (values > 80)
                if not out.any():
                    break
                values[out] = center + shift[labels[out]] + noise * rng.normal(size=int(out.sum()))
            values = np.round(np.clip(values, 18, 80))
        values = np.where(blank(n), np.nan, values).astype(float)
        columns[var] = values
        add(var, var, question, None, "numeric", None, role)

    if weights:
        w = np.exp(rng.normal(0.0, 0.35, size=n))
        columns["weight"] = w / w.mean()
        add("weight", "weight", "Survey weight", None, "weight", None, None)

    responses = pd.DataFrame(columns, index=ids)
    survey = Survey(
        responses,
        pd.DataFrame(rows),
        source="simulated",
        source_reason=f"simulate_survey(n={n}, n_personas={k}, separation={separation})",
    )
    truth = pd.Series(labels + 1, index=ids, name="persona", dtype="int64")
    return survey, truth


def _check_int(name: str, value, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
        raise PersonakitError(f"{name}={value!r} must be an integer >= {low}.")

"""``pain_points``: a ranked table of pain themes for people to read.

From the evidence table of :func:`personakit.analyze_text`, every pain point
theme gets one row with how many participants raised it and how often, how the
mentions split across personas (or stages), how negative they were, a severity
score, and representative quotes with their sources.

Severity (0-100) combines three things, each scaled to 0-1:

- **spread** = participants who raised the theme / participants in the evidence
  (weight 0.5): a problem many people have matters most;
- **frequency** = the theme's pain point sentences / those of the most
  mentioned theme (weight 0.2);
- **negativity** = minus the mean valence of its sentences, clipped to 0-1
  (weight 0.3).

``severity = 100 * (0.5 * spread + 0.2 * frequency + 0.3 * negativity)``.
A participant is a respondent id when known, else a speaker within an
interview, else one text item.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import PersonakitError
from personakit.privacy import mask_pii

__all__ = ["SEVERITY_WEIGHTS", "pain_points"]

SEVERITY_WEIGHTS = {"spread": 0.5, "frequency": 0.2, "negativity": 0.3}
"""Weights of the severity score."""

_REQUIRED = ("text", "is_pain_point")
_QUOTE_WORDS = (6, 40)
_NEAR_COPY = 0.8  # quotes sharing this share of their words are one quote said twice
_WORDS = re.compile(r"[a-z0-9']+")


def _participants(ev: pd.DataFrame) -> pd.Series:
    def get(name: str) -> pd.Series:
        if name in ev.columns:
            return ev[name].astype("string")
        return pd.Series(pd.NA, index=ev.index, dtype="string")

    rid = get("respondent_id")
    interview = get("interview_id")
    speaker = get("speaker")
    source = get("source").fillna("text")
    line = (
        ev["line"].astype("string")
        if "line" in ev.columns
        else pd.Series([str(i) for i in range(len(ev))], index=ev.index, dtype="string")
    )
    by_speaker = "interview:" + interview.fillna(source) + ":" + speaker.fillna("participant")
    by_item = "item:" + source + ":" + line.fillna("?")
    has_speaker = interview.notna() | speaker.notna()
    key = pd.Series(np.where(has_speaker, by_speaker, by_item), index=ev.index, dtype="string")
    return ("respondent:" + rid).fillna(key)


def _quote(row: pd.Series) -> dict[str, Any]:
    line = row.get("line")
    return {
        "text": str(row["text"]),
        "evidence_id": None if pd.isna(row.get("evidence_id", pd.NA)) else str(row["evidence_id"]),
        "source": None if pd.isna(row.get("source", pd.NA)) else str(row["source"]),
        "line": None if line is None or pd.isna(line) else int(line),
        "persona": None if pd.isna(row.get("persona", pd.NA)) else int(row["persona"]),
    }


def _typicality(texts: pd.Series) -> np.ndarray:
    """How typical each sentence is of its theme: its topic words shared by the others.

    Each sentence's topic terms (content stems, bigrams and topic concepts, less
    affect and filler words, as the themes use them) score by the share of the
    theme's sentences that use them; the score is their sum over the square root
    of their number, rounded. A sentence with no topic word ("So frustrating.")
    scores 0.
    """
    from personakit.text._themes import _is_affect, _noise, _terms

    _, _, affect = _noise()
    docs = [
        {t for t in _terms(str(text))[0] if not _is_affect(t, affect)} for text in texts.tolist()
    ]
    counts: dict[str, int] = {}
    for doc in docs:
        for term in doc:
            counts[term] = counts.get(term, 0) + 1
    n = max(len(docs), 1)
    scores = [sum(counts[t] for t in doc) / n / np.sqrt(len(doc)) if doc else 0.0 for doc in docs]
    return np.round(np.asarray(scores, dtype=float), 6)


def _pick_quotes(rows: pd.DataFrame, n_quotes: int) -> list[dict[str, Any]]:
    """The most typical sentences of a theme, one per participant, of a readable length.

    Ties go to the more negative, then the shorter sentence.
    """
    words = rows["text"].astype(str).str.split().str.len()
    in_range = words.between(*_QUOTE_WORDS)
    valence = rows["valence"].fillna(0.0) if "valence" in rows.columns else 0.0
    typical = -_typicality(rows["text"])
    order = rows.assign(_fit=~in_range, _typ=typical, _val=valence, _words=words).sort_values(
        [
            "_fit",
            "_typ",
            "_val",
            "_words",
            "evidence_id" if "evidence_id" in rows.columns else "text",
        ],
        kind="stable",
    )
    chosen: list[dict[str, Any]] = []
    words_of: list[set[str]] = []
    people: set[str] = set()
    used: set[Any] = set()

    def near_copy(text: str) -> bool:
        words = set(_WORDS.findall(text.lower()))
        return any(len(words & w) >= _NEAR_COPY * max(len(words | w), 1) for w in words_of)

    # one quote per participant and no near-copies first; then relax, one rule at a time
    for distinct_people, distinct_text in ((True, True), (False, True), (False, False)):
        for position, (_, row) in enumerate(order.iterrows()):
            if len(chosen) == n_quotes:
                return chosen
            text = str(row["text"])
            if position in used or (distinct_people and row["_participant"] in people):
                continue
            if distinct_text and near_copy(text):
                continue
            used.add(position)
            people.add(row["_participant"])
            words_of.append(set(_WORDS.findall(text.lower())))
            chosen.append(_quote(row))
    return chosen


def pain_points(
    evidence: pd.DataFrame,
    by: str = "persona",
    *,
    n_quotes: int = 3,
    keep_pii: bool = False,
) -> pd.DataFrame:
    """Rank the pain point themes of an evidence table.

    Parameters
    ----------
    evidence : pandas.DataFrame
        The output of :func:`personakit.analyze_text` (at least ``text`` and
        ``is_pain_point``; ``theme``/``theme_id``, ``pain_type``, ``valence``,
        ``persona``, ``stage``, ``respondent_id``, ``interview_id``, ``speaker``,
        ``source``, ``line`` and ``evidence_id`` are used when present). Without
        themes, pain points are grouped by ``pain_type``.
    by : {"persona", "stage"}, default "persona"
        How to break each theme's mentions down: one ``share_<value>`` column per
        persona id (``share_persona_1`` ...) or per stage (``share_awareness`` ...).
    n_quotes : int, default 3
        Representative quotes per theme (from different participants when
        possible; clearly negative sentences of 6-40 words first).
    keep_pii : bool, default False
        Quotes are passed through :func:`personakit.mask_pii` unless True.

    Returns
    -------
    pandas.DataFrame
        One row per theme, best first, columns: ``rank``, ``theme_id``, ``theme``,
        ``pain_type`` (most common type in the theme), ``n_participants``,
        ``n_utterances``, ``share_<by value>`` (share of the theme's pain point
        sentences from that persona/stage; rows sum to 1 over known values),
        ``mean_valence``, ``severity`` (0-100, see the module notes),
        ``quote_1`` .. ``quote_<n_quotes>`` (text with its source, e.g.
        ``"... " (interview_03.vtt, line 41)``) and ``quotes`` (list of dicts
        ``text, evidence_id, source, line, persona``).

    Raises
    ------
    PersonakitError
        If ``evidence`` lacks the needed columns, ``by`` is unknown, or the
        ``by`` column is missing or empty.

    Examples
    --------
    >>> import pandas as pd, personakit
    >>> turns = pd.DataFrame({
    ...     "interview_id": ["i1", "i1", "i2", "i2"],
    ...     "speaker": ["Ann", "Bo", "Cy", "Di"],
    ...     "role": ["interviewer", "participant", "interviewer", "participant"],
    ...     "text": ["How was delivery?", "The delivery was three days late.",
    ...              "And delivery?", "Delivery took forever, a week late."],
    ...     "source": ["i1.vtt", "i1.vtt", "i2.vtt", "i2.vtt"], "line": [1, 2, 1, 2],
    ...     "persona": [1, 1, 2, 2]})
    >>> ev = personakit.analyze_text(turns)
    >>> table = personakit.pain_points(ev, by="persona")
    >>> table[["rank", "pain_type", "n_participants", "share_persona_1", "share_persona_2"]].values.tolist()
    [[1, 'time', 2, 0.5, 0.5]]
    """
    if not isinstance(evidence, pd.DataFrame):
        raise PersonakitError(
            f"pain_points: evidence must be the DataFrame from analyze_text, got "
            f"{type(evidence).__name__}."
        )
    missing = [c for c in _REQUIRED if c not in evidence.columns]
    if missing:
        raise PersonakitError(
            f"pain_points: evidence lacks column(s) {missing}; pass the table returned by "
            "personakit.analyze_text."
        )
    if by not in ("persona", "stage"):
        raise PersonakitError(f"pain_points: by={by!r} is not known; use 'persona' or 'stage'.")
    if by not in evidence.columns:
        fix = (
            "use by='stage', or give analyze_text(..., personas=...) so evidence carries personas."
            if by == "persona"
            else "pass the table personakit.analyze_text returns, which has one."
        )
        raise PersonakitError(f"pain_points: evidence has no {by!r} column; {fix}")
    if not isinstance(n_quotes, int) or n_quotes < 0:
        raise PersonakitError(f"pain_points: n_quotes must be an integer >= 0, got {n_quotes!r}.")
    ev = evidence.copy()
    if "analysed" in ev.columns:
        ev = ev[ev["analysed"].astype(bool)]
    ev["_participant"] = _participants(ev)
    total_participants = max(int(ev["_participant"].nunique()), 1)
    pain = ev[ev["is_pain_point"].astype(bool)].copy()
    if by == "persona" and pain[by].notna().sum() == 0 and len(pain):
        raise PersonakitError(
            "pain_points: no pain point has a persona; pass personas= to analyze_text (or a "
            "turns table with a persona column), or use by='stage'."
        )
    if "theme_id" in pain.columns and pain["theme_id"].notna().any():
        pain["_key"] = pain["theme_id"].astype("Int64")
        label_column = "theme" if "theme" in pain.columns else None
    else:
        types = pain["pain_type"].astype("string") if "pain_type" in pain.columns else None
        pain["_key"] = types.fillna("other") if types is not None else "other"
        label_column = None
    if by == "persona":
        groups = sorted(int(x) for x in pain[by].dropna().unique())
        names = [f"share_persona_{g}" for g in groups]
    else:
        order = list(evidence.attrs.get("stages", []))
        present = [str(x) for x in pain[by].dropna().unique()]
        groups = [s for s in order if s in present] + sorted(s for s in present if s not in order)
        names = [f"share_{g}" for g in groups]
    rows = []
    max_utterances = max((int(n) for n in pain.groupby("_key").size()), default=1)
    for key, sub in pain.groupby("_key", sort=True):
        n_utt = len(sub)
        n_part = int(sub["_participant"].nunique())
        if label_column is not None:
            label = sub[label_column].dropna().astype(str).mode()
            theme = label.iloc[0] if len(label) else str(key)
        else:
            theme = str(key)
        types = sub["pain_type"].dropna().astype(str) if "pain_type" in sub.columns else pd.Series()
        ptype = types.value_counts().sort_index().idxmax() if len(types) else pd.NA
        if len(types):
            counts = types.value_counts()
            ptype = sorted(counts[counts == counts.max()].index)[0]
        mean_val = float(sub["valence"].mean()) if "valence" in sub.columns else np.nan
        spread = n_part / total_participants
        frequency = n_utt / max_utterances
        negativity = float(np.clip(-(mean_val if not np.isnan(mean_val) else 0.0), 0.0, 1.0))
        severity = 100 * (
            SEVERITY_WEIGHTS["spread"] * spread
            + SEVERITY_WEIGHTS["frequency"] * frequency
            + SEVERITY_WEIGHTS["negativity"] * negativity
        )
        known = sub[by].dropna()
        shares = {}
        for g, name in zip(groups, names):
            match = known.astype(int) == g if by == "persona" else known.astype(str) == g
            shares[name] = round(float(match.sum()) / len(known), 4) if len(known) else np.nan
        quotes = _pick_quotes(sub, n_quotes) if n_quotes else []
        if not keep_pii:
            for q in quotes:
                q["text"] = mask_pii(q["text"])
        row = {
            "theme_id": key if isinstance(key, int | np.integer) else pd.NA,
            "theme": theme,
            "pain_type": ptype,
            "n_participants": n_part,
            "n_utterances": n_utt,
            **shares,
            "mean_valence": round(mean_val, 4) if not np.isnan(mean_val) else np.nan,
            "severity": round(severity, 1),
        }
        for k in range(n_quotes):
            if k < len(quotes):
                q = quotes[k]
                where = q["source"] or "text"
                if q["line"] is not None:
                    where += f", line {q['line']}"
                row[f"quote_{k + 1}"] = f"\u201c{q['text']}\u201d ({where})"
            else:
                row[f"quote_{k + 1}"] = pd.NA
        row["quotes"] = quotes
        rows.append(row)
    columns = (
        ["rank", "theme_id", "theme", "pain_type", "n_participants", "n_utterances"]
        + names
        + ["mean_valence", "severity"]
        + [f"quote_{k + 1}" for k in range(n_quotes)]
        + ["quotes"]
    )
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    table = pd.DataFrame(rows)
    table = table.sort_values(
        ["severity", "n_participants", "theme"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table["theme_id"] = table["theme_id"].astype("Int64")
    for c in ["theme", "pain_type"] + [f"quote_{k + 1}" for k in range(n_quotes)]:
        table[c] = table[c].astype("string")
    table.attrs = {
        "by": by,
        "participants": total_participants,
        "severity": "100 * (0.5 * spread + 0.2 * frequency + 0.3 * negativity)",
    }
    return table[columns]

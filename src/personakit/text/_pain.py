"""Pain points and their type, and need statements.

A **pain point** is a sentence that reports a problem, an obstacle, a cost or an
unmet need with the product or with the process of finding, buying or using it.
Its **type** is one of :data:`PAIN_TYPES`: cost, time, usability, information,
trust, support, missed_opportunity.

Rules (cues in ``lexicons/pain_cues.csv``, matched by stem; negated cues do not
count, so "no problems at all" is no pain):

- ``pain_score`` = the sum of the weights of the type cues plus the generic
  ``problem`` cues ("problem", "issue", "hassle", "gave up" ...);
- a sentence is a pain point when it is negative (valence <= ``-neg_valence``)
  and either has ``pain_score >= min_score`` or a negative emotion (frustration,
  anger, disappointment, confusion, anxiety) with valence <= -0.2;
  or when it is at most mildly positive (valence < 0.3) with strong
  missed-opportunity cues (``>= strong_score``), which catches wishes ("if it
  had a client portal we'd have signed up");
- the type is the type with the most cue weight; when that weight is below 0.8
  (only weak cues such as "a few months in") or there is no typed cue, the
  other sentences of the same answer or turn decide if their cues name a type
  clearly ("Well, the price. I was so scared that month." -> cost; with
  ``units=``, as :func:`personakit.analyze_text` passes them); failing that a
  negative emotion decides (confusion -> information, anxiety -> trust, anger ->
  support, disappointment -> missed_opportunity, frustration -> usability),
  otherwise the weak cue does (no cue and no emotion: usability);
- ``is_need`` marks need statements ("I need", "we were looking for", "it
  would be great if") that are not clearly positive (valence below 0.3: "it does
  everything I need" is a need met); needs are grouped into themes with the pain
  points.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import PersonakitError
from personakit.text._lexicon import cue_table, negated_match, prepare

__all__ = ["PAIN_TYPES", "TOPIC_CUES", "PainPointScorer"]

PAIN_TYPES = (
    "cost",
    "time",
    "usability",
    "information",
    "trust",
    "support",
    "missed_opportunity",
)
"""The pain point types."""

_KINDS = (*PAIN_TYPES, "problem", "need")
_MET_NEED_VALENCE = 0.3  # from this valence up, a need statement says the need is met
_EMOTION_TYPE = {
    "confusion": "information",
    "anxiety": "trust",
    "anger": "support",
    "disappointment": "missed_opportunity",
    "frustration": "usability",
}
_NEGATIVE_EMOTIONS = frozenset(_EMOTION_TYPE)
# below this typed cue weight ("a few months in"), a negative emotion names the type
_MIN_TYPE_SCORE = 0.8

TOPIC_CUES = frozenset(
    {
        "ad",
        "advanced",
        "advertise",
        "advertised",
        "agent",
        "answer",
        "app",
        "apply",
        "battery",
        "bill",
        "billing",
        "branch",
        "break",
        "budget",
        "button",
        "call",
        "cashback",
        "charge",
        "claim",
        "click",
        "compare",
        "connect",
        "content",
        "cost",
        "data",
        "day",
        "detail",
        "die",
        "discount",
        "display",
        "docs",
        "documentation",
        "dollar",
        "download",
        "drop",
        "edit",
        "email",
        "euro",
        "explain",
        "extra",
        "faq",
        "feature",
        "fee",
        "fix",
        "form",
        "gps",
        "hour",
        "import",
        "install",
        "instructions",
        "integrat",
        "integration",
        "location",
        "lock",
        "log in",
        "login",
        "manager",
        "manual",
        "menu",
        "money",
        "month",
        "nervous",
        "notification",
        "page",
        "passport",
        "password",
        "pay",
        "pay for",
        "phone",
        "portal",
        "pound",
        "price",
        "quid",
        "rate",
        "real",
        "refund",
        "renewal",
        "repair",
        "replacement",
        "reply",
        "respond",
        "review",
        "scale",
        "screen",
        "selfie",
        "servic",
        "set up",
        "setup",
        "signal",
        "site",
        "slot",
        "spend",
        "staff",
        "step",
        "stick",
        "subscription",
        "sync",
        "tax",
        "term",
        "warranty",
        "website",
        "week",
        "whether",
        "why",
        "window",
        "worry",
    }
)
"""Pain cue patterns that name a topic (price, app, email) rather than what went wrong.

Theme labels prefer the words that say what went wrong; these do not count as such."""


def _unit_context(typed: np.ndarray, units: Sequence[Any] | None, n: int) -> np.ndarray:
    """Per sentence, the typed cue weights of the other sentences of its unit, summed."""
    if units is None or n == 0:
        return np.zeros_like(typed)
    units = list(units)
    if len(units) != n:
        raise PersonakitError(f"units has {len(units)} values for {n} texts.")
    codes, _ = pd.factorize(pd.Series(units, dtype=object), use_na_sentinel=True)
    totals = np.zeros((max(int(codes.max()) + 1, 1), typed.shape[1]))
    known = codes >= 0
    np.add.at(totals, codes[known], typed[known])
    context = np.zeros_like(typed)
    context[known] = totals[codes[known]] - typed[known]
    return context


class PainPointScorer:
    """Flag pain points, give their type, and mark need statements.

    Parameters
    ----------
    lexicon : str, Path or DataFrame, optional
        Cue lexicon with columns ``pattern, pain_type, weight`` (``pain_type`` one
        of :data:`PAIN_TYPES`, ``problem`` or ``need``); default the shipped
        ``pain_cues.csv``.
    min_score : float, default 1.0
        Cue weight a negative sentence needs to count as a pain point.
    strong_score : float, default 2.5
        Missed-opportunity cue weight that makes a sentence a pain point unless it
        is clearly positive.
    neg_valence : float, default 0.05
        How negative (``valence <= -neg_valence``) a sentence must be.
    emotion_valence : float, default 0.2
        A sentence with a negative emotion and ``valence <= -emotion_valence`` is
        a pain point even without pain cues.

    Examples
    --------
    >>> scorer = PainPointScorer()
    >>> scorer.predict(
    ...     ["The delivery took forever", "Support never answered my emails",
    ...      "I love the recipes"],
    ...     valence=[-0.5, -0.4, 0.6],
    ... )[["is_pain_point", "pain_type"]].values.tolist()
    [[True, 'time'], [True, 'support'], [False, <NA>]]
    """

    def __init__(
        self,
        *,
        lexicon: Any = None,
        min_score: float = 1.0,
        strong_score: float = 2.5,
        neg_valence: float = 0.05,
        emotion_valence: float = 0.2,
    ) -> None:
        self.lexicon = lexicon
        self.min_score = min_score
        self.strong_score = strong_score
        self.neg_valence = neg_valence
        self.emotion_valence = emotion_valence

    def _cue_matrix(self, texts: Sequence[str]) -> np.ndarray:
        """Cue weights per kind."""
        cues = cue_table(self, "pain_cues.csv", "pain_type", _KINDS)
        out = np.zeros((len(texts), len(_KINDS)))
        for i, text in enumerate(texts):
            if not isinstance(text, str) or not text:
                continue
            prepared = prepare(text)
            for match in cues.matcher.find(prepared, same_span=True):
                if negated_match(prepared, match):
                    continue
                out[i, cues.label[match.row]] += cues.weight[match.row]
        return out

    def cue_scores(self, texts: Sequence[str]) -> pd.DataFrame:
        """Return the cue weight per pain type (plus ``problem`` and ``need``).

        Parameters
        ----------
        texts : sequence of str
            Sentences.

        Returns
        -------
        pandas.DataFrame
            Columns :data:`PAIN_TYPES`, ``problem``, ``need``: the summed weights
            of the cues that matched, not negated.

        Examples
        --------
        >>> float(PainPointScorer().cue_scores(["The price page was unclear"]).loc[0, "information"])
        4.5
        """
        return pd.DataFrame(self._cue_matrix(list(texts)), columns=list(_KINDS))

    def predict(
        self,
        texts: Sequence[str],
        *,
        valence: Sequence[float] | None = None,
        emotions: Sequence[Any] | None = None,
        units: Sequence[Any] | None = None,
    ) -> pd.DataFrame:
        """Return pain point flags, types and need flags.

        Parameters
        ----------
        texts : sequence of str
            Sentences.
        valence : sequence of float, optional
            Valence per text; without it every text counts as mildly negative.
        emotions : sequence of str, optional
            Emotion per text (from :class:`EmotionScorer`).
        units : sequence, optional
            The answer or turn each sentence belongs to. A pain point whose own
            typed cues are weak ("I was so scared that month.") takes the type
            the other sentences of its unit name clearly ("Well, the price.")
            before its emotion decides.

        Returns
        -------
        pandas.DataFrame
            Columns ``is_pain_point`` (bool), ``pain_type`` (str or NA),
            ``pain_score`` (float) and ``is_need`` (bool).
        """
        texts = list(texts)
        n = len(texts)
        cues = self.cue_scores(texts)
        v = (
            np.full(n, -self.neg_valence)
            if valence is None
            else np.nan_to_num(np.asarray(valence, dtype=float))
        )
        emo = list(emotions) if emotions is not None else [None] * n
        if len(v) != n or len(emo) != n:
            raise PersonakitError("valence and emotions must have one value per text.")
        typed = cues[list(PAIN_TYPES)].to_numpy()
        context = _unit_context(typed, units, n)
        score = typed.sum(axis=1) + cues["problem"].to_numpy()
        negative_emotion = np.array([e in _NEGATIVE_EMOTIONS for e in emo])
        negative = v <= -self.neg_valence
        wish = cues["missed_opportunity"].to_numpy()
        is_pain = (
            negative
            & ((score >= self.min_score) | (negative_emotion & (v <= -self.emotion_valence)))
        ) | ((v < 0.3) & (wish >= self.strong_score))
        types: list[Any] = []
        for i in range(n):
            if not is_pain[i]:
                types.append(pd.NA)
            elif typed[i].max() >= _MIN_TYPE_SCORE or (
                typed[i].max() > 0 and emo[i] not in _EMOTION_TYPE
            ):
                types.append(PAIN_TYPES[int(typed[i].argmax())])
            elif context[i].max() >= _MIN_TYPE_SCORE:
                types.append(PAIN_TYPES[int(context[i].argmax())])
            else:
                types.append(_EMOTION_TYPE.get(emo[i], "usability"))
        return pd.DataFrame(
            {
                "is_pain_point": is_pain.astype(bool),
                "pain_type": pd.Series(types, dtype="string"),
                "pain_score": score.round(4),
                # a clearly positive sentence states a need already met ("it does
                # everything I need", "exactly what I needed"), not one to serve
                "is_need": (cues["need"].to_numpy() >= 1.5) & (v < _MET_NEED_VALENCE),
            }
        )

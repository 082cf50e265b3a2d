"""Emotions along a customer journey, from cue phrases, valence and the stage.

The emotion set is journey-oriented (:data:`EMOTIONS`): curiosity, excitement,
trust, relief, joy (positive), confusion, anxiety, frustration, disappointment,
anger (negative) and neutral. How a sentence gets one:

1. **Cues** (``lexicons/emotion_cues.csv``): "curious", "can't wait", "felt
   safe", "what a relief", "love", "no idea", "worried", "took forever", "let
   down", "furious" ... each with a weight; tokens after "but" count 1.5 times,
   before it half (as for valence). A negated cue counts for the emotion in
   :data:`NEGATED_EMOTION` ("not happy" -> disappointment, "didn't trust" ->
   anxiety, "not worried" -> relief) or not at all.
2. **Relief**: fear in the first half of a contrast and a positive sentence
   overall ("I was worried about X but it's been fine") is relief.
3. **Agreement with valence**: cues of a positive emotion in a clearly negative
   sentence (valence <= -0.3), or the reverse, count half.
4. **Journey prior**: a sentence with a clear valence but no cue gets the
   emotion typical for its stage (:data:`STAGE_PRIORS`, e.g. a negative
   sentence at the decision is anxiety, at retention frustration), with weight
   ``prior_weight * |valence|``. This encodes the emotion curve researchers
   expect (curiosity in awareness, anxiety at the decision, relief or joy after
   purchase, frustration where something breaks) and is only a tie-breaker
   where the words say nothing more specific.
5. The emotion with most evidence wins if it reaches ``min_score``; otherwise
   ``neutral``. ``emotion_confidence`` is ``best / (total + 1)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import PersonakitError
from personakit.text._lexicon import cue_table, negated_match, prepare
from personakit.text._stage import canonical_stage

__all__ = [
    "EMOTIONS",
    "NEGATED_EMOTION",
    "NEGATIVE_EMOTIONS",
    "POSITIVE_EMOTIONS",
    "STAGE_PRIORS",
    "EmotionScorer",
]

POSITIVE_EMOTIONS = ("curiosity", "excitement", "trust", "relief", "joy")
NEGATIVE_EMOTIONS = ("confusion", "anxiety", "frustration", "disappointment", "anger")
EMOTIONS = (*POSITIVE_EMOTIONS, *NEGATIVE_EMOTIONS, "neutral")
"""The journey emotion set, positive first, then negative, then neutral."""

NEGATED_EMOTION: dict[str, str | None] = {
    "joy": "disappointment",
    "excitement": "disappointment",
    "trust": "anxiety",
    "anxiety": "relief",
    "relief": None,
    "curiosity": None,
    "confusion": None,
    "frustration": None,
    "disappointment": None,
    "anger": None,
}
"""Where a negated cue's weight goes ("not happy" -> disappointment); None drops it."""

STAGE_PRIORS: dict[str | None, tuple[str, str]] = {
    "awareness": ("curiosity", "confusion"),
    "interest": ("curiosity", "confusion"),
    "consideration": ("trust", "anxiety"),
    "decision": ("excitement", "anxiety"),
    "retention": ("joy", "frustration"),
    "advocacy": ("joy", "disappointment"),
    None: ("joy", "frustration"),
}
"""Canonical stage -> (emotion for a positive sentence, for a negative one) without cues."""

_NEGATED_WEIGHT = 0.7
_RELIEF_FROM_FEAR = 1.2


class EmotionScorer:
    """Give each sentence one emotion of :data:`EMOTIONS` and a confidence.

    Parameters
    ----------
    lexicon : str, Path or DataFrame, optional
        Cue lexicon with columns ``pattern, emotion, weight``; default the shipped
        ``emotion_cues.csv``.
    prior_weight : float, default 1.5
        Strength of the journey prior (times ``|valence|``); 0 turns it off.
    min_score : float, default 0.5
        Evidence below this gives ``neutral``.
    embedding_weight : float, default 0.5
        Weight of the similarity to emotion prototypes when embeddings are given.

    Examples
    --------
    >>> scorer = EmotionScorer()
    >>> scorer.predict(
    ...     ["I was so relieved when it arrived", "The pricing page was confusing",
    ...      "We use it on Mondays"],
    ...     valence=[0.6, -0.4, 0.0],
    ... )["emotion"].tolist()
    ['relief', 'confusion', 'neutral']
    """

    def __init__(
        self,
        *,
        lexicon: Any = None,
        prior_weight: float = 1.5,
        min_score: float = 0.5,
        embedding_weight: float = 0.5,
    ) -> None:
        self.lexicon = lexicon
        self.prior_weight = prior_weight
        self.min_score = min_score
        self.embedding_weight = embedding_weight

    def _cue_matrix(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Cue evidence per emotion, and the part of the fear evidence before "but"."""
        cues = cue_table(self, "emotion_cues.csv", "emotion", EMOTIONS)
        out = np.zeros((len(texts), len(EMOTIONS)))
        fear_before_but = np.zeros(len(texts))
        fear = EMOTIONS.index("anxiety")
        for i, text in enumerate(texts):
            if not isinstance(text, str) or not text:
                continue
            prepared = prepare(text)
            for match in cues.matcher.find(prepared):
                emotion = cues.label[match.row]
                weight = cues.weight[match.row] * prepared.clause_weight[match.start]
                if negated_match(prepared, match):
                    target = NEGATED_EMOTION.get(EMOTIONS[emotion])
                    if target is None:
                        continue
                    emotion = EMOTIONS.index(target)
                    weight *= _NEGATED_WEIGHT
                if emotion == fear and prepared.clause_weight[match.start] < 1.0:
                    fear_before_but[i] += weight
                out[i, emotion] += weight
        return out, fear_before_but

    def cue_scores(self, texts: Sequence[str]) -> pd.DataFrame:
        """Return the cue evidence per emotion (before the rules), one row per text.

        Parameters
        ----------
        texts : sequence of str
            Sentences.

        Returns
        -------
        pandas.DataFrame
            Columns :data:`EMOTIONS` (``neutral`` always 0).

        Examples
        --------
        >>> float(EmotionScorer().cue_scores(["I was not worried at all"]).loc[0, "relief"])
        1.4
        """
        return pd.DataFrame(self._cue_matrix(list(texts))[0], columns=list(EMOTIONS))

    def predict(
        self,
        texts: Sequence[str],
        *,
        valence: Sequence[float] | None = None,
        stages: Sequence[Any] | None = None,
        embeddings: np.ndarray | None = None,
        embedder: Any = None,
    ) -> pd.DataFrame:
        """Return the emotion and its confidence for each text.

        Parameters
        ----------
        texts : sequence of str
            Sentences.
        valence : sequence of float, optional
            Valence of each text (from :class:`ValenceScorer`); needed for the
            agreement rule, the relief rule and the journey prior.
        stages : sequence of str or None, optional
            Stage of each text, for the journey prior (any stage set; names are
            mapped with :func:`personakit.text._stage.canonical_stage`).
        embeddings : numpy.ndarray, optional
            Unit-length sentence embeddings; adds the similarity to the emotion
            prototypes (``lexicons/emotion_prototypes.csv``).
        embedder : object, optional
            The embedder that made ``embeddings`` (to embed the prototypes).

        Returns
        -------
        pandas.DataFrame
            Columns ``emotion`` (str) and ``emotion_confidence`` (0-1).
        """
        texts = list(texts)
        n = len(texts)
        raw, fear_before_but = self._cue_matrix(texts)
        v = np.zeros(n) if valence is None else np.nan_to_num(np.asarray(valence, dtype=float))
        if len(v) != n:
            raise PersonakitError(f"valence has {len(v)} values for {n} texts; give one per text.")
        pos = [EMOTIONS.index(e) for e in POSITIVE_EMOTIONS]
        neg = [EMOTIONS.index(e) for e in NEGATIVE_EMOTIONS]
        fear = EMOTIONS.index("anxiety")
        relief = EMOTIONS.index("relief")
        # relief: fear before "but", positive overall
        moved = (fear_before_but > 0) & (v > 0.05)
        raw[moved, fear] -= fear_before_but[moved]
        raw[moved, relief] += _RELIEF_FROM_FEAR * fear_before_but[moved]
        # agreement with valence
        raw[np.ix_(v <= -0.3, pos)] *= 0.5
        raw[np.ix_(v >= 0.3, neg)] *= 0.5
        if embeddings is not None and self.embedding_weight:
            raw += self.embedding_weight * self._embedding_scores(np.asarray(embeddings), embedder)
        if self.prior_weight and valence is not None:
            stage_list = list(stages) if stages is not None else [None] * n
            if len(stage_list) != n:
                raise PersonakitError(
                    f"stages has {len(stage_list)} values for {n} texts; give one per text."
                )
            for i in range(n):
                if abs(v[i]) < 0.05:
                    continue
                st = stage_list[i]
                key = canonical_stage(st) if isinstance(st, str) else None
                positive, negative = STAGE_PRIORS.get(key, STAGE_PRIORS[None])
                target = EMOTIONS.index(positive if v[i] > 0 else negative)
                raw[i, target] += self.prior_weight * abs(v[i])
        raw = np.clip(raw, 0.0, None)
        best = raw.argmax(axis=1) if n else np.zeros(0, dtype=int)
        top = raw[np.arange(n), best] if n else np.zeros(0)
        total = raw.sum(axis=1) if n else np.zeros(0)
        emotion = np.where(
            top >= self.min_score, np.asarray(EMOTIONS, dtype=object)[best], "neutral"
        )
        confidence = np.where(top >= self.min_score, top / (total + 1.0), 1.0 / (1.0 + total))
        return pd.DataFrame(
            {
                "emotion": pd.Series(emotion, dtype="string"),
                "emotion_confidence": confidence.round(4),
            }
        )

    def _embedding_scores(self, embeddings: np.ndarray, embedder: Any) -> np.ndarray:
        if embedder is None:
            raise PersonakitError(
                "EmotionScorer.predict: embeddings were given without the embedder that made "
                "them; pass embedder= so the emotion prototypes are embedded the same way."
            )
        cache = getattr(self, "_proto_cache", {})
        key = id(embedder)
        if key not in cache:
            from personakit.text._embeddings import embed_texts
            from personakit.text._lexicon import lexicon_path

            protos = pd.read_csv(lexicon_path("emotion_prototypes.csv"))
            cache[key] = (
                embed_texts(embedder, protos["text"].astype(str).tolist()),
                protos["emotion"].astype(str).to_numpy(),
            )
            self._proto_cache = cache
        vectors, owner = cache[key]
        sims = embeddings @ vectors.T
        out = np.zeros((len(embeddings), len(EMOTIONS)))
        best = np.full((len(embeddings), len(EMOTIONS)), -1.0)
        for j, emotion in enumerate(EMOTIONS):
            cols = owner == emotion
            if cols.any():
                best[:, j] = sims[:, cols].max(axis=1)
        z = (best - best.max(axis=1, keepdims=True)) / 0.05
        e = np.exp(z)
        out = e / e.sum(axis=1, keepdims=True)
        out[:, EMOTIONS.index("neutral")] = 0.0
        return out

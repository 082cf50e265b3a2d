"""Valence (how positive or negative a sentence is) from VADER plus an interview layer.

VADER (Hutto & Gilbert 2014, MIT licence) handles negation, intensifiers, "but",
capitals and exclamation marks, with a lexicon built for social media. Customer
interviews need more:

- **touchpoint words are not feelings**: VADER scores "support" +1.7, "free"
  +2.3, "care" +2.2, "pretty" +2.2 and the fillers "like", "honestly", "yeah";
  in "I contacted support" or "the free trial is seven days" they say nothing
  about how the speaker feels, so the shipped lexicon sets them to 0;
- **product and service words** VADER lacks ("clunky", "overpriced", "hassle",
  "seamless", "reliable") are added as single words, and **phrases** ("took
  forever", "on hold", "no complaints", "just works", "couldn't find", "if it
  had ...", "I expected ...") are scored by stem with negation: a phrase's value
  replaces the VADER values of its own words;
- **unmet expectations and wishes** ("I was hoping", "I wish", "supposed to",
  "what if") lean negative, because in an interview they report a gap;
- **hypotheticals** ("if it had a client portal we'd have signed up"): positive
  words in a sentence with ``if`` and ``would``/``could``, or with an
  expectation ("I expected", "I was hoping", "I wish"), count for 30 %;
- **hedges** ("I guess", "I suppose", "maybe", "probably", "a bit", "sort of")
  soften the score by 15 % each (at most two); VADER's own dampeners ("kind
  of", "slightly") still apply;
- **questions** (a sentence ending in "?") assert less than statements: their
  score counts 60 %;
- **emotion cues**: a sentence with little or no sentiment from the above (raw
  sum below 0.5) but an emotion cue ("I was curious", "it drives me mad") or a
  generic problem cue ("a hassle", "an issue") adds half the cue's weight, with
  its polarity;
- **service recovery**: a problem the company put right ("two bottles arrived
  broken and they replaced them", "sorted it on the first call") keeps 30 % of
  its negative evidence (not in a conditional sentence);
- **contrast**: "but" after a first-person view followed by a plain statement
  reverses the view ("I was worried I'd lose my streak, but it all carried
  over" is positive; "it's fine I suppose, but the cards assume four pans" is
  negative);
- **asides and small talk** ("sorry, hang on", "can you hear me", "I'm on the
  train") count 30 %;
- **fillers**: phrases match across spoken fillers ("I don't *really*
  understand"; see :data:`personakit.text._lexicon.FILLERS`).

The neutral band of :func:`valence_sign` (``|valence| < 0.05``) was checked on
the tune split of the labelled set: wider bands (0.08 to 0.25) scored lower.

The sum is normalised like VADER's compound score, ``x / sqrt(x^2 + 15)``, into
[-1, 1]. The lexicon is ``personakit/text/lexicons/valence_cues.csv``; pass your
own (same columns ``pattern, valence``) with ``lexicon=``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import PersonakitError
from personakit.text._lexicon import (
    CueMatcher,
    as_float,
    load_lexicon,
    negated_match,
    prepare,
)

__all__ = ["ValenceScorer", "valence_sign"]

_N_SCALAR = -0.74  # VADER's negation factor
_ALPHA = 15.0
_HYPOTHETICAL_DAMPING = 0.3
_CONDITIONAL = frozenset({"would", "could", "might"})
# stems that mark what was expected rather than what happened
_EXPECTATION = frozenset({"expect", "hop", "hope", "wish"})
_HEDGES = (
    ("i", "guess"),
    ("i", "suppose"),
    ("maybe",),
    ("probably",),
    ("perhaps",),
    ("a", "bit"),
    ("a", "little"),
    ("sort", "of"),
    ("i", "think"),
)
_HEDGE_WORDS = frozenset(h[0] for h in _HEDGES)
_HEDGE_FACTOR = 0.85
_CUE_SHARE = 0.5
_WEAK = 0.5  # raw VADER-scale sum below which emotion cues are consulted
_QUESTION_FACTOR = 0.6
_CONTRAST_WORDS = frozenset({"but", "however"})
_CONTRAST_FLIP = 1.0  # the reversed part weighs as much as the original (weighted) part
_MIN_CONTRAST_WORDS = 3
# the reversal reads a speaker's own expectation against what happened ("I was worried ...
# but"), so the part before "but" must be in the first person
_FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
_RECOVERED_SHARE = 0.3  # what is left of the negative evidence once the problem was put right
_ASIDE_FACTOR = 0.3
# a company putting a problem right (matched by stem, not when negated)
_RECOVERY = (
    "replaced it",
    "replaced them",
    "replaced the",
    "sent a replacement",
    "sent me a replacement",
    "sent a new one",
    "sent another",
    "refunded me",
    "refunded it",
    "refunded the",
    "full refund",
    "got a refund",
    "gave me a refund",
    "reprinted",
    "fixed it",
    "got it fixed",
    "sorted it",
    "sorted out",
    "got me sorted",
    "put it right",
    "made it right",
    "sent an engineer",
    "sent someone",
    "no questions asked",
    "without any question",
    "without any fuss",
    "without a fuss",
    "no fuss",
)
# remarks about the interview itself: whatever they say about feelings is not about the product
_ASIDE = (
    "sorry about",
    "sorry, just",
    "hang on",
    "one second",
    "one sec",
    "give me a second",
    "give me a moment",
    "bear with me",
    "can you hear me",
    "hear me okay",
    "hear me alright",
    "repeat the question",
    "say it again",
    "did not catch that",
    "the connection",
    "let me just",
    "background noise",
    "on mute",
)


def _count_hedges(tokens: tuple[str, ...]) -> int:
    if not _HEDGE_WORDS.intersection(tokens):
        return 0
    count = 0
    for i, token in enumerate(tokens):
        if token not in _HEDGE_WORDS:
            continue
        for hedge in _HEDGES:
            if hedge[0] == token and tokens[i : i + len(hedge)] == hedge:
                count += 1
    return min(count, 2)


def valence_sign(valence: Any, threshold: float = 0.05) -> Any:
    """Turn valence scores into -1, 0 or 1 (0 when ``|valence| < threshold``).

    Parameters
    ----------
    valence : float, array-like or Series
        Scores in [-1, 1]; NaN stays NaN.
    threshold : float, default 0.05
        VADER's usual neutral band.

    Returns
    -------
    same kind as ``valence``
        Signs as floats (NaN where the input is NaN).

    Examples
    --------
    >>> valence_sign([0.6, -0.02, -0.3]).tolist()
    [1.0, 0.0, -1.0]
    """
    arr = np.asarray(valence, dtype=float)
    out = np.where(np.isnan(arr), np.nan, np.where(np.abs(arr) < threshold, 0.0, np.sign(arr)))
    if isinstance(valence, pd.Series):
        return pd.Series(out, index=valence.index, name=valence.name)
    if np.ndim(valence) == 0:
        return float(out)
    return out


def _vader_class():
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise PersonakitError(
            "Valence scoring needs the vaderSentiment package: pip install vaderSentiment"
        ) from exc

    class _RawVader(SentimentIntensityAnalyzer):
        """VADER that also keeps the raw sums (positive and negative) before normalisation."""

        def score_valence(self, sentiments, text):  # noqa: D401 - VADER's hook
            pos = float(sum(x for x in sentiments if x > 0)) if sentiments else 0.0
            neg = float(sum(x for x in sentiments if x < 0)) if sentiments else 0.0
            if pos + neg:
                # VADER's emphasis ("!", "?") goes to the dominant side
                emphasis = self._punctuation_emphasis(text)
                if pos + neg > 0:
                    pos += emphasis
                else:
                    neg -= emphasis
            self._last_parts = (pos, neg)
            return {"compound": 0.0}

        def parts(self, text: str) -> tuple[float, float]:
            self._last_parts = (0.0, 0.0)
            self.polarity_scores(text)
            return self._last_parts

        def raw(self, text: str) -> float:
            pos, neg = self.parts(text)
            return pos + neg

        def clause_parts(self, text: str) -> list[tuple[float, float, float, bool]]:
            """VADER clause by clause (so negation stops at a comma).

            One ``(weight, positive sum, negative sum, after_contrast)`` per clause.
            """
            out = []
            for clause, weight, after in _clauses(text, with_position=True):
                if weight:
                    pos, neg = self.parts(clause)
                    if pos or neg:
                        out.append((weight, pos, neg, after))
            return out

        def raw_by_clause(self, text: str) -> float:
            """VADER's raw sum clause by clause, so negation stops at a comma."""
            return sum(w * (p + n) for w, p, n, _ in self.clause_parts(text))

    return _RawVader


_CLAUSE_SPLIT = re.compile(
    r"[,;:\u2013\u2014]+\s*|\s+-\s+"
    r"|\s+(?=(?:but|however|whereas|although|even\s+though|even\s+if)\b)"
    r"|(?<!even)\s+(?=though\b)",
    re.IGNORECASE,
)
_CONCESSIVE = re.compile(r"^(?:even\s+)?(?:though|although|despite|even if|whereas)\b", re.I)
_CONTRAST = re.compile(r"^(?:but|however)\b\s*", re.IGNORECASE)


def _clauses(text: str, with_position: bool = False) -> list[tuple[Any, ...]]:
    """Split a sentence into clauses with their weights.

    Clauses before the first "but"/"however" count half, the rest one and a half
    times (VADER's rule, applied across commas); a concessive clause ("even
    though the internet is fine") counts half. With ``with_position``, each
    clause also says whether it comes after the contrast word.
    """
    parts = [p.strip() for p in _CLAUSE_SPLIT.split(text) if p and p.strip()]
    contrast_at = next((i for i, p in enumerate(parts) if _CONTRAST.match(p)), None)
    out: list[tuple[Any, ...]] = []
    for i, part in enumerate(parts):
        weight = 1.0
        after = contrast_at is not None and i >= contrast_at
        if contrast_at is not None:
            weight = 1.5 if after else 0.5
        clause = _CONTRAST.sub("", part)
        if _CONCESSIVE.match(clause):
            weight *= 0.5
        out.append((clause, weight, after) if with_position else (clause, weight))
    return out


def _small_talk_cues() -> tuple[str, ...]:
    """Strong small-talk cues of the stage lexicon (stage ``none``), e.g. "on the train"."""
    frame = load_lexicon(None, "stage_cues.csv", ("pattern", "stage", "weight"), "-")
    frame = frame[frame["stage"] == "none"]
    weights = as_float(frame["weight"], "stage_cues.csv, column 'weight'")
    return tuple(
        str(p) for p, w in zip(frame["pattern"], weights) if w >= 1.5 and str(p) != "sorry"
    )


class ValenceScorer:
    """Score sentences from -1 (very negative) to 1 (very positive).

    VADER with an interview-specific lexicon and rules (see the module notes).

    Parameters
    ----------
    lexicon : str, Path or DataFrame, optional
        Cue lexicon with columns ``pattern`` and ``valence`` (VADER's scale, -4 to
        4). Single words override VADER's lexicon (0 removes a word); phrases add
        their value in place of their words' values. Default: the shipped
        ``valence_cues.csv``.
    use_vader : bool, default True
        Start from VADER's score; ``False`` uses only the lexicon (for tests and
        for comparing).
    emotion_cues : bool, default True
        When little else carries sentiment, add the emotion cues of
        :class:`EmotionScorer` (and generic problem cues such as "issue",
        "hassle") at half their weight.

    Examples
    --------
    >>> scorer = ValenceScorer()
    >>> scorer.score([
    ...     "Setting it up took forever.",
    ...     "I contacted support twice.",
    ...     "No complaints at all, it just works.",
    ... ]).round(2).tolist()
    [-0.49, 0.0, 0.9]
    """

    def __init__(
        self, *, lexicon: Any = None, use_vader: bool = True, emotion_cues: bool = True
    ) -> None:
        self.lexicon = lexicon
        self.use_vader = use_vader
        self.emotion_cues = emotion_cues

    # -- set-up (lazy, so that construction does nothing) --------------------------
    def _state(self) -> dict[str, Any]:
        state = getattr(self, "_cache", None)
        if state is not None and state["key"] == (id(self.lexicon), self.use_vader):
            return state
        frame = load_lexicon(self.lexicon, "valence_cues.csv", ("pattern", "valence"), "lexicon")
        values = as_float(frame["valence"], "ValenceScorer lexicon, column 'valence'")
        words: dict[str, float] = {}
        phrases: list[str] = []
        phrase_values: list[float] = []
        for pattern, value in zip(frame["pattern"], values):
            pattern = str(pattern).strip()
            if " " in pattern or pattern.startswith((",", ".")):
                phrases.append(pattern)
                phrase_values.append(value)
            else:
                words[pattern.lower()] = value
        vader = None
        if self.use_vader:
            vader = _vader_class()()
            for word, value in words.items():
                if value == 0:
                    vader.lexicon.pop(word, None)
                else:
                    vader.lexicon[word] = value
            base = vader.lexicon
        else:
            base = {w: v for w, v in words.items() if v}
        emotion_matcher = None
        emotion_values: list[float] = []
        if self.emotion_cues:
            from personakit.text._emotion import NEGATIVE_EMOTIONS, POSITIVE_EMOTIONS

            emo = load_lexicon(None, "emotion_cues.csv", ("pattern", "emotion", "weight"), "-")
            pain = load_lexicon(None, "pain_cues.csv", ("pattern", "pain_type", "weight"), "-")
            pain = pain[pain["pain_type"] == "problem"]
            patterns = list(emo["pattern"].astype(str)) + list(pain["pattern"].astype(str))
            for emotion, weight in zip(emo["emotion"], as_float(emo["weight"], "emotion_cues")):
                sign = 1.0 if emotion in POSITIVE_EMOTIONS else -1.0
                emotion_values.append(
                    sign * weight if emotion in (*POSITIVE_EMOTIONS, *NEGATIVE_EMOTIONS) else 0.0
                )
            emotion_values += [-w for w in as_float(pain["weight"], "pain_cues")]
            emotion_matcher = CueMatcher(patterns)
        state = {
            "key": (id(self.lexicon), self.use_vader),
            "emotion_matcher": emotion_matcher,
            "emotion_values": emotion_values,
            "vader": vader,
            "words": base,
            "matcher": CueMatcher(phrases) if phrases else None,
            "phrase_values": phrase_values,
            "recovery": CueMatcher(_RECOVERY),
            "aside": CueMatcher(_ASIDE + _small_talk_cues()),
        }
        self._cache = state
        return state

    # -- scoring -----------------------------------------------------------------
    def _raw(self, text: str, state: dict[str, Any]) -> tuple[float, list[tuple[str, float]]]:
        prepared = prepare(text)
        cues: list[tuple[str, float]] = []
        tokens = prepared.tokens
        stems = prepared.stems
        contrast = next((i for i, t in enumerate(tokens) if t in _CONTRAST_WORDS), None)
        # evidence before / after the contrast word, and the negative evidence that a
        # later recovery ("they replaced it") outweighs
        before = after = negative = 0.0
        expectation = any(
            s in _EXPECTATION and "than" not in tokens[max(i - 2, 0) : i]
            for i, s in enumerate(stems)
        )
        hypothetical = ("if" in tokens and bool(_CONDITIONAL.intersection(tokens))) or expectation
        raw = 0.0
        if state["vader"] is not None:
            for weight, pos, neg, is_after in state["vader"].clause_parts(text):
                value = weight * (pos + neg)
                raw += value
                negative += weight * neg
                if is_after:
                    after += value
                else:
                    before += value
            if raw:
                cues.append(("VADER", raw))
            if raw > 0 and hypothetical:
                cues.append(("hypothetical", raw * (_HYPOTHETICAL_DAMPING - 1)))
                raw *= _HYPOTHETICAL_DAMPING
                before *= _HYPOTHETICAL_DAMPING
                after *= _HYPOTHETICAL_DAMPING
        else:
            for i, token in enumerate(prepared.tokens):
                value = state["words"].get(token)
                if value:
                    value *= prepared.clause_weight[i] * (_N_SCALAR if prepared.negated[i] else 1)
                    raw += value
                    negative += min(value, 0.0)
                    if contrast is not None and i > contrast:
                        after += value
                    else:
                        before += value
                    cues.append((token, value))
        matcher = state["matcher"]
        if matcher is not None:
            words = state["words"]
            for match in matcher.find(prepared):
                value = state["phrase_values"][match.row]
                weight = prepared.clause_weight[match.start]
                sign = _N_SCALAR if negated_match(prepared, match) else 1.0
                # the phrase replaces what its own words already scored
                own = sum(words.get(t, 0.0) for t in prepared.tokens[match.start : match.end])
                if own and sign != 1.0:
                    own = 0.0  # VADER already flipped them; do not undo twice
                delta = value * weight * sign - own * weight
                raw += delta
                negative += min(value * weight * sign, 0.0)
                if contrast is not None and match.start > contrast:
                    after += delta
                else:
                    before += delta
                cues.append((" ".join(prepared.tokens[match.start : match.end]), delta))
        if abs(raw) < _WEAK and state["emotion_matcher"] is not None:
            for match in state["emotion_matcher"].find(prepared):
                value = state["emotion_values"][match.row] * _CUE_SHARE
                if not value:
                    continue
                sign = _N_SCALAR if negated_match(prepared, match) else 1.0
                delta = value * sign * prepared.clause_weight[match.start]
                raw += delta
                negative += min(delta, 0.0)
                if contrast is not None and match.start > contrast:
                    after += delta
                else:
                    before += delta
                cues.append((" ".join(prepared.tokens[match.start : match.end]), delta))
        # a problem put right ("the bottles arrived broken and they replaced them")
        recovered = [m for m in state["recovery"].find(prepared) if not negated_match(prepared, m)]
        if recovered and negative < 0 and "if" not in tokens:
            delta = -negative * (1.0 - _RECOVERED_SHARE)
            raw += delta
            cues.append(("recovery", delta))
        # "but" followed by a plain statement reverses what came before ("I was worried
        # I'd lose my streak, but it all carried over"; "it's fine, but the cards
        # assume four pans")
        elif (
            contrast is not None
            and before
            and abs(after) < 1e-9
            and not _FIRST_PERSON.isdisjoint(tokens[:contrast])
            and sum(t[0].isalpha() for t in tokens[contrast + 1 :]) >= _MIN_CONTRAST_WORDS
        ):
            delta = -before - _CONTRAST_FLIP * before
            raw += delta
            cues.append(("contrast", delta))
        if raw and state["aside"].find(prepared):
            cues.append(("aside", raw * (_ASIDE_FACTOR - 1)))
            raw *= _ASIDE_FACTOR
        hedges = _count_hedges(tokens)
        if hedges and raw:
            factor = _HEDGE_FACTOR**hedges
            cues.append(("hedge", raw * (factor - 1)))
            raw *= factor
        if raw and text.rstrip().endswith("?"):
            cues.append(("question", raw * (_QUESTION_FACTOR - 1)))
            raw *= _QUESTION_FACTOR
        return raw, cues

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """Return the valence of each text.

        Parameters
        ----------
        texts : sequence of str
            Sentences (or short texts). Non-strings score NaN.

        Returns
        -------
        numpy.ndarray
            Floats in [-1, 1].

        Examples
        --------
        >>> ValenceScorer().score(["I love it", "It was a hassle"]).round(2).tolist()
        [0.64, -0.46]
        """
        state = self._state()
        out = np.empty(len(texts), dtype=float)
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                out[i] = np.nan
                continue
            raw, _ = self._raw(text, state)
            out[i] = raw / math.sqrt(raw * raw + _ALPHA) if raw else 0.0
        return out

    def explain(self, text: str) -> pd.DataFrame:
        """List what moved the valence of one sentence, and by how much.

        Parameters
        ----------
        text : str
            One sentence.

        Returns
        -------
        pandas.DataFrame
            Columns ``cue`` (``"VADER"`` for VADER's own sum, a phrase, or a rule)
            and ``contribution`` (on VADER's raw scale, before normalising).

        Examples
        --------
        >>> ValenceScorer().explain("Setup took forever").values.tolist()
        [['took forever', -2.2]]
        """
        _, cues = self._raw(text, self._state())
        return pd.DataFrame(cues, columns=["cue", "contribution"])

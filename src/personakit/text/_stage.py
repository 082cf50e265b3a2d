"""Journey-stage tagging with no training: cue phrases, stage profiles and context.

A sentence gets evidence for each stage of the journey from three sources, added up:

1. **Cue phrases** (``lexicons/stage_cues.csv``) written for the built-in stage
   names: "first heard about" -> awareness, "compared" -> consideration,
   "checkout" -> decision, "onboarding" -> retention, "recommended it to" ->
   advocacy, and cues for the other built-in sets (interest, repurchase,
   discovery, learning, choosing, purchasing, post_purchase, enrollment, ...).
   A stage set that lacks a cue's stage but has one of its aliases
   (:data:`STAGE_ALIASES`, e.g. ``decision`` -> ``purchase``) gets the cue there.
2. **Stage profiles** built from each stage's own ``description``, ``examples``
   (counted twice), ``goals``, ``actions``, ``touchpoints`` and ``needs``: every
   content word gets a weight ``min(count, 2) * idf``, where ``idf`` is low for
   words that several stages share. This is what makes a custom stage set work
   with no training: describe the stages and give a few example phrases.
   Cues of the pseudo-stage ``none`` mark asides about the interview itself
   ("sorry, can you repeat the question", "hang on", "can you hear me"), small
   talk ("busy week", "the weather") and self-description ("I'm a teacher, so
   ...", "I work shifts", "we live in"); where they outweigh the stage
   evidence, the sentence has no stage.
3. **Context**: in interviews, the interviewer's question just before a turn
   ("How did you first hear about us?") adds ``context_weight`` times its own
   stage evidence.
4. **Tense**: customers describe the product they use now in the present tense
   ("the app logs me out", "it's been fine") and earlier stages in the past
   ("I compared", "checkout was slow"). More present than past verb forms add
   ``tense_weight`` (at most twice) to the retention-like stage, but only in a
   sentence that already has some other stage evidence or says how the speaker
   feels about something (``|valence| >= 0.05``): tense tells which stage a
   sentence about the product belongs to, not whether it is about the product,
   so small talk in the present tense ("I'm on the train, it might cut out")
   gets no stage.
5. Optionally, **embeddings** (:mod:`personakit.text._embeddings`): the cosine
   similarity of the sentence to each stage's description and examples (mean of
   the three most similar), turned into evidence by a softmax, times
   ``embedding_weight``. Measured on the labelled benchmark, similarity alone
   places only about half of the sentences in the right stage (it captures the
   topic more than the journey step), so its default weight is small.

The stage with the most evidence wins if its evidence reaches ``min_score``;
otherwise the stage is missing (``NA``: nothing in the sentence indicates one).
``stage_confidence`` is ``best / (total + 1)``: high when one stage clearly
dominates and the evidence is strong.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import PersonakitError
from personakit.stages import Stage, resolve_stages
from personakit.text._lexicon import (
    CueMatcher,
    as_float,
    load_lexicon,
    prepare,
    word_set,
)

__all__ = ["STAGE_ALIASES", "StageScorer", "canonical_stage"]

STAGE_ALIASES: dict[str, tuple[str, ...]] = {
    "awareness": ("discover", "attention", "attract"),
    "interest": ("engagement", "engage"),
    "consideration": ("evaluation", "evaluate", "research", "comparison", "compare", "choosing"),
    "decision": (
        "purchase",
        "purchasing",
        "buy",
        "buying",
        "conversion",
        "checkout",
        "signup",
        "enrollment",
    ),
    "retention": (
        "post_purchase",
        "onboarding",
        "usage",
        "use",
        "service",
        "adoption",
        "loyalty",
        "studies_support",
    ),
    "advocacy": ("referral", "recommendation", "alumni", "promotion"),
}
"""Cue stage name -> names that receive its cues when a stage set lacks the name."""

_STOP = word_set(
    """a an the and or but if of to in on at for with from by about as into than then so
    it its it's this that these those there here i me my we our us you your they them their
    he she his her be is was were been am are do does did have has had will would can could
    should may might must not no yes just very really also too more most some any all each
    what which who whom when where why how up out over again only own same other such
    one two three first get got go went make made take took thing things way lot like
    right few now new back well still even much many little bit time times day days year
    years week weeks month months around actually maybe kind sort know knew come came want
    wanted watch watching show showed talk talked find found feel felt work worked try tried
    ask asked tell told leave left start started need needed look looked use used see saw
    think thought say said give gave keep kept put let seem seemed call called because
    already finally after before money plan plans good great bad best better lot lots whole
    people person thing something anything everything nothing someone everyone anyone
    yeah okay honestly basically literally sure probably definitely especially"""
)
_PRESENT = word_set(
    """is are am does do has been keeps works takes gets goes comes makes seems feels looks
    logs crashes drops charges shows stays use uses"""
)
_PAST = word_set(
    """was were did had went got came took made saw heard found bought paid felt thought told
    said knew gave left kept sent spent chose began ran sold"""
)
_NOT_PAST = frozenset({"need", "speed", "feed", "indeed", "hundred", "red", "bed", "seed"})
_NONE = "\x00none"
_TENSE_NEEDS = 0.01
_FEELING = 0.05  # |valence| from which a sentence says something about the product


def canonical_stage(name: str) -> str | None:
    """Map a stage name onto the B2C stage whose cues and emotion priors it shares.

    Parameters
    ----------
    name : str
        A stage name.

    Returns
    -------
    str or None
        ``awareness``, ``interest``, ``consideration``, ``decision``, ``retention``
        or ``advocacy``; ``None`` when the name is not one of them or their aliases.

    Examples
    --------
    >>> canonical_stage("purchase"), canonical_stage("post_purchase"), canonical_stage("x")
    ('decision', 'retention', None)
    """
    key = str(name).strip().lower().replace("-", "_").replace(" ", "_")
    if key in STAGE_ALIASES:
        return key
    for canonical, aliases in STAGE_ALIASES.items():
        if key in aliases:
            return canonical
    return None


def _content_stems(text: str) -> list[str]:
    prepared = prepare(text)
    return [
        s
        for t, s in zip(prepared.tokens, prepared.stems)
        if t[0].isalpha() and len(t) > 2 and t not in _STOP
    ]


def _softmax_evidence(sims: np.ndarray, temperature: float = 0.05) -> np.ndarray:
    z = (sims - sims.max(axis=1, keepdims=True)) / temperature
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class StageScorer:
    """Tag sentences with a journey stage (rule-based, no training).

    Parameters
    ----------
    stages : str or sequence, optional
        Any stage set :func:`personakit.stages.resolve_stages` accepts; default
        :data:`personakit.DEFAULT_STAGES`. :meth:`fit` may override it.
    lexicon : str, Path or DataFrame, optional
        Cue lexicon with columns ``pattern, stage, weight``; default the shipped
        ``stage_cues.csv``.
    profile_weight : float, default 0.25
        Weight of the evidence from the stages' descriptions and examples.
    context_weight : float, default 0.5
        Weight of the evidence from the preceding interviewer question.
    min_score : float, default 0.5
        Evidence below this leaves the stage missing.
    embedding_weight : float, default 0.2
        Weight of the embedding similarity evidence (used only when embeddings
        are passed to :meth:`predict`).
    tense_weight : float, default 0.6
        Evidence for the retention-like stage per net present-tense verb (max 2).
    hint_weight : float, default 1.0
        Evidence added to a stage named by ``hints`` (e.g. the codebook stage of
        the survey question an open answer replies to).

    Attributes
    ----------
    stages_ : tuple of Stage
        The fitted stage set.
    cue_targets_ : dict
        Lexicon stage name -> stage of this set that receives its cues.
    profiles_ : dict
        Stage name -> {stem: weight} from its description and examples.

    Examples
    --------
    >>> scorer = StageScorer().fit()
    >>> scorer.predict(["I first heard about it on a podcast",
    ...                 "Checkout was a hassle",
    ...                 "Sorry, my dog is barking"])["stage"].tolist()
    ['awareness', 'decision', <NA>]
    """

    def __init__(
        self,
        stages: Any = None,
        *,
        lexicon: Any = None,
        profile_weight: float = 0.25,
        context_weight: float = 0.5,
        min_score: float = 0.5,
        embedding_weight: float = 0.2,
        tense_weight: float = 0.6,
        hint_weight: float = 1.0,
    ) -> None:
        self.stages = stages
        self.lexicon = lexicon
        self.profile_weight = profile_weight
        self.context_weight = context_weight
        self.min_score = min_score
        self.embedding_weight = embedding_weight
        self.tense_weight = tense_weight
        self.hint_weight = hint_weight

    def fit(self, stages: Any = None) -> StageScorer:
        """Prepare the cues and profiles for a stage set.

        Parameters
        ----------
        stages : str or sequence, optional
            Overrides the constructor's ``stages``.

        Returns
        -------
        StageScorer
            ``self``.
        """
        for name in (
            "profile_weight",
            "context_weight",
            "min_score",
            "embedding_weight",
            "tense_weight",
            "hint_weight",
        ):
            value = getattr(self, name)
            if not isinstance(value, int | float) or value < 0 or math.isnan(value):
                raise PersonakitError(f"StageScorer: {name} must be a number >= 0, got {value!r}.")
        stage_set = resolve_stages(stages if stages is not None else self.stages)
        self.stages_: tuple[Stage, ...] = stage_set
        names = [s.name for s in stage_set]
        frame = load_lexicon(
            self.lexicon, "stage_cues.csv", ("pattern", "stage", "weight"), "lexicon"
        )
        weights = as_float(frame["weight"], "StageScorer lexicon, column 'weight'")
        targets: dict[str, str] = {}
        lowered = {n.lower(): n for n in names}
        for cue_stage in sorted(set(frame["stage"].astype(str))):
            key = cue_stage.strip().lower()
            if key in lowered:
                targets[cue_stage] = lowered[key]
                continue
            for alias in STAGE_ALIASES.get(key, ()):
                if alias in lowered and canonical_stage(alias) == key:
                    targets[cue_stage] = lowered[alias]
                    break
        targets["none"] = _NONE
        keep = [i for i, st in enumerate(frame["stage"].astype(str)) if st in targets]
        self.cue_targets_ = targets
        self._patterns = [str(frame["pattern"][i]) for i in keep]
        self._cue_stage = [
            -1
            if targets[str(frame["stage"][i])] == _NONE
            else names.index(targets[str(frame["stage"][i])])
            for i in keep
        ]
        self._cue_weight = [weights[i] for i in keep]
        self._matcher = CueMatcher(self._patterns) if self._patterns else None
        self.profiles_ = self._build_profiles(stage_set)
        by_canonical = {}
        for j, name in enumerate(names):
            key = canonical_stage(name)
            if key is not None and key not in by_canonical:
                by_canonical[key] = j
        self._canonical_index = by_canonical
        self._prototype_cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        return self

    @staticmethod
    def _build_profiles(stage_set: Sequence[Stage]) -> dict[str, dict[str, float]]:
        counts: dict[str, Counter[str]] = {}
        for stage in stage_set:
            counter: Counter[str] = Counter()
            lanes = [stage.name.replace("_", " "), stage.label, stage.description]
            lanes += list(stage.goals) + list(stage.actions) + list(stage.touchpoints)
            lanes += list(stage.needs)
            for text in lanes:
                counter.update(set(_content_stems(text)))
            for text in stage.examples:
                for s in set(_content_stems(text)):
                    counter[s] += 2
            counts[stage.name] = counter
        n = len(stage_set)
        df: Counter[str] = Counter()
        for counter in counts.values():
            df.update(counter.keys())
        profiles = {}
        for name, counter in counts.items():
            profiles[name] = {
                s: min(c, 2) * math.log((1 + n) / (1 + df[s])) for s, c in counter.items()
            }
        return profiles

    def _check_fitted(self) -> None:
        if not hasattr(self, "stages_"):
            self.fit()

    def _own_scores(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        names = [s.name for s in self.stages_]
        out = np.zeros((len(texts), len(names)))
        aside = np.zeros(len(texts))
        tense = np.zeros(len(texts))
        for i, text in enumerate(texts):
            if not isinstance(text, str) or not text:
                continue
            prepared = prepare(text)
            if self._matcher is not None:
                # negation does not move a sentence out of a stage ("would not recommend"
                # is still about advocacy), so stage cues ignore it
                for match in self._matcher.find(prepared):
                    j = self._cue_stage[match.row]
                    if j < 0:
                        aside[i] += self._cue_weight[match.row]
                    else:
                        out[i, j] += self._cue_weight[match.row]
            if self.profile_weight:
                stems = set(_content_stems(text))
                for j, name in enumerate(names):
                    profile = self.profiles_[name]
                    out[i, j] += self.profile_weight * sum(profile.get(s, 0.0) for s in stems)
            retention = self._canonical_index.get("retention")
            if self.tense_weight and retention is not None:
                present = sum(t in _PRESENT for t in prepared.tokens)
                past = sum(
                    t in _PAST or (t.endswith("ed") and len(t) > 4 and t not in _NOT_PAST)
                    for t in prepared.tokens
                )
                if present > past:
                    tense[i] = self.tense_weight * min(present - past, 2)
        return out, aside, tense

    def _embedding_scores(self, embeddings: np.ndarray, embedder: Any) -> np.ndarray:
        key = id(embedder)
        if key not in self._prototype_cache:
            texts: list[str] = []
            owner: list[int] = []
            for j, stage in enumerate(self.stages_):
                protos = [stage.description or stage.label, *stage.examples]
                for p in protos:
                    if p:
                        texts.append(p)
                        owner.append(j)
            from personakit.text._embeddings import embed_texts

            self._prototype_cache[key] = (embed_texts(embedder, texts), np.asarray(owner))
        protos, owner = self._prototype_cache[key]
        sims = embeddings @ protos.T
        best = np.full((len(embeddings), len(self.stages_)), -1.0)
        for j in range(len(self.stages_)):
            cols = owner == j
            if cols.any():
                top = np.sort(sims[:, cols], axis=1)[:, -3:]
                best[:, j] = top.mean(axis=1)
        return _softmax_evidence(best)

    def scores(
        self,
        texts: Sequence[str],
        *,
        context: Sequence[str | None] | None = None,
        embeddings: np.ndarray | None = None,
        embedder: Any = None,
        hints: Sequence[str | None] | None = None,
        valence: Sequence[float] | None = None,
    ) -> pd.DataFrame:
        """Return the stage evidence of each text (one column per stage).

        Parameters
        ----------
        texts : sequence of str
            Sentences.
        context : sequence of str or None, optional
            For each text, the interviewer question asked just before (or None).
        embeddings : numpy.ndarray, optional
            Unit-length sentence embeddings aligned with ``texts``; needs
            ``embedder`` to embed the stage prototypes the same way.
        embedder : object, optional
            The embedder that made ``embeddings``.
        hints : sequence of str or None, optional
            For each text, a stage name known from elsewhere (or None); adds
            ``hint_weight``. Names not in the stage set are ignored.
        valence : sequence of float, optional
            Valence of each text (from :class:`ValenceScorer`; computed when not
            given). Present tense adds evidence for the retention-like stage only
            to sentences with some other stage evidence or a feeling
            (``|valence| >= 0.05``), so small talk ("I'm on the train, it might
            cut out") gets no stage.

        Returns
        -------
        pandas.DataFrame
            Non-negative evidence, columns = stage names.
        """
        self._check_fitted()
        texts = list(texts)
        if valence is not None and len(valence) != len(texts):
            raise PersonakitError(
                f"valence has {len(valence)} values but texts has {len(texts)}; give one per text."
            )
        scores, aside, tense = self._own_scores(texts)
        if context is not None and self.context_weight:
            context = list(context)
            if len(context) != len(texts):
                raise PersonakitError(
                    f"context has {len(context)} items but texts has {len(texts)}; give one "
                    "question (or None) per text."
                )
            unique = sorted({c for c in context if isinstance(c, str) and c})
            if unique:
                ctx = dict(zip(unique, self._own_scores(unique)[0]))
                for i, c in enumerate(context):
                    if c in ctx:
                        scores[i] += self.context_weight * ctx[c]
        if hints is not None and self.hint_weight:
            hints = list(hints)
            if len(hints) != len(texts):
                raise PersonakitError(
                    f"hints has {len(hints)} items but texts has {len(texts)}; give one stage "
                    "name (or None) per text."
                )
            names = [s.name for s in self.stages_]
            for i, h in enumerate(hints):
                if isinstance(h, str) and h in names:
                    scores[i, names.index(h)] += self.hint_weight
        if embeddings is not None and self.embedding_weight:
            if embedder is None:
                raise PersonakitError(
                    "StageScorer.scores: embeddings were given without the embedder that made "
                    "them; pass embedder= so the stage descriptions are embedded the same way."
                )
            scores += self.embedding_weight * self._embedding_scores(
                np.asarray(embeddings), embedder
            )
        # tense says which stage a sentence about the product is in, not whether it is
        # about the product: it only adds to sentences with some other stage evidence
        retention = self._canonical_index.get("retention")
        if retention is not None and tense.any():
            topical = scores.max(axis=1, initial=0.0) >= _TENSE_NEEDS
            # ... or with a feeling about something ("the loyalty points are worthless")
            if valence is None:
                from personakit.text._valence import ValenceScorer

                valence = ValenceScorer().score(texts)
            topical |= np.abs(np.nan_to_num(np.asarray(valence, dtype=float))) >= _FEELING
            scores[topical, retention] += tense[topical]
        # an aside about the interview itself ("sorry, can you repeat the question")
        # cancels the stage evidence it outweighs
        scores[aside >= scores.max(axis=1, initial=0.0)] = 0.0
        return pd.DataFrame(scores, columns=[s.name for s in self.stages_])

    def predict(
        self,
        texts: Sequence[str],
        *,
        context: Sequence[str | None] | None = None,
        embeddings: np.ndarray | None = None,
        embedder: Any = None,
        hints: Sequence[str | None] | None = None,
        valence: Sequence[float] | None = None,
    ) -> pd.DataFrame:
        """Return the stage and its confidence for each text.

        Parameters
        ----------
        texts, context, embeddings, embedder, hints, valence
            As in :meth:`scores`.

        Returns
        -------
        pandas.DataFrame
            Columns ``stage`` (str, ``NA`` when the evidence is below
            ``min_score``) and ``stage_confidence`` (0-1; 0 when missing).
        """
        scores = self.scores(
            texts,
            context=context,
            embeddings=embeddings,
            embedder=embedder,
            hints=hints,
            valence=valence,
        )
        values = scores.to_numpy()
        names = np.asarray(scores.columns, dtype=object)
        if values.shape[1] == 0 or values.shape[0] == 0:
            return pd.DataFrame(
                {
                    "stage": pd.Series([pd.NA] * len(values), dtype="string"),
                    "stage_confidence": np.zeros(len(values)),
                }
            )
        best = values.argmax(axis=1)
        top = values[np.arange(len(values)), best]
        total = values.sum(axis=1)
        found = top >= self.min_score
        stage = pd.Series(np.where(found, names[best], None), dtype="string")
        confidence = np.where(found, top / (total + 1.0), 0.0)
        return pd.DataFrame({"stage": stage, "stage_confidence": confidence.round(4)})

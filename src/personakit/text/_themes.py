"""Grouping pain points and needs into themes with readable labels.

:class:`ThemeFinder` groups short sentences in four steps:

1. **By pain type** (cost, time, usability, ...; needs and untyped sentences form
   their own group), so a theme rarely mixes, say, price complaints with support
   complaints.
2. **Within a type**, Ward clustering (or k-means with ``random_state``) of
   TF-IDF vectors of content-word stems and stem bigrams (stop words and spoken
   filler such as "to be honest" removed, sublinear term frequency, unit
   length), or of sentence embeddings when given. Words that say how someone
   feels rather than what about ("furious", "scary", "drives me mad": see
   ``_noise``) weigh ``affect_weight`` times as much as topic words, so themes
   form around what people complain about, not how they vent. The tree is cut
   at k = 2 .. ``max_per_type`` clusters (and at most one theme per
   ``min_size`` sentences). The k with the best cosine silhouette is kept if
   that silhouette reaches ``min_silhouette``; otherwise the whole type is one
   theme. So a type splits only into clearly different sub-topics ("delivery
   late" vs "support slow to reply").
3. **Reassignment** (``reassign=True``): the pain type of a sentence is itself a
   guess, so a sentence whose words are closer to another theme (cosine to that
   theme's centroid at least ``reassign_margin`` above the cosine to its own
   theme without it, and at least ``min_similarity``) moves there, in sentence
   order; passes repeat until nothing moves (at most five). A theme left with
   one sentence joins its nearest theme when they share words.
4. **Merging**: themes whose centroids have a cosine of at least
   ``merge_similarity`` are joined, closest pair first, so one topic that the
   pain type guess split in two ("can't afford the monthly price" typed cost in
   one answer, trust in another) becomes one theme (TF-IDF features only).

Deterministic for a given ``random_state``.

**Labels** are short phrases taken from the theme's own quotes: every word gets
the weight of its stem in the theme (mean TF-IDF inside minus outside, favouring
stems shared by several members, scaled to 0-1), plus 0.12 for any content word
and 0.5 for a word that says what went wrong (negative in the valence lexicon, or
a pain cue that is not a mere topic, see :data:`personakit.text._pain.TOPIC_CUES`;
a positive word counts 0.5 less unless negated: "no referral reward"). Affect and
filler words get neither and count as no content word; filler and affect idioms
("hard to say", "drives me mad") and a new clause ("but", "and there's") break a
span like punctuation. Among the twelve distinct quotes of the theme's main pain
type most similar to its centroid (all its distinct quotes when none of those
has one), the span of two to seven words within one clause that starts on a
content word (or a gerund opening its clause: "Doing it all ourselves"), ends on
a content word, a duration ("Setup took us weeks") or an affect word, holds at
least two content words, and does not end on a possessive or contraction
("member's", "there's"), a preposition ("compared"), nor right after a modal,
``to``, a preposition, "that"/"if" or a subject ("would pay", "we need"), and
carries the most weight becomes the label. A span pays 0.1 per word past the
third, 0.6 for starting on the verb after a subject, modal or ``to`` unless that
verb names the problem ("Sent loads" but "Waited five weeks"), 0.15 for starting
mid-clause, and gains 0.5 for holding two of the top terms; "no" or "what" just
before it joins it ("No card needed for the trial", "What happens to our
clinical notes"). A typo (a word one member used that is like a word several
used) costs 0.3 and is respelt as other members wrote the phrase ("cnaned" ->
"canned"). E.g. ``"Waited five weeks for an install date"`` or ``"Monitoring app
loses connection"``. Masked personal data (``[EMAIL]``) never enters a label.
When no quote has such a span, the label is the top (non-affect) terms joined by
``" / "`` (one term gets the pain type beside it: never a lone word). Repeated
labels get a number. ``themes_["terms"]`` keeps the top terms. Themes are
numbered 1..k by size (1 = largest; ties by label).

:func:`assign_themes` (re)computes the themes of an evidence table, e.g. the
interview and open-answer evidence of a project stacked together. In an
evidence table, a **topic-less** sentence (every content word says how someone
feels: "That was scary for me.") that has a sibling with a topic in the same
answer or turn (same ``source``, ``line`` and ``respondent_id``) is not
clustered: it takes the theme of that sibling, the one before it if any.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher, get_close_matches
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import PersonakitError
from personakit.text._lexicon import CueMatcher, load_lexicon, prepare, stem, word_set

__all__ = ["ThemeFinder", "assign_themes"]

_STOP = word_set(
    """a an the and or but if of to in on at for with from by about as into than then so it
    its this that these those there here i me my we our us you your they them their he she
    his her him be is was were been am are do does did have has had will would can could
    should may might must not no yes just very really also too more most some any all each
    what which who whom when where why how up out over again only own same other such one
    two three get got go went make made take took thing things way lot like kind sort bit
    actually honestly basically literally um uh yeah okay ok well mean guess think thought
    know said say feel felt even still much many little pretty quite something anything
    everything nothing always never ever every now then once time times whole because
    while since though although however maybe probably sure want wanted let put keep kept
    come came back around being am isn't wasn't don't didn't it's i'm i've i'd day days
    week weeks month months year years hour hours minute minutes everyone someone anyone
    people person stuff lots"""
)
_WORD = re.compile(r"^[a-z][a-z'-]*$")


_CONCEPT_REPEAT = 2  # a shared topic counts more than one shared word


def _concept_matcher(source: Any) -> tuple[CueMatcher, list[str]] | None:
    """The topic lexicon (``pattern, concept``) as a matcher, or None when switched off."""
    if source is False:
        return None
    frame = load_lexicon(
        None if source is None else source, "theme_concepts.csv", ("pattern", "concept"), "concepts"
    )
    return CueMatcher(list(frame["pattern"].astype(str))), [str(c) for c in frame["concept"]]


def _terms(
    text: str, concepts: tuple[CueMatcher, list[str]] | None = None
) -> tuple[list[str], dict[str, str]]:
    """Content stems, bigrams and topic concepts of one sentence, and stem -> surface word.

    Spoken filler ("to be honest", "anyway") is left out, and so are the
    non-feeling words of affect idioms ("drives me up the wall" keeps only what
    the affect lexicon knows).
    """
    prepared = prepare(text)
    matcher, kinds, affect = _noise()
    dropped = set()
    for match in matcher.find(prepared):
        for k in range(match.start, match.end):
            if kinds[match.row] == "filler" or prepared.stems[k] not in affect:
                dropped.add(k)
    stems: list[str] = []
    surface: dict[str, str] = {}
    for k, (token, word_stem) in enumerate(zip(prepared.tokens, prepared.stems)):
        if (
            k in dropped
            or token in _STOP
            or word_stem in _STOP
            or not _WORD.match(token)
            or len(token) < 3
        ):
            stems.append("")
            continue
        stems.append(word_stem)
        surface.setdefault(word_stem, token)
    out = [s for s in stems if s]
    for a, b in zip(stems, stems[1:]):
        if a and b and a != b:
            key = f"{a} {b}"
            out.append(key)
            surface.setdefault(key, f"{surface[a]} {surface[b]}")
    if concepts is not None:
        matcher, names = concepts
        found = sorted({names[m.row] for m in matcher.find(prepared)})
        out.extend(f"={c}" for c in found for _ in range(_CONCEPT_REPEAT))
    return out, surface


@lru_cache(maxsize=1)
def _noise() -> tuple[CueMatcher, list[str], frozenset[str]]:
    """Filler and affect idioms (``lexicons/theme_noise.csv``) and the affect stems.

    Affect stems are words that say how someone feels rather than what about:
    every single-word cue of the emotion lexicon and every word the valence
    lexicon scores, less the words that name a topic or a concrete problem (the
    typed pain cues, the topic concepts, :data:`personakit.text._pain.TOPIC_CUES`),
    plus the single ``affect`` words of ``theme_noise.csv``.
    """
    from personakit.text._pain import TOPIC_CUES
    from personakit.text._valence import ValenceScorer

    def first_stem(word: str) -> str:
        stems = prepare(word).stems
        return stems[0] if stems else word

    noise = load_lexicon(None, "theme_noise.csv", ("pattern", "kind"), "noise")
    patterns = [str(p) for p in noise["pattern"]]
    kinds = [str(k) for k in noise["kind"]]
    words = ValenceScorer()._state()["words"]
    affect = {first_stem(w) for w, v in words.items() if v != 0 and _WORD.match(w)}
    emotion = load_lexicon(None, "emotion_cues.csv", ("pattern", "emotion", "weight"), "-")
    affect |= {first_stem(p) for p in emotion["pattern"].astype(str) if " " not in p}
    pain = load_lexicon(None, "pain_cues.csv", ("pattern", "pain_type", "weight"), "-")
    topical = {
        first_stem(p)
        for p, kind in zip(pain["pattern"].astype(str), pain["pain_type"].astype(str))
        if " " not in p and kind not in ("problem", "need")
    }
    concepts = load_lexicon(None, "theme_concepts.csv", ("pattern", "concept"), "concepts")
    topical |= {first_stem(p) for p in concepts["pattern"].astype(str) if " " not in p}
    topical |= {first_stem(w) for w in TOPIC_CUES}
    affect -= topical
    affect |= {first_stem(p) for p, k in zip(patterns, kinds) if k == "affect" and " " not in p}
    idioms = [(p, k) for p, k in zip(patterns, kinds) if " " in p or k == "filler"]
    matcher = CueMatcher([p for p, _ in idioms])
    return matcher, [k for _, k in idioms], frozenset(affect - {""})


def _is_affect(term: str, affect: frozenset[str]) -> bool:
    """Whether a stem or bigram is (partly) an affect word."""
    return not term.startswith("=") and any(part in affect for part in term.split())


class ThemeFinder:
    """Cluster pain points and needs into themes with short, readable labels.

    Parameters
    ----------
    max_per_type : int, default 4
        Most themes one pain type may split into.
    min_size : int, default 3
        At most one theme per ``min_size`` sentences of a type.
    min_silhouette : float, default 0.1
        A type splits only if the best split's cosine silhouette reaches this.
    by_type : bool, default True
        Group by pain type first; ``False`` clusters all sentences together.
    method : {"ward", "kmeans"}, default "ward"
        Ward hierarchical clustering (one tree per type, cut at each k; fast and
        deterministic) or k-means (``n_init=10``, seeded by ``random_state``).
    reassign : bool, default True
        Move sentences whose words are clearly closer to another theme there
        (see the module notes), and fold one-sentence themes into their nearest
        theme when they share words.
    reassign_margin : float, default 0.0
        How much closer (cosine) the other theme must be.
    min_similarity : float, default 0.2
        Least cosine to the other theme's centroid for a move.
    concepts : str, Path, DataFrame or False, optional
        Topic lexicon with columns ``pattern, concept``: sentences that name the
        same customer-experience topic in different words ("bill", "price",
        "tariff" -> cost; "wifi", "connection", "buffering" -> connectivity) share
        a concept token in the TF-IDF features (counted twice). Default: the
        shipped ``lexicons/theme_concepts.csv``; ``False`` uses the words only.
        Not used with embeddings.
    affect_weight : float, default 0.1
        Weight of affect words ("furious", "so frustrating", "drives me mad")
        relative to topic words in the TF-IDF features; ``1`` treats them alike.
    merge_similarity : float, default 0.3
        Themes whose centroids have at least this cosine similarity are joined
        (closest pair first), e.g. one topic split across two guessed pain
        types; a value above 1 never joins. TF-IDF features only: not used
        with embeddings, whose cosines run on another scale.
    random_state : int, default 0
        Seed of k-means.

    Attributes
    ----------
    labels_ : numpy.ndarray
        Theme id (1..k) of each fitted sentence.
    themes_ : pandas.DataFrame
        One row per theme: ``theme_id, theme`` (the label), ``terms`` (top
        terms), ``size``, ``pain_type`` (the most common pain type in the theme,
        or NA) and ``example`` (the member closest to the theme's centroid).

    Examples
    --------
    >>> texts = ["Delivery was late again", "The delivery came two days late",
    ...          "Late delivery every week", "The price is too high",
    ...          "Too expensive for what you get", "The price went up again"]
    >>> finder = ThemeFinder(random_state=0).fit(texts)
    >>> finder.labels_.tolist()
    [1, 1, 1, 2, 2, 2]
    >>> finder.themes_["theme"].tolist()
    ['Late delivery', 'Price is too high']
    """

    def __init__(
        self,
        *,
        max_per_type: int = 4,
        min_size: int = 3,
        min_silhouette: float = 0.1,
        by_type: bool = True,
        method: str = "ward",
        reassign: bool = True,
        reassign_margin: float = 0.0,
        min_similarity: float = 0.2,
        concepts: Any = None,
        affect_weight: float = 0.1,
        merge_similarity: float = 0.3,
        random_state: int = 0,
    ) -> None:
        self.max_per_type = max_per_type
        self.min_size = min_size
        self.min_silhouette = min_silhouette
        self.by_type = by_type
        self.method = method
        self.reassign = reassign
        self.reassign_margin = reassign_margin
        self.min_similarity = min_similarity
        self.concepts = concepts
        self.affect_weight = affect_weight
        self.merge_similarity = merge_similarity
        self.random_state = random_state

    def _check(self) -> None:
        if self.method not in ("ward", "kmeans"):
            raise PersonakitError(
                f"ThemeFinder: method must be 'ward' or 'kmeans', got {self.method!r}."
            )
        for name in ("max_per_type", "min_size"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise PersonakitError(
                    f"ThemeFinder: {name} must be a positive integer, got {value!r}."
                )
        for name in (
            "min_silhouette",
            "reassign_margin",
            "min_similarity",
            "affect_weight",
            "merge_similarity",
        ):
            value = getattr(self, name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value != value:
                raise PersonakitError(f"ThemeFinder: {name} must be a number, got {value!r}.")

    def fit(
        self,
        texts: Sequence[str],
        *,
        pain_types: Sequence[Any] | None = None,
        embeddings: np.ndarray | None = None,
    ) -> ThemeFinder:
        """Find the themes of ``texts``.

        Parameters
        ----------
        texts : sequence of str
            Pain point and need sentences (already PII-masked if the labels are
            to be shared: labels are taken from these words).
        pain_types : sequence of str or NA, optional
            Pain type of each sentence (NA for needs).
        embeddings : numpy.ndarray, optional
            Unit-length sentence embeddings aligned with ``texts``.

        Returns
        -------
        ThemeFinder
            ``self``, with ``labels_`` and ``themes_``.
        """
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import normalize

        self._check()
        texts = [str(t) for t in texts]
        n = len(texts)
        columns = ["theme_id", "theme", "terms", "size", "pain_type", "example"]
        if n == 0:
            self.labels_ = np.zeros(0, dtype=int)
            self.themes_ = pd.DataFrame(columns=columns)
            return self
        concepts = _concept_matcher(self.concepts) if embeddings is None else None
        analysed = [_terms(t, concepts) for t in texts]
        docs = [a[0] for a in analysed]
        if not any(docs):
            docs = [[f"sentence{i}"] for i in range(n)]
        vectorizer = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, min_df=1)
        tfidf = vectorizer.fit_transform(docs)
        vocab = np.asarray(vectorizer.get_feature_names_out(), dtype=object)
        affect = _noise()[2]
        scale = np.array([self.affect_weight if _is_affect(str(t), affect) else 1.0 for t in vocab])
        tfidf = tfidf.multiply(scale.reshape(1, -1)).tocsr()
        if embeddings is not None:
            features = normalize(np.asarray(embeddings, dtype=float))
            if features.shape[0] != n:
                raise PersonakitError(
                    f"ThemeFinder.fit: embeddings has {features.shape[0]} rows for {n} texts."
                )
        else:
            features = normalize(tfidf).toarray()
        raw_types = list(pain_types) if pain_types is not None else [None] * n
        if len(raw_types) != n:
            raise PersonakitError(
                f"ThemeFinder.fit: pain_types has {len(raw_types)} values for {n} texts."
            )
        types = [t if isinstance(t, str) and t else "" for t in raw_types]
        labels = self._cluster(features, types)
        if self.reassign:
            for _ in range(_REASSIGN_PASSES):
                before = labels.copy()
                labels = self._reassign(features, labels)
                if (before == labels).all():
                    break
        if embeddings is None and self.merge_similarity <= 1:
            labels = _merge_close(features, labels, float(self.merge_similarity))
        self._label(labels, tfidf, vocab, analysed, texts, types, features, columns)
        return self

    def _cluster(self, features: np.ndarray, types: list[str]) -> np.ndarray:
        from sklearn.cluster import KMeans
        from sklearn.metrics import silhouette_score

        n = len(types)
        groups = sorted(set(types)) if self.by_type else [None]
        labels = np.zeros(n, dtype=int)
        next_label = 0
        for group in groups:
            members = np.arange(n) if group is None else np.flatnonzero(np.asarray(types) == group)
            sub = features[members]
            distinct = len({tuple(np.round(r, 8)) for r in sub})
            upper = min(self.max_per_type, len(members) // self.min_size, distinct)
            best_score, best_labels = -1.0, np.zeros(len(members), dtype=int)
            tree = None
            if upper >= 2 and self.method == "ward":
                from scipy.cluster.hierarchy import linkage

                tree = linkage(sub, method="ward")
            for k in range(2, upper + 1):
                if tree is not None:
                    from scipy.cluster.hierarchy import fcluster

                    found = fcluster(tree, t=k, criterion="maxclust") - 1
                else:
                    model = KMeans(n_clusters=k, n_init=10, random_state=self.random_state)
                    found = model.fit_predict(sub)
                if len(set(found.tolist())) < 2:
                    continue
                score = float(silhouette_score(sub, found, metric="cosine"))
                if score > best_score + 1e-9:
                    best_score, best_labels = score, found
            if best_score < self.min_silhouette:
                best_labels = np.zeros(len(members), dtype=int)
            labels[members] = best_labels + next_label
            next_label += int(best_labels.max()) + 1
        return labels

    def _reassign(self, features: np.ndarray, labels: np.ndarray) -> np.ndarray:
        """One pass of moves to clearly closer themes, then fold lone sentences."""
        labels = labels.copy()
        clusters = sorted(set(labels.tolist()))
        if len(clusters) < 2:
            return labels
        sums = {c: features[labels == c].sum(axis=0) for c in clusters}
        sizes = {c: int((labels == c).sum()) for c in clusters}

        def cosine(vector: np.ndarray, total: np.ndarray) -> float:
            norm = float(np.linalg.norm(total))
            return float(vector @ total) / norm if norm > 0 else 0.0

        for i in range(len(labels)):
            own = int(labels[i])
            x = features[i]
            rest = sums[own] - x
            own_sim = cosine(x, rest) if sizes[own] > 1 else 0.0
            best, best_sim = own, -1.0
            for c in clusters:
                if c == own or sizes[c] == 0:
                    continue
                sim = cosine(x, sums[c])
                if sim > best_sim + 1e-12:
                    best, best_sim = c, sim
            lone = sizes[own] == 1
            margin = 0.0 if lone else self.reassign_margin
            threshold = 1e-9 if lone else self.min_similarity
            if best != own and best_sim >= threshold and best_sim >= own_sim + margin:
                sums[own] = rest
                sizes[own] -= 1
                sums[best] = sums[best] + x
                sizes[best] += 1
                labels[i] = best
        return labels

    def _label(
        self,
        labels: np.ndarray,
        tfidf: Any,
        vocab: np.ndarray,
        analysed: list[tuple[list[str], dict[str, str]]],
        texts: list[str],
        types: list[str],
        features: np.ndarray,
        columns: list[str],
    ) -> None:
        dense = tfidf.toarray()
        clusters = sorted(set(labels.tolist()))
        problems = _problem_words()
        info = []
        for c in clusters:
            members = np.flatnonzero(labels == c)
            inside = dense[members].mean(axis=0)
            outside = dense[labels != c].mean(axis=0) if (labels != c).any() else 0.0
            # prefer terms that occur in several members
            presence = (dense[members] > 0).mean(axis=0)
            score = (inside - outside) * (0.5 + presence)
            terms = _top_terms(score, vocab, analysed, members)
            weights = {str(vocab[j]): float(score[j]) for j in np.flatnonzero(score > 0)}
            centroid = features[members].mean(axis=0)
            closeness = features[members] @ centroid
            order = members[np.argsort(-closeness, kind="stable")]
            phrase = None
            best = -np.inf
            member_types = Counter(types[i] for i in members if types[i])
            main_type = member_types.most_common(1)[0][0] if member_types else ""
            # label from distinct members of the theme's own pain type, most central
            # first, then from any member, then from the top terms; a typo (a word one
            # member used, like one several used) costs a little and is respelt
            typo = _TypoFinder([texts[i] for i in members])
            pool = _distinct(list(order), texts)
            own = _distinct([i for i in order if types[i] == main_type], texts)
            own = own[:_LABEL_CANDIDATES]
            for candidates in (own, pool):
                for i in candidates:
                    found = _key_phrase(texts[i], weights, problems, terms, typo)
                    if found is not None and found[1] > best + 1e-12:
                        phrase, best = found
                if phrase is not None:
                    break
            if phrase is not None:
                phrase = _respell(phrase, [texts[i] for i in members], typo)
            if phrase is None:
                phrase = _fallback_label(terms, main_type)
            info.append(
                {
                    "cluster": c,
                    "label": phrase,
                    "terms": terms,
                    "size": len(members),
                    "pain_type": member_types.most_common(1)[0][0] if member_types else pd.NA,
                    "example": texts[int(order[0])],
                }
            )
        info.sort(key=lambda d: (-d["size"], d["label"].lower()))
        seen: Counter[str] = Counter()
        mapping = {}
        rows = []
        for new_id, d in enumerate(info, start=1):
            label = d["label"]
            seen[label.lower()] += 1
            if seen[label.lower()] > 1:
                label = f"{label} ({seen[label.lower()]})"
            mapping[d["cluster"]] = new_id
            rows.append([new_id, label, list(d["terms"]), d["size"], d["pain_type"], d["example"]])
        self.labels_ = np.asarray([mapping[c] for c in labels.tolist()], dtype=int)
        themes = pd.DataFrame(rows, columns=columns)
        for column in ("theme", "pain_type", "example"):
            themes[column] = themes[column].astype("string")
        self.themes_ = themes


_REASSIGN_PASSES = 5


def _merge_close(features: np.ndarray, labels: np.ndarray, threshold: float) -> np.ndarray:
    """Join themes whose centroids are at least ``threshold`` cosine apart, closest first."""
    labels = labels.copy()
    while True:
        clusters = sorted(set(labels.tolist()))
        if len(clusters) < 2:
            return labels
        cent = np.array([features[labels == c].mean(axis=0) for c in clusters])
        norms = np.linalg.norm(cent, axis=1, keepdims=True)
        cent = cent / np.where(norms > 0, norms, 1.0)
        sim = cent @ cent.T
        np.fill_diagonal(sim, -1.0)
        a, b = np.unravel_index(int(np.argmax(sim)), sim.shape)
        if sim[a, b] < threshold:
            return labels
        labels[labels == clusters[max(a, b)]] = clusters[min(a, b)]


_LABEL_CANDIDATES = 12  # distinct member texts tried first
_PROBLEM_BONUS = 0.5
_CONTENT_BASE = 0.12  # every content word a little, so labels keep the object ("loses connection")
_MAX_LABEL_WORDS = 7
_LENGTH_COST = 0.1
_LABEL_WORD = re.compile(
    r"\[[A-Z_]+\]|[A-Za-z0-9][A-Za-z0-9'\u2019\-]*|[,;:.!?()\u2013\u2014\"]|\s-\s"
)
_LABEL_STOP = word_set(
    "almost nearly already again yet also just even ever few every single whole own other "
    "another first last next whether"
)
_PARTICLES = word_set("out up down off over back")
_NUMBER_WORDS = word_set(
    """zero one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
    forty fifty sixty hundred thousand half quarter third"""
)
_LEADING = word_set("the a an my our their your this that these those some its and but so")


class _TypoFinder:
    """Whether a word of a theme's quotes looks like a typo.

    A typo is a word of four or more letters that only one member used and that
    is like (difflib ratio at least ``_TYPO_SIMILARITY``) a word two or more
    members used: "cnaned" next to "canned".
    """

    def __init__(self, texts: list[str]) -> None:
        self.counts: Counter[str] = Counter()
        for text in texts:
            self.counts.update(
                {w.lower().replace("\u2019", "'") for w in _LABEL_WORD.findall(text)}
            )
        self.frequent = sorted(w for w, n in self.counts.items() if n >= 2 and len(w) >= 4)
        self.known: dict[str, bool] = {}

    def __call__(self, lower: str) -> bool:
        if lower not in self.known:
            self.known[lower] = (
                len(lower) >= 4
                and self.counts.get(lower, 0) == 1
                and bool(get_close_matches(lower, self.frequent, 1, _TYPO_SIMILARITY))
            )
        return self.known[lower]


def _respell(phrase: str, texts: list[str], typo: Callable[[str], bool]) -> str:
    """``phrase`` with each typo as other members wrote the same phrase.

    "Waiting two days for a cnaned reply" -> "... canned reply" when other members
    say the rest of the phrase alike; unchanged when none does.
    """
    words = phrase.split(" ")
    for k, word in enumerate(words):
        lower = word.lower()
        if not typo(lower):
            continue
        parts = [re.escape(w) for w in words]
        parts[k] = r"([A-Za-z][A-Za-z'\u2019-]*)"
        pattern = re.compile(r"(?<![\w'])" + r"\s+".join(parts) + r"(?![\w'])", re.IGNORECASE)
        found: Counter[str] = Counter()
        for text in texts:
            for match in pattern.finditer(text):
                other = match.group(1)
                if (
                    other.lower() != lower
                    and not typo(other.lower())
                    and SequenceMatcher(None, other.lower(), lower).ratio() >= _TYPO_SIMILARITY
                ):
                    found[other] += 1
        if found:
            words[k] = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    if words[0][:1].islower():
        words[0] = words[0][0].upper() + words[0][1:]
    return " ".join(words)


def _distinct(rows: list[int], texts: list[str]) -> list[int]:
    """``rows`` less those whose text repeats an earlier one (case and spacing aside)."""
    seen: set[str] = set()
    out = []
    for i in rows:
        key = " ".join(texts[i].lower().split())
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def _fallback_label(terms: list[str], pain_type: str) -> str:
    """A label from the top terms when no span of a quote will do.

    Two or more terms are joined by ``" / "``; a single term gets the pain type
    beside it, so a label is never one bare word.
    """
    kind = pain_type.replace("_", " ") if pain_type else "need"
    if len(terms) >= 2:
        label = " / ".join(terms)
    elif terms:
        label = f"{terms[0]} ({kind})"
    else:
        label = f"other {kind} issues"
    return label[0].upper() + label[1:]


def _top_terms(
    score: np.ndarray,
    vocab: np.ndarray,
    analysed: list[tuple[list[str], dict[str, str]]],
    members: np.ndarray,
) -> list[str]:
    """The three most distinctive stems or bigrams, as the words the members used."""
    order = np.argsort(-score, kind="stable")
    chosen: list[str] = []
    used: set[str] = set()
    for j in order:
        if score[j] <= 0 or len(chosen) == 3:
            break
        term = str(vocab[j])
        parts = set(term.split())
        if term.startswith("=") or "'" in term or parts & used or _is_affect(term, _noise()[2]):
            continue
        surfaces = Counter(
            analysed[i][1].get(term, term) for i in members if term in analysed[i][0]
        )
        chosen.append(surfaces.most_common(1)[0][0] if surfaces else term)
        used |= parts
    return chosen


@lru_cache(maxsize=1)
def _praise_words() -> frozenset[str]:
    """Words positive in the valence lexicon: a pain theme's label should not use them."""
    from personakit.text._valence import ValenceScorer

    words = ValenceScorer()._state()["words"]
    return frozenset(w for w, v in words.items() if v > 0 and " " not in w)


@lru_cache(maxsize=1)
def _problem_words() -> frozenset[str]:
    """Words that say what went wrong: negative in the valence lexicon, or pain cues."""
    from personakit.text._pain import TOPIC_CUES
    from personakit.text._valence import ValenceScorer

    words = ValenceScorer()._state()["words"]
    out = {w for w, v in words.items() if v < 0 and " " not in w}
    pain = load_lexicon(None, "pain_cues.csv", ("pattern", "pain_type", "weight"), "-")
    for pattern, kind in zip(pain["pattern"].astype(str), pain["pain_type"].astype(str)):
        if " " not in pattern and kind != "need" and pattern not in TOPIC_CUES:
            out.add(pattern)
    affect = _noise()[2]
    return frozenset(w for w in out | {stem(w) for w in out} if stem(w) not in affect)


_DANGLING_BEFORE = word_set(
    """would could will can should might must shall may to of for with from by about as than
    that which who if whether"""
)


_DANGLING_END = word_set(
    """after before until till within without through during across along behind below
    beyond between among against toward towards upon onto into unless whereas whether compared
    including such"""
)


def _can_end(words: list[str], end: int) -> bool:
    """Whether a label may end on ``words[end]``.

    Not on a possessive or contraction ("Staff member's", "Shame there's"), a
    preposition or subordinator ("Checking my bank app after", "Slow compared"),
    nor on a word right after a modal, ``to``, a preposition or a conjunction, or
    a subject ("we need", "before I just found"), which leaves the clause hanging
    ("Cost would pay", "Hard to find").
    """
    lowers = [w.lower().replace("\u2019", "'") for w in words[: end + 1]]
    if "'" in lowers[end] or lowers[end] in _DANGLING_END:
        return False
    if end > 0 and lowers[end - 1] in _DANGLING_BEFORE:
        return False
    # "... we need", "before I found", "I just show": a verb that has lost its object
    k = end - 1
    while k > 0 and lowers[k] in _ADVERBS:
        k -= 1
    return k < 0 or lowers[k] not in _SUBJECTS


@lru_cache(maxsize=1)
def _filler_words() -> frozenset[str]:
    """Stems of the single-word ``filler`` entries of ``theme_noise.csv``."""
    noise = load_lexicon(None, "theme_noise.csv", ("pattern", "kind"), "noise")
    return frozenset(
        stem(str(p))
        for p, k in zip(noise["pattern"], noise["kind"])
        if str(k) == "filler" and " " not in str(p)
    )


_SUBJECTS = word_set(
    """i we you they he she i'm i've i'd i'll we're we've we'd we'll you're you've you'd
    they're they've they'd"""
)
_VERB_BEFORE = _SUBJECTS | word_set(
    """would could will can should might must shall may do does did was were is are am be been
    have has had get got to not n't never couldn't wouldn't can't won't didn't don't doesn't
    wasn't weren't isn't aren't haven't hasn't"""
)
_ADVERBS = word_set("just only really actually still even never always finally also already")
_TAKE_BEFORE = word_set("no what how")  # "no card needed", "what happens to our notes"
_NOT_GERUND = word_set(
    "thing nothing something anything everything morning evening during bring ring king sing"
)
_CLAUSE_OPENERS = _LEADING | _ADVERBS | word_set("to well then")
_VERB_START_COST = 0.6  # a span that starts on the verb after "I", "would", "to" ("Sent loads")
_MID_START_COST = 0.15  # one that starts after another word of its clause
_AFFECT_END = 0.05  # an affect word may close a span ("was a nightmare"), for little weight
_FREE_WORDS = 3  # words a label may have before each further word costs _LENGTH_COST
_TYPO_COST = 0.3  # a typo costs this much in a label
_TYPO_SIMILARITY = 0.75  # how alike a typo and the word meant are (difflib ratio)
_LABEL_KEEP = word_set(
    """week weeks day days month months year years hour hours minute minutes forever ages
    monthly weekly yearly daily hourly"""
)  # stop words (or stems) for grouping, but content in a label ("Setup took us weeks")
_JOINERS = word_set("and so")
_NEGATORS = word_set("no not never without nobody")
_CLAUSE_SUBJECTS = _SUBJECTS | word_set("there there's it it's")


@lru_cache(maxsize=1)
def _noise_phrases() -> tuple[tuple[str, ...], ...]:
    """The multi-word filler and affect idioms of ``theme_noise.csv`` as stem sequences."""
    noise = load_lexicon(None, "theme_noise.csv", ("pattern", "kind"), "noise")
    out = []
    for pattern, kind in zip(noise["pattern"].astype(str), noise["kind"].astype(str)):
        if " " in pattern and kind in ("filler", "affect"):
            out.append(tuple(w if w in ("*", "..") else stem(w) for w in pattern.split()))
    return tuple(out)


def _noise_positions(keys: list[str | None]) -> set[int]:
    """Positions of the words of ``keys`` (stems; None = punctuation) inside idioms."""

    def match(parts: tuple[str, ...], j: int) -> int:
        if not parts:
            return j
        head, rest = parts[0], parts[1:]
        if head == "..":
            for skip in range(4):
                if j + skip > len(keys) or any(keys[k] is None for k in range(j, j + skip)):
                    break
                found = match(rest, j + skip)
                if found >= 0:
                    return found
            return -1
        if j >= len(keys) or keys[j] is None or (head != "*" and keys[j] != head):
            return -1
        return match(rest, j + 1)

    out: set[int] = set()
    for parts in _noise_phrases():
        for i in range(len(keys)):
            if keys[i] == parts[0]:
                end = match(parts, i)
                if end > i:
                    out.update(range(i, end))
    return out


def _possessive_or_plain(lower: str) -> bool:
    """A word without an apostrophe, or a possessive of a content word ("member's").

    Contractions ("there's", "it's", "I've", "didn't") are never content.
    """
    if "'" not in lower:
        return True
    base = lower[:-2] if lower.endswith("'s") else lower[:-1] if lower.endswith("s'") else ""
    return bool(base) and "'" not in base and base not in _STOP and base not in _SUBJECTS


def _after_negator(lowers: list[str], k: int) -> bool:
    """Whether one of the three words before ``lowers[k]`` negates it ("no ... reward")."""
    return any(w in _NEGATORS or w.endswith("n't") for w in lowers[max(0, k - 3) : k])


def _is_gerund(lower: str) -> bool:
    return len(lower) >= 5 and lower.endswith("ing") and lower not in _NOT_GERUND


def _key_phrase(
    text: str,
    weights: dict[str, float],
    problems: frozenset[str] = frozenset(),
    top_terms: Sequence[str] = (),
    typo: Callable[[str], bool] | None = None,
) -> tuple[str, float] | None:
    """The span of 2-7 words of ``text`` that carries most of its theme's weight.

    Words that say what went wrong (``problems``) add ``_PROBLEM_BONUS``, so a
    label names the problem and not only its topic ("Install date slipped").
    Filler and affect idioms ("hard to say", "drives me mad") break spans like
    punctuation. A span pays for starting on the verb after a subject, modal or
    ``to`` ("Sent loads") or in the middle of its clause, so labels start at
    the topic; a span holding two of ``top_terms`` (stems) gains
    ``_PROBLEM_BONUS``.
    """
    words = _LABEL_WORD.findall(text)
    if len(words) < 2 or not weights:
        return None
    affect, fillers = _noise()[2], _filler_words()
    top = max(weights.values())
    lowers = [w.lower().replace("\u2019", "'") for w in words]
    keys: list[str | None] = []
    for word, lower in zip(words, lowers):
        if word.startswith("[") or not word[0].isalnum():
            keys.append(None)  # punctuation ends a span; a masked name, email ... never is in one
        else:
            prepared = prepare(lower)
            keys.append(prepared.stems[0] if prepared.stems else lower)
    for k in _noise_positions(keys):
        keys[k] = None  # "drives me mad that I only found" -> "only found ..."
    for k, lower in enumerate(lowers):
        # a new clause: "..., but for me it's", "a load of customers and there's no ..."
        following = lowers[k + 1] if k + 1 < len(lowers) else ""
        if lower == "but" or (lower in _JOINERS and following in _CLAUSE_SUBJECTS):
            keys[k] = None
    values: list[float | None] = []
    content = []
    feeling = []
    for k, (lower, key) in enumerate(zip(lowers, keys)):
        if key is None:
            values.append(None)
            content.append(False)
            feeling.append(False)
            continue
        plain = (
            bool(_WORD.match(lower))
            and len(lower) >= 3
            and lower not in _STOP
            and key not in _STOP
            and lower not in _NUMBER_WORDS
            and lower not in _LABEL_STOP
            and _possessive_or_plain(lower)
        )
        is_content = plain and key not in affect and key not in fillers
        is_content = is_content or lower in _LABEL_KEEP
        value = weights.get(key, 0.0) / top + _CONTENT_BASE if is_content else 0.0
        if typo is not None and typo(lower):
            value -= _TYPO_COST  # "cnaned"
        if is_content and (lower in problems or key in problems):
            value += _PROBLEM_BONUS
        elif is_content and lower in _praise_words() and not _after_negator(lowers, k):
            value -= _PROBLEM_BONUS  # but "no referral reward" names a problem
        values.append(value)
        content.append(is_content)
        feeling.append(plain and key in affect)
    # bigrams present in the text add to both of their words
    for k in range(len(words) - 1):
        if values[k] is None or values[k + 1] is None:
            continue
        bigram = weights.get(f"{keys[k]} {keys[k + 1]}", 0.0) / top
        if bigram > 0 and content[k] and content[k + 1]:
            values[k] += bigram / 2
            values[k + 1] += bigram / 2
    wanted = {
        key: n for n, term in enumerate(top_terms) for key in prepare(term.lower()).stems if key
    }
    best: tuple[float, int, int] | None = None
    for start in range(len(words)):
        if values[start] is None:
            continue
        lead = start  # first word of the clause, past "and", "the", "so" ...
        while lead > 0 and values[lead - 1] is not None:
            lead -= 1
        while lead < start and lowers[lead] in _CLAUSE_OPENERS:
            lead += 1
        gerund = _is_gerund(lowers[start]) and (start == lead or lowers[start - 1] in _LEADING)
        if not content[start] and not gerund:
            continue
        before = lowers[start - 1] if start > 0 and values[start - 1] is not None else ""
        if start == lead or gerund or before in _LEADING or before in _TAKE_BEFORE:
            cost = 0.0
        elif (before in _VERB_BEFORE or before in _ADVERBS) and lowers[start] not in problems:
            cost = _VERB_START_COST  # "Sent loads"; but "waited five weeks" names the problem
        else:
            cost = _MID_START_COST
        total = -cost
        n_content = 0
        found: set[int] = set()
        for end in range(start, min(start + _MAX_LABEL_WORDS, len(words))):
            if values[end] is None:
                break
            total += values[end]
            n_content += content[end] or (end == start and gerund)
            if keys[end] in wanted:
                found.add(wanted[keys[end]])
            closing = content[end] or (feeling[end] and n_content >= 2)
            if end == start or not closing or n_content < 2 or not _can_end(words, end):
                continue
            length = _LENGTH_COST * max(0, end - start - _FREE_WORDS + 1)
            score = total - length + (_AFFECT_END if feeling[end] else 0)
            if len(found) >= 2:
                score += _PROBLEM_BONUS
            if best is None or score > best[0] + 1e-12:
                best = (score, start, end)
    if best is None or best[0] <= 0:
        return None
    score, start, end = best
    if end + 1 < len(words) and lowers[end + 1] in _PARTICLES and end - start < 6:
        end += 1  # "connection cuts" -> "connection cuts out"
    if start > 0 and lowers[start - 1] in _TAKE_BEFORE and values[start - 1] is not None:
        start -= 1  # "card needed" -> "no card needed"
    span = words[start : end + 1]
    # "The price" -> "Price"; keep the speaker's words otherwise
    while len(span) > 2 and span[0].lower() in _LEADING:
        span = span[1:]
    phrase = " ".join(span)
    phrase = phrase[0].upper() + phrase[1:]
    return phrase, score


def _theme_rows(themes: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "theme_id": int(r.theme_id),
            "theme": str(r.theme),
            "terms": list(r.terms),
            "size": int(r.size),
            "pain_type": None if pd.isna(r.pain_type) else str(r.pain_type),
            "example": str(r.example),
        }
        for r in themes.itertuples()
    ]


def _themed_rows(evidence: pd.DataFrame) -> np.ndarray:
    """Positions of the pain point and need rows that get a theme."""
    chosen = evidence["is_pain_point"].fillna(False).to_numpy(dtype=bool)
    if "is_need" in evidence.columns:
        chosen = chosen | evidence["is_need"].fillna(False).to_numpy(dtype=bool)
    if "analysed" in evidence.columns:
        chosen = chosen & evidence["analysed"].fillna(False).to_numpy(dtype=bool)
    chosen = chosen & evidence["text"].notna().to_numpy()
    return np.flatnonzero(chosen)


_UNIT_COLUMNS = ("source", "line", "respondent_id")


def _topic_less(text: str) -> bool:
    """Whether a sentence names no topic: all its content words say how someone feels."""
    _, _, affect = _noise()
    return not any(not _is_affect(term, affect) for term in _terms(text)[0])


def _inheritors(evidence: pd.DataFrame, chosen: np.ndarray) -> dict[int, int]:
    """Topic-less themed rows -> the themed row of the same answer or turn they follow.

    "That was scary for me." says nothing about what; the sentence before it in
    the same answer or turn does. Such a row takes the theme of the nearest
    themed sentence with a topic in its unit (same ``source``, ``line`` and
    ``respondent_id``), preferring the one before it. Rows without such a
    sibling, or tables without those columns, keep their own place.
    """
    if not len(chosen) or not {"source", "line"} <= set(evidence.columns):
        return {}
    columns = [c for c in _UNIT_COLUMNS if c in evidence.columns]
    units = evidence.iloc[chosen][columns].astype("string").fillna("").agg("\x1f".join, axis=1)
    order = (
        pd.to_numeric(evidence["sentence"].iloc[chosen], errors="coerce").to_numpy(dtype=float)
        if "sentence" in evidence.columns
        else np.arange(len(chosen), dtype=float)
    )
    topic_less = np.array([_topic_less(str(evidence["text"].iloc[j])) for j in chosen])
    out: dict[int, int] = {}
    for _, positions in pd.Series(np.arange(len(chosen))).groupby(units.to_numpy()):
        positions = positions.to_numpy()
        anchors = [p for p in positions if not topic_less[p]]
        if not anchors:
            continue
        for p in positions:
            if not topic_less[p]:
                continue
            before = [a for a in anchors if order[a] < order[p]]
            source = (
                max(before, key=lambda a: (order[a], a))
                if before
                else min(anchors, key=lambda a: (order[a], a))
            )
            out[int(chosen[p])] = int(chosen[source])
    return out


def _apply_themes(
    evidence: pd.DataFrame, finder: Any, vectors: np.ndarray | None = None
) -> pd.DataFrame:
    """Fit ``finder`` on the pain point and need rows; return a copy with themes.

    Topic-less rows with a sibling in their answer or turn are left out of the fit
    and take that sibling's theme (see :func:`_inheritors`).
    """
    out = evidence.copy()
    out["theme"] = pd.Series([pd.NA] * len(out), index=out.index, dtype="string")
    out["theme_id"] = pd.Series([pd.NA] * len(out), index=out.index, dtype="Int64")
    rows: list[dict[str, Any]] = []
    chosen = _themed_rows(evidence)
    inherit = _inheritors(evidence, chosen)
    if inherit:
        keep = np.array([j not in inherit for j in chosen])
        if vectors is not None:
            vectors = np.asarray(vectors)[keep]
        fitted = chosen[keep]
    else:
        fitted = chosen
    if len(fitted):
        pains = evidence["is_pain_point"].fillna(False).to_numpy(dtype=bool)
        types = evidence["pain_type"] if "pain_type" in evidence.columns else None
        pain_types = [
            types.iloc[j] if types is not None and pains[j] and not pd.isna(types.iloc[j]) else None
            for j in fitted
        ]
        finder.fit(
            [str(evidence["text"].iloc[j]) for j in fitted],
            pain_types=pain_types,
            embeddings=vectors,
        )
        table = finder.themes_.copy()
        label_of = dict(zip(table["theme_id"], table["theme"]))
        id_of = dict(zip(fitted.tolist(), np.asarray(finder.labels_).tolist()))
        id_of.update({j: id_of[source] for j, source in inherit.items()})
        ids = [id_of[j] for j in chosen.tolist()]
        labels = [label_of[i] for i in ids]
        if inherit:
            # sizes with the inherited rows; themes renumbered 1 = largest (ties by label)
            counts = pd.Series(ids).value_counts()
            table["size"] = [int(counts.get(i, 0)) for i in table["theme_id"]]
            table = table.assign(_key=table["theme"].str.lower()).sort_values(
                ["size", "_key"], ascending=[False, True], kind="stable"
            )
            renumber = dict(zip(table["theme_id"], range(1, len(table) + 1)))
            table = table.drop(columns="_key").assign(
                theme_id=lambda t: t["theme_id"].map(renumber)
            )
            table = table.reset_index(drop=True)
            ids = [renumber[i] for i in ids]
        out.iloc[chosen, out.columns.get_loc("theme_id")] = ids
        out.iloc[chosen, out.columns.get_loc("theme")] = labels
        rows = _theme_rows(table)
    out.attrs = dict(evidence.attrs)
    out.attrs["themes"] = rows
    return out


def assign_themes(
    evidence: pd.DataFrame,
    *,
    random_state: int = 0,
    embedder: Any = None,
    finder: Any = None,
) -> pd.DataFrame:
    """(Re)compute the ``theme`` and ``theme_id`` of an evidence table.

    Use it on evidence from several sources analysed separately and stacked
    (interviews and open answers), so that the same problem gets one theme
    whatever the source. The pain point rows and the need rows (``is_need``) are
    grouped with :class:`ThemeFinder` by pain type and wording; the labels are
    short phrases from the rows' own (already masked) quotes.

    Parameters
    ----------
    evidence : pandas.DataFrame
        Evidence rows as :func:`personakit.analyze_text` returns them: at least
        ``text`` and ``is_pain_point``; ``pain_type``, ``is_need`` and
        ``analysed`` are used when present. Not modified.
    random_state : int, default 0
        Seed of the clustering (used by the k-means method).
    embedder : None, "minilm", object, callable or mapping, optional
        Sentence embeddings to group by instead of TF-IDF (as in
        :func:`personakit.analyze_text`). ``None`` (default): words and topics.
    finder : ThemeFinder, optional
        A configured :class:`ThemeFinder` to use instead of the default one.

    Returns
    -------
    pandas.DataFrame
        A copy of ``evidence`` (same index and columns) whose ``theme`` (str) and
        ``theme_id`` (Int64, 1 = largest theme) are set for pain points and needs
        and NA elsewhere; ``attrs["themes"]`` lists the themes (``theme_id,
        theme, terms, size, pain_type, example``).

    Raises
    ------
    PersonakitError
        If ``evidence`` is not a DataFrame with ``text`` and ``is_pain_point``,
        or ``random_state`` is not an integer.

    Examples
    --------
    >>> import personakit
    >>> interviews = personakit.analyze_text(["Delivery was late again.",
    ...                                        "The delivery came two days late."])
    >>> answers = personakit.analyze_text(["Late delivery every single week!",
    ...                                     "The price is far too high."])
    >>> both = assign_themes(pd.concat([interviews, answers], ignore_index=True))
    >>> both[["text", "theme_id", "theme"]].values.tolist()
    [['Delivery was late again.', 1, 'Late delivery'], ['The delivery came two days late.', 1, 'Late delivery'], ['Late delivery every single week!', 1, 'Late delivery'], ['The price is far too high.', 2, 'Price is far too high']]
    """
    if not isinstance(evidence, pd.DataFrame):
        raise PersonakitError(
            f"assign_themes: evidence must be a DataFrame from analyze_text, got "
            f"{type(evidence).__name__}."
        )
    missing = [c for c in ("text", "is_pain_point") if c not in evidence.columns]
    if missing:
        raise PersonakitError(
            f"assign_themes: evidence lacks column(s) {missing}; pass the table that "
            "personakit.analyze_text returns (or stacked tables of it)."
        )
    if not isinstance(random_state, int | np.integer) or isinstance(random_state, bool):
        raise PersonakitError(
            f"assign_themes: random_state must be an integer, got {random_state!r}."
        )
    if finder is None:
        finder = ThemeFinder(random_state=int(random_state))
    elif not hasattr(finder, "fit"):
        raise PersonakitError(
            f"assign_themes: finder must be a ThemeFinder (or have fit/labels_/themes_), got "
            f"{type(finder).__name__}."
        )
    vectors = None
    if embedder is not None:
        from personakit.text._embeddings import embed_texts, resolve_embedder

        chosen = _themed_rows(evidence)
        if len(chosen):
            resolved = resolve_embedder(embedder)
            vectors = embed_texts(resolved, [str(evidence["text"].iloc[j]) for j in chosen])
    return _apply_themes(evidence, finder, vectors)

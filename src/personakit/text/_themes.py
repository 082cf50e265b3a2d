"""Grouping pain points and needs into themes with readable labels.

:class:`ThemeFinder` groups short sentences in two steps:

1. **By pain type** (cost, time, usability, ...; needs and untyped sentences form
   their own group), so a theme never mixes, say, price complaints with support
   complaints.
2. **Within a type**, Ward clustering (or k-means with ``random_state``) of
   TF-IDF vectors of content-word stems and stem bigrams (stop words and filler
   removed, sublinear term frequency, unit length), or of sentence embeddings
   when given, cut at k = 2 .. ``max_per_type`` clusters (and at most one theme
   per ``min_size`` sentences). The k with the best cosine silhouette is kept if that silhouette
   reaches ``min_silhouette``; otherwise the whole type is one theme. So a type
   splits only into clearly different sub-topics ("delivery late" vs "support
   slow to reply"). Deterministic for a given ``random_state``.

**Labels**: the three stems (or stem bigrams) whose mean TF-IDF weight in the
theme most exceeds their weight in all other sentences, favouring terms shared
by several members, each shown as the word form used in the theme, joined by
``" · "`` (e.g. ``"delivery · late · window"``). Repeated labels get a number.
Themes are numbered 1..k by size (1 = largest; ties by label).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import PersonakitError
from personakit.text._lexicon import prepare, word_set

__all__ = ["ThemeFinder"]

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


def _terms(text: str) -> tuple[list[str], dict[str, str]]:
    """Content stems and bigrams of one sentence, and stem -> surface word."""
    prepared = prepare(text)
    stems: list[str] = []
    surface: dict[str, str] = {}
    for token, stem in zip(prepared.tokens, prepared.stems):
        if token in _STOP or stem in _STOP or not _WORD.match(token) or len(token) < 3:
            stems.append("")
            continue
        stems.append(stem)
        surface.setdefault(stem, token)
    out = [s for s in stems if s]
    for a, b in zip(stems, stems[1:]):
        if a and b and a != b:
            key = f"{a} {b}"
            out.append(key)
            surface.setdefault(key, f"{surface[a]} {surface[b]}")
    return out, surface


class ThemeFinder:
    """Cluster pain points and needs into labelled themes.

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
    random_state : int, default 0
        Seed of k-means.

    Attributes
    ----------
    labels_ : numpy.ndarray
        Theme id (1..k) of each fitted sentence.
    themes_ : pandas.DataFrame
        One row per theme: ``theme_id, theme, terms, size, pain_type`` (the most
        common pain type in the theme, or NA).

    Examples
    --------
    >>> texts = ["Delivery was late again", "The delivery came two days late",
    ...          "Late delivery every week", "The price is too high",
    ...          "Too expensive for what you get", "The price went up again"]
    >>> finder = ThemeFinder(random_state=0).fit(texts)
    >>> finder.labels_.tolist()
    [1, 1, 1, 2, 2, 2]
    >>> finder.themes_["theme"].tolist()
    ['delivery · late', 'price · expensive · high']
    """

    def __init__(
        self,
        *,
        max_per_type: int = 4,
        min_size: int = 3,
        min_silhouette: float = 0.1,
        by_type: bool = True,
        method: str = "ward",
        random_state: int = 0,
    ) -> None:
        self.max_per_type = max_per_type
        self.min_size = min_size
        self.min_silhouette = min_silhouette
        self.by_type = by_type
        self.method = method
        self.random_state = random_state

    def _check(self) -> None:
        if self.method not in ("ward", "kmeans"):
            raise PersonakitError(
                f"ThemeFinder: method must be 'ward' or 'kmeans', got {self.method!r}."
            )
        for name in ("max_per_type", "min_size"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise PersonakitError(
                    f"ThemeFinder: {name} must be a positive integer, got {value!r}."
                )

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
            Pain point and need sentences.
        pain_types : sequence of str or NA, optional
            Pain type of each sentence (NA for needs).
        embeddings : numpy.ndarray, optional
            Unit-length sentence embeddings aligned with ``texts``.

        Returns
        -------
        ThemeFinder
            ``self``, with ``labels_`` and ``themes_``.
        """
        from sklearn.cluster import KMeans
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.metrics import silhouette_score
        from sklearn.preprocessing import normalize

        self._check()
        texts = [str(t) for t in texts]
        n = len(texts)
        columns = ["theme_id", "theme", "terms", "size", "pain_type"]
        if n == 0:
            self.labels_ = np.zeros(0, dtype=int)
            self.themes_ = pd.DataFrame(columns=columns)
            return self
        analysed = [_terms(t) for t in texts]
        docs = [a[0] for a in analysed]
        if not any(docs):
            docs = [[f"sentence{i}"] for i in range(n)]
        vectorizer = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, min_df=1)
        tfidf = vectorizer.fit_transform(docs)
        vocab = np.asarray(vectorizer.get_feature_names_out(), dtype=object)
        if embeddings is not None:
            features = normalize(np.asarray(embeddings, dtype=float))
            if features.shape[0] != n:
                raise PersonakitError(
                    f"ThemeFinder.fit: embeddings has {features.shape[0]} rows for {n} texts."
                )
        else:
            features = normalize(tfidf).toarray()
        raw_types = pain_types if pain_types is not None else [None] * n
        types = [t if isinstance(t, str) and t else "" for t in raw_types]
        if len(types) != n:
            raise PersonakitError(
                f"ThemeFinder.fit: pain_types has {len(types)} values for {n} texts."
            )
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
                from scipy.cluster.hierarchy import fcluster, linkage

                tree = linkage(sub, method="ward")
            for k in range(2, upper + 1):
                if tree is not None:
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
        self._label(labels, tfidf, vocab, analysed, types, columns)
        return self

    def _label(
        self,
        labels: np.ndarray,
        tfidf: Any,
        vocab: np.ndarray,
        analysed: list[tuple[list[str], dict[str, str]]],
        types: list[str],
        columns: list[str],
    ) -> None:
        dense = tfidf.toarray()
        clusters = sorted(set(labels.tolist()))
        info = []
        for c in clusters:
            members = np.flatnonzero(labels == c)
            inside = dense[members].mean(axis=0)
            outside = dense[labels != c].mean(axis=0) if (labels != c).any() else 0.0
            # prefer terms that occur in several members
            presence = (dense[members] > 0).mean(axis=0)
            score = (inside - outside) * (0.5 + presence)
            order = np.argsort(-score, kind="stable")
            chosen: list[str] = []
            used: set[str] = set()
            for j in order:
                if score[j] <= 0 or len(chosen) == 3:
                    break
                term = str(vocab[j])
                parts = set(term.split())
                if parts & used:
                    continue
                surfaces = Counter(
                    analysed[i][1].get(term, term) for i in members if term in analysed[i][0]
                )
                word = surfaces.most_common(1)[0][0] if surfaces else term
                chosen.append(word)
                used |= parts
            if not chosen:
                chosen = ["other"]
            member_types = Counter(types[i] for i in members if types[i])
            info.append(
                {
                    "cluster": c,
                    "terms": chosen,
                    "size": len(members),
                    "pain_type": member_types.most_common(1)[0][0] if member_types else pd.NA,
                }
            )
        info.sort(key=lambda d: (-d["size"], " · ".join(d["terms"])))
        seen: Counter[str] = Counter()
        mapping = {}
        rows = []
        for new_id, d in enumerate(info, start=1):
            label = " · ".join(d["terms"])
            seen[label] += 1
            if seen[label] > 1:
                label = f"{label} ({seen[label]})"
            mapping[d["cluster"]] = new_id
            rows.append([new_id, label, list(d["terms"]), d["size"], d["pain_type"]])
        self.labels_ = np.asarray([mapping[c] for c in labels.tolist()], dtype=int)
        themes = pd.DataFrame(rows, columns=columns)
        themes["theme"] = themes["theme"].astype("string")
        themes["pain_type"] = themes["pain_type"].astype("string")
        self.themes_ = themes

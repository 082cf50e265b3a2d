"""Shared text machinery of the rule layer: normalising, tokens, a light stemmer, phrase cues.

Every rule-based scorer in :mod:`personakit.text` reads the same prepared form of a
sentence (:func:`prepare`): lower-cased tokens with contractions expanded and common
speech typos fixed, their stems, and for every token whether it sits in the scope
of a negation ("not", "never", "no", "without" ... up to three words on, stopped by
punctuation or "but"; right before a neg-raising verb such as "think" or "feel", to
the end of the clause: "I didn't feel like I was risking anything"). Cue lexicons are CSV files shipped in
``personakit/text/lexicons/``; a pattern is a short phrase whose words are compared
by stem, where ``*`` stands for exactly one word and ``..`` for a gap of up to three
words (``hard to ..`` matches "hard to find" and "hard to figure out"); spoken
fillers ("really", "actually", "quite" ...) in a sentence are skipped when matching
a pattern that does not name them itself.

The stemmer is deliberately small (suffix rules and a table of irregular verbs): it
only has to map the forms people say onto the same key on both sides (lexicon and
text), so "confusing", "confused" and "confuses" all become ``confus``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from personakit._errors import PersonakitError

__all__ = [
    "FILLERS",
    "CueMatcher",
    "CueTable",
    "cue_table",
    "word_set",
    "Prepared",
    "load_lexicon",
    "prepare",
    "stem",
    "tokenize",
]


def word_set(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of ``text`` as a frozenset (for word lists)."""
    return frozenset(text.split())


# -- normalising ------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_DASHES = str.maketrans({"\u2013": " - ", "\u2014": " - ", "\u2012": " - "})

_CONTRACTIONS = {
    "can't": "can not",
    "cannot": "can not",
    "won't": "will not",
    "shan't": "shall not",
    "ain't": "is not",
    "let's": "let us",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "kinda": "kind of",
    "sorta": "sort of",
    "dunno": "do not know",
    "y'all": "you all",
}
# apostrophe-less spellings people type in chat and auto-transcripts
_NO_APOSTROPHE = {
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "cant": "can not",
    "couldnt": "could not",
    "wouldnt": "would not",
    "shouldnt": "should not",
    "isnt": "is not",
    "wasnt": "was not",
    "werent": "were not",
    "arent": "are not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "im": "i am",
    "ive": "i have",
    "youre": "you are",
    "theyre": "they are",
    "thats": "that is",
    "whats": "what is",
}
_TYPOS = {
    "teh": "the",
    "recieve": "receive",
    "recieved": "received",
    "definately": "definitely",
    "definatly": "definitely",
    "seperate": "separate",
    "wierd": "weird",
    "untill": "until",
    "alot": "a lot",
    "becuase": "because",
    "beacuse": "because",
    "realy": "really",
    "dissapointed": "disappointed",
    "dissapointing": "disappointing",
    "frustating": "frustrating",
    "confussing": "confusing",
    "expensve": "expensive",
    "reccomend": "recommend",
    "recomend": "recommend",
    "reccommend": "recommend",
    "thier": "their",
    "wich": "which",
    "soo": "so",
    "noo": "no",
    "yess": "yes",
    "ok": "okay",
}

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*|[.!?;:,]|\.\.\.")
_ELONGATED = re.compile(r"([a-z])\1{2,}")

NEGATORS = frozenset(
    {"not", "no", "never", "nothing", "nobody", "none", "nowhere", "neither", "nor", "without"}
)
# tokens that end a negation's scope
_SCOPE_BREAK = frozenset({".", "!", "?", ";", ":", ",", "but", "though", "although", "however"})
_NEGATION_SPAN = 3
# verbs that pass their negation on to the clause after them (neg-raising): "I don't
# think it was risky" means "I think it was not risky"; the scope then runs to the
# end of the clause
_NEG_RAISING = frozenset(
    {"think", "feel", "felt", "believe", "suppose", "expect", "seem", "seemed", "reckon"}
)
FILLERS = frozenset(
    {
        "really",
        "even",
        "totally",
        "honestly",
        "literally",
        "basically",
        "quite",
        "very",
        "truly",
        "genuinely",
        "actually",
        "definitely",
        "pretty",
        "super",
    }
)
"""Spoken fillers and intensifiers that cue phrases may skip ("I don't *really* understand")."""

# -- stemming ---------------------------------------------------------------------------

_IRREGULAR = {
    "took": "take",
    "taken": "take",
    "takes": "take",
    "taking": "take",
    "bought": "buy",
    "buying": "buy",
    "buys": "buy",
    "paid": "pay",
    "paying": "pay",
    "thought": "think",
    "felt": "feel",
    "feeling": "feel",
    "feels": "feel",
    "told": "tell",
    "telling": "tell",
    "tells": "tell",
    "heard": "hear",
    "hearing": "hear",
    "found": "find",
    "finding": "find",
    "went": "go",
    "gone": "go",
    "going": "go",
    "goes": "go",
    "saw": "see",
    "seen": "see",
    "seeing": "see",
    "sees": "see",
    "came": "come",
    "coming": "come",
    "comes": "come",
    "gave": "give",
    "given": "give",
    "giving": "give",
    "got": "get",
    "gotten": "get",
    "getting": "get",
    "gets": "get",
    "made": "make",
    "making": "make",
    "makes": "make",
    "left": "leave",
    "leaving": "leave",
    "kept": "keep",
    "keeping": "keep",
    "keeps": "keep",
    "sent": "send",
    "sending": "send",
    "spent": "spend",
    "spending": "spend",
    "lost": "lose",
    "losing": "lose",
    "knew": "know",
    "known": "know",
    "said": "say",
    "saying": "say",
    "says": "say",
    "ran": "run",
    "running": "run",
    "sold": "sell",
    "selling": "sell",
    "wrote": "write",
    "written": "write",
    "writing": "write",
    "broke": "break",
    "broken": "break",
    "breaking": "break",
    "breaks": "break",
    "chose": "choose",
    "chosen": "choose",
    "choosing": "choose",
    "began": "begin",
    "begun": "begin",
    "started": "start",
    "used": "use",
    "using": "use",
    "uses": "use",
    "signed": "sign",
    "signing": "sign",
    "was": "be",
    "were": "be",
    "been": "be",
    "being": "be",
    "is": "be",
    "are": "be",
    "am": "be",
    "has": "have",
    "had": "have",
    "having": "have",
    "did": "do",
    "does": "do",
    "doing": "do",
    "done": "do",
    "worse": "bad",
    "worst": "bad",
    "better": "good",
    "best": "good",
    "children": "child",
    "people": "person",
    "men": "man",
    "women": "woman",
    "ages": "age",
    "news": "news",
    "this": "this",
    "his": "his",
    "was's": "be",
    "us": "us",
    "its": "it",
    "yes": "yes",
    "bus": "bus",
    "plus": "plus",
    "always": "always",
    "series": "series",
    "less": "less",
    "unless": "unless",
    "process": "process",
    "access": "access",
    "business": "business",
    "success": "success",
    "anything": "anything",
    "something": "something",
    "nothing": "nothing",
    "everything": "everything",
    "thing": "thing",
    "things": "thing",
    "morning": "morning",
    "evening": "evening",
    "pricing": "price",
    "priced": "price",
    "prices": "price",
    "onboarding": "onboard",
    "ring": "ring",
    "bring": "bring",
    "during": "during",
    "need": "need",
    "needed": "need",
    "speed": "speed",
    "feed": "feed",
    "indeed": "indeed",
    "hundred": "hundred",
    "red": "red",
    "daily": "daily",
    "honestly": "honestly",
    "canned": "canned",
    "sorted": "sorted",
    "lied": "lie",
    "lying": "lie",
    "lies": "lie",
    "early": "early",
    "only": "only",
    "family": "family",
    "reply": "reply",
    "apply": "apply",
    "supply": "supply",
}

_SUFFIXES = (
    ("ingly", ""),
    ("edly", ""),
    ("ily", "y"),
    ("ies", "y"),
    ("ied", "y"),
    ("ying", "y"),
    ("sses", "ss"),
    ("xes", "x"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("ing", ""),
    ("ed", ""),
    ("es", "e"),
    ("ly", ""),
    ("s", ""),
)
_KEEP_ENDING_S = ("ss", "us", "is", "'s")
_DOUBLE = re.compile(r"([bdfgkmnprtv])\1$")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the stem of one lower-cased word (a light suffix stripper).

    Parameters
    ----------
    word : str
        One token, lower case.

    Returns
    -------
    str
        The stem; forms of one word share it.

    Examples
    --------
    >>> [stem(w) for w in ["confusing", "confused", "confuses", "took", "easily"]]
    ['confus', 'confus', 'confus', 'take', 'easy']
    """
    if word in _IRREGULAR:
        base = _IRREGULAR[word]
        # identity entries protect a word from the suffix rules; others map an
        # irregular form onto its base form, which is then stemmed like any word
        return base if base == word else stem(base)
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix):
            if suffix == "s" and word.endswith(_KEEP_ENDING_S):
                continue
            base = word[: -len(suffix)] + replacement
            if len(base) >= 3:
                word = base
                break
    undoubled = _DOUBLE.sub(r"\1", word)
    if len(undoubled) >= 3:  # "stopped" -> stop, but "adds" -> add (not "ad")
        word = undoubled
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def normalise(text: str) -> str:
    """Lower-case ``text``, unify apostrophes and dashes, expand contractions, fix typos.

    Parameters
    ----------
    text : str
        Raw text.

    Returns
    -------
    str
        The normalised text (words separated by single spaces where changed).

    Examples
    --------
    >>> normalise("I couldn’t find it, teh app didnt load")
    'i could not find it, the app did not load'
    """
    text = text.translate(_APOSTROPHES).translate(_DASHES).lower()
    text = _ELONGATED.sub(r"\1\1", text)
    out = []
    for raw in text.split():
        word = raw
        core = word.strip('.,!?;:"()[]')
        if core in _CONTRACTIONS:
            word = word.replace(core, _CONTRACTIONS[core])
        elif core in _NO_APOSTROPHE:
            word = word.replace(core, _NO_APOSTROPHE[core])
        elif core in _TYPOS:
            word = word.replace(core, _TYPOS[core])
        elif "'" in core:
            if core.endswith("n't"):
                word = word.replace(core, core[:-3] + " not")
            elif core.endswith(("'m", "'d")):
                word = word.replace(core, core[:-2] + (" am" if core.endswith("'m") else " would"))
            elif core.endswith(("'re", "'ve", "'ll")):
                ending = {"'re": " are", "'ve": " have", "'ll": " will"}[core[-3:]]
                word = word.replace(core, core[:-3] + ending)
            elif core in {"it's", "that's", "what's", "there's", "here's", "he's", "she's"}:
                word = word.replace(core, core[:-2] + " is")
        out.append(word)
    return " ".join(out)


def tokenize(text: str) -> list[str]:
    """Split normalised text into word and punctuation tokens.

    Parameters
    ----------
    text : str
        Text, normalised or not (it is normalised first).

    Returns
    -------
    list of str
        Tokens; punctuation ``. ! ? ; : ,`` kept as tokens.

    Examples
    --------
    >>> tokenize("It wasn't cheap, but it works!")
    ['it', 'was', 'not', 'cheap', ',', 'but', 'it', 'works', '!']
    """
    return _TOKEN_RE.findall(normalise(text))


@dataclass(frozen=True)
class Prepared:
    """One sentence in the form every rule scorer reads.

    Attributes
    ----------
    text : str
        The original sentence.
    tokens : tuple of str
        Normalised tokens (see :func:`tokenize`).
    stems : tuple of str
        :func:`stem` of every token.
    negated : tuple of bool
        Whether each token lies in the scope of a preceding negator.
    clause_weight : tuple of float
        Weight of each token by its place around a contrast word: tokens before
        "but" count half, tokens after it one and a half times (as in VADER).
    compact : tuple of int or None
        Positions of the tokens that are not :data:`FILLERS` (None when the
        sentence has no filler), so that cue phrases can skip fillers.
    """

    text: str
    tokens: tuple[str, ...]
    stems: tuple[str, ...]
    negated: tuple[bool, ...]
    clause_weight: tuple[float, ...]
    compact: tuple[int, ...] | None = None

    @property
    def words(self) -> list[str]:
        """The word tokens, without punctuation."""
        return [t for t in self.tokens if t[0].isalnum()]


@lru_cache(maxsize=32768)
def prepare(text: str) -> Prepared:
    """Tokenise, stem and mark negation scope and contrast weights of one sentence.

    Results are cached by text, so every scorer that prepares the same sentence
    shares the work.

    Parameters
    ----------
    text : str
        One sentence.

    Returns
    -------
    Prepared
        The prepared sentence.

    Examples
    --------
    >>> p = prepare("Not happy, but the support was great")
    >>> list(zip(p.tokens, p.negated))[:3]
    [('not', False), ('happy', True), (',', False)]
    >>> p.clause_weight[0], p.clause_weight[-1]
    (0.5, 1.5)
    """
    tokens = tuple(tokenize(text))
    stems = tuple(stem(t) for t in tokens)
    negated = []
    remaining = 0
    for k, token in enumerate(tokens):
        if token in _SCOPE_BREAK:
            remaining = 0
            negated.append(False)
        elif token in NEGATORS:
            negated.append(remaining > 0)
            remaining = _NEGATION_SPAN
            if k + 1 < len(tokens) and tokens[k + 1] in _NEG_RAISING:
                # "I don't think it was risky": the negation reaches the clause it raises
                remaining = len(tokens)
        else:
            negated.append(remaining > 0)
            remaining = max(remaining - 1, 0)
    weights = [1.0] * len(tokens)
    if "but" in tokens:
        cut = tokens.index("but")
        weights = [0.5 if i < cut else 1.5 for i in range(len(tokens))]
    compact = None
    if not FILLERS.isdisjoint(tokens):
        compact = tuple(i for i, t in enumerate(tokens) if t not in FILLERS)
    return Prepared(text, tokens, stems, tuple(negated), tuple(weights), compact)


# -- cue lexicons -----------------------------------------------------------------------

_GAP = ".."
_ANY = "*"
_MAX_GAP = 3


def _pattern_stems(pattern: str) -> tuple[tuple[str, ...], bool]:
    """Stems of a pattern, and whether it names a filler word itself."""
    parts: list[str] = []
    has_filler = False
    for raw in pattern.split():
        if raw in (_GAP, _ANY):
            parts.append(raw)
        else:
            tokens = _TOKEN_RE.findall(normalise(raw))
            has_filler = has_filler or not FILLERS.isdisjoint(tokens)
            parts.extend(stem(t) for t in tokens)
    return tuple(parts), has_filler


@dataclass(frozen=True)
class CueMatch:
    """One match of a lexicon pattern in a prepared sentence."""

    start: int
    end: int
    row: int


class _PatternIndex:
    """Plain phrases as n-gram keys; wildcard patterns indexed by their first stem."""

    def __init__(self) -> None:
        self.exact: dict[tuple[str, ...], list[int]] = {}
        self.wild: dict[str, list[int]] = {}
        self.lengths: dict[str, tuple[int, ...]] = {}

    def add(self, parts: tuple[str, ...], row: int) -> None:
        if _GAP in parts or _ANY in parts:
            self.wild.setdefault(parts[0], []).append(row)
        else:
            self.exact.setdefault(parts, []).append(row)

    def finish(self) -> None:
        lengths: dict[str, set[int]] = {}
        for key in self.exact:
            lengths.setdefault(key[0], set()).add(len(key))
        self.lengths = {first: tuple(sorted(ls)) for first, ls in lengths.items()}


class CueMatcher:
    """Find the patterns of a cue lexicon in prepared sentences.

    Parameters
    ----------
    patterns : sequence of str
        Phrases; words are compared by stem, ``*`` is any one word, ``..`` a gap
        of zero to three words. A pattern may not start with ``*`` or ``..``.
        Spoken fillers (:data:`FILLERS`: "really", "actually", "quite" ...) in
        the sentence are skipped, so ``do not understand`` also matches "I don't
        really understand"; a pattern that names a filler itself ("actually
        listened") is matched word for word.

    Examples
    --------
    >>> m = CueMatcher(["took forever", "hard to ..", "support"])
    >>> [(x.row, x.start, x.end) for x in m.find(prepare("It was hard to figure out and took forever"))]
    [(1, 2, 4), (0, 7, 9)]
    >>> [(x.row, x.start, x.end) for x in m.find(prepare("It really took forever"))]
    [(0, 2, 4)]
    """

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = [str(p) for p in patterns]
        compiled = [_pattern_stems(p) for p in self.patterns]
        self._compiled = [c[0] for c in compiled]
        # patterns without fillers are matched on the sentence with its fillers skipped;
        # the few that name a filler, on the sentence as said
        self._plain = _PatternIndex()
        self._verbatim = _PatternIndex()
        for row, (parts, has_filler) in enumerate(compiled):
            if not parts or parts[0] in (_GAP, _ANY):
                raise PersonakitError(
                    f"Cue pattern {self.patterns[row]!r} is empty or starts with a wildcard; "
                    "start every pattern with a word."
                )
            (self._verbatim if has_filler else self._plain).add(parts, row)
        self._plain.finish()
        self._verbatim.finish()

    def _match_at(self, parts: tuple[str, ...], stems: tuple[str, ...], i: int) -> int:
        """Return the end of a match of ``parts`` starting at ``i``, or -1."""

        def rec(p: int, j: int) -> int:
            if p == len(parts):
                return j
            part = parts[p]
            if part == _GAP:
                # prefer the shortest gap that lets the rest match
                for skip in range(0, _MAX_GAP + 1):
                    if j + skip > len(stems):
                        break
                    if any(not stems[k][0].isalnum() for k in range(j, j + skip)):
                        break
                    end = rec(p + 1, j + skip)
                    if end >= 0:
                        return end
                return -1
            if j >= len(stems):
                return -1
            if part == _ANY:
                return rec(p + 1, j + 1) if stems[j][0].isalnum() else -1
            return rec(p + 1, j + 1) if stems[j] == part else -1

        return rec(0, i)

    def _scan(
        self, index: _PatternIndex, stems: tuple[str, ...], found: list[tuple[int, int, int]]
    ) -> None:
        n = len(stems)
        exact = index.exact
        wild = index.wild
        lengths = index.lengths
        for i in range(n):
            first = stems[i]
            for length in lengths.get(first, ()):
                if i + length > n:
                    break
                rows = exact.get(stems[i : i + length])
                if rows:
                    found.extend((i, i + length, row) for row in rows)
            for row in wild.get(first, ()):
                end = self._match_at(self._compiled[row], stems, i)
                if end > i:
                    found.append((i, end, row))

    def find(
        self, prepared: Prepared, *, longest: bool = True, same_span: bool = False
    ) -> list[CueMatch]:
        """Return the matches in one prepared sentence, in order of position.

        Parameters
        ----------
        prepared : Prepared
            From :func:`prepare`.
        longest : bool, default True
            Keep only the longest of overlapping matches (earlier wins a tie).
        same_span : bool, default False
            With ``longest``, also keep the other rows that match exactly the
            kept span: a pattern listed under several labels counts for each.

        Returns
        -------
        list of CueMatch
            ``start``/``end`` token positions and the lexicon ``row``.
        """
        stems = prepared.stems
        compact = prepared.compact
        raw: list[tuple[int, int, int]] = []
        if compact is None:
            self._scan(self._plain, stems, raw)
            found = [CueMatch(i, j, row) for i, j, row in raw]
        else:
            self._scan(self._plain, tuple(stems[k] for k in compact), raw)
            found = [CueMatch(compact[i], compact[j - 1] + 1, row) for i, j, row in raw]
            if self._verbatim.exact or self._verbatim.wild:
                raw = []
                self._scan(self._verbatim, stems, raw)
                found.extend(CueMatch(i, j, row) for i, j, row in raw)
        if not longest or len(found) < 2:
            return found
        found.sort(key=lambda m: (-(m.end - m.start), m.start, m.row))
        taken = [False] * len(stems)
        kept = []
        spans: set[tuple[int, int]] = set()
        for m in found:
            if same_span and (m.start, m.end) in spans:
                kept.append(m)  # the same phrase listed under another label counts for both
                continue
            if any(taken[m.start : m.end]):
                continue
            spans.add((m.start, m.end))
            for k in range(m.start, m.end):
                taken[k] = True
            kept.append(m)
        kept.sort(key=lambda m: (m.start, m.row))
        return kept


def negated_match(prepared: Prepared, match: CueMatch) -> bool:
    """Whether a negator governs ``match`` (the match itself holding no negator).

    A pattern that contains its own negation ("could not find") is read as
    written; otherwise a negator within three words before it flips it.
    """
    if any(t in NEGATORS for t in prepared.tokens[match.start : match.end]):
        return False
    return prepared.negated[match.start]


_LEXICON_DIR = "lexicons"


def lexicon_path(name: str) -> Path:
    """Path of a lexicon file shipped with personakit (``personakit/text/lexicons``)."""
    return Path(str(resources.files("personakit.text").joinpath(_LEXICON_DIR, name)))


def load_lexicon(
    source: str | Path | pd.DataFrame | None,
    default: str,
    required: Iterable[str],
    parameter: str,
) -> pd.DataFrame:
    """Read a cue lexicon (a DataFrame, a CSV path, or the shipped default).

    Parameters
    ----------
    source : str, Path, DataFrame or None
        ``None`` reads the shipped file ``default``.
    default : str
        File name under ``personakit/text/lexicons``.
    required : iterable of str
        Columns the lexicon must have.
    parameter : str
        The parameter name to cite in error messages.

    Returns
    -------
    pandas.DataFrame
        The lexicon with a fresh RangeIndex; blank cells are ``NA``; lines whose
        pattern starts with ``#`` are comments.
    """
    if source is None:
        source = lexicon_path(default)
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
        where = f"{parameter} (DataFrame)"
    else:
        path = Path(source)
        where = f"{parameter}={str(path)!r}"
        if not path.is_file():
            raise PersonakitError(f"{where}: no such lexicon file; give a CSV path or a DataFrame.")
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [
                r for r in csv.DictReader(handle) if not (r.get("pattern") or "").startswith("#")
            ]
        frame = pd.DataFrame(rows)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise PersonakitError(
            f"{where}: the lexicon lacks column(s) {missing}; it needs {sorted(required)}."
        )
    frame = frame.replace("", pd.NA).reset_index(drop=True)
    if frame["pattern"].isna().any():
        row = int(frame.index[frame["pattern"].isna()][0]) + 2
        raise PersonakitError(f"{where}: row {row} has an empty pattern; give a phrase.")
    return frame


def as_float(values: Any, where: str) -> list[float]:
    """Convert a lexicon column to floats, with a clear error naming the bad cell."""
    out = []
    for i, v in enumerate(values):
        try:
            out.append(float(v))
        except (TypeError, ValueError):
            raise PersonakitError(
                f"{where}: row {i + 2} has {v!r} where a number is expected."
            ) from None
    return out


@dataclass(frozen=True)
class CueTable:
    """A scorer's cue lexicon, compiled: the matcher, and per row its label index and weight."""

    source: int
    matcher: CueMatcher
    label: list[int]
    weight: list[float]


def cue_table(scorer: Any, default: str, column: str, labels: Sequence[str]) -> CueTable:
    """Compile ``scorer.lexicon`` (or the shipped ``default``) once; cached on the scorer.

    The lexicon has columns ``pattern``, ``column`` (one of ``labels``) and
    ``weight``. The cache is rebuilt when ``scorer.lexicon`` is replaced.
    """
    cached = getattr(scorer, "_cues", None)
    if cached is not None and cached.source == id(scorer.lexicon):
        return cached
    owner = type(scorer).__name__
    frame = load_lexicon(scorer.lexicon, default, ("pattern", column, "weight"), "lexicon")
    values = list(frame[column].astype(str))
    bad = sorted(set(values) - set(labels))
    if bad:
        raise PersonakitError(
            f"{owner} lexicon: unknown {column}(s) {bad}; use one of {list(labels)}."
        )
    table = CueTable(
        source=id(scorer.lexicon),
        matcher=CueMatcher(list(frame["pattern"].astype(str))),
        label=[list(labels).index(v) for v in values],
        weight=as_float(frame["weight"], f"{owner} lexicon, column 'weight'"),
    )
    scorer._cues = table
    return table

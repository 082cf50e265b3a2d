"""Built-in answer scales and the label matching that recognises them.

Text exports (Google Forms, Microsoft Forms, SurveyMonkey and Qualtrics "choice
text" exports) give Likert answers as labels, not codes, so their order has to
come from somewhere. personakit keeps a library of common answer scales
(:data:`BUILTIN_SCALES`) and matches the labels a question received against it.

How labels are compared
-----------------------
:func:`label_key` turns a label into a comparison key: HTML tags and entities
are removed, the text is normalised with Unicode NFKC (which turns no-break
spaces into spaces), curly quotes and dashes become straight ones, case is
folded, a numeric prefix such as ``"5 - "`` or ``"1 = "`` is dropped, and
punctuation and repeated whitespace are removed. ``"Don’t\\xa0know"``,
``"don't know"`` and ``"<b>Don't know</b>"`` all have the key ``"dont know"``.

How a scale is chosen
---------------------
:func:`match_scale` looks for scales in which *every* observed label has a
place, with no two different labels sharing a place. Among those it prefers
the scale whose points are best covered by the observed labels (so
``Strongly disagree / Disagree / Agree / Strongly agree`` is a 4-point scale,
not a 7-point one with three unused points), and among equally good ones the
first in library order (user scales come first). A question whose labels fit
no scale is *not* forced into one: the caller makes it nominal and warns when
most labels did look like a scale.

The library
-----------
agreement (3, 4, 5 and 7 points, with "somewhat"/"tend to" variants),
satisfaction (bipolar 4/5/7 points and unipolar), likelihood, importance,
frequency (never ... always, and calendar frequencies such as daily/weekly),
quality (poor ... excellent), ease (difficult ... easy), extent (not at all
... extremely), expectations, comparison (worse ... better), amount (too
little ... too much), purchase intent (definitely not ... definitely), and
unipolar "not at all X ... extremely X" scales for useful, helpful,
confident, familiar, interested, valuable, concerned, effective and
relevant. Midpoints accept "Neither ... nor ...", "Neutral" and "Undecided".

Examples
--------
>>> from personakit.scales import match_scale
>>> m = match_scale(["Agree", "Strongly agree", "Neutral", "Disagree", "Strongly disagree"])
>>> m.scale.name, m.levels[2]
('agree5', 'Neutral')
>>> match_scale(["Yes", "No"]) is None
True
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from personakit._errors import PersonakitError

__all__ = [
    "BUILTIN_SCALES",
    "Scale",
    "ScaleMatch",
    "clean_label",
    "get_scale",
    "label_key",
    "match_scale",
    "resolve_scales",
    "split_numeric_prefix",
]

# -- label normalisation ---------------------------------------------------------------

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u200b": "",
        "\ufeff": "",
    }
)
_TAG = re.compile(r"<[^<>]{0,200}>")
_SPACE = re.compile(r"\s+")
_PREFIX = re.compile(r"^\(?(-?\d{1,3})\)?\s*(?:[-=:.)]|\s)\s*([^\d\s].*)$")
_SUFFIX = re.compile(r"^(.*[^\d\s])\s*[(\[](-?\d{1,3})[)\]]$")
_PUNCT = re.compile(r"[^\w\s/+%<>-]")


def clean_label(text: Any) -> Any:
    """Tidy a label for display: strip HTML, normalise Unicode, quotes and whitespace.

    Case and wording are kept; only invisible or typographic differences go.

    Parameters
    ----------
    text : str
        A label as exported. Non-strings are returned unchanged.

    Returns
    -------
    str
        The tidied label.

    Examples
    --------
    >>> clean_label("  Don\\u2019t\\u00a0know <br>")
    "Don't know"
    >>> clean_label("Salt &amp; pepper")
    'Salt & pepper'
    """
    if not isinstance(text, str):
        return text
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return _SPACE.sub(" ", text).strip()


def split_numeric_prefix(text: str) -> tuple[int | None, str]:
    """Split a label such as ``"5 - Very important"`` into its code and its words.

    Recognised forms: ``"5 - words"``, ``"5 = words"``, ``"5: words"``,
    ``"5. words"``, ``"(5) words"``, ``"5 words"`` and ``"words (5)"``.

    Parameters
    ----------
    text : str
        The label.

    Returns
    -------
    tuple of (int or None, str)
        The numeric code (``None`` when there is none) and the remaining text.

    Examples
    --------
    >>> split_numeric_prefix("5 - It's extremely important")
    (5, "It's extremely important")
    >>> split_numeric_prefix("Agree")
    (None, 'Agree')
    >>> split_numeric_prefix("10 (Extremely likely)")
    (10, 'Extremely likely')
    """
    text = clean_label(text)
    match = _PREFIX.match(text)
    if match:
        rest = match.group(2).strip()
        if rest.startswith("(") and rest.endswith(")"):
            rest = rest[1:-1].strip()
        return int(match.group(1)), rest
    match = _SUFFIX.match(text) if len(text) <= 60 else None
    if match:
        return int(match.group(2)), match.group(1).strip()
    return None, text


def label_key(text: Any) -> str:
    """Comparison key of a label: tidied, case-folded, without numeric prefix or punctuation.

    Parameters
    ----------
    text : str
        A label.

    Returns
    -------
    str
        The key; two labels that mean the same answer have the same key.

    Examples
    --------
    >>> label_key("Don\\u2019t know")
    'dont know'
    >>> label_key("5 - Strongly agree!")
    'strongly agree'
    >>> label_key("N/A")
    'n/a'
    """
    if not isinstance(text, str):
        text = str(text)
    if len(text) > 200:
        return _label_key(text)
    return _cached_label_key(text)


def _label_key(text: str) -> str:
    code, rest = split_numeric_prefix(text)
    text = rest if code is not None and rest else clean_label(text)
    text = text.casefold().replace("&", " and ").replace("'", "")
    text = _PUNCT.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


_cached_label_key = lru_cache(maxsize=1 << 16)(_label_key)


# -- scales ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """An ordered answer scale: its labels from low to high and accepted variants.

    Parameters
    ----------
    name : str
        Short identifier, e.g. ``"agree5"``.
    labels : sequence of str
        The canonical labels, from the lowest (most negative) to the highest.
    family : str, optional
        What it measures (``"agreement"``, ``"satisfaction"``, ...).
    aliases : sequence of sequence of str, optional
        For each point, other wordings that mean the same answer (same length as
        ``labels``; use an empty tuple for a point without variants).

    Examples
    --------
    >>> s = Scale("fit3", ["Poor fit", "Some fit", "Great fit"], aliases=[(), ("Okay fit",), ()])
    >>> s.position("okay FIT")
    1
    >>> s.n_points
    3
    """

    name: str
    labels: tuple[str, ...]
    family: str = "custom"
    aliases: tuple[tuple[str, ...], ...] = ()
    _keys: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        labels = tuple(self.labels)
        if len(labels) < 2 or not all(isinstance(x, str) and x.strip() for x in labels):
            raise PersonakitError(
                f"Scale {self.name!r}: give at least two non-empty labels from low to high, "
                f"got {list(labels)!r}."
            )
        aliases = tuple(tuple(a) for a in self.aliases) or tuple(() for _ in labels)
        if len(aliases) != len(labels):
            raise PersonakitError(
                f"Scale {self.name!r}: aliases must have one entry per label ({len(labels)}), "
                f"got {len(aliases)}."
            )
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "aliases", aliases)
        keys: dict[str, int] = {}
        for position, (label, extra) in enumerate(zip(labels, aliases)):
            for wording in (label, *extra):
                key = label_key(wording)
                if key in keys and keys[key] != position:
                    raise PersonakitError(
                        f"Scale {self.name!r}: the wording {wording!r} is used for two points "
                        f"({labels[keys[key]]!r} and {label!r}); each wording must name one point."
                    )
                keys[key] = position
        object.__setattr__(self, "_keys", keys)

    @property
    def n_points(self) -> int:
        """Number of points on the scale."""
        return len(self.labels)

    def position(self, label: str) -> int | None:
        """0-based position of ``label`` on the scale, or ``None`` if it is not on it.

        Parameters
        ----------
        label : str
            An answer label in any accepted wording.

        Returns
        -------
        int or None
            The position (0 = lowest).

        Examples
        --------
        >>> get_scale("agree5").position("Neither agree nor disagree")
        2
        """
        return self._keys.get(label_key(label))


@dataclass(frozen=True)
class ScaleMatch:
    """The result of :func:`match_scale`.

    Attributes
    ----------
    scale : Scale
        The scale that fits best.
    positions : dict
        ``{observed label: 0-based position}`` for the observed labels on the scale.
    unmatched : list of str
        Observed labels that have no place on the scale (empty for a full match).
    levels : list of str
        The scale's labels in order, using the observed wording where a point was
        seen and the scale's own wording otherwise.
    reason : str
        A sentence saying why this scale was chosen.
    """

    scale: Scale
    positions: dict[str, int]
    unmatched: list[str]
    levels: list[str]
    reason: str

    @property
    def complete(self) -> bool:
        """True when every observed label has a place on the scale."""
        return not self.unmatched


def _bipolar(name, family, neg, pos, mid, *, strong=("Strongly",), points=5, somewhat=False):
    """Helper: bipolar scales such as Strongly disagree ... Strongly agree."""
    s = strong[0]
    neg_strong = (f"{s} {neg}", *[f"{w} {neg}" for w in strong[1:]], f"{neg} {s.lower()}")
    pos_strong = (f"{s} {pos}", *[f"{w} {pos}" for w in strong[1:]], f"{pos} {s.lower()}")
    mids = mid
    if points == 3:
        return Scale(
            name, (neg.capitalize(), mids[0], pos.capitalize()), family, ((), mids[1:], ())
        )
    if points == 4:
        inner_neg = (f"Somewhat {neg}",) if somewhat else (neg.capitalize(),)
        inner_pos = (f"Somewhat {pos}",) if somewhat else (pos.capitalize(),)
        labels = (neg_strong[0], inner_neg[0], inner_pos[0], pos_strong[0])
        aliases = (neg_strong[1:], _tend(neg, somewhat), _tend(pos, somewhat), pos_strong[1:])
        return Scale(name, labels, family, aliases)
    if points == 5:
        inner_neg = f"Somewhat {neg}" if somewhat else neg.capitalize()
        inner_pos = f"Somewhat {pos}" if somewhat else pos.capitalize()
        labels = (neg_strong[0], inner_neg, mids[0], inner_pos, pos_strong[0])
        aliases = (
            neg_strong[1:],
            _tend(neg, somewhat),
            mids[1:],
            _tend(pos, somewhat),
            pos_strong[1:],
        )
        return Scale(name, labels, family, aliases)
    labels = (
        neg_strong[0],
        neg.capitalize(),
        f"Somewhat {neg}",
        mids[0],
        f"Somewhat {pos}",
        pos.capitalize(),
        pos_strong[0],
    )
    aliases = (
        neg_strong[1:],
        (f"Moderately {neg}", f"Mostly {neg}"),
        (f"Slightly {neg}", f"Tend to {neg}", f"Mildly {neg}", f"A little {neg}"),
        mids[1:],
        (f"Slightly {pos}", f"Tend to {pos}", f"Mildly {pos}", f"A little {pos}"),
        (f"Moderately {pos}", f"Mostly {pos}"),
        pos_strong[1:],
    )
    return Scale(name, labels, family, aliases)


def _tend(word: str, somewhat: bool) -> tuple[str, ...]:
    if somewhat:
        return (f"Tend to {word}", f"Slightly {word}", f"Mildly {word}", f"Partly {word}")
    return ()


def _qualtrics7(name, family, neg, pos, mid):
    """Extremely / Moderately / Slightly neg, Neither, Slightly / Moderately / Extremely pos."""
    labels = (
        f"Extremely {neg}",
        f"Moderately {neg}",
        f"Slightly {neg}",
        mid[0],
        f"Slightly {pos}",
        f"Moderately {pos}",
        f"Extremely {pos}",
    )
    aliases = (
        (f"Very {neg}", f"Completely {neg}"),
        (),
        (),
        mid[1:],
        (),
        (),
        (f"Very {pos}", f"Completely {pos}"),
    )
    return Scale(name, labels, family, aliases)


def _unipolar(name, family, adj, *, extra_top=(), extra_bottom=(), extra_mid=()):
    """Not at all / Slightly / Moderately / Very / Extremely <adj>."""
    labels = (
        f"Not at all {adj}",
        f"Slightly {adj}",
        f"Moderately {adj}",
        f"Very {adj}",
        f"Extremely {adj}",
    )
    aliases = (
        (f"Not {adj}", *extra_bottom),
        (f"A little {adj}", f"Not very {adj}"),
        (f"Somewhat {adj}", f"Fairly {adj}", *extra_mid),
        (),
        (f"Completely {adj}", *extra_top),
    )
    return Scale(name, labels, family, aliases)


def _neither(neg: str, pos: str) -> tuple[str, ...]:
    return (
        f"Neither {pos} nor {neg}",
        f"Neither {neg} nor {pos}",
        f"Neither {pos} or {neg}",
        f"Neither {neg} or {pos}",
        "Neutral",
        "Undecided",
        "Neither",
    )


def _library() -> dict[str, Scale]:
    agree_mid = _neither("disagree", "agree")
    sat_mid = _neither("dissatisfied", "satisfied")
    like_mid = _neither("unlikely", "likely")
    ease_mid = _neither("difficult", "easy")
    strong = ("Strongly", "Completely", "Totally")
    scales = [
        # agreement
        _bipolar("agree5", "agreement", "disagree", "agree", agree_mid, strong=strong),
        _bipolar(
            "agree5s", "agreement", "disagree", "agree", agree_mid, strong=strong, somewhat=True
        ),
        _bipolar("agree7", "agreement", "disagree", "agree", agree_mid, strong=strong, points=7),
        _bipolar("agree4", "agreement", "disagree", "agree", agree_mid, strong=strong, points=4),
        _bipolar(
            "agree4s",
            "agreement",
            "disagree",
            "agree",
            agree_mid,
            strong=strong,
            points=4,
            somewhat=True,
        ),
        _bipolar("agree3", "agreement", "disagree", "agree", agree_mid, points=3),
        # satisfaction
        _bipolar(
            "satisfied5",
            "satisfaction",
            "dissatisfied",
            "satisfied",
            sat_mid,
            strong=("Very", "Extremely", "Completely"),
        ),
        _bipolar(
            "satisfied5s",
            "satisfaction",
            "dissatisfied",
            "satisfied",
            sat_mid,
            strong=("Extremely", "Very", "Completely"),
            somewhat=True,
        ),
        _qualtrics7("satisfied7", "satisfaction", "dissatisfied", "satisfied", sat_mid),
        _bipolar(
            "satisfied7b",
            "satisfaction",
            "dissatisfied",
            "satisfied",
            sat_mid,
            strong=("Very", "Extremely", "Completely"),
            points=7,
        ),
        _bipolar(
            "satisfied4",
            "satisfaction",
            "dissatisfied",
            "satisfied",
            sat_mid,
            strong=("Very", "Extremely"),
            points=4,
        ),
        _bipolar("satisfied3", "satisfaction", "dissatisfied", "satisfied", sat_mid, points=3),
        _unipolar("satisfied_unipolar5", "satisfaction", "satisfied"),
        # likelihood
        Scale(
            "likely5",
            ("Very unlikely", "Unlikely", "Neither likely nor unlikely", "Likely", "Very likely"),
            "likelihood",
            (
                ("Extremely unlikely", "Highly unlikely", "Very unlikely"),
                ("Somewhat unlikely", "Fairly unlikely"),
                like_mid[1:],
                ("Somewhat likely", "Fairly likely"),
                ("Extremely likely", "Highly likely"),
            ),
        ),
        _qualtrics7("likely7", "likelihood", "unlikely", "likely", like_mid),
        _bipolar(
            "likely7b",
            "likelihood",
            "unlikely",
            "likely",
            like_mid,
            strong=("Very", "Highly"),
            points=7,
        ),
        _bipolar(
            "likely4",
            "likelihood",
            "unlikely",
            "likely",
            like_mid,
            strong=("Very", "Extremely", "Highly"),
            points=4,
        ),
        _unipolar("likely_unipolar5", "likelihood", "likely"),
        # importance
        _unipolar(
            "important5",
            "importance",
            "important",
            extra_top=("Critical", "Essential", "Absolutely essential"),
            extra_bottom=("Unimportant", "Not important at all"),
            extra_mid=("Of some importance",),
        ),
        Scale(
            "important5b",
            (
                "Very unimportant",
                "Unimportant",
                "Neither important nor unimportant",
                "Important",
                "Very important",
            ),
            "importance",
            (
                ("Not at all important",),
                ("Somewhat unimportant", "Of little importance"),
                _neither("unimportant", "important")[1:],
                ("Somewhat important",),
                ("Extremely important",),
            ),
        ),
        Scale(
            "important4",
            ("Not at all important", "Not very important", "Fairly important", "Very important"),
            "importance",
            (
                ("Not important",),
                ("Slightly important",),
                ("Somewhat important", "Quite important"),
                (),
            ),
        ),
        Scale(
            "important3",
            ("Not important", "Somewhat important", "Very important"),
            "importance",
            (
                ("Not at all important", "Unimportant"),
                ("Moderately important",),
                ("Extremely important",),
            ),
        ),
        # frequency
        Scale(
            "frequency5",
            ("Never", "Rarely", "Sometimes", "Often", "Always"),
            "frequency",
            (
                (),
                ("Seldom", "Almost never", "Hardly ever"),
                ("Occasionally", "Now and then", "About half the time"),
                ("Frequently", "Usually", "Most of the time", "Very often", "Regularly"),
                ("Almost always", "All the time", "Every time"),
            ),
        ),
        Scale(
            "frequency4",
            ("Never", "Rarely", "Sometimes", "Often"),
            "frequency",
            (
                (),
                ("Seldom", "Almost never", "Hardly ever"),
                ("Occasionally",),
                ("Frequently", "Usually", "Regularly", "Very often"),
            ),
        ),
        Scale(
            "frequency5b",
            ("Never", "Rarely", "Sometimes", "Often", "Very often"),
            "frequency",
            (
                (),
                ("Seldom", "Almost never"),
                ("Occasionally",),
                ("Frequently", "Fairly often"),
                ("Very frequently", "Always", "All the time"),
            ),
        ),
        Scale(
            "frequency_period5",
            ("Never", "Less than once a month", "Monthly", "Weekly", "Daily"),
            "frequency",
            (
                (),
                (
                    "Less often",
                    "Less than monthly",
                    "Rarely",
                    "A few times a year",
                    "Once a year or less",
                    "Yearly",
                    "Quarterly",
                ),
                (
                    "Once a month",
                    "About once a month",
                    "Every month",
                    "A few times a month",
                    "Several times a month",
                ),
                (
                    "Once a week",
                    "About once a week",
                    "Every week",
                    "A few times a week",
                    "Several times a week",
                ),
                (
                    "Every day",
                    "Once a day",
                    "Several times a day",
                    "Multiple times a day",
                    "Every day or almost every day",
                    "Almost every day",
                ),
            ),
        ),
        Scale(
            "frequency_period7",
            (
                "Never",
                "Less than once a month",
                "Once a month",
                "2-3 times a month",
                "Once a week",
                "2-3 times a week",
                "Daily",
            ),
            "frequency",
            (
                (),
                ("Less often", "Less than monthly", "Rarely"),
                ("Monthly", "About once a month"),
                ("A few times a month", "Several times a month", "2 to 3 times a month"),
                ("Weekly", "About once a week"),
                ("A few times a week", "Several times a week", "2 to 3 times a week"),
                ("Every day", "Once a day", "Several times a day", "Multiple times a day"),
            ),
        ),
        # quality
        Scale(
            "quality5",
            ("Poor", "Fair", "Good", "Very good", "Excellent"),
            "quality",
            ((), (), (), (), ("Outstanding",)),
        ),
        Scale("quality4", ("Poor", "Fair", "Good", "Excellent"), "quality"),
        Scale(
            "quality5b",
            ("Very poor", "Poor", "Average", "Good", "Excellent"),
            "quality",
            (
                ("Terrible", "Very bad"),
                ("Bad", "Below average"),
                ("Fair", "Okay", "OK", "Acceptable", "Adequate"),
                ("Above average",),
                ("Very good", "Outstanding"),
            ),
        ),
        # ease
        _bipolar("easy5", "ease", "difficult", "easy", ease_mid, strong=("Very", "Extremely")),
        _bipolar(
            "easy5s",
            "ease",
            "difficult",
            "easy",
            ease_mid,
            strong=("Very", "Extremely"),
            somewhat=True,
        ),
        _qualtrics7("easy7", "ease", "difficult", "easy", ease_mid),
        _bipolar(
            "easy7b", "ease", "difficult", "easy", ease_mid, strong=("Very", "Extremely"), points=7
        ),
        _bipolar(
            "easy4", "ease", "difficult", "easy", ease_mid, strong=("Very", "Extremely"), points=4
        ),
        # extent
        Scale(
            "extent5",
            ("Not at all", "A little", "Somewhat", "Quite a bit", "Extremely"),
            "extent",
            (
                ("Not at all true", "None at all"),
                ("To a small extent", "Slightly", "A bit", "Very little", "To a little extent"),
                ("To some extent", "Moderately", "To a moderate extent", "Some"),
                ("To a large extent", "A lot", "Very much", "Mostly", "To a great extent"),
                (
                    "To a very great extent",
                    "To a very large extent",
                    "Completely",
                    "Entirely",
                    "Extremely so",
                ),
            ),
        ),
        # expectations and comparisons
        Scale(
            "expectation5",
            (
                "Much worse than expected",
                "Somewhat worse than expected",
                "About as expected",
                "Somewhat better than expected",
                "Much better than expected",
            ),
            "expectation",
            (
                ("Far below expectations", "Much worse than I expected"),
                ("Worse than expected", "Below expectations", "Slightly worse than expected"),
                ("As expected", "Met expectations", "Met my expectations", "About what I expected"),
                ("Better than expected", "Above expectations", "Slightly better than expected"),
                (
                    "Far above expectations",
                    "Far exceeded expectations",
                    "Much better than I expected",
                ),
            ),
        ),
        Scale(
            "comparison5",
            ("Much worse", "Somewhat worse", "About the same", "Somewhat better", "Much better"),
            "comparison",
            (
                (),
                ("Worse", "Slightly worse", "A little worse"),
                ("The same", "No different", "No change", "Same"),
                ("Better", "Slightly better", "A little better"),
                (),
            ),
        ),
        Scale(
            "amount3",
            ("Too little", "About right", "Too much"),
            "amount",
            (
                ("Not enough", "Too few", "Too low"),
                ("Just right", "Right amount", "About the right amount"),
                ("Too many", "Too high"),
            ),
        ),
        Scale(
            "amount5",
            ("Far too little", "Too little", "About right", "Too much", "Far too much"),
            "amount",
            (
                ("Much too little", "Far too few"),
                ("Not enough", "Too few", "A little too little"),
                ("Just right", "About the right amount"),
                ("Too many", "A little too much"),
                ("Much too much", "Far too many"),
            ),
        ),
        Scale(
            "intent5",
            ("Definitely not", "Probably not", "Might or might not", "Probably", "Definitely"),
            "intent",
            (
                (
                    "Definitely would not",
                    "Definitely will not",
                    "Definitely wont",
                    "Definitely wouldnt",
                ),
                ("Probably would not", "Probably will not", "Probably wont", "Probably wouldnt"),
                ("Maybe", "Might or might not", "May or may not", "Unsure either way"),
                ("Probably would", "Probably will", "Probably yes"),
                ("Definitely would", "Definitely will", "Definitely yes", "Yes definitely"),
            ),
        ),
    ]
    for adj in (
        "useful",
        "helpful",
        "confident",
        "familiar",
        "interested",
        "valuable",
        "concerned",
        "effective",
        "relevant",
    ):
        scales.append(_unipolar(f"{adj}5", adj, adj))
    scales.append(
        Scale(
            "useful3",
            ("Not useful", "Somewhat useful", "Very useful"),
            "useful",
            (
                ("Not at all useful",),
                ("Moderately useful", "Slightly useful"),
                ("Extremely useful",),
            ),
        )
    )
    return {s.name: s for s in scales}


BUILTIN_SCALES: dict[str, Scale] = _library()
"""The built-in scales by name, in matching priority order."""


def get_scale(name: str) -> Scale:
    """Return the built-in scale called ``name``.

    Parameters
    ----------
    name : str
        A key of :data:`BUILTIN_SCALES`, e.g. ``"agree5"``.

    Returns
    -------
    Scale
        The scale.

    Raises
    ------
    PersonakitError
        For an unknown name; the message lists the known ones.

    Examples
    --------
    >>> get_scale("satisfied5").labels[0]
    'Very dissatisfied'
    """
    try:
        return BUILTIN_SCALES[name]
    except (KeyError, TypeError):
        raise PersonakitError(
            f"Unknown scale {name!r}: use one of {sorted(BUILTIN_SCALES)} or give the labels "
            "from low to high as a list."
        ) from None


def resolve_scales(scales: Any) -> list[Scale]:
    """Turn the ``scales=`` argument of :func:`personakit.read_survey` into scales.

    Parameters
    ----------
    scales : dict, sequence or None
        ``{name: [labels low to high]}``, a list of :class:`Scale`, a list of label
        lists (named ``custom1``, ``custom2``, ...), or ``None``.

    Returns
    -------
    list of Scale
        User scales, in the order given; they are tried before the built-in ones.

    Examples
    --------
    >>> [s.name for s in resolve_scales({"fit": ["Bad fit", "Good fit"]})]
    ['fit']
    """
    if scales is None:
        return []
    out: list[Scale] = []
    if isinstance(scales, Mapping):
        for name, labels in scales.items():
            if isinstance(labels, Scale):
                out.append(labels)
            elif isinstance(labels, str):
                out.append(get_scale(labels))
            else:
                out.append(Scale(str(name), tuple(_as_label_list(labels, f"scales[{name!r}]"))))
        return out
    if isinstance(scales, str | Scale):
        scales = [scales]
    for i, item in enumerate(scales):
        if isinstance(item, Scale):
            out.append(item)
        elif isinstance(item, str):
            out.append(get_scale(item))
        else:
            out.append(Scale(f"custom{i + 1}", tuple(_as_label_list(item, f"scales[{i}]"))))
    return out


def _as_label_list(labels: Any, where: str) -> list[str]:
    if isinstance(labels, str) or not isinstance(labels, Iterable):
        raise PersonakitError(
            f"{where} must be a list of answer labels from low to high, got {labels!r}."
        )
    out = [str(x) for x in labels]
    if len(out) < 2:
        raise PersonakitError(f"{where} needs at least two labels, got {out!r}.")
    return out


def match_scale(
    labels: Iterable[str],
    *,
    scales: Sequence[Scale] = (),
    builtin: bool = True,
    counts: Mapping[str, int] | None = None,
) -> ScaleMatch | None:
    """Find the answer scale that the observed ``labels`` belong to.

    Parameters
    ----------
    labels : iterable of str
        The distinct answers a question received (missing codes removed).
    scales : sequence of Scale, optional
        User scales, tried before the built-in ones.
    builtin : bool, default True
        Also try :data:`BUILTIN_SCALES`.
    counts : mapping, optional
        ``{label: count}``; when several wordings of one point were seen, the most
        frequent one names the level.

    Returns
    -------
    ScaleMatch or None
        The complete match with the best coverage if there is one; otherwise the
        partial match that places the most labels (``unmatched`` non-empty), or
        ``None`` when fewer than two distinct labels fit any scale (one label alone
        says nothing about an order).

    Examples
    --------
    >>> m = match_scale(["Rarely", "Never", "Frequently", "Sometimes"])
    >>> m.scale.name, m.levels
    ('frequency4', ['Never', 'Rarely', 'Sometimes', 'Frequently'])
    >>> partial = match_scale(["Agree", "Strongly agree", "Kinda agree"])
    >>> partial.complete, partial.unmatched
    (False, ['Kinda agree'])
    """
    observed = [x for x in dict.fromkeys(labels) if isinstance(x, str) and x.strip()]
    if not observed:
        return None
    keys = {label: label_key(label) for label in observed}
    candidates = list(scales) + (list(BUILTIN_SCALES.values()) if builtin else [])
    best_full: tuple[tuple[float, int], Scale, dict[str, int]] | None = None
    best_partial: tuple[tuple[int, float, int], Scale, dict[str, int]] | None = None
    for rank, scale in enumerate(candidates):
        positions: dict[str, int] = {}
        for label, key in keys.items():
            pos = scale._keys.get(key)
            if pos is not None:
                positions[label] = pos
        if len(positions) < 2:
            continue
        # two different wordings on one point make the scale a bad fit
        by_point: dict[int, set[str]] = {}
        for label, pos in positions.items():
            by_point.setdefault(pos, set()).add(keys[label])
        if any(len(v) > 1 for v in by_point.values()):
            continue
        coverage = len(by_point) / scale.n_points
        if len(positions) == len(observed):
            score = (coverage, -rank)
            if best_full is None or score > best_full[0]:
                best_full = (score, scale, positions)
        else:
            pscore = (len(positions), coverage, -rank)
            if best_partial is None or pscore > best_partial[0]:
                best_partial = (pscore, scale, positions)
    if best_full is not None:
        _, scale, positions = best_full
        unmatched: list[str] = []
    elif best_partial is not None:
        _, scale, positions = best_partial
        unmatched = [x for x in observed if x not in positions]
    else:
        return None
    levels = list(scale.labels)
    chosen: dict[int, tuple[int, str]] = {}
    for label, pos in positions.items():
        n = (counts or {}).get(label, 0)
        shown = clean_label(label)
        if pos not in chosen or n > chosen[pos][0]:
            chosen[pos] = (n, shown)
    for pos, (_, shown) in chosen.items():
        levels[pos] = shown
    seen = len(set(positions.values()))
    where = "user scale" if scale in scales else "built-in scale"
    reason = f"answers match the {where} {scale.name} ({seen} of {scale.n_points} points seen)"
    if unmatched:
        reason = (
            f"{len(positions)} of {len(observed)} answers match the {where} {scale.name}, "
            f"but {unmatched[:3]!r} do not"
        )
    return ScaleMatch(scale, positions, unmatched, levels, reason)

"""Template expansion and human-looking perturbations for generated text.

Templates use two bits of syntax:

- ``{a|b|c}`` picks one alternative (alternatives may themselves contain
  templates);
- ``[text]`` includes ``text`` half of the time.

All randomness comes from the ``random.Random`` passed in, so the same seed gives
the same text.
"""

from __future__ import annotations

import random
import re

__all__ = ["expand", "spoken", "written", "join_sentences"]


def _parse(template: str, pos: int, stop: str) -> tuple[list, int]:
    """Parse ``template`` from ``pos`` into a node list, up to a char in ``stop``."""
    nodes: list = []
    buf: list[str] = []
    while pos < len(template):
        ch = template[pos]
        if ch in stop:
            break
        if ch == "{":
            if buf:
                nodes.append("".join(buf))
                buf = []
            options = []
            pos += 1
            while True:
                option, pos = _parse(template, pos, "|}")
                options.append(option)
                if pos >= len(template):
                    raise ValueError(f"unclosed '{{' in template {template!r}")
                if template[pos] == "}":
                    pos += 1
                    break
                pos += 1  # skip '|'
            nodes.append(("alt", options))
            continue
        if ch == "[":
            if buf:
                nodes.append("".join(buf))
                buf = []
            inner, pos = _parse(template, pos + 1, "]")
            if pos >= len(template):
                raise ValueError(f"unclosed '[' in template {template!r}")
            nodes.append(("opt", inner))
            pos += 1
            continue
        buf.append(ch)
        pos += 1
    if buf:
        nodes.append("".join(buf))
    return nodes, pos


def _render(nodes: list, rng: random.Random) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node[0] == "alt":
            out.append(_render(rng.choice(node[1]), rng))
        elif rng.random() < 0.5:
            out.append(_render(node[1], rng))
    return "".join(out)


_CACHE: dict[str, list] = {}


def expand(template: str, rng: random.Random) -> str:
    """Expand ``{a|b}`` alternatives and ``[optional]`` parts of a template."""
    nodes = _CACHE.get(template)
    if nodes is None:
        nodes, pos = _parse(template, 0, "")
        if pos != len(template):  # pragma: no cover - defensive
            raise ValueError(f"stray character in template {template!r}")
        _CACHE[template] = nodes
    text = _render(nodes, rng)
    text = re.sub(r"\s{2,}", " ", text).strip()
    return re.sub(r"\s+([,.!?])", r"\1", text)


# Words that keep their capital letter when a hedge is put in front of them.
_KEEP_CAPITAL = re.compile(
    r"^(I|I'm|I've|I'd|I'll|Slotwise|Instagram|Facebook|Google|TikTok|YouTube|Bookaroo|"
    r"Chairly|PlanPal|Capterra|G2|Enterprise|Business|Pro|Starter|Monday|Sunday|Sundays|"
    r"Saturday|Saturdays|CPD|API|IT|MSA|SSO|CSV)\b"
)


def _decapitalise(text: str) -> str:
    if not text or _KEEP_CAPITAL.match(text):
        return text
    if len(text) > 1 and text[1].isupper():  # an acronym
        return text
    return text[0].lower() + text[1:]


def join_sentences(parts: list[str]) -> str:
    """Join sentences with single spaces, adding a full stop where one is missing."""
    out = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and out[-1][-1] not in ".!?":
            out[-1] += "."
        out.append(part)
    return " ".join(out)


_WRITTEN_HEDGES = (
    "Honestly, ",
    "I guess ",
    "To be fair, ",
    "tbh ",
    "Not gonna lie, ",
    "I mean, ",
    "Hmm. ",
    "Well, ",
    "Ok so ",
    "Hard to say but ",
    "I suppose ",
    "For me, ",
)
_WRITTEN_ASIDES = (
    " Just my two cents.",
    " Anyway, that's my feedback.",
    " Hope that helps.",
    " Sorry for the essay.",
    " If that makes sense.",
    " That's about it.",
    " Anyway.",
)
_MISSPELL = (
    ("definitely", "definately"),
    ("separate", "seperate"),
    ("a lot", "alot"),
    ("because", "becuase"),
    ("really", "realy"),
    ("receive", "recieve"),
    ("probably", "probly"),
    ("business", "buisness"),
    ("appointments", "appointmnets"),
    ("though", "tho"),
    ("you", "u"),
    ("to be honest", "tbh"),
)


def _typo(text: str, rng: random.Random) -> str:
    words = list(re.finditer(r"[A-Za-z]{5,}", text))
    if not words:
        return text
    m = rng.choice(words)
    w = m.group(0)
    i = rng.randrange(1, len(w) - 2)
    kind = rng.randrange(3)
    if kind == 0:  # swap two letters
        new = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    elif kind == 1:  # drop a letter
        new = w[:i] + w[i + 1 :]
    else:  # double a letter
        new = w[: i + 1] + w[i] + w[i + 1 :]
    return text[: m.start()] + new + text[m.end() :]


def written(text: str, rng: random.Random, *, hedge: float = 0.22, mess: float = 1.0) -> str:
    """Make ``text`` look typed into a survey box: hedges, asides, typos, lowercase.

    ``mess`` scales the probability of every perturbation (0 = leave it alone).
    """
    if rng.random() < hedge * mess and not text.lower().startswith(("honestly", "i guess")):
        text = rng.choice(_WRITTEN_HEDGES) + _decapitalise(text)
    if rng.random() < 0.10 * mess:
        text += rng.choice(_WRITTEN_ASIDES)
    if rng.random() < 0.10 * mess:
        wrong, right = None, None
        for good, bad in rng.sample(_MISSPELL, len(_MISSPELL)):
            if re.search(rf"\b{re.escape(good)}\b", text):
                wrong, right = good, bad
                break
        if wrong:
            text = re.sub(rf"\b{re.escape(wrong)}\b", right, text, count=1)
    if rng.random() < 0.12 * mess:
        text = _typo(text, rng)
    r = rng.random()
    if r < 0.11 * mess:
        text = text.lower()
    elif r < 0.14 * mess:
        text = text.replace(". ", ".  ", 1)
    if rng.random() < 0.18 * mess and text.endswith("."):
        text = text[:-1]
    elif rng.random() < 0.04 * mess and text.endswith("."):
        text = text[:-1] + "..."
    return text


_SPOKEN_OPENERS = (
    "Yeah, so ",
    "Um, ",
    "Oh, ",
    "Right, so ",
    "So ",
    "I mean, ",
    "Okay, so ",
    "Mm, ",
    "Uh, ",
    "Yeah. ",
    "Well, ",
    "Good question. ",
)
_SPOKEN_FILLERS = ("you know, ", "like, ", "I guess ", "sort of ", "kind of ", "I think ")


def spoken(text: str, rng: random.Random, *, opener: float = 0.45) -> str:
    """Make ``text`` sound like a transcribed answer: openers, fillers, false starts."""
    if rng.random() < opener:
        lead = rng.choice(_SPOKEN_OPENERS)
        text = lead + (text if lead.endswith(". ") else _decapitalise(text))
    if rng.random() < 0.3:
        # a filler after a comma, before a clause (not inside a list)
        commas = [
            m.end()
            for m in re.finditer(r", (?=(?:and|but|so|which|because|I|it|they|then|we)\b)", text)
        ]
        if commas:
            at = rng.choice(commas)
            text = text[:at] + rng.choice(_SPOKEN_FILLERS) + text[at:]
    if rng.random() < 0.07:
        # a false start: "I, I was..."
        m = re.search(r"\b(I|we|it|the)\b ", text)
        if m:
            text = text[: m.start()] + m.group(1) + ", " + text[m.start() :]
    return text

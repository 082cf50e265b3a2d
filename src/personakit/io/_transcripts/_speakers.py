"""Telling a speaker label from speech: ``Name: text`` prefixes and their pitfalls.

Zoom cues, plain-text transcripts, SRT files and Google Meet documents put
the speaker in front of the text, separated by a colon (ASCII ``:`` or the
fullwidth ``：``). People also say "Honestly: I never found it". A prefix is
taken as a speaker only when it looks like a display name:

- at most 6 words and 64 characters, no ``?``, ``!``, ``;`` or quotes, not
  ending in ``.``/``,``;
- no digits, except generic labels (``Speaker 2``, ``P3``, ``Participant 1``);
- not a discourse word or phrase from a stop-list (Honestly, Note, Okay,
  Basically, "long story short", German/Spanish/French equivalents), and no
  English function words (``the``, ``my``, ``was``, ...) among its words;
- and, over the whole file, the label recurs (two or more times), or is a
  full name of two or more capitalised words, or is a generic label, or was
  given by the user (``participants=`` / ``interviewers=`` / ``roles=``), or
  fewer than two labels pass these tests (a short file).

Display names keep their case and commas ("Lee, Dana"); a trailing
``(Guest)`` / ``(External)`` marker is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

__all__ = [
    "GENERIC_ROLE",
    "display_name",
    "generic_role",
    "is_plausible_name",
    "name_key",
    "accepted_labels",
    "split_prefix",
]

_GUEST = re.compile(
    r"\s*[\(\[](?:guest|external|extern|gast|invité|invitée|invitado|invitada|convidado|"
    r"unverified|non vérifié)[\)\]]\s*$",
    re.IGNORECASE,
)

# Discourse words and phrases that people put in front of a colon when speaking.
_STOP_WORDS = {
    # English
    "honestly", "frankly", "seriously", "basically", "actually", "anyway", "anyways", "okay",
    "ok", "so", "well", "note", "notes", "update", "edit", "example", "examples", "summary",
    "tip", "warning", "caution", "important", "ps", "p.s", "re", "fyi", "nb", "btw", "look",
    "listen", "yes", "yeah", "yep", "no", "nope", "right", "sure", "also", "plus", "first",
    "second", "third", "finally", "lastly", "then", "now", "today", "yesterday", "tomorrow",
    "answer", "problem", "issue", "result", "results", "reason", "question", "questions",
    "solution", "verdict", "conclusion", "context", "background", "goal", "goals", "idea",
    "todo", "to-do", "action", "actions", "agenda", "attendees", "participants", "date", "time",
    "location", "topic", "subject", "title", "recording", "transcript", "meeting", "duration",
    "hint", "spoiler", "disclaimer", "true", "false", "wow", "oh", "hmm", "um", "uh", "like",
    "quote", "because", "but", "and", "or", "again", "meaning", "translation", "definitely",
    "absolutely", "totally", "exactly", "obviously", "clearly", "truthfully", "admittedly",
    "personally", "ideally", "realistically", "technically", "literally", "surprisingly",
    "interestingly", "luckily", "unfortunately", "fortunately", "sadly", "thankfully",
    "whatever", "anyhow", "otherwise", "meanwhile", "instead", "however", "therefore",
    "price", "pricing", "cost", "costs", "pros", "cons", "step", "steps", "reminder",
    # German
    "ehrlich", "ehrlich gesagt", "naja", "achtung", "hinweis", "beispiel", "ja", "nein",
    "genau", "übrigens", "jedenfalls", "frage", "antwort", "ergebnis", "fazit",
    # Spanish
    "bueno", "pues", "honestamente", "sinceramente", "nota", "ejemplo", "sí", "si", "claro",
    "vale", "oye", "mira", "pregunta", "respuesta", "resumen",
    # French
    "honnêtement", "franchement", "alors", "donc", "bref", "bon", "voilà", "remarque",
    "exemple", "oui", "non", "enfin", "réponse", "résumé", "attention",
    # Portuguese / Italian / Dutch
    "então", "sim", "não", "allora", "quindi", "ecco", "nou", "dus", "eigenlijk",
}  # fmt: skip
_STOP_PHRASES = {
    "long story short", "bottom line", "fun fact", "side note", "true story", "plot twist",
    "quick question", "one thing", "first thing", "the thing is", "thing is", "my point",
    "the point", "the problem", "the issue", "spoiler alert", "pro tip", "hot take",
    "real talk", "fair enough", "that said", "my take", "my answer", "short answer",
    "long answer", "first of all", "key takeaway", "to be fair", "to be honest", "in short",
    "in summary", "in other words", "for example", "for instance", "the answer", "the reason",
    "the truth", "the catch", "the good news", "the bad news", "action items", "next steps",
    "follow up", "follow-up", "key points", "main point", "my question", "one question",
    "good question", "last question", "ehrlich gesagt", "zum beispiel", "por ejemplo",
    "la verdad", "par exemple", "en fait", "du coup",
}  # fmt: skip
# English function words: a display name does not contain them as separate words.
_FUNCTION_WORDS = {
    "i", "i'm", "im", "i've", "i'd", "we", "you", "they", "he", "she", "it", "it's", "its",
    "the", "a", "an", "and", "but", "or", "so", "my", "our", "your", "their", "his", "her",
    "this", "that", "these", "those", "is", "was", "are", "were", "be", "been", "am", "to",
    "of", "in", "on", "at", "for", "with", "as", "by", "from", "if", "then", "when", "what",
    "why", "how", "which", "who", "not", "no", "yes", "just", "really", "very", "also",
    "there", "here", "all", "some", "any", "thing", "things", "me", "us", "them", "do",
    "did", "does", "have", "had", "has", "will", "would", "can", "could", "should", "like",
    "well", "okay", "ok", "um", "uh", "said", "says", "say", "about", "into", "than",
    "because", "only", "even", "still", "much", "more", "most", "too", "again", "out", "up",
    "after", "before", "since", "until", "over", "during", "while", "where", "ended", "started",
}  # fmt: skip

_GENERIC = re.compile(
    r"^(?:(?P<int>interviewer|moderator|facilitator|researcher|host|int|mod|q|i)"
    r"|(?P<par>participant|respondent|interviewee|customer|user|guest|resp|p|r|a)"
    r"|(?P<unk>speaker|person|unknown speaker|unknown|voice|spk))"
    r"(?:[ _-]?(?P<num>\d{1,3}))?$",
    re.IGNORECASE,
)
GENERIC_ROLE = {"int": "interviewer", "par": "participant", "unk": None}

_BAD_CHARS = re.compile(r"[?!;\"“”«»<>=/\\|{}\[\]#@$%^&+]|https?|www\.|\.\.|--")


def display_name(label: str) -> str:
    """The speaker label as shown to users: whitespace collapsed, ``(Guest)`` dropped.

    Parameters
    ----------
    label : str
        A raw speaker label.

    Returns
    -------
    str
        The cleaned display name.

    Examples
    --------
    >>> from personakit.io._transcripts._speakers import display_name
    >>> display_name("  Maria  Lopez (Guest) ")
    'Maria Lopez'
    """
    label = " ".join(label.replace("*", " ").split()).strip(" _-")
    return " ".join(_GUEST.sub("", label).split())


def name_key(label: str) -> str:
    """A case- and spacing-insensitive key for matching names across files and arguments.

    Parameters
    ----------
    label : str
        A speaker label or a name given by the user.

    Returns
    -------
    str
        The casefolded display name.

    Examples
    --------
    >>> from personakit.io._transcripts._speakers import name_key
    >>> name_key("MARIA lopez (Guest)") == name_key("Maria Lopez")
    True
    """
    return display_name(label).casefold()


def generic_role(label: str) -> tuple[bool, str | None]:
    """Whether ``label`` is a generic label (``Speaker 1``, ``Interviewer``, ``P2``) and its role.

    Parameters
    ----------
    label : str
        A display name.

    Returns
    -------
    is_generic : bool
        True for generic labels.
    role : str or None
        ``"interviewer"``, ``"participant"`` or ``None`` (``Speaker 2`` says nothing).

    Examples
    --------
    >>> from personakit.io._transcripts._speakers import generic_role
    >>> generic_role("Interviewer"), generic_role("P3"), generic_role("Speaker 1")
    ((True, 'interviewer'), (True, 'participant'), (True, None))
    >>> generic_role("Dana"), generic_role("Interviewer (Dana)")
    ((False, None), (True, 'interviewer'))
    """
    name = display_name(label)
    match = _GENERIC.match(name)
    if match is None:
        # "Interviewer (Dana)", "Participant 3 - Maria", "Customer, Acme"
        head = re.split(r"\s*[(\-–—,]\s*", name, maxsplit=1)[0]
        if head != name and len(head) > 1:
            match = _GENERIC.match(head)
    if match is None:
        return False, None
    kind = next(k for k in ("int", "par", "unk") if match.group(k))
    return True, GENERIC_ROLE[kind]


def is_plausible_name(label: str, *, allow_digits: bool = False) -> bool:
    """Whether ``label`` (the text before a colon) can be a speaker's display name.

    Parameters
    ----------
    label : str
        Candidate text.
    allow_digits : bool, default False
        Accept digits (device names such as "Galaxy S21" that Zoom shows for
        unnamed guests); callers then require the label to recur.

    Returns
    -------
    bool
        False for discourse words ("Honestly"), sentences and labels with digits.

    Examples
    --------
    >>> from personakit.io._transcripts._speakers import is_plausible_name
    >>> [is_plausible_name(x) for x in ["Lee, Dana", "Honestly", "the thing is", "Step 2"]]
    [True, False, False, False]
    >>> is_plausible_name("王小明"), is_plausible_name("Speaker 2")
    (True, True)
    """
    name = display_name(label)
    if not name or len(name) > 64 or name[-1] in ",:'’-(":
        return False
    if name[-1] == "." and len(name.split()[-1]) > 3:  # "Jr." and "J." are fine, "Yes." is not
        return False
    if _BAD_CHARS.search(name):
        return False
    words = name.replace(",", " ").split()
    if len(words) > 6:
        return False
    if generic_role(name)[0]:
        return True
    if not allow_digits and any(ch.isdigit() for ch in name):
        return False
    key = name.casefold()
    if key in _STOP_WORDS or key in _STOP_PHRASES:
        return False
    lowered = [w.strip("().'’").casefold() for w in words]
    if len(words) > 1 and any(w in _FUNCTION_WORDS for w in lowered):
        return False
    return not (len(words) == 1 and lowered[0] in _FUNCTION_WORDS)


_PREFIX = re.compile(r"^\s*(?:\*\*|__)?(?P<name>[^:：\n]{1,80}?)(?:\*\*|__)?\s*(?P<colon>[:：])")


def split_prefix(line: str, *, allow_digits: bool = False) -> tuple[str, str] | None:
    """Split ``"Name: text"`` into ``(name, text)`` when the prefix can be a name.

    Only the shape and :func:`is_plausible_name` are checked here; whether the
    label recurs in the file is decided by :func:`accepted_labels`.

    Parameters
    ----------
    line : str
        One cleaned line of text.
    allow_digits : bool, default False
        Passed to :func:`is_plausible_name`.

    Returns
    -------
    tuple of (str, str) or None
        The display name and the rest of the line, or ``None``.

    Examples
    --------
    >>> from personakit.io._transcripts._speakers import split_prefix
    >>> split_prefix("Lee, Dana (Guest): We tried three tools.")
    ('Lee, Dana', 'We tried three tools.')
    >>> split_prefix("Honestly: I never found it") is None
    True
    >>> split_prefix("安娜：价格太高了")
    ('安娜', '价格太高了')
    >>> split_prefix("see https://example.org for details") is None
    True
    """
    match = _PREFIX.match(line)
    if match is None:
        return None
    rest = line[match.end() :]
    if match.group("colon") == ":" and rest and not rest[0].isspace() and rest[:2] != "**":
        return None
    rest = rest.lstrip()
    if rest.startswith(("**", "__")):
        rest = rest[2:].lstrip()
    name = match.group("name")
    if not is_plausible_name(name, allow_digits=allow_digits):
        return None
    return display_name(name), rest


def _is_full_name(name: str) -> bool:
    words = name.replace(",", " ").split()
    return len(words) >= 2 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def accepted_labels(counts: Counter[str], known: Iterable[str] = ()) -> set[str]:
    """The candidate labels taken as speakers, given how often each occurs in a file.

    Parameters
    ----------
    counts : Counter
        Display name -> number of lines it prefixes.
    known : iterable of str
        Name keys (:func:`name_key`) given by the user.

    Returns
    -------
    set of str
        Accepted display names.

    Examples
    --------
    >>> from collections import Counter
    >>> from personakit.io._transcripts._speakers import accepted_labels
    >>> sorted(accepted_labels(Counter({"Dana": 12, "Sam Ortiz": 1, "Pricing": 1})))
    ['Dana', 'Sam Ortiz']
    """
    known_keys = set(known)
    accepted = {
        name
        for name, count in counts.items()
        if count >= 2
        or name_key(name) in known_keys
        or generic_role(name)[0]
        or _is_full_name(name)
    }
    if len(accepted) < 2:
        # an interview has two or more speakers: with fewer established labels, take the
        # one-off labels too (a short file, or a speaker who says one thing)
        accepted |= set(counts)
    return accepted

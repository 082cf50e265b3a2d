"""Offline language detection: writing system first, then frequent-word profiles.

personakit analyses English text. Everything else must be reported, not scored
as neutral, so every sentence gets a language code first. The detector needs no
download and no model:

1. If at least half of the letters belong to a non-Latin writing system, that
   system decides: Cyrillic ``ru`` (``uk`` with Ukrainian letters), Greek ``el``,
   Arabic ``ar``, Hebrew ``he``, Devanagari ``hi``, Thai ``th``, Hangul ``ko``,
   kana ``ja``, Han without kana ``zh``.
2. Latin text: count the words that belong to each language's list of frequent
   words, plus letters typical of one language (``ñ``, ``ß``, ``ã`` ...; at most
   two points). The language with the most hits wins; English wins ties. A
   language other than English must beat English by at least one hit.
3. No hit at all gives ``"und"`` (undetermined); :func:`personakit.analyze_text`
   then uses the language of the rest of the interview or answer set, or
   English.

Profiles cover en, es, fr, de, it, pt, nl, sv, pl and tr (package data
``lexicons/language_profiles.json``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from personakit.text._lexicon import lexicon_path

__all__ = ["UNDETERMINED", "detect_language"]

UNDETERMINED = "und"

_WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")

_SCRIPTS = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)
_UKRAINIAN = re.compile(r"[\u0456\u0457\u0454\u0491]")


@lru_cache(maxsize=1)
def _profiles() -> tuple[dict[str, tuple[str, ...]], dict[str, str], frozenset[str]]:
    data = json.loads(lexicon_path("language_profiles.json").read_text(encoding="utf-8"))
    owners: dict[str, list[str]] = {}
    for lang, ws in data["words"].items():
        for w in ws:
            owners.setdefault(w.lower(), []).append(lang)
    letters = data["letters"]
    marked = frozenset("".join(letters.values()))
    return {w: tuple(ls) for w, ls in owners.items()}, letters, marked


def _script_language(text: str) -> str | None:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    n = len(letters)
    for code, pattern in _SCRIPTS:
        count = len(pattern.findall(text))
        if count * 2 >= n:
            if code == "ru" and _UKRAINIAN.search(text):
                return "uk"
            if code == "zh" and _SCRIPTS[0][1].search(text):
                return "ja"
            return code
    return None


@lru_cache(maxsize=16384)
def detect_language(text: str) -> str:
    """Return the ISO 639-1 code of the language of ``text``, or ``"und"``.

    Parameters
    ----------
    text : str
        A sentence, turn or answer. Longer text is more reliable.

    Returns
    -------
    str
        ``"en"``, another ISO code (``"es"``, ``"de"``, ``"ja"`` ...), or ``"und"``
        when nothing identifies a language (e.g. ``"Zoom"``).

    Examples
    --------
    >>> detect_language("Honestly the pricing page was really confusing")
    'en'
    >>> detect_language("El precio es muy caro y la entrega fue lenta")
    'es'
    >>> detect_language("Die Lieferung war leider sehr spät")
    'de'
    >>> detect_language("とても使いやすいです")
    'ja'
    >>> detect_language("Zoom")
    'und'
    """
    if not isinstance(text, str) or not text.strip():
        return UNDETERMINED
    script = _script_language(text)
    if script is not None:
        return script
    lowered = text.lower().replace("\u2019", "'")
    tokens = _WORD_RE.findall(lowered)
    owners, letters, marked = _profiles()
    hits: dict[str, int] = dict.fromkeys(letters, 0)
    hits["en"] = 0
    for t in tokens:
        for lang in owners.get(t, ()):
            hits[lang] = hits.get(lang, 0) + 1
    if not marked.isdisjoint(lowered):
        for lang, chars in letters.items():
            bonus = sum(1 for c in lowered if c in chars)
            hits[lang] = hits.get(lang, 0) + min(bonus, 2)
    english = hits.get("en", 0)
    best_lang, best = max(
        ((lang, n) for lang, n in hits.items() if lang != "en"),
        key=lambda item: (item[1], item[0] == "es"),
        default=("en", 0),
    )
    if english == 0 and best == 0:
        return UNDETERMINED
    if best >= english + 1:
        return best_lang
    return "en"

"""Who is the interviewer? Role inference for the speakers of one interview.

Roles the user or the files state win (``roles=``, the mapping's participant
and interviewer names, ``participants=`` / ``interviewers=``, a notes file's
participant column, generic labels such as ``Interviewer`` or ``P3``). The
other speakers are judged on their turns:

1. A turn "asks" when it contains a ``?`` or a sentence that starts like a
   question or prompt ("how did", "what made", "could you", "tell me", "walk
   me through", ...).
2. If no interviewer is known, the undecided speaker with the highest share of
   asking turns is the interviewer; when two are within 10 points, the one who
   speaks first wins; when nobody asks anything, the first speaker is taken.
3. Any other undecided speaker who asks in at least half of their turns (and
   at least twice) is also an interviewer (a second moderator, a note-taker
   who chimes in); everybody else is a participant.
4. An interview always keeps at least one participant: if every speaker came
   out as interviewer, the one who speaks the most words is the participant.

Each decision comes with a sentence saying why (``df.attrs["role_reasons"]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ROLES", "asks", "infer_roles"]

ROLES = ("interviewer", "participant")

_ASKS = re.compile(
    r"\?|(?:^|[.!;]\s+|,\s*)(?:(?:so|and|but|okay|ok|right|well|now)[,]?\s+)?"
    r"(?:could you|can you|would you|will you|do you|did you|have you|had you|are you|"
    r"were you|is there|was there|tell me|tell us|walk me through|talk me through|"
    r"take me through|describe|say more|talk about|can we|could we|anything else|"
    r"(?:how|what|why) (?:did|do|does|would|could|can|was|were|is|are|made|makes)\b|"
    r"(?:when|where|which|who) (?:did|do|does|would|could|can)\b)",
    re.IGNORECASE,
)


def asks(text: str) -> bool:
    """Whether a turn asks a question or gives a prompt.

    Parameters
    ----------
    text : str
        The turn's text.

    Returns
    -------
    bool
        True for ``?`` or a question/prompt opening.

    Examples
    --------
    >>> from personakit.io._transcripts._roles import asks
    >>> asks("Walk me through the first week."), asks("It took a week.")
    (True, False)
    """
    return bool(_ASKS.search(text))


@dataclass
class _Stats:
    turns: int = 0
    asking: int = 0
    words: int = 0
    first: int = 0

    @property
    def share(self) -> float:
        return self.asking / self.turns if self.turns else 0.0

    def describe(self) -> str:
        return (
            f"asks questions or prompts in {self.asking} of {self.turns} turns ({self.share:.0%})"
        )


def infer_roles(
    turns: list[tuple[str, str]], decided: dict[str, tuple[str, str]]
) -> dict[str, tuple[str, str]]:
    """Give every speaker of one interview a role and a reason.

    Parameters
    ----------
    turns : list of (speaker, text)
        The interview's turns in order.
    decided : dict
        Speaker -> (role, reason) already fixed by the user or the file.

    Returns
    -------
    dict
        Speaker -> (role, reason) for every speaker in ``turns``.

    Examples
    --------
    >>> from personakit.io._transcripts._roles import infer_roles
    >>> turns = [("Dana", "How did you find us?"), ("Sam", "A friend told me."),
    ...          ("Dana", "And then?"), ("Sam", "I signed up the same day.")]
    >>> {k: v[0] for k, v in infer_roles(turns, {}).items()}
    {'Dana': 'interviewer', 'Sam': 'participant'}
    """
    stats: dict[str, _Stats] = {}
    for index, (speaker, text) in enumerate(turns):
        entry = stats.setdefault(speaker, _Stats(first=index))
        entry.turns += 1
        entry.asking += asks(text)
        entry.words += len(text.split())
    result = {s: decided[s] for s in stats if s in decided}
    undecided = [s for s in stats if s not in decided]  # in order of first turn
    if not undecided:
        return result
    if len(stats) == 1:
        speaker = undecided[0]
        result[speaker] = ("participant", "the only speaker in this interview")
        return result
    known_interviewers = [s for s, (role, _) in result.items() if role == "interviewer"]
    main = None
    if not known_interviewers:
        best = max(stats[s].share for s in undecided)
        if best == 0:
            main = undecided[0]
            result[main] = (
                "interviewer",
                "no speaker asks questions; speaks first among the speakers with no given role",
            )
        else:
            close = [s for s in undecided if best - stats[s].share < 0.10]
            main = min(close, key=lambda s: stats[s].first)
            others = [stats[s].share for s in undecided if s != main]
            why = stats[main].describe()
            if len(close) > 1:
                why += ", as often as another speaker, and speaks first"
            elif others:
                why += f", the most of any speaker (next: {max(others):.0%})"
            result[main] = ("interviewer", why)
    for speaker in undecided:
        if speaker == main:
            continue
        entry = stats[speaker]
        if entry.share >= 0.5 and entry.asking >= 2:
            result[speaker] = ("interviewer", entry.describe() + ", like an interviewer")
        else:
            lead = main or known_interviewers[0]
            result[speaker] = (
                "participant",
                f"{entry.describe()}; {lead} is the interviewer",
            )
    if not any(role == "participant" for role, _ in result.values()):
        candidates = [s for s in undecided if s != main] or undecided
        speaker = max(candidates, key=lambda s: (stats[s].words, -stats[s].first))
        result[speaker] = (
            "participant",
            f"speaks the most words ({stats[speaker].words}); an interview needs a participant",
        )
    return result

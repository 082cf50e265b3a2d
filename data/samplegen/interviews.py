"""Twelve customer interviews, written out in five real-world transcript formats.

Each interview is planned as a list of turns (interviewer questions, participant
answers with truth labels, small talk, an interruption), then rendered as a Zoom
``.vtt``, a Teams ``.vtt``, an Otter ``.txt``, a Teams ``.docx`` or a plain
``Name: text`` file. Rendering records, for every turn, the 1-based line (or
paragraph) where its text starts, so ``truth/utterances.csv`` points into the file.
"""

from __future__ import annotations

import html
import io
import random
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from samplegen import phrases
from samplegen.model import PERSONA_BY_SLUG
from samplegen.textgen import expand, spoken

__all__ = ["INTERVIEW_PLAN", "Interview", "Turn", "plan_interviews", "render"]

# interview number -> (persona slug, format, participant display style, interviewer)
INTERVIEW_PLAN = [
    (1, "solo", "zoom_vtt", "last_comma_first", "Priya Nair"),
    (2, "studio", "teams_vtt_short_times", "plain", "Jonas Weber"),
    (3, "mobile", "otter_txt", "plain", "Priya Nair"),
    (4, "clinic", "teams_docx", "plain", "Jonas Weber"),
    (5, "multisite", "plain_txt", "plain", "Priya Nair"),
    (6, "studio", "zoom_vtt", "guest", "Jonas Weber"),
    (7, "solo", "otter_txt", "plain", "Priya Nair"),
    (8, "multisite", "teams_vtt", "plain", "Jonas Weber"),
    (9, "solo", "teams_docx", "plain", "Priya Nair"),
    (10, "clinic", "zoom_vtt", "credential", "Jonas Weber"),
    (11, "studio", "otter_txt", "plain", "Priya Nair"),
    (12, "mobile", "plain_txt", "plain", "Jonas Weber"),
]
EXTENSIONS = {
    "zoom_vtt": ".vtt",
    "teams_vtt": ".vtt",
    "teams_vtt_short_times": ".vtt",
    "otter_txt": ".txt",
    "teams_docx": ".docx",
    "plain_txt": ".txt",
}


@dataclass
class Turn:
    speaker: str
    role: str  # interviewer, participant, other
    text: str
    label: dict | None = None  # stage, emotion, theme for non-interviewer turns
    chunks: list[str] = field(default_factory=list)  # cue / line pieces
    start: float = 0.0
    end: float = 0.0
    line: int = 0
    honestly_cue: bool = False  # second cue starts "Honestly: ..." with no speaker prefix


@dataclass
class Interview:
    number: int
    persona: str
    format: str
    participant: str
    interviewer: str
    respondent_id: str
    first_name: str
    date: datetime
    variant: dict | None = None
    turns: list[Turn] = field(default_factory=list)

    @property
    def interview_id(self) -> str:
        return f"interview_{self.number:02d}"

    @property
    def file(self) -> str:
        return f"transcripts/{self.interview_id}{EXTENSIONS[self.format]}"


def _words(text: str) -> int:
    return len(text.split())


def _chunks(text: str, max_words: int = 14) -> list[str]:
    """Split a turn into cue-sized pieces: whole sentences, long ones cut evenly at words."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    out: list[str] = []
    current: list[str] = []
    for sentence in sentences:
        words = sentence.split()
        if len(words) > max_words:
            if current:
                out.append(" ".join(current))
                current = []
            pieces = -(-len(words) // max_words)  # ceil
            size = -(-len(words) // pieces)
            out.extend(" ".join(words[i : i + size]) for i in range(0, len(words), size))
            continue
        if current and len(current) + len(words) > max_words:
            out.append(" ".join(current))
            current = []
        current.extend(words)
    if current:
        out.append(" ".join(current))
    return out


def _label(stage, emotion, theme) -> dict:
    return {"stage": stage, "emotion": emotion, "theme": theme}


class _Planner:
    def __init__(self, interview: Interview, rng: random.Random) -> None:
        self.iv = interview
        self.rng = rng
        self.used: set[str] = set()

    def pick(self, templates: list[str], n: int = 1) -> list[str]:
        fresh = [t for t in templates if t not in self.used] or templates
        picked = self.rng.sample(fresh, min(n, len(fresh)))
        self.used.update(picked)
        return picked

    def ask(self, key: str) -> str:
        text = self.pick(phrases.INTERVIEWER[key])[0].replace("@first@", self.iv.first_name)
        self.iv.turns.append(Turn(self.iv.interviewer, "interviewer", text))
        return text

    def say(self, text: str, label: dict, role: str = "participant", speaker: str | None = None):
        turn = Turn(speaker or self.iv.participant, role, text, label)
        self.iv.turns.append(turn)
        return turn

    def expand(self, template: str) -> str:
        return phrases.fill(expand(template, self.rng), self.iv.variant)

    def small_talk(self, key: str) -> None:
        text = self.expand(self.rng.choice(phrases.SMALL_TALK[key]))
        self.say(text, _label(None, "neutral", None))

    def answer(self, stage: str, theme: str | None = "any") -> Turn:
        buckets = phrases.POOLS[self.iv.persona, stage]
        if theme != "any":
            buckets = [b for b in buckets if b[1] == theme]
        emotion, bucket_theme, _, templates = self.rng.choices(
            buckets, weights=[b[2] for b in buckets]
        )[0]
        n = self.rng.choices([1, 2, 3], weights=[0.3, 0.5, 0.2])[0]
        parts = [self.expand(t) for t in self.pick(templates, n)]
        text = spoken(" ".join(parts), self.rng)
        return self.say(text, _label(stage, emotion, bucket_theme))


def _plan(interview: Interview, rng: random.Random) -> None:
    p = _Planner(interview, rng)
    persona = PERSONA_BY_SLUG[interview.persona]
    dip = persona.dip_stage
    deep = interview.number in (2, 5, 7, 10)  # a few longer conversations
    p.ask("greet")
    p.small_talk("hello")
    if rng.random() < 0.5:
        p.ask("weather")
        p.small_talk("weather")
    p.ask("consent")
    p.small_talk("consent")
    p.ask("background")
    backgrounds = phrases.BACKGROUND[interview.persona]
    if interview.format.startswith("teams_vtt"):
        # Teams writes "&" as "&amp;": make sure one turn has one
        backgrounds = [b for b in backgrounds if "&" in p.expand(b)] or backgrounds
    p.say(p.expand(rng.choice(backgrounds)), _label(None, "neutral", None))
    interrupted = rng.choice(["decision", "retention", "advocacy"])
    for stage in phrases.STAGES:
        if stage == dip:
            n_exchanges = rng.choice([3, 4]) if deep else 3
        else:
            n_exchanges = rng.choice([2, 3]) if deep else rng.choice([1, 1, 2])
        for i in range(n_exchanges):
            question = p.ask(stage if i == 0 else "followup")
            if stage == interrupted and i == 0:
                _interruption(p, question, interview.number == 3)
            # at the dip stage, the planted top pain point dominates
            theme = persona.top_theme if (stage == dip and i < 2) else "any"
            turn = p.answer(stage, theme)
            if interview.number == 1 and stage == dip and i == 0:
                _make_honestly_turn(turn, rng)
    p.ask("wish")
    emotion, templates = phrases.WISHES[persona.top_theme]
    p.say(
        spoken(p.expand(rng.choice(templates)), rng),
        _label(dip, emotion, persona.top_theme),
    )
    p.ask("close")
    p.small_talk("bye")


def _interruption(p: _Planner, question: str, unknown_speaker: bool) -> None:
    """The participant is interrupted right after a question, then it is asked again."""
    if unknown_speaker:  # Otter: a colleague walks in and is not identified
        p.say(
            p.expand("Oh, hang on, someone's {just come in|just walked in}."),
            _label(None, "neutral", None),
        )
        p.say(
            p.expand("Sorry to barge in, your {next one|ten o'clock} is here early."),
            _label(None, "neutral", None),
            role="other",
            speaker="Unknown Speaker",
        )
    else:
        p.small_talk("interrupt")
        p.ask("interrupt")
    p.small_talk("back")
    p.iv.turns.append(
        Turn(
            p.iv.interviewer,
            "interviewer",
            f"No problem. I was asking: {question[0].lower()}{question[1:]}",
        )
    )


def _make_honestly_turn(turn: Turn, rng: random.Random) -> None:
    """Plant a cue that starts with the discourse word "Honestly:" (not a speaker)."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", turn.text) if s]
    if len(sentences) < 2:
        sentences.append("It's hard to explain.")
    rest = " ".join(sentences[1:])
    rest = rest[0].lower() + rest[1:] if not rest.startswith("I ") else rest
    turn.text = f"{sentences[0]} Honestly: {rest}"
    turn.honestly_cue = True


def plan_interviews(qualtrics, seed: int) -> list[Interview]:
    """Plan the twelve interviews; participants are clean Qualtrics respondents."""
    rng = random.Random(f"{seed}-interviews")
    from samplegen.model import PERSONAS

    candidates: dict[str, list] = {}
    for resp in qualtrics:
        if (
            resp.persona is not None
            and resp.meta.get("role") == "clean"
            and resp.meta.get("channel") == "email"
            and max(resp.posterior) == resp.posterior[resp.persona]
            and not any(lab.get("has_pii") for lab in resp.labels.values())
        ):
            candidates.setdefault(PERSONAS[resp.persona].slug, []).append(resp)
    interviews = []
    taken_names: set[str] = set()
    for number, slug, fmt, style, interviewer in INTERVIEW_PLAN:
        pool = [r for r in candidates[slug] if r.meta["first"] not in taken_names]
        if fmt.startswith("teams_vtt") and slug in phrases.VARIANTS:
            # a participant whose background has an "&" (Teams writes it as "&amp;")
            pool = [r for r in pool if "&" in (r.meta.get("variant") or {}).get("background", "")]
        resp = rng.choice(pool)
        first, last = resp.meta["first"], resp.meta["last"]
        taken_names.add(first)
        if style == "last_comma_first":
            shown = f"{last}, {first}"
        elif style == "guest":
            shown = f"{first} {last} (Guest)"
        elif style == "credential":
            shown = f"{first} {last}, PT"
        else:
            shown = f"{first} {last}"
        day = 1 + (number * 2) % 26
        date = datetime(
            2024,
            4,
            day,
            rng.choice([9, 10, 11, 13, 14, 15, 16]),
            rng.randrange(60),
            rng.randrange(60),
        )
        iv = Interview(
            number,
            slug,
            fmt,
            shown,
            interviewer,
            resp.respondent_id,
            first,
            date,
            variant=resp.meta.get("variant"),
        )
        _plan(iv, random.Random(f"{seed}-interview-{number}"))
        _time(iv, random.Random(f"{seed}-interview-times-{number}"))
        interviews.append(iv)
    return interviews


def _time(iv: Interview, rng: random.Random) -> None:
    # the older Teams export starts at 0:0:0.0, like the real one in ../shared
    t = 0.0 if iv.format == "teams_vtt_short_times" else rng.uniform(1.5, 4.0)
    for turn in iv.turns:
        if turn.honestly_cue:
            first, rest = turn.text.split(" Honestly: ", 1)
            turn.chunks = _chunks(first) + [
                "Honestly: " + c if i == 0 else c for i, c in enumerate(_chunks(rest))
            ]
        else:
            turn.chunks = _chunks(turn.text)
        turn.start = round(t, 2)
        for i, chunk in enumerate(turn.chunks):
            if i:
                t += rng.uniform(0.05, 0.4)  # cues of one turn are well under 2 s apart
            t += _words(chunk) / rng.uniform(2.3, 3.1) + 0.3
        turn.end = round(t, 2)
        t += rng.uniform(2.2, 4.5)  # next speaker; never merged with the previous turn


# ---------------------------------------------------------------------------
# rendering
# ---------------------------------------------------------------------------
def _cue_times(turn: Turn) -> list[tuple[float, float]]:
    """Spread the turn's duration over its chunks by word count."""
    total_words = sum(_words(c) for c in turn.chunks)
    span = turn.end - turn.start
    gap = 0.2
    usable = span - gap * (len(turn.chunks) - 1)
    out = []
    t = turn.start
    for i, chunk in enumerate(turn.chunks):
        length = usable * _words(chunk) / total_words
        out.append((t, t + length))
        t += length + (gap if i < len(turn.chunks) - 1 else 0)
    return out


def _vtt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def _teams_short_time(seconds: float) -> str:
    """Older Teams exports: no zero padding, e.g. ``0:1:5.570``; zero ms is ``.0``."""
    ms = round(seconds * 100) * 10
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h}:{m}:{s}.{ms:03d}" if ms else f"{h}:{m}:{s}.0"


def _clock(seconds: float) -> str:
    total = int(seconds)
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _render_zoom(iv: Interview) -> str:
    lines = ["WEBVTT", ""]
    n = 0
    for turn in iv.turns:
        for i, ((a, b), chunk) in enumerate(zip(_cue_times(turn), turn.chunks)):
            n += 1
            lines.append(str(n))
            lines.append(f"{_vtt_time(a)} --> {_vtt_time(b)}")
            if i == 0:
                turn.line = len(lines) + 1
            if turn.honestly_cue and chunk.startswith("Honestly: "):
                lines.append(chunk)  # no speaker prefix: it continues the participant's turn
            else:
                lines.append(f"{turn.speaker}: {chunk}")
            lines.append("")
    return "\n".join(lines)


def _render_teams(iv: Interview, short_times: bool, rng: random.Random) -> str:
    lines = ["WEBVTT", ""]
    guid = (
        f"{rng.getrandbits(32):08x}-{rng.getrandbits(16):04x}-{0x4000 | rng.getrandbits(12):04x}-"
        f"{0x8000 | rng.getrandbits(14):04x}-{rng.getrandbits(48):012x}"
    )
    fmt = _teams_short_time if short_times else _vtt_time
    # one cue (in the longer file) loses its closing </v>, as Teams sometimes does
    unclosed = None
    if not short_times:
        participant_turns = [t for t in iv.turns if t.role == "participant"]
        unclosed = participant_turns[len(participant_turns) // 2]
    for n, turn in enumerate(iv.turns, start=1):
        for m, ((a, b), chunk) in enumerate(zip(_cue_times(turn), turn.chunks)):
            lines.append(f"{guid}/{n + 11}-{m}")
            lines.append(f"{fmt(a)} --> {fmt(b)}")
            if m == 0:
                turn.line = len(lines) + 1
            close = "" if (turn is unclosed and m == len(turn.chunks) - 1) else "</v>"
            lines.append(f"<v {turn.speaker}>{html.escape(chunk, quote=False)}{close}")
            lines.append("")
    return "\r\n".join(lines)


def _render_otter(iv: Interview) -> str:
    lines: list[str] = []
    for turn in iv.turns:
        turn.line = len(lines) + 1
        lines.append(f"{turn.speaker}  {_clock(turn.start)}  ")
        lines.append(turn.text)
        lines.append("")
    lines.append("")
    lines.append("Transcribed by https://otter.ai")
    return "\n".join(lines) + "\n"


def _render_plain(iv: Interview, blank_lines: bool) -> str:
    title = f"Slotwise customer interview - {iv.participant} - {iv.date:%d %B %Y}"
    lines = [title, ""]
    for turn in iv.turns:
        turn.line = len(lines) + 1
        lines.append(f"{turn.speaker}: {turn.text}")
        if blank_lines:
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


_FIXED_ZIP_TIME = (2024, 4, 1, 12, 0, 0)


def _render_docx(iv: Interview) -> bytes:
    import docx

    document = docx.Document()
    props = document.core_properties
    props.author = iv.interviewer
    props.last_modified_by = iv.interviewer
    props.title = f"Slotwise customer interview - {iv.participant}"
    props.created = iv.date
    props.modified = iv.date
    props.revision = 1
    paragraphs = [
        f"Slotwise customer interview - {iv.participant}-{iv.date:%Y%m%d_%H%M%S}-Meeting Recording",
        f"{iv.date.day} {iv.date:%B %Y}, {iv.date:%I:%M%p}".replace("AM", "am").replace("PM", "pm"),
        f"{iv.interviewer} started transcription",
    ]
    for text in paragraphs:
        document.add_paragraph(text)
    index = len(paragraphs)
    for turn in iv.turns:
        index += 1
        turn.line = index
        run = document.add_paragraph().add_run(f"{turn.speaker}   {_clock(turn.start)}")
        for chunk in turn.chunks:
            run.add_break()
            run.add_text(chunk)
    document.add_paragraph(f"{iv.interviewer} stopped transcription")
    raw = io.BytesIO()
    document.save(raw)
    # python-docx stamps zip entries with the current time: rewrite them with a fixed one
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in sorted(src.infolist(), key=lambda i: i.filename != "[Content_Types].xml"):
            info = zipfile.ZipInfo(item.filename, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def render(iv: Interview, seed: int) -> bytes:
    """The file's bytes; also sets ``turn.line`` for every turn."""
    if iv.format == "zoom_vtt":
        return _render_zoom(iv).encode("utf-8")
    if iv.format in ("teams_vtt", "teams_vtt_short_times"):
        rng = random.Random(f"{seed}-teams-{iv.number}")
        short = iv.format == "teams_vtt_short_times"
        text = _render_teams(iv, short, rng)
        return text.encode("utf-8") if short else ("\ufeff" + text).encode("utf-8")
    if iv.format == "otter_txt":
        return _render_otter(iv).encode("utf-8")
    if iv.format == "plain_txt":
        return _render_plain(iv, blank_lines=iv.number == 5).encode("utf-8")
    if iv.format == "teams_docx":
        return _render_docx(iv)
    raise ValueError(iv.format)

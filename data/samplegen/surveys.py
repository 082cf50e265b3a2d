"""Survey respondents, their open answers, planted quality problems and the three exports.

One questionnaire (``model.QUESTIONS``) is fielded three times: a Qualtrics
"choice text" export (3 header rows), a SurveyMonkey export (2 header rows) and
a Google Forms / Sheets export (1 header row). Every respondent's closed answers
come from the latent class model; open answers come from the phrase pools of the
respondent's persona, each with its truth labels.
"""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from samplegen import phrases
from samplegen.model import (
    ATTENTION_ANSWER,
    ATTENTION_VAR,
    GRIDS,
    N_PAGES,
    PERSONAS,
    QUESTIONS,
    Model,
)
from samplegen.people import PersonFactory
from samplegen.textgen import expand, written

__all__ = [
    "Respondent",
    "generate_qualtrics",
    "generate_surveymonkey",
    "generate_google_forms",
    "render_qualtrics",
    "render_surveymonkey",
    "render_google_forms",
]

FIELD_START = datetime(2024, 3, 4, 7, 0, 0)
FIELD_DAYS = 24
TIME_ZONE = "America/Chicago"

_POSITIVE_NA = [
    "Nothing! Love it as it is.",
    "Nothing, honestly. Great product.",
    "no, all good, love it",
    "Nothing, it does everything I need. Happy customer.",
]
_PREVIEW_TEXT = ["test", "testing 123", "asdf", "Preview - please ignore", "test test"]


@dataclass
class Respondent:
    """One response row of one export, with everything the truth files need."""

    file: str
    respondent_id: str
    persona: int | None  # 0-based persona index; None for survey previews
    answers: dict  # closed variables -> label / bool / int, or None when blank
    texts: dict = field(default_factory=dict)  # open variables -> text
    labels: dict = field(default_factory=dict)  # open variables -> truth labels
    flags: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)
    duplicate_of: str | None = None
    pages_done: int = N_PAGES
    data_row: int = 0
    posterior: list[float] = field(default_factory=list)


# ---------------------------------------------------------------------------
# open answers
# ---------------------------------------------------------------------------
def _label(stage, emotion, theme, language="en") -> dict:
    return {
        "stage": stage,
        "emotion": emotion,
        "theme": theme,
        "language": language,
        "has_pii": False,
    }


def _na(rng: random.Random) -> tuple[str, dict]:
    return rng.choice(phrases.NA_OPEN), _label(None, "neutral", None)


def _statements(
    templates: list[str], rng: random.Random, variant: dict | None, max_n: int = 2
) -> str:
    n = 1 if max_n == 1 or rng.random() < 0.72 else 2
    picked = rng.sample(templates, min(n, len(templates)))
    parts = [phrases.fill(expand(t, rng), variant) for t in picked]
    text = " ".join(parts)
    if len(parts) > 1 and rng.random() < 0.12:
        text = text.replace(". ", ".\n", 1)  # a line break inside the answer
    return text


def _bucket(slug: str, stage: str, rng: random.Random, theme: str | None = "any"):
    buckets = phrases.POOLS[slug, stage]
    if theme != "any":
        buckets = [b for b in buckets if b[1] == theme]
    return rng.choices(buckets, weights=[b[2] for b in buckets])[0]


def _decorate(text: str, slug: str, emotion: str, rng: random.Random, variant) -> str:
    """Sometimes say who you are first, and sometimes repeat the feeling at the end."""
    if rng.random() < 0.2:
        text = phrases.fill(expand(rng.choice(phrases.CONTEXT[slug]), rng), variant) + " " + text
    closers = phrases.CLOSERS[emotion]
    if closers and rng.random() < 0.2:
        text = (
            text.rstrip() + ("" if text.rstrip()[-1:] in ".!?" else ".") + " " + rng.choice(closers)
        )
    return text


def open_answer(
    slug: str, variable: str, rng: random.Random, variant: dict | None = None
) -> tuple[str, dict]:
    """An answer of a persona-``slug`` respondent to open question ``variable``."""
    text, label = _open_answer(slug, variable, rng, variant)
    if label["stage"] is not None:
        text = _decorate(text, slug, label["emotion"], rng, variant)
    return written(text, rng), label


def _open_answer(slug: str, variable: str, rng: random.Random, variant) -> tuple[str, dict]:
    r = rng.random()
    if variable == "Q14":
        if r < 0.08:
            return _na(rng)
        if r < 0.36:
            emotion, theme, templates = phrases.Q14_EXTRA[slug]
            text = phrases.fill(expand(rng.choice(templates), rng), variant)
            return text, _label("decision", emotion, theme)
        emotion, theme, _, templates = _bucket(slug, "decision", rng)
        text = _statements(templates, rng, variant)
        return text, _label("decision", emotion, theme)
    if variable == "Q17":
        if r < 0.07:
            return _na(rng)
        if r < 0.12:
            return rng.choice(_POSITIVE_NA), _label(None, "joy", None)
        mix = phrases.WISH_MIX[slug]
        theme = rng.choices(list(mix), weights=list(mix.values()))[0]
        stage = phrases.THEMES[theme]["stage"]
        if rng.random() < 0.55:
            emotion, templates = phrases.WISHES[theme]
            text = phrases.fill(expand(rng.choice(templates), rng), variant)
        else:
            emotion, _, _, templates = _bucket(slug, stage, rng, theme)
            text = _statements(templates, rng, variant)
        return text, _label(stage, emotion, theme)
    if variable == "Q18":  # what do you like most?
        if r < 0.08:
            return _na(rng)
        if r < 0.18:
            return rng.choice(phrases.LIKE_GENERIC), _label(None, "joy", None)
        options = []
        for stage, weight in phrases.LIKE_STAGES.items():
            for bucket in phrases.POOLS[slug, stage]:
                if phrases.EMOTION_VALENCE[bucket[0]] > 0:
                    options.append((stage, bucket, weight * bucket[2]))
        stage, (emotion, theme, _, templates), _ = rng.choices(
            options, weights=[o[2] for o in options]
        )[0]
        text = _statements(templates, rng, variant)
        return text, _label(stage, emotion, theme)
    raise ValueError(variable)


# Which occupation variant fits a respondent's business type (Q1).
_VARIANT_BY_Q1 = {
    "solo": {
        "Hair or beauty salon": [0, 2],
        "Barbershop": [0],
        "Spa or massage": [1],
        "Fitness or yoga studio": [3],
    },
    "mobile": {"Pet grooming": [0], "Home or mobile services": [1, 2]},
    "studio": {
        "Hair or beauty salon": [0, 2],
        "Barbershop": [0],
        "Fitness or yoga studio": [1],
        "Spa or massage": [2],
    },
}


def pick_variant(slug: str, q1: str | None, rng: random.Random) -> dict | None:
    """The occupation details a persona-``slug`` respondent talks about."""
    variants = phrases.VARIANTS.get(slug)
    if not variants:
        return None
    options = _VARIANT_BY_Q1[slug].get(q1) or list(range(len(variants)))
    return variants[rng.choice(options)]


# ---------------------------------------------------------------------------
# respondents and planted problems
# ---------------------------------------------------------------------------
def _variables_on_pages(pages_done: int) -> set[str]:
    out = set()
    for q in QUESTIONS:
        if q.page <= pages_done:
            out.update(q.variables())
            if q.kind == "text" or q.other_text:
                out.add(q.qid if q.kind == "text" else f"{q.qid}_{len(q.options)}_TEXT")
    return out


def _fill_open(resp: Respondent, rng: random.Random, mode: str = "normal") -> None:
    slug = PERSONAS[resp.persona].slug if resp.persona is not None else None
    if slug is not None and "variant" not in resp.meta:
        resp.meta["variant"] = pick_variant(slug, resp.answers.get("Q1"), rng)
    variant = resp.meta.get("variant")
    answer_rate = {"Q14": 0.78, "Q17": 0.72, "Q18": 0.42}
    for var in ("Q14", "Q17", "Q18"):
        if mode == "preview":
            if rng.random() < 0.5:
                resp.texts[var] = rng.choice(_PREVIEW_TEXT)
                resp.labels[var] = _label(None, "neutral", None)
            continue
        if mode == "careless":
            r = rng.random()
            if r < 0.35:
                resp.texts[var], resp.labels[var] = _na(rng)
            continue
        if rng.random() < answer_rate[var]:
            resp.texts[var], resp.labels[var] = open_answer(slug, var, rng, variant)
    if resp.answers.get("Q7_8"):
        if slug is None:
            text = rng.choice(_PREVIEW_TEXT)
        else:
            text = written(rng.choice(phrases.OTHER_FEATURES[slug]), rng, hedge=0, mess=0.6)
        resp.texts["Q7_8_TEXT"] = text
        resp.labels["Q7_8_TEXT"] = _label(None, "neutral", None)


def _uniform_answers(model: Model, rng: random.Random) -> dict:
    """Answers of someone clicking through at random (previews)."""
    answers = model.sample(rng.randrange(len(PERSONAS)), rng)
    for var, levels in model.levels.items():
        answers[var] = rng.choice(levels)
    answers[ATTENTION_VAR] = ATTENTION_ANSWER  # staff previewing the survey follow it
    return answers


def _straightline(resp: Respondent, rng: random.Random) -> None:
    position = rng.choice([0.5, 0.75, 1.0])  # Neither..., Somewhat agree..., Strongly agree...
    for q in GRIDS:
        label = q.options[round(position * (len(q.options) - 1))]
        for var in q.variables():
            resp.answers[var] = label


def _speed(resp: Respondent, model: Model, rng: random.Random) -> None:
    for q in GRIDS:
        for var in q.variables():
            if var != ATTENTION_VAR and rng.random() < 0.6:
                resp.answers[var] = rng.choice(q.options)


def _fail_attention(resp: Respondent, rng: random.Random) -> None:
    wrong = [o for o in GRIDS[0].options if o != ATTENTION_ANSWER]
    resp.answers[ATTENTION_VAR] = rng.choices(wrong, weights=[2, 3, 4, 3])[0]


def _truncate(resp: Respondent, pages_done: int) -> None:
    keep = _variables_on_pages(pages_done)
    resp.pages_done = pages_done
    for var in list(resp.answers):
        if var not in keep:
            resp.answers[var] = None
    for var in list(resp.texts):
        if var not in keep:
            del resp.texts[var]
            resp.labels.pop(var, None)


def _plant(n: int, counts: dict[str, int], rng: random.Random) -> dict[int, str]:
    order = list(range(n))
    rng.shuffle(order)
    roles: dict[int, str] = {}
    at = 0
    for role, count in counts.items():
        for i in order[at : at + count]:
            roles[i] = role
        at += count
    return roles


def _new_respondents(
    file: str,
    n_base: int,
    counts: dict[str, int],
    model: Model,
    rng: random.Random,
    make_id,
) -> list[Respondent]:
    roles = _plant(n_base, counts, rng)
    out = []
    for i in range(n_base):
        role = roles.get(i, "clean")
        if role == "preview":
            resp = Respondent(file, make_id(), None, _uniform_answers(model, rng))
            _fill_open(resp, rng, "preview")
        else:
            k = model.sample_persona(rng)
            resp = Respondent(file, make_id(), k, model.sample(k, rng))
            _fill_open(resp, rng, "careless" if role in ("speeder", "straightliner") else "normal")
        resp.flags = {
            "preview": role == "preview",
            "incomplete": role == "incomplete",
            "speeder": role == "speeder",
            "straightliner": role == "straightliner",
            "attention_failed": role in ("attention", "straightliner"),
            "duplicate": False,
        }
        if role == "incomplete":
            _truncate(resp, rng.randrange(1, N_PAGES))
        elif role == "speeder":
            _speed(resp, model, rng)
        elif role == "straightliner":
            _straightline(resp, rng)
        elif role == "attention":
            _fail_attention(resp, rng)
        resp.meta["role"] = role
        out.append(resp)
    return out


def _duplicate(orig: Respondent, model: Model, rng: random.Random, new_id: str) -> Respondent:
    answers = dict(orig.answers)
    fresh = model.sample(orig.persona, rng)
    for var in answers:
        if var != ATTENTION_VAR and rng.random() < 0.15:
            answers[var] = fresh[var]
    for q in QUESTIONS:  # keep every select-all question non-empty
        if q.kind == "multi" and not any(answers[v] for v in q.variables()):
            for v in q.variables():
                answers[v] = orig.answers[v]
    dup = Respondent(orig.file, new_id, orig.persona, answers)
    _fill_open(dup, rng)
    dup.flags = dict.fromkeys(orig.flags, False)
    dup.flags["duplicate"] = True
    dup.duplicate_of = orig.respondent_id
    dup.meta = dict(orig.meta)
    dup.meta["role"] = "duplicate"
    return dup


def _posteriors(resps: list[Respondent], model: Model) -> None:
    """The model's posterior per row; also re-derive the attention flag from the answers."""
    for resp in resps:
        resp.posterior = model.posterior(resp.answers)
        resp.flags["attention_failed"] = resp.answers.get(ATTENTION_VAR) not in (
            None,
            ATTENTION_ANSWER,
        )


def _durations(resp: Respondent, rng: random.Random, median: float) -> int:
    role = resp.meta["role"]
    if role == "speeder":
        return round(rng.uniform(0.1, 0.28) * median)
    if role == "incomplete":
        share = resp.pages_done / N_PAGES
        return round(max(0.45, share) * median * rng.uniform(0.85, 1.3))
    return round(min(max(median * rng.lognormvariate(0, 0.28), 0.5 * median), 4 * median))


# ---------------------------------------------------------------------------
# Qualtrics
# ---------------------------------------------------------------------------
def _import_id(value: str, **extra: str) -> str:
    """A row-3 cell of a current Qualtrics export: compact JSON, ImportId first."""
    return json.dumps({"ImportId": value, **extra}, separators=(",", ":"))


QUALTRICS_META = [
    ("StartDate", "Start Date", _import_id("startDate", timeZone=TIME_ZONE)),
    ("EndDate", "End Date", _import_id("endDate", timeZone=TIME_ZONE)),
    ("Status", "Response Type", _import_id("status")),
    ("IPAddress", "IP Address", _import_id("ipAddress")),
    ("Progress", "Progress", _import_id("progress")),
    ("Duration (in seconds)", "Duration (in seconds)", _import_id("duration")),
    ("Finished", "Finished", _import_id("finished")),
    ("RecordedDate", "Recorded Date", _import_id("recordedDate", timeZone=TIME_ZONE)),
    ("ResponseId", "Response ID", _import_id("_recordId")),
    ("RecipientLastName", "Recipient Last Name", _import_id("recipientLastName")),
    ("RecipientFirstName", "Recipient First Name", _import_id("recipientFirstName")),
    ("RecipientEmail", "Recipient Email", _import_id("recipientEmail")),
    ("ExternalReference", "External Data Reference", _import_id("externalDataReference")),
    ("LocationLatitude", "Location Latitude", _import_id("locationLatitude")),
    ("LocationLongitude", "Location Longitude", _import_id("locationLongitude")),
    ("DistributionChannel", "Distribution Channel", _import_id("distributionChannel")),
    ("UserLanguage", "User Language", _import_id("userLanguage")),
]

QUALTRICS_COUNTS = {
    "preview": 18,
    "incomplete": 36,
    "speeder": 36,
    "straightliner": 24,
    "attention": 24,
}
QUALTRICS_ROWS = 1200
QUALTRICS_DUPLICATES = 3
QUALTRICS_MEDIAN_SECONDS = 640


def qualtrics_columns() -> list[tuple[str, str, str, str]]:
    """(export tag, question text row, ImportId JSON, variable key) of each column."""
    cols = [(tag, label, imp, tag) for tag, label, imp in QUALTRICS_META]
    for q in QUESTIONS:
        qn = q.qid[1:]
        if q.kind in ("single", "numeric", "text"):
            suffix = "_TEXT" if q.kind in ("numeric", "text") else ""
            cols.append((q.qid, q.text, _import_id(f"QID{qn}{suffix}"), q.qid))
        elif q.kind == "nps":
            cols.append((q.qid, q.text, _import_id(f"QID{qn}"), q.qid))
            cols.append(
                (
                    f"{q.qid}_NPS_GROUP",
                    f"{q.text} - Group",
                    _import_id(f"QID{qn}_NPS_GROUP"),
                    f"{q.qid}_NPS_GROUP",
                )
            )
        elif q.kind == "grid":
            for rid, statement in q.rows:
                var = f"{q.qid}_{rid}"
                cols.append((var, f"{q.text} - {statement}", _import_id(f"QID{qn}_{rid}"), var))
        elif q.kind == "multi":
            for i, option in enumerate(q.options, start=1):
                var = f"{q.qid}_{i}"
                text = (
                    f"{q.text} - Selected Choice - {option}"
                    if q.other_text
                    else f"{q.text} - {option}"
                )
                cols.append((var, text, _import_id(f"QID{qn}_{i}"), var))
            if q.other_text:
                n = len(q.options)
                var = f"{q.qid}_{n}_TEXT"
                cols.append(
                    (
                        var,
                        f"{q.text} - {q.options[-1]} - Text",
                        _import_id(f"QID{qn}_{n}_TEXT"),
                        var,
                    )
                )
    return cols


def _nps_group(value: str | None) -> str:
    if value is None:
        return ""
    v = int(value)
    return "Detractor" if v <= 6 else ("Passive" if v <= 8 else "Promoter")


def _cell(resp: Respondent, key: str) -> str:
    """The text a choice-text export shows for variable ``key``."""
    if key in resp.texts:
        return resp.texts[key]
    if key.endswith("_NPS_GROUP"):
        return _nps_group(resp.answers.get(key[: -len("_NPS_GROUP")]))
    value = resp.answers.get(key)
    if value is None or value is False:
        return ""
    if value is True:
        qid, idx = key.split("_")
        q = next(q for q in QUESTIONS if q.qid == qid)
        return q.options[int(idx) - 1]
    return str(value)


def generate_qualtrics(model: Model, seed: int) -> list[Respondent]:
    """The 1,200 rows of the Qualtrics export (sorted by RecordedDate)."""
    rng = random.Random(f"{seed}-qualtrics")
    people = PersonFactory(random.Random(f"{seed}-qualtrics-people"))
    n_base = QUALTRICS_ROWS - QUALTRICS_DUPLICATES
    resps = _new_respondents(
        "survey_qualtrics.csv", n_base, QUALTRICS_COUNTS, model, rng, people.qualtrics_id
    )
    for resp in resps:
        start = FIELD_START + timedelta(seconds=rng.randrange(FIELD_DAYS * 86400))
        resp.meta["start"] = start
        if resp.persona is None:
            resp.meta.update(channel="preview", ip="", lat="", lon="")
            continue
        _, _, lat, lon = people.place()
        resp.meta.update(ip=people.ipv4(), lat=lat, lon=lon)
        if rng.random() < 0.76:
            first, last = people.name()
            domain = None
            if PERSONAS[resp.persona].slug == "multisite" and rng.random() < 0.6:
                domain = rng.choice(_CHAIN_DOMAINS)
            resp.meta.update(
                channel="email",
                first=first,
                last=last,
                email=people.email(first, last, domain),
                external=f"CUS-{rng.randrange(100000, 999999)}",
            )
        else:
            resp.meta.update(channel="anonymous")
    clean = [r for r in resps if r.meta["role"] == "clean" and r.meta["channel"] == "email"]
    for orig in rng.sample(clean, QUALTRICS_DUPLICATES):
        dup = _duplicate(orig, model, rng, people.qualtrics_id())
        dup.meta["start"] = orig.meta["start"] + timedelta(hours=rng.randrange(20, 72))
        resps.append(dup)
    _plant_special_texts(resps, rng, people)
    for resp in resps:
        duration = _durations(resp, rng, QUALTRICS_MEDIAN_SECONDS)
        if resp.meta["role"] == "preview":
            duration = max(duration, round(0.45 * QUALTRICS_MEDIAN_SECONDS))
        end = resp.meta["start"] + timedelta(seconds=duration)
        recorded = end + (
            timedelta(days=7) if resp.meta["role"] == "incomplete" else timedelta(seconds=1)
        )
        resp.meta.update(duration=duration, end=end, recorded=recorded)
        resp.meta.setdefault("language", "EN")
    resps.sort(key=lambda r: (r.meta["recorded"], r.respondent_id))
    for i, resp in enumerate(resps, start=1):
        resp.data_row = i
    _posteriors(resps, model)
    return resps


_CHAIN_DOMAINS = (
    "urbanfadebarbers.com",
    "brightlinefitness.com",
    "polishednailbar.com",
    "kineticclinics.com",
    "corestrengthclubs.com",
    "lumenspagroup.com",
)


def _plant_special_texts(
    resps: list[Respondent], rng: random.Random, people: PersonFactory
) -> None:
    """Foreign-language answers, answers with PII, and junk HTML/script answers."""
    clean = [r for r in resps if r.meta["role"] == "clean" and r.persona is not None]
    used: set[str] = set()

    def pick(pred):
        options = [r for r in clean if r.respondent_id not in used and pred(r)]
        chosen = rng.choice(options)
        used.add(chosen.respondent_id)
        return chosen

    for spec in phrases.FOREIGN_ANSWERS:
        resp = pick(lambda r, s=spec: PERSONAS[r.persona].slug == s["persona"])
        resp.texts[spec["variable"]] = spec["text"]
        resp.labels[spec["variable"]] = _label(
            spec["stage"], spec["emotion"], spec["theme"], spec["language"]
        )
        resp.meta["language"] = spec["user_language"]
    pii_lines = [
        "Happy to chat more, my email is {email}",
        "Call me on {phone} if you want to hear more.",
        "my number is {phone}, text me anytime",
        "You can reach me at {email} for a follow up.",
        "Feel free to ring me: {phone}",
    ]
    for template in pii_lines:
        resp = pick(lambda r: "Q18" in r.texts and r.labels["Q18"]["stage"] is not None)
        first, last = resp.meta.get("first"), resp.meta.get("last")
        if first is None:
            first, last = people.name()
        addition = template.format(email=people.email(first, last), phone=people.phone())
        text = resp.texts["Q18"].rstrip()
        if text and text[-1] not in ".!?":
            text += "."
        resp.texts["Q18"] = f"{text} {addition}"
        resp.labels["Q18"]["has_pii"] = True
    junk = pick(lambda r: True)
    junk.texts["Q18"] = "asdf <script>alert(1)</script>"
    junk.labels["Q18"] = _label(None, "neutral", None)
    junk2 = pick(lambda r: True)
    junk2.texts["Q17"] = '"><img src=x onerror=alert(document.cookie)>'
    junk2.labels["Q17"] = _label(None, "neutral", None)


def _fmt_dt(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


def render_qualtrics(resps: list[Respondent]) -> str:
    cols = qualtrics_columns()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([c[0] for c in cols])
    writer.writerow([c[1] for c in cols])
    writer.writerow([c[2] for c in cols])
    for resp in resps:
        m = resp.meta
        email_channel = m.get("channel") == "email"
        finished = resp.meta["role"] != "incomplete"
        meta = {
            "StartDate": _fmt_dt(m["start"]),
            "EndDate": _fmt_dt(m["end"]),
            "Status": "Survey Preview" if m["channel"] == "preview" else "IP Address",
            "IPAddress": m.get("ip", ""),
            "Progress": str(round(100 * resp.pages_done / N_PAGES)),
            "Duration (in seconds)": str(m["duration"]),
            "Finished": "True" if finished else "False",
            "RecordedDate": _fmt_dt(m["recorded"]),
            "ResponseId": resp.respondent_id,
            "RecipientLastName": m.get("last", "") if email_channel else "",
            "RecipientFirstName": m.get("first", "") if email_channel else "",
            "RecipientEmail": m.get("email", "") if email_channel else "",
            "ExternalReference": m.get("external", "") if email_channel else "",
            "LocationLatitude": m.get("lat", ""),
            "LocationLongitude": m.get("lon", ""),
            "DistributionChannel": m["channel"],
            "UserLanguage": m["language"],
        }
        row = [meta[c[3]] if c[3] in meta else _cell(resp, c[3]) for c in cols]
        writer.writerow(row)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# SurveyMonkey
# ---------------------------------------------------------------------------
SM_META = [
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
]
SM_ROWS = 250
SM_DUPLICATES = 2
SM_COUNTS = {"incomplete": 8, "speeder": 7, "straightliner": 5, "attention": 5}
SM_MEDIAN_SECONDS = 600
SM_COLLECTORS = {"email": "431587105", "web": "431587092"}


def _sm_text(text: str) -> str:
    """SurveyMonkey's labels carry curly apostrophes."""
    return text.replace("Don't", "Don\u2019t")


def surveymonkey_columns() -> list[tuple[str, str, str]]:
    """(row-1 text, row-2 text, variable key) of each column."""
    cols = [(name, "", name) for name in SM_META]
    for q in QUESTIONS:
        text = q.text
        if q.qid == "Q7":
            text = text.replace(" (Select", "\u00a0(Select")  # a real-life NBSP
        if q.qid == "Q10":
            text = text.replace("disagree with", "disagree\u00a0with")
        if q.kind in ("single", "nps"):
            cols.append((text, "Response", q.qid))
        elif q.kind in ("numeric", "text"):
            cols.append((text, "Open-Ended Response", q.qid))
        elif q.kind == "grid":
            for j, (rid, statement) in enumerate(q.rows):
                cols.append((text if j == 0 else "", statement, f"{q.qid}_{rid}"))
        elif q.kind == "multi":
            for i, option in enumerate(q.options, start=1):
                key = (
                    f"{q.qid}_{i}_TEXT"
                    if (q.other_text and i == len(q.options))
                    else f"{q.qid}_{i}"
                )
                cols.append((text if i == 1 else "", option, key))
    return cols


def generate_surveymonkey(model: Model, seed: int) -> list[Respondent]:
    rng = random.Random(f"{seed}-surveymonkey")
    people = PersonFactory(random.Random(f"{seed}-surveymonkey-people"))
    n_base = SM_ROWS - SM_DUPLICATES
    resps = _new_respondents(
        "survey_surveymonkey.csv", n_base, SM_COUNTS, model, rng, lambda: people.numeric_id(11)
    )
    start0 = datetime(2024, 4, 8, 8, 0, 0)
    for resp in resps:
        resp.meta["start"] = start0 + timedelta(seconds=rng.randrange(18 * 86400))
        resp.meta["ip"] = people.ipv4()
        if rng.random() < 0.6:
            first, last = people.name()
            resp.meta.update(
                channel="email", first=first, last=last, email=people.email(first, last)
            )
        else:
            resp.meta["channel"] = "web"
    clean = [r for r in resps if r.meta["role"] == "clean" and r.meta["channel"] == "email"]
    for orig in rng.sample(clean, SM_DUPLICATES):
        dup = _duplicate(orig, model, rng, people.numeric_id(11))
        dup.meta["start"] = orig.meta["start"] + timedelta(hours=rng.randrange(5, 48))
        resps.append(dup)
    for resp in resps:
        resp.meta["duration"] = _durations(resp, rng, SM_MEDIAN_SECONDS)
        resp.meta["end"] = resp.meta["start"] + timedelta(seconds=resp.meta["duration"])
        # the multi-select "Other" text is one column in SurveyMonkey
        if not resp.answers.get("Q7_8"):
            resp.texts.pop("Q7_8_TEXT", None)
    # SurveyMonkey lists the newest response first
    resps.sort(key=lambda r: (r.meta["end"], r.respondent_id), reverse=True)
    for i, resp in enumerate(resps, start=1):
        resp.data_row = i
    _posteriors(resps, model)
    return resps


def _sm_dt(value: datetime) -> str:
    return value.strftime("%m/%d/%Y %I:%M:%S %p")


def render_surveymonkey(resps: list[Respondent]) -> str:
    cols = surveymonkey_columns()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([c[0] for c in cols])
    writer.writerow([_sm_text(c[1]) for c in cols])
    for resp in resps:
        m = resp.meta
        email = m["channel"] == "email"
        meta = {
            "Respondent ID": resp.respondent_id,
            "Collector ID": SM_COLLECTORS[m["channel"]],
            "Start Date": _sm_dt(m["start"]),
            "End Date": _sm_dt(m["end"]),
            "IP Address": m["ip"],
            "Email Address": m.get("email", "") if email else "",
            "First Name": m.get("first", "") if email else "",
            "Last Name": m.get("last", "") if email else "",
            "Custom Data 1": "",
        }
        row = []
        for _, _, key in cols:
            if key in meta:
                row.append(meta[key])
            elif key == "Q7_8":  # the checkbox itself is not exported, only its text
                row.append("")
            else:
                row.append(_sm_text(_cell(resp, key)))
        writer.writerow(row)
    return "\ufeff" + buf.getvalue()


# ---------------------------------------------------------------------------
# Google Forms (Sheets export)
# ---------------------------------------------------------------------------
GF_ROWS = 200
GF_DUPLICATES = 2
GF_COUNTS = {"straightliner": 4, "attention": 4}


def google_forms_columns() -> list[tuple[str, str]]:
    """(header, variable key) of each column; multi-selects are one joined column."""
    cols = [("Timestamp", "Timestamp"), ("Email address", "Email address")]
    for q in QUESTIONS:
        if q.kind == "grid":
            for rid, statement in q.rows:
                cols.append((f"{q.text} [{statement}]", f"{q.qid}_{rid}"))
        else:
            cols.append((q.text, q.qid))
    return cols


def generate_google_forms(model: Model, seed: int) -> list[Respondent]:
    rng = random.Random(f"{seed}-google-forms")
    people = PersonFactory(random.Random(f"{seed}-google-forms-people"))
    n_base = GF_ROWS - GF_DUPLICATES
    counter = iter(range(1, 10**6))
    resps = _new_respondents(
        "survey_google_forms.csv", n_base, GF_COUNTS, model, rng, lambda: f"gf{next(counter)}"
    )
    start0 = datetime(2024, 4, 15, 8, 0, 0)
    for resp in resps:
        first, last = people.name()
        resp.meta.update(first=first, last=last, email=people.email(first, last))
        resp.meta["end"] = start0 + timedelta(seconds=rng.randrange(14 * 86400))
    clean = [r for r in resps if r.meta["role"] == "clean"]
    for orig in rng.sample(clean, GF_DUPLICATES):
        dup = _duplicate(orig, model, rng, f"gf{next(counter)}")
        dup.meta["end"] = orig.meta["end"] + timedelta(minutes=rng.randrange(3, 600))
        resps.append(dup)
    resps.sort(key=lambda r: r.meta["end"])
    renamed = {}
    for i, resp in enumerate(resps, start=1):
        resp.data_row = i
        # Google Forms has no response id: name a row by its file row, as read_survey does
        # (the header is row 1, so the first response is "row2")
        renamed[resp.respondent_id] = f"row{i + 1}"
        resp.respondent_id = f"row{i + 1}"
    for resp in resps:
        if resp.duplicate_of is not None:
            resp.duplicate_of = renamed[resp.duplicate_of]
    _posteriors(resps, model)
    return resps


def _gf_dt(value: datetime) -> str:
    return f"{value.month}/{value.day}/{value.year} {value.hour}:{value:%M:%S}"


def _gf_multi(resp: Respondent, qid: str) -> str:
    q = next(q for q in QUESTIONS if q.qid == qid)
    picked = []
    for i, option in enumerate(q.options, start=1):
        if resp.answers.get(f"{qid}_{i}"):
            if q.other_text and i == len(q.options):
                text = resp.texts.get(f"{qid}_{i}_TEXT", "")
                if text:
                    picked.append(text)  # Forms puts the typed "Other" text in the cell
            else:
                picked.append(option)
    return ", ".join(picked)


def render_google_forms(resps: list[Respondent]) -> str:
    cols = google_forms_columns()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([c[0] for c in cols])
    multi = {q.qid for q in QUESTIONS if q.kind == "multi"}
    for resp in resps:
        row = []
        for _, key in cols:
            if key == "Timestamp":
                row.append(_gf_dt(resp.meta["end"]))
            elif key == "Email address":
                row.append(resp.meta["email"])
            elif key in multi:
                row.append(_gf_multi(resp, key))
            else:
                row.append(_cell(resp, key))
        writer.writerow(row)
    return "\ufeff" + buf.getvalue()


def importid_json(text: str) -> dict:
    """Parse a row-3 ImportId cell (used by the tests)."""
    return json.loads(text)

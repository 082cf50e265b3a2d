"""Write ``data/sample/README.md`` from the same facts the files were built from."""

from __future__ import annotations

from pathlib import Path

from samplegen import phrases
from samplegen.model import BLUR, PERSONAS, QUESTIONS

__all__ = ["write_readme"]

_FLAG_TEXT = {
    "preview": "survey previews (`Status` = `Survey Preview`, `DistributionChannel` = `preview`)",
    "incomplete": "incomplete responses (`Progress` < 100, `Finished` = `False`, later pages blank)",
    "speeder": "speeders (duration under a third of the median)",
    "straightliner": "straight-liners (one identical answer within every grid: Q10-Q13)",
    "attention_failed": "failed attention checks (Q10_8 is not 'Somewhat disagree'; "
    "straight-liners fail it too)",
    "duplicate": "duplicates (same IP address and e-mail as an earlier response; Google "
    "Forms: same e-mail)",
}


def _pct(n: int, total: int) -> str:
    return f"{n} ({100 * n / total:.1f} %)"


def write_readme(path: Path, s: dict) -> None:
    q = s["files"]["survey_qualtrics.csv"]
    sm = s["files"]["survey_surveymonkey.csv"]
    gf = s["files"]["survey_google_forms.csv"]
    lines = [
        "# The Slotwise sample research project",
        "",
        "A complete, fictional customer-research project that personakit's notebooks, tests,",
        "benchmarks and `personakit demo` run on. **Do not edit these files by hand**: they are",
        f"written by `data/make_sample_data.py` (seed {s['seed']}), and",
        "`tests/test_sample_data.py` checks that re-running it gives byte-identical files.",
        "",
        "## The story",
        "",
        "Slotwise sells scheduling and client-management software to service businesses:",
        "self-serve plans (Starter, Pro) to hairdressers, therapists, trainers, groomers and",
        "small studios, and sales-led plans (Business, Enterprise) to multi-site chains and",
        "franchises. The research team ran one customer survey on three tools (Qualtrics for",
        "the main sample, SurveyMonkey and Google Forms for two partner lists), interviewed",
        "twelve survey respondents, listed their 30 top accounts, and exported their content",
        "inventory. All names, e-mails, IP addresses, phone numbers and companies are made up.",
        "",
        "## The planted personas",
        "",
        "| id | persona | share | emotional dip | top pain point (type, stage) |",
        "|---|---|---|---|---|",
    ]
    for p in PERSONAS:
        theme = phrases.THEMES[p.top_theme]
        lines.append(
            f"| {p.id} | {p.name} | {p.share:.0%} | {p.dip_stage} ({p.emotions[p.dip_stage]}) | "
            f"{theme['label']} ({theme['pain_type']}, {theme['stage']}) |"
        )
    lines += [
        "",
        "Emotion per journey stage (awareness → consideration → decision → retention → advocacy):",
        "",
    ]
    for p in PERSONAS:
        curve = " → ".join(p.emotions[st] for st in phrases.STAGES)
        lines.append(f"- **{p.name}**: {curve}. {p.description}")
    lines += [
        "",
        "Every persona has exactly one negative stage (its dip), and its top pain point sits in",
        "that stage; personas dip at different stages. `truth/personas.json` holds all of this,",
        "plus each persona's distinguishing traits and secondary pain points.",
        "",
        "Closed answers come from a latent class model (answers independent given the persona).",
        f"Each persona's distributions are blurred toward the population mix (weight {BLUR}),",
        "so personas overlap: a perfect clustering is impossible. The model's own posterior",
        "assignment (`truth/respondents.csv`, column `posterior_persona`) agrees with the planted",
        f"persona for {q['posterior_agreement']:.1%} of the Qualtrics respondents"
        f" ({sm['posterior_agreement']:.1%} SurveyMonkey, {gf['posterior_agreement']:.1%} Google"
        " Forms): use it as the ceiling when scoring a segmentation (e.g. ARI of",
        "`posterior_persona` vs `persona`). The posterior uses the answers as written in the",
        "file (blank and unanswered items skipped, open text ignored), so planted careless",
        "respondents are scored on what they actually answered.",
        "",
        "## Files",
        "",
        "| file | what it is |",
        "|---|---|",
        f'| `survey_qualtrics.csv` | Qualtrics "choice text" CSV export: 3 header rows (export tags, question text, `{{"ImportId":...}}`), {q["rows"]} rows, {q["columns"]} columns |',
        f"| `survey_surveymonkey.csv` | SurveyMonkey CSV export (UTF-8 BOM, CRLF): 2 header rows, {sm['rows']} rows, {sm['columns']} columns |",
        f"| `survey_google_forms.csv` | Google Forms responses exported from Sheets (UTF-8 BOM, CRLF): 1 header row, {gf['rows']} rows, {gf['columns']} columns |",
        f"| `accounts.csv` | {s['n_accounts']} top B2B accounts and their main contact |",
        f"| `content_inventory.csv` | {s['n_assets']} marketing and support assets with stage and persona tags |",
        "| `interviews.csv` | interview → file, format, participant, interviewer, persona, survey respondent |",
        "| `transcripts/` | 12 interview transcripts in five formats (below) |",
        "| `truth/respondents.csv` | every survey row of all three files: planted persona, model posterior, planted quality flags |",
        "| `truth/open_answers.csv` | every non-empty open answer: stage, emotion, valence sign, pain point, theme, language, PII |",
        "| `truth/utterances.csv` | every non-interviewer turn of every transcript: turn, line, stage, emotion, pain point, theme |",
        "| `truth/accounts.csv` | the planted buying group of each account |",
        "| `truth/content_gaps.csv` | the planted content gaps and mismatches |",
        "| `truth/personas.json` | personas, journeys, themes, account groups, content issues |",
        "",
        "### The questionnaire",
        "",
        "| tag | kind | question | stage |",
        "|---|---|---|---|",
    ]
    for question in QUESTIONS:
        stage = question.stage or (
            ", ".join(f"{k}: {v}" for k, v in question.row_stages.items())
            if question.row_stages
            else ""
        )
        lines.append(f"| {question.qid} | {question.kind} | {question.text} | {stage} |")
    lines += [
        "",
        "Grids: Q10 agreement (5 points, `Neither agree nor disagree` midpoint; Q10_7 is the",
        "reverse-worded twin of Q10_1; Q10_8 is the attention check 'Please select 'Somewhat",
        "disagree' for this row'), Q11 importance (5 points), Q12 satisfaction (7 points, plus a",
        "`Don't know` option), Q13 ease (5 points), Q15 onboarding satisfaction (5 points), Q16",
        "NPS 0-10 (Qualtrics adds `Q16_NPS_GROUP`). Q7 and Q9 are select-all questions (Q7 has",
        "an 'Other (please specify)' text box, `Q7_8_TEXT`; its option `Payments, deposits &",
        "no-show fees` contains a comma, which matters in the Google Forms file). Q19 has",
        "`Prefer not to say`, Q20 has `Don't know`. Q14, Q17 and Q18 are open-ended.",
        "",
        "### Planted data-quality problems",
        "",
        "| problem | Qualtrics | SurveyMonkey | Google Forms |",
        "|---|---|---|---|",
    ]
    for flag, text in _FLAG_TEXT.items():
        lines.append(
            f"| {text} | {_pct(q['flags'][flag], q['rows'])} | {_pct(sm['flags'][flag], sm['rows'])} "
            f"| {_pct(gf['flags'][flag], gf['rows'])} |"
        )
    lines += [
        "",
        "SurveyMonkey and Google Forms have no status or progress columns: their incomplete",
        "rows are just blank after some page, SurveyMonkey's durations come from Start/End",
        "Date, and Google Forms (one `Timestamp`) has no durations at all. SurveyMonkey lists",
        "the newest response first, so a duplicate (the later submission, see `duplicate_of`)",
        "comes *before* its original in the file. The numeric questions Q3, Q5 and Q6 are",
        "text-entry boxes, as in the real tools (Qualtrics ImportId `QID3_TEXT`, SurveyMonkey",
        "`Open-Ended Response`), whose answers are all whole numbers.",
        "",
        "Personal data: Qualtrics recipient names, e-mails, IP addresses, coordinates and CRM",
        "references; SurveyMonkey IP, e-mail and names; Google Forms e-mail; account contact",
        "names, e-mails and one phone number in `accounts.csv` notes. Five Qualtrics open",
        "answers contain an e-mail address or a phone number (`has_pii` in",
        "`truth/open_answers.csv`). Four answers are in Spanish, German or French",
        "(`language`), and two are junk markup: `asdf <script>alert(1)</script>` and",
        '`"><img src=x onerror=alert(document.cookie)>`, so reports can show they are escaped.',
        "",
        "### Transcripts",
        "",
        "| interview | file | format | persona | turns |",
        "|---|---|---|---|---|",
    ]
    for iv in s["interviews"]:
        name = s["names"][iv["persona"]]
        lines.append(
            f"| {iv['interview_id']} | `{iv['file']}` | {iv['format']} | {name} | {iv['turns']} |"
        )
    lines += [
        "",
        "Format details planted on purpose: Zoom cues `Name: text` with display names",
        "`Last, First`, `First Last (Guest)` and `First Last, PT`, and one continuation cue",
        "that starts `Honestly: ...` without a speaker (interview_01); Teams `<v Name>` voice",
        "spans with `&amp;` entities, one cue missing its closing `</v>` (interview_08, which",
        "also has a BOM and CRLF) and unpadded `0:0:0.0`-style timestamps (interview_02);",
        "Otter `Name  0:34` headers, an `Unknown Speaker` (interview_03) and the",
        "`Transcribed by https://otter.ai` footer; Teams `.docx` with one paragraph per turn",
        "(`Name   0:04` and the speech joined by line breaks) between `started transcription`",
        "and `stopped transcription` markers; plain `Name: text` lines with and without blank",
        "lines between turns.",
        "",
        "`truth/utterances.csv` has one row per non-interviewer turn: `turn` is the 1-based",
        "index of the turn in the file (all speakers counted; consecutive cues of one speaker",
        "less than 2 s apart are one turn), `line` is the 1-based line where the turn's text",
        "starts (the first text line of its first cue for `.vtt`, the `Name  0:34` header for",
        "Otter, the `Name:` line for plain text, the 1-based paragraph for `.docx`). Small talk,",
        "interruptions and the participant's background have stage and theme empty and emotion",
        "`neutral`.",
        "",
        "### Accounts and content",
        "",
        "Account groups (`truth/accounts.csv`), which overlap (about one attribute in six is",
        "drawn from another group's mix):",
        "",
    ]
    for g in s["account_groups"]:
        lines.append(f"- **{g['id']}. {g['name']}** ({g['size']} accounts): {g['description']}")
    lines += ["", "Planted content gaps and mismatches (`truth/content_gaps.csv`):", ""]
    for stage, persona, kind, detail in s["content_issues"]:
        lines.append(f"- {kind}, {stage} × {s['names'][persona]}: {detail}")
    lines += [
        "",
        "## Using it",
        "",
        "```python",
        "import personakit",
        "",
        'survey = personakit.load_sample("survey")  # the Qualtrics export, read',
        'truth = personakit.load_sample("truth")  # dict of DataFrames + personas JSON',
        'path = personakit.sample_path("transcripts")  # a folder of the 12 files',
        "```",
        "",
        "Joins: `truth/respondents.csv` and `truth/open_answers.csv` name a row by `file` and",
        "`respondent_id`, the id `personakit.read_survey` gives the row: Qualtrics `ResponseId`,",
        "SurveyMonkey `Respondent ID`, and for Google Forms (which has no id) `row<n>`, `n` being",
        "the row in the file counting the header as row 1. `data_row` (the 1-based position",
        "among the responses) is given for all three files, and `truth/open_answers.csv` also",
        "gives the 1-based `column`.",
        "",
        "## Regenerating",
        "",
        "```",
        "make data                                  # = .venv/bin/python data/make_sample_data.py",
        "python data/make_sample_data.py --out /tmp/sample --seed 7",
        "```",
        "",
        "The text comes from hand-written phrase pools (`data/samplegen/phrases.py`) per",
        "persona × stage × emotion × pain theme, expanded from templates with alternatives and",
        "perturbed (hedges, fillers, typos, lowercase) with the seed.",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")

"""Generate personakit's bundled sample research project into ``data/sample/``.

The sample is one fictional company, Slotwise (scheduling and client management
for service businesses), with five planted personas. Everything is derived from
one seed, so running this script twice gives byte-identical files::

    python data/make_sample_data.py                  # writes data/sample/
    python data/make_sample_data.py --out /tmp/x     # somewhere else
    python data/make_sample_data.py --seed 7         # another draw of the same story

See ``data/sample/README.md`` (written by this script) for the story, the files
and the planted truth.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
try:  # canonical JSON comes from personakit itself (installed, or the source tree)
    from personakit._json import dumps
except ImportError:  # pragma: no cover - running without an installed personakit
    sys.path.insert(0, str(HERE.parent / "src"))
    from personakit._json import dumps

from samplegen import phrases  # noqa: E402
from samplegen.accounts import ACCOUNT_GROUPS, generate_accounts, render_accounts  # noqa: E402
from samplegen.content import CONTENT_ISSUES, NAMES, generate_content, render_content  # noqa: E402
from samplegen.interviews import plan_interviews, render  # noqa: E402
from samplegen.model import BLUR, PERSONAS, Model  # noqa: E402
from samplegen.readme import write_readme  # noqa: E402
from samplegen.surveys import (  # noqa: E402
    generate_google_forms,
    generate_qualtrics,
    generate_surveymonkey,
    google_forms_columns,
    qualtrics_columns,
    render_google_forms,
    render_qualtrics,
    render_surveymonkey,
    surveymonkey_columns,
)

DEFAULT_SEED = 20240304
DEFAULT_OUT = HERE / "sample"
THEME_IDS = {theme: i for i, theme in enumerate(phrases.THEMES, start=1)}


def _csv(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row[c] is None else _fmt(row[c]) for c in columns])
    return buf.getvalue()


def _fmt(value) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def _theme_fields(label: dict) -> dict:
    theme = label.get("theme")
    emotion = label["emotion"]
    return {
        "stage": label["stage"],
        "emotion": emotion,
        "valence_sign": phrases.EMOTION_VALENCE[emotion],
        "is_pain_point": theme is not None,
        "pain_type": phrases.THEMES[theme]["pain_type"] if theme else None,
        "theme": phrases.THEMES[theme]["label"] if theme else None,
        "theme_id": THEME_IDS[theme] if theme else None,
    }


def _open_columns(file: str) -> dict[str, int]:
    """Variable -> 1-based column in the file holding that open answer."""
    if file == "survey_qualtrics.csv":
        return {c[3]: i for i, c in enumerate(qualtrics_columns(), start=1)}
    if file == "survey_surveymonkey.csv":
        return {c[2]: i for i, c in enumerate(surveymonkey_columns(), start=1)}
    cols = {c[1]: i for i, c in enumerate(google_forms_columns(), start=1)}
    cols["Q7_8_TEXT"] = cols["Q7"]  # "Other" text sits inside the joined checkbox cell
    return cols


def generate(out: Path, seed: int = DEFAULT_SEED) -> dict:
    """Write the whole sample project into ``out``; return a summary dict."""
    out = Path(out)
    model = Model()
    surveys = {
        "survey_qualtrics.csv": generate_qualtrics(model, seed),
        "survey_surveymonkey.csv": generate_surveymonkey(model, seed),
        "survey_google_forms.csv": generate_google_forms(model, seed),
    }
    _write(out / "survey_qualtrics.csv", render_qualtrics(surveys["survey_qualtrics.csv"]))
    _write(out / "survey_surveymonkey.csv", render_surveymonkey(surveys["survey_surveymonkey.csv"]))
    _write(out / "survey_google_forms.csv", render_google_forms(surveys["survey_google_forms.csv"]))

    interviews = plan_interviews(surveys["survey_qualtrics.csv"], seed)
    for iv in interviews:
        _write(out / iv.file, render(iv, seed))
    interviewed = {iv.respondent_id: iv.interview_id for iv in interviews}

    accounts = generate_accounts(seed)
    _write(out / "accounts.csv", render_accounts(accounts))
    content = generate_content(seed)
    _write(out / "content_inventory.csv", render_content(content))

    # -- interviews.csv ----------------------------------------------------------------
    iv_rows = [
        {
            "interview_id": iv.interview_id,
            "file": iv.file,
            "format": iv.format.replace("_short_times", ""),
            "date": iv.date.date().isoformat(),
            "participant": iv.participant,
            "interviewer": iv.interviewer,
            "persona": next(p.id for p in PERSONAS if p.slug == iv.persona),
            "persona_name": NAMES[iv.persona],
            "respondent_id": iv.respondent_id,
            "turns": len(iv.turns),
        }
        for iv in interviews
    ]
    _write(
        out / "interviews.csv",
        _csv(
            iv_rows,
            [
                "interview_id",
                "file",
                "format",
                "date",
                "participant",
                "interviewer",
                "persona",
                "persona_name",
                "respondent_id",
                "turns",
            ],
        ),
    )

    # -- truth/respondents.csv and truth/open_answers.csv -----------------------------
    resp_rows, open_rows = [], []
    for file, resps in surveys.items():
        columns = _open_columns(file)
        for r in resps:
            post = r.posterior
            best = max(range(len(post)), key=lambda k: post[k])
            resp_rows.append(
                {
                    "file": file,
                    "respondent_id": r.respondent_id,
                    "data_row": r.data_row,
                    "persona": None if r.persona is None else PERSONAS[r.persona].id,
                    "persona_name": None if r.persona is None else PERSONAS[r.persona].name,
                    "posterior_persona": PERSONAS[best].id,
                    "posterior_probability": post[best],
                    **{flag: r.flags[flag] for flag in _FLAGS},
                    "duplicate_of": r.duplicate_of,
                    "user_language": r.meta.get("language", "EN"),
                    "interview_id": interviewed.get(r.respondent_id)
                    if file == "survey_qualtrics.csv"
                    else None,
                }
            )
            for var in sorted(r.texts, key=lambda v: columns[v]):
                text = r.texts[var]
                if not text.strip():
                    continue
                label = r.labels[var]
                open_rows.append(
                    {
                        "file": file,
                        "respondent_id": r.respondent_id,
                        "data_row": r.data_row,
                        "variable": var,
                        "column": columns[var],
                        "persona": None if r.persona is None else PERSONAS[r.persona].id,
                        "language": label["language"],
                        **_theme_fields(label),
                        "has_pii": label["has_pii"],
                        "text": text,
                    }
                )
    _write(
        out / "truth" / "respondents.csv",
        _csv(
            resp_rows,
            [
                "file",
                "respondent_id",
                "data_row",
                "persona",
                "persona_name",
                "posterior_persona",
                "posterior_probability",
                *_FLAGS,
                "duplicate_of",
                "user_language",
                "interview_id",
            ],
        ),
    )
    _write(
        out / "truth" / "open_answers.csv",
        _csv(
            open_rows,
            [
                "file",
                "respondent_id",
                "data_row",
                "variable",
                "column",
                "persona",
                "language",
                "stage",
                "emotion",
                "valence_sign",
                "is_pain_point",
                "pain_type",
                "theme",
                "theme_id",
                "has_pii",
                "text",
            ],
        ),
    )

    # -- truth/utterances.csv ----------------------------------------------------------
    utt_rows = []
    for iv in interviews:
        for number, turn in enumerate(iv.turns, start=1):
            if turn.role == "interviewer":
                continue
            utt_rows.append(
                {
                    "interview_id": iv.interview_id,
                    "file": iv.file,
                    "turn": number,
                    "line": turn.line,
                    "speaker": turn.speaker,
                    "role": turn.role,
                    "persona": next(p.id for p in PERSONAS if p.slug == iv.persona),
                    "text": turn.text,
                    **_theme_fields(turn.label),
                }
            )
    _write(
        out / "truth" / "utterances.csv",
        _csv(
            utt_rows,
            [
                "interview_id",
                "file",
                "turn",
                "line",
                "speaker",
                "role",
                "persona",
                "text",
                "stage",
                "emotion",
                "valence_sign",
                "is_pain_point",
                "pain_type",
                "theme",
                "theme_id",
            ],
        ),
    )

    # -- truth/accounts.csv, truth/content_gaps.csv -------------------------------------
    group_names = {g["id"]: g["name"] for g in ACCOUNT_GROUPS}
    _write(
        out / "truth" / "accounts.csv",
        _csv(
            [
                {
                    "account_id": a["account_id"],
                    "persona": a["_group"],
                    "persona_name": group_names[a["_group"]],
                }
                for a in accounts
            ],
            ["account_id", "persona", "persona_name"],
        ),
    )
    _write(
        out / "truth" / "content_gaps.csv",
        _csv(
            [
                {"stage": s, "persona": NAMES[p], "kind": k, "detail": d}
                for s, p, k, d in CONTENT_ISSUES
            ],
            ["stage", "persona", "kind", "detail"],
        ),
    )

    # -- truth/personas.json -----------------------------------------------------------
    summary = _summary(surveys, interviews, accounts, content, utt_rows, open_rows, seed)
    _write(out / "truth" / "personas.json", dumps(_personas_json(summary, interviews, seed)))
    write_readme(out / "README.md", summary)
    return summary


_FLAGS = ["preview", "incomplete", "speeder", "straightliner", "attention_failed", "duplicate"]


def _summary(surveys, interviews, accounts, content, utt_rows, open_rows, seed) -> dict:
    files = {}
    for file, resps in surveys.items():
        n = len(resps)
        personas = [r for r in resps if r.persona is not None]
        agree = sum(
            1
            for r in personas
            if max(range(len(r.posterior)), key=lambda k: r.posterior[k]) == r.persona
        )
        files[file] = {
            "rows": n,
            "flags": {flag: sum(r.flags[flag] for r in resps) for flag in _FLAGS},
            "persona_counts": {
                p.id: sum(1 for r in resps if r.persona == i) for i, p in enumerate(PERSONAS)
            },
            "posterior_agreement": agree / len(personas),
        }
    files["survey_qualtrics.csv"]["columns"] = len(qualtrics_columns())
    files["survey_surveymonkey.csv"]["columns"] = len(surveymonkey_columns())
    files["survey_google_forms.csv"]["columns"] = len(google_forms_columns())
    return {
        "seed": seed,
        "blur": BLUR,
        "files": files,
        "interviews": [
            {
                "interview_id": iv.interview_id,
                "file": iv.file,
                "format": iv.format.replace("_short_times", ""),
                "persona": iv.persona,
                "turns": len(iv.turns),
                "participant": iv.participant,
            }
            for iv in interviews
        ],
        "n_utterances": len(utt_rows),
        "n_open_answers": len(open_rows),
        "n_accounts": len(accounts),
        "account_groups": ACCOUNT_GROUPS,
        "n_assets": len(content),
        "content_issues": CONTENT_ISSUES,
        "names": NAMES,
    }


def _personas_json(summary: dict, interviews, seed: int) -> dict:
    q = summary["files"]["survey_qualtrics.csv"]
    personas = []
    for persona in PERSONAS:
        top = phrases.THEMES[persona.top_theme]
        others = [
            {
                "theme_id": THEME_IDS[t],
                "theme": phrases.THEMES[t]["label"],
                "pain_type": phrases.THEMES[t]["pain_type"],
                "stage": phrases.THEMES[t]["stage"],
            }
            for t in phrases.WISH_MIX[persona.slug]
            if t != persona.top_theme
        ]
        personas.append(
            {
                "id": persona.id,
                "slug": persona.slug,
                "name": persona.name,
                "description": persona.description,
                "share": persona.share,
                "qualtrics_respondents": q["persona_counts"][persona.id],
                "traits": persona.traits,
                "emotions": persona.emotions,
                "valence": {s: phrases.EMOTION_VALENCE[e] for s, e in persona.emotions.items()},
                "dip_stage": persona.dip_stage,
                "top_pain_point": {
                    "theme_id": THEME_IDS[persona.top_theme],
                    "theme": top["label"],
                    "pain_type": top["pain_type"],
                    "stage": top["stage"],
                },
                "other_pain_points": others,
                "interviews": [iv.interview_id for iv in interviews if iv.persona == persona.slug],
            }
        )
    return {
        "company": {
            "name": "Slotwise",
            "description": "Scheduling and client-management software for service businesses, "
            "sold self-serve to small shops and by sales to multi-site chains.",
        },
        "seed": seed,
        "blur": BLUR,
        "stages": list(phrases.STAGES),
        "emotion_valence": phrases.EMOTION_VALENCE,
        "personas": personas,
        "themes": [
            {"theme_id": THEME_IDS[t], "key": t, **spec} for t, spec in phrases.THEMES.items()
        ],
        "posterior_agreement": {
            f: round(v["posterior_agreement"], 4) for f, v in summary["files"].items()
        },
        "account_groups": [
            {"id": g["id"], "name": g["name"], "description": g["description"], "size": g["size"]}
            for g in ACCOUNT_GROUPS
        ],
        "content_issues": [
            {"stage": s, "persona": NAMES[p], "kind": k, "detail": d}
            for s, p, k, d in CONTENT_ISSUES
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    summary = generate(args.out, args.seed)
    q = summary["files"]["survey_qualtrics.csv"]
    print(
        f"wrote the Slotwise sample project to {args.out} "
        f"({q['rows']} Qualtrics rows, {len(summary['interviews'])} interviews, "
        f"posterior agreement {q['posterior_agreement']:.3f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``personakit run`` / ``demo``: outputs, reproducibility, privacy, escaping, errors."""

from __future__ import annotations

import html.parser
import json

import pandas as pd
import pytest

from personakit import ConfigError
from personakit.cli import demo_config, main
from personakit.pipeline import OUTPUT_FILES, run, run_analysis
from personakit.report import file_sha256
from tests.conftest import SAMPLE

pytestmark = pytest.mark.slow

REPRODUCIBLE = (
    "personas.json",
    "journey_map.json",
    "evidence.csv",
    "codebook.csv",
    "segmentation.json",
    "pain_points.csv",
    "exclusions.csv",
    "account_personas.json",
    "content_coverage.json",
)


def _sample_hashes():
    return {p: file_sha256(p) for p in sorted(SAMPLE.rglob("*")) if p.is_file()}


def test_demo_writes_every_output(demo_run):
    result, out = demo_run
    names = {p.name for p in out.iterdir()}
    assert set(OUTPUT_FILES) <= names
    figures = {p.name for p in (out / "figures").iterdir()}
    assert {
        "k_selection.png",
        "k_selection.svg",
        "journey_overlay.png",
        "content_coverage.svg",
        "accounts_dendrogram.png",
    } <= figures
    n = result.segmenter.n_personas_
    assert {f"journey_persona_{i}.png" for i in range(1, n + 1)} <= figures
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 0
    assert manifest["summary"]["personas"] == n
    by_name = {row["name"]: row for row in manifest["inputs"]}
    assert by_name["survey_qualtrics.csv"]["sha256"] == file_sha256(SAMPLE / "survey_qualtrics.csv")
    assert sum(row["role"] == "transcripts" for row in manifest["inputs"]) == 12
    assert set(manifest["outputs"]) >= set(OUTPUT_FILES)
    assert manifest["timings_s"]["segment"] > 0
    personas = json.loads((out / "personas.json").read_text())
    assert len(personas["personas"]) == n
    evidence = pd.read_csv(out / "evidence.csv")
    assert {"interview", "open_answer"} <= set(evidence["source_type"])
    assert evidence["persona"].notna().mean() > 0.9


def test_demo_names_match_the_planted_personas(demo_run):
    """The demo names personas after reading their cards; each name must fit its members."""
    result, _ = demo_run
    truth = pd.read_csv(SAMPLE / "truth" / "respondents.csv", dtype=str)
    truth = truth[truth["file"] == "survey_qualtrics.csv"].set_index("respondent_id")
    names = json.loads((SAMPLE / "truth" / "personas.json").read_text())
    planted = {str(p["id"]): p["name"] for p in names["personas"]}
    for persona in result.personas.personas:
        members = truth.loc[truth.index.intersection(persona.members), "persona"]
        assert planted[members.mode()[0]] == persona.name
        assert (members.map(planted) == persona.name).mean() > 0.8
    accounts = pd.read_csv(SAMPLE / "truth" / "accounts.csv", dtype=str).set_index("account_id")
    for persona in result.account_personas.personas:
        members = accounts.loc[accounts.index.intersection(persona.members), "persona_name"]
        assert members.mode()[0] == persona.name
    coverage = json.loads((result_out := demo_run[1] / "content_coverage.json").read_text())
    assert not [u for u in coverage["unmatched"] if u["tag"] == "persona"], result_out


def test_rerun_gives_byte_identical_json_and_csv(demo_run, tmp_path):
    _, first = demo_run
    before = _sample_hashes()
    second = tmp_path / "again"
    run(demo_config(), second)
    for name in REPRODUCIBLE:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert _sample_hashes() == before, "inputs must never be modified"


def _pii_strings():
    survey = pd.read_csv(SAMPLE / "survey_qualtrics.csv", skiprows=[1, 2], dtype=str)
    emails = survey["RecipientEmail"].dropna().tolist()
    names = (survey["RecipientFirstName"] + " " + survey["RecipientLastName"]).dropna().tolist()
    ips = survey["IPAddress"].dropna().tolist()
    interviews = pd.read_csv(SAMPLE / "interviews.csv", dtype=str)
    names += interviews["participant"].tolist()
    accounts = pd.read_csv(SAMPLE / "accounts.csv", dtype=str)
    names += accounts["contact_name"].dropna().tolist()
    emails += accounts["contact_email"].dropna().tolist()
    return [s for s in emails + names + ips if isinstance(s, str) and len(s) > 5]


def test_no_personal_data_in_any_output(demo_run):
    _, out = demo_run
    needles = _pii_strings()
    assert len(needles) > 1000
    for path in sorted(out.rglob("*")):
        if path.suffix not in {".html", ".json", ".csv", ".svg"}:
            continue
        text = path.read_text(encoding="utf-8")
        found = [s for s in needles if s in text]
        assert not found, f"{path.name} leaks personal data: {found[:3]}"


class _Elements(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.headings = []
        self._heading = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in {"h1", "h2", "h3"}:
            self._heading = tag

    def handle_data(self, data):
        if self._heading:
            self.headings.append((self._heading, data.strip()))
            self._heading = None


def test_report_escapes_user_markup_and_is_self_contained(demo_run):
    _, out = demo_run
    text = (out / "report.html").read_text(encoding="utf-8")
    parser = _Elements()
    parser.feed(text)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags, "the report has no scripts, and user text never becomes one"
    for tag, attrs in parser.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        for key in ("src", "href"):
            value = attrs.get(key, "")
            assert not value.startswith(("http:", "https:", "//")), f"network resource {value}"
    images = [a for t, a in parser.tags if t == "img"]
    assert images and all(a.get("alt") for a in images)
    assert ("h1", "Slotwise customer research (sample project)") in parser.headings
    for section in (
        "overview",
        "personas",
        "diagnostics",
        "journeys",
        "pain-points",
        "accounts",
        "content",
        "manifest",
    ):
        assert f'id="{section}"' in text


SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def _small_config():
    config = demo_config()
    config["inputs"] = {k: config["inputs"][k] for k in ("survey", "transcripts", "interviews")}
    config["segmentation"] = {"method": "kmeans", "n_personas": 4, "n_bootstrap": 2}
    config["personas"] = {"names": {}}  # the demo's names are for its own five personas
    return config


def test_user_text_in_the_report_is_escaped(tmp_path):
    config = _small_config()
    config["title"] = f"Research {SCRIPT}"
    config["personas"] = {"names": {1: f"Owner {IMG}", 2: SCRIPT}}
    run(config, tmp_path / "out")
    text = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    parser = _Elements()
    parser.feed(text)
    assert "script" not in [t for t, _ in parser.tags]
    assert not [a for t, a in parser.tags if t == "img" and a.get("src") == "x"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "onerror=alert(1)>" not in text.replace("&gt;", "")


def test_keep_pii_is_an_explicit_opt_in(tmp_path):
    config = _small_config()
    config["inputs"] = {"survey": config["inputs"]["survey"]}
    masked = run_analysis(config)
    config["privacy"] = {"keep_pii": True}
    kept = run_analysis(config)
    masked_text = " ".join(masked.evidence["text"])
    kept_text = " ".join(kept.evidence["text"])
    assert "[EMAIL]" in masked_text and "@" not in masked_text
    assert "@" in kept_text


def test_cli_refuses_to_overwrite_without_force(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    config = tmp_path / "run.yaml"
    config.write_text(f"inputs:\n  survey: {SAMPLE / 'survey_qualtrics.csv'}\n")
    assert main(["run", str(config), "--out", str(out), "--quiet"]) == 2
    assert "already exists and is not empty; pass --force" in capsys.readouterr().err
    assert (out / "keep.txt").read_text() == "mine"


def test_cli_reports_config_errors_with_key_and_line(tmp_path, capsys):
    config = tmp_path / "run.yaml"
    config.write_text("seed: 1\ninputs:\n  survey: nowhere.csv\n")
    assert main(["run", str(config), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "run.yaml, line 3: 'inputs.survey' names 'nowhere.csv', which does not exist" in err
    assert not (tmp_path / "o").exists()


def test_unknown_override_variable_is_a_config_error():
    config = demo_config()
    config["inputs"] = {"survey": config["inputs"]["survey"]}
    config["codebook"] = {"overrides": {"Q99": {"kind": "nominal"}}}
    with pytest.raises(ConfigError, match="codebook.overrides names 'Q99'"):
        run_analysis(config)


def test_unknown_segmenter_option_is_a_config_error():
    config = demo_config()
    config["inputs"] = {"survey": config["inputs"]["survey"]}
    config["segmentation"] = {"options": {"n_clusters": 3}}
    with pytest.raises(
        ConfigError, match=r"segmentation.options: unknown setting\(s\) \['n_clusters'\]"
    ):
        run_analysis(config)


def test_speakers_settings_reach_the_transcript_reader():
    from personakit.config import validate_config
    from personakit.pipeline import _transcripts

    config = validate_config(
        {
            "inputs": {"transcripts": str(SAMPLE / "transcripts")},
            "speakers": {"roles": {"Bianchi, Anya": "interviewer", "Priya Nair": "participant"}},
        }
    )
    turns = _transcripts(config, None)
    first = turns[turns["interview_id"] == "interview_01"]
    roles = first.groupby("speaker")["role"].first().to_dict()
    assert roles == {"Bianchi, Anya": "interviewer", "Priya Nair": "participant"}


def test_unreadable_interview_mapping_names_the_key(tmp_path):
    from personakit.config import validate_config
    from personakit.pipeline import _transcripts

    bad = tmp_path / "interviews.csv"
    bad.write_bytes(b"\xff\xfe\x00\x00\x9c\x80 not text")
    config = validate_config(
        {"inputs": {"transcripts": str(SAMPLE / "transcripts"), "interviews": str(bad)}}
    )
    with pytest.raises(ConfigError, match=r"inputs.interviews: .*interviews.csv could not be read"):
        _transcripts(config, None)


def test_transcripts_alone_give_pain_points_by_stage(tmp_path):
    """No survey and no interview mapping: no personas, so pain points are ranked by stage."""
    result = run({"inputs": {"transcripts": str(SAMPLE / "transcripts")}}, tmp_path / "out")
    assert result.personas is None and result.journey_map is None
    table = pd.read_csv(tmp_path / "out" / "pain_points.csv")
    assert len(table) > 5
    assert any(c.startswith("share_") and "awareness" in c for c in table.columns)
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'id="pain-points"' in report
    assert ">nan<" not in report

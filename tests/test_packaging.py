"""The project's own files agree with each other: pyproject, environment.yml, Makefile, CI."""

from __future__ import annotations

import re
import tomllib

import yaml

from tests.conftest import REPO


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_names_the_runtime_dependencies():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    runtime = {_name(r) for r in pyproject["project"]["dependencies"]}
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda == runtime
    pip_lines = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert pip_lines == [['-e ".[dev]"']], "environment.yml must install personakit with [dev]"


def test_dev_extra_pulls_the_test_tools():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    dev = {_name(r) for r in pyproject["project"]["optional-dependencies"]["dev"]}
    assert {"pytest", "nbval", "ruff", "hypothesis", "jupyterlab"} <= dev


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text()
    readme = (REPO / "README.md").read_text()
    assert "make test" in ci
    assert "make test" in readme and "make demo" in readme
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^test:", makefile, re.M) and re.search(r"^demo:", makefile, re.M)


def test_wheel_ships_package_data(tmp_path):
    """Templates, lexicons, the vendored tokenizer and the sample project are in the wheel."""
    import subprocess
    import sys
    import zipfile

    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            str(REPO),
            "-w",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("personakit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "personakit/templates/report.html.j2",
        "personakit/templates/journey_map.html.j2",
        "personakit/templates/persona_card.html.j2",
        "personakit/text/lexicons/valence_cues.csv",
        "personakit/text/models/minilm_tokenizer.json",
        "personakit/text/models/NOTICE",
        "personakit/_sample_data/survey_qualtrics.csv",
        "personakit/_sample_data/transcripts/interview_04.docx",
        "personakit/_sample_data/truth/personas.json",
    }
    assert expected <= names, sorted(expected - names)
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)

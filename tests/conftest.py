"""Shared fixtures: paths to the bundled sample data and the real exports in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL_EXPORTS = SHARED / "fixtures" / "real-exports"
SAMPLE = REPO / "data" / "sample"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def real_exports() -> Path:
    """Folder of real survey exports and transcripts (read-only, see its SOURCES.md)."""
    if not REAL_EXPORTS.is_dir():
        pytest.fail(f"{REAL_EXPORTS} is missing: clone the project with ../shared beside it.")
    return REAL_EXPORTS


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    """Folder of the bundled sample research project (data/sample)."""
    return SAMPLE


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """Folder of the test suite's own small fixture files."""
    return FIXTURES


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """The bundled sample project run once through the whole pipeline (shared by tests)."""
    from personakit.cli import demo_config
    from personakit.pipeline import run

    out = tmp_path_factory.mktemp("demo") / "out"
    result = run(demo_config(), out)
    return result, out

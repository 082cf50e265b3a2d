"""The tutorial notebooks are kept clean: numbered, stripped, introduced, and checkable by nbval.

nbval (``pytest --nbval-lax``) executes every notebook and compares only the cells
marked ``# NBVAL_CHECK_OUTPUT``. The notebooks are committed without any output; the
expected plain text of the check cells lives in ``notebooks/checked_outputs.json``
(with a digest of each cell's source), which ``notebooks/conftest.py`` hands to nbval.
``notebooks/refresh_outputs.py`` re-runs the notebooks and stores exactly that.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
CHECK = "# NBVAL_CHECK_OUTPUT"
EXPECTED = NOTEBOOKS / "checked_outputs.json"
SKIP = "# NBVAL_SKIP"
NAME = re.compile(r"^(\d{2})_[a-z0-9]+(?:_[a-z0-9]+)*\.ipynb$")


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"nb_{name}", NOTEBOOKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load_refresh():
    return _load("refresh_outputs")


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _markers(cell) -> set[str]:
    return {line.strip() for line in cell.source.splitlines() if line.strip().startswith("# NBVAL")}


def test_the_five_tutorials_exist_numbered_from_01():
    names = [p.name for p in PATHS]
    assert len(names) >= 5, names
    for name in names:
        assert NAME.match(name), f"{name}: notebooks are named NN_words_in_snake_case.ipynb"
    numbers = [int(NAME.match(n).group(1)) for n in names]
    assert numbers == list(range(1, len(names) + 1)), f"numbers must run 01, 02, ... : {names}"
    assert names[:5] == [
        "01_survey_to_personas.ipynb",
        "02_interviews_to_evidence.ipynb",
        "03_personas_to_journey_maps.ipynb",
        "04_top_accounts_b2b_handoff.ipynb",
        "05_reproducible_pipeline.ipynb",
    ]


def test_no_stray_checkpoints_or_copies():
    assert not (NOTEBOOKS / ".ipynb_checkpoints").exists() or not any(
        (NOTEBOOKS / ".ipynb_checkpoints").iterdir()
    ), "remove notebooks/.ipynb_checkpoints"
    assert not [p for p in NOTEBOOKS.glob("*.ipynb") if not NAME.match(p.name)]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_notebook_is_valid_and_runs_on_the_project_kernel(path):
    nb = _read(path)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert "widgets" not in nb.metadata, "saved widget state: clear it before committing"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_opens_with_a_markdown_introduction(path):
    nb = _read(path)
    first = nb.cells[0]
    assert first.cell_type == "markdown", "the first cell introduces the tutorial in markdown"
    lines = first.source.splitlines()
    assert lines[0].startswith("# "), "the introduction starts with a level-1 title"
    words = len(re.findall(r"[A-Za-z]+", first.source))
    assert words >= 80, f"the introduction should say what and why ({words} words)"
    assert "bring your own data" in first.source.lower()


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_reads_like_a_tutorial(path):
    nb = _read(path)
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert sum(c.source.lstrip().startswith("## ") for c in markdown) >= 3, "use section headings"
    prose = sum(len(c.source.split()) for c in markdown)
    assert prose >= 400, f"explain why, not only what ({prose} words of markdown)"
    long_cells = [c.source[:40] for c in code if len(c.source.splitlines()) > 45]
    assert not long_cells, f"keep code cells short: {long_cells}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_committed_without_outputs_and_checks_stored_beside(path):
    nb = _read(path)
    digest = _load_refresh().source_digest
    stored = json.loads(EXPECTED.read_text(encoding="utf-8")).get(path.name, {})
    expected_keys = set()
    position = -1
    for number, cell in enumerate(nb.cells, start=1):
        where = f"{path.name}, cell {number}"
        assert "execution" not in cell.get("metadata", {}), f"{where}: execution timestamps"
        if cell.cell_type != "code":
            assert "outputs" not in cell
            continue
        position += 1
        assert cell.outputs == [], f"{where}: outputs must be stripped"
        assert cell.execution_count is None, f"{where}: execution count must be cleared"
        if CHECK not in _markers(cell):
            continue
        expected_keys.add(str(position))
        entry = stored.get(str(position))
        assert entry is not None, f"{where}: no expected output; run refresh_outputs.py"
        assert entry["source_sha256"] == digest(cell.source), f"{where}: stale expected output"
        assert entry["stdout"].strip()
        assert not re.search(r"/tmp/|personakit_0\d_", entry["stdout"]), (
            f"{where}: checked output holds a temporary path, which changes every run"
        )
    assert set(stored) == expected_keys, (
        f"{path.name}: stored outputs of cells that no longer check"
    )
    assert len(expected_keys) >= 2, f"{path.name}: check at least two deterministic summaries"


def test_nbval_gets_the_stored_output_or_a_reason(tmp_path):
    conftest = _load("conftest")
    digest = _load_refresh().source_digest
    stored = {"a.ipynb": {"3": {"source_sha256": digest("print(1)"), "stdout": "1\n"}}}
    assert conftest._expected_output(stored, "a.ipynb", 3, "print(1)", digest) == "1\n"
    changed = conftest._expected_output(stored, "a.ipynb", 3, "print(2)", digest)
    assert "changed since its output was stored" in changed
    missing = conftest._expected_output(stored, "a.ipynb", 4, "print(1)", digest)
    assert "no expected output stored" in missing and "refresh_outputs.py" in missing


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_markers_are_known_and_skips_are_rare(path):
    nb = _read(path)
    known = {CHECK, SKIP, "# NBVAL_IGNORE_OUTPUT", "# NBVAL_RAISES_EXCEPTION"}
    skips = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        markers = _markers(cell)
        assert markers <= known, f"unknown nbval marker(s) {markers - known}"
        skips += SKIP in markers
    assert skips <= 2, f"{path.name}: {skips} skipped cells; nbval should run the tutorial"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_data_comes_from_sample_path_and_outputs_go_to_a_temporary_folder(path):
    nb = _read(path)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    # the notebooks run from the repository root, from notebooks/ and from an installed wheel
    assert "sample_path(" in source
    assert not re.search(r"[\"'](?:\.\./)?data/sample", source), "use personakit.sample_path()"
    assert not re.search(r"[\"']/(?:work|home|tmp|Users)/", source), "no absolute paths"
    assert "os.chdir" not in source
    if re.search(r"\.(?:write_html|to_csv|savefig|save_codebook)\(|\brun\(", source):
        assert "tempfile.mkdtemp" in source, "write outputs into a temporary folder"


def test_refresh_stores_check_outputs_and_strips_everything(tmp_path):
    refresh = _load_refresh()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("x = 1\nx", execution_count=3),
        nbformat.v4.new_code_cell(f"{CHECK}\nprint(x)\nprint(x + 1)", execution_count=4),
    ]
    nb.cells[1].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1"})]
    nb.cells[1].metadata["execution"] = {"iopub.status.busy": "2024-01-01"}
    nb.cells[2].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="1\n"),
        nbformat.v4.new_output("stream", name="stdout", text="2\n"),
    ]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    entries = refresh.checked_outputs(nb)
    assert entries == {"1": {"source_sha256": refresh.source_digest(nb.cells[2].source),
                             "stdout": "1\n2\n"}}  # fmt: skip
    refresh.strip_outputs(nb)
    assert "widgets" not in nb.metadata
    assert all(c.outputs == [] and c.execution_count is None for c in nb.cells[1:])
    assert "execution" not in nb.cells[1].metadata
    target = tmp_path / "checked.json"
    refresh.store("b.ipynb", {"0": {"source_sha256": "x", "stdout": "0\n"}}, target)
    refresh.store("a.ipynb", entries, target)
    assert list(json.loads(target.read_text())) == ["a.ipynb", "b.ipynb"]


@pytest.mark.parametrize(
    ("output", "message"),
    [
        (nbformat.v4.new_output("stream", name="stderr", text="warning\n"), "only print plain"),
        (nbformat.v4.new_output("display_data", {"text/html": "<b>1</b>"}), "only print plain"),
        (None, "printed nothing"),
    ],
)
def test_refresh_refuses_check_cells_that_are_not_plain_text(output, message):
    refresh = _load_refresh()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"{CHECK}\nshow()", execution_count=1)]
    nb.cells[0].outputs = [output] if output is not None else []
    with pytest.raises(ValueError, match=message):
        refresh.checked_outputs(nb, name="demo.ipynb")


def test_is_checked_needs_the_marker_on_its_own_line():
    refresh = _load_refresh()
    assert refresh.is_checked({"cell_type": "code", "source": ["x = 1\n", f"{CHECK}\n"]})
    assert not refresh.is_checked({"cell_type": "code", "source": f"print('{CHECK}')"})
    assert not refresh.is_checked({"cell_type": "markdown", "source": CHECK})

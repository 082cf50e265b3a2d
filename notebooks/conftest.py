"""nbval's expected outputs, kept beside the notebooks rather than inside them.

The tutorials are committed with every output stripped. The cells marked
``# NBVAL_CHECK_OUTPUT`` are still compared by nbval (``pytest --nbval-lax``): their
expected plain text lives in ``checked_outputs.json`` (written by
``refresh_outputs.py``), and this hook hands it to nbval's cell items before they
run, as if it were stored in the notebook. A check cell whose source changed since
the last refresh, or that has no stored text, fails with the reason.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "checked_outputs.json"


def _refresh_module():
    """``refresh_outputs.py`` beside this file (its digest is the one the outputs carry)."""
    spec = importlib.util.spec_from_file_location(
        "personakit_notebook_refresh", HERE / "refresh_outputs.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _expected_output(stored: dict, notebook: str, cell_num: int, source: str, digest) -> str:
    entry = stored.get(notebook, {}).get(str(cell_num))
    fix = f"run: .venv/bin/python notebooks/refresh_outputs.py notebooks/{notebook}"
    if entry is None:
        return f"[no expected output stored for this check cell; {fix}]\n"
    if entry["source_sha256"] != digest(source):
        return f"[this check cell changed since its output was stored; {fix}]\n"
    return entry["stdout"]


def pytest_collection_modifyitems(session, config, items):
    """Give nbval's check cells their expected output from ``checked_outputs.json``."""
    from nbformat.v4 import new_output

    checks = [
        item
        for item in items
        if getattr(item, "cell", None) is not None
        and getattr(item, "options", None) is not None
        and item.options.get("check")
    ]
    if not checks:
        return
    refresh = _refresh_module()
    stored = json.loads(EXPECTED.read_text(encoding="utf-8")) if EXPECTED.exists() else {}
    for item in checks:
        if not refresh.is_checked(item.cell):
            continue
        notebook = Path(str(item.fspath)).name
        text = _expected_output(
            stored, notebook, item.cell_num, item.cell.source, refresh.source_digest
        )
        item.cell.outputs = [new_output("stream", name="stdout", text=text)]
        # nbval compares a cell only when the reference has an execution count
        item.cell.execution_count = item.cell_num + 1

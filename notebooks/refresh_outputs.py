"""Re-run the tutorial notebooks and store the outputs that nbval checks, nothing else.

The notebooks are committed with every output stripped. ``pytest --nbval-lax`` runs
every cell and compares the cells marked ``# NBVAL_CHECK_OUTPUT`` with their expected
plain text, which this script stores in ``notebooks/checked_outputs.json`` (keyed by
the cell's position among the code cells, with a digest of its source);
``notebooks/conftest.py`` hands that text to nbval.

After an intended change in personakit's results, refresh the stored outputs with::

    .venv/bin/python notebooks/refresh_outputs.py            # every notebook
    .venv/bin/python notebooks/refresh_outputs.py notebooks/03_personas_to_journey_maps.ipynb

and review the diff (``git diff notebooks/checked_outputs.json``) before committing. A check cell may
only print plain text (stdout): a rich display, a figure or a warning in a check cell
is refused, since it would make the comparison fragile. Each notebook's run time is
printed; the tutorials are meant to stay under a minute each.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"
HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "checked_outputs.json"


def source_digest(source: str) -> str:
    """SHA-256 of a cell's source (its stored output belongs to this exact source).

    Examples
    --------
    >>> source_digest("print(1)")[:12]
    'd287bb7f9d15'
    """
    import hashlib

    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def is_checked(cell) -> bool:
    """Return whether a notebook cell is an nbval check cell.

    Parameters
    ----------
    cell : dict
        A notebook cell (nbformat node or plain dict).

    Returns
    -------
    bool
        True for a code cell whose source contains the ``# NBVAL_CHECK_OUTPUT`` marker
        on a line of its own.

    Examples
    --------
    >>> is_checked({"cell_type": "code", "source": "# NBVAL_CHECK_OUTPUT\\nprint(1)"})
    True
    >>> is_checked({"cell_type": "markdown", "source": "# NBVAL_CHECK_OUTPUT"})
    False
    """
    if cell.get("cell_type") != "code":
        return False
    source = cell.get("source", "")
    if isinstance(source, list):
        source = "".join(source)
    return any(line.strip() == CHECK_MARKER for line in source.splitlines())


def checked_outputs(nb, *, name: str = "notebook") -> dict[str, dict[str, str]]:
    """The printed text of every check cell of an executed notebook, keyed by its position.

    The key is the cell's position among the code cells, counted from 0 as nbval
    does; each entry holds the text and the SHA-256 of the cell's source.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook.
    name : str, default "notebook"
        Used in error messages.

    Returns
    -------
    dict
        ``{"<position>": {"source_sha256": ..., "stdout": ...}}``.

    Raises
    ------
    ValueError
        When a check cell produced something other than standard output (a rich
        display, an error, a warning on stderr) or nothing at all.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("x = 1"),
    ...             nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\\nprint(2)")]
    >>> nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="2\\n")]
    >>> checked_outputs(nb)["1"]["stdout"]
    '2\\n'
    """
    out: dict[str, dict[str, str]] = {}
    position = -1
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        position += 1
        if not is_checked(cell):
            continue
        bad = [o for o in cell.outputs if o.output_type != "stream" or o.name != "stdout"]
        if bad:
            kinds = sorted({o.output_type + (f" ({o.name})" if "name" in o else "") for o in bad})
            raise ValueError(
                f"{name}, cell {number}: a {CHECK_MARKER} cell may only print plain text, but it "
                f"also produced {kinds}. Print the values (print(...)) instead of displaying "
                "them, and silence warnings in that cell or move that code to another cell."
            )
        text = "".join(o.text for o in cell.outputs)
        if not text.strip():
            raise ValueError(
                f"{name}, cell {number}: a {CHECK_MARKER} cell printed nothing, so nbval would "
                "check nothing. Print the values it should check."
            )
        out[str(position)] = {"source_sha256": source_digest(cell.source), "stdout": text}
    return out


def strip_outputs(nb):
    """Drop every output and execution count, saved widget state and execution timestamps.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A notebook; changed in place.

    Returns
    -------
    nbformat.NotebookNode
        ``nb``.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\\nprint(2)", execution_count=2)]
    >>> nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="2\\n")]
    >>> [(c.execution_count, c.outputs) for c in strip_outputs(nb).cells]
    [(None, [])]
    """
    nb.metadata.pop("widgets", None)  # saved widget state is output too
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def store(name: str, entries: dict[str, dict[str, str]], path: Path = EXPECTED) -> None:
    """Replace one notebook's entries in ``checked_outputs.json`` (sorted, stable text)."""
    stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    stored[name] = entries
    ordered = {
        nb: dict(sorted(cells.items(), key=lambda kv: int(kv[0])))
        for nb, cells in sorted(stored.items())
    }
    path.write_text(json.dumps(ordered, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def refresh(path: Path, *, timeout: int = 600) -> float:
    """Execute one notebook, store its check outputs, write it back stripped.

    Parameters
    ----------
    path : Path
        The ``.ipynb`` file.
    timeout : int, default 600
        Seconds allowed per cell.

    Returns
    -------
    float
        Wall-clock seconds the notebook took to run.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    entries = checked_outputs(nb, name=path.name)
    strip_outputs(nb)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    store(path.name, entries)
    return seconds


def main(argv: list[str] | None = None) -> int:
    """Refresh the notebooks named on the command line (default: all of them)."""
    args = sys.argv[1:] if argv is None else argv
    paths = [Path(a) for a in args] or sorted(HERE.glob("[0-9][0-9]_*.ipynb"))
    for path in paths:
        seconds = refresh(path)
        print(f"{path.name}: ran in {seconds:.1f} s, check outputs stored")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

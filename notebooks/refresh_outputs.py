"""Re-run the tutorial notebooks and store the outputs that nbval checks, nothing else.

The notebooks are kept with their outputs stripped, except the cells marked
``# NBVAL_CHECK_OUTPUT``: ``pytest --nbval-lax`` runs every cell but compares only
those, against the plain-text output stored in the notebook. nbval compares a cell
only when it has an execution count, so check cells keep one (their position among
the code cells) and every other cell has none.

After an intended change in personakit's results, refresh the stored outputs with::

    .venv/bin/python notebooks/refresh_outputs.py            # every notebook
    .venv/bin/python notebooks/refresh_outputs.py notebooks/03_personas_to_journey_maps.ipynb

and review the diff (``git diff notebooks/``) before committing. A check cell may
only print plain text (stdout): a rich display, a figure or a warning in a check cell
is refused, since it would make the comparison fragile. Each notebook's run time is
printed; the tutorials are meant to stay under a minute each.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"
HERE = Path(__file__).resolve().parent


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


def strip_outputs(nb, *, name: str = "notebook"):
    """Keep only the plain-text outputs of check cells; drop every other output and count.

    Saved widget state and execution timestamps are dropped too.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook; changed in place.
    name : str, default "notebook"
        Used in error messages.

    Returns
    -------
    nbformat.NotebookNode
        ``nb``.

    Raises
    ------
    ValueError
        When a check cell produced something other than standard output (a rich
        display, an error, a warning on stderr) or nothing at all.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("x = 1\\nx", execution_count=1),
    ...             nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\\nprint(2)", execution_count=2)]
    >>> nb.cells[0].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1"})]
    >>> nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="2\\n")]
    >>> nb = strip_outputs(nb)
    >>> [(c.execution_count, len(c.outputs)) for c in nb.cells]
    [(None, 0), (2, 1)]
    """
    nb.metadata.pop("widgets", None)  # saved widget state is output too
    position = 0
    for number, cell in enumerate(nb.cells, start=1):
        cell.get("metadata", {}).pop("execution", None)
        if cell.cell_type != "code":
            continue
        position += 1
        if not is_checked(cell):
            cell.outputs = []
            cell.execution_count = None
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
        from nbformat.v4 import new_output

        cell.outputs = [new_output("stream", name="stdout", text=text)]
        cell.execution_count = position
    return nb


def refresh(path: Path, *, timeout: int = 600) -> float:
    """Execute one notebook in its folder, keep the check outputs, write it back.

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
    strip_outputs(nb, name=path.name)
    nbformat.validate(nb)
    nbformat.write(nb, path)
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

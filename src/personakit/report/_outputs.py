"""Write a run's outputs into a folder atomically: all of them, or none."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from personakit._errors import PersonakitError

__all__ = ["AtomicOutputDir"]


class AtomicOutputDir:
    """A context manager that builds an output folder in a temporary sibling and swaps it in.

    Everything is written under :attr:`path` (a hidden temporary folder next to
    the target). Only when the ``with`` block ends without an error is the
    temporary folder renamed to the target; after a failure the target is left
    exactly as it was (absent, or the previous run's outputs) and the temporary
    folder is removed. An existing, non-empty target is replaced only with
    ``force=True``. A target that contains one of the run's inputs is refused,
    so inputs are never overwritten.

    Parameters
    ----------
    target : str or Path
        The output folder.
    force : bool, default False
        Replace an existing non-empty folder.
    inputs : iterable of str or Path, optional
        The run's input files and folders; the target must not contain them.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "run"
    >>> with AtomicOutputDir(out) as tmp:
    ...     _ = (tmp / "personas.json").write_text("{}")
    >>> sorted(p.name for p in out.iterdir())
    ['personas.json']
    """

    def __init__(
        self, target: str | Path, *, force: bool = False, inputs: Iterable[str | Path] = ()
    ) -> None:
        self.target = Path(target).expanduser().resolve()
        self.force = force
        self.inputs = [Path(p).expanduser().resolve() for p in inputs if p]
        self.path: Path | None = None

    def __enter__(self) -> Path:
        target = self.target
        if target.exists() and not target.is_dir():
            raise PersonakitError(
                f"Output path {str(target)!r} exists and is a file; give a folder path."
            )
        if target.is_dir() and any(target.iterdir()) and not self.force:
            raise PersonakitError(
                f"Output folder {str(target)!r} already exists and is not empty; pass --force "
                "(force=True) to replace it, or choose another folder."
            )
        for item in self.inputs:
            if item == target or target in item.parents:
                raise PersonakitError(
                    f"Output folder {str(target)!r} contains the input {str(item)!r}; choose an "
                    "output folder outside your data so inputs are never overwritten."
                )
        target.parent.mkdir(parents=True, exist_ok=True)
        self.path = target.parent / f".{target.name}.tmp-{os.getpid()}"
        if self.path.exists():
            shutil.rmtree(self.path)
        self.path.mkdir()
        return self.path

    def __exit__(self, exc_type, exc, tb) -> None:
        assert self.path is not None
        if exc_type is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            return
        old = None
        if self.target.exists():
            old = self.target.parent / f".{self.target.name}.old-{os.getpid()}"
            if old.exists():
                shutil.rmtree(old)
            self.target.rename(old)
        self.path.rename(self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

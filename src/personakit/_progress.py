"""A small progress display for long steps: a bar in a terminal, quiet in CI and notebooks."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """Report progress over a known number of steps.

    Shown only when the stream is a terminal and ``CI`` is not set (so logs and
    CI stay clean), unless ``enabled`` says otherwise.

    Parameters
    ----------
    total : int
        Number of steps.
    enabled : bool, optional
        Force the display on or off.
    stream : file-like, optional
        Where to draw; default ``sys.stderr``.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> p = Progress(2, enabled=True, stream=out)
    >>> p.step("reading survey")
    >>> p.step("segmenting")
    >>> p.close()
    >>> "2/2 segmenting" in out.getvalue()
    True
    """

    def __init__(
        self, total: int, *, enabled: bool | None = None, stream: TextIO | None = None
    ) -> None:
        self.total = max(int(total), 1)
        self.stream = stream or sys.stderr
        if enabled is None:
            is_tty = getattr(self.stream, "isatty", lambda: False)()
            enabled = bool(is_tty) and not os.environ.get("CI")
        self.enabled = enabled
        self.done = 0
        self.started = time.perf_counter()

    def step(self, label: str) -> None:
        """Mark the start of the next step and redraw.

        Parameters
        ----------
        label : str
            What is being done now.
        """
        self.done = min(self.done + 1, self.total)
        if not self.enabled:
            return
        width = 24
        filled = round(width * self.done / self.total)
        elapsed = time.perf_counter() - self.started
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} {label:<40.40} {elapsed:6.1f}s")
        self.stream.flush()

    def close(self) -> None:
        """End the display with a newline."""
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()

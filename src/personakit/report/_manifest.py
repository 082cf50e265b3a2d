"""The run manifest: what produced these outputs, so a colleague can reproduce them."""

from __future__ import annotations

import hashlib
import platform
import sys
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

__all__ = ["DEPENDENCIES", "build_manifest", "file_sha256"]

DEPENDENCIES = (
    "pandas",
    "numpy",
    "scipy",
    "scikit-learn",
    "matplotlib",
    "jinja2",
    "openpyxl",
    "pyreadstat",
    "python-docx",
    "vaderSentiment",
    "pyyaml",
    "onnxruntime",
    "tokenizers",
)
MANIFEST_VERSION = 1
INPUT_KEYS = ("survey", "transcripts", "interviews", "accounts", "content_inventory")


def file_sha256(path: str | Path) -> str:
    """Return the SHA-256 hex digest of a file, read in chunks.

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    str
        64 hexadecimal characters.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> file_sha256(p)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _inputs(paths: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for role, value in paths.items():
        if value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            path = Path(item)
            files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            for file in files:
                rows.append(
                    {
                        "role": role,
                        "name": file.name,
                        "path": str(file),
                        "bytes": file.stat().st_size,
                        "sha256": file_sha256(file),
                    }
                )
    return rows


def _versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in ("personakit", *DEPENDENCIES):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def build_manifest(
    config: Mapping[str, Any],
    *,
    timings: Mapping[str, float] | None = None,
    outputs: list[str] | None = None,
    summary: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Describe a run: versions, input hashes, the resolved configuration, seed and timings.

    Parameters
    ----------
    config : mapping
        The resolved configuration (see :func:`personakit.config.validate_config`).
    timings : mapping, optional
        Seconds per step.
    outputs : list of str, optional
        Names of the files the run wrote.
    summary : mapping, optional
        Headline results (respondents, exclusions, personas, ...).

    Returns
    -------
    dict
        JSON-safe manifest with ``manifest_version``, ``personakit_version``,
        ``python``, ``platform``, ``versions``, ``inputs`` (role, name, path, bytes,
        sha256), ``config``, ``seed``, ``timings_s``, ``outputs`` and ``summary``.

    Examples
    --------
    >>> from personakit.config import DEFAULT_CONFIG
    >>> m = build_manifest(DEFAULT_CONFIG, timings={"read": 0.5})
    >>> m["seed"], m["timings_s"]["read"], "pandas" in m["versions"]
    (0, 0.5, True)
    """
    versions = _versions()
    return {
        "manifest_version": MANIFEST_VERSION,
        "personakit_version": versions["personakit"],
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "versions": versions,
        "inputs": _inputs(
            {key: config.get("inputs", {}).get(key) for key in INPUT_KEYS}
            | {"codebook": config.get("codebook", {}).get("file")}
        ),
        "config": dict(config),
        "seed": config.get("seed", 0),
        "timings_s": {k: round(float(v), 3) for k, v in (timings or {}).items()},
        "outputs": sorted(outputs or []),
        "summary": dict(summary or {}),
    }

"""The shareable outputs of a run: the HTML report, the run manifest, atomic output folders."""

from personakit.report._manifest import build_manifest, file_sha256
from personakit.report._outputs import AtomicOutputDir

__all__ = ["AtomicOutputDir", "build_manifest", "file_sha256"]

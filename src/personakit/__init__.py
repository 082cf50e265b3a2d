"""personakit: from customer research to personas and journey maps.

The public API is flat: everything a user needs is importable from
``personakit`` directly. Submodules are imported lazily on first use, so
``import personakit`` stays fast and optional dependencies are only needed by
the parts that use them.

Data flow: ``read_survey`` / ``read_accounts`` -> ``Survey`` (responses,
codebook, quality, PII) -> ``PersonaSegmenter`` -> ``PersonaSet``;
``read_transcripts`` / open answers -> ``analyze_text`` (evidence) ->
``JourneyMap.build`` -> figures, HTML report, JSON.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _pkg_version

from personakit import stages
from personakit._errors import (
    ConfigError,
    JourneyError,
    PersonakitError,
    PersonakitWarning,
    SegmentationError,
    SurveyFormatError,
    TranscriptFormatError,
)
from personakit.stages import DEFAULT_STAGES, Stage

try:
    __version__ = _pkg_version("personakit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

# name -> module that defines it; imported on first attribute access (PEP 562).
_LAZY = {
    # survey ingest
    "Survey": "personakit.survey",
    "read_survey": "personakit.survey",
    "QualityRules": "personakit.quality",
    "mask_pii": "personakit.privacy",
    "find_pii": "personakit.privacy",
    # accounts, transcripts, content
    "read_accounts": "personakit.io.accounts",
    "read_transcripts": "personakit.io.transcripts",
    "read_content_inventory": "personakit.io.content",
    # segmentation and personas
    "PersonaSegmenter": "personakit.segment",
    "gower_distances": "personakit.segment",
    "PersonaSet": "personakit.personas",
    "Persona": "personakit.personas",
    # text evidence
    "analyze_text": "personakit.text",
    "pain_points": "personakit.text",
    "assign_themes": "personakit.text",
    # journeys
    "Journey": "personakit.journey",
    "JourneyMap": "personakit.journey",
    # sample data
    "simulate_survey": "personakit.simulate",
    "load_sample": "personakit.datasets",
    "sample_path": "personakit.datasets",
}

__all__ = [
    "ConfigError",
    "DEFAULT_STAGES",
    "Journey",
    "JourneyError",
    "JourneyMap",
    "Persona",
    "PersonaSegmenter",
    "PersonaSet",
    "PersonakitError",
    "PersonakitWarning",
    "QualityRules",
    "SegmentationError",
    "Stage",
    "Survey",
    "SurveyFormatError",
    "TranscriptFormatError",
    "analyze_text",
    "assign_themes",
    "find_pii",
    "gower_distances",
    "load_sample",
    "mask_pii",
    "pain_points",
    "read_accounts",
    "read_content_inventory",
    "read_survey",
    "read_transcripts",
    "sample_path",
    "simulate_survey",
    "stages",
]


def __getattr__(name: str):
    module_name = _LAZY.get(name)
    if module_name is None:
        try:
            return importlib.import_module(f"personakit.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"personakit.{name}":
                raise
            raise AttributeError(f"module 'personakit' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

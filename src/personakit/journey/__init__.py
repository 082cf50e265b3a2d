"""Journeys and journey maps.

- :class:`Journey`: ordered stages (built-in sets or your own), the journey's
  kind (``persona``, ``brand``, ``handoff``) and, for hand-off journeys, each
  persona's participation per stage (driver, participant, gatekeeper, not
  involved) with where it came from. Rename, reorder, merge and split stages.
- :class:`JourneyMap`: built from the evidence table of
  :func:`personakit.analyze_text` (and optionally the survey), one cell per
  persona × stage with valence and its interval, emotions, pain points with
  severity and quotes, touchpoints, survey scores and opportunities; plots,
  HTML, Markdown, JSON, CSV and XLSX.
- :func:`personakit.read_content_inventory` and
  :meth:`JourneyMap.content_coverage`: which cells have content, and whether
  it is the kind the stage needs.

Examples
--------
>>> from personakit.journey import example_map
>>> jm = example_map()
>>> jm.cell("Bargain hunter", "consideration").top_pain_point["theme"]
'confusing plan comparison'
"""

from personakit.journey._build import SCHEMA, SCHEMA_VERSION, JourneyMap
from personakit.journey._cells import LANES, JourneyCell
from personakit.journey._content import CONTENT_CATEGORIES, ContentCoverage, stage_needs
from personakit.journey._example import example_evidence, example_map
from personakit.journey._export import FRAME_COLUMNS, safe_spreadsheet_frame
from personakit.journey._model import (
    JOURNEY_KINDS,
    PARTICIPATION_LEVELS,
    Journey,
    normalise_level,
)
from personakit.journey._participation import (
    BUYING_ROLE_PROFILES,
    participation_from_accounts,
    participation_from_evidence,
)

__all__ = [
    "BUYING_ROLE_PROFILES",
    "CONTENT_CATEGORIES",
    "FRAME_COLUMNS",
    "JOURNEY_KINDS",
    "LANES",
    "PARTICIPATION_LEVELS",
    "SCHEMA",
    "SCHEMA_VERSION",
    "ContentCoverage",
    "Journey",
    "JourneyCell",
    "JourneyMap",
    "example_evidence",
    "example_map",
    "normalise_level",
    "participation_from_accounts",
    "participation_from_evidence",
    "safe_spreadsheet_frame",
    "stage_needs",
]

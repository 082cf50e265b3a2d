"""Personas: profiles of segments, persona cards and their exports.

``PersonaSet.from_labels(survey, labels)`` (or a fitted segmenter's
``personas_``) compares every persona with the rest on every variable
(weighted shares and means, effect sizes, FDR-adjusted p-values), writes the
distinguishing traits in plain words, drafts a name and a description, finds
representative respondents and masked quotes, and fills the sections of a
persona card from the codebook roles. See :class:`PersonaSet` and
:class:`Persona`.
"""

from personakit.personas._core import SCHEMA, SCHEMA_VERSION, SECTIONS, Persona, PersonaSet
from personakit.personas._profile import PROFILE_COLUMNS

__all__ = ["PROFILE_COLUMNS", "SCHEMA", "SCHEMA_VERSION", "SECTIONS", "Persona", "PersonaSet"]

"""Evidence from text: journey stages, emotions, valence, pain points and themes.

The main entry points are :func:`analyze_text` (interview turns and open answers
-> one evidence row per sentence) and :func:`pain_points` (a ranked table of pain
themes). Every step is a swappable component:

- :class:`ValenceScorer` (VADER plus an interview lexicon and rules),
- :class:`StageScorer` (cue phrases, stage descriptions and examples, the
  interviewer's question, tense; no training),
- :class:`EmotionScorer` (cue phrases, valence, a journey prior),
- :class:`PainPointScorer` (pain cues by type, need statements),
- :class:`ThemeFinder` (pain points and needs grouped by type, words and
  topics, or embeddings; labelled with a short phrase from a representative
  quote) and :func:`assign_themes` (themes for stacked evidence tables),
- embedders: :class:`MiniLMEmbedder` (optional ``[embeddings]`` extra, offline
  ONNX model, disk cache) and :class:`PrecomputedEmbedder`.

Lower-level helpers: :func:`split_sentences`, :func:`detect_language`,
:func:`valence_sign`.
"""

from personakit.text._analyze import EVIDENCE_COLUMNS, analyze_text
from personakit.text._embeddings import MiniLMEmbedder, PrecomputedEmbedder
from personakit.text._emotion import EMOTIONS, EmotionScorer
from personakit.text._language import detect_language
from personakit.text._pain import PAIN_TYPES, PainPointScorer
from personakit.text._pain_points import pain_points
from personakit.text._sentences import split_sentences
from personakit.text._stage import StageScorer
from personakit.text._themes import ThemeFinder, assign_themes
from personakit.text._valence import ValenceScorer, valence_sign

__all__ = [
    "EMOTIONS",
    "EVIDENCE_COLUMNS",
    "PAIN_TYPES",
    "EmotionScorer",
    "MiniLMEmbedder",
    "PainPointScorer",
    "PrecomputedEmbedder",
    "StageScorer",
    "ThemeFinder",
    "ValenceScorer",
    "analyze_text",
    "assign_themes",
    "detect_language",
    "pain_points",
    "split_sentences",
    "valence_sign",
]

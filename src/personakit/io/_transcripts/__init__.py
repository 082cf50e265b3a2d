"""Parsers behind :func:`personakit.read_transcripts`, one module per layout.

Each parser turns the bytes of one file into :class:`ParsedInterview` objects
(speaker segments with times and line numbers); :mod:`personakit.io.transcripts`
merges the segments into turns, infers roles and applies the mapping.

- :mod:`._common`: decoding, text clean-up, timestamps, the segment model.
- :mod:`._speakers`: speaker-name heuristics (``Name: text`` prefixes).
- :mod:`._vtt`: WebVTT (Zoom, Teams) and SRT.
- :mod:`._text`: Otter ``.txt`` and plain ``Name: text`` transcripts.
- :mod:`._docx`: Teams and Google Meet ``.docx`` exports.
- :mod:`._notes`: interview notes kept in CSV/XLSX spreadsheets.
- :mod:`._roles`: interviewer / participant inference.
- :mod:`._mapping`: interview -> respondent id / persona mapping.
"""

from personakit.io._transcripts._common import ParsedInterview, Segment

__all__ = ["ParsedInterview", "Segment"]

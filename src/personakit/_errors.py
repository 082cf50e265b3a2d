"""The exceptions and warnings personakit raises.

Every error a user can trigger with bad input is a :class:`PersonakitError`
(itself a :class:`ValueError`), so ``except personakit.PersonakitError`` catches
them all. Messages name the file, row, column or parameter, show the bad value,
and say what to do.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "JourneyError",
    "PersonakitError",
    "PersonakitWarning",
    "SegmentationError",
    "SurveyFormatError",
    "TranscriptFormatError",
]


class PersonakitError(ValueError):
    """Base class of every error personakit raises for bad input.

    Examples
    --------
    >>> import personakit
    >>> issubclass(personakit.SurveyFormatError, personakit.PersonakitError)
    True
    >>> issubclass(personakit.PersonakitError, ValueError)
    True
    """


class SurveyFormatError(PersonakitError):
    """A survey export could not be read as the format it claims or was detected as.

    The message names the file and, where known, the row or column, what was
    expected there, and how to fix it.

    Examples
    --------
    >>> import personakit
    >>> err = personakit.SurveyFormatError("survey.csv: the file is empty.")
    >>> isinstance(err, ValueError)
    True
    """


class TranscriptFormatError(PersonakitError):
    """An interview transcript or notes file could not be parsed into utterances.

    Examples
    --------
    >>> import personakit
    >>> issubclass(personakit.TranscriptFormatError, personakit.PersonakitError)
    True
    """


class SegmentationError(PersonakitError):
    """The data or settings given to a segmenter cannot produce personas.

    Examples
    --------
    >>> import personakit
    >>> issubclass(personakit.SegmentationError, personakit.PersonakitError)
    True
    """


class JourneyError(PersonakitError):
    """A journey, its stages or the evidence for a journey map are inconsistent.

    Examples
    --------
    >>> import personakit
    >>> issubclass(personakit.JourneyError, personakit.PersonakitError)
    True
    """


class ConfigError(PersonakitError):
    """A run configuration (YAML) has an unknown key, a wrong type or a missing file.

    Examples
    --------
    >>> import personakit
    >>> issubclass(personakit.ConfigError, personakit.PersonakitError)
    True
    """


class PersonakitWarning(UserWarning):
    """A warning about an automatic decision the user may want to review.

    Examples
    --------
    >>> import warnings, personakit
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("check this", personakit.PersonakitWarning)
    >>> caught[0].category.__name__
    'PersonakitWarning'
    """

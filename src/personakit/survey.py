"""The :class:`Survey` object: responses, codebook, quality flags and exclusions.

This contract is public; the segmenter, the persona profiler, the text
analysis and the journey maps rely on it:

- ``survey.responses``: one row per respondent, index named ``respondent_id``
  (strings, from the export's own ids), one column per analysis variable.
  Likert/ordinal items are ordered categoricals in the scale's order; nominal
  items are (unordered) categoricals; multi-select questions are one boolean
  column per option; numeric and NPS items are floats; text is strings;
  dates are datetimes. Missing answers are ``NA``; why they are missing is in
  ``survey.missing``.
- ``survey.codebook``: one row per variable, columns :data:`CODEBOOK_COLUMNS`.
- ``survey.quality``: one row per respondent, boolean flags
  :data:`QUALITY_FLAGS` plus ``exclude_suggested`` and a ``quality_reasons`` text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from personakit._errors import PersonakitError

__all__ = ["CODEBOOK_COLUMNS", "KINDS", "QUALITY_FLAGS", "ROLES", "Survey"]

KINDS = (
    "id",
    "metadata",
    "date",
    "likert",
    "ordinal",
    "nominal",
    "multiselect",
    "numeric",
    "nps",
    "text",
    "weight",
)
"""Variable kinds a codebook may use."""

ROLES = (
    "goal",
    "need",
    "pain",
    "behaviour",
    "attitude",
    "channel",
    "content_preference",
    "touchpoint",
    "satisfaction",
    "demographic",
    "firmographic",
    "decision_role",
    "attention_check",
)
"""Suggested values of the codebook ``role`` column (free text is allowed)."""

CODEBOOK_COLUMNS = (
    "variable",  # column name in survey.responses
    "question_id",  # groups the variables of one question (grid rows, options)
    "question",  # question text
    "sub_label",  # grid statement or option label, or None
    "kind",  # one of KINDS
    "kind_reason",  # why personakit chose this kind (or "set by user")
    "levels",  # ordered answer labels (likert/ordinal/nominal/multiselect), else None
    "scale",  # name of the recognised answer scale, e.g. "agree5", or None
    "reverse",  # reverse-coded item (recoded on the scale's range)
    "missing_codes",  # answers treated as missing (labels or codes)
    "source_columns",  # export column(s) this variable came from
    "pii",  # holds personal data; kept out of shared outputs by default
    "stage",  # journey stage the question is about, or None
    "role",  # goal, pain, channel, demographic, ... (see ROLES), or None
    "include",  # use in analysis (segmentation, profiles)
)
"""Columns of ``Survey.codebook``, in order."""

QUALITY_FLAGS = (
    "preview",
    "incomplete",
    "speeder",
    "straightliner",
    "attention_failed",
    "duplicate",
)
"""Boolean columns of ``Survey.quality`` (plus ``exclude_suggested``)."""


class Survey:
    """Survey responses with their codebook, quality flags and exclusion log.

    Usually made by :func:`personakit.read_survey`; build one directly only
    when you already have a clean table and its codebook.

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent, index of unique respondent ids.
    codebook : pandas.DataFrame
        One row per column of ``responses`` with the columns in
        :data:`CODEBOOK_COLUMNS` (missing ones are filled with defaults).
    quality : pandas.DataFrame, optional
        Per-respondent quality flags; all ``False`` when not given.
    missing : pandas.DataFrame, optional
        Long table ``respondent_id, variable, value, reason`` of answers turned
        into missing values and why.
    source : str, default "generic"
        The export format.
    source_reason : str, optional
        Why that format was detected.
    path : str or Path, optional
        The file the survey was read from.
    exclusions : pandas.DataFrame, optional
        Log of respondents excluded so far: ``respondent_id, reason``.
    notes : sequence of str, optional
        Things the reader fixed or noticed.
    metadata : dict, optional
        Anything else readers want to keep (quality rules used, reader options).

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit import Survey
    >>> responses = pd.DataFrame(
    ...     {"age": [34.0, 51.0]}, index=pd.Index(["r1", "r2"], name="respondent_id")
    ... )
    >>> survey = Survey(responses, pd.DataFrame({"variable": ["age"], "kind": ["numeric"]}))
    >>> survey.n_respondents
    2
    >>> survey.variables(kind="numeric")
    ['age']
    """

    def __init__(
        self,
        responses: pd.DataFrame,
        codebook: pd.DataFrame,
        *,
        quality: pd.DataFrame | None = None,
        missing: pd.DataFrame | None = None,
        source: str = "generic",
        source_reason: str = "",
        path: str | Path | None = None,
        exclusions: pd.DataFrame | None = None,
        notes: Sequence[str] = (),
        metadata: dict[str, Any] | None = None,
    ) -> None:
        if not isinstance(responses, pd.DataFrame):
            raise PersonakitError(
                f"responses must be a pandas DataFrame, got {type(responses).__name__}."
            )
        if responses.index.has_duplicates:
            dupes = responses.index[responses.index.duplicated()].unique()[:5].tolist()
            raise PersonakitError(
                f"Respondent ids must be unique; repeated: {dupes}. Pass a table whose index "
                "is the respondent id."
            )
        responses = responses.copy()
        responses.index = responses.index.astype(str)
        responses.index.name = "respondent_id"
        self.responses = responses
        self.codebook = _normalise_codebook(codebook, responses)
        if quality is None:
            quality = pd.DataFrame(False, index=responses.index, columns=list(QUALITY_FLAGS))
            quality["exclude_suggested"] = False
            quality["quality_reasons"] = ""
        self.quality = quality
        if missing is None:
            missing = pd.DataFrame(
                {"respondent_id": [], "variable": [], "value": [], "reason": []}, dtype=object
            )
        self.missing = missing
        if exclusions is None:
            exclusions = pd.DataFrame({"respondent_id": [], "reason": []}, dtype=object)
        self.exclusions = exclusions
        self.source = source
        self.source_reason = source_reason
        self.path = Path(path) if path is not None else None
        self.notes = list(notes)
        self.metadata = dict(metadata or {})

    # -- convenience -----------------------------------------------------------------
    @property
    def n_respondents(self) -> int:
        """Number of respondents (rows of ``responses``)."""
        return len(self.responses)

    @property
    def weights(self) -> pd.Series | None:
        """The survey weight variable (codebook kind ``weight``), or ``None``."""
        names = self.variables(kind="weight", include_only=False)
        if not names:
            return None
        return self.responses[names[0]].astype(float)

    def variables(
        self,
        kind: str | Sequence[str] | None = None,
        *,
        role: str | Sequence[str] | None = None,
        stage: str | Sequence[str] | None = None,
        include_only: bool = True,
    ) -> list[str]:
        """List variable names, optionally filtered by kind, role or stage.

        Parameters
        ----------
        kind, role, stage : str or sequence of str, optional
            Keep variables whose codebook value is one of these.
        include_only : bool, default True
            Keep only variables whose codebook ``include`` is true.

        Returns
        -------
        list of str
            Variable names in codebook order.

        Examples
        --------
        >>> import pandas as pd
        >>> from personakit import Survey
        >>> s = Survey(pd.DataFrame({"a": [1.0], "b": ["x"]}),
        ...            pd.DataFrame({"variable": ["a", "b"], "kind": ["numeric", "text"]}))
        >>> s.variables(kind=["text"])
        ['b']
        """
        cb = self.codebook
        mask = pd.Series(True, index=cb.index)
        for column, wanted in (("kind", kind), ("role", role), ("stage", stage)):
            if wanted is None:
                continue
            wanted = [wanted] if isinstance(wanted, str) else list(wanted)
            mask &= cb[column].isin(wanted)
        if include_only:
            mask &= cb["include"].astype(bool)
        return cb.loc[mask, "variable"].tolist()

    def __repr__(self) -> str:
        kinds = self.codebook["kind"].value_counts()
        kind_text = ", ".join(f"{n} {k}" for k, n in kinds.items())
        flagged = int(self.quality.get("exclude_suggested", pd.Series(dtype=bool)).sum())
        where = f" from {self.path.name}" if self.path is not None else ""
        reason = f" ({self.source_reason})" if self.source_reason else ""
        return (
            f"<Survey{where}: {self.n_respondents} respondents, {len(self.codebook)} variables "
            f"[{kind_text}]; source={self.source}{reason}; {flagged} flagged for exclusion, "
            f"{len(self.exclusions)} excluded>"
        )

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(repr(self))}</pre>"


def _normalise_codebook(codebook: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
    """Fill default codebook columns and check it matches ``responses``."""
    if not isinstance(codebook, pd.DataFrame) or "variable" not in codebook.columns:
        raise PersonakitError(
            "codebook must be a DataFrame with a 'variable' column naming the response columns."
        )
    cb = codebook.copy().reset_index(drop=True)
    unknown = [v for v in cb["variable"] if v not in responses.columns]
    if unknown:
        raise PersonakitError(
            f"Codebook variables not found in the responses: {unknown[:5]}. Each codebook row must "
            "name a column of the responses table."
        )
    missing_rows = [c for c in responses.columns if c not in set(cb["variable"])]
    if missing_rows:
        raise PersonakitError(
            f"Response columns missing from the codebook: {missing_rows[:5]}. Add a row per column."
        )
    defaults: dict[str, Any] = {
        "question_id": None,
        "question": "",
        "sub_label": None,
        "kind": "nominal",
        "kind_reason": "",
        "levels": None,
        "scale": None,
        "reverse": False,
        "missing_codes": None,
        "source_columns": None,
        "pii": False,
        "stage": None,
        "role": None,
        "include": True,
    }
    for column in CODEBOOK_COLUMNS:
        if column not in cb.columns:
            if column == "source_columns":
                cb[column] = [[v] for v in cb["variable"]]
            elif column == "question_id":
                cb[column] = cb["variable"]
            else:
                cb[column] = [defaults[column]] * len(cb)
    bad = sorted(set(cb["kind"]) - set(KINDS))
    if bad:
        raise PersonakitError(f"Unknown codebook kind(s) {bad}; use one of {list(KINDS)}.")
    extra = [c for c in cb.columns if c not in CODEBOOK_COLUMNS]
    return cb[list(CODEBOOK_COLUMNS) + extra]

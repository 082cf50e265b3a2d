"""The :class:`Survey` object: responses, codebook, quality flags and exclusions.

This contract is public; the segmenter, the persona profiler, the text
analysis and the journey maps rely on it:

- ``survey.responses``: one row per respondent, index named ``respondent_id``
  (strings, from the export's own ids), one column per analysis variable.
  Likert/ordinal items are ordered categoricals in the scale's order; nominal
  items are (unordered) categoricals; multi-select questions are one nullable
  ``boolean`` column per option (``NA`` when the respondent chose none of the
  question's options: skipped or not shown); numeric and NPS items are floats;
  text is strings; dates are datetimes; id and metadata columns are kept as
  read. Missing answers are ``NA``; why they are missing is in ``survey.missing``.
- ``survey.codebook``: one row per variable, columns :data:`CODEBOOK_COLUMNS`.
- ``survey.quality``: one row per respondent, boolean flags
  :data:`QUALITY_FLAGS` plus ``exclude_suggested`` and a ``quality_reasons`` text.
- ``survey.missing``: long table ``respondent_id, variable, value, reason`` of
  answers turned into missing values; ``survey.exclusions``: who was excluded and why.

Personal data (emails, names, IP addresses, coordinates, phone numbers,
recipient/external references) stays in ``responses`` for the researcher but
is flagged ``pii=True`` in the codebook and left out of analysis;
:meth:`Survey.shareable_responses` and :meth:`Survey.open_answers` drop or mask
it unless you opt in with ``keep_pii=True``.

:func:`read_survey` reads an export (any supported format) and builds the
Survey; :meth:`Survey.from_frame` builds one from a DataFrame.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from personakit._errors import PersonakitError

if TYPE_CHECKING:  # pragma: no cover
    from personakit.io._raw import RawExport
    from personakit.quality import QualityRules

__all__ = [
    "CODEBOOK_COLUMNS",
    "KINDS",
    "QUALITY_FLAGS",
    "ROLES",
    "Survey",
    "SurveySummary",
    "read_survey",
]

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

    @property
    def keep_pii(self) -> bool:
        """Default of ``keep_pii`` for shared outputs (set by ``read_survey(keep_pii=...)``)."""
        return bool(self.metadata.get("keep_pii", False))

    @property
    def pii_variables(self) -> list[str]:
        """Variables flagged as personal data (``codebook.pii``)."""
        cb = self.codebook
        return cb.loc[cb["pii"].astype(bool), "variable"].tolist()

    def _copy(self, **changes: Any) -> Survey:
        kwargs = {
            "quality": self.quality,
            "missing": self.missing,
            "source": self.source,
            "source_reason": self.source_reason,
            "path": self.path,
            "exclusions": self.exclusions,
            "notes": self.notes,
            "metadata": self.metadata,
        }
        responses = changes.pop("responses", self.responses)
        codebook = changes.pop("codebook", self.codebook)
        kwargs.update(changes)
        return Survey(responses, codebook, **kwargs)

    # -- exclusions ------------------------------------------------------------------
    def exclude(self, which: Any = "suggested", *, reason: str | None = None) -> Survey:
        """Return a new Survey without some respondents, logging who and why.

        Nothing is dropped silently: the excluded ids and the reason are appended
        to ``exclusions`` (this survey is not changed).

        Parameters
        ----------
        which : str, list or boolean Series, default "suggested"
            ``"suggested"`` (``quality.exclude_suggested``), a quality flag name or a
            list of them (``["speeder", "preview"]``), a list of respondent ids, or
            a boolean Series indexed by respondent id (True = exclude).
        reason : str, optional
            Why; by default the respondents' ``quality_reasons`` (for flags) or
            ``"excluded by id"``.

        Returns
        -------
        Survey
            The remaining respondents, with ``exclusions`` extended.

        Raises
        ------
        PersonakitError
            For an unknown flag name, unknown respondent ids, or a Series that
            does not cover the respondents.

        Examples
        --------
        >>> import pandas as pd
        >>> from personakit import Survey
        >>> s = Survey(pd.DataFrame({"a": [1.0, 2.0, 3.0]}, index=["r1", "r2", "r3"]),
        ...            pd.DataFrame({"variable": ["a"], "kind": ["numeric"]}))
        >>> kept = s.exclude(["r2"], reason="tested the survey")
        >>> kept.n_respondents, kept.exclusions.values.tolist()
        (2, [['r2', 'tested the survey']])
        """
        index = self.responses.index
        flag_names = (*QUALITY_FLAGS, "exclude_suggested")
        per_reason: pd.Series | None = None
        if isinstance(which, str):
            which = "exclude_suggested" if which == "suggested" else which
            if which not in flag_names:
                raise PersonakitError(
                    f"exclude({which!r}): not a quality flag; use 'suggested', one of "
                    f"{list(QUALITY_FLAGS)}, a list of respondent ids or a boolean Series."
                )
            mask = self.quality[which].astype(bool).reindex(index, fill_value=False)
            per_reason = self.quality["quality_reasons"].reindex(index).fillna("")
            if (per_reason[mask] == "").any():
                per_reason = per_reason.where(per_reason != "", f"flag {which}")
        elif isinstance(which, pd.Series) and (
            pd.api.types.is_bool_dtype(which.dtype) or which.dtype == object
        ):
            which_idx = which.index.astype(str)
            missing_ids = index.difference(which_idx)
            if len(missing_ids):
                raise PersonakitError(
                    f"exclude(series): the Series has no value for {len(missing_ids)} respondents "
                    f"(e.g. {missing_ids[:3].tolist()}); index it by respondent_id."
                )
            mask = pd.Series(which.to_numpy(), index=which_idx).reindex(index)
            if mask.isna().any():
                raise PersonakitError(
                    "exclude(series): the Series holds missing values; use True/False."
                )
            mask = mask.astype(bool)
        elif isinstance(which, Sequence | pd.Index | np.ndarray | set):
            items = list(which)
            if items and all(isinstance(x, str) and x in flag_names for x in items):
                mask = self.quality[items].any(axis=1).reindex(index, fill_value=False)
                per_reason = self.quality["quality_reasons"].reindex(index).fillna("")
            else:
                wanted = pd.Index([str(x) for x in items])
                unknown = wanted.difference(index)
                if len(unknown):
                    raise PersonakitError(
                        f"exclude(ids): {len(unknown)} ids are not respondents of this survey "
                        f"(e.g. {unknown[:3].tolist()}); respondent ids are in survey.responses.index."
                    )
                mask = pd.Series(index.isin(wanted), index=index)
        else:
            raise PersonakitError(
                f"exclude() got {type(which).__name__}; pass 'suggested', a flag name or list of "
                "flag names, a list of respondent ids, or a boolean Series."
            )
        mask = mask.to_numpy(dtype=bool)
        dropped = index[mask]
        if reason is not None:
            reasons = [reason] * len(dropped)
        elif per_reason is not None:
            reasons = per_reason[mask].tolist()
        else:
            reasons = ["excluded by id"] * len(dropped)
        log = pd.DataFrame({"respondent_id": list(dropped), "reason": reasons}, dtype=object)
        exclusions = (
            pd.concat([self.exclusions, log], ignore_index=True) if len(log) else self.exclusions
        )
        keep = index[~mask]
        metadata = dict(self.metadata)
        if isinstance(metadata.get("file_row"), pd.Series):
            metadata["file_row"] = metadata["file_row"].reindex(keep)
        missing = self.missing
        if len(missing) and len(dropped):
            missing = missing.loc[~missing["respondent_id"].isin(set(dropped))].reset_index(
                drop=True
            )
        return self._copy(
            responses=self.responses.loc[keep],
            quality=self.quality.loc[self.quality.index.isin(keep)],
            missing=missing,
            exclusions=exclusions,
            metadata=metadata,
        )

    # -- sharing ----------------------------------------------------------------------
    def _names(self) -> list[str]:
        """Respondent names from the PII name columns (for masking free text)."""
        kinds = self.metadata.get("pii_kinds", {})
        names: set[str] = set()
        for variable, kind in kinds.items():
            if kind != "name" or variable not in self.responses.columns:
                continue
            for value in self.responses[variable].dropna().unique():
                text = str(value).strip()
                if not text or text.lower() in {"anonymous", "n/a", "none"}:
                    continue
                names.add(text)
                names.update(part for part in text.replace(",", " ").split() if len(part) >= 3)
        return sorted(names)

    def shareable_responses(self, keep_pii: bool | None = None) -> pd.DataFrame:
        """The responses as they may be shared: personal data dropped, free text masked.

        Parameters
        ----------
        keep_pii : bool, optional
            ``True`` is the explicit opt-in to keep PII columns and unmasked text;
            by default the survey's :attr:`keep_pii` (False unless
            ``read_survey(..., keep_pii=True)``).

        Returns
        -------
        pandas.DataFrame
            A copy of ``responses`` without the ``pii=True`` variables, with emails,
            phone numbers, tokenised links, IP addresses, coordinates and the
            respondents' own names in text variables replaced by placeholders
            (:func:`personakit.mask_pii`).

        Examples
        --------
        >>> import pandas as pd
        >>> from personakit import Survey
        >>> s = Survey(pd.DataFrame({"email": ["a@b.org"], "why": ["write to a@b.org"]}),
        ...            pd.DataFrame({"variable": ["email", "why"], "kind": ["metadata", "text"],
        ...                          "pii": [True, False]}))
        >>> s.shareable_responses().to_dict("records")
        [{'why': 'write to [EMAIL]'}]
        """
        keep = self.keep_pii if keep_pii is None else bool(keep_pii)
        out = self.responses.copy()
        if keep:
            return out
        from personakit.privacy import mask_pii

        out = out.drop(columns=self.pii_variables)
        names = self._names()
        for variable in self.variables(kind="text", include_only=False):
            if variable in out.columns:
                out[variable] = mask_pii(out[variable], names=names)
        return out

    def open_answers(
        self, variables: str | Sequence[str] | None = None, *, masked: bool = True
    ) -> pd.DataFrame:
        """Open answers as a long table, one row per non-empty answer.

        Parameters
        ----------
        variables : str or list of str, optional
            Text variables to include; all text variables that are not PII by
            default.
        masked : bool, default True
            Mask personal data in the text (:func:`personakit.mask_pii`); ``False``
            is the opt-in to raw text.

        Returns
        -------
        pandas.DataFrame
            Columns ``respondent_id, variable, question, text``, in codebook order
            then respondent order.

        Raises
        ------
        PersonakitError
            For an unknown variable or one that is not text.

        Examples
        --------
        >>> import pandas as pd
        >>> from personakit import Survey
        >>> s = Survey(pd.DataFrame({"why": ["Too pricey", None]}, index=["r1", "r2"]),
        ...            pd.DataFrame({"variable": ["why"], "kind": ["text"],
        ...                          "question": ["What almost stopped you?"]}))
        >>> s.open_answers().values.tolist()
        [['r1', 'why', 'What almost stopped you?', 'Too pricey']]
        """
        cb = self.codebook.set_index("variable")
        if variables is None:
            names = [
                v
                for v in self.variables(kind="text", include_only=False)
                if not bool(cb.loc[v, "pii"])
            ]
        else:
            names = [variables] if isinstance(variables, str) else list(variables)
            for name in names:
                if name not in cb.index:
                    raise PersonakitError(
                        f"open_answers: {name!r} is not a variable of this survey; text variables "
                        f"are {self.variables(kind='text', include_only=False)}."
                    )
                if cb.loc[name, "kind"] != "text":
                    raise PersonakitError(
                        f"open_answers: {name!r} is {cb.loc[name, 'kind']}, not text; text "
                        f"variables are {self.variables(kind='text', include_only=False)}."
                    )
        parts = []
        names_for_mask = self._names() if masked else None
        for name in names:
            column = self.responses[name]
            present = column.notna() & (column.astype("str").str.strip() != "")
            texts = column[present]
            if masked:
                from personakit.privacy import mask_pii

                texts = mask_pii(texts, names=names_for_mask)
            parts.append(
                pd.DataFrame(
                    {
                        "respondent_id": texts.index.astype(str),
                        "variable": name,
                        "question": str(cb.loc[name, "question"] or ""),
                        "text": texts.astype("str").to_numpy(),
                    }
                )
            )
        if not parts:
            return pd.DataFrame(
                {"respondent_id": [], "variable": [], "question": [], "text": []}, dtype="str"
            )
        return pd.concat(parts, ignore_index=True)

    # -- codebook ---------------------------------------------------------------------
    def save_codebook(self, path: str | Path) -> Path:
        """Write the codebook as CSV (list cells as JSON) for editing and re-use.

        Edit kinds, ``levels`` (orders), ``reverse``, ``missing_codes``, ``stage``,
        ``role``, ``pii`` or ``include`` in any spreadsheet, then pass the file to
        ``read_survey(path, codebook=...)``.

        Parameters
        ----------
        path : str or Path
            The CSV file to write.

        Returns
        -------
        Path
            The file written.

        Examples
        --------
        >>> import pandas as pd, tempfile, os
        >>> from personakit import Survey
        >>> s = Survey(pd.DataFrame({"a": [1.0]}), pd.DataFrame({"variable": ["a"], "kind": ["numeric"]}))
        >>> out = s.save_codebook(os.path.join(tempfile.mkdtemp(), "codebook.csv"))
        >>> out.read_text().splitlines()[0].split(",")[:5]
        ['variable', 'question_id', 'question', 'sub_label', 'kind']
        """
        from personakit.codebook import write_codebook

        return write_codebook(self.codebook, path)

    # -- construction from a table ---------------------------------------------------
    @classmethod
    def from_frame(
        cls,
        df: pd.DataFrame,
        *,
        kinds: Mapping[str, str] | None = None,
        codebook: str | Path | pd.DataFrame | None = None,
        id_column: str | None = None,
        **options: Any,
    ) -> Survey:
        """Build a Survey from an in-memory table, inferring each column's kind.

        Kinds come from the dtypes: ordered categorical -> ordinal, unordered
        categorical -> nominal, bool -> multiselect, numbers -> numeric (or likert /
        nps when the values and column name say so), datetimes -> date, strings ->
        likert when the labels fit a known scale, else nominal or text (long,
        varied answers). Lists in cells, or ``kinds={col: "multiselect"}`` on
        joined text, become one boolean column per option.

        Parameters
        ----------
        df : pandas.DataFrame
            One row per respondent.
        kinds : dict, optional
            ``{column: kind}`` hints for columns whose kind the dtype cannot tell.
        codebook : str, Path or DataFrame, optional
            A codebook to apply (as in :func:`read_survey`).
        id_column : str, optional
            Column of respondent ids; else the index (if not a RangeIndex), else
            ``row1``, ``row2``, ...
        **options
            Passed to :func:`personakit.codebook.build_survey` (``likert``,
            ``reverse``, ``missing_codes``, ``attention_checks``, ``quality_rules``,
            ``weights``, ``scales``, ``keep_pii``).

        Returns
        -------
        Survey
            Source ``"dataframe"``.

        Examples
        --------
        >>> import pandas as pd
        >>> from personakit import Survey
        >>> df = pd.DataFrame({"sat": ["Satisfied", "Very dissatisfied", "Neutral"],
        ...                    "team": [3, 12, 5]}, index=["a", "b", "c"])
        >>> s = Survey.from_frame(df)
        >>> s.codebook.set_index("variable").loc[["sat", "team"], "kind"].tolist()
        ['likert', 'numeric']
        """
        from personakit.codebook import build_survey, frame_to_raw

        raw = frame_to_raw(df, id_column=id_column, kinds=kinds)
        return build_survey(raw, codebook=codebook, **options)

    # -- summaries ---------------------------------------------------------------------
    def summary(self) -> SurveySummary:
        """Codebook and quality counts as small tables (printed by ``make demo``).

        Returns
        -------
        SurveySummary
            ``kinds`` (variables per kind), ``codebook`` (one row per variable:
            kind, scale, stage, role, pii, include, answered, missing codes) and
            ``quality`` (respondents per flag); prints as text, displays as HTML.

        Examples
        --------
        >>> import pandas as pd
        >>> from personakit import Survey
        >>> s = Survey(pd.DataFrame({"a": [1.0, None]}), pd.DataFrame({"variable": ["a"], "kind": ["numeric"]}))
        >>> s.summary().codebook[["variable", "kind", "answered"]].values.tolist()
        [['a', 'numeric', 1]]
        """
        cb = self.codebook
        answered = self.responses.notna().sum()
        coded = (
            self.missing.groupby("variable").size() if len(self.missing) else pd.Series(dtype=int)
        )
        table = pd.DataFrame(
            {
                "variable": cb["variable"],
                "kind": cb["kind"],
                "scale": cb["scale"],
                "stage": cb["stage"],
                "role": cb["role"],
                "pii": cb["pii"].astype(bool),
                "include": cb["include"].astype(bool),
                "answered": [int(answered.get(v, 0)) for v in cb["variable"]],
                "missing_coded": [int(coded.get(v, 0)) for v in cb["variable"]],
            }
        ).reset_index(drop=True)
        kinds = (
            cb["kind"]
            .value_counts()
            .reindex([k for k in KINDS if k in set(cb["kind"])])
            .rename_axis("kind")
            .reset_index(name="variables")
        )
        n = max(self.n_respondents, 1)
        rows = []
        for flag in (*QUALITY_FLAGS, "exclude_suggested"):
            count = int(self.quality[flag].astype(bool).sum()) if flag in self.quality else 0
            rows.append({"flag": flag, "respondents": count, "share": round(count / n, 4)})
        quality = pd.DataFrame(rows)
        return SurveySummary(
            title=self._title(),
            n_respondents=self.n_respondents,
            source=self.source,
            source_reason=self.source_reason,
            kinds=kinds,
            codebook=table,
            quality=quality,
            n_excluded=len(self.exclusions),
            notes=list(self.notes),
        )

    def _title(self) -> str:
        return self.path.name if self.path is not None else "survey"

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
        return self.summary()._repr_html_()


@dataclass
class SurveySummary:
    """A printable overview of a :class:`Survey`: kinds, codebook and quality counts.

    Attributes
    ----------
    title : str
        The file name (or ``"survey"``).
    n_respondents : int
        Respondents in the survey.
    source, source_reason : str
        The export format and why it was detected.
    kinds : pandas.DataFrame
        ``kind, variables``.
    codebook : pandas.DataFrame
        ``variable, kind, scale, stage, role, pii, include, answered, missing_coded``.
    quality : pandas.DataFrame
        ``flag, respondents, share``.
    n_excluded : int
        Respondents already excluded.
    notes : list of str
        What the reader fixed or the codebook builder warned about.

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit import Survey
    >>> s = Survey(pd.DataFrame({"a": [1.0]}), pd.DataFrame({"variable": ["a"], "kind": ["numeric"]}))
    >>> print(str(s.summary()).splitlines()[0])
    survey: 1 respondents, 1 variables (source generic)
    """

    title: str
    n_respondents: int
    source: str
    source_reason: str
    kinds: pd.DataFrame
    codebook: pd.DataFrame
    quality: pd.DataFrame
    n_excluded: int = 0
    notes: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain data (for JSON).

        Returns
        -------
        dict
            Title, counts, source, and the three tables as lists of records.

        Examples
        --------
        >>> import pandas as pd
        >>> from personakit import Survey
        >>> s = Survey(pd.DataFrame({"a": [1.0]}), pd.DataFrame({"variable": ["a"], "kind": ["numeric"]}))
        >>> s.summary().to_dict()["kinds"]
        [{'kind': 'numeric', 'variables': 1}]
        """
        from personakit._json import to_jsonable

        return to_jsonable(
            {
                "title": self.title,
                "n_respondents": self.n_respondents,
                "source": self.source,
                "source_reason": self.source_reason,
                "kinds": self.kinds,
                "codebook": self.codebook,
                "quality": self.quality,
                "n_excluded": self.n_excluded,
                "notes": list(self.notes or []),
            }
        )

    def to_markdown(self) -> str:
        """The summary as Markdown text.

        Returns
        -------
        str
            A heading, the source, and the three tables as pipe tables.

        Examples
        --------
        >>> import pandas as pd
        >>> from personakit import Survey
        >>> s = Survey(pd.DataFrame({"a": [1.0]}), pd.DataFrame({"variable": ["a"], "kind": ["numeric"]}))
        >>> s.summary().to_markdown().splitlines()[0]
        '# survey'
        """
        lines = [
            f"# {self.title}",
            "",
            f"{self.n_respondents} respondents, {len(self.codebook)} variables; source "
            f"{self.source}" + (f" ({self.source_reason})" if self.source_reason else "") + ".",
            "",
            "## Quality flags",
            "",
            _pipe_table(self.quality),
            "",
            "## Variables",
            "",
            _pipe_table(self.codebook),
        ]
        return "\n".join(lines) + "\n"

    def write_html(self, path: str | Path) -> Path:
        """Write the summary as a small stand-alone HTML page.

        Parameters
        ----------
        path : str or Path
            The file to write (UTF-8).

        Returns
        -------
        Path
            The file written.

        Examples
        --------
        >>> import pandas as pd, tempfile, os
        >>> from personakit import Survey
        >>> s = Survey(pd.DataFrame({"a": [1.0]}), pd.DataFrame({"variable": ["a"], "kind": ["numeric"]}))
        >>> out = s.summary().write_html(os.path.join(tempfile.mkdtemp(), "survey.html"))
        >>> out.read_text().startswith("<!DOCTYPE html>")
        True
        """
        path = Path(path)
        body = self._repr_html_()
        table = self.codebook.to_html(index=False, escape=True, na_rep="", border=0)
        page = (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(self.title)}</title></head><body>\n{body}\n"
            f"<h2>Variables</h2>\n{table}\n</body></html>\n"
        )
        path.write_text(page, encoding="utf-8")
        return path

    def __str__(self) -> str:
        head = (
            f"{self.title}: {self.n_respondents} respondents, {len(self.codebook)} variables "
            f"(source {self.source})"
        )
        parts = [head]
        if self.source_reason:
            parts.append(f"detected because: {self.source_reason}")
        parts.append("")
        parts.append(
            "Kinds: " + ", ".join(f"{r.variables} {r.kind}" for r in self.kinds.itertuples())
        )
        parts.append("")
        parts.append("Quality flags:")
        parts.append(self.quality.to_string(index=False))
        parts.append("")
        parts.append("Codebook:")
        with pd.option_context(
            "display.max_rows", 500, "display.max_colwidth", 40, "display.width", 200
        ):
            parts.append(self.codebook.to_string(index=False))
        if self.n_excluded:
            parts.append(f"\n{self.n_excluded} respondents excluded so far.")
        return "\n".join(parts)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        esc = html.escape
        flagged = self.quality.set_index("flag")["respondents"]
        pii = self.codebook.loc[self.codebook["pii"], "variable"].tolist()
        rows = "".join(
            f"<tr><td>{esc(str(r.flag))}</td><td>{int(r.respondents)}</td><td>{r.share:.1%}</td></tr>"
            for r in self.quality.itertuples()
        )
        kinds = ", ".join(f"{int(r.variables)} {esc(str(r.kind))}" for r in self.kinds.itertuples())
        notes = "".join(f"<li>{esc(n)}</li>" for n in (self.notes or [])[:10])
        return (
            '<div class="personakit-survey">'
            f"<strong>Survey {esc(self.title)}</strong>: {self.n_respondents} respondents, "
            f"{len(self.codebook)} variables ({kinds})<br>"
            f"Source: <code>{esc(self.source)}</code>"
            + (f" &mdash; {esc(self.source_reason)}" if self.source_reason else "")
            + "<br>"
            + (
                f"Personal data (kept out of shared outputs): {esc(', '.join(pii))}<br>"
                if pii
                else ""
            )
            + f"{int(flagged.get('exclude_suggested', 0))} respondents suggested for exclusion, "
            f"{self.n_excluded} excluded."
            "<table><thead><tr><th>flag</th><th>respondents</th><th>share</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            + (f"<details><summary>Notes</summary><ul>{notes}</ul></details>" if notes else "")
            + "</div>"
        )


def _pipe_table(frame: pd.DataFrame) -> str:
    def cell(value: Any) -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return ""
        return str(value).replace("|", "\\|").replace("\n", " ")

    header = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *body])


def read_survey(
    path: str | Path | RawExport,
    *,
    source: str = "auto",
    codebook: str | Path | pd.DataFrame | None = None,
    scales: Any = None,
    reverse: Sequence[str] | None = None,
    likert: Mapping[str, Any] | None = None,
    missing_codes: Any = None,
    attention_checks: Mapping[str, Any] | None = None,
    quality_rules: QualityRules | None = None,
    weights: str | pd.Series | Sequence[float] | None = None,
    keep_pii: bool = False,
    **reader_options: Any,
) -> Survey:
    """Read a survey export into a :class:`Survey` with its codebook and quality flags.

    Supported exports: Qualtrics (CSV, TSV, XLSX; current, legacy and 2016
    layouts), SurveyMonkey, Google Forms, Microsoft Forms, Typeform, SPSS
    ``.sav`` and generic one-header CSV/XLSX. The format is detected from the
    file's signature (``survey.source`` and ``survey.source_reason`` say which and
    why); ``source=`` overrides it. The file is never modified.

    Parameters
    ----------
    path : str, Path or RawExport
        The export file (or an already-read :class:`~personakit.io.RawExport`).
    source : str, default "auto"
        ``"qualtrics"``, ``"surveymonkey"``, ``"google_forms"``, ``"ms_forms"``,
        ``"typeform"``, ``"spss"``, ``"generic"`` or ``"auto"``.
    codebook : str, Path or DataFrame, optional
        A codebook written by :meth:`Survey.save_codebook` (and edited): its
        decisions replace the automatic ones.
    scales : dict, optional
        Extra answer scales ``{name: [labels low to high]}``.
    reverse : list of str, optional
        Reverse-coded variables (or question ids), recoded as ``min + max - x`` on
        the scale's range.
    likert : dict, optional
        ``{variable or question id: [labels low to high] or scale name}``.
    missing_codes : list or dict, optional
        More answers/codes to treat as missing, for all variables or per variable.
    attention_checks : dict, optional
        ``{variable: expected answer}``.
    quality_rules : QualityRules, optional
        Thresholds of the quality flags.
    weights : str, Series or sequence, optional
        Weight column name, or weights per respondent.
    keep_pii : bool, default False
        Default for shared outputs; ``True`` is the explicit opt-in to share
        personal data (see :meth:`Survey.shareable_responses`).
    **reader_options
        Passed to :func:`personakit.io.read_raw_export` (``sheet=``,
        ``encoding=``, ``header_rows=``, ...).

    Returns
    -------
    Survey
        Responses, codebook, quality flags, missing-value log.

    Raises
    ------
    SurveyFormatError
        When the file cannot be read as a survey export.
    PersonakitError
        For bad arguments or a codebook that does not fit the export.

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit.io._raw import RawColumn, RawExport
    >>> raw = RawExport(pd.DataFrame({"id": ["1", "2"], "nps": ["10", "3"]}, dtype="str"),
    ...                 [RawColumn("id", "id", hint="id"),
    ...                  RawColumn("nps", "nps", question="How likely are you to recommend us?")],
    ...                 source="generic", detection_reason="test", id_column="id")
    >>> survey = read_survey(raw)
    >>> survey.codebook["kind"].tolist()
    ['id', 'nps']
    """
    from personakit.codebook import build_survey
    from personakit.io._raw import RawExport

    if isinstance(path, RawExport):
        if reader_options:
            raise PersonakitError(
                f"read_survey: reader options {sorted(reader_options)} have no effect on an "
                "already-read RawExport."
            )
        raw = path
    else:
        from personakit.io import read_raw_export

        raw = read_raw_export(path, source=source, **reader_options)
    return build_survey(
        raw,
        codebook=codebook,
        scales=scales,
        reverse=reverse,
        likert=likert,
        missing_codes=missing_codes,
        attention_checks=attention_checks,
        quality_rules=quality_rules,
        weights=weights,
        keep_pii=keep_pii,
    )


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
    listed = set(cb["variable"])
    missing_rows = [c for c in responses.columns if c not in listed]
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

"""The :class:`PersonaSet` and :class:`Persona` result objects.

A :class:`PersonaSet` is built from a survey and persona labels (usually by
``PersonaSegmenter(...).fit(survey).personas_``, or directly with
:meth:`PersonaSet.from_labels`). It holds the tidy profile table (every
persona against the rest on every variable), one :class:`Persona` card per
persona (draft name, description, distinguishing traits, card sections from
the codebook roles, representatives, masked quotes), and exports them to
JSON, Markdown, HTML and matplotlib figures.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from personakit import _json
from personakit._errors import PersonakitError
from personakit.personas import _members, _profile, _text
from personakit.personas._cards import (
    SECTIONS,
    STABILITY_THRESHOLD,
    _card_context,
    _isna,
    _md,
    _persona_markdown,
    _stability_text,
)
from personakit.personas._checks import (
    _as_survey,
    _check_labels,
    _check_probabilities,
    _check_weights,
)
from personakit.privacy import respondent_names

__all__ = ["SCHEMA", "SCHEMA_VERSION", "SECTIONS", "Persona", "PersonaSet"]

SCHEMA = "personakit.PersonaSet"
SCHEMA_VERSION = 1
SMALL_PERSONA = 30
"""Personas with fewer members also take traits most of their members share (see traits)."""
BASIS_TESTED = "significant difference (FDR)"
BASIS_SHARED = "shared by most members"


_DESCRIPTIVE_SECTIONS = ("demographics", "decision_role")
# sections that also list what a persona has *less* of than the others
_TWO_SIDED_SECTIONS = ("demographics", "attitudes", "behaviours")
_MAX_SECTION_ITEMS = 6

# a trait is a row of the profile: its columns but the bookkeeping ones, plus its basis
_PROFILE_ONLY = (
    "persona",
    "question_id",
    "question",
    "stage",
    "cramers_v",
    "n_in",
    "n_out",
    "p_value",
    "significant",
)
TRAIT_COLUMNS = (*(c for c in _profile.PROFILE_COLUMNS if c not in _PROFILE_ONLY), "basis")
"""Columns of ``Persona.traits``: ``variable, label, kind, role, statistic, level,
share_in, share_out, mean_in, mean_out, difference, effect, effect_type, effect_size,
odds_ratio, p_adj, direction, strength, trait, short, basis``."""

_FLOAT_COLUMNS = {
    "share_in",
    "share_out",
    "mean_in",
    "mean_out",
    "difference",
    "effect",
    "odds_ratio",
    "cramers_v",
    "p_value",
    "p_adj",
    "strength",
}
_INT_COLUMNS = {"persona", "n_in", "n_out"}
_BOOL_COLUMNS = {"significant"}


# -- helpers -------------------------------------------------------------------------------
def _frame_to_split(frame: pd.DataFrame) -> dict[str, Any]:
    data = []
    for row in frame.itertuples(index=False, name=None):
        data.append([None if _isna(v) else v for v in row])
    return {"columns": list(frame.columns), "data": data}


def _frame_from_split(payload: Any, what: str) -> pd.DataFrame:
    if not isinstance(payload, Mapping) or "columns" not in payload or "data" not in payload:
        raise PersonakitError(
            f"from_dict: {what} must be a mapping with 'columns' and 'data' lists, as written "
            "by PersonaSet.to_dict()."
        )
    columns = list(payload["columns"])
    frame = pd.DataFrame(list(payload["data"]), columns=columns)
    for column in columns:
        if column in _FLOAT_COLUMNS:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
        elif column in _INT_COLUMNS:
            frame[column] = frame[column].astype(np.int64)
        elif column in _BOOL_COLUMNS:
            frame[column] = frame[column].astype(bool)
        else:
            frame[column] = frame[column].astype(object)
    return frame


def _section(key: str, doc: str) -> property:
    """A read-only property returning a copy of one card section of a Persona."""

    def get(self: Persona) -> list[str]:
        return list(self.sections[key])

    get.__name__ = key
    get.__doc__ = doc
    return property(get, doc=doc)


def _num_or_none(value: Any) -> float | None:
    if value is None or _isna(value):
        return None
    return float(value)


def _stability_of(segmentation: Any) -> dict[int, float]:
    if segmentation is None:
        return {}
    table = getattr(segmentation, "stability_", None)
    if table is None:
        return {}
    if isinstance(table, pd.DataFrame):
        for column in ("stability", "jaccard", "mean_jaccard"):
            if column in table.columns:
                table = table[column]
                break
        else:
            numeric = table.select_dtypes("number")
            if numeric.empty:
                return {}
            table = numeric.iloc[:, 0]
    if isinstance(table, Mapping):
        table = pd.Series(table)
    if not isinstance(table, pd.Series):
        return {}
    out = {}
    for key, value in table.items():
        try:
            number = float(value)
            if math.isfinite(number):
                out[int(key)] = number
        except (TypeError, ValueError):
            continue
    return out


def _segmentation_settings(segmentation: Any) -> dict[str, Any] | None:
    if segmentation is None:
        return None
    out: dict[str, Any] = {"class": type(segmentation).__name__}
    for attr, key in (
        ("method_", "method"),
        ("method", "method_requested"),
        ("n_personas_", "n_personas"),
        ("selection_reason_", "selection_reason"),
    ):
        value = getattr(segmentation, attr, None)
        if isinstance(value, str | int | float | np.integer | np.floating):
            out[key] = value.item() if isinstance(value, np.generic) else value
    return out


def _is_middle(row: Mapping[str, Any], infos: Mapping[str, Any]) -> bool:
    info = infos.get(row["variable"])
    if info is None or info.kind not in ("likert", "ordinal") or row["statistic"] != "share":
        return False
    levels = info.levels
    if len(levels) < 3 or row["level"] not in levels:
        return False
    return abs(levels.index(row["level"]) / (len(levels) - 1) - 0.5) < 1e-9


def _select_traits(rows: pd.DataFrame, infos: Mapping[str, Any], *, size: int) -> pd.DataFrame:
    """One distinguishing row per variable, strongest first, with the rule that admitted it.

    A row is a trait when its difference is significant after the FDR
    adjustment and at least small (Cohen); in a small persona (fewer than
    ``SMALL_PERSONA`` members, as with top accounts, where tests have little
    power) also when more than half of its members share an answer and that
    is at least 30 points more than among the others (and at least 3 members).
    Within a variable the preferred row is a level the persona chooses more
    often (not the scale's middle), then the mean score, then the middle level,
    then a level it chooses less often.
    """
    tested = rows["significant"] & rows["effect_size"].isin(["small", "medium", "large"])
    basis = pd.Series(np.where(tested, BASIS_TESTED, ""), index=rows.index, dtype=object)
    if size < SMALL_PERSONA:
        shared = (
            rows["statistic"].eq("share")
            & (rows["share_in"] > 0.5)
            & (rows["difference"] >= 0.3)
            & (rows["share_in"] * rows["n_in"] >= 3 - 1e-9)
        )
        basis[shared & ~tested] = BASIS_SHARED
    candidates = rows[basis != ""].assign(basis=basis[basis != ""])
    if candidates.empty:
        return candidates
    position = np.arange(len(candidates))
    middle = np.array([_is_middle(r, infos) for r in candidates.to_dict("records")], dtype=bool)
    positive = candidates["effect"].to_numpy() > 0
    preference = np.where(
        candidates["statistic"].eq("mean"),
        1,
        np.where(positive & ~middle, 0, np.where(positive, 2, 3)),
    )
    preference = np.where(candidates["kind"].isin(["multiselect"]), 0, preference)
    ordered = candidates.assign(_pref=preference, _pos=position)
    ordered = ordered.sort_values(["_pref", "strength", "_pos"], ascending=[True, False, True])
    best = ordered.drop_duplicates("variable", keep="first")
    best = best.sort_values(["strength", "_pos"], ascending=[False, True], kind="stable")
    return best.drop(columns=["_pref", "_pos"])


def _sections(
    traits: pd.DataFrame, rows: pd.DataFrame, infos: dict[str, Any]
) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    for key, (_, roles) in SECTIONS.items():
        items: list[str] = []
        chosen = traits[traits["role"].isin(roles)]
        for row in chosen.to_dict("records"):
            if (
                key not in _TWO_SIDED_SECTIONS
                and _text.positive_sign(row, infos[row["variable"]]) <= 0
            ):
                continue
            text = row["short"]
            if key == "pain_points":
                kind = _text.pain_kind(f"{row['label']} {row['level'] or ''}")
                text = f"{text} [{kind}]" if kind else text
            items.append(text)
        if key in _DESCRIPTIVE_SECTIONS:
            items += _typical(rows, roles, set(chosen["variable"]), infos)
        sections[key] = items[:_MAX_SECTION_ITEMS]
    return sections


def _typical(
    rows: pd.DataFrame, roles: tuple[str, ...], skip: set[str], infos: dict[str, Any]
) -> list[str]:
    """Most common answer (or the mean) of descriptive variables that do not set the persona apart."""
    out = []
    pool = rows[rows["role"].isin(roles) & ~rows["variable"].isin(skip)]
    for variable, group in pool.groupby("variable", sort=False):
        info = infos[variable]
        if info.kind == "multiselect":
            continue
        shares = group[group["statistic"] == "share"]
        if not shares.empty:
            top = shares.loc[shares["share_in"].idxmax()]
            if top["share_in"] >= 0.4:
                out.append(f"{info.label}: {top['level']} ({_text.pct(top['share_in'])} of them)")
            continue
        means = group[group["statistic"] == "mean"]
        if not means.empty:
            top = means.iloc[0]
            out.append(f"{info.label}: average {_text.fmt_num(top['mean_in'])}")
    return out


# -- Persona -------------------------------------------------------------------------------
class Persona:
    """One persona: a segment of respondents described as a persona card.

    Built by :meth:`PersonaSet.from_labels`; read its attributes, show it in
    Jupyter, or export it.

    Parameters
    ----------
    id : int
        Persona number (1 = largest when built by a segmenter).
    name : str
        Display name (a draft from the top traits until renamed).
    description : str
        One line: size and what sets the persona apart.
    size : int
        Number of members.
    share : float
        Share of the profiled respondents (0-1).
    weighted_share : float
        Share of the total survey weight (equal to ``share`` without weights).
    members : pandas.Index
        Respondent ids of the members.
    traits : pandas.DataFrame
        Distinguishing traits, strongest first, one per variable (columns
        ``TRAIT_COLUMNS``: variable, label, level, share_in, share_out, effect,
        p_adj, trait (a sentence), short (a compact phrase), basis, ...).
        ``basis`` says why a row is a trait: "significant difference (FDR)"
        (adjusted p below ``alpha`` and at least a small effect), or, in
        personas of fewer than 30 members (top accounts), "shared by most
        members" (more than half of them, at least 30 points more than the
        others, at least 3 members).
    sections : dict
        Card sections (see :data:`SECTIONS`): key -> list of trait phrases.
    quotes : list of dict
        ``{"text", "respondent_id", "variable"}``, PII-masked open answers.
    representatives : list of str
        Respondent ids closest to the persona's centre, closest first.
    stability : float, optional
        Mean Jaccard similarity over bootstrap resamples (from the segmenter).
    certainty : float, optional
        Mean probability of the members' assignment to this persona.
    draft_name : str, optional
        The automatic name (kept when renamed).
    profile : pandas.DataFrame, optional
        This persona's rows of the full profile table.
    unit : str, default "respondents"
        What the members are ("respondents" or "accounts").

    Examples
    --------
    >>> import personakit
    >>> p = personakit.Persona(id=1, name="Busy buyer", description="Half of them.", size=5,
    ...                        share=0.5, weighted_share=0.5, members=["a", "b", "c", "d", "e"])
    >>> p
    <Persona 1 'Busy buyer': 5 respondents (50 %), 0 distinguishing traits>
    >>> p.goals
    []
    """

    def __init__(
        self,
        *,
        id: int,
        name: str,
        description: str,
        size: int,
        share: float,
        weighted_share: float,
        members: Sequence[str] | pd.Index = (),
        traits: pd.DataFrame | None = None,
        sections: Mapping[str, list[str]] | None = None,
        quotes: Sequence[Mapping[str, str]] = (),
        representatives: Sequence[str] = (),
        stability: float | None = None,
        certainty: float | None = None,
        draft_name: str | None = None,
        profile: pd.DataFrame | None = None,
        unit: str = "respondents",
    ) -> None:
        self.id = int(id)
        self.name = name
        self.description = description
        self.size = int(size)
        self.share = float(share)
        self.weighted_share = float(weighted_share)
        self.members = pd.Index(members, dtype=object, name="respondent_id")
        self.traits = traits if traits is not None else pd.DataFrame(columns=list(TRAIT_COLUMNS))
        self.sections = {key: list((sections or {}).get(key, [])) for key in SECTIONS}
        self.quotes = [dict(q) for q in quotes]
        self.representatives = [str(r) for r in representatives]
        self.stability = stability
        self.certainty = certainty
        self.draft_name = draft_name if draft_name is not None else name
        self.profile = profile
        self.unit = unit

    # -- card sections (contract 3): each a copy of its list in ``sections`` ---------------
    goals = _section(
        "goals", "Goals and motivations where the persona differs (codebook role ``goal``)."
    )
    needs = _section("needs", "Needs where the persona differs (codebook role ``need``).")
    pain_points = _section(
        "pain_points", "Pain points, with their kind in brackets (codebook role ``pain``)."
    )
    channels = _section(
        "channels",
        "Preferred channels and touchpoints (codebook roles ``channel``, ``touchpoint``).",
    )
    content_preferences = _section(
        "content_preferences", "Preferred content formats (codebook role ``content_preference``)."
    )
    demographics = _section(
        "demographics",
        "Demographics and firmographics: distinguishing first, then typical answers.",
    )
    decision_role = _section(
        "decision_role", "Decision role in buying (codebook role ``decision_role``)."
    )

    @property
    def stable(self) -> bool | None:
        """Whether the persona is stable on resampling (stability of at least 0.6)."""
        if self.stability is None:
            return None
        return bool(self.stability >= STABILITY_THRESHOLD)

    # -- displays and exports ---------------------------------------------------------------
    def __repr__(self) -> str:
        return (
            f"<Persona {self.id} {self.name!r}: {self.size} {self.unit} "
            f"({_text.pct(self.share)}), {len(self.traits)} distinguishing traits>"
        )

    def _repr_html_(self) -> str:
        from personakit._render import render_template

        return render_template(
            "persona_set.html.j2",
            cards=[_card_context(self, position=self.id - 1, weighted=False)],
            summary="",
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the persona as a JSON-safe dict.

        Returns
        -------
        dict
            Keys ``id, name, draft_name, description, size, share, weighted_share,
            stability, stable, certainty, representatives, quotes, sections, traits``
            (``traits`` as ``{"columns": [...], "data": [[...], ...]}``).

        Examples
        --------
        >>> import personakit
        >>> p = personakit.Persona(id=2, name="Planner", description="", size=3, share=0.3,
        ...                        weighted_share=0.3)
        >>> sorted(p.to_dict())[:4]
        ['certainty', 'description', 'draft_name', 'id']
        """
        traits = self.traits.reindex(columns=list(TRAIT_COLUMNS))
        return _json.to_jsonable(
            {
                "id": self.id,
                "name": self.name,
                "draft_name": self.draft_name,
                "description": self.description,
                "size": self.size,
                "share": self.share,
                "weighted_share": self.weighted_share,
                "stability": _num_or_none(self.stability),
                "stable": self.stable,
                "certainty": _num_or_none(self.certainty),
                "representatives": list(self.representatives),
                "quotes": [dict(q) for q in self.quotes],
                "sections": {k: list(v) for k, v in self.sections.items()},
                "traits": _frame_to_split(traits),
                "unit": self.unit,
            }
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, members: Sequence[str] = ()) -> Persona:
        """Rebuild a persona from :meth:`to_dict` output.

        Parameters
        ----------
        data : mapping
            A dict written by :meth:`to_dict`.
        members : sequence of str, optional
            Respondent ids of the members (not stored in the persona's dict).

        Returns
        -------
        Persona
            The persona.

        Examples
        --------
        >>> import personakit
        >>> p = personakit.Persona(id=2, name="Planner", description="", size=3, share=0.3,
        ...                        weighted_share=0.3)
        >>> personakit.Persona.from_dict(p.to_dict()).name
        'Planner'
        """
        if not isinstance(data, Mapping):
            raise PersonakitError(f"Persona.from_dict needs a mapping, got {type(data).__name__}.")
        needed = ("id", "name", "description", "size", "share", "weighted_share")
        absent = [k for k in needed if k not in data]
        if absent:
            raise PersonakitError(
                f"Persona.from_dict: keys {absent} are missing; pass a dict written by "
                "Persona.to_dict()."
            )
        traits = data.get("traits")
        return cls(
            id=data["id"],
            name=data["name"],
            description=data["description"],
            size=data["size"],
            share=data["share"],
            weighted_share=data["weighted_share"],
            members=list(members),
            traits=_frame_from_split(traits, "traits")
            if traits is not None
            else pd.DataFrame(columns=list(TRAIT_COLUMNS)),
            sections=data.get("sections"),
            quotes=data.get("quotes", ()),
            representatives=data.get("representatives", ()),
            stability=data.get("stability"),
            certainty=data.get("certainty"),
            draft_name=data.get("draft_name"),
            unit=data.get("unit", "respondents"),
        )

    def to_markdown(self, *, n_traits: int = 8) -> str:
        """Return the persona card as Markdown (user text escaped).

        Parameters
        ----------
        n_traits : int, default 8
            How many distinguishing traits to list.

        Returns
        -------
        str
            Markdown text.

        Examples
        --------
        >>> import personakit
        >>> p = personakit.Persona(id=1, name="<b>Ann</b>", description="", size=3, share=0.3,
        ...                        weighted_share=0.3)
        >>> p.to_markdown().splitlines()[0]
        '## 1. \\\\<b\\\\>Ann\\\\</b\\\\>'
        """
        return _persona_markdown(self, n_traits=n_traits, weighted=False)

    def plot(self, ax: Any = None, *, fig: Any = None) -> Any:
        """Draw the persona card with matplotlib.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw into (its axis is turned off).
        fig : matplotlib.figure.Figure, optional
            Figure to draw into when no ``ax`` is given.

        Returns
        -------
        matplotlib.figure.Figure
            The figure holding the card.

        Examples
        --------
        >>> import personakit
        >>> p = personakit.Persona(id=1, name="Ann", description="Small.", size=3, share=0.3,
        ...                        weighted_share=0.3)
        >>> type(p.plot()).__name__
        'Figure'
        """
        from personakit.plotting.personas import plot_persona_card

        if ax is None and fig is not None:
            ax = fig.add_subplot(1, 1, 1)
        ax = plot_persona_card(self, ax=ax)
        return ax.figure


# -- PersonaSet ----------------------------------------------------------------------------
class PersonaSet:
    """Personas built from a survey and persona labels, with their profiles and cards.

    Usually made by ``PersonaSegmenter(...).fit(survey).personas_`` or
    :meth:`from_labels`. Iterate over it to get :class:`Persona` objects; index
    it by persona id (or name).

    Parameters
    ----------
    personas : list of Persona
        The personas, ordered by id.
    labels : pandas.Series
        Persona id per profiled respondent (index: respondent id).
    profile : pandas.DataFrame
        The tidy profile table (see :meth:`to_frame`).
    survey : Survey, optional
        The survey the personas were built from (not stored in :meth:`to_dict`).
    settings : dict, optional
        How the set was built (thresholds, weighting, segmentation summary).

    Examples
    --------
    >>> import numpy as np, pandas as pd, personakit
    >>> rng = np.random.default_rng(0)
    >>> n = 120
    >>> persona = np.repeat([1, 2], n // 2)
    >>> price = np.where(persona == 1, rng.choice(["Agree", "Strongly agree"], n),
    ...                  rng.choice(["Disagree", "Neutral"], n))
    >>> levels = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
    >>> responses = pd.DataFrame(
    ...     {"price": pd.Categorical(price, categories=levels, ordered=True)},
    ...     index=[f"r{i}" for i in range(n)])
    >>> codebook = pd.DataFrame({"variable": ["price"], "kind": ["likert"],
    ...                          "question": ["Agree?"], "sub_label": ["Price matters most"],
    ...                          "role": ["attitude"]})
    >>> survey = personakit.Survey(responses, codebook)
    >>> personas = personakit.PersonaSet.from_labels(
    ...     survey, pd.Series(persona, index=responses.index))
    >>> personas
    <PersonaSet: 2 personas from 120 respondents: 1 'Price-sensitive customer' (50 %), 2 'Premium-minded customer' (50 %)>
    >>> personas[1].traits["trait"].iloc[0]
    '5... % strongly agree that price matters most, vs 0 % of others'
    """

    def __init__(
        self,
        personas: Sequence[Persona],
        labels: pd.Series,
        profile: pd.DataFrame,
        *,
        survey: Any = None,
        settings: Mapping[str, Any] | None = None,
    ) -> None:
        self.personas = list(personas)
        self.labels = labels
        self.profile = profile
        self.survey = survey
        self.settings = dict(settings or {})

    # -- construction -----------------------------------------------------------------------
    @classmethod
    def from_labels(
        cls,
        survey: Any,
        labels: Any,
        probabilities: pd.DataFrame | None = None,
        *,
        segmentation: Any = None,
        text_variables: Sequence[str] | None = None,
        random_state: int | None = 0,
        variables: Sequence[str] | None = None,
        use_weights: bool = True,
        alpha: float = 0.05,
        mean_test: str = "welch",
        n_representatives: int = 5,
        n_quotes: int = 3,
        keep_pii: bool | None = None,
    ) -> PersonaSet:
        """Profile personas given a survey and each respondent's persona id.

        Parameters
        ----------
        survey : Survey or pandas.DataFrame
            The survey the labels refer to.
        labels : pandas.Series
            Persona id (1, 2, ...) per respondent id; respondents without a label
            (missing, or not in the Series) are left out of the profiles.
        probabilities : pandas.DataFrame, optional
            Soft assignment (respondents x persona ids); gives each persona's
            ``certainty``.
        segmentation : PersonaSegmenter, optional
            The fitted segmenter: its encoding places representatives, its
            ``stability_`` fills ``Persona.stability``.
        text_variables : list of str, optional
            Open-answer variables to quote; default every non-PII text variable.
        random_state : int or None, default 0
            Seed for the subsample used to find medoids of large personas.
        variables : list of str, optional
            Variables to profile; default every included, non-PII variable of
            kind likert, ordinal, nominal, multiselect, numeric or nps.
        use_weights : bool, default True
            Use the survey weights (``survey.weights``) for shares and means.
        alpha : float, default 0.05
            False-discovery rate for calling a difference significant.
        mean_test : {"welch", "mannwhitney"}, default "welch"
            Test for differences in means.
        n_representatives : int, default 5
            Representatives to keep per persona.
        n_quotes : int, default 3
            Quotes to keep per persona.
        keep_pii : bool, optional
            ``True`` is the explicit opt-in to quote open answers unmasked; by
            default the survey's ``keep_pii`` (False unless the survey was read
            with ``keep_pii=True``), so e-mails, phone numbers, links with tokens
            and respondents' names are replaced by placeholders.

        Returns
        -------
        PersonaSet
            The personas.

        Examples
        --------
        >>> import pandas as pd, personakit
        >>> r = pd.DataFrame({"plan": ["pro"] * 10 + ["free"] * 10},
        ...                  index=[f"r{i}" for i in range(20)])
        >>> s = personakit.Survey(r, pd.DataFrame({"variable": ["plan"], "kind": ["nominal"],
        ...                                        "question": ["Plan"]}))
        >>> ps = personakit.PersonaSet.from_labels(s, pd.Series([1] * 10 + [2] * 10, index=r.index))
        >>> ps[1].traits["trait"].tolist()
        ['Plan: “pro” for 100 %, vs 0 % of others']
        """
        if not isinstance(alpha, float | int) or not 0 < alpha < 1:
            raise PersonakitError(f"alpha={alpha!r}: give a false-discovery rate between 0 and 1.")
        for name, value in (("n_representatives", n_representatives), ("n_quotes", n_quotes)):
            if not isinstance(value, int | np.integer) or value < 0:
                raise PersonakitError(f"{name}={value!r}: give a whole number of 0 or more.")
        survey = _as_survey(survey)
        assigned, n_unassigned = _check_labels(labels, survey)
        ids = pd.Index(assigned.index, name="respondent_id")
        persona_ids = sorted(int(p) for p in pd.unique(assigned.to_numpy()))
        weights, weight_name = _check_weights(survey, ids, use_weights)
        probs = _check_probabilities(probabilities, ids, persona_ids)
        infos = _profile.variable_infos(survey, None if variables is None else list(variables))
        if not infos:
            raise PersonakitError(
                "The survey has no variable a persona profile can describe: none is of kind "
                f"{list(_profile.PROFILE_KINDS)} with include=True and pii=False in the codebook. "
                "Fix the codebook kinds (survey.codebook) or pass variables=[...]."
            )
        by_variable = {info.variable: info for info in infos}
        profile = _profile.compute_profile(
            survey, assigned, weights, infos, mean_test=mean_test, alpha=alpha
        )
        text_vars = _members.text_variables_of(survey, text_variables)
        if keep_pii is None:
            keep_pii = bool(getattr(survey, "keep_pii", False))
        own_names = respondent_names(survey)
        names_to_mask = _members.name_list(survey, own_names)
        rng = np.random.default_rng(random_state)
        matrix = _members.segmentation_matrix(segmentation, survey, ids)
        centre = "mean"
        if matrix is None:
            matrix = _members.simple_encoding(survey, infos, ids)
            centre = "medoid"
        stability = _stability_of(segmentation)
        unit = "accounts" if getattr(survey, "source", "") == "accounts" else "respondents"
        label_values = assigned.to_numpy()
        total_weight = float(weights.sum())

        traits_by_persona: dict[int, pd.DataFrame] = {}
        for pid in persona_ids:
            rows = profile[profile["persona"] == pid]
            traits_by_persona[pid] = _select_traits(
                rows, by_variable, size=int((label_values == pid).sum())
            )
        names = _text.draft_names(
            {pid: t.to_dict("records") for pid, t in traits_by_persona.items()}, by_variable
        )
        personas = []
        for pid in persona_ids:
            positions = np.flatnonzero(label_values == pid)
            members = ids[positions]
            order = _members.closeness_order(matrix, positions, centre=centre, rng=rng)
            ordered_ids = [str(i) for i in ids[order]]
            rows = profile[profile["persona"] == pid].reset_index(drop=True)
            traits = traits_by_persona[pid]
            share = len(positions) / len(ids)
            persona = Persona(
                id=pid,
                name=names[pid],
                draft_name=names[pid],
                description=_text.draft_description(
                    share,
                    len(positions),
                    traits.to_dict("records"),
                    unit=unit,
                    n_personas=len(persona_ids),
                ),
                size=len(positions),
                share=share,
                weighted_share=float(weights[positions].sum()) / total_weight,
                members=members,
                traits=traits.reindex(columns=list(TRAIT_COLUMNS)).reset_index(drop=True),
                sections=_sections(traits, rows, by_variable),
                quotes=_members.pick_quotes(
                    survey,
                    ordered_ids,
                    text_vars,
                    names_to_mask,
                    n_quotes=n_quotes,
                    mask=not keep_pii,
                    own_names=own_names,
                ),
                representatives=ordered_ids[:n_representatives],
                stability=stability.get(pid),
                certainty=float(probs.loc[members, pid].mean()) if probs is not None else None,
                profile=rows,
                unit=unit,
            )
            personas.append(persona)
        settings = {
            "alpha": float(alpha),
            "mean_test": mean_test,
            "use_weights": bool(use_weights),
            "weight_variable": weight_name,
            "weighted": weight_name is not None,
            "n_representatives": int(n_representatives),
            "n_quotes": int(n_quotes),
            "random_state": random_state if isinstance(random_state, int) else None,
            "variables": [info.variable for info in infos],
            "text_variables": list(text_vars),
            "quotes_masked": not keep_pii,
            "representatives_by": (
                "distance to the persona's mean in the segmentation's encoding"
                if centre == "mean"
                else "distance to the persona's medoid in a simple encoding"
            ),
            "unit": unit,
            "n_respondents": int(len(ids)),
            "n_unassigned": n_unassigned,
            "source": str(getattr(survey, "source", "")),
            "segmentation": _segmentation_settings(segmentation),
        }
        labels_out = assigned.rename("persona")
        labels_out.index.name = "respondent_id"
        return cls(personas, labels_out, profile, survey=survey, settings=settings)

    # -- container protocol -------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.personas)

    def __iter__(self) -> Iterator[Persona]:
        return iter(self.personas)

    def __getitem__(self, key: int | str) -> Persona:
        for persona in self.personas:
            if isinstance(key, int | np.integer) and not isinstance(key, bool):
                if persona.id == int(key):
                    return persona
            elif isinstance(key, str) and persona.name == key:
                return persona
        raise KeyError(
            f"No persona {key!r}: ids are {[p.id for p in self.personas]}, names "
            f"{[p.name for p in self.personas]}."
        )

    @property
    def names(self) -> dict[int, str]:
        """Persona id -> display name."""
        return {p.id: p.name for p in self.personas}

    @property
    def weighted(self) -> bool:
        """Whether shares and means use survey weights."""
        return bool(self.settings.get("weighted", False))

    @property
    def unit(self) -> str:
        """What the members are: ``"respondents"`` or ``"accounts"``."""
        return str(self.settings.get("unit", "respondents"))

    def rename(self, names: Mapping[int | str, str]) -> PersonaSet:
        """Return a copy with some personas renamed.

        Parameters
        ----------
        names : mapping
            Persona id (or current name) -> new name.

        Returns
        -------
        PersonaSet
            A new set; this one is unchanged.

        Examples
        --------
        >>> import pandas as pd, personakit
        >>> r = pd.DataFrame({"plan": ["pro"] * 10 + ["free"] * 10},
        ...                  index=[f"r{i}" for i in range(20)])
        >>> s = personakit.Survey(r, pd.DataFrame({"variable": ["plan"], "kind": ["nominal"]}))
        >>> ps = personakit.PersonaSet.from_labels(s, pd.Series([1] * 10 + [2] * 10, index=r.index))
        >>> ps.rename({1: "Pro Paula"}).names[1], ps.names[1] != "Pro Paula"
        ('Pro Paula', True)
        """
        if not isinstance(names, Mapping):
            raise PersonakitError(
                f"rename needs a mapping {{persona id: new name}}, got {type(names).__name__}."
            )
        new = {p.id: p.name for p in self.personas}
        for key, value in names.items():
            persona = self[key] if key in new or isinstance(key, str) else None
            if persona is None:
                raise PersonakitError(
                    f"rename: there is no persona {key!r}; ids are {sorted(new)}."
                )
            if not isinstance(value, str) or not value.strip():
                raise PersonakitError(
                    f"rename: the new name of persona {persona.id} must be a non-empty string, "
                    f"got {value!r}."
                )
            new[persona.id] = value.strip()
        seen: dict[str, int] = {}
        for pid, name in new.items():
            if name.lower() in seen:
                raise PersonakitError(
                    f"rename: personas {seen[name.lower()]} and {pid} would both be called "
                    f"{name!r}; give each persona its own name."
                )
            seen[name.lower()] = pid
        personas = []
        for persona in self.personas:
            clone = copy.copy(persona)
            clone.name = new[persona.id]
            personas.append(clone)
        return PersonaSet(
            personas, self.labels, self.profile, survey=self.survey, settings=self.settings
        )

    # -- tables ---------------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """Return the tidy profile table: one row per persona, variable and level (or mean).

        Returns
        -------
        pandas.DataFrame
            Columns ``persona, name, variable, question_id, question, label, kind,
            role, stage, statistic`` (``"share"`` or ``"mean"``), ``level``,
            ``share_in, share_out`` (weighted shares in the persona and in the
            rest), ``mean_in, mean_out``, ``difference`` (in minus out),
            ``effect`` (signed phi for shares, standardised mean difference for
            means), ``effect_type``, ``effect_size`` (negligible/small/medium/large),
            ``odds_ratio``, ``cramers_v`` (persona vs rest on the whole
            variable), ``n_in, n_out`` (respondents who answered), ``p_value``,
            ``p_adj`` (Benjamini-Hochberg over the whole table), ``significant``,
            ``direction`` (higher/lower), ``strength`` (|effect| on Cohen's d
            scale, for ranking), ``trait`` (plain-words sentence) and ``short``.

        Examples
        --------
        >>> import pandas as pd, personakit
        >>> r = pd.DataFrame({"plan": ["pro"] * 10 + ["free"] * 10},
        ...                  index=[f"r{i}" for i in range(20)])
        >>> s = personakit.Survey(r, pd.DataFrame({"variable": ["plan"], "kind": ["nominal"]}))
        >>> ps = personakit.PersonaSet.from_labels(s, pd.Series([1] * 10 + [2] * 10, index=r.index))
        >>> ps.to_frame()[["persona", "level", "share_in", "share_out"]].head(2)
           persona level  share_in  share_out
        0        1  free       0.0        1.0
        1        1   pro       1.0        0.0
        """
        frame = self.profile.copy()
        frame.insert(1, "name", frame["persona"].map(self.names).astype(object))
        return frame

    def pivot(self, values: str = "share_in") -> pd.DataFrame:
        """Return one column of the profile side by side for all personas (a wide view).

        Parameters
        ----------
        values : str, default "share_in"
            A numeric column of :meth:`to_frame` (``share_in``, ``mean_in``,
            ``difference``, ``effect``, ``p_adj``, ...).

        Returns
        -------
        pandas.DataFrame
            Index ``(variable, level)`` in profile order (``level`` is "(mean)" for
            mean rows), one column per persona id; rows where ``values`` is
            missing for every persona are dropped.

        Examples
        --------
        >>> import pandas as pd, personakit
        >>> r = pd.DataFrame({"plan": ["pro"] * 10 + ["free"] * 10},
        ...                  index=[f"r{i}" for i in range(20)])
        >>> s = personakit.Survey(r, pd.DataFrame({"variable": ["plan"], "kind": ["nominal"]}))
        >>> ps = personakit.PersonaSet.from_labels(s, pd.Series([1] * 10 + [2] * 10, index=r.index))
        >>> ps.pivot("share_in").loc["plan"].to_dict("index")
        {'free': {1: 0.0, 2: 1.0}, 'pro': {1: 1.0, 2: 0.0}}
        """
        numeric = [c for c in _FLOAT_COLUMNS if c in self.profile.columns] + ["n_in", "n_out"]
        if values not in numeric:
            raise PersonakitError(
                f"pivot: values={values!r} is not a numeric profile column; use one of "
                f"{sorted(numeric)}."
            )
        frame = self.profile.assign(level=self.profile["level"].fillna("(mean)"))
        order = frame.drop_duplicates(["variable", "level"])[["variable", "level"]]
        wide = frame.pivot(index=["variable", "level"], columns="persona", values=values)
        wide = wide.reindex(pd.MultiIndex.from_frame(order)).dropna(how="all")
        wide.columns.name = "persona"
        return wide

    def summary(self) -> pd.DataFrame:
        """Return one row per persona: size, shares, stability, certainty and description.

        Returns
        -------
        pandas.DataFrame
            Columns ``persona, name, size, share, weighted_share, stability, stable,
            certainty, n_traits, description``.

        Examples
        --------
        >>> import pandas as pd, personakit
        >>> r = pd.DataFrame({"plan": ["pro"] * 10 + ["free"] * 10},
        ...                  index=[f"r{i}" for i in range(20)])
        >>> s = personakit.Survey(r, pd.DataFrame({"variable": ["plan"], "kind": ["nominal"]}))
        >>> ps = personakit.PersonaSet.from_labels(s, pd.Series([1] * 10 + [2] * 10, index=r.index))
        >>> ps.summary()[["persona", "size", "share"]].to_dict("list")
        {'persona': [1, 2], 'size': [10, 10], 'share': [0.5, 0.5]}
        """
        rows = [
            {
                "persona": p.id,
                "name": p.name,
                "size": p.size,
                "share": p.share,
                "weighted_share": p.weighted_share,
                "stability": p.stability,
                "stable": p.stable,
                "certainty": p.certainty,
                "n_traits": len(p.traits),
                "description": p.description,
            }
            for p in self.personas
        ]
        return pd.DataFrame(rows)

    def overlap_table(
        self, min_share: float = 0.6, *, max_members: int | None = 100
    ) -> pd.DataFrame:
        """For each persona, the traits most of its members share (for small-n personas).

        Meant for top-account personas, where each group has a handful of
        accounts: it says which traits put these accounts together. Shares count
        every member (a missing answer counts as not sharing the trait).
        Numbers are split into thirds of all members (low / middle / high).

        Parameters
        ----------
        min_share : float, default 0.6
            Keep traits shared by at least this share of the persona's members.
        max_members : int or None, default 100
            List at most this many member ids per trait (the rest are counted as
            "… (+N more)"); None lists them all.

        Returns
        -------
        pandas.DataFrame
            Columns ``persona, name, variable, label, level, trait, n_members,
            n_sharing, share, share_others, members`` (the sharing members' ids,
            joined with "; "; shares count all members, the list may be cut at
            ``max_members``), sorted by persona, then share (highest first),
            then how rare the trait is among the others.

        Examples
        --------
        >>> import pandas as pd, personakit
        >>> r = pd.DataFrame({"industry": ["Retail"] * 6 + ["Health"] * 6},
        ...                  index=[f"A{i:02d}" for i in range(12)])
        >>> s = personakit.Survey(r, pd.DataFrame({"variable": ["industry"], "kind": ["nominal"],
        ...                                        "question": ["Industry"]}))
        >>> ps = personakit.PersonaSet.from_labels(s, pd.Series([1] * 6 + [2] * 6, index=r.index))
        >>> ps.overlap_table()[["persona", "trait", "share"]].values.tolist()
        [[1, 'Industry: Retail', 1.0], [2, 'Industry: Health', 1.0]]
        """
        from personakit.personas._overlap import overlap_table

        if self.survey is None:
            raise PersonakitError(
                "overlap_table needs the survey's answers, which a PersonaSet read back with "
                "from_dict() does not hold; rebuild it with PersonaSet.from_labels(survey, labels)."
            )
        if not isinstance(min_share, float | int) or not 0 < min_share <= 1:
            raise PersonakitError(f"min_share={min_share!r}: give a share between 0 and 1.")
        infos = _profile.variable_infos(self.survey, self.settings.get("variables"))
        if max_members is not None and (
            not isinstance(max_members, int | np.integer) or max_members < 1
        ):
            raise PersonakitError(f"max_members={max_members!r}: give a whole number of 1 or more.")
        return overlap_table(
            self.survey, self.labels, self.names, infos, float(min_share), max_members
        )

    # -- exports ----------------------------------------------------------------------------
    def to_dict(self, *, include_labels: bool = True) -> dict[str, Any]:
        """Return the whole set as a JSON-safe dict with a versioned schema.

        Parameters
        ----------
        include_labels : bool, default True
            Include each profiled respondent's persona id (respondent ids are
            the survey's own pseudonymous ids; no answers are included).

        Returns
        -------
        dict
            ``schema`` ("personakit.PersonaSet"), ``schema_version``,
            ``settings``, ``personas`` (see :meth:`Persona.to_dict`), ``profile``
            (``{"columns", "data"}``) and ``labels`` (``{"respondent_id",
            "persona"}`` lists, or None).

        Examples
        --------
        >>> import pandas as pd, personakit
        >>> r = pd.DataFrame({"plan": ["pro"] * 10 + ["free"] * 10},
        ...                  index=[f"r{i}" for i in range(20)])
        >>> s = personakit.Survey(r, pd.DataFrame({"variable": ["plan"], "kind": ["nominal"]}))
        >>> ps = personakit.PersonaSet.from_labels(s, pd.Series([1] * 10 + [2] * 10, index=r.index))
        >>> d = ps.to_dict()
        >>> d["schema_version"], len(d["personas"])
        (1, 2)
        """
        labels = None
        if include_labels:
            labels = {
                "respondent_id": [str(i) for i in self.labels.index],
                "persona": [int(v) for v in self.labels.to_numpy()],
            }
        return _json.to_jsonable(
            {
                "schema": SCHEMA,
                "schema_version": SCHEMA_VERSION,
                "settings": self.settings,
                "personas": [p.to_dict() for p in self.personas],
                "profile": _frame_to_split(self.profile),
                "labels": labels,
            }
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PersonaSet:
        """Rebuild a set from :meth:`to_dict` output (without the survey).

        Parameters
        ----------
        data : mapping
            A dict written by :meth:`to_dict` (or parsed from :meth:`to_json`).

        Returns
        -------
        PersonaSet
            The set; ``survey`` is None, so :meth:`overlap_table` is unavailable.

        Examples
        --------
        >>> import pandas as pd, personakit
        >>> r = pd.DataFrame({"plan": ["pro"] * 10 + ["free"] * 10},
        ...                  index=[f"r{i}" for i in range(20)])
        >>> s = personakit.Survey(r, pd.DataFrame({"variable": ["plan"], "kind": ["nominal"]}))
        >>> ps = personakit.PersonaSet.from_labels(s, pd.Series([1] * 10 + [2] * 10, index=r.index))
        >>> personakit.PersonaSet.from_dict(ps.to_dict()).to_json() == ps.to_json()
        True
        """
        if not isinstance(data, Mapping):
            raise PersonakitError(
                f"PersonaSet.from_dict needs a mapping, got {type(data).__name__}."
            )
        if data.get("schema") != SCHEMA:
            raise PersonakitError(
                f"from_dict: schema is {data.get('schema')!r}, expected {SCHEMA!r}; pass a dict "
                "written by PersonaSet.to_dict()."
            )
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise PersonakitError(
                f"from_dict: schema_version {version!r} is not supported by this personakit "
                f"(it reads version {SCHEMA_VERSION}); upgrade personakit or re-run the analysis."
            )
        labels_data = data.get("labels")
        if labels_data:
            labels = pd.Series(
                [int(v) for v in labels_data["persona"]],
                index=pd.Index(
                    [str(i) for i in labels_data["respondent_id"]], name="respondent_id"
                ),
                name="persona",
                dtype=np.int64,
            )
        else:
            labels = pd.Series([], dtype=np.int64, name="persona")
            labels.index.name = "respondent_id"
        profile = _frame_from_split(data.get("profile"), "profile")
        personas = []
        for item in data.get("personas", []):
            pid = int(item["id"])
            members = labels.index[labels.to_numpy() == pid]
            persona = Persona.from_dict(item, members=members)
            persona.profile = profile[profile["persona"] == pid].reset_index(drop=True)
            personas.append(persona)
        return cls(personas, labels, profile, survey=None, settings=data.get("settings", {}))

    def to_json(self, path: str | Path | None = None, *, include_labels: bool = True) -> str:
        """Return (and optionally write) the set as canonical JSON.

        The same inputs and seed give byte-identical text.

        Parameters
        ----------
        path : str or Path, optional
            Also write the JSON to this file (UTF-8).
        include_labels : bool, default True
            See :meth:`to_dict`.

        Returns
        -------
        str
            The JSON text.

        Examples
        --------
        >>> import pandas as pd, personakit
        >>> r = pd.DataFrame({"plan": ["pro"] * 10 + ["free"] * 10},
        ...                  index=[f"r{i}" for i in range(20)])
        >>> s = personakit.Survey(r, pd.DataFrame({"variable": ["plan"], "kind": ["nominal"]}))
        >>> ps = personakit.PersonaSet.from_labels(s, pd.Series([1] * 10 + [2] * 10, index=r.index))
        >>> ps.to_json().startswith('{\\n  "labels"')
        True
        """
        text = _json.dumps(self.to_dict(include_labels=include_labels))
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def to_markdown(self, *, n_traits: int = 8) -> str:
        """Return all persona cards as Markdown (user text escaped).

        Parameters
        ----------
        n_traits : int, default 8
            Distinguishing traits to list per persona.

        Returns
        -------
        str
            Markdown text: an overview table, then one section per persona.

        Examples
        --------
        >>> import pandas as pd, personakit
        >>> r = pd.DataFrame({"plan": ["pro"] * 10 + ["free"] * 10},
        ...                  index=[f"r{i}" for i in range(20)])
        >>> s = personakit.Survey(r, pd.DataFrame({"variable": ["plan"], "kind": ["nominal"]}))
        >>> ps = personakit.PersonaSet.from_labels(s, pd.Series([1] * 10 + [2] * 10, index=r.index))
        >>> ps.to_markdown().splitlines()[0]
        '# Personas'
        """
        weighted = self.weighted
        lines = ["# Personas", "", _md(self._overview_sentence()), ""]
        header = "| # | Persona | Size | Share |"
        rule = "|---|---|---|---|"
        if weighted:
            header += " Weighted share |"
            rule += "---|"
        header += " Stability |"
        rule += "---|"
        lines += [header, rule]
        for p in self.personas:
            cells = [str(p.id), _md(p.name), str(p.size), _text.pct(p.share)]
            if weighted:
                cells.append(_text.pct(p.weighted_share))
            cells.append(_stability_text(p))
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
        for p in self.personas:
            lines.append(_persona_markdown(p, n_traits=n_traits, weighted=weighted))
        return "\n".join(lines).rstrip() + "\n"

    def to_html(self, *, full_page: bool = False, title: str = "Personas") -> str:
        """Return the persona cards as HTML (user text escaped, no external resources).

        Parameters
        ----------
        full_page : bool, default False
            Wrap in a complete HTML document.
        title : str, default "Personas"
            Page title when ``full_page``.

        Returns
        -------
        str
            HTML.

        Examples
        --------
        >>> import pandas as pd, personakit
        >>> r = pd.DataFrame({"plan": ["pro"] * 10 + ["free"] * 10},
        ...                  index=[f"r{i}" for i in range(20)])
        >>> s = personakit.Survey(r, pd.DataFrame({"variable": ["plan"], "kind": ["nominal"]}))
        >>> ps = personakit.PersonaSet.from_labels(s, pd.Series([1] * 10 + [2] * 10, index=r.index))
        >>> ps.to_html(full_page=True).startswith("<!DOCTYPE html>")
        True
        """
        from personakit._render import render_template

        cards = [
            _card_context(p, position=i, weighted=self.weighted)
            for i, p in enumerate(self.personas)
        ]
        name = "persona_page.html.j2" if full_page else "persona_set.html.j2"
        return render_template(name, cards=cards, summary=self._overview_sentence(), title=title)

    def _repr_html_(self) -> str:
        return self.to_html()

    def write_html(self, path: str | Path, *, title: str = "Personas") -> Path:
        """Write the persona cards as a standalone HTML page.

        Parameters
        ----------
        path : str or Path
            Output file (created or replaced).
        title : str, default "Personas"
            Page title.

        Returns
        -------
        pathlib.Path
            The path written.

        Examples
        --------
        >>> import pathlib, tempfile, pandas as pd, personakit
        >>> r = pd.DataFrame({"plan": ["pro"] * 10 + ["free"] * 10},
        ...                  index=[f"r{i}" for i in range(20)])
        >>> s = personakit.Survey(r, pd.DataFrame({"variable": ["plan"], "kind": ["nominal"]}))
        >>> ps = personakit.PersonaSet.from_labels(s, pd.Series([1] * 10 + [2] * 10, index=r.index))
        >>> out = ps.write_html(pathlib.Path(tempfile.mkdtemp()) / "personas.html")
        >>> out.read_text(encoding="utf-8").count('class="pk-card"')
        2
        """
        path = Path(path)
        if path.is_dir():
            raise PersonakitError(f"write_html: {str(path)!r} is a folder; give a file path.")
        if not path.parent.exists():
            raise PersonakitError(
                f"write_html: the folder {str(path.parent)!r} does not exist; create it first."
            )
        path.write_text(self.to_html(full_page=True, title=title), encoding="utf-8")
        return path

    def plot(self, *, fig: Any = None, ncols: int | None = None) -> Any:
        """Draw every persona card in one matplotlib figure.

        Parameters
        ----------
        fig : matplotlib.figure.Figure, optional
            Figure to draw into (cleared first); a new one by default.
        ncols : int, optional
            Cards per row (default: up to 3).

        Returns
        -------
        matplotlib.figure.Figure
            The figure.

        Examples
        --------
        >>> import pandas as pd, personakit
        >>> r = pd.DataFrame({"plan": ["pro"] * 10 + ["free"] * 10},
        ...                  index=[f"r{i}" for i in range(20)])
        >>> s = personakit.Survey(r, pd.DataFrame({"variable": ["plan"], "kind": ["nominal"]}))
        >>> ps = personakit.PersonaSet.from_labels(s, pd.Series([1] * 10 + [2] * 10, index=r.index))
        >>> len(ps.plot().axes)
        2
        """
        from personakit.plotting.personas import plot_persona_cards

        return plot_persona_cards(self, fig=fig, ncols=ncols)

    def __repr__(self) -> str:
        parts = ", ".join(f"{p.id} {p.name!r} ({_text.pct(p.share)})" for p in self.personas)
        n = self.settings.get("n_respondents", len(self.labels))
        return f"<PersonaSet: {len(self)} personas from {n} {self.unit}: {parts}>"

    def _overview_sentence(self) -> str:
        n = self.settings.get("n_respondents", len(self.labels))
        text = f"{len(self)} personas from {n} {self.unit}"
        if self.weighted:
            text += f", weighted by {self.settings.get('weight_variable')!s}"
        unassigned = self.settings.get("n_unassigned") or 0
        if unassigned:
            text += f" ({unassigned} without a persona left out)"
        text += "."
        seg = self.settings.get("segmentation") or {}
        if seg.get("selection_reason"):
            text += f" {seg['selection_reason']}"
        alpha = self.settings.get("alpha", 0.05)
        text += (
            f" Traits are differences from the other personas with a false-discovery rate "
            f"below {_text.pct(alpha)} and at least a small effect."
        )
        if any(p.size < SMALL_PERSONA for p in self.personas):
            text += (
                f" In personas of fewer than {SMALL_PERSONA} members, answers shared by more "
                "than half of the members and at least 30 points more often than by the others "
                "are traits too."
            )
        return text

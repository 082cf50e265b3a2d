"""The :class:`Journey`: ordered stages, the journey's kind and hand-off participation.

A journey is the skeleton of a journey map: which stages, in which order, and,
for a hand-off journey, who takes part in each stage. Editing operations
(rename, reorder, merge, split) return new journeys and remember where old
stage names went, so evidence tagged with the old names still lands in the
right column (a split stage cannot be resolved automatically and says so).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from personakit._errors import JourneyError, PersonakitError
from personakit.stages import Stage, resolve_stages

__all__ = [
    "JOURNEY_KINDS",
    "PARTICIPATION_LEVELS",
    "Journey",
    "normalise_level",
]

JOURNEY_KINDS = ("persona", "brand", "handoff")
"""The three journey structures: one journey per persona, one brand journey with
several personas linked to it, and a hand-off journey where personas take part
in some stages only."""

PARTICIPATION_LEVELS = ("driver", "participant", "gatekeeper", "not_involved")
"""Levels of participation of a persona in a stage of a hand-off journey:
*driver* leads the stage, *participant* takes part, *gatekeeper* does not take
part but must approve to move on, *not_involved* plays no part."""

# strongest involvement first; used when stages are merged or votes tie
_LEVEL_RANK = {"driver": 3, "participant": 2, "gatekeeper": 1, "not_involved": 0}

_LEVEL_SYNONYMS = {
    "driver": "driver",
    "drives": "driver",
    "lead": "driver",
    "leads": "driver",
    "leader": "driver",
    "owner": "driver",
    "participant": "participant",
    "participates": "participant",
    "involved": "participant",
    "contributor": "participant",
    "gatekeeper": "gatekeeper",
    "approver": "gatekeeper",
    "approves": "gatekeeper",
    "not_involved": "not_involved",
    "not involved": "not_involved",
    "notinvolved": "not_involved",
    "none": "not_involved",
    "no": "not_involved",
    "-": "not_involved",
    "": "not_involved",
}

PARTICIPATION_COLUMNS = ("persona", "stage", "level", "source", "reason")


def normalise_level(value: Any, *, where: str = "participation") -> str:
    """Return the canonical participation level for a user-written value.

    Parameters
    ----------
    value : str
        A level such as ``"Driver"``, ``"not involved"`` or ``"approver"``.
    where : str, default "participation"
        Names the place the value came from, for the error message.

    Returns
    -------
    str
        One of :data:`PARTICIPATION_LEVELS`.

    Raises
    ------
    JourneyError
        When the value is not a known level.

    Examples
    --------
    >>> normalise_level("Not involved")
    'not_involved'
    >>> normalise_level("approver")
    'gatekeeper'
    """
    if isinstance(value, str):
        key = re.sub(r"[\s\-]+", " ", value.strip().lower())
        if key in _LEVEL_SYNONYMS:
            return _LEVEL_SYNONYMS[key]
        if key.replace(" ", "_") in _LEVEL_SYNONYMS:
            return _LEVEL_SYNONYMS[key.replace(" ", "_")]
    raise JourneyError(
        f"{where}: participation level {value!r} is not known; use one of "
        f"{list(PARTICIPATION_LEVELS)} (driver leads the stage, participant takes part, "
        "gatekeeper must approve, not_involved plays no part)."
    )


def persona_key(value: Any) -> str:
    """Canonical text key of a persona id: ``3``, ``3.0``, ``"3"`` and ``" 3 "`` give ``"3"``."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer():
            return str(int(value))
        return str(value)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return persona_key(value.item())
    text = str(value).strip()
    if re.fullmatch(r"-?\d+(\.0+)?", text):
        return str(int(float(text)))
    return text


def persona_sort_key(key: str) -> tuple[int, float, str]:
    """Sort persona keys numerically where they are numbers ("2" before "10"), then by text."""
    try:
        return (0, float(key), key)
    except ValueError:
        return (1, 0.0, key)


def _stage_lookup(stages: Sequence[Stage]) -> dict[str, str]:
    """Map lower-cased names and labels (and underscore/space variants) to stage names."""
    out: dict[str, str] = {}
    for stage in stages:
        for key in (stage.name, stage.label):
            norm = key.strip().lower()
            out.setdefault(norm, stage.name)
            out.setdefault(norm.replace(" ", "_"), stage.name)
            out.setdefault(norm.replace("_", " "), stage.name)
            out.setdefault(norm.replace("-", "_"), stage.name)
    return out


def _merge_tuples(*values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        for item in value:
            seen.setdefault(item, None)
    return tuple(seen)


class Journey:
    """An ordered list of journey stages, with the journey's kind and participation.

    Parameters
    ----------
    stages : str, sequence of Stage/str/dict, or None, default None
        The stages in journey order: a built-in set name (``"b2c"``,
        ``"funnel"``, ``"b2b_buying"``, ``"student"``), a list of
        :class:`personakit.Stage` objects, names or dicts, or ``None`` for
        :data:`personakit.DEFAULT_STAGES`.
    kind : {"persona", "brand", "handoff"}, default "persona"
        ``"persona"``: one journey per persona (maps are compared side by
        side); ``"brand"``: one journey for a brand with several personas
        overlaid; ``"handoff"``: several personas, each involved at some stages
        only (maps show the participation matrix).
    name : str, default "Customer journey"
        Title shown on maps and reports.
    participation : DataFrame, dict or None, optional
        Participation of each persona in each stage: a long table with columns
        ``persona, stage, level`` (and optionally ``source``, ``reason``), a
        wide table (index persona, one column per stage), or a dict
        ``{persona: {stage: level}}``. Levels are
        :data:`PARTICIPATION_LEVELS`. Entries given here are marked
        ``source="user"`` unless the table says otherwise. For a hand-off
        journey without participation, :meth:`JourneyMap.build` infers it from
        the evidence.
    aliases : dict, optional
        Old stage name -> current stage name; filled by :meth:`rename` and
        :meth:`merge` so evidence tagged with old names still maps.
    split_from : dict, optional
        Old stage name -> the stages it was split into; filled by
        :meth:`split` so evidence still tagged with the old name is refused
        with a clear message instead of being placed silently.

    Attributes
    ----------
    stages : tuple of Stage
        The stages, in order.
    participation : pandas.DataFrame
        Columns ``persona, stage, level, source, reason`` (empty when none).

    Examples
    --------
    >>> from personakit import Journey
    >>> j = Journey("b2c", name="Shop")
    >>> j.stage_names
    ['awareness', 'consideration', 'decision', 'retention', 'advocacy']
    >>> j2 = j.merge(["decision", "retention"], into="purchase_and_use")
    >>> j2.stage_names
    ['awareness', 'consideration', 'purchase_and_use', 'advocacy']
    >>> j2.resolve_stage("retention")
    'purchase_and_use'
    """

    def __init__(
        self,
        stages: Any = None,
        *,
        kind: str = "persona",
        name: str = "Customer journey",
        participation: Any = None,
        aliases: Mapping[str, str] | None = None,
        split_from: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        if isinstance(stages, Journey):
            stages = stages.stages
        try:
            self.stages: tuple[Stage, ...] = resolve_stages(stages)
        except JourneyError:
            raise
        except PersonakitError as exc:
            raise JourneyError(f"Journey stages: {exc}") from None
        if kind not in JOURNEY_KINDS:
            raise JourneyError(
                f"Journey kind {kind!r} is not known; use one of {list(JOURNEY_KINDS)} "
                "('persona': one journey per persona, 'brand': one journey with personas "
                "overlaid, 'handoff': personas take part in some stages only)."
            )
        if not isinstance(name, str) or not name.strip():
            raise JourneyError(f"Journey name must be a non-empty string, got {name!r}.")
        self.kind = kind
        self.name = name.strip()
        names = set(self.stage_names)
        self.aliases: dict[str, str] = {}
        for old, new in dict(aliases or {}).items():
            if new not in names:
                raise JourneyError(
                    f"Journey aliases: {old!r} points to {new!r}, which is not a stage of this "
                    f"journey ({self.stage_names})."
                )
            if old not in names:
                self.aliases[str(old)] = new
        self.split_from: dict[str, tuple[str, ...]] = {
            str(k): tuple(v) for k, v in dict(split_from or {}).items() if k not in names
        }
        self.participation = self._read_participation(participation, source="user")

    # -- basic protocol ------------------------------------------------------------
    @property
    def stage_names(self) -> list[str]:
        """Stage names in journey order.

        Returns
        -------
        list of str
            The names.

        Examples
        --------
        >>> from personakit import Journey
        >>> Journey(["look", "buy"]).stage_names
        ['look', 'buy']
        """
        return [s.name for s in self.stages]

    @property
    def labels(self) -> dict[str, str]:
        """Display label of each stage, keyed by name.

        Returns
        -------
        dict
            ``{name: label}`` in journey order.

        Examples
        --------
        >>> from personakit import Journey
        >>> Journey("b2b_buying").labels["post_purchase"]
        'Post-purchase'
        """
        return {s.name: s.label for s in self.stages}

    def __len__(self) -> int:
        return len(self.stages)

    def __iter__(self):
        return iter(self.stages)

    def __contains__(self, name: object) -> bool:
        return name in self.stage_names

    def __getitem__(self, key: int | str) -> Stage:
        if isinstance(key, int):
            return self.stages[key]
        return self.stage(key)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Journey):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def stage(self, name: str) -> Stage:
        """Return the stage called ``name`` (its label and old names work too).

        Parameters
        ----------
        name : str
            A stage name, label or an old name this journey remembers.

        Returns
        -------
        Stage
            The stage.

        Examples
        --------
        >>> from personakit import Journey
        >>> Journey("b2c").stage("Decision").name
        'decision'
        """
        resolved = self.resolve_stage(name)
        return self.stages[self.stage_names.index(resolved)]

    def resolve_stage(self, name: Any, *, where: str = "stage") -> str:
        """Return the current stage name for ``name`` (a name, label or old name).

        Parameters
        ----------
        name : str
            What to resolve.
        where : str, default "stage"
            Names the place the value came from, for the error message.

        Returns
        -------
        str
            A name in :attr:`stage_names`.

        Raises
        ------
        JourneyError
            When the name is unknown, or names a stage that was split (so its
            evidence cannot be placed automatically).

        Examples
        --------
        >>> from personakit import Journey
        >>> Journey("b2c").rename({"decision": "purchase"}).resolve_stage("decision")
        'purchase'
        """
        if isinstance(name, str):
            if name in self.stage_names:
                return name
            if name in self.aliases:
                return self.aliases[name]
            if name in self.split_from:
                raise JourneyError(
                    f"{where}: stage {name!r} was split into {list(self.split_from[name])}, so "
                    "its evidence cannot be placed automatically. Re-tag the evidence with the "
                    "new stages (personakit.analyze_text(..., stages=journey.stages)) or map the "
                    f"old name explicitly with stage_map={{{name!r}: '<new stage>'}}."
                )
            lookup = _stage_lookup(self.stages)
            key = name.strip().lower()
            for variant in (key, key.replace(" ", "_"), key.replace("-", "_")):
                if variant in lookup:
                    return lookup[variant]
                if variant in self.aliases:
                    return self.aliases[variant]
        raise JourneyError(
            f"{where}: {name!r} is not a stage of the journey {self.name!r}; its stages are "
            f"{self.stage_names}. Use one of them, or rename/merge stages with "
            "Journey.rename(...) / Journey.merge(...)."
        )

    # -- editing (each returns a new Journey) -----------------------------------------
    def _new(
        self,
        stages: Sequence[Stage],
        *,
        aliases: Mapping[str, str],
        split_from: Mapping[str, Sequence[str]] | None = None,
        participation: pd.DataFrame | None = None,
    ) -> Journey:
        new = Journey(
            list(stages),
            kind=self.kind,
            name=self.name,
            aliases=aliases,
            split_from=split_from if split_from is not None else self.split_from,
        )
        new.participation = (
            participation if participation is not None else self.participation.copy()
        )
        return new

    def rename(self, mapping: Mapping[str, str], *, labels: Mapping[str, str] | None = None):
        """Return a journey with some stages renamed.

        Parameters
        ----------
        mapping : dict
            ``{old name: new name}``. Old names keep working as aliases, so
            evidence tagged with them still maps to the renamed stage.
        labels : dict, optional
            ``{new name: display label}``; by default derived from the new name.

        Returns
        -------
        Journey
            The renamed journey; this one is unchanged.

        Examples
        --------
        >>> from personakit import Journey
        >>> Journey("b2c").rename({"decision": "purchase"}, labels={"purchase": "Buying"}).labels
        {'awareness': 'Awareness', 'consideration': 'Consideration', 'purchase': 'Buying', 'retention': 'Retention', 'advocacy': 'Advocacy'}
        """
        if not isinstance(mapping, Mapping):
            raise JourneyError(
                f"rename: mapping must be a dict {{old name: new name}}, got "
                f"{type(mapping).__name__}."
            )
        labels = dict(labels or {})
        resolved = {self.resolve_stage(old, where="rename"): new for old, new in mapping.items()}
        stages = []
        for stage in self.stages:
            if stage.name in resolved:
                new_name = resolved[stage.name]
                label = labels.get(new_name)
                stage = stage.renamed(new_name, label=label)
            elif stage.name in labels:
                stage = replace(stage, label=labels[stage.name])
            stages.append(stage)
        aliases = {k: resolved.get(v, v) for k, v in self.aliases.items()}
        aliases.update({old: new for old, new in resolved.items() if old != new})
        part = self.participation.copy()
        if len(part):
            part["stage"] = part["stage"].map(lambda s: resolved.get(s, s))
        return self._new(stages, aliases=aliases, participation=part)

    def reorder(self, order: Sequence[str]) -> Journey:
        """Return a journey with the stages in another order.

        Parameters
        ----------
        order : sequence of str
            Every stage name exactly once, in the new order.

        Returns
        -------
        Journey
            The reordered journey.

        Examples
        --------
        >>> from personakit import Journey
        >>> Journey(["a", "b", "c"]).reorder(["c", "a", "b"]).stage_names
        ['c', 'a', 'b']
        """
        if isinstance(order, str) or not isinstance(order, Iterable):
            raise JourneyError(
                f"reorder: order must be a list of stage names, got {type(order).__name__}."
            )
        names = [self.resolve_stage(n, where="reorder") for n in order]
        if sorted(names) != sorted(self.stage_names) or len(set(names)) != len(names):
            raise JourneyError(
                f"reorder: give every stage exactly once; got {list(order)}, the stages are "
                f"{self.stage_names}."
            )
        stages = [self.stage(n) for n in names]
        return self._new(stages, aliases=self.aliases)

    def merge(
        self,
        stages: Sequence[str],
        into: str,
        *,
        label: str | None = None,
        description: str | None = None,
    ) -> Journey:
        """Return a journey where several stages become one.

        The merged stage takes the place of the first of ``stages``; its goals,
        actions, touchpoints, needs, content preferences and example phrases
        are the union of the merged stages'. Evidence tagged with any merged
        name maps to the new stage. Participation takes the strongest level.

        Parameters
        ----------
        stages : sequence of str
            At least two stage names.
        into : str
            Name of the merged stage (may be one of ``stages``).
        label : str, optional
            Display label of the merged stage.
        description : str, optional
            Description; by default the merged stages' descriptions joined.

        Returns
        -------
        Journey
            The journey with the merged stage.

        Examples
        --------
        >>> from personakit import Journey
        >>> j = Journey("b2b_buying").merge(["choosing", "purchasing"], into="buying")
        >>> j.stage_names
        ['awareness', 'discovery', 'learning', 'buying', 'post_purchase']
        >>> "legal took six weeks to review the contract" in j.stage("buying").examples
        True
        """
        if isinstance(stages, str) or not isinstance(stages, Iterable):
            raise JourneyError(
                f"merge: stages must be a list of at least two stage names, got {stages!r}."
            )
        names = [self.resolve_stage(n, where="merge") for n in stages]
        if len(set(names)) < 2:
            raise JourneyError(
                f"merge: give at least two different stages to merge, got {list(stages)}."
            )
        if into in self.stage_names and into not in names:
            raise JourneyError(
                f"merge: the merged stage's name {into!r} is already another stage of the "
                "journey; choose a new name or include it in the stages to merge."
            )
        names = sorted(set(names), key=self.stage_names.index)  # journey order
        parts = [self.stage(n) for n in names]
        merged = Stage(
            name=into,
            description=description
            if description is not None
            else " ".join(p.description for p in parts if p.description),
            goals=_merge_tuples(*(p.goals for p in parts)),
            actions=_merge_tuples(*(p.actions for p in parts)),
            touchpoints=_merge_tuples(*(p.touchpoints for p in parts)),
            needs=_merge_tuples(*(p.needs for p in parts)),
            content_preferences=_merge_tuples(*(p.content_preferences for p in parts)),
            examples=_merge_tuples(*(p.examples for p in parts)),
            label=label or "",
        )
        first = min(self.stage_names.index(n) for n in names)
        out: list[Stage] = []
        for i, stage in enumerate(self.stages):
            if i == first:
                out.append(merged)
            elif stage.name not in names:
                out.append(stage)
        aliases = {k: (into if v in names else v) for k, v in self.aliases.items()}
        aliases.update({n: into for n in names if n != into})
        part = self.participation.copy()
        if len(part):
            rows = []
            for _, group in part.groupby("persona", sort=False):
                inside = group[group["stage"].isin(names)]
                rows.append(group[~group["stage"].isin(names)])
                if len(inside):
                    best = inside.iloc[
                        int(inside["level"].map(_LEVEL_RANK).to_numpy().argmax())
                    ].copy()
                    best["stage"] = into
                    best["reason"] = (
                        f"strongest level of the merged stages ({', '.join(names)}): "
                        + str(best["reason"])
                    ).strip()
                    rows.append(best.to_frame().T)
            part = pd.concat(rows, ignore_index=True)[list(PARTICIPATION_COLUMNS)]
            part = self._sort_participation(part, [s.name for s in out])
        return self._new(out, aliases=aliases, participation=part)

    def split(self, stage: str, into: Sequence[Any]) -> Journey:
        """Return a journey where one stage becomes several.

        Parameters
        ----------
        stage : str
            The stage to split.
        into : sequence of Stage, str or dict
            At least two new stages, in order. Parts given only by name copy
            the original stage's description, lanes and example phrases, so
            edit them (``Stage(...)``) to let the stage tagger tell them apart.

        Returns
        -------
        Journey
            The journey with the new stages. Evidence still tagged with the old
            name cannot be placed automatically: building a map from it raises
            a :class:`personakit.JourneyError` that says how to re-tag it.

        Examples
        --------
        >>> from personakit import Journey, Stage
        >>> j = Journey("b2c").split("retention", [Stage("onboarding"), Stage("ongoing_use")])
        >>> j.stage_names
        ['awareness', 'consideration', 'decision', 'onboarding', 'ongoing_use', 'advocacy']
        """
        old = self.resolve_stage(stage, where="split")
        if isinstance(into, str) or not isinstance(into, Iterable):
            raise JourneyError(
                f"split: into must be a list of at least two new stages, got {into!r}."
            )
        original = self.stage(old)
        parts: list[Stage] = []
        for item in into:
            if isinstance(item, str):
                parts.append(original.renamed(item))
            else:
                parts.extend(resolve_stages([item]))
        if len(parts) < 2:
            raise JourneyError(
                f"split: give at least two new stages for {old!r}, got {len(parts)}."
            )
        new_names = [p.name for p in parts]
        clash = [n for n in new_names if n in self.stage_names and n != old]
        if clash or len(set(new_names)) != len(new_names):
            raise JourneyError(
                f"split: the new stage names {new_names} must be unique and must not repeat "
                f"other stages of the journey ({clash or 'duplicates'})."
            )
        out: list[Stage] = []
        for s in self.stages:
            out.extend(parts if s.name == old else [s])
        split_from = dict(self.split_from)
        if old not in new_names:
            split_from[old] = tuple(new_names)
        aliases = {k: v for k, v in self.aliases.items() if v != old}
        for k, v in self.aliases.items():
            if v == old:
                split_from[k] = tuple(new_names)
        part = self.participation.copy()
        if len(part):
            rows = []
            for _, row in part.iterrows():
                if row["stage"] == old:
                    for n in new_names:
                        copy = row.copy()
                        copy["stage"] = n
                        copy["reason"] = f"copied from the split stage {old!r}: {row['reason']}"
                        rows.append(copy)
                else:
                    rows.append(row)
            part = pd.DataFrame(rows).reset_index(drop=True)[list(PARTICIPATION_COLUMNS)]
            part = self._sort_participation(part, [s.name for s in out])
        return self._new(out, aliases=aliases, split_from=split_from, participation=part)

    # -- participation ---------------------------------------------------------------
    def with_participation(self, participation: Any, *, source: str = "user") -> Journey:
        """Return a journey with participation levels set (replacing the listed cells).

        Parameters
        ----------
        participation : DataFrame or dict
            As the ``participation`` parameter of :class:`Journey`, or the
            result of :func:`personakit.journey.participation_from_accounts` /
            :func:`personakit.journey.participation_from_evidence`.
        source : str, default "user"
            Where the levels came from when the table has no ``source`` column
            (shown on maps next to every level).

        Returns
        -------
        Journey
            A journey whose participation holds the new entries; entries for
            other persona × stage cells are kept.

        Examples
        --------
        >>> from personakit import Journey
        >>> j = Journey("b2b_buying", kind="handoff").with_participation(
        ...     {"IT lead": {"learning": "driver", "purchasing": "gatekeeper"}})
        >>> j.participation[["persona", "stage", "level", "source"]].values.tolist()
        [['IT lead', 'learning', 'driver', 'user'], ['IT lead', 'purchasing', 'gatekeeper', 'user']]
        """
        new = self._read_participation(participation, source=source)
        old = self.participation
        if len(old):
            keys_new = set(zip(new["persona"].map(persona_key), new["stage"]))
            keep = [
                (persona_key(p), s) not in keys_new for p, s in zip(old["persona"], old["stage"])
            ]
            new = pd.concat([old[keep], new], ignore_index=True)
        out = self._new(self.stages, aliases=self.aliases)
        out.participation = self._sort_participation(new, self.stage_names)
        return out

    def participation_matrix(self) -> pd.DataFrame:
        """Participation as a wide table: one row per persona, one column per stage.

        Returns
        -------
        pandas.DataFrame
            Levels as strings, missing cells as ``NA``; columns in journey order.

        Examples
        --------
        >>> from personakit import Journey
        >>> j = Journey(["a", "b"], kind="handoff", participation={"P": {"a": "driver"}})
        >>> j.participation_matrix().loc["P"].tolist()
        ['driver', nan]
        """
        part = self.participation
        if not len(part):
            return pd.DataFrame(columns=self.stage_names, dtype=object)
        wide = part.pivot(index="persona", columns="stage", values="level")
        wide = wide.reindex(columns=self.stage_names)
        wide.columns.name = None
        return wide.astype(object)

    def _sort_participation(self, part: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
        if not len(part):
            return part
        rank = {n: i for i, n in enumerate(order)}
        personas: dict[str, int] = {}
        for p in part["persona"]:
            personas.setdefault(persona_key(p), len(personas))
        key = [
            (personas[persona_key(p)], rank.get(s, len(rank)))
            for p, s in zip(part["persona"], part["stage"])
        ]
        order_idx = sorted(range(len(part)), key=lambda i: key[i])
        return part.iloc[order_idx].reset_index(drop=True)

    def _read_participation(self, participation: Any, *, source: str) -> pd.DataFrame:
        empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in PARTICIPATION_COLUMNS})
        if participation is None:
            return empty
        where = "participation"
        if isinstance(participation, Mapping):
            rows = []
            for persona, levels in participation.items():
                if not isinstance(levels, Mapping):
                    raise JourneyError(
                        f"{where}: the entry for persona {persona!r} must be a dict "
                        f"{{stage: level}}, got {type(levels).__name__} {levels!r}."
                    )
                for stage, level in levels.items():
                    rows.append({"persona": persona, "stage": stage, "level": level})
            table = pd.DataFrame(rows, columns=["persona", "stage", "level"])
        elif isinstance(participation, pd.DataFrame):
            table = participation.copy()
            if not {"persona", "stage", "level"} <= set(table.columns):
                # a wide table: index persona, one column per stage
                unknown = []
                for column in table.columns:
                    try:
                        self.resolve_stage(str(column))
                    except JourneyError:
                        unknown.append(column)
                if unknown:
                    raise JourneyError(
                        f"{where}: give a long table with columns persona, stage, level, or a "
                        f"wide one whose columns are stages; columns {unknown} are neither "
                        f"(the stages are {self.stage_names})."
                    )
                table = table.rename_axis("persona").reset_index()
                table = table.melt(id_vars="persona", var_name="stage", value_name="level")
                table = table[table["level"].notna()]
        else:
            raise JourneyError(
                f"{where}: give a DataFrame (persona, stage, level) or a dict "
                f"{{persona: {{stage: level}}}}, got {type(participation).__name__}."
            )
        out = pd.DataFrame(
            {
                "persona": list(table["persona"]),
                "stage": [
                    self.resolve_stage(str(s), where=f"{where} (persona {p!r})")
                    for p, s in zip(table["persona"], table["stage"])
                ],
                "level": [
                    normalise_level(v, where=f"{where} (persona {p!r}, stage {s!r})")
                    for p, s, v in zip(table["persona"], table["stage"], table["level"])
                ],
                "source": list(table["source"]) if "source" in table else [source] * len(table),
                "reason": list(table["reason"]) if "reason" in table else [""] * len(table),
            },
            dtype=object,
        )
        out["source"] = out["source"].map(lambda v: source if pd.isna(v) else str(v))
        out["reason"] = out["reason"].map(lambda v: "" if pd.isna(v) else str(v))
        dupes = out.duplicated(subset=["persona", "stage"])
        if dupes.any():
            row = out[dupes].iloc[0]
            raise JourneyError(
                f"{where}: persona {row['persona']!r} has more than one level for stage "
                f"{row['stage']!r}; give one level per persona and stage."
            )
        return self._sort_participation(out, self.stage_names)

    # -- serialisation and display -----------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Return the journey as a JSON-safe dict (see :meth:`from_dict`).

        Returns
        -------
        dict
            Keys ``name, kind, stages, participation, aliases, split_from``.

        Examples
        --------
        >>> from personakit import Journey
        >>> d = Journey(["browse", "buy"], name="Shop").to_dict()
        >>> d["name"], [s["name"] for s in d["stages"]]
        ('Shop', ['browse', 'buy'])
        """
        return {
            "name": self.name,
            "kind": self.kind,
            "stages": [s.to_dict() for s in self.stages],
            "participation": [
                {c: row[c] for c in PARTICIPATION_COLUMNS}
                for row in self.participation.to_dict(orient="records")
            ],
            "aliases": dict(sorted(self.aliases.items())),
            "split_from": {k: list(v) for k, v in sorted(self.split_from.items())},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Journey:
        """Build a journey from :meth:`to_dict` output.

        Parameters
        ----------
        data : mapping
            As returned by :meth:`to_dict`.

        Returns
        -------
        Journey
            An equal journey.

        Examples
        --------
        >>> from personakit import Journey
        >>> j = Journey("funnel", kind="brand")
        >>> Journey.from_dict(j.to_dict()) == j
        True
        """
        if not isinstance(data, Mapping) or "stages" not in data:
            raise JourneyError(
                "Journey.from_dict: expected a dict with 'stages' (as Journey.to_dict returns), "
                f"got {type(data).__name__}."
            )
        journey = cls(
            data["stages"],
            kind=data.get("kind", "persona"),
            name=data.get("name", "Customer journey"),
            aliases=data.get("aliases") or {},
            split_from=data.get("split_from") or {},
        )
        part = data.get("participation") or []
        if part:
            journey.participation = journey._read_participation(pd.DataFrame(part), source="user")
        return journey

    def __repr__(self) -> str:
        stages = " → ".join(self.stage_names)
        extra = ""
        if len(self.participation):
            n = self.participation["persona"].map(persona_key).nunique()
            extra = f"; participation for {n} persona(s)"
        return f"<Journey {self.name!r} ({self.kind}): {stages}{extra}>"

    def _repr_html_(self) -> str:
        from personakit._render import render_template

        matrix = self.participation_matrix()
        rows = []
        for persona, levels in matrix.iterrows():
            sources = self.participation[
                self.participation["persona"].map(persona_key) == persona_key(persona)
            ]["source"]
            rows.append(
                {
                    "persona": str(persona),
                    "levels": [
                        "" if pd.isna(levels[s]) else str(levels[s]).replace("_", " ")
                        for s in self.stage_names
                    ],
                    "source": ", ".join(sorted(set(sources))),
                }
            )
        return render_template(
            "journey_stages.html.j2",
            journey=self,
            stages=[s.to_dict() for s in self.stages],
            participation=rows,
        )

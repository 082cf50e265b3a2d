"""The :class:`JourneyMap`: personas × stages cells built from evidence and survey data."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import JourneyError
from personakit.journey._cells import (
    WORKSHOP_LANES,
    JourneyCell,
    compute_cell,
)
from personakit.journey._evidence import PersonaInfo, prepare_evidence, resolve_personas
from personakit.journey._model import Journey, persona_key

__all__ = ["CELL_QUOTE_COLUMNS", "SCHEMA", "SCHEMA_VERSION", "JourneyMap"]

SCHEMA = "personakit.journey_map"
SCHEMA_VERSION = 1
CELL_QUOTE_COLUMNS = (
    "evidence_id",
    "text",
    "emotion",
    "valence",
    "is_pain_point",
    "theme",
    "source",
    "line",
)
"""Columns of :meth:`JourneyMap.quotes`."""

_STAGE_LANES = {
    "goals": "goals",
    "actions": "actions",
    "touchpoints": "touchpoints",
    "needs": "needs",
    "content_preferences": "content",
}


def _positive_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise JourneyError(f"{name} must be a non-negative integer, got {value!r}.")
    return int(value)


class JourneyMap:
    """A journey map: for every persona and stage, emotions, pain points, touchpoints and more.

    Build one with :meth:`JourneyMap.build` (from evidence) or
    :meth:`JourneyMap.from_dict` (from saved JSON). The map displays itself
    in Jupyter, plots (:meth:`plot`), and exports to HTML, Markdown, JSON,
    CSV and XLSX. Workshop entries are added with :meth:`add_note` and
    :meth:`add_opportunity` (each returns a new map).

    Parameters
    ----------
    journey : Journey
        The journey (stages, kind, participation).
    personas : list of dict
        ``{id, name, size, share, n_evidence, unstaged}`` per persona.
    cells : list of JourneyCell
        One cell per persona and stage, persona-major in journey order.
    overall : list of JourneyCell, optional
        One all-personas cell per stage (the brand curve).
    settings : dict, optional
        The build settings (``min_evidence``, ``min_sources``, ...).
    summary : dict, optional
        Counts of evidence rows used and left out, and why.
    evidence : pandas.DataFrame, optional
        The prepared evidence rows behind the cells (not serialised).

    Attributes
    ----------
    journey : Journey
    cells : list of JourneyCell
    overall : list of JourneyCell
    settings : dict
    summary : dict
    evidence : pandas.DataFrame or None

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit import Journey, JourneyMap
    >>> evidence = pd.DataFrame({
    ...     "persona": [1] * 6 + [1] * 6,
    ...     "interview_id": ["i1", "i2", "i3"] * 4,
    ...     "stage": ["awareness"] * 6 + ["decision"] * 6,
    ...     "valence": [0.5, 0.4, 0.6, 0.3, 0.5, 0.4, -0.6, -0.5, -0.7, -0.4, -0.6, -0.5],
    ...     "emotion": ["curiosity"] * 6 + ["anxiety"] * 6,
    ...     "is_pain_point": [False] * 6 + [True] * 6,
    ...     "pain_type": [None] * 6 + ["cost"] * 6,
    ...     "theme": [None] * 6 + ["unclear pricing"] * 6,
    ...     "text": ["I heard about it from a friend at work."] * 6
    ...             + ["The price was never clear to me at checkout."] * 6})
    >>> jm = JourneyMap.build(Journey("b2c"), {1: "Busy parent"}, evidence)
    >>> cell = jm.cell(1, "decision")
    >>> cell.dominant_emotion, cell.top_pain_point["theme"], round(cell.valence_mean, 2)
    ('anxiety', 'unclear pricing', -0.55)
    >>> jm.cell(1, "retention").sufficient
    False
    """

    def __init__(
        self,
        journey: Journey,
        personas: list[dict[str, Any]],
        cells: list[JourneyCell],
        *,
        overall: list[JourneyCell] | None = None,
        settings: Mapping[str, Any] | None = None,
        summary: Mapping[str, Any] | None = None,
        evidence: pd.DataFrame | None = None,
    ) -> None:
        self.journey = journey
        self._personas = [dict(p) for p in personas]
        self.cells = list(cells)
        self.overall = list(overall or [])
        self.settings = dict(settings or {})
        self.summary = dict(summary or {})
        self.evidence = evidence
        self._index = {(persona_key(c.persona), c.stage): c for c in self.cells}

    # -- building ----------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        journey: Journey | Any,
        personas: Any,
        evidence: pd.DataFrame,
        *,
        survey: Any = None,
        min_evidence: int = 5,
        min_sources: int = 2,
        confidence: float = 0.95,
        top_pain_points: int = 3,
        n_quotes: int = 3,
        stage_map: Mapping[str, str] | None = None,
        keep_pii: bool = False,
    ) -> JourneyMap:
        """Build a journey map from evidence (and, optionally, survey answers).

        Parameters
        ----------
        journey : Journey, str or list of stages
            The journey; anything :class:`Journey` accepts is turned into one
            (kind ``"persona"``).
        personas : PersonaSet, Series, dict, list or None
            The personas: a :class:`personakit.PersonaSet` (its ``labels``
            attribute evidence rows without a persona through their
            ``respondent_id``, and give the survey lanes their members), a
            Series of labels (respondent id -> persona id), a dict
            ``{id: name}`` or a list of ids for evidence-only maps, or
            ``None`` to take the ids found in the evidence's ``persona``
            column.
        evidence : pandas.DataFrame
            The evidence table of :func:`personakit.analyze_text`: one row
            per sentence with ``text, stage, valence, emotion`` and, when
            available, ``persona, is_pain_point, pain_type, theme,
            evidence_id, source, line, interview_id, respondent_id,
            analysed``. Rows with no stage are counted in
            ``summary["unstaged"]``; non-English rows (``analysed=False``) in
            ``summary["not_analysed"]``.
        survey : Survey, optional
            Adds touchpoints, goals, needs, content preferences and stage
            scores from the variables whose codebook ``stage`` is set (see
            :mod:`personakit.journey._survey`); needs persona labels.
        min_evidence : int, default 5
            Fewest sentences for a cell to show a valence (else "too little
            evidence").
        min_sources : int, default 2
            Fewest distinct interviews/respondents for the same.
        confidence : float, default 0.95
            Level of the valence interval.
        top_pain_points : int, default 3
            Pain points kept per cell (and opportunities derived from them).
        n_quotes : int, default 3
            Quotes kept per cell and per pain point.
        stage_map : dict, optional
            ``{stage name in the evidence: stage of this journey}`` for
            evidence tagged with other names.
        keep_pii : bool, default False
            Keep quotes as they are and keep the speakers' names with them.
            By default quotes are passed through :func:`personakit.mask_pii`
            (emails, phone numbers, links with tokens, IP addresses) and no
            speaker names are kept on the map.

        Returns
        -------
        JourneyMap
            The map.

        Raises
        ------
        JourneyError
            For an empty evidence table, missing columns, a stage the journey
            lacks, a persona id that does not exist, or a valence outside
            [-1, 1].

        Examples
        --------
        >>> import pandas as pd
        >>> from personakit import JourneyMap
        >>> ev = pd.DataFrame({"persona": [1, 2], "stage": ["awareness", "checkout"],
        ...                    "valence": [0.1, -0.2], "emotion": ["curiosity", "anger"],
        ...                    "text": ["Saw an ad.", "Checkout broke."]})
        >>> JourneyMap.build("b2c", [1, 2], ev)
        Traceback (most recent call last):
        ...
        personakit._errors.JourneyError: evidence column 'stage': stage name(s) 'checkout' (1 rows) are not stages of the journey ...
        """
        if not isinstance(journey, Journey):
            journey = Journey(journey)
        min_evidence = _positive_int(min_evidence, "min_evidence")
        min_sources = _positive_int(min_sources, "min_sources")
        top_pain_points = _positive_int(top_pain_points, "top_pain_points")
        n_quotes = _positive_int(n_quotes, "n_quotes")
        if not isinstance(confidence, float | int) or not 0 < float(confidence) < 1:
            raise JourneyError(
                f"confidence must be a number between 0 and 1 (e.g. 0.95), got {confidence!r}."
            )
        info = resolve_personas(personas, evidence if isinstance(evidence, pd.DataFrame) else None)
        ev, summary = prepare_evidence(evidence, journey, info, stage_map=stage_map)
        keys = [persona_key(i) for i in info.ids]
        if not keep_pii:
            from personakit.privacy import mask_pii

            # analyze_text masks quotes already; this catches evidence made elsewhere.
            # Speaker names are not passed: a name such as "Will" would mask ordinary words.
            ev["text"] = mask_pii(ev["text"])

        # participation
        participation = journey.participation
        if len(participation):
            participation = _match_participation_personas(participation, info)
        elif journey.kind == "handoff":
            from personakit.journey._participation import infer_from_prepared

            participation = infer_from_prepared(ev, journey, keys, min_evidence=min_evidence)
            participation["persona"] = participation["persona"].map(info.key_of()).astype(object)
            journey = journey.with_participation(participation, source="evidence")
            participation = _match_participation_personas(journey.participation, info)
        part_index = (
            {
                (persona_key(p), s): {"level": lv, "source": src, "reason": why}
                for p, s, lv, src, why in participation[
                    ["persona", "stage", "level", "source", "reason"]
                ].itertuples(index=False, name=None)
            }
            if len(participation)
            else {}
        )

        settings = {
            "min_evidence": min_evidence,
            "min_sources": min_sources,
            "confidence": float(confidence),
            "top_pain_points": top_pain_points,
            "n_quotes": n_quotes,
            "keep_pii": bool(keep_pii),
            "stage_map": dict(stage_map or {}),
        }
        # the cells get the same settings (keep_pii decides whether quotes keep speakers)
        opts = {k: v for k, v in settings.items() if k not in ("keep_pii", "stage_map")}
        opts["keep_speaker"] = settings["keep_pii"]
        groups = dict(list(ev.groupby(["persona_key", "stage"], sort=False)))
        empty = ev.iloc[0:0]
        cells = []
        for key, pid in zip(keys, info.ids):
            for stage in journey.stage_names:
                cell = compute_cell(pid, stage, groups.get((key, stage), empty), **opts)
                cell.participation = part_index.get((key, stage))
                cells.append(cell)
        stage_groups = dict(list(ev.groupby("stage", sort=False)))
        overall = [
            compute_cell(None, stage, stage_groups.get(stage, empty), **opts)
            for stage in journey.stage_names
        ]

        # lanes from the stage definitions
        for cell in [*cells, *overall]:
            stage = journey.stage(cell.stage)
            for attr, lane in _STAGE_LANES.items():
                getattr(cell, lane).extend(
                    {"text": text, "source": "stage"} for text in getattr(stage, attr)
                )

        # lanes from the survey
        summary["survey_unmapped"] = []
        if survey is not None:
            from personakit.journey._survey import survey_stage_items

            members: dict[str, Any] = {"all": None}
            if info.labels is not None:
                for key in keys:
                    members[key] = pd.Index(info.labels.index[info.labels == key])
            else:
                summary["survey_note"] = (
                    "survey lanes show all respondents only: the personas have no labels "
                    "(respondent_id -> persona)"
                )
            items, unmapped = survey_stage_items(survey, journey, members)
            summary["survey_unmapped"] = unmapped
            for cell in cells:
                lanes = items.get((persona_key(cell.persona), cell.stage), {})
                _add_survey_lanes(cell, lanes)
            for cell in overall:
                _add_survey_lanes(cell, items.get(("all", cell.stage), {}))

        persona_rows = []
        counts = ev.groupby("persona_key").size()
        for key, pid in zip(keys, info.ids):
            persona_rows.append(
                {
                    "id": pid,
                    "name": info.names.get(key, f"Persona {pid}"),
                    "size": info.sizes.get(key),
                    "share": info.shares.get(key),
                    "n_evidence": int(counts.get(key, 0)),
                    "unstaged": int(summary["unstaged"].get(key, 0)),
                }
            )
        summary["insufficient_cells"] = int(sum(not c.sufficient for c in cells))
        evidence_out = ev.assign(persona=ev["persona_key"].map(info.key_of())).drop(
            columns=["persona_key"]
        )
        return cls(
            journey,
            persona_rows,
            cells,
            overall=overall,
            settings=settings,
            summary=summary,
            evidence=evidence_out,
        )

    # -- access ------------------------------------------------------------------------
    @property
    def personas(self) -> list[dict[str, Any]]:
        """The personas on the map: ``{id, name, size, share, n_evidence, unstaged}``.

        Returns
        -------
        list of dict
            In map order.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> [p["name"] for p in example_map().personas]
        ['Busy parent', 'Bargain hunter']
        """
        return [dict(p) for p in self._personas]

    @property
    def persona_ids(self) -> list[Any]:
        """Persona ids in map order.

        Returns
        -------
        list
            The ids.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> example_map().persona_ids
        [1, 2]
        """
        return [p["id"] for p in self._personas]

    @property
    def persona_names(self) -> dict[Any, str]:
        """Persona id -> name.

        Returns
        -------
        dict
            In map order.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> example_map().persona_names[2]
        'Bargain hunter'
        """
        return {p["id"]: p["name"] for p in self._personas}

    @property
    def stage_names(self) -> list[str]:
        """Stage names in journey order.

        Returns
        -------
        list of str
            The names.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> example_map().stage_names[0]
        'awareness'
        """
        return self.journey.stage_names

    def _persona_id(self, persona: Any) -> Any:
        key = persona_key(persona)
        for p in self._personas:
            if persona_key(p["id"]) == key:
                return p["id"]
        for p in self._personas:
            if str(p["name"]).strip().lower() == str(persona).strip().lower():
                return p["id"]
        raise JourneyError(
            f"persona {persona!r} is not on this map; its personas are "
            f"{[(p['id'], p['name']) for p in self._personas]}."
        )

    def cell(self, persona: Any, stage: str) -> JourneyCell:
        """Return the cell of ``persona`` at ``stage``.

        Parameters
        ----------
        persona : int or str or None
            Persona id or name; ``None`` for the all-personas cell.
        stage : str
            Stage name or label.

        Returns
        -------
        JourneyCell
            The cell (see :class:`personakit.journey.JourneyCell`).

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> example_map().cell("Busy parent", "Decision").n
        8
        """
        stage = self.journey.resolve_stage(stage, where="cell")
        if persona is None:
            for c in self.overall:
                if c.stage == stage:
                    return c
            raise JourneyError("this map has no all-personas cells (built with an older version).")
        return self._index[(persona_key(self._persona_id(persona)), stage)]

    def emotion_curve(self, persona: Any = "all") -> pd.DataFrame:
        """The valence curve: one row per persona and stage.

        Parameters
        ----------
        persona : id, name, None or "all", default "all"
            One persona, ``None`` for the all-personas curve, or ``"all"``
            for every persona.

        Returns
        -------
        pandas.DataFrame
            Columns ``persona, persona_name, stage, stage_label, n,
            n_sources, sufficient, valence_mean, valence_low, valence_high,
            dominant_emotion``.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> curve = example_map().emotion_curve(1)
        >>> curve.loc[curve["valence_mean"].idxmin(), "stage"]
        'decision'
        """
        if isinstance(persona, str) and persona == "all":
            cells = self.cells
        elif persona is None:
            cells = self.overall
        else:
            pid = self._persona_id(persona)
            cells = [c for c in self.cells if persona_key(c.persona) == persona_key(pid)]
        names = self.persona_names
        labels = self.journey.labels
        rows = [
            {
                "persona": c.persona,
                "persona_name": names.get(c.persona, "All personas"),
                "stage": c.stage,
                "stage_label": labels[c.stage],
                "n": c.n,
                "n_sources": c.n_sources,
                "sufficient": c.sufficient,
                "valence_mean": c.valence_mean,
                "valence_low": c.valence_low,
                "valence_high": c.valence_high,
                "dominant_emotion": c.dominant_emotion,
            }
            for c in cells
        ]
        return pd.DataFrame(rows)

    def pain_point_table(self) -> pd.DataFrame:
        """All cells' top pain points as one ranked table.

        Returns
        -------
        pandas.DataFrame
            Columns ``persona, persona_name, stage, rank, theme, pain_type,
            count, n_sources, share, severity, mean_valence, source``.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> t = example_map().pain_point_table()
        >>> t.loc[0, ["stage", "theme", "pain_type"]].tolist()
        ['decision', 'hidden fees at checkout', 'cost']
        """
        names = self.persona_names
        rows = []
        for c in self.cells:
            for rank, p in enumerate(c.pain_points, start=1):
                rows.append(
                    {
                        "persona": c.persona,
                        "persona_name": names.get(c.persona, ""),
                        "stage": c.stage,
                        "rank": rank,
                        "theme": p.get("theme"),
                        "pain_type": p.get("pain_type"),
                        "count": p.get("count"),
                        "n_sources": p.get("n_sources"),
                        "share": p.get("share"),
                        "severity": p.get("severity"),
                        "mean_valence": p.get("mean_valence"),
                        "source": p.get("source", "evidence"),
                    }
                )
        columns = [
            "persona",
            "persona_name",
            "stage",
            "rank",
            "theme",
            "pain_type",
            "count",
            "n_sources",
            "share",
            "severity",
            "mean_valence",
            "source",
        ]
        return pd.DataFrame(rows, columns=columns)

    def quotes(self, persona: Any, stage: str) -> pd.DataFrame:
        """Every evidence sentence behind a cell (or the kept quotes after ``from_dict``).

        Parameters
        ----------
        persona : int or str or None
            Persona id or name; ``None`` for all personas.
        stage : str
            Stage name.

        Returns
        -------
        pandas.DataFrame
            Columns ``evidence_id, text, emotion, valence, is_pain_point,
            theme, source, line``, most negative first.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> len(example_map().quotes(1, "decision"))
        8
        """
        cell = self.cell(persona, stage)
        columns = list(CELL_QUOTE_COLUMNS)
        if self.evidence is not None:
            rows = self.evidence[self.evidence["evidence_id"].isin(set(cell.evidence_ids))]
        else:
            seen: dict[str, dict[str, Any]] = {}
            for q in cell.quotes + [q for p in cell.pain_points for q in p.get("quotes", [])]:
                seen.setdefault(q["evidence_id"], q)
            rows = pd.DataFrame(list(seen.values()))
            for column in columns:
                if column not in rows:
                    rows[column] = pd.NA
        if not len(rows):
            return pd.DataFrame(columns=columns)
        rows = rows[columns].sort_values(
            ["valence", "evidence_id"], kind="mergesort", na_position="last"
        )
        return rows.reset_index(drop=True)

    @property
    def participation(self) -> pd.DataFrame:
        """Participation of each persona in each stage, with its source.

        Returns
        -------
        pandas.DataFrame
            Columns ``persona, persona_name, stage, level, source, reason``
            (empty unless the journey is a hand-off journey or levels were
            given).

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> example_map(kind="handoff").participation["source"].unique().tolist()
        ['evidence']
        """
        names = self.persona_names
        rows = [
            {
                "persona": c.persona,
                "persona_name": names.get(c.persona, ""),
                "stage": c.stage,
                **c.participation,
            }
            for c in self.cells
            if c.participation
        ]
        return pd.DataFrame(
            rows, columns=["persona", "persona_name", "stage", "level", "source", "reason"]
        )

    @property
    def entries(self) -> pd.DataFrame:
        """Workshop entries added with :meth:`add_note` / :meth:`add_opportunity`.

        Returns
        -------
        pandas.DataFrame
            Columns ``persona, stage, lane, text, author, source``.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> jm = example_map().add_note(1, "decision", "Legal wants a DPA template")
        >>> jm.entries[["stage", "lane", "text"]].values.tolist()
        [['decision', 'notes', 'Legal wants a DPA template']]
        """
        rows = []
        for c in self.cells:
            for lane in WORKSHOP_LANES:
                for item in getattr(c, lane):
                    if item.get("source") == "workshop":
                        rows.append(
                            {
                                "persona": c.persona,
                                "stage": c.stage,
                                "lane": lane,
                                "text": item.get("text", item.get("theme")),
                                "author": item.get("author"),
                                "source": "workshop",
                            }
                        )
        return pd.DataFrame(rows, columns=["persona", "stage", "lane", "text", "author", "source"])

    # -- workshop entries ----------------------------------------------------------------
    def add_note(
        self,
        persona: Any,
        stage: str,
        text: str,
        *,
        lane: str = "notes",
        author: str | None = None,
    ) -> JourneyMap:
        """Return a map with a workshop entry added to a cell (marked ``source="workshop"``).

        Parameters
        ----------
        persona : int, str, list or None
            Persona id or name, a list of them, or ``None`` for every persona.
        stage : str
            Stage name or label.
        text : str
            The entry.
        lane : str, default "notes"
            One of ``goals, actions, touchpoints, needs, content, pain_points,
            opportunities, notes``.
        author : str, optional
            Who added it.

        Returns
        -------
        JourneyMap
            A new map; this one is unchanged.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> jm = example_map().add_note(None, "retention", "Call after day 3", lane="actions")
        >>> [a["text"] for a in jm.cell(2, "retention").actions if a["source"] == "workshop"]
        ['Call after day 3']
        """
        if lane not in WORKSHOP_LANES:
            raise JourneyError(
                f"add_note: lane {lane!r} is not known; use one of {list(WORKSHOP_LANES)}."
            )
        if not isinstance(text, str) or not text.strip():
            raise JourneyError(f"add_note: text must be a non-empty string, got {text!r}.")
        if author is not None and not isinstance(author, str):
            raise JourneyError(f"add_note: author must be a string, got {author!r}.")
        stage = self.journey.resolve_stage(stage, where="add_note")
        if persona is None:
            targets = self.persona_ids
        elif isinstance(persona, list | tuple):
            targets = [self._persona_id(p) for p in persona]
        else:
            targets = [self._persona_id(persona)]
        new = self.copy()
        for pid in targets:
            cell = new._index[(persona_key(pid), stage)]
            item: dict[str, Any] = {"text": text.strip(), "source": "workshop", "author": author}
            if lane == "pain_points":
                item = {"theme": text.strip(), "source": "workshop", "author": author}
            getattr(cell, lane).append(item)
        return new

    def add_opportunity(
        self, persona: Any, stage: str, text: str, *, author: str | None = None
    ) -> JourneyMap:
        """Return a map with a workshop opportunity added (``source="workshop"``).

        Parameters
        ----------
        persona : int, str, list or None
            Persona id or name, a list, or ``None`` for every persona.
        stage : str
            Stage name or label.
        text : str
            The opportunity.
        author : str, optional
            Who suggested it.

        Returns
        -------
        JourneyMap
            A new map.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> jm = example_map().add_opportunity(1, "decision", "Show the total price up front")
        >>> jm.cell(1, "decision").opportunities[-1]["source"]
        'workshop'
        """
        return self.add_note(persona, stage, text, lane="opportunities", author=author)

    def copy(self) -> JourneyMap:
        """Return a deep copy of the map (the evidence table is shared, not copied).

        Returns
        -------
        JourneyMap
            The copy.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> jm = example_map()
        >>> jm.copy().to_json() == jm.to_json()
        True
        """
        return JourneyMap(
            Journey.from_dict(self.journey.to_dict()),
            copy.deepcopy(self._personas),
            copy.deepcopy(self.cells),
            overall=copy.deepcopy(self.overall),
            settings=copy.deepcopy(self.settings),
            summary=copy.deepcopy(self.summary),
            evidence=self.evidence,
        )

    # -- tables and exports -----------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per persona × stage cell, lists joined as text.

        Returns
        -------
        pandas.DataFrame
            Columns documented in :data:`personakit.journey.FRAME_COLUMNS`.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> frame = example_map().to_frame()
        >>> frame.shape[0], frame.loc[1, "dominant_emotion"]
        (10, 'curiosity')
        """
        from personakit.journey._export import cells_frame

        return cells_frame(self)

    def quotes_frame(self) -> pd.DataFrame:
        """Every quote kept on the map, one row each (cell quotes and pain-point quotes).

        Returns
        -------
        pandas.DataFrame
            Columns ``persona, persona_name, stage, kind, theme, text,
            evidence_id, source, line, emotion, valence``.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> sorted(set(example_map().quotes_frame()["kind"]))
        ['cell', 'pain_point']
        """
        from personakit.journey._export import quotes_frame

        return quotes_frame(self)

    def to_dict(self) -> dict[str, Any]:
        """Return the map as a JSON-safe dict with a versioned schema.

        The schema (``schema="personakit.journey_map"``, ``schema_version=1``)
        is documented in :mod:`personakit.journey._export`.

        Returns
        -------
        dict
            Plain Python objects; round-trips with :meth:`from_dict`.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> d = example_map().to_dict()
        >>> d["schema"], d["schema_version"], len(d["cells"])
        ('personakit.journey_map', 1, 10)
        """
        from personakit.journey._export import map_to_dict

        return map_to_dict(self)

    def to_json(self, path: str | Path | None = None, *, indent: int | None = 2) -> str:
        """Return (and optionally write) the map as canonical JSON.

        Same inputs give byte-identical JSON (keys sorted, numbers rounded to
        10 significant digits).

        Parameters
        ----------
        path : str or Path, optional
            Also write the JSON there (UTF-8).
        indent : int or None, default 2
            Indentation.

        Returns
        -------
        str
            The JSON text.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> example_map().to_json().startswith("{")
        True
        """
        from personakit._json import dumps

        text = dumps(self.to_dict(), indent=indent)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JourneyMap:
        """Rebuild a map from :meth:`to_dict` output (or parsed JSON).

        Parameters
        ----------
        data : mapping
            As returned by :meth:`to_dict`.

        Returns
        -------
        JourneyMap
            The map, without the evidence table (quotes kept on the map stay).

        Examples
        --------
        >>> import json
        >>> from personakit import JourneyMap
        >>> from personakit.journey import example_map
        >>> jm = example_map()
        >>> JourneyMap.from_dict(json.loads(jm.to_json())).to_json() == jm.to_json()
        True
        """
        from personakit.journey._export import map_from_dict

        return map_from_dict(cls, data)

    def to_markdown(self, persona: Any = "all") -> str:
        """Return the map as Markdown: a table per persona (stages as columns) and quotes.

        User text is escaped (``|``, ``<``, ``>`` and ``&``), so it cannot break
        the table or turn into HTML where Markdown is rendered.

        Parameters
        ----------
        persona : id, name or "all", default "all"
            Which persona(s).

        Returns
        -------
        str
            Markdown text.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> print(example_map().to_markdown(1).splitlines()[0])
        # Online shop: Busy parent
        """
        from personakit.journey._export import to_markdown

        return to_markdown(self, persona)

    def to_csv(self, path: str | Path, *, table: str = "cells") -> Path:
        """Write cells or quotes to CSV, safe to open in a spreadsheet.

        Text that a spreadsheet would run as a formula (starting with ``=``,
        ``+``, ``-``, ``@``, tab or carriage return) is prefixed with ``'``
        (see :func:`personakit.journey.safe_spreadsheet_frame`).

        Parameters
        ----------
        path : str or Path
            The CSV file to write.
        table : {"cells", "quotes", "pain_points", "participation"}, default "cells"
            Which table.

        Returns
        -------
        Path
            The written file.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from personakit.journey import example_map
        >>> path = example_map().to_csv(pathlib.Path(tempfile.mkdtemp()) / "cells.csv")
        >>> path.read_text(encoding="utf-8").splitlines()[0].split(",")[:3]
        ['persona', 'persona_name', 'stage']
        """
        from personakit.journey._export import write_csv

        return write_csv(self, path, table)

    def to_excel(self, path: str | Path) -> Path:
        """Write cells, quotes, pain points and participation to an XLSX workbook.

        Every text cell is neutralised against formula injection as in
        :meth:`to_csv`, so nothing in the workbook is a formula. The same map
        gives a byte-identical file (fixed timestamps).

        Parameters
        ----------
        path : str or Path
            The ``.xlsx`` file to write.

        Returns
        -------
        Path
            The written file.

        Examples
        --------
        >>> import pathlib, tempfile, openpyxl
        >>> from personakit.journey import example_map
        >>> path = example_map().to_excel(pathlib.Path(tempfile.mkdtemp()) / "map.xlsx")
        >>> openpyxl.load_workbook(path).sheetnames
        ['cells', 'quotes', 'pain_points', 'participation']
        """
        from personakit.journey._export import write_excel

        return write_excel(self, path)

    # -- display ------------------------------------------------------------------------
    def __repr__(self) -> str:
        n = self.summary.get("used")
        used = f", {n:,} evidence rows" if isinstance(n, int) else ""
        weak = sum(not c.sufficient for c in self.cells)
        return (
            f"<JourneyMap {self.journey.name!r} ({self.journey.kind}): "
            f"{len(self._personas)} persona(s) × {len(self.journey)} stages{used}; "
            f"{weak} cell(s) with too little evidence>"
        )

    def _repr_html_(self) -> str:
        from personakit.journey._html import map_html

        return map_html(self, standalone=False)

    def to_html(self) -> str:
        """Return the map as a self-contained HTML page (figures inline, user text escaped).

        Returns
        -------
        str
            The HTML document.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> example_map().to_html().startswith("<!DOCTYPE html>")
        True
        """
        from personakit.journey._html import map_html

        return map_html(self, standalone=True)

    def write_html(self, path: str | Path) -> Path:
        """Write the map as one self-contained HTML file (no network needed to view it).

        Parameters
        ----------
        path : str or Path
            The file to write.

        Returns
        -------
        Path
            The written file.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from personakit.journey import example_map
        >>> path = example_map().write_html(pathlib.Path(tempfile.mkdtemp()) / "map.html")
        >>> "<svg" in path.read_text(encoding="utf-8")
        True
        """
        path = Path(path)
        path.write_text(self.to_html(), encoding="utf-8")
        return path

    def plot(
        self, persona: Any = None, ax: Any = None, *, view: str | None = None, size: str = "a4"
    ):
        """Draw the journey map with matplotlib.

        Parameters
        ----------
        persona : id, name, list or None, default None
            One persona gives the classic map (stages as columns; lanes for
            goals and actions, touchpoints, the emotion curve with its
            interval band and evidence counts, pain points, opportunities).
            ``None`` picks by the journey's kind: the map of the only persona;
            the overlaid emotion curves for a brand journey; the participation
            matrix for a hand-off journey; personas side by side otherwise.
        ax : matplotlib.axes.Axes, optional
            Where to draw; a new figure (A4 landscape or 16:9) otherwise.
        view : {"map", "compare", "overlay", "handoff"}, optional
            Force a view.
        size : {"a4", "16:9"}, default "a4"
            Size of a new figure.

        Returns
        -------
        matplotlib.axes.Axes
            The Axes drawn on.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> ax = example_map().plot(persona=1)
        >>> ax.figure.get_size_inches().round(2).tolist()
        [11.69, 8.27]
        """
        from personakit.plotting.journey import plot_journey

        return plot_journey(self, persona=persona, ax=ax, view=view, size=size)

    def savefig(
        self,
        path: str | Path,
        *,
        persona: Any = None,
        view: str | None = None,
        size: str = "a4",
        dpi: int = 150,
    ) -> Path:
        """Save :meth:`plot` to PNG, SVG or PDF (by the file's extension).

        Parameters
        ----------
        path : str or Path
            ``.png``, ``.svg`` or ``.pdf``.
        persona, view, size
            As for :meth:`plot`.
        dpi : int, default 150
            Resolution of a PNG.

        Returns
        -------
        Path
            The written file.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from personakit.journey import example_map
        >>> example_map().savefig(pathlib.Path(tempfile.mkdtemp()) / "map.svg").suffix
        '.svg'
        """
        from personakit.plotting.journey import save_journey_figure

        return save_journey_figure(self, path, persona=persona, view=view, size=size, dpi=dpi)

    def content_coverage(
        self,
        inventory: Any,
        *,
        unknown: str = "raise",
        persona_map: Mapping[str, Any] | None = None,
    ):
        """Which stage × persona cells have content, which have none, and which have the wrong kind.

        Parameters
        ----------
        inventory : DataFrame, str or Path
            The content inventory (:func:`personakit.read_content_inventory`)
            or a path to read it from.
        unknown : {"raise", "report"}, default "raise"
            What to do with assets tagged with a stage or persona that is not
            on this map: raise a :class:`personakit.JourneyError`, or list
            them in the result's ``unmatched`` table.
        persona_map : dict, optional
            ``{persona tag in the inventory: persona id}`` when the inventory
            names personas differently from the map (tags made before the
            segmentation, e.g. ``{"Solo Practitioner": 2}``). Tags that are a
            persona's id, its name, ``"P2"``/``"persona 2"`` or ``"all"``
            need no mapping.

        Returns
        -------
        ContentCoverage
            ``matrix`` (stage × persona asset counts), ``gaps``,
            ``mismatches``, ``assets``, ``unmatched``.

        Examples
        --------
        >>> import pandas as pd
        >>> from personakit.journey import example_map
        >>> inv = pd.DataFrame({"title": ["How to pick a stroller", "Plans compared"],
        ...                     "type": ["Blog post", "Comparison page"],
        ...                     "stage": ["awareness", "consideration"], "persona": ["all", "1"]})
        >>> cov = example_map().content_coverage(inv)
        >>> int(cov.matrix.loc["consideration", "Busy parent"])
        1
        """
        from personakit.journey._content import content_coverage

        return content_coverage(self, inventory, unknown=unknown, persona_map=persona_map)


def _add_survey_lanes(cell: JourneyCell, lanes: Mapping[str, list[dict[str, Any]]]) -> None:
    for lane, items in lanes.items():
        target = getattr(cell, lane)
        if lane in ("touchpoints", "goals", "needs", "content", "actions"):
            # data first (evidence, then survey): it is about these people; the stage
            # definition's items are generic
            evidence = [it for it in target if it.get("source") == "evidence"]
            rest = [it for it in target if it.get("source") not in ("survey", "evidence")]
            target[:] = [*evidence, *items, *rest]
        else:
            target.extend(items)


def _match_participation_personas(part: pd.DataFrame, info: PersonaInfo) -> pd.DataFrame:
    known = info.key_of()
    names = info.name_lookup()
    out = part.copy()
    resolved = []
    for value in out["persona"]:
        key = persona_key(value)
        if key in known:
            resolved.append(known[key])
        elif str(value).strip().lower() in names:
            resolved.append(known[names[str(value).strip().lower()]])
        else:
            raise JourneyError(
                f"journey participation: persona {value!r} does not exist; the personas are "
                f"{[(i, info.names.get(persona_key(i))) for i in info.ids]}. Use their ids or "
                "names in the participation table."
            )
    out["persona"] = pd.Series(resolved, index=out.index, dtype=object)
    return out


def _iter_cells(jm: JourneyMap, persona: Any) -> Iterable[JourneyCell]:
    if isinstance(persona, str) and persona == "all":
        return jm.cells
    pid = jm._persona_id(persona)
    return [c for c in jm.cells if persona_key(c.persona) == persona_key(pid)]

"""State and callbacks of the journey-map explorer, with no widgets (testable headless)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from personakit._errors import JourneyError, PersonakitError
from personakit.journey._build import CELL_QUOTE_COLUMNS
from personakit.widgets._html import STYLE, esc, figure_html, message_html

__all__ = ["VIEWS", "JourneyExplorerController"]

VIEWS = ("map", "compare", "overlay", "handoff")
"""Figure views of :meth:`personakit.JourneyMap.plot`; ``None`` picks by the journey's kind."""

_SIZES = ("a4", "16:9")
# the quotes of the selected cells: JourneyMap.quotes, with the cell in front
_QUOTE_COLUMNS = ["persona", "persona_name", "stage", *CELL_QUOTE_COLUMNS]


def _items(values: Any) -> list[Any]:
    """``values`` as a list: one id/name becomes a list of one; None an empty list."""
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, Iterable):
        return [values]
    return list(values)


class JourneyExplorerController:
    """The journey explorer's state: which personas and stages, and what they show.

    Holds no widgets: :func:`personakit.widgets.explore_journey` binds controls
    to it. Selecting personas or stages updates the cell table, the quotes and
    (on demand) the figure of the selection.

    Parameters
    ----------
    journey_map : personakit.JourneyMap
        The map to explore.
    max_quotes : int, default 5
        Quotes shown per cell in :attr:`quotes_html` (:attr:`quotes` holds all).
    size : {"16:9", "a4"}, default "16:9"
        Size of the figure.

    Attributes
    ----------
    journey_map : personakit.JourneyMap
        The map explored (never changed).
    personas : list
        Selected persona ids, in map order.
    stages : list of str
        Selected stage names, in journey order.
    view : str or None
        Figure view (see :data:`VIEWS`); ``None`` picks by the journey's kind.
    cells : pandas.DataFrame
        The selected cells, one row per persona × stage (columns of
        :meth:`personakit.JourneyMap.to_frame`).
    cells_html : str
        The cells as a persona × stage grid: valence with its interval and n,
        emotions, pain points, opportunities, touchpoints.
    quotes : pandas.DataFrame
        Every evidence sentence behind the selected cells
        (:meth:`personakit.JourneyMap.quotes`), with ``persona, persona_name,
        stage`` first.
    quotes_html : str
        The quotes, at most ``max_quotes`` per cell, most negative first.
    message : str
        What the selection shows, or why it shows nothing.

    Examples
    --------
    >>> from personakit.journey import example_map
    >>> from personakit.widgets import JourneyExplorerController
    >>> c = JourneyExplorerController(example_map())
    >>> c.select_personas(["Bargain hunter"]).select_stages(["consideration"]).cells[
    ...     ["persona_name", "stage", "n", "dominant_emotion"]].values.tolist()
    [['Bargain hunter', 'consideration', 8, 'confusion']]
    >>> len(c.quotes), bool(c.quotes["valence"].is_monotonic_increasing)
    (8, True)
    >>> c.figure.get_size_inches().round(1).tolist()
    [13.3, 7.5]
    """

    def __init__(self, journey_map: Any, *, max_quotes: int = 5, size: str = "16:9") -> None:
        from personakit.journey import JourneyMap

        if not isinstance(journey_map, JourneyMap):
            raise JourneyError(
                f"explore_journey: journey_map must be a personakit.JourneyMap, got "
                f"{type(journey_map).__name__}. Build one with JourneyMap.build(journey, "
                "personas, evidence)."
            )
        if isinstance(max_quotes, bool) or not isinstance(max_quotes, int) or max_quotes < 0:
            raise JourneyError(
                f"explore_journey: max_quotes={max_quotes!r} must be an integer >= 0, e.g. 5."
            )
        if size not in _SIZES:
            raise JourneyError(f"explore_journey: size={size!r} must be one of {list(_SIZES)}.")
        self.journey_map = journey_map
        self.max_quotes = max_quotes
        self.size = size
        self.personas: list[Any] = list(journey_map.persona_ids)
        self.stages: list[str] = list(journey_map.stage_names)
        self.view: str | None = None
        self._listeners: list[Callable[[JourneyExplorerController], None]] = []
        self._figure: Any = None
        self._figure_error: str | None = None
        self._refresh(notify=False)

    # ------------------------------------------------------------------ options
    @property
    def persona_options(self) -> list[tuple[str, Any]]:
        """``(label, id)`` for every persona of the map, in map order.

        Returns
        -------
        list of tuple
            Labels like ``"Busy parent (1)"``.
        """
        return [(f"{name} ({pid})", pid) for pid, name in self.journey_map.persona_names.items()]

    @property
    def stage_options(self) -> list[tuple[str, str]]:
        """``(label, name)`` for every stage of the journey, in journey order.

        Returns
        -------
        list of tuple
            The stages' display labels and names.
        """
        return [(label, name) for name, label in self.journey_map.journey.labels.items()]

    # ------------------------------------------------------------------ selection
    def select_personas(self, personas: Any) -> JourneyExplorerController:
        """Select personas by id or name (an empty list shows nothing).

        Parameters
        ----------
        personas : list of int or str, or one id/name
            Personas of the map; kept in map order, duplicates dropped.

        Returns
        -------
        JourneyExplorerController
            ``self``.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> from personakit.widgets import JourneyExplorerController
        >>> JourneyExplorerController(example_map()).select_personas([2, "busy parent"]).personas
        [1, 2]
        >>> JourneyExplorerController(example_map()).select_personas(["Nobody"])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        personakit._errors.JourneyError: select_personas: persona 'Nobody' is not on this map; ...
        """
        from personakit.journey._model import persona_key

        jm = self.journey_map
        by_key = {persona_key(pid): pid for pid in jm.persona_ids}
        by_name = {str(name).strip().lower(): pid for pid, name in jm.persona_names.items()}
        chosen = set()
        for item in _items(personas):
            key = persona_key(item)
            if key in by_key:
                chosen.add(persona_key(by_key[key]))
            elif str(item).strip().lower() in by_name:
                chosen.add(persona_key(by_name[str(item).strip().lower()]))
            else:
                raise JourneyError(
                    f"select_personas: persona {item!r} is not on this map; its personas are "
                    f"{list(jm.persona_names.items())} (give ids or names)."
                )
        self.personas = [pid for pid in jm.persona_ids if persona_key(pid) in chosen]
        self._refresh()
        return self

    def select_stages(self, stages: Any) -> JourneyExplorerController:
        """Select stages by name or label (an empty list shows nothing).

        Parameters
        ----------
        stages : list of str, or one str
            Stages of the journey; kept in journey order, duplicates dropped.

        Returns
        -------
        JourneyExplorerController
            ``self``.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> from personakit.widgets import JourneyExplorerController
        >>> c = JourneyExplorerController(example_map())
        >>> c.select_stages(["Decision", "awareness"]).stages
        ['awareness', 'decision']
        """
        journey = self.journey_map.journey
        names = set()
        for item in _items(stages):
            if not isinstance(item, str):
                raise JourneyError(
                    f"select_stages: give stage names, got {type(item).__name__} {item!r}; the "
                    f"stages are {journey.stage_names}."
                )
            names.add(journey.resolve_stage(item, where="select_stages"))
        self.stages = [s for s in journey.stage_names if s in names]
        self._refresh()
        return self

    def set_view(self, view: str | None) -> JourneyExplorerController:
        """Choose the figure's view (``None``: by the journey's kind and the selection).

        Parameters
        ----------
        view : {"map", "compare", "overlay", "handoff"} or None
            ``"map"`` needs exactly one selected persona.

        Returns
        -------
        JourneyExplorerController
            ``self``.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> from personakit.widgets import JourneyExplorerController
        >>> JourneyExplorerController(example_map()).set_view("overlay").view
        'overlay'
        """
        if view is not None and view not in VIEWS:
            raise JourneyError(
                f"set_view: view={view!r} is not known; use None or one of {list(VIEWS)}."
            )
        self.view = view
        self._figure = None
        self._figure_error = None
        self._notify()
        return self

    def set_max_quotes(self, max_quotes: int) -> JourneyExplorerController:
        """Change how many quotes per cell :attr:`quotes_html` shows.

        Parameters
        ----------
        max_quotes : int
            At least 0.

        Returns
        -------
        JourneyExplorerController
            ``self``.
        """
        if isinstance(max_quotes, bool) or not isinstance(max_quotes, int) or max_quotes < 0:
            raise JourneyError(f"set_max_quotes: max_quotes={max_quotes!r} must be an int >= 0.")
        self.max_quotes = max_quotes
        self._refresh()
        return self

    def on_change(self, callback: Callable[[JourneyExplorerController], None]) -> None:
        """Call ``callback(controller)`` whenever the selection or the view changes.

        Parameters
        ----------
        callback : callable
            Receives the controller.
        """
        self._listeners.append(callback)

    # ------------------------------------------------------------------ outputs
    def submap(self, *, all_personas: bool = False) -> Any:
        """The journey map restricted to the selected stages (and personas).

        Parameters
        ----------
        all_personas : bool, default False
            Keep every persona (only the stages are restricted).

        Returns
        -------
        personakit.JourneyMap
            A new map holding the selected cells; the original is unchanged.

        Examples
        --------
        >>> from personakit.journey import example_map
        >>> from personakit.widgets import JourneyExplorerController
        >>> c = JourneyExplorerController(example_map()).select_stages(["decision", "retention"])
        >>> c.select_personas([2]).submap()
        <JourneyMap 'Online shop' (persona): 1 persona(s) × 2 stages, 56 evidence rows; 0 cell(s) with too little evidence>
        """
        from personakit.journey import Journey, JourneyMap
        from personakit.journey._model import persona_key

        jm = self.journey_map
        if not self.stages:
            raise JourneyError("submap: no stage is selected; select at least one stage.")
        ids = list(jm.persona_ids) if all_personas else list(self.personas)
        if not ids:
            raise JourneyError("submap: no persona is selected; select at least one persona.")
        keys = {persona_key(p) for p in ids}
        names = {str(jm.persona_names[p]).strip().lower() for p in ids}
        old = jm.journey
        part = old.participation
        if len(part):
            keep = part["stage"].isin(self.stages) & part["persona"].map(
                lambda p: persona_key(p) in keys or str(p).strip().lower() in names
            )
            part = part[keep].reset_index(drop=True)
        journey = Journey(
            [old.stage(s) for s in self.stages],
            kind=old.kind,
            name=old.name,
            participation=part if len(part) else None,
        )
        cells = [jm.cell(p, s) for p in ids for s in self.stages]
        return JourneyMap(
            journey,
            [p for p in jm.personas if persona_key(p["id"]) in keys],
            cells,
            overall=[c for c in jm.overall if c.stage in self.stages],
            settings=jm.settings,
            summary=jm.summary,
            evidence=jm.evidence,
        )

    @property
    def figure(self) -> Any:
        """The figure of the selection (drawn on first access after a change), or None.

        Returns
        -------
        matplotlib.figure.Figure or None
            ``None`` when nothing is selected or the view cannot show the
            selection (:attr:`figure_error` says why).
        """
        if self._figure is None and self._figure_error is None:
            self._draw()
        return self._figure

    @property
    def figure_error(self) -> str | None:
        """Why :attr:`figure` is None, or None.

        Returns
        -------
        str or None
            The message.
        """
        if self._figure is None and self._figure_error is None:
            self._draw()
        return self._figure_error

    @property
    def figure_html(self) -> str:
        """:attr:`figure` as an ``<img>`` with alt text, or a message saying why there is none.

        Returns
        -------
        str
            HTML.
        """
        fig = self.figure
        if fig is None:
            return message_html(self._figure_error or "Nothing to draw.", "warning")
        names = [self.journey_map.persona_names[p] for p in self.personas]
        labels = self.journey_map.journey.labels
        alt = (
            f"Journey map of {', '.join(names)} over the stages "
            f"{', '.join(labels[s] for s in self.stages)}."
        )
        return figure_html(fig, alt)

    def _draw(self) -> None:
        from matplotlib.figure import Figure

        from personakit.plotting.journey import FIGURE_SIZES, choose_view

        self._figure = None
        self._figure_error = None
        if not self.personas or not self.stages:
            self._figure_error = "Select at least one persona and one stage to draw the map."
            return
        try:
            full = self.submap(all_personas=True)
            persona: Any = self.personas[0] if len(self.personas) == 1 else list(self.personas)
            view = choose_view(full, persona, self.view)
            if view == "handoff":  # the matrix shows every persona of the map it is given
                full, persona = self.submap(), None
            fig = Figure(figsize=FIGURE_SIZES[self.size])
            fig.subplots_adjust(left=0.015, right=0.985, bottom=0.015, top=0.985)
            full.plot(persona, ax=fig.add_subplot(), view=view)
        except PersonakitError as exc:
            self._figure_error = str(exc)
            return
        self._figure = fig

    def _refresh(self, *, notify: bool = True) -> None:
        jm = self.journey_map
        self._figure = None
        self._figure_error = None
        if not self.personas or not self.stages:
            self.cells = jm.to_frame().iloc[0:0]
            self.quotes = pd.DataFrame(columns=_QUOTE_COLUMNS)
            self.message = "Select at least one persona and one stage."
            self.cells_html = message_html(self.message, "info")
            self.quotes_html = self.cells_html
            if notify:
                self._notify()
            return
        frame = jm.to_frame()
        from personakit.journey._model import persona_key

        order = {(persona_key(p), s): i for i, (p, s) in enumerate(self._pairs())}
        keys = [order.get((persona_key(p), s)) for p, s in zip(frame["persona"], frame["stage"])]
        picked = [i for i, k in enumerate(keys) if k is not None]
        picked.sort(key=lambda i: keys[i])
        self.cells = frame.iloc[picked].reset_index(drop=True)
        parts = []
        for pid, stage in self._pairs():
            q = jm.quotes(pid, stage)
            if len(q):
                q = q.copy()
                q.insert(0, "stage", stage)
                q.insert(0, "persona_name", jm.persona_names[pid])
                q.insert(0, "persona", pid)
                parts.append(q)
        self.quotes = (
            pd.concat(parts, ignore_index=True)[_QUOTE_COLUMNS]
            if parts
            else pd.DataFrame(columns=_QUOTE_COLUMNS)
        )
        n_short = int((~self.cells["sufficient"].astype(bool)).sum())
        self.message = (
            f"{len(self.personas)} persona(s) × {len(self.stages)} stage(s): "
            f"{len(self.quotes)} quotes"
            + (f"; {n_short} cell(s) with too little evidence for a valence." if n_short else ".")
        )
        self.cells_html = self._cells_html()
        self.quotes_html = self._quotes_html()
        if notify:
            self._notify()

    def _pairs(self) -> list[tuple[Any, str]]:
        return [(p, s) for p in self.personas for s in self.stages]

    def _notify(self) -> None:
        for callback in list(self._listeners):
            callback(self)

    def _cells_html(self) -> str:
        from personakit.journey._format import (
            emotion_text,
            lane_texts,
            participation_text,
            valence_text,
        )

        jm = self.journey_map
        labels = jm.journey.labels
        head = "<th>Persona</th>" + "".join(f"<th>{esc(labels[s])}</th>" for s in self.stages)
        rows = []
        for pid in self.personas:
            tds = [f"<th>{esc(jm.persona_names[pid])}</th>"]
            for stage in self.stages:
                cell = jm.cell(pid, stage)
                tone = ""
                if cell.sufficient and cell.valence_mean == cell.valence_mean:
                    tone = " pk-neg" if cell.valence_mean < 0 else " pk-pos"
                bits = [
                    f'<div class="pk-valence{tone}"><b>Valence</b> {esc(valence_text(cell))}</div>'
                ]
                if cell.emotions:
                    bits.append(f"<div><b>Emotions</b> {esc(emotion_text(cell))}</div>")
                for title, lane in (
                    ("Pain points", "pain_points"),
                    ("Opportunities", "opportunities"),
                    ("Touchpoints", "touchpoints"),
                    ("Notes", "notes"),
                ):
                    texts = lane_texts(cell, lane, limit=4)
                    if texts:
                        items = "".join(f"<li>{esc(t)}</li>" for t in texts)
                        bits.append(f"<div><b>{title}</b><ul>{items}</ul></div>")
                part = participation_text(cell)
                if part:
                    bits.append(f"<div><b>Participation</b> {esc(part)}</div>")
                if cell.note:
                    bits.append(f'<div class="pk-muted">{esc(cell.note)}</div>')
                tds.append(f"<td>{''.join(bits)}</td>")
            rows.append("<tr>" + "".join(tds) + "</tr>")
        table = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        return f"<p>{esc(self.message)}</p>{table}"

    def _quotes_html(self) -> str:
        from personakit.journey._format import fmt_valence

        jm = self.journey_map
        labels = jm.journey.labels
        if not len(self.quotes):
            return message_html("The selected cells hold no quotes.", "info")
        parts = []
        for (pid, stage), group in self.quotes.groupby(["persona", "stage"], sort=False):
            n = len(group)
            parts.append(
                f"<h4>{esc(jm.persona_names[pid])} · {esc(labels[stage])} "
                f"({n} quote{'s' if n != 1 else ''})</h4>"
            )
            for row in group.head(self.max_quotes).to_dict(orient="records"):
                cite = []
                if pd.notna(row["emotion"]):
                    cite.append(str(row["emotion"]))
                if pd.notna(row["valence"]):
                    cite.append(f"valence {fmt_valence(float(row['valence']))}")
                if row["is_pain_point"] is True and pd.notna(row["theme"]):
                    cite.append(f"pain point: {row['theme']}")
                if pd.notna(row["source"]):
                    where = str(row["source"])
                    if pd.notna(row["line"]):
                        where += f", line {int(row['line'])}"
                    cite.append(where)
                parts.append(
                    f"<blockquote>{esc(row['text'])}<cite>{esc(' · '.join(cite))}</cite>"
                    "</blockquote>"
                )
            if n > self.max_quotes:
                parts.append(
                    f'<p class="pk-muted">… and {n - self.max_quotes} more '
                    "(controller.quotes holds them all).</p>"
                )
        return "".join(parts)

    def _repr_html_(self) -> str:
        return f'<div class="pk-widget">{STYLE}{self.cells_html}{self.quotes_html}</div>'

    def __repr__(self) -> str:
        return f"<JourneyExplorerController {self.message}>"

"""The ipywidgets layer: controls bound to the controllers, outputs rendered from them.

Each explorer is a small object with ``.widget`` (the ipywidgets box to show),
``.controller`` (the state, see the ``_personas``, ``_journey`` and ``_stages``
modules) and the controls as attributes, so tests can set values and click
buttons headless. Callbacks never raise into the notebook: a
:class:`personakit.PersonakitError` is shown as a message in the widget, and
any other exception too (marked as a bug to report), kept in ``last_error``.
"""

from __future__ import annotations

from typing import Any

from personakit._errors import JourneyError, PersonakitError
from personakit.widgets._html import STYLE, esc, frame_html, message_html
from personakit.widgets._journey import JourneyExplorerController
from personakit.widgets._personas import PersonaExplorerController
from personakit.widgets._stages import StageEditorController

__all__ = [
    "JourneyExplorer",
    "PersonaExplorer",
    "StageEditor",
    "edit_stages",
    "explore_journey",
    "explore_personas",
]

_VIEW_OPTIONS = [
    ("by journey kind", None),
    ("one persona's map", "map"),
    ("personas side by side", "compare"),
    ("overlaid emotion curves", "overlay"),
    ("hand-off matrix", "handoff"),
]


def _wrap(body: str) -> str:
    return f'<div class="pk-widget">{STYLE}{body}</div>'


class _Explorer:
    """Shared behaviour: display, and callbacks that show errors instead of raising."""

    widget: Any
    controller: Any
    message: Any
    _syncing = False

    def _guard(self, action, *args: Any) -> bool:
        """Run ``action(*args)``; show any error in :attr:`message`. True when it worked."""
        try:
            action(*args)
        except PersonakitError as exc:
            self.last_error = exc
            self.message.value = _wrap(message_html(str(exc), "error"))
            return False
        except Exception as exc:  # noqa: BLE001 - shown in the widget, kept in last_error
            self.last_error = exc
            self.message.value = _wrap(
                message_html(
                    f"Unexpected error ({type(exc).__name__}: {exc}). This is a bug in "
                    "personakit, not in your settings: please report it with the settings "
                    "you used (the exception is in .last_error).",
                    "error",
                )
            )
            return False
        self.last_error = None
        self.message.value = ""
        return True

    def _bind(self, control: Any, action: Any) -> None:
        """Call ``action(new value)`` when the user changes ``control``."""

        def handler(change: dict[str, Any]) -> None:
            if not self._syncing:
                self._guard(action, change["new"])

        control.observe(handler, names="value")

    def _sync(self, control: Any, value: Any) -> None:
        """Show the controller's ``value`` in ``control`` without calling back."""
        if control.value != value:
            self._syncing = True
            try:
                control.value = value
            finally:
                self._syncing = False

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


class PersonaExplorer(_Explorer):
    """The widget of :func:`explore_personas` (see there); built around a controller.

    Parameters
    ----------
    controller : PersonaExplorerController
        The state to bind the controls to.

    Attributes
    ----------
    widget : ipywidgets.VBox
        What the notebook shows.
    method, k : ipywidgets.Dropdown
        The method and the number of personas (``"auto"`` or a number).
    run_button : ipywidgets.Button
        Fits the selected setting (cached per method and k).
    status, message, diagnostics, cards, runs : ipywidgets.HTML
        The one-line status, errors, the k diagnostics, the persona cards and
        the table of runs so far.
    tabs : ipywidgets.Tab
        Holds diagnostics, cards and runs.
    last_error : Exception or None
        The last error a control raised (also shown in ``message``).
    """

    def __init__(self, controller: PersonaExplorerController) -> None:
        import ipywidgets as w

        self.controller = controller
        self.last_error: Exception | None = None
        self.method = w.Dropdown(
            options=list(controller.methods), value=controller.method, description="Method"
        )
        self.k = w.Dropdown(
            options=[("auto", "auto"), *[(str(k), k) for k in controller.k_range]],
            value=controller.k,
            description="Personas (k)",
        )
        self.run_button = w.Button(
            description="Run",
            button_style="primary",
            icon="play",
            tooltip="Fit the segmentation with this method and k (results are cached)",
        )
        self.status = w.HTML()
        self.message = w.HTML()
        self.diagnostics = w.HTML()
        self.cards = w.HTML()
        self.runs = w.HTML()
        self.tabs = w.Tab(
            children=[self.diagnostics, self.cards, self.runs],
            titles=("Choosing k", "Personas", "Runs so far"),
        )
        self.widget = w.VBox(
            [w.HBox([self.method, self.k, self.run_button]), self.status, self.message, self.tabs]
        )
        self._bind(self.method, controller.set_method)
        self._bind(self.k, controller.set_k)
        self.run_button.on_click(self._on_run)
        controller.on_change(self._render)
        self._render(controller)

    @property
    def segmenter(self) -> Any:
        """The fitted segmenter shown (None before the first run or after an error).

        Returns
        -------
        personakit.PersonaSegmenter or None
            The segmenter.
        """
        return self.controller.segmenter

    @property
    def personas(self) -> Any:
        """The personas shown.

        Returns
        -------
        personakit.PersonaSet or None
            The personas.
        """
        return self.controller.personas

    def _on_run(self, _button: Any = None) -> None:
        c = self.controller
        self.run_button.disabled = True
        if not c.is_cached():
            self.status.value = _wrap(
                f"<p>Fitting {esc(c.method)} with k={esc(c.k)} … (this may take a few seconds)</p>"
            )
        try:
            self._guard(c.run)
        finally:
            self.run_button.disabled = False

    def _render(self, c: PersonaExplorerController) -> None:
        self._sync(self.method, c.method)
        self._sync(self.k, c.k)
        stale = " pk-muted" if c.stale and c.shown is not None else ""
        self.status.value = _wrap(f'<p class="pk-status{stale}">{esc(c.status)}</p>')
        if c.shown is None:
            placeholder = message_html("Press Run to fit the selected setting.", "info")
            self.diagnostics.value = _wrap(placeholder)
            self.cards.value = _wrap(placeholder)
        else:
            self.diagnostics.value = _wrap(c.selection_html)
            self.cards.value = (
                c.cards_html
                if c.cards_html
                else _wrap(message_html("No personas: the fit failed (see Choosing k).", "info"))
            )
        runs = c.runs
        self.runs.value = _wrap(
            frame_html(runs, caption="Settings fitted so far (cached)")
            if len(runs)
            else "<p>Nothing fitted yet.</p>"
        )


class JourneyExplorer(_Explorer):
    """The widget of :func:`explore_journey` (see there); built around a controller.

    Parameters
    ----------
    controller : JourneyExplorerController
        The state to bind the controls to.

    Attributes
    ----------
    widget : ipywidgets.VBox
        What the notebook shows.
    personas, stages : ipywidgets.SelectMultiple
        The selected personas (values are persona ids) and stages (names).
    view : ipywidgets.Dropdown
        The figure's view (``None``: by the journey's kind).
    max_quotes : ipywidgets.BoundedIntText
        Quotes shown per cell.
    cells, quotes, figure, message : ipywidgets.HTML
        The cell grid, the quotes, the figure (drawn when its tab is open) and
        errors.
    tabs : ipywidgets.Tab
        Holds cells, quotes and figure (tab 2).
    last_error : Exception or None
        The last error a control raised (also shown in ``message``).
    """

    FIGURE_TAB = 2

    def __init__(self, controller: JourneyExplorerController) -> None:
        import ipywidgets as w

        self.controller = controller
        self.last_error: Exception | None = None
        self.personas = w.SelectMultiple(
            options=controller.persona_options,
            value=tuple(controller.personas),
            rows=min(max(len(controller.persona_options), 2), 8),
            description="Personas",
        )
        self.stages = w.SelectMultiple(
            options=controller.stage_options,
            value=tuple(controller.stages),
            rows=min(max(len(controller.stage_options), 2), 8),
            description="Stages",
        )
        self.view = w.Dropdown(options=_VIEW_OPTIONS, value=controller.view, description="Figure")
        self.max_quotes = w.BoundedIntText(
            value=controller.max_quotes, min=0, max=10_000, description="Quotes/cell"
        )
        self.message = w.HTML()
        self.cells = w.HTML()
        self.quotes = w.HTML()
        self.figure = w.HTML()
        self.tabs = w.Tab(
            children=[self.cells, self.quotes, self.figure], titles=("Cells", "Quotes", "Figure")
        )
        self.widget = w.VBox(
            [
                w.HBox([self.personas, self.stages, w.VBox([self.view, self.max_quotes])]),
                self.message,
                self.tabs,
            ]
        )
        self._bind(self.personas, controller.select_personas)
        self._bind(self.stages, controller.select_stages)
        self._bind(self.view, controller.set_view)
        self._bind(self.max_quotes, controller.set_max_quotes)
        self.tabs.observe(lambda ch: self._guard(self._render_figure), names="selected_index")
        controller.on_change(self._render)
        self._render(controller)

    def _render(self, c: JourneyExplorerController) -> None:
        self._sync(self.personas, tuple(c.personas))
        self._sync(self.stages, tuple(c.stages))
        self._sync(self.view, c.view)
        self._sync(self.max_quotes, c.max_quotes)
        self.cells.value = _wrap(c.cells_html)
        self.quotes.value = _wrap(c.quotes_html)
        self.figure.value = _wrap(
            message_html("The figure is drawn when this tab is open.", "info")
        )
        if self.tabs.selected_index == self.FIGURE_TAB:
            self._render_figure()

    def _render_figure(self) -> None:
        if self.tabs.selected_index == self.FIGURE_TAB:
            self.figure.value = _wrap(self.controller.figure_html)


class StageEditor(_Explorer):
    """The widget of :func:`edit_stages` (see there); built around a controller.

    Parameters
    ----------
    controller : StageEditorController
        The state to bind the controls to.

    Attributes
    ----------
    widget : ipywidgets.VBox
        What the notebook shows.
    stages : ipywidgets.SelectMultiple
        The stages in order; the buttons act on the selected ones.
    name, label : ipywidgets.Text
        New name (comma-separated names to split) and display label.
    up_button, down_button, rename_button, merge_button, split_button, undo_button, reset_button : ipywidgets.Button
        The edits.
    table, message : ipywidgets.HTML
        The stages with the edits and their code; errors.
    last_error : Exception or None
        The last error an edit raised (also shown in ``message``).
    """

    def __init__(self, controller: StageEditorController) -> None:
        import ipywidgets as w

        self.controller = controller
        self.last_error: Exception | None = None
        self.stages = w.SelectMultiple(options=[], rows=8, description="Stages")
        self.name = w.Text(
            placeholder="new name (split: names, comma-separated)", description="Name"
        )
        self.label = w.Text(placeholder="display label (optional)", description="Label")
        buttons = {
            "up_button": ("Move up", "arrow-up", self._up),
            "down_button": ("Move down", "arrow-down", self._down),
            "rename_button": ("Rename", "pencil", self._rename),
            "merge_button": ("Merge", "compress", self._merge),
            "split_button": ("Split", "expand", self._split),
            "undo_button": ("Undo", "undo", lambda: controller.undo()),
            "reset_button": ("Reset", "refresh", lambda: controller.reset()),
        }
        row = []
        for attr, (text, icon, action) in buttons.items():
            button = w.Button(description=text, icon=icon, tooltip=text)
            button.on_click(lambda _b, action=action: self._guard(action))
            setattr(self, attr, button)
            row.append(button)
        self.message = w.HTML()
        self.table = w.HTML()
        self.widget = w.VBox(
            [
                w.HBox([self.stages, w.VBox([self.name, self.label])]),
                w.HBox(row),
                self.message,
                self.table,
            ]
        )
        controller.on_change(self._render)
        self._render(controller)

    @property
    def journey(self) -> Any:
        """The edited journey.

        Returns
        -------
        personakit.Journey
            ``controller.journey``.
        """
        return self.controller.journey

    # -- actions on the selection ------------------------------------------------------------
    def _selected(self, *, exactly_one: bool = False, at_least: int = 1) -> list[str]:
        chosen = list(self.stages.value)
        if exactly_one and len(chosen) != 1:
            raise JourneyError(f"Select exactly one stage for this edit ({len(chosen)} selected).")
        if len(chosen) < at_least:
            raise JourneyError(
                f"Select at least {at_least} stages for this edit ({len(chosen)} selected)."
            )
        return chosen

    def _up(self) -> None:
        (stage,) = self._selected(exactly_one=True)
        self.controller.move_up(stage)
        self._select([stage])

    def _down(self) -> None:
        (stage,) = self._selected(exactly_one=True)
        self.controller.move_down(stage)
        self._select([stage])

    def _rename(self) -> None:
        (stage,) = self._selected(exactly_one=True)
        name, label = self.name.value.strip(), self.label.value.strip()
        if not name and not label:
            raise JourneyError("Type a new name (or a new label) for the selected stage.")
        if name:
            self.controller.rename(stage, name, label=label or None)
        else:
            name = stage
            self.controller.set_label(stage, label)
        self._select([name])
        self.name.value = self.label.value = ""

    def _merge(self) -> None:
        chosen = self._selected(at_least=2)
        into = self.name.value.strip()
        if not into:
            raise JourneyError("Type the merged stage's name in Name (it may be one of them).")
        self.controller.merge(chosen, into, label=self.label.value.strip() or None)
        self._select([into])
        self.name.value = self.label.value = ""

    def _split(self) -> None:
        (stage,) = self._selected(exactly_one=True)
        names = [n.strip() for n in self.name.value.split(",") if n.strip()]
        if len(names) < 2:
            raise JourneyError(
                "Type at least two new names in Name, comma-separated (e.g. onboarding, use)."
            )
        self.controller.split(stage, names)
        self._select(names)
        self.name.value = ""

    def _select(self, names: list[str]) -> None:
        current = self.controller.stage_names
        self.stages.value = tuple(n for n in names if n in current)

    def _render(self, c: StageEditorController) -> None:
        keep = [n for n in self.stages.value if n in c.stage_names]
        self.stages.options = [
            (f"{i}. {s.label} ({s.name})", s.name) for i, s in enumerate(c.journey.stages, 1)
        ]
        self.stages.rows = min(max(len(c.stage_names), 2), 12)
        self.stages.value = tuple(keep)
        self.table.value = _wrap(c.html)


# ---------------------------------------------------------------------- entry points
def explore_personas(
    survey: Any,
    *,
    methods: Any = ("auto", "kmeans", "gmm", "lca", "hierarchical"),
    k_range: Any = range(2, 9),
    random_state: int = 0,
    **segmenter_options: Any,
) -> PersonaExplorer:
    """Explore segmentations interactively: method, number of personas, diagnostics, cards.

    Pick a method and k (``"auto"`` or a number) and press Run: the k
    diagnostics (the ``selection_`` table, the stability/BIC figure and the
    reasons) and the persona cards update. Each setting is fitted once and
    cached, so switching back is instant. Errors from a setting are shown in
    the widget.

    Parameters
    ----------
    survey : personakit.Survey or pandas.DataFrame
        The respondents (exclude low-quality ones first).
    methods : sequence of str, default ("auto", "kmeans", "gmm", "lca", "hierarchical")
        Methods offered; the first is selected.
    k_range : iterable of int, default range(2, 9)
        Numbers of personas offered, and tried by ``k="auto"``.
    random_state : int, default 0
        Seed of every fit.
    **segmenter_options
        Other :class:`personakit.PersonaSegmenter` parameters (e.g.
        ``n_bootstrap=5`` for quicker fits).

    Returns
    -------
    PersonaExplorer
        Displays itself in Jupyter; ``.controller`` holds the state and
        results, ``.segmenter`` and ``.personas`` the shown fit.

    Examples
    --------
    >>> from personakit.simulate import simulate_survey
    >>> from personakit.widgets import explore_personas
    >>> survey, _ = simulate_survey(200, 2, separation=3.0, random_state=0)
    >>> ex = explore_personas(survey, methods=["kmeans"], n_bootstrap=0)
    >>> ex.k.value = 2
    >>> ex.run_button.click()
    >>> ex.segmenter.n_personas_, "persona" in ex.cards.value
    (2, True)
    """
    controller = PersonaExplorerController(
        survey, methods=methods, k_range=k_range, random_state=random_state, **segmenter_options
    )
    return PersonaExplorer(controller)


def explore_journey(
    journey_map: Any, *, max_quotes: int = 5, size: str = "16:9"
) -> JourneyExplorer:
    """Explore a journey map: pick personas and stages, read the cells, quotes and figure.

    Parameters
    ----------
    journey_map : personakit.JourneyMap
        The map.
    max_quotes : int, default 5
        Quotes shown per cell (``.controller.quotes`` holds all of them).
    size : {"16:9", "a4"}, default "16:9"
        Size of the figure.

    Returns
    -------
    JourneyExplorer
        Displays itself in Jupyter; ``.controller`` holds the selection and
        its outputs (``cells``, ``quotes``, ``figure``, ``submap()``).

    Examples
    --------
    >>> from personakit.journey import example_map
    >>> from personakit.widgets import explore_journey
    >>> ex = explore_journey(example_map())
    >>> ex.personas.value = (2,)
    >>> ex.stages.value = ("consideration",)
    >>> ex.controller.cells["top_pain_point"].tolist()
    ['confusing plan comparison']
    >>> "Bargain hunter" in ex.quotes.value
    True
    """
    return JourneyExplorer(JourneyExplorerController(journey_map, max_quotes=max_quotes, size=size))


def edit_stages(journey: Any) -> StageEditor:
    """Edit a journey's stages: rename, relabel, reorder, merge and split, with undo.

    Parameters
    ----------
    journey : personakit.Journey or personakit.JourneyMap
        The journey to edit (it is not changed).

    Returns
    -------
    StageEditor
        Displays itself in Jupyter; ``.journey`` is the edited journey and
        ``.controller.code()`` the edits as Python. Rebuild a map with it:
        ``JourneyMap.build(editor.journey, personas, evidence)``.

    Examples
    --------
    >>> from personakit import Journey
    >>> from personakit.widgets import edit_stages
    >>> ed = edit_stages(Journey("b2c"))
    >>> ed.stages.value = ("advocacy",)
    >>> ed.up_button.click()
    >>> ed.journey.stage_names
    ['awareness', 'consideration', 'decision', 'advocacy', 'retention']
    """
    return StageEditor(StageEditorController(journey))

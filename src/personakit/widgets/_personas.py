"""State and callbacks of the persona explorer, with no widgets (testable headless)."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import PersonakitError, PersonakitWarning, SegmentationError
from personakit.widgets._html import STYLE, esc, figure_html, frame_html, message_html

__all__ = ["PersonaExplorerController"]

_METHODS = ("auto", "kmeans", "gmm", "lca", "hierarchical")
_FIXED = ("n_personas", "method", "random_state")
# columns of the diagnostics table, in this order, when they hold any value
_SHOWN = (
    "k",
    "admissible",
    "stability",
    "min_stability",
    "smallest_share",
    "bic",
    "aic",
    "gap",
    "gap_se",
    "silhouette",
    "calinski_harabasz",
    "davies_bouldin",
    "note",
)


@dataclass
class _Run:
    """One fit of the segmenter for a (method, k) setting, or the error it gave."""

    method: str
    k: Any
    segmenter: Any = None
    personas: Any = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    figure: Any = None
    selection_html: str = ""
    cards_html: str = ""


def _is_int(value: Any) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


class PersonaExplorerController:
    """The persona explorer's state: method, number of personas, fitted results.

    Holds no widgets: :func:`personakit.widgets.explore_personas` binds controls
    to it, and tests or scripts can drive it directly. Changing the method or k
    does not refit (segmentation takes seconds); :meth:`run` fits once per
    ``(method, k)`` and caches the result, so going back to a setting already
    fitted shows it at once. Errors from the segmenter (e.g. too few
    respondents for k) are kept in :attr:`error` and shown, not raised.

    Parameters
    ----------
    survey : personakit.Survey or pandas.DataFrame
        The respondents to segment (exclude low-quality ones first, e.g.
        ``survey.exclude("suggested")``).
    methods : sequence of str, default ("auto", "kmeans", "gmm", "lca", "hierarchical")
        The methods offered (see :class:`personakit.PersonaSegmenter`); the first
        is selected at the start.
    k_range : iterable of int, default range(2, 9)
        The numbers of personas offered; ``k="auto"`` lets the segmenter choose
        among them.
    random_state : int, default 0
        Seed of every fit, so a setting gives the same personas every time.
    **segmenter_options
        Other :class:`personakit.PersonaSegmenter` parameters (e.g.
        ``n_bootstrap=5``, ``weights={...}``), used for every fit.

    Attributes
    ----------
    method : str
        The selected method.
    k : "auto" or int
        The selected number of personas.
    shown : tuple or None
        The ``(method, k)`` whose results the outputs hold.
    segmenter : personakit.PersonaSegmenter or None
        The fitted segmenter shown.
    personas : personakit.PersonaSet or None
        Its personas.
    selection : pandas.DataFrame or None
        ``segmenter.selection_``: one row per candidate k.
    selection_reason, method_reason : str
        Why this number of personas, and why this method.
    figure : matplotlib.figure.Figure or None
        ``segmenter.plot_selection()`` for the shown result.
    selection_html, cards_html : str
        The diagnostics (reasons, table, figure) and the persona cards as HTML.
    error : str or None
        The error the shown setting gave, if any.
    notes : list of str
        Warnings raised while fitting (e.g. personas that are not stable).
    status : str
        One line saying what is shown and what to do next.

    Examples
    --------
    >>> from personakit.simulate import simulate_survey
    >>> from personakit.widgets import PersonaExplorerController
    >>> survey, _ = simulate_survey(300, 3, separation=2.5, random_state=0)
    >>> c = PersonaExplorerController(survey, n_bootstrap=0)
    >>> c.set_method("kmeans").set_k(3).run().segmenter.n_personas_
    3
    >>> c.status
    'kmeans: 3 personas from 300 respondents (k=3, as asked).'
    >>> c.set_k(8).stale  # not fitted yet: press Run
    True
    >>> c.set_k(3).stale  # fitted before: shown at once from the cache
    False
    """

    def __init__(
        self,
        survey: Any,
        *,
        methods: Iterable[str] = _METHODS,
        k_range: Iterable[int] = range(2, 9),
        random_state: int = 0,
        **segmenter_options: Any,
    ) -> None:
        from personakit.segment import PersonaSegmenter
        from personakit.survey import Survey

        if not isinstance(survey, Survey | pd.DataFrame):
            raise SegmentationError(
                f"explore_personas: survey must be a personakit.Survey or a pandas DataFrame, "
                f"got {type(survey).__name__}. Read one with personakit.read_survey(path)."
            )
        if isinstance(methods, str):
            methods = [methods]
        methods = tuple(dict.fromkeys(methods))
        bad = [m for m in methods if m not in _METHODS]
        if bad or not methods:
            raise SegmentationError(
                f"explore_personas: methods={list(methods)!r} must be a non-empty list drawn from "
                f"{list(_METHODS)}; {bad or 'none given'} is not."
            )
        try:
            given = list(k_range)
        except TypeError:
            given = []
        ks = sorted({int(k) for k in given if _is_int(k)})
        all_ints = all(_is_int(k) for k in given)
        if not ks or not all_ints or ks[0] < 1:
            raise SegmentationError(
                f"explore_personas: k_range={k_range!r} must be integers >= 1, e.g. range(2, 9)."
            )
        if not _is_int(random_state):
            raise SegmentationError(
                f"explore_personas: random_state={random_state!r} must be an integer seed (e.g. 0)."
            )
        allowed = sorted(set(PersonaSegmenter().get_params()) - set(_FIXED))
        unknown = sorted(set(segmenter_options) - set(allowed))
        if unknown:
            fixed = [u for u in unknown if u in _FIXED]
            hint = (
                f"{fixed} are set by the explorer's controls (method, k) and random_state="
                if fixed
                else f"the options are {allowed}"
            )
            raise SegmentationError(
                f"explore_personas: unknown segmenter option(s) {unknown}; {hint}."
            )
        PersonaSegmenter(**segmenter_options)._check_params()
        self.survey = survey
        self.methods = methods
        self.k_range = tuple(ks)
        self.random_state = int(random_state)
        self.segmenter_options = dict(segmenter_options)
        self.method = methods[0]
        self.k: Any = "auto"
        self._cache: dict[tuple[str, Any], _Run] = {}
        self._listeners: list[Callable[[PersonaExplorerController], None]] = []
        self._clear()
        self.status = (
            "Choose a method and a number of personas, then press Run "
            f"(now: {self._describe(self.method, self.k)})."
        )

    # ------------------------------------------------------------------ settings
    def set_method(self, method: str) -> PersonaExplorerController:
        """Select a segmentation method (no refit; a cached result is shown at once).

        Parameters
        ----------
        method : str
            One of :attr:`methods`.

        Returns
        -------
        PersonaExplorerController
            ``self``.

        Examples
        --------
        >>> import pandas as pd
        >>> from personakit.widgets import PersonaExplorerController
        >>> c = PersonaExplorerController(pd.DataFrame({"a": [1.0, 2.0]}), methods=["kmeans"])
        >>> c.set_method("gmm")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        personakit._errors.SegmentationError: set_method: method 'gmm' is not offered; ...
        """
        if method not in self.methods:
            raise SegmentationError(
                f"set_method: method {method!r} is not offered; use one of {list(self.methods)} "
                "(pass methods=... to explore_personas to offer others)."
            )
        self.method = method
        self._after_setting()
        return self

    def set_k(self, k: Any) -> PersonaExplorerController:
        """Select the number of personas, or ``"auto"`` (no refit; cached results shown).

        Parameters
        ----------
        k : "auto" or int
            ``"auto"`` lets the segmenter choose among :attr:`k_range`; an
            integer from :attr:`k_range` fits exactly that many.

        Returns
        -------
        PersonaExplorerController
            ``self``.

        Examples
        --------
        >>> import pandas as pd
        >>> from personakit.widgets import PersonaExplorerController
        >>> c = PersonaExplorerController(pd.DataFrame({"a": [1.0, 2.0]}), k_range=[2, 3])
        >>> c.set_k(3).k
        3
        >>> c.set_k(9)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        personakit._errors.SegmentationError: set_k: k=9 is not offered; use 'auto' or one of [2, 3] ...
        """
        if isinstance(k, str) and k.strip().lower() == "auto":
            k = "auto"
        elif _is_int(k) and int(k) in self.k_range:
            k = int(k)
        else:
            raise SegmentationError(
                f"set_k: k={k!r} is not offered; use 'auto' or one of {list(self.k_range)} "
                "(pass k_range=... to explore_personas to offer others)."
            )
        self.k = k
        self._after_setting()
        return self

    def on_change(self, callback: Callable[[PersonaExplorerController], None]) -> None:
        """Call ``callback(controller)`` whenever the outputs or the status change.

        Parameters
        ----------
        callback : callable
            Receives the controller.

        Examples
        --------
        >>> import pandas as pd
        >>> from personakit.widgets import PersonaExplorerController
        >>> c = PersonaExplorerController(pd.DataFrame({"a": [1.0, 2.0]}), k_range=[2, 3])
        >>> seen = []
        >>> c.on_change(lambda ctl: seen.append(ctl.k))
        >>> _ = c.set_k(2)
        >>> seen
        [2]
        """
        self._listeners.append(callback)

    # ------------------------------------------------------------------ fitting
    @property
    def stale(self) -> bool:
        """Whether the outputs show another setting than the selected one.

        Returns
        -------
        bool
            True until :meth:`run` is called for the selected method and k.
        """
        return self.shown != (self.method, self.k)

    def is_cached(self, method: str | None = None, k: Any = None) -> bool:
        """Whether a setting has been fitted already (default: the selected one).

        Parameters
        ----------
        method : str, optional
            Default the selected method.
        k : "auto" or int, optional
            Default the selected k.

        Returns
        -------
        bool
            True when :meth:`run` would not refit.
        """
        key = (self.method if method is None else method, self.k if k is None else k)
        return key in self._cache

    def run(self) -> PersonaExplorerController:
        """Fit the selected setting (or take it from the cache) and update the outputs.

        Errors the segmenter raises for these settings are stored in
        :attr:`error` (and shown), not raised.

        Returns
        -------
        PersonaExplorerController
            ``self``.

        Examples
        --------
        >>> from personakit.simulate import simulate_survey
        >>> from personakit.widgets import PersonaExplorerController
        >>> survey, _ = simulate_survey(200, 2, separation=3.0, random_state=1)
        >>> c = PersonaExplorerController(survey, methods=["kmeans"], n_bootstrap=0)
        >>> c.set_k(2).run().personas.names  # doctest: +ELLIPSIS
        {1: '...', 2: '...'}
        >>> small, _ = simulate_survey(30, 2, random_state=1)
        >>> print(PersonaExplorerController(small, n_bootstrap=0).set_k(8).run().error)
        ... # doctest: +ELLIPSIS
        Too few respondents for n_personas=8: 30 respondents, but at least 40 ...
        """
        key = (self.method, self.k)
        if key not in self._cache:
            self._cache[key] = self._fit(*key)
        self._show(key)
        return self

    @property
    def runs(self) -> pd.DataFrame:
        """Every setting fitted so far, to compare methods and k side by side.

        Returns
        -------
        pandas.DataFrame
            Columns ``method, k`` (as asked), ``method_used, n_personas,
            smallest_share, stability, bic, silhouette`` (at the k found; NaN
            where the method has none), ``selection_reason, error``.
        """
        rows = []
        for (method, k), run in self._cache.items():
            row: dict[str, Any] = {
                "method": method,
                "k": str(k),
                "method_used": None,
                "n_personas": pd.NA,
                "smallest_share": np.nan,
                "stability": np.nan,
                "bic": np.nan,
                "silhouette": np.nan,
                "selection_reason": None,
                "error": run.error,
            }
            seg = run.segmenter
            if seg is not None:
                chosen = seg.selection_[seg.selection_["k"] == seg.n_personas_]
                first = chosen.iloc[0] if len(chosen) else None
                row.update(
                    method_used=seg.method_,
                    n_personas=seg.n_personas_,
                    selection_reason=seg.selection_reason_,
                )
                if first is not None:
                    for col in ("smallest_share", "stability", "bic", "silhouette"):
                        row[col] = float(first[col]) if pd.notna(first[col]) else np.nan
            rows.append(row)
        columns = [
            "method",
            "k",
            "method_used",
            "n_personas",
            "smallest_share",
            "stability",
            "bic",
            "silhouette",
            "selection_reason",
            "error",
        ]
        frame = pd.DataFrame(rows, columns=columns)
        frame["n_personas"] = frame["n_personas"].astype("Int64")
        return frame

    # ------------------------------------------------------------------ internals
    @staticmethod
    def _describe(method: str, k: Any) -> str:
        return f"method={method}, k={k}"

    def _clear(self) -> None:
        self.shown: tuple[str, Any] | None = None
        self.segmenter = None
        self.personas = None
        self.selection: pd.DataFrame | None = None
        self.selection_reason = ""
        self.method_reason = ""
        self.figure = None
        self.selection_html = ""
        self.cards_html = ""
        self.error: str | None = None
        self.notes: list[str] = []

    def _notify(self) -> None:
        for callback in list(self._listeners):
            callback(self)

    def _after_setting(self) -> None:
        key = (self.method, self.k)
        if key in self._cache:
            self._show(key)
            return
        wanted = self._describe(*key)
        if self.shown is None:
            self.status = f"Press Run to fit {wanted}."
        else:
            self.status = (
                f"Showing {self._describe(*self.shown)}; press Run to fit {wanted} "
                "(this may take a few seconds)."
            )
        self._notify()

    def _fit(self, method: str, k: Any) -> _Run:
        from personakit.segment import PersonaSegmenter

        run = _Run(method=method, k=k)
        n_personas = list(self.k_range) if k == "auto" else int(k)
        seg = PersonaSegmenter(
            n_personas,
            method=method,
            random_state=self.random_state,
            **self.segmenter_options,
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", PersonakitWarning)
            try:
                seg.fit(self.survey)
                personas = seg.personas_
            except PersonakitError as exc:
                run.error = str(exc)
        for w in caught:
            if issubclass(w.category, PersonakitWarning):
                run.notes.append(str(w.message))
            else:  # not ours: pass it on unchanged (FutureWarnings stay visible)
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)
        if run.error is not None:
            run.selection_html = message_html(run.error, "error")
            return run
        run.segmenter = seg
        run.personas = personas
        run.figure = self._plot(seg)
        run.selection_html = self._selection_html(seg, run.figure, run.notes)
        run.cards_html = personas.to_html()
        return run

    @staticmethod
    def _plot(seg: Any) -> Any:
        from matplotlib.figure import Figure

        fig = Figure(figsize=(7, 4))
        seg.plot_selection(ax=fig.add_subplot())
        fig.tight_layout()
        return fig

    @staticmethod
    def _table(seg: Any) -> pd.DataFrame:
        sel = seg.selection_
        cols = [c for c in _SHOWN if c in sel and sel[c].notna().any()]
        table = sel[cols].copy()
        table.insert(1, "chosen", np.where(sel["k"] == seg.n_personas_, "✓", ""))
        return table

    def _selection_html(self, seg: Any, fig: Any, notes: list[str]) -> str:
        ks = seg.selection_["k"].tolist()
        alt = (
            f"Stability and {'BIC' if seg.selection_['bic'].notna().any() else 'gap'} for "
            f"k = {', '.join(str(k) for k in ks)}; k={seg.n_personas_} chosen."
        )
        parts = [
            f"<h4>{seg.n_personas_} persona(s) by {esc(seg.method_)}</h4>",
            f"<p><b>Why this number:</b> {esc(seg.selection_reason_)}</p>",
            f"<p><b>Why this method:</b> {esc(seg.method_reason_)}</p>",
            *[message_html(n, "warning") for n in notes],
            frame_html(self._table(seg), caption="Candidate numbers of personas"),
            figure_html(fig, alt),
        ]
        if len(getattr(seg, "dropped_", [])):
            parts.append(
                f"<p>{len(seg.dropped_)} respondent(s) answered none of the segmentation "
                "questions and are not in any persona (segmenter.dropped_).</p>"
            )
        return "".join(parts)

    def _show(self, key: tuple[str, Any]) -> None:
        run = self._cache[key]
        self._clear()
        self.shown = key
        self.error = run.error
        self.notes = list(run.notes)
        self.selection_html = run.selection_html
        self.cards_html = run.cards_html
        if run.error is not None:
            self.status = f"{self._describe(*key)} failed: see the message below."
        else:
            seg = run.segmenter
            self.segmenter = seg
            self.personas = run.personas
            self.selection = seg.selection_
            self.selection_reason = seg.selection_reason_
            self.method_reason = seg.method_reason_
            self.figure = run.figure
            how = "chosen among " + ", ".join(map(str, self.k_range)) if key[1] == "auto" else ""
            self.status = (
                f"{seg.method_}: {seg.n_personas_} personas from {seg.n_respondents_} "
                f"respondents (k={key[1]}{', ' + how if how else ', as asked'})."
            )
        self._notify()

    def _repr_html_(self) -> str:
        body = self.selection_html + self.cards_html
        return f'<div class="pk-widget">{STYLE}<p>{esc(self.status)}</p>{body}</div>'

    def __repr__(self) -> str:
        return f"<PersonaExplorerController {self._describe(self.method, self.k)}: {self.status}>"

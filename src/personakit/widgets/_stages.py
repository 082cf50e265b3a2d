"""State and callbacks of the stage editor, with no widgets (testable headless)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from personakit._errors import JourneyError, PersonakitError
from personakit.widgets._html import STYLE, esc, frame_html

__all__ = ["StageEditorController"]


def _is_int(value: Any) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


class StageEditorController:
    """Rename, reorder, merge and split the stages of a journey, with undo.

    Every edit goes through :class:`personakit.Journey`'s own methods
    (``rename``, ``reorder``, ``merge``, ``split``), so old stage names keep
    working as aliases and evidence tagged with them still lands in the right
    column. The input journey is never changed; :attr:`journey` is the result,
    and :meth:`code` writes the edits as Python to paste into a notebook.

    Parameters
    ----------
    journey : personakit.Journey or personakit.JourneyMap
        The journey to edit (a map's ``journey``).

    Attributes
    ----------
    original : personakit.Journey
        The journey as given.
    changes : list of str
        One sentence per edit, oldest first.

    Examples
    --------
    >>> from personakit import Journey
    >>> from personakit.widgets import StageEditorController
    >>> ed = StageEditorController(Journey("b2c"))
    >>> ed.rename("decision", "purchase", label="Buying").move("advocacy", 1).journey.stage_names
    ['awareness', 'advocacy', 'consideration', 'purchase', 'retention']
    >>> ed.merge(["purchase", "retention"], into="buy_and_use").journey.resolve_stage("decision")
    'buy_and_use'
    >>> print(ed.code())
    journey = journey.rename({'decision': 'purchase'}, labels={'purchase': 'Buying'})
    journey = journey.reorder(['awareness', 'advocacy', 'consideration', 'purchase', 'retention'])
    journey = journey.merge(['purchase', 'retention'], into='buy_and_use')
    >>> ed.undo().journey.stage_names[-2:]
    ['purchase', 'retention']
    """

    def __init__(self, journey: Any) -> None:
        from personakit.journey import Journey, JourneyMap

        if isinstance(journey, JourneyMap):
            journey = journey.journey
        if not isinstance(journey, Journey):
            raise JourneyError(
                f"edit_stages: journey must be a personakit.Journey (or a JourneyMap), got "
                f"{type(journey).__name__}. Make one with personakit.Journey('b2c') or "
                "Journey([...stage names...])."
            )
        self.original = journey
        self._history: list[tuple[str, str, Any]] = []
        self._listeners: list[Callable[[StageEditorController], None]] = []

    # ------------------------------------------------------------------ state
    @property
    def journey(self) -> Any:
        """The edited journey (the original until the first edit).

        Returns
        -------
        personakit.Journey
            A new journey; the original is unchanged.
        """
        return self._history[-1][2] if self._history else self.original

    @property
    def changes(self) -> list[str]:
        """The edits made so far, one sentence each.

        Returns
        -------
        list of str
            Oldest first.
        """
        return [h[0] for h in self._history]

    @property
    def modified(self) -> bool:
        """Whether :attr:`journey` differs from :attr:`original`.

        Returns
        -------
        bool
            False after :meth:`reset` or when the edits cancel out.
        """
        return self.journey != self.original

    @property
    def stage_names(self) -> list[str]:
        """The current stage names, in order.

        Returns
        -------
        list of str
            As :attr:`personakit.Journey.stage_names`.
        """
        return self.journey.stage_names

    @property
    def stages(self) -> pd.DataFrame:
        """The current stages as a table.

        Returns
        -------
        pandas.DataFrame
            Columns ``position`` (1 = first), ``name``, ``label``,
            ``previously`` (old names that now map to the stage, ``"; "``
            joined) and ``description``.

        Examples
        --------
        >>> from personakit import Journey
        >>> from personakit.widgets import StageEditorController
        >>> ed = StageEditorController(Journey(["look", "buy"])).rename("buy", "purchase")
        >>> ed.stages[["position", "name", "previously"]].values.tolist()
        [[1, 'look', ''], [2, 'purchase', 'buy']]
        """
        j = self.journey
        previous: dict[str, list[str]] = {}
        for old, new in sorted(j.aliases.items()):
            previous.setdefault(new, []).append(old)
        return pd.DataFrame(
            {
                "position": list(range(1, len(j) + 1)),
                "name": j.stage_names,
                "label": [s.label for s in j.stages],
                "previously": ["; ".join(previous.get(s.name, [])) for s in j.stages],
                "description": [s.description for s in j.stages],
            }
        )

    def on_change(self, callback: Callable[[StageEditorController], None]) -> None:
        """Call ``callback(controller)`` after every edit, undo and reset.

        Parameters
        ----------
        callback : callable
            Receives the controller.
        """
        self._listeners.append(callback)

    # ------------------------------------------------------------------ edits
    def rename(self, stage: str, new_name: str, *, label: str | None = None):
        """Rename a stage (its old name keeps mapping to it).

        Parameters
        ----------
        stage : str
            The stage (name, label or old name).
        new_name : str
            Its new name.
        label : str, optional
            Its new display label (default: from the new name).

        Returns
        -------
        StageEditorController
            ``self``.

        Examples
        --------
        >>> from personakit import Journey
        >>> from personakit.widgets import StageEditorController
        >>> StageEditorController(Journey("b2c")).rename("retention", "use").journey.stage_names[3]
        'use'
        """
        old = self._resolve(stage, "rename")
        new = self._name(new_name, "rename", "new_name")
        if new != old and new in self.journey.stage_names:
            raise JourneyError(
                f"rename: {new!r} is already a stage of the journey; choose another name, or "
                f"merge {old!r} into it (merge([{old!r}, {new!r}], into={new!r}))."
            )
        labels = {new: self._text(label, "rename", "label")} if label else None
        journey = self.journey.rename({old: new}, labels=labels)
        args = f"{{{old!r}: {new!r}}}" + (f", labels={labels!r}" if labels else "")
        what = f"renamed {old!r} to {new!r}" + (f" (label {labels[new]!r})" if labels else "")
        return self._push(what, f"rename({args})", journey)

    def set_label(self, stage: str, label: str):
        """Change a stage's display label only.

        Parameters
        ----------
        stage : str
            The stage.
        label : str
            The new label.

        Returns
        -------
        StageEditorController
            ``self``.

        Examples
        --------
        >>> from personakit import Journey
        >>> from personakit.widgets import StageEditorController
        >>> StageEditorController(Journey("b2c")).set_label("advocacy", "Telling friends").journey.labels["advocacy"]
        'Telling friends'
        """
        name = self._resolve(stage, "set_label")
        text = self._text(label, "set_label", "label")
        journey = self.journey.rename({}, labels={name: text})
        return self._push(
            f"labelled {name!r} {text!r}", f"rename({{}}, labels={{{name!r}: {text!r}}})", journey
        )

    def move(self, stage: str, position: int):
        """Move a stage to a 0-based position (negative counts from the end).

        Parameters
        ----------
        stage : str
            The stage to move.
        position : int
            Its new index: 0 is first, -1 is last.

        Returns
        -------
        StageEditorController
            ``self``.

        Examples
        --------
        >>> from personakit import Journey
        >>> from personakit.widgets import StageEditorController
        >>> StageEditorController(Journey(["a", "b", "c"])).move("a", -1).stage_names
        ['b', 'c', 'a']
        """
        name = self._resolve(stage, "move")
        names = list(self.stage_names)
        n = len(names)
        if not _is_int(position) or not -n <= int(position) < n:
            raise JourneyError(
                f"move: position={position!r} must be an integer from {-n} to {n - 1} "
                f"(0 = first, -1 = last) for a journey of {n} stages."
            )
        target = int(position) % n
        if names.index(name) == target:
            return self
        names.remove(name)
        names.insert(target, name)
        journey = self.journey.reorder(names)
        return self._push(
            f"moved {name!r} to position {target + 1}", f"reorder({names!r})", journey
        )

    def move_up(self, stage: str):
        """Move a stage one place earlier (nothing happens to the first stage).

        Parameters
        ----------
        stage : str
            The stage.

        Returns
        -------
        StageEditorController
            ``self``.
        """
        name = self._resolve(stage, "move_up")
        return self.move(name, max(self.stage_names.index(name) - 1, 0))

    def move_down(self, stage: str):
        """Move a stage one place later (nothing happens to the last stage).

        Parameters
        ----------
        stage : str
            The stage.

        Returns
        -------
        StageEditorController
            ``self``.
        """
        name = self._resolve(stage, "move_down")
        return self.move(name, min(self.stage_names.index(name) + 1, len(self.stage_names) - 1))

    def merge(self, stages: Iterable[str], into: str, *, label: str | None = None):
        """Merge two or more stages into one (at the place of the first).

        Parameters
        ----------
        stages : list of str
            At least two stages.
        into : str
            Name of the merged stage (may be one of ``stages``).
        label : str, optional
            Its display label.

        Returns
        -------
        StageEditorController
            ``self``.

        Examples
        --------
        >>> from personakit import Journey
        >>> from personakit.widgets import StageEditorController
        >>> ed = StageEditorController(Journey("b2c")).merge(["retention", "advocacy"], into="after")
        >>> ed.stage_names
        ['awareness', 'consideration', 'decision', 'after']
        """
        if isinstance(stages, str) or not isinstance(stages, Iterable):
            raise JourneyError(
                f"merge: stages must be a list of at least two stage names, got {stages!r}."
            )
        names = [self._resolve(s, "merge") for s in stages]
        names = sorted(set(names), key=self.stage_names.index)
        new = self._name(into, "merge", "into")
        text = self._text(label, "merge", "label") if label else None
        journey = self.journey.merge(names, into=new, label=text)
        extra = f", label={text!r}" if text else ""
        return self._push(
            f"merged {', '.join(map(repr, names))} into {new!r}",
            f"merge({names!r}, into={new!r}{extra})",
            journey,
        )

    def split(self, stage: str, into: Iterable[str]):
        """Split a stage into two or more (evidence tagged with the old name must be re-tagged).

        Parameters
        ----------
        stage : str
            The stage to split.
        into : list of str
            The new stages' names, in order (they copy the stage's description,
            lanes and examples).

        Returns
        -------
        StageEditorController
            ``self``.

        Examples
        --------
        >>> from personakit import Journey
        >>> from personakit.widgets import StageEditorController
        >>> StageEditorController(Journey(["a", "b"])).split("b", ["b1", "b2"]).stage_names
        ['a', 'b1', 'b2']
        """
        old = self._resolve(stage, "split")
        if isinstance(into, str) or not isinstance(into, Iterable):
            raise JourneyError(f"split: into must be a list of new stage names, got {into!r}.")
        names = [self._name(n, "split", "into") for n in into]
        journey = self.journey.split(old, names)
        return self._push(
            f"split {old!r} into {', '.join(map(repr, names))} (re-tag evidence tagged "
            f"{old!r} before building a map: it cannot be placed automatically)",
            f"split({old!r}, {names!r})",
            journey,
        )

    def undo(self):
        """Undo the last edit (nothing happens when there is none).

        Returns
        -------
        StageEditorController
            ``self``.
        """
        if self._history:
            self._history.pop()
            self._notify()
        return self

    def reset(self):
        """Drop every edit: back to the original journey.

        Returns
        -------
        StageEditorController
            ``self``.
        """
        self._history.clear()
        self._notify()
        return self

    # ------------------------------------------------------------------ outputs
    def code(self, name: str = "journey") -> str:
        """The edits as Python statements, to paste into a notebook or script.

        Consecutive moves are written as one ``reorder``.

        Parameters
        ----------
        name : str, default "journey"
            The variable holding the journey.

        Returns
        -------
        str
            One statement per line (empty when nothing was edited).

        Examples
        --------
        >>> from personakit import Journey
        >>> from personakit.widgets import StageEditorController
        >>> ed = StageEditorController(Journey(["a", "b", "c"])).move_down("a").move_down("a")
        >>> print(ed.code("j"))
        j = j.reorder(['b', 'c', 'a'])
        """
        if not name.isidentifier():
            raise JourneyError(f"code: name={name!r} must be a Python variable name.")
        calls = [h[1] for h in self._history]
        kept = []
        for i, call in enumerate(calls):
            following = calls[i + 1] if i + 1 < len(calls) else ""
            if call.startswith("reorder(") and following.startswith("reorder("):
                continue  # the next reorder lists every stage again
            kept.append(call)
        return "\n".join(f"{name} = {name}.{c}" for c in kept)

    @property
    def html(self) -> str:
        """The current stages, the list of edits and the code, as HTML.

        Returns
        -------
        str
            HTML (user text escaped).
        """
        parts = [frame_html(self.stages.drop(columns=["description"]), caption="Stages")]
        if self._history:
            items = "".join(f"<li>{esc(c)}</li>" for c in self.changes)
            parts.append(f"<h4>Edits</h4><ol>{items}</ol>")
            parts.append(f"<h4>As code</h4><pre>{esc(self.code())}</pre>")
        else:
            parts.append("<p class='pk-muted'>No edits yet.</p>")
        return "".join(parts)

    # ------------------------------------------------------------------ internals
    def _resolve(self, stage: Any, where: str) -> str:
        if not isinstance(stage, str):
            raise JourneyError(
                f"{where}: give a stage name, got {type(stage).__name__} {stage!r}; the stages "
                f"are {self.stage_names}."
            )
        return self.journey.resolve_stage(stage, where=where)

    def _name(self, value: Any, where: str, param: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise JourneyError(
                f"{where}: {param}={value!r} must be a non-empty stage name, e.g. 'onboarding'."
            )
        from personakit.stages import Stage

        try:
            Stage(value)
        except PersonakitError as exc:
            raise JourneyError(f"{where}: {param}={value!r}: {exc}") from None
        return value.strip()

    def _text(self, value: Any, where: str, param: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise JourneyError(f"{where}: {param}={value!r} must be a non-empty string.")
        return value.strip()

    def _push(self, what: str, call: str, journey: Any):
        self._history.append((what, call, journey))
        self._notify()
        return self

    def _notify(self) -> None:
        for callback in list(self._listeners):
            callback(self)

    def _repr_html_(self) -> str:
        return f'<div class="pk-widget">{STYLE}{self.html}</div>'

    def __repr__(self) -> str:
        return f"<StageEditorController {len(self._history)} edit(s): {self.journey!r}>"

"""Interactive explorers for Jupyter: personas, journey maps and journey stages.

Three explorers, each an ipywidgets box that displays itself in a notebook:

- :func:`explore_personas` ``(survey)``: pick a segmentation method and a
  number of personas (``"auto"`` or a number), press Run, read the k
  diagnostics (the ``selection_`` table, the stability/BIC figure, why this
  k and why this method) and the persona cards. Each setting is fitted once
  and cached; errors show in the widget.
- :func:`explore_journey` ``(journey_map)``: pick personas and stages, read
  the cells (valence with its interval and n, emotions, pain points,
  opportunities, touchpoints), their quotes and the figure of the selection.
- :func:`edit_stages` ``(journey)``: rename, relabel, reorder, merge and split
  stages with undo; ``editor.journey`` is the new :class:`personakit.Journey`
  and ``editor.controller.code()`` the same edits as Python to keep in the
  notebook.

The state and the callbacks live in plain controller objects
(:class:`PersonaExplorerController`, :class:`JourneyExplorerController`,
:class:`StageEditorController`) whose outputs are data: DataFrames, HTML
strings and matplotlib figures. The widgets only bind controls to them, so
everything can be driven (and tested) without a browser. All user text is
escaped before it reaches HTML.

Examples
--------
The persona controller: settings, one fit per setting, cached.

>>> from personakit.simulate import simulate_survey
>>> from personakit.widgets import PersonaExplorerController
>>> survey, _ = simulate_survey(300, 3, separation=2.5, random_state=0)
>>> personas = PersonaExplorerController(survey, methods=["kmeans", "lca"], n_bootstrap=0)
>>> personas.set_k(3).run().segmenter.method_
'kmeans'
>>> personas.set_method("lca").stale, personas.run().stale
(True, False)
>>> personas.runs[["method", "k", "n_personas"]].values.tolist()
[['kmeans', '3', 3], ['lca', '3', 3]]

The journey controller: select personas and stages, read cells and quotes.

>>> from personakit.journey import example_map
>>> from personakit.widgets import JourneyExplorerController
>>> journey = JourneyExplorerController(example_map()).select_stages(["consideration"])
>>> journey.cells[["persona_name", "dominant_emotion"]].values.tolist()
[['Busy parent', 'curiosity'], ['Bargain hunter', 'confusion']]
>>> len(journey.quotes) == sum(journey.cells["n"])
True

The stage editor controller: edits give new journeys; old names still map.

>>> from personakit import Journey
>>> from personakit.widgets import StageEditorController
>>> editor = StageEditorController(Journey("b2c")).rename("decision", "purchase")
>>> editor.move_up("purchase").journey.stage_names
['awareness', 'purchase', 'consideration', 'retention', 'advocacy']
>>> editor.journey.resolve_stage("decision")
'purchase'
"""

from personakit.widgets._journey import VIEWS, JourneyExplorerController
from personakit.widgets._personas import PersonaExplorerController
from personakit.widgets._stages import StageEditorController
from personakit.widgets._ui import (
    JourneyExplorer,
    PersonaExplorer,
    StageEditor,
    edit_stages,
    explore_journey,
    explore_personas,
)

__all__ = [
    "VIEWS",
    "JourneyExplorer",
    "JourneyExplorerController",
    "PersonaExplorer",
    "PersonaExplorerController",
    "StageEditor",
    "StageEditorController",
    "edit_stages",
    "explore_journey",
    "explore_personas",
]

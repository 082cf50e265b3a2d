"""Interactive explorers: the controllers directly, and the ipywidgets layer headless.

The widget tests drive the controls as a user would (``dropdown.value = ...``,
``button.click()``) and check what the widget then shows, with matplotlib's Agg
backend (as mpl-interactions tests its controls).
"""

from __future__ import annotations

import re
import warnings

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

import personakit
from personakit import Journey, JourneyError, JourneyMap, SegmentationError
from personakit.journey import example_evidence, example_map
from personakit.simulate import simulate_survey
from personakit.widgets import (
    JourneyExplorerController,
    PersonaExplorerController,
    StageEditorController,
    edit_stages,
    explore_journey,
    explore_personas,
)

matplotlib.use("Agg")

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
EVIL = "<script>alert('x')</script>"


# ---------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def survey(sample_dir):
    """The bundled Qualtrics export, low-quality respondents excluded."""
    return personakit.read_survey(sample_dir / "survey_qualtrics.csv").exclude("suggested")


@pytest.fixture(scope="module")
def small_survey(survey):
    """The first 30 respondents of the sample: too few for eight personas."""
    return personakit.Survey.from_frame(survey.responses.iloc[:30], codebook=survey.codebook)


@pytest.fixture(scope="module")
def fitted(survey):
    """A controller with k-means and LCA (k=3) already fitted on the sample survey."""
    c = PersonaExplorerController(survey, methods=["kmeans", "lca"], n_bootstrap=0)
    c.set_method("kmeans").set_k(3).run()
    c.set_method("lca").run()
    return c


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _count_fits(monkeypatch) -> list[tuple[str, object]]:
    calls: list[tuple[str, object]] = []
    original = personakit.PersonaSegmenter.fit

    def counting(self, X, y=None, sample_weight=None):
        calls.append((self.method, self.n_personas))
        return original(self, X, y, sample_weight)

    monkeypatch.setattr(personakit.PersonaSegmenter, "fit", counting)
    return calls


def _evil_map() -> JourneyMap:
    """A small map whose persona names, themes and quotes hold markup."""
    n = 8
    evidence = pd.DataFrame(
        {
            "persona": [1] * n,
            "interview_id": [f"i{i % 3}" for i in range(n)],
            "stage": ["decision"] * n,
            "valence": [-0.5] * n,
            "emotion": ["anger"] * n,
            "is_pain_point": [True] * n,
            "pain_type": ["cost"] * n,
            "theme": [f"fees {EVIL}"] * n,
            "text": [f"The <b>price</b> {EVIL} was a shock number {i}." for i in range(n)],
        }
    )
    return JourneyMap.build(Journey("b2c"), {1: f"Evil {EVIL} persona"}, evidence)


# ------------------------------------------------------------------ persona controller
def test_persona_controller_fits_the_selected_setting(fitted, survey):
    c = fitted.set_method("kmeans")  # cached: shown without pressing Run
    seg = c.segmenter
    assert c.shown == ("kmeans", 3) and not c.stale
    assert seg.method_ == "kmeans" and seg.n_personas_ == 3
    assert seg.labels_.index.equals(survey.responses.index)
    assert len(c.personas) == 3
    assert sum(p.size for p in c.personas) == len(survey.responses)
    pd.testing.assert_frame_equal(c.selection, seg.selection_)
    assert c.selection["k"].tolist() == [3]
    assert c.selection_reason == seg.selection_reason_ and "k=3" in c.selection_reason
    assert c.method_reason.startswith("kmeans:")
    assert c.cards_html == c.personas.to_html()
    for p in c.personas:
        assert p.name.replace("&", "&amp;") in c.cards_html.replace("&#39;", "'")
    assert isinstance(c.figure, Figure)
    assert c.figure.axes[0].get_xlabel() == "number of personas (k)"
    assert '<img src="data:image/png;base64,' in c.selection_html
    assert (
        c.status == f"kmeans: 3 personas from {len(survey.responses)} respondents (k=3, as asked)."
    )
    assert c.error is None


def test_switching_between_cached_settings_updates_outputs_without_refitting(fitted, monkeypatch):
    calls = _count_fits(monkeypatch)
    km = fitted.set_method("kmeans").segmenter
    cards_km = fitted.cards_html
    lca = fitted.set_method("lca").segmenter
    assert fitted.shown == ("lca", 3) and lca.method_ == "lca"
    assert fitted.cards_html != cards_km
    assert fitted.set_method("kmeans").run().segmenter is km  # Run on a cached setting
    assert calls == []
    assert fitted.is_cached("lca", 3) and not fitted.is_cached("lca", "auto")


def test_changing_a_setting_does_not_refit_until_run(survey, monkeypatch):
    calls = _count_fits(monkeypatch)
    c = PersonaExplorerController(survey, methods=["lca"], n_bootstrap=0)
    seen = []
    c.on_change(lambda ctl: seen.append(ctl.status))
    c.set_k(3)
    c.set_k(4)
    assert calls == [] and c.shown is None and c.segmenter is None
    assert seen[-1] == "Press Run to fit method=lca, k=4."
    c.run()
    assert calls == [("lca", 4)]
    c.set_k(3)
    assert c.stale and c.segmenter.n_personas_ == 4  # still showing k=4, marked stale
    assert c.status.startswith("Showing method=lca, k=4; press Run to fit method=lca, k=3")
    c.run().run()
    assert calls == [("lca", 4), ("lca", 3)]


def test_auto_k_tries_the_k_range_and_says_why(survey):
    c = PersonaExplorerController(survey, methods=["lca"], k_range=range(2, 7), n_bootstrap=0).run()
    seg = c.segmenter
    assert c.k == "auto"
    assert seg.selection_["k"].tolist() == [1, 2, 3, 4, 5, 6]
    assert 2 <= seg.n_personas_ <= 6
    assert c.status.endswith("(k=auto, chosen among 2, 3, 4, 5, 6).")
    # the diagnostics table marks the chosen k and the reason is shown (escaped)
    rows = re.findall(r"<tr><td>(\d+)</td><td>(✓?)</td>", c.selection_html)
    assert [int(k) for k, mark in rows if mark] == [seg.n_personas_]
    assert len(rows) == 6
    assert c.selection_reason.replace(">", "&gt;") in c.selection_html.replace("&#x27;", "'")
    assert "BIC" in c.selection_html


def test_same_settings_give_the_same_personas(survey):
    a = PersonaExplorerController(survey, methods=["gmm"], n_bootstrap=0).set_k(3).run()
    b = PersonaExplorerController(survey, methods=["gmm"], n_bootstrap=0).set_k(3).run()
    pd.testing.assert_series_equal(a.segmenter.labels_, b.segmenter.labels_)
    assert a.cards_html == b.cards_html
    assert a.selection_html == b.selection_html


def test_segmentation_errors_are_kept_and_shown_not_raised(small_survey, monkeypatch):
    calls = _count_fits(monkeypatch)
    c = PersonaExplorerController(small_survey, methods=["kmeans"], n_bootstrap=0)
    c.set_k(8).run()
    assert c.error.startswith("Too few respondents for n_personas=8: 30 respondents")
    assert c.segmenter is None and c.personas is None and c.figure is None
    assert "Too few respondents" in c.selection_html and 'role="alert"' in c.selection_html
    assert c.status == "method=kmeans, k=8 failed: see the message below."
    c.run()  # the error is cached too
    assert len(calls) == 1
    runs = c.runs
    assert runs.loc[0, "error"] == c.error and pd.isna(runs.loc[0, "n_personas"])
    c.set_k(2).run()
    assert c.error is None and c.segmenter.n_personas_ == 2


def test_runs_table_compares_settings(fitted):
    runs = fitted.runs
    assert runs.columns.tolist() == [
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
    assert runs[["method", "k", "method_used"]].values.tolist() == [
        ["kmeans", "3", "kmeans"],
        ["lca", "3", "lca"],
    ]
    assert runs["n_personas"].tolist() == [3, 3]
    assert pd.isna(runs.loc[0, "bic"]) and runs.loc[1, "bic"] > 0  # BIC only for LCA
    for seg_row, method in zip(runs.itertuples(), ["kmeans", "lca"]):
        seg = fitted._cache[(method, 3)].segmenter
        assert seg_row.smallest_share == pytest.approx(seg.stability_["share"].min())


def test_segmenter_warnings_are_shown_and_not_leaked():
    survey, _ = simulate_survey(240, 2, separation=0.3, random_state=4)
    c = PersonaExplorerController(survey, methods=["kmeans"], n_bootstrap=4)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        c.set_k(6).run()
    assert c.notes and "not stable under resampling" in c.notes[0]
    assert not [w for w in caught if issubclass(w.category, personakit.PersonakitWarning)]
    assert "not stable under resampling" in c.selection_html


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"methods": ["kmean"]}, r"methods=\['kmean'\] must be a non-empty list"),
        ({"methods": []}, "must be a non-empty list"),
        ({"k_range": [0, 2]}, r"k_range=\[0, 2\] must be integers >= 1"),
        ({"k_range": "abc"}, "k_range='abc' must be integers"),
        ({"k_range": [2.5]}, "must be integers"),
        ({"random_state": "x"}, "random_state='x' must be an integer seed"),
        ({"n_boot": 3}, r"unknown segmenter option\(s\) \['n_boot'\]; the options are"),
        ({"n_personas": 3}, r"\['n_personas'\] are set by the explorer's controls"),
        ({"n_bootstrap": -1}, "n_bootstrap=-1 must be an integer >= 0"),
    ],
)
def test_bad_explorer_arguments_raise_at_once(survey, kwargs, match):
    with pytest.raises(SegmentationError, match=match):
        PersonaExplorerController(survey, **kwargs)


def test_bad_survey_and_settings_raise(survey):
    with pytest.raises(SegmentationError, match="survey must be a personakit.Survey or a pandas"):
        PersonaExplorerController([1, 2, 3])
    c = PersonaExplorerController(survey, methods=["kmeans", "lca"], k_range=[2, 3])
    with pytest.raises(SegmentationError, match=r"method 'gmm' is not offered; use one of"):
        c.set_method("gmm")
    with pytest.raises(
        SegmentationError, match=r"k=4 is not offered; use 'auto' or one of \[2, 3\]"
    ):
        c.set_k(4)
    with pytest.raises(SegmentationError, match="k=True is not offered"):
        c.set_k(True)
    assert c.set_k("Auto").k == "auto" and c.method == "kmeans"


def test_controller_accepts_a_plain_dataframe():
    survey, _ = simulate_survey(150, 2, separation=3.0, random_state=2)
    frame = survey.responses
    c = PersonaExplorerController(frame, methods=["kmeans"], n_bootstrap=0).set_k(2).run()
    assert c.segmenter.n_personas_ == 2 and len(c.personas) == 2


# ------------------------------------------------------------------ journey controller
def test_journey_controller_starts_with_everything_selected():
    jm = example_map()
    c = JourneyExplorerController(jm)
    assert c.personas == [1, 2]
    assert c.stages == jm.stage_names
    pd.testing.assert_frame_equal(c.cells, jm.to_frame())
    expected = sum(len(jm.quotes(p, s)) for p in jm.persona_ids for s in jm.stage_names)
    assert len(c.quotes) == expected == 56
    assert c.persona_options == [("Busy parent (1)", 1), ("Bargain hunter (2)", 2)]
    assert c.stage_options[0] == ("Awareness", "awareness")
    assert (
        c.message
        == "2 persona(s) × 5 stage(s): 56 quotes; 1 cell(s) with too little evidence for a valence."
    )


def test_selecting_personas_and_stages_restricts_every_output():
    jm = example_map()
    c = JourneyExplorerController(jm)
    seen = []
    c.on_change(lambda ctl: seen.append((list(ctl.personas), list(ctl.stages))))
    c.select_personas(["bargain hunter"]).select_stages(["Decision", "consideration"])
    assert seen == [([2], jm.stage_names), ([2], ["consideration", "decision"])]
    assert c.cells[["persona", "stage"]].values.tolist() == [
        [2, "consideration"],
        [2, "decision"],
    ]
    cell = jm.cell(2, "consideration")
    assert c.cells.loc[0, "n"] == cell.n
    assert c.cells.loc[0, "valence_mean"] == pytest.approx(cell.valence_mean)
    expected = pd.concat([jm.quotes(2, "consideration"), jm.quotes(2, "decision")])
    assert c.quotes["evidence_id"].tolist() == expected["evidence_id"].tolist()
    assert set(c.quotes["persona_name"]) == {"Bargain hunter"}
    assert c.quotes.columns[:3].tolist() == ["persona", "persona_name", "stage"]
    # the HTML grid shows the cell's numbers as the map's own texts do
    from personakit.journey._format import emotion_text, valence_text

    assert valence_text(cell).replace("−", "&minus;") in c.cells_html.replace("−", "&minus;")
    assert emotion_text(cell) in c.cells_html
    assert "confusing plan comparison" in c.cells_html
    assert "Busy parent" not in c.cells_html and "Retention" not in c.cells_html


def test_selection_is_kept_in_map_order_and_deduplicated():
    c = JourneyExplorerController(example_map())
    assert c.select_personas([2, "Busy parent", 1, "2"]).personas == [1, 2]
    assert c.select_personas(2).personas == [2]
    assert c.select_stages("advocacy").stages == ["advocacy"]


def test_unknown_personas_and_stages_raise_journey_errors():
    c = JourneyExplorerController(example_map())
    with pytest.raises(
        JourneyError,
        match=r"persona 'Nobody' is not on this map; its personas are \[\(1, 'Busy parent'\)",
    ):
        c.select_personas(["Nobody"])
    with pytest.raises(
        JourneyError, match="select_stages: 'checkout' is not a stage of the journey"
    ):
        c.select_stages(["checkout"])
    with pytest.raises(JourneyError, match="select_stages: give stage names, got int 3"):
        c.select_stages([3])
    with pytest.raises(JourneyError, match=r"view='pie' is not known; use None or one of"):
        c.set_view("pie")
    with pytest.raises(JourneyError, match="max_quotes=-1 must be an int >= 0"):
        c.set_max_quotes(-1)
    with pytest.raises(JourneyError, match="journey_map must be a personakit.JourneyMap, got dict"):
        JourneyExplorerController({})
    with pytest.raises(JourneyError, match="size='a3' must be one of"):
        JourneyExplorerController(example_map(), size="a3")
    assert c.personas == [1, 2] and len(c.stages) == 5  # failed calls changed nothing


def test_empty_selection_shows_a_message_instead_of_failing():
    c = JourneyExplorerController(example_map()).select_personas([])
    assert c.cells.empty and c.quotes.empty
    assert list(c.cells.columns) == list(example_map().to_frame().columns)
    assert c.message == "Select at least one persona and one stage."
    assert c.figure is None and c.figure_error.startswith("Select at least one persona")
    assert "Select at least one persona" in c.figure_html
    with pytest.raises(JourneyError, match="no persona is selected"):
        c.submap()
    c.select_personas([1]).select_stages([])
    with pytest.raises(JourneyError, match="no stage is selected"):
        c.submap()


def test_quotes_html_shows_at_most_max_quotes_per_cell():
    jm = example_map()
    c = JourneyExplorerController(jm, max_quotes=2).select_personas([1]).select_stages(["decision"])
    n = len(jm.quotes(1, "decision"))
    assert n > 2
    assert c.quotes_html.count("<blockquote>") == 2
    assert f"… and {n - 2} more" in c.quotes_html
    assert f"Busy parent · Decision ({n} quotes)" in c.quotes_html
    # most negative first, as JourneyMap.quotes orders them
    first = jm.quotes(1, "decision").iloc[0]
    assert c.quotes_html.index(first["text"].replace("'", "&#x27;")) < c.quotes_html.index(
        "</blockquote>"
    )
    assert c.set_max_quotes(0).quotes_html.count("<blockquote>") == 0


def test_insufficient_cells_say_so():
    c = JourneyExplorerController(example_map()).select_personas([1]).select_stages(["advocacy"])
    assert not c.cells.loc[0, "sufficient"]
    assert "too little evidence" in c.cells_html
    assert c.message.endswith("1 cell(s) with too little evidence for a valence.")


def test_figure_of_one_persona_is_its_map_restricted_to_the_stages():
    c = JourneyExplorerController(example_map()).select_personas([2])
    c.select_stages(["awareness", "consideration", "decision"])
    fig = c.figure
    assert isinstance(fig, Figure) and c.figure_error is None
    assert fig.get_size_inches().round(2).tolist() == [13.33, 7.5]
    texts = " ".join(_texts(fig))
    assert "Bargain hunter" in texts and "Consideration" in texts
    assert "Retention" not in texts and "Advocacy" not in texts
    assert c.figure is fig  # drawn once per selection
    c.select_stages(["retention"])
    assert c.figure is not fig
    html = c.figure_html
    assert html.startswith('<img src="data:image/png;base64,')
    assert 'alt="Journey map of Bargain hunter over the stages Retention."' in html


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("persona", "personas side by side"), ("brand", "emotion curves by persona")],
)
def test_figure_view_follows_the_journey_kind(kind, expected):
    c = JourneyExplorerController(example_map(kind=kind))
    assert any(expected in t for t in _texts(c.figure))


def test_handoff_figure_shows_only_the_selected_personas_and_stages():
    jm = example_map(kind="handoff")
    assert len(jm.journey.participation)
    c = JourneyExplorerController(jm).select_personas([1]).select_stages(["awareness", "decision"])
    c.select_personas([1, 2])
    sub = c.submap()
    assert sorted(set(sub.journey.participation["stage"])) == ["awareness", "decision"]
    assert sub.journey.kind == "handoff"
    texts = " ".join(_texts(c.figure))
    assert "Awareness" in texts and "Advocacy" not in texts


def test_map_view_with_two_personas_explains_instead_of_failing():
    c = JourneyExplorerController(example_map()).set_view("map")
    assert c.figure is None
    assert "the map view shows one persona" in c.figure_error
    assert "the map view shows one persona" in c.figure_html
    assert c.select_personas([1]).figure is not None


def test_submap_holds_the_selected_cells_and_leaves_the_map_alone():
    jm = example_map()
    before = jm.to_dict()
    c = JourneyExplorerController(jm).select_personas([2]).select_stages(["retention", "decision"])
    sub = c.submap()
    assert sub.persona_ids == [2] and sub.stage_names == ["decision", "retention"]
    assert sub.cell(2, "decision") is jm.cell(2, "decision")
    assert len(sub.quotes(2, "decision")) == len(jm.quotes(2, "decision"))
    assert [o.stage for o in sub.overall] == ["decision", "retention"]
    assert c.submap(all_personas=True).persona_ids == [1, 2]
    assert jm.to_dict() == before


def test_user_text_is_escaped_in_every_journey_output():
    c = JourneyExplorerController(_evil_map())
    outputs = c.cells_html + c.quotes_html + c.figure_html + c._repr_html_()
    assert "<script>" not in outputs and "<b>price</b>" not in outputs
    assert "&lt;script&gt;" in c.cells_html and "&lt;b&gt;price&lt;/b&gt;" in c.quotes_html
    assert "Evil &lt;script&gt;" in c.quotes_html


# ------------------------------------------------------------------ stage editor
def test_stage_edits_return_new_journeys_and_keep_old_names():
    original = Journey("b2c", name="Shop")
    before = original.to_dict()
    ed = StageEditorController(original)
    assert ed.journey is original and not ed.modified and ed.code() == ""
    ed.rename("decision", "purchase", label="Buying")
    ed.move("advocacy", 0)
    ed.merge(["retention", "purchase"], into="own")
    j = ed.journey
    assert j.stage_names == ["advocacy", "awareness", "consideration", "own"]
    assert j.resolve_stage("decision") == "own" and j.resolve_stage("purchase") == "own"
    assert j.name == "Shop" and ed.modified
    assert original.to_dict() == before
    assert ed.changes == [
        "renamed 'decision' to 'purchase' (label 'Buying')",
        "moved 'advocacy' to position 1",
        "merged 'purchase', 'retention' into 'own'",
    ]
    table = ed.stages
    assert table.columns.tolist() == ["position", "name", "label", "previously", "description"]
    assert table.loc[3, "previously"] == "decision; purchase; retention"


def test_generated_code_replays_the_edits():
    ed = StageEditorController(Journey("b2b_buying"))
    ed.move_down("awareness").move_down("awareness").move_up("purchasing")
    ed.set_label("learning", "Research & trials")
    ed.split("post_purchase", ["onboarding", "renewal"])
    ed.rename("onboarding", "go_live")
    ed.merge(["choosing", "purchasing"], into="buying", label="Buying")
    code = ed.code()
    assert code.count(".reorder(") == 1  # three moves in a row, one statement
    namespace = {"journey": Journey("b2b_buying")}
    exec(code, {}, namespace)  # noqa: S102 - our own generated code
    assert namespace["journey"] == ed.journey
    assert ed.journey.stage_names == [
        "discovery",
        "learning",
        "awareness",
        "buying",
        "go_live",
        "renewal",
    ]


def test_moves_at_the_edges_and_bad_positions():
    ed = StageEditorController(Journey(["a", "b", "c"]))
    assert ed.move_up("a").stage_names == ["a", "b", "c"] and ed.changes == []
    assert ed.move_down("c").stage_names == ["a", "b", "c"]
    assert ed.move("a", -1).stage_names == ["b", "c", "a"]
    with pytest.raises(JourneyError, match=r"move: position=3 must be an integer from -3 to 2"):
        ed.move("a", 3)
    with pytest.raises(JourneyError, match="position='1' must be an integer"):
        ed.move("a", "1")


def test_undo_and_reset():
    ed = StageEditorController(Journey("b2c"))
    seen = []
    ed.on_change(lambda ctl: seen.append(len(ctl.changes)))
    ed.rename("awareness", "discover").move_down("discover")
    assert ed.undo().stage_names[0] == "discover"
    assert ed.undo().journey == ed.original
    assert ed.undo().changes == []  # nothing left to undo
    ed.merge(["retention", "advocacy"], into="loyalty")
    assert ed.reset().journey == ed.original and not ed.modified
    assert seen == [1, 2, 1, 0, 1, 0]


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda ed: ed.rename("decision", "retention"), "'retention' is already a stage of the"),
        (
            lambda ed: ed.rename("checkout", "buy"),
            "rename: 'checkout' is not a stage of the journey",
        ),
        (lambda ed: ed.rename("decision", ""), "new_name='' must be a non-empty stage name"),
        (
            lambda ed: ed.rename("decision", "a<b>"),
            r"new_name='a<b>': Stage name 'a<b>' is not usable",
        ),
        (lambda ed: ed.rename(3, "x"), "rename: give a stage name, got int 3"),
        (lambda ed: ed.set_label("decision", "  "), "set_label: label='  ' must be a non-empty"),
        (lambda ed: ed.merge("decision", into="x"), "merge: stages must be a list"),
        (lambda ed: ed.merge(["decision"], into="x"), "give at least two different stages"),
        (lambda ed: ed.merge(["decision", "retention"], into="awareness"), "already another stage"),
        (lambda ed: ed.split("decision", ["only"]), "give at least two new stages"),
        (lambda ed: ed.split("decision", "a,b"), "split: into must be a list"),
        (lambda ed: ed.code("my journey"), "must be a Python variable name"),
    ],
)
def test_bad_stage_edits_raise_and_change_nothing(edit, match):
    ed = StageEditorController(Journey("b2c"))
    with pytest.raises(JourneyError, match=match):
        edit(ed)
    assert ed.journey == ed.original and ed.changes == []


def test_editor_takes_a_journey_map_and_the_edit_rebuilds_the_same_cells():
    jm = example_map()
    ed = StageEditorController(jm).rename("decision", "purchase").move("advocacy", 0)
    new = JourneyMap.build(ed.journey, jm.persona_names, example_evidence(), min_evidence=3)
    assert new.stage_names[:2] == ["advocacy", "awareness"]
    for pid in jm.persona_ids:
        assert new.cell(pid, "purchase").n == jm.cell(pid, "decision").n
        assert new.cell(pid, "purchase").valence_mean == pytest.approx(
            jm.cell(pid, "decision").valence_mean, nan_ok=True
        )
    with pytest.raises(JourneyError, match="must be a personakit.Journey \\(or a JourneyMap\\)"):
        StageEditorController(["a", "b"])


def test_stage_editor_html_escapes_labels():
    ed = StageEditorController(Journey("b2c")).set_label("decision", EVIL)
    assert "<script>" not in ed.html and "&lt;script&gt;" in ed.html
    assert "<script>" not in ed._repr_html_()


# ------------------------------------------------------------------ widget layer
def test_persona_widget_runs_on_click_and_shows_the_results(survey, monkeypatch):
    calls = _count_fits(monkeypatch)
    ex = explore_personas(survey, methods=["kmeans", "lca"], k_range=range(2, 6), n_bootstrap=0)
    assert ex.method.options == ("kmeans", "lca")
    assert [v for _, v in ex.k.options] == ["auto", 2, 3, 4, 5]
    assert "Press Run" in ex.diagnostics.value and ex.segmenter is None
    ex.method.value = "lca"
    ex.k.value = 3
    assert calls == [] and "Press Run to fit method=lca, k=3" in ex.status.value
    ex.run_button.click()
    assert calls == [("lca", 3)]
    assert ex.segmenter.method_ == "lca" and ex.segmenter.n_personas_ == 3
    assert ex.controller.selection_html in ex.diagnostics.value
    assert ex.cards.value == ex.personas.to_html()
    assert "lca: 3 personas" in ex.status.value
    assert "<td>lca</td><td>3</td>" in ex.runs.value
    assert not ex.run_button.disabled and ex.message.value == ""
    cards_k3 = ex.cards.value
    ex.k.value = 2  # not fitted: the old result stays, marked stale
    assert ex.cards.value == cards_k3 and "pk-muted" in ex.status.value
    ex.run_button.click()
    assert ex.segmenter.n_personas_ == 2 and ex.cards.value != cards_k3
    ex.k.value = 3  # fitted before: shown at once, no refit
    assert ex.cards.value == cards_k3 and len(calls) == 2


def test_persona_widget_shows_errors_instead_of_raising(small_survey, monkeypatch):
    ex = explore_personas(small_survey, methods=["kmeans"], n_bootstrap=0)
    ex.k.value = 8
    ex.run_button.click()
    assert "Too few respondents for n_personas=8" in ex.diagnostics.value
    assert "No personas" in ex.cards.value
    assert "failed" in ex.status.value

    def broken(self, X, y=None, sample_weight=None):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(personakit.PersonaSegmenter, "fit", broken)
    ex.k.value = 2
    ex.run_button.click()  # no exception reaches the notebook
    assert isinstance(ex.last_error, RuntimeError)
    assert "Unexpected error (RuntimeError: engine exploded)" in ex.message.value
    assert not ex.run_button.disabled


def test_journey_widget_follows_the_selection():
    ex = explore_journey(example_map())
    assert ex.personas.value == (1, 2) and len(ex.stages.value) == 5
    assert "Busy parent" in ex.cells.value and "Bargain hunter" in ex.cells.value
    ex.personas.value = (2,)
    ex.stages.value = ("consideration", "decision")
    c = ex.controller
    assert c.personas == [2] and c.stages == ["consideration", "decision"]
    assert ex.cells.value.endswith(c.cells_html + "</div>")
    assert "Busy parent" not in ex.cells.value and "confusing plan comparison" in ex.cells.value
    per_cell = c.quotes.groupby("stage").size()
    assert ex.quotes.value.count("<blockquote>") == sum(min(n, 5) for n in per_cell)
    ex.max_quotes.value = 1
    assert ex.quotes.value.count("<blockquote>") == 2
    assert "drawn when this tab is open" in ex.figure.value
    ex.tabs.selected_index = ex.FIGURE_TAB
    first = ex.figure.value
    assert '<img src="data:image/png;base64,' in first and "Bargain hunter" in first
    ex.stages.value = ("retention",)  # the open figure tab redraws at once
    assert ex.figure.value != first and "over the stages Retention" in ex.figure.value
    ex.personas.value = (1, 2)
    ex.view.value = "map"
    assert "the map view shows one persona" in ex.figure.value
    ex.personas.value = ()
    assert "Select at least one persona" in ex.cells.value and ex.message.value == ""


def test_stage_editor_widget_edits_with_buttons():
    ed = edit_stages(Journey("b2c"))
    names = [v for _, v in ed.stages.options]
    assert names == ["awareness", "consideration", "decision", "retention", "advocacy"]
    ed.up_button.click()  # nothing selected: a message, not an exception
    assert "Select exactly one stage" in ed.message.value
    assert isinstance(ed.last_error, JourneyError)
    ed.stages.value = ("decision",)
    ed.name.value = "purchase"
    ed.label.value = "Buying"
    ed.rename_button.click()
    assert ed.message.value == "" and ed.stages.value == ("purchase",)
    assert ed.journey.labels["purchase"] == "Buying" and ed.name.value == ""
    assert "3. Buying (purchase)" in [label for label, _ in ed.stages.options]
    ed.up_button.click()
    ed.up_button.click()
    assert ed.journey.stage_names[0] == "purchase"
    ed.stages.value = ("retention", "advocacy")
    ed.name.value = "loyalty"
    ed.merge_button.click()
    assert ed.journey.stage_names[-1] == "loyalty" and ed.stages.value == ("loyalty",)
    ed.name.value = "renew, refer"
    ed.split_button.click()
    assert ed.journey.stage_names[-2:] == ["renew", "refer"]
    assert (
        "journey = journey.split(&#x27;loyalty&#x27;, [&#x27;renew&#x27;, &#x27;refer&#x27;])"
        in ed.table.value
    )
    ed.stages.value = ("awareness",)
    ed.name.value = "consideration"
    ed.rename_button.click()  # a clash: shown, nothing changed
    assert "already a stage of the journey" in ed.message.value
    ed.undo_button.click()
    assert ed.journey.stage_names[-1] == "loyalty" and ed.message.value == ""
    ed.reset_button.click()
    assert ed.journey == Journey("b2c") and "No edits yet" in ed.table.value


def test_widgets_follow_their_controllers_when_driven_from_code(survey):
    ex = explore_personas(survey, methods=["kmeans", "lca"], n_bootstrap=0)
    ex.controller.set_method("lca").set_k(3)
    assert (ex.method.value, ex.k.value) == ("lca", 3)
    assert "Press Run to fit method=lca, k=3" in ex.status.value
    jx = explore_journey(example_map())
    jx.controller.select_personas(["Bargain hunter"]).set_view("compare").set_max_quotes(2)
    assert jx.personas.value == (2,) and jx.view.value == "compare"
    assert jx.max_quotes.value == 2 and "Busy parent" not in jx.cells.value
    ed = edit_stages(Journey("b2c"))
    ed.controller.rename("awareness", "discover")
    assert [v for _, v in ed.stages.options][0] == "discover"


def test_stage_editor_widget_needs_names_for_merge_and_split():
    ed = edit_stages(Journey("b2c"))
    ed.stages.value = ("retention", "advocacy")
    ed.merge_button.click()
    assert "Type the merged stage" in ed.message.value
    ed.stages.value = ("retention",)
    ed.name.value = "only_one"
    ed.split_button.click()
    assert "at least two new names" in ed.message.value
    ed.name.value = ""
    ed.label.value = "After the sale"
    ed.rename_button.click()  # a label alone relabels
    assert ed.journey.labels["retention"] == "After the sale"
    assert ed.journey.stage_names == Journey("b2c").stage_names


def test_explorers_display_as_widgets(survey):
    for ex in (
        explore_personas(survey, methods=["kmeans"]),
        explore_journey(example_map()),
        edit_stages(Journey("b2c")),
    ):
        bundle = ex._repr_mimebundle_()
        assert WIDGET_MIME in bundle
        assert bundle[WIDGET_MIME]["model_id"] == ex.widget.model_id


def test_controllers_display_as_html(fitted):
    assert fitted._repr_html_().startswith('<div class="pk-widget"><style>')
    assert "PersonaExplorerController" in repr(fitted)
    assert "2 persona(s) × 5 stage(s)" in repr(JourneyExplorerController(example_map()))
    assert "0 edit(s)" in repr(StageEditorController(Journey("b2c")))


PUBLIC = [
    "explore_personas",
    "explore_journey",
    "edit_stages",
    "PersonaExplorerController",
    "JourneyExplorerController",
    "StageEditorController",
    "PersonaExplorer",
    "JourneyExplorer",
    "StageEditor",
]


@pytest.mark.parametrize("name", PUBLIC)
def test_public_objects_have_numpydoc_docstrings(name):
    import inspect

    from numpydoc.validate import validate

    import personakit.widgets as widgets

    obj = getattr(widgets, name)
    required = {"GL08", "SS01", "PR01", "PR02"}
    if inspect.isfunction(obj) or name.endswith("Controller"):
        required.add("EX01")
    errors = [
        f"{c}: {m}" for c, m in validate(f"personakit.widgets.{name}")["errors"] if c in required
    ]
    if inspect.isclass(obj):
        for attr, member in vars(obj).items():
            if attr.startswith("_") or not (
                inspect.isfunction(member) or isinstance(member, property)
            ):
                continue
            result = validate(f"personakit.widgets.{name}.{attr}")
            errors += [
                f"{attr}: {c}: {m}" for c, m in result["errors"] if c in {"GL08", "PR01", "PR02"}
            ]
    assert not errors, errors


# ------------------------------------------------------------------ the sample project
@pytest.mark.slow
def test_journey_explorer_on_the_sample_project_shows_no_personal_data(demo_run, sample_dir):
    result, _ = demo_run
    jm = result.journey_map
    c = JourneyExplorerController(jm, max_quotes=100_000)
    assert c.personas == jm.persona_ids and len(c.cells) == len(jm.persona_ids) * 5
    # every evidence sentence behind the cells, once
    assert len(c.quotes) == int(c.cells["n"].sum()) == c.quotes["evidence_id"].nunique()
    shown = c.cells_html + c.quotes_html
    assert c.quotes_html.count("<blockquote>") == len(c.quotes)
    truth = pd.read_csv(sample_dir / "truth" / "open_answers.csv")
    pii_ids = set(truth.loc[truth["has_pii"], "respondent_id"])
    in_map = jm.evidence[jm.evidence["respondent_id"].isin(pii_ids)]
    assert len(in_map)  # the answers with an e-mail or phone number are on the map ...
    for secret in ("07700 900731", "(387) 555-0166"):
        assert secret not in shown  # ... masked
    assert not re.search(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", shown)
    assert "<script>" not in shown and "<img src=x" not in shown
    # one persona at its lowest stage: the figure is that persona's map
    worst = c.cells[c.cells["sufficient"]].sort_values("valence_mean").iloc[0]
    c.select_personas([worst["persona"]]).select_stages([worst["stage"]])
    assert c.cells["valence_mean"].tolist() == [worst["valence_mean"]]
    assert worst["persona_name"] in " ".join(_texts(c.figure))

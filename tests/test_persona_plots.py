"""Persona cards as matplotlib figures: headless, text wrapped, nothing overlapping."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from personakit import PersonakitError  # noqa: E402
from personakit.personas import Persona, PersonaSet  # noqa: E402
from personakit.plotting.personas import plot_persona_card, plot_persona_cards  # noqa: E402
from tests.test_personas import make_survey  # noqa: E402


@pytest.fixture(scope="module")
def personas():
    survey, labels = make_survey(n=400, seed=11)
    return PersonaSet.from_labels(survey, labels)


def _texts(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out = []
    for artist in fig.findobj(Text):
        if artist.get_visible() and artist.get_text().strip():
            out.append((artist, artist.get_window_extent(renderer)))
    return out


def _assert_no_overlap(fig):
    texts = _texts(fig)
    assert texts, "the figure has no text"
    for (a, box_a), (b, box_b) in itertools.combinations(texts, 2):
        shrunk_a = box_a.expanded(0.999, 0.97)
        shrunk_b = box_b.expanded(0.999, 0.97)
        assert not shrunk_a.overlaps(shrunk_b), (a.get_text()[:40], b.get_text()[:40])
    return texts


def _assert_inside_axes(ax, texts):
    box = ax.get_window_extent()
    for artist, extent in texts:
        if artist.axes is not ax:
            continue
        assert extent.x0 >= box.x0 - 1 and extent.x1 <= box.x1 + 1, artist.get_text()[:40]
        assert extent.y0 >= box.y0 - 1 and extent.y1 <= box.y1 + 1, artist.get_text()[:40]


def test_persona_card_draws_headless_without_overlapping_text(personas):
    fig = personas[1].plot()
    ax = fig.axes[0]
    texts = _assert_no_overlap(fig)
    _assert_inside_axes(ax, texts)
    shown = [artist.get_text() for artist, _ in texts]
    assert shown[0] == f"1. {personas[1].name}"
    assert "WHAT SETS THEM APART" in shown and "IN THEIR WORDS" in shown
    assert any(t.startswith("GOALS") or t.startswith("DEMOGRAPHICS") for t in shown)
    assert not ax.axison


def test_card_uses_given_axes_and_figure(personas):
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 6))
    assert plot_persona_card(personas[2], ax=right) is right
    assert personas[2].plot(ax=left) is fig
    own = plt.figure(figsize=(8, 6))
    assert personas[3].plot(fig=own) is own and len(own.axes) == 1
    _assert_no_overlap(fig)


def test_long_texts_are_wrapped_shrunk_and_cut_without_overlap():
    long = "a very long trait description that keeps going and going " * 3
    persona = Persona(
        id=4,
        name="An exceptionally long persona name that must still fit on the card somehow",
        description="Description " * 40,
        size=10,
        share=0.1,
        weighted_share=0.2,
        sections={
            key: [f"{long} {i}" for i in range(6)]
            for key in ("goals", "needs", "pain_points", "channels")
        },
        quotes=[{"text": "quote " * 80, "respondent_id": "r1", "variable": "why"}] * 2,
    )
    fig, ax = plt.subplots(figsize=(6, 4))
    plot_persona_card(persona, ax=ax, n_items=6)
    texts = _assert_no_overlap(fig)
    _assert_inside_axes(ax, texts)
    shown = [artist.get_text() for artist, _ in texts]
    assert any(t.startswith("… (more") for t in shown)
    width = ax.get_window_extent().width
    assert all(extent.width <= width for _, extent in texts)


def test_dollar_signs_are_not_mathtext():
    persona = Persona(
        id=1,
        name="Revenue $10M-$50M buyers",
        description="Spend $5 to $10",
        size=5,
        share=0.5,
        weighted_share=0.5,
    )
    ax = plot_persona_card(persona)
    assert ax.texts[0].get_text() == "1. Revenue $10M-$50M buyers"
    assert all(t.get_parse_math() is False for t in ax.texts)
    _assert_no_overlap(ax.figure)


def test_persona_set_plot_grid(personas):
    fig = personas.plot()
    assert len(fig.axes) == 3
    _assert_no_overlap(fig)
    two_columns = personas.plot(ncols=2)
    assert len(two_columns.axes) == 3
    reused = plt.figure()
    assert personas.plot(fig=reused) is reused and len(reused.axes) == 3
    with pytest.raises(PersonakitError, match="ncols=0"):
        personas.plot(ncols=0)
    with pytest.raises(PersonakitError, match="no personas"):
        plot_persona_cards([])


def test_weighted_and_stability_line(personas):
    persona = personas[1]
    persona.stability = 0.42
    try:
        ax = plot_persona_card(persona)
        stats_line = [t.get_text() for t in ax.texts if "stability" in t.get_text()]
        assert stats_line and "NOT stable" in stats_line[0]
    finally:
        persona.stability = None


def test_cards_render_to_png_and_svg(personas, tmp_path):
    fig = personas.plot()
    fig.savefig(tmp_path / "cards.png", dpi=60)
    fig.savefig(tmp_path / "cards.svg")
    assert (tmp_path / "cards.png").stat().st_size > 10_000
    assert "<svg" in (tmp_path / "cards.svg").read_text(encoding="utf-8")[:500]


def test_a_persona_without_traits_still_draws():
    persona = Persona(
        id=1,
        name="Everyone",
        description="All respondents.",
        size=5,
        share=1.0,
        weighted_share=1.0,
        traits=pd.DataFrame(),
    )
    ax = plot_persona_card(persona)
    assert [t.get_text() for t in ax.texts][0] == "1. Everyone"


def test_the_overlap_check_catches_overlapping_text():
    fig, ax = plt.subplots()
    ax.text(0.1, 0.5, "first label")
    ax.text(0.12, 0.5, "second label")
    with pytest.raises(AssertionError):
        _assert_no_overlap(fig)

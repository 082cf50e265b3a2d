"""Journey-map figures: views, sizes, no overlapping labels, deterministic files."""

from __future__ import annotations

import functools
import itertools

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from personakit import Journey, JourneyError, JourneyMap, Survey
from personakit.journey import example_map
from personakit.plotting._style import PALETTE
from personakit.plotting.journey import (
    FIGURE_SIZES,
    choose_view,
    fit_text,
    plot_content_coverage,
    plot_journey,
)

matplotlib.use("Agg")

LONG_THEMES = [
    "the security questionnaire that procurement sent over was enormous and nobody owned it",
    "pricing tiers that change depending on which sales rep you happen to talk to",
    "onboarding sessions scheduled weeks after the contract was signed",
    "no clear comparison with the tools we already use in the finance team",
]
NAMES = [
    "Overloaded IT security lead who signs off every vendor",
    "Budget-holding CFO",
    "Hands-on team champion",
    "End user",
    "Procurement specialist with a very long job title indeed",
]


@functools.lru_cache(maxsize=4)
def _stress_map(stages="b2b_buying", n_personas=5, kind="handoff", survey=True):
    """Many personas, long names and themes, survey lanes, workshop entries."""
    journey = Journey(stages, kind=kind, name="Enterprise buying journey with a long name")
    rng = np.random.default_rng(11)
    rows = []
    for p in range(1, n_personas + 1):
        for s_i, stage in enumerate(journey.stage_names):
            n = 2 if (p + s_i) % 5 == 0 else 9
            for k in range(n):
                pain = (k % 3 == 0) and (p + s_i) % 2 == 0
                rows.append(
                    {
                        "persona": p,
                        "respondent_id": f"r{p}_{k % 4}",
                        "stage": stage,
                        "valence": float(np.clip(rng.normal(-0.4 if pain else 0.3, 0.3), -1, 1)),
                        "emotion": ["frustration", "anxiety", "curiosity", "relief"][k % 4],
                        "is_pain_point": pain,
                        "pain_type": ["cost", "time", "information", "trust"][k % 4]
                        if pain
                        else None,
                        "theme": LONG_THEMES[(p + k) % 4] if pain else None,
                        "text": "Honestly it was " + " ".join(["quite a long story"] * (3 + k)),
                    }
                )
    ev = pd.DataFrame(rows)
    labels = pd.Series(
        {f"r{p}_{k}": p for p in range(1, n_personas + 1) for k in range(4)}, dtype=int
    )
    sv = None
    if survey:
        ids = list(labels.index)
        responses = pd.DataFrame(
            {
                "ch_events": rng.random(len(ids)) < 0.5,
                "ch_search": rng.random(len(ids)) < 0.5,
                "ch_linkedin": rng.random(len(ids)) < 0.5,
                "ch_analyst": rng.random(len(ids)) < 0.5,
                "ch_peer": rng.random(len(ids)) < 0.5,
                "ease": pd.Categorical.from_codes(
                    rng.integers(0, 5, len(ids)), categories=list("abcde"), ordered=True
                ),
            },
            index=pd.Index(ids, name="respondent_id"),
        )
        codebook = pd.DataFrame(
            {
                "variable": list(responses.columns),
                "question_id": ["Q1"] * 5 + ["Q2"],
                "question": ["Where did you first hear about vendors like us?"] * 5
                + ["How easy was it to compare the shortlisted vendors on total cost?"],
                "sub_label": [
                    "Industry events and trade shows",
                    "Search",
                    "LinkedIn",
                    "Analyst reports",
                    "Peers at other companies",
                    None,
                ],
                "kind": ["multiselect"] * 5 + ["likert"],
                "role": ["channel"] * 5 + ["satisfaction"],
                "stage": [journey.stage_names[0]] * 5
                + [journey.stage_names[min(3, len(journey) - 1)]],
            }
        )
        sv = Survey(responses, codebook)
    jm = JourneyMap.build(journey, labels, ev, survey=sv, min_evidence=5)
    # long persona names, as a user would give them
    data = jm.to_dict()
    for i, persona in enumerate(data["personas"]):
        persona["name"] = NAMES[i]
    jm = JourneyMap.from_dict(data)
    jm = jm.add_note(
        None,
        journey.stage_names[1],
        "Workshop: ask sales which questions come up in every first call",
        lane="notes",
    )
    jm = jm.add_opportunity(
        1, journey.stage_names[2], "Publish the security pack up front so the review starts earlier"
    )
    return jm


def _overlaps(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.get_figure() is not None
    ]
    boxes = [(t, t.get_window_extent(renderer)) for t in texts]
    found = []
    for (ta, a), (tb, b) in itertools.combinations(boxes, 2):
        w = min(a.x1, b.x1) - max(a.x0, b.x0)
        h = min(a.y1, b.y1) - max(a.y0, b.y0)
        if w > 0.5 and h > 0.5:
            found.append((ta.get_text()[:40], tb.get_text()[:40]))
    outside = [
        t.get_text()[:40]
        for t, box in boxes
        if box.x0 < -1 or box.y0 < -1 or box.x1 > fig.bbox.x1 + 1 or box.y1 > fig.bbox.y1 + 1
    ]
    return found, outside, len(boxes)


CASES = [
    ("example", lambda: example_map(), 1, "map"),
    ("example", lambda: example_map(), 2, "map"),
    ("example", lambda: example_map(), None, "compare"),
    ("brand", lambda: example_map(kind="brand"), None, "overlay"),
    ("handoff", lambda: example_map(kind="handoff"), None, "handoff"),
    ("handoff-map", lambda: example_map(kind="handoff"), 1, "map"),
    ("stress-b2b", _stress_map, 1, "map"),
    ("stress-b2b", _stress_map, None, "handoff"),
    ("stress-b2b", _stress_map, None, "compare"),
    ("stress-b2b", _stress_map, None, "overlay"),
    ("stress-student", lambda: _stress_map("student", 3, "persona"), 2, "map"),
    ("stress-student", lambda: _stress_map("student", 3, "persona"), None, "compare"),
]


@pytest.mark.parametrize("size", ["a4", "16:9"])
@pytest.mark.parametrize(
    ("name", "make", "persona", "view"), CASES, ids=[f"{c[0]}-{c[2]}-{c[3]}" for c in CASES]
)
def test_no_overlapping_labels(name, make, persona, view, size):
    jm = make()
    ax = plot_journey(jm, persona=persona, view=view, size=size)
    fig = ax.figure
    assert tuple(np.round(fig.get_size_inches(), 2)) == tuple(np.round(FIGURE_SIZES[size], 2))
    found, outside, n = _overlaps(fig)
    assert n > 10
    assert not found, found[:5]
    assert not outside, outside[:5]
    plt.close(fig)


def test_labels_fit_in_a_small_axes_too():
    fig, axes = plt.subplots(1, 2, figsize=(9, 4))
    plot_journey(_stress_map(), persona=1, ax=axes[0])
    plot_journey(example_map(), view="compare", ax=axes[1])
    found, _, _ = _overlaps(fig)
    assert not found, found[:5]


def test_map_contents():
    jm = example_map()
    ax = jm.plot(persona="Busy parent")
    texts = [t.get_text() for t in ax.texts]
    joined = "\n".join(texts)
    assert "Journey map: Busy parent" in texts
    assert "too little evidence" in joined  # advocacy has 2 quotes
    assert "anxiety 62%" in joined and "−0.50" in joined
    assert "hidden fees at" in joined  # the top pain point (wrapped)
    # emotion curve: one point per sufficient cell, coloured by the interval's sign
    from matplotlib.collections import PathCollection

    colours = [
        matplotlib.colors.to_hex(c.get_facecolor()[0])
        for c in ax.collections
        if isinstance(c, PathCollection)
    ]
    # awareness and consideration include 0 in their interval (grey), decision is below 0
    # (vermillion), retention above (green); advocacy has too little evidence (no point)
    assert colours == ["#999999", "#999999", "#d55e00", "#009e73"]
    # the persona's palette colour draws the curve
    assert any(
        matplotlib.colors.to_hex(line.get_color()) == PALETTE[0].lower() for line in ax.lines
    )


def test_views_are_chosen_by_kind():
    assert choose_view(example_map(), None, None) == "compare"
    assert choose_view(example_map(kind="brand"), None, None) == "overlay"
    assert choose_view(example_map(kind="handoff"), None, None) == "handoff"
    assert choose_view(example_map(kind="handoff"), 1, None) == "map"
    one = JourneyMap.build("b2c", [1], example_map().evidence[lambda d: d["persona"] == 1])
    assert choose_view(one, None, None) == "map"
    with pytest.raises(JourneyError, match=r"view must be one of"):
        example_map().plot(view="radar")
    with pytest.raises(JourneyError, match=r"this map has 2 personas; pass persona="):
        example_map().plot(view="map")
    with pytest.raises(JourneyError, match=r"size must be one of"):
        example_map().plot(persona=1, size="letter")


def test_handoff_view_names_levels_and_sources():
    ax = example_map(kind="handoff").plot()
    texts = "\n".join(t.get_text() for t in ax.texts)
    assert "levels from: evidence" in texts
    assert "Not involved" in texts and "Driver" in texts


def test_overlay_legend_and_given_ax():
    fig, ax = plt.subplots(figsize=(8, 5))
    out = example_map(kind="brand").plot(ax=ax)
    assert out is ax
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [
        "Busy parent (29 quotes)",
        "Bargain hunter (27 quotes)",
        "All personas (56 quotes)",
    ]


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_savefig_is_deterministic(tmp_path, suffix):
    jm = example_map()
    a = jm.savefig(tmp_path / f"a.{suffix}", persona=1, dpi=60)
    b = jm.savefig(tmp_path / f"b.{suffix}", persona=1, dpi=60)
    assert a.read_bytes() == b.read_bytes()
    assert a.stat().st_size > 1000
    assert not plt.get_fignums()
    with pytest.raises(JourneyError, match=r"use a .png, .svg or .pdf file name"):
        jm.savefig(tmp_path / "a.gif")


def test_fit_text_keeps_text_inside_its_box():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_axis_off()
    renderer = fig.canvas.get_renderer()
    box = (0.1, 0.1, 0.4, 0.3)
    text = fit_text(ax, box, ["Wide" * 30, "W " * 80, "short"], renderer=renderer)
    extent = text.get_window_extent(renderer)
    (x0, y0), (x1, y1) = ax.transAxes.transform([box[:2], box[2:]])
    assert x0 <= extent.x0 and extent.x1 <= x1 and y0 <= extent.y0 and extent.y1 <= y1
    assert "more" in text.get_text()
    assert fit_text(ax, (0, 0, 0.001, 0.001), "no room", renderer=renderer) is None
    assert fit_text(ax, box, [], renderer=renderer) is None


def test_content_coverage_plot():
    inv = pd.DataFrame(
        {
            "title": ["Meal kits 101", "Plans compared", "Welcome email"],
            "type": ["Blog post", "Comparison page", "Onboarding email"],
            "stage": ["awareness", "consideration", "awareness"],
            "persona": ["all", "1", "2"],
        }
    )
    ax = plot_content_coverage(example_map().content_coverage(inv))
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("gap") == 7 and "1" in texts
    found, _, _ = _overlaps(ax.figure)
    assert not found

"""HTML for journey maps: the Jupyter display and the self-contained page.

Figures are inline SVG with text drawn as paths (so the markup holds no user
text and needs no fonts or network); every piece of user text in the tables
goes through Jinja2's autoescaping (``templates/journey_map.html.j2``).
"""

from __future__ import annotations

from typing import Any

from personakit.journey._format import (
    emotion_text,
    lane_texts,
    participation_text,
    valence_text,
)

__all__ = ["figure_svg", "map_html"]


def figure_svg(draw, *args: Any, **kwargs: Any) -> str:
    """Run a plot function on a new figure and return the figure as inline SVG."""
    import matplotlib
    import matplotlib.pyplot as plt

    from personakit._render import figure_to_svg

    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "personakit"}):
        ax = draw(*args, **kwargs)
        fig = ax.figure
        try:
            return figure_to_svg(fig)
        finally:
            plt.close(fig)


def _alt_text(jm: Any, pid: Any) -> str:
    cells = [jm.cell(pid, s) for s in jm.stage_names]
    name = jm.persona_names[pid]
    confident = [c for c in cells if c.sufficient]
    labels = jm.journey.labels
    if not confident:
        return f"Journey map for {name}: no stage has enough evidence for a valence."
    low = min(confident, key=lambda c: c.valence_mean)
    high = max(confident, key=lambda c: c.valence_mean)
    text = (
        f"Journey map for {name}: most positive at {labels[high.stage]} "
        f"({high.valence_mean:+.2f}, mostly {high.dominant_emotion}), lowest at "
        f"{labels[low.stage]} ({low.valence_mean:+.2f}, mostly {low.dominant_emotion})."
    )
    pains = [c for c in cells if c.pain_points and c.pain_points[0].get("source") != "workshop"]
    if pains:
        top = max(pains, key=lambda c: c.pain_points[0]["severity"])
        text += f" Most severe pain point: {top.pain_points[0]['theme']} at {labels[top.stage]}."
    return text


def _persona_section(jm: Any, pid: Any) -> dict[str, Any]:
    labels = jm.journey.labels
    cells = [jm.cell(pid, s) for s in jm.stage_names]
    rows: list[dict[str, Any]] = []
    if any(c.participation for c in cells):
        rows.append({"title": "Participation", "cells": [[participation_text(c)] for c in cells]})
    rows += [
        {
            "title": "Valence [95% CI]",
            "cells": [[valence_text(c)] for c in cells],
            "weak": [not c.sufficient for c in cells],
        },
        {"title": "Emotions", "cells": [[emotion_text(c)] if c.n else [] for c in cells]},
        {"title": "Pain points", "cells": [lane_texts(c, "pain_points") for c in cells]},
        {"title": "Touchpoints", "cells": [lane_texts(c, "touchpoints") for c in cells]},
        {"title": "Survey", "cells": [lane_texts(c, "scores") for c in cells]},
        {"title": "Goals and actions", "cells": [lane_texts(c, "goals_actions") for c in cells]},
        {"title": "Needs", "cells": [lane_texts(c, "needs") for c in cells]},
        {"title": "Opportunities", "cells": [lane_texts(c, "opportunities") for c in cells]},
    ]
    if any(c.notes for c in cells):
        rows.append({"title": "Workshop notes", "cells": [lane_texts(c, "notes") for c in cells]})
    for row in rows:
        row.setdefault("weak", [False] * len(cells))
    quotes = []
    for c in cells:
        items = []
        seen = set()
        for q in c.quotes:
            seen.add(q["evidence_id"])
            items.append({**q, "theme": None})
        for p in c.pain_points:
            for q in p.get("quotes", []):
                if q["evidence_id"] not in seen:
                    seen.add(q["evidence_id"])
                    items.append({**q, "theme": p["theme"]})
        quotes.append({"stage": labels[c.stage], "n": c.n, "items": items})
    info = next(p for p in jm.personas if p["id"] == pid)
    return {
        "id": pid,
        "name": jm.persona_names[pid],
        "info": info,
        "rows": rows,
        "quotes": quotes,
        "alt": _alt_text(jm, pid),
    }


def map_html(jm: Any, *, standalone: bool, heading_level: int = 1) -> str:
    """Render a journey map as HTML (a page when ``standalone``, else a fragment).

    ``heading_level`` is the level of the map's title (1 for ``<h1>``); persona
    sections and their quotes take the next two levels, so a fragment placed under
    a document's own headings keeps their order.
    """
    if heading_level not in range(1, 5):
        raise ValueError(f"heading_level must be 1 to 4, not {heading_level!r}")
    from personakit._render import render_template
    from personakit.plotting.journey import (
        choose_view,
        plot_journey,
        plot_journey_map,
    )

    view = choose_view(jm, None, None)
    view_titles = {
        "map": "Journey map",
        "compare": "Personas side by side",
        "overlay": "Emotion curves by persona",
        "handoff": "Who takes part in each stage",
    }
    figures = []
    main_svg = figure_svg(plot_journey, jm)
    main_alt = (
        _alt_text(jm, jm.persona_ids[0])
        if view == "map"
        else f"{view_titles[view]} for {len(jm.persona_ids)} personas across "
        f"{len(jm.stage_names)} stages of {jm.journey.name}."
    )
    figures.append({"title": view_titles[view], "svg": main_svg, "alt": main_alt})
    sections = [_persona_section(jm, pid) for pid in jm.persona_ids]
    if standalone and view != "map":
        for section in sections:
            section["svg"] = figure_svg(plot_journey_map, jm, section["id"])
    else:
        for section in sections:
            section["svg"] = None
    summary = jm.summary
    return render_template(
        "journey_map.html.j2",
        standalone=standalone,
        level=heading_level,
        jm=jm,
        title=jm.journey.name,
        kind=jm.journey.kind,
        stage_labels=[jm.journey.labels[s] for s in jm.stage_names],
        figures=figures,
        sections=sections,
        summary={
            "used": summary.get("used"),
            "not_analysed": summary.get("not_analysed", 0),
            "unattributed": summary.get("unattributed", 0),
            "unstaged": sum((summary.get("unstaged") or {}).values()),
            "insufficient": sum(not c.sufficient for c in jm.cells),
            "cells": len(jm.cells),
        },
        settings=jm.settings,
    )

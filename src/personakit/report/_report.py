"""The shareable HTML report of a run, and the figures written next to it.

One self-contained file: styles inline, figures as PNG data URIs with alt text,
no script, no network. Every piece of user text goes through Jinja2's
autoescaping or ``html.escape``; fragments come from the objects' own escaping
renderers (persona cards, journey maps). Personal data stays out unless the
run's configuration opts in (``privacy.keep_pii``): quotes are masked, speaker
names are dropped and PII columns never reach a table.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from personakit._json import dumps

__all__ = ["render_report", "write_figures"]


def _slug(text: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "x"


def _figure_jobs(result: Any) -> list[tuple[str, str, Callable[[], Any]]]:
    """(file stem, alt text, draw function returning a Figure or Axes) for every figure."""
    jobs: list[tuple[str, str, Callable[[], Any]]] = []
    seg = result.segmenter
    if seg is not None and getattr(seg, "selection_", None) is not None:
        jobs.append(
            (
                "k_selection",
                f"Choosing the number of personas: {seg.selection_reason_}",
                lambda: seg.plot_selection(),
            )
        )
    if result.personas is not None:
        jobs.append(
            (
                "persona_cards",
                "Persona cards: "
                + "; ".join(f"{p.id}. {p.name} ({p.share:.0%})" for p in result.personas.personas),
                lambda: result.personas.plot(),
            )
        )
    jm = result.journey_map
    if jm is not None:
        from personakit.journey._html import _alt_text

        if len(jm.persona_ids) > 1:
            jobs.append(
                (
                    "journey_overlay",
                    f"Emotion curves of {len(jm.persona_ids)} personas across the stages of "
                    f"{jm.journey.name}.",
                    lambda: jm.plot(view="overlay", size="16:9"),
                )
            )
        for pid in jm.persona_ids:
            jobs.append(
                (
                    f"journey_persona_{pid}",
                    _alt_text(jm, pid),
                    lambda pid=pid: jm.plot(persona=pid),
                )
            )
    acc = result.account_segmenter
    if acc is not None and getattr(acc, "method_", None) == "hierarchical":
        jobs.append(
            (
                "accounts_dendrogram",
                f"Dendrogram of the {result.accounts.n_respondents} top accounts (Gower distances).",
                lambda: acc.plot_dendrogram(),
            )
        )
    if result.handoff_map is not None:
        jobs.append(
            (
                "handoff_participation",
                "Hand-off journey: which account persona drives, takes part in or approves each "
                "buying stage, with their emotions where the accounts' notes say something.",
                lambda: result.handoff_map.plot(view="handoff"),
            )
        )
    if result.coverage is not None:
        jobs.append(
            (
                "content_coverage",
                "Content coverage by stage and persona, with gaps and wrong-kind content marked.",
                lambda: result.coverage.plot(),
            )
        )
    return jobs


def write_figures(result: Any, folder: Path, formats: Sequence[str]) -> dict[str, dict[str, str]]:
    """Draw every figure of a run, save it in ``formats`` and keep a PNG for the report.

    Parameters
    ----------
    result : RunResult
        The run.
    folder : Path
        Where to write (created).
    formats : sequence of str
        Any of ``png``, ``svg``, ``pdf``.

    Returns
    -------
    dict
        ``{file name: {"stem", "alt", "png_data_uri"}}`` for each written file
        (the PNG data URI only on the first file of each figure).
    """
    import matplotlib
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, dict[str, str]] = {}
    rc = {"svg.hashsalt": "personakit", "svg.fonttype": "path", "pdf.compression": 6}
    for stem, alt, draw in _figure_jobs(result):
        with matplotlib.rc_context(rc):
            drawn = draw()
            fig = drawn if hasattr(drawn, "savefig") else drawn.figure
            try:
                png = _png_bytes(fig)
                for fmt in formats:
                    name = f"{stem}.{fmt}"
                    path = folder / name
                    if fmt == "png":
                        path.write_bytes(png)
                    else:
                        metadata = (
                            {"Date": None}
                            if fmt == "svg"
                            else {"CreationDate": None, "ModDate": None}
                        )
                        fig.savefig(path, format=fmt, bbox_inches="tight", metadata=metadata)
                    written[name] = {"stem": stem, "alt": alt}
                uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
                first = f"{stem}.{formats[0]}" if formats else None
                if first is None:
                    written[f"{stem}.png"] = {"stem": stem, "alt": alt}
                    first = f"{stem}.png"
                written[first]["png_data_uri"] = uri
            finally:
                plt.close(fig)
    return written


def _png_bytes(fig: Any) -> bytes:
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def _figure_html(figures: Mapping[str, Mapping[str, str]], stem: str, caption: str = "") -> str:
    for info in figures.values():
        if info.get("stem") == stem and "png_data_uri" in info:
            cap = html.escape(caption or info["alt"])
            return (
                f'<figure><img src="{info["png_data_uri"]}" alt="{html.escape(info["alt"])}">'
                f"<figcaption>{cap}</figcaption></figure>"
            )
    return ""


def _table(frame: pd.DataFrame, label: str, *, index: bool = False, max_rows: int = 60) -> str:
    """A table in a region of its own that scrolls sideways when wider than the page.

    ``label`` names the region for screen readers; the region takes keyboard focus
    so it can be scrolled without a mouse.
    """
    frame = frame.head(max_rows).copy()
    for column in frame.columns:
        frame[column] = frame[column].map(_cell)
    table = frame.to_html(index=index, escape=True, border=0, na_rep="", classes="data-table")
    return (
        f'<div class="table-scroll" role="region" tabindex="0" '
        f'aria-label="{html.escape(label)}">{table}</div>'
    )


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        return "" if value != value else f"{value:.3g}"  # NaN: an empty cell, not "nan"
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return value


def _overview(result: Any, manifest: Mapping[str, Any]) -> str:
    parts = []
    rows = []
    survey_all, survey = result.survey_all, result.survey
    if survey_all is not None:
        name = survey_all.path.name if survey_all.path is not None else "survey"
        rows.append(
            (
                "Survey",
                f"{name}: {survey_all.n_respondents} respondents read, "
                f"{survey.n_respondents} analysed; format {survey_all.source} "
                f"({survey_all.source_reason})",
            )
        )
        kinds = survey_all.codebook["kind"].value_counts()
        rows.append(("Variables", ", ".join(f"{n} {k}" for k, n in kinds.items())))
    if result.transcripts is not None:
        t = result.transcripts
        rows.append(
            (
                "Interviews",
                f"{t['interview_id'].nunique()} transcripts, {len(t)} turns "
                f"({int((t['role'] == 'participant').sum())} by participants)",
            )
        )
    if result.evidence is not None:
        ev = result.evidence
        rows.append(
            (
                "Evidence",
                f"{len(ev)} sentences analysed for stage, emotion and pain "
                f"points; {int(ev.attrs.get('not_analysed', 0))} not analysed (not English)",
            )
        )
    if result.accounts is not None:
        rows.append(("Top accounts", f"{result.accounts.n_respondents} accounts"))
    seg = result.segmenter
    if seg is not None:
        rows.append(("Segmentation", f"{seg.method_}: {seg.selection_reason_}"))
    parts.append(
        "<table><tbody>"
        + "".join(
            f"<tr><th scope='row'>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
            for k, v in rows
        )
        + "</tbody></table>"
    )
    if survey is not None and len(survey.exclusions):
        from personakit.survey import QUALITY_FLAGS

        excluded = survey.exclusions["respondent_id"].astype(str).unique()
        quality = survey_all.quality.loc[survey_all.quality.index.isin(excluded)]
        counts = pd.DataFrame(
            {
                "flag": list(QUALITY_FLAGS),
                "respondents excluded with this flag": [
                    int(quality[f].sum()) if f in quality else 0 for f in QUALITY_FLAGS
                ],
                "flagged in the whole survey": [
                    int(survey_all.quality[f].sum()) if f in survey_all.quality else 0
                    for f in QUALITY_FLAGS
                ],
            }
        )
        parts.append(
            f"<h3>Exclusions</h3><p class='note'>{len(excluded)} respondents flagged by "
            "the quality checks were left out of the analysis (a respondent may carry "
            "several flags). The full log with each reason is in exclusions.csv.</p>"
        )
        parts.append(_table(counts, "Exclusions by quality flag"))
    if result.warnings:
        items = "".join(f"<li>{html.escape(w)}</li>" for w in dict.fromkeys(result.warnings))
        parts.append(f"<h3>Warnings</h3><ul class='warning'>{items}</ul>")
    return "\n".join(parts)


def _diagnostics(result: Any, figures: Mapping[str, Any]) -> str:
    seg = result.segmenter
    parts = [
        f"<p>{html.escape(str(seg.selection_reason_))}</p>",
        _figure_html(figures, "k_selection"),
    ]
    selection = seg.selection_.copy()
    parts.append(
        "<h3>Every candidate</h3>" + _table(selection, "Every candidate number of personas")
    )
    stability = getattr(seg, "stability_", None)
    if stability is not None and len(stability):
        frame = (
            stability.reset_index()
            if isinstance(stability, pd.Series | pd.DataFrame)
            else pd.DataFrame(stability)
        )
        parts.append(
            "<h3>Stability of each persona</h3><p class='note'>Mean Jaccard similarity "
            "over bootstrap resamples; below 0.6 the persona is not stable.</p>"
        )
        parts.append(_table(frame, "Stability of each persona"))
    return "\n".join(parts)


def _journeys(result: Any, figures: Mapping[str, Any]) -> str:
    from personakit.journey._html import map_html

    jm = result.journey_map
    parts = [_figure_html(figures, "journey_overlay")]
    for pid in jm.persona_ids:
        parts.append(f"<h3>{html.escape(str(jm.persona_names[pid]))}</h3>")
        parts.append(_figure_html(figures, f"journey_persona_{pid}"))
    parts.append("<h3>Cells, with their evidence</h3>")
    parts.append(map_html(jm, standalone=False, heading_level=3))
    return "\n".join(parts)


def _pain_points(result: Any) -> str:
    table = result.pain_table
    if table is None or table.empty:
        return "<p>No pain points were found in the evidence.</p>"
    parts = [
        "<p class='note'>Themes ranked by severity (frequency, spread across participants "
        "and negativity); quotes are masked for personal data.</p>"
    ]
    quote_cols = [c for c in table.columns if "quote" in c.lower()]
    shown = table.drop(columns=quote_cols, errors="ignore")
    parts.append(_table(shown, "Pain-point themes", max_rows=25))
    if quote_cols:
        parts.append("<h3>What people said</h3>")
        for _, row in table.head(10).iterrows():
            quotes = row[quote_cols[0]]
            if not isinstance(quotes, list | tuple) or not quotes:
                continue
            parts.append(f"<h4>{html.escape(str(row.get('theme', '')))}</h4>")
            for quote in quotes[:3]:
                text = quote.get("text", "") if isinstance(quote, Mapping) else str(quote)
                source = quote.get("source", "") if isinstance(quote, Mapping) else ""
                parts.append(
                    f"<blockquote>{html.escape(str(text))}"
                    f"<div class='quote-source'>{html.escape(str(source))}</div>"
                    "</blockquote>"
                )
    return "\n".join(parts)


def _accounts(result: Any, figures: Mapping[str, Any]) -> str:
    personas = result.account_personas
    parts = [
        f"<p>{html.escape(str(result.account_segmenter.selection_reason_))}</p>",
        _figure_html(figures, "accounts_dendrogram"),
    ]
    try:
        overlap = personas.overlap_table()
    except Exception:  # noqa: BLE001 - the overlap table is a nicety, never a failure
        overlap = None
    if overlap is not None and len(overlap):
        parts.append("<h3>What the accounts of each group share</h3>")
        parts.append(_table(overlap, "What the accounts of each group share", max_rows=40))
    parts.append(personas.to_html())
    if result.handoff_journey is not None:
        parts.append("<h3>Hand-off journey</h3>")
        parts.append(_figure_html(figures, "handoff_participation"))
        matrix = result.handoff_journey.participation_matrix()
        parts.append(
            "<p class='note'>Participation per buying stage, inferred from each "
            "account's buying role (source: accounts).</p>"
        )
        parts.append(_table(matrix, "Participation per buying stage", index=True))
    return "\n".join(parts)


def _content(result: Any, figures: Mapping[str, Any]) -> str:
    coverage = result.coverage
    data = coverage.to_dict()
    parts = [_figure_html(figures, "content_coverage")]
    for key, title in (
        ("gaps", "Gaps: stage × persona cells with no content"),
        ("mismatches", "Content of the wrong kind for the stage"),
    ):
        rows = data.get(key) or []
        if rows:
            parts.append(f"<h3>{html.escape(title)}</h3>")
            parts.append(_table(pd.DataFrame(rows), title, max_rows=40))
    return "\n".join(parts)


def _manifest(manifest: Mapping[str, Any]) -> str:
    inputs = pd.DataFrame(manifest["inputs"])
    if not inputs.empty:
        inputs = inputs[["role", "name", "bytes", "sha256"]]
    versions = pd.DataFrame(
        [(k, v) for k, v in manifest["versions"].items() if v], columns=["package", "version"]
    )
    config = dict(manifest["config"])
    config["inputs"] = {
        k: (Path(v).name if isinstance(v, str) and v and k != "survey_source" else v)
        for k, v in config.get("inputs", {}).items()
    }
    return "\n".join(
        [
            f"<p>personakit {html.escape(str(manifest['personakit_version']))}, Python "
            f"{html.escape(manifest['python'])}, seed {manifest['seed']}. The same inputs, "
            "configuration and seed give the same personas and the same JSON files.</p>",
            "<h3>Inputs</h3>",
            _table(inputs, "Inputs") if not inputs.empty else "",
            "<h3>Versions</h3>",
            _table(versions, "Versions"),
            "<details><summary>Configuration</summary><pre class='manifest'>"
            + html.escape(dumps(config))
            + "</pre></details>",
        ]
    )


def render_report(
    result: Any, manifest: Mapping[str, Any], figures: Mapping[str, Mapping[str, str]]
) -> str:
    """Render the shareable HTML report of a run.

    Parameters
    ----------
    result : RunResult
        The run.
    manifest : mapping
        Its manifest (:func:`personakit.report.build_manifest`).
    figures : mapping
        What :func:`write_figures` returned.

    Returns
    -------
    str
        A complete, self-contained HTML document.
    """
    from personakit._render import render_template

    sections = [
        {"id": "overview", "title": "Overview", "intro": "", "html": _overview(result, manifest)}
    ]
    if result.personas is not None:
        sections.append(
            {
                "id": "personas",
                "title": "Personas",
                "intro": "Candidate personas: what distinguishes each one from the "
                "other respondents, by how much, and how sure we are.",
                "html": result.personas.to_html(),
            }
        )
        sections.append(
            {
                "id": "diagnostics",
                "title": "How many personas",
                "intro": "",
                "html": _diagnostics(result, figures),
            }
        )
    if result.journey_map is not None:
        sections.append(
            {
                "id": "journeys",
                "title": "Journey maps",
                "intro": "Per persona and stage: valence with its 95 % interval and "
                "evidence count, dominant emotions, pain points and "
                "opportunities. Cells with too little evidence say so.",
                "html": _journeys(result, figures),
            }
        )
    if result.pain_table is not None:
        sections.append(
            {
                "id": "pain-points",
                "title": "Pain-point themes",
                "intro": "",
                "html": _pain_points(result),
            }
        )
    if result.account_personas is not None:
        sections.append(
            {
                "id": "accounts",
                "title": "Top accounts and hand-offs",
                "intro": "",
                "html": _accounts(result, figures),
            }
        )
    if result.coverage is not None:
        sections.append(
            {
                "id": "content",
                "title": "Content gaps",
                "intro": "",
                "html": _content(result, figures),
            }
        )
    sections.append(
        {"id": "manifest", "title": "Run manifest", "intro": "", "html": _manifest(manifest)}
    )
    return render_template(
        "report.html.j2",
        title=result.config.get("title", "Customer research"),
        version=manifest.get("personakit_version"),
        seed=manifest.get("seed"),
        sections=sections,
    )

"""Content mapping: which stage × persona cells have content, and is it the right kind.

Each asset of a content inventory gets a *category* from its type (and, if the
type says nothing, its title and tags): ``educational``, ``comparison``,
``case_study``, ``testimonial``, ``demo``, ``call_to_action``,
``reassurance``, ``onboarding``, ``support``, ``feedback``, ``advocacy``,
``engagement`` or ``other``. Each stage *needs* some categories
(:func:`stage_needs`): educational content at awareness; comparisons, case
studies and testimonials at consideration; clear calls to action and
reassurance at decision; onboarding, support and feedback requests after
purchase; referral and community content at advocacy. Custom stages take
their needs from their ``content_preferences`` (or, failing that, from their
position in the journey).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from personakit._errors import JourneyError
from personakit.journey._model import Journey, persona_key

__all__ = [
    "CONTENT_CATEGORIES",
    "ContentCoverage",
    "classify_content",
    "content_categories",
    "stage_fits",
    "stage_needs",
]

CONTENT_CATEGORIES: dict[str, tuple[str, ...]] = {
    "educational": (
        "blog",
        "article",
        "guide",
        "how-to",
        "how to",
        "explainer",
        "ebook",
        "e-book",
        "whitepaper",
        "white paper",
        "infographic",
        "podcast",
        "video",
        "tips",
        "report",
        "research",
        "social post",
        "post",
        "thought leadership",
        "webinar",
        "checklist",
        "glossary",
        "course",
        "short article",
        "overview",
        "trend",
        "industry",
        "awareness",
        "education",
    ),
    "comparison": (
        "comparison",
        "compare",
        "compared",
        "comparing",
        " vs",
        "versus",
        "alternatives",
        "buyer's guide",
        "buyers guide",
        "buyer guide",
        "buying guide",
        "feature matrix",
        "calculator",
        "roi",
        "benchmark",
        "evaluation",
        "datasheet",
        "data sheet",
        "spec sheet",
    ),
    "case_study": ("case study", "case studies", "customer story", "success story", "use case"),
    "testimonial": (
        "testimonial",
        "review",
        "reviews",
        "ratings",
        "social proof",
        "user story",
        "user stories",
        "customer video",
        "customer quote",
        "reference",
        "references",
        "proof from peers",
    ),
    "demo": ("demo", "free trial", "trial", "product tour", "sandbox", "walkthrough", "tour"),
    "call_to_action": (
        "landing page",
        "pricing page",
        "pricing",
        "offer",
        "discount",
        "coupon",
        "promo",
        "promotional",
        "sign up",
        "signup",
        "sign-up",
        "checkout",
        "call to action",
        "calls to action",
        "cta",
        "buy now",
        "order form",
        "quote request",
        "request a quote",
        "contact sales",
        "voucher",
        "proposal",
        "quote",
    ),
    "reassurance": (
        "faq",
        "guarantee",
        "guarantees",
        "money-back",
        "money back",
        "refund",
        "return policy",
        "returns",
        "warranty",
        "security",
        "trust",
        "privacy",
        "terms",
        "sla",
        "compliance",
        "certification",
        "contract",
        "reassurance",
        "data protection",
        "protects",
        "protect",
        "cancel anytime",
        "cancel any time",
    ),
    "onboarding": (
        "onboarding",
        "welcome",
        "getting started",
        "get started",
        "setup",
        "set-up",
        "set up",
        "tutorial",
        "tutorials",
        "training",
        "first steps",
        "quick start",
        "quickstart",
        "activation",
        "orientation",
    ),
    "support": (
        "help",
        "support",
        "knowledge base",
        "kb article",
        "troubleshooting",
        "documentation",
        "docs",
        "manual",
        "chatbot",
        "help center",
        "help centre",
        "help article",
        "technical docs",
    ),
    "feedback": (
        "survey",
        "feedback",
        "nps",
        "review request",
        "satisfaction",
        "feedback request",
        "feedback requests",
    ),
    "advocacy": (
        "referral",
        "refer a friend",
        "community",
        "ambassador",
        "user group",
        "loyalty",
        "advocacy",
        "referral offers",
        "community events",
        "advisory board",
        "featured",
        "speak at",
        "event invitation",
        "summit",
        "champion program",
        "user stories",
    ),
    "engagement": (
        "release notes",
        "product update",
        "product updates",
        "changelog",
        "renewal",
        "upgrade",
        "newsletter",
        "usage report",
        "account review",
    ),
}
"""Content category -> keywords that recognise it in an asset's type, title or tags."""

# words so general that a more specific keyword in the same text wins
_GENERIC = {"guide", "video", "post", "article", "report", "overview", "tips", "quote", "help"}

_NEEDS_BY_NAME: dict[str, tuple[str, ...]] = {
    "awareness": ("educational",),
    "interest": ("educational",),
    "discovery": ("educational",),
    "consideration": ("comparison", "case_study", "testimonial"),
    "learning": ("comparison", "case_study", "testimonial"),
    "choosing": ("comparison", "case_study", "testimonial"),
    "evaluation": ("comparison", "case_study", "testimonial"),
    "decision": ("call_to_action", "reassurance"),
    "purchase": ("call_to_action", "reassurance"),
    "purchasing": ("call_to_action", "reassurance"),
    "enrollment": ("call_to_action", "reassurance"),
    "retention": ("onboarding", "support", "feedback"),
    "post_purchase": ("onboarding", "support", "feedback"),
    "onboarding": ("onboarding", "support", "feedback"),
    "orientation": ("onboarding", "support", "feedback"),
    "studies_support": ("onboarding", "support", "feedback"),
    "repurchase": ("support", "feedback", "engagement"),
    "graduation": ("support", "feedback"),
    "advocacy": ("advocacy", "feedback"),
    "alumni": ("advocacy", "feedback"),
    "loyalty": ("advocacy", "feedback"),
}
# kinds that are fine at a stage without being what it needs most
_ALSO_FITS: dict[str, tuple[str, ...]] = {
    "educational": ("engagement",),
    "comparison": ("demo", "educational", "support"),
    "call_to_action": ("demo", "comparison", "testimonial", "case_study"),
    "onboarding": ("engagement", "educational", "call_to_action"),
    "support": ("engagement", "educational"),
    "advocacy": ("engagement", "testimonial", "case_study"),
}

_NEEDS_BY_PHASE = {
    "aware": ("educational",),
    "explore": ("educational",),
    "evaluate": ("comparison", "case_study", "testimonial"),
    "select": ("comparison", "case_study", "testimonial"),
    "buy": ("call_to_action", "reassurance"),
    "use": ("onboarding", "support", "feedback"),
    "advocate": ("advocacy", "feedback"),
}

CATEGORY_LABELS = {
    "educational": "educational content",
    "comparison": "comparisons",
    "case_study": "case studies",
    "testimonial": "testimonials",
    "demo": "demos and trials",
    "call_to_action": "clear calls to action",
    "reassurance": "reassurance (FAQ, guarantees, terms)",
    "onboarding": "onboarding",
    "support": "support content",
    "feedback": "feedback requests",
    "advocacy": "referral and community content",
    "engagement": "product updates and renewals",
    "other": "other content",
}


def _keyword_hits(text: str) -> list[tuple[int, str, str]]:
    padded = " " + re.sub(r"[\s_]+", " ", text.lower()) + " "
    hits = []
    for category, keywords in CONTENT_CATEGORIES.items():
        for kw in keywords:
            pattern = r"(?<![a-z])" + re.escape(kw.strip()) + r"(?![a-z])"
            if kw.startswith(" "):
                pattern = r"\s" + re.escape(kw.strip()) + r"\.?(?![a-z])"
            if re.search(pattern, padded):
                score = len(kw.strip()) - (10 if kw.strip() in _GENERIC else 0)
                hits.append((score, category, kw.strip()))
    return sorted(hits, key=lambda h: (-h[0], h[1]))


def classify_content(type_: Any, title: Any = "", tags: Any = ()) -> tuple[str, str]:
    """Return ``(category, reason)`` for an asset from its type, title and tags.

    Parameters
    ----------
    type_ : str
        The asset's type ("Case study", "Blog post", "Welcome email", ...).
    title : str, optional
        Its title, used when the type says nothing.
    tags : sequence of str, optional
        Its tags, used likewise.

    Returns
    -------
    tuple of str
        A key of :data:`CONTENT_CATEGORIES` (or ``"other"``) and why.

    Examples
    --------
    >>> from personakit.journey._content import classify_content
    >>> classify_content("Setup guide")
    ('onboarding', "type 'Setup guide' mentions 'setup'")
    >>> classify_content("Email", title="Plans compared: which one is for you?")[0]
    'comparison'
    """
    for where, text in (("type", type_), ("title", title), ("tags", " ".join(tags or ()))):
        if not isinstance(text, str) or not text.strip():
            continue
        hits = _keyword_hits(text)
        if hits:
            _, category, kw = hits[0]
            return category, f"{where} {text.strip()!r} mentions {kw!r}"
    return "other", f"no known content kind in type {str(type_)!r} or the title"


def content_categories(type_: Any, title: Any = "", tags: Any = ()) -> list[str]:
    """Every kind an asset provides: its main category, then kinds its title or tags name.

    A "help article" titled "Data protection FAQ" is support content that also
    reassures; a whitepaper "How we protect client records" is educational and
    reassuring. Generic words ("guide", "video") in titles do not count.

    Parameters
    ----------
    type_ : str
        The asset's type.
    title : str, optional
        Its title.
    tags : sequence of str, optional
        Its tags.

    Returns
    -------
    list of str
        Categories, the main one (:func:`classify_content`) first.

    Examples
    --------
    >>> from personakit.journey._content import content_categories
    >>> content_categories("help article", "Data protection FAQ")
    ['support', 'reassurance']
    """
    primary, _ = classify_content(type_, title, tags)
    out = [primary]
    for text in (title, " ".join(tags or ())):
        if not isinstance(text, str) or not text.strip():
            continue
        for score, category, _kw in _keyword_hits(text):
            if score > 0 and category not in out:
                out.append(category)
    return [c for c in out if c != "other"] or ["other"]


def stage_needs(journey: Journey | Any = None) -> dict[str, tuple[str, ...]]:
    """The content categories each stage of a journey usually needs.

    Parameters
    ----------
    journey : Journey, optional
        Default: the default B2C journey.

    Returns
    -------
    dict
        Stage name -> tuple of categories (keys of :data:`CONTENT_CATEGORIES`).

    Examples
    --------
    >>> from personakit.journey import stage_needs
    >>> stage_needs()["consideration"]
    ('comparison', 'case_study', 'testimonial')
    >>> from personakit import Journey, Stage
    >>> stage_needs(Journey([Stage("trial", content_preferences=["Product tour", "FAQ"])]))
    {'trial': ('demo', 'reassurance')}
    """
    from personakit.journey._participation import stage_phases

    journey = journey if isinstance(journey, Journey) else Journey(journey)
    phases = stage_phases(journey)
    out: dict[str, tuple[str, ...]] = {}
    for stage in journey.stages:
        key = stage.name.lower().replace(" ", "_").replace("-", "_")
        if key in _NEEDS_BY_NAME:
            out[stage.name] = _NEEDS_BY_NAME[key]
            continue
        found: list[str] = []
        for pref in stage.content_preferences:
            category, _ = classify_content(pref)
            if category != "other" and category not in found:
                found.append(category)
        if found:
            out[stage.name] = tuple(found)
        else:
            out[stage.name] = _NEEDS_BY_PHASE[phases[stage.name][0]]
    return out


def stage_fits(journey: Journey | Any = None) -> dict[str, tuple[str, ...]]:
    """Content categories that fit each stage: what it needs plus kinds that do no harm there.

    An asset whose category does not fit its stage (a case study at awareness,
    an onboarding guide at decision) is listed as misplaced.

    Parameters
    ----------
    journey : Journey, optional
        Default: the default B2C journey.

    Returns
    -------
    dict
        Stage name -> tuple of categories.

    Examples
    --------
    >>> from personakit.journey._content import stage_fits
    >>> "demo" in stage_fits()["consideration"], "case_study" in stage_fits()["awareness"]
    (True, False)
    """
    needs = stage_needs(journey)
    out = {}
    for stage, need in needs.items():
        extra: list[str] = []
        for category in need:
            extra.extend(_ALSO_FITS.get(category, ()))
        out[stage] = tuple(dict.fromkeys([*need, *extra]))
    return out


def _persona_tag_resolver(jm: Any, persona_map: Mapping[str, Any] | None = None):
    keys = {persona_key(p["id"]): p["id"] for p in jm.personas}
    names = {str(p["name"]).strip().lower(): p["id"] for p in jm.personas}
    given: dict[str, Any] = {}
    for tag, pid in dict(persona_map or {}).items():
        if persona_key(pid) not in keys:
            raise JourneyError(
                f"persona_map: {tag!r} points to persona {pid!r}, which is not on this map; "
                f"the personas are {[(p['id'], p['name']) for p in jm.personas]}."
            )
        given[str(tag).strip().lower()] = keys[persona_key(pid)]

    def resolve(tag: str) -> Any:
        text = str(tag).strip()
        low = text.lower()
        if low in given:
            return given[low]
        if persona_key(text) in keys:
            return keys[persona_key(text)]
        if low in names:
            return names[low]
        match = re.fullmatch(r"(?:persona|p)\s*[_#-]?\s*(\d+)", low)
        if match and persona_key(match.group(1)) in keys:
            return keys[persona_key(match.group(1))]
        return None

    return resolve


def _persona_labels(jm: Any) -> dict[Any, str]:
    names = [p["name"] for p in jm.personas]
    out = {}
    for p in jm.personas:
        name = str(p["name"])
        out[p["id"]] = name if names.count(p["name"]) == 1 else f"{name} ({p['id']})"
    return out


def content_coverage(
    jm: Any,
    inventory: Any,
    *,
    unknown: str = "raise",
    persona_map: Mapping[str, Any] | None = None,
) -> ContentCoverage:
    """Compute :class:`ContentCoverage` for a journey map (see its docstring)."""
    from personakit.io.content import normalise_inventory, read_content_inventory

    if unknown not in ("raise", "report"):
        raise JourneyError(f"unknown must be 'raise' or 'report', got {unknown!r}.")
    if isinstance(inventory, str | Path):
        inventory = read_content_inventory(inventory)
    elif isinstance(inventory, pd.DataFrame):
        if not {"stages", "personas", "category"} <= set(inventory.columns):
            inventory = normalise_inventory(inventory, where="inventory")
    else:
        raise JourneyError(
            "inventory: give the DataFrame read_content_inventory returns, a DataFrame with title, "
            f"type, stage and persona columns, or a file path; got {type(inventory).__name__}."
        )
    journey = jm.journey
    needs = stage_needs(journey)
    fits = stage_fits(journey)
    resolve_persona = _persona_tag_resolver(jm, persona_map)
    labels = _persona_labels(jm)
    rows, unmatched = [], []
    for asset in inventory.to_dict(orient="records"):
        where = f"row {asset.get('row')}" if asset.get("row") is not None else "an asset"
        stage_tags = list(asset.get("stages") or [])
        persona_tags = list(asset.get("personas") or ["all"])
        stages, personas = [], []
        for tag in stage_tags:
            if str(tag).strip().lower() in ("all", "any", "*"):
                stages.extend(journey.stage_names)
                continue
            try:
                stages.append(journey.resolve_stage(str(tag)))
            except JourneyError:
                unmatched.append(
                    {**_asset_head(asset), "tag": "stage", "value": tag, "where": where}
                )
        for tag in persona_tags:
            if str(tag).strip().lower() in ("all", "any", "*", "everyone", "all personas"):
                personas.extend(jm.persona_ids)
                continue
            pid = resolve_persona(tag)
            if pid is None:
                unmatched.append(
                    {**_asset_head(asset), "tag": "persona", "value": tag, "where": where}
                )
            else:
                personas.append(pid)
        kinds = asset.get("categories")
        if not isinstance(kinds, list | tuple) or not kinds:
            kinds = [asset["category"]]
        for stage in dict.fromkeys(stages):
            for pid in dict.fromkeys(personas):
                rows.append(
                    {
                        **_asset_head(asset),
                        "categories": list(kinds),
                        "stage": stage,
                        "persona": pid,
                        "persona_name": labels[pid],
                        "fits_stage": any(k in fits[stage] for k in kinds),
                    }
                )
    unmatched_frame = pd.DataFrame(
        unmatched, columns=["asset_id", "title", "type", "category", "tag", "value", "where"]
    )
    if len(unmatched_frame) and unknown == "raise":
        listed = "; ".join(
            f"{r['where']} ({r['title']!r}): {r['tag']} {r['value']!r}" for r in unmatched[:8]
        )
        raise JourneyError(
            f"content inventory: {len(unmatched)} tag(s) name no stage or persona of this map: "
            f"{listed}. The stages are {journey.stage_names}; the personas are "
            f"{[(p['id'], p['name']) for p in jm.personas]} (tag by id, name or 'all'). Fix the "
            "tags, rename the journey's stages, or pass unknown='report' to list them instead."
        )
    assets = pd.DataFrame(
        rows,
        columns=[
            "asset_id",
            "title",
            "type",
            "category",
            "categories",
            "stage",
            "persona",
            "persona_name",
            "fits_stage",
        ],
    )
    stage_order = journey.stage_names
    persona_cols = [labels[p] for p in jm.persona_ids]
    if len(assets):
        matrix = (
            assets.groupby(["stage", "persona_name"])["asset_id"]
            .nunique()
            .unstack(fill_value=0)
            .reindex(index=stage_order, columns=persona_cols, fill_value=0)
            .astype(int)
        )
    else:
        matrix = pd.DataFrame(0, index=stage_order, columns=persona_cols)
    matrix.index.name = "stage"
    matrix.columns.name = "persona"
    stage_labels = journey.labels
    gaps, mismatches = [], []
    for stage in stage_order:
        need = needs[stage]
        need_text = ", ".join(CATEGORY_LABELS[c] for c in need)
        for pid in jm.persona_ids:
            name = labels[pid]
            if matrix.loc[stage, name] == 0:
                gaps.append(
                    {
                        "stage": stage,
                        "stage_label": stage_labels[stage],
                        "persona": pid,
                        "persona_name": name,
                        "needed": need_text,
                    }
                )
                continue
            cell = assets[(assets["stage"] == stage) & (assets["persona"] == pid)]
            provided = cell.explode("categories")
            present = sorted(set(provided["categories"]))
            have = [c for c in need if c in present]
            missing = [c for c in need if c not in present]
            counts = provided.groupby("categories")["asset_id"].nunique()
            present_text = ", ".join(f"{CATEGORY_LABELS[c]} ×{counts[c]}" for c in present)
            if not have:
                mismatches.append(
                    {
                        "stage": stage,
                        "stage_label": stage_labels[stage],
                        "persona": pid,
                        "persona_name": name,
                        "kind": "wrong_kind",
                        "present": present_text,
                        "missing": ", ".join(CATEGORY_LABELS[c] for c in missing),
                        "assets": "; ".join(sorted(cell["title"].astype(str).unique())),
                        "detail": f"{stage_labels[stage]} usually needs {need_text}; this cell "
                        f"has only {present_text}.",
                    }
                )
            elif missing:
                mismatches.append(
                    {
                        "stage": stage,
                        "stage_label": stage_labels[stage],
                        "persona": pid,
                        "persona_name": name,
                        "kind": "missing_kind",
                        "present": present_text,
                        "missing": ", ".join(CATEGORY_LABELS[c] for c in missing),
                        "assets": "",
                        "detail": f"{stage_labels[stage]} has "
                        f"{', '.join(CATEGORY_LABELS[c] for c in have)} but no "
                        f"{', '.join(CATEGORY_LABELS[c] for c in missing)}.",
                    }
                )
    gap_frame = pd.DataFrame(
        gaps, columns=["stage", "stage_label", "persona", "persona_name", "needed"]
    )
    mismatch_frame = pd.DataFrame(
        mismatches,
        columns=[
            "stage",
            "stage_label",
            "persona",
            "persona_name",
            "kind",
            "present",
            "missing",
            "assets",
            "detail",
        ],
    )
    # assets placed at a stage where their kind does not fit (e.g. an onboarding guide at
    # awareness, a case study at awareness)
    misplaced = (
        assets[~assets["fits_stage"] & (assets["category"] != "other")]
        .drop_duplicates(subset=["asset_id", "stage"])
        .loc[:, ["asset_id", "title", "type", "category", "stage"]]
        .reset_index(drop=True)
    )
    misplaced["usually_at"] = misplaced["category"].map(
        lambda c: ", ".join(s for s in stage_order if c in needs[s]) or "no stage of this journey"
    )
    n_cells = matrix.size
    summary = {
        "assets": int(len(inventory)),
        "cells": int(n_cells),
        "covered_cells": int((matrix > 0).to_numpy().sum()),
        "gaps": int(len(gap_frame)),
        "wrong_kind": int((mismatch_frame["kind"] == "wrong_kind").sum()),
        "missing_kind": int((mismatch_frame["kind"] == "missing_kind").sum()),
        "misplaced_assets": int(misplaced["asset_id"].nunique()),
        "unmatched_tags": int(len(unmatched_frame)),
    }
    return ContentCoverage(
        matrix=matrix,
        gaps=gap_frame,
        mismatches=mismatch_frame,
        misplaced=misplaced,
        assets=assets,
        unmatched=unmatched_frame,
        needs={s: list(v) for s, v in needs.items()},
        summary=summary,
        journey_name=journey.name,
        stage_labels=dict(stage_labels),
    )


def _asset_head(asset: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "asset_id": asset.get("asset_id"),
        "title": asset.get("title"),
        "type": asset.get("type"),
        "category": asset.get("category"),
    }


class ContentCoverage:
    """Content coverage of a journey map: counts, gaps and mismatches per stage × persona.

    Returned by :meth:`personakit.JourneyMap.content_coverage`.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Stage × persona count of distinct assets (rows in journey order).
    gaps : pandas.DataFrame
        Cells with no content: ``stage, stage_label, persona, persona_name,
        needed``.
    mismatches : pandas.DataFrame
        Cells whose content is not what the stage usually needs: ``kind`` is
        ``wrong_kind`` (none of the needed kinds) or ``missing_kind`` (some
        needed kinds absent); with ``present``, ``missing``, ``assets``,
        ``detail``.
    misplaced : pandas.DataFrame
        Assets tagged to a stage that needs other kinds: ``asset_id, title,
        type, category, stage, usually_at``.
    assets : pandas.DataFrame
        One row per asset × stage × persona it serves, with its ``category``
        and whether it ``fits_stage`` (see ``stage_fits``).
    unmatched : pandas.DataFrame
        Stage or persona tags that name nothing on the map (with
        ``unknown="report"``).
    needs : dict
        Stage -> content categories it usually needs.
    summary : dict
        Counts: assets, cells, covered_cells, gaps, wrong_kind,
        missing_kind, misplaced_assets, unmatched_tags.
    journey_name : str, optional
        Title for displays.
    stage_labels : dict, optional
        Stage -> display label.

    Examples
    --------
    >>> import pandas as pd
    >>> from personakit.journey import example_map
    >>> inv = pd.DataFrame({"title": ["Welcome to your first box", "Meal kits 101"],
    ...                     "type": ["Onboarding email", "Blog post"],
    ...                     "stage": ["awareness", "awareness"], "persona": ["all", "all"]})
    >>> cov = example_map().content_coverage(inv)
    >>> cov.summary["gaps"], cov.misplaced["title"].tolist()
    (8, ['Welcome to your first box'])
    """

    def __init__(
        self,
        *,
        matrix: pd.DataFrame,
        gaps: pd.DataFrame,
        mismatches: pd.DataFrame,
        misplaced: pd.DataFrame,
        assets: pd.DataFrame,
        unmatched: pd.DataFrame,
        needs: Mapping[str, list[str]],
        summary: Mapping[str, int],
        journey_name: str = "",
        stage_labels: Mapping[str, str] | None = None,
    ) -> None:
        self.matrix = matrix
        self.gaps = gaps
        self.mismatches = mismatches
        self.misplaced = misplaced
        self.assets = assets
        self.unmatched = unmatched
        self.needs = dict(needs)
        self.summary = dict(summary)
        self.journey_name = journey_name
        self.stage_labels = dict(stage_labels or {s: s for s in matrix.index})

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<ContentCoverage: {s['assets']} assets; {s['covered_cells']} of {s['cells']} stage × "
            f"persona cells covered, {s['gaps']} gaps, {s['wrong_kind']} with the wrong kind of "
            f"content, {s['misplaced_assets']} misplaced assets>"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the coverage as a JSON-safe dict.

        Returns
        -------
        dict
            Keys ``matrix`` ({stage: {persona: count}}), ``gaps``,
            ``mismatches``, ``misplaced``, ``unmatched`` (lists of records),
            ``needs`` and ``summary``.

        Examples
        --------
        >>> import pandas as pd
        >>> from personakit.journey import example_map
        >>> inv = pd.DataFrame({"title": ["A"], "type": ["Blog post"], "stage": ["awareness"]})
        >>> example_map().content_coverage(inv).to_dict()["matrix"]["awareness"]
        {'Busy parent': 1, 'Bargain hunter': 1}
        """
        from personakit._json import to_jsonable

        return to_jsonable(
            {
                "matrix": {s: dict(row.items()) for s, row in self.matrix.iterrows()},
                "gaps": self.gaps.to_dict(orient="records"),
                "mismatches": self.mismatches.to_dict(orient="records"),
                "misplaced": self.misplaced.to_dict(orient="records"),
                "unmatched": self.unmatched.to_dict(orient="records"),
                "needs": self.needs,
                "summary": self.summary,
            }
        )

    def to_markdown(self) -> str:
        """Return the coverage matrix, gaps and mismatches as Markdown.

        Returns
        -------
        str
            Markdown text (user text escaped).

        Examples
        --------
        >>> import pandas as pd
        >>> from personakit.journey import example_map
        >>> inv = pd.DataFrame({"title": ["A"], "type": ["Blog post"], "stage": ["awareness"]})
        >>> print(example_map().content_coverage(inv).to_markdown().splitlines()[0])
        # Content coverage: Online shop
        """
        from personakit.journey._export import md_escape

        lines = [f"# Content coverage: {md_escape(self.journey_name)}", ""]
        cols = list(self.matrix.columns)
        lines.append("| Stage | " + " | ".join(md_escape(c) for c in cols) + " |")
        lines.append("|---" * (len(cols) + 1) + "|")
        for stage, row in self.matrix.iterrows():
            lines.append(
                f"| {md_escape(self.stage_labels.get(stage, stage))} | "
                + " | ".join(str(int(v)) for v in row)
                + " |"
            )
        lines += ["", "## Gaps (no content)", ""]
        if not len(self.gaps):
            lines.append("None.")
        for g in self.gaps.to_dict(orient="records"):
            lines.append(
                f"- {md_escape(g['stage_label'])} × {md_escape(g['persona_name'])}: needs "
                f"{md_escape(g['needed'])}"
            )
        lines += ["", "## Mismatches", ""]
        if not len(self.mismatches):
            lines.append("None.")
        for m in self.mismatches.to_dict(orient="records"):
            lines.append(f"- {md_escape(m['persona_name'])}: {md_escape(m['detail'])}")
        if len(self.misplaced):
            lines += ["", "## Assets at a stage that needs other kinds", ""]
            for a in self.misplaced.to_dict(orient="records"):
                lines.append(
                    f"- {md_escape(a['title'])} ({md_escape(a['type'])}) at "
                    f"{md_escape(self.stage_labels.get(a['stage'], a['stage']))}; usually at "
                    f"{md_escape(a['usually_at'])}"
                )
        return "\n".join(lines) + "\n"

    def _repr_html_(self) -> str:
        from personakit._render import render_template

        return render_template(
            "journey_coverage.html.j2",
            coverage=self,
            matrix_rows=[
                (self.stage_labels.get(s, s), [int(v) for v in row])
                for s, row in self.matrix.iterrows()
            ],
            columns=[str(c) for c in self.matrix.columns],
            gaps=self.gaps.to_dict(orient="records"),
            mismatches=self.mismatches.to_dict(orient="records"),
            misplaced=self.misplaced.to_dict(orient="records"),
            unmatched=self.unmatched.to_dict(orient="records"),
        )

    def plot(self, ax: Any = None):
        """Heatmap of the coverage matrix with gaps and wrong-kind cells marked.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw.

        Returns
        -------
        matplotlib.axes.Axes
            The Axes.

        Examples
        --------
        >>> import pandas as pd
        >>> from personakit.journey import example_map
        >>> inv = pd.DataFrame({"title": ["A"], "type": ["Blog post"], "stage": ["awareness"]})
        >>> ax = example_map().content_coverage(inv).plot()
        >>> ax.get_title()
        'Content coverage: Online shop'
        """
        from personakit.plotting.journey import plot_content_coverage

        return plot_content_coverage(self, ax=ax)

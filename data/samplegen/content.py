"""The marketing and support content inventory, with planted gaps and mismatches.

Assets are tagged with one or more journey stages and persona names (or "all").
Planted on purpose (and listed in ``truth/content_gaps.csv``):

- gaps, stage x persona cells with no asset at all (an "all" asset counts for
  every persona, so none is tagged at those stages);
- mismatches, cells whose only assets are the wrong kind for the stage (case
  studies at awareness; promotional e-mails after purchase instead of onboarding
  and help).
"""

from __future__ import annotations

import csv
import io
import random
import re
from datetime import date, timedelta

__all__ = ["CONTENT_ISSUES", "generate_content", "render_content"]

NAMES = {
    "solo": "Solo Practitioner",
    "studio": "Studio Owner",
    "mobile": "Mobile Pro",
    "clinic": "Clinic Owner",
    "multisite": "Multi-site Operator",
}

# (type, title, channel, stages, personas, owner)
_ASSETS = [
    # awareness
    (
        "blog post",
        "5 ways solo stylists cut no-shows",
        "Blog",
        "awareness",
        "solo",
        "Content marketing",
    ),
    (
        "video",
        "A day in the life of a one-chair salon",
        "Instagram",
        "awareness",
        "solo",
        "Content marketing",
    ),
    (
        "social post",
        "Deposits 101 for one-person businesses",
        "Instagram",
        "awareness",
        "solo",
        "Content marketing",
    ),
    (
        "blog post",
        "How to run staff rotas without spreadsheets",
        "Blog",
        "awareness",
        "studio",
        "Content marketing",
    ),
    (
        "webinar",
        "Growing from 3 to 10 staff without the chaos",
        "Webinar",
        "awareness",
        "studio",
        "Product marketing",
    ),
    (
        "podcast",
        "The Studio Owner Show, episode 12",
        "Podcast",
        "awareness",
        "studio",
        "Content marketing",
    ),
    (
        "blog post",
        "Cutting missed appointments in physio clinics",
        "Blog",
        "awareness",
        "clinic",
        "Content marketing",
    ),
    (
        "podcast",
        "Clinic Owners Unplugged: running a calm front desk",
        "Podcast",
        "awareness",
        "clinic",
        "Content marketing",
    ),
    (
        "case study",
        "How Urban Fade Barbers rolled out to 22 sites",
        "LinkedIn",
        "awareness",
        "multisite",
        "Product marketing",
    ),
    (
        "case study",
        "Brightline Fitness: one system for 18 clubs",
        "Website",
        "awareness",
        "multisite",
        "Product marketing",
    ),
    (
        "case study",
        "Polished Nail Bars cut no-shows by a third",
        "Sales deck",
        "awareness",
        "multisite",
        "Sales enablement",
    ),
    (
        "blog post",
        "Why your booking page is your shop window",
        "Blog",
        "awareness",
        "solo; studio",
        "Content marketing",
    ),
    # consideration
    (
        "comparison page",
        "Slotwise vs Bookaroo",
        "Website",
        "consideration",
        "all",
        "Product marketing",
    ),
    (
        "comparison page",
        "Slotwise vs Chairly",
        "Website",
        "consideration",
        "all",
        "Product marketing",
    ),
    (
        "testimonial",
        "Customer stories reel",
        "YouTube",
        "consideration",
        "all",
        "Product marketing",
    ),
    (
        "product tour",
        "Interactive product tour",
        "Website",
        "consideration",
        "all",
        "Product marketing",
    ),
    (
        "testimonial",
        "Solo stylists on taking bookings online",
        "Instagram",
        "consideration",
        "solo",
        "Content marketing",
    ),
    (
        "video",
        "Set up your booking page in 10 minutes",
        "YouTube",
        "consideration",
        "solo",
        "Content marketing",
    ),
    (
        "case study",
        "How Bloom Yoga filled 30% more classes",
        "Website",
        "consideration",
        "studio",
        "Product marketing",
    ),
    (
        "webinar",
        "Live demo: staff calendars and rotas",
        "Webinar",
        "consideration",
        "studio",
        "Product marketing",
    ),
    (
        "video",
        "Travel time and service areas explained",
        "YouTube",
        "consideration",
        "mobile",
        "Product marketing",
    ),
    (
        "case study",
        "Northfield Physio: notes, bookings and payments in one place",
        "Website",
        "consideration",
        "clinic",
        "Product marketing",
    ),
    (
        "video",
        "Clinical notes walkthrough",
        "YouTube",
        "consideration",
        "clinic",
        "Product marketing",
    ),
    (
        "blog post",
        "What to look for in multi-location booking software",
        "Blog",
        "consideration",
        "multisite",
        "Content marketing",
    ),
    (
        "webinar",
        "Ask us anything: switching booking systems",
        "Webinar",
        "consideration; decision",
        "studio; clinic",
        "Customer success",
    ),
    # decision
    (
        "pricing FAQ",
        "Pro plan FAQ: what's included",
        "Website",
        "decision",
        "studio",
        "Product marketing",
    ),
    (
        "email",
        "Your free trial, extended by a week",
        "Email",
        "decision",
        "studio",
        "Lifecycle marketing",
    ),
    (
        "pricing FAQ",
        "Is there a contract? Pricing questions answered",
        "Website",
        "decision",
        "mobile",
        "Product marketing",
    ),
    (
        "whitepaper",
        "How Slotwise protects client records",
        "Website",
        "decision",
        "clinic",
        "Product marketing",
    ),
    (
        "help article",
        "Data protection FAQ",
        "Help centre",
        "decision",
        "clinic",
        "Customer success",
    ),
    (
        "ROI calculator",
        "Multi-site ROI calculator",
        "Website",
        "decision",
        "multisite",
        "Sales enablement",
    ),
    (
        "whitepaper",
        "Enterprise security overview",
        "Sales deck",
        "decision",
        "multisite",
        "Sales enablement",
    ),
    (
        "pricing FAQ",
        "Enterprise contract FAQ",
        "Sales deck",
        "decision",
        "multisite",
        "Sales enablement",
    ),
    # retention
    (
        "onboarding email",
        "Welcome series: your first week",
        "Email",
        "retention",
        "solo",
        "Lifecycle marketing",
    ),
    (
        "help article",
        "Taking deposits and no-show fees",
        "Help centre",
        "retention",
        "solo",
        "Customer success",
    ),
    ("video", "Reminders that actually work", "YouTube", "retention", "solo", "Customer success"),
    (
        "newsletter",
        "Monthly product update",
        "Email",
        "retention",
        "solo; mobile",
        "Lifecycle marketing",
    ),
    (
        "promotional email",
        "Upgrade to Business and unlock payroll reports",
        "Email",
        "retention",
        "studio",
        "Lifecycle marketing",
    ),
    (
        "promotional email",
        "Spring marketing templates for your studio",
        "Email",
        "retention",
        "studio",
        "Lifecycle marketing",
    ),
    (
        "help article",
        "Setting service areas and travel time",
        "Help centre",
        "retention",
        "mobile",
        "Customer success",
    ),
    (
        "onboarding email",
        "Welcome to Slotwise on the road",
        "Email",
        "retention",
        "mobile",
        "Lifecycle marketing",
    ),
    (
        "help article",
        "Treatment note templates",
        "Help centre",
        "retention",
        "clinic",
        "Customer success",
    ),
    (
        "feedback request",
        "How are we doing? Two-minute survey",
        "Email",
        "retention",
        "clinic",
        "Customer success",
    ),
    (
        "webinar",
        "Reporting for clinic owners",
        "Webinar",
        "retention",
        "clinic",
        "Customer success",
    ),
    (
        "webinar",
        "Admin training for head office",
        "Webinar",
        "retention",
        "multisite",
        "Customer success",
    ),
    (
        "help article",
        "Managing multiple locations",
        "Help centre",
        "retention",
        "multisite",
        "Customer success",
    ),
    (
        "help article",
        "Single sign-on setup guide",
        "Help centre",
        "retention",
        "multisite",
        "Customer success",
    ),
    (
        "help article",
        "Getting started checklist",
        "Help centre",
        "retention",
        "solo; mobile; clinic",
        "Customer success",
    ),
    # advocacy
    (
        "referral offer",
        "Give a month, get a month",
        "In-app",
        "advocacy",
        "solo",
        "Lifecycle marketing",
    ),
    (
        "review request",
        "Loving Slotwise? Leave us a review",
        "Email",
        "advocacy",
        "solo; mobile",
        "Lifecycle marketing",
    ),
    (
        "referral offer",
        "Refer a studio, get 20% off",
        "Email",
        "advocacy",
        "studio",
        "Lifecycle marketing",
    ),
    ("email", "Become a featured studio", "Email", "advocacy", "studio", "Content marketing"),
    (
        "blog post",
        "On the road: member spotlight",
        "Instagram",
        "advocacy",
        "mobile",
        "Content marketing",
    ),
    (
        "email",
        "Join our customer advisory board",
        "Email",
        "advocacy",
        "multisite",
        "Customer success",
    ),
    (
        "event invitation",
        "Speak at Slotwise Summit 2024",
        "Email",
        "advocacy",
        "multisite",
        "Product marketing",
    ),
    # more across the journey
    (
        "ebook",
        "The no-show playbook",
        "Website",
        "awareness; consideration",
        "solo; studio",
        "Content marketing",
    ),
    (
        "newsletter",
        "Slotwise tips, March edition",
        "Email",
        "retention; advocacy",
        "solo; mobile",
        "Lifecycle marketing",
    ),
    (
        "video",
        "Customer story: Keystone Physio",
        "YouTube",
        "consideration",
        "clinic; multisite",
        "Product marketing",
    ),
    (
        "help article",
        "Importing clients from a spreadsheet",
        "Help centre",
        "decision",
        "mobile",
        "Customer success",
    ),
]

# Planted issues: (stage, persona slug, kind, detail)
CONTENT_ISSUES = [
    (
        "awareness",
        "mobile",
        "gap",
        "No asset speaks to mobile businesses at awareness: Mobile Pros say they did not know a "
        "booking tool could fit their work.",
    ),
    (
        "decision",
        "solo",
        "gap",
        "No pricing reassurance (FAQ, plan guide, cancel-anytime message) for Solo Practitioners, "
        "whose emotional dip is price anxiety at sign-up.",
    ),
    (
        "advocacy",
        "clinic",
        "gap",
        "Nothing for Clinic Owners after purchase beyond retention: no referral, review or "
        "loyalty content, and they are the ones angry about the price rise.",
    ),
    (
        "awareness",
        "multisite",
        "mismatch",
        "Only case studies at awareness for Multi-site Operators; awareness calls for "
        "educational content (guides, articles, talks).",
    ),
    (
        "retention",
        "studio",
        "mismatch",
        "Only promotional e-mails after purchase for Studio Owners; retention calls for "
        "onboarding, help and support content, and setup is their emotional dip.",
    ),
]


def _slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def generate_content(seed: int) -> list[dict]:
    rng = random.Random(f"{seed}-content")
    rows = []
    first = date(2022, 6, 1)
    for i, (kind, title, channel, stages, personas, owner) in enumerate(_ASSETS, start=1):
        persona_names = (
            "all" if personas == "all" else "; ".join(NAMES[p] for p in personas.split("; "))
        )
        published = first + timedelta(days=rng.randrange(0, 660))
        section = {
            "Blog": "blog",
            "Help centre": "help",
            "Website": "resources",
            "YouTube": "videos",
            "Webinar": "webinars",
        }.get(channel)
        url = f"https://www.slotwise.example/{section}/{_slugify(title)}" if section else ""
        rows.append(
            {
                "asset_id": f"CNT-{i:03d}",
                "title": title,
                "type": kind,
                "stages": stages,
                "personas": persona_names,
                "channel": channel,
                "published": published.isoformat(),
                "owner": owner,
                "url": url,
            }
        )
    return rows


CONTENT_COLUMNS = [
    "asset_id",
    "title",
    "type",
    "stages",
    "personas",
    "channel",
    "published",
    "owner",
    "url",
]


def render_content(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CONTENT_COLUMNS)
    for row in rows:
        writer.writerow([row[c] for c in CONTENT_COLUMNS])
    return buf.getvalue()

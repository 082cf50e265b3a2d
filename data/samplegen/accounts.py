"""Thirty top B2B accounts and their main contact, in three planted buying groups.

Each group has its own mix of industries, company sizes, contact roles, buying
roles, goals, challenges and channels; about one attribute in six is drawn from
another group's mix, so the groups overlap the way real account lists do.
"""

from __future__ import annotations

import csv
import io
import math
import random
import re

from samplegen.people import PersonFactory
from samplegen.textgen import written

__all__ = ["ACCOUNT_GROUPS", "generate_accounts", "render_accounts"]

ACCOUNT_GROUPS = [
    {
        "id": 1,
        "name": "Franchise Growth Executive",
        "description": "Senior executives at fitness, beauty and barbershop franchises who sign "
        "the contract and want one standard system and group-wide numbers.",
        "size": 11,
        "industries": {
            "Fitness franchise": 4,
            "Beauty salon chain": 3,
            "Barbershop chain": 3,
            "Spa group": 1,
        },
        "employees": (700, 0.5),
        "roles": [
            ("Chief Operating Officer", "C-level"),
            ("VP Operations", "VP"),
            ("Franchise Development Director", "Director"),
            ("Chief Financial Officer", "C-level"),
            ("Managing Director", "C-level"),
        ],
        "buying_roles": {"economic buyer": 0.75, "champion": 0.1, "gatekeeper/procurement": 0.15},
        "goals": [
            "standardise booking across all franchisees",
            "grow rebooking revenue group-wide",
            "one view of performance across every site",
            "open new locations faster",
            "cut software spend by consolidating tools",
        ],
        "challenges": [
            "franchisees use five different booking tools",
            "no group-level reporting",
            "franchisee pushback on new systems",
            "board wants ROI within a year",
            "pricing for 40+ sites is unclear",
        ],
        "channels": [
            "Executive briefings",
            "LinkedIn",
            "Industry events",
            "Analyst reports",
            "Peer CEOs",
        ],
    },
    {
        "id": 2,
        "name": "Clinical Systems Evaluator",
        "description": "IT, digital and compliance leads at clinic groups who evaluate "
        "security, integrations and data protection before anyone signs.",
        "size": 10,
        "industries": {
            "Physiotherapy group": 4,
            "Dental group": 2,
            "Medical spa chain": 2,
            "Veterinary clinics": 2,
            "Chiropractic network": 1,
        },
        "employees": (220, 0.45),
        "roles": [
            ("IT Manager", "Manager"),
            ("Head of Digital", "Head of"),
            ("Practice Systems Lead", "Manager"),
            ("Compliance Officer", "Manager"),
            ("Director of Clinical Operations", "Director"),
        ],
        "buying_roles": {
            "technical evaluator": 0.6,
            "gatekeeper/procurement": 0.25,
            "economic buyer": 0.15,
        },
        "goals": [
            "integrate booking with the practice management system",
            "SSO and audit logs for all staff",
            "keep patient data in-region",
            "automate intake and consent forms",
            "reduce front-desk phone volume",
        ],
        "challenges": [
            "data protection review takes months",
            "legacy on-premise system",
            "needs an API or FHIR access",
            "long vendor security questionnaire",
            "each clinic on a different system",
        ],
        "channels": [
            "Technical documentation",
            "Webinars",
            "Email",
            "Security whitepapers",
            "Vendor demos",
        ],
    },
    {
        "id": 3,
        "name": "Front-line Operations Champion",
        "description": "Regional and site managers at service chains who use the product every "
        "day and push for it internally.",
        "size": 9,
        "industries": {
            "Pet grooming chain": 2,
            "Auto service chain": 2,
            "Nail salon chain": 2,
            "Cleaning services": 2,
            "Fitness studio group": 1,
        },
        "employees": (90, 0.45),
        "roles": [
            ("Regional Manager", "Manager"),
            ("Operations Manager", "Manager"),
            ("Front Desk Lead", "Team lead"),
            ("Salon Manager", "Manager"),
            ("Service Coordinator", "Team lead"),
        ],
        "buying_roles": {"champion": 0.55, "user": 0.35, "economic buyer": 0.1},
        "goals": [
            "cut no-shows",
            "less time on the phone",
            "easier staff rotas",
            "let customers book after hours",
            "fill last-minute cancellations",
        ],
        "challenges": [
            "high staff turnover makes training hard",
            "double bookings at busy sites",
            "rotas still on paper",
            "managers juggle bookings and service",
            "head office picks tools without asking the sites",
        ],
        "channels": [
            "Product demos",
            "Peer referrals",
            "Phone",
            "Short videos",
            "Online communities",
        ],
    },
]

COMPANIES = {
    "Fitness franchise": [
        "Brightline Fitness",
        "CoreStrength Clubs",
        "PulseBox Gyms",
        "Ironworks Fitness",
        "Stride Gyms",
    ],
    "Beauty salon chain": [
        "Lumen Hair Studios",
        "Gloss & Co Salons",
        "Halo Beauty Group",
        "Mane Street Salons",
    ],
    "Barbershop chain": [
        "Urban Fade Barbers",
        "Sharp Lines Barber Co",
        "The Gentry Barbers",
        "Clipper House",
    ],
    "Spa group": ["Tranquil Day Spas", "Lumen Spa Group"],
    "Physiotherapy group": [
        "Kinetic Clinics",
        "Northfield Physio Partners",
        "ActiveBack Physio",
        "MoveWell Health",
        "Keystone Physio",
    ],
    "Dental group": ["Bright Smile Dental Group", "Parkside Dental"],
    "Medical spa chain": ["Renew MedSpa", "Clearskin Clinics"],
    "Veterinary clinics": ["Paws & Claws Vets", "Greenway Veterinary"],
    "Chiropractic network": ["Align Chiropractic Network"],
    "Pet grooming chain": ["Fluff & Tumble Grooming", "PawsGo Grooming"],
    "Auto service chain": ["Apex Auto Care", "QuickLane Tyres & Service"],
    "Nail salon chain": ["Polished Nail Bars", "Tip Top Nails"],
    "Cleaning services": ["Sparkle Home Cleaning", "FreshNest Cleaners"],
    "Fitness studio group": ["Summit Yoga Collective", "Barre & Bloom Studios"],
}
REGIONS = ["US East", "US West", "US Central", "Canada", "UK & Ireland", "DACH", "ANZ"]
REVENUE_BANDS = [
    (40, "Under $5M"),
    (150, "$5M–$20M"),
    (600, "$20M–$100M"),
    (10**9, "Over $100M"),
]
NOTES = [
    "Met at SalonCon 2023; renewal due in Q3.",
    "Champion left in January, new contact TBC.",
    "Asked about SSO pricing twice.",
    "Pilot at 2 sites went well, waiting on budget.",
    "Prefers calls before 10am.",
    "Competitor (Bookaroo) offered a discount, price-sensitive.",
    "Needs a security questionnaire answered before next steps.",
    "Happy customer, possible case study.",
    "",
    "",
    "Requested a roadmap session with product.",
    "Contract signed by procurement, not the ops team.",
]


def _pick_weighted(d: dict, rng: random.Random) -> str:
    return rng.choices(list(d), weights=list(d.values()))[0]


def _domain(company: str) -> str:
    return re.sub(r"[^a-z]", "", company.lower().replace("&", "and")) + ".com"


def generate_accounts(seed: int) -> list[dict]:
    rng = random.Random(f"{seed}-accounts")
    people = PersonFactory(random.Random(f"{seed}-accounts-people"))
    used_companies: set[str] = set()
    rows = []
    specs = [g for g in ACCOUNT_GROUPS for _ in range(g["size"])]
    rng.shuffle(specs)
    for i, group in enumerate(specs, start=1):

        def src(group=group):
            # about one attribute in six comes from another group's mix
            if rng.random() < 0.17:
                return rng.choice([g for g in ACCOUNT_GROUPS if g is not group])
            return group

        industry = _pick_weighted(src()["industries"], rng)
        options = [c for c in COMPANIES[industry] if c not in used_companies]
        while not options:  # every name of that industry is taken: try the group's others
            industry = _pick_weighted(group["industries"], rng)
            options = [c for c in COMPANIES[industry] if c not in used_companies]
        company = rng.choice(options)
        used_companies.add(company)
        median, sigma = src()["employees"]
        employees = max(12, int(round(math.exp(rng.gauss(math.log(median), sigma)), -1)))
        revenue = next(
            label
            for limit, label in REVENUE_BANDS
            if employees * 0.09 * rng.uniform(0.7, 1.4) < limit
        )
        role, seniority = rng.choice(src()["roles"])
        buying_role = _pick_weighted(src()["buying_roles"], rng)
        goals = rng.sample(src()["goals"], rng.choice([1, 2]))
        challenges = rng.sample(src()["challenges"], rng.choice([1, 2]))
        channels = rng.sample(src()["channels"], rng.choice([2, 3]))
        first, last = people.name()
        note = rng.choice(NOTES)
        if i == 7:
            note = f"Mobile {people.phone()}, prefers WhatsApp over email."
        rows.append(
            {
                "account_id": f"ACC-{i:03d}",
                "company": company,
                "industry": industry,
                "employees": str(employees),
                "annual_revenue": revenue,
                "region": rng.choice(REGIONS),
                "contact_name": f"{first} {last}",
                "contact_email": people.email(first, last, _domain(company)),
                "contact_role": role,
                "seniority": seniority,
                "buying_role": buying_role,
                "goals": written("; ".join(goals).capitalize(), rng, hedge=0, mess=0.4),
                "challenges": written(
                    " and ".join(challenges).capitalize(), rng, hedge=0, mess=0.4
                ),
                "preferred_channels": "; ".join(channels),
                "notes": note,
                "_group": group["id"],
            }
        )
    return rows


ACCOUNT_COLUMNS = [
    "account_id",
    "company",
    "industry",
    "employees",
    "annual_revenue",
    "region",
    "contact_name",
    "contact_email",
    "contact_role",
    "seniority",
    "buying_role",
    "goals",
    "challenges",
    "preferred_channels",
    "notes",
]


def render_accounts(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(ACCOUNT_COLUMNS)
    for row in rows:
        writer.writerow([row[c] for c in ACCOUNT_COLUMNS])
    return buf.getvalue()

"""Fake but real-looking personal data: names, e-mails, IP addresses, places, ids.

Nothing here belongs to a real person. Phone numbers use the ranges set aside for
fiction (US 555-01xx, UK 07700 900xxx).
"""

from __future__ import annotations

import random
import string
import struct

__all__ = ["PersonFactory", "float32_text"]

FIRST_NAMES = [
    "Maria",
    "Sam",
    "Jasmine",
    "Tom",
    "Aisha",
    "Daniel",
    "Chloe",
    "Marcus",
    "Priyanka",
    "Liam",
    "Sofia",
    "Ben",
    "Hannah",
    "Omar",
    "Grace",
    "Ethan",
    "Zoe",
    "Lucas",
    "Amara",
    "Ryan",
    "Emily",
    "Noah",
    "Fatima",
    "Jack",
    "Olivia",
    "Mateo",
    "Leah",
    "Kwame",
    "Isabel",
    "Connor",
    "Mei",
    "Diego",
    "Rachel",
    "Tariq",
    "Megan",
    "Andre",
    "Lauren",
    "Hiroshi",
    "Nadia",
    "Owen",
    "Keisha",
    "Felix",
    "Ava",
    "Rohan",
    "Ellie",
    "Carlos",
    "Siobhan",
    "Theo",
    "Yasmin",
    "Jamal",
    "Ruby",
    "Stefan",
    "Naomi",
    "Luis",
    "Caitlin",
    "Jonah",
    "Imani",
    "Pablo",
    "Erin",
    "Victor",
    "Anya",
    "Kofi",
    "Bethany",
    "Rafael",
    "Holly",
    "Dmitri",
    "Tanya",
    "Malik",
    "Freya",
    "Gabriel",
    "Lena",
    "Ahmed",
    "Jess",
    "Nico",
    "Dana",
    "Tyrone",
    "Kirsten",
    "Ivan",
    "Paige",
    "Ezra",
    "Lucia",
    "Hamza",
    "Molly",
    "Arjun",
    "Greta",
    "Kai",
    "Rosa",
    "Elliot",
    "Helen",
    "Wendy",
    "Chidi",
    "Brian",
    "Simone",
    "Martin",
    "Alicia",
    "Derek",
    "Ingrid",
    "Patrick",
    "Lila",
    "Joel",
    "Monique",
    "Sean",
]

LAST_NAMES = [
    "Lopez",
    "Okafor",
    "Nguyen",
    "Patel",
    "Smith",
    "Kim",
    "Becker",
    "Walsh",
    "Hughes",
    "Moreno",
    "Schmidt",
    "Ali",
    "Johnson",
    "Brown",
    "Garcia",
    "Rossi",
    "Murphy",
    "Chen",
    "Williams",
    "Davies",
    "Khan",
    "Martin",
    "Silva",
    "Novak",
    "Evans",
    "Ahmed",
    "Kowalski",
    "Taylor",
    "Fischer",
    "Dubois",
    "Wright",
    "Hassan",
    "Roberts",
    "Costa",
    "Baker",
    "Mensah",
    "Clarke",
    "Ito",
    "Young",
    "Sanchez",
    "Fraser",
    "Lindqvist",
    "Adeyemi",
    "Turner",
    "Reyes",
    "O'Brien",
    "Jansen",
    "Singh",
    "Morris",
    "Kelly",
    "Romano",
    "Cooper",
    "Haddad",
    "Ward",
    "Bianchi",
    "Price",
    "Owusu",
    "Meyer",
    "Fletcher",
    "Ortiz",
    "Marsh",
    "Byrne",
    "Larsen",
    "Greene",
    "Phillips",
    "Castro",
    "Bennett",
    "Achterberg",
    "Holm",
    "Douglas",
    "Vargas",
    "Lam",
    "Campbell",
    "Novotny",
    "Stewart",
    "Popescu",
    "Reid",
    "Mahmoud",
    "Foster",
]

EMAIL_DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com")

# (city, country code, latitude, longitude, weight)
CITIES = (
    ("Chicago", "US", 41.8781, -87.6298, 10),
    ("Austin", "US", 30.2672, -97.7431, 7),
    ("Denver", "US", 39.7392, -104.9903, 6),
    ("Atlanta", "US", 33.749, -84.388, 6),
    ("Portland", "US", 45.5152, -122.6784, 5),
    ("Columbus", "US", 39.9612, -82.9988, 5),
    ("Phoenix", "US", 33.4484, -112.074, 5),
    ("Toronto", "CA", 43.6532, -79.3832, 5),
    ("Vancouver", "CA", 49.2827, -123.1207, 3),
    ("Manchester", "GB", 53.4808, -2.2426, 6),
    ("Leeds", "GB", 53.8008, -1.5491, 4),
    ("Bristol", "GB", 51.4545, -2.5879, 4),
    ("Dublin", "IE", 53.3498, -6.2603, 3),
    ("Sydney", "AU", -33.8688, 151.2093, 4),
    ("Melbourne", "AU", -37.8136, 144.9631, 3),
    ("Madrid", "ES", 40.4168, -3.7038, 2),
    ("Berlin", "DE", 52.52, 13.405, 2),
    ("Lyon", "FR", 45.764, 4.8357, 1),
)


def float32_text(value: float) -> str:
    """Format a coordinate the way Qualtrics does (a float32 printed with 12 decimals)."""
    f32 = struct.unpack("f", struct.pack("f", value))[0]
    return f"{f32:.12f}".rstrip("0").rstrip(".")


class PersonFactory:
    """Draws fake people from a seeded ``random.Random``; ids and e-mails are unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._emails: set[str] = set()
        self._ids: set[str] = set()
        self._ips: set[str] = set()

    def name(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def email(self, first: str, last: str, domain: str | None = None) -> str:
        rng = self.rng
        base_first = first.lower()
        base_last = last.lower().replace("'", "")
        for _ in range(100):
            style = rng.randrange(5)
            if style == 0:
                local = f"{base_first}.{base_last}"
            elif style == 1:
                local = f"{base_first}{base_last}{rng.randrange(1, 99)}"
            elif style == 2:
                local = f"{base_first[0]}{base_last}"
            elif style == 3:
                local = f"{base_first}_{base_last}{rng.choice(['', '', '1', '22', '88'])}"
            else:
                local = f"{base_first}.{base_last[0]}{rng.randrange(10, 999)}"
            address = f"{local}@{domain or rng.choice(EMAIL_DOMAINS)}"
            if address not in self._emails:
                self._emails.add(address)
                return address
        raise RuntimeError("could not make a unique e-mail address")  # pragma: no cover

    def ipv4(self) -> str:
        rng = self.rng
        while True:
            first = rng.choice([24, 45, 50, 66, 67, 68, 71, 73, 76, 81, 82, 86, 90, 92, 98, 99])
            first = first if rng.random() < 0.8 else rng.randrange(1, 223)
            if first in (10, 100, 127, 169, 172, 192, 198, 203):
                continue
            ip = f"{first}.{rng.randrange(0, 256)}.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"
            if ip not in self._ips:
                self._ips.add(ip)
                return ip

    def place(self) -> tuple[str, str, str, str]:
        """(city, country, latitude text, longitude text) with a few km of jitter."""
        city = self.rng.choices(CITIES, weights=[c[4] for c in CITIES])[0]
        lat = city[2] + self.rng.uniform(-0.12, 0.12)
        lon = city[3] + self.rng.uniform(-0.15, 0.15)
        return city[0], city[1], float32_text(lat), float32_text(lon)

    def qualtrics_id(self) -> str:
        alphabet = string.ascii_letters + string.digits
        while True:
            rid = "R_" + "".join(self.rng.choice(alphabet) for _ in range(15))
            if rid not in self._ids:
                self._ids.add(rid)
                return rid

    def numeric_id(self, digits: int) -> str:
        while True:
            rid = str(self.rng.randrange(10 ** (digits - 1), 10**digits))
            if rid not in self._ids:
                self._ids.add(rid)
                return rid

    def phone(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return f"({rng.randrange(201, 989)}) 555-01{rng.randrange(0, 100):02d}"
        return f"07700 900{rng.randrange(0, 1000):03d}"

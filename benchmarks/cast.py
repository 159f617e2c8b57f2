"""The entities of a synthetic dossier: unique names and aliases, ids, and their records."""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from functools import partial
from typing import Any

from generator.text import fold

from .names import CITIES, COUNTRIES, EVENT_KINDS, GIVEN, ORGANIZATIONS, REGIONS, SURNAMES, TITLES
from .prose import MONTHS

_SLUG_EXTRA = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
        "æ": "ae",
        "Æ": "Ae",
        "ı": "i",
        "ð": "d",
        "œ": "oe",
    }
)
ACCENTLESS_SHARE = 0.15  # how often a seed spells a name without its accents


def slugify(text: str) -> str:
    """An id from a name: ASCII lowercase words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_SLUG_EXTRA))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


class Cast:
    """Every entity's record, keyed by id, with the names and aliases already in use."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()  # accent-folded names and aliases
        self.records: dict[str, dict[str, Any]] = {}
        self.kinds: dict[str, str] = {}
        self.by_kind: dict[str, list[str]] = {}
        self.happenings: dict[str, tuple[str, str, str]] = {}  # event id -> action, place, day

    def reserve(self, term: str) -> bool:
        """Reserve a name or alias; False when another entity already uses it."""
        key = fold(term)
        if key in self.taken:
            return False
        self.taken.add(key)
        return True

    def unique_name(self, make: Callable[[], str]) -> str:
        """A name nobody uses yet, drawn from `make` (numbered after many collisions)."""
        for _ in range(40):
            name = make()
            if self.reserve(name):
                return name
        n = 2
        while not self.reserve(f"{name} {n}"):
            n += 1
        return f"{name} {n}"

    def add(self, kind: str, name: str, aliases: list[str], fields: dict[str, Any]) -> str:
        """Record an entity under a fresh id; `name` must already be reserved."""
        base = slugify(name) or kind
        entity_id, n = base, 1
        while entity_id in self.records:
            n += 1
            entity_id = f"{base}-{n}"
        kept = [a for a in dict.fromkeys(aliases) if a != name and self.reserve(a)]
        record: dict[str, Any] = {"id": entity_id, "name": name}
        if kept:
            record["aliases"] = kept
        self.records[entity_id] = record | fields
        self.kinds[entity_id] = kind
        self.by_kind.setdefault(kind, []).append(entity_id)
        return entity_id

    def say(self, entity_id: str) -> str:
        """How a seed names an entity: its name or an alias, sometimes without accents."""
        record = self.records[entity_id]
        term = self.rng.choice([record["name"], record["name"], *record.get("aliases", ())])
        return fold(term) if self.rng.random() < ACCENTLESS_SHARE else term

    def of_kind(self, kind: str) -> list[str]:
        """Ids of every entity of a kind, in creation order."""
        return self.by_kind.get(kind, [])

    def add_countries(self, count: int) -> None:
        """Real countries with their ISO codes."""
        for code, name in self.rng.sample(COUNTRIES, min(count, len(COUNTRIES))):
            self.reserve(name)
            region = self.rng.choice(REGIONS)
            self.add("country", name, [], {"description": f"Country in {region}.", "code": code})

    def add_people(self, count: int) -> None:
        """People with one or two given names and surnames, and up to three aliases."""
        rng = self.rng
        for _ in range(count):
            name = self.unique_name(self._person_name)
            parts = name.split(" ")
            candidates = [
                f"{parts[0]} {parts[-1]}",
                " ".join(parts[-2:]),
                f"{parts[0][0]}. {parts[-1]}",
            ]
            if rng.random() < 0.2:
                candidates.append(parts[-1])
            aliases = rng.sample(candidates, rng.randint(0, 3))
            description = f"{rng.choice(TITLES).capitalize()} in {rng.choice(CITIES)}."
            self.add("person", name, aliases, {"description": description})

    def _person_name(self) -> str:
        rng = self.rng
        given = [rng.choice(GIVEN)] + ([rng.choice(GIVEN)] if rng.random() < 0.25 else [])
        return " ".join(given + rng.sample(SURNAMES, 2 if rng.random() < 0.4 else 1))

    def add_organizations(self, count: int) -> None:
        """Ministries, courts, parties, unions, media and companies of many countries."""
        rng, countries = self.rng, self.of_kind("country")
        for _ in range(count):
            pattern, kind = rng.choice(ORGANIZATIONS)
            country = rng.choice(countries)
            name = self.unique_name(partial(self._organization_name, pattern, country))
            acronym = "".join(w[0] for w in name.split() if w[0].isupper())
            aliases = [acronym] if len(acronym) >= 3 and rng.random() < 0.5 else []
            fields = {"description": f"{kind.capitalize()}.", "kind": kind, "country": country}
            self.add("organization", name, aliases, fields)

    def _organization_name(self, pattern: str, country: str) -> str:
        city, surname = self.rng.choice(CITIES), self.rng.choice(SURNAMES)
        return pattern.format(city=city, surname=surname, country=self.records[country]["name"])

    def add_events(self, count: int) -> None:
        """Dated events with participants and a place; their citations come later."""
        rng, countries = self.rng, self.of_kind("country")
        actors = self.of_kind("person") + self.of_kind("organization")
        for _ in range(count):
            (kind, action), city = rng.choice(EVENT_KINDS), rng.choice(CITIES)
            year, month, day = rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 25)
            name = self.unique_name(partial(str, f"{kind} in {city}, {MONTHS[month - 1]} {year}"))
            span = f"{year}-{month:02d}-{day:02d}"
            if rng.random() < 0.15:
                span += f"/{year}-{month:02d}-{day + rng.randint(1, 3):02d}"
            fields: dict[str, Any] = {"description": f"{kind} reported in {city}.", "date": span}
            fields["location"] = rng.choice(countries) if rng.random() < 0.6 else city
            who = rng.sample(actors, rng.randint(1, 4))
            fields["participants"] = [{"entity": p, "role": "participant"} for p in who]
            event_id = self.add("event", name, [], fields)
            self.happenings[event_id] = (action, city, f"{day} {MONTHS[month - 1]} {year}")

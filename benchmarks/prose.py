"""Sentences of synthetic news reports, each stating one fact a data file cites."""

from __future__ import annotations

import random

from generator import dates

from .names import CITIES, PHRASES, SOURCES, TOPICS, VERBS, WEEKDAYS

MONTHS = dates.MONTHS[1:]
# A claim about {x}, told by {src}; the second list also names {y}.
CLAIMS_X = (
    "{x} {verb} {topic} in {city} on {date}, {src} said.",
    "{src} told reporters that {x} {verb} {topic} {when}.",
    "{x} denied any role in {topic}, calling the allegations “{phrase}”, {src} said.",
    "Documents obtained by {src} show that {x} {verb} {topic} {when}.",
    "{x} {verb} {topic} after months of pressure, according to {src}.",
    "Speaking in {city}, {src} said {x} had “{phrase}” over {topic}.",
)
CLAIMS_XY = (
    "According to {src}, {x} {verb} {topic} together with {y}.",
    "{x} {verb} {topic}, a move that {y} called “{phrase}”, {src} said.",
    "{src} said {x} met {y} in {city} {when} to discuss {topic}.",
    "{x} and {y} {verb} {topic} {when}, according to {src}.",
)
# Names an entity that no claim, relation or citation uses, so that it is mentioned.
UNUSED = "The report also named {x} in connection with {topic}."
RELATIONS = {
    "met_with": "met privately with",
    "knows": "has known",
    "opposes": "has openly opposed",
    "allied_with": "formed an alliance with",
    "served_under": "served under",
    "accused": "publicly accused",
    "relative_of": "is a relative of",
    "member_of": "has been a member of",
    "leads": "leads",
    "citizen_of": "is a citizen of",
    "located_in": "is based in",
    "part_of": "is part of",
    "investigates": "opened an investigation into",
    "summoned": "summoned",
}


def when(rng: random.Random) -> str:
    """A loose time reference."""
    year = rng.randint(2012, 2025)
    return rng.choice(
        (
            f"in {rng.choice(MONTHS)} {year}",
            f"in late {year}",
            "earlier this year",
            f"last {rng.choice(WEEKDAYS)}",
            f"in early {year}",
        )
    )


def date(rng: random.Random) -> str:
    """A day written out, e.g. 3 March 2021."""
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2012, 2025)}"


def claim(rng: random.Random, x: str, ys: list[str], src: str, act: tuple[str, str]) -> str:
    """A sentence stating that `x` (with `ys`) did `act` (verb, topic), as `src` tells it."""
    template = rng.choice(CLAIMS_XY if ys else CLAIMS_X)
    sentence = template.format(
        x=x,
        y=" and ".join(ys),
        src=src,
        verb=act[0],
        topic=act[1],
        city=rng.choice(CITIES),
        when=when(rng),
        date=date(rng),
        phrase=rng.choice(PHRASES),
    )
    return sentence[0].upper() + sentence[1:]


def act(rng: random.Random) -> tuple[str, str]:
    """Something done: a verb and a topic."""
    return rng.choice(VERBS), rng.choice(TOPICS)


def source(rng: random.Random) -> str:
    """An unnamed source, as reports name them."""
    return rng.choice(SOURCES)


def relation(rng: random.Random, kind: str, a: str, b: str) -> str:
    """A sentence stating that `a` has relation `kind` to `b`."""
    return f"{a} {RELATIONS[kind]} {b}, {source(rng)} said {when(rng)}."


def position(rng: random.Random, person: str, title: str, org: str, years: str) -> str:
    """A sentence stating that `person` held office `title` at `org`."""
    start, end = years.split("/")
    return f"{person} served as {title} of {org} from {start} to {end}, {source(rng)} said."


def event(rng: random.Random, participants: list[str], action: str, place: str, day: str) -> str:
    """A sentence reporting an event on `day`."""
    who = (
        ", ".join(participants[:-1]) + " and " + participants[-1]
        if len(participants) > 1
        else participants[0]
    )
    return f"On {day}, {who} {action} {place}, {source(rng)} said."


def filler(rng: random.Random, template: str, x: str, y: str) -> str:
    """A sentence no claim cites, from one of `FILLERS`, naming `x` and perhaps `y`."""
    return template.format(x=x, y=y, topic=rng.choice(TOPICS), weekday=rng.choice(WEEKDAYS))

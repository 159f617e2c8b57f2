"""The typed dossier model: one record class per kind of YAML file, and the whole dossier.

The record classes are also the contributors' file format: `schema.py` turns
them into JSON Schema for editors, so every field carries a description.
No I/O here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from . import dates
from .errors import Problem
from .load import RawFile
from .seeds import Paragraph
from .vocabulary import (
    RELATIONS,
    Confidence,
    Kind,
    OrganizationKind,
    Status,
    country_codes,
)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_PATTERN = "^" + SLUG.pattern + "$"
MAX_SLUG = 80


def fail(message: str, hint: str) -> PydanticCustomError:
    """A validation error whose message and hint reach the contributor as written."""
    return PydanticCustomError("dossier", "{message}", {"message": message, "hint": hint})


def to_slug_text(value: Any) -> str:
    """Validate an id: lowercase ASCII letters, digits and single hyphens."""
    if not isinstance(value, str):
        raise fail(f"an id must be text, got {value!r}", "write e.g. carlos-zamora")
    if not SLUG.fullmatch(value) or len(value) > MAX_SLUG:
        raise fail(
            f"{value!r} is not a valid id",
            f"use lowercase letters a-z, digits and single hyphens, at most {MAX_SLUG} characters,"
            " e.g. 'maura-juampere'",
        )
    return value


def to_text(value: Any) -> str:
    """Validate non-empty text; surrounding whitespace is dropped."""
    if not isinstance(value, str):
        kinds: dict[type, str] = {list: "a list", dict: "a mapping"}
        kind = kinds.get(type(value), repr(value))
        raise fail(
            f"expected text, got {kind}", "write the text on the same line, in quotes if needed"
        )
    if not value.strip():
        raise fail("the text is empty", "write something, or remove the field")
    return value.strip()


def to_span(value: Any) -> dates.DateSpan:
    """Validate a date or a date range."""
    try:
        return dates.parse_span(value)
    except dates.DateError as exc:
        raise fail(str(exc), exc.hint) from None


def to_country_code(value: Any) -> str:
    """Validate an ISO 3166-1 alpha-2 code."""
    if not isinstance(value, str) or value.upper() not in country_codes():
        raise fail(
            f"{value!r} is not an ISO 3166-1 alpha-2 country code",
            "use the two-letter code, e.g. PE for Peru, CU for Cuba",
        )
    return value.upper()


def to_url(value: Any) -> str:
    """Validate an absolute http(s) URL."""
    text = to_text(value)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"[\s<>\"]", text):
        raise fail(f"{text!r} is not a web address", "write the full address, starting https://")
    return text


Slug = Annotated[
    str, PlainValidator(to_slug_text), WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN})
]
Text = Annotated[str, PlainValidator(to_text), WithJsonSchema({"type": "string", "minLength": 1})]
Span = Annotated[
    dates.DateSpan,
    PlainValidator(to_span),
    WithJsonSchema({"type": ["string", "integer"], "pattern": dates.PATTERN}),
]
CountryCode = Annotated[
    str,
    PlainValidator(to_country_code),
    WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{2}$"}),
]
Url = Annotated[str, PlainValidator(to_url), WithJsonSchema({"type": "string", "format": "uri"})]
if TYPE_CHECKING:  # the type checker cannot read a Literal built from a table; pydantic can
    RelationType = str
else:
    RelationType = Literal[tuple(RELATIONS)]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]


class Record(BaseModel):
    """Base of every file record: unknown fields are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Citation(Record):
    """Where a seed says it: a paragraph and the exact words."""

    seed: Slug
    """Id of the seed: its file name in seeds/ without '.txt'."""
    paragraph: int = Field(ge=1)
    """Number of the paragraph in the seed (shown on its source page, ¶1 is the first)."""
    quote: Text
    """Words copied exactly from that paragraph (spacing and quote marks may differ)."""


Citations = Annotated[tuple[Citation, ...], Field(min_length=1)]


class Claim(Record):
    """One statement made in a seed, with who makes it and how sure we are."""

    id: Slug
    """Unique id of the claim in the whole dossier."""
    statement: Text
    """The claim in your own words; say who asserts it when it is not established."""
    attributed_to: Text
    """Who asserts it: an entity id (e.g. peru21) or free text (e.g. unnamed government sources)."""
    status: Status
    """reported | alleged | confirmed | denied | disputed."""
    confidence: Confidence
    """low | moderate | high: how far we trust the claim (ICD 203)."""
    about: tuple[Slug, ...] = ()
    """Ids of other entities the claim is about; it is shown on their pages too."""
    citations: Citations
    """Paragraphs of seeds that say it."""


class Relation(Record):
    """A typed link from this entity to another."""

    type: RelationType
    """Relation type, e.g. spouse_of, member_of, summoned (see the README for the list)."""
    target: Slug
    """Id of the other entity."""
    date: Span | None = None
    """When it held: YYYY, YYYY-MM, YYYY-MM-DD or a range start/end."""
    citations: Citations
    """Paragraphs of seeds that say it."""


class Position(Record):
    """An office or role a person held."""

    title: Text
    """The office, e.g. Ambassador of Cuba to Peru."""
    organization: Slug | None = None
    """Id of the organization the office belongs to."""
    country: Slug | None = None
    """Id of the country where the office was held."""
    date: Span | None = None
    """When the office was held: a date or a range start/end."""
    citations: Citations
    """Paragraphs of seeds that say it."""


class Participant(Record):
    """An entity that took part in an event."""

    entity: Slug
    """Id of the participant."""
    role: Text
    """Its role in the event, e.g. summoned, host."""


class Entity(Record):
    """Fields shared by every entity file."""

    KIND: ClassVar[Kind]
    id: Slug
    """Id of the entity: must equal the file name without '.yml'."""
    name: Text
    """Full name as it should appear on the page."""
    aliases: tuple[Text, ...] = ()
    """Other spellings used in the seeds; each is searched for as a mention."""
    description: Text
    """One line saying who or what this is."""
    tags: tuple[Text, ...] = ()
    """Extra tags for the site's tag index."""
    claims: tuple[Claim, ...] = ()
    """Claims chiefly about this entity."""
    relations: tuple[Relation, ...] = ()
    """Links from this entity to others."""


class Person(Entity):
    """A person."""

    KIND: ClassVar[Kind] = "person"
    nationality: tuple[Slug, ...] = ()
    """Ids of the person's countries of nationality, where a seed states them."""
    positions: tuple[Position, ...] = ()
    """Offices and roles the person holds or held."""


class Country(Entity):
    """A country."""

    KIND: ClassVar[Kind] = "country"
    code: CountryCode
    """ISO 3166-1 alpha-2 code, e.g. PE."""


class Organization(Entity):
    """A government body, party, union, newspaper, police force, international body…"""

    KIND: ClassVar[Kind] = "organization"
    kind: OrganizationKind
    """What sort of organization it is, e.g. ministry, party, union, media."""
    country: Slug | None = None
    """Id of the country it belongs to."""
    parent: Slug | None = None
    """Id of the organization it is part of."""


class Event(Entity):
    """Something that happened at a date or over a period."""

    KIND: ClassVar[Kind] = "event"
    date: Span
    """YYYY, YYYY-MM, YYYY-MM-DD, or a range start/end such as 2013/2016."""
    inferred: Text | None = None
    """Why part of the date is inferred, when the seed does not state it in full."""
    location: Text | None = None
    """Where it happened: an entity id or a place name."""
    participants: tuple[Participant, ...] = ()
    """Who took part, and in what role."""
    citations: Citations
    """Paragraphs of seeds that report the event."""


class KeyJudgment(Record):
    """An analytic judgment, with its confidence and the claims behind it."""

    text: Text
    """The judgment, written with ICD 203 care."""
    confidence: Confidence
    """low | moderate | high."""
    claims: Annotated[tuple[Slug, ...], Field(min_length=1)]
    """Ids of the claims that support it."""


class DossierInfo(Record):
    """data/dossier.yml: the dossier's title page and bottom line."""

    id: Slug
    """Short id of the dossier, used for the PDF's file name."""
    title: Text
    """Title of the dossier."""
    subtitle: Text | None = None
    """Subtitle."""
    as_of: Span
    """Date the dossier is current to (YYYY-MM-DD)."""
    authors: tuple[Text, ...] = ()
    """Authors or team."""
    handling: Text
    """Handling note shown on every page and on the PDF cover."""
    bluf: Text
    """Bottom line up front: one to three sentences."""
    key_judgments: tuple[KeyJudgment, ...] = ()
    """Key judgments, each with a confidence and supporting claims."""


class SeedInfo(Record):
    """seeds/<id>.yml: what is known of a seed's origin."""

    title: Text
    """Title of the document."""
    publisher: Text | None = None
    """Who published it, where known."""
    url: Url | None = None
    """Where a copy can be read."""
    published: Span | None = None
    """Publication date, to the precision known (YYYY, YYYY-MM or YYYY-MM-DD)."""
    language: LanguageCode
    """Language of the text, ISO 639-1 (e.g. en)."""
    translated_from: LanguageCode | None = None
    """Language of the original, where the text is a translation."""
    retrieved: Span | None = None
    """When the copy was retrieved."""
    notes: Text | None = None
    """What else is known of its origin."""


RECORDS: dict[Kind, type[Entity]] = {
    "person": Person,
    "country": Country,
    "organization": Organization,
    "event": Event,
}


@dataclass(frozen=True)
class Seed:
    """A source document split into paragraphs, with its metadata."""

    id: str
    path: str
    info: SeedInfo
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Dossier:
    """The validated dossier: info, entities by id and seeds by id, all sorted."""

    info: DossierInfo
    entities: dict[str, Entity]
    seeds: dict[str, Seed]
    files: dict[str, RawFile] = field(default_factory=dict)
    """Entity id (and 'dossier') -> the YAML file it came from, with its lines."""


@dataclass(frozen=True)
class ClaimRef:
    """A claim and the id of the entity whose file holds it."""

    claim: Claim
    owner: str


@dataclass(frozen=True)
class Edge:
    """A relation from `source` to `relation.target`, declared in `source`'s file."""

    source: str
    relation: Relation

    @property
    def target(self) -> str:
        """Id of the entity the relation points to."""
        return self.relation.target


@dataclass(frozen=True)
class Mention:
    """An entity named in a seed paragraph at `start:end`, with its sentence."""

    entity_id: str
    seed_id: str
    paragraph: int
    start: int
    end: int
    excerpt: str


@dataclass(frozen=True)
class Linked:
    """The dossier with every cross-reference resolved and indexed for rendering."""

    dossier: Dossier
    claims: dict[str, ClaimRef]
    claims_about: dict[str, tuple[ClaimRef, ...]]
    edges: tuple[Edge, ...]
    edges_of: dict[str, tuple[Edge, ...]]
    mentions_of: dict[str, tuple[Mention, ...]]
    mentions_in: dict[tuple[str, int], tuple[Mention, ...]]
    citing: dict[tuple[str, int], tuple[ClaimRef, ...]]
    events_of: dict[str, tuple[str, ...]]
    warnings: tuple[Problem, ...] = ()

"""Second pass over the complete model: resolve ids, check citations, find mentions."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import TypeVar

from .errors import Problem, error, raise_errors, warning
from .load import Loc
from .mentions import build_matcher
from .model import (
    SLUG,
    Citation,
    ClaimRef,
    Dossier,
    Edge,
    Entity,
    Event,
    Linked,
    Mention,
    Organization,
    Person,
)
from .text import contains_quote, sentences_around
from .validate import suggest

log = logging.getLogger(__name__)
K = TypeVar("K")
V = TypeVar("V")

ANY = ("person", "country", "organization", "event")
# Fields that take an entity id or free text: a value spelled like an id is read as one.
FREE_TEXT_FIELDS = ("attributed_to", "location")
Reference = tuple[Loc, str, tuple[str, ...]]


def references(entity: Entity) -> Iterator[Reference]:
    """Every entity id that `entity` names: (where, id, kinds allowed there)."""
    for i, claim in enumerate(entity.claims):
        for j, about in enumerate(claim.about):
            yield ("claims", i, "about", j), about, ANY
        if SLUG.fullmatch(claim.attributed_to):
            yield ("claims", i, "attributed_to"), claim.attributed_to, ANY
    for i, relation in enumerate(entity.relations):
        yield ("relations", i, "target"), relation.target, ANY
    if isinstance(entity, Person):
        for i, country in enumerate(entity.nationality):
            yield ("nationality", i), country, ("country",)
        for i, position in enumerate(entity.positions):
            if position.organization:
                yield ("positions", i, "organization"), position.organization, ("organization",)
            if position.country:
                yield ("positions", i, "country"), position.country, ("country",)
    if isinstance(entity, Organization):
        if entity.country:
            yield ("country",), entity.country, ("country",)
        if entity.parent:
            yield ("parent",), entity.parent, ("organization",)
    if isinstance(entity, Event):
        for i, participant in enumerate(entity.participants):
            yield ("participants", i, "entity"), participant.entity, ANY
        if entity.location and SLUG.fullmatch(entity.location):
            yield ("location",), entity.location, ("country", "organization")


def citations(entity: Entity) -> Iterator[tuple[Loc, Citation]]:
    """Every citation in an entity file, with where it is."""
    for i, claim in enumerate(entity.claims):
        for j, cite in enumerate(claim.citations):
            yield ("claims", i, "citations", j), cite
    for i, relation in enumerate(entity.relations):
        for j, cite in enumerate(relation.citations):
            yield ("relations", i, "citations", j), cite
    for i, position in enumerate(getattr(entity, "positions", ())):
        for j, cite in enumerate(position.citations):
            yield ("positions", i, "citations", j), cite
    for j, cite in enumerate(getattr(entity, "citations", ())):
        yield ("citations", j), cite


def free_text_hint(ref: str) -> str:
    """How to write a name as text where a field takes an id or text (`attributed_to`, `location`).

    Lower-case words joined by hyphens read as an id, so 'officials' must be 'Officials'.
    """
    text = ref.replace("-", " ").capitalize()
    return f"for a name without a page, write text with a capital: '{text}'"


def check_references(dossier: Dossier) -> Iterator[Problem]:
    """Dangling ids and ids of the wrong kind."""
    for entity_id, entity in dossier.entities.items():
        raw = dossier.files[entity_id]
        for loc, ref, kinds in references(entity):
            target = dossier.entities.get(ref)
            if target is None:
                hint = (
                    suggest(ref, dossier.entities) or f"create data/<kind>/{ref}.yml, or fix the id"
                )
                if loc[-1] in FREE_TEXT_FIELDS:
                    hint += f"; {free_text_hint(ref)}"
                yield error(raw.path, raw.line(loc), f"unknown id '{ref}'", hint)
            elif target.KIND not in kinds:
                yield error(
                    raw.path,
                    raw.line(loc),
                    f"'{ref}' is a {target.KIND}, but {' or '.join(kinds)} is expected here",
                    "use the id of an entity of the right kind",
                )


def check_citation(dossier: Dossier, cite: Citation) -> tuple[str, str] | None:
    """Why `cite` does not hold, as (message, hint), or None when it does."""
    seed = dossier.seeds.get(cite.seed)
    if seed is None:
        return f"unknown seed '{cite.seed}'", suggest(cite.seed, dossier.seeds) or (
            f"add seeds/{cite.seed}.txt, or fix the seed id"
        )
    if cite.paragraph > len(seed.paragraphs):
        return (
            f"seed '{cite.seed}' has {len(seed.paragraphs)} paragraphs, not {cite.paragraph}",
            "check the paragraph number on the seed's source page",
        )
    paragraph = seed.paragraphs[cite.paragraph - 1]
    if not contains_quote(paragraph.text, cite.quote):
        found = [p.number for p in seed.paragraphs if contains_quote(p.text, cite.quote)]
        hint = (
            f"the quote is in paragraph {found[0]}: write paragraph: {found[0]}"
            if found
            else "copy the words exactly from the paragraph (spacing and quote marks may differ)"
        )
        return f"the quote is not in paragraph {cite.paragraph} of '{cite.seed}'", hint
    return None


def check_citations(dossier: Dossier) -> Iterator[Problem]:
    """Seeds, paragraph numbers and verbatim quotes of every citation."""
    for entity_id, entity in dossier.entities.items():
        raw = dossier.files[entity_id]
        for loc, cite in citations(entity):
            problem = check_citation(dossier, cite)
            if problem:
                yield error(raw.path, raw.line((*loc, "quote")), *problem)
                continue
            duplicate_of = dossier.seeds[cite.seed].paragraphs[cite.paragraph - 1].duplicate_of
            if duplicate_of:
                yield warning(
                    raw.path,
                    raw.line((*loc, "paragraph")),
                    f"paragraph {cite.paragraph} is a pull quote of paragraph {duplicate_of}",
                    f"cite paragraph {duplicate_of}, where the text first appears",
                )


def index_claims(dossier: Dossier, problems: list[Problem]) -> dict[str, ClaimRef]:
    """Every claim by id; a second claim with the same id is an error."""
    claims: dict[str, ClaimRef] = {}
    for entity_id, entity in dossier.entities.items():
        raw = dossier.files[entity_id]
        for i, claim in enumerate(entity.claims):
            if claim.id in claims:
                first = dossier.files[claims[claim.id].owner].path
                problems.append(
                    error(
                        raw.path,
                        raw.line(("claims", i, "id")),
                        f"claim id '{claim.id}' is already used in {first}",
                        "give each claim its own id",
                    )
                )
            else:
                claims[claim.id] = ClaimRef(claim, entity_id)
    return claims


def check_judgments(dossier: Dossier, claims: dict[str, ClaimRef]) -> Iterator[Problem]:
    """Key judgments must cite existing claims."""
    raw = dossier.files["dossier"]
    for i, judgment in enumerate(dossier.info.key_judgments):
        for j, claim_id in enumerate(judgment.claims):
            if claim_id not in claims:
                hint = suggest(claim_id, claims) or "use the id of a claim in an entity file"
                line = raw.line(("key_judgments", i, "claims", j))
                yield error(raw.path, line, f"unknown claim id '{claim_id}'", hint)


def collect_terms(dossier: Dossier, problems: list[Problem]) -> dict[str, str]:
    """Every name and alias, to the entity it names; a term two entities share is a warning."""
    terms: dict[str, str] = {}
    for entity_id, entity in dossier.entities.items():
        raw = dossier.files[entity_id]
        for term in (entity.name, *entity.aliases):
            owner = terms.setdefault(term, entity_id)
            if owner != entity_id:
                problems.append(
                    warning(
                        raw.path,
                        raw.line(("aliases",)),
                        f"'{term}' is also a name or alias of '{owner}'",
                        "remove the alias from one of the two, so mentions link to one page",
                    )
                )
    return terms


def find_mentions(dossier: Dossier, problems: list[Problem]) -> list[Mention]:
    """Every mention of every entity in every seed paragraph."""
    matcher = build_matcher(collect_terms(dossier, problems))
    mentions: list[Mention] = []
    for seed in dossier.seeds.values():
        for p in seed.paragraphs:
            hits = list(matcher.find(p.text))
            excerpts = sentences_around(p.text, [(hit.start, hit.end) for hit in hits])
            mentions.extend(
                Mention(hit.entity_id, seed.id, p.number, hit.start, hit.end, excerpt)
                for hit, excerpt in zip(hits, excerpts, strict=True)
            )
    return mentions


def check_unused(
    dossier: Dossier, claims: dict[str, ClaimRef], mentions: list[Mention]
) -> Iterator[Problem]:
    """Warn about entities that no seed mentions and nothing cites."""
    used = {m.entity_id for m in mentions}
    used.update(a for ref in claims.values() for a in (ref.owner, *ref.claim.about))
    used.update(e.id for e in dossier.entities.values() if next(citations(e), None))
    used.update(r.target for e in dossier.entities.values() for r in e.relations)
    for entity_id in dossier.entities.keys() - used:
        raw = dossier.files[entity_id]
        yield warning(
            raw.path,
            raw.line(("name",)),
            f"no seed mentions '{entity_id}' and nothing cites it",
            "add the spelling used in the seed to 'aliases', or cite it in a claim",
        )


def group(pairs: Iterable[tuple[K, V]]) -> dict[K, tuple[V, ...]]:
    """Group (key, value) pairs into {key: tuple of values}, keys sorted."""
    grouped: defaultdict[K, list[V]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return {key: tuple(values) for key, values in sorted(grouped.items())}


def events_by_entity(dossier: Dossier, edges: list[Edge]) -> dict[str, tuple[str, ...]]:
    """Events each entity takes part in, is related to, or is the subject of, by date."""
    pairs: set[tuple[str, str]] = set()
    for event in dossier.entities.values():
        if isinstance(event, Event):
            pairs.update((p.entity, event.id) for p in event.participants)
            pairs.update((about, event.id) for c in event.claims for about in c.about)
    for edge in edges:
        for one, other in ((edge.source, edge.target), (edge.target, edge.source)):
            if isinstance(dossier.entities[other], Event):
                pairs.add((one, other))
    dates = {e.id: e.date.sort_key for e in dossier.entities.values() if isinstance(e, Event)}
    by_date = sorted(pairs, key=lambda pair: (dates[pair[1]], pair[1]))
    return group(iter(by_date))


def resolve(dossier: Dossier) -> Linked:
    """Check every cross-reference and build the indexes pages are rendered from."""
    problems: list[Problem] = [*check_references(dossier), *check_citations(dossier)]
    claims = index_claims(dossier, problems)
    problems.extend(check_judgments(dossier, claims))
    mentions = find_mentions(dossier, problems)
    problems.extend(check_unused(dossier, claims, mentions))
    raise_errors(problems)
    edges = [Edge(e.id, r) for e in dossier.entities.values() for r in e.relations]
    # Each claim is listed once under an entity and a paragraph. Claims have distinct ids,
    # so removing repeats among one claim's keys is enough, and claims need no hashing.
    refs = claims.values()
    about = ((a, ref) for ref in refs for a in dict.fromkeys((ref.owner, *ref.claim.about)))
    cited = (
        (paragraph, ref)
        for ref in refs
        for paragraph in dict.fromkeys((c.seed, c.paragraph) for c in ref.claim.citations)
    )
    log.info("linked %d claims, %d relations, %d mentions", len(claims), len(edges), len(mentions))
    return Linked(
        dossier=dossier,
        claims=claims,
        claims_about=group(about),
        edges=tuple(edges),
        edges_of=group(chain(((e.source, e) for e in edges), ((e.target, e) for e in edges))),
        mentions_of=group((m.entity_id, m) for m in mentions),
        mentions_in=group(((m.seed_id, m.paragraph), m) for m in mentions),
        citing=group(cited),
        events_of=events_by_entity(dossier, edges),
        warnings=tuple(sorted(problems)),
    )

"""The dossier's diagrams: entity networks and the timeline, as SVG files and inline figures.

Each diagram is drawn twice from the same nodes: once as a file under
`docs/assets/dossier/` (for the PDF, and to open on its own) and once inline in its
page, where a reader can click its boxes. Links inside an SVG are relative to the
document that holds it, so each copy gets links for its own place; they point at the
built `.html` pages because MkDocs does not rewrite links inside raw HTML.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from markupsafe import Markup

from .diagrams.network import Edge, Node, render_network
from .diagrams.timeline import Span, render_timeline
from .link import references
from .load import Loc
from .model import Entity, Event, Linked
from .vocabulary import KINDS, RELATIONS

log = logging.getLogger(__name__)

ASSETS = "assets/dossier"
NETWORK_FILE = f"{ASSETS}/network.svg"
TIMELINE_FILE = f"{ASSETS}/timeline.svg"
# How a link that is not a typed relation reads, by the YAML field it comes from.
FIELD_LABELS = {
    "nationality": RELATIONS["citizen_of"][0],
    "country": "belongs to",
    "parent": RELATIONS["part_of"][0],
    "location": "took place in",
}
_SVG_WIDTH = re.compile(r'<svg [^>]*?\bwidth="([0-9.]+)"')
ITEM_LABELS: dict[str, Callable[[Any], str]] = {
    "relations": lambda relation: RELATIONS[relation.type][0],
    "positions": lambda position: position.title,
    "participants": lambda participant: participant.role,
}


def neighbourhood_file(entity_id: str) -> str:
    """Path inside `docs/` of the SVG file of an entity's neighbourhood."""
    return f"{ASSETS}/network/{entity_id}.svg"


def page_url(entity: Entity, base: str) -> str:
    """Relative URL from the file `base` (inside `docs/`) to the built page of `entity`."""
    target = f"{KINDS[entity.KIND][0]}/{entity.id}.html"
    return posixpath.relpath(target, posixpath.dirname(base) or ".")


def link_label(entity: Entity, loc: Loc) -> str | None:
    """How the link named at `loc` in `entity`'s file reads; None for claims (not links)."""
    field = str(loc[0])
    if field in ITEM_LABELS:
        return ITEM_LABELS[field](getattr(entity, field)[int(loc[1])])
    return FIELD_LABELS.get(field)


def network_edges(linked: Linked) -> list[Edge]:
    """Every link between two entities: relations, offices, nationality, membership, roles."""
    edges = []
    for entity in linked.dossier.entities.values():
        for loc, target, _ in references(entity):
            label = link_label(entity, loc)
            if label is not None and target != entity.id:
                edges.append(Edge(entity.id, target, label))
    return sorted(set(edges), key=lambda e: (e.source, e.target, e.label))


def make_nodes(linked: Linked, ids: Iterable[str], base: str) -> list[Node]:
    """Diagram nodes for the entities `ids`, linking to their pages from `base`."""
    entities = linked.dossier.entities
    return [
        Node(i, entities[i].name, entities[i].KIND, page_url(entities[i], base))
        for i in sorted(ids)
    ]


def describe_edges(linked: Linked, edges: Iterable[Edge]) -> str:
    """The links of a diagram as sentences, its text alternative."""
    entities = linked.dossier.entities
    return " ".join(
        f"{entities[e.source].name} {e.label} {entities[e.target].name}." for e in edges
    )


def draw_network(linked: Linked, base: str) -> str:
    """The SVG of the whole dossier's network, with links relative to `base`."""
    edges = network_edges(linked)
    ids = {end for e in edges for end in (e.source, e.target)}
    return render_network(
        make_nodes(linked, ids, base),
        edges,
        title=f"Network of {linked.dossier.info.title}",
        description=f"{len(ids)} entities and the {len(edges)} links between them. "
        "Each box links to the entity's page, which lists its relations with their sources.",
    )


def neighbourhood(linked: Linked, entity_id: str) -> list[Edge]:
    """The links that start or end at `entity_id`."""
    return _edges_by_entity(linked).get(entity_id, [])


_INDEX: list[tuple[Linked, dict[str, list[Edge]]]] = []


def _edges_by_entity(linked: Linked) -> dict[str, list[Edge]]:
    """Every entity's links, found once per linked dossier: each entity page asks for its own."""
    if not _INDEX or _INDEX[0][0] is not linked:
        index: dict[str, list[Edge]] = {}
        for edge in network_edges(linked):
            for end in dict.fromkeys((edge.source, edge.target)):
                index.setdefault(end, []).append(edge)
        _INDEX[:] = [(linked, index)]
    return _INDEX[0][1]


def draw_neighbourhood(linked: Linked, entity_id: str, base: str, edges: list[Edge]) -> str:
    """The SVG of an entity and the entities one link away, with links relative to `base`."""
    ids = {entity_id} | {end for e in edges for end in (e.source, e.target)}
    name = linked.dossier.entities[entity_id].name
    return render_network(
        make_nodes(linked, ids, base),
        edges,
        title=f"{name} and directly linked entities",
        description=describe_edges(linked, edges),
        focus=entity_id,
    )


def make_spans(linked: Linked, base: str) -> list[Span]:
    """Timeline spans for every event, linking to their pages from `base`."""
    spans = []
    for event in linked.dossier.entities.values():
        if isinstance(event, Event):
            ends = [d for d in (event.date.start, event.date.end) if d]
            precision = max((d.precision for d in ends), key=("day", "month", "year").index)
            first, last = event.date.first, event.date.last
            inferred = event.inferred is not None
            url = page_url(event, base)
            spans.append(Span(event.id, event.name, first, last, precision, inferred, url))
    return spans


def draw_timeline(linked: Linked, base: str) -> str:
    """The SVG timeline of every event, with links relative to `base`."""
    spans = make_spans(linked, base)
    return render_timeline(
        spans,
        title=f"Timeline of {linked.dossier.info.title}",
        description=f"{len(spans)} events on a time axis; ranges are bars, and a hollow mark "
        "means the date is partly inferred. The table below lists the same events.",
    )


def figure(svg: str, caption: str, page_path: str, file: str, *, wide: bool = False) -> Markup:
    """An inline SVG figure for a Markdown page, left out of the search index.

    A `wide` figure keeps at least three quarters of its drawn size and scrolls
    sideways in a narrow column, so that its labels stay readable.
    """
    href = posixpath.relpath(file, posixpath.dirname(page_path) or ".")
    # Inline, the boxes are links a reader can reach, which role="img" would hide.
    svg = svg.rstrip().replace(' role="img"', ' role="group"', 1)
    attrs = 'class="dossier-figure"'
    if wide and (width := _SVG_WIDTH.search(svg)):
        attrs = f'class="dossier-figure dossier-wide" style="--dossier-width: {width[1]}px"'
    return Markup(
        f"<figure {attrs} data-search-exclude>\n{svg}\n"
        f"<figcaption>{html.escape(caption)} "
        f'<a href="{html.escape(href)}">Open the diagram on its own</a>.</figcaption>\n'
        "</figure>"
    )


def network_figure(linked: Linked, page_path: str) -> Markup:
    """The whole network, inline on the page at `page_path`."""
    caption = "Entities of the dossier and the links between them; click a box to open its page."
    return figure(draw_network(linked, page_path), caption, page_path, NETWORK_FILE, wide=True)


def neighbourhood_figure(linked: Linked, entity_id: str, page_path: str) -> Markup | None:
    """An entity's one-link neighbourhood, inline on its page; None when it has no links."""
    edges = neighbourhood(linked, entity_id)
    if not edges:
        return None
    svg = draw_neighbourhood(linked, entity_id, page_path, edges)
    caption = "Entities directly linked to this one; click a box to open its page."
    return figure(svg, caption, page_path, neighbourhood_file(entity_id))


def timeline_figure(linked: Linked, page_path: str) -> Markup:
    """The timeline, inline on the page at `page_path`."""
    caption = "Events on a time axis; click one to open its page."
    return figure(draw_timeline(linked, page_path), caption, page_path, TIMELINE_FILE)


def render_svg_files(linked: Linked) -> Iterator[tuple[str, str]]:
    """Every diagram as a standalone SVG file: (path inside `docs/`, SVG text)."""
    yield NETWORK_FILE, draw_network(linked, NETWORK_FILE)
    yield TIMELINE_FILE, draw_timeline(linked, TIMELINE_FILE)
    for entity_id in linked.dossier.entities:
        if edges := neighbourhood(linked, entity_id):
            path = neighbourhood_file(entity_id)
            yield path, draw_neighbourhood(linked, entity_id, path, edges)

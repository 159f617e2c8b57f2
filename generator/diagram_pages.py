"""The dossier's diagrams: entity networks and the timeline, as SVG files and inline figures.

Each network is laid out once and drawn twice: as a file under `docs/assets/dossier/`
(for the PDF, and to open on its own) and inline in its page, where a reader can click
its boxes. Links inside an SVG are relative to the document that holds it, so each copy
gets links for its own place; they point at the built `.html` pages because MkDocs does
not rewrite links inside raw HTML. The whole dossier's network draws at most
`MAX_NETWORK_NODES` entities, the most linked ones: a bigger drawing is unreadable, and
every entity's page draws its own links.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from markupsafe import Markup

from .diagrams.network import Edge, NetworkLayout, Node, draw_network, layout_network
from .diagrams.timeline import Span, render_timeline
from .link import references
from .load import Loc
from .model import Dossier, Entity, Event
from .paths import relative_path
from .vocabulary import KINDS, RELATIONS

log = logging.getLogger(__name__)

ASSETS = "assets/dossier"
MAX_NETWORK_NODES = 60
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
# A figure drawn ahead, and the files drawn with it.
Drawn = tuple[Markup | None, dict[str, str]]
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
    return page_urls([entity], base)[entity.id]


def page_urls(entities: Iterable[Entity], base: str) -> dict[str, str]:
    """Relative URLs from the file `base` to the built pages of `entities`, by id."""
    folder = posixpath.dirname(base) or "."
    return {e.id: relative_path(f"{KINDS[e.KIND][0]}/{e.id}.html", folder) for e in entities}


def link_label(entity: Entity, loc: Loc) -> str | None:
    """How the link named at `loc` in `entity`'s file reads; None for claims (not links)."""
    field = str(loc[0])
    if field in ITEM_LABELS:
        return ITEM_LABELS[field](getattr(entity, field)[int(loc[1])])
    return FIELD_LABELS.get(field)


def network_edges(dossier: Dossier) -> list[Edge]:
    """Every link between two entities: relations, offices, nationality, membership, roles."""
    edges = []
    for entity in dossier.entities.values():
        for loc, target, _ in references(entity):
            label = link_label(entity, loc)
            if label is not None and target != entity.id:
                edges.append(Edge(entity.id, target, label))
    return sorted(set(edges), key=lambda e: (e.source, e.target, e.label))


def most_linked(edges: list[Edge], limit: int) -> tuple[set[str], list[Edge]]:
    """The `limit` entities with the most linked neighbours and the edges between them."""
    neighbours: dict[str, set[str]] = {}
    for edge in edges:
        neighbours.setdefault(edge.source, set()).add(edge.target)
        neighbours.setdefault(edge.target, set()).add(edge.source)
    ranked = sorted(neighbours, key=lambda i: (-len(neighbours[i]), i))
    kept = set(ranked[:limit])
    return kept, [e for e in edges if e.source in kept and e.target in kept]


def make_nodes(dossier: Dossier, ids: Iterable[str]) -> list[Node]:
    """Diagram nodes for the entities `ids`, linking to their pages from the top of `docs/`."""
    shown = [dossier.entities[i] for i in sorted(ids)]
    urls = page_urls(shown, "")
    return [Node(e.id, e.name, e.KIND, urls[e.id]) for e in shown]


def describe_edges(dossier: Dossier, edges: Iterable[Edge]) -> str:
    """The links of a diagram as sentences, its text alternative."""
    entities = dossier.entities
    return " ".join(
        f"{entities[e.source].name} {e.label} {entities[e.target].name}." for e in edges
    )


def make_spans(dossier: Dossier, base: str) -> list[Span]:
    """Timeline spans for every event, linking to their pages from `base`."""
    spans = []
    for event in dossier.entities.values():
        if isinstance(event, Event):
            ends = [d for d in (event.date.start, event.date.end) if d]
            precision = max((d.precision for d in ends), key=("day", "month", "year").index)
            first, last = event.date.first, event.date.last
            inferred = event.inferred is not None
            url = page_url(event, base)
            spans.append(Span(event.id, event.name, first, last, precision, inferred, url))
    return spans


def draw_timeline(dossier: Dossier, base: str) -> str:
    """The SVG timeline of every event, with links relative to `base`."""
    spans = make_spans(dossier, base)
    return render_timeline(
        spans,
        title=f"Timeline of {dossier.info.title}",
        description=f"{len(spans)} events on a time axis; ranges are bars, and a hollow mark "
        "means the date is partly inferred. The table below lists the same events.",
    )


def figure(svg: str, caption: str, page_path: str, file: str, *, wide: bool = False) -> Markup:
    """An inline SVG figure for a Markdown page, left out of the search index.

    A `wide` figure keeps at least three quarters of its drawn size and scrolls
    sideways in a narrow column, so that its labels stay readable.
    """
    href = relative_path(file, posixpath.dirname(page_path) or ".")
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


@dataclass
class Diagrams:
    """The diagrams of one dossier. Drawing a figure also draws its file into `files`.

    `ready` holds the neighbourhood figures drawn ahead by `draw_neighbourhood` (in
    other processes, while the dossier is linked), by entity and page, and
    `ready_files` their files, which the renderer adds to the pages itself.
    """

    dossier: Dossier
    files: dict[str, str] = field(default_factory=dict)
    ready: dict[tuple[str, str], Markup | None] = field(default_factory=dict)
    ready_files: dict[str, str] = field(default_factory=dict)

    @cached_property
    def edges(self) -> list[Edge]:
        """Every link of the dossier."""
        return network_edges(self.dossier)

    @cached_property
    def edges_by_entity(self) -> dict[str, list[Edge]]:
        """The links of each entity, found once: each entity page asks for its own."""
        index: dict[str, list[Edge]] = {}
        for edge in self.edges:
            for end in dict.fromkeys((edge.source, edge.target)):
                index.setdefault(end, []).append(edge)
        return index

    def take_files(self) -> dict[str, str]:
        """The files drawn since the last call, which `files` no longer holds."""
        taken, self.files = self.files, {}
        return taken

    def neighbourhood(self, entity_id: str) -> list[Edge]:
        """The links that start or end at `entity_id`."""
        return self.edges_by_entity.get(entity_id, [])

    def network_figure(self, page_path: str) -> Markup:
        """The whole network (its most linked entities at most), inline at `page_path`."""
        ids, edges = most_linked(self.edges, MAX_NETWORK_NODES)
        total = len(self.edges_by_entity)
        shown = (
            f"{len(ids)} entities"
            if len(ids) == total
            else (f"The {len(ids)} most linked of {total} entities")
        )
        layout = layout_network(make_nodes(self.dossier, ids), edges)
        caption = f"{shown} and the links between them; click a box to open its page."
        if len(ids) < total:
            caption += " Every entity page draws its own links; the table below lists them all."
        title = f"Network of {self.dossier.info.title}"
        description = (
            f"{shown} and the {len(edges)} links between them. "
            "Each box links to the entity's page, which lists its relations with their sources."
        )
        return self._draw(layout, title, description, caption, page_path, NETWORK_FILE, wide=True)

    def draw_neighbourhood(self, entity_id: str, page_path: str) -> Drawn:
        """`neighbourhood_figure` and the file drawn with it, for `ready`."""
        return self.neighbourhood_figure(entity_id, page_path), self.take_files()

    def neighbourhood_figure(self, entity_id: str, page_path: str) -> Markup | None:
        """An entity's one-link neighbourhood, inline on its page; None when it has no links."""
        if (entity_id, page_path) in self.ready:
            return self.ready[entity_id, page_path]
        if not (edges := self.neighbourhood(entity_id)):
            return None
        ids = {entity_id} | {end for e in edges for end in (e.source, e.target)}
        layout = layout_network(make_nodes(self.dossier, ids), edges, focus=entity_id)
        name = self.dossier.entities[entity_id].name
        title = f"{name} and directly linked entities"
        caption = "Entities directly linked to this one; click a box to open its page."
        description = describe_edges(self.dossier, edges)
        file = neighbourhood_file(entity_id)
        return self._draw(layout, title, description, caption, page_path, file)

    def timeline_figure(self, page_path: str) -> Markup:
        """The timeline, inline at `page_path`."""
        self.files[TIMELINE_FILE] = draw_timeline(self.dossier, TIMELINE_FILE)
        caption = "Events on a time axis; click one to open its page."
        svg = draw_timeline(self.dossier, page_path)
        return figure(svg, caption, page_path, TIMELINE_FILE)

    def _draw(
        self,
        layout: NetworkLayout,
        title: str,
        description: str,
        caption: str,
        page_path: str,
        file: str,
        *,
        wide: bool = False,
    ) -> Markup:
        """Draw a layout as the SVG `file` and as a figure at `page_path`, each with its links."""
        entities = self.dossier.entities
        shown = [entities[n.node.id] for n in layout.nodes]
        places = [page_urls(shown, base) for base in (file, page_path)]
        self.files[file], inline = draw_network(
            layout, title=title, description=description, places=places
        )
        return figure(inline, caption, page_path, file, wide=wide)

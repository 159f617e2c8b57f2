"""Render the linked dossier to Markdown pages with Jinja2 templates.

Every value a template prints is escaped for Markdown by the environment's
`finalize`, so contributor text never becomes markup; helpers that build
links return `Markup`, which passes through unchanged.
"""

from __future__ import annotations

import json
import logging
import posixpath
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from pathlib import Path
from types import MethodType
from typing import Any, TypeVar

import jinja2
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Output
from markupsafe import Markup

from . import diagram_pages
from .coverage import measure
from .link import references
from .model import Citation, ClaimRef, Dossier, Entity, Linked, Mention, Organization, Seed
from .parallel import run_in_order, started
from .paths import relative_path
from .text import escape_fragment, escape_html, escape_markdown, fold, one_line
from .vocabulary import CONFIDENCES, KINDS, RELATIONS, STATUSES

log = logging.getLogger(__name__)
T = TypeVar("T")

BUILTIN_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATUS_ORDER = tuple(STATUSES)
_URL_UNSAFE = set(" ()<>\"'\\`[]{}|^")
# Printed values up to this length are escaped once and remembered: names, labels and
# dates recur on many pages, while longer ones (statements, excerpts) are printed once each.
SHORT_VALUE = 80


def finalize(value: Any) -> str:
    """Escape every printed value for Markdown unless it is already `Markup`."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    text = str(value)
    return _escape_short(text) if len(text) <= SHORT_VALUE else escape_fragment(one_line(text))


@lru_cache(maxsize=1 << 16)
def _escape_short(text: str) -> str:
    """A short printed value on one line, inert in Markdown."""
    return escape_fragment(one_line(text))


@lru_cache(maxsize=1 << 17)
def markdown_link(label: str, target: str, folder: str, anchor: str = "") -> Markup:
    """`[label](target#anchor)` from a page in `folder`; pages link to the same places often."""
    href = relative_path(target, folder) + (f"#{anchor}" if anchor else "")
    return Markup(f"[{escape_markdown(label)}]({href})")


class _Context(jinja2.runtime.Context):
    """Calls the `Page` helpers directly.

    They take no Jinja context, so Jinja's checks for one (several attribute lookups
    a call, which a big dossier's pages make hundreds of thousands of) are skipped.
    """

    def call(self, function: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call `function`; a bound method of a `Page` without Jinja's context lookup."""
        if type(function) is MethodType and type(function.__self__) is Page:
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
            return function(*args, **kwargs)
        return super().call(function, *args, **kwargs)


class _JoinedOutput(CodeGenerator):
    """Yields each run of template text and printed values as one string.

    Jinja yields every piece of a run on its own, and each piece passes up
    through the generator of every template the page extends (three for an
    entity page): joined, a claim's line is three yields rather than fourteen.
    """

    def visit_Output(self, node: Output, frame: Frame) -> None:
        """Collect the run's pieces in a list, as Jinja does inside a block it captures."""
        if frame.buffer is not None or frame.require_output_check or len(node.nodes) < 2:
            super().visit_Output(node, frame)
            return
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = []")
        try:
            super().visit_Output(node, frame)
            self.writeline(f"yield environment.concat({frame.buffer})")
        finally:
            frame.buffer = None


def make_environment(root: Path) -> jinja2.Environment:
    """One strict environment: the dossier's `templates/` first, then the built-in ones."""
    folders = list(dict.fromkeys(p for p in (root / "templates", BUILTIN_TEMPLATES) if p.is_dir()))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one build reads each template once, not once a page
    )
    env.context_class = _Context
    env.code_generator_class = _JoinedOutput
    env.globals.update(STATUSES=STATUSES, CONFIDENCES=CONFIDENCES, KINDS=KINDS)
    return env


def entity_path(entity: Entity) -> str:
    """Path of an entity's page inside `docs/`."""
    return f"{KINDS[entity.KIND][0]}/{entity.id}.md"


def source_path(seed_id: str) -> str:
    """Path of a seed's source page inside `docs/`."""
    return f"sources/{seed_id}.md"


@dataclass
class Page:
    """Helpers for one page: relative links and the page's numbered citations."""

    path: str
    linked: Linked
    notes: dict[Citation, int] = field(default_factory=dict)

    @cached_property
    def folder(self) -> str:
        """The folder of this page inside `docs/`, "." at the top."""
        return posixpath.dirname(self.path) or "."

    def href(self, target: str) -> Markup:
        """Relative link from this page to another page of `docs/` (paths are slugs)."""
        return Markup(relative_path(target, self.folder))

    def front_matter(self, title: str, source: str, tags: Iterable[str]) -> Markup:
        """YAML front matter lines; values are JSON strings, which YAML reads as-is.

        Material prints the title and the tags as HTML, so they are escaped for HTML.
        """
        lines = [f"title: {json.dumps(escape_html(title), ensure_ascii=False)}"]
        lines.append(f"dossier_source: {json.dumps(source)}")
        if tags := list(dict.fromkeys(escape_html(tag) for tag in tags)):
            lines.append(f"tags: {json.dumps(tags, ensure_ascii=False)}")
        return Markup("\n".join(lines))

    def url(self, url: str) -> Markup:
        """A Markdown link to an external address, showing the address."""
        target = "".join(f"%{ord(c):02X}" if c in _URL_UNSAFE else c for c in url)
        return Markup(f"[{escape_markdown(url)}]({target})")

    def link(self, entity_id: str, text: str | None = None) -> Markup:
        """A Markdown link to an entity's page."""
        entity = self.linked.dossier.entities[entity_id]
        return markdown_link(text or entity.name, entity_path(entity), self.folder)

    def ref(self, value: str) -> Markup:
        """An entity link when `value` is an id, else the escaped free text."""
        if value in self.linked.dossier.entities:
            return self.link(value)
        return Markup(escape_markdown(value))

    def paragraph_href(self, seed_id: str, number: int) -> Markup:
        """Link to a numbered paragraph of a source page."""
        return self.href(source_path(seed_id)) + f"#p{number}"

    def paragraph_link(self, seed_id: str, number: int) -> Markup:
        """A Markdown link to a numbered paragraph, named by its source: `[Title, ¶3](…)`."""
        where = f"{self.linked.dossier.seeds[seed_id].info.title}, ¶{number}"
        return markdown_link(where, source_path(seed_id), self.folder, f"p{number}")

    def cite(self, citations: Iterable[Citation]) -> Markup:
        """Footnote references for `citations`, numbered in order of first use."""
        refs = [f"[^{self.notes.setdefault(c, len(self.notes) + 1)}]" for c in citations]
        return Markup("".join(refs))

    def footnotes(self) -> Markup:
        """The footnote definitions for every citation used on the page."""
        lines = []
        for cite, number in self.notes.items():
            link = self.paragraph_link(cite.seed, cite.paragraph)
            lines.append(f"[^{number}]: {link}: “{escape_markdown(cite.quote)}”")
        return Markup("\n".join(lines))

    def claim_href(self, claim_id: str) -> Markup:
        """Link to a claim on the page of the entity whose file holds it."""
        owner = self.linked.dossier.entities[self.linked.claims[claim_id].owner]
        return self.href(entity_path(owner)) + f"#claim-{claim_id}"

    def relation_label(self, edge_type: str, outgoing: bool) -> str:
        """How a relation reads from this side."""
        return RELATIONS[edge_type][0 if outgoing else 1]


def by_status(refs: Iterable[ClaimRef]) -> list[tuple[str, list[ClaimRef]]]:
    """Claims grouped by status, in a fixed order of statuses."""
    groups: dict[str, list[ClaimRef]] = {s: [] for s in STATUS_ORDER}
    for ref in refs:
        groups[ref.claim.status].append(ref)
    return [(s, refs) for s, refs in groups.items() if refs]


def linked_text(page: Page, text: str, mentions: Iterable[Mention]) -> Markup:
    """Escaped paragraph text with each mention turned into a link to its entity."""
    parts, cursor = [], 0
    for mention in mentions:
        parts.append(escape_fragment(text[cursor : mention.start]))
        parts.append(page.link(mention.entity_id, text[mention.start : mention.end]))
        cursor = mention.end
    parts.append(escape_fragment(text[cursor:]))
    return Markup("".join(parts))


def unaccented(entity: Entity) -> list[str]:
    """The entity's name and aliases without accents, where that differs.

    Search matches the letters as typed, and readers often type "Lizarraga" for
    "Lizárraga"; entity pages carry these spellings where only search reads them.
    """
    return list(dict.fromkeys(f for n in (entity.name, *entity.aliases) if (f := fold(n)) != n))


def tags_for(linked: Linked, entity: Entity) -> list[str]:
    """Tags of an entity page: its kind, organization kind, countries and own tags.

    A country's page carries its own name too, so the tag (and a search for it)
    leads to the country first.
    """
    tags = [entity.KIND, *entity.tags]
    if isinstance(entity, Organization):
        tags.append(entity.kind)
    refs = [entity.id, *(r for _, r, _ in references(entity))]
    tags += [
        linked.dossier.entities[r].name
        for r in refs
        if r in linked.dossier.entities and linked.dossier.entities[r].KIND == "country"
    ]
    return tags


def render_page(
    env: jinja2.Environment,
    template: str,
    page: Page,
    title: str,
    source_file: str | None = None,
    tags: Iterable[str] = (),
    **context: Any,
) -> str:
    """Render one template for one page."""
    return env.get_template(template).render(
        page=page,
        linked=page.linked,
        info=page.linked.dossier.info,
        title=title,
        tags=tags,
        source_file=source_file or page.linked.dossier.files["dossier"].path,
        **context,
    )


def render_entity(
    linked: Linked, env: jinja2.Environment, diagrams: diagram_pages.Diagrams, entity: Entity
) -> str:
    """The page of one person, country, organization or event."""
    page = Page(entity_path(entity), linked)
    return render_page(
        env,
        f"{entity.KIND}.md.j2",
        page,
        title=entity.name,
        tags=tags_for(linked, entity),
        entity=entity,
        unaccented=unaccented(entity),
        claims=by_status(linked.claims_about.get(entity.id, ())),
        edges=linked.edges_of.get(entity.id, ()),
        events=[linked.dossier.entities[e] for e in linked.events_of.get(entity.id, ())],
        mentions=linked.mentions_of.get(entity.id, ()),
        connections=diagrams.neighbourhood_figure(entity.id, page.path),
        source_file=linked.dossier.files[entity.id].path,
    )


def render_source(linked: Linked, env: jinja2.Environment, seed: Seed) -> str:
    """The page of one seed, with numbered paragraphs and its mentions linked."""
    page = Page(source_path(seed.id), linked)
    paragraphs = [
        (p, linked_text(page, p.text, linked.mentions_in.get((seed.id, p.number), ())))
        for p in seed.paragraphs
    ]
    return render_page(
        env,
        "source.md.j2",
        page,
        title=seed.info.title,
        seed=seed,
        paragraphs=paragraphs,
        source_file=seed.path.removesuffix(".txt") + ".yml",
    )


def page_makers(
    linked: Linked, env: jinja2.Environment, diagrams: diagram_pages.Diagrams, pdf: bool
) -> dict[str, Callable[[], str]]:
    """What renders each page, by its path inside `docs/`; `pdf`: the home page links the PDF."""
    entities = linked.dossier.entities.values()
    members = {kind: [e for e in entities if kind == e.KIND] for kind in KINDS}
    events = sorted(members["event"], key=lambda e: (e.date.sort_key, e.id))  # type: ignore[attr-defined]
    info = linked.dossier.info

    def page(
        path: str,
        template: str,
        title: str,
        later: Callable[[], dict[str, Any]] = dict,
        **context: Any,
    ) -> Callable[[], str]:
        """Renders a page; `later` gives the values drawn or measured only when it renders."""
        return lambda: render_page(
            env, template, Page(path, linked), title=title, **context, **later()
        )

    counts = {kind: len(m) for kind, m in members.items()}
    makers = {
        "index.md": page("index.md", "home.md.j2", info.title, counts=counts, pdf=pdf),
        "timeline.md": page(
            "timeline.md",
            "timeline.md.j2",
            "Timeline",
            events=events,
            later=lambda: {"figure": diagrams.timeline_figure("timeline.md")},
        ),
        "network.md": page(
            "network.md",
            "network.md.j2",
            "Network",
            links=diagrams.edges,
            later=lambda: {"figure": diagrams.network_figure("network.md")},
        ),
        "tags.md": page("tags.md", "tags.md.j2", "Tags"),
        "coverage.md": page(
            "coverage.md",
            "coverage.md.j2",
            "Source coverage",
            later=lambda: {"coverage": measure(linked)},
        ),
        "methodology.md": page("methodology.md", "methodology.md.j2", "How to read this dossier"),
        "sources/index.md": page("sources/index.md", "sources.md.j2", "Sources"),
    }
    for kind, (folder, title) in KINDS.items():
        path = f"{folder}/index.md"
        makers[path] = page(path, "section.md.j2", title, kind=kind, members=members[kind])
    for entity in entities:
        makers[entity_path(entity)] = partial(render_entity, linked, env, diagrams, entity)
    for seed in linked.dossier.seeds.values():
        makers[source_path(seed.id)] = partial(render_source, linked, env, seed)
    return makers


def _indexed(diagrams: diagram_pages.Diagrams) -> diagram_pages.Diagrams:
    """`diagrams` with each entity's links found, once here rather than once in each worker."""
    diagrams.edges_by_entity  # noqa: B018 -- computed and kept by the property
    return diagrams


@dataclass
class Drawing:
    """Every entity's neighbourhood, being drawn by worker processes (see `drawing`)."""

    diagrams: diagram_pages.Diagrams
    places: list[tuple[str, str]]
    results: Callable[[], list[diagram_pages.Drawn]]

    def finish(self) -> diagram_pages.Diagrams:
        """Draw the rest here, wait for the workers' drawings; the diagrams holding them all."""
        for place, (figure, files) in zip(self.places, self.results(), strict=True):
            self.diagrams.ready[place] = figure
            self.diagrams.ready_files.update(files)
        return self.diagrams


@contextmanager
def drawing(dossier: Dossier, jobs: int | None = None) -> Iterator[Drawing]:
    """Start drawing every entity's neighbourhood in worker processes while the block runs.

    The drawings depend on the validated entities alone: drawn while this process
    links the dossier, they take the cores that linking leaves idle; this process
    draws its share once it has linked (`Drawing.finish`).
    """
    diagrams = _indexed(diagram_pages.Diagrams(dossier))
    places = [
        (e.id, entity_path(e)) for e in dossier.entities.values() if diagrams.neighbourhood(e.id)
    ]
    tasks = [partial(diagrams.draw_neighbourhood, *place) for place in places]
    with started(tasks, jobs) as results:
        yield Drawing(diagrams, places, results)


def render_all(
    linked: Linked,
    env: jinja2.Environment,
    *,
    pdf: bool = True,
    jobs: int | None = None,
    diagrams: diagram_pages.Diagrams | None = None,
) -> dict[str, str]:
    """Every generated page, keyed by its path inside `docs/`, in sorted order.

    `pdf` says whether the site will hold the PDF, which the home page then links;
    `jobs` how many processes share the pages out (None: one per core); `diagrams`
    may hold neighbourhoods drawn ahead (`drawing`).
    """
    return _render(linked, env, pdf, jobs, diagrams, str)


def render_files(
    linked: Linked,
    env: jinja2.Environment,
    *,
    pdf: bool = True,
    jobs: int | None = None,
    diagrams: diagram_pages.Diagrams | None = None,
) -> dict[str, bytes]:
    """`render_all`, each page encoded as UTF-8 by the process that rendered it, to be written.

    A worker sends bytes back as they are, where text would be encoded to be sent
    and decoded on arrival, then encoded again to be written.
    """
    return _render(linked, env, pdf, jobs, diagrams, str.encode)


def _render(
    linked: Linked,
    env: jinja2.Environment,
    pdf: bool,
    jobs: int | None,
    diagrams: diagram_pages.Diagrams | None,
    finish: Callable[[str], T],
) -> dict[str, T]:
    """Every generated page, each made into what `finish` returns, in sorted order of path."""
    drawn = diagrams or _indexed(diagram_pages.Diagrams(linked.dossier))

    def task(path: str, make: Callable[[], str]) -> Callable[[], dict[str, T]]:
        """A page and the diagram files drawn for it."""
        return lambda: {
            name: finish(text) for name, text in {path: make(), **drawn.take_files()}.items()
        }

    makers = page_makers(linked, env, drawn, pdf)
    for template in {"source.md.j2", *(f"{kind}.md.j2" for kind in KINDS)}:
        env.get_template(template)  # compiled once here, not once in each worker
    made = run_in_order([task(path, make) for path, make in makers.items()], jobs)
    pages = {path: text for files in made for path, text in files.items()}
    pages.update((path, finish(text)) for path, text in drawn.ready_files.items())
    log.info("rendered %d pages", len(pages))
    return dict(sorted(pages.items()))

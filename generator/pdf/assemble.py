"""Assemble the print HTML: cover, contents, then the site's pages in reading order.

The pages are the same Markdown the site is built from, converted with the
same extensions as mkdocs.yml lists; `templates/print/` holds the document
template and its stylesheet.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import yaml_load

from ..errors import DossierError, error
from ..model import Linked
from ..render import entity_path, make_environment, source_path
from ..vocabulary import KINDS
from .markup import Converter, Fragment
from .pagerefs import page_ref

log = logging.getLogger(__name__)

TEMPLATE = "print/dossier.html.j2"
STYLESHEET = "print/print.css"
SUMMARY = "Summary"
# The PDF's order of entity sections (the site's navigation lists countries first).
PRINT_KINDS = ("person", "organization", "country", "event")


@dataclass(frozen=True)
class Part:
    """A top-level section of the PDF: its own page's content, then its entries."""

    intro: Fragment
    title: str
    entries: tuple[Fragment, ...]


@dataclass(frozen=True)
class PrintDocument:
    """The print HTML, and the ids of the footnotes it holds, in order."""

    html: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class MarkdownSettings:
    """The Markdown extensions and settings of a site, and its language."""

    extensions: list[Any]
    configs: dict[str, dict[str, Any]]
    language: str


class _MarkdownOptions(base.Config):
    """The options of mkdocs.yml that decide how Markdown becomes HTML, validated as MkDocs does."""

    markdown_extensions = c.MarkdownExtensions(
        builtins=["toc", "tables", "fenced_code"], configkey="mdx_configs"
    )
    mdx_configs = c.Private[dict[str, dict[str, Any]]]()


def read_settings(config_file: Path) -> MarkdownSettings:
    """The Markdown extensions mkdocs.yml enables (with MkDocs' own), and the theme's language."""
    options = _MarkdownOptions(config_file_path=str(config_file))
    try:
        with config_file.open("rb") as handle:
            options.load_dict(yaml_load(handle))
    except (OSError, ConfigurationError) as exc:
        raise DossierError([error(config_file.name, 1, str(exc), "fix mkdocs.yml")]) from None
    failed, _ = options.validate()
    if failed:
        name, problem = failed[0]
        raise DossierError([error(config_file.name, 1, f"{name}: {problem}", "fix mkdocs.yml")])
    theme = options.get("theme")
    language = theme.get("language", "en") if isinstance(theme, dict) else "en"
    return MarkdownSettings(
        list(options["markdown_extensions"]), dict(options["mdx_configs"]), str(language)
    )


def reading_order(linked: Linked) -> list[tuple[str, list[str]]]:
    """(page of the part, pages of its entries) for each part of the PDF, in reading order."""
    entities = linked.dossier.entities.values()
    return [
        ("index.md", []),
        *(
            (f"{KINDS[kind][0]}/index.md", [entity_path(e) for e in entities if kind == e.KIND])
            for kind in PRINT_KINDS
        ),
        ("timeline.md", []),
        ("network.md", []),
        ("sources/index.md", [source_path(seed) for seed in linked.dossier.seeds]),
        ("methodology.md", []),
    ]


def convert_parts(
    linked: Linked, pages: dict[str, str], settings: MarkdownSettings, docs: Path
) -> list[Part]:
    """Convert every page the PDF holds, part by part."""
    order = [(p, [e for e in es if e in pages]) for p, es in reading_order(linked) if p in pages]
    targets = {p for part, entries in order for p in (part, *entries)}
    titles = {source_path(seed.id): seed.info.title for seed in linked.dossier.seeds.values()}
    converter = Converter(settings.extensions, settings.configs, targets, pages, docs, titles)
    parts = []
    for path, entries in order:
        intro = converter.convert(path, pages[path], level=1, drop_lead=path == "index.md")
        title = SUMMARY if path == "index.md" else intro.title
        fragments = tuple(converter.convert(p, pages[p], level=2) for p in entries)
        parts.append(Part(intro, title, fragments))
    return parts


def metadata_date(linked: Linked, source_date_epoch: str | None) -> str:
    """The PDF's creation date: SOURCE_DATE_EPOCH when set, else the dossier's as-of date."""
    if source_date_epoch is None:
        day = linked.dossier.info.as_of.last
        stamp = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    else:
        try:
            stamp = dt.datetime.fromtimestamp(int(source_date_epoch), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise DossierError(
                [
                    error(
                        "SOURCE_DATE_EPOCH",
                        1,
                        f"expected a number of seconds since 1970, got {source_date_epoch!r}",
                        "set it to e.g. $(git log -1 --format=%ct), or unset it",
                    )
                ]
            ) from None
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def assemble_html(
    linked: Linked,
    pages: dict[str, str],
    root: Path,
    created: str,
    settings: MarkdownSettings,
) -> PrintDocument:
    """The whole dossier as one print HTML document."""
    parts = convert_parts(linked, pages, settings, root / "docs")
    env = make_environment(root).overlay(autoescape=True, finalize=None)
    assert env.loader is not None
    css, _, _ = env.loader.get_source(env, STYLESHEET)
    html = env.get_template(TEMPLATE).render(
        info=linked.dossier.info,
        parts=parts,
        created=created,
        language=settings.language,
        css=Markup(css),
        page_ref=page_ref,
    )
    notes = tuple(n for part in parts for f in (part.intro, *part.entries) for n in f.notes)
    log.info("pdf: assembled %d sections, %d footnotes", len(parts), len(notes))
    return PrintDocument(html, notes)

"""The `dossier` command: check, build and serve a briefing dossier."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import pipeline, stamp
from .coverage import format_text, measure
from .errors import DossierError, Problem
from .garbage import fewer_collections
from .model import Linked
from .pdf import export, pdf_name, site_exporter
from .publish import STAGING, publish
from .report import FORMATS
from .report import render as render_problems
from .scaffold import FOLDERS, create
from .schema import check_schemas, write_schemas
from .write import write_pages

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def setup_logging(verbose: bool, quiet: bool) -> None:
    """Progress on stderr: ours at INFO (DEBUG with -v), MkDocs' warnings only."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name, level in (
        ("generator", logging.DEBUG if verbose else logging.INFO),
        ("mkdocs", logging.WARNING),
    ):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.WARNING if quiet else level)
        logger.propagate = False


def report(problems: Sequence[Problem], fmt: str = "human", root: Path = Path(".")) -> None:
    """Print problems: for people on stderr; as GitHub annotations or JSON on stdout."""
    text = render_problems(problems, fmt, root)
    if text or fmt == "json":
        click.echo(text, err=fmt == "human")


def handle_errors(func: F) -> F:
    """Turn `DossierError` into a report and exit 1; other exceptions are bugs."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        context = click.get_current_context()
        debug = context.find_root().params.get("debug", False)
        try:
            return func(*args, **kwargs)
        except DossierError as exc:
            if debug:
                log.exception("dossier error")
            report(
                exc.problems,
                context.params.get("fmt", "human"),
                context.params.get("root", Path(".")),
            )
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def finish_check(linked: Linked, strict: bool, fmt: str = "human", root: Path = Path(".")) -> None:
    """Print the warnings; in strict mode they fail the run."""
    report(linked.warnings, fmt, root)
    if strict and linked.warnings:
        click.secho("--strict: warnings count as errors", fg="red", err=True)
        sys.exit(1)


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Dossier folder holding data/, seeds/, templates/, docs/ and mkdocs.yml.",
)
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="How many processes read the files, draw the diagrams and render the pages; the "
    "output is the same "
    "for any number  [default: one per core, on Linux, for dossiers of a few hundred pages].",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.option("-v", "--verbose", is_flag=True, help="Show more progress detail.")
@click.option("-q", "--quiet", is_flag=True, help="Show only warnings and errors.")
@click.version_option(package_name="dossier-generator")
def cli(debug: bool, verbose: bool, quiet: bool) -> None:
    """Build a sourced briefing dossier from seeds/ and data/ into a website and a PDF.

    Typical use: `dossier check` while editing YAML, `dossier serve` to preview,
    `dossier build` to publish into site/.
    """
    setup_logging(verbose or debug, quiet)


@cli.command()
@root_option
@strict_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="human",
    show_default=True,
    help="human: `path:line: message` and a hint, coloured on a terminal; github: annotations "
    "that show inline on a pull request; json: a list of objects on stdout.",
)
@handle_errors
def check(root: Path, strict: bool, fmt: str) -> None:
    """Validate data/ and seeds/ without writing anything.

    Exits 1 on any error (with --strict, on any warning too). Each problem is
    printed as `path:line: message` with a hint on how to fix it.
    """
    linked = pipeline.check(root)
    finish_check(linked, strict, fmt, root)
    click.echo(
        f"OK: {len(linked.dossier.entities)} entities, {len(linked.claims)} claims, "
        f"{len(linked.dossier.seeds)} seeds",
        err=True,
    )


@cli.command()
@root_option
@strict_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to build the site  [default: ROOT/site].",
)
@click.option(
    "--no-pdf",
    is_flag=True,
    help="Build the site without the PDF, and without the home page's link to it "
    "(quicker: a dossier of thousands of pages takes long to typeset).",
)
@jobs_option
@handle_errors
def build(root: Path, strict: bool, site_dir: Path | None, no_pdf: bool, jobs: int | None) -> None:
    """Generate the Markdown pages into docs/, then build the site and its PDF into site/.

    Nothing in docs/ or site/ changes unless the whole build succeeds; pages
    whose content is unchanged are not rewritten. When no input changed since the
    last build, nothing is parsed, built or written.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # the PDF's date; unset: the as-of date
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    site, config = site_dir or root / "site", root / "mkdocs.yml"
    environment = stamp.environment(root, config)
    sources = stamp.sources(root, config, f"strict={strict} pdf={not no_pdf}", environment)
    # The pages' names, sizes and times are read only if the sources are those of the last build.
    staging = root / STAGING
    if stamp.is_current(staging, site, sources=sources) and stamp.is_current(
        staging, site, written=stamp.written(root)
    ):
        click.echo(f"{site} is up to date (0 changed, 0 removed): no input changed", err=True)
        return
    # One run, start to end: without this, the first step after generating pages
    # would rescan the whole model for cycles (0.4 s at size L).
    with fewer_collections():
        linked, pages = pipeline.generate_files(root, pdf=not no_pdf, jobs=jobs)
        finish_check(linked, strict)
        add_pdf = None if no_pdf else pdf_step(linked, pages, root, epoch, site)
        done = publish(root, pages, config, site, extra=add_pdf, environment=environment, jobs=jobs)
        stamp.record(staging, site, sources=sources, written=stamp.written(root))
    click.echo(
        f"Built {len(pages)} pages ({len(done.write)} changed, {len(done.delete)} removed) "
        f"into {site}",
        err=True,
    )


def pdf_step(
    linked: Linked, pages: dict[str, bytes], root: Path, epoch: str | None, site: Path
) -> Callable[[Path], None]:
    """The PDF exporter for `publish`, which decodes the pages only when it runs, after MkDocs."""

    def add_pdf(staged: Path) -> None:
        text = {path: content.decode("utf-8") for path, content in pages.items()}
        site_exporter(linked, text, root, epoch, site)(staged)

    return add_pdf


@cli.command("pdf")
@root_option
@strict_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the PDF  [default: ROOT/site/<dossier id>.pdf].",
)
@jobs_option
@handle_errors
def pdf_command(root: Path, strict: bool, output: Path | None, jobs: int | None) -> None:
    """Write the whole dossier as one print-ready, tagged PDF (PDF/UA-1).

    Cover, contents with page numbers, summary, every entity, timeline, network,
    sources with numbered paragraphs and the methodology note. Citations are
    footnotes giving the source, paragraph and page; every cross-reference is a
    link inside the file. No remote resource is loaded. The same input gives
    the same bytes: the PDF's date is SOURCE_DATE_EPOCH, else the as-of date.
    `dossier build` writes the same PDF into the site.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    linked, pages = pipeline.generate(root, jobs=jobs)
    finish_check(linked, strict)
    export(linked, pages, root, output or root / "site" / pdf_name(linked), epoch)


@cli.command()
@root_option
@click.option(
    "-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on."
)
@handle_errors
def serve(root: Path, dev_addr: str) -> None:
    """Preview the site with live reload; edits to data/, seeds/ or templates/ rebuild it."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .mkdocs_plugin import DossierPlugin

    # The preview has no PDF; nothing generated is kept while serving.
    write_pages(pipeline.generate_files(root, pdf=False)[1], root / "docs")
    DossierPlugin.pages_ready = True  # the plugin's first build need not generate them again
    mkdocs_serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr)


@cli.command()
@root_option
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 if a schema file is missing or out of date.",
)
@handle_errors
def schema(root: Path, check_only: bool) -> None:
    """Write the JSON Schema of each kind of data file into schema/.

    Editors read them through the `# yaml-language-server: $schema=…` line at
    the top of each data file, to validate and complete it as you type. Run it
    after changing generator/model.py, and commit the result.
    """
    if check_only:
        check_schemas(root)
        click.echo(f"{root / 'schema'} is up to date", err=True)
        return
    written = write_schemas(root)
    click.echo(f"Wrote {len(written)} changed schema file(s) into {root / 'schema'}", err=True)


@cli.command()
@click.argument("kind", type=click.Choice(list(FOLDERS)))
@click.argument("name")
@click.option("--id", "entity_id", help="Id to use instead of the one made from NAME.")
@root_option
@handle_errors
def new(kind: str, name: str, entity_id: str | None, root: Path) -> None:
    """Create a commented skeleton for a new person, country, organization or event.

    Writes data/<kind folder>/<id>.yml, where the id is made from NAME with
    accents folded ("Ana Núñez" gives ana-nunez). Never overwrites a file.

    Example: dossier new person "Ana Núñez"
    """
    made = create(root, kind, name, entity_id)
    click.echo(f"Created {made.path}", err=True)
    for field, line in made.todo:
        click.echo(f"  fill in {field}: {made.path}:{line}", err=True)
    click.echo("Then run `dossier check`.", err=True)


@cli.command()
@root_option
@handle_errors
def coverage(root: Path) -> None:
    """Report what the seeds say that the dossier does not capture yet.

    Lists seed paragraphs no claim cites, capitalised names in the seeds that
    match no entity or alias, entities no claim is about, and claims whose
    confidence deserves a second look. The site shows the same report on its
    maintainers' page, coverage.html.
    """
    linked = pipeline.check(root)
    click.echo(format_text(measure(linked), linked))

"""Build the MkDocs site from freshly rendered pages, changing nothing on failure.

The pages and the hand-written files of `docs/` are staged in a temporary
folder and built there. Only when the build succeeds are the pages written
into `docs/` and the new site swapped in for the old one.

MkDocs runs in a process of its own (`python -c …`, not a fork), so that the
generator's model and pages are not held in the same memory as MkDocs' own
(at L, each process peaks under 1 GiB; one holding both would not). The child
sends its log records back to this process, which logs them as if MkDocs had
run here, and says how the build ended.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from . import stamp
from .errors import DossierError, error
from .write import (
    MANIFEST,
    WritePlan,
    link_files,
    plan,
    read_manifest,
    scan,
    write_files,
    write_pages,
)

log = logging.getLogger(__name__)

STAGING = ".dossier-build"
# The child imports the generator from where this process did, whatever the current folder.
HOME = Path(__file__).resolve().parent.parent
CHILD = (
    "import sys\n"
    "if sys.argv[1] not in sys.path: sys.path.insert(0, sys.argv[1])\n"
    "from generator.publish import main\n"
    "main()\n"
)
# Loggers whose levels the child copies, so it sends what this process would log.
RELAYED = ("", "mkdocs", "generator")


@contextmanager
def collect_warnings() -> Iterator[list[str]]:
    """Collect the warnings MkDocs logs while the block runs."""
    messages: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collector(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def stage_docs(
    docs: Path,
    pages: Mapping[str, bytes],
    staged: Path,
    todo: WritePlan | None = None,
    jobs: int | None = None,
) -> None:
    """Fill `staged` with the hand-written files of `docs/` plus the new pages.

    A page that `todo` found unchanged in `docs/` is hard-linked from there, not
    written again; the hand-written files are copied, so nothing MkDocs or a
    plugin does in the staging folder can reach them.
    """
    owned = read_manifest(docs) | {MANIFEST}
    for rel in sorted(scan(docs).files - owned):
        target = staged / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(docs / rel, target)
    linked = link_files(docs, staged, todo.checked) if todo else set()
    write_files(staged, {rel: content for rel, content in pages.items() if rel not in linked}, jobs)


def config_problem(config_file: Path, message: str) -> DossierError:
    """MkDocs' refusal of a broken mkdocs.yml as a `DossierError` at the line it names."""
    # Name the file as the user does, whichever path MkDocs or YAML was handed.
    text = message.replace(str(config_file.resolve()), config_file.name)
    text = " ".join(text.replace(str(config_file), config_file.name).split())
    lines = re.findall(r"line (\d+)", text)
    return DossierError(
        [
            error(
                config_file.name,
                int(lines[-1]) if lines else 1,
                f"MkDocs cannot use this configuration: {text}",
                "fix mkdocs.yml; see https://www.mkdocs.org/user-guide/configuration/",
            )
        ]
    )


@contextmanager
def config_errors(config_file: Path) -> Iterator[None]:
    """Turn MkDocs' refusal of a broken mkdocs.yml into a `DossierError` at the line it names."""
    try:
        yield
    except MkDocsException as exc:
        raise config_problem(config_file, str(exc)) from None


def build_site(config_file: Path, docs: Path, site: Path, strict: bool) -> dict[str, str]:
    """Build a site with MkDocs in this process; say how it ended (`built`, `config`, `failed`)."""
    try:
        config = load_config(
            str(config_file), docs_dir=str(docs), site_dir=str(site), strict=strict
        )
    except MkDocsException as exc:
        return {"config": str(exc)}
    plugin = config.plugins.get("dossier")
    if plugin is not None:
        plugin.pages_ready = True
    with collect_warnings() as warnings:
        try:
            mkdocs_build(config)
        except MkDocsException as exc:
            return {"failed": "; ".join(warnings) or str(exc)}
    return {"built": str(site)}


def run_mkdocs(config_file: Path, docs: Path, site: Path, strict: bool) -> None:
    """Build a site with MkDocs in a child process; if it fails, raise `DossierError`.

    The child's log records are logged here as they come; anything else it
    prints (a traceback, should MkDocs or a plugin break) goes to stderr.
    """
    request = {
        "config": str(config_file),
        "docs": str(docs),
        "site": str(site),
        "strict": strict,
        "levels": {name: logging.getLogger(name).getEffectiveLevel() for name in RELAYED},
    }
    command = [sys.executable, "-P", "-c", CHILD, str(HOME), json.dumps(request)]
    outcome: dict[str, str] = {}
    with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE) as child:
        assert child.stdout is not None
        for line in child.stdout:
            message = json.loads(line)
            if "log" in message:
                relay(message["log"])
            else:
                outcome = message
    if "config" in outcome:
        raise config_problem(config_file, outcome["config"])
    if "failed" in outcome or "built" not in outcome:
        details = outcome.get("failed") or f"MkDocs stopped with exit status {child.returncode}"
        raise DossierError(
            [
                error(
                    config_file.name,
                    1,
                    f"MkDocs build failed: {details}",
                    "fix the warnings above",
                )
            ]
        )


def relay(entry: dict[str, Any]) -> None:
    """Log a record the child sent, as its logger in this process would have."""
    logger = logging.getLogger(entry["name"])
    if logger.isEnabledFor(entry["level"]):
        logger.handle(
            logging.makeLogRecord(
                {
                    "name": entry["name"],
                    "levelno": entry["level"],
                    "levelname": logging.getLevelName(entry["level"]),
                    "msg": entry["message"],
                    "exc_text": entry["exc_text"],
                }
            )
        )


class Relay(logging.Handler):
    """In the child: send each log record to the parent as one line of JSON."""

    def __init__(self, channel: Any) -> None:
        super().__init__()
        self.channel = channel

    def emit(self, record: logging.LogRecord) -> None:
        exc_text = logging.Formatter().formatException(record.exc_info) if record.exc_info else None
        entry = {
            "name": record.name,
            "level": record.levelno,
            "message": record.getMessage(),
            "exc_text": exc_text,
        }
        self.channel.write(json.dumps({"log": entry}) + "\n")
        self.channel.flush()


def main() -> None:
    """The child process: `build_site` as the parent's request says; JSON lines on stdout."""
    request = json.loads(sys.argv[-1])
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever else prints goes to stderr, never into the channel
    logging.getLogger().addHandler(Relay(channel))
    for name, level in request["levels"].items():
        logging.getLogger(name).setLevel(level)
    outcome = build_site(
        Path(request["config"]), Path(request["docs"]), Path(request["site"]), request["strict"]
    )
    channel.write(json.dumps(outcome) + "\n")
    channel.close()


def _pages_digest(
    root: Path, pages: Mapping[str, bytes], config_file: Path, options: str, environment: str | None
) -> str:
    """`stamp.fingerprint`; a broken mkdocs.yml met while working it out is reported at its line."""
    with config_errors(config_file):
        return stamp.fingerprint(root, pages, config_file, options, environment)


def swap_in(new: Path, old: Path) -> None:
    """Replace folder `old` by `new`, as close to atomically as a file system allows."""
    retired = old.with_name(f".{old.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if old.exists():
        os.replace(old, retired)
    os.replace(new, old)
    shutil.rmtree(retired, ignore_errors=True)


def publish(
    root: Path,
    pages: Mapping[str, bytes],
    config_file: Path,
    site: Path,
    strict: bool = True,
    extra: Callable[[Path], None] | None = None,
    environment: str | None = None,
    jobs: int | None = None,
) -> WritePlan:
    """Stage, build the site (and run `extra` on it, e.g. the PDF), then commit both.

    When nothing changed since the last successful build of `site`, nothing is
    built or written. `environment` is `stamp.environment(root, config_file)`,
    if the caller has it already; `jobs` how many processes write the staged pages
    (None: one per core).
    """
    docs = root / "docs"
    todo = plan(docs, pages)  # refuse early if a hand-written file is in the way
    options = f"strict={strict} extra={extra is not None}"
    fingerprint = partial(_pages_digest, root, pages, config_file, options, environment)
    # The pages' digest decides whether to build at all only when no page changed.
    known = None if todo.write or todo.delete else fingerprint()
    if known and stamp.is_current(root / STAGING, site, pages=known):
        log.info("%s is up to date: nothing changed since its last build", site)
        return todo
    (root / STAGING).mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root / STAGING) as tmp:
        staged_docs, staged_site = Path(tmp) / "docs", Path(tmp) / "site"
        stage_docs(docs, pages, staged_docs, todo, jobs)  # before any thread runs: it forks
        # Otherwise it is worked out in a thread while MkDocs builds in its own process.
        with ThreadPoolExecutor(1) as hashing:
            digest = hashing.submit(lambda: known or fingerprint())
            log.info("building the site with MkDocs (%d pages)…", len(pages))
            began = time.perf_counter()
            run_mkdocs(config_file, staged_docs, staged_site, strict)
            log.info("MkDocs built the site in %.1f s", time.perf_counter() - began)
        if extra:
            extra(staged_site)
        written = write_pages(pages, docs, staged_docs, todo)
        swap_in(staged_site, site)
    stamp.record(root / STAGING, site, pages=digest.result())
    return written

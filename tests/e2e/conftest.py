"""Browser fixtures: the shipped dossier built once, served on 127.0.0.1, seen in Debian's chromium.

Every request to a host other than 127.0.0.1 is aborted and recorded, so a test
can assert that the site asks nothing of the outside world.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from generator.cli import cli

from ..conftest import REPO, make_dossier

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOST = "127.0.0.1"


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging each request, or the browser dropping one it no longer needs."""

    def handle(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped dossier built with `dossier build`, once per test session."""
    root = make_dossier(REPO, tmp_path_factory.mktemp("e2e") / "shipped")
    result = CliRunner().invoke(cli, ["-q", "build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return root / "site"


# The server and the browser stop when the browser tests are done: threads they leave
# running would keep later tests' `dossier build` from sharing its work among processes.
@pytest.fixture(scope="package")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL of the built site, served by a threaded HTTP server on 127.0.0.1."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{LOCAL_HOST}:{server.server_port}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright; skipped where it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM}: install it with apt-get install -y chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@dataclass
class Visit:
    """A browser tab, with the console errors it logged and the external requests it tried."""

    page: Any
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser: Any) -> Iterator[Visit]:
    """A fresh tab whose requests to any host but 127.0.0.1 are aborted and counted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    visit = Visit(context.new_page())

    def guard(route: Any) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme == "file" or parts.hostname == LOCAL_HOST:
            route.continue_()
        else:
            visit.external.append(route.request.url)
            route.abort()

    def record(message: Any) -> None:
        if message.type == "error":
            visit.errors.append(message.text)

    context.route("**/*", guard)
    visit.page.on("console", record)
    visit.page.on("pageerror", lambda error: visit.errors.append(str(error)))
    yield visit
    context.close()

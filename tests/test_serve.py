"""`dossier serve` as a user runs it: a live server that regenerates the pages on each edit."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


def fetch(url: str) -> str:
    """The page at `url`, or "" while the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode()
    except OSError:
        return ""


def test_serve_generates_once_then_again_on_each_edit(
    dossier_copy: Callable[[str], Path], tmp_path: Path
) -> None:
    root = dossier_copy("basic")
    port = free_port()
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "generator", "serve", "--root", str(root)]
    with log.open("w") as output:
        server = subprocess.Popen(
            [*command, "--dev-addr", f"127.0.0.1:{port}"], stdout=output, stderr=output
        )
    try:
        url = f"http://127.0.0.1:{port}/people/ana-nunez.html"
        wait_for(lambda: "Ana Núñez" in fetch(url), "the site")
        assert log.read_text().count("rendered 23 pages") == 1, log.read_text()

        person = root / "data" / "people" / "ana-nunez.yml"
        person.write_text(person.read_text().replace("Ana Núñez", "Ana María Núñez", 1))
        wait_for(lambda: "Ana María Núñez" in fetch(url), "the edit to reach the page")
        assert log.read_text().count("rendered 23 pages") == 2, log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=10)

"""Broken and hostile input: each case in tests/hostile/ ends in its exact error, or in inert pages.

A case is one YAML file that changes a built copy of the basic fixture (the
keys are described in tests/hostile/README.md), then runs `dossier build` as a
contributor would. An `error:` case must exit 1 without a traceback, print
exactly the expected `path:line: message` and hint, and leave `docs/` and
`site/` byte for byte as they were. An `inert:` case must build; every page
must show the hostile text literally, with no script, event handler or
`javascript:` link that the theme did not put there itself, and the PDF must
show the same text.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from pypdf import PdfReader, apply_configuration

from generator.cli import cli

from .conftest import GOLDEN, make_dossier

CORPUS = Path(__file__).parent / "hostile"
CASES = sorted(CORPUS.glob("*.yml"))
ERROR_CASES = [p for p in CASES if "error" in yaml.safe_load(p.read_text("utf-8"))]
INERT_CASES = [p for p in CASES if "inert" in yaml.safe_load(p.read_text("utf-8"))]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
ACTIVE_SCHEMES = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "base", "form", "style", "meta", "link"}
SITE_ONLY = {"tags.html"}  # the tags index is for browsing; the PDF leaves it out
# The running header and footer that end each page's extracted text (print.css margin boxes).
PDF_FURNITURE = re.compile(r"\n[^\n]*\n[^\n]*page \d+ of \d+\s*$")


def load_case(path: Path) -> dict[str, Any]:
    """A corpus case as a mapping."""
    case = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(case, dict) and "about" in case, f"{path.name}: write an 'about:' line"
    return case


def fill(text: str, case: dict[str, Any]) -> str:
    """Expand the case's `repeat:` markers, so a long string stays short in the corpus."""
    for marker, (unit, count) in case.get("repeat", {}).items():
        text = text.replace(marker, unit * count)
    return text


def pad(path: Path, size: int) -> None:
    """Grow a YAML file with comment lines until it holds at least `size` bytes."""
    line = b"# padding to make the file too large to read\n"
    missing = max(0, size - path.stat().st_size)
    with path.open("ab") as handle:
        handle.write(line * (missing // len(line) + 1))


def apply(case: dict[str, Any], root: Path) -> None:
    """Change the dossier at `root` as the case says."""
    for rel in case.get("delete", []):
        (root / rel).unlink()
    for rel, edits in case.get("edit", {}).items():
        text = (root / rel).read_text("utf-8")
        for old, new in edits:
            assert old in text, f"fixture changed: {old!r} not in {rel}"
            text = text.replace(old, fill(new, case), 1)
        (root / rel).write_text(text, "utf-8")
    for rel, text in case.get("files", {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(fill(text, case), "utf-8")
    for rel, text in case.get("bytes", {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(text.encode("latin-1"))
    for rel, size in case.get("pad", {}).items():
        pad(root / rel, size)
    for rel in case.get("folders", []):
        (root / rel).mkdir(parents=True)
    for rel, target in case.get("symlink", {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).symlink_to(target)


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and modification time of every file in docs/ and site/."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for folder in ("docs", "site")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def prepare(case: dict[str, Any], built: Path, tmp_path: Path) -> Path:
    """A copy of the built fixture (the unbuilt one for `built: false`), changed by the case."""
    root = tmp_path / "dossier"
    if case.get("built", True):
        shutil.copytree(built, root, symlinks=True)
    else:
        make_dossier(GOLDEN / "basic", root)
    apply(case, root)
    return root


def run(*args: str) -> Result:
    """Run `dossier -q ARGS` in the current folder, as a contributor would."""
    return CliRunner().invoke(cli, ["-q", *args])


def update_error(path: Path, actual: str) -> None:
    """Rewrite the case's `error:` block (its last key) with what the build printed."""
    head, found, _ = path.read_text("utf-8").partition("\nerror: |\n")
    assert found, f"{path.name}: 'error: |' must be the last key"
    body = "".join(f"  {line}\n" if line else "\n" for line in actual.splitlines())
    path.write_text(f"{head}\nerror: |\n{body}", "utf-8")


def assert_clean_failure(result: Result, expected: str) -> None:
    """Exit 1, the exact report on stderr, and no traceback."""
    assert isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr == expected


@pytest.mark.parametrize("path", ERROR_CASES, ids=lambda p: p.stem)
def test_broken_input_fails_cleanly_and_changes_nothing(
    path: Path,
    built_basic: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    update_goldens: bool,
) -> None:
    case = load_case(path)
    root = prepare(case, built_basic, tmp_path)
    monkeypatch.chdir(root)
    before = snapshot(root)

    result = run("build")
    if update_goldens:
        update_error(path, result.stderr)
        case["error"] = result.stderr
    assert_clean_failure(result, case["error"])
    assert snapshot(root) == before, "a failed build changed docs/ or site/"
    check = run("check")
    if case.get("check_passes"):
        assert check.exit_code == 0, check.output
    else:
        assert_clean_failure(check, case["error"])


class PageInspector(HTMLParser):
    """Collects a page's scripts, event handlers, active links and the text of its article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.dangers: list[str] = []
        self.article: list[str] = []
        self._in_article = 0
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.dangers.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and ACTIVE_SCHEMES.match(
                re.sub(r"[\s\0-\x1f]", "", value or "")
            ):
                self.dangers.append(f"<{tag} {name}={value!r}>")
        if self._in_article and tag in FORBIDDEN_TAGS:
            self.dangers.append(f"<{tag}> inside the article")
        if tag == "script":
            self._script = [dict(attrs).get("src") or ""]
        self._in_article += tag == "article"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        self._in_article -= tag == "article" and self._in_article > 0

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        elif self._in_article:
            self.article.append(data)

    def text(self) -> str:
        """The article's text with runs of whitespace made one space."""
        return " ".join("".join(self.article).split())


def inspect(path: Path) -> PageInspector:
    """Parse one HTML page."""
    inspector = PageInspector()
    inspector.feed(path.read_text("utf-8"))
    inspector.close()
    return inspector


def html_pages(site: Path) -> Iterator[Path]:
    """Every HTML page of a built site."""
    return iter(sorted(site.rglob("*.html")))


def read_pdf(site: Path) -> tuple[str, list[str]]:
    """The site's PDF: its text with no whitespace (lines wrap anywhere), and its link URIs."""
    (path,) = site.glob("*.pdf")
    reader = PdfReader(path)
    # A 100,000-character word is one long text array: more than pypdf reads by default.
    with apply_configuration(array_maximum_element_count=10**7):
        pages = [PDF_FURNITURE.sub("", page.extract_text()) for page in reader.pages]
    text = "".join("".join(page.split()) for page in pages)
    uris = [
        str(action["/URI"])
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/URI" in (action := annotation.get_object().get("/A") or {})
    ]
    return text, uris


@pytest.fixture(scope="session")
def theme_parts(built_basic: Path) -> tuple[set[str], set[str]]:
    """The scripts, and any handler or active link, that the theme puts on the untouched pages."""
    pages = [inspect(page) for page in html_pages(built_basic / "site")]
    return {s for p in pages for s in p.scripts}, {d for p in pages for d in p.dangers}


@pytest.mark.slow
@pytest.mark.parametrize("path", INERT_CASES, ids=lambda p: p.stem)
def test_hostile_text_is_shown_literally_and_runs_nothing(
    path: Path,
    built_basic: Path,
    theme_parts: tuple[set[str], set[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = load_case(path)
    root = prepare(case, built_basic, tmp_path)
    monkeypatch.chdir(root)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")

    result = run("build")

    assert result.exit_code == 0, result.output
    scripts, dangers = theme_parts
    for page in html_pages(root / "site"):
        found = inspect(page)
        assert set(found.dangers) <= dangers, f"{page.name}: {found.dangers}"
        assert set(found.scripts) <= scripts, f"{page.name}: a script the theme did not add"
    pdf_text, uris = read_pdf(root / "site")
    assert not [u for u in uris if ACTIVE_SCHEMES.match(u)], uris
    for page, literals in case["inert"].items():
        text = inspect(root / "site" / page).text()
        for literal in literals:
            visible = " ".join(fill(literal, case).split())
            assert visible in text, f"{page}: {visible[:80]!r} is not shown literally"
            if page not in SITE_ONLY:  # whole somewhere in the PDF, which holds every page
                assert "".join(visible.split()) in pdf_text, f"PDF: {visible[:80]!r} is not shown"

"""CONTRIBUTING.md as a contributor follows it, and the edit links that bring them to the YAML.

Every ```yaml example in the guide is applied to a copy of the practice dossier
(tests/golden/basic/) and checked with `dossier check`: an example starting with
the `# yaml-language-server` line is a whole file, saved under its kind's folder
by its id; one starting with `# Add at the end of <path>:` is appended to that
file. When the next block is ```text starting with `$ dossier check`, the check
must fail and print its other lines; otherwise it must pass without warnings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.scaffold import FOLDERS
from generator.schema import schema_line
from generator.vocabulary import CONFIDENCES, STATUSES

from .conftest import REPO

GUIDE = REPO / "CONTRIBUTING.md"
TEXT = GUIDE.read_text("utf-8")
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)
WHOLE_FILE = re.compile(r"^# yaml-language-server: \$schema=\.\./\.\./schema/(\w+)\.schema\.json$")
APPEND = re.compile(r"^# Add at the end of (\S+):$")
EDIT_LINK = re.compile(r'<a href="([^"]+)" title="Edit this page"')


@dataclass(frozen=True)
class Example:
    """A YAML example of the guide, the line it starts on, and the check output shown after it."""

    text: str
    line: int
    expected: str | None


def examples() -> list[Example]:
    """Every ```yaml block of the guide, in order."""
    blocks = [
        (m.group(1), m.group(2), TEXT[: m.start()].count("\n") + 1) for m in BLOCK.finditer(TEXT)
    ]
    found = []
    for (lang, body, line), following in zip(blocks, [*blocks[1:], None], strict=True):
        if lang != "yaml":
            continue
        shown = (
            following and following[0] == "text" and following[1].startswith("$ dossier check\n")
        )
        found.append(Example(body, line, following[1].split("\n", 1)[1] if shown else None))
    return found


def apply(example: Example, root: Path) -> None:
    """Do what the example tells a contributor to do, in the dossier at `root`."""
    first, rest = example.text.split("\n", 1)
    if whole := WHOLE_FILE.match(first):
        entity_id = yaml.safe_load(example.text)["id"]
        path = f"data/{FOLDERS[whole.group(1)]}/{entity_id}.yml"
        assert first == schema_line(path)
        (root / path).write_text(example.text, "utf-8")
    elif append := APPEND.match(first):
        target = root / append.group(1)
        existing = yaml.safe_load(target.read_text("utf-8"))
        added = yaml.safe_load(rest)
        assert not set(added) & set(existing), "the example adds a field the file already has"
        with target.open("a", encoding="utf-8") as handle:
            handle.write(rest)
    else:
        pytest.fail(f"CONTRIBUTING.md:{example.line}: start the example with where it goes")


EXAMPLES = examples()


def test_the_guide_has_passing_and_failing_examples() -> None:
    assert len(EXAMPLES) >= 5
    assert any(e.expected for e in EXAMPLES) and any(e.expected is None for e in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"line-{e.line}")
def test_yaml_example_runs_through_dossier_check(
    example: Example, dossier_copy: Callable[[str], Path]
) -> None:
    root = dossier_copy("basic")
    apply(example, root)
    result = CliRunner().invoke(cli, ["check", "--root", str(root)])
    if example.expected is None:
        assert result.exit_code == 0, result.stderr
        assert "warning" not in result.stderr, result.stderr
    else:
        assert result.exit_code == 1
        assert example.expected in result.stderr


def test_status_and_confidence_tables_match_the_vocabulary() -> None:
    for word, meaning in [*STATUSES.items(), *CONFIDENCES.items()]:
        assert f"| {word} | {meaning} |" in TEXT, word


def test_every_command_in_the_guide_exists() -> None:
    code = re.findall(r"`([^`\n]+)`", TEXT) + [
        line for lang, body in BLOCK.findall(TEXT) if lang == "sh" for line in body.splitlines()
    ]
    named = {line.split()[1] for line in code if line.startswith("dossier ")}
    assert {"new", "check", "serve", "coverage", "schema"} <= named
    assert named <= set(cli.commands)  # type: ignore[attr-defined]


def front_matter(page: Path) -> dict[str, str]:
    """The YAML front matter of a generated Markdown page."""
    return yaml.safe_load(page.read_text("utf-8").split("---\n", 2)[1])


@pytest.mark.slow
def test_edit_link_of_every_page_opens_the_yaml_it_came_from(built_basic: Path) -> None:
    built = built_basic
    config = yaml.safe_load((built / "mkdocs.yml").read_text("utf-8"))
    base = f"{config['repo_url'].rstrip('/')}/edit/main/"
    pages = sorted((built / "docs").rglob("*.md"))
    generated = [p for p in pages if "dossier_source" in front_matter(p)]
    assert len(generated) >= 15
    for page in generated:
        source = front_matter(page)["dossier_source"]
        html = built / "site" / page.relative_to(built / "docs").with_suffix(".html")
        assert EDIT_LINK.findall(html.read_text("utf-8")) == [base + source], html.name
        assert (built / source).is_file(), source
    person = (built / "site/people/ana-nunez.html").read_text("utf-8")
    assert EDIT_LINK.findall(person) == [base + "data/people/ana-nunez.yml"]
    seed = (built / "site/sources/harbour-report.html").read_text("utf-8")
    assert EDIT_LINK.findall(seed) == [base + "seeds/harbour-report.yml"]


@pytest.mark.slow
def test_maintainers_page_is_linked_from_how_to_read_but_not_from_the_nav(
    built_basic: Path,
) -> None:
    built = built_basic
    page = (built / "site/coverage.html").read_text("utf-8")
    assert "Entities no claim is about" in page
    assert 'href="countries/freedonia.html"' in page
    assert 'href="coverage.html"' in (built / "site/methodology.html").read_text("utf-8")
    assert "coverage.html" not in (built / "site/index.html").read_text("utf-8")

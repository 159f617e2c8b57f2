"""`dossier coverage` and the maintainers' page: what the seeds say that the dossier lacks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import pipeline
from generator.cli import cli
from generator.coverage import Coverage, clean_run, format_text, measure, name_runs

from .conftest import GOLDEN, REPO

# A paragraph added to the practice seed: the event cites it, no claim does.
NEW_PARAGRAPH = (
    "\n\nThe Harbour Authority will name a successor in April. Its spokesman Lina Ortiz said "
    "the Freedonian navy and the Portville Council agreed on the choice.\n"
)
EVENT_CITATION = '  - {seed: harbour-report, paragraph: 4, quote: "will name a successor"}\n'


@pytest.fixture
def extended(dossier_copy: Callable[[str], Path]) -> Path:
    """The practice dossier with a fourth paragraph that only the event cites."""
    root = dossier_copy("basic")
    with (root / "seeds/harbour-report.txt").open("a", encoding="utf-8") as seed:
        seed.write(NEW_PARAGRAPH)
    with (root / "data/events/nunez-resignation.yml").open("a", encoding="utf-8") as event:
        event.write(EVENT_CITATION)
    return root


def runs(text: str) -> list[str]:
    """The cleaned names found in `text`."""
    found = (clean_run(text[start:end], opens) for start, end, opens in name_runs(text))
    return [name for name in found if name]


def test_practice_dossier_coverage() -> None:
    coverage = measure(pipeline.check(GOLDEN / "basic"))
    assert (coverage.paragraphs, coverage.cited, coverage.uncited) == (2, 2, ())
    assert coverage.candidates == ()
    assert coverage.unclaimed == (
        ("freedonia", 1),
        ("harbour-authority", 1),
        ("nunez-resignation", 0),
    )
    assert coverage.confidence["high"]["reported"] == 1
    assert coverage.confidence["low"]["alleged"] == 1
    assert sum(n for row in coverage.confidence.values() for n in row.values()) == 2
    assert [ref.claim.id for ref in coverage.single_source] == ["reyes-denies-clash"]
    assert [(n, j.confidence) for n, j in coverage.overreaching] == [(1, "moderate")]


def test_paragraph_no_claim_cites_is_listed_with_what_else_cites_it(extended: Path) -> None:
    coverage = measure(pipeline.check(extended))
    assert (coverage.paragraphs, coverage.cited) == (3, 2)
    (uncited,) = coverage.uncited
    assert (uncited.seed_id, uncited.paragraph.number) == ("harbour-report", 4)
    assert uncited.cited_by == ("nunez-resignation",)
    assert uncited.excerpt.startswith("The Harbour Authority will name a successor")


def test_names_with_no_entity_are_candidates(extended: Path) -> None:
    coverage = measure(pipeline.check(extended))
    assert [(c.name, c.count, c.paragraph) for c in coverage.candidates] == [
        ("Harbour Authority", 1, 4),
        ("Lina Ortiz", 1, 4),
        ("Portville Council", 1, 4),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("The Peruvian Foreign Ministry did not comment.", ["Peruvian Foreign Ministry"]),
        ("But in the halls of Congress, nobody spoke.", ["Congress"]),
        ("Officials said so. Then Reyes left.", ["Reyes"]),
        (
            "He met the Ministry of Foreign Affairs of Peru on Friday.",
            ["Ministry of Foreign Affairs of Peru"],
        ),
        ("It happened on October 28 in El Vedado, Havana.", ["El Vedado", "Havana"]),
        ("He spoke of the Island’s agents.", ["Island"]),
        ("Havana/The departure of Zamora – then ambassador – was quiet.", ["Zamora"]),
        ("“We thank her,” Núñez said.", ["Núñez"]),
    ],
)
def test_sentence_openers_dates_and_possessives_are_not_names(text: str, names: list[str]) -> None:
    assert runs(text) == names


def test_forms_of_a_one_word_name_are_not_candidates(extended: Path) -> None:
    names = [c.name for c in measure(pipeline.check(extended)).candidates]
    assert "Freedonian" not in names and "Freedonia" not in names


def test_coverage_command_prints_the_report(extended: Path) -> None:
    result = CliRunner().invoke(cli, ["-q", "coverage", "--root", str(extended)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Paragraphs cited by a claim: 2 of 3 (67%)\n")
    for line in (
        "Paragraphs no claim cites (1):",
        "  seeds/harbour-report.txt ¶4: The Harbour Authority will name a successor in April.",
        "[cited only by nunez-resignation]",
        "  Lina Ortiz: 1× (first in seeds/harbour-report.txt ¶4)",
        "  data/countries/freedonia.yml: mentioned 1× in the seeds",
        "  data/people/tom-reyes.yml: reyes-denies-clash",
        "  data/dossier.yml: key judgment 1 (moderate)",
    ):
        assert line in result.stdout


def test_coverage_command_reports_input_errors_like_check(
    dossier_copy: Callable[[str], Path],
) -> None:
    root = dossier_copy("basic")
    (root / "data/people/tom-reyes.yml").write_text("id: tom-reyes\n", "utf-8")
    result = CliRunner().invoke(cli, ["-q", "coverage", "--root", str(root)])
    assert result.exit_code == 1
    assert "data/people/tom-reyes.yml:1: error: missing required field 'name'" in result.stderr


def test_maintainers_page_is_generated_but_not_in_the_nav(extended: Path) -> None:
    _, pages = pipeline.generate(extended)
    page = pages["coverage.md"]
    assert "2 of 3 paragraphs (67%) are cited by at least one claim." in page
    assert (
        "| [¶4](sources/harbour-report.md#p4) | The Harbour Authority will name a successor" in page
    )
    assert "| Lina Ortiz | 1 | [¶4](sources/harbour-report.md#p4) |" in page
    assert "| [Freedonia](countries/freedonia.md) | country | 1 |" in page
    assert "[Source coverage](coverage.md)" in pages["methodology.md"]
    nav = yaml.safe_load(REPO.joinpath("mkdocs.yml").read_text("utf-8"))["nav"]
    assert "coverage.md" not in str(nav)


def test_empty_dossier_sections_say_so() -> None:
    linked = pipeline.check(GOLDEN / "basic")
    empty = Coverage(0, (), (), (), {}, (), ())
    text = format_text(empty, linked)
    assert "Paragraphs cited by a claim: 0 of 0\n" in text
    assert "Names in the seeds that match no entity or alias (0):\n  none" in text


def test_maintainers_page_cuts_long_tables_and_says_how_many_more(
    dossier_copy: Callable[[str], Path],
) -> None:
    root = dossier_copy("basic")
    notes = "".join(f"\n\nNote {n} stands alone." for n in range(1, 131))
    with (root / "seeds/harbour-report.txt").open("a", encoding="utf-8") as seed:
        seed.write(notes)
    linked, pages = pipeline.generate(root)
    assert len(measure(linked).uncited) == 130
    page = pages["coverage.md"]
    assert page.count("| [¶") == 100
    assert "…and 30 more paragraphs: `dossier coverage` lists them all.\n\n## Names" in page

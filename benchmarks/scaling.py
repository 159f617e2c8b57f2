"""Scaling tables for the two text scans: mention linking and pull-quote detection.

Mention linking must grow with the size of the text, not with text x number of
names and aliases; pull-quote detection compares paragraphs within one seed and
must stay near-linear in the number of paragraphs of a long seed.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from generator.mentions import Hit, Matcher, build_matcher
from generator.seeds import make_paragraphs

from . import prose
from .cast import Cast
from .names import FILLERS

ALIAS_COUNTS = (100, 1_000, 10_000, 30_000)
TEXT_SIZES = (250_000, 1_000_000, 4_000_000)  # characters
SEED_PARAGRAPHS = (100, 1_000, 4_000)


@dataclass(frozen=True)
class Table:
    """A scaling table: a title, column heads, and rows of a label and cells."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    note: str


def best_of(repeats: int, work: Callable[[], object]) -> float:
    """Fastest of `repeats` runs, in seconds: the least disturbed by other work."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def make_terms(count: int, rng: random.Random) -> tuple[dict[str, str], list[str]]:
    """`count` names and aliases of synthetic people, as {term: id}, and the terms in order."""
    cast = Cast(rng)
    cast.add_people(count)  # about 2 terms per person: enough people for any count below
    terms = {}
    for entity_id, record in cast.records.items():
        for term in (record["name"], *record.get("aliases", ())):
            terms[term] = entity_id
    chosen = list(terms)[:count]
    return {t: terms[t] for t in chosen}, chosen


def make_sentence(names: list[str], rng: random.Random) -> str:
    """A claim or a stock sentence of a news report, naming people from `names`."""
    x, y = rng.choice(names), rng.choice(names)
    if rng.random() < 0.5:
        return prose.filler(rng, rng.choice(FILLERS), x, y)
    return prose.claim(rng, x, [y] if rng.random() < 0.5 else [], prose.source(rng), prose.act(rng))


def make_text(size: int, names: list[str], rng: random.Random) -> list[str]:
    """Paragraphs of news prose, `size` characters in all, naming people from `names`."""
    paragraphs, total = [], 0
    while total < size:
        paragraphs.append(" ".join(make_sentence(names, rng) for _ in range(rng.randint(1, 4))))
        total += len(paragraphs[-1]) + 2
    return paragraphs


def find_all(matcher: Matcher, paragraphs: list[str]) -> list[list[Hit]]:
    """Every mention in every paragraph, as link.py looks for them."""
    return [list(matcher.find(p)) for p in paragraphs]


def mention_table(seed: int = 1) -> Table:
    """Seconds to find every mention in texts of growing size, for growing numbers of terms."""
    rng = random.Random(seed)
    terms, order = make_terms(max(ALIAS_COUNTS), rng)
    times: dict[int, list[float]] = {size: [] for size in TEXT_SIZES}
    compiled = []
    for count in ALIAS_COUNTS:
        start = time.perf_counter()
        matcher = build_matcher({t: terms[t] for t in order[:count]})
        compiled.append(time.perf_counter() - start)
        for size in TEXT_SIZES:
            paragraphs = make_text(size, order[:count], rng)
            times[size].append(best_of(2, partial(find_all, matcher, paragraphs)))
    largest, smallest = times[TEXT_SIZES[-1]], times[TEXT_SIZES[0]]
    per_mb = [t / (TEXT_SIZES[-1] / 1e6) for t in largest]
    text_growth = sum(b / a for a, b in zip(smallest, largest, strict=True)) / len(largest)
    return Table(
        "Mention linking: seconds to scan (best of 2), by names and aliases",
        tuple(f"{c:,} terms" for c in ALIAS_COUNTS),
        (
            *((f"{size / 1e6:g} MB of text", _format(times[size])) for size in TEXT_SIZES),
            ("s per MB (largest text)", _format(per_mb)),
            ("compile", _format(compiled)),
        ),
        f"Text x{TEXT_SIZES[-1] // TEXT_SIZES[0]}: time x{text_growth:.1f}. "
        f"Terms x{ALIAS_COUNTS[-1] // ALIAS_COUNTS[0]}: time per MB x{per_mb[-1] / per_mb[0]:.1f} "
        f"(a loop over terms would be x{ALIAS_COUNTS[-1] // ALIAS_COUNTS[0]}).",
    )


def _format(seconds: list[float]) -> tuple[str, ...]:
    return tuple(f"{s:.2f}" for s in seconds)


def pull_quote_table(seed: int = 1) -> Table:
    """Seconds to split and check one long seed for pull quotes, by its number of paragraphs."""
    rng = random.Random(seed)
    _, names = make_terms(2_000, rng)
    growth = SEED_PARAGRAPHS[-1] // SEED_PARAGRAPHS[0]
    cells = []
    for count in SEED_PARAGRAPHS:
        paragraphs = make_text(count * 600, names, rng)[:count]
        for at in range(0, count, 10):  # a pull quote every ten paragraphs
            paragraphs.insert(at + 2, paragraphs[at].split(". ")[0] + ".")
        text = "\n\n".join(paragraphs)
        cells.append((best_of(2, partial(make_paragraphs, text)), len(paragraphs)))
    per = [seconds / count * 1e3 for seconds, count in cells]
    return Table(
        "Pull-quote detection: seconds for one seed (best of 2), by paragraphs",
        tuple(f"{c:,} paragraphs" for c in SEED_PARAGRAPHS),
        (("seconds", _format([s for s, _ in cells])), ("ms per paragraph", _format(per))),
        f"Paragraphs x{growth}: time per paragraph x{per[-1] / per[0]:.1f} "
        f"(comparing every pair would be x{growth}).",
    )

"""What the seeds say that the dossier does not capture yet: a report for maintainers.

`measure(linked)` is pure; `dossier coverage` prints it and the site shows it
on a maintainers' page (`coverage.md`). It lists paragraphs no claim cites,
capitalised names in the seeds that match no entity (candidates for new
entities or aliases), entities no claim is about, and confidence to review.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from .link import citations
from .model import ClaimRef, KeyJudgment, Linked
from .seeds import Paragraph
from .text import fold
from .vocabulary import CONFIDENCES, STATUSES

_OPENERS = " \t\n\"“”'‘’()[]"
_POSSESSIVE = re.compile(r"['’]s$")


def wordset(text: str) -> frozenset[str]:
    """The words of `text`, for the word lists below."""
    return frozenset(text.split())


CONNECTORS = wordset("of the de del la las los y da do dos das di du van von der den al")
# Capitalised at a sentence start for grammar's sake, or never a name on their own.
STOPWORDS = wordset(
    """a an the this that these those his her its their our my your he she it they we i you
    in on at by for from with without after before during since until when while if as but and
    or so yet also however then there here according although though because meanwhile both all
    some many most several each every no not one two three four five former other another such
    what who which where why how despite unlike like under over into about between among instead
    only even still just now today yesterday later earlier last next first
    el los las un una en con por para pero que según"""
)
CALENDAR = wordset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday"""
)
CONFIDENCE_RANK = {level: rank for rank, level in enumerate(("low", "moderate", "high"))}


@dataclass(frozen=True)
class UncitedParagraph:
    """A seed paragraph no claim cites, and the entities whose other fields cite it."""

    seed_id: str
    paragraph: Paragraph
    cited_by: tuple[str, ...]

    @property
    def excerpt(self) -> str:
        """The start of the paragraph, cut at a word."""
        return excerpt(self.paragraph.text)


@dataclass(frozen=True)
class Candidate:
    """A capitalised name in the seeds that matches no entity, and where it first appears."""

    name: str
    count: int
    seed_id: str
    paragraph: int


@dataclass(frozen=True)
class Coverage:
    """The maintainers' report on one linked dossier."""

    paragraphs: int
    """Seed paragraphs, not counting pull quotes that repeat another paragraph."""
    uncited: tuple[UncitedParagraph, ...]
    candidates: tuple[Candidate, ...]
    unclaimed: tuple[tuple[str, int], ...]
    """(entity id, mentions in the seeds) of entities no claim is about."""
    confidence: dict[str, dict[str, int]]
    """Number of claims by confidence, then by status."""
    single_source: tuple[ClaimRef, ...]
    """High-confidence claims whose citations all come from one seed."""
    overreaching: tuple[tuple[int, KeyJudgment], ...]
    """(number, judgment) of key judgments more confident than every claim behind them."""

    @property
    def cited(self) -> int:
        """Paragraphs that at least one claim cites."""
        return self.paragraphs - len(self.uncited)


def uncited_paragraphs(linked: Linked) -> Iterator[UncitedParagraph]:
    """Non-duplicate paragraphs that no claim cites, in seed order."""
    other: dict[tuple[str, int], set[str]] = {}
    for entity in linked.dossier.entities.values():
        for _, cite in citations(entity):
            other.setdefault((cite.seed, cite.paragraph), set()).add(entity.id)
    for seed in linked.dossier.seeds.values():
        for paragraph in seed.paragraphs:
            key = (seed.id, paragraph.number)
            if paragraph.duplicate_of is None and key not in linked.citing:
                yield UncitedParagraph(seed.id, paragraph, tuple(sorted(other.get(key, ()))))


def name_runs(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, opens a sentence) of each run of capitalised words, connectors inside."""
    pattern = _name_run_pattern()
    pos, carried = 0, (-1, -1)  # connectors for the run whose first name starts at carried[1]
    while run := pattern.match(text, pos):
        pos = run.end()
        start, end = run.span(1)
        if start < 0:
            continue  # a word that is not capitalised
        if start == carried[1]:
            start = carried[0]
        carried = run.span(2)
        yield start, end, _opens_sentence(text, start)


@cache
def _name_run_pattern() -> re.Pattern[str]:
    r"""One step of `name_runs` from the end of a word; built on first use (it takes ~10 ms).

    Words are what `re.finditer(r"[^\W_]\w*(?:['’-]\w+)*", text)` finds. A step passes over the
    text between words and the words that are certainly not capitalised, then takes a run
    (group 1) and looks past it for connectors that punctuation parts from the next capitalised
    word: they open that word's run (group 2 ends where it starts). Where the word it stops at is
    not capitalised after all (é, ǅ, ٣), it takes that word alone.
    """
    # No character beyond plane 1 is uppercase (a test checks). `re` tests a class with
    # astral characters range by range, and one without them in a bitmap.
    capitals = [c for c in filter(str.isupper, map(chr, range(0x20000))) if c.isalnum()]
    bmp = re.escape("".join(c for c in capitals if c <= "\uffff"))
    astral = re.escape("".join(c for c in capitals if c > "\uffff"))
    rest = r"\w*(?:['’-]\w+)*"  # a word after its first character
    name = rf"(?:[{bmp}]|(?=[\U00010000-\U0010ffff])[{astral}]){rest}"
    connector = f"(?:{'|'.join(sorted(CONNECTORS))})"
    return re.compile(
        rf"(?:[\W_]+|[a-z0-9]{rest})*+"  # between words, and words that start with a-z or 0-9
        rf"(?:({name}(?:\s+(?:{connector}\s+){{0,2}}{name})*+)"  # only spaces, connectors between
        # connectors after the run, whole words, then the text up to the next word
        rf"(?=(?:\s+({connector}(?:\s+{connector})?(?!\w|['’-]\w)[\W_]+))?)"
        rf"|[^\W_]{rest})"
    )


def _opens_sentence(text: str, start: int) -> bool:
    """Whether only spaces, quotes and brackets part `start` from a sentence end or none."""
    while start and text[start - 1] in _OPENERS:
        start -= 1
    return not start or text[start - 1] in ".!?…"


def clean_run(name: str, opens_sentence: bool) -> str:
    """Drop leading sentence openers, dates and a possessive; '' when no name is left."""
    words = _POSSESSIVE.sub("", name).split()
    first = words[0]
    while words and (
        words[0].casefold() in CALENDAR or (opens_sentence and words[0].casefold() in STOPWORDS)
    ):
        words.pop(0)
    while words and (words[-1].casefold() in CALENDAR or words[-1] in CONNECTORS):
        words.pop()
    if len(words) != 1:
        return " ".join(words)
    # A lone capitalised word that opens a sentence is usually not a name.
    opener = opens_sentence and words[0] == first
    return "" if opener or words[0].casefold() in STOPWORDS else words[0]


@dataclass(frozen=True)
class Stems:
    """Beginnings of one-word names, to tell derived words (Cuban from Cuba) from new names."""

    prefixes: frozenset[str]
    lengths: tuple[int, ...]

    @classmethod
    def of(cls, terms: Iterable[str]) -> Stems:
        """Stems of the one-word terms of at least four letters."""
        folded = {fold(t).casefold() for t in terms if " " not in t.strip() and len(t) >= 4}
        prefixes = frozenset(t[: max(4, len(t) - 1)] for t in folded)
        return cls(prefixes, tuple(sorted({len(p) for p in prefixes})))

    def derives(self, word: str) -> bool:
        """Whether `word` starts with a stem and is longer than it."""
        folded = fold(word).casefold()
        return any(len(folded) > n and folded[:n] in self.prefixes for n in self.lengths)


def candidate_names(linked: Linked) -> tuple[Candidate, ...]:
    """Capitalised names in the seeds outside every mention, most frequent first."""
    stems = Stems.of(t for e in linked.dossier.entities.values() for t in (e.name, *e.aliases))
    names: dict[tuple[str, bool], tuple[str, str] | None] = {}  # runs repeat: clean each once
    counts: Counter[str] = Counter()
    first: dict[str, tuple[str, str, int]] = {}
    for seed in linked.dossier.seeds.values():
        for paragraph in seed.paragraphs:
            if paragraph.duplicate_of is not None:
                continue
            text = paragraph.text
            spans = [
                (m.start, m.end) for m in linked.mentions_in.get((seed.id, paragraph.number), ())
            ]
            for start, end, opening in name_runs(text):
                run = (text[start:end], opening)
                if run not in names:
                    names[run] = _name_and_key(*run, stems)
                found = names[run]
                if found is None or any(s < end and start < e for s, e in spans):
                    continue
                name, key = found
                counts[key] += 1
                first.setdefault(key, (name, seed.id, paragraph.number))
    ranked = sorted(counts, key=lambda key: (-counts[key], key))
    return tuple(Candidate(first[k][0], counts[k], first[k][1], first[k][2]) for k in ranked)


def _name_and_key(run: str, opens_sentence: bool, stems: Stems) -> tuple[str, str] | None:
    """The candidate name in a run and the key it is counted by; None if there is none."""
    name = clean_run(run, opens_sentence)
    if not name or (" " not in name and stems.derives(name)):
        return None
    return name, fold(name).casefold()


def confidence_table(linked: Linked) -> dict[str, dict[str, int]]:
    """Claims counted by confidence, then by status, every level and status present."""
    table = {level: dict.fromkeys(STATUSES, 0) for level in CONFIDENCES}
    for ref in linked.claims.values():
        table[ref.claim.confidence][ref.claim.status] += 1
    return table


def overreaching_judgments(linked: Linked) -> tuple[tuple[int, KeyJudgment], ...]:
    """Key judgments whose confidence exceeds that of every claim supporting them."""
    found = []
    for number, judgment in enumerate(linked.dossier.info.key_judgments, 1):
        support = [linked.claims[c].claim.confidence for c in judgment.claims if c in linked.claims]
        if support and CONFIDENCE_RANK[judgment.confidence] > max(
            CONFIDENCE_RANK[c] for c in support
        ):
            found.append((number, judgment))
    return tuple(found)


def measure(linked: Linked) -> Coverage:
    """The coverage report of a linked dossier."""
    entities = linked.dossier.entities
    return Coverage(
        paragraphs=sum(
            p.duplicate_of is None
            for seed in linked.dossier.seeds.values()
            for p in seed.paragraphs
        ),
        uncited=tuple(uncited_paragraphs(linked)),
        candidates=candidate_names(linked),
        unclaimed=tuple(
            (entity_id, len(linked.mentions_of.get(entity_id, ())))
            for entity_id in entities
            if entity_id not in linked.claims_about
        ),
        confidence=confidence_table(linked),
        single_source=tuple(
            ref
            for ref in linked.claims.values()
            if ref.claim.confidence == "high" and len({c.seed for c in ref.claim.citations}) == 1
        ),
        overreaching=overreaching_judgments(linked),
    )


def excerpt(text: str, limit: int = 100) -> str:
    """The start of a paragraph, cut at a word and marked with an ellipsis."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def section(title: str, items: list[str]) -> list[str]:
    """A titled block of the text report, with its count; 'none' when empty."""
    return ["", f"{title} ({len(items)}):", *(f"  {item}" for item in items or ["none"])]


def format_text(coverage: Coverage, linked: Linked) -> str:
    """The report as plain text for a terminal; places are `path ¶paragraph` or `path`."""
    seeds, files = linked.dossier.seeds, linked.dossier.files
    share = f" ({coverage.cited / coverage.paragraphs:.0%})" if coverage.paragraphs else ""
    uncited = [
        f"{seeds[u.seed_id].path} ¶{u.paragraph.number}: {u.excerpt}"
        + (f"  [cited only by {', '.join(u.cited_by)}]" if u.cited_by else "")
        for u in coverage.uncited
    ]
    candidates = [
        f"{c.name}: {c.count}× (first in {seeds[c.seed_id].path} ¶{c.paragraph})"
        for c in coverage.candidates
    ]
    unclaimed = [f"{files[e].path}: mentioned {n}× in the seeds" for e, n in coverage.unclaimed]
    levels = [f"{level}: {sum(row.values())}" for level, row in coverage.confidence.items()]
    single = [f"{files[ref.owner].path}: {ref.claim.id}" for ref in coverage.single_source]
    judgments = [
        f"{files['dossier'].path}: key judgment {n} ({j.confidence})"
        for n, j in coverage.overreaching
    ]
    return "\n".join(
        [
            f"Paragraphs cited by a claim: {coverage.cited} of {coverage.paragraphs}{share}",
            *section("Paragraphs no claim cites", uncited),
            *section("Names in the seeds that match no entity or alias", candidates),
            *section("Entities no claim is about", unclaimed),
            "",
            "Claims by confidence (`dossier check` requires one on every claim):",
            *(f"  {line}" for line in levels),
            *section("High-confidence claims resting on a single seed", single),
            *section("Key judgments more confident than every claim behind them", judgments),
        ]
    )

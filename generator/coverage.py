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

from .link import citations
from .model import ClaimRef, KeyJudgment, Linked, Paragraph
from .text import fold
from .vocabulary import CONFIDENCES, STATUSES

_TOKEN = re.compile(r"[^\W_]\w*(?:['’-]\w+)*")
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
    run: list[re.Match[str]] = []
    pending: list[re.Match[str]] = []  # connectors that join the run only if a name follows
    for token in _TOKEN.finditer(text):
        word = token.group()
        if not run:  # and so no connector pending: most words of a text end here
            if word[0].isupper():
                run = [token]
            continue
        last = (pending or run)[-1]
        joined = not text[last.end() : token.start()].strip()
        if word[0].isupper():
            if not joined:
                yield from _close(text, run)
                run = []
            run += [*pending, token]
            pending = []
        elif joined and word in CONNECTORS and len(pending) < 2:
            pending.append(token)
        else:
            yield from _close(text, run)
            run, pending = [], []
    yield from _close(text, run)


def _close(text: str, run: list[re.Match[str]]) -> Iterator[tuple[int, int, bool]]:
    if run:
        before = text[: run[0].start()].rstrip(_OPENERS)
        yield run[0].start(), run[-1].end(), not before or before[-1] in ".!?…"


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
    counts: Counter[str] = Counter()
    first: dict[str, tuple[str, str, int]] = {}
    for seed in linked.dossier.seeds.values():
        for paragraph in seed.paragraphs:
            if paragraph.duplicate_of is not None:
                continue
            spans = [
                (m.start, m.end) for m in linked.mentions_in.get((seed.id, paragraph.number), ())
            ]
            for start, end, opening in name_runs(paragraph.text):
                name = clean_run(paragraph.text[start:end], opening)
                if not name or any(s < end and start < e for s, e in spans):
                    continue
                if " " not in name and stems.derives(name):
                    continue
                key = fold(name).casefold()
                counts[key] += 1
                first.setdefault(key, (name, seed.id, paragraph.number))
    ranked = sorted(counts, key=lambda key: (-counts[key], key))
    return tuple(Candidate(first[k][0], counts[k], first[k][1], first[k][2]) for k in ranked)


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

"""Make a synthetic dossier of size S, M or L, deterministically from a random seed.

    python -m benchmarks.synth --size M --seed 1 /tmp/dossier-m

Names and aliases come from many languages, accents included, and the seeds
sometimes spell them without accents. Every claim, relation, position and event
cites a sentence written into a numbered paragraph of a seed, every entity is
cited or mentioned, and some seeds carry a pull quote, so the dossier checks clean.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.write import MANIFEST, read_manifest

from . import prose
from .cast import Cast, slugify
from .names import CITIES, FILLERS, PUBLISHERS, TITLES, TOPICS

REPO = Path(__file__).resolve().parent.parent
SIZES = {"S": (50, 10), "M": (500, 100), "L": (5000, 1000)}  # entities, seeds
SHARES = {"person": 0.6, "organization": 0.2, "event": 0.17}  # the rest are countries
FOLDERS = {
    "person": "people",
    "organization": "organizations",
    "event": "events",
    "country": "countries",
}
CLAIMS = (0, 1, 2, 3, 4, 4, 5, 6, 7, 8)  # claims per entity, drawn uniformly: 4 on average
RELATIONS = (0, 0, 1, 1, 1, 2, 2, 3)
POSITIONS = (0, 0, 1, 1, 2)
ABOUT = (0, 0, 0, 1, 1, 2)
RELATION_TYPES: dict[str, dict[str, tuple[str, ...]]] = {
    "person": {
        "person": ("met_with", "knows", "opposes", "allied_with", "served_under", "accused"),
        "organization": ("member_of", "leads"),
        "country": ("citizen_of",),
    },
    "organization": {
        "country": ("located_in",),
        "organization": ("part_of", "allied_with", "opposes"),
        "person": ("investigates", "accused", "summoned"),
    },
    "country": {"country": ("allied_with", "opposes")},
    "event": {},
}
PARAGRAPH_SENTENCES = (1, 2, 2, 3, 3, 4)
FILLERS_PER_SEED = (2, 6)
PULL_QUOTE_SHARE = 0.15
STATUSES = ("reported", "alleged", "confirmed", "denied", "disputed")
CONFIDENCES = ("low", "moderate", "high")
LANGUAGES = ("es", "pt", "fr", "de", "pl", "tr", "vi")


@dataclass
class Sentence:
    """A sentence of a seed; its paragraph number is known once the seed is laid out."""

    seed: str
    text: str
    quote: str
    paragraph: int = 0


@dataclass
class Draft:
    """A seed being written: its metadata, its sentences, then its paragraphs."""

    id: str
    meta: dict[str, Any]
    sentences: list[Sentence] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Summary:
    """What a synthetic dossier holds."""

    entities: int
    claims: int
    seeds: int
    paragraphs: int


class _Dumper(yaml.CSafeDumper):
    """Plain YAML the loader accepts: no anchors; citations in flow style."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_sentence(dumper: _Dumper, sentence: Sentence) -> yaml.Node:
    citation = {"seed": sentence.seed, "paragraph": sentence.paragraph, "quote": sentence.quote}
    return dumper.represent_mapping("tag:yaml.org,2002:map", citation, flow_style=True)


_Dumper.add_representer(Sentence, _represent_sentence)


def dump(data: Any, path: Path) -> None:
    """Write one YAML file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


def quote_of(text: str, rng: random.Random) -> str:
    """What a contributor copies: the sentence or its longest clause, typed with straight quotes."""
    clauses = [c for c in text.split(", ") if len(c.split()) >= 5]
    chosen = max(clauses, key=len) if clauses and rng.random() < 0.4 else text
    return chosen.replace("“", '"').replace("”", '"')


class Synth:
    """One synthetic dossier, built in memory, then written out."""

    def __init__(self, size: str, seed: int) -> None:
        self.rng = random.Random(f"{size}-{seed}")
        self.size, self.seed = size, seed
        self.cast = Cast(self.rng)
        self.drafts: list[Draft] = []
        self.claim_ids: list[str] = []
        self.ids: list[str] = []

    def build(self) -> None:
        """Make the entities, the seeds, and every fact that ties them together."""
        entities, seeds = SIZES[self.size]
        counts = {kind: round(entities * share) for kind, share in SHARES.items()}
        self.cast.add_countries(entities - sum(counts.values()))
        self.cast.add_people(counts["person"])
        self.cast.add_organizations(counts["organization"])
        self.cast.add_events(counts["event"])
        self.ids = list(self.cast.records)
        self.add_drafts(seeds)
        for entity_id in list(self.cast.records):
            self.add_facts(entity_id)
        self.add_fillers()
        for draft in self.drafts:
            self.lay_out(draft)

    def add_drafts(self, count: int) -> None:
        """Empty seeds with their metadata."""
        rng = self.rng
        for number in range(1, count + 1):
            publisher = rng.choice(PUBLISHERS)
            year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
            seed_id = f"{year}-{month:02d}-{slugify(publisher)}-{number:04d}"
            title = f"{rng.choice(TOPICS).capitalize()}: new questions in {rng.choice(CITIES)}"
            meta: dict[str, Any] = {
                "title": title,
                "publisher": publisher,
                "url": f"https://example.org/news/{seed_id}",
                "published": f"{year}-{month:02d}-{day:02d}",
                "language": "en",
            }
            if rng.random() < 0.3:
                meta["translated_from"] = rng.choice(LANGUAGES)
            self.drafts.append(Draft(seed_id, meta))

    def write_sentence(self, text: str, draft: Draft | None = None) -> Sentence:
        """Put a sentence into a seed (a random one unless given)."""
        draft = draft or self.rng.choice(self.drafts)
        sentence = Sentence(draft.id, text, quote_of(text, self.rng))
        draft.sentences.append(sentence)
        return sentence

    def add_facts(self, entity_id: str) -> None:
        """The claims, relations, positions and event citations of one entity."""
        kind, record = self.cast.kinds[entity_id], self.cast.records[entity_id]
        if entity_id in self.cast.happenings:
            record["citations"] = [self.write_sentence(self.event_sentence(entity_id))]
        if kind == "person" and (positions := self.positions(entity_id)):
            record["positions"] = positions
        if claims := self.claims(entity_id):
            record["claims"] = claims
        if relations := self.relations(entity_id, kind):
            record["relations"] = relations

    def event_sentence(self, event_id: str) -> str:
        """The sentence reporting an event."""
        action, place, day = self.cast.happenings[event_id]
        who = [self.cast.say(p["entity"]) for p in self.cast.records[event_id]["participants"]]
        return prose.event(self.rng, who, action, place, day)

    def claims(self, owner: str) -> list[dict[str, Any]]:
        """Claims about `owner`, each told by an entity or an unnamed source."""
        rng, cast, ids = self.rng, self.cast, self.ids
        claims = []
        for number in range(1, rng.choice(CLAIMS) + 1):
            about = [a for a in rng.sample(ids, rng.choice(ABOUT)) if a != owner]
            teller = rng.choice(ids) if rng.random() < 0.6 else None
            src = cast.say(teller) if teller else prose.source(rng)
            verb, topic = prose.act(rng)
            text = prose.claim(
                rng, cast.say(owner), [cast.say(a) for a in about], src, (verb, topic)
            )
            names = " and ".join(cast.records[a]["name"] for a in about)
            claim: dict[str, Any] = {
                "id": f"{owner}-{number}",
                "statement": f"{cast.records[owner]['name']} {verb} {topic}"
                + (f" with {names}." if about else "."),
                "attributed_to": teller or src,
                "status": rng.choice(STATUSES),
                "confidence": rng.choice(CONFIDENCES),
            }
            if about:
                claim["about"] = about
            claim["citations"] = [self.write_sentence(text)]
            claims.append(claim)
            self.claim_ids.append(claim["id"])
        return claims

    def relations(self, source: str, kind: str) -> list[dict[str, Any]]:
        """Typed links from `source` to entities of fitting kinds."""
        rng, targets = self.rng, RELATION_TYPES[kind]
        relations = []
        for _ in range(rng.choice(RELATIONS) if targets else 0):
            target_kind = rng.choice(sorted(targets))
            relation_type = rng.choice(targets[target_kind])
            target = rng.choice(self.cast.of_kind(target_kind))
            if target == source:
                continue
            text = prose.relation(rng, relation_type, self.cast.say(source), self.cast.say(target))
            relations.append(
                {"type": relation_type, "target": target, "citations": [self.write_sentence(text)]}
            )
        return relations

    def positions(self, person: str) -> list[dict[str, Any]]:
        """Offices a person held at an organization."""
        rng, organizations = self.rng, self.cast.of_kind("organization")
        positions = []
        for _ in range(rng.choice(POSITIONS)):
            org, title, start = (
                rng.choice(organizations),
                rng.choice(TITLES),
                rng.randint(2000, 2020),
            )
            years = f"{start}/{start + rng.randint(1, 6)}"
            text = prose.position(rng, self.cast.say(person), title, self.cast.say(org), years)
            country = self.cast.records[org]["country"]
            positions.append(
                {
                    "title": title.capitalize(),
                    "organization": org,
                    "country": country,
                    "date": years,
                    "citations": [self.write_sentence(text)],
                }
            )
        return positions

    def add_fillers(self) -> None:
        """Sentences no data file cites; they also name every entity nothing else uses.

        A seed uses each filler at most once, as a news report would.
        """
        rng, cast, ids = self.rng, self.cast, self.ids
        for draft in self.drafts:
            for template in rng.sample(FILLERS, rng.randint(*FILLERS_PER_SEED)):
                x, y = cast.say(rng.choice(ids)), cast.say(rng.choice(ids))
                self.write_sentence(prose.filler(rng, template, x, y), draft)
        for entity_id in sorted(set(ids) - self.used()):
            text = prose.UNUSED.format(x=cast.say(entity_id), topic=rng.choice(TOPICS))
            self.write_sentence(text)

    def used(self) -> set[str]:
        """Entities that cite a seed, or that a claim is about or a relation points to."""
        used = set()
        for entity_id, record in self.cast.records.items():
            if any(key in record for key in ("claims", "relations", "positions", "citations")):
                used.add(entity_id)
            used.update(a for claim in record.get("claims", ()) for a in claim.get("about", ()))
            used.update(r["target"] for r in record.get("relations", ()))
        return used

    def lay_out(self, draft: Draft) -> None:
        """Shuffle a seed's sentences into numbered paragraphs, sometimes with a pull quote."""
        rng, sentences = self.rng, draft.sentences
        rng.shuffle(sentences)
        groups: list[list[Sentence]] = []
        start = 0
        while start < len(sentences):
            size = rng.choice(PARAGRAPH_SENTENCES)
            groups.append(sentences[start : start + size])
            start += size
        long = [i for i, group in enumerate(groups) if len(group) > 1]
        quote_after, pulled = -1, ""
        if long and rng.random() < PULL_QUOTE_SHARE:
            at = rng.choice(long)
            pulled = max(groups[at], key=lambda s: len(s.text)).text
            quote_after = min(at + 1, len(groups) - 1)  # one paragraph later, as a pull quote
        for index, group in enumerate(groups):
            for sentence in group:
                sentence.paragraph = len(draft.paragraphs) + 1
            draft.paragraphs.append(" ".join(s.text for s in group))
            if index == quote_after:
                draft.paragraphs.append(pulled)

    def info(self) -> dict[str, Any]:
        """data/dossier.yml."""
        entities, seeds = SIZES[self.size]
        judgments = [
            {
                "text": f"Judgment {n}: the reports are consistent on the main facts.",
                "confidence": CONFIDENCES[n % 3],
                "claims": self.rng.sample(self.claim_ids, 2),
            }
            for n in range(1, 4)
        ]
        return {
            "id": f"synthetic-{self.size.lower()}-{self.seed}",
            "title": f"Synthetic dossier {self.size} (seed {self.seed})",
            "subtitle": f"{entities:,} entities and {seeds:,} seeds of invented benchmark data",
            "as_of": "2025-11-01",
            "authors": ["benchmarks/synth.py"],
            "handling": "Synthetic benchmark data: every name, quote and event is invented.",
            "bluf": "Invented reports about invented people, made to measure the generator.",
            "key_judgments": judgments,
        }

    def write(self, root: Path) -> Summary:
        """Write data/ and seeds/ under `root`."""
        for entity_id, record in self.cast.records.items():
            dump(record, root / "data" / FOLDERS[self.cast.kinds[entity_id]] / f"{entity_id}.yml")
        dump(self.info(), root / "data" / "dossier.yml")
        for draft in self.drafts:
            (root / "seeds").mkdir(parents=True, exist_ok=True)
            (root / "seeds" / f"{draft.id}.txt").write_text(
                "\n\n".join(draft.paragraphs) + "\n", "utf-8"
            )
            dump(draft.meta, root / "seeds" / f"{draft.id}.yml")
        paragraphs = sum(len(d.paragraphs) for d in self.drafts)
        return Summary(len(self.cast.records), len(self.claim_ids), len(self.drafts), paragraphs)


def add_site_config(root: Path) -> None:
    """Copy this repository's mkdocs.yml, theme overrides and hand-written docs/ files."""
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if (REPO / "overrides").is_dir():
        shutil.copytree(REPO / "overrides", root / "overrides")
    generated = read_manifest(REPO / "docs") | {MANIFEST}
    for source in sorted((REPO / "docs").rglob("*")):
        rel = source.relative_to(REPO / "docs").as_posix()
        if source.is_file() and rel not in generated:
            (root / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, root / "docs" / rel)


def make_dossier(root: Path, size: str, seed: int = 1) -> Summary:
    """Write a synthetic dossier of `size` (S, M or L) into the empty or new folder `root`."""
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty")
    synth = Synth(size, seed)
    synth.build()
    summary = synth.write(root)
    add_site_config(root)
    return summary


def main(argv: list[str] | None = None) -> None:
    """Command line: write one synthetic dossier."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path, help="where to write it (must be empty or new)")
    parser.add_argument("--size", choices=sorted(SIZES), default="S", help="S, M or L (default: S)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    args = parser.parse_args(argv)
    summary = make_dossier(args.folder, args.size, args.seed)
    print(
        f"{args.folder}: {summary.entities:,} entities, {summary.claims:,} claims, "
        f"{summary.seeds:,} seeds, {summary.paragraphs:,} paragraphs"
    )


if __name__ == "__main__":
    main()

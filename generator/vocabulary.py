"""Controlled vocabularies: statuses, confidence levels, kinds and relation types."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

Status = Literal["reported", "alleged", "confirmed", "denied", "disputed"]
Confidence = Literal["low", "moderate", "high"]
Kind = Literal["person", "country", "organization", "event"]

STATUSES: dict[str, str] = {
    "confirmed": "Established by the source's own evidence or by an official record it quotes.",
    "reported": "Stated as fact by the source or by someone it quotes, not independently checked.",
    "alleged": "An accusation or suspicion voiced by someone; not established.",
    "disputed": "Asserted by some and contested by others.",
    "denied": "Explicitly denied by the party concerned.",
}
CONFIDENCES: dict[str, str] = {
    "high": "Well-corroborated information from sources we judge reliable; still not a certainty.",
    "moderate": "Credibly sourced and plausible, but not corroborated enough for high confidence.",
    "low": "Scant, questionable or fragmented information; a judgment we hold loosely.",
}
KINDS: dict[str, tuple[str, str]] = {
    "person": ("people", "People"),
    "country": ("countries", "Countries"),
    "organization": ("organizations", "Organizations"),
    "event": ("events", "Events"),
}
ORGANIZATION_KINDS = (
    "government body",
    "ministry",
    "embassy",
    "head of state office",
    "legislature",
    "court",
    "prosecutor",
    "police",
    "military",
    "intelligence service",
    "party",
    "union",
    "student organization",
    "youth organization",
    "movement",
    "media",
    "company",
    "non-governmental organization",
    "international organization",
    "treaty",
    "other",
)
OrganizationKind = Literal[ORGANIZATION_KINDS]  # type: ignore[valid-type]

# relation type -> (label from the source's side, label from the target's side)
RELATIONS: dict[str, tuple[str, str]] = {
    "spouse_of": ("spouse of", "spouse of"),
    "relative_of": ("relative of", "relative of"),
    "member_of": ("member of", "has member"),
    "holds_position": ("holds a position in", "has office holder"),
    "posted_to": ("posted to", "hosted posting of"),
    "citizen_of": ("citizen of", "has citizen"),
    "leads": ("leads", "led by"),
    "part_of": ("part of", "includes"),
    "minister_under": ("minister under", "had as minister"),
    "served_under": ("served under", "had serving under"),
    "summoned": ("summoned", "summoned by"),
    "accused": ("accused", "accused by"),
    "met_with": ("met with", "met with"),
    "knows": ("knows", "knows"),
    "allied_with": ("allied with", "allied with"),
    "opposes": ("opposes", "opposed by"),
    "protects": ("protects", "protected by"),
    "investigates": ("investigates", "investigated by"),
    "prosecutes": ("prosecutes", "prosecuted by"),
    "expelled": ("expelled", "expelled by"),
    "requested": ("made a request to", "received a request from"),
    "asylum_in": ("sought asylum in", "was asked for asylum by"),
    "reported_by": ("reported by", "reported on"),
    "statement_by": ("statement by", "issued"),
    "located_in": ("located in", "location of"),
    "participant_in": ("took part in", "had participant"),
    "successor_of": ("successor of", "predecessor of"),
    "related_to": ("related to", "related to"),
}


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (officially assigned, 249)."""
    text = resources.files("generator").joinpath("data/iso3166-1-alpha2.txt").read_text()
    return frozenset(text.split())

"""Relations and agreements: partnership levels, their changes, and named accords.

"upgraded bilateral ties to a comprehensive strategic partnership in January" ->
Relation(parties, level="comprehensive strategic partnership", change="upgraded", since=2023-01).
"""

from __future__ import annotations

import re
from typing import Literal

from spacy.tokens import Doc, Span

from attache.schema import Agreement, Evidence, Relation, Timex
from attache.stages.actors import ActorIndex

LEVEL = re.compile(
    r"\b(?P<level>(?:(?:permanent|all-round|all-weather|comprehensive|strategic|cooperative|"
    r"global|special|privileged|enhanced|new-type|good-neighbourly|good-neighborly|friendly|"
    r"long-term|close|mutually beneficial|innovative)[\s-]+)*"
    r"(?:partnership|alliance|partners))\b",
    re.I,
)
CHANGE: list[tuple[Change, re.Pattern[str]]] = [
    ("upgraded", re.compile(r"\b(upgrad\w*|elevat\w*|rais\w* .{0,40}\bto)\b", re.I)),
    ("established", re.compile(r"\b(establish\w*|form\w*|forg\w*|launch\w*)\b", re.I)),
    ("downgraded", re.compile(r"\b(downgrad\w*|suspend\w*|cut|sever\w*)\b", re.I)),
]
CAPITALISED = r"[A-Z][\w-]*(?<!'s)"
AGREEMENT = re.compile(
    r"(?<![\w'])(?P<name>(?:" + CAPITALISED + r"\s+(?:(?:and|of|on|for|the)\s+)?)*?"
    r"(?:" + CAPITALISED + r"\s+(?:[a-z]+\s+)?)?"
    r"(?P<kind>Memorandum of Understanding|Memorandum|Agreement|Treaty|Initiative|initiative|"
    r"Accord|Pact|Declaration|Mechanism|mechanism|Convention|Protocol)"
    r"(?:\s+(?:on|of|for|between|and)\s+(?:the\s+)?" + CAPITALISED + r"(?:\s+" + CAPITALISED
    + r")*)*)"
)
SIGNING = re.compile(r"\b(sign|ink|conclud|ratif|adopt|reach)\w*", re.I)
Change = Literal["stated", "upgraded", "established", "downgraded"]
AgreementKind = Literal["agreement", "memorandum", "initiative", "treaty", "mechanism"]
KIND_OF: dict[str, AgreementKind] = {
    "memorandum of understanding": "memorandum", "memorandum": "memorandum",
    "initiative": "initiative", "treaty": "treaty", "mechanism": "mechanism",
}
DATE_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def extract_relations(doc: Doc, index: ActorIndex, timexes: list[Timex]) -> list[Relation]:
    relations: list[Relation] = []
    recent: list[str] = []
    for sent in doc.sents:
        named = index.countries_in(sent)
        text = sent.text  # spaCy joins the tokens' text on every access
        parties = _parties(text, named, recent)
        for match in LEVEL.finditer(text):
            level = match.group("level").lower()
            if len(level.split()) < 2 or len(parties) != 2:
                continue
            change = _change(text, match.start())
            if any(r.parties == sorted(parties) and r.level == level and r.change == change
                   for r in relations):
                continue
            relations.append(Relation(
                parties=sorted(parties), level=level, change=change,
                since=_date_near(sent, match.end(), timexes) if change != "stated" else None,
                evidence=_evidence(sent),
            ))
        recent = [c for c in recent if c not in named] + named
    return relations


def extract_agreements(doc: Doc, index: ActorIndex, timexes: list[Timex]) -> list[Agreement]:
    found: dict[str, Agreement] = {}
    for sent in doc.sents:
        named = index.countries_in(sent)
        text = sent.text
        for match in AGREEMENT.finditer(text):
            name = _tidy_name(match.group("name"))
            if len(name.split()) < 2 or name.lower() in found:
                continue
            kind = _kind(match.group("kind"))
            signed = kind not in ("initiative", "mechanism") and SIGNING.search(text)
            found[name.lower()] = Agreement(
                name=name, kind=kind, parties=sorted(set(named)),
                date=_date_near(sent, match.start(), timexes) if signed else None,
                evidence=_evidence(sent),
            )
    return list(found.values())


def _parties(text: str, named: list[str], recent: list[str]) -> list[str]:
    if len(named) >= 2:
        return named[:2]
    if re.search(r"\b(bilateral|the two (countries|sides|nations)|both sides)\b", text, re.I):
        return (named + [c for c in reversed(recent) if c not in named])[:2]
    return named


def _change(text: str, level_start: int) -> Change:
    before = text[max(0, level_start - 80): level_start]
    for change, pattern in CHANGE:
        if pattern.search(before):
            return change
    return "stated"


def _date_near(sent: Span, char: int, timexes: list[Timex]) -> str | None:
    """The nearest day/month/year expression in the sentence to an absolute position."""
    absolute = sent.start_char + char
    candidates = [t for t in timexes if sent.start_char <= t.start < sent.end_char
                  and t.value and DATE_VALUE.match(t.value)]
    if not candidates:
        return None
    return min(candidates, key=lambda t: abs(t.start - absolute)).value


def _kind(word: str) -> AgreementKind:
    return KIND_OF.get(word.lower(), "agreement")


def _tidy_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip()
    name = re.sub(r"^(the|The)\s+", "", name)
    return re.sub(r"\s+(and|of|the|on|for|between)$", "", name)


def _evidence(sent: Span) -> Evidence:
    return Evidence(sentence=sent.text, start=sent.start_char, end=sent.end_char)


"""Cross-article actor identity: one canonical actor per real-world actor in the store.

Each article names its actors on its own: the same man is `person:gurbanguly-berdimuhamedov`
in one article and `person:gurbanguly-berdymukhamedov` in another. `build_registry` groups the
stored actor records (a `Sighting` each) into `RegistryActor`s that keep every spelling, the
roles over time, first and last seen, and the evidence (article, name, roles, mentions).

Countries, knowledge-base organisations, `org:` and `group:` actors already carry ids that are
stable across articles and are grouped by id. People are grouped in three steps:

1. sightings the knowledge base resolves to the same person (`KnowledgeBase.person_for` on the
   name, the article date and the country) share that person's id and canonical name;
2. sightings whose full names agree, folded or by spelling skeleton ("Berdimuhamedov",
   "Berdymukhamedov"), are joined unless their countries (or knowledge-base people) conflict;
3. a one-word name ("Berdimuhamedov") joins the one group that has a name word spelled alike
   and a compatible country; when two groups qualify (the father and the son) it stays apart.

A group's id is the knowledge-base id if it has one, else the id of its earliest sighting.

The registry feeds back into extraction: `learned_people` turns the people it knows and the
knowledge base does not into `PersonEntry`s, and `learned_knowledge` adds them to a knowledge
base, so that a later article's "Sklyar" or "Berdymukhamedov" resolves to the stored actor
with the country and sector it had around that date (see `learned_people` for the rules).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from attache.kb.actors import KnowledgeBase
from attache.kb.people import (
    PersonEntry,
    Role,
    distinctive_skeleton,
    name_key,
    name_tokens,
    skeleton,
    word_keys,
)
from attache.schema import Actor, Mention
from attache.store import EventRow, Store

__all__ = [
    "LEARNED_ROLE_MARGIN", "ActorEvidence", "EventLink", "KnownRole", "Registry",
    "RegistryActor", "RoleSpan", "Sighting", "build_registry", "learned_knowledge",
    "learned_people", "load_registry", "sightings_from_store",
]


@dataclass(frozen=True)
class Sighting:
    """One stored actor record: the actor as one article extracted it."""

    article_id: str
    published: date | None
    actor: Actor

    @property
    def member(self) -> tuple[str, str]:
        return self.article_id, self.actor.id


class RoleSpan(BaseModel):
    """A title as written, with the country and sector it came with, and when it was seen."""

    role: str
    country: str | None
    sector: str | None
    first_seen: str | None
    last_seen: str | None
    articles: list[str]


class KnownRole(BaseModel):
    """A role from the knowledge base (bundled dictionary or user file)."""

    code: str
    country: str | None
    sector: str | None
    start: str | None
    end: str | None


class ActorEvidence(BaseModel):
    """Where the actor was seen: the article's own actor record, in short."""

    article_id: str
    published: str | None
    actor_id: str
    name: str
    roles: list[str]
    country: str | None
    sector: str | None
    mentions: list[Mention]


class EventLink(BaseModel):
    """An event the actor takes part in, as source or target."""

    article_id: str
    event_id: str
    side: Literal["source", "target"]
    date: str | None
    plover: str
    cameo: str
    other: str | None
    other_country: str | None
    evidence: str


class RegistryActor(Actor):
    """A canonical actor: the fields of the extraction record's Actor, plus its history."""

    model_config = ConfigDict(extra="forbid")

    first_seen: str | None = None
    last_seen: str | None = None
    articles: list[str] = []
    members: list[str] = []
    role_history: list[RoleSpan] = []
    kb_roles: list[KnownRole] = []
    evidence: list[ActorEvidence] = []
    events: list[EventLink] = []


# ---------------------------------------------------------------------------------------------
# Reading the store
# ---------------------------------------------------------------------------------------------

_SIGHTINGS_SQL = """SELECT ac.article_id, a.published, ac.id, ac.name, ac.kind, ac.country,
    ac.sector, ac.roles, ac.aliases, ac.mentions FROM actors ac
    JOIN articles a ON a.id = ac.article_id
    ORDER BY a.published NULLS LAST, ac.article_id, ac.seq"""


def sightings_from_store(store: Store) -> list[Sighting]:
    """Every stored actor record with its article's publication date, oldest first."""
    rows = store.connection.execute(_SIGHTINGS_SQL).fetchall()
    return [_sighting(row) for row in rows]


def _sighting(row: Sequence[Any]) -> Sighting:
    article_id, published, actor_id, name, kind, country, sector, roles, aliases, mentions = row
    actor = Actor(id=actor_id, name=name, kind=kind, country=country, sector=sector,
                  roles=list(roles or []), aliases=list(aliases or []),
                  mentions=json.loads(mentions) if isinstance(mentions, str) else mentions or [])
    return Sighting(article_id, published, actor)


# ---------------------------------------------------------------------------------------------
# Grouping people
# ---------------------------------------------------------------------------------------------


@dataclass
class _Group:
    countries: set[str] = field(default_factory=set)
    kb_ids: set[str] = field(default_factory=set)

    def compatible(self, other: _Group) -> bool:
        """Not two different knowledge-base people, and a country in common (or none known)."""
        if self.kb_ids and other.kb_ids:
            return self.kb_ids == other.kb_ids
        return not self.countries or not other.countries or bool(self.countries & other.countries)


class _Unions:
    """Union-find over sightings; two sets join only when their groups are compatible."""

    def __init__(self, groups: list[_Group]) -> None:
        self.parent = list(range(len(groups)))
        self.groups = groups

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b:
            return True
        if not self.groups[a].compatible(self.groups[b]):
            return False
        self.groups[a].countries |= self.groups[b].countries
        self.groups[a].kb_ids |= self.groups[b].kb_ids
        self.parent[b] = a
        return True


def _full_name_keys(name: str) -> list[str]:
    keys = [f"name:{name_key(name)}"]
    spelled = distinctive_skeleton(name)
    return keys + [f"spelling:{spelled}"] if spelled else keys


def _person_key(kb: KnowledgeBase) -> Callable[[Sighting], str | None]:
    @cache
    def lookup(name: str, on: date | None, country: str | None) -> str | None:
        match = kb.person_for(name, on, country)
        return match.id if match else None

    return lambda s: lookup(s.actor.name, s.published, s.actor.country)


def _group_people(
    people: list[Sighting], kb: KnowledgeBase
) -> list[tuple[list[int], str | None]]:
    """Groups of sighting indices, each with its knowledge-base person id (or None)."""
    kb_id = _person_key(kb)
    groups = [_Group({s.actor.country} if s.actor.country else set()) for s in people]
    unions = _Unions(groups)
    full = [i for i, s in enumerate(people) if len(name_tokens(s.actor.name)) >= 2]
    by_key: dict[str, int] = {}
    for i in full:
        found = kb_id(people[i])
        groups[i].kb_ids = {found} if found else set()
        keys = [f"kb:{found}"] if found else []
        for key in keys + _full_name_keys(people[i].actor.name):
            if key in by_key:
                unions.union(by_key[key], i)
            by_key.setdefault(key, i)
    _attach_short_names(people, unions, full)
    members: dict[int, list[int]] = {}
    for i in range(len(people)):
        members.setdefault(unions.find(i), []).append(i)
    return [(indices, _single(groups[root].kb_ids)) for root, indices in members.items()]


def _single(values: set[str]) -> str | None:
    return next(iter(values)) if len(values) == 1 else None


def _attach_short_names(people: list[Sighting], unions: _Unions, full: list[int]) -> None:
    owners: dict[str, set[int]] = {}
    for i in full:
        for word in name_tokens(people[i].actor.name):
            for key in word_keys(word):
                owners.setdefault(key, set()).add(unions.find(i))
    for i, sighting in enumerate(people):
        if i in full:
            continue
        roots = {r for key in word_keys(sighting.actor.name) for r in owners.get(key, ())}
        fits = [r for r in roots if unions.groups[r].compatible(unions.groups[unions.find(i)])]
        if len(fits) == 1:
            unions.union(fits[0], i)
    _join_equal_short_names(people, unions, full)


def _join_equal_short_names(people: list[Sighting], unions: _Unions, full: list[int]) -> None:
    first: dict[str, int] = {}
    for i, sighting in enumerate(people):
        if i not in full and unions.find(i) == i:
            key = name_key(sighting.actor.name)
            if key in first:
                unions.union(first[key], i)
            first.setdefault(key, i)


# ---------------------------------------------------------------------------------------------
# Building canonical actors
# ---------------------------------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _order(s: Sighting) -> tuple[date, str]:
    return s.published or date.max, s.article_id


def _evidence(s: Sighting) -> ActorEvidence:
    a = s.actor
    return ActorEvidence(article_id=s.article_id, published=_iso(s.published), actor_id=a.id,
                         name=a.name, roles=a.roles, country=a.country, sector=a.sector,
                         mentions=a.mentions)


def _role_history(sightings: list[Sighting]) -> list[RoleSpan]:
    spans: dict[tuple[str, str | None, str | None], RoleSpan] = {}
    for s in sightings:
        for role in s.actor.roles:
            key = (role, s.actor.country, s.actor.sector)
            span = spans.setdefault(key, RoleSpan(role=role, country=key[1], sector=key[2],
                                                  first_seen=None, last_seen=None, articles=[]))
            _widen(span, s)
    return sorted(spans.values(), key=lambda r: (r.first_seen or "9999", r.role))


def _widen(span: RoleSpan, s: Sighting) -> None:
    seen = _iso(s.published)
    if seen and (span.first_seen is None or seen < span.first_seen):
        span.first_seen = seen
    if seen and (span.last_seen is None or seen > span.last_seen):
        span.last_seen = seen
    if s.article_id not in span.articles:
        span.articles.append(s.article_id)


def _kb_roles(kb: KnowledgeBase, person_id: str | None) -> list[KnownRole]:
    person = kb.people.get(person_id) if person_id else None
    if person is None:
        return []
    roles = sorted(person.roles, key=lambda r: (not r.dated, r.start or r.end or date.min))
    return [KnownRole(code=r.code, country=r.country, sector=r.sector, start=_iso(r.start),
                      end=_iso(r.end)) for r in roles]


def _most_common(values: Iterable[str | None]) -> str | None:
    found = [v for v in values if v]
    if not found:
        return None
    counts = Counter(found)
    return max(reversed(found), key=lambda v: counts[v])


def _canonical(sightings: list[Sighting], kb: KnowledgeBase, kb_id: str | None) -> RegistryActor:
    ordered = sorted(sightings, key=_order)
    first, person = ordered[0].actor, kb.people.get(kb_id) if kb_id else None
    name = person.name if person else first.name
    names = [n for s in ordered for n in (s.actor.name, *s.actor.aliases)]
    dates = [s.published for s in ordered if s.published]
    country = _most_common(s.actor.country for s in ordered)
    kinds = Counter(s.actor.kind for s in ordered)
    return RegistryActor(
        id=kb_id or first.id, name=name, kind=max(kinds, key=lambda k: kinds[k]),
        country=country or (person.country if person else None),
        sector=next((s.actor.sector for s in reversed(ordered) if s.actor.sector), None),
        roles=list(dict.fromkeys(r for s in ordered for r in s.actor.roles)),
        aliases=[n for n in dict.fromkeys(names) if n != name],
        first_seen=_iso(min(dates, default=None)), last_seen=_iso(max(dates, default=None)),
        articles=list(dict.fromkeys(s.article_id for s in ordered)),
        members=list(dict.fromkeys(s.actor.id for s in ordered)),
        role_history=_role_history(ordered), kb_roles=_kb_roles(kb, kb_id),
        evidence=[_evidence(s) for s in ordered],
    )


class Registry:
    """The canonical actors of a store, and the map from (article, actor id) to them."""

    def __init__(self, actors: Iterable[tuple[RegistryActor, list[Sighting]]]) -> None:
        self.actors: dict[str, RegistryActor] = {}
        self._members: dict[tuple[str, str], str] = {}
        self._by_member: dict[str, set[str]] = {}
        for actor, sightings in actors:
            actor_id = _free_id(actor.id, self.actors)
            self.actors[actor_id] = actor.model_copy(update={"id": actor_id})
            for s in sightings:
                self._members[s.member] = actor_id
                self._by_member.setdefault(s.actor.id, set()).add(actor_id)

    def canonical_id(self, article_id: str, actor_id: str | None) -> str | None:
        """The canonical id of an article's actor id (None stays None)."""
        if actor_id is None:
            return None
        return self._members.get((article_id, actor_id), actor_id)

    def find(self, text: str) -> RegistryActor | None:
        """An actor by canonical id, by an article-level id, or by name or alias."""
        if text in self.actors:
            return self.actors[text]
        owners = self._by_member.get(text, set())
        if len(owners) == 1:
            return self.actors[next(iter(owners))]
        found = self.search(text=text)
        exact = [a for a in found if name_key(text) in {name_key(n) for n in _names(a)}]
        return exact[0] if len(exact) == 1 else (found[0] if len(found) == 1 else None)

    def search(
        self, text: str | None = None, country: str | None = None, kind: str | None = None
    ) -> list[RegistryActor]:
        """Actors whose name, alias or id contains `text` (folded; a spelling variant of a
        name also matches), seen with `country`, of `kind`; most articles first."""
        found = [a for a in self.actors.values()
                 if (kind is None or a.kind == kind)
                 and (country is None or _seen_in(a, country.upper()))
                 and (text is None or _text_matches(a, text))]
        return sorted(found, key=lambda a: (-len(a.articles), a.name))

    def events_of(self, actor: RegistryActor, events: Iterable[EventRow]) -> list[EventLink]:
        """The events in which `actor` is the source or the target."""
        links = []
        for event in events:
            for side, other in (("source", "target"), ("target", "source")):
                if self.canonical_id(event.article_id, getattr(event, side)) == actor.id:
                    links.append(self._link(event, side, other))
        return links

    def _link(self, event: EventRow, side: str, other: str) -> EventLink:
        return EventLink(
            article_id=event.article_id, event_id=event.id,
            side="source" if side == "source" else "target", date=event.date,
            plover=event.plover, cameo=event.cameo,
            other=self.canonical_id(event.article_id, getattr(event, other)),
            other_country=getattr(event, f"{other}_country"), evidence=event.evidence.sentence,
        )


def _free_id(actor_id: str, taken: dict[str, RegistryActor]) -> str:
    candidate, n = actor_id, 2
    while candidate in taken:
        candidate, n = f"{actor_id}-{n}", n + 1
    return candidate


def _names(actor: RegistryActor) -> list[str]:
    return [actor.name, *actor.aliases]


def _seen_in(actor: RegistryActor, country: str) -> bool:
    return actor.country == country or any(e.country == country for e in actor.evidence)


def _text_matches(actor: RegistryActor, text: str) -> bool:
    wanted = name_key(text)
    if not wanted:
        return False
    if any(wanted in name_key(n) for n in [*_names(actor), actor.id]):
        return True
    spelled = skeleton(text)
    if sum(ch != "V" for ch in spelled) < 4:
        return False
    words = [w for n in _names(actor) for w in (n, *name_tokens(n))]
    return any(skeleton(w) == spelled for w in words)


def build_registry(sightings: Iterable[Sighting], kb: KnowledgeBase) -> Registry:
    """Group the sightings into canonical actors (see the module docstring)."""
    people: list[Sighting] = []
    others: dict[str, list[Sighting]] = {}
    for s in sightings:
        if s.actor.kind == "person":
            people.append(s)
        else:
            others.setdefault(s.actor.id, []).append(s)
    built = [(_canonical(group, kb, None), group) for group in others.values()]
    for indices, kb_id in _group_people(people, kb):
        group = [people[i] for i in indices]
        built.append((_canonical(group, kb, kb_id), group))
    built.sort(key=lambda pair: _order(min(pair[1], key=_order)))
    return Registry(built)


def load_registry(store: Store, kb: KnowledgeBase) -> Registry:
    """The registry of everything in `store`."""
    return build_registry(sightings_from_store(store), kb)


# ---------------------------------------------------------------------------------------------
# Feeding back: the people the store taught
# ---------------------------------------------------------------------------------------------

# How far before its first and after its last sighting a learned role is taken to hold.
LEARNED_ROLE_MARGIN = timedelta(days=365)


def learned_people(registry: Registry, kb: KnowledgeBase) -> list[PersonEntry]:
    """The registry's people that `kb` does not know, as knowledge-base people.

    Names: the canonical name, every name the articles gave (not the mentions with titles),
    and the last word of each full name, so that a later bare surname can match (the people
    index lets a one-word name match only while a role is held). Roles: one per (country,
    sector) the dated sightings gave, held from `LEARNED_ROLE_MARGIN` before its first
    sighting to as long after its last, so a role seen in 2023 is not projected onto 2030.
    """
    known = kb.people
    return [_learned_person(actor) for actor in registry.actors.values()
            if actor.kind == "person" and actor.id not in known]


def learned_knowledge(store: Store, kb: KnowledgeBase) -> KnowledgeBase:
    """`kb` with the people learned from every article in `store`."""
    return kb.with_people(learned_people(load_registry(store, kb), kb))


def _learned_person(actor: RegistryActor) -> PersonEntry:
    names = [actor.name, *(e.name for e in actor.evidence)]
    surnames = [n.split()[-1] for n in names if len(n.split()) >= 2]
    aliases = [n for n in dict.fromkeys([*names, *surnames]) if n != actor.name]
    return PersonEntry(id=actor.id, name=actor.name, aliases=tuple(aliases),
                       roles=_learned_roles(actor.evidence))


def _learned_roles(evidence: Iterable[ActorEvidence]) -> tuple[Role, ...]:
    seen: dict[tuple[str | None, str | None], list[date]] = {}
    for item in evidence:
        if item.published and (item.country or item.sector):
            day = date.fromisoformat(item.published)
            seen.setdefault((item.country, item.sector), []).append(day)
    roles = [Role(f"{country or '---'}{sector or ''}", country, sector,
                  min(days) - LEARNED_ROLE_MARGIN, max(days) + LEARNED_ROLE_MARGIN)
             for (country, sector), days in seen.items()]
    # where periods overlap the first role wins: one with a sector, then the latest
    return tuple(sorted(roles, key=lambda r: (r.sector is None, date.max - (r.end or date.max))))

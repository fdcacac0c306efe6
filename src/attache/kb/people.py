"""Office-holders with date-bounded roles, and tolerant look-up of their names.

A `PersonEntry` has a canonical name, aliases and `Role`s (a CAMEO code such as `USAGOV`, its
country and sector, and the period it held). The bundled people come from the Phoenix/PETRARCH
dictionary (`tools/build_people.py`); user files add more (`attache.kb.user_actors`).

Which role is in force on a date (`role_on`), following PETRARCH where it has a rule:

- a dated role whose period contains the date, the first listed winning when periods overlap;
  an open-ended role ("since 2012-11-15") is only trusted up to `Role.confirmed_until` (for
  the bundled dictionary: two years after its most recent entry, see people.json `open_until`);
- else the person's undated default role, if the dictionary gives one (often `ELI`, elite);
- else no role: the match keeps the person's country but has `sector` None and status
  `outside`; `code`, `role_start` and `role_end` then describe the nearest role in time, for
  reference only. A role is never projected onto a date outside its period.

Name matching (`PeopleIndex.lookup`) is tolerant to case, accents, punctuation and common
transliteration variants, but guarded against over-matching:

1. `exact`: the accent- and case-folded words equal those of a name or alias;
2. `spelling`: only when nothing matched exactly and the name carries enough letters to be
   distinctive (two words and at least six consonants, or one word of seven): the consonant
   skeletons agree ("Berdimuhamedov" and "Berdymukhammedov" are both `bVrdVmVhVmVdVv`);
3. a mention with no capital letter matches nothing, and a one-word mention matches only a
   one-word alias the dictionary gives, and only while that person holds a role;
4. several candidates are narrowed by the country hint and then by a role in force on the date;
   if more than one remains, nothing is returned rather than a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal

RoleStatus = Literal["dated", "default", "outside"]
MatchKind = Literal["exact", "spelling"]

_FOLD = str.maketrans({
    "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d",
    "\u2019": "", "\u2018": "", "\u02bc": "", "'": "", "`": "",
})
_TOKEN = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"['\u2019]s$")
_SKELETON_RULES = tuple((re.compile(p), r) for p, r in (
    ("tsch", "ch"), ("tch", "ch"), ("dzh", "j"), ("zh", "j"), ("dj", "j"), ("kh", "h"),
    ("gh", "g"), ("ph", "f"), ("th", "t"), ("dh", "d"), ("ck", "k"), ("q", "k"),
    ("c(?!h)", "k"), ("w", "v"), (r"([b-df-hj-np-tv-xz])\1+", r"\1"), ("[aeiouy]+", "V"),
))
MIN_SKELETON = 6
MIN_SKELETON_ONE_WORD = 7


def fold(text: str) -> str:
    """Accents and special letters to plain ASCII letters: "Erdoğan" -> "Erdogan"."""
    text = text.translate(_FOLD)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_tokens(text: str) -> list[str]:
    """Lower-case ASCII words of a name; hyphens, dots and spaces separate words."""
    return _TOKEN.findall(fold(text).lower())


def _key_tokens(text: str) -> list[str]:
    return name_tokens(_POSSESSIVE.sub("", text.strip()))


def name_key(text: str) -> str:
    """"Kassym-Jomart Tokayev's" and "KASSYM JOMART TOKAYEV" -> "kassym jomart tokayev"."""
    return " ".join(_key_tokens(text))


def skeleton(text: str) -> str:
    """Consonant skeleton of a whole name, spelling variants mapped together: digraphs folded
    (kh -> h, zh -> j, q -> k, w -> v ...), double consonants single, every run of vowels one
    `V`: "Berdymukhammedov" and "Berdimuhamedow" -> "bVrdVmVhVmVdVv"."""
    return _skeleton(name_tokens(text))


def _skeleton(tokens: list[str]) -> str:
    joined = "".join(tokens)
    for pattern, replacement in _SKELETON_RULES:
        joined = pattern.sub(replacement, joined)
    return joined


MIN_WORD_SKELETON = 4


@lru_cache(maxsize=100_000)  # called for every name word against every person of an article
def word_keys(word: str) -> frozenset[str]:
    """Keys under which one name word matches another: its folded form ("word:erdogan") and,
    with at least four consonants, its skeleton ("wordspelling:bVrdVmVhVmVdVv", shared by
    "Berdimuhamedov" and "Berdymukhamedov"). Two words match when they share a key."""
    key = name_key(word)
    if not key:
        return frozenset()
    spelled = skeleton(word)
    keys = {f"word:{key}"}
    if sum(ch != "V" for ch in spelled) >= MIN_WORD_SKELETON:
        keys.add(f"wordspelling:{spelled}")
    return frozenset(keys)


def distinctive_skeleton(text: str) -> str | None:
    """The skeleton when it has enough consonants to identify a name, else None."""
    return _distinctive(name_tokens(text))


def _distinctive(tokens: list[str]) -> str | None:
    key = _skeleton(tokens)
    needed = MIN_SKELETON if len(tokens) >= 2 else MIN_SKELETON_ONE_WORD
    consonants = sum(ch != "V" for ch in key)
    return key if tokens and consonants >= needed else None


@dataclass(frozen=True)
class Role:
    """A CAMEO code held over a period; `start`/`end` included, None open. A role without
    dates is the person's default role."""

    code: str
    country: str | None
    sector: str | None
    start: date | None = None
    end: date | None = None
    confirmed_until: date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def last_day(self) -> date | None:
        """The last day the role is known to be held: `end`, else `confirmed_until`."""
        return self.end if self.end is not None else self.confirmed_until

    def covers(self, on: date) -> bool:
        last = self.last_day()
        return (self.start is None or self.start <= on) and (last is None or on <= last)

    def distance(self, on: date) -> int:
        """Days between `on` and the period (0 inside it)."""
        last = self.last_day()
        if self.start is not None and on < self.start:
            return (self.start - on).days
        return (on - last).days if last is not None and on > last else 0


@dataclass(frozen=True)
class PersonEntry:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()

    @property
    def country(self) -> str | None:
        """The country of most of the person's roles (the latest one on a tie)."""
        countries = [r.country for r in self._by_start() if r.country]
        if not countries:
            return None
        counts = Counter(countries)
        return max(reversed(countries), key=lambda c: counts[c])

    @property
    def countries(self) -> frozenset[str]:
        return frozenset(r.country for r in self.roles if r.country)

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def _by_start(self) -> list[Role]:
        return sorted(self.roles, key=lambda r: r.start or r.end or date.min)


@dataclass(frozen=True)
class PersonMatch:
    """A person found by name, with the role in force on the date asked about.

    `status` is `dated` (a dated role covers the date), `default` (the undated default role
    applies) or `outside` (no role: `sector` is None and `code`, `role_start`, `role_end`
    describe the nearest role, for reference). `role_end` None is an open-ended role. `match`
    says how the name matched: `exact` or `spelling` (a transliteration variant).
    """

    id: str
    name: str
    country: str | None
    sector: str | None
    code: str | None
    role_start: date | None
    role_end: date | None
    status: RoleStatus
    match: MatchKind = "exact"

    @property
    def in_role(self) -> bool:
        return self.status != "outside"


def role_on(person: PersonEntry, on: date | None) -> tuple[Role | None, RoleStatus]:
    """The role in force on `on` and its status (see the module docstring)."""
    dated = [r for r in person.roles if r.dated]
    if on is not None:
        for role in dated:
            if role.covers(on):
                return role, "dated"
    default = next((r for r in person.roles if not r.dated), None)
    if default is not None:
        return default, "default"
    return _nearest(dated, on), "outside"


def _nearest(roles: list[Role], on: date | None) -> Role | None:
    if not roles:
        return None
    if on is None:
        return max(roles, key=lambda r: r.start or r.end or date.min)
    return min(roles, key=lambda r: r.distance(on))


def match_person(person: PersonEntry, on: date | None, how: MatchKind = "exact") -> PersonMatch:
    role, status = role_on(person, on)
    country = (role.country if role else None) or person.country
    in_force = status != "outside" and role is not None
    return PersonMatch(
        id=person.id, name=person.name, country=country,
        sector=role.sector if in_force and role else None,
        code=role.code if role else None,
        role_start=role.start if role else None,
        role_end=role.end if role else None,
        status=status, match=how,
    )


class PeopleIndex:
    """Name look-ups over a set of people (see the module docstring for the rules)."""

    def __init__(self, people: Iterable[PersonEntry]) -> None:
        self.people: dict[str, PersonEntry] = {}
        self._exact: dict[str, set[str]] = {}
        self._spelling: dict[str, set[str]] = {}
        for person in people:
            self.people[person.id] = person
            for name in person.names():
                self._add(name, person.id)

    def _add(self, name: str, person_id: str) -> None:
        tokens = _key_tokens(name)
        if tokens:
            self._exact.setdefault(" ".join(tokens), set()).add(person_id)
        spelled = _distinctive(tokens)
        if spelled:
            self._spelling.setdefault(spelled, set()).add(person_id)

    def candidates(self, name: str) -> tuple[list[PersonEntry], MatchKind]:
        """People whose names match `name` exactly, else by spelling."""
        if not any(ch.isupper() for ch in name):
            return [], "exact"
        ids = self._exact.get(name_key(name), set())
        how: MatchKind = "exact"
        if not ids:
            spelled = distinctive_skeleton(name)
            ids, how = (self._spelling.get(spelled, set()) if spelled else set()), "spelling"
        return [self.people[i] for i in sorted(ids)], how

    def lookup(
        self, name: str, on: date | None = None, country: str | None = None
    ) -> PersonMatch | None:
        people, how = self.candidates(name)
        if country is not None:
            people = [p for p in people if country in p.countries or not p.countries]
        matches = [match_person(p, on, how) for p in people]
        if len(name_tokens(name)) == 1:
            matches = [m for m in matches if m.in_role]
        if len(matches) > 1:
            matches = [m for m in matches if m.status == "dated"]
        return matches[0] if len(matches) == 1 else None


def _date(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def role_from_list(data: list[Any], open_until: date | None = None) -> Role:
    """A role from its JSON form `[code, country, sector, start, end]`."""
    code, country, sector, start, end = (list(data) + [None] * 5)[:5]
    start_date, end_date = _date(start), _date(end)
    confirmed = open_until if start_date is not None and end_date is None else None
    return Role(str(code), country or None, sector or None, start_date, end_date, confirmed)


def person_from_dict(data: Mapping[str, Any], open_until: date | None = None) -> PersonEntry:
    """A `PersonEntry` from its JSON form (people.json)."""
    return PersonEntry(
        id=str(data["id"]),
        name=str(data["name"]),
        aliases=tuple(str(a) for a in data.get("aliases") or ()),
        roles=tuple(role_from_list(r, open_until) for r in data.get("roles") or ()),
    )


def people_from_data(data: Mapping[str, Any]) -> list[PersonEntry]:
    """The people of a parsed people.json document."""
    open_until = _date(data.get("open_until"))
    return [person_from_dict(d, open_until) for d in data.get("people") or ()]

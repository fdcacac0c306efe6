"""User actor files: extend or override the bundled knowledge base without code.

Formats (docs/actors.md has the full description and examples), chosen by the file suffix:

- `.csv`: one row per country, organisation, person role or ignored phrase, with the columns
  `kind,id,name,aliases,country,sector,code,start,end` (optional: `adjectives`, `demonyms`,
  `metonyms`, `capital`, `acronym`); several values in a cell are separated by `|`; several
  rows of one person are several roles; lines starting with `#` are comments.
- `.yaml` / `.yml`: lists under `countries`, `organizations`, `people` (each with `roles`) and
  `ignore`.
- anything else (`.txt`): a PETRARCH actor dictionary (`attache.kb.petrarch`). An entry with a
  dated code is a person; a bare three-letter code a country; `[---]` a phrase to ignore;
  other codes an organisation or group (a person when the name starts with a title).

Merging (`apply_user_actors`): a user entry with the code or id of a bundled one extends it
(names added, the user's name, capital, sector ... preferred); a user person also joins a
bundled person of the same name and country; the user's roles come first, so they win where
periods overlap. Every phrase a user entry lists is taken away from other entries, so the
user's reading wins ("EGYPT [UAR]" makes "Egypt" mean UAR). `ignore` phrases mean nothing.
Rows or lines that cannot be used are listed in `KnowledgeBase.notes` with the reason.
"""

from __future__ import annotations

import calendar
import csv
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from attache.errors import UsageError
from attache.kb.actors import (
    CountryEntry,
    KnowledgeBase,
    OrganizationEntry,
    clean_phrase,
)
from attache.kb.people import PersonEntry, Role, fold, name_key
from attache.kb.petrarch import (
    TRANSNATIONAL,
    DictionaryEntry,
    display_name,
    parse_date,
    read_actor_dictionary,
    split_code,
)

PERSON_TITLES = frozenset({
    "president", "prime", "premier", "chancellor", "king", "queen", "prince", "princess", "emir",
    "general", "secretary", "senator", "ambassador", "minister", "chairman", "ayatollah", "pope",
})
_CODE_TEXT = re.compile(r"^[A-Z0-9]{3,}$")


@dataclass
class UserActors:
    """What one user file adds, and the notes on what it could not use."""

    origin: str
    countries: list[CountryEntry] = field(default_factory=list)
    organizations: list[OrganizationEntry] = field(default_factory=list)
    people: list[PersonEntry] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def note(self, where: object, reason: str) -> None:
        self.notes.append(f"{self.origin}:{where}: {reason}")


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def read_user_actors(path: Path) -> UserActors:
    """Read a user actor file; raises `UsageError` when the file itself cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read actor file: {error}", origin=str(path)) from error
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(text, str(path))
    if suffix in (".yaml", ".yml"):
        return read_yaml(text, str(path))
    return read_petrarch(text, str(path))


def read_csv(text: str, origin: str = "<csv>") -> UserActors:
    """Actors from the CSV format (see the module docstring)."""
    user = UserActors(origin)
    lines = ["" if line.lstrip().startswith("#") else line for line in text.splitlines()]
    skip = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    reader = csv.DictReader(lines[skip:])
    if not reader.fieldnames or "kind" not in [f.strip() for f in reader.fieldnames]:
        raise UsageError("a CSV actor file needs a header with a `kind` column", origin=origin)
    for row in reader:
        item = {str(k).strip(): (v or "").strip() for k, v in row.items() if k is not None}
        _add_item(user, item.pop("kind", "").lower(), _csv_item(item), reader.line_num + skip)
    return user


def _csv_item(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row as the YAML item of its kind; a person row carries one role."""
    item: dict[str, Any] = {k: v for k, v in row.items() if v}
    if any(item.get(k) for k in ("code", "sector", "start", "end")):
        item["roles"] = [{k: item.get(k) for k in ("code", "country", "sector", "start", "end")}]
    return item


def read_yaml(text: str, origin: str = "<yaml>") -> UserActors:
    """Actors from the YAML format (see the module docstring)."""
    import yaml

    try:
        document = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise UsageError(f"not valid YAML: {error}", origin=origin) from error
    if not isinstance(document, Mapping):
        raise UsageError("a YAML actor file must be a mapping of lists", origin=origin)
    user = UserActors(origin)
    kinds = {"countries": "country", "organizations": "organization",
             "organisations": "organization", "people": "person"}
    for key, value in document.items():
        if key == "ignore":
            user.ignore.extend(_list(value))
        elif key in kinds and isinstance(value, list):
            for n, item in enumerate(value, start=1):
                _add_item(user, kinds[key], item, f"{key}[{n}]")
        else:
            user.note(key, "unknown section (expected countries, organizations, people, ignore)")
    return user


def read_petrarch(text: str, origin: str = "<petrarch>") -> UserActors:
    """Actors from a PETRARCH actor dictionary (see the module docstring)."""
    dictionary = read_actor_dictionary(text)
    user = UserActors(origin)
    for skipped in dictionary.skipped:
        user.note(skipped.line, f"{skipped.text!r}: {skipped.reason}")
    for entry in dictionary.entries:
        _add_petrarch_entry(user, entry)
    return user


def _add_item(user: UserActors, kind: str, item: Any, where: object) -> None:
    builders: dict[str, Callable[[Mapping[str, Any]], None]] = {
        "country": lambda d: user.countries.append(_country(d)),
        "organization": lambda d: user.organizations.append(_organization(d)),
        "organisation": lambda d: user.organizations.append(_organization(d)),
        "person": lambda d: _add_person(user.people, _person(d)),
        "ignore": lambda d: user.ignore.extend(_names(d)),
    }
    if kind not in builders:
        user.note(where, f"unknown kind {kind!r} (country, organization, person, ignore)")
    elif not isinstance(item, Mapping):
        user.note(where, "expected a mapping of fields")
    else:
        try:
            builders[kind](item)
        except (KeyError, ValueError, TypeError) as error:
            user.note(where, f"{kind} skipped: {error}")


def _list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split("|") if v.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def _names(item: Mapping[str, Any]) -> list[str]:
    names = [*_list(item.get("name")), *_list(item.get("aliases")), *_list(item.get("names"))]
    if not names:
        raise ValueError("no name")
    return list(dict.fromkeys(names))


def _country(item: Mapping[str, Any]) -> CountryEntry:
    code = str(item.get("code") or item.get("iso3") or item.get("id") or item.get("country")
               or "").strip().upper()
    if not _CODE_TEXT.match(code):
        raise ValueError(f"country code {code!r} must be letters or digits, e.g. ARN")
    names = _names(item)
    capital = item.get("capital")
    return CountryEntry(
        iso3=code, iso2="", name=names[0], names=tuple(names),
        adjectives=tuple(_list(item.get("adjectives"))),
        demonyms=tuple(_list(item.get("demonyms"))),
        metonyms=tuple(_list(item.get("metonyms"))),
        capital=str(capital) if capital else None, ambiguous=False,
    )


def _organization(item: Mapping[str, Any]) -> OrganizationEntry:
    names = _names(item)
    code = str(item.get("code") or "").upper() or None
    country, sectors = split_code(code) if code else (None, ())
    fallback = "IGO" if country is None else "CVL"  # a code without a known sector
    sector = str(item.get("sector") or (sectors[0] if sectors else fallback)).upper()
    return OrganizationEntry(
        id=str(item.get("id") or "org:" + _slug(names[0])), name=names[0],
        aliases=tuple(names[1:]), acronym=item.get("acronym") or None, code=code,
        sector=sector, country=_upper(item.get("country")) or country,
    )


def _person(item: Mapping[str, Any]) -> PersonEntry:
    names = _names(item)
    country = _upper(item.get("country"))
    roles = [_role(r, country) for r in item.get("roles") or ()]
    if not roles and country:
        roles = [Role(country, country, None)]
    return PersonEntry(id=str(item.get("id") or "person:" + _slug(names[0])), name=names[0],
                       aliases=tuple(names[1:]), roles=tuple(roles))


def _role(item: Mapping[str, Any], country: str | None) -> Role:
    code = _upper(item.get("code"))
    code_country, code_sectors = split_code(code) if code else (None, ())
    country = _upper(item.get("country")) or code_country or country
    sector = _upper(item.get("sector")) or (code_sectors[0] if code_sectors else None)
    code = code or f"{country or ''}{sector or ''}"
    if not code:
        raise ValueError("a role needs a code, a country or a sector")
    return Role(code, country, sector, _bound(item.get("start"), False),
                _bound(item.get("end"), True))


def _bound(value: Any, end: bool) -> date | None:
    """A role bound: a date, `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (the first or last day)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{6}|\d{8}", text):
        return parse_date(text)
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1] if end else 1
        return date(parts[0], parts[1], last)
    if len(parts) == 1 and len(text) == 4:
        return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)
    raise ValueError(f"date {text!r} is not YYYY-MM-DD, YYYY-MM or YYYY")


def _upper(value: Any) -> str | None:
    return str(value).strip().upper() or None if value else None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def _add_person(people: list[PersonEntry], person: PersonEntry) -> None:
    """Rows of the same person (same id) become one person with several roles."""
    for i, known in enumerate(people):
        if known.id == person.id:
            aliases = _unique([*known.aliases, *person.names()], drop=known.name)
            people[i] = replace(known, aliases=tuple(aliases), roles=known.roles + person.roles)
            return
    people.append(person)


def _unique(items: Iterable[str], drop: str = "") -> list[str]:
    seen = {name_key(drop)} if drop else set()
    out = []
    for item in items:
        if name_key(item) not in seen:
            seen.add(name_key(item))
            out.append(item)
    return out


def _add_petrarch_entry(user: UserActors, entry: DictionaryEntry) -> None:
    names = [display_name(n) for n in (entry.name, *entry.synonyms) if n.strip()]
    if not names or not entry.codes:
        user.note(entry.line, f"{entry.name or '(no name)'}: no name or no code")
        return
    default = [c for c in entry.codes if not c.dated]
    code = default[-1].code if default else None
    if any(c.dated for c in entry.codes):
        roles = [_role({"code": c.code, "start": c.start, "end": c.end}, None)
                 for c in entry.codes]
        _add_person(user.people, PersonEntry("person:" + _slug(names[0]), names[0],
                                             tuple(names[1:]), tuple(roles)))
    elif code == "---":
        user.ignore.extend(names)
    elif code is None or not _CODE_TEXT.match(code):
        user.note(entry.line, f"{entry.name}: code {code!r} is not supported")
    elif len(code) == 3 and code not in TRANSNATIONAL:
        user.countries.append(_country({"code": code, "names": names}))
    elif names[0].split()[0].lower() in PERSON_TITLES and len(names[0].split()) > 1:
        person = {"name": " ".join(names[0].split()[1:]), "aliases": names[1:],
                  "roles": [{"code": code}]}
        _add_person(user.people, _person(person))
    else:
        user.organizations.append(_organization({"names": names, "code": code}))


# ---------------------------------------------------------------------------------------------
# Merging
# ---------------------------------------------------------------------------------------------


def _key(phrase: str) -> str:
    return clean_phrase(phrase).casefold()


def _claims(user: UserActors) -> tuple[dict[str, str], dict[str, str]]:
    """Phrases the user assigns: (countries and organisations, people), phrase -> owner."""
    things: dict[str, str] = {}
    for country in user.countries:
        things.update((_key(p), country.iso3) for p, _ in country.phrases())
    for org in user.organizations:
        things.update((_key(p), org.id) for p in org.phrases())
    people = {_key(n): p.id for p in user.people for n in p.names()}
    for phrase in user.ignore:
        things[_key(phrase)] = people[_key(phrase)] = ""
    return things, people


def _keeps(claims: Mapping[str, str], owner: str) -> Callable[[str], bool]:
    return lambda phrase: claims.get(_key(phrase), owner) == owner


def _merge_country(base: CountryEntry | None, new: CountryEntry) -> CountryEntry:
    if base is None:
        return new
    return replace(
        base, name=new.name, names=tuple(_unique([*new.names, *base.names])),
        adjectives=tuple(_unique([*new.adjectives, *base.adjectives])),
        demonyms=tuple(_unique([*new.demonyms, *base.demonyms])),
        metonyms=tuple(_unique([*new.metonyms, *base.metonyms])),
        capital=new.capital or base.capital,
    )


def _filter_country(entry: CountryEntry, keep: Callable[[str], bool]) -> CountryEntry:
    return replace(
        entry, names=tuple(filter(keep, entry.names)),
        adjectives=tuple(filter(keep, entry.adjectives)),
        demonyms=tuple(filter(keep, entry.demonyms)),
        metonyms=tuple(filter(keep, entry.metonyms)),
    )


def _countries(
    kb: KnowledgeBase, user: UserActors, claims: dict[str, str]
) -> Iterator[CountryEntry]:
    merged = dict(kb.countries)
    for country in user.countries:
        merged[country.iso3] = _merge_country(merged.get(country.iso3), country)
    for entry in merged.values():
        yield _filter_country(entry, _keeps(claims, entry.iso3))


def _organizations(
    kb: KnowledgeBase, user: UserActors, claims: dict[str, str]
) -> Iterator[OrganizationEntry]:
    merged = dict(kb.organizations)
    for org in user.organizations:
        base = merged.get(org.id)
        if base is not None:
            org = replace(org, aliases=tuple(_unique([*org.aliases, *base.phrases()])),
                          acronym=org.acronym or base.acronym, code=org.code or base.code)
        merged[org.id] = org
    for org in merged.values():
        keep = _keeps(claims, org.id)
        if keep(org.name):
            yield replace(org, aliases=tuple(filter(keep, org.aliases)),
                          acronym=org.acronym if org.acronym and keep(org.acronym) else None)


def _same_person(base: PersonEntry, new: PersonEntry) -> bool:
    shared = not (base.countries and new.countries) or bool(base.countries & new.countries)
    return name_key(base.name) == name_key(new.name) and shared


def _people(kb: KnowledgeBase, user: UserActors, claims: dict[str, str]) -> list[PersonEntry]:
    merged = dict(kb.people)
    by_name = {name_key(p.name): p for p in merged.values()}
    for person in user.people:
        base = merged.get(person.id) or by_name.get(name_key(person.name))
        if base is not None and (base.id == person.id or _same_person(base, person)):
            aliases = _unique([*person.aliases, *base.names()], drop=person.name)
            person = replace(person, id=base.id, aliases=tuple(aliases),
                             roles=person.roles + base.roles)
        merged[person.id] = person
    kept = []
    for person in merged.values():
        keep = _keeps(claims, person.id)
        kept.append(replace(person, aliases=tuple(filter(keep, person.aliases))))
    return kept


@dataclass(frozen=True)
class _MergedPeople:
    """The people of `kb` with those of `user` merged in, made on first use (picklable)."""

    kb: KnowledgeBase
    user: UserActors
    claims: dict[str, str]

    def __call__(self) -> list[PersonEntry]:
        return _people(self.kb, self.user, self.claims)


def apply_user_actors(kb: KnowledgeBase, user: UserActors) -> KnowledgeBase:
    """A new knowledge base: `kb` extended and overridden by `user` (see the module docstring).
    The people are merged on first use, so the bundled people are not read before needed."""
    things, people_claims = _claims(user)
    return KnowledgeBase(
        countries=list(_countries(kb, user, things)),
        organizations=list(_organizations(kb, user, things)),
        titles=kb.titles,
        country_blockers=(*kb.country_blockers, *user.ignore),
        people=_MergedPeople(kb, user, people_claims),
        notes=(*kb.notes, *user.notes),
    )


def describe(user: UserActors) -> str:
    """One line: what a user file adds."""
    return (f"{user.origin}: {len(user.countries)} countries, {len(user.organizations)} "
            f"organisations, {len(user.people)} people, {len(user.ignore)} ignored phrases, "
            f"{len(user.notes)} notes")

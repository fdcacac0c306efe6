#!/usr/bin/env python
"""Build src/attache/kb/data/people.json: office-holders with date-bounded roles.

Source: ../shared/corpora/cameo_dictionaries/Phoenix.Countries.actors.txt (MIT, see
src/attache/kb/data/ATTRIBUTION.md), read with attache's own PETRARCH reader
(`attache.kb.petrarch`). An entry is a person when it is marked `# CountryInfo.txt` (the
dictionary's office-holder lists), or when it has a dated or `ELI` role, no bare country code
and no word of an institution in its name (tables in tools/people_tables.py).

Per person: a canonical name of two words or more (leading titles dropped; people known
only by one word, such as "Hassan" or "Abdullah", are left out), aliases (the `+` lines,
titles dropped; a one-word alias only where the dictionary gives the bare word), and roles
`[code, country ISO3, sector, start, end]` (dates ISO, None open). Entries with the same
folded name or spelling skeleton and a shared country are merged. Ids are `person:<slug>`,
with the country added when two people share a name. Open-ended roles are trusted until
`open_until` (the latest date in the dictionary plus a grace period).

Usage: python tools/build_people.py [--corpora ../shared/corpora] [--out src/attache/kb/data]
The output is deterministic. A summary of what was kept and skipped goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from people_tables import (
    COUNTRY_CODES,
    DICTIONARY,
    FICTIONAL_CODES,
    FORMER_STATES,
    LEADING_TITLE_WORDS,
    NON_PERSON_ALIAS_WORDS,
    NON_PERSON_WORDS,
    OPEN_ROLE_GRACE_DAYS,
    ROYAL_TITLES,
    SOURCE,
)
from spacy.lang.en.stop_words import STOP_WORDS

from attache.kb.actors import KnowledgeBase, load_knowledge_base
from attache.kb.people import distinctive_skeleton, fold, name_key
from attache.kb.petrarch import (
    CAMEO_SECTORS,
    CodeLine,
    DictionaryEntry,
    display_name,
    phrase_words,
    read_actor_dictionary,
    split_code,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
DEFAULT_OUT = ROOT / "src" / "attache" / "kb" / "data"


@dataclass
class Draft:
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[list[Any]] = field(default_factory=list)

    def countries(self) -> set[str]:
        return {r[1] for r in self.roles if r[1]}


def strip_titles(words: list[str], keep: int) -> list[str]:
    """Drop leading title words while at least `keep` words remain."""
    start = 0
    while start < len(words) - keep and words[start].lower() in LEADING_TITLE_WORDS:
        start += 1
    return words[start:]


def country_words(kb: KnowledgeBase) -> frozenset[tuple[str, ...]]:
    """Country names and adjectives, as word tuples, that may precede a title."""
    phrases = set()
    for entry in kb.countries.values():
        if not entry.ambiguous:
            phrases.update(tuple(p.lower().split()) for p in (*entry.names, *entry.adjectives))
    return frozenset(phrases)


def strip_prefixes(
    words: list[str], adjectives: frozenset[tuple[str, ...]], keep: int
) -> list[str]:
    """Drop leading country words ("United States", "Russian") and titles, keeping `keep`."""
    lowered = [w.lower() for w in words]
    changed = True
    while changed:
        changed = False
        for size in (4, 3, 2, 1):
            if len(lowered) - size >= keep and tuple(lowered[:size]) in adjectives:
                words, lowered, changed = words[size:], lowered[size:], True
                break
        stripped = strip_titles(words, keep)
        if len(stripped) < len(words):
            words, lowered, changed = stripped, lowered[len(lowered) - len(stripped):], True
    return words


def plain(raw: str) -> str:
    """A dictionary phrase without nicknames in quotes, parentheses and the ayn sign."""
    text = re.sub(r'"[^"]*"?', " ", raw.replace("`", ""))
    return text.split("(", 1)[0]


def clean_words(raw: str, adjectives: frozenset[tuple[str, ...]], keep: int) -> list[str]:
    words = phrase_words(plain(raw))
    if keep == 1 and len(words) > 1 and words[0].lower() in ROYAL_TITLES:
        keep = 2  # "King Abdullah" keeps its title rather than become "Abdullah"
    return strip_prefixes(words, adjectives, keep)


def usable(raw: str) -> bool:
    """False for phrases with damaged characters (replacement or control characters)."""
    return bool(raw.strip()) and not any(ch == "\ufffd" or ord(ch) < 32 for ch in raw)


def is_person(entry: DictionaryEntry, kb: KnowledgeBase) -> str | None:
    """None for a person, else the reason the entry is not taken as one."""
    if not any(usable(n) for n in (entry.name, *entry.synonyms)):
        return "no usable name"
    if not entry.codes:
        return "no code"
    if "countryinfo" in entry.comment.lower():
        return None
    words = {w.lower() for w in phrase_words(entry.name)}
    if any(not split_code(c.code, CAMEO_SECTORS)[1] for c in entry.codes):
        return "a country or place (bare country code)"
    if words & NON_PERSON_WORDS:
        return "an institution or group (name)"
    name = display_name(entry.name)
    if kb.country_for(name) or kb.organization_for(name):
        return "a country or organisation of the knowledge base"
    if not any(c.dated or "ELI" in split_code(c.code, CAMEO_SECTORS)[1] for c in entry.codes):
        return "undated institutional code"
    return None


def role_country(code: str, kb: KnowledgeBase) -> tuple[str | None, str | None]:
    """(country, sector) of a role code; a territory code after the country wins (GBRVGB)."""
    country, sectors = split_code(code, CAMEO_SECTORS)
    second = code[3:6]
    if country and second not in CAMEO_SECTORS and second in kb.countries:
        country = second
    if country:
        country = COUNTRY_CODES.get(country, country)
    return country, sectors[0] if sectors else None


def roles_of(entry: DictionaryEntry, kb: KnowledgeBase) -> list[list[Any]]:
    return [role_row(c, kb) for c in entry.codes]


def role_row(code: CodeLine, kb: KnowledgeBase) -> list[Any]:
    country, sector = role_country(code.code, kb)
    start = code.start.isoformat() if code.start else None
    end = code.end.isoformat() if code.end else None
    return [code.code, country, sector, start, end]


def bad_country(roles: Iterable[list[Any]], kb: KnowledgeBase) -> str | None:
    for role in roles:
        country = role[1]
        if country in FICTIONAL_CODES:
            return "a fictional country"
        if country and country not in kb.countries and country not in FORMER_STATES:
            return f"unknown country code {country}"
    return None


def one_word_ok(word: str, kb: KnowledgeBase) -> bool:
    """A one-word alias is kept unless it is short, a common word, a title or a country."""
    low = word.lower()
    if len(low) < 4 or low in STOP_WORDS or low in LEADING_TITLE_WORDS:
        return False
    if kb.title_sectors(low) or kb.country_for(word) or kb.organization_for(word):
        return False
    return word[:1].isupper()


def names_of(
    entry: DictionaryEntry, kb: KnowledgeBase, adjectives: frozenset[tuple[str, ...]]
) -> Draft | None:
    """Canonical name and aliases: the first name of two or more words is canonical; None
    when the entry has no name of two words or more (regnal names, damaged entries)."""
    name_words = clean_words(entry.name, adjectives, keep=1) if usable(entry.name) else []
    candidates = [" ".join(name_words)]
    for raw in entry.synonyms:
        bare = len(phrase_words(raw)) == 1
        words = clean_words(raw, adjectives, keep=1)
        if not usable(raw) or {w.lower().strip(",.") for w in words} & NON_PERSON_ALIAS_WORDS:
            continue
        if len(words) >= 2 or (bare and words and one_word_ok(display_name(words[0]), kb)):
            candidates.append(" ".join(words))
    shown = [display_name(c) for c in candidates if c]
    multi = [n for n in shown if len(n.split()) >= 2]
    if not multi:
        return None  # "Hassan", "Abdullah": one word alone would match far too much
    canonical = multi[0]
    keys = {name_key(canonical)}
    aliases = []
    for alias in shown:
        if name_key(alias) not in keys:
            keys.add(name_key(alias))
            aliases.append(alias)
    return Draft(canonical, aliases)


def merge(drafts: list[Draft]) -> list[Draft]:
    """Entries that share a country and whose names agree (folded, or by the spelling
    skeleton: the dictionary lists some people under several spellings) become one."""
    by_key: dict[str, list[Draft]] = {}
    out: list[Draft] = []
    for draft in drafts:
        keys = [k for k in (name_key(draft.name), distinctive_skeleton(draft.name)) if k]
        same = [d for k in keys for d in by_key.get(k, [])]
        twin = next((d for d in same if shares_country(d, draft)), None)
        if twin is None:
            twin = draft
            out.append(draft)
        else:
            for name in (draft.name, *draft.aliases):
                if name_key(name) not in {name_key(n) for n in (twin.name, *twin.aliases)}:
                    twin.aliases.append(name)
            twin.roles.extend(r for r in draft.roles if r not in twin.roles)
        for key in keys:
            by_key.setdefault(key, []).append(twin)
    return out


def shares_country(a: Draft, b: Draft) -> bool:
    return bool(a.countries() & b.countries()) or not (a.countries() and b.countries())


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def assign_ids(drafts: list[Draft]) -> list[dict[str, Any]]:
    counts = Counter(slug(d.name) for d in drafts)
    taken: set[str] = set()
    people = []
    for draft in drafts:
        base = slug(draft.name)
        if counts[base] > 1:
            main = Counter(r[1] for r in draft.roles if r[1]).most_common(1)
            base = f"{base}-{main[0][0].lower()}" if main else base
        person_id, n = f"person:{base}", 2
        while person_id in taken:
            person_id, n = f"person:{base}-{n}", n + 1
        taken.add(person_id)
        people.append({"id": person_id, "name": draft.name, "aliases": draft.aliases,
                       "roles": draft.roles})
    return people


def latest_date(entries: Iterable[DictionaryEntry]) -> date:
    return max(d for e in entries for c in e.codes for d in (c.start, c.end) if d is not None)


def build(corpora: Path) -> tuple[dict[str, Any], Counter[str]]:
    kb = load_knowledge_base()
    adjectives = country_words(kb)
    text = (corpora / DICTIONARY).read_text(encoding="utf-8", errors="replace")
    dictionary = read_actor_dictionary(text)
    skipped: Counter[str] = Counter(f"unreadable line: {s.reason[:40]}"
                                    for s in dictionary.skipped)
    drafts = []
    for entry in dictionary.entries:
        reason = is_person(entry, kb)
        roles = roles_of(entry, kb) if reason is None else []
        reason = reason or bad_country(roles, kb)
        if reason is not None:
            skipped[reason] += 1
            continue
        draft = names_of(entry, kb, adjectives)
        if draft is None:
            skipped["only one-word names"] += 1
            continue
        draft.roles = roles
        drafts.append(draft)
    as_of = latest_date(dictionary.entries)
    document = {
        "source": SOURCE,
        "as_of": as_of.isoformat(),
        "open_until": (as_of + timedelta(days=OPEN_ROLE_GRACE_DAYS)).isoformat(),
        "people": assign_ids(merge(drafts)),
    }
    return document, skipped


def dump(document: dict[str, Any]) -> str:
    """One person per line: compact, and readable in a diff."""
    head = {k: v for k, v in document.items() if k != "people"}
    lines = [json.dumps(p, ensure_ascii=False, separators=(",", ":")) for p in document["people"]]
    body = ",\n".join(lines)
    start = json.dumps(head, ensure_ascii=False)[:-1]
    return f'{start}, "people": [\n{body}\n]}}\n'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    document, skipped = build(args.corpora)
    path = args.out / "people.json"
    path.write_text(dump(document), encoding="utf-8")
    people = document["people"]
    roles = sum(len(p["roles"]) for p in people)
    print(f"{path}: {len(people)} people, {roles} roles, as of {document['as_of']}",
          file=sys.stderr)
    for reason, count in skipped.most_common():
        print(f"  skipped {count:6d}  {reason}", file=sys.stderr)


if __name__ == "__main__":
    main()

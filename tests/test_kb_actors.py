"""The actor knowledge base: real package data, parametrised look-ups."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from attache.kb.actors import (
    CountryEntry,
    KnowledgeBase,
    OrganizationEntry,
    clean_phrase,
    is_acronym,
    load_knowledge_base,
)
from attache.pipeline import Pipeline
from attache.schema import Actor
from attache.stages.actors import build_matchers, find_actors


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.mark.parametrize(
    ("phrase", "iso3"),
    [
        # the reference article (china-kazakhstan-turkmenistan.txt)
        ("China", "CHN"),
        ("Chinese", "CHN"),
        ("Kazakhstan", "KAZ"),
        ("Kazakh", "KAZ"),
        ("Kazakhstan\u2019s", "KAZ"),
        ("Kazakhstan's", "KAZ"),
        ("Turkmenistan\u2019s", "TKM"),
        ("Turkmen", "TKM"),
        ("Astana", "KAZ"),
        # names, adjectives, demonyms, metonyms
        ("U.S.", "USA"),
        ("US", "USA"),
        ("USA", "USA"),
        ("the United States", "USA"),
        ("United States of America", "USA"),
        ("America", "USA"),
        ("Americans", "USA"),
        ("Washington", "USA"),
        ("the White House", "USA"),
        ("Britain", "GBR"),
        ("UK", "GBR"),
        ("British", "GBR"),
        ("Downing Street", "GBR"),
        ("Turkiye", "TUR"),
        ("T\u00fcrkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Ivory Coast", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("C\u00f4te d\u2019Ivoire", "CIV"),
        ("the Kremlin", "RUS"),
        ("Moscow", "RUS"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("Tehran", "IRN"),
        ("Beijing", "CHN"),
        ("Kazakhstani", "KAZ"),
        ("Kazakhs", "KAZ"),
        ("Georgia", "GEO"),
        ("Polish", "POL"),
        ("the Netherlands", "NLD"),
        ("Philippines'", "PHL"),
        ("Kosovo", "XKX"),
        ("Taiwan", "TWN"),
        ("Palestinian", "PSE"),
        ("DRC", "COD"),
        ("Republic of the Congo", "COG"),
        ("South Sudanese", "SSD"),
        ("Sudanese", "SDN"),
    ],
)
def test_country_for(kb: KnowledgeBase, phrase: str, iso3: str) -> None:
    assert kb.country_for(phrase) == iso3


@pytest.mark.parametrize(
    "phrase",
    ["us", "Us", "uk", "turkey", "georgia", "polish", "chad", "kremlin", "Xi'an", "Korean", ""],
)
def test_country_for_rejects(kb: KnowledgeBase, phrase: str) -> None:
    assert kb.country_for(phrase) is None


def test_countries_are_many_and_unique(kb: KnowledgeBase) -> None:
    assert len(kb.countries) >= 190
    assert len({c.iso2 for c in kb.countries.values()}) == len(kb.countries)
    sovereign = [c for c in kb.countries.values() if c.sovereign]
    assert 193 <= len(sovereign) <= 200


def test_country_entry_fields(kb: KnowledgeBase) -> None:
    kaz = kb.countries["KAZ"]
    assert isinstance(kaz, CountryEntry)
    assert (kaz.iso2, kaz.name, kaz.capital) == ("KZ", "Kazakhstan", "Astana")
    assert {"Kazakh", "Kazakhstani"} <= set(kaz.adjectives)
    assert "Kazakhs" in kaz.demonyms
    assert kb.countries["GEO"].ambiguous and not kb.countries["KAZ"].ambiguous


def test_no_phrase_names_two_countries(kb: KnowledgeBase) -> None:
    owners: dict[str, set[str]] = {}
    for phrase, iso3, _kind in kb.country_phrases():
        owners.setdefault(phrase.casefold(), set()).add(iso3)
    assert {p: o for p, o in owners.items() if len(o) > 1} == {}


def test_country_phrases_kinds(kb: KnowledgeBase) -> None:
    rows = set(kb.country_phrases())
    assert ("Chinese", "CHN", "adjective") in rows
    assert ("Kremlin", "RUS", "metonym") in rows
    assert ("U.S.", "USA", "name") in rows
    assert {kind for _, _, kind in rows} == {"name", "adjective", "demonym", "metonym"}
    assert {"Latin American", "New Jersey", "South China Sea"} <= set(kb.country_blockers)


@pytest.mark.parametrize(
    ("phrase", "org_id"),
    [
        ("UN", "un"),
        ("U.N.", "un"),
        ("the United Nations", "un"),
        ("SCO", "sco"),
        ("Shanghai Cooperation Organisation", "sco"),
        ("Shanghai Cooperation Organization", "sco"),
        ("EU", "eu"),
        ("European Union", "eu"),
        ("NATO", "nato"),
        ("Nato", "nato"),
        ("ASEAN", "asean"),
        ("African Union", "au"),
        ("BRICS", "brics"),
        ("OSCE", "osce"),
        ("CIS", "cis"),
        ("Eurasian Economic Union", "eaeu"),
        ("G7", "g7"),
        ("G-20", "g20"),
        ("OPEC", "opec"),
        ("WTO", "wto"),
        ("IMF", "imf"),
        ("World Bank", "world_bank"),
        ("ECOWAS", "ecowas"),
        ("Arab League", "arab_league"),
        ("GCC", "gcc"),
        ("OIC", "oic"),
        ("IAEA", "iaea"),
        ("WHO", "who"),
        ("ICC", "icc"),
        ("International Court of Justice", "icj"),
        ("China-Central Asia Summit", "china_central_asia"),
        ("China-Central Asia cooperation mechanism", "china_central_asia"),
        ("UN Security Council", "unsc"),
        ("Red Cross", "icrc"),
    ],
)
def test_organization_for(kb: KnowledgeBase, phrase: str, org_id: str) -> None:
    org = kb.organization_for(phrase)
    assert org is not None and org.id == org_id


@pytest.mark.parametrize("phrase", ["who", "Who", "un", "nato", "eu", "Belt and Road Initiative"])
def test_organization_for_rejects(kb: KnowledgeBase, phrase: str) -> None:
    assert kb.organization_for(phrase) is None


def test_organization_fields(kb: KnowledgeBase) -> None:
    un = kb.organizations["un"]
    assert isinstance(un, OrganizationEntry)
    assert (un.name, un.acronym, un.code, un.sector) == ("United Nations", "UN", "IGOUNO", "IGO")
    sectors = {o.sector for o in kb.organizations.values()}
    assert {"IGO", "NGO", "MNC"} <= sectors
    assert len(kb.organizations) > 500


def test_dictionary_organisations_are_converted(kb: KnowledgeBase) -> None:
    """Phoenix names: underscores become spaces, '+' lines become aliases."""
    opcw = kb.organization_for("Organisation for the Prohibition of Chemical Weapons")
    assert opcw is not None and opcw.acronym == "OPCW"
    taliban = kb.organization_for("Taliban")
    assert taliban is not None and (taliban.sector, taliban.country) == ("REB", "AFG")


@pytest.mark.parametrize(
    ("title", "sectors"),
    [
        ("Vice Premier", ("GOV",)),
        ("Chinese Vice Premier", ("GOV",)),
        ("First Deputy Prime Minister", ("GOV",)),
        ("Deputy Prime Minister and Foreign Minister", ("GOV",)),
        ("President", ("GOV",)),
        ("Defence Minister", ("GOV", "MIL")),
        ("defense minister", ("GOV", "MIL")),
        ("General", ("MIL",)),
        ("Ambassador", ("GOV",)),
        ("special envoy", ("GOV",)),
        ("lawmakers", ("LEG",)),
        ("Senator", ("LEG",)),
        ("parliament", ("LEG",)),
        ("judge", ("JUD",)),
        ("Supreme Court", ("JUD",)),
        ("police", ("COP",)),
        ("Political Bureau", ("PTY",)),
        ("Central Committee", ("PTY",)),
        ("Politburo", ("PTY",)),
        ("Communist Party", ("PTY",)),
        ("Standing Committee of the Political Bureau of the CPC Central Committee", ("PTY",)),
        ("troops", ("MIL",)),
        ("army", ("MIL",)),
        ("rebels", ("REB",)),
        ("agriculture minister", ("GOV", "AGR")),
        ("Foreign Ministry spokesperson", ("GOV",)),
        ("Secretary-General", ("IGO",)),
        ("Roman Sklyar", ()),
        ("", ()),
    ],
)
def test_title_sectors(kb: KnowledgeBase, title: str, sectors: tuple[str, ...]) -> None:
    assert kb.title_sectors(title) == sectors


def test_title_phrases(kb: KnowledgeBase) -> None:
    phrases = kb.title_phrases()
    assert {"president", "vice premier", "first deputy prime minister"} <= set(phrases)
    assert all(p == p.lower() for p in phrases)
    assert len(phrases) > 1000


def test_case_rules(kb: KnowledgeBase) -> None:
    assert kb.case_rule("US") == "exact"
    assert kb.case_rule("Turkey") == "capital"
    assert kb.case_rule("Kremlin") == "capital"
    assert kb.case_rule("Kazakhstan") == "any"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Kazakhstan\u2019s", "Kazakhstan"),
        ("the United States", "United States"),
        ("Philippines'", "Philippines"),
        ("  U.S.  ", "U.S."),
        ("Cote d'Ivoire", "Cote d'Ivoire"),
    ],
)
def test_clean_phrase(raw: str, clean: str) -> None:
    assert clean_phrase(raw) == clean


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("US", True),
        ("U.S.", True),
        ("BiH", True),
        ("AfDB", True),
        ("Nato", False),
        ("UN envoy", False),
    ],
)
def test_is_acronym(phrase: str, expected: bool) -> None:
    assert is_acronym(phrase) is expected


def test_knowledge_base_from_plain_records() -> None:
    """The constructor takes plain records, so a user file can extend the shipped data."""
    country = CountryEntry(
        "XXA", "XA", "Atlantis", ("Atlantis",), ("Atlantean",), (), None, (), False
    )
    org = OrganizationEntry("ao", "Atlantic Order", (), "AO", "IGO", "IGO", None)
    kb = KnowledgeBase([country], [org], {"high priest": ["REL"]})
    assert kb.country_for("Atlantean") == "XXA"
    assert kb.organization_for("AO") == org
    assert kb.title_sectors("the High Priest") == ("REL",)


def test_package_data_is_compact() -> None:
    data = resources.files("attache.kb").joinpath("data")
    total = 0
    for name in ("countries.json", "organizations.json", "titles.json"):
        text = data.joinpath(name).read_text(encoding="utf-8")
        json.loads(text)
        total += len(text.encode())
    assert total < 2_000_000


# --- country mentions in text (stages/actors.py, real spaCy parse) ----------------------------


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("The US Secretary of State wants to help iSrael.", {"USA", "ISR"}),
        ("ISRAEL and EGYPT signed a border deal on Monday.", {"ISR", "EGY"}),
        ("Ships sailed into the South China Sea on Monday.", set()),
        ("Warships gathered in the Indian Ocean.", set()),
        ("Let us roast a turkey for Thanksgiving.", set()),
    ],
)
def test_country_mentions_follow_the_case_rules_and_blockers(
    pipeline: Pipeline, text: str, countries: set[str]
) -> None:
    res = pipeline.resources
    index = find_actors(res.nlp(text), res.kb, res.matchers)
    assert {iso3 for _, iso3 in index.countries_in_order()} == countries


def test_a_user_ignore_phrase_blocks_the_country_inside_it(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    path = tmp_path / "ignore.yaml"
    path.write_text("ignore:\n  - Jordan Valley\n", encoding="utf-8")
    kb = load_knowledge_base([path])
    doc = pipeline.resources.nlp("Settlers moved into the Jordan Valley as Jordan protested.")
    index = find_actors(doc, kb, build_matchers(pipeline.resources.nlp, kb))
    assert [doc[i].text for i, _ in index.countries_in_order()] == ["Jordan"]


def _actors(pipeline: Pipeline, text: str, on: date | None = None) -> dict[str, Actor]:
    res = pipeline.resources
    index = find_actors(res.nlp(text), res.kb, res.matchers, on)
    return {mention.text: actor for actor in index.actors.values() for mention in actor.mentions}


def test_a_name_and_its_bracketed_short_form_are_one_organisation(pipeline: Pipeline) -> None:
    by_mention = _actors(pipeline, "The International Labor Office (ILO) reiterated its demand "
                         "that Israel ease restrictions.")
    assert by_mention["International Labor Office"].id == by_mention["ILO"].id == "ilo"


@pytest.mark.parametrize(
    ("text", "group", "owner"),
    [
        ("Jakarta forced the UN refugee agency out of the country.", "refugee agency", "un"),
        ("US drones killed eight top al-Qaeda leaders.", "top al-Qaeda leaders", "al_qaeda"),
    ],
)
def test_a_group_named_after_an_organisation_acts_as_it(
    pipeline: Pipeline, text: str, group: str, owner: str
) -> None:
    assert _actors(pipeline, text)[group].id == owner


def test_a_government_qualified_by_its_leader_has_the_leader_s_country(
    pipeline: Pipeline,
) -> None:
    by_mention = _actors(pipeline, "Kazakh President Kassym-Jomart Tokayev's government "
                         "announced new taxes.", date(2023, 5, 1))
    assert (by_mention["government"].country, by_mention["government"].sector) == ("KAZ", "GOV")


def test_a_country_adjective_tagged_org_qualifies_the_group_instead(pipeline: Pipeline) -> None:
    by_mention = _actors(pipeline, "Radical French farmers said on Friday they would "
                         "blockade Paris.")
    assert "Radical French" not in by_mention
    farmers = by_mention["Radical French farmers"]
    assert (farmers.kind, farmers.country, farmers.sector) == ("group", "FRA", "AGR")

"""Cross-article identity: the same person in two articles, spelled two ways, is one actor."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from attache.actor_registry import (
    Registry,
    Sighting,
    build_registry,
    learned_knowledge,
    learned_people,
    load_registry,
)
from attache.kb.actors import KnowledgeBase, load_knowledge_base
from attache.kb.people import PersonEntry, Role
from attache.pipeline import Pipeline
from attache.schema import Actor, ArticleInput
from attache.stages.actors import find_actors
from attache.store import Store

# Short texts written for these tests, in the style of news wires. Serdar Berdimuhamedov
# (president since 2022) is not in the bundled dictionary, so only the registry can tell that
# his two spellings are one man; his father is, and keeps the dictionary's id.
BEIJING = ArticleInput(
    id="tkm-chn-gas", title="Turkmenistan and China agree to expand gas trade",
    published="2013-09-03",
    text=("Turkmen President Gurbanguly Berdimuhamedov met Chinese President Xi Jinping in "
          "Ashgabat on Tuesday. The two leaders agreed to expand deliveries of natural gas "
          "from Turkmenistan to China."),
)
ASTANA = ArticleInput(
    id="tkm-kaz-rail", title="Turkmen leader in Astana", published="2014-05-12",
    text=("Turkmenistan's President Gurbanguly Berdymukhamedov visited Astana on Monday and "
          "held talks with Kazakh President Nursultan Nazarbayev on a new railway."),
)
ASHGABAT = ArticleInput(
    id="tkm-rus-visit", title="Lavrov in Ashgabat", published="2022-06-24",
    text=("Turkmen President Serdar Berdimuhamedov, who succeeded his father in March, "
          "received Russian Foreign Minister Sergei Lavrov in Ashgabat on Friday."),
)
STATE_VISIT = ArticleInput(
    id="tkm-chn-visit", title="Turkmen president in Beijing", published="2023-01-06",
    text=("Turkmenistan's President Serdar Berdymukhamedov met Chinese President Xi Jinping "
          "in Beijing on Friday. The two presidents signed an agreement on gas supplies."),
)
FATHER = "person:gurbanguly-berdymukhammedov"
SON_SPELLINGS = {"person:serdar-berdimuhamedov", "person:serdar-berdymukhamedov"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="module")
def db(pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("registry") / "attache.duckdb"
    with Store(path) as store:
        store.add_articles(pipeline.extract(a) for a in (BEIJING, ASTANA, ASHGABAT, STATE_VISIT))
    return path


@pytest.fixture(scope="module")
def registry(db: Path, kb: KnowledgeBase) -> Registry:
    with Store(db, read_only=True) as store:
        return load_registry(store, kb)


def test_two_spellings_in_two_articles_are_one_actor(registry: Registry) -> None:
    people = [a for a in registry.actors.values() if "Serdar" in a.name]
    assert len(people) == 1
    son = people[0]
    assert son.kind == "person" and son.id in SON_SPELLINGS
    assert set(son.members) == SON_SPELLINGS
    assert {"Serdar Berdimuhamedov", "Serdar Berdymukhamedov"} <= {son.name, *son.aliases}
    assert (son.first_seen, son.last_seen) == ("2022-06-24", "2023-01-06")
    assert son.articles == ["tkm-rus-visit", "tkm-chn-visit"]
    assert (son.country, son.sector) == ("TKM", "GOV")


def test_a_known_office_holder_keeps_the_dictionary_id(registry: Registry) -> None:
    people = [a for a in registry.actors.values() if "Gurbanguly" in a.name]
    assert len(people) == 1
    father = people[0]
    assert father.id == FATHER and father.name == "Gurbanguly Berdymukhammedov"
    assert {"Gurbanguly Berdimuhamedov", "Gurbanguly Berdymukhamedov"} <= set(father.aliases)
    assert father.articles == ["tkm-chn-gas", "tkm-kaz-rail"]
    assert (father.first_seen, father.last_seen) == ("2013-09-03", "2014-05-12")


def test_the_actor_keeps_its_evidence_and_roles_over_time(registry: Registry) -> None:
    actor = registry.actors[FATHER]
    assert [e.article_id for e in actor.evidence] == ["tkm-chn-gas", "tkm-kaz-rail"]
    assert all(e.mentions for e in actor.evidence)
    first = actor.evidence[0].mentions[0]
    assert "Berdimuhamedov" in first.text
    president = [r for r in actor.role_history if r.role == "President"]
    assert president and president[0].first_seen == "2013-09-03"
    assert any(r.code == "TKMGOV" for r in actor.kb_roles)


def test_father_and_son_stay_two_actors(registry: Registry) -> None:
    son = registry.find("Serdar Berdymukhamedov")
    assert son is not None and son.id != FATHER
    assert registry.find("person:serdar-berdymukhamedov") == son
    assert registry.find(FATHER) == registry.actors[FATHER]


def test_events_are_linked_through_the_canonical_actor(db: Path, registry: Registry) -> None:
    with Store(db, read_only=True) as store:
        events = store.events()
    son = registry.find("Serdar Berdimuhamedov")
    assert son is not None
    links = registry.events_of(son, events)
    assert {link.article_id for link in links} == {"tkm-rus-visit", "tkm-chn-visit"}
    assert all(link.side in ("source", "target") for link in links)
    assert registry.canonical_id("tkm-chn-visit", "person:serdar-berdymukhamedov") == son.id
    father = registry.events_of(registry.actors[FATHER], events)
    assert {link.article_id for link in father} == {"tkm-chn-gas", "tkm-kaz-rail"}


def test_search_finds_spelling_variants_and_filters_by_country(registry: Registry) -> None:
    found = {a.id for a in registry.search(text="Berdymuhamedow", kind="person")}
    assert FATHER in found and len(found) == 2
    assert all(a.country == "KAZ" or any(e.country == "KAZ" for e in a.evidence)
               for a in registry.search(country="kaz"))
    assert registry.search(text="nobody of that name") == []


# --- grouping rules on hand-built sightings ---------------------------------------------------


def sighting(article: str, name: str, country: str | None, day: str) -> Sighting:
    actor_id = "person:" + name.lower().replace(" ", "-")
    return Sighting(article, date.fromisoformat(day),
                    Actor(id=actor_id, name=name, kind="person", country=country))


EMPTY = KnowledgeBase([], [], {})


def test_spelling_variants_join_without_the_knowledge_base() -> None:
    registry = build_registry([
        sighting("a", "Kassym-Jomart Tokayev", "KAZ", "2023-01-01"),
        sighting("b", "Kasym-Zhomart Tokaev", None, "2023-02-01"),
    ], EMPTY)
    assert len(registry.actors) == 1
    (actor,) = registry.actors.values()
    assert actor.id == "person:kassym-jomart-tokayev" and actor.country == "KAZ"


def test_conflicting_countries_keep_namesakes_apart() -> None:
    registry = build_registry([
        sighting("a", "Ahmed Ali Mohamed", "SOM", "2020-01-01"),
        sighting("b", "Ahmed Ali Mohamed", "EGY", "2020-02-01"),
    ], EMPTY)
    assert len(registry.actors) == 2
    assert len(set(registry.actors)) == 2


def test_a_short_name_joins_the_only_group_it_fits() -> None:
    registry = build_registry([
        sighting("a", "Gurbanguly Berdimuhamedov", "TKM", "2013-01-01"),
        sighting("b", "Berdymukhamedov", "TKM", "2013-02-01"),
    ], EMPTY)
    assert len(registry.actors) == 1


def test_a_short_name_that_fits_two_people_stays_apart() -> None:
    registry = build_registry([
        sighting("a", "Gurbanguly Berdimuhamedov", "TKM", "2013-01-01"),
        sighting("b", "Serdar Berdimuhamedov", "TKM", "2022-06-01"),
        sighting("c", "Berdimuhamedov", "TKM", "2022-07-01"),
    ], EMPTY)
    assert len(registry.actors) == 3


def test_a_known_person_who_changed_country_stays_one_actor() -> None:
    krenz = PersonEntry("person:egon-krenz", "Egon Krenz", (), (
        Role("DDRGOV", "DDR", "GOV", date(1989, 10, 24), date(1989, 12, 6)),
        Role("DEUELI", "DEU", "ELI"),
    ))
    kb = KnowledgeBase([], [], {}, people=[krenz])
    registry = build_registry([
        sighting("a", "Egon Krenz", "DDR", "1989-11-01"),
        sighting("b", "Egon Krenz", "DEU", "1995-01-01"),
        sighting("c", "Krenz", "DEU", "1997-08-25"),
    ], kb)
    assert list(registry.actors) == ["person:egon-krenz"]
    assert registry.actors["person:egon-krenz"].kb_roles[0].code == "DDRGOV"


# --- feeding back: people learned from stored articles resolve later mentions -----------------


def test_learned_people_are_those_the_knowledge_base_does_not_know(
    registry: Registry, kb: KnowledgeBase
) -> None:
    learned = {p.id: p for p in learned_people(registry, kb)}
    assert FATHER not in learned and "person:xi-jinping" not in learned
    (son,) = [p for p in learned.values() if "Serdar" in p.name]
    assert {"Serdar Berdimuhamedov", "Serdar Berdymukhamedov", "Berdimuhamedov",
            "Berdymukhamedov"} <= set(son.names())
    assert all("President" not in name for name in son.names())
    (role,) = son.roles
    assert (role.code, role.country, role.sector) == ("TKMGOV", "TKM", "GOV")
    assert role.start == date(2021, 6, 24) and role.end == date(2024, 1, 6)


def test_a_later_surname_or_spelling_resolves_to_the_stored_actor(
    db: Path, kb: KnowledgeBase
) -> None:
    with Store(db, read_only=True) as store:
        learned = learned_knowledge(store, kb)
    son = learned.person_for("Berdymukhammedov", date(2023, 6, 1))
    assert son is not None and son.id in SON_SPELLINGS
    assert (son.country, son.sector, son.status) == ("TKM", "GOV", "dated")
    assert learned.person_for("Serdar Berdimuhammedow", date(2023, 6, 1)) == son
    # the role seen in 2022-2023 is not projected onto 2030, nor onto his father's time
    assert learned.person_for("Berdymukhammedov", date(2030, 1, 1)) is None
    assert learned.person_for("Berdymukhammedov", date(2013, 9, 3)) is None
    later = learned.person_for("Serdar Berdymukhamedov", date(2030, 1, 1))
    assert later is not None and later.sector is None and later.status == "outside"
    assert kb.person_for("Berdymukhammedov", date(2023, 6, 1)) is None


SKLYAR = Sighting("kaz-chn-trade", date(2023, 5, 1), Actor(
    id="person:roman-sklyar", name="Roman Sklyar", kind="person", country="KAZ", sector="GOV",
    roles=["First Deputy Prime Minister"]))


def test_the_extraction_stage_resolves_a_bare_surname_it_learned(
    pipeline: Pipeline, kb: KnowledgeBase
) -> None:
    learned = kb.with_people(learned_people(build_registry([SKLYAR], kb), kb))
    text = "Sklyar said on Tuesday that Kazakhstan would double rail freight to China."
    doc = pipeline.resources.nlp(text)
    index = find_actors(doc, learned, pipeline.resources.matchers, date(2023, 9, 12))
    people = [a for a in index.actors.values() if a.kind == "person"]
    assert [(a.id, a.country, a.sector) for a in people] == [("person:roman-sklyar", "KAZ", "GOV")]
    assert [m.text for m in people[0].mentions] == ["Sklyar"]
    without = find_actors(doc, kb, pipeline.resources.matchers, date(2023, 9, 12))
    assert not [a for a in without.actors.values() if a.kind == "person" and a.country]

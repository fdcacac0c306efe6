"""Office-holders in the knowledge base: name matching, date-bounded roles, the bundled data."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from attache.kb.actors import KnowledgeBase, load_knowledge_base
from attache.kb.people import (
    PeopleIndex,
    PersonEntry,
    Role,
    distinctive_skeleton,
    fold,
    name_key,
    role_on,
    skeleton,
    word_keys,
)
from attache.kb.petrarch import parse_code, parse_date, read_actor_dictionary, split_code
from attache.pipeline import Pipeline
from attache.stages.actors import find_actors

ROOT = Path(__file__).parents[1]
D2013 = date(2013, 6, 1)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


# --- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
        ("KASSYM-JOMART TOKAYEV", "kassym jomart tokayev"),
        ("Tokayev's", "tokayev"),
        ("Tokayev\u2019s", "tokayev"),
        ("Lech Wałęsa", "lech walesa"),
        ("George W. Bush", "george w bush"),
    ],
)
def test_name_key_folds_case_accents_and_punctuation(text: str, key: str) -> None:
    assert name_key(text) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Berdimuhamedov", "Berdymukhammedov"),
        ("Gurbanguly Berdimuhamedow", "Gurbanguly Berdymukhamedov"),
        ("Kassym-Jomart Tokayev", "Kasymzhomart Tokaev"),
        ("Muammar Qaddafi", "Muammar Kadhafi"),
        ("Mohammed Morsi", "Muhammad Mursi"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
    ],
)
def test_transliteration_variants_share_a_skeleton(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("John McCain", "John A. McCone"),
        ("Valentyn Symonenko", "Valentyna Semenyuk"),
        ("Gurbanguly Berdimuhamedov", "Serdar Berdimuhamedov"),
        ("George H. W. Bush", "George W. Bush"),
    ],
)
def test_different_people_keep_different_keys(a: str, b: str) -> None:
    assert skeleton(a) != skeleton(b) or name_key(a) != name_key(b)
    assert name_key(a) != name_key(b)


def test_short_names_are_not_distinctive_enough_for_spelling_matches() -> None:
    assert distinctive_skeleton("Li Peng") is None
    assert distinctive_skeleton("Tokayev") is None
    assert distinctive_skeleton("Berdimuhamedov") is not None
    assert fold("Ñúñez Øster") == "Nunez Oster"


# --- roles over time -------------------------------------------------------------------------


def person(*roles: Role) -> PersonEntry:
    return PersonEntry("person:test-person", "Test Person", ("Testperson",), roles)


GOV = Role("ABCGOV", "ABC", "GOV", date(2000, 1, 1), date(2004, 12, 31))
MIL = Role("ABCMIL", "ABC", "MIL", date(2003, 1, 1), date(2006, 12, 31))
OPEN = Role("ABCLEG", "ABC", "LEG", date(2010, 1, 1), None, confirmed_until=date(2012, 1, 1))
ELI = Role("ABCELI", "ABC", "ELI")


def test_the_first_listed_role_wins_where_periods_overlap() -> None:
    assert role_on(person(GOV, MIL), date(2004, 6, 1)) == (GOV, "dated")
    assert role_on(person(MIL, GOV), date(2004, 6, 1)) == (MIL, "dated")


def test_an_open_role_is_only_trusted_until_it_was_confirmed() -> None:
    assert role_on(person(OPEN), date(2011, 6, 1)) == (OPEN, "dated")
    assert role_on(person(OPEN), date(2020, 6, 1)) == (OPEN, "outside")
    assert role_on(person(OPEN, ELI), date(2020, 6, 1)) == (ELI, "default")


def test_outside_every_period_the_nearest_role_is_given_for_reference_only() -> None:
    index = PeopleIndex([person(GOV, MIL)])
    match = index.lookup("Test Person", date(2015, 1, 1))
    assert match is not None
    assert (match.country, match.sector, match.status, match.in_role) == ("ABC", None,
                                                                          "outside", False)
    assert (match.code, match.role_end) == ("ABCMIL", date(2006, 12, 31))
    early = index.lookup("Test Person", date(1990, 1, 1))
    assert early is not None and early.code == "ABCGOV" and early.sector is None


def test_a_one_word_alias_only_matches_while_a_role_is_held() -> None:
    index = PeopleIndex([person(GOV)])
    assert index.lookup("Testperson", date(2002, 1, 1)) is not None
    assert index.lookup("Testperson", date(2015, 1, 1)) is None
    assert index.lookup("Test Person", date(2015, 1, 1)) is not None


def test_ambiguity_is_resolved_by_country_and_date_or_not_at_all() -> None:
    a = PersonEntry("person:ali-ahmed-abc", "Ali Ahmed", (), (GOV,))
    b = PersonEntry("person:ali-ahmed-xyz", "Ali Ahmed", (),
                    (Role("XYZGOV", "XYZ", "GOV", date(2010, 1, 1), date(2011, 1, 1)),))
    index = PeopleIndex([a, b])
    assert index.lookup("Ali Ahmed", date(2020, 1, 1)) is None
    found = index.lookup("Ali Ahmed", date(2010, 6, 1))
    assert found is not None and found.id == b.id
    by_country = index.lookup("Ali Ahmed", None, country="ABC")
    assert by_country is not None and by_country.id == a.id
    assert index.lookup("Ali Ahmed", None, country="DEF") is None


# --- the bundled people ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "on", "person_id", "country", "sector", "status"),
    [
        ("Gurbanguly Berdimuhamedov", D2013, "person:gurbanguly-berdymukhammedov", "TKM", "GOV",
         "dated"),
        ("Gurbanguly Berdymukhamedov", D2013, "person:gurbanguly-berdymukhammedov", "TKM",
         "GOV", "dated"),
        ("GURBANGULY BERDIMUHAMEDOW", D2013, "person:gurbanguly-berdymukhammedov", "TKM", "GOV",
         "dated"),
        ("Recep Tayyip Erdoğan", date(2015, 6, 9), "person:recep-tayyip-erdogan", "TUR", "GOV",
         "dated"),
        ("Kassym-Jomart Tokayev", date(2005, 1, 1), "person:kasymzhomart-tokayev", "KAZ", "GOV",
         "dated"),
        ("Kassym-Jomart Tokayev", date(2023, 11, 27), "person:kasymzhomart-tokayev", "KAZ",
         "ELI", "default"),
        ("Xi Jinping", date(2014, 1, 1), "person:xi-jinping", "CHN", "GOV", "dated"),
        ("Xi Jinping", date(2023, 11, 27), "person:xi-jinping", "CHN", None, "outside"),
        ("Barack Obama", date(2010, 1, 1), "person:barack-obama", "USA", "GOV", "dated"),
        ("Barack Obama", date(2005, 1, 1), "person:barack-obama", "USA", None, "outside"),
        ("Obama", date(2010, 1, 1), "person:barack-obama", "USA", "GOV", "dated"),
        ("Putin", date(2012, 1, 1), "person:vladimir-putin", "RUS", "GOV", "dated"),
        ("Angela Merkel", date(2015, 6, 9), "person:angela-merkel", "DEU", "GOV", "dated"),
        ("Mikhail Gorbachev", date(1987, 1, 1), "person:mikhail-gorbachev", "RUS", "GOV",
         "dated"),
        ("King Abdullah", date(2010, 1, 1), "person:abdullah-ii", "JOR", "GOV", "dated"),
    ],
)
def test_person_for(
    kb: KnowledgeBase, name: str, on: date, person_id: str, country: str, sector: str | None,
    status: str,
) -> None:
    match = kb.person_for(name, on)
    assert match is not None, name
    assert (match.id, match.country, match.sector, match.status) == (person_id, country, sector,
                                                                     status)


@pytest.mark.parametrize(
    "word",
    ["said", "the", "The", "President", "Minister", "Prime Minister", "Government", "China",
     "Chinese", "United Nations", "Security Council", "Kremlin", "White House", "Tuesday",
     "Mission", "Justice", "Peace", "Ali", "Mohammed", "Hassan", "Abdullah", "Kim", "Li",
     "Smith", "John", "Johnson", "Bush", "bush", "Washington", "Georgia", "Jordan",
     "New York", "Islamic State", "Reuters", "Nixon", "obama", "berdymukhammedov"],
)
def test_common_words_and_lone_names_match_no_person(kb: KnowledgeBase, word: str) -> None:
    assert kb.person_for(word, date(2023, 11, 27)) is None
    assert kb.person_for(word, None) is None


def test_people_are_read_lazily_and_the_data_file_stays_small() -> None:
    data = resources.files("attache.kb").joinpath("data", "people.json")
    text = data.read_text(encoding="utf-8")
    assert len(text.encode()) < 4_000_000
    document = json.loads(text)
    assert document["as_of"] < document["open_until"]
    assert len(document["people"]) > 15_000
    kb = load_knowledge_base()
    assert len(kb.people) == len(document["people"])
    assert len({p["id"] for p in document["people"]}) == len(document["people"])


# --- the PETRARCH reader ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [("090120", date(2009, 1, 20)), ("300101", date(2030, 1, 1)),
     ("310101", date(1931, 1, 1)), ("19950601", date(1995, 6, 1))],
)
def test_dates_follow_the_petrarch_century_rule(text: str, day: date) -> None:
    assert parse_date(text) == day


def test_code_lines() -> None:
    assert parse_code("USAGOV 090120-170120").start == date(2009, 1, 20)
    before = parse_code("HOB < 950601")
    assert (before.start, before.end) == (None, date(1995, 5, 31))
    after = parse_code("TKMGOV >061221")
    assert (after.start, after.end, after.dated) == (date(2006, 12, 21), None, True)
    assert not parse_code("TKMELI").dated
    with pytest.raises(ValueError, match="ends before"):
        parse_code("EGYGOV 20121207-20120802")
    assert split_code("KAZGOVMIL") == ("KAZ", ("GOV", "MIL"))
    assert split_code("IGOUNOIAE") == (None, ("IGO",))
    assert split_code("AUTGOVJUD") == ("AUT", ("GOV", "JUD"))


def test_reader_keeps_synonyms_comments_and_shared_codes() -> None:
    text = (
        "<!-- header\nstill a comment -->\n"
        "MIKHAIL_GORBACHEV_  # CountryInfo.txt\n+GORBACHEV\n"
        "PRESIDENT_MIKHAIL_S._GORBACHEV\n"
        "\t[RUSGOV 850311-910824]\n\t[RUSELI]\n"
        "GONDOR [GON]\n+MINAS_TIRITH\n"
        "\t[XXX 990101-980101]\n---STOP---\nAFTER [AFT]\n"
    )
    dictionary = read_actor_dictionary(text)
    first, second = dictionary.entries
    assert first.name == "MIKHAIL_GORBACHEV_" and first.comment == "CountryInfo.txt"
    assert first.synonyms == ["GORBACHEV", "PRESIDENT_MIKHAIL_S._GORBACHEV"]
    assert [c.code for c in first.codes] == ["RUSGOV", "RUSELI"]
    assert (second.name, second.synonyms, second.codes[0].code) == ("GONDOR", ["MINAS_TIRITH"],
                                                                    "GON")
    assert [s.line for s in dictionary.skipped] == [10]


@pytest.mark.corpora
def test_people_json_is_what_the_build_script_makes(corpora_dir: Path, tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_people.py"), "--corpora",
                    str(corpora_dir), "--out", str(tmp_path)], check=True, capture_output=True)
    shipped = resources.files("attache.kb").joinpath("data", "people.json")
    assert (tmp_path / "people.json").read_text(encoding="utf-8") == shipped.read_text(
        encoding="utf-8")


# --- people in one article (stages/actors.py, real spaCy parse) -------------------------------


@pytest.mark.parametrize(
    ("text", "later"),
    [
        # spaCy tags the bare surname ORG in both
        ("Turkmen President Gurbanguly Berdimuhamedov met Chinese President Xi Jinping in "
         "Beijing on Monday. Berdimuhamedov praised the partnership.", "Berdimuhamedov"),
        ("Kazakhstan's First Deputy Prime Minister Roman Sklyar met Chinese officials. "
         "Sklyar said trade had grown.", "Sklyar"),
        # another transliteration of the same name
        ("Gurbanguly Berdimuhamedov visited Moscow. Berdymukhamedov later met Putin.",
         "Berdymukhamedov"),
    ],
)
def test_a_later_surname_in_the_article_is_the_person_introduced(
    pipeline: Pipeline, text: str, later: str
) -> None:
    res = pipeline.resources
    index = find_actors(res.nlp(text), res.kb, res.matchers, date(2013, 6, 1))
    assert not [a for a in index.actors.values() if a.kind == "organization"]
    owners = [a for a in index.actors.values() if later in [m.text for m in a.mentions]]
    assert len(owners) == 1 and owners[0].kind == "person"
    assert len(owners[0].mentions) == 2 and owners[0].country in ("TKM", "KAZ")


def test_word_keys_match_a_name_word_spelled_another_way() -> None:
    assert word_keys("Berdimuhamedov") & word_keys("Berdymukhamedov")
    assert word_keys("Erdoğan") & word_keys("ERDOGAN")
    assert not word_keys("Ali") & word_keys("Aly")  # too few consonants to match by spelling
    assert word_keys("'s") == frozenset()


def test_added_people_extend_but_never_replace_known_ones() -> None:
    known = PersonEntry("person:a", "Anna Alpha", (), (Role("AAAGOV", "AAA", "GOV"),))
    kb = KnowledgeBase([], [], {}, people=[known])
    impostor = PersonEntry("person:a", "Anna Alpha", (), (Role("BBBMIL", "BBB", "MIL"),))
    newcomer = PersonEntry("person:b", "Boris Beta", ("Beta",),
                           (Role("BBBGOV", "BBB", "GOV", date(2020, 1, 1), date(2021, 1, 1)),))
    extended = kb.with_people([impostor, newcomer])
    assert extended.people["person:a"] == known
    match = extended.person_for("Beta", date(2020, 6, 1))
    assert match is not None and (match.id, match.sector) == ("person:b", "GOV")
    assert "person:b" not in kb.people


@pytest.mark.parametrize(
    ("text", "name", "country", "role"),
    [
        ("U.S. Secretary of State Warren Christopher telephoned Russian Foreign Minister Andrei "
         "Kozyrev on Tuesday.", "Warren Christopher", "USA", "Secretary of State"),
        ("On Tuesday, Nigerian junior foreign minister Dubem Oniya summoned Niger's ambassador.",
         "Dubem Oniya", "NGA", "junior foreign minister"),
    ],
)
def test_titles_with_inner_words_keep_their_country(
    pipeline: Pipeline, text: str, name: str, country: str, role: str
) -> None:
    res = pipeline.resources
    index = find_actors(res.nlp(text), res.kb, res.matchers, date(1993, 6, 1))
    (person,) = [a for a in index.actors.values() if a.name == name]
    assert (person.country, person.roles) == (country, [role])
    assert not [a for a in index.actors.values() if a.kind == "organization"]

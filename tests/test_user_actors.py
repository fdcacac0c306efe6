"""User actor files (CSV, YAML, PETRARCH) extend and override the bundled knowledge base."""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import pytest

from attache.errors import UsageError
from attache.kb.actors import KnowledgeBase, load_knowledge_base
from attache.kb.user_actors import describe, read_user_actors
from attache.pipeline import Pipeline
from attache.stages.actors import build_matchers, find_actors

DATA = Path(__file__).parent / "data" / "actors"
CSV, YAML, PETRARCH = DATA / "user_actors.csv", DATA / "user_actors.yaml", DATA / "user_actors.txt"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base([CSV, YAML, PETRARCH])


# --- CSV ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "iso3"),
    [("Arnor", "ARN"), ("Arnorian", "ARN"), ("Land of the Turkmen", "TKM"),
     ("Turkmenistan", "TKM"), ("Turkmen", "TKM")],
)
def test_csv_countries_are_added_or_extended(kb: KnowledgeBase, phrase: str, iso3: str) -> None:
    assert kb.country_for(phrase) == iso3


def test_csv_organisation_takes_a_phrase_away_from_a_country(kb: KnowledgeBase) -> None:
    assert load_knowledge_base().country_for("Washington") == "USA"
    assert kb.country_for("Washington") is None
    org = kb.organization_for("Washington")
    assert org is not None and (org.id, org.sector) == ("org:washington-club", "NGO")
    forum = kb.organization_for("CGF")
    assert forum is not None and (forum.name, forum.country, forum.sector) == (
        "Caspian Gas Forum", "TKM", "BUS")


def test_csv_ignore_rows_make_a_phrase_mean_nothing(kb: KnowledgeBase) -> None:
    assert load_knowledge_base().country_for("Georgia") == "GEO"
    assert kb.country_for("Georgia") is None
    assert "Georgia" in kb.country_blockers


def test_csv_person_rows_are_roles_of_one_person(kb: KnowledgeBase) -> None:
    now = kb.person_for("Serdar Berdimuhamedov", date(2023, 1, 1))
    assert now is not None and (now.country, now.sector, now.code) == ("TKM", "GOV", "TKMGOV")
    earlier = kb.person_for("Serdar Berdymukhamedov", date(2018, 6, 1))
    assert earlier is not None and earlier.code == "TKMGOVBUS"
    assert earlier.role_end == date(2019, 12, 31)
    between = kb.person_for("Serdar Berdimuhamedov", date(2020, 6, 1))
    assert between is not None and (between.country, between.sector) == ("TKM", None)


def test_csv_roles_override_the_bundled_person_where_they_apply(kb: KnowledgeBase) -> None:
    base = load_knowledge_base().person_for("Gurbanguly Berdimuhamedov", date(2023, 6, 1))
    assert base is not None and base.sector != "LEG"
    user = kb.person_for("Gurbanguly Berdimuhamedov", date(2023, 6, 1))
    assert user is not None
    assert (user.id, user.sector, user.code) == ("person:gurbanguly-berdymukhammedov", "LEG",
                                                 "TKMGOVLEG")
    old = kb.person_for("Gurbanguly Berdimuhamedov", date(2013, 6, 1))
    assert old is not None and old.code == "TKMGOV"


def test_unusable_rows_are_reported_with_line_and_reason(kb: KnowledgeBase) -> None:
    notes = [n for n in kb.notes if n.startswith(str(CSV))]
    assert any(":11: person skipped" in n and "month" in n for n in notes)
    assert any(":12: unknown kind 'mystery'" in n for n in notes)
    assert kb.person_for("Nobody Known", None) is None


# --- YAML --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "iso3"),
    [("Gondor", "GON"), ("Gondorian", "GON"), ("Gondorians", "GON"), ("Minas Tirith", "GON"),
     ("Qazaqstan", "KAZ"), ("Kazakhstan", "KAZ")],
)
def test_yaml_countries(kb: KnowledgeBase, phrase: str, iso3: str) -> None:
    assert kb.country_for(phrase) == iso3


def test_yaml_organisations_people_and_ignore(kb: KnowledgeBase) -> None:
    council = kb.organization_for("Council of the Wise")
    assert council is not None and council.id == "org:white-council"
    sklyar = kb.person_for("Roman Sklyar", date(2023, 11, 27))
    assert sklyar is not None and (sklyar.country, sklyar.sector) == ("KAZ", "GOV")
    putin = kb.person_for("Vladimir Putin", date(2023, 1, 1))
    assert putin is not None and (putin.id, putin.sector, putin.status) == (
        "person:vladimir-putin", "GOV", "dated")
    assert load_knowledge_base().country_for("Chad") == "TCD"
    assert kb.country_for("Chad") is None


# --- PETRARCH ----------------------------------------------------------------------------------


def test_petrarch_entries_become_countries_organisations_people_and_ignores(
    kb: KnowledgeBase,
) -> None:
    assert kb.country_for("Eriador") == kb.country_for("Eriadorian") == "ERI"
    council = kb.organization_for("Lake Town Council")
    assert council is not None and (council.country, council.sector) == ("ERI", "GOV")
    soldier = kb.person_for("Faramir of Ithilien", date(1997, 1, 1))
    assert soldier is not None and (soldier.name, soldier.code) == ("Faramir of Ithilien",
                                                                    "ITHMIL")
    ruler = kb.person_for("Faramir", date(2005, 1, 1))
    assert ruler is not None and (ruler.country, ruler.sector) == ("ITH", "GOV")
    thorin = kb.person_for("Thorin Oakenshield", None)
    assert thorin is not None and thorin.code == "ERIGOV"
    assert "Old Forest" in kb.country_blockers
    assert any("ends before it starts" in n for n in kb.notes)


@pytest.mark.corpora
def test_petrarch_validation_dictionary_with_fictional_countries(corpora_dir: Path) -> None:
    path = corpora_dir / "petrarch2_unittest" / "PETR.Validate.actors.txt"
    kb = load_knowledge_base([path])
    for phrase, code in [("Arnor", "ARN"), ("Gondor", "GON"), ("Minas Tirith", "GON"),
                         ("Mordor", "MOR"), ("Barad-Dur", "MOR"), ("Rohan", "ROH"),
                         ("Egypt", "UAR"), ("Danish", "DNK"), ("New Zealand", "NZE")]:
        assert kb.country_for(phrase) == code, phrase
    gollum = [kb.person_for("Smeagol", day) for day in
              (date(1990, 1, 1), date(1996, 1, 1), date(2001, 1, 1))]
    assert [m.code if m else None for m in gollum] == ["HOB", "HOBGOV", "HOBREB"]
    sam = kb.person_for("Sam Gamgee", date(2010, 1, 10))
    assert sam is not None and sam.code == "ORCHOB"  # listed first, so it wins the overlap
    assert kb.country_for("Boromir") is None and "Boromir" in kb.country_blockers
    assert any("'+++' is not supported" in n for n in kb.notes)


# --- loading -----------------------------------------------------------------------------------


def test_later_files_win(tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    first.write_text("kind,id,name\ncountry,AAA,Ruritania\n", encoding="utf-8")
    second = tmp_path / "second.yaml"
    second.write_text("countries:\n  - {code: BBB, name: Ruritania}\n", encoding="utf-8")
    assert load_knowledge_base([first, second]).country_for("Ruritania") == "BBB"
    assert load_knowledge_base([second, first]).country_for("Ruritania") == "AAA"
    assert load_knowledge_base().country_for("Ruritania") is None


def test_with_user_file_leaves_the_original_untouched() -> None:
    base = load_knowledge_base()
    extended = base.with_user_file(CSV)
    assert extended is not base
    assert base.country_for("Arnor") is None and extended.country_for("Arnor") == "ARN"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [("bad.yaml", "countries: [\n", "not valid YAML"),
     ("list.yaml", "- a\n- b\n", "mapping"),
     ("nokind.csv", "name,id\nArnor,ARN\n", "`kind` column")],
)
def test_unreadable_files_raise_usage_errors(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_knowledge_base([path])


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read actor file") as caught:
        load_knowledge_base([tmp_path / "missing.csv"])
    assert caught.value.code == "ATT200"


def test_knowledge_bases_with_user_files_pickle_for_parallel_runs(kb: KnowledgeBase) -> None:
    assert kb.person_for("Roman Sklyar", date(2023, 11, 27)) is not None  # index built
    copy = pickle.loads(pickle.dumps(kb))
    assert copy.country_for("Arnor") == "ARN"
    sklyar = copy.person_for("Roman Sklyar", date(2023, 11, 27))
    assert sklyar is not None and sklyar.code == "KAZGOV"


def test_describe_counts_what_a_file_adds() -> None:
    line = describe(read_user_actors(CSV))
    assert "2 countries, 2 organisations, 2 people, 1 ignored phrases, 2 notes" in line


# --- the override reaches the actor stage ------------------------------------------------------


def test_user_countries_and_people_reach_the_actor_stage(
    pipeline: Pipeline, kb: KnowledgeBase
) -> None:
    nlp = pipeline.resources.nlp
    doc = nlp("Arnor and Gondor signed a treaty. Washington welcomed the deal.")
    index = find_actors(doc, kb, build_matchers(nlp, kb))
    ids = {actor.id for actor in index.actors.values()}
    assert {"ARN", "GON"} <= ids
    assert "USA" not in ids

"""Mentions -> canonical events: the rule on hand-built mentions, the store on real articles."""

from __future__ import annotations

import importlib.util
import json
import random
import shutil
import sys
from dataclasses import fields
from pathlib import Path
from types import ModuleType

import duckdb
import pytest

from attache.batch import ingest, load_inputs
from attache.dedup import (
    MergeSettings,
    canonical_events,
    explain,
    load_mentions,
    mention_links,
    rebuild,
    refresh,
    stored_settings,
)
from attache.dedup_model import EventMention
from attache.dedup_rule import build_events, compare, merge_settings_help, prepare, stem, type_group
from attache.errors import UsageError
from attache.pipeline import Pipeline
from attache.schema import Event, Evidence, Location
from attache.store import Store

# Pakistan's train hijacking told by five stories, the Somali hotel siege by two, and two 2019
# stories on Turkey and US sanctions (VOA, public domain).
SUBSET = ("8006651", "8007760", "8009314", "8009976", "8011076", "8006503", "8008152",
          "6180015", "6180932")
S = MergeSettings()


def mention(article: str = "a1", number: int = 1, *, plover: str = "CONSULT",
            source: str | None = "USA", target: str | None = "CHN", date: str | None = None,
            published: str | None = "2025-03-12", sentence: str = "The envoys met in Geneva "
            "to discuss tariffs and export controls on chips.", place: Location | None = None,
            outlet: str | None = "example.org", trigger: str | None = None,
            quad: str | None = None) -> EventMention:
    event = Event(id=f"e{number}", plover=plover, cameo="040", source=source, target=target,
                  source_country=source, target_country=target, date=date, quad=quad,
                  date_status="explicit" if date else "unknown", location=place,
                  evidence=Evidence(sentence=sentence, start=0, end=len(sentence)),
                  trigger=trigger, confidence=0.6)
    return EventMention(article_id=article, mention_id=f"e{number}", seq=number, event=event,
                        published=published, outlet=outlet, url=None)


def merged(*mentions: EventMention, settings: MergeSettings = S) -> list[list[str]]:
    events, links = build_events(mentions, settings)
    groups: dict[str, list[str]] = {e.event_id: [] for e in events}
    for link in links:
        groups[link.event_id].append(link.key)
    return sorted(sorted(g) for g in groups.values())


def checks(a: EventMention, b: EventMention, settings: MergeSettings = S) -> dict[str, bool]:
    return {c.name: c.ok for c in compare(prepare(a, settings), prepare(b, settings), settings)[1]}


# --------------------------------------------------------------------------- the rule


def test_every_merge_setting_has_help_and_round_trips() -> None:
    helps = merge_settings_help()
    assert set(helps) == {f.name for f in fields(MergeSettings)}
    assert all(len(text) > 20 for text in helps.values())
    custom = MergeSettings(min_similarity=0.5, undated_window_days=None)
    assert MergeSettings.from_json(custom.to_json()) == custom


@pytest.mark.parametrize(("first", "second", "ok"), [
    ("2023-11", "2023-11-27", True),
    ("2023", "2023-11-27", True),
    ("2023-11-27", "2023-11-27", True),
    ("2023-11-26", "2023-11-27", False),
    ("2023-11", "2023-12-01", False),
    ("2022", "2023-01", False),
])
def test_dates_are_compatible_when_their_periods_overlap(first: str, second: str,
                                                          ok: bool) -> None:
    assert checks(mention(date=first), mention("a2", date=second))["date"] is ok


def test_day_tolerance_widens_day_dates() -> None:
    tolerant = MergeSettings(day_tolerance_days=1)
    assert checks(mention(date="2023-11-26"), mention("a2", date="2023-11-27"), tolerant)["date"]


def test_undated_mentions_use_a_window_before_publication() -> None:
    undated = mention(published="2025-03-12")
    assert checks(undated, mention("a2", date="2025-03-10"))["date"]
    assert not checks(undated, mention("a2", date="2025-03-13"))["date"]
    assert not checks(undated, mention("a2", date="2025-03-08"))["date"]
    assert checks(undated, mention("a2", published="2025-03-14"))["date"]
    assert not checks(undated, mention("a2", published="2025-03-16"))["date"]


def test_without_a_window_undated_mentions_merge_only_in_their_article() -> None:
    never = MergeSettings(undated_window_days=None)
    assert not checks(mention(), mention("a2"), never)["date"]
    assert checks(mention(), mention(number=2), never)["date"]
    assert not checks(mention(), mention("a2", date="2025-03-12"), never)["date"]


def test_symmetric_types_ignore_direction_others_do_not() -> None:
    meet, met = mention(), mention("a2", source="CHN", target="USA")
    assert checks(meet, met)["dyad"]
    attack = mention(plover="ASSAULT")
    attacked = mention("a2", plover="ASSAULT", source="CHN", target="USA")
    assert not checks(attack, attacked)["dyad"]
    assert merged(meet, met) == [["a1/e1", "a2/e1"]]


KILLED = "Soldiers killed sixteen gunmen near the railway station after the siege."


def test_an_uncoded_side_fits_a_named_one_when_the_other_side_agrees() -> None:
    named = mention(plover="ASSAULT", source="PAK", target="UAF", sentence=KILLED,
                    trigger="killed", quad="material conflict")
    passive = mention("a2", plover="ASSAULT", source=None, target="UAF", trigger="killed",
                      sentence="Sixteen gunmen were killed near the railway station.",
                      quad="material conflict")
    assert all(checks(named, passive).values())
    assert merged(named, passive) == [["a1/e1", "a2/e1"]]
    assert not checks(named, passive, MergeSettings(unknown_side_matches=False))["dyad"]
    nobody = mention("a2", plover="ASSAULT", source=None, target=None, trigger="killed",
                     sentence=passive.event.evidence.sentence, quad="material conflict")
    assert not checks(named, nobody)["dyad"], "an uncoded side needs a named side that agrees"


def test_an_uncoded_side_needs_the_same_event_word() -> None:
    named = mention(plover="ASSAULT", source="PAK", target="UAF", sentence=KILLED,
                    trigger="killed", quad="material conflict")
    other_verb = mention("a2", plover="ASSAULT", source=None, target="UAF", trigger="attacked",
                         sentence="Sixteen gunmen were attacked near the railway station.",
                         quad="material conflict")
    assert not checks(named, other_verb)["evidence"]


def test_statements_with_an_uncoded_side_need_words_beyond_the_verb() -> None:
    warns = mention(plover="THREATEN", source="TUR", target="USA", trigger="warning",
                    sentence="Turkey is warning Washington it could turn to Moscow.",
                    quad="verbal conflict")
    other = mention("a2", plover="THREATEN", source="TUR", target=None, trigger="warning",
                    sentence="Ankara is warning it could turn to the SU 35 fighter jets.",
                    quad="verbal conflict")
    assert not checks(warns, other)["evidence"]  # shares only "warning" and "turn"
    again = mention("a2", plover="THREATEN", source="TUR", target=None, trigger="warning",
                    sentence="Ankara is warning it could turn to Moscow for missiles.",
                    quad="verbal conflict")
    assert checks(warns, again)["evidence"]


def test_type_groups_let_kindred_types_merge() -> None:
    grouped = MergeSettings(type_groups=(("COERCE", "THREATEN"),))
    ban = mention(plover="COERCE", sentence="The U.S. has banned the supply of advanced chips.")
    threat = mention("a2", plover="THREATEN", sentence="The U.S. will ban advanced chips supply.")
    assert not checks(ban, threat)["type"]
    assert checks(ban, threat, grouped)["dyad"]
    assert merged(ban, threat) == [["a1/e1"], ["a2/e1"]]
    assert type_group("THREATEN", grouped) == type_group("COERCE", grouped) == "COERCE+THREATEN"
    assert merged(ban, threat, settings=grouped) == [["a1/e1", "a2/e1"]]


@pytest.mark.parametrize(("word", "expected"), [
    ("attacks", "attack"), ("attacked", "attack"), ("attacking", "attack"), ("chips", "chip"),
    ("talks", "talk"), ("press", "press"), ("bus", "bus"), ("red", "red"), ("sing", "sing"),
])
def test_evidence_words_are_compared_by_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_settings_of_another_rule_are_not_read_as_these() -> None:
    with pytest.raises(ValueError, match="not the settings"):
        MergeSettings.from_json('{"min_similarity": 0.25}')


def test_places_in_different_countries_never_merge() -> None:
    geneva = Location(name="Geneva", country="CHE", lat=46.2, lon=6.1, geonameid=2660646)
    bern = Location(name="Bern", country="CHE", lat=46.9, lon=7.4, geonameid=2661552)
    paris = Location(name="Paris", country="FRA", lat=48.9, lon=2.3, geonameid=2988507)
    assert checks(mention(place=geneva), mention("a2", place=bern))["place"]
    assert checks(mention(place=geneva), mention("a2"))["place"]
    assert not checks(mention(place=geneva), mention("a2", place=paris))["place"]


def test_two_different_people_never_merge() -> None:
    xi = mention(source="person:xi-jinping")
    li = mention("a2", source="person:li-qiang")
    assert not checks(xi, li)["actors"]
    assert checks(xi, mention("a2", source="person:xi-jinping"))["actors"]


def test_evidence_needs_shared_content_words_beyond_the_actors() -> None:
    other = mention("a2", sentence="Officials said the weather was fine on Tuesday.")
    assert not checks(mention(), other)["evidence"]
    close = mention("a2", sentence="Envoys held talks in Geneva on chips export controls.")
    assert checks(mention(), close)["evidence"]


def test_a_story_retelling_its_event_with_the_same_verb_merges() -> None:
    lede = mention(sentence="President Mohamed has signed a measure extending his term.",
                   trigger="signed")
    later = mention(number=2, sentence="Farmajo signed the legislation late Tuesday.",
                    trigger="signed")
    assert checks(lede, later)["evidence"]
    assert not checks(lede, later, MergeSettings(same_story_trigger=False))["evidence"]
    elsewhere = mention("a2", sentence=later.event.evidence.sentence, trigger="signed")
    assert not checks(lede, elsewhere)["evidence"]


def test_complete_linkage_does_not_chain_different_happenings() -> None:
    """Mentions 1-2 and 2-3 are compatible, 1-3 are not (different days): 3 stays apart."""
    first = mention("a1", date="2025-03-10")
    middle = mention("a2", date="2025-03")
    last = mention("a3", date="2025-03-11")
    assert merged(first, middle, last) == [["a1/e1", "a2/e1"], ["a3/e1"]]


def test_grouping_does_not_depend_on_arrival_order() -> None:
    mentions = [mention(f"a{n}", date=date, published="2025-03-12") for n, date in
                enumerate(["2025-03-10", "2025-03", None, "2025-03-11", None, "2025"])]
    expected = build_events(mentions, S)
    shuffler = random.Random(7)
    for _ in range(20):
        shuffler.shuffle(mentions)
        assert build_events(mentions, S) == expected


def test_canonical_event_counts_and_first_report() -> None:
    first = mention("a1", published="2025-03-10", outlet="one.org")
    second = mention("a2", published="2025-03-11", outlet="two.org", date="2025-03-09")
    same_article = mention("a2", 2, published="2025-03-11", outlet="two.org")
    (event,), links = build_events([same_article, second, first], S)
    assert (event.event_id, event.num_mentions, event.num_articles, event.num_sources) == \
        ("a1/e1", 3, 2, 2)
    assert (event.first_seen, event.last_seen, event.date) == ("2025-03-10", "2025-03-11",
                                                               "2025-03-09")
    assert [link.linked_to for link in links].count(None) == 1


# --------------------------------------------------------------------------- the store


def _ingest(pipeline: Pipeline, corpus: Path, path: Path, ids: tuple[str, ...]) -> None:
    items, problems = load_inputs([corpus])
    wanted = [item for item in items if item.id in ids]
    with Store(path) as store:
        ingest(pipeline, store, wanted, problems=[])
    assert len(wanted) == len(ids), "VOA stories missing from the corpus"


@pytest.fixture(scope="module")
def voa_corpus(corpora_dir: Path) -> Path:
    path = corpora_dir / "voa_2025" / "voa_stories.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found")
    return path


@pytest.fixture(scope="module")
def subset_db(pipeline: Pipeline, voa_corpus: Path, tmp_path_factory: pytest.TempPathFactory
              ) -> Path:
    path = tmp_path_factory.mktemp("voa") / "subset.duckdb"
    _ingest(pipeline, voa_corpus, path, SUBSET)
    with Store(path) as store:
        refresh(store)
    return path


@pytest.fixture
def db(subset_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(subset_db, copy)
    return copy


def _snapshot(store: Store) -> tuple[object, ...]:
    return canonical_events(store), mention_links(store)


def test_loaded_mentions_are_the_stored_events(db: Path) -> None:
    with Store(db) as store:
        by_key = {(m.article_id, m.mention_id): m.event for m in load_mentions(store)}
        rows = store.events()
    assert len(by_key) == len(rows)
    for row in rows:
        assert by_key[(row.article_id, row.id)] == Event(**row.model_dump(
            exclude={"article_id", "article_title", "published"}))


def test_every_mention_belongs_to_exactly_one_event(db: Path) -> None:
    with Store(db) as store:
        events, links = canonical_events(store), mention_links(store)
        stored = store.row_counts()["events"]
    assert len(links) == stored == sum(e.num_mentions for e in events)
    assert len({link.key for link in links}) == stored
    assert any(e.num_articles > 1 for e in events), "no report was merged across stories"


def test_refresh_after_new_articles_equals_a_full_rebuild(
        pipeline: Pipeline, voa_corpus: Path, subset_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "incremental.duckdb"
    _ingest(pipeline, voa_corpus, path, SUBSET[::2])
    with Store(path) as store:
        assert refresh(store).rebuilt
    _ingest(pipeline, voa_corpus, path, SUBSET[1::2])
    with Store(path) as store:
        report = refresh(store)
        incremental = _snapshot(store)
    assert not report.rebuilt and report.blocks > 0
    with Store(subset_db) as store:
        assert _snapshot(store) == incremental
        assert _snapshot(store) == (rebuild(store), _snapshot(store))[1]


def test_refresh_notices_removed_mentions(db: Path) -> None:
    with Store(db) as store:
        store._con.execute("DELETE FROM events WHERE article_id = ?", [SUBSET[0]])  # noqa: SLF001
        refresh(store)
        after = _snapshot(store)
        rebuild(store)
        assert _snapshot(store) == after
    assert all(link.article_id != SUBSET[0] for link in after[1])  # type: ignore[attr-defined]


def test_new_settings_rebuild_and_are_stored(db: Path) -> None:
    strict = MergeSettings(min_similarity=0.9, min_shared_words=5)
    with Store(db) as store:
        before = len(canonical_events(store))
        assert refresh(store, strict).rebuilt
        assert stored_settings(store) == strict
        assert len(canonical_events(store)) >= before
        assert not refresh(store).rebuilt


def test_explain_gives_the_passed_checks_and_near_misses(db: Path) -> None:
    with Store(db) as store:
        event = max(canonical_events(store), key=lambda e: (e.num_articles, e.event_id))
        why = explain(store, event.event_id)
        with pytest.raises(UsageError):
            explain(store, "no-such/e1")
    assert len(why.mentions) == event.num_mentions
    assert why.mentions[0].key == event.event_id
    assert len(why.reasons) == event.num_mentions - 1
    for reasons in why.reasons.values():
        assert {c.name for c in reasons} == {"dyad", "actors", "date", "place", "evidence"}
        assert all(c.ok for c in reasons)
    assert all(miss.failed and not any(c.ok for c in miss.failed) for miss in why.near_misses)
    assert json.loads(why.settings) == json.loads(MergeSettings().to_json())


def _tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows in a canonical order, without ingestion timestamps."""
    with duckdb.connect(str(path), read_only=True) as con:
        names = [n for (n,) in con.execute("SELECT table_name FROM duckdb_tables() "
                                           "ORDER BY table_name").fetchall()]
        tables = {}
        for name in names:
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position", [name]).fetchall()
                if c not in ("ingested_at", "at", "applied_at")]
            select = ", ".join(f'"{c}"' for c in columns)
            tables[name] = con.execute(f"SELECT {select} FROM {name} ORDER BY ALL").fetchall()
    return tables


def test_ingesting_the_stories_twice_gives_the_same_database(
        pipeline: Pipeline, voa_corpus: Path, subset_db: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.duckdb"
    for _ in range(2):
        _ingest(pipeline, voa_corpus, again, SUBSET)
        with Store(again) as store:
            refresh(store)
    assert _tables(again) == _tables(subset_db)


# --------------------------------------------------------------------------- the accuracy gate

# Measured (docs/dedup.md) on the 133 of 163 pairs the pipeline codes an event from: precision
# 0.93-0.97, recall 0.62-0.70, depending on the actor stage of the day (it was being changed while
# this was measured). The recall target (0.80) is not reached; the floors sit below the lower
# measurement. Only ever raise them.
FLOORS = {"precision": 0.90, "recall": 0.58, "unmatched": 1 / 4}


def _bench() -> ModuleType:
    path = Path(__file__).parents[1] / "bench" / "dedup_voa.py"
    spec = importlib.util.spec_from_file_location("dedup_voa", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.corpora
def test_merge_precision_and_recall_on_the_voa_pairs(
        pipeline: Pipeline, voa_corpus: Path, tmp_path: Path) -> None:
    bench = _bench()
    pairs = bench.read_pairs()
    path = tmp_path / "voa.duckdb"
    items, problems = load_inputs([voa_corpus])
    with Store(path) as store:
        ingest(pipeline, store, items, problems)
        rebuild(store, MergeSettings())
        scores = bench.score(store, pairs)["all"]
    assert len(scores.unmatched) <= FLOORS["unmatched"] * len(pairs), scores.unmatched
    assert scores.precision >= FLOORS["precision"], scores.line("all")
    assert scores.recall >= FLOORS["recall"], scores.line("all")


def test_the_pair_set_is_well_formed() -> None:
    pairs = _bench().read_pairs()
    assert 100 <= len(pairs) <= 200
    assert {p.label for p in pairs} == {"same", "different"}
    assert {p.split for p in pairs} == {"dev", "test"}
    assert len({(p.a, p.b) for p in pairs}) == len(pairs)

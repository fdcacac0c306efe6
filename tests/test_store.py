from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from attache.errors import StoreError
from attache.schema import (
    Actor,
    Agreement,
    Article,
    Caption,
    Event,
    Evidence,
    Fact,
    Location,
    Mention,
    Place,
    Relation,
    Removed,
    Timex,
)
from attache.store import SCHEMA_VERSION, Store, _tables

VISIT_TEXT = (
    "Chinese President Xi Jinping arrived in Astana on Wednesday for a state visit. "
    "Xi and Kazakh President Kassym-Jomart Tokayev signed an agreement on visa-free travel "
    "on Thursday. Trade between China and Kazakhstan reached $31 billion in 2022, "
    "Kazakhstan's trade ministry said. The two countries have a permanent comprehensive "
    "strategic partnership since 2022. Xi and Tokayev at the Akorda palace."
)
TRADE_TEXT = (
    "Kazakhstan increased wheat shipments to China in January, the agriculture ministry said. "
    "Russian officials held talks with Kazakhstan on a new pipeline this year. "
    "A Chinese spokesman accused the United States of interference."
)


def evidence(text: str, sentence: str) -> Evidence:
    start = text.index(sentence)
    return Evidence(sentence=sentence, start=start, end=start + len(sentence))


def span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def visit_article() -> Article:
    text = VISIT_TEXT
    arrival = "Chinese President Xi Jinping arrived in Astana on Wednesday for a state visit."
    signing = ("Xi and Kazakh President Kassym-Jomart Tokayev signed an agreement on visa-free "
               "travel on Thursday.")
    trade = ("Trade between China and Kazakhstan reached $31 billion in 2022, Kazakhstan's trade "
             "ministry said.")
    partnership = ("The two countries have a permanent comprehensive strategic partnership "
                   "since 2022.")
    astana = Location(name="Astana", country="KAZ", lat=51.1801, lon=71.44598, geonameid=1526273)
    xi_start, xi_end = span(text, "Xi Jinping")
    tok_start, tok_end = span(text, "Kassym-Jomart Tokayev")
    wed_start, wed_end = span(text, "Wednesday")
    ast_start, ast_end = span(text, "Astana")
    cap_start, cap_end = span(text, "Xi and Tokayev at the Akorda palace.")
    return Article(
        id="xinhua-2023-05-18-xi-astana",
        title="Xi Jinping arrives in Astana for state visit",
        published="2023-05-18",
        url="https://example.org/xi-astana",
        source="Xinhua",
        text=text,
        content_hash="hash-visit",
        actors=[
            Actor(id="CHNGOV-XI", name="Xi Jinping", kind="person", country="CHN", sector="GOV",
                  roles=["President"], aliases=["Xi"],
                  mentions=[Mention(text="Xi Jinping", start=xi_start, end=xi_end)]),
            Actor(id="KAZGOV-TOKAYEV", name="Kassym-Jomart Tokayev", kind="person",
                  country="KAZ", sector="GOV", roles=["President"],
                  mentions=[Mention(text="Kassym-Jomart Tokayev", start=tok_start, end=tok_end)]),
            Actor(id="KAZ", name="Kazakhstan", kind="country", country="KAZ"),
        ],
        events=[
            Event(id="e1", plover="CONSULT", mode="visit", cameo="042", quad="verbal cooperation",
                  goldstein=1.9, source="CHNGOV-XI", target="KAZ", source_country="CHN",
                  target_country="KAZ", date="2023-05-17", date_status="inferred",
                  date_text="Wednesday", location=astana, evidence=evidence(text, arrival),
                  trigger="arrived", confidence=0.92),
            Event(id="e2", plover="AGREE", cameo="057", quad="verbal cooperation", goldstein=8.0,
                  source="KAZGOV-TOKAYEV", target="CHNGOV-XI", source_country="KAZ",
                  target_country="CHN", date="2023-05-18", date_status="inferred",
                  date_text="Thursday", evidence=evidence(text, signing), trigger="signed",
                  confidence=0.88),
        ],
        timexes=[Timex(text="Wednesday", value="2023-05-17", granularity="day",
                       start=wed_start, end=wed_end)],
        places=[Place(text="Astana", name="Astana", country="KAZ", lat=51.1801, lon=71.44598,
                      geonameid=1526273, start=ast_start, end=ast_end, feature="city")],
        facts=[Fact(kind="trade", parties=["CHN", "KAZ"], value=31e9, unit="USD", period="2022",
                    attributed_to="Kazakhstan's trade ministry", evidence=evidence(text, trade))],
        relations=[Relation(parties=["CHN", "KAZ"],
                            level="permanent comprehensive strategic partnership", since="2022",
                            evidence=evidence(text, partnership))],
        agreements=[Agreement(name="agreement on visa-free travel", kind="agreement",
                              parties=["CHN", "KAZ"], date="2023-05-18",
                              evidence=evidence(text, signing))],
        captions=[Caption(start=cap_start, end=cap_end)],
        removed=[Removed(text="Read more: Belt and Road at ten", reason="boilerplate")],
    )


def trade_article() -> Article:
    text = TRADE_TEXT
    wheat = ("Kazakhstan increased wheat shipments to China in January, the agriculture ministry "
             "said.")
    talks = "Russian officials held talks with Kazakhstan on a new pipeline this year."
    accuse = "A Chinese spokesman accused the United States of interference."
    return Article(
        id="tass-2023-02-03-wheat",
        title=None,
        published="2023-02-03",
        text=text,
        content_hash="hash-trade",
        actors=[Actor(id="KAZ", name="Kazakhstan", kind="country", country="KAZ")],
        events=[
            Event(id="e1", plover="COOPERATE", cameo="061", source="KAZ", target="CHN",
                  source_country="KAZ", target_country="CHN", date="2023-01",
                  date_status="inferred", date_text="January", evidence=evidence(text, wheat),
                  confidence=0.7),
            Event(id="e2", plover="CONSULT", cameo="040", source="RUS", target="KAZ",
                  source_country="RUS", target_country="KAZ", date="2023",
                  date_status="inferred", date_text="this year", evidence=evidence(text, talks),
                  confidence=0.6),
            Event(id="e3", plover="ACCUSE", cameo="112", source="CHN", target="USA",
                  source_country="CHN", target_country="USA", evidence=evidence(text, accuse),
                  confidence=0.8),
        ],
    )


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "attache.duckdb"


@pytest.fixture
def store(path: Path) -> Store:
    s = Store(path)
    s.add_articles([visit_article(), trade_article()])
    return s


def event_keys(rows: list) -> list[tuple[str, str]]:
    return [(row.article_id, row.id) for row in rows]


VISIT, TRADE = "xinhua-2023-05-18-xi-astana", "tass-2023-02-03-wheat"


def test_round_trip_returns_equal_records(store: Store) -> None:
    assert store.article(VISIT) == visit_article()
    assert store.article(TRADE) == trade_article()
    assert store.article("missing") is None


def test_round_trip_of_a_batch_with_empty_and_null_columns(path: Path) -> None:
    # Alone in its batch, the trade article's columns hold only empty lists or NULLs.
    with Store(path) as s:
        assert s.add_article(trade_article())
        assert s.article(TRADE) == trade_article()


def test_duplicate_content_hash_adds_nothing(store: Store) -> None:
    before = store.row_counts()
    again = visit_article().model_copy(update={"id": "another-id"})
    assert store.has_article("hash-visit")
    assert store.add_article(again) is False
    assert store.row_counts() == before


def test_add_articles_counts_duplicates_within_and_across_batches(path: Path) -> None:
    with Store(path) as s:
        articles = [visit_article(), trade_article(), visit_article()]
        assert s.add_articles(articles, batch_size=2) == (2, 1)
        assert s.add_articles(articles) == (0, 3)
        assert s.row_counts()["events"] == 5


def test_article_without_hash_is_refused(path: Path) -> None:
    with Store(path) as s, pytest.raises(StoreError, match="no content_hash"):
        s.add_article(trade_article().model_copy(update={"content_hash": None}))
    with Store(path) as s:
        assert s.row_counts()["articles"] == 0


def test_reused_id_with_new_hash_fails_without_partial_rows(store: Store) -> None:
    before = store.row_counts()
    clash = trade_article().model_copy(update={"content_hash": "hash-other"})
    with pytest.raises(StoreError, match="^conflict: "):
        store.add_article(clash)
    assert store.row_counts() == before


def test_failure_after_article_row_rolls_back_everything(store: Store) -> None:
    before = store.row_counts()
    # Valid for pydantic, but the event's offset overflows the INTEGER column, so the events
    # insert fails after the articles and actors rows of the same article were written.
    event = visit_article().events[0]
    overflow = event.evidence.model_copy(update={"end": 2**31})
    broken = visit_article().model_copy(update={
        "id": "broken", "content_hash": "hash-broken",
        "events": [event.model_copy(update={"evidence": overflow})]})
    with pytest.raises(StoreError, match="^write failed: "):
        store.add_article(broken)
    assert store.row_counts() == before
    assert store.article("broken") is None
    assert not store.has_article("hash-broken")


def test_country_filter_matches_source_or_target(store: Store) -> None:
    rows = store.events(country="CHN")
    assert event_keys(rows) == [(TRADE, "e1"), (VISIT, "e1"), (VISIT, "e2"), (TRADE, "e3")]
    assert event_keys(store.events(country="USA")) == [(TRADE, "e3")]


def test_dyad_filter_matches_both_directions(store: Store) -> None:
    forward = store.events(dyad=("CHN", "KAZ"))
    assert event_keys(forward) == [(TRADE, "e1"), (VISIT, "e1"), (VISIT, "e2")]
    assert event_keys(store.events(dyad=("KAZ", "CHN"))) == event_keys(forward)
    assert event_keys(store.events(dyad=("RUS", "CHN"))) == []


def test_plover_and_cameo_prefix_filters(store: Store) -> None:
    assert event_keys(store.events(plover="CONSULT")) == [(TRADE, "e2"), (VISIT, "e1")]
    assert event_keys(store.events(cameo_prefix="04")) == [(TRADE, "e2"), (VISIT, "e1")]
    assert event_keys(store.events(cameo_prefix="057")) == [(VISIT, "e2")]
    assert store.events(cameo_prefix="%") == []


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("2023-01-01", "2023-01-31", [(TRADE, "e2"), (TRADE, "e1")]),
        ("2023-01-15", "2023-01-20", [(TRADE, "e2"), (TRADE, "e1")]),
        ("2023-02-01", "2023-05-17", [(TRADE, "e2"), (VISIT, "e1")]),
        ("2023-05-18", None, [(TRADE, "e2"), (VISIT, "e2")]),
        (None, "2022-12-31", []),
        ("2023-05", "2023-05", [(TRADE, "e2"), (VISIT, "e1"), (VISIT, "e2")]),
    ],
)
def test_since_until_compare_on_the_shared_prefix(
    store: Store, since: str | None, until: str | None, expected: list[tuple[str, str]]
) -> None:
    assert event_keys(store.events(since=since, until=until)) == expected


def test_filters_combine_and_limit(store: Store) -> None:
    rows = store.events(country="KAZ", since="2023-05-01", limit=1)
    assert event_keys(rows) == [(TRADE, "e2")]
    assert len(store.events(limit=2)) == 2


def test_event_rows_carry_article_context(store: Store) -> None:
    (row,) = store.events(plover="AGREE")
    assert row.article_id == VISIT
    assert row.article_title == "Xi Jinping arrives in Astana for state visit"
    assert row.published == "2023-05-18"
    assert Event.model_validate(row.model_dump(exclude={"article_id", "article_title",
                                                        "published"})) == visit_article().events[1]
    (visit,) = store.events(plover="CONSULT", country="CHN")
    assert visit.location is not None and visit.location.geonameid == 1526273


def test_summary_counts(store: Store) -> None:
    summary = store.summary()
    assert (summary.articles, summary.actors, summary.events) == (2, 4, 5)
    assert summary.events_by_type == {"CONSULT": 2, "ACCUSE": 1, "AGREE": 1, "COOPERATE": 1}
    assert summary.top_dyads == [("CHN", "KAZ", 3), ("CHN", "USA", 1), ("KAZ", "RUS", 1)]
    assert store.summary(top=1).top_dyads == [("CHN", "KAZ", 3)]


def test_empty_store_summary(path: Path) -> None:
    with Store(path) as s:
        summary = s.summary()
    assert (summary.articles, summary.events, summary.top_dyads) == (0, 0, [])


def test_reopen_read_only_and_read(store: Store, path: Path) -> None:
    store.close()
    with Store(path, read_only=True) as s:
        assert s.article(VISIT) == visit_article()
        assert len(s.events(dyad=("KAZ", "CHN"))) == 3
        with pytest.raises(StoreError):
            s.add_article(visit_article().model_copy(update={"content_hash": "hash-new"}))


def test_read_only_needs_an_existing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        Store(tmp_path / "absent.duckdb", read_only=True)


def test_migration_version_recorded_once(path: Path) -> None:
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
    with duckdb.connect(str(path)) as con:
        versions = con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
    assert versions == [(v,) for v in range(1, SCHEMA_VERSION + 1)]


def test_newer_file_is_refused(path: Path) -> None:
    Store(path).close()
    with duckdb.connect(str(path)) as con:
        con.execute("INSERT INTO schema_version (version) VALUES (?)", [SCHEMA_VERSION + 1])
    with pytest.raises(StoreError, match=f"schema version {SCHEMA_VERSION + 1}, "
                       f"this attache needs {SCHEMA_VERSION}"):
        Store(path)


def test_migrated_tables_match_the_models(path: Path) -> None:
    Store(path).close()
    articles, children = _tables()
    with duckdb.connect(str(path)) as con:
        for table in (articles, *children):
            found = {name for (name,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                [table.name]).fetchall()}
            keys = {"ingested_at"} if table is articles else {"article_id", "seq"}
            assert found == {c.name for c in table.columns} | keys, table.name


def test_record_error(store: Store) -> None:
    store.record_error("feeds/tass.jsonl:12", "no text after cleaning", "ingest.empty")
    assert store.row_counts()["ingest_errors"] == 1

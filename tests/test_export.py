"""Every export format read back by its real reader, with counts and values checked."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow.dataset as ds
import pytest
import typer
from typer.testing import CliRunner

from attache.batch import ingest, load_inputs
from attache.cli_data import register
from attache.dedup import canonical_events, mention_links, refresh
from attache.dedup_model import CanonicalEvent
from attache.export import ExportFormat, export, gather
from attache.export_gdelt import (
    EVENT_COLUMNS,
    EVENTS_FILE,
    MENTION_COLUMNS,
    MENTIONS_FILE,
    event_row,
    global_event_id,
    quad_class,
)
from attache.export_rows import ExportEvent, ExportMention
from attache.pipeline import Pipeline
from attache.store import Store

EXAMPLES = Path(__file__).parents[1] / "examples"

# The GDELT 2.0 Event table, in published order: "The GDELT Event Database Data Format Codebook
# V2.0" (2/19/2015), http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf,
# with the column labels GDELT published for it (BigQuery `gdelt-bq.gdeltv2.events`).
GDELT_EVENT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code", "Actor1Name",
    "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode", "Actor1Religion1Code",
    "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code", "Actor2Code",
    "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code", "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone", "Actor1Geo_Type",
    "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID", "Actor2Geo_Type",
    "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID", "ActionGeo_Type",
    "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL",
]
# The GDELT 2.0 Mentions table, same codebook.
GDELT_MENTION_COLUMNS = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo",
    "Extras",
]


@pytest.fixture(scope="module")
def db(pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example articles (Wikinews, VOA), ingested and de-duplicated."""
    path = tmp_path_factory.mktemp("export") / "examples.duckdb"
    items, problems = load_inputs([EXAMPLES / "articles.jsonl",
                                   EXAMPLES / "china-kazakhstan-turkmenistan.txt"], "2023-11-30")
    with Store(path) as store:
        ingest(pipeline, store, items, problems)
        refresh(store)
    return path


@pytest.fixture(scope="module")
def expected(db: Path) -> tuple[list[ExportEvent], list[ExportMention]]:
    with Store(db) as store:
        return gather(store)


@pytest.fixture(scope="module")
def written(db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("out")
    paths = {"gdelt": out / "gdelt", "plover": out / "events.jsonl",
             "parquet": out / "parquet", "csv": out / "csv"}
    with Store(db) as store:
        for name, path in paths.items():
            export(store, ExportFormat(name), path)
    return paths


def _events(db: Path) -> list[CanonicalEvent]:
    with Store(db) as store:
        return canonical_events(store)


def test_the_examples_give_events_and_merged_mentions(
        expected: tuple[list[ExportEvent], list[ExportMention]]) -> None:
    events, mentions = expected
    assert len(events) > 20 and len(mentions) > len(events)
    assert sum(e.num_mentions for e in events) == len(mentions)


# --------------------------------------------------------------------------- GDELT


def test_gdelt_layout_is_the_published_codebook_order() -> None:
    assert len(GDELT_EVENT_COLUMNS) == 61 and len(GDELT_MENTION_COLUMNS) == 16
    assert list(EVENT_COLUMNS) == GDELT_EVENT_COLUMNS
    assert list(MENTION_COLUMNS) == GDELT_MENTION_COLUMNS


def _read_tsv(path: Path, columns: list[str]) -> list[dict[str, Any]]:
    types = {name: "VARCHAR" for name in columns}
    with duckdb.connect() as con:
        relation = con.execute("SELECT * FROM read_csv(?, delim='\t', header=false, quote='', "
                               "escape='', columns=?)", [str(path), types])
        names = [d[0] for d in relation.description]
        return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]


def test_gdelt_files_read_back_in_duckdb(
        written: dict[str, Path], expected: tuple[list[ExportEvent], list[ExportMention]]
) -> None:
    events, mentions = expected
    lines = (written["gdelt"] / EVENTS_FILE).read_text(encoding="utf-8").splitlines()
    assert all(line.count("\t") == 60 for line in lines)
    rows = {int(r["GLOBALEVENTID"]): r for r in _read_tsv(written["gdelt"] / EVENTS_FILE,
                                                          GDELT_EVENT_COLUMNS)}
    assert len(rows) == len(events)
    for event in events:
        row = rows[global_event_id(event.event_id)]
        assert row["EventCode"] == event.cameo and row["EventRootCode"] == event.cameo[:2]
        assert int(row["NumMentions"]) == event.num_mentions
        assert int(row["NumArticles"]) == event.num_articles
        assert row["Actor1CountryCode"] == event.source_country
        assert row["SQLDATE"] == (event.date.replace("-", "") if event.date and
                                  len(event.date) == 10 else None)
        assert row["AvgTone"] is None and row["Actor1Geo_Type"] is None
    mention_rows = _read_tsv(written["gdelt"] / MENTIONS_FILE, GDELT_MENTION_COLUMNS)
    assert len(mention_rows) == len(mentions)
    assert {int(r["GLOBALEVENTID"]) for r in mention_rows} == set(rows)


@pytest.mark.parametrize(("date", "fields"), [
    ("2023-11-27", ["20231127", "202311", 2023, 2023.9781]),  # 2023 + (11*30 + 27)/365
    ("2023-11", [None, "202311", 2023, None]),
    ("2023", [None, None, 2023, None]),
    (None, [None, None, None, None]),
])
def test_gdelt_dates_are_only_as_precise_as_the_event(
        expected: tuple[list[ExportEvent], list[ExportMention]], date: str | None,
        fields: list[Any]) -> None:
    event = ExportEvent(**asdict(expected[0][0]) | {"date": date})
    assert event_row(event)[1:5] == fields


@pytest.mark.parametrize(("cameo", "quad"), [("010", 1), ("0431", 1), ("057", 2), ("0874", 2),
                                             ("090", 3), ("1312", 3), ("14", 4), ("2042", 4)])
def test_gdelt_quad_class_follows_the_cameo_root(cameo: str, quad: int) -> None:
    assert quad_class(cameo) == quad


# --------------------------------------------------------------------------- PLOVER, Parquet, CSV


def test_plover_json_lines_round_trip(
        written: dict[str, Path], expected: tuple[list[ExportEvent], list[ExportMention]]
) -> None:
    events, mentions = expected
    records = [json.loads(line) for line in
               written["plover"].read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [e.event_id for e in events]
    assert sum(len(r["mentions"]) for r in records) == len(mentions)
    for record, event in zip(records, events, strict=True):
        assert (record["event"], record["mode"], record["date"], record["cameo"]) == \
            (event.plover, event.mode, event.date, event.cameo)
        assert record["numMentions"] == event.num_mentions == len(record["mentions"])
        assert record["text"] == event.evidence_sentence and record["context"] is None
        assert [a["code"] for a in record["source"]] == ([event.source_country]
                                                         if event.source else [])


def _comparable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(({k: v for k, v in row.items() if k != "seen_month"} for row in rows),
                  key=lambda r: (r["event_id"], r.get("mention_id", "")))


def test_parquet_reads_back_in_duckdb_polars_and_pyarrow(
        written: dict[str, Path], expected: tuple[list[ExportEvent], list[ExportMention]]
) -> None:
    events, mentions = expected
    for name, rows in (("events", events), ("mentions", mentions)):
        folder = written["parquet"] / name
        with duckdb.connect() as con:
            relation = con.execute("SELECT * FROM read_parquet(?, hive_partitioning = true)",
                                   [str(folder / "**" / "*.parquet")])
            names = [d[0] for d in relation.description]
            found = [dict(zip(names, row, strict=True)) for row in relation.fetchall()]
        assert _comparable(found) == _comparable([asdict(r) for r in rows])
        assert pl.read_parquet(folder, hive_partitioning=True).height == len(rows)
        assert ds.dataset(folder, format="parquet", partitioning="hive").count_rows() \
            == len(rows)
    months = {p.name for p in (written["parquet"] / "events").iterdir()}
    assert all(m.startswith("seen_month=") for m in months)


def test_csv_reads_back_with_the_csv_module(
        written: dict[str, Path], expected: tuple[list[ExportEvent], list[ExportMention]]
) -> None:
    events, mentions = expected
    for name, rows, columns in (("events.csv", events, ExportEvent.column_names()),
                                ("mentions.csv", mentions, ExportMention.column_names())):
        with (written["csv"] / name).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert reader.fieldnames == columns
            found = list(reader)
        as_text = [{k: "" if v is None else str(v) for k, v in asdict(r).items()} for r in rows]
        assert _comparable(found) == _comparable(as_text)


def test_since_until_select_events_by_their_date(db: Path, tmp_path: Path) -> None:
    events = _events(db)
    dated = sorted(e.date for e in events if e.date and len(e.date) == 10)
    since, until = dated[len(dated) // 3], dated[2 * len(dated) // 3]
    with Store(db) as store:
        report = export(store, ExportFormat.plover, tmp_path / "x.jsonl", since=since,
                        until=until)
        wanted = canonical_events(store, since=since, until=until)
        links = mention_links(store, [e.event_id for e in wanted])
    assert 0 < report.events == len(wanted) < len(events)
    assert report.mentions == len(links)
    records = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text().splitlines()]
    assert all(since[:len(r["date"])] <= r["date"] <= until[:len(r["date"])] for r in records)


def test_export_command(db: Path, tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "gdelt",
                                 "--out", str(tmp_path / "g")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "g" / EVENTS_FILE).exists() and "events" in result.output
    bad = runner.invoke(app, ["export", "--db", str(db), "--format", "csv", "--out",
                              str(tmp_path / "c"), "--since", "soon"])
    assert bad.exit_code == 2 and "ATT200" in bad.output

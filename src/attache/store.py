"""The embedded DuckDB store, written in terms of `attache.schema`.

One `articles` row per `Article`; each list of records on the article (actors, events, timexes,
places, facts, relations, agreements) gets its own table keyed by `article_id` plus `seq`, the
record's position in the list, so a read returns the article exactly as it was written. Nested
records are flattened into prefixed columns (`evidence_sentence`, `evidence_start`,
`evidence_end`, `location_name`, `location_country`; a location's `lat`, `lon` and `geonameid`
keep their short names); lists of strings are `VARCHAR[]`; lists of records (`mentions`,
`captions`, `removed`) are JSON.

Insert and select column lists are derived from the pydantic models, so they cannot drift
from `schema.py`. The table DDL lives in `_MIGRATIONS`, an ordered list of steps that are never
edited once released; a test checks that the migrated tables match the models, so a new field
in `schema.py` needs a new migration step. Writes are column-wise (`INSERT ... SELECT
unnest(?), ...`, one statement per table per batch): far faster in DuckDB than `executemany`.
"""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, Self, TypeVar, Union, get_args, get_origin

import duckdb
from pydantic import BaseModel, ConfigDict

from attache.errors import StoreError
from attache.schema import Article, Event, Record

_CHILD_TABLES = ("actors", "events", "timexes", "places", "facts", "relations", "agreements")
_EVIDENCE = ("evidence_sentence VARCHAR NOT NULL, evidence_start INTEGER NOT NULL, "
             "evidence_end INTEGER NOT NULL")
_KEY = "article_id VARCHAR NOT NULL, seq INTEGER NOT NULL"

_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE articles (id VARCHAR PRIMARY KEY, content_hash VARCHAR NOT NULL UNIQUE,
        title VARCHAR, published DATE, url VARCHAR, source VARCHAR, text VARCHAR NOT NULL,
        captions JSON NOT NULL, removed JSON NOT NULL,
        ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
        f"""CREATE TABLE actors ({_KEY}, id VARCHAR NOT NULL, name VARCHAR NOT NULL,
        kind VARCHAR NOT NULL, country VARCHAR, sector VARCHAR, roles VARCHAR[] NOT NULL,
        aliases VARCHAR[] NOT NULL, mentions JSON NOT NULL)""",
        f"""CREATE TABLE events ({_KEY}, id VARCHAR NOT NULL, plover VARCHAR NOT NULL,
        mode VARCHAR, cameo VARCHAR NOT NULL, quad VARCHAR, goldstein DOUBLE, source VARCHAR,
        target VARCHAR, source_country VARCHAR, target_country VARCHAR, date VARCHAR,
        date_status VARCHAR NOT NULL, date_text VARCHAR, location_name VARCHAR,
        location_country VARCHAR, lat DOUBLE, lon DOUBLE, geonameid INTEGER, {_EVIDENCE},
        trigger VARCHAR, in_caption BOOLEAN NOT NULL, confidence DOUBLE NOT NULL)""",
        f"""CREATE TABLE timexes ({_KEY}, text VARCHAR NOT NULL, value VARCHAR,
        granularity VARCHAR, "start" INTEGER NOT NULL, "end" INTEGER NOT NULL,
        kind VARCHAR NOT NULL)""",
        f"""CREATE TABLE places ({_KEY}, text VARCHAR NOT NULL, name VARCHAR NOT NULL,
        country VARCHAR, lat DOUBLE, lon DOUBLE, geonameid INTEGER, "start" INTEGER NOT NULL,
        "end" INTEGER NOT NULL, feature VARCHAR)""",
        f"""CREATE TABLE facts ({_KEY}, kind VARCHAR NOT NULL, parties VARCHAR[] NOT NULL,
        value DOUBLE NOT NULL, unit VARCHAR NOT NULL, period VARCHAR, attributed_to VARCHAR,
        {_EVIDENCE})""",
        f"""CREATE TABLE relations ({_KEY}, parties VARCHAR[] NOT NULL, level VARCHAR NOT NULL,
        change VARCHAR NOT NULL, since VARCHAR, {_EVIDENCE})""",
        f"""CREATE TABLE agreements ({_KEY}, name VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        parties VARCHAR[] NOT NULL, date VARCHAR, {_EVIDENCE})""",
        """CREATE TABLE ingest_errors (origin VARCHAR NOT NULL, code VARCHAR NOT NULL,
        reason VARCHAR NOT NULL, "at" TIMESTAMP NOT NULL DEFAULT current_timestamp)""",
    ),
    (  # canonical events and their mentions (attache.dedup, attache.dedup_model)
        f"""CREATE TABLE canonical_events (event_id VARCHAR NOT NULL, block VARCHAR NOT NULL,
        plover VARCHAR NOT NULL, mode VARCHAR, cameo VARCHAR NOT NULL, quad VARCHAR,
        goldstein DOUBLE, source VARCHAR, target VARCHAR, source_country VARCHAR,
        target_country VARCHAR, date VARCHAR, date_status VARCHAR NOT NULL,
        location_name VARCHAR, location_country VARCHAR, lat DOUBLE, lon DOUBLE,
        geonameid INTEGER, {_EVIDENCE}, root_article_id VARCHAR NOT NULL,
        root_mention_id VARCHAR NOT NULL, num_mentions INTEGER NOT NULL,
        num_articles INTEGER NOT NULL, num_sources INTEGER NOT NULL, first_seen VARCHAR,
        last_seen VARCHAR, confidence DOUBLE NOT NULL)""",
        """CREATE TABLE event_mentions (event_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL,
        mention_id VARCHAR NOT NULL, block VARCHAR NOT NULL, linked_to VARCHAR,
        similarity DOUBLE)""",
        "CREATE TABLE dedup_state (settings JSON NOT NULL)",
    ),
    (  # a publication date read from the text (attache.stages.dct)
        "ALTER TABLE articles ADD COLUMN published_inferred_how VARCHAR",
        "ALTER TABLE articles ADD COLUMN published_inferred_confidence DOUBLE",
    ),
)
SCHEMA_VERSION = len(_MIGRATIONS)
_T = TypeVar("_T")


class EventRow(Event):
    """An `Event` as the store returns it, with the article it came from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    article_id: str
    article_title: str | None
    published: str | None


class StoreSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    articles: int
    actors: int
    events: int
    events_by_type: dict[str, int]
    top_dyads: list[tuple[str, str, int]]


@dataclass(frozen=True)
class _Column:
    name: str
    field: str
    sub: str | None = None
    is_json: bool = False


@dataclass(frozen=True)
class _Table:
    name: str
    columns: tuple[_Column, ...]


def _union_args(annotation: Any) -> tuple[Any, ...]:
    if get_origin(annotation) in (Union, types.UnionType):
        return get_args(annotation)
    return (annotation,)


def _nested_record(annotation: Any) -> type[Record] | None:
    for arg in _union_args(annotation):
        if isinstance(arg, type) and issubclass(arg, Record):
            return arg
    return None


def _is_json(annotation: Any) -> bool:
    return get_origin(annotation) is list and get_args(annotation) != (str,)


def _flat_name(field: str, sub: str) -> str:
    """`evidence.start` -> `evidence_start`; a location's coordinates keep their short names."""
    if field == "location" and sub in ("lat", "lon", "geonameid"):
        return sub
    return f"{field}_{sub}"


def _columns(model: type[Record], skip: Sequence[str] = ()) -> tuple[_Column, ...]:
    columns: list[_Column] = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        nested = _nested_record(info.annotation)
        if nested is None:
            columns.append(_Column(name, name, is_json=_is_json(info.annotation)))
        else:
            columns.extend(_Column(_flat_name(name, s), name, s) for s in nested.model_fields)
    return tuple(columns)


def _child_model(field: str) -> type[Record]:
    (model,) = get_args(Article.model_fields[field].annotation)
    assert isinstance(model, type) and issubclass(model, Record)
    return model


def _tables() -> tuple[_Table, tuple[_Table, ...]]:
    """The articles table and the child tables, with columns derived from the models."""
    articles = _Table("articles", _columns(Article, skip=_CHILD_TABLES))
    children = tuple(_Table(name, _columns(_child_model(name))) for name in _CHILD_TABLES)
    return articles, children


def _values(item: Record, columns: Iterable[_Column]) -> list[object]:
    data = item.model_dump()
    values: list[object] = []
    for column in columns:
        value = data[column.field]
        if column.sub is not None:
            value = None if value is None else value[column.sub]
        values.append(json.dumps(value, ensure_ascii=False) if column.is_json else value)
    return values


def _unflatten(columns: Iterable[_Column], row: Iterable[Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for column, value in zip(columns, row, strict=False):
        if isinstance(value, date):
            value = value.isoformat()
        if column.is_json and value is not None:
            value = json.loads(value)
        if column.sub is None:
            data[column.field] = value
        else:
            data.setdefault(column.field, {})[column.sub] = value
    for key, value in data.items():
        if isinstance(value, dict) and all(v is None for v in value.values()):
            data[key] = None
    return data


def _names(columns: Iterable[_Column]) -> str:
    return ", ".join(f'"{c.name}"' for c in columns)


def _insert_sql(table: str, columns: Sequence[_Column]) -> str:
    """Insert many rows at once, each parameter being one column's list of values."""
    unnests = ", ".join(["unnest(?)"] * len(columns))
    return f"INSERT INTO {table} ({_names(columns)}) SELECT {unnests}"


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _date_clause(op: str) -> str:
    """Compare an event date with a bound on their common prefix (see `Store.events`)."""
    common = "least(length(left(e.date, 10)), length(?))"
    return f"left(e.date, {common}) {op} left(?, {common})"


def _event_filters(
    country: str | None, dyad: tuple[str, str] | None, plover: str | None,
    cameo_prefix: str | None, since: str | None, until: str | None,
) -> tuple[list[str], list[object]]:
    """WHERE clauses and their parameters for the filters given (see `Store.events`)."""
    pair = "(e.source_country = ? AND e.target_country = ?)"
    filters: list[tuple[object, str, list[object]]] = [
        (country, "(e.source_country = ? OR e.target_country = ?)", [country, country]),
        (dyad, f"({pair} OR {pair})", [*dyad, *reversed(dyad)] if dyad else []),
        (plover, "e.plover = ?", [plover]),
        (cameo_prefix, "starts_with(e.cameo, ?)", [cameo_prefix]),
        (since, _date_clause(">="), [since] * 3),
        (until, _date_clause("<="), [until] * 3),
    ]
    given = [(sql, params) for value, sql, params in filters if value is not None]
    return [sql for sql, _ in given], [param for _, params in given for param in params]


class Store:
    """Articles and everything extracted from them, in one DuckDB file."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        if read_only and not Path(path).exists():
            raise StoreError(f"no store at {path}")
        if not read_only:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._con = duckdb.connect(str(path), read_only=read_only)
        self._articles, self._children = _tables()
        try:
            if not read_only:
                self._migrate()
            self._check_version()
        except BaseException:
            self._con.close()
            raise

    def close(self) -> None:
        self._con.close()

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The open DuckDB connection, for modules that keep their own tables in the same
        file (deduplication, the actor registry); articles are written through `add_articles`."""
        return self._con

    def transaction(self, work: Callable[[], _T], failure: str = "write failed") -> _T:
        """Run `work` in one transaction: all of its writes land, or none (a `StoreError`)."""
        return self._in_transaction(work, failure)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The number of migration steps applied to this file (0 for an empty file)."""
        if not self._scalar("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?",
                            ["schema_version"]):
            return 0
        return self._scalar("SELECT coalesce(max(version), 0) FROM schema_version")

    def _migrate(self) -> None:
        self._con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                          " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
        current = self.schema_version
        for version, step in enumerate(_MIGRATIONS[current:], start=current + 1):
            self._in_transaction(partial(self._apply, step, version), "migration failed")

    def _apply(self, step: Sequence[str], version: int) -> None:
        for sql in step:
            self._con.execute(sql)
        self._con.execute("INSERT INTO schema_version (version) VALUES (?)", [version])

    def _check_version(self) -> None:
        found = self.schema_version
        if found != SCHEMA_VERSION:
            raise StoreError(f"store schema version {found}, this attache needs {SCHEMA_VERSION}")

    def has_article(self, content_hash: str) -> bool:
        sql = "SELECT count(*) FROM articles WHERE content_hash = ?"
        return self._scalar(sql, [content_hash]) > 0

    def add_article(self, article: Article) -> bool:
        """Write one article and all its records in one transaction.

        Returns False, writing nothing, when an article with the same `content_hash` is stored.
        Raises `attache.errors.StoreError` (nothing written) when the write fails, e.g. on a
        reused `id`.
        """
        return self.add_articles([article])[0] == 1

    def add_articles(self, articles: Iterable[Article], batch_size: int = 500) -> tuple[int, int]:
        """Write articles in batches of one transaction each; return (added, skipped duplicates).

        A failing batch is rolled back and raises `StoreError`; earlier batches stay written.
        """
        added = skipped = 0
        for batch in _chunks(articles, batch_size):
            fresh = self._in_transaction(partial(self._write_new, batch))
            added += fresh
            skipped += len(batch) - fresh
        return added, skipped

    def record_error(self, origin: str, reason: str, code: str) -> None:
        sql = "INSERT INTO ingest_errors (origin, code, reason) VALUES (?, ?, ?)"
        self._con.execute(sql, [origin, code, reason])

    def _write_new(self, batch: Sequence[Article]) -> int:
        fresh = self._unseen(batch)
        article_rows = [[*_values(a, self._articles.columns)] for a in fresh]
        self._insert(self._articles, article_rows, prefix=())
        for table in self._children:
            rows = [[a.id, seq, *_values(item, table.columns)] for a in fresh
                    for seq, item in enumerate(getattr(a, table.name))]
            self._insert(table, rows, prefix=("article_id", "seq"))
        return len(fresh)

    def _unseen(self, batch: Sequence[Article]) -> list[Article]:
        """The articles whose content hash is neither stored nor earlier in the batch."""
        hashes = [_require_hash(a) for a in batch]
        sql = "SELECT content_hash FROM articles WHERE content_hash IN (SELECT unnest(?))"
        seen = {row[0] for row in self._con.execute(sql, [hashes]).fetchall()}
        fresh: list[Article] = []
        for article, content_hash in zip(batch, hashes, strict=True):
            if content_hash not in seen:
                seen.add(content_hash)
                fresh.append(article)
        return fresh

    def _insert(self, table: _Table, rows: list[list[object]], prefix: tuple[str, ...]) -> None:
        if rows:
            columns = [*(_Column(name, name) for name in prefix), *table.columns]
            by_column = [list(values) for values in zip(*rows, strict=True)]
            self._con.execute(_insert_sql(table.name, columns), by_column)

    def _in_transaction(self, work: Callable[[], _T], failure: str = "write failed") -> _T:
        self._con.begin()
        try:
            result = work()
        except BaseException as error:
            self._con.rollback()
            if isinstance(error, duckdb.Error):
                raise _write_error(error, failure) from error
            raise
        self._con.commit()
        return result

    def article(self, article_id: str) -> Article | None:
        """The stored article with all its records, equal to the one written."""
        sql = f"SELECT {_names(self._articles.columns)} FROM articles WHERE id = ?"
        row = self._con.execute(sql, [article_id]).fetchone()
        if row is None:
            return None
        data = _unflatten(self._articles.columns, row)
        for table in self._children:
            data[table.name] = self._child_rows(table, article_id)
        return Article.model_validate(data)

    def _child_rows(self, table: _Table, article_id: str) -> list[dict[str, Any]]:
        sql = f"SELECT {_names(table.columns)} FROM {table.name} WHERE article_id = ? ORDER BY seq"
        rows = self._con.execute(sql, [article_id]).fetchall()
        return [_unflatten(table.columns, row) for row in rows]

    def events(
        self, *, country: str | None = None, dyad: tuple[str, str] | None = None,
        plover: str | None = None, cameo_prefix: str | None = None, since: str | None = None,
        until: str | None = None, limit: int | None = None,
    ) -> list[EventRow]:
        """Stored events matching every filter given, ordered by date, article and position.

        `country` matches the source or the target country. `dyad=(A, B)` matches either
        direction: A acting on B or B acting on A. `cameo_prefix="03"` matches 03, 036, 0311.
        `since`/`until` are inclusive and compare an event's date (its first ten characters)
        with the bound on the prefix they share, so a month or year date matches when its
        period overlaps the range: "2023-01" is within 2023-01-01..2023-01-31, and "2023" is
        within 2023-06-01..2023-06-30. Undated events never match a since/until filter.
        """
        extra = (_Column(n, n) for n in EventRow.model_fields if n not in Event.model_fields)
        columns = (*self._children[_CHILD_TABLES.index("events")].columns, *extra)
        clauses, params = _event_filters(country, dyad, plover, cameo_prefix, since, until)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = (f"SELECT {_names(columns)} FROM (SELECT e.*, a.title AS article_title, a.published "
               "FROM events e JOIN articles a ON a.id = e.article_id) AS e "
               f"{where} ORDER BY e.date NULLS LAST, e.article_id, e.seq")
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = self._con.execute(sql, params).fetchall()
        return [EventRow.model_validate(_unflatten(columns, row)) for row in rows]

    def summary(self, top: int = 10) -> StoreSummary:
        """Counts for a dashboard.

        `actors` counts actor records (one per actor per article). `events_by_type` is keyed by
        PLOVER category. `top_dyads` are undirected country pairs (alphabetical order, the same
        pairs `events(dyad=...)` matches) between two different known countries, most events
        first, at most `top` of them.
        """
        by_type = self._con.execute(
            "SELECT plover, count(*) AS n FROM events GROUP BY plover ORDER BY n DESC, plover"
        ).fetchall()
        return StoreSummary(
            articles=self._scalar("SELECT count(*) FROM articles"),
            actors=self._scalar("SELECT count(*) FROM actors"),
            events=self._scalar("SELECT count(*) FROM events"),
            events_by_type={plover: n for plover, n in by_type},
            top_dyads=self._top_dyads(top),
        )

    def _top_dyads(self, top: int) -> list[tuple[str, str, int]]:
        sql = """SELECT least(source_country, target_country) AS a,
                 greatest(source_country, target_country) AS b, count(*) AS n FROM events
                 WHERE source_country <> target_country GROUP BY a, b
                 ORDER BY n DESC, a, b LIMIT ?"""
        return [(a, b, n) for a, b, n in self._con.execute(sql, [top]).fetchall()]

    def row_counts(self) -> dict[str, int]:
        """Rows in every table, for stats and tests."""
        names = ("articles", *_CHILD_TABLES, "ingest_errors")
        return {name: self._scalar(f"SELECT count(*) FROM {name}") for name in names}

    def _scalar(self, sql: str, params: Sequence[object] = ()) -> int:
        row = self._con.execute(sql, list(params)).fetchone()
        return int(row[0]) if row else 0


def _require_hash(article: Article) -> str:
    if article.content_hash is None:
        raise StoreError(f"article {article.id!r} has no content_hash")
    return article.content_hash


def _write_error(error: duckdb.Error, failure: str) -> StoreError:
    """`conflict: ...` for a reused article id, else `failure: ...`, with DuckDB's first line."""
    kind = "conflict" if isinstance(error, duckdb.ConstraintException) else failure
    return StoreError(f"{kind}: {str(error).splitlines()[0]}")


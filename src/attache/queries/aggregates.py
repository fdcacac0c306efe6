"""Counts over events: the overview, dyads, time series, map points and the dyad network.

Dyads are undirected: a pair (A, B) with A < B counts A acting on B and B acting on A, the
same pairs `dyad=A-B` matches. Cooperation is the two cooperation quad classes, conflict the
two conflict classes.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import duckdb
from pydantic import BaseModel, Field

from attache.queries.events import events_page
from attache.queries.filters import EventFilters, EventQuery, rows, scalar, where
from attache.store import EventRow

Interval = Literal["day", "week", "month", "year"]
_COOP = "ends_with(e.quad, 'cooperation')"
# Counts of cooperation and conflict over a group: one string test, the rest from count(quad)
# (every quad class is one or the other), which DuckDB gets without reading the strings.
_COUNTS = (f"count(*) AS n, count(*) FILTER (WHERE {_COOP}) AS co, "
           f"count(e.quad) - count(*) FILTER (WHERE {_COOP}) AS cf")


class Dyad(BaseModel):
    a: str
    b: str
    events: int
    cooperation: int
    conflict: int


class SeriesPoint(BaseModel):
    period: str = Field(description="YYYY-MM-DD (day, week start), YYYY-MM or YYYY")
    key: str
    count: int


class Series(BaseModel):
    interval: Interval
    by: str
    basis: str
    points: list[SeriesPoint]
    undated: int = Field(description="Matching events without a date on this basis")
    imprecise: int = Field(description="Matching events dated more coarsely than the interval")


class Counts(BaseModel):
    articles: int
    events: int
    dated_events: int
    actors: int
    countries: int
    first_date: str | None
    last_date: str | None


class Overview(BaseModel):
    counts: Counts
    events_by_quad: dict[str, int]
    events_by_type: dict[str, int]
    top_dyads: list[Dyad]
    newest: list[EventRow]
    cooperation_conflict: Series


class SeriesQuery(EventFilters):
    interval: Interval = Field(default="month", description="Bucket size")
    by: Literal["quad", "plover", "total"] = Field(default="quad", description="One line per ...")
    basis: Literal["event", "published"] = Field(default=
        "event", description="Event date, or the reporting article's publication date")


class DyadQuery(EventFilters):
    limit: int = Field(default=20, ge=1, le=500)


class NetworkQuery(EventFilters):
    level: Literal["country", "actor"] = Field(default="country", description="Nodes are ...")
    limit: int = Field(default=60, ge=1, le=300,
                       description="At most this many edges, busiest first")


class Node(BaseModel):
    id: str
    label: str
    events: int


class Edge(BaseModel):
    source: str
    target: str
    events: int
    cooperation: int
    conflict: int


class Network(BaseModel):
    level: str
    nodes: list[Node]
    edges: list[Edge]


class MapPoint(BaseModel):
    name: str | None
    country: str | None
    lat: float
    lon: float
    geonameid: int | None
    events: int


class MapData(BaseModel):
    points: list[MapPoint]
    countries: dict[str, int] = Field(description="Located events per country (ISO3)")


class MapQuery(EventFilters):
    limit: int = Field(default=2000, ge=1, le=5000,
                       description="At most this many places, busiest first")


def _and(clause: str, extra: str) -> str:
    return f"{clause} AND {extra}" if clause else f"WHERE {extra}"


def dyads(con: duckdb.DuckDBPyConnection, query: DyadQuery) -> list[Dyad]:
    """The busiest undirected country pairs among events matching the filters."""
    clause, params = where(query)
    clause = _and(clause, "e.source_country <> e.target_country")
    sql = (f"WITH g AS (SELECT e.source_country AS s, e.target_country AS t, {_COUNTS} "
           f"FROM events e {clause} GROUP BY ALL) "
           "SELECT least(s, t) AS a, greatest(s, t) AS b, sum(n)::BIGINT AS events, "
           "sum(co)::BIGINT AS cooperation, sum(cf)::BIGINT AS conflict FROM g "
           "GROUP BY ALL ORDER BY events DESC, a, b LIMIT ?")
    return [Dyad.model_validate(r) for r in rows(con, sql, [*params, query.limit])]


_EVENT_BUCKETS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "day": ("e.date", "length(e.date) = 10"),
    "week": ("strftime(date_trunc('week', CAST(e.date AS DATE)), '%Y-%m-%d')",
             "length(e.date) = 10"),
    "month": ("left(e.date, 7)", "length(e.date) >= 7"),
    "year": ("left(e.date, 4)", "e.date IS NOT NULL"),
})
_PUBLISHED_BUCKETS: Mapping[str, str] = MappingProxyType({
    "day": "strftime(a.published, '%Y-%m-%d')",
    "week": "strftime(date_trunc('week', a.published), '%Y-%m-%d')",
    "month": "strftime(a.published, '%Y-%m')",
    "year": "strftime(a.published, '%Y')",
})
_SERIES_KEYS: Mapping[str, str] = MappingProxyType(
    {"quad": "coalesce(e.quad, 'unknown')", "plover": "e.plover", "total": "'events'"})


def series(con: duckdb.DuckDBPyConnection, query: SeriesQuery) -> Series:
    """Events per period and key (quad class, PLOVER type or all), oldest period first."""
    clause, params = where(query)
    if query.basis == "event":
        source = "events e"
        bucket, precise = _EVENT_BUCKETS[query.interval]
        dated = "e.date IS NOT NULL"
    else:
        source = "events e JOIN articles a ON a.id = e.article_id"
        bucket, precise = _PUBLISHED_BUCKETS[query.interval], "a.published IS NOT NULL"
        dated = precise
    key = _SERIES_KEYS[query.by]
    found = rows(con, f"SELECT CASE WHEN {precise} THEN {bucket} END AS period, "
                 f"CASE WHEN {precise} THEN {key} END AS key, CASE WHEN {precise} THEN 'drawn' "
                 f"WHEN {dated} THEN 'imprecise' ELSE 'undated' END AS kind, count(*) AS count "
                 f"FROM {source} {clause} GROUP BY ALL ORDER BY period, key", params)
    left_out = {r["kind"]: int(r["count"]) for r in found if r["kind"] != "drawn"}
    return Series(interval=query.interval, by=query.by, basis=query.basis,
                  points=[SeriesPoint.model_validate(r) for r in found if r["kind"] == "drawn"],
                  undated=left_out.get("undated", 0), imprecise=left_out.get("imprecise", 0))


def map_points(con: duckdb.DuckDBPyConnection, query: MapQuery) -> MapData:
    """Event locations with their event counts, and located events per country."""
    clause, params = where(query)
    located = _and(clause, "e.lat IS NOT NULL AND e.lon IS NOT NULL")
    points = rows(con, "SELECT any_value(e.location_name) AS name, "
                  "any_value(e.location_country) AS country, e.lat, e.lon, "
                  "any_value(e.geonameid) AS geonameid, count(*) AS events "
                  f"FROM events e {located} GROUP BY e.lat, e.lon "
                  "ORDER BY events DESC, e.lat, e.lon LIMIT ?", [*params, query.limit])
    countries = con.execute(f"SELECT e.location_country, count(*) FROM events e {located} "
                            "AND e.location_country IS NOT NULL GROUP BY ALL", params).fetchall()
    return MapData(points=[MapPoint.model_validate(p) for p in points],
                   countries={c: int(n) for c, n in countries})


def network(con: duckdb.DuckDBPyConnection, query: NetworkQuery) -> Network:
    """Nodes (countries or actors) and undirected edges weighted by events between them."""
    s, t = ("source_country", "target_country") if query.level == "country" else (
        "source", "target")
    clause, params = where(query)
    clause = _and(clause, f"e.{s} IS NOT NULL AND e.{t} IS NOT NULL AND e.{s} <> e.{t}")
    edges = rows(con, f"WITH g AS (SELECT e.{s} AS s, e.{t} AS t, {_COUNTS} "
                 f"FROM events e {clause} GROUP BY ALL) SELECT least(s, t) AS source, "
                 "greatest(s, t) AS target, sum(n)::BIGINT AS events, sum(co)::BIGINT AS "
                 "cooperation, sum(cf)::BIGINT AS conflict FROM g GROUP BY ALL "
                 "ORDER BY events DESC, source, target LIMIT ?", [*params, query.limit])
    weight: dict[str, int] = {}
    for edge in edges:
        for end in (edge["source"], edge["target"]):
            weight[end] = weight.get(end, 0) + int(edge["events"])
    labels = _actor_names(con, list(weight)) if query.level == "actor" else {}
    nodes = [Node(id=n, label=labels.get(n, n), events=w) for n, w in sorted(weight.items())]
    return Network(level=query.level, nodes=nodes, edges=[Edge.model_validate(e) for e in edges])


def _actor_names(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    found = con.execute("SELECT id, mode(name) FROM actors WHERE id = any(?) GROUP BY id",
                        [ids]).fetchall()
    return {actor_id: name for actor_id, name in found}


def counts(con: duckdb.DuckDBPyConnection) -> Counts:
    events, dated, first, last = con.execute(
        "SELECT count(*), count(date), min(date), max(date) FROM events").fetchone() or (
            0, 0, None, None)
    countries = scalar(con, "SELECT count(DISTINCT c) FROM (SELECT source_country AS c FROM "
                       "events UNION SELECT target_country FROM events) WHERE c IS NOT NULL")
    return Counts(articles=int(scalar(con, "SELECT count(*) FROM articles") or 0),
                  events=int(events), dated_events=int(dated),
                  actors=int(scalar(con, "SELECT count(DISTINCT id) FROM actors") or 0),
                  countries=int(countries or 0), first_date=first, last_date=last)


def overview(con: duckdb.DuckDBPyConnection, top: int = 10) -> Overview:
    """Everything the overview page shows, in one call."""
    by_type = con.execute("SELECT plover, quad, count(*) FROM events GROUP BY ALL").fetchall()
    quads: dict[str, int] = {}
    types: dict[str, int] = {}
    for plover, quad, n in by_type:
        types[plover] = types.get(plover, 0) + n
        if quad is not None:
            quads[quad] = quads.get(quad, 0) + n
    return Overview(
        counts=counts(con), events_by_quad=_by_count(quads), events_by_type=_by_count(types),
        top_dyads=dyads(con, DyadQuery(limit=top)),
        newest=events_page(con, EventQuery(limit=top), with_total=False).events,
        cooperation_conflict=series(con, SeriesQuery()),
    )


def _by_count(counted: dict[str, int]) -> dict[str, int]:
    """Most first, then by name."""
    return dict(sorted(counted.items(), key=lambda kv: (-kv[1], kv[0])))

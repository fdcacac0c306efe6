"""Read-side queries over the attache store, for the REST API and the dashboard.

Every function takes an open DuckDB connection on a store written by `attache.store.Store` (the
API passes a read-only snapshot, see `attache.web.snapshot`) and returns typed records. Values
reach DuckDB only as parameters; filters are validated pydantic models, so a bad value raises
`pydantic.ValidationError` before any SQL runs.

    filters.py     the query models, their validation and their SQL (WHERE clauses, cursors)
    events.py      the event table (sorted, cursor-paged), single events and their reports
    aggregates.py  overview, dyads, time series, map points, the dyad network
    records.py     articles, actors, facts, relations
"""

from attache.queries.aggregates import (
    Dyad,
    DyadQuery,
    MapData,
    MapQuery,
    Network,
    NetworkQuery,
    Overview,
    Series,
    SeriesQuery,
    dyads,
    map_points,
    network,
    overview,
    series,
)
from attache.queries.events import EventPage, Report, event, events_page, export_rows, reports
from attache.queries.filters import MAX_PAGE, PLOVER_TYPES, EventFilters, EventQuery, Quad
from attache.queries.records import (
    ActorDetail,
    ActorQuery,
    ActorSummary,
    ArticleQuery,
    ArticleSummary,
    FactQuery,
    FactRow,
    Listing,
    RelationQuery,
    RelationRow,
    actor,
    actors,
    articles,
    facts,
    relations,
)

__all__ = [
    "MAX_PAGE", "PLOVER_TYPES", "ActorDetail", "ActorQuery", "ActorSummary", "ArticleQuery",
    "ArticleSummary", "Dyad", "DyadQuery", "EventFilters", "EventPage", "EventQuery", "FactQuery",
    "FactRow", "Listing", "MapData", "MapQuery", "Network", "NetworkQuery", "Overview", "Quad",
    "RelationQuery", "RelationRow", "Report", "Series", "SeriesQuery", "actor", "actors",
    "articles", "dyads", "event", "events_page", "export_rows", "facts", "map_points", "network",
    "overview", "relations", "reports", "series",
]

"""Event rows: the filtered, sorted, cursor-paged event table, single events and their reports.

Events are paged with a cursor (keyset pagination on the sort key, then article id and
position), never with an offset, so a page costs the same at the start and at the end of a
million rows; `MAX_PAGE` caps a page. A page is found in two steps: the keys of the matching
rows are sorted first (narrow columns), then only the rows of the page are read in full.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any

import duckdb
from pydantic import BaseModel, Field

from attache.queries.filters import (
    EventFilters,
    EventQuery,
    decode_cursor,
    encode_cursor,
    iso,
    rows,
    scalar,
    where,
)
from attache.schema import Event
from attache.store import EventRow


class EventPage(BaseModel):
    events: list[EventRow]
    total: int = Field(description="Events matching the filters, on all pages")
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page")


_SORT_KEYS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "date": ("coalesce(e.date, '~')", "ASC"),
    "-date": ("coalesce(e.date, '')", "DESC"),
    "confidence": ("e.confidence", "ASC"),
    "-confidence": ("e.confidence", "DESC"),
})

_PLAIN = tuple(n for n in Event.model_fields if n not in ("location", "evidence"))
_EVENT_COLUMNS = ", ".join(
    [*(f'e."{n}"' for n in _PLAIN), "e.location_name", "e.location_country", "e.lat", "e.lon",
     "e.geonameid", "e.evidence_sentence", "e.evidence_start", "e.evidence_end", "e.article_id",
     "e.seq"])


def event_row(r: dict[str, Any]) -> EventRow:
    """An `EventRow` from a row of `_EVENT_COLUMNS` plus `article_title` and `published`."""
    located = r["location_name"] is not None or r["lat"] is not None
    location = {"name": r["location_name"] or "", "country": r["location_country"],
                "lat": r["lat"], "lon": r["lon"], "geonameid": r["geonameid"]}
    published = r["published"]
    return EventRow.model_validate({
        **{n: r[n] for n in _PLAIN}, "location": location if located else None,
        "evidence": {"sentence": r["evidence_sentence"], "start": r["evidence_start"],
                     "end": r["evidence_end"]},
        "article_id": r["article_id"], "article_title": r["article_title"],
        "published": published.isoformat() if isinstance(published, date) else published,
    })


def _after(query: EventQuery) -> tuple[str, list[object]]:
    """The keyset clause that starts a page after `query.cursor`."""
    if query.cursor is None:
        return "", []
    key, article_id, seq = decode_cursor(query.cursor, query.sort)
    expr, direction = _SORT_KEYS[query.sort]
    op = ">" if direction == "ASC" else "<"
    sql = (f"({expr} {op} ? OR ({expr} = ? AND (e.article_id > ? OR "
           "(e.article_id = ? AND e.seq > ?))))")
    return sql, [key, key, article_id, article_id, seq]


def events_page(con: duckdb.DuckDBPyConnection, query: EventQuery, with_total: bool = True
                ) -> EventPage:
    """One page of events matching `query`, in its sort order, and the cursor of the next.

    `total` counts every matching event; without `with_total` it is -1 (one scan less). With a
    text filter the count rides along the page's own scan (a window count before the cursor
    is applied), since a second text scan would cost as much again.
    """
    clause, params = where(query)
    after, after_params = _after(query)
    expr, direction = _SORT_KEYS[query.sort]
    along = with_total and query.q is not None
    count = ", count(*) OVER () AS n" if along else ""
    cut = ("QUALIFY " if along else f"{'AND' if clause else 'WHERE'} ") + after if after else ""
    keys = con.execute(
        f"SELECT {expr} AS k, e.article_id, e.seq, e.rowid AS r{count} FROM events e {clause} "
        f"{cut} ORDER BY k {direction}, e.article_id, e.seq LIMIT ?",
        [*params, *after_params, query.limit + 1]).fetchall()
    found = fetch_events(con, [k[3] for k in keys[: query.limit]])
    last = keys[query.limit - 1] if len(keys) > query.limit else None
    return EventPage(events=found, total=_total(con, query, keys, along) if with_total else -1,
                     next_cursor=encode_cursor(query.sort, *last[:3]) if last else None)


def _total(con: duckdb.DuckDBPyConnection, query: EventQuery, keys: list[Any],
           counted: bool) -> int:
    if counted and keys:
        return int(keys[0][4])
    clause, params = where(query)
    return int(scalar(con, f"SELECT count(*) FROM events e {clause}", params) or 0)


def fetch_events(con: duckdb.DuckDBPyConnection, row_ids: list[int]) -> list[EventRow]:
    """Full event rows for the given row ids, in that order, with their article's title.

    The articles are looked up by id in a second query: joining them in would hash the whole
    articles table for a page of fifty rows.
    """
    if not row_ids:
        return []
    found = rows(con, f"SELECT {_EVENT_COLUMNS}, e.rowid AS r FROM events e "
                 "WHERE e.rowid = any(?)", [row_ids])
    titles = _articles(con, {r["article_id"] for r in found}, "a.title, a.published")
    by_id = {r["r"]: {**r, "article_title": titles[r["article_id"]]["title"],
                      "published": titles[r["article_id"]]["published"]} for r in found}
    return [event_row(by_id[i]) for i in row_ids if i in by_id]


def _articles(con: duckdb.DuckDBPyConnection, ids: set[str], columns: str
              ) -> dict[str, dict[str, Any]]:
    """The given columns of the articles `ids`, keyed by id (missing ids left out)."""
    found = rows(con, f"SELECT a.id, {columns} FROM articles a WHERE a.id = any(?)", [list(ids)])
    return {r["id"]: r for r in found}


def event(con: duckdb.DuckDBPyConnection, article_id: str, event_id: str) -> EventRow | None:
    found = rows(con, f"SELECT {_EVENT_COLUMNS}, a.title AS article_title, a.published "
                 "FROM events e JOIN articles a ON a.id = e.article_id "
                 "WHERE e.article_id = ? AND e.id = ?", [article_id, event_id])
    return event_row(found[0]) if found else None


def export_rows(con: duckdb.DuckDBPyConnection, filters: EventFilters, cap: int
                ) -> duckdb.DuckDBPyConnection:
    """A cursor over at most `cap` flat event rows for CSV, oldest first (fetch in chunks)."""
    clause, params = where(filters)
    return con.execute(
        "SELECT e.article_id, e.id AS event_id, e.date, e.date_status, e.plover, e.mode, "
        "e.cameo, e.quad, e.goldstein, e.source, e.source_country, e.target, e.target_country, "
        "e.location_name AS location, e.location_country, e.lat, e.lon, e.confidence, "
        "e.evidence_sentence AS evidence, e.evidence_start, e.evidence_end FROM events e "
        f"{clause} ORDER BY coalesce(e.date, '~'), e.article_id, e.seq LIMIT ?", [*params, cap])


class Report(BaseModel):
    """An article reporting an event, with the evidence sentence and the text around it."""

    article_id: str
    event_id: str
    title: str | None
    published: str | None
    before: str
    evidence: str
    after: str


def reports(con: duckdb.DuckDBPyConnection, row: EventRow, context: int = 300) -> list[Report]:
    """The event's own report, then the reports of the same event in other articles.

    Where the store has canonical events (`attache.dedup` fills `event_mentions`), the other
    reports are the mentions grouped with this one. Otherwise "the same event" means the
    same known date, PLOVER type, source and target; an undated event has only its own report.
    """
    own = _reports(con, "e.article_id = ? AND e.id = ?", [row.article_id, row.id], context)
    if _has_table(con, "event_mentions"):
        linked = ("(e.article_id, e.id) IN (SELECT (m.article_id, m.mention_id) FROM "
                  "event_mentions m WHERE m.event_id IN (SELECT event_id FROM event_mentions "
                  "WHERE article_id = ? AND mention_id = ?)) AND NOT (e.article_id = ? AND "
                  "e.id = ?)")
        grouped = _reports(con, linked, [row.article_id, row.id] * 2, context)
        if grouped or _is_grouped(con, row):
            return own + grouped
    if row.date is None:
        return own
    same = ("e.date = ? AND e.plover = ? AND e.source IS NOT DISTINCT FROM ? AND "
            "e.target IS NOT DISTINCT FROM ? AND e.article_id <> ?")
    params = [row.date, row.plover, row.source, row.target, row.article_id]
    return own + _reports(con, same, params, context)


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]))


def _is_grouped(con: duckdb.DuckDBPyConnection, row: EventRow) -> bool:
    """Whether the event has been grouped at all (a mention row of its own)."""
    return bool(scalar(con, "SELECT count(*) FROM event_mentions WHERE article_id = ? AND "
                       "mention_id = ?", [row.article_id, row.id]))


def _reports(con: duckdb.DuckDBPyConnection, condition: str, params: Sequence[object],
             context: int) -> list[Report]:
    found = rows(con, "SELECT e.article_id, e.id AS event_id, e.evidence_sentence AS evidence, "
                 f"e.evidence_start, e.evidence_end FROM events e WHERE {condition} LIMIT 50",
                 params)
    articles = _articles(con, {r["article_id"] for r in found}, "a.title, a.published, a.text")
    reports = []
    for r in found:
        article, start, end = articles[r["article_id"]], r["evidence_start"], r["evidence_end"]
        reports.append(Report(
            article_id=r["article_id"], event_id=r["event_id"], title=article["title"],
            published=iso(article["published"]), before=article["text"][max(0, start - context):
                                                                        start],
            evidence=r["evidence"], after=article["text"][end:end + context]))
    return sorted(reports, key=lambda r: (r.published or "", r.article_id))

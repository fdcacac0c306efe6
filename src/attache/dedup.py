"""One event, many reports: canonical events in the store, kept up to date and explainable.

Every coded event the store holds (a row of `events`) is a *mention*: one report of a happening
in one article. `refresh` groups the mentions that report the same happening into one
*canonical event* (table `canonical_events`) with NumMentions / NumArticles / NumSources, first
and last seen, and a link per mention (table `event_mentions`) to the member it was joined
through; `explain` re-checks those links and lists the near misses. The rule itself is in
`attache.dedup_rule`; its settings (`MergeSettings`) are stored in `dedup_state`.

`refresh` re-groups only the blocks (sets of mentions linked by compatible pairs) that new
mentions are compatible with or that lost mentions since the last run. The rule's result
depends only on the set of mentions in a block, so this equals a full `rebuild`; new settings
trigger a full rebuild.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlparse

import duckdb

from attache.dedup_model import (
    CanonicalEvent,
    Check,
    EventMention,
    Explanation,
    MentionLink,
    NearMiss,
    RefreshReport,
)
from attache.dedup_rule import (
    MergeSettings,
    Prepared,
    build_events,
    compare,
    compatible_with,
    prepare,
    type_group,
)
from attache.errors import UsageError
from attache.schema import Event, Evidence, Location
from attache.store import Store

__all__ = [
    "MergeSettings", "canonical_events", "explain", "load_mentions",
    "mention_links", "outlet_of", "rebuild", "refresh", "stored_settings",
]


_LOCATION = ("location_name", "location_country", "lat", "lon", "geonameid")
_EVIDENCE = ("evidence_sentence", "evidence_start", "evidence_end")


def _event_columns() -> list[str]:
    columns: list[str] = []
    for name in Event.model_fields:
        columns.extend(_LOCATION if name == "location" else _EVIDENCE if name == "evidence"
                       else (name,))
    return columns


def _event_from_row(row: dict[str, Any]) -> Event:
    """The stored event (validated when it was written, so not validated again: speed)."""
    data = {k: v for k, v in row.items() if k not in _LOCATION + _EVIDENCE}
    data["location"] = None if row["location_name"] is None else Location.model_construct(
        name=row["location_name"], country=row["location_country"], lat=row["lat"],
        lon=row["lon"], geonameid=row["geonameid"])
    data["evidence"] = Evidence.model_construct(
        sentence=row["evidence_sentence"], start=row["evidence_start"], end=row["evidence_end"])
    return Event.model_construct(**data)


def outlet_of(source: str | None, url: str | None) -> str | None:
    """The article's outlet: its `source`, else its URL's host without `www.`."""
    if source:
        return source
    host = urlparse(url).hostname if url else None
    return host.removeprefix("www.") if host else None


_ACTOR_NAMES = """(SELECT list_sort(list_distinct(flatten(list(list_concat([ac.name], ac.aliases,
    CAST(json_extract_string(ac.mentions, '$[*].text') AS VARCHAR[]))))))
    FROM actors ac WHERE ac.article_id = e.article_id AND ac.id IN (e.source, e.target))"""


def load_mentions(store: Store, where: str = "TRUE", params: Sequence[object] = ()
                  ) -> list[EventMention]:
    """Stored event mentions with their article context (`where` filters `e`, `a`)."""
    columns = _event_columns()
    select = ", ".join(f'e."{c}"' for c in columns)
    sql = (f"SELECT {select}, e.article_id, e.seq, CAST(a.published AS VARCHAR), a.source, a.url, "
           f"{_ACTOR_NAMES} FROM events e JOIN articles a ON a.id = e.article_id WHERE {where}")
    mentions = []
    for row in store.connection.execute(sql, list(params)).fetchall():
        event = _event_from_row(dict(zip(columns, row, strict=False)))
        article_id, seq, published, source, url, names = row[len(columns):]
        mentions.append(EventMention.model_construct(
            article_id=article_id, mention_id=event.id, seq=seq, event=event,
            published=published, outlet=outlet_of(source, url), url=url,
            actor_names=tuple(names or ())))
    return mentions


_IN_BLOCKS = ("EXISTS (SELECT 1 FROM event_mentions m WHERE m.article_id = e.article_id "
              "AND m.mention_id = e.id AND {test})")
_UNLINKED = ("NOT EXISTS (SELECT 1 FROM event_mentions m WHERE m.article_id = e.article_id "
             "AND m.mention_id = e.id)")


def stored_settings(store: Store) -> MergeSettings | None:
    """The settings of the stored canonical events; None when none, or another rule's."""
    row = store.connection.execute("SELECT settings FROM dedup_state").fetchone()
    try:
        return None if row is None else MergeSettings.from_json(row[0])
    except ValueError:
        return None


def rebuild(store: Store, settings: MergeSettings | None = None) -> RefreshReport:
    """Re-group every mention from scratch (and store `settings` for later refreshes)."""
    settings = settings or stored_settings(store) or MergeSettings()
    con = store.connection
    mentions = load_mentions(store)
    con.begin()
    try:
        for table in ("canonical_events", "event_mentions", "dedup_state"):
            con.execute(f"DELETE FROM {table}")
        con.execute("INSERT INTO dedup_state VALUES (?)", [settings.to_json()])
        report = _write(con, mentions, settings, rebuilt=True)
    except BaseException:
        con.rollback()
        raise
    con.commit()
    return report


def refresh(store: Store, settings: MergeSettings | None = None) -> RefreshReport:
    """Bring the canonical events up to date with the stored mentions.

    Only the blocks that new mentions are compatible with, or that lost mentions, are
    re-grouped; the result equals `rebuild`. New settings (different from the stored ones) mean
    a full rebuild.
    """
    current = stored_settings(store)
    settings = settings or current or MergeSettings()
    if current != settings:
        return rebuild(store, settings)
    con = store.connection
    fresh = load_mentions(store, _UNLINKED)
    dirty = _touched_blocks(store, fresh, settings) | _emptied_blocks(con)
    if not fresh and not dirty:
        return RefreshReport(rebuilt=False, blocks=0, mentions=0, events=0)
    kept = load_mentions(store, _IN_BLOCKS.format(test="list_contains(?, m.block)"),
                         [sorted(dirty)])
    con.begin()
    try:
        for table in ("canonical_events", "event_mentions"):
            con.execute(f"DELETE FROM {table} WHERE list_contains(?, block)", [sorted(dirty)])
        report = _write(con, [*kept, *fresh], settings, rebuilt=False)
    except BaseException:
        con.rollback()
        raise
    con.commit()
    return report


def _emptied_blocks(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Blocks with a mention whose event is no longer stored."""
    gone = con.execute("""SELECT DISTINCT block FROM event_mentions m WHERE NOT EXISTS (
        SELECT 1 FROM events e WHERE e.article_id = m.article_id AND e.id = m.mention_id)""")
    return {block for (block,) in gone.fetchall()}


def _touched_blocks(store: Store, fresh: list[EventMention], settings: MergeSettings
                    ) -> set[str]:
    """Blocks holding a stored mention that a fresh mention is compatible with."""
    if not fresh:
        return set()
    stored = load_mentions(store, f"({_SHARES_A_SIDE} OR list_contains(?, e.article_id)) AND "
                           f"NOT {_UNLINKED}", [*_type_and_sides(fresh, settings),
                                                sorted({m.article_id for m in fresh})])
    keys = sorted(compatible_with(fresh, stored, settings))
    rows = store.connection.execute(
        "SELECT DISTINCT block FROM event_mentions WHERE list_contains(?, article_id || '/' || "
        "mention_id)", [keys]).fetchall()
    return {block for (block,) in rows}


def _write(con: duckdb.DuckDBPyConnection, mentions: list[EventMention],
           settings: MergeSettings, rebuilt: bool) -> RefreshReport:
    events, links = build_events(mentions, settings)
    _insert(con, "canonical_events", [e.row() for e in events])
    _insert(con, "event_mentions", [link.model_dump() for link in links])
    return RefreshReport(rebuilt=rebuilt, blocks=len({e.block for e in events}),
                         mentions=len(links), events=len(events))


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    names = list(rows[0])
    columns = ", ".join(f'"{n}"' for n in names)
    unnests = ", ".join(["unnest(?)"] * len(names))
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {unnests}",
                [[row[n] for row in rows] for n in names])


def canonical_events(store: Store, *, since: str | None = None, until: str | None = None,
                     event_ids: Sequence[str] | None = None) -> list[CanonicalEvent]:
    """Stored canonical events, by date (undated last) and id.

    `since`/`until` compare like `Store.events`: on the prefix the event date and the bound
    share, so "2023-11" is within 2023-11-01..2023-11-30; undated events never match them.
    """
    clauses, params = _date_filters(since, until)
    if event_ids is not None:
        clauses.append("list_contains(?, event_id)")
        params.append(list(event_ids))
    where = " AND ".join(clauses) or "TRUE"
    names = CanonicalEvent.columns()
    sql = (f"SELECT {', '.join(names)} FROM canonical_events WHERE {where} "
           "ORDER BY date NULLS LAST, event_id")
    rows = store.connection.execute(sql, params).fetchall()
    return [CanonicalEvent.from_row(dict(zip(names, row, strict=True))) for row in rows]


def _date_filters(since: str | None, until: str | None) -> tuple[list[str], list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    common = "least(length(date), length(?))"
    for bound, op in ((since, ">="), (until, "<=")):
        if bound is not None:
            clauses.append(f"left(date, {common}) {op} left(?, {common})")
            params.extend([bound] * 3)
    return clauses, params


def mention_links(store: Store, event_ids: Sequence[str] | None = None) -> list[MentionLink]:
    """The mention links of the given events (all when None), by event and rank."""
    where = "TRUE" if event_ids is None else "list_contains(?, event_id)"
    params = [] if event_ids is None else [list(event_ids)]
    names = list(MentionLink.model_fields)
    sql = (f"SELECT {', '.join(names)} FROM event_mentions WHERE {where} "
           "ORDER BY event_id, linked_to NULLS FIRST, article_id, mention_id")
    rows = store.connection.execute(sql, params).fetchall()
    return [MentionLink.model_validate(dict(zip(names, row, strict=True))) for row in rows]


def explain(store: Store, event_id: str, near_misses: int = 5) -> Explanation:
    """Why the event's mentions were merged, and the closest mentions that were not."""
    found = canonical_events(store, event_ids=[event_id])
    if not found:
        raise UsageError(f"no canonical event {event_id!r}; run `attache dedup` first?")
    settings = stored_settings(store) or MergeSettings()
    event = found[0]
    members = load_mentions(store, _IN_BLOCKS.format(test="m.event_id = ?"), [event_id])
    links = {link.key: link for link in mention_links(store, [event_id])}
    prepared = {m.key: prepare(m, settings) for m in [*_neighbours(store, members, settings),
                                                      *members]}
    reasons = {key: compare(prepared[key], prepared[link.linked_to], settings)[1]
               for key, link in links.items() if link.linked_to}
    return Explanation(
        event=event, settings=settings.to_json(), mentions=sorted(members, key=lambda m: m.rank),
        links=list(links.values()), reasons=reasons,
        near_misses=_near_misses(prepared, set(links), settings)[:near_misses])


_SHARES_A_SIDE = ("list_contains(?, e.plover) AND (list_contains(?, coalesce(e.source_country, "
                  "e.source, '-')) OR list_contains(?, coalesce(e.target_country, e.target, '-')))")


def _neighbours(store: Store, members: list[EventMention], settings: MergeSettings
                ) -> list[EventMention]:
    """Mentions of the members' type group that name one of their actors (or none, if they
    name nobody): where the near misses are."""
    return load_mentions(store, _SHARES_A_SIDE, _type_and_sides(members, settings))


def _type_and_sides(mentions: list[EventMention], settings: MergeSettings) -> list[list[str]]:
    """Parameters of `_SHARES_A_SIDE`: the mentions' types (with their groups) and side keys
    ("-" only for a mention naming nobody: an uncoded side fits only with a named one)."""
    types = sorted({t for m in mentions for t in type_group(m.event.plover, settings).split("+")})
    keys: set[str] = set()
    for mention in mentions:
        named = {key for key, _ in prepare(mention, settings).sides if key != "-"}
        keys |= named or {"-"}
    return [types, sorted(keys), sorted(keys)]


def _near_misses(prepared: dict[str, Prepared], members: set[str], settings: MergeSettings
                 ) -> list[NearMiss]:
    """Mentions outside the event, most similar first, with the failed checks."""
    misses = []
    for key, item in prepared.items():
        if key in members:
            continue
        best = max((compare(prepared[m], item, settings) + (m,) for m in members),
                   key=lambda r: r[0])
        failed = [c for c in best[1] if not c.ok] or [
            Check(name="linkage", ok=False,
                  detail="this pair passes, but a pair with another member fails")]
        misses.append(NearMiss(mention=key, closest_member=best[2],
                               similarity=round(best[0], 4), failed=failed))
    return sorted(misses, key=lambda n: (-n.similarity, n.mention))

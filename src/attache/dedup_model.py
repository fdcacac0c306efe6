"""The records of event de-duplication: mentions, canonical events, links and explanations.

These are shared by `attache.dedup` (which builds them), the exports, the aggregates and the
CLI. A canonical event's table row flattens `location` and `evidence` the way the `events` table
does (`location_name`, `lat`, ..., `evidence_sentence`, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from attache.schema import DateStatus, Event, Evidence, Location


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EventMention(_Frozen):
    """One coded event in one article: a report of a happening."""

    article_id: str
    mention_id: str  # the event's id within its article: e1, e2, ...
    seq: int  # its position in the article's event list
    event: Event
    published: str | None
    outlet: str | None  # the article's source, else its URL's host
    url: str | None
    actor_names: tuple[str, ...] = ()  # how the article names the source and target actors

    @property
    def key(self) -> str:
        return f"{self.article_id}/{self.mention_id}"

    @property
    def rank(self) -> tuple[str, str, int]:
        """First seen first: publication date (undated last), article id, position."""
        return self.published or "9999-12-31", self.article_id, self.seq


_LOCATION = {"location_name": "name", "location_country": "country", "lat": "lat",
             "lon": "lon", "geonameid": "geonameid"}
_EVIDENCE = {"evidence_sentence": "sentence", "evidence_start": "start", "evidence_end": "end"}


class CanonicalEvent(_Frozen):
    """One real-world happening and the counts of the reports that state it.

    The coded fields (type, CAMEO code, dyad, evidence) are those of the first report (the root
    mention); `date` is the most precise date any report gives and `location` the first report's
    place, preferring a geocoded one.
    """

    event_id: str  # the root mention's key: "<article id>/<event id>"
    block: str  # "<type group>|<key of its first report>": the mentions the merge groups together
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
    date_status: DateStatus
    location: Location | None
    evidence: Evidence
    root_article_id: str
    root_mention_id: str
    num_mentions: int
    num_articles: int
    num_sources: int
    first_seen: str | None  # earliest publication date of a report
    last_seen: str | None
    confidence: float  # the highest confidence of its mentions

    @classmethod
    def columns(cls) -> list[str]:
        """Column names of the `canonical_events` table, in field order."""
        names: list[str] = []
        for name in cls.model_fields:
            names.extend(_LOCATION if name == "location" else _EVIDENCE if name == "evidence"
                         else [name])
        return names

    def row(self) -> dict[str, Any]:
        data = self.model_dump()
        location, evidence = data.pop("location") or {}, data.pop("evidence")
        data.update({column: location.get(key) for column, key in _LOCATION.items()})
        data.update({column: evidence[key] for column, key in _EVIDENCE.items()})
        return {name: data[name] for name in self.columns()}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CanonicalEvent:
        data = {k: v for k, v in row.items() if k not in _LOCATION and k not in _EVIDENCE}
        data["location"] = None if row["location_name"] is None else {
            key: row[column] for column, key in _LOCATION.items()}
        data["evidence"] = {key: row[column] for column, key in _EVIDENCE.items()}
        return cls.model_validate(data)


class MentionLink(_Frozen):
    """A mention's membership of a canonical event and the mention it was joined through."""

    event_id: str
    article_id: str
    mention_id: str
    block: str
    linked_to: str | None  # key of the member it merged with; None for the root mention
    similarity: float | None  # evidence similarity of that pair

    @property
    def key(self) -> str:
        return f"{self.article_id}/{self.mention_id}"


class Check(_Frozen):
    """One test of the merge rule on a pair of mentions."""

    name: str  # type, dyad, actors, date, place, evidence
    ok: bool
    detail: str


class NearMiss(_Frozen):
    """A mention of the same block that was not merged, and why."""

    mention: str
    closest_member: str
    similarity: float
    failed: list[Check]


class Explanation(_Frozen):
    """`attache event ID --why`: the event, its mentions, and the checks that joined them."""

    event: CanonicalEvent
    settings: str  # the merge settings (JSON) that produced the event
    mentions: list[EventMention]
    links: list[MentionLink]
    reasons: dict[str, list[Check]]  # mention key -> checks against the member it joined
    near_misses: list[NearMiss]


@dataclass(frozen=True)
class RefreshReport:
    rebuilt: bool  # a full rebuild (first run or new settings) rather than an update
    blocks: int  # blocks re-grouped
    mentions: int  # mentions in them
    events: int  # canonical events they now form

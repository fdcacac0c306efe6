"""The typed records every part of attache shares.

The pipeline builds them, the store writes them, the CLI, the REST API and the exports read
them. `Article` is the extraction record documented in docs/record.md; its JSON Schema
(`record_json_schema()`) ships with the package and the tests validate output against it.
Offsets (`start`, `end`) always index `Article.text`, the cleaned text.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ActorKind = Literal["person", "country", "organization", "group"]
Granularity = Literal["day", "week", "month", "season", "quarter", "year", "decade", "century"]
DateStatus = Literal["explicit", "inferred", "unknown"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(Record):
    """The sentence that supports a fact, with its offsets in the cleaned text."""

    sentence: str
    start: int
    end: int


class Mention(Record):
    text: str
    start: int
    end: int


class Actor(Record):
    id: str
    name: str
    kind: ActorKind
    country: str | None = None
    sector: str | None = Field(
        default=None, description="CAMEO/PLOVER agent code such as GOV, MIL, PTY, IGO"
    )
    roles: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class Location(Record):
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None = None


class Event(Record):
    id: str
    plover: str
    mode: str | None = None
    cameo: str
    quad: str | None = Field(default=None, description="verbal/material cooperation/conflict")
    goldstein: float | None = None
    source: str | None
    target: str | None
    source_country: str | None
    target_country: str | None
    date: str | None = Field(default=None, description="YYYY-MM-DD, YYYY-MM or YYYY")
    date_status: DateStatus = "unknown"
    date_text: str | None = None
    location: Location | None = None
    evidence: Evidence
    trigger: str | None = None
    in_caption: bool = False
    confidence: float = Field(ge=0.0, le=1.0)


class Timex(Record):
    text: str
    value: str | None
    granularity: Granularity | None
    start: int
    end: int
    kind: Literal["date", "duration", "set", "time"] = "date"


class Place(Record):
    text: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    start: int
    end: int
    feature: str | None = Field(default=None, description="country, admin1, city, region")


class Fact(Record):
    kind: str
    parties: list[str]
    value: float
    unit: str
    period: str | None
    attributed_to: str | None
    evidence: Evidence


class Relation(Record):
    parties: list[str]
    level: str
    change: Literal["stated", "upgraded", "established", "downgraded"] = "stated"
    since: str | None = None
    evidence: Evidence


class Agreement(Record):
    name: str
    kind: Literal["agreement", "memorandum", "initiative", "treaty", "mechanism"]
    parties: list[str]
    date: str | None
    evidence: Evidence


class Removed(Record):
    text: str
    reason: str


class Caption(Record):
    start: int
    end: int


class InferredPublication(Record):
    """How an article's publication date was read from its text when the input gave none."""

    how: str = Field(
        description="'dateline' (such as 'ASTANA, Nov. 27 (Xinhua) --') or 'explicit_date' (the "
        "latest full date the text tells in the past or present tense)")
    confidence: float = Field(ge=0.0, le=1.0)


class Article(Record):
    """One article's extraction record."""

    id: str
    title: str | None
    published: str | None = Field(default=None, description="YYYY-MM-DD")
    published_inferred: InferredPublication | None = Field(
        default=None, description="set when `published` was inferred from the text; relative "
        "dates resolved against it have date_status 'inferred'")
    url: str | None = None
    source: str | None = None
    text: str
    actors: list[Actor] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    timexes: list[Timex] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    captions: list[Caption] = Field(default_factory=list)
    removed: list[Removed] = Field(default_factory=list)
    content_hash: str | None = None


class ExtractionResult(Record):
    articles: list[Article]


class ArticleInput(BaseModel):
    """A raw article as read from a file, before cleaning."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str | None = Field(default=None, description="file (and line) the article came from")
    html: bool = False


def record_json_schema() -> dict[str, Any]:
    return ExtractionResult.model_json_schema()

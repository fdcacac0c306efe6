"""The REST API and dashboard: `create_app(db_path)` builds the FastAPI app `attache serve` runs.

Routes are thin: each validates its parameters into a model from `attache.queries`, runs the
query on the current read-only snapshot of the store (`attache.web.snapshot`) and returns the
typed result. The database is never opened for writing and never locked (`attache ingest` can
write to it while the server runs), no file path is taken from a request, every error has the
one shape of `attache.web.errors`, request bodies are capped, and CORS is off unless origins
are configured. OpenAPI: `/openapi.json`, rendered for reading at `/docs`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Query
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, field_validator

from attache import queries as q
from attache.schema import Article, ArticleInput, ExtractionResult
from attache.web import pages
from attache.web.context import (
    AppContext,
    EventDetail,
    Extractor,
    Names,
    ServeSettings,
    actor_detail,
    context,
    event_detail,
    read,
    stored_article,
)
from attache.web.errors import ErrorBody, install
from attache.web.middleware import BodyLimit, SecurityHeaders
from attache.web.snapshot import Snapshots

if TYPE_CHECKING:
    from attache.pipeline import Pipeline

__all__ = ["ServeSettings", "create_app"]

Ctx = Annotated[AppContext, Depends(context)]
_T = TypeVar("_T")
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in ((404, "Not found"), (413, "Body too large"),
                         (422, "Invalid parameters"), (503, "Store unavailable"))}


class ExtractRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The article text")
    published: str | None = Field(default=None, description="Publication date YYYY-MM-DD")
    title: str | None = Field(default=None, max_length=1000)

    @field_validator("published")
    @classmethod
    def _published(cls, value: str | None) -> str | None:
        if value is not None:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                raise ValueError("must be a date YYYY-MM-DD")
            date.fromisoformat(value)
        return value


class Health(BaseModel):
    status: str
    database: str
    snapshot: int = Field(description="Snapshot number; it grows when new data is picked up")
    snapshot_taken: str = Field(description="When the current snapshot was copied (UTC)")


def create_app(db_path: str | Path, settings: ServeSettings | None = None,
               pipeline_factory: Callable[[], Pipeline] | None = None) -> FastAPI:
    """The app over the store at `db_path`; raises `StoreError` if it cannot be read.

    `pipeline_factory` builds the extraction pipeline on the first `POST /api/extract`
    (default: `Pipeline()`); tests pass one that returns an already loaded pipeline.
    """
    settings = settings or ServeSettings()
    snapshots = Snapshots(Path(db_path), settings.snapshot_dir, settings.refresh_seconds,
                          warm=lambda con: {"overview": q.overview(con)})

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        snapshots.start()
        try:
            yield
        finally:
            snapshots.close()

    app = FastAPI(title="attache", version="0.1.0", lifespan=lifespan, docs_url=None,
                  redoc_url=None, description=__doc__)
    app.state.ctx = AppContext(settings, snapshots, Names.load(), Extractor(pipeline_factory),
                               pages.templates(), Path(db_path).name)
    app.include_router(_router())
    app.include_router(pages.router())
    static = resources.files("attache.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    install(app, pages.error_page)
    _middleware(app, settings)
    return app


def _middleware(app: FastAPI, settings: ServeSettings) -> None:
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["content-type"])
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)


def _router() -> APIRouter:
    api = APIRouter(prefix="/api", tags=["api"], responses=_ERRORS)

    @api.get("/health")
    def health(ctx: Ctx) -> Health:
        """Liveness, and which snapshot of the database is being served."""
        snap = ctx.snapshots.current
        taken = datetime.fromtimestamp(snap.taken_at, UTC).isoformat(timespec="seconds")
        return Health(status="ok", database=ctx.db_name, snapshot=snap.generation,
                      snapshot_taken=taken)

    @api.get("/overview")
    def overview(ctx: Ctx) -> q.Overview:
        """Counts, events by type and quad class, busiest dyads, newest events and
        cooperation vs conflict per month."""
        with ctx.snapshots.reader() as (snap, con):
            return ctx.snapshots.memo(snap, "overview", lambda: q.overview(con))

    @api.get("/events")
    def events(query: Annotated[q.EventQuery, Query()], ctx: Ctx) -> q.EventPage:
        """Events matching every filter given, one page at a time (follow `next_cursor`)."""
        return read(ctx, lambda con: q.events_page(con, query))

    @api.get("/events.csv", response_class=StreamingResponse)
    def events_csv(filters: Annotated[q.EventFilters, Query()], ctx: Ctx) -> StreamingResponse:
        """The matching events as CSV, oldest first (at most `csv_max_rows`)."""
        return StreamingResponse(
            _csv(ctx, filters), media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="attache-events.csv"'})

    @api.get("/events/{article_id}/{event_id}")
    def event(article_id: str, event_id: str, ctx: Ctx) -> EventDetail:
        """One event and every article reporting it, with the evidence in context."""
        return read(ctx, lambda con: event_detail(con, article_id, event_id))

    @api.get("/series")
    def series(query: Annotated[q.SeriesQuery, Query()], ctx: Ctx) -> q.Series:
        """Events per day, week, month or year, by quad class, PLOVER type or in total."""
        return read(ctx, lambda con: q.series(con, query))

    @api.get("/dyads")
    def dyads(query: Annotated[q.DyadQuery, Query()], ctx: Ctx) -> list[q.Dyad]:
        """The busiest country pairs (undirected) among matching events."""
        return read(ctx, lambda con: q.dyads(con, query))

    @api.get("/network")
    def network(query: Annotated[q.NetworkQuery, Query()], ctx: Ctx) -> q.Network:
        """Countries or actors as nodes, edges weighted by the events between them."""
        return read(ctx, lambda con: q.network(con, query))

    @api.get("/map")
    def map_points(query: Annotated[q.MapQuery, Query()], ctx: Ctx) -> q.MapData:
        """Event locations with their numbers of events."""
        return read(ctx, lambda con: q.map_points(con, query))

    _records(api)
    return api


def _records(api: APIRouter) -> None:
    @api.get("/articles")
    def articles(query: Annotated[q.ArticleQuery, Query()], ctx: Ctx
                 ) -> q.Listing[q.ArticleSummary]:
        """Stored articles, newest first."""
        return read(ctx, lambda con: q.articles(con, query))

    @api.get("/articles/{article_id}")
    def article(article_id: str, ctx: Ctx) -> Article:
        """One article's full extraction record, as `attache extract` prints it."""
        return stored_article(ctx, article_id)

    @api.get("/actors")
    def actors(query: Annotated[q.ActorQuery, Query()], ctx: Ctx) -> q.Listing[q.ActorSummary]:
        """Actors, the most often mentioned first."""
        return read(ctx, lambda con: q.actors(con, query))

    @api.get("/actors/{actor_id}")
    def actor(actor_id: str, ctx: Ctx) -> q.ActorDetail:
        """One actor: names, roles over time, events by type as source and target."""
        return read(ctx, lambda con: actor_detail(con, actor_id))

    @api.get("/facts")
    def facts(query: Annotated[q.FactQuery, Query()], ctx: Ctx) -> q.Listing[q.FactRow]:
        """Figures (trade, investment, aid, loans) with who reported them."""
        return read(ctx, lambda con: q.facts(con, query))

    @api.get("/relations")
    def relations(query: Annotated[q.RelationQuery, Query()], ctx: Ctx
                  ) -> q.Listing[q.RelationRow]:
        """Partnership levels and their changes."""
        return read(ctx, lambda con: q.relations(con, query))

    @api.post("/extract")
    def extract(body: ExtractRequest, ctx: Ctx) -> ExtractionResult:
        """Extract one article without storing it: the record `attache extract` prints."""
        digest = hashlib.sha256(body.text.encode()).hexdigest()[:12]
        item = ArticleInput(id=f"api-{digest}", text=body.text, title=body.title,
                            published=body.published, origin="request body")
        return ExtractionResult(articles=[ctx.extractor.extract(item)])


def _csv(ctx: AppContext, filters: q.EventFilters) -> Iterator[str]:
    with ctx.snapshots.reader() as (_, con):
        result = q.export_rows(con, filters, ctx.settings.csv_max_rows)
        yield _csv_text([[d[0] for d in result.description or ()]])
        while chunk := result.fetchmany(5000):
            yield _csv_text(chunk)


def _csv_text(rows: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()

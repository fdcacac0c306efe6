"""The dashboard's HTML pages: server-rendered with Jinja2 from the same queries as the API.

Filters live in the URL (plain GET forms), so links can be shared and the back button works.
Charts, the map and the network are drawn in the browser by the scripts in `static/`, from
the JSON API with the page's own query string. Nothing is loaded from another host.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Annotated, Any, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from attache import queries as q
from attache.web.context import (
    AppContext,
    actor_detail,
    context,
    event_detail,
    read,
    stored_article,
)
from attache.web.errors import ErrorInfo
from attache.web.marks import article_marks, segments

Ctx = Annotated[AppContext, Depends(context)]
_FILTERS = tuple(q.EventFilters.model_fields)


def _query_string(values: dict[str, Any], **changes: Any) -> str:
    """`values` with `changes` as a URL query string, leaving out empty values."""
    merged = {**values, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:g}"


def script_json(model: BaseModel) -> str:
    """JSON to place inside a `<script type="application/json">` element: no `<`, `>` or `&`
    in it can end the element early."""
    text = model.model_dump_json()
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def templates() -> Jinja2Templates:
    """The page templates, with their helpers."""
    found = Jinja2Templates(directory=str(resources.files("attache.web").joinpath("templates")))
    found.env.globals["qs"] = _query_string
    found.env.globals["plover_types"] = q.PLOVER_TYPES
    found.env.globals["quads"] = get_args(q.Quad)
    found.env.filters["number"] = _number
    return found


def render(request: Request, name: str, status: int = 200, **values: Any) -> HTMLResponse:
    ctx: AppContext = request.app.state.ctx
    values.setdefault("filters", {})
    return ctx.templates.TemplateResponse(request, name, {"names": ctx.names, **values},
                                          status_code=status)


def error_page(request: Request, info: ErrorInfo) -> Response:
    return render(request, "error.html", status=info.status, error=info)


def _filters(query: q.EventFilters) -> dict[str, Any]:
    return {name: getattr(query, name) for name in _FILTERS}


def router() -> APIRouter:
    pages = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

    @pages.get("/")
    def overview(request: Request, ctx: Ctx) -> HTMLResponse:
        with ctx.snapshots.reader() as (snap, con):
            data = ctx.snapshots.memo(snap, "overview", lambda: q.overview(con))
        return render(request, "overview.html", page="overview", data=data,
                      series=script_json(data.cooperation_conflict))

    @pages.get("/events")
    def events(request: Request, query: Annotated[q.EventQuery, Query()], ctx: Ctx
               ) -> HTMLResponse:
        with ctx.snapshots.reader() as (_, con):
            found = q.events_page(con, query)
        return render(request, "events.html", page="events", result=found,
                      filters=_filters(query), query=query)

    @pages.get("/events/{article_id}/{event_id}")
    def event(request: Request, article_id: str, event_id: str, ctx: Ctx) -> HTMLResponse:
        detail = read(ctx, lambda con: event_detail(con, article_id, event_id))
        return render(request, "event.html", page="events", detail=detail, e=detail.event)

    @pages.get("/timeline")
    def timeline(request: Request, query: Annotated[q.SeriesQuery, Query()]) -> HTMLResponse:
        return render(request, "timeline.html", page="timeline", query=query,
                      filters=_filters(query), api=_query_string(query.model_dump()))

    @pages.get("/map")
    def world_map(request: Request, query: Annotated[q.MapQuery, Query()], ctx: Ctx
                  ) -> HTMLResponse:
        return render(request, "map.html", page="map", filters=_filters(query),
                      api=_query_string(query.model_dump()),
                      numeric=json.dumps(dict(ctx.names.numeric)))

    @pages.get("/network")
    def network(request: Request, query: Annotated[q.NetworkQuery, Query()]) -> HTMLResponse:
        return render(request, "network.html", page="network", query=query,
                      filters=_filters(query), api=_query_string(query.model_dump()))

    _record_pages(pages)
    return pages


def _record_pages(pages: APIRouter) -> None:
    @pages.get("/relations")
    def relations(request: Request, query: Annotated[q.FactQuery, Query()], ctx: Ctx
                  ) -> HTMLResponse:
        with ctx.snapshots.reader() as (_, con):
            found = q.relations(con, q.RelationQuery(country=query.country, limit=q.MAX_PAGE))
            facts = q.facts(con, query)
        return render(request, "relations.html", page="relations", relations=found,
                      relations_json=script_json(found), facts=facts, query=query,
                      filters={"country": query.country})

    @pages.get("/articles")
    def articles(request: Request, query: Annotated[q.ArticleQuery, Query()], ctx: Ctx
                 ) -> HTMLResponse:
        with ctx.snapshots.reader() as (_, con):
            found = q.articles(con, query)
        return render(request, "articles.html", page="articles", result=found, query=query)

    @pages.get("/articles/{article_id}")
    def article(request: Request, article_id: str, ctx: Ctx) -> HTMLResponse:
        found = stored_article(ctx, article_id)
        return render(request, "article.html", page="articles", a=found,
                      segments=segments(found.text, article_marks(found)))

    @pages.get("/actors")
    def actors(request: Request, query: Annotated[q.ActorQuery, Query()], ctx: Ctx
               ) -> HTMLResponse:
        with ctx.snapshots.reader() as (_, con):
            found = q.actors(con, query)
        return render(request, "actors.html", page="actors", result=found, query=query)

    @pages.get("/actors/{actor_id}")
    def actor(request: Request, actor_id: str, ctx: Ctx) -> HTMLResponse:
        with ctx.snapshots.reader() as (_, con):
            detail = actor_detail(con, actor_id)
            found = q.events_page(con, q.EventQuery(actor=actor_id, limit=100))
        return render(request, "actor.html", page="actors", actor=detail, result=found,
                      filters={"actor": actor_id})

    @pages.get("/docs")
    def docs(request: Request) -> HTMLResponse:
        return render(request, "docs.html", page="docs", spec=request.app.openapi())

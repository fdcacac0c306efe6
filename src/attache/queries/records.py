"""Articles, actors, facts and relations as lists with filters (offset pages, capped)."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

import duckdb
from pydantic import BaseModel, Field, field_validator

from attache.queries.filters import MAX_PAGE, Query, contains, iso, iso3, rows, scalar

_FREE_TEXT = 200
MAX_OFFSET = 100_000
T = TypeVar("T", bound=BaseModel)


class Paging(Query):
    limit: int = Field(default=50, ge=1, le=MAX_PAGE,
                       description=f"Rows per page, at most {MAX_PAGE}")
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET,
                        description=f"Rows to skip, at most {MAX_OFFSET}")


class CountryFilter(Paging):
    country: str | None = Field(default=None, description="ISO3 code among the parties: CHN")

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        return None if value is None else iso3(value)


class ArticleQuery(Paging):
    q: str | None = Field(default=None, max_length=_FREE_TEXT, description="Text in the title")


class ActorQuery(CountryFilter):
    q: str | None = Field(default=None, max_length=_FREE_TEXT, description="Text in the name or id")
    kind: Literal["person", "country", "organization", "group"] | None = None


class FactQuery(CountryFilter):
    kind: str | None = Field(default=None, max_length=40, pattern=r"^[a-z_]+$",
                             description="trade_volume, investment, aid, loan, ...")


class RelationQuery(CountryFilter):
    pass


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    events: int


class ActorSummary(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None
    articles: int


class Role(BaseModel):
    role: str
    first: str | None
    last: str | None
    articles: int


class ActorDetail(ActorSummary):
    sector: str | None
    aliases: list[str]
    roles: list[Role]
    as_source: dict[str, int] = Field(description="Events by PLOVER type with the actor as source")
    as_target: dict[str, int] = Field(description="Events by PLOVER type with the actor as target")


class FactRow(BaseModel):
    article_id: str
    published: str | None
    kind: str
    parties: list[str]
    value: float
    unit: str
    period: str | None
    attributed_to: str | None
    evidence: str


class RelationRow(BaseModel):
    article_id: str
    published: str | None
    parties: list[str]
    level: str
    change: str
    since: str | None
    evidence: str


class Listing(BaseModel, Generic[T]):
    total: int
    items: list[T]


def articles(con: duckdb.DuckDBPyConnection, query: ArticleQuery) -> Listing[ArticleSummary]:
    """Articles, newest publication first, with their number of events."""
    clause, params = contains("a.title", query.q) if query.q else ("", [])
    clause = f"WHERE {clause}" if clause else ""
    found = rows(con, "SELECT a.id, a.title, a.published, a.source, a.url FROM articles a "
                 f"{clause} ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?",
                 [*params, query.limit, query.offset])
    total = scalar(con, f"SELECT count(*) FROM articles a {clause}", params)
    counted = dict(con.execute("SELECT article_id, count(*) FROM events WHERE article_id = "
                               "any(?) GROUP BY ALL", [[r["id"] for r in found]]).fetchall())
    items = [ArticleSummary.model_validate({**r, "published": iso(r["published"]),
                                            "events": counted.get(r["id"], 0)}) for r in found]
    return Listing[ArticleSummary](total=int(total or 0), items=items)


def actors(con: duckdb.DuckDBPyConnection, query: ActorQuery) -> Listing[ActorSummary]:
    """Actors (one row per id), the most often mentioned first."""
    clauses, params = [], []
    if query.q:
        name, name_params = contains("ac.name", query.q)
        ident, id_params = contains("ac.id", query.q)
        clauses.append(f"({name} OR {ident})")
        params += [*name_params, *id_params]
    for column, value in (("kind", query.kind), ("country", query.country)):
        if value is not None:
            clauses.append(f"ac.{column} = ?")
            params.append(value)
    clause = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    grouped = ("SELECT ac.id, mode(ac.name) AS name, mode(ac.kind) AS kind, "
               "mode(ac.country) AS country, count(DISTINCT ac.article_id) AS articles "
               f"FROM actors ac {clause} GROUP BY ac.id")
    found = rows(con, f"{grouped} ORDER BY articles DESC, ac.id LIMIT ? OFFSET ?",
                 [*params, query.limit, query.offset])
    total = scalar(con, f"SELECT count(DISTINCT ac.id) FROM actors ac {clause}", params)
    return Listing[ActorSummary](total=int(total or 0),
                                 items=[ActorSummary.model_validate(r) for r in found])


def actor(con: duckdb.DuckDBPyConnection, actor_id: str) -> ActorDetail | None:
    """One actor: names, roles over time and its events by type as source and as target."""
    found = rows(con, "SELECT ac.id, mode(ac.name) AS name, mode(ac.kind) AS kind, "
                 "mode(ac.country) AS country, mode(ac.sector) AS sector, "
                 "count(DISTINCT ac.article_id) AS articles, "
                 "list_sort(list_distinct(flatten(list(ac.aliases) || [list(ac.name)]))) "
                 "AS aliases FROM actors ac WHERE ac.id = ? GROUP BY ac.id", [actor_id])
    if not found:
        return None
    roles = rows(con, "SELECT r.role, min(a.published) AS first, max(a.published) AS last, "
                 "count(DISTINCT a.id) AS articles FROM (SELECT unnest(roles) AS role, article_id "
                 "FROM actors WHERE id = ?) r JOIN articles a ON a.id = r.article_id "
                 "GROUP BY r.role ORDER BY first NULLS LAST, r.role", [actor_id])
    by_side = {side: dict(con.execute(f"SELECT plover, count(*) FROM events WHERE {side} = ? "
                                      "GROUP BY ALL ORDER BY 2 DESC, 1", [actor_id]).fetchall())
               for side in ("source", "target")}
    return ActorDetail.model_validate({
        **found[0], "as_source": by_side["source"], "as_target": by_side["target"],
        "roles": [{**r, "first": iso(r["first"]), "last": iso(r["last"])} for r in roles]})


def _parties(query: CountryFilter, extra: list[tuple[str, object]]) -> tuple[str, list[object]]:
    clauses = ["list_contains(x.parties, ?)"] if query.country else []
    params: list[object] = [query.country] if query.country else []
    for sql, value in extra:
        if value is not None:
            clauses.append(sql)
            params.append(value)
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


def facts(con: duckdb.DuckDBPyConnection, query: FactQuery) -> Listing[FactRow]:
    """Figures (trade volumes, investment, aid, loans) with who reported them."""
    clause, params = _parties(query, [("x.kind = ?", query.kind)])
    found = rows(con, "SELECT x.article_id, a.published, x.kind, x.parties, x.value, x.unit, "
                 "x.period, x.attributed_to, x.evidence_sentence AS evidence FROM facts x "
                 f"JOIN articles a ON a.id = x.article_id {clause} "
                 "ORDER BY a.published DESC NULLS LAST, x.article_id, x.seq LIMIT ? OFFSET ?",
                 [*params, query.limit, query.offset])
    total = scalar(con, f"SELECT count(*) FROM facts x {clause}", params)
    return Listing[FactRow](total=int(total or 0), items=[
        FactRow.model_validate({**r, "published": iso(r["published"])}) for r in found])


def relations(con: duckdb.DuckDBPyConnection, query: RelationQuery) -> Listing[RelationRow]:
    """Partnership levels and their changes, oldest first (by `since`, else publication)."""
    clause, params = _parties(query, [])
    found = rows(con, "SELECT x.article_id, a.published, x.parties, x.level, x.change, x.since, "
                 "x.evidence_sentence AS evidence FROM relations x "
                 f"JOIN articles a ON a.id = x.article_id {clause} "
                 "ORDER BY coalesce(x.since, strftime(a.published, '%Y-%m-%d')) NULLS LAST, "
                 "x.article_id, x.seq LIMIT ? OFFSET ?", [*params, query.limit, query.offset])
    total = scalar(con, f"SELECT count(*) FROM relations x {clause}", params)
    return Listing[RelationRow](total=int(total or 0), items=[
        RelationRow.model_validate({**r, "published": iso(r["published"])}) for r in found])

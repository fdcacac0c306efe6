"""`attache actors` and `attache actor ID`: the canonical actors of a store, thin over
`attache.actor_registry`. `register(app)` adds both commands to the `attache` Typer app.

JSON output is a list of actor objects with the fields of the extraction record's Actor
(`id`, `name`, `kind`, `country`, `sector`, `roles`, `aliases`, `mentions`) plus `first_seen`,
`last_seen`, `articles`, `members` (the article-level ids grouped), `role_history` and
`kb_roles`; `attache actor` adds `evidence` (each article's record) and `events`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from attache.actor_registry import Registry, RegistryActor, load_registry
from attache.cli_errors import friendly_errors
from attache.errors import UsageError
from attache.kb.actors import KnowledgeBase, load_knowledge_base
from attache.settings import Settings
from attache.store import EventRow, Store

F = TypeVar("F", bound=Callable[..., Any])
DbOption = Annotated[Path, typer.Option("--db", help="DuckDB file.")]
LIST_ONLY = {"evidence", "events"}


class ActorFormat(StrEnum):
    table = "table"
    json = "json"


def _knowledge_base(settings: Settings) -> KnowledgeBase:
    """The knowledge base with the user actor files of the settings, when it has them."""
    return load_knowledge_base(getattr(settings, "actor_files", ()))


def _load(db: Path, with_events: bool = False) -> tuple[Registry, list[EventRow]]:
    """The registry of the database and, when asked, its events."""
    if not db.exists():
        raise UsageError(f"database {db} does not exist; run `attache ingest` first")
    with Store(db, read_only=True) as store:
        registry = load_registry(store, _knowledge_base(Settings(db_path=db)))
        return registry, store.events() if with_events else []


def actors(
    db: DbOption = Path("attache.duckdb"),
    country: Annotated[str | None, typer.Option(help="ISO3 code the actor was seen with.")] = None,
    search: Annotated[
        str | None, typer.Option(help="Text in a name, alias or id (spelling variants too).")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="person, country, organization or group.")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many actors.")] = 200,
    format: Annotated[ActorFormat, typer.Option("--format")] = ActorFormat.table,
) -> None:
    """List the actors of the database, one per real-world actor, most articles first."""
    registry, _ = _load(db)
    found = registry.search(text=search, country=country, kind=kind)[:limit]
    if format is ActorFormat.json:
        typer.echo(_json([a.model_dump(mode="json", exclude=LIST_ONLY) for a in found]))
    else:
        Console().print(_actors_table(found))


def actor(
    actor_id: Annotated[str, typer.Argument(help="Actor id (canonical or as in an article), "
                                                 "or a name.")],
    db: DbOption = Path("attache.duckdb"),
    format: Annotated[ActorFormat, typer.Option("--format")] = ActorFormat.table,
) -> None:
    """Show one actor: names, roles over time, and its events as source and as target."""
    registry, events = _load(db, with_events=True)
    found = registry.find(actor_id)
    if found is None:
        raise UsageError(f"no actor {actor_id!r} in {db} (try `attache actors --search`)")
    found = found.model_copy(update={"events": registry.events_of(found, events)})
    if format is ActorFormat.json:
        typer.echo(_json([found.model_dump(mode="json")]))
    else:
        _print_actor(Console(), found)


def register(app: typer.Typer) -> None:
    """Add `attache actors` and `attache actor` to `app`."""
    app.command(name="actors")(friendly_errors(actors))
    app.command(name="actor")(friendly_errors(actor))


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def _actors_table(found: list[RegistryActor]) -> Table:
    table = Table(title=f"{len(found)} actors")
    for name in ("id", "kind", "name", "country", "sector", "articles", "first seen",
                 "last seen", "also written"):
        table.add_column(name, overflow="fold", max_width=40 if name == "also written" else None)
    for a in found:
        table.add_row(a.id, a.kind, a.name, a.country or "", a.sector or "",
                      str(len(a.articles)), a.first_seen or "", a.last_seen or "",
                      "; ".join(a.aliases[:4]))
    return table


def _print_actor(console: Console, a: RegistryActor) -> None:
    console.print(f"[bold]{a.name}[/bold]  {a.id}  ({a.kind}, {a.country or 'no country'}, "
                  f"{a.sector or 'no sector'})")
    console.print(f"seen in {len(a.articles)} articles, {a.first_seen or '?'} to "
                  f"{a.last_seen or '?'}; article ids: {', '.join(a.members)}")
    if a.aliases:
        console.print("also written: " + "; ".join(a.aliases))
    console.print(_roles_table(a))
    console.print(_events_table(a))


def _roles_table(a: RegistryActor) -> Table:
    table = Table(title="roles over time")
    for name in ("role", "country", "sector", "from", "to", "source"):
        table.add_column(name)
    for r in a.role_history:
        table.add_row(r.role, r.country or "", r.sector or "", r.first_seen or "",
                      r.last_seen or "", f"{len(r.articles)} articles")
    for k in a.kb_roles:
        table.add_row(k.code, k.country or "", k.sector or "", k.start or "(open)",
                      k.end or "(open)", "knowledge base")
    return table


def _events_table(a: RegistryActor) -> Table:
    table = Table(title=f"{len(a.events)} events")
    for name in ("date", "as", "plover", "cameo", "other", "article", "evidence"):
        table.add_column(name, overflow="fold", max_width=60 if name == "evidence" else None)
    for e in a.events:
        table.add_row(e.date or "?", e.side, e.plover, e.cameo, e.other or "",
                      f"{e.article_id}/{e.event_id}", e.evidence)
    return table

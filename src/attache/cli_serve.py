"""`attache serve`: the REST API and dashboard over a database, on 127.0.0.1 by default.

`register(app)` adds the command to the `attache` Typer app. `python -m attache.cli_serve
--db FILE` runs it on its own (the tests do, to start a real server in a subprocess).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from attache.errors import AttacheError, UsageError
from attache.web.context import ServeSettings


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


DbOption = Annotated[Path, typer.Option("--db", help="DuckDB file written by `attache ingest`.")]
HostOption = Annotated[str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it local.")]
CorsOption = Annotated[list[str] | None, typer.Option(
    "--cors", help="Allow browser calls from this origin (repeatable); off by default.")]
RefreshOption = Annotated[float, typer.Option(
    help="Seconds between checks of the database for new data.")]


def serve(
    db: DbOption = Path("attache.duckdb"),
    host: HostOption = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    cors: CorsOption = None,
    refresh: RefreshOption = 2.0,
) -> None:
    """Serve the dashboard and the JSON API (docs at /docs) over a database, read-only."""
    from attache.api import create_app

    err = typer.echo
    try:
        if not db.exists():
            raise UsageError(f"database {db} does not exist; run `attache ingest` first")
        settings = ServeSettings(cors_origins=tuple(cors or ()), refresh_seconds=refresh)
        web = create_app(db, settings)
    except AttacheError as error:
        err(f"error {error.code}: {error}", err=True)
        raise typer.Exit(2) from None
    if not _loopback(host):
        err(f"warning: listening on {host}: anyone who can reach it can read the database",
            err=True)
    err(f"attache: serving {db} on http://{host}:{port}/  (API docs: /docs; Ctrl+C stops)")
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)


def register(app: typer.Typer) -> None:
    """Add `serve` to the `attache` command."""
    app.command(name="serve")(serve)


def main() -> None:  # pragma: no cover - run by `python -m attache.cli_serve`
    typer.run(serve)


if __name__ == "__main__":  # pragma: no cover
    main()

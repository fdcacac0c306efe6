"""The data commands: `export`, `event`, `dedup` and `series` (wired in by `register`).

Thin adapters over `attache.dedup`, `attache.export` and `attache.aggregates`; errors are
printed as one `error ATTnnn: message` line with exit code 2, as in `attache.cli`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

import polars as pl
import typer
from rich.console import Console
from rich.table import Table

from attache import aggregates
from attache.cli_errors import friendly_errors
from attache.dedup import MergeSettings, canonical_events, explain, rebuild, refresh
from attache.dedup import stored_settings as _stored_settings
from attache.dedup_model import Explanation, RefreshReport
from attache.errors import UsageError
from attache.export import ExportFormat, export
from attache.stages.ingest import parse_date
from attache.store import Store

out = Console()
err = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB file.")]
SinceOption = Annotated[str | None, typer.Option(help="Events dated on or after YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option(help="Events dated on or before YYYY-MM-DD.")]


class SeriesKind(StrEnum):
    dyads = "dyads"
    quad = "quad"
    goldstein = "goldstein"


class Interval(StrEnum):
    day = "day"
    week = "week"
    month = "month"


class Axis(StrEnum):
    event = "event"
    seen = "seen"


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _existing(db: Path) -> Path:
    if not db.exists():
        raise UsageError(f"database {db} does not exist; run `attache ingest` first")
    return db


def export_command(
    format: Annotated[ExportFormat, typer.Option("--format", help="gdelt, plover, parquet, csv")],
    out_path: Annotated[Path, typer.Option("--out", help="Folder (gdelt, parquet, csv) or "
                                           ".jsonl file (plover).")],
    db: DbOption = Path("attache.duckdb"), since: SinceOption = None, until: UntilOption = None,
) -> None:
    """Export the canonical events and their mentions (docs/export.md)."""
    with Store(_existing(db)) as store:
        report = export(store, format, out_path, since=parse_date(since, what="--since"),
                        until=parse_date(until, what="--until"))
    out.print(f"wrote {report.events} events and {report.mentions} mentions: "
              + ", ".join(str(p) for p in report.paths))


def dedup_command(
    db: DbOption = Path("attache.duckdb"),
    full: Annotated[bool, typer.Option("--rebuild", help="Re-group every mention.")] = False,
    min_similarity: Annotated[float | None, typer.Option(
        help=MergeSettings.__dataclass_fields__["min_similarity"].metadata["help"])] = None,
    min_shared_words: Annotated[int | None, typer.Option(
        help=MergeSettings.__dataclass_fields__["min_shared_words"].metadata["help"])] = None,
    undated_window: Annotated[int | None, typer.Option(
        help="Days before publication an undated mention may have happened; -1: none.")] = None,
    day_tolerance: Annotated[int | None, typer.Option(
        help=MergeSettings.__dataclass_fields__["day_tolerance_days"].metadata["help"])] = None,
) -> None:
    """Merge event mentions into canonical events (only what changed, unless --rebuild)."""
    with Store(_existing(db)) as store:
        base = _stored_settings(store) or MergeSettings()
        window = base.undated_window_days if undated_window is None else \
            None if undated_window < 0 else undated_window
        settings = dataclasses.replace(
            base, undated_window_days=window,
            min_similarity=base.min_similarity if min_similarity is None else min_similarity,
            min_shared_words=base.min_shared_words if min_shared_words is None
            else min_shared_words,
            day_tolerance_days=base.day_tolerance_days if day_tolerance is None
            else day_tolerance)
        report = rebuild(store, settings) if full else refresh(store, settings)
    _print_refresh(report, settings)


def _print_refresh(report: RefreshReport, settings: MergeSettings) -> None:
    how = "rebuilt" if report.rebuilt else "updated"
    out.print(f"{how}: {report.blocks} blocks, {report.mentions} mentions -> "
              f"{report.events} canonical events")
    out.print(f"settings: {settings.to_json()}")


def event_command(
    event_id: Annotated[str, typer.Argument(help="Canonical event id, e.g. 8008152/e2.")],
    db: DbOption = Path("attache.duckdb"),
    why: Annotated[bool, typer.Option("--why", help="Show why its mentions were merged.")]
    = False,
    format: Annotated[TableFormat, typer.Option("--format", help="table or json")]
    = TableFormat.table,
) -> None:
    """Show a canonical event, its mentions and, with --why, the merge reasons."""
    with Store(_existing(db)) as store:
        refresh(store)
        explanation = explain(store, event_id)
    if format is TableFormat.json:
        print(explanation.model_dump_json(indent=2))
        return
    out.print(_event_table(explanation))
    out.print(_mentions_table(explanation))
    if why:
        out.print(_why_table(explanation))
        out.print(_near_miss_table(explanation))


def _event_table(explanation: Explanation) -> Table:
    event = explanation.event
    table = Table(title=f"event {event.event_id}", show_header=False)
    dyad = f"{event.source or '-'} ({event.source_country or '?'}) -> " \
           f"{event.target or '-'} ({event.target_country or '?'})"
    rows = [("type", f"{event.plover} {event.mode or ''} (CAMEO {event.cameo})"), ("dyad", dyad),
            ("date", f"{event.date or 'undated'} ({event.date_status})"),
            ("place", event.location.name if event.location else "-"),
            ("reports", f"{event.num_mentions} mentions, {event.num_articles} articles, "
                        f"{event.num_sources} sources"),
            ("seen", f"{event.first_seen or '?'} .. {event.last_seen or '?'}"),
            ("evidence", event.evidence.sentence)]
    for name, value in rows:
        table.add_row(name, value)
    return table


def _mentions_table(explanation: Explanation) -> Table:
    table = Table(title="mentions")
    for name in ("mention", "published", "outlet", "date", "evidence"):
        table.add_column(name, overflow="fold", max_width=70 if name == "evidence" else None)
    for m in explanation.mentions:
        table.add_row(m.key, m.published or "", m.outlet or "", m.event.date or "",
                      m.event.evidence.sentence)
    return table


def _why_table(explanation: Explanation) -> Table:
    table = Table(title=f"why merged (settings {explanation.settings})")
    for name in ("mention", "joined", "check", "detail"):
        table.add_column(name, overflow="fold")
    for link in explanation.links:
        if link.linked_to is None:
            table.add_row(link.key, "-", "root", "first report; the event's id")
        for check in explanation.reasons.get(link.key, []):
            table.add_row(link.key, link.linked_to or "", check.name, check.detail)
    return table


def _near_miss_table(explanation: Explanation) -> Table:
    table = Table(title="closest mentions not merged")
    for name in ("mention", "closest member", "failed check", "detail"):
        table.add_column(name, overflow="fold")
    for miss in explanation.near_misses:
        for check in miss.failed:
            table.add_row(miss.mention, miss.closest_member, check.name, check.detail)
    return table


def series_command(
    db: DbOption = Path("attache.duckdb"),
    kind: Annotated[SeriesKind, typer.Option("--kind", help="dyads, quad or goldstein")]
    = SeriesKind.dyads,
    interval: Annotated[Interval, typer.Option(help="day, week or month")] = Interval.month,
    axis: Annotated[Axis, typer.Option(help="event: the event's date; seen: its first "
                                       "report's publication date")] = Axis.event,
    directed: Annotated[bool, typer.Option(help="Dyads keep their direction.")] = False,
    country: Annotated[str | None, typer.Option(help="ISO3 code, source or target.")] = None,
    dyad: Annotated[str | None, typer.Option(help="Two ISO3 codes, e.g. CHN-USA.")] = None,
    since: SinceOption = None, until: UntilOption = None,
    format: Annotated[TableFormat, typer.Option("--format", help="table, csv or json")]
    = TableFormat.table,
    out_file: Annotated[Path | None, typer.Option("--out", help="Write here instead.")] = None,
) -> None:
    """Counts per dyad, PLOVER quad classes or Goldstein scores per day, week or month."""
    with Store(_existing(db)) as store:
        refresh(store)
        events = canonical_events(store, since=parse_date(since, what="--since"),
                                  until=parse_date(until, what="--until"))
    frame = _filtered(aggregates.events_frame(events), country, dyad)
    every = cast(aggregates.Interval, interval.value)
    basis = cast(aggregates.Axis, axis.value)
    result = {SeriesKind.dyads: lambda: aggregates.dyad_counts(frame, every, basis, directed),
              SeriesKind.quad: lambda: aggregates.quad_series(frame, every, basis),
              SeriesKind.goldstein: lambda: aggregates.goldstein_series(frame, every, basis),
              }[kind]()
    _print_frame(result, format, out_file)
    left = aggregates.coverage(frame, every, basis)["left_out"]
    if left:
        err.print(f"{left} events not placed: undated or dated less precisely than a {every}")


def _filtered(frame: pl.DataFrame, country: str | None, dyad: str | None) -> pl.DataFrame:
    src, tgt = pl.col("source_country"), pl.col("target_country")
    if country:
        frame = frame.filter((src == country.upper()) | (tgt == country.upper()))
    if dyad:
        parts = dyad.upper().split("-")
        if len(parts) != 2 or not all(len(p) == 3 and p.isalpha() for p in parts):
            raise UsageError(f"--dyad {dyad!r} must be two ISO3 codes joined by '-'")
        a, b = parts
        frame = frame.filter(((src == a) & (tgt == b)) | ((src == b) & (tgt == a)))
    return frame


def _print_frame(frame: pl.DataFrame, format: TableFormat, out_file: Path | None) -> None:
    if format is TableFormat.table and out_file is None:
        table = Table()
        for name in frame.columns:
            table.add_column(name)
        for row in frame.iter_rows():
            table.add_row(*("" if v is None else str(v) for v in row))
        out.print(table)
        return
    text = frame.write_json() if format is TableFormat.json else frame.write_csv()
    if out_file is None:
        print(text, end="")
    else:
        out_file.write_text(text, encoding="utf-8")


def register(app: typer.Typer) -> None:
    """Add `export`, `event`, `dedup` and `series` to the `attache` command."""
    app.command(name="export")(friendly_errors(export_command))
    app.command(name="event")(friendly_errors(event_command))
    app.command(name="dedup")(friendly_errors(dedup_command))
    app.command(name="series")(friendly_errors(series_command))

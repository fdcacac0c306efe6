"""The `attache` command line: a thin shell over the Python API; the only place that prints."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from attache.batch import IngestReport, count_inputs, extract_records, iter_inputs, load_inputs
from attache.cli_errors import friendly_errors
from attache.errors import UsageError
from attache.evaluation.runner import dataset_names, evaluate
from attache.pipeline import Pipeline
from attache.scale import Run, default_workers, parse_out, run_ingest
from attache.schema import Article, ExtractionResult
from attache.settings import Settings
from attache.stages.ingest import parse_date
from attache.store import Store

app = typer.Typer(help="News about international relations in, structured event data out.",
                  no_args_is_help=True, add_completion=False)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB file.")]
PublishedOption = Annotated[
    str | None,
    typer.Option("--published", help="Publication date YYYY-MM-DD for inputs without one."),
]


class RecordFormat(StrEnum):
    json = "json"
    table = "table"


class RowFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
@friendly_errors
def extract(
    files: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    published: PublishedOption = None,
    format: Annotated[RecordFormat, typer.Option("--format")] = RecordFormat.json,
) -> None:
    """Print the extraction record of each article, without touching a database."""
    items, problems = load_inputs(files, published)
    pipeline = Pipeline()
    articles = []
    for result in extract_records(pipeline, items):
        if isinstance(result, Article):
            articles.append(result)
        else:
            problems.append(result)
    if format is RecordFormat.json:
        print(ExtractionResult(articles=articles).model_dump_json(indent=2))
    else:
        for article in articles:
            out.print(_events_table(article))
    _report_problems(problems)
    if problems:
        raise typer.Exit(1)


@app.command(name="ingest")
@friendly_errors
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    db: DbOption = Path("attache.duckdb"),
    published: PublishedOption = None,
    workers: Annotated[
        int | None, typer.Option("--workers", help="Worker processes (default: all cores).")
    ] = None,
    dask: Annotated[
        str | None, typer.Option("--dask", help="Dask scheduler, e.g. tcp://HOST:8786.")
    ] = None,
    target: Annotated[
        str | None,
        typer.Option("--out", help="parquet:DIR leaves a Parquet dataset instead of --db."),
    ] = None,
    staging: Annotated[
        Path | None,
        typer.Option("--staging", help="With --dask: shared folder for the Parquet parts "
                     "before they are merged into --db (default: next to it)."),
    ] = None,
) -> None:
    """Extract articles and store them; an article stored before is skipped."""
    parquet = parse_out(target)
    items = iter_inputs(paths, published)
    with _progress() as bar:
        task = bar.add_task("articles", total=count_inputs(paths))
        run = Run(Settings(db_path=db), db=None if parquet else db, parquet=parquet,
                  workers=workers or default_workers(), dask=dask, staging=staging,
                  progress=lambda n: bar.advance(task, n))
        report = run_ingest(run, items)
    _print_ingest(report)
    if parquet is None:
        with Store(db, read_only=True) as store:
            out.print(_summary_table(store.summary()))
    else:
        out.print(f"Parquet dataset in {parquet}")
    if not report.ok:
        raise typer.Exit(1)


@app.command()
@friendly_errors
def events(
    db: DbOption = Path("attache.duckdb"),
    country: Annotated[str | None, typer.Option(help="ISO3 code, source or target.")] = None,
    dyad: Annotated[
        str | None, typer.Option(help="Two ISO3 codes, e.g. CHN-KAZ (either direction).")
    ] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    since: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 1000,
    format: Annotated[RowFormat, typer.Option("--format")] = RowFormat.table,
) -> None:
    """List stored events, filtered."""
    with Store(_existing(db), read_only=True) as store:
        rows = store.events(
            country=country.upper() if country else None, dyad=_dyad(dyad),
            plover=type.upper() if type else None,
            since=parse_date(since, what="--since"), until=parse_date(until, what="--until"),
            limit=limit,
        )
    records = [_event_row(r) for r in rows]
    if format is RowFormat.json:
        print(json.dumps(records, indent=2))
    elif format is RowFormat.csv:
        print(_csv(records), end="")
    else:
        out.print(_rows_table(records))


@app.command()
@friendly_errors
def show(
    article_id: Annotated[str, typer.Argument(help="Article id.")],
    db: DbOption = Path("attache.duckdb"),
) -> None:
    """Print an article's cleaned text with the evidence of each event highlighted."""
    with Store(_existing(db), read_only=True) as store:
        article = store.article(article_id)
    if article is None:
        raise UsageError(f"no article with id {article_id!r} in {db}")
    out.print(f"[bold]{article.title or article.id}[/bold]  ({article.published or 'no date'})")
    out.print(_highlighted(article))
    out.print(_events_table(article))


@app.command()
@friendly_errors
def summary(db: DbOption = Path("attache.duckdb")) -> None:
    """Counts of articles, actors and events, events by type and the busiest dyads."""
    with Store(_existing(db), read_only=True) as store:
        out.print(_summary_table(store.summary()))


@app.command(name="eval")
@friendly_errors
def eval_command(
    dataset: Annotated[str, typer.Argument(help="Gold set: " + ", ".join(dataset_names()))],
    limit: Annotated[int | None, typer.Option(help="Only the first N gold items.")] = None,
    format: Annotated[RowFormat, typer.Option("--format")] = RowFormat.table,
    corpora: Annotated[Path | None, typer.Option(help="Corpora folder.")] = None,
    split: Annotated[str, typer.Option(help="all, dev (rules were tuned on it) or test.")] = "all",
) -> None:
    """Score the pipeline on a public gold set (precision, recall, F1 per component)."""
    settings = Settings()
    result = evaluate(dataset, Pipeline(settings), corpora or settings.corpora_dir, limit, split)
    if format is RowFormat.json:
        print(json.dumps(result.as_dict(), indent=2))
        return
    table = Table(title=f"{result.dataset} (n={result.n})")
    for name in ("metric", "precision", "recall", "f1", "accuracy", "count"):
        table.add_column(name, justify="left" if name == "metric" else "right")
    for name, metric in result.metrics.items():
        values = metric.as_dict()
        table.add_row(name, *(str(values.get(k, "")) for k in
                              ("precision", "recall", "f1", "accuracy", "count")))
    out.print(table)


@app.command(name="schema")
def schema_command() -> None:
    """Print the JSON Schema of the extraction record."""
    from attache.schema import record_json_schema

    print(json.dumps(record_json_schema(), indent=2))


def _existing(db: Path) -> Path:
    if not db.exists():
        raise UsageError(f"database {db} does not exist; run `attache ingest` first")
    return db


def _dyad(text: str | None) -> tuple[str, str] | None:
    if text is None:
        return None
    parts = text.upper().split("-")
    if len(parts) != 2 or not all(len(p) == 3 and p.isalpha() for p in parts):
        raise UsageError(f"--dyad {text!r} must be two ISO3 codes joined by '-', e.g. CHN-KAZ")
    return parts[0], parts[1]


def _progress() -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err)


def _print_ingest(report: IngestReport) -> None:
    out.print(f"added {report.added} articles, {report.events} events; "
              f"skipped {report.duplicates} already stored; {len(report.problems)} problems")
    _report_problems(report.problems)


def _report_problems(problems: list[Any]) -> None:
    for problem in problems:  # file names and reasons are text, not Rich markup
        err.print(f"[yellow]skipped[/yellow] {escape(problem.origin)}: {escape(problem.reason)} "
                  f"({problem.code})")


def _summary_table(summary: Any) -> Table:
    table = Table(title="attache database")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("articles", str(summary.articles))
    table.add_row("actors", str(summary.actors))
    table.add_row("events", str(summary.events))
    for plover, count in sorted(summary.events_by_type.items(), key=lambda kv: -kv[1]):
        table.add_row(f"  {plover}", str(count))
    for source, target, count in summary.top_dyads[:10]:
        table.add_row(f"  dyad {source}-{target}", str(count))
    return table


def _event_row(row: Any) -> dict[str, Any]:
    return {
        "article_id": row.article_id, "event_id": row.id, "date": row.date,
        "plover": row.plover, "mode": row.mode, "cameo": row.cameo,
        "source": row.source, "source_country": row.source_country,
        "target": row.target, "target_country": row.target_country,
        "location": row.location.name if row.location else None,
        "confidence": row.confidence, "evidence": row.evidence.sentence,
    }


def _rows_table(records: list[dict[str, Any]]) -> Table:
    table = Table()
    for name in ("date", "plover", "cameo", "source", "target", "location", "evidence"):
        table.add_column(name, overflow="fold", max_width=60 if name == "evidence" else None)
    for r in records:
        table.add_row(*(str(r[k] or "") for k in ("date", "plover", "cameo", "source", "target",
                                                   "location", "evidence")))
    return table


def _events_table(article: Article) -> Table:
    table = Table(title=f"{article.id}: {len(article.events)} events")
    for name in ("id", "date", "plover", "mode", "cameo", "source", "target", "place", "conf"):
        table.add_column(name)
    for e in article.events:
        table.add_row(e.id, f"{e.date or '?'} ({e.date_status})", e.plover, e.mode or "",
                      e.cameo, e.source or "", e.target or "",
                      e.location.name if e.location else "", f"{e.confidence:.2f}")
    return table


def _highlighted(article: Article) -> Text:
    text = Text(article.text)
    for event in article.events:
        text.stylize("bold yellow", event.evidence.start, event.evidence.end)
    for caption in article.captions:
        text.stylize("italic dim", caption.start, caption.end)
    return text


def _csv(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    if records:
        writer = csv.DictWriter(buffer, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    return buffer.getvalue()


def _register_command_groups() -> None:
    """Commands that live in their own modules register themselves on `app`."""
    from attache import cli_actors, cli_data, cli_serve

    cli_actors.register(app)
    cli_data.register(app)
    cli_serve.register(app)


_register_command_groups()


def main() -> None:  # pragma: no cover - entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())

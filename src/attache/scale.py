"""Parallel and distributed ingest: worker processes on one machine, or a Dask cluster.

Both run the same `Pipeline` (loaded once per worker process) on batches of articles, and
both keep exactly one writer:

* **Local** (`attache ingest --workers N`): a pool of N spawned processes, each building its
  `Pipeline` in the pool initializer. The parent reads the inputs lazily, screens them against
  the database (content hash), submits batches and writes the records it gets back in input
  order, one transaction per batch (`batch.Sink`). At most `4 * N` batches are in flight, so
  memory is bounded however many inputs there are (back-pressure: the parent stops reading
  until the oldest batch is written).
* **Dask** (`attache ingest --dask tcp://HOST:8786`): each batch is a task; the worker runs
  the pipeline and writes the result as one Parquet part (written to a temporary name, then
  renamed, so a part is never half there, and a task Dask re-runs after a lost worker just
  writes it again). The client then merges the parts into the database in input order and
  deletes them, or, with `--out parquet:DIR`, leaves them as a dataset. Parts must be on
  storage that workers and client both see (the same machine, NFS, a mounted bucket): the
  staging folder (`--staging DIR`, default `<db>.parts/` next to the database) or DIR.
  `--out parquet:DIR` also works without Dask: then the parent writes the parts.

**Parquet parts** (`part-000000.parquet`, ...; one row per input, in input order):

| column | type | meaning |
|---|---|---|
| `position` | int64 | the input's position in the run (sort on it to get input order) |
| `kind` | string | `article` or `problem` |
| `id`, `content_hash`, `title`, `published` | string | the article's (null for a problem) |
| `events` | int32 | number of events in the record |
| `record` | string | the full `Article` record as JSON (`Article.model_validate_json` reads it) |
| `origin`, `code`, `reason` | string | a problem's input, error code and reason |

The record is kept whole as JSON so that the dataset and the database hold exactly the same
records; DuckDB, Spark and Dask read it directly (e.g. DuckDB `json_extract(record, '$.events')`).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from attache.batch import IngestReport, InputProblem, Progress, Sink, chunks, ingest
from attache.errors import AttacheError, InputError, UsageError
from attache.pipeline import Pipeline
from attache.schema import Article, ArticleInput
from attache.settings import Settings
from attache.store import Store

Item = ArticleInput | InputProblem
Result = Article | InputProblem
BATCH = 32  # articles per task: enough for `nlp.pipe` to batch well, small enough to stream
# Batches in flight per worker: results are taken in input order, so one long batch (a
# 100,000-character article) holds up the others; with 4 a worker rarely waits for it.
IN_FLIGHT = 4
# spaCy's string store grows with every new word; a fresh worker every 250 batches (8,000
# articles, about 4 s of model loading each time) keeps a worker's memory bounded.
RECYCLE = 250
PART_COLUMNS = ("position", "kind", "id", "content_hash", "title", "published", "events",
                "record", "origin", "code", "reason")
_W = TypeVar("_W")


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def parse_out(text: str | None) -> Path | None:
    """`parquet:DIR` -> DIR; None -> None (write to the database)."""
    if text is None:
        return None
    kind, _, where = text.partition(":")
    if kind != "parquet" or not where:
        raise UsageError(f"--out {text!r}: expected parquet:DIR")
    return Path(where)


# ---- worker side -----------------------------------------------------------------------------

@dataclass
class _Worker:
    pipeline: Pipeline
    lock: threading.Lock = field(default_factory=threading.Lock)


@lru_cache(maxsize=2)
def _worker(settings: Settings) -> _Worker:
    """This process's pipeline, built once (a Dask worker with several threads shares it)."""
    return _Worker(Pipeline(settings))


def init_worker(settings: Settings, parent: int | None = None) -> None:
    """Process-pool initializer: load the model and the knowledge base once per worker, and
    exit if the parent dies (a killed `attache ingest` must not leave workers behind)."""
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    _worker(settings)


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(3)


def extract_batch(settings: Settings, items: list[ArticleInput]) -> list[Result]:
    """The records of `items` in order; an unusable article gives its problem instead."""
    worker = _worker(settings)
    with worker.lock:
        results = list(worker.pipeline.extract_many(items))
    return [InputProblem.from_error(r) if isinstance(r, InputError) else r for r in results]


def run_partition(settings: Settings, items: list[Item], start: int, path: str) -> Summary:
    """Dask task: extract a partition and write it as one Parquet part; return its summary."""
    articles = [item for item in items if isinstance(item, ArticleInput)]
    extracted = iter(extract_batch(settings, articles))
    results = [item if isinstance(item, InputProblem) else next(extracted) for item in items]
    write_part(Path(path), results, start)
    return Summary.of(Path(path), results)


# ---- Parquet parts ---------------------------------------------------------------------------

@dataclass
class Summary:
    path: Path
    articles: int
    events: int
    problems: list[InputProblem]

    @classmethod
    def of(cls, path: Path, results: list[Result]) -> Summary:
        records = [r for r in results if isinstance(r, Article)]
        problems = [r for r in results if isinstance(r, InputProblem)]
        return cls(path, len(records), sum(len(r.events) for r in records), problems)


def _row(position: int, result: Result) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(PART_COLUMNS)
    row["position"] = position
    if isinstance(result, InputProblem):
        row.update(kind="problem", origin=result.origin, code=result.code, reason=result.reason)
    else:
        row.update(kind="article", id=result.id, content_hash=result.content_hash,
                   title=result.title, published=result.published, events=len(result.events),
                   record=result.model_dump_json())
    return row


def write_part(path: Path, results: list[Result], start: int) -> None:
    """Write one part atomically: to a hidden temporary name, then renamed into place."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [_row(start + i, r) for i, r in enumerate(results)]
    types = {"position": pa.int64(), "events": pa.int32()}
    schema = pa.schema([(name, types.get(name, pa.string())) for name in PART_COLUMNS])
    table = pa.Table.from_pylist(rows, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(table, temporary)
    os.replace(temporary, path)


def read_part(path: Path) -> list[Result]:
    """The results of one part, in input order."""
    import pyarrow.parquet as pq

    rows = pq.read_table(path).sort_by("position").to_pylist()
    return [Article.model_validate_json(row["record"]) if row["kind"] == "article"
            else InputProblem(row["origin"], row["code"], row["reason"]) for row in rows]


def part_path(directory: Path, number: int) -> Path:
    return directory / f"part-{number:06d}.parquet"


# ---- the parent ------------------------------------------------------------------------------

@dataclass
class Run:
    """One ingest run: where to write and how to spread the work."""

    settings: Settings
    db: Path | None = None  # write the records here ...
    parquet: Path | None = None  # ... or leave a Parquet dataset here
    workers: int = 1
    dask: str | None = None
    staging: Path | None = None  # Dask parts before the merge; default: next to `db`
    batch: int = BATCH
    recycle: int | None = RECYCLE  # batches before a worker is replaced (bounds its memory)
    progress: Progress = field(default=lambda n: None)

    def __post_init__(self) -> None:
        if (self.db is None) == (self.parquet is None):
            raise UsageError("an ingest run writes either to a database or to parquet:DIR")
        if self.workers < 1:
            raise UsageError(f"--workers {self.workers}: must be at least 1")
        if self.batch < 1:
            raise UsageError(f"batch size {self.batch}: must be at least 1")


def run_ingest(run: Run, items: Iterable[Item]) -> IngestReport:
    """Ingest `items` (read lazily) as `run` says: the entry point of `attache ingest`."""
    if run.dask is not None:
        return _ingest_dask(run, items)
    if run.parquet is not None:
        return _local_parquet(run, run.parquet, items)
    assert run.db is not None
    with Store(run.db) as store:
        if run.workers == 1:
            return ingest(Pipeline(run.settings), store, items, progress=run.progress,
                          chunk_size=run.batch)
        return _local_store(run, store, items)


def _in_order(work: Iterable[_W], submit: Callable[[_W], Any], limit: int
              ) -> Iterator[tuple[_W, Any]]:
    """Submit each piece of `work`, at most `limit` unfinished at a time (back-pressure: no
    more input is read until the oldest piece is done); yield (piece, result) in order."""
    pending: deque[tuple[_W, Any]] = deque()
    for piece in work:
        pending.append((piece, submit(piece)))
        while len(pending) >= limit:
            yield _settle(*pending.popleft())
    while pending:
        yield _settle(*pending.popleft())


def _settle(piece: _W, future: Any) -> tuple[_W, Any]:
    try:
        return piece, future.result()
    except BrokenProcessPool as error:
        raise AttacheError(f"a worker process died ({error}); run again to resume") from None
    except AttacheError:
        raise
    except Exception as error:  # a worker-side failure: one clear line, not a traceback
        raise AttacheError(f"a batch failed on a worker: {type(error).__name__}: {error}"
                           ) from error


@contextmanager
def _executor(settings: Settings, workers: int, recycle: int | None = RECYCLE
              ) -> Iterator[Callable[[list[ArticleInput]], Any]]:
    """submit(batch) -> a future of `extract_batch(batch)`: a pool of spawned processes, or
    this process when there is one worker."""
    if workers == 1:
        yield lambda batch: _done(extract_batch(settings, batch))
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker,
                             initargs=(settings, os.getpid()),
                             max_tasks_per_child=recycle) as pool:
        try:
            yield lambda batch: pool.submit(extract_batch, settings, batch)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def extract_parallel(items: Iterable[ArticleInput], settings: Settings, workers: int,
                     batch: int = BATCH) -> Iterator[Result]:
    """The records of `items` in input order, extracted by `workers` processes (no store)."""
    with _executor(settings, workers) as submit:
        for _, results in _in_order(chunks(items, batch), submit, IN_FLIGHT * workers):
            yield from results


def _done(value: list[Result]) -> Future[list[Result]]:
    future: Future[list[Result]] = Future()
    future.set_result(value)
    return future


def _local_store(run: Run, store: Store, items: Iterable[Item]) -> IngestReport:
    report = IngestReport()
    sink = Sink(store, report, run.progress)
    batches = (fresh for chunk in chunks(items, run.batch) if (fresh := sink.screen(chunk)))
    with _executor(run.settings, run.workers, run.recycle) as submit:
        for _, results in _in_order(batches, submit, IN_FLIGHT * run.workers):
            sink.write(results, counted=False)
    return report


def _articles(items: Iterable[Item]) -> list[ArticleInput]:
    return [item for item in items if isinstance(item, ArticleInput)]


def _merge(items: list[Item], extracted: list[Result]) -> list[Result]:
    """Put a batch's input problems back among its extracted records, in input order."""
    records = iter(extracted)
    return [item if isinstance(item, InputProblem) else next(records) for item in items]


class PartSink:
    """Numbered Parquet parts written by this process (`--out parquet:DIR` without Dask)."""

    def __init__(self, directory: Path, report: IngestReport, progress: Progress) -> None:
        self.directory, self.report, self.progress = directory, report, progress
        self.number = self.position = 0

    def take(self, results: list[Result]) -> None:
        path = part_path(self.directory, self.number)
        write_part(path, results, self.position)
        self.number, self.position = self.number + 1, self.position + len(results)
        _count(self.report, Summary.of(path, results), self.progress)


def _local_parquet(run: Run, directory: Path, items: Iterable[Item]) -> IngestReport:
    report = IngestReport()
    parts = PartSink(directory, report, run.progress)
    with _executor(run.settings, run.workers, run.recycle) as submit:
        for chunk, extracted in _in_order(chunks(items, run.batch),
                                          lambda chunk: submit(_articles(chunk)),
                                          IN_FLIGHT * run.workers):
            parts.take(_merge(chunk, extracted))
    return report


def _count(report: IngestReport, summary: Summary, progress: Progress) -> None:
    report.added += summary.articles
    report.events += summary.events
    report.problems.extend(summary.problems)
    progress(summary.articles + len(summary.problems))


# ---- the parent as a Dask client -------------------------------------------------------------

def _ingest_dask(run: Run, items: Iterable[Item]) -> IngestReport:
    from distributed import Client

    with Client(run.dask, set_as_default=False) as client:
        slots = sum(w["nthreads"] for w in client.scheduler_info()["workers"].values())
        limit = IN_FLIGHT * max(1, slots)
        if run.parquet is not None:
            return _dask_parts(run, client, items, run.parquet, None, limit)
        assert run.db is not None
        staging = (run.staging or run.db.parent / f"{run.db.name}.parts") / uuid.uuid4().hex
        with Store(run.db) as store:
            report = _dask_parts(run, client, items, staging, store, limit)
        _remove_dir(staging)
        return report


def _dask_parts(run: Run, client: Any, items: Iterable[Item], directory: Path,
                store: Store | None, limit: int) -> IngestReport:
    """One task per partition; parts are merged into `store` in input order, or kept."""
    report = IngestReport()
    sink = None if store is None else Sink(store, report, run.progress)
    directory = directory.absolute()

    def submit(partition: tuple[int, int, list[Item]]) -> Any:
        number, start, kept = partition
        return client.submit(run_partition, run.settings, kept, start,
                             str(part_path(directory, number)), pure=False)

    for _, summary in _in_order(_partitions(items, run.batch, sink), submit, limit):
        if sink is None:
            _count(report, summary, run.progress)
        else:
            sink.write(read_part(summary.path), counted=False)
            summary.path.unlink()
    return report


def _partitions(items: Iterable[Item], size: int, sink: Sink | None
                ) -> Iterator[tuple[int, int, list[Item]]]:
    """(part number, position of its first item, items); with a sink, only fresh articles."""
    start = 0
    for number, chunk in enumerate(chunks(items, size)):
        kept: list[Item] = chunk if sink is None else list(sink.screen(chunk))
        yield number, start, kept
        start += len(kept)


def _remove_dir(directory: Path) -> None:
    """Remove the (now empty) staging folder, and its parent if that is empty too."""
    for folder in (directory, directory.parent):
        try:
            folder.rmdir()
        except OSError:
            return

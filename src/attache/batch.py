"""Batch runs: extract records from files, or ingest them into the store.

Inputs are read lazily (`iter_inputs`) and ingested in chunks, each chunk written in one
transaction (`Sink`), so memory stays bounded whatever the number of inputs and a killed run
loses at most the chunk it was writing: a re-run skips what is stored (by content hash) and
does the rest. Every bad input is reported by name and reason and the rest go on.

`scale.py` runs the same `Sink` in the parent of a process pool or a Dask cluster: the one
writer to the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TypeVar

from attache.errors import InputError, StoreError
from attache.pipeline import Pipeline, content_hash
from attache.schema import Article, ArticleInput
from attache.stages.clean import clean
from attache.stages.ingest import JSONL_SUFFIXES, iter_files, read_articles
from attache.store import Store

Progress = Callable[[int], None]
CHUNK = 32  # articles per write transaction in a single-process run
_T = TypeVar("_T")


@dataclass
class InputProblem:
    origin: str
    code: str
    reason: str

    @classmethod
    def from_error(cls, error: InputError | StoreError) -> InputProblem:
        return cls(origin=error.origin or "?", code=error.code, reason=error.message)


@dataclass
class IngestReport:
    added: int = 0
    duplicates: int = 0
    events: int = 0
    problems: list[InputProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def iter_inputs(
    paths: Iterable[str | Path], published: str | None = None
) -> Iterator[ArticleInput | InputProblem]:
    """Every article under `paths`, read lazily; an unreadable one is a problem, not a raise."""
    for item in read_articles(paths, published):
        yield InputProblem.from_error(item) if isinstance(item, InputError) else item


def load_inputs(
    paths: Iterable[str | Path], published: str | None = None
) -> tuple[list[ArticleInput], list[InputProblem]]:
    """Read every article under `paths`; unreadable ones become problems, not exceptions."""
    articles: list[ArticleInput] = []
    problems: list[InputProblem] = []
    for item in iter_inputs(paths, published):
        if isinstance(item, InputProblem):
            problems.append(item)
        else:
            articles.append(item)
    return articles, problems


def count_inputs(paths: Iterable[str | Path]) -> int:
    """How many items `iter_inputs` will yield, cheaply: one per file, one per line of a JSON
    Lines file (an estimate for progress bars; files are not parsed)."""
    total = 0
    for path in iter_files(paths):
        total += _lines(path) if isinstance(path, Path) else 1
    return total


def _lines(path: Path) -> int:
    """Lines of a JSON Lines file, counted in 1 MB blocks (memory stays flat however long a
    line is); 1 for any other file, and for anything that is not a regular file (a FIFO
    would block)."""
    if path.suffix.lower() not in JSONL_SUFFIXES:
        return 1
    try:
        if not path.is_file():
            return 1
        lines, last = 0, b"\n"
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                lines += block.count(b"\n")
                last = block[-1:]
        return max(1, lines + (last != b"\n"))
    except OSError:
        return 1


def chunks(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def fingerprint(item: ArticleInput) -> str:
    """The content hash the stored record will carry (cleaning only, no parse, no model)."""
    return content_hash(item.title, clean(item.text).text)


def extract_records(
    pipeline: Pipeline, items: Iterable[ArticleInput], progress: Progress | None = None
) -> Iterator[Article | InputProblem]:
    for result in pipeline.extract_many(items):
        if progress is not None:
            progress(1)
        yield InputProblem.from_error(result) if isinstance(result, InputError) else result


class Sink:
    """The one writer: screens inputs against the store and writes records chunk by chunk."""

    def __init__(self, store: Store, report: IngestReport, progress: Progress | None = None):
        self.store = store
        self.report = report
        self.progress = progress or (lambda n: None)

    def screen(self, chunk: Iterable[ArticleInput | InputProblem]) -> list[ArticleInput]:
        """The articles of `chunk` not stored yet; problems are recorded, stored ones counted."""
        fresh: list[ArticleInput] = []
        for item in chunk:
            if isinstance(item, InputProblem):
                self.problem(item)
            elif self.store.has_article(fingerprint(item)):
                self.report.duplicates += 1
                self.progress(1)
            else:
                fresh.append(item)
        return fresh

    def problem(self, problem: InputProblem, counted: bool = False) -> None:
        self.report.problems.append(problem)
        self.store.record_error(problem.origin, problem.reason, problem.code)
        if not counted:
            self.progress(1)

    def write(self, results: Iterable[Article | InputProblem], counted: bool = True) -> None:
        """Store the records in one transaction and record the problems; `counted` says the
        progress callback has already been told about these results."""
        records: list[Article] = []
        for result in results:
            if isinstance(result, InputProblem):
                self.problem(result, counted)
            else:
                records.append(result)
        if not records:
            return
        before = self.store.row_counts()["events"]
        self._store(records)
        self.report.events += self.store.row_counts()["events"] - before
        if not counted:
            self.progress(len(records))

    def _store(self, records: Sequence[Article]) -> None:
        try:
            added, skipped = self.store.add_articles(records, batch_size=max(1, len(records)))
        except StoreError:  # one bad record (e.g. a reused id) must not sink the chunk
            added, skipped = self._one_by_one(records)
        self.report.added += added
        self.report.duplicates += skipped

    def _one_by_one(self, records: Sequence[Article]) -> tuple[int, int]:
        added = skipped = 0
        for record in records:
            try:
                stored = self.store.add_article(record)
            except StoreError as error:
                error.origin = error.origin or record.id
                self.problem(InputProblem.from_error(error), counted=True)
                continue
            added, skipped = added + stored, skipped + (not stored)
        return added, skipped


def ingest(
    pipeline: Pipeline,
    store: Store,
    items: Iterable[ArticleInput | InputProblem],
    problems: list[InputProblem] | None = None,
    progress: Progress | None = None,
    chunk_size: int = CHUNK,
) -> IngestReport:
    """Extract and store `items` in this process; an article already stored (same content)
    is skipped. `items` may be a lazy iterator (see `iter_inputs`) and may hold problems."""
    report = IngestReport()
    sink = Sink(store, report, progress)
    for problem in problems or ():
        sink.problem(problem, counted=True)
    for chunk in chunks(items, chunk_size):
        fresh = sink.screen(chunk)
        sink.write(extract_records(pipeline, fresh, progress))
    return report

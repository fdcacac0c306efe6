"""Batch runs: extract records from files, or ingest them into the store.

Every bad input is reported by name and reason and the rest go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from attache.errors import InputError
from attache.pipeline import Pipeline
from attache.schema import Article, ArticleInput
from attache.stages.ingest import read_articles
from attache.store import Store

Progress = Callable[[int], None]


@dataclass
class InputProblem:
    origin: str
    code: str
    reason: str

    @classmethod
    def from_error(cls, error: InputError) -> InputProblem:
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


def load_inputs(
    paths: Iterable[str | Path], published: str | None = None
) -> tuple[list[ArticleInput], list[InputProblem]]:
    """Read every article under `paths`; unreadable ones become problems, not exceptions."""
    articles, problems = [], []
    for item in read_articles(paths, published):
        if isinstance(item, InputError):
            problems.append(InputProblem.from_error(item))
        else:
            articles.append(item)
    return articles, problems


def extract_records(
    pipeline: Pipeline, items: list[ArticleInput], progress: Progress | None = None
) -> Iterator[Article | InputProblem]:
    for result in pipeline.extract_many(items):
        if progress is not None:
            progress(1)
        yield InputProblem.from_error(result) if isinstance(result, InputError) else result


def ingest(
    pipeline: Pipeline,
    store: Store,
    items: list[ArticleInput],
    problems: list[InputProblem] | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Extract and store `items`; an article already stored (same content) is skipped."""
    report = IngestReport(problems=list(problems or []))
    fresh = [item for item in items if not store.has_article(pipeline.fingerprint(item))]
    report.duplicates += len(items) - len(fresh)
    if progress is not None and len(fresh) < len(items):
        progress(len(items) - len(fresh))
    for result in extract_records(pipeline, fresh, progress):
        if isinstance(result, InputProblem):
            report.problems.append(result)
        elif store.add_article(result):
            report.added += 1
            report.events += len(result.events)
        else:
            report.duplicates += 1
    for problem in report.problems:
        store.record_error(problem.origin, problem.reason, problem.code)
    return report

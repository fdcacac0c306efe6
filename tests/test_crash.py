"""Crash safety (issue 8, point 2): `attache ingest` killed with SIGKILL part-way, twice, then
run again to the end, leaves a database that opens, holds no half-written article and no
duplicate, and has every article exactly once.

The 2,000 inputs replicate short openings of the bundled examples under distinct ids and
titles (the title is part of the content hash, so each is a distinct article, while the text,
and so each record apart from id, title and hash, equals its template's record: that makes
"not half-written" checkable article by article against the template).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from attache.batch import load_inputs
from attache.pipeline import Pipeline
from attache.schema import Article, ArticleInput
from attache.store import Store

ROOT = Path(__file__).parents[1]
ARTICLES = 2000
CHILD_TABLES = ("actors", "events", "timexes", "places", "facts", "relations", "agreements")


def _opening(text: str, limit: int = 400) -> str:
    """The first sentences of a text, up to about `limit` characters."""
    kept: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        if kept and sum(len(k) + 1 for k in kept) + len(sentence) > limit:
            break
        kept.append(sentence)
    return " ".join(kept)


@pytest.fixture(scope="module")
def templates(pipeline: Pipeline) -> dict[str, Article]:
    """Short versions of the bundled examples, keyed by id, with their records."""
    items, _ = load_inputs([ROOT / "examples"])
    short = [ArticleInput(id=i.id, title=i.title, text=_opening(i.text), published=i.published,
                          url=i.url, source=i.source) for i in items]
    records = [r for r in pipeline.extract_many(short) if isinstance(r, Article)]
    return {r.id: r for r in records}


def _write_inputs(path: Path, templates: dict[str, Article]) -> dict[str, str]:
    """2,000 JSON lines; returns article id -> template id."""
    names = sorted(templates)
    origin = {}
    with path.open("w", encoding="utf-8") as out:
        for n in range(ARTICLES):
            template = templates[names[n % len(names)]]
            article_id = f"crash-{n:04d}"
            origin[article_id] = template.id
            out.write(json.dumps({"id": article_id, "title": f"{template.title} #{n}",
                                  "text": template.text, "published": template.published,
                                  "url": template.url, "source": template.source}) + "\n")
    return origin


def _start(inputs: Path, db: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "attache.cli", "ingest", str(inputs), "--db", str(db),
             "--workers", "2"],
            stdout=sink, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT)


def _bytes_on_disk(db: Path) -> int:
    wal = db.with_name(db.name + ".wal")
    return sum(p.stat().st_size for p in (db, wal) if p.exists())


def _kill_after_growth(run: subprocess.Popen[bytes], db: Path, grow: int) -> None:
    """SIGKILL the run (its whole process group) once the files grew by `grow` bytes."""
    start, deadline = _bytes_on_disk(db), time.monotonic() + 600
    while time.monotonic() < deadline and run.poll() is None:
        if _bytes_on_disk(db) - start >= grow:
            break
        time.sleep(0.05)
    assert run.poll() is None, "ingest finished before it could be killed"
    os.killpg(run.pid, signal.SIGKILL)
    run.wait(timeout=60)


def _check(db: Path, origin: dict[str, str], templates: dict[str, Article],
           whole: bool = False) -> int:
    """The database opens and every stored article is there once with all its rows (with
    `whole`, read back and compared field by field); returns how many are stored."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        ids = [r[0] for r in con.execute("SELECT id FROM articles").fetchall()]
        hashes = con.execute("SELECT count(DISTINCT content_hash) FROM articles").fetchone()
        assert len(ids) == len(set(ids)) and hashes == (len(ids),)
        assert con.execute("SELECT count(*) FROM ingest_errors").fetchone() == (0,)
        for table in CHILD_TABLES:
            rows = dict(con.execute(f"SELECT article_id, count(*) FROM {table} "
                                    "GROUP BY article_id").fetchall())
            assert set(rows) <= set(ids), f"{table} rows without their article"
            for article_id in ids:
                expected = len(getattr(templates[origin[article_id]], table))
                assert rows.get(article_id, 0) == expected, f"{article_id}: {table} cut short"
    finally:
        con.close()
    if whole:
        with Store(db, read_only=True) as store:
            for article_id in ids:
                stored = store.article(article_id)
                assert stored is not None
                template = templates[origin[article_id]]
                assert stored == template.model_copy(update={
                    "id": stored.id, "title": stored.title, "content_hash": stored.content_hash})
    return len(ids)


@pytest.mark.slow
def test_ingest_survives_sigkill(tmp_path: Path, templates: dict[str, Article]) -> None:
    inputs, db, log = tmp_path / "many.jsonl", tmp_path / "crash.duckdb", tmp_path / "log"
    origin = _write_inputs(inputs, templates)
    Store(db).close()  # the schema in place: what grows from here on is articles
    stored = [0]
    for grow in (150_000, 900_000):  # kill early, then again later in the second run
        _kill_after_growth(_start(inputs, db, log), db, grow)
        stored.append(_check(db, origin, templates))
        assert stored[-2] <= stored[-1] < ARTICLES
    assert stored[-1] > 0, "nothing was committed before the kills"
    final = _start(inputs, db, log)
    assert final.wait(timeout=1800) == 0, log.read_text(errors="replace")[-3000:]
    assert _check(db, origin, templates, whole=True) == ARTICLES
    assert f"skipped {stored[-1]} already stored" in log.read_text(errors="replace")

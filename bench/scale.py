"""Ingest at scale: 20,000 articles through `attache ingest`, with time, database size, memory.

The articles are the 1,450 of ../shared/corpora/news_throughput/ replicated: each copy gets a
distinct id and a distinct title (the title is part of the content hash, so every copy is a
new article to the store and none is skipped as a duplicate; the text, and so the work per
article, is the original's). The run is the real command line in a child process,
`attache ingest big.jsonl --db FILE --workers N`; while it runs, the RSS of the writer (the
parent) and of each worker process is sampled every 0.2 s.

Then the writer alone: 1,000 stored records written again into a fresh database, timed.
Prints the figures; the last line is `articles N secs S articles_per_s R db_mb D
rss_parent_mb P rss_worker_mb W events E writer_articles_per_s V`. `--smoke` runs 200
articles (falling back to the bundled examples when the corpus is absent).

    .venv/bin/python bench/scale.py [--articles 20000] [--workers N] [--workdir DIR] [--smoke]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from throughput import load_articles  # noqa: E402


def write_inputs(path: Path, count: int) -> int:
    """`count` articles (the corpus replicated, distinct ids and titles); returns words."""
    rows, source = load_articles(None)
    print(f"source {source}: {len(rows)} articles replicated to {count}", flush=True)
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            row = rows[n % len(rows)]
            copy = n // len(rows)
            title = row["title"] if copy == 0 else f"{row['title'] or ''} (copy {copy})"
            out.write(json.dumps({"id": f"{row['id']}~{copy}", "title": title,
                                  "text": row["text"], "published": row["published"]}) + "\n")
            words += len(row["text"].split())
    return words


def sample(process: psutil.Process, peaks: dict[str, float]) -> None:
    """Record the RSS of the writer and of its largest worker, in MB."""
    try:
        peaks["parent"] = max(peaks["parent"], process.memory_info().rss / 2**20)
        for worker in process.children(recursive=True):
            peaks["worker"] = max(peaks["worker"], worker.memory_info().rss / 2**20)
    except psutil.Error:
        pass


def run(inputs: Path, db: Path, workers: int) -> tuple[float, dict[str, float]]:
    command = [sys.executable, "-m", "attache.cli", "ingest", str(inputs), "--db", str(db),
               "--workers", str(workers)]
    peaks = {"parent": 0.0, "worker": 0.0}
    start = time.perf_counter()
    with open(db.with_suffix(".log"), "wb") as log:
        child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        watched = psutil.Process(child.pid)
        while child.poll() is None:
            sample(watched, peaks)
            time.sleep(0.2)
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"ingest failed ({child.returncode}): see {db.with_suffix('.log')}")
    return seconds, peaks


def writer_rate(db: Path, workdir: Path, count: int = 1000) -> float:
    """Articles per second the single writer stores: `count` records read back from `db`,
    written again (ids changed) into a fresh database in batches, as `attache ingest` does."""
    from attache.store import Store

    with Store(db, read_only=True) as source:
        ids = [row[0] for row in source.connection.execute(
            "SELECT id FROM articles ORDER BY id LIMIT ?", [count]).fetchall()]
        records = [source.article(i) for i in ids]
    copies = [r.model_copy(update={"id": f"{r.id}~w", "content_hash": f"{r.content_hash}~w"})
              for r in records if r is not None]
    target = workdir / "writer.duckdb"
    for stale in (target, target.with_name(target.name + ".wal")):
        stale.unlink(missing_ok=True)
    with Store(target) as store:
        start = time.perf_counter()
        store.add_articles(copies, batch_size=32)
        seconds = time.perf_counter() - start
    return len(copies) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--workdir", type=Path, help="where the inputs and the database go")
    parser.add_argument("--smoke", action="store_true", help="200 articles")
    args = parser.parse_args()
    count = 200 if args.smoke else args.articles
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="attache-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    inputs, db = workdir / "big.jsonl", workdir / "scale.duckdb"
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    words = write_inputs(inputs, count)
    print(f"{count} articles, {words} words; workers {args.workers}; cores {os.cpu_count()}; "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)
    seconds, peaks = run(inputs, db, args.workers)
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("SELECT count(*) FROM articles").fetchone()
        events = con.execute("SELECT count(*) FROM events").fetchone()
    db_mb = db.stat().st_size / 2**20
    print(f"time {seconds:.1f} s; {count / seconds:.2f} articles/s, {words / seconds:.0f} "
          f"words/s; database {db_mb:.1f} MB ({db_mb * 1024 / count:.1f} KB per article); "
          f"peak RSS writer {peaks['parent']:.0f} MB, per worker {peaks['worker']:.0f} MB; "
          f"load average {os.getloadavg()[0]:.2f}")
    writer = writer_rate(db, workdir)
    print(f"the writer alone stores {writer:.0f} articles/s (1,000 records, batches of 32)")
    print(f"articles {stored[0] if stored else 0} secs {seconds:.1f} articles_per_s "
          f"{count / seconds:.2f} db_mb {db_mb:.1f} rss_parent_mb {peaks['parent']:.0f} "
          f"rss_worker_mb {peaks['worker']:.0f} events {events[0] if events else 0} "
          f"writer_articles_per_s {writer:.0f}")


if __name__ == "__main__":
    main()

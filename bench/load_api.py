"""A bounded load test of `attache serve`: POST /api/extract and GET /api/events, on 127.0.0.1.

    .venv/bin/python bench/load_api.py --db attache.duckdb            # 2,000 requests, 8 clients
    .venv/bin/python bench/load_api.py --db attache.duckdb --short    # 160 requests (make test)

Starts `attache serve` on a free port in a subprocess, sends one warm-up extraction (the first
loads the spaCy model), then `--requests` requests from `--clients` concurrent clients,
alternating an extraction of a bundled example article (cut to 1,500 characters) and an event
query with varying filters. It stops after the last request or after `--max-seconds`, whichever
comes first, and reports errors, p50/p95/max latency per kind and the server's resident memory
before and after. Exit status 1 if any request failed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).parents[1]
QUERIES = ({"limit": 50}, {"country": "USA"}, {"dyad": "CHN-USA"}, {"type": "CONSULT"},
           {"quad": "verbal conflict", "sort": "date"}, {"since": "2020", "until": "2025-03"},
           {"q": "minister"}, {"cameo": "04", "limit": 200}, {"sort": "-confidence"})


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"extract": [], "events": []})
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors.append(error)


def texts() -> list[str]:
    lines = (ROOT / "examples" / "articles.jsonl").read_text().splitlines()
    return [json.loads(line)["text"][:1500] for line in lines]


def one_request(http: httpx.Client, number: int, bodies: list[str]) -> tuple[str, str | None]:
    if number % 2 == 0:
        kind = "extract"
        response = http.post("/api/extract", json={"text": bodies[number // 2 % len(bodies)],
                                                   "published": "2024-01-15"})
    else:
        kind = "events"
        response = http.get("/api/events", params=QUERIES[number // 2 % len(QUERIES)])
    error = None if response.status_code == 200 else f"{kind} {response.status_code}"
    return kind, error


def client_loop(base: str, numbers: Any, total: int, deadline: float, results: Results) -> None:
    bodies = texts()
    with httpx.Client(base_url=base, timeout=120) as http:
        while time.monotonic() < deadline:
            number = next(numbers)
            if number >= total:
                return
            began = time.perf_counter()
            try:
                kind, error = one_request(http, number, bodies)
            except httpx.HTTPError as exc:
                kind, error = ("extract" if number % 2 == 0 else "events"), repr(exc)
            results.add(kind, time.perf_counter() - began, error)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([sys.executable, "-m", "attache.cli_serve", "--db", str(db),
                               "--port", str(port)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health").status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


def summary(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return {"n": len(values), "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(p95 * 1000, 1), "max_ms": round(ordered[-1] * 1000, 1)}


def run(db: Path, requests: int, clients: int, max_seconds: float) -> dict[str, Any]:
    port = free_port()
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        process = psutil.Process(server.pid)
        rss_start = process.memory_info().rss
        httpx.post(f"{base}/api/extract", json={"text": texts()[0]}, timeout=300)
        rss_before = process.memory_info().rss
        results, numbers = Results(), itertools.count()
        began = time.monotonic()
        threads = [threading.Thread(target=client_loop, args=(
            base, numbers, requests, began + max_seconds, results)) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        rss_after = process.memory_info().rss
    finally:
        server.terminate()
        server.wait(timeout=30)
    done = sum(len(v) for v in results.latencies.values())
    return {
        "requests": done, "ok": done - len(results.errors), "errors": len(results.errors),
        "error_samples": results.errors[:5], "clients": clients, "seconds": round(elapsed, 1),
        "per_second": round(done / elapsed, 1),
        "all": summary([x for v in results.latencies.values() for x in v]),
        **{kind: summary(values) for kind, values in results.latencies.items()},
        "rss_mb": {"started": rss_start // 2**20, "model_loaded": rss_before // 2**20,
                   "after": rss_after // 2**20},
        "stopped_by_deadline": done < requests,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--max-seconds", type=float, default=900)
    parser.add_argument("--short", action="store_true", help="160 requests, at most 300 s")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    requests, limit = (160, 300.0) if args.short else (args.requests, args.max_seconds)
    report = run(args.db, requests, args.clients, limit)
    if args.json:
        print(json.dumps(report))
    else:
        for key, value in report.items():
            print(f"{key:>20}: {value}")
    sys.exit(1 if report["errors"] else 0)


if __name__ == "__main__":
    main()

"""How fast the API answers on a big database (build one with bench/make_big_db.py).

    .venv/bin/python bench/make_big_db.py /tmp/big.duckdb              # 1,000,000 events
    .venv/bin/python bench/api_speed.py /tmp/big.duckdb [--runs 15] [--json]

Two measurements, each the median and the slowest of `--runs` runs after one warm-up:

- query: the `attache.queries` function alone on a read-only connection, no HTTP and no
  cache (the overview here is computed from scratch every time);
- server: `attache serve` on 127.0.0.1 (a subprocess), the `Server-Timing` header it sets
  (request in to response start, so JSON encoding included and the network excluded), and the
  client-side wall time beside it. The server computes the overview once per snapshot, when
  it takes the snapshot; later requests are answered from that.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import httpx

from attache import queries as q

TARGET_MS = 300.0
CASES: dict[str, tuple[str, dict[str, Any], Callable[[duckdb.DuckDBPyConnection], Any]]] = {
    "overview": ("/api/overview", {}, lambda con: q.overview(con)),
    "event table (first page)": ("/api/events", {}, lambda con: q.events_page(
        con, q.EventQuery())),
    "event table, country": ("/api/events", {"country": "USA"}, lambda con: q.events_page(
        con, q.EventQuery(country="USA"))),
    "event table, dyad + dates": (
        "/api/events", {"dyad": "CHN-USA", "since": "2020-01", "until": "2021-06-30"},
        lambda con: q.events_page(con, q.EventQuery(dyad="CHN-USA", since="2020-01",
                                                    until="2021-06-30"))),
    "event table, type + sort": (
        "/api/events", {"type": "CONSULT", "sort": "-confidence", "limit": 200},
        lambda con: q.events_page(con, q.EventQuery(type="CONSULT", sort="-confidence",
                                                    limit=200))),
    "event table, text search": ("/api/events", {"q": "hostage"}, lambda con: q.events_page(
        con, q.EventQuery(q="hostage"))),
    "dyad time series (week)": (
        "/api/series", {"dyad": "CHN-USA", "interval": "week"},
        lambda con: q.series(con, q.SeriesQuery(dyad="CHN-USA", interval="week"))),
    "dyad time series (month, by type)": (
        "/api/series", {"dyad": "RUS-UKR", "by": "plover"},
        lambda con: q.series(con, q.SeriesQuery(dyad="RUS-UKR", by="plover"))),
    "busiest dyads": ("/api/dyads", {}, lambda con: q.dyads(con, q.DyadQuery())),
    "map": ("/api/map", {}, lambda con: q.map_points(con, q.MapQuery())),
    "network (countries)": ("/api/network", {}, lambda con: q.network(con, q.NetworkQuery())),
    "actors": ("/api/actors", {}, lambda con: q.actors(con, q.ActorQuery())),
    "articles": ("/api/articles", {}, lambda con: q.articles(con, q.ArticleQuery())),
}


def stats(values: list[float]) -> dict[str, float]:
    return {"median_ms": round(statistics.median(values), 1), "max_ms": round(max(values), 1)}


def time_queries(db: Path, runs: int) -> dict[str, dict[str, float]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        result = {}
        for name, (_, _, run) in CASES.items():
            run(con)
            spent = []
            for _ in range(runs):
                began = time.perf_counter()
                run(con)
                spent.append((time.perf_counter() - began) * 1000)
            result[name] = stats(spent)
        return result
    finally:
        con.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(db: Path, port: int) -> tuple[subprocess.Popen[bytes], float]:
    began = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "attache.cli_serve", "--db", str(db),
                               "--port", str(port)], stdout=subprocess.DEVNULL)
    while time.perf_counter() - began < 300:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health").status_code == 200:
                return server, time.perf_counter() - began
        except httpx.HTTPError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the server did not start")


def time_server(db: Path, runs: int) -> tuple[dict[str, dict[str, float]], float]:
    port = free_port()
    server, startup = start_server(db, port)
    try:
        result = {}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            for name, (path, params, _) in CASES.items():
                http.get(path, params=params).raise_for_status()
                server_ms, wall_ms = [], []
                for _ in range(runs):
                    began = time.perf_counter()
                    response = http.get(path, params=params)
                    wall_ms.append((time.perf_counter() - began) * 1000)
                    response.raise_for_status()
                    timing = response.headers["server-timing"]
                    server_ms.append(float(timing.split("dur=")[1]))
                result[name] = {**stats(server_ms),
                                "wall_median_ms": round(statistics.median(wall_ms), 1)}
        return result, startup
    finally:
        server.terminate()
        server.wait(timeout=30)


def events_in(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM events").fetchone()
        return int(row[0]) if row else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report: dict[str, Any] = {"events": events_in(args.db), "cpus": os.cpu_count(),
                              "load_average": os.getloadavg()[0]}
    report["query"] = time_queries(args.db, args.runs)
    report["server"], report["server_startup_s"] = time_server(args.db, args.runs)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['events']:,} events, {report['cpus']} CPUs, load {report['load_average']:.1f};"
          f" server up in {report['server_startup_s']:.1f} s")
    print(f"{'':36} {'query median/max ms':>20} {'server median/max ms':>21} {'wall ms':>8}")
    for name in CASES:
        qm, sm = report["query"][name], report["server"][name]
        flag = "" if sm["median_ms"] < TARGET_MS else "  over target"
        print(f"{name:36} {qm['median_ms']:>9} / {qm['max_ms']:<8} {sm['median_ms']:>9} / "
              f"{sm['max_ms']:<9} {sm['wall_median_ms']:>8}{flag}")


if __name__ == "__main__":
    main()

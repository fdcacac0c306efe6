"""The REST API over a real store, served by a real uvicorn server on 127.0.0.1.

The store is built once per session by running the real pipeline on a few bundled example
articles. `build_store` and `LiveServer` are reused by tests/test_web.py.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import duckdb
import httpx
import jsonschema
import pytest
import uvicorn

from attache.api import create_app
from attache.batch import ingest, load_inputs
from attache.pipeline import Pipeline
from attache.queries import MAX_PAGE, PLOVER_TYPES
from attache.schema import ArticleInput, record_json_schema
from attache.store import Store
from attache.web.context import ServeSettings
from attache.web.errors import ErrorInfo
from attache.web.marks import Mark, segments
from attache.web.pages import script_json
from attache.web.snapshot import Snapshots

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
FIRST_IDS = ("voa-8008079", "voa-7677701", "voa-8010842", "voa-8009004",
             "wikinews-2019-09-15-oil-facilities-in-saudi-arabia-hit-by-drone-attacks",
             "wikinews-2020-01-11-cairo-summit-denounces-turkish-libyan-maritime-border")
LATER_IDS = ("voa-6180932", "voa-8005869", "voa-8009495", "voa-7808748")
ERROR_KEYS = {"status", "code", "message", "details"}


def example_files(folder: Path, ids: tuple[str, ...], with_txt: bool = True) -> list[Path]:
    """The bundled .txt example (optionally) and a JSON Lines file of the articles `ids`."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [line for line in (EXAMPLES / "articles.jsonl").read_text().splitlines()
             if json.loads(line)["id"] in ids]
    subset = folder / "subset.jsonl"
    subset.write_text("\n".join(lines) + "\n")
    return [*sorted(EXAMPLES.glob("*.txt"))[: 1 if with_txt else 0], subset]


def build_store(path: Path, pipeline: Pipeline, ids: tuple[str, ...] = FIRST_IDS) -> Path:
    items, problems = load_inputs(example_files(path.parent / "inputs", ids))
    with Store(path) as store:
        report = ingest(pipeline, store, items, problems)
    assert report.ok and report.added == len(ids) + 1
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class LiveServer:
    """The app under uvicorn in a background thread, on 127.0.0.1 and a free port."""

    def __init__(self, db: Path, pipeline: Pipeline | None = None,
                 settings: ServeSettings | None = None) -> None:
        app = create_app(db, settings or ServeSettings(refresh_seconds=0.5),
                         pipeline_factory=(lambda: pipeline) if pipeline else None)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                ws="none", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="session")
def api_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Path:
    return build_store(tmp_path_factory.mktemp("api") / "demo.duckdb", pipeline)


@pytest.fixture(scope="session")
def server(api_db: Path, pipeline: Pipeline) -> Iterator[LiveServer]:
    with LiveServer(api_db, pipeline) as live:
        yield live


@pytest.fixture(scope="session")
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as http:
        yield http


def all_events(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    """Every event matching `params`, following the cursor page by page."""
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = client.get("/api/events", params={**params, "cursor": cursor} if cursor else params)
        assert page.status_code == 200, page.text
        body = page.json()
        found += body["events"]
        cursor = body["next_cursor"]
        if cursor is None:
            return found


def assert_error(response: httpx.Response, status: int) -> dict[str, Any]:
    """The one error shape, with the HTTP status repeated inside."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == ERROR_KEYS
    error: dict[str, Any] = body["error"]
    assert error["status"] == status and re.fullmatch(r"ATT\d{3}", error["code"])
    assert error["message"] and "Traceback" not in response.text
    return error


# --------------------------------------------------------------------------- basics


def test_health_openapi_and_docs(client: httpx.Client) -> None:
    assert client.get("/api/health").json()["status"] == "ok"
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events.csv", "/api/events/{article_id}/{event_id}",
                 "/api/actors", "/api/actors/{actor_id}", "/api/dyads", "/api/series",
                 "/api/network", "/api/map", "/api/facts", "/api/relations", "/api/articles",
                 "/api/articles/{article_id}", "/api/extract", "/api/overview"):
        assert path in paths
    docs = client.get("/docs")
    assert docs.status_code == 200 and "GET /api/events" in docs.text
    assert "cdn" not in docs.text.lower()


def test_overview_counts_match_the_store(client: httpx.Client, api_db: Path) -> None:
    body = client.get("/api/overview").json()
    with Store(api_db, read_only=True) as store:
        summary = store.summary()
    assert body["counts"]["articles"] == summary.articles
    assert body["counts"]["events"] == summary.events
    assert body["events_by_type"] == summary.events_by_type
    assert [(d["a"], d["b"], d["events"]) for d in body["top_dyads"]] == summary.top_dyads
    assert len(body["newest"]) == 10


# --------------------------------------------------------------------------- events


def test_cursor_walks_every_event_once_in_order(client: httpx.Client) -> None:
    total = client.get("/api/events").json()["total"]
    for sort in ("date", "-date", "confidence", "-confidence"):
        events = all_events(client, sort=sort, limit=7)
        keys = [(e["article_id"], e["id"]) for e in events]
        assert len(keys) == len(set(keys)) == total
        values = [e["confidence"] if "confidence" in sort else (e["date"] or "") for e in events]
        dated = [v for v in values if v != ""]
        assert dated == sorted(dated, reverse=sort.startswith("-"))
        if "date" in sort:
            assert values[len(dated):] == [""] * (len(values) - len(dated))  # undated last


@pytest.mark.parametrize(("params", "check"), [
    ({"country": "CHN"}, lambda e: "CHN" in (e["source_country"], e["target_country"])),
    ({"dyad": "KAZ-CHN"}, lambda e: {e["source_country"], e["target_country"]} == {"CHN", "KAZ"}),
    ({"type": "consult"}, lambda e: e["plover"] == "CONSULT"),
    ({"quad": "verbal conflict"}, lambda e: e["quad"] == "verbal conflict"),
    ({"cameo": "04"}, lambda e: e["cameo"].startswith("04")),
    ({"since": "2025-03-13"}, lambda e: e["date"] and e["date"][:10] >= "2025-03"),
    ({"until": "2020"}, lambda e: e["date"] and e["date"][:4] <= "2020"),
    ({"q": "ceasefire"}, lambda e: "ceasefire" in e["evidence"]["sentence"].lower()),
    ({"actor": "USA"}, lambda e: "USA" in (e["source"], e["target"])),
])
def test_each_filter_narrows_the_events(client: httpx.Client, params: dict[str, str],
                                        check: Any) -> None:
    everything = client.get("/api/events").json()["total"]
    found = all_events(client, **params, limit=50)
    assert 0 < len(found) < everything
    assert all(check(e) for e in found)


def test_place_filter_matches_name_and_geonameid(client: httpx.Client) -> None:
    located = [e for e in all_events(client, limit=MAX_PAGE) if e["location"]]
    place = located[0]["location"]
    by_name = all_events(client, place=place["name"].upper())
    assert by_name and all(e["location"]["name"] == place["name"] for e in by_name)
    if place["geonameid"]:
        assert len(all_events(client, place=str(place["geonameid"]))) >= 1


def test_dyad_filter_is_undirected_and_case_blind(client: httpx.Client) -> None:
    assert all_events(client, dyad="kaz-chn") == all_events(client, dyad="CHN-KAZ")


def test_csv_download_has_every_matching_event(client: httpx.Client) -> None:
    response = client.get("/api/events.csv", params={"country": "USA"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    lines = response.text.strip().splitlines()
    assert lines[0].startswith("article_id,event_id,date")
    assert len(lines) - 1 == client.get("/api/events", params={"country": "USA"}).json()["total"]


def test_event_page_quotes_its_evidence_from_the_article(client: httpx.Client) -> None:
    event = client.get("/api/events", params={"limit": 1}).json()["events"][0]
    detail = client.get(f"/api/events/{event['article_id']}/{event['id']}").json()
    assert detail["event"] == event
    own = detail["reports"][0]
    assert (own["article_id"], own["event_id"]) == (event["article_id"], event["id"])
    article = client.get(f"/api/articles/{event['article_id']}").json()
    start, end = event["evidence"]["start"], event["evidence"]["end"]
    assert article["text"][start:end] == event["evidence"]["sentence"] == own["evidence"]
    assert article["text"][:start].endswith(own["before"])
    assert article["text"][end:].startswith(own["after"])


def test_article_is_the_stored_record(client: httpx.Client, api_db: Path) -> None:
    listing = client.get("/api/articles", params={"limit": 2}).json()
    assert listing["total"] == len(FIRST_IDS) + 1 and len(listing["items"]) == 2
    article_id = listing["items"][0]["id"]
    with Store(api_db, read_only=True) as store:
        stored = store.article(article_id)
    assert stored is not None
    assert client.get(f"/api/articles/{article_id}").json() == stored.model_dump(mode="json")


# --------------------------------------------------------------------------- aggregates


def test_series_accounts_for_every_event(client: httpx.Client) -> None:
    for interval in ("day", "week", "month", "year"):
        body = client.get("/api/series", params={"interval": interval, "by": "plover"}).json()
        drawn = sum(p["count"] for p in body["points"])
        total = client.get("/api/events").json()["total"]
        assert drawn + body["undated"] + body["imprecise"] == total
        assert {p["key"] for p in body["points"]} <= set(PLOVER_TYPES)
    week = client.get("/api/series", params={"interval": "week", "dyad": "CHN-USA"}).json()
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", p["period"]) for p in week["points"])
    published = client.get("/api/series", params={"basis": "published", "by": "total"}).json()
    assert published["undated"] + sum(p["count"] for p in published["points"]) > 0


def test_dyads_network_and_map_agree_with_events(client: httpx.Client) -> None:
    dyads = client.get("/api/dyads", params={"limit": 3}).json()
    top = dyads[0]
    assert len(all_events(client, dyad=f"{top['a']}-{top['b']}")) >= top["events"]
    network = client.get("/api/network", params={"limit": 300}).json()
    edge = next(e for e in network["edges"] if {e["source"], e["target"]} == {top["a"], top["b"]})
    assert edge["events"] == top["events"]
    assert {n["id"] for n in network["nodes"]} >= {top["a"], top["b"]}
    actors = client.get("/api/network", params={"level": "actor", "limit": 20}).json()
    assert actors["edges"] and all(n["label"] for n in actors["nodes"])
    located = [e for e in all_events(client, limit=MAX_PAGE) if e["location"] and
               e["location"]["lat"] is not None]
    points = client.get("/api/map").json()["points"]
    assert sum(p["events"] for p in points) == len(located)


def test_actor_facts_and_relations(client: httpx.Client) -> None:
    actors = client.get("/api/actors", params={"kind": "country", "limit": 5}).json()
    assert actors["items"] and all(a["kind"] == "country" for a in actors["items"])
    usa = client.get("/api/actors/USA").json()
    assert usa["name"] and sum(usa["as_source"].values()) == len(
        [e for e in all_events(client, actor="USA") if e["source"] == "USA"])
    facts = client.get("/api/facts").json()
    assert facts["total"] >= 1 and all(f["evidence"] for f in facts["items"])
    relations = client.get("/api/relations", params={"country": "MUS"}).json()
    assert relations["items"] and all("MUS" in r["parties"] for r in relations["items"])


# --------------------------------------------------------------------------- extract


def test_extract_returns_the_cli_record(client: httpx.Client, pipeline: Pipeline) -> None:
    text = ("China and Kazakhstan signed an agreement on Monday in Astana. Kazakh President "
            "Kassym-Jomart Tokayev met Chinese Vice Premier Ding Xuexiang.")
    response = client.post("/api/extract", json={"text": text, "published": "2023-11-27",
                                                 "title": "Talks"})
    assert response.status_code == 200, response.text
    body = response.json()
    jsonschema.validate(body, record_json_schema())
    (article,) = body["articles"]
    expected = pipeline.extract(ArticleInput(id=article["id"], text=text, title="Talks",
                                             published="2023-11-27"))
    assert article == expected.model_dump(mode="json")
    assert article["events"]


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), [
    ("get", "/api/events", {"params": {"country": "China"}}, 422),
    ("get", "/api/events", {"params": {"dyad": "CHN"}}, 422),
    ("get", "/api/events", {"params": {"dyad": "CHN-KAZ-TKM"}}, 422),
    ("get", "/api/events", {"params": {"since": "2023-02-30"}}, 422),
    ("get", "/api/events", {"params": {"until": "yesterday"}}, 422),
    ("get", "/api/events", {"params": {"cameo": "5a"}}, 422),
    ("get", "/api/events", {"params": {"type": "HUG"}}, 422),
    ("get", "/api/events", {"params": {"quad": "hugs"}}, 422),
    ("get", "/api/events", {"params": {"sort": "rowid"}}, 422),
    ("get", "/api/events", {"params": {"limit": MAX_PAGE + 1}}, 422),
    ("get", "/api/events", {"params": {"limit": 0}}, 422),
    ("get", "/api/events", {"params": {"cursor": "not-a-cursor"}}, 422),
    ("get", "/api/events", {"params": {"q": "x" * 201}}, 422),
    ("get", "/api/events", {"params": {"file": "/etc/passwd"}}, 422),
    ("get", "/api/series", {"params": {"interval": "hour"}}, 422),
    ("get", "/api/network", {"params": {"level": "galaxy"}}, 422),
    ("get", "/api/articles", {"params": {"offset": -1}}, 422),
    ("get", "/api/facts", {"params": {"kind": "x'; --"}}, 422),
    ("get", "/api/articles/no-such-article", {}, 404),
    ("get", "/api/events/no-such-article/e1", {}, 404),
    ("get", "/api/actors/no-such-actor", {}, 404),
    ("get", "/api/no-such-route", {}, 404),
    ("delete", "/api/events", {}, 405),
    ("post", "/api/extract", {"json": {"text": ""}}, 422),
    ("post", "/api/extract", {"json": {"text": "   \n  "}}, 422),
    ("post", "/api/extract", {"json": {"text": "x", "published": "2023-13-01"}}, 422),
    ("post", "/api/extract", {"json": {"text": "x", "path": "/etc/passwd"}}, 422),
    ("post", "/api/extract", {"content": b"{not json", "headers": {
        "content-type": "application/json"}}, 422),
    ("post", "/api/extract", {"json": {"text": "x" * 1_100_000}}, 413),
])
def test_every_error_has_one_shape(client: httpx.Client, method: str, path: str,
                                   kwargs: dict[str, Any], status: int) -> None:
    assert_error(client.request(method.upper(), path, **kwargs), status)


def test_a_cursor_only_fits_its_own_sort(client: httpx.Client) -> None:
    cursor = client.get("/api/events", params={"limit": 2}).json()["next_cursor"]
    error = assert_error(client.get("/api/events", params={"cursor": cursor, "sort": "date"}),
                         422)
    assert "sort" in error["message"]


def test_chunked_body_over_the_cap_is_refused(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(120):
            yield b"x" * 10_000
        yield b'"}'

    response = client.post("/api/extract", content=chunks(),
                           headers={"content-type": "application/json"})
    assert_error(response, 413)


INJECTIONS = ("' OR '1'='1", "x'; DROP TABLE events; --", '"); DELETE FROM articles; --',
              "%", "_", "\\", "%' UNION SELECT * FROM articles --", "\u0000", "😀' OR 1=1",
              "²", "٠٥", "2023-٠١")


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_strings_are_only_ever_values(client: httpx.Client, api_db: Path,
                                                text: str) -> None:
    with Store(api_db, read_only=True) as store:
        before = store.row_counts()
    params = ("country", "dyad", "actor", "type", "quad", "cameo", "since", "until", "place",
              "q", "sort", "cursor")
    for name in params:
        response = client.get("/api/events", params={name: text})
        assert response.status_code in (200, 422), (name, response.text)
        if response.status_code == 422:
            assert_error(response, 422)
        elif name == "q":
            assert all(text in e["evidence"]["sentence"] for e in response.json()["events"])
        else:
            assert response.json()["total"] == 0, name
    for path in ("/api/actors", "/api/articles"):
        assert client.get(path, params={"q": text}).status_code == 200
    assert client.get(f"/api/articles/{quote(text, safe='')}").status_code in (404, 422)
    with Store(api_db, read_only=True) as store:
        assert store.row_counts() == before


# --------------------------------------------------------------------------- hardening


def test_headers_cors_off_and_no_server_banner(client: httpx.Client) -> None:
    response = client.get("/api/events", params={"limit": 1},
                          headers={"origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    preflight = client.options("/api/events", headers={
        "origin": "https://evil.example", "access-control-request-method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_when_configured(api_db: Path, pipeline: Pipeline) -> None:
    settings = ServeSettings(cors_origins=("https://ok.example",))
    with LiveServer(api_db, pipeline, settings) as live:
        allowed = httpx.get(f"{live.url}/api/health", headers={"origin": "https://ok.example"})
        other = httpx.get(f"{live.url}/api/health", headers={"origin": "https://no.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://ok.example"
    assert "access-control-allow-origin" not in other.headers


def test_pages_escape_what_articles_say(tmp_path: Path, pipeline: Pipeline) -> None:
    hostile = '<script>alert(1)</script></script><img src=x onerror="alert(2)">'
    text = (f"China and Kazakhstan signed an agreement on Monday in Astana. {hostile} "
            "Kazakh President Kassym-Jomart Tokayev met Chinese Vice Premier Ding Xuexiang.")
    with Store(tmp_path / "x.duckdb") as store:
        store.add_article(pipeline.extract(ArticleInput(id="hostile", text=text,
                                                        title=hostile, published="2024-01-02")))
    with LiveServer(tmp_path / "x.duckdb") as live:
        pages = [httpx.get(live.url + path).text for path in
                 ("/articles/hostile", "/events", "/articles", "/", "/relations")]
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)" in pages[0]


def test_reader_segments_cover_the_text_once() -> None:
    text = "China met Kazakhstan in Astana on Monday."
    marks = [Mark(0, 5, "actor", "CHN"), Mark(0, 41, "evidence", "e1", anchor="e1"),
             Mark(24, 30, "place", "Astana"), Mark(34, 40, "timex", "Monday")]
    cut = segments(text, marks)
    assert "".join(s.text for s in cut) == text
    assert [a for s in cut for a in s.anchors] == ["e1"]
    assert cut[0].classes == "m-actor m-evidence" and cut[0].text == "China"
    assert script_json(ErrorInfo(status=1, code="</script><b>", message="&")).count("<") == 0


def test_the_served_database_is_never_locked(client: httpx.Client, api_db: Path) -> None:
    """While the server answers, a writer can still open the file (and then it can't)."""
    assert client.get("/api/overview").status_code == 200
    writer = duckdb.connect(str(api_db))
    try:
        assert client.get("/api/events", params={"limit": 3}).status_code == 200
    finally:
        writer.close()


def test_snapshots_pick_up_writes_and_keep_old_readers(tmp_path: Path, api_db: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(api_db, db)
    snapshots = Snapshots(db, tmp_path / "snaps", refresh_seconds=60)
    try:
        with snapshots.reader() as (old, con):
            before = con.execute("SELECT count(*) FROM articles").fetchone()
            writer = duckdb.connect(str(db))  # holds the lock, like `attache ingest`
            writer.execute("INSERT INTO ingest_errors (origin, code, reason) "
                           "VALUES ('x', 'ATT101', 'test')")
            assert snapshots.refresh()  # reads the file and its log despite the lock
            assert con.execute("SELECT count(*) FROM articles").fetchone() == before
            writer.close()
        with snapshots.reader() as (new, con):
            assert new.generation > old.generation and not old.path.exists()
            assert con.execute("SELECT count(*) FROM ingest_errors").fetchone() == (1,)
        assert snapshots.refresh()  # the writer's close checkpointed: the file changed
        assert not snapshots.refresh()  # nothing changed since
    finally:
        snapshots.close()


def test_a_log_copied_mid_append_still_opens(tmp_path: Path) -> None:
    """The snapshot's premise: a write-ahead log cut at any byte replays its whole commits."""
    db = tmp_path / "w.duckdb"
    writer = duckdb.connect(str(db))
    writer.execute("CREATE TABLE t (i INTEGER, s VARCHAR)")
    for _ in range(20):
        writer.execute("INSERT INTO t SELECT range, 'x' FROM range(100)")
    wal = (tmp_path / "w.duckdb.wal").read_bytes()
    seen = []
    for cut in [*range(0, len(wal), max(1, len(wal) // 40)), len(wal)]:
        copy = tmp_path / f"c{cut}.duckdb"
        shutil.copyfile(db, copy)
        (tmp_path / f"c{cut}.duckdb.wal").write_bytes(wal[:cut])
        with duckdb.connect(str(copy), read_only=True) as con:
            exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 't'")
            row = exists.fetchone()
            count = con.execute("SELECT count(*) FROM t").fetchone() if row and row[0] else (0,)
        seen.append(count[0] if count else 0)
    writer.close()
    assert seen == sorted(seen) and seen[-1] == 2000
    assert all(n % 100 == 0 for n in seen)  # whole commits only


# --------------------------------------------------------------------------- two processes


def _get_ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=30).status_code == 200
    except httpx.HTTPError:
        return False


def _start_serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "attache.cli_serve", "--db", str(db), "--port", str(port),
         "--refresh", "0.5"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_until(check: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
def test_serve_keeps_answering_while_ingest_writes(tmp_path: Path, api_db: Path) -> None:
    """`attache serve` and `attache ingest` as two processes on one database file."""
    db = tmp_path / "shared.duckdb"
    shutil.copyfile(api_db, db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = _start_serve(db, port)
    try:
        assert _wait_until(lambda: _get_ok(f"{base}/api/health"), 60), "serve did not start"
        articles_before = httpx.get(f"{base}/api/overview").json()["counts"]["articles"]
        inputs = example_files(tmp_path / "more", LATER_IDS, with_txt=False)
        log = tmp_path / "ingest.log"
        with log.open("wb") as sink:
            ingest_run = subprocess.Popen(
                [sys.executable, "-m", "attache.cli", "ingest", *map(str, inputs), "--db",
                 str(db)], stdout=sink, stderr=subprocess.STDOUT)
            answered = failed = 0
            while ingest_run.poll() is None:
                for path in ("/api/overview", "/api/events?limit=5", "/api/health"):
                    ok = _get_ok(base + path)
                    answered, failed = answered + ok, failed + (not ok)
                time.sleep(0.05)
        assert ingest_run.returncode == 0, log.read_text()
        assert answered > 10 and failed == 0
        expected = articles_before + len(LATER_IDS)
        assert _wait_until(lambda: httpx.get(f"{base}/api/overview").json()["counts"][
            "articles"] == expected, 30), "new articles never showed"
    finally:
        serve.terminate()
        serve.wait(timeout=30)


@pytest.mark.slow
def test_bounded_load_short(api_db: Path, tmp_path: Path) -> None:
    """bench/load_api.py in its short mode: zero errors (figures: docs/reliability.md)."""
    db = tmp_path / "load.duckdb"
    shutil.copyfile(api_db, db)
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "load_api.py"), "--db", str(db),
                          "--short", "--json"], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["errors"] == 0 and report["requests"] == report["ok"] > 0

"""The dashboard in a real browser: Debian's Chromium driven by Playwright, against the app on
127.0.0.1 over a store built from bundled example articles.

Skipped, with the reason, when /usr/bin/chromium is absent (`apt-get install -y chromium`).

Also a script: `python tests/test_web.py --db attache.duckdb --out docs/screenshots` serves a
database and saves screenshots of the main pages.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_api import LiveServer, build_store

from attache.pipeline import Pipeline

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = ("/", "/events", "/events?country=CHN&sort=date", "/timeline", "/timeline?dyad=CHN-TKM",
         "/map", "/network", "/network?level=actor", "/relations", "/articles", "/actors",
         "/actors/CHN", "/docs", "/articles/china-kazakhstan-turkmenistan",
         "/events/china-kazakhstan-turkmenistan/e1")
SHOTS = {"overview": "/", "events": "/events?country=CHN", "timeline": "/timeline?interval=month",
         "map": "/map", "network": "/network", "event": "/events/china-kazakhstan-turkmenistan/e1",
         "article": "/articles/china-kazakhstan-turkmenistan", "relations": "/relations",
         "actor": "/actors/person:donald-trump"}

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium) "
                "to run the browser tests", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Iterator[str]:
    db = build_store(tmp_path_factory.mktemp("web") / "demo.duckdb", pipeline)
    with LiveServer(db, pipeline) as live:
        yield live.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


class Watched:
    """A page that records console errors, page errors, failed and foreign requests."""

    def __init__(self, browser: Any, site: str) -> None:
        self.site = site
        self.context = browser.new_context(viewport={"width": 1366, "height": 900})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        self.page.on("request", self._local_only)
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(
            f"{r.status}: {r.url}"))

    def _local_only(self, request: Any) -> None:
        if not (request.url.startswith(self.site) or request.url.startswith("data:")):
            self.problems.append(f"request to another host: {request.url}")

    def open(self, path: str) -> Any:
        self.page.goto(self.site + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Any, site: str) -> Iterator[Watched]:
    page = Watched(browser, site)
    yield page
    page.close()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_clean(watched: Watched, path: str) -> None:
    page = watched.open(path)
    assert page.locator("h1").count() == 1
    assert watched.problems == []


def test_filters_live_in_the_url_and_change_results(watched: Watched) -> None:
    page = watched.open("/events")
    everything = page.locator("table.nav-table tbody tr").count()
    page.fill("input[name=country]", "chn")
    page.select_option("select[name=type]", "AGREE")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert re.search(r"country=chn", page.url) and "type=AGREE" in page.url
    rows = page.locator("table.nav-table tbody tr")
    assert 0 < rows.count() < everything
    for text in rows.locator("td:nth-child(2)").all_inner_texts():
        assert text.strip().startswith("AGREE")
    page.go_back()
    page.wait_for_load_state("networkidle")
    assert page.locator("table.nav-table tbody tr").count() == everything
    assert watched.problems == []


def test_next_page_follows_the_cursor(watched: Watched) -> None:
    page = watched.open("/events?limit=25")
    first = page.locator("td.evidence a").first.get_attribute("href")
    page.click("a[rel=next]")
    page.wait_for_load_state("networkidle")
    assert "cursor=" in page.url and page.locator("td.evidence a").first.get_attribute(
        "href") != first


def test_clicking_an_event_opens_its_evidence(watched: Watched) -> None:
    page = watched.open("/events?country=KAZ")
    link = page.locator("td.evidence a").first
    snippet = link.inner_text().rstrip(".…").strip()
    link.click()
    page.wait_for_load_state("networkidle")
    assert re.search(r"/events/[^/]+/e\d+$", page.url)
    evidence = page.locator("mark.evidence").first.inner_text()
    assert evidence.startswith(snippet[:60])
    page.locator(".report h3 a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#reader .m-evidence").count() > 0
    assert watched.problems == []


def test_keyboard_moves_through_the_table(watched: Watched) -> None:
    page = watched.open("/events")
    links = page.locator("table.nav-table tbody tr a.row-link")
    links.nth(0).focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == links.nth(2).get_attribute("href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(focused)


@pytest.mark.parametrize(("path", "selector", "least"), [
    ("/", "#coop-chart rect.bar", 1),
    ("/timeline?interval=month&by=plover", "#timeline-chart rect.bar", 1),
    ("/timeline?dyad=IND-MUS&basis=published&interval=day", "#timeline-chart rect.bar", 1),
    ("/map", "#map path.land", 150),
    ("/map", "#map circle.cluster", 3),
    ("/network", "#network line.edge", 5),
    ("/network", "#network .node circle", 5),
    ("/relations", "#relations-chart circle", 2),
])
def test_charts_map_and_network_draw(watched: Watched, path: str, selector: str,
                                     least: int) -> None:
    page = watched.open(path)
    page.wait_for_selector(selector)
    assert page.locator(selector).count() >= least
    box = page.locator(selector.split(" ")[0] + " svg").first.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 50
    assert watched.problems == []


def test_map_zooms_and_lists_places(watched: Watched) -> None:
    page = watched.open("/map")
    view = page.locator("#map svg").get_attribute("viewBox")
    page.click("#zoom-in")
    assert page.locator("#map svg").get_attribute("viewBox") != view
    page.locator("#map circle.cluster").first.focus()
    page.keyboard.press("Enter")
    assert page.locator("#map-detail li a").count() >= 1
    page.locator("#map-detail li a").first.click()
    page.wait_for_load_state("networkidle")
    assert "place=" in page.url and page.locator("table.nav-table tbody tr").count() >= 1


def test_reader_marks_can_be_hidden(watched: Watched) -> None:
    page = watched.open("/articles/china-kazakhstan-turkmenistan")
    for kind in ("actor", "timex", "place", "evidence"):
        assert page.locator(f"#reader .m-{kind}").count() > 0
    page.uncheck("#legend input[data-mark=actor]")
    assert "hide-actor" in (page.locator("#reader").get_attribute("class") or "")
    assert page.locator("#reader #e1").count() == 1


def test_error_pages_are_pages(watched: Watched) -> None:
    page = watched.open("/events?country=China")
    assert "ATT200" in page.locator("h1").inner_text()
    watched.problems.clear()  # the 422 itself is the point here


def screenshots(db: Path, out: Path) -> None:
    """Save a PNG of each main page of the dashboard over `db` into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with LiveServer(db) as live, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        for name, path in SHOTS.items():
            page.goto(live.url + path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / f"{name}.png"))
        browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Screenshots of the dashboard")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    options = parser.parse_args()
    screenshots(options.db, options.out)

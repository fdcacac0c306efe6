"""Analyst series over canonical events: dyad counts, quad classes, Goldstein scores."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from attache.aggregates import (
    QUADS,
    coverage,
    dyad_counts,
    events_frame,
    goldstein_series,
    quad_series,
)
from attache.cli_data import register
from attache.dedup import canonical_events, refresh
from attache.dedup_model import CanonicalEvent
from attache.schema import Article, Event, Evidence
from attache.store import Store

QUAD = {"CONSULT": "verbal cooperation", "AID": "material cooperation",
        "ACCUSE": "verbal conflict", "ASSAULT": "material conflict"}


def canonical(n: int, plover: str, source: str | None, target: str | None, when: str | None,
              seen: str = "2025-03-12", goldstein: float = 1.0, mentions: int = 1
              ) -> CanonicalEvent:
    return CanonicalEvent(
        event_id=f"a{n}/e1", block="x", plover=plover, mode=None, cameo="040",
        quad=QUAD[plover], goldstein=goldstein, source=source, target=target,
        source_country=source, target_country=target, date=when,
        date_status="explicit" if when else "unknown", location=None,
        evidence=Evidence(sentence="s", start=0, end=1), root_article_id=f"a{n}",
        root_mention_id="e1", num_mentions=mentions, num_articles=mentions, num_sources=1,
        first_seen=seen, last_seen=seen, confidence=0.6)


@pytest.fixture
def frame() -> pl.DataFrame:
    return events_frame([
        canonical(1, "CONSULT", "CHN", "USA", "2025-03-10", mentions=3),
        canonical(2, "CONSULT", "USA", "CHN", "2025-03-11", goldstein=3.0),
        canonical(3, "ASSAULT", "RUS", "UKR", "2025-03-17", goldstein=-10.0),
        canonical(4, "ACCUSE", "RUS", "UKR", "2025-03", goldstein=-2.0),
        canonical(5, "AID", "USA", "UKR", "2025", goldstein=7.0),
        canonical(6, "ACCUSE", "CHN", None, None, seen="2025-04-02", goldstein=-2.0),
    ])


def test_day_series_place_only_day_dated_events(frame: pl.DataFrame) -> None:
    assert coverage(frame, "day") == {"events": 6, "placed": 3, "left_out": 3}
    assert coverage(frame, "month") == {"events": 6, "placed": 4, "left_out": 2}
    assert coverage(frame, "day", "seen") == {"events": 6, "placed": 6, "left_out": 0}


def test_dyad_counts_undirected_by_default(frame: pl.DataFrame) -> None:
    weekly = dyad_counts(frame, "week")
    assert weekly.rows() == [(date(2025, 3, 10), "CHN-USA", 2, 4),
                             (date(2025, 3, 17), "RUS-UKR", 1, 1)]
    directed = dyad_counts(frame, "month", directed=True)
    assert directed.rows() == [(date(2025, 3, 1), "CHN-USA", 1, 3),
                               (date(2025, 3, 1), "RUS-UKR", 2, 2),
                               (date(2025, 3, 1), "USA-CHN", 1, 1)]


def test_quad_series_has_every_class_and_fills_zeros(frame: pl.DataFrame) -> None:
    monthly = quad_series(frame, "month")
    assert monthly.columns == ["period", *QUADS]
    assert monthly.rows() == [(date(2025, 3, 1), 2, 0, 1, 1)]
    seen = quad_series(frame, "month", axis="seen")
    assert seen.rows() == [(date(2025, 3, 1), 2, 1, 1, 1), (date(2025, 4, 1), 0, 0, 1, 0)]


def test_goldstein_series(frame: pl.DataFrame) -> None:
    daily = goldstein_series(frame, "day")
    assert daily.select("period", "events", "goldstein_total").rows() == [
        (date(2025, 3, 10), 1, 1.0), (date(2025, 3, 11), 1, 3.0), (date(2025, 3, 17), 1, -10.0)]
    monthly = goldstein_series(frame, "month")
    assert monthly["goldstein_mean"].to_list() == [pytest.approx((1 + 3 - 10 - 2) / 4)]


def test_empty_store_gives_empty_series() -> None:
    empty = events_frame([])
    assert dyad_counts(empty).height == quad_series(empty).height == 0
    assert goldstein_series(empty).height == 0


def _article(n: int, published: str, sentence: str, source: str, target: str,
             when: str | None) -> Article:
    event = Event(id="e1", plover="CONSULT", cameo="040", quad="verbal cooperation",
                  goldstein=1.0, source=source, target=target, source_country=source,
                  target_country=target, date=when, date_status="explicit" if when else "unknown",
                  evidence=Evidence(sentence=sentence, start=0, end=len(sentence)),
                  confidence=0.8)
    return Article(id=f"story-{n}", title=f"Story {n}", published=published,
                   url=f"https://news.example/{n}", text=sentence, events=[event],
                   content_hash=f"hash-{n}")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Three reports of one Geneva meeting, in two stories, and an unrelated one."""
    path = tmp_path / "small.duckdb"
    talks = "Chinese and American envoys held trade talks in Geneva on tariffs and chips."
    with Store(path) as store:
        store.add_articles([
            _article(1, "2025-03-11", talks, "CHN", "USA", "2025-03-10"),
            _article(2, "2025-03-12", "US and Chinese envoys met in Geneva for trade talks on "
                     "chips and tariffs.", "USA", "CHN", None),
            _article(3, "2025-03-20", "Kazakh and Chinese ministers discussed wheat exports.",
                     "KAZ", "CHN", "2025-03-19"),
        ])
    return path


def test_reports_of_one_meeting_count_once(db: Path) -> None:
    with Store(db) as store:
        refresh(store)
        events = canonical_events(store)
    assert sorted((e.num_mentions, e.num_articles) for e in events) == [(1, 1), (2, 2)]
    counts = dyad_counts(events_frame(events), "month")
    assert counts.rows() == [(date(2025, 3, 1), "CHN-KAZ", 1, 1),
                             (date(2025, 3, 1), "CHN-USA", 1, 2)]


def test_series_and_event_commands(db: Path, tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    result = runner.invoke(app, ["series", "--db", str(db), "--kind", "dyads", "--format",
                                 "csv", "--dyad", "USA-CHN"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["period,dyad,events,mentions",
                                          "2025-03-01,CHN-USA,1,2"]
    out = tmp_path / "quad.csv"
    assert runner.invoke(app, ["series", "--db", str(db), "--kind", "quad", "--axis", "seen",
                               "--out", str(out), "--format", "csv"]).exit_code == 0
    assert pl.read_csv(out)["verbal cooperation"].to_list() == [2]
    why = runner.invoke(app, ["event", "story-1/e1", "--db", str(db), "--why"])
    assert why.exit_code == 0, why.output
    assert "story-2/e1" in why.output and "evidence" in why.output
    missing = runner.invoke(app, ["event", "nope/e9", "--db", str(db)])
    assert missing.exit_code == 2 and "ATT200" in missing.output


def test_dedup_command_stores_new_settings(db: Path) -> None:
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["dedup", "--db", str(db), "--min-similarity", "0.9",
                                      "--undated-window", "-1"])
    assert result.exit_code == 0, result.output
    assert "rebuilt" in result.output and '"undated_window_days": null' in result.output
    with Store(db) as store:
        assert all(e.num_mentions == 1 for e in canonical_events(store))

"""`attache eval` on the temporal (TempEval-3, MEANTIME) and geoparsing (Gritta et al.) gold.

Scoring is unit-tested on hand-built documents; the loaders and a small `--limit` run of each
dataset need the corpora (`corpora_dir` skips with the reason when they are absent). The full
numbers are in docs/temporal_geo.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from attache.evaluation import geo, temporal
from attache.evaluation.runner import OTHER_SETS, evaluate
from attache.evaluation.temporal import GoldTimex, _Tally, score_document
from attache.pipeline import Pipeline
from attache.schema import Place, Timex

TEXT = "They met on Friday and will meet again in five years' time."


def _timex(text: str, value: str | None, start: int | None = None) -> Timex:
    first = TEXT.index(text) if start is None else start
    return Timex(text=text, value=value, granularity=None, start=first, end=first + len(text))


def _gold(text: str, value: str) -> GoldTimex:
    start = TEXT.index(text)
    return GoldTimex(start, start + len(text), value, "DATE")


# --- scoring ---------------------------------------------------------------------------------


def test_strict_relaxed_and_value_follow_tempeval3() -> None:
    gold = [_gold("Friday", "2013-03-22"), _gold("five years'", "P5Y")]
    system = [_timex("on Friday", "2013-03-22"), _timex("five years", "P4Y"),
              _timex("time", None)]  # fmt: skip
    tally = _Tally()
    misses = score_document(TEXT, gold, system, tally)
    assert (tally.gold, tally.system, tally.relaxed, tally.value) == (2, 3, 2, 1)
    assert tally.strict == 1  # "five years" covers the words of "five years'"; "on Friday" not
    assert {m["expected"] for m in misses} == {"P5Y", None}
    metrics = temporal._metrics(tally)
    assert metrics["timex_value"].f1 == round(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2), 4)


def test_each_gold_timex_matches_once() -> None:
    tally = _Tally()
    score_document(TEXT, [_gold("Friday", "X")], [_timex("Friday", "X"),
                                                  _timex("Friday", "X")], tally)  # fmt: skip
    assert (tally.relaxed, tally.system) == (1, 2)


def test_distance_and_error() -> None:
    assert geo.distance_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.2, abs=0.1)
    gold = geo.GoldToponym(0, 5, 48.8566, 2.3522)
    paris = Place(text="Paris", name="Paris", country="FRA", lat=48.85, lon=2.35, geonameid=1,
                  start=0, end=5)  # fmt: skip
    assert geo.error_km(gold, paris) < 1.0
    assert geo.error_km(gold, None) == geo.UNRESOLVED_KM


def test_shifted_offsets_are_realigned() -> None:
    assert geo._aligned("In Paris today", "4", "Paris") == (3, 8)
    assert geo._aligned("In Paris today", "3", "Paris") == (3, 8)


def test_the_datasets_are_registered() -> None:
    names = {"tempeval3", "meantime", "dct_inference", "lgl", "trnews", "gwn", "geovirus"}
    assert names <= set(OTHER_SETS)


# --- loaders (corpora) -----------------------------------------------------------------------


def test_tempeval3_loader(corpora_dir: Path) -> None:
    docs = temporal.load_tempeval3(corpora_dir)
    assert len(docs) == 20
    assert sum(len(d.gold) for d in docs) == 138  # 158 TIMEX3 less the 20 DCTs
    assert all(d.dct is not None and dt.date(2013, 3, 18) <= d.dct <= dt.date(2013, 3, 22)
               for d in docs)  # fmt: skip
    ap = next(d for d in docs if d.id == "AP_20130322")
    assert [(ap.text[g.start : g.end], g.value) for g in ap.gold][:2] == [
        ("a month", "P1M"), ("a decade", "P10Y")]


def test_meantime_loader(corpora_dir: Path) -> None:
    docs = temporal.load_meantime(corpora_dir)
    assert len(docs) == 120
    assert sum(d.dct is not None for d in docs) == 118
    chrysler = next(d for d in docs if d.id == "126311")
    assert chrysler.text.startswith("U.S. automaker Chrysler wants to eliminate 789 dealerships")
    assert chrysler.dateline is not None
    assert chrysler.text[slice(*chrysler.dateline)] == "May 14, 2009"
    assert all(g.start < d.region_end for d in docs for g in d.gold)
    day_first = next(d for d in docs if d.id == "120578")
    assert day_first.dct == dt.date(2009, 2, 3)  # its DCT value is written "03-02-2009"


@pytest.mark.parametrize(
    ("loader", "articles", "located"),
    [(geo.load_lgl, 588, 4462), (geo.load_trnews, 118, 1275), (geo.load_gwn, 200, 2401),
     (geo.load_geovirus, 229, 2170)],
)  # fmt: skip
def test_geo_loaders(corpora_dir: Path, loader: object, articles: int, located: int) -> None:
    docs = loader(corpora_dir)  # type: ignore[operator]
    assert len(docs) == articles
    assert sum(len(d.located) for d in docs) == located
    spans = [d.text[g.start : g.end] for d in docs for g in d.located]
    assert sum(s[:1].isupper() for s in spans) / len(spans) > 0.97  # offsets land on names


# --- small end-to-end runs (corpora) ---------------------------------------------------------


@pytest.mark.corpora
@pytest.mark.parametrize(("name", "floor"), [("tempeval3", 0.7), ("meantime", 0.7)])
def test_timex_value_on_a_subset(
    pipeline: Pipeline, corpora_dir: Path, name: str, floor: float
) -> None:
    result = evaluate(name, pipeline, corpora_dir, limit=8)
    assert set(result.metrics) == {"timex_value", "timex_relaxed", "timex_strict"}
    value = result.metrics["timex_value"].f1
    assert value is not None and value >= floor


@pytest.mark.corpora
def test_dct_inference_on_a_subset(pipeline: Pipeline, corpora_dir: Path) -> None:
    result = evaluate("dct_inference", pipeline, corpora_dir, limit=10, split="dev")
    assert {"year", "month", "day", "year_body_only"} <= set(result.metrics)
    assert result.n == 10


@pytest.mark.corpora
@pytest.mark.parametrize(("name", "floor"), [("lgl", 0.6), ("trnews", 0.75), ("gwn", 0.75)])
def test_geocoding_on_a_subset(
    pipeline: Pipeline, corpora_dir: Path, name: str, floor: float
) -> None:
    result = evaluate(name, pipeline, corpora_dir, limit=15)
    assert set(result.metrics) == {"acc161", "mean_km", "toponyms"}
    acc = result.metrics["acc161"].accuracy
    assert acc is not None and acc >= floor

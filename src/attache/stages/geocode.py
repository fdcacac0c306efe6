"""Geocoding by document context: one gazetteer reading for every toponym of an article.

Needs: `Query` records (the name, and what the phrasing says about it), a `Gazetteer`, the ISO3
codes of the countries the article mentions. Gives: one `GeoCandidate` (or None) per query.

1. Candidates come from the gazetteer by name and alternate name. A demonym ("Russian",
   "Palestinians") stands for its country, or for a region ("European"), unless the name is
   also a real place of some size ("Paris" is no demonym, "Canadian, Texas" is too small).
   "X, Y" pairs keep only the readings of X inside a reading of Y ("Athens, Georgia").
2. A first pass ranks each name's candidates by population, the kind of place, the phrasing
   (`hint`: "the Chinese city of ...", `feature`: "... Province") and the countries named.
3. Two more passes add the document's own geography, as resolved so far: the countries and
   first-level subdivisions of the other toponyms and their points, so "Paris" near Lamar
   County is Paris, Texas. A toponym never counts as its own context (every mention of the
   same name is left out), and a country's name only loses to a namesake when that namesake
   sits in the article's geography ("Georgia" among Atlanta and Savannah is the state).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from attache.kb.gazetteer import Gazetteer, GeoCandidate, normalize_name

__all__ = ["Query", "resolve_queries"]

Demonym = Callable[[str], str | None]
"""Maps a demonym or adjective ("Chinese") to an ISO3 code ("CHN"), None if unknown."""

PASSES = 3
NEAR_KM = 120.0
REGIONAL_KM = 400.0
DEMONYM_MAX_POPULATION = 100_000
# Demonyms of regions and subdivisions: the gazetteer name they stand for.
REGION_DEMONYMS = MappingProxyType(
    {
        "european": "Europe", "europeans": "Europe", "african": "Africa", "africans": "Africa",
        "asian": "Asia", "asians": "Asia", "latin american": "Latin America",
        "central american": "Central America",
        "south american": "South America", "north american": "North America",
        "middle eastern": "Middle East", "south ossetian": "South Ossetia",
        "abkhaz": "Abkhazia", "abkhazian": "Abkhazia",
        "basque": "Basque Country", "english": "England", "scottish": "Scotland",
        "welsh": "Wales", "texan": "Texas", "californian": "California", "sinhalese": "Sri Lanka",
        "tamil": "Tamil Nadu", "catalan": "Catalonia", "kashmiri": "Kashmir",
        "caribbean": "Caribbean", "balkan": "Balkans", "scandinavian": "Scandinavia",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Weights:
    """How much each piece of evidence adds to a candidate's score (log10 population is 1/unit)."""

    exact: float = 1.5  # the candidate's own name, not an alternate one
    capital: float = 1.0
    country: float = 8.0  # a country's name usually means the country
    admin1: float = -1.0  # a namesake city beats its province
    region: float = 3.0
    prefer: float = 5.0  # the phrasing names the kind ("city of", "Province")
    hint: float = 30.0  # the phrasing names the country
    country_named: float = 1.0  # the candidate's country is in the article
    country_share: float = 3.0  # ... times its share of the article's places and countries
    admin1_named: float = 2.5  # the candidate's first-level subdivision is in the article
    near: float = 3.0  # within NEAR_KM of another resolved place
    regional: float = 1.5  # within REGIONAL_KM


@dataclass(frozen=True)
class Query:
    name: str
    hint: str | None = None  # ISO3 code the phrasing points to
    feature: str | None = None  # the kind of place the phrasing points to
    container: int | None = None  # index of the query that contains this one ("X, Y")


@dataclass
class _Profile:
    """The article's geography: countries, subdivisions and points of its resolved places."""

    countries: Counter[str] = field(default_factory=Counter)
    admin1s: Counter[tuple[str, str]] = field(default_factory=Counter)
    points: list[tuple[float, float]] = field(default_factory=list)

    def share(self, country: str) -> float:
        total = sum(self.countries.values())
        return self.countries[country] / total if total else 0.0


def resolve_queries(
    queries: Sequence[Query],
    gazetteer: Gazetteer,
    context_countries: Sequence[str] = (),
    demonym: Demonym | None = None,
    weights: Weights | None = None,
) -> list[GeoCandidate | None]:
    """The best reading of every query, in order (None when the gazetteer has none)."""
    w = weights or Weights()
    keys = [normalize_name(q.name) for q in queries]
    options = _contained(queries, [_options(q, gazetteer, demonym) for q in queries])
    picks: list[GeoCandidate | None] = [None] * len(queries)
    for n in range(PASSES):
        profiles = [_profile(keys, picks if n else [], key, context_countries) for key in keys]
        picks = [
            _best(opts, q, key, prof, w) for opts, q, key, prof in zip(options, queries, keys,
                                                                        profiles, strict=True)
        ]  # fmt: skip
    return picks


def _options(query: Query, gazetteer: Gazetteer, demonym: Demonym | None) -> list[GeoCandidate]:
    found = gazetteer.candidates(query.name)
    if any(c.feature in ("country", "admin1", "region") for c in found):
        return found
    if any(c.population >= DEMONYM_MAX_POPULATION for c in found):
        return found
    stands_for = _demonym_place(query.name, gazetteer, demonym)
    return [stands_for] if stands_for is not None else found


def _demonym_place(
    name: str, gazetteer: Gazetteer, demonym: Demonym | None
) -> GeoCandidate | None:
    key = normalize_name(name)
    if key in REGION_DEMONYMS:
        found = gazetteer.candidates(REGION_DEMONYMS[key])
        return max(found, key=lambda c: (c.feature != "city", c.population), default=None)
    code = demonym(name) if demonym is not None else None
    return gazetteer.country(code) if code else None


def _contained(
    queries: Sequence[Query], options: list[list[GeoCandidate]]
) -> list[list[GeoCandidate]]:
    """Keep, for "X, Y", the readings of X inside a reading of Y and of Y holding one of X."""
    out = list(options)
    for i, query in enumerate(queries):
        j = query.container
        if j is None:
            continue
        outer = [o for o in options[j] if o.feature in ("country", "admin1")]
        inner = [c for c in options[i] if any(_within(c, o) for o in outer)]
        if inner:
            out[i] = inner
            out[j] = [o for o in outer if any(_within(c, o) for c in inner)]
    return out


def _within(cand: GeoCandidate, container: GeoCandidate) -> bool:
    if cand.feature == "country" or cand.country != container.country:
        return False
    return container.feature == "country" or (
        cand.feature != "admin1" and cand.admin1 == container.admin1
    )


def _profile(
    keys: Sequence[str],
    picks: Sequence[GeoCandidate | None],
    own: str,
    context_countries: Sequence[str],
) -> _Profile:
    """The geography of every other toponym (all mentions of `own` left out)."""
    profile = _Profile(Counter(context_countries))
    for key, pick in zip(keys, picks, strict=False):
        if pick is None:
            continue
        if key == own:
            if pick.feature == "country" and profile.countries[pick.country] > 0:
                profile.countries[pick.country] -= 1  # the actors stage counted this mention
            continue
        if pick.country:
            profile.countries[pick.country] += 1
        if pick.admin1 and pick.feature in ("city", "admin1", "admin2"):
            profile.admin1s[(pick.country, pick.admin1)] += 1
        if pick.feature in ("city", "admin2"):
            profile.points.append((pick.lat, pick.lon))
    return profile


def _best(
    options: Sequence[GeoCandidate], query: Query, key: str, profile: _Profile, w: Weights
) -> GeoCandidate | None:
    if not options:
        return None
    local = [c for c in options if c.feature != "country" and _is_local(c, profile)]
    country_prior = not (local and not any(profile.countries[c.country] for c in options
                                           if c.feature == "country"))  # fmt: skip
    return max(options, key=lambda c: _score(c, query, key, profile, w, country_prior))


def _is_local(cand: GeoCandidate, profile: _Profile) -> bool:
    """In a subdivision the article names, or near one of its places, or a subdivision of one of
    its countries ("Georgia" the state, in an article about Atlanta)."""
    if cand.feature == "admin1":
        return profile.countries[cand.country] > 0
    return profile.admin1s[(cand.country, cand.admin1)] > 0 or _nearest_km(cand, profile) < NEAR_KM


def _score(
    cand: GeoCandidate, query: Query, key: str, profile: _Profile, w: Weights, country_prior: bool
) -> float:
    score = math.log10(cand.population + 1)
    score += w.exact if normalize_name(cand.name) == key else 0.0
    score += w.capital if cand.capital else 0.0
    score += _kind(cand, w, country_prior)
    score += w.prefer if query.feature and cand.feature == query.feature else 0.0
    score += w.hint if query.hint and cand.country == query.hint else 0.0
    if cand.country and profile.countries[cand.country]:
        score += w.country_named + w.country_share * profile.share(cand.country)
    if cand.feature != "country" and profile.admin1s[(cand.country, cand.admin1)]:
        score += w.admin1_named
    if cand.feature in ("city", "admin2"):
        km = _nearest_km(cand, profile)
        score += w.near if km < NEAR_KM else w.regional if km < REGIONAL_KM else 0.0
    elif cand.feature == "admin1" and profile.admin1s[(cand.country, cand.admin1)]:
        score += w.near  # it holds other places of the article
    return score


def _kind(cand: GeoCandidate, w: Weights, country_prior: bool) -> float:
    if cand.feature == "country":
        return w.country if country_prior else 0.0
    return {"admin1": w.admin1, "region": w.region}.get(cand.feature, 0.0)


def _nearest_km(cand: GeoCandidate, profile: _Profile) -> float:
    return min((_km(cand.lat, cand.lon, lat, lon) for lat, lon in profile.points), default=1e9)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: exact enough below a few hundred km, and cheap."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))

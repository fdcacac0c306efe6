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

__all__ = ["Query", "focus", "resolve_queries"]

Demonym = Callable[[str], str | None]
"""Maps a demonym or adjective ("Chinese") to an ISO3 code ("CHN"), None if unknown."""

PASSES = 2  # after the first guess by prior
MAX_OPTIONS = 40  # candidates per name kept (by prior) for ranking in context
SHORTLIST = 8  # the likeliest readings of a name, for coherence with the others
MAX_COHERING = 2
STRONG = 2  # places of the article in a town's subdivision that make it clearly local
NEAR_KM = 120.0
REGIONAL_KM = 400.0
DEMONYM_MAX_POPULATION = 100_000
INNER_MIN_POPULATION = 5_000
GENERIC_WORDS = frozenset(
    {
        "north", "south", "east", "west", "northern", "southern", "eastern", "western",
        "central", "upper", "lower", "greater", "new", "old", "saint", "st", "port",
        "university", "college", "center", "centre", "hospital", "church", "airport",
        "international", "national", "state", "county", "city", "area", "district", "park",
        "river", "valley", "lake", "mount", "island", "street", "road", "square", "hall",
        "museum", "stadium", "station",
    }
)  # fmt: skip
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
        "tamil": "Tamil Nadu", "korean": "Korean Peninsula", "catalan": "Catalonia",
        "kashmiri": "Kashmir",
        "caribbean": "Caribbean", "balkan": "Balkans", "scandinavian": "Scandinavia",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Weights:
    """How much each piece of evidence adds to a candidate's score (log10 population is 1/unit)."""

    exact: float = 1.5  # the candidate's own name, not an alternate one
    capital: float = 2.5
    country: float = 8.0  # a country's name usually means the country
    admin1: float = 1.0  # a first-level subdivision's name usually means it ("California")...
    namesake: float = 4.0  # ... but a city named like the province holding it is the city
    region: float = 3.0
    prefer: float = 5.0  # the phrasing names the kind ("city of", "Province")
    hint: float = 30.0  # the phrasing names the country
    country_named: float = 1.0  # the candidate's country is in the article
    country_share: float = 3.0  # ... times its share of the article's places and countries
    admin1_named: float = 2.5  # the candidate's first-level subdivision is in the article
    near: float = 3.0  # within NEAR_KM of another resolved place
    regional: float = 1.5  # within REGIONAL_KM
    cohere: float = 1.5  # per other name with a likely reading nearby (up to MAX_COHERING)


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
    options = _contained(queries, [_options(q, gazetteer, demonym) for q in queries])
    names = [_name(q, opts, w, demonym) for q, opts in zip(queries, options, strict=True)]
    shortlists = _shortlists(names)
    picks = [n.options[0] if n.options else None for n in names]
    for _ in range(PASSES):
        picks = [
            _best(name, _profile(names, picks, name.key, context_countries), shortlists, w)
            for name in names
        ]
    return picks


@dataclass(frozen=True)
class _Name:
    """One mention: its query, lookup key, best candidates by prior (best first), and the
    country it names when it is a country's name, demonym or capital (the actors stage counts
    those mentions as the country: they are no context for themselves)."""

    query: Query
    key: str
    options: tuple[GeoCandidate, ...]
    priors: tuple[float, ...]
    own_country: str | None


def _name(
    query: Query, options: Sequence[GeoCandidate], w: Weights, demonym: Demonym | None
) -> _Name:
    key = normalize_name(query.name)
    held = frozenset((c.country, c.admin1) for c in options if c.feature == "admin1")
    scored = sorted(((_prior(c, query, key, held, w), c) for c in options), key=lambda p: -p[0])
    scored = scored[:MAX_OPTIONS]
    own = next((c.country for c in options if c.feature == "country"), None)
    own = own or (demonym(query.name) if demonym is not None else None)  # "Dublin" -> IRL
    return _Name(query, key, tuple(c for _, c in scored), tuple(p for p, _ in scored), own)


def _shortlists(names: Sequence[_Name]) -> dict[str, tuple[GeoCandidate, ...]]:
    """The likeliest readings of each distinct name: what other names may cohere with."""
    return {n.key: n.options[:SHORTLIST] for n in names}


def _options(query: Query, gazetteer: Gazetteer, demonym: Demonym | None) -> list[GeoCandidate]:
    found = gazetteer.candidates(query.name) or _inner_place(query.name, gazetteer)
    if any(c.feature in ("country", "admin1", "region") for c in found):
        return found
    if any(c.population >= DEMONYM_MAX_POPULATION for c in found):
        return found
    stands_for = _demonym_place(query.name, gazetteer, demonym)
    return [stands_for] if stands_for is not None else found


def _inner_place(name: str, gazetteer: Gazetteer) -> list[GeoCandidate]:
    """The readings of the longest known place inside a longer name: "University of
    California" -> California, "North London" -> London, "Port of Los Angeles" -> Los Angeles.
    Only capitalised runs of words that are not themselves generic count."""
    words = name.replace("-", " ").split()
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            piece = words[start : start + size]
            if not piece[0][:1].isupper() or normalize_name(" ".join(piece)) in GENERIC_WORDS:
                continue
            found = [c for c in gazetteer.candidates(" ".join(piece))
                     if c.feature != "city" or c.population >= INNER_MIN_POPULATION]  # fmt: skip
            if found:
                return found
    return []


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
    names: Sequence[_Name],
    picks: Sequence[GeoCandidate | None],
    own: str,
    context_countries: Sequence[str],
) -> _Profile:
    """The geography of every other toponym. Mentions of `own` do not count; when `own` names a
    country the actors stage's count of that country is dropped (it counts the name itself,
    also inside organisations' names): only other toponyms can vouch for it."""
    profile = _Profile(Counter(context_countries))
    for name, pick in zip(names, picks, strict=True):
        if name.key == own:
            if name.own_country:  # its mentions, inside names of organisations too
                profile.countries[name.own_country] = 0
            continue
        if pick is None:
            continue
        if pick.country:
            profile.countries[pick.country] += 1
        if pick.admin1 and pick.feature in ("city", "admin1", "admin2"):
            profile.admin1s[(pick.country, pick.admin1)] += 1
        if pick.feature in ("city", "admin2"):
            profile.points.append((pick.lat, pick.lon))
    return profile


def _best(
    name: _Name, profile: _Profile, shortlists: dict[str, tuple[GeoCandidate, ...]], w: Weights
) -> GeoCandidate | None:
    """The best reading in context. Where the name is also a country's or a subdivision's
    ("China", "California"), a namesake town counts as local only with two or more of the
    article's places in its subdivision; a country loses its prior only to such a town or to a
    subdivision of the article's countries ("Georgia"), and only when nothing else in the
    article points to the country."""
    if not name.options:
        return None
    others = [v for k, v in shortlists.items() if k != name.key]
    big = any(c.feature in ("country", "admin1") and _exact(c, name.key) for c in name.options)
    supported = name.own_country is not None and profile.countries[name.own_country] > 0
    withheld = not supported and any(_displaces(c, name.key, profile) for c in name.options)
    scores = []
    for c, prior in zip(name.options, name.priors, strict=True):
        minor = big and c.feature in ("city", "admin2") and not _strongly_local(c, profile)
        score = prior - (w.country if withheld and c.feature == "country" else 0.0)
        score += _context(c, profile, w, locality=not minor)
        score += 0.0 if minor else w.cohere * min(_cohering(c, others), MAX_COHERING)
        scores.append(score)
    return name.options[max(range(len(scores)), key=scores.__getitem__)]


def _exact(cand: GeoCandidate, key: str) -> bool:
    """The candidate's own name, or its name less " City" ("New York" for New York City)."""
    name = normalize_name(cand.name)
    return name == key or (cand.feature == "city" and name == key + " city")


def _displaces(cand: GeoCandidate, key: str, profile: _Profile) -> bool:
    """Whether this namesake can take a country's name from it in this article."""
    if cand.feature == "admin1":
        return profile.countries[cand.country] > 0
    return cand.feature in ("city", "admin2") and _exact(cand, key) and _strongly_local(
        cand, profile)


def _strongly_local(cand: GeoCandidate, profile: _Profile) -> bool:
    return profile.admin1s[(cand.country, cand.admin1)] >= STRONG


def _cohering(cand: GeoCandidate, others: Sequence[Sequence[GeoCandidate]]) -> int:
    """How many other names have a likely reading next to this one (or inside it)."""
    if cand.feature == "admin1":
        return sum(any(_inside(o, cand) for o in opts) for opts in others)
    if cand.feature not in ("city", "admin2"):
        return 0
    return sum(
        any(o.feature in ("city", "admin2") and _km(cand.lat, cand.lon, o.lat, o.lon) < NEAR_KM
            for o in opts)
        for opts in others
    )  # fmt: skip


def _inside(cand: GeoCandidate, admin1: GeoCandidate) -> bool:
    return cand.feature in ("city", "admin2") and (cand.country, cand.admin1) == (
        admin1.country, admin1.admin1)


def _prior(
    cand: GeoCandidate, query: Query, key: str, held: frozenset[tuple[str, str]], w: Weights
) -> float:
    """What the name and its phrasing say, before the rest of the article. `held`: the
    subdivisions the name may also denote (their namesake cities are meant more often)."""
    score = math.log10(cand.population + 1)
    score += w.exact if _exact(cand, key) else 0.0
    score += w.capital if cand.capital else 0.0
    score += {"country": w.country, "admin1": w.admin1, "region": w.region}.get(cand.feature, 0.0)
    score += w.namesake if cand.feature == "city" and (cand.country, cand.admin1) in held else 0.0
    score += w.prefer if query.feature and cand.feature == query.feature else 0.0
    score += w.hint if query.hint and cand.country == query.hint else 0.0
    return score


def _context(cand: GeoCandidate, profile: _Profile, w: Weights, locality: bool = True) -> float:
    """What the rest of the article says: its countries, subdivisions and places."""
    score = 0.0
    if cand.country and profile.countries[cand.country]:
        score += w.country_named + w.country_share * profile.share(cand.country)
    if not locality:
        return score
    if cand.feature != "country" and profile.admin1s[(cand.country, cand.admin1)]:
        score += w.admin1_named
    if cand.feature in ("city", "admin2"):
        km = _nearest_km(cand, profile)
        score += w.near if km < NEAR_KM else w.regional if km < REGIONAL_KM else 0.0
    elif cand.feature == "admin1" and profile.admin1s[(cand.country, cand.admin1)]:
        score += w.near  # it holds other places of the article
    return score


def _nearest_km(cand: GeoCandidate, profile: _Profile) -> float:
    return min((_km(cand.lat, cand.lon, lat, lon) for lat, lon in profile.points), default=1e9)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: exact enough below a few hundred km, and cheap."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def focus(picks: Sequence[GeoCandidate | None]) -> GeoCandidate | None:
    """The article's main place: its most mentioned town or county, else subdivision, else
    country (first mentioned on ties)."""
    for features in (("city", "admin2"), ("admin1",), ("country",)):
        found = [p for p in picks if p is not None and p.feature in features]
        if found:
            counts = Counter(found)
            return max(found, key=lambda p: counts[p])
    return None

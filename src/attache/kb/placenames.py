"""Place names: the lookup key every name folds to, kind words, and the candidate record.

Shared by the gazetteer's index builder (`gazetteer_index`) and its reader (`gazetteer`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["GENERIC_KEYS", "GeoCandidate", "normalize_name", "split_suffix"]

# Names of subdivisions that are ordinary words in English news ("the West", "Central"): never
# keys of a subdivision (GeoNames has a "Western Region" in several countries).
GENERIC_KEYS = frozenset(
    {
        "central", "centre", "center", "north", "south", "east", "west", "northern",
        "southern", "eastern", "western", "capital", "coast", "gulf", "lakes", "islands",
        "highlands", "interior", "littoral", "plateau", "upper", "lower", "northeast",
        "northwest", "southeast", "southwest", "midwest", "city", "island", "north east",
        "north west", "south east", "south west", "far north", "far west", "capital district",
        "national capital district", "federal district", "special region", "west coast",
        "east coast", "mid west", "north central", "south central", "central region",
    }
)  # fmt: skip

_FOLD = MappingProxyType(
    str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"})
)
_APOSTROPHES = re.compile(r"['’ʼ‘`´ʻʹ]")
_SEPARATORS = re.compile(r"[-‐‑–—_/,()]+")
# Trailing words that name the kind of place, and the feature they point to.
_SUFFIXES = MappingProxyType(
    {
        "autonomous region": "admin1",
        "autonomous okrug": "admin1",
        "province": "admin1",
        "region": "admin1",
        "oblast": "admin1",
        "krai": "admin1",
        "kray": "admin1",
        "state": "admin1",
        "prefecture": "admin1",
        "governorate": "admin1",
        "territory": "admin1",
        "city": "city",
        "town": "city",
    }
)
_PREFIXES = MappingProxyType(
    {"province of ": "admin1", "state of ": "admin1", "city of ": "city", "town of ": "city"}
)


@dataclass(frozen=True)
class GeoCandidate:
    """One gazetteer entry a name can refer to."""

    name: str
    country: str  # ISO 3166-1 alpha-3, "" for a continent
    lat: float
    lon: float
    geonameid: int | None
    feature: str  # "country" | "admin1" | "city" | "region" (a continent)
    population: int
    capital: bool = False
    admin1: str = ""  # GeoNames admin1 code, "" when unknown


def normalize_name(text: str) -> str:
    """Fold a place name to its lookup key: no case, accents, apostrophes, dots or leading 'the'."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        text = plain.casefold().translate(_FOLD)
    folded = _APOSTROPHES.sub("", text.casefold()).replace(".", "")
    key = " ".join(_SEPARATORS.sub(" ", folded).split())
    return key[4:] if key.startswith("the ") else key


def split_suffix(key: str) -> tuple[str, str | None]:
    """Split a kind word off a key: 'jiangsu province' -> ('jiangsu', 'admin1')."""
    for prefix, feature in _PREFIXES.items():
        if key.startswith(prefix):
            return key[len(prefix) :], feature
    for suffix, feature in _SUFFIXES.items():
        if key.endswith(" " + suffix):
            return key[: -len(suffix) - 1], feature
    return key, None

"""Geoparsing gold sets (Gritta et al.'s collection): LGL, TR-News, GeoWebNews and GeoVirus.

Two measures per set:

- resolution given the gold spans: every gold toponym with coordinates is geocoded in its
  article (`places.geocode_spans`, the same ranking the pipeline uses); `acc161` is the share
  within 161 km (100 miles) of the gold point, `mean_km` the mean error, where a toponym left
  unresolved counts as 20,038 km (half the equator, as in Gritta et al. 2018's error AUC);
- end to end: `toponyms` is precision/recall/F1 of the places the pipeline finds
  (`places.extract_places`) against the gold toponym spans, exact character offsets.

Gold, per set: LGL and TR-News, every <toponym> for `toponyms` and those with a GeoNames
<gaztag> for resolution. GeoWebNews: the 2,401 GeoNames-linked toponyms of `gwn_full.txt` for
resolution (demonyms and modifiers such as "Irish" -> Ireland included, as its authors scored
them) and the GWN.xml toponyms that carry coordinates for `toponyms` (the literal and
associative types; Non_Toponym, Literal_Expression, Demonym, Language... are not places).
GeoVirus: every <location> (Wikipedia coordinates) for both.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from attache.schema import Place
from attache.stages.actors import find_actors
from attache.stages.places import extract_places, geocode_spans

if TYPE_CHECKING:  # runner imports this module to register it: import it back lazily
    from attache.evaluation.runner import EvalResult
    from attache.pipeline import Pipeline

GEO_DIR = "geoparsing_gritta"
UNRESOLVED_KM = 20_038.0
ACCURATE_KM = 161.0
EARTH_KM = 6371.0088
ALIGN_WINDOW = 60


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    lat: float
    lon: float


@dataclass(frozen=True)
class GeoDoc:
    id: str
    text: str
    located: tuple[GoldToponym, ...]  # gold for resolution
    tagged: tuple[tuple[int, int], ...]  # gold spans for end-to-end toponym F1


# --- loading ---------------------------------------------------------------------------------


def load_lgl(root: Path) -> list[GeoDoc]:
    return _gaztag_docs(root / GEO_DIR / "lgl.xml", "lgl")


def load_trnews(root: Path) -> list[GeoDoc]:
    return _gaztag_docs(root / GEO_DIR / "TR-News.xml", "trnews")


def _gaztag_docs(path: Path, prefix: str) -> list[GeoDoc]:
    docs = []
    for n, article in enumerate(ET.parse(path).getroot().iter("article")):
        text = article.findtext("text") or ""
        located, tagged = [], []
        for toponym in article.iter("toponym"):
            start, end = _aligned(text, toponym.findtext("start"), toponym.findtext("phrase"))
            tagged.append((start, end))
            tag = toponym.find("gaztag")
            if tag is not None and tag.findtext("lat"):
                lat, lon = float(tag.findtext("lat") or 0), float(tag.findtext("lon") or 0)
                located.append(GoldToponym(start, end, lat, lon))
        doc_id = f"{prefix}-{article.get('docid') or n}"
        docs.append(GeoDoc(doc_id, text, tuple(located), tuple(tagged)))
    return docs


def _aligned(text: str, start: str | None, phrase: str | None) -> tuple[int, int]:
    """The span of `phrase` nearest the stated start: a few TR-News articles and all of
    GeoVirus have offsets shifted by some characters."""
    first, name = int(start or 0), phrase or ""
    if not name or text[first : first + len(name)] == name:
        return first, first + len(name)
    window = range(max(0, first - ALIGN_WINDOW), first + ALIGN_WINDOW)
    found = [i for i in window if text.startswith(name, i)]
    best = min(found, key=lambda i: abs(i - first), default=first)
    return best, best + len(name)


def load_gwn(root: Path) -> list[GeoDoc]:
    folder = root / GEO_DIR
    lines = (folder / "gwn_full.txt").read_text(encoding="utf-8").splitlines()
    docs = []
    for n, article in enumerate(ET.parse(folder / "GWN.xml").getroot().iter("article")):
        tagged = [
            (int(t.findtext("start") or 0), int(t.findtext("end") or 0))
            for t in article.iter("toponym")
            if t.findtext("latitude")
        ]
        located = _gwn_line(lines[n]) if n < len(lines) else []
        doc_id = f"gwn-{article.get('file') or n}"
        docs.append(GeoDoc(doc_id, article.findtext("text") or "", tuple(located),
                           tuple(sorted(set(tagged)))))  # fmt: skip
    return docs


def _gwn_line(line: str) -> list[GoldToponym]:
    """`name,,surface,,lat,,lon,,start,,end` items joined by `||`."""
    found = []
    for item in filter(None, line.strip().split("||")):
        _, _, lat, lon, start, end = item.split(",,")
        found.append(GoldToponym(int(start), int(end), float(lat), float(lon)))
    return sorted(found, key=lambda g: g.start)


def load_geovirus(root: Path) -> list[GeoDoc]:
    docs = []
    tree = ET.parse(root / GEO_DIR / "GeoVirus.xml").getroot()
    for n, article in enumerate(tree.iter("article")):
        text = article.findtext("text") or ""
        located = [
            GoldToponym(*_aligned(text, loc.findtext("start"), loc.findtext("name")),
                        float(loc.findtext("lat") or 0), float(loc.findtext("lon") or 0))
            for loc in article.iter("location")
        ]  # fmt: skip
        spans = tuple(sorted({(g.start, g.end) for g in located}))
        docs.append(GeoDoc(f"geovirus-{n}", text, tuple(located), spans))
    return docs


# --- scoring ---------------------------------------------------------------------------------


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def error_km(gold: GoldToponym, found: Place | None) -> float:
    if found is None or found.lat is None or found.lon is None:
        return UNRESOLVED_KM
    return distance_km(gold.lat, gold.lon, found.lat, found.lon)


@dataclass
class _Tally:
    errors_km: list[float]
    tp: int = 0
    predicted: int = 0
    expected: int = 0


def evaluate_geo(name: str, pipeline: Pipeline, docs: Sequence[GeoDoc]) -> EvalResult:
    """Resolution given gold spans and end-to-end toponym F1 over `docs`."""
    from attache.evaluation.runner import EvalResult, Metric, accuracy, prf

    tally = _Tally([])
    errors: list[dict[str, object]] = []
    for doc, parsed in zip(docs, _parse(pipeline, docs), strict=True):
        errors += _score_document(pipeline, doc, parsed, tally)
    within = sum(e <= ACCURATE_KM for e in tally.errors_km)
    mean = sum(tally.errors_km) / len(tally.errors_km) if tally.errors_km else 0.0
    metrics = {
        "acc161": accuracy(within, len(tally.errors_km)),
        "mean_km": Metric(value=round(mean, 1)),
        "toponyms": prf(tally.tp, tally.predicted, tally.expected),
    }
    return EvalResult(name, len(docs), metrics, {}, errors)


def _parse(pipeline: Pipeline, docs: Sequence[GeoDoc]) -> Iterable[Doc]:
    return pipeline.resources.nlp.pipe((d.text for d in docs), batch_size=16)


def _score_document(
    pipeline: Pipeline, doc: GeoDoc, parsed: Doc, tally: _Tally
) -> list[dict[str, object]]:
    res = pipeline.resources
    index = find_actors(parsed, res.kb, res.matchers)
    context = [iso3 for _, iso3 in index.countries_in_order()]
    spans = [(g.start, g.end) for g in doc.located]
    found = geocode_spans(parsed, spans, res.gazetteer, context, res.kb.country_for,
                          fallback_to_focus=True)  # fmt: skip
    misses: list[dict[str, object]] = []
    for gold, place in zip(doc.located, found, strict=True):
        km = error_km(gold, place)
        tally.errors_km.append(km)
        if km > ACCURATE_KM:
            misses.append({"id": doc.id, "text": doc.text[gold.start : gold.end],
                           "expected": (gold.lat, gold.lon), "km": round(km),
                           "got": None if place is None else f"{place.name} {place.country}"
                           f" {place.feature} ({place.lat}, {place.lon})"})  # fmt: skip
    predicted = {(p.start, p.end) for p in extract_places(parsed, res.gazetteer, context,
                                                          res.kb.country_for)}  # fmt: skip
    expected = set(doc.tagged)
    tally.tp += len(predicted & expected)
    tally.predicted += len(predicted)
    tally.expected += len(expected)
    return misses


def _scorer(
    name: str, loader: Callable[[Path], list[GeoDoc]]
) -> Callable[[Pipeline, Path, int | None, str], EvalResult]:
    def score(pipeline: Pipeline, corpora_dir: Path, limit: int | None, split: str) -> EvalResult:
        from attache.evaluation.runner import in_split

        docs = [d for d in loader(corpora_dir) if in_split(d.id, split)]
        return evaluate_geo(name, pipeline, docs[:limit] if limit else docs)

    return score


evaluate_lgl = _scorer("lgl", load_lgl)
evaluate_trnews = _scorer("trnews", load_trnews)
evaluate_gwn = _scorer("gwn", load_gwn)
evaluate_geovirus = _scorer("geovirus", load_geovirus)

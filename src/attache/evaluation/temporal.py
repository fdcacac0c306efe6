"""Temporal gold sets: TempEval-3 Platinum and MEANTIME (English), and DCT inference on both.

Scoring follows the TempEval-3 task definitions (UzZaman et al., SemEval 2013, section 5.1):

- `timex_strict`: precision/recall/F1 of system timexes whose span covers exactly the same
  words as a gold timex; `timex_relaxed`: of system timexes that share at least one word with
  one (each gold timex matched at most once, the largest overlap first);
- `timex_value`: attribute F1 of the normalised value over the relaxed matches, precision =
  relaxed matches with the gold value / system timexes, recall = the same / gold timexes.
  (It equals relaxed F1 x value accuracy; TempEval-3 ranked systems by it.)

Words are runs of letters and digits, so "five years'" and "five years" cover the same words.
The document creation time is given to the tagger and is not itself scored in TE3 (it sits
outside <TEXT>). MEANTIME's gold covers the title, the dateline and the first four sentences
of each document (sentences 0-5): only system timexes starting there count. The dateline
("May 14, 2009", the DCT as text) is a gold timex there and is scored like any other.

`dct_inference` hides the DCT of every document of both sets that names a year in a gold
timex, infers the date from the text alone and reports the share of documents whose year
(`year`), month (`month`) or day (`day`) is right; `year_body_only` is the year again with
MEANTIME's dateline removed as well (TE3 has none), which leaves only the dates of the body.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from attache.schema import Timex
from attache.stages.dct import infer_dct
from attache.stages.timexes import extract_timexes

if TYPE_CHECKING:  # runner imports this module to register it: import it back lazily
    from attache.evaluation.runner import EvalResult, Metric
    from attache.pipeline import Pipeline

TE3_DIR = "tempeval3_platinum"
MEANTIME_DIR = "meantime_en"
MEANTIME_REGION = 6  # sentences 0-5: title, dateline, four sentences
_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_WORD = re.compile(r"\w+")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_NO_SPACE_BEFORE = frozenset(",.;:!?)]}%'\"") | {"'s", "n't", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = frozenset("([{$")


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    value: str
    kind: str


@dataclass(frozen=True)
class TimexDoc:
    id: str
    text: str
    dct: dt.date | None
    gold: tuple[GoldTimex, ...]
    region_end: int  # system timexes starting at or after this offset are not scored
    dateline: tuple[int, int] | None = None  # MEANTIME's dateline span


# --- loading ---------------------------------------------------------------------------------


def load_tempeval3(root: Path) -> list[TimexDoc]:
    """The 20 TE3-Platinum documents: the <TEXT> body with its TIMEX3 tags, and the DCT."""
    return [_te3_doc(path) for path in sorted((root / TE3_DIR).glob("*.tml"))]


def _te3_doc(path: Path) -> TimexDoc:
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r'functionInDocument="CREATION_TIME"[^>]*value="([^"]+)"', raw)
    dct_match = dct_match or re.search(r'value="([^"]+)"[^>]*functionInDocument="CREATION', raw)
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    text, gold = _strip_timeml(body)
    return TimexDoc(path.stem, text, _parse_date(dct_match[1]) if dct_match else None,
                    tuple(gold), len(text))  # fmt: skip


def _strip_timeml(body: str) -> tuple[str, list[GoldTimex]]:
    """Plain text and the TIMEX3 spans of a TimeML body (entities unescaped)."""
    parts: list[str] = []
    gold: list[GoldTimex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for m in _TAG.finditer(body):
        parts.append(html.unescape(body[pos : m.start()]))
        pos = m.end()
        if m[2] != "TIMEX3":
            continue
        offset = sum(map(len, parts))
        if not m[1]:
            open_timex = (offset, dict(_ATTR.findall(m[3])))
        elif open_timex is not None:
            start, attrs = open_timex
            gold.append(GoldTimex(start, offset, attrs.get("value", ""), attrs.get("type", "")))
            open_timex = None
    parts.append(html.unescape(body[pos:]))
    text = "".join(parts)
    return text, [_trimmed(text, g) for g in gold]


def _trimmed(text: str, gold: GoldTimex) -> GoldTimex:
    piece = text[gold.start : gold.end]
    start = gold.start + len(piece) - len(piece.lstrip())
    end = gold.end - (len(piece) - len(piece.rstrip()))
    return replace(gold, start=start, end=end)


def load_meantime(root: Path) -> list[TimexDoc]:
    """The 120 MEANTIME documents, detokenised: title, dateline, then the body."""
    folder = root / MEANTIME_DIR / "intra-doc_annotation"
    return [_meantime_doc(path) for path in sorted(folder.glob("*/*.xml"))]


def _meantime_doc(path: Path) -> TimexDoc:
    tree = ET.parse(path).getroot()
    tokens = [(t.get("t_id", ""), int(t.get("sentence", "0")), t.text or "")
              for t in tree.iter("token")]  # fmt: skip
    text, spans, sentence_starts = _detokenise(tokens)
    region_end = sentence_starts.get(MEANTIME_REGION, len(text))
    gold, dct, dateline = [], None, None
    for timex in tree.iter("TIMEX3"):
        anchors = [a.get("t_id", "") for a in timex.iter("token_anchor")]
        if not anchors:
            continue  # a time the text implies but does not name
        start, end = spans[anchors[0]][0], spans[anchors[-1]][1]
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct, dateline = _parse_date(timex.get("value", "")), (start, end)
        gold.append(GoldTimex(start, end, timex.get("value", ""), timex.get("type", "")))
    doc_id = tree.get("doc_id") or path.stem
    return TimexDoc(doc_id, text, dct, tuple(sorted(gold, key=lambda g: g.start)), region_end,
                    dateline)  # fmt: skip


def _detokenise(
    tokens: Sequence[tuple[str, int, str]],
) -> tuple[str, dict[str, tuple[int, int]], dict[int, int]]:
    """Text from tokens: title and dateline on lines of their own, sentences joined by spaces."""
    out: list[str] = []
    length = 0
    spans: dict[str, tuple[int, int]] = {}
    starts: dict[int, int] = {}
    previous, sentence_before = "", -1
    for t_id, sentence, word in tokens:
        if sentence != sentence_before:
            gap = "" if not out else "\n\n" if sentence <= 2 else " "
            starts[sentence] = length + len(gap)
        else:
            glued = word in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER
            gap = "" if glued else " "
        out.append(gap)
        spans[t_id] = (length + len(gap), length + len(gap) + len(word))
        out.append(word)
        length += len(gap) + len(word)
        previous, sentence_before = word, sentence
    return "".join(out), spans, starts


def _parse_date(value: str) -> dt.date | None:
    """An ISO date ("2013-03-22"), or MEANTIME's one "03-02-2009" (day first: its dateline
    reads February 03, 2009)."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{2})-(\d{2})-(\d{4})", value)
    return dt.date(int(m[3]), int(m[2]), int(m[1])) if m else None


# --- scoring ---------------------------------------------------------------------------------


@dataclass
class _Tally:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0


def _words(text: str, start: int, end: int) -> frozenset[int]:
    """The start offsets of the words a span touches."""
    return frozenset(m.start() for m in _WORD.finditer(text) if m.start() < end and start < m.end())


def _match(
    text: str, gold: Sequence[GoldTimex], system: Sequence[Timex]
) -> list[tuple[GoldTimex, Timex]]:
    """One-to-one relaxed matches: gold and system timexes sharing words, largest overlap first."""
    gold_words = [_words(text, g.start, g.end) for g in gold]
    sys_words = [_words(text, s.start, s.end) for s in system]
    pairs = sorted(((len(gw & sw), i, j) for i, gw in enumerate(gold_words)
                    for j, sw in enumerate(sys_words) if gw & sw), reverse=True)  # fmt: skip
    used_gold: set[int] = set()
    used_sys: set[int] = set()
    matches: list[tuple[GoldTimex, Timex]] = []
    for _, i, j in pairs:
        if i not in used_gold and j not in used_sys:
            used_gold.add(i)
            used_sys.add(j)
            matches.append((gold[i], system[j]))
    return matches


def score_document(
    text: str, gold: Sequence[GoldTimex], system: Sequence[Timex], tally: _Tally
) -> list[dict[str, str | None]]:
    """Add one document's counts to `tally`; return its misses for the error list."""
    matches = _match(text, gold, system)
    tally.gold += len(gold)
    tally.system += len(system)
    misses: list[dict[str, str | None]] = []
    for g, s in matches:
        tally.relaxed += 1
        tally.strict += _words(text, g.start, g.end) == _words(text, s.start, s.end)
        tally.value += s.value == g.value
        if s.value != g.value:
            misses.append({"text": s.text, "gold_text": text[g.start : g.end], "expected": g.value,
                           "got": s.value})  # fmt: skip
    matched_gold = {id(g) for g, _ in matches}
    matched_sys = {id(s) for _, s in matches}
    misses += [{"text": None, "gold_text": text[g.start : g.end], "expected": g.value, "got": None}
               for g in gold if id(g) not in matched_gold]  # fmt: skip
    misses += [{"text": s.text, "gold_text": None, "expected": None, "got": s.value}
               for s in system if id(s) not in matched_sys]  # fmt: skip
    return misses


def _metrics(tally: _Tally) -> dict[str, Metric]:
    from attache.evaluation.runner import prf

    return {
        "timex_value": prf(tally.value, tally.system, tally.gold),
        "timex_relaxed": prf(tally.relaxed, tally.system, tally.gold),
        "timex_strict": prf(tally.strict, tally.system, tally.gold),
    }


def evaluate_timexes(name: str, pipeline: Pipeline, docs: Sequence[TimexDoc]) -> EvalResult:
    """Tag every document with its DCT and score the timexes in its gold region."""
    from attache.evaluation.runner import EvalResult

    tally = _Tally()
    errors: list[dict[str, object]] = []
    nlp = pipeline.resources.nlp
    for doc, parsed in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        dct = doc.dct or _inferred(parsed)
        system = [t for t in extract_timexes(parsed, dct) if t.start < doc.region_end]
        for miss in score_document(doc.text, doc.gold, system, tally):
            errors.append({"id": doc.id, **miss})
    return EvalResult(name, len(docs), _metrics(tally), {}, errors)


def _inferred(parsed: object) -> dt.date | None:
    found = infer_dct(parsed)  # type: ignore[arg-type]
    return found.date if found is not None else None


def _select(docs: list[TimexDoc], limit: int | None, split: str) -> list[TimexDoc]:
    from attache.evaluation.runner import in_split

    chosen = [d for d in docs if in_split(d.id, split)]
    return chosen[:limit] if limit else chosen


def evaluate_tempeval3(
    pipeline: Pipeline, corpora_dir: Path, limit: int | None, split: str
) -> EvalResult:
    return evaluate_timexes("tempeval3", pipeline, _select(load_tempeval3(corpora_dir), limit,
                                                          split))  # fmt: skip


def evaluate_meantime(
    pipeline: Pipeline, corpora_dir: Path, limit: int | None, split: str
) -> EvalResult:
    return evaluate_timexes("meantime", pipeline, _select(load_meantime(corpora_dir), limit,
                                                         split))  # fmt: skip


# --- DCT inference ---------------------------------------------------------------------------


def names_a_year(doc: TimexDoc) -> bool:
    """Whether a gold timex spells out a year (MEANTIME's dateline counts)."""
    return any(_YEAR.search(doc.text[g.start : g.end]) for g in doc.gold)


def hide_dateline(doc: TimexDoc) -> str:
    """The text with MEANTIME's dateline blanked out (same length, offsets unchanged)."""
    if doc.dateline is None:
        return doc.text
    start, end = doc.dateline
    return doc.text[:start] + " " * (end - start) + doc.text[end:]


def evaluate_dct_inference(
    pipeline: Pipeline, corpora_dir: Path, limit: int | None, split: str
) -> EvalResult:
    """`year`/`month`/`day`: DCT metadata hidden, the text as published (MEANTIME's Wikinews
    dateline included); `year_body_only`: MEANTIME's dateline removed too."""
    from attache.evaluation.runner import EvalResult, accuracy

    docs = _select([d for d in _all_dated(corpora_dir) if d.dct is not None and names_a_year(d)],
                   limit, split)  # fmt: skip
    right = {"year": 0, "month": 0, "day": 0, "year_body_only": 0}
    errors: list[dict[str, object]] = []
    nlp = pipeline.resources.nlp
    texts = [t for d in docs for t in (d.text, hide_dateline(d))]
    parsed = list(nlp.pipe(texts))
    for n, doc in enumerate(docs):
        assert doc.dct is not None
        found, body = infer_dct(parsed[2 * n]), infer_dct(parsed[2 * n + 1])
        got = found.date.isoformat() if found is not None else ""
        for key, width in (("year", 4), ("month", 7), ("day", 10)):
            right[key] += got[:width] == doc.dct.isoformat()[:width]
        right["year_body_only"] += body is not None and body.date.year == doc.dct.year
        if body is None or body.date.year != doc.dct.year:
            how = None if body is None else f"{body.date} ({body.how})"
            errors.append({"id": doc.id, "expected": doc.dct.isoformat(), "got": how})
    metrics = {key: accuracy(n, len(docs)) for key, n in right.items()}
    return EvalResult("dct_inference", len(docs), metrics, {}, errors)


def _all_dated(corpora_dir: Path) -> Iterable[TimexDoc]:
    yield from load_tempeval3(corpora_dir)
    yield from load_meantime(corpora_dir)

"""`attache eval`: run the real pipeline on a gold set and score it.

Scoring rules (also in docs/evaluation.md):

- a sentence's *top event* is its highest-confidence event (first in text order on ties);
- `plover_type` (plover_gsr): accuracy of the top event's PLOVER type against the gold type,
  with PLOVER 0.5b1 names mapped to today's (kb `legacy_plover`); no event counts as wrong;
- `cameo_root_dyad` (upetrarch_gsr): precision/recall/F1 over (CAMEO root, source, target)
  tuples, where an actor is its first three letters (ISO3 country, or IGO/NGO/...); a gold
  actor `---` (unknown) matches any actor; `cameo_root_dyad_afp` is the same on AFP sentences;
  `no_event`: gold no-event sentences where attache produced no event;
  `source_country` / `target_country`: accuracy over gold tuples whose root was matched;
- `cameo_root` (cameo_examples, conflibert): accuracy of the top event's root code against the
  gold root (conflibert: against any majority root of the sentence);
- `actor_span`, `source_span`, `target_span`, `actor_mention` (conflibert): the coders' agreed
  actor spans against the mentions of attache's event sources and targets (`score_spans`);
- `tuples` (petrarch2_unittest): gold (code, source, target) tuples reproduced, full code.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attache.errors import UsageError
from attache.evaluation import geo, gold, temporal
from attache.evaluation.gold import GoldSentence, GoldSpan
from attache.pipeline import Pipeline
from attache.schema import Actor, Article, ArticleInput, Event

Tuple3 = tuple[str, str | None, str | None]


@dataclass
class Metric:
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    accuracy: float | None = None
    count: int | None = None
    value: float | None = None  # a measured quantity that is no ratio (mean error in km)

    def as_dict(self) -> dict[str, float | int]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class EvalResult:
    dataset: str
    n: int
    metrics: dict[str, Metric]
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"dataset": self.dataset, "n": self.n,
                "metrics": {k: m.as_dict() for k, m in self.metrics.items()},
                "confusion": self.confusion}


def prf(tp: int, predicted: int, expected: int) -> Metric:
    precision = tp / predicted if predicted else 0.0
    recall = tp / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Metric(precision=round(precision, 4), recall=round(recall, 4), f1=round(f1, 4),
                  count=tp)


def accuracy(right: int, total: int) -> Metric:
    return Metric(accuracy=round(right / total, 4) if total else 0.0, count=right)


def run_sentences(pipeline: Pipeline, sentences: list[GoldSentence]) -> list[Article]:
    """The pipeline's record for each gold sentence (a one-sentence article)."""
    items = [ArticleInput(id=s.id, text=s.text, published=s.published) for s in sentences]
    articles = []
    for item, result in zip(items, pipeline.extract_many(items), strict=True):
        if isinstance(result, Article):
            articles.append(result)
        else:
            articles.append(Article(id=item.id, title=None, text=item.text))
    return articles


def top_event(article: Article) -> Event | None:
    if not article.events:
        return None
    return max(article.events, key=lambda e: (e.confidence, -int(e.id.lstrip("e") or 0)))


def actor_code(actor_id: str | None, article: Article, pipeline: Pipeline) -> str | None:
    """The CAMEO-style code of an actor: its country, else its organisation code."""
    if actor_id is None:
        return None
    actor = next((a for a in article.actors if a.id == actor_id), None)
    if actor is None:
        return None
    return _code_of(actor, pipeline)


def _code_of(actor: Actor, pipeline: Pipeline) -> str | None:
    if actor.country:
        return actor.country
    entry = pipeline.resources.kb.organization_for(actor.name)
    if entry is not None and entry.code:
        return entry.code
    return actor.sector or None


def _three(code: str | None) -> str | None:
    return code[:3].upper() if code else None


def _actor_match(gold_code: str | None, predicted: str | None) -> bool:
    if gold_code is not None and gold_code.startswith("---"):
        return True
    return _three(gold_code) == _three(predicted)


def evaluate_plover(pipeline: Pipeline, sentences: list[GoldSentence]) -> EvalResult:
    articles = run_sentences(pipeline, sentences)
    codebook = pipeline.resources.codebook
    right, confusion = 0, {}  # type: ignore[var-annotated]
    errors = []
    for sentence, article in zip(sentences, articles, strict=True):
        expected = codebook.legacy_plover(sentence.events[0].plover or "") or "NONE"
        event = top_event(article)
        got = event.plover if event else "NONE"
        confusion.setdefault(expected, Counter())[got] += 1
        right += got == expected
        if got != expected:
            errors.append({"id": sentence.id, "expected": expected, "got": got,
                           "text": sentence.text})
    metrics = {"plover_type": accuracy(right, len(sentences))}
    return EvalResult("plover_gsr", len(sentences), metrics,
                      {k: dict(v) for k, v in confusion.items()}, errors)


def _tuples(article: Article, pipeline: Pipeline) -> list[tuple[str, str | None, str | None]]:
    codebook = pipeline.resources.codebook
    return [(codebook.root(e.cameo), actor_code(e.source, article, pipeline),
             actor_code(e.target, article, pipeline)) for e in article.events]


def _match_tuples(predicted: list[Tuple3], expected: list[Tuple3]) -> tuple[int, list[Tuple3]]:
    """Greedy one-to-one matching; returns matches and the gold tuples matched."""
    left = list(predicted)
    matched = []
    for root, source, target in expected:
        for candidate in left:
            if candidate[0] == root and _actor_match(source, candidate[1]) and _actor_match(
                    target, candidate[2]):
                left.remove(candidate)
                matched.append((root, source, target))
                break
    return len(matched), matched


def evaluate_upetrarch(pipeline: Pipeline, sentences: list[GoldSentence]) -> EvalResult:
    articles = run_sentences(pipeline, sentences)
    codebook = pipeline.resources.codebook
    totals: dict[str, list[int]] = {"all": [0, 0, 0], "afp": [0, 0, 0]}
    no_event = src_right = tgt_right = root_matched = 0
    errors = []
    for sentence, article in zip(sentences, articles, strict=True):
        predicted = _tuples(article, pipeline)
        expected = [(codebook.root(e.code or ""), e.source, e.target) for e in sentence.events]
        tp, _ = _match_tuples(predicted, expected)
        for key in ("all", "afp") if sentence.id.startswith("AFP") else ("all",):
            totals[key][0] += tp
            totals[key][1] += len(predicted)
            totals[key][2] += len(expected)
        if not sentence.events and not article.events:
            no_event += 1
        for root, source, target in expected:
            same_root = [p for p in predicted if p[0] == root]
            if same_root:
                root_matched += 1
                src_right += any(_actor_match(source, p[1]) for p in same_root)
                tgt_right += any(_actor_match(target, p[2]) for p in same_root)
        if tp < max(len(expected), len(predicted)):
            errors.append({"id": sentence.id, "expected": expected, "got": predicted,
                           "text": sentence.text})
    metrics = {
        "cameo_root_dyad": prf(*totals["all"]),
        "cameo_root_dyad_afp": prf(*totals["afp"]),
        "no_event": accuracy(no_event, sum(not s.events for s in sentences)),
        "source_country": accuracy(src_right, root_matched),
        "target_country": accuracy(tgt_right, root_matched),
    }
    return EvalResult("upetrarch_gsr", len(sentences), metrics, {}, errors)


def evaluate_roots(
    name: str, pipeline: Pipeline, sentences: list[GoldSentence]
) -> EvalResult:
    usable = [s for s in sentences if s.events]
    return _score_roots(name, pipeline, usable, run_sentences(pipeline, usable))


def _score_roots(
    name: str, pipeline: Pipeline, usable: list[GoldSentence], articles: list[Article]
) -> EvalResult:
    codebook = pipeline.resources.codebook
    right = 0
    confusion: dict[str, Counter[str]] = {}
    errors = []
    for sentence, article in zip(usable, articles, strict=True):
        expected = {codebook.root(e.code or "") for e in sentence.events}
        event = top_event(article)
        got = codebook.root(event.cameo) if event else "none"
        right += got in expected
        key = sorted(expected)[0]
        confusion.setdefault(key, Counter())[got] += 1
        if got not in expected:
            errors.append({"id": sentence.id, "expected": sorted(expected), "got": got,
                           "text": sentence.text})
    return EvalResult(name, len(usable), {"cameo_root": accuracy(right, len(usable))},
                      {k: dict(v) for k, v in confusion.items()}, errors)


def evaluate_conflibert(pipeline: Pipeline, sentences: list[GoldSentence]) -> EvalResult:
    """`cameo_root` on the sentences with a majority code, and the actor-span metrics
    (`score_spans`) on every sentence with a majority code or agreed actor spans."""
    usable = [s for s in sentences if s.events or s.actor_spans]
    articles = dict(zip((s.id for s in usable), run_sentences(pipeline, usable), strict=True))
    coded = [s for s in usable if s.events]
    result = _score_roots("conflibert", pipeline, coded, [articles[s.id] for s in coded])
    pairs = [(s, articles[s.id]) for s in usable]
    result.metrics.update(score_spans(pairs, pipeline.resources.codebook.root))
    return result


def score_spans(
    pairs: list[tuple[GoldSentence, Article]], root: Callable[[str], str]
) -> dict[str, Metric]:
    """Coder-agreed actor spans against attache's actors (rules in docs/evaluation.md).

    A span is found when a mention of an actor overlaps it by at least one character.
    `actor_span`: P/R/F1 of the (role, actor) pairs of attache's events (source or target)
    against the agreed spans of that role; `source_span` / `target_span`: over the gold
    events that have a span and whose root attache also produced, the share where an event of
    that root has its source (target) on the span; `actor_mention`: the share of agreed spans
    that any actor mention overlaps, events aside.
    """
    tally: Counter[str] = Counter()
    for sentence, article in pairs:
        _tally_actor_spans(tally, sentence, article)
        _tally_event_spans(tally, sentence, article, root)
    recall = tally["gold_hit"] / tally["gold"] if tally["gold"] else 0.0
    precision = tally["predicted_hit"] / tally["predicted"] if tally["predicted"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "actor_span": Metric(precision=round(precision, 4), recall=round(recall, 4),
                             f1=round(f1, 4), count=tally["gold_hit"]),
        "source_span": accuracy(tally["source_right"], tally["source"]),
        "target_span": accuracy(tally["target_right"], tally["target"]),
        "actor_mention": accuracy(tally["mentioned"], tally["gold"]),
    }


def _event_roles(article: Article) -> list[tuple[str, Actor]]:
    """(role, actor) for every event source and target of the article, without repeats."""
    actors = {a.id: a for a in article.actors}
    roles = dict.fromkeys((role, actor_id) for e in article.events
                          for role, actor_id in (("source", e.source), ("target", e.target))
                          if actor_id in actors)
    return [(role, actors[actor_id]) for role, actor_id in roles if actor_id is not None]


def _on_span(actor: Actor, span: GoldSpan) -> bool:
    return any(span.overlaps(m.start, m.end) for m in actor.mentions)


def _tally_actor_spans(tally: Counter[str], sentence: GoldSentence, article: Article) -> None:
    gold_spans = sentence.actor_spans
    predicted = _event_roles(article)
    tally["gold"] += len(gold_spans)
    tally["predicted"] += len(predicted)
    tally["predicted_hit"] += sum(
        any(g.role == role and _on_span(actor, g) for g in gold_spans) for role, actor in predicted)
    tally["gold_hit"] += sum(
        any(g.role == role and _on_span(actor, g) for role, actor in predicted) for g in gold_spans)
    tally["mentioned"] += sum(any(_on_span(a, g) for a in article.actors) for g in gold_spans)


def _tally_event_spans(
    tally: Counter[str], sentence: GoldSentence, article: Article, root: Callable[[str], str]
) -> None:
    actors = {a.id: a for a in article.actors}
    for gold_event in sentence.events:
        same_root = [e for e in article.events if root(e.cameo) == gold_event.code]
        if not same_root:
            continue
        for role, span in (("source", gold_event.source_span),
                           ("target", gold_event.target_span)):
            if span is None:
                continue
            tally[role] += 1
            chosen = (actors.get(getattr(e, role) or "") for e in same_root)
            tally[f"{role}_right"] += any(a is not None and _on_span(a, span) for a in chosen)


PETRARCH_ACTORS = Path("petrarch2_unittest") / "PETR.Validate.actors.txt"


def evaluate_petrarch2(pipeline: Pipeline, sentences: list[GoldSentence]) -> EvalResult:
    """PETRARCH2's own unit tests, with its validation actor dictionary loaded as a user
    actor file (the tests use fictional countries)."""
    actors = pipeline.settings.corpora_dir / PETRARCH_ACTORS
    if actors.exists() and actors not in pipeline.settings.actor_files:
        settings = pipeline.settings.with_(actor_files=(*pipeline.settings.actor_files, actors))
        pipeline = Pipeline(settings)
    articles = run_sentences(pipeline, sentences)
    reproduced = expected_total = predicted_total = 0
    for sentence, article in zip(sentences, articles, strict=True):
        predicted = [(e.cameo, actor_code(e.source, article, pipeline),
                      actor_code(e.target, article, pipeline)) for e in article.events]
        expected = [(e.code or "", e.source, e.target) for e in sentence.events]
        left = list(predicted)
        for code, source, target in expected:
            hit = next((p for p in left if p[0] == code and _actor_match(source, p[1])
                        and _actor_match(target, p[2])), None)
            if hit is not None:
                left.remove(hit)
                reproduced += 1
        expected_total += len(expected)
        predicted_total += len(predicted)
    return EvalResult("petrarch2_unittest", len(sentences),
                      {"tuples": prf(reproduced, predicted_total, expected_total)})


Loader = Callable[[Path], list[GoldSentence]]
SentenceScorer = Callable[[Pipeline, list[GoldSentence]], EvalResult]
SENTENCE_SETS: dict[str, tuple[Loader, SentenceScorer]] = {
    "plover_gsr": (gold.load_plover_gsr, evaluate_plover),
    "upetrarch_gsr": (gold.load_upetrarch_gsr, evaluate_upetrarch),
    "cameo_examples": (gold.load_cameo_examples,
                       lambda p, s: evaluate_roots("cameo_examples", p, s)),
    "conflibert": (gold.load_conflibert, evaluate_conflibert),
    "petrarch2_unittest": (gold.load_petrarch2_unittest, evaluate_petrarch2),
}
# Gold sets that are not one-sentence event records (time expressions, toponyms) register a
# whole-dataset scorer here: (pipeline, corpora_dir, limit, split) -> EvalResult.
DatasetScorer = Callable[[Pipeline, Path, "int | None", str], EvalResult]
OTHER_SETS: dict[str, DatasetScorer] = {
    "tempeval3": temporal.evaluate_tempeval3,
    "meantime": temporal.evaluate_meantime,
    "dct_inference": temporal.evaluate_dct_inference,
    "lgl": geo.evaluate_lgl,
    "trnews": geo.evaluate_trnews,
    "gwn": geo.evaluate_gwn,
    "geovirus": geo.evaluate_geovirus,
}


def dataset_names() -> list[str]:
    return [*SENTENCE_SETS, *OTHER_SETS]


SPLITS = ("all", "dev", "test")


def in_split(sentence_id: str, split: str) -> bool:
    """A fixed half of every gold set is the development half (its errors may be read while
    writing rules); the other half is held out and reported separately."""
    if split == "all":
        return True
    return (zlib.crc32(sentence_id.encode()) % 2 == 0) == (split == "dev")


def evaluate(
    name: str, pipeline: Pipeline, corpora_dir: Path, limit: int | None = None,
    split: str = "all",
) -> EvalResult:
    """Score the pipeline on one named gold set under `corpora_dir`."""
    if split not in SPLITS:
        raise UsageError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)}")
    if name not in dataset_names():
        raise UsageError(f"unknown dataset {name!r}; choose one of {', '.join(dataset_names())}")
    if not corpora_dir.is_dir():
        raise UsageError(f"corpora folder {corpora_dir} not found (set ATTACHE_CORPORA)")
    if name in OTHER_SETS:
        return OTHER_SETS[name](pipeline, corpora_dir, limit, split)
    loader, scorer = SENTENCE_SETS[name]
    sentences = [s for s in loader(corpora_dir) if in_split(s.id, split)]
    return scorer(pipeline, sentences[:limit] if limit else sentences)


def evaluate_all(
    pipeline: Pipeline, corpora_dir: Path, names: Iterable[str] | None = None
) -> list[EvalResult]:
    return [evaluate(n, pipeline, corpora_dir) for n in (names or dataset_names())]

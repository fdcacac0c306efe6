"""The extraction pipeline: one article in, one `Article` record out.

The main path, in order (each step is one module under `stages/`):
  1. clean      normalise characters, drop site furniture, mark captions
  2. nlp        spaCy parse of the cleaned text (batched with `nlp.pipe`)
  3. dct        the publication date, read from the text when the input has none
     timexes    time expressions normalised against the publication date
  4. actors     countries, people, organisations and their mentions
  5. places     toponyms geocoded offline
  6. events     triggers, source/target, date, place, evidence -> CAMEO + PLOVER
  7. facts, relations, agreements
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from attache.errors import EmptyInput, InputError, UsageError
from attache.kb.actors import KnowledgeBase, load_knowledge_base
from attache.kb.cameo import Codebook, VerbLexicon, load_codebook, load_verb_lexicon
from attache.kb.gazetteer import Gazetteer, load_gazetteer
from attache.schema import Article, ArticleInput, InferredPublication
from attache.settings import Settings
from attache.stages.actors import ActorMatchers, build_matchers, find_actors
from attache.stages.clean import CleanText, clean
from attache.stages.dct import InferredDate, mark_inferred_dates, publication_from_text
from attache.stages.events import code_events
from attache.stages.facts import extract_facts
from attache.stages.ingest import parse_date
from attache.stages.nlp import load_nlp
from attache.stages.places import extract_places
from attache.stages.relations import extract_agreements, extract_relations
from attache.stages.timexes import extract_timexes, timex_spans

# Characters of article text per spaCy batch: its memory grows with the text it holds (about
# 3 KB per character with en_core_web_sm), so this keeps a worker's parse near 300 MB.
BATCH_CHARS = 100_000


@dataclass
class Resources:
    """Everything loaded once and shared by every article."""

    nlp: Language
    kb: KnowledgeBase
    matchers: ActorMatchers
    codebook: Codebook
    lexicon: VerbLexicon
    gazetteer: Gazetteer

    @classmethod
    def load(cls, settings: Settings, fast: bool = True) -> Resources:
        nlp = load_nlp(settings.spacy_model, fast)
        kb = load_knowledge_base(settings.actor_files)
        return cls(nlp, kb, build_matchers(nlp, kb), load_codebook(), load_verb_lexicon(),
                   load_gazetteer())


class Pipeline:
    """`fast=False` runs the stock spaCy components instead of attache's faster equivalents
    (see `stages/nlp.py`); the records are the same either way, and a test checks it."""

    def __init__(self, settings: Settings | None = None, *, fast: bool = True) -> None:
        self.settings = settings or Settings()
        self.resources = Resources.load(self.settings, fast)

    def extract(self, item: ArticleInput) -> Article:
        """The record of one article; raises `InputError` if it has no usable text."""
        result = next(self.extract_many([item]))
        if isinstance(result, InputError):
            raise result
        return result

    def extract_many(self, items: Iterable[ArticleInput]) -> Iterator[Article | InputError]:
        """Records in input order; an unusable article yields its error instead.

        Articles are parsed in batches of at most `settings.batch_size` articles and, beyond
        the first article, `BATCH_CHARS` characters: spaCy's memory grows with the text in a
        batch, and an article's parse does not depend on the batch it is in.
        """
        prepared = (self._prepare(item) for item in items)
        nlp = self.resources.nlp
        for batch in _batches(prepared, self.settings.batch_size, BATCH_CHARS):
            texts = [c.text if isinstance(c, CleanText) else "" for _, c in batch]
            for doc, (item, cleaned) in zip(nlp.pipe(texts, batch_size=len(batch)), batch,
                                            strict=True):
                yield cleaned if isinstance(cleaned, InputError) else self._record(
                    item, cleaned, doc)

    def fingerprint(self, item: ArticleInput) -> str:
        """The content hash the stored record will carry (cleaning only, no parse)."""
        return content_hash(item.title, clean(item.text).text)

    def _prepare(self, item: ArticleInput) -> tuple[ArticleInput, CleanText | InputError]:
        try:  # the Python API takes any string; the readers and the REST API check it first
            published = parse_date(item.published, what="published")
        except UsageError as error:
            return item, InputError(error.message, origin=item.origin or item.id)
        if published != item.published:
            item = item.model_copy(update={"published": published})
        if len(item.text) > self.settings.max_chars:
            return item, InputError(
                f"article has {len(item.text):,} characters, more than the "
                f"max_chars setting ({self.settings.max_chars:,})", origin=item.origin or item.id)
        cleaned = clean(item.text)
        if not cleaned.text.strip():
            return item, EmptyInput("no article text left after cleaning",
                                    origin=item.origin or item.id)
        return item, cleaned

    def _record(self, item: ArticleInput, cleaned: CleanText, doc: Doc) -> Article:
        res = self.resources
        dct = date.fromisoformat(item.published) if item.published else None
        spans = timex_spans(doc)
        inferred = None if dct else publication_from_text(doc, spans)
        if inferred is not None:
            dct = inferred.date
        timexes = extract_timexes(doc, dct, spans)
        index = find_actors(doc, res.kb, res.matchers, dct)
        context = [iso3 for _, iso3 in index.countries_in_order()]
        places = extract_places(doc, res.gazetteer, context, adjective_country=res.kb.country_for)
        events = code_events(doc, index, timexes, places, cleaned.captions, res.kb,
                             res.codebook, res.lexicon)
        events = [e for e in events if e.confidence >= self.settings.min_event_confidence]
        if inferred is not None:
            events = [mark_inferred_dates(e) for e in events]
        return Article(
            id=item.id, title=item.title, published=dct.isoformat() if dct else None,
            published_inferred=_publication(inferred), url=item.url,
            source=item.source, text=cleaned.text, actors=list(index.actors.values()),
            events=events, timexes=timexes, places=places,
            facts=extract_facts(doc, index, timexes),
            relations=extract_relations(doc, index, timexes),
            agreements=extract_agreements(doc, index, timexes),
            captions=cleaned.captions, removed=cleaned.removed,
            content_hash=content_hash(item.title, cleaned.text),
        )


def _publication(inferred: InferredDate | None) -> InferredPublication | None:
    if inferred is None:
        return None
    return InferredPublication(how=inferred.how, confidence=inferred.confidence)


Prepared = tuple[ArticleInput, CleanText | InputError]


def _batches(prepared: Iterable[Prepared], size: int, chars: int) -> Iterator[list[Prepared]]:
    """Consecutive batches of at most `size` articles and, past the first, `chars` characters."""
    batch: list[Prepared] = []
    total = 0
    for item, cleaned in prepared:
        length = len(cleaned.text) if isinstance(cleaned, CleanText) else 0
        if batch and (len(batch) >= size or total + length > chars):
            yield batch
            batch, total = [], 0
        batch.append((item, cleaned))
        total += length
    if batch:
        yield batch


def content_hash(title: str | None, text: str) -> str:
    return hashlib.sha256(f"{title or ''}\n{text}".encode()).hexdigest()

"""Every bundled real article goes through the pipeline and keeps the record's invariants."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from attache.pipeline import Pipeline
from attache.schema import Article, ArticleInput
from attache.stages.ingest import read_articles

EXAMPLES = Path(__file__).parents[1] / "examples"
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@pytest.fixture(scope="module")
def articles(pipeline: Pipeline) -> list[Article]:
    items = [i for i in read_articles([EXAMPLES / "articles.jsonl"])
             if isinstance(i, ArticleInput)]
    assert len(items) >= 30
    results = list(pipeline.extract_many(items))
    assert all(isinstance(r, Article) for r in results), results
    return [r for r in results if isinstance(r, Article)]


def test_every_article_yields_events(articles: list[Article]) -> None:
    assert sum(1 for a in articles if a.events) >= 0.9 * len(articles)


def test_offsets_point_at_their_text(articles: list[Article]) -> None:
    for article in articles:
        for event in article.events:
            assert article.text[event.evidence.start: event.evidence.end] == \
                event.evidence.sentence
        for item in [*article.timexes, *article.places]:
            assert article.text[item.start: item.end] == item.text
        for actor in article.actors:
            for mention in actor.mentions:
                assert article.text[mention.start: mention.end] == mention.text


def test_codes_and_dates_are_well_formed(pipeline: Pipeline, articles: list[Article]) -> None:
    codebook = pipeline.resources.codebook
    types = set(codebook.plover_types())
    for article in articles:
        actor_ids = {actor.id for actor in article.actors}
        for event in article.events:
            assert codebook.get(event.cameo) is not None, event.cameo
            assert event.plover in types
            assert event.date is None or DATE.match(event.date)
            assert (event.date is None) == (event.date_status == "unknown")
            assert {event.source, event.target} - {None} <= actor_ids


def test_no_event_links_an_actor_to_itself(articles: list[Article]) -> None:
    for event in (e for a in articles for e in a.events):
        assert event.source is None or event.source != event.target

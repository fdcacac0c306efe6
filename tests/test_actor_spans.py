"""Actor-span accuracy on the ConfliBERT coders' spans: the loader's agreed spans and the
metric (`runner.score_spans`), on hand-built records and on the real corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from attache.evaluation.gold import GoldEvent, GoldSentence, GoldSpan, load_conflibert
from attache.evaluation.runner import evaluate, score_spans
from attache.pipeline import Pipeline
from attache.schema import Actor, Article, Event, Evidence, Mention

TEXT = "Kenya's opposition accused the government and threatened protests, officials said."


def _span(role: str, text: str) -> GoldSpan:
    start = TEXT.index(text)
    return GoldSpan(role=role, text=text, start=start, end=start + len(text))


def _actor(actor_id: str, text: str) -> Actor:
    start = TEXT.index(text)
    mention = Mention(text=text, start=start, end=start + len(text))
    return Actor(id=actor_id, name=text, kind="group", mentions=[mention])


def _event(event_id: str, cameo: str, source: str | None, target: str | None) -> Event:
    return Event(id=event_id, plover="ACCUSE", cameo=cameo, source=source, target=target,
                 source_country=None, target_country=None,
                 evidence=Evidence(sentence=TEXT, start=0, end=len(TEXT)), confidence=0.9)


def _gold() -> GoldSentence:
    opposition = _span("source", "Kenya's opposition")
    government = _span("target", "the government")
    events = (
        GoldEvent(None, None, "11", None, None, source_span=opposition, target_span=government),
        GoldEvent(None, None, "13", None, None, source_span=opposition),
    )
    spans = (opposition, government, _span("source", "officials"))
    return GoldSentence(id="hand-1", text=TEXT, events=events, actor_spans=spans)


def _article() -> Article:
    # the opposition is found as source; the target is a wrong actor ("protests"); the
    # officials are found as an actor but are in no event
    actors = [_actor("opp", "opposition"), _actor("protests", "protests"),
              _actor("officials", "officials")]
    events = [_event("e1", "112", "opp", "protests"), _event("e2", "138", "opp", None)]
    return Article(id="hand-1", title=None, text=TEXT, actors=actors, events=events)


def _root(code: str) -> str:
    return code[:2]


def test_score_spans_on_a_hand_built_sentence() -> None:
    metrics = score_spans([(_gold(), _article())], _root)
    # predicted (role, actor): (source, opp) right, (target, protests) wrong
    assert metrics["actor_span"].precision == 0.5
    # agreed spans: opposition found, government missed, officials in no event
    assert metrics["actor_span"].recall == pytest.approx(1 / 3, abs=1e-4)
    assert metrics["actor_span"].count == 1
    # both gold events' roots were produced and both sources are on the span
    assert (metrics["source_span"].accuracy, metrics["source_span"].count) == (1.0, 2)
    # one gold event has a target span, and attache's target is elsewhere
    assert (metrics["target_span"].accuracy, metrics["target_span"].count) == (0.0, 0)
    # two of the three spans carry some actor mention
    assert metrics["actor_mention"].count == 2


def test_unmatched_roots_leave_source_and_target_spans_out() -> None:
    article = _article().model_copy(update={"events": [_event("e1", "040", "opp", None)]})
    metrics = score_spans([(_gold(), article)], _root)
    assert metrics["source_span"].accuracy == 0.0 and metrics["source_span"].count == 0
    assert metrics["actor_span"].precision == 1.0


def _need(root: Path) -> Path:
    if not (root / "cameo_conflibert_annotations").is_dir():
        pytest.skip("corpus folder 'cameo_conflibert_annotations' is absent")
    return root


@pytest.mark.corpora
def test_conflibert_agreed_spans(corpora_dir: Path) -> None:
    sentences = load_conflibert(_need(corpora_dir))
    spans = [(s, span) for s in sentences for span in s.actor_spans]
    assert all(s.text[span.start: span.end] == span.text for s, span in spans)
    assert {span.role for _, span in spans} == {"source", "target"}
    kenya = next(s for s in sentences if s.text.startswith("NAIROBI, Kenya Kenya's"))
    assert [(span.role, span.text) for span in kenya.actor_spans] == [
        ("source", "Kenya's leading opposition party"), ("target", "government")]
    threaten = next(e for e in kenya.events if e.code == "13")
    assert threaten.source_span == kenya.actor_spans[0]


@pytest.mark.corpora
def test_conflibert_eval_reports_actor_spans(corpora_dir: Path, pipeline: Pipeline) -> None:
    result = evaluate("conflibert", pipeline, _need(corpora_dir)).as_dict()
    metrics = result["metrics"]
    assert {"cameo_root", "actor_span", "source_span", "target_span", "actor_mention"} <= set(
        metrics)
    spans = metrics["actor_span"]
    assert 0 < spans["recall"] <= spans["precision"] <= 1
    # recognising an actor on a span is necessary for giving it a role in an event
    assert metrics["actor_mention"]["count"] >= spans["count"]

"""Gold-set loaders: counts checked against each corpus's SOURCE.md."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from attache.evaluation.gold import (
    GoldSentence,
    actor_country,
    load_cameo_examples,
    load_conflibert,
    load_petrarch2_unittest,
    load_plover_gsr,
    load_upetrarch_gsr,
    load_voa,
)

pytestmark = pytest.mark.corpora


def _need(root: Path, folder: str) -> Path:
    if not (root / folder).is_dir():
        pytest.skip(f"corpus folder {folder!r} is absent from {root}")
    return root


def _tuples(sentences: list[GoldSentence]) -> int:
    return sum(len(sentence.events) for sentence in sentences)


def _assert_unique_ids(sentences: list[GoldSentence]) -> None:
    assert len({sentence.id for sentence in sentences}) == len(sentences)


def test_plover_gsr_counts_and_event_types(corpora_dir: Path) -> None:
    sentences = load_plover_gsr(_need(corpora_dir, "plover_gsr"))
    assert len(sentences) == 322
    _assert_unique_ids(sentences)
    first_event = Counter(sentence.events[0].plover for sentence in sentences)
    assert first_event["AGREE"] == 40
    assert first_event["FIGHT"] == 17
    assert first_event["COOPERATE"] == 4
    assert all(event.code is None for s in sentences for event in s.events)
    assert sum(1 for s in sentences if s.events[0].mode) == 108  # 142 have the key, 34 blank


def test_plover_gsr_actor_codes_and_reciprocal_dyads(corpora_dir: Path) -> None:
    by_id = {s.id: s for s in load_plover_gsr(_need(corpora_dir, "plover_gsr"))}
    consult = by_id["PLOVER-GSR01-CONSULT-0001"]
    assert consult.events[0].source == "MARGOV"
    assert consult.events[0].source_text == "Moroccan diplomats"
    assert consult.events[0].mode == "visit"
    assert consult.group == "diplomatic"
    agree = by_id["PLOVER-GSR01-AGREE-0003"]
    assert {(e.source, e.target) for e in agree.events} == {("USA", "JOR"), ("JOR", "USA")}
    assert by_id["PLOVER-GSR01-AGREE-0007"].group == "diplomatic"
    assert "PLOVER-GSR01-COERCE-0004-2" in by_id


def test_upetrarch_gsr_counts(corpora_dir: Path) -> None:
    sentences = load_upetrarch_gsr(_need(corpora_dir, "upetrarch_gsr"))
    assert len(sentences) == 78
    _assert_unique_ids(sentences)
    # SOURCE.md says "92 gold tuples (+12 no-event)": 92 counts all <EventCoding> elements,
    # 80 coded tuples plus the 12 noevents markers.
    assert _tuples(sentences) == 80
    assert sum(1 for s in sentences if not s.events) == 12
    groups = Counter(s.group for s in sentences)
    assert groups == {"OTHER": 23, "AFP": 18, "TEST": 11, "GOLD": 10, "VERB": 8, "PASSIVE": 8}
    assert sum(1 for s in sentences if s.id.startswith("AFP")) == 16


def test_upetrarch_gsr_record(corpora_dir: Path) -> None:
    first = load_upetrarch_gsr(_need(corpora_dir, "upetrarch_gsr"))[0]
    assert first.id == "AFP0808020625_4"
    assert first.published == "2008-08-04"
    assert first.text.startswith("The stopover came as the US leader prepared")
    assert (first.events[0].source, first.events[0].target, first.events[0].code) == (
        "USA",
        "CHN",
        "042",
    )


def test_petrarch2_unittest_counts(corpora_dir: Path) -> None:
    sentences = load_petrarch2_unittest(_need(corpora_dir, "petrarch2_unittest"))
    assert len(sentences) == 284
    _assert_unique_ids(sentences)
    # SOURCE.md's 385 counts every <EventCoding>: 359 tuples + 19 noevents + 7 error markers.
    assert _tuples(sentences) == 359
    assert sum(1 for s in sentences if not s.events) == 27  # + PATTERN-06, which has none
    assert Counter(s.group for s in sentences)["SYNSET"] == 52
    demo = next(s for s in sentences if s.id == "DEMO-00")
    assert demo.events[0].code == "064"
    assert demo.published == "1995-01-01"


def test_cameo_examples(corpora_dir: Path) -> None:
    sentences = load_cameo_examples(_need(corpora_dir, "cameo_dictionaries"))
    # SOURCE.md: 282 rows have an example; one of them is the placeholder "NEED EXAMPLE."
    assert len(sentences) == 281
    _assert_unique_ids(sentences)
    by_code = {s.events[0].code: s for s in sentences}
    assert "010" in by_code and "10" not in by_code
    assert "Note:" not in by_code["043"].text
    assert "Note" not in by_code["039"].text
    assert "£12m" in by_code["1663"].text
    assert all(s.events[0].source is None for s in sentences)


def test_conflibert_majority_vote(corpora_dir: Path) -> None:
    sentences = load_conflibert(_need(corpora_dir, "cameo_conflibert_annotations"))
    assert len(sentences) == 144
    _assert_unique_ids(sentences)
    assert Counter(s.group for s in sentences) == {"majority": 98, "no_majority": 46}
    codes = {event.code for s in sentences for event in s.events}
    assert codes <= {f"{root:02d}" for root in range(1, 21)}
    kenya = next(s for s in sentences if s.text.startswith("NAIROBI, Kenya Kenya's"))
    assert {event.code for event in kenya.events} == {"11", "13"}


def test_voa(corpora_dir: Path) -> None:
    stories = load_voa(_need(corpora_dir, "voa_2025"))
    assert len(stories) == 89
    assert len({story["id"] for story in stories}) == 89
    assert all({"id", "url", "title", "published", "text"} <= set(story) for story in stories)


@pytest.mark.parametrize(
    ("code", "country"),
    [("USAGOV", "USA"), ("RUS", "RUS"), ("IGOUNO", None), ("---REB", None), (None, None)],
)
def test_actor_country(code: str | None, country: str | None) -> None:
    assert actor_country(code) == country

"""The reference article, read by hand: the facts every release must get right."""

from __future__ import annotations

from pathlib import Path

import pytest

from attache.pipeline import Pipeline
from attache.schema import Actor, Article, Event
from attache.stages.ingest import read_articles

REFERENCE = Path(__file__).parents[1] / "examples" / "china-kazakhstan-turkmenistan.txt"


@pytest.fixture(scope="module")
def article(pipeline: Pipeline) -> Article:
    (item,) = list(read_articles([REFERENCE], published="2023-11-30"))
    assert not isinstance(item, Exception)
    return pipeline.extract(item)


def person(article: Article, surname: str) -> Actor:
    matches = [a for a in article.actors if a.kind == "person" and surname in a.name]
    assert len(matches) == 1, [a.name for a in article.actors if a.kind == "person"]
    return matches[0]


@pytest.mark.parametrize(
    ("surname", "country", "role"),
    [
        ("Ding", "CHN", "Vice Premier"),
        ("Sklyar", "KAZ", "First Deputy Prime Minister"),
        ("Meredov", "TKM", "Foreign Minister"),
        ("Tokayev", "KAZ", "President"),
        ("Berdimuhamedov", "TKM", "President"),
    ],
)
def test_five_officials_with_country_and_role(
    article: Article, surname: str, country: str, role: str
) -> None:
    actor = person(article, surname)
    assert actor.country == country
    assert role in actor.roles
    assert actor.sector == "GOV"


def test_meredov_has_both_roles(article: Article) -> None:
    assert {"Deputy Prime Minister", "Foreign Minister"} <= set(person(article, "Meredov").roles)


def test_short_names_resolve_to_the_full_person(article: Article) -> None:
    ding = person(article, "Ding")
    assert ding.name == "Ding Xuexiang"
    assert sum(1 for m in ding.mentions if m.text == "Ding") >= 5
    assert any(m.text == "Tokayev" for m in person(article, "Tokayev").mentions)


def test_acronym_is_not_a_person(article: Article) -> None:
    assert not any(a.kind == "person" and a.name == "BRI" for a in article.actors)


def test_countries_are_iso3(article: Article) -> None:
    countries = {a.id for a in article.actors if a.kind == "country"}
    assert {"CHN", "KAZ", "TKM"} <= countries


def events_with(article: Article, plover: str, *countries: str) -> list[Event]:
    return [
        e for e in article.events
        if e.plover == plover and set(countries) <= {e.source_country, e.target_country}
    ]


def test_monday_meeting_with_tokayev(article: Article) -> None:
    tokayev = person(article, "Tokayev").id
    meetings = [e for e in events_with(article, "CONSULT", "CHN", "KAZ") if e.target == tokayev]
    assert meetings and meetings[0].date == "2023-11-27"
    assert meetings[0].location is not None and meetings[0].location.name == "Astana"
    assert "met with Kazakh President" in meetings[0].evidence.sentence


def test_wednesday_meeting_in_turkmenistan(article: Article) -> None:
    meetings = events_with(article, "CONSULT", "CHN", "TKM")
    assert "2023-11-29" in {e.date for e in meetings}


def test_memorandum_signed_in_january(article: Article) -> None:
    signed = [e for e in events_with(article, "AGREE", "CHN", "TKM") if e.cameo == "057"]
    assert signed and signed[0].date == "2023-01"


def test_summit_in_xian_in_may(article: Article) -> None:
    summit = [e for e in article.events if e.date == "2023-05" and e.plover == "CONSULT"]
    assert summit
    assert summit[0].location is not None and summit[0].location.name.startswith("Xi")
    assert summit[0].location.country == "CHN"
    assert {e.source_country for e in summit} >= {"KAZ", "TKM"}


def test_readiness_and_appeal_are_coded(article: Article) -> None:
    assert events_with(article, "AGREE", "CHN", "KAZ")
    assert any(e.plover == "REQUEST" and e.source_country == "CHN" for e in article.events)


def test_partnership_levels_and_upgrade(article: Article) -> None:
    levels = {(tuple(r.parties), r.level, r.change, r.since) for r in article.relations}
    permanent = "permanent comprehensive strategic partnership"
    assert (("CHN", "KAZ"), permanent, "stated", None) in levels
    assert (("CHN", "TKM"), "comprehensive strategic partnership", "upgraded", "2023-01") in levels


def test_trade_figure_with_source(article: Article) -> None:
    (fact,) = [f for f in article.facts if f.kind == "trade_volume"]
    assert fact.parties == ["CHN", "KAZ"]
    assert fact.value == 24e9 and fact.unit == "USD" and fact.period == "2022"
    assert fact.attributed_to == "Kazakh official data"


def test_memorandum_is_an_agreement(article: Article) -> None:
    names = {a.name: a for a in article.agreements}
    memo = next(a for n, a in names.items() if n.startswith("Memorandum of Understanding"))
    assert memo.kind == "memorandum" and memo.date == "2023-01"
    assert any("Belt and Road Initiative" in n for n in names)


def test_comment_form_removed_everywhere(article: Article) -> None:
    assert "Leave a Reply" not in article.text
    assert "Required fields" not in article.text
    assert {r.reason for r in article.removed} == {"comment form"}


def test_caption_marked_and_not_narrative_dated(article: Article) -> None:
    (caption,) = article.captions
    assert article.text[caption.start: caption.end].startswith("(Cover:")
    assert all(not e.in_caption for e in article.events)


def test_every_offset_points_at_its_text(article: Article) -> None:
    for event in article.events:
        assert article.text[event.evidence.start: event.evidence.end] == event.evidence.sentence
    for timex in article.timexes:
        assert article.text[timex.start: timex.end] == timex.text
    for place in article.places:
        assert article.text[place.start: place.end] == place.text
    for actor in article.actors:
        for mention in actor.mentions:
            assert article.text[mention.start: mention.end] == mention.text


def test_undated_events_say_so(article: Article) -> None:
    for event in article.events:
        assert (event.date is None) == (event.date_status == "unknown")

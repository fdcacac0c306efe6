"""Temporal expressions: find them in a parsed article and normalise them against the DCT.

Rule-based, after HeidelTime's news conventions. Needs a spaCy `Doc` with tagger, parser and
NER; adds `Timex` records whose offsets index `doc.text`.

1. Candidates come from the regex rules in `_RULES` (the same rules normalise) and from spaCy's
   DATE entities that no rule covered (trimmed; kept only if they name a unit of time).
2. Every candidate is licensed: month and weekday names must be capitalised, a bare month must
   not be a modal ("May") or a verb ("March"), bare years need a preposition or spaCy's DATE
   label, and nothing inside a PERSON/ORG/MONEY/CARDINAL... entity counts.
3. Each is normalised with the tense of its governing verb (`_tense_of`): past narrative looks
   back from the DCT, future narrative forward, present both ways (the nearest occurrence).

Spans never include a leading preposition or "the": "on Monday" -> "Monday", "in recent years"
-> "recent years" (`normalise` accepts either). Modifiers are kept in the span but not in the
value ("mid-2024" -> "2024"); the schema has no `mod` field. Ranges: "from Nov. 26 to 27" gives
two timexes, "Nov. 26" and "27", the second borrowing month and year from the first; likewise
"2009-10" and "2022 and 2023". Times of day are kept as TIMEX3 suffixes ("tonight" ->
"2023-11-30TNI", kind "time"). The PAST_REF/PRESENT_REF/FUTURE_REF values need no DCT.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Final, Literal, NamedTuple

from spacy.tokens import Doc, Token

from attache.schema import Granularity, Timex

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
_BLOCKING: Final = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC", "LAW", "MONEY",
                              "PERCENT", "QUANTITY", "CARDINAL"})
_PREPS: Final = frozenset({"in", "on", "at", "since", "by", "until", "till", "before", "after",
                           "during", "from", "to", "through", "of", "between", "for", "around",
                           "throughout", "the", "early", "late", "mid", "fiscal"})
_FUTURE_WORDS: Final = frozenset({"will", "wo", "'ll", "shall", "would", "may", "might",
                                  "should", "must"})
_PLAN_LEMMAS: Final = frozenset({"plan", "schedule", "set", "expect", "due", "intend", "aim",
                                 "prepare", "slate", "want", "hope", "seek", "need", "promise",
                                 "pledge", "vow", "go", "be"})
# fmt: on

# Pattern pieces; each rule compiles its own pattern, so group names can repeat across rules.
_MOD = (
    r"(?P<mod>(?:early|earlier|mid|late|later)[-\s]+"
    r"|(?:end|beginning|start|middle|rest)\s+of\s+)?"
)
_MONTH_FULL = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November"
    r"|December)(?![a-z])"
)
_MONTH = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![a-z])"
)
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?P<y>1[89]\d\d|20\d\d)(?!\d)"
_REL = r"(?P<rel>last|next|this|past|coming|previous|current)"
_NUM = (
    r"(?P<n>\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
    r"|nineteen|a\s+couple\s+of|a\s+few|several|few|a|an)"
)
_UNIT = r"(?P<unit>second|minute|hour|day|fortnight|week|month|quarter|year|decade|centur(?:y|ie))"
_SEASON = r"(?P<s>spring|summer|autumn|fall|winter)"
_RANGE_TAIL: Final = re.compile(
    r"\s*(?:-|–|—|to|and|through|until|till)\s*(?P<n>\d{1,4})"
    r"(?![\d%]|[.,]\d|\s*(?:percent|per\b|billion|million))"
)
_LEAD: Final = re.compile(r"^(?:(?:in|on|at|for|during|since|by|until|over|from|the)\s+)+", re.I)
_TAIL: Final = re.compile(r"(?:['’]s?)?[\s.,;:!?\"”)]*$")
_TEMPORAL_NOUN: Final = re.compile(
    r"\b(?:day|week|weekend|month|year|decade|century|centuries|season|quarter|morning"
    r"|afternoon|evening|night)s?\b",
    re.I,
)
_NOT_A_DATE: Final = re.compile(  # ages, comparisons and indefinite "a single day"
    r"year-old|years?\s+old|\bage\b|year-to-year|^(?:a|an|one|its|his|her|their|our)\b", re.I
)


class _Ctx(NamedTuple):
    dct: dt.date | None
    tense: Tense


class _Result(NamedTuple):
    value: str | None
    granularity: Granularity | None
    kind: Kind = "date"


Handler = Callable[[re.Match[str], _Ctx], _Result | None]


class _Rule(NamedTuple):
    pattern: re.Pattern[str]
    handler: Handler
    needs: frozenset[str] | None = None  # words one of which must come just before the match
    bare: bool = False  # a lone word whose part of speech must be checked (May, March)


def _g(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_no(word: str) -> int:
    return _MONTHS.index(word[:3].lower()) + 1


def _on_day(day: dt.date, part: str | None = None) -> _Result:
    if part is None:
        return _Result(day.isoformat(), "day")
    return _Result(f"{day.isoformat()}T{_PARTS[part]}", "day", "time")


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


def _shift(dct: dt.date, unit: str, n: int) -> _Result:
    """The calendar unit containing the DCT, moved by n units."""
    if unit == "day":
        return _on_day(dct + dt.timedelta(days=n))
    if unit in ("week", "weekend"):
        year, week, _ = (dct + dt.timedelta(weeks=n)).isocalendar()
        return _Result(f"{year}-W{week:02d}" + ("-WE" if unit == "weekend" else ""), "week")
    if unit in ("month", "quarter"):
        per = 12 if unit == "month" else 4
        year, k = divmod(dct.year * per + (dct.month - 1) * per // 12 + n, per)
        value = f"{year:04d}-{k + 1:02d}" if per == 12 else f"{year}-Q{k + 1}"
        return _Result(value, _unit_granularity(unit))
    value = str(dct.year // {"decade": 10, "century": 100}.get(unit, 1) + n)
    return _Result(value, _unit_granularity(unit))


def _unit_granularity(unit: str) -> Granularity:
    if unit == "weekend":
        return "week"
    return _DURATIONS[unit][2] or "day"


def _unit_key(word: str) -> str:
    w = word.lower()
    return "century" if w.startswith("centur") else w.rstrip("s")


def _h_date(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """A full date: ISO, US slash (day first if the first number cannot be a month), or named."""
    if _g(m, "a"):
        a, b = int(m["a"]), int(m["b"])
        month, day = (b, a) if a > 12 else (a, b)
    else:
        month, day = int(m["m"]) if _g(m, "m") else _month_no(m["mon"]), int(m["d"])
    year = int(m["y"])
    found = _date(year + (0 if year > 99 else 2000 if year < 50 else 1900), month, day)
    return None if found is None else _on_day(found)


def _h_month_day(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """A month-day without year: the year putting it nearest the DCT in the tense's direction.

    Past narrative keeps the DCT's year for a date up to `_FEW_DAYS` after the DCT.
    """
    month, day = _month_no(m["mon"]), int(m["d"])
    if _date(2000, month, day) is None:
        return None
    if ctx.dct is None:
        return _Result(None, "day")
    how = _direction(ctx.tense, None)
    pivot = ctx.dct.toordinal() + {"<=": _FEW_DAYS, ">=": -_FEW_DAYS}.get(how, 0)
    dates = (_date(y, month, day) for y in range(ctx.dct.year - 4, ctx.dct.year + 5))
    options = [d.toordinal() for d in dates if d is not None]
    return _on_day(dt.date.fromordinal(_choose(options, pivot, how)))


def _h_month(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """A bare month: the latest one up to the DCT's month, or the next one in the future."""
    yrel = _g(m, "yrel")
    if ctx.dct is None:
        return _Result(None, "month")
    month = _month_no(m["mon"])
    if yrel:
        return _Result(f"{ctx.dct.year + _offset(yrel)}-{month:02d}", "month")
    pivot = ctx.dct.year * 12 + ctx.dct.month - 1
    year, month0 = divmod(_cycle(month - 1, pivot, 12, _direction(ctx.tense, _g(m, "rel"))), 12)
    return _Result(f"{year:04d}-{month0 + 1:02d}", "month")


def _h_year(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """A year, or a month of a year ("January 2023")."""
    if _g(m, "mon"):
        return _Result(f"{m['y']}-{_month_no(m['mon']):02d}", "month")
    return _Result(m["y"], "year")


def _h_decade(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """The 1990s -> "199"; "the '90s" -> "199" ('00s to '20s are taken as this century)."""
    if m["c"]:
        return _Result(m["c"] + m["d"], "decade")
    return _Result(("19" if int(m["d2"]) >= 3 else "20") + m["d2"], "decade")


def _h_century(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    n = int(m["n"])
    return _Result(f"{n - 1:02d}", "century") if 1 <= n <= 21 else None


def _h_season(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    idx = ("spring", "summer", "autumn", "winter").index(m["s"].lower().replace("fall", "autumn"))
    if _g(m, "y"):
        return _Result(f"{m['y']}-{_SEASONS[idx]}", "season")
    if ctx.dct is None:
        return _Result(None, "season")
    return _Result(f"{_season_year(idx, ctx, _g(m, 'rel'))}-{_SEASONS[idx]}", "season")


def _season_year(idx: int, ctx: _Ctx, rel: str | None) -> int:
    """Seasons start in Mar/Jun/Sep/Dec; winter 2023 is Dec 2023 - Feb 2024."""
    assert ctx.dct is not None
    dct = ctx.dct
    if (rel or "").lower() in ("this", "current"):
        return dct.year - 1 if idx == 3 and dct.month < 3 else dct.year
    now = dct.year * 12 + dct.month - 1
    how = _direction(ctx.tense, rel)
    pivot = now if how in ("<=", "~") else now - (now - 2) % 3  # else the current season's start
    return _cycle(3 * idx + 2, pivot, 12, how) // 12


def _h_quarter(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    word = m["q"].lower()
    ordinals = ("first", "second", "third", "fourth", "final")
    q = int(word[0]) if word[0].isdigit() else min(4, ordinals.index(word) + 1)
    if _g(m, "y"):
        return _Result(f"{m['y']}-Q{q}", "quarter")
    if ctx.dct is None:
        return _Result(None, "quarter")
    if _g(m, "yrel"):
        return _Result(f"{ctx.dct.year + _offset(_g(m, 'yrel'))}-Q{q}", "quarter")
    pivot = ctx.dct.year * 4 + (ctx.dct.month - 1) // 3
    return _Result(f"{_cycle(q - 1, pivot, 4, _direction(ctx.tense, None)) // 4}-Q{q}", "quarter")


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """Past narrative: the latest such day on or before the DCT; future: the first on or after
    it (the DCT's own weekday is the DCT: news style names the day itself); present: the
    nearest ("talks Wednesday" in a Tuesday story), ties going back; last/next: strictly."""
    part = m["part"].lower() if _g(m, "part") else None
    if ctx.dct is None:
        return _Result(None, "day", "time" if part else "date")
    weekday = _WEEKDAYS.index(m["wd"].lower())
    pivot, how = ctx.dct.toordinal(), _direction(ctx.tense, _g(m, "rel"))
    found = _cycle((weekday + 1) % 7, pivot, 7, how)  # ordinal 1 was a Monday
    return _on_day(dt.date.fromordinal(found), part)


def _h_day_word(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    shift, part = _DAY_WORDS[" ".join(m["w"].lower().split())]
    if ctx.dct is None:
        return _Result(None, "day", "time" if part else "date")
    return _on_day(ctx.dct + dt.timedelta(days=shift), part)


def _h_rel_unit(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """this/last/next week|weekend|month|quarter|year...; "the past week"; a bare "the weekend"
    is the coming one in the future, else the latest begun."""
    unit = _unit_key(m["unit"])
    if ctx.dct is None:
        return _Result(None, _unit_granularity(unit))
    off = _offset(_g(m, "rel"))
    if unit == "weekend" and not _g(m, "rel") and ctx.tense != "future":
        off = -1 if ctx.dct.weekday() < 5 else 0
    return _shift(ctx.dct, unit, off)


def _h_ago(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    unit, n = _unit_key(m["unit"]), _count(_g(m, "n"))
    if n is None or not n.is_integer():
        return _Result("PAST_REF", None)
    if ctx.dct is None:
        return _Result(None, _unit_granularity(unit))
    return _shift(ctx.dct, unit, -int(n))


def _h_ref(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    w = m.group(0).lower()
    if any(k in w for k in ("future", "soon", "coming", "come")):
        return _Result("FUTURE_REF", None)
    if any(k in w for k in ("now", "current", "present")):
        return _Result("PRESENT_REF", None)
    return _Result("PAST_REF", None)


def _duration(n: float | None, unit: str) -> str:
    code, factor, _, vague = _DURATIONS[unit]
    prefix = "PT" if unit in ("second", "minute", "hour") else "P"
    if n is None:
        return f"{prefix}X{vague}"
    total = n * factor
    return f"{prefix}{int(total) if total.is_integer() else total}{code}"


def _h_duration(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    unit = _unit_key(m["unit"])
    if unit == "second" and (_g(m, "n") or "").lower() in ("a", "an"):
        return None  # "a second term"
    return _Result(_duration(_count(_g(m, "n")), unit), _DURATIONS[unit][2], "duration")


def _h_set(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    unit = _unit_key(m["unit"])
    n = _count(_g(m, "n")) or 1.0
    return _Result(_duration(n, unit), _DURATIONS[unit][2], "set")


def _rule(
    pattern: str, handler: Handler, needs: frozenset[str] | None = None, bare: bool = False
) -> _Rule:
    return _Rule(re.compile(r"(?<![\w'’])" + pattern, re.I), handler, needs, bare)


# fmt: off
_RULES: Final = (
    _rule(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)", _h_date),
    _rule(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d\d)(?!\d)", _h_date),
    _rule(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}", _h_date),
    _rule(rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}", _h_date),
    _rule(rf"{_MONTH}\s+{_DAY}", _h_month_day),
    _rule(rf"{_DAY}\s+(?:of\s+)?{_MONTH}", _h_month_day),
    _rule(rf"{_MOD}{_MONTH},?\s+(?:of\s+)?{_YEAR}", _h_year),
    _rule(rf"{_MOD}{_REL}\s+{_MONTH_FULL}", _h_month),
    _rule(rf"{_MOD}{_MONTH_FULL}\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year", _h_month),
    _rule(rf"{_MOD}{_MONTH_FULL}", _h_month, bare=True),
    _rule(rf"{_MOD}(?:(?P<c>1[89]|20)(?P<d>\d)0|['’](?P<d2>\d)0)['’]?s(?!\w)", _h_decade),
    _rule(r"(?P<n>\d{1,2})(?:st|nd|rd|th)[-\s]+century", _h_century),
    _rule(rf"{_MOD}{_YEAR}(?!\w)", _h_year, needs=_PREPS),
    _rule(rf"{_REL}\s+{_MOD}{_SEASON}(?!\w)", _h_season),
    _rule(rf"{_MOD}{_SEASON}\s+(?:of\s+)?{_YEAR}", _h_season),
    _rule(rf"{_MOD}(?P<s>spring|summer|autumn|winter)(?!\w)", _h_season,
          needs=frozenset({"the", "in", "during", "by", "until", "since", "over"})),
    _rule(r"(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th)[-\s]+quarter"
          rf"(?:\s+of\s+(?:{_YEAR}|(?P<yrel>this|last|next)\s+year))?", _h_quarter),
    _rule(rf"Q(?P<q>[1-4])(?:\s+{_YEAR})?(?!\w)", _h_quarter),
    _rule(rf"(?:{_REL}\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
          r"(?:\s+(?P<part>morning|afternoon|evening|night))?(?!\w)", _h_weekday),
    _rule(r"(?P<w>today|tonight|yesterday|tomorrow|day\s+before\s+yesterday|day\s+after\s+"
          r"tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night)(?!\w)", _h_day_word),
    _rule(rf"{_MOD}{_REL}\s+(?:(?:fiscal|financial)\s+)?"
          r"(?P<unit>week|weekend|month|quarter|year|decade|century)(?!\w)",
          _h_rel_unit),
    _rule(r"(?P<mod>end|beginning|start|middle|rest|remainder)\s+of\s+(?:the\s+)?"
          r"(?P<unit>week|month|year)(?!\w)", _h_rel_unit),
    _rule(r"(?P<unit>weekend)(?!\w)", _h_rel_unit, needs=frozenset({"the"})),
    _rule(rf"(?:{_NUM}\s+)?(?P<unit>day|week|month|year|decade)s?\s+ago(?!\w)", _h_ago),
    _rule(r"(?:now|currently|nowadays|presently|recently|lately|soon|years\s+to\s+come"
          r"|(?:recent|coming)\s+(?:days|weeks|months|years|decades|times))(?![\w-])", _h_ref),
    _rule(r"(?:(?:near|distant|foreseeable|recent)\s+)?(?:past|future|present)(?!\w)", _h_ref,
          needs=frozenset({"the", "at"})),
    _rule(rf"(?:(?:every|each|per)\s+(?:{_NUM}\s+)?|(?:once|twice|\w+\s+times)\s+(?:a|an|per)"
          rf"\s+){_UNIT}s?(?!\w)", _h_set),
    _rule(rf"(?:(?:past|last|next|coming|previous|first|final)\s+)?{_NUM}[-\s]+(?:(?:straight"
          rf"|consecutive|successive|full|more|additional)\s+)?{_UNIT}s?(?!(?<=quarter)\s+of)"
          r"(?![\w-])(?!\s+old)", _h_duration),
    _rule(r"(?P<unit>days|weeks|months|years|decades|centuries|hours)(?!\w)(?!\s+old)", _h_duration,
          needs=frozenset({"for", "over"})),
)
# fmt: on


def _resolve(text: str, ctx: _Ctx) -> _Result | None:
    core = _TAIL.sub("", _LEAD.sub("", text.strip()))
    for rule in _RULES:
        m = rule.pattern.fullmatch(core)
        if m is not None:
            return rule.handler(m, ctx)
    return None


def normalise(
    text: str, dct: dt.date | None, tense: Tense = "past"
) -> tuple[str | None, Granularity | None]:
    """Normalise one temporal expression against the DCT: (TIMEX3-like value, granularity).

    `tense` sets the direction for underspecified dates ("Monday", "May", "Nov. 27"): past
    looks back from the DCT (which itself counts), future forward, present to the nearest.
    Without a DCT relative expressions get value None; (None, None) means no rule matched.
    """
    found = _resolve(text, _Ctx(dct, tense))
    return (None, None) if found is None else (found.value, found.granularity)


def _tense_of(token: Token) -> Tense:
    """The tense of the verb governing a token (its nearest verbal ancestor)."""
    verb = next((t for t in token.ancestors if t.pos_ in ("VERB", "AUX")), None)
    return "past" if verb is None else _verb_tense(verb)


def _verb_tense(verb: Token, depth: int = 0) -> Tense:
    """VBD/VBN and have-perfects: past; VBZ/VBP: present; will/would/may...: future."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in aux} | {verb.lower_}
    if words & _FUTURE_WORDS or _is_planned(verb, aux):
        return "future"
    if "to" in words and depth < 3:
        return _infinitive_tense(verb, "be" in words, depth)
    tags = {verb.tag_} | {c.tag_ for c in aux}
    if "VBD" in tags or any(c.lemma_ == "have" for c in aux) or tags == {"VBN"}:
        return "past"
    if tags & {"VBZ", "VBP"}:
        return "present"
    if verb.head.i != verb.i and depth < 3:  # a gerund: ask the verb above
        return _verb_tense(verb.head, depth + 1)
    return "past"


def _infinitive_tense(verb: Token, passive: bool, depth: int) -> Tense:
    """A to-infinitive: headline "Markets to remain closed" and planned ones ("is to meet",
    "plans to", "to be held") look forward, or both ways when the plan itself is past ("was
    supposed to be done by May 1"); others ("went to attend") take the tense of the verb above.
    """
    head = verb.head
    if head.i == verb.i:
        return "future"
    above = _verb_tense(head, depth + 1)
    if passive or head.lemma_ in _PLAN_LEMMAS:
        return "present" if above == "past" else "future"
    return above


def _is_planned(verb: Token, aux: list[Token]) -> bool:
    """A present-tense plan: "is scheduled for", "are set for", "plans a visit on"."""
    present = any(c.tag_ in ("VBZ", "VBP") for c in aux) or verb.tag_ in ("VBZ", "VBP")
    return present and verb.lemma_ in _PLAN_LEMMAS - {"be"}


def _previous_word(text: str, start: int) -> str:
    found = re.search(r"(\w+)\s*$", text[max(0, start - 40) : start])
    return found.group(1).lower() if found else ""


def _counts_things(token: Token) -> bool:
    """A number before a plural noun, "2000 troops" (spaCy sometimes calls that a DATE)."""
    return token.dep_ == "nummod" and token.head.tag_ in ("NNS", "NNPS")


def _not_a_month(token: Token) -> bool:
    """A modal ("May"), a verb ("March") or a surname ("Theresa May")."""
    named = any(c.dep_ == "compound" and c.tag_ == "NNP" for c in token.lefts)
    return named or token.tag_ == "MD" or token.pos_ in ("VERB", "AUX")


def _licensed(doc: Doc, m: re.Match[str], rule: _Rule) -> bool:
    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
    if span is None or any(t.ent_type_ in _BLOCKING for t in span):
        return False
    names = [m.groupdict().get(g) or "" for g in ("mon", "wd")]
    if any(n and not n[0].isupper() for n in names):
        return False
    if rule.bare and any(_not_a_month(t) for t in span):
        return False
    dated = any(t.ent_type_ == "DATE" and not _counts_things(t) for t in span)
    if rule.needs is None or _g(m, "mod") or dated:
        return True
    return _previous_word(doc.text, m.start()) in rule.needs


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _regex_spans(doc: Doc) -> list[tuple[int, int]]:
    """Rule matches, longest first, then by rule order; overlapping ones dropped."""
    found = [
        (m.start(), m.end(), order)
        for order, rule in enumerate(_RULES)
        for m in rule.pattern.finditer(doc.text)
        if _licensed(doc, m, rule) and rule.handler(m, _Ctx(None, "past")) is not None
    ]  # a rule may still refuse its match: "Feb. 30", "a second term"
    kept: list[tuple[int, int]] = []
    for start, end, _ in sorted(found, key=lambda f: (f[0] - f[1], f[2], f[0])):
        if not _overlaps(start, end, kept):
            kept.append((start, end))
    return kept


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and trailing punctuation or possessive from a spaCy entity."""
    piece = text[start:end]
    lead = re.match(r"the\s+", piece, re.I)
    tail = _TAIL.search(piece)
    return start + (lead.end() if lead else 0), start + (tail.start() if tail else len(piece))


def _spacy_spans(doc: Doc, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """spaCy DATE/TIME entities no rule found, if they name a unit of time (not "11th")."""
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        start, end = _trim(doc.text, ent.start_char, ent.end_char)
        text = doc.text[start:end]
        worth = _TEMPORAL_NOUN.search(text) and (" " in text or re.search(r"\d", text))
        if worth and not _NOT_A_DATE.search(text) and not _overlaps(start, end, taken + spans):
            spans.append((start, end))
    return spans


def _record(text: str, start: int, end: int, found: _Result) -> Timex:
    return Timex(text=text, value=found.value, granularity=found.granularity, start=start,
                 end=end, kind=found.kind)  # fmt: skip


def _timex(doc: Doc, start: int, end: int, dct: dt.date | None) -> Timex:
    span = doc.char_span(start, end, alignment_mode="expand")
    tense = "past" if span is None else _tense_of(span.root)
    text = doc.text[start:end]
    timeish = span is not None and span.root.ent_type_ == "TIME"
    unknown = _Result(None, None, "time" if timeish else "date")  # a spaCy entity no rule knows
    return _record(text, start, end, _resolve(text, _Ctx(dct, tense)) or unknown)


def _range_value(first: str, n: str) -> str | None:
    if len(first) == 10 and len(n) <= 2:
        head, day = first[:8], int(n)
        ok = day > int(first[8:]) and _date(int(first[:4]), int(first[5:7]), day) is not None
        return f"{head}{day:02d}" if ok else None
    year = int(first)
    second = int(n) if len(n) == 4 else year // 100 * 100 + int(n) if len(n) == 2 else 0
    return str(second) if year < second <= year + 100 else None


def _range_end(doc: Doc, first: Timex) -> Timex | None:
    """The bare second half of "Nov. 26 to 27", "2009-10", "2022 and 2023"."""
    if first.value is None or first.kind != "date" or first.granularity not in ("day", "year"):
        return None
    m = _RANGE_TAIL.match(doc.text, first.end)
    value = None if m is None else _range_value(first.value, m["n"])
    if m is None or value is None:
        return None
    return _record(m["n"], m.start("n"), m.end("n"), _Result(value, first.granularity))


def extract_timexes(doc: Doc, dct: dt.date | None) -> list[Timex]:
    """All temporal expressions of a parsed article, normalised against the DCT, in text order."""
    spans = _regex_spans(doc)
    spans += _spacy_spans(doc, spans)
    timexes = [_timex(doc, start, end, dct) for start, end in spans]
    for tx in list(timexes):
        tail = _range_end(doc, tx)
        if tail is not None and not _overlaps(tail.start, tail.end, spans):
            timexes.append(tail)
    return sorted(timexes, key=lambda t: t.start)

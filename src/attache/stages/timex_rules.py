"""Temporal expressions normalised against the document creation time (DCT): the rules.

Standard library only: `normalise(text, dct, tense)` reads one expression; the spaCy stage
(`stages/timexes.py`) finds the expressions in a parsed article with the same `RULES` and passes
each one's tense. Rule-based, after HeidelTime's news conventions:

- dates, month-days, months, seasons, quarters, years, decades and centuries; weekdays and bare
  months are read in the direction of the narrative (`Tense`): past looks back from the DCT,
  future forward, present to the nearest occurrence;
- relative expressions ("last week", "two days ago", "next month", "earlier this year", "the
  day") and times of day ("18:00 UTC", "3 p.m. Monday", "tonight"), kept as TIMEX3 suffixes
  ("2023-11-30T18:00Z", "2023-11-30TNI");
- durations ("three days" P3D, "two and a half years" P2.5Y, "recent weeks" PXW, "the past
  decade" P10Y) and sets ("every morning", "annual" P1Y);
- PAST_REF/PRESENT_REF/FUTURE_REF ("recently", "now", "soon"), which need no DCT.

Modifiers are kept in the span but not in the value ("mid-2024" -> "2024"): the schema has no
`mod` field. Without a DCT relative expressions get value None.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Final, NamedTuple

from attache.schema import Granularity
from attache.stages.timex_calendar import (
    _ADJECTIVE_UNITS,
    _DAY_WORDS,
    _DURATIONS,
    _FEW_DAYS,
    _PARTS,
    _SEASONS,
    _WEEKDAYS,
    PREPS,
    Ctx,
    Kind,
    Result,
    Tense,
    _choose,
    _count,
    _cycle,
    _direction,
    _duration,
    _month_no,
    _offset,
    _on_day,
    _shift,
    _unit_granularity,
    _unit_key,
    group,
    valid_date,
)

__all__ = ["RULES", "TAIL", "Ctx", "Kind", "Result", "Rule", "Tense", "group", "normalise",
           "resolve", "valid_date"]  # fmt: skip



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
_WD_WORDS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|tomorrow|yesterday"
_CLOCK = (
    r"(?<![:\d.,])(?:(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?!:?\d)\s*(?:(?P<ap>[ap])\.?m\b\.?)?"
    r"|(?P<h2>[01]?\d)\s*(?P<ap2>[ap])\.?m\b\.?|(?P<h3>[01]\d|2[0-3])(?P<mi3>[0-5]\d)(?=\s+UTC))"
    r"(?:\s*(?P<tz>UTC|GMT))?"
)
_LEAD: Final = re.compile(
    r"^(?:(?:in|on|at|for|during|since|by|until|over|from|within|after|the)\s+)+", re.I
)
TAIL: Final = re.compile(r"(?:['’]s?)?[\s.,;:!?\"”)]*$")



Handler = Callable[[re.Match[str], Ctx], Result | None]


class Rule(NamedTuple):
    pattern: re.Pattern[str]
    handler: Handler
    needs: frozenset[str] | None = None  # words one of which must come just before the match
    bare: bool = False  # a lone word whose part of speech must be checked (May, March)
    numeric: bool = False  # spaCy often calls "18:00", "7/8/07", "two years" a CARDINAL


def _h_date(m: re.Match[str], ctx: Ctx) -> Result | None:
    """A full date: ISO, US slash (day first if the first number cannot be a month), or named."""
    if group(m, "a"):
        a, b = int(m["a"]), int(m["b"])
        month, day = (b, a) if a > 12 else (a, b)
    else:
        month, day = int(m["m"]) if group(m, "m") else _month_no(m["mon"]), int(m["d"])
    year = int(m["y"])
    found = valid_date(year + (0 if year > 99 else 2000 if year < 50 else 1900), month, day)
    return None if found is None else _on_day(found)


def _h_month_day(m: re.Match[str], ctx: Ctx) -> Result | None:
    """A month-day without year: the year putting it nearest the DCT in the tense's direction.

    Past narrative keeps the DCT's year for a date up to `_FEW_DAYS` after the DCT.
    """
    month, day = _month_no(m["mon"]), int(m["d"])
    if valid_date(2000, month, day) is None:
        return None
    if ctx.dct is None:
        return Result(None, "day")
    how = _direction(ctx.tense, None)
    pivot = ctx.dct.toordinal() + {"<=": _FEW_DAYS, ">=": -_FEW_DAYS}.get(how, 0)
    dates = (valid_date(y, month, day) for y in range(ctx.dct.year - 4, ctx.dct.year + 5))
    options = [d.toordinal() for d in dates if d is not None]
    return _on_day(dt.date.fromordinal(_choose(options, pivot, how)))


def _h_month(m: re.Match[str], ctx: Ctx) -> Result | None:
    """A bare month: the latest one up to the DCT's month, or the next one in the future."""
    yrel = group(m, "yrel")
    if ctx.dct is None:
        return Result(None, "month")
    month = _month_no(m["mon"])
    if yrel:
        return Result(f"{ctx.dct.year + _offset(yrel)}-{month:02d}", "month")
    pivot = ctx.dct.year * 12 + ctx.dct.month - 1
    year, month0 = divmod(_cycle(month - 1, pivot, 12, _direction(ctx.tense, group(m, "rel"))), 12)
    return Result(f"{year:04d}-{month0 + 1:02d}", "month")


def _h_year(m: re.Match[str], ctx: Ctx) -> Result | None:
    """A year, or a month of a year ("January 2023")."""
    if group(m, "mon"):
        return Result(f"{m['y']}-{_month_no(m['mon']):02d}", "month")
    return Result(m["y"], "year")


def _h_decade(m: re.Match[str], ctx: Ctx) -> Result | None:
    """The 1990s -> "199"; "the '90s" -> "199" ('00s to '20s are taken as this century)."""
    if group(m, "c"):
        return Result(m["c"] + m["d"], "decade")
    return Result(("19" if int(m["d2"]) >= 3 else "20") + m["d2"], "decade")


def _h_century(m: re.Match[str], ctx: Ctx) -> Result | None:
    n = int(m["n"])
    return Result(f"{n - 1:02d}", "century") if 1 <= n <= 21 else None


def _h_season(m: re.Match[str], ctx: Ctx) -> Result | None:
    idx = ("spring", "summer", "autumn", "winter").index(m["s"].lower().replace("fall", "autumn"))
    if group(m, "y"):
        return Result(f"{m['y']}-{_SEASONS[idx]}", "season")
    if ctx.dct is None:
        return Result(None, "season")
    return Result(f"{_season_year(idx, ctx, group(m, 'rel'))}-{_SEASONS[idx]}", "season")


def _season_year(idx: int, ctx: Ctx, rel: str | None) -> int:
    """Seasons start in Mar/Jun/Sep/Dec; winter 2023 is Dec 2023 - Feb 2024."""
    assert ctx.dct is not None
    dct = ctx.dct
    if (rel or "").lower() in ("this", "current"):
        return dct.year - 1 if idx == 3 and dct.month < 3 else dct.year
    now = dct.year * 12 + dct.month - 1
    how = _direction(ctx.tense, rel)
    pivot = now if how in ("<=", "~") else now - (now - 2) % 3  # else the current season's start
    return _cycle(3 * idx + 2, pivot, 12, how) // 12


def _h_quarter(m: re.Match[str], ctx: Ctx) -> Result | None:
    word = m["q"].lower()
    ordinals = ("first", "second", "third", "fourth", "final")
    q = int(word[0]) if word[0].isdigit() else min(4, ordinals.index(word) + 1)
    if group(m, "y"):
        return Result(f"{m['y']}-Q{q}", "quarter")
    if ctx.dct is None:
        return Result(None, "quarter")
    if group(m, "yrel"):
        return Result(f"{ctx.dct.year + _offset(group(m, 'yrel'))}-Q{q}", "quarter")
    pivot = ctx.dct.year * 4 + (ctx.dct.month - 1) // 3
    return Result(f"{_cycle(q - 1, pivot, 4, _direction(ctx.tense, None)) // 4}-Q{q}", "quarter")


def _h_weekday(m: re.Match[str], ctx: Ctx) -> Result | None:
    """Past narrative: the latest such day on or before the DCT; future: the first on or after
    it (the DCT's own weekday is the DCT: news style names the day itself); present: the
    nearest ("talks Wednesday" in a Tuesday story), ties going back; last/next: strictly."""
    part = m["part"].lower() if group(m, "part") else None
    if ctx.dct is None:
        return Result(None, "day", "time" if part else "date")
    weekday = _WEEKDAYS.index(m["wd"].lower())
    pivot, how = ctx.dct.toordinal(), _direction(ctx.tense, group(m, "rel"))
    found = _cycle((weekday + 1) % 7, pivot, 7, how)  # ordinal 1 was a Monday
    return _on_day(dt.date.fromordinal(found), part)


def _h_day_word(m: re.Match[str], ctx: Ctx) -> Result | None:
    shift, part = _DAY_WORDS[" ".join(m["w"].lower().split())]
    if ctx.dct is None:
        return Result(None, "day", "time" if part else "date")
    return _on_day(ctx.dct + dt.timedelta(days=shift), part)


def _h_rel_unit(m: re.Match[str], ctx: Ctx) -> Result | None:
    """this/last/next week|weekend|month|quarter|year...; "the past week"; a bare "the weekend"
    is the coming one in the future, else the latest begun; "the past decade" is a duration
    (P10Y), as both TimeML corpora annotate it; "the end of the day" is the DCT."""
    unit = _unit_key(m["unit"])
    rel = (group(m, "rel") or "").lower()
    if unit in ("decade", "century") and rel in ("past", "last", "next", "coming", "previous"):
        return Result(_duration(1.0, unit), _unit_granularity(unit), "duration")  # P10Y
    if ctx.dct is None:
        return Result(None, _unit_granularity(unit))
    off = _offset(group(m, "rel"))
    if unit == "weekend" and not group(m, "rel") and ctx.tense != "future":
        off = -1 if ctx.dct.weekday() < 5 else 0
    return _shift(ctx.dct, unit, off)


def _h_ago(m: re.Match[str], ctx: Ctx) -> Result | None:
    unit, n = _unit_key(m["unit"]), _count(group(m, "n"))
    if n is None or not n.is_integer():
        return Result("PAST_REF", None)
    if unit == "week":  # "a week ago" is the day seven days back (MEANTIME annotates it so)
        unit, n = "day", 7 * n
    if ctx.dct is None:
        return Result(None, _unit_granularity(unit))
    return _shift(ctx.dct, unit, -int(n))


def _h_ref(m: re.Match[str], ctx: Ctx) -> Result | None:
    w = m.group(0).lower()
    if "time being" in w:
        return Result("PRESENT_REF", None)
    if any(k in w for k in ("future", "soon", "coming", "come", "term")):
        return Result("FUTURE_REF", None)
    if any(k in w for k in ("now", "current", "present")):
        return Result("PRESENT_REF", None)
    return Result("PAST_REF", None)


def _h_duration(m: re.Match[str], ctx: Ctx) -> Result | None:
    unit = _unit_key(m["unit"])
    if unit == "second" and (group(m, "n") or "").lower() in ("a", "an"):
        return None  # "a second term"
    n = _count(group(m, "n"))
    if n is not None and (group(m, "half") or group(m, "half2")):
        n += 0.5  # "two and a half years", "a year and a half"
    return Result(_duration(n, unit), _DURATIONS[unit][2], "duration")


def _h_vague(m: re.Match[str], ctx: Ctx) -> Result | None:
    """"recent weeks" -> PXW: a duration of unknown length, as both TimeML corpora have it."""
    unit = _unit_key(m["unit"])
    return Result(_duration(None, unit), _DURATIONS[unit][2], "duration")


def _h_adjective_set(m: re.Match[str], ctx: Ctx) -> Result | None:
    """annual P1Y, weekly P1W, daily P1D, monthly P1M, quarterly P3M."""
    unit = _ADJECTIVE_UNITS[m["adj"].lower()]
    return Result(_duration(3.0 if unit == "quarter" else 1.0, "month" if unit == "quarter"
                            else unit), _DURATIONS[unit][2], "set")  # fmt: skip


def _h_part_set(m: re.Match[str], ctx: Ctx) -> Result | None:
    """"every morning" -> XXXX-XX-XXTMO."""
    return Result(f"XXXX-XX-XXT{_PARTS[m['part'].lower()]}", "day", "set")


def _h_single_day(m: re.Match[str], ctx: Ctx) -> Result | None:
    return Result("P1D", "day", "duration")


def _h_the_day(m: re.Match[str], ctx: Ctx) -> Result | None:
    """"the day", "the same day": in news, the day of the report."""
    return _on_day(ctx.dct) if ctx.dct is not None else Result(None, "day")


def _h_short_year(m: re.Match[str], ctx: Ctx) -> Result | None:
    """"in '82" -> 1982 ('00 to '29 are taken as this century)."""
    yy = int(m["yy"])
    return Result(str((1900 if yy >= 30 else 2000) + yy), "year")


def _h_clock(m: re.Match[str], ctx: Ctx) -> Result | None:
    """"18:00 UTC", "3 p.m. Monday", "0800 UTC": the DCT's day unless a day is named, the
    hour on a 24-hour clock, "Z" for UTC."""
    hour = int(group(m, "h") or group(m, "h2") or group(m, "h3") or 0)
    minute = int(group(m, "mi") or group(m, "mi3") or 0)
    ampm = (group(m, "ap") or group(m, "ap2") or "").lower()
    hour += 12 if ampm == "p" and hour < 12 else -12 if ampm == "a" and hour == 12 else 0
    if hour > 23:
        return None
    day = _clock_day((group(m, "day") or "").lower(), ctx)
    if day is None:
        return Result(None, "day", "time")
    zone = "Z" if (group(m, "tz") or "").upper() == "UTC" else ""
    return Result(f"{day.isoformat()}T{hour:02d}:{minute:02d}{zone}", "day", "time")


def _clock_day(word: str, ctx: Ctx) -> dt.date | None:
    if ctx.dct is None:
        return None
    if word in _WEEKDAYS:
        pivot, how = ctx.dct.toordinal(), _direction(ctx.tense, None)
        return dt.date.fromordinal(_cycle((_WEEKDAYS.index(word) + 1) % 7, pivot, 7, how))
    return ctx.dct + dt.timedelta(days=_DAY_WORDS[word][0] if word in _DAY_WORDS else 0)


def _h_set(m: re.Match[str], ctx: Ctx) -> Result | None:
    unit = _unit_key(m["unit"])
    n = _count(group(m, "n")) or 1.0
    return Result(_duration(n, unit), _DURATIONS[unit][2], "set")


def _rule(
    pattern: str,
    handler: Handler,
    needs: frozenset[str] | None = None,
    bare: bool = False,
    numeric: bool = False,
) -> Rule:
    return Rule(re.compile(r"(?<![\w'’])" + pattern, re.I), handler, needs, bare, numeric)


# fmt: off
RULES: Final = (
    _rule(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)", _h_date, numeric=True),
    _rule(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d\d)(?!\d)", _h_date, numeric=True),
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
    _rule(rf"{_MOD}{_YEAR}(?!\w)", _h_year, needs=PREPS),
    _rule(rf"{_REL}\s+{_MOD}{_SEASON}(?!\w)", _h_season),
    _rule(rf"{_MOD}{_SEASON}\s+(?:of\s+)?{_YEAR}", _h_season),
    _rule(rf"{_MOD}(?P<s>spring|summer|autumn|winter)(?!\w)", _h_season,
          needs=frozenset({"the", "in", "during", "by", "until", "since", "over"})),
    _rule(r"(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th)[-\s]+quarter"
          rf"(?:\s+of\s+(?:{_YEAR}|(?P<yrel>this|last|next)\s+year))?", _h_quarter),
    _rule(rf"Q(?P<q>[1-4])(?:\s+{_YEAR})?(?!\w)", _h_quarter),
    _rule(rf"(?:{_REL}\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
          r"(?:\s+(?P<part>morning|afternoon|evening|night))?(?!\w)", _h_weekday),
    _rule(rf"{_CLOCK}(?:\s+(?:on\s+)?(?P<day>{_WD_WORDS}))?(?![\w:])", _h_clock, numeric=True),
    _rule(r"(?P<w>today|tonight|yesterday|tomorrow|day\s+before\s+yesterday|day\s+after\s+"
          r"tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night)(?!\w)", _h_day_word),
    _rule(rf"{_MOD}{_REL}\s+(?:(?:fiscal|financial)\s+)?"
          r"(?P<unit>week|weekend|month|quarter|year|decade|century)(?!\w)",
          _h_rel_unit),
    _rule(r"(?P<mod>end|beginning|start|middle|rest|remainder)\s+of\s+(?:the\s+)?"
          r"(?P<unit>day|week|month|year)(?!\w)", _h_rel_unit),
    _rule(r"(?:same\s+)?day(?!\w)(?!\s+(?:before|after|of|when|that|in|to)\b)", _h_the_day,
          needs=frozenset({"the"})),
    _rule(r"(?P<unit>weekend)(?!\w)", _h_rel_unit, needs=frozenset({"the"})),
    _rule(rf"(?:{_NUM}\s+)?(?P<unit>day|week|month|year|decade)s?\s+ago(?!\w)", _h_ago),
    _rule(r"recent\s+(?P<unit>days|weeks|months|years|decades)(?![\w-])", _h_vague),
    _rule(r"(?:now|currently|nowadays|presently|recently|lately|soon|years\s+to\s+come"
          r"|coming\s+(?:days|weeks|months|years|decades|times)|recent)(?![\w-])", _h_ref),
    _rule(r"(?P<adj>annual|yearly|weekly|daily|monthly|quarterly)(?![\w-])", _h_adjective_set),
    _rule(r"(?:every|each)\s+(?P<part>morning|afternoon|evening|night)(?!\w)", _h_part_set),
    _rule(r"['’](?P<yy>\d\d)(?![\d'’]|s\b)", _h_short_year, needs=PREPS),
    _rule(rf"{_MOD}(?P<d2>[1-9])0s(?!\w)", _h_decade,
          needs=frozenset({"the", "and", "in", "of", "since"})),
    _rule(r"(?:(?:near|distant|foreseeable|recent)\s+)?(?:past|future|present)(?!\w)", _h_ref,
          needs=frozenset({"the", "at"})),
    _rule(rf"(?:(?:every|each|per)\s+(?:{_NUM}\s+)?|(?:once|twice|\w+\s+times)\s+(?:a|an|per)"
          rf"\s+){_UNIT}s?(?!\w)", _h_set),
    _rule(rf"(?:(?:past|last|next|coming|previous|first|final)\s+)?{_NUM}(?P<half>\s+and\s+a"
          rf"\s+half)?[-\s]+(?:(?:straight|consecutive|successive|full|more|additional|trading"
          rf"|business|working)\s+)?{_UNIT}s?(?P<half2>\s+and\s+a\s+half)?(?!(?<=quarter)\s+of)"
          r"(?![\w-])(?!\s+old)", _h_duration, numeric=True),
    _rule(r"single[-\s]day(?!\w)", _h_single_day),
    _rule(r"(?:(?:the\s+)?(?:near|long|short)\s+term|time\s+being)(?![\w-])", _h_ref),
    _rule(r"(?P<unit>days|weeks|months|years|decades|centuries|hours|minutes)(?!\w)(?!\s+old)",
          _h_duration, needs=frozenset({"for", "over", "within", "in", "after"})),
)
# fmt: on


def resolve(text: str, ctx: Ctx) -> Result | None:
    core = TAIL.sub("", _LEAD.sub("", text.strip()))
    for rule in RULES:
        m = rule.pattern.fullmatch(core)
        if m is not None:
            try:
                return rule.handler(m, ctx)
            except (OverflowError, ValueError):  # past year 1 or 9999: no such date
                return None
    return None


def normalise(
    text: str, dct: dt.date | None, tense: Tense = "past"
) -> tuple[str | None, Granularity | None]:
    """Normalise one temporal expression against the DCT: (TIMEX3-like value, granularity).

    `tense` sets the direction for underspecified dates ("Monday", "May", "Nov. 27"): past
    looks back from the DCT (which itself counts), future forward, present to the nearest.
    Without a DCT relative expressions get value None; (None, None) means no rule matched.
    """
    found = resolve(text, Ctx(dct, tense))
    return (None, None) if found is None else (found.value, found.granularity)


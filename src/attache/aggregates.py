"""The series analysts plot first, as polars DataFrames over canonical events.

    frame = events_frame(canonical_events(store))
    dyad_counts(frame, "week")          # events and mentions per dyad per week
    quad_series(frame, "month")         # verbal/material cooperation/conflict per month
    goldstein_series(frame, "month")    # mean and total Goldstein score per month

Counting canonical events (not mentions) is the point: five reports of one meeting count once,
and `mentions` carries the report count beside it. Time is either the event's own date
(`axis="event"`, the default) or the publication date of its first report (`axis="seen"`). On
the event axis an event counts only in intervals its date is precise enough for: a day-dated
event in day, week and month series, a month-dated one only in month series, a year-dated or
undated one in none (`coverage` says how many were left out). Weeks start on Monday; a period
is labelled by its first day.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import polars as pl

from attache.dedup_model import CanonicalEvent

__all__ = ["coverage", "dyad_counts", "events_frame", "goldstein_series", "quad_series"]

Interval = Literal["day", "week", "month"]
Axis = Literal["event", "seen"]
_EVERY = {"day": "1d", "week": "1w", "month": "1mo"}
_PRECISE = {"day": ("day",), "week": ("day",), "month": ("day", "month")}
QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")


def _precision(date: str | None) -> str | None:
    return {10: "day", 7: "month", 4: "year"}.get(len(date)) if date else None


def _start(date: str | None) -> str | None:
    """The first day of the event date's period, for day- and month-dated events."""
    if not date or len(date) == 4:
        return None
    return date if len(date) == 10 else f"{date}-01"


def events_frame(events: Sequence[CanonicalEvent]) -> pl.DataFrame:
    """One row per canonical event with the columns the series need."""
    return pl.DataFrame({
        "event_id": [e.event_id for e in events],
        "date": [e.date for e in events],
        "precision": [_precision(e.date) for e in events],
        "day": [_start(e.date) for e in events],
        "seen": [e.first_seen for e in events],
        "plover": [e.plover for e in events],
        "quad": [e.quad for e in events],
        "goldstein": [e.goldstein for e in events],
        "source_country": [e.source_country for e in events],
        "target_country": [e.target_country for e in events],
        "mentions": [e.num_mentions for e in events],
        "articles": [e.num_articles for e in events],
    }, schema={"event_id": pl.String, "date": pl.String, "precision": pl.String,
               "day": pl.String, "seen": pl.String, "plover": pl.String, "quad": pl.String,
               "goldstein": pl.Float64, "source_country": pl.String,
               "target_country": pl.String, "mentions": pl.Int64, "articles": pl.Int64},
    ).with_columns(pl.col("day").str.to_date(), pl.col("seen").str.to_date())


def _periods(frame: pl.DataFrame, interval: Interval, axis: Axis) -> pl.DataFrame:
    """The rows that can be placed in `interval` on `axis`, with their `period`."""
    if axis == "seen":
        kept = frame.filter(pl.col("seen").is_not_null())
        when = pl.col("seen")
    else:
        kept = frame.filter(pl.col("precision").is_in(_PRECISE[interval]))
        when = pl.col("day")
    return kept.with_columns(when.dt.truncate(_EVERY[interval]).alias("period"))


def coverage(frame: pl.DataFrame, interval: Interval, axis: Axis = "event") -> dict[str, int]:
    """How many events a series on this interval and axis counts, and how many it leaves out."""
    placed = _periods(frame, interval, axis).height
    return {"events": frame.height, "placed": placed, "left_out": frame.height - placed}


def dyad_counts(frame: pl.DataFrame, interval: Interval = "month", axis: Axis = "event",
                directed: bool = False) -> pl.DataFrame:
    """Events (and their mentions) per country dyad per period.

    Undirected by default: `dyad` "CHN-USA" counts China acting on the US and the US acting on
    China (countries in alphabetical order). Events missing a country on either side are left
    out; a country acting on itself is kept ("PAK-PAK").
    """
    rows = _periods(frame, interval, axis).filter(
        pl.col("source_country").is_not_null() & pl.col("target_country").is_not_null())
    first, second = pl.col("source_country"), pl.col("target_country")
    if not directed:
        first, second = (pl.min_horizontal(first, second), pl.max_horizontal(first, second))
    dyad = pl.concat_str([first, second], separator="-").alias("dyad")
    return (rows.group_by("period", dyad)
            .agg(pl.len().alias("events"), pl.col("mentions").sum().alias("mentions"))
            .sort("period", "dyad"))


def quad_series(frame: pl.DataFrame, interval: Interval = "month", axis: Axis = "event"
                ) -> pl.DataFrame:
    """Events per PLOVER quad class per period: one column per quad class, zeros filled."""
    rows = _periods(frame, interval, axis).filter(pl.col("quad").is_in(QUADS))
    counts = rows.group_by("period", "quad").agg(pl.len().alias("events"))
    wide = counts.pivot(on="quad", index="period", values="events")
    missing = [pl.lit(0, dtype=pl.UInt32).alias(q) for q in QUADS if q not in wide.columns]
    return (wide.with_columns(*missing).select("period", *QUADS).fill_null(0)
            .sort("period"))


def goldstein_series(frame: pl.DataFrame, interval: Interval = "month", axis: Axis = "event"
                     ) -> pl.DataFrame:
    """Per period: events with a Goldstein score, their mean and total, and mentions."""
    rows = _periods(frame, interval, axis).filter(pl.col("goldstein").is_not_null())
    return (rows.group_by("period")
            .agg(pl.len().alias("events"), pl.col("goldstein").mean().alias("goldstein_mean"),
                 pl.col("goldstein").sum().alias("goldstein_total"),
                 pl.col("mentions").sum().alias("mentions"))
            .sort("period"))

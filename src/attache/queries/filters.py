"""Validated query models and their translation into parameterised SQL.

A filter is a pydantic model (`EventFilters` and its subclasses): a bad value raises
`pydantic.ValidationError` before any SQL is built, and every value reaches DuckDB as a
parameter; the only text put into SQL comes from constants in this package.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

import duckdb
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_PAGE = 500
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
                "ASSAULT")
Quad = Literal["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"]
Sort = Literal["date", "-date", "confidence", "-confidence"]
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_FREE_TEXT = 200


class Query(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        """An empty form field means "no filter"."""
        return None if isinstance(value, str) and not value.strip() else value


class EventFilters(Query):
    """The event filters shared by the event table, time series, map and network."""

    country: str | None = Field(default=None, description="ISO3 code, as source or target: CHN")
    dyad: str | None = Field(default=None, description="Two ISO3 codes, either direction: CHN-KAZ")
    actor: str | None = Field(default=None, max_length=_FREE_TEXT,
                              description="Actor id, as source or target: person:ding-xuexiang")
    type: str | None = Field(default=None, description="PLOVER event type: CONSULT")
    quad: Quad | None = Field(default=None, description="PLOVER quad class")
    cameo: str | None = Field(default=None, description="CAMEO code prefix, 2 to 4 digits: 05")
    since: str | None = Field(default=None, description="Inclusive, YYYY, YYYY-MM or YYYY-MM-DD")
    until: str | None = Field(default=None, description="Inclusive, YYYY, YYYY-MM or YYYY-MM-DD")
    place: str | None = Field(default=None, max_length=_FREE_TEXT,
                              description="Place name (any case) or GeoNames id")
    q: str | None = Field(default=None, max_length=_FREE_TEXT,
                          description="Text in the evidence sentence (any case)")

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        return None if value is None else iso3(value)

    @field_validator("dyad")
    @classmethod
    def _dyad(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = value.split("-")
        if len(parts) != 2:
            raise ValueError("must be two ISO3 codes joined by '-', e.g. CHN-KAZ")
        return "-".join(iso3(part) for part in parts)

    @field_validator("type")
    @classmethod
    def _type(cls, value: str | None) -> str | None:
        if value is not None and value.strip().upper() not in PLOVER_TYPES:
            raise ValueError(f"must be a PLOVER type: {', '.join(PLOVER_TYPES)}")
        return None if value is None else value.strip().upper()

    @field_validator("cameo")
    @classmethod
    def _cameo(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[0-9]{2,4}", value):
            raise ValueError("must be a CAMEO code prefix of 2 to 4 digits")
        return value

    @field_validator("since", "until")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return None if value is None else _partial_date(value)

    def dyad_pair(self) -> tuple[str, str] | None:
        if self.dyad is None:
            return None
        first, second = self.dyad.split("-")
        return first, second


class EventQuery(EventFilters):
    sort: Sort = Field(default="-date",
                       description="date, -date (newest first), confidence, -confidence")
    limit: int = Field(default=50, ge=1, le=MAX_PAGE,
                       description=f"Rows per page, at most {MAX_PAGE}")
    cursor: str | None = Field(default=None, max_length=1000,
                                description="next_cursor of the last page")

    @model_validator(mode="after")
    def _cursor_fits(self) -> EventQuery:
        if self.cursor is not None:
            decode_cursor(self.cursor, self.sort)
        return self


def iso3(value: str) -> str:
    code = value.strip().upper()
    if not _ISO3.match(code):
        raise ValueError(f"{value!r} is not an ISO3 country code such as CHN")
    return code


def _partial_date(value: str) -> str:
    text = value.strip()
    if not _DATE.match(text):
        raise ValueError(f"{value!r} is not a date: YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(p) for p in (text + "-01-01")[:10].split("-"))
    try:
        date(year, month, day)
    except ValueError as error:
        raise ValueError(f"{value!r} is not a valid date ({error})") from None
    return text


def encode_cursor(sort: str, key: object, article_id: str, seq: int) -> str:
    raw = json.dumps([sort, key, article_id, seq], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[object, str, int]:
    """(sort key, article id, position) after which the next page starts."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        got_sort, key, article_id, seq = json.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        raise ValueError("cursor is not one this server gave out") from None
    if got_sort != sort:
        raise ValueError(f"cursor was made for sort={got_sort!r}, not sort={sort!r}")
    numeric = sort.endswith("confidence")
    key_ok = isinstance(key, int | float) if numeric else isinstance(key, str)
    if not (key_ok and isinstance(article_id, str) and isinstance(seq, int)):
        raise ValueError("cursor is not one this server gave out")
    return key, article_id, seq



# --------------------------------------------------------------------------- filters to SQL


def _since(bound: str) -> tuple[str, list[object]]:
    """Dates whose period ends on or after `bound` ("2023" is since "2023-06-01").

    Equal, on their common prefix, to `left(date, k) >= left(bound, k)` (what `Store.events`
    does) but written as plain comparisons: a date at least as precise as the bound must be
    >= it; a coarser one must be >= it or be one of its prefixes.
    """
    prefixes = [bound[:n] for n in (4, 7) if n < len(bound)]
    return "(e.date >= ? OR e.date = any(?))", [bound, prefixes]


def _until(bound: str) -> tuple[str, list[object]]:
    """Dates whose period starts on or before `bound` ("2023-06" is until "2023-06-01")."""
    return "(e.date <= ? OR starts_with(e.date, ?))", [bound, bound]


def contains(column: str, text: str) -> tuple[str, list[object]]:
    """`column` contains `text`, in any case, as SQL and its parameter.

    DuckDB's ILIKE is twice as fast without an ESCAPE clause, so one is only added when the
    text holds a LIKE wildcard (then escaped).
    """
    if not any(c in text for c in "%_\\"):
        return f"{column} ILIKE ?", [f"%{text}%"]
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{column} ILIKE ? ESCAPE '\\'", [f"%{escaped}%"]


def where(filters: EventFilters) -> tuple[str, list[object]]:
    """`WHERE ...` over events aliased `e` (or an empty string) and its parameters."""
    f, pair = filters, "(e.source_country = ? AND e.target_country = ?)"
    dyad = f.dyad_pair()
    by_id = bool(f.place and re.fullmatch(r"[0-9]{1,9}", f.place))
    place_sql = "e.geonameid = ?" if by_id else "lower(e.location_name) = lower(?)"
    place_param: object = int(f.place) if by_id and f.place else f.place
    clauses: list[tuple[object, str, list[object]]] = [
        (f.country, "(e.source_country = ? OR e.target_country = ?)", [f.country] * 2),
        (dyad, f"({pair} OR {pair})", [*dyad, *reversed(dyad)] if dyad else []),
        (f.actor, "(e.source = ? OR e.target = ?)", [f.actor] * 2),
        (f.type, "e.plover = ?", [f.type]),
        (f.quad, "e.quad = ?", [f.quad]),
        (f.cameo, "starts_with(e.cameo, ?)", [f.cameo]),
        (f.since, *_since(f.since or "")),
        (f.until, *_until(f.until or "")),
        (f.place, place_sql, [place_param]),
        (f.q, *contains("e.evidence_sentence", f.q or "")),
    ]
    given = [(sql, params) for value, sql, params in clauses if value is not None]
    if not given:
        return "", []
    return "WHERE " + " AND ".join(s for s, _ in given), [p for _, ps in given for p in ps]


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()
         ) -> list[dict[str, Any]]:
    """Run `sql` and return its rows as dicts keyed by column name."""
    result = con.execute(sql, list(params))
    names = [d[0] for d in result.description or ()]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()) -> Any:
    row = con.execute(sql, list(params)).fetchone()
    return row[0] if row else None


def iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, date) else None if value is None else str(value)

"""Facts: figures stated about actors (trade volume, investment, aid, loans) with their source.

"According to Kazakh official data, the bilateral trade volume between the two countries
reached $24 billion in 2022." -> trade_volume, [CHN, KAZ], 24e9 USD, 2022, "Kazakh official data".
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from attache.schema import Evidence, Fact, Timex
from attache.stages.actors import ActorIndex

KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("trade_volume", re.compile(r"\btrade\b|\btrading\b", re.I)),
    ("investment", re.compile(r"\binvest(ment|ments|ed|s)?\b", re.I)),
    ("aid", re.compile(r"\b(aid|assistance|grant|grants|donat\w+)\b", re.I)),
    ("loan", re.compile(r"\b(loan|loans|credit line|lend\w*)\b", re.I)),
    ("exports", re.compile(r"\bexport(s|ed)?\b", re.I)),
    ("imports", re.compile(r"\bimport(s|ed)?\b", re.I)),
]
CURRENCIES = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "€": "EUR",
    "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "pounds": "GBP", "yuan": "CNY",
    "rmb": "CNY", "renminbi": "CNY", "¥": "JPY", "yen": "JPY", "rubles": "RUB", "roubles": "RUB",
    "rupees": "INR", "tenge": "KZT",
}
SCALES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bln": 1e9,
          "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}
AMOUNT = re.compile(
    r"(?P<pre>US\$|\$|€|£|¥|USD|EUR)?\s?(?P<num>\d+(?:[.,]\d+)*)\s?"
    r"(?P<scale>thousand|million|billion|trillion|mln|bln|bn|tn|m|b)?\b\s?"
    r"(?P<post>dollars|euros|yuan|rmb|renminbi|yen|rubles|roubles|rupees|tenge|pounds)?",
    re.I,
)
ATTRIBUTION = re.compile(
    r"(according to|citing|data from|figures from|statistics from)\s+(?P<who>[^,.;]+)", re.I
)
BILATERAL = re.compile(
    r"\b(bilateral|the two (countries|sides|nations)|between (the|both))\b", re.I
)


def extract_facts(doc: Doc, index: ActorIndex, timexes: list[Timex]) -> list[Fact]:
    facts = []
    recent: list[str] = []
    for sent in doc.sents:
        named = index.countries_in(sent)
        fact = _fact_in(sent, named or [], recent, timexes)
        if fact is not None:
            facts.append(fact)
        recent = [c for c in recent if c not in named] + named
    return facts


def _fact_in(sent: Span, named: list[str], recent: list[str], timexes: list[Timex]) -> Fact | None:
    text = sent.text  # spaCy joins the tokens' text on every access
    kind = next((k for k, pattern in KINDS if pattern.search(text)), None)
    if kind is None:
        return None
    amount = _amount(text)
    if amount is None:
        return None
    value, unit = amount
    parties = list(named)
    if len(parties) < 2 and BILATERAL.search(text):
        parties = (parties + [c for c in reversed(recent) if c not in parties])[:2]
    return Fact(
        kind=kind, parties=sorted(parties), value=value, unit=unit,
        period=_period(sent, timexes), attributed_to=_attribution(text),
        evidence=Evidence(sentence=text, start=sent.start_char, end=sent.end_char),
    )


def _amount(text: str) -> tuple[float, str] | None:
    for match in AMOUNT.finditer(text):
        currency = (match.group("pre") or match.group("post") or "").lower()
        if not currency:
            continue
        number = float(match.group("num").replace(",", ""))
        scale = SCALES.get((match.group("scale") or "").lower(), 1.0)
        return number * scale, CURRENCIES[currency]
    return None


def _period(sent: Span, timexes: list[Timex]) -> str | None:
    for timex in timexes:
        inside = sent.start_char <= timex.start < sent.end_char
        if inside and timex.kind == "date" and re.match(r"^\d{4}", timex.value or ""):
            return timex.value
    return None


def _attribution(text: str) -> str | None:
    match = ATTRIBUTION.search(text)
    return match.group("who").strip() if match else None


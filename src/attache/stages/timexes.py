"""Temporal expressions: find them in a parsed article and normalise them against the DCT.

Needs a spaCy `Doc` with tagger, parser and NER; adds `Timex` records whose offsets index
`doc.text`. The normalising rules live in `timex_rules` (standard library only).

1. Candidates come from the regex rules in `RULES` (the same rules normalise) and from spaCy's
   DATE entities that no rule covered (trimmed; kept only if they name a unit of time).
2. Every candidate is licensed: month and weekday names must be capitalised, a bare month must
   not be a modal ("May") or a verb ("March"), bare years need a preposition or spaCy's DATE
   label, and nothing inside a PERSON/ORG/MONEY/CARDINAL... entity counts.
3. Each is normalised with the tense of its governing verb (`tense_of`): past narrative looks
   back from the DCT, future forward, present both ways (the nearest occurrence).

Spans never include a leading preposition or "the": "on Monday" -> "Monday", "in recent years"
-> "recent years" (`normalise` accepts either). Ranges: "from Nov. 26 to 27" gives two timexes,
"Nov. 26" and "27", the second borrowing month and year from the first; likewise "2009-10" and
"2022 and 2023".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

from spacy.tokens import Doc, Token

from attache.schema import Timex
from attache.stages.timex_rules import (
    RULES,
    TAIL,
    Ctx,
    Result,
    Rule,
    Tense,
    group,
    normalise,
    resolve,
    valid_date,
)

__all__ = ["Tense", "extract_timexes", "normalise", "tense_of"]

# fmt: off
_UNTIL: Final = frozenset({"until", "till", "through"})
_BLOCKING: Final = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC", "LAW", "MONEY",
                              "PERCENT", "QUANTITY", "CARDINAL"})
_FUTURE_WORDS: Final = frozenset({"will", "wo", "'ll", "shall", "would", "may", "might",
                                  "should", "must"})
_PLAN_LEMMAS: Final = frozenset({"plan", "schedule", "set", "expect", "due", "intend", "aim",
                                 "prepare", "slate", "want", "hope", "seek", "need", "promise",
                                 "pledge", "vow", "go", "be"})
# fmt: on

_RANGETAIL: Final = re.compile(
    r"\s*(?:-|–|—|to|and|through|until|till)\s*(?P<n>\d{1,4})"
    r"(?![\d%]|[.,]\d|\s*(?:percent|per\b|billion|million))"
)
_TEMPORAL_NOUN: Final = re.compile(
    r"\b(?:day|week|weekend|month|year|decade|century|centuries|season|quarter|morning"
    r"|afternoon|evening|night)s?\b",
    re.I,
)
_NOT_A_DATE: Final = re.compile(  # ages, comparisons and indefinite "a single day"
    r"year-old|years?\s+old|\bage\b|year-to-year|^(?:a|an|one|its|his|her|their|our)\b", re.I
)


def tense_of(token: Token) -> Tense:
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


def _licensed(doc: Doc, text: str, m: re.Match[str], rule: Rule) -> bool:
    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
    blocking = _BLOCKING - {"CARDINAL", "QUANTITY", "ORG"} if rule.numeric else _BLOCKING  # "UTC"
    if span is None or any(t.ent_type_ in blocking for t in span):
        return False
    names = [m.groupdict().get(g) or "" for g in ("mon", "wd")]
    if any(n and not n[0].isupper() for n in names):
        return False
    if rule.bare and any(_not_a_month(t) for t in span):
        return False
    dated = any(t.ent_type_ == "DATE" and not _counts_things(t) for t in span)
    if rule.needs is None or group(m, "mod") or dated:
        return True
    return _previous_word(text, m.start()) in rule.needs


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _regex_spans(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Rule matches, longest first, then by rule order; overlapping ones dropped."""
    found = [
        (m.start(), m.end(), order)
        for order, rule in enumerate(RULES)
        for m in rule.pattern.finditer(text)
        if _licensed(doc, text, m, rule) and rule.handler(m, Ctx(None, "past")) is not None
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
    tail = TAIL.search(piece)
    return start + (lead.end() if lead else 0), start + (tail.start() if tail else len(piece))


def _spacy_spans(doc: Doc, text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """spaCy DATE/TIME entities no rule found, if they name a unit of time (not "11th")."""
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        piece = text[start:end]
        worth = _TEMPORAL_NOUN.search(piece) and (" " in piece or re.search(r"\d", piece))
        if worth and not _NOT_A_DATE.search(piece) and not _overlaps(start, end, taken + spans):
            spans.append((start, end))
    return spans


def _record(text: str, start: int, end: int, found: Result) -> Timex:
    return Timex(text=text, value=found.value, granularity=found.granularity, start=start,
                 end=end, kind=found.kind)  # fmt: skip


def _timex(doc: Doc, text: str, start: int, end: int, dct: dt.date | None) -> Timex:
    span = doc.char_span(start, end, alignment_mode="expand")
    tense: Tense = "past" if span is None else tense_of(span.root)
    if tense == "past" and _previous_word(text, start) in _UNTIL:
        tense = "present"  # "closed until Friday": a deadline, the nearest such day
    piece = text[start:end]
    timeish = span is not None and span.root.ent_type_ == "TIME"
    unknown = Result(None, None, "time" if timeish else "date")  # a spaCy entity no rule knows
    return _record(piece, start, end, resolve(piece, Ctx(dct, tense)) or unknown)


def _range_value(first: str, n: str) -> str | None:
    if len(first) == 10 and len(n) <= 2:
        head, day = first[:8], int(n)
        ok = day > int(first[8:]) and valid_date(int(first[:4]), int(first[5:7]), day) is not None
        return f"{head}{day:02d}" if ok else None
    year = int(first)
    second = int(n) if len(n) == 4 else year // 100 * 100 + int(n) if len(n) == 2 else 0
    return str(second) if year < second <= year + 100 else None


def _range_end(text: str, first: Timex) -> Timex | None:
    """The bare second half of "Nov. 26 to 27", "2009-10", "2022 and 2023"."""
    if first.value is None or first.kind != "date" or first.granularity not in ("day", "year"):
        return None
    m = _RANGETAIL.match(text, first.end)
    value = None if m is None else _range_value(first.value, m["n"])
    if m is None or value is None:
        return None
    return _record(m["n"], m.start("n"), m.end("n"), Result(value, first.granularity))


Spans = list[tuple[int, int]]


def timex_spans(doc: Doc) -> Spans:
    """Where the temporal expressions of a parsed article are (this does not depend on the
    DCT, so an article normalised twice, as an undated one is, is searched once)."""
    text = doc.text  # spaCy joins the tokens' text on every access
    spans = _regex_spans(doc, text)
    return spans + _spacy_spans(doc, text, spans)


def extract_timexes(doc: Doc, dct: dt.date | None, spans: Spans | None = None) -> list[Timex]:
    """All temporal expressions of a parsed article, normalised against the DCT, in text order;
    `spans` are those `timex_spans(doc)` gives, when already known."""
    text = doc.text
    spans = timex_spans(doc) if spans is None else spans
    timexes = [_timex(doc, text, start, end, dct) for start, end in spans]
    for tx in list(timexes):
        tail = _range_end(text, tx)
        if tail is not None and not _overlaps(tail.start, tail.end, spans):
            timexes.append(tail)
    return sorted(timexes, key=lambda t: t.start)

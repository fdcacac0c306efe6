"""Places stage: find toponyms in a parsed document and resolve them against the gazetteer.

Needs: a spaCy `Doc` with entities (GPE, LOC, FAC, ORG) and part-of-speech tags.
Adds: one `Place` per resolved mention, offsets into `doc.text`.

Mentions come from the named-entity recogniser, from capitalised words the recogniser missed
after "in", "at", "city of", "province of" ..., and from "X Province"/"X Oblast" phrases. The
phrasing around a mention narrows it down: "the northwestern Chinese city of Xi'an" (an
adjective, through the `adjective_country` callable), "east China's Jiangsu Province" (a
possessive country), "Lianyungang, Jiangsu" (a following province or country). Hyphenated
pairs and names that head an organisation ("the China-Kazakhstan Cooperation Committee") are
not places. Unresolved names are not returned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

from spacy.tokens import Doc, Span

from attache.kb.gazetteer import Gazetteer, GeoCandidate, normalize_name
from attache.schema import Place
from attache.stages.geocode import Query, focus, resolve_queries

__all__ = ["AdjectiveCountry", "extract_places"]

AdjectiveCountry = Callable[[str], str | None]
"""Maps an adjective or demonym ("Chinese") to an ISO3 code ("CHN"), None if unknown."""


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
TRIGGERS = frozenset({"in", "at"})
KIND_NOUNS = MappingProxyType(
    {
        "city": "city",
        "town": "city",
        "village": "city",
        "port": "city",
        "capital": "city",
        "province": "admin1",
        "region": "admin1",
        "state": "admin1",
        "oblast": "admin1",
        "prefecture": "admin1",
        "governorate": "admin1",
    }
)
ADMIN_WORDS = frozenset(
    {"province", "oblast", "region", "prefecture", "governorate", "krai", "state"}
)
ORG_HEADS = _word_set(
    "committee commission council summit forum ministry university college bank party initiative"
    " company corporation group agency association organization organisation institute fund"
    " airlines airways times post daily news television radio club embassy consulate"
)
DIRECTIONS = _word_set(
    "north south east west northern southern eastern western northeast northwest southeast"
    " southwest northeastern northwestern southeastern southwestern central coastal border far"
    " port"
)
MIN_UNTAGGED_POPULATION = 15_000
MAX_NAME_TOKENS = 4


@dataclass(frozen=True)
class _Mention:
    start: int  # token indices into the doc, end exclusive
    end: int
    strict: bool  # not tagged GPE: a small town of that name is likely a false match
    hint: str | None = None
    feature: str | None = None
    text: str | None = None  # given spans: the exact text, which need not align with tokens
    start_char: int | None = None


def extract_places(
    doc: Doc,
    gazetteer: Gazetteer,
    context_countries: Sequence[str] = (),
    adjective_country: AdjectiveCountry | None = None,
) -> list[Place]:
    """Resolve every place mention in `doc`; `context_countries` are ISO3 codes of the article."""
    found = _dedupe([*_entity_mentions(doc, gazetteer), *_cue_mentions(doc, gazetteer)])
    mentions = [_hinted(doc, m, found, gazetteer, adjective_country) for m in found]
    resolved = _resolve_all(doc, mentions, gazetteer, context_countries)
    return [
        _place(doc, mention, cand)
        for mention, cand in zip(mentions, resolved, strict=True)
        if cand is not None and _acceptable(_text(doc, mention), mention, cand)
    ]


def _text(doc: Doc, mention: _Mention) -> str:
    return mention.text if mention.text is not None else doc[mention.start : mention.end].text


# --- finding mentions ------------------------------------------------------------------------


def _entity_mentions(doc: Doc, gazetteer: Gazetteer) -> Iterator[_Mention]:
    for ent in doc.ents:
        start, end = _trim(doc, ent.start, ent.end)
        if start >= end or _organisation_like(doc, start, end):
            continue
        if ent.label_ in PLACE_LABELS or (
            ent.label_ == "ORG" and _is_country(doc[start:end].text, gazetteer)
        ):
            yield _Mention(start, end, strict=ent.label_ != "GPE")


def _cue_mentions(doc: Doc, gazetteer: Gazetteer) -> Iterator[_Mention]:
    """Names the recogniser missed or mislabelled, found by the words around them."""
    for token in doc[:-1]:
        after = token.i + 1
        kind = _kind_before(doc, after)
        if kind or (token.lower_ in TRIGGERS and not doc[after].ent_type_):
            yield from _known(doc, after, _name_end(doc, after, tagged=bool(kind)), kind, gazetteer)
    for token in doc[1:]:
        if token.lower_ in ADMIN_WORDS:
            start = _name_start(doc, token.i)
            end = token.i + 1 if token.is_title else token.i
            yield from _known(doc, start, end, "admin1", gazetteer)


def _known(
    doc: Doc, start: int, end: int, kind: str | None, gazetteer: Gazetteer
) -> Iterator[_Mention]:
    known = start < end and bool(gazetteer.candidates(doc[start:end].text))
    if known and not _organisation_like(doc, start, end):
        yield _Mention(start, end, strict=True, feature=kind)


def _name_end(doc: Doc, start: int, tagged: bool = False) -> int:
    """End of the run of capitalised tokens (and glued pieces like Xi ’ an) from `start`.

    The run stops at a token the recogniser tagged, unless `tagged` allows that.
    """
    end = start
    while end < len(doc) and end - start < MAX_NAME_TOKENS:
        token, glued = doc[end], end > start and not doc[end - 1].whitespace_
        if token.ent_type_ and not tagged:
            break
        if not (token.is_title or (glued and (token.is_alpha or token.text in "'’-"))):
            break
        end += 1
    while end > start and not doc[end - 1].is_alpha:
        end -= 1
    return end


def _name_start(doc: Doc, end: int) -> int:
    """Start of the run of capitalised tokens that ends at `end`."""
    start = end
    while start > 0 and end - start < MAX_NAME_TOKENS and doc[start - 1].is_title:
        if doc[start - 1].is_sent_start:
            break
        start -= 1
    return start


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading 'the' and trailing possessives or punctuation."""
    if start < end and doc[start].lower_ == "the":
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or not doc[end - 1].text[-1].isalnum()):
        end -= 1
    return start, end


def _organisation_like(doc: Doc, start: int, end: int) -> bool:
    """Part of a hyphenated pair ("China-Kazakhstan") or the modifier of an organisation."""
    while start > 0 and doc[start - 1].is_title:  # "China-Central Asia": look past "Central"
        start -= 1
    if start >= 2 and _glued_hyphen(doc, start - 1):
        return True
    if end + 1 < len(doc) and _glued_hyphen(doc, end):
        return True
    following = doc[end].lower_ if end < len(doc) else ""
    return doc[end - 1].lower_ in ORG_HEADS or following in ORG_HEADS


def _glued_hyphen(doc: Doc, i: int) -> bool:
    """Token i is a hyphen joining two words without spaces."""
    if doc[i].text not in ("-", "–") or i == 0 or i + 1 >= len(doc):
        return False
    glued = not doc[i - 1].whitespace_ and not doc[i].whitespace_
    return glued and doc[i - 1].text[-1].isalpha() and doc[i + 1].is_alpha


def _dedupe(mentions: list[_Mention]) -> list[_Mention]:
    """Keep the first of overlapping mentions (entities come first), in text order."""
    kept: list[_Mention] = []
    taken: set[int] = set()
    for mention in mentions:
        span = set(range(mention.start, mention.end))
        if not span & taken:
            kept.append(mention)
            taken |= span
    return sorted(kept, key=lambda m: m.start)


def _is_country(name: str, gazetteer: Gazetteer) -> bool:
    return bool(_country_codes(gazetteer.candidates(name)))


def _country_codes(found: Sequence[GeoCandidate]) -> list[str]:
    """The country a name denotes, unless it may also be a province ("Georgia")."""
    if any(c.feature == "admin1" for c in found):
        return []
    return [c.country for c in found if c.feature == "country"]


# --- hints from the phrasing -----------------------------------------------------------------


def _kind_before(doc: Doc, start: int) -> str | None:
    """'city' for '... city of <start>', 'admin1' for '... province of <start>'."""
    if start < 2 or doc[start - 1].lower_ != "of":
        return None
    return KIND_NOUNS.get(doc[start - 2].lower_)


def _kind_after(doc: Doc, end: int) -> str | None:
    """'admin1' for '<name> province', 'city' for '<name> city'."""
    word = doc[end].lower_ if end < len(doc) else ""
    return "admin1" if word in ADMIN_WORDS else "city" if word == "city" else None


def _hinted(
    doc: Doc,
    mention: _Mention,
    mentions: Sequence[_Mention],
    gazetteer: Gazetteer,
    adjective_country: AdjectiveCountry | None,
) -> _Mention:
    feature = mention.feature or _kind_before(doc, mention.start) or _kind_after(doc, mention.end)
    hint = _adjective_hint(doc, mention.start, adjective_country, gazetteer)
    hint = hint or _possessive_hint(doc, mention.start, mentions, gazetteer)
    return replace(mention, hint=hint, feature=feature)


def _adjective_hint(
    doc: Doc, start: int, adjective_country: AdjectiveCountry | None, gazetteer: Gazetteer
) -> str | None:
    """'the northwestern Chinese city of X' -> the country of 'Chinese'."""
    if _kind_before(doc, start) is None:
        return None
    for i in range(start - 3, max(start - 7, -1), -1):
        word = doc[i]
        if word.is_title:
            return _country_of_word(word.text, adjective_country, gazetteer)
        if word.lower_ not in DIRECTIONS and word.pos_ != "ADJ":
            return None
    return None


def _country_of_word(
    word: str, adjective_country: AdjectiveCountry | None, gazetteer: Gazetteer
) -> str | None:
    if adjective_country is not None and (code := adjective_country(word)):
        return code
    found = gazetteer.resolve(word)
    return found.country if found is not None and found.feature == "country" else None


def _possessive_hint(
    doc: Doc, start: int, mentions: Sequence[_Mention], gazetteer: Gazetteer
) -> str | None:
    """A possessive country: "China's Jiangsu Province" -> CHN."""
    if start < 2 or doc[start - 1].tag_ != "POS":
        return None
    owner = next((m for m in mentions if m.end == start - 1), None)
    name = doc[owner.start : owner.end].text if owner else doc[start - 2].text
    found = gazetteer.resolve(name)
    return found.country if found is not None and found.feature == "country" else None


def _next_mention(doc: Doc, index: int, mentions: Sequence[_Mention]) -> int | None:
    """The mention right after ', ' (and direction words): "Lianyungang, east China's ..."."""
    i = mentions[index].end
    if i >= len(doc) or doc[i].text != ",":
        return None
    i += 1
    while i < len(doc) and doc[i].lower_ in DIRECTIONS:
        i += 1
    return next((j for j, m in enumerate(mentions) if m.start == i), None)


# --- resolving -------------------------------------------------------------------------------


def _resolve_all(
    doc: Doc,
    mentions: Sequence[_Mention],
    gazetteer: Gazetteer,
    context: Sequence[str],
    adjective_country: AdjectiveCountry | None = None,
) -> list[GeoCandidate | None]:
    """One reading (or None) per mention, the whole document as context (`geocode`)."""
    queries = [
        Query(_text(doc, m), m.hint, m.feature, _next_mention(doc, i, mentions))
        for i, m in enumerate(mentions)
    ]
    return resolve_queries(queries, gazetteer, context, adjective_country)


def _acceptable(name: str, mention: _Mention, found: GeoCandidate) -> bool:
    """A strict mention names a town only by the town's own name ("White House" is no
    Casablanca), and only a big town unless the phrasing says it is one ("the town of ...")."""
    if not mention.strict or found.feature != "city":
        return True
    if normalize_name(name) != normalize_name(found.name):
        return False
    return mention.feature == "city" or found.population >= MIN_UNTAGGED_POPULATION


def _place(doc: Doc, mention: _Mention, found: GeoCandidate) -> Place:
    span: Span = doc[mention.start : mention.end]
    text, start = span.text, span.start_char
    if mention.text is not None and mention.start_char is not None:
        text, start = mention.text, mention.start_char
    return Place(
        text=text,
        name=found.name,
        country=found.country or None,
        lat=found.lat,
        lon=found.lon,
        geonameid=found.geonameid,
        start=start,
        end=start + len(text),
        feature=found.feature,
    )


def geocode_spans(
    doc: Doc,
    spans: Sequence[tuple[int, int]],
    gazetteer: Gazetteer,
    context_countries: Sequence[str] = (),
    adjective_country: AdjectiveCountry | None = None,
    fallback_to_focus: bool = False,
) -> list[Place | None]:
    """Geocode given toponym spans (character offsets into `doc.text`), one result per span.

    The spans are taken as toponyms (no filtering); each is read in the context of the others.
    With `fallback_to_focus`, a toponym the gazetteer does not know ("Barclays Center") gets
    the article's main place (`geocode.focus`), a guess that is right for most local names.
    """
    mentions: list[_Mention] = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        first, last = (span.start, span.end) if span is not None else (0, 0)
        mentions.append(_Mention(first, last, strict=False, text=doc.text[start:end],
                                 start_char=start))  # fmt: skip
    hinted = [_hinted(doc, m, mentions, gazetteer, adjective_country) for m in mentions]
    resolved = _resolve_all(doc, hinted, gazetteer, context_countries, adjective_country)
    main = focus(resolved) if fallback_to_focus else None
    return [
        _place(doc, m, cand) if cand is not None else None
        for m, cand in zip(hinted, (c or main for c in resolved), strict=True)
    ]

"""Events: who did what to whom, coded in CAMEO and PLOVER, with date, place and evidence.

Needs the parse, the actors (`ActorIndex`), the time expressions and the places. For each
trigger (see `triggers.py`) it finds the source and target through the dependency tree,
including reported speech ("X said ... as he met Y") and group references ("both sides"),
then anchors the event in time and space from the words that govern it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from attache.kb import event_words as words
from attache.kb.actors import KnowledgeBase
from attache.kb.cameo import Codebook, VerbLexicon
from attache.schema import Actor, Caption, Event, Evidence, Location, Place, Timex
from attache.stages.actors import ActorIndex
from attache.stages.triggers import MULTILATERAL_NOUNS, Trigger, find_triggers

SUBJECTS = ("nsubj", "csubj")
CLAUSE_LINKS = ("xcomp", "conj", "advcl", "acl", "pcomp", "ccomp", "relcl", "prep", "pobj")
TARGET_PREPS = {"with", "to", "on", "upon", "against", "for", "toward", "towards", "from", "at"}
GROUP_WORDS = {"sides", "countries", "nations", "parties", "governments", "leaders", "heads",
               "states", "neighbours", "neighbors", "presidents", "ministers"}
PLURAL_PRONOUNS = {"they", "them", "both"}
LOCALITY_NOUNS = {"city", "town", "capital", "village", "port", "province", "region", "state",
                  "district", "county", "island", "republic", "enclave", "area", "outskirts"}
# cooperation two actors do with each other: intent, consultation, support, cooperation
JOINT_ROOTS = {"03", "04", "05", "06"}
REPORTING = {"say", "tell", "report", "announce", "state", "add", "declare", "confirm",
             "claim", "note", "insist", "reiterate", "write", "quote"}
QUANTITY_HEADS = {"tens", "hundreds", "thousands", "dozens", "millions", "scores", "group",
                  "groups", "number", "members", "member", "some", "many", "most", "one",
                  "two", "three", "several", "all", "majority", "third", "half", "part",
                  "supporters", "crowd", "crowds", "band", "gang", "team", "delegation",
                  "contingent", "unit", "units", "batch", "patch", "deployment"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
ANAPHORIC_CUES = re.compile(
    r"\b(the|these|those|such) (remarks|meeting|talks|visit|trip|summit|session|agreement)\b",
    re.I,
)
DATE_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


ACCUSING_ROOTS = ("11",)  # 'alleged that France was aware': the accused is the clause subject


@dataclass
class Context:
    """What the event coder knows about the article while it walks the sentences."""

    doc: Doc
    index: ActorIndex
    kb: KnowledgeBase
    codebook: Codebook
    timex_tokens: list[tuple[int, int, Timex]]
    place_tokens: list[tuple[int, int, Place]]
    captions: list[Caption]
    last_pair: tuple[str, str] | None = None
    last_collective: Actor | None = None  # the last group or organisation that acted
    events: list[Event] = field(default_factory=list)


def code_events(
    doc: Doc,
    index: ActorIndex,
    timexes: list[Timex],
    places: list[Place],
    captions: list[Caption],
    kb: KnowledgeBase,
    codebook: Codebook,
    lexicon: VerbLexicon,
) -> list[Event]:
    ctx = Context(doc, index, kb, codebook, _token_spans(doc, timexes), _token_spans(doc, places),
                  captions)
    previous: Span | None = None
    for sent in doc.sents:
        found = [e for t in find_triggers(sent, lexicon) for e in _events_for(t, sent, ctx)]
        found = _dedupe(found)
        _date_from_discourse(found, sent, previous, ctx)
        ctx.events.extend(found)
        _update_pair(ctx, sent, found)
        previous = sent
    for number, event in enumerate(ctx.events, start=1):
        event.id = f"e{number}"
    return ctx.events


def _events_for(trigger: Trigger, sent: Span, ctx: Context) -> list[Event]:
    if trigger.rule.startswith("noun:"):
        sources, targets = _noun_participants(trigger.token, ctx)
    else:
        sources, passive_target = _sources(trigger.token, ctx)
        targets = passive_target or _targets(trigger, ctx)
    location = _location_for(trigger.token, sent, ctx)
    joint = len(sources) >= 2 and trigger.code[:2] in JOINT_ROOTS
    if not targets and not joint:
        targets = _place_as_target(location, sources, ctx)
    events = []
    for source, target in _pairs(sources, targets, joint):
        if source is not None and target is not None and _same_side(source, target):
            continue
        events.append(_make_event(trigger, sent, source, target, location, ctx))
    return events


def _noun_participants(noun: Token, ctx: Context) -> tuple[list[Actor], list[Actor]]:
    """'visit by Modi to Mauritius', 'attack by rebels on the town'."""
    sources: list[Actor] = []
    targets: list[Actor] = []
    for prep in noun.children:
        objects = [c for c in prep.children if c.dep_ == "pobj"] if prep.dep_ == "prep" else []
        if not objects:
            continue
        if prep.lower_ == "by":
            sources = _resolve_all(objects[0], ctx)
        elif prep.lower_ in TARGET_PREPS and not targets:
            targets = _resolve_all(objects[0], ctx)
    return sources, targets


def _place_as_target(
    location: Location | None, sources: list[Actor], ctx: Context
) -> list[Actor]:
    """An act with no named target, done in another country, is done to that country
    ('activists staged a protest in Beijing' -> CHN), as PETRARCH and ICEWS code it."""
    if location is None or location.country is None:
        return []
    if any(s.country == location.country for s in sources):
        return []
    return [_country(location.country, ctx)]


def _pairs(
    sources: list[Actor], targets: list[Actor], joint: bool
) -> list[tuple[Actor | None, Actor | None]]:
    """Source x target; a joint cooperative act of several actors ('China and Turkmenistan
    signed') gives one event in each direction for every pair, as PLOVER codes reciprocal
    events."""
    if not targets and joint:
        return [(a, b) for a in sources for b in sources if a.id != b.id]
    return [(s, t) for s in _or_none(sources) for t in _or_none(targets)
            if s is not None or t is not None]


def _or_none(actors: list[Actor]) -> list[Actor | None]:
    return list(actors) if actors else [None]


def _same_side(a: Actor, b: Actor) -> bool:
    """An actor and itself, or a country and one of its own people."""
    if a.id == b.id:
        return True
    return a.country is not None and a.country == b.country and "country" in (a.kind, b.kind)


def _sources(token: Token, ctx: Context) -> tuple[list[Actor], list[Actor]]:
    """The trigger's subject, climbing to governing clauses; a passive's agent is the source."""
    current: Token | None = token
    while current is not None:
        agent = [c for c in current.children if c.dep_ == "agent"]
        passive = [c for c in current.children if c.dep_ == "nsubjpass"]
        if agent:
            pobj = [c for c in agent[0].children if c.dep_ == "pobj"]
            target = _resolve_all(passive[0], ctx) if passive else []
            target = target or _relcl_head(current, ctx)
            return (_resolve_all(pobj[0], ctx) if pobj else []), target
        subjects = [c for c in current.children if c.dep_ in SUBJECTS]
        if subjects:
            return _resolve_all(subjects[0], ctx), []
        if passive and current.i != token.i:
            # 'Obama is scheduled to attend': the raised subject of a governing passive
            return _resolve_all(passive[0], ctx), []
        if passive:
            # 'three soldiers were killed': the passive subject is the target; no source named
            return [], _resolve_all(passive[0], ctx) or _relcl_head(current, ctx)
        if current.dep_ not in CLAUSE_LINKS or current.dep_ == "relcl" or (
                current.head.i == current.i):
            break
        current = current.head
    return [], []


def _relcl_head(token: Token, ctx: Context) -> list[Actor]:
    if token.dep_ in ("relcl", "acl"):
        return _resolve_all(token.head, ctx)
    return []


def _targets(trigger: Trigger, ctx: Context) -> list[Actor]:
    if trigger.rule.startswith("request:") or trigger.code[:2] in ACCUSING_ROOTS:
        for child in trigger.token.children:
            asked = [c for c in child.children if c.dep_ == "nsubj"] if child.dep_ == "ccomp" \
                else [child] if child.dep_ == "dobj" else []
            if asked and _resolve_all(asked[0], ctx):
                return _resolve_all(asked[0], ctx)
    for token in _object_candidates(trigger):
        found = _resolve_all(token, ctx)
        if found:
            return found
    return []


def _object_candidates(trigger: Trigger) -> list[Token]:
    """Direct objects, then objects of target prepositions, nearest first, within the clause."""
    verb = trigger.token
    direct = [c for c in verb.children if c.dep_ in ("dobj", "dative", "attr")]
    clause = [t for t in verb.subtree if _in_clause(t, verb)]
    preps = [t for t in clause if t.dep_ == "pobj" and t.head.lower_ in TARGET_PREPS]
    if trigger.noun is not None:
        own = [t for t in preps if trigger.noun.is_ancestor(t)]
        preps = own + [t for t in preps if t not in own]
    preps.sort(key=lambda t: (t.i < verb.i, abs(t.i - verb.i)))
    objects = [t for t in clause if t.dep_ in ("dobj", "dative") and t not in direct]
    return direct + preps + objects


def _in_clause(token: Token, verb: Token) -> bool:
    """True if no finite clause boundary lies between `token` and `verb`."""
    current = token
    while current.i != verb.i and current.head.i != current.i:
        if current.dep_ in ("ccomp", "advcl", "relcl", "parataxis") and current.i != verb.i:
            return False
        current = current.head
    return True


def _resolve_all(token: Token, ctx: Context) -> list[Actor]:
    actors: list[Actor] = []
    for item in _coordinated(token):
        for actor in _resolve(item, ctx) or _examples(item, ctx):
            if all(a.id != actor.id for a in actors):
                actors.append(actor)
    return actors


def _coordinated(token: Token) -> list[Token]:
    """The token, its conjuncts, and names the parser hung on it ('both A and B' as nmod)."""
    items = [token, *token.conjuncts]
    for child in token.subtree:
        if child.i < token.i and child.dep_ == "nmod" and any(
                c.dep_ == "cc" for c in child.children):
            items += [child, *child.conjuncts]
    return items


def _examples(token: Token, ctx: Context) -> list[Actor]:
    """'countries in Central Asia, including Kazakhstan and Turkmenistan'."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("including", "like", "notably"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return [a for t in [pobj, *pobj.conjuncts] for a in _resolve(t, ctx)]
    return []


def _resolve(token: Token, ctx: Context) -> list[Actor]:
    named = ctx.index.actors_for(token)
    if named:
        return named
    word = token.lower_
    if word in PERSON_PRONOUNS:
        return _last_person_before(token, ctx)
    if word in ("it", "its"):
        return _last_actor_before(token, ctx, ("country", "organization", "group"))
    if word in ("they", "them") and ctx.last_collective is not None:
        return [ctx.last_collective]
    if word in PLURAL_PRONOUNS or (word in GROUP_WORDS and _counted_pair(token)):
        return _group(ctx)
    return _modifier_actor(token, ctx) or _part_of(token, ctx) or _by_whom(token, ctx)


def _by_whom(token: Token, ctx: Context) -> list[Actor]:
    """'condemned allegations by Rwanda', 'rejected calls from Berlin': whose they are."""
    if token.pos_ != "NOUN" or token.dep_ not in ("dobj", "pobj", "nsubjpass"):
        return []
    for child in token.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return ctx.index.actors_for(pobj)
    return []


def _part_of(token: Token, ctx: Context) -> list[Actor]:
    """'tens of thousands of students', 'a group of refugees', 'members of Hamas'."""
    if token.lower_ not in QUANTITY_HEADS:
        return []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return _resolve(pobj, ctx)
    return []


def _last_person_before(token: Token, ctx: Context) -> list[Actor]:
    return _last_actor_before(token, ctx, ("person",))


def _last_actor_before(token: Token, ctx: Context, kinds: tuple[str, ...]) -> list[Actor]:
    """A pronoun's antecedent: the reporting clause's subject ('Japan said it had ...'),
    else the nearest earlier actor of the right kind."""
    reporter = _reporting_subject(token, ctx)
    if reporter is not None and reporter.kind in kinds:
        return [reporter]
    found = [(i, actor_id) for i, actor_id in ctx.index.token_actor.items()
             if i < token.i and ctx.index.actors[actor_id].kind in kinds]
    return [ctx.index.actors[max(found)[1]]] if found else []


def _reporting_subject(token: Token, ctx: Context) -> Actor | None:
    for ancestor in token.ancestors:
        if ancestor.lemma_.lower() in REPORTING:
            for child in ancestor.children:
                if child.dep_ == "nsubj" and child.i < token.i:
                    return ctx.index.actor_for(child)
            return None
    return None


def _counted_pair(token: Token) -> bool:
    """'the two sides', 'both countries' (but not 'countries in Central Asia')."""
    return any(c.lower_ in ("two", "both") for c in token.children)


def _group(ctx: Context) -> list[Actor]:
    if ctx.last_pair is None:
        return []
    return [_country(iso3, ctx) for iso3 in ctx.last_pair]


def _modifier_actor(token: Token, ctx: Context) -> list[Actor]:
    """'Palestinian armed groups': a group of the country named in the noun's modifiers."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return []
    for child in token.lefts:
        if child.dep_ in ("amod", "compound", "poss", "nmod"):
            actor = ctx.index.actor_for(child)
            if actor is None:
                continue
            if actor.kind != "country":
                return [actor]
            group = Actor(id=f"group:{actor.country}:{token.lemma_.lower()}",
                          name=f"{child.text} {token.text}", kind="group", country=actor.country)
            return [ctx.index.actors.setdefault(group.id, group)]
    return []


def _country(iso3: str, ctx: Context) -> Actor:
    if iso3 not in ctx.index.actors:
        entry = ctx.kb.countries.get(iso3)
        ctx.index.actors[iso3] = Actor(id=iso3, name=entry.name if entry else iso3,
                                       kind="country", country=iso3)
    return ctx.index.actors[iso3]


def _make_event(
    trigger: Trigger, sent: Span, source: Actor | None, target: Actor | None,
    location: Location | None, ctx: Context,
) -> Event:
    trigger = _irregular_violence(trigger, sent)
    info = ctx.codebook.get(trigger.code)
    plover, mode = ctx.codebook.plover_for(trigger.code)
    date, date_text = _date_for(trigger.token, sent, ctx)
    if plover == "CONSULT":
        mode = _consult_mode(trigger, source, target, location, mode)
    return Event(
        id="", plover=plover, mode=mode or None, cameo=trigger.code,
        quad=ctx.codebook.quad(plover), goldstein=info.goldstein if info else None,
        source=source.id if source else None, target=target.id if target else None,
        source_country=source.country if source else None,
        target_country=target.country if target else None,
        date=date, date_status="explicit" if date else "unknown", date_text=date_text,
        location=location,
        evidence=Evidence(sentence=sent.text, start=sent.start_char, end=sent.end_char),
        trigger=trigger.token.text, in_caption=_in_caption(sent, ctx),
        confidence=_confidence(trigger, source, target),
    )


def _irregular_violence(trigger: Trigger, sent: Span) -> Trigger:
    """Force used with bombs is CAMEO 18 (unconventional violence), not 19 (fighting)."""
    if trigger.code.startswith("19") and {t.lower_ for t in sent} & words.BOMB_WORDS:
        return replace(trigger, code="183")
    return trigger


def _consult_mode(
    trigger: Trigger, source: Actor | None, target: Actor | None,
    location: Location | None, mode: str | None,
) -> str | None:
    nouns = {t.lower_ for t in trigger.token.sent}
    if nouns & MULTILATERAL_NOUNS or (target is not None and target.kind == "organization"):
        return "multilateral"
    away = location is not None and source is not None and location.country not in (
        None, source.country)
    if mode is None and away and target is not None and location is not None and (
            location.country == target.country):
        return "visit"
    return mode


def _confidence(trigger: Trigger, source: Actor | None, target: Actor | None) -> float:
    """Higher for attache's own rules than for dictionary-only codes, lower for a missing
    participant and for events stated deep inside other clauses."""
    base = 0.6 if trigger.rule.startswith(("dictionary", "noun:")) else 0.85
    if source is None or target is None:
        base -= 0.25
    base -= 0.05 * _clause_depth(trigger.token)
    return round(max(0.05, min(1.0, base)), 2)


def _clause_depth(token: Token) -> int:
    """Clause boundaries between the trigger and its sentence's main assertion; what a
    reporting verb reports ('X said Y met Z') counts as the main assertion."""
    depth, current = 0, token
    while current.head.i != current.i:
        if current.dep_ in ("advcl", "relcl", "acl", "xcomp", "pcomp", "csubj") or (
                current.dep_ == "ccomp" and current.head.lemma_.lower() not in REPORTING):
            depth += 1
        current = current.head
    return min(depth, 3)


def _date_for(token: Token, sent: Span, ctx: Context) -> tuple[str | None, str | None]:
    """The time expression in the trigger's clause, else in each governing clause upwards."""
    captioned = _in_caption(sent, ctx)
    current, came_from = token, None
    while True:
        for start, _, timex in ctx.timex_tokens:
            if not (sent.start <= start < sent.end) or not _usable_date(timex):
                continue
            if _under(ctx.doc[start], current, came_from):
                return timex.value, timex.text
        if current.head.i == current.i or captioned:
            return None, None
        came_from, current = current, current.head


def _under(token: Token, ancestor: Token, excluded: Token | None) -> bool:
    if not (token.i == ancestor.i or ancestor.is_ancestor(token)):
        return False
    if token.i == ancestor.i:
        return True
    return excluded is None or not (excluded.i == token.i or excluded.is_ancestor(token))


def _usable_date(timex: Timex) -> bool:
    return timex.kind == "date" and bool(timex.value) and bool(DATE_VALUE.match(timex.value or ""))


def _date_from_discourse(
    found: list[Event], sent: Span, previous: Span | None, ctx: Context
) -> None:
    """'made the remarks when ...', 'during the meeting on Wednesday': dates across sentences."""
    if previous is not None and ANAPHORIC_CUES.search(sent.text):
        anchor = _sentence_date(previous, ctx)
        for event in found:
            if event.date is None and anchor is not None:
                event.date, event.date_text, event.date_status = anchor[0], anchor[1], "inferred"
    dated_reference = _dated_reference(sent, ctx)
    if dated_reference is not None and ctx.events:
        for event in reversed(ctx.events[-4:]):
            if event.plover == "CONSULT" and event.date is None and not event.in_caption:
                event.date, event.date_text = dated_reference
                event.date_status = "inferred"
                break


def _sentence_date(sent: Span, ctx: Context) -> tuple[str, str] | None:
    for start, _end, timex in ctx.timex_tokens:
        if sent.start <= start < sent.end and _usable_date(timex) and timex.value:
            return timex.value, timex.text
    return None


def _dated_reference(sent: Span, ctx: Context) -> tuple[str, str] | None:
    """A definite meeting noun with its own date ('the meeting on Wednesday') refers back."""
    for token in sent:
        if token.lower_ in ("meeting", "talks", "session") and any(
                c.lower_ in ("the", "that") for c in token.children):
            for start, _, timex in ctx.timex_tokens:
                if _usable_date(timex) and timex.value and token.is_ancestor(ctx.doc[start]):
                    return timex.value, timex.text
    return None


def _location_for(token: Token, sent: Span, ctx: Context) -> Location | None:
    candidates = [(s, p) for s, _e, p in ctx.place_tokens if sent.start <= s < sent.end]
    if not candidates:
        return None
    current: Token | None = token
    while current is not None:
        for start, place in candidates:
            node = ctx.doc[start]
            if _relcl_over(current, node) or (_locative(node) and current.is_ancestor(node)):
                return _location(place)
        current = current.head if current.head.i != current.i else None
    return None


def _locative(node: Token) -> bool:
    """'in Astana', 'at Xi'an', 'the city of Xi'an' (itself under 'in')."""
    head = node.head
    if head.lower_ == "of" and head.head.lower_ in LOCALITY_NOUNS:
        head = head.head.head
    return head.lower_ in ("in", "at")


def _relcl_over(clause: Token, node: Token) -> bool:
    """'..., Turkmenistan, where he co-chaired ...': the clause describes the place."""
    return clause.dep_ in ("relcl", "acl") and (
        clause.head.i == node.i or clause.head.is_ancestor(node))


def _location(place: Place) -> Location:
    return Location(name=place.name, country=place.country, lat=place.lat, lon=place.lon,
                    geonameid=place.geonameid)


def _in_caption(sent: Span, ctx: Context) -> bool:
    return any(c.start <= sent.start_char < c.end for c in ctx.captions)


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per (type, source, target) in a sentence: 'held talks and co-chaired'."""
    best: dict[tuple[str, str | None, str | None], Event] = {}
    for event in events:
        key = (event.plover, event.source, event.target)
        if key not in best or event.confidence > best[key].confidence:
            best[key] = event
    return [e for e in events if best[(e.plover, e.source, e.target)] is e]


def _update_pair(ctx: Context, sent: Span, found: list[Event]) -> None:
    """Remember who 'they' and 'the two sides' can refer to in the next sentences."""
    sources = [ctx.index.actors.get(e.source or "") for e in found]
    collective = [a for a in sources if a is not None and a.kind in ("group", "organization")]
    if found:
        ctx.last_collective = collective[0] if collective and len(set(
            e.source for e in found)) == 1 else None
    for event in found:
        if event.source_country and event.target_country and (
                event.source_country != event.target_country):
            ctx.last_pair = (event.source_country, event.target_country)
            return
    named = ctx.index.countries_in(sent)
    if len(named) == 2:
        ctx.last_pair = (named[0], named[1])


def _token_spans(doc: Doc, items: list[Timex] | list[Place]) -> list:  # type: ignore[type-arg]
    spans = []
    for item in items:
        span = doc.char_span(item.start, item.end, alignment_mode="expand")
        if span is not None:
            spans.append((span.root.i, span.end, item))
    return spans

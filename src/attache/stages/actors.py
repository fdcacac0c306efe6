"""Actors: countries, people with titles and roles, organisations, and their mentions.

Needs a parsed spaCy `Doc` and the actor knowledge base. Adds an `ActorIndex`: the article's
actors and, for each token that belongs to a mention, the actor it refers to. The statistical
NER's known slips are corrected here: a titled person tagged ORG becomes a person, an acronym
tagged PERSON ("BRI") is dropped, a bare adjective tagged ORG ("Kazakh") is a country.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from attache.kb.actors import KnowledgeBase
from attache.kb.people import PersonMatch, word_keys
from attache.schema import Actor, Mention

TITLE_JOINERS = {"and", "&", "-"}
PERSON_TITLE_WORDS = frozenset({
    "first", "deputy", "vice", "acting", "former", "chief", "senior", "state", "prime",
    "foreign", "defence", "defense", "interior", "finance", "trade", "economy", "energy",
    "supreme", "executive", "special", "top", "general", "secretary", "head", "leader",
    "spokesman", "spokeswoman", "spokesperson", "premier", "president", "minister", "chancellor",
    "king", "queen", "emir", "crown", "prince", "sheikh", "ambassador", "envoy", "governor",
    "mayor", "chairman", "chairwoman", "chair", "speaker", "commander", "representative",
    "counselor", "counsellor", "adviser", "advisor", "senator", "congressman", "congresswoman",
    "lawmaker", "judge", "justice", "attorney", "admiral", "colonel", "lt.", "gen.",
    "sen.", "rep.", "gov.", "pres.", "dr.", "mr.", "mrs.", "ms.", "pope", "cardinal", "sultan",
    "vice-president", "vice-premier", "co-chair", "director", "director-general", "official",
    "diplomat", "councillor", "councilor", "monarch", "emperor", "ayatollah", "imam", "rabbi",
    "junior", "assistant", "interim", "outgoing", "caretaker", "negotiator", "affairs",
})
# joins title words inside one title: "Secretary of State", "Minister of Foreign Affairs"
INNER_TITLE_JOINERS = TITLE_JOINERS | {"of"}
LOCATIVE_PREPS = {"in", "at", "from", "to", "near", "into", "outside", "inside", "of"}
NOT_AGENTS = {"province", "provinces", "region", "regions", "city", "cities", "town", "towns",
              "village", "villages", "area", "areas", "country", "countries", "state", "states",
              "district", "capital", "territory", "nation", "nations", "world", "zone", "site"}
GROUP_NOUNS = {
    "forces": "MIL", "leaders": "GOV", "leader": "GOV", "negotiators": "GOV",
    "spokesman": "GOV", "spokeswoman": "GOV", "spokesperson": "GOV", "hackers": "CVL",
    "people": "CVL", "crowds": "CVL", "crowd": "CVL", "residents": "CVL", "party": "PTY",
    "mob": "CVL", "gunmen": "UAF", "attackers": "UAF", "bombers": "UAF",
}
MEMBERSHIP_NOUNS = {"member", "head", "chairman", "chair", "leader", "secretary", "director"}


@dataclass
class ActorIndex:
    actors: dict[str, Actor] = field(default_factory=dict)
    token_actor: dict[int, str] = field(default_factory=dict)
    # countries named inside organisation names and titles: context, not actors
    embedded_countries: dict[int, str] = field(default_factory=dict)
    # further actors named by the same head word ("US and British activists")
    shared: dict[int, list[str]] = field(default_factory=dict)

    def actor_for(self, token: Token) -> Actor | None:
        actor_id = self.token_actor.get(token.i)
        return self.actors.get(actor_id) if actor_id else None

    def actors_for(self, token: Token) -> list[Actor]:
        """The actor a token belongs to, with any it shares the token with ('US and British
        activists' are two groups)."""
        first = self.actor_for(token)
        if first is None:
            return []
        return [first, *(self.actors[i] for i in self.shared.get(token.i, ()))]

    def add_mention(self, actor: Actor, span: Span) -> None:
        existing = self.actors.setdefault(actor.id, actor)
        if span.text not in existing.aliases and span.text != existing.name:
            existing.aliases.append(span.text)
        existing.mentions.append(Mention(text=span.text, start=span.start_char, end=span.end_char))
        for token in span:
            self.token_actor[token.i] = actor.id

    def countries_in_order(self) -> list[tuple[int, str]]:
        """(token index, ISO3) of every country-valued mention, in text order."""
        found = []
        for i, actor_id in self.token_actor.items():
            actor = self.actors[actor_id]
            if actor.country:
                found.append((i, actor.country))
        found.extend(self.embedded_countries.items())
        return sorted(found)

    def countries_in(self, span: Span) -> list[str]:
        """Distinct countries mentioned in `span`, in order of first mention (the order of
        `countries_in_order`, read token by token: called for every sentence)."""
        found: list[str] = []
        for i in range(span.start, span.end):
            actor_id = self.token_actor.get(i)
            here = [self.actors[actor_id].country] if actor_id else []
            here.append(self.embedded_countries.get(i))
            for iso3 in sorted(c for c in here if c):
                if iso3 not in found:
                    found.append(iso3)
        return found


BLOCKED = "BLOCKED"  # matcher label of phrases that contain a country phrase without naming it


@dataclass(frozen=True)
class ActorMatchers:
    """`countries` matches country phrases case-insensitively, and the knowledge base's
    blockers ("South China Sea") under the label `BLOCKED`; `_country_spans` keeps a match
    only when it is written as listed or the knowledge base's case rules accept it."""

    countries: PhraseMatcher
    organizations: PhraseMatcher
    country_of_phrase: dict[str, str]
    metonyms: frozenset[str]


def build_matchers(nlp: Language, kb: KnowledgeBase) -> ActorMatchers:
    countries = PhraseMatcher(nlp.vocab, attr="LOWER")
    country_of_phrase: dict[str, str] = {}
    metonyms = set()
    for phrase, iso3, kind in kb.country_phrases():
        country_of_phrase[phrase] = iso3
        if kind == "metonym":
            metonyms.add(phrase)
        countries.add(iso3, [nlp.make_doc(phrase)])
    countries.add(BLOCKED, [nlp.make_doc(phrase) for phrase in kb.country_blockers])
    organizations = PhraseMatcher(nlp.vocab, attr="ORTH")
    for phrase, org_id in kb.organization_phrases():
        organizations.add(org_id, [nlp.make_doc(phrase)])
    return ActorMatchers(countries, organizations, country_of_phrase, frozenset(metonyms))


def find_actors(
    doc: Doc, kb: KnowledgeBase, matchers: ActorMatchers, on: date | None = None
) -> ActorIndex:
    """The article's actors, in four passes: organisations, people, short names, countries.
    `on` (the publication date) picks the role a known office-holder held then."""
    index = ActorIndex()
    country_spans = _country_spans(doc, kb, matchers)
    org_spans = _organization_spans(doc, kb, matchers, country_spans, on)
    for span, actor in org_spans:
        _note_embedded(index, span, country_spans)
        index.add_mention(actor, span)
    _add_people(doc, index, kb, matchers, country_spans, org_spans, on)
    _resolve_short_names(doc, index)
    _add_groups(doc, index, kb, country_spans)
    for span, iso3 in country_spans:
        if not any(t.i in index.token_actor for t in span) and not _is_place_use(span, matchers):
            index.add_mention(_country_actor(kb, iso3), span)
    return index


def _add_people(
    doc: Doc,
    index: ActorIndex,
    kb: KnowledgeBase,
    matchers: ActorMatchers,
    country_spans: list[tuple[Span, str]],
    org_spans: list[tuple[Span, Actor]],
    on: date | None,
) -> None:
    """Full names first; a partial name ("Ding") then joins the full name it belongs to.
    Known office-holders take their country and sector from the knowledge base when the
    text does not give them."""
    found = _person_spans(doc, kb, matchers, org_spans, on)
    found.sort(key=lambda pair: -len(_name_words(pair[0])))
    for name, title in found:
        actor = _person_actor(name, title, kb, matchers, country_spans)
        owner = _owner_of(name, index)
        known = kb.person_for(name.text, on) if owner is None else None
        if owner is not None:
            _merge_person(owner, actor)
            actor = owner
        elif known is not None:
            actor = _with_known_roles(actor, known)
        elif len(_name_words(name)) < 2 and title is None:
            continue  # a lone untitled word tagged PERSON is too weak to be a new person
        whole = doc[title.start if title is not None else name.start: name.end]
        _note_embedded(index, whole, country_spans)
        index.add_mention(actor, whole)


def _with_known_roles(actor: Actor, known: PersonMatch) -> Actor:
    aliases = [known.name] if known.name != actor.name else []
    return actor.model_copy(update={
        "id": known.id, "country": actor.country or known.country,
        "sector": actor.sector or known.sector, "aliases": aliases,
    })


def _name_words(name: Span) -> list[str]:
    return [w for w in re.split(r"[\s-]+", name.text) if w]


def _words_within(words: list[str], name: str) -> bool:
    """Every word is a word of `name`, folded or spelled alike ("Berdymukhamedov" is in
    "Gurbanguly Berdimuhamedov")."""
    keys = [word_keys(w) for w in re.split(r"[\s-]+", name) if w]
    return bool(words) and all(any(word_keys(w) & k for k in keys) for w in words)


def _owner_of(name: Span, index: ActorIndex) -> Actor | None:
    words = _name_words(name)
    owners = [a for a in index.actors.values()
              if a.kind == "person" and _words_within(words, a.name)]
    return owners[0] if len(owners) == 1 else None


def _merge_person(owner: Actor, other: Actor) -> None:
    owner.roles.extend(r for r in other.roles if r not in owner.roles)
    owner.country = owner.country or other.country
    owner.sector = owner.sector or other.sector


def _add_groups(
    doc: Doc, index: ActorIndex, kb: KnowledgeBase, countries: list[tuple[Span, str]]
) -> None:
    """Agents named by what they are: 'Palestinian youths', 'security forces in Guinea',
    'the Chinese government' -> a group actor with country and sector."""
    country_at = {t.i: iso3 for span, iso3 in countries for t in span}
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN") or token.i in index.token_actor:
            continue
        if token.dep_ in ("compound", "amod") or token.lower_ in NOT_AGENTS:
            continue
        sector = _group_sector(token, kb)
        if sector is None or _counted(token):
            continue
        span = _group_span(token, index)
        owner = _owning_organization(token, index)
        if owner is not None:
            index.add_mention(owner, span)  # 'diplomats from the Group of Seven' act as G7
            continue
        qualifiers: list[str | None] = [*_group_countries(token, span, country_at, index)] or [
            None]
        for number, country in enumerate(qualifiers):
            actor = Actor(id=f"group:{country or '---'}{sector}", name=_group_name(span),
                          kind="group", country=country, sector=sector)
            actor = index.actors.setdefault(actor.id, actor)
            if number == 0:
                index.add_mention(actor, span)
            else:
                index.shared.setdefault(token.i, []).append(actor.id)


def _owning_organization(token: Token, index: ActorIndex) -> Actor | None:
    """The organisation a group belongs to: 'diplomats from the Group of Seven', 'UN arms
    inspectors', 'top al-Qaeda leaders'."""
    for child in token.lefts:
        actor = index.actor_for(child) if child.dep_ in ("compound", "nmod", "poss") else None
        if actor is not None and actor.kind == "organization":
            return actor
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "from"):
            for pobj in child.children:
                actor = index.actor_for(pobj) if pobj.dep_ == "pobj" else None
                if actor is not None and actor.kind == "organization":
                    return actor
    return None


def _counted(token: Token) -> bool:
    """'the two sides', 'both leaders' refer to a pair named earlier, not to a new group."""
    return any(c.lower_ in ("two", "both") for c in token.children)


def _group_sector(token: Token, kb: KnowledgeBase) -> str | None:
    compounds = [c.text for c in token.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    for phrase in (" ".join([*compounds, token.text]), token.text, token.lemma_):
        sectors = kb.title_sectors(phrase.lower()) if phrase else ()
        if sectors:
            return sectors[0]
    return GROUP_NOUNS.get(token.lower_)


def _group_span(token: Token, index: ActorIndex) -> Span:
    start = token.i
    for child in token.lefts:
        if child.dep_ in ("amod", "compound", "poss", "nmod", "case") and not any(
                t.i in index.token_actor and index.actors[index.token_actor[t.i]].kind != "country"
                for t in child.subtree):
            start = min(start, child.left_edge.i)
    return token.doc[start: token.i + 1]


def _group_countries(
    token: Token, span: Span, country_at: dict[int, str], index: ActorIndex
) -> list[str]:
    """Countries that qualify a group: its modifiers ('US and British activists'), else the
    country of a person it belongs to ('President Suharto's government'), else a place it is
    in or from ('security forces in Guinea')."""
    found = list(dict.fromkeys(country_at[t.i] for t in span if t.i in country_at))
    if found:
        return found
    for child in token.lefts:
        person = index.actor_for(child) if child.dep_ in ("poss", "compound") else None
        if person is not None and person.kind == "person" and person.country:
            return [person.country]
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in ("in", "of", "from", "throughout", "across"):
            for pobj in child.children:
                inside = [country_at[t.i] for t in pobj.subtree if t.i in country_at]
                if pobj.dep_ == "pobj" and inside:
                    return inside[:1]
    return []


def _group_name(span: Span) -> str:
    return span.text.replace(" 's", "'s")


def _country_spans(
    doc: Doc, kb: KnowledgeBase, matchers: ActorMatchers
) -> list[tuple[Span, str]]:
    """Country mentions, longest first; a blocker that wins drops the country inside it."""
    spans = [Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in matchers.countries(doc)]
    found = [s for s in spans if s.label_ == BLOCKED or _names_country(s, kb, matchers)]
    return [(s, s.label_) for s in _longest_first(found) if s.label_ != BLOCKED]


def _names_country(span: Span, kb: KnowledgeBase, matchers: ActorMatchers) -> bool:
    """Written as a listed phrase of that country, or in a case the knowledge base accepts
    ("ISRAEL", "iSrael" but not "turkey" or "us")."""
    iso3 = span.label_
    return matchers.country_of_phrase.get(span.text) == iso3 or kb.country_for(span.text) == iso3


def _is_place_use(span: Span, matchers: ActorMatchers) -> bool:
    """'in Astana' names a place; 'Astana said' names the government."""
    return span.text in matchers.metonyms and span.root.head.lower_ in LOCATIVE_PREPS


def _organization_spans(
    doc: Doc,
    kb: KnowledgeBase,
    matchers: ActorMatchers,
    countries: list[tuple[Span, str]],
    on: date | None,
) -> list[tuple[Span, Actor]]:
    found: list[Span] = []
    for match_id, start, end in matchers.organizations(doc):
        found.append(Span(doc, start, end, label=doc.vocab.strings[match_id]))
    for ent in doc.ents:
        if ent.label_ == "ORG" and not _is_titled_person(ent, matchers):
            trimmed = _trim_determiners(ent)
            if trimmed is not None and not _not_an_organization(trimmed, kb, matchers, on):
                found.append(Span(doc, trimmed.start, trimmed.end, label="ORG"))
    result = []
    for span in _longest_first(found):
        if _is_acronym_of_initiative(span):
            continue
        result.append((span, _organization_actor(span, kb, countries)))
    return _join_parenthesised(result)


def _join_parenthesised(spans: list[tuple[Span, Actor]]) -> list[tuple[Span, Actor]]:
    """'Islamic Salvation Front (FIS)', 'International Labor Office (ILO)': a name and the
    short form in brackets after it are one organisation, the known one if either is."""
    joined = list(spans)
    for i in range(len(joined) - 1):
        (name, first), (short, second) = joined[i], joined[i + 1]
        doc = name.doc
        if short.start != name.end + 1 or doc[name.end].text != "(" or (
                short.end >= len(doc) or doc[short.end].text != ")"):
            continue
        chosen = second if first.id.startswith("org:") and not second.id.startswith("org:") \
            else first
        joined[i], joined[i + 1] = (name, chosen), (short, chosen)
    return joined


def _not_an_organization(
    ent: Span, kb: KnowledgeBase, matchers: ActorMatchers, on: date | None
) -> bool:
    """spaCy's ORG slips: a country ("Kazakh"), a country adjective with its modifiers
    ("Radical French" farmers), bare title words ("State" in "Secretary of State"), or a
    person's name."""
    last = ent[-1]
    if ent.text in matchers.country_of_phrase or (
            last.text in matchers.country_of_phrase and last.dep_ == "amod"
            and last.head.i >= ent.end):
        return True
    words = [t for t in ent if t.is_alpha]
    if words and all(_is_title_word(t) for t in words):
        return True
    return _names_person(ent, kb, on)


def _person_spans(
    doc: Doc,
    kb: KnowledgeBase,
    matchers: ActorMatchers,
    orgs: list[tuple[Span, Actor]],
    on: date | None,
) -> list[tuple[Span, Span | None]]:
    taken = {t.i for span, _ in orgs for t in span}
    people = []
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG") or any(t.i in taken for t in ent):
            continue
        name = _name_part(ent, matchers)
        if name is None or not _looks_like_name(name, matchers):
            continue
        title = _title_before(doc, name, matchers)
        if ent.label_ == "ORG" and title is None and not _names_person(name, kb, on):
            continue
        people.append((name, title))
    return people


def _names_person(name: Span, kb: KnowledgeBase, on: date | None) -> bool:
    """A name spaCy tagged ORG that is a person's: all its words belong to a name tagged
    PERSON in the article ("Berdimuhamedov" after "Gurbanguly Berdimuhamedov"), or the
    knowledge base knows the person. A known organisation's name is never a person's."""
    if kb.organization_for(name.text) is not None:
        return False
    words = _name_words(name)
    return any(_words_within(words, person) for person in _person_names(name.doc)) or (
        kb.person_for(name.text, on) is not None)


def _person_names(doc: Doc) -> list[str]:
    """The distinct names spaCy tags PERSON in the article (worked out once per article)."""
    key = "attache.person_names"
    if key not in doc.user_data:
        doc.user_data[key] = list(dict.fromkeys(e.text for e in doc.ents if e.label_ == "PERSON"))
    names: list[str] = doc.user_data[key]
    return names


def _is_title_word(token: Token) -> bool:
    return token.lower_ in PERSON_TITLE_WORDS


def _name_part(ent: Span, matchers: ActorMatchers) -> Span | None:
    """The proper-name tail of an entity that may start with a country and a title."""
    start = ent.start
    for token in ent:
        if not (_is_title_word(token) or token.text in matchers.country_of_phrase
                or token.text in TITLE_JOINERS | {"'s", "the"}):
            break
        start = token.i + 1
    name = ent.doc[start: ent.end]
    return name if len(name) else None


def _looks_like_name(name: Span, matchers: ActorMatchers) -> bool:
    words = [t for t in name if t.is_alpha]
    if not words or not all(t.text[:1].isupper() for t in words):
        return False
    if len(words) == 1 and (words[0].is_upper and len(words[0]) <= 5):
        return False  # an acronym such as BRI, not a person
    return not any(t.text in matchers.country_of_phrase for t in words)


def _title_before(doc: Doc, name: Span, matchers: ActorMatchers) -> Span | None:
    """Title words directly before a name, with the country that owns them if it is named:
    "Kazakhstan's First Deputy Prime Minister", "Deputy Prime Minister and Foreign Minister"."""
    start, i = name.start, name.start - 1
    while i >= 0 and (_is_title_word(doc[i]) or (
            doc[i].lower_ in INNER_TITLE_JOINERS and i > 0 and _is_title_word(doc[i - 1]))):
        start = i if _is_title_word(doc[i]) else start
        i -= 1
    if start == name.start:
        return None
    if i >= 0 and doc[i].text == "'s" and i > 0:
        i -= 1
    if i >= 0 and doc[i].text in matchers.country_of_phrase:
        start = i
    return doc[start: name.start]


def _is_titled_person(ent: Span, matchers: ActorMatchers) -> bool:
    name = _name_part(ent, matchers)
    if name is None or name.start == ent.start or not _looks_like_name(name, matchers):
        return False
    return any(_is_title_word(t) for t in ent[: name.start - ent.start])


def _person_actor(
    name: Span,
    title: Span | None,
    kb: KnowledgeBase,
    matchers: ActorMatchers,
    countries: list[tuple[Span, str]],
) -> Actor:
    roles, country = [], None
    if title is not None:
        country = _country_inside(title, countries)
        roles = _roles_from_title(title, matchers)
    appositive_roles, appositive_country = _appositive_roles(name, countries)
    roles += [r for r in appositive_roles if r not in roles]
    country = country or appositive_country
    sector = next((kb.title_sectors(r)[0] for r in roles if kb.title_sectors(r)), None)
    return Actor(
        id="person:" + slug(name.text), name=name.text, kind="person",
        country=country, sector=sector, roles=roles,
    )


def _roles_from_title(title: Span, matchers: ActorMatchers) -> list[str]:
    words = [t.text for t in title if t.text not in matchers.country_of_phrase and t.text != "'s"]
    parts = re.split(r"\s+(?:and|&)\s+", " ".join(words))
    return [p.strip() for p in parts if p.strip() and p.strip().lower() not in TITLE_JOINERS]


def _appositive_roles(
    name: Span, countries: list[tuple[Span, str]]
) -> tuple[list[str], str | None]:
    for token in name.root.children:
        if token.dep_ == "appos" and token.lemma_.lower() in MEMBERSHIP_NOUNS | {"minister"}:
            sub = name.doc[token.left_edge.i: token.right_edge.i + 1]
            words = [t for t in sub if not (t.i < token.i and t.pos_ in ("DET", "ADV"))]
            role = " ".join(t.text for t in words).replace(" 's", "'s")
            return [role], _country_inside(sub, countries)
    return [], None


def _country_inside(span: Span, countries: list[tuple[Span, str]]) -> str | None:
    for cspan, iso3 in countries:
        if cspan.start >= span.start and cspan.end <= span.end:
            return iso3
    return None


def _resolve_short_names(doc: Doc, index: ActorIndex) -> None:
    """Later "Ding" or "Tokayev" refers to the full name introduced elsewhere in the article
    (spelled alike is enough: "Berdymukhamedov" after "Berdimuhamedov")."""
    owners: dict[str, set[str]] = {}
    for actor in list(index.actors.values()):
        if actor.kind == "person":
            for part in re.split(r"[\s-]+", actor.name):
                for key in word_keys(part) if len(part) >= 3 else ():
                    owners.setdefault(key, set()).add(actor.id)
    for token in doc:
        if token.i in index.token_actor or token.pos_ != "PROPN" or not token.text[:1].isupper():
            continue
        ids = {i for key in word_keys(token.text) for i in owners.get(key, ())}
        if len(ids) == 1:
            actor = index.actors[next(iter(ids))]
            index.add_mention(actor, doc[token.i: token.i + 1])


def _organization_actor(span: Span, kb: KnowledgeBase, countries: list[tuple[Span, str]]) -> Actor:
    entry = kb.organization_for(span.text)
    if entry is not None:
        return Actor(id=entry.id, name=entry.name, kind="organization", country=entry.country,
                     sector=entry.sector)
    inside = {iso3 for cspan, iso3 in countries if span.start <= cspan.start < span.end}
    sectors = kb.title_sectors(span.text)
    return Actor(
        id="org:" + slug(span.text), name=span.text, kind="organization",
        country=next(iter(inside)) if len(inside) == 1 else None,
        sector=sectors[0] if sectors else None,
    )


def _country_actor(kb: KnowledgeBase, iso3: str) -> Actor:
    entry = kb.countries.get(iso3)
    return Actor(id=iso3, name=entry.name if entry else iso3, kind="country", country=iso3,
                 sector=None)


def _note_embedded(index: ActorIndex, span: Span, countries: list[tuple[Span, str]]) -> None:
    for cspan, iso3 in countries:
        if span.start <= cspan.start and cspan.end <= span.end:
            index.embedded_countries[cspan.start] = iso3


def _trim_determiners(span: Span) -> Span | None:
    start = span.start
    while start < span.end and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    return span.doc[start: span.end] if start < span.end else None


def _is_acronym_of_initiative(span: Span) -> bool:
    return len(span) == 1 and span.text in {"BRI", "OBOR"}


def _longest_first(spans: Iterable[Span]) -> list[Span]:
    taken: set[int] = set()
    kept = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not any(i in taken for i in range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")

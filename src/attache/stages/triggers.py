"""Event triggers: which words in a sentence report an event, and with which CAMEO code.

Three sources, in order: constructions (light verbs with event nouns, 'call on', intent and
readiness), attache's own verb and verb + object tables (`kb/event_words.py`), then the
PETRARCH2 CAMEO verb dictionary. Modality then adjusts the code: what an actor says it will
do is an intent (03x) or a threat (13x); what it will not do is a rejection (12x).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from attache.kb import event_words as words
from attache.kb.cameo import VerbLexicon

AGREEMENT_NOUNS = words.AGREEMENTS
MULTILATERAL_NOUNS = {"summit", "conference", "forum", "assembly"}
READINESS_ADJECTIVES = {"ready", "willing", "prepared", "eager", "determined", "committed"}
INTENT_VERBS = {"agree", "decide", "resolve", "commit", "vow", "pledge", "promise", "offer",
                "plan", "intend", "threaten", "swear", "undertake", "aim", "expect", "hope",
                "seek", "want", "wish", "prepare"}
INTENT_HEADS = INTENT_VERBS | READINESS_ADJECTIVES | {
    "call", "urge", "ask", "appeal", "need", "try", "attempt"}
# verbs whose 'that' clause is wanted, proposed or warned of, not reported as done
WANTING_VERBS = {"demand", "urge", "ask", "insist", "call", "request", "propose", "suggest",
                 "recommend", "want", "hope", "expect", "plan", "warn", "threaten", "agree",
                 "decide", "vow", "pledge", "promise", "wish", "prefer", "fear", "order",
                 # claims are not facts: 'claimed that ISIL had attacked Iraq' is an accusation
                 "claim", "allege", "suspect", "rumor", "speculate"}
REPORTING_VERBS = {"say", "declare", "reiterate", "insist", "stress", "conclude", "state",
                   "announce", "tell", "warn", "argue", "write", "add"}
FIGURES = {"MONEY", "PERCENT"}
TRAVEL_VERBS = {"head", "travel", "fly", "journey", "jet"}
# the English model's lemmatiser slips on a few verbs this module cares about
LEMMA_FIXES = {"hoped": "hope", "hopes": "hope", "hoping": "hope", "staged": "stage",
               "waged": "wage", "urged": "urge", "vowed": "vow", "eased": "ease",
               "co-chaired": "co-chair", "co-hosted": "co-host"}
FUTURE_AUX = {"will", "would", "shall", "'ll", "wo"}
REFUSALS = {"refuse", "decline", "reject", "fail"}
STATEMENT_CODES = ("01",)
NOT_EVENTS = {"according", "including", "following", "regarding", "concerning"}
FINITE = ("VBZ", "VBD", "VBP")
COOPERATIVE_INTENT = {"02": "030", "04": "036", "05": "032", "06": "031", "07": "033",
                      "08": "035", "09": "030"}
COOPERATIVE_REFUSAL = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122",
                       "08": "124"}


@dataclass(frozen=True)
class Trigger:
    token: Token
    code: str
    rule: str
    noun: Token | None = None  # the event noun for light-verb constructions


def find_triggers(sent: Span, lexicon: VerbLexicon) -> Iterator[Trigger]:
    for token in sent:
        trigger = classify(token, lexicon) or noun_event(token)
        if trigger is not None:
            yield trigger


def noun_event(token: Token) -> Trigger | None:
    """'a two-day visit by Indian Prime Minister Narendra Modi to Mauritius': an event noun
    whose agent is named with 'by'."""
    if token.pos_ != "NOUN" or token.lower_ not in words.NOUNS:
        return None
    if token.head.pos_ in ("VERB", "AUX") and token.dep_ in ("dobj", "nsubj", "nsubjpass"):
        return None  # carried by its verb ('held talks', 'riots continued')
    if not any(c.dep_ == "prep" and c.lower_ == "by" for c in token.children):
        return None
    code = _noun_code(token)
    return Trigger(token, code, f"noun:{token.lower_}", token) if code else None


def classify(token: Token, lexicon: VerbLexicon) -> Trigger | None:
    lemma = _lemma(token)
    if token.pos_ not in ("VERB", "AUX") and not lemma.startswith("co-"):
        return None
    if token.dep_ in ("aux", "auxpass", "amod", "prep", "mark") or token.lower_ in NOT_EVENTS:
        return None
    if _measures_a_figure(token):
        return None
    if _in_content_clause(token) or _obliged(token):
        return None
    light = _light_verb(token, lemma)
    if light is not None and not _infinitive(token):
        return light
    specific = (_call_on(token, lemma) or _want_of(token, lemma) or _must(token, lemma)
                or _intent(token, lemma, lexicon) or _arrival(token, lemma)
                or _crowd(token, lemma))
    if specific is not None:
        return specific
    if is_content_clause(token):
        return None
    base = plain_code(token, lemma, lexicon)
    return _with_modality(base) if base is not None else None


def plain_code(token: Token, lemma: str, lexicon: VerbLexicon) -> Trigger | None:
    """The verb's own code from its object, attache's table or the PETRARCH dictionary."""
    found = (_verb_object(token, lemma) or _rule(token, lemma) or _travel(token, lemma)
             or _dictionary(token, lemma, lexicon))
    return found if found is not None and found.code else None


def _lemma(token: Token) -> str:
    lemma = LEMMA_FIXES.get(token.lower_, token.lemma_.lower())
    if lemma.startswith("co-chair"):
        return "co-chair"
    return lemma


def is_content_clause(token: Token) -> bool:
    """'vowed to explore ...', 'called on them to promote ...', 'jointly safeguarding ...':
    what someone wants or describes, not an event of its own."""
    head = _conj_head(token)
    if head.dep_ == "xcomp" and _lemma(head.head) in words.ATTEMPT_HEADS:
        return False  # 'tried to assassinate' is an (attempted) act
    infinitive = any(c.dep_ == "aux" and (c.tag_ == "TO" or c.lower_ in words.OBLIGATION_AUX)
                     for c in head.children)
    participle = (head.tag_ == "VBG" and head.dep_ in ("advcl", "acl", "pcomp", "xcomp")) or (
        head.tag_ == "VBN" and head.dep_ == "acl")
    wanted_clause = head.dep_ == "ccomp" and _lemma(head.head) in WANTING_VERBS
    return (head.dep_ == "xcomp" or infinitive or participle or wanted_clause or _wanted(token)
            or _stray_base(token))


def _in_content_clause(token: Token) -> bool:
    """Inside what someone wants, plans or is described as doing: 'seeking to mend ties',
    'for helping militants join a group' (the enclosing verb is not an event of its own)."""
    if (token.tag_ in FINITE and _has_subject(token)) or token.dep_ == "relcl":
        return False
    if _conj_head(token).tag_ == "VBG" and _conj_head(token).dep_ in ("advcl", "acl", "pcomp"):
        return True  # 'seeking to mend ties': a participle adjunct describes, it reports nothing
    for ancestor in token.ancestors:
        if ancestor.pos_ in ("VERB", "AUX") and is_content_clause(ancestor):
            return True
        if ancestor.pos_ == "NOUN" and ancestor.lower_ in words.WANTED_NOUNS:
            return True
        if _has_subject(ancestor) or ancestor.dep_ == "relcl":
            return False
    head = _conj_head(token)
    return head.tag_ == "VBG" and head.dep_ in ("advcl", "acl", "pcomp")


def _measures_a_figure(token: Token) -> bool:
    """'trade hit $1.1 billion', 'exports rose 10%': figures moving, not actors acting."""
    return any(c.dep_ in ("dobj", "npadvmod", "attr") and c.ent_type_ in FIGURES
               for c in token.children)


def _obliged(token: Token) -> bool:
    """'the US must be ready to mediate': what someone must do is demanded, not done."""
    head = _conj_head(token)
    return any(c.dep_ == "aux" and c.lower_ in words.OBLIGATION_AUX for c in head.children)


def _infinitive(token: Token) -> bool:
    head = _conj_head(token)
    if head.dep_ == "xcomp" and _lemma(head.head) in words.ATTEMPT_HEADS:
        return False
    return head.dep_ == "xcomp" or any(c.dep_ == "aux" and c.tag_ == "TO" for c in head.children)


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


def _conj_head(token: Token) -> Token:
    head = token
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    return head


def _wanted(token: Token) -> bool:
    """A subjectless verb under 'agreed', 'vowed', 'called on', 'ready': a parse that lost
    the 'to' of a long list ('agreed to A, B, and C')."""
    if token.tag_ not in ("VB", "VBP", "VBG") or any(
            c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
        return False
    return any(_lemma(a) in INTENT_HEADS for a in token.ancestors)


def _stray_base(token: Token) -> bool:
    """A bare infinitive coordinated with a finite verb ('stands ready to A, B, and C' parsed
    as 'stands ..., promote'): a list of intentions, not an event."""
    if token.tag_ != "VB" or token.dep_ != "conj":
        return False
    head = _conj_head(token)
    return head.tag_ != "VB" and not any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children)


def _light_verb(token: Token, lemma: str) -> Trigger | None:
    """'held talks', 'staged demonstrations', 'signed an agreement', 'riots continued'."""
    if lemma in ("sign", "conclude", "reach", "ink"):
        noun = _object_in(token, AGREEMENT_NOUNS | {"consensus"})
        return Trigger(token, "057", f"{lemma}+agreement", noun) if noun is not None else None
    if lemma in words.LIGHT_VERBS:
        noun = _object_in(token, set(words.NOUNS) | words.GENERIC_EVENT_NOUNS)
        code = _noun_code(noun) if noun is not None else None
        if noun is not None and code is not None:
            return Trigger(token, code, f"{lemma}+{noun.lower_}", noun)
    if lemma in words.ASPECTUAL_VERBS:
        for child in token.children:
            code = _noun_code(child) if child.dep_ == "nsubj" else None
            if code is not None:
                return Trigger(token, code, f"{child.lower_}+{lemma}", child)
    return None


def _object_in(token: Token, nouns: set[str] | frozenset[str]) -> Token | None:
    """The verb's object (direct, or of 'to/for/on/in': 'resorted to', 'went on strike')."""
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr") and child.lower_ in nouns:
            return child
        if child.dep_ == "prep" and child.lower_ in ("to", "for", "on", "in", "into"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.lower_ in nouns:
                    return pobj
    return None


def _noun_code(noun: Token) -> str | None:
    if noun.lower_ in ("strike", "strikes") and any(
            c.lower_ == "hunger" for c in noun.children):
        return words.HUNGER_STRIKE
    if noun.lower_ in words.GENERIC_EVENT_NOUNS:
        compounds = [c.lower_ for c in noun.lefts if c.dep_ in ("compound", "amod")]
        return next((words.NOUNS[c] for c in compounds if c in words.NOUNS), None)
    return words.NOUNS.get(noun.lower_)


def _want_of(token: Token, lemma: str) -> Trigger | None:
    """'Obama wants Putin to attack ...': wanting something of someone is a request."""
    if lemma not in ("want", "ask", "tell", "press", "pressure", "encourage", "invite"):
        return None
    for child in token.children:
        if child.dep_ == "ccomp" and any(c.dep_ == "nsubj" for c in child.children) and any(
                c.dep_ == "aux" and c.tag_ == "TO" for c in child.children):
            return Trigger(token, "020", f"request:{lemma}")
        if child.dep_ == "dobj" and any(_to_infinitive(c) for c in token.children):
            return Trigger(token, "020", f"request:{lemma}")
    return None


def _to_infinitive(token: Token) -> bool:
    """'told them to leave' (a request), not 'told reporters that ...' (a report)."""
    return token.dep_ in ("xcomp", "ccomp") and any(
        c.dep_ == "aux" and c.tag_ == "TO" for c in token.children)


def _must(token: Token, lemma: str) -> Trigger | None:
    """'declared that China must drop barriers': saying what another must do is a demand."""
    if lemma not in REPORTING_VERBS:
        return None
    for child in token.children:
        if child.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ in ("must", "should")
                                         for c in child.children):
            return Trigger(token, "100", f"demand:{lemma}")
    return None


def _arrival(token: Token, lemma: str) -> Trigger | None:
    """'peacekeeping troops arrived in Bosnia': peacekeepers deployed are aid (074)."""
    if lemma not in ("arrive", "land", "deploy", "reach"):
        return None
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass") and {t.lower_ for t in child.subtree} & (
                words.PEACEKEEPERS | {"peacekeeping"}):
            return Trigger(token, "074", f"peacekeepers:{lemma}")
    return None


def _crowd(token: Token, lemma: str) -> Trigger | None:
    """'thousands gathered outside parliament': a crowd assembling is a demonstration."""
    if lemma not in words.CROWD_VERBS:
        return None
    for child in token.children:
        if child.dep_ == "nsubj" and child.lower_ in words.CROWDS:
            return Trigger(token, "141", f"crowd:{lemma}")
    return None


def _call_on(token: Token, lemma: str) -> Trigger | None:
    if lemma != "call":
        return None
    for child in token.children:
        if child.dep_ in ("prep", "prt") and child.lower_ in ("on", "upon", "for"):
            return Trigger(token, "020", "call-on")
    return None


def _intent(token: Token, lemma: str, lexicon: VerbLexicon) -> Trigger | None:
    """'agreed to ...', 'stands ready to ...', 'plans to impose ...': the wanted act decides
    between an intent to cooperate (03x) and a threat (13x)."""
    wanted = _wanted_act(token)
    ready = any(c.dep_ == "acomp" and c.lower_ in READINESS_ADJECTIVES for c in token.children)
    if lemma not in INTENT_VERBS and not ready:
        return None
    if wanted is None and lemma not in ("agree", "vow", "pledge", "promise", "threaten"):
        return None
    act = plain_code(wanted, _lemma(wanted), lexicon) if wanted is not None else None
    code: str | None = "130" if lemma == "threaten" else "030"
    if act is not None:
        code = threat_code(act.code) if lemma == "threaten" else intent_code(act.code)
    if code is None:
        return None
    return Trigger(token, code, f"intent:{lemma}")


def _wanted_act(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
            return child
        if child.dep_ == "acomp" and child.lower_ in READINESS_ADJECTIVES:
            return _wanted_act(child)
    return None


def intent_code(code: str) -> str | None:
    """What 'X will/agreed to <act>' means: an intent to cooperate, or a threat."""
    root = code[:2]
    if root in COOPERATIVE_INTENT:
        return COOPERATIVE_INTENT[root]
    if root in ("03", "10", "11", "12", "13"):
        return code
    return threat_code(code)


def threat_code(code: str) -> str:
    root = code[:2]
    if root == "14":
        return "133"
    if root == "16":
        return "131"
    if code.startswith("172") or code.startswith("163"):
        return "132"
    if root == "17":
        return "137"
    if root in ("15", "18", "19", "20"):
        return "138"
    return "130"


def _with_modality(trigger: Trigger) -> Trigger | None:
    token, code = trigger.token, trigger.code
    if _negated(token):
        refusal = COOPERATIVE_REFUSAL.get(code[:2])
        return replace(trigger, code=refusal, rule=trigger.rule + "+not") if refusal else None
    if _future(token) and not code.startswith(("02", "03", "10", "11", "12", "13")):
        intended = intent_code(code)
        return replace(trigger, code=intended, rule=trigger.rule + "+will") if intended else None
    return trigger


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in _conj_head(token).children)


def _future(token: Token) -> bool:
    head = _conj_head(token)
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in head.children)


def _verb_object(token: Token, lemma: str) -> Trigger | None:
    choices = words.VERB_OBJECTS.get(lemma)
    if not choices:
        return None
    objects = _object_words(token)
    for nouns, code in choices:
        if objects & nouns:
            return Trigger(token, code, f"object:{lemma}")
    return None


def _object_words(token: Token) -> set[str]:
    found: set[str] = set()
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass", "prt", "dative", "attr"):
            found |= {t.lower_ for t in child.subtree}
        elif child.dep_ == "prep":
            found |= {t.lower_ for t in child.subtree if t.dep_ in ("pobj", "compound")}
    return found


def _rule(token: Token, lemma: str) -> Trigger | None:
    code = words.VERBS.get(lemma)
    if code is None:
        return None
    if lemma in ("welcome", "back", "support", "step") and not _has_object(token):
        return None
    if lemma == "step" and not any(c.lower_ == "down" for c in token.children):
        return None
    return Trigger(token, code, f"rule:{lemma}")


def _travel(token: Token, lemma: str) -> Trigger | None:
    """'heads to Beijing', 'flew to Moscow': travel to a place is a visit; without a
    destination the verb is no event ('heads the delegation')."""
    if lemma not in TRAVEL_VERBS:
        return None
    if any(c.dep_ == "prep" and c.lower_ in ("to", "for") for c in token.children):
        return Trigger(token, "042", f"travel:{lemma}")
    return Trigger(token, "", "travel:none")


def _dictionary(token: Token, lemma: str, lexicon: VerbLexicon) -> Trigger | None:
    following = [t.lemma_.lower() for t in _own_clause(token) if t.i > token.i][:12]
    code = lexicon.lookup(lemma, following)
    if not code or code.startswith(STATEMENT_CODES) or code == "---":
        return None
    return Trigger(token, code, f"dictionary:{lemma}")


def _own_clause(token: Token) -> list[Token]:
    """The verb's words without the clauses it embeds ('reminder that it must cooperate')."""
    skipped: set[int] = set()
    for child in token.children:
        if child.dep_ in ("ccomp", "advcl", "relcl", "acl", "parataxis", "conj"):
            skipped.update(t.i for t in child.subtree)
    return [t for t in token.subtree if t.i not in skipped]


def _has_object(token: Token) -> bool:
    return any(c.dep_ in ("dobj", "nsubjpass", "prt", "prep") for c in token.children)

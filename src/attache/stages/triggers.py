"""Event triggers: which words in a sentence report an event, and with which CAMEO code.

Two sources, in order: attache's own rules for the diplomatic events this tool exists for
(meetings, visits, signing, readiness to cooperate, appeals, praise), then the PETRARCH2
CAMEO verb dictionary for everything else.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from attache.kb.cameo import VerbLexicon

AGREEMENT_NOUNS = {
    "agreement", "memorandum", "mou", "deal", "treaty", "accord", "pact", "contract",
    "declaration", "protocol", "charter", "convention", "communique", "roadmap", "document",
    "documents", "agreements", "deals", "memorandums", "memoranda",
}
MEETING_NOUNS = {"talks", "talk", "meeting", "meetings", "summit", "consultations", "dialogue",
                 "negotiations", "conference", "session", "discussion", "discussions"}
MULTILATERAL_NOUNS = {"summit", "conference", "forum", "assembly"}
VISIT_NOUNS = {"visit", "trip", "tour"}
READINESS_ADJECTIVES = {"ready", "willing", "prepared", "eager", "determined", "committed"}

# lemma -> (code, rule name): verbs whose meaning does not depend on their object
VERB_RULES: dict[str, str] = {
    "meet": "040", "visit": "042", "host": "043", "co-chair": "040", "co-chaire": "040",
    "co-host": "043", "negotiate": "046", "mediate": "045", "consult": "040",
    "sign": "057", "ink": "057", "initial": "057", "ratify": "057",
    "vow": "030", "pledge": "030", "promise": "030", "undertake": "030",
    "urge": "020", "appeal": "020", "request": "020", "demand": "100", "implore": "020",
    "praise": "051", "hail": "051", "commend": "051", "applaud": "051", "welcome": "051",
    "endorse": "051", "congratulate": "051", "thank": "051",
    "condemn": "111", "criticize": "111", "criticise": "111", "denounce": "111",
    "accuse": "112", "blame": "112", "reject": "120", "threaten": "130", "warn": "130",
    "sanction": "163", "attack": "190", "invade": "190", "bomb": "195", "shell": "195",
    "protest": "141", "expel": "174", "arrest": "173", "recall": "161", "impose": "163",
    "attend": "040",
}
LIGHT_VERB_NOUNS = {"hold": MEETING_NOUNS, "have": MEETING_NOUNS, "attend": MEETING_NOUNS,
                    "conduct": MEETING_NOUNS, "pay": VISIT_NOUNS, "make": VISIT_NOUNS,
                    "sign": AGREEMENT_NOUNS, "conclude": AGREEMENT_NOUNS,
                    "reach": {"agreement", "deal", "consensus", "accord"}}
AGREE_INTENT = {"agree", "decide", "resolve", "commit", "stand", "be", "express", "reaffirm"}
STATEMENT_CODES = ("01",)
INTENT_HEADS = {"agree", "vow", "pledge", "promise", "call", "urge", "ready", "willing",
                "decide", "resolve", "commit", "want", "hope", "seek", "plan", "aim", "need",
                "try", "ask", "appeal", "wish", "intend", "expect"}
NOT_EVENTS = {"according", "including", "following", "regarding", "concerning"}


@dataclass(frozen=True)
class Trigger:
    token: Token
    code: str
    rule: str
    noun: Token | None = None  # the event noun for light-verb constructions


def find_triggers(sent: Span, lexicon: VerbLexicon) -> Iterator[Trigger]:
    for token in sent:
        trigger = classify(token, lexicon)
        if trigger is not None:
            yield trigger


def classify(token: Token, lexicon: VerbLexicon) -> Trigger | None:
    lemma = token.lemma_.lower()
    if token.pos_ not in ("VERB", "AUX") and not lemma.startswith("co-"):
        return None
    if token.dep_ in ("aux", "auxpass", "amod", "prep", "mark") or token.lower_ in NOT_EVENTS:
        return None
    specific = _light_verb(token, lemma) or _call_on(token, lemma) or _intent(token, lemma)
    if specific is not None:
        return specific
    if is_content_clause(token):
        return None
    return _rule(token, lemma) or _dictionary(token, lemma, lexicon)


def is_content_clause(token: Token) -> bool:
    """'vowed to explore ...', 'called on them to promote ...', 'jointly safeguarding ...':
    what someone wants or describes, not an event of its own."""
    head = token
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in head.children)
    participle = head.tag_ == "VBG" and head.dep_ in ("advcl", "acl", "pcomp", "xcomp")
    return head.dep_ == "xcomp" or infinitive or participle or _wanted(token) or _stray_base(token)


def _stray_base(token: Token) -> bool:
    """A bare infinitive coordinated with a finite verb ('stands ready to A, B, and C' parsed
    as 'stands ..., promote'): a list of intentions, not an event."""
    finite = ("VBZ", "VBD", "VBP")
    return token.tag_ == "VB" and token.dep_ == "conj" and token.head.tag_ in finite


def _wanted(token: Token) -> bool:
    """A subjectless verb under 'agreed', 'vowed', 'called on', 'ready': a parse that lost
    the 'to' of a long list ('agreed to A, B, and C')."""
    if token.tag_ not in ("VB", "VBP", "VBG") or any(
            c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
        return False
    return any(a.lemma_.lower() in INTENT_HEADS for a in token.ancestors)


def _light_verb(token: Token, lemma: str) -> Trigger | None:
    nouns = LIGHT_VERB_NOUNS.get(lemma)
    if not nouns:
        return None
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass") and child.lower_ in nouns:
            return Trigger(token, _noun_code(child.lower_, lemma), f"{lemma}+{child.lower_}", child)
    return None


def _noun_code(noun: str, verb: str) -> str:
    if noun in VISIT_NOUNS:
        return "042"
    if noun in AGREEMENT_NOUNS or verb == "reach":
        return "057" if verb in ("sign", "conclude", "reach") else "030"
    if noun in ("negotiations",):
        return "046"
    return "040"


def _call_on(token: Token, lemma: str) -> Trigger | None:
    if lemma != "call":
        return None
    for child in token.children:
        if child.dep_ in ("prep", "prt") and child.lower_ in ("on", "upon", "for"):
            return Trigger(token, "020", "call-on")
    return None


def _intent(token: Token, lemma: str) -> Trigger | None:
    """'agreed to ...', 'stands ready to ...', 'expressed willingness to ...'."""
    if lemma not in AGREE_INTENT:
        return None
    has_xcomp = any(c.dep_ == "xcomp" for c in token.children)
    ready = any(c.dep_ == "acomp" and c.lower_ in READINESS_ADJECTIVES for c in token.children)
    if lemma == "agree" or (lemma in ("decide", "resolve", "commit") and has_xcomp):
        return Trigger(token, "036" if _to_meet(token) else "030", "intent")
    if ready:
        return Trigger(token, "030", "readiness")
    return None


def _to_meet(token: Token) -> bool:
    meeting = ("meet", "negotiate", "talk")
    return any(c.dep_ == "xcomp" and c.lemma_ in meeting for c in token.children)


def _rule(token: Token, lemma: str) -> Trigger | None:
    code = VERB_RULES.get(lemma)
    if code is None or (lemma == "welcome" and not _has_object(token)):
        return None
    return Trigger(token, code, f"rule:{lemma}")


def _dictionary(token: Token, lemma: str, lexicon: VerbLexicon) -> Trigger | None:
    following = [t.lemma_.lower() for t in token.subtree if t.i > token.i][:12]
    code = lexicon.lookup(lemma, following)
    if not code or code.startswith(STATEMENT_CODES) or code == "---":
        return None
    return Trigger(token, code, f"dictionary:{lemma}")


def _has_object(token: Token) -> bool:
    return any(c.dep_ in ("dobj", "nsubjpass") for c in token.children)

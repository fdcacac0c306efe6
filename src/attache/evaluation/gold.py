"""Loaders that turn the third-party gold sets into plain typed records.

Each loader takes the corpora root, the folder with one sub-folder per corpus (see its
README.md and every SOURCE.md there). It returns `GoldSentence` records whose `events` are the
gold tuples. `events == ()` means the sentence is gold-coded as having no event; for
CAMEO_ConfliBERT it can also mean that no code won the vote (see `load_conflibert`).

Format quirks, per corpus:

- plover_gsr: a JSON array whose first record is a DOCUMENT header, which is skipped. Actors
  are lists of {actorText, code, sector}. The code is ISO-3166 alpha-3 (a few older codes such
  as JAP remain). The sector is appended to give a CAMEO-like code (USA + GOV -> USAGOV); the
  placeholder sector "***" is dropped. A compound actor gives one event per source x target
  pair. A reciprocal dyad (markup "SRC/TAR", no target) gives one event per ordered pair of
  sources. `target` is sometimes "" or a stray context string instead of a list. One record
  has its markup as a bare string. The id PLOVER-GSR01-COERCE-0004 is used twice, so the
  second copy becomes "...-0004-2". No record carries a CAMEO code, so `code` is None. The
  record `date` is always a 2000-01-01 placeholder, so `published` is None. `group` holds the
  record's `context`.
- upetrarch_gsr and petrarch2_unittest: "XML-ish" validation files that are not well formed.
  They have a `#` banner, unclosed <Sentence> tags, both quote styles and spaces around "=".
  They are read with regular expressions after <!-- --> comments are dropped (one comment
  holds a commented-out tuple). <EventCoding noevents="True"/> and <EventCoding error=.../>
  give no event. Actor codes are kept as given, including "---" (unknown country) and
  PETRARCH's quoted literal actors such as '"INJURY TOLL"'. `group` is the record's category.
  The unit-test file reuses the ids AGENTS-18 and AGENTS-19; second copies get "-2".
- cameo_eventtypes.csv: codes are strings and missing values are the literal NULL. Some
  examples end with an editor's "Note: ...", which is cut off. Some carry Mac-Roman mojibake,
  which is repaired ("‚Äî" -> "—"). One is the placeholder "NEED EXAMPLE.", which is skipped.
  A few are truncated mid-word upstream; they are kept.
- CAMEO_ConfliBERT: see `load_conflibert`.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import permutations, product
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class GoldSpan:
    """An actor span a coder marked: `role` "source" or "target", offsets in the gold text."""

    role: str
    text: str
    start: int
    end: int

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True)
class GoldEvent:
    """One gold tuple. `source`/`target` are CAMEO actor codes as given (e.g. USAGOV, RUS);
    `source_span`/`target_span` locate the actors in the text where the corpus marks them."""

    source: str | None
    target: str | None
    code: str | None
    plover: str | None
    mode: str | None
    source_text: str | None = None
    target_text: str | None = None
    source_span: GoldSpan | None = None
    target_span: GoldSpan | None = None


@dataclass(frozen=True)
class GoldSentence:
    """A gold sentence and its tuples; `group` is a corpus-specific subset label;
    `actor_spans` are the agreed actor spans of corpora that mark them (ConfliBERT)."""

    id: str
    text: str
    events: tuple[GoldEvent, ...]
    published: str | None = None
    group: str | None = None
    actor_spans: tuple[GoldSpan, ...] = ()


_NON_STATE_PREFIXES = frozenset({"IGO", "NGO", "IMG", "MNC", "UIS", "NGM"})


def actor_country(code: str | None) -> str | None:
    """The country part of a CAMEO actor code (its first three letters), if it has one."""
    if not code:
        return None
    prefix = code[:3]
    if len(prefix) == 3 and prefix.isalpha() and prefix.isupper():
        return None if prefix in _NON_STATE_PREFIXES else prefix
    return None


def _clean(text: str) -> str:
    return " ".join(text.split())


def _iso_date(value: str | None) -> str | None:
    """YYYYMMDD -> YYYY-MM-DD; anything else (e.g. the stray "121108") -> None."""
    if value is None or not re.fullmatch(r"\d{8}", value):
        return None
    try:
        return datetime.strptime(value, "%Y%m%d").date().isoformat()
    except ValueError:
        return None


def _unique_ids(sentences: list[GoldSentence]) -> list[GoldSentence]:
    """Give the n-th (n > 1) sentence that reuses an id the suffix "-n"."""
    seen: Counter[str] = Counter()
    unique = []
    for sentence in sentences:
        seen[sentence.id] += 1
        count = seen[sentence.id]
        unique.append(sentence if count == 1 else replace(sentence, id=f"{sentence.id}-{count}"))
    return unique


# --- PLOVER GSR -------------------------------------------------------------------------

_Actor = tuple[str | None, str | None]  # (code, text)
_NO_ACTOR: _Actor = (None, None)


def load_plover_gsr(root: Path) -> list[GoldSentence]:
    """plover_gsr/PLOVER_GSR_CAMEO.json: 322 records, PLOVER 0.5b1 type names kept as given."""
    path = root / "plover_gsr" / "PLOVER_GSR_CAMEO.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    sentences = [_plover_sentence(r) for r in records if r.get("event") != "DOCUMENT"]
    return _unique_ids(sentences)


def _plover_sentence(record: dict[str, Any]) -> GoldSentence:
    return GoldSentence(
        id=record["id"],
        text=_clean(record["text"]),
        events=_plover_events(record),
        group=_plover_context(record),
    )


def _plover_events(record: dict[str, Any]) -> tuple[GoldEvent, ...]:
    sources = _plover_actors(record.get("source"))
    targets = _plover_actors(record.get("target"))
    if not targets and len(sources) > 1 and "SRC/TAR" in _plover_markup(record):
        pairs = list(permutations(sources, 2))
    else:
        pairs = list(product(sources or [_NO_ACTOR], targets or [_NO_ACTOR]))
    mode = record.get("mode") or None
    return tuple(
        GoldEvent(source[0], target[0], None, record["event"], mode, source[1], target[1])
        for source, target in pairs
    )


def _plover_actors(value: object) -> list[_Actor]:
    if not isinstance(value, list):
        return []
    return [(_plover_code(actor), actor.get("actorText")) for actor in value if actor]


def _plover_code(actor: dict[str, str]) -> str | None:
    code = actor.get("code") or None
    sector = actor.get("sector")
    if code and sector and sector != "***":
        return code + sector
    return code


def _plover_markup(record: dict[str, Any]) -> str:
    info = record.get("textInfo")
    if isinstance(info, dict):
        return str(info.get("markup", ""))
    return str(info or "")


def _plover_context(record: dict[str, Any]) -> str | None:
    context = record.get("context")
    target = record.get("target")
    if not context and isinstance(target, str) and target:
        return target  # PLOVER-GSR01-AGREE-0007 has its context in the target field
    return context or None


# --- PETRARCH validation files ----------------------------------------------------------

_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_SENTENCE_START_RE = re.compile(r"(?=<Sentence\b)")
_SENTENCE_TAG_RE = re.compile(r"<Sentence\b([^>]*)>")
_CODING_TAG_RE = re.compile(r"<EventCoding\b([^>]*)>")
_TEXT_RE = re.compile(r"<Text>(.*?)</Text>", re.S)
_ATTRIBUTE_RE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def load_upetrarch_gsr(root: Path) -> list[GoldSentence]:
    """upetrarch_gsr/PETR2_GSR_validation.xml: 78 sentences, 80 tuples, 12 no-event."""
    return _petrarch_sentences(root / "upetrarch_gsr" / "PETR2_GSR_validation.xml")


def load_petrarch2_unittest(root: Path) -> list[GoldSentence]:
    """petrarch2_unittest/PETR.UnitTest.records.xml: 284 sentences, 359 tuples."""
    return _petrarch_sentences(root / "petrarch2_unittest" / "PETR.UnitTest.records.xml")


def _petrarch_sentences(path: Path) -> list[GoldSentence]:
    raw = _COMMENT_RE.sub("", path.read_text(encoding="utf-8"))
    blocks = _SENTENCE_START_RE.split(raw)[1:]
    return _unique_ids([_petrarch_sentence(block) for block in blocks])


def _petrarch_sentence(block: str) -> GoldSentence:
    tag = _SENTENCE_TAG_RE.match(block)
    attributes = _attributes(tag.group(1) if tag else "")
    text = _TEXT_RE.search(block)
    if text is None:
        raise ValueError(f"sentence {attributes.get('id')!r} has no <Text>")
    codings = (_attributes(match.group(1)) for match in _CODING_TAG_RE.finditer(block))
    return GoldSentence(
        id=attributes["id"],
        text=_clean(html.unescape(text.group(1))),
        events=tuple(_petrarch_event(coding) for coding in codings if "eventcode" in coding),
        published=_iso_date(attributes.get("date")),
        group=attributes.get("category"),
    )


def _attributes(tag_body: str) -> dict[str, str]:
    return {
        match.group(1): match.group(2) if match.group(2) is not None else match.group(3)
        for match in _ATTRIBUTE_RE.finditer(tag_body)
    }


def _petrarch_event(coding: dict[str, str]) -> GoldEvent:
    return GoldEvent(
        source=coding.get("sourcecode") or None,
        target=coding.get("targetcode") or None,
        code=coding["eventcode"],
        plover=None,
        mode=None,
    )


# --- CAMEO codebook examples ------------------------------------------------------------

_NO_EXAMPLE = frozenset({"", "NULL", "NEED EXAMPLE."})
_NOTE_RE = re.compile(r"\s+Note:\s.*\Z", re.S)
_NON_ASCII_RUN_RE = re.compile(r"[^\x00-\x7f]+")


def load_cameo_examples(root: Path) -> list[GoldSentence]:
    """cameo_eventtypes.csv `example` column: 281 sentences, one CAMEO code each, no actors."""
    path = root / "cameo_dictionaries" / "cameo_eventtypes.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [_cameo_example(row) for row in rows if row["example"].strip() not in _NO_EXAMPLE]


def _cameo_example(row: dict[str, str]) -> GoldSentence:
    code = row["code"].strip()
    text = _clean(_repair_mojibake(_NOTE_RE.sub("", row["example"])))
    event = GoldEvent(source=None, target=None, code=code, plover=None, mode=None)
    return GoldSentence(id=f"CAMEO-{code}", text=text, events=(event,), group=code[:2])


def _repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Mac Roman ("‚Äî" -> "—"); runs that do not round-trip stay."""
    return _NON_ASCII_RUN_RE.sub(_repair_run, text)


def _repair_run(match: re.Match[str]) -> str:
    run = match.group(0)
    try:
        return run.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return run


# --- CAMEO_ConfliBERT annotator-training rounds -----------------------------------------

_CONFLIBERT_FILES = (
    "round1_summary_v2.csv",  # round1_summary.csv differs only by leading spaces in sentences
    "round2_summary.csv",
    "round3_summary_v2.csv",  # v2 supersedes v1
    "round4_summary_v2.csv",  # v2 supersedes the unversioned file
    "round5_summary.csv",
    "round6_summary.csv",
    "round7_summary.csv",
    "round8_summary.csv",
    "round9_summary.csv",  # round9_summary_v1.csv repeats round 7 verbatim: skipped
    "round10_summary.csv",
)
_ACTION_COLUMN_RE = re.compile(r"Action(\d+)_CAMEO_(\d+)")
_COMPLETE_COLUMN_RE = re.compile(r"anncomplete_(\d+)")
_CAMEO_LABEL_RE = re.compile(r"\s*\d+-(\d+)\b")  # "4-18 Assualt" -> root 18


@dataclass(frozen=True)
class _Action:
    code: str
    sources: tuple[GoldSpan, ...]
    targets: tuple[GoldSpan, ...]


@dataclass(frozen=True)
class _Ballot:
    text: str
    coder: int
    complete: bool
    actions: tuple[_Action, ...]
    spans: tuple[GoldSpan, ...] = ()


# A coder's entity label ("Source-2") -> the spans it marks, located in the cleaned sentence.
_Entities = dict[str, list[GoldSpan]]


def load_conflibert(root: Path) -> list[GoldSentence]:
    """Majority-vote CAMEO root codes and actor spans for the 144 sentences any coder labelled.

    One ballot per coder: the coder's latest completed annotation of the sentence (rounds
    1-10 in order; annotations flagged anncomplete=False do not vote). A root code is gold
    when at least half of the ballots carry it, so a tie (2 of 4 coders) keeps the code:
    a 2-2 split is as much support as the data offers. A coder who completed the sentence
    without labelling it votes against every code. Sentences where no code reaches half keep
    `events == ()` with group "no_majority" (someone labelled it, but no code won: treat it as
    uncertain, not as a no-event sentence); the others have group "majority". Each event keeps
    the most frequent source/target span among the ballots that voted for its code (first seen
    wins a tie).

    `actor_spans` are the Source-n / Target-n spans that at least half of the ballots mark
    with the same role (a ballot supports a span when one of its spans of that role overlaps
    it); of overlapping agreed spans the one marked most often is kept. Coders' offsets refer
    to the raw sentence, so each span is located in the cleaned text (the occurrence of its
    text nearest the coder's offset); a span whose text is not in the sentence is dropped.
    """
    folder = root / "cameo_conflibert_annotations"
    votes: dict[str, dict[int, _Ballot]] = {}
    labelled: set[str] = set()
    for name in _CONFLIBERT_FILES:
        for ballot in _conflibert_ballots(folder / name):
            if ballot.actions:
                labelled.add(ballot.text)
            if ballot.complete:
                votes.setdefault(ballot.text, {})[ballot.coder] = ballot
    return [
        _conflibert_sentence(text, tuple(by_coder.values()))
        for text, by_coder in votes.items()
        if text in labelled
    ]


def _conflibert_ballots(path: Path) -> Iterator[_Ballot]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            text = _clean(row["sentences"])
            for coder in _coders(row):
                yield _conflibert_ballot(row, text, coder)


def _coders(row: dict[str, str]) -> list[int]:
    found = (_COMPLETE_COLUMN_RE.fullmatch(key) for key in row if key)
    return sorted(int(match.group(1)) for match in found if match)


def _conflibert_ballot(row: dict[str, str], text: str, coder: int) -> _Ballot:
    relations = _literal_list(row.get(f"relations_{coder}"))
    entities = _located_entities(_literal_list(row.get(f"entities_{coder}")), text)
    actions = []
    for key, number in _action_columns(row, coder):
        code = _root_code(row[key])
        if code is not None:
            actions.append(_conflibert_action(code, number, relations, entities, text))
    complete = row.get(f"anncomplete_{coder}", "").strip().lower() == "true"
    spans = tuple(span for spans in entities.values() for span in spans)
    return _Ballot(text=text, coder=coder, complete=complete, actions=tuple(actions),
                   spans=spans)


def _action_columns(row: dict[str, str], coder: int) -> list[tuple[str, int]]:
    columns = []
    for key in row:
        match = _ACTION_COLUMN_RE.fullmatch(key) if key else None
        if match and int(match.group(2)) == coder:
            columns.append((key, int(match.group(1))))
    return sorted(columns, key=lambda column: column[1])


def _root_code(label: str | None) -> str | None:
    match = _CAMEO_LABEL_RE.match(label or "")
    return match.group(1).zfill(2) if match else None


def _literal_list(value: str | None) -> list[Any]:
    """The coders' entities/relations are Python literals (lists of tuples)."""
    if not value or not value.strip():
        return []
    parsed = ast.literal_eval(value)
    return list(parsed) if isinstance(parsed, list) else []


def _located_entities(entities: list[Any], sentence: str) -> _Entities:
    """The coder's Source-n / Target-n entities, located in the cleaned sentence."""
    located: _Entities = {}
    for entity in entities:
        if not _is_span(entity) or _role_of(str(entity[0])) is None:
            continue
        hint = entity[2] if len(entity) > 2 and isinstance(entity[2], int) else None
        span = _locate(sentence, str(entity[0]), str(entity[1]), hint)
        if span is not None:
            located.setdefault(str(entity[0]), []).append(span)
    return located


def _role_of(label: str) -> str | None:
    """"Source-2" -> "source", "Target-1" -> "target", anything else -> None."""
    role = label.split("-", 1)[0].lower()
    return role if role in ("source", "target") else None


def _locate(sentence: str, label: str, text: str, hint: int | None) -> GoldSpan | None:
    """The occurrence of `text` in `sentence` nearest to the coder's offset `hint`."""
    wanted = _clean(text)
    role = _role_of(label)
    starts = [m.start() for m in re.finditer(re.escape(wanted), sentence)] if wanted else []
    if role is None or not starts:
        return None
    start = min(starts, key=lambda s: abs(s - hint)) if hint is not None else starts[0]
    return GoldSpan(role=role, text=wanted, start=start, end=start + len(wanted))


def _conflibert_action(
    code: str, number: int, relations: list[Any], entities: _Entities, sentence: str
) -> _Action:
    spans = {}
    for role in ("Source", "Target"):
        linked = _related_spans(relations, f"Action-{number}", role)
        located = [_span_of(label, text, entities, sentence) for label, text in linked]
        spans[role] = tuple(s for s in located if s is not None) or tuple(
            entities.get(f"{role}-{number}", ()))
    return _Action(code=code, sources=spans["Source"], targets=spans["Target"])


def _related_spans(relations: list[Any], action: str, role: str) -> list[tuple[str, str]]:
    """(label, span) linked to `action` by a relation pair [(role-n, span), (Action-m, span)]."""
    spans: list[tuple[str, str]] = []
    for pair in relations:
        labels = [(str(item[0]), str(item[1])) for item in pair if _is_span(item)]
        if any(label == action for label, _ in labels):
            spans.extend((label, span) for label, span in labels if label.startswith(role))
    return spans


def _span_of(label: str, text: str, entities: _Entities, sentence: str) -> GoldSpan | None:
    """A related span as the coder's entity of that label and text, else found by text."""
    wanted = _clean(text)
    marked = [span for span in entities.get(label, ()) if span.text == wanted]
    return marked[0] if marked else _locate(sentence, label, text, None)


def _is_span(item: object) -> bool:
    return isinstance(item, tuple | list) and len(item) >= 2


def _conflibert_sentence(text: str, ballots: tuple[_Ballot, ...]) -> GoldSentence:
    votes = Counter(code for ballot in ballots for code in {a.code for a in ballot.actions})
    winners = sorted(code for code, count in votes.items() if 2 * count >= len(ballots))
    events = tuple(_conflibert_event(code, ballots) for code in winners)
    digest = hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]
    group = "majority" if events else "no_majority"
    return GoldSentence(id=f"CONFLIBERT-{digest}", text=text, events=events, group=group,
                        actor_spans=_majority_spans(ballots))


def _conflibert_event(code: str, ballots: tuple[_Ballot, ...]) -> GoldEvent:
    actions = [action for ballot in ballots for action in ballot.actions if action.code == code]
    source = _most_common(span for action in actions for span in action.sources)
    target = _most_common(span for action in actions for span in action.targets)
    return GoldEvent(
        source=None,
        target=None,
        code=code,
        plover=None,
        mode=None,
        source_text=source.text if source else None,
        target_text=target.text if target else None,
        source_span=source,
        target_span=target,
    )


def _most_common(spans: Iterable[GoldSpan]) -> GoldSpan | None:
    counts = Counter(spans)
    return counts.most_common(1)[0][0] if counts else None


def _majority_spans(ballots: tuple[_Ballot, ...]) -> tuple[GoldSpan, ...]:
    """Spans at least half of the ballots support; of overlapping ones, the most marked."""
    marked = Counter(span for ballot in ballots for span in set(ballot.spans))
    agreed = [span for span in marked if 2 * _support(span, ballots) >= len(ballots)]
    kept: list[GoldSpan] = []
    for span in sorted(agreed, key=lambda s: -marked[s]):  # stable: first marked wins ties
        if not any(k.role == span.role and k.overlaps(span.start, span.end) for k in kept):
            kept.append(span)
    return tuple(sorted(kept, key=lambda s: (s.start, s.role)))


def _support(span: GoldSpan, ballots: tuple[_Ballot, ...]) -> int:
    return sum(
        any(o.role == span.role and o.overlaps(span.start, span.end) for o in ballot.spans)
        for ballot in ballots
    )


# --- VOA 2025 ---------------------------------------------------------------------------


def load_voa(root: Path) -> list[dict[str, str]]:
    """voa_2025/voa_stories.jsonl: 89 stories, all eight string fields as given upstream
    (id, url, section, title, author, published "YYYY-MM-DD HH:MM:SSZ", keywords, text)."""
    path = root / "voa_2025" / "voa_stories.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]

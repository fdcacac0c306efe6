"""The merge rule: which event mentions report the same happening.

Every coded event the store holds (a row of `events`) is a *mention*: one report of a happening
in one article. `refresh` groups the mentions that report the same happening into one
*canonical event* with NumMentions / NumArticles / NumSources, first and last seen, and links to
every mention; `explain` says why each mention was joined. The rule (numbers in docs/dedup.md):

1. Partition. Mentions merge only within one type group: a PLOVER type, or a set of types
   coders use for the same happening (`MergeSettings.type_groups`).
2. Compatible pairs. Two mentions are compatible when every check passes:
   dyad (each side of the dyad, the actor's country when known, else the actor id, is the same
   in both; with `unknown_side_matches` a side nobody was coded for fits any actor, provided the
   other side names the same actor in both; symmetric types pair the sides either way), actors
   (no side names two different people), date (their periods overlap, see below), place
   (unknown on one side, the same place, or the same country) and evidence (the two evidence
   sentences share at least `min_shared_words` content words, and at least `min_similarity` of
   the shorter sentence's content words; words are compared by their stem, and words that name
   the dyad's actors do not count; or, within one article, the same story restates itself:
   `same_story_trigger`, `same_story_actor`). A date is a period: "2023-11" is the month,
   "2023-11-27" the day (widened by `day_tolerance_days`); an undated mention is taken to have
   happened within `undated_window_days` before its article's publication date (None: an
   undated mention merges only with undated mentions of its own article).
3. Complete linkage. Compatible pairs are taken in order of decreasing similarity; two groups
   merge only when every pair across them is compatible, so no chain of near matches can join
   two different happenings.

The mentions linked by compatible pairs form *blocks* (connected components, named after their
first report). The grouping of a block depends only on its mentions, never on the order they
arrived: `refresh` re-groups just the blocks that new mentions touch or that lost mentions and
gives the same events as a full rebuild. Changing the settings triggers a full rebuild.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date, timedelta
from typing import Any

from attache.dedup_model import CanonicalEvent, Check, EventMention, MentionLink
from attache.schema import Location

__all__ = [
    "MergeSettings", "Prepared", "build_events", "compare", "compatible_with", "evidence_tokens",
    "group_mentions", "merge_settings_help", "overlap", "prepare", "stem", "type_group",
]

_STOPWORD_TEXT = (
    "a about above according across added after again against ago all also among an and any "
    "are as at be because been before being between both but by can could did do does during "
    "each earlier for from had has have he her here him his how if in including into is it its "
    "last later least like made make many may more most much new no not now of on one only or "
    "other our out over people said say says she should since so some statement such than that the "
    "their them then there these they this those through to told under until up upon us was we "
    "week weeks were what when where which while who will with would year years yesterday you "
    "monday tuesday wednesday thursday friday saturday sunday today month months day days "
    "official officials government president minister spokesperson reporters"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[^\W_]+")
_NOBODY = "-"

Side = tuple[str, str | None]  # (the side's key: country, else actor id, else "-"; actor id)
Dyad = tuple[Side, Side]


def _check(name: str, ok: bool, detail: str) -> Check:
    return Check(name=name, ok=ok, detail=detail)


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class MergeSettings:
    """The merge rule's thresholds; stored with the canonical events they produced."""

    min_similarity: float = _setting(
        0.25, "Least share of the shorter evidence sentence's content words that the other "
        "sentence also has (stopwords and words naming the two actors removed).")
    min_shared_words: int = _setting(
        2, "Least number of content words the two evidence sentences must share.")
    undated_window_days: int | None = _setting(
        3, "An undated mention is read as happening within this many days before its article's "
        "publication date; None: undated mentions merge only within their own article.")
    day_tolerance_days: int = _setting(
        0, "Day-precise dates this many days apart still count as the same date.")
    symmetric_types: tuple[str, ...] = _setting(
        ("CONSULT", "AGREE", "COOPERATE"),
        "PLOVER types whose dyad is unordered: A meets B is B meets A.")
    type_groups: tuple[tuple[str, ...], ...] = _setting(
        (), "Sets of PLOVER types that may code the same happening; mentions merge only within "
        "one type or one such set.")
    unknown_side_matches: bool = _setting(
        True, "A side of the dyad with no actor coded fits any actor, when the other side names "
        "the same actor in both mentions.")
    same_story_trigger: bool = _setting(
        True, "Within one article, two mentions with the same trigger word and CAMEO code pass "
        "the evidence check whatever else their sentences say (a story retelling its news).")

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> MergeSettings:
        """Settings stored by `to_json`; ValueError when they are not this rule's settings."""
        data = json.loads(text)
        if set(data) != {f.name for f in fields(cls)}:
            raise ValueError(f"not the settings of this merge rule: {sorted(data)}")
        data["symmetric_types"] = tuple(data["symmetric_types"])
        data["type_groups"] = tuple(tuple(group) for group in data["type_groups"])
        return cls(**data)


def merge_settings_help() -> dict[str, str]:
    """Each merge setting's name and help line (docs and a test read this)."""
    return {f.name: f.metadata["help"] for f in fields(MergeSettings)}


def type_group(plover: str, settings: MergeSettings) -> str:
    """The partition a type merges in: its type group ("COERCE+THREATEN") or the type itself."""
    group = next((g for g in settings.type_groups if plover in g), (plover,))
    return "+".join(sorted(group))


# --------------------------------------------------------------------------- the pair rule


@dataclass(frozen=True)
class Prepared:
    """A mention with what the rule needs computed once."""

    mention: EventMention
    period: tuple[date, date] | None
    words: frozenset[str]  # stems of the evidence's content words, actor names removed
    sides: Dyad  # source, target
    unordered: bool  # a symmetric type: the sides may pair either way


def stem(word: str) -> str:
    """A crude English stem: "attacks", "attacked", "attacking" -> "attack"."""
    if word.endswith("s") and not word.endswith("ss") and len(word) > 4:
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def evidence_tokens(text: str) -> frozenset[str]:
    """Stems of the lower-cased words of two or more characters, stopwords removed."""
    return frozenset(stem(w) for w in _WORD.findall(text.casefold())
                     if len(w) > 1 and w not in STOPWORDS)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set's words that the other set has (0 when either is empty)."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _side(actor: str | None, country: str | None) -> Side:
    return country or actor or _NOBODY, actor


def _date_period(value: str, tolerance: int) -> tuple[date, date]:
    parts = [int(p) for p in value[:10].split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        start = date(parts[0], parts[1], 1)
        return start, (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    day = date(*parts)
    return day - timedelta(days=tolerance), day + timedelta(days=tolerance)


def _period(mention: EventMention, settings: MergeSettings) -> tuple[date, date] | None:
    if mention.event.date:
        return _date_period(mention.event.date, settings.day_tolerance_days)
    if mention.published is None or settings.undated_window_days is None:
        return None
    published = date.fromisoformat(mention.published)
    return published - timedelta(days=settings.undated_window_days), published


def prepare(mention: EventMention, settings: MergeSettings) -> Prepared:
    event = mention.event
    actor_words = frozenset().union(*(evidence_tokens(name) for name in mention.actor_names))
    words = evidence_tokens(event.evidence.sentence) - actor_words
    sides = (_side(event.source, event.source_country), _side(event.target, event.target_country))
    return Prepared(mention, _period(mention, settings), words, sides,
                    event.plover in settings.symmetric_types)


def _describe_date(item: Prepared) -> str:
    if item.mention.event.date:
        return item.mention.event.date
    if item.period is None:
        return "undated"
    return f"undated, read as {item.period[0]}..{item.period[1]}"


def _date_check(a: Prepared, b: Prepared) -> Check:
    if a.period and b.period:
        ok = a.period[0] <= b.period[1] and b.period[0] <= a.period[1]
        verb = "overlap" if ok else "do not overlap"
        return _check("date", ok, f"{_describe_date(a)} and {_describe_date(b)} {verb}")
    same_article = a.mention.article_id == b.mention.article_id
    if same_article and not a.mention.event.date and not b.mention.event.date:
        return _check("date", True, "both undated, in the same article")
    return _check("date", False, f"{_describe_date(a)} vs {_describe_date(b)}: no common period")


def _place_check(a: Location | None, b: Location | None) -> Check:
    if a is None or b is None:
        return _check("place", True, "place unknown for at least one")
    if a.geonameid is not None and a.geonameid == b.geonameid or a.name == b.name:
        return _check("place", True, f"same place ({a.name})")
    if a.country is not None and a.country == b.country:
        return _check("place", True, f"{a.name} and {b.name} are both in {a.country}")
    return _check("place", False, f"{a.name} ({a.country}) vs {b.name} ({b.country})")


# ---------------------------------------------------------------- dyads: which sides pair up

Alignment = tuple[tuple[Side, Side], tuple[Side, Side]]  # (a's side, b's side) twice


def _alignments(a: Prepared, b: Prepared) -> list[Alignment]:
    """How the two dyads' sides may pair: as coded, and crossed for symmetric types and A-A."""
    straight = ((a.sides[0], b.sides[0]), (a.sides[1], b.sides[1]))
    crossed = ((a.sides[0], b.sides[1]), (a.sides[1], b.sides[0]))
    one_country = a.sides[0][0] == a.sides[1][0] or b.sides[0][0] == b.sides[1][0]
    return [straight, crossed] if a.unordered and b.unordered or one_country else [straight]


def _fits(alignment: Alignment, settings: MergeSettings) -> bool:
    """Every side the same, or unknown on one side while another side names the same actor."""
    same = [x[0] == y[0] for x, y in alignment]
    if all(same):
        return True
    named_same = any(s and x[0] != _NOBODY for s, (x, _) in zip(same, alignment, strict=True))
    open_sides = all(s or _NOBODY in (x[0], y[0]) for s, (x, y) in zip(same, alignment,
                                                                       strict=True))
    return settings.unknown_side_matches and named_same and open_sides


def _people_clash(x: str | None, y: str | None) -> bool:
    return bool(x and y and x != y and x.startswith("person:") and y.startswith("person:"))


def _clashes(alignment: Alignment) -> list[str]:
    return [f"{x[1]} vs {y[1]}" for x, y in alignment if _people_clash(x[1], y[1])]


def _alignment(a: Prepared, b: Prepared, settings: MergeSettings) -> Alignment | None:
    """The first pairing of the sides that fits, preferring one naming no two people."""
    fitting = [al for al in _alignments(a, b) if _fits(al, settings)]
    return next((al for al in fitting if not _clashes(al)), fitting[0] if fitting else None)


def _dyad_name(sides: Dyad) -> str:
    return f"{sides[0][0]} -> {sides[1][0]}"


def _dyad_check(a: Prepared, b: Prepared, alignment: Alignment | None,
                settings: MergeSettings) -> Check:
    types = a.mention.event.plover
    if b.mention.event.plover != types:
        if type_group(types, settings) != type_group(b.mention.event.plover, settings):
            return _check("type", False, f"{types} vs {b.mention.event.plover}")
        types = f"{types} ~ {b.mention.event.plover} (one type group)"
    unordered = " (unordered: symmetric type)" if a.unordered and b.unordered else ""
    dyads = f"{_dyad_name(a.sides)} vs {_dyad_name(b.sides)}"
    if alignment is None:
        return _check("dyad", False, f"{types}: {dyads}")
    if a.sides == b.sides or [x[0] for x in a.sides] == [x[0] for x in b.sides]:
        return _check("dyad", True, f"{types} {_dyad_name(a.sides)}{unordered}")
    opened = "" if all(x[0] == y[0] for x, y in alignment) else ", an uncoded side fits"
    return _check("dyad", True, f"{types} {dyads}{unordered}{opened}")


def _actors_check(alignment: Alignment) -> Check:
    clashes = _clashes(alignment)
    if clashes:
        return _check("actors", False, "different people: " + "; ".join(clashes))
    return _check("actors", True, "no side names two different people")


# ---------------------------------------------------------------- evidence


def _exact(alignment: Alignment | None) -> bool:
    return alignment is not None and all(x[0] == y[0] for x, y in alignment)


def _same_word(a: Prepared, b: Prepared) -> bool:
    ta, tb = (stem((item.mention.event.trigger or "").casefold()) for item in (a, b))
    return bool(ta) and ta == tb


def _retold(a: Prepared, b: Prepared) -> bool:
    """The same story states the same coded event with the same verb twice."""
    ea, eb = a.mention.event, b.mention.event
    return a.mention.article_id == b.mention.article_id and ea.cameo == eb.cameo and \
        bool(ea.trigger) and ea.trigger.casefold() == (eb.trigger or "").casefold()  # type: ignore[union-attr]


def _open_evidence(a: Prepared, b: Prepared, similar: bool, shared: list[str], words: str,
                   settings: MergeSettings) -> Check:
    """An uncoded side was fitted, so the evidence must make up for it: the words must agree
    without the same-story shortcut, both reports must use the same event word, and for a
    statement (verbal quad classes) enough words besides that event word must agree."""
    event_word = stem((a.mention.event.trigger or "").casefold())
    others = [w for w in shared if w != event_word]
    said = all((item.mention.event.quad or "").startswith("verbal") for item in (a, b))
    ok = similar and _same_word(a, b) and (not said or len(others) >= settings.min_shared_words)
    detail = (f"{words}; an uncoded side needs the same event word ("
              f"{a.mention.event.trigger!r}, {b.mention.event.trigger!r})"
              + (f" and, for statements, {settings.min_shared_words} other shared words" if said
                 else ""))
    return _check("evidence", ok, detail)


def _evidence_check(a: Prepared, b: Prepared, alignment: Alignment | None,
                    settings: MergeSettings) -> tuple[float, Check]:
    similarity = overlap(a.words, b.words)
    shared = sorted(a.words & b.words)
    words = (f"{len(shared)} shared words, overlap {similarity:.2f} (needs "
             f"{settings.min_shared_words} and {settings.min_similarity}): "
             + (", ".join(shared[:8]) or "none"))
    similar = similarity >= settings.min_similarity and len(shared) >= settings.min_shared_words
    if not _exact(alignment):
        return similarity, _open_evidence(a, b, similar, shared, words, settings)
    if similar:
        return similarity, _check("evidence", True, words)
    if settings.same_story_trigger and _retold(a, b):
        return similarity, _check("evidence", True, f"same story, same trigger "
                                  f"{a.mention.event.trigger!r} and CAMEO "
                                  f"{a.mention.event.cameo}; {words}")
    return similarity, _check("evidence", False, words)


def compare(a: Prepared, b: Prepared, settings: MergeSettings) -> tuple[float, list[Check]]:
    """Similarity of two mentions and every check of the rule, passed or failed."""
    alignment = _alignment(a, b, settings)
    similarity, evidence = _evidence_check(a, b, alignment, settings)
    checks = [_dyad_check(a, b, alignment, settings),
              _actors_check(alignment or _alignments(a, b)[0]), _date_check(a, b),
              _place_check(a.mention.event.location, b.mention.event.location), evidence]
    return similarity, checks


# --------------------------------------------------------------------------- candidates


def _buckets(item: Prepared) -> list[tuple[int, str]]:
    """Index keys: a compatible pair shares one (a named side in one position, or nobody)."""
    keys = [side[0] for side in item.sides]
    if keys == [_NOBODY, _NOBODY]:
        return [(-1, _NOBODY)]
    positions = (0, 1)
    return [(p, key) for n, key in enumerate(keys) if key != _NOBODY
            for p in (positions if item.unordered else (n,))]


def _overlapping(a: Prepared, b: Prepared) -> bool:
    if a.mention.article_id == b.mention.article_id:
        return True
    return bool(a.period and b.period and a.period[0] <= b.period[1]
                and b.period[0] <= a.period[1])


def _index(items: Sequence[Prepared]) -> dict[tuple[int, str], list[int]]:
    index: dict[tuple[int, str], list[int]] = {}
    for i, item in enumerate(items):
        for bucket in _buckets(item):
            index.setdefault(bucket, []).append(i)
    return index


def _candidate_pairs(items: Sequence[Prepared]) -> list[tuple[int, int]]:
    """Pairs sharing an index key whose periods overlap (a sweep), and pairs in one article."""
    pairs: set[tuple[int, int]] = set()
    for members in _index(items).values():
        dated = sorted((period, i) for i in members if (period := items[i].period))
        for n, ((_, end), i) in enumerate(dated):
            for (start, _), j in dated[n + 1:]:
                if start > end:
                    break
                pairs.add((min(i, j), max(i, j)))
    by_article: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        by_article.setdefault(item.mention.article_id, []).append(i)
    for members in by_article.values():
        pairs.update((i, j) for n, i in enumerate(members) for j in members[n + 1:])
    return sorted(pairs)


def compatible_with(fresh: Iterable[EventMention], stored: Iterable[EventMention],
                    settings: MergeSettings) -> set[str]:
    """Keys of the stored mentions that some fresh mention is compatible with."""
    pool = [prepare(m, settings) for m in stored]
    index = _index(pool)
    found: set[str] = set()
    for item in (prepare(m, settings) for m in fresh):
        group = type_group(item.mention.event.plover, settings)
        seen = {i for bucket in _buckets(item) for i in index.get(bucket, [])}
        seen.update(i for i, other in enumerate(pool)
                    if other.mention.article_id == item.mention.article_id)
        for i in seen:
            other = pool[i]
            if other.mention.key in found or not _overlapping(item, other) or \
                    type_group(other.mention.event.plover, settings) != group:
                continue
            if all(c.ok for c in compare(item, other, settings)[1]):
                found.add(other.mention.key)
    return found


# --------------------------------------------------------------------------- grouping


class _Groups:
    """Complete-linkage grouping over the compatible pairs of one partition."""

    def __init__(self, size: int, compatible: set[tuple[int, int]]) -> None:
        self.members: dict[int, list[int]] = {i: [i] for i in range(size)}
        self.owner = list(range(size))
        self.compatible = compatible
        self.tree: list[tuple[int, int, float]] = []

    def join(self, i: int, j: int, similarity: float) -> None:
        gi, gj = self.owner[i], self.owner[j]
        if gi == gj or not all((min(x, y), max(x, y)) in self.compatible
                               for x in self.members[gi] for y in self.members[gj]):
            return
        keep, gone = min(gi, gj), max(gi, gj)
        for x in self.members.pop(gone):
            self.owner[x] = keep
            self.members[keep].append(x)
        self.tree.append((i, j, similarity))


def _components(size: int, pairs: Iterable[tuple[int, int]]) -> list[int]:
    """The first (lowest) index of each item's connected component."""
    root = list(range(size))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for i, j in pairs:
        a, b = find(i), find(j)
        root[max(a, b)] = min(a, b)
    return [find(i) for i in range(size)]


@dataclass(frozen=True)
class Group:
    """Mentions of one happening (first seen first), their block and merge tree."""

    block: str  # type group and the key of the block's first report
    members: list[EventMention]
    tree: list[tuple[int, int, float]]  # (member index, member index, similarity)


def _group_partition(mentions: Iterable[EventMention], settings: MergeSettings) -> list[Group]:
    items = [prepare(m, settings) for m in sorted(mentions, key=lambda m: m.rank)]
    scored = []
    for i, j in _candidate_pairs(items):
        similarity, checks = compare(items[i], items[j], settings)
        if all(c.ok for c in checks):
            scored.append((-similarity, i, j))
    scored.sort()
    groups = _Groups(len(items), {(i, j) for _, i, j in scored})
    for negative, i, j in scored:
        groups.join(i, j, -negative)
    component = _components(len(items), ((i, j) for _, i, j in scored))
    result = []
    for members in sorted(groups.members.values()):
        local = {index: n for n, index in enumerate(sorted(members))}
        tree = [(local[i], local[j], s) for i, j, s in groups.tree if i in local]
        first = items[component[members[0]]].mention
        block = f"{type_group(first.event.plover, settings)}|{first.key}"
        result.append(Group(block, [items[i].mention for i in sorted(members)], tree))
    return result


def group_mentions(mentions: Iterable[EventMention], settings: MergeSettings) -> list[Group]:
    """Group mentions into happenings; the result depends only on the set given."""
    partitions: dict[str, list[EventMention]] = {}
    for mention in mentions:
        partitions.setdefault(type_group(mention.event.plover, settings), []).append(mention)
    return [group for name in sorted(partitions)
            for group in _group_partition(partitions[name], settings)]


def _links(event_id: str, group: Group) -> list[MentionLink]:
    """Each member with the member it joined through (the merge tree rooted at the first)."""
    members = group.members
    neighbours: dict[int, list[tuple[int, float]]] = {i: [] for i in range(len(members))}
    for i, j, similarity in group.tree:
        neighbours[i].append((j, similarity))
        neighbours[j].append((i, similarity))
    parent: dict[int, tuple[int, float] | None] = {0: None}
    queue = [0]
    while queue:
        current = queue.pop(0)
        for other, similarity in sorted(neighbours[current]):
            if other not in parent:
                parent[other] = (current, similarity)
                queue.append(other)
    links = []
    for n, mention in enumerate(members):
        via = parent[n]
        links.append(MentionLink(
            event_id=event_id, article_id=mention.article_id, mention_id=mention.mention_id,
            block=group.block, linked_to=members[via[0]].key if via else None,
            similarity=round(via[1], 4) if via else None))
    return links


def _known_sides(mention: EventMention) -> int:
    event = mention.event
    return sum(1 for side in (event.source or event.source_country,
                              event.target or event.target_country) if side)


def _canonical(group: Group) -> CanonicalEvent:
    members = group.members
    root = members[0]
    dated = max(members, key=lambda m: len(m.event.date or ""))
    named = max(members, key=_known_sides).event  # the first report naming the most sides
    placed = next((m for m in members if m.event.location and m.event.location.geonameid),
                  next((m for m in members if m.event.location), root))
    seen = sorted(m.published for m in members if m.published)
    event = root.event
    return CanonicalEvent(
        event_id=root.key, block=group.block, plover=event.plover, mode=event.mode,
        cameo=event.cameo, quad=event.quad, goldstein=event.goldstein, source=named.source,
        target=named.target, source_country=named.source_country,
        target_country=named.target_country, date=dated.event.date,
        date_status=dated.event.date_status, location=placed.event.location,
        evidence=event.evidence, root_article_id=root.article_id,
        root_mention_id=root.mention_id, num_mentions=len(members),
        num_articles=len({m.article_id for m in members}),
        num_sources=len({m.outlet for m in members if m.outlet}),
        first_seen=seen[0] if seen else None, last_seen=seen[-1] if seen else None,
        confidence=max(m.event.confidence for m in members),
    )


def build_events(mentions: Iterable[EventMention], settings: MergeSettings
                 ) -> tuple[list[CanonicalEvent], list[MentionLink]]:
    """Canonical events and mention links of a set of mentions (whole blocks)."""
    events, links = [], []
    for group in group_mentions(mentions, settings):
        canonical = _canonical(group)
        events.append(canonical)
        links.extend(_links(canonical.event_id, group))
    return events, links


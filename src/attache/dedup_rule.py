"""The merge rule: which event mentions report the same happening.

Every coded event the store holds (a row of `events`) is a *mention*: one report of a happening
in one article. `refresh` groups the mentions that report the same happening into one
*canonical event* with NumMentions / NumArticles / NumSources, first and last seen, and links to
every mention; `explain` says why each mention was joined. The rule (numbers in docs/dedup.md):

1. Block. Mentions merge only within a block: the same PLOVER type and the same dyad. A side of
   the dyad is the actor's country (ISO3) when known, else the actor id, else "-" (nobody); for
   symmetric types (`MergeSettings.symmetric_types`) the dyad is unordered.
2. Compatible pairs. Two mentions of a block are compatible when every check passes:
   actors (no side names two different people), date (their periods overlap, see below), place
   (unknown on one side, the same place, or the same country) and evidence (the two evidence
   sentences share at least `min_shared_words` content words, and at least `min_similarity` of
   the shorter sentence's content words; words that name the dyad's actors do not count, the
   block already matched them; or, within one article, they have the same trigger word and CAMEO
   code: `same_story_trigger`). A date is a period: "2023-11" is the month,
   "2023-11-27" the day (widened by `day_tolerance_days`); an undated mention is taken to have
   happened within `undated_window_days` before its article's publication date (None: an undated
   mention merges only with undated mentions of its own article).
3. Complete linkage. Compatible pairs are taken in order of decreasing similarity; two groups
   merge only when every pair across them is compatible, so no chain of near matches can join
   two different happenings.

The grouping depends only on the set of mentions in a block, never on the order they arrived:
`refresh` re-groups just the blocks that gained or lost mentions and gives the same events as a
full rebuild. Changing the settings triggers a full rebuild.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date, timedelta
from typing import Any

from attache.dedup_model import CanonicalEvent, Check, EventMention, MentionLink
from attache.schema import Event, Location

__all__ = [
    "MergeSettings", "Prepared", "block_key", "build_block", "compare", "evidence_tokens",
    "group_block", "overlap", "merge_settings_help", "prepare",
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
    same_story_trigger: bool = _setting(
        True, "Within one article, two mentions with the same trigger word and CAMEO code pass "
        "the evidence check whatever else their sentences say (a story retelling its news).")

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> MergeSettings:
        data = json.loads(text)
        data["symmetric_types"] = tuple(data["symmetric_types"])
        return cls(**data)


def merge_settings_help() -> dict[str, str]:
    """Each merge setting's name and help line (docs and a test read this)."""
    return {f.name: f.metadata["help"] for f in fields(MergeSettings)}


# --------------------------------------------------------------------------- the pair rule


@dataclass(frozen=True)
class Prepared:
    """A mention with what the rule needs computed once."""

    mention: EventMention
    period: tuple[date, date] | None
    words: frozenset[str]  # content words of the evidence, actor names removed
    sides: tuple[tuple[str, str | None], tuple[str, str | None]]


def evidence_tokens(text: str) -> frozenset[str]:
    """Lower-cased words of two or more characters, stopwords removed."""
    return frozenset(w for w in _WORD.findall(text.casefold()) if len(w) > 1 and w not in STOPWORDS)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set's words that the other set has (0 when either is empty)."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _side_key(actor: str | None, country: str | None) -> str:
    return country or actor or "-"


def _sides(event: Event, settings: MergeSettings) -> tuple[tuple[str, str | None], ...]:
    sides = ((_side_key(event.source, event.source_country), event.source),
             (_side_key(event.target, event.target_country), event.target))
    return tuple(sorted(sides, key=lambda s: s[0])) if event.plover in settings.symmetric_types \
        else sides


def block_key(event: Event, settings: MergeSettings) -> str:
    """PLOVER type and dyad: mentions in different blocks never merge."""
    (a, _), (b, _) = _sides(event, settings)
    return f"{event.plover}|{a}|{b}"


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
    sides = _sides(mention.event, settings)
    actor_words = frozenset().union(*(evidence_tokens(name) for name in mention.actor_names))
    words = evidence_tokens(mention.event.evidence.sentence) - actor_words
    return Prepared(mention, _period(mention, settings), words, (sides[0], sides[1]))


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


def _people_clash(x: str | None, y: str | None) -> bool:
    return bool(x and y and x != y and x.startswith("person:") and y.startswith("person:"))


def _actors_check(a: Prepared, b: Prepared) -> Check:
    aligned = [(a.sides[0], b.sides[0]), (a.sides[1], b.sides[1])]
    if a.sides[0][0] == a.sides[1][0]:  # A-A dyad: the sides may pair either way
        crossed = [(a.sides[0], b.sides[1]), (a.sides[1], b.sides[0])]
        if not any(_people_clash(x[1], y[1]) for x, y in crossed):
            aligned = crossed
    clashes = [f"{x[1]} vs {y[1]}" for x, y in aligned if _people_clash(x[1], y[1])]
    if clashes:
        return _check("actors", False, "different people: " + "; ".join(clashes))
    return _check("actors", True, "no side names two different people")


def _dyad_check(a: Prepared, b: Prepared, settings: MergeSettings) -> Check:
    event_a, event_b = a.mention.event, b.mention.event
    if event_a.plover != event_b.plover:
        return _check("type", False, f"{event_a.plover} vs {event_b.plover}")
    dyad_a, dyad_b = (f"{s[0][0]} -> {s[1][0]}" for s in (a.sides, b.sides))
    unordered = " (unordered: symmetric type)" if event_a.plover in settings.symmetric_types \
        else ""
    ok = dyad_a == dyad_b
    return _check("dyad", ok, f"{event_a.plover} {dyad_a}{unordered}" if ok
                  else f"{dyad_a} vs {dyad_b}")


def _retold(a: Prepared, b: Prepared, settings: MergeSettings) -> bool:
    """The same story states the same coded event with the same verb twice."""
    ea, eb = a.mention.event, b.mention.event
    return (settings.same_story_trigger and a.mention.article_id == b.mention.article_id
            and bool(ea.trigger) and (ea.trigger or "").casefold() == (eb.trigger or "").casefold()
            and ea.cameo == eb.cameo)


def _evidence_check(a: Prepared, b: Prepared, settings: MergeSettings) -> tuple[float, Check]:
    similarity = overlap(a.words, b.words)
    shared = sorted(a.words & b.words)
    words = (f"{len(shared)} shared words, overlap {similarity:.2f} (needs "
             f"{settings.min_shared_words} and {settings.min_similarity}): "
             + (", ".join(shared[:8]) or "none"))
    if similarity >= settings.min_similarity and len(shared) >= settings.min_shared_words:
        return similarity, _check("evidence", True, words)
    if _retold(a, b, settings):
        trigger = a.mention.event.trigger
        return similarity, _check("evidence", True, f"same story, same trigger {trigger!r} and "
                                  f"CAMEO {a.mention.event.cameo}; {words}")
    return similarity, _check("evidence", False, words)


def compare(a: Prepared, b: Prepared, settings: MergeSettings) -> tuple[float, list[Check]]:
    """Similarity of two mentions and every check of the rule, passed or failed."""
    similarity, evidence = _evidence_check(a, b, settings)
    checks = [_dyad_check(a, b, settings), _actors_check(a, b), _date_check(a, b),
              _place_check(a.mention.event.location, b.mention.event.location), evidence]
    return similarity, checks


# --------------------------------------------------------------------------- grouping


def _candidate_pairs(items: Sequence[Prepared]) -> list[tuple[int, int]]:
    """Pairs whose periods overlap (a sweep) plus every pair within one article."""
    pairs: set[tuple[int, int]] = set()
    dated = sorted((item.period, i) for i, item in enumerate(items) if item.period)
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


class _Groups:
    """Complete-linkage grouping over the compatible pairs of one block."""

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


def group_block(mentions: Iterable[EventMention], settings: MergeSettings
                ) -> list[tuple[list[EventMention], list[tuple[int, int, float]]]]:
    """Group one block's mentions; each group with its merge tree (member indices, similarity).

    Members come in rank order (first seen first); the result depends only on the set given.
    """
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
    result = []
    for members in sorted(groups.members.values()):
        local = {index: n for n, index in enumerate(sorted(members))}
        tree = [(local[i], local[j], s) for i, j, s in groups.tree if i in local]
        result.append(([items[i].mention for i in sorted(members)], tree))
    return result


def _links(event_id: str, members: list[EventMention], tree: list[tuple[int, int, float]],
           block: str) -> list[MentionLink]:
    """Each member with the member it joined through (the merge tree rooted at the first)."""
    neighbours: dict[int, list[tuple[int, float]]] = {i: [] for i in range(len(members))}
    for i, j, similarity in tree:
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
            block=block, linked_to=members[via[0]].key if via else None,
            similarity=round(via[1], 4) if via else None))
    return links


def _canonical(members: list[EventMention], block: str) -> CanonicalEvent:
    root = members[0]
    dated = max(members, key=lambda m: len(m.event.date or ""))
    placed = next((m for m in members if m.event.location and m.event.location.geonameid),
                  next((m for m in members if m.event.location), root))
    seen = sorted(m.published for m in members if m.published)
    event = root.event
    return CanonicalEvent(
        event_id=root.key, block=block, plover=event.plover, mode=event.mode, cameo=event.cameo,
        quad=event.quad, goldstein=event.goldstein, source=event.source, target=event.target,
        source_country=event.source_country, target_country=event.target_country,
        date=dated.event.date, date_status=dated.event.date_status,
        location=placed.event.location, evidence=event.evidence,
        root_article_id=root.article_id, root_mention_id=root.mention_id,
        num_mentions=len(members), num_articles=len({m.article_id for m in members}),
        num_sources=len({m.outlet for m in members if m.outlet}),
        first_seen=seen[0] if seen else None, last_seen=seen[-1] if seen else None,
        confidence=max(m.event.confidence for m in members),
    )


def build_block(mentions: Iterable[EventMention], settings: MergeSettings
                ) -> tuple[list[CanonicalEvent], list[MentionLink]]:
    """Canonical events and mention links of one block."""
    mentions = list(mentions)
    if not mentions:
        return [], []
    block = block_key(mentions[0].event, settings)
    events, links = [], []
    for members, tree in group_block(mentions, settings):
        canonical = _canonical(members, block)
        events.append(canonical)
        links.extend(_links(canonical.event_id, members, tree, block))
    return events, links

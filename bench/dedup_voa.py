"""Merge precision and recall of `attache.dedup` on the hand-labelled VOA pair set.

    .venv/bin/python bench/dedup_voa.py                       # ingest the corpus into a temp db
    .venv/bin/python bench/dedup_voa.py --db /tmp/voa.duckdb  # or reuse an ingested one
    .venv/bin/python bench/dedup_voa.py --min-similarity 0.3 --window 2
    .venv/bin/python bench/dedup_voa.py --markdown            # the section for bench/accuracy.md

Each pair of `tests/data/voa_pairs.tsv` names two evidence sentences (article id, offset,
text) and a hand label: do they report the `same` happening or `different` ones (see
`tests/data/voa_pairs.SOURCE.md`). The script re-groups the database's mentions with the given
settings and counts a pair as predicted `same` when a mention coded from each sentence lands in
one canonical event. Labels are about sentences, not about how the coder typed them, so the set
survives changes in event and actor coding; a sentence the current pipeline codes no event from
makes its pair unmatched, reported and left out of the scores (and counted as a miss of the
extraction in `dedup_section`). Pairs whose note starts with "added in the issue-5 audit"
were labelled after the issue-5 rule changes, to cover merges the first pair set never looked
at; `original` scores the pairs without them.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from attache.batch import ingest, load_inputs
from attache.dedup import MergeSettings, load_mentions, mention_links, rebuild
from attache.dedup_model import EventMention
from attache.dedup_rule import compare, prepare
from attache.pipeline import Pipeline
from attache.store import Store

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "data" / "voa_pairs.tsv"
CORPUS = Path(os.environ.get("ATTACHE_CORPORA", ROOT.parent / "shared" / "corpora")) / \
    "voa_2025" / "voa_stories.jsonl"
ADDED = "added in the issue-5 audit"


@dataclass(frozen=True)
class Pair:
    pair: str
    label: str  # same | different
    split: str  # dev | test
    a: tuple[str, int, str]  # article id, evidence start, evidence sentence
    b: tuple[str, int, str]
    added: bool = False  # labelled in the issue-5 audit of the new rule's merges


@dataclass
class Scores:
    counts: Counter[str] = field(default_factory=Counter)
    unmatched: list[str] = field(default_factory=list)

    def add(self, label: str, predicted_same: bool) -> None:
        same = label == "same"
        self.counts["tp" if same and predicted_same else "fn" if same else
                    "fp" if predicted_same else "tn"] += 1

    @property
    def precision(self) -> float:
        predicted = self.counts["tp"] + self.counts["fp"]
        return self.counts["tp"] / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        actual = self.counts["tp"] + self.counts["fn"]
        return self.counts["tp"] / actual if actual else 1.0

    @property
    def f1(self) -> float:
        both = self.precision + self.recall
        return 2 * self.precision * self.recall / both if both else 0.0

    def line(self, name: str) -> str:
        c = self.counts
        return (f"{name:5} pairs={sum(c.values()):3} same={c['tp'] + c['fn']:3} "
                f"tp={c['tp']:3} fp={c['fp']:3} fn={c['fn']:3} tn={c['tn']:3} "
                f"precision={self.precision:.3f} recall={self.recall:.3f}")


def read_pairs(path: Path = PAIRS) -> list[Pair]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    pairs = []
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=True))
        a, b = ((row[f"{s}_article"], int(row[f"{s}_start"]), row[f"{s}_sentence"]) for s in "ab")
        pairs.append(Pair(row["pair"], row["label"], row["split"], a, b,
                          row["note"].startswith(ADDED)))
    return pairs


def _normal(text: str) -> str:
    return " ".join(text.split())


def sentence_events(store: Store) -> dict[tuple[str, str], set[str]]:
    """(article, evidence sentence) -> the canonical events of the mentions coded from it."""
    links = {(link.article_id, link.mention_id): link.event_id for link in mention_links(store)}
    sql = "SELECT article_id, id, evidence_sentence FROM events"
    found: dict[tuple[str, str], set[str]] = {}
    for article, mention, sentence in store.connection.execute(sql).fetchall():
        found.setdefault((article, _normal(sentence)), set()).add(links[(article, mention)])
    return found


def score(store: Store, pairs: list[Pair]) -> dict[str, Scores]:
    """A pair is predicted `same` when a mention of each sentence is in one canonical event.

    Scores for every pair (`all`), each split, and the pairs labelled before issue 5's audit
    (`original`)."""
    found = sentence_events(store)
    scores = {name: Scores() for name in ("all", "dev", "test", "original")}
    for pair in pairs:
        a, b = (found.get((side[0], _normal(side[2]))) for side in (pair.a, pair.b))
        for name in ("all", pair.split, *(() if pair.added else ("original",))):
            if not a or not b:
                scores[name].unmatched.append(pair.pair)
            else:
                scores[name].add(pair.label, bool(a & b))
    return scores


def _by_sentence(mentions: list[EventMention]) -> dict[tuple[str, str], list[EventMention]]:
    found: dict[tuple[str, str], list[EventMention]] = {}
    for mention in mentions:
        found.setdefault((mention.article_id, _normal(mention.event.evidence.sentence)),
                         []).append(mention)
    return found


def miss_cause(a: list[EventMention], b: list[EventMention], settings: MergeSettings) -> str:
    """Why two sentences' mentions were not merged: the first failed check of their closest
    mention pair (fewest failed checks, then most similar), or `linkage` when a pair passes
    every check but a third mention kept them apart; `no event coded` when a side has none."""
    if not a or not b:
        return "no event coded"
    results = [compare(prepare(x, settings), prepare(y, settings), settings)
               for x in a for y in b]
    failed = [([c.name for c in checks if not c.ok], similarity)
              for similarity, checks in results]
    names, _ = min(failed, key=lambda f: (len(f[0]), -f[1]))
    return names[0] if names else "linkage"


def miss_causes(store: Store, pairs: list[Pair], settings: MergeSettings) -> Counter[str]:
    """Counts of the missed `same` pairs by cause (see `miss_cause`)."""
    found = sentence_events(store)
    mentions = _by_sentence(load_mentions(store))
    causes: Counter[str] = Counter()
    for pair in pairs:
        a, b = (found.get((side[0], _normal(side[2]))) for side in (pair.a, pair.b))
        if pair.label == "same" and not (a and b and a & b):
            side_a, side_b = (mentions.get((side[0], _normal(side[2])), [])
                              for side in (pair.a, pair.b))
            causes[miss_cause(side_a, side_b, settings)] += 1
    return causes


def ingested(db: Path | None, workdir: Path) -> Path:
    if db is not None:
        return db
    path = workdir / "voa.duckdb"
    items, problems = load_inputs([CORPUS])
    with Store(path) as store:
        ingest(Pipeline(), store, items, problems)
    return path


def _row(name: str, scores: Scores, total: int) -> str:
    c = scores.counts
    return (f"| {name} | {total} | {sum(c.values())} | {scores.precision:.2f} "
            f"({c['tp']}/{c['tp'] + c['fp']}) | {scores.recall:.2f} ({c['tp']}/"
            f"{c['tp'] + c['fn']}) | {scores.f1:.2f} |")


def section(scores: dict[str, Scores], causes: Counter[str], pairs: list[Pair]) -> str:
    """The markdown section of bench/accuracy.md, from measured scores and miss causes."""
    same = sum(p.label == "same" for p in pairs)
    tp = scores["all"].counts["tp"]
    original = sum(not p.added for p in pairs)
    lines = [
        "## Event de-duplication (VOA pairs)", "",
        "Merge precision and recall of `attache.dedup` with its default settings on "
        f"{len(pairs)} hand-labelled sentence pairs from Voice of America stories "
        "(`tests/data/voa_pairs.tsv`, public domain); a pair counts as merged when a mention "
        "of each sentence is in one canonical event. Targets: precision >= 0.90, recall >= "
        "0.80. Pairs whose sentence yields no coded event are left out of the scores.", "",
        "| pair set | pairs | scored | precision | recall | F1 |", "|---|---|---|---|---|---|",
        _row("all labelled pairs", scores["all"], len(pairs)),
        _row("labelled before the issue-5 audit", scores["original"], original), "",
        f"Recall over every `same` pair, counting one with no event coded as a miss: "
        f"{tp}/{same} = {tp / same:.2f}.", "",
        "Missed `same` pairs by cause (the first failed check of the closest mention pair): "
        + ", ".join(f"{name} {n}" for name, n in causes.most_common()) + ".",
    ]
    return "\n".join(lines) + "\n"


def dedup_section(db: Path | None = None, settings: MergeSettings | None = None) -> str:
    """Measure the merge on the VOA pairs (ingesting the corpus unless `db` is given) and
    return the markdown section for bench/accuracy.md."""
    settings = settings or MergeSettings()
    pairs = read_pairs()
    with tempfile.TemporaryDirectory() as workdir, \
            Store(ingested(db, Path(workdir))) as store:
        rebuild(store, settings)
        return section(score(store, pairs), miss_causes(store, pairs, settings), pairs)


def settings_from(args: argparse.Namespace) -> MergeSettings:
    groups = tuple(tuple(g.split("+")) for g in (args.type_groups or "").split(",") if g)
    return MergeSettings(min_similarity=args.min_similarity, min_shared_words=args.min_shared,
                         undated_window_days=None if args.window < 0 else args.window,
                         same_story_trigger=not args.no_trigger,
                         unknown_side_matches=not args.no_unknown_sides, type_groups=groups)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an ingested VOA database (else one is built)")
    parser.add_argument("--min-similarity", type=float, default=MergeSettings.min_similarity)
    parser.add_argument("--min-shared", type=int, default=MergeSettings.min_shared_words)
    parser.add_argument("--no-trigger", action="store_true", help="same_story_trigger off")
    parser.add_argument("--no-unknown-sides", action="store_true",
                        help="unknown_side_matches off")
    parser.add_argument("--type-groups", default="",
                        help='type groups, e.g. "COERCE+THREATEN,AGREE+CONSULT"')
    parser.add_argument("--window", type=int, default=MergeSettings.undated_window_days,
                        help="undated window in days; -1 for none")
    parser.add_argument("--markdown", action="store_true",
                        help="print the section for bench/accuracy.md instead")
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    settings = settings_from(args)
    if args.markdown:
        print(dedup_section(args.db, settings), end="")
        return
    pairs = read_pairs()
    with tempfile.TemporaryDirectory() as workdir, \
            Store(ingested(args.db, Path(workdir))) as store:
        report = rebuild(store, settings)
        scores = score(store, pairs)
        causes = miss_causes(store, pairs, settings)
    print(f"settings: {settings.to_json()}")
    print(f"canonical events: {report.events} from {report.mentions} mentions")
    for name, result in scores.items():
        print(result.line(name) + (f" unmatched={len(result.unmatched)}"
                                   if result.unmatched else ""))
    print("missed same pairs by cause: " + ", ".join(f"{k} {n}" for k, n in causes.items()))


if __name__ == "__main__":
    main()

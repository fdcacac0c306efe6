"""Merge precision and recall of `attache.dedup` on the hand-labelled VOA pair set.

    .venv/bin/python bench/dedup_voa.py                       # ingest the corpus into a temp db
    .venv/bin/python bench/dedup_voa.py --db /tmp/voa.duckdb  # or reuse an ingested one
    .venv/bin/python bench/dedup_voa.py --min-similarity 0.3 --window 2

Each pair of `tests/data/voa_pairs.tsv` names two evidence sentences (article id, offset,
text) and a hand label: do they report the `same` happening or `different` ones (see
`tests/data/voa_pairs.SOURCE.md`). The script re-groups the database's mentions with the given
settings and counts a pair as predicted `same` when a mention coded from each sentence lands in
one canonical event. Labels are about sentences, not about how the coder typed them, so the set
survives changes in event and actor coding; a sentence the current pipeline codes no event from
makes its pair unmatched, reported and left out of the scores.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from attache.batch import ingest, load_inputs
from attache.dedup import MergeSettings, mention_links, rebuild
from attache.pipeline import Pipeline
from attache.store import Store

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "data" / "voa_pairs.tsv"
CORPUS = Path(os.environ.get("ATTACHE_CORPORA", ROOT.parent / "shared" / "corpora")) / \
    "voa_2025" / "voa_stories.jsonl"


@dataclass(frozen=True)
class Pair:
    pair: str
    label: str  # same | different
    split: str  # dev | test
    a: tuple[str, int, str]  # article id, evidence start, evidence sentence
    b: tuple[str, int, str]


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
        pairs.append(Pair(row["pair"], row["label"], row["split"], a, b))
    return pairs


def _normal(text: str) -> str:
    return " ".join(text.split())


def sentence_events(store: Store) -> dict[tuple[str, str], set[str]]:
    """(article, evidence sentence) -> the canonical events of the mentions coded from it."""
    links = {(link.article_id, link.mention_id): link.event_id for link in mention_links(store)}
    sql = "SELECT article_id, id, evidence_sentence FROM events"
    found: dict[tuple[str, str], set[str]] = {}
    for article, mention, sentence in \
            store._con.execute(sql).fetchall():  # noqa: SLF001 - a read-only look-up
        found.setdefault((article, _normal(sentence)), set()).add(links[(article, mention)])
    return found


def score(store: Store, pairs: list[Pair]) -> dict[str, Scores]:
    """A pair is predicted `same` when a mention of each sentence is in one canonical event."""
    found = sentence_events(store)
    scores = {name: Scores() for name in ("all", "dev", "test")}
    for pair in pairs:
        a, b = (found.get((side[0], _normal(side[2]))) for side in (pair.a, pair.b))
        for name in ("all", pair.split):
            if not a or not b:
                scores[name].unmatched.append(pair.pair)
            else:
                scores[name].add(pair.label, bool(a & b))
    return scores


def ingested(db: Path | None, workdir: Path) -> Path:
    if db is not None:
        return db
    path = workdir / "voa.duckdb"
    items, problems = load_inputs([CORPUS])
    with Store(path) as store:
        ingest(Pipeline(), store, items, problems)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an ingested VOA database (else one is built)")
    parser.add_argument("--min-similarity", type=float, default=MergeSettings.min_similarity)
    parser.add_argument("--min-shared", type=int, default=MergeSettings.min_shared_words)
    parser.add_argument("--no-trigger", action="store_true", help="same_story_trigger off")
    parser.add_argument("--window", type=int, default=MergeSettings.undated_window_days,
                        help="undated window in days; -1 for none")
    args = parser.parse_args()
    settings = MergeSettings(min_similarity=args.min_similarity, min_shared_words=args.min_shared,
                             undated_window_days=None if args.window < 0 else args.window,
                             same_story_trigger=not args.no_trigger)
    with tempfile.TemporaryDirectory() as workdir, \
            Store(ingested(args.db, Path(workdir))) as store:
        report = rebuild(store, settings)
        scores = score(store, read_pairs())
    print(f"settings: {settings.to_json()}")
    print(f"canonical events: {report.events} from {report.mentions} mentions")
    for name, result in scores.items():
        print(result.line(name) + (f" unmatched={len(result.unmatched)}"
                                   if result.unmatched else ""))


if __name__ == "__main__":
    main()

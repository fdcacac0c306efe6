"""Parallel and distributed ingest give the single-process records, byte for byte; the fast
spaCy components give the stock records; the benchmarks run in smoke mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import numpy
import pytest
import spacy

from attache.batch import InputProblem, iter_inputs, load_inputs
from attache.pipeline import Pipeline
from attache.scale import Run, parse_out, read_part, run_ingest, write_part
from attache.schema import Article, ArticleInput
from attache.settings import Settings
from attache.stages.nlp import (
    CACHED_LEMMATIZER,
    INDEXED_RULER,
    EmbeddingCache,
    IndexedAttributeRuler,
    OpenBlasOps,
    _embedding_chains,
    load_nlp,
    multiply_with_openblas,
)

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def inputs() -> list[ArticleInput]:
    items, _ = load_inputs([EXAMPLES])
    return items


@pytest.fixture(scope="module")
def single(pipeline: Pipeline, inputs: list[ArticleInput]) -> list[str]:
    """The single-process records of the bundled examples, as sorted JSON."""
    return sorted(r.model_dump_json() for r in pipeline.extract_many(inputs)
                  if isinstance(r, Article))


@pytest.fixture(scope="module")
def single_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("single") / "single.duckdb"
    run_ingest(Run(Settings(), db=db, workers=1), iter_inputs([EXAMPLES]))
    return db


def _token_attrs(doc: Any) -> list[tuple[object, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_,
             t.ent_type_, t.is_sent_start) for t in doc]


def test_fast_components_change_nothing(inputs: list[ArticleInput], single: list[str]) -> None:
    """The indexed attribute ruler, the cached lemmatizer, the embedding cache and OpenBLAS
    products give the stock components' tokens and the same records."""
    stock = Pipeline(fast=False)
    fast_nlp = load_nlp(Settings().spacy_model)
    assert INDEXED_RULER in fast_nlp.pipe_names and CACHED_LEMMATIZER in fast_nlp.pipe_names
    assert all(isinstance(node.ops, OpenBlasOps) for node in fast_nlp.get_pipe("ner").model.walk())
    assert {"attribute_ruler", "lemmatizer"} <= set(stock.resources.nlp.pipe_names)
    records = sorted(r.model_dump_json() for r in stock.extract_many(inputs)
                     if isinstance(r, Article))
    assert records == single
    texts = [item.text for item in inputs]
    fast = load_nlp(Settings().spacy_model)
    for a, b in zip(stock.resources.nlp.pipe(texts), fast.pipe(texts), strict=True):
        assert _token_attrs(a) == _token_attrs(b)


def test_embedding_cache_gives_the_same_vectors_bit_for_bit(
    inputs: list[ArticleInput], monkeypatch: pytest.MonkeyPatch
) -> None:
    stock = spacy.load(Settings().spacy_model)  # a private copy: its ops are changed below
    multiply_with_openblas(stock)  # the same products as the fast pipeline: only the cache differs
    fast = load_nlp(Settings().spacy_model)
    texts = [item.text for item in inputs[:8]] + ["", "Short one."]
    for name in ("tok2vec", "ner"):
        (chain, end), = _embedding_chains(stock.get_pipe(name).model)  # type: ignore[attr-defined]
        cached = [n for n in fast.get_pipe(name).model.walk()  # type: ignore[attr-defined]
                  if n.name == "embedding_cache"]
        assert len(cached) == 1
        monkeypatch.setattr(EmbeddingCache, "LIMIT", 50)  # clears the cache on every batch
        for batch in (texts[:5], texts[5:], texts):
            want = chain.predict([stock.make_doc(t) for t in batch])
            got = cached[0].predict([fast.make_doc(t) for t in batch])
            assert all(numpy.array_equal(a, b) for a, b in zip(want, got, strict=True))


def test_indexed_ruler_declines_patterns_it_does_not_know() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a"}, {"IS_ALPHA": True, "OP": "+"}]], {"TAG": "X"})  # type: ignore[attr-defined]
    assert IndexedAttributeRuler.build(ruler) is None  # type: ignore[arg-type]


def test_indexed_ruler_matches_like_the_matcher() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": ["gon", "wan"]}}, {"LOWER": "na"}]], {"LEMMA": "go"})  # type: ignore[attr-defined]
    ruler.add([[{"LOWER": {"REGEX": "^n'?t$"}}]], {"LEMMA": "not"}, index=0)  # type: ignore[attr-defined]
    ruler.add([[{"IS_SPACE": True}]], {"LEMMA": "_"})  # type: ignore[attr-defined]
    indexed = IndexedAttributeRuler.build(ruler)  # type: ignore[arg-type]
    assert indexed is not None
    doc = nlp("I'm gon na go , n't  wan na")
    assert indexed.matches(doc) == ruler.match(doc)  # type: ignore[attr-defined]


def test_parquet_part_round_trip(tmp_path: Path, pipeline: Pipeline,
                                 inputs: list[ArticleInput]) -> None:
    records = [r for r in pipeline.extract_many(inputs[:2]) if isinstance(r, Article)]
    results = [records[0], InputProblem("x.jsonl:3", "ATT104", "not JSON"), records[1]]
    write_part(tmp_path / "part-000000.parquet", results, start=10)
    assert read_part(tmp_path / "part-000000.parquet") == results
    assert [p.name for p in tmp_path.iterdir()] == ["part-000000.parquet"]


def test_out_and_run_options_are_checked(tmp_path: Path) -> None:
    assert parse_out("parquet:/data/x") == Path("/data/x")
    assert parse_out(None) is None
    from attache.errors import UsageError

    for bad in ("csv:/x", "parquet:"):
        with pytest.raises(UsageError):
            parse_out(bad)
    with pytest.raises(UsageError):
        Run(Settings(), db=tmp_path / "a.duckdb", workers=0)
    with pytest.raises(UsageError):
        Run(Settings())


def _tables(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows in a canonical order, without timestamps."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        found = {}
        for name in sorted(names):
            columns = [r[0] for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                "AND data_type NOT LIKE 'TIMESTAMP%' ORDER BY column_index", [name]).fetchall()]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = con.execute(f"SELECT {quoted} FROM {name}").fetchall()
            found[name] = sorted(rows, key=repr)
        return found
    finally:
        con.close()


@pytest.mark.slow
def test_two_workers_equal_one(tmp_path: Path, single_db: Path) -> None:
    db = tmp_path / "two.duckdb"
    report = run_ingest(Run(Settings(), db=db, workers=2, batch=4), iter_inputs([EXAMPLES]))
    assert report.added == 31 and [p.code for p in report.problems] == ["ATT102"]
    assert _tables(db) == _tables(single_db)
    again = run_ingest(Run(Settings(), db=db, workers=2, batch=4), iter_inputs([EXAMPLES]))
    assert again.added == 0 and again.duplicates == 31


@pytest.mark.slow
def test_dask_local_cluster_equals_single_process(
    tmp_path: Path, single: list[str], single_db: Path
) -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster:
        address = cluster.scheduler_address
        dataset = tmp_path / "dataset"
        report = run_ingest(Run(Settings(), parquet=dataset, dask=address, batch=5),
                            iter_inputs([EXAMPLES]))
        db = tmp_path / "dask.duckdb"
        merged = run_ingest(Run(Settings(), db=db, dask=address, batch=5),
                            iter_inputs([EXAMPLES]))
    assert report.added == 31 and merged.added == 31
    parts = sorted(dataset.glob("part-*.parquet"))
    assert len(parts) == 7  # 32 inputs (31 articles, 1 unknown file) in parts of 5
    records = sorted(r.model_dump_json() for part in parts for r in read_part(part)
                     if isinstance(r, Article))
    assert records == single
    assert _tables(db) == _tables(single_db)
    assert not (tmp_path / "dask.duckdb.parts").exists()


@pytest.mark.slow
@pytest.mark.parametrize("script", ["throughput.py", "scale.py"])
def test_benchmark_smoke(script: str, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), "--smoke",
                           "--workdir", str(tmp_path)],
                          capture_output=True, text=True, timeout=900, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    last = done.stdout.strip().splitlines()[-1]
    if script == "throughput.py":
        words = last.split()
        assert words[0::2] == ["ratio1", "ratio2", "speedup"]
        assert all(float(x) > 0 for x in words[1::2])
    else:
        assert last.startswith("articles ")

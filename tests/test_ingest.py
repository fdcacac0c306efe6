"""Reading inputs: every format, and bad input reported by name and reason."""

from __future__ import annotations

import json
import os
from pathlib import Path

from attache.batch import count_inputs
from attache.errors import (
    EmptyInput,
    InputError,
    MalformedRecord,
    UnreadableInput,
    UnsupportedInput,
)
from attache.schema import ArticleInput
from attache.stages.ingest import read_articles

HTML = (Path(__file__).parent / "data" / "ding_visits_astana.html").read_text()


def test_text_html_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title line\n\nBody of the article.\n")
    (tmp_path / "b.html").write_text(HTML)
    lines = [{"id": "x1", "text": "One.", "published": "2023-11-30T10:00:00Z"},
             {"text": "Two.", "title": "T"}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(x) for x in lines))
    items = [i for i in read_articles([tmp_path], published="2023-12-01")]
    assert all(isinstance(i, ArticleInput) for i in items)
    by_id = {i.id: i for i in items if isinstance(i, ArticleInput)}
    assert by_id["a"].title == "Title line" and by_id["a"].text == "Body of the article."
    assert "Tokayev" in by_id["b"].text and "Home | World" not in by_id["b"].text
    assert by_id["b"].published == "2023-11-27"
    assert by_id["x1"].published == "2023-11-30"
    assert by_id["c-2"].published == "2023-12-01"


def test_bad_inputs_are_named_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK")
    (tmp_path / "notes.docx").write_text("x")
    (tmp_path / "mixed.jsonl").write_text('{"text": "fine"}\n{broken\n{"title": "no text"}\n')
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 title\n\nBody \xe9t\xe9.".encode("latin-1"))
    results = list(read_articles([tmp_path, tmp_path / "missing.txt"]))
    errors = {(type(e), Path(e.origin or "").name) for e in results if isinstance(e, InputError)}
    assert (EmptyInput, "empty.txt") in errors
    assert (UnreadableInput, "binary.txt") in errors
    assert (UnsupportedInput, "notes.docx") in errors
    assert (MalformedRecord, "mixed.jsonl:2") in errors
    assert (MalformedRecord, "mixed.jsonl:3") in errors
    assert (UnreadableInput, "missing.txt") in errors
    good = [r for r in results if isinstance(r, ArticleInput)]
    assert {g.text for g in good} == {"fine", "Body \u00e9t\u00e9."}


def test_count_inputs_is_cheap_and_never_blocks(tmp_path: Path) -> None:
    """The progress bar's estimate: one per file, one per line of a JSON Lines file (counted
    in blocks, so a huge line costs no memory), and a FIFO is not opened."""
    (tmp_path / "a.txt").write_text("Title\n\nBody.\n")
    (tmp_path / "b.jsonl").write_text('{"text": "one"}\n{"text": "two"}\n{"text": "three"}')
    (tmp_path / "c.jsonl").write_text("x" * 3_000_000 + "\n")
    os.mkfifo(tmp_path / "d.jsonl")
    assert count_inputs([tmp_path]) == 1 + 3 + 1 + 1

"""The command line over a real DuckDB file: ingest, events, show, summary, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attache.cli import app

ROOT = Path(__file__).parents[1]
REFERENCE = ROOT / "examples" / "china-kazakhstan-turkmenistan.txt"
runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "events.duckdb"
    result = runner.invoke(app, ["ingest", str(REFERENCE), "--db", str(path),
                                 "--published", "2023-11-30"])
    assert result.exit_code == 0, result.output
    assert "added 1 articles" in result.stdout
    return path


def test_reingest_adds_nothing(db: Path) -> None:
    result = runner.invoke(app, ["ingest", str(REFERENCE), "--db", str(db),
                                 "--published", "2023-11-30"])
    assert result.exit_code == 0
    assert "added 0 articles" in result.stdout and "skipped 1 already stored" in result.stdout


def test_events_filters_and_formats(db: Path) -> None:
    result = runner.invoke(app, ["events", "--db", str(db), "--dyad", "KAZ-CHN",
                                 "--format", "json"])
    rows = json.loads(result.stdout)
    assert rows and all({r["source_country"], r["target_country"]} == {"CHN", "KAZ"}
                        for r in rows)
    csv_out = runner.invoke(app, ["events", "--db", str(db), "--type", "agree",
                                  "--since", "2023-01-01", "--until", "2023-01-31",
                                  "--format", "csv"]).stdout
    parsed = list(csv.DictReader(io.StringIO(csv_out)))
    assert parsed and all(r["plover"] == "AGREE" and r["date"].startswith("2023-01")
                          for r in parsed)


def test_show_highlights_the_article(db: Path) -> None:
    result = runner.invoke(app, ["show", "china-kazakhstan-turkmenistan", "--db", str(db)])
    assert result.exit_code == 0
    assert "Tokayev" in result.stdout and "CONSULT" in result.stdout


def test_user_mistakes_are_one_line_errors(db: Path, tmp_path: Path) -> None:
    bad_dyad = runner.invoke(app, ["events", "--db", str(db), "--dyad", "CHINA"])
    assert bad_dyad.exit_code == 2 and "ATT200" in bad_dyad.output
    assert "Traceback" not in bad_dyad.output
    missing = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    bad_date = runner.invoke(app, ["extract", str(REFERENCE), "--published", "30/11/2023"])
    assert bad_date.exit_code == 2 and "not a date" in bad_date.output


def test_a_bad_file_is_named_and_the_rest_land(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Envoys meet\n\nChina and Kazakhstan signed a trade agreement on Monday.")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Turkmenistan and China held talks in Ashgabat."}\n{not json\n')
    path = tmp_path / "b.duckdb"
    result = runner.invoke(app, ["ingest", str(good), str(bad), "--db", str(path),
                                 "--published", "2023-11-27"])
    assert result.exit_code == 1
    assert "added 2 articles" in result.stdout
    assert "bad.jsonl:2" in result.output and "not valid JSON" in result.output

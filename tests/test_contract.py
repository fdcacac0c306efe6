"""The public contract: the record's JSON Schema, the package surface, the settings."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

import attache
from attache.cli import app
from attache.schema import record_json_schema
from attache.settings import Settings, settings_help

ROOT = Path(__file__).parents[1]
SHIPPED = ROOT / "src" / "attache" / "data" / "record.schema.json"
REFERENCE = ROOT / "examples" / "china-kazakhstan-turkmenistan.txt"


def test_shipped_schema_matches_the_code() -> None:
    assert json.loads(SHIPPED.read_text()) == json.loads(json.dumps(record_json_schema()))


def test_extract_output_validates_against_the_shipped_schema() -> None:
    result = CliRunner().invoke(app, ["extract", str(REFERENCE), "--published", "2023-11-30"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    jsonschema.validate(record, json.loads(SHIPPED.read_text()))
    (article,) = record["articles"]
    for key in ("id", "title", "published", "text", "actors", "events", "timexes", "places",
                "facts", "relations", "removed"):
        assert key in article


def test_public_surface_is_curated() -> None:
    assert sorted(attache.__all__) == attache.__all__
    for name in attache.__all__:
        assert getattr(attache, name) is not None


def test_every_setting_has_help() -> None:
    helps = settings_help()
    assert set(helps) == set(Settings.__dataclass_fields__)
    assert all(len(text) > 15 for text in helps.values())
    docs = (ROOT / "docs" / "settings.md").read_text()
    assert all(f"`{name}`" in docs for name in helps)

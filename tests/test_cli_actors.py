"""`attache actors` and `attache actor ID` over a real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from attache.cli_actors import register
from attache.pipeline import Pipeline
from attache.schema import Actor, ArticleInput
from attache.store import Store

# Serdar Berdimuhamedov (president since 2022) is not in the bundled dictionary: only the
# registry joins his two spellings.
ARTICLES = (
    ArticleInput(
        id="visit", title="Lavrov in Ashgabat", published="2022-06-24",
        text=("Turkmen President Serdar Berdimuhamedov received Russian Foreign Minister "
              "Sergei Lavrov in Ashgabat on Friday."),
    ),
    ArticleInput(
        id="gas", title="Turkmen president in Beijing", published="2023-01-06",
        text=("Turkmenistan's President Serdar Berdymukhamedov met Chinese President Xi Jinping "
              "in Beijing on Friday. The two presidents signed an agreement on gas supplies."),
    ),
    ArticleInput(
        id="rail", title="Tokayev in Ashgabat", published="2023-05-12",
        text=("Kazakh President Kassym-Jomart Tokayev held talks with Serdar Berdimuhamedov in "
              "Ashgabat on Friday."),
    ),
)
SPELLINGS = {"person:serdar-berdimuhamedov", "person:serdar-berdymukhamedov"}


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


@pytest.fixture(scope="module")
def db(pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-actors") / "attache.duckdb"
    with Store(path) as store:
        store.add_articles(pipeline.extract(a) for a in ARTICLES)
    return path


def run(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_actors_table(app: typer.Typer, db: Path) -> None:
    code, output = run(app, "actors", "--db", str(db))
    assert code == 0
    assert "Serdar Berdimuhamedov" in output and "Xi Jinping" in output


def test_actors_json_is_a_list_of_record_shaped_actors(app: typer.Typer, db: Path) -> None:
    code, output = run(app, "actors", "--db", str(db), "--format", "json")
    assert code == 0
    actors = json.loads(output)
    assert isinstance(actors, list) and actors
    for item in actors:
        Actor.model_validate({k: item[k] for k in Actor.model_fields})
        assert {"first_seen", "last_seen", "articles", "members", "role_history"} <= set(item)
    serdar = [a for a in actors if a["id"] in SPELLINGS]
    assert len(serdar) == 1 and serdar[0]["articles"] == ["visit", "gas", "rail"]
    assert set(serdar[0]["members"]) == SPELLINGS


def test_actors_filters(app: typer.Typer, db: Path) -> None:
    _, output = run(app, "actors", "--db", str(db), "--country", "KAZ", "--format", "json")
    found = json.loads(output)
    assert "person:kasymzhomart-tokayev" in {a["id"] for a in found}
    assert {a["country"] for a in found} == {"KAZ"}
    _, output = run(app, "actors", "--db", str(db), "--search", "berdymuhamedow",
                    "--kind", "person", "--format", "json")
    assert [a["id"] for a in json.loads(output)] == ["person:serdar-berdimuhamedov"]


def test_actor_json_has_names_roles_and_events(app: typer.Typer, db: Path) -> None:
    code, output = run(app, "actor", "person:serdar-berdymukhamedov", "--db", str(db),
                       "--format", "json")
    assert code == 0
    (actor,) = json.loads(output)
    assert actor["id"] == "person:serdar-berdimuhamedov"
    assert "Serdar Berdymukhamedov" in actor["aliases"]
    assert actor["role_history"][0]["role"] == "President"
    assert {e["article_id"] for e in actor["evidence"]} == {"visit", "gas", "rail"}
    assert actor["events"] and {e["side"] for e in actor["events"]} <= {"source", "target"}


def test_actor_table(app: typer.Typer, db: Path) -> None:
    code, output = run(app, "actor", "Xi Jinping", "--db", str(db))
    assert code == 0
    assert "roles over time" in output and "events" in output and "CHNGOV" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [(("actor", "nobody-at-all"), "no actor 'nobody-at-all'"),
     (("actors",), "does not exist")],
)
def test_errors_are_one_line_and_exit_2(
    app: typer.Typer, db: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    target = db if args[0] == "actor" else tmp_path / "missing.duckdb"
    code, output = run(app, *args, "--db", str(target))
    assert code == 2
    assert "ATT200" in output and message in output

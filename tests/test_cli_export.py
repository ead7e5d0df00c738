"""`sitrep export` and `--help` everywhere, on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io

import orjson
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli import cli
from app.core.settings import Settings
from app.main import create_app
from tests.conftest import BACKENDS, ROOT_SAMPLES

RANGE = ["--from", "2026-01-20", "--to", "2026-02-10"]


@pytest.fixture(scope="module", params=BACKENDS)
def loaded_url(request, fresh_database_url) -> str:
    """A database with the sample articles, ingested by `sitrep ingest`."""
    url = fresh_database_url(request.param)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITREP_DATABASE_URL", url)
        env.setenv("SITREP_AUTO_MIGRATE", "true")
        result = CliRunner().invoke(cli, ["ingest", "--quiet", str(ROOT_SAMPLES)])
    assert result.exit_code == 0, result.output
    return url


@pytest.fixture
def runner(loaded_url, monkeypatch) -> CliRunner:
    monkeypatch.setenv("SITREP_DATABASE_URL", loaded_url)
    monkeypatch.setenv("SITREP_AUTO_MIGRATE", "false")
    return CliRunner()


def _http(url: str, path: str, params: list[tuple[str, str]]) -> bytes:
    with TestClient(create_app(Settings(database_url=url, auto_migrate=False))) as client:
        response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.content


def test_csv_to_stdout_is_the_api_csv(runner, loaded_url):
    result = runner.invoke(cli, ["export", "--theme", "energy", "-t", "air_strikes", *RANGE])
    assert result.exit_code == 0, result.output
    api = _http(
        loaded_url,
        "/sitreps",
        [
            ("theme", "energy"),
            ("theme", "air_strikes"),
            ("from", "2026-01-20"),
            ("to", "2026-02-10"),
            ("format", "csv"),
        ],
    )
    assert result.stdout_bytes == api  # same query, same repository, same writer
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode())))
    assert rows, "the samples have energy and air-strike passages in that range"
    assert all({"energy", "air_strikes"} & set(r["themes"].split(";")) for r in rows)
    assert all("2026-01-20" <= r["date"] <= "2026-02-10" for r in rows)
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    assert f"{len(rows)} passages" in result.stderr  # the summary is not in the data


def test_ndjson_to_a_file_all_themes(runner, tmp_path):
    target = tmp_path / "all.ndjson"
    result = runner.invoke(cli, ["export", "--format", "ndjson", "--output", str(target)])
    assert result.exit_code == 0, result.output
    lines = target.read_bytes().splitlines()
    items = [orjson.loads(line) for line in lines]
    assert len(items) > 100
    assert len({i["passage_id"] for i in items}) == len(items)
    assert {t["theme"] for i in items for t in i["themes"]} == {
        "front_lines",
        "air_strikes",
        "humanitarian",
        "energy",
        "diplomacy",
        "economy",
    }
    assert f"{len(items)} passages" in result.stderr and str(target) in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.ndjson"]  # no partial file

    again = runner.invoke(cli, ["export", "-f", "ndjson", "-o", str(target), "--quiet"])
    assert again.exit_code == 0 and again.stderr == ""
    assert target.read_bytes().splitlines() == lines  # replaced whole, same content


def test_source_filter_and_empty_result(runner):
    result = runner.invoke(cli, ["export", "--source", "https://www.APNews.com/x", "-f", "ndjson"])
    assert result.exit_code == 0, result.output
    items = [orjson.loads(line) for line in result.stdout_bytes.splitlines()]
    assert items and {i["article"]["source"] for i in items} == {"apnews.com"}

    nothing = runner.invoke(cli, ["export", "--from", "1999-01-01", "--to", "1999-01-31"])
    assert nothing.exit_code == 0
    assert nothing.stdout.splitlines() == [
        "passage_id,date,themes,scores,text,heading,article_id,article_title,article_url,source"
    ]
    assert "0 passages" in nothing.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-02-31"], "'2026-02-31' is not a date"),
        (["--to", "yesterday"], "'yesterday' is not a date"),
        (["--from", "2026-02-10", "--to", "2026-02-01"], "the range is inverted"),
        (["--theme", "weather"], "'weather' is not one of"),
        (["--format", "xml"], "'xml' is not one of"),
        (["--source", "https://"], "is not a domain"),
        (["--output", "/no/such/folder/x.csv"], "no such folder"),
        (["--limit", "3"], "No such option"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(args, message, tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_DATABASE_URL", f"sqlite:///{tmp_path}/unused.db")
    result = CliRunner().invoke(cli, ["export", *args])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split()), result.output
    assert result.stdout_bytes == b""
    assert not (tmp_path / "unused.db").exists()  # refused before touching the database


def test_database_failure_exits_1_and_leaves_no_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_DATABASE_URL", f"sqlite:///{tmp_path}/missing/dir/sitrep.db")
    target = tmp_path / "out.csv"
    result = CliRunner().invoke(cli, ["export", "-o", str(target)])
    assert result.exit_code == 1, result.output
    assert "database error" in result.stderr and "SITREP_DATABASE_URL" in result.stderr
    assert not target.exists() and not list(tmp_path.glob(".out.csv*"))


COMMANDS = [
    [],
    ["serve"],
    ["ingest"],
    ["quickstart"],
    ["reparse"],
    ["export"],
    ["eval"],
    ["db"],
    ["db", "upgrade"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "sitrep")
def test_help_on_every_command(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and "--help" in result.output
    summary = result.output.split("Usage:", 1)[1].split("Options", 1)[0]
    assert len(summary.split()) > 3, f"`{' '.join(command)}` has no description"

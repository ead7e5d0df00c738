"""`sitrep ingest`, `sitrep reparse` and the reparse service, on committed databases."""

from __future__ import annotations

import pytest
from sqlalchemy import text, update
from typer.testing import CliRunner

from app.cli import cli
from app.core.db import make_engine, transaction
from app.core.migrations import upgrade_to_head
from app.core.settings import Settings
from app.ingest.reparse import reparse
from app.ingest.service import ingest_article
from app.models import Article
from app.pipeline import PARSER_VERSION
from tests.api.articles import FRONT_AND_TALKS, article
from tests.conftest import BACKENDS, ROOT_SAMPLES


@pytest.fixture(params=BACKENDS)
def database_url(request, fresh_database_url) -> str:
    return fresh_database_url(request.param)


@pytest.fixture
def engine(database_url):
    engine = make_engine(Settings(database_url=database_url))
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


def test_reparse_redoes_stale_articles_and_reports_theme_changes(engine):
    with transaction(engine, write=True) as session:
        first = ingest_article(session, article(source="https://r.example/1").encode())
        ingest_article(
            session, article(source="https://r.example/2", body=FRONT_AND_TALKS).encode()
        )
    with transaction(engine, write=True) as session:
        # pretend article 1 was made by an old parser that found no themes
        session.execute(update(Article).where(Article.id == first.id).values(parser_version="old"))
        session.execute(text("DELETE FROM passage_theme WHERE article_id = :id"), {"id": first.id})

    report = reparse(engine)
    assert (report.articles, report.changed, report.failed) == (1, 1, 0)
    assert report.before == {}
    assert report.after["energy"] >= 1 and report.after["air_strikes"] >= 1
    with transaction(engine) as session:
        versions = session.execute(text("SELECT DISTINCT parser_version FROM article")).scalars()
        assert set(versions) == {PARSER_VERSION}

    assert reparse(engine).articles == 0  # nothing stale any more
    forced = reparse(engine, force=True, batch_size=1)
    assert (forced.articles, forced.changed) == (2, 0)
    assert forced.before == forced.after


def test_cli_ingest_folder_then_again_is_unchanged(database_url, monkeypatch):
    monkeypatch.setenv("SITREP_DATABASE_URL", database_url)
    monkeypatch.setenv("SITREP_AUTO_MIGRATE", "true")
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", "--quiet", str(ROOT_SAMPLES)])
    assert first.exit_code == 0, first.output
    count = len(list(ROOT_SAMPLES.glob("*.md")))
    assert f"{count} created" in first.output
    again = runner.invoke(cli, ["ingest", "--quiet", str(ROOT_SAMPLES / "*.md")])
    assert f"{count} unchanged" in again.output
    reparsed = runner.invoke(cli, ["reparse", "--force"])
    assert reparsed.exit_code == 0, reparsed.output
    assert f"{count} articles reprocessed" in reparsed.output


def test_cli_ingest_reports_failures_with_exit_code(tmp_path, database_url, monkeypatch):
    monkeypatch.setenv("SITREP_DATABASE_URL", database_url)
    monkeypatch.setenv("SITREP_AUTO_MIGRATE", "true")
    (tmp_path / "empty.md").write_text("   \n")
    (tmp_path / "good.md").write_text(article())
    result = CliRunner().invoke(cli, ["ingest", "-q", str(tmp_path)])
    assert result.exit_code == 1
    assert "1 created" in result.output and "1 failed" in result.output
    missing = CliRunner().invoke(cli, ["ingest", str(tmp_path / "nope.md")])
    assert missing.exit_code == 2


def test_cli_eval_scores_themes_and_facts():
    fixtures = ROOT_SAMPLES.parents[1] / "tests" / "fixtures"
    result = CliRunner().invoke(
        cli,
        [
            "eval",
            "--corpus",
            str(fixtures / "eval_corpus"),
            "--facts",
            str(fixtures / "facts"),
            "--worst",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.output
    for extractor in ("places", "figures", "claims"):
        assert extractor in result.output
    missing = CliRunner().invoke(cli, ["eval", "--corpus", "/nonexistent"])
    assert missing.exit_code == 2

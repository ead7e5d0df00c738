"""`sitrep ingest` in bulk (pipeline in worker processes, many articles per transaction)
stores what ingesting the same files one by one stores."""

from __future__ import annotations

import datetime as dt
import gc
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from app.core.db import make_engine, transaction
from app.core.migrations import upgrade_to_head
from app.core.settings import Settings
from app.ingest.bulk import import_files, store_chunk
from app.ingest.prepare import (
    BULK_GC_THRESHOLD,
    collecting_less_often,
    pipeline_pool,
    prepare_article,
)
from app.ingest.service import ingest_article
from app.repository.articles import ArticleRepository
from tests.api.articles import ENERGY_STRIKE, FRONT_AND_TALKS, article
from tests.conftest import BACKENDS

TEASERS = [f"[Headline number {i} about the war](https://b.example/t{i})" for i in range(12)]


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


def _engine(fresh_database_url, backend: str) -> Engine:
    engine = make_engine(Settings(database_url=fresh_database_url(backend)))
    upgrade_to_head(engine)
    return engine


def _files(folder: Path) -> list[Path]:
    """A sequence with every outcome: created, unchanged, updated (twice, one into a
    not-article page), a URL variant, an article without URL, a refused file, and an
    article an admin deleted before."""
    texts = [
        article(source="https://a.example/1", date="2026-02-02"),
        article(source="https://b.example/2", date="2026-02-03", body=FRONT_AND_TALKS),
        article(source="https://a.example/1", date="2026-02-02"),  # unchanged
        article(source="https://a.example/1", date="2026-02-05", body=FRONT_AND_TALKS),
        article(source=None, title="No URL", body=ENERGY_STRIKE[:3]),
        "   \n",  # refused: empty
        article(source="https://b.example/2", date="2026-02-03", body=TEASERS),
        article(source="https://d.example/4"),  # deleted before the import
        article(source="https://a.example/1/?utm_source=feed", date="2026-02-06"),
        article(source="https://e.example/5", date="2026-02-03", body=FRONT_AND_TALKS[:2]),
        article(source="https://e.example/5", date="2026-02-03", body=FRONT_AND_TALKS[:2])
        + "\n",  # other bytes, same content: unchanged
        article(source=None, title="No URL", body=ENERGY_STRIKE[:3]),  # unchanged
    ]
    paths = []
    for i, body in enumerate(texts):
        path = folder / f"{i:02d}.md"
        path.write_text(body)
        paths.append(path)
    return paths


def _tombstoned_first(engine: Engine) -> None:
    with transaction(engine, write=True) as session:
        receipt = ingest_article(session, article(source="https://d.example/4").encode())
        ArticleRepository(session).tombstone(receipt.id, dt.datetime.now(dt.UTC))


def _one_by_one(engine: Engine, files: list[Path]) -> Counter[str]:
    """What `sitrep ingest` did before: each file in its own transaction."""
    outcome: Counter[str] = Counter()
    for path in files:
        try:
            with transaction(engine, write=True) as session:
                outcome[ingest_article(session, path.read_bytes()).status] += 1
        except Exception:
            outcome["failed"] += 1
    return outcome


SNAPSHOT = {
    "article": "SELECT canonical_url, url, source, title, description, date, date_source, "
    "word_count, not_article, revision, raw_sha256, content_sha256, parser_version, warnings, "
    "deleted_at IS NOT NULL FROM article",
    "revision": "SELECT a.canonical_url, r.revision, r.raw_sha256, r.content_sha256, "
    "r.raw_markdown FROM article_revision r JOIN article a ON a.id = r.article_id",
    "passage": "SELECT a.canonical_url, p.position, p.line_no, p.kind, p.text, p.heading, "
    "p.parser_version, p.claimant, p.unverified FROM passage p JOIN article a ON a.id = "
    "p.article_id",
    "passage_theme": "SELECT a.canonical_url, p.position, t.theme, t.date, t.score, t.cues "
    "FROM passage_theme t JOIN passage p ON p.id = t.passage_id JOIN article a ON a.id = "
    "t.article_id",
    "passage_place": "SELECT a.canonical_url, p.position, x.place_id, x.region, x.date FROM "
    "passage_place x JOIN passage p ON p.id = x.passage_id JOIN article a ON a.id = "
    "x.article_id",
    "figure": "SELECT a.canonical_url, p.position, f.kind, f.value, f.qualifier, f.unit, "
    "f.claimant, f.surface, f.date FROM figure f JOIN passage p ON p.id = f.passage_id "
    "JOIN article a ON a.id = f.article_id",
    "theme_day": "SELECT theme, date, passages, articles FROM theme_day",
}


def _snapshot(engine: Engine) -> dict[str, list[tuple[str, ...]]]:
    with engine.connect() as conn:
        return {
            name: sorted(tuple(map(str, row)) for row in conn.execute(text(sql)))
            for name, sql in SNAPSHOT.items()
        }


def _check_rollup_and_search(engine: Engine) -> None:
    with engine.connect() as conn:
        rollup = conn.execute(text(SNAPSHOT["theme_day"])).all()
        recount = conn.execute(
            text(
                "SELECT theme, date, count(*), count(DISTINCT article_id) FROM passage_theme "
                "GROUP BY theme, date"
            )
        ).all()
        assert sorted(map(tuple, rollup)) == sorted(map(tuple, recount))
        if engine.dialect.name == "sqlite":
            # the full-text index holds exactly the passages (raises if not)
            conn.execute(text("INSERT INTO passage_fts(passage_fts) VALUES ('integrity-check')"))
            found = conn.execute(
                text("SELECT count(*) FROM passage_fts WHERE passage_fts MATCH 'substation'")
            ).scalar()
            stored = conn.execute(
                text("SELECT count(*) FROM passage WHERE lower(text) LIKE '%substation%'")
            ).scalar()
            assert found == stored > 0


@pytest.mark.parametrize("per_transaction", [1, 4, 100])
def test_bulk_import_stores_what_one_by_one_stores(
    tmp_path, fresh_database_url, backend, per_transaction
):
    files = _files(tmp_path)
    expected_engine = _engine(fresh_database_url, backend)
    bulk_engine = _engine(fresh_database_url, backend)
    try:
        for engine in (expected_engine, bulk_engine):
            _tombstoned_first(engine)
        expected = _one_by_one(expected_engine, files)
        failures: list[Path] = []
        outcome = import_files(
            bulk_engine,
            files,
            pool=None,
            per_transaction=per_transaction,
            on_failure=lambda path, reason: failures.append(path),
        )
        assert outcome == expected
        assert outcome == {"created": 4, "updated": 3, "unchanged": 3, "deleted": 1, "failed": 1}
        assert failures == [files[5]]
        assert _snapshot(bulk_engine) == _snapshot(expected_engine)
        _check_rollup_and_search(bulk_engine)
        # and the same files again, onto what they stored: revisions of what is there
        again = import_files(bulk_engine, files, pool=None, per_transaction=per_transaction)
        assert again == _one_by_one(expected_engine, files)
        assert again["deleted"] == 1 and again["created"] == 0
        assert _snapshot(bulk_engine) == _snapshot(expected_engine)
        _check_rollup_and_search(bulk_engine)
    finally:
        expected_engine.dispose()
        bulk_engine.dispose()


def test_bulk_import_with_worker_processes(tmp_path, fresh_database_url):
    files = _files(tmp_path)
    expected_engine = _engine(fresh_database_url, "sqlite")
    bulk_engine = _engine(fresh_database_url, "sqlite")
    pool = pipeline_pool(2)
    assert pool is not None
    try:
        expected = _one_by_one(expected_engine, files)
        outcome = import_files(bulk_engine, files, pool=pool, workers=2, per_transaction=5)
        assert outcome == expected
        assert _snapshot(bulk_engine) == _snapshot(expected_engine)
        _check_rollup_and_search(bulk_engine)
    finally:
        pool.shutdown()
        expected_engine.dispose()
        bulk_engine.dispose()


def _gc_state() -> tuple[int, int]:
    return gc.get_threshold()[0], gc.get_freeze_count()


def test_pool_workers_freeze_the_pipeline_and_collect_less_often():
    """The workers' collector leaves the pipeline's tables (loaded before the fork)
    alone and runs its gen-0 pass at BULK_GC_THRESHOLD; this process is untouched."""
    before = _gc_state()
    pool = pipeline_pool(1)
    assert pool is not None
    try:
        threshold, frozen = pool.submit(_gc_state).result()
    finally:
        pool.shutdown()
    assert threshold == BULK_GC_THRESHOLD
    assert frozen > 10_000  # the pipeline's rule tables and gazetteer, at least
    assert _gc_state() == before


def test_collecting_less_often_gives_the_collector_back_as_it_was():
    before = _gc_state()
    with collecting_less_often():
        threshold, frozen = _gc_state()
        assert threshold == BULK_GC_THRESHOLD
        assert frozen > 0
    assert _gc_state() == before


def test_chunk_on_a_revised_article_moves_the_rollup(fresh_database_url, backend):
    """Rows removed by a revision within a chunk leave theme_day as a recount has it."""
    engine = _engine(fresh_database_url, backend)
    now = dt.datetime.now(dt.UTC)
    try:
        with transaction(engine, write=True) as session:
            for source in ("https://a.example/1", "https://b.example/2"):
                ingest_article(session, article(source=source, date="2026-02-02").encode())
        chunk = [
            prepare_article(
                article(
                    source="https://a.example/1", date="2026-02-05", body=FRONT_AND_TALKS
                ).encode(),
                now,
            ),
            prepare_article(
                article(source="https://b.example/2", date="2026-02-02", body=TEASERS).encode(),
                now,
            ),
            prepare_article(article(source="https://c.example/3").encode(), now),
        ]
        with transaction(engine, write=True) as session:
            stored = store_chunk(session, chunk)
        assert [(s.status, s.revision) for s in stored] == [
            ("updated", 2),
            ("updated", 2),
            ("created", 1),
        ]
        _check_rollup_and_search(engine)
    finally:
        engine.dispose()


def test_batch_falls_back_to_one_savepoint_per_item(client, auth, monkeypatch):
    """Should the one-go write of a batch fail in the database, each item is stored
    in its own SAVEPOINT: the same receipts."""
    from sqlalchemy.exc import OperationalError

    import app.ingest.batch as batch

    def refused(*_args: object) -> None:
        raise OperationalError("INSERT …", {}, Exception("database is busy"))

    monkeypatch.setattr(batch, "store_chunk", refused)
    items = [
        {"markdown": article(source=f"https://f.example/{i}", date="2026-02-02")} for i in range(5)
    ]
    items.append({"markdown": "   "})
    items.append({"markdown": article(source="https://f.example/0", date="2026-02-02")})
    response = client.post("/articles/batch", json=items, headers=auth)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["created"], body["unchanged"], body["failed"]) == (5, 1, 1)
    assert [item["status"] for item in body["items"]] == [201] * 5 + [422, 200]


STORING_SIDE = """
import sys
from pathlib import Path

from app.core.db import make_engine
from app.core.migrations import upgrade_to_head
from app.core.settings import Settings
from app.ingest.bulk import import_files
from app.ingest.prepare import pipeline_pool

engine = make_engine(Settings(database_url=sys.argv[1]))
upgrade_to_head(engine)
pool = pipeline_pool(1)
try:
    outcome = import_files(engine, [Path(p) for p in sys.argv[2:]], pool=pool)
finally:
    pool.shutdown()
loaded = [m for m in ("app.pipeline.article", "app.pipeline.places", "fastapi") if m in sys.modules]
print(outcome["created"], " ".join(loaded) or "-")
"""


def test_the_storing_process_does_not_load_the_pipeline(tmp_path, fresh_database_url):
    """With worker processes, `sitrep ingest` stores without the pipeline's tables (some
    20 MB) nor the query layer: its memory stays that of a database client."""
    files = _files(tmp_path)[:2]
    result = subprocess.run(
        [sys.executable, "-c", STORING_SIDE, fresh_database_url("sqlite"), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "-"]

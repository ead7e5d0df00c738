"""SQLite's write-ahead log is checkpointed by the server's own thread, not by commits."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.core.db import FALLBACK_AUTOCHECKPOINT_PAGES, WalCheckpointer, make_engine
from app.core.settings import Settings
from app.main import create_app

PAGE = 4096


def _fill(engine: Engine, pages: int) -> None:
    """Commit `pages` pages' worth of rows, one commit per ~10 pages (as ingests do)."""
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS scratch (blob BLOB)")
    for _ in range(pages // 10):
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO scratch VALUES (randomblob(?))", (10 * PAGE,))


def _wal_pages(db: Path) -> int:
    wal = db.with_name(db.name + "-wal")
    return wal.stat().st_size // PAGE if wal.exists() else 0


def test_commits_leave_the_checkpoints_to_the_checkpointer(tmp_path):
    db = tmp_path / "wal.db"
    engine = make_engine(Settings(database_url=f"sqlite:///{db}"), background_checkpoints=True)
    with engine.connect() as conn:
        autocheckpoint = conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
    assert autocheckpoint == FALLBACK_AUTOCHECKPOINT_PAGES
    _fill(engine, 1500)
    # No commit checkpointed: past SQLite's default 1,000 pages, the WAL still holds all.
    assert _wal_pages(db) >= 1500
    busy, log, copied = WalCheckpointer(engine, 1.0).checkpoint()
    assert busy == 0 and log >= 1500 and copied == log
    engine.dispose()


def test_checkpoints_go_on_while_requests_hold_every_pooled_connection(tmp_path):
    db = tmp_path / "busy.db"
    settings = Settings(
        database_url=f"sqlite:///{db}",
        db_pool_size=1,
        db_pool_overflow=0,
        db_pool_timeout_seconds=0.1,
    )
    engine = make_engine(settings, background_checkpoints=True)
    _fill(engine, 300)
    checkpointer = WalCheckpointer(engine, 1.0)
    with engine.connect():  # the pool's only connection, as a busy server's would be
        busy, log, copied = checkpointer.checkpoint()
    assert busy == 0 and log >= 300 and copied == log
    checkpointer.stop()  # closes its own connection
    engine.dispose()


def test_without_the_checkpointer_commits_checkpoint_as_sqlite_does(tmp_path):
    db = tmp_path / "plain.db"
    engine = make_engine(Settings(database_url=f"sqlite:///{db}"))
    _fill(engine, 1500)
    assert _wal_pages(db) < 1200  # reset and reused after the commit past 1,000 pages
    engine.dispose()


def test_the_server_runs_a_checkpointer_on_sqlite_only_while_it_serves(tmp_path):
    db = tmp_path / "served.db"
    settings = Settings(database_url=f"sqlite:///{db}", sqlite_checkpoint_seconds=0.05)
    app = create_app(settings)
    with TestClient(app) as client:
        assert client.get("/readyz").status_code == 200
        checkpointer = app.state.wal_checkpointer
        assert isinstance(checkpointer, WalCheckpointer)
        before = db.stat().st_size
        _fill(app.state.engine, 200)
        rounds = checkpointer.rounds
        deadline = time.monotonic() + 10
        while checkpointer.rounds < rounds + 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        # the checkpointer copied the 200 pages into the database file (no commit
        # did: they are far fewer than FALLBACK_AUTOCHECKPOINT_PAGES)
        assert db.stat().st_size >= before + 200 * PAGE
    assert not checkpointer._thread.is_alive()  # stopped with the app

    off = create_app(Settings(database_url=f"sqlite:///{db}", sqlite_checkpoint_seconds=0))
    with TestClient(off):
        assert off.state.wal_checkpointer is None

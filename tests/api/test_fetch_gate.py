"""Reads on SQLite fetch rows a few threads at a time (repository.base.fetching)."""

from __future__ import annotations

import threading

from app.repository import base
from tests.api.articles import article


def test_sqlite_reads_wait_for_a_fetch_slot_and_postgres_reads_do_not(
    client, auth, migrated_engine
):
    headers = {**auth, "Content-Type": "text/markdown"}
    assert client.post("/articles", content=article().encode(), headers=headers).status_code == 201
    sqlite = migrated_engine.dialect.name == "sqlite"
    held = 0
    for _ in range(base.SQLITE_FETCH_THREADS):  # every slot taken, as by busy readers
        held += base._sqlite_fetches.acquire(timeout=5)
    assert held == base.SQLITE_FETCH_THREADS
    answered = threading.Event()
    statuses: list[int] = []

    def read() -> None:
        statuses.append(client.get("/sitreps", params={"theme": "energy"}).status_code)
        answered.set()

    reader = threading.Thread(target=read)
    try:
        reader.start()
        # SQLite: the read waits for a slot; PostgreSQL: it has no gate
        assert answered.wait(0.5) is not sqlite
    finally:
        for _ in range(held):
            base._sqlite_fetches.release()
    assert answered.wait(10) and statuses == [200]
    reader.join(5)

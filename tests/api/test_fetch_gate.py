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


def test_a_fetch_slot_is_never_held_while_waiting_for_a_connection(tmp_path):
    """Threads waiting for a slot hold pool connections; a slot holder waiting for the
    pool would deadlock with them. So the connection is taken before the slot."""
    from sqlalchemy import create_engine, text
    from sqlmodel import Session

    engine = create_engine(f"sqlite:///{tmp_path / 'gate.db'}", pool_size=1, max_overflow=0)
    holder = Session(engine)
    holder.connection()  # the pool's only connection, held as by a reader before its fetch
    busy = base._sqlite_fetches.acquire(timeout=5)  # another reader's slot
    entered = threading.Event()

    def needs_a_connection() -> None:
        with Session(engine) as session, base.fetching(session):
            entered.set()

    waiter = threading.Thread(target=needs_a_connection, daemon=True)
    try:
        waiter.start()
        assert not entered.wait(0.3)  # waits for the pool, holding no slot…
        with base.fetching(holder):  # …so the holder still gets the last slot
            assert holder.execute(text("SELECT 1")).scalar() == 1
        holder.close()  # its connection back to the pool: the waiter goes on
        assert entered.wait(5)
    finally:
        if busy:
            base._sqlite_fetches.release()
        holder.close()
        waiter.join(5)
        engine.dispose()

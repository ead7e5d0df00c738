"""What every repository shares."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session


def upsert_insert(session: Session, model: Any) -> Any:
    """The dialect's INSERT, which has `on_conflict_do_nothing`/`_do_update` on both backends."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


_BY_DIALECT: dict[tuple[str, str], Any] = {}


def per_dialect(session: Session, name: str, build: Callable[[Session], Any]) -> Any:
    """A statement built once per dialect (an upsert differs by backend) and reused:
    building one and computing its cache key cost more than SQLite runs it."""
    key = (name, session.get_bind().dialect.name)
    stmt = _BY_DIALECT.get(key)
    if stmt is None:
        stmt = _BY_DIALECT[key] = build(session)
    return stmt


def as_date(value: dt.date | str) -> dt.date:
    """A date column read as text (SQLite stores ISO dates), or already a date
    (PostgreSQL's driver): date.fromisoformat is C, SQLAlchemy's Date processor is not."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


# SQLite's driver lets go of the GIL around each step of a statement, once a row: with
# dozens of pool threads reading at once, every row became a hand-off of the GIL among
# them (at -c32, /sitreps spent 4 ms a request in the kernel, in futex calls by the
# thousand; with two threads fetching at a time, 0.7 ms and 40% more answers a second).
# So at most SQLITE_FETCH_THREADS threads of the process fetch rows from SQLite at a
# time; the others wait, asleep. PostgreSQL's rows are decoded after the network wait,
# in C: no gate.
SQLITE_FETCH_THREADS = 2
_sqlite_fetches = threading.BoundedSemaphore(SQLITE_FETCH_THREADS)


def fetching(session: Session) -> AbstractContextManager[Any]:
    """Wrap a read path's statement and the fetch of all its rows (`.all()`), nothing
    else and never nested: see SQLITE_FETCH_THREADS."""
    if session.get_bind().dialect.name != "sqlite":
        return nullcontext()
    # The session's connection is taken from the pool now, before the gate: a thread
    # holding a slot while it waits for the pool, whose connections are held by threads
    # waiting for a slot, would wait for ever (until the pool's timeout).
    session.connection()
    return _sqlite_fetches

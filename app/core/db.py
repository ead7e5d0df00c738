"""The database engine and the session that owns each request's transaction."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import orjson
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlmodel import Session, create_engine

from app.core.settings import Settings

# Execution option that makes a SQLite transaction take the write lock at BEGIN,
# so two writers queue on busy_timeout instead of failing on lock upgrade.
WRITE_OPTION = "sitrep_write"


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def normalize_url(raw: str) -> URL:
    """Accept the plain `postgresql://` URLs people paste; we ship psycopg 3."""
    url = make_url(raw)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def make_engine(settings: Settings, *, background_checkpoints: bool = False) -> Engine:
    """`background_checkpoints`: SQLite leaves WAL checkpoints to a WalCheckpointer the
    caller starts (a server); otherwise the committing connection runs them."""
    url = normalize_url(settings.database_url)
    sqlite = url.get_backend_name() == "sqlite"
    # SQLite's defaults are SQLAlchemy's: one process under one GIL keeps few queries
    # running at once, and each connection holds a page cache of its own (10 + 20 held
    # ~10 MB more at 1M passages for no throughput: bench/README.md, ninth pass)
    size, overflow = (5, 10) if sqlite else (10, 20)
    pool = {
        "pool_size": size if settings.db_pool_size is None else settings.db_pool_size,
        "max_overflow": overflow
        if settings.db_pool_overflow is None
        else settings.db_pool_overflow,
        "pool_timeout": settings.db_pool_timeout_seconds,
    }
    if sqlite:
        engine = create_engine(
            url,
            echo=settings.echo_sql,
            json_serializer=_dumps,
            json_deserializer=orjson.loads,
            connect_args={"check_same_thread": False, "timeout": 30},
            # an in-memory database is one connection's (SingletonThreadPool): no sizes
            **({} if url.database in (None, "", ":memory:") else pool),
        )
        _configure_sqlite(engine, background_checkpoints=background_checkpoints)
        return engine
    return create_engine(
        url,
        echo=settings.echo_sql,
        json_serializer=_dumps,
        json_deserializer=orjson.loads,
        pool_pre_ping=True,
        **pool,
    )


BUSY_TIMEOUT_S = 30


class _WriterQueue:
    """First come, first served turns to write, for the writers of this process.

    SQLite's busy handler is not a queue: a waiting writer sleeps and retries (up to
    100 ms apart), and under a steady write load it can miss every free moment until
    busy_timeout passes and fail with "database is locked". Writers here take a ticket
    and are let through in order, so at most one of them at a time asks SQLite for the
    lock (other processes still meet at busy_timeout).
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._next = 0  # next ticket to hand out
        self._serving = 0  # ticket whose turn it is
        self._gone: set[int] = set()  # tickets that stopped waiting

    def acquire(self, timeout: float) -> int | None:
        """The ticket once it is its turn, or None after `timeout` (go on unqueued)."""
        with self._cond:
            ticket = self._next
            self._next += 1
            if self._cond.wait_for(lambda: self._serving == ticket, timeout):
                return ticket
            self._gone.add(ticket)
            return None

    def release(self) -> None:
        with self._cond:
            self._serving += 1
            while self._serving in self._gone:
                self._gone.discard(self._serving)
                self._serving += 1
            self._cond.notify_all()


# With a WalCheckpointer, a commit still checkpoints once the WAL passes this many
# pages (~40 MB): a bound should the checkpointer fall behind.
FALLBACK_AUTOCHECKPOINT_PAGES = 10_000


def _configure_sqlite(engine: Engine, *, background_checkpoints: bool) -> None:
    # pysqlite's own transaction handling defers BEGIN and cannot do BEGIN IMMEDIATE
    # or SAVEPOINTs reliably; SQLAlchemy's documented recipe takes it over.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
        cur.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints, safe with WAL
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        if background_checkpoints:
            cur.execute(f"PRAGMA wal_autocheckpoint={FALLBACK_AUTOCHECKPOINT_PAGES}")
        cur.close()

    writers = _WriterQueue()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if not conn.get_execution_options().get(WRITE_OPTION, False):
            conn.exec_driver_sql("BEGIN")
            return
        queued = writers.acquire(BUSY_TIMEOUT_S) is not None
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            if queued:
                writers.release()
            raise
        if queued:
            conn.info["sitrep_writer_turn"] = True

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(conn: Any) -> None:
        if conn.info.pop("sitrep_writer_turn", False):
            writers.release()


class WalCheckpointer:
    """Checkpoints SQLite's WAL from a thread of its own, every `interval` seconds.

    By default the commit that takes the WAL past 1,000 pages runs the checkpoint
    itself, fsyncs included, while it still holds the write lock: every ~30 articles
    one ingest took milliseconds longer and every writer queued behind it (on this
    machine a third of a POST /articles' time in the lock). PASSIVE never waits for
    readers or writers; what it cannot copy yet, the next round does.
    """

    def __init__(self, engine: Engine, interval: float) -> None:
        self.engine = engine
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
        self._connection: sqlite3.Connection | None = None
        self.rounds = 0

    def start(self) -> WalCheckpointer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.ident is not None:  # started
            self._thread.join(timeout=30)
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def checkpoint(self) -> tuple[int, int, int]:
        """One PASSIVE checkpoint: (busy, WAL pages, pages copied to the database)."""
        if self._connection is None:
            # A connection of its own, outside the engine's pool: requests that take
            # every pooled connection must not stop the checkpoints (the WAL would then
            # grow while the server is busiest). Autocommit: it holds no snapshot.
            self._connection = sqlite3.connect(
                self.engine.url.database or "", isolation_level=None, check_same_thread=False
            )
        busy, log, copied = self._connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        self.rounds += 1
        return int(busy), int(log), int(copied)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.checkpoint()
            except Exception:  # a locked or vanished file: log, and try again next round
                _log.exception("WAL checkpoint failed")


_log = logging.getLogger(__name__)


def new_session(bind: Engine | Connection, *, write: bool = False) -> Session:
    """A session for one transaction. It does no I/O: the connection is taken from the
    pool, and the transaction begun, by its first statement.

    `bind` may be a Connection already in a transaction (tests): the session then
    works in a SAVEPOINT of it, so the test can roll everything back.
    """
    if write:
        bind = bind.execution_options(**{WRITE_OPTION: True})
    elif isinstance(bind, Engine) and bind.dialect.name == "postgresql":
        # One snapshot for the whole read, as SQLite's WAL gives: under READ COMMITTED
        # each statement sees the latest commits, so a page read in several statements
        # could meet passages a concurrent new revision has just replaced.
        bind = bind.execution_options(isolation_level="REPEATABLE READ")
    return Session(bind, expire_on_commit=False, join_transaction_mode="create_savepoint")


def end_session(session: Session, *, commit: bool) -> None:
    """Commit the session's transaction (else roll it back), then close the session."""
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


def session_scope(bind: Engine | Connection, *, write: bool = False) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back if it raises."""
    session = new_session(bind, write=write)
    committed = False
    try:
        yield session
        committed = True
    finally:
        end_session(session, commit=committed)


# The same, as a `with` block, for code outside a request (CLI, jobs, tests).
transaction = contextmanager(session_scope)
# `transaction` bound to an engine: for work that opens transactions of its own
TransactionFactory = Callable[..., AbstractContextManager[Session]]

"""Request-scoped dependencies: the session that owns each request's transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from functools import partial, wraps
from typing import Annotated, Any, TypeVar, cast

from anyio import CancelScope
from fastapi import Depends, Request
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.core.db import TransactionFactory, end_session, new_session, session_scope, transaction


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The read session: `async def`, where a plain `def` generator costs a thread-pool
    hop to open the session and another to close it, besides the endpoint's own. Opening
    does no I/O (the first statement, in the endpoint's thread, takes a connection). On
    SQLite, ending a read is releasing a lock in shared memory, so it is done here on
    the event loop; PostgreSQL's COMMIT is a round trip, and goes to the pool."""
    engine: Engine = request.app.state.engine
    session = new_session(engine)
    committed = False
    try:
        yield session
        committed = True
    finally:
        if engine.dialect.name == "sqlite":
            end_session(session, commit=committed)
        else:
            with CancelScope(shield=True):  # a client gone mid-way still returns the connection
                await run_in_threadpool(end_session, session, commit=committed)


def get_write_session(request: Request) -> Iterator[Session]:
    yield from session_scope(request.app.state.engine, write=True)


# scope="function": the transaction ends when the endpoint returns, before the
# response is sent, so a client is never told "stored" about a write that failed.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
WriteSessionDep = Annotated[Session, Depends(get_write_session, scope="function")]

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


def commits_in_its_thread(endpoint: Endpoint) -> Endpoint:
    """For a `def` endpoint with a WriteSessionDep named `session`: commit as it returns,
    in its own thread (the dependency still rolls back if it raises, and closes).

    A writer holds SQLite's write lock (or PostgreSQL's row locks) until its COMMIT.
    After a `def` endpoint returns, FastAPI validates its response in another thread of
    the pool and exits a `def` dependency in another: with more writers at once than
    threads, all of them could be held by writers waiting for that lock, and the holder
    would wait for a thread for ever (until the 30 s timeouts: 5xx answers).
    """

    @wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:
        result = endpoint(*args, **kwargs)
        kwargs["session"].commit()
        return result

    return cast(Endpoint, run)


async def get_transaction_factory(request: Request) -> TransactionFactory:
    """For work that must commit on its own, apart from the request's transaction
    (claiming an Idempotency-Key before the work it guards), or that reads after the
    endpoint has returned (an export streamed a page at a time). `async def`: it only
    builds a partial, and a plain def dependency costs a thread-pool hop."""
    return partial(transaction, request.app.state.engine)


TransactionsDep = Annotated[TransactionFactory, Depends(get_transaction_factory)]

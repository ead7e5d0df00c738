"""Request-scoped dependencies: the session that owns each request's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from functools import partial
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.core.db import session_scope, transaction


def get_session(request: Request) -> Iterator[Session]:
    yield from session_scope(request.app.state.engine)


def get_write_session(request: Request) -> Iterator[Session]:
    yield from session_scope(request.app.state.engine, write=True)


# scope="function": the transaction commits when the endpoint returns, before the
# response is sent, so a client is never told "stored" about a write that failed.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
WriteSessionDep = Annotated[Session, Depends(get_write_session, scope="function")]

TransactionFactory = Callable[..., AbstractContextManager[Session]]


async def get_transaction_factory(request: Request) -> TransactionFactory:
    """For work that must commit on its own, apart from the request's transaction
    (claiming an Idempotency-Key before the work it guards). `async def`: it only
    builds a partial, and a plain def dependency costs a thread-pool hop."""
    return partial(transaction, request.app.state.engine)


TransactionsDep = Annotated[TransactionFactory, Depends(get_transaction_factory)]
# scope="request": open until the response has been sent, for answers streamed after
# the endpoint returns (CSV, NDJSON, feeds): one read transaction across all their pages.
ReadSessionDep = Annotated[Session, Depends(get_session, scope="request")]

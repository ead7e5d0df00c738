"""Request-scoped dependencies: the session that owns each request's transaction."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.core.db import session_scope


def get_session(request: Request) -> Iterator[Session]:
    yield from session_scope(request.app.state.engine)


def get_write_session(request: Request) -> Iterator[Session]:
    yield from session_scope(request.app.state.engine, write=True)


# scope="function": the transaction commits when the endpoint returns, before the
# response is sent, so a client is never told "stored" about a write that failed.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
WriteSessionDep = Annotated[Session, Depends(get_write_session, scope="function")]

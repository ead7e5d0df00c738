"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.core.errors import ServiceUnavailable
from app.core.migrations import current_revision, head_revision
from app.core.problems import problem_responses
from app.query.schemas import Health

router = APIRouter(tags=["operations"])


@router.get(
    "/healthz",
    response_model=Health,
    summary="Liveness",
    description="Answers 200 while the process serves requests; touches nothing else.",
)
def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Health,
    summary="Readiness",
    description="200 when the database answers and its schema is at the latest migration; "
    "503 otherwise.",
    responses=problem_responses(503),
)
def readyz(request: Request) -> Health:
    engine = request.app.state.engine
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        current = current_revision(engine)
    except SQLAlchemyError as exc:
        raise ServiceUnavailable(f"The database does not answer: {type(exc).__name__}.") from None
    head = head_revision()
    if current != head:
        raise ServiceUnavailable(
            f"The schema is at {current or 'no revision'}, not at {head}: run `sitrep db upgrade`."
        )
    return Health(status="ready")

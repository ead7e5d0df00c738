"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.core.deps import SessionDep
from app.core.errors import ServiceUnavailable
from app.core.migrations import current_revision, head_revision
from app.core.observability import render_metrics
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


@router.get(
    "/metrics",
    response_class=Response,
    summary="Prometheus metrics",
    description="Prometheus text format: `sitrep_http_requests_total` and "
    "`sitrep_http_request_duration_seconds` by method and route template, "
    "`sitrep_ingests_total` by outcome, `sitrep_passages` per theme and `sitrep_articles` "
    "(read from the database at scrape time). Per process.",
    responses={
        200: {
            "description": "The metrics.",
            "content": {CONTENT_TYPE_LATEST.split(";")[0]: {"schema": {"type": "string"}}},
        }
    },
)
def metrics(request: Request, session: SessionDep) -> Response:
    body = render_metrics(request.app.state.metrics, session)
    return Response(body, media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})

"""The write endpoints: HTTP in, receipts out. The work is in service.py and batch.py."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from app.core.deps import WriteSessionDep, commits_in_its_thread
from app.core.errors import Conflict, NotFound, SitrepError, UnsupportedMediaType
from app.core.problems import problem_responses
from app.core.security import AdminAccess, IngestAccess
from app.ingest.batch import NDJSON_TYPES, ingest_batch, split_batch
from app.ingest.body import ArticleMarkdown, RawBody, media_type
from app.ingest.idempotency import Idempotency
from app.ingest.prepare import prepare_in
from app.ingest.reparse import ReparseJob
from app.ingest.schemas import ArticleIn, BatchReceipt, IngestReceipt, WebhookPayload
from app.ingest.service import store_article
from app.ingest.webhooks import parse_payload, verify
from app.query.filters import ArticleId
from app.repository.articles import ArticleRepository
from app.repository.ingest_state import WebhookRepository

router = APIRouter(tags=["ingest"])

_MARKDOWN_EXAMPLE = """---
title: "Drones hit Kharkiv substation"
source: https://example.org/2026/02/04/kharkiv-substation
date: unknown
---
Russian drones struck a substation in Kharkiv overnight, cutting power to 40,000 homes.
"""

_ARTICLE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "text/markdown": {"schema": {"type": "string"}, "example": _MARKDOWN_EXAMPLE},
            "application/json": {
                "schema": ArticleIn.model_json_schema(),
                "example": {"markdown": _MARKDOWN_EXAMPLE},
            },
        },
    }
}

_BATCH_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "array",
                    "items": ArticleIn.model_json_schema(),
                    "minItems": 1,
                    "maxItems": 500,
                },
                "example": [{"markdown": _MARKDOWN_EXAMPLE}],
            },
            "application/x-ndjson": {
                "schema": {"type": "string", "description": 'One {"markdown": …} per line.'},
                "example": '{"markdown": "---\\ntitle: A\\n---\\nBody."}\n',
            },
        },
    }
}

_WEBHOOK_HEADERS = [
    {
        "name": name,
        "in": "header",
        "required": True,
        "description": text,
        "schema": {"type": "string"},
        "example": example,
    }
    for name, text, example in (
        ("webhook-id", "Unique id of the delivery; a re-delivery repeats it.", "msg_2b1c"),
        ("webhook-timestamp", "Unix seconds when it was sent; ±5 minutes.", "1770000000"),
        (
            "webhook-signature",
            "Space-separated `v1,<base64 HMAC-SHA256>` of `id.timestamp.body`.",
            "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
        ),
    )
]


def _status_of(receipt: IngestReceipt) -> int:
    return status.HTTP_201_CREATED if receipt.status == "created" else status.HTTP_200_OK


def _ingest_counted(request: Request, session: Session, markdown: bytes) -> IngestReceipt:
    """Ingest one article (its pipeline in the pool's processes), counted in the
    `sitrep_ingests` metric by outcome."""
    metrics = request.app.state.metrics
    pool = getattr(request.app.state, "pipeline_pool", None)
    try:
        prepared = prepare_in(pool, markdown, dt.datetime.now(dt.UTC))
        receipt = store_article(session, prepared)
    except SitrepError:
        metrics.record_ingest("rejected")
        raise
    metrics.record_ingest(receipt.status)
    return receipt


@router.post(
    "/articles",
    response_model=IngestReceipt,
    status_code=status.HTTP_201_CREATED,
    summary="Ingest one article",
    description="Send one scraped article, either as the raw file (`text/markdown`: YAML "
    'front matter and markdown body) or as JSON `{"markdown": "…"}`. Answers 201 with a '
    "receipt when the article is new; 200 when it was already stored (unchanged), is a new "
    "revision of a stored article (updated), or was deleted by an admin. Needs an ingest "
    "token. Send an `Idempotency-Key` to make retries safe.",
    responses={
        200: {"model": IngestReceipt, "description": "Already stored, updated or deleted."},
        **problem_responses(400, 401, 403, 409, 413, 415, 422, 429),
    },
    openapi_extra=_ARTICLE_BODY,
)
@commits_in_its_thread
def post_article(
    request: Request,
    _caller: IngestAccess,
    claim: Idempotency,
    markdown: ArticleMarkdown,
    session: WriteSessionDep,
    response: Response,
) -> Any:
    if claim.replay is not None:
        return claim.replay
    receipt = _ingest_counted(request, session, markdown)
    response.status_code = _status_of(receipt)
    claim.complete(session, response.status_code, receipt)
    return receipt


@router.post(
    "/articles/batch",
    response_model=BatchReceipt,
    summary="Ingest many articles",
    description="A JSON array, or NDJSON (`application/x-ndjson`), of the objects `POST "
    '/articles` takes as JSON (`{"markdown": …}`): up to 500 articles or 10 MiB. One '
    "result per item, in order; a bad item fails alone (its result carries a problem) and "
    "does not sink the others. Needs an ingest token; takes an `Idempotency-Key`.",
    responses=problem_responses(400, 401, 403, 409, 413, 415, 422, 429),
    openapi_extra=_BATCH_BODY,
)
@commits_in_its_thread
def post_batch(
    request: Request,
    _caller: IngestAccess,
    claim: Idempotency,
    body: RawBody,
    session: WriteSessionDep,
) -> Any:
    if claim.replay is not None:
        return claim.replay
    kind = media_type(request)
    if kind != "application/json" and kind not in NDJSON_TYPES:
        raise UnsupportedMediaType(
            f"Content-Type {kind or '(none)'} is not accepted: send a JSON array "
            "(application/json) or NDJSON (application/x-ndjson)."
        )
    settings = request.app.state.settings
    items = split_batch(body, kind, settings.max_batch_items)
    receipt = ingest_batch(session, items, pool=getattr(request.app.state, "pipeline_pool", None))
    for item in receipt.items:
        request.app.state.metrics.record_ingest(item.receipt.status if item.receipt else "rejected")
    claim.complete(session, status.HTTP_200_OK, receipt)
    return receipt


@router.post(
    "/webhooks/articles",
    response_model=IngestReceipt,
    status_code=status.HTTP_201_CREATED,
    summary="Ingest an article pushed as a signed webhook",
    description="Standard Webhooks: headers `webhook-id`, `webhook-timestamp`, "
    "`webhook-signature` (HMAC-SHA256 over `id.timestamp.body` with a secret of "
    "SITREP_WEBHOOK_SECRET; several secrets while rotating), 5 minutes' tolerance both "
    'ways. Payload `{"type": "article.scraped", "data": {"markdown": "…"}}`. A '
    "`webhook-id` seen before is answered 200 with the first receipt and not processed "
    "again, for as long as its article exists.",
    responses={
        200: {"model": IngestReceipt, "description": "A re-delivery, or a known article."},
        **problem_responses(401, 403, 413, 422),
    },
    openapi_extra={
        "parameters": _WEBHOOK_HEADERS,
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": WebhookPayload.model_json_schema(),
                    "example": {"type": "article.scraped", "data": {"markdown": _MARKDOWN_EXAMPLE}},
                }
            },
        },
    },
)
@commits_in_its_thread
def post_webhook(
    request: Request, body: RawBody, session: WriteSessionDep, response: Response
) -> Any:
    verify(request.app.state.webhook_verifiers, body, request.headers)
    payload = parse_payload(body)
    webhook_id = request.headers["webhook-id"]
    deliveries = WebhookRepository(session)
    if not deliveries.claim(webhook_id, dt.datetime.now(dt.UTC)):
        response.status_code = status.HTTP_200_OK
        response.headers["Webhook-Redelivery"] = "true"
        return deliveries.receipt(webhook_id)
    receipt = _ingest_counted(request, session, payload.data.markdown.encode())
    deliveries.complete(webhook_id, receipt.id, receipt.model_dump(mode="json"))
    response.status_code = _status_of(receipt)
    return receipt


# le: ids are 32-bit on PostgreSQL; a larger number would overflow SQLite's INTEGER (a 500).


@router.delete(
    "/articles/{article_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete (tombstone) an article",
    description="Takes the article out of every timeline and listing; its revisions and raw "
    "markdown are kept for audit, and a re-delivery does not bring it back. Needs an admin "
    "token. Deleting a deleted article again is a no-op.",
    responses=problem_responses(401, 403, 404, 422, 429),
)
@commits_in_its_thread
def delete_article(article_id: ArticleId, _caller: AdminAccess, session: WriteSessionDep) -> None:
    repo = ArticleRepository(session)
    article = repo.get(article_id)
    if article is None:
        raise NotFound(f"There is no article {article_id}.")
    if article.deleted_at is None:
        repo.tombstone(article_id, dt.datetime.now(dt.UTC))


class ReparseRequest(BaseModel):
    # strict: `"force": 0` or `"batch_size": "100"` is a mistake to report, not to guess at
    model_config = ConfigDict(strict=True, extra="forbid")

    force: bool = Field(
        False, description="Reprocess every article, not only those of older parser versions."
    )
    batch_size: int = Field(100, ge=1, le=1000, description="Articles per transaction.")


class ReparseJobOut(BaseModel):
    id: str
    status: str = Field(examples=["running"])
    parser_version: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    articles: int = Field(description="Articles reprocessed so far.")
    changed: int = Field(description="Articles whose themes changed.")
    failed: int
    themes: dict[str, dict[str, int]] = Field(
        description="Per theme: passages before, after, and the difference.",
        examples=[{"energy": {"before": 10, "after": 12, "delta": 2}}],
    )
    error: str | None


def _job_out(job: ReparseJob) -> ReparseJobOut:
    r = job.report
    return ReparseJobOut(
        id=job.id,
        status=job.status,
        parser_version=r.parser_version,
        started_at=job.started_at,
        finished_at=job.finished_at,
        articles=r.articles,
        changed=r.changed,
        failed=r.failed,
        themes=r.theme_changes(),
        error=job.error,
    )


@router.post(
    "/admin/reparse",
    response_model=ReparseJobOut,
    status_code=status.HTTP_202_ACCEPTED,
    tags=["admin"],
    summary="Re-run the pipeline over stored articles",
    description="Starts a background job that reprocesses the stored raw markdown with the "
    "current pipeline in small batches while the API keeps serving; poll "
    "`GET /admin/reparse/{job_id}` for progress and the per-theme changes. 409 while another "
    "reparse runs. Needs an admin token.",
    responses=problem_responses(400, 401, 403, 409, 422, 429),
)
def start_reparse(
    request: Request,
    _caller: AdminAccess,
    options: Annotated[ReparseRequest | None, Body(examples=[{"force": False}])] = None,
) -> ReparseJobOut:
    options = options or ReparseRequest()
    job = request.app.state.reparse_jobs.start(
        request.app.state.engine,
        force=options.force,
        batch_size=options.batch_size,
        on_commit=request.app.state.data_clock.bump,
    )
    if job is None:
        raise Conflict("A reparse is already running; poll it with GET /admin/reparse/{id}.")
    return _job_out(job)


@router.get(
    "/admin/reparse/{job_id}",
    response_model=ReparseJobOut,
    tags=["admin"],
    summary="A reparse job's progress and report",
    description="Status (running, done, failed) and what changed per theme so far.",
    responses=problem_responses(401, 403, 404),
)
def get_reparse(
    request: Request,
    job_id: Annotated[str, Path(description="The job id.", examples=["3f2c9d0e1b"])],
    _caller: AdminAccess,
) -> ReparseJobOut:
    job = request.app.state.reparse_jobs.jobs.get(job_id)
    if job is None:
        raise NotFound(f"There is no reparse job {job_id} in this process.")
    return _job_out(job)

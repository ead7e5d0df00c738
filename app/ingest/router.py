"""POST /articles: HTTP in, receipt out. The work is in service.py."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from app.core.deps import WriteSessionDep
from app.core.problems import problem_responses
from app.core.security import IngestToken
from app.ingest.body import ArticleMarkdown
from app.ingest.schemas import ArticleIn, IngestReceipt
from app.ingest.service import ingest_article

router = APIRouter(tags=["ingest"])

_MARKDOWN_EXAMPLE = """---
title: "Drones hit Kharkiv substation"
source: https://example.org/2026/02/04/kharkiv-substation
date: unknown
---
Russian drones struck a substation in Kharkiv overnight, cutting power to 40,000 homes.
"""


@router.post(
    "/articles",
    response_model=IngestReceipt,
    status_code=status.HTTP_201_CREATED,
    summary="Ingest one article",
    description="Send one scraped article, either as the raw file (`text/markdown`: YAML "
    'front matter and markdown body) or as JSON `{"markdown": "…"}`. Answers 201 with a '
    "receipt when the article is new, 200 when it was already stored (unchanged) or is a "
    "new revision of a stored article (updated). Needs an ingest bearer token.",
    responses={
        200: {"model": IngestReceipt, "description": "Already stored, or updated."},
        **problem_responses(400, 401, 403, 413, 415, 422),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/markdown": {
                    "schema": {"type": "string"},
                    "example": _MARKDOWN_EXAMPLE,
                },
                "application/json": {
                    "schema": ArticleIn.model_json_schema(),
                    "example": {"markdown": _MARKDOWN_EXAMPLE},
                },
            },
        }
    },
)
def post_article(
    _token: IngestToken, markdown: ArticleMarkdown, session: WriteSessionDep, response: Response
) -> IngestReceipt:
    receipt = ingest_article(session, markdown)
    if receipt.status != "created":
        response.status_code = status.HTTP_200_OK
    return receipt

"""Reading a request body with a size cap, and telling markdown from JSON."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import Depends, Request
from pydantic import ValidationError

from app.core.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType, ValidationFailed
from app.ingest.schemas import ArticleIn

MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown", "text/plain"})
JSON_TYPES = frozenset({"application/json"})


async def read_capped(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes `limit`, not after reading it all."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"The body is {declared} bytes; the limit is {limit} bytes.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"The body is over the limit of {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


async def raw_body(request: Request) -> bytes:
    """The request body, capped: one article on /articles, a batch's size elsewhere
    (batches, and webhooks, whose JSON envelope escapes the markdown)."""
    settings = request.app.state.settings
    limit = (
        settings.max_article_bytes
        if request.url.path == "/articles"
        else (settings.max_batch_bytes)
    )
    return await read_capped(request, limit)


RawBody = Annotated[bytes, Depends(raw_body)]


async def article_markdown(request: Request, body: RawBody) -> bytes:
    """The article's raw markdown bytes, from a text/markdown or a JSON body."""
    kind = media_type(request)
    if kind in MARKDOWN_TYPES:
        return body
    if kind in JSON_TYPES:
        return parse_article_json(body).markdown.encode()
    raise UnsupportedMediaType(
        f"Content-Type {kind or '(none)'} is not accepted: send the article as "
        'text/markdown, or as application/json {"markdown": "…"}.'
    )


def parse_article_json(body: bytes) -> ArticleIn:
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise BadRequest(f"The body is not valid JSON: {exc}.") from None
    try:
        return ArticleIn.model_validate(payload)
    except ValidationError as exc:
        errors = [
            {"loc": ".".join(map(str, e["loc"])) or "body", "msg": e["msg"], "type": e["type"]}
            for e in exc.errors()
        ]
        raise ValidationFailed(
            'The JSON body must be an object {"markdown": "…"} with the article\'s text: '
            + "; ".join(f"{e['loc']}: {e['msg']}" for e in errors),
            errors=errors,
        ) from None


ArticleMarkdown = Annotated[bytes, Depends(article_markdown)]

"""RFC 9457 problem+json: the one shape every 4xx and 5xx answer takes."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from app.core.errors import ServiceUnavailable, SitrepError

log = logging.getLogger("sitrep")

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://sitrep.dev/problems/"


class Problem(BaseModel):
    """An error, as RFC 9457 describes it."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="URI naming the kind of problem.")
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong with this request and how to fix it.")
    instance: str | None = Field(None, description="The request path.")


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    slug: str,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    body = {
        "type": TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        **extra,
    }
    return Response(
        orjson.dumps(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


def _loc(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


async def _sitrep_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SitrepError)
    headers = exc.extra.pop("headers", None)
    return problem_response(
        exc.status,
        exc.title,
        exc.detail,
        slug=exc.slug,
        instance=request.url.path,
        headers=headers,
        **exc.extra,
    )


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": _loc(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
        for err in exc.errors()
    ]
    detail = "; ".join(f"{e['loc']}: {e['msg']}" for e in errors) or "Invalid request."
    return problem_response(
        422, "Invalid request", detail, slug="validation", instance=request.url.path, errors=errors
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"There is no resource at {request.url.path}; see /docs for the API."
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}."
    return problem_response(
        exc.status_code,
        _reason(exc.status_code),
        detail,
        slug=f"http-{exc.status_code}",
        instance=request.url.path,
        headers=dict(exc.headers) if exc.headers else None,
    )


async def _pool_exhausted(request: Request, exc: Exception) -> Response:
    """Every pooled connection stayed busy for the pool's whole timeout: the server is
    overloaded, not broken, and the request can be retried as it is."""
    log.warning("no database connection free on %s %s: %s", request.method, request.url.path, exc)
    return await _sitrep_error(
        request,
        ServiceUnavailable(
            "Every database connection stayed busy: the server is overloaded. Retry shortly.",
            headers={"Retry-After": "1"},
        ),
    )


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        500,
        "Internal error",
        "The server failed to handle this request; it has been logged.",
        slug="internal",
        instance=request.url.path,
    )


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(SitrepError, _sitrep_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(PoolTimeout, _pool_exhausted)
    app.add_exception_handler(Exception, _unexpected_error)


# For route `responses=`: documents the problem+json bodies in OpenAPI.
def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {
        400: "The request is malformed.",
        401: "No bearer token, or one that is not accepted.",
        403: "The token may not do this, or writes are not configured.",
        404: "No such resource.",
        409: "The request conflicts with the current state.",
        413: "The body is larger than the limit.",
        415: "The body's media type is not accepted.",
        422: "The request is well-formed but invalid.",
        429: "Too many requests; retry after the time given.",
    }
    return {
        status: {
            "description": descriptions.get(status, _reason(status)),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }

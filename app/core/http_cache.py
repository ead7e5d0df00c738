"""Conditional GETs: ETag, Last-Modified and Cache-Control on every read, and a 304
answered before the page query runs.

The validator is a data version read cheaply from the database (max(updated_at),
count and max(id) of `article`: index lookups; every write path sets updated_at),
hashed with the request's URL and Accept header. A dashboard polling an unchanged
timeline costs one tiny query and a 304.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated, Any

from fastapi import FastAPI, Header, Request
from fastapi.dependencies.utils import request_params_to_args
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.settings import Settings

STATE_KEY = "sitrep_cache_headers"
# Bump when a representation changes shape, so clients do not keep an old body.
REPRESENTATION_VERSION = "1"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

IfNoneMatch = Annotated[
    str | None,
    Header(
        description="ETag(s) of a copy the client has: 304 Not Modified, no body, when the "
        "answer would be the same.",
        examples=['W/"5d1f0c2a9b7e4c13a8f26e0d9b4c7a51"'],
    ),
]
IfModifiedSince = Annotated[
    str | None,
    Header(
        description="HTTP date of a copy the client has: 304 when no article was written "
        "since. Ignored when If-None-Match is sent.",
        examples=["Wed, 04 Feb 2026 08:00:00 GMT"],
    ),
]

RequestId = Annotated[
    str | None,
    Header(
        alias="X-Request-ID",
        description="Your id for this request (up to 128 of `A-Z a-z 0-9 . _ : -`), echoed in "
        "the response's X-Request-ID and written in every log line of the request; a new "
        "one is made when absent or malformed.",
        examples=["dash-7f3a9c"],
    ),
]


class NotModified(Exception):  # not an error: the 304 of a conditional GET
    def __init__(self, headers: dict[str, str]) -> None:
        super().__init__("not modified")
        self.headers = headers


def representation_key(accept: str) -> str:
    """The Accept header as a cache key: none and `*/*` ask for the same answer."""
    accept = accept.strip()
    return "" if accept in ("", "*/*") else accept


def etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    ours = etag.removeprefix("W/")  # weak comparison (RFC 9110 §13.1.2)
    return any(tag.strip().removeprefix("W/") == ours for tag in header.split(","))


def not_modified_since(header: str, last_modified: dt.datetime) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False  # an invalid date is ignored (RFC 9110 §13.1.3)
    if since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    return last_modified.replace(microsecond=0) <= since


def cache_control(settings: Settings) -> str:
    # Closed reads answer per token: no shared cache may keep them.
    visibility = "public" if getattr(settings, "reads_open", True) else "private"
    return f"{visibility}, max-age={settings.cache_max_age}, must-revalidate"


async def conditional_get(
    request: Request,
    if_none_match: IfNoneMatch = None,
    if_modified_since: IfModifiedSince = None,
    x_request_id: RequestId = None,  # read by the middleware; declared for the docs
) -> None:
    """Router dependency of every read: sets the validators, or raises NotModified.

    The version is the app's DataClock (the response cache's too): the database's,
    re-read at most every `cache_staleness_seconds`, bumped by this process's writes.
    A lagging version can only cost a client a full answer, never a wrong 304.

    `async def`, so it runs on the event loop with no thread-pool hop; only the
    version's re-read, once per staleness window, goes to the pool."""
    clock = request.app.state.data_clock
    token = await clock.current_token()
    url = request.url
    key = "\n".join(
        [
            REPRESENTATION_VERSION,
            token,
            url.path,
            "&".join(sorted(url.query.split("&"))) if url.query else "",
            representation_key(request.headers.get("accept", "")),
        ]
    )
    etag = 'W/"' + hashlib.blake2b(key.encode(), digest_size=16).hexdigest() + '"'
    last_modified = clock.last_modified() or EPOCH  # of the version just read: no query
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(last_modified.astimezone(dt.UTC), usegmt=True),
        "Cache-Control": cache_control(request.app.state.settings),
        "Vary": "Accept",
    }
    setattr(request.state, STATE_KEY, headers)
    if if_none_match is not None:
        if etag_matches(if_none_match, etag) and _parameters_valid(request):
            raise NotModified(headers)
    elif (
        if_modified_since is not None
        and not_modified_since(if_modified_since, last_modified)
        and _parameters_valid(request)
    ):
        raise NotModified(headers)


def _parameters_valid(request: Request) -> bool:
    """Would the route accept the request's path and query parameters? A precondition
    counts only where the answer without it would be 2xx (RFC 9110 §13.2.1); this
    dependency runs before FastAPI validates the endpoint's parameters, so a bad id with
    `If-None-Match: *` or a future If-Modified-Since was answered 304 instead of 422."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return True
    _, path_errors = request_params_to_args(dependant.path_params, request.path_params)
    _, query_errors = request_params_to_args(dependant.query_params, request.query_params)
    return not path_errors and not query_errors


async def _not_modified(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotModified)
    return Response(status_code=304, headers=exc.headers)


class CacheHeadersMiddleware:
    """Adds the validators set by `conditional_get` to 200 answers, whatever built
    them (a model, a streamed export)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                state: dict[str, Any] = scope.get("state") or {}
                headers = state.get(STATE_KEY)
                if headers:
                    present = {k.lower() for k, _ in message.get("headers", [])}
                    extra = [
                        (k.lower().encode(), v.encode())
                        for k, v in headers.items()
                        if k.lower().encode() not in present
                    ]
                    message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_http_cache(app: FastAPI) -> None:
    app.add_exception_handler(NotModified, _not_modified)
    app.add_middleware(CacheHeadersMiddleware)


# For route `responses=`: the headers every cached read answers with, and its 304.
CACHE_HEADERS_DOC: dict[str, Any] = {
    "ETag": {
        "description": "Validator of this answer: send it back in If-None-Match.",
        "schema": {"type": "string"},
    },
    "Last-Modified": {
        "description": "When an article was last written (HTTP date).",
        "schema": {"type": "string"},
    },
    "Cache-Control": {
        "description": "How long the answer may be reused before revalidating "
        "(SITREP_CACHE_MAX_AGE).",
        "schema": {"type": "string"},
    },
    "X-Request-ID": {
        "description": "The request's id, as sent or generated; in every log line.",
        "schema": {"type": "string"},
    },
}
NOT_MODIFIED_DOC: dict[int | str, dict[str, Any]] = {
    304: {
        "description": "Not Modified: the copy named by If-None-Match or If-Modified-Since is "
        "current. No body.",
        "headers": {k: CACHE_HEADERS_DOC[k] for k in ("ETag", "Last-Modified", "Cache-Control")},
    }
}


def install_cors(app: FastAPI, settings: Settings) -> None:
    """Browsers on the allowed origins (SITREP_CORS_ORIGINS) may read, revalidate and see
    the validators and request id; nothing is added when the list is empty."""
    if not settings.cors_origins:
        return
    from starlette.middleware.cors import CORSMiddleware

    app.add_middleware(
        CORSMiddleware,
        allow_origins=sorted(settings.cors_origins),
        allow_methods=["GET", "HEAD", "OPTIONS"],
        allow_headers=["Authorization", "If-None-Match", "If-Modified-Since", "X-Request-ID"],
        expose_headers=["ETag", "Last-Modified", "X-Request-ID", "Link"],
        max_age=600,
    )


# For APIRouter(responses=…) of the read routers: every read documents its validators,
# its 304, and its 422 as problem+json (FastAPI would otherwise document its own shape).
READ_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Successful Response", "headers": CACHE_HEADERS_DOC},
    **NOT_MODIFIED_DOC,
}

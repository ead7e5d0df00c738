"""The one error tree. Every failure the API reports is a SitrepError subclass.

Pure Python (no FastAPI): the pipeline raises these too. `app.core.problems`
turns any of them into an RFC 9457 problem+json response.
"""

from __future__ import annotations

from typing import Any, ClassVar


class SitrepError(Exception):
    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal error"
    slug: ClassVar[str] = "internal"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra  # extension members of the problem document


class BadRequest(SitrepError):
    status = 400
    title = "Bad request"
    slug = "bad-request"


class InvalidArticle(SitrepError):
    """The article text cannot be ingested (empty, not UTF-8, no body…)."""

    status = 422
    title = "Invalid article"
    slug = "invalid-article"


class ValidationFailed(SitrepError):
    status = 422
    title = "Invalid request"
    slug = "validation"


class Unauthorized(SitrepError):
    status = 401
    title = "Unauthorized"
    slug = "unauthorized"


class Forbidden(SitrepError):
    status = 403
    title = "Forbidden"
    slug = "forbidden"


class NotFound(SitrepError):
    status = 404
    title = "Not found"
    slug = "not-found"


class Conflict(SitrepError):
    status = 409
    title = "Conflict"
    slug = "conflict"


class NotAcceptable(SitrepError):
    """No representation the client accepts (its Accept header or `format=`)."""

    status = 406
    title = "Not acceptable"
    slug = "not-acceptable"


class PayloadTooLarge(SitrepError):
    status = 413
    title = "Payload too large"
    slug = "payload-too-large"


class UnsupportedMediaType(SitrepError):
    status = 415
    title = "Unsupported media type"
    slug = "unsupported-media-type"


class TooManyRequests(SitrepError):
    status = 429
    title = "Too many requests"
    slug = "rate-limited"


class ServiceUnavailable(SitrepError):
    status = 503
    title = "Service unavailable"
    slug = "unavailable"

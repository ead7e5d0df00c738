"""What ingestion remembers between requests: idempotency keys and webhook ids."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, LargeBinary
from sqlmodel import Field, SQLModel


class IdempotencyKey(SQLModel, table=True):
    """One `Idempotency-Key` a client sent, and the response it got (IETF httpapi draft).

    `scope` keeps two clients' keys apart: a hash of the token and the route.
    """

    __tablename__ = "idempotency_key"

    scope: str = Field(primary_key=True, max_length=64)
    key: str = Field(primary_key=True, max_length=255)
    request_sha256: str = Field(max_length=64)
    # null while the first request is still running: a second one then gets 409
    response_status: int | None = None
    response_body: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    created_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    expires_at: dt.datetime = Field(
        sa_column=Column(DateTime(timezone=True), nullable=False, index=True)
    )


class WebhookDelivery(SQLModel, table=True):
    """A `webhook-id` already processed; kept as long as its article exists."""

    __tablename__ = "webhook_delivery"

    webhook_id: str = Field(primary_key=True, max_length=255)
    article_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), index=True),
    )
    receipt: dict[str, object] = Field(sa_column=Column(JSON, nullable=False))
    received_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))

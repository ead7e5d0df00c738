"""SQL for idempotency keys and webhook deliveries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session, col

from app.models import IdempotencyKey, WebhookDelivery
from app.repository.base import upsert_insert


@dataclass(frozen=True, slots=True)
class StoredKey:
    request_sha256: str
    response_status: int | None
    response_body: bytes | None
    created_at: dt.datetime
    expires_at: dt.datetime


class IdempotencyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def insert_if_absent(
        self, scope: str, key: str, request_sha256: str, now: dt.datetime, expires_at: dt.datetime
    ) -> bool:
        stmt = (
            upsert_insert(self.session, IdempotencyKey)
            .values(
                scope=scope,
                key=key,
                request_sha256=request_sha256,
                created_at=now,
                expires_at=expires_at,
            )
            .on_conflict_do_nothing(index_elements=["scope", "key"])
            .returning(col(IdempotencyKey.key))
        )
        return self.session.scalars(stmt).one_or_none() is not None

    def get(self, scope: str, key: str) -> StoredKey | None:
        row = self.session.execute(
            select(
                col(IdempotencyKey.request_sha256),
                col(IdempotencyKey.response_status),
                col(IdempotencyKey.response_body),
                col(IdempotencyKey.created_at),
                col(IdempotencyKey.expires_at),
            )
            .where(col(IdempotencyKey.scope) == scope, col(IdempotencyKey.key) == key)
            .with_for_update()
        ).one_or_none()
        return StoredKey(*row) if row else None

    def restart(
        self, scope: str, key: str, request_sha256: str, now: dt.datetime, expires_at: dt.datetime
    ) -> None:
        """Take over an expired or abandoned key for a new request."""
        self.session.execute(
            update(IdempotencyKey)
            .where(col(IdempotencyKey.scope) == scope, col(IdempotencyKey.key) == key)
            .values(
                request_sha256=request_sha256,
                response_status=None,
                response_body=None,
                created_at=now,
                expires_at=expires_at,
            )
        )

    def complete(self, scope: str, key: str, status: int, body: bytes) -> None:
        self.session.execute(
            update(IdempotencyKey)
            .where(col(IdempotencyKey.scope) == scope, col(IdempotencyKey.key) == key)
            .values(response_status=status, response_body=body)
        )

    def release(self, scope: str, key: str) -> None:
        self.session.execute(
            delete(IdempotencyKey).where(
                col(IdempotencyKey.scope) == scope, col(IdempotencyKey.key) == key
            )
        )

    def purge_expired(self, now: dt.datetime) -> int:
        result = self.session.execute(
            delete(IdempotencyKey).where(col(IdempotencyKey.expires_at) < now)
        )
        return int(getattr(result, "rowcount", 0) or 0)


class WebhookRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def claim(self, webhook_id: str, now: dt.datetime) -> bool:
        """Record a delivery id; False when it was recorded before (a re-delivery).

        On PostgreSQL a concurrent delivery of the same id waits here for the first
        to commit; on SQLite the write lock taken at BEGIN already serialises them.
        """
        stmt = (
            upsert_insert(self.session, WebhookDelivery)
            .values(webhook_id=webhook_id, receipt={}, received_at=now)
            .on_conflict_do_nothing(index_elements=["webhook_id"])
            .returning(col(WebhookDelivery.webhook_id))
        )
        return self.session.scalars(stmt).one_or_none() is not None

    def receipt(self, webhook_id: str) -> dict[str, Any] | None:
        return self.session.scalars(
            select(col(WebhookDelivery.receipt)).where(
                col(WebhookDelivery.webhook_id) == webhook_id
            )
        ).one_or_none()

    def complete(self, webhook_id: str, article_id: int, receipt: dict[str, Any]) -> None:
        self.session.execute(
            update(WebhookDelivery)
            .where(col(WebhookDelivery.webhook_id) == webhook_id)
            .values(article_id=article_id, receipt=receipt)
        )

"""Idempotency-Key (IETF httpapi draft) for the POST endpoints.

The key is claimed in its own short transaction before the work starts, so a
concurrent request with the same key sees it and gets 409. The response is stored
in the request's own transaction, together with the work it describes: either both
are committed or neither is, and a failed request releases the key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

import orjson
from fastapi import Depends, Header, Request, Response
from pydantic import BaseModel
from sqlmodel import Session

from app.core.deps import TransactionsDep
from app.core.errors import BadRequest, Conflict, ValidationFailed
from app.core.security import IngestAccess
from app.ingest.body import RawBody, media_type
from app.repository.ingest_state import IdempotencyRepository

# A claim older than this whose request never finished (the process died) is abandoned.
ABANDONED_AFTER = dt.timedelta(minutes=2)
REPLAYED_HEADER = "Idempotent-Replayed"


@dataclass
class IdempotencyClaim:
    scope: str = ""
    key: str | None = None
    replay: Response | None = None

    def complete(self, session: Session, status: int, model: BaseModel) -> None:
        """Store the response, in the same transaction as the work it reports."""
        if self.key is None:
            return
        body = orjson.dumps(model.model_dump(mode="json"))
        IdempotencyRepository(session).complete(self.scope, self.key, status, body)


def _validate_key(key: str) -> str:
    if not 1 <= len(key) <= 255 or not key.isascii() or not key.isprintable():
        raise BadRequest(
            "Idempotency-Key must be 1 to 255 printable ASCII characters (a UUID is ideal)."
        )
    return key


def claim_idempotency_key(
    request: Request,
    caller: IngestAccess,
    body: RawBody,
    transactions: TransactionsDep,
    idempotency_key: Annotated[
        str | None,
        Header(
            description="Makes a retry safe: the same key with the same body replays the "
            "first response (header Idempotent-Replayed: true); with another body it is "
            "refused (422); while the first request still runs, 409. Kept at least 24 hours.",
            examples=["5f1b7c1e-2d1a-4a53-9d1e-8f2a4b1f0c2d"],
        ),
    ] = None,
) -> Iterator[IdempotencyClaim]:
    if idempotency_key is None:
        yield IdempotencyClaim()
        return
    key = _validate_key(idempotency_key)
    scope = hashlib.sha256(f"{caller.token_id} {request.url.path}".encode()).hexdigest()
    # The media type is part of the request: the same bytes as JSON and as NDJSON are
    # two different batches, and must not replay each other's response.
    fingerprint = hashlib.sha256(media_type(request).encode() + b"\n" + body).hexdigest()
    now = dt.datetime.now(dt.UTC)
    expires = now + dt.timedelta(hours=request.app.state.settings.idempotency_ttl_hours)
    replay: Response | None = None
    with transactions(write=True) as session:
        repo = IdempotencyRepository(session)
        if not repo.insert_if_absent(scope, key, fingerprint, now, expires):
            stored = repo.get(scope, key)
            assert stored is not None
            abandoned = stored.response_status is None and (
                _aware(stored.created_at) < now - ABANDONED_AFTER
            )
            if _aware(stored.expires_at) < now or abandoned:
                repo.restart(scope, key, fingerprint, now, expires)
            elif stored.request_sha256 != fingerprint:
                raise ValidationFailed(
                    "This Idempotency-Key was used with a different body; use a new key for a "
                    "new request."
                )
            elif stored.response_status is None:
                raise Conflict(
                    "A request with this Idempotency-Key is still being processed; retry later.",
                    headers={"Retry-After": "1"},
                )
            else:
                replay = Response(
                    stored.response_body,
                    status_code=stored.response_status,
                    media_type="application/json",
                    headers={REPLAYED_HEADER: "true"},
                )
    # Outside the claim's transaction: the endpoint must not run while it holds a lock.
    if replay is not None:
        yield IdempotencyClaim(replay=replay)
        return
    try:
        yield IdempotencyClaim(scope=scope, key=key)
    except BaseException:
        with transactions(write=True) as session:
            IdempotencyRepository(session).release(scope, key)
        raise


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes for what was stored as UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


Idempotency = Annotated[IdempotencyClaim, Depends(claim_idempotency_key, scope="function")]

"""Bearer tokens for writes."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.core.errors import Forbidden, Unauthorized
from app.core.settings import Settings

# auto_error=False: we answer a missing token ourselves, as problem+json.
_bearer = HTTPBearer(auto_error=False, description="An ingest token from SITREP_INGEST_TOKENS.")


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def _matches(token: str, allowed: frozenset[str]) -> bool:
    # compare_digest on every candidate: no early exit that leaks which prefix matched
    found = False
    for candidate in allowed:
        found |= hmac.compare_digest(token.encode(), candidate.encode())
    return found


def require_ingest_token(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    if not settings.ingest_tokens:
        raise Forbidden(
            "Writes are disabled because no ingest token is configured: set "
            "SITREP_INGEST_TOKENS to one or more comma-separated secrets and send one as "
            "`Authorization: Bearer <token>`."
        )
    if credentials is None:
        raise Unauthorized(
            "This endpoint needs `Authorization: Bearer <token>` with an ingest token.",
            headers={"WWW-Authenticate": 'Bearer realm="sitrep"'},
        )
    if not _matches(credentials.credentials, settings.ingest_tokens):
        raise Unauthorized(
            "The bearer token is not an ingest token of this server.",
            headers={"WWW-Authenticate": 'Bearer realm="sitrep", error="invalid_token"'},
        )
    return credentials.credentials


IngestToken = Annotated[str, Depends(require_ingest_token)]

"""Bearer tokens, their scopes, and a per-token rate limit."""

from __future__ import annotations

import hashlib
import hmac
import math
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from limits import parse

from app.core.errors import Forbidden, TooManyRequests, Unauthorized
from app.core.settings import Settings

Scope = Literal["read", "ingest", "admin"]

# auto_error=False: we answer a missing token ourselves, as problem+json.
_bearer = HTTPBearer(auto_error=False, description="A token from SITREP_*_TOKENS.")


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling: a hash of the token (never the token itself) and its scopes."""

    token_id: str
    scopes: frozenset[Scope]


# The dependencies here are `async def`: they only compute, and FastAPI runs a plain
# `def` dependency in the thread pool, a hop that cost more than the work.
async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def _in(token: str, allowed: frozenset[str]) -> bool:
    # compare_digest against every candidate: no early exit that leaks timing
    found = False
    for candidate in allowed:
        found |= hmac.compare_digest(token.encode(), candidate.encode())
    return found


def scopes_of(token: str, settings: Settings) -> frozenset[Scope]:
    if _in(token, settings.admin_tokens):
        return frozenset({"admin", "ingest", "read"})
    if _in(token, settings.ingest_tokens):
        return frozenset({"ingest", "read"})
    if _in(token, settings.read_tokens):
        return frozenset({"read"})
    return frozenset()


_CONFIG_HINT = {
    "ingest": "SITREP_INGEST_TOKENS",
    "admin": "SITREP_ADMIN_TOKENS",
    "read": "SITREP_READ_TOKENS",
}


def _configured(scope: Scope, settings: Settings) -> bool:
    tokens = settings.admin_tokens
    if scope in ("ingest", "read"):
        tokens = tokens | settings.ingest_tokens
    if scope == "read":
        tokens = tokens | settings.read_tokens
    return bool(tokens)


class RateLimiter:
    """At most `rate` requests per token in any moving window, in this process (one
    limiter per app): the times of each token's requests in the window, in a deque.

    The notation is `limits`' ("1200/minute"); its in-memory storage is not used: it
    expires entries from a threading.Timer that lives 10 ms, so every request that
    came more than 10 ms after the previous one started a thread and waited for it to
    run, 0.3-0.6 ms on the event loop (see bench/README.md, "Third pass").
    """

    _FORGET_EVERY = 4096  # checks between sweeps of tokens idle for a whole window

    def __init__(self, rate: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.item = parse(rate)
        self._limit = self.item.amount
        self._window = float(self.item.get_expiry())
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._checks = 0

    def check(self, token_id: str) -> None:
        now = self._clock()
        start = now - self._window  # hits at or before this have left the window
        with self._lock:
            hits = self._hits.get(token_id)
            if hits is None:
                hits = self._hits[token_id] = deque()
            while hits and hits[0] <= start:
                hits.popleft()
            if len(hits) < self._limit:
                hits.append(now)
                self._checks += 1
                if self._checks % self._FORGET_EVERY == 0:
                    self._forget_idle(start)
                return
            retry_after = max(1, math.ceil(hits[0] - start))
        raise TooManyRequests(
            f"This token is over its rate limit of {self.item}; retry in {retry_after} s.",
            headers={"Retry-After": str(retry_after)},
        )

    def tracked_tokens(self) -> int:
        return len(self._hits)

    def _forget_idle(self, start: float) -> None:
        for token_id, hits in list(self._hits.items()):
            if not hits or hits[-1] <= start:
                del self._hits[token_id]


def require(scope: Scope) -> Callable[..., Awaitable[Caller]]:
    async def dependency(
        request: Request,
        settings: SettingsDep,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Caller:
        if scope == "read" and settings.reads_open:
            return Caller(token_id="anonymous", scopes=frozenset({"read"}))
        if not _configured(scope, settings):
            raise Forbidden(
                f"This needs a {scope} token and none is configured: set {_CONFIG_HINT[scope]} "
                "to one or more comma-separated secrets and send one as "
                "`Authorization: Bearer <token>`."
            )
        if credentials is None:
            raise Unauthorized(
                f"This endpoint needs `Authorization: Bearer <token>` with a {scope} token.",
                headers={"WWW-Authenticate": 'Bearer realm="sitrep"'},
            )
        scopes = scopes_of(credentials.credentials, settings)
        if not scopes:
            raise Unauthorized(
                "The bearer token is not a token of this server.",
                headers={"WWW-Authenticate": 'Bearer realm="sitrep", error="invalid_token"'},
            )
        if scope not in scopes:
            raise Forbidden(f"This token may not do this: it needs the {scope} scope.")
        caller = Caller(
            token_id=hashlib.sha256(credentials.credentials.encode()).hexdigest()[:32],
            scopes=scopes,
        )
        request.app.state.rate_limiter.check(caller.token_id)
        return caller

    return dependency


ReadAccess = Annotated[Caller, Depends(require("read"))]
IngestAccess = Annotated[Caller, Depends(require("ingest"))]
AdminAccess = Annotated[Caller, Depends(require("admin"))]

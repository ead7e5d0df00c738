"""Answers served again, unchanged, until the data changes.

Dashboards poll the same few URLs every few seconds, and an answer only changes when
an article is written. So a GET on a read route is keyed by (data version, path,
query, Accept) and its bytes are kept: the next identical request is answered from
memory without routing, validation, SQL or serialisation — or with a 304 when the
client already holds that ETag.

The data version is the database's (`ReportRepository.data_version`), re-read at
most every `cache_staleness_seconds`, plus a counter this process bumps after each
of its own writes commits: a client reads its own writes at once; a write by another
process (a second worker, `sitrep ingest`) shows within the staleness bound.
Only open reads are cached (a closed read must check its token every time).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.http_cache import etag_matches, not_modified_since, representation_key
from app.repository.reports import DataVersion

CACHEABLE_PREFIXES = ("/sitreps", "/timeline", "/themes", "/articles", "/figures")
MAX_ENTRY_BYTES = 1 << 20  # a bigger answer (a long export) is streamed, never kept
CLAIM_TIMEOUT_S = 5.0  # a re-read of the data version claimed longer ago is taken over


class DataClock:
    """The version of the data this process serves: the ETag's and the cache key's
    token, and the Last-Modified of every read."""

    def __init__(self, read_version: Callable[[], DataVersion], staleness: float) -> None:
        self.read_version = read_version
        self.staleness = staleness
        self._local = 0
        self._local_at: dt.datetime | None = None
        self._remote: DataVersion | None = None
        self._read_at = 0.0
        self._refreshing = False
        self._claimed_at = 0.0
        self._lock = threading.Lock()

    def bump(self) -> None:
        """Called after this process commits a write."""
        with self._lock:
            self._local += 1
            self._local_at = dt.datetime.now(dt.UTC)

    def cached_token(self) -> str | None:
        """The token without touching the database, or None when the caller must call
        `refreshed_token()` off the event loop: there is no version yet, or it is stale
        and this caller now holds its one re-read (single flight: the others keep the
        last version meanwhile).

        The claim is taken here, on the event loop: were it taken by the re-read in the
        thread pool, every request arriving before that thread ran would see a stale
        version nobody re-reads and go to the pool too, a burst that made the p99."""
        remote = self._remote
        if remote is not None and (not self._stale() or not self._claim()):
            return self._format(remote)
        return None

    def token(self) -> str:
        """The token, re-reading the database's version when it is stale (blocking)."""
        return self._format(self._current())

    async def current_token(self) -> str:
        """The token, for a caller on the event loop: no database work there; only the
        caller that claims a stale version's re-read goes to the thread pool for it (a
        wait for a pooled connection on the loop would stall every request)."""
        token = self.cached_token()
        if token is None:
            token = await run_in_threadpool(self.refreshed_token)
        return token

    def refreshed_token(self) -> str:
        """The token from a new read of the database's version (blocking): for the
        caller `cached_token()` gave None."""
        return self._format(self._reread())

    def last_modified(self) -> dt.datetime | None:
        """The database's last write as last read (no query: call it after a token),
        or this process's own later one."""
        remote = self._remote.last_modified if self._remote is not None else None
        local = self._local_at
        if local is None or (remote is not None and remote >= local):
            return remote
        return local

    def _format(self, remote: DataVersion) -> str:
        return f"{remote.token}#{self._local}"

    def _stale(self) -> bool:
        return time.monotonic() - self._read_at >= self.staleness

    def _claim(self) -> bool:
        """Take the one re-read of a stale version; False if another caller has it.
        A claim older than CLAIM_TIMEOUT_S is taken over: its holder never ran (a
        request cancelled before its turn in the thread pool) or hangs."""
        now = time.monotonic()
        with self._lock:
            if self._refreshing and now - self._claimed_at < CLAIM_TIMEOUT_S:
                return False
            self._refreshing, self._claimed_at = True, now
            return True

    def _current(self) -> DataVersion:
        remote = self._remote
        if remote is not None and (not self._stale() or not self._claim()):
            return remote
        if remote is None:
            self._claim()  # the first reads all read: there is nothing to give them
        return self._reread()

    def _reread(self) -> DataVersion:
        try:
            remote = self.read_version()
            with self._lock:
                self._remote, self._read_at = remote, time.monotonic()
        finally:
            self._refreshing = False
        return remote


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: str | None
    last_modified: str | None
    route: Any  # the Starlette route that built it


class ResponseCache:
    """A bounded LRU of answers, by key."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[str, CachedAnswer] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> CachedAnswer | None:
        with self._lock:
            answer = self._entries.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: str, answer: CachedAnswer) -> None:
        with self._lock:
            self._entries[key] = answer
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


def _not_modified(scope: Scope, answer: CachedAnswer) -> bool:
    """The conditional-GET rules of app.core.http_cache, on a kept answer."""
    if_none_match = _header(scope, b"if-none-match")
    if if_none_match:
        return bool(answer.etag) and etag_matches(if_none_match, answer.etag or "")
    if_modified_since = _header(scope, b"if-modified-since")
    if if_modified_since and answer.last_modified:
        try:
            last_modified = parsedate_to_datetime(answer.last_modified)
        except (TypeError, ValueError, IndexError):
            return False
        return not_modified_since(if_modified_since, last_modified)
    return False


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return ""


class ResponseCacheMiddleware:
    def __init__(self, app: ASGIApp, *, state: Any) -> None:
        self.app = app
        self.state = state  # the FastAPI app's state: settings, data_clock, response_cache

    def _cacheable(self, scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return False
        if not scope["path"].startswith(CACHEABLE_PREFIXES):
            return False
        settings = self.state.settings
        return bool(settings.reads_open and settings.cache_entries > 0)

    async def _key(self, scope: Scope) -> str:
        clock: DataClock = self.state.data_clock
        token = await clock.current_token()
        query = scope.get("query_string", b"").decode("latin-1")
        ordered = "&".join(sorted(query.split("&"))) if query else ""
        accept = representation_key(_header(scope, b"accept"))
        return f"{token}\n{scope['path']}\n{ordered}\n{accept}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, self._bump_on_success(send))
            return
        if not self._cacheable(scope):
            await self.app(scope, receive, send)
            return
        key = await self._key(scope)
        cache: ResponseCache = self.state.response_cache
        answer = cache.get(key)
        if answer is not None:
            await self._replay(scope, answer, send)
            return
        await self._fill(scope, receive, send, key, cache)

    def _bump_on_success(self, send: Send) -> Send:
        """A write answered with success has committed (the session commits before the
        response starts): answers kept for the old data must not be served again."""

        async def bumping(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 400:
                self.state.data_clock.bump()
            await send(message)

        return bumping

    async def _replay(self, scope: Scope, answer: CachedAnswer, send: Send) -> None:
        if answer.route is not None:
            scope["route"] = answer.route  # metrics and logs name the route as usual
        if _not_modified(scope, answer):
            kept = [
                (k, v) for k, v in answer.headers if k not in (b"content-length", b"content-type")
            ]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        body = b"" if scope["method"] == "HEAD" else answer.body
        await send(
            {"type": "http.response.start", "status": answer.status, "headers": answer.headers}
        )
        await send({"type": "http.response.body", "body": body})

    async def _fill(
        self, scope: Scope, receive: Receive, send: Send, key: str, cache: ResponseCache
    ) -> None:
        # Copied as they leave us: middleware outside (CORS, request id) adds its
        # per-request headers to the same message afterwards.
        start_headers: list[tuple[bytes, bytes]] | None = None
        chunks: list[bytes] = []
        size = 0
        keep = scope["method"] == "GET"

        async def capture(message: Message) -> None:
            nonlocal start_headers, size, keep
            if message["type"] == "http.response.start":
                start_headers = list(message.get("headers", []))
                keep = keep and message["status"] == 200
            elif message["type"] == "http.response.body" and keep:
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > MAX_ENTRY_BYTES:
                    keep = False
                    chunks.clear()
                else:
                    chunks.append(chunk)
                if not message.get("more_body", False) and keep and start_headers is not None:
                    headers = start_headers
                    found = {k: v.decode("latin-1") for k, v in headers}
                    cache.put(
                        key,
                        CachedAnswer(
                            status=200,
                            headers=headers,
                            body=b"".join(chunks),
                            etag=found.get(b"etag"),
                            last_modified=found.get(b"last-modified"),
                            route=scope.get("route"),
                        ),
                    )
            await send(message)

        await self.app(scope, receive, capture)

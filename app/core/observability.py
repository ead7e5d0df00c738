"""Request ids, JSON logs and Prometheus metrics.

Every request gets an id (the client's X-Request-ID when it is sane, else a new one),
echoed in the response and attached to every log line written while it is handled.
Metrics live in a registry per app, so several apps in one process (tests) do not
collide; with several worker processes, each exposes its own (scrape them all, or set
up prometheus_client's multiprocess mode).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import re
import time
import uuid
from typing import Any

import orjson
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
)
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.settings import Settings

REQUEST_ID_HEADER = "X-Request-ID"
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_SANE_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
access_log = logging.getLogger("sitrep.access")
log = logging.getLogger("sitrep")
disable_created_metrics()  # the *_created series only double the scrape


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "sitrep_http_requests",
            "HTTP requests answered, by method, route template and status code.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "sitrep_http_request_duration_seconds",
            "Time to answer an HTTP request (to the end of its body), by route template.",
            ["method", "route"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )
        self.ingests = Counter(
            "sitrep_ingests",
            "Articles ingested, by outcome: created, updated, unchanged, rejected.",
            ["status"],
            registry=self.registry,
        )
        self.passages = Gauge(
            "sitrep_passages",
            "Passages with each theme in live articles (read at scrape time).",
            ["theme"],
            registry=self.registry,
        )
        self.articles = Gauge(
            "sitrep_articles", "Articles stored (read at scrape time).", registry=self.registry
        )

    def record_ingest(self, status: str) -> None:
        self.ingests.labels(status).inc()


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    if route is not None and getattr(route, "path", None):
        return str(route.path)
    # Not routed (404, or failed before routing): one label, not one per URL.
    app = scope.get("app")
    for candidate in getattr(getattr(app, "router", None), "routes", []):
        path = getattr(candidate, "path", None)
        if path and candidate.matches(scope)[0] != Match.NONE:
            return str(path)  # a CORS preflight, a 405
    return "unmatched"


class RequestContextMiddleware:
    """Outermost: request id in and out, one access log line, request metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k == b"x-request-id"), ""
        )
        request_id = incoming if _SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        started_response = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started_response
            if message["type"] == "http.response.start":
                status, started_response = message["status"], True
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Answered here rather than by Starlette's outermost error middleware, so the
            # 500 carries the request id and its log line does too.
            log.exception("unhandled error on %s %s", scope["method"], scope["path"])
            if started_response:
                raise  # mid-stream: the server can only drop the connection
            from app.core.problems import problem_response

            response = problem_response(
                500,
                "Internal error",
                "The server failed to handle this request; it has been logged with "
                f"request id {request_id}.",
                slug="internal",
                instance=scope["path"],
            )
            await response(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_template(scope)
            method = scope["method"]
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route).observe(elapsed)
            access_log.info(
                "%s %s %s",
                method,
                scope["path"],
                status,
                extra={
                    "method": method,
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )
            request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, and any
    `extra=` fields; exceptions as text in `exc_info`."""

    def __init__(self) -> None:
        super().__init__()
        self._second = -1
        self._second_text = ""

    def _time(self, created: float) -> str:
        """ISO 8601 UTC to the millisecond; the part up to the second is formatted once
        per second (datetime formatting was a tenth of an access line's cost)."""
        second = int(created)
        if second != self._second:
            stamp = dt.datetime.fromtimestamp(second, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
            self._second, self._second_text = second, stamp
        return f"{self._second_text}.{int((created - second) * 1000):03d}+00:00"

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self._time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        fields = record.__dict__
        if fields.keys() - _STANDARD:  # `extra=` fields, in the order given
            for key, value in fields.items():
                if key not in _STANDARD and not key.startswith("_"):
                    entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


def configure_logging(settings: Settings) -> None:
    """The root handler and uvicorn's loggers write through one formatter, each line
    with the request id. Idempotent: create_app may run more than once."""
    # What no line here shows is not gathered (the logging HOWTO's "Optimization"):
    # the caller's frame, thread and process names cost a third of an access line.
    logging._srcfile = None  # type: ignore[attr-defined]
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        JsonFormatter()
        if settings.log_json
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
    )
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_sitrep", False)]:
        root.removeHandler(old)
    handler._sitrep = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    # uvicorn's own handlers would print plain text without the request id
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers = []
        logger.propagate = True
    # our access line (with route, status, duration, request id) replaces uvicorn's
    logging.getLogger("uvicorn.access").disabled = True


def render_metrics(metrics: Metrics, session: Any) -> bytes:
    """The Prometheus text exposition; the database gauges are read now (two grouped
    counts over indexed columns), so they are as fresh as the scrape."""
    from prometheus_client import generate_latest
    from sqlalchemy.exc import SQLAlchemyError

    from app.pipeline.types import THEMES
    from app.repository.reports import ReportRepository

    try:
        repo = ReportRepository(session)
        counts = repo.passages_per_theme()
        metrics.articles.set(repo.data_version().articles)
        for theme in THEMES:
            metrics.passages.labels(theme).set(counts.get(theme, 0))
    except SQLAlchemyError:
        # the request metrics are still worth serving; /readyz reports the database
        logging.getLogger("sitrep").warning("metrics: the database did not answer")
    return generate_latest(metrics.registry)

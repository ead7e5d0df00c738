"""create_app(): settings, lifespan (engine), routers, error handlers."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from anyio import to_thread
from fastapi import Depends, FastAPI

from app import ops
from app.core.db import WalCheckpointer, make_engine, transaction
from app.core.http_cache import install_cors, install_http_cache
from app.core.migrations import upgrade_to_head
from app.core.observability import Metrics, RequestContextMiddleware, configure_logging
from app.core.problems import Problem, install_problem_handlers
from app.core.response_cache import DataClock, ResponseCache, ResponseCacheMiddleware
from app.core.security import RateLimiter, require
from app.core.settings import Settings
from app.dashboard import install_dashboard
from app.ingest.prepare import pipeline_pool
from app.ingest.reparse import ReparseJobs
from app.ingest.router import router as ingest_router
from app.ingest.webhooks import make_verifiers
from app.query.facts_router import router as facts_router
from app.query.reports_router import router as reports_router
from app.query.router import router as query_router
from app.repository.reports import DataVersion, ReportRepository

DESCRIPTION = """\
Sitrep turns scraped war-news articles into daily situation reports, one timeline per
theme. Scrapers push article markdown; each passage is tagged with zero or more of six
themes (`front_lines`, `air_strikes`, `humanitarian`, `energy`, `diplomacy`, `economy`);
clients read per-theme timelines by date range.

Every error is `application/problem+json` (RFC 9457). Writes need
`Authorization: Bearer <token>`.

Reads answer JSON by default; `/sitreps` also CSV, NDJSON (both streamed) and Atom,
`/sitreps/{date}` and `/timeline` also CSV and NDJSON, chosen by `format=` or `Accept`
(406 when none can be served). Every read carries `ETag`, `Last-Modified` and
`Cache-Control`: send `If-None-Match` (or `If-Modified-Since`) back for a `304 Not
Modified` while nothing changed. Every response carries `X-Request-ID` (the client's, when
it sends one of at most 128 characters `A-Z a-z 0-9 . _ : -`, else a new one), also
found in every log line written for that request.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # the limiter belongs to the event loop: set from inside it, at start-up
        to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        checkpoints = settings.is_sqlite and settings.sqlite_checkpoint_seconds > 0
        engine = make_engine(settings, background_checkpoints=checkpoints)
        if settings.should_auto_migrate:
            upgrade_to_head(engine)
        app.state.engine = engine
        app.state.wal_checkpointer = checkpointer = (
            WalCheckpointer(engine, settings.sqlite_checkpoint_seconds).start()
            if checkpoints
            else None
        )
        # the pipeline of ingested articles runs in these processes (app/ingest/prepare.py)
        app.state.pipeline_pool = pipeline_pool(settings.pipeline_workers)
        # Everything loaded so far (rules, gazetteer, routes) lives as long as the
        # process: out of the collector's sight, a full collection no longer walks
        # ~140k objects (50-150 ms: the p99 of cached reads). Thawed at shutdown, so
        # an app started and stopped in-process (tests) leaves nothing uncollectable.
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()
            if app.state.pipeline_pool is not None:
                app.state.pipeline_pool.shutdown(wait=True, cancel_futures=True)
            if checkpointer is not None:
                checkpointer.stop()
            engine.dispose()

    app = FastAPI(
        title="Sitrep",
        version="0.1.0",
        summary="Per-theme situation reports from scraped war news.",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.rate_limiter = RateLimiter(settings.rate_limit)
    app.state.webhook_verifiers = make_verifiers(settings.webhook_secret)
    app.state.reparse_jobs = ReparseJobs()
    install_problem_handlers(app)
    configure_logging(settings)
    app.state.metrics = Metrics()
    # added innermost first: request ids and metrics wrap CORS, which wraps cache headers
    install_http_cache(app)
    app.state.data_clock = DataClock(
        partial(_data_version, app), staleness=settings.cache_staleness_seconds
    )
    app.state.response_cache = ResponseCache(settings.cache_entries)
    app.add_middleware(ResponseCacheMiddleware, state=app.state)  # inside CORS: per origin
    install_cors(app, settings)
    app.add_middleware(RequestContextMiddleware, metrics=app.state.metrics)
    app.include_router(ingest_router)
    app.include_router(query_router, dependencies=[Depends(require("read"))])
    app.include_router(facts_router, dependencies=[Depends(require("read"))])
    app.include_router(reports_router, dependencies=[Depends(require("read"))])
    app.include_router(ops.router)
    install_dashboard(app)
    _register_problem_schema(app)
    return app


def _data_version(app: FastAPI) -> DataVersion:
    with transaction(app.state.engine) as session:
        return ReportRepository(session).data_version()


def _register_problem_schema(app: FastAPI) -> None:
    """Name the Problem schema in components, which problem+json responses reference."""
    original = app.openapi

    def openapi() -> dict[str, object]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("Problem", Problem.model_json_schema())
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


app = create_app()

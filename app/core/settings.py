"""All configuration, from `SITREP_*` environment variables (or a `.env` file)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from limits import parse
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

CommaList = Annotated[frozenset[str], NoDecode]
SpaceList = Annotated[tuple[str, ...], NoDecode]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SITREP_", env_file=".env", extra="ignore", frozen=True
    )

    database_url: str = Field(
        "sqlite:///./sitrep.db",
        description="SQLAlchemy URL: sqlite:///path.db or postgresql://user@host/db.",
    )
    auto_migrate: bool | None = Field(
        None,
        description="Bring the schema to head at start-up. Default: on for SQLite, off "
        "otherwise (run `sitrep db upgrade` in production).",
    )
    ingest_tokens: CommaList = Field(
        frozenset(), description="Bearer tokens allowed to write, comma-separated."
    )
    admin_tokens: CommaList = Field(
        frozenset(), description="Bearer tokens allowed to delete and reparse (and write)."
    )
    read_tokens: CommaList = Field(
        frozenset(), description="Bearer tokens allowed to read when reads are closed."
    )
    reads_open: bool = Field(True, description="Reads need no token.")
    webhook_secret: SpaceList = Field(
        (),
        description="Standard Webhooks secrets (whsec_…), space-separated: several while a "
        "secret is rotated.",
    )
    max_article_bytes: int = Field(
        5 * 1024 * 1024, description="Largest article body accepted, in bytes."
    )
    max_batch_bytes: int = Field(10 * 1024 * 1024, description="Largest batch body, in bytes.")
    max_batch_items: int = Field(500, description="Most articles in one batch.")
    pipeline_workers: int | None = Field(
        None,
        ge=0,
        description="Processes that run the pipeline of ingested articles (POST /articles, "
        "/articles/batch, webhooks; `sitrep ingest`) in parallel, beside the process that "
        "serves requests and writes rows. Default: one per CPU; 0 runs it in that process.",
    )
    worker_threads: int = Field(
        40,
        ge=1,
        le=1000,
        description="Threads that run the blocking part of requests (queries, writes): "
        "anyio's pool, 40 as anyio has it. The work is Python under one GIL, so fewer "
        "threads take fewer turns at it: 16 halved the p99 of fresh reads at 32 concurrent "
        "requests in some runs, but not in all (bench/README.md, eighth pass).",
    )
    db_pool_size: int | None = Field(
        None,
        ge=1,
        le=1000,
        description="Database connections the server keeps open. Default: 5 on SQLite "
        "(each holds its own page cache), 10 on PostgreSQL.",
    )
    db_pool_overflow: int | None = Field(
        None,
        ge=0,
        le=1000,
        description="Connections opened beyond `db_pool_size` when all are busy, and "
        "closed once returned. Default: 10 on SQLite, 20 on PostgreSQL.",
    )
    db_pool_timeout_seconds: float = Field(
        30,
        gt=0,
        description="How long a request waits for a free connection before it is answered "
        "503 with Retry-After.",
    )
    idempotency_ttl_hours: int = Field(24, ge=24, description="How long Idempotency-Keys last.")
    rate_limit: str = Field(
        "1200/minute",
        description="Requests allowed per token, in the `limits` notation (e.g. 100/second).",
    )
    echo_sql: bool = False
    cors_origins: CommaList = Field(
        frozenset(),
        description="Origins allowed to read from a browser (CORS), comma-separated, e.g. "
        "`https://dash.example.org`; `*` allows any. Empty: no CORS headers.",
    )
    cache_max_age: int = Field(
        0,
        ge=0,
        description="Seconds a client may reuse a GET answer without asking again; after "
        "that it revalidates with If-None-Match (a 304 when nothing changed).",
    )
    cache_entries: int = Field(
        2048,
        ge=0,
        description="Read answers kept in memory, served again until the data changes "
        "(0 turns the response cache off).",
    )
    cache_staleness_seconds: float = Field(
        0.5,
        ge=0,
        description="How often the response cache re-reads the database's data version, "
        "so writes by other processes show within this bound (this process's own writes "
        "show at once).",
    )
    sqlite_checkpoint_seconds: float = Field(
        1.0,
        ge=0,
        description="SQLite: the server checkpoints the write-ahead log from a thread of "
        "its own this often, rather than in the commit of whichever write fills it (which "
        "then holds every other writer up). 0: SQLite's own checkpoints at commit.",
    )
    log_json: bool = Field(True, description="Log one JSON object per line (else plain text).")
    log_level: str = Field("INFO", description="Root log level: DEBUG, INFO, WARNING, …")

    @field_validator("ingest_tokens", "admin_tokens", "read_tokens", "cors_origins", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(t.strip() for t in value.split(",") if t.strip())
        return value

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _split_spaces(cls, value: object) -> object:
        return tuple(value.split()) if isinstance(value, str) else value

    @field_validator("rate_limit")
    @classmethod
    def _a_rate(cls, value: str) -> str:
        try:
            amount = parse(value).amount
        except ValueError as exc:
            raise ValueError(f"{exc}: write it like 100/second or 1200/minute") from None
        if amount < 1:
            raise ValueError("a rate limit must allow at least one request")
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def should_auto_migrate(self) -> bool:
        return self.is_sqlite if self.auto_migrate is None else self.auto_migrate


@lru_cache
def get_settings() -> Settings:
    return Settings()

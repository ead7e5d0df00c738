"""All configuration, from `SITREP_*` environment variables (or a `.env` file)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

CommaList = Annotated[frozenset[str], NoDecode]


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
    max_article_bytes: int = Field(
        5 * 1024 * 1024, description="Largest article body accepted, in bytes."
    )
    echo_sql: bool = False

    @field_validator("ingest_tokens", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(t.strip() for t in value.split(",") if t.strip())
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

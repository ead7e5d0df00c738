"""Articles, their revisions (raw markdown as received) and their tagged passages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, LargeBinary, false
from sqlmodel import Field, SQLModel

from app.models.types import UTCDateTime


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _timestamp(**kwargs: Any) -> Any:
    return Field(sa_column=Column(UTCDateTime(), **kwargs))


class Article(SQLModel, table=True):
    """One story, identified by its canonical URL; its latest revision's metadata."""

    id: int | None = Field(default=None, primary_key=True)
    canonical_url: str = Field(unique=True, max_length=2048)
    url: str | None = Field(default=None, max_length=2048)  # as the scraper sent it
    source: str | None = Field(default=None, max_length=255, index=True)  # outlet domain
    title: str | None = None
    description: str | None = None
    date: dt.date = Field(index=True)
    date_source: str = Field(max_length=16)
    word_count: int | None = None
    not_article: bool = False
    revision: int = 1
    raw_sha256: str = Field(max_length=64)
    content_sha256: str = Field(max_length=64)
    parser_version: str = Field(max_length=32)
    warnings: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = _timestamp(nullable=False)
    # indexed: max(updated_at) is the cheap data version behind ETags (app/core/http_cache.py)
    updated_at: dt.datetime = _timestamp(nullable=False, index=True)
    deleted_at: dt.datetime | None = _timestamp(nullable=True)

    __table_args__ = (
        # covering for the live articles per day (GET /timeline's articles_ingested)
        Index("ix_article_date_not_article_deleted_at", "date", "not_article", "deleted_at"),
    )


class ArticleRevision(SQLModel, table=True):
    """Every version of an article as received, byte for byte; never updated."""

    __tablename__ = "article_revision"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False)
    )
    revision: int
    raw_markdown: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    raw_sha256: str = Field(max_length=64)
    content_sha256: str = Field(max_length=64)
    received_at: dt.datetime = _timestamp(nullable=False)

    __table_args__ = (
        Index("uq_article_revision_article_id_revision", "article_id", "revision", unique=True),
    )


class Passage(SQLModel, table=True):
    """One paragraph, list item, quote or heading of an article's latest revision."""

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False)
    )
    # the article's, copied as passage_theme's is: SQLite's full-text index is keyed
    # by (date, id), the timeline's order (app/repository/search_key.py)
    date: dt.date
    position: int
    line_no: int
    kind: str = Field(max_length=16)
    text: str
    heading: str | None = None
    parser_version: str = Field(max_length=32)
    # who the text attributes the passage to (app/pipeline/claims.py); a /sitreps filter
    claimant: str | None = Field(default=None, max_length=24, index=True)
    unverified: bool = Field(  # "could not independently verify"
        default=False, sa_column_kwargs={"server_default": false()}
    )

    __table_args__ = (Index("ix_passage_article_id_position", "article_id", "position"),)


class PassageTheme(SQLModel, table=True):
    """A theme of a passage, with its evidence; also the timeline's index.

    `date` and `article_id` are copied from the article so the per-theme timeline
    is one index range scan on (theme, date, passage_id).
    """

    __tablename__ = "passage_theme"

    passage_id: int = Field(
        sa_column=Column(Integer, ForeignKey("passage.id", ondelete="CASCADE"), primary_key=True)
    )
    theme: str = Field(primary_key=True, max_length=16)
    # The passage's article, copied for the indexes: no foreign key of its own, the
    # passage's removes the row with it (a second check per row cost PostgreSQL a
    # fifth of its COPY time; migration 3e8d0c4b7a19).
    article_id: int = Field(sa_column=Column(Integer, nullable=False))
    date: dt.date
    score: float
    cues: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))

    __table_args__ = (
        Index("ix_passage_theme_theme_date_passage_id", "theme", "date", "passage_id"),
        Index("ix_passage_theme_article_id", "article_id"),
        # covering for GET /timeline: passages and distinct articles per theme and day
        Index("ix_passage_theme_theme_date_article_id", "theme", "date", "article_id"),
    )


class ThemeDay(SQLModel, table=True):
    """Passages and distinct articles per theme and day: GET /timeline's rollup.

    Exactly the counts of `passage_theme` grouped by (theme, date), kept in step by
    the same transaction that writes or removes an article's passage_theme rows
    (ArticleRepository), so a year of all themes is ~2,200 rows, not ~300,000.
    """

    __tablename__ = "theme_day"

    theme: str = Field(primary_key=True, max_length=16)
    date: dt.date = Field(primary_key=True)
    passages: int
    articles: int

    __table_args__ = {"sqlite_with_rowid": False}  # clustered by (theme, date)

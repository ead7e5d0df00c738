"""Ingest one article: decode, run the pipeline, tell a repeat from an update, store."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from app import pipeline
from app.ingest.prepare import PreparedArticle, prepare_article
from app.ingest.schemas import IngestReceipt, IngestStatus
from app.repository.articles import ArticleRepository


def ingest_article(
    session: Session, raw: bytes, *, received_at: dt.datetime | None = None
) -> IngestReceipt:
    received_at = received_at or dt.datetime.now(dt.UTC)
    # looked up at each call: benchmarks swap in precomputed results
    return store_article(session, prepare_article(raw, received_at, pipeline.process_article))


def store_article(session: Session, prepared: PreparedArticle) -> IngestReceipt:
    """The database half of an ingest: created, unchanged, updated or (an article an
    admin deleted) left deleted."""
    repo = ArticleRepository(session)
    key = prepared.key
    received_at = prepared.received_at
    # Insert first: a new article, the common case, then costs one statement, and a
    # concurrent request storing the same URL waits for it (ON CONFLICT DO NOTHING).
    article_id = repo.insert_if_absent(
        {
            **prepared.values,
            "canonical_url": key,
            "source": prepared.source,
            "revision": 1,
            "created_at": received_at,
        }
    )
    if article_id is not None:
        repo.add_revision(
            article_id,
            1,
            prepared.raw,
            prepared.raw_sha256,
            prepared.content_sha256,
            received_at,
        )
        repo.write_passages([(article_id, prepared.rows, prepared.live)], replace=False)
        return receipt_of(prepared, article_id, 1, "created")

    article = repo.state_of(key, for_update=True)
    assert article is not None
    if article.deleted:
        return receipt_of(prepared, article.id, article.revision, "deleted")
    if (
        prepared.raw_sha256 == article.raw_sha256
        or prepared.content_sha256 == article.content_sha256
    ):
        return receipt_of(prepared, article.id, article.revision, "unchanged")

    revision = article.revision + 1
    repo.update_article(article.id, {**prepared.values, "revision": revision})
    repo.add_revision(
        article.id,
        revision,
        prepared.raw,
        prepared.raw_sha256,
        prepared.content_sha256,
        received_at,
    )
    repo.write_passages([(article.id, prepared.rows, prepared.live)])
    return receipt_of(prepared, article.id, revision, "updated")


def receipt_of(
    prepared: PreparedArticle, article_id: int, revision: int, status: IngestStatus
) -> IngestReceipt:
    return IngestReceipt(
        id=article_id,
        status=status,
        revision=revision,
        url=prepared.key,
        source_url=prepared.source_url,
        title=prepared.title,
        date=prepared.date,
        date_source=prepared.date_source,  # type: ignore[arg-type]
        not_article=prepared.not_article,
        passages=prepared.passages,
        themes=prepared.themes,
        dropped_lines=prepared.dropped_lines,
        parser_version=prepared.parser_version,
        warnings=prepared.warnings,
    )

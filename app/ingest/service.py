"""Ingest one article: decode, run the pipeline, tell a repeat from an update, store."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlmodel import Session

from app.core.errors import InvalidArticle
from app.ingest.schemas import IngestReceipt, IngestStatus
from app.pipeline import process_article
from app.pipeline.types import ProcessedArticle
from app.pipeline.urls import canonical_url, content_fingerprint, sha256_hex, source_domain
from app.repository.articles import ArticleRepository


def decode_article(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidArticle(
            f"The body is not UTF-8 (invalid byte at offset {exc.start}); send the article "
            "encoded as UTF-8."
        ) from None
    if "\x00" in text:
        raise InvalidArticle("The body contains NUL characters; send the markdown text itself.")
    if not text.strip():
        raise InvalidArticle("The body is empty; send the article's markdown.")
    return text


def ingest_article(
    session: Session, raw: bytes, *, received_at: dt.datetime | None = None
) -> IngestReceipt:
    received_at = received_at or dt.datetime.now(dt.UTC)
    processed = process_article(decode_article(raw), received_at.date())
    meta = processed.meta
    raw_sha, content_sha = fingerprint(raw, processed)
    url = canonical_url(meta.source_url) if meta.source_url else None
    key = url or f"urn:sha256:{content_sha}"
    repo = ArticleRepository(session)
    live = not processed.not_article

    article = repo.get_by_canonical_url(key, for_update=True)
    if article is None:
        article_id = repo.insert_if_absent(
            {
                **article_values(processed, raw_sha, content_sha, received_at),
                "canonical_url": key,
                "source": source_domain(url),
                "revision": 1,
                "created_at": received_at,
            }
        )
        if article_id is not None:
            repo.add_revision(article_id, 1, raw, raw_sha, content_sha, received_at)
            repo.replace_passages(article_id, processed, index_themes=live)
            return _receipt(article_id, 1, "created", key, processed)
        # A concurrent request stored this URL between our read and our insert.
        article = repo.get_by_canonical_url(key, for_update=True)
        assert article is not None and article.id is not None

    assert article.id is not None
    if article.deleted_at is not None:
        return _receipt(article.id, article.revision, "deleted", key, processed)
    if raw_sha == article.raw_sha256 or content_sha == article.content_sha256:
        return _receipt(article.id, article.revision, "unchanged", key, processed)

    revision = article.revision + 1
    repo.update_article(
        article.id,
        {**article_values(processed, raw_sha, content_sha, received_at), "revision": revision},
    )
    repo.add_revision(article.id, revision, raw, raw_sha, content_sha, received_at)
    repo.replace_passages(article.id, processed, index_themes=live)
    return _receipt(article.id, revision, "updated", key, processed)


def fingerprint(raw: bytes, processed: ProcessedArticle) -> tuple[str, str]:
    """(hash of the exact bytes, hash of what the article says)."""
    texts = [p.text for p in processed.passages]
    return sha256_hex(raw), content_fingerprint(processed.meta.title, texts)


def article_values(
    processed: ProcessedArticle, raw_sha: str, content_sha: str, received_at: dt.datetime
) -> dict[str, object]:
    meta = processed.meta
    return {
        "url": meta.source_url,
        "title": meta.title,
        "description": meta.description,
        "date": meta.date,
        "date_source": meta.date_source,
        "word_count": meta.word_count,
        "not_article": processed.not_article,
        "raw_sha256": raw_sha,
        "content_sha256": content_sha,
        "parser_version": processed.parser_version,
        "warnings": list(processed.warnings),
        "updated_at": received_at,
    }


def _receipt(
    article_id: int, revision: int, status: IngestStatus, key: str, processed: ProcessedArticle
) -> IngestReceipt:
    counts: Counter[str] = Counter()
    if not processed.not_article:
        for passage in processed.passages:
            counts.update(tag.theme for tag in passage.themes)
    return IngestReceipt(
        id=article_id,
        status=status,
        revision=revision,
        url=key,
        source_url=processed.meta.source_url,
        title=processed.meta.title,
        date=processed.meta.date,
        date_source=processed.meta.date_source,
        not_article=processed.not_article,
        passages=len(processed.passages),
        themes=dict(counts),
        dropped_lines=len(processed.dropped),
        parser_version=processed.parser_version,
        warnings=list(processed.warnings),
    )

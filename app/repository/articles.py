"""Every SQL statement about articles, their revisions and passages."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, tuple_, update
from sqlmodel import Session, col

from app.models import Article, ArticleRevision, Passage, PassageTheme
from app.pipeline.types import ProcessedArticle
from app.query.filters import ArticleQuery, Cursor
from app.repository.base import upsert_insert
from app.repository.facts import FactsRepository
from app.repository.theme_days import ThemeDayRepository


@dataclass(frozen=True, slots=True)
class PassageRow:
    passage: Passage
    themes: list[PassageTheme]


class ArticleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- reads -------------------------------------------------------------------

    def get(self, article_id: int) -> Article | None:
        return self.session.get(Article, article_id)

    def get_by_canonical_url(
        self, canonical_url: str, *, for_update: bool = False
    ) -> Article | None:
        stmt = select(Article).where(col(Article.canonical_url) == canonical_url)
        if for_update:
            stmt = stmt.with_for_update()  # no-op on SQLite, whose write lock is taken at BEGIN
        return self.session.scalars(stmt).one_or_none()

    def passages_with_themes(self, article_id: int) -> list[PassageRow]:
        passages = self.session.scalars(
            select(Passage)
            .where(col(Passage.article_id) == article_id)
            .order_by(col(Passage.position))
        ).all()
        themes = self.session.scalars(
            select(PassageTheme).where(col(PassageTheme.article_id) == article_id)
        ).all()
        by_passage: dict[int, list[PassageTheme]] = {}
        for theme in themes:
            by_passage.setdefault(theme.passage_id, []).append(theme)
        return [PassageRow(p, by_passage.get(p.id or 0, [])) for p in passages]

    def page(self, query: ArticleQuery, after: Cursor | None) -> Sequence[Article]:
        stmt = select(Article).where(col(Article.deleted_at).is_(None))
        if query.from_:
            stmt = stmt.where(col(Article.date) >= query.from_)
        if query.to:
            stmt = stmt.where(col(Article.date) <= query.to)
        if after:
            stmt = stmt.where(tuple_(col(Article.date), col(Article.id)) < tuple_(*after))
        stmt = stmt.order_by(col(Article.date).desc(), col(Article.id).desc()).limit(
            query.limit + 1
        )
        return self.session.scalars(stmt).all()

    # --- writes ------------------------------------------------------------------

    def insert_if_absent(self, values: dict[str, object]) -> int | None:
        """INSERT … ON CONFLICT (canonical_url) DO NOTHING: the id, or None if a
        concurrent request stored the same URL first."""
        stmt = (
            upsert_insert(self.session, Article)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["canonical_url"])
            .returning(col(Article.id))
        )
        return self.session.scalars(stmt).one_or_none()

    def update_article(self, article_id: int, values: dict[str, object]) -> None:
        self.session.execute(update(Article).where(col(Article.id) == article_id).values(**values))

    def add_revision(
        self,
        article_id: int,
        revision: int,
        raw: bytes,
        raw_sha256: str,
        content_sha256: str,
        received_at: dt.datetime,
    ) -> None:
        self.session.execute(
            insert(ArticleRevision).values(
                article_id=article_id,
                revision=revision,
                raw_markdown=raw,
                raw_sha256=raw_sha256,
                content_sha256=content_sha256,
                received_at=received_at,
            )
        )

    def replace_passages(
        self, article_id: int, processed: ProcessedArticle, *, index_themes: bool
    ) -> None:
        """Swap the article's passages for `processed`'s. Themes are written to the
        timeline index only when `index_themes` (a real, live article)."""
        days = ThemeDayRepository(self.session)
        removed = days.tally_of_article(article_id)
        self.session.execute(delete(PassageTheme).where(col(PassageTheme.article_id) == article_id))
        FactsRepository(self.session).delete_for_article(article_id)
        self.session.execute(delete(Passage).where(col(Passage.article_id) == article_id))
        if not processed.passages:
            days.apply(removed, Counter())
            return
        rows = [
            {
                "article_id": article_id,
                "position": p.position,
                "line_no": p.line_no,
                "kind": p.kind,
                "text": p.text,
                "heading": p.heading,
                "parser_version": processed.parser_version,
                "claimant": p.facts.claimant,
                "unverified": p.facts.unverified,
            }
            for p in processed.passages
        ]
        # One executemany, then the ids by position: INSERT … RETURNING in a batch goes
        # one row per statement on SQLite, which profiled at most of an ingest.
        self.session.execute(insert(Passage), rows)
        ids = self.session.scalars(
            select(col(Passage.id))
            .where(col(Passage.article_id) == article_id)
            .order_by(col(Passage.position))
        ).all()
        if not index_themes:
            days.apply(removed, Counter())
            return
        theme_rows = [
            {
                "passage_id": passage_id,
                "theme": tag.theme,
                "article_id": article_id,
                "date": processed.meta.date,
                "score": tag.score,
                "cues": list(tag.cues),
            }
            for passage_id, p in zip(ids, processed.passages, strict=True)
            for tag in p.themes
        ]
        if theme_rows:
            self.session.execute(insert(PassageTheme), theme_rows)
        days.apply(removed, Counter((row["theme"], row["date"]) for row in theme_rows))
        # places and figures: query indexes too, so only for a live article
        FactsRepository(self.session).insert_for_passages(
            article_id, processed.meta.date, ids, [p.facts for p in processed.passages]
        )

    def tombstone(self, article_id: int, now: dt.datetime) -> None:
        """Out of every timeline (its index rows go), kept with its revisions for audit."""
        self.update_article(article_id, {"deleted_at": now, "updated_at": now})
        days = ThemeDayRepository(self.session)
        days.apply(days.tally_of_article(article_id), Counter())
        self.session.execute(delete(PassageTheme).where(col(PassageTheme.article_id) == article_id))
        FactsRepository(self.session).delete_for_article(article_id)

    def revisions(self, article_id: int) -> Sequence[ArticleRevision]:
        return self.session.scalars(
            select(ArticleRevision)
            .where(col(ArticleRevision.article_id) == article_id)
            .order_by(col(ArticleRevision.revision))
        ).all()

    def raw_markdown(self, article_id: int, revision: int) -> bytes | None:
        return self.session.scalars(
            select(col(ArticleRevision.raw_markdown)).where(
                col(ArticleRevision.article_id) == article_id,
                col(ArticleRevision.revision) == revision,
            )
        ).one_or_none()

    def latest_revisions(
        self, after_id: int, limit: int, *, not_parser_version: str | None
    ) -> list[tuple[Article, bytes, dt.datetime]]:
        """The next `limit` articles by id with their current raw markdown (for reparse)."""
        stmt = (
            select(Article, col(ArticleRevision.raw_markdown), col(ArticleRevision.received_at))
            .join(
                ArticleRevision,
                (col(ArticleRevision.article_id) == col(Article.id))
                & (col(ArticleRevision.revision) == col(Article.revision)),
            )
            .where(col(Article.id) > after_id)
            .order_by(col(Article.id))
            .limit(limit)
        )
        if not_parser_version:
            stmt = stmt.where(col(Article.parser_version) != not_parser_version)
        return [(a, raw, received) for a, raw, received in self.session.execute(stmt).all()]

    def theme_counts_of(self, article_id: int) -> dict[str, int]:
        rows = self.session.execute(
            select(col(PassageTheme.theme), func.count())
            .where(col(PassageTheme.article_id) == article_id)
            .group_by(col(PassageTheme.theme))
        ).all()
        return {theme: count for theme, count in rows}

    def theme_counts(self) -> dict[str, int]:
        rows = self.session.execute(
            select(col(PassageTheme.theme), func.count()).group_by(col(PassageTheme.theme))
        ).all()
        return {theme: count for theme, count in rows}

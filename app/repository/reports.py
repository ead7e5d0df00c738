"""SQL of the daily report, the timeline counts, the metrics and the data version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, func, select, type_coerce
from sqlmodel import Session, col

from app.models import Article, Passage, PassageTheme
from app.repository.base import as_date, fetching
from app.repository.theme_days import ThemeDayRepository


@dataclass(frozen=True, slots=True)
class DayPassage:
    """One (passage, theme) of a day, flat: what the report needs, no ORM objects."""

    passage_id: int
    theme: str
    score: float
    cues: list[str]
    text: str
    heading: str | None
    position: int
    article_id: int
    title: str | None
    url: str
    source: str | None


@dataclass(frozen=True, slots=True)
class DataVersion:
    """Changes whenever any article is written: the validator behind every ETag."""

    last_modified: dt.datetime | None
    articles: int
    max_id: int

    @property
    def token(self) -> str:
        stamp = self.last_modified.isoformat() if self.last_modified else "-"
        return f"{stamp}|{self.articles}|{self.max_id}"


class ReportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _live_articles(self, sources: Sequence[str]) -> Any:
        stmt = select(col(Article.id)).where(
            col(Article.deleted_at).is_(None), col(Article.not_article).is_(False)
        )
        if sources:
            stmt = stmt.where(col(Article.source).in_(sources))
        return stmt

    def day_passages(
        self, day: dt.date, themes: Sequence[str], sources: Sequence[str], min_score: float
    ) -> list[DayPassage]:
        pt, p, a = PassageTheme, Passage, Article
        stmt = (
            select(
                col(pt.passage_id),
                col(pt.theme),
                col(pt.score),
                col(pt.cues),
                col(p.text),
                col(p.heading),
                col(p.position),
                col(a.id),
                col(a.title),
                col(a.canonical_url),
                col(a.source),
            )
            .join(p, col(p.id) == col(pt.passage_id))
            .join(a, col(a.id) == col(pt.article_id))
            .where(col(pt.date) == day, col(pt.theme).in_(themes))
        )
        if min_score > 0:
            stmt = stmt.where(col(pt.score) >= min_score)
        if sources:
            stmt = stmt.where(col(a.source).in_(sources))
        stmt = stmt.order_by(col(pt.passage_id))
        with fetching(self.session):
            rows = self.session.execute(stmt).all()
        return [DayPassage(*row) for row in rows]

    def coverage(self, day: dt.date, sources: Sequence[str]) -> list[tuple[str | None, int]]:
        """(source, live articles) of that day: what was ingested, themed or not."""
        stmt = (
            select(col(Article.source), func.count())
            .where(
                col(Article.date) == day,
                col(Article.deleted_at).is_(None),
                col(Article.not_article).is_(False),
            )
            .group_by(col(Article.source))
            .order_by(col(Article.source))
        )
        if sources:
            stmt = stmt.where(col(Article.source).in_(sources))
        return [(source, count) for source, count in self.session.execute(stmt)]

    def theme_day_counts(
        self, themes: Sequence[str], start: dt.date, end: dt.date, sources: Sequence[str]
    ) -> list[tuple[str, dt.date, int, int]]:
        """(theme, day, passages, distinct articles): an article has one date, so the
        per-day article counts add up exactly into weeks and months."""
        if not sources:
            return ThemeDayRepository(self.session).counts(themes, start, end)
        pt = PassageTheme
        # Per source, from the index itself. Grouped by article first, then by day:
        # both read the covering index (theme, date, article_id) in order, where
        # count(DISTINCT) would sort.
        per_article = select(
            col(pt.theme), col(pt.date), col(pt.article_id), func.count().label("passages")
        ).where(
            col(pt.theme).in_(themes),
            col(pt.date) >= start,
            col(pt.date) <= end,
            col(pt.article_id).in_(self._live_articles(sources)),
        )
        grouped = per_article.group_by(col(pt.theme), col(pt.date), col(pt.article_id)).subquery()
        stmt = select(
            grouped.c.theme, grouped.c.date, func.sum(grouped.c.passages), func.count()
        ).group_by(grouped.c.theme, grouped.c.date)
        return [(t, d, int(n), m) for t, d, n, m in self.session.execute(stmt)]

    def article_day_counts(
        self, start: dt.date, end: dt.date, sources: Sequence[str]
    ) -> list[tuple[dt.date, int]]:
        stmt = (
            select(type_coerce(col(Article.date), String), func.count())  # see as_date
            .where(
                col(Article.date) >= start,
                col(Article.date) <= end,
                col(Article.deleted_at).is_(None),
                col(Article.not_article).is_(False),
            )
            .group_by(col(Article.date))
        )
        if sources:
            stmt = stmt.where(col(Article.source).in_(sources))
        with fetching(self.session):
            rows = self.session.connection().execute(stmt).all()
        return [(as_date(d), n) for d, n in rows]

    def date_span(self, themes: Sequence[str]) -> tuple[dt.date | None, dt.date | None]:
        pt = PassageTheme
        # min and max per theme: each an end of that theme's index, where one min() over
        # `theme IN (…)` would scan every row of those themes
        ends = [
            select(agg(col(pt.date))).where(col(pt.theme) == theme).scalar_subquery()
            for theme in themes
            for agg in (func.min, func.max)
        ]
        values = [v for v in self.session.execute(select(*ends)).one() if v is not None]
        if not values:
            return None, None
        days = [dt.date.fromisoformat(v) if isinstance(v, str) else v for v in values]
        return min(days), max(days)

    def data_version(self) -> DataVersion:
        """max(updated_at) and max(id) are index lookups; count(*) catches a hard delete
        of an article that was neither the newest nor the last written."""
        # Three scalar subqueries, not one SELECT of three aggregates: SQLite answers a
        # lone max() from the index's end, but scans when aggregates are combined.
        last, count, max_id = self.session.execute(
            select(
                select(func.max(col(Article.updated_at))).scalar_subquery(),
                select(func.count()).select_from(Article).scalar_subquery(),
                select(func.max(col(Article.id))).scalar_subquery(),
            )
        ).one()
        if isinstance(last, str):  # SQLite aggregates lose the column type
            last = dt.datetime.fromisoformat(last)
        if last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=dt.UTC)
        return DataVersion(last, count or 0, max_id or 0)

    def passages_per_theme(self) -> dict[str, int]:
        rows = self.session.execute(
            select(col(PassageTheme.theme), func.count()).group_by(col(PassageTheme.theme))
        )
        return {theme: count for theme, count in rows}

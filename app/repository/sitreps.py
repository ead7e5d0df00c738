"""The per-theme timeline: passages of some themes in a date range, newest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, tuple_, union_all
from sqlmodel import Session, col

from app.models import Article, Passage, PassageTheme
from app.query.filters import Cursor, SitrepQuery
from app.repository import facts, search


@dataclass(frozen=True, slots=True)
class SitrepRow:
    """One passage of a page, flat: plain tuples from Core SELECTs, no ORM objects
    (building those cost more than the query on this read path)."""

    passage_id: int
    date: dt.date
    text: str
    heading: str | None
    claimant: str | None
    unverified: bool
    article_id: int
    title: str | None
    url: str
    source: str | None
    updated_at: dt.datetime  # the article's, for feeds
    themes: list[tuple[str, float, list[str]]]  # (theme, score, cues)


class SitrepRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def pages(self, query: SitrepQuery, after: Cursor | None) -> Iterator[list[SitrepRow]]:
        """Every matching row from `after` on, `query.limit` rows at a time (keyset
        pages), so an export of any size holds one page in memory."""
        while True:
            rows = self.page(query, after)
            yield rows[: query.limit]
            if len(rows) <= query.limit:
                return
            last = rows[query.limit - 1]
            after = (last.date, last.passage_id)

    def highlights(self, query: SitrepQuery, passage_ids: list[int]) -> dict[int, str]:
        if not query.search:
            return {}
        return search.highlights(self.session, query.search, passage_ids)

    def _keys(self, query: SitrepQuery, theme: str, after: Cursor | None, limit: int) -> Any:
        """(passage_id, date) of one theme, newest first: a range of its index."""
        pt = PassageTheme
        keys = select(col(pt.passage_id), col(pt.date)).where(col(pt.theme) == theme)
        if query.from_:
            keys = keys.where(col(pt.date) >= query.from_)
        if query.to:
            keys = keys.where(col(pt.date) <= query.to)
        if query.min_score > 0:
            keys = keys.where(col(pt.score) >= query.min_score)
        if query.source:
            by_source = select(col(Article.id)).where(col(Article.source).in_(query.source))
            keys = keys.where(col(pt.article_id).in_(by_source))
        if query.search:
            keys = keys.where(
                col(pt.passage_id).in_(search.matching_passage_ids(self.session, query.search))
            )
        if query.place:
            keys = keys.where(col(pt.passage_id).in_(facts.passages_naming(query.place)))
        if query.region:
            keys = keys.where(col(pt.passage_id).in_(facts.passages_in_regions(query.region)))
        if query.claimant:
            keys = keys.where(col(pt.passage_id).in_(facts.passages_by_claimant(query.claimant)))
        if after:
            keys = keys.where(tuple_(col(pt.date), col(pt.passage_id)) < tuple_(*after))
        return keys.order_by(col(pt.date).desc(), col(pt.passage_id).desc()).limit(limit)

    def page(self, query: SitrepQuery, after: Cursor | None) -> list[SitrepRow]:
        """One page (limit + 1 rows, to tell whether there is a next)."""
        pt = PassageTheme
        themes = query.themes
        limit = query.limit + 1
        if len(themes) == 1:
            keys = self._keys(query, themes[0], after, limit)
        else:
            # Each theme's first `limit` keys come from its own index range, and the page
            # is the first `limit` distinct passages of their union: any passage of the
            # page is within its themes' own first `limit`. One IN (…) over all themes
            # would sort every matching row again for each page (quadratic exports).
            ranges = [self._keys(query, t, after, limit).subquery() for t in themes]
            # each range wrapped: a member of a compound SELECT may not have its own LIMIT
            per_theme = union_all(*(select(r.c.passage_id, r.c.date) for r in ranges)).subquery()
            keys = (
                select(per_theme.c.passage_id, per_theme.c.date)
                .group_by(per_theme.c.passage_id, per_theme.c.date)
                .order_by(per_theme.c.date.desc(), per_theme.c.passage_id.desc())
                .limit(limit)
            )
        # The page's keys joined to their passages and articles: one statement, and
        # Core rows through the connection (no ORM result processing).
        connection = self.session.connection()
        found = keys.subquery()
        p, a = Passage, Article
        page = connection.execute(
            select(
                found.c.passage_id,
                found.c.date,
                col(p.text),
                col(p.heading),
                col(p.claimant),
                col(p.unverified),
                col(a.id),
                col(a.title),
                col(a.canonical_url),
                col(a.source),
                col(a.updated_at),
            )
            .join(p, col(p.id) == found.c.passage_id)
            .join(a, col(a.id) == col(p.article_id))
            .order_by(found.c.date.desc(), found.c.passage_id.desc())
        ).all()
        if not page:
            return []
        themes_of: dict[int, list[tuple[str, float, list[str]]]] = {}
        for passage_id, theme, score, cues in connection.execute(
            select(col(pt.passage_id), col(pt.theme), col(pt.score), col(pt.cues)).where(
                col(pt.passage_id).in_([row[0] for row in page])
            )
        ):
            themes_of.setdefault(passage_id, []).append((theme, score, cues))
        return [SitrepRow(*row, themes=themes_of.get(row[0], [])) for row in page]

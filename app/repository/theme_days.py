"""SQL of the `theme_day` rollup: passages and articles per theme and day.

Kept exact by deltas: whoever adds or removes an article's passage_theme rows tells
this repository, in the same transaction, what it removed and what it added.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select, tuple_
from sqlmodel import Session, col

from app.models import PassageTheme, ThemeDay
from app.repository.base import upsert_insert

DayKey = tuple[str, dt.date]  # (theme, day)


class ThemeDayRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def tally_of_article(self, article_id: int) -> Counter[DayKey]:
        """What the article's passage_theme rows add to the rollup now."""
        rows = self.session.execute(
            select(col(PassageTheme.theme), col(PassageTheme.date), func.count())
            .where(col(PassageTheme.article_id) == article_id)
            .group_by(col(PassageTheme.theme), col(PassageTheme.date))
        )
        return Counter({(theme, day): n for theme, day, n in rows})

    def apply(self, removed: Counter[DayKey], added: Counter[DayKey]) -> None:
        """Move the rollup from one article's `removed` counts to its `added` ones."""
        keys = sorted(removed.keys() | added.keys())  # one lock order: no deadlocks on PG
        rows = []
        for theme, day in keys:
            passages = added[(theme, day)] - removed[(theme, day)]
            articles = ((theme, day) in added) - ((theme, day) in removed)
            if passages or articles:
                rows.append(
                    {"theme": theme, "date": day, "passages": passages, "articles": articles}
                )
        if not rows:
            return
        stmt = upsert_insert(self.session, ThemeDay)
        table = ThemeDay.__table__  # type: ignore[attr-defined]
        self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["theme", "date"],
                set_={
                    "passages": table.c.passages + stmt.excluded.passages,
                    "articles": table.c.articles + stmt.excluded.articles,
                },
            ),
            rows,
        )
        if removed:
            self.session.execute(
                delete(ThemeDay).where(
                    tuple_(col(ThemeDay.theme), col(ThemeDay.date)).in_(list(removed)),
                    col(ThemeDay.passages) <= 0,
                )
            )

    def counts(
        self, themes: Sequence[str], start: dt.date, end: dt.date
    ) -> list[tuple[str, dt.date, int, int]]:
        # Core rows (connection, not session): the ORM's per-row processing of
        # ~2,200 rows a year cost more than the query.
        rows = self.session.connection().execute(
            select(
                col(ThemeDay.theme),
                col(ThemeDay.date),
                col(ThemeDay.passages),
                col(ThemeDay.articles),
            ).where(
                col(ThemeDay.theme).in_(themes),
                col(ThemeDay.date) >= start,
                col(ThemeDay.date) <= end,
            )
        )
        return [(t, d, n, m) for t, d, n, m in rows.all()]

    def rebuild(self) -> None:
        """Recompute the whole rollup from passage_theme (after a bulk load that wrote
        passage_theme directly)."""
        pt = PassageTheme
        self.session.execute(delete(ThemeDay))
        per_article = (
            select(col(pt.theme), col(pt.date), func.count().label("passages"))
            .group_by(col(pt.theme), col(pt.date), col(pt.article_id))
            .subquery()
        )
        self.session.execute(
            insert(ThemeDay).from_select(
                ["theme", "date", "passages", "articles"],
                select(
                    per_article.c.theme,
                    per_article.c.date,
                    func.sum(per_article.c.passages),
                    func.count(),
                ).group_by(per_article.c.theme, per_article.c.date),
            )
        )

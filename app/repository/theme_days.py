"""SQL of the `theme_day` rollup: passages and articles per theme and day.

Kept exact by deltas: whoever adds or removes an article's passage_theme rows tells
this repository, in the same transaction, what it removed and what it added.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, Table, bindparam, delete, func, insert, select, tuple_, type_coerce
from sqlmodel import Session, col

from app.models import PassageTheme, ThemeDay
from app.repository.base import as_date, fetching, per_dialect, upsert_insert

DayKey = tuple[str, dt.date]  # (theme, day)
THEME_DAY: Table = ThemeDay.__table__  # type: ignore[attr-defined]
PASSAGE_THEME: Table = PassageTheme.__table__  # type: ignore[attr-defined]
_DELETE_EMPTY = delete(THEME_DAY).where(
    tuple_(THEME_DAY.c.theme, THEME_DAY.c.date).in_(bindparam("keys", expanding=True)),
    THEME_DAY.c.passages <= 0,
)


_TALLIES = (
    select(PASSAGE_THEME.c.article_id, PASSAGE_THEME.c.theme, PASSAGE_THEME.c.date, func.count())
    .where(PASSAGE_THEME.c.article_id.in_(bindparam("ids", expanding=True)))
    .group_by(PASSAGE_THEME.c.article_id, PASSAGE_THEME.c.theme, PASSAGE_THEME.c.date)
)


def _upsert(session: Session) -> Any:
    stmt = upsert_insert(session, THEME_DAY)
    return stmt.on_conflict_do_update(
        index_elements=["theme", "date"],
        set_={
            "passages": THEME_DAY.c.passages + stmt.excluded.passages,
            "articles": THEME_DAY.c.articles + stmt.excluded.articles,
        },
    )


class ThemeDayRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def tallies_of(self, article_ids: Sequence[int]) -> dict[int, Counter[DayKey]]:
        """What each article's passage_theme rows add to the rollup now."""
        out: dict[int, Counter[DayKey]] = {}
        for article_id, theme, day, n in self.session.execute(_TALLIES, {"ids": list(article_ids)}):
            out.setdefault(article_id, Counter())[(theme, day)] = n
        return out

    def apply_many(self, changes: Sequence[tuple[Counter[DayKey], Counter[DayKey]]]) -> None:
        """Apply each article's (removed, added) tallies: the deltas of all articles
        summed (the rows end as after applying them one by one), one upsert for a
        whole bulk import, and statements built once."""
        passages: Counter[DayKey] = Counter()
        articles: Counter[DayKey] = Counter()
        removed_keys: set[DayKey] = set()
        for removed, added in changes:
            for key in removed.keys() | added.keys():
                passages[key] += added[key] - removed[key]
                articles[key] += (key in added) - (key in removed)
            removed_keys |= removed.keys()
        rows = [
            {"theme": theme, "date": day, "passages": passages[key], "articles": articles[key]}
            for key in sorted(passages.keys() | articles.keys())  # one lock order on PG
            for theme, day in [key]
            if passages[key] or articles[key]
        ]
        if rows:
            self.session.execute(per_dialect(self.session, "theme_day_upsert", _upsert), rows)
        if removed_keys:
            self.session.execute(_DELETE_EMPTY, {"keys": sorted(removed_keys)})

    def counts(
        self, themes: Sequence[str], start: dt.date, end: dt.date
    ) -> list[tuple[str, dt.date, int, int]]:
        # Core rows, and the date as the stored text on SQLite parsed by
        # date.fromisoformat: SQLAlchemy's Date processing of ~2,200 rows a year cost
        # 5x the query.
        with fetching(self.session):
            rows = (
                self.session.connection()
                .execute(
                    select(
                        col(ThemeDay.theme),
                        type_coerce(col(ThemeDay.date), String),
                        col(ThemeDay.passages),
                        col(ThemeDay.articles),
                    ).where(
                        col(ThemeDay.theme).in_(themes),
                        col(ThemeDay.date) >= start,
                        col(ThemeDay.date) <= end,
                    )
                )
                .all()
            )
        days: dict[object, dt.date] = {}  # each day comes once per theme: parse it once
        return [(t, days.get(d) or days.setdefault(d, as_date(d)), n, m) for t, d, n, m in rows]

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

"""Every SQL statement about articles, their revisions and passages."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson
from sqlalchemy import Table, bindparam, delete, func, insert, select, text, tuple_, update
from sqlmodel import Session, col

from app.models import Article, ArticleRevision, Passage, PassageTheme
from app.pipeline.types import ProcessedArticle
from app.repository.base import per_dialect, upsert_insert
from app.repository.facts import FactsRepository, insert_tuples
from app.repository.rows import PassageRows
from app.repository.search_key import SEARCH_KEY_SQL
from app.repository.theme_days import DayKey, ThemeDayRepository

if TYPE_CHECKING:  # the query layer (FastAPI, the gazetteer) stays out of a writer
    from app.query.filters import ArticleQuery, Cursor

ARTICLE: Table = Article.__table__  # type: ignore[attr-defined]
REVISION: Table = ArticleRevision.__table__  # type: ignore[attr-defined]
PASSAGE: Table = Passage.__table__  # type: ignore[attr-defined]
THEME: Table = PassageTheme.__table__  # type: ignore[attr-defined]
PASSAGE_COLUMNS = (
    "article_id",
    "date",
    "position",
    "line_no",
    "kind",
    "text",
    "heading",
    "parser_version",
    "claimant",
    "unverified",
)
THEME_COLUMNS = ("passage_id", "theme", "article_id", "date", "score", "cues")
# SQLite takes at most 999 parameters per statement before 3.32, 32,766 since
SQLITE_ROWS_PER_INSERT = 500 if sqlite3.sqlite_version_info >= (3, 32) else 100


@dataclass(frozen=True, slots=True)
class PassageRow:
    passage: Passage
    themes: list[PassageTheme]


# The write path's statements, built once: constructing a statement and computing its
# cache key cost more than SQLite takes to run the small ones.
_STATES = select(
    ARTICLE.c.canonical_url,
    ARTICLE.c.id,
    ARTICLE.c.revision,
    ARTICLE.c.raw_sha256,
    ARTICLE.c.content_sha256,
    ARTICLE.c.deleted_at,
).where(ARTICLE.c.canonical_url.in_(bindparam("urls", expanding=True)))
_STATES_FOR_UPDATE = _STATES.with_for_update()
_IDS = select(ARTICLE.c.canonical_url, ARTICLE.c.id).where(
    ARTICLE.c.canonical_url.in_(bindparam("urls", expanding=True))
)
_INSERT_ARTICLE = insert(ARTICLE)
# SET: the columns of the parameters given
_UPDATE_ARTICLE = update(ARTICLE).where(ARTICLE.c.id == bindparam("_article_id"))
_INSERT_REVISION = insert(REVISION)
_DELETE_THEMES = delete(THEME).where(THEME.c.article_id.in_(bindparam("ids", expanding=True)))
_DELETE_PASSAGES = delete(PASSAGE).where(PASSAGE.c.article_id.in_(bindparam("ids", expanding=True)))
_PASSAGE_IDS = (
    select(PASSAGE.c.article_id, PASSAGE.c.id)
    .where(PASSAGE.c.article_id.in_(bindparam("ids", expanding=True)))
    .order_by(PASSAGE.c.article_id, PASSAGE.c.position)
)
# SQLite's full-text index of passages (migrations 9d964f86a887, 7c3a91e05d2b,
# b7d2e5a9c4f1): rows are added here, after their passages, under their search keys;
# the delete and update triggers remove them.
_INDEX_PASSAGE_TEXTS = text(
    f"INSERT INTO passage_fts (rowid, text) SELECT {SEARCH_KEY_SQL}, text FROM passage "
    "WHERE article_id IN :ids"
).bindparams(bindparam("ids", expanding=True))


def _insert_if_absent(session: Session) -> Any:
    return (
        upsert_insert(session, ARTICLE)
        .on_conflict_do_nothing(index_elements=["canonical_url"])
        .returning(ARTICLE.c.id)
    )


@dataclass(frozen=True, slots=True)
class ArticleState:
    """A stored article as ingest sees it: enough to tell a repeat from an update."""

    id: int
    revision: int
    raw_sha256: str
    content_sha256: str
    deleted: bool


class RevisionSummary(NamedTuple):
    revision: int
    received_at: dt.datetime
    bytes: int  # of the raw markdown as received
    raw_sha256: str
    content_sha256: str


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
    # Core statements on the tables, not ORM ones: the ORM's bulk INSERT splits the rows
    # by which columns are None and costs more in Python than SQLite takes to store them.

    def state_of(self, canonical_url: str, *, for_update: bool = False) -> ArticleState | None:
        """What ingest needs to tell a repeat from an update (locked on PostgreSQL)."""
        states = self.states_of([canonical_url], for_update=for_update)
        return states.get(canonical_url)

    def states_of(
        self, canonical_urls: Sequence[str], *, for_update: bool = False
    ) -> dict[str, ArticleState]:
        # FOR UPDATE is a no-op on SQLite, whose write lock is taken at BEGIN
        stmt = _STATES_FOR_UPDATE if for_update else _STATES
        rows = self.session.execute(stmt, {"urls": list(canonical_urls)})
        return {
            url: ArticleState(id, revision, raw_sha, content_sha, deleted_at is not None)
            for url, id, revision, raw_sha, content_sha, deleted_at in rows
        }

    def insert_if_absent(self, values: dict[str, object]) -> int | None:
        """INSERT … ON CONFLICT (canonical_url) DO NOTHING: the id, or None if a
        concurrent request stored the same URL first."""
        stmt = per_dialect(self.session, "insert_if_absent", _insert_if_absent)
        return self.session.scalars(stmt, values).one_or_none()

    def insert_articles(self, rows: Sequence[dict[str, object]]) -> dict[str, int]:
        """Insert new articles (a unique violation if one exists): their ids by URL."""
        if not rows:
            return {}
        self.session.execute(_INSERT_ARTICLE, list(rows))
        urls = [str(row["canonical_url"]) for row in rows]
        return {url: article_id for url, article_id in self.session.execute(_IDS, {"urls": urls})}

    def update_article(self, article_id: int, values: dict[str, object]) -> None:
        self.session.execute(_UPDATE_ARTICLE, {"_article_id": article_id, **values})

    def update_articles(self, changes: Sequence[tuple[int, dict[str, object]]]) -> None:
        """Several articles' new values in one executemany (each the same columns)."""
        if not changes:
            return
        self.session.execute(
            _UPDATE_ARTICLE,
            [{"_article_id": article_id, **values} for article_id, values in changes],
        )

    def add_revision(
        self,
        article_id: int,
        revision: int,
        raw: bytes,
        raw_sha256: str,
        content_sha256: str,
        received_at: dt.datetime,
    ) -> None:
        self.add_revisions([(article_id, revision, raw, raw_sha256, content_sha256, received_at)])

    def add_revisions(
        self, revisions: Sequence[tuple[int, int, bytes, str, str, dt.datetime]]
    ) -> None:
        """(article_id, revision, raw markdown, raw sha256, content sha256, received_at)."""
        if not revisions:
            return
        self.session.execute(
            _INSERT_REVISION,
            [
                {
                    "article_id": article_id,
                    "revision": revision,
                    "raw_markdown": raw,
                    "raw_sha256": raw_sha,
                    "content_sha256": content_sha,
                    "received_at": received_at,
                }
                for article_id, revision, raw, raw_sha, content_sha, received_at in revisions
            ],
        )

    def replace_passages(
        self, article_id: int, processed: ProcessedArticle, *, index_themes: bool
    ) -> None:
        """Swap the article's passages for `processed`'s. Themes are written to the
        timeline index only when `index_themes` (a real, live article)."""
        self.write_passages([(article_id, PassageRows.of(processed), index_themes)])

    def write_passages(
        self,
        items: Sequence[tuple[int, PassageRows, bool]],
        *,
        replace: bool = True,
    ) -> None:
        """Store each (article id, rows, index_themes): its passages, and when
        `index_themes` (a real, live article) its themes, places and figures, which are
        query indexes. `replace`: first remove what the articles had (not needed for
        articles inserted in this transaction). The theme_day rollup moves with them."""
        if not items:
            return
        article_ids = [article_id for article_id, _, _ in items]
        removed: dict[int, Counter[DayKey]] = {}
        if replace:
            removed = ThemeDayRepository(self.session).tallies_of(article_ids)
            self.session.execute(_DELETE_THEMES, {"ids": article_ids})
            FactsRepository(self.session).delete_for_articles(article_ids)
            self.session.execute(_DELETE_PASSAGES, {"ids": article_ids})
        sqlite = self.session.get_bind().dialect.name == "sqlite"
        # each article's date, copied to all its rows; SQLite rows go straight to the
        # driver: values as SQLAlchemy stores them
        days: list[object] = [
            rows.date.isoformat() if sqlite else rows.date for _, rows, _ in items
        ]
        passage_rows = [
            (article_id, day, *p[:5], rows.parser_version, *p[5:])
            for (article_id, rows, _), day in zip(items, days, strict=True)
            for p in rows.passages
        ]
        theme_rows: list[tuple[object, ...]] = []
        place_rows: list[tuple[object, ...]] = []
        figure_rows: list[tuple[object, ...]] = []
        if passage_rows:
            # Inserted, then the ids read back by position: INSERT … RETURNING in a
            # batch goes one row per statement on SQLite.
            self._insert_passages(passage_rows, article_ids, sqlite=sqlite)
            ids = self._passage_ids(
                [a for a, r, live in items if live and (r.themes or r.places or r.figures)]
            )
            for (article_id, rows, live), day in zip(items, days, strict=True):
                if not live:
                    continue
                pids = ids.get(article_id, [])
                theme_rows += [
                    (
                        pids[i],
                        theme,
                        article_id,
                        day,
                        score,
                        orjson.dumps(cues).decode(),  # JSON as text, on both (insert_tuples)
                    )
                    for i, theme, score, cues in rows.themes
                ]
                place_rows += [
                    (pids[i], place_id, region, article_id, day)
                    for i, place_id, region in rows.places
                ]
                figure_rows += [(pids[i], article_id, day, *figure) for i, *figure in rows.figures]
        insert_tuples(self.session, THEME, THEME_COLUMNS, theme_rows, sqlite=sqlite)
        ThemeDayRepository(self.session).apply_many(
            [
                (removed.get(article_id, Counter()), rows.theme_tally() if live else Counter())
                for article_id, rows, live in items
            ]
        )
        # places and figures: query indexes too, so only for a live article
        FactsRepository(self.session).insert_rows(place_rows, figure_rows, sqlite=sqlite)

    def _insert_passages(
        self, rows: Sequence[tuple[object, ...]], article_ids: Sequence[int], *, sqlite: bool
    ) -> None:
        """Rows in PASSAGE_COLUMNS order, of the articles `article_ids`. On SQLite, many
        rows per INSERT statement (an executemany, one statement per row, cost twice as
        much), then the articles' passages added to the full-text index in one INSERT …
        SELECT: fed a row at a time by a trigger, FTS5 cost more, three times more in a
        bulk import."""
        if not sqlite:
            insert_tuples(self.session, PASSAGE, PASSAGE_COLUMNS, rows, sqlite=False)  # COPY
            return
        connection = self.session.connection()
        head = f"INSERT INTO passage ({', '.join(PASSAGE_COLUMNS)}) VALUES "
        one = "(" + ", ".join("?" * len(PASSAGE_COLUMNS)) + ")"
        for start in range(0, len(rows), SQLITE_ROWS_PER_INSERT):
            chunk = rows[start : start + SQLITE_ROWS_PER_INSERT]
            connection.exec_driver_sql(
                head + ", ".join([one] * len(chunk)), tuple(chain.from_iterable(chunk))
            )
        self.session.execute(_INDEX_PASSAGE_TEXTS, {"ids": list(article_ids)})

    def _passage_ids(self, article_ids: Sequence[int]) -> dict[int, list[int]]:
        """Each article's passage ids in the order of their positions."""
        if not article_ids:
            return {}
        out: dict[int, list[int]] = {}
        rows = self.session.execute(_PASSAGE_IDS, {"ids": list(article_ids)})
        for article_id, passage_id in rows:
            out.setdefault(article_id, []).append(passage_id)
        return out

    def tombstone(self, article_id: int, now: dt.datetime) -> None:
        """Out of every timeline (its index rows go), kept with its revisions for audit."""
        self.update_article(article_id, {"deleted_at": now, "updated_at": now})
        days = ThemeDayRepository(self.session)
        days.apply_many([(days.tallies_of([article_id]).get(article_id, Counter()), Counter())])
        self.session.execute(delete(PassageTheme).where(col(PassageTheme.article_id) == article_id))
        FactsRepository(self.session).delete_for_article(article_id)

    def revisions(self, article_id: int) -> list[RevisionSummary]:
        """Each revision's metadata, oldest first. The size is counted by the database:
        the raw bytes (up to megabytes each, and a live blog scraped every few minutes
        gathers thousands of revisions) are never loaded for it."""
        r = ArticleRevision
        rows = self.session.execute(
            select(
                col(r.revision),
                col(r.received_at),
                func.length(col(r.raw_markdown)),
                col(r.raw_sha256),
                col(r.content_sha256),
            )
            .where(col(r.article_id) == article_id)
            .order_by(col(r.revision))
        )
        return [RevisionSummary(*row) for row in rows]

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

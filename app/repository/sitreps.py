"""The per-theme timeline: passages of some themes in a date range, newest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson
from sqlalchemy import (
    DateTime,
    Integer,
    Text,
    bindparam,
    cast,
    func,
    literal_column,
    select,
    true,
    tuple_,
    type_coerce,
    union_all,
)
from sqlmodel import Session, col

from app.models import Article, Passage, PassageTheme
from app.query.filters import Cursor, SitrepQuery
from app.repository import facts, search
from app.repository.base import fetching
from app.repository.search_key import last_key_of, search_key


class SitrepRow(NamedTuple):
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
    updated_at: dt.datetime  # the article's, for feeds; naive on SQLite, where it is UTC
    themes: list[tuple[str, float, list[str]]]  # [theme, score, cues], from the JSON


@dataclass(frozen=True, slots=True)
class PageShape:
    """Which filters a page query has: its statement is built once per shape, with
    every value a bound parameter (building a SELECT and its cache key on each request
    cost more than SQLite takes to run it)."""

    dialect: str
    themes: int
    from_: bool
    to: bool
    min_score: bool
    source: bool
    search: bool
    place: bool
    region: bool
    claimant: bool
    after: bool

    @classmethod
    def of(cls, dialect: str, query: SitrepQuery, after: Cursor | None) -> PageShape:
        return cls(
            dialect,
            len(query.themes),
            query.from_ is not None,
            query.to is not None,
            query.min_score > 0,
            bool(query.source),
            query.search is not None,
            bool(query.place),
            bool(query.region),
            bool(query.claimant),
            after is not None,
        )

    def parameters(self, query: SitrepQuery, after: Cursor | None) -> dict[str, Any]:
        """The values of the shape's bound parameters for `query`."""
        values: dict[str, Any] = {f"theme_{i}": t for i, t in enumerate(query.themes)}
        values["limit"] = query.limit + 1  # one more, to tell whether there is a next page
        if self.walks_first:
            values["walk"] = WALK_CANDIDATES
        if self.from_:
            values["from_"] = query.from_
        if self.to:
            values["to"] = query.to
        if self.min_score:
            values["min_score"] = query.min_score
        if self.source:
            values["sources"] = list(query.source)
        if self.search:
            assert query.search is not None
            values["fts_query"] = search.search_parameter(self.dialect, query.search)
            if self.by_search_key:  # the dates and the cursor as ranges of search keys
                if query.from_ is not None:
                    values["from_key"] = search_key(query.from_, 0)
                if query.to is not None:
                    values["to_key"] = last_key_of(query.to)
                if after is not None:
                    values["after_key"] = search_key(*after)
        if self.place:
            values["places"] = list(query.place)
        if self.region:
            values["regions"] = list(query.region)
        if self.claimant:
            values["claimants"] = list(query.claimant)
        if after is not None:
            values["after_date"], values["after_id"] = after
        return values

    @property
    def by_search_key(self) -> bool:
        """A search on SQLite: the page walks the full-text index in date order."""
        return self.search and self.dialect == "sqlite"

    @property
    def walks_first(self) -> bool:
        """A search on PostgreSQL: first the newest WALK_CANDIDATES passages of the
        filters, tested one by one (walk_statement); the whole match set (statement)
        only when they hold less than a page and older candidates remain."""
        return self.search and self.dialect == "postgresql"

    def keys(self, theme: int, *, limit: str = "limit") -> Any:
        """(passage_id, date) of one theme, newest first: a range of its index, at most
        `limit` keys, the search aside."""
        pt = PassageTheme
        keys = select(col(pt.passage_id), col(pt.date)).where(
            col(pt.theme) == bindparam(f"theme_{theme}")
        )
        keys = self._filtered(self._in_range(keys, col(pt.date), col(pt.passage_id)))
        newest_first = (col(pt.date).desc(), col(pt.passage_id).desc())
        return keys.order_by(*newest_first).limit(bindparam(limit, type_=Integer))

    def searched_keys(self) -> Any:
        """SQLite, with a search: (passage_id, search_key) of the page, newest first. The
        full-text index yields its matches in search-key order, (date, id), from the
        cursor down within the dates; each is kept when one of its themes passes the
        other filters, and the walk stops at the page's last row. (Each theme's range
        filtered by `IN (matches)` built the whole match set per theme per page.)"""
        pt = PassageTheme
        themes: list[Any] = [bindparam(f"theme_{i}") for i in range(self.themes)]
        of_theme: Any = select(literal_column("1")).where(
            col(pt.passage_id) == search.FTS_PASSAGE_ID, col(pt.theme).in_(themes)
        )
        keys = (
            select(search.FTS_PASSAGE_ID.label("passage_id"), search.FTS_KEY.label("search_key"))
            .select_from(search.PASSAGE_FTS)
            .where(search.fts_match(), self._filtered(of_theme).exists())
        )
        if self.from_:
            keys = keys.where(bindparam("from_key") <= search.FTS_KEY)
        if self.to:
            keys = keys.where(bindparam("to_key") >= search.FTS_KEY)
        if self.after:
            keys = keys.where(bindparam("after_key") > search.FTS_KEY)
        return keys.order_by(search.FTS_KEY.desc()).limit(bindparam("limit", type_=Integer))

    def _in_range(self, rows: Any, date: Any, row_id: Any) -> Any:
        """`rows` kept to the page's dates and to what follows its cursor, by their
        `date` and `row_id` columns (passage_theme's, or passage's). SQLite's searches
        take the same range as search keys (searched_keys)."""
        if self.from_:
            rows = rows.where(date >= bindparam("from_"))
        if self.to:
            rows = rows.where(date <= bindparam("to"))
        if self.after:
            after = tuple_(bindparam("after_date"), bindparam("after_id"))
            rows = rows.where(tuple_(date, row_id) < after)
        return rows

    def _filtered(self, theme_rows: Any) -> Any:
        """`theme_rows` (of passage_theme) kept to the filters other than themes, dates,
        search and cursor."""
        pt = PassageTheme
        keys = theme_rows
        if self.min_score:
            keys = keys.where(col(pt.score) >= bindparam("min_score"))
        if self.source:
            by_source = select(col(Article.id)).where(
                col(Article.source).in_(bindparam("sources", expanding=True))
            )
            keys = keys.where(col(pt.article_id).in_(by_source))
        if self.place:
            places = facts.passages_naming(bindparam("places", expanding=True))
            keys = keys.where(col(pt.passage_id).in_(places))
        if self.region:
            regions = facts.passages_in_regions(bindparam("regions", expanding=True))
            keys = keys.where(col(pt.passage_id).in_(regions))
        if self.claimant:
            claimants = facts.passages_by_claimant(bindparam("claimants", expanding=True))
            keys = keys.where(col(pt.passage_id).in_(claimants))
        return keys

    def statement(self) -> Any:
        """The page: its keys joined to their passages and articles, in one SELECT."""
        if self.by_search_key:
            searched = self.searched_keys().subquery()
            return self._joined(searched, col(Passage.date), [searched.c.search_key.desc()])
        keys = self._matched() if self.walks_first else self._newest(limit="limit")
        found = keys.subquery()
        return self._joined(found, found.c.date, [found.c.date.desc(), found.c.passage_id.desc()])

    def _matched(self) -> Any:
        """PostgreSQL, with a search: the page among all the passages matching it in its
        dates (MATERIALIZED: a set built once from the GIN index; inlined, the planner
        could walk a theme's range testing every passage however rare the words), each
        kept when a theme of its passes the filters: a probe of the primary key per match
        (LATERAL … LIMIT 1: as a join, the planner hashed every theme row instead)."""
        p, pt = Passage, PassageTheme
        matching = self._in_range(search.postgres_matching(), col(p.date), col(p.id))
        matches = matching.cte("matching_passages").prefix_with("MATERIALIZED")
        themes: list[Any] = [bindparam(f"theme_{i}") for i in range(self.themes)]
        of_theme = self._filtered(
            select(literal_column("1")).where(
                col(pt.passage_id) == matches.c.id, col(pt.theme).in_(themes)
            )
        )
        kept = of_theme.limit(1).lateral("of_theme")
        return (
            select(matches.c.id.label("passage_id"), matches.c.date)
            .select_from(matches)
            .join(kept, true())
            .order_by(matches.c.date.desc(), matches.c.id.desc())
            .limit(bindparam("limit", type_=Integer))
        )

    def walk_statement(self) -> Any:
        """PostgreSQL, with a search: the page among the newest `walk` passages of the
        other filters, each tested against the search. Right whenever it finds a whole
        page (limit + 1 rows): those candidates are the filters' newest, in order. The
        planner, left to choose, walked the theme index testing every passage (~26 µs
        each) however rare the words: `q=bakhmut` took 9 s at 1M passages."""
        candidates = self._newest(limit="walk").subquery()
        p = Passage
        keys = (
            select(candidates.c.passage_id, candidates.c.date)
            .join(p, col(p.id) == candidates.c.passage_id)
            .where(search.postgres_match(col(p.text)))
            .order_by(candidates.c.date.desc(), candidates.c.passage_id.desc())
            .limit(bindparam("limit", type_=Integer))
        )
        found = keys.subquery()
        return self._joined(found, found.c.date, [found.c.date.desc(), found.c.passage_id.desc()])

    def candidates_statement(self) -> Any:
        """PostgreSQL, with a search: how many candidates walk_statement tests."""
        return select(func.count()).select_from(self._newest(limit="walk").subquery())

    def _newest(self, *, limit: str) -> Any:
        """The first `limit` (passage_id, date) of the page's themes, newest first, the
        search aside."""
        if self.themes == 1:
            return self.keys(0, limit=limit)
        # Each theme's first `limit` keys come from its own index range, and the page is
        # the first `limit` distinct passages of their union: any passage of the page is
        # within its themes' own first `limit`. One IN (…) over all themes would sort
        # every matching row again for each page (quadratic exports).
        ranges = [self.keys(t, limit=limit).subquery() for t in range(self.themes)]
        # each range wrapped: a member of a compound SELECT may not have its own LIMIT
        per_theme = union_all(*(select(r.c.passage_id, r.c.date) for r in ranges)).subquery()
        return (
            select(per_theme.c.passage_id, per_theme.c.date)
            .group_by(per_theme.c.passage_id, per_theme.c.date)
            .order_by(per_theme.c.date.desc(), per_theme.c.passage_id.desc())
            .limit(bindparam(limit, type_=Integer))
        )

    def _joined(self, found: Any, date: Any, newest_first: list[Any]) -> Any:
        """The rows of the keys `found`, in order: passage, article and themes."""
        p, a = Passage, Article
        return (
            select(
                found.c.passage_id,
                date,
                col(p.text),
                col(p.heading),
                col(p.claimant),
                col(p.unverified),
                col(a.id),
                col(a.title),
                col(a.canonical_url),
                col(a.source),
                # for feeds only: read as a plain DateTime, without UTCDateTime's Python
                # step on every row (the feed makes it UTC; SQLite's is naive)
                type_coerce(col(a.updated_at), DateTime()),
            )
            .add_columns(_themes_of(self.dialect, found.c.passage_id))
            .join(p, col(p.id) == found.c.passage_id)
            .join(a, col(a.id) == col(p.article_id))
            .order_by(*newest_first)
        )


_PAGES: dict[PageShape, Any] = {}  # at most a few hundred shapes: the filters' combinations
_WALKS: dict[PageShape, tuple[Any, Any]] = {}  # PostgreSQL searches: walk, candidates
# How many of the filters' newest passages a PostgreSQL search tests before it asks for
# the whole match set: at most ~26 ms of parsing; a word in 5% of them fills a page of 50.
WALK_CANDIDATES = 1_000


def _walked(connection: Any, shape: PageShape, parameters: dict[str, Any]) -> Sequence[Any] | None:
    """A PostgreSQL search's page from its walk, or None when the walk cannot tell: it
    found less than a page among as many candidates as it may test, and older passages
    may still match."""
    statements = _WALKS.get(shape)
    if statements is None:
        statements = _WALKS[shape] = (shape.walk_statement(), shape.candidates_statement())
    walk, candidates = statements
    page = connection.execute(walk, parameters).all()
    if len(page) == parameters["limit"]:
        return page
    # fewer candidates than the walk may test: it saw them all (a rare outlet, a short
    # window), and its page is the whole answer
    if connection.execute(candidates, parameters).scalar_one() < parameters["walk"]:
        return page
    return None


def _themes_of(dialect: str, passage_id: Any) -> Any:
    """A passage's themes as one JSON array of [theme, score, cues], a column of the
    page's SELECT (a second SELECT by `IN (ids)` rendered its list into the SQL on every
    request; a join repeated each passage's columns once per theme)."""
    pt = PassageTheme.__table__  # type: ignore[attr-defined]
    if dialect == "postgresql":
        themes = func.json_agg(func.json_build_array(pt.c.theme, pt.c.score, pt.c.cues))
    else:
        themes = func.json_group_array(
            func.json_array(pt.c.theme, pt.c.score, func.json(pt.c.cues))
        )
    return select(cast(themes, Text)).where(pt.c.passage_id == passage_id).scalar_subquery()


class SitrepRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def highlights(self, query: SitrepQuery, rows: Sequence[SitrepRow]) -> dict[int, str]:
        """The search highlights of a page's rows, by passage id."""
        if not query.search:
            return {}
        return search.highlights(self.session, query.search, [(r.passage_id, r.date) for r in rows])

    def page(self, query: SitrepQuery, after: Cursor | None) -> list[SitrepRow]:
        """One page (limit + 1 rows, to tell whether there is a next). Core rows through
        the connection: no ORM result processing."""
        connection = self.session.connection()
        shape = PageShape.of(connection.dialect.name, query, after)
        parameters = shape.parameters(query, after)
        with fetching(self.session):
            page = _walked(connection, shape, parameters) if shape.walks_first else None
            if page is None:
                statement = _PAGES.get(shape)
                if statement is None:
                    statement = _PAGES[shape] = shape.statement()
                page = connection.execute(statement, parameters).all()
        # mypy cannot count a Row's columns: the page's are SitrepRow's fields, themes last
        return [SitrepRow(*row[:-1], orjson.loads(row[-1])) for row in page]  # type: ignore[call-arg]

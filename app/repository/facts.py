"""Every SQL statement about the facts of passages: places named, figures reported."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import BindParameter, Table, bindparam, delete, select, tuple_
from sqlmodel import Session, col

from app.models import Article, Passage
from app.models.facts import FigureRow, PassagePlace

if TYPE_CHECKING:  # the query layer (FastAPI, the gazetteer) stays out of a writer
    from app.query.facts_filters import FigureQuery
    from app.query.filters import Cursor

PLACE: Table = PassagePlace.__table__  # type: ignore[attr-defined]
FIGURE: Table = FigureRow.__table__  # type: ignore[attr-defined]
PLACE_COLUMNS = ("passage_id", "place_id", "region", "article_id", "date")
FIGURE_COLUMNS = (
    "passage_id",
    "article_id",
    "date",
    "kind",
    "value",
    "qualifier",
    "unit",
    "claimant",
    "surface",
)

_DELETE_PLACES = delete(PLACE).where(PLACE.c.article_id.in_(bindparam("ids", expanding=True)))
_DELETE_FIGURES = delete(FIGURE).where(FIGURE.c.article_id.in_(bindparam("ids", expanding=True)))


def insert_tuples(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple[object, ...]],
    *,
    sqlite: bool,
) -> None:
    """Rows given as tuples in `columns` order, stored in bulk, past SQLAlchemy's
    per-row parameter processing: the values must be as the database takes them
    (JSON as text; on SQLite dates as ISO text too).

    SQLite: one executemany straight to the driver. PostgreSQL: COPY, its bulk path,
    in this transaction (psycopg formats the rows in C), where an executemany sends one
    Bind/Execute per row for ~50 µs of Python each: a hundred rows an article.
    """
    if not rows:
        return
    names = ", ".join(columns)
    if sqlite:
        marks = ", ".join("?" * len(columns))
        session.connection().exec_driver_sql(
            f"INSERT INTO {table.name} ({names}) VALUES ({marks})", list(rows)
        )
        return
    driver: Any = session.connection().connection.driver_connection
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


@dataclass(frozen=True, slots=True)
class FigureItem:
    figure: FigureRow
    article: Article


def passages_naming(place_ids: Sequence[str] | BindParameter[Any]) -> Any:
    """SELECT passage_id of passages that name any of these places (a subquery); the
    ids may be an expanding bound parameter, as the next two take too."""
    return select(col(PassagePlace.passage_id)).where(col(PassagePlace.place_id).in_(place_ids))


def passages_in_regions(regions: Sequence[str] | BindParameter[Any]) -> Any:
    """SELECT passage_id of passages that name a place in any of these regions."""
    return select(col(PassagePlace.passage_id)).where(col(PassagePlace.region).in_(regions))


def passages_by_claimant(claimants: Sequence[str] | BindParameter[Any]) -> Any:
    """SELECT id of passages attributed to any of these kinds of source."""
    return select(col(Passage.id)).where(col(Passage.claimant).in_(claimants))


class FactsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- writes ------------------------------------------------------------------

    def delete_for_article(self, article_id: int) -> None:
        self.session.execute(delete(PassagePlace).where(col(PassagePlace.article_id) == article_id))
        self.session.execute(delete(FigureRow).where(col(FigureRow.article_id) == article_id))

    def delete_for_articles(self, article_ids: Sequence[int]) -> None:
        self.session.execute(_DELETE_PLACES, {"ids": list(article_ids)})
        self.session.execute(_DELETE_FIGURES, {"ids": list(article_ids)})

    def insert_rows(
        self,
        place_rows: Sequence[tuple[object, ...]],
        figure_rows: Sequence[tuple[object, ...]],
        *,
        sqlite: bool,
    ) -> None:
        """Rows complete with their passage ids, in PLACE_COLUMNS and FIGURE_COLUMNS
        order (on SQLite, values as stored: dates as ISO text)."""
        insert_tuples(self.session, PLACE, PLACE_COLUMNS, place_rows, sqlite=sqlite)
        insert_tuples(self.session, FIGURE, FIGURE_COLUMNS, figure_rows, sqlite=sqlite)

    # --- reads -------------------------------------------------------------------

    def places_of(self, passage_ids: Sequence[int]) -> dict[int, list[str]]:
        """Place ids of each passage, for the GeoJSON of a page of passages."""
        if not passage_ids:
            return {}
        out: dict[int, list[str]] = {}
        rows = self.session.execute(
            select(col(PassagePlace.passage_id), col(PassagePlace.place_id)).where(
                col(PassagePlace.passage_id).in_(passage_ids)
            )
        )
        for passage_id, place_id in rows:
            out.setdefault(passage_id, []).append(place_id)
        return out

    def figures_page(self, query: FigureQuery, after: Cursor | None) -> list[FigureItem]:
        """One page of figures (limit + 1, to tell whether there is a next), newest first."""
        f = FigureRow
        stmt = select(f)
        if query.kind:
            stmt = stmt.where(col(f.kind).in_(query.kinds))
        if query.from_:
            stmt = stmt.where(col(f.date) >= query.from_)
        if query.to:
            stmt = stmt.where(col(f.date) <= query.to)
        if query.claimant:
            stmt = stmt.where(col(f.claimant).in_(query.claimant))
        if query.place:
            stmt = stmt.where(col(f.passage_id).in_(passages_naming(query.place)))
        if query.region:
            stmt = stmt.where(col(f.passage_id).in_(passages_in_regions(query.region)))
        # only live articles, as the per-theme timeline
        live = select(col(Article.id)).where(col(Article.deleted_at).is_(None))
        stmt = stmt.where(col(f.article_id).in_(live))
        if after:
            stmt = stmt.where(tuple_(col(f.date), col(f.id)) < tuple_(*after))
        stmt = stmt.order_by(col(f.date).desc(), col(f.id).desc()).limit(query.limit + 1)
        figures = list(self.session.scalars(stmt))
        if not figures:
            return []
        article_ids = {x.article_id for x in figures}
        articles = {
            a.id: a
            for a in self.session.scalars(select(Article).where(col(Article.id).in_(article_ids)))
        }
        return [FigureItem(x, articles[x.article_id]) for x in figures]

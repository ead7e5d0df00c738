"""Every SQL statement about the facts of passages: places named, figures reported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, tuple_
from sqlmodel import Session, col

from app.models import Article, Passage
from app.models.facts import FigureRow, PassagePlace
from app.pipeline.facts import PassageFacts
from app.query.facts_filters import FigureQuery
from app.query.filters import Cursor


@dataclass(frozen=True, slots=True)
class FigureItem:
    figure: FigureRow
    article: Article


def passages_naming(place_ids: Sequence[str]) -> Any:
    """SELECT passage_id of passages that name any of these places (a subquery)."""
    return select(col(PassagePlace.passage_id)).where(col(PassagePlace.place_id).in_(place_ids))


def passages_in_regions(regions: Sequence[str]) -> Any:
    """SELECT passage_id of passages that name a place in any of these regions."""
    return select(col(PassagePlace.passage_id)).where(col(PassagePlace.region).in_(regions))


def passages_by_claimant(claimants: Sequence[str]) -> Any:
    """SELECT id of passages attributed to any of these kinds of source."""
    return select(col(Passage.id)).where(col(Passage.claimant).in_(claimants))


class FactsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- writes ------------------------------------------------------------------

    def delete_for_article(self, article_id: int) -> None:
        self.session.execute(delete(PassagePlace).where(col(PassagePlace.article_id) == article_id))
        self.session.execute(delete(FigureRow).where(col(FigureRow.article_id) == article_id))

    def insert_for_passages(
        self,
        article_id: int,
        date: dt.date,
        passage_ids: Sequence[int | None],
        facts: Sequence[PassageFacts],
    ) -> None:
        """The places and figures of freshly inserted passages (ids in their order, as
        INSERT … RETURNING gives them: never None, typed so)."""
        place_rows = [
            {
                "passage_id": pid,
                "place_id": place.id,
                "region": place.region,
                "article_id": article_id,
                "date": date,
            }
            for pid, f in zip(passage_ids, facts, strict=True)
            for place in f.places
        ]
        figure_rows = [
            {
                "passage_id": pid,
                "article_id": article_id,
                "date": date,
                "kind": fig.kind,
                "value": fig.value,
                "qualifier": fig.qualifier,
                "unit": fig.unit,
                "claimant": fig.claimant,
                "surface": fig.surface[:64],
            }
            for pid, f in zip(passage_ids, facts, strict=True)
            for fig in f.figures
        ]
        if place_rows:
            self.session.execute(insert(PassagePlace), place_rows)
        if figure_rows:
            self.session.execute(insert(FigureRow), figure_rows)

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

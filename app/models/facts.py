"""Facts of passages: the places they name and the figures they report.

Both tables copy `article_id` and `date` from the article, as passage_theme does, so
"passages about UA-14 in February" and "drones launched in February" are each one index
range scan, and an article's rows are deleted by one indexed DELETE when it is reparsed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel


class PassagePlace(SQLModel, table=True):
    """A place a passage names, resolved to a gazetteer entry (app/pipeline/places.py)."""

    __tablename__ = "passage_place"

    passage_id: int = Field(
        sa_column=Column(Integer, ForeignKey("passage.id", ondelete="CASCADE"), primary_key=True)
    )
    place_id: str = Field(primary_key=True, max_length=64)  # gazetteer id: "gn703656", "UA-63"
    region: str = Field(max_length=8)  # ISO 3166-2 of the place: "UA-63"
    # no foreign key of its own: see PassageTheme.article_id
    article_id: int = Field(sa_column=Column(Integer, nullable=False))
    date: dt.date

    __table_args__ = (
        Index("ix_passage_place_place_id_date_passage_id", "place_id", "date", "passage_id"),
        Index("ix_passage_place_region_date_passage_id", "region", "date", "passage_id"),
        Index("ix_passage_place_article_id", "article_id"),
    )


class FigureRow(SQLModel, table=True):
    """A figure a passage reports: kind, value and who reported it."""

    __tablename__ = "figure"

    id: int | None = Field(default=None, primary_key=True)
    passage_id: int = Field(
        sa_column=Column(Integer, ForeignKey("passage.id", ondelete="CASCADE"), nullable=False)
    )
    # no foreign key of its own: see PassageTheme.article_id
    article_id: int = Field(sa_column=Column(Integer, nullable=False))
    date: dt.date
    kind: str = Field(max_length=32)
    value: int = Field(sa_column=Column(BigInteger, nullable=False))  # "1.2 million households"
    qualifier: str = Field(max_length=16)  # exact, at_least, more_than, about, up_to, fewer_than
    unit: str | None = Field(default=None, max_length=16)  # without_power: people, households…
    claimant: str | None = Field(default=None, max_length=24)
    surface: str = Field(max_length=64)  # the number as written: "more than 1,200"

    __table_args__ = (
        Index("ix_figure_kind_date_id", "kind", "date", "id"),
        Index("ix_figure_date_id", "date", "id"),
        Index("ix_figure_article_id", "article_id"),
        Index("ix_figure_passage_id", "passage_id"),
    )

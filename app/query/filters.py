"""Frozen query objects: every read endpoint's filters, validated once.

The date-range rule (ISO dates, both inclusive, `from` ≤ `to`) is written here
once and shared by every endpoint that filters by date.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Annotated, Self

import orjson
from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.core.errors import BadRequest
from app.pipeline.types import THEMES, Theme

MAX_LIMIT = 200


class DateRange(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")

    from_: dt.date | None = Field(
        None,
        alias="from",
        description="First day, ISO date, inclusive. Filters on the article's date.",
        examples=["2026-02-01"],
    )
    to: dt.date | None = Field(
        None,
        description="Last day, ISO date, inclusive.",
        examples=["2026-02-07"],
    )

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.from_ and self.to and self.from_ > self.to:
            raise ValueError(
                f"the date range is inverted: from={self.from_} is after to={self.to}; swap them"
            )
        return self


Limit = Annotated[
    int,
    Field(ge=1, le=MAX_LIMIT, description=f"Page size, 1 to {MAX_LIMIT}.", examples=[50]),
]
CursorParam = Annotated[
    str | None,
    Field(
        description="Opaque cursor: the `next_cursor` of the previous page.",
        examples=["WyIyMDI2LTAyLTA0IiwxMjNd"],
        max_length=200,
    ),
]


class SitrepQuery(DateRange):
    theme: list[Theme] = Field(
        default_factory=list,
        description="Theme slug; repeat for several. None means all six.",
        examples=[["energy"]],
    )
    min_score: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Only passage themes scored at least this.",
        examples=[0.5],
    )
    limit: Limit = 50
    cursor: CursorParam = None

    @property
    def themes(self) -> tuple[Theme, ...]:
        return tuple(dict.fromkeys(self.theme)) if self.theme else THEMES


class ArticleQuery(DateRange):
    limit: Limit = 50
    cursor: CursorParam = None


# Keyset cursors: (date, id) of the last row served, newest-first order.
Cursor = tuple[dt.date, int]


def encode_cursor(date: dt.date, row_id: int) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([date.isoformat(), row_id])).decode().rstrip("=")


def decode_cursor(token: str | None) -> Cursor | None:
    if token is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        date_text, row_id = orjson.loads(raw)
        if not isinstance(row_id, int) or isinstance(row_id, bool):
            raise TypeError
        return dt.date.fromisoformat(date_text), row_id
    except (binascii.Error, orjson.JSONDecodeError, ValueError, TypeError):
        raise BadRequest(
            "The cursor is not valid: pass the `next_cursor` of a previous page unchanged.",
            parameter="cursor",
        ) from None

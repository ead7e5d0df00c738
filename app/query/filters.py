"""Frozen query objects: every read endpoint's filters, validated once.

The date-range rule (ISO dates, both inclusive, `from` ≤ `to`) is written here
once and shared by every endpoint that filters by date.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal, Self
from urllib.parse import urlsplit

import orjson
from fastapi import Path
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from app.core.errors import BadRequest
from app.pipeline.types import THEMES, Theme
from app.query.facts_params import (
    MAX_FILTER_VALUES,
    ClaimantParam,
    PlaceParam,
    RegionParam,
    check_regions,
    repeated_values,
    resolve_places,
)

MAX_LIMIT = 200
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day_only(value: object) -> object:
    # pydantic's lax dates also take a number as Unix seconds (to=0 is 1970-01-01):
    # a date in a URL is an ISO day, nothing else.
    if isinstance(value, str) and not _ISO_DAY.fullmatch(value):
        raise ValueError(f"{value!r} is not an ISO date: give YYYY-MM-DD")
    return value


# Ids are 32-bit on the wire: a larger one cannot exist, and SQLite would overflow on it.
MAX_ID = 2**31 - 1
ArticleId = Annotated[int, Path(ge=1, le=MAX_ID, description="The article's id.", examples=[42])]

# A calendar day as the API takes it: YYYY-MM-DD only.
IsoDate = Annotated[dt.date, BeforeValidator(_iso_day_only)]


class DateRange(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")

    from_: IsoDate | None = Field(
        None,
        alias="from",
        description="First day, ISO date, inclusive. Filters on the article's date.",
        examples=["2026-02-01"],
    )
    to: IsoDate | None = Field(
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


ThemeParam = Annotated[
    list[Theme],
    Field(
        description="Theme slug; repeat for several. None means all six.",
        examples=[["energy"]],
    ),
]
MinScore = Annotated[
    float,
    Field(ge=0.0, le=1.0, description="Only passage themes scored at least this.", examples=[0.5]),
]
SourceParam = Annotated[
    list[str],
    Field(
        description="Only articles from this outlet: its domain (`www.` and case ignored; a "
        f"URL is reduced to its domain). Repeat for several (at most {MAX_FILTER_VALUES}).",
        examples=[["reuters.com"]],
    ),
]
SearchParam = Annotated[
    str | None,
    Field(
        min_length=1,
        max_length=200,
        description="Full-text search in passage text: every word must occur (stemmed: "
        '`strikes` finds `strike`); `"a phrase"` in quotes, `OR` between alternatives, '
        "`-word` to exclude. Each item then has a `highlight`: its text, HTML-escaped, with "
        "the matching words in `<mark>`…`</mark>`.",
        examples=["substation OR refinery"],
    ),
]

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True, slots=True)
class SearchTerms:
    """A search, parsed once: AND of groups, each an OR of phrases; minus excluded phrases.
    Each backend's repository renders it in its own syntax, so no user text ever reaches
    a full-text query parser unquoted."""

    groups: tuple[tuple[tuple[str, ...], ...], ...]
    excluded: tuple[tuple[str, ...], ...]


def parse_search(q: str) -> SearchTerms:
    groups: list[list[tuple[str, ...]]] = []
    excluded: list[tuple[str, ...]] = []
    pending_or = False
    for match in _TOKEN.finditer(q):
        minus, quoted, bare = match.groups()
        if bare is not None and bare.upper() == "OR":
            pending_or = bool(groups)
            continue
        if bare is not None and bare.startswith("-"):
            minus, bare = "-", bare[1:]
        phrase = tuple(w.casefold() for w in _WORD.findall(quoted if bare is None else bare))
        if not phrase:
            continue
        if minus:
            excluded.append(phrase)
        elif pending_or:
            groups[-1].append(phrase)
        else:
            groups.append([phrase])
        pending_or = False
    return SearchTerms(tuple(tuple(g) for g in groups), tuple(excluded))


def _check_search(value: str | None) -> str | None:
    if value is not None and not parse_search(value).groups:
        raise ValueError("q has no word to search for: give at least one word (not only -word)")
    return value


def _normalize_sources(value: object) -> object:
    # bounded like places and regions: 3,000 sources made one page at 1M passages 1.8 s
    items = repeated_values(value, "sources")
    if items is None:
        return value
    out = []
    for item in items:
        if not isinstance(item, str):
            return value  # let pydantic say what is wrong
        text = item.strip().casefold()
        host = urlsplit(text).hostname if "://" in text else text.split("/")[0]
        host = (host or "").removeprefix("www.").rstrip(".")
        if not host or not host.isprintable():  # NUL: PostgreSQL refuses it in text (a 500)
            raise ValueError(f"source {item!r} is not a domain: give one like `reuters.com`")
        out.append(host)
    return list(dict.fromkeys(out))


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
    q: SearchParam = None
    source: SourceParam = []
    format: Literal["json", "csv", "ndjson", "atom", "geojson"] | None = Field(
        None,
        description="Representation, instead of the Accept header: `json` (one page), "
        "`csv` or `ndjson` (every matching passage from `cursor` on, streamed), `atom` "
        "(a feed of one page, newest first, with a `next` link), `geojson` (one page as a "
        "FeatureCollection: each passage a MultiPoint of the places it names).",
        examples=["csv"],
    )
    # facts (app/query/facts_params.py): any of the values, ANDed with the other filters
    place: PlaceParam = Field(default_factory=list)
    region: RegionParam = Field(default_factory=list)
    claimant: ClaimantParam = Field(default_factory=list)

    _place = field_validator("place", mode="before")(lambda v: resolve_places(v))
    _region = field_validator("region", mode="before")(lambda v: check_regions(v))

    _q = field_validator("q")(lambda v: _check_search(v))
    _source = field_validator("source", mode="before")(lambda v: _normalize_sources(v))

    @property
    def themes(self) -> tuple[Theme, ...]:
        return tuple(dict.fromkeys(self.theme)) if self.theme else THEMES

    @property
    def search(self) -> SearchTerms | None:
        return parse_search(self.q) if self.q else None


class ReportQuery(BaseModel):
    """GET /sitreps/{date}: the day comes from the path."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    theme: ThemeParam = []
    source: SourceParam = []
    min_score: MinScore = 0.0
    format: Literal["json", "csv", "ndjson"] | None = Field(
        None,
        description="Representation, instead of the Accept header: `json` (the report), "
        "`csv` or `ndjson` (one row per merged passage, streamed).",
        examples=["json"],
    )

    _source = field_validator("source", mode="before")(lambda v: _normalize_sources(v))

    @property
    def themes(self) -> tuple[Theme, ...]:
        return tuple(dict.fromkeys(self.theme)) if self.theme else THEMES


Interval = Literal["day", "week", "month"]
MAX_BUCKETS = 3700  # ten years of days: enough for any chart, bounded for the server


class TimelineQuery(DateRange):
    theme: ThemeParam = []
    source: SourceParam = []
    interval: Interval = Field(
        "day",
        description="Bucket size: `day`, `week` (ISO weeks, Monday first) or `month`.",
        examples=["week"],
    )
    format: Literal["json", "csv", "ndjson"] | None = Field(
        None,
        description="Representation, instead of the Accept header: `json`, `csv` or "
        "`ndjson` (one row per bucket and theme).",
        examples=["csv"],
    )

    _source = field_validator("source", mode="before")(lambda v: _normalize_sources(v))

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
        if not isinstance(row_id, int) or isinstance(row_id, bool) or not 0 < row_id <= MAX_ID:
            raise TypeError
        return dt.date.fromisoformat(date_text), row_id
    except (binascii.Error, orjson.JSONDecodeError, ValueError, TypeError):
        raise BadRequest(
            "The cursor is not valid: pass the `next_cursor` of a previous page unchanged.",
            parameter="cursor",
        ) from None

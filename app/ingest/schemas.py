"""What the ingest endpoints take and answer."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.pipeline.types import DateSource

IngestStatus = Literal["created", "unchanged", "updated", "deleted"]


class ArticleIn(BaseModel):
    """One article as JSON: the raw scraped markdown file in one string."""

    model_config = ConfigDict(extra="forbid")

    markdown: str = Field(
        min_length=1,
        description="The scraped file: YAML front matter, then the markdown body.",
        examples=[
            "---\ntitle: Grid hit overnight\nsource: https://example.org/2026/02/04/grid\n"
            "date: unknown\n---\nPower outages hit Kharkiv after a drone attack.\n"
        ],
    )


class IngestReceipt(BaseModel):
    """What was stored, and what the pipeline found in it."""

    id: int = Field(description="The article's id.", examples=[42])
    status: IngestStatus = Field(
        description="created: new article; unchanged: already stored as is; updated: a new "
        "revision of a stored article; deleted: the article was deleted by an admin and is "
        "not stored again.",
        examples=["created"],
    )
    revision: int = Field(description="The article's current revision number.", examples=[1])
    url: str = Field(
        description="The canonical URL the article is stored under (urn:sha256:… when the "
        "article names no source URL).",
        examples=["https://example.org/2026/02/04/grid"],
    )
    source_url: str | None = Field(description="The `source` of the front matter, as sent.")
    title: str | None = Field(examples=["Grid hit overnight"])
    date: dt.date = Field(description="The article's date.", examples=["2026-02-04"])
    date_source: DateSource = Field(
        description="Where the date came from: front_matter, url, dateline, or received (the "
        "day it was ingested, when nothing else told).",
        examples=["url"],
    )
    not_article: bool = Field(
        description="True for a page that is not an article (home page, menu); it is stored "
        "but kept out of every timeline."
    )
    passages: int = Field(description="Passages stored.", examples=[12])
    themes: dict[str, int] = Field(
        description="Passages per theme (only themes with at least one).",
        examples=[{"energy": 3, "air_strikes": 2}],
    )
    dropped_lines: int = Field(description="Body lines dropped as boilerplate.", examples=[4])
    parser_version: str = Field(examples=["2026.11.27-1"])
    warnings: list[str] = Field(description="What was odd about the input.")


class BatchItemResult(BaseModel):
    index: int = Field(description="0-based position of the item in the batch.", examples=[0])
    status: int = Field(
        description="The HTTP status this item would have had on its own.", examples=[201]
    )
    receipt: IngestReceipt | None = Field(None, description="Set when the item was stored.")
    problem: dict[str, object] | None = Field(
        None, description="Set when the item failed: an RFC 9457 problem object."
    )


class BatchReceipt(BaseModel):
    items: list[BatchItemResult] = Field(description="One result per item, in order.")
    created: int = Field(examples=[40])
    updated: int = Field(examples=[2])
    unchanged: int = Field(examples=[5])
    failed: int = Field(examples=[1])


class WebhookData(BaseModel):
    model_config = ConfigDict(extra="allow")

    markdown: str = Field(min_length=1, description="The scraped article file.")


class WebhookPayload(BaseModel):
    """A Standard Webhooks event: `{"type": "article.scraped", "data": {"markdown": …}}`."""

    model_config = ConfigDict(extra="allow")

    type: Literal["article.scraped"] = Field(description="The event type.")
    data: WebhookData
    timestamp: str | None = Field(None, description="When the event happened (optional).")

"""What the read endpoints answer."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.pipeline.types import Theme


class ThemeEvidence(BaseModel):
    theme: Theme = Field(examples=["energy"])
    score: float = Field(description="0..1: how sure the classifier is.", examples=[0.86])
    cues: list[str] = Field(
        description="The cues that fired: why the passage has this theme.",
        examples=[["power outage", "substation"]],
    )


class ArticleRef(BaseModel):
    id: int = Field(examples=[42])
    title: str | None = Field(examples=["Drones hit Kharkiv substation"])
    url: str = Field(description="Canonical URL.", examples=["https://example.org/2026/02/04/x"])
    source: str | None = Field(description="The outlet's domain.", examples=["example.org"])
    date: dt.date = Field(examples=["2026-02-04"])


class SitrepItem(BaseModel):
    passage_id: int = Field(examples=[1234])
    date: dt.date = Field(description="The article's date.", examples=["2026-02-04"])
    text: str = Field(examples=["Russian drones struck a substation in Kharkiv overnight."])
    heading: str | None = Field(description="The heading the passage sits under.")
    themes: list[ThemeEvidence]
    article: ArticleRef


class SitrepPage(BaseModel):
    items: list[SitrepItem]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null on the last page."
    )


class PassageOut(BaseModel):
    id: int
    position: int = Field(description="0-based order in the article.")
    line_no: int = Field(description="1-based index among the body's non-empty lines.")
    kind: str = Field(examples=["paragraph"])
    text: str
    heading: str | None
    parser_version: str
    themes: list[ThemeEvidence]


class ArticleSummary(BaseModel):
    id: int
    url: str = Field(description="Canonical URL (urn:sha256:… when none was given).")
    source_url: str | None = Field(description="The source URL as the scraper sent it.")
    source: str | None = Field(description="The outlet's domain.")
    title: str | None
    description: str | None
    date: dt.date
    date_source: str
    word_count: int | None
    not_article: bool
    revision: int
    parser_version: str
    created_at: dt.datetime
    updated_at: dt.datetime


class ArticleDetail(ArticleSummary):
    warnings: list[str]
    passages: list[PassageOut]


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    next_cursor: str | None


class ThemeInfo(BaseModel):
    slug: Theme = Field(examples=["energy"])
    name: str = Field(examples=["Energy"])
    description: str
    passages: int = Field(description="Passages with this theme, in live articles.")


class Health(BaseModel):
    status: str = Field(examples=["ok"])

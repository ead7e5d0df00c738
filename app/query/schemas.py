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
    claimant: str | None = Field(
        None,
        description="Who the text attributes the passage to (`ukraine_official`, "
        "`russia_official`, `international`, `analyst`, `media`); null when it does not say.",
        examples=["russia_official"],
    )
    unverified: bool = Field(
        False, description='The text says it "could not be independently verified".'
    )
    article: ArticleRef
    highlight: str | None = Field(
        None,
        description="Only with `q`: the text, HTML-escaped, with the matching words in "
        "`<mark>`…`</mark>`.",
        examples=["Drones struck a <mark>substation</mark> in Kharkiv."],
    )


class SitrepPage(BaseModel):
    items: list[SitrepItem]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null on the last page."
    )


class PlaceOut(BaseModel):
    id: str = Field(
        description="Gazetteer id; `place=` on /sitreps takes it.", examples=["gn706483"]
    )
    name: str = Field(examples=["Kharkiv"])
    kind: str = Field(description="oblast, region, republic, city, town, village or facility.")
    region: str = Field(description="ISO 3166-2 code of its region.", examples=["UA-63"])
    lat: float | None = Field(description="Latitude (WGS 84).", examples=[49.98])
    lon: float | None = Field(description="Longitude (WGS 84).", examples=[36.25])


class PassageOut(BaseModel):
    id: int
    position: int = Field(description="0-based order in the article.")
    line_no: int = Field(description="1-based index among the body's non-empty lines.")
    kind: str = Field(examples=["paragraph"])
    text: str
    heading: str | None
    parser_version: str
    themes: list[ThemeEvidence]
    claimant: str | None = Field(
        None,
        description="Who the text attributes the passage to: `ukraine_official`, "
        "`russia_official`, `international`, `analyst` or `media`; null when it does not say.",
        examples=["ukraine_official"],
    )
    unverified: bool = Field(
        False, description='The text says it "could not be independently verified".'
    )
    places: list[PlaceOut] = Field(
        default_factory=list, description="The places the passage names, resolved."
    )


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


class RevisionOut(BaseModel):
    revision: int = Field(examples=[2])
    received_at: dt.datetime
    bytes: int = Field(description="Size of the raw markdown as received.", examples=[14211])
    raw_sha256: str = Field(description="SHA-256 of the exact bytes received.")
    content_sha256: str = Field(description="SHA-256 of the text the pipeline kept.")
    current: bool = Field(description="True for the revision the passages come from.")


class AlsoReported(BaseModel):
    passage_id: int = Field(examples=[1301])
    article: ArticleRef


class ReportItem(BaseModel):
    """One development of the day: the best-scored telling, and who else reported it."""

    passage_id: int = Field(examples=[1234])
    text: str = Field(examples=["Russian drones struck a substation in Kharkiv overnight."])
    heading: str | None = Field(description="The heading the passage sits under.")
    score: float = Field(description="0..1: how sure the classifier is.", examples=[0.86])
    cues: list[str] = Field(description="Why the passage has this theme.")
    article: ArticleRef
    also_reported_by: list[AlsoReported] = Field(
        description="Near-duplicate passages of other articles (word 3-shingles with a "
        "Jaccard similarity ≥ 0.5, every such pair found), one per article: the same "
        "development from other sources."
    )


class ReportTheme(BaseModel):
    theme: Theme = Field(examples=["energy"])
    name: str = Field(examples=["Energy"])
    passages: int = Field(description="Passages with this theme that day, before merging.")
    items: list[ReportItem] = Field(
        description="Most widely reported first, then by score. Empty on a covered day: "
        "nothing reported on this theme."
    )


class SourceCoverage(BaseModel):
    source: str | None = Field(description="The outlet's domain.", examples=["example.org"])
    articles: int = Field(examples=[3])


class Coverage(BaseModel):
    has_data: bool = Field(
        description="False when no article of that day was ingested: an empty theme then "
        "means no data, not nothing reported."
    )
    articles: int = Field(description="Live articles of that day (not pages of links).")
    sources: list[SourceCoverage]


class DailyReport(BaseModel):
    date: dt.date = Field(examples=["2026-02-04"])
    coverage: Coverage
    themes: list[ReportTheme] = Field(description="The themes asked for, in the usual order.")


class ThemeCounts(BaseModel):
    passages: int = Field(examples=[12])
    articles: int = Field(description="Distinct articles behind those passages.", examples=[4])


class TimelineBucket(BaseModel):
    start: dt.date = Field(description="First day of the bucket.", examples=["2026-02-02"])
    end: dt.date = Field(description="Last day of the bucket, inclusive.", examples=["2026-02-08"])
    articles_ingested: int = Field(
        description="Live articles of those days, whatever their themes: 0 means no data."
    )
    themes: dict[Theme, ThemeCounts]


class Timeline(BaseModel):
    interval: str = Field(examples=["week"])
    themes: list[Theme]
    from_: dt.date | None = Field(
        alias="from", description="First day of the first bucket (whole buckets)."
    )
    to: dt.date | None = Field(description="Last day of the last bucket.")
    buckets: list[TimelineBucket] = Field(description="Every bucket of the range, zero-filled.")

"""Read-side orchestration: repository rows → response models."""

from __future__ import annotations

from sqlmodel import Session

from app.core.errors import NotFound
from app.models import Article, PassageTheme
from app.pipeline.places import PLACES
from app.pipeline.types import THEMES
from app.query.filters import ArticleQuery, decode_cursor, encode_cursor
from app.query.schemas import (
    ArticleDetail,
    ArticlePage,
    ArticleSummary,
    PassageOut,
    PlaceOut,
    RevisionOut,
    ThemeEvidence,
    ThemeInfo,
)
from app.repository.articles import ArticleRepository
from app.repository.facts import FactsRepository

THEME_INFO: dict[str, tuple[str, str]] = {
    "front_lines": (
        "Front lines",
        "Ground combat and control of territory: assaults, advances, positions held or lost, "
        "troop movements, losses of soldiers, the state of an axis.",
    ),
    "air_strikes": (
        "Air strikes",
        "Missiles, drones, glide bombs and air defence: strikes away from the contact line by "
        "either side, numbers launched and intercepted, air alerts.",
    ),
    "humanitarian": (
        "Humanitarian",
        "What happens to civilians: casualties, damage to homes and hospitals, evacuations, "
        "refugees, aid, prisoner and civilian exchanges, deported children.",
    ),
    "energy": (
        "Energy",
        "Power, heat, gas, oil and nuclear: strikes on the grid, outages, repairs, imports, "
        "refineries, energy sanctions, nuclear plant safety.",
    ),
    "diplomacy": (
        "Diplomacy",
        "Relations between states: negotiations, peace plans, ceasefires, security guarantees, "
        "summits, military aid pledges, sanctions decisions, alliance decisions.",
    ),
    "economy": (
        "Economy",
        "Money, trade and production: GDP, budgets, inflation, trade and exports, the effect "
        "of sanctions, loans, defence-industrial output, reconstruction costs.",
    ),
}


def _evidence(rows: list[PassageTheme]) -> list[ThemeEvidence]:
    order: dict[str, int] = {theme: i for i, theme in enumerate(THEMES)}
    return [
        ThemeEvidence(theme=r.theme, score=r.score, cues=r.cues)  # type: ignore[arg-type]
        for r in sorted(rows, key=lambda r: order.get(r.theme, 99))
    ]


def _summary_fields(article: Article) -> dict[str, object]:
    return {
        "id": article.id,
        "url": article.canonical_url,
        "source_url": article.url,
        "source": article.source,
        "title": article.title,
        "description": article.description,
        "date": article.date,
        "date_source": article.date_source,
        "word_count": article.word_count,
        "not_article": article.not_article,
        "revision": article.revision,
        "parser_version": article.parser_version,
        "created_at": article.created_at,
        "updated_at": article.updated_at,
    }


# GET /sitreps (every representation) is app/query/listing.py.


def article_page(session: Session, query: ArticleQuery) -> ArticlePage:
    articles = list(ArticleRepository(session).page(query, decode_cursor(query.cursor)))
    more = len(articles) > query.limit
    articles = articles[: query.limit]
    last = articles[-1] if articles else None
    return ArticlePage(
        items=[ArticleSummary.model_validate(_summary_fields(a)) for a in articles],
        next_cursor=encode_cursor(last.date, last.id or 0) if more and last else None,
    )


def article_detail(session: Session, article_id: int) -> ArticleDetail:
    repo = ArticleRepository(session)
    article = repo.get(article_id)
    if article is None or article.deleted_at is not None:
        raise NotFound(f"There is no article {article_id}.")
    rows = repo.passages_with_themes(article_id)
    places_of = FactsRepository(session).places_of([r.passage.id or 0 for r in rows])
    passages = [
        PassageOut(
            id=row.passage.id or 0,
            position=row.passage.position,
            line_no=row.passage.line_no,
            kind=row.passage.kind,
            text=row.passage.text,
            heading=row.passage.heading,
            parser_version=row.passage.parser_version,
            themes=_evidence(row.themes),
            claimant=row.passage.claimant,
            unverified=row.passage.unverified,
            places=[_place_out(p) for p in places_of.get(row.passage.id or 0, [])],
        )
        for row in rows
    ]
    return ArticleDetail.model_validate(
        {**_summary_fields(article), "warnings": article.warnings, "passages": passages}
    )


def _place_out(place_id: str) -> PlaceOut:
    p = PLACES.get(place_id)
    if p is None:  # an id from an older gazetteer: still shown, without coordinates
        return PlaceOut(id=place_id, name=place_id, kind="unknown", region="", lat=None, lon=None)
    return PlaceOut(id=p.id, name=p.name, kind=p.kind, region=p.region, lat=p.lat, lon=p.lon)


def theme_catalog(session: Session) -> list[ThemeInfo]:
    counts = ArticleRepository(session).theme_counts()
    return [
        ThemeInfo(
            slug=slug,
            name=THEME_INFO[slug][0],
            description=THEME_INFO[slug][1],
            passages=counts.get(slug, 0),
        )
        for slug in THEMES
    ]


def _stored_article(session: Session, article_id: int) -> Article:
    """An article, deleted or not: revisions and raw markdown stay readable for audit."""
    article = ArticleRepository(session).get(article_id)
    if article is None:
        raise NotFound(f"There is no article {article_id}.")
    return article


def article_revisions(session: Session, article_id: int) -> list[RevisionOut]:
    article = _stored_article(session, article_id)
    return [
        RevisionOut(
            revision=r.revision,
            received_at=r.received_at,
            bytes=r.bytes,
            raw_sha256=r.raw_sha256,
            content_sha256=r.content_sha256,
            current=r.revision == article.revision,
        )
        for r in ArticleRepository(session).revisions(article_id)
    ]


def article_markdown(session: Session, article_id: int, revision: int | None) -> bytes:
    article = _stored_article(session, article_id)
    wanted = revision or article.revision
    raw = ArticleRepository(session).raw_markdown(article_id, wanted)
    if raw is None:
        raise NotFound(
            f"Article {article_id} has no revision {wanted}; it has 1 to {article.revision}."
        )
    return raw

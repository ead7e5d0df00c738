"""The read endpoints: translate HTTP to query objects and back."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.core.deps import SessionDep
from app.core.problems import problem_responses
from app.query import service
from app.query.filters import ArticleQuery, SitrepQuery
from app.query.schemas import ArticleDetail, ArticlePage, SitrepPage, ThemeInfo

router = APIRouter(tags=["read"])


@router.get(
    "/sitreps",
    response_model=SitrepPage,
    summary="Per-theme timeline",
    description="Passages of the given themes whose article date is within from..to (both "
    "inclusive), newest first, paged with an opaque cursor. Each item has the passage's "
    "text, all its themes with evidence, and the article behind it.",
    responses=problem_responses(400, 422),
)
def get_sitreps(query: Annotated[SitrepQuery, Query()], session: SessionDep) -> SitrepPage:
    return service.sitrep_page(session, query)


@router.get(
    "/articles",
    response_model=ArticlePage,
    summary="Articles by date",
    description="Stored articles whose date is within from..to (both inclusive), newest "
    "first, paged with an opaque cursor.",
    responses=problem_responses(400, 422),
)
def list_articles(query: Annotated[ArticleQuery, Query()], session: SessionDep) -> ArticlePage:
    return service.article_page(session, query)


@router.get(
    "/articles/{article_id}",
    response_model=ArticleDetail,
    summary="One article with its passages",
    description="The article's metadata and all of its passages in order, each with its "
    "themes and their evidence (passages with no theme included).",
    responses=problem_responses(404, 422),
)
def get_article(
    article_id: Annotated[int, Path(ge=1, description="The article's id.", examples=[42])],
    session: SessionDep,
) -> ArticleDetail:
    return service.article_detail(session, article_id)


@router.get(
    "/themes",
    response_model=list[ThemeInfo],
    summary="The six themes",
    description="Each theme's slug (the API's vocabulary), meaning and passage count.",
)
def list_themes(session: SessionDep) -> list[ThemeInfo]:
    return service.theme_catalog(session)

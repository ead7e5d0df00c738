"""The read endpoints: translate HTTP to query objects and back."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from app.core.deps import SessionDep, TransactionsDep
from app.core.http_cache import READ_RESPONSES, conditional_get
from app.core.problems import problem_responses
from app.query import facts_router, listing, service
from app.query.filters import MAX_ID, ArticleId, ArticleQuery, SitrepQuery
from app.query.formats import format_responses, negotiate, respond
from app.query.schemas import ArticleDetail, ArticlePage, RevisionOut, SitrepPage, ThemeInfo

# conditional_get: ETag/Last-Modified on every read, 304 before any page query runs
router = APIRouter(
    tags=["read"],
    dependencies=[Depends(conditional_get)],
    responses={**READ_RESPONSES, **problem_responses(422)},
)


SITREP_FORMATS = ("json", "csv", "ndjson", "atom", "geojson")


@router.get(
    "/sitreps",
    response_model=None,
    summary="Per-theme timeline",
    description="Passages of the given themes whose article date is within from..to (both "
    "inclusive), newest first, paged with an opaque cursor. Each item has the passage's "
    "text, all its themes with evidence, and the article behind it. `q` searches the text "
    "(full-text, stemmed) and adds a `highlight`; `source` keeps some outlets.\n\n"
    "Representation by `format=` or `Accept`: JSON (`application/json`, default: one page), "
    "CSV (`text/csv`) and NDJSON (`application/x-ndjson`): every matching passage from "
    "`cursor` on, streamed in keyset pages of `limit`, each read as it is sent (as a "
    "client following `next_cursor` would); Atom (`application/atom+xml`): a "
    "feed of one page with a `next` link. Answers carry ETag and Last-Modified: send them "
    "back in If-None-Match / If-Modified-Since for a 304 while nothing changed.",
    responses=format_responses(SitrepPage, SITREP_FORMATS, "Passages, newest first."),
)
def get_sitreps(
    query: Annotated[SitrepQuery, Query()],
    request: Request,
    session: SessionDep,
    transactions: TransactionsDep,
) -> Response:
    fmt = negotiate(request.headers.get("accept"), query.format, SITREP_FORMATS)
    if fmt == "geojson":
        return respond(fmt, facts_router.sitreps_geojson(session, query))
    # exports are read while they are sent, a page per transaction of their own
    if fmt == "csv":
        return respond(fmt, listing.csv(transactions, query))
    if fmt == "ndjson":
        return respond(fmt, listing.ndjson(transactions, query))
    if fmt == "atom":
        feed = listing.atom(
            session,
            query,
            self_url=str(request.url),
            url_for_cursor=lambda cursor: str(request.url.include_query_params(cursor=cursor)),
        )
        return respond(fmt, feed)
    return respond(fmt, listing.json_page(session, query))


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
    article_id: ArticleId,
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


@router.get(
    "/articles/{article_id}/revisions",
    response_model=list[RevisionOut],
    summary="An article's revisions",
    description="Every version of the article as received, oldest first; a changed "
    "re-scrape of the same URL is a new revision. Kept for deleted articles too.",
    responses=problem_responses(404, 422),
)
def list_revisions(
    article_id: ArticleId,
    session: SessionDep,
) -> list[RevisionOut]:
    return service.article_revisions(session, article_id)


@router.get(
    "/articles/{article_id}/markdown",
    response_class=Response,
    summary="The raw markdown as received",
    description="The exact bytes the scraper sent, of the current revision or of the one "
    "asked for.",
    responses={
        200: {
            "content": {"text/markdown": {"schema": {"type": "string"}}},
            "description": "The raw article file.",
        },
        **problem_responses(404, 422),
    },
)
def get_markdown(
    article_id: ArticleId,
    session: SessionDep,
    revision: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="Revision number; default the current.", examples=[1]),
    ] = None,
) -> Response:
    raw = service.article_markdown(session, article_id, revision)
    return Response(raw, media_type="text/markdown; charset=utf-8")

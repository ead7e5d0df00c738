"""GET /figures: the figures passages report (drones launched, civilians killed…), as a
timeline; and the GeoJSON form of a /sitreps page."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.core.deps import SessionDep
from app.core.http_cache import READ_RESPONSES, conditional_get
from app.core.problems import problem_responses
from app.pipeline.claims import Claimant
from app.pipeline.figures import FigureKind
from app.pipeline.places import PLACES
from app.query import listing
from app.query.facts_filters import FigureQuery
from app.query.filters import SitrepQuery, decode_cursor, encode_cursor
from app.query.schemas import ArticleRef
from app.repository.facts import FactsRepository
from app.repository.sitreps import SitrepRepository

router = APIRouter(
    tags=["read"],
    dependencies=[Depends(conditional_get)],
    responses={**READ_RESPONSES, **problem_responses(400, 422)},
)


class FigureOut(BaseModel):
    id: int = Field(examples=[981])
    date: dt.date = Field(description="The article's date.", examples=["2026-02-07"])
    kind: FigureKind = Field(examples=["drones_launched"])
    value: int = Field(examples=[653])
    qualifier: str = Field(
        description="How the text qualifies the number: `exact`, `at_least`, `more_than`, "
        "`about`, `up_to` or `fewer_than`.",
        examples=["exact"],
    )
    unit: str | None = Field(
        description="For `without_power`: `people`, `households` or `consumers`.",
        examples=[None],
    )
    claimant: Claimant | None = Field(
        description="Who the text says reported it; null when it does not say.",
        examples=["ukraine_official"],
    )
    surface: str = Field(description="The number as written.", examples=["653"])
    passage_id: int = Field(examples=[1234])
    article: ArticleRef


class FigurePage(BaseModel):
    items: list[FigureOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null on the last page."
    )


def figures_json(session: Session, query: FigureQuery) -> bytes:
    repo = FactsRepository(session)
    rows = repo.figures_page(query, decode_cursor(query.cursor))
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    items = [
        {
            "id": r.figure.id,
            "date": r.figure.date,
            "kind": r.figure.kind,
            "value": r.figure.value,
            "qualifier": r.figure.qualifier,
            "unit": r.figure.unit,
            "claimant": r.figure.claimant,
            "surface": r.figure.surface,
            "passage_id": r.figure.passage_id,
            "article": {
                "id": r.article.id,
                "title": r.article.title,
                "url": r.article.canonical_url,
                "source": r.article.source,
                "date": r.article.date,
            },
        }
        for r in rows
    ]
    last = rows[-1].figure if rows else None
    cursor = encode_cursor(last.date, last.id or 0) if more and last else None
    return orjson.dumps({"items": items, "next_cursor": cursor})


@router.get(
    "/figures",
    response_model=FigurePage,
    summary="Figures over time",
    description="Figures the passages report (civilians killed and injured, drones and "
    "missiles launched and intercepted, prisoners exchanged, people without power, "
    "settlements captured), with their value, qualifier and who reported them, whose "
    "article date is within from..to (both inclusive), newest first, paged with an opaque "
    "cursor. The same figure reported by several outlets appears once per passage: the "
    "`article` and `claimant` tell them apart. `place=` and `region=` keep figures of "
    "passages that name a place (or a place in a region): the place of the passage, not "
    "necessarily of the figure.",
)
def get_figures(query: Annotated[FigureQuery, Query()], session: SessionDep) -> Response:
    return Response(figures_json(session, query), media_type="application/json")


def sitreps_geojson(session: Session, query: SitrepQuery) -> bytes:
    """A /sitreps page as a GeoJSON FeatureCollection (RFC 7946): one Feature per passage,
    a MultiPoint of the places it names (null geometry when it names none), the passage's
    JSON fields and its places as properties, `next_cursor` as a foreign member."""
    repo = SitrepRepository(session)
    rows = repo.page(query, decode_cursor(query.cursor))
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    marks = repo.highlights(query, rows)
    places_of = FactsRepository(session).places_of([r.passage_id for r in rows])
    features = []
    for r in rows:
        pid = r.passage_id
        places = [PLACES[p] for p in places_of.get(pid, []) if p in PLACES]
        geometry = (
            {"type": "MultiPoint", "coordinates": [[p.lon, p.lat] for p in places]}
            if places
            else None
        )
        properties = listing.item(r, marks.get(pid), query.q is not None)
        properties["places"] = [
            {"id": p.id, "name": p.name, "kind": p.kind, "region": p.region} for p in places
        ]
        features.append(
            {"type": "Feature", "id": pid, "geometry": geometry, "properties": properties}
        )
    last = rows[-1] if rows else None
    cursor = encode_cursor(last.date, last.passage_id) if more and last else None
    return orjson.dumps({"type": "FeatureCollection", "features": features, "next_cursor": cursor})

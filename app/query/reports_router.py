"""GET /sitreps/{date} and GET /timeline: translate HTTP to query objects and back."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request, Response

from app.core.deps import SessionDep
from app.core.http_cache import READ_RESPONSES, conditional_get
from app.core.problems import problem_responses
from app.query import report, timeline
from app.query.filters import IsoDate, ReportQuery, TimelineQuery
from app.query.formats import csv_stream, format_responses, ndjson_stream, negotiate, respond
from app.query.schemas import DailyReport, Timeline

router = APIRouter(
    tags=["read"],
    dependencies=[Depends(conditional_get)],
    responses={**READ_RESPONSES, **problem_responses(422)},
)

TABLE_FORMATS = ("json", "csv", "ndjson")


@router.get(
    "/sitreps/{date}",
    response_model=None,
    summary="The situation report of one day",
    description="Every theme asked for (default all six) with that day's passages and the "
    "article, source and URL behind each. A development reported by several outlets "
    "appears once: near-duplicate passages of different articles are merged and the "
    "others listed in `also_reported_by`. `coverage` lists the articles and sources "
    "ingested for that day, so an empty theme on a covered day (nothing reported) differs "
    "from a day without data (`has_data: false`).\n\n"
    "Representation by `format=` or `Accept`: JSON (default); CSV or NDJSON, one row per "
    "merged passage.",
    responses=format_responses(DailyReport, TABLE_FORMATS, "The day's report."),
)
def get_daily_report(
    date: Annotated[
        IsoDate, Path(description="The day, ISO date (article date).", examples=["2026-02-04"])
    ],
    query: Annotated[ReportQuery, Query()],
    request: Request,
    session: SessionDep,
) -> Response:
    fmt = negotiate(request.headers.get("accept"), query.format, TABLE_FORMATS)
    result = report.daily_report(session, date, query)
    if fmt == "csv":
        return respond(fmt, csv_stream(report.CSV_COLUMNS, report.rows(result)))
    if fmt == "ndjson":
        return respond(fmt, ndjson_stream(report.rows(result)))
    return respond(fmt, orjson.dumps(result))


@router.get(
    "/timeline",
    response_model=None,
    summary="Counts per theme per day, week or month",
    description="For charts: passages and distinct articles of each theme per bucket, every "
    "bucket of the range present (zero-filled), with `articles_ingested` (all live articles "
    "of the bucket) so a zero with no data differs from a zero with coverage. Buckets are "
    "whole: a week runs Monday to Sunday, a month from its first day, so `from`/`to` are "
    "widened to bucket edges. An open end defaults to the first or last day with data.\n\n"
    "Representation by `format=` or `Accept`: JSON (default); CSV or NDJSON, one row per "
    "bucket and theme.",
    responses=format_responses(Timeline, TABLE_FORMATS, "Counts per bucket."),
)
def get_timeline(
    query: Annotated[TimelineQuery, Query()], request: Request, session: SessionDep
) -> Response:
    fmt = negotiate(request.headers.get("accept"), query.format, TABLE_FORMATS)
    result = timeline.timeline(session, query)
    if fmt == "csv":
        return respond(fmt, csv_stream(timeline.CSV_COLUMNS, timeline.rows(result)))
    if fmt == "ndjson":
        return respond(fmt, ndjson_stream(timeline.rows(result)))
    return respond(fmt, orjson.dumps(result))

"""GET /timeline: passages and articles per theme per day, week or month, zero-filled
so a chart can draw every bucket."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlmodel import Session

from app.core.errors import ValidationFailed
from app.query.filters import MAX_BUCKETS, Interval, TimelineQuery
from app.repository.reports import ReportRepository

CSV_COLUMNS = ("start", "end", "theme", "passages", "articles", "articles_ingested")


def bucket_start(day: dt.date, interval: Interval) -> dt.date:
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())  # ISO weeks start on Monday
    if interval == "month":
        return day.replace(day=1)
    return day


def next_bucket(start: dt.date, interval: Interval) -> dt.date:
    if interval == "week":
        return start + dt.timedelta(days=7)
    if interval == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=1)


def _estimate(start: dt.date, end: dt.date, interval: Interval) -> int:
    days = (end - start).days + 1
    return {"day": days, "week": days // 7 + 1, "month": days // 28 + 1}[interval]


def timeline(session: Session, query: TimelineQuery) -> dict[str, Any]:
    repo = ReportRepository(session)
    themes = query.themes
    first, last = query.from_, query.to
    if first is None or last is None:
        # An open end is the first or last day with data (or the other end).
        data_first, data_last = repo.date_span(themes)
        if last is None:
            last = data_last if data_last and (first is None or data_last >= first) else first
        if first is None:
            first = data_first if data_first and (last is None or data_first <= last) else last
    base = {"interval": query.interval, "themes": list(themes)}
    if first is None or last is None:
        return {**base, "from": None, "to": None, "buckets": []}
    start = bucket_start(first, query.interval)
    end = next_bucket(bucket_start(last, query.interval), query.interval) - dt.timedelta(days=1)
    if _estimate(start, end, query.interval) > MAX_BUCKETS:
        raise ValidationFailed(
            f"{start}..{end} is too many {query.interval}s for one timeline (at most "
            f"{MAX_BUCKETS} buckets): narrow from/to or use a longer interval.",
            parameter="interval",
        )

    # Counts per theme and bucket as they come (one row per theme and day from the
    # rollup), then every bucket zero-filled with one shared, never mutated, zero.
    interval = query.interval
    daily = interval == "day"
    counts: dict[str, dict[dt.date, dict[str, int]]] = {t: {} for t in themes}
    for theme, day, n, m in repo.theme_day_counts(themes, start, end, query.source):
        of_theme = counts[theme]
        if daily:  # one row per theme and day: nothing to add up
            of_theme[day] = {"passages": n, "articles": m}
            continue
        key = bucket_start(day, interval)
        found = of_theme.get(key)
        if found is None:
            of_theme[key] = {"passages": n, "articles": m}
        else:
            found["passages"] += n
            found["articles"] += m  # exact: an article has one date
    ingested: dict[dt.date, int] = {}
    for day, m in repo.article_day_counts(start, end, query.source):
        key = day if daily else bucket_start(day, interval)
        ingested[key] = ingested.get(key, 0) + m

    zero = {"passages": 0, "articles": 0}
    if daily:  # a day's bucket starts and ends on it
        days = map(dt.date.fromordinal, range(start.toordinal(), end.toordinal() + 1))
        spans = [(day, day) for day in days]
    else:
        spans = []
        cursor = start
        while cursor <= end:
            following = next_bucket(cursor, interval)
            spans.append((cursor, following - dt.timedelta(days=1)))
            cursor = following
    per_theme = [(t, counts[t].get) for t in themes]
    buckets = [
        {
            "start": first_day,
            "end": last_day,
            "articles_ingested": ingested.get(first_day, 0),
            "themes": {t: get(first_day, zero) for t, get in per_theme},
        }
        for first_day, last_day in spans
    ]
    return {**base, "from": start, "to": end, "buckets": buckets}


def rows(result: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One row per bucket and theme, for CSV and NDJSON."""
    for bucket in result["buckets"]:
        for theme, counts in bucket["themes"].items():
            yield {
                "start": bucket["start"],
                "end": bucket["end"],
                "theme": theme,
                "passages": counts["passages"],
                "articles": counts["articles"],
                "articles_ingested": bucket["articles_ingested"],
            }

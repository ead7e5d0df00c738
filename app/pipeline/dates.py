"""Which day an article reports on, and where that date came from.

Order of trust: a real date in the front matter, then the URL (publishers put the
publication date in paths and slugs), then a dateline in the first lines of the
body, then the day the article was received. Implausible dates (before 1990, or
well after the day received) are ignored so the next source can speak.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from app.pipeline.types import DateSource

MIN_DATE = dt.date(1990, 1, 1)
FUTURE_SLACK = dt.timedelta(days=2)  # time zones and scheduled posts
DATELINE_LINES = 8  # how many leading body lines may hold a dateline

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(
    [
        *("january", "february", "march", "april", "may", "june", "july"),
        *("august", "september", "october", "november", "december"),
    ],
    start=1,
):
    _MONTHS[_name] = _i
    _MONTHS[_name[:3]] = _i
_MONTHS["sept"] = 9

_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ISO = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")
_MDY = re.compile(rf"(?i)\b{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b")
_DMY = re.compile(rf"(?i)\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON},?\s+(?P<y>(?:19|20)\d\d)\b")
_SLASH_DMY = re.compile(r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d\d)(?![\d/])")
# The year every one of them needs: one fast search rules them all out on most lines
# (the case-insensitive month names cannot skip ahead: they try every position).
_YEAR = re.compile(r"(?:19|20)\d\d")

# URL patterns, most specific first.
_URL_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/|$|[-_.])"),
    re.compile(rf"(?i)/(?P<y>(?:19|20)\d\d)/{_MON}/(?P<d>\d{{1,2}})(?:/|$)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"),
    re.compile(rf"(?i)(?<![a-z]){_MON}-(?P<d>\d{{1,2}})-(?P<y>(?:19|20)\d\d)(?!\d)"),
    re.compile(rf"(?i)(?<!\d)(?P<d>\d{{1,2}})-{_MON}-(?P<y>(?:19|20)\d\d)(?!\d)"),
)

# Datelines: "KYIV, Feb 5 (Reuters) -" has no year; full dates carry their own.
_WIRE = re.compile(
    rf"^[\W_]*[A-Z][A-Za-z .'’-]{{1,40}},\s+{_MON}\s+(?P<d>\d{{1,2}})"
    r"\s*\((?:[A-Za-z .]+)\)\s*[-–—]",
    re.IGNORECASE,
)


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _from_match(m: re.Match[str]) -> dt.date | None:
    gd = m.groupdict()
    month = _MONTHS.get(gd["mon"].lower().rstrip(".")) if gd.get("mon") else None
    if month is None:
        try:
            month = int(gd["m"])
        except (KeyError, TypeError, ValueError):
            return None
    return _make(int(gd["y"]), month, int(gd["d"]))


def plausible(day: dt.date, received: dt.date) -> bool:
    return MIN_DATE <= day <= received + FUTURE_SLACK


def parse_date_text(text: str) -> dt.date | None:
    """A date written in a front matter value or a line of text, or None."""
    if not _YEAR.search(text):
        return None
    for pattern in (_ISO, _MDY, _DMY, _SLASH_DMY):
        m = pattern.search(text)
        if m:
            day = _from_match(m)
            if day:
                return day
    return None


def date_from_front_matter(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) < 200:
        return parse_date_text(value)
    return None


def date_from_url(url: str | None, received: dt.date) -> dt.date | None:
    if not url:
        return None
    path = url[:500]
    for pattern in _URL_PATTERNS:
        for m in pattern.finditer(path):
            day = _from_match(m)
            if day and plausible(day, received):
                return day
    return None


def date_from_dateline(lines: list[str], received: dt.date) -> dt.date | None:
    for line in lines[:DATELINE_LINES]:
        head = line[:300]
        m = _WIRE.search(head)
        if m:
            month = _MONTHS.get(m.group("mon").lower().rstrip("."))
            if month:
                # The year is implied: the most recent such day not after `received`.
                for year in (received.year, received.year - 1):
                    day = _make(year, month, int(m.group("d")))
                    if day and plausible(day, received):
                        return day
        day = parse_date_text(head)
        if day and plausible(day, received):
            return day
    return None


def resolve_date(
    front_value: Any, url: str | None, body_lines: list[str], received: dt.date
) -> tuple[dt.date, DateSource, list[str]]:
    """The article's date, where it came from, and warnings about rejected dates."""
    warnings: list[str] = []
    day = date_from_front_matter(front_value)
    if day is not None:
        if plausible(day, received):
            return day, "front_matter", warnings
        warnings.append(f"front matter date {day.isoformat()} is implausible: ignored")
    elif front_value not in (None, "", "unknown"):
        warnings.append("front matter date is not a date: ignored")
    day = date_from_url(url, received)
    if day is not None:
        return day, "url", warnings
    day = date_from_dateline(body_lines, received)
    if day is not None:
        return day, "dateline", warnings
    warnings.append("no date found: using the day received")
    return received, "received", warnings

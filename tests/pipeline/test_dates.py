from __future__ import annotations

import datetime as dt

import pytest

from app.pipeline import process_article
from app.pipeline.dates import date_from_dateline, date_from_url, resolve_date

from .conftest import RECEIVED, run

R = dt.date(2026, 3, 5)


def _article(date: str, source: str, body: str = "Some body text about the war.") -> str:
    return f"---\ntitle: T\nsource: {source}\ndate: {date}\n---\n\n{body}\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-02-04", dt.date(2026, 2, 4)),
        ("2026-02-04T09:30:00Z", dt.date(2026, 2, 4)),
        ('"February 4, 2026"', dt.date(2026, 2, 4)),
        ('"4 February 2026"', dt.date(2026, 2, 4)),
        ('"Feb. 4, 2026"', dt.date(2026, 2, 4)),
    ],
)
def test_front_matter_dates(value: str, expected: dt.date) -> None:
    art = process_article(_article(value, "https://x.example/a"), R)
    assert (art.meta.date, art.meta.date_source) == (expected, "front_matter")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/2026/02/04/story", dt.date(2026, 2, 4)),
        ("https://a.example/news/story-2026-02-04", dt.date(2026, 2, 4)),
        ("https://a.example/en/europe/20260204-live-story", dt.date(2026, 2, 4)),
        ("https://a.example/news/eu-aid-ukraine-2026-01-29_en", dt.date(2026, 1, 29)),
        ("https://a.example/world/2026/feb/20/story", dt.date(2026, 2, 20)),
        ("https://a.example/news/2026/2/18/story", dt.date(2026, 2, 18)),
        ("https://a.example/analysis/assessment-february-7-2026", dt.date(2026, 2, 7)),
    ],
)
def test_url_dates(url: str, expected: dt.date) -> None:
    art = process_article(_article("unknown", url), R)
    assert (art.meta.date, art.meta.date_source) == (expected, "url")


def test_unknown_date_falls_through_to_url() -> None:
    art = run("wire_energy_strike.md")
    assert (art.meta.date, art.meta.date_source) == (dt.date(2026, 2, 12), "url")


def test_wire_dateline_without_year_takes_the_year_received() -> None:
    art = run("no_front_matter.md")
    assert (art.meta.date, art.meta.date_source) == (dt.date(2026, 2, 9), "dateline")


def test_dateline_in_december_received_in_january_is_last_year() -> None:
    day = date_from_dateline(["KYIV, Dec 30 (Reuters) - Something happened."], dt.date(2026, 1, 2))
    assert day == dt.date(2025, 12, 30)


def test_dateline_with_full_date() -> None:
    body = "Posted on February 5, 2026\nThe talks resumed."
    art = process_article(_article("unknown", "https://a.example/story", body), R)
    assert (art.meta.date, art.meta.date_source) == (dt.date(2026, 2, 5), "dateline")


def test_received_when_nothing_else() -> None:
    art = process_article(_article("unknown", "https://a.example/story"), R)
    assert (art.meta.date, art.meta.date_source) == (R, "received")
    assert any("day received" in w for w in art.warnings)


@pytest.mark.parametrize("bad", ["1985-06-01", "2031-01-01"])
def test_absurd_front_matter_dates_fall_through(bad: str) -> None:
    art = process_article(_article(bad, "https://a.example/2026/02/01/x"), R)
    assert (art.meta.date, art.meta.date_source) == (dt.date(2026, 2, 1), "url")
    assert any("implausible" in w for w in art.warnings)


def test_absurd_url_dates_are_ignored() -> None:
    assert date_from_url("https://a.example/1970/01/01/x", R) is None
    assert date_from_url("https://a.example/2030/01/01/x", R) is None


def test_resolve_date_accepts_yaml_date_objects() -> None:
    day, source, _ = resolve_date(dt.date(2026, 1, 2), None, [], R)
    assert (day, source) == (dt.date(2026, 1, 2), "front_matter")
    day, source, _ = resolve_date(dt.datetime(2026, 1, 2, 23, 0), None, [], R)
    assert (day, source) == (dt.date(2026, 1, 2), "front_matter")


def test_every_fixture_gets_a_date_and_a_source(fixture_name: str) -> None:
    art = run(fixture_name)
    assert art.meta.date <= RECEIVED
    assert art.meta.date_source in {"front_matter", "url", "dateline", "received"}

"""GET /timeline: passages and articles per theme per bucket, zero-filled."""

from __future__ import annotations

import csv
import io

import pytest

from tests.api.articles import FRONT_AND_TALKS
from tests.api.reading import article, ingest, wire_story


@pytest.fixture
def spread(client, auth):
    """Energy news on Mon 2 Feb (two outlets) and Thu 12 Feb, talks on Wed 4 Feb."""
    for source, date, body in [
        ("https://a.example/1", "2026-02-02", wire_story()),
        ("https://b.example/2", "2026-02-02", wire_story("in a statement")),
        ("https://a.example/3", "2026-02-12", wire_story("on Thursday")),
        ("https://c.example/4", "2026-02-04", FRONT_AND_TALKS),
    ]:
        ingest(client, auth, article(source=source, date=date, body=body))


def test_days_are_zero_filled(client, spread):
    result = client.get(
        "/timeline", params={"theme": "energy", "from": "2026-02-01", "to": "2026-02-13"}
    ).json()
    assert (result["from"], result["to"], result["interval"]) == ("2026-02-01", "2026-02-13", "day")
    assert result["themes"] == ["energy"]
    days = {b["start"]: b for b in result["buckets"]}
    assert len(days) == 13 and all(b["start"] == b["end"] for b in result["buckets"])
    assert days["2026-02-02"]["themes"]["energy"] == {"passages": 2, "articles": 2}
    assert days["2026-02-12"]["themes"]["energy"] == {"passages": 1, "articles": 1}
    assert days["2026-02-03"]["themes"]["energy"] == {"passages": 0, "articles": 0}
    # a day with coverage but no energy news differs from a day without data
    assert days["2026-02-04"]["articles_ingested"] == 1
    assert days["2026-02-04"]["themes"]["energy"]["passages"] == 0
    assert days["2026-02-03"]["articles_ingested"] == 0


def test_weeks_start_on_monday_and_sum_days(client, spread):
    result = client.get(
        "/timeline",
        params={"theme": "energy", "from": "2026-02-04", "to": "2026-02-12", "interval": "week"},
    ).json()
    assert (result["from"], result["to"]) == ("2026-02-02", "2026-02-15")  # whole weeks
    assert [(b["start"], b["end"]) for b in result["buckets"]] == [
        ("2026-02-02", "2026-02-08"),
        ("2026-02-09", "2026-02-15"),
    ]
    counts = [b["themes"]["energy"] for b in result["buckets"]]
    assert counts == [{"passages": 2, "articles": 2}, {"passages": 1, "articles": 1}]
    assert [b["articles_ingested"] for b in result["buckets"]] == [3, 1]


def test_months_and_all_themes_by_default(client, spread):
    result = client.get(
        "/timeline", params={"from": "2026-01-15", "to": "2026-03-01", "interval": "month"}
    ).json()
    assert [b["start"] for b in result["buckets"]] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert result["buckets"][-1]["end"] == "2026-03-31"
    february = result["buckets"][1]["themes"]
    assert set(february) == {
        "front_lines",
        "air_strikes",
        "humanitarian",
        "energy",
        "diplomacy",
        "economy",
    }
    assert february["energy"]["articles"] == 3 and february["diplomacy"]["passages"] >= 1
    assert result["buckets"][0]["themes"]["energy"] == {"passages": 0, "articles": 0}


def test_open_ends_default_to_the_data(client, spread):
    result = client.get("/timeline", params={"theme": "energy"}).json()
    assert (result["from"], result["to"]) == ("2026-02-02", "2026-02-12")
    assert len(result["buckets"]) == 11
    later = client.get("/timeline", params={"theme": "energy", "from": "2026-03-01"}).json()
    assert [b["start"] for b in later["buckets"]] == ["2026-03-01"]


def test_no_data_at_all_is_an_empty_timeline(client):
    result = client.get("/timeline").json()
    assert result["buckets"] == [] and result["from"] is None


def test_source_filter(client, spread):
    result = client.get(
        "/timeline",
        params={"theme": "energy", "from": "2026-02-02", "to": "2026-02-02", "source": "b.example"},
    ).json()
    assert result["buckets"][0]["themes"]["energy"] == {"passages": 1, "articles": 1}
    assert result["buckets"][0]["articles_ingested"] == 1


def test_csv_rows_per_bucket_and_theme(client, spread):
    response = client.get(
        "/timeline",
        params=[
            ("theme", "energy"),
            ("theme", "diplomacy"),
            ("from", "2026-02-02"),
            ("to", "2026-02-04"),
            ("format", "csv"),
        ],
    )
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 6
    assert rows[0] == {
        "start": "2026-02-02",
        "end": "2026-02-02",
        "theme": "energy",
        "passages": "2",
        "articles": "2",
        "articles_ingested": "2",
    }


@pytest.mark.parametrize(
    ("params", "phrase"),
    [
        ({"interval": "hour"}, "interval"),
        ({"from": "2026-02-07", "to": "2026-02-01"}, "inverted"),
        ({"from": "1900-01-01", "to": "2026-01-01"}, "too many"),
        ({"format": "atom"}, "format"),
        ({"theme": "weather"}, "theme"),
    ],
)
def test_bad_parameters_are_422_problems(client, params, phrase):
    response = client.get("/timeline", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert phrase in response.json()["detail"]


def test_a_century_by_month_is_fine(client):
    response = client.get(
        "/timeline", params={"from": "1950-01-01", "to": "2026-01-01", "interval": "month"}
    )
    assert response.status_code == 200
    assert len(response.json()["buckets"]) == 913


def _rollup_and_recount(connection) -> tuple[set, set]:
    rollup = connection.exec_driver_sql(
        "SELECT theme, date, passages, articles FROM theme_day"
    ).fetchall()
    recount = connection.exec_driver_sql(
        "SELECT theme, date, count(*), count(DISTINCT article_id) FROM passage_theme "
        "GROUP BY theme, date"
    ).fetchall()
    return {tuple(map(str, row)) for row in rollup}, {tuple(map(str, row)) for row in recount}


def test_rollup_stays_equal_to_a_recount(client, auth, admin, connection):
    """theme_day (what /timeline reads) follows every write: new articles, a revision
    that changes date and themes, a revision into a not-article page, a tombstone."""
    first = ingest(client, auth, article(source="https://a.example/1", date="2026-02-02"))
    ingest(client, auth, article(source="https://b.example/2", date="2026-02-02"))
    ingest(client, auth, article(source="https://c.example/3", body=FRONT_AND_TALKS))
    rollup, recount = _rollup_and_recount(connection)
    assert rollup == recount and len(rollup) >= 4

    # revised: another day and other themes
    ingest(
        client,
        auth,
        article(source="https://a.example/1", date="2026-02-05", body=FRONT_AND_TALKS),
    )
    # revised into a home page of teasers: out of the timeline
    teasers = [f"[Headline number {i} about the war](https://b.example/t{i})" for i in range(12)]
    home = ingest(
        client, auth, article(source="https://b.example/2", date="2026-02-02", body=teasers)
    )
    assert home["not_article"] is True
    assert client.delete(f"/articles/{first['id']}", headers=admin).status_code == 204
    rollup, recount = _rollup_and_recount(connection)
    assert rollup == recount
    # what is left is the talks article of 4 Feb
    assert {(theme, day) for theme, day, *_ in rollup} == {
        (theme, "2026-02-04") for theme, *_ in recount
    }
    assert all(row[3] == "1" for row in rollup)

"""GET /sitreps/{date}: every theme, near-duplicates merged, coverage."""

from __future__ import annotations

import csv
import io

import orjson
import pytest

from tests.api.articles import FRONT_AND_TALKS
from tests.api.reading import WIRE_COPY, article, ingest, wire_story

DAY = "2026-02-04"
INTERCEPTS = (
    "Ukraine's air force said it shot down 112 of the 140 Shahed drones launched overnight."
)


@pytest.fixture
def wire_day(client, auth):
    """One wire story reprinted by three outlets on DAY (one adds a paragraph); talks
    news from a fourth outlet the day after."""
    return [
        ingest(client, auth, article(source="https://a.example/1", date=DAY, body=wire_story())),
        ingest(
            client,
            auth,
            article(
                source="https://www.b.example/2",
                date=DAY,
                body=wire_story("in a statement", INTERCEPTS),
            ),
        ),
        ingest(
            client,
            auth,
            article(source="https://c.example/3", date=DAY, body=wire_story("on Wednesday")),
        ),
        ingest(
            client,
            auth,
            article(
                source="https://d.example/4",
                date="2026-02-05",
                title="Talks",
                body=FRONT_AND_TALKS,
            ),
        ),
    ]


def section(report, theme):
    return next(s for s in report["themes"] if s["theme"] == theme)


def test_every_theme_is_present_in_order(client, wire_day):
    report = client.get(f"/sitreps/{DAY}").json()
    assert report["date"] == DAY
    assert [s["theme"] for s in report["themes"]] == [
        "front_lines",
        "air_strikes",
        "humanitarian",
        "energy",
        "diplomacy",
        "economy",
    ]


def test_near_duplicates_across_sources_are_one_item(client, wire_day):
    energy = section(client.get(f"/sitreps/{DAY}").json(), "energy")
    assert energy["passages"] == 3  # three tellings ...
    assert len(energy["items"]) == 1  # ... of one development
    item = energy["items"][0]
    assert item["text"].startswith(WIRE_COPY[:60])
    assert item["article"]["url"].startswith("https://") and item["article"]["source"]
    assert item["cues"] and 0 < item["score"] <= 1
    others = {o["article"]["source"] for o in item["also_reported_by"]}
    assert others | {item["article"]["source"]} == {"a.example", "b.example", "c.example"}
    assert item["article"]["source"] not in others


def test_distinct_developments_stay_apart_and_widest_first(client, wire_day):
    air = section(client.get(f"/sitreps/{DAY}").json(), "air_strikes")
    texts = [i["text"] for i in air["items"]]
    assert any(t.startswith("Ukraine's air force") for t in texts)
    assert len(air["items"]) == 2
    assert len(air["items"][0]["also_reported_by"]) == 2  # the most reported first
    assert air["items"][1]["also_reported_by"] == []


def test_coverage_tells_nothing_reported_from_no_data(client, wire_day):
    covered = client.get(f"/sitreps/{DAY}").json()
    assert covered["coverage"]["has_data"] is True
    assert covered["coverage"]["articles"] == 3
    assert [s["source"] for s in covered["coverage"]["sources"]] == [
        "a.example",
        "b.example",
        "c.example",
    ]
    assert section(covered, "diplomacy")["items"] == []  # covered, nothing reported
    empty = client.get("/sitreps/2026-01-01").json()
    assert empty["coverage"] == {"has_data": False, "articles": 0, "sources": []}
    assert all(s["items"] == [] for s in empty["themes"])


def test_theme_source_and_min_score_filters(client, wire_day):
    only = client.get(f"/sitreps/{DAY}", params=[("theme", "energy"), ("theme", "air_strikes")])
    assert [s["theme"] for s in only.json()["themes"]] == ["air_strikes", "energy"]
    one = client.get(f"/sitreps/{DAY}", params={"source": "www.B.example"}).json()
    assert one["coverage"]["articles"] == 1
    for s in one["themes"]:
        for item in s["items"]:
            assert item["article"]["source"] == "b.example" and item["also_reported_by"] == []
    strict = client.get(f"/sitreps/{DAY}", params={"min_score": 1.0}).json()
    assert all(i["score"] >= 1.0 for s in strict["themes"] for i in s["items"])


def test_csv_and_ndjson_rows(client, wire_day):
    text = client.get(f"/sitreps/{DAY}", params={"format": "csv"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    energy = [r for r in rows if r["theme"] == "energy"]
    assert len(energy) == 1 and len(energy[0]["also_reported_by"].split(";")) == 2
    lines = client.get(f"/sitreps/{DAY}", headers={"Accept": "application/x-ndjson"})
    assert lines.headers["content-type"].startswith("application/x-ndjson")
    parsed = [orjson.loads(line) for line in lines.text.splitlines()]
    assert {p["theme"] for p in parsed} == {r["theme"] for r in rows}


@pytest.mark.parametrize(
    ("path", "params", "status", "phrase"),
    [
        ("/sitreps/2026-13-01", {}, 422, "date"),
        ("/sitreps/yesterday", {}, 422, "date"),
        (f"/sitreps/{DAY}", {"theme": "weather"}, 422, "theme"),
        (f"/sitreps/{DAY}", {"format": "atom"}, 422, "format"),
        (f"/sitreps/{DAY}", {"source": "  "}, 422, "source"),
        (f"/sitreps/{DAY}", {"limit": 5}, 422, "limit"),
    ],
)
def test_bad_input_is_a_4xx_problem(client, path, params, status, phrase):
    response = client.get(path, params=params)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert phrase in response.json()["detail"]


def test_a_deleted_article_leaves_the_report_and_its_cached_copy(client, admin, wire_day):
    first = client.get(f"/sitreps/{DAY}")
    response = client.delete(f"/articles/{wire_day[0]['id']}", headers=admin)
    assert response.status_code == 204, response.text
    after = client.get(f"/sitreps/{DAY}", headers={"If-None-Match": first.headers["etag"]})
    assert after.status_code == 200
    report = after.json()
    assert report["coverage"]["articles"] == 2
    item = section(report, "energy")["items"][0]
    sources = {item["article"]["source"]} | {
        o["article"]["source"] for o in item["also_reported_by"]
    }
    assert sources == {"b.example", "c.example"}

"""Representations: JSON by default, CSV, NDJSON and Atom by Accept or format=;
exports streamed over keyset pages."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import orjson
import pytest

from tests.api.articles import FRONT_AND_TALKS
from tests.api.reading import article, ingest

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def week(client, auth):
    for day in range(1, 8):
        body = FRONT_AND_TALKS if day % 2 else None
        ingest(
            client,
            auth,
            article(source=f"https://s{day % 3}.example/{day}", date=f"2026-02-0{day}", body=body),
        )


def all_json(client, **params):
    return client.get("/sitreps", params={"limit": 200, **params}).json()["items"]


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/json"),
        ("text/csv", "text/csv"),
        ("application/x-ndjson", "application/x-ndjson"),
        ("application/ndjson", "application/x-ndjson"),
        ("application/atom+xml", "application/atom+xml"),
        ("application/json;q=0.5, text/csv", "text/csv"),
        ("text/csv;q=0.2, application/x-ndjson;q=0.9", "application/x-ndjson"),
    ],
)
def test_accept_chooses_the_representation(client, week, accept, media):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sitreps", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "Accept" in response.headers["vary"]


def test_format_parameter_wins_over_accept(client, week):
    response = client.get("/sitreps", params={"format": "csv"}, headers={"Accept": "text/xml"})
    assert response.headers["content-type"].startswith("text/csv")


@pytest.mark.parametrize("path", ["/sitreps", "/sitreps/2026-02-01", "/timeline"])
def test_unservable_accept_is_406_problem(client, path):
    response = client.get(path, headers={"Accept": "image/png, application/json;q=0"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert "format=" in response.json()["detail"]


def test_csv_streams_every_row_over_pages(client, week):
    expected = all_json(client)
    response = client.get("/sitreps", params={"format": "csv", "limit": 2})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [int(r["passage_id"]) for r in rows] == [i["passage_id"] for i in expected]
    first = rows[0]
    assert first["date"] == expected[0]["date"] and first["text"] == expected[0]["text"]
    assert first["themes"].split(";") == [t["theme"] for t in expected[0]["themes"]]
    assert first["article_url"] == expected[0]["article"]["url"]


def test_ndjson_lines_are_the_json_items(client, week):
    expected = all_json(client, theme="energy")
    response = client.get(
        "/sitreps",
        params={"theme": "energy", "limit": 3},
        headers={"Accept": "application/x-ndjson"},
    )
    assert [orjson.loads(line) for line in response.text.splitlines()] == expected


def test_export_starts_after_the_cursor(client, week):
    first = client.get("/sitreps", params={"limit": 2}).json()
    rest = client.get("/sitreps", params={"format": "ndjson", "cursor": first["next_cursor"]})
    ids = [orjson.loads(line)["passage_id"] for line in rest.text.splitlines()]
    assert ids == [i["passage_id"] for i in all_json(client)][2:]


def test_empty_exports(client):
    assert client.get("/sitreps", params={"format": "ndjson"}).text == ""
    header = client.get("/sitreps", params={"format": "csv"}).text
    assert header.strip() == (
        "passage_id,date,themes,scores,text,heading,article_id,article_title,article_url,source"
    )


def test_atom_feed_per_theme_with_next_link(client, week):
    response = client.get("/sitreps", params={"theme": "diplomacy", "format": "atom", "limit": 2})
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "Sitrep: diplomacy"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    expected = all_json(client, theme="diplomacy")
    assert entries[0].findtext(f"{ATOM}summary") == expected[0]["text"]
    assert entries[0].find(f"{ATOM}link").get("href") == expected[0]["article"]["url"]
    assert "diplomacy" in [c.get("term") for c in entries[0].findall(f"{ATOM}category")]
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert "cursor=" in links["next"]
    following = ET.fromstring(client.get(links["next"]).content)
    assert following.findall(f"{ATOM}entry")[0].findtext(f"{ATOM}summary") == expected[2]["text"]


def test_bad_cursor_in_an_export_is_400_before_streaming(client):
    response = client.get("/sitreps", params={"format": "csv", "cursor": "garbage!"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_search_exports_carry_the_highlight(client, week):
    text = client.get("/sitreps", params={"format": "csv", "q": "envoys"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all("<mark>Envoys</mark>" in r["highlight"] for r in rows)

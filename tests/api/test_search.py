"""`q=` (full-text search with highlights) and `source=` on GET /sitreps."""

from __future__ import annotations

import pytest

from tests.api.articles import ENERGY_STRIKE, FRONT_AND_TALKS
from tests.api.reading import article, ingest


@pytest.fixture
def two_outlets(client, auth):
    return [
        ingest(client, auth, article(source="https://www.a.example/1", body=ENERGY_STRIKE)),
        ingest(
            client,
            auth,
            article(source="https://b.example/2", title="Talks", body=FRONT_AND_TALKS),
        ),
    ]


def search(client, q, **params):
    response = client.get("/sitreps", params={"q": q, "limit": 200, **params})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_words_are_found_stemmed_and_marked(client, two_outlets):
    items = search(client, "substations")  # the text says "substation"
    assert len(items) == 1
    assert "substation" in items[0]["text"]
    assert "<mark>substation</mark>" in items[0]["highlight"]
    assert items[0]["highlight"].replace("<mark>", "").replace("</mark>", "") == items[0]["text"]


def test_every_word_must_match(client, two_outlets):
    assert len(search(client, "drones Kharkiv")) == 1
    assert search(client, "drones Pokrovsk") == []


def test_phrase_or_and_exclusion(client, two_outlets):
    assert len(search(client, '"peace talks"')) == 1
    assert search(client, '"talks peace"') == []
    both = search(client, "substation OR envoys")
    assert {i["article"]["source"] for i in both} == {"a.example", "b.example"}
    drones = search(client, "drones")
    without = search(client, "drones -Kharkiv")
    assert len(without) == len(drones) - 1


def test_search_combines_with_theme_date_and_source(client, two_outlets):
    assert search(client, "substation", theme="diplomacy") == []
    assert len(search(client, "substation", theme="energy")) == 1
    assert search(client, "substation", **{"from": "2026-02-05"}) == []
    assert search(client, "substation", source="b.example") == []
    assert len(search(client, "substation", source="https://A.example/other")) == 1


def test_source_alone_filters_by_outlet(client, two_outlets):
    items = client.get("/sitreps", params={"source": "b.example", "limit": 200}).json()["items"]
    assert items and {i["article"]["source"] for i in items} == {"b.example"}
    several = client.get("/sitreps", params=[("source", "a.example"), ("source", "b.example")])
    assert {i["article"]["source"] for i in several.json()["items"]} == {"a.example", "b.example"}
    assert "highlight" not in items[0]  # only searches mark text


def test_highlight_escapes_html(client, auth):
    body = ["Drones struck a substation <b>near</b> Kharkiv & cut power to 5,000 homes overnight."]
    ingest(client, auth, article(source="https://x.example/1", body=body))
    items = search(client, "substation")
    assert items, "the passage should be found"
    marked = items[0]["highlight"]
    assert "<b>" not in marked and "<mark>substation</mark>" in marked
    assert "&amp;" in marked or "&lt;" in marked


def test_index_follows_updates(client, auth):
    url = "https://x.example/story"
    ingest(client, auth, article(source=url, body=ENERGY_STRIKE))
    assert search(client, "substation")
    ingest(client, auth, article(source=url, body=FRONT_AND_TALKS))  # a new revision
    assert search(client, "substation") == []
    assert search(client, "Pokrovsk")


def test_index_holds_exactly_the_stored_passages(client, auth, connection):
    """Ingest adds an article's passages to the index itself (SQLite; PostgreSQL's is an
    expression index): after new articles and a new revision, none missing, none stale."""
    ingest(client, auth, article(source="https://x.example/a", body=ENERGY_STRIKE))
    ingest(client, auth, article(source="https://x.example/b", body=ENERGY_STRIKE))
    ingest(client, auth, article(source="https://x.example/a", body=FRONT_AND_TALKS))
    assert {i["article"]["url"] for i in search(client, "substation")} == {"https://x.example/b"}
    assert {i["article"]["url"] for i in search(client, "Pokrovsk")} == {"https://x.example/a"}
    if connection.dialect.name == "sqlite":
        # rank 1: the index checked against the passage table too (raises if they differ)
        connection.exec_driver_sql(
            "INSERT INTO passage_fts(passage_fts, rank) VALUES ('integrity-check', 1)"
        )


def test_paging_a_search(client, auth):
    for n in range(3):
        ingest(client, auth, article(source=f"https://x.example/{n}", date=f"2026-02-0{n + 1}"))
    seen, cursor = [], None
    while True:
        params = {"q": "substation", "limit": 1, **({"cursor": cursor} if cursor else {})}
        page = client.get("/sitreps", params=params).json()
        seen += [i["passage_id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 3 == len(set(seen))


@pytest.mark.parametrize(
    "q",
    [
        'substation" OR',
        "NEAR(a b)",
        "a AND OR NOT",
        "col:substation",
        "^substation*",
        "'; DROP TABLE passage; --",
        "ÉNERGIE électrique",
        '"unclosed phrase',
    ],
)
def test_any_text_is_safe_to_search(client, two_outlets, q):
    response = client.get("/sitreps", params={"q": q})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("q", ["", "!!!", "-substation", "   "])
def test_nothing_to_search_for_is_422(client, q):
    response = client.get("/sitreps", params={"q": q})
    assert response.status_code == 422
    assert "q" in response.json()["detail"]

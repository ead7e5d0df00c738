"""`q=` (full-text search with highlights) and `source=` on GET /sitreps."""

from __future__ import annotations

import pytest

from app.query.filters import parse_search
from app.repository import sitreps
from app.repository.search import fts5_query, websearch_query
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


# --- a search is the listing of the same filters, kept to the passages that match -------

DAYS = ["2026-01-30", "2026-02-01", "2026-02-01", "2026-02-03", "2026-02-04", "2026-02-10"]


@pytest.fixture
def spread(client, auth):
    """Articles over several days, two outlets, two on one day, each body twice."""
    for n, day in enumerate(DAYS):
        for body, outlet in ((ENERGY_STRIKE, "a.example"), (FRONT_AND_TALKS, "b.example")):
            ingest(client, auth, article(source=f"https://{outlet}/{n}", date=day, body=body))


def _all_pages(client, params) -> list[int]:
    seen, cursor = [], None
    for _ in range(100):  # more pages than passages: a cursor that does not move on
        page = client.get("/sitreps", params={**params, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        seen += [i["passage_id"] for i in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if not cursor:
            return seen
    raise AssertionError(f"paging did not end: {seen[:20]}…")


def _matching(connection, q) -> set[int]:
    """The ids of the passages matching `q`, asked of the database without order,
    dates or themes: what the page's walk of the index must agree with."""
    terms = parse_search(q)
    if connection.dialect.name == "postgresql":
        rows = connection.exec_driver_sql(
            "SELECT id FROM passage WHERE to_tsvector('english', text) "
            "@@ websearch_to_tsquery('english', %(q)s)",
            {"q": websearch_query(terms)},
        )
    else:
        rows = connection.exec_driver_sql(
            "SELECT rowid & 4294967295 FROM passage_fts WHERE passage_fts MATCH ?",
            (fts5_query(terms),),
        )
    return {passage_id for (passage_id,) in rows}


@pytest.mark.parametrize(
    "params",
    [
        {"q": "drones"},
        {"q": "drones", "limit": 1},
        {"q": "Russian", "limit": 2},
        {"q": "Russian", "theme": ["front_lines", "energy"], "limit": 1},
        {"q": "Russian OR envoys", "theme": "diplomacy", "from": "2026-02-01", "limit": 1},
        {"q": "said", "from": "2026-02-01", "to": "2026-02-03", "limit": 2},
        {"q": "said -Kharkiv", "to": "2026-02-01", "limit": 1},
        {"q": "drones", "source": "a.example", "limit": 1},
        {"q": "killed", "min_score": 0.5, "limit": 1},
        {"q": "Pokrovsk", "from": "2026-02-11"},
    ],
)
@pytest.mark.parametrize("walk", [sitreps.WALK_CANDIDATES, 3])
def test_a_search_is_the_listing_kept_to_its_matches(
    client, connection, spread, params, walk, monkeypatch
):
    """On PostgreSQL, also with a walk of 3 candidates: pages found by the walk, and pages
    where it falls short and the match set answers."""
    monkeypatch.setattr(sitreps, "WALK_CANDIDATES", walk)
    searched = _all_pages(client, params)
    listed = _all_pages(client, {k: v for k, v in params.items() if k != "q"})
    matching = _matching(connection, params["q"])
    assert searched == [p for p in listed if p in matching]
    if params["q"] != "Pokrovsk":  # matches nothing after the 10th: an empty answer
        assert searched, "a case that finds nothing would not test the order"


def test_a_new_date_moves_the_article_in_the_index(client, auth, connection):
    """A revision with a new date (and title: the same content is a repeat): the same
    passages are found at the new date only, and the index still holds exactly the
    stored passages."""
    url = "https://x.example/dated"
    ingest(client, auth, article(source=url, date="2026-02-01"))
    assert search(client, "substation", **{"from": "2026-02-01", "to": "2026-02-01"})
    revised = ingest(client, auth, article(source=url, date="2025-12-24", title="Corrected"))
    assert revised["status"] == "updated"
    assert search(client, "substation", **{"from": "2026-02-01", "to": "2026-02-01"}) == []
    moved = search(client, "substation", **{"from": "2025-12-24", "to": "2025-12-24"})
    assert [i["date"] for i in moved] == ["2025-12-24"]
    assert "<mark>substation</mark>" in moved[0]["highlight"]
    stale = connection.exec_driver_sql(
        "SELECT count(*) FROM passage JOIN article ON article.id = passage.article_id "
        "WHERE passage.date <> article.date"
    ).scalar_one()
    assert stale == 0
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(
            "INSERT INTO passage_fts(passage_fts, rank) VALUES ('integrity-check', 1)"
        )

"""GET /sitreps, /articles, /articles/{id}, /themes, health: filters, paging, errors."""

from __future__ import annotations

import pytest

from app.pipeline.types import THEMES
from tests.api.articles import ENERGY_STRIKE, FRONT_AND_TALKS, article

PROBLEM = "application/problem+json"


def ingest(client, auth, text):
    response = client.post(
        "/articles", content=text.encode(), headers={**auth, "Content-Type": "text/markdown"}
    )
    assert response.status_code in (200, 201), response.text
    return response.json()


@pytest.fixture
def three_days(client, auth):
    """Energy strikes on Feb 3 and Feb 5, front-line and talks news on Feb 4."""
    return [
        ingest(client, auth, article(source="https://a.example/s1", date="2026-02-03")),
        ingest(
            client,
            auth,
            article(
                source="https://b.example/s2",
                date="2026-02-04",
                title="Talks and the front",
                body=FRONT_AND_TALKS,
            ),
        ),
        ingest(client, auth, article(source="https://c.example/s3", date="2026-02-05")),
    ]


def test_sitreps_filters_by_theme_and_date_newest_first(client, three_days):
    page = client.get(
        "/sitreps", params={"theme": "energy", "from": "2026-02-01", "to": "2026-02-07"}
    ).json()
    dates = [item["date"] for item in page["items"]]
    assert dates and dates == sorted(dates, reverse=True)
    assert set(dates) == {"2026-02-03", "2026-02-05"}
    for item in page["items"]:
        assert "energy" in [t["theme"] for t in item["themes"]]
        assert item["article"]["url"].startswith("https://")
        assert item["article"]["source"] in {"a.example", "c.example"}
        assert all(t["cues"] and 0 < t["score"] <= 1 for t in item["themes"])


def test_sitreps_themes_are_the_stored_ones_in_theme_order(client, auth, three_days):
    """Each item's themes (read with the page, as JSON built by the database) are the
    passage's themes as the article detail reads them: same order, scores and cues."""
    # themes whose order (front_lines before air_strikes, energy before economy) is not
    # the alphabetical one
    mixed = [
        "Russian troops advanced near Pokrovsk under cover of glide bombs and drone strikes "
        "on Ukrainian positions.",
        "Gas prices rose and the central bank raised interest rates after strikes on power "
        "plants caused blackouts.",
    ]
    ingest(client, auth, article(source="https://d.example/s4", date="2026-02-06", body=mixed))
    items = client.get("/sitreps", params={"limit": 200}).json()["items"]
    tagged = [[t["theme"] for t in item["themes"]] for item in items]
    assert ["front_lines", "air_strikes"] in tagged
    assert any(t[-2:] == ["energy", "economy"] for t in tagged)
    details = {a: client.get(f"/articles/{a}").json() for a in {i["article"]["id"] for i in items}}
    stored = {p["id"]: p["themes"] for d in details.values() for p in d["passages"]}
    for item in items:
        assert item["themes"] == stored[item["passage_id"]]
        order = [THEMES.index(t["theme"]) for t in item["themes"]]
        assert order == sorted(order)


def test_sitreps_dates_are_inclusive(client, three_days):
    page = client.get(
        "/sitreps", params={"theme": "energy", "from": "2026-02-05", "to": "2026-02-05"}
    ).json()
    assert {item["date"] for item in page["items"]} == {"2026-02-05"}


def test_sitreps_repeatable_theme_and_default_all(client, three_days):
    several = client.get("/sitreps", params=[("theme", "diplomacy"), ("theme", "front_lines")])
    themes = {t["theme"] for item in several.json()["items"] for t in item["themes"]}
    assert {"diplomacy", "front_lines"} <= themes
    ids = [item["passage_id"] for item in several.json()["items"]]
    assert len(ids) == len(set(ids))  # a passage of both themes appears once
    everything = client.get("/sitreps", params={"limit": 200}).json()["items"]
    assert len(everything) > len(several.json()["items"])


def test_sitreps_pages_with_cursor_without_gaps_or_repeats(client, three_days):
    all_items = client.get("/sitreps", params={"limit": 200}).json()["items"]
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/sitreps", params=params).json()
        seen += [item["passage_id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [item["passage_id"] for item in all_items]


def test_sitreps_min_score(client, three_days):
    everything = client.get("/sitreps", params={"limit": 200}).json()["items"]
    strict = client.get("/sitreps", params={"limit": 200, "min_score": 1.0}).json()["items"]
    assert len(strict) <= len(everything)
    for item in strict:
        assert any(t["score"] >= 1.0 for t in item["themes"])


@pytest.mark.parametrize(
    ("params", "phrase"),
    [
        ({"from": "2026-02-07", "to": "2026-02-01"}, "inverted"),
        ({"theme": "weather"}, "theme"),
        ({"from": "yesterday"}, "from"),
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"min_score": 2}, "min_score"),
        ({"bogus": 1}, "bogus"),
    ],
)
def test_sitreps_bad_parameters_are_422_problems(client, params, phrase):
    response = client.get("/sitreps", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert phrase in response.json()["detail"]


@pytest.mark.parametrize("cursor", ["garbage!", "WyJ4Il0", "bnVsbA", "WyIyMDI2LTAyLTA0IiwiYSJd"])
def test_sitreps_bad_cursor_is_400(client, cursor):
    response = client.get("/sitreps", params={"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_article_detail_has_every_passage_in_order(client, auth):
    receipt = ingest(client, auth, article(body=FRONT_AND_TALKS))
    detail = client.get(f"/articles/{receipt['id']}").json()
    positions = [p["position"] for p in detail["passages"]]
    assert positions == sorted(positions) and len(positions) == receipt["passages"]
    headings = [p for p in detail["passages"] if p["kind"] == "heading"]
    assert [h["text"] for h in headings] == ["Front line", "Talks"]
    under_talks = [p for p in detail["passages"] if p["heading"] == "Talks"]
    assert under_talks and "Abu Dhabi" in under_talks[0]["text"]
    assert all("**" not in p["text"] for p in detail["passages"])
    assert detail["date_source"] == "front_matter"


def test_article_detail_missing_is_404_problem(client):
    response = client.get("/articles/999999")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert "999999" in response.json()["detail"]


def test_articles_list_by_date_range(client, three_days):
    page = client.get("/articles", params={"from": "2026-02-04", "to": "2026-02-05"}).json()
    assert [a["date"] for a in page["items"]] == ["2026-02-05", "2026-02-04"]
    first = client.get("/articles", params={"limit": 1}).json()
    second = client.get("/articles", params={"limit": 1, "cursor": first["next_cursor"]}).json()
    assert first["items"][0]["id"] != second["items"][0]["id"]


def test_themes_lists_six_with_counts(client, three_days):
    themes = client.get("/themes").json()
    assert [t["slug"] for t in themes] == [
        "front_lines",
        "air_strikes",
        "humanitarian",
        "energy",
        "diplomacy",
        "economy",
    ]
    energy = next(t for t in themes if t["slug"] == "energy")
    assert energy["passages"] >= 2 and energy["description"]


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}


def test_unknown_route_and_method_are_problems(client):
    missing = client.get("/nowhere")
    assert (missing.status_code, missing.headers["content-type"]) == (404, PROBLEM)
    wrong = client.delete("/themes")
    assert (wrong.status_code, wrong.headers["content-type"]) == (405, PROBLEM)


def test_not_article_page_is_kept_out_of_timelines(client, auth):
    teasers = [f"[Headline number {i} about the war]( https://x.example/{i})" for i in range(30)]
    home = article(source="https://portal.example/", body=["Menu", "Home", *teasers])
    receipt = ingest(client, auth, home)
    if not receipt["not_article"]:
        pytest.fail(f"a page of teaser links was not recognised: {receipt}")
    items = client.get("/sitreps", params={"limit": 200}).json()["items"]
    assert all(item["article"]["id"] != receipt["id"] for item in items)
    assert client.get(f"/articles/{receipt['id']}").status_code == 200


def test_energy_strike_fixture_has_expected_themes(client, auth):
    receipt = ingest(client, auth, article(body=ENERGY_STRIKE))
    assert {"energy", "air_strikes", "humanitarian"} <= set(receipt["themes"])

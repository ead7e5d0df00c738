"""POST /articles: formats, receipts, repeats, updates, auth and bad input."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.articles import ENERGY_STRIKE, FRONT_AND_TALKS, article

PROBLEM = "application/problem+json"


def post_markdown(client: TestClient, text: str | bytes, auth: dict[str, str]):
    body = text.encode() if isinstance(text, str) else text
    return client.post("/articles", content=body, headers={**auth, "Content-Type": "text/markdown"})


def test_markdown_article_is_created_with_receipt(client, auth):
    response = post_markdown(client, article(), auth)
    assert response.status_code == 201, response.text
    receipt = response.json()
    assert receipt["status"] == "created"
    assert receipt["revision"] == 1
    assert receipt["url"] == "https://example-news.org/2026/02/04/kharkiv-substation"
    assert receipt["date"] == "2026-02-04"
    assert receipt["date_source"] == "front_matter"
    assert receipt["themes"].get("energy", 0) >= 1
    assert receipt["themes"].get("air_strikes", 0) >= 1
    assert receipt["dropped_lines"] >= 1  # the share widget and the sign-up prompt
    assert receipt["not_article"] is False


def test_json_article_is_accepted(client, auth):
    response = client.post("/articles", json={"markdown": article()}, headers=auth)
    assert response.status_code == 201, response.text
    assert response.json()["title"] == "Drones hit Kharkiv substation"


def test_same_article_again_is_unchanged_and_stored_once(client, auth):
    first = post_markdown(client, article(), auth).json()
    again = post_markdown(client, article(), auth)
    assert again.status_code == 200
    assert again.json()["status"] == "unchanged"
    assert again.json()["id"] == first["id"]
    listing = client.get("/articles").json()
    assert [a["id"] for a in listing["items"]] == [first["id"]]


def test_same_url_with_www_and_tracking_is_the_same_article(client, auth):
    first = post_markdown(client, article(), auth).json()
    variant = article(
        source="http://example-news.org/2026/02/04/kharkiv-substation?utm_source=x#top"
    )
    second = post_markdown(client, variant, auth)
    assert second.status_code == 200
    assert second.json()["id"] == first["id"]
    assert second.json()["status"] == "unchanged"


def test_changed_content_is_a_new_revision(client, auth):
    first = post_markdown(client, article(), auth).json()
    changed = article(body=[*ENERGY_STRIKE, "Repair crews restored power to half the homes."])
    second = post_markdown(client, changed, auth)
    assert second.status_code == 200
    body = second.json()
    assert (body["id"], body["status"], body["revision"]) == (first["id"], "updated", 2)
    detail = client.get(f"/articles/{first['id']}").json()
    assert detail["revision"] == 2
    assert any("Repair crews" in p["text"] for p in detail["passages"])


def test_date_unknown_is_inferred_from_url(client, auth):
    text = article(date="unknown", source="https://example-news.org/2026/01/29/grid")
    receipt = post_markdown(client, text, auth).json()
    assert (receipt["date"], receipt["date_source"]) == ("2026-01-29", "url")


def test_no_date_anywhere_takes_the_day_received(client, auth):
    text = article(date="unknown", source="https://example-news.org/grid-story")
    receipt = post_markdown(client, text, auth).json()
    assert receipt["date_source"] == "received"
    assert receipt["date"]


def test_article_without_source_is_keyed_by_content(client, auth):
    first = post_markdown(client, article(source=None), auth)
    assert first.status_code == 201
    assert first.json()["url"].startswith("urn:sha256:")
    again = post_markdown(client, article(source=None), auth)
    assert again.json()["status"] == "unchanged"


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer wrong"}, 401), ({"Authorization": "Basic eDp5"}, 401)],
)
def test_writes_need_a_valid_token(client, headers, status):
    response = client.post(
        "/articles", content=article(), headers={**headers, "Content-Type": "text/markdown"}
    )
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    assert "Bearer" in response.json()["detail"] or "token" in response.json()["detail"]
    assert client.get("/articles").json()["items"] == []


def test_writes_refused_when_no_token_configured(app, client):
    from app.core.settings import Settings

    app.state.settings = Settings(
        **{**app.state.settings.model_dump(), "ingest_tokens": [], "admin_tokens": []}
    )
    response = client.post(
        "/articles",
        content=article(),
        headers={"Authorization": "Bearer anything", "Content-Type": "text/markdown"},
    )
    assert response.status_code == 403
    assert "SITREP_INGEST_TOKENS" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "phrase"),
    [
        (b"", "text/markdown", 422, "empty"),
        (b"   \n\n  ", "text/markdown", 422, "empty"),
        (b"\xff\xfe\x00bad", "text/markdown", 422, "UTF-8"),
        (b"---\ntitle: x\n---\n\x00", "text/markdown", 422, "NUL"),
        (b"{not json", "application/json", 400, "JSON"),
        (b'{"markdown": 3}', "application/json", 422, "markdown"),
        (b'{"text": "x"}', "application/json", 422, "markdown"),
        (b"[]", "application/json", 422, "markdown"),
        (b"hello", "application/xml", 415, "text/markdown"),
        (b"---\ntitle: only front matter\n---\n", "text/markdown", 422, ""),
    ],
)
def test_bad_bodies_are_problems_and_change_nothing(
    client, auth, body, content_type, status, phrase
):
    response = client.post(
        "/articles", content=body, headers={**auth, "Content-Type": content_type}
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == status
    assert phrase in problem["detail"]
    assert client.get("/articles").json()["items"] == []


def test_body_over_the_limit_is_413(app, client, auth):
    limit = app.state.settings.max_article_bytes
    response = post_markdown(client, article() + "x" * limit, auth)
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert str(limit) in response.json()["detail"]


def test_body_over_the_limit_without_content_length_is_413(app, client, auth):
    limit = app.state.settings.max_article_bytes

    def chunks():
        yield article().encode()
        for _ in range(limit // 65536 + 2):
            yield b"y" * 65536

    response = client.post(
        "/articles", content=chunks(), headers={**auth, "Content-Type": "text/markdown"}
    )
    assert response.status_code == 413


def test_receipt_reports_several_themes(client, auth):
    receipt = post_markdown(client, article(body=FRONT_AND_TALKS), auth).json()
    assert receipt["themes"].get("front_lines", 0) >= 1
    assert receipt["themes"].get("diplomacy", 0) >= 1
    assert receipt["themes"].get("economy", 0) >= 1


def test_passage_text_is_stored_character_for_character(client, auth):
    """Rows go to the database in bulk (COPY on PostgreSQL, whose text format escapes
    backslashes, tabs and newlines): what a reader gets back is what was said."""
    said = (
        r"Officials said files under C:\reports\new and the \N marker were seized; "
        "Zaporizhzhia\u2019s «energy» grid lost 40% — \u201ca blow\u201d, the operator said."
    )
    body = [
        said,
        "Drones struck a power plant in Kharkiv on Monday, cutting power to 40,000 homes.",
    ]
    created = post_markdown(client, article(body=body), auth)
    assert created.status_code == 201, created.text
    detail = client.get(f"/articles/{created.json()['id']}").json()
    texts = [p["text"] for p in detail["passages"]]
    assert said in texts
    themed = [p for p in detail["passages"] if p["themes"]]
    assert themed and all(isinstance(t["cues"], list) for p in themed for t in p["themes"])


def test_removing_an_article_row_removes_everything_hung_off_it(client, auth, connection):
    """Themes, places and figures reach the article through their passage (their own
    article_id has no foreign key): removing the article still removes them all."""
    created = post_markdown(client, article(), auth)
    assert created.status_code == 201, created.text
    article_id = created.json()["id"]
    tables = ("passage", "passage_theme", "passage_place", "figure")

    def rows() -> dict[str, int]:
        return {
            table: connection.exec_driver_sql(
                f"SELECT count(*) FROM {table} WHERE article_id = {article_id}"
            ).scalar_one()
            for table in tables
        }

    assert all(rows().values()), rows()  # a substation in Kharkiv, 40,000 households
    connection.exec_driver_sql(f"DELETE FROM article WHERE id = {article_id}")
    assert rows() == dict.fromkeys(tables, 0)

"""ETag, Last-Modified and Cache-Control on every read; 304s; CORS from settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from email.utils import format_datetime, parsedate_to_datetime

import pytest
from fastapi.testclient import TestClient

from app.core.db import session_scope
from app.core.deps import get_session, get_write_session
from app.main import create_app
from app.query import listing, report, timeline
from tests.api.reading import article, ingest

READS = [
    "/sitreps",
    "/sitreps?theme=energy&format=csv",
    "/sitreps/2026-02-04",
    "/timeline?interval=week",
    "/articles",
    "/themes",
]


@pytest.fixture
def stored(client, auth):
    return ingest(client, auth, article(source="https://a.example/1"))


@pytest.mark.parametrize("path", READS)
def test_every_read_has_validators_and_answers_304(client, stored, path):
    first = client.get(path)
    assert first.status_code == 200
    etag, last_modified = first.headers["etag"], first.headers["last-modified"]
    assert etag.startswith('W/"') and parsedate_to_datetime(last_modified)
    assert "max-age=0" in first.headers["cache-control"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    since = client.get(path, headers={"If-Modified-Since": last_modified})
    assert since.status_code == 304


def test_a_write_changes_the_etag(client, auth, stored):
    before = client.get("/sitreps")
    ingest(client, auth, article(source="https://b.example/2", date="2026-02-05"))
    after = client.get("/sitreps", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    assert len(after.json()["items"]) > len(before.json()["items"])


def test_an_update_of_an_article_changes_the_etag(client, auth, stored):
    before = client.get("/sitreps/2026-02-04").headers["etag"]
    ingest(
        client,
        auth,
        article(source="https://a.example/1", body=["Envoys met in Geneva for peace talks."]),
    )
    assert client.get("/sitreps/2026-02-04", headers={"If-None-Match": before}).status_code == 200


def test_etag_differs_by_url_and_representation(client, stored):
    tags = {
        client.get("/sitreps").headers["etag"],
        client.get("/sitreps?theme=energy").headers["etag"],
        client.get("/sitreps", headers={"Accept": "text/csv"}).headers["etag"],
        client.get("/sitreps?format=ndjson").headers["etag"],
    }
    assert len(tags) == 4
    # the order of query parameters does not matter
    a = client.get("/sitreps?theme=energy&limit=5").headers["etag"]
    assert client.get("/sitreps?limit=5&theme=energy").headers["etag"] == a
    # no Accept and `*/*` ask for the same representation
    assert client.get("/sitreps?limit=5&theme=energy", headers={"Accept": ""}).headers["etag"] == a


def test_if_none_match_lists_and_star(client, stored):
    etag = client.get("/themes").headers["etag"]
    listed = client.get("/themes", headers={"If-None-Match": f'"other", {etag}'})
    assert listed.status_code == 304
    strong = client.get("/themes", headers={"If-None-Match": etag.removeprefix("W/")})
    assert strong.status_code == 304  # weak comparison
    assert client.get("/themes", headers={"If-None-Match": "*"}).status_code == 304
    assert client.get("/themes", headers={"If-None-Match": '"nope"'}).status_code == 200


def test_if_modified_since(client, stored):
    last = parsedate_to_datetime(client.get("/sitreps").headers["last-modified"])
    earlier = format_datetime(last - dt.timedelta(seconds=5), usegmt=True)
    assert client.get("/sitreps", headers={"If-Modified-Since": earlier}).status_code == 200
    later = format_datetime(last + dt.timedelta(days=1), usegmt=True)
    assert client.get("/sitreps", headers={"If-Modified-Since": later}).status_code == 304
    garbage = client.get("/sitreps", headers={"If-Modified-Since": "last tuesday"})
    assert garbage.status_code == 200  # an invalid date is ignored
    # If-None-Match wins over If-Modified-Since
    both = client.get("/sitreps", headers={"If-None-Match": '"nope"', "If-Modified-Since": later})
    assert both.status_code == 200


def test_a_304_runs_no_page_query(client, stored, monkeypatch):
    targets = [
        ("/sitreps", listing, "json_page"),
        ("/sitreps?format=csv", listing, "csv"),
        ("/sitreps/2026-02-04", report, "daily_report"),
        ("/timeline", timeline, "timeline"),
    ]
    for path, module, name in targets:
        etag = client.get(path).headers["etag"]

        def boom(*_args, **_kwargs):
            raise AssertionError("the page query ran for a 304")

        monkeypatch.setattr(module, name, boom)
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304


def test_empty_database_still_has_validators(client):
    response = client.get("/sitreps")
    assert response.headers["etag"] and response.headers["last-modified"]
    again = client.get("/sitreps", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


def test_errors_and_operations_are_not_cached(client):
    bad = client.get("/sitreps", params={"limit": 0})
    assert bad.status_code == 422 and "etag" not in bad.headers
    missing = client.get("/articles/999999")
    assert missing.status_code == 404 and "etag" not in missing.headers
    assert client.get("/metrics").headers["cache-control"] == "no-store"


def test_cache_max_age_from_settings(settings, connection):
    with _client(settings.model_copy(update={"cache_max_age": 30}), connection) as http:
        assert http.get("/themes").headers["cache-control"] == "public, max-age=30, must-revalidate"


# --- CORS ------------------------------------------------------------------------

ORIGIN = "https://dash.example.org"


def _client(settings, connection) -> TestClient:
    app = create_app(settings)

    def session_override() -> Iterator[object]:
        yield from session_scope(connection)

    def write_session_override() -> Iterator[object]:
        yield from session_scope(connection, write=True)

    app.dependency_overrides[get_session] = session_override
    app.dependency_overrides[get_write_session] = write_session_override
    return TestClient(app, raise_server_exceptions=False)


def test_cors_allow_list(settings, connection):
    cors = settings.model_copy(update={"cors_origins": frozenset({ORIGIN})})
    with _client(cors, connection) as http:
        allowed = http.get("/sitreps", headers={"Origin": ORIGIN})
        assert allowed.headers["access-control-allow-origin"] == ORIGIN
        exposed = allowed.headers["access-control-expose-headers"]
        assert "ETag" in exposed and "X-Request-ID" in exposed
        other = http.get("/sitreps", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        preflight = http.options(
            "/timeline",
            headers={
                "Origin": ORIGIN,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "If-None-Match",
            },
        )
        assert preflight.status_code == 200
        assert "If-None-Match" in preflight.headers["access-control-allow-headers"]
        etag = allowed.headers["etag"]
        revalidated = http.get("/sitreps", headers={"Origin": ORIGIN, "If-None-Match": etag})
        assert revalidated.status_code == 304
        assert revalidated.headers["access-control-allow-origin"] == ORIGIN


def test_no_cors_headers_without_origins(client):
    response = client.get("/sitreps", headers={"Origin": ORIGIN})
    assert "access-control-allow-origin" not in response.headers


def test_cors_origins_setting_is_a_comma_list(monkeypatch):
    from app.core.settings import Settings

    monkeypatch.setenv("SITREP_CORS_ORIGINS", f"{ORIGIN}, https://other.example ,")
    assert Settings(_env_file=None).cors_origins == {ORIGIN, "https://other.example"}


@pytest.mark.parametrize(
    "url", ["/articles/27910091150763/markdown", "/sitreps?theme=nonsense", "/sitreps?limit=0"]
)
def test_preconditions_do_not_hide_a_bad_request(client, url):
    """A precondition counts only where the answer without it would be 2xx (RFC 9110
    §13.2.1): `If-None-Match: *` or a future If-Modified-Since on invalid parameters
    gets the 422, not a 304 (schemathesis found the first)."""
    for headers in ({"If-None-Match": "*"}, {"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}):
        response = client.get(url, headers=headers)
        assert response.status_code == 422, (url, headers, response.status_code)
        assert response.headers["content-type"].startswith("application/problem+json")

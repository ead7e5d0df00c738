"""The real read session (no test override): each request's transaction ends, and its
connection goes back to the pool, whether the endpoint answers, fails or streams."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.core.settings import Settings
from app.main import create_app
from tests.api.reading import article, ingest
from tests.conftest import BACKENDS, TOKEN


@pytest.fixture(params=BACKENDS)
def served(request, fresh_database_url, auth):
    url = fresh_database_url(request.param)
    settings = Settings(database_url=url, ingest_tokens={TOKEN}, auto_migrate=True)
    with TestClient(create_app(settings)) as client:
        assert ingest(client, auth, article())["status"] == "created"
        yield client, client.app.state.engine


def test_reads_return_their_connections(served, auth):
    client, engine = served
    page = client.get("/sitreps", params={"theme": "energy"})
    assert page.status_code == 200 and page.json()["items"]
    # a problem raised by the endpoint after its first SELECT: the transaction rolls back
    missing = client.get("/articles/999999")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    # streamed: the session stays open until the last row is sent, then ends
    csv = client.get("/sitreps", params={"format": "csv"})
    assert csv.status_code == 200 and csv.text.count("\n") > 1
    assert client.get("/timeline").status_code == 200
    assert engine.pool.checkedout() == 0
    # and nothing of a read is left holding the database: a write goes through
    again = ingest(client, auth, article(source="https://b.example/x", date="2026-02-05"))
    assert again["status"] == "created"
    assert engine.pool.checkedout() == 0

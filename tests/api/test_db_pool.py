"""SITREP_DB_POOL_*: the connection pool's size, and the answer when it runs dry."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.core.db import make_engine
from app.core.settings import Settings
from app.main import create_app


def test_no_free_connection_is_a_503_with_retry_after(settings):
    tiny = settings.model_copy(
        update={"db_pool_size": 1, "db_pool_overflow": 0, "db_pool_timeout_seconds": 0.2}
    )
    with TestClient(create_app(tiny), raise_server_exceptions=False) as client:
        assert client.get("/sitreps?theme=energy").status_code == 200
        held = client.app.state.engine.connect()  # the pool's only connection
        try:
            response = client.get("/sitreps?theme=energy&limit=7")
            assert response.status_code == 503
            assert response.headers["content-type"] == "application/problem+json"
            assert response.headers["retry-after"] == "1"
            problem = response.json()
            assert problem["status"] == 503
            assert "overloaded" in problem["detail"]
        finally:
            held.close()
        # the connection is back: the same request is answered
        assert client.get("/sitreps?theme=energy&limit=7").status_code == 200


def test_pool_sizes_default_per_database(settings):
    sqlite = settings.database_url.startswith("sqlite")
    engines = [
        make_engine(settings),
        make_engine(settings.model_copy(update={"db_pool_size": 3})),
    ]
    try:
        assert [e.pool.size() for e in engines] == [5 if sqlite else 10, 3]
    finally:
        for engine in engines:
            engine.dispose()


@pytest.mark.parametrize(
    "field, value",
    [("db_pool_size", 0), ("db_pool_overflow", -1), ("db_pool_timeout_seconds", 0)],
)
def test_pool_settings_are_checked(field, value):
    with pytest.raises(ValidationError, match=field):
        Settings(**{field: value})

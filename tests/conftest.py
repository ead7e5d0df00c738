"""Shared fixtures: a migrated database per backend, and an app bound to it.

API tests run on SQLite and, when SITREP_TEST_POSTGRES_URL is set, on PostgreSQL.
Each backend gets a fresh database migrated once per session by Alembic; each test
runs in a transaction that is rolled back, so tests see only their own writes.
"""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine, make_url

from app.core.db import make_engine, normalize_url, session_scope, transaction
from app.core.deps import get_session, get_transaction_factory, get_write_session
from app.core.migrations import upgrade_to_head
from app.core.settings import Settings
from app.main import create_app
from app.repository.reports import DataVersion, ReportRepository

POSTGRES_URL = os.environ.get("SITREP_TEST_POSTGRES_URL")
TOKEN = "test-token"
ADMIN_TOKEN = "test-admin-token"
WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"sitrep-test-webhook-secret-32byt").decode()
FIXTURES = Path(__file__).parent / "fixtures"
ROOT_SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles"

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not POSTGRES_URL, reason="set SITREP_TEST_POSTGRES_URL to run on PostgreSQL"
        ),
    ),
]


def _fresh_postgres_database() -> tuple[str, str]:
    """Create an empty database on the test server; return (its URL, its name)."""
    assert POSTGRES_URL
    name = f"sitrep_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalize_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(POSTGRES_URL).set(database=name)
    return url.render_as_string(hide_password=False), name


def _drop_postgres_database(name: str) -> None:
    assert POSTGRES_URL
    admin = create_engine(normalize_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def fresh_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A factory of empty databases: call it with "sqlite" or "postgresql"."""
    created: list[str] = []

    def make(backend: str) -> str:
        if backend == "sqlite":
            path = tmp_path_factory.mktemp("db") / "sitrep.db"
            return f"sqlite:///{path}"
        url, name = _fresh_postgres_database()
        created.append(name)
        return url

    yield make
    for name in created:
        _drop_postgres_database(name)


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_engine(request: pytest.FixtureRequest, fresh_database_url) -> Iterator[Engine]:
    url = fresh_database_url(request.param)
    engine = make_engine(Settings(database_url=url))
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(migrated_engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that is rolled back after the test."""
    with migrated_engine.connect() as conn:
        trans = conn.begin()
        try:
            yield conn
        finally:
            trans.rollback()


@pytest.fixture
def settings(migrated_engine: Engine) -> Settings:
    return Settings(
        database_url=migrated_engine.url.render_as_string(hide_password=False),
        ingest_tokens=frozenset({TOKEN}),
        admin_tokens=frozenset({ADMIN_TOKEN}),
        webhook_secret=(WEBHOOK_SECRET,),
        auto_migrate=False,
    )


@pytest.fixture
def app(settings: Settings, connection: Connection) -> FastAPI:
    app = create_app(settings)

    def session_override() -> Iterator[object]:
        yield from session_scope(connection)

    def write_session_override() -> Iterator[object]:
        yield from session_scope(connection, write=True)

    app.dependency_overrides[get_session] = session_override
    app.dependency_overrides[get_write_session] = write_session_override
    app.dependency_overrides[get_transaction_factory] = lambda: partial(transaction, connection)
    app.state.data_clock.read_version = partial(_data_version_in, connection)
    return app


def _data_version_in(connection: Connection) -> DataVersion:
    with transaction(connection) as session:
        return ReportRepository(session).data_version()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def admin() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}

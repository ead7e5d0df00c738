"""One real uvicorn server per backend for the durability tests of a module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import BACKENDS
from tests.durability.helpers import log_alarms, start
from tests.e2e.conftest import Server, stop_server


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def database_url(backend: str, fresh_database_url) -> str:
    return str(fresh_database_url(backend))


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("durability") / "uvicorn.log"
    running = start(database_url, log)
    yield running
    stop_server(running)
    alarms = log_alarms(log)
    assert not alarms, "\n".join(alarms[:20])

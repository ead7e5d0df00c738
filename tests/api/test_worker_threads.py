"""SITREP_WORKER_THREADS bounds the threads that run requests' blocking work."""

from __future__ import annotations

import threading
import time

import anyio
import pytest
from anyio import to_thread
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.core.settings import Settings
from app.main import create_app


async def _tokens() -> float:
    return to_thread.current_default_thread_limiter().total_tokens


def test_the_pool_has_the_configured_threads(settings):
    with TestClient(create_app(settings.model_copy(update={"worker_threads": 3}))) as client:
        assert client.portal.call(_tokens) == 3
        # blocking work handed to the pool (as sync endpoints and dependencies are) never
        # runs in more threads than that at once
        running, most = 0, 0
        lock = threading.Lock()

        def blocking() -> None:
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
            time.sleep(0.05)
            with lock:
                running -= 1

        async def many() -> None:
            async with anyio.create_task_group() as tasks:
                for _ in range(12):
                    tasks.start_soon(to_thread.run_sync, blocking)

        client.portal.call(many)
        assert most == 3


def test_worker_threads_must_be_positive():
    with pytest.raises(ValidationError, match="worker_threads"):
        Settings(worker_threads=0)

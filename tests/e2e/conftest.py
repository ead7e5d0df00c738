"""A real uvicorn process on a free loopback port, on a fresh database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import BACKENDS

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "e2e-token"
ADMIN_TOKEN = "e2e-admin-token"


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def client(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(database_url: str, log: Path, **env: str) -> Server:
    port = _free_port()
    environ = {
        **os.environ,
        "SITREP_DATABASE_URL": database_url,
        "SITREP_INGEST_TOKENS": TOKEN,
        "SITREP_ADMIN_TOKENS": ADMIN_TOKEN,
        "SITREP_AUTO_MIGRATE": "true",
        **env,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
        ],
        cwd=ROOT,
        env=environ,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    # generous: importing the app takes 10-30 s on a loaded 2-core machine
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()}")
        try:
            if httpx.get(f"{server.url}/readyz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server did not become ready: {log.read_text()}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="module", params=BACKENDS)
def server(request, fresh_database_url, tmp_path_factory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("server") / "uvicorn.log"
    running = start_server(fresh_database_url(request.param), log)
    yield running
    stop_server(running)

"""Clients that start a streamed export and stop reading it must not take the server
down. Before exports read each page in a transaction of their own, each such client
held a pooled connection for as long as it kept its socket open: with as many of them
as the pool has connections, every other request waited the pool's timeout and failed
with a 500. Here the pool has 2 connections and 6 exports stall."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from tests.durability.helpers import AUTH, client, log_alarms, running
from tests.e2e.conftest import Server

POOL = {
    "SITREP_DB_POOL_SIZE": "2",
    "SITREP_DB_POOL_OVERFLOW": "0",
    "SITREP_DB_POOL_TIMEOUT_SECONDS": "10",
}
STALLED = 6
# An export must outgrow what the sockets hold for a client that reads nothing: up to
# 4 MB of the server's send buffer on Linux (tcp_wmem), and uvicorn's 64 KB above it.
ARTICLES = 800
PARAGRAPHS = 30
EXPORT = "/sitreps?format=csv&limit=200&to=2026-02-{day:02d}"


@pytest.fixture(scope="module")
def small_pool_server(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("stalled") / "uvicorn.log"
    with running(database_url, log, **POOL) as server:
        with client(server) as http:
            for start in range(0, ARTICLES, 100):
                items = [{"markdown": _long_article(n)} for n in range(start, start + 100)]
                response = http.post("/articles/batch", json=items, headers=AUTH)
                assert response.status_code == 200, response.text
                assert response.json()["created"] == 100
        yield server
    alarms = log_alarms(log)
    assert not alarms, "\n".join(alarms[:20])


def _long_article(n: int) -> str:
    body = "\n\n".join(
        f"Drones struck {n * 100 + k} sites of the power grid in the Kharkiv region overnight, "
        f"leaving {1000 + 37 * k} households without electricity and heating, the regional "
        f"operator said on day {k}; repair crews expect to restore supply within {k % 9 + 2} days."
        for k in range(PARAGRAPHS)
    )
    return (
        f'---\ntitle: "Grid report {n}"\nsource: https://grid.example/2026/02/04/report-{n}\n'
        f"date: 2026-02-04\n---\n\n{body}\n"
    )


def _stalled_export(server: Server, day: int) -> socket.socket:
    """Ask for an export, read its first bytes, then read no more (keep the socket)."""
    host, port = server.url.removeprefix("http://").split(":")
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # fills at once
    sock.connect((host, int(port)))
    path = EXPORT.format(day=day)  # a URL each: no answer cache in between
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    assert sock.recv(64).startswith(b"HTTP/1.1 200"), path
    return sock


def test_reads_are_answered_while_exports_stall(small_pool_server: Server):
    with client(small_pool_server) as http:
        whole = http.get(EXPORT.format(day=28))
        assert whole.status_code == 200
        assert len(whole.content) > 6_000_000  # more than the sockets between us hold
        stalled = [_stalled_export(small_pool_server, day) for day in range(4, 4 + STALLED)]
        try:
            time.sleep(2)  # their streams fill the socket buffers and wait on them
            for path in [
                "/sitreps?theme=energy&limit=5",
                "/sitreps/2026-03-01",  # a quiet day: merging the flood of 02-04 takes a while
                "/timeline?from=2026-02-01&to=2026-02-28",
                "/articles?limit=3",
                "/readyz",
            ]:
                started = time.monotonic()
                response = http.get(path)
                assert response.status_code == 200, (path, response.text)
                assert time.monotonic() - started < 5, path  # not after the pool's timeout
            # and a whole export still runs to its end beside them
            again = http.get(EXPORT.format(day=27))
            assert again.status_code == 200
            assert again.content == whole.content
        finally:
            for sock in stalled:
                sock.close()

"""The server killed with SIGKILL in the middle of a stream of ingests, 20 times.

Each cycle starts a real server on the same database, re-sends what was in flight at
the last kill (as a scraper retries: same bytes, same webhook-id), checks that what was
acknowledged before the kill is there and whole, streams new articles, new revisions
and webhooks from a few writers, and kills the server with SIGKILL while they run.
After each kill the database is checked directly: nothing half-written (an article
without its revision or passages, passages of two parses, a webhook delivery without
its article) and the engine's own integrity check. At the end one more server serves
every acknowledged article, byte for byte, and nothing that was not sent.

The servers come from a fork server (tests/durability/forkserver.py) so that a restart
costs about a second rather than the many seconds of importing the app.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from tests.durability.helpers import (
    AUTH,
    MARKDOWN,
    ForkServer,
    article,
    engine_for,
    half_written,
    integrity_problems,
    log_alarms,
    signed_headers,
    webhook_body,
)

pytestmark = pytest.mark.slow

CYCLES = 20
WRITERS = 3
MAX_REQUESTS_PER_WRITER = 200  # per cycle; a cycle is killed long before
KILL_AFTER_ACKS = (2, 8)  # acknowledged writes in a cycle before the kill, at random
CYCLE_TIMEOUT = 20.0  # seconds a cycle may wait for its acknowledgements


@dataclass
class Request:
    """One ingest as a scraper sends it; re-sendable unchanged (a webhook keeps its id)."""

    route: str  # "markdown", "json" or "webhook"
    raw: bytes  # the article file
    webhook_id: str = ""

    def send(self, http: httpx.Client) -> httpx.Response:
        if self.route == "markdown":
            return http.post("/articles", content=self.raw, headers=MARKDOWN)
        if self.route == "json":
            return http.post("/articles", json={"markdown": self.raw.decode()}, headers=AUTH)
        body = webhook_body(self.raw)
        return http.post(
            "/webhooks/articles", content=body, headers=signed_headers(body, self.webhook_id)
        )


@dataclass
class Ledger:
    """What the server acknowledged, and what was in flight when it was killed."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    # (article id, revision) -> (bytes sent, passages in the receipt)
    acked: dict[tuple[int, int], tuple[bytes, int]] = field(default_factory=dict)
    latest: dict[int, int] = field(default_factory=dict)  # article id -> newest acked revision
    in_flight: list[Request] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    acks_this_cycle: list[tuple[int, int]] = field(default_factory=list)
    killed_in_flight: int = 0
    stored_before_ack: int = 0  # cut off, yet found stored when sent again

    def record(self, request: Request, response: httpx.Response) -> None:
        with self.lock:
            if response.status_code not in (200, 201):
                self.failures.append(f"{response.status_code} {response.text[:300]}")
                return
            receipt = response.json()
            key = (receipt["id"], receipt["revision"])
            previous = self.acked.get(key)
            if previous is not None and previous[0] != request.raw:
                self.failures.append(f"revision {key} acknowledged for two different bodies")
            self.acked[key] = (request.raw, receipt["passages"])
            self.latest[key[0]] = max(self.latest.get(key[0], 0), key[1])
            self.acks_this_cycle.append(key)


class Writer(threading.Thread):
    """Streams new articles and new revisions of its own articles until the server dies."""

    def __init__(
        self, name: str, url: str, ledger: Ledger, seed: int, versions: dict[str, int]
    ) -> None:
        super().__init__(daemon=True)
        self.tag = name
        self.url = url
        self.ledger = ledger
        self.random = random.Random(seed)
        self.versions = versions  # this writer's stories -> last version sent, across kills

    def next_request(self) -> Request:
        roll = self.random.random()
        if self.versions and roll < 0.3:  # a re-scrape that changed: a new revision
            story = self.random.choice(sorted(self.versions))
            self.versions[story] += 1
            return Request("json", article(story, self.versions[story]))
        story = f"{self.tag}-{len(self.versions)}"
        self.versions[story] = 0
        route = "webhook" if roll > 0.65 else "markdown"
        return Request(route, article(story), webhook_id=f"msg_{uuid.uuid4().hex}")

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=30) as http:
            for _ in range(MAX_REQUESTS_PER_WRITER):
                request = self.next_request()
                try:
                    response = request.send(http)
                except httpx.TransportError:
                    with self.ledger.lock:  # killed mid-request: the outcome is unknown
                        self.ledger.in_flight.append(request)
                    return
                self.ledger.record(request, response)


def verify_acked(http: httpx.Client, ledger: Ledger, keys: list[tuple[int, int]]) -> None:
    """Each acknowledged revision is stored byte for byte; the article's current
    revision is the newest acknowledged one, with all its passages."""
    for article_id in sorted({k[0] for k in keys}):
        detail = http.get(f"/articles/{article_id}")
        assert detail.status_code == 200, (article_id, detail.text)
        body = detail.json()
        newest = ledger.latest[article_id]
        passages = ledger.acked[(article_id, newest)][1]
        assert body["revision"] == newest, (article_id, body["revision"], newest)
        assert len(body["passages"]) == passages > 0, article_id
        assert all(p["text"] for p in body["passages"])
    for article_id, revision in sorted(set(keys)):
        stored = http.get(f"/articles/{article_id}/markdown", params={"revision": revision})
        assert stored.status_code == 200, (article_id, revision, stored.text)
        assert stored.content == ledger.acked[(article_id, revision)][0], (article_id, revision)


def check_database(database_url: str) -> None:
    engine = engine_for(database_url)
    try:
        assert half_written(engine) == {}
        assert integrity_problems(engine) == []
    finally:
        engine.dispose()


@pytest.fixture
def fork_server() -> Iterator[ForkServer]:
    servers = ForkServer()
    try:
        yield servers
    finally:
        servers.close()


def test_sigkill_mid_stream_loses_nothing_acknowledged(
    backend: str, database_url: str, fork_server: ForkServer, tmp_path: Path
):
    ledger = Ledger()
    rng = random.Random(20260204)
    run = uuid.uuid4().hex[:6]
    log = tmp_path / "servers.log"
    stories: list[dict[str, int]] = [{} for _ in range(WRITERS)]
    started = time.monotonic()

    spent: dict[str, float] = dict.fromkeys(("start", "verify", "stream", "check"), 0.0)
    for _ in range(CYCLES):
        mark = time.monotonic()
        server = fork_server.spawn(database_url, log)
        spent["start"] += time.monotonic() - mark
        mark = time.monotonic()
        with httpx.Client(base_url=server.url, timeout=30) as http:
            # What was in flight at the last kill is sent again, as a scraper retries.
            retry, ledger.in_flight = ledger.in_flight, []
            before_kill, ledger.acks_this_cycle = ledger.acks_this_cycle, []
            for request in retry:
                response = request.send(http)
                ledger.record(request, response)
                ledger.stored_before_ack += response.status_code == 200
            assert not ledger.failures, ledger.failures
            verify_acked(http, ledger, before_kill + ledger.acks_this_cycle)
        spent["verify"] += time.monotonic() - mark
        mark = time.monotonic()
        check_database(database_url)  # what the kill left, after the server recovered it
        spent["check"] += time.monotonic() - mark
        mark = time.monotonic()

        ledger.acks_this_cycle = []
        writers = [
            Writer(f"{run}-w{w}", server.url, ledger, rng.randrange(2**32), stories[w])
            for w in range(WRITERS)
        ]
        for writer in writers:
            writer.start()
        wanted = rng.randint(*KILL_AFTER_ACKS)
        deadline = time.monotonic() + CYCLE_TIMEOUT
        while len(ledger.acks_this_cycle) < wanted and time.monotonic() < deadline:
            if not any(w.is_alive() for w in writers):
                break
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.05))  # land anywhere inside the next requests
        fork_server.kill(server)
        for writer in writers:
            writer.join(30)
        assert not any(w.is_alive() for w in writers), "a writer did not notice the kill"
        spent["stream"] += time.monotonic() - mark
        assert not ledger.failures, ledger.failures
        assert len(ledger.acks_this_cycle) >= wanted, "the stream stalled before the kill"
        ledger.killed_in_flight += len(ledger.in_flight)

    # One more server: every acknowledged article, from the first cycle on, whole.
    final = fork_server.spawn(database_url, log)
    try:
        with httpx.Client(base_url=final.url, timeout=30) as http:
            for request in ledger.in_flight:
                ledger.record(request, request.send(http))
            assert not ledger.failures, ledger.failures
            verify_acked(http, ledger, list(ledger.acked))
    finally:
        fork_server.kill(final)
    check_database(database_url)
    engine = engine_for(database_url)
    try:
        with engine.connect() as conn:
            stored = set(conn.execute(text("SELECT id FROM article")).scalars())
    finally:
        engine.dispose()
    assert stored == set(ledger.latest), "articles stored that no one was told about, or lost"

    alarms = log_alarms(log)
    assert not alarms, alarms[:10]
    elapsed = time.monotonic() - started
    print(
        f"\n{backend}: {CYCLES} kills in {elapsed:.1f} s, {len(ledger.acked)} revisions of "
        f"{len(ledger.latest)} articles acknowledged, {ledger.killed_in_flight} requests cut "
        f"off by a kill ({ledger.stored_before_ack} of them found stored when sent again); "
        + ", ".join(f"{k} {v:.1f} s" for k, v in spent.items())
    )

"""20 concurrent deliveries of the same article, on a real server: stored once, no 5xx.

Each delivery is its own connection, released together by a barrier, so the requests
really race: on SQLite they queue on the write lock taken at BEGIN IMMEDIATE, on
PostgreSQL they meet at INSERT … ON CONFLICT on the canonical URL (and on the webhook id).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import text

from tests.durability.helpers import (
    MARKDOWN,
    article,
    client,
    engine_for,
    half_written,
    log_alarms,
    signed_headers,
    unique_tag,
    webhook_body,
)
from tests.e2e.conftest import Server

pytestmark = pytest.mark.slow

N = 20

Delivery = Callable[[httpx.Client, int], httpx.Response]


def race(server: Server, deliver: Delivery, n: int = N) -> list[httpx.Response]:
    """Run `deliver` n times at once, each on its own connection; every answer."""
    barrier = threading.Barrier(n, timeout=60)
    answers: list[httpx.Response | BaseException | None] = [None] * n

    def one(i: int) -> None:
        with client(server) as http:
            http.get("/healthz")  # connect first, so the barrier releases requests, not handshakes
            try:
                barrier.wait()
                answers[i] = deliver(http, i)
            except BaseException as exc:
                answers[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert not any(t.is_alive() for t in threads), "a delivery hung"
    errors = [a for a in answers if not isinstance(a, httpx.Response)]
    assert not errors, errors
    return answers  # type: ignore[return-value]


def assert_stored_once(server: Server, database_url: str, responses: list[httpx.Response]) -> int:
    statuses = sorted(r.status_code for r in responses)
    assert not [r.text for r in responses if r.status_code >= 500], "5xx under concurrency"
    assert set(statuses) <= {200, 201}, [(r.status_code, r.text[:200]) for r in responses]
    assert statuses.count(201) == 1, statuses  # one of them created it, the others saw it
    ids = {r.json()["id"] for r in responses}
    assert len(ids) == 1, ids
    (article_id,) = ids
    url = responses[0].json()["url"]
    engine = engine_for(database_url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(
                text("SELECT id, revision FROM article WHERE canonical_url = :u"), {"u": url}
            ).all()
            revisions = conn.execute(
                text("SELECT count(*) FROM article_revision WHERE article_id = :i"),
                {"i": article_id},
            ).scalar_one()
        assert [tuple(r) for r in stored] == [(article_id, 1)]
        assert revisions == 1
        assert half_written(engine) == {}
    finally:
        engine.dispose()
    with client(server) as http:
        detail = http.get(f"/articles/{article_id}")
        assert detail.status_code == 200
        assert len(detail.json()["passages"]) == responses[0].json()["passages"] > 0
    assert not log_alarms(server.log), log_alarms(server.log)
    return article_id


def test_same_article_posted_20_times_at_once(server: Server, database_url: str):
    raw = article(unique_tag("post"))
    responses = race(server, lambda http, _: http.post("/articles", content=raw, headers=MARKDOWN))
    assert_stored_once(server, database_url, responses)
    assert sorted(r.json()["status"] for r in responses) == ["created"] + ["unchanged"] * (N - 1)


MORE_THAN_THREADS = 50  # the server runs `def` endpoints in 40 threads (SITREP_WORKER_THREADS)


def test_more_writers_at_once_than_threads(server: Server, database_url: str):
    """Each writer waits for the write lock in a thread of the pool; the one holding it
    must commit without needing another (app/core/deps.py, commits_in_its_thread), or
    with every thread taken by a waiting writer, all of them wait out the 30 s timeouts
    and answer 500 (26 of 60 did so before)."""
    raw = article(unique_tag("crowd"))
    post = lambda http, _: http.post("/articles", content=raw, headers=MARKDOWN)  # noqa: E731
    responses = race(server, post, n=MORE_THAN_THREADS)
    assert_stored_once(server, database_url, responses)


def test_same_webhook_delivered_20_times_at_once(server: Server, database_url: str):
    """A re-delivered webhook (same webhook-id): processed once, every delivery 2xx."""
    body = webhook_body(article(unique_tag("hook-same-id")))
    headers = signed_headers(body)
    responses = race(
        server, lambda http, _: http.post("/webhooks/articles", content=body, headers=headers)
    )
    assert_stored_once(server, database_url, responses)
    redelivered = [r for r in responses if r.headers.get("webhook-redelivery") == "true"]
    assert len(redelivered) == N - 1


def test_same_article_in_20_webhooks_at_once(server: Server, database_url: str):
    """The same article pushed under 20 different webhook-ids: one article."""
    body = webhook_body(article(unique_tag("hook-many-ids")))
    responses = race(
        server,
        lambda http, _: http.post("/webhooks/articles", content=body, headers=signed_headers(body)),
    )
    assert_stored_once(server, database_url, responses)
    assert sorted(r.json()["status"] for r in responses) == ["created"] + ["unchanged"] * (N - 1)


def test_same_story_by_every_route_and_url_spelling_at_once(server: Server, database_url: str):
    """POST as markdown, as JSON, and webhooks, with the URL spelled with www., a
    trailing slash, tracking parameters or a fragment: all one canonical URL, one article."""
    tag = unique_tag("mixed")
    hosts = ["example.org", "www.example.org"]
    suffixes = ["", "/", "?utm_source=feed", "#comments", "/?utm_medium=social&fbclid=x"]

    def raw(i: int) -> bytes:
        text_ = article(tag, host=hosts[i % 2]).decode()
        suffix = suffixes[i % len(suffixes)]
        return text_.replace(f"/2026/02/04/{tag}\n", f"/2026/02/04/{tag}{suffix}\n").encode()

    def deliver(http: httpx.Client, i: int) -> httpx.Response:
        if i % 3 == 0:
            return http.post("/articles", content=raw(i), headers=MARKDOWN)
        if i % 3 == 1:
            return http.post(
                "/articles",
                json={"markdown": raw(i).decode()},
                headers={"Authorization": MARKDOWN["Authorization"]},
            )
        body = webhook_body(raw(i))
        return http.post("/webhooks/articles", content=body, headers=signed_headers(body))

    responses = race(server, deliver)
    assert_stored_once(server, database_url, responses)


def test_same_idempotency_key_20_times_at_once(server: Server, database_url: str):
    """Retries racing under one Idempotency-Key: the work is done once; every other
    answer is the replay (2xx) or 409 "still running" with Retry-After, never a 5xx."""
    raw = article(unique_tag("idem"))
    headers = {**MARKDOWN, "Idempotency-Key": unique_tag("key")}
    responses = race(server, lambda http, _: http.post("/articles", content=raw, headers=headers))
    assert not [r for r in responses if r.status_code >= 500]
    assert {r.status_code for r in responses} <= {201, 409}, [r.status_code for r in responses]
    done = [r for r in responses if r.status_code == 201]
    assert done and all(r.json()["id"] == done[0].json()["id"] for r in done)
    assert all(r.headers.get("retry-after") for r in responses if r.status_code == 409)
    replayed = [r for r in done if r.headers.get("idempotent-replayed") == "true"]
    assert len(replayed) == len(done) - 1  # one did the work, the rest replayed it
    with client(server) as http:  # and a retry after the race replays it too
        again = http.post("/articles", content=raw, headers=headers)
    assert (again.status_code, again.json()["id"]) == (201, done[0].json()["id"])
    assert again.headers.get("idempotent-replayed") == "true"

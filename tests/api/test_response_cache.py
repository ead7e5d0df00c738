"""Read answers served again from memory until the data changes."""

from __future__ import annotations

import threading
import time

from app.core.response_cache import DataClock
from app.core.settings import Settings
from app.repository.reports import DataVersion
from tests.api.articles import FRONT_AND_TALKS, article


def post(client, auth, text: str):
    response = client.post(
        "/articles", content=text.encode(), headers={**auth, "Content-Type": "text/markdown"}
    )
    assert response.status_code in (200, 201), response.text
    return response.json()


def test_repeated_read_is_served_from_cache(app, client, auth):
    post(client, auth, article())
    cache = app.state.response_cache
    first = client.get("/sitreps", params={"theme": "energy"})
    hits = cache.hits
    second = client.get("/sitreps", params={"theme": "energy"})
    assert cache.hits == hits + 1
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    assert second.headers["x-request-id"] != first.headers["x-request-id"]


def test_a_write_is_seen_at_once(client, auth):
    post(client, auth, article(source="https://c.example/1"))
    before = client.get("/sitreps", params={"limit": 200}).json()["items"]
    post(client, auth, article(source="https://c.example/2", body=FRONT_AND_TALKS))
    after = client.get("/sitreps", params={"limit": 200}).json()["items"]
    assert len(after) > len(before)


def test_cached_answer_honours_if_none_match(app, client, auth):
    post(client, auth, article())
    etag = client.get("/themes").headers["etag"]
    hits = app.state.response_cache.hits
    again = client.get("/themes", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert app.state.response_cache.hits == hits + 1


def test_query_order_does_not_matter_but_accept_does(app, client, auth):
    post(client, auth, article())
    client.get("/sitreps?theme=energy&limit=5")
    hits = app.state.response_cache.hits
    client.get("/sitreps?limit=5&theme=energy")
    assert app.state.response_cache.hits == hits + 1
    csv = client.get("/sitreps?limit=5&theme=energy", headers={"Accept": "text/csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert app.state.response_cache.hits == hits + 1


def test_closed_reads_are_never_cached(app, client, auth):
    app.state.settings = Settings(**{**app.state.settings.model_dump(), "reads_open": False})
    for _ in range(3):
        assert client.get("/themes", headers=auth).status_code == 200
    assert client.get("/themes").status_code == 401  # not answered from a cache
    assert app.state.response_cache.hits == 0


def test_errors_are_not_cached(app, client):
    for _ in range(2):
        assert client.get("/sitreps", params={"theme": "weather"}).status_code == 422
    assert app.state.response_cache.hits == 0


def test_clock_rereads_the_database_only_after_the_staleness_bound():
    reads: list[int] = []

    def read() -> DataVersion:
        reads.append(1)
        return DataVersion(None, articles=len(reads), max_id=len(reads))

    clock = DataClock(read, staleness=3600)
    first = clock.token()
    assert clock.token() == first and len(reads) == 1  # within the bound: no query
    clock.bump()
    assert clock.token() != first and len(reads) == 1  # own writes show at once
    eager = DataClock(read, staleness=0)
    eager.token(), eager.token()
    assert len(reads) == 3


def test_one_caller_rereads_a_stale_version_the_others_keep_the_last():
    """Single flight: requests arriving while the version is being re-read do not all
    query the database (a burst every staleness period)."""
    started, release = threading.Event(), threading.Event()
    reads: list[int] = []

    def read() -> DataVersion:
        reads.append(1)
        if len(reads) > 1:
            started.set()
            release.wait(5)
        return DataVersion(None, articles=len(reads), max_id=0)

    clock = DataClock(read, staleness=0)
    first = clock.token()
    refresher = threading.Thread(target=clock.token)
    refresher.start()
    assert started.wait(5)
    assert clock.token() == first  # not a second query while one is running
    assert clock.cached_token() == first
    release.set()
    refresher.join(5)
    assert len(reads) == 2
    assert clock.token() != first  # staleness 0: the next caller reads again


def test_the_first_request_to_see_a_stale_version_claims_its_reread_on_the_event_loop():
    """cached_token() runs on the event loop: the one request that finds the version
    stale is sent to re-read it, the others keep the last token meanwhile (were the
    claim taken in the thread pool, every request before that thread ran would go)."""
    reads: list[int] = []

    def read() -> DataVersion:
        reads.append(1)
        return DataVersion(None, articles=len(reads), max_id=0)

    clock = DataClock(read, staleness=0)
    assert clock.cached_token() is None  # no version yet: the caller must read
    first = clock.refreshed_token()
    assert clock.cached_token() is None  # stale: this caller now holds the re-read
    assert [clock.cached_token() for _ in range(5)] == [first] * 5  # the others: no read
    assert clock.token() == first and len(reads) == 1  # nor does a blocking caller
    second = clock.refreshed_token()
    assert second != first and len(reads) == 2
    assert clock.cached_token() is None  # released: the next stale caller claims again


def test_an_abandoned_claim_is_taken_over(monkeypatch):
    """A request cancelled before its turn in the thread pool never re-reads: after
    CLAIM_TIMEOUT_S another caller does, or the version would never change again."""
    from app.core import response_cache

    reads: list[int] = []

    def read() -> DataVersion:
        reads.append(1)
        return DataVersion(None, articles=len(reads), max_id=0)

    monkeypatch.setattr(response_cache, "CLAIM_TIMEOUT_S", 0.05)
    clock = DataClock(read, staleness=0)
    first = clock.token()
    assert clock.cached_token() is None  # claimed, and then never re-read
    assert clock.token() == first and len(reads) == 1
    time.sleep(0.06)
    assert clock.token() != first and len(reads) == 2

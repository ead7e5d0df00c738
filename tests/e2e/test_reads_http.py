"""The read side over real HTTP: streamed exports, 304s, request ids in JSON logs."""

from __future__ import annotations

import orjson

from tests.e2e.conftest import ROOT, Server

SAMPLES = sorted((ROOT / "samples" / "articles").glob("*.md"))


def _load(http) -> None:
    for path in SAMPLES:
        response = http.post(
            "/articles", content=path.read_bytes(), headers={"Content-Type": "text/markdown"}
        )
        assert response.status_code in (200, 201), response.text


def test_reads_over_http(server: Server):
    with server.client() as http:
        _load(http)
        items = http.get("/sitreps", params={"limit": 200}).json()["items"]
        assert items

        # CSV is streamed (chunked), and holds every passage though pages are small
        with http.stream("GET", "/sitreps", params={"format": "csv", "limit": 3}) as response:
            assert response.headers.get("transfer-encoding") == "chunked"
            body = b"".join(response.iter_bytes())
        assert body.count(b"\r\n") >= len(items) + 1

        # a dashboard's poll: 304 while nothing changes
        first = http.get("/timeline", params={"interval": "week"})
        etag = first.headers["etag"]
        again = http.get("/timeline", params={"interval": "week"}, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""

        day = items[0]["date"]
        report = http.get(f"/sitreps/{day}").json()
        assert report["coverage"]["has_data"] and report["coverage"]["articles"] >= 1

        traced = http.get("/sitreps", headers={"X-Request-ID": "e2e-trace-1"})
        assert traced.headers["x-request-id"] == "e2e-trace-1"
        metrics = http.get("/metrics").text
        assert 'route="/sitreps/{date}"' in metrics and "sitrep_passages{" in metrics

    lines = [orjson.loads(line) for line in server.log.read_text().splitlines() if line[:1] == "{"]
    traced_lines = [line for line in lines if line.get("request_id") == "e2e-trace-1"]
    assert traced_lines, "the request's log line should carry its id"
    assert traced_lines[-1]["logger"] == "sitrep.access" and traced_lines[-1]["status"] == 200

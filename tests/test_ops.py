"""Operations: /metrics, request ids in and out and in every log line, JSON logs."""

from __future__ import annotations

import logging

import orjson
import pytest

from app.core.observability import JsonFormatter, RequestIdFilter, request_id_var
from tests.api.reading import article, ingest


def metric(text: str, name: str, **labels: str) -> float | None:
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        series, _, value = line.rpartition(" ")
        if series.split("{")[0] == name and all(f'{k}="{v}"' in series for k, v in labels.items()):
            return float(value)
    return None


def test_metrics_by_route_template(client, auth):
    ingest(client, auth, article())
    client.get("/sitreps/2026-02-04")
    client.get("/sitreps/2026-02-05")
    client.get("/nowhere/at/all")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    # one series per route template, not per URL
    assert metric(text, "sitrep_http_requests_total", route="/sitreps/{date}", status="200") == 2
    assert "/sitreps/2026-02-04" not in text
    assert metric(text, "sitrep_http_requests_total", route="unmatched", status="404") == 1
    assert metric(text, "sitrep_http_requests_total", route="/articles", method="POST") == 1
    count = metric(text, "sitrep_http_request_duration_seconds_count", route="/sitreps/{date}")
    assert count == 2


def test_metrics_passages_per_theme_and_articles(client, auth):
    receipt = ingest(client, auth, article())
    text = client.get("/metrics").text
    for theme, n in receipt["themes"].items():
        assert metric(text, "sitrep_passages", theme=theme) == n
    assert metric(text, "sitrep_passages", theme="diplomacy") == receipt["themes"].get(
        "diplomacy", 0
    )
    assert metric(text, "sitrep_articles") == 1


def test_ingest_outcomes_are_counted(app, client):
    app.state.metrics.record_ingest("created")
    app.state.metrics.record_ingest("created")
    app.state.metrics.record_ingest("unchanged")
    text = client.get("/metrics").text
    assert metric(text, "sitrep_ingests_total", status="created") == 2
    assert metric(text, "sitrep_ingests_total", status="unchanged") == 1


def test_request_id_is_echoed_or_made(client):
    given = client.get("/healthz", headers={"X-Request-ID": "dash-42.a"})
    assert given.headers["x-request-id"] == "dash-42.a"
    made = client.get("/healthz")
    assert len(made.headers["x-request-id"]) == 32
    assert made.headers["x-request-id"] != client.get("/healthz").headers["x-request-id"]
    hostile = client.get("/healthz", headers={"X-Request-ID": "x" * 500})
    assert hostile.headers["x-request-id"] != "x" * 500
    problem = client.get("/sitreps", params={"limit": 0}, headers={"X-Request-ID": "bad-1"})
    assert problem.status_code == 422 and problem.headers["x-request-id"] == "bad-1"
    not_modified = client.get("/themes", headers={"If-None-Match": "*", "X-Request-ID": "poll-7"})
    assert not_modified.status_code == 304 and not_modified.headers["x-request-id"] == "poll-7"


def test_every_log_line_of_a_request_has_its_id(client, caplog):
    caplog.set_level(logging.INFO)
    client.get("/sitreps", headers={"X-Request-ID": "trace-me"})
    access = [r for r in caplog.records if r.name == "sitrep.access"]
    assert access and access[-1].request_id == "trace-me"
    line = orjson.loads(JsonFormatter().format(access[-1]))
    assert line["request_id"] == "trace-me"
    assert line["route"] == "/sitreps" and line["status"] == 200
    assert line["level"] == "INFO" and line["logger"] == "sitrep.access" and line["time"]


def test_json_formatter_fields_and_exceptions():
    token = request_id_var.set("abc123")
    try:
        record = logging.LogRecord("sitrep", logging.ERROR, __file__, 1, "failed %s", ("x",), None)
        RequestIdFilter().filter(record)
        record.article_id = 7
        try:
            raise ValueError("boom")
        except ValueError:
            import sys

            record.exc_info = sys.exc_info()
        line = orjson.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert line["message"] == "failed x" and line["request_id"] == "abc123"
    assert line["article_id"] == 7 and "ValueError: boom" in line["exc_info"]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_endpoints_still_answer(client, path):
    assert client.get(path).status_code == 200


def test_an_unexpected_error_is_a_500_problem_with_the_request_id(app, client, caplog):
    @app.get("/boom-for-test", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError("kaput")

    caplog.set_level(logging.INFO)
    response = client.get("/boom-for-test", headers={"X-Request-ID": "err-9"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"] == "err-9"
    assert "err-9" in response.json()["detail"] and "kaput" not in response.text
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and errors[-1].request_id == "err-9" and errors[-1].exc_info


def test_json_formatter_times_are_utc_to_the_millisecond():
    formatter = JsonFormatter()
    times = []
    for created in (1_700_000_000.0, 1_700_000_000.9996, 1_700_000_001.25, 1_700_000_000.5):
        record = logging.LogRecord("sitrep", logging.INFO, __file__, 1, "m", (), None)
        record.created = created
        times.append(orjson.loads(formatter.format(record))["time"])
    assert times == [
        "2023-11-14T22:13:20.000+00:00",
        "2023-11-14T22:13:20.999+00:00",
        "2023-11-14T22:13:21.250+00:00",
        "2023-11-14T22:13:20.500+00:00",  # back to an earlier second: formatted again
    ]

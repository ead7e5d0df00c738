"""Schemathesis over the whole OpenAPI document of a real server, on each backend.

Every operation gets examples, coverage cases and fuzzed cases, valid and invalid
(negative) alike, with an admin bearer token; POST /webhooks/articles is sent twice per
case: as generated (its made-up signature must be refused with a 4xx, never a 5xx) and
signed with the server's secret over the exact bytes sent (so the payload itself is
what gets validated). Checks: no 5xx, status code, content type, headers and body
conform to the schema, invalid input is rejected with a 4xx.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from standardwebhooks.webhooks import Webhook

from app.core.settings import Settings
from app.main import create_app
from tests.conftest import BACKENDS
from tests.durability.helpers import ADMIN_TOKEN, WEBHOOK_SECRET, log_alarms, start
from tests.e2e.conftest import Server, stop_server

pytestmark = pytest.mark.slow

WEBHOOK_PATH = "/webhooks/articles"
CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
ALL_CHECKS = [*CONFORMANCE, negative_data_rejection]
CONFIG = {
    "headers": {"Authorization": f"Bearer {ADMIN_TOKEN}"},
    "request-timeout": 30,
    "generation": {"mode": "all", "max-examples": 12, "deterministic": False},
    "phases": {"stateful": {"enabled": False}},
    # 413 (too many batch items, too large a body) is a rejection too.
    "checks": {
        "negative_data_rejection": {
            "expected-statuses": [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]
        }
    },
}
# A raw text body (text/markdown, NDJSON) is a string whatever it holds: a "non-string"
# mutation of it is still a valid article on the wire.
TEXT_BODIES = ("text/markdown", "application/x-ndjson")


class SignWebhook(requests.auth.AuthBase):
    """Standard Webhooks headers over the body exactly as it goes on the wire."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        if request.path_url.split("?")[0] != WEBHOOK_PATH:
            return request
        body = request.body or b""
        text = body.decode("utf-8", "surrogateescape") if isinstance(body, bytes) else body
        msg_id = f"msg_{uuid.uuid4().hex}"
        now = dt.datetime.now(dt.UTC)
        request.headers["webhook-id"] = msg_id
        request.headers["webhook-timestamp"] = str(int(now.timestamp()))
        request.headers["webhook-signature"] = Webhook(WEBHOOK_SECRET).sign(msg_id, now, text)
        return request


@pytest.fixture(scope="module", params=BACKENDS)
def live_server(request, fresh_database_url, tmp_path_factory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("schemathesis") / "uvicorn.log"
    server = start(fresh_database_url(request.param), log)
    yield server
    stop_server(server)
    # Every 5xx is caught by the checks; the log must not hide one either.
    assert not [a for a in log_alarms(log) if "Traceback" in a], log.read_text()[-5000:]


@pytest.fixture(scope="module")
def signing_session() -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.auth = SignWebhook()
        yield session


# NDJSON goes on the wire as the text it is (its schema is a string).
schemathesis.serializer.alias("application/x-ndjson", "text/plain")

# The document the server serves is built from the code; load it here, at collection
# (test_live_document_is_the_tested_one checks the live server serves the same).
_DOCUMENT = create_app(
    Settings(database_url="sqlite://", webhook_secret=(WEBHOOK_SECRET,), auto_migrate=False)
).openapi()
schema = schemathesis.openapi.from_dict(_DOCUMENT, config=schemathesis.Config.from_dict(CONFIG))


def _negative_in(case: schemathesis.Case, location: ParameterLocation) -> bool:
    meta = case.meta
    if meta is None or not meta.generation.mode.is_negative:
        return False
    info = meta.components.get(location)
    return bool(info and info.mode.is_negative) or (
        getattr(meta.phase.data, "parameter_location", None) == location
    )


def batch_items_rejected_one_by_one(ctx, response, case: schemathesis.Case) -> bool | None:
    """POST /articles/batch as JSON refuses a body that is not an array of 1 to 500 items
    with a 4xx; within an array, each invalid item gets its own 4xx result, in order,
    and does not sink the others (so the batch itself is a 200)."""
    if case.media_type != "application/json":
        return None  # NDJSON: any text is lines of items, each judged alone
    body = case.body
    if not isinstance(body, list) or not 1 <= len(body) <= 500:
        assert 400 <= response.status_code < 500, f"bad batch accepted: {response.status_code}"
        return None
    if response.status_code != 200:
        return None
    results = response.json()["items"]
    assert [r["index"] for r in results] == list(range(len(body)))
    for item, result in zip(body, results, strict=True):
        valid = (
            isinstance(item, dict)
            and set(item) == {"markdown"}
            and isinstance(item["markdown"], str)
            and item["markdown"] != ""
        )
        if not valid:
            assert 400 <= result["status"] < 500 and result["problem"], (item, result)
    return None


def _checks_for(case: schemathesis.Case) -> list:
    """Every check, but negative-data rejection where the invalid part cannot be told
    from a valid one on the wire (see TEXT_BODIES), or where
    the contract is per item (the batch)."""
    if case.media_type in TEXT_BODIES and _negative_in(case, ParameterLocation.BODY):
        return CONFORMANCE
    if case.path == "/articles/batch":
        return [*CONFORMANCE, batch_items_rejected_one_by_one]
    return ALL_CHECKS


@schema.parametrize()
@settings(
    deadline=None,
    suppress_health_check=list(HealthCheck),
    max_examples=12,
)
def test_api_conforms_to_its_openapi(
    case: schemathesis.Case, live_server: Server, signing_session: requests.Session
):
    base = live_server.url
    if case.path != WEBHOOK_PATH:
        case.call_and_validate(base_url=base, checks=_checks_for(case))
        return
    # As generated: no valid signature can be made up, so a 4xx (never a 5xx).
    unsigned = case.call_and_validate(base_url=base, checks=CONFORMANCE)
    assert 400 <= unsigned.status_code < 500, unsigned.text
    if _negative_in(case, ParameterLocation.HEADER):
        return  # the invalid part is a header, which signing would overwrite
    case.call_and_validate(base_url=base, session=signing_session, checks=_checks_for(case))


def test_live_document_is_the_tested_one(live_server: Server):
    live = requests.get(f"{live_server.url}/openapi.json", timeout=30).json()
    assert live["paths"] == _DOCUMENT["paths"]
    assert live["components"] == _DOCUMENT["components"]


def test_signing_hook_signs_what_is_sent(live_server: Server, signing_session: requests.Session):
    """The hook above is right: a signed, valid delivery is stored (201), then a
    re-delivery of the same body with another id is answered 200."""
    body = (
        b'{"type": "article.scraped", "data": {"markdown": "---\\ntitle: Hook check\\n'
        b'source: https://example.org/hook-check\\n---\\nDrones hit a power plant.\\n"}}'
    )
    url = f"{live_server.url}{WEBHOOK_PATH}"
    first = signing_session.post(url, data=body, headers={"Content-Type": "application/json"})
    again = signing_session.post(url, data=body, headers={"Content-Type": "application/json"})
    assert (first.status_code, again.status_code) == (201, 200), first.text
    assert first.json()["id"] == again.json()["id"]
    forged = requests.post(
        url, data=body, headers={**dict(first.request.headers), "webhook-id": "msg_other"}
    )
    assert forged.status_code == 401
    assert forged.headers["content-type"].startswith("application/problem+json")


# --- regressions: what the run above found, pinned down --------------------------------

BIG = 2**63  # past SQLite's INTEGER: bound to the driver, it overflowed (a 500)


def _is_problem(response: requests.Response, status: int) -> bool:
    kind = response.headers.get("content-type", "")
    return response.status_code == status and kind.startswith("application/problem+json")


def test_timestamps_carry_their_offset(live_server: Server):
    """SQLite handed back naive datetimes, served without an offset (not RFC 3339)."""
    base, auth = live_server.url, {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    markdown = "---\ntitle: Offsets\nsource: https://example.org/offsets\n---\nDrones hit Lviv.\n"
    created = requests.post(f"{base}/articles", json={"markdown": markdown}, headers=auth)
    assert created.status_code in (200, 201), created.text
    article_id = created.json()["id"]
    detail = requests.get(f"{base}/articles/{article_id}").json()
    revisions = requests.get(f"{base}/articles/{article_id}/revisions").json()
    listed = requests.get(f"{base}/articles", params={"limit": 200}).json()["items"]
    stamps = [detail["created_at"], detail["updated_at"], revisions[0]["received_at"]]
    stamps += [item["updated_at"] for item in listed if "updated_at" in item]
    for stamp in stamps:
        assert dt.datetime.fromisoformat(stamp).utcoffset() == dt.timedelta(0), stamp


def test_out_of_range_ids_are_refused_not_500(live_server: Server):
    base, admin = live_server.url, {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    for path, params in [
        (f"/articles/{BIG}", {}),
        (f"/articles/{2**31}", {}),
        (f"/articles/{BIG}/revisions", {}),
        (f"/articles/{BIG}/markdown", {}),
        ("/articles/1/markdown", {"revision": BIG}),
    ]:
        response = requests.get(f"{base}{path}", params=params)
        assert _is_problem(response, 422), (path, response.status_code, response.text)
    deleted = requests.delete(f"{base}/articles/{BIG}", headers=admin)
    assert _is_problem(deleted, 422), deleted.text  # documented now, as problem+json
    cursor = base64.urlsafe_b64encode(f'["2026-02-04", {BIG}]'.encode()).decode().rstrip("=")
    for path in ("/sitreps", "/articles"):
        response = requests.get(f"{base}{path}", params={"cursor": cursor})
        assert _is_problem(response, 400), (path, response.status_code, response.text)


def test_reparse_options_are_not_guessed(live_server: Server):
    base, admin = live_server.url, {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    for options in ({"force": 0}, {"batch_size": "100"}, {"force": False, "extra": 1}):
        response = requests.post(f"{base}/admin/reparse", json=options, headers=admin)
        assert _is_problem(response, 422), (options, response.status_code, response.text)
    garbled = requests.post(
        f"{base}/admin/reparse",
        data=b"\xff{",
        headers={**admin, "Content-Type": "application/json"},
    )
    assert _is_problem(garbled, 400), garbled.text
    documented = _DOCUMENT["paths"]["/admin/reparse"]["post"]["responses"]
    assert "400" in documented


def test_idempotency_key_tells_json_from_ndjson(live_server: Server):
    """The same key and bytes sent as NDJSON then as JSON are two requests: the second
    must not replay the first's answer."""
    key = f"key-{uuid.uuid4().hex}"
    url = f"{live_server.url}/articles/batch"
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}", "Idempotency-Key": key}
    as_ndjson = requests.post(
        url, data=b"{}", headers={**auth, "Content-Type": "application/x-ndjson"}
    )
    assert as_ndjson.status_code == 200 and as_ndjson.json()["failed"] == 1
    as_json = requests.post(url, data=b"{}", headers={**auth, "Content-Type": "application/json"})
    assert _is_problem(as_json, 422), as_json.text
    assert as_json.headers.get("idempotent-replayed") is None


def test_numeric_dates_are_refused(live_server: Server):
    for path, params in [("/sitreps", {"to": "0"}), ("/timeline", {"from": "86400"})]:
        response = requests.get(f"{live_server.url}{path}", params=params)
        assert 400 <= response.status_code < 500, (path, response.status_code)
    assert 400 <= requests.get(f"{live_server.url}/sitreps/0").status_code < 500


def test_nul_in_a_filter_is_refused_not_500(live_server: Server):
    """PostgreSQL refuses NUL in text parameters: it must be a 422, not a 500."""
    for path in ("/sitreps", "/sitreps/2026-02-04", "/timeline"):
        response = requests.get(f"{live_server.url}{path}", params={"source": "reuters\x00.com"})
        assert _is_problem(response, 422), (path, response.status_code, response.text)

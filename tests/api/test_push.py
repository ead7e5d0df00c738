"""Issue 4 over the API: webhooks, batches, Idempotency-Key, revisions, deletes, limits."""

from __future__ import annotations

import datetime as dt
import uuid

import orjson
import pytest
from standardwebhooks.webhooks import Webhook

from app.core.settings import Settings
from tests.api.articles import ENERGY_STRIKE, FRONT_AND_TALKS, article
from tests.conftest import WEBHOOK_SECRET

PROBLEM = "application/problem+json"


def signed(
    body: bytes,
    *,
    msg_id: str | None = None,
    secret: str = WEBHOOK_SECRET,
    when: dt.datetime | None = None,
) -> dict[str, str]:
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    when = when or dt.datetime.now(dt.UTC)
    signature = Webhook(secret).sign(msg_id, when, body.decode())
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": signature,
        "Content-Type": "application/json",
    }


def event(markdown: str) -> bytes:
    return orjson.dumps({"type": "article.scraped", "data": {"markdown": markdown}})


# --- webhooks ---------------------------------------------------------------------


def test_signed_webhook_is_ingested(client):
    body = event(article())
    response = client.post("/webhooks/articles", content=body, headers=signed(body))
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "created"


def test_redelivered_webhook_is_answered_once_processed(client):
    body = event(article())
    headers = signed(body, msg_id="msg_same")
    first = client.post("/webhooks/articles", content=body, headers=headers)
    again = client.post("/webhooks/articles", content=body, headers=signed(body, msg_id="msg_same"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.headers["Webhook-Redelivery"] == "true"
    assert again.json() == first.json()
    assert len(client.get("/articles").json()["items"]) == 1


def test_webhook_with_rotated_secret_verifies(app, client):
    old = "whsec_" + "b2xkLXNlY3JldC1vbGQtc2VjcmV0LW9sZC0xMjM0"
    from app.ingest.webhooks import make_verifiers

    app.state.webhook_verifiers = make_verifiers([WEBHOOK_SECRET, old])
    body = event(article())
    assert (
        client.post(
            "/webhooks/articles", content=body, headers=signed(body, secret=old)
        ).status_code
        == 201
    )


@pytest.mark.parametrize(
    "mangle",
    [
        lambda h: {k: v for k, v in h.items() if k != "webhook-signature"},
        lambda h: {k: v for k, v in h.items() if k != "webhook-id"},
        lambda h: {k: v for k, v in h.items() if k != "webhook-timestamp"},
        lambda h: {**h, "webhook-signature": "v1,not-base64!!"},
        lambda h: {**h, "webhook-signature": "garbage-without-comma"},
        lambda h: {**h, "webhook-signature": "v1,AAAA"},
        lambda h: {**h, "webhook-timestamp": "yesterday"},
        lambda h: {**h, "webhook-timestamp": "99999999999999999999"},
    ],
    ids=["no-sig", "no-id", "no-ts", "bad-b64", "no-comma", "wrong-sig", "bad-ts", "huge-ts"],
)
def test_malformed_webhook_headers_are_401_never_500(client, mangle):
    body = event(article())
    response = client.post("/webhooks/articles", content=body, headers=mangle(signed(body)))
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == PROBLEM
    assert client.get("/articles").json()["items"] == []


@pytest.mark.parametrize("minutes", [-6, 6])
def test_stale_or_future_webhook_is_401(client, minutes):
    body = event(article())
    when = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=minutes)
    response = client.post("/webhooks/articles", content=body, headers=signed(body, when=when))
    assert response.status_code == 401


def test_webhook_signed_with_another_secret_is_401(client):
    body = event(article())
    other = "whsec_" + "YW5vdGhlci1zZWNyZXQtYW5vdGhlci1zZWNyZXQ="
    assert (
        client.post(
            "/webhooks/articles", content=body, headers=signed(body, secret=other)
        ).status_code
        == 401
    )


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b'{"type": "article.deleted", "data": {"markdown": "x"}}',
        b'{"type": "article.scraped", "data": {}}',
        b"[]",
    ],
)
def test_signed_but_invalid_payload_is_422(client, payload):
    response = client.post("/webhooks/articles", content=payload, headers=signed(payload))
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM


def test_webhooks_refused_when_no_secret_configured(app, client):
    app.state.webhook_verifiers = ()
    body = event(article())
    response = client.post("/webhooks/articles", content=body, headers=signed(body))
    assert response.status_code == 403
    assert "SITREP_WEBHOOK_SECRET" in response.json()["detail"]


# --- batches ----------------------------------------------------------------------


def test_batch_json_array_one_receipt_per_item_in_order(client, auth):
    items = [
        {"markdown": article(source="https://a.example/1")},
        {"markdown": "   "},
        {"markdown": article(source="https://a.example/2", body=FRONT_AND_TALKS)},
        {"text": "wrong field"},
        {"markdown": article(source="https://a.example/1")},
    ]
    response = client.post("/articles/batch", json=items, headers=auth)
    assert response.status_code == 200, response.text
    result = response.json()
    assert [i["index"] for i in result["items"]] == [0, 1, 2, 3, 4]
    assert [i["status"] for i in result["items"]] == [201, 422, 201, 422, 200]
    assert result["items"][1]["problem"]["detail"]
    assert result["items"][4]["receipt"]["status"] == "unchanged"
    assert (result["created"], result["unchanged"], result["failed"]) == (2, 1, 2)
    assert len(client.get("/articles").json()["items"]) == 2


def test_batch_ndjson(client, auth):
    lines = [orjson.dumps({"markdown": article(source=f"https://n.example/{i}")}) for i in range(3)]
    body = b"\n".join([*lines[:2], b"{broken", lines[2]]) + b"\n"
    response = client.post(
        "/articles/batch", content=body, headers={**auth, "Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 200
    assert [i["status"] for i in response.json()["items"]] == [201, 201, 422, 201]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{}", "application/json", 422),
        (b"[]", "application/json", 422),
        (b"nope", "application/json", 422),
        (b"[]", "text/plain", 415),
    ],
)
def test_batch_bad_envelope(client, auth, body, content_type, status):
    response = client.post(
        "/articles/batch", content=body, headers={**auth, "Content-Type": content_type}
    )
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM


def test_batch_over_item_limit_is_413(app, client, auth):
    app.state.settings = Settings(**{**app.state.settings.model_dump(), "max_batch_items": 3})
    response = client.post("/articles/batch", json=[{"markdown": "x"}] * 4, headers=auth)
    assert response.status_code == 413
    assert client.get("/articles").json()["items"] == []


# --- Idempotency-Key --------------------------------------------------------------


def test_idempotency_key_replays_first_response(client, auth):
    headers = {**auth, "Content-Type": "text/markdown", "Idempotency-Key": "k-1"}
    first = client.post("/articles", content=article(), headers=headers)
    again = client.post("/articles", content=article(), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)  # the first answer, replayed
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()


def test_idempotency_key_with_other_body_is_422(client, auth):
    headers = {**auth, "Content-Type": "text/markdown", "Idempotency-Key": "k-2"}
    client.post("/articles", content=article(), headers=headers)
    other = client.post("/articles", content=article(title="Other"), headers=headers)
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["detail"]


def test_idempotency_key_released_when_request_fails(client, auth):
    headers = {**auth, "Content-Type": "text/markdown", "Idempotency-Key": "k-3"}
    assert client.post("/articles", content=b"   ", headers=headers).status_code == 422
    # the failed attempt left nothing behind: the same key works for a corrected body
    assert client.post("/articles", content=article(), headers=headers).status_code == 201


def test_idempotency_key_on_batch(client, auth):
    headers = {**auth, "Idempotency-Key": "batch-1"}
    items = [{"markdown": article()}]
    first = client.post("/articles/batch", json=items, headers=headers)
    again = client.post("/articles/batch", json=items, headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()


@pytest.mark.parametrize("key", ["", "x" * 256, "na\u00efve".encode("latin-1")])
def test_bad_idempotency_key_is_400(client, auth, key):
    headers = {**auth, "Content-Type": "text/markdown", "Idempotency-Key": key}
    response = client.post("/articles", content=article().encode(), headers=headers)
    assert response.status_code == 400


# --- revisions, raw markdown, deletes ----------------------------------------------


def post(client, auth, text: str | bytes):
    body = text.encode() if isinstance(text, str) else text
    return client.post("/articles", content=body, headers={**auth, "Content-Type": "text/markdown"})


def test_revisions_keep_every_raw_version_byte_for_byte(client, auth):
    v1 = article().encode()
    v2 = article(body=[*ENERGY_STRIKE, "Crews restored power by noon."]).replace("\n", "\r\n")
    first = post(client, auth, v1).json()
    post(client, auth, v2.encode())
    revisions = client.get(f"/articles/{first['id']}/revisions").json()
    assert [(r["revision"], r["current"]) for r in revisions] == [(1, False), (2, True)]
    assert revisions[0]["bytes"] == len(v1)
    one = client.get(f"/articles/{first['id']}/markdown", params={"revision": 1})
    assert one.content == v1
    assert one.headers["content-type"].startswith("text/markdown")
    assert client.get(f"/articles/{first['id']}/markdown").content == v2.encode()
    missing = client.get(f"/articles/{first['id']}/markdown", params={"revision": 9})
    assert missing.status_code == 404


def test_delete_tombstones_article(client, auth, admin):
    receipt = post(client, auth, article()).json()
    assert client.delete(f"/articles/{receipt['id']}", headers=auth).status_code == 403
    assert client.delete(f"/articles/{receipt['id']}").status_code == 401
    assert client.delete(f"/articles/{receipt['id']}", headers=admin).status_code == 204
    assert client.get("/sitreps", params={"limit": 200}).json()["items"] == []
    assert client.get("/articles").json()["items"] == []
    assert client.get(f"/articles/{receipt['id']}").status_code == 404
    # kept for audit, and a re-delivery does not bring it back
    assert client.get(f"/articles/{receipt['id']}/markdown").status_code == 200
    again = post(client, auth, article())
    assert (again.status_code, again.json()["status"]) == (200, "deleted")
    assert client.get("/sitreps", params={"limit": 200}).json()["items"] == []
    assert client.delete(f"/articles/{receipt['id']}", headers=admin).status_code == 204
    assert client.delete("/articles/999999", headers=admin).status_code == 404


# --- limits and scopes --------------------------------------------------------------


def test_rate_limit_is_429_with_retry_after(app, client, auth):
    from app.core.security import RateLimiter

    app.state.rate_limiter = RateLimiter("2/minute")
    statuses = [post(client, auth, article()).status_code for _ in range(3)]
    assert statuses[:2] in ([201, 200],)
    assert statuses[2] == 429
    limited = post(client, auth, article())
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.headers["content-type"] == PROBLEM


def test_closed_reads_need_a_read_scope(app, client, auth):
    app.state.settings = Settings(
        **{**app.state.settings.model_dump(), "reads_open": False, "read_tokens": ["reader"]}
    )
    assert client.get("/sitreps").status_code == 401
    assert client.get("/sitreps", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/sitreps", headers={"Authorization": "Bearer reader"}).status_code == 200
    assert client.get("/sitreps", headers=auth).status_code == 200  # ingest implies read
    reader_write = client.post(
        "/articles",
        content=article(),
        headers={"Authorization": "Bearer reader", "Content-Type": "text/markdown"},
    )
    assert reader_write.status_code == 403

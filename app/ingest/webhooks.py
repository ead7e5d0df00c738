"""Standard Webhooks verification (https://www.standardwebhooks.com/)."""

from __future__ import annotations

import binascii
from collections.abc import Mapping, Sequence

import orjson
from pydantic import ValidationError
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from app.core.errors import Forbidden, Unauthorized, ValidationFailed
from app.ingest.schemas import WebhookPayload


def make_verifiers(secrets: Sequence[str]) -> tuple[Webhook, ...]:
    """One verifier per configured secret; a malformed secret fails at start-up."""
    verifiers = []
    for secret in secrets:
        try:
            verifiers.append(Webhook(secret))
        except (ValueError, binascii.Error) as exc:
            raise ValueError(
                f"SITREP_WEBHOOK_SECRET holds a secret that is not base64 (whsec_…): {exc}"
            ) from None
    return tuple(verifiers)


def verify(verifiers: Sequence[Webhook], body: bytes, headers: Mapping[str, str]) -> None:
    """Accept the delivery if any configured secret signed it (rotation)."""
    if not verifiers:
        raise Forbidden(
            "Webhooks are disabled because no secret is configured: set SITREP_WEBHOOK_SECRET "
            "to one or more space-separated whsec_… secrets."
        )
    wanted = {k: v for k, v in headers.items() if k.lower().startswith("webhook-")}
    for verifier in verifiers:
        try:
            verifier.verify(body, wanted, json_parse=False)
            return
        # standardwebhooks 1.1.0 lets malformed headers escape as ValueError or
        # binascii.Error (a ValueError) rather than its own error type.
        except (WebhookVerificationError, ValueError, TypeError):
            continue
    raise Unauthorized(
        "The webhook signature does not verify: check the webhook-id, webhook-timestamp "
        "(within 5 minutes of now) and webhook-signature headers and the secret.",
    )


def parse_payload(body: bytes) -> WebhookPayload:
    try:
        return WebhookPayload.model_validate(orjson.loads(body))
    except orjson.JSONDecodeError as exc:
        raise ValidationFailed(f"The webhook body is not JSON: {exc}.") from None
    except ValidationError as exc:
        reasons = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors()
        )
        raise ValidationFailed(
            'The payload must be {"type": "article.scraped", "data": {"markdown": "…"}}: ' + reasons
        ) from None

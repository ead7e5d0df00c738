"""POST /articles/batch: many articles in one request, each succeeding or failing alone."""

from __future__ import annotations

from collections import Counter

import orjson
from pydantic import ValidationError
from sqlmodel import Session

from app.core.errors import PayloadTooLarge, SitrepError, ValidationFailed
from app.core.problems import TYPE_BASE
from app.ingest.schemas import ArticleIn, BatchItemResult, BatchReceipt
from app.ingest.service import ingest_article

NDJSON_TYPES = frozenset({"application/x-ndjson", "application/ndjson", "application/jsonl"})


def split_batch(body: bytes, media_type: str, max_items: int) -> list[object]:
    """The batch's items, still unparsed where a line is not JSON (an item error later)."""
    if media_type in NDJSON_TYPES:
        items: list[object] = []
        for line in body.splitlines():
            if not line.strip():
                continue
            try:
                items.append(orjson.loads(line))
            except orjson.JSONDecodeError as exc:
                items.append(_Unparsable(str(exc)))
    else:
        try:
            parsed = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise ValidationFailed(f"The body is not a JSON array: {exc}.") from None
        if not isinstance(parsed, list):
            raise ValidationFailed(
                'The body must be a JSON array of {"markdown": "…"} objects (or NDJSON with '
                "Content-Type application/x-ndjson)."
            )
        items = parsed
    if not items:
        raise ValidationFailed("The batch is empty: send at least one article.")
    if len(items) > max_items:
        raise PayloadTooLarge(
            f"The batch has {len(items)} articles; at most {max_items} are taken at once."
        )
    return items


class _Unparsable:
    def __init__(self, reason: str) -> None:
        self.reason = reason


def _problem(index: int, error: SitrepError) -> BatchItemResult:
    return BatchItemResult(
        index=index,
        status=error.status,
        problem={
            "type": TYPE_BASE + error.slug,
            "title": error.title,
            "status": error.status,
            "detail": error.detail,
        },
    )


def _article(item: object) -> ArticleIn:
    if isinstance(item, _Unparsable):
        raise ValidationFailed(f"This line is not JSON: {item.reason}.")
    try:
        return ArticleIn.model_validate(item)
    except ValidationError as exc:
        reasons = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'item'}: {e['msg']}" for e in exc.errors()
        )
        raise ValidationFailed(f'Each item must be {{"markdown": "…"}}: {reasons}.') from None


def ingest_batch(session: Session, items: list[object]) -> BatchReceipt:
    """Each item in a SAVEPOINT: a bad one is rolled back alone, the rest commit together."""
    results: list[BatchItemResult] = []
    tally: Counter[str] = Counter()
    for index, item in enumerate(items):
        try:
            article = _article(item)
            with session.begin_nested():
                receipt = ingest_article(session, article.markdown.encode())
        except SitrepError as error:
            results.append(_problem(index, error))
            tally["failed"] += 1
            continue
        results.append(
            BatchItemResult(
                index=index, status=201 if receipt.status == "created" else 200, receipt=receipt
            )
        )
        tally[receipt.status] += 1
    return BatchReceipt(
        items=results,
        created=tally["created"],
        updated=tally["updated"],
        unchanged=tally["unchanged"],
        failed=tally["failed"],
    )

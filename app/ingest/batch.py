"""POST /articles/batch: many articles in one request, each succeeding or failing alone."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from concurrent.futures import Executor

import orjson
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.core.errors import PayloadTooLarge, SitrepError, ValidationFailed
from app.core.problems import TYPE_BASE
from app.ingest.bulk import Stored, store_chunk
from app.ingest.prepare import PreparedArticle, map_prepare
from app.ingest.schemas import ArticleIn, BatchItemResult, BatchReceipt
from app.ingest.service import receipt_of, store_article

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


def ingest_batch(
    session: Session,
    items: list[object],
    *,
    pool: Executor | None = None,
    received_at: dt.datetime | None = None,
) -> BatchReceipt:
    """The pipeline first, for every item (in `pool`'s processes when there is one),
    then the items stored: a bad one fails alone, the rest commit together."""
    received_at = received_at or dt.datetime.now(dt.UTC)
    outcomes: list[PreparedArticle | SitrepError | None] = [None] * len(items)
    raws: list[bytes] = []
    where: list[int] = []
    for index, item in enumerate(items):
        try:
            raws.append(_article(item).markdown.encode())
            where.append(index)
        except SitrepError as error:
            outcomes[index] = error
    for index, prepared in zip(where, map_prepare(pool, raws, received_at), strict=True):
        outcomes[index] = prepared

    # All in one go (one statement per table, as `sitrep ingest` does), in a SAVEPOINT;
    # should the database refuse (a concurrent writer of the same URL), each item in
    # its own SAVEPOINT instead, failing alone.
    ready = [(i, o) for i, o in enumerate(outcomes) if isinstance(o, PreparedArticle)]
    stored: dict[int, Stored] = {}
    if len(ready) > 1:
        try:
            with session.begin_nested():
                chunk = store_chunk(session, [prepared for _, prepared in ready])
            stored = {i: s for (i, _), s in zip(ready, chunk, strict=True)}
        except DBAPIError:
            stored = {}

    results: list[BatchItemResult] = []
    tally: Counter[str] = Counter()
    for index, outcome in enumerate(outcomes):
        assert outcome is not None
        try:
            if isinstance(outcome, SitrepError):
                raise outcome
            if index in stored:
                s = stored[index]
                receipt = receipt_of(outcome, s.article_id, s.revision, s.status)
            else:
                with session.begin_nested():
                    receipt = store_article(session, outcome)
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

"""GET /sitreps in every representation: one JSON page; CSV and NDJSON streamed over
keyset pages; an Atom feed of one page. Rows become plain dicts serialised by orjson
(no per-row model validation: on this read path it costs more than the query)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterator
from typing import Any

import orjson
from sqlmodel import Session

from app.core.db import TransactionFactory
from app.pipeline.types import THEMES
from app.query.filters import Cursor, SitrepQuery, decode_cursor, encode_cursor
from app.query.formats import atom_feed, csv_stream, ndjson_stream
from app.repository.reports import ReportRepository
from app.repository.search import MARK_END, MARK_START
from app.repository.sitreps import SitrepRepository, SitrepRow

_ORDER: dict[str, int] = {theme: i for i, theme in enumerate(THEMES)}
CSV_COLUMNS = (
    "passage_id",
    "date",
    "themes",
    "scores",
    "text",
    "heading",
    "article_id",
    "article_title",
    "article_url",
    "source",
)


def mark_html(marked: str) -> str:
    """Escape the text for HTML, then turn the database's match markers into <mark>."""
    return html.escape(marked).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def _themes(rows: list[tuple[str, float, list[str]]]) -> list[dict[str, Any]]:
    if len(rows) > 1:  # most passages have one theme: nothing to order
        rows = sorted(rows, key=lambda r: _ORDER.get(r[0], 99))
    return [{"theme": theme, "score": score, "cues": cues} for theme, score, cues in rows]


def item(row: SitrepRow, highlight: str | None, with_highlight: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "passage_id": row.passage_id,
        "date": row.date,
        "text": row.text,
        "heading": row.heading,
        "themes": _themes(row.themes),
        "claimant": row.claimant,
        "unverified": row.unverified,
        "article": {
            "id": row.article_id,
            "title": row.title,
            "url": row.url,
            "source": row.source,
            "date": row.date,  # a passage's date is its article's
        },
    }
    if with_highlight:
        out["highlight"] = mark_html(highlight) if highlight else html.escape(row.text)
    return out


def _rows(
    session: Session, query: SitrepQuery, after: Cursor | None
) -> tuple[list[SitrepRow], dict[int, str], bool]:
    """One keyset page: its rows, their search highlights, and whether more follow."""
    repo = SitrepRepository(session)
    rows = repo.page(query, after)
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    return rows, repo.highlights(query, rows), more


def _page(session: Session, query: SitrepQuery) -> tuple[list[dict[str, Any]], str | None]:
    rows, marks, more = _rows(session, query, decode_cursor(query.cursor))
    items = [item(r, marks.get(r.passage_id), query.q is not None) for r in rows]
    last = rows[-1] if rows else None
    return items, (encode_cursor(last.date, last.passage_id) if more and last else None)


def json_page(session: Session, query: SitrepQuery) -> bytes:
    items, next_cursor = _page(session, query)
    return orjson.dumps({"items": items, "next_cursor": next_cursor})


def _all_items(
    transactions: TransactionFactory, query: SitrepQuery, after: Cursor | None
) -> Iterator[dict[str, Any]]:
    """Every matching item from `after` on, `query.limit` at a time (keyset pages),
    each page read in a transaction of its own. Between pages the stream holds no
    connection and no snapshot: a client that reads slowly, or stops reading, pins
    neither a pooled connection (enough such clients took every one, and every other
    request then failed) nor SQLite's WAL or PostgreSQL's vacuum horizon. Like a client
    following `next_cursor`, each page sees the data as it is when that page is read."""
    while True:
        with transactions() as session:
            rows, marks, more = _rows(session, query, after)
        for r in rows:
            yield item(r, marks.get(r.passage_id), query.q is not None)
        if not more:
            return
        after = (rows[-1].date, rows[-1].passage_id)


def ndjson(transactions: TransactionFactory, query: SitrepQuery) -> Iterator[bytes]:
    # the cursor is decoded now: a bad one is a 400, not an error mid-stream
    return ndjson_stream(_all_items(transactions, query, decode_cursor(query.cursor)))


def _csv_row(entry: dict[str, Any]) -> dict[str, Any]:
    article = entry["article"]
    return {
        **entry,
        "themes": [t["theme"] for t in entry["themes"]],
        "scores": [t["score"] for t in entry["themes"]],
        "article_id": article["id"],
        "article_title": article["title"],
        "article_url": article["url"],
        "source": article["source"],
    }


def csv(transactions: TransactionFactory, query: SitrepQuery) -> Iterator[bytes]:
    columns = (*CSV_COLUMNS, "highlight") if query.q is not None else CSV_COLUMNS
    items = _all_items(transactions, query, decode_cursor(query.cursor))
    return csv_stream(columns, (_csv_row(e) for e in items))


def atom(
    session: Session, query: SitrepQuery, self_url: str, url_for_cursor: Callable[[str], str]
) -> Iterator[bytes]:
    repo = SitrepRepository(session)
    rows = repo.page(query, decode_cursor(query.cursor))
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    last = rows[-1] if rows else None
    next_cursor = encode_cursor(last.date, last.passage_id) if more and last else None
    updated = ReportRepository(session).data_version().last_modified or dt.datetime(
        1970, 1, 1, tzinfo=dt.UTC
    )
    names = ",".join(query.themes) if query.theme else "all"
    entries = (
        {
            "id": f"urn:sitrep:passage:{r.passage_id}",
            "title": r.heading or _headline(r.text),
            "link": r.url,
            "updated": _as_utc(r.updated_at),
            "author": r.source or "unknown source",
            "categories": [theme for theme, _, _ in r.themes],
            "summary": r.text,
        }
        for r in rows
    )
    return atom_feed(
        feed_id=f"urn:sitrep:feed:{names}",
        title=f"Sitrep: {names.replace(',', ', ')}",
        self_url=self_url,
        next_url=url_for_cursor(next_cursor) if next_cursor else None,
        updated=updated,
        entries=entries,
    )


def _headline(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def _as_utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)

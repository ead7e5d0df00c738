"""Representations of read answers: JSON, CSV, NDJSON, Atom; chosen by `format=` or
the Accept header; the streamed ones are written row by row, never whole in memory."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal
from xml.sax.saxutils import escape, quoteattr

import orjson
from starlette.responses import Response, StreamingResponse

from app.core.errors import NotAcceptable

Format = Literal["json", "csv", "ndjson", "atom"]

MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "ndjson": "application/x-ndjson",
    "atom": "application/atom+xml",
    "geojson": "application/geo+json",
}
# What an Accept header may name for each format (ndjson has no registered type yet).
_ACCEPTED: dict[str, str] = {
    "application/json": "json",
    "text/csv": "csv",
    "application/x-ndjson": "ndjson",
    "application/ndjson": "ndjson",
    "application/jsonl": "ndjson",
    "application/atom+xml": "atom",
    "application/geo+json": "geojson",
}


def negotiate(accept: str | None, explicit: str | None, allowed: Sequence[str]) -> str:
    """`format=` wins; else the Accept entry with the highest q that we can serve (ties:
    the client's order); else JSON when the client accepts anything; else 406."""
    if explicit:
        return explicit  # the query model already restricted it to `allowed`
    if not accept or not accept.strip():
        return allowed[0]
    ranked: list[tuple[float, int, str]] = []
    for order, part in enumerate(accept.split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        media = media.lower()
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        if media in ("*/*", "application/*"):
            choice: str | None = allowed[0]
        elif media == "text/*":
            choice = "csv" if "csv" in allowed else None
        else:
            choice = _ACCEPTED.get(media)
        if choice is not None and choice in allowed:
            ranked.append((-quality, order, choice))
    if not ranked:
        offered = ", ".join(MEDIA_TYPES[f].split(";")[0] for f in allowed)
        raise NotAcceptable(
            f"None of the media types in Accept ({accept}) can be served here: ask for one "
            f"of {offered}, or pass format= ({', '.join(allowed)}).",
            available=[MEDIA_TYPES[f] for f in allowed],
        )
    return min(ranked)[2]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return value


def csv_stream(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """RFC 4180 CSV with a header row; lists are joined with `;`. One chunk per batch
    of rows, so the response is streamed as the rows arrive."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for count, row in enumerate(rows, 1):
        writer.writerow([_cell(row.get(c)) for c in columns])
        if count % 200 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def ndjson_stream(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    batch: list[bytes] = []
    for row in rows:
        batch.append(orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE))
        if len(batch) == 200:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(
    *,
    feed_id: str,
    title: str,
    self_url: str,
    next_url: str | None,
    updated: dt.datetime,
    entries: Iterable[dict[str, Any]],
) -> Iterator[bytes]:
    """An Atom feed (RFC 4287) with RFC 5005 paging. Entry dicts: id, title, link,
    updated (datetime), summary, author, categories."""
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<id>{escape(feed_id)}</id>",
        f"<title>{escape(title)}</title>",
        f"<updated>{_iso(updated)}</updated>",
        f'<link rel="self" href={quoteattr(self_url)}/>',
        "<generator>Sitrep</generator>",
    ]
    if next_url:
        head.append(f'<link rel="next" href={quoteattr(next_url)}/>')
    yield "\n".join(head).encode() + b"\n"
    for entry in entries:
        parts = [
            "<entry>",
            f"<id>{escape(entry['id'])}</id>",
            f"<title>{escape(entry['title'])}</title>",
            f"<updated>{_iso(entry['updated'])}</updated>",
            f"<author><name>{escape(entry['author'])}</name></author>",
            f'<link rel="alternate" href={quoteattr(entry["link"])}/>',
            *(f"<category term={quoteattr(c)}/>" for c in entry["categories"]),
            f'<summary type="text">{escape(entry["summary"])}</summary>',
            "</entry>",
        ]
        yield "".join(parts).encode() + b"\n"
    yield b"</feed>\n"


def respond(fmt: str, body: bytes | Iterator[bytes]) -> Response:
    """Bytes are sent at once; an iterator is streamed chunk by chunk."""
    if isinstance(body, bytes):
        return Response(body, media_type=MEDIA_TYPES[fmt])
    return StreamingResponse(body, media_type=MEDIA_TYPES[fmt])


_EXAMPLES = {
    "csv": "passage_id,date,themes,…\r\n1234,2026-02-04,air_strikes;energy,…\r\n",
    "ndjson": '{"passage_id":1234,"date":"2026-02-04",…}\n{"passage_id":1233,…}\n',
    "atom": '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
    "…</feed>",
    "geojson": '{"type":"FeatureCollection","features":[{"type":"Feature","id":1234,'
    '"geometry":{"type":"MultiPoint","coordinates":[[36.25,49.98]]},"properties":{…}}],'
    '"next_cursor":null}',
}
_FORMAT_NOTES = {
    "csv": "CSV (RFC 4180) with a header row; lists joined with `;`.",
    "ndjson": "Newline-delimited JSON: one object per line, as in the JSON answer.",
    "atom": "An Atom feed (RFC 4287), RFC 5005 `next` link to the following page.",
    "geojson": "GeoJSON (RFC 7946): one page as a FeatureCollection, each passage a Feature "
    "whose MultiPoint holds the places it names (null when none) and whose properties are "
    "its JSON fields plus `places`; `next_cursor` beside `features`.",
}


# Formats that are JSON documents of their own: a schema, not a string.
_SCHEMAS: dict[str, dict[str, Any]] = {
    "geojson": {
        "type": "object",
        "required": ["type", "features", "next_cursor"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["type", "id", "geometry", "properties"],
                    "properties": {
                        "type": {"type": "string", "enum": ["Feature"]},
                        "id": {"type": "integer"},
                        "geometry": {"type": ["object", "null"]},
                        "properties": {"type": "object"},
                    },
                },
            },
            "next_cursor": {"type": ["string", "null"]},
        },
    }
}


def format_responses(
    model: type[Any], formats: Sequence[str], description: str
) -> dict[int | str, dict[str, Any]]:
    """OpenAPI for a read with several representations: the JSON model, the other
    media types, the cache headers, 304 and 406."""
    from app.core.http_cache import CACHE_HEADERS_DOC, NOT_MODIFIED_DOC
    from app.core.problems import problem_responses

    notes = " ".join(_FORMAT_NOTES[f] for f in formats if f in _FORMAT_NOTES)
    content: dict[str, Any] = {"application/json": {}}
    for fmt in formats:
        if fmt != "json":
            content[MEDIA_TYPES[fmt].split(";")[0]] = {
                "schema": _SCHEMAS.get(fmt, {"type": "string"}),
                "example": _EXAMPLES[fmt],
            }
    return {
        200: {
            "model": model,
            "description": f"{description} {notes}".strip(),
            "headers": CACHE_HEADERS_DOC,
            "content": content,
        },
        **NOT_MODIFIED_DOC,
        **problem_responses(400, 406, 422),
    }

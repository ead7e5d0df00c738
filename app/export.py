"""`sitrep export`: passages of some themes in a date range, as CSV or NDJSON, streamed.

The rows are exactly those of `GET /sitreps?format=csv|ndjson` (the same query object,
the same repository and the same writers), read in keyset pages so an export of any
size holds one page in memory. A file is written beside its target and renamed into
place at the end: an interrupted export never leaves a half-written file behind.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO, Literal

from sqlalchemy.engine import Engine

from app.core.db import transaction
from app.query import listing
from app.query.filters import SitrepQuery

ExportFormat = Literal["csv", "ndjson"]
PAGE = 200  # rows per keyset page


@dataclass
class ExportResult:
    rows: int = 0
    bytes: int = 0


def chunks(engine: Engine, query: SitrepQuery, fmt: ExportFormat) -> Iterator[bytes]:
    """The export's bytes, chunk by chunk, each keyset page read in a transaction of
    its own (as the API's: a slow reader of the output holds no snapshot)."""
    transactions = partial(transaction, engine)
    if fmt == "csv":
        return listing.csv(transactions, query)
    return listing.ndjson(transactions, query)


def _rows_in(chunk: bytes, fmt: ExportFormat) -> int:
    if fmt == "ndjson":
        return chunk.count(b"\n")
    # the CSV writer yields whole records only; quoted fields may hold newlines
    return sum(1 for _ in csv.reader(io.StringIO(chunk.decode("utf-8"), newline="")))


def write(stream: Iterator[bytes], fmt: ExportFormat, sink: BinaryIO) -> ExportResult:
    result = ExportResult()
    for chunk in stream:
        if not chunk:
            continue
        sink.write(chunk)
        result.bytes += len(chunk)
        result.rows += _rows_in(chunk, fmt)
    sink.flush()
    if fmt == "csv" and result.rows:
        result.rows -= 1  # the header
    return result


def write_file(stream: Iterator[bytes], fmt: ExportFormat, target: Path) -> ExportResult:
    """Write beside the target, then rename over it: all or nothing."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as sink:
            result = write(stream, fmt, sink)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return result

"""The CPU-bound half of an ingest, with no database: decode, run the pipeline,
fingerprint, and shape the rows to store.

Kept free of SQLAlchemy and FastAPI so that pipeline worker processes (the batch
endpoint's pool, `sitrep ingest`) stay small; what they send back is a
PreparedArticle, plain values that pickle cheaply.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from app import pipeline
from app.core.errors import InvalidArticle, SitrepError
from app.pipeline.types import ProcessedArticle
from app.pipeline.urls import canonical_url, content_fingerprint, sha256_hex, source_domain
from app.repository.rows import PassageRows

Process = Callable[[str, dt.date], ProcessedArticle]
_THEME = itemgetter(1)  # of a ThemeValues row


def decode_article(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidArticle(
            f"The body is not UTF-8 (invalid byte at offset {exc.start}); send the article "
            "encoded as UTF-8."
        ) from None
    if "\x00" in text:
        raise InvalidArticle("The body contains NUL characters; send the markdown text itself.")
    if not text or text.isspace():  # `not text.strip()`, without copying the text
        raise InvalidArticle("The body is empty; send the article's markdown.")
    return text


def fingerprint(raw: bytes, processed: ProcessedArticle) -> tuple[str, str]:
    """(hash of the exact bytes, hash of what the article says)."""
    texts = [p.text for p in processed.passages]
    return sha256_hex(raw), content_fingerprint(processed.meta.title, texts)


def article_values(
    processed: ProcessedArticle, raw_sha: str, content_sha: str, received_at: dt.datetime
) -> dict[str, object]:
    meta = processed.meta
    return {
        "url": meta.source_url,
        "title": meta.title,
        "description": meta.description,
        "date": meta.date,
        "date_source": meta.date_source,
        "word_count": meta.word_count,
        "not_article": processed.not_article,
        "raw_sha256": raw_sha,
        "content_sha256": content_sha,
        "parser_version": processed.parser_version,
        "warnings": list(processed.warnings),
        "updated_at": received_at,
    }


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """Everything ingest stores for one article, and what its receipt tells, before
    the database is asked anything."""

    raw: bytes
    received_at: dt.datetime
    raw_sha256: str
    content_sha256: str
    key: str  # the canonical URL, or urn:sha256:<content hash> when there is none
    source: str | None  # the outlet's domain
    values: dict[str, object]  # the article row's columns that every revision sets
    rows: PassageRows
    # for the receipt
    source_url: str | None
    title: str | None
    date: dt.date
    date_source: str
    not_article: bool
    passages: int
    themes: dict[str, int]
    dropped_lines: int
    parser_version: str
    warnings: list[str]

    @property
    def live(self) -> bool:
        """Indexed in the timelines (unless an admin deleted it)."""
        return not self.not_article


def prepare_article(
    raw: bytes, received_at: dt.datetime, process: Process | None = None
) -> PreparedArticle:
    # pipeline.process_article looked up here: the pipeline loads in the processes that
    # run it, not in one that only stores (see app/pipeline/__init__.py)
    processed = (process or pipeline.process_article)(decode_article(raw), received_at.date())
    meta = processed.meta
    raw_sha, content_sha = fingerprint(raw, processed)
    url = canonical_url(meta.source_url) if meta.source_url else None
    rows = PassageRows.of(processed)
    # Each passage's themes, counted from the rows: (passage index, theme, …) in the
    # passages' order, then each passage's tags' (one Counter pass in C).
    themes = {} if processed.not_article else dict(Counter(map(_THEME, rows.themes)))
    return PreparedArticle(
        raw=raw,
        received_at=received_at,
        raw_sha256=raw_sha,
        content_sha256=content_sha,
        key=url or f"urn:sha256:{content_sha}",
        source=source_domain(url),
        values=article_values(processed, raw_sha, content_sha, received_at),
        rows=rows,
        source_url=meta.source_url,
        title=meta.title,
        date=meta.date,
        date_source=meta.date_source,
        not_article=processed.not_article,
        passages=len(processed.passages),
        themes=themes,
        dropped_lines=len(processed.dropped),
        parser_version=processed.parser_version,
        warnings=list(processed.warnings),
    )


def try_prepare(raw: bytes, received_at: dt.datetime) -> PreparedArticle | SitrepError:
    """prepare_article, its refusal returned rather than raised (for a pool's map)."""
    try:
        return prepare_article(raw, received_at)
    except SitrepError as error:
        return error


def prepare_files(paths: list[str], received_at: dt.datetime) -> list[PreparedArticle | Exception]:
    """Read and prepare article files (in a worker); a file that cannot be read or is
    refused comes back as its error."""
    out: list[PreparedArticle | Exception] = []
    for path in paths:
        try:
            with open(path, "rb") as file:
                raw = file.read()
            out.append(prepare_article(raw, received_at))
        except (SitrepError, OSError) as error:
            out.append(error)
    return out


# --- the pool of pipeline processes --------------------------------------------------


def _warm_up() -> None:
    """Load the pipeline's tables in a new worker before the first real article."""
    prepare_article(
        b"---\ntitle: Warm-up\n---\nDrones struck a power plant in Kharkiv on Monday.\n",
        dt.datetime.now(dt.UTC),
    )


# The gen-0 collection threshold of a process that does bulk work (CPython's default:
# 700). An article's objects die by reference counting; at 700 the collector still ran
# a few times per article, ~3% of the pipeline's CPU and ~5% of the storing side's; at
# 10,000, a few times per thousand articles.
BULK_GC_THRESHOLD = 10_000


def collect_less_often() -> None:
    """For a process that does bulk work: what it has loaded so far (the pipeline's
    tables, the modules) is frozen out of the garbage collector's reach, so no full
    collection walks it again (nor writes to its pages, which a forked worker shares
    with the others), and young objects are collected at BULK_GC_THRESHOLD."""
    gc.freeze()
    gc.set_threshold(BULK_GC_THRESHOLD)


@contextmanager
def collecting_less_often() -> Iterator[None]:
    """collect_less_often() for the block, then the collector as it was."""
    threshold, frozen_before = gc.get_threshold(), gc.get_freeze_count()
    collect_less_often()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if not frozen_before:  # else someone froze before us: theirs stays frozen
            gc.unfreeze()


def _init_worker(owner_pid: int) -> None:
    """A worker leaves when the process that owns the pool is gone, even killed
    without a chance to shut the pool down (its queue would otherwise keep the
    worker waiting for ever, and with it any pipe it inherited). It collects less
    often, with the pipeline (loaded in the forkserver before the fork) frozen."""
    collect_less_often()
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(owner_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="owner-watch").start()


@contextmanager
def _main_script_hidden() -> Iterator[None]:
    """Workers started meanwhile do not run this process's main script again, as
    multiprocessing does when it is a file (the `sitrep` or `uvicorn` entry point,
    whose imports would add some 50 MB to every worker): they need only this module."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None or getattr(main, "__spec__", None) is not None:
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


def pipeline_pool(workers: int | None) -> ProcessPoolExecutor | None:
    """Worker processes for the pipeline: `workers` (None: one per CPU; 0: none),
    started and warmed up now.

    forkserver, not fork: the server process has threads (and connections) that a
    forked child would inherit in whatever state they were; workers fork from a clean
    server that has already imported the pipeline.
    """
    count = (os.cpu_count() or 1) if workers is None else workers
    if count <= 0:
        return None
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    context: Any = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        # the pipeline too: loaded once in the server, shared by the workers it forks
        context.set_forkserver_preload([__name__, "app.pipeline.article"])
    pool = ProcessPoolExecutor(
        max_workers=count,
        mp_context=context,
        initializer=_init_worker,
        initargs=(os.getpid(),),
    )
    with _main_script_hidden():
        for _ in range(count):  # each submit to a pool with no idle worker starts one
            pool.submit(_warm_up)
    return pool


def prepare_in(pool: Executor | None, raw: bytes, received_at: dt.datetime) -> PreparedArticle:
    """prepare_article, in one of the pool's processes when there is a pool: the
    serving process then only reads requests and writes rows, and several requests'
    pipelines run on several cores."""
    if pool is not None:
        try:
            outcome = pool.submit(try_prepare, raw, received_at).result()
        except BrokenExecutor:
            _log.exception("the pipeline pool is broken: the pipeline runs in-process")
        else:
            if isinstance(outcome, SitrepError):
                raise outcome
            return outcome
    return prepare_article(raw, received_at)


def map_prepare(
    pool: Executor | None, raws: list[bytes], received_at: dt.datetime
) -> list[PreparedArticle | SitrepError]:
    """try_prepare over `raws`, in the pool when there is one and enough work."""
    if pool is not None and len(raws) >= MIN_ITEMS_FOR_POOL:
        chunk = max(1, min(16, len(raws) // (2 * (os.cpu_count() or 1))))
        try:
            return list(pool.map(try_prepare, raws, [received_at] * len(raws), chunksize=chunk))
        except BrokenExecutor:
            _log.exception("the pipeline pool is broken: the pipeline runs in-process")
    return [try_prepare(raw, received_at) for raw in raws]


# Below this many articles, sending them to other processes costs more than it saves.
MIN_ITEMS_FOR_POOL = 4
_log = logging.getLogger(__name__)

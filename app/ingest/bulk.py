"""`sitrep ingest DIR`: many files, the pipeline in worker processes, the writes in
transactions of many articles.

The outcome is what ingesting the files one by one, in order, would give (the same
rows, statuses and revisions; tombstoned articles stay so; the theme_day rollup
moves by the same deltas): `store_chunk` plays that sequence out in memory against
the stored state of the chunk's URLs, then writes it with one statement per table.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.core.db import transaction
from app.core.errors import SitrepError
from app.ingest.prepare import PreparedArticle, prepare_files
from app.ingest.schemas import IngestStatus
from app.ingest.service import store_article
from app.repository.articles import ArticleRepository

FILES_PER_TASK = 16  # files a worker prepares per round trip
ARTICLES_PER_TRANSACTION = 200
SQLITE_CACHE_KIB = 16 * 1024  # page cache of the import's connection (default: 2 MiB)

Outcome = PreparedArticle | Exception


@dataclass(frozen=True, slots=True)
class Stored:
    status: IngestStatus
    article_id: int
    revision: int


@dataclass(slots=True)
class _Story:
    """One canonical URL as the chunk's sequence leaves it."""

    id: int | None  # None: not stored yet (created by this chunk)
    revision: int
    raw_sha256: str
    content_sha256: str
    deleted: bool
    created_at: dt.datetime | None = None  # for one created by this chunk
    written: PreparedArticle | None = None  # its last created/updated version


def store_chunk(session: Session, chunk: Sequence[PreparedArticle]) -> list[Stored]:
    """Store the articles in order, in the session's transaction: what became of each
    (status, article id, revision), as `store_article` one by one would tell.

    A unique violation (a concurrent writer stored one of the URLs meanwhile, on
    PostgreSQL) fails the whole chunk; the caller then goes one by one.
    """
    repo = ArticleRepository(session)
    stored = repo.states_of(list(dict.fromkeys(p.key for p in chunk)), for_update=True)
    stories: dict[str, _Story] = {}
    sequence: list[tuple[IngestStatus, _Story, int]] = []
    revisions: list[tuple[_Story, int, PreparedArticle]] = []
    for prepared in chunk:
        story = stories.get(prepared.key)
        if story is None and (state := stored.get(prepared.key)) is not None:
            story = stories[prepared.key] = _Story(
                state.id,
                state.revision,
                state.raw_sha256,
                state.content_sha256,
                state.deleted,
            )
        if story is None:
            story = stories[prepared.key] = _Story(
                None,
                1,
                prepared.raw_sha256,
                prepared.content_sha256,
                False,
                created_at=prepared.received_at,
                written=prepared,
            )
            revisions.append((story, 1, prepared))
            sequence.append(("created", story, 1))
        elif story.deleted:
            sequence.append(("deleted", story, story.revision))
        elif (
            prepared.raw_sha256 == story.raw_sha256
            or prepared.content_sha256 == story.content_sha256
        ):
            sequence.append(("unchanged", story, story.revision))
        else:
            story.revision += 1
            story.raw_sha256, story.content_sha256 = prepared.raw_sha256, prepared.content_sha256
            story.written = prepared
            revisions.append((story, story.revision, prepared))
            sequence.append(("updated", story, story.revision))

    new = {key: s for key, s in stories.items() if s.id is None}
    changed = [s for key, s in stories.items() if key not in new and s.written is not None]
    ids = repo.insert_articles(
        [
            {
                **s.written.values,
                "canonical_url": key,
                "source": s.written.source,
                "revision": s.revision,
                "created_at": s.created_at,
            }
            for key, s in new.items()
            if s.written is not None
        ]
    )
    for key, s in new.items():
        s.id = ids[key]
    repo.update_articles(
        [
            (s.id, {**s.written.values, "revision": s.revision})
            for s in changed
            if s.id and s.written
        ]
    )
    repo.add_revisions(
        [
            (s.id, revision, p.raw, p.raw_sha256, p.content_sha256, p.received_at)
            for s, revision, p in revisions
            if s.id is not None
        ]
    )
    repo.write_passages(
        [(s.id, s.written.rows, s.written.live) for s in new.values() if s.id and s.written],
        replace=False,
    )
    repo.write_passages(
        [(s.id, s.written.rows, s.written.live) for s in changed if s.id and s.written]
    )
    return [Stored(status, story.id or 0, revision) for status, story, revision in sequence]


def tune_for_import(engine: Engine) -> None:
    """SQLite: a larger page cache for the import's connection, where the indexes of
    the passages, themes and places it writes take many pages. Memory only: nothing
    about durability or locking changes."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _larger_cache(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()


def _groups(files: Iterable[Path], size: int) -> Iterator[list[str]]:
    """The files' paths in lists of `size` (the last one shorter), as they come."""
    paths = map(str, files)
    while group := list(islice(paths, size)):
        yield group


def prepared_in_order(
    pool: Executor | None, files: Iterable[Path], in_flight: int
) -> Iterator[tuple[Path, Outcome]]:
    """Each file with its PreparedArticle (or the error that refused it), in order;
    at most `in_flight` groups of files out at the workers at once, and the files
    listed as they are reached, so memory stays flat however many files there are."""
    groups = _groups(files, FILES_PER_TASK)
    if pool is None:
        for group in groups:
            received_at = dt.datetime.now(dt.UTC)
            yield from zip(map(Path, group), prepare_files(group, received_at), strict=True)
        return
    pending: list[tuple[list[str], Future[list[Outcome]]]] = []
    for group in groups:
        received_at = dt.datetime.now(dt.UTC)
        pending.append((group, pool.submit(prepare_files, group, received_at)))
        if len(pending) >= in_flight:
            done, future = pending.pop(0)
            yield from zip(map(Path, done), future.result(), strict=True)
    for done, future in pending:
        yield from zip(map(Path, done), future.result(), strict=True)


def import_files(
    engine: Engine,
    files: Iterable[Path],
    *,
    pool: Executor | None,
    workers: int = 1,
    per_transaction: int = ARTICLES_PER_TRANSACTION,
    on_failure: Callable[[Path, str], None] = lambda path, reason: None,
    on_progress: Callable[[int], None] = lambda n: None,
) -> Counter[str]:
    """Ingest the files in order; a file that cannot be read or is refused counts as
    failed and does not stop the rest."""
    outcome: Counter[str] = Counter()
    chunk: list[PreparedArticle] = []
    paths: list[Path] = []

    def flush() -> None:
        for status in _store(engine, chunk, paths, on_failure):
            outcome[status] += 1
        on_progress(len(chunk))
        chunk.clear()
        paths.clear()

    # enough work out for the workers to go on while a chunk is written (~16 KB each)
    in_flight = per_transaction // FILES_PER_TASK + 2 * workers + 2
    for path, result in prepared_in_order(pool, files, in_flight=in_flight):
        if isinstance(result, Exception):
            outcome["failed"] += 1
            on_failure(path, getattr(result, "detail", None) or str(result))
            on_progress(1)
            continue
        chunk.append(result)
        paths.append(path)
        if len(chunk) >= per_transaction:
            flush()
    if chunk:
        flush()
    return outcome


def _store(
    engine: Engine,
    chunk: list[PreparedArticle],
    paths: list[Path],
    on_failure: Callable[[Path, str], None],
) -> Iterable[str]:
    try:
        with transaction(engine, write=True) as session:
            return [stored.status for stored in store_chunk(session, chunk)]
    except DBAPIError:
        pass  # a concurrent writer got in the way: one transaction per article instead
    statuses: list[str] = []
    for path, prepared in zip(paths, chunk, strict=True):
        try:
            with transaction(engine, write=True) as session:
                statuses.append(store_article(session, prepared).status)
        except (SitrepError, DBAPIError) as exc:
            statuses.append("failed")
            on_failure(path, getattr(exc, "detail", None) or str(exc).splitlines()[0])
    return statuses

"""Re-run the current pipeline over the stored raw markdown.

Works in small batches, each its own short write transaction, so the API keeps
serving (and on SQLite keeps ingesting) while it runs.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy.engine import Engine

from app.core.db import transaction
from app.core.errors import SitrepError
from app.ingest.prepare import article_values, decode_article, fingerprint
from app.pipeline import PARSER_VERSION, process_article
from app.repository.articles import ArticleRepository


@dataclass
class ReparseReport:
    parser_version: str = PARSER_VERSION
    articles: int = 0
    changed: int = 0
    failed: int = 0
    before: Counter[str] = field(default_factory=Counter)
    after: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def theme_changes(self) -> dict[str, dict[str, int]]:
        themes = sorted(set(self.before) | set(self.after))
        return {
            t: {
                "before": self.before[t],
                "after": self.after[t],
                "delta": self.after[t] - self.before[t],
            }
            for t in themes
        }


def reparse(
    engine: Engine,
    *,
    force: bool = False,
    batch_size: int = 100,
    report: ReparseReport | None = None,
    on_commit: Callable[[], None] | None = None,
) -> ReparseReport:
    """Reprocess every article made by another parser version (all of them if `force`)."""
    report = report or ReparseReport()
    started = time.perf_counter()
    last_id = 0
    while True:
        with transaction(engine, write=True) as session:
            repo = ArticleRepository(session)
            batch = repo.latest_revisions(
                last_id, batch_size, not_parser_version=None if force else PARSER_VERSION
            )
            for article, raw, received_at in batch:
                assert article.id is not None
                last_id = article.id
                report.articles += 1
                try:
                    processed = process_article(decode_article(raw), received_at.date())
                except SitrepError:
                    report.failed += 1
                    continue
                before = repo.theme_counts_of(article.id)
                now = dt.datetime.now(dt.UTC)
                raw_sha, content_sha = fingerprint(raw, processed)
                repo.update_article(
                    article.id, article_values(processed, raw_sha, content_sha, now)
                )
                live = not processed.not_article and article.deleted_at is None
                repo.replace_passages(article.id, processed, index_themes=live)
                after = (
                    Counter(tag.theme for p in processed.passages for tag in p.themes)
                    if live
                    else Counter()
                )
                report.before.update(before)
                report.after.update(after)
                report.changed += int(dict(after) != before)
        if on_commit and batch:
            on_commit()  # e.g. the response cache's clock: the data changed
        if len(batch) < batch_size:
            break
    report.seconds = round(time.perf_counter() - started, 3)
    return report


JobStatus = Literal["running", "done", "failed"]


@dataclass
class ReparseJob:
    id: str
    status: JobStatus
    started_at: dt.datetime
    report: ReparseReport
    error: str | None = None
    finished_at: dt.datetime | None = None


class ReparseJobs:
    """At most one reparse at a time per process, run in a background thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.jobs: dict[str, ReparseJob] = {}

    def running(self) -> ReparseJob | None:
        return next((j for j in self.jobs.values() if j.status == "running"), None)

    def start(
        self,
        engine: Engine,
        *,
        force: bool,
        batch_size: int,
        on_commit: Callable[[], None] | None = None,
    ) -> ReparseJob | None:
        with self._lock:
            if self.running():
                return None
            job = ReparseJob(
                id=uuid.uuid4().hex,
                status="running",
                started_at=dt.datetime.now(dt.UTC),
                report=ReparseReport(),
            )
            self.jobs[job.id] = job
        threading.Thread(
            target=self._run,
            args=(job, engine, force, batch_size, on_commit),
            daemon=True,
            name=f"reparse-{job.id[:8]}",
        ).start()
        return job

    def _run(
        self,
        job: ReparseJob,
        engine: Engine,
        force: bool,
        batch_size: int,
        on_commit: Callable[[], None] | None,
    ) -> None:
        try:
            reparse(
                engine, force=force, batch_size=batch_size, report=job.report, on_commit=on_commit
            )
            job.status = "done"
        except Exception as exc:  # the job reports it; the thread must not die silently
            job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"
        job.finished_at = dt.datetime.now(dt.UTC)

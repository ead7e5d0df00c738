"""References for `sitrep ingest DIR`, measured over the same files in the same run.

    .venv/bin/python bench/bulk_reference.py FOLDER [--files N]

Prints one JSON object:
- `raw_store`: the files read and written one row each (name, bytes) into a fresh
  SQLite database by one process, in transactions of 200 with the import's pragmas:
  the floor of reading and storing them, no pipeline.
- `pipeline_only`: the pipeline over the files in the pool `sitrep ingest` uses (the
  same workers, groups of files and pickled results), nothing stored: the most the
  pipeline lets an import do on this machine's cores.

An import's rate between the two tells where its time goes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PER_TRANSACTION = 200


def _files(folder: Path, n: int) -> list[Path]:
    return sorted(folder.glob("*.md"))[:n]


def raw_store(files: list[Path]) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bulk-ref-") as work:
        db = sqlite3.connect(Path(work) / "raw.db", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE raw (name TEXT PRIMARY KEY, body BLOB NOT NULL)")
        started, cpu = time.perf_counter(), time.process_time()
        it = iter(files)
        while group := list(islice(it, PER_TRANSACTION)):
            db.execute("BEGIN IMMEDIATE")
            db.executemany(
                "INSERT INTO raw VALUES (?, ?)", [(p.name, p.read_bytes()) for p in group]
            )
            db.execute("COMMIT")
        seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
        db.close()
    return {
        "files": len(files),
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(files) / seconds, 1),
        "cpu_ms_per_article": round(cpu_s * 1000 / len(files), 3),
    }


def pipeline_only(files: list[Path]) -> dict[str, float]:
    from app.ingest.bulk import prepared_in_order
    from app.ingest.prepare import pipeline_pool

    workers = os.cpu_count() or 1
    pool = pipeline_pool(workers)
    assert pool is not None
    try:
        started = time.perf_counter()
        in_flight = 2 * workers + 2 + PER_TRANSACTION // 16  # as import_files keeps
        done = sum(1 for _ in prepared_in_order(pool, files, in_flight=in_flight))
        seconds = time.perf_counter() - started
    finally:
        pool.shutdown(wait=True)
    return {
        "files": done,
        "workers": workers,
        "seconds": round(seconds, 2),
        "articles_per_s": round(done / seconds, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--files", type=int, default=10_000)
    args = parser.parse_args(argv)
    files = _files(args.folder, args.files)
    if not files:
        parser.error(f"no .md files in {args.folder}")
    out = {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "raw_store": raw_store(files),
        "pipeline_only": pipeline_only(files),
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

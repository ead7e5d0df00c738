"""Copy a benchmark SQLite database into a fresh PostgreSQL database, row for row.

The schema is made by the app's own migrations; the rows are COPYed with the
secondary indexes dropped and recreated afterwards from their own definitions
(pg_indexes), then ANALYZE. Both databases then hold the same articles with the
same ids, so the same URLs ask the same questions of each.
"""

from __future__ import annotations

import sqlite3
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("article", "article_revision", "passage", "passage_theme", "theme_day")


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def create_database(admin_url: str, prefix: str = "sitrep_bench") -> tuple[str, str]:
    """A new empty database on the server of `admin_url`: (its URL, its name)."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_plain(admin_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = _plain(admin_url).rpartition("/")
    return f"{base}/{name}", name


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(_plain(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(url: str) -> None:
    sys.path.insert(0, str(ROOT))
    from app.core.db import make_engine
    from app.core.migrations import upgrade_to_head
    from app.core.settings import Settings

    engine = make_engine(Settings(database_url=url))
    upgrade_to_head(engine)
    engine.dispose()


def copy_sqlite_to_postgres(sqlite_path: Path, pg_url: str) -> dict[str, Any]:
    started = time.perf_counter()
    migrate(pg_url)
    src = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    counts: dict[str, int] = {}
    with psycopg.connect(_plain(pg_url)) as conn:
        conn.execute("SET TimeZone = 'UTC'")
        conn.execute("SET session_replication_role = replica")  # no FK triggers while copying
        indexes = conn.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = 'public' AND i.tablename = ANY(%s) AND NOT EXISTS ("
            " SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            (list(TABLES),),
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        for table in TABLES:
            pg_cols = [
                r[0]
                for r in conn.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = %s ORDER BY ordinal_position",
                    (table,),
                )
            ]
            sq_cols = [r[1] for r in src.execute(f'PRAGMA table_info("{table}")')]
            cols = [c for c in pg_cols if c in sq_cols]
            column_list = ", ".join(f'"{c}"' for c in cols)
            n = 0
            with conn.cursor().copy(f'COPY "{table}" ({column_list}) FROM STDIN') as copy:
                for row in src.execute(f'SELECT {column_list} FROM "{table}"'):
                    copy.write_row(row)
                    n += 1
            counts[table] = n
        t_copy = time.perf_counter() - started
        conn.execute("SET session_replication_role = DEFAULT")
        conn.execute("SET maintenance_work_mem = '512MB'")  # index builds in memory
        for _, definition in indexes:
            conn.execute(definition)
        for table in TABLES:
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f'COALESCE((SELECT max(id) FROM "{table}"), 1))'
                if table not in ("passage_theme", "theme_day")
                else "SELECT 1"
            )
        conn.commit()
    src.close()
    with psycopg.connect(_plain(pg_url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return {
        "rows": counts,
        "copy_seconds": round(t_copy, 1),
        "seconds": round(time.perf_counter() - started, 1),
        "indexes_rebuilt": [name for name, _ in indexes],
    }


if __name__ == "__main__":
    db, pg = Path(sys.argv[1]), sys.argv[2]
    print(copy_sqlite_to_postgres(db, pg))

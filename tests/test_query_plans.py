"""Every query behind a read endpoint uses an index (issue 6, item 3).

Each read endpoint is called through the app; every SELECT it sends to the database
is captured as sent (the repositories' own statements, compiled by SQLAlchemy, with
their parameters) and explained on the same connection:
- SQLite: `EXPLAIN QUERY PLAN`: no `SCAN passage` / `SCAN passage_theme` / `SCAN
  article` without an index, and the expected indexes appear;
- PostgreSQL: `EXPLAIN` with `enable_seqscan = off` (the test tables are tiny, so the
  planner would rightly prefer a sequential scan): no `Seq Scan` on those tables (a
  query the planner cannot answer from an index still shows one: the setting only
  adds a cost), and Index Scan / Index Only Scan / Bitmap Index Scan on the expected
  indexes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text
from sqlalchemy.engine import Connection

from tests.conftest import ROOT_SAMPLES

TABLES = ("passage_theme", "theme_day", "passage", "article", "article_revision")
# the timeline's indexes: (theme, date, passage_id) and (theme, date, article_id); any
# index leading with (theme, date) answers a theme and a date range (a regex)
THEME_INDEX = r"ix_passage_theme_theme_date_\w+"
# articles by date: (date) or the covering (date, not_article, deleted_at)
ARTICLE_DATE_INDEX = r"ix_article_date\w*"
COMPOSITE_KEYS = ("passage_theme", "theme_day")  # tables whose primary key is not rowid


@dataclass
class Captured:
    statements: list[tuple[str, Any]] = field(default_factory=list)


@pytest.fixture
def loaded(client: TestClient, auth: dict[str, str], connection: Connection) -> dict[str, Any]:
    """The sample articles, ingested; the facts the URLs below need."""
    for path in sorted(ROOT_SAMPLES.glob("*.md")):
        r = client.post(
            "/articles",
            content=path.read_bytes(),
            headers={**auth, "Content-Type": "text/markdown"},
        )
        assert r.status_code in (200, 201), r.text
    row = connection.execute(
        text(
            "SELECT theme, date, count(*) AS n FROM passage_theme GROUP BY theme, date "
            "ORDER BY n DESC LIMIT 1"
        )
    ).one()
    first, last = connection.execute(text("SELECT min(date), max(date) FROM passage_theme")).one()
    article_id = connection.execute(text("SELECT min(id) FROM article")).scalar_one()
    source = connection.execute(
        text("SELECT source FROM article WHERE source IS NOT NULL LIMIT 1")
    ).scalar_one()
    return {
        "theme": row[0],
        "day": str(row[1]),
        "from": str(first),
        "to": str(last),
        "article_id": article_id,
        "source": source,
    }


@pytest.fixture
def capture(connection: Connection) -> Iterator[Captured]:
    captured = Captured()

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            captured.statements.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", record)
    try:
        yield captured
    finally:
        event.remove(connection, "before_cursor_execute", record)


def explain(connection: Connection, statement: str, parameters: Any) -> list[str]:
    """The plan of one captured statement, one line per node."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters).all()
        return [r[0] for r in rows]
    rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    return [r[-1] for r in rows]


def unindexed_scans(dialect: str, plan: list[str]) -> list[str]:
    bad = []
    for line in plan:
        if dialect == "postgresql":
            m = re.search(r"Seq Scan on (\w+)", line)
            if m and m.group(1) in TABLES:
                bad.append(line.strip())
        else:
            m = re.match(r"SCAN (\w+)", line.strip())
            if m and m.group(1) in TABLES and "INDEX" not in line:
                bad.append(line.strip())
    return bad


def uses(dialect: str, plans: list[list[str]], index: str) -> bool:
    lines = [line for plan in plans for line in plan]
    if dialect == "postgresql":
        kinds = r"(Index Scan|Index Only Scan|Bitmap Index Scan)( Backward)?"
        return any(re.search(rf"{kinds} (using|on) {index}\b", line) for line in lines)
    return any(re.search(rf"\b{index}\b", line) for line in lines)


# (endpoint, URL template, indexes every backend must use, SQLite-only, PostgreSQL-only)
# `pk` means the primary key lookup of that table: SQLite shows "INTEGER PRIMARY KEY"
# (or its autoindex for a composite key), PostgreSQL the constraint's index.
CASES: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "sitreps",
        "/sitreps?theme={theme}&from={from}&to={to}&limit=50",
        (THEME_INDEX, "pk:passage", "pk:article", "pk:passage_theme"),
    ),
    (
        "sitreps, two themes",
        "/sitreps?theme={theme}&theme=diplomacy&from={from}&to={to}",
        (THEME_INDEX, "pk:passage", "pk:article"),
    ),
    (
        "sitreps, next page",
        "/sitreps?theme={theme}&from={from}&to={to}&limit=1&cursor={cursor}",
        (THEME_INDEX,),
    ),
    ("sitreps, no dates", "/sitreps?theme={theme}", (THEME_INDEX,)),
    # a search: SQLite walks its full-text index in date order (its rowid is the search
    # key), each match's themes by primary key
    (
        "sitreps, search",
        "/sitreps?theme={theme}&theme=diplomacy&from={from}&to={to}&q=russian",
        ("fts:newest-first", "pk:passage", "pk:article", "pk:passage_theme"),
    ),
    (
        "sitreps, search, next page",
        "/sitreps?theme={theme}&from={from}&to={to}&q=russian&limit=1&cursor={cursor}",
        ("fts:below-cursor", "pk:passage_theme"),
    ),
    ("sitreps, by source", "/sitreps?theme={theme}&source={source}", (THEME_INDEX,)),
    ("sitreps, min_score", "/sitreps?theme={theme}&min_score=0.5", (THEME_INDEX,)),
    ("daily report", "/sitreps/{day}", (THEME_INDEX, ARTICLE_DATE_INDEX, "pk:passage")),
    # counts from the rollup; an open range's ends from the theme index
    (
        "timeline",
        "/timeline?from={from}&to={to}&interval=day",
        ("pk:theme_day", ARTICLE_DATE_INDEX),
    ),
    (
        "timeline, open range",
        "/timeline?theme={theme}&interval=week",
        (THEME_INDEX, "pk:theme_day", ARTICLE_DATE_INDEX),
    ),
    # per source the rollup cannot answer: the theme index, article by article
    (
        "timeline, by source",
        "/timeline?from={from}&to={to}&source={source}",
        (THEME_INDEX, "ix_article_source"),
    ),
    ("articles", "/articles?from={from}&to={to}", (ARTICLE_DATE_INDEX,)),
    (
        "article",
        "/articles/{article_id}",
        ("pk:article", "ix_passage_article_id_position", "ix_passage_theme_article_id"),
    ),
    # counts per theme read every passage_theme row: an index, but all of it (O(rows))
    ("themes", "/themes", ("any:passage_theme",)),
    # every read: the data version behind ETags (max(updated_at), count, max(id))
    ("data version", "/themes", ("ix_article_updated_at",)),
]


def _pk(dialect: str, table: str) -> str:
    if dialect == "postgresql":
        return f"pk_{table}"
    if table in COMPOSITE_KEYS:
        return f"sqlite_autoindex_{table}_1"
    return "INTEGER PRIMARY KEY"


def _pk_used(dialect: str, plans: list[list[str]], table: str) -> bool:
    if dialect == "postgresql":
        return uses(dialect, plans, f"pk_{table}")
    lines = [line for plan in plans for line in plan]
    if table in COMPOSITE_KEYS:
        # the composite primary key: SQLite's autoindex, or a covering index
        return any(re.search(rf"{table} USING .*(autoindex|PRIMARY KEY)", s) for s in lines)
    return any(re.search(rf"\b{table}\b USING INTEGER PRIMARY KEY", s) for s in lines)


def _full_text_walked(dialect: str, plans: list[list[str]], below: bool) -> bool:
    """The page's matches come from the full-text index newest first (and, `below`, from
    under the cursor's key): the walk stops at the page's end."""
    if dialect == "postgresql":
        # by the tables' statistics, its GIN index or a test of the theme index's rows
        # (its choice on these tiny tables); neither scans a table, which is checked apart
        return uses(dialect, plans, "ix_passage_fts") or any(
            "Filter: (to_tsvector(" in line for plan in plans for line in plan
        )
    # FTS5's plan: "SCAN passage_fts VIRTUAL TABLE INDEX <flags>:M<constraints>", flags
    # 0x40 | 0x80 for ORDER BY rowid DESC done by the index, "<" for an upper rowid bound
    for line in (line for plan in plans for line in plan):
        m = re.search(r"SCAN passage_fts VIRTUAL TABLE INDEX (\d+):M\S*", line)
        if m and int(m.group(1)) & 0xC0 == 0xC0 and (not below or "<" in m.group(0)):
            return True
    return False


def _any_index(dialect: str, plans: list[list[str]], table: str) -> bool:
    lines = [line for plan in plans for line in plan]
    if dialect == "postgresql":
        pattern = (
            rf"(Index (Only )?Scan( Backward)? using \w+ on {table}\b"
            rf"|Bitmap Heap Scan on {table}\b)"
        )
    else:
        pattern = rf"(SCAN|SEARCH) {table} USING (COVERING )?INDEX"
    return any(re.search(pattern, line) for line in lines)


@pytest.mark.parametrize(("name", "url", "expected"), CASES, ids=[c[0] for c in CASES])
def test_read_endpoint_queries_use_indexes(
    name: str,
    url: str,
    expected: tuple[str, ...],
    client: TestClient,
    connection: Connection,
    loaded: dict[str, Any],
    capture: Captured,
) -> None:
    dialect = connection.dialect.name
    facts = dict(loaded)
    if "{cursor}" in url:  # the next page of the same URL's first
        first = client.get(url.removesuffix("&cursor={cursor}").format(**facts))
        assert first.status_code == 200, first.text
        facts["cursor"] = first.json()["next_cursor"]
        assert facts["cursor"], "need two passages of the theme for a second page"
        capture.statements.clear()
    response = client.get(url.format(**facts))
    assert response.status_code == 200, response.text
    assert capture.statements, "the endpoint sent no SELECT"

    plans = [explain(connection, s, p) for s, p in capture.statements]
    problems = [
        f"{line}\n    in: {' '.join(stmt.split())[:300]}"
        for (stmt, _), plan in zip(capture.statements, plans, strict=True)
        for line in unindexed_scans(dialect, plan)
    ]
    assert not problems, f"{name}: a table is scanned without an index:\n" + "\n".join(problems)
    for index in expected:
        if index.startswith("any:"):
            table = index.removeprefix("any:")
            ok = _any_index(dialect, plans, table)
            index = f"an index of {table}"
        elif index.startswith("fts:"):
            ok = _full_text_walked(dialect, plans, below=index == "fts:below-cursor")
            index = f"the full-text index ({index})"
        elif index.startswith("pk:"):
            table = index.removeprefix("pk:")
            ok = _pk_used(dialect, plans, table)
            index = f"{_pk(dialect, table)} ({table})"
        else:
            ok = uses(dialect, plans, index)
        shown = "\n".join(
            f"  {' '.join(s.split())[:160]}\n    " + "\n    ".join(plan)
            for (s, _), plan in zip(capture.statements, plans, strict=True)
        )
        assert ok, f"{name}: no query uses {index}; the plans were:\n{shown}"


def test_a_missing_index_is_caught(
    client: TestClient, connection: Connection, loaded: dict[str, Any], capture: Captured
) -> None:
    """The check itself: without the timeline indexes, /sitreps must fail it."""
    listing = (
        "SELECT indexname FROM pg_indexes WHERE tablename = 'passage_theme'"
        if connection.dialect.name == "postgresql"
        else "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'passage_theme'"
    )
    names = [n for (n,) in connection.exec_driver_sql(listing) if re.fullmatch(THEME_INDEX, n)]
    assert names
    for name in names:
        connection.exec_driver_sql(f"DROP INDEX {name}")  # rolled back with the test
    url = "/sitreps?theme={theme}&from={from}&to={to}&limit=50".format(**loaded)
    assert client.get(url).status_code == 200
    dialect = connection.dialect.name
    # a comment makes each statement new text: pysqlite would reuse the plan it cached
    # for the same text in an earlier test, from before the index was dropped
    plans = [explain(connection, f"{s} -- no index", p) for s, p in capture.statements]
    assert not uses(dialect, plans, THEME_INDEX), "\n".join(map(str, plans))
    if dialect == "sqlite":  # PostgreSQL may still answer from the primary key's index
        assert any(unindexed_scans(dialect, plan) for plan in plans)

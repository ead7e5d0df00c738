"""passage.date; SQLite's full-text rowid is the passage's search key

Every passage gets its article's date, as passage_theme, passage_place and figure
already have it (the writer copies it; a revision rewrites all of them).

SQLite: passage_fts is keyed by a search key, the passage's date as YYYYMMDD in the
high bits and its id in the low 32, so that the index's rowid order is the
timeline's order (date, id). A search then walks its matches newest first from the
page's cursor and stops at the page's last row; keyed by id, every page built the
whole match set (at 1M passages `q=the` cost 1.2 s a page, and an export paid that
per page). FTS5 reads the text through the view passage_fts_content, whose key is an
indexed expression (ix_passage_fts_key), so highlight() looks passages up by key.
The index is rebuilt.

PostgreSQL: the column only (its GIN index cannot return matches in date order).

Revision ID: b7d2e5a9c4f1
Revises: 3e8d0c4b7a19
Create Date: 2026-11-28 04:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7d2e5a9c4f1"
down_revision: str | None = "3e8d0c4b7a19"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# written out here as app/repository/search_key.py has it (a migration does not import the
# app): the same expression text, so that SQLite matches the view's key to the index
KEY = "((CAST(replace(date, '-', '') AS INTEGER) << 32) | id)"
OLD_KEY = "((CAST(replace(old.date, '-', '') AS INTEGER) << 32) | old.id)"
NEW_KEY = "((CAST(replace(new.date, '-', '') AS INTEGER) << 32) | new.id)"
TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"

SQLITE_DROP_SEARCH = [
    "DROP TRIGGER IF EXISTS passage_fts_au",
    "DROP TRIGGER IF EXISTS passage_fts_ad",
    "DROP TABLE IF EXISTS passage_fts",
]
SQLITE_KEYED_SEARCH = [
    f"CREATE INDEX ix_passage_fts_key ON passage ({KEY})",
    f"CREATE VIEW passage_fts_content AS SELECT {KEY} AS search_key, text FROM passage",
    "CREATE VIRTUAL TABLE passage_fts USING fts5(text, content='passage_fts_content', "
    f"content_rowid='search_key', {TOKENIZE})",
    "CREATE TRIGGER passage_fts_ad AFTER DELETE ON passage BEGIN "
    "INSERT INTO passage_fts(passage_fts, rowid, text) "
    f"VALUES ('delete', {OLD_KEY}, old.text); END",
    "CREATE TRIGGER passage_fts_au AFTER UPDATE OF text, date ON passage BEGIN "
    "INSERT INTO passage_fts(passage_fts, rowid, text) "
    f"VALUES ('delete', {OLD_KEY}, old.text); "
    f"INSERT INTO passage_fts(rowid, text) VALUES ({NEW_KEY}, new.text); END",
    "INSERT INTO passage_fts(passage_fts) VALUES ('rebuild')",
]
SQLITE_ID_SEARCH = [  # as migrations 9d964f86a887 and 7c3a91e05d2b left it
    "CREATE VIRTUAL TABLE passage_fts USING fts5(text, content='passage', content_rowid='id', "
    f"{TOKENIZE})",
    "CREATE TRIGGER passage_fts_ad AFTER DELETE ON passage BEGIN "
    "INSERT INTO passage_fts(passage_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER passage_fts_au AFTER UPDATE OF text ON passage BEGIN "
    "INSERT INTO passage_fts(passage_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO passage_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO passage_fts(passage_fts) VALUES ('rebuild')",
]
COPY_DATES = (
    "UPDATE passage SET date = (SELECT article.date FROM article "
    "WHERE article.id = passage.article_id)"
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for statement in SQLITE_DROP_SEARCH:  # before the UPDATE: no index upkeep per row
            op.execute(statement)
        # SQLite adds a NOT NULL column only with a default; every row gets its date below
        op.add_column(
            "passage", sa.Column("date", sa.Date(), nullable=False, server_default="0001-01-01")
        )
        op.execute(COPY_DATES)
        for statement in SQLITE_KEYED_SEARCH:
            op.execute(statement)
        return
    op.add_column("passage", sa.Column("date", sa.Date(), nullable=True))
    op.execute(COPY_DATES)
    op.alter_column("passage", "date", nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DROP_SEARCH:
            op.execute(statement)
        op.execute("DROP VIEW IF EXISTS passage_fts_content")
        op.execute("DROP INDEX IF EXISTS ix_passage_fts_key")
        op.drop_column("passage", "date")
        for statement in SQLITE_ID_SEARCH:
            op.execute(statement)
        return
    op.drop_column("passage", "date")

"""passage full-text search and article updated_at index

Full-text search over passage text, per dialect (neither is in the models' metadata,
so migrations/env.py keeps autogenerate from seeing them):
- SQLite: an FTS5 external-content table over passage(text), kept in sync by triggers;
- PostgreSQL: a GIN index on to_tsvector('english', text), which the search query
  repeats word for word so the planner uses it.

Revision ID: 9d964f86a887
Revises: ed2149dfa253
Create Date: 2026-11-27 02:27:03.577667
"""

from collections.abc import Sequence

from alembic import op

revision: str = "9d964f86a887"
down_revision: str | None = "ed2149dfa253"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    # porter: "strikes" finds "strike", as PostgreSQL's english configuration does
    "CREATE VIRTUAL TABLE passage_fts USING fts5(text, content='passage', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER passage_fts_ai AFTER INSERT ON passage BEGIN "
    "INSERT INTO passage_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER passage_fts_ad AFTER DELETE ON passage BEGIN "
    "INSERT INTO passage_fts(passage_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER passage_fts_au AFTER UPDATE OF text ON passage BEGIN "
    "INSERT INTO passage_fts(passage_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO passage_fts(rowid, text) VALUES (new.id, new.text); END",
    # passages stored before this revision
    "INSERT INTO passage_fts(passage_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS passage_fts_au",
    "DROP TRIGGER IF EXISTS passage_fts_ad",
    "DROP TRIGGER IF EXISTS passage_fts_ai",
    "DROP TABLE IF EXISTS passage_fts",
]
POSTGRES_UP = [
    "CREATE INDEX ix_passage_fts ON passage USING gin (to_tsvector('english'::regconfig, text))"
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_passage_fts"]


def upgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_updated_at"), ["updated_at"], unique=False)
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}.get(dialect, []):
        op.execute(statement)
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_updated_at"))

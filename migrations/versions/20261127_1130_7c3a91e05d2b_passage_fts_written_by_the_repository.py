"""passage full-text rows written by the repository, not by an insert trigger

SQLite only. The repository now adds a stored article's passages to passage_fts itself,
in one INSERT … SELECT after its passages, in the same transaction. Fed by the insert
trigger, one row at a time, FTS5 cost more per passage, and a bulk import had to drop
and recreate the trigger in each of its transactions. The delete and update triggers
stay: rows leave the index however they leave the table.

Revision ID: 7c3a91e05d2b
Revises: 5b1f0c7d9e21
Create Date: 2026-11-27 11:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "7c3a91e05d2b"
down_revision: str | None = "5b1f0c7d9e21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INSERT_TRIGGER = (  # as migration 9d964f86a887 made it
    "CREATE TRIGGER passage_fts_ai AFTER INSERT ON passage BEGIN "
    "INSERT INTO passage_fts(rowid, text) VALUES (new.id, new.text); END"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS passage_fts_ai")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(INSERT_TRIGGER)

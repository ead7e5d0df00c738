"""passage_theme, passage_place and figure: article_id without a foreign key; lz4 raw markdown

The three tables hang off passage (passage_id, ON DELETE CASCADE); their article_id is
the passage's, copied for the indexes. Its own foreign key made PostgreSQL check every
row twice (a trigger and an index probe each: a fifth of an ingest's COPY time) and
protected nothing the passage's key does not: deleting an article still removes its
passages, and with them these rows. On SQLite the tables are rebuilt without it.

PostgreSQL also compresses new raw markdown (article_revision) with lz4 rather than
pglz: storing a revision cost a third as much. Rows already stored keep their pglz.

Revision ID: 3e8d0c4b7a19
Revises: 7c3a91e05d2b
Create Date: 2026-11-27 12:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3e8d0c4b7a19"
down_revision: str | None = "7c3a91e05d2b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("passage_theme", "passage_place", "figure")

# A server built without lz4 keeps pglz (feature_not_supported); one older than PostgreSQL
# 14 has no SET COMPRESSION, and is not asked.
_LZ4 = """
DO $$ BEGIN
    ALTER TABLE article_revision ALTER COLUMN raw_markdown SET COMPRESSION {method};
EXCEPTION WHEN feature_not_supported THEN NULL;
END $$
"""


def _fk(table: str) -> str:
    return f"fk_{table}_article_id_article"


def _set_compression(method: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and (bind.dialect.server_version_info or (0,)) >= (14,):
        op.execute(_LZ4.format(method=method))


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(_fk(table), type_="foreignkey")
    _set_compression("lz4")


def downgrade() -> None:
    _set_compression("pglz")
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_foreign_key(
                _fk(table), "article", ["article_id"], ["id"], ondelete="CASCADE"
            )

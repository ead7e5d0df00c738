"""theme_day rollup

Passages and distinct articles per theme and day (GET /timeline), filled here from
passage_theme and kept in step by the ingest transactions from now on; clustered by
its key on SQLite (WITHOUT ROWID). And live articles per day from an index alone:
(date, not_article, deleted_at) covers the timeline's `articles_ingested`.

Revision ID: 5b1f0c7d9e21
Revises: 2f8e6f2c344d
Create Date: 2026-11-27 05:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "5b1f0c7d9e21"
down_revision: str | None = "2f8e6f2c344d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "theme_day",
        sa.Column("theme", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("passages", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("theme", "date", name=op.f("pk_theme_day")),
        sqlite_with_rowid=False,
    )
    op.execute(
        """
        INSERT INTO theme_day (theme, date, passages, articles)
        SELECT theme, date, sum(passages), count(*)
        FROM (
            SELECT theme, date, count(*) AS passages
            FROM passage_theme
            GROUP BY theme, date, article_id
        ) AS per_article
        GROUP BY theme, date
        """
    )

    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(
            "ix_article_date_not_article_deleted_at",
            ["date", "not_article", "deleted_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index("ix_article_date_not_article_deleted_at")
    op.drop_table("theme_day")

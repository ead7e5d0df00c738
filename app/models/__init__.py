"""SQLModel tables: what Alembic sees. Import every table here."""

from sqlmodel import SQLModel

# Set before any table is declared, so constraint names are stable across databases
# and Alembic can drop them by name.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

from app.models.article import (  # noqa: E402
    Article,
    ArticleRevision,
    Passage,
    PassageTheme,
    ThemeDay,
)
from app.models.facts import FigureRow, PassagePlace  # noqa: E402
from app.models.ingest_state import IdempotencyKey, WebhookDelivery  # noqa: E402

__all__ = [
    "Article",
    "ArticleRevision",
    "FigureRow",
    "IdempotencyKey",
    "Passage",
    "PassagePlace",
    "PassageTheme",
    "SQLModel",
    "ThemeDay",
    "WebhookDelivery",
]

"""What every repository shares."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session


def upsert_insert(session: Session, model: Any) -> Any:
    """The dialect's INSERT, which has `on_conflict_do_nothing`/`_do_update` on both backends."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)

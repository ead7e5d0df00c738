"""What every repository shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session


def upsert_insert(session: Session, model: Any) -> Any:
    """The dialect's INSERT, which has `on_conflict_do_nothing`/`_do_update` on both backends."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


_BY_DIALECT: dict[tuple[str, str], Any] = {}


def per_dialect(session: Session, name: str, build: Callable[[Session], Any]) -> Any:
    """A statement built once per dialect (an upsert differs by backend) and reused:
    building one and computing its cache key cost more than SQLite runs it."""
    key = (name, session.get_bind().dialect.name)
    stmt = _BY_DIALECT.get(key)
    if stmt is None:
        stmt = _BY_DIALECT[key] = build(session)
    return stmt


def as_date(value: dt.date | str) -> dt.date:
    """A date column read as text (SQLite stores ISO dates), or already a date
    (PostgreSQL's driver): date.fromisoformat is C, SQLAlchemy's Date processor is not."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)

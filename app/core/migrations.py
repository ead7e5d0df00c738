"""Run Alembic from inside the app (start-up on SQLite, `sitrep db upgrade`, tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[2]


def alembic_config() -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["configure_logging"] = False
    return config


def upgrade_to_head(engine: Engine) -> None:
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def downgrade_to_base(engine: Engine) -> None:
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


# Full-text search objects are made by hand per dialect in a migration (FTS5 virtual
# table and its shadow tables on SQLite, a GIN expression index on PostgreSQL); they
# are not in the models' metadata, so autogenerate must not offer to drop them.
FULL_TEXT_NAMES = ("passage_fts", "ix_passage_fts")


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    return not (name and type_ in ("table", "index") and name.startswith(FULL_TEXT_NAMES))

"""Alembic, run from code: the app and the tests upgrade a database to the newest schema."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(
    engine: Engine,
    revision: str = "head",
    *,
    before: Callable[[str], None] | None = None,
) -> None:
    """Bring the schema to ``revision``; a database already there is left alone at once.

    Alembic would still run its environment, which on SQLite checks every foreign key of the
    database after migrating: 13 s at a million cases, on every start. ``before`` is called
    with the current revision when a database that has data is about to be migrated (the
    app backs it up first); a new, empty database is simply created.
    """
    cfg = alembic_config(engine)
    current = current_revision(engine)
    if revision == "head":
        head = ScriptDirectory.from_config(cfg).get_current_head()
        if current == head:
            return
    if before is not None and current is not None:
        before(current)
    command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def head_revision() -> str:
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every schema revision this release knows; a database at another one was made by a
    newer release."""
    return {script.revision for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}

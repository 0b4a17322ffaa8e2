"""The open database: engines, the clock, and units of work. Built once at start-up."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from sqlalchemy.orm import Session

from core.db.engine import default_url, is_sqlite, make_engines
from core.paths import backups_dir

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Database:
    """One per process: where the data lives and what time it is.

    ``clock`` is injectable so tests and the demo generator can act at any moment in time.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
        backup_dir: Path | None = None,
    ) -> None:
        self.url = url or default_url()
        self.engine, self.read_engine = make_engines(self.url)
        self.clock = clock
        # Where automatic backups and safety copies go; the data directory's by default.
        self._backup_dir = backup_dir

    @property
    def backup_dir(self) -> Path:
        return self._backup_dir if self._backup_dir is not None else backups_dir()

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @property
    def location(self) -> str:
        """Where the data is, for the status bar, with any password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    def upgrade(self, before: Callable[[str], None] | None = None) -> None:
        """Create or upgrade the schema; ``before(revision)`` runs first when one is due."""
        from core.db import migrate  # Alembic loads only to check the schema (start-up time)

        migrate.upgrade(self.engine, before=before)

    def analyze(self) -> None:
        """Refresh the planner's statistics after a bulk load (a demo, an import).

        Without them SQLite guesses, and a filtered page of the case list deep in a big
        register took 0.6 s instead of 8 ms.
        """
        from sqlalchemy import text

        with self.engine.begin() as conn:
            conn.execute(text("ANALYZE"))

    def unit_of_work(self, *, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self, write=write)

    def dispose(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()


@dataclass
class UnitOfWork:
    """A transaction that rolls back unless ``commit()`` was called (Cosmic Python)."""

    db: Database
    write: bool = True
    session: Session | None = None
    _committed: bool = False

    def __enter__(self) -> UnitOfWork:
        engine = self.db.engine if self.write else self.db.read_engine
        self.session = Session(bind=engine, expire_on_commit=False, autoflush=True)
        return self

    def commit(self) -> None:
        assert self.session is not None
        self.session.commit()
        self._committed = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self.session is not None
        if exc_type is not None and not self._committed:
            # Expire what was loaded so nothing half-changed is read afterwards.
            self.session.rollback()
        # close() ends any open transaction without committing it, and leaves loaded values
        # readable (plain reads return objects that outlive the unit of work).
        self.session.close()

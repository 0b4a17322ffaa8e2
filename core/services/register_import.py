"""Importing an office's earlier 접수대장 (.csv or .xlsx), as a mapping reads it.

Import reads every row first and reports each one it cannot take with its line number and
reason; the rows it can take go in oldest first (so case numbers follow the calendar), in
transactions of a few hundred, each row inside a savepoint: a crash leaves whole cases or
none, and one bad row costs only itself. Re-importing a file adds nothing: a row whose
reference (or case number) is already here is skipped. Checking each row is
``register_rows``; exporting ours is ``register_export``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.actor import Actor
from core.db.database import Database
from core.db.models import Category
from core.errors import MissingColumns
from core.procedure.limits import MAX_LEN
from core.procedure.permissions import Permission, require
from core.register import Mapping, check_headings, read_rows
from core.register.standard import HEADINGS, is_standard, standard_mapping
from core.services.base import Tx
from core.services.register_rows import CheckedRow, ImportReport, RowReader
from core.services.register_words import word_key
from core.services.reports import keep_summary_figures
from core.store.bulk import write_cases
from core.words.catalogue import N_, translator

BATCH = 500
# The category that holds the categories an import makes; stored with both its names.
IMPORTED_PARENT = ("imported", N_("가져온 분류"))


def import_register(
    db: Database,
    actor: Actor,
    path: str | Path,
    mapping: Mapping | None = None,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import ``path`` (.csv or .xlsx). Without a mapping the file must have our headings."""
    require(actor.role, Permission.REGISTER_IMPORT)
    headings, rows = read_rows(
        path,
        encoding=mapping.encoding if mapping else None,
        sheet=mapping.sheet if mapping else None,
    )
    if mapping is None:
        if not is_standard(headings):
            missing = [h for h in HEADINGS if h not in headings]
            raise MissingColumns(columns=missing)
        mapping = standard_mapping()
    missing = check_headings(mapping, headings)
    if missing:
        raise MissingColumns(columns=missing)

    report = ImportReport(dry_run=dry_run)
    with db.unit_of_work(write=False) as uow:
        assert uow.session is not None
        reader = RowReader(uow.session, mapping, db.clock(), Path(path).name)
        sources = list(rows)
        identities = [reader.identity(source) for source in sources]
        reader.look_up_existing(uow.session, identities)
        checked: list[CheckedRow] = []
        for source, identity in zip(sources, identities, strict=True):
            report.rows += 1
            row = reader.read(source, identity, report)
            if row is not None:
                checked.append(row)
    # Oldest first, so case numbers taken here follow the calendar.
    checked.sort(key=lambda r: (r.case.received_at, r.line))
    if dry_run:
        # Everything a real import does, in one transaction that is never committed: the
        # report names every row that would fail, and nothing is written.
        with db.unit_of_work() as uow:
            assert uow.session is not None
            tx = Tx(uow.session, actor, db.clock())
            for start in range(0, len(checked), BATCH):
                batch = checked[start : start + BATCH]
                _write_batch(tx, batch, reader, report)
                tx.flush_audit()
                report.imported += len(batch)
                if progress:
                    progress(min(start + BATCH, len(checked)), len(checked))
        report.rejected.sort(key=lambda p: p.line)
        return report
    for start in range(0, len(checked), BATCH):
        batch = checked[start : start + BATCH]
        try:
            _commit_batch(db, actor, batch, reader, report)
        except IntegrityError:
            # Someone else wrote one of these meanwhile (another PC importing the same
            # file): the batch went back whole; take its rows one at a time instead.
            for row in batch:
                try:
                    _commit_batch(db, actor, [row], reader, report)
                except IntegrityError:
                    report.already_here += 1
        if progress:
            progress(min(start + BATCH, len(checked)), len(checked))
    report.rejected.sort(key=lambda p: p.line)
    if report.imported:
        keep_summary_figures(db, Actor.system())
        db.analyze()
    return report


def _commit_batch(
    db: Database, actor: Actor, rows: list[CheckedRow], reader: RowReader, report: ImportReport
) -> None:
    """The rows in a transaction of their own; counted as imported once it is committed."""
    with db.unit_of_work() as uow:
        assert uow.session is not None
        tx = Tx(uow.session, actor, db.clock())
        _write_batch(tx, rows, reader, report)
        tx.flush_audit()
        uow.commit()
    report.imported += len(rows)


def _write_batch(tx: Tx, rows: list[CheckedRow], reader: RowReader, report: ImportReport) -> None:
    """The batch's cases in one go; categories it names that are new are made first."""
    categories = _CategoryMaker(tx)
    for row in rows:
        code = row.category_code or categories.code_for(row.category_name, report)
        row.case.category_id = categories.id_of(code) if code else None
    write_cases(tx, [r.case for r in rows], reason=f"접수대장에서 가져옴 ({reader.source})")


class _CategoryMaker:
    """Creates the categories an import names that the office does not have yet."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.known: dict[str, str] = {}
        self.ids: dict[str, int] = {}
        for c in tx.session.scalars(select(Category)):
            self.ids[c.code] = c.id
            for word in (c.code, c.name_ko, c.name_en):
                self.known.setdefault(word_key(word), c.code)

    def id_of(self, code: str) -> int:
        return self.ids[code]

    def code_for(self, name: str | None, report: ImportReport) -> str | None:
        if not name:
            return None
        code = self.known.get(word_key(name))
        if code is not None:
            return code
        parent_code, parent_name = IMPORTED_PARENT
        if word_key(parent_code) not in self.known:
            ko, en = translator("ko").tr(parent_name), translator("en").tr(parent_name)
            self._add(parent_code, ko, en, None)
        code = "imported." + hashlib.sha1(word_key(name).encode()).hexdigest()[:10]
        if code in self.ids:
            # Made by an earlier import from a name longer than a category name may be: the
            # stored name is cut, so only the code derived from the whole name finds it.
            self.known[word_key(name)] = code
            return code
        short = name[: MAX_LEN["category.name_ko"]]
        self._add(code, short, short, parent_code)
        if name not in report.new_categories:
            report.new_categories.append(name)
        return code

    def _add(self, code: str, ko: str, en: str, parent: str | None) -> None:
        parent_id = None
        if parent:
            parent_id = self.tx.session.scalar(select(Category.id).where(Category.code == parent))
        cat = Category(code=code, name_ko=ko, name_en=en, parent_id=parent_id, sort_order=900)
        self.tx.session.add(cat)
        self.tx.session.flush()
        self.ids[code] = cat.id
        self.tx.audit("category.create", "category", cat.id, changes={"code": code, "import": True})
        self.known[word_key(code)] = code
        self.known[word_key(ko)] = code

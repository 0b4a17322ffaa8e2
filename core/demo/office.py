"""The demo office: which databases the demo may write into, and setting one up.

Demo cases are fiction and must never land in an office's real register. The demo writes
only into an empty database, which it first sets up as the demo office, or into a database
it set up before. That office is marked by the setting ``extra["demo_office"]``, written
when the demo office is prepared; no window and no service changes ``extra``, so a real
office never carries the mark and the mark never leaves the demo office.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import services as sv
from core.actor import Actor
from core.db.database import Database
from core.db.models import Case, User
from core.demo import content
from core.services.base import Tx
from core.store.settings import load_settings, store_settings

DEMO_MARK = "demo_office"
DEMO_OFFICE = {
    "office_name": "경청 데모 관리사무소",
    "case_prefix": "DM",
    "office_contact": "02-555-0100",
}
# The accounts that run the demo office, besides the named staff who work its cases.
OFFICE_ACCOUNTS = (
    ("admin", "관리자", "admin"),
    ("supervisor", "윤서진", "supervisor"),
)


class DemoTarget(StrEnum):
    """What a database is to the demo."""

    EMPTY = "empty"  # no account, no case: the demo may set up its office here
    DEMO = "demo"  # the demo office: more demo cases may go in
    OFFICE = "office"  # an office's register, or cases the demo did not write: refused


def demo_accounts() -> list[tuple[str, str, str]]:
    """(username, display name, role) of every account of the demo office."""
    return [*OFFICE_ACCOUNTS, *content.staff_display_names()]


def demo_target(db: Database) -> DemoTarget:
    with db.unit_of_work(write=False) as uow:
        session = uow.session
        assert session is not None
        if is_marked(session):
            return DemoTarget.DEMO
        anyone = session.scalar(select(User.id).limit(1)) is not None
        any_case = session.scalar(select(Case.id).limit(1)) is not None
    return DemoTarget.OFFICE if anyone or any_case else DemoTarget.EMPTY


def is_marked(session: Session) -> bool:
    return bool(load_settings(session).extra.get(DEMO_MARK))


def mark_demo_office(session: Session) -> dict[str, tuple[object, object]]:
    """Write the demo office's name, number prefix, contact and mark; the changes made."""
    return store_settings(session, {**DEMO_OFFICE, "extra": {DEMO_MARK: True}})


def set_up_demo_office(db: Database, password: str) -> Actor:
    """Set an empty database up as the demo office, as a first start would: its
    administrator ``admin``, then every other demo account, all with ``password``. Returns
    the administrator. Refused (by ``first_run_setup``) once the database has an admin."""
    admin = sv.first_run_setup(
        db,
        office_name=DEMO_OFFICE["office_name"],
        case_prefix=DEMO_OFFICE["case_prefix"],
        admin_username=OFFICE_ACCOUNTS[0][0],
        admin_display_name=OFFICE_ACCOUNTS[0][1],
        admin_password=password,
    )
    with db.unit_of_work() as uow:
        assert uow.session is not None
        tx = Tx(uow.session, admin, db.clock())
        changes = mark_demo_office(uow.session)
        tx.audit(
            "settings.update", "settings", None, changes={k: list(v) for k, v in changes.items()}
        )
        tx.flush_audit()
        uow.commit()
    for username, name, role in demo_accounts()[1:]:
        sv.create_user(
            db, admin, username=username, display_name=name, role=role, password=password
        )
    return admin

"""계정: first-run setup, login with lockout, and user management (admin)."""

from __future__ import annotations

import contextlib
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.actor import Actor
from core.db.database import Database
from core.db.models import User
from core.errors import (
    AccountLocked,
    AuthenticationFailed,
    FieldProblem,
    IllegalTransition,
    NotFound,
    ValidationFailed,
)
from core.procedure.enums import Role
from core.procedure.limits import MAX_LEN
from core.procedure.permissions import Permission
from core.procedure.validation import Checker, clean_text
from core.services.base import Tx, service
from core.services.common import get_row
from core.store.settings import store_settings

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 8

_hasher = PasswordHasher()
# Verifying against this when the user does not exist keeps the timing the same, so a
# stranger cannot learn which user names exist. Made at the first login, not at import:
# an argon2 hash costs a third of a second of start-up.
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash("not-a-real-password")
    return _DUMMY_HASH


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    locked: bool


def _check_password(c: Checker, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        c.fail("password", "too_short", min=MIN_PASSWORD)
    elif len(password) > 256:
        c.fail("password", "too_long", max=256)
    elif any("\ud800" <= ch <= "\udfff" for ch in password):
        c.fail("password", "bad_characters")  # half a UTF-16 pair: it cannot be hashed


def _secret(password: str) -> bytes:
    """The bytes a password is hashed as. A lone surrogate (never in a stored password,
    see _check_password) is carried through instead of failing to encode, so it is simply a
    wrong password."""
    return str(password).encode("utf-8", "surrogatepass")


# A user name is what the audit trail names people by: letters, digits and . _ - @ only, in
# their plain form, so no invisible character or full-width twin can pass for another user.
_NAME_PUNCTUATION = frozenset("._-@")


def _bad_username(name: str) -> bool:
    return (
        len(name) > MAX_LEN["user.username"]
        or unicodedata.normalize("NFKC", name) != name
        or not all(ch.isalnum() or ch in _NAME_PUNCTUATION for ch in name)
    )


def _display_name(c: Checker, display_name: str) -> str:
    return c.text("display_name", display_name, required=True, max_len=MAX_LEN["user.display_name"])


def _check_account(
    c: Checker, username: str, display_name: str, role: str
) -> tuple[str, str, Role | None]:
    name = clean_text(username).lower()
    if not name:
        c.fail("username", "required")
    elif _bad_username(name):
        c.fail("username", "bad_username")
    shown = _display_name(c, display_name)
    r = c.choice("role", role, Role)
    if r is Role.SYSTEM:
        c.fail("role", "unknown_value", value=role)
        r = None
    return name, shown, r


def _admin_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(User).where(User.role == Role.ADMIN.value, User.active)
        )
        or 0
    )


def needs_setup(db: Database) -> bool:
    """True until an admin account exists (demo data alone does not set an office up)."""
    with db.unit_of_work(write=False) as uow:
        assert uow.session is not None
        return not _admin_count(uow.session)


def first_run_setup(
    db: Database,
    *,
    office_name: str,
    case_prefix: str,
    admin_username: str,
    admin_display_name: str,
    admin_password: str,
) -> Actor:
    """Create the office and its admin account. Refused once an admin exists (no default
    password ever ships)."""
    c = Checker()
    office = c.text(
        "office_name", office_name, required=True, max_len=MAX_LEN["settings.office_name"]
    )
    prefix = clean_text(case_prefix).upper()
    if not (1 <= len(prefix) <= 6 and prefix.isascii() and prefix.isalnum()):
        c.fail("case_prefix", "bad_prefix")
    username, shown, _ = _check_account(c, admin_username, admin_display_name, Role.ADMIN.value)
    _check_password(c, admin_password)
    c.done()
    with db.unit_of_work() as uow:
        assert uow.session is not None
        if _admin_count(uow.session):
            raise IllegalTransition(step="first_run_setup", reason="already_set_up")
        if uow.session.scalar(select(User.id).where(User.username == username)):
            raise ValidationFailed([FieldProblem("admin_username", "duplicate")])
        now = db.clock()
        user = User(
            username=username,
            display_name=shown,
            role=Role.ADMIN.value,
            password_hash=_hasher.hash(admin_password),
            active=True,
            failed_logins=0,
            created_at=now,
        )
        uow.session.add(user)
        uow.session.flush()
        actor = Actor(user.id, user.username, user.display_name, Role.ADMIN)
        tx = Tx(uow.session, actor, now)
        changes = store_settings(
            uow.session, {"office_name": office, "case_prefix": prefix, "setup_done": True}
        )
        tx.audit("office.setup", "settings", None, changes={k: list(v) for k, v in changes.items()})
        tx.audit("user.create", "user", user.id, changes={"username": username, "role": "admin"})
        tx.flush_audit()
        uow.commit()
    return actor


def login(db: Database, username: str, password: str) -> Actor:
    """Check a password; five failures lock the account for 15 minutes."""
    name = clean_text(username).lower()
    with db.unit_of_work() as uow:
        session = uow.session
        assert session is not None
        now = db.clock()
        user = session.scalar(select(User).where(User.username == name))
        if user is None or not user.active:
            with contextlib.suppress(VerificationError):
                _hasher.verify(_dummy_hash(), _secret(password or "-"))
            raise AuthenticationFailed()
        if user.locked_until is not None and user.locked_until > now:
            raise AccountLocked(until=user.locked_until)
        try:
            _hasher.verify(user.password_hash, _secret(password))
        except (VerificationError, InvalidHashError):
            user.failed_logins += 1
            tx = Tx(session, Actor(user.id, user.username, user.display_name, Role(user.role)), now)
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until = now + LOCKOUT
                user.failed_logins = 0
                tx.audit("user.locked", "user", user.id, changes={"until": user.locked_until})
            else:
                tx.audit("user.login_failed", "user", user.id)
            tx.flush_audit()
            uow.commit()
            if user.locked_until is not None and user.locked_until > now:
                raise AccountLocked(until=user.locked_until) from None
            raise AuthenticationFailed(remaining=MAX_FAILURES - user.failed_logins) from None
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(_secret(password))
        actor = Actor(user.id, user.username, user.display_name, Role(user.role))
        tx = Tx(session, actor, now)
        tx.audit("user.login", "user", user.id)
        tx.flush_audit()
        uow.commit()
        return actor


@service(Permission.USERS_MANAGE)
def create_user(tx: Tx, *, username: str, display_name: str, role: str, password: str) -> int:
    c = Checker()
    name, shown, r = _check_account(c, username, display_name, role)
    _check_password(c, password)
    if name and tx.session.scalar(select(User.id).where(User.username == name)):
        c.fail("username", "duplicate")
    c.done()
    assert r is not None
    user = User(
        username=name,
        display_name=shown,
        role=r.value,
        password_hash=_hasher.hash(password),
        active=True,
        failed_logins=0,
        created_at=tx.now,
        created_by_id=tx.actor.user_id,
    )
    tx.session.add(user)
    tx.session.flush()
    tx.audit("user.create", "user", user.id, changes={"username": name, "role": r.value})
    return user.id


@service(Permission.USERS_MANAGE)
def update_user(
    tx: Tx,
    user_id: int,
    *,
    role: str | None = None,
    active: bool | None = None,
    display_name: str | None = None,
    new_password: str | None = None,
) -> None:
    user = get_row(tx, User, user_id)
    if user is None:
        raise NotFound(entity="user", id=user_id)
    c = Checker()
    changes: dict[str, object] = {}
    if role is not None:
        r = c.choice("role", role, Role)
        if r is Role.SYSTEM:
            c.fail("role", "unknown_value", value=role)
        elif r is not None and r.value != user.role:
            changes["role"] = [user.role, r.value]
    if display_name is not None:
        shown = _display_name(c, display_name)
        if shown != user.display_name:
            changes["display_name"] = [user.display_name, shown]
    if active is not None and active != user.active:
        if user.id == tx.actor.user_id and not active:
            c.fail("active", "cannot_deactivate_self")
        changes["active"] = [user.active, active]
    if new_password is not None:
        _check_password(c, new_password)
    c.done()
    for key, change in changes.items():
        if isinstance(change, list):  # [before, after]
            setattr(user, key, change[1])
    if new_password is not None:
        user.password_hash = _hasher.hash(new_password)
        user.failed_logins = 0
        user.locked_until = None
        changes["password"] = "reset"  # never the password itself
    if changes:
        tx.audit("user.update", "user", user.id, changes=changes)


@service(Permission.CASE_VIEW, write=False)
def list_users(tx: Tx, *, include_inactive: bool = False) -> list[UserView]:
    stmt = select(User).order_by(User.display_name)
    if not include_inactive:
        stmt = stmt.where(User.active.is_(True))
    return [
        UserView(
            u.id,
            u.username,
            u.display_name,
            Role(u.role),
            u.active,
            bool(u.locked_until and u.locked_until > tx.now),
        )
        for u in tx.session.scalars(stmt)
    ]

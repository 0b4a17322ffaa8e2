"""First run, login, lockout, user management."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from core import services as sv
from core.errors import AccountLocked, AuthenticationFailed, IllegalTransition, ValidationFailed
from tests.conftest import PASSWORD


def test_first_run_creates_the_admin_once(db):
    assert sv.needs_setup(db)
    admin = sv.first_run_setup(
        db,
        office_name="서초 의원",
        case_prefix="sc",
        admin_username="Boss",
        admin_display_name="원장",
        admin_password="a-strong-one-9",
    )
    assert admin.role == "admin" and admin.username == "boss"
    assert not sv.needs_setup(db)
    assert sv.get_settings(db, admin).case_prefix == "SC"
    with pytest.raises(IllegalTransition):
        sv.first_run_setup(
            db,
            office_name="x",
            case_prefix="X",
            admin_username="x",
            admin_display_name="x",
            admin_password="another-one-9",
        )


def test_first_run_refuses_a_short_password(db):
    with pytest.raises(ValidationFailed) as err:
        sv.first_run_setup(
            db,
            office_name="x",
            case_prefix="X",
            admin_username="x",
            admin_display_name="x",
            admin_password="short",
        )
    assert [p.field for p in err.value.problems] == ["password"]
    assert sv.needs_setup(db)


def test_login_and_wrong_password(db, staff):
    assert sv.login(db, "Clerk", PASSWORD).role == "clerk"
    with pytest.raises(AuthenticationFailed):
        sv.login(db, "clerk", "wrong-password")
    with pytest.raises(AuthenticationFailed):
        sv.login(db, "nobody", PASSWORD)


def test_five_failures_lock_for_fifteen_minutes(db, staff, clock):
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            sv.login(db, "handler", "wrong-password")
    with pytest.raises(AccountLocked):
        sv.login(db, "handler", "wrong-password")
    with pytest.raises(AccountLocked):  # even the right password, while locked
        sv.login(db, "handler", PASSWORD)
    clock.advance(minutes=14)
    with pytest.raises(AccountLocked):
        sv.login(db, "handler", PASSWORD)
    clock.advance(minutes=2)
    assert sv.login(db, "handler", PASSWORD).username == "handler"


def test_passwords_are_hashed_and_never_logged(db, staff, caplog):
    caplog.set_level(logging.DEBUG)
    sv.create_user(
        db,
        staff.admin,
        username="new",
        display_name="신입",
        role="clerk",
        password="secret-pass-42",
    )
    sv.login(db, "new", "secret-pass-42")
    with db.unit_of_work(write=False) as uow:
        stored = uow.session.execute(
            text("SELECT password_hash FROM users WHERE username='new'")
        ).scalar()
    assert stored.startswith("$argon2") and "secret-pass-42" not in stored
    assert "secret-pass-42" not in caplog.text


def test_deactivated_user_cannot_log_in(db, staff):
    sv.update_user(db, staff.admin, staff.clerk.user_id, active=False)
    with pytest.raises(AuthenticationFailed):
        sv.login(db, "clerk", PASSWORD)


def test_duplicate_username_refused(db, staff):
    with pytest.raises(ValidationFailed) as err:
        sv.create_user(
            db,
            staff.admin,
            username="CLERK",
            display_name="x",
            role="clerk",
            password="long-enough-1",
        )
    assert err.value.problems[0].reason == "duplicate"


def test_system_role_cannot_be_given(db, staff):
    with pytest.raises(ValidationFailed):
        sv.create_user(
            db, staff.admin, username="x", display_name="x", role="system", password="long-enough-1"
        )

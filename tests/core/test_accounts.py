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


# ---------------------------------------------------------------- passwords never leak

SECRETS = ("Secret-Pass-4711", "Wrong-Guess-0815", "New-Secret-2342", "Reset-By-Admin-77")


def _every_stored_text(db) -> list[str]:
    """Every value of every table, as text (the audit trail and the users table included)."""
    from core.db.models import Base

    out = []
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(table.select()):
                out.extend(str(v) for v in row if v is not None)
    return out


def test_passwords_never_reach_a_log_the_trail_or_a_table(db, staff, caplog, clock):
    # Everything at DEBUG: the root logger and SQLAlchemy's statements with their parameters,
    # captured through logging only (no echo to the console).
    assert not db.engine.echo
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")
    first, wrong, changed, reset = SECRETS
    user_id = sv.create_user(
        db, staff.admin, username="leak", display_name="유출 시험", role="clerk", password=first
    )
    sv.login(db, "leak", first)
    for _ in range(5):  # wrong passwords, up to the lock
        with pytest.raises((AuthenticationFailed, AccountLocked)) as err:
            sv.login(db, "leak", wrong)
        assert wrong not in str(err.value) and wrong not in repr(err.value.facts)
    with pytest.raises(AccountLocked):
        sv.login(db, "leak", first)
    clock.advance(minutes=16)
    sv.login(db, "leak", first)
    sv.update_user(db, staff.admin, user_id, new_password=changed)
    sv.login(db, "leak", changed)
    with pytest.raises(ValidationFailed) as short:
        sv.update_user(db, staff.admin, user_id, new_password="Short-1")  # refused, not echoed
    assert "Short-1" not in repr(short.value.problems)
    sv.update_user(db, staff.admin, user_id, new_password=reset)
    sv.login(db, "LEAK", reset)

    assert any(r.name.startswith("sqlalchemy.engine") for r in caplog.records)  # it was on
    logged = "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records)
    stored = _every_stored_text(db)
    for secret in (*SECRETS, "Short-1"):
        assert secret not in logged, secret
        assert not any(secret in value for value in stored), secret
    with db.engine.connect() as conn:
        hashed = conn.execute(
            text("SELECT password_hash FROM users WHERE username = 'leak'")
        ).scalar_one()
        trail = [c for (c,) in conn.execute(text("SELECT changes FROM audit_events"))]
    assert hashed.startswith("$argon2id$")
    assert all(s not in c for c in trail for s in SECRETS)
    assert '"password":"reset"' in "".join(trail)  # the change is recorded, not its value


# ---------------------------------------------------------------- lockout, what was missing


def _fail(db, username: str, times: int) -> None:
    for _ in range(times):
        with pytest.raises((AuthenticationFailed, AccountLocked)):
            sv.login(db, username, "wrong-password")


def test_the_lock_lifts_at_fifteen_minutes_exactly_and_the_count_starts_again(db, staff, clock):
    _fail(db, "clerk", 5)
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(AccountLocked):
        sv.login(db, "clerk", PASSWORD)
    clock.advance(seconds=1)
    assert sv.login(db, "clerk", PASSWORD).username == "clerk"
    # Not locked again by the next single mistake: five new failures are needed.
    with pytest.raises(AuthenticationFailed) as err:
        sv.login(db, "clerk", "wrong-password")
    assert err.value.facts == {"remaining": 4}


def test_attempts_while_locked_do_not_extend_the_lock(db, staff, clock):
    _fail(db, "clerk", 5)
    for _ in range(10):
        clock.advance(minutes=1)
        with pytest.raises(AccountLocked):
            sv.login(db, "clerk", "wrong-password")
    clock.advance(minutes=5, seconds=1)  # 15 minutes after the fifth failure
    assert sv.login(db, "clerk", PASSWORD).username == "clerk"


def test_a_right_password_resets_the_count(db, staff):
    _fail(db, "clerk", 4)
    sv.login(db, "clerk", PASSWORD)
    _fail(db, "clerk", 4)
    assert sv.login(db, "clerk", PASSWORD).username == "clerk"


def test_the_lock_is_per_account_shown_to_the_admin_recorded_and_lifted_by_a_reset(
    db, staff, clock
):
    _fail(db, "clerk", 5)
    assert sv.login(db, "handler", PASSWORD).username == "handler"
    users = {u.username: u for u in sv.list_users(db, staff.admin)}
    assert users["clerk"].locked and not users["handler"].locked
    with db.engine.connect() as conn:
        actions = [a for (a,) in conn.execute(text("SELECT action FROM audit_events"))]
    assert actions.count("user.login_failed") == 4 and actions.count("user.locked") == 1
    sv.update_user(db, staff.admin, staff.clerk.user_id, new_password="a-new-one-123")
    assert sv.login(db, "clerk", "a-new-one-123").username == "clerk"

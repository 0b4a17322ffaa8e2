"""Small pieces the services share: loading a case under optimistic locking, the procedure's
check at the door, status changes."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from core.db.models import Case, Category, StatusChange, User
from core.errors import EditConflict, FieldProblem, IllegalTransition, NotFound, ValidationFailed
from core.procedure.enums import Role, Status
from core.procedure.permissions import require
from core.procedure.steps import ASSIGNABLE_ROLES, STEPS, step_applies
from core.procedure.validation import clean_text
from core.services.base import Tx

T = TypeVar("T")


def get_row(tx: Tx, model: type[T], key: object, *, lock: bool = False) -> T | None:
    """``session.get`` for an id someone handed us: one that no id column can hold (a bool,
    a string, 2**31 and beyond, since ids are PostgreSQL ``integer``) finds nothing, where
    the database would refuse the statement."""
    if not holds_id(key):
        return None
    return tx.session.get(model, key, with_for_update=lock or None)


def holds_id(key: object) -> bool:
    """True when ``key`` is a whole number an id column can hold."""
    return not isinstance(key, bool) and isinstance(key, int) and -(2**31) <= key < 2**31


def load_case(tx: Tx, case_id: int, expected_version: int | None = None) -> Case:
    """The case, or NotFound; EditConflict when it changed since the caller read it.

    Without a version to check, the row is locked (PostgreSQL; SQLite writers take turns
    anyway), so two such callers at once wait for each other instead of the second one's
    save failing on the version it read.
    """
    case = get_row(tx, Case, case_id, lock=expected_version is None)
    if case is None:
        raise NotFound(entity="case", id=case_id)
    if expected_version is not None and case.version != expected_version:
        raise EditConflict(case_no=case.case_no, expected=expected_version, actual=case.version)
    return case


def case_id_by_no(tx: Tx, case_no: str) -> int:
    wanted = clean_text(case_no).upper()
    found = tx.session.scalar(select(Case.id).where(Case.case_no == wanted)) if wanted else None
    if found is None:
        raise NotFound(entity="case", case_no=case_no)
    return found


def require_step(tx: Tx, case: Case, step: str) -> None:
    """Refuse ``step`` unless the procedure's table (``core.procedure.steps.STEPS``, the one
    the windows offer steps from) allows it in the case's status and to the actor's role.

    The status first: a step the case's status rules out is ``IllegalTransition`` whoever
    asks; then ``PermissionDenied`` when the step needs more than the service's own
    permission (reopening a closed case).
    """
    statuses, permission = STEPS[step]
    if not step_applies(step, case.status):
        raise IllegalTransition(
            step=step,
            case_no=case.case_no,
            status=case.status,
            allowed=sorted(s.value for s in statuses),
        )
    require(tx.actor.role, permission)


def change_status(tx: Tx, case: Case, to: Status, reason: str | None = None) -> None:
    before = case.status
    case.status = to.value
    case.updated_at = tx.now
    tx.session.add(
        StatusChange(
            case_id=case.id,
            from_status=before,
            to_status=to.value,
            reason=reason,
            at=tx.now,
            by_id=tx.actor.user_id,
            by_name=tx.actor.display_name,
        )
    )
    tx.audit(
        f"case.{to.value}",
        "case",
        case.id,
        case_id=case.id,
        changes={"status": [before, to.value], **({"reason": reason} if reason else {})},
    )


def touch(tx: Tx, case: Case) -> None:
    """Any change to what belongs to a case bumps its version, so stale editors notice."""
    case.updated_at = tx.now
    # Even when the clock reads what updated_at already holds (a coarse clock, two saves in
    # one tick): an unchanged value is no change to the ORM, and the version would stay.
    flag_modified(case, "updated_at")
    tx.session.flush()  # the version_id_col UPDATE ... WHERE version = n happens here


def category_by_code(tx: Tx, code: str) -> Category | None:
    return tx.session.scalar(select(Category).where(Category.code == clean_text(code)))


def active_user(tx: Tx, user_id: int) -> User:
    user = get_row(tx, User, user_id)
    if user is None or not user.active:
        raise NotFound(entity="user", id=user_id)
    return user


def assignable_user(tx: Tx, user_id: int) -> User:
    """The user a case may be given to: an active account (else NotFound) whose role may
    handle cases (else a problem on ``assignee``); see ``ASSIGNABLE_ROLES``."""
    user = active_user(tx, user_id)
    if Role(user.role) not in ASSIGNABLE_ROLES:
        raise ValidationFailed([FieldProblem("assignee", "not_assignable", {"role": user.role})])
    return user

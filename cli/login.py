"""Who runs a command (DESIGN.md, "Command line"): a user of the office, logged in by the same
service as the login window, so the same lockout applies and the audit trail names that user.

The user comes from ``--user NAME`` or ``GYEONGCHEONG_USER``; the password from
``GYEONGCHEONG_PASSWORD`` or, only when stdin is a terminal, a prompt that does not echo.
Passwords for accounts a command creates (``init``, ``user-add``, a new demo office) come
the same way; ``user-add`` reads ``GYEONGCHEONG_NEW_PASSWORD`` first, since
``GYEONGCHEONG_PASSWORD`` is the administrator's own. No password is ever printed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from getpass import getpass

from core import services as sv
from core.actor import Actor
from core.db.database import Database
from core.services import open_database
from core.words.catalogue import tr

USER_ENV = "GYEONGCHEONG_USER"
PASSWORD_ENV = "GYEONGCHEONG_PASSWORD"
NEW_PASSWORD_ENV = "GYEONGCHEONG_NEW_PASSWORD"


class LoginNeeded(Exception):
    """No user or no password was given; the message says how to give them."""


def log_in(db: Database, args: argparse.Namespace) -> Actor:
    """The logged-in user. Raises LoginNeeded, or the login service's AuthenticationFailed
    (a wrong password counts towards the lockout) or AccountLocked."""
    name = (getattr(args, "user", None) or os.environ.get(USER_ENV) or "").strip()
    if not name:
        raise LoginNeeded(
            tr(
                "로그인이 필요합니다. --user 이름 또는 환경 변수 {env}로 사용자를 정하세요.",
                env=USER_ENV,
            )
        )
    password = os.environ.get(PASSWORD_ENV) or ask(tr("{user}의 비밀번호: ", user=name))
    if not password:
        raise LoginNeeded(
            tr(
                "{user}의 비밀번호가 필요합니다. 환경 변수 {env}로 주거나 터미널에서 실행해 "
                "입력하세요.",
                user=name,
                env=PASSWORD_ENV,
            )
        )
    return sv.login(db, name, password)


@contextmanager
def logged_in(args: argparse.Namespace) -> Iterator[tuple[Database, Actor]]:
    """The database of ``--db`` and the user logged in to it; the database is closed after."""
    db = open_database(args.db, must_exist=True, on_phase=say_phase)
    try:
        yield db, log_in(db, args)
    finally:
        db.dispose()


def say_phase(phase: str) -> None:
    """A long step of opening the data, said on stderr before it starts."""
    if phase == "binding":
        print(
            tr(
                "이번 한 번만 지금까지의 기록을 감사 기록에 묶고 있습니다. 사건이 많으면 몇 분 "
                "걸릴 수 있습니다…"
            ),
            file=sys.stderr,
            flush=True,
        )


def new_password(env: str, fallback_env: str | None = None) -> str:
    """The password for the accounts a command creates: from ``env``, else typed twice on a
    terminal, else from ``fallback_env``. Raises LoginNeeded when none is given."""
    given = os.environ.get(env)
    if given:
        return given
    first = ask(tr("새 계정의 비밀번호: "))
    if first:
        if ask(tr("비밀번호 확인: ")) != first:
            raise LoginNeeded(tr("비밀번호가 서로 다릅니다"))
        return first
    if fallback_env and os.environ.get(fallback_env):
        return os.environ[fallback_env]
    raise LoginNeeded(
        tr(
            "새 계정의 비밀번호가 필요합니다. 환경 변수 {env}로 주거나 터미널에서 실행해 "
            "입력하세요.",
            env=env,
        )
    )


def ask(prompt: str) -> str:
    """What the user types without echo; empty when stdin is not a terminal (a script)."""
    if not sys.stdin.isatty():
        return ""
    try:
        return getpass(prompt)
    except EOFError:
        return ""

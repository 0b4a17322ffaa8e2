"""Running the command line as a subprocess, the way an office script would: with a login
given through the environment (cli.login), or none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cli.login import NEW_PASSWORD_ENV, PASSWORD_ENV, USER_ENV
from core import services as sv
from core.db.database import Database
from core.services import open_database
from tests.conftest import Staff, intake, make_staff

ROOT = Path(__file__).resolve().parents[2]
# The password every account of a test's demo office gets (demo, init).
DEMO_PASSWORD = "demo-pass-7-kettle"


def run(
    *args: str,
    user: str | None = None,
    password: str | None = None,
    new_password: str | None = None,
    lang: str | None = None,
    timeout: int = 600,
    typed: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``main.py ARGS`` with exactly the login given here (none inherited from the caller's
    environment) and no terminal, so no password is ever asked for. ``typed`` is piped in
    as the input (else the input is closed); ``env`` adds to the environment."""
    extra = env or {}
    env = {k: v for k, v in os.environ.items() if k not in (USER_ENV, PASSWORD_ENV)}
    env.pop(NEW_PASSWORD_ENV, None)
    env.update(extra)
    for name, value in (
        (USER_ENV, user),
        (PASSWORD_ENV, password),
        (NEW_PASSWORD_ENV, new_password),
    ):
        if value is not None:
            env[name] = value
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *(("--lang", lang) if lang else ()), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
        **({"input": typed} if typed is not None else {"stdin": subprocess.DEVNULL}),
    )


def office(url: str, cases: int = 0) -> Staff:
    """An office at ``url`` with one account of each role (password tests.conftest.PASSWORD),
    and ``cases`` walk-in complaints received by the clerk."""
    db: Database = open_database(url)
    try:
        staff = make_staff(db)
        for _ in range(cases):
            sv.receive_complaint(db, staff.clerk, intake())
    finally:
        db.dispose()
    return staff

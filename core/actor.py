"""Who is acting: a logged-in user, or the operating-system user at the command line."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from core.procedure.enums import Role


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    display_name: str
    role: Role

    @classmethod
    def system(cls) -> Actor:
        """The command line: recorded in the audit trail under the OS user's name."""
        try:
            name = getpass.getuser()
        except Exception:  # no user name in the environment (some services, containers)
            name = "unknown"
        return cls(user_id=None, username=f"os:{name}", display_name=f"os:{name}", role=Role.SYSTEM)

"""What every command shares: its exit codes and the progress counts it writes on stderr
while a long job runs. Messages go through core.words.catalogue (``--lang`` sets it).
"""

from __future__ import annotations

import sys

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
# No login given, a wrong password or a locked account (cli.login); a script can tell this
# apart from a command that ran and failed.
EXIT_LOGIN = 3


def progress(done: int, total: int) -> None:
    """Counts on stderr: rewritten in place on a terminal, a line now and then in a log."""
    if sys.stderr.isatty():
        print(f"\r{done:,}/{total:,}", end="" if done < total else "\n", file=sys.stderr)
    elif done == total or done % 5000 == 0:
        print(f"{done:,}/{total:,}", file=sys.stderr, flush=True)

"""The command line (DESIGN.md): the same services the windows call, as a logged-in user of
the office (cli.login)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence

from cli.commands_data import cmd_case_file, cmd_export, cmd_import, cmd_search, cmd_summary
from cli.commands_office import cmd_demo, cmd_init, cmd_user_add
from cli.commands_records import (
    cmd_audit_verify,
    cmd_backup,
    cmd_restore,
    cmd_set_backup_passphrase,
)
from cli.commands_server import cmd_setup_postgres
from cli.common import EXIT_FAIL, EXIT_LOGIN, EXIT_USAGE
from cli.login import LoginNeeded
from cli.parser import build_parser
from core.errors import AccountLocked, AuthenticationFailed, DeskError, plain_failure
from core.logs import setup_logging, traceback_without_values
from core.paths import logs_dir
from core.words.catalogue import set_language, tr
from core.words.messages import describe

log = logging.getLogger(__name__)

HANDLERS = {
    "init": cmd_init,
    "user-add": cmd_user_add,
    "demo": cmd_demo,
    "import": cmd_import,
    "export": cmd_export,
    "summary": cmd_summary,
    "case-file": cmd_case_file,
    "search": cmd_search,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "audit-verify": cmd_audit_verify,
    "setup-postgres": cmd_setup_postgres,
    "set-backup-passphrase": cmd_set_backup_passphrase,
}


def main(
    argv: Sequence[str] | None = None,
    start_app: Callable[[str | None, str | None], int] | None = None,
) -> int:
    """Run a command; without one, ``start_app(db_url, lang)`` (the GUI, given by main.py)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging()  # <data dir>/logs/desk.log, personal data scrubbed
    lang = args.lang or "ko"
    set_language(lang)  # every message of the command, and the errors it raises
    if args.command is None:
        if start_app is None:
            parser.print_help()
            return EXIT_USAGE
        return start_app(args.db, args.lang)
    try:
        return HANDLERS[args.command](args, lang)
    except LoginNeeded as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_LOGIN
    except (AuthenticationFailed, AccountLocked) as exc:
        print(describe(exc, lang), file=sys.stderr)
        return EXIT_LOGIN
    except DeskError as exc:  # a refusal (PermissionDenied), a validation, ...
        print(describe(exc, lang), file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:  # Ctrl-C, at a password prompt or during a long job
        return EXIT_FAIL
    except Exception as exc:  # a database that cannot be opened, a full disk, ...
        # The frames to the log, never the message (it may hold a customer's words); the
        # person gets what happened and what to do, not the driver's English.
        log.error(
            "%s failed\n%s",
            args.command,
            traceback_without_values(type(exc), exc, exc.__traceback__),
        )
        plain = plain_failure(exc)
        if plain is not None:
            print(describe(plain, lang), file=sys.stderr)
        else:
            print(
                tr(
                    "예상하지 못한 오류로 처리하지 못했습니다. 자세한 내용은 로그({log})에 "
                    "남겼습니다.",
                    log=str(logs_dir()),
                ),
                file=sys.stderr,
            )
        return EXIT_FAIL

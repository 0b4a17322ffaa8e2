"""The command line's arguments: the options every command shares (the database, the language,
the user) and each command's own, as ``main.py --help`` lists them.
"""

from __future__ import annotations

import argparse

from core.version import version

ROLES = ("clerk", "handler", "supervisor", "admin")
OWNER_ROLE = "gyeongcheong_owner"  # core.db.roles.DEFAULT_OWNER

EPILOG = """\
Commands that read personal data or change anything run as a user of the office: the user
from --user NAME or GYEONGCHEONG_USER, the password from GYEONGCHEONG_PASSWORD or typed at
the prompt (on a terminal only). Five wrong passwords lock the account for 15 minutes, as in
the window. audit-verify needs no login; demo on an empty database needs none either (its
accounts get the password from GYEONGCHEONG_PASSWORD or the prompt); setup-postgres needs the
PostgreSQL superuser's login (--admin) instead of an office's.
Exit codes: 0 done, 1 failed or refused, 2 bad arguments, 3 no login or login failed."""


def printed_head(value: str) -> tuple[int, str]:
    """``3782:9fb94e4bdc855402``: an event number and the first characters of its hash."""
    number, _, digest = value.partition(":")
    digest = digest.strip().lower()
    if (
        not number.strip().isdigit()
        or len(digest) < 16
        or any(c not in "0123456789abcdef" for c in digest)
    ):
        raise argparse.ArgumentTypeError(
            f"{value!r}: expected N:HASH, an event number and at least 16 hex characters"
        )
    return int(number), digest


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="경청 Complaint Desk. Without a command, starts the app.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"경청 Complaint Desk {version()}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy URL (default: a SQLite file in the user data directory)",
    )
    parser.add_argument("--lang", choices=("ko", "en"), default=None, help="language (default ko)")
    parser.add_argument("--user", metavar="NAME", help="log in as NAME (or GYEONGCHEONG_USER)")
    # ``--user`` after the command too; SUPPRESS keeps a name given before it.
    user = argparse.ArgumentParser(add_help=False)
    user.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS, help="log in as NAME")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, purpose: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=purpose, description=purpose, parents=[user])

    init = command("init", "create a new database: the office and its administrator")
    init.add_argument("--office", metavar="NAME", required=True, help="the office's name")
    init.add_argument("--prefix", metavar="PFX", required=True, help="case number prefix, e.g. GN")
    init.add_argument("--admin", metavar="NAME", default="admin", help="(default: admin)")
    init.add_argument("--display-name", metavar="TEXT", help="(default: the user name)")
    add = command("user-add", "(as an admin) add a staff account")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--display-name", metavar="TEXT", help="(default: the user name)")
    add.epilog = (
        "The new account's password: GYEONGCHEONG_NEW_PASSWORD, else typed twice at the prompt "
        "(on a terminal), else GYEONGCHEONG_PASSWORD."
    )
    demo = command("demo", "fill the database with realistic Korean demo cases")
    demo.add_argument("--cases", type=int, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    imp = command("import", "import a register (.csv or .xlsx)")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--mapping", metavar="MAP.toml", help="columns and values of the file")
    imp.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    imp.add_argument("--json", action="store_true", help="print the report as JSON")
    exp = command("export", "export the register (.csv or .xlsx by extension)")
    exp.add_argument("file", metavar="FILE")
    exp.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="received on or after")
    exp.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="received on or before")
    summ = command("summary", "the monthly or annual complaint summary")
    when = summ.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", metavar="YYYY-MM")
    when.add_argument("--year", metavar="YYYY")
    summ.add_argument("--json", action="store_true", help="print the figures as JSON")
    summ.add_argument("--pdf", metavar="OUT", help="write the summary as a PDF")
    cf = command("case-file", "print a case file (사건 기록부) to PDF")
    cf.add_argument("case_no", metavar="CASE_NO")
    cf.add_argument("--pdf", metavar="OUT", required=True)
    find = command("search", "full-text search: matching case numbers, best first")
    find.add_argument("query", metavar="QUERY")
    find.add_argument("--limit", type=int, default=50, metavar="N")
    find.add_argument("--json", action="store_true", help="print the matches as JSON")
    back = command("backup", "write a verified backup of the database into DIR")
    back.add_argument("dir", metavar="DIR")
    back.epilog = (
        "When the office has a backup passphrase (set-backup-passphrase), a backup into any "
        "folder but the app's own is sealed with it: from GYEONGCHEONG_BACKUP_PASSPHRASE, "
        "else typed at the prompt."
    )
    phrase = command(
        "set-backup-passphrase",
        "(as an admin) set the passphrase that seals every backup leaving the data folder",
    )
    phrase.epilog = (
        "The passphrase: GYEONGCHEONG_NEW_BACKUP_PASSPHRASE, else typed twice at the prompt. "
        "Keep it written down somewhere safe: a sealed backup cannot be opened without it."
    )
    rest = command("restore", "replace the database with a backup (a safety copy is taken first)")
    rest.add_argument("file", metavar="FILE")
    rest.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    rest.add_argument(
        "--admin",
        metavar="URL",
        help="on PostgreSQL: a superuser's login, which replaces the tables for the app",
    )
    pg = command(
        "setup-postgres",
        "(the server's administrator) prepare a PostgreSQL server: an owner role, the app's "
        "login with only the rights the app needs, the database, its schema; again after "
        "an upgrade",
    )
    pg.add_argument(
        "--admin",
        metavar="URL",
        required=True,
        help="a superuser's login, e.g. postgresql+psycopg://postgres@server/postgres",
    )
    pg.add_argument("--owner", metavar="ROLE", default=OWNER_ROLE, help=f"(default: {OWNER_ROLE})")
    pg.epilog = (
        "--db is the address the counter PCs will use: the app's login and the database, "
        "e.g. postgresql+psycopg://desk@server/gyeongcheong. A new login's password: "
        "GYEONGCHEONG_APP_PASSWORD, else typed twice at the prompt; an existing login keeps "
        "its password unless GYEONGCHEONG_APP_PASSWORD is given."
    )
    verify = command(
        "audit-verify",
        "exit 0 when the audit trail, the access records and the rows they wrote are intact "
        "and match the anchors the backups left, 1 otherwise (no login)",
    )
    verify.add_argument(
        "--anchors",
        metavar="DIR",
        help="also check against the anchors in DIR (a USB stick the backups were made to)",
    )
    verify.add_argument(
        "--printed",
        metavar="N:HASH",
        action="append",
        type=printed_head,
        default=[],
        help="also check the audit trail's head printed on a signed access review "
        "(event number and the hash's first 16 characters); may be given more than once",
    )
    return parser

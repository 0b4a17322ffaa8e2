"""The app's log file: ``<data dir>/logs/desk.log``, UTF-8, rotated at 1 MB, five old copies.

A log is read by whoever fixes a problem, not by the customer's clerk, so it must never hold a
customer's personal data (PIPA). Code logs ids and types, not values; as a safety net every
record passes ``PersonalDataFilter``, which replaces phone numbers, e-mail addresses and
resident registration numbers before anything reaches the file.
"""

from __future__ import annotations

import logging
import re
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

LOG_NAME = "desk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

_NOT_DIGIT_BEFORE, _NOT_DIGIT_AFTER = r"(?<![0-9])", r"(?![0-9])"
_SEP = r"[-. ]?"
# Order matters: the resident registration number (13 digits) before the phone numbers.
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        # 주민등록번호 / 외국인등록번호: YYMMDD-GNNNNNN, a plausible birth date first.
        re.compile(
            _NOT_DIGIT_BEFORE
            + r"[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])\s?-?\s?[1-8][0-9]{6}"
            + _NOT_DIGIT_AFTER
        ),
        "<rrn>",
    ),
    (
        # Mobile (010, 011, 016-019), Seoul (02), regions (031-064), 070 and 050x numbers,
        # with or without separators, also written +82 10-....
        re.compile(
            r"(?:\+82" + _SEP + r"0?|" + _NOT_DIGIT_BEFORE + r"0)"
            r"(?:1[016789]|2|[3-6][1-5]|70|50[0-9]?)"
            + _SEP
            + r"[0-9]{3,4}"
            + _SEP
            + r"[0-9]{4}"
            + _NOT_DIGIT_AFTER
        ),
        "<phone>",
    ),
    (re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"), "<email>"),
)


def scrub(text: str) -> str:
    """``text`` with phone numbers, e-mail addresses and registration numbers replaced."""
    for pattern, token in PATTERNS:
        text = pattern.sub(token, text)
    return text


class PersonalDataFilter(logging.Filter):
    """Scrubs every record that reaches the handler: message, arguments, traceback, stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not stop the record
            message = f"{record.msg!s} {record.args!r}"
        record.msg, record.args = scrub(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


def traceback_without_values(
    exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None
) -> str:
    """The exception's type and its frames (file, line, function, source line), causes
    included, but not its message: messages carry values (a customer's name in a database
    error), frames carry only code."""
    chain: list[tuple[type[BaseException], TracebackType | None, str | None]] = []
    seen: set[int] = set()
    current, kind, link = exc, exc_type, None
    while True:
        chain.append((kind, tb, link))
        if current is None:
            break
        seen.add(id(current))
        if current.__cause__ is not None:
            cause, link = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            cause, link = current.__context__, _CONTEXT
        else:
            break
        if id(cause) in seen:
            break
        current, kind, tb = cause, type(cause), cause.__traceback__
    out: list[str] = []
    for kind, frames_of, link_after in reversed(chain):  # causes first, as Python prints
        frames = traceback.format_list(traceback.extract_tb(frames_of)) if frames_of else []
        out.append("Traceback (most recent call last):\n" + "".join(frames))
        out.append(f"{kind.__module__}.{kind.__qualname__}\n")
        if link_after:
            out.append(f"\n{link_after}\n\n")
    return "".join(out)


_CAUSE = "The above exception was the direct cause of the following exception:"
_CONTEXT = "During handling of the above exception, another exception occurred:"


def setup_logging(
    directory: Path | None = None,
    *,
    level: int = logging.INFO,
    max_bytes: int = MAX_BYTES,
    backups: int = BACKUPS,
) -> Path | None:
    """Send the app's log records to ``directory/desk.log`` (default: ``<data dir>/logs``).

    Calling it again for the same file changes nothing. Returns the log file's path, or None
    when the folder cannot be written (the app still runs, without a log file).
    """
    try:
        if directory is None:
            from core.paths import logs_dir  # the data dir is looked up only when needed

            directory = logs_dir()
        path = (directory / LOG_NAME).resolve()
        root = logging.getLogger()
        for h in root.handlers:
            if getattr(h, "_desk_log", None) == path:
                return path
        directory.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
        )
    except OSError:
        return None
    handler._desk_log = path  # type: ignore[attr-defined]
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(PersonalDataFilter())
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    # Alembic names each of its built-in plugins at every start: not worth a line each.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    return path


def close_logging(path: Path) -> None:
    """Detach and close the handler writing ``path`` (tests, and a moved data folder)."""
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_desk_log", None) == path.resolve():
            root.removeHandler(h)
            h.close()

"""Names of the procedure's vocabularies in the current language, for combo boxes and
columns: the tables of core.words.vocab, so a window names a code as the documents do."""

from __future__ import annotations

from core.words.catalogue import language
from core.words.vocab import words


def channels() -> dict[str, str]:
    return words("channel", language())


def natures() -> dict[str, str]:
    return words("nature", language())


def severities() -> dict[str, str]:
    return words("severity", language())


def statuses() -> dict[str, str]:
    return words("status", language())


def closures() -> dict[str, str]:
    return words("closure", language())


def action_kinds() -> dict[str, str]:
    return words("action", language())


def directions() -> dict[str, str]:
    return words("direction", language())


def contact_purposes() -> dict[str, str]:
    return words("purpose", language())


def compensation_kinds() -> dict[str, str]:
    return words("comp", language())


def compensation_statuses() -> dict[str, str]:
    return words("comp_status", language())


def follow_up_statuses() -> dict[str, str]:
    return words("follow_up", language())


def roles() -> dict[str, str]:
    """The four roles a person can hold (not the command line's system user)."""
    out = words("role", language())
    out.pop("system", None)
    return out


def styles() -> dict[str, str]:
    return words("style", language())


def motives() -> dict[str, str]:
    return words("motive", language())


def due_kinds() -> dict[str, str]:
    return words("due", language())


def queue_names() -> dict[str, str]:
    return words("queue", language())


def rules() -> dict[str, str]:
    return words("rule", language())


def access_purposes() -> dict[str, str]:
    return words("access_purpose", language())


def access_flags() -> dict[str, str]:
    return words("access_flag", language())


def improvement_statuses() -> dict[str, str]:
    return words("improvement", language())


def improvement_kinds() -> dict[str, str]:
    return words("improvement_kind", language())

"""One spelling of a value for hashing: the audit trail's events and the rows bound to it
must hash the same on SQLite and PostgreSQL, today and after an upgrade."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (set, frozenset, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"not JSON-serialisable in the audit trail: {type(value).__name__}")


def canonical_json(obj: Any) -> str:
    return json.dumps(
        obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain
    )

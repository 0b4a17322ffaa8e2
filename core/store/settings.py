"""Office settings: stored as JSON values by key, read as one typed, frozen value."""

from __future__ import annotations

import json
from dataclasses import asdict, fields, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.models import Setting
from core.procedure.office import OfficeSettings

_FIELDS = {f.name for f in fields(OfficeSettings)}


def load_settings(session: Session) -> OfficeSettings:
    values: dict[str, Any] = {}
    for row in session.scalars(select(Setting)):
        if row.key in _FIELDS:
            values[row.key] = json.loads(row.value)
    if "workdays" in values:
        values["workdays"] = tuple(values["workdays"])
    if "closed_days" in values:
        values["closed_days"] = tuple((str(d), str(n)) for d, n in values["closed_days"])
    return replace(OfficeSettings(), **values)


def store_settings(session: Session, changes: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Write the given keys; return ``{key: (before, after)}`` for the audit trail."""
    unknown = set(changes) - _FIELDS
    if unknown:
        raise KeyError(f"unknown settings: {sorted(unknown)}")
    before = asdict(load_settings(session))
    diff: dict[str, tuple[Any, Any]] = {}
    for key, value in changes.items():
        value = _plain(value)
        old = _plain(before[key])
        if old == value:
            continue
        row = session.get(Setting, key)
        text = json.dumps(value, ensure_ascii=False)
        if row is None:
            session.add(Setting(key=key, value=text))
        else:
            row.value = text
        diff[key] = (old, value)
    session.flush()
    return diff


def _plain(value: Any) -> Any:
    """JSON's shape of a value: tuples (workdays, closed days) as lists, all the way down."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value

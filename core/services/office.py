"""설정: office settings and the category taxonomy (admin)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, time

from sqlalchemy import func, select

from core.db.models import Category
from core.errors import NotFound
from core.procedure.enums import AckRule
from core.procedure.limits import MAX_LEN
from core.procedure.office import OfficeSettings
from core.procedure.permissions import Permission
from core.procedure.validation import Checker, clean_text
from core.services.base import Tx, service
from core.services.common import get_row
from core.store.settings import store_settings

_INTS = {
    "ack_business_hours": (1, 240),
    "resolve_days_normal": (1, 120),
    "resolve_days_important": (1, 120),
    "progress_interval_days": (1, 60),
    "followup_delay_days": (0, 60),
    "approval_threshold": (0, 1_000_000_000),
    "idle_lock_minutes": (1, 240),
    "retention_years": (1, 10),
    "winback_score": (1, 5),
}


@service(Permission.CASE_VIEW, write=False)
def get_settings(tx: Tx) -> OfficeSettings:
    return tx.settings


@service(Permission.SETTINGS_MANAGE)
def update_settings(tx: Tx, **changes: object) -> OfficeSettings:
    """Change office settings; every value checked, every change audited."""
    c = Checker()
    clean: dict[str, object] = {}
    for key, value in changes.items():
        if key in _INTS:
            lo, hi = _INTS[key]
            if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
                c.fail(key, "out_of_range", min=lo, max=hi)
            else:
                clean[key] = value
        elif key in ("office_name", "office_contact"):
            required, limit = key == "office_name", MAX_LEN[f"settings.{key}"]
            clean[key] = c.text(key, str(value), required=required, max_len=limit)
        elif key == "case_prefix":
            prefix = str(value).strip().upper()
            if not (1 <= len(prefix) <= 6 and prefix.isascii() and prefix.isalnum()):
                c.fail(key, "bad_prefix")
            clean[key] = prefix
        elif key in ("office_start", "office_end"):
            try:
                clean[key] = time.fromisoformat(str(value)).strftime("%H:%M")
            except ValueError:
                c.fail(key, "bad_time")
        elif key == "workdays":
            days = list(value) if isinstance(value, (list, tuple)) else []
            if not days or not all(type(d) is int and 0 <= d <= 6 for d in days):
                c.fail(key, "bad_workdays")
            else:
                clean[key] = sorted(set(days))
        elif key == "ack_rule":
            rule = c.choice(key, str(value), AckRule)
            if rule is not None:
                clean[key] = rule.value
        elif key == "closed_days":
            closed = _closed_days(c, value)
            if closed is not None:
                clean[key] = closed
        else:
            c.fail(key, "unknown_setting")
    current = asdict(tx.settings)
    start = clean.get("office_start", current["office_start"])
    end = clean.get("office_end", current["office_end"])
    if str(start) >= str(end):
        c.fail("office_end", "before_start")
    c.done()
    diff = store_settings(tx.session, clean)
    if diff:
        tx.audit("settings.update", "settings", None, changes={k: list(v) for k, v in diff.items()})
    tx.forget_settings()
    return tx.settings


def _closed_days(c: Checker, value: object) -> list[list[str]] | None:
    """The office's closed days as sorted [ISO date, name] pairs; None after a problem."""
    pairs = list(value) if isinstance(value, (list, tuple)) else None
    days: dict[str, str] = {}
    for pair in pairs or []:
        try:
            day, name = pair
            iso = date.fromisoformat(str(day)).isoformat()
        except (TypeError, ValueError):
            c.fail("closed_days", "bad_date")
            return None
        label = clean_text(str(name or ""))
        if not label or len(label) > MAX_LEN["settings.closed_day_name"]:
            c.fail("closed_days", "bad_name", max=MAX_LEN["settings.closed_day_name"])
            return None
        days[iso] = label
    if pairs is None:
        c.fail("closed_days", "bad_date")
        return None
    return [[day, days[day]] for day in sorted(days)]


@service(Permission.SETTINGS_MANAGE)
def save_category(
    tx: Tx,
    *,
    code: str,
    name_ko: str,
    name_en: str,
    parent_code: str | None = None,
    active: bool = True,
    category_id: int | None = None,
) -> int:
    """Add a category, or rename / (de)activate one. Categories in use are never removed."""
    c = Checker()
    code = clean_text(code).lower()
    if (
        not code
        or len(code) > MAX_LEN["category.code"]
        or not all(ch.isalnum() or ch in "._-" for ch in code)
    ):
        c.fail("code", "bad_code")
    parent_code = clean_text(parent_code) or None
    ko = c.text("name_ko", name_ko, required=True, max_len=MAX_LEN["category.name_ko"])
    en = c.text("name_en", name_en, required=True, max_len=MAX_LEN["category.name_en"])
    parent = None
    if parent_code:
        parent = tx.session.scalar(select(Category).where(Category.code == parent_code))
        if parent is None or parent.parent_id is not None:
            c.fail("parent", "unknown_value", value=parent_code)  # two levels only
    existing = tx.session.scalar(select(Category).where(Category.code == code))
    if existing is not None and existing.id != category_id:
        c.fail("code", "duplicate")
    c.done()
    if category_id is None:
        max_order = tx.session.scalar(select(func.max(Category.sort_order))) or 0
        made = Category(
            code=code,
            name_ko=ko,
            name_en=en,
            parent_id=parent.id if parent else None,
            active=active,
            sort_order=max_order + 1,
        )
        tx.session.add(made)
        tx.session.flush()
        tx.audit("category.create", "category", made.id, changes={"code": code, "name_ko": ko})
        return made.id
    cat = get_row(tx, Category, category_id)
    if cat is None:
        raise NotFound(entity="category", id=category_id)
    changes = {}
    for key, value in (
        ("code", code),
        ("name_ko", ko),
        ("name_en", en),
        ("active", active),
        ("parent_id", parent.id if parent else None),
    ):
        if getattr(cat, key) != value:
            changes[key] = [getattr(cat, key), value]
            setattr(cat, key, value)
    if changes:
        tx.audit("category.update", "category", cat.id, changes=changes)
    return cat.id

"""The office's own setup: its settings, its staff accounts and its categories.

Settings and categories are shown by many windows (deadlines, the intake's choices):
after they change, ``Desk.settings_changed`` tells them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core import services as sv
from gui.desk.operations import Desk, Done, Failed


def _then_settings_changed(desk: Desk, on_done: Done) -> Done:
    def done(result: Any) -> None:
        desk.settings_changed.emit()
        if on_done is not None:
            on_done(result)

    return done


def update_settings(
    desk: Desk,
    *,
    changes: Mapping[str, object],
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """Save the office's settings; ``on_done`` gets them as saved."""
    desk.run(
        sv.update_settings,
        **changes,
        on_done=_then_settings_changed(desk, on_done),
        on_error=on_error,
    )


def save_category(
    desk: Desk,
    *,
    category_id: int | None,
    code: str,
    name_ko: str,
    name_en: str,
    parent_code: str | None,
    active: bool,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """Add a category (``category_id`` None) or change one."""
    desk.run(
        sv.save_category,
        code=code,
        name_ko=name_ko,
        name_en=name_en,
        parent_code=parent_code,
        active=active,
        category_id=category_id,
        on_done=_then_settings_changed(desk, on_done),
        on_error=on_error,
    )


def create_user(
    desk: Desk,
    *,
    username: str,
    display_name: str,
    role: str,
    password: str,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(
        sv.create_user,
        username=username,
        display_name=display_name,
        role=role,
        password=password,
        on_done=on_done,
        on_error=on_error,
    )


def update_user(
    desk: Desk,
    *,
    user_id: int,
    role: str,
    active: bool,
    new_password: str | None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """Change a user's role or state; a new password only when one is given."""
    desk.run(
        sv.update_user,
        user_id,
        role=role,
        active=active,
        new_password=new_password,
        on_done=on_done,
        on_error=on_error,
    )

"""resolution hours and satisfaction on the case, and indexes for the period summaries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import json
from datetime import UTC, time

import sqlalchemy as sa
from alembic import op

SUMMARY_COLUMNS = [
    "received_at",
    "nature",
    "category_id",
    "channel",
    "closure",
    "assignee_id",
    "received_by_name",
    "acknowledged_at",
    "ack_due",
    "resolved_at",
    "resolve_due",
    "satisfaction",
    "resolution_business_hours",
]

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("resolution_business_hours", sa.Float(), nullable=True))
        batch.add_column(sa.Column("satisfaction", sa.Integer(), nullable=True))
    op.create_index("ix_cases_closed", "cases", ["closed_at", "received_at"])
    op.create_index("ix_cases_summary", "cases", SUMMARY_COLUMNS)
    op.create_index("ix_cases_customer_received", "cases", ["customer_id", "received_at"])
    _backfill()


def _backfill() -> None:
    """Cases resolved before this release get their hours from the office's calendar."""
    from core.procedure.calendar import BusinessCalendar, OfficeHours

    bind = op.get_bind()
    settings = {
        k: json.loads(v) for k, v in bind.execute(sa.text("SELECT key, value FROM settings"))
    }
    calendar = BusinessCalendar(
        OfficeHours(
            start=time.fromisoformat(settings.get("office_start", "09:00")),
            end=time.fromisoformat(settings.get("office_end", "18:00")),
            workdays=frozenset(settings.get("workdays", [0, 1, 2, 3, 4])),
        ),
        tz=settings.get("timezone", "Asia/Seoul"),
    )
    rows = bind.execute(
        sa.text("SELECT id, received_at, resolved_at FROM cases WHERE resolved_at IS NOT NULL")
    ).all()
    updates = []
    for case_id, received, resolved in rows:
        received, resolved = (_aware(received), _aware(resolved))
        updates.append({"i": case_id, "h": calendar.business_hours_between(received, resolved)})
    if updates:
        bind.execute(
            sa.text("UPDATE cases SET resolution_business_hours = :h WHERE id = :i"), updates
        )
    # The latest answered follow-up's satisfaction of each case.
    bind.execute(
        sa.text(
            "UPDATE cases SET satisfaction = (SELECT f.satisfaction FROM follow_ups f "
            "WHERE f.case_id = cases.id AND f.status = 'done' ORDER BY f.id DESC LIMIT 1)"
        )
    )


def _aware(value):
    from datetime import datetime

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def downgrade() -> None:
    op.drop_index("ix_cases_summary", "cases")
    op.drop_index("ix_cases_customer_received", "cases")
    op.drop_index("ix_cases_closed", "cases")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("satisfaction")
        batch.drop_column("resolution_business_hours")

"""cases.repeat_customer: the customer had complained before this case

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

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
    "customer_id",
]


def upgrade() -> None:
    # A plain ADD COLUMN: a batch (table copy) on SQLite would trip over the triggers that
    # name the cases table.
    op.add_column(
        "cases",
        sa.Column("repeat_customer", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute(
        "UPDATE cases SET repeat_customer = "
        + ("1" if op.get_bind().dialect.name == "sqlite" else "true")
        + " WHERE EXISTS (SELECT 1 FROM cases AS e WHERE e.customer_id = cases.customer_id "
        "AND (e.received_at < cases.received_at "
        "OR (e.received_at = cases.received_at AND e.id < cases.id)))"
    )
    # The summary's covering index gains the flag (a month's repeat complainants).
    op.drop_index("ix_cases_summary", "cases")
    op.create_index("ix_cases_summary", "cases", [*SUMMARY_COLUMNS, "repeat_customer"])


def downgrade() -> None:
    op.drop_index("ix_cases_summary", "cases")
    op.drop_column("cases", "repeat_customer")  # SQLite 3.35+ drops a column in place
    op.create_index("ix_cases_summary", "cases", SUMMARY_COLUMNS)

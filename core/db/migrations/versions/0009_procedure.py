"""the whole procedure: compensation answered and delivered, waiting for the customer,
win-back, the acknowledgement rule each case was given, improvements as a register

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.types import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _cases() -> tuple[sa.Column, ...]:
    return (
        sa.Column("backdate_reason", sa.Text(), nullable=True),
        sa.Column("ack_rule", sa.String(20), nullable=True),
        sa.Column("waiting_since", UTCDateTime(), nullable=True),
        sa.Column("waiting_until", UTCDateTime(), nullable=True),
        sa.Column("waiting_reason", sa.Text(), nullable=True),
        sa.Column("winback_due", UTCDateTime(), nullable=True),
    )


def _compensations() -> tuple[sa.Column, ...]:
    return (
        sa.Column("approval_override", sa.Text(), nullable=True),
        sa.Column("chosen_amount", sa.Integer(), nullable=True),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
        sa.Column("answered_by_name", sa.String(100), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("delivered_by_id", sa.Integer(), nullable=True),
        sa.Column("delivered_by_name", sa.String(100), nullable=True),
        sa.Column("delivery_ref", sa.String(100), nullable=True),
        sa.Column("delivery_note", sa.Text(), nullable=True),
    )


def _improvements() -> tuple[sa.Column, ...]:
    return (
        sa.Column("kind", sa.String(20), nullable=False, server_default="corrective"),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        sa.Column("verified_at", UTCDateTime(), nullable=True),
    )


def upgrade() -> None:
    # Plain ADD COLUMNs (no table copy on SQLite), as in 0005 and 0008.
    for column in _cases():
        op.add_column("cases", column)
    for column in _compensations():
        op.add_column("compensations", column)
    for column in _improvements():
        op.add_column("improvements", column)
    # Every case so far was given 24 office hours to be acknowledged; the record says so,
    # so a changed rule never moves a deadline already printed on a receipt.
    op.execute("UPDATE cases SET ack_rule = 'business_hours'")
    op.create_index("ix_cases_winback", "cases", ["winback_due"])


def downgrade() -> None:
    op.drop_index("ix_cases_winback", "cases")
    # Waiting is a status the earlier releases do not know: such cases go back to 처리중.
    op.execute("UPDATE cases SET status = 'in_progress' WHERE status = 'waiting'")
    op.execute("UPDATE improvements SET status = 'done' WHERE status = 'verified'")
    # In place (SQLite 3.35+), as in 0005: a batch copy would trip over the cases' triggers.
    for table, columns in (
        ("improvements", _improvements()),
        ("compensations", _compensations()),
        ("cases", _cases()),
    ):
        for column in columns:
            op.drop_column(table, column.name)

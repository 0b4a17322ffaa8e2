"""customers.phone_last4: the last four digits of the phone number, indexed

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Customers asked for their number often say only its end ("끝번호 5678"); the
    # repeat-customer look-up finds them by it. A number (0-9999) is half the size of the
    # text in the index. A plain ADD COLUMN, as in 0005 (no table copy on SQLite).
    op.add_column("customers", sa.Column("phone_last4", sa.Integer(), nullable=True))
    last4 = (
        "substr(phone_digits, -4)"
        if op.get_bind().dialect.name == "sqlite"
        else "right(phone_digits, 4)"
    )
    # phone_digits holds digits only (core.procedure.validation.phone_digits).
    op.execute(
        f"UPDATE customers SET phone_last4 = CAST({last4} AS INTEGER) "
        "WHERE phone_digits IS NOT NULL AND length(phone_digits) >= 4"
    )
    op.create_index("ix_customers_phone_last4", "customers", ["phone_last4"])


def downgrade() -> None:
    op.drop_index("ix_customers_phone_last4", "customers")
    op.drop_column("customers", "phone_last4")

"""a personal-data access record can name the customers a list showed (``pii_access.shown``):
one record per list, queue or search that showed customers' names.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("pii_access")}
    if "shown" in have:  # kept by a downgrade (see there)
        return
    # In place (no batch copy): the table's guarding triggers stay as they are.
    op.add_column("pii_access", sa.Column("shown", sa.Text(), nullable=True))


def downgrade() -> None:
    # The column stays: the records that name customers hash with it, and an older release
    # reads only the columns it knows.
    pass

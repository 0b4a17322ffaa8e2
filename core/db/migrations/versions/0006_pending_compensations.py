"""a small index of the compensations awaiting approval (the supervisors' queue)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending_approval'")


def upgrade() -> None:
    # Almost every compensation is settled, so the planner's statistics make the status
    # index look useless and it read all of them (0.4 s at a million cases); this partial
    # index holds only the few that wait.
    op.create_index(
        "ix_compensations_pending",
        "compensations",
        ["case_id"],
        sqlite_where=PENDING,
        postgresql_where=PENDING,
    )


def downgrade() -> None:
    op.drop_index("ix_compensations_pending", "compensations")

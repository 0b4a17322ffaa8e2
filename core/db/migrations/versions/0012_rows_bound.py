"""every audit event carries the digests of the rows it wrote (``states``), so a change made
past the app is caught by the check; ``audit_head.states_bound`` says whether the rows a
register already holds were bound once (core.store.audit.bind_rows_once does that when the
data is next opened, through the app's own code).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("audit_events")}
    if "states" in have:  # kept by a downgrade (see there)
        return
    op.add_column("audit_events", sa.Column("states", sa.Text(), nullable=True))
    op.add_column(
        "audit_head",
        sa.Column("states_bound", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    # The columns stay: the events already chained hash with their states, and an older
    # release reads only the columns it knows. The rows it changes are bound again when
    # this release next opens the data.
    op.execute(sa.text("UPDATE audit_head SET states_bound = :no").bindparams(no=False))

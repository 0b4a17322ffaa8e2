"""kept monthly summary figures, day change stamps, and the unsettled-cases index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.types import UTCDateTime

revision = "0003"
down_revision = "0002"
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
]
# Cases whose 24-hour or overdue test depends on the moment the summary is taken for.
# Covering: the live count over them reads the index alone.
UNSETTLED_COLUMNS = [
    "received_at",
    "acknowledged_at",
    "ack_due",
    "resolved_at",
    "resolve_due",
    "closure",
]
UNSETTLED = "acknowledged_at IS NULL OR (resolved_at IS NULL AND closure IS NULL)"

BUMP_SQLITE = (
    "INSERT INTO case_day_changes (day, changes) {source} "
    "ON CONFLICT (day) DO UPDATE SET changes = changes + 1;"
)


def upgrade() -> None:
    op.create_table(
        "case_day_changes",
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("changes", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "summary_months",
        sa.Column("start_at", UTCDateTime(), primary_key=True),
        sa.Column("end_at", UTCDateTime(), primary_key=True),
        sa.Column("stamp", sa.Integer(), nullable=False),
        sa.Column("layout", sa.Integer(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
    )
    # The covering index gains the customer, so a month's complainants come from it too.
    op.drop_index("ix_cases_summary", "cases")
    op.create_index("ix_cases_summary", "cases", [*SUMMARY_COLUMNS, "customer_id"])
    op.create_index(
        "ix_cases_unsettled",
        "cases",
        UNSETTLED_COLUMNS,
        sqlite_where=sa.text(UNSETTLED),
        postgresql_where=sa.text(UNSETTLED),
    )
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()
    else:
        _postgresql_triggers()
    # Every day that has cases starts with a stamp, so stamps only ever grow from here.
    op.execute(
        "INSERT INTO case_day_changes (day, changes) "
        + (
            "SELECT DISTINCT substr(received_at, 1, 10), 1 FROM cases"
            if op.get_bind().dialect.name == "sqlite"
            else "SELECT DISTINCT to_char(received_at, 'YYYY-MM-DD'), 1 FROM cases"
        )
    )


def _sqlite_triggers() -> None:
    day = "substr({}.received_at, 1, 10)"
    op.execute(
        "CREATE TRIGGER case_day_insert AFTER INSERT ON cases BEGIN "
        + BUMP_SQLITE.format(source=f"VALUES ({day.format('NEW')}, 1)")
        + " END"
    )
    op.execute(
        "CREATE TRIGGER case_day_update AFTER UPDATE ON cases BEGIN "
        + BUMP_SQLITE.format(source=f"VALUES ({day.format('NEW')}, 1)")
        + BUMP_SQLITE.format(
            source=f"SELECT {day.format('OLD')}, 1 WHERE {day.format('OLD')} <> {day.format('NEW')}"
        )
        + " END"
    )
    for event in ("INSERT", "UPDATE"):
        op.execute(
            f"CREATE TRIGGER compensation_day_{event.lower()} AFTER {event} ON compensations "
            "BEGIN "
            + BUMP_SQLITE.format(
                source=f"SELECT {day.format('cases')}, 1 FROM cases WHERE cases.id = NEW.case_id"
            )
            + " END"
        )


def _postgresql_triggers() -> None:
    op.execute(
        """
        CREATE FUNCTION bump_case_day() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE d text;
        BEGIN
          IF TG_TABLE_NAME = 'cases' THEN
            d := to_char(NEW.received_at, 'YYYY-MM-DD');
            IF TG_OP = 'UPDATE' AND to_char(OLD.received_at, 'YYYY-MM-DD') <> d THEN
              INSERT INTO case_day_changes AS c (day, changes)
              VALUES (to_char(OLD.received_at, 'YYYY-MM-DD'), 1)
              ON CONFLICT (day) DO UPDATE SET changes = c.changes + 1;
            END IF;
          ELSE
            SELECT to_char(received_at, 'YYYY-MM-DD') INTO d FROM cases WHERE id = NEW.case_id;
          END IF;
          INSERT INTO case_day_changes AS c (day, changes) VALUES (d, 1)
          ON CONFLICT (day) DO UPDATE SET changes = c.changes + 1;
          RETURN NULL;
        END $$
        """
    )
    for table in ("cases", "compensations"):
        op.execute(
            f"CREATE TRIGGER {table}_day_change AFTER INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION bump_case_day()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in (
            "case_day_insert",
            "case_day_update",
            "compensation_day_insert",
            "compensation_day_update",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for table in ("cases", "compensations"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_day_change ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bump_case_day()")
    op.drop_index("ix_cases_unsettled", "cases")
    op.drop_index("ix_cases_summary", "cases")
    op.create_index("ix_cases_summary", "cases", SUMMARY_COLUMNS)
    op.drop_table("summary_months")
    op.drop_table("case_day_changes")

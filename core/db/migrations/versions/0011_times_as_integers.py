"""on SQLite, times are kept as whole microseconds since 1970 (UTC) instead of 26-character
text: 8 bytes where there were 27, in every row and in every index over a time (about 500
bytes a case in a big register). PostgreSQL keeps its own timestamps and is not touched.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TIMES = {
    "audit_events": ["at"],
    "customers": ["consent_at", "created_at", "anonymised_at"],
    "summary_months": ["start_at", "end_at"],
    "users": ["locked_until", "last_login_at", "created_at"],
    "cases": [
        "received_at",
        "incident_at",
        "waiting_since",
        "waiting_until",
        "winback_due",
        "acknowledged_at",
        "resolved_at",
        "closed_at",
        "updated_at",
        "ack_due",
        "resolve_due",
        "progress_due",
        "callback_due",
        "followup_due",
    ],
    "improvements": ["created_at", "closed_at", "updated_at", "verified_at"],
    "actions": ["at"],
    "compensations": ["proposed_at", "decided_at", "answered_at", "settled_at"],
    "contacts": ["at", "promised_next_at"],
    "follow_ups": ["due_at", "done_at"],
    "pii_access": ["at"],
    "resolutions": ["told_at", "at"],
    "status_changes": ["at"],
}

# "2026-03-04 01:11:12.345678" (SQLAlchemy's SQLite text) <-> 1772586672345678.
TO_MICROS = (
    "CAST(strftime('%s', substr({c}, 1, 19)) AS INTEGER) * 1000000 "
    "+ CAST(substr({c} || '.000000', 21, 6) AS INTEGER)"
)
TO_TEXT = (
    "strftime('%Y-%m-%d %H:%M:%S', {c} / 1000000, 'unixepoch') "
    "|| '.' || printf('%06d', {c} % 1000000)"
)

BUMP = (
    "INSERT INTO case_day_changes (day, changes) {source} "
    "ON CONFLICT (day) DO UPDATE SET changes = changes + 1;"
)
DAY_TRIGGERS = (
    "case_day_insert",
    "case_day_update",
    "compensation_day_insert",
    "compensation_day_update",
)


def _day_triggers(day: str) -> None:
    """The change stamps of a case's day (0003), with the day read as ``day`` says."""
    op.execute(
        "CREATE TRIGGER case_day_insert AFTER INSERT ON cases BEGIN "
        + BUMP.format(source=f"VALUES ({day.format('NEW')}, 1)")
        + " END"
    )
    op.execute(
        "CREATE TRIGGER case_day_update AFTER UPDATE ON cases BEGIN "
        + BUMP.format(source=f"VALUES ({day.format('NEW')}, 1)")
        + BUMP.format(
            source=f"SELECT {day.format('OLD')}, 1 WHERE {day.format('OLD')} <> {day.format('NEW')}"
        )
        + " END"
    )
    for event in ("INSERT", "UPDATE"):
        op.execute(
            f"CREATE TRIGGER compensation_day_{event.lower()} AFTER {event} ON compensations "
            "BEGIN "
            + BUMP.format(
                source=f"SELECT {day.format('cases')}, 1 FROM cases WHERE cases.id = NEW.case_id"
            )
            + " END"
        )


def _convert(expression: str, kind: str) -> None:
    for name in DAY_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    # Access records refuse every change; this one keeps what they say, in fewer bytes.
    op.execute("DROP TRIGGER IF EXISTS no_update_pii_access")
    for table, columns in TIMES.items():
        sets = ", ".join(
            f"{c} = CASE WHEN typeof({c}) = '{kind}' THEN {expression.format(c=c)} ELSE {c} END"
            for c in columns
        )
        op.execute(f"UPDATE {table} SET {sets}")
    op.execute(
        "CREATE TRIGGER no_update_pii_access BEFORE UPDATE ON pii_access "
        "BEGIN SELECT RAISE(ABORT, 'access records are never changed'); END"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _convert(TO_MICROS, "text")
    _day_triggers("date({}.received_at / 1000000, 'unixepoch')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _convert(TO_TEXT, "integer")
    _day_triggers("substr({}.received_at, 1, 10)")

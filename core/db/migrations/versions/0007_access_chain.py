"""personal-data access records made tamper-evident: a hash chain and a head row

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
COLUMNS = ("at", "user_id", "user_name", "customer_id", "case_id", "purpose")

pii_access = sa.table(
    "pii_access",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("user_id", sa.Integer),
    sa.column("user_name", sa.String),
    sa.column("customer_id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("purpose", sa.String),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)


def _hash(record_id: int, prev: str, row: dict) -> str:
    # The layout of core.store.access_log.access_hash when this revision was written.
    body = json.dumps(
        [
            record_id,
            row["at"].replace(tzinfo=UTC).isoformat(timespec="microseconds"),
            row["user_id"],
            row["user_name"],
            row["customer_id"],
            row["case_id"],
            row["purpose"],
            prev,
        ],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column("pii_access", sa.Column("prev_hash", sa.String(64), nullable=True))
    op.add_column("pii_access", sa.Column("hash", sa.String(64), nullable=True))
    op.create_table(
        "pii_access_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pii_access_head")),
    )
    # The records so far join the chain in their order. A rolled-back insert on PostgreSQL
    # leaves a gap in the ids, and the chain's ids are its positions: number them afresh
    # (nothing refers to an access record's id).
    old = [
        dict(r._mapping)
        for r in bind.execute(
            sa.select(*(pii_access.c[c] for c in ("id", *COLUMNS))).order_by(pii_access.c.id)
        )
    ]
    prev = GENESIS
    rows = []
    for position, row in enumerate(old, start=1):
        digest = _hash(position, prev, row)
        rows.append({**row, "id": position, "prev_hash": prev, "hash": digest})
        prev = digest
    if rows:
        bind.execute(pii_access.delete())
        for start in range(0, len(rows), 1000):
            bind.execute(pii_access.insert(), rows[start : start + 1000])
    head = sa.table(
        "pii_access_head",
        sa.column("id", sa.Integer),
        sa.column("last_id", sa.Integer),
        sa.column("last_hash", sa.String),
    )
    op.bulk_insert(head, [{"id": 1, "last_id": len(rows), "last_hash": prev}])
    # Access records are evidence: the database refuses to change or delete one.
    if bind.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER no_{verb.lower()}_pii_access BEFORE {verb} ON pii_access "
                "BEGIN SELECT RAISE(ABORT, 'access records are never changed'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% rows are never changed', TG_TABLE_NAME; END $$"
        )
        op.execute(
            "CREATE TRIGGER no_change_pii_access BEFORE UPDATE OR DELETE ON pii_access "
            "FOR EACH ROW EXECUTE FUNCTION refuse_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS no_update_pii_access")
        op.execute("DROP TRIGGER IF EXISTS no_delete_pii_access")
    else:
        op.execute("DROP TRIGGER IF EXISTS no_change_pii_access ON pii_access")
        op.execute("DROP FUNCTION IF EXISTS refuse_change()")
    op.drop_table("pii_access_head")
    op.drop_column("pii_access", "hash")
    op.drop_column("pii_access", "prev_hash")

"""Korean full-text search: letter-pair index of every case

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "search_docs",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("pairs", sa.Text() if sqlite else postgresql.ARRAY(sa.String()), nullable=True),
    )
    if sqlite:
        # Contentless: the pairs are indexed, not stored twice; unicode61 keeps Hangul as is.
        op.execute(
            "CREATE VIRTUAL TABLE case_fts USING fts5("
            "pairs, content='', tokenize='unicode61 remove_diacritics 0')"
        )
    else:
        op.create_index("ix_search_docs_pairs", "search_docs", ["pairs"], postgresql_using="gin")
    _index_existing_cases()


def _index_existing_cases() -> None:
    from sqlalchemy.orm import Session

    from core.store.search import index_all

    with Session(bind=op.get_bind()) as session:
        index_all(session)
        session.flush()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS case_fts")
    op.drop_table("search_docs")

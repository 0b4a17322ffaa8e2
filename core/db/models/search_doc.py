"""The normalised text of each case as the search index holds it (see core.store.search)."""

from __future__ import annotations

from sqlalchemy import ARRAY, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.models.base import Base


class SearchDoc(Base):
    __tablename__ = "search_docs"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    # PostgreSQL: the letter pairs, under a GIN index. SQLite keeps them in FTS5 instead.
    pairs: Mapped[list[str] | None] = mapped_column(
        ARRAY(String()).with_variant(Text(), "sqlite"), nullable=True
    )

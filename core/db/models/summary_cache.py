"""Kept figures of the period summary, and the change stamps that tell when they went stale.

A trigger on ``cases`` and ``compensations`` bumps the counter of the case's received day
(UTC) on every insert and update, in the writing transaction. A month's figures are kept with
the sum of the counters of the days it spans at the moment they were read; they are used only
while that sum is unchanged, so a change to any case of the month is seen at once, whoever
wrote it (the app, the importer, another counter PC) and no cache is ever trusted blindly.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.models.base import Base
from core.db.types import UTCDateTime


class CaseDayChange(Base):
    __tablename__ = "case_day_changes"

    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD, UTC
    changes: Mapped[int] = mapped_column(Integer, default=0)


class SummaryMonth(Base):
    """One month's cut-independent figures (JSON), as of ``stamp``."""

    __tablename__ = "summary_months"

    start_at: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    stamp: Mapped[int] = mapped_column(Integer)
    layout: Mapped[int] = mapped_column(Integer)  # the shape of ``figures``; older ones recomputed
    figures: Mapped[str] = mapped_column(Text)

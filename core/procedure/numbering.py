"""Case numbers: office prefix + year + sequence (GN-2026-000123)."""

from __future__ import annotations

import re


def format_case_no(prefix: str, year: int, no: int) -> str:
    return f"{prefix}-{year}-{no:06d}"


def parse_case_no(prefix: str, case_no: str) -> tuple[int, int] | None:
    """(year, number) of a case number in this office's form, or None."""
    m = re.fullmatch(rf"{re.escape(prefix)}-(\d{{4}})-(\d{{1,9}})", case_no.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None

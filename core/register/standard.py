"""The standard register: the columns this app exports, and the mapping that reads them back."""

from __future__ import annotations

from core.register.mapping import Mapping

# (our field, the heading a Korean office's register uses), in the register's order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("case_no", "접수번호"),
    ("received_at", "접수일시"),
    ("channel", "접수경로"),
    ("customer_name", "고객"),
    ("customer_phone", "연락처"),
    ("category", "분류"),
    ("nature", "성격"),
    ("subject", "제목"),
    ("description", "내용"),
    ("request", "요구사항"),
    ("assignee", "담당자"),
    ("status", "처리상태"),
    ("resolve_due", "처리기한"),
    ("resolved_at", "처리일자"),
    ("result", "처리결과"),
    ("compensation", "보상"),
    ("satisfaction", "만족도"),
    ("revisit_at", "재방문일자"),
)
HEADINGS = [heading for _, heading in COLUMNS]


def standard_mapping() -> Mapping:
    """Reads a register this app exported (or one kept with the same headings)."""
    return Mapping(columns=dict(COLUMNS), values={}, date_format=None, encoding=None, sheet=None)


def is_standard(headings: list[str]) -> bool:
    """True when a file has the standard register's headings (then no mapping is needed)."""
    return set(HEADINGS) <= set(headings)

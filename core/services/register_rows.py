"""Checking an earlier register's rows before anything is written: each row's identity (so
importing a file again adds nothing), its cells read through the mapping, its dates, words and
amounts checked, and either a case ready to write or the reason, with its line number, that
the row cannot be taken. The report the import returns is kept here too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from core.db.models import Case, Category, User
from core.errors import ValidationFailed
from core.procedure import numbering
from core.procedure.enums import Channel, Closure, Nature, Status
from core.procedure.limits import MAX_AMOUNT, MAX_LEN
from core.procedure.office import OfficeSettings
from core.procedure.steps import ASSIGNABLE_ROLES
from core.procedure.validation import Checker, clean_text
from core.register import BadDate, Mapping, SourceRow, parse_when, unescape_formula
from core.services.intake import CustomerInput, IntakeInput, check_fields
from core.services.register_words import (
    CHANNEL_WORDS,
    CLOSURE_WORDS,
    COMP_WORDS,
    NATURE_WORDS,
    STATUS_WORDS,
    word_key,
)
from core.store.bulk import BulkCase
from core.store.settings import load_settings
from core.words.catalogue import tr
from core.words.messages import describe

# Dates a register may hold; outside them a date is a typo (and 0001-01-01 overflows).
FIRST_YEAR, LAST_YEAR = 1900, 2100


class _DateOutOfRange(BadDate):
    """A date that reads, but lies outside FIRST_YEAR..LAST_YEAR."""


def _shown(value: str | None) -> str:
    """A cell quoted in a reason: enough to find it, not a pasted page."""
    text = value or ""
    return text if len(text) <= 40 else text[:40] + "…"


UNKNOWN_CUSTOMER = "미상"


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    already_here: int = 0
    rejected: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    new_categories: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "already_here": self.already_here,
            "rejected": [{"line": p.line, "reason": p.reason} for p in self.rejected],
            "warnings": [{"line": p.line, "reason": p.reason} for p in self.warnings],
            "new_categories": self.new_categories,
            "dry_run": self.dry_run,
        }


@dataclass
class CheckedRow:
    """One source row, checked and turned into a case to write."""

    line: int
    case: BulkCase
    category_code: str | None  # a known category
    category_name: str | None  # one to create before writing


class RowReader:
    """Turns source rows into checked rows, or into a reason why not."""

    def __init__(self, session: Any, mapping: Mapping, now: datetime, source: str) -> None:
        self.mapping = mapping
        self.now = now
        self.source = source
        self.settings: OfficeSettings = load_settings(session)
        self.tz = self.settings.calendar().tz
        self.refs_here: set[str] = set()
        self.numbers_here: set[str] = set()
        self.refs_seen: dict[str, int] = {}
        self.categories: dict[str, str] = {}
        for c in session.scalars(select(Category)):
            for word in (c.code, c.name_ko, c.name_en):
                self.categories.setdefault(word_key(word), c.code)
        self.users: dict[str, int] = {}
        # Only those who may be given a case (handlers, supervisors): any other name is
        # left unassigned with a warning, as an unknown one is.
        assignable = [r.value for r in ASSIGNABLE_ROLES]
        for u in session.scalars(
            select(User).where(User.active.is_(True), User.role.in_(assignable))
        ):
            self.users.setdefault(word_key(u.display_name), u.id)
            self.users.setdefault(word_key(u.username), u.id)

    def cell(self, source: SourceRow, name: str) -> str:
        heading = self.mapping.columns.get(name)
        if heading is None:
            return ""
        value = clean_text(unescape_formula(source.values.get(heading, "")))
        table = self.mapping.values.get(name)
        if table and value in table:
            value = table[value]
        return value.strip()

    def when(self, value: str, *, end_of_day: bool = False) -> datetime:
        parsed = parse_when(value, self.mapping.date_format)
        if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            raise _DateOutOfRange(value)  # 0001-01-01 cannot even be moved to UTC
        if isinstance(parsed, datetime):
            return parsed.replace(tzinfo=self.tz)
        return datetime.combine(parsed, time(23, 59) if end_of_day else time(0), self.tz)

    def identity(self, source: SourceRow) -> tuple[str | None, str | None]:
        """(reference, this office's case number) of a row, for "import again adds nothing"."""

        def get(name: str) -> str:
            return self.cell(source, name) if name in self.mapping.columns else ""

        case_no = get("case_no")
        own_no = case_no if numbering.parse_case_no(self.settings.case_prefix, case_no) else None
        ref = get("external_ref") or (case_no if case_no and not own_no else "") or None
        if ref is None and own_no is None:
            # No reference column: the row's own content identifies it, so importing the
            # same file twice still adds nothing.
            content = "\x1f".join(
                get(k) for k in ("received_at", "subject", "description", "customer_name")
            )
            ref = "row:" + hashlib.sha256(content.encode()).hexdigest()[:32]
        return ref, own_no

    def look_up_existing(
        self, session: Any, identities: list[tuple[str | None, str | None]]
    ) -> None:
        """Which of the file's references and case numbers are here already (only those are
        read, not the whole register)."""
        refs = sorted({r for r, _ in identities if r and len(r) <= 100})
        numbers = sorted({n for _, n in identities if n})
        for start in range(0, len(refs), 5000):
            chunk = refs[start : start + 5000]
            self.refs_here.update(
                session.scalars(select(Case.external_ref).where(Case.external_ref.in_(chunk)))
            )
        for start in range(0, len(numbers), 5000):
            chunk = numbers[start : start + 5000]
            self.numbers_here.update(
                session.scalars(select(Case.case_no).where(Case.case_no.in_(chunk)))
            )

    def read(
        self,
        source: SourceRow,
        identity: tuple[str | None, str | None],
        report: ImportReport,
    ) -> CheckedRow | None:
        line = source.line

        def reject(ko: str) -> None:
            report.rejected.append(RowProblem(line, ko))

        text = {name: self.cell(source, name) for name in self.mapping.columns}
        get = text.get
        ref, own_no = identity
        if ref and len(ref) > 100:
            reject(tr("참조번호가 너무 깁니다 (최대 100자)"))
            return None
        if ref:
            if ref in self.refs_seen:
                first = self.refs_seen[ref]
                if ref.startswith("row:"):
                    reject(tr("{first}행과 내용이 같은 행입니다", first=first))
                else:
                    reject(tr("참조번호 중복: {ref} ({first}행과 같음)", ref=ref, first=first))
                return None
            self.refs_seen[ref] = line
            if ref in self.refs_here:
                report.already_here += 1
                return None
        if own_no:
            if own_no in self.refs_seen:
                reject(
                    tr(
                        "접수번호 중복: {own_no} ({first}행과 같음)",
                        own_no=own_no,
                        first=self.refs_seen[own_no],
                    )
                )
                return None
            self.refs_seen[own_no] = line
            if own_no in self.numbers_here:
                report.already_here += 1
                return None

        try:
            if not get("received_at"):
                reject(tr("접수일시가 없습니다"))
                return None
            received_at = self.when(get("received_at") or "")
            resolve_due = (
                self.when(get("resolve_due") or "", end_of_day=True) if get("resolve_due") else None
            )
            resolved_at = self.when(get("resolved_at") or "") if get("resolved_at") else None
            revisit_at = self.when(get("revisit_at") or "") if get("revisit_at") else None
        except _DateOutOfRange as exc:
            reject(
                tr(
                    "날짜가 {first}~{last}년 밖입니다: {text!r}",
                    first=FIRST_YEAR,
                    last=LAST_YEAR,
                    text=_shown(exc.text),
                )
            )
            return None
        except BadDate as exc:
            reject(tr("날짜를 읽을 수 없습니다: {text!r}", text=_shown(exc.text)))
            return None
        if received_at > self.now + timedelta(minutes=5):
            reject(
                tr(
                    "접수일시가 미래입니다: {received_at}",
                    received_at=_shown(get("received_at")),
                )
            )
            return None

        subject = get("subject") or ""
        description = get("description") or ""
        if not subject and not description:
            reject(tr("제목과 내용이 모두 비어 있습니다"))
            return None
        if not subject:
            subject = description.splitlines()[0][:80]
        if len(subject) > MAX_LEN["subject"]:
            subject = subject[: MAX_LEN["subject"] - 1] + "…"
        description = description or subject

        channel = Channel.VISIT.value
        if get("channel"):
            found = CHANNEL_WORDS.get(word_key(get("channel") or ""))
            if found is None:
                reject(tr("알 수 없는 접수경로: {channel}", channel=_shown(get("channel"))))
                return None
            channel = found
        nature = Nature.UNCLASSIFIED.value
        if get("nature"):
            found = NATURE_WORDS.get(word_key(get("nature") or ""))
            if found is None:
                reject(tr("알 수 없는 성격: {nature}", nature=_shown(get("nature"))))
                return None
            nature = found
        status, closure = Status.RECEIVED, None
        if get("status"):
            word = word_key(get("status") or "")
            if word in CLOSURE_WORDS:
                status, closure = Status.CLOSED, Closure(CLOSURE_WORDS[word])
            elif word in STATUS_WORDS:
                status = Status(STATUS_WORDS[word])
                closure = Closure.COMPLETED if status is Status.CLOSED else None
            else:
                reject(tr("알 수 없는 처리상태: {status}", status=_shown(get("status"))))
                return None
        satisfaction = None
        if get("satisfaction"):
            digits = re.sub(r"\D", "", get("satisfaction") or "")
            if not digits or len(digits) > 1 or not 1 <= int(digits) <= 5:
                reject(
                    tr(
                        "만족도는 1~5여야 합니다: {satisfaction}",
                        satisfaction=_shown(get("satisfaction")),
                    )
                )
                return None
            satisfaction = int(digits)
        compensation = None
        if get("compensation"):
            compensation = _read_compensation(get("compensation") or "")
            if compensation[1] > MAX_AMOUNT:
                reject(tr("보상 금액이 너무 큽니다 (최대 {max:,}원)", max=MAX_AMOUNT))
                return None

        category_name = get("category") or None
        category_code = None
        if category_name:
            category_code = self.categories.get(word_key(category_name))
        assignee_id = None
        if get("assignee"):
            assignee_id = self.users.get(word_key(get("assignee") or ""))
            if assignee_id is None:
                report.warnings.append(
                    RowProblem(
                        line,
                        tr(
                            "담당자 '{assignee}'을(를) 찾지 못해 비워 둡니다",
                            assignee=_shown(get("assignee")),
                        ),
                    )
                )

        phone = email = None
        contact = get("customer_phone") or ""
        if "*" in contact:
            contact = ""  # a masked number from another export: nothing to keep
        if "@" in contact:
            email = contact
        elif contact:
            phone = contact
        if get("customer_email"):
            email = get("customer_email")
        customer = CustomerInput(
            name=get("customer_name") or UNKNOWN_CUSTOMER,
            phone=phone,
            email=email,
            # The office already holds these data under its earlier register's consent.
            consent=bool(phone or email),
            consent_purpose="기존 접수대장에서 가져옴",
        )
        intake = IntakeInput(
            customer=customer,
            channel=channel,
            subject=subject,
            description=description,
            request=get("request") or None,
            nature=nature,
            received_at=received_at,
            external_ref=ref,
        )
        checker = Checker()
        f = check_fields(checker, intake, self.now)
        try:
            checker.done()
        except ValidationFailed as exc:
            reject(describe(exc).replace("\n", "; "))
            return None
        closed_at = (revisit_at or resolved_at or received_at) if status is Status.CLOSED else None
        case = BulkCase(
            received_at=f["received_at"],
            customer=f["customer"],
            consent_purpose=customer.consent_purpose if (phone or email) else None,
            channel=f["channel"].value,
            subject=f["subject"],
            description=f["description"],
            nature=f["nature"].value,
            request=f["request"],
            assignee_id=assignee_id,
            external_ref=f["external_ref"],
            own_number=numbering.parse_case_no(self.settings.case_prefix, own_no)
            if own_no
            else None,
            status=status.value,
            closure=closure.value if closure else None,
            resolve_due=resolve_due,
            resolved_at=resolved_at,
            closed_at=closed_at,
            result=get("result") or None,
            compensation=compensation,
            satisfaction=satisfaction,
            revisit_at=revisit_at,
            audit=[("case.import", {"source": self.source, "line": line, "status": status.value})],
        )
        return CheckedRow(
            line, case, category_code, category_name if category_code is None else None
        )


def _read_compensation(value: str) -> tuple[str, int, str | None]:
    """``환불 30,000원`` → (refund, 30000, None); unknown words become ``other`` with a note."""
    amount_text = re.search(r"\d[\d,]*", value)
    digits = amount_text.group().replace(",", "") if amount_text else "0"
    # More digits than any amount: past the limit (and int() refuses 4,300 digits anyway).
    amount = int(digits) if len(digits) <= 15 else MAX_AMOUNT + 1
    word = re.sub(r"[\d,]+\s*(원|KRW|krw|won)?", "", value).strip()
    kind = COMP_WORDS.get(word_key(word)) if word else "other"
    if kind is None:
        return "other", amount, value
    return kind, amount, None

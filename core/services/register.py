"""접수대장 in and out: importing an office's earlier register, exporting ours.

Import reads every row first and reports each one it cannot take with its line number and
reason; the rows it can take go in oldest first (so case numbers follow the calendar), in
transactions of a few hundred, each row inside a savepoint: a crash leaves whole cases or
none, and one bad row costs only itself. Re-importing a file adds nothing: a row whose
reference (or case number) is already here is skipped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.actor import Actor
from core.db.database import Database
from core.db.models import (
    Case,
    Category,
    Compensation,
    Customer,
    FollowUp,
    Resolution,
    User,
)
from core.errors import MissingColumns, ValidationFailed
from core.procedure import numbering
from core.procedure.enums import (
    Channel,
    Closure,
    CompensationStatus,
    FollowUpStatus,
    Nature,
    Status,
)
from core.procedure.office import OfficeSettings
from core.procedure.permissions import Permission, allows, require
from core.procedure.validation import Checker, clean_text, mask_email, mask_phone
from core.register import (
    BadDate,
    Mapping,
    SourceRow,
    check_headings,
    parse_when,
    read_rows,
    unescape_formula,
    write_register,
)
from core.register.standard import HEADINGS, is_standard, standard_mapping
from core.services.base import Tx
from core.services.intake import CustomerInput, IntakeInput, check_fields
from core.services.reports import keep_summary_figures
from core.store.bulk import BulkCase, write_cases
from core.store.settings import load_settings
from core.words.labels import label
from core.words.messages import STATUSES, describe
from core.words.vocab import _CH, _CLOSURE, _COMP

BATCH = 500
# Dates a register may hold; outside them a date is a typo (and 0001-01-01 overflows).
FIRST_YEAR, LAST_YEAR = 1900, 2100
MAX_AMOUNT = 10_000_000_000  # as core.procedure.validation.Checker.amount


class _DateOutOfRange(BadDate):
    """A date that reads, but lies outside FIRST_YEAR..LAST_YEAR."""


def _shown(value: str | None) -> str:
    """A cell quoted in a reason: enough to find it, not a pasted page."""
    text = value or ""
    return text if len(text) <= 40 else text[:40] + "…"


UNKNOWN_CUSTOMER = "미상"
IMPORTED_PARENT = ("imported", "가져온 분류", "Imported")


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
class _Row:
    """One source row, checked and turned into a case to write."""

    line: int
    case: BulkCase
    category_code: str | None  # a known category
    category_name: str | None  # one to create before writing


# ---------------------------------------------------------------- words both ways


def _words(table: dict[str, tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value, (ko, en) in table.items():
        for word in (value, ko, en):
            out[_key(word)] = value
    return out


def _key(word: str) -> str:
    return re.sub(r"[\s·]+", "", word).casefold()


CHANNEL_WORDS = _words(_CH)
STATUS_WORDS = _words(STATUSES)
CLOSURE_WORDS = _words(_CLOSURE)
COMP_WORDS = _words(_COMP)
NATURE_WORDS = _words(
    {n.value: (label(f"na_{n.value}"), label(f"na_{n.value}", "en")) for n in Nature}
)


def _nature_word(value: str, lang: str) -> str:
    return label(f"na_{value}", lang)


def _status_word(case: Case, lang: str) -> str:
    if case.closure in (Closure.INVALID.value, Closure.WITHDRAWN.value):
        ko, en = _CLOSURE[case.closure]
    else:
        ko, en = STATUSES.get(case.status, (case.status, case.status))
    return en if lang == "en" else ko


def _comp_word(kind: str, amount: int, lang: str) -> str:
    ko, en = _COMP.get(kind, (kind, kind))
    if not amount:
        return en if lang == "en" else ko
    return f"{en} {amount:,} KRW" if lang == "en" else f"{ko} {amount:,}원"


# ---------------------------------------------------------------- import


def import_register(
    db: Database,
    actor: Actor,
    path: str | Path,
    mapping: Mapping | None = None,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import ``path`` (.csv or .xlsx). Without a mapping the file must have our headings."""
    require(actor.role, Permission.REGISTER_IMPORT)
    headings, rows = read_rows(
        path,
        encoding=mapping.encoding if mapping else None,
        sheet=mapping.sheet if mapping else None,
    )
    if mapping is None:
        if not is_standard(headings):
            missing = [h for h in HEADINGS if h not in headings]
            raise MissingColumns(columns=missing)
        mapping = standard_mapping()
    missing = check_headings(mapping, headings)
    if missing:
        raise MissingColumns(columns=missing)

    report = ImportReport(dry_run=dry_run)
    with db.unit_of_work(write=False) as uow:
        assert uow.session is not None
        reader = _RowReader(uow.session, mapping, db.clock(), Path(path).name)
        sources = list(rows)
        identities = [reader.identity(source) for source in sources]
        reader.look_up_existing(uow.session, identities)
        checked: list[_Row] = []
        for source, identity in zip(sources, identities, strict=True):
            report.rows += 1
            row = reader.read(source, identity, report)
            if row is not None:
                checked.append(row)
    # Oldest first, so case numbers taken here follow the calendar.
    checked.sort(key=lambda r: (r.case.received_at, r.line))
    if dry_run:
        # Everything a real import does, in one transaction that is never committed: the
        # report names every row that would fail, and nothing is written.
        with db.unit_of_work() as uow:
            assert uow.session is not None
            tx = Tx(uow.session, actor, db.clock())
            for start in range(0, len(checked), BATCH):
                batch = checked[start : start + BATCH]
                _write_batch(tx, batch, reader, report)
                tx.flush_audit()
                report.imported += len(batch)
                if progress:
                    progress(min(start + BATCH, len(checked)), len(checked))
        report.rejected.sort(key=lambda p: p.line)
        return report
    for start in range(0, len(checked), BATCH):
        batch = checked[start : start + BATCH]
        try:
            _commit_batch(db, actor, batch, reader, report)
        except IntegrityError:
            # Someone else wrote one of these meanwhile (another PC importing the same
            # file): the batch went back whole; take its rows one at a time instead.
            for row in batch:
                try:
                    _commit_batch(db, actor, [row], reader, report)
                except IntegrityError:
                    report.already_here += 1
        if progress:
            progress(min(start + BATCH, len(checked)), len(checked))
    report.rejected.sort(key=lambda p: p.line)
    if report.imported:
        keep_summary_figures(db, Actor.system())
        db.analyze()
    return report


def _commit_batch(
    db: Database, actor: Actor, rows: list[_Row], reader: _RowReader, report: ImportReport
) -> None:
    """The rows in a transaction of their own; counted as imported once it is committed."""
    with db.unit_of_work() as uow:
        assert uow.session is not None
        tx = Tx(uow.session, actor, db.clock())
        _write_batch(tx, rows, reader, report)
        tx.flush_audit()
        uow.commit()
    report.imported += len(rows)


def _write_batch(tx: Tx, rows: list[_Row], reader: _RowReader, report: ImportReport) -> None:
    """The batch's cases in one go; categories it names that are new are made first."""
    categories = _CategoryMaker(tx)
    for row in rows:
        code = row.category_code or categories.code_for(row.category_name, report)
        row.case.category_id = categories.id_of(code) if code else None
    write_cases(tx, [r.case for r in rows], reason=f"접수대장에서 가져옴 ({reader.source})")


class _RowReader:
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
                self.categories.setdefault(_key(word), c.code)
        self.users: dict[str, int] = {}
        for u in session.scalars(select(User).where(User.active.is_(True))):
            self.users.setdefault(_key(u.display_name), u.id)
            self.users.setdefault(_key(u.username), u.id)

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
    ) -> _Row | None:
        line = source.line

        def reject(ko: str) -> None:
            report.rejected.append(RowProblem(line, ko))

        text = {name: self.cell(source, name) for name in self.mapping.columns}
        get = text.get
        ref, own_no = identity
        if ref and len(ref) > 100:
            reject("참조번호가 너무 깁니다 (최대 100자)")
            return None
        if ref:
            if ref in self.refs_seen:
                first = self.refs_seen[ref]
                reject(
                    f"{first}행과 내용이 같은 행입니다"
                    if ref.startswith("row:")
                    else f"참조번호 중복: {ref} ({first}행과 같음)"
                )
                return None
            self.refs_seen[ref] = line
            if ref in self.refs_here:
                report.already_here += 1
                return None
        if own_no:
            if own_no in self.refs_seen:
                reject(f"접수번호 중복: {own_no} ({self.refs_seen[own_no]}행과 같음)")
                return None
            self.refs_seen[own_no] = line
            if own_no in self.numbers_here:
                report.already_here += 1
                return None

        try:
            if not get("received_at"):
                reject("접수일시가 없습니다")
                return None
            received_at = self.when(get("received_at") or "")
            resolve_due = (
                self.when(get("resolve_due") or "", end_of_day=True) if get("resolve_due") else None
            )
            resolved_at = self.when(get("resolved_at") or "") if get("resolved_at") else None
            revisit_at = self.when(get("revisit_at") or "") if get("revisit_at") else None
        except _DateOutOfRange as exc:
            reject(f"날짜가 {FIRST_YEAR}~{LAST_YEAR}년 밖입니다: {_shown(exc.text)!r}")
            return None
        except BadDate as exc:
            reject(f"날짜를 읽을 수 없습니다: {_shown(exc.text)!r}")
            return None
        if received_at > self.now + timedelta(minutes=5):
            reject(f"접수일시가 미래입니다: {_shown(get('received_at'))}")
            return None

        subject = get("subject") or ""
        description = get("description") or ""
        if not subject and not description:
            reject("제목과 내용이 모두 비어 있습니다")
            return None
        if not subject:
            subject = description.splitlines()[0][:80]
        if len(subject) > 200:
            subject = subject[:199] + "…"
        description = description or subject

        channel = Channel.VISIT.value
        if get("channel"):
            found = CHANNEL_WORDS.get(_key(get("channel") or ""))
            if found is None:
                reject(f"알 수 없는 접수경로: {_shown(get('channel'))}")
                return None
            channel = found
        nature = Nature.UNCLASSIFIED.value
        if get("nature"):
            found = NATURE_WORDS.get(_key(get("nature") or ""))
            if found is None:
                reject(f"알 수 없는 성격: {_shown(get('nature'))}")
                return None
            nature = found
        status, closure = Status.RECEIVED, None
        if get("status"):
            word = _key(get("status") or "")
            if word in CLOSURE_WORDS:
                status, closure = Status.CLOSED, Closure(CLOSURE_WORDS[word])
            elif word in STATUS_WORDS:
                status = Status(STATUS_WORDS[word])
                closure = Closure.COMPLETED if status is Status.CLOSED else None
            else:
                reject(f"알 수 없는 처리상태: {_shown(get('status'))}")
                return None
        satisfaction = None
        if get("satisfaction"):
            digits = re.sub(r"\D", "", get("satisfaction") or "")
            if not digits or len(digits) > 1 or not 1 <= int(digits) <= 5:
                reject(f"만족도는 1~5여야 합니다: {_shown(get('satisfaction'))}")
                return None
            satisfaction = int(digits)
        compensation = None
        if get("compensation"):
            compensation = _read_compensation(get("compensation") or "")
            if compensation[1] > MAX_AMOUNT:
                reject(f"보상 금액이 너무 큽니다 (최대 {MAX_AMOUNT:,}원)")
                return None

        category_name = get("category") or None
        category_code = None
        if category_name:
            category_code = self.categories.get(_key(category_name))
        assignee_id = None
        if get("assignee"):
            assignee_id = self.users.get(_key(get("assignee") or ""))
            if assignee_id is None:
                report.warnings.append(
                    RowProblem(
                        line, f"담당자 '{_shown(get('assignee'))}'을(를) 찾지 못해 비워 둡니다"
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
        return _Row(line, case, category_code, category_name if category_code is None else None)


def _read_compensation(value: str) -> tuple[str, int, str | None]:
    """``환불 30,000원`` → (refund, 30000, None); unknown words become ``other`` with a note."""
    amount_text = re.search(r"\d[\d,]*", value)
    digits = amount_text.group().replace(",", "") if amount_text else "0"
    # More digits than any amount: past the limit (and int() refuses 4,300 digits anyway).
    amount = int(digits) if len(digits) <= 15 else MAX_AMOUNT + 1
    word = re.sub(r"[\d,]+\s*(원|KRW|krw|won)?", "", value).strip()
    kind = COMP_WORDS.get(_key(word)) if word else "other"
    if kind is None:
        return "other", amount, value
    return kind, amount, None


class _CategoryMaker:
    """Creates the categories an import names that the office does not have yet."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.known: dict[str, str] = {}
        self.ids: dict[str, int] = {}
        for c in tx.session.scalars(select(Category)):
            self.ids[c.code] = c.id
            for word in (c.code, c.name_ko, c.name_en):
                self.known.setdefault(_key(word), c.code)

    def id_of(self, code: str) -> int:
        return self.ids[code]

    def code_for(self, name: str | None, report: ImportReport) -> str | None:
        if not name:
            return None
        code = self.known.get(_key(name))
        if code is not None:
            return code
        parent_code, ko, en = IMPORTED_PARENT
        if _key(parent_code) not in self.known:
            self._add(parent_code, ko, en, None)
        code = "imported." + hashlib.sha1(_key(name).encode()).hexdigest()[:10]
        self._add(code, name[:100], name[:100], parent_code)
        if name not in report.new_categories:
            report.new_categories.append(name)
        return code

    def _add(self, code: str, ko: str, en: str, parent: str | None) -> None:
        parent_id = None
        if parent:
            parent_id = self.tx.session.scalar(select(Category.id).where(Category.code == parent))
        cat = Category(code=code, name_ko=ko, name_en=en, parent_id=parent_id, sort_order=900)
        self.tx.session.add(cat)
        self.tx.session.flush()
        self.ids[code] = cat.id
        self.tx.audit("category.create", "category", cat.id, changes={"code": code, "import": True})
        self.known[_key(code)] = code
        self.known[_key(ko)] = code


# ---------------------------------------------------------------- export


def export_register(
    db: Database,
    actor: Actor,
    path: str | Path,
    *,
    received_from: datetime | None = None,
    received_to: datetime | None = None,
    lang: str = "ko",
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the register (.csv or .xlsx) oldest first; returns how many cases it holds.

    Phone and email are masked unless the user may see them; the export itself is recorded
    as an access to every exported customer's personal data.
    """
    require(actor.role, Permission.REGISTER_EXPORT)
    unmasked = allows(actor.role, Permission.CUSTOMER_PII)
    with db.unit_of_work() as uow:
        assert uow.session is not None
        tx = Tx(uow.session, actor, db.clock())
        rows = list(_register_rows(tx, received_from, received_to, unmasked, lang))
        customers = {customer_id for customer_id, _ in rows}
        for customer in sorted(customers):
            tx.record_pii_access(customer, None, "export")
        tx.audit("register.export", "register", None, changes={"cases": len(rows)})
        count = write_register(path, HEADINGS, (cells for _, cells in rows))
        tx.flush_audit()
        uow.commit()
    if progress:
        progress(count, count)
    return count


def _register_rows(
    tx: Tx,
    received_from: datetime | None,
    received_to: datetime | None,
    unmasked: bool,
    lang: str,
) -> Iterable[tuple[int, list[object]]]:
    tz = tx.settings.calendar().tz
    session = tx.session
    users = dict(session.execute(select(User.id, User.display_name)).all())
    cats = {
        c.id: (c.name_en if lang == "en" else c.name_ko) for c in session.scalars(select(Category))
    }
    stmt = select(Case, Customer).join(Customer, Customer.id == Case.customer_id)
    if received_from is not None:
        stmt = stmt.where(Case.received_at >= received_from)
    if received_to is not None:
        stmt = stmt.where(Case.received_at < received_to)
    stmt = stmt.order_by(Case.received_at, Case.id)

    def when(value: datetime | None) -> str:
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else ""

    for ids in _chunks(session.scalars(stmt.with_only_columns(Case.id)).all(), 1000):
        results = {
            r.case_id: r.result
            for r in session.scalars(select(Resolution).where(Resolution.case_id.in_(ids)))
        }
        comps: dict[int, list[str]] = {}
        for c in session.scalars(
            select(Compensation)
            .where(
                Compensation.case_id.in_(ids),
                Compensation.status.not_in(
                    [CompensationStatus.REJECTED.value, CompensationStatus.DECLINED.value]
                ),
            )
            .order_by(Compensation.id)
        ):
            comps.setdefault(c.case_id, []).append(_comp_word(c.kind, c.amount, lang))
        revisits: dict[int, datetime] = {}
        for f in session.scalars(
            select(FollowUp)
            .where(FollowUp.case_id.in_(ids), FollowUp.status == FollowUpStatus.DONE.value)
            .order_by(FollowUp.id)
        ):
            if f.done_at:
                revisits[f.case_id] = f.done_at
        for case, customer in session.execute(stmt.where(Case.id.in_(ids))):
            contact = customer.phone or customer.email or ""
            if contact and not unmasked:
                contact = mask_phone(contact) if customer.phone else mask_email(contact)
            yield (
                customer.id,
                [
                    case.case_no,
                    when(case.received_at),
                    _CH.get(case.channel, (case.channel, case.channel))[1 if lang == "en" else 0],
                    customer.name,
                    contact,
                    cats.get(case.category_id, "") if case.category_id else "",
                    _nature_word(case.nature, lang),
                    case.subject,
                    case.description,
                    case.request or "",
                    users.get(case.assignee_id, "") if case.assignee_id else "",
                    _status_word(case, lang),
                    when(case.resolve_due),
                    when(case.resolved_at),
                    results.get(case.id, ""),
                    ", ".join(comps.get(case.id, [])),
                    str(case.satisfaction) if case.satisfaction else "",
                    when(revisits.get(case.id)),
                ],
            )


def _chunks(values: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]

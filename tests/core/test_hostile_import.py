"""Hostile registers (hypothesis): whatever a CSV file holds, the import ends in a report
that accounts for every row, or refuses the whole file with a Korean message.

- well-formed files with hostile cells: every row is imported or rejected with its line and
  a reason; what was imported reads back exactly as the intake would have cleaned it; the
  same file again adds nothing; formula-looking cells are stored as text and exported
  escaped for Excel;
- broken files (quoting, encodings, missing columns, stray bytes): the same accounting, or
  a refusal of the file (MissingColumns, FileReadError) that says why in Korean.
"""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from core import services as sv
from core.errors import DeskError
from core.procedure.validation import clean_text
from core.register import FileReadError, escape_formula, read_rows, unescape_formula
from core.register.standard import HEADINGS
from tests.core.hostile import (
    HANGUL,
    MEGABYTE,
    SAMPLES,
    TRIED,
    check_refusal,
    hostile_settings,
    print_tried,
    sometimes,
)

FORMULAS = ["=1+1", "'=1+1", "''=SUM(A1)", "+82 10", "-5 평", "@cmd", '=HYPERLINK("x")', "'-'"]
DATES = [
    "2026-02-03",
    "2026-02-03 14:05",
    "2026년 2월 3일 오후 2시",
    "2026. 2. 3.",
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "2101-01-01",
    "2026-02-30",
    "2026-13-01",
    "２０２６-０２-０３",
    "٢٠٢٦-٠٢-٠٣",
    "2026-02-03 25:00",
    "2026-02-03T10:00:00.1234567",
]
NUMBERS = ["5", "5점", "0", "6", "-1", "9" * 5000, "환불 " + "9" * 30, "환불 30,000원", "1e9"]
# What a file can hold: no lone surrogates (no encoding writes them).
_file_chars = st.characters(codec="utf-8")
cell = st.one_of(
    st.sampled_from([s for s in SAMPLES if s.encode("utf-8", "ignore").decode() == s]),
    st.sampled_from(FORMULAS + DATES + NUMBERS + [MEGABYTE[:200_000], "가" * 20_001]),
    st.text(alphabet=_file_chars, max_size=40),
)
_serial = itertools.count(1)


@pytest.fixture(scope="module", autouse=True)
def _report_tried(request):
    yield
    print_tried(request, "hostile registers tried")


def plain_row(ref: str, n: int) -> dict[str, str]:
    """A row an office could have typed; hostile cells replace some of its values."""
    return {
        "접수번호": ref,
        "접수일시": f"2026-02-{1 + n % 27:02d} 10:{n % 60:02d}",
        "접수경로": "방문",
        "고객": "홍길동",
        "연락처": "010-1234-5678",
        "분류": "",
        "성격": "",
        "제목": f"주차장 조명 {n}",
        "내용": "지하 주차장 조명이 꺼져 있습니다",
        "요구사항": "",
        "담당자": "",
        "처리상태": "",
        "처리기한": "",
        "처리일자": "",
        "처리결과": "",
        "보상": "",
        "만족도": "",
        "재방문일자": "",
    }


@st.composite
def registers(draw, *, hostile_refs: bool = False):
    """Rows with some hostile cells; refs unique across examples unless ``hostile_refs``."""
    batch = next(_serial)
    rows = []
    for i in range(draw(st.integers(min_value=1, max_value=5))):
        row = plain_row(f"H{batch}-{i}", batch * 7 + i)
        columns = HEADINGS if hostile_refs else HEADINGS[1:]
        for heading in draw(st.lists(st.sampled_from(columns), max_size=5, unique=True)):
            row[heading] = draw(cell)
        rows.append(row)
    return rows


def csv_text(headings: list[str], rows: list[dict[str, str]], *, newline: str) -> str:
    out = io.StringIO()
    # Quoted when the lines end in LF alone: a CR inside a cell would otherwise end the record.
    quoting = csv.QUOTE_MINIMAL if newline == "\r\n" else csv.QUOTE_ALL
    writer = csv.writer(out, lineterminator=newline, quoting=quoting)
    writer.writerow(headings)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headings])
    return out.getvalue()


def encode(content: str, how: str) -> bytes:
    if how == "cp949":
        try:
            return content.encode("cp949")
        except UnicodeEncodeError:  # text CP949 cannot hold: UTF-8, as Excel would save it
            return content.encode("utf-8-sig")
    return content.encode(how)


def record_lines(content: str) -> list[int]:
    """The line each record starts on, counted as the importer's report counts them."""
    reader = csv.reader(io.StringIO(content, newline=""))
    next(reader)
    starts, start = [], reader.line_num + 1
    for cells in reader:
        if any(c.strip() for c in cells):
            starts.append(start)
        start = reader.line_num + 1
    return starts


def run_import(db, actor, path):
    """The import, or the refusal of the whole file (which must say why, in Korean)."""
    TRIED["import_register"] += 1
    try:
        return sv.import_register(db, actor, path)
    except DeskError as err:
        check_refusal(err)
        return err
    except FileReadError as err:  # the file itself is unreadable: a sentence for the user
        assert HANGUL.search(str(err)), err
        return err


def check_report(report, lines: list[int] | None) -> None:
    assert report.imported + len(report.rejected) + report.already_here == report.rows
    for problem in report.rejected + report.warnings:
        assert problem.line >= 2 and problem.reason.strip()
        assert HANGUL.search(problem.reason), problem
        assert len(problem.reason) < 400  # a reason, not the pasted cell
        if lines is not None:
            assert problem.line in lines


@dataclass
class Office:
    db: object
    staff: object
    tmp: object

    def cases(self, refs: list[str]) -> dict[str, tuple]:
        with self.db.engine.connect() as conn:  # type: ignore[attr-defined]
            rows = conn.execute(
                text(
                    "SELECT c.external_ref, c.subject, c.description, c.request, u.name "
                    "FROM cases c JOIN customers u ON u.id = c.customer_id"
                )
            ).all()
        return {r[0]: tuple(r[1:]) for r in rows if r[0] in refs}

    def count(self) -> int:
        with self.db.engine.connect() as conn:  # type: ignore[attr-defined]
            return conn.execute(text("SELECT count(*) FROM cases")).scalar_one()


@pytest.fixture
def office(db, staff, tmp_path):
    return Office(db, staff, tmp_path)


def expected(row: dict[str, str]) -> tuple[str, str, str | None, str]:
    """Subject, description, request and customer as the import cleans and completes them."""

    def get(heading: str) -> str:
        return clean_text(unescape_formula(row.get(heading, "").strip())).strip()

    subject, description = get("제목"), get("내용")
    if not subject:
        subject = description.splitlines()[0][:80]
    if len(subject) > 200:
        subject = subject[:199] + "…"
    return (
        clean_text(subject),
        clean_text(description or subject),
        clean_text(get("요구사항")) or None,
        get("고객") or "미상",
    )


@hostile_settings
@given(
    rows=registers(),
    how=st.sampled_from(["utf-8-sig", "utf-8", "cp949"]),
    newline=st.sampled_from(["\r\n", "\n"]),
)
def test_well_formed_registers(office, rows, how, newline):
    db, supervisor = office.db, office.staff.supervisor
    content = csv_text(HEADINGS, rows, newline=newline)
    path = office.tmp / "register.csv"
    path.write_bytes(encode(content, how))
    before = office.count()
    report = run_import(db, supervisor, path)
    assert isinstance(report, sv.ImportReport), report
    lines = record_lines(content)
    assert report.rows == len(lines)
    check_report(report, lines)
    assert office.count() == before + report.imported

    # What went in reads back exactly, cleaned as the intake cleans.
    by_line = dict(zip(lines, rows, strict=True))
    rejected = {p.line for p in report.rejected}
    taken = {row["접수번호"]: row for line, row in by_line.items() if line not in rejected}
    found = office.cases(list(taken))
    assert len(found) == report.imported
    for ref, stored in found.items():
        assert stored == expected(taken[ref]), ref

    # The same file again adds nothing.
    again = run_import(db, supervisor, path)
    assert again.imported == 0 and again.already_here == report.imported
    assert office.count() == before + report.imported

    # Formula-looking text is kept as text, and escaped again on the way out for Excel.
    out = office.tmp / "export.csv"
    sv.export_register(db, supervisor, out)
    _, exported = read_rows(out)
    for source in exported:
        for heading in ("제목", "내용", "고객", "요구사항"):
            value = source.values[heading]
            assert not value or value[0] not in "=+-@\t\r", value
            assert escape_formula(unescape_formula(value)) == value
    assert sv.verify_audit_chain(db, supervisor).ok


def _break(content: str, how: str, cut: int) -> bytes:
    """A file as careless tools leave them."""
    if how == "stray quote":
        at = cut % max(len(content), 1)
        return (content[:at] + '"' + content[at:]).encode("utf-8")
    if how == "utf-16":
        return content.encode("utf-16")
    if how == "latin-1":
        return content.encode("latin-1", "replace")
    if how == "shift_jis":
        return content.encode("shift_jis", "replace")
    if how == "truncated":
        data = content.encode("utf-8-sig")
        return data[: cut % max(len(data), 1)]
    if how == "double bom":
        return b"\xef\xbb\xbf" + content.encode("utf-8-sig")
    if how == "nul bytes":
        return content.encode("utf-8").replace(b",", b"\x00,", 3)
    if how == "random bytes":
        return bytes((cut * 7919 + i * 104729) % 256 for i in range(cut % 300))
    return content.encode("utf-8")


@hostile_settings
@given(
    rows=registers(hostile_refs=True),
    drop=st.lists(st.sampled_from(HEADINGS), max_size=3, unique=True),
    extra=st.lists(st.sampled_from(["비고", "", "접수번호 ", "제목\u200b"]), max_size=2),
    how=st.sampled_from(
        [
            "plain",
            "stray quote",
            "utf-16",
            "latin-1",
            "shift_jis",
            "truncated",
            "double bom",
            "nul bytes",
            "random bytes",
        ]
    ),
    cut=st.integers(min_value=0, max_value=10_000),
    header_only=sometimes(st.just(True), st.just(False)),
)
def test_broken_registers(office, rows, drop, extra, how, cut, header_only):
    db, supervisor = office.db, office.staff.supervisor
    headings = [h for h in HEADINGS if h not in drop] + extra
    content = csv_text(headings, [] if header_only else rows, newline="\r\n")
    path = office.tmp / "broken.csv"
    path.write_bytes(_break(content, how, cut))
    before = office.count()
    result = run_import(db, supervisor, path)
    if isinstance(result, Exception):
        assert office.count() == before  # a refused file leaves nothing behind
        return
    check_report(result, None)
    assert office.count() == before + result.imported
    again = run_import(db, supervisor, path)
    assert isinstance(again, sv.ImportReport) and again.imported == 0
    assert sv.verify_audit_chain(db, supervisor).ok


@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_cells_are_stored_as_text_and_exported_escaped(office, formula):
    db, supervisor = office.db, office.staff.supervisor
    row = plain_row("F-1", 1) | {"제목": formula, "내용": f"{formula} 내용", "고객": formula}
    path = office.tmp / "formula.csv"
    path.write_bytes(csv_text(HEADINGS, [row], newline="\r\n").encode("utf-8-sig"))
    report = sv.import_register(db, supervisor, path)
    assert (report.imported, report.rejected) == (1, [])
    subject, description, _, name = office.cases(["F-1"])["F-1"]
    assert description == unescape_formula(f"{formula} 내용")
    assert subject == unescape_formula(formula) and name == unescape_formula(formula)
    assert not subject.startswith("'") or formula.startswith("''")
    out = office.tmp / "out.csv"
    sv.export_register(db, supervisor, out)
    raw = out.read_text(encoding="utf-8-sig")
    exported = next(csv.DictReader(io.StringIO(raw)))
    assert exported["제목"] == escape_formula(subject) and exported["제목"][0] not in "=+-@"
    assert exported["고객"] == escape_formula(name)

"""Register files in and out: CSV (UTF-8 or CP949, as Korean Excel saves) and xlsx.

Reading yields rows one at a time with the line number the user sees in Excel or a text
editor, so an import report can point at the exact record. Writing guards every cell against
formula injection, since registers are opened in Excel by people who trust them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from core.paths import private
from core.words.catalogue import tr

if TYPE_CHECKING:  # openpyxl loads only when an .xlsx is read or written (start-up time)
    import openpyxl

SHEET_TITLE = "접수대장"

# OWASP CSV injection: these lead characters make Excel evaluate or reinterpret a cell.
_FORMULA_LEADS = "=+-@\t\r"
_NEEDS_ESCAPE = re.compile(r"'*[=+\-@\t\r]")  # apostrophes too, so escaping is reversible
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")
# Characters XML 1.0 (and so xlsx) cannot hold; openpyxl refuses them outright.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

PathArg = str | PathLike[str]


class FileReadError(ValueError):
    """A register file we cannot read; the message is Korean with English in brackets."""


@dataclass(frozen=True)
class SourceRow:
    line: int  # CSV: physical line where the record starts (header = 1); xlsx: sheet row
    values: dict[str, str]  # heading -> cell text, stripped; "" for empty


# ---------------------------------------------------------------- formula escaping


def escape_formula(value: str) -> str:
    """Prefix an apostrophe so Excel shows ``=1+1`` or ``-5`` as text instead of running it."""
    return "'" + value if _NEEDS_ESCAPE.match(value) else value


def unescape_formula(value: str) -> str:
    """Undo :func:`escape_formula`, so an exported register imports back unchanged."""
    return value[1:] if _ESCAPED.match(value) else value


# ---------------------------------------------------------------- reading


def read_rows(
    path: PathArg, *, encoding: str | None = None, sheet: str | None = None
) -> tuple[list[str], Iterator[SourceRow]]:
    """Headings now, records lazily. Values come raw: apply ``unescape_formula`` on import.

    Blank records are skipped, short ones padded with "", cells beyond the headings ignored.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = _csv_records(_decode(path, encoding))
    elif suffix == ".xlsx":
        raw = _xlsx_records(path, sheet)
    else:
        raise FileReadError(
            tr(
                "읽을 수 없는 파일 형식입니다: {name} (only .csv and .xlsx are supported)",
                name=path.name,
            )
        )
    return _with_headings(raw)


def _with_headings(raw: Iterator[tuple[int, list[str]]]) -> tuple[list[str], Iterator[SourceRow]]:
    try:
        headings = next(cells for _, cells in raw if any(cells))
    except StopIteration:
        raise FileReadError(tr("빈 파일입니다 (the file has no header row)")) from None
    except BaseException:
        _close(raw)
        raise
    headings = [_heading(cell) for cell in headings]
    seen: set[str] = set()
    for heading in headings:
        if heading and heading in seen:
            _close(raw)
            raise FileReadError(
                tr(
                    "같은 제목의 열이 두 개 있습니다: {heading} (duplicate column heading)",
                    heading=heading,
                )
            )
        seen.add(heading)
    return headings, _source_rows(headings, raw)


def _source_rows(headings: list[str], raw: Iterator[tuple[int, list[str]]]) -> Iterator[SourceRow]:
    try:
        for line, cells in raw:
            if not any(cells):
                continue
            padded = cells + [""] * (len(headings) - len(cells))
            # Columns without a heading (Excel's stray trailing commas) carry nothing we map.
            values = {h: v for h, v in zip(headings, padded, strict=False) if h}
            yield SourceRow(line, values)
    finally:
        _close(raw)


def _close(raw: Iterator[object]) -> None:
    close = getattr(raw, "close", None)
    if close is not None:
        close()


def _heading(cell: str) -> str:
    return unicodedata.normalize("NFC", cell.lstrip("\ufeff")).strip()


def _decode(path: Path, encoding: str | None) -> str:
    """The whole file as text; CSV from Korean Excel is UTF-8 with BOM or CP949 (EUC-KR)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileReadError(
            tr(
                "파일을 열 수 없습니다: {name} (cannot open file: {strerror})",
                name=path.name,
                strerror=exc.strerror,
            )
        ) from exc
    if encoding:
        candidates = [encoding]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]  # "Unicode text" as Excel saves it
    else:
        candidates = ["utf-8-sig", "cp949"]
    for candidate in candidates:
        try:
            text = data.decode(candidate).lstrip("\ufeff")
        except LookupError as exc:
            raise FileReadError(
                tr(
                    "알 수 없는 인코딩: {candidate} (unknown encoding)",
                    candidate=candidate,
                )
            ) from exc
        except UnicodeDecodeError:
            continue
        if candidate == "cp949" and not encoding and not _reads_as_korean(data[:SAMPLE]):
            break  # Western text that happens to decode as CP949, into nonsense Hangul
        return text
    if not encoding and candidates != ["utf-16"] and _reads_as_western(data[:SAMPLE]):
        # Latin-1 / Windows-1252, as Excel saves CSV on a Western PC.
        return data.decode("cp1252", errors="replace")
    tried = encoding or ("UTF-16" if candidates == ["utf-16"] else "UTF-8, CP949")
    raise FileReadError(
        tr(
            "파일의 문자 인코딩을 알 수 없습니다 ({tried}로 읽지 못함) (cannot decode {name} "
            "as {tried})",
            tried=tried,
            name=path.name,
        )
    )


# How much of a file the encoding guesses look at: a megabyte tells, and keeps them quick.
SAMPLE = 2**20


def _reads_as_korean(data: bytes) -> bool:
    """Whether CP949 bytes look like Korean: KS X 1001's symbols, jamo (ㅋㅋ) and Hangul
    (both bytes 0xA1-0xFE, lead up to 0xC9) against the extension syllables and Hanja that a
    Western file's accented letters, mostly followed by a plain letter, turn into."""
    korean = other = 0
    i, end = 0, len(data)
    while i < end:
        lead = data[i]
        if lead < 0x80:
            i += 1
            continue
        trail = data[i + 1] if i + 1 < end else 0
        if 0xA1 <= lead <= 0xC9 and 0xA1 <= trail <= 0xFE:
            korean += 1
        else:
            other += 1
        i += 2
    return korean >= 4 * other


def _reads_as_western(data: bytes) -> bool:
    """Whether the bytes above ASCII stand alone, as Latin-1 accented letters do (café,
    señor); Korean and garbage come in runs."""
    high = alone = 0
    for i, byte in enumerate(data):
        if byte < 0x80:
            continue
        high += 1
        before = data[i - 1] if i else 0
        after = data[i + 1] if i + 1 < len(data) else 0
        if before < 0x80 and after < 0x80:
            alone += 1
    return high > 0 and alone >= 0.9 * high


def _csv_records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each record with the physical line it starts on; quoted newlines span several lines."""
    # The whole file is in memory already, so a long cell costs nothing more: without this,
    # one cell over 128 KB (a pasted document) stops the whole file instead of its own row,
    # which the importer then rejects as too long.
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileReadError(
                tr(
                    "{start}행의 CSV 형식 오류: {exc} (bad CSV at line {start})",
                    start=start,
                    exc=exc,
                )
            ) from exc
        yield start, [cell.strip() for cell in record]


# An xlsx is a zip of XML. A register of 200,000 long complaints unpacks to a few hundred
# MB; a file that unpacks to more (a 10 MB "zip bomb" once held a 1.2 GB sheet and ran for
# 22 minutes) is refused before anything is parsed.
MAX_XLSX_UNPACKED = 600 * 2**20


def _check_unpacked_size(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile):
        return  # openpyxl says what is wrong with it, in the words below
    if unpacked > MAX_XLSX_UNPACKED:
        raise FileReadError(
            tr(
                "엑셀 파일이 너무 큽니다: 압축을 풀면 {mb:,} MB입니다(최대 {limit:,} MB). "
                "가져오지 않았습니다. 행을 나누어 여러 파일로 저장하거나 CSV로 저장해 "
                "가져오세요. (the .xlsx unpacks to {mb:,} MB, over {limit:,} MB)",
                mb=unpacked // 2**20,
                limit=MAX_XLSX_UNPACKED // 2**20,
            )
        )


def _xlsx_records(path: Path, sheet: str | None) -> Iterator[tuple[int, list[str]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    _check_unpacked_size(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise FileReadError(
            tr(
                "파일을 열 수 없습니다: {name} (cannot open file: {strerror})",
                name=path.name,
                strerror=exc.strerror,
            )
        ) from exc
    except (zipfile.BadZipFile, InvalidFileException, KeyError) as exc:
        raise FileReadError(
            tr(
                "엑셀 파일이 손상되었거나 xlsx가 아닙니다: {name} (not a valid .xlsx file)",
                name=path.name,
            )
        ) from exc
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise FileReadError(tr("시트가 없습니다: {sheet} (no such sheet)", sheet=sheet))
        ws = book[sheet] if sheet is not None else book.active or book.worksheets[0]
    except BaseException:
        book.close()
        raise
    return _xlsx_rows(book, ws)


def _xlsx_rows(book: openpyxl.Workbook, ws: object) -> Iterator[tuple[int, list[str]]]:
    try:
        # Dimensions written by other programs are often stale; read what is really there.
        ws.reset_dimensions()  # type: ignore[attr-defined]
        rows = ws.iter_rows(min_row=1, values_only=True)  # type: ignore[attr-defined]
        for number, row in enumerate(rows, start=1):
            yield number, [_cell_text_in(value) for value in row]
    finally:
        book.close()


def _cell_text_in(value: object) -> str:
    """A cell as the text the user saw, so CSV and xlsx feed the importer the same way."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.microsecond:  # Excel stores times as fractions of a day; undo float noise
            value = (value + timedelta(microseconds=500_000)).replace(microsecond=0)
        if value.time() == time(0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# ---------------------------------------------------------------- writing


def write_register(path: PathArg, headings: list[str], rows: Iterable[list[object]]) -> int:
    """Write a register as .csv (UTF-8 with BOM, CRLF) or .xlsx; returns the data row count.

    Everything is written as text (dates as ``YYYY-MM-DD HH:MM``) so the file reads back the
    same. The file appears only when complete: a failure leaves any old register untouched.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(
            tr(
                "저장할 수 없는 파일 형식입니다: {name} (use .csv or .xlsx)",
                name=path.name,
            )
        )
    # A sibling temp file, so the final rename stays on one disk and is atomic.
    temp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{suffix}")
    try:
        if suffix == ".csv":
            count = _write_csv(temp, headings, rows)
        else:
            count = _write_xlsx(temp, headings, rows)
        private(temp)  # the customers' data: this user's only until they share it
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return count


def _cell_text_out(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return escape_formula(str(value))


def _write_csv(path: Path, headings: list[str], rows: Iterable[list[object]]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow([_cell_text_out(h) for h in headings])
        for row in rows:
            writer.writerow([_cell_text_out(v) for v in row])
            count += 1
    return count


def _write_xlsx(path: Path, headings: list[str], rows: Iterable[list[object]]) -> int:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet(SHEET_TITLE)
    for index, heading in enumerate(headings, start=1):
        ws.column_dimensions[get_column_letter(index)].width = _column_width(heading)
    ws.freeze_panes = "A2"  # the heading row stays visible while scrolling
    bold = Font(bold=True)
    header = []
    for heading in headings:
        cell = WriteOnlyCell(ws, value=_xlsx_text(heading))
        cell.font = bold
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        ws.append([_xlsx_text(v) for v in row])
        count += 1
    book.save(path)
    return count


def _xlsx_text(value: object) -> str:
    # Excel cannot store control characters at all; dropping them beats refusing the export.
    return _XML_ILLEGAL.sub("", _cell_text_out(value))


def _column_width(heading: str) -> float:
    # Hangul is about twice as wide as Latin letters in Excel's default font.
    units = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in heading)
    return float(min(max(units + 4, 12), 50))

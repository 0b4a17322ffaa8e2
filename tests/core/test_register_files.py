"""Register files: the dates, mappings and CSV/xlsx files Korean offices bring to the desk."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from core.register import (
    FIELDS,
    BadDate,
    FileReadError,
    MappingError,
    check_headings,
    escape_formula,
    load_mapping,
    parse_mapping,
    parse_when,
    read_rows,
    unescape_formula,
    write_register,
)

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "testdata" / "complaints_sample.csv"

MAPPING = """
[columns]
received_at = "Date received"
category = "Product"
subject = "Issue"
description = "Consumer complaint narrative"
channel = "Submitted via"
external_ref = "Complaint ID"

[values.channel]
"Web" = "online"
"Postal mail" = "letter"

[options]
date_format = "%Y/%m/%d"
encoding = "cp949"
"""


def _read_all(path: Path, **kwargs: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    headings, rows = read_rows(path, **kwargs)
    return headings, [(row.line, row.values) for row in rows]


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-23", date(2026, 11, 23)),
        ("2026/11/23", date(2026, 11, 23)),
        ("2020/3/18", date(2020, 3, 18)),
        ("2026.11.23", date(2026, 11, 23)),
        ("2026. 11. 23.", date(2026, 11, 23)),
        ("2026년 11월 23일", date(2026, 11, 23)),
        ("  2026-11-23  ", date(2026, 11, 23)),
        ("2026-11-23 14:05", datetime(2026, 11, 23, 14, 5)),
        ("2026-11-23T14:05:30", datetime(2026, 11, 23, 14, 5, 30)),
        ("2026/11/23 14:05", datetime(2026, 11, 23, 14, 5)),
        ("2020/3/18 9:07:01", datetime(2020, 3, 18, 9, 7, 1)),
        ("2026.11.23 14:05:30", datetime(2026, 11, 23, 14, 5, 30)),
        ("2026. 11. 23. 14:05", datetime(2026, 11, 23, 14, 5)),
        ("2026년 11월 23일 14:05", datetime(2026, 11, 23, 14, 5)),
        ("2026년 11월 23일 14시 5분", datetime(2026, 11, 23, 14, 5)),
        ("2026년 11월 23일 오후 2시 5분", datetime(2026, 11, 23, 14, 5)),
        ("2026-11-23 오후 2:05:00", datetime(2026, 11, 23, 14, 5)),
        ("2026-11-23 오전 9:30", datetime(2026, 11, 23, 9, 30)),
        ("2026-11-23 오전 12:10:00", datetime(2026, 11, 23, 0, 10)),
        ("2026-11-23 오후 12:10:00", datetime(2026, 11, 23, 12, 10)),
        ("2026. 11. 23. 오후 2:05:00", datetime(2026, 11, 23, 14, 5)),
    ],
)
def test_parse_when_reads_the_forms_offices_write(text: str, expected: date) -> None:
    result = parse_when(text)
    assert result == expected
    assert type(result) is type(expected)  # a date stays a date: no invented midnight


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",
        "2026-13-01",
        "2026년 2월 30일",
        "garbage",
        "",
        "23/11/2026",
        "2026-11/23",
        "2026-11-23 24:00",
        "2026-11-23 14:61",
        "2026-11-23 오후 14:00",
        "2026-11-23T14:05+09:00",
        "2026-11-2314:05",
        "2026-11-23 and then some",
    ],
)
def test_parse_when_refuses_what_it_cannot_be_sure_of(text: str) -> None:
    with pytest.raises(BadDate) as caught:
        parse_when(text)
    assert repr(text) in str(caught.value)
    assert caught.value.text == text.strip()


def test_parse_when_with_a_format_uses_it_and_still_raises_bad_date() -> None:
    assert parse_when("23/11/2026", "%d/%m/%Y") == date(2026, 11, 23)
    assert type(parse_when("23/11/2026", "%d/%m/%Y")) is date
    assert parse_when("23/11/2026 14:05", "%d/%m/%Y %H:%M") == datetime(2026, 11, 23, 14, 5)
    with pytest.raises(BadDate, match="2026-11-23"):
        parse_when("2026-11-23", "%d/%m/%Y")
    with pytest.raises(BadDate):
        parse_when("30/02/2026", "%d/%m/%Y")


def test_parse_when_passes_cell_values_through() -> None:
    moment = datetime(2026, 11, 23, 14, 5)
    assert parse_when(moment) is moment
    assert parse_when(date(2026, 11, 23)) == date(2026, 11, 23)


# ---------------------------------------------------------------- mapping


def test_parse_mapping_reads_columns_values_and_options() -> None:
    mapping = parse_mapping(MAPPING)
    assert mapping.columns["received_at"] == "Date received"
    assert list(mapping.columns) == [
        "received_at",
        "category",
        "subject",
        "description",
        "channel",
        "external_ref",
    ]
    assert mapping.values == {"channel": {"Web": "online", "Postal mail": "letter"}}
    assert (mapping.date_format, mapping.encoding, mapping.sheet) == ("%Y/%m/%d", "cp949", None)
    assert set(mapping.columns) <= set(FIELDS)


def test_options_are_optional_and_sheet_is_read(tmp_path: Path) -> None:
    path = tmp_path / "map.toml"
    path.write_text('[columns]\nsubject = "제목"\n[options]\nsheet = "접수대장"\n', "utf-8")
    mapping = load_mapping(path)
    assert mapping.columns == {"subject": "제목"}
    assert mapping.values == {}
    assert (mapping.date_format, mapping.encoding, mapping.sheet) == (None, None, "접수대장")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[columns]\nfoo = "Foo"\n', "알 수 없는 필드: foo (unknown field)"),
        ("[columns]\nsubject = 3\n", "non-empty string"),
        ('[columns]\nsubject = ""\n', "non-empty string"),
        ('[options]\nencoding = "cp949"\n', "missing [columns]"),
        (
            '[columns]\nsubject = "Issue"\n[values.channel]\nWeb = "online"\n',
            "channel (values for a field not in [columns])",
        ),
        ('[columns]\nsubject = "Issue"\n[options]\nencoding = "klingon"\n', "unknown encoding"),
        ('[columns]\nsubject = "Issue"\n[options]\ncolour = "red"\n', "unknown option"),
    ],
)
def test_mapping_errors_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(MappingError, match=re.escape(message)):
        parse_mapping(text)


def test_bad_toml_names_the_toml_error() -> None:
    with pytest.raises(MappingError) as caught:
        parse_mapping('[columns]\nsubject = "Issue\n')
    text = str(caught.value)
    assert "bad TOML" in text
    assert "매핑 파일" in text
    assert "line 2" in text  # tomllib's own position, so the user can find the typo
    assert isinstance(caught.value, ValueError)


def test_check_headings_lists_missing_mapped_headings() -> None:
    mapping = parse_mapping(MAPPING)
    present = ["Date received", "Product", " Issue ", "Submitted via"]
    assert check_headings(mapping, present) == ["Consumer complaint narrative", "Complaint ID"]


# ---------------------------------------------------------------- reading CSV

CSV_TEXT = "접수일,제목,내용\r\n2026-11-23,층간소음 민원, 밤마다 쿵쿵 \r\n2026-11-24,주차,\r\n"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp949"])
def test_csv_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "대장.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    headings, rows = _read_all(path)
    assert headings == ["접수일", "제목", "내용"]  # BOM gone from the first heading
    assert rows == [
        (2, {"접수일": "2026-11-23", "제목": "층간소음 민원", "내용": "밤마다 쿵쿵"}),
        (3, {"접수일": "2026-11-24", "제목": "주차", "내용": ""}),
    ]


def test_explicit_encoding_is_used_and_wrong_one_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "대장.csv"
    path.write_bytes(CSV_TEXT.encode("cp949"))
    assert _read_all(path, encoding="euc-kr")[0] == ["접수일", "제목", "내용"]
    with pytest.raises(FileReadError, match="cannot decode"):
        read_rows(path, encoding="utf-8")


def test_unicode_text_from_excel_is_read_as_utf16(tmp_path: Path) -> None:
    path = tmp_path / "대장.csv"
    path.write_bytes(CSV_TEXT.encode("utf-16"))  # with its byte-order mark
    headings, rows = _read_all(path)
    assert headings == ["접수일", "제목", "내용"] and rows[0][1]["제목"] == "층간소음 민원"


def test_a_western_file_is_not_read_as_korean(tmp_path: Path) -> None:
    """Latin-1 bytes also decode as CP949, into Hangul and Hanja nobody wrote."""
    path = tmp_path / "register.csv"
    text = "date,subject,narrative\r\n2026-11-23,Café refund,Résumé of the naïve señor\r\n"
    path.write_bytes(text.encode("cp1252"))
    headings, rows = _read_all(path)
    assert headings == ["date", "subject", "narrative"]
    assert rows == [
        (
            2,
            {
                "date": "2026-11-23",
                "subject": "Café refund",
                "narrative": "Résumé of the naïve señor",
            },
        )
    ]


def test_korean_chat_and_symbols_in_cp949_stay_korean(tmp_path: Path) -> None:
    path = tmp_path / "대장.csv"
    text = "제목,내용\r\n소음,ㅋㅋㅋㅋ ㅠㅠ ※ 「경비」 ㈜한빛 漢字 조금\r\n"
    path.write_bytes(text.encode("cp949"))
    assert _read_all(path)[1][0][1]["내용"] == "ㅋㅋㅋㅋ ㅠㅠ ※ 「경비」 ㈜한빛 漢字 조금"


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_before_parsing(
    tmp_path: Path, monkeypatch
) -> None:
    from core.register import files

    path = tmp_path / "대장.xlsx"
    write_register(path, ["제목", "내용"], [["소음", "쿵쿵 " * 200]] * 2000)
    monkeypatch.setattr(files, "MAX_XLSX_UNPACKED", 2**20)  # 1 MB, so a test file will do
    with pytest.raises(FileReadError, match="압축을 풀면") as refused:
        read_rows(path)
    assert "CSV로 저장해" in str(refused.value)


def test_undecodable_csv_is_a_file_read_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(b"a,b\r\n\xff\xff\xff,\x80\x80\r\n")
    with pytest.raises(FileReadError, match="UTF-8, CP949"):
        read_rows(path)


def test_quoted_newlines_keep_line_numbers_true(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_bytes(
        'id,내용\r\nA,"첫 줄\r\n둘째 줄"\r\nB,한 줄\r\n\r\nC,"a\nb\nc"\r\nD,끝\r\n'.encode()
    )
    headings, rows = _read_all(path)
    assert headings == ["id", "내용"]
    assert [line for line, _ in rows] == [2, 4, 6, 9]
    assert rows[0][1]["내용"] == "첫 줄\r\n둘째 줄"
    assert rows[2][1]["내용"] == "a\nb\nc"


def test_short_rows_padded_long_rows_cut_blank_rows_skipped(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("\ufeff a , b ,c\n1\n,,\n1,2,3,4\n", encoding="utf-8", newline="")
    headings, rows = _read_all(path)
    assert headings == ["a", "b", "c"]
    assert rows == [(2, {"a": "1", "b": "", "c": ""}), (4, {"a": "1", "b": "2", "c": "3"})]


def test_duplicate_headings_empty_files_and_other_types_are_refused(tmp_path: Path) -> None:
    dup = tmp_path / "dup.csv"
    dup.write_text("제목,제목\nx,y\n", encoding="utf-8")
    with pytest.raises(FileReadError, match="duplicate column heading"):
        read_rows(dup)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\r\n\r\n")
    with pytest.raises(FileReadError, match="no header row"):
        read_rows(empty)
    other = tmp_path / "register.xls"
    other.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(FileReadError, match=r"\.xlsx"):
        read_rows(other)
    with pytest.raises(FileReadError, match="cannot open file"):
        read_rows(tmp_path / "missing.csv")


def test_rows_are_read_lazily(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("n\n" + "".join(f"{i}\n" for i in range(1000)), encoding="utf-8")
    headings, rows = read_rows(path)
    assert headings == ["n"]
    assert next(rows).values == {"n": "0"}
    assert next(rows).line == 3
    assert sum(1 for _ in rows) == 998


# ---------------------------------------------------------------- formula escaping


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=1+1", "'=1+1"),
        ("+82 10", "'+82 10"),
        ("-5", "'-5"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=already", "''=already"),  # so that unescaping gives the apostrophe back
        ("층간소음", "층간소음"),
        ("010-1234-5678", "010-1234-5678"),
        ("a=b", "a=b"),
        ("'quoted", "'quoted"),
        ("", ""),
    ],
)
def test_escape_formula_round_trips(value: str, escaped: str) -> None:
    assert escape_formula(value) == escaped
    assert unescape_formula(escaped) == value


def test_unescape_leaves_ordinary_apostrophes_alone() -> None:
    assert unescape_formula("'quoted'") == "'quoted'"
    assert unescape_formula("'") == "'"
    assert unescape_formula("'=1+1") == "=1+1"


# ---------------------------------------------------------------- writing and round trips

HEADINGS = ["접수일", "제목", "내용", "보상액", "처리일"]
ROWS: list[list[object]] = [
    [datetime(2026, 11, 23, 14, 5), "층간소음 민원", "밤 11시 이후\n쿵쿵 소리", 0, None],
    [datetime(2026, 11, 24, 9, 0), "=1+1", "-5", -5, date(2026, 11, 30)],
    [datetime(2026, 11, 25, 17, 30), "@악성", '+1 항의, "따옴표"', 12000.0, None],
]
EXPECTED = [
    {
        "접수일": "2026-11-23 14:05",
        "제목": "층간소음 민원",
        "내용": "밤 11시 이후\n쿵쿵 소리",
        "보상액": "0",
        "처리일": "",
    },
    {
        "접수일": "2026-11-24 09:00",
        "제목": "=1+1",
        "내용": "-5",
        "보상액": "-5",
        "처리일": "2026-11-30",
    },
    {
        "접수일": "2026-11-25 17:30",
        "제목": "@악성",
        "내용": '+1 항의, "따옴표"',
        "보상액": "12000",
        "처리일": "",
    },
]


def _unescaped(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    headings, rows = _read_all(path)
    return headings, [{k: unescape_formula(v) for k, v in values.items()} for _, values in rows]


def test_csv_round_trip_is_identical(tmp_path: Path) -> None:
    path = tmp_path / "대장.csv"
    assert write_register(path, HEADINGS, iter(ROWS)) == 3
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel shows Hangul
    assert raw.count(b"\r\n") == 4  # header + 3 records; the narrative keeps its bare \n
    assert b"'=1+1" in raw  # never a live formula in the file
    assert _unescaped(path) == (HEADINGS, EXPECTED)
    lines = [row.line for row in read_rows(path)[1]]
    assert lines == [2, 4, 5]
    assert parse_when(EXPECTED[0]["접수일"]) == datetime(2026, 11, 23, 14, 5)


def test_xlsx_round_trip_keeps_text_and_neutralises_formulas(tmp_path: Path) -> None:
    path = tmp_path / "대장.xlsx"
    assert write_register(path, HEADINGS, ROWS) == 3
    book = openpyxl.load_workbook(path)
    try:
        ws = book["접수대장"]
        assert ws["A1"].font.bold
        assert ws["B3"].value == "'=1+1"
        assert ws["B3"].data_type == "s"  # text, not a formula Excel would run
        assert ws["D3"].value == "'-5"
    finally:
        book.close()
    headings, rows = _unescaped(path)
    assert headings == HEADINGS
    assert rows == EXPECTED
    assert [row.line for row in read_rows(path)[1]] == [2, 3, 4]


def test_xlsx_native_cells_become_text_like_csv(tmp_path: Path) -> None:
    path = tmp_path / "theirs.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "요약"
    other = book.create_sheet("민원")
    other.append([" 접수일 ", "번호", "금액", "비율", "메모"])
    other.append([datetime(2026, 11, 23, 14, 5), 17, 12000.0, 0.5, " 층간소음 "])
    other.append([None, None, None, None, None])
    other.append([date(2026, 11, 24), None, None, None, None])
    other.append([datetime(2026, 11, 25), 3])
    book.save(path)
    book.close()
    headings, rows = _read_all(path, sheet="민원")
    assert headings == ["접수일", "번호", "금액", "비율", "메모"]
    assert rows == [
        (
            2,
            {
                "접수일": "2026-11-23 14:05:00",
                "번호": "17",
                "금액": "12000",
                "비율": "0.5",
                "메모": "층간소음",
            },
        ),
        (4, {"접수일": "2026-11-24", "번호": "", "금액": "", "비율": "", "메모": ""}),
        (5, {"접수일": "2026-11-25", "번호": "3", "금액": "", "비율": "", "메모": ""}),
    ]
    with pytest.raises(FileReadError, match="no such sheet"):
        read_rows(path, sheet="없는 시트")


def test_unread_xlsx_iterator_does_not_leak(tmp_path: Path) -> None:
    path = tmp_path / "대장.xlsx"
    write_register(path, HEADINGS, ROWS)
    headings, rows = read_rows(path)
    assert headings == HEADINGS
    rows.close()  # stopping early closes the workbook (warnings are errors here)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(FileReadError, match=r"not a valid \.xlsx"):
        read_rows(broken)


def test_failed_write_leaves_the_old_register(tmp_path: Path) -> None:
    path = tmp_path / "대장.csv"
    write_register(path, HEADINGS, ROWS)
    before = path.read_bytes()

    def exploding() -> Iterator[list[object]]:
        yield ["x"]
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_register(path, HEADINGS, exploding())
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["대장.csv"]


# ---------------------------------------------------------------- the CFPB sample


def test_cfpb_sample_reads_completely() -> None:
    if not SAMPLE.exists():
        pytest.skip(f"shared test data absent ({SAMPLE.name} is kept outside the project)")
    headings, rows = read_rows(SAMPLE)
    assert "Complaint ID" in headings
    assert "Date received" in headings
    mapping = parse_mapping(MAPPING)
    assert check_headings(mapping, headings) == []
    count = 0
    last_line = 1
    for row in rows:
        # A day without a time of day: a date, never a datetime (which is a date too).
        assert type(parse_when(row.values["Date received"])) is date, row
        assert row.line > last_line
        last_line = row.line
        count += 1
    with open(SAMPLE, encoding="utf-8-sig", newline="") as f:
        expected = sum(1 for record in csv.reader(f) if any(record)) - 1
    assert count == expected

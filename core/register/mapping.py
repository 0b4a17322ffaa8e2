"""Mapping files: which column of someone else's register holds which of our fields.

A mapping is TOML so an office can keep and edit it next to its register:
``[columns]`` names the source heading for each field, ``[values.<field>]`` translates the
source's words into ours, ``[options]`` says how to read the file.
"""

from __future__ import annotations

import codecs
import tomllib
import unicodedata
from dataclasses import dataclass
from os import PathLike
from typing import Any

from core.words.catalogue import tr

FIELDS: tuple[str, ...] = (
    "received_at",
    "case_no",
    "channel",
    "customer_name",
    "customer_phone",
    "customer_email",
    "category",
    "nature",
    "subject",
    "description",
    "request",
    "assignee",
    "status",
    "resolve_due",
    "resolved_at",
    "result",
    "compensation",
    "satisfaction",
    "revisit_at",
    "external_ref",
)

_TABLES = ("columns", "values", "options")
_OPTIONS = ("date_format", "encoding", "sheet")


class MappingError(ValueError):
    """A mapping file we cannot use; the message is Korean with English in brackets."""


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str]  # our field -> source heading
    values: dict[str, dict[str, str]]  # our field -> {source value: our value}
    date_format: str | None
    encoding: str | None
    sheet: str | None


def _nfc(text: str) -> str:
    # Headings typed on a Mac arrive as decomposed Hangul; compare them composed.
    return unicodedata.normalize("NFC", text).strip()


def load_mapping(path: str | PathLike[str]) -> Mapping:
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as exc:
        raise MappingError(
            tr(
                "매핑 파일을 열 수 없습니다: {strerror} (cannot open mapping file)",
                strerror=exc.strerror,
            )
        ) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MappingError(
            tr("매핑 파일은 UTF-8로 저장해야 합니다 (mapping file must be UTF-8)")
        ) from exc
    return parse_mapping(text)


def parse_mapping(text: str) -> Mapping:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(tr("매핑 파일 형식 오류: {exc} (bad TOML)", exc=exc)) from exc
    for key in data:
        if key not in _TABLES:
            raise MappingError(tr("알 수 없는 항목: {key} (unknown section)", key=key))
    columns = _columns(data.get("columns"))
    values = _values(data.get("values", {}), columns)
    options = _options(data.get("options", {}))
    return Mapping(columns=columns, values=values, **options)


def _columns(table: Any) -> dict[str, str]:
    if table is None:
        raise MappingError(tr("[columns] 항목이 없습니다 (missing [columns])"))
    if not isinstance(table, dict):
        raise MappingError(tr("[columns]는 표여야 합니다 ([columns] must be a table)"))
    if not table:
        raise MappingError(tr("[columns]에 연결된 필드가 없습니다 ([columns] is empty)"))
    columns: dict[str, str] = {}
    for field, heading in table.items():
        if field not in FIELDS:
            raise MappingError(tr("알 수 없는 필드: {field} (unknown field)", field=field))
        if not isinstance(heading, str) or not _nfc(heading):
            raise MappingError(
                tr(
                    "필드 {field}의 열 제목은 비어 있지 않은 문자열이어야 합니다 (column "
                    "heading must be a non-empty string)",
                    field=field,
                )
            )
        columns[field] = _nfc(heading)
    return columns


def _values(table: Any, columns: dict[str, str]) -> dict[str, dict[str, str]]:
    if not isinstance(table, dict):
        raise MappingError(tr("[values]는 표여야 합니다 ([values] must be a table)"))
    values: dict[str, dict[str, str]] = {}
    for field, pairs in table.items():
        if field not in FIELDS:
            raise MappingError(tr("알 수 없는 필드: {field} (unknown field)", field=field))
        if field not in columns:
            raise MappingError(
                tr(
                    "[columns]에 없는 필드의 값 변환: {field} (values for a field not in "
                    "[columns])",
                    field=field,
                )
            )
        if not isinstance(pairs, dict):
            raise MappingError(
                tr("[values.{field}]는 표여야 합니다 (must be a table)", field=field)
            )
        for source, ours in pairs.items():
            if not isinstance(ours, str):
                raise MappingError(
                    tr(
                        "[values.{field}]의 {source} 값은 문자열이어야 합니다 (value must be a "
                        "string)",
                        field=field,
                        source=source,
                    )
                )
        values[field] = {_nfc(source): ours.strip() for source, ours in pairs.items()}
    return values


def _options(table: Any) -> dict[str, str | None]:
    if not isinstance(table, dict):
        raise MappingError(tr("[options]는 표여야 합니다 ([options] must be a table)"))
    options: dict[str, str | None] = dict.fromkeys(_OPTIONS)
    for key, value in table.items():
        if key not in _OPTIONS:
            raise MappingError(tr("알 수 없는 설정: {key} (unknown option)", key=key))
        if not isinstance(value, str) or not value.strip():
            raise MappingError(
                tr("설정 {key}는 문자열이어야 합니다 (option must be a string)", key=key)
            )
        options[key] = value.strip() if key != "date_format" else value
    if options["encoding"] is not None:
        try:
            codecs.lookup(options["encoding"])
        except LookupError as exc:
            raise MappingError(
                tr("알 수 없는 인코딩: {encoding} (unknown encoding)", encoding=options["encoding"])
            ) from exc
    return options


def check_headings(mapping: Mapping, headings: list[str]) -> list[str]:
    """The mapped headings the file lacks, in mapping order: shown before anything is read."""
    present = {_nfc(h) for h in headings}
    missing: list[str] = []
    for heading in mapping.columns.values():
        if heading not in present and heading not in missing:
            missing.append(heading)
    return missing

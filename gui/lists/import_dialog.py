"""접수대장 가져오기: pick a file, see its first rows, map its columns, try, import, read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from core.services.register_files import (
    COLUMNS,
    FIELDS,
    Mapping,
    MappingError,
    load_mapping,
    read_rows,
)
from gui.common.i18n import N_, tr, trn
from gui.common.screen import fit_to_screen
from gui.desk.operations import Desk
from gui.operations.records import import_register

# Our fields as the dialog names them; * marks what a row cannot do without.
FIELD_LABELS = {
    "received_at": N_("접수일시 *"),
    "subject": N_("제목 *"),
    "description": N_("내용"),
    "case_no": N_("접수번호"),
    "external_ref": N_("참조번호 (중복 방지)"),
    "channel": N_("접수경로"),
    "customer_name": N_("고객 이름"),
    "customer_phone": N_("연락처"),
    "customer_email": N_("이메일"),
    "category": N_("분류"),
    "nature": N_("성격"),
    "request": N_("요구사항"),
    "assignee": N_("담당자"),
    "status": N_("처리상태"),
    "resolve_due": N_("처리기한"),
    "resolved_at": N_("처리일자"),
    "result": N_("처리결과"),
    "compensation": N_("보상"),
    "satisfaction": N_("만족도"),
    "revisit_at": N_("재방문일자"),
}
PREVIEW_ROWS = 8
STANDARD = dict(COLUMNS)


class ImportDialog(QDialog):
    progressed = Signal(int, int)  # emitted from the database thread

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(tr("접수대장 가져오기"))
        self.path: Path | None = None
        self.headings: list[str] = []
        self.loaded_values: dict[str, dict[str, str]] = {}
        self.report: sv.ImportReport | None = None
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.pick = QPushButton(tr("파일 선택…"))
        self.file_label = QLabel(tr("CSV(UTF-8 또는 CP949) 또는 엑셀(.xlsx) 파일을 고르세요."))
        self.file_label.setWordWrap(True)
        self.encoding = QComboBox()
        self.encoding.setAccessibleName(tr("문자 인코딩"))
        for text, value in ((tr("인코딩 자동"), None), ("UTF-8", "utf-8-sig"), ("CP949", "cp949")):
            self.encoding.addItem(text, value)
        top.addWidget(self.pick)
        top.addWidget(self.file_label, 1)
        top.addWidget(self.encoding)
        layout.addLayout(top)

        self.preview = QTableWidget(0, 0)
        self.preview.setAccessibleName(tr("파일 미리보기"))
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.setMinimumHeight(100)

        mapping_box = QWidget()
        grid = QGridLayout(mapping_box)
        self.choosers: dict[str, QComboBox] = {}
        for i, name in enumerate(FIELDS):
            combo = QComboBox()
            combo.setAccessibleName(tr(FIELD_LABELS[name]))
            self.choosers[name] = combo
            grid.addWidget(QLabel(tr(FIELD_LABELS[name])), i // 2, (i % 2) * 2)
            grid.addWidget(combo, i // 2, (i % 2) * 2 + 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(mapping_box)
        scroll.setMinimumHeight(110)
        mapping = QWidget()
        mapping_col = QVBoxLayout(mapping)
        mapping_col.setContentsMargins(0, 0, 0, 0)
        mapping_col.addWidget(QLabel(tr("열 연결: 우리 항목마다 파일의 열을 고르세요.")))
        mapping_col.addWidget(scroll, 1)
        # The file's rows above, the column choices below: the person moves the divider;
        # on a short screen both shrink rather than push the buttons off it.
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.preview)
        self.split.addWidget(mapping)
        self.split.setStretchFactor(1, 1)
        layout.addWidget(self.split, 3)

        options = QFormLayout()
        self.date_format = QLineEdit()
        self.date_format.setPlaceholderText(
            tr("비워 두면 2026-11-23, 2026.11.23, 2026년 11월 23일 등을 읽습니다")
        )
        self.date_format.setAccessibleName(tr("날짜 형식"))
        options.addRow(tr("날짜 형식"), self.date_format)
        layout.addLayout(options)

        buttons = QHBoxLayout()
        self.open_mapping = QPushButton(tr("매핑 파일 열기…"))
        self.save_mapping = QPushButton(tr("매핑 저장…"))
        self.try_run = QPushButton(tr("시험 실행 (저장 안 함)"))
        self.run_import = QPushButton(tr("가져오기"))
        self.close_button = QPushButton(tr("닫기"))
        for b in (self.open_mapping, self.save_mapping):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.try_run, self.run_import, self.close_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)

        self.bar = QProgressBar()
        self.bar.setVisible(False)
        layout.addWidget(self.bar)
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.result.setAccessibleName(tr("가져오기 결과"))
        self.result.setMinimumHeight(70)
        layout.addWidget(self.result, 1)

        self.pick.clicked.connect(self._choose_file)
        self.encoding.currentIndexChanged.connect(lambda _i: self.load(self.path))
        self.open_mapping.clicked.connect(self._choose_mapping)
        self.save_mapping.clicked.connect(self._save_mapping)
        self.try_run.clicked.connect(lambda: self.start(dry_run=True))
        self.run_import.clicked.connect(lambda: self.start(dry_run=False))
        self.close_button.clicked.connect(self.reject)
        self.progressed.connect(self._show_progress)
        self._set_ready(False)
        fit_to_screen(self, QSize(980, 760))

    # ------------------------------------------------------------ file and preview

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, tr("접수대장 파일"), "", tr("접수대장 (*.csv *.xlsx)")
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path | None) -> None:
        """Read the headings and the first rows, and guess the columns."""
        if path is None:
            return
        try:
            headings, rows = read_rows(path, encoding=self.encoding.currentData())
            sample = []
            for row in rows:
                sample.append(row)
                if len(sample) >= PREVIEW_ROWS:
                    break
            close = getattr(rows, "close", None)
            if close is not None:
                close()
        except ValueError as exc:  # FileReadError: the message is for the user
            self.result.setPlainText(str(exc))
            self._set_ready(False)
            return
        self.path, self.headings = path, headings
        self.file_label.setText(str(path.name))
        self.preview.clear()
        self.preview.setColumnCount(len(headings))
        self.preview.setRowCount(len(sample))
        self.preview.setHorizontalHeaderLabels(headings)
        self.preview.setVerticalHeaderLabels([str(r.line) for r in sample])
        for r, row in enumerate(sample):
            for c, heading in enumerate(headings):
                self.preview.setItem(r, c, QTableWidgetItem(row.values.get(heading, "")))
        for name, combo in self.choosers.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr("(없음)"), None)
            for heading in headings:
                combo.addItem(heading, heading)
            guess = _guess(name, headings)
            if guess is not None:
                combo.setCurrentIndex(combo.findData(guess))
            combo.blockSignals(False)
        self.result.setPlainText(
            trn(
                "행 {n}개를 미리 봅니다. 열 연결을 확인하고 시험 실행을 눌러 보세요.",
                "행 {n}개를 미리 봅니다. 열 연결을 확인하고 시험 실행을 눌러 보세요.",
                len(sample),
            )
        )
        self._set_ready(True)

    def _set_ready(self, ready: bool) -> None:
        for w in (self.try_run, self.run_import, self.save_mapping):
            w.setEnabled(ready)

    # ------------------------------------------------------------ mapping

    def mapping(self) -> Mapping:
        columns = {n: c.currentData() for n, c in self.choosers.items() if c.currentData()}
        return Mapping(
            columns=columns,
            values={k: v for k, v in self.loaded_values.items() if k in columns},
            date_format=self.date_format.text().strip() or None,
            encoding=self.encoding.currentData(),
            sheet=None,
        )

    def apply_mapping(self, mapping: Mapping) -> None:
        self.loaded_values = dict(mapping.values)
        for name, combo in self.choosers.items():
            heading = mapping.columns.get(name)
            index = combo.findData(heading) if heading else 0
            combo.setCurrentIndex(max(index, 0))
        self.date_format.setText(mapping.date_format or "")
        if mapping.encoding:
            found = self.encoding.findData(mapping.encoding)
            if found >= 0:
                self.encoding.setCurrentIndex(found)

    def _choose_mapping(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("매핑 파일"), "", tr("매핑 (*.toml)"))
        if not name:
            return
        try:
            self.apply_mapping(load_mapping(name))
        except MappingError as exc:
            self.result.setPlainText(str(exc))

    def _save_mapping(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, tr("매핑 저장"), "mapping.toml", "TOML (*.toml)"
        )
        if name:
            Path(name).write_text(mapping_toml(self.mapping()), encoding="utf-8")

    # ------------------------------------------------------------ running

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, tr("가져오기"), text)
        return answer == QMessageBox.StandardButton.Yes

    def start(self, *, dry_run: bool) -> None:
        if self.path is None:
            return
        mapping = self.mapping()
        missing = [f for f in ("received_at",) if f not in mapping.columns]
        if "subject" not in mapping.columns and "description" not in mapping.columns:
            missing.append("subject")
        if missing:
            names = ", ".join(tr(FIELD_LABELS[f]) for f in missing)
            self.result.setPlainText(tr("다음 항목의 열을 골라 주세요: {names}", names=names))
            return
        if not dry_run and not self.confirm(
            tr(
                "가져온 사건은 지울 수 없습니다(종결만 가능). 먼저 시험 실행으로 확인하셨나요?\n"
                "가져오기를 계속할까요?"
            )
        ):
            return
        self._set_ready(False)
        self.pick.setEnabled(False)
        self.bar.setVisible(True)
        self.bar.setRange(0, 0)  # reading and checking: no total yet
        self.result.setPlainText(tr("행을 읽고 확인하는 중입니다…"))
        import_register(
            self.desk,
            path=self.path,
            mapping=mapping,
            dry_run=dry_run,
            progress=self.progressed.emit,
            on_done=self._finished,
            on_error=self._failed,
        )

    def _show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _finished(self, report: sv.ImportReport) -> None:
        self.report = report
        self.bar.setVisible(False)
        self._set_ready(True)
        self.pick.setEnabled(True)
        self.result.setPlainText(report_text(report))

    def _failed(self, exc: BaseException) -> None:
        self.bar.setVisible(False)
        self._set_ready(True)
        self.pick.setEnabled(True)
        message = str(exc) if isinstance(exc, ValueError) else self.desk.describe(exc)
        self.result.setPlainText(message)


def report_text(report: sv.ImportReport) -> str:
    head = tr(
        "{trial}행 {rows}개 중 가져옴 {imported}, 이미 있음 {here}, 거부 {rejected}",
        trial=tr("[시험 실행 — 저장하지 않았습니다] ") if report.dry_run else "",
        rows=f"{report.rows:,}",
        imported=f"{report.imported:,}",
        here=f"{report.already_here:,}",
        rejected=f"{len(report.rejected):,}",
    )
    lines = [head]
    if report.rejected:
        lines.append(tr("거부된 행:"))
        lines += [tr("  {line}행: {reason}", line=p.line, reason=p.reason) for p in report.rejected]
    if report.warnings:
        lines.append(tr("참고:"))
        lines += [tr("  {line}행: {reason}", line=p.line, reason=p.reason) for p in report.warnings]
    if report.new_categories:
        lines.append(tr("새로 만든 분류: {names}", names=", ".join(report.new_categories)))
    return "\n".join(lines)


def _guess(field: str, headings: list[str]) -> str | None:
    """The file's column for ``field``: our standard heading, the field's name, or its label."""
    wanted = {STANDARD.get(field, ""), field, tr(FIELD_LABELS[field]).rstrip(" *")}
    for heading in headings:
        if heading in wanted:
            return heading
    return None


def mapping_toml(mapping: Mapping) -> str:
    """The mapping as a TOML file an office can keep next to its register."""

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string

    lines = ["[columns]"]
    lines += [f"{name} = {q(heading)}" for name, heading in mapping.columns.items()]
    for name, table in mapping.values.items():
        lines += ["", f"[values.{name}]"] + [f"{q(k)} = {q(v)}" for k, v in table.items()]
    options: dict[str, Any] = {"date_format": mapping.date_format, "encoding": mapping.encoding}
    if any(options.values()):
        lines += ["", "[options]"] + [f"{k} = {q(v)}" for k, v in options.items() if v]
    return "\n".join(lines) + "\n"

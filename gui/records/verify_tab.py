"""기록 검증 (supervisors, admins): whether the records still hold, in the window.

The same check as ``main.py audit-verify``: the audit trail's and the access records'
chains, every current row against the event that last wrote it, and the trail against the
anchors the backups left in the app's backup folder and, when chosen, on a USB stick. It
reads the whole register, so it runs off the UI thread with a busy bar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from core.views import RecordsCheck
from gui.common.i18n import language, tr
from gui.common.widgets import ErrorLabel
from gui.desk.operations import Desk

BAD = QColor("#c62828")


class Choose:
    """The folder dialog; replaced in tests (pytest-qt's advice)."""

    @classmethod
    def folder(cls, parent: QWidget) -> str:
        return QFileDialog.getExistingDirectory(parent, tr("백업을 받은 USB 등의 폴더"))


class VerifyTab(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.usb: Path | None = None
        col = QVBoxLayout(self)
        hint = QLabel(
            tr(
                "감사 기록과 개인정보 접속기록이 끊기거나 고쳐지지 않았는지, 현재 데이터가 "
                "그것을 쓴 감사 기록과 맞는지, 백업이 남긴 고정값과 맞는지(이전 파일로 "
                "되돌리거나 기록을 다시 쓴 경우) 검사합니다. 백업을 USB에 받았다면 그 폴더도 "
                "골라 대조하세요. 앱 밖에서 바꾼 데이터가 여기서 드러납니다."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        col.addWidget(hint)

        row = QHBoxLayout()
        self.check_button = QPushButton(tr("지금 검사"))
        self.check_button.setObjectName("primary")
        self.usb_button = QPushButton(tr("USB 폴더 고르기…"))
        self.usb_button.setToolTip(tr("백업을 받은 폴더의 고정값과도 대조합니다"))
        self.usb_label = QLabel(tr("USB 폴더: 고르지 않음"))
        self.usb_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.check_button)
        row.addWidget(self.usb_button)
        row.addWidget(self.usb_label, 1)
        col.addLayout(row)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.busy.setAccessibleName(tr("진행 중"))
        col.addWidget(self.busy)
        self.verdict = QLabel()
        self.verdict.setObjectName("panelTitle")
        self.verdict.setWordWrap(True)
        col.addWidget(self.verdict)
        self.findings = QListWidget()
        self.findings.setAccessibleName(tr("검사 결과"))
        self.findings.setWordWrap(True)
        col.addWidget(self.findings, 1)
        self.error = ErrorLabel()
        col.addWidget(self.error)

        self.check_button.clicked.connect(self.check)
        self.usb_button.clicked.connect(self.choose_usb)

    def choose_usb(self) -> None:
        folder = Choose.folder(self)
        if folder:
            self.usb = Path(folder)
            self.usb_label.setText(tr("USB 폴더: {path}", path=folder))

    def check(self) -> None:
        folders: list[tuple[Path, bool]] = [(self.desk.db.backup_dir, True)]
        if self.usb is not None:
            folders.append((self.usb, False))
        self._working(True)
        self.desk.run(sv.check_records, folders, on_done=self._show, on_error=self._failed)

    def _working(self, on: bool) -> None:
        self.busy.setVisible(on)
        self.check_button.setEnabled(not on)
        self.usb_button.setEnabled(not on)
        if on:
            self.error.show_error("")
            self.findings.clear()
            self.verdict.setText(tr("검사 중입니다. 기록이 많으면 몇 분 걸릴 수 있습니다…"))

    def _failed(self, exc: BaseException) -> None:
        self._working(False)
        self.verdict.setText("")
        self.error.show_error(self.desk.describe(exc))

    def _show(self, found: RecordsCheck) -> None:
        self._working(False)
        said = found.said(language())
        if found.ok:
            self.verdict.setText(tr("이상 없음: 기록이 모두 맞습니다."))
            self.verdict.setStyleSheet("")
        else:
            self.verdict.setText(
                tr(
                    "이상 발견: 앱을 거치지 않고 바뀐 기록이 있습니다(아래 빨간 줄). 관리자에게 "
                    "알리고, 이 화면과 마지막 백업을 보존하세요."
                )
            )
            self.verdict.setStyleSheet(f"color: {BAD.name()};")
        for ok, text in said:
            item = QListWidgetItem(("✔ " if ok else "✖ ") + text)
            if not ok:
                item.setForeground(QBrush(BAD))
            self.findings.addItem(item)

"""백업 암호: the admin's dialog to set the office's backup passphrase (typed twice, never
shown), and the question for it when a backup or a restore needs it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from core.services.backup_passphrase import MIN_PASSPHRASE
from gui.common.i18n import tr


class PassphraseDialog(QDialog):
    """Two password fields; OK once they match and are long enough (the service checks
    again: the window only asks)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("백업 암호 정하기"))
        col = QVBoxLayout(self)
        hint = QLabel(
            tr(
                "USB 등 데이터 폴더 밖으로 나가는 백업을 이 암호로 잠급니다. 잠긴 백업은 이 "
                "암호로만 복원할 수 있고, 암호를 잃으면 열 수 없습니다. {n}자 이상으로 정하고 "
                "안전한 곳에 적어 두세요.",
                n=MIN_PASSPHRASE,
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        col.addWidget(hint)
        form = QFormLayout()
        self.first = QLineEdit()
        self.second = QLineEdit()
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self._check)
        form.addRow(tr("새 백업 암호"), self.first)
        form.addRow(tr("다시 입력"), self.second)
        col.addLayout(form)
        self.problem = QLabel()
        self.problem.setObjectName("error")
        col.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        col.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._check()

    @property
    def passphrase(self) -> str:
        return self.first.text()

    def _check(self) -> None:
        first, second = self.first.text(), self.second.text()
        problem = ""
        if first and len(first) < MIN_PASSPHRASE:
            problem = tr("{n}자 이상이어야 합니다.", n=MIN_PASSPHRASE)
        elif second and second != first:
            problem = tr("두 암호가 다릅니다.")
        self.problem.setText(problem)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(len(first) >= MIN_PASSPHRASE and first == second)


def ask_passphrase(parent: QWidget, why: str) -> str | None:
    """The office's backup passphrase, typed unseen; None when the user cancels."""
    text, ok = QInputDialog.getText(parent, tr("백업 암호"), why, QLineEdit.EchoMode.Password)
    return text if ok and text else None

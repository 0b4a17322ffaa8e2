"""백업 (supervisors, admins): the app's own backups, a copy to a USB stick, and restore.

Backing up and restoring run on the database thread with a busy bar; a restore asks first
(No by default), takes a safety copy, and then the app closes, since every open window
shows data that is no longer there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from core.errors import BackupFailed
from core.procedure.permissions import Permission
from core.services.backups import KEEP_DAILY, KEEP_MONTHLY, KEEP_WEEKLY
from core.views import BackupInfo, RestorePreview
from core.words.messages import chain_break_words
from core.words.vocab import BACKUP_KINDS, backup_kind
from gui.common.i18n import language, tr
from gui.common.widgets import ErrorLabel, confirm_irreversible, share_columns
from gui.desk.operations import Desk
from gui.operations.records import make_backup, restore_backup
from gui.records.passphrase_dialog import PassphraseDialog, ask_passphrase


def kind_text(label: str) -> str:
    kind = backup_kind(label)
    return tr(BACKUP_KINDS[kind]) if kind in BACKUP_KINDS else label


class Choose:
    """The file dialogs and the restore question; replaced in tests (pytest-qt's advice)."""

    @classmethod
    def folder(cls, parent: QWidget) -> str:
        return QFileDialog.getExistingDirectory(parent, tr("백업을 저장할 폴더 (USB 등)"))

    @classmethod
    def backup_file(cls, parent: QWidget, start: str) -> str:
        path, _ = QFileDialog.getOpenFileName(
            parent, tr("복원할 백업 파일"), start, tr("백업 파일 (*.sqlite3 *.enc *.dump)")
        )
        return path

    @classmethod
    def passphrase(cls, parent: QWidget, why: str) -> str | None:
        return ask_passphrase(parent, why)

    @classmethod
    def new_passphrase(cls, parent: QWidget) -> str | None:
        dialog = PassphraseDialog(parent)
        return dialog.passphrase if dialog.exec() == QDialog.DialogCode.Accepted else None

    @classmethod
    def confirm_restore(cls, parent: QWidget, file_name: str, facts: str, warning: str) -> bool:
        return confirm_irreversible(
            parent,
            tr("백업에서 복원"),
            tr("현재 데이터를 '{file}'의 내용으로 바꿉니다.", file=file_name)
            + (f"\n\n{warning}" if warning else ""),
            facts
            + "\n\n"
            + tr(
                "백업 이후에 입력한 내용은 현재 데이터의 안전 사본에만 남습니다. 복원이 끝나면 "
                "프로그램이 종료되며, 모든 사용자가 다시 시작해야 합니다. 복원하시겠습니까?"
            ),
        )


class BackupTab(QWidget):
    restored = Signal()  # the database was replaced: the app must close

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        col = QVBoxLayout(self)
        where = QLabel(
            tr(
                "프로그램이 실행 중일 때 매일 한 번, 그리고 종료할 때 자동으로 백업합니다. "
                "일간 {d}개, 주간 {w}개, 월간 {m}개를 보관하며, 모든 백업은 무결성 검사와 "
                "감사 기록·접속기록 체인 검증을 통과해야 저장됩니다.",
                d=KEEP_DAILY,
                w=KEEP_WEEKLY,
                m=KEEP_MONTHLY,
            )
        )
        where.setWordWrap(True)
        where.setObjectName("hint")
        col.addWidget(where)
        folder = QLabel(tr("백업 폴더: {path}", path=str(desk.db.backup_dir)))
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder.setWordWrap(True)
        col.addWidget(folder)
        if not desk.db.is_sqlite:
            note = QLabel(
                tr("PostgreSQL 데이터베이스는 pg_dump로 백업합니다(PostgreSQL 도구 필요).")
            )
            note.setObjectName("hint")
            col.addWidget(note)

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([tr("백업 일시"), tr("종류"), tr("크기"), tr("파일")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName(tr("백업 목록"))
        share_columns(self.tree, stretch=3)  # the file's name takes the rest
        col.addWidget(self.tree, 1)

        row = QHBoxLayout()
        self.backup_button = QPushButton(tr("지금 백업…"))
        self.backup_button.setObjectName("primary")
        self.backup_button.setToolTip(tr("USB 등 고른 폴더에 검증된 백업을 만듭니다"))
        self.restore_button = QPushButton(tr("백업에서 복원…"))
        self.restore_button.setVisible(desk.can(Permission.BACKUP_RESTORE))
        self.refresh_button = QPushButton(tr("새로 고침"))
        self.passphrase_button = QPushButton(tr("백업 암호…"))
        self.passphrase_button.setToolTip(
            tr("USB 등 데이터 폴더 밖으로 나가는 백업을 잠글 암호를 정합니다")
        )
        self.passphrase_button.setVisible(desk.can(Permission.SETTINGS_MANAGE))
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addWidget(self.passphrase_button)
        row.addStretch(1)
        row.addWidget(self.refresh_button)
        col.addLayout(row)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.busy.setAccessibleName(tr("진행 중"))
        col.addWidget(self.busy)
        self.sealing = QLabel()
        self.sealing.setWordWrap(True)
        self.sealing.setObjectName("hint")
        col.insertWidget(2, self.sealing)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = ErrorLabel()
        col.addWidget(self.status)
        col.addWidget(self.error)

        self.backup_button.clicked.connect(self.back_up)
        self.restore_button.clicked.connect(self.restore)
        self.refresh_button.clicked.connect(self.refresh)
        self.passphrase_button.clicked.connect(self.set_passphrase)
        self.refresh()

    def _say_sealing(self, on: bool) -> None:
        if not self.desk.db.is_sqlite:
            self.sealing.setVisible(False)
        elif on:
            self.sealing.setText(
                tr("USB 등 데이터 폴더 밖으로 나가는 백업은 사무소의 백업 암호로 잠급니다.")
            )
        else:
            self.sealing.setText(
                tr(
                    "백업 암호가 없어 USB 등으로 나가는 백업이 잠기지 않습니다. 시스템 "
                    "관리자가 '백업 암호…'로 정할 수 있습니다."
                )
            )

    def set_passphrase(self) -> None:
        passphrase = Choose.new_passphrase(self)
        if passphrase is None:
            return

        def done(_result: object) -> None:
            self.status.setText(tr("백업 암호를 정했습니다."))
            self.refresh()

        self.error.show_error("")
        self.desk.run(sv.set_backup_passphrase, passphrase, on_done=done, on_error=self._failed)

    def refresh(self) -> None:
        self.desk.run(sv.sealing_on, on_done=self._say_sealing, on_error=lambda _e: None)
        self.tree.clear()
        try:
            backups = sv.list_backups(self.desk.db)
        except OSError:
            backups = []
        for b in backups:
            item = QTreeWidgetItem(
                [
                    b.taken_at.strftime("%Y-%m-%d %H:%M:%S"),
                    kind_text(b.label),
                    QLocale().formattedDataSize(b.size),
                    b.path.name,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, str(b.path))
            self.tree.addTopLevelItem(item)

    def _working(self, on: bool) -> None:
        self.busy.setVisible(on)
        self.backup_button.setEnabled(not on)
        self.restore_button.setEnabled(not on)
        if on:
            self.error.show_error("")
            self.status.setText(tr("작업 중입니다. 잠시 기다려 주세요…"))

    def _failed(self, exc: BaseException) -> None:
        self._working(False)
        self.status.setText("")
        self.error.show_error(self.desk.describe(exc))

    def _with_passphrase(self, exc: BaseException, retry: Callable[[str], None]) -> bool:
        """When the door asks for the backup passphrase (or got a wrong one), ask the user
        and ``retry`` with it; true when it was that."""
        if not isinstance(exc, BackupFailed) or exc.code not in (
            "backup_passphrase_needed",
            "backup_passphrase",
        ):
            return False
        self._working(False)
        self.status.setText("")
        why = tr("사무소의 백업 암호를 입력하세요.")
        if exc.code == "backup_passphrase":
            why = self.desk.describe(exc)
        passphrase = Choose.passphrase(self, why)
        if passphrase is None:
            self.error.show_error(
                self.desk.describe(exc) if exc.code == "backup_passphrase" else ""
            )
        else:
            retry(passphrase)
        return True

    def back_up(self) -> None:
        folder = Choose.folder(self)
        if folder:
            self._back_up_to(folder, None)

    def _back_up_to(self, folder: str, passphrase: str | None) -> None:
        self._working(True)

        def done(info: BackupInfo) -> None:
            self._working(False)
            self.status.setText(
                tr(
                    "백업했습니다: {path}\n사건 {cases}건, 감사 기록 {events}건과 접속기록 "
                    "{accesses}건을 검증했습니다.",
                    path=str(info.path),
                    cases=f"{info.cases:,}",
                    events=f"{info.audit_events:,}",
                    accesses=f"{info.access_records:,}",
                )
            )
            if info.chain_break:
                self.error.show_error(chain_break_words(info.chain_break, language()))
            self.refresh()

        def failed(exc: BaseException) -> None:
            if not self._with_passphrase(exc, lambda given: self._back_up_to(folder, given)):
                self._failed(exc)

        make_backup(self.desk, folder=folder, passphrase=passphrase, on_done=done, on_error=failed)

    def restore(self) -> None:
        chosen = self.tree.currentItem()
        start = (
            chosen.data(0, Qt.ItemDataRole.UserRole)
            if chosen is not None
            else str(self.desk.db.backup_dir)
        )
        path = Choose.backup_file(self, start)
        if path:
            self._preview(path, None)

    def _preview(self, path: str, passphrase: str | None) -> None:
        self.error.show_error("")

        def failed(exc: BaseException) -> None:
            if not self._with_passphrase(exc, lambda given: self._preview(path, given)):
                self._failed(exc)

        self.desk.run(
            sv.restore_preview,
            path,
            passphrase=passphrase,
            on_done=lambda preview: self._ask_and_restore(path, preview, passphrase),
            on_error=failed,
        )

    def _ask_and_restore(
        self, path: str, preview: RestorePreview | None, passphrase: str | None
    ) -> None:
        if preview is not None and preview.newer:
            self._failed(BackupFailed("restore_newer", revision=preview.backup.revision or "?"))
            return
        # A PostgreSQL dump is read only by restoring it: nothing to show beside the data.
        facts, warning = preview.said(language()) if preview is not None else ("", "")
        if not Choose.confirm_restore(self, Path(path).name, facts, warning):
            return
        self._working(True)

        def done(safety: BackupInfo) -> None:
            self._working(False)
            self.status.setText(
                tr("복원했습니다. 복원 전 데이터의 안전 사본: {path}", path=str(safety.path))
            )
            self.restored.emit()

        restore_backup(
            self.desk, path=path, passphrase=passphrase, on_done=done, on_error=self._failed
        )

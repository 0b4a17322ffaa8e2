"""기록 관리: what keeps the register safe and lawful — backups, the review of access to
personal data, the destruction of what is past its retention, and the check that the
records still hold — each shown to the roles that may use it."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from core.procedure.permissions import Permission
from gui.common.i18n import tr
from gui.desk.operations import Desk
from gui.records.access_review_tab import AccessReviewTab
from gui.records.backup_tab import BackupTab
from gui.records.retention_tab import RetentionTab
from gui.records.verify_tab import VerifyTab

PERMISSIONS = (
    Permission.BACKUP_MAKE,
    Permission.ACCESS_REVIEW,
    Permission.RETENTION_PURGE,
    Permission.AUDIT_VIEW,
)


class RecordsPage(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = QVBoxLayout(self)
        self.tabs = QTabWidget()
        col.addWidget(self.tabs)
        self.backup = BackupTab(desk) if desk.can(Permission.BACKUP_MAKE) else None
        self.access = AccessReviewTab(desk) if desk.can(Permission.ACCESS_REVIEW) else None
        self.retention = RetentionTab(desk) if desk.can(Permission.RETENTION_PURGE) else None
        self.verify = VerifyTab(desk) if desk.can(Permission.AUDIT_VIEW) else None
        for tab, title in (
            (self.backup, tr("백업")),
            (self.access, tr("접속기록 점검")),
            (self.retention, tr("개인정보 파기")),
            (self.verify, tr("기록 검증")),
        ):
            if tab is not None:
                self.tabs.addTab(tab, title)

    @staticmethod
    def shown_to(desk: Desk) -> bool:
        return any(desk.can(p) for p in PERMISSIONS)

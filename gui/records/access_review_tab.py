"""개인정보 접속기록 점검 (supervisors, admins): who saw whose personal data in a period,
with what stands out marked, and the review printed for signing."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from core.words.vocab import ACCESS_FLAGS
from gui.common.i18n import language, tr
from gui.common.pdf_preview import PdfDialog
from gui.common.vocab import roles
from gui.common.widgets import ErrorLabel, share_columns
from gui.desk.operations import Desk

# The printed review's words (core.words.vocab): the window names them the same way.
FLAGS = ACCESS_FLAGS
WARN = QColor("#fdecea")


def last_month(today: date) -> tuple[date, date]:
    """The month before ``today``'s: what a monthly review looks at."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


class AccessReviewTab(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.review: sv.AccessReview | None = None
        self.pdf_dialog: PdfDialog | None = None
        col = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "고객 개인정보를 열람·출력·조회·내보내고 목록에서 본 기록을 사용자별로 "
                "점검합니다. 사무소 평균보다 훨씬 많이 열람했거나 담당이 아닌 사건의 고객을 "
                "많이 열람한 사용자, 대장을 내보내거나 전체 백업을 만든 사용자는 '주의'로 "
                "표시됩니다. 매월 점검하고 점검표를 보관하세요."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        col.addWidget(intro)

        row = QHBoxLayout()
        first, last = last_month(QDate.currentDate().toPython())
        self.first = QDateEdit(QDate(first))
        self.last = QDateEdit(QDate(last))
        for edit, name in ((self.first, tr("시작일")), (self.last, tr("종료일"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
        self.run_button = QPushButton(tr("점검"))
        self.run_button.setObjectName("primary")
        self.print_button = QPushButton(tr("점검표 인쇄…"))
        self.print_button.setEnabled(False)
        row.addWidget(QLabel(tr("기간")))
        row.addWidget(self.first)
        row.addWidget(QLabel("~"))
        row.addWidget(self.last)
        row.addWidget(self.run_button)
        row.addStretch(1)
        row.addWidget(self.print_button)
        col.addLayout(row)

        self.chain = QLabel()
        self.chain.setWordWrap(True)
        col.addWidget(self.chain)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(
            [
                tr("사용자"),
                tr("역할"),
                tr("접속"),
                tr("고객 수"),
                tr("담당 외"),
                tr("목적별"),
                tr("판정"),
            ]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName(tr("사용자별 접속 현황"))
        # Every column as wide as what it holds; the verdict takes the rest.
        share_columns(self.tree, stretch=6)
        col.addWidget(self.tree, 1)
        self.error = ErrorLabel()
        col.addWidget(self.error)

        self.run_button.clicked.connect(self.run)
        self.print_button.clicked.connect(self.print_review)

    def period(self) -> tuple[date, date]:
        return self.first.date().toPython(), self.last.date().toPython()

    def run(self) -> None:
        self.error.show_error("")
        self.run_button.setEnabled(False)
        self.desk.run(
            sv.access_review, *self.period(), on_done=self.show_review, on_error=self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        self.run_button.setEnabled(True)
        self.error.show_error(self.desk.describe(exc))

    def show_review(self, review: sv.AccessReview) -> None:
        self.run_button.setEnabled(True)
        self.print_button.setEnabled(True)
        self.review = review
        if review.chain_ok:
            self.chain.setText(
                tr(
                    "접속기록 {total}건 · 무결성 정상 (전체 {n}건 해시 체인 검증)",
                    total=f"{review.total:,}",
                    n=f"{review.chain_checked:,}",
                )
            )
            self.chain.setProperty("alert", False)
        else:
            self.chain.setText(
                tr("접속기록 무결성 이상: 기록이 변경되었거나 삭제되었을 수 있습니다.")
            )
            self.chain.setProperty("alert", True)
        self.chain.style().unpolish(self.chain)
        self.chain.style().polish(self.chain)
        self.tree.clear()
        names = roles()
        for u in review.users:
            verdict = ", ".join(tr(FLAGS[f]) for f in u.flags) or tr("정상")
            purposes = u.purposes_said(language())
            item = QTreeWidgetItem(
                [
                    u.display_name
                    if u.display_name == u.user_name
                    else (f"{u.display_name} ({u.user_name})"),
                    names.get(u.role, u.role),
                    f"{u.accesses:,}",
                    f"{u.customers:,}",
                    f"{u.outside_own:,}",
                    purposes,
                    verdict,
                ]
            )
            for c in (2, 3, 4):
                item.setTextAlignment(c, Qt.AlignmentFlag.AlignRight)
            if u.flags:
                for c in range(7):
                    item.setBackground(c, QBrush(WARN))
            self.tree.addTopLevelItem(item)

    def print_review(self) -> None:
        first, last = self.period()

        def shown(data: bytes) -> None:
            self.pdf_dialog = PdfDialog(
                tr("개인정보 접속기록 점검표"), data, f"access-review-{first}-{last}.pdf", self
            )
            self.pdf_dialog.open()

        self.desk.run(
            sv.access_review_pdf,
            first,
            last,
            lang=language(),
            on_done=shown,
            on_error=self._failed,
        )

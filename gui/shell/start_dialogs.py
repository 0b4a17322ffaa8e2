"""Before the main window: the first-run setup of the office, and the login.

Both are shown before the services are loaded (``gui.shell.opening``): they import them only
when a button asks for them, by which time the opening has loaded them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from core.errors import DeskError, ValidationFailed
from core.words.messages import describe, field_name
from gui.common.i18n import language, tr
from gui.common.screen import ScrollingBody, fit_to_screen
from gui.common.widgets import ErrorLabel, FormWithErrors, problems_by_field

if TYPE_CHECKING:
    from core.actor import Actor
    from core.db.database import Database


class FirstRunDialog(QDialog):
    """The office's name and case-number prefix, and the admin account. No default password."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.setWindowTitle(tr("경청 — 처음 설정"))
        outer = QVBoxLayout(self)
        # The form and its error lines scroll on a short screen; the buttons stay below.
        layout = QVBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(ScrollingBody.around(layout), 1)
        intro = QLabel(
            tr("사무소 정보와 관리자 계정을 만듭니다. 관리자 비밀번호는 8자 이상이어야 합니다.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.form = FormWithErrors(form)
        self.office = QLineEdit()
        self.prefix = QLineEdit()
        self.prefix.setMaxLength(6)
        self.prefix.setPlaceholderText("GN")
        self.username = QLineEdit("admin")
        self.display_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.add("office_name", tr("사무소 이름"), self.office, is_required=True)
        self.form.add("case_prefix", tr("접수번호 머리글자"), self.prefix, is_required=True)
        self.form.add("admin_username", tr("관리자 아이디"), self.username, is_required=True)
        self.form.add("display_name", tr("관리자 이름"), self.display_name, is_required=True)
        self.form.add("password", tr("비밀번호"), self.password, is_required=True)
        self.form.add("password2", tr("비밀번호 확인"), self.password2, is_required=True)
        layout.addLayout(form)
        self.demo = QCheckBox(tr("연습용 데모 사건 300건 만들기"))
        self.demo.setAccessibleName(tr("연습용 데모 사건 만들기"))
        layout.addWidget(self.demo)
        self.general_error = ErrorLabel()
        layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("설정 완료"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("취소"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.setMinimumWidth(460)
        fit_to_screen(self)

    def submit(self) -> None:
        from core import services as sv

        self.form.clear_errors()
        if self.password.text() != self.password2.text():
            self.form.show_errors({"password2": tr("비밀번호가 서로 다릅니다")})
            self.password2.setFocus()
            return
        try:
            self.actor = sv.first_run_setup(
                self.db,
                office_name=self.office.text(),
                case_prefix=self.prefix.text(),
                admin_username=self.username.text(),
                admin_display_name=self.display_name.text(),
                admin_password=self.password.text(),
            )
        except ValidationFailed as err:
            problems = problems_by_field(err)
            first = self.form.show_errors(problems)
            unplaced = [
                f"{field_name(k, language())}: {v}"
                for k, v in problems.items()
                if k not in self.form.errors
            ]
            self.general_error.show_error("\n".join(unplaced))
            if first is not None:
                first.setFocus()
            return
        except DeskError as err:
            self.general_error.show_error(describe(err, language()))
            return
        self.accept()


class LoginDialog(QDialog):
    """Shown before the data is open: name and password can be typed at once, and a login
    asked for early goes ahead as soon as ``attach`` brings the data."""

    def __init__(
        self, db: Database | None = None, office_name: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self._asked = False  # a login asked for before the data was open
        self.setWindowTitle(tr("경청 — 로그인"))
        layout = QVBoxLayout(self)
        self.office = QLabel(office_name)
        self.office.setObjectName("loginOffice")
        self.office.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.office)
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setAccessibleName(tr("아이디"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(tr("비밀번호"))
        form.addRow(tr("아이디"), self.username)
        form.addRow(tr("비밀번호"), self.password)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.status.setVisible(False)
        layout.addWidget(self.status)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("로그인"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("취소"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Enter in the password field logs in once: the OK button is not also a default button,
        # or one key press would count as two attempts towards the lockout.
        for b in buttons.buttons():
            b.setAutoDefault(False)
            b.setDefault(False)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.submit)
        self.setMinimumWidth(360)
        self.office.setVisible(bool(office_name))
        fit_to_screen(self)

    def show_phase(self, phase: str) -> None:
        """A long step of the opening, said while the person waits (or types)."""
        if phase == "binding":
            self.status.setText(
                tr(
                    "이번 한 번만 지금까지의 기록을 감사 기록에 묶고 있습니다. 사건이 많으면 "
                    "몇 분 걸릴 수 있습니다. 이름과 비밀번호는 지금 입력해 두어도 됩니다."
                )
            )
            self.status.setVisible(True)
            self.adjustSize()  # the dialog grows to the wrapped lines instead of cutting them

    def attach(self, db: Database, office_name: str) -> None:
        """The data is open: show whose office it is, and log in if that was asked for."""
        self.db = db
        self.office.setText(office_name)
        self.office.setVisible(bool(office_name))
        self.status.setVisible(False)
        if self._asked:
            self._asked = False
            self.submit()

    def submit(self) -> None:
        if self.db is None:
            self._asked = True
            self.status.setText(tr("데이터를 여는 중입니다. 열리면 바로 로그인합니다…"))
            self.status.setVisible(True)
            self.adjustSize()
            return
        from core import services as sv

        try:
            self.actor = sv.login(self.db, self.username.text(), self.password.text())
        except DeskError as err:
            self.error.show_error(describe(err, language()))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()

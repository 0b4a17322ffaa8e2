"""재접수 고객: from the fourth digit of 연락처 on, the customers whose number starts (or, for
four digits, ends) with what was typed drop down under the field: name, masked number, open
cases. ↓ and Enter take one and move on; the whole number of a customer on record links
them at once, with a note that Ctrl+Z undoes. A linked customer's earlier complaints are
listed (all counted, open ones first); Enter on one opens it.

Every look-up that shows a name is a personal-data access, recorded by the service.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QWidget

from core import services as sv
from core.procedure.validation import is_phone_length, mask_phone, phone_digits
from core.views import CustomerMatch, CustomerView
from gui.common.i18n import tr
from gui.common.vocab import statuses
from gui.common.widgets import local_text
from gui.desk.operations import Desk

MIN_DIGITS = 4  # the service finds nothing on fewer
SHOWN = 8  # rows of the drop-down
DEBOUNCE_MS = 150  # typing pauses shorter than this look nothing up


class RepeatCustomers(QObject):
    """The look-up under 연락처, the link to a customer on record, and their history.

    ``widgets()`` go under the customer's fields; the drop-down floats over ``host``
    (which is not kept here: a page held by its own part would outlive its deletion).
    ``taken`` is emitted when the clerk took a customer from the drop-down (the page moves
    the cursor on); ``changed`` whenever the link changes (the draft is saved again).
    """

    taken = Signal()
    changed = Signal()
    open_case = Signal(int)

    def __init__(self, desk: Desk, host: QWidget) -> None:
        super().__init__(host)
        self.desk = desk
        self.matches: list[CustomerMatch] = []
        self.linked_id: int | None = None
        self._linked_digits = ""
        self.separate = False  # the clerk undid the link: someone else on the same number
        self._before_link: dict[str, Any] | None = None
        self._asked = ""  # the digits (or e-mail) of the look-up under way
        self.w: dict[str, Any] = {}

        self.dropdown = QListWidget(host)
        self.dropdown.setObjectName("repeatDropdown")
        self.dropdown.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cursor stays in 연락처
        self.dropdown.setAccessibleName(tr("같은 번호의 고객"))
        self.dropdown.itemClicked.connect(lambda item: self.take(self.dropdown.row(item)))
        self.dropdown.hide()
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        self.note.hide()
        self.label = QLabel()
        self.label.setObjectName("hint")
        self.label.setWordWrap(True)
        self.label.hide()
        self.list = QListWidget()
        self.list.setAccessibleName(tr("이전 불만 이력"))
        self.list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Alt+H, not a Tab stop
        self.list.setMaximumHeight(88)
        self.list.itemActivated.connect(self._open)
        self.list.hide()
        self.use_button = QPushButton(tr("이 고객 정보 사용"))
        self.use_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.use_button.hide()
        self.use_button.clicked.connect(lambda: self.take(0, move_on=False))
        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.lookup)

    def widgets(self) -> list[QWidget]:
        return [self.note, self.label, self.list, self.use_button]

    def watch(self, fields: dict[str, Any]) -> None:
        """Look up shortly after the clerk stops typing in 연락처 or 이메일."""
        self.w = fields
        fields["phone"].textEdited.connect(self._phone_edited)
        fields["email"].textEdited.connect(lambda _t: self.timer.start())
        fields["phone"].installEventFilter(self)

    # ------------------------------------------------------------------ the look-up

    def _phone_edited(self, _text: str) -> None:
        digits = phone_digits(self.w["phone"].text())
        if self.linked_id is not None and self._linked_digits != digits:
            self._unlink(restore=False)  # a different number now: not that customer
        self.separate = False
        self.timer.start()

    def lookup(self) -> None:
        phone, email = self.w["phone"].text(), self.w["email"].text()
        digits = phone_digits(phone)
        if len(digits) >= MIN_DIGITS:
            asked, kwargs = digits, {"phone": phone}
        elif "@" in email:
            asked, kwargs = email, {"email": email}
        else:
            self.show_matches([])
            return
        self._asked = asked
        self.desk.run(
            sv.find_customers,
            **kwargs,
            limit=SHOWN,
            with_cases=len(digits) >= 9 or "phone" not in kwargs,
            on_done=lambda found: self._found(asked, found),
            on_error=lambda _e: None,
        )

    def _found(self, asked: str, matches: list[CustomerMatch]) -> None:
        if not shiboken6.isValid(self) or asked != self._asked:
            return  # the page is gone, or typed on since: a newer look-up answers
        digits = phone_digits(self.w["phone"].text())
        exact = [m for m in matches if m.exact]
        whole = is_phone_length(digits) or "@" in asked
        if len(exact) == 1 and is_phone_length(digits) and not self.separate:
            if self.linked_id != exact[0].customer.id:
                self.link(exact[0], auto=True)
            self.show_matches(exact)
            return
        self.show_matches(matches, offer=whole)

    def show_matches(self, matches: list[CustomerMatch], *, offer: bool = True) -> None:
        """The linked customer's history; the others in the drop-down while 연락처 is being
        typed, and (``offer``: a whole number or e-mail was typed) the first of them named
        with a button that takes them."""
        self.matches = matches
        linked = [m for m in matches if m.customer.id == self.linked_id]
        self._show_history(linked[0] if linked else None)
        others = [m for m in matches if m.customer.id != self.linked_id]
        self.use_button.setVisible(offer and bool(others) and self.linked_id is None)
        if offer and not linked and others:
            first = others[0]
            self.label.setText(
                tr(
                    "재접수 고객: {name} — 이전 불만 {n}건",
                    name=first.customer.name,
                    n=first.earlier_count,
                )
            )
            self.label.show()
        typing = self.w["phone"].window().focusWidget() is self.w["phone"]
        self._fill_dropdown(others if typing else [])

    def _fill_dropdown(self, matches: list[CustomerMatch]) -> None:
        self.dropdown.clear()
        if not matches:
            self.dropdown.hide()
            return
        for m in matches:
            line = tr(
                "{name}  {phone}  진행 중 {open}건 / 전체 {n}건",
                name=m.customer.name,
                phone=m.customer.phone if m.customer.masked else mask_phone(m.customer.phone),
                open=m.open_count,
                n=m.earlier_count,
            )
            self.dropdown.addItem(QListWidgetItem(line))
        phone = self.w["phone"]
        rows = min(len(matches), SHOWN)
        height = self.dropdown.sizeHintForRow(0) * rows + 2 * self.dropdown.frameWidth() + 2
        under = phone.mapTo(self.dropdown.parentWidget(), QPoint(0, phone.height()))
        self.dropdown.setGeometry(under.x(), under.y(), max(phone.width(), 320), height)
        self.dropdown.setCurrentRow(-1)
        self.dropdown.show()
        self.dropdown.raise_()

    def _show_history(self, match: CustomerMatch | None) -> None:
        self.list.clear()
        if match is None:
            self.label.hide()
            self.list.hide()
            return
        self.label.setText(
            tr(
                "재접수 고객: {name} — 이전 불만 {n}건 (진행 중 {open}건) · 목록 Alt+H",
                name=match.customer.name,
                n=match.earlier_count,
                open=match.open_count,
            )
        )
        for row in match.earlier_cases:
            item = QListWidgetItem(
                f"{row.case_no}  {local_text(row.received_at, self.desk.tz)[:10]}"
                f"  [{statuses().get(row.status, row.status)}]  {row.subject}"
            )
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
        self.label.show()
        self.list.setVisible(self.list.count() > 0)

    def _open(self, item: QListWidgetItem) -> None:
        self.open_case.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def focus_history(self) -> None:
        if self.list.isVisible():
            self.list.setFocus()
            if self.list.currentRow() < 0:
                self.list.setCurrentRow(0)

    # ------------------------------------------------------------------ keys in 연락처

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.dropdown.hide()
            return False
        if not self.dropdown.isVisible() or event.type() not in (
            QEvent.Type.KeyPress,
            QEvent.Type.ShortcutOverride,
        ):
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if event.type() == QEvent.Type.ShortcutOverride:
            if key == Qt.Key.Key_Escape:
                event.accept()  # closes the drop-down, not the intake
            return False
        rows, row = self.dropdown.count(), self.dropdown.currentRow()
        if key == Qt.Key.Key_Down:
            self.dropdown.setCurrentRow(min(row + 1, rows - 1))
            return True
        if key == Qt.Key.Key_Up:
            self.dropdown.setCurrentRow(max(row - 1, -1))
            return True
        if key == Qt.Key.Key_Escape:
            self.dropdown.hide()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and row >= 0:
            self.take(row)
            return True
        return False

    # ------------------------------------------------------------------ the link

    def take(self, row: int, *, move_on: bool = True) -> None:
        """Take the customer of drop-down row ``row`` (or the first match) over."""
        others = [m for m in self.matches if m.customer.id != self.linked_id] or self.matches
        if not 0 <= row < len(others):
            return
        match = others[row]
        self.dropdown.hide()
        self.link(match, auto=False)
        if not match.earlier_cases and match.earlier_count and not match.customer.masked:
            self._asked = phone_digits(match.customer.phone)
            self.desk.run(  # their history: the drop-down had only the counts
                sv.find_customers,
                phone=match.customer.phone,
                limit=1,
                on_done=lambda found: self._found(self._asked, found),
                on_error=lambda _e: None,
            )
        else:
            self.show_matches([match])
        if move_on:
            self.taken.emit()

    def link(self, match: CustomerMatch, *, auto: bool) -> None:
        """This intake is ``match``'s: their name (and what else is known) filled in where
        the clerk has typed nothing, the earlier state kept for Ctrl+Z."""
        customer: CustomerView = match.customer
        w = self.w
        self._before_link = {
            "phone": w["phone"].text(),
            "name": w["name"].text(),
            "consent": w["consent"].isChecked(),
            "email": w["email"].text(),
            "address": w["address"].text(),
        }
        self.linked_id = customer.id
        self._linked_digits = phone_digits(customer.phone) if not customer.masked else ""
        self.separate = False
        if not auto and not customer.masked:
            w["phone"].setText(customer.phone)
        if not w["name"].text().strip() or not auto:
            w["name"].setText(customer.name)
        if customer.consent_at is not None and not auto:
            # Given before, for the same purpose. Not while the clerk types on: the tick
            # they are about to give would take it away again.
            w["consent"].setChecked(True)
        for key in ("email", "address"):
            value = getattr(customer, key)
            if value and not customer.masked and not w[key].text().strip():
                w[key].setText(value)
        self.note.setText(
            tr("기존 고객 {name} 연결됨 — 취소(Ctrl+Z)", name=customer.name)
            if customer.consent_at is None
            else tr("기존 고객 {name} 연결됨 (동의 이력 있음) — 취소(Ctrl+Z)", name=customer.name)
        )
        self.note.show()
        self.changed.emit()

    def can_undo(self) -> bool:
        return self.linked_id is not None and self._before_link is not None

    def undo(self) -> None:
        """Ctrl+Z: not that customer. The fields go back to what was typed; a number already
        on record then makes a new customer of its own (the service is told so)."""
        if not self.can_undo():
            return
        was_exact = self._before_link is not None and (
            phone_digits(self._before_link["phone"]) == self._linked_digits
        )
        self._unlink(restore=True)
        self.separate = was_exact
        if was_exact:
            self.note.setText(tr("새 고객으로 접수합니다 (같은 번호의 기존 고객과 따로 기록)"))
            self.note.show()

    def _unlink(self, *, restore: bool) -> None:
        before, self._before_link = self._before_link, None
        self.linked_id = None
        self._linked_digits = ""
        if restore and before is not None:
            for key in ("phone", "name", "email", "address"):
                self.w[key].setText(before[key])
            self.w["consent"].setChecked(before["consent"])
        self.note.hide()
        self._show_history(None)
        self.changed.emit()

    def set_linked(self, customer_id: int | None) -> None:
        """A draft's link, given back: the id alone (the look-up shows the rest)."""
        self.clear()
        self.linked_id = customer_id
        self._linked_digits = phone_digits(self.w["phone"].text()) if customer_id else ""
        if customer_id is not None:
            self.timer.start()

    def clear(self) -> None:
        self.matches = []
        self.linked_id = None
        self._linked_digits = ""
        self._before_link = None
        self.separate = False
        self._asked = ""
        self.timer.stop()
        self.dropdown.hide()
        self.note.hide()
        self.use_button.hide()
        self._show_history(None)

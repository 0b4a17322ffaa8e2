"""The intake's side panel: the steps of a good intake to tick off, and the words that help or
hurt at the counter.

On a narrow window the form needs the width: below ``COLLAPSE_BELOW`` the panel folds to a
strip with a button that opens it again (a person's choice holds until the window crosses
that width again). On a short one its lines scroll rather than overlap.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.i18n import N_, tr
from gui.common.screen import ScrollingBody

CHECKLIST = (
    N_("끝까지 경청하고 공감을 표현했다"),
    N_("발생 시간·장소·관련 직원을 확인했다"),
    N_("고객이 원하는 것(요구사항)을 확인했다"),
    N_("고객의 기대치와 최종선을 파악했다"),
    N_("처리 일정과 회신 기한(접수증에 인쇄됨)을 안내했다"),
    N_("개인정보 수집·이용 동의를 받았다"),
)
HELPFUL = (
    N_("불편을 드려 정말 죄송합니다."),
    N_("말씀해 주셔서 감사합니다. 끝까지 듣겠습니다."),
    N_("제가 책임지고 확인해서 ○시까지 연락드리겠습니다."),
    N_("고객님 입장이라면 저라도 화가 났을 것 같습니다."),
)
AVOID = (
    N_("그건 저희 규정이라 어쩔 수 없습니다."),
    N_("제 담당이 아닙니다."),
    N_("진정하세요."),
    N_("고객님이 잘못 아신 겁니다."),
)


# The window width (logical pixels) below which the panel folds: the form keeps room for
# its two columns beside the menu.
COLLAPSE_BELOW = 1200
# Open: as wide as the phrases want, up to the most. The least is small so the window can
# still be made narrower, which folds the panel.
OPEN_WIDTH = (160, 280, 340)  # least, wanted, most


class TickRow(QWidget):
    """A check box whose words wrap (a QCheckBox's do not): a click on the words ticks it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.box = QCheckBox()
        self.box.setAccessibleName(text)
        self.box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # keep Tab on the form
        self.words = QLabel(text)
        self.words.setWordWrap(True)
        self.words.setBuddy(self.box)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.words, 1)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.box.toggle()
        super().mouseReleaseEvent(event)


class IntakeGuide(QFrame):
    """접수 절차 점검: ticked by the clerk as they go, cleared for the next customer."""

    def __init__(self) -> None:
        super().__init__()
        self.is_open = True
        self.setObjectName("sidePanel")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        head = QHBoxLayout()
        self.title = QLabel(tr("접수 절차 점검"))
        self.title.setObjectName("panelTitle")
        self.title.setWordWrap(True)
        self.toggle = QToolButton()
        self.toggle.setObjectName("panelToggle")
        self.toggle.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # keep Tab on the form
        self.toggle.clicked.connect(lambda: self.set_open(not self.is_open, by_hand=True))
        head.addWidget(self.title, 1)
        head.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(head)
        # Folded: how many steps are ticked, under the button.
        self.ticked = QLabel()
        self.ticked.setObjectName("hint")
        self.ticked.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        outer.addWidget(self.ticked)

        col = QVBoxLayout()
        col.setContentsMargins(0, 0, 0, 0)
        self.checks: list[QCheckBox] = []
        for text in CHECKLIST:
            tick = TickRow(tr(text))
            tick.box.toggled.connect(lambda _on: self._count())
            self.checks.append(tick.box)
            col.addWidget(tick)
        for heading, phrases, name in (
            (tr("도움이 되는 말"), HELPFUL, "good"),
            (tr("피해야 할 말"), AVOID, "bad"),
        ):
            lab = QLabel(heading)
            lab.setObjectName("panelTitle")
            col.addWidget(lab)
            for p in phrases:
                line = QLabel(("✓ " if name == "good" else "✗ ") + tr(p))
                line.setObjectName(f"phrase_{name}")
                line.setWordWrap(True)
                col.addWidget(line)
        col.addStretch(1)
        self.body = ScrollingBody.around(col)
        outer.addWidget(self.body, 1)
        outer.addStretch(0)
        self._by_hand = False
        self._watched: QWidget | None = None
        self._narrow: bool | None = None
        self.set_open(True)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(OPEN_WIDTH[1], hint.height()) if self.is_open else hint

    def reset(self) -> None:
        for box in self.checks:
            box.setChecked(False)

    # ------------------------------------------------------------------ folding

    def set_open(self, on: bool, *, by_hand: bool = False) -> None:
        """Open the panel or fold it to a strip; ``by_hand``: the person chose it."""
        self.is_open = on
        self._by_hand = self._by_hand or by_hand
        self.title.setVisible(on)
        self.body.setVisible(on)
        self.ticked.setVisible(not on)
        self.toggle.setText("»" if on else "«")  # folds to the right, opens to the left
        self.toggle.setToolTip(tr("점검 목록 접기") if on else tr("점검 목록 펼치기"))
        self.toggle.setAccessibleName(self.toggle.toolTip())
        if on:
            self.setMinimumWidth(OPEN_WIDTH[0])
            self.setMaximumWidth(OPEN_WIDTH[2])
        else:
            strip = self.toggle.sizeHint().width() + 12
            strip = max(strip, self.ticked.sizeHint().width() + 12)
            self.setFixedWidth(strip)
        self._count()

    def _count(self) -> None:
        done = sum(box.isChecked() for box in self.checks)
        self.ticked.setText(f"{done}/{len(self.checks)}")

    def _follow(self, width: int) -> None:
        narrow = width < COLLAPSE_BELOW
        if narrow != self._narrow:  # crossing the width: the window decides again
            self._narrow = narrow
            self._by_hand = False
        if not self._by_hand and self.is_open == narrow:
            self.set_open(not narrow)

    def showEvent(self, event: QShowEvent) -> None:
        window = self.window()
        if window is not self._watched:
            if self._watched is not None:
                self._watched.removeEventFilter(self)
            window.installEventFilter(self)
            self._watched = window
        self._follow(window.width())
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Resize:
            self._follow(self._watched.width())
        return False

"""Windows and dialogs that fit the screen they open on.

Offices run 1366×768 laptops (1366×728 above the taskbar) and Full HD monitors at 150 %
(1280×680 logical pixels above the taskbar): a fixed window size is taller than both
(DESIGN.md traps). Every dialog and top-level window is sized here from its screen's
available geometry, never larger than it; content that needs more room scrolls inside a
``ScrollingBody``, so the buttons below it stay on the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QDialog, QFrame, QLayout, QMessageBox, QScrollArea, QStyle, QWidget

# A window's frame before it has one of its own: the title bar of Windows 10/11 at 100 %
# (the side borders there are invisible resize handles outside the work area's count).
TYPICAL_FRAME = QMargins(8, 31, 8, 8)
# Below this available height (logical pixels) the main window opens maximised: a
# 1366×768 laptop and a Full HD screen at 150 % need every line they have.
SMALL_SCREEN_HEIGHT = 800


def screen_of(widget: QWidget) -> QScreen:
    """The screen ``widget`` is on, or will open on: its parent window's, else its own."""
    parent = widget.parentWidget()
    owner = parent.window() if parent is not None else widget
    return owner.screen() or QGuiApplication.primaryScreen()


def available_area(widget: QWidget) -> QRect:
    """Where a window of ``widget`` may go: its screen less the taskbar, in logical pixels."""
    return screen_of(widget).availableGeometry()


def frame_margins(widget: QWidget) -> QMargins:
    """The frame around ``widget``'s window: its own once shown, else a typical title bar."""
    window = widget.window()
    handle = window.windowHandle()
    if handle is not None and window.isVisible() and not window.isMaximized():
        margins = handle.frameMargins()
        if margins != QMargins():
            return margins
    return TYPICAL_FRAME


def room_for(widget: QWidget) -> QSize:
    """The largest window content whose frame still fits the available area."""
    area, m = available_area(widget), frame_margins(widget)
    return QSize(area.width() - m.left() - m.right(), area.height() - m.top() - m.bottom())


def fitted_size(widget: QWidget, preferred: QSize | None = None) -> QSize:
    """``preferred`` (or what the content asks for), never smaller than the content needs
    when there is room, never larger than the room."""
    want = widget.sizeHint()
    if preferred is not None:
        want = QSize(preferred).expandedTo(want) if want.isValid() else QSize(preferred)
    if not want.isValid():
        want = widget.size()
    return want.expandedTo(widget.minimumSizeHint()).boundedTo(room_for(widget))


def keep_inside(widget: QWidget, *, centre: bool = False) -> None:
    """Move the window ``widget`` so its frame lies inside the available area; with
    ``centre``, over its parent window (or the middle of the screen) first."""
    area, m = available_area(widget), frame_margins(widget)
    outer = widget.size().grownBy(m)
    top_left = widget.pos()  # a window's position is its frame's
    if centre:
        parent = widget.parentWidget()
        anchor = parent.window().frameGeometry() if parent is not None else area
        top_left = anchor.center() - QPoint(outer.width() // 2, outer.height() // 2)
    x = max(area.left(), min(top_left.x(), area.left() + area.width() - outer.width()))
    y = max(area.top(), min(top_left.y(), area.top() + area.height() - outer.height()))
    if QPoint(x, y) != widget.pos():
        widget.move(x, y)


def fit_now(widget: QWidget, preferred: QSize | None = None, *, centre: bool = True) -> None:
    """Size and place the window ``widget`` for its screen at once (``fit_to_screen`` does
    this each time it is shown)."""
    room = room_for(widget)
    if not room.isValid():
        return
    _settle_layouts(widget)
    least = widget.minimumSize().expandedTo(widget.minimumSizeHint())
    if least.width() > room.width() or least.height() > room.height():
        # The last resort: an explicit minimum overrides the layout's, so the frame stays
        # on the screen (the checks in tests/gui/test_screen_fit.py find what got squeezed).
        widget.setMinimumSize(least.boundedTo(room))
    if isinstance(widget, QDialog):  # grows with its content, up to the screen
        widget.setMaximumSize(room)
    widget.resize(fitted_size(widget, preferred))
    keep_inside(widget, centre=centre)


def _settle_layouts(window: QWidget) -> None:
    """Lay out what changed since the window was built (a label filled in, a row hidden)
    before its size is read: those layout requests are still queued when it is shown."""
    for body in window.findChildren(ScrollingBody):
        content = body.widget()
        inner = content.layout() if content is not None else None
        if inner is not None:
            inner.activate()
        body.updateGeometry()
    top = window.layout()
    if top is not None:
        top.activate()


class _FitOnShow(QObject):
    """Fits its window every time it is shown: the content may have grown since."""

    def __init__(self, widget: QWidget, preferred: QSize | None) -> None:
        super().__init__(widget)
        self.preferred = preferred
        self.shown_before = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and not event.spontaneous()
            and watched is self.parent()
            and isinstance(watched, QWidget)
            and watched.isWindow()
        ):
            # A window the person moved keeps its place (only pulled back onto the screen).
            fit_now(watched, self.preferred, centre=not self.shown_before)
            self.shown_before = True
        return False


def fit_to_screen(widget: QWidget, preferred: QSize | None = None) -> None:
    """Size the dialog or window ``widget`` from its screen whenever it is shown:
    ``preferred`` (or its content's size), never larger than the available area less the
    window frame, centred over its parent window at first. Put long content in a
    ``ScrollingBody``: it scrolls, and the buttons below it stay on the screen.

    Message boxes size themselves (QMessageBox) and are left alone."""
    if isinstance(widget, QMessageBox):
        return
    _FitOnShow(widget, preferred)


class ScrollingBody(QScrollArea):
    """Content that scrolls when its window is too short for it. Unlike a plain scroll
    area (which asks for at most 24 lines), it asks for all the room its content needs, so
    where the screen has room nothing scrolls."""

    LEAST_HEIGHT = 120  # what it asks for at the least: a few lines stay readable

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(content)
        # The panel's own background shows through (a side panel's colour, a dialog's).
        self.viewport().setAutoFillBackground(False)
        content.setAutoFillBackground(False)
        # A scroll area keeps its size hint when its content grows (a label filled in, a row
        # shown after construction); the window's layout would then cache the old one and
        # squeeze the content. Passing the content's layout requests on prevents that.
        content.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
            self._grow_dialog()
        return super().eventFilter(watched, event)

    def _grow_dialog(self) -> None:
        """An open dialog whose content grew (error lines shown, a row revealed) grows with
        it, as far as its screen allows, rather than scroll with room to spare."""
        window, content = self.window(), self.widget()
        if not (isinstance(window, QDialog) and window.isVisible() and content is not None):
            return
        short = content.sizeHint().height() - self.viewport().height()
        if short <= 0:
            return
        height = min(window.height() + short, room_for(window).height())
        if height > window.height():
            window.resize(window.width(), height)
            keep_inside(window)

    @classmethod
    def around(cls, layout: QLayout, parent: QWidget | None = None) -> ScrollingBody:
        """A scrolling body holding ``layout`` (its margins are the body's)."""
        content = QWidget()
        content.setLayout(layout)
        return cls(content, parent)

    def _bar(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)

    def sizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().sizeHint()
        frame = 2 * self.frameWidth()
        hint = content.sizeHint()
        # Room for a vertical bar too: when the height runs out, no sideways scrolling.
        return QSize(hint.width() + frame + self._bar(), hint.height() + frame)

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().minimumSizeHint()
        least = content.minimumSizeHint()
        frame = 2 * self.frameWidth()
        height = min(least.height(), self.LEAST_HEIGHT) if least.height() > 0 else 0
        return QSize(least.width() + frame + self._bar(), height + frame)


def compact_height(widget: QWidget) -> bool:
    """Whether ``widget``'s screen is a short one (a laptop, a Full HD screen at 150 %)."""
    return available_area(widget).height() < SMALL_SCREEN_HEIGHT

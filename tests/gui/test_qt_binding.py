"""The Qt binding must keep Python's own objects alive: a counter PC runs for days.

PySide6 6.12.0 on Python 3.11 took one reference from ``None`` at every call of a Qt method
that returns nothing (``QLabel.setText``, ``setEnabled``, …) and never gave it back; a day of
typing at the counter used up None's references and Python aborted ("deallocating None").
Python 3.12 made None immortal, which hides the fault; 3.11 is what we build on.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLabel

pytestmark = pytest.mark.gui


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_calls_that_return_nothing_keep_none_alive(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(2000):
        label.setText(str(i % 10))
        label.setEnabled(i % 2 == 0)
    lost = before - sys.getrefcount(None)
    # A few references come and go with the interpreter's own work; thousands do not.
    assert lost < 100, f"None lost {lost} references in 4,000 calls"

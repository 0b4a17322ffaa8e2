"""개선 조치: the register page, its dialogs, and the improvements part of a case window."""

"""What a window can change, one function per user intention (Anki's ``aqt.operations``).

Each operation takes the desk and keyword-only arguments, runs its service on the database
thread (``Desk.run``), and calls ``on_done(result)`` or ``on_error(exception)`` back on the UI
thread. The desk then tells the other windows which cases changed (``Desk.cases_changed``),
so an operation never refreshes anything itself. Without ``on_error`` a failure is shown by
the desk: a typed error as a message, anything else as the app's error dialog.

Windows write only through these; reads stay ``desk.run(sv.get_case, ...)``.
"""

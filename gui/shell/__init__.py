"""The frame around the screens: the main window, first start and login, the idle lock and
the error dialog."""

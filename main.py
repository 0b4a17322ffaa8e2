"""경청 Complaint Desk. ``python main.py`` starts the app; ``python main.py --help`` lists the
commands."""

import multiprocessing
import sys

from cli.main import main


def start_app(db_url: str | None, lang: str | None) -> int:
    from gui.app import run  # Qt loads only when the app starts, not for a command

    return run(db_url=db_url, lang=lang)


if __name__ == "__main__":
    # The big demo's helper processes start this file again: in the installed bundle,
    # freeze_support() runs them instead of the app.
    multiprocessing.freeze_support()
    sys.exit(main(start_app=start_app))

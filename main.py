"""경청 Complaint Desk. ``python main.py`` starts the app; ``python main.py --help`` lists the
commands."""

import sys

from core.cli import main

if __name__ == "__main__":
    sys.exit(main())

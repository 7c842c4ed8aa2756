"""The `acoms` console script.

Pure-Python command groups (program rules, analytics) run without Django, so they work on a
machine with no database configured; everything else is a Django management command run with
the project's settings preset (`acoms migrate`, `acoms demo`, `acoms createsuperuser`, ...).
"""

import importlib
import os
import sys

# command group -> module with `main(argv: list[str]) -> int`
PURE_COMMANDS = {
    "puf": "acoms.rules.cli",
    "claims": "acoms.analytics.cli",
    "assign": "acoms.analytics.cli",
    "finance": "acoms.analytics.finance.cli",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in PURE_COMMANDS:
        module = importlib.import_module(PURE_COMMANDS[argv[0]])
        return int(module.main(argv) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acoms.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["acoms", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())

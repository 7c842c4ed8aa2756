"""The `acoms` console script.

`acoms` (or `acoms --help`) lists the project's own command groups first. Pure-Python groups (program rules,
analytics) run without Django, so they work on a machine with no database configured; the others are the
project's Django management commands, run with the settings preset. Django's own commands (migrate,
createsuperuser, runserver, ...) are the advanced section: `acoms django <command>` (or, as before,
`acoms <command>`); `acoms django help` lists them all.
"""

import importlib
import os
import sys

# command group -> (module with `main(argv: list[str]) -> int`, one line of help)
PURE_COMMANDS = {
    "claims": ("acoms.analytics.cli", "claims datasets: write a synthetic one, load CMS CCLF files, validate one"),
    "assign": ("acoms.analytics.cli", "beneficiary assignment (42 CFR 425.400-425.404); `assign explain` says why"),
    "puf": ("acoms.rules.cli", "recompute each ACO of a Shared Savings Program results PUF and compare with CMS"),
    "quality": (
        "acoms.rules.quality_cli",
        "quality measures: import CMS's measure catalog, reproduce a results PUF's quality scores",
    ),
    "finance": (
        "acoms.analytics.finance.cli",
        "the performance year from claims: expenditures, risk, benchmark, settlement",
    ),
}
# Django commands an operator needs, named in the advanced section of the help.
OPERATOR_COMMANDS = ("migrate", "createsuperuser", "runserver", "db_worker", "collectstatic", "check", "shell")


def _django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acoms.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 (pure groups run without Django)

    execute_from_command_line(["acoms", *argv])
    return 0


def _project_commands() -> dict[str, str]:
    """The project's Django management commands (those of acoms apps) -> their one line of help."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acoms.settings")
    import django  # noqa: PLC0415 (pure groups run without Django)
    from django.core.management import get_commands, load_command_class  # noqa: PLC0415

    django.setup()
    out = {}
    for name, app in sorted(get_commands().items()):
        if app.startswith("acoms."):
            out[name] = (load_command_class(app, name).help or "").strip().split("\n")[0]
    return out


def help_text() -> str:
    groups = {name: line for name, (_, line) in PURE_COMMANDS.items()} | _project_commands()
    width = max(map(len, groups)) + 2
    lines = [
        "usage: acoms <command> [options]   (acoms help <command>, or acoms <command> --help, for its options)",
        "",
        "ACO-MS commands:",
    ]
    lines += [f"  {name:<{width}}{line}" for name, line in sorted(groups.items())]
    lines += [
        "",
        "Advanced (Django management): acoms django <command> [options]",
        f"  for example {', '.join(OPERATOR_COMMANDS)}; `acoms django help` lists every command.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.umask(0o077)  # claims datasets, the database and uploads hold beneficiary data: owner-only
    if not argv or argv[0] in ("-h", "--help") or argv == ["help"]:
        print(help_text())
        return 0
    if argv[0] == "help" and argv[1] in PURE_COMMANDS:
        argv = [argv[1], "--help"]
    if argv[:2] == ["puf", "publish"]:  # the one `puf` command that reads the database (performance runs)
        return _django(["puf_publish", *argv[2:]])
    if argv[0] in PURE_COMMANDS:
        module = importlib.import_module(PURE_COMMANDS[argv[0]][0])
        return int(module.main(argv) or 0)
    if argv[0] == "django":
        return _django(argv[1:] or ["help"])
    return _django(argv)


if __name__ == "__main__":
    sys.exit(main())

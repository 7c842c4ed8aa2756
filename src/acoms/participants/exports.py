"""Files the participant lists hand out: the blank templates, validation reports and list exports (CSV, XLSX,
written by acoms.lib.spreadsheets, escaped against formula injection)."""

from collections.abc import Iterable

from acoms.lib.spreadsheets import to_csv, to_xlsx
from acoms.participants.layouts import LAYOUTS


def template(kind: str, fmt: str) -> bytes:
    layout = LAYOUTS[kind]
    example = [[c.example for c in layout.columns]]
    if fmt == "csv":
        return to_csv(layout.headers, example)
    help_rows = [[c.header, "required" if c.required else "optional", c.help] for c in layout.columns]
    return to_xlsx(
        {layout.title: (layout.headers, example), "How to fill": (["Column", "", "What to enter"], help_rows)}
    )


FINDING_HEADER = ["Row", "Field", "Code", "Severity", "Message"]


def findings_rows(findings) -> Iterable[list]:
    return ([f["row"], f["field"], f["code"], f["severity"], f["message"]] for f in findings)


def list_rows(kind: str, rows: list[dict]) -> tuple[list[str], list]:
    layout = LAYOUTS[kind]
    out = []
    for row in rows:
        values = []
        for field in layout.fields:
            value = row.get(field)
            values.append("; ".join(value) if isinstance(value, list) else ("" if value is None else value))
        out.append(values)
    return layout.headers, out

"""Column layouts of the upload files, after CMS's participant list template: one sheet per list,
the header on the first row, one entity per row. The layout is recognised from the header, so
the same upload box takes any of the three lists. docs/participants.md shows them."""

from dataclasses import dataclass

PARTICIPANTS = "participants"
PROVIDERS = "providers"
SNF_AFFILIATES = "snf"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool
    max_length: int
    example: str
    help: str


@dataclass(frozen=True)
class Layout:
    kind: str
    title: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def fields(self) -> list[str]:
        return [c.field for c in self.columns]

    def header(self, field: str) -> str:
        return next(c.header for c in self.columns if c.field == field)


LAYOUTS: dict[str, Layout] = {
    PARTICIPANTS: Layout(
        PARTICIPANTS,
        "ACO participants",
        (
            Column("Participant TIN", "tin", True, 11, "201234560", "Nine-digit billing TIN; hyphens allowed."),
            Column(
                "Participant Legal Business Name",
                "legal_name",
                True,
                200,
                "Riverside Family Medicine, PC",
                "As enrolled in Medicare (PECOS).",
            ),
            Column(
                "CCNs",
                "ccns",
                False,
                200,
                "361801; 361302",
                "FQHC, RHC, CAH or ETA hospital CCNs billed under the TIN, separated by semicolons.",
            ),
        ),
    ),
    PROVIDERS: Layout(
        PROVIDERS,
        "ACO providers/suppliers",
        (
            Column("Billing TIN", "tin", True, 11, "201234560", "The participant TIN the clinician bills through."),
            Column("Individual NPI", "npi", True, 10, "1234567893", "Ten-digit NPI."),
            Column("Provider Name", "name", True, 200, "Jane Rivera", "As enrolled in Medicare (PECOS)."),
        ),
    ),
    SNF_AFFILIATES: Layout(
        SNF_AFFILIATES,
        "SNF affiliates",
        (
            Column("SNF CCN", "ccn", True, 6, "365123", "Skilled nursing facility or swing-bed CCN."),
            Column(
                "SNF Legal Business Name",
                "name",
                True,
                200,
                "Maple Grove Nursing Center",
                "As enrolled in Medicare (PECOS).",
            ),
            Column("Overall Star Rating", "stars", False, 3, "4", "CMS overall star rating 1–5; blank if not rated."),
        ),
    ),
}


def _norm(header) -> str:
    return " ".join(str(header or "").split()).casefold()


def detect(header_row) -> Layout | None:
    """The layout whose headers are exactly the given ones (case and spacing ignored, any order)."""
    given = {_norm(h) for h in header_row if _norm(h)}
    for layout in LAYOUTS.values():
        if given == {_norm(h) for h in layout.headers}:
            return layout
    return None


def column_positions(layout: Layout, header_row) -> dict[str, int]:
    index = {_norm(h): i for i, h in enumerate(header_row)}
    return {c.field: index[_norm(c.header)] for c in layout.columns}

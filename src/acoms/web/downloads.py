"""A table a person takes to Excel: one response for CSV or XLSX (?format=csv|xlsx), escaped against formula
injection by acoms.lib.spreadsheets. Pages link to it with {% include "web/download_links.html" %}."""

from collections.abc import Iterable, Sequence

from django.http import FileResponse, HttpResponse

from acoms.lib import spreadsheets

FORMATS = ("csv", "xlsx")


def wanted_format(request, default: str = "xlsx") -> str:
    fmt = request.GET.get("format", default)
    return fmt if fmt in FORMATS else default


def table_response(fmt: str, filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence]):
    """The table as `filename`.csv or .xlsx (a sheet named `title`), streamed as an attachment."""
    if fmt == "csv":
        response = HttpResponse(spreadsheets.to_csv(list(header), rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    file = spreadsheets.xlsx_file({title: (list(header), rows)})
    return FileResponse(file, as_attachment=True, content_type=spreadsheets.XLSX_TYPE, filename=f"{filename}.xlsx")

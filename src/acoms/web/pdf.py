"""Letters as tagged, accessible PDFs: an HTML template and its stylesheet printed by WeasyPrint as PDF/UA-1
(headings, paragraphs and tables in a structure tree, the document's language and title, embedded fonts).
Every letter the system sends — the decision letter, the settlement letter — is printed here."""

from django.template.loader import render_to_string


def letter_pdf(template: str, stylesheet: str, context: dict) -> bytes:
    """The PDF of `template` rendered with `context`, styled by the `stylesheet` template."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 (loads pango on first use, not at every start)

    html = render_to_string(template, context)
    style = CSS(string=render_to_string(stylesheet))
    return HTML(string=html).write_pdf(stylesheets=[style], pdf_variant="pdf/ua-1", pdf_tags=True)

"""The list templates an ACO downloads: both formats linked, and their sample row is a row the demo registry
accepts (a template whose own example fails validation teaches the wrong thing)."""

import pytest
from django.urls import reverse

from acoms import demo
from acoms.participants.context import registry_context
from acoms.participants.layouts import LAYOUTS
from acoms.participants.reader import read_upload
from acoms.participants.validation import ERROR, validate


@pytest.fixture
def demo_site(db):
    demo.seed()


@pytest.mark.parametrize("kind", list(LAYOUTS))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_sample_row_passes_validation_against_the_demo_registry(client, demo_site, kind, fmt):
    client.login(username="aco-executive", password=demo.DEMO_PASSWORD)
    response = client.get(reverse("participant_template", args=[kind]), {"format": fmt})
    assert response.status_code == 200
    parsed = read_upload(b"".join(response), f"template.{fmt}")
    assert parsed.layout.kind == kind and len(parsed.rows) == 1
    report = validate(parsed.layout, parsed.rows, registry_context(kind))
    assert [f for f in report.findings if f["severity"] == ERROR] == []
    assert len(report.accepted) == 1


def test_the_list_page_links_both_formats_of_every_template(client, demo_site):
    client.login(username="aco-executive", password=demo.DEMO_PASSWORD)
    page = client.get(reverse("participant_list", args=["A1001"])).content.decode()
    for kind in LAYOUTS:
        url = reverse("participant_template", args=[kind])
        assert f'href="{url}?format=csv"' in page
        assert f'href="{url}?format=xlsx"' in page or f'href="{url}"' in page

"""The ACO home's "Needs your attention" and the navigation."""

import datetime as dt

from django.urls import reverse

from acoms.participants.models import ChangeWindow


def test_open_window_and_certification_show_on_the_aco_home(client, people):
    today = dt.date.today()
    ChangeWindow.objects.create(py=2031, opens_on=today, closes_on=today + dt.timedelta(days=3))
    client.force_login(people["aco-signer"])
    page = client.get(reverse("aco_home", args=["A1001"])).content.decode()
    assert "The PY2031 participant change window is open" in page
    assert "Certify the PY2031 participant and SNF affiliate lists" in page
    client.force_login(people["aco-medical"])
    page = client.get(reverse("aco_home", args=["A1001"])).content.decode()
    assert "change window is open" not in page and "Certify the PY2031" not in page


def test_navigation_links_by_role(client, people):
    client.force_login(people["aco-data"])
    assert (
        reverse("participant_list", args=["A1001"]) in client.get(reverse("aco_home", args=["A1001"])).content.decode()
    )
    client.force_login(people["cms-reviewer"])
    assert reverse("participant_change_queue") in client.get(reverse("cms_home")).content.decode()

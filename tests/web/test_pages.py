from django.urls import reverse

from acoms.audit.models import AuditEvent


def test_aco_home_shows_real_contacts_and_an_empty_state(client, people):
    client.force_login(people["aco-compliance"])
    page = client.get(reverse("aco_home", args=["A1001"])).content.decode()
    assert "Casey Compliance" in page and "Sam Signer" in page
    assert "Owen Other" not in page  # ACO Y's executive
    assert "Nothing needs your attention" in page
    assert 'href="#main-content"' in page and 'id="main-content"' in page


def test_navigation_follows_the_role(client, people):
    client.force_login(people["aco-executive"])
    page = client.get(reverse("aco_home", args=["A1001"])).content.decode()
    assert reverse("audit_log") not in page and reverse("cms_home") not in page
    client.force_login(people["cms-admin"])
    page = client.get(reverse("cms_home")).content.decode()
    assert reverse("audit_log") in page and reverse("admin:index") in page
    client.force_login(people["cms-reviewer"])
    page = client.get(reverse("cms_home")).content.decode()
    assert reverse("audit_log") not in page


def test_cms_home_counts_what_is_in_the_database(client, people):
    client.force_login(people["cms-analyst"])
    response = client.get(reverse("cms_home"))
    assert response.context["aco_count"] == 2
    assert 'data-testid="aco-count">2<' in response.content.decode()


def test_audit_log_filters(client, people):
    client.force_login(people["cms-admin"])
    response = client.get(reverse("audit_log"), {"action": "membership.grant"})
    events = list(response.context["page"].object_list)
    assert events and all(e.action == "membership.grant" for e in events)
    assert len(events) == AuditEvent.objects.filter(action="membership.grant").count()

"""The CMS Administrator's pages: change windows (open, reschedule, close, with date checks) and
loading the enrollment registry from a reference CSV; the provider list's pages."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from acoms.audit.models import AuditEvent
from acoms.participants import actions
from acoms.participants.models import ChangeWindow, EnrollmentRecord, Participant, Provider
from acoms.participants.nav import items

TODAY = dt.date.today()
WINDOWS = reverse("participant_change_windows")


def _d(days):
    return (TODAY + dt.timedelta(days=days)).isoformat()


def _open(client, py=2031, opens=-1, closes=10):
    return client.post(WINDOWS, {"py": py, "opens_on": _d(opens), "closes_on": _d(closes)})


def test_the_administrator_opens_sees_and_closes_a_window(client, people):
    client.force_login(people["cms-admin"])
    response = _open(client)
    assert response.status_code == 302
    window = ChangeWindow.objects.get(py=2031)
    assert actions.open_window() == window
    assert AuditEvent.objects.filter(action="participants.open_change_window", actor=people["cms-admin"]).exists()
    page = client.get(WINDOWS).content.decode()
    assert "PY2031" in page and 'data-testid="window-status-2031">open' in page
    response = client.post(reverse("participant_change_window_close", args=[window.pk]))
    assert response.status_code == 302
    window.refresh_from_db()
    assert window.closed_by == people["cms-admin"] and actions.open_window() is None
    assert "closed early" in client.get(WINDOWS).content.decode()
    response = client.post(reverse("participant_change_window_close", args=[window.pk]), follow=True)
    assert "already closed" in response.content.decode()
    assert AuditEvent.objects.filter(action="participants.close_change_window").count() == 1


def test_a_closed_window_stops_change_requests(world):
    window = actions.open_change_window(by=world["cms-admin"], py=2027, opens_on=TODAY, closes_on=TODAY)
    actions.close_change_window(by=world["cms-admin"], window=window)
    with pytest.raises(Exception, match="change window is closed"):
        actions.request_change(
            by=world["aco-executive"],
            aco=world["_orgs"]["aco_x"],
            kind="participants",
            action="add",
            raw={"tin": "201234560", "legal_name": "Riverside Family Medicine, PC"},
        )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"py": 2031, "opens_on": _d(5), "closes_on": _d(4)}, "closes_on", "must close on or after the day it opens"),
        ({"py": 2031, "opens_on": _d(-9), "closes_on": _d(-2)}, "closes_on", "has passed"),
        ({"py": 2031, "opens_on": "31/02/2031", "closes_on": _d(3)}, "opens_on", "Enter a valid date"),
        ({"py": 2031, "opens_on": "", "closes_on": ""}, "opens_on", "This field is required"),
        ({"py": 1999, "opens_on": _d(0), "closes_on": _d(3)}, "py", "greater than or equal to 2012"),
        ({"py": "next", "opens_on": _d(0), "closes_on": _d(3)}, "py", "Enter a whole number"),
    ],
)
def test_bad_dates_get_field_errors_and_change_nothing(client, people, data, field, message):
    client.force_login(people["cms-admin"])
    response = client.post(WINDOWS, data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert 'class="usa-error-message"' in response.content.decode()
    assert not ChangeWindow.objects.exists() and not AuditEvent.objects.filter(action__contains="window").exists()


def test_windows_of_different_years_may_not_overlap_and_a_window_can_be_rescheduled(client, people):
    client.force_login(people["cms-admin"])
    _open(client, py=2031, opens=0, closes=10)
    response = _open(client, py=2032, opens=5, closes=20)
    assert "windows of different years may not overlap" in str(response.context["form"].errors["opens_on"])
    assert not ChangeWindow.objects.filter(py=2032).exists()
    assert _open(client, py=2031, opens=0, closes=30).status_code == 302
    assert ChangeWindow.objects.get(py=2031).closes_on == TODAY + dt.timedelta(days=30)
    event = AuditEvent.objects.get(action="participants.reschedule_change_window")
    assert event.before["closes_on"] == _d(10) and event.after["closes_on"] == _d(30)
    _open(client, py=2031, opens=0, closes=30)  # the same dates again change nothing
    assert AuditEvent.objects.filter(action="participants.reschedule_change_window").count() == 1


def test_only_an_administrator_opens_or_closes_windows(people):
    with pytest.raises(Exception, match="may not"):
        actions.open_change_window(by=people["cms-approver"], py=2031, opens_on=TODAY, closes_on=TODAY)
    window = ChangeWindow.objects.create(py=2031, opens_on=TODAY, closes_on=TODAY)
    with pytest.raises(Exception, match="may not"):
        actions.close_change_window(by=people["aco-executive"], window=window)
    window.refresh_from_db()
    assert window.closed_at is None


REGISTRY = reverse("participant_registry")
GOOD_CSV = (
    "tin,npi,ccn,legal_name,specialty_code,bills_primary_care\n20-1234560,,,Riverside Family Medicine,,true\n"
    "201234560,1234567893,,Jane Rivera,08,\n,,365012,Maple Grove Nursing Center,,false\n"
)


def _load(client, data: bytes, name="registry.csv"):
    return client.post(REGISTRY, {"file": SimpleUploadedFile(name, data)})


def test_the_administrator_loads_the_registry_from_a_reference_file(client, people):
    client.force_login(people["cms-admin"])
    response = _load(client, GOOD_CSV.encode())
    assert response.status_code == 302
    assert EnrollmentRecord.objects.get(tin="201234560", npi="").legal_name == "Riverside Family Medicine"
    assert EnrollmentRecord.objects.get(npi="1234567893").specialty_code == "08"
    assert not EnrollmentRecord.objects.get(ccn="365012").bills_primary_care
    assert _load(client, GOOD_CSV.encode()).status_code == 302  # loading it again refreshes, adds nothing
    assert EnrollmentRecord.objects.count() == 3
    event = AuditEvent.objects.filter(action="participants.load_registry").first()
    assert event.actor == people["cms-admin"] and event.after["updated"] == 3
    page = client.get(REGISTRY).content.decode()
    assert "registry.csv: 0 added, 3 updated" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            GOOD_CSV.encode() + b"12345,,,Short TIN,,\n,,,No identifier,,\n201234560,,,,,maybe\n",
            "Nothing was loaded. Fix the file and upload it again: row 5: the tin has nine digits; row 6: give a tin, "
            "npi or ccn; row 7: legal_name is empty; row 7: bills_primary_care is “maybe” (use true or false).",
        ),
        (GOOD_CSV.encode("utf-16"), "The file is not UTF-8 text."),
        (b"name,phone\nx,y\n", "The columns are not those of an enrollment reference file (found: name, phone)."),
        (b"", "file is empty."),
        (b"\n \n", "The file is empty."),
        (b"tin,legal_name\n", "The file has a header but no rows."),
    ],
)
def test_a_bad_registry_file_gets_one_message_and_changes_nothing(client, people, data, message):
    EnrollmentRecord.objects.create(tin="371234561", legal_name="Harbor Clinic LLC")
    client.force_login(people["cms-admin"])
    response = _load(client, data)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and message in errors[0]
    assert list(EnrollmentRecord.objects.values_list("tin", flat=True)) == ["371234561"]
    assert not AuditEvent.objects.filter(action="participants.load_registry").exists()


def test_the_navigation_offers_the_pages_to_administrators_only(people):
    admin = dict(items(people["cms-admin"]))
    assert admin["Change windows"] == WINDOWS and admin["Enrollment registry"] == REGISTRY
    for user in ("cms-approver", "cms-reviewer", "aco-executive"):
        assert "Change windows" not in dict(items(people[user])), user


def test_every_provider_can_be_seen_page_by_page(client, people):
    aco = people["_orgs"]["aco_x"]
    Participant.objects.create(organization=aco, tin="201234560", legal_name="R", py=2027)
    npis = [f"1{i:09d}" for i in range(250)]
    Provider.objects.bulk_create(
        [Provider(organization=aco, tin="201234560", npi=n, name=f"N{n}", py=2027) for n in npis]
    )
    client.force_login(people["aco-medical"])
    url = reverse("participant_list", args=["A1001"]) + "?py=2027"
    seen = []
    for page in (1, 2, 3):
        response = client.get(url + f"&page={page}")
        shown = [p.npi for p in response.context["providers"]]
        assert len(shown) == (100 if page < 3 else 50)
        seen += shown
        html = response.content.decode()
        assert 'class="usa-pagination"' in html and f'aria-label="Page {page}" aria-current="page"' in html
    assert seen == npis
    assert "Showing 201–250 of 250" in html and "Next page" not in html
    assert [p.npi for p in client.get(url + "&page=nonsense").context["providers"]][0] == npis[0]
    assert [p.npi for p in client.get(url + "&page=99").context["providers"]][-1] == npis[-1]

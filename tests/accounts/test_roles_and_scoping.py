import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from acoms import demo
from acoms.accounts import actions
from acoms.accounts.models import Membership, Organization
from acoms.accounts.roles import ACO_ROLES, CMS_ROLES, RIGHTS, SYSTEM, Right, Role, check
from acoms.audit.models import AuditEvent


def test_only_authorized_to_sign_may_sign(people, orgs):
    signers = [u for u in people.values() if not isinstance(u, dict) and u.has_right(Right.SIGN, orgs["aco_x"])]
    assert [u.username for u in signers] == ["aco-signer"]


def test_aco_rights_stop_at_the_aco_boundary(people, orgs):
    assert people["other-aco"].has_right(Right.EDIT_APPLICATION, orgs["aco_y"])
    assert not people["other-aco"].has_right(Right.EDIT_APPLICATION, orgs["aco_x"])
    assert not people["aco-signer"].has_right(Right.SIGN, orgs["aco_y"])


def test_cms_roles_hold_program_wide_and_never_sign_for_an_aco(people, orgs):
    assert people["cms-reviewer"].has_right(Right.REVIEW)
    assert not people["cms-reviewer"].has_right(Right.DECIDE)
    assert people["cms-approver"].has_right(Right.DECIDE)
    for name in ("cms-reviewer", "cms-approver", "cms-analyst", "cms-admin"):
        assert not people[name].has_right(Right.SIGN, orgs["aco_x"])


def test_every_right_is_granted_to_someone_and_every_role_has_a_right():
    granted = set().union(*RIGHTS.values())
    assert granted == set(ACO_ROLES | CMS_ROLES)
    assert set(RIGHTS) == set(Right)


def test_object_rights_through_the_one_check(people, orgs):
    # django-rules is gone (nothing real used it): object rights are read through roles.check only
    assert check(people["aco-signer"], Right.SIGN, orgs["aco_x"])
    assert not check(people["aco-signer"], Right.SIGN, orgs["aco_y"])
    assert not check(people["aco-executive"], Right.SIGN, orgs["aco_x"])


def test_nobody_is_not_an_actor_the_system_is(people, orgs):
    with pytest.raises(TypeError, match="SYSTEM"):
        actions.require_right(None, Right.ADMINISTER)
    with pytest.raises(TypeError):
        actions.grant_role(by=None, user=people["aco-data"], organization=orgs["aco_x"], role=Role.MEDICAL_DIRECTOR)
    actions.grant_role(by=SYSTEM, user=people["aco-data"], organization=orgs["aco_x"], role=Role.MEDICAL_DIRECTOR)
    event = AuditEvent.objects.filter(action="membership.grant").latest("id")
    assert event.actor is None and event.actor_label == "system"


def test_for_user_shows_an_aco_user_only_their_own_aco(people, orgs):
    assert list(Organization.objects.for_user(people["aco-data"])) == [orgs["aco_x"]]
    assert list(Organization.objects.for_user(people["other-aco"])) == [orgs["aco_y"]]
    assert Organization.objects.for_user(people["cms-reviewer"]).count() == 3


def test_for_user_forgets_a_revoked_contact(people, orgs):
    membership = Membership.objects.get(user=people["aco-data"], organization=orgs["aco_x"])
    actions.revoke_role(by=people["aco-executive"], membership=membership)
    people["aco-data"].refresh_memberships()
    assert not Organization.objects.for_user(people["aco-data"]).exists()
    event = AuditEvent.objects.get(action="membership.revoke")
    assert event.actor == people["aco-executive"] and event.organization == orgs["aco_x"]
    assert event.before["active"] is True and event.after == {"active": False}


def test_an_aco_executive_cannot_manage_another_acos_contacts(people, orgs):
    with pytest.raises(PermissionDenied):
        actions.grant_role(
            by=people["aco-executive"], user=people["aco-data"], organization=orgs["aco_y"], role=Role.DATA_CONTACT
        )
    with pytest.raises(PermissionDenied):
        actions.grant_role(
            by=people["aco-data"], user=people["aco-medical"], organization=orgs["aco_x"], role=Role.AUTHORIZED_TO_SIGN
        )


def test_roles_belong_to_the_right_kind_of_organization(people, orgs):
    with pytest.raises(ValidationError):
        actions.grant_role(by=SYSTEM, user=people["aco-data"], organization=orgs["aco_x"], role=Role.CMS_APPROVER)
    with pytest.raises(ValidationError):
        actions.grant_role(by=SYSTEM, user=people["cms-analyst"], organization=orgs["cms"], role=Role.DATA_CONTACT)


def test_actions_write_audit_events_and_row_history(people, orgs):
    before = AuditEvent.objects.count()
    org = actions.create_organization(
        by=people["cms-admin"], kind="aco", name="New ACO", aco_id="A2001", tin="123456789"
    )
    event = AuditEvent.objects.latest("id")
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.actor, event.organization) == ("organization.create", people["cms-admin"], org)
    assert event.after["aco_id"] == "A2001"
    assert org.history.count() == 1


def test_only_a_cms_administrator_creates_organizations(people):
    with pytest.raises(PermissionDenied):
        actions.create_organization(by=people["cms-reviewer"], kind="aco", name="X", aco_id="A2002")
    assert not Organization.objects.filter(aco_id="A2002").exists()


@pytest.mark.parametrize("aco_id,tin", [("B1234", "123456789"), ("A123", "123456789"), ("A1234", "12345678X")])
def test_bad_identifiers_are_refused(people, aco_id, tin):
    with pytest.raises(ValidationError):
        actions.create_organization(by=people["cms-admin"], kind="aco", name="Bad", aco_id=aco_id, tin=tin)
    assert not Organization.objects.filter(name="Bad").exists()


def test_demo_seed_is_idempotent(people):

    counts = (Organization.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    demo.seed_people()
    assert (Organization.objects.count(), Membership.objects.count(), AuditEvent.objects.count()) == counts

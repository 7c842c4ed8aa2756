"""Every change to organizations, users and memberships goes through these functions: each
checks who is acting, writes in one transaction and records an audit event."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from acoms.accounts.models import Membership, Organization, User
from acoms.accounts.roles import ACO_ROLES, CMS_ROLES, Right
from acoms.audit.events import record


def _require(by, right, organization=None):
    if by is not None and not by.has_right(right, organization):
        raise PermissionDenied(f"{by} may not {Right(right).label.lower()}")


@transaction.atomic
def create_organization(*, by, kind, name, aco_id=None, tin="", legal_name="", address="") -> Organization:
    _require(by, Right.ADMINISTER)
    org = Organization(kind=kind, name=name, aco_id=aco_id, tin=tin, legal_name=legal_name, address=address)
    org.full_clean()
    org.save()
    record("organization.create", by=by, obj=org, organization=org if kind == Organization.Kind.ACO else None,
           after={"name": name, "aco_id": aco_id, "tin": tin})
    return org


@transaction.atomic
def grant_role(*, by, user: User, organization: Organization, role: str) -> Membership:
    """Give `user` a role in `organization`. CMS roles live in the CMS organization and ACO
    contact types in an ACO; CMS Administrators grant anything, an ACO's executives and signers
    manage their own ACO's contacts."""
    if role in CMS_ROLES and organization.kind != Organization.Kind.CMS:
        raise ValidationError(f"{role} is a CMS role; it cannot be held in an ACO.")
    if role in ACO_ROLES and organization.kind != Organization.Kind.ACO:
        raise ValidationError(f"{role} is an ACO contact type; it needs an ACO.")
    if by is not None and not by.has_right(Right.ADMINISTER):
        _require(by, Right.MANAGE_CONTACTS, organization)
        if role in CMS_ROLES:
            raise PermissionDenied("Only a CMS Administrator grants CMS roles.")
    membership, created = Membership.objects.get_or_create(user=user, organization=organization, role=role)
    if not created and not membership.active:
        membership.active = True
        membership.save(update_fields=["active"])
    elif not created:
        return membership
    record("membership.grant", by=by, obj=membership, organization=_aco(organization),
           after={"user": user.username, "role": role})
    user.refresh_memberships()
    return membership


@transaction.atomic
def revoke_role(*, by, membership: Membership) -> None:
    organization = membership.organization
    if by is not None and not by.has_right(Right.ADMINISTER):
        _require(by, Right.MANAGE_CONTACTS, organization)
    if not membership.active:
        return
    membership.active = False
    membership.save(update_fields=["active"])
    record("membership.revoke", by=by, obj=membership, organization=_aco(organization),
           before={"user": membership.user.username, "role": membership.role, "active": True},
           after={"active": False})
    membership.user.refresh_memberships()


def _aco(organization):
    return organization if organization.kind == Organization.Kind.ACO else None

"""Every change to organizations, users and memberships goes through these functions: each
checks who is acting, writes in one transaction and records an audit event."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from acoms.accounts.models import Membership, Organization, User
from acoms.accounts.roles import ACO_ROLES, CMS_ROLES, Right
from acoms.audit.events import record
from acoms.lib.identifiers import ACO_ID_PATTERN


def require_right(by, right, organization=None):
    """Refuse an action of `by` without `right` (in `organization` for ACO rights); `by=None` is the system."""
    if by is not None and not by.has_right(right, organization):
        raise PermissionDenied(f"{by} may not {Right(right).label.lower()}.")


@transaction.atomic
def create_organization(*, by, kind, name, aco_id=None, tin="", legal_name="", address="") -> Organization:
    require_right(by, Right.ADMINISTER)
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
        require_right(by, Right.MANAGE_CONTACTS, organization)
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
        require_right(by, Right.MANAGE_CONTACTS, organization)
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


def next_aco_id() -> str:
    """The next free ACO ID (A followed by four digits)."""
    taken = {int(a[1:]) for a in Organization.objects.filter(aco_id__regex=ACO_ID_PATTERN).values_list("aco_id", flat=True)}
    n = 1001
    while n in taken:
        n += 1
    if n > 9999:
        raise ValidationError("No ACO ID is free.")
    return f"A{n:04d}"


@transaction.atomic
def register_aco(*, user: User, name, legal_name, tin, address, authorized_to_sign=False, extra_roles=()) -> Organization:
    """A new ACO registers itself: the organization gets the next free ACO ID, and the user who
    registers it becomes its ACO Executive (and Authorized to Sign, and other contact types, if
    they say so)."""
    from acoms.accounts.roles import Role

    if Organization.objects.filter(kind=Organization.Kind.ACO, tin=tin).exists():
        raise ValidationError({"tin": ["An ACO with this TIN is already registered; ask its ACO Executive to add you as a contact."]})
    org = Organization(kind=Organization.Kind.ACO, name=name, legal_name=legal_name, tin=tin, address=address, aco_id=next_aco_id())
    org.full_clean()
    org.save()
    record("organization.register", by=user, obj=org, organization=org,
           after={"name": name, "aco_id": org.aco_id, "tin": tin, "legal_name": legal_name})
    roles = [Role.ACO_EXECUTIVE, *([Role.AUTHORIZED_TO_SIGN] if authorized_to_sign else []), *extra_roles]
    for role in dict.fromkeys(roles):
        if role not in ACO_ROLES:
            raise ValidationError({"roles": [f"{role} is not an ACO contact type."]})
        membership = Membership.objects.create(user=user, organization=org, role=role)
        record("membership.grant", by=user, obj=membership, organization=org, after={"user": user.username, "role": role})
    user.refresh_memberships()
    return org

"""Every change to organizations, users and memberships goes through these functions: each
checks who is acting, writes in one transaction and records an audit event."""

import datetime as dt
import secrets
from collections.abc import Callable

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from acoms.accounts import throttle
from acoms.accounts.events import AccountEvent
from acoms.accounts.models import Invitation, Membership, Organization, User
from acoms.accounts.roles import ACO_ROLES, CMS_ROLES, Right, Role, check
from acoms.audit.events import record
from acoms.lib.identifiers import ACO_ID_PATTERN
from acoms.notices.deliver import tell


def require_right(by, right, organization=None, doing=""):
    """Refuse an action of `by` without `right` (in `organization` for ACO rights). `by` is a user
    or `roles.SYSTEM`; `None` raises TypeError (see `roles.check`)."""
    if not check(by, right, organization):
        label = Right(right).label.lower()
        raise PermissionDenied(f"You may not {doing or label}: it needs the right to {label}.")


@transaction.atomic
def create_organization(*, by, kind, name, aco_id=None, tin="", legal_name="", address="") -> Organization:
    require_right(by, Right.ADMINISTER)
    org = Organization(kind=kind, name=name, aco_id=aco_id, tin=tin, legal_name=legal_name, address=address)
    org.full_clean()
    org.save()
    record(
        AccountEvent.ORGANIZATION_CREATE,
        by=by,
        obj=org,
        organization=org if kind == Organization.Kind.ACO else None,
        after={"name": name, "aco_id": aco_id, "tin": tin},
    )
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
    if not check(by, Right.ADMINISTER):
        require_right(by, Right.MANAGE_CONTACTS, organization)
        if role in CMS_ROLES:
            raise PermissionDenied("Only a CMS Administrator grants CMS roles.")
    membership, created = Membership.objects.get_or_create(user=user, organization=organization, role=role)
    if not created and not membership.active:
        membership.active = True
        membership.save(update_fields=["active"])
    elif not created:
        return membership
    record(
        AccountEvent.MEMBERSHIP_GRANT,
        by=by,
        obj=membership,
        organization=_aco(organization),
        after={"user": user.username, "role": role},
    )
    user.refresh_memberships()
    return membership


@transaction.atomic
def revoke_role(*, by, membership: Membership) -> None:
    organization = membership.organization
    if not check(by, Right.ADMINISTER):
        require_right(by, Right.MANAGE_CONTACTS, organization)
    if not membership.active:
        return
    membership.active = False
    membership.save(update_fields=["active"])
    record(
        AccountEvent.MEMBERSHIP_REVOKE,
        by=by,
        obj=membership,
        organization=_aco(organization),
        before={"user": membership.user.username, "role": membership.role, "active": True},
        after={"active": False},
    )
    membership.user.refresh_memberships()


def _aco(organization):
    return organization if organization.kind == Organization.Kind.ACO else None


def next_aco_id() -> str:
    """The next free ACO ID (A followed by four digits)."""
    taken = {
        int(a[1:]) for a in Organization.objects.filter(aco_id__regex=ACO_ID_PATTERN).values_list("aco_id", flat=True)
    }
    n = 1001
    while n in taken:
        n += 1
    if n > 9999:
        raise ValidationError("No ACO ID is free.")
    return f"A{n:04d}"


@transaction.atomic
def register_aco(
    *, user: User, name, legal_name, tin, address, authorized_to_sign=False, extra_roles=()
) -> Organization:
    """A new ACO registers itself: the organization gets the next free ACO ID, and the user who
    registers it becomes its ACO Executive (and Authorized to Sign, and other contact types, if
    they say so)."""
    _refuse_registered_tin(tin)
    org = Organization(
        kind=Organization.Kind.ACO, name=name, legal_name=legal_name, tin=tin, address=address, aco_id=next_aco_id()
    )
    org.full_clean()
    org.save()
    record(
        AccountEvent.ORGANIZATION_REGISTER,
        by=user,
        obj=org,
        organization=org,
        after={"name": name, "aco_id": org.aco_id, "tin": tin, "legal_name": legal_name},
    )
    roles = [Role.ACO_EXECUTIVE, *([Role.AUTHORIZED_TO_SIGN] if authorized_to_sign else []), *extra_roles]
    for role in dict.fromkeys(roles):
        if role not in ACO_ROLES:
            raise ValidationError({"roles": [f"{role} is not an ACO contact type."]})
        membership = Membership.objects.create(user=user, organization=org, role=role)
        record(
            AccountEvent.MEMBERSHIP_GRANT,
            by=user,
            obj=membership,
            organization=org,
            after={"user": user.username, "role": role},
        )
    user.refresh_memberships()
    return org


def _refuse_registered_tin(tin):
    # ACO TINs are public (CMS publishes them), so saying a TIN is taken reveals nothing private.
    if Organization.objects.filter(kind=Organization.Kind.ACO, tin=tin).exists():
        raise ValidationError(
            {"tin": ["An ACO with this TIN is already registered; ask its ACO Executive to add you as a contact."]}
        )


# ---- self-registration: an e-mailed link, so the page never tells who has an account ---------

REGISTRATION_SALT = "acoms.accounts.registration"
REGISTRATION_LINK_SECONDS = 2 * 24 * 3600  # ACO-MS policy: a confirmation link works for two days
REGISTRATION_LIMIT_PER_ADDRESS = 5  # requests per LOGIN_FAILURE_WINDOW from one client address
REGISTRATION_FIELDS = (
    "username",
    "email",
    "first_name",
    "last_name",
    "aco_name",
    "legal_name",
    "tin",
    "address",
    "authorized_to_sign",
    "other_roles",
)


def request_registration(*, details: dict, ip: str | None, link: Callable[[str], str]) -> None:
    """Step 1 of a new ACO's registration. Whatever exists, the visitor is told the same thing
    ("check your e-mail"): a new address gets a confirmation link (`link(token)` makes its URL); an
    address that already has an account gets a notice instead. Throttled per client address (the
    attempt is counted even when it is refused, so probing TINs is throttled too)."""
    key = f"register:{ip or 'unknown'}"
    wait = throttle.seconds_until_allowed(key, REGISTRATION_LIMIT_PER_ADDRESS)
    if wait:
        raise ValidationError(
            {"__all__": [f"Too many registrations from your network; try again in {max(1, wait // 60)} minute(s)."]}
        )
    throttle.note_attempt(key)
    with transaction.atomic():
        _refuse_registered_tin(details["tin"])
        email = details["email"]
        if User.objects.filter(email__iexact=email).exists():
            tell(
                AccountEvent.REGISTRATION_REQUEST,
                "Someone tried to register an ACO with your e-mail address",
                "An ACO registration in ACO-MS named this address, which already has an account. Nothing was "
                "registered. If it was you, log in (or use “Forgot your password?”); otherwise you can ignore "
                "this message.",
                addresses=[email],
            )
        else:
            payload = {
                k: details[k] for k in REGISTRATION_FIELDS if k in details
            }  # no secret: the password is set on confirming
            token = signing.dumps(payload, salt=REGISTRATION_SALT, compress=True)
            tell(  # the address has no account yet: an e-mail only
                AccountEvent.REGISTRATION_REQUEST,
                "Confirm the registration of your ACO in ACO-MS",
                f"To finish registering {details['aco_name']}, open this link within two days:\n\n{link(token)}\n\n"
                "If you did not register, ignore this message: nothing is created until the link is opened.",
                addresses=[email],
            )
        record(AccountEvent.REGISTRATION_REQUEST, label="anonymous", ip=ip, after={"aco_name": details["aco_name"]})


def registration_details(token: str) -> dict:
    """The details a confirmation link carries; ValidationError when it is forged or too old."""
    try:
        return signing.loads(token, salt=REGISTRATION_SALT, max_age=REGISTRATION_LINK_SECONDS)
    except signing.SignatureExpired:
        raise ValidationError("This confirmation link has expired; register again.") from None
    except signing.BadSignature:
        raise ValidationError("This confirmation link is not valid; register again.") from None


@transaction.atomic
def confirm_registration(*, token: str, username: str, password: str) -> tuple[User, Organization]:
    """Step 2: the person who opened the e-mailed link sets their password and gets their account
    and the ACO. Only they learn whether the user name is free (they may choose another)."""
    d = registration_details(token)
    if User.objects.filter(email__iexact=d["email"]).exists():
        raise ValidationError({"__all__": ["This registration is already confirmed: log in with your user name."]})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": ["This user name is taken; choose another."]})
    user = User(username=username, email=d["email"], first_name=d["first_name"], last_name=d["last_name"])
    user.set_password(password)
    user.save()
    record(AccountEvent.USER_REGISTER, by=user, obj=user, after={"username": username, "how": "self-registration"})
    org = register_aco(
        user=user,
        name=d["aco_name"],
        legal_name=d["legal_name"],
        tin=d["tin"],
        address=d["address"],
        authorized_to_sign=d.get("authorized_to_sign", False),
        extra_roles=d.get("other_roles", ()),
    )
    return user, org


# ---- contacts are invited, never attached -----------------------------------------------------

INVITATION_SALT = "acoms.accounts.invitation"
INVITATION_DAYS = 7  # ACO-MS policy: an invitation link works for a week


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT)


@transaction.atomic
def invite_contact(
    *,
    by,
    organization: Organization,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    link: Callable[[str], str],
) -> Invitation:
    """Invite a person to be the ACO's contact of type `role`. The inviter learns nothing about the
    address (whether it has an account, whose it is); the person accepts by the e-mailed link."""
    require_right(by, Right.MANAGE_CONTACTS, organization, "invite the ACO's contacts")
    if role not in ACO_ROLES:
        raise ValidationError({"role": [f"{role} is not an ACO contact type."]})
    invitation = Invitation.objects.create(
        organization=organization,
        role=role,
        email=email.strip(),
        first_name=first_name,
        last_name=last_name,
        invited_by=by,
        nonce=secrets.token_hex(16),
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    record(
        AccountEvent.INVITATION_SEND,
        by=by,
        obj=invitation,
        organization=organization,
        after={"role": role, "name": f"{first_name} {last_name}"},
    )
    invited = (
        f"{by.get_full_name() or by.get_username()} invited {first_name} {last_name} to be the "
        f"{Role(role).label} of {organization.name} ({organization.aco_id}) in ACO-MS.\n\n"
    )
    tell(
        AccountEvent.INVITATION_SEND,
        f"{organization.name} invites you to be its {Role(role).label} in ACO-MS",
        f"{invited}To accept, open this link within {INVITATION_DAYS} days:\n\n{link(invitation_token(invitation))}\n\n"
        "If this is not for you, ignore this message.",
        addresses=[invitation.email],
        notice_body=f"{invited}To accept, open the link in the e-mail sent to you (it works for {INVITATION_DAYS} days).",
    )
    return invitation


def open_invitation(token: str) -> Invitation:
    """The invitation a link names, if it is genuine, unused and not expired (else ValidationError)."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        raise ValidationError("This invitation link is not valid.") from None
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(pk=data.get("i"), nonce=data.get("n"))
        .first()
    )
    if invitation is None:
        raise ValidationError("This invitation link is not valid.")
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation was already accepted; log in to continue.")
    if invitation.expires_at < timezone.now():
        raise ValidationError("This invitation has expired; ask the ACO to invite you again.")
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user: User | None = None, username: str = "", password: str = "") -> User:
    """Accept an invitation: as `user` (signed in, with the invited address) or by creating an
    account with `username` and `password` (when the address has none). The role is granted on the
    inviter's authority, which is checked again now."""
    invitation = open_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation was already accepted; log in to continue.")
    if user is not None:
        if user.email.casefold() != invitation.email.casefold():
            raise ValidationError("This invitation is for another e-mail address; log out and open the link again.")
        if user.is_cms_staff:
            raise ValidationError(
                "A CMS staff account cannot be an ACO contact; ask the ACO to invite another address."
            )
    else:
        existing = User.objects.filter(email__iexact=invitation.email).first()
        if existing is not None and existing.has_usable_password():
            raise ValidationError("This address already has an account: log in, then open the link again.")
        if existing is not None:
            # An account that never had a password (a contact attached before invitations existed):
            # the link reached the address's owner, so it lets them set one, as a reset link would.
            user = existing
            user.set_password(password)
            user.save(update_fields=["password"])
            record(
                AccountEvent.USER_REGISTER,
                by=user,
                obj=user,
                organization=invitation.organization,
                after={"username": user.get_username(), "how": "invitation (first password)"},
            )
        else:
            if not username or User.objects.filter(username__iexact=username).exists():
                raise ValidationError({"username": ["This user name is taken; choose another."]})
            user = User(
                username=username,
                email=invitation.email,
                first_name=invitation.first_name,
                last_name=invitation.last_name,
            )
            user.set_password(password)
            user.save()
            record(
                AccountEvent.USER_REGISTER,
                by=user,
                obj=user,
                organization=invitation.organization,
                after={"username": username, "how": "invitation"},
            )
    inviter = invitation.invited_by
    if inviter is None or not check(inviter, Right.MANAGE_CONTACTS, invitation.organization):
        raise ValidationError(
            "The person who invited you no longer manages this ACO's contacts; ask for a new invitation."
        )
    grant_role(by=inviter, user=user, organization=invitation.organization, role=invitation.role)
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record(
        AccountEvent.INVITATION_ACCEPT,
        by=user,
        obj=invitation,
        organization=invitation.organization,
        after={"role": invitation.role, "user": user.get_username()},
    )
    return user

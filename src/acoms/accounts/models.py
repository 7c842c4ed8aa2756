from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from acoms.accounts.roles import ACO_ROLES, CMS_ROLES, RIGHTS, Right, Role
from acoms.lib.identifiers import ACO_ID_MESSAGE, ACO_ID_PATTERN
from acoms.lib.text import TextError, clean_name


class OrganizationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The organizations whose records `user` may read: all of them for CMS staff, otherwise
        only those where the user holds an active membership."""
        if not user.is_authenticated:
            return self.none()
        if user.is_cms_staff:
            return self
        return self.filter(memberships__user=user, memberships__active=True).distinct()


class ACOScopedQuerySet(models.QuerySet):
    """For models owned by an ACO (a foreign key `organization`): the rows `user` may read."""

    def for_user(self, user):
        return self.filter(organization__in=Organization.objects.for_user(user))


class Organization(models.Model):
    class Kind(models.TextChoices):
        CMS = "cms", "CMS"
        ACO = "aco", "ACO"

    kind = models.CharField(max_length=3, choices=Kind.choices)
    name = models.CharField(max_length=200, help_text="Doing-business-as name shown in ACO-MS")
    legal_name = models.CharField(max_length=200, blank=True)
    aco_id = models.CharField(
        "ACO ID",
        max_length=5,
        unique=True,
        null=True,
        blank=True,
        validators=[RegexValidator(ACO_ID_PATTERN, ACO_ID_MESSAGE)],
    )
    tin = models.CharField(
        "TIN",
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{9}$", "A TIN has exactly nine digits.")],
    )
    address = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="cms", aco_id__isnull=True) | models.Q(kind="aco", aco_id__isnull=False),
                name="aco_has_aco_id",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.aco_id})" if self.aco_id else self.name


class UserManager(DjangoUserManager):
    def get_by_natural_key(self, username):
        """Log-in finds the user whatever the case and Unicode form of the name typed."""
        return self.get(username__iexact=User.normalize_username(username))


class User(AbstractUser):
    """User names are unique after NFKC normalization and regardless of case, and hold no control or
    format characters, so "ｃｍｓ-admin" or "CMS-Admin" cannot pose as "cms-admin". `save()` enforces
    it, so every way of creating a user (registration, contacts, admin, demo, CLI) gets the same rule."""

    email = models.EmailField(unique=True)

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        constraints = [models.UniqueConstraint(Lower("username"), name="username_unique_ignoring_case")]

    @classmethod
    def normalize_username(cls, username):
        if not isinstance(username, str):
            return username
        try:
            return clean_name(username)
        except TextError as error:
            raise ValidationError({"username": [f"The user name {error}."]}) from None

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "username" in update_fields:
            self.username = self.normalize_username(self.username)
            if not self.username:
                raise ValidationError({"username": ["Give a user name."]})
            taken = User.objects.filter(username__iexact=self.username).exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError({"username": ["This user name is taken; choose another."]})
        super().save(*args, **kwargs)

    def roles_in(self, organization) -> set[str]:
        return {m.role for m in self._active_memberships() if m.organization_id == organization.pk}

    @property
    def roles(self) -> set[str]:
        return {m.role for m in self._active_memberships()}

    @property
    def is_cms_staff(self) -> bool:
        return bool(self.roles & CMS_ROLES)

    @property
    def aco_organizations(self) -> list[Organization]:
        orgs = {m.organization_id: m.organization for m in self._active_memberships() if m.role in ACO_ROLES}
        return sorted(orgs.values(), key=lambda o: o.name)

    def has_right(self, right: Right, organization=None) -> bool:
        """CMS rights hold program-wide; ACO rights hold only inside the user's own ACO."""
        allowed = RIGHTS[right]
        if not self.is_authenticated or not self.is_active:
            return False
        for m in self._active_memberships():
            if m.role not in allowed:
                continue
            if m.role in CMS_ROLES or (organization is not None and m.organization_id == organization.pk):
                return True
        return False

    def _active_memberships(self):
        if not hasattr(self, "_membership_cache"):
            self._membership_cache = list(self.memberships.filter(active=True).select_related("organization"))
        return self._membership_cache

    def refresh_memberships(self):
        self.__dict__.pop("_membership_cache", None)


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization", "role"], name="one_role_once")]
        ordering = ["organization", "role"]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} at {self.organization}"


class LoginFailure(models.Model):
    """One failed log-in, kept to throttle guessing (by user name and by address)."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class Invitation(models.Model):
    """An ACO's invitation to a person to become one of its contacts. Nothing is attached until the
    person opens the link sent to the address and accepts (with their account, or a new one)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=32, choices=Role.choices)
    email = models.EmailField()
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation of {self.first_name} {self.last_name} as {self.get_role_display()} at {self.organization}"

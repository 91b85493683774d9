"""Users and roles.

- Front-line employee: any signed-in user.
- Researcher: ``User.is_researcher`` with an ``affiliation``.
- Leader: a ``Leadership(person, unit)``; leading a unit means leading all its sub-units.
- Administrator: ``is_staff`` / ``is_superuser``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sokkel.units.models import Unit


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their e-mail address."""

    email = models.EmailField(_("e-postadresse"), unique=True)
    full_name = models.CharField(_("fullt navn"), max_length=200, blank=True)
    home_unit = models.ForeignKey(
        Unit,
        verbose_name=_("arbeidssted"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    is_researcher = models.BooleanField(_("forsker"), default=False)
    affiliation = models.CharField(_("forskningsinstitusjon"), max_length=200, blank=True)
    is_staff = models.BooleanField(_("administrator"), default=False)
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("registrert"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split() or [self.email])[0]

    @property
    def is_admin(self) -> bool:
        return self.is_active and (self.is_staff or self.is_superuser)

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """Administrators (``is_staff``) may do everything in the Django admin."""
        return self.is_admin or super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_admin or super().has_module_perms(app_label)

    def leads(self, unit: Unit) -> bool:
        """True if this person leads ``unit`` or any unit above it."""
        if not self.is_authenticated or not self.is_active:
            return False
        return Leadership.objects.filter(person=self, unit__key__in=unit.ancestor_keys()).exists()

    def leads_any(self, units: Any) -> bool:
        """True if this person leads any of ``units`` (by inheritance too)."""
        keys: set[str] = set()
        for unit in units:
            keys.update(unit.ancestor_keys())
        if not keys or not self.is_active:
            return False
        return Leadership.objects.filter(person=self, unit__key__in=keys).exists()

    def led_units(self) -> models.QuerySet[Unit]:
        """Every unit this person leads, sub-units included."""
        query = models.Q(pk__in=[])
        for path in Unit.objects.filter(leaderships__person=self).values_list("path", flat=True):
            query |= models.Q(path__startswith=path)
        return Unit.objects.filter(query)


class Leadership(models.Model):
    """``person`` leads ``unit`` and, by inheritance, all its sub-units."""

    person = models.ForeignKey(
        User, verbose_name=_("leder"), on_delete=models.CASCADE, related_name="leaderships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("enhet"), on_delete=models.CASCADE, related_name="leaderships"
    )
    title = models.CharField(_("tittel"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "unit"], name="one_leadership_per_unit")
        ]
        verbose_name = _("lederskap")
        verbose_name_plural = _("lederskap")

    def __str__(self) -> str:
        return f"{self.person} → {self.unit}"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 digest is stored."""

    PREFIX = "sokkel_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("navn"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        """Create a token for ``user``; returns it and the raw secret (shown once)."""
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=_digest(raw)), raw

    @classmethod
    def authenticate(cls, raw: str) -> User | None:
        """The active user owning the raw token, or None."""
        token = cls.objects.select_related("user").filter(digest=_digest(raw)).first()
        if token is None or not token.user.is_active:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user


class PasswordResetRequest(models.Model):
    """A request for a password-reset e-mail, kept an hour to throttle them.

    Holds a digest of the address asked for (never the address) and the asker's network
    address, so that one address gets few mails and one asker cannot send many.
    """

    #: Reset mails to one address, and requests from one network address, an hour at most.
    PER_ADDRESS, PER_ASKER = 3, 10
    WINDOW = dt.timedelta(hours=1)

    email_digest = models.CharField(max_length=64, db_index=True)
    asked_from = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("forespørsel om nytt passord")
        verbose_name_plural = _("forespørsler om nytt passord")

    def __str__(self) -> str:
        return f"password reset asked at {self.at:%Y-%m-%d %H:%M}"

    @classmethod
    def allow(cls, email: str, asked_from: str | None) -> bool:
        """Record a request and say whether a mail may go: False once the address or the
        asker has had its share this hour. Requests older than an hour are forgotten."""
        since = timezone.now() - cls.WINDOW
        cls.objects.filter(at__lt=since).delete()
        digest = _digest(email.strip().lower())
        recent = cls.objects.filter(at__gte=since)
        if recent.filter(email_digest=digest).count() >= cls.PER_ADDRESS:
            return False
        if asked_from and recent.filter(asked_from=asked_from).count() >= cls.PER_ASKER:
            return False
        cls.objects.create(email_digest=digest, asked_from=asked_from)
        return True

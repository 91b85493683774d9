"""Adoptions (gjenbruk), follows and the weekly digest's state per person."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sokkel.innovations.models import EffectFields, Innovation, Tag
from sokkel.units.models import Sector, Unit


class Adoption(models.Model):
    """A unit took an innovation into use: when, what it adapted and what it got out of it."""

    innovation = models.ForeignKey(
        Innovation, verbose_name=_("innovasjon"), on_delete=models.CASCADE, related_name="adoptions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="adoptions"
    )
    adopted_on = models.DateField(_("tatt i bruk"), default=timezone.localdate)
    adaptations = models.TextField(_("hva dere tilpasset"), blank=True)
    results = models.TextField(_("egne resultater og effekter"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["adopted_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["innovation", "unit"], name="one_adoption_per_unit")
        ]
        verbose_name = _("gjenbruk")
        verbose_name_plural = _("gjenbruk")

    def __str__(self) -> str:
        return f"{self.unit} → {self.innovation}"


class AdoptionEffect(EffectFields):
    """An effect the adopting unit measured or saw itself, in the shape of the original's."""

    adoption = models.ForeignKey(
        Adoption, verbose_name=_("gjenbruk"), on_delete=models.CASCADE, related_name="effects"
    )

    class Meta(EffectFields.Meta):
        verbose_name = _("effekt av gjenbruk")
        verbose_name_plural = _("effekter av gjenbruk")


class Follow(models.Model):
    """A person follows one sector, tag or unit (a unit includes its sub-units)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices, blank=True)
    tag = models.ForeignKey(
        Tag, verbose_name=_("stikkord"), null=True, blank=True, on_delete=models.CASCADE
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("enhet"), null=True, blank=True, on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(~Q(sector=""), tag__isnull=True, unit__isnull=True)
                    | Q(sector="", tag__isnull=False, unit__isnull=True)
                    | Q(sector="", tag__isnull=True, unit__isnull=False)
                ),
                name="follow_exactly_one_thing",
            ),
            models.UniqueConstraint(
                fields=["person", "sector"], condition=~Q(sector=""), name="follow_sector_once"
            ),
            models.UniqueConstraint(fields=["person", "tag"], name="follow_tag_once"),
            models.UniqueConstraint(fields=["person", "unit"], name="follow_unit_once"),
        ]
        verbose_name = _("følger")
        verbose_name_plural = _("følger")

    def __str__(self) -> str:
        return str(self.target)

    @property
    def target(self) -> object:
        if self.sector:
            return Sector(self.sector).label
        return self.tag if self.tag_id else self.unit


class DigestSubscription(models.Model):
    """Whether a person gets the weekly digest, and when the last one was sent."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest"
    )
    is_subscribed = models.BooleanField(_("får ukentlig e-post"), default=True)
    last_sent_at = models.DateTimeField(_("sist sendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("ukentlig oppsummering")
        verbose_name_plural = _("ukentlige oppsummeringer")

    def __str__(self) -> str:
        return f"digest of {self.person}"

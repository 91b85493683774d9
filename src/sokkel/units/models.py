"""The unit tree: counties → municipalities → schools, nursing homes …

Each unit stores a materialised ``path`` of its ancestors' keys (``"fylke-03/kommune-0301/"``)
so that "this unit and all its sub-units" is one indexed ``LIKE 'prefix%'`` query on
SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

PATH_SEPARATOR = "/"


class Sector(models.TextChoices):
    """Public-sector areas, shared by units and innovations."""

    EDUCATION = "education", _("utdanning")
    HEALTH_CARE = "health_care", _("helse og omsorg")
    TRANSPORT = "transport", _("samferdsel")
    WELFARE = "welfare", _("velferd og arbeid")
    CULTURE = "culture", _("kultur")
    ADMINISTRATION = "administration", _("administrasjon og styring")
    ENVIRONMENT = "environment", _("miljø og teknikk")


class UnitKind(models.TextChoices):
    COUNTY = "county", _("fylke")
    MUNICIPALITY = "municipality", _("kommune")
    SCHOOL = "school", _("skole")
    KINDERGARTEN = "kindergarten", _("barnehage")
    NURSING_HOME = "nursing_home", _("sykehjem")
    HOME_CARE = "home_care", _("hjemmetjeneste")
    HEALTH_TRUST = "health_trust", _("helseforetak")
    HOSPITAL = "hospital", _("sykehus")
    DEPARTMENT = "department", _("avdeling")
    OPERATOR = "operator", _("operatør")
    DEPOT = "depot", _("tjenestested")
    AGENCY = "agency", _("etat")
    OTHER = "other", _("annet")


class UnitQuerySet(models.QuerySet["Unit"]):
    def subtree(self, unit: Unit) -> UnitQuerySet:
        """The unit itself and every unit below it."""
        return self.filter(path__startswith=unit.path)

    def roots(self) -> UnitQuerySet:
        return self.filter(parent__isnull=True)


class Unit(models.Model):
    """A place where public services are delivered or governed."""

    key = models.SlugField(_("nøkkel"), max_length=80, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=UnitKind.choices)
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    number = models.CharField(_("nummer"), max_length=20, blank=True)
    population = models.PositiveIntegerField(_("folketall"), null=True, blank=True)
    path = models.CharField(max_length=1000, editable=False, db_index=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")

    def __str__(self) -> str:
        return self.name

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.key}{PATH_SEPARATOR}"

    def clean(self) -> None:
        if self.parent_id and self.pk and self._would_be_own_ancestor():
            raise ValidationError({"parent": _("En enhet kan ikke ligge under seg selv.")})

    def _would_be_own_ancestor(self) -> bool:
        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                return True
            node = node.parent
        return False

    def save(self, *args: object, **kwargs: object) -> None:
        with transaction.atomic():
            old_path = (
                type(self).objects.filter(pk=self.pk).values_list("path", flat=True).first()
                if self.pk
                else None
            )
            if self.parent_id and self.pk and self._would_be_own_ancestor():
                raise ValidationError({"parent": _("En enhet kan ikke ligge under seg selv.")})
            self.path = self.compute_path()
            super().save(*args, **kwargs)  # type: ignore[arg-type]
            if old_path and old_path != self.path:
                for child in self.children.all():
                    child.save()

    def ancestor_keys(self) -> list[str]:
        """Keys from the root down to and including this unit."""
        return [key for key in self.path.split(PATH_SEPARATOR) if key]

    def ancestors(self, include_self: bool = True) -> UnitQuerySet:
        keys = self.ancestor_keys()
        if not include_self:
            keys = keys[:-1]
        return Unit.objects.filter(key__in=keys).order_by("path")

    def descendants(self, include_self: bool = True) -> UnitQuerySet:
        qs = Unit.objects.subtree(self)
        return qs if include_self else qs.exclude(pk=self.pk)

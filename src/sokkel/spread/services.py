"""Writes of the spread app: recording adoptions and following sectors, tags and units.

Like :mod:`sokkel.innovations.services`: permission first, one transaction, an audit entry
on the innovation for adoptions, refusals as :class:`~sokkel.innovations.services.ServiceError`.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sokkel.innovations.models import AuditEntry, EvidenceLevel, Innovation, Tag
from sokkel.innovations.services import InvalidInput, NotAllowed
from sokkel.spread.models import Adoption, Follow
from sokkel.units.models import Sector, Unit

logger = logging.getLogger(__name__)

#: Adoptions by other units after which the page suggests evidence level 5 («kan skaleres»).
SCALED_AFTER_ADOPTIONS = 2


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_record_adoption(user: Any, unit: Unit) -> bool:
    """Leaders of the unit (or of a unit above it), people who work there, administrators."""
    if not _signed_in(user):
        return False
    return bool(user.is_admin or user.leads(unit) or user.home_unit_id == unit.pk)


def adoptable_units(user: Any) -> Any:
    """The units for which ``user`` may record an adoption."""
    if not _signed_in(user):
        return Unit.objects.none()
    if user.is_admin:
        return Unit.objects.all()
    led = user.led_units().values("pk")
    return Unit.objects.filter(Q(pk__in=led) | Q(pk=user.home_unit_id))


def record_adoption(
    innovation: Innovation,
    *,
    by: Any,
    unit: Unit,
    adopted_on: datetime.date | None = None,
    adaptations: str = "",
    results: str = "",
) -> Adoption:
    """Record that ``unit`` took ``innovation`` into use.

    Raises
    ------
    NotAllowed
        ``by`` neither leads nor works at ``unit`` and is no administrator.
    InvalidInput
        The innovation is a draft, the unit is one of its own, it is already recorded, or
        the date lies in the future.
    """
    if not can_record_adoption(by, unit):
        raise NotAllowed(
            _("Bare ledere og ansatte ved %(unit)s kan registrere gjenbruk der.") % {"unit": unit}
        )
    errors: dict[str, list[str]] = {}
    adopted_on = adopted_on or timezone.localdate()
    if not innovation.is_published:
        errors["innovation"] = [_("Bare publiserte innovasjoner kan tas i bruk av andre.")]
    if adopted_on > timezone.localdate():
        errors["adopted_on"] = [_("Datoen kan ikke ligge fram i tid.")]
    if innovation.units.filter(pk=unit.pk).exists():
        errors["unit"] = [_("Innovasjonen kommer fra %(unit)s.") % {"unit": unit}]
    elif Adoption.objects.filter(innovation=innovation, unit=unit).exists():
        errors["unit"] = [_("%(unit)s har allerede registrert gjenbruk.") % {"unit": unit}]
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        Innovation.objects.select_for_update().filter(pk=innovation.pk).first()
        try:
            with transaction.atomic():
                adoption = Adoption.objects.create(
                    innovation=innovation,
                    unit=unit,
                    adopted_on=adopted_on,
                    adaptations=adaptations.strip(),
                    results=results.strip(),
                    recorded_by=by,
                )
        except IntegrityError as error:  # recorded at the same moment by somebody else
            raise InvalidInput(
                {"unit": [_("%(unit)s har allerede registrert gjenbruk.") % {"unit": unit}]}
            ) from error
        AuditEntry.objects.create(
            innovation=innovation,
            actor=by,
            action="innovation.adopted",
            changes={"adoptions": [None, f"{unit.name} ({adopted_on.isoformat()})"]},
        )
    logger.info("innovation %s adopted by unit %s", innovation.pk, unit.key)
    return adoption


def adopting_units(innovation: Innovation) -> int:
    """How many units other than its own have taken the innovation into use."""
    return (
        Adoption.objects.filter(innovation=innovation)
        .exclude(unit__in=innovation.units.all())
        .values("unit")
        .distinct()
        .count()
    )


def suggests_scaled(innovation: Innovation) -> bool:
    """True when enough other units use it to suggest evidence level 5 and it is not there."""
    return (
        innovation.evidence_level != EvidenceLevel.SCALABLE
        and adopting_units(innovation) >= SCALED_AFTER_ADOPTIONS
    )


def follow(
    person: Any, *, sector: str = "", tag: Tag | None = None, unit: Unit | None = None
) -> Follow:
    """Follow one sector, tag or unit (following it again changes nothing).

    Raises
    ------
    NotAllowed
        ``person`` is not signed in.
    InvalidInput
        Not exactly one of sector, tag and unit, or an unknown sector.
    """
    if not _signed_in(person):
        raise NotAllowed(_("Du må logge inn for å følge noe."))
    given = [bool(sector), tag is not None, unit is not None]
    if sum(given) != 1:
        raise InvalidInput({"follow": [_("Velg én sektor, ett stikkord eller én enhet.")]})
    if sector and sector not in Sector.values:
        raise InvalidInput({"sector": [_("Ukjent sektor: %(sector)s.") % {"sector": sector}]})
    found, _created = Follow.objects.get_or_create(person=person, sector=sector, tag=tag, unit=unit)
    return found


def unfollow(found: Follow, *, by: Any) -> None:
    """Stop following; only the follower may."""
    if not _signed_in(by) or found.person_id != by.pk:
        raise NotAllowed()
    found.delete()

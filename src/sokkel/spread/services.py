"""Writes of the spread app: recording adoptions and following sectors, tags and units.

Like :mod:`sokkel.innovations.services`: permission first, one transaction, an audit entry
on the innovation for adoptions, refusals as :mod:`sokkel.core.errors`.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sokkel.core.errors import InvalidInput, NotAllowed
from sokkel.core.limits import MAX_STORY, check_text
from sokkel.core.permissions import is_signed_in
from sokkel.innovations.models import AuditEntry, EffectKind, EvidenceLevel, Innovation, Tag
from sokkel.innovations.services import audit, clean_effect, locked
from sokkel.spread.models import Adoption, AdoptionEffect, Follow
from sokkel.units.models import Sector, Unit

logger = logging.getLogger(__name__)

#: Adoptions by other units after which the page suggests evidence level 5 («kan skaleres»).
SCALED_AFTER_ADOPTIONS = 2


def can_record_adoption(user: Any, unit: Unit) -> bool:
    """Leaders of the unit (or of a unit above it), people who work there, administrators."""
    if not is_signed_in(user):
        return False
    return bool(user.is_admin or user.leads(unit) or user.home_unit_id == unit.pk)


def adoptable_units(user: Any) -> Any:
    """The units for which ``user`` may record an adoption."""
    if not is_signed_in(user):
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
    effects: Sequence[Mapping[str, Any]] = (),
) -> Adoption:
    """Record that ``unit`` took ``innovation`` into use, with the effects it saw there.

    ``effects`` hold the fields of :func:`~sokkel.innovations.services.clean_effect`; an error
    in one of them is named ``effects.<index>.<field>``.

    Raises
    ------
    NotAllowed
        ``by`` neither leads nor works at ``unit`` and is no administrator.
    InvalidInput
        The innovation is a draft, the unit is one of its own, it is already recorded, the
        date lies in the future, or an effect is incomplete.
    """
    if not can_record_adoption(by, unit):
        raise NotAllowed(
            _("Bare ledere og ansatte ved %(unit)s kan registrere gjenbruk der.") % {"unit": unit}
        )
    errors: dict[str, list[str]] = {}
    adaptations = check_text(errors, "adaptations", adaptations, MAX_STORY)
    results = check_text(errors, "results", results, MAX_STORY)
    effect_values = []
    for index, fields in enumerate(effects):
        try:
            effect_values.append(clean_effect(**fields))
        except InvalidInput as error:
            errors.update({f"effects.{index}.{key}": found for key, found in error.errors.items()})
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
        changes: dict[str, list[Any]] = {
            "adoptions": [None, f"{unit.name} ({adopted_on.isoformat()})"]
        }
        if effect_values:
            AdoptionEffect.objects.bulk_create(
                AdoptionEffect(adoption=adoption, **values) for values in effect_values
            )
            changes["adoption_effects"] = [None, [values["name"] for values in effect_values]]
        AuditEntry.objects.create(
            innovation=innovation, actor=by, action="innovation.adopted", changes=changes
        )
    logger.info("innovation %s adopted by unit %s", innovation.pk, unit.key)
    return adoption


def can_edit_adoption(user: Any, adoption: Adoption) -> bool:
    """Who may record an adoption for its unit may add to and correct its effects."""
    return can_record_adoption(user, adoption.unit)


def require_adoption_editor(user: Any, adoption: Adoption) -> None:
    """Raise :class:`NotAllowed` unless ``user`` may record the adoption's effects."""
    if not can_edit_adoption(user, adoption):
        raise NotAllowed(
            _("Bare ledere og ansatte ved %(unit)s kan legge inn effektene der.")
            % {"unit": adoption.unit}
        )


def add_adoption_effect(adoption: Adoption, *, by: Any, **fields: Any) -> AdoptionEffect:
    """Record an effect the adopting unit saw; ``fields`` as for ``clean_effect``.

    Raises
    ------
    NotAllowed
        ``by`` neither leads nor works at the adopting unit and is no administrator.
    InvalidInput
        A field is missing or does not fit the kind of effect.
    """
    require_adoption_editor(by, adoption)
    values = clean_effect(**fields)
    with transaction.atomic():
        innovation = locked(adoption.innovation)
        effect = AdoptionEffect.objects.create(adoption=adoption, **values)
        audit(
            innovation,
            by,
            "innovation.adoption_effect_added",
            {"adoption_effects": [None, f"{adoption.unit.name}: {effect.name}"]},
        )
    return effect


def remove_adoption_effect(effect: AdoptionEffect, *, by: Any) -> None:
    """Take back an effect recorded for an adoption (to correct it, record it anew).

    Raises
    ------
    NotAllowed
        ``by`` neither leads nor works at the adopting unit and is no administrator.
    """
    adoption = effect.adoption
    require_adoption_editor(by, adoption)
    with transaction.atomic():
        innovation = locked(adoption.innovation)
        label = f"{adoption.unit.name}: {effect.name}"
        effect.delete()
        audit(
            innovation,
            by,
            "innovation.adoption_effect_removed",
            {"adoption_effects": [label, None]},
        )


def measured_effects(innovation: Innovation) -> Any:
    """The innovation's own measured effects: the indicators adopting units compare with."""
    return innovation.effects.filter(kind=EffectKind.QUANTITATIVE)  # type: ignore[attr-defined]


def adoptions_with_effects(innovation: Innovation) -> list[Adoption]:
    """The innovation's adoptions, oldest first, each effect with ``original`` set.

    ``original`` is the innovation's own measured effect on the same indicator (the same
    name, case and spacing aside) when an adopting unit measured one too, else None.
    """
    originals: dict[str, Any] = {}
    for effect in measured_effects(innovation):
        originals.setdefault(effect.indicator, effect)
    adoptions = list(
        innovation.adoptions.select_related("unit").prefetch_related(  # type: ignore[attr-defined]
            Prefetch("effects", queryset=AdoptionEffect.objects.order_by("created_at", "pk"))
        )
    )
    for adoption in adoptions:
        for effect in adoption.effects.all():
            quantitative = effect.kind == EffectKind.QUANTITATIVE
            effect.original = originals.get(effect.indicator) if quantitative else None
    return adoptions


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
    if not is_signed_in(person):
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
    if not is_signed_in(by) or found.person_id != by.pk:
        raise NotAllowed()
    found.delete()

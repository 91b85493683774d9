"""API routes for finding and spreading: similar innovations and adoptions (issue 5)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from sokkel.api.auth import ANYONE, SIGNED_IN, caller
from sokkel.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    EffectIn,
    EffectOut,
    InnovationItem,
    Input,
    UnitRef,
)
from sokkel.api.serialise import effect_out, innovation_item, unit_ref
from sokkel.core.errors import InvalidInput
from sokkel.innovations.models import Innovation
from sokkel.search.similar import similar_innovations
from sokkel.spread import services
from sokkel.spread.models import Adoption, AdoptionEffect
from sokkel.units.models import Unit

router = Router(tags=["spread"])


class InnovationItems(Schema):
    items: list[InnovationItem]


class AdoptionEffectOut(EffectOut):
    original_effect: int | None = Field(
        description="The id of the innovation's own measured effect on the same indicator "
        "(the same name, case and spacing aside), to compare with; null if it has none."
    )


class AdoptionOut(Schema):
    id: int
    unit: UnitRef
    adopted_on: datetime.date
    adaptations: str
    results: str = Field(description="What the unit saw, in its own words (free text).")
    effects: list[AdoptionEffectOut]


class AdoptionList(Schema):
    count: int
    suggests_scaled: bool
    items: list[AdoptionOut]


class AdoptionIn(Input):
    unit: str
    adopted_on: datetime.date | None = None
    adaptations: str = ""
    results: str = ""
    effects: list[EffectIn] = Field(
        default=[], description="Effects the unit measured or saw, in the original's shape."
    )


def adoption_effect_out(effect: AdoptionEffect) -> dict[str, Any]:
    original = getattr(effect, "original", None)
    return {**effect_out(effect), "original_effect": original.pk if original else None}


def adoption_out(adoption: Adoption) -> dict[str, Any]:
    """An adoption from :func:`~sokkel.spread.services.adoptions_with_effects`."""
    return {
        "id": adoption.pk,
        "unit": unit_ref(adoption.unit),
        "adopted_on": adoption.adopted_on,
        "adaptations": adoption.adaptations,
        "results": adoption.results,
        "effects": [adoption_effect_out(effect) for effect in adoption.effects.all()],
    }


def adoption_list(innovation: Innovation) -> dict[str, Any]:
    items = [adoption_out(item) for item in services.adoptions_with_effects(innovation)]
    return {
        "count": len(items),
        "suggests_scaled": services.suggests_scaled(innovation),
        "items": items,
    }


def visible_innovation(request: HttpRequest, innovation_id: int) -> Innovation:
    """The innovation if the caller may see it (404 otherwise, drafts included)."""
    return get_object_or_404(Innovation.objects.visible_to(caller(request)), pk=innovation_id)


@router.get(
    "/innovations/{innovation_id}/similar",
    response={200: InnovationItems, **READ_ERRORS},
    auth=ANYONE,
)
def similar(request: HttpRequest, innovation_id: int) -> dict[str, Any]:
    """Published innovations most like this one (shared words and tags), best first."""
    innovation = visible_innovation(request, innovation_id)
    return {"items": [innovation_item(item) for item in similar_innovations(innovation)]}


@router.get(
    "/innovations/{innovation_id}/adoptions",
    response={200: AdoptionList, **READ_ERRORS},
    auth=ANYONE,
)
def list_adoptions(request: HttpRequest, innovation_id: int) -> dict[str, Any]:
    """Where the innovation is in use, oldest adoption first (its spread as a timeline)."""
    return adoption_list(visible_innovation(request, innovation_id))


@router.post(
    "/innovations/{innovation_id}/adoptions",
    response={201: AdoptionList, **WRITE_ERRORS},
    auth=SIGNED_IN,
)
def record_adoption(
    request: HttpRequest, innovation_id: int, payload: AdoptionIn
) -> Status[dict[str, Any]]:
    """Record that a unit (by key) took the innovation into use: its leaders, staff or admins."""
    innovation = visible_innovation(request, innovation_id)
    unit = Unit.objects.filter(key=payload.unit).first()
    if unit is None:
        raise InvalidInput({"unit": [_("Ukjent enhet: %(key)s.") % {"key": payload.unit}]})
    services.record_adoption(
        innovation,
        by=caller(request),
        unit=unit,
        adopted_on=payload.adopted_on,
        adaptations=payload.adaptations,
        results=payload.results,
        effects=[effect.dict() for effect in payload.effects],
    )
    return Status(201, adoption_list(innovation))


def visible_adoption(request: HttpRequest, innovation_id: int, adoption_id: int) -> Adoption:
    innovation = visible_innovation(request, innovation_id)
    return get_object_or_404(
        Adoption.objects.select_related("unit", "innovation"),
        pk=adoption_id,
        innovation=innovation,
    )


@router.post(
    "/innovations/{innovation_id}/adoptions/{adoption_id}/effects",
    response={201: AdoptionList, **WRITE_ERRORS},
    auth=SIGNED_IN,
)
def add_adoption_effect(
    request: HttpRequest, innovation_id: int, adoption_id: int, payload: EffectIn
) -> Status[dict[str, Any]]:
    """Record an effect the adopting unit saw: its leaders, staff or admins.

    Name it as one of the innovation's effects to be compared with it (``original_effect``).
    """
    adoption = visible_adoption(request, innovation_id, adoption_id)
    services.add_adoption_effect(adoption, by=caller(request), **payload.dict())
    return Status(201, adoption_list(adoption.innovation))


@router.delete(
    "/innovations/{innovation_id}/adoptions/{adoption_id}/effects/{effect_id}",
    response={200: AdoptionList, **WRITE_ERRORS},
    auth=SIGNED_IN,
)
def remove_adoption_effect(
    request: HttpRequest, innovation_id: int, adoption_id: int, effect_id: int
) -> dict[str, Any]:
    """Take back an adopting unit's effect (to correct it, record it anew)."""
    adoption = visible_adoption(request, innovation_id, adoption_id)
    effect = get_object_or_404(AdoptionEffect, pk=effect_id, adoption=adoption)
    services.remove_adoption_effect(effect, by=caller(request))
    return adoption_list(adoption.innovation)

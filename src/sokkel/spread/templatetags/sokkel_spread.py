"""Spread boxes: ``{% adoptions_box innovation %}`` (where it is in use, who may add to it,
units facing the same problem) and ``{% adopted_here unit %}`` (what a unit took into use)."""

from __future__ import annotations

from typing import Any

from django import template

from sokkel.innovations.models import Innovation
from sokkel.spread import services
from sokkel.spread.matching import is_spreadable, units_facing_same_problem
from sokkel.spread.models import Adoption
from sokkel.units.models import Unit

register = template.Library()


@register.inclusion_tag("spread/_adoptions.html", takes_context=True)
def adoptions_box(context: dict[str, Any], innovation: Innovation) -> dict[str, Any]:
    user = context["request"].user
    can_edit = innovation.can_edit(user)
    return {
        "innovation": innovation,
        "adoptions": innovation.adoptions.select_related("unit"),  # type: ignore[attr-defined]
        "can_adopt": innovation.is_published
        and services.adoptable_units(user).exclude(pk__in=innovation.units.all()).exists(),
        "suggest_scaled": can_edit and services.suggests_scaled(innovation),
        "reach": units_facing_same_problem(innovation) if is_spreadable(innovation) else [],
        "scaled_after": services.SCALED_AFTER_ADOPTIONS,
    }


@register.inclusion_tag("spread/_adopted_here.html")
def adopted_here(unit: Unit) -> dict[str, Any]:
    """Published innovations this unit, or a unit below it, has taken into use."""
    adoptions = (
        Adoption.objects.filter(unit__path__startswith=unit.path, innovation__is_published=True)
        .select_related("innovation", "unit")
        .order_by("-adopted_on", "-pk")
    )
    return {"adoptions": adoptions}

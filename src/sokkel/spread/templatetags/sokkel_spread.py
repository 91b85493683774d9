"""``{% adoptions_box innovation %}``: where an innovation is in use, and who may add to it."""

from __future__ import annotations

from typing import Any

from django import template

from sokkel.innovations.models import Innovation
from sokkel.spread import services
from sokkel.spread.matching import is_spreadable, units_facing_same_problem

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

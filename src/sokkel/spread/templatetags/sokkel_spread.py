"""Spread boxes: ``{% adoptions_box innovation can_edit %}`` (where it is in use with the
effects each unit saw, who may add to it, units facing the same problem), ``{% adopted_here
unit %}`` (what a unit took into use) and the filter ``effect_change`` («−30 %»)."""

from __future__ import annotations

from typing import Any

from django import template

from sokkel.innovations.models import EffectFields, Innovation
from sokkel.innovations.templatetags.sokkel_pages import number
from sokkel.spread import services
from sokkel.spread.matching import is_spreadable, units_facing_same_problem
from sokkel.spread.models import Adoption
from sokkel.units.models import Unit

register = template.Library()


@register.inclusion_tag("spread/_adoptions.html", takes_context=True)
def adoptions_box(
    context: dict[str, Any], innovation: Innovation, can_edit: bool
) -> dict[str, Any]:
    """``can_edit``: the page's ``innovation.can_edit(user)``, already looked up."""
    user = context["request"].user
    adoptions = services.adoptions_with_effects(innovation)
    return {
        "innovation": innovation,
        "adoptions": adoptions,
        "editable": {item.pk for item in adoptions if services.can_edit_adoption(user, item)},
        "csrf_token": context.get("csrf_token"),
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


@register.filter
def effect_change(effect: EffectFields) -> str:
    """The change in per cent of the value before («−30 %»), else in the effect's unit."""
    relative = effect.relative_change
    if relative is not None:
        return f"{_signed(round(relative, 1))}\u00a0%"
    if effect.change is not None:
        return f"{_signed(effect.change)} {effect.unit}".rstrip()
    return ""


def _signed(value: float) -> str:
    text = number(abs(value))
    return f"−{text}" if value < 0 else f"+{text}" if value > 0 else text

"""The unit page: a unit, the units around it, and its innovations including sub-units'."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from sokkel.innovations.models import Innovation
from sokkel.innovations.views import cards, paginate
from sokkel.units.models import Unit


def unit_detail(request: HttpRequest, key: str) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("parent"), key=key)
    innovations = cards(Innovation.objects.visible_to(request.user).in_unit(unit))
    context = {
        "unit": unit,
        "ancestors": unit.ancestors(include_self=False),
        "children": unit.children.order_by("name"),
        "page": paginate(request, innovations.order_by("-updated_at", "-pk")),
    }
    return render(request, "units/detail.html", context)

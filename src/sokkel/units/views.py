"""The unit pages: a unit with its innovations (sub-units' included), and unit suggestions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from sokkel.innovations.models import Innovation
from sokkel.innovations.views import cards, paginate
from sokkel.units.lookup import labelled, suggest
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


def unit_suggestions(request: HttpRequest) -> HttpResponse:
    """The units best matching ``?q=``, as the options of a unit search field's list (htmx).

    Public, like the unit pages: units are no secret.
    """
    suggestions = labelled(suggest(request.GET.get("q", "")))
    return render(request, "units/_suggestions.html", {"suggestions": suggestions})

"""``{% similar_innovations innovation %}``: the "Lignende innovasjoner" box of a page."""

from __future__ import annotations

from typing import Any

from django import template

from sokkel.innovations.models import Innovation
from sokkel.search.similar import similar_innovations as find_similar

register = template.Library()


@register.inclusion_tag("search/_similar.html")
def similar_innovations(innovation: Innovation, limit: int = 5) -> dict[str, Any]:
    return {"similar": find_similar(innovation, limit=limit)}

"""API routes for finding and spreading: similar innovations and adoptions (issue 5)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from sokkel.api.auth import ANYONE, caller
from sokkel.api.schemas import ErrorOut, InnovationItem
from sokkel.api.serialise import innovation_item
from sokkel.innovations.models import Innovation
from sokkel.search.similar import similar_innovations

router = Router(tags=["spread"])

READ_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}


class InnovationItems(Schema):
    items: list[InnovationItem]


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

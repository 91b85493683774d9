"""The ``NinjaAPI`` instance and its routes."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI, Schema

from sokkel.units.models import Unit

api = NinjaAPI(
    title="Sokkel API",
    version="1",
    description="Front-line innovations in the Norwegian public sector.",
    urls_namespace="api-v1",
)


class UnitOut(Schema):
    id: int
    key: str
    name: str
    kind: str
    sector: str
    parent: str | None
    number: str
    population: int | None


@api.get("/units", response=list[UnitOut], tags=["units"])
def list_units(request: HttpRequest) -> list[dict]:
    """Every unit, parents before children."""
    return [
        {
            "id": unit.pk,
            "key": unit.key,
            "name": unit.name,
            "kind": unit.kind,
            "sector": unit.sector,
            "parent": unit.parent.key if unit.parent_id else None,
            "number": unit.number,
            "population": unit.population,
        }
        for unit in Unit.objects.select_related("parent").order_by("path")
    ]

"""Reaching the units that face the same problem.

An innovation that is understood or shared is matched to units of the same kind in the same
sector as its own units, scored higher when they have similar innovations of their own and
when their population is comparable (for municipalities and counties). A leader sees the
innovations their units should know about. Drafts are never matched.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

from sokkel.innovations.models import Innovation, Phase
from sokkel.search.similar import similar_innovations
from sokkel.spread.models import Adoption
from sokkel.units.models import Unit, UnitKind

SPREADABLE = (Phase.UNDERSTOOD, Phase.SHARED)
#: Population ratios beyond this (10×) count as not comparable at all.
POPULATION_SPAN = math.log(10)
SIMILAR_BONUS = 2.0
MAX_CANDIDATE_INNOVATIONS = 200
#: Matches are remembered this long in each server process's cache.
CACHE_SECONDS = 300


@dataclass
class UnitMatch:
    """A unit that faces the same problem, with the reasons it was chosen."""

    unit: Unit
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass
class Suggestion:
    """An innovation a leader's units should know about, and which of their units match."""

    innovation: Innovation
    units: list[Unit]


def is_spreadable(innovation: Innovation) -> bool:
    return innovation.is_published and innovation.phase in SPREADABLE


def _population_of(unit: Unit) -> int | None:
    """The unit's population, else that of the municipality or county it lies in."""
    if unit.population:
        return unit.population
    keys = unit.ancestor_keys()[:-1]
    above = Unit.objects.filter(
        key__in=keys, kind__in=[UnitKind.MUNICIPALITY, UnitKind.COUNTY], population__isnull=False
    ).order_by("-path")
    return above.values_list("population", flat=True).first()


def population_closeness(first: int | None, second: int | None) -> float:
    """1 for equal populations, falling to 0 at a tenfold difference (0 when one is unknown)."""
    if not first or not second:
        return 0.0
    return max(0.0, 1.0 - abs(math.log(first / second)) / POPULATION_SPAN)


def units_facing_same_problem(innovation: Innovation, *, limit: int = 10) -> list[UnitMatch]:
    """Units that face the problem ``innovation`` solved, best match first.

    The scores are remembered for :data:`CACHE_SECONDS` in the server process's cache, keyed
    by the innovation's last change and the units that adopted it, so an edit or an adoption
    is seen at once.
    """
    if not is_spreadable(innovation):
        return []
    adopted = sorted(Adoption.objects.filter(innovation=innovation).values_list("unit", flat=True))
    key = f"sokkel:reach:{innovation.pk}:{innovation.updated_at.timestamp()}:{limit}:" + ",".join(
        map(str, adopted)
    )
    best = cache.get(key)
    if best is None:
        best = _best_units(innovation, set(adopted), limit)
        cache.set(key, best, CACHE_SECONDS)
    units = Unit.objects.select_related("parent").in_bulk([pk for pk, _, _ in best])
    return [UnitMatch(units[pk], score, reasons) for pk, score, reasons in best if pk in units]


def _best_units(
    innovation: Innovation, adopted: set[int], limit: int
) -> list[tuple[int, float, list[str]]]:
    """The ``limit`` best candidate units as (id, score, reasons)."""
    own = list(innovation.units.all())
    pairs = {(unit.kind, unit.sector or innovation.sector) for unit in own}
    own_population = max((p for p in map(_population_of, own) if p), default=None)
    similar_units = set(
        Unit.objects.filter(innovations__in=similar_innovations(innovation)).values_list(
            "pk", flat=True
        )
    )
    candidates = Unit.objects.filter(kind__in={kind for kind, _sector in pairs}).exclude(
        pk__in=[unit.pk for unit in own] + list(adopted)
    )
    # Score plain rows: a municipality's innovation has every municipality as a candidate.
    scored = []
    for pk, kind, sector, population, name in candidates.values_list(
        "pk", "kind", "sector", "population", "name"
    ):
        if (kind, sector or innovation.sector) not in pairs:
            continue
        reasons = ["kind_sector"]
        score = 1.0
        if pk in similar_units:
            score += SIMILAR_BONUS
            reasons.append("similar")
        closeness = population_closeness(own_population, population)
        if closeness:
            score += closeness
            reasons.append("population")
        scored.append((-score, name, pk, reasons))
    return [(pk, -negative, reasons) for negative, _, pk, reasons in sorted(scored)[:limit]]


def innovations_to_know_about(user: Any, *, limit: int = 10) -> list[Suggestion]:
    """Understood or shared innovations from elsewhere that match the units ``user`` leads."""
    led = list(user.led_units())
    if not led:
        return []
    pairs = {(unit.kind, unit.sector) for unit in led}
    candidates = (
        Innovation.objects.published()
        .filter(phase__in=SPREADABLE, units__kind__in={kind for kind, _sector in pairs})
        .exclude(units__in=led)
        .exclude(adoptions__unit__in=led)
        .distinct()
        .prefetch_related("units")
        .order_by("-updated_at", "-pk")[:MAX_CANDIDATE_INNOVATIONS]
    )
    suggestions = []
    for innovation in candidates:
        origin = {(unit.kind, unit.sector or innovation.sector) for unit in innovation.units.all()}
        matching = [unit for unit in led if (unit.kind, unit.sector or innovation.sector) in origin]
        if matching:
            suggestions.append(Suggestion(innovation, matching))
    return suggestions[:limit]

"""Travel distances and times between the base and the sites."""

from __future__ import annotations

import math
from collections.abc import Sequence

from sokkel.lab.rounds.scenario import Place, Travel

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)


def great_circle_metres(a: Place, b: Place) -> float:
    """Great-circle (haversine) distance in metres between two places."""
    phi1, phi2 = math.radians(a.lat), math.radians(b.lat)
    dphi = phi2 - phi1
    dlmb = math.radians(b.lon - a.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, h)))


def leg(travel: Travel, a: Place, b: Place) -> tuple[int, int]:
    """Distance (whole metres) and travel time (whole minutes) from ``a`` to ``b``.

    Parameters
    ----------
    travel
        The travel model.
    a, b
        The places.

    Returns
    -------
    tuple of int
        ``(metres, minutes)``; ``(0, 0)`` from a place to itself.
    """
    if a.id == b.id:
        return 0, 0
    if travel.method == "matrix":
        return travel.matrix[(a.id, b.id)]
    metres = great_circle_metres(a, b) * travel.detour_factor
    minutes = math.ceil(metres / (travel.speed_kmh * 1000 / 60) - 1e-9)
    return round(metres), minutes


def matrices(travel: Travel, places: Sequence[Place]) -> tuple[list[list[int]], list[list[int]]]:
    """Distance (metres) and time (minutes) matrices over ``places``, in order."""
    legs = [[leg(travel, a, b) for b in places] for a in places]
    return (
        [[metres for metres, _ in row] for row in legs],
        [[minutes for _, minutes in row] for row in legs],
    )

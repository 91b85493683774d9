"""Effects of the mobile service against the baseline of a hospital trip.

Every examination the service handles at the nursing home would, without the
service, in a share of cases have meant taking the resident to hospital: by
ambulance or taxi, with one or two escorting carers, hours away from home and
waiting there. These are **model estimates**: expected values from the
parameters below, each with its default and its source where one exists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ASSUMPTION = "assumption (no published source used); change it to your own figure"
VESTFOLD_2017 = (
    "Vestfold 2017, 300 referrals to the mobile X-ray service: without it 73 % would "
    "have gone to hospital and 34 % of the examinations helped avoid an admission"
)
KJELLE_2019 = (
    "Kjelle et al. 2019, cost model per nursing-home resident: EUR 2,790 with hospital "
    "imaging only vs EUR 1,946 with mobile plus hospital imaging"
)


def _parameter(default: float, unit: str, label: str, source: str) -> Any:
    return field(default=default, metadata={"unit": unit, "label": label, "source": source})


@dataclass(frozen=True)
class EffectParameters:
    """Parameters of the baseline (the hospital trip) and of the service's own cost.

    Every field carries ``unit``, ``label`` (Norwegian, for reports) and
    ``source`` in its metadata; see :func:`describe_parameters`.
    """

    hospital_share: float = _parameter(
        0.73, "andel", "Andel som ellers ville blitt kjørt til sykehus", VESTFOLD_2017
    )
    admission_avoided_share: float = _parameter(
        0.34, "andel", "Andel undersøkelser som bidro til å unngå innleggelse", VESTFOLD_2017
    )
    admission_cost_nok: float = _parameter(
        0.0,
        "kr per innleggelse",
        "Kostnad per unngått innleggelse (0 = ikke regnet med)",
        "not costed by default (no source used); set it to include avoided admissions",
    )
    ambulance_share: float = _parameter(
        0.5, "andel", "Andel sykehusturer med ambulanse (resten med drosje)", ASSUMPTION
    )
    ambulance_trip_nok: float = _parameter(
        5000.0, "kr tur-retur", "Ambulansetransport tur-retur", ASSUMPTION
    )
    taxi_trip_nok: float = _parameter(1200.0, "kr tur-retur", "Drosje tur-retur", ASSUMPTION)
    two_carers_share: float = _parameter(
        0.5, "andel", "Andel turer med to ledsagere (resten én)", ASSUMPTION
    )
    hours_away: float = _parameter(
        5.0, "timer", "Timer borte fra sykehjemmet per sykehustur", ASSUMPTION
    )
    waiting_hours: float = _parameter(2.0, "timer", "Av dette ventetid på sykehuset", ASSUMPTION)
    carer_hour_nok: float = _parameter(
        500.0, "kr per time", "Lønnskostnad per ledsagertime", ASSUMPTION
    )
    team_hour_nok: float = _parameter(
        900.0, "kr per time", "Tjenestens kostnad per teamtime (radiograf og utstyr)", ASSUMPTION
    )
    vehicle_km_nok: float = _parameter(4.0, "kr per km", "Bilkostnad per km", ASSUMPTION)
    hospital_only_eur: float = _parameter(
        2790.0, "EUR per beboer", "Kostnad per beboer, bare sykehusrøntgen", KJELLE_2019
    )
    mobile_and_hospital_eur: float = _parameter(
        1946.0, "EUR per beboer", "Kostnad per beboer, mobil og sykehusrøntgen", KJELLE_2019
    )
    nok_per_eur: float = _parameter(11.5, "kr per EUR", "Valutakurs", ASSUMPTION)

    def __post_init__(self) -> None:
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if value < 0:
                raise ValueError(f"effects.{item.name} must not be negative, got {value}")
            if item.metadata["unit"] == "andel" and value > 1:
                raise ValueError(f"effects.{item.name} is a share between 0 and 1, got {value}")
        if self.waiting_hours > self.hours_away:
            raise ValueError("effects.waiting_hours cannot exceed effects.hours_away")


def describe_parameters(parameters: EffectParameters) -> list[dict[str, Any]]:
    """Every effect parameter with its value, unit, label, default and source.

    Parameters
    ----------
    parameters
        The parameters in use.

    Returns
    -------
    list of dict
        One entry per parameter, in declaration order.
    """
    return [
        {
            "name": item.name,
            "value": getattr(parameters, item.name),
            "default": item.default,
            "unit": item.metadata["unit"],
            "label": item.metadata["label"],
            "source": item.metadata["source"],
        }
        for item in dataclasses.fields(parameters)
    ]


# The quantities an effects total holds, in the order reports show them.
QUANTITIES = (
    "requests_handled",
    "hospital_trips_avoided",
    "ambulance_trips_avoided",
    "taxi_trips_avoided",
    "carer_hours_freed",
    "resident_hours_away_avoided",
    "waiting_hours_avoided",
    "admissions_avoided",
    "transport_cost_avoided_nok",
    "carer_cost_avoided_nok",
    "admission_cost_avoided_nok",
    "gross_cost_avoided_nok",
    "service_cost_nok",
    "net_cost_avoided_nok",
    "published_model_saving_nok",
)


@dataclass(frozen=True)
class ServiceDay:
    """What the service did on one day, the input to the effects."""

    day: dt.date
    requests_handled: int
    team_hours: float
    km: float


def effects_of_day(service: ServiceDay, parameters: EffectParameters) -> dict[str, float]:
    """The expected effects of one day of service against the hospital-trip baseline.

    Parameters
    ----------
    service
        Requests handled, team hours and kilometres driven on the day.
    parameters
        The effect parameters.

    Returns
    -------
    dict
        One value per name in :data:`QUANTITIES`.
    """
    p = parameters
    handled = service.requests_handled
    trips = handled * p.hospital_share
    ambulance = trips * p.ambulance_share
    taxi = trips - ambulance
    carers_per_trip = 1.0 + p.two_carers_share
    carer_hours = trips * carers_per_trip * p.hours_away
    transport_cost = ambulance * p.ambulance_trip_nok + taxi * p.taxi_trip_nok
    carer_cost = carer_hours * p.carer_hour_nok
    admissions = handled * p.admission_avoided_share
    admission_cost = admissions * p.admission_cost_nok
    gross = transport_cost + carer_cost + admission_cost
    service_cost = service.team_hours * p.team_hour_nok + service.km * p.vehicle_km_nok
    published = handled * (p.hospital_only_eur - p.mobile_and_hospital_eur) * p.nok_per_eur
    return {
        "requests_handled": float(handled),
        "hospital_trips_avoided": trips,
        "ambulance_trips_avoided": ambulance,
        "taxi_trips_avoided": taxi,
        "carer_hours_freed": carer_hours,
        "resident_hours_away_avoided": trips * p.hours_away,
        "waiting_hours_avoided": trips * p.waiting_hours,
        "admissions_avoided": admissions,
        "transport_cost_avoided_nok": transport_cost,
        "carer_cost_avoided_nok": carer_cost,
        "admission_cost_avoided_nok": admission_cost,
        "gross_cost_avoided_nok": gross,
        "service_cost_nok": service_cost,
        "net_cost_avoided_nok": gross - service_cost,
        "published_model_saving_nok": published,
    }


def _sum(rows: Iterable[Mapping[str, float]]) -> dict[str, float]:
    total = dict.fromkeys(QUANTITIES, 0.0)
    for row in rows:
        for name in QUANTITIES:
            total[name] += row[name]
    return {name: round(value, 2) for name, value in total.items()}


def compute_effects(
    service_days: Iterable[ServiceDay], parameters: EffectParameters
) -> dict[str, Any]:
    """Effects per day, per ISO week and in total, with the parameters used.

    Parameters
    ----------
    service_days
        One entry per day of the horizon.
    parameters
        The effect parameters.

    Returns
    -------
    dict
        ``note`` (that these are model estimates), ``parameters``, ``per_day``,
        ``per_week`` and ``total``.
    """
    per_day = []
    weeks: dict[str, list[dict[str, float]]] = defaultdict(list)
    for service in service_days:
        values = effects_of_day(service, parameters)
        per_day.append({"day": service.day.isoformat(), **_sum([values])})
        year, week, _ = service.day.isocalendar()
        weeks[f"{year}-W{week:02d}"].append(values)
    return {
        "note": (
            "Model estimates, not measurements: expected values from the parameters "
            "listed, each with its source or marked as an assumption."
        ),
        "parameters": describe_parameters(parameters),
        "per_day": per_day,
        "per_week": [{"week": week, **_sum(rows)} for week, rows in weeks.items()],
        "total": _sum(row for rows in weeks.values() for row in rows),
    }

"""Mobile service rounds: plan a mobile X-ray service over days and show its effects.

The library follows PyVRP's shape: an immutable :class:`Scenario`, a
:func:`solve` returning a :class:`Result` dataclass with KPIs, readers apart
(:func:`read_scenario`, :func:`read_solomon`), and an independent
:func:`validate` that re-checks a plan from the raw input.
"""

from sokkel.lab.rounds.effects import EffectParameters, compute_effects
from sokkel.lab.rounds.errors import InputError, RoundsError
from sokkel.lab.rounds.plan import Progress, solve
from sokkel.lab.rounds.read import read_scenario
from sokkel.lab.rounds.result import Result, Route, Served, Stop, Unserved
from sokkel.lab.rounds.scenario import (
    Place,
    Planning,
    Priority,
    Request,
    Scenario,
    Shift,
    Team,
    Travel,
)
from sokkel.lab.rounds.solomon import read_solomon, solve_solomon
from sokkel.lab.rounds.validate import validate

__all__ = [
    "EffectParameters",
    "InputError",
    "Place",
    "Planning",
    "Priority",
    "Progress",
    "Request",
    "Result",
    "RoundsError",
    "Route",
    "Scenario",
    "Served",
    "Shift",
    "Stop",
    "Team",
    "Travel",
    "Unserved",
    "compute_effects",
    "read_scenario",
    "read_solomon",
    "solve",
    "solve_solomon",
    "validate",
]

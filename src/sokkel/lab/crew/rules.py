"""Duty rules for train crew, read from TOML.

A rule file has one table per crew type, ``[driver]`` and ``[conductor]``; every key is
optional and falls back to the documented defaults in ``data/rules.toml`` (which also gives
the source of each value). Durations are written ``"H:MM"`` (``"10:00"``, ``"0:15"``) or as
whole minutes (``15``); :class:`Rules` holds them in seconds.

How the rules are measured (the planner builds duties this way and the validator checks
them this way):

* **span**: from the start of the ``sign_on`` task to the end of the ``sign_off`` task;
  at most ``max_span``. Paid time is the whole span (breaks included).
* **work**: span minus the duty's ``break`` tasks; at most ``max_work``. Deadheading counts
  as work (``deadhead_is_work``), so do walks, taxis and waiting between trains.
* **continuous work**: the stretches from sign-on to the first break, between breaks and
  from the last break to sign-off; each at most ``max_continuous_work``. A duty longer than
  that therefore needs a break.
* **break**: a ``break`` task of at least ``break_length`` (``break_length_long`` when the
  duty's work exceeds ``long_work_threshold``), at a depot or a break station; when a duty
  needs a break, at least one break must overlap the window from ``break_window_start`` to
  ``break_window_end`` after the start of sign-on (the 3rd to the 6th hour).
* **changeover**: between trains of different trips at a station at least
  ``min_changeover``; ``walk`` tasks (``walk`` long) lead from sign-on to the first train,
  from the last train to sign-off, and to and from a break.
* **taxi**: a ``taxi`` task lasts at least ``distance × taxi_detour_factor / taxi_speed_kmh``
  (straight-line distance between the stations) and costs ``taxi_cost_per_km`` per road km;
  no taxi ride is longer than ``max_taxi_km`` road km.
* **cost** of a duty: ``hourly_cost`` × paid hours + ``fixed_cost_per_duty`` + taxi cost.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

from sokkel.lab.crew.errors import CrewSettingsError
from sokkel.lab.limits import bounded, line_of, parse_toml, read_text, shown

__all__ = ["CREW_TYPES", "DEFAULT_RULES_FILE", "Rules", "RulesError", "load_rules"]

CREW_TYPES = ("driver", "conductor")

#: The packaged defaults, documented with their sources.
DEFAULT_RULES_FILE = Path(str(resources.files("sokkel.lab.crew") / "data" / "rules.toml"))

_DURATIONS = (
    "sign_on",
    "sign_off",
    "max_span",
    "max_work",
    "max_continuous_work",
    "break_length",
    "break_length_long",
    "long_work_threshold",
    "break_window_start",
    "break_window_end",
    "min_changeover",
    "walk",
)
_NUMBERS = (
    "taxi_speed_kmh",
    "taxi_detour_factor",
    "taxi_cost_per_km",
    "max_taxi_km",
    "hourly_cost",
    "fixed_cost_per_duty",
)
_FLAGS = ("deadhead_is_work",)

#: The longest duration a rule may hold: a day (durations are 0:00 to 24:00).
MAX_DURATION = 24 * 3600
#: The range of every number rule, ``rule: (low, high)``. Documented in ``docs/crew.md``.
LIMITS: dict[str, tuple[float, float]] = {
    "taxi_speed_kmh": (1, 200),
    "taxi_detour_factor": (1, 10),
    "taxi_cost_per_km": (0, 10_000),
    "max_taxi_km": (0, 2_000),
    "hourly_cost": (0, 100_000),
    "fixed_cost_per_duty": (0, 1_000_000),
}


class RulesError(CrewSettingsError):
    """A rule file that cannot be used; ``str(error)`` names the file, line and field."""


@dataclass(frozen=True)
class Rules:
    """The rule profile of one crew type; durations in seconds (see the module docstring).

    Attributes
    ----------
    crew : str
        ``"driver"`` or ``"conductor"``.
    source : str
        The file(s) the rules were read from.
    """

    crew: str
    sign_on: int
    sign_off: int
    max_span: int
    max_work: int
    max_continuous_work: int
    break_length: int
    break_length_long: int
    long_work_threshold: int
    break_window_start: int
    break_window_end: int
    min_changeover: int
    walk: int
    taxi_speed_kmh: float
    taxi_detour_factor: float
    taxi_cost_per_km: float
    max_taxi_km: float
    hourly_cost: float
    fixed_cost_per_duty: float
    deadhead_is_work: bool = True
    source: str = ""

    def required_break(self, work: int) -> int:
        """The shortest break a duty with ``work`` seconds of work needs (0 if none)."""
        if work <= self.max_continuous_work:
            return 0
        return self.break_length_long if work > self.long_work_threshold else self.break_length

    def taxi_seconds(self, km: float) -> int:
        """Least duration of a taxi ride over ``km`` straight-line km, whole minutes up."""
        seconds = km * self.taxi_detour_factor * 3600 / self.taxi_speed_kmh
        return int(-(-seconds // 60)) * 60

    def taxi_cost(self, km: float) -> float:
        """Cost of a taxi ride over ``km`` straight-line kilometres."""
        return km * self.taxi_detour_factor * self.taxi_cost_per_km

    def duty_cost(self, span: int, taxi_km: float = 0.0) -> float:
        """Cost of a duty: paid time, the fixed cost and taxis."""
        return self.hourly_cost * span / 3600 + self.fixed_cost_per_duty + self.taxi_cost(taxi_km)

    def as_dict(self) -> dict[str, Any]:
        """The rules as plain values (durations in seconds), for plan files and reports."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _duration(value: object) -> int:
    """Seconds of a duration ``"H:MM"`` (``"H:MM:SS"``) or whole minutes, 0 to 24:00."""
    wrong = ValueError(f"{shown(value)} is not a duration H:MM or whole minutes from 0 to 24:00")
    if isinstance(value, bool):
        raise wrong
    if isinstance(value, int):
        if not 0 <= value <= MAX_DURATION // 60:
            raise wrong
        seconds = value * 60
    elif isinstance(value, str):
        parts = value.strip().split(":")
        if (
            len(parts) not in (2, 3)
            or not all(p.isdigit() and len(p) <= 2 for p in parts)
            or any(len(p) != 2 for p in parts[1:])
        ):
            raise wrong
        numbers = [int(p) for p in parts] + [0]
        if numbers[1] > 59 or numbers[2] > 59:
            raise wrong
        seconds = numbers[0] * 3600 + numbers[1] * 60 + numbers[2]
    else:
        raise wrong
    if seconds > MAX_DURATION:
        raise wrong
    return seconds


class _File:
    """A rule file's text and content, to point errors at the line of a field."""

    def __init__(self, path: Path) -> None:
        self.file = str(path)
        text = read_text(path, lambda message, line: RulesError(self.file, None, message, line))
        self.lines = text.splitlines()
        self.data = parse_toml(
            text,
            lambda message, line: RulesError(self.file, None, message, line),
            lambda message, field, line: RulesError(self.file, field, message, line),
        )

    def error(self, field: str, message: str) -> RulesError:
        return RulesError(self.file, field, message, line_of(self.lines, field))


def _values(source: _File, crew: str, table: dict[str, Any]) -> dict[str, Any]:
    known = (*_DURATIONS, *_NUMBERS, *_FLAGS)
    values: dict[str, Any] = {}
    for key, value in table.items():
        field = f"{crew}.{key}"
        if key not in known:
            raise source.error(field, f"unknown rule; known ones are {', '.join(known)}")
        try:
            if key in _DURATIONS:
                values[key] = _duration(value)
            elif key in _NUMBERS:
                if isinstance(value, str):
                    raise ValueError(f"expected a number, got {shown(value)}")
                values[key] = float(bounded(value, *LIMITS[key]))
            elif isinstance(value, bool):
                values[key] = value
            else:
                raise ValueError(f"{shown(value)} is not true or false")
        except ValueError as exc:
            raise source.error(field, str(exc)) from None
    return values


def load_rules(path: Path | str | None, crew: str) -> Rules:
    """Load the rule profile of a crew type.

    Parameters
    ----------
    path : Path or None
        A TOML file with ``[driver]`` and/or ``[conductor]`` tables; its values override the
        packaged defaults. ``None`` gives the defaults.
    crew : str
        ``"driver"`` or ``"conductor"``.

    Returns
    -------
    Rules
        Durations in seconds.

    Raises
    ------
    RulesError
        For a missing or malformed file, an unknown crew type or rule, a bad value, or
        rules that contradict each other; the message names the file and the field.
    """
    if crew not in CREW_TYPES:
        raise RulesError(
            str(path or DEFAULT_RULES_FILE), "crew", f"unknown crew type {shown(crew)}"
        )
    default = _File(DEFAULT_RULES_FILE)
    values = _values(default, crew, default.data[crew])
    source = default
    if path is not None:
        source = _File(Path(path))
        for table in source.data:
            if table not in CREW_TYPES:
                raise source.error(table, "unknown table (expected [driver] or [conductor])")
        table = source.data.get(crew, {})
        if not isinstance(table, dict):
            raise source.error(crew, "must be a table")
        values.update(_values(source, crew, table))
    rules = Rules(crew=crew, source=source.file, **values)
    _check(source, rules)
    return rules


def _check(source: _File, rules: Rules) -> None:
    def fail(field: str, message: str) -> None:
        raise source.error(f"{rules.crew}.{field}", message)

    if rules.max_span <= rules.sign_on + rules.sign_off:
        fail("max_span", "must be longer than sign_on + sign_off")
    if rules.max_work > rules.max_span:
        fail("max_work", "cannot exceed max_span")
    if rules.break_window_end <= rules.break_window_start:
        fail("break_window_end", "must be after break_window_start")
    if rules.break_length_long < rules.break_length:
        fail("break_length_long", "cannot be shorter than break_length")
    if rules.min_changeover < rules.walk:
        fail("min_changeover", "cannot be shorter than walk")

"""Load units into the unit tree: Norway's counties and municipalities, and any further units.

Norway's 15 counties (``fylke-NN``) and 357 municipalities (``kommune-NNNN``, each under its
county) come from the CSV files in ``sokkel/units/data/`` (see ``PROVENANCE.md`` there).
Further units (schools, nursing homes, health trusts, depots …) are described by the caller,
e.g. the demo content, as :class:`UnitSpec` rows.

Loading is idempotent and atomic: units are matched by ``key``; a unit that already has the
described name, kind, sector, parent, number and population is left untouched, and either
every unit is written or none is. Units that are no longer described (a municipality merged
away) are left in place: innovations may still point at them. Every file is read and checked
before the database is touched; a bad row raises :class:`UnitDataError` naming the file, line
and field.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from sokkel.units.models import Sector, Unit, UnitKind

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTIES_FILE = "fylker-2025.csv"
MUNICIPALITIES_FILE = "kommuner-2025.csv"

COUNTY_COLUMNS = ("fylkesnummer", "navn")
MUNICIPALITY_COLUMNS = (
    "kommunenummer",
    "navn",
    "administrasjonssenter",
    "folketall",
    "areal_km2",
    "malform",
)


class UnitDataError(ValueError):
    """A unit description is malformed; names the file, line and field at fault.

    Parameters
    ----------
    file
        The file (or other source) the bad row came from.
    line
        The 1-based line number of the bad row in ``file``.
    field
        The column or key at fault.
    message
        What is wrong, in plain words.
    """

    def __init__(self, file: str | Path, line: int, field: str, message: str) -> None:
        self.file = str(file)
        self.line = line
        self.field = field
        self.message = message
        super().__init__(f"{self.file}, line {line}, field {field!r}: {message}")


@dataclass(frozen=True)
class UnitSpec:
    """One unit as described by a data file: what the tree should hold under ``key``."""

    key: str
    name: str
    kind: str
    sector: str = ""
    parent_key: str | None = None
    number: str = ""
    population: int | None = None
    line: int = field(default=0, compare=False)
    """Where the description sits in its source (0: unknown, errors give its position)."""


@dataclass(frozen=True)
class LoadSummary:
    """How many units a load created, changed and found already as described."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: LoadSummary) -> LoadSummary:
        return LoadSummary(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def county_key(number: str) -> str:
    """The unit key of the county with two-digit ``number`` (``"03"`` → ``"fylke-03"``)."""
    return f"fylke-{number}"


def municipality_key(number: str) -> str:
    """The unit key of the municipality with four-digit ``number`` (``"0301"``)."""
    return f"kommune-{number}"


def _rows(path: Path, columns: Sequence[str]) -> Iterable[tuple[int, dict[str, str]]]:
    """Yield ``(line number, row)`` for each data row of a CSV file with ``columns``."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise UnitDataError(path, 0, "-", f"cannot be read: {error.strerror}") from error
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
        except UnicodeDecodeError as error:
            raise UnitDataError(path, 1, "-", "is not UTF-8 text") from error
        missing = [column for column in columns if column not in header]
        if missing:
            raise UnitDataError(path, 1, missing[0], "column missing from the header row")
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as error:
                raise UnitDataError(path, reader.line_num + 1, "-", "is not UTF-8 text") from error
            except csv.Error as error:
                raise UnitDataError(path, reader.line_num, "-", str(error)) from error
            if None in row:
                raise UnitDataError(path, reader.line_num, "-", "more values than columns")
            short = [column for column in columns if row[column] is None]
            if short:
                raise UnitDataError(path, reader.line_num, short[0], "value missing")
            yield reader.line_num, {key: value.strip() for key, value in row.items()}


def _digits(path: Path, line: int, field: str, value: str, width: int) -> str:
    if len(value) != width or not value.isdigit():
        raise UnitDataError(path, line, field, f"{value!r} is not a {width}-digit number")
    return value


def _name(path: Path, line: int, field: str, value: str) -> str:
    if not value:
        raise UnitDataError(path, line, field, "is empty")
    if len(value) > Unit._meta.get_field("name").max_length:
        raise UnitDataError(path, line, field, "is too long")
    return value


def read_counties(path: Path) -> list[UnitSpec]:
    """Read the counties file (``fylkesnummer``, ``navn``) into unit descriptions.

    Raises
    ------
    UnitDataError
        For a missing column, a number that is not two digits, an empty name or a
        number that occurs twice.
    """
    specs: list[UnitSpec] = []
    seen: dict[str, int] = {}
    for line, row in _rows(path, COUNTY_COLUMNS):
        number = _digits(path, line, "fylkesnummer", row["fylkesnummer"], 2)
        if number in seen:
            raise UnitDataError(
                path, line, "fylkesnummer", f"{number} already given on line {seen[number]}"
            )
        seen[number] = line
        specs.append(
            UnitSpec(
                key=county_key(number),
                name=_name(path, line, "navn", row["navn"]),
                kind=UnitKind.COUNTY,
                number=number,
            )
        )
    return specs


def read_municipalities(path: Path, county_numbers: Iterable[str]) -> list[UnitSpec]:
    """Read the municipalities file into unit descriptions, each under its county.

    The county is the municipality number's first two digits and must be one of
    ``county_numbers``.

    Raises
    ------
    UnitDataError
        For a missing column, a number that is not four digits or names an unknown
        county, a number that occurs twice, an empty name or a population that is
        not a whole number ≥ 0.
    """
    counties = set(county_numbers)
    specs: list[UnitSpec] = []
    seen: dict[str, int] = {}
    for line, row in _rows(path, MUNICIPALITY_COLUMNS):
        number = _digits(path, line, "kommunenummer", row["kommunenummer"], 4)
        if number in seen:
            raise UnitDataError(
                path, line, "kommunenummer", f"{number} already given on line {seen[number]}"
            )
        if number[:2] not in counties:
            raise UnitDataError(
                path, line, "kommunenummer", f"county {number[:2]} is not among the counties"
            )
        seen[number] = line
        raw_population = row["folketall"]
        if not raw_population.isdigit():
            raise UnitDataError(
                path, line, "folketall", f"{raw_population!r} is not a whole number ≥ 0"
            )
        specs.append(
            UnitSpec(
                key=municipality_key(number),
                name=_name(path, line, "navn", row["navn"]),
                kind=UnitKind.MUNICIPALITY,
                parent_key=county_key(number[:2]),
                number=number,
                population=int(raw_population),
            )
        )
    return specs


def read_norway(data_dir: Path = DATA_DIR) -> list[UnitSpec]:
    """Norway's counties followed by its municipalities, read from ``data_dir``."""
    counties = read_counties(data_dir / COUNTIES_FILE)
    municipalities = read_municipalities(
        data_dir / MUNICIPALITIES_FILE, (spec.number for spec in counties)
    )
    return counties + municipalities


def check_specs(specs: Sequence[UnitSpec], *, source: str = "units") -> None:
    """Check kinds, sectors and keys of ``specs`` before anything is written.

    Raises
    ------
    UnitDataError
        Naming ``source`` and the description's ``line`` (or else its 1-based position).
    """
    kinds = set(UnitKind.values)
    sectors = set(Sector.values) | {""}
    seen: set[str] = set()
    for position, spec in enumerate(specs, start=1):
        line = spec.line or position
        if not spec.key:
            raise UnitDataError(source, line, "key", "is empty")
        if spec.key in seen:
            raise UnitDataError(source, line, "key", f"{spec.key!r} is given twice")
        seen.add(spec.key)
        if not spec.name:
            raise UnitDataError(source, line, "name", "is empty")
        if spec.kind not in kinds:
            raise UnitDataError(source, line, "kind", f"{spec.kind!r} is not a unit kind")
        if spec.sector not in sectors:
            raise UnitDataError(source, line, "sector", f"{spec.sector!r} is not a sector")


def load_units(specs: Sequence[UnitSpec], *, source: str = "units") -> LoadSummary:
    """Write ``specs`` into the unit tree in one transaction, matching units by key.

    A parent must be described earlier in ``specs`` or already be in the database.

    Parameters
    ----------
    specs
        The units, parents before children.
    source
        Names the origin of ``specs`` in errors.

    Returns
    -------
    LoadSummary
        Counts of created, updated and unchanged units.

    Raises
    ------
    UnitDataError
        For a bad description or a parent that is neither described nor stored; the
        database is then left as it was.
    """
    check_specs(specs, source=source)
    created = updated = unchanged = 0
    with transaction.atomic():
        keys = {spec.key for spec in specs} | {s.parent_key for s in specs if s.parent_key}
        units = {unit.key: unit for unit in Unit.objects.filter(key__in=keys)}
        for position, spec in enumerate(specs, start=1):
            parent = None
            if spec.parent_key:
                parent = units.get(spec.parent_key)
                if parent is None:
                    raise UnitDataError(
                        source,
                        spec.line or position,
                        "parent",
                        f"no unit with key {spec.parent_key!r} (describe parents first)",
                    )
            wanted = {
                "name": spec.name,
                "kind": spec.kind,
                "sector": spec.sector,
                "number": spec.number,
                "population": spec.population,
            }
            unit = units.get(spec.key)
            if unit is None:
                unit = Unit(key=spec.key, parent=parent, **wanted)
                unit.save()
                units[spec.key] = unit
                created += 1
            elif unit.parent_id != (parent.pk if parent else None) or any(
                getattr(unit, field) != value for field, value in wanted.items()
            ):
                for field, value in wanted.items():
                    setattr(unit, field, value)
                unit.parent = parent
                unit.save()
                updated += 1
            else:
                unchanged += 1
    summary = LoadSummary(created, updated, unchanged)
    logger.info(
        "Loaded %d units from %s: %d created, %d updated, %d unchanged",
        summary.total,
        source,
        created,
        updated,
        unchanged,
    )
    return summary


def load_norway(data_dir: Path = DATA_DIR) -> LoadSummary:
    """Load Norway's 15 counties and 357 municipalities (idempotent, atomic).

    Raises
    ------
    UnitDataError
        For a malformed row in either file; nothing is written then.
    """
    return load_units(read_norway(data_dir), source=str(data_dir))

"""Loading Norway's counties and municipalities into the unit tree."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sokkel.units.loading import (
    COUNTIES_FILE,
    DATA_DIR,
    MUNICIPALITIES_FILE,
    UnitDataError,
    UnitSpec,
    load_norway,
    load_units,
)
from sokkel.units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


def test_norway_has_15_counties_and_357_municipalities_under_them() -> None:
    summary = load_norway()

    assert summary.created == 15 + 357
    assert Unit.objects.filter(kind=UnitKind.COUNTY).count() == 15
    municipalities = Unit.objects.filter(kind=UnitKind.MUNICIPALITY).select_related("parent")
    assert municipalities.count() == 357
    for municipality in municipalities:
        assert municipality.parent.kind == UnitKind.COUNTY
        assert municipality.number.startswith(municipality.parent.number)
    oslo = Unit.objects.get(key="kommune-0301")
    assert (oslo.name, oslo.number, oslo.population) == ("Oslo", "0301", 717710)
    assert oslo.parent.key == "fylke-03"
    bergen = Unit.objects.get(key="kommune-4601")
    assert bergen.parent.name == "Vestland"
    vestland = Unit.objects.get(key="fylke-46")
    assert bergen in Unit.objects.subtree(vestland)
    assert oslo not in Unit.objects.subtree(vestland)


def test_loading_twice_changes_nothing() -> None:
    load_norway()
    before = list(Unit.objects.order_by("key").values())

    again = load_norway()

    assert (again.created, again.updated, again.unchanged) == (0, 0, 372)
    assert list(Unit.objects.order_by("key").values()) == before


def test_loading_corrects_a_changed_unit_in_place() -> None:
    load_norway()
    Unit.objects.filter(key="kommune-0301").update(name="Kristiania", population=1)
    pk = Unit.objects.get(key="kommune-0301").pk

    summary = load_norway()

    assert summary.updated == 1
    oslo = Unit.objects.get(key="kommune-0301")
    assert (oslo.pk, oslo.name, oslo.population) == (pk, "Oslo", 717710)


def _data_dir_with(tmp_path: Path, file: str, line: int, new_text: str) -> Path:
    """A copy of the unit data where ``line`` (1-based) of ``file`` is replaced."""
    for name in (COUNTIES_FILE, MUNICIPALITIES_FILE):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    path = tmp_path / file
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = new_text
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("line", "text", "field"),
    [
        (3, "1101,Eigersund,Egersund,mange,432.49,Bokmål", "folketall"),
        (3, "110,Eigersund,Egersund,15221,432.49,Bokmål", "kommunenummer"),
        (3, "9901,Nowhere,Nowhere,15221,432.49,Bokmål", "kommunenummer"),
        (3, "1101,,Egersund,15221,432.49,Bokmål", "navn"),
        (3, "1101,Eigersund,Egersund", "folketall"),
        (4, "0301,Oslo,Oslo,717710,454.12,Nøytral", "kommunenummer"),
    ],
)
def test_a_malformed_municipality_names_file_line_and_field_and_writes_nothing(
    tmp_path: Path, line: int, text: str, field: str
) -> None:
    data_dir = _data_dir_with(tmp_path, MUNICIPALITIES_FILE, line, text)

    with pytest.raises(UnitDataError) as caught:
        load_norway(data_dir)

    error = caught.value
    assert (Path(error.file).name, error.line, error.field) == (MUNICIPALITIES_FILE, line, field)
    assert f"{MUNICIPALITIES_FILE}, line {line}, field '{field}'" in str(error)
    assert Unit.objects.count() == 0


def test_a_malformed_county_names_file_line_and_field(tmp_path: Path) -> None:
    data_dir = _data_dir_with(tmp_path, COUNTIES_FILE, 5, "Åtte,Nordland")

    with pytest.raises(UnitDataError, match=r"fylker-2025\.csv, line 5, field 'fylkesnummer'"):
        load_norway(data_dir)


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    data_dir = _data_dir_with(
        tmp_path, MUNICIPALITIES_FILE, 1, "kommunenummer,navn,administrasjonssenter,areal_km2"
    )

    with pytest.raises(UnitDataError, match=r"kommuner-2025\.csv, line 1, field 'folketall'"):
        load_norway(data_dir)


def test_a_bad_row_leaves_an_already_loaded_tree_unchanged(tmp_path: Path) -> None:
    load_norway()
    Unit.objects.filter(key="kommune-0301").update(population=1)
    before = list(Unit.objects.order_by("key").values())
    data_dir = _data_dir_with(
        tmp_path, MUNICIPALITIES_FILE, 358, "5636,Unjárga,Nesseby,x,1,Nøytral"
    )

    with pytest.raises(UnitDataError, match="line 358, field 'folketall'"):
        load_norway(data_dir)

    assert list(Unit.objects.order_by("key").values()) == before


def test_further_units_hang_under_loaded_ones_and_a_missing_parent_rolls_back() -> None:
    load_norway()
    good = UnitSpec(
        key="lindern-sykehjem",
        name="Lindern sykehjem",
        kind=UnitKind.NURSING_HOME,
        sector="health_care",
        parent_key="kommune-0301",
    )
    orphan = UnitSpec(key="ukjent", name="Ukjent", kind=UnitKind.SCHOOL, parent_key="finnes-ikke")

    with pytest.raises(UnitDataError, match=r"demo\.toml, line 2, field 'parent'"):
        load_units([good, orphan], source="demo.toml")
    assert not Unit.objects.filter(key="lindern-sykehjem").exists()

    load_units([good])
    home = Unit.objects.get(key="lindern-sykehjem")
    assert home.path == "fylke-03/kommune-0301/lindern-sykehjem/"

"""The unit tree: sub-unit queries by materialised path, moves, and no cycles."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sokkel.units.models import Unit, UnitKind


@pytest.fixture
def county(db):
    return Unit.objects.create(key="fylke-99", name="Testfylke", kind=UnitKind.COUNTY)


def test_it_finds_a_unit_and_all_its_sub_units(unit, home):
    school = Unit.objects.create(
        key="testvik-skole", name="Testvik skole", kind="school", parent=unit
    )
    other = Unit.objects.create(key="annen-kommune", name="Annen", kind="municipality")
    assert set(Unit.objects.subtree(unit)) == {unit, home, school}
    assert set(Unit.objects.subtree(home)) == {home}
    assert other not in Unit.objects.subtree(unit)
    assert set(Unit.objects.roots()) == {unit, other}


def test_it_does_not_confuse_keys_that_share_a_prefix(unit, home):
    lookalike = Unit.objects.create(key="kommune-99990", name="Lik", kind="municipality")
    assert lookalike not in Unit.objects.subtree(unit)


def test_it_moves_sub_units_along_when_a_unit_moves(county, unit, home):
    unit.parent = county
    unit.save()
    home.refresh_from_db()
    assert home.path == "fylke-99/kommune-9999/testvik-sykehjem/"
    assert home.ancestor_keys() == ["fylke-99", "kommune-9999", "testvik-sykehjem"]
    assert list(home.ancestors(include_self=False)) == [county, unit]
    assert set(county.descendants(include_self=False)) == {unit, home}


def test_it_refuses_to_put_a_unit_under_its_own_sub_unit(unit, home):
    unit.parent = home
    with pytest.raises(ValidationError) as caught:
        unit.save()
    assert "parent" in caught.value.message_dict
    unit.refresh_from_db()
    assert unit.parent is None

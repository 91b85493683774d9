"""Reaching the units that face the same problem, and leaders' suggestions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sokkel.innovations.models import Innovation, Phase
from sokkel.spread.matching import innovations_to_know_about, units_facing_same_problem
from sokkel.units.models import Sector, Unit, UnitKind

pytestmark = pytest.mark.django_db


def understood(innovation: Innovation) -> Innovation:
    Innovation.objects.filter(pk=innovation.pk).update(phase=Phase.UNDERSTOOD)
    innovation.refresh_from_db()
    return innovation


@pytest.fixture
def school(db: None) -> Unit:
    return Unit.objects.create(
        key="skole", name="Nabovik skole", kind=UnitKind.SCHOOL, sector=Sector.EDUCATION
    )


def test_it_finds_units_of_the_same_kind_and_sector(
    innovation: Any, other_home: Any, school: Unit
) -> None:
    assert units_facing_same_problem(innovation) == []  # only understood or shared spread
    matches = units_facing_same_problem(understood(innovation))
    assert [match.unit for match in matches] == [other_home]
    assert matches[0].reasons == ["kind_sector"]


def test_drafts_are_never_matched(draft: Any, other_home: Any, nora: Any) -> None:
    assert units_facing_same_problem(understood(draft)) == []
    assert innovations_to_know_about(nora) == []


def test_comparable_population_ranks_higher(unit: Any, home: Any, innovation: Any) -> None:
    Unit.objects.filter(pk=unit.pk).update(population=5200)
    near = Unit.objects.create(
        key="nær",
        name="Nær kommune",
        kind=UnitKind.MUNICIPALITY,
        population=4800,
        sector=Sector.ADMINISTRATION,
    )
    far = Unit.objects.create(
        key="fjern",
        name="Fjern kommune",
        kind=UnitKind.MUNICIPALITY,
        population=700000,
        sector=Sector.ADMINISTRATION,
    )
    innovation.units.set([unit])
    matches = units_facing_same_problem(understood(innovation))
    assert [match.unit for match in matches] == [near, far]
    assert "population" in matches[0].reasons


def test_a_leader_sees_what_their_units_should_know_about(
    innovation: Any, nora: Any, bob: Any, client_for: Callable
) -> None:
    understood(innovation)
    suggestions = innovations_to_know_about(nora)
    assert [item.innovation for item in suggestions] == [innovation]
    assert [unit.name for unit in suggestions[0].units] == ["Nabovik sykehjem"]
    assert innovations_to_know_about(bob) == []  # it comes from bob's own unit
    body = client_for(nora).get("/spredning/for-mine-enheter/").content.decode()
    assert innovation.title in body


def test_an_adopting_unit_is_no_longer_suggested(
    innovation: Any, other_home: Any, nora: Any
) -> None:
    from sokkel.spread.services import record_adoption

    understood(innovation)
    record_adoption(innovation, by=nora, unit=other_home)
    assert innovations_to_know_about(nora) == []
    assert units_facing_same_problem(innovation) == []

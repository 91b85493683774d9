"""Spread fixtures: a second municipality with a nursing home that may adopt ``innovation``."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def other_home(db: None) -> Any:
    """Nabovik sykehjem in Nabovik kommune (a leader: ``nora``; staff: ``nils``)."""
    from sokkel.units.models import Sector, Unit, UnitKind

    municipality = Unit.objects.create(
        key="kommune-9998",
        name="Nabovik kommune",
        kind=UnitKind.MUNICIPALITY,
        sector=Sector.ADMINISTRATION,
        population=5000,
    )
    return Unit.objects.create(
        key="nabovik-sykehjem",
        name="Nabovik sykehjem",
        kind=UnitKind.NURSING_HOME,
        sector=Sector.HEALTH_CARE,
        parent=municipality,
    )


@pytest.fixture
def nora(other_home: Any) -> Any:
    from sokkel.people.models import Leadership, User

    nora = User.objects.create_user("nora@example.no", "sokkel-test-pw", full_name="Nora Nes")
    Leadership.objects.create(person=nora, unit=other_home.parent, title="Kommunalsjef")
    return nora


@pytest.fixture
def nils(other_home: Any) -> Any:
    from sokkel.people.models import User

    return User.objects.create_user(
        "nils@example.no", "sokkel-test-pw", full_name="Nils Nes", home_unit=other_home
    )

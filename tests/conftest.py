"""Shared personas for the platform's tests (the healthchecks alice/bob/charlie pattern).

- ``unit``: a municipality; ``home``: a nursing home under it.
- ``alice``: front-line employee at ``home``, on the team of ``innovation`` and ``draft``.
- ``bob``: leader of ``unit`` (and so, by inheritance, of ``home``); not on any team.
- ``charlie``: a signed-in outsider with no ties to the unit or the innovations.
- ``researcher``: ``is_researcher`` with an affiliation; not on any team.
- ``admin_user``: an administrator (staff and superuser).
- ``innovation``: published, phase *discovered*, in ``home``.
- ``draft``: unpublished, told by alice, in ``home``.
- ``client_for(user)``: a Django test client signed in as ``user`` (``None`` → anonymous).

Every persona's password is ``PASSWORD``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

PASSWORD = "sokkel-test-pw"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Hash test passwords cheaply; the real hasher is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def unit(db: None) -> Any:
    from sokkel.units.models import Sector, Unit, UnitKind

    return Unit.objects.create(
        key="kommune-9999",
        name="Testvik kommune",
        kind=UnitKind.MUNICIPALITY,
        sector=Sector.ADMINISTRATION,
        number="9999",
    )


@pytest.fixture
def home(unit: Any) -> Any:
    from sokkel.units.models import Sector, Unit, UnitKind

    return Unit.objects.create(
        key="testvik-sykehjem",
        name="Testvik sykehjem",
        kind=UnitKind.NURSING_HOME,
        sector=Sector.HEALTH_CARE,
        parent=unit,
    )


def _person(email: str, full_name: str, **fields: Any) -> Any:
    from sokkel.people.models import User

    return User.objects.create_user(email, PASSWORD, full_name=full_name, **fields)


@pytest.fixture
def alice(home: Any) -> Any:
    return _person("alice@example.no", "Alice Aasen", home_unit=home)


@pytest.fixture
def bob(unit: Any) -> Any:
    from sokkel.people.models import Leadership

    bob = _person("bob@example.no", "Bob Berg", home_unit=unit)
    Leadership.objects.create(person=bob, unit=unit, title="Kommunalsjef helse og omsorg")
    return bob


@pytest.fixture
def charlie(db: None) -> Any:
    return _person("charlie@example.no", "Charlie Christensen")


@pytest.fixture
def researcher(db: None) -> Any:
    return _person("rita@example.no", "Rita Forsker", is_researcher=True, affiliation="OsloMet")


@pytest.fixture
def admin_user(db: None) -> Any:
    from sokkel.people.models import User

    return User.objects.create_superuser("admin@example.no", PASSWORD, full_name="Ada Admin")


def _innovation(*, told_by: Any, unit: Any, slug: str, title: str, published: bool) -> Any:
    from django.utils import timezone

    from sokkel.innovations.models import ActorType, Innovation, TeamMember
    from sokkel.units.models import Sector

    innovation = Innovation.objects.create(
        title=title,
        slug=slug,
        problem="Beboere med demens måtte på sykehuset for å ta røntgen.",
        what_we_did="En radiograf kjører røntgenapparatet fra sykehjem til sykehjem.",
        what_changed="Færre turer til sykehuset, og personalet slipper å følge med.",
        sector=Sector.HEALTH_CARE,
        is_published=published,
        published_at=timezone.now() if published else None,
        created_by=told_by,
    )
    innovation.units.set([unit])
    TeamMember.objects.create(
        innovation=innovation, person=told_by, actor_type=ActorType.PUBLIC_BODY, role="forteller"
    )
    return innovation


@pytest.fixture
def innovation(alice: Any, home: Any) -> Any:
    return _innovation(
        told_by=alice, unit=home, slug="mobil-rontgen", title="Mobil røntgen", published=True
    )


@pytest.fixture
def draft(alice: Any, home: Any) -> Any:
    return _innovation(
        told_by=alice, unit=home, slug="nattevakt-app", title="Nattevakt-appen", published=False
    )


@pytest.fixture
def client_for(db: None) -> Callable[[Any], Client]:
    """Return a function giving a test client signed in as the user (``None``: anonymous)."""

    def make(user: Any) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make

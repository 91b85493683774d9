"""The demo content, loaded once per module and rolled back at its end."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from sokkel.demo.loader import DemoSummary, load_demo
from sokkel.innovations.models import (
    AuditEntry,
    Effect,
    Innovation,
    Kudos,
    PhaseTransition,
    Tag,
    TeamMember,
)
from sokkel.people.models import Leadership, User
from sokkel.units.models import Unit


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoSummary]:
    """``load_demo()``'s summary; each test still runs in its own rolled-back transaction."""
    # Cheap hashing, as tests/conftest.py sets for each test (this fixture outlives one).
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        yield load_demo()
        transaction.set_rollback(True)


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row the demo writes, as plain values, in a stable order."""
    tables: dict[str, Any] = {
        "units": Unit.objects.order_by("key"),
        "people": User.objects.order_by("email"),
        "leaderships": Leadership.objects.order_by("pk"),
        "innovations": Innovation.objects.order_by("demo_key"),
        "innovation units": Innovation.units.through.objects.order_by("pk"),
        "innovation tags": Innovation.tags.through.objects.order_by("pk"),
        "tags": Tag.objects.order_by("name"),
        "team": TeamMember.objects.order_by("pk"),
        "effects": Effect.objects.order_by("pk"),
        "journeys": PhaseTransition.objects.order_by("pk"),
        "kudos": Kudos.objects.order_by("pk"),
        "audit": AuditEntry.objects.order_by("pk"),
    }
    return {name: list(query.values()) for name, query in tables.items()}


@pytest.fixture
def db_snapshot() -> Callable[[], dict[str, list[dict[str, Any]]]]:
    """A function returning every row the demo writes, to compare before and after."""
    return snapshot

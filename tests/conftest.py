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

For the browser tests of the platform and of the lab's reports: ``chromium`` (Debian's
Chromium under Playwright, one per test process) and ``axe`` (axe-core's WCAG 2.0/2.1 A and AA
violations on a page).

Every persona's password is ``PASSWORD``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

PASSWORD = "sokkel-test-pw"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium under Playwright's sync API, shared by the test process.

    Skipped, with the reason, when Chromium or axe-core is missing, unless ``CI`` is set:
    then that is a failure. A browser is never downloaded. One Playwright per process: a
    second sync Playwright in the same thread refuses to start.
    """
    missing = [str(path) for path in (CHROMIUM, AXE) if not path.exists()]
    if missing:
        reason = f"missing {', '.join(missing)} (apt-get install chromium; make install)"
        if _in_ci():
            pytest.fail(f"CI needs the browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the live server's database
    # work happens elsewhere, so Django's async-safety guard would only get in the way.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def axe() -> Callable[[Any], list[dict[str, Any]]]:
    """Run axe-core on a page: the WCAG 2.0/2.1 A and AA violations it finds."""

    def run(page: Any) -> list[dict[str, Any]]:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        return [
            {
                "id": violation["id"],
                "help": violation["help"],
                "nodes": [node["target"] for node in violation["nodes"]],
            }
            for violation in result["violations"]
        ]

    return run


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: what one test's pages remembered (similar
    innovations, matched units) belongs to rows another test may reuse the ids of."""
    from django.core.cache import cache

    cache.clear()
    yield


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

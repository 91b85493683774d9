"""In a real browser: duplicates appear while a title is typed; the spread pages pass axe.

Issue 5's browser tests (owned by SPREAD, kept here to share this folder's fixtures).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from sokkel.innovations import services as innovation_services
from sokkel.innovations.models import Innovation, Phase
from sokkel.spread import services
from sokkel.spread.digest import unsubscribe_token

pytestmark = pytest.mark.browser


@pytest.fixture
def other_home(db: None) -> Any:
    from sokkel.units.models import Sector, Unit, UnitKind

    return Unit.objects.create(
        key="nabovik-sykehjem",
        name="Nabovik sykehjem",
        kind=UnitKind.NURSING_HOME,
        sector=Sector.HEALTH_CARE,
    )


@pytest.fixture
def nora(other_home: Any) -> Any:
    from sokkel.people.models import Leadership, User

    nora = User.objects.create_user("nora@example.no", "sokkel-test-pw", full_name="Nora Nes")
    Leadership.objects.create(person=nora, unit=other_home, title="Styrer")
    return nora


def test_possible_duplicates_appear_while_typing_a_title(
    page: Any,
    sign_in: Any,
    innovation: Any,
    charlie: Any,
) -> None:
    sign_in("charlie@example.no")
    page.goto("/innovasjoner/ny/")
    page.get_by_label("Tittel").fill("Røntgen for beboere på sykehjem")
    page.get_by_text("Finnes dette allerede?").wait_for()
    assert page.get_by_role("link", name="Mobil røntgen").is_visible()


def test_the_spread_pages_have_no_wcag_violations(
    page: Any,
    sign_in: Any,
    axe_violations: Any,
    innovation: Any,
    alice: Any,
    other_home: Any,
    nora: Any,
) -> None:
    Innovation.objects.filter(pk=innovation.pk).update(phase=Phase.UNDERSTOOD)
    innovation_services.add_effect(
        innovation, by=alice, kind="quantitative", name="Ventetid", baseline=10, result=7
    )
    adoption = services.record_adoption(
        innovation, by=nora, unit=other_home, adopted_on=datetime.date(2026, 3, 1)
    )
    services.add_adoption_effect(
        adoption, by=nora, kind="quantitative", name="Ventetid", baseline=5, result=3.9
    )
    services.follow(nora, sector="health_care")
    page.goto(f"/spredning/avmeld/{unsubscribe_token(nora)}/")
    assert axe_violations() == []
    sign_in("nora@example.no")
    for path in [
        innovation.get_absolute_url(),
        "/spredning/folger/",
        "/spredning/for-mine-enheter/",
        f"/spredning/gjenbruk/{innovation.slug}/",
        f"/spredning/gjenbruk/{innovation.slug}/{adoption.pk}/effekter/",
        "/innovasjoner/ny/",
    ]:
        page.goto(path)
        assert axe_violations() == [], path

"""Recording adoptions: who may, what the innovation page and the API show."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from sokkel.core.errors import InvalidInput, NotAllowed
from sokkel.innovations.models import AuditEntry
from sokkel.spread import services
from sokkel.units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


def test_a_leader_of_the_adopting_unit_records_it(
    innovation: Any, other_home: Any, nora: Any
) -> None:
    adoption = services.record_adoption(
        innovation,
        by=nora,
        unit=other_home,
        adopted_on=datetime.date(2026, 3, 1),
        adaptations="Vi bruker vår egen bil.",
        results="Tolv færre sykehusturer.",
    )
    assert adoption.unit == other_home
    entry = AuditEntry.objects.get(innovation=innovation, action="innovation.adopted")
    assert entry.actor == nora


def test_staff_of_the_unit_may_record_it(innovation: Any, other_home: Any, nils: Any) -> None:
    assert services.record_adoption(innovation, by=nils, unit=other_home).unit == other_home


def test_outsiders_may_not(innovation: Any, other_home: Any, charlie: Any, bob: Any) -> None:
    for person in (charlie, bob):  # bob leads Testvik, not Nabovik
        with pytest.raises(NotAllowed):
            services.record_adoption(innovation, by=person, unit=other_home)


def test_drafts_own_units_and_repeats_are_refused(
    innovation: Any, draft: Any, other_home: Any, home: Any, admin_user: Any
) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.record_adoption(draft, by=admin_user, unit=other_home)
    assert "innovation" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        services.record_adoption(innovation, by=admin_user, unit=home)
    assert "unit" in refused.value.errors
    services.record_adoption(innovation, by=admin_user, unit=other_home)
    with pytest.raises(InvalidInput) as refused:
        services.record_adoption(innovation, by=admin_user, unit=other_home)
    assert "unit" in refused.value.errors


def test_two_adoptions_suggest_evidence_level_5(
    innovation: Any, other_home: Any, admin_user: Any, alice: Any, client_for: Callable
) -> None:
    third = Unit.objects.create(key="tredje", name="Tredje sykehjem", kind=UnitKind.NURSING_HOME)
    services.record_adoption(innovation, by=admin_user, unit=other_home)
    assert not services.suggests_scaled(innovation)
    services.record_adoption(innovation, by=admin_user, unit=third)
    assert services.suggests_scaled(innovation)
    body = client_for(alice).get(innovation.get_absolute_url()).content.decode()
    assert "Vurder evidensnivå 5" in body


def test_the_page_shows_where_it_is_in_use_as_a_timeline(
    innovation: Any, other_home: Any, nora: Any, client_for: Callable
) -> None:
    client = client_for(nora)
    form = client.get(f"/spredning/gjenbruk/{innovation.slug}/")
    assert form.status_code == 200 and "Nabovik sykehjem" in form.content.decode()
    response = client.post(
        f"/spredning/gjenbruk/{innovation.slug}/",
        {"unit": other_home.pk, "adopted_on": "2026-03-01", "results": "Færre sykehusturer."},
    )
    assert response.status_code == 302
    body = client_for(None).get(innovation.get_absolute_url()).content.decode()
    assert "Tatt i bruk av 1 enhet til." in body
    assert '<time datetime="2026-03-01">' in body and "Færre sykehusturer." in body


def test_the_api_lists_and_records_adoptions(
    innovation: Any, other_home: Any, nora: Any, charlie: Any, client_for: Callable
) -> None:
    url = f"/api/v1/innovations/{innovation.pk}/adoptions"
    refused = client_for(charlie).post(
        url, {"unit": other_home.key}, content_type="application/json"
    )
    assert refused.status_code == 403
    created = client_for(nora).post(
        url,
        {"unit": other_home.key, "adopted_on": "2026-03-01", "adaptations": "Egen bil."},
        content_type="application/json",
    )
    assert created.status_code == 201
    listed = client_for(None).get(url).json()
    assert listed["count"] == 1
    assert listed["items"][0]["unit"]["key"] == "nabovik-sykehjem"
    assert listed["items"][0]["adopted_on"] == "2026-03-01"
    unknown = client_for(nora).post(url, {"unit": "nope"}, content_type="application/json")
    assert unknown.status_code == 400 and "unit" in unknown.json()["errors"]


def test_the_api_hides_adoptions_of_drafts(draft: Any, client_for: Callable) -> None:
    assert client_for(None).get(f"/api/v1/innovations/{draft.pk}/adoptions").status_code == 404


def test_administrators_see_adoptions_in_the_admin(
    innovation: Any, other_home: Any, admin_user: Any, client_for: Callable
) -> None:
    services.record_adoption(innovation, by=admin_user, unit=other_home)
    page = client_for(admin_user).get("/admin/spread/adoption/")
    assert page.status_code == 200 and "Nabovik sykehjem" in page.content.decode()


def test_staff_of_a_sub_unit_may_not_record_for_the_municipality(
    innovation: Any, other_home: Any, nils: Any
) -> None:
    with pytest.raises(NotAllowed):
        services.record_adoption(innovation, by=nils, unit=other_home.parent)
    assert list(services.adoptable_units(nils)) == [other_home]


def test_the_unit_page_shows_what_it_took_into_use(
    innovation: Any, other_home: Any, nora: Any, client_for: Callable
) -> None:
    services.record_adoption(innovation, by=nora, unit=other_home)
    for unit in (other_home, other_home.parent):  # and on the municipality's page
        body = client_for(None).get(f"/enheter/{unit.key}/").content.decode()
        assert "Tatt i bruk her" in body and innovation.get_absolute_url() in body


def test_english_pages_mark_what_people_wrote_as_norwegian(
    innovation: Any, other_home: Any, nora: Any, client_for: Callable
) -> None:
    services.record_adoption(innovation, by=nora, unit=other_home, results="Færre turer.")
    client = client_for(None)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get(innovation.get_absolute_url()).content.decode()
    assert '<span lang="no">Færre turer.</span>' in body

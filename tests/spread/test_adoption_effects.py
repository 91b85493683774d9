"""An adopting unit's own effects, in the original's shape and shown beside the original's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sokkel.core.errors import InvalidInput, NotAllowed
from sokkel.innovations import services as innovation_services
from sokkel.innovations.models import AuditEntry
from sokkel.spread import services
from sokkel.spread.models import Adoption, AdoptionEffect

pytestmark = pytest.mark.django_db

WAITING = {"kind": "quantitative", "name": "Ventetid", "unit": "dager"}
COMPARED = "Original: −30\u00a0% · Nabovik sykehjem: −22\u00a0%"


@pytest.fixture
def measured(innovation: Any, alice: Any) -> Any:
    """``innovation`` with its own measured effect: waiting time 10 → 7 days (−30 %)."""
    innovation_services.add_effect(
        innovation, by=alice, **WAITING, baseline=10, result=7, source="Egen måling"
    )
    return innovation


def test_an_adoption_page_then_its_effect_show_beside_the_original(
    measured: Any, other_home: Any, nora: Any, client_for: Callable
) -> None:
    client = client_for(nora)
    recorded = client.post(
        f"/spredning/gjenbruk/{measured.slug}/",
        {"unit": other_home.pk, "adopted_on": "2026-03-01", "adaptations": "Egen bil."},
    )
    adoption = Adoption.objects.get(innovation=measured, unit=other_home)
    effect_url = f"/spredning/gjenbruk/{measured.slug}/{adoption.pk}/effekter/"
    assert recorded["Location"] == effect_url
    form = client.get(effect_url).content.decode()
    assert 'list="indicators"' in form and '<option value="Ventetid">' in form
    added = client.post(
        effect_url,
        {"kind": "quantitative", "name": " ventetid ", "unit": "dager", "baseline": "5"}
        | {"result": "3.9", "source": "Nabovik, tre måneder"},
    )
    assert added.status_code == 302
    body = client_for(None).get(measured.get_absolute_url()).content.decode()
    assert COMPARED in body and "Nabovik, tre måneder" in body


def test_the_api_records_an_adoption_with_its_effects(
    measured: Any, other_home: Any, nora: Any, client_for: Callable
) -> None:
    url = f"/api/v1/innovations/{measured.pk}/adoptions"
    created = client_for(nora).post(
        url,
        {
            "unit": other_home.key,
            "effects": [
                {**WAITING, "baseline": 5, "result": 3.9},
                {"kind": "immaterial", "name": "Tryggere beboere", "rating": 4}
                | {"description": "Beboerne slipper turen til sykehuset."},
            ],
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    effects = client_for(None).get(url).json()["items"][0]["effects"]
    original = measured.effects.get()
    assert [(item["name"], item["original_effect"]) for item in effects] == [
        ("Ventetid", original.pk),
        ("Tryggere beboere", None),
    ]
    assert effects[0]["change"] == pytest.approx(-1.1)
    body = client_for(None).get(measured.get_absolute_url()).content.decode()
    assert COMPARED in body and "Beboerne slipper turen til sykehuset." in body
    entry = AuditEntry.objects.get(innovation=measured, action="innovation.adopted")
    assert entry.changes["adoption_effects"] == [None, ["Ventetid", "Tryggere beboere"]]


def test_an_effect_on_another_indicator_is_shown_without_comparison(
    measured: Any, other_home: Any, nora: Any, client_for: Callable
) -> None:
    adoption = services.record_adoption(measured, by=nora, unit=other_home)
    services.add_adoption_effect(
        adoption, by=nora, kind="quantitative", name="Sykehusturer", baseline=12, result=4
    )
    body = client_for(None).get(measured.get_absolute_url()).content.decode()
    assert "Sykehusturer" in body and "Original:" not in body


def test_outsiders_may_not_add_effects(
    innovation: Any, other_home: Any, nora: Any, charlie: Any, bob: Any, client_for: Callable
) -> None:
    adoption = services.record_adoption(innovation, by=nora, unit=other_home)
    for person in (charlie, bob):  # bob leads Testvik (the original's), not Nabovik
        with pytest.raises(NotAllowed):
            services.add_adoption_effect(adoption, by=person, **WAITING, baseline=5, result=4)
    url = f"/api/v1/innovations/{innovation.pk}/adoptions/{adoption.pk}/effects"
    refused = client_for(charlie).post(
        url, {**WAITING, "baseline": 5, "result": 4}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert "Nabovik sykehjem" in refused.json()["message"]
    page_url = f"/spredning/gjenbruk/{innovation.slug}/{adoption.pk}/effekter/"
    page = client_for(charlie).post(page_url, {**WAITING, "baseline": "5", "result": "4"})
    assert page.status_code == 403
    assert "Bare ledere og ansatte ved Nabovik sykehjem" in page.content.decode()
    assert not AdoptionEffect.objects.exists()
    body = client_for(charlie).get(innovation.get_absolute_url()).content.decode()
    assert page_url not in body
    assert page_url in client_for(nora).get(innovation.get_absolute_url()).content.decode()


def test_staff_of_the_unit_remove_an_effect_and_outsiders_may_not(
    innovation: Any, other_home: Any, nils: Any, charlie: Any, client_for: Callable
) -> None:
    adoption = services.record_adoption(innovation, by=nils, unit=other_home)
    effect = services.add_adoption_effect(adoption, by=nils, **WAITING, baseline=5, result=4)
    api_url = f"/api/v1/innovations/{innovation.pk}/adoptions/{adoption.pk}/effects/{effect.pk}"
    assert client_for(charlie).delete(api_url).status_code == 403
    page_url = f"/spredning/gjenbruk/{innovation.slug}/{adoption.pk}/effekter/{effect.pk}/fjern/"
    assert client_for(nils).post(page_url).status_code == 302
    assert not AdoptionEffect.objects.exists()
    actions = AuditEntry.objects.filter(innovation=innovation).values_list("action", flat=True)
    assert {"innovation.adoption_effect_added", "innovation.adoption_effect_removed"} <= set(
        actions
    )


def test_a_drafts_adoptions_and_their_effects_stay_invisible(
    draft: Any, other_home: Any, nora: Any, client_for: Callable
) -> None:
    adoption = Adoption.objects.create(innovation=draft, unit=other_home)
    AdoptionEffect.objects.create(adoption=adoption, **WAITING, baseline=5, result=4)
    for person in (None, nora):
        client = client_for(person)
        assert client.get(f"/api/v1/innovations/{draft.pk}/adoptions").status_code == 404
        posted = client.post(
            f"/api/v1/innovations/{draft.pk}/adoptions/{adoption.pk}/effects",
            {**WAITING, "baseline": 5, "result": 4},
            content_type="application/json",
        )
        assert posted.status_code in {401, 404}
    page = client_for(nora).get(f"/spredning/gjenbruk/{draft.slug}/{adoption.pk}/effekter/")
    assert page.status_code == 404
    assert AdoptionEffect.objects.count() == 1


def test_validation_errors_name_the_field(
    innovation: Any, other_home: Any, nora: Any, client_for: Callable
) -> None:
    url = f"/api/v1/innovations/{innovation.pk}/adoptions"
    missing = {**WAITING, "result": 4}
    refused = client_for(nora).post(
        url, {"unit": other_home.key, "effects": [missing]}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"effects.0.baseline": ["Oppgi verdien før endringen."]}
    assert not Adoption.objects.exists()  # nothing of the adoption is kept
    adoption = services.record_adoption(innovation, by=nora, unit=other_home)
    with pytest.raises(InvalidInput) as invalid:
        services.add_adoption_effect(adoption, by=nora, kind="immaterial", name="Trygghet")
    assert set(invalid.value.errors) == {"rating", "description"}
    effect_url = f"/api/v1/innovations/{innovation.pk}/adoptions/{adoption.pk}/effects"
    answer = client_for(nora).post(effect_url, missing, content_type="application/json")
    assert answer.status_code == 400 and list(answer.json()["errors"]) == ["baseline"]
    page = client_for(nora).post(
        f"/spredning/gjenbruk/{innovation.slug}/{adoption.pk}/effekter/",
        {"kind": "quantitative", "name": "Ventetid", "result": "4"},
    )
    assert page.status_code == 400
    assert 'id="id_baseline_error"' in page.content.decode()


def test_the_effect_pages_speak_nynorsk_and_english(
    innovation: Any, other_home: Any, nora: Any, client_for: Callable
) -> None:
    adoption = services.record_adoption(innovation, by=nora, unit=other_home)
    client = client_for(nora)
    client.post("/i18n/setlang/", {"language": "nn", "next": "/"})
    body = client.get(innovation.get_absolute_url()).content.decode()
    assert "Legg inn ein effekt for Nabovik sykehjem" in body
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    form = client.get(f"/spredning/gjenbruk/{innovation.slug}/{adoption.pk}/effekter/")
    assert "led to at Nabovik sykehjem?" in form.content.decode()

from __future__ import annotations

from typing import Any

import pytest

from sokkel.innovations.models import Innovation


def story(unit: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Røntgen på rommet",
        "problem": "Beboere med demens ble forvirret av sykehusturen.",
        "what_we_did": "Radiografen kom til sykehjemmet.",
        "what_changed": "Færre turer.",
        "units": [unit.pk],
        "sector": "health_care",
        "tags": "demens, røntgen",
        "gains": ["quality", "cost"],
    }
    return {**data, **overrides}


def test_it_sends_anonymous_visitors_to_sign_in(
    client: Any, home: Any, redirects_to_login: Any
) -> None:
    assert redirects_to_login(client.get("/innovasjoner/ny/"))
    assert redirects_to_login(client.post("/innovasjoner/ny/", story(home)))
    assert not Innovation.objects.exists()


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie"])
def test_it_lets_any_signed_in_person_tell_a_story(
    as_persona: Any, home: Any, text_of: Any, persona: str, request: pytest.FixtureRequest
) -> None:
    person = request.getfixturevalue(persona)
    client = as_persona(persona)
    assert client.get("/innovasjoner/ny/").status_code == 200
    response = client.post("/innovasjoner/ny/", story(home), follow=True)
    innovation = Innovation.objects.get(title="Røntgen på rommet")
    assert response.redirect_chain[-1][0] == innovation.get_absolute_url()
    text = text_of(response)
    assert "Historien er lagret" in text
    assert f"{person.full_name} – offentlig virksomhet, forteller" in text
    assert sorted(innovation.tags.values_list("name", flat=True)) == ["demens", "røntgen"]
    assert innovation.gains == ["quality", "cost"]
    assert not innovation.is_published


def test_it_publishes_at_once_when_asked(as_persona: Any, home: Any) -> None:
    as_persona("charlie").post("/innovasjoner/ny/", story(home, publish="on"))
    assert Innovation.objects.get().is_published


def test_it_lists_what_is_missing_in_an_error_summary(
    as_persona: Any, home: Any, text_of: Any
) -> None:
    response = as_persona("charlie").post("/innovasjoner/ny/", story(home, title="", units=[]))
    assert response.status_code == 400
    text = text_of(response)
    assert "Dette må rettes før du kan gå videre" in text
    assert "Tittel: Feltet er påkrevet." in text
    assert "Enheter: Feltet er påkrevet." in text
    assert b'href="#id_title"' in response.content
    assert b'aria-invalid="true"' in response.content
    assert "Beboere med demens ble forvirret" in text  # the input is kept
    assert not Innovation.objects.exists()


def test_it_refuses_a_forged_request_without_csrf_token(charlie: Any, home: Any) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(charlie)
    assert client.post("/innovasjoner/ny/", story(home)).status_code == 403
    assert not Innovation.objects.exists()


def chips(response: Any) -> str:
    """The unit picker's chips: the chosen units, ticked."""
    html = response.content.decode()
    return html[html.index("data-unit-chosen") : html.index("<template data-unit-chip")]


def test_it_starts_with_the_persons_own_workplace(as_persona: Any, home: Any) -> None:
    response = as_persona("alice").get("/innovasjoner/ny/")
    assert (
        f'name="units" value="{home.pk}" checked> '
        "<span>Testvik sykehjem (sykehjem, Testvik kommune)</span>"
    ) in chips(response)
    assert '<option value="health_care" selected>' in response.content.decode()


def test_it_takes_a_unit_typed_by_name_without_javascript(as_persona: Any, home: Any) -> None:
    response = as_persona("charlie").post(
        "/innovasjoner/ny/", story(home, units=["testvik SYKEHJEM"])
    )
    assert response.status_code == 302
    assert list(Innovation.objects.get().units.all()) == [home]


def test_it_lists_the_units_a_typed_name_fits_and_keeps_the_chosen_ones(
    as_persona: Any, unit: Any, home: Any, text_of: Any
) -> None:
    response = as_persona("charlie").post(
        "/innovasjoner/ny/", story(home, units=[str(unit.pk), "testvik"])
    )
    assert response.status_code == 400
    text = text_of(response)
    assert "Enheter: Velg hvilken enhet du mener med «testvik»." in text
    assert "Enheter som passer med «testvik»:" in text
    assert (
        f'name="units" value="{home.pk}" id="id_units_match_{home.pk}"' in response.content.decode()
    )
    assert f'value="{unit.pk}" checked>' in chips(response)
    assert 'name="units" value="testvik"' in response.content.decode()  # the text, kept
    assert not Innovation.objects.exists()


def test_it_says_when_no_unit_has_the_typed_name(as_persona: Any, home: Any, text_of: Any) -> None:
    response = as_persona("charlie").post("/innovasjoner/ny/", story(home, units=["Atlantis"]))
    assert response.status_code == 400
    assert "Enheter: Fant ingen enhet som heter «Atlantis»." in text_of(response)
    assert b'href="#id_units"' in response.content


def test_it_keeps_the_chosen_units_when_another_field_is_wrong(
    as_persona: Any, unit: Any, home: Any
) -> None:
    response = as_persona("charlie").post(
        "/innovasjoner/ny/", story(home, title="", units=[str(home.pk), "Testvik kommune"])
    )
    assert response.status_code == 400
    assert f'value="{home.pk}" checked>' in chips(response)
    assert f'value="{unit.pk}" checked>' in chips(response)  # the typed one, found

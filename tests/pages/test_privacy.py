"""The privacy and accessibility statements, robots.txt, the story form's warning and the
footer's links."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize("persona", ["anonymous", "alice"])
def test_it_shows_the_privacy_statement_to_everyone(
    as_persona: Any, persona: str, text_of: Any
) -> None:
    response = as_persona(persona).get("/personvern/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Personvernerklæring for Sokkel" in text
    for stored in ("Navn, e-postadresse, arbeidssted", "Endringsloggen", "IP-adressen"):
        assert stored in text
    assert "ingen informasjonskapsler for sporing" in text
    assert "høyst 14 dager" in text  # Django's two-week session
    assert "Kommunen som driver denne installasjonen" in text
    html = response.content.decode()
    assert 'href="/konto/mine-data/"' in html
    assert 'href="/konto/slett/"' in html
    assert 'href="https://www.datatilsynet.no/"' in html


def test_it_gives_the_contact_address_from_the_settings(
    client: Any, db: None, settings: Any, text_of: Any
) -> None:
    settings.DEFAULT_FROM_EMAIL = "sokkel@testvik.kommune.no"
    assert 'href="mailto:sokkel@testvik.kommune.no"' in client.get("/personvern/").content.decode()
    settings.SOKKEL_CONTACT_EMAIL = "personvern@testvik.kommune.no"
    for path in ("/personvern/", "/tilgjengelighet/"):
        html = client.get(path).content.decode()
        assert 'href="mailto:personvern@testvik.kommune.no"' in html
        assert "sokkel@testvik.kommune.no" not in html


def test_it_shows_the_accessibility_statement(client: Any, db: None, text_of: Any) -> None:
    response = client.get("/tilgjengelighet/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Tilgjengelighetserklæring for Sokkel" in text
    assert "WCAG 2.1" in text and "nivå A og AA" in text
    assert "axe-core i en ekte nettleser" in text
    assert "Kjente mangler" in text
    assert "Erklæringen ble sist oppdatert" in text
    assert 'href="https://www.uutilsynet.no/"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("nn", "Personvernerklæring for Sokkel"), ("en", "Privacy statement for Sokkel")],
)
def test_it_translates_the_privacy_statement(
    client: Any, db: None, language: str, phrase: str, text_of: Any
) -> None:
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    text = text_of(client.get("/personvern/"))
    assert phrase in text
    assert "Hva Sokkel lagrer" not in text


def test_it_tells_robots_what_to_leave_alone(client: Any, db: None) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Allow: /" in lines
    for path in ("/admin/", "/konto/", "/api/", "/sok/lignende/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines
    assert "Disallow: /innovasjoner/" not in lines


@pytest.mark.parametrize("form", ["create", "edit"])
def test_it_warns_against_personal_data_on_the_story_form(
    as_persona: Any, draft: Any, form: str, text_of: Any
) -> None:
    path = "/innovasjoner/ny/" if form == "create" else f"{draft.get_absolute_url()}endre/"
    response = as_persona("alice").get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="ds-alert" data-color="warning">' in html
    text = text_of(response)
    assert "Ikke skriv personopplysninger" in text
    assert "helseopplysninger, elevopplysninger" in text


def test_it_links_the_statements_from_every_footer(client: Any, db: None) -> None:
    for path in ("/", "/innovasjoner/", "/konto/logg-inn/"):
        footer = client.get(path).content.decode().split("<footer", 1)[1]
        assert 'href="/personvern/"' in footer
        assert 'href="/tilgjengelighet/"' in footer
        assert 'href="/konto/mine-data/"' not in footer


def test_it_links_my_data_from_the_footer_when_signed_in(as_persona: Any) -> None:
    footer = as_persona("alice").get("/").content.decode().split("<footer", 1)[1]
    assert 'href="/konto/mine-data/"' in footer


def test_it_marks_the_statement_being_read_in_the_footer(client: Any, db: None) -> None:
    html = client.get("/personvern/").content.decode()
    assert 'href="/personvern/" aria-current="page"' in html

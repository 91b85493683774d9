from __future__ import annotations

from typing import Any

import pytest


def test_it_speaks_bokmal_by_default(client: Any, db: None, text_of: Any) -> None:
    response = client.get("/")
    assert b'<html lang="nb"' in response.content
    assert "Fortell en historie" in text_of(response)


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("en", "Tell a story"), ("nn", "Fortel ei historie"), ("nb", "Fortell en historie")],
)
def test_it_switches_language_and_remembers_it(
    client: Any, innovation: Any, language: str, phrase: str, text_of: Any
) -> None:
    response = client.post(
        "/i18n/setlang/", {"language": language, "next": innovation.get_absolute_url()}
    )
    assert response.status_code == 302
    assert response["Location"] == innovation.get_absolute_url()
    page = client.get(innovation.get_absolute_url())
    assert f'<html lang="{language}"'.encode() in page.content
    assert phrase in text_of(page)


def test_it_translates_the_models_choices(client: Any, innovation: Any, text_of: Any) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = text_of(client.get("/innovasjoner/"))
    assert "Phase: discovered" in text
    assert "Health and care" in text or "health and care" in text


def test_it_translates_the_phase_rules_explanation(
    as_persona: Any, innovation: Any, text_of: Any
) -> None:
    client = as_persona("alice")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post(f"{innovation.get_absolute_url()}fase/", {"to_phase": "tried"})
    assert "The team needs a researcher" in text_of(response)


def test_it_speaks_bokmal_even_to_a_browser_that_prefers_english(
    client: Any, db: None, text_of: Any
) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert b'<html lang="nb"' in response.content
    assert "Fortell en historie" in text_of(response)


def test_it_names_each_language_in_that_language(client: Any, db: None) -> None:
    html = client.get("/").content.decode()
    for code, name in (("nb", "Norsk (bokmål)"), ("nn", "Norsk (nynorsk)"), ("en", "English")):
        assert f'value="{code}" lang="{code}"' in html
        assert name in html


def test_it_marks_norwegian_stories_as_norwegian_on_english_pages(
    client: Any, innovation: Any
) -> None:
    assert b'lang="no"' not in client.get(innovation.get_absolute_url()).content
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(innovation.get_absolute_url()).content.decode()
    assert '<h1 class="ds-heading" data-size="xl" lang="no">Mobil røntgen</h1>' in html
    assert '<div lang="no"><p>Beboere med demens' in html

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from sokkel.innovations.models import Innovation

pytestmark = pytest.mark.browser


def test_it_takes_a_story_from_telling_to_tried(
    page: Any, sign_in: Any, alice: Any, home: Any, researcher: Any
) -> None:
    sign_in("alice@example.no")
    assert page.get_by_text("Innlogget som Alice Aasen").is_visible()

    page.get_by_role("link", name="Fortell en historie").first.click()
    page.get_by_label("Tittel").fill("Røntgen på rommet")
    page.get_by_label("Hva var problemet?").fill("Beboere med demens ble forvirret på sykehuset.")
    page.get_by_label("Hva gjorde dere?").fill("Radiografen kom til sykehjemmet med røntgen.")
    page.get_by_label("Hva ble endret?").fill("Færre turer til sykehuset.")
    # Her own workplace is chosen already (tests/browser/test_unit_picker.py picks others).
    assert page.get_by_role(
        "checkbox", name="Testvik sykehjem (sykehjem, Testvik kommune)"
    ).is_checked()
    page.get_by_label("Sektor").select_option("health_care")
    page.get_by_label("Publiser med en gang").check()
    page.get_by_role("button", name="Lagre historien").click()
    page.wait_for_url("**/innovasjoner/rontgen-pa-rommet/")
    assert page.get_by_text("Takk! Historien er lagret.").is_visible()

    # A loaded machine can serve htmx late; the team form needs it to swap in place.
    page.wait_for_function("() => window.htmx !== undefined")
    page.get_by_text("Legg til i teamet").click()
    page.get_by_role("button", name="Legg til", exact=True).click()  # nobody chosen yet
    summary = page.locator("#team [data-error-summary]")
    summary.wait_for()
    assert "Velg en registrert forsker eller skriv inn et navn" in summary.inner_text()
    expect(summary).to_be_focused()  # once htmx has settled the swap
    page.get_by_label("Registrert forsker").select_option(label="Rita Forsker (OsloMet)")
    page.get_by_role("button", name="Legg til", exact=True).click()
    # htmx swaps the team section in place; a full page load would show a site message.
    page.locator("#team [role=status]", has_text="Rita Forsker er med i teamet.").wait_for()
    assert "Rita Forsker" in page.locator("#team").inner_text()

    page.get_by_role("button", name="Hei på dette!").click()
    page.locator("#kudos [role=status]", has_text="Takk for heiaropet!").wait_for()
    assert "1 kollega har heiet på dette." in page.locator("#kudos").inner_text()

    page.get_by_role("link", name="Flytt til en annen fase").click()
    page.get_by_label("Utprøvd").check()
    page.get_by_label("Notat").fill("Prøvd på to sykehjem i høst")
    page.get_by_role("button", name="Flytt", exact=True).click()
    page.wait_for_url("**/innovasjoner/rontgen-pa-rommet/")

    journey = page.locator("section", has=page.get_by_role("heading", name="Reisen"))
    assert "Fortalt av Alice Aasen" in journey.inner_text()
    assert "Fra «oppdaget» til «utprøvd» (Alice Aasen)" in journey.inner_text()
    assert "Prøvd på to sykehjem i høst" in journey.inner_text()
    assert Innovation.objects.get(slug="rontgen-pa-rommet").phase == "tried"

"""The unit search fields as comboboxes: type, pick with the keyboard, send; WCAG on the way."""

from __future__ import annotations

from typing import Any

import pytest

from sokkel.innovations.models import Innovation

pytestmark = pytest.mark.browser


def pick_with_keyboard(page: Any, field: Any, text: str, label: str) -> None:
    """Type ``text``, go down the suggestions to ``label`` and take it with Enter."""
    field.press_sequentially(text)
    listbox = page.get_by_role("listbox")
    listbox.get_by_role("option").first.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    names = listbox.get_by_role("option").all_inner_texts()
    for _step in range(names.index(label) + 1):
        field.press("ArrowDown")
    active = field.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").inner_text() == label
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    field.press("Enter")
    assert field.get_attribute("aria-expanded") == "false"


def test_it_filters_the_list_by_a_unit_picked_with_the_keyboard(
    page: Any, axe_violations: Any, innovation: Any, unit: Any, home: Any
) -> None:
    page.goto("/innovasjoner/")
    field = page.get_by_role("combobox", name="Enhet (med underenheter)")
    field.press_sequentially("testvik")
    page.get_by_role("listbox").get_by_role("option").first.wait_for()
    assert "Forslag: 2." in page.locator("[data-unit-status]").inner_text()
    assert axe_violations() == []  # with the suggestions open
    field.fill("")
    label = "Testvik sykehjem (sykehjem, Testvik kommune)"
    pick_with_keyboard(page, field, "testvik syk", label)
    assert field.input_value() == label
    field.press("Enter")  # the list is closed: Enter sends the filters
    page.wait_for_url("**/innovasjoner/?*unit=*")
    assert page.get_by_role("combobox", name="Enhet (med underenheter)").input_value() == label
    assert "1 innovasjon" in page.locator("#results-heading").inner_text()
    assert axe_violations() == []


def test_it_closes_the_suggestions_with_escape(page: Any, unit: Any) -> None:
    page.goto("/innovasjoner/")
    field = page.get_by_role("combobox", name="Enhet (med underenheter)")
    field.press_sequentially("testvik")
    page.get_by_role("listbox").get_by_role("option").first.wait_for()
    field.press("Escape")
    assert page.get_by_role("listbox").is_hidden()
    assert field.get_attribute("aria-expanded") == "false"
    assert field.input_value() == "testvik"


def test_it_adds_and_removes_units_of_a_story_with_chips(
    page: Any, sign_in: Any, axe_violations: Any, alice: Any, unit: Any, home: Any
) -> None:
    sign_in("alice@example.no")
    page.goto("/innovasjoner/ny/")
    page.get_by_label("Tittel").fill("Røntgen på rommet")
    page.get_by_label("Hva var problemet?").fill("Beboere med demens ble forvirret.")
    page.get_by_label("Hva gjorde dere?").fill("Radiografen kom til sykehjemmet.")
    page.get_by_label("Hva ble endret?").fill("Færre turer til sykehuset.")
    field = page.get_by_role("combobox", name="Legg til en enhet")
    field.press_sequentially("testvik")
    page.get_by_role("listbox").get_by_role("option").first.wait_for()
    assert axe_violations() == []  # with the suggestions open
    field.fill("")
    pick_with_keyboard(page, field, "testvik k", "Testvik kommune (kommune)")
    assert field.input_value() == ""  # ready for the next unit
    assert "La til Testvik kommune (kommune)." in page.locator("[data-unit-status]").inner_text()
    assert page.get_by_role("checkbox", name="Testvik kommune (kommune)").is_checked()
    page.get_by_role("checkbox", name="Testvik sykehjem (sykehjem, Testvik kommune)").uncheck()
    page.get_by_role("button", name="Lagre historien").click()
    page.wait_for_url("**/innovasjoner/rontgen-pa-rommet/")
    assert list(Innovation.objects.get().units.all()) == [unit]

from __future__ import annotations

from typing import Any

import pytest

MEASURED = {
    "kind": "quantitative",
    "name": "Sykehusturer per måned",
    "unit": "turer",
    "baseline": "12",
    "result": "3",
    "n": "40",
    "source": "Egen telling",
}


@pytest.mark.parametrize(("persona", "status"), [("alice", 302), ("bob", 302), ("charlie", 403)])
def test_it_lets_only_the_team_and_leaders_add_effects(
    as_persona: Any, innovation: Any, persona: str, status: int
) -> None:
    response = as_persona(persona).post(f"{innovation.get_absolute_url()}effekter/", MEASURED)
    assert response.status_code == status
    assert innovation.effects.exists() == (status == 302)


def test_it_sends_anonymous_visitors_to_sign_in(
    client: Any, innovation: Any, redirects_to_login: Any
) -> None:
    assert redirects_to_login(client.post(f"{innovation.get_absolute_url()}effekter/", MEASURED))
    assert not innovation.effects.exists()


def test_it_records_a_measured_effect(as_persona: Any, innovation: Any) -> None:
    as_persona("alice").post(
        f"{innovation.get_absolute_url()}effekter/",
        {**MEASURED, "interval_low": "2", "interval_high": "4", "is_illustrative": "on"},
    )
    effect = innovation.effects.get()
    assert (effect.baseline, effect.result, effect.n) == (12, 3, 40)
    assert (effect.interval_low, effect.interval_high, effect.is_illustrative) == (2, 4, True)


def test_it_records_an_immaterial_effect(as_persona: Any, innovation: Any) -> None:
    as_persona("alice").post(
        f"{innovation.get_absolute_url()}effekter/",
        {
            "kind": "immaterial",
            "name": "Tryggere beboere",
            "rating": "4",
            "description": "Beboerne slipper å bli forvirret.",
        },
    )
    assert innovation.effects.get().rating == 4


def test_it_puts_the_services_objections_on_the_fields(
    as_persona: Any, innovation: Any, text_of: Any
) -> None:
    response = as_persona("alice").post(
        f"{innovation.get_absolute_url()}effekter/", {**MEASURED, "baseline": ""}
    )
    assert response.status_code == 400
    assert "Før: Oppgi verdien før endringen." in text_of(response)
    assert b'href="#id_baseline"' in response.content
    assert not innovation.effects.exists()

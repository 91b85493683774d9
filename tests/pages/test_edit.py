from __future__ import annotations

from typing import Any

import pytest

from sokkel.innovations import services
from sokkel.innovations.forms import EditInnovationForm


def edit_data(innovation: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        key: value
        for key, value in EditInnovationForm.initial_for(innovation).items()
        if value not in (None, [])
    }
    data["units"] = [unit.pk for unit in innovation.units.all()]
    return {**data, **overrides}


@pytest.mark.parametrize(("persona", "status"), [("alice", 200), ("bob", 200), ("charlie", 403)])
def test_it_lets_only_the_team_and_leaders_edit(
    as_persona: Any, innovation: Any, persona: str, status: int
) -> None:
    url = f"{innovation.get_absolute_url()}endre/"
    client = as_persona(persona)
    assert client.get(url).status_code == status
    response = client.post(url, edit_data(innovation, title="Ny tittel"))
    assert response.status_code == (302 if status == 200 else 403)
    innovation.refresh_from_db()
    assert (innovation.title == "Ny tittel") == (status == 200)


def test_it_sends_anonymous_visitors_to_sign_in(
    client: Any, innovation: Any, redirects_to_login: Any
) -> None:
    url = f"{innovation.get_absolute_url()}endre/"
    assert redirects_to_login(client.get(url))
    assert redirects_to_login(client.post(url, edit_data(innovation, title="Ny tittel")))
    innovation.refresh_from_db()
    assert innovation.title == "Mobil røntgen"


def test_it_hides_a_draft_from_outsiders(as_persona: Any, draft: Any) -> None:
    assert as_persona("charlie").get(f"{draft.get_absolute_url()}endre/").status_code == 404


def test_it_carries_the_version_in_a_hidden_field(as_persona: Any, innovation: Any) -> None:
    response = as_persona("alice").get(f"{innovation.get_absolute_url()}endre/")
    assert b'<input type="hidden" name="version" value="1"' in response.content


def test_it_refuses_a_stale_edit_and_keeps_what_the_user_wrote(
    as_persona: Any, innovation: Any, bob: Any, text_of: Any
) -> None:
    started = edit_data(innovation)  # alice opens the form at version 1 ...
    services.update_innovation(innovation, by=bob, version=1, title="Bobs tittel")  # bob saves
    response = as_persona("alice").post(
        f"{innovation.get_absolute_url()}endre/",
        {**started, "what_changed": "Alices nye tekst om hva som ble endret"},
    )
    assert response.status_code == 409
    text = text_of(response)
    assert "Noen andre har lagret endringer i innovasjonen siden du begynte" in text
    assert "Endringene dine er ikke lagret ennå" in text
    assert "Alices nye tekst om hva som ble endret" in text
    innovation.refresh_from_db()
    assert innovation.title == "Bobs tittel"
    assert innovation.what_changed.startswith("Færre turer")


def test_it_saves_evidence_and_recipe_and_logs_the_change(as_persona: Any, innovation: Any) -> None:
    as_persona("alice").post(
        f"{innovation.get_absolute_url()}endre/",
        edit_data(innovation, evidence_level="2", adoption_recipe="Slik gjør dere."),
    )
    innovation.refresh_from_db()
    assert innovation.evidence_level == 2 and innovation.version == 2
    entry = innovation.audit_entries.get(action="innovation.updated")
    assert entry.changes["evidence_level"] == [None, 2]


def test_it_shows_the_units_as_ticked_chips_and_changes_them(
    as_persona: Any, innovation: Any, unit: Any, home: Any
) -> None:
    url = f"{innovation.get_absolute_url()}endre/"
    client = as_persona("alice")
    html = client.get(url).content.decode()
    chosen = html[html.index("data-unit-chosen") : html.index("<template data-unit-chip")]
    assert f'value="{home.pk}" checked> <span>Testvik sykehjem' in chosen
    assert "Testvik kommune (kommune)" not in chosen
    # Unticking the nursing home and typing the municipality's label moves the innovation.
    response = client.post(url, edit_data(innovation, units=["Testvik kommune (kommune)"]))
    assert response.status_code == 302
    assert list(innovation.units.all()) == [unit]

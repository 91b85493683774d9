from __future__ import annotations

from typing import Any

import pytest

from sokkel.innovations import services
from sokkel.innovations.models import ActorType, Phase


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie", "anonymous"])
def test_it_shows_a_published_innovation_to_everyone(
    as_persona: Any, innovation: Any, persona: str, text_of: Any
) -> None:
    response = as_persona(persona).get(innovation.get_absolute_url())
    assert response.status_code == 200
    text = text_of(response)
    assert "Mobil røntgen" in text
    assert "Beboere med demens måtte på sykehuset" in text
    assert "Alice Aasen" in text  # the team


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 200), ("charlie", 404), ("anonymous", 404)]
)
def test_it_shows_a_draft_only_to_its_team_and_leaders(
    as_persona: Any, draft: Any, persona: str, status: int
) -> None:
    assert as_persona(persona).get(draft.get_absolute_url()).status_code == status


def test_it_renders_the_story_as_sanitised_markdown(
    client: Any, innovation: Any, alice: Any
) -> None:
    services.update_innovation(
        innovation,
        by=alice,
        version=innovation.version,
        problem="**Tungt** for beboerne <script>alert(1)</script> [klikk](javascript:alert(2))",
    )
    html = client.get(innovation.get_absolute_url()).content.decode()
    assert "<strong>Tungt</strong>" in html
    assert "<script>alert(1)" not in html
    assert "javascript:alert(2)" not in html


def test_it_shows_the_journey_with_a_move_back(
    client: Any, innovation: Any, alice: Any, researcher: Any, text_of: Any
) -> None:
    services.add_team_member(innovation, by=alice, actor_type=ActorType.RESEARCH, person=researcher)
    services.move_phase(innovation, by=alice, to_phase=Phase.TRIED, note="Prøvd på to sykehjem")
    services.move_phase(innovation, by=alice, to_phase=Phase.DISCOVERED, note="Må prøves igjen")
    text = text_of(client.get(innovation.get_absolute_url()))
    assert "Reisen" in text
    assert "Fortalt av Alice Aasen" in text
    assert "Fra «oppdaget» til «utprøvd» (Alice Aasen) Prøvd på to sykehjem" in text
    assert "Flyttet tilbake fra «utprøvd» til «oppdaget»" in text
    assert "Rita Forsker" in text and "OsloMet" in text


def test_it_shows_effects_evidence_sponsor_kudos_and_recipe(
    client: Any, innovation: Any, alice: Any, bob: Any, charlie: Any, text_of: Any
) -> None:
    services.add_effect(
        innovation,
        by=alice,
        kind="quantitative",
        name="Sykehusturer per måned",
        unit="turer",
        baseline=12,
        result=3.5,
        n=40,
        source="Egen telling",
        is_illustrative=True,
    )
    services.update_innovation(
        innovation,
        by=alice,
        version=innovation.version,
        evidence_level=2,
        study_design="before_after",
        adoption_recipe="Lei en **radiograf**.",
    )
    services.anchor_innovation(innovation, by=bob)
    services.give_kudos(innovation, by=charlie)
    response = client.get(innovation.get_absolute_url())
    text = text_of(response)
    assert "Sykehusturer per måned illustrerende tall" in text
    assert "Før 12 turer" in text and "Etter 3,5 turer" in text and "Endring -8,5 turer" in text
    assert "2 – Vi måler endring" in text and "før og etter" in text
    assert "Forankret hos Bob Berg" in text
    assert "1 kollega har heiet på dette" in text
    assert "<strong>radiograf</strong>" in response.content.decode()


def test_it_tells_the_team_what_is_missing_for_the_next_phase(
    as_persona: Any, innovation: Any, text_of: Any
) -> None:
    text = text_of(as_persona("alice").get(innovation.get_absolute_url()))
    assert "Dette mangler før innovasjonen kan bli «utprøvd»" in text
    assert "Teamet trenger en forsker" in text
    assert "Teamet trenger en forsker" not in text_of(
        as_persona("charlie").get(innovation.get_absolute_url())
    )


def test_it_shows_write_actions_only_to_those_allowed(as_persona: Any, innovation: Any) -> None:
    edit_link = f'href="{innovation.get_absolute_url()}endre/"'.encode()
    anchor_form = f'action="{innovation.get_absolute_url()}forankre/"'.encode()
    assert edit_link in as_persona("alice").get(innovation.get_absolute_url()).content
    assert anchor_form not in as_persona("alice").get(innovation.get_absolute_url()).content
    assert anchor_form in as_persona("bob").get(innovation.get_absolute_url()).content
    for persona in ("charlie", "anonymous"):
        content = as_persona(persona).get(innovation.get_absolute_url()).content
        assert edit_link not in content and anchor_form not in content


def test_visitors_not_signed_in_see_every_change_at_once(
    as_persona: Any, innovation: Any, alice: Any, bob: Any, charlie: Any, text_of: Any
) -> None:
    """Their page is remembered (PUBLIC_PAGE_SECONDS), but never shown after a change."""
    visitor = as_persona("anonymous")
    page = innovation.get_absolute_url()
    assert "0 kolleger har heiet på dette" in text_of(visitor.get(page))
    services.give_kudos(innovation, by=charlie)
    assert "1 kollega har heiet på dette" in text_of(visitor.get(page))
    services.add_effect(
        innovation,
        by=alice,
        kind="immaterial",
        name="Tryggere beboere",
        rating=4,
        description="Beboerne slipper turen til sykehuset.",
    )
    assert "Tryggere beboere" in text_of(visitor.get(page))
    services.add_team_member(innovation, by=alice, actor_type=ActorType.PUBLIC_BODY, person=bob)
    assert "Bob Berg" in text_of(visitor.get(page))
    innovation.refresh_from_db()
    services.update_innovation(innovation, by=alice, version=innovation.version, title="Røntgen")
    assert "Røntgen" in text_of(visitor.get(page)) and "Mobil røntgen" not in text_of(
        visitor.get(page)
    )


def test_a_signed_in_person_never_gets_the_visitors_page(as_persona: Any, innovation: Any) -> None:
    edit_link = f'href="{innovation.get_absolute_url()}endre/"'.encode()
    assert edit_link not in as_persona("anonymous").get(innovation.get_absolute_url()).content
    assert edit_link in as_persona("alice").get(innovation.get_absolute_url()).content

from __future__ import annotations

from typing import Any

import pytest

from sokkel.innovations import services
from sokkel.innovations.models import ActorType, Phase


@pytest.fixture
def with_researcher(innovation: Any, alice: Any, researcher: Any) -> Any:
    services.add_team_member(innovation, by=alice, actor_type=ActorType.RESEARCH, person=researcher)
    return innovation


@pytest.mark.parametrize(("persona", "status"), [("alice", 302), ("bob", 302), ("charlie", 403)])
def test_it_lets_only_the_team_and_leaders_move_the_phase(
    as_persona: Any, with_researcher: Any, persona: str, status: int
) -> None:
    url = f"{with_researcher.get_absolute_url()}fase/"
    response = as_persona(persona).post(url, {"to_phase": "tried"})
    assert response.status_code == status
    with_researcher.refresh_from_db()
    assert (with_researcher.phase == Phase.TRIED) == (status == 302)


def test_it_sends_anonymous_visitors_to_sign_in(
    client: Any, with_researcher: Any, redirects_to_login: Any
) -> None:
    url = f"{with_researcher.get_absolute_url()}fase/"
    assert redirects_to_login(client.post(url, {"to_phase": "tried"}))
    with_researcher.refresh_from_db()
    assert with_researcher.phase == Phase.DISCOVERED


def test_it_explains_a_refused_move_in_plain_norwegian(
    as_persona: Any, innovation: Any, text_of: Any
) -> None:
    response = as_persona("alice").post(
        f"{innovation.get_absolute_url()}fase/", {"to_phase": "tried", "note": "Prøvd i høst"}
    )
    assert response.status_code == 400
    text = text_of(response)
    assert "Innovasjonen kan ikke flyttes ennå. Dette mangler:" in text
    assert "Teamet trenger en forsker før innovasjonen kan gå videre fra «oppdaget»" in text
    assert "Prøvd i høst" in text  # the note is kept
    innovation.refresh_from_db()
    assert innovation.phase == Phase.DISCOVERED
    assert not innovation.transitions.exists()


def test_it_lists_every_missing_piece_for_a_long_jump(
    as_persona: Any, with_researcher: Any, text_of: Any
) -> None:
    response = as_persona("alice").post(
        f"{with_researcher.get_absolute_url()}fase/", {"to_phase": "shared"}
    )
    text = text_of(response)
    assert "minst én effekt" in text
    assert "evidensnivå" in text
    assert "Teamet trenger en forsker" not in text


def test_it_shows_what_each_phase_needs_before_moving(
    as_persona: Any, innovation: Any, text_of: Any
) -> None:
    text = text_of(as_persona("alice").get(f"{innovation.get_absolute_url()}fase/"))
    assert "Til «utprøvd» mangler: Teamet trenger en forsker" in text


def test_it_moves_forward_and_back_and_records_the_journey(
    as_persona: Any, with_researcher: Any, text_of: Any
) -> None:
    client = as_persona("alice")
    url = f"{with_researcher.get_absolute_url()}fase/"
    response = client.post(url, {"to_phase": "tried", "note": "Prøvd i høst"}, follow=True)
    assert "Innovasjonen er flyttet til fasen «utprøvd»" in text_of(response)
    client.post(url, {"to_phase": "discovered", "note": "Tilbake til start"})
    steps = list(with_researcher.transitions.values_list("from_phase", "to_phase", "note"))
    assert steps == [
        ("discovered", "tried", "Prøvd i høst"),
        ("tried", "discovered", "Tilbake til start"),
    ]

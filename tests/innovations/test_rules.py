"""Phase rules (DESIGN.md): strict by default, relaxed per installation, back always allowed."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from sokkel.core.errors import NotAllowed
from sokkel.innovations import services
from sokkel.innovations.models import ActorType, EffectKind, Phase
from sokkel.innovations.services import PhaseRuleError


def add_researcher(innovation, by, researcher):
    services.add_team_member(innovation, by=by, actor_type=ActorType.RESEARCH, person=researcher)


def add_effect(innovation, by):
    services.add_effect(
        innovation, by=by, kind=EffectKind.IMMATERIAL, name="Ro", rating=4, description="Roligere"
    )


def test_it_refuses_leaving_discovered_without_a_researcher(alice, innovation):
    with pytest.raises(PhaseRuleError) as caught:
        services.move_phase(innovation, by=alice, to_phase=Phase.TRIED)
    assert caught.value.missing == [
        "Teamet trenger en forsker før innovasjonen kan gå videre fra «oppdaget». "
        "Legg til en forsker i teamet."
    ]
    assert "utprøvd" in caught.value.message
    innovation.refresh_from_db()
    assert innovation.phase == Phase.DISCOVERED
    assert not innovation.transitions.exists()


def test_it_counts_a_named_research_actor_as_a_researcher(alice, innovation):
    services.add_team_member(
        innovation, by=alice, actor_type=ActorType.RESEARCH, name="Kari Nordmann", role="forsker"
    )
    assert services.phase_blockers(innovation, Phase.TRIED) == []


def test_it_moves_to_tried_with_a_researcher_and_records_the_journey(alice, researcher, innovation):
    add_researcher(innovation, alice, researcher)
    transition = services.move_phase(
        innovation, by=alice, to_phase=Phase.TRIED, note="Prøvd på tre sykehjem"
    )
    assert innovation.phase == Phase.TRIED
    assert (transition.by, transition.from_phase, transition.to_phase, transition.note) == (
        alice,
        Phase.DISCOVERED,
        Phase.TRIED,
        "Prøvd på tre sykehjem",
    )
    entry = innovation.audit_entries.order_by("-pk").first()
    assert entry.action == "innovation.phase_moved"
    assert entry.changes == {
        "phase": ["discovered", "tried"],
        "note": [None, "Prøvd på tre sykehjem"],
    }


def test_it_lists_everything_understood_needs(alice, researcher, innovation):
    add_researcher(innovation, alice, researcher)
    services.move_phase(innovation, by=alice, to_phase=Phase.TRIED)
    missing = services.phase_blockers(innovation, Phase.UNDERSTOOD)
    assert len(missing) == 2
    assert any("minst én effekt" in reason for reason in missing)
    assert any("evidensnivå" in reason for reason in missing)

    add_effect(innovation, alice)
    services.update_innovation(innovation, by=alice, version=innovation.version, evidence_level=2)
    assert services.phase_blockers(innovation, Phase.UNDERSTOOD) == []


def test_it_needs_an_adoption_recipe_to_be_shared(alice, researcher, innovation):
    add_researcher(innovation, alice, researcher)
    add_effect(innovation, alice)
    services.update_innovation(innovation, by=alice, version=1, evidence_level=3)
    services.move_phase(innovation, by=alice, to_phase=Phase.UNDERSTOOD)
    assert services.phase_blockers(innovation, Phase.SHARED) == [
        "For å bli «delt» må innovasjonen ha en oppskrift på hvordan andre kan ta den i bruk. "
        "Skriv oppskriften når du endrer innovasjonen."
    ]
    services.update_innovation(
        innovation, by=alice, version=innovation.version, adoption_recipe="1. Lei en bil."
    )
    services.move_phase(innovation, by=alice, to_phase=Phase.SHARED)
    assert innovation.phase == Phase.SHARED


def test_it_applies_every_rule_on_the_way_when_a_move_jumps_phases(innovation):
    assert len(services.phase_blockers(innovation, Phase.SHARED)) == 4


def test_it_asks_for_the_researcher_only_when_leaving_discovered(
    settings, alice, researcher, innovation
):
    add_researcher(innovation, alice, researcher)
    services.move_phase(innovation, by=alice, to_phase=Phase.TRIED)
    innovation.team.filter(person=researcher).delete()
    add_effect(innovation, alice)
    services.update_innovation(innovation, by=alice, version=1, evidence_level=2)
    assert services.phase_blockers(innovation, Phase.UNDERSTOOD) == []


def test_it_always_allows_moving_back_and_records_it(alice, researcher, innovation):
    add_researcher(innovation, alice, researcher)
    services.move_phase(innovation, by=alice, to_phase=Phase.TRIED)
    innovation.team.filter(person=researcher).delete()
    back = services.move_phase(innovation, by=alice, to_phase=Phase.DISCOVERED, note="Ny runde")
    assert back.is_backward
    assert innovation.phase == Phase.DISCOVERED
    assert list(innovation.transitions.values_list("to_phase", flat=True)) == [
        "tried",
        "discovered",
    ]


def test_it_refuses_a_move_to_the_phase_it_is_in(alice, innovation):
    with pytest.raises(PhaseRuleError) as caught:
        services.move_phase(innovation, by=alice, to_phase=Phase.DISCOVERED)
    assert caught.value.missing == ["Innovasjonen er allerede i fasen «oppdaget»."]


def test_it_refuses_an_unknown_phase(alice, innovation):
    with pytest.raises(PhaseRuleError) as caught:
        services.move_phase(innovation, by=alice, to_phase="famous")
    assert caught.value.missing == ["«famous» er ikke en fase."]


def test_it_allows_any_move_when_the_installation_relaxes_the_rules(settings, alice, innovation):
    settings.SOKKEL_PHASE_RULES = "relaxed"
    services.move_phase(innovation, by=alice, to_phase=Phase.SHARED)
    assert innovation.phase == Phase.SHARED


@pytest.mark.parametrize("persona", ["alice", "bob", "admin_user"])
def test_it_lets_the_team_leaders_and_admins_move_phase(request, settings, innovation, persona):
    settings.SOKKEL_PHASE_RULES = "relaxed"
    services.move_phase(innovation, by=request.getfixturevalue(persona), to_phase=Phase.TRIED)
    assert innovation.phase == Phase.TRIED


@pytest.mark.parametrize("persona", ["charlie", "researcher", "anonymous"])
def test_it_refuses_phase_moves_by_outsiders(request, settings, innovation, persona):
    settings.SOKKEL_PHASE_RULES = "relaxed"
    person = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    with pytest.raises(NotAllowed):
        services.move_phase(innovation, by=person, to_phase=Phase.TRIED)
    innovation.refresh_from_db()
    assert innovation.phase == Phase.DISCOVERED

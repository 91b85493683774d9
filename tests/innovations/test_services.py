"""The innovation services: who may do what, what they record, and what they refuse."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from sokkel.core.errors import InvalidInput, NotAllowed, ServiceError
from sokkel.innovations import services
from sokkel.innovations.models import (
    ActorType,
    AuditEntry,
    EffectKind,
    Innovation,
    Phase,
    TeamMember,
)
from sokkel.innovations.services import StaleEdit
from sokkel.units.models import Sector

STORY = {
    "title": "Vandreboka på yrkesfag",
    "problem": "Lærlinger strøk på fagprøven.",
    "what_we_did": "Lærings- og utviklingsteam med bedrifter og prøvenemnd.",
    "what_changed": "Flere besto fagprøven.",
    "sector": Sector.EDUCATION,
}


def latest_audit(innovation: Innovation) -> AuditEntry:
    return innovation.audit_entries.order_by("-pk").first()


# --- create ---------------------------------------------------------------------------------


def test_it_lets_a_signed_in_person_tell_a_story_and_join_its_team(charlie, home):
    innovation = services.create_innovation(
        by=charlie, units=[home], tags=["Yrkesfag", "yrkesfag", "Lærlinger"], **STORY
    )
    assert innovation.phase == Phase.DISCOVERED
    assert not innovation.is_published
    assert innovation.slug == "vandreboka-pa-yrkesfag"
    member = innovation.team.get()
    assert (member.person, member.actor_type, member.role) == (
        charlie,
        ActorType.PUBLIC_BODY,
        "forteller",
    )
    assert sorted(innovation.tags.values_list("name", flat=True)) == ["Lærlinger", "Yrkesfag"]
    entry = latest_audit(innovation)
    assert entry.action == "innovation.created"
    assert entry.actor == charlie
    assert entry.changes["title"] == [None, STORY["title"]]
    assert entry.changes["units"] == [None, [home.key]]


def test_it_gives_each_story_its_own_slug(charlie, home):
    first = services.create_innovation(by=charlie, units=[home], **STORY)
    second = services.create_innovation(by=charlie, units=[home], **STORY)
    assert first.slug != second.slug
    assert second.slug == "vandreboka-pa-yrkesfag-2"


def test_it_publishes_at_once_when_asked(charlie, home):
    innovation = services.create_innovation(by=charlie, units=[home], publish=True, **STORY)
    assert innovation.is_published and innovation.published_at is not None


def test_it_refuses_an_anonymous_storyteller(home):
    with pytest.raises(NotAllowed):
        services.create_innovation(by=AnonymousUser(), units=[home], **STORY)
    assert not Innovation.objects.exists()


def test_it_names_every_invalid_field_on_create(charlie):
    with pytest.raises(InvalidInput) as caught:
        services.create_innovation(
            by=charlie,
            units=[],
            **{**STORY, "title": "  ", "sector": "space", "gains": ["happiness"]},
        )
    assert set(caught.value.errors) == {"title", "sector", "units", "gains"}
    assert not Innovation.objects.exists()


# --- update ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["alice", "bob", "admin_user"])
def test_it_lets_the_team_leaders_and_admins_edit(request, innovation, persona):
    person = request.getfixturevalue(persona)
    services.update_innovation(innovation, by=person, version=1, title="Mobil røntgen i Oslo")
    innovation.refresh_from_db()
    assert innovation.title == "Mobil røntgen i Oslo"
    assert innovation.version == 2


@pytest.mark.parametrize("persona", ["charlie", "researcher", "anonymous"])
def test_it_refuses_edits_by_outsiders(request, innovation, persona):
    person = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    with pytest.raises(NotAllowed):
        services.update_innovation(innovation, by=person, version=1, title="Kapret")
    innovation.refresh_from_db()
    assert innovation.title == "Mobil røntgen"
    assert not innovation.audit_entries.exists()


def test_it_logs_each_changed_field_from_old_to_new(alice, innovation, unit):
    services.update_innovation(
        innovation,
        by=alice,
        version=1,
        title="Mobil røntgen",  # unchanged: not logged
        evidence_level=2,
        units=[unit],
        tags=["Demens"],
    )
    entry = latest_audit(innovation)
    assert entry.action == "innovation.updated"
    assert entry.actor == alice
    assert entry.changes == {
        "evidence_level": [None, 2],
        "units": [["testvik-sykehjem"], ["kommune-9999"]],
        "tags": [[], ["Demens"]],
    }


def test_it_refuses_the_second_of_two_concurrent_edits(alice, bob, innovation):
    alice_copy = Innovation.objects.get(pk=innovation.pk)
    bob_copy = Innovation.objects.get(pk=innovation.pk)
    services.update_innovation(
        alice_copy, by=alice, version=alice_copy.version, what_changed="Alices tekst"
    )
    with pytest.raises(StaleEdit) as caught:
        services.update_innovation(
            bob_copy, by=bob, version=bob_copy.version, what_changed="Bobs tekst"
        )
    assert "Noen andre har lagret endringer" in caught.value.message
    innovation.refresh_from_db()
    assert innovation.what_changed == "Alices tekst"
    assert innovation.version == 2


def test_it_keeps_the_version_when_nothing_changed(alice, innovation):
    services.update_innovation(innovation, by=alice, version=1, title=innovation.title)
    assert innovation.version == 1
    assert not innovation.audit_entries.exists()


def test_it_refuses_an_invalid_evidence_level(alice, innovation):
    with pytest.raises(InvalidInput) as caught:
        services.update_innovation(innovation, by=alice, version=1, evidence_level=9)
    assert list(caught.value.errors) == ["evidence_level"]


# --- publish --------------------------------------------------------------------------------


def test_it_lets_the_team_publish_a_draft(alice, draft):
    services.publish_innovation(draft, by=alice)
    draft.refresh_from_db()
    assert draft.is_published
    assert latest_audit(draft).changes == {"is_published": [False, True]}


@pytest.mark.parametrize("persona", ["charlie", "anonymous"])
def test_it_refuses_publishing_by_outsiders(request, draft, persona):
    person = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    with pytest.raises(NotAllowed):
        services.publish_innovation(draft, by=person)
    draft.refresh_from_db()
    assert not draft.is_published


# --- team -----------------------------------------------------------------------------------


def test_it_lets_the_team_add_a_researcher(alice, researcher, innovation):
    member = services.add_team_member(
        innovation, by=alice, actor_type=ActorType.RESEARCH, person=researcher, role="forsker"
    )
    assert member.innovation == innovation
    assert innovation.has_researcher()
    assert latest_audit(innovation).changes == {"team": [None, "Rita Forsker (forskning)"]}


def test_it_adds_a_named_actor_without_an_account(bob, innovation):
    member = services.add_team_member(
        innovation,
        by=bob,
        actor_type=ActorType.PRIVATE_COMPANY,
        name="Røntgenbil AS",
        organisation="Røntgenbil AS",
    )
    assert member.display_name == "Røntgenbil AS"


@pytest.mark.parametrize("persona", ["charlie", "researcher", "anonymous"])
def test_it_refuses_team_changes_by_outsiders(request, innovation, persona):
    person = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    with pytest.raises(NotAllowed):
        services.add_team_member(innovation, by=person, actor_type="citizen", name="Meg selv")
    with pytest.raises(NotAllowed):
        services.remove_team_member(innovation.team.get(), by=person)
    assert innovation.team.count() == 1


def test_it_refuses_the_same_person_twice_on_a_team(alice, innovation):
    with pytest.raises(InvalidInput) as caught:
        services.add_team_member(innovation, by=alice, actor_type="public_body", person=alice)
    assert "allerede med i teamet" in caught.value.errors["person"][0]


def test_it_refuses_a_member_without_person_or_name(alice, innovation):
    with pytest.raises(InvalidInput) as caught:
        services.add_team_member(innovation, by=alice, actor_type="volunteer_org")
    assert list(caught.value.errors) == ["name"]


def test_it_lets_a_leader_remove_a_member_and_logs_who(bob, innovation):
    member = TeamMember.objects.get(innovation=innovation)
    services.remove_team_member(member, by=bob)
    assert not innovation.team.exists()
    entry = latest_audit(innovation)
    assert (entry.action, entry.actor) == ("innovation.team_member_removed", bob)
    assert entry.changes == {"team": ["Alice Aasen (offentlig virksomhet)", None]}


# --- effects --------------------------------------------------------------------------------


def test_it_records_a_measured_effect(alice, innovation):
    effect = services.add_effect(
        innovation,
        by=alice,
        kind=EffectKind.QUANTITATIVE,
        name="Sykehusturer per måned",
        unit="turer",
        baseline=30,
        result=8,
        n=120,
        interval_low=-25,
        interval_high=-19,
        source="Vestfold 2017",
    )
    assert effect.change == -22
    assert latest_audit(innovation).changes == {"effects": [None, "Sykehusturer per måned"]}


def test_it_records_an_immaterial_effect(bob, innovation):
    effect = services.add_effect(
        innovation,
        by=bob,
        kind=EffectKind.IMMATERIAL,
        name="Tryggere beboere",
        rating=4,
        description="Beboerne slipper en lang tur.",
    )
    assert effect.rating == 4


def test_it_names_what_a_measured_effect_lacks(alice, innovation):
    with pytest.raises(InvalidInput) as caught:
        services.add_effect(
            innovation,
            by=alice,
            kind=EffectKind.QUANTITATIVE,
            name="Ventetid",
            interval_low=3,
            interval_high=1,
            n=0,
        )
    assert set(caught.value.errors) == {"baseline", "result", "n", "interval_high"}
    assert not innovation.effects.exists()


@pytest.mark.parametrize("persona", ["charlie", "anonymous"])
def test_it_refuses_effects_by_outsiders(request, innovation, persona):
    person = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    with pytest.raises(NotAllowed):
        services.add_effect(
            innovation, by=person, kind="immaterial", name="X", rating=3, description="Y"
        )


# --- anchoring and kudos --------------------------------------------------------------------


def test_it_lets_the_leader_of_the_unit_anchor(bob, innovation):
    services.anchor_innovation(innovation, by=bob)
    innovation.refresh_from_db()
    assert innovation.sponsor == bob
    assert latest_audit(innovation).changes == {"sponsor": [None, "Bob Berg"]}
    with pytest.raises(ServiceError, match="allerede forankret"):
        services.anchor_innovation(innovation, by=bob)


@pytest.mark.parametrize("persona", ["alice", "charlie", "researcher", "anonymous"])
def test_it_refuses_anchoring_by_anyone_but_a_leader(request, innovation, persona):
    person = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    with pytest.raises(NotAllowed):
        services.anchor_innovation(innovation, by=person)
    innovation.refresh_from_db()
    assert innovation.sponsor is None


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie"])
def test_it_takes_one_kudos_per_person(request, innovation, persona):
    person = request.getfixturevalue(persona)
    services.give_kudos(innovation, by=person)
    with pytest.raises(ServiceError, match="allerede heiet"):
        services.give_kudos(innovation, by=person)
    assert innovation.kudos.count() == 1
    assert latest_audit(innovation).changes == {"kudos": [0, 1]}


def test_it_refuses_kudos_from_anonymous_and_on_drafts(charlie, innovation, draft):
    with pytest.raises(NotAllowed):
        services.give_kudos(innovation, by=AnonymousUser())
    with pytest.raises(NotAllowed):
        services.give_kudos(draft, by=charlie)

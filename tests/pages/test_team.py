from __future__ import annotations

from typing import Any

import pytest

from sokkel.innovations.models import TeamMember


@pytest.mark.parametrize(("persona", "status"), [("alice", 302), ("bob", 302), ("charlie", 403)])
def test_it_lets_only_the_team_and_leaders_add_members(
    as_persona: Any, innovation: Any, researcher: Any, persona: str, status: int
) -> None:
    response = as_persona(persona).post(
        f"{innovation.get_absolute_url()}team/", {"person": researcher.pk, "role": "evaluerer"}
    )
    assert response.status_code == status
    assert innovation.team.filter(person=researcher).exists() == (status == 302)


def test_it_sends_anonymous_visitors_to_sign_in(
    client: Any, innovation: Any, researcher: Any, redirects_to_login: Any
) -> None:
    url = f"{innovation.get_absolute_url()}team/"
    assert redirects_to_login(client.post(url, {"person": researcher.pk}))
    assert not innovation.team.filter(person=researcher).exists()


def test_it_adds_a_registered_researcher_as_research(
    as_persona: Any, innovation: Any, researcher: Any, text_of: Any
) -> None:
    client = as_persona("alice")
    form = client.get(f"{innovation.get_absolute_url()}team/")
    assert "Rita Forsker (OsloMet)" in text_of(form)
    response = client.post(
        f"{innovation.get_absolute_url()}team/", {"person": researcher.pk}, follow=True
    )
    assert "Rita Forsker er med i teamet" in text_of(response)
    member = innovation.team.get(person=researcher)
    assert member.actor_type == "research"


def test_it_adds_an_external_actor_with_its_actor_type(as_persona: Any, innovation: Any) -> None:
    as_persona("alice").post(
        f"{innovation.get_absolute_url()}team/",
        {"name": "Røntgenbilen AS", "actor_type": "private_company", "role": "leverandør"},
    )
    member = innovation.team.get(name="Røntgenbilen AS")
    assert (member.actor_type, member.role) == ("private_company", "leverandør")


def test_it_asks_for_a_researcher_or_a_name(as_persona: Any, innovation: Any, text_of: Any) -> None:
    response = as_persona("alice").post(f"{innovation.get_absolute_url()}team/", {})
    assert response.status_code == 400
    assert "Velg en registrert forsker eller skriv inn et navn" in text_of(response)


def test_it_says_when_the_person_is_already_on_the_team(
    as_persona: Any, innovation: Any, researcher: Any, text_of: Any
) -> None:
    client = as_persona("alice")
    client.post(f"{innovation.get_absolute_url()}team/", {"person": researcher.pk})
    response = client.post(f"{innovation.get_absolute_url()}team/", {"person": researcher.pk})
    assert response.status_code == 400
    assert "Rita Forsker er allerede med i teamet" in text_of(response)


def test_it_swaps_in_the_team_section_for_htmx(
    as_persona: Any, innovation: Any, researcher: Any, text_of: Any
) -> None:
    response = as_persona("alice").post(
        f"{innovation.get_absolute_url()}team/", {"person": researcher.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<section id="team"')
    assert "Rita Forsker" in text_of(response)


@pytest.mark.parametrize(("persona", "status"), [("alice", 302), ("bob", 302), ("charlie", 403)])
def test_it_lets_only_the_team_and_leaders_remove_members(
    as_persona: Any, innovation: Any, persona: str, status: int
) -> None:
    member = TeamMember.objects.create(
        innovation=innovation, name="Frivillig", actor_type="citizen"
    )
    response = as_persona(persona).post(f"{innovation.get_absolute_url()}team/{member.pk}/fjern/")
    assert response.status_code == status
    assert innovation.team.filter(pk=member.pk).exists() == (status == 403)


def test_it_sends_anonymous_visitors_to_sign_in_before_removing(
    client: Any, innovation: Any, redirects_to_login: Any
) -> None:
    member = TeamMember.objects.create(
        innovation=innovation, name="Frivillig", actor_type="citizen"
    )
    assert redirects_to_login(
        client.post(f"{innovation.get_absolute_url()}team/{member.pk}/fjern/")
    )
    assert innovation.team.filter(pk=member.pk).exists()

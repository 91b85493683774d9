"""API writes beyond the story: publish, team, effects and kudos, for the four personas."""

from __future__ import annotations

import json

import pytest

from sokkel.innovations.models import Innovation


def post(client, url: str, body: dict | None = None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


def persona(request, name: str | None):
    return request.getfixturevalue(name) if name else None


@pytest.mark.parametrize(
    ("name", "status"), [("alice", 200), ("bob", 200), ("charlie", 404), (None, 401)]
)
def test_it_lets_the_team_and_leaders_publish_a_draft(request, client_for, draft, name, status):
    response = post(client_for(persona(request, name)), f"/api/v1/innovations/{draft.pk}/publish")
    assert response.status_code == status
    draft.refresh_from_db()
    assert draft.is_published is (status == 200)


@pytest.mark.parametrize(
    ("name", "status"), [("alice", 201), ("bob", 201), ("charlie", 403), (None, 401)]
)
def test_it_lets_the_team_and_leaders_add_a_researcher_by_email(
    request, client_for, researcher, innovation, name, status
):
    body = {"actor_type": "research", "person": "RITA@example.no", "role": "følgeforsker"}
    response = post(
        client_for(persona(request, name)), f"/api/v1/innovations/{innovation.pk}/team", body
    )
    assert response.status_code == status
    assert innovation.has_researcher() is (status == 201)
    if status == 201:
        assert response.json()["team"][-1] == {
            "name": "Rita Forsker",
            "actor_type": "research",
            "role": "følgeforsker",
            "organisation": "",
            "is_researcher": True,
        }


def test_it_names_an_unknown_team_member_email(client_for, alice, innovation):
    body = {"actor_type": "research", "person": "nobody@example.no"}
    response = post(client_for(alice), f"/api/v1/innovations/{innovation.pk}/team", body)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "person": ["Fant ingen person med e-postadressen nobody@example.no."]
    }


@pytest.mark.parametrize(
    ("name", "status"), [("alice", 201), ("bob", 201), ("charlie", 403), (None, 401)]
)
def test_it_lets_the_team_and_leaders_add_effects(request, client_for, innovation, name, status):
    body = {"kind": "quantitative", "name": "Liggetid", "baseline": 5, "result": 3, "n": 40}
    response = post(
        client_for(persona(request, name)), f"/api/v1/innovations/{innovation.pk}/effects", body
    )
    assert response.status_code == status
    assert innovation.effects.count() == (1 if status == 201 else 0)


def test_it_names_what_an_effect_lacks(client_for, alice, innovation):
    body = {"kind": "immaterial", "name": "Trivsel"}
    response = post(client_for(alice), f"/api/v1/innovations/{innovation.pk}/effects", body)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"rating", "description"}


@pytest.mark.parametrize("name", ["alice", "bob", "charlie"])
def test_it_takes_one_kudos_per_signed_in_person(request, client_for, innovation, name):
    client = client_for(persona(request, name))
    first = post(client, f"/api/v1/innovations/{innovation.pk}/kudos")
    assert (first.status_code, first.json()["kudos"]) == (201, 1)
    second = post(client, f"/api/v1/innovations/{innovation.pk}/kudos")
    assert second.status_code == 409
    assert "allerede heiet" in second.json()["message"]
    assert Innovation.objects.get(pk=innovation.pk).kudos.count() == 1


def test_it_refuses_anonymous_kudos(client, innovation):
    assert post(client, f"/api/v1/innovations/{innovation.pk}/kudos").status_code == 401

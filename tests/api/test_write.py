"""Writing through the API: who may create, edit and move phase, by session or token."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from sokkel.innovations import services
from sokkel.innovations.models import ActorType, AuditEntry, Innovation, Phase
from sokkel.people.models import ApiToken

NEW_STORY = {
    "title": "Nattlig ruteplan",
    "problem": "Ruteplanen tok uker.",
    "what_we_did": "Optimering av dagsverk.",
    "what_changed": "Én planlegger lager 2 000 dagsverk på en dag.",
    "units": ["testvik-sykehjem"],
    "sector": "transport",
    "tags": ["Dagsverk"],
}


def send(client: Client, method: str, url: str, body: dict, **headers: str):
    return getattr(client, method)(
        url, data=json.dumps(body), content_type="application/json", headers=headers
    )


def persona(request, name: str | None):
    return request.getfixturevalue(name) if name else None


# --- create ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["alice", "bob", "charlie"])
def test_it_lets_any_signed_in_person_create_a_draft(request, client_for, home, name):
    person = persona(request, name)
    response = send(client_for(person), "post", "/api/v1/innovations", NEW_STORY)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["phase"], body["is_published"]) == (
        "Nattlig ruteplan",
        "discovered",
        False,
    )
    assert body["team"][0]["name"] == str(person)
    assert body["tags"] == ["Dagsverk"]
    assert Innovation.objects.get(pk=body["id"]).created_by == person


def test_it_refuses_anonymous_creation_with_401(client, home):
    response = send(client, "post", "/api/v1/innovations", NEW_STORY)
    assert response.status_code == 401
    assert "logge inn" in response.json()["message"]
    assert not Innovation.objects.exists()


def test_it_names_the_invalid_fields_on_create(client_for, charlie, home):
    body = {**NEW_STORY, "title": "", "units": ["atlantis"], "sector": "space"}
    response = send(client_for(charlie), "post", "/api/v1/innovations", body)
    assert response.status_code == 400
    assert response.json()["errors"] == {"units": ["Ukjent enhet: atlantis."]}
    body["units"] = ["testvik-sykehjem"]
    response = send(client_for(charlie), "post", "/api/v1/innovations", body)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"title", "sector"}


def test_it_names_a_missing_body_field(client_for, charlie, home):
    body = {key: value for key, value in NEW_STORY.items() if key != "problem"}
    response = send(client_for(charlie), "post", "/api/v1/innovations", body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["problem"]


# --- session CSRF and tokens ----------------------------------------------------------------


def test_it_requires_the_csrf_token_for_session_writes(alice, home):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    refused = send(client, "post", "/api/v1/innovations", NEW_STORY)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["message"]

    token = "sokkelcsrftokenforthetests012345"  # a 32-character CSRF secret, as the cookie holds
    client.cookies["csrftoken"] = token
    accepted = send(client, "post", "/api/v1/innovations", NEW_STORY, X_CSRFToken=token)
    assert accepted.status_code == 201


def test_it_accepts_a_bearer_token_without_csrf(alice, home):
    _, raw = ApiToken.issue(alice, "skript")
    client = Client(enforce_csrf_checks=True)
    response = send(client, "post", "/api/v1/innovations", NEW_STORY, authorization=f"Bearer {raw}")
    assert response.status_code == 201
    assert Innovation.objects.get().created_by == alice


def test_it_refuses_an_invalid_token_with_401(client, draft):
    headers = {"authorization": "Bearer sokkel_not-a-real-token"}
    assert send(client, "post", "/api/v1/innovations", NEW_STORY, **headers).status_code == 401
    response = client.get("/api/v1/innovations", headers=headers)
    assert response.status_code == 401
    assert "API-nøkkelen" in response.json()["message"]


def test_it_shows_a_token_holder_their_drafts(client, alice, draft):
    _, raw = ApiToken.issue(alice, "skript")
    response = client.get(
        f"/api/v1/innovations/{draft.pk}", headers={"authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 200


# --- update ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [("alice", 200), ("bob", 200), ("admin_user", 200), ("charlie", 403), (None, 401)],
)
def test_it_lets_only_the_team_leaders_and_admins_edit(
    request, client_for, innovation, name, status
):
    client = client_for(persona(request, name))
    response = send(
        client, "patch", f"/api/v1/innovations/{innovation.pk}", {"version": 1, "title": "Ny"}
    )
    assert response.status_code == status
    innovation.refresh_from_db()
    assert (innovation.title == "Ny") is (status == 200)
    if status == 200:
        assert response.json()["version"] == 2
    else:
        assert response.json()["message"]


@pytest.mark.parametrize(("name", "status"), [("alice", 200), ("charlie", 404), (None, 401)])
def test_it_hides_drafts_from_outsiders_when_editing(request, client_for, draft, name, status):
    client = client_for(persona(request, name))
    response = send(
        client, "patch", f"/api/v1/innovations/{draft.pk}", {"version": 1, "title": "X"}
    )
    assert response.status_code == status


def test_it_refuses_a_stale_edit_with_409_and_keeps_the_first(client_for, alice, bob, innovation):
    url = f"/api/v1/innovations/{innovation.pk}"
    first = send(client_for(alice), "patch", url, {"version": 1, "what_changed": "Alices"})
    assert first.status_code == 200
    second = send(client_for(bob), "patch", url, {"version": 1, "what_changed": "Bobs"})
    assert second.status_code == 409
    assert "Noen andre har lagret endringer" in second.json()["message"]
    innovation.refresh_from_db()
    assert innovation.what_changed == "Alices"


def test_it_logs_an_api_edit_from_old_to_new(client_for, bob, innovation):
    send(
        client_for(bob),
        "patch",
        f"/api/v1/innovations/{innovation.pk}",
        {"version": 1, "evidence_level": 2, "units": ["kommune-9999"]},
    )
    entry = AuditEntry.objects.get(innovation=innovation)
    assert entry.actor == bob
    assert entry.changes == {
        "evidence_level": [None, 2],
        "units": [["testvik-sykehjem"], ["kommune-9999"]],
    }


def test_it_requires_the_version_to_edit(client_for, alice, innovation):
    response = send(
        client_for(alice), "patch", f"/api/v1/innovations/{innovation.pk}", {"title": "X"}
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["version"]


# --- phase ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [("alice", 200), ("bob", 200), ("admin_user", 200), ("charlie", 403), (None, 401)],
)
def test_it_lets_only_the_team_leaders_and_admins_move_phase(
    request, client_for, researcher, alice, innovation, name, status
):
    services.add_team_member(innovation, by=alice, actor_type=ActorType.RESEARCH, person=researcher)
    client = client_for(persona(request, name))
    response = send(
        client, "post", f"/api/v1/innovations/{innovation.pk}/phase", {"to": "tried", "note": "Ok"}
    )
    assert response.status_code == status
    innovation.refresh_from_db()
    assert (innovation.phase == Phase.TRIED) is (status == 200)
    if status == 200:
        assert response.json()["journey"][-1]["note"] == "Ok"


def test_it_explains_a_refused_phase_move_in_norwegian(client_for, alice, innovation):
    response = send(
        client_for(alice), "post", f"/api/v1/innovations/{innovation.pk}/phase", {"to": "tried"}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "Innovasjonen kan ikke flyttes til fasen «utprøvd» ennå."
    assert body["errors"]["to"] == [
        "Teamet trenger en forsker før innovasjonen kan gå videre fra «oppdaget». "
        "Legg til en forsker i teamet."
    ]


def test_it_hides_a_draft_from_an_outsider_moving_it(client_for, charlie, draft):
    response = send(
        client_for(charlie), "post", f"/api/v1/innovations/{draft.pk}/phase", {"to": "tried"}
    )
    assert response.status_code == 404

"""Withdrawing an innovation and publishing it again through the API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from sokkel.innovations import services
from sokkel.innovations.models import AuditEntry
from sokkel.people.models import ApiToken

REASON = "Tallene i historien var feil; teamet retter dem."


def post(client: Client, url: str, body: dict | None = None, **headers: str) -> Any:
    return client.post(
        url, data=json.dumps(body or {}), content_type="application/json", headers=headers
    )


def persona(request: pytest.FixtureRequest, name: str | None) -> Any:
    return request.getfixturevalue(name) if name else None


@pytest.fixture
def withdrawn(innovation: Any, bob: Any) -> Any:
    return services.withdraw_innovation(innovation, by=bob, reason=REASON)


# --- withdraw -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [("bob", 200), ("admin_user", 200), ("alice", 403), ("charlie", 403), (None, 401)],
)
def test_it_lets_only_leaders_and_admins_withdraw(
    request: pytest.FixtureRequest, client_for: Any, innovation: Any, name: str, status: int
) -> None:
    who = persona(request, name)
    url = f"/api/v1/innovations/{innovation.pk}/withdraw"
    response = post(client_for(who), url, {"reason": REASON})
    assert response.status_code == status, response.content
    innovation.refresh_from_db()
    assert innovation.is_withdrawn is (status == 200)
    body = response.json()
    if status == 200:
        assert body["is_published"] is False
        assert body["withdrawn_by"] == str(who)
        assert body["withdrawal_reason"] == REASON
        assert body["withdrawn_at"]
        entry = AuditEntry.objects.get(innovation=innovation)
        assert (entry.action, entry.actor) == ("innovation.withdrawn", who)
    else:
        assert body["message"]
        assert not AuditEntry.objects.exists()


def test_it_withdraws_with_a_bearer_token(client: Client, bob: Any, innovation: Any) -> None:
    _, raw = ApiToken.issue(bob, "skript")
    url = f"/api/v1/innovations/{innovation.pk}/withdraw"
    response = post(client, url, {"reason": REASON}, authorization=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["withdrawn_by"] == "Bob Berg"


def test_it_names_a_missing_or_empty_reason(client_for: Any, bob: Any, innovation: Any) -> None:
    url = f"/api/v1/innovations/{innovation.pk}/withdraw"
    missing = post(client_for(bob), url, {})
    assert missing.status_code == 400
    assert list(missing.json()["errors"]) == ["reason"]
    empty = post(client_for(bob), url, {"reason": " "})
    assert empty.status_code == 400
    assert empty.json()["errors"] == {"reason": ["Skriv hvorfor innovasjonen trekkes tilbake."]}
    too_long = post(client_for(bob), url, {"reason": "x" * 501})
    assert too_long.status_code == 400
    assert list(too_long.json()["errors"]) == ["reason"]
    unstorable = post(client_for(bob), url, {"reason": "Feil\u0000tall"})
    assert unstorable.status_code == 400
    assert list(unstorable.json()["errors"]) == ["reason"]
    innovation.refresh_from_db()
    assert innovation.is_published


def test_it_refuses_a_draft_and_a_second_withdrawal_with_409(
    client_for: Any, bob: Any, draft: Any, withdrawn: Any
) -> None:
    for target in (draft, withdrawn):
        url = f"/api/v1/innovations/{target.pk}/withdraw"
        response = post(client_for(bob), url, {"reason": REASON})
        assert response.status_code == 409
    assert response.json()["message"] == "Innovasjonen er allerede trukket tilbake."


# --- who still sees it ---------------------------------------------------------------------


@pytest.mark.parametrize(("name", "seen"), [("alice", True), ("bob", True), ("charlie", False)])
def test_it_disappears_from_the_list_for_the_public(
    request: pytest.FixtureRequest, client_for: Any, withdrawn: Any, name: str, seen: bool
) -> None:
    client = client_for(persona(request, name))
    ids = [item["id"] for item in client.get("/api/v1/innovations").json()["items"]]
    assert (withdrawn.pk in ids) is seen
    detail = client.get(f"/api/v1/innovations/{withdrawn.pk}")
    assert detail.status_code == (200 if seen else 404)


def test_it_disappears_for_anonymous_callers_and_from_search(
    client: Client, withdrawn: Any
) -> None:
    assert client.get("/api/v1/innovations").json()["count"] == 0
    assert client.get("/api/v1/innovations", {"q": "røntgen"}).json()["count"] == 0
    assert client.get(f"/api/v1/innovations/{withdrawn.pk}").status_code == 404


# --- restore --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [("bob", 200), ("admin_user", 200), ("alice", 403), ("charlie", 404), (None, 401)],
)
def test_it_lets_only_leaders_and_admins_publish_it_again(
    request: pytest.FixtureRequest, client_for: Any, withdrawn: Any, name: str, status: int
) -> None:
    who = persona(request, name)
    response = post(client_for(who), f"/api/v1/innovations/{withdrawn.pk}/restore")
    assert response.status_code == status, response.content
    withdrawn.refresh_from_db()
    assert withdrawn.is_published is (status == 200)
    if status == 200:
        body = response.json()
        assert body["is_published"] is True
        assert (body["withdrawn_at"], body["withdrawn_by"], body["withdrawal_reason"]) == (
            None,
            None,
            None,
        )
        entry = withdrawn.audit_entries.order_by("-pk").first()
        assert (entry.action, entry.actor) == ("innovation.restored", who)


def test_it_is_public_again_after_publishing_again(
    client: Client, client_for: Any, bob: Any, withdrawn: Any
) -> None:
    post(client_for(bob), f"/api/v1/innovations/{withdrawn.pk}/restore")
    assert client.get(f"/api/v1/innovations/{withdrawn.pk}").status_code == 200
    assert client.get("/api/v1/innovations", {"q": "røntgen"}).json()["count"] == 1


def test_it_refuses_to_restore_a_published_innovation_with_409(
    client_for: Any, bob: Any, innovation: Any
) -> None:
    response = post(client_for(bob), f"/api/v1/innovations/{innovation.pk}/restore")
    assert response.status_code == 409
    assert response.json()["message"] == "Innovasjonen er ikke trukket tilbake."


def test_the_team_cannot_publish_it_as_a_draft(client_for: Any, alice: Any, withdrawn: Any) -> None:
    response = post(client_for(alice), f"/api/v1/innovations/{withdrawn.pk}/publish")
    assert response.status_code == 403
    withdrawn.refresh_from_db()
    assert not withdrawn.is_published


def test_the_openapi_document_lists_the_endpoints(client: Client, db: None) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/innovations/{innovation_id}/withdraw"]
    assert "post" in paths["/api/v1/innovations/{innovation_id}/restore"]


def test_the_team_reads_who_withdrew_it_and_why_the_public_nothing(
    client_for: Any, withdrawn: Any, alice: Any
) -> None:
    url = f"/api/v1/innovations/{withdrawn.pk}"
    body = client_for(alice).get(url).json()
    assert (body["withdrawn_by"], body["withdrawal_reason"]) == ("Bob Berg", REASON)
    assert body["withdrawn_at"]
    assert client_for(None).get(url).status_code == 404

"""Django admin: every model is there for administrators, and only for them."""

from __future__ import annotations

import pytest

from sokkel.people.models import ApiToken

CHANGELISTS = [
    "/admin/units/unit/",
    "/admin/people/user/",
    "/admin/people/apitoken/",
    "/admin/innovations/innovation/",
    "/admin/innovations/tag/",
    "/admin/innovations/teammember/",
    "/admin/innovations/effect/",
    "/admin/innovations/kudos/",
    "/admin/innovations/phasetransition/",
    "/admin/innovations/auditentry/",
]


@pytest.mark.parametrize("url", CHANGELISTS)
def test_it_shows_every_model_to_administrators(client_for, admin_user, innovation, url):
    assert client_for(admin_user).get(url).status_code == 200


def test_it_treats_every_administrator_as_one_in_the_admin(client_for, innovation):
    from sokkel.people.models import User

    staff = User.objects.create_user("drift@example.no", "x", is_staff=True)
    response = client_for(staff).get("/admin/innovations/innovation/")
    assert response.status_code == 200
    assert "Mobil røntgen" in response.content.decode()


@pytest.mark.parametrize("name", ["alice", "bob", "charlie", None])
def test_it_keeps_everyone_else_out_of_the_admin(request, client_for, innovation, name):
    person = request.getfixturevalue(name) if name else None
    response = client_for(person).get("/admin/innovations/innovation/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_it_opens_an_innovation_in_the_admin(client_for, admin_user, innovation):
    response = client_for(admin_user).get(f"/admin/innovations/innovation/{innovation.pk}/change/")
    assert response.status_code == 200
    assert "Mobil røntgen" in response.content.decode()


def test_it_issues_an_api_token_and_shows_the_secret_once(client_for, admin_user, alice):
    response = client_for(admin_user).post(
        "/admin/people/apitoken/add/", {"user": alice.pk, "name": "skript"}, follow=True
    )
    assert response.status_code == 200
    message = next(str(m) for m in response.context["messages"] if "sokkel_" in str(m))
    raw = message.split()[2].rstrip(".")
    assert ApiToken.authenticate(raw) == alice
    assert ApiToken.objects.get().digest != raw


def test_it_keeps_the_audit_log_read_only_in_the_admin(client_for, admin_user, innovation):
    from sokkel.innovations.models import AuditEntry

    entry = AuditEntry.objects.create(innovation=innovation, action="innovation.updated")
    client = client_for(admin_user)
    assert client.get(f"/admin/innovations/auditentry/{entry.pk}/delete/").status_code == 403
    assert client.get("/admin/innovations/auditentry/add/").status_code == 403

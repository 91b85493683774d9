"""«Slett kontoen»: the account is deactivated and anonymised; the stories stay."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from sokkel.innovations import services as innovation_services
from sokkel.innovations.models import ActorType, AuditEntry, Innovation, Kudos
from sokkel.people import services
from sokkel.people.models import ApiToken, Leadership, User
from sokkel.spread.models import DigestSubscription, Follow
from sokkel.units.models import Sector

PASSWORD = "sokkel-test-pw"  # the shared personas' password (tests/conftest.py)


def signed_in(user: User) -> Client:
    """A client signed in through the sign-in page, so a real session row exists."""
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def delete(client: Client, **data: Any) -> Any:
    return client.post("/konto/slett/", {"password": PASSWORD, "confirm": "on", **data})


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_sends_anonymous_visitors_to_sign_in(client: Any, db: None, method: str) -> None:
    response = getattr(client, method)("/konto/slett/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logg-inn/?next=/konto/slett/")


def test_it_explains_what_happens_and_asks_for_the_password(client_for: Any, alice: Any) -> None:
    response = client_for(alice).get("/konto/slett/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "«Slettet bruker»" in html
    assert 'type="password"' in html and 'autocomplete="current-password"' in html
    assert "Jeg forstår at kontoen min slettes for godt" in html


def test_it_asks_no_password_of_a_person_without_one(client_for: Any, alice: Any) -> None:
    alice.set_unusable_password()
    alice.save()
    client = client_for(alice)
    assert 'type="password"' not in client.get("/konto/slett/").content.decode()
    response = client.post("/konto/slett/", {"confirm": "on"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert not alice.is_active


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"password": "feil"}, "Passordet er feil."),
        ({"confirm": ""}, "Kryss av for å bekrefte at du vil slette kontoen."),
    ],
)
def test_it_deletes_nothing_without_the_password_and_the_confirmation(
    client_for: Any, alice: Any, data: dict[str, str], error: str
) -> None:
    response = delete(client_for(alice), **data)
    assert response.status_code == 400
    assert error in response.content.decode()
    alice.refresh_from_db()
    assert alice.is_active and alice.full_name == "Alice Aasen"


def test_it_anonymises_the_account_and_signs_the_person_out(
    alice: Any, innovation: Any, draft: Any
) -> None:
    client = signed_in(alice)
    response = delete(client)
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/")
    assert "Kontoen din er slettet." in page.content.decode()
    assert "Innlogget som" not in page.content.decode()
    alice.refresh_from_db()
    assert alice.full_name == "Slettet bruker"
    assert alice.email == f"deleted-{alice.pk}@sokkel.invalid"
    assert not alice.is_active
    assert not alice.has_usable_password()
    assert alice.home_unit is None
    assert not Session.objects.exists()


def test_the_old_email_and_password_no_longer_sign_in(alice: Any) -> None:
    delete(signed_in(alice))
    client = Client()
    assert not client.login(email="alice@example.no", password=PASSWORD)
    response = client.post(
        "/konto/logg-inn/", {"username": "alice@example.no", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Innlogget som" not in response.content.decode()


def test_it_ends_the_persons_other_sessions_too(alice: Any, charlie: Any) -> None:
    phone, laptop, other = signed_in(alice), signed_in(alice), signed_in(charlie)
    delete(laptop)
    assert "Innlogget som" not in phone.get("/").content.decode()
    assert "Innlogget som Charlie Christensen" in other.get("/").content.decode()
    assert Session.objects.count() == 1


def test_the_stories_stay_told_by_a_deleted_person(
    client_for: Any, alice: Any, bob: Any, charlie: Any, innovation: Any, draft: Any
) -> None:
    innovation_services.give_kudos(innovation, by=alice)
    delete(signed_in(alice))
    innovation.refresh_from_db()
    assert innovation.created_by_id == alice.pk
    assert Innovation.objects.filter(created_by=alice).count() == 2
    assert innovation.team.filter(person=alice).exists()
    assert Kudos.objects.filter(person=alice).exists()
    assert AuditEntry.objects.filter(actor=alice, action="innovation.kudos_given").exists()
    page = client_for(charlie).get(innovation.get_absolute_url()).content.decode()
    assert "Slettet bruker" in page
    assert "Alice" not in page
    log = client_for(bob).get(f"{innovation.get_absolute_url()}logg/").content.decode()
    assert "Slettet bruker" in log and "Alice" not in log
    # The unit's leader still sees, and may edit, the draft nobody on the team can reach now.
    assert client_for(bob).get(f"{draft.get_absolute_url()}endre/").status_code == 200


def test_it_removes_follows_leaderships_tokens_and_the_digest(
    bob: Any, charlie: Any, unit: Any
) -> None:
    Follow.objects.create(person=bob, sector=Sector.HEALTH_CARE)
    Follow.objects.create(person=charlie, sector=Sector.HEALTH_CARE)
    DigestSubscription.objects.create(person=bob)
    ApiToken.issue(bob, "Rapporter")
    bob.is_staff = True
    bob.save()
    services.delete_account(bob)
    bob.refresh_from_db()
    assert not bob.is_staff and not bob.leads(unit)
    assert not Follow.objects.filter(person=bob).exists()
    assert not Leadership.objects.filter(person=bob).exists()
    assert not ApiToken.objects.filter(user=bob).exists()
    assert not DigestSubscription.objects.filter(person=bob).exists()
    assert Follow.objects.filter(person=charlie).count() == 1


def test_it_leaves_a_second_person_untouched(alice: Any, charlie: Any, innovation: Any) -> None:
    delete(signed_in(alice))
    charlie.refresh_from_db()
    assert charlie.full_name == "Charlie Christensen"
    assert charlie.email == "charlie@example.no"
    assert charlie.is_active and charlie.check_password(PASSWORD)
    assert Client().login(email="charlie@example.no", password=PASSWORD)


def test_it_shows_a_deleted_researcher_on_the_team_without_their_institution(
    client_for: Any, alice: Any, researcher: Any, innovation: Any
) -> None:
    innovation_services.add_team_member(
        innovation, by=alice, actor_type=ActorType.RESEARCH, person=researcher
    )
    services.delete_account(researcher)
    page = client_for(None).get(innovation.get_absolute_url()).content.decode()
    assert "Rita" not in page and "OsloMet" not in page
    assert page.count("Slettet bruker") == 1


def test_it_logs_the_deletion(alice: Any, caplog: Any) -> None:
    with caplog.at_level("INFO", logger="sokkel.people.services"):
        services.delete_account(alice)
    assert f"people.account_deleted: person {alice.pk}" in caplog.text
    assert "alice@example.no" not in caplog.text


def test_it_removes_the_records_of_the_persons_sign_ins(alice: Any, charlie: Any) -> None:
    from axes.models import AccessAttempt, AccessLog

    for email in ("alice@example.no", "ALICE@example.no", charlie.email):
        AccessLog.objects.create(username=email, user_agent="Firefox", http_accept="*/*")
    AccessAttempt.objects.create(
        username="alice@example.no", user_agent="Firefox", failures_since_start=2
    )
    services.delete_account(alice)
    assert list(AccessLog.objects.values_list("username", flat=True)) == [charlie.email]
    assert not AccessAttempt.objects.exists()

"""People and roles: leaders inherit sub-units, tokens authenticate, e-mail is the login."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from sokkel.people.models import ApiToken, Leadership, User
from sokkel.units.models import Unit, UnitKind


def test_it_signs_people_in_by_email_case_insensitively(client, db):
    User.objects.create_user("Kari.Nordmann@Example.no", "sokkel-test-pw")
    assert User.objects.get().email == "kari.nordmann@example.no"
    assert client.login(email="kari.nordmann@example.no", password="sokkel-test-pw")


def test_it_lets_leadership_inherit_down_but_not_up(bob, unit, home):
    department = Unit.objects.create(
        key="testvik-demensavdeling", name="Demensavdelingen", kind=UnitKind.DEPARTMENT, parent=home
    )
    nurse_leader = User.objects.create_user("leder@example.no", "x")
    Leadership.objects.create(person=nurse_leader, unit=home)
    assert bob.leads(department)
    assert nurse_leader.leads(department)
    assert not nurse_leader.leads(unit)
    assert nurse_leader.leads_any([unit, department])
    assert set(nurse_leader.led_units()) == {home, department}


def test_it_does_not_treat_inactive_people_as_leaders(bob, home):
    bob.is_active = False
    bob.save()
    assert not bob.leads(home)


def test_it_authenticates_an_issued_token_and_stores_only_its_digest(alice):
    token, raw = ApiToken.issue(alice, "skript")
    assert raw.startswith("sokkel_")
    assert raw not in token.digest
    assert ApiToken.authenticate(raw) == alice
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_it_refuses_unknown_tokens_and_tokens_of_inactive_people(alice):
    _, raw = ApiToken.issue(alice, "skript")
    assert ApiToken.authenticate("sokkel_guess") is None
    alice.is_active = False
    alice.save()
    assert ApiToken.authenticate(raw) is None


def test_it_names_people_by_full_name_or_email(db):
    named = User.objects.create_user("a@example.no", "x", full_name="Kari Nordmann")
    unnamed = User.objects.create_user("b@example.no", "x")
    assert (str(named), named.get_short_name()) == ("Kari Nordmann", "Kari")
    assert str(unnamed) == "b@example.no"
    assert not AnonymousUser().is_authenticated

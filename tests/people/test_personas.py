"""The shared personas have the roles the rest of the suite relies on."""

from sokkel.innovations.models import Innovation


def test_it_makes_bob_leader_of_the_unit_and_its_nursing_home(bob, unit, home):
    assert bob.leads(unit)
    assert bob.leads(home)
    assert set(bob.led_units()) == {unit, home}


def test_it_does_not_make_alice_or_charlie_leaders(alice, charlie, home):
    assert not alice.leads(home)
    assert not charlie.leads(home)


def test_it_shows_the_draft_to_its_team_and_leaders_only(alice, bob, charlie, draft, admin_user):
    from django.contrib.auth.models import AnonymousUser

    for person in (alice, bob, admin_user):
        assert draft in Innovation.objects.visible_to(person)
    for person in (charlie, AnonymousUser()):
        assert draft not in Innovation.objects.visible_to(person)


def test_it_signs_personas_in_with_the_shared_password(client, alice):
    assert client.login(email=alice.email, password="sokkel-test-pw")

"""Login throttling: wrong passwords lock an account out from that address for a while."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "sokkel-test-pw"


@pytest.fixture(autouse=True)
def throttling(settings: Any) -> None:
    settings.AXES_ENABLED = True


def sign_in(client: Client, email: str, password: str) -> Any:
    return client.post("/konto/logg-inn/", {"username": email, "password": password})


def test_five_wrong_passwords_lock_the_account_out_even_for_the_right_one(alice: Any) -> None:
    client = Client()
    for _ in range(4):
        assert sign_in(client, alice.email, "wrong").status_code == 200  # the form again
    assert sign_in(client, alice.email, "wrong").status_code == 429  # the fifth locks
    locked = sign_in(client, alice.email, PASSWORD)
    assert locked.status_code == 429
    assert "For mange forsøk" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_signs_in_and_resets_the_count(alice: Any) -> None:
    client = Client()
    for _ in range(4):
        sign_in(client, alice.email, "wrong")
    assert sign_in(client, alice.email, PASSWORD).status_code == 302
    other = Client()
    for _ in range(4):
        sign_in(other, alice.email, "wrong")
    assert sign_in(other, alice.email, PASSWORD).status_code == 302


def test_a_lockout_of_one_account_leaves_another_alone(alice: Any, bob: Any) -> None:
    client = Client()
    for _ in range(6):
        sign_in(client, alice.email, "wrong")
    assert sign_in(client, bob.email, PASSWORD).status_code == 302


def ask_for_reset(client: Client, email: str, address: str = "192.0.2.1") -> Any:
    return client.post("/konto/glemt-passord/", {"email": email}, REMOTE_ADDR=address)


def test_one_address_gets_three_reset_mails_an_hour(alice: Any, mailoutbox: list) -> None:
    client = Client()
    for _ in range(3):
        assert ask_for_reset(client, alice.email).status_code == 302
    refused = ask_for_reset(client, alice.email.upper(), "192.0.2.99")
    assert refused.status_code == 429
    assert "For mange forespørsler" in refused.content.decode()
    assert len(mailoutbox) == 3


def test_one_asker_cannot_ask_for_many_addresses(alice: Any, mailoutbox: list) -> None:
    client = Client()
    for number in range(10):
        assert ask_for_reset(client, f"someone{number}@example.no").status_code == 302
    assert ask_for_reset(client, alice.email).status_code == 429
    assert ask_for_reset(client, alice.email, "192.0.2.2").status_code == 302
    assert len(mailoutbox) == 1


def test_requests_older_than_an_hour_are_forgotten(alice: Any, mailoutbox: list) -> None:
    from django.utils import timezone

    from sokkel.people.models import PasswordResetRequest

    client = Client()
    for _ in range(3):
        ask_for_reset(client, alice.email)
    PasswordResetRequest.objects.update(at=timezone.now() - PasswordResetRequest.WINDOW)
    assert ask_for_reset(client, alice.email).status_code == 302
    assert PasswordResetRequest.objects.count() == 1

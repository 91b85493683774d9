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

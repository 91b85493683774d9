"""No lost updates between real database connections (PostgreSQL row locks).

Alice's save holds the innovation's row locked when Bob's save arrives from another
connection. Bob's save must wait for the lock, then see Alice's new version and be refused,
instead of reading the old version and overwriting her text. SQLite has no row locks (it
serialises whole write transactions), so this test runs on PostgreSQL only.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from sokkel.innovations import services
from sokkel.innovations.models import Innovation
from sokkel.innovations.services import StaleEdit

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
)


@pytest.mark.django_db(transaction=True)
def test_it_refuses_an_edit_that_raced_a_save_in_progress(alice, bob, innovation):
    outcome: dict[str, object] = {}
    bob_started = threading.Event()

    def bob_saves() -> None:
        try:
            bob_copy = Innovation.objects.get(pk=innovation.pk)
            bob_started.set()
            services.update_innovation(bob_copy, by=bob, version=1, what_changed="Bobs tekst")
            outcome["bob"] = "saved"
        except StaleEdit:
            outcome["bob"] = "refused"
        finally:
            connection.close()

    with transaction.atomic():
        services.update_innovation(innovation, by=alice, version=1, what_changed="Alices tekst")
        bobs_save = threading.Thread(target=bob_saves)
        bobs_save.start()
        bob_started.wait(timeout=5)
        bobs_save.join(timeout=0.3)
        assert bobs_save.is_alive(), "Bob's save should wait for Alice's row lock"
    bobs_save.join(timeout=5)

    assert outcome == {"bob": "refused"}
    innovation.refresh_from_db()
    assert (innovation.what_changed, innovation.version) == ("Alices tekst", 2)

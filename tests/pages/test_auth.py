from __future__ import annotations

import re
from typing import Any

from django.core import mail

PASSWORD = "sokkel-test-pw"  # the shared personas' password (tests/conftest.py)


def test_it_signs_a_person_in_with_email_and_password(
    client: Any, alice: Any, text_of: Any
) -> None:
    page = client.get("/konto/logg-inn/?next=/innovasjoner/")
    assert page.status_code == 200
    assert "E-postadresse" in text_of(page)
    response = client.post(
        "/konto/logg-inn/",
        {"username": "alice@example.no", "password": PASSWORD, "next": "/innovasjoner/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/innovasjoner/"
    assert "Innlogget som Alice Aasen" in text_of(response)


def test_it_explains_a_wrong_password(client: Any, alice: Any, text_of: Any) -> None:
    response = client.post("/konto/logg-inn/", {"username": "alice@example.no", "password": "feil"})
    assert response.status_code == 200
    text = text_of(response)
    assert "Dette må rettes før du kan gå videre" in text
    assert "Innlogget som" not in text


def test_it_signs_out_on_post(as_persona: Any, text_of: Any) -> None:
    client = as_persona("alice")
    response = client.post("/konto/logg-ut/", follow=True)
    assert "Logg inn" in text_of(response)
    assert "Innlogget som" not in text_of(client.get("/"))


def test_it_resets_a_forgotten_password_by_email(client: Any, alice: Any, text_of: Any) -> None:
    response = client.post("/konto/glemt-passord/", {"email": "alice@example.no"}, follow=True)
    assert "Sjekk e-posten din" in text_of(response)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nytt passord i Sokkel"
    link = re.search(r"http://testserver(/konto/nytt-passord/\S+/)", message.body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert "Lag et nytt passord" in text_of(form)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Et-langt-nytt-pass0rd", "new_password2": "Et-langt-nytt-pass0rd"},
        follow=True,
    )
    assert "Passordet er endret" in text_of(done)
    alice.refresh_from_db()
    assert alice.check_password("Et-langt-nytt-pass0rd")


def test_it_sends_no_mail_for_an_unknown_address(client: Any, db: None) -> None:
    response = client.post("/konto/glemt-passord/", {"email": "ukjent@example.no"})
    assert response.status_code == 302
    assert mail.outbox == []

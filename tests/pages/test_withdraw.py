"""The withdraw page, the «publish again» button and the withdrawn innovation's banner."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import dateformat, timezone, translation

from sokkel.innovations import services

REASON = "Tallene i historien var feil; teamet retter dem."


@pytest.fixture
def withdrawn(innovation: Any, bob: Any) -> Any:
    return services.withdraw_innovation(innovation, by=bob, reason=REASON)


def withdraw_url(innovation: Any) -> str:
    return f"{innovation.get_absolute_url()}trekk-tilbake/"


def restore_url(innovation: Any) -> str:
    return f"{innovation.get_absolute_url()}publiser-igjen/"


# --- the withdraw page ---------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), [("alice", 403), ("bob", 200), ("charlie", 403)])
def test_it_shows_the_form_only_to_leaders(
    as_persona: Any, innovation: Any, persona: str, status: int
) -> None:
    assert as_persona(persona).get(withdraw_url(innovation)).status_code == status


def test_it_shows_the_form_to_administrators(client_for: Any, admin_user: Any, innovation: Any):
    response = client_for(admin_user).get(withdraw_url(innovation))
    assert response.status_code == 200
    assert "Hvorfor trekkes innovasjonen tilbake?" in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("alice", 403), ("bob", 302), ("charlie", 403)])
def test_it_lets_only_leaders_withdraw(
    as_persona: Any, innovation: Any, persona: str, status: int
) -> None:
    response = as_persona(persona).post(withdraw_url(innovation), {"reason": REASON})
    assert response.status_code == status
    innovation.refresh_from_db()
    assert innovation.is_withdrawn == (status == 302)


def test_it_sends_anonymous_visitors_to_sign_in(
    client: Any, innovation: Any, redirects_to_login: Any
) -> None:
    assert redirects_to_login(client.get(withdraw_url(innovation)))
    assert redirects_to_login(client.post(withdraw_url(innovation), {"reason": REASON}))
    assert redirects_to_login(client.post(restore_url(innovation)))
    innovation.refresh_from_db()
    assert innovation.is_published


def test_it_asks_for_a_reason(as_persona: Any, innovation: Any, text_of: Any) -> None:
    response = as_persona("bob").post(withdraw_url(innovation), {"reason": "  "})
    assert response.status_code == 400
    assert "Hvorfor trekkes innovasjonen tilbake?: Feltet er påkrevet." in text_of(response)
    response = as_persona("bob").post(withdraw_url(innovation), {"reason": "x" * 501})
    assert response.status_code == 400
    innovation.refresh_from_db()
    assert innovation.is_published and not innovation.audit_entries.exists()


def test_it_withdraws_with_the_reason_and_says_so(
    as_persona: Any, innovation: Any, bob: Any, text_of: Any
) -> None:
    response = as_persona("bob").post(withdraw_url(innovation), {"reason": REASON}, follow=True)
    text = text_of(response)
    assert "Innovasjonen er trukket tilbake. Bare teamet og lederne ser den nå." in text
    assert f"Begrunnelse: {REASON}" in text
    entry = innovation.audit_entries.get()
    assert (entry.action, entry.actor) == ("innovation.withdrawn", bob)


def test_it_sends_a_draft_or_a_withdrawn_innovation_back_to_its_page(
    as_persona: Any, draft: Any, withdrawn: Any, text_of: Any
) -> None:
    response = as_persona("bob").get(withdraw_url(draft), follow=True)
    assert "Bare publiserte innovasjoner kan trekkes tilbake." in text_of(response)
    response = as_persona("bob").post(withdraw_url(withdrawn), {"reason": "Igjen"}, follow=True)
    assert "Innovasjonen er allerede trukket tilbake." in text_of(response)
    assert withdrawn.audit_entries.filter(action="innovation.withdrawn").count() == 1


# --- who sees it, with the banner ----------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), [("charlie", 404), ("anonymous", 404)])
def test_it_hides_the_withdrawn_innovation_from_the_public(
    as_persona: Any, withdrawn: Any, persona: str, status: int, text_of: Any
) -> None:
    client = as_persona(persona)
    assert client.get(withdrawn.get_absolute_url()).status_code == status
    assert "Mobil røntgen" not in text_of(client.get("/innovasjoner/"))
    assert "Mobil røntgen" not in text_of(client.get("/innovasjoner/?q=røntgen"))
    assert "Mobil røntgen" not in text_of(client.get("/"))


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_it_shows_the_team_and_leaders_the_banner(
    as_persona: Any, withdrawn: Any, persona: str, text_of: Any
) -> None:
    response = as_persona(persona).get(withdrawn.get_absolute_url())
    assert response.status_code == 200
    text = text_of(response)
    assert "Trukket tilbake – bare teamet og lederne ser den" in text
    with translation.override("nb"):
        date = dateformat.format(timezone.localtime(withdrawn.withdrawn_at), "j. F Y")
    assert f"Trukket tilbake {date} av Bob Berg." in text
    assert f"Begrunnelse: {REASON}" in text
    assert "Utkast" not in text
    assert "Mobil røntgen" in text_of(as_persona(persona).get("/innovasjoner/"))


def test_it_offers_publish_again_only_to_those_who_may(
    as_persona: Any, withdrawn: Any, text_of: Any
) -> None:
    assert "Publiser igjen" in text_of(as_persona("bob").get(withdrawn.get_absolute_url()))
    alice_sees = text_of(as_persona("alice").get(withdrawn.get_absolute_url()))
    assert "Publiser igjen" not in alice_sees
    assert "Publiser" not in alice_sees.replace("Publisert", "")  # no draft «Publiser» either


def test_it_links_the_withdraw_page_for_leaders_only(
    as_persona: Any, innovation: Any, text_of: Any
) -> None:
    link = f'href="{withdraw_url(innovation)}"'
    assert link in as_persona("bob").get(innovation.get_absolute_url()).content.decode()
    for persona in ("alice", "charlie", "anonymous"):
        assert link not in as_persona(persona).get(innovation.get_absolute_url()).content.decode()


# --- publishing it again -------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), [("alice", 403), ("bob", 302), ("charlie", 404)])
def test_it_lets_only_leaders_publish_it_again(
    as_persona: Any, withdrawn: Any, persona: str, status: int
) -> None:
    assert as_persona(persona).post(restore_url(withdrawn)).status_code == status
    withdrawn.refresh_from_db()
    assert withdrawn.is_published == (status == 302)


def test_it_only_accepts_post_to_publish_again(as_persona: Any, withdrawn: Any) -> None:
    assert as_persona("bob").get(restore_url(withdrawn)).status_code == 405


def test_the_team_cannot_publish_it_as_a_draft(as_persona: Any, withdrawn: Any) -> None:
    response = as_persona("alice").post(f"{withdrawn.get_absolute_url()}publiser/")
    assert response.status_code == 403
    withdrawn.refresh_from_db()
    assert not withdrawn.is_published


def test_it_is_public_again_after_publishing_again(
    as_persona: Any, withdrawn: Any, text_of: Any
) -> None:
    response = as_persona("bob").post(restore_url(withdrawn), follow=True)
    assert "Innovasjonen er publisert igjen, og alle kan lese den." in text_of(response)
    assert "Trukket tilbake" not in text_of(response)
    anonymous = as_persona("anonymous")
    assert anonymous.get(withdrawn.get_absolute_url()).status_code == 200
    assert "Mobil røntgen" in text_of(anonymous.get("/innovasjoner/?q=røntgen"))
    assert withdrawn.audit_entries.order_by("-pk").first().action == "innovation.restored"

from __future__ import annotations

from typing import Any

import pytest

from sokkel.innovations import services


@pytest.mark.parametrize(("persona", "status"), [("alice", 200), ("bob", 200), ("charlie", 403)])
def test_it_shows_the_audit_log_to_the_team_and_leaders_only(
    as_persona: Any, innovation: Any, persona: str, status: int
) -> None:
    assert as_persona(persona).get(f"{innovation.get_absolute_url()}logg/").status_code == status


def test_it_sends_anonymous_visitors_to_sign_in(
    client: Any, innovation: Any, redirects_to_login: Any
) -> None:
    assert redirects_to_login(client.get(f"{innovation.get_absolute_url()}logg/"))


def test_it_lists_who_changed_which_field_from_what_to_what(
    as_persona: Any, innovation: Any, bob: Any, text_of: Any
) -> None:
    services.update_innovation(innovation, by=bob, version=1, title="Røntgen på rommet")
    text = text_of(as_persona("alice").get(f"{innovation.get_absolute_url()}logg/"))
    assert "Bob Berg Endret Tittel: Mobil røntgen → Røntgen på rommet" in text


def test_it_links_the_log_from_the_innovation_page_for_the_team(
    as_persona: Any, innovation: Any
) -> None:
    link = f'href="{innovation.get_absolute_url()}logg/"'.encode()
    assert link in as_persona("alice").get(innovation.get_absolute_url()).content
    assert link not in as_persona("charlie").get(innovation.get_absolute_url()).content

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(("persona", "status"), [("alice", 302), ("bob", 302), ("charlie", 404)])
def test_it_lets_only_the_team_and_leaders_publish_a_draft(
    as_persona: Any, draft: Any, persona: str, status: int
) -> None:
    response = as_persona(persona).post(f"{draft.get_absolute_url()}publiser/")
    assert response.status_code == status
    draft.refresh_from_db()
    assert draft.is_published == (status == 302)


def test_it_refuses_an_outsider_on_a_published_innovation(as_persona: Any, innovation: Any) -> None:
    assert (
        as_persona("charlie").post(f"{innovation.get_absolute_url()}publiser/").status_code == 403
    )


def test_it_sends_anonymous_visitors_to_sign_in(
    client: Any, draft: Any, redirects_to_login: Any
) -> None:
    assert redirects_to_login(client.post(f"{draft.get_absolute_url()}publiser/"))
    draft.refresh_from_db()
    assert not draft.is_published


def test_it_makes_the_draft_readable_by_anyone(as_persona: Any, draft: Any) -> None:
    assert as_persona("anonymous").get(draft.get_absolute_url()).status_code == 404
    as_persona("alice").post(f"{draft.get_absolute_url()}publiser/")
    assert as_persona("anonymous").get(draft.get_absolute_url()).status_code == 200

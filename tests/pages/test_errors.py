from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


def test_it_explains_a_missing_page_in_norwegian(client: Any, db: None, text_of: Any) -> None:
    response = client.get("/innovasjoner/finnes-ikke/")
    assert response.status_code == 404
    assert "Fant ikke siden" in text_of(response)


def test_it_explains_a_refusal_in_norwegian(as_persona: Any, innovation: Any, text_of: Any) -> None:
    response = as_persona("charlie").get(f"{innovation.get_absolute_url()}endre/")
    assert response.status_code == 403
    assert "Ingen tilgang" in text_of(response)


def test_it_shows_a_plain_page_when_the_server_fails(
    db: None, monkeypatch: pytest.MonkeyPatch, text_of: Any
) -> None:
    from sokkel.innovations import public

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the template engine is on fire")

    monkeypatch.setattr(public, "render", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Noe gikk galt" in text_of(response)

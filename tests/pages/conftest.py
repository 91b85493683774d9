"""Helpers for the page tests: a client per persona name, and reading a page's text."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from django.test import Client

PERSONAS = ("alice", "bob", "charlie", "anonymous")


@pytest.fixture
def as_persona(request: pytest.FixtureRequest, client_for: Callable[[Any], Client]) -> Any:
    """``as_persona("bob")`` gives a client signed in as bob; ``"anonymous"`` signs nobody in."""

    def make(name: str) -> Client:
        user = None if name == "anonymous" else request.getfixturevalue(name)
        return client_for(user)

    return make


def page_text(response: Any) -> str:
    """The page as a reader sees it: tags removed, entities decoded, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(a|abbr|b|code|em|i|span|strong|time)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def went_to_login(response: Any) -> bool:
    """True if the response sends an anonymous visitor to the sign-in page."""
    return response.status_code == 302 and response["Location"].startswith("/konto/logg-inn/")


@pytest.fixture
def text_of() -> Callable[[Any], str]:
    return page_text


@pytest.fixture
def redirects_to_login() -> Callable[[Any], bool]:
    return went_to_login

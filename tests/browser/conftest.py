"""Browser tests: Playwright's sync API driving Debian's Chromium against the live server.

The browser itself and axe-core come from ``tests/conftest.py`` (``chromium``, ``axe``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

PASSWORD = "sokkel-test-pw"  # the shared personas' password (tests/conftest.py)


@pytest.fixture
def page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser tab; ``page.goto("/path")`` is relative to the live server.

    It asks for reduced motion, so Designsystemet opens a ``details`` at once: while one grows
    (0.4 s), scroll anchoring can move a button inside it between the press and the release
    of a click, and the click misses the button.
    """
    context = chromium.new_context(
        base_url=live_server.url, locale="nb-NO", reduced_motion="reduce"
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def sign_in(page: Any) -> Callable[[str], None]:
    """Sign in through the sign-in page as the person with this e-mail address."""

    def do(email: str) -> None:
        page.goto("/konto/logg-inn/")
        page.get_by_label("E-postadresse").fill(email)
        page.get_by_label("Passord").fill(PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        page.get_by_text("Innlogget som").wait_for()

    return do


@pytest.fixture
def axe_violations(page: Any, axe: Callable[[Any], list[dict[str, Any]]]) -> Callable[[], list]:
    """Run axe-core on the current page; the WCAG 2.0/2.1 A and AA violations it finds."""
    return lambda: axe(page)

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from sokkel.innovations import services
from sokkel.innovations.models import EffectKind

pytestmark = pytest.mark.browser


@pytest.fixture
def rich_innovation(innovation: Any, alice: Any, bob: Any, charlie: Any, researcher: Any) -> Any:
    """The published innovation with a team, an effect, a sponsor and kudos on its page."""
    services.add_team_member(innovation, by=alice, actor_type="research", person=researcher)
    services.add_effect(
        innovation,
        by=alice,
        kind=EffectKind.QUANTITATIVE,
        name="Sykehusturer per måned",
        unit="turer",
        baseline=12,
        result=3,
        n=40,
        source="Egen telling",
    )
    services.anchor_innovation(innovation, by=bob)
    services.give_kudos(innovation, by=charlie)
    return innovation


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/innovasjoner/",
        "/innovasjoner/?phase=flying",
        "/innovasjoner/?q=rontgn",  # «did you mean»
        "/innovasjoner/?q=og",  # nothing to search for
        "/enheter/kommune-9999/",
        "/konto/logg-inn/",
        "/konto/glemt-passord/",
        "/personvern/",
        "/tilgjengelighet/",
    ],
)
def test_it_has_no_wcag_violations_on_public_pages(
    page: Any, axe_violations: Any, rich_innovation: Any, path: str
) -> None:
    page.goto(path)
    assert axe_violations() == []


def test_it_has_no_wcag_violations_on_the_innovation_page(
    page: Any, sign_in: Any, axe_violations: Any, rich_innovation: Any
) -> None:
    page.goto(rich_innovation.get_absolute_url())
    assert axe_violations() == []
    sign_in("alice@example.no")  # the team sees the write actions and the team form
    page.goto(rich_innovation.get_absolute_url())
    page.get_by_text("Legg til i teamet").click()
    assert axe_violations() == []


@pytest.mark.parametrize(
    ("suffix", "email"),
    [
        ("endre/", "alice@example.no"),
        ("team/", "alice@example.no"),
        ("effekter/", "alice@example.no"),
        ("fase/", "alice@example.no"),
        ("trekk-tilbake/", "bob@example.no"),  # leaders withdraw, not the team
    ],
)
def test_it_has_no_wcag_violations_on_the_forms(
    page: Any, sign_in: Any, axe_violations: Any, rich_innovation: Any, suffix: str, email: str
) -> None:
    sign_in(email)
    page.goto(f"{rich_innovation.get_absolute_url()}{suffix}")
    assert axe_violations() == []


def test_it_has_no_wcag_violations_on_a_withdrawn_innovation(
    page: Any, sign_in: Any, axe_violations: Any, rich_innovation: Any
) -> None:
    sign_in("bob@example.no")
    page.goto(f"{rich_innovation.get_absolute_url()}trekk-tilbake/")
    page.get_by_role("button", name="Trekk tilbake").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()  # a reason is required
    assert axe_violations() == []
    page.get_by_label("Hvorfor trekkes innovasjonen tilbake?").fill("Tallene var feil.")
    page.get_by_role("button", name="Trekk tilbake").click()
    expect(page.get_by_role("button", name="Publiser igjen")).to_be_visible()  # the banner
    assert axe_violations() == []


def test_it_has_no_wcag_violations_on_a_form_with_errors(
    page: Any, sign_in: Any, axe_violations: Any, alice: Any
) -> None:
    sign_in("alice@example.no")
    page.goto("/innovasjoner/ny/")
    assert axe_violations() == []
    page.get_by_role("button", name="Lagre historien").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert axe_violations() == []


def test_it_would_notice_a_violation(page: Any, axe_violations: Any, db: None) -> None:
    """The check is not vacuous: an input without a label on the home page is reported."""
    page.goto("/")
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    assert "label" in {violation["id"] for violation in axe_violations()}


@pytest.mark.parametrize("query", ["rontgn", "og"])
def test_the_search_messages_fit_a_phone(page: Any, rich_innovation: Any, query: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/innovasjoner/?q={query}")
    message = "Mente du" if query == "rontgn" else "Søket har ingen ord å lete etter"
    expect(page.get_by_text(message)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize(
    "path", ["/personvern/", "/tilgjengelighet/", "/konto/mine-data/", "/konto/slett/"]
)
def test_the_privacy_and_account_pages_fit_a_phone_without_violations(
    page: Any, sign_in: Any, axe_violations: Any, alice: Any, path: str
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("alice@example.no")
    page.goto(path)
    assert axe_violations() == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_it_deletes_an_account_from_the_browser(
    page: Any, sign_in: Any, axe_violations: Any, alice: Any
) -> None:
    sign_in("alice@example.no")
    page.goto("/konto/slett/")
    page.get_by_role("button", name="Slett kontoen min").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert axe_violations() == []
    page.get_by_label("Passordet ditt").fill("sokkel-test-pw")
    page.get_by_label("Jeg forstår at kontoen min slettes for godt").check()
    page.get_by_role("button", name="Slett kontoen min").click()
    expect(page.get_by_text("Kontoen din er slettet.")).to_be_visible()
    expect(page.get_by_role("link", name="Logg inn")).to_be_visible()

"""Staff login through OpenID Connect, end to end against a real provider.

The provider is django-oidc-provider in a tiny Django site of its own
(``tests/oidc_provider_site``), started once per test process on 127.0.0.1 with ``python -m
django runserver`` in a separate process with its own environment and SQLite database. Sokkel
runs under pytest-django's live server with OIDC switched on and pointed at it. A ``requests``
session is the browser: it asks Sokkel to sign in, follows to the provider, fills in the
provider's login form, gives consent, and follows the provider back to Sokkel's callback, where
Sokkel exchanges the code for tokens over HTTP (PKCE, the ID token's RS256 signature checked
against the provider's keys) and signs in the person whose e-mail address the provider vouches
for.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

TESTS = Path(__file__).resolve().parents[1]
CLIENT_ID = "sokkel-test"
CLIENT_SECRET = secrets.token_urlsafe(24)
PROVIDER_PASSWORD = "provider-test-pw"
PASSWORD = "sokkel-test-pw"  # the personas' (tests/conftest.py)
BACKEND = "sokkel.people.oidc.PersonByEmail"
#: The provider's users; Sokkel's personas (tests/conftest.py) have some of these addresses.
PROVIDER_USERS = [
    {"username": "alice", "email": "alice@example.no", "first_name": "Alice", "last_name": "Aasen"},
    {"username": "charlie", "email": "Charlie@Example.NO", "first_name": "Charlie"},
    {"username": "bob", "email": "bob@example.no", "first_name": "Bob", "last_name": "Berg"},
    {"username": "rita", "email": "rita@example.no", "verified": False},
    {"username": "ukjent", "email": "ukjent@example.no", "first_name": "Ukjent"},
    {"username": "nina", "email": "Nina.Ny@example.no", "first_name": "Nina", "last_name": "Ny"},
]

UNKNOWN = "Du har ingen konto i Sokkel med e-postadressen fra innloggingen."
DEACTIVATED = "Kontoen din i Sokkel er deaktivert."
UNVERIFIED = "Innloggingstjenesten har ikke bekreftet e-postadressen din"
UNAVAILABLE = "Innloggingstjenesten svarer ikke akkurat nå."


@dataclass(frozen=True)
class Provider:
    url: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def provider(live_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """django-oidc-provider on 127.0.0.1, with a client for Sokkel's live server."""
    workdir = tmp_path_factory.mktemp("oidc-provider")
    # Its own environment: not Sokkel's settings module, database or DEBUG.
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(TESTS),
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "oidc_provider_site.settings",
        "OIDC_PROVIDER_DB": str(workdir / "provider.sqlite3"),
    }
    seed = {
        "client": {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uri": f"{live_server.url}/konto/oidc/callback/",
        },
        "password": PROVIDER_PASSWORD,
        "users": PROVIDER_USERS,
    }
    # migrate, creatersakey, then the client and the users, in one process.
    prepared = subprocess.run(
        [sys.executable, "-m", "oidc_provider_site.seed"],
        env={**env, "OIDC_PROVIDER_URL": "http://127.0.0.1"},
        cwd=workdir,
        input=json.dumps(seed),
        text=True,
        capture_output=True,
    )
    if prepared.returncode != 0:
        pytest.fail(f"the test OpenID Connect provider could not be prepared:\n{prepared.stderr}")
    # A free port may be taken before the server binds it (other processes on this machine):
    # then try another.
    for _attempt in range(3):
        url = f"http://127.0.0.1:{_free_port()}"
        log_path = workdir / "runserver.log"
        with log_path.open("w") as log:
            server = subprocess.Popen(
                [
                    *[sys.executable, "-m", "django", "runserver"],
                    *["--noreload", "--skip-checks", url.removeprefix("http://")],
                ],
                env={**env, "OIDC_PROVIDER_URL": url},
                cwd=workdir,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        if _is_up(f"{url}/openid/.well-known/openid-configuration", server):
            break
        _stop(server)
        if "already in use" not in log_path.read_text():
            break
    else:
        server = None
    if server is None or server.poll() is not None:
        pytest.fail(f"the test OpenID Connect provider did not start:\n{log_path.read_text()}")
    try:
        yield Provider(url)
    finally:
        _stop(server)


def _is_up(url: str, server: subprocess.Popen[bytes]) -> bool:
    """Wait until the provider answers (True), or its process ends (False)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return True
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    return False


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@pytest.fixture
def oidc_on(settings: Any) -> Any:
    """Sokkel with OpenID Connect on, endpoints from the discovery document of a provider that
    is not there: enough for what happens before the provider is asked."""
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = "http://127.0.0.1:9/openid"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_RP_SCOPES = "openid email profile"
    settings.OIDC_USE_PKCE = True
    settings.OIDC_TIMEOUT = 5
    settings.OIDC_CREATE_USER = False
    for name in ["AUTHORIZATION", "TOKEN", "USER", "JWKS"]:
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", "")
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        BACKEND,
        "django.contrib.auth.backends.ModelBackend",
    ]
    return settings


@pytest.fixture
def oidc(oidc_on: Any, provider: Provider) -> Provider:
    """Sokkel under the live server with OpenID Connect pointed at the test provider."""
    oidc_on.OIDC_ISSUER = provider.issuer
    return provider


class _Forms(HTMLParser):
    """The forms of a page: action and the inputs' names and values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action") or "", "fields": {}})
        elif tag == "input" and self.forms and attributes.get("name"):
            if attributes.get("type") != "submit":
                self.forms[-1]["fields"][attributes["name"]] = attributes.get("value") or ""


def _form(response: requests.Response) -> tuple[str, dict[str, str]]:
    parser = _Forms()
    parser.feed(response.text)
    assert parser.forms, f"no form at {response.url}:\n{response.text[:2000]}"
    form = parser.forms[0]
    return urljoin(response.url, form["action"]), dict(form["fields"])


def sign_in(live_server: Any, provider: Provider, username: str, next_url: str = "/") -> Any:
    """Go through the whole login as a browser would; returns the last page and the browser."""
    browser = requests.Session()
    page = browser.get(
        f"{live_server.url}/konto/oidc/authenticate/", params={"next": next_url}, timeout=10
    )
    assert page.url.startswith(f"{provider.url}/login/"), page.url  # the provider's login page
    action, fields = _form(page)
    fields.update(username=username, password=PROVIDER_PASSWORD)
    page = browser.post(action, data=fields, timeout=10)
    assert page.url.startswith(f"{provider.url}/openid/authorize"), page.url
    action, fields = _form(page)  # the provider asks for consent
    page = browser.post(action, data={**fields, "allow": "Authorize"}, timeout=10)
    assert page.url.startswith(live_server.url), page.url  # back in Sokkel
    assert page.status_code == 200, page.text[:2000]
    return page, browser


def signed_in_person_id(browser: requests.Session) -> str | None:
    session_key = browser.cookies.get("sessionid")
    if session_key is None:
        return None
    session = SessionStore(session_key=session_key)
    return session.get("_auth_user_id")


#: The live server and the test share the database: committed transactions (PostgreSQL too).
live = pytest.mark.django_db(transaction=True)


@live
def test_a_person_signs_in_through_the_provider_and_lands_where_they_were_going(
    oidc: Provider, live_server: Any, alice: Any
) -> None:
    page, browser = sign_in(live_server, oidc, "alice", next_url="/konto/mine-data/")
    assert page.url == f"{live_server.url}/konto/mine-data/"
    assert "Innlogget som Alice Aasen" in page.text
    assert signed_in_person_id(browser) == str(alice.pk)
    assert SessionStore(browser.cookies["sessionid"])["_auth_user_backend"] == BACKEND


@live
def test_endpoints_given_one_by_one_and_an_address_in_another_case(
    oidc: Provider, settings: Any, live_server: Any, charlie: Any
) -> None:
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{oidc.issuer}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{oidc.issuer}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{oidc.issuer}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{oidc.issuer}/jwks"
    page, browser = sign_in(live_server, oidc, "charlie")  # Charlie@Example.NO there
    assert page.url == f"{live_server.url}/"
    assert "Innlogget som Charlie Christensen" in page.text
    assert signed_in_person_id(browser) == str(charlie.pk)


@live
def test_an_unknown_address_is_refused_with_a_norwegian_message(
    oidc: Provider, live_server: Any, alice: Any
) -> None:
    from sokkel.people.models import User

    page, browser = sign_in(live_server, oidc, "ukjent")
    assert page.url.startswith(f"{live_server.url}/konto/logg-inn/")
    assert UNKNOWN in page.text
    assert "Innlogget som" not in page.text
    assert signed_in_person_id(browser) is None
    assert not User.objects.filter(email__iexact="ukjent@example.no").exists()


@live
def test_a_deactivated_person_is_refused(oidc: Provider, live_server: Any, bob: Any) -> None:
    bob.is_active = False
    bob.save()
    page, browser = sign_in(live_server, oidc, "bob")
    assert page.url.startswith(f"{live_server.url}/konto/logg-inn/")
    assert DEACTIVATED in page.text
    assert signed_in_person_id(browser) is None


@live
def test_an_address_the_provider_has_not_verified_is_refused(
    oidc: Provider, live_server: Any, researcher: Any
) -> None:
    page, browser = sign_in(live_server, oidc, "rita")  # email_verified: false
    assert UNVERIFIED in page.text
    assert signed_in_person_id(browser) is None


@live
def test_with_create_user_an_unknown_person_gets_an_account_named_from_the_claims(
    oidc: Provider, settings: Any, live_server: Any
) -> None:
    from sokkel.people.models import User

    settings.OIDC_CREATE_USER = True
    page, browser = sign_in(live_server, oidc, "nina")
    nina = User.objects.get(email="nina.ny@example.no")
    assert nina.full_name == "Nina Ny"
    assert not nina.has_usable_password()
    assert "Innlogget som Nina Ny" in page.text
    assert signed_in_person_id(browser) == str(nina.pk)


@live
def test_refused_logins_do_not_lock_the_address_out(
    oidc: Provider, settings: Any, live_server: Any, alice: Any
) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(3):
        page, _browser = sign_in(live_server, oidc, "ukjent")
        assert UNKNOWN in page.text
    page, browser = sign_in(live_server, oidc, "alice")
    assert signed_in_person_id(browser) == str(alice.pk)


def test_password_login_still_works_beside_it(oidc_on: Any, alice: Any) -> None:
    response = Client().post(
        "/konto/logg-inn/?code=x&state=y", {"username": alice.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.wsgi_request.user == alice


@pytest.mark.django_db
def test_an_unreachable_provider_is_logged_and_the_login_page_says_so(
    oidc_on: Any, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from sokkel.people.oidc import PersonByEmail

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/openid"  # nothing listens
    settings.OIDC_ISSUER = closed
    PersonByEmail()  # building the backend reads no endpoint
    with caplog.at_level(logging.ERROR, logger="sokkel.people.oidc"):
        response = Client().get("/konto/oidc/authenticate/", follow=True)
    assert response.redirect_chain[-1][0] == "/konto/logg-inn/"
    assert UNAVAILABLE in response.content.decode()
    assert f"{closed}/.well-known/openid-configuration" in caplog.text


@pytest.mark.django_db
def test_a_login_cancelled_at_the_provider_ends_on_the_login_page(oidc_on: Any) -> None:
    response = Client().get("/konto/oidc/callback/?error=access_denied&state=x", follow=True)
    assert response.redirect_chain[-1][0] == "/konto/logg-inn/"
    assert "Innloggingen ble avbrutt." in response.content.decode()


@pytest.mark.django_db
def test_the_login_page_offers_the_provider_with_the_label_from_the_settings(
    oidc_on: Any, settings: Any
) -> None:
    settings.OIDC_LOGIN_LABEL = "Logg inn med ID-porten"
    page = Client().get("/konto/logg-inn/?next=/sok/").content.decode()
    assert 'href="/konto/oidc/authenticate/?next=/sok/"' in page
    assert "Logg inn med ID-porten" in page
    assert page.index("Logg inn med ID-porten") < page.index('name="password"')
    english = Client()
    english.post("/i18n/setlang/", {"language": "en"})
    assert "Sign in with ID-porten" in english.get("/konto/logg-inn/").content.decode()


@pytest.mark.django_db
def test_without_oidc_there_is_no_button_and_its_urls_answer_404(settings: Any) -> None:
    settings.OIDC_ENABLED = False
    client = Client()
    assert "/konto/oidc/" not in client.get("/konto/logg-inn/").content.decode()
    assert client.get("/konto/oidc/authenticate/").status_code == 404
    assert client.get("/konto/oidc/callback/?code=x&state=y").status_code == 404

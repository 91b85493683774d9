"""Staff login through OpenID Connect (ID-porten, Ansattporten, Entra ID …) with
mozilla-django-oidc.

- ``PersonByEmail``, the authentication backend: after the provider has signed the person in,
  it finds the active person whose e-mail address is the provider's ``email`` claim (in any
  case), refuses an address the provider says is not verified (``email_verified``), refuses a
  deactivated account, and creates a person only when ``OIDC_CREATE_USER`` is on. Sokkel
  stores no national identity number, so a ``pid`` claim is not used (docs/operations.md).
- ``Authenticate`` and ``Callback``, mozilla's two views with small changes: they answer 404
  while OIDC is off, and a refused login lands on the login page with a message that says why.
- The provider's endpoints come from the settings one by one, or else from its discovery
  document, ``{OIDC_ISSUER}/.well-known/openid-configuration``, read at first use and kept
  for the life of the process; reading the settings never touches the network.

The URLs are mozilla's (``konto/oidc/authenticate/``, ``konto/oidc/callback/``), always
routed; the settings ``OIDC_AUTHENTICATE_CLASS`` and ``OIDC_CALLBACK_CLASS`` name these views.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext, gettext_lazy, gettext_noop
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

logger = logging.getLogger(__name__)

#: Each endpoint's setting and its name in the provider's discovery document.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}

#: Labels an installation is likely to give the login button (``OIDC_LOGIN_LABEL``); listed
#: here so that they are translated. Any other label is shown as it is written.
LOGIN_LABELS = [
    gettext_noop("Logg inn med virksomhetskonto"),
    gettext_noop("Logg inn med ID-porten"),
    gettext_noop("Logg inn med Ansattporten"),
]

#: Why a login was refused (the backend notes it on the request), and what the person is told.
REFUSAL_ATTRIBUTE = "sokkel_oidc_refusal"
REFUSALS = {
    "unknown": gettext_lazy(
        "Du har ingen konto i Sokkel med e-postadressen fra innloggingen. Be en administrator "
        "om tilgang, eller logg inn med e-post og passord."
    ),
    "inactive": gettext_lazy(
        "Kontoen din i Sokkel er deaktivert. Ta kontakt med en administrator."
    ),
    "unverified": gettext_lazy(
        "Innloggingstjenesten har ikke bekreftet e-postadressen din, så den kan ikke logge deg "
        "inn i Sokkel."
    ),
    "no_email": gettext_lazy(
        "Innloggingstjenesten sendte ingen e-postadresse, så vi fant ikke kontoen din."
    ),
    "unavailable": gettext_lazy(
        "Innloggingstjenesten svarer ikke akkurat nå. Prøv igjen senere, eller logg inn med "
        "e-post og passord."
    ),
    "cancelled": gettext_lazy("Innloggingen ble avbrutt."),
}
REFUSED = gettext_lazy("Innloggingen mislyktes. Prøv igjen, eller logg inn med e-post og passord.")


class ProviderUnavailable(Exception):
    """The provider's endpoints are unknown: its discovery document could not be read."""


def oidc_enabled() -> bool:
    return bool(getattr(settings, "OIDC_ENABLED", False))


def login_label() -> str:
    """The login button's text: ``OIDC_LOGIN_LABEL``, translated when it is a known label."""
    label = getattr(settings, "OIDC_LOGIN_LABEL", "") or LOGIN_LABELS[0]
    return gettext(label)


def _timeout() -> float:
    return getattr(settings, "OIDC_TIMEOUT", None) or 10


@functools.lru_cache(maxsize=4)
def discover(issuer: str) -> dict[str, Any]:
    """The provider's discovery document, read once per process (a failure is not kept)."""
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(
            url, timeout=_timeout(), verify=getattr(settings, "OIDC_VERIFY_SSL", True)
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.error(
            "OpenID Connect: cannot read the provider's discovery document %s (%s); "
            "check OIDC_ISSUER or set the OIDC_OP_*_ENDPOINT variables",
            url,
            error,
        )
        raise ProviderUnavailable(url) from error
    if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != issuer:
        found = document.get("issuer") if isinstance(document, dict) else None
        logger.error(
            "OpenID Connect: the discovery document %s names the issuer %r, not OIDC_ISSUER=%r",
            url,
            found,
            issuer,
        )
        raise ProviderUnavailable(url)
    return document


def endpoint(name: str, *, required: bool = True) -> str:
    """The provider's endpoint ``name`` (e.g. ``OIDC_OP_TOKEN_ENDPOINT``): the setting when it
    is given, else the discovery document's entry."""
    given = getattr(settings, name, "")
    if given:
        return given
    issuer = getattr(settings, "OIDC_ISSUER", "").rstrip("/")
    if not issuer:
        logger.error("OpenID Connect: neither %s nor OIDC_ISSUER is set", name)
        raise ProviderUnavailable(name)
    found = discover(issuer).get(ENDPOINTS[name]) or ""
    if required and not found:
        logger.error(
            "OpenID Connect: the discovery document of %s has no %s; set %s",
            issuer,
            ENDPOINTS[name],
            name,
        )
        raise ProviderUnavailable(name)
    return found


def _says_no(value: Any) -> bool:
    """True for a claim that is present and false (some providers send the string)."""
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def no_password_attempt(request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
    """For django-axes (``AXES_WHITELIST_CALLABLE``): the OIDC callback's authentication, which
    carries a nonce and no password, is not a password guess, so it is neither counted nor
    locked out; a refused person at an office behind one address would otherwise lock the
    whole office out of OIDC login."""
    return bool(credentials) and "nonce" in credentials and "password" not in credentials


class PersonByEmail(OIDCAuthenticationBackend):
    """Signs in the active person whose e-mail address the provider has verified."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Not mozilla's __init__, which reads every endpoint from the settings at once: Django
        # builds a backend for every request of a signed-in person, so this does no network
        # and never fails; the endpoints are looked up when a login needs them.
        ModelBackend.__init__(self, *args, **kwargs)
        self.OIDC_RP_CLIENT_ID = getattr(settings, "OIDC_RP_CLIENT_ID", "")
        self.OIDC_RP_CLIENT_SECRET = getattr(settings, "OIDC_RP_CLIENT_SECRET", "")
        self.OIDC_RP_SIGN_ALGO = getattr(settings, "OIDC_RP_SIGN_ALGO", "RS256")
        self.OIDC_RP_IDP_SIGN_KEY = getattr(settings, "OIDC_RP_IDP_SIGN_KEY", None)
        self.UserModel = get_user_model()

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:  # mozilla's name
        return endpoint("OIDC_OP_TOKEN_ENDPOINT")

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:
        return endpoint("OIDC_OP_USER_ENDPOINT", required=False)

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return endpoint("OIDC_OP_JWKS_ENDPOINT")

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        # Only the OIDC callback passes a nonce; a password login is none of this backend's
        # business (and must not start a code exchange from its query string).
        if request is None or "nonce" not in kwargs or not oidc_enabled():
            return None
        self.request = request
        try:
            return super().authenticate(request, **kwargs)
        except (ProviderUnavailable, requests.RequestException) as error:
            logger.error("OpenID Connect: login failed talking to the provider: %s", error)
            self._refuse("unavailable")
            return None

    def get_user(self, user_id: Any) -> Any:
        # Django's check, not mozilla's: a deactivated person's session ends too.
        return ModelBackend.get_user(self, user_id)

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """The ID token's claims, with the userinfo endpoint's over them when there is one."""
        if not self.OIDC_OP_USER_ENDPOINT:
            return dict(payload)
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("OIDC userinfo describes another subject than the ID token")
        return {**payload, **userinfo}

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        self._check_id_token(payload)
        claims = self.get_userinfo(access_token, id_token, payload)
        email = str(claims.get("email") or "").strip()
        if not email:
            return self._refuse("no_email")
        if _says_no(claims.get("email_verified")):
            return self._refuse("unverified")
        people = list(self.UserModel.objects.filter(email__iexact=email)[:2])
        if len(people) > 1:
            raise SuspiciousOperation("OIDC: more than one person has this e-mail address")
        if people:
            person = people[0]
            return person if person.is_active else self._refuse("inactive")
        if not getattr(settings, "OIDC_CREATE_USER", False):
            return self._refuse("unknown")
        return self.create_user(claims)

    def create_user(self, claims: dict[str, Any]) -> Any:
        name = claims.get("name") or " ".join(
            str(part) for part in (claims.get("given_name"), claims.get("family_name")) if part
        )
        person = self.UserModel.objects.create_user(
            str(claims["email"]).strip(), None, full_name=str(name or "").strip()[:200]
        )
        logger.info("OpenID Connect: created person %s at their first login", person.pk)
        return person

    def _check_id_token(self, payload: dict[str, Any]) -> None:
        """The ID token must come from ``OIDC_ISSUER`` and be meant for this client (mozilla
        checks its signature and nonce, not these)."""
        issuer = getattr(settings, "OIDC_ISSUER", "").rstrip("/")
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("OIDC ID token from another issuer")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("OIDC ID token meant for another client")

    def _refuse(self, reason: str) -> None:
        logger.info("OpenID Connect: login refused (%s)", reason)
        setattr(self.request, REFUSAL_ATTRIBUTE, reason)
        return None


def _to_login_page(request: HttpRequest, message: str) -> HttpResponse:
    messages.error(request, message)
    return HttpResponseRedirect(
        resolve_url(getattr(settings, "LOGIN_REDIRECT_URL_FAILURE", "login"))
    )


class Authenticate(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (mozilla's view, with the endpoint found lazily)."""

    def __init__(self, **kwargs: Any) -> None:
        # Not mozilla's __init__, which wants OIDC_OP_AUTHORIZATION_ENDPOINT in the settings.
        View.__init__(self, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable:
            return _to_login_page(request, str(REFUSALS["unavailable"]))
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class Callback(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back; a refusal ends on the login page."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404
        return super().get(request)

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, REFUSAL_ATTRIBUTE, None)
        if reason is None and self.request.GET.get("error") == "access_denied":
            reason = "cancelled"
        return _to_login_page(self.request, str(REFUSALS.get(reason or "", REFUSED)))

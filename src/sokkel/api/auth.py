"""Who is calling the API: a Bearer ``ApiToken``, a signed-in session (with CSRF), or nobody.

Write endpoints use :data:`SIGNED_IN` (a token or a session; otherwise HTTP 401). Read
endpoints use :data:`ANYONE`, which also lets anonymous visitors in, so that drafts are shown
exactly to those who may see them. An invalid token is always refused with 401, never
silently treated as anonymous.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from sokkel.people.models import ApiToken


class BearerToken(HttpBearer):
    """``Authorization: Bearer sokkel_…``: a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = ApiToken.authenticate(token)
        if user is None:
            raise AuthenticationError(message=_("API-nøkkelen er ugyldig eller trukket tilbake."))
        request.user = user
        return user


class SessionWithCsrf(APIKeyCookie):
    """A signed-in browser session; unsafe methods must carry Django's CSRF token."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise HttpError(
                403,
                _(
                    "CSRF-sjekken feilet. Send med CSRF-nøkkelen (X-CSRFToken) "
                    "eller bruk en API-nøkkel."
                ),
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if user.is_authenticated and user.is_active else None


def anonymous(request: HttpRequest) -> AnonymousUser:
    """Let anybody through as an anonymous visitor (read endpoints only)."""
    return AnonymousUser()


SIGNED_IN = [BearerToken(), SessionWithCsrf()]
ANYONE = [BearerToken(), SessionWithCsrf(), anonymous]


def caller(request: HttpRequest) -> Any:
    """The person (or ``AnonymousUser``) the request was authenticated as."""
    return request.auth  # type: ignore[attr-defined]

"""The refusals every service of the platform raises, and the pages and the API answer.

A service checks who acts before anything else and raises :class:`NotAllowed` (HTTP 403:
pages answer it in :class:`sokkel.config.middleware.RefuseNotAllowed`, the API in its own
handler); a write that cannot be done as asked raises a :class:`ServiceError` (or
:class:`InvalidInput`), whose message the page or the API shows. The two are separate, so a
view that shows a service's refusal as a message never swallows a missing permission.
"""

from __future__ import annotations

from django.utils.translation import gettext as _


class Refusal(Exception):
    """A refused write; ``message`` is a translated sentence for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(Refusal):
    """The person may not do this (HTTP 403)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("Du har ikke tilgang til å gjøre dette."))


class ServiceError(Refusal):
    """The write cannot be done as asked (HTTP 409 unless a subclass says otherwise)."""


class InvalidInput(ServiceError):
    """Some fields are invalid; ``errors`` maps each field to its messages (HTTP 400)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(_("Noen av feltene må rettes."))
        self.errors = errors


def require(allowed: bool, message: str | None = None) -> None:
    """Raise :class:`NotAllowed` (with ``message``) unless ``allowed``."""
    if not allowed:
        raise NotAllowed(message)

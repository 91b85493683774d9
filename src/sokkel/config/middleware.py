"""Middleware of the pages (PAGES) and of every request."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import HttpRequest, HttpResponse

from sokkel.config.errors import too_large
from sokkel.core.errors import NotAllowed


class RefuseTooLarge:
    """Answer 413 to a request whose declared body is larger than the site takes, before
    anything reads it (``DATA_UPLOAD_MAX_MEMORY_SIZE``; Django alone answers such a body with
    a 400 «RequestDataTooBig» page, or lets the view fail)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = request.META.get("CONTENT_LENGTH", "")
        if length.isdigit() and int(length) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return too_large(request)
        return self.get_response(request)


class BokmalUnlessChosen:
    """Speak Norwegian bokmål unless the person chose another language.

    Django's ``LocaleMiddleware`` would follow the browser's ``Accept-Language``; Sokkel
    starts everyone in bokmål and lets them switch (``set_language`` stores the choice in a
    cookie, which ``LocaleMiddleware`` still reads). Put this just before it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RefuseNotAllowed:
    """Answer a service's :class:`~sokkel.core.errors.NotAllowed` on a page as Django's 403,
    with its message, so no view has to."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotAllowed):
            return response_for_exception(request, PermissionDenied(exception.message))
        return None

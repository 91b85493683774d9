"""Middleware of the pages (PAGES)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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

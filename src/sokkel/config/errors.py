"""The error responses of the whole site: Norwegian pages, JSON under ``/api/``.

Django calls these for errors no view answers itself (``handler400`` … in ``urls.py``); the
API's own views answer theirs in the same JSON shape (``{"message": …}``). A request body over
the limit is refused with 413 wherever it is noticed (:class:`RefuseTooLarge`, or Django's
``RequestDataTooBig`` when a body without a length grows past it).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _answer(
    request: HttpRequest, status: int, template: str, message: str, **context: object
) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"message": message}, status=status)
    return render(request, template, {"message": message, **context}, status=status)


def too_large(request: HttpRequest) -> HttpResponse:
    """413: the body is larger than the site takes."""
    return _answer(
        request,
        413,
        "413.html",
        _("Det du sendte er for stort (over %(size)s MB). Korte ned teksten og prøv igjen.")
        % {"size": _megabytes()},
    )


def _megabytes() -> str:
    return f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_048_576:.1f}".replace(".", ",")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    return _answer(request, 400, "400.html", _("Forespørselen kunne ikke leses."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception or "")
    return _answer(
        request, 403, "403.html", reason or _("Du har ikke tilgang til dette."), exception=reason
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, 404, "404.html", _("Fant ikke det du ba om."))


def server_error(request: HttpRequest) -> HttpResponse:
    """500, without the base template: whatever failed may fail again while rendering it."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"message": _("Serveren fikk en feil. Prøv igjen om litt.")}, status=500
        )
    return render(request, "500.html", status=500)

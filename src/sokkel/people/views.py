"""A person's own pages (download my data, delete my account) and the statements about
privacy and accessibility that every visitor may read."""

from __future__ import annotations

import datetime
import json
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sokkel.people import oidc, services
from sokkel.people.forms import DeleteAccountForm
from sokkel.people.models import PasswordResetRequest

#: When the accessibility statement was last checked against the pages (Digdir asks for it).
ACCESSIBILITY_STATEMENT_UPDATED = datetime.date(2026, 12, 6)


def contact_email() -> str:
    """Where people write about privacy and accessibility."""
    return getattr(settings, "SOKKEL_CONTACT_EMAIL", settings.DEFAULT_FROM_EMAIL)


# --- public statements ---------------------------------------------------------------------------


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/privacy.html",
        {
            "contact_email": contact_email(),
            "session_days": settings.SESSION_COOKIE_AGE // 86_400,
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/accessibility.html",
        {"contact_email": contact_email(), "updated": ACCESSIBILITY_STATEMENT_UPDATED},
    )


# --- the person's own data ------------------------------------------------------------------------


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """GET: what the download holds; POST (with the CSRF token): the JSON file itself."""
    if request.method != "POST":
        return render(request, "people/my_data.html")
    data = services.export_personal_data(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"sokkel-mine-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = DeleteAccountForm(data, person=request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(request.user)
        logout(request)
        messages.success(request, _("Kontoen din er slettet."))
        return redirect("home")
    return render(
        request,
        "people/delete_account.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# --- sign in -------------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's login page; with OpenID Connect on, its button above the password form."""

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = oidc.oidc_enabled()
        if context["oidc_enabled"]:
            context["oidc_login_label"] = oidc.login_label()
        return context


class PasswordResetView(auth_views.PasswordResetView):
    """Django's «forgot password» page, throttled: a few mails an hour to one address, and
    a few requests an hour from one asker (:class:`PasswordResetRequest`); past that, 429."""

    def form_valid(self, form: Any) -> HttpResponse:
        asked_from = get_client_ip_address(self.request)
        if not PasswordResetRequest.allow(form.cleaned_data["email"], asked_from):
            return render(self.request, "registration/password_reset_throttled.html", status=429)
        return super().form_valid(form)

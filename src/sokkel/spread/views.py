"""Spread pages: record an adoption, follow things, leaders' suggestions, unsubscribe."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sokkel.core.errors import InvalidInput
from sokkel.innovations.forms import put_service_errors
from sokkel.innovations.models import Innovation
from sokkel.spread import digest, services
from sokkel.spread.forms import AdoptionEffectForm, AdoptionForm, FollowForm
from sokkel.spread.matching import innovations_to_know_about
from sokkel.spread.models import Adoption, AdoptionEffect, Follow


@login_required
def adopt(request: HttpRequest, slug: str) -> HttpResponse:
    innovation = get_object_or_404(Innovation.objects.published(), slug=slug)
    units = services.adoptable_units(request.user).exclude(pk__in=innovation.units.all())
    data = request.POST if request.method == "POST" else None
    form = AdoptionForm(data, units=units, initial={"adopted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            adoption = services.record_adoption(innovation, by=request.user, **form.cleaned_data)
        except InvalidInput as error:
            put_service_errors(form, error.errors)
        else:
            messages.success(
                request,
                _("Takk! Gjenbruken er registrert. Legg gjerne inn effektene dere har sett."),
            )
            return redirect("spread-adoption-effect", slug=innovation.slug, adoption_id=adoption.pk)
    return render(
        request,
        "spread/adopt.html",
        {"form": form, "innovation": innovation, "has_units": units.exists()},
        status=400 if form.errors else 200,
    )


def editable_adoption(request: HttpRequest, slug: str, adoption_id: int) -> Adoption:
    """A published innovation's adoption whose effects the user may record (403 if not)."""
    adoption = get_object_or_404(
        Adoption.objects.select_related("innovation", "unit"),
        pk=adoption_id,
        innovation__slug=slug,
        innovation__is_published=True,
    )
    services.require_adoption_editor(request.user, adoption)
    return adoption


@login_required
def adoption_effect_add(request: HttpRequest, slug: str, adoption_id: int) -> HttpResponse:
    adoption = editable_adoption(request, slug, adoption_id)
    innovation = adoption.innovation
    indicators = list(
        dict.fromkeys(services.measured_effects(innovation).values_list("name", flat=True))
    )
    data = request.POST if request.method == "POST" else None
    form = AdoptionEffectForm(data, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_adoption_effect(adoption, by=request.user, **form.cleaned_data)
        except InvalidInput as error:
            put_service_errors(form, error.errors)
        else:
            messages.success(request, _("Effekten er lagt til."))
            return redirect(innovation)
    context = {
        "form": form,
        "innovation": innovation,
        "adoption": adoption,
        "indicators": indicators,
    }
    return render(
        request, "spread/adoption_effect_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def adoption_effect_remove(
    request: HttpRequest, slug: str, adoption_id: int, effect_id: int
) -> HttpResponse:
    adoption = editable_adoption(request, slug, adoption_id)
    effect = get_object_or_404(AdoptionEffect, pk=effect_id, adoption=adoption)
    services.remove_adoption_effect(effect, by=request.user)
    messages.success(request, _("Effekten %(name)s er fjernet.") % {"name": effect.name})
    return redirect(adoption.innovation)


@login_required
def follows(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow(request.user, **form.cleaned_data)
        except InvalidInput as error:
            put_service_errors(form, error.errors)
        else:
            messages.success(request, _("Du følger nå dette og får det med i ukens e-post."))
            return redirect("spread-follows")
    subscription = getattr(request.user, "digest", None)
    context = {
        "form": form,
        "follows": Follow.objects.filter(person=request.user).select_related("tag", "unit"),
        "is_subscribed": subscription is None or subscription.is_subscribed,
    }
    return render(request, "spread/follows.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def unfollow(request: HttpRequest, follow_id: int) -> HttpResponse:
    found = get_object_or_404(Follow, pk=follow_id, person=request.user)
    services.unfollow(found, by=request.user)
    messages.success(request, _("Du følger ikke lenger %(target)s.") % {"target": found.target})
    return redirect("spread-follows")


@login_required
def for_my_units(request: HttpRequest) -> HttpResponse:
    suggestions = innovations_to_know_about(request.user)
    return render(request, "spread/for_my_units.html", {"suggestions": suggestions})


@csrf_exempt  # the signed token in the link is the proof; mail clients POST without a form
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The digest's unsubscribe link: a page with one button (and RFC 8058 one-click POST)."""
    person = digest.person_from_token(token)
    if person is None:
        raise Http404
    if request.method == "POST":
        digest.unsubscribe(person)
        return render(request, "spread/unsubscribed.html", {"person": person})
    return render(request, "spread/unsubscribe.html", {"person": person})

"""Server-rendered pages about innovations.

Every view is thin: it finds the innovation among those the user may see, validates the
form, checks the model's ``can_*`` rule and calls one function of
:mod:`sokkel.innovations.services`. Service errors become a message on the page, a form
error, or HTTP 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sokkel.core.errors import InvalidInput, ServiceError
from sokkel.innovations import public, services
from sokkel.innovations.forms import (
    CreateInnovationForm,
    EditInnovationForm,
    EffectForm,
    InnovationFilterForm,
    PhaseForm,
    TeamMemberForm,
    WithdrawForm,
    put_service_errors,
)
from sokkel.innovations.models import Gain, Innovation, Kudos, Phase, TeamMember
from sokkel.search.query import Query, hits_slice, parse, search, with_snippets
from sokkel.units.models import Unit

PAGE_SIZE = 20
#: A page number past this is taken as past the last page (an offset the database can hold).
MAX_PAGE = 100_000
HOME_CARDS = 6


class LinkedPage(Page):
    """A page that knows which page numbers its navigation links to."""

    @property
    def links(self) -> list[int | str]:
        """The first and last page and two on each side of this one, gaps as an ellipsis.

        Looping over every page number in the template took ~100 ms with 5,000 pages.
        """
        return list(self.paginator.get_elided_page_range(self.number, on_each_side=2, on_ends=1))


class LinkedPaginator(Paginator):
    """Pages that link to their neighbours; ``count``, when known, spares a COUNT query."""

    def __init__(self, object_list: Any, per_page: int, *, count: int | None = None) -> None:
        super().__init__(object_list, per_page)
        if count is not None:
            self.count = count

    def _get_page(self, *args: Any, **kwargs: Any) -> LinkedPage:
        return LinkedPage(*args, **kwargs)


def paginate(request: HttpRequest, queryset: QuerySet, size: int = PAGE_SIZE) -> Page:
    """The page of ``queryset`` asked for by ``?side=`` (the first one if it is not valid)."""
    return LinkedPaginator(queryset, size).get_page(request.GET.get("side"))


def posted(request: HttpRequest) -> Any:
    """The submitted data of a POST (even an empty one), else ``None`` for an unbound form."""
    return request.POST if request.method == "POST" else None


def cards(queryset: QuerySet[Innovation]) -> QuerySet[Innovation]:
    """What an innovation card shows, fetched in few queries."""
    return queryset.prefetch_related("units").annotate(kudos_count=Count("kudos", distinct=True))


def card_page(
    request: HttpRequest,
    innovations: QuerySet[Innovation],
    query: Query | None = None,
    *,
    narrowed: bool = False,
) -> Page:
    """One page of innovation cards, newest first or, with a search ``query``, best hit first.

    A search's hits are all published, which everyone may see: only when ``narrowed`` (by a
    filter) must they meet ``innovations``.

    Sorts and counts only ids, then fetches the shown rows: sorting whole rows made SQLite
    take over 200 ms with 100,000 innovations (benchmarks/search_100k.py). Search hits are
    counted while they are ranked (:func:`sokkel.search.query.hits_slice`).
    """
    number = request.GET.get("side", "1")
    count = None
    if query is not None and number.isdecimal() and 1 <= int(number) <= MAX_PAGE:
        start = (int(number) - 1) * PAGE_SIZE
        within = innovations if narrowed else None
        ids, count = hits_slice(query, start, start + PAGE_SIZE, within=within)
    if count is not None:
        page = LinkedPaginator([], PAGE_SIZE, count=count).get_page(number)
    else:  # no search, or no hit where asked: the paginator counts and finds the page
        if query is not None:
            rows = search(innovations, query).values_list("pk", "search_rank")
        else:
            rows = innovations.order_by("-updated_at", "-pk").values_list("pk")
        page = LinkedPaginator(rows, PAGE_SIZE).get_page(number)
        ids = [row[0] for row in page.object_list]
    found = Innovation.objects.in_bulk(ids)
    page.object_list = with_kudos_counts([found[pk] for pk in ids])
    return page


def with_kudos_counts(innovations: list[Innovation]) -> list[Innovation]:
    """The cards of one page: units and kudos counts fetched for these innovations only.

    Counting in the list query itself needs a GROUP BY over every match, which took over a
    second with 100,000 innovations (benchmarks/search_100k.py).
    """
    prefetch_related_objects(innovations, "units")
    counts = dict(
        Kudos.objects.filter(innovation__in=innovations)
        .values("innovation")
        .annotate(n=Count("pk"))
        .values_list("innovation", "n")
    )
    for innovation in innovations:
        innovation.kudos_count = counts.get(innovation.pk, 0)  # type: ignore[attr-defined]
    return innovations


def visible_innovation(request: HttpRequest, slug: str) -> Innovation:
    """The innovation if the user may see it; 404 otherwise (drafts stay hidden)."""
    innovations = Innovation.objects.visible_to(request.user)
    return get_object_or_404(
        innovations.select_related("created_by", "sponsor", "withdrawn_by"), slug=slug
    )


def editable_innovation(request: HttpRequest, slug: str) -> Innovation:
    innovation = visible_innovation(request, slug)
    if not innovation.can_edit(request.user):
        raise PermissionDenied
    return innovation


def home(request: HttpRequest) -> HttpResponse:
    return public.page(request, _("Førstelinjas nyskaping"), "innovations/home.html", home_context)


def home_context() -> dict[str, Any]:
    published = Innovation.objects.published()
    counts = dict(
        published.order_by().values("phase").annotate(n=Count("pk")).values_list("phase", "n")
    )
    celebrated = (
        cards(published)
        .annotate(last_kudos=Max("kudos__created_at"))
        .filter(last_kudos__isnull=False)
        .order_by("-last_kudos")[:HOME_CARDS]
    )
    shared = (
        cards(published.filter(phase=Phase.SHARED))
        .annotate(shared_at=Max("transitions__at", filter=Q(transitions__to_phase=Phase.SHARED)))
        .order_by(F("shared_at").desc(nulls_last=True), "-updated_at")[:HOME_CARDS]
    )
    phase_counts = [(value, label, counts.get(value, 0)) for value, label in Phase.choices]
    return {
        "phase_counts": phase_counts,
        "celebrated": celebrated,
        "shared": shared,
        "total": sum(counts.values()),
    }


def filtered(form: InnovationFilterForm, queryset: QuerySet[Innovation]) -> QuerySet[Innovation]:
    """``queryset`` narrowed by the list's filters (the search ``q`` is :func:`card_page`'s)."""
    data = form.cleaned_data
    if data.get("phase"):
        queryset = queryset.filter(phase=data["phase"])
    if data.get("sector"):
        queryset = queryset.filter(sector=data["sector"])
    if data.get("unit"):
        queryset = queryset.in_unit(data["unit"])
    if data.get("evidence_level"):
        queryset = queryset.filter(evidence_level=data["evidence_level"])
    return queryset


def innovation_list(request: HttpRequest) -> HttpResponse:
    return public.page(
        request, _("Innovasjoner"), "innovations/list.html", lambda: list_context(request)
    )


def list_context(request: HttpRequest) -> dict[str, Any]:
    form = InnovationFilterForm(request.GET or None)
    innovations = Innovation.objects.visible_to(request.user)
    query, narrowed = None, False
    if form.is_bound and form.is_valid():
        innovations, narrowed = filtered(form, innovations), form.narrows()
        text = form.cleaned_data.get("q") or ""
        query = parse(text, innovations.db) if text.strip() else None
    page = card_page(request, innovations, query, narrowed=narrowed)
    if query is not None:
        page.object_list = with_snippets(page.object_list, query)
    suggestion = query.suggestion if query is not None else ""
    context = {"form": form, "page": page, "query": query, "suggestion": suggestion}
    if suggestion:
        context["suggestion_url"] = "?" + _with_q(request, suggestion)
    return context


def _with_q(request: HttpRequest, text: str) -> str:
    """The list's query string with the search ``text`` instead, from the first page."""
    params = request.GET.copy()
    params["q"] = text
    params.pop("side", None)
    return params.urlencode()


def innovation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    innovation = visible_innovation(request, slug)
    return public.page(
        request,
        innovation.title,
        "innovations/detail.html",
        lambda: detail_context(request, innovation),
    )


def detail_context(request: HttpRequest, innovation: Innovation) -> dict[str, Any]:
    user = request.user
    # The units once, for the page and for every "does the user lead it" below.
    units = Unit.objects.select_related("parent").order_by("path")
    prefetch_related_objects([innovation], Prefetch("units", units))
    can_edit = innovation.can_edit(user)
    index = innovation.phase_index
    next_phase = Phase.order()[index + 1] if index + 1 < len(Phase.order()) else None
    return {
        "innovation": innovation,
        "units": innovation.units.all(),
        "team": innovation.team.select_related("person"),
        "effects": innovation.effects.all(),
        "journey": innovation.transitions.select_related("by"),
        "tags": innovation.tags.all(),
        "gains": [Gain(gain).label for gain in innovation.gains or [] if gain in Gain.values],
        "phases": Phase.choices,
        "kudos_count": innovation.kudos.count(),
        "can_edit": can_edit,
        "can_anchor": innovation.can_anchor(user) and innovation.sponsor_id != user.pk,
        "can_withdraw": innovation.can_withdraw(user),
        "can_give_kudos": innovation.can_give_kudos(user),
        "can_see_audit": innovation.can_see_audit(user),
        "next_phase": Phase(next_phase) if next_phase else None,
        "next_blockers": (
            services.phase_blockers(innovation, next_phase) if can_edit and next_phase else []
        ),
        "team_form": TeamMemberForm() if can_edit else None,
    }


@login_required
def innovation_create(request: HttpRequest) -> HttpResponse:
    home_unit = request.user.home_unit
    initial = {"units": [home_unit], "sector": home_unit.sector} if home_unit else {}
    form = CreateInnovationForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            innovation = services.create_innovation(by=request.user, **data)
        except InvalidInput as error:
            put_service_errors(form, error.errors)
        else:
            messages.success(request, _("Takk! Historien er lagret."))
            return redirect(innovation)
    return render(
        request, "innovations/create.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def innovation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    innovation = editable_innovation(request, slug)
    initial = EditInnovationForm.initial_for(innovation)
    form = EditInnovationForm(posted(request), initial=initial)
    status, stale = 200, False
    if request.method == "POST" and form.is_valid():
        try:
            services.update_innovation(
                innovation,
                by=request.user,
                version=form.cleaned_data["version"],
                **form.service_fields(),
            )
        except services.StaleEdit as error:
            stale, status = True, 409
            form.add_error(None, error.message)
        except InvalidInput as error:
            put_service_errors(form, error.errors)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect(innovation)
    if form.errors and not stale:
        status = 400
    return render(
        request,
        "innovations/edit.html",
        {"form": form, "innovation": innovation, "stale": stale},
        status=status,
    )


@login_required
def team_add(request: HttpRequest, slug: str) -> HttpResponse:
    innovation = editable_innovation(request, slug)
    form = TeamMemberForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.add_team_member(
                innovation,
                by=request.user,
                actor_type=data["actor_type"],
                person=data["person"],
                name=data["name"].strip(),
                role=data["role"],
                organisation=data["organisation"],
            )
        except InvalidInput as error:
            put_service_errors(form, error.errors)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            message = _("%(name)s er med i teamet.") % {"name": member.display_name}
            if request.htmx:
                return render_team(request, innovation, TeamMemberForm(), message)
            messages.success(request, message)
            return redirect(innovation)
    status = 400 if form.errors else 200
    if request.htmx:
        return render_team(request, innovation, form, status=status)
    return render(
        request,
        "innovations/team_form.html",
        {"form": form, "innovation": innovation},
        status=status,
    )


def render_team(
    request: HttpRequest,
    innovation: Innovation,
    form: TeamMemberForm,
    message: str = "",
    status: int = 200,
) -> HttpResponse:
    """The team section of the innovation page, for htmx to swap in."""
    context = {
        "innovation": innovation,
        "team": innovation.team.select_related("person"),
        "can_edit": True,
        "team_form": form,
        "team_message": message,
    }
    return render(request, "innovations/_team.html", context, status=status)


@login_required
@require_POST
def team_remove(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    innovation = editable_innovation(request, slug)
    member = get_object_or_404(TeamMember, pk=member_id, innovation=innovation)
    try:
        services.remove_team_member(member, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(name)s er tatt ut av teamet.") % {"name": member.display_name}
        )
    return redirect(innovation)


@login_required
def effect_add(request: HttpRequest, slug: str) -> HttpResponse:
    innovation = editable_innovation(request, slug)
    form = EffectForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_effect(innovation, by=request.user, **form.cleaned_data)
        except InvalidInput as error:
            put_service_errors(form, error.errors)
        else:
            messages.success(request, _("Effekten er lagt til."))
            return redirect(innovation)
    return render(
        request,
        "innovations/effect_form.html",
        {"form": form, "innovation": innovation},
        status=400 if form.errors else 200,
    )


@login_required
def phase_move(request: HttpRequest, slug: str) -> HttpResponse:
    innovation = editable_innovation(request, slug)
    form = PhaseForm(
        posted(request), innovation=innovation, initial={"to_phase": request.GET.get("til")}
    )
    missing: list[str] = []
    if request.method == "POST" and form.is_valid():
        to_phase = form.cleaned_data["to_phase"]
        try:
            services.move_phase(
                innovation, by=request.user, to_phase=to_phase, note=form.cleaned_data["note"]
            )
        except services.PhaseRuleError as error:
            missing = list(error.missing) or [error.message]
        else:
            messages.success(
                request,
                _("Innovasjonen er flyttet til fasen «%(phase)s».")
                % {"phase": Phase(to_phase).label},
            )
            return redirect(innovation)
    blockers = [
        (Phase(value), services.phase_blockers(innovation, value))
        for value, _label in form.fields["to_phase"].choices
    ]
    return render(
        request,
        "innovations/phase_form.html",
        {"form": form, "innovation": innovation, "missing": missing, "blockers": blockers},
        status=400 if missing or form.errors else 200,
    )


@login_required
@require_POST
def anchor(request: HttpRequest, slug: str) -> HttpResponse:
    innovation = visible_innovation(request, slug)
    if not innovation.can_anchor(request.user):
        raise PermissionDenied
    try:
        services.anchor_innovation(innovation, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Du har forankret innovasjonen og er nå sponsor for den."))
    return redirect(innovation)


@login_required
@require_POST
def kudos(request: HttpRequest, slug: str) -> HttpResponse:
    innovation = visible_innovation(request, slug)
    message, status = "", 200
    try:
        services.give_kudos(innovation, by=request.user)
    except ServiceError as error:
        message, status = error.message, 400
    else:
        message = _("Takk for heiaropet!")
    if request.htmx:
        context = {
            "innovation": innovation,
            "kudos_count": innovation.kudos.count(),
            "can_give_kudos": innovation.can_give_kudos(request.user),
            "kudos_message": message,
        }
        return render(request, "innovations/_kudos.html", context, status=status)
    if status == 200:
        messages.success(request, message)
    else:
        messages.error(request, message)
    return redirect(innovation)


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    innovation = editable_innovation(request, slug)
    try:
        services.publish_innovation(innovation, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Historien er publisert, og alle kan lese den."))
    return redirect(innovation)


@login_required
def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    innovation = visible_innovation(request, slug)
    if not innovation.can_withdraw(request.user):
        raise PermissionDenied
    refusal = services.withdrawal_refusal(innovation)
    if refusal:
        messages.error(request, refusal)
        return redirect(innovation)
    form = WithdrawForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_innovation(
                innovation, by=request.user, reason=form.cleaned_data["reason"]
            )
        except InvalidInput as error:
            put_service_errors(form, error.errors)
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect(innovation)
        else:
            messages.success(
                request, _("Innovasjonen er trukket tilbake. Bare teamet og lederne ser den nå.")
            )
            return redirect(innovation)
    return render(
        request,
        "innovations/withdraw_form.html",
        {"form": form, "innovation": innovation},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def restore(request: HttpRequest, slug: str) -> HttpResponse:
    innovation = visible_innovation(request, slug)
    if not innovation.can_withdraw(request.user):
        raise PermissionDenied
    try:
        services.restore_innovation(innovation, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Innovasjonen er publisert igjen, og alle kan lese den."))
    return redirect(innovation)


@login_required
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    innovation = visible_innovation(request, slug)
    if not innovation.can_see_audit(request.user):
        raise PermissionDenied
    page = paginate(request, innovation.audit_entries.select_related("actor"), size=50)
    return render(request, "innovations/audit.html", {"innovation": innovation, "page": page})

"""The ``NinjaAPI`` instance, its JSON error responses and its routes.

Errors are always ``{"message": ..., "errors"?: {field: [messages]}}``: 400 for invalid
input and refused phase moves, 401 when nobody is signed in, 403 when the caller may not
do it, 404 for what does not exist or is not visible to the caller, 409 for a stale edit
or something already done (a second kudos).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sokkel.api.auth import ANYONE, SIGNED_IN, caller
from sokkel.api.schemas import (
    EDIT_ERRORS,
    READ_ERRORS,
    EffectIn,
    InnovationDetail,
    InnovationIn,
    InnovationList,
    InnovationPatch,
    PhaseMoveIn,
    PhaseName,
    TeamMemberIn,
    UnitOut,
    WithdrawIn,
)
from sokkel.api.serialise import innovation_detail, innovation_item, unit_out
from sokkel.api.spread import router as spread_router
from sokkel.core.errors import InvalidInput, NotAllowed, ServiceError
from sokkel.innovations import services
from sokkel.innovations.models import Innovation
from sokkel.innovations.services import PhaseRuleError, StaleEdit
from sokkel.people.models import User
from sokkel.search.query import hits_slice, parse, search
from sokkel.units.models import Unit

api = NinjaAPI(
    title="Sokkel API",
    version="1",
    description=(
        "Front-line innovations in the Norwegian public sector: their stories, teams, "
        "effects and journeys through the phases discovered → tried → understood → shared.\n\n"
        "Reading is open: anonymous callers see published innovations; signed-in callers "
        "also see the drafts they may see. Writing needs a signed-in session (send Django's "
        "CSRF token in `X-CSRFToken`) or a personal token: `Authorization: Bearer sokkel_…` "
        "(administrators issue tokens in the admin). Errors are JSON "
        '`{"message": ..., "errors": {field: [messages]}}` with status 400, 401, 403, 404 '
        "or 409. Messages are in the request's language (Norwegian bokmål by default)."
    ),
    urls_namespace="api-v1",
)
api.add_router("", spread_router)

MAX_LIMIT = 100
#: An offset past this is refused (the databases hold offsets far larger; no list is this long).
MAX_OFFSET = 10_000_000


# --- errors --------------------------------------------------------------------------------


def _error(
    request: HttpRequest, status: int, message: str, errors: dict[str, list[str]] | None = None
) -> HttpResponse:
    body: dict[str, Any] = {"message": message}
    if errors:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(NotAllowed)
def not_allowed(request: HttpRequest, error: NotAllowed) -> HttpResponse:
    return _error(request, 403, error.message)


@api.exception_handler(ServiceError)
def service_error(request: HttpRequest, error: ServiceError) -> HttpResponse:
    if isinstance(error, StaleEdit):
        return _error(request, 409, error.message)
    if isinstance(error, PhaseRuleError):
        return _error(request, 400, error.message, {"to": error.missing})
    if isinstance(error, InvalidInput):
        return _error(request, 400, error.message, error.errors)
    return _error(request, 409, error.message)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for problem in error.errors:
        location = [str(part) for part in problem.get("loc", ()) if part not in ("body", "query")]
        field = ".".join(location[1:] if location[:1] == ["payload"] else location) or "request"
        errors.setdefault(field, []).append(str(problem.get("msg", "")))
    return _error(request, 400, _("Forespørselen er ugyldig."), errors)


@api.exception_handler(AuthenticationError)
def not_signed_in(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    message = str(error)
    if message == "Unauthorized":
        message = _("Du må logge inn (eller bruke en API-nøkkel) for å gjøre dette.")
    return _error(request, 401, message)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return _error(request, error.status_code, str(error))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return _error(request, 404, _("Fant ikke det du ba om."))


# --- units ---------------------------------------------------------------------------------


@api.get("/units", response=list[UnitOut], auth=ANYONE, tags=["units"])
def list_units(request: HttpRequest) -> list[dict[str, Any]]:
    """Every unit, parents before children."""
    return [unit_out(unit) for unit in Unit.objects.select_related("parent").order_by("path")]


# --- innovations ---------------------------------------------------------------------------


class InnovationFilters(Schema):
    phase: PhaseName | None = None
    sector: str | None = None
    unit: str | None = None
    evidence_level: int | None = None
    q: str | None = None
    limit: int = 20
    offset: int = 0

    def narrows(self) -> bool:
        """Whether a filter other than the search ``q`` is set."""
        return bool(self.phase or self.sector or self.unit) or self.evidence_level is not None


def _visible(request: HttpRequest) -> Any:
    return Innovation.objects.visible_to(caller(request))


def _get_visible(request: HttpRequest, innovation_id: int) -> Innovation:
    return get_object_or_404(_visible(request), pk=innovation_id)


def _filtered(request: HttpRequest, filters: InnovationFilters) -> Any:
    innovations = _visible(request)
    if filters.phase:
        innovations = innovations.filter(phase=filters.phase)
    if filters.sector:
        innovations = innovations.filter(sector=filters.sector)
    if filters.evidence_level is not None:
        innovations = innovations.filter(evidence_level=filters.evidence_level)
    if filters.unit:
        unit = Unit.objects.filter(key=filters.unit).first()
        if unit is None:
            raise InvalidInput({"unit": [_("Ukjent enhet: %(key)s.") % {"key": filters.unit}]})
        innovations = innovations.filter(pk__in=Innovation.objects.in_unit(unit).values("pk"))
    return innovations


@api.get(
    "/innovations", response={200: InnovationList, **READ_ERRORS}, auth=ANYONE, tags=["innovations"]
)
def list_innovations(request: HttpRequest, filters: Query[InnovationFilters]) -> dict[str, Any]:
    """Innovations the caller may see, newest change first.

    ``unit`` includes its sub-units; ``q`` searches published innovations (title, story,
    effects, tags, unit names; Norwegian inflections find each other) and ranks them best
    first.
    """
    errors: dict[str, list[str]] = {}
    if not 1 <= filters.limit <= MAX_LIMIT:
        errors["limit"] = [_("Velg et tall fra 1 til %(max)s.") % {"max": MAX_LIMIT}]
    if not 0 <= filters.offset <= MAX_OFFSET:
        errors["offset"] = [_("Velg et tall fra 0 til %(max)s.") % {"max": MAX_OFFSET}]
    if errors:
        raise InvalidInput(errors)
    innovations = _filtered(request, filters)
    start, stop = filters.offset, filters.offset + filters.limit
    if not filters.q:
        page = innovations.prefetch_related("units")[start:stop]
        return {"count": innovations.count(), "items": [innovation_item(item) for item in page]}
    # Ranked and counted in one query, as the list page does.
    query = parse(filters.q, innovations.db)
    within = innovations if filters.narrows() else None
    ids, count = hits_slice(query, start, stop, within=within)
    if count is None:  # no hit in the slice: none at all, or the offset lies past the last
        count = search(innovations, query).count() if start else 0
    found = innovations.prefetch_related("units").in_bulk(ids)
    items = [innovation_item(found[pk]) for pk in ids]
    return {"count": count, "items": items, "suggestion": query.suggestion or None}


@api.get(
    "/innovations/{innovation_id}",
    response={200: InnovationDetail, **READ_ERRORS},
    auth=ANYONE,
    tags=["innovations"],
)
def get_innovation(request: HttpRequest, innovation_id: int) -> dict[str, Any]:
    """One innovation with its story, team, effects and journey."""
    return innovation_detail(_get_visible(request, innovation_id), caller(request))


def _units_by_key(keys: list[str]) -> list[Unit]:
    units = {unit.key: unit for unit in Unit.objects.filter(key__in=keys)}
    unknown = [key for key in keys if key not in units]
    if unknown:
        raise InvalidInput(
            {"units": [_("Ukjent enhet: %(key)s.") % {"key": key} for key in unknown]}
        )
    return [units[key] for key in dict.fromkeys(keys)]


@api.post(
    "/innovations",
    response={201: InnovationDetail, **EDIT_ERRORS},
    auth=SIGNED_IN,
    tags=["innovations"],
)
def create_innovation(request: HttpRequest, payload: InnovationIn) -> Status[dict[str, Any]]:
    """Tell a new story; the caller joins its team. A draft unless ``publish`` is true."""
    fields = payload.dict()
    fields["units"] = _units_by_key(fields["units"])
    innovation = services.create_innovation(by=caller(request), **fields)
    return Status(201, innovation_detail(innovation, caller(request)))


@api.patch(
    "/innovations/{innovation_id}",
    response={200: InnovationDetail, **EDIT_ERRORS},
    auth=SIGNED_IN,
    tags=["innovations"],
)
def update_innovation(
    request: HttpRequest, innovation_id: int, payload: InnovationPatch
) -> dict[str, Any]:
    """Edit an innovation; ``version`` is the one you read, else 409 (somebody else saved)."""
    innovation = _get_visible(request, innovation_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    if "units" in fields:
        fields["units"] = _units_by_key(fields["units"] or [])
    services.update_innovation(innovation, by=caller(request), version=version, **fields)
    return innovation_detail(innovation, caller(request))


@api.post(
    "/innovations/{innovation_id}/phase",
    response={200: InnovationDetail, **EDIT_ERRORS},
    auth=SIGNED_IN,
    tags=["innovations"],
)
def move_phase(request: HttpRequest, innovation_id: int, payload: PhaseMoveIn) -> dict[str, Any]:
    """Move an innovation to another phase; a refusal lists what is missing under ``errors.to``."""
    innovation = _get_visible(request, innovation_id)
    services.move_phase(innovation, by=caller(request), to_phase=payload.to, note=payload.note)
    return innovation_detail(innovation, caller(request))


@api.post(
    "/innovations/{innovation_id}/publish",
    response={200: InnovationDetail, **EDIT_ERRORS},
    auth=SIGNED_IN,
    tags=["innovations"],
)
def publish(request: HttpRequest, innovation_id: int) -> dict[str, Any]:
    """Make a draft readable by everyone."""
    innovation = _get_visible(request, innovation_id)
    services.publish_innovation(innovation, by=caller(request))
    return innovation_detail(innovation, caller(request))


@api.post(
    "/innovations/{innovation_id}/withdraw",
    response={200: InnovationDetail, **EDIT_ERRORS},
    auth=SIGNED_IN,
    tags=["innovations"],
)
def withdraw(request: HttpRequest, innovation_id: int, payload: WithdrawIn) -> dict[str, Any]:
    """Withdraw a published innovation, saying why (leaders of its units and administrators).

    It disappears from lists, search, similar innovations and digests; its team and leaders
    still see it. A draft or an innovation already withdrawn is 409.
    """
    innovation = _get_visible(request, innovation_id)
    services.withdraw_innovation(innovation, by=caller(request), reason=payload.reason)
    return innovation_detail(innovation, caller(request))


@api.post(
    "/innovations/{innovation_id}/restore",
    response={200: InnovationDetail, **EDIT_ERRORS},
    auth=SIGNED_IN,
    tags=["innovations"],
)
def restore(request: HttpRequest, innovation_id: int) -> dict[str, Any]:
    """Publish a withdrawn innovation again (those who may withdraw it); otherwise 409."""
    innovation = _get_visible(request, innovation_id)
    services.restore_innovation(innovation, by=caller(request))
    return innovation_detail(innovation, caller(request))


@api.post(
    "/innovations/{innovation_id}/team",
    response={201: InnovationDetail, **EDIT_ERRORS},
    auth=SIGNED_IN,
    tags=["innovations"],
)
def add_team_member(
    request: HttpRequest, innovation_id: int, payload: TeamMemberIn
) -> Status[dict[str, Any]]:
    """Add a person (by e-mail) or a named actor without an account to the team."""
    innovation = _get_visible(request, innovation_id)
    fields = payload.dict()
    email = fields.pop("person")
    person = None
    if email:
        person = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if person is None:
            raise InvalidInput(
                {
                    "person": [
                        _("Fant ingen person med e-postadressen %(email)s.") % {"email": email}
                    ]
                }
            )
    services.add_team_member(innovation, by=caller(request), person=person, **fields)
    return Status(201, innovation_detail(innovation, caller(request)))


@api.post(
    "/innovations/{innovation_id}/effects",
    response={201: InnovationDetail, **EDIT_ERRORS},
    auth=SIGNED_IN,
    tags=["innovations"],
)
def add_effect(
    request: HttpRequest, innovation_id: int, payload: EffectIn
) -> Status[dict[str, Any]]:
    """Record a measured or immaterial effect (for instance a lab run's result)."""
    innovation = _get_visible(request, innovation_id)
    services.add_effect(innovation, by=caller(request), **payload.dict())
    return Status(201, innovation_detail(innovation, caller(request)))


@api.post(
    "/innovations/{innovation_id}/kudos",
    response={201: InnovationDetail, **EDIT_ERRORS},
    auth=SIGNED_IN,
    tags=["innovations"],
)
def give_kudos(request: HttpRequest, innovation_id: int) -> Status[dict[str, Any]]:
    """Celebrate a published innovation; once per person (a second time is 409)."""
    innovation = _get_visible(request, innovation_id)
    services.give_kudos(innovation, by=caller(request))
    return Status(201, innovation_detail(innovation, caller(request)))

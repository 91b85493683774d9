"""Request and response shapes of the JSON API (also its OpenAPI schemas)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, field_validator

from sokkel.core.limits import refuse_unstorable

PhaseName = Literal["discovered", "tried", "understood", "shared"]


class ErrorOut(Schema):
    message: str
    errors: dict[str, list[str]] | None = None


#: The error answers every read and write endpoint documents; editing an innovation
#: adds 409 (a stale version or a second kudos).
READ_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 403: ErrorOut}
EDIT_ERRORS: dict[int, type[Schema]] = {**WRITE_ERRORS, 409: ErrorOut}


class UnitRef(Schema):
    key: str
    name: str


class UnitOut(Schema):
    id: int
    key: str
    name: str
    kind: str
    sector: str
    parent: str | None
    number: str
    population: int | None


class InnovationItem(Schema):
    id: int
    title: str
    slug: str
    phase: PhaseName
    sector: str
    unit: UnitRef | None
    units: list[UnitRef]
    evidence_level: int | None
    is_published: bool
    url: str


class InnovationList(Schema):
    count: int
    items: list[InnovationItem]
    #: With ``q``: the search with a word no story holds replaced by the nearest indexed word
    #: («did you mean»), whose hits are among the items.
    suggestion: str | None = None


class TeamMemberOut(Schema):
    name: str
    actor_type: str
    role: str
    organisation: str
    is_researcher: bool


class EffectOut(Schema):
    id: int
    kind: str
    name: str
    unit: str
    baseline: float | None
    result: float | None
    change: float | None
    n: int | None
    interval_low: float | None
    interval_high: float | None
    rating: int | None
    description: str
    source: str
    is_illustrative: bool


class JourneyStep(Schema):
    event: Literal["created", "moved"]
    at: datetime
    by: str | None
    from_phase: PhaseName | None
    to_phase: PhaseName
    note: str


class InnovationDetail(InnovationItem):
    problem: str
    what_we_did: str
    what_changed: str
    tags: list[str]
    team: list[TeamMemberOut]
    sponsor: str | None
    kudos: int
    effects: list[EffectOut]
    journey: list[JourneyStep]
    study_design: str
    adoption_recipe: str
    barometer_type: str
    novelty: str
    initiator: str
    gains: list[str]
    version: int
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    can_edit: bool
    #: When a leader withdrew it from publication, who, and why (null while it is not).
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None
    withdrawal_reason: str | None = None


class Input(Schema):
    """A request body: no field may hold NaN or Infinity, a NUL byte or a lone surrogate
    (``sokkel.core.limits``); the services check lengths and ranges."""

    model_config = ConfigDict(allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _storable(cls, value: object) -> object:
        return refuse_unstorable(value)


class InnovationIn(Input):
    title: str
    problem: str
    what_we_did: str
    what_changed: str
    units: list[str]
    sector: str
    tags: list[str] = []
    barometer_type: str = ""
    novelty: str = ""
    initiator: str = ""
    gains: list[str] = []
    publish: bool = False


class InnovationPatch(Input):
    version: int
    title: str | None = None
    problem: str | None = None
    what_we_did: str | None = None
    what_changed: str | None = None
    units: list[str] | None = None
    sector: str | None = None
    tags: list[str] | None = None
    evidence_level: int | None = None
    study_design: str | None = None
    adoption_recipe: str | None = None
    barometer_type: str | None = None
    novelty: str | None = None
    initiator: str | None = None
    gains: list[str] | None = None


class PhaseMoveIn(Input):
    to: str
    note: str = ""


class TeamMemberIn(Input):
    actor_type: str
    person: str | None = None
    name: str = ""
    role: str = ""
    organisation: str = ""


class EffectIn(Input):
    kind: Literal["quantitative", "immaterial"]
    name: str
    unit: str = ""
    baseline: float | None = None
    result: float | None = None
    n: int | None = None
    interval_low: float | None = None
    interval_high: float | None = None
    rating: int | None = None
    description: str = ""
    source: str = ""
    is_illustrative: bool = False


class WithdrawIn(Input):
    #: Why it is withdrawn (required, at most 500 characters); its team and leaders see it.
    reason: str

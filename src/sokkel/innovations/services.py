"""Every write to an innovation: typed, permission-checked, transactional, audit-logged.

Each function takes the acting person as ``by``, checks that they may do it before anything
else, does the work in one ``transaction.atomic()`` with the innovation's row locked
(``select_for_update``), writes an :class:`~sokkel.innovations.models.AuditEntry` with a
dotted action code and ``{field: [old, new]}``, and returns the object it made or changed.
Refusals are :mod:`sokkel.core.errors`: :class:`NotAllowed` when ``by`` may not, else a
:class:`ServiceError` whose ``message`` can be shown to the user.

``Innovation.version`` guards against lost updates: an edit names the version it started
from, and :func:`update_innovation` refuses it with :class:`StaleEdit` when somebody else
saved an edit in between. The version counts edits of the innovation's own fields; team,
effects, phase moves, anchoring, kudos, publishing and withdrawing lock the row but do not
bump it, so they never make a colleague's open edit form stale.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sokkel.core.errors import InvalidInput, ServiceError, require
from sokkel.core.limits import MAX_STORY, MAX_TAGS, check_count, check_measure, check_text
from sokkel.core.permissions import is_signed_in
from sokkel.innovations import rules
from sokkel.innovations.models import (
    ActorType,
    AuditEntry,
    Effect,
    EffectKind,
    Gain,
    Innovation,
    Kudos,
    Phase,
    PhaseTransition,
    Tag,
    TeamMember,
)
from sokkel.units.models import Unit

logger = logging.getLogger(__name__)

#: Fields of the innovation itself that :func:`update_innovation` may change.
EDITABLE_FIELDS = (
    "title",
    "problem",
    "what_we_did",
    "what_changed",
    "sector",
    "evidence_level",
    "study_design",
    "adoption_recipe",
    "barometer_type",
    "novelty",
    "initiator",
    "gains",
)
#: Relations :func:`update_innovation` may change: units (Unit objects), tags (names).
EDITABLE_RELATIONS = ("units", "tags")
STORYTELLER_ROLE = "forteller"


class StaleEdit(ServiceError):
    """Somebody else saved the innovation after this edit started (HTTP 409)."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Noen andre har lagret endringer i innovasjonen siden du begynte. "
                "Last siden på nytt for å se endringene deres, og gjør dine endringer igjen."
            )
        )


class PhaseRuleError(ServiceError):
    """The phase rules refuse the move; ``missing`` says what is missing, one reason each."""

    def __init__(self, to_phase: str, missing: list[str]) -> None:
        label = Phase(to_phase).label if to_phase in Phase.values else to_phase
        super().__init__(
            _("Innovasjonen kan ikke flyttes til fasen «%(phase)s» ennå.") % {"phase": label}
        )
        self.missing = missing


# --- helpers -------------------------------------------------------------------------------


def audit(innovation: Innovation, by: Any, action: str, changes: dict[str, list[Any]]) -> None:
    """Write an audit entry on the innovation (``changes``: ``{field: [old, new]}``) and log it."""
    AuditEntry.objects.create(innovation=innovation, actor=by, action=action, changes=changes)
    logger.info("%s on innovation %s by %s", action, innovation.pk, getattr(by, "pk", None))


def locked(innovation: Innovation) -> Innovation:
    """The innovation's row, locked for the rest of the transaction."""
    return Innovation.objects.select_for_update().get(pk=innovation.pk)


def _refresh(target: Innovation, source: Innovation) -> None:
    """Copy the saved state onto the caller's instance so it sees the new version."""
    for field in target._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def norwegian_slug(text: str, *, max_length: int = 200) -> str:
    """A URL slug that keeps Norwegian letters readable: «Mobil røntgen» → ``mobil-rontgen``."""
    slug = slugify(text.translate(_NORWEGIAN_LETTERS))[:max_length].strip("-")
    return slug or "innovasjon"


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = norwegian_slug(title)
    taken = set(
        Innovation.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _clean_fields(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Validate innovation field values with the model's own field rules."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        if name == "gains":
            cleaned[name], problems = _clean_gains(value)
            if problems:
                errors[name] = problems
            continue
        field = Innovation._meta.get_field(name)
        if isinstance(value, str):
            value = check_text(errors, name, value, field.max_length or MAX_STORY)
            if name in errors:
                continue
        if field.null and value in (None, ""):
            cleaned[name] = None
            continue
        if value is None:
            value = ""
        try:
            cleaned[name] = field.clean(value, None)
        except ValidationError as error:
            errors[name] = list(error.messages)
    return cleaned, errors


def _clean_gains(value: Any) -> tuple[list[str], list[str]]:
    gains = [str(item) for item in (value or ())]
    unknown = [gain for gain in gains if gain not in Gain.values]
    if unknown:
        return gains, [_("Ukjent gevinst: %(gains)s.") % {"gains": ", ".join(unknown)}]
    return list(dict.fromkeys(gains)), []


def _clean_units(units: Iterable[Unit] | None) -> tuple[list[Unit], list[str]]:
    unit_list = list(units or ())
    if not unit_list:
        return [], [_("Velg minst én enhet.")]
    return unit_list, []


def _clean_tags(tags: Iterable[str] | None) -> list[str]:
    """Distinct tag names, spaces folded; at most :data:`MAX_TAGS`, each a storable text."""
    errors: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for name in tags or ():
        name = " ".join(check_text(errors, "tags", str(name), Tag.name.field.max_length).split())
        if name:
            names.setdefault(name.casefold(), name)
    if len(names) > MAX_TAGS:
        errors.setdefault("tags", []).append(_("Bruk høyst %(max)s stikkord.") % {"max": MAX_TAGS})
    if errors:
        raise InvalidInput({"tags": errors["tags"][:1]})
    return list(names.values())


def _tag_objects(names: Sequence[str]) -> list[Tag]:
    tags = []
    for name in names:
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            base = slug = norwegian_slug(name, max_length=70)
            number = 2
            while Tag.objects.filter(slug=slug).exists():
                slug, number = f"{base}-{number}", number + 1
            tag = Tag.objects.create(name=name, slug=slug)
        tags.append(tag)
    return tags


def _unit_keys(units: Iterable[Unit]) -> list[str]:
    return sorted(unit.key for unit in units)


# --- innovations ---------------------------------------------------------------------------


def create_innovation(
    *,
    by: Any,
    title: str,
    problem: str,
    what_we_did: str,
    what_changed: str,
    units: Iterable[Unit],
    sector: str,
    tags: Iterable[str] = (),
    barometer_type: str = "",
    novelty: str = "",
    initiator: str = "",
    gains: Iterable[str] = (),
    publish: bool = False,
) -> Innovation:
    """Tell a new story: any signed-in person may; they join its team as its storyteller.

    The innovation starts in phase *discovered*; ``publish`` makes it readable by everyone
    at once, otherwise it stays a draft visible to its team, leaders and administrators.

    Raises
    ------
    NotAllowed
        ``by`` is not signed in.
    InvalidInput
        A field is missing or invalid.
    """
    require(is_signed_in(by), _("Du må logge inn for å fortelle om en innovasjon."))
    fields, errors = _clean_fields(
        {
            "title": title,
            "problem": problem,
            "what_we_did": what_we_did,
            "what_changed": what_changed,
            "sector": sector,
            "barometer_type": barometer_type,
            "novelty": novelty,
            "initiator": initiator,
            "gains": list(gains),
        }
    )
    unit_list, unit_errors = _clean_units(units)
    if unit_errors:
        errors["units"] = unit_errors
    if errors:
        raise InvalidInput(errors)
    tag_names = _clean_tags(tags)
    with transaction.atomic():
        now = timezone.now()
        innovation = Innovation.objects.create(
            slug=_unique_slug(fields["title"]),
            created_by=by,
            is_published=publish,
            published_at=now if publish else None,
            **fields,
        )
        innovation.units.set(unit_list)
        innovation.tags.set(_tag_objects(tag_names))
        TeamMember.objects.create(
            innovation=innovation,
            person=by,
            actor_type=ActorType.PUBLIC_BODY,
            role=STORYTELLER_ROLE,
        )
        changes: dict[str, list[Any]] = {
            name: [None, value] for name, value in fields.items() if value not in ("", [])
        }
        changes["phase"] = [None, innovation.phase]
        changes["units"] = [None, _unit_keys(unit_list)]
        if tag_names:
            changes["tags"] = [None, sorted(tag_names)]
        changes["is_published"] = [None, publish]
        audit(innovation, by, "innovation.created", changes)
    return innovation


def update_innovation(
    innovation: Innovation, *, by: Any, version: int, **fields: Any
) -> Innovation:
    """Edit the story, classification, evidence or recipe, and the units and tags.

    Parameters
    ----------
    innovation
        The innovation to edit.
    by
        The person editing: a team member, a leader of one of its units or an administrator.
    version
        ``innovation.version`` as it was when the edit started.
    **fields
        Any of :data:`EDITABLE_FIELDS`, plus ``units`` (Unit objects) and ``tags`` (names).

    Raises
    ------
    NotAllowed
        ``by`` may not edit it.
    StaleEdit
        Somebody else saved an edit after ``version``; nothing is saved.
    InvalidInput
        A field is invalid; nothing is saved.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS) - set(EDITABLE_RELATIONS)
    if unknown:
        raise TypeError(f"update_innovation() got fields it cannot edit: {sorted(unknown)}")
    require(innovation.can_edit(by), _("Du har ikke tilgang til å endre denne innovasjonen."))
    scalar = {name: value for name, value in fields.items() if name in EDITABLE_FIELDS}
    cleaned, errors = _clean_fields(scalar)
    unit_list: list[Unit] | None = None
    if "units" in fields:
        unit_list, unit_errors = _clean_units(fields["units"])
        if unit_errors:
            errors["units"] = unit_errors
    if errors:
        raise InvalidInput(errors)
    tag_names = _clean_tags(fields["tags"]) if "tags" in fields else None
    with transaction.atomic():
        current = locked(innovation)
        if current.version != version:
            raise StaleEdit()
        changes: dict[str, list[Any]] = {}
        for name, value in cleaned.items():
            old = getattr(current, name)
            if old != value:
                changes[name] = [old, value]
                setattr(current, name, value)
        if unit_list is not None:
            old_keys, new_keys = _unit_keys(current.units.all()), _unit_keys(unit_list)
            if old_keys != new_keys:
                changes["units"] = [old_keys, new_keys]
                current.units.set(unit_list)
        if tag_names is not None:
            old_tags = sorted(current.tags.values_list("name", flat=True))
            if old_tags != sorted(tag_names):
                changes["tags"] = [old_tags, sorted(tag_names)]
                current.tags.set(_tag_objects(tag_names))
        if changes:
            current.version += 1
            current.save()
            audit(current, by, "innovation.updated", changes)
    _refresh(innovation, current)
    return innovation


def publish_innovation(innovation: Innovation, *, by: Any) -> Innovation:
    """Make a draft readable by everyone (a no-op if it is already published).

    A withdrawn innovation is published again only by :func:`restore_innovation`.

    Raises
    ------
    NotAllowed
        ``by`` may not edit it, or it is withdrawn and ``by`` may not publish it again.
    ServiceError
        It is withdrawn: ``by`` may publish it again with :func:`restore_innovation`.
    """
    require(innovation.can_edit(by), _("Du har ikke tilgang til å publisere denne innovasjonen."))
    with transaction.atomic():
        current = locked(innovation)
        if current.is_withdrawn:
            # Publishing it again is the withdrawers' decision: restore_innovation().
            require(
                current.can_withdraw(by),
                _(
                    "Innovasjonen er trukket tilbake. Bare en leder for en av enhetene eller "
                    "en administrator kan publisere den igjen."
                ),
            )
            raise ServiceError(
                _("Innovasjonen er trukket tilbake. Bruk «Publiser igjen» i stedet.")
            )
        if not current.is_published:
            current.is_published = True
            current.published_at = timezone.now()
            current.save(update_fields=["is_published", "published_at", "updated_at"])
            audit(current, by, "innovation.published", {"is_published": [False, True]})
    _refresh(innovation, current)
    return innovation


# --- withdrawing ---------------------------------------------------------------------------

#: What withdrawing and publishing again change.
WITHDRAWAL_FIELDS = ["is_published", "withdrawn_at", "withdrawn_by", "withdrawal_reason"]


def withdrawal_refusal(innovation: Innovation) -> str | None:
    """Why ``innovation`` cannot be withdrawn as it stands (``None`` when it can)."""
    if innovation.is_withdrawn:
        return _("Innovasjonen er allerede trukket tilbake.")
    if not innovation.is_published:
        return _("Bare publiserte innovasjoner kan trekkes tilbake.")
    return None


def _clean_reason(reason: str) -> str:
    errors: dict[str, list[str]] = {}
    max_length = Innovation._meta.get_field("withdrawal_reason").max_length
    reason = check_text(errors, "reason", reason or "", max_length)
    if not reason and not errors:
        errors["reason"] = [_("Skriv hvorfor innovasjonen trekkes tilbake.")]
    if errors:
        raise InvalidInput(errors)
    return reason


def withdraw_innovation(innovation: Innovation, *, by: Any, reason: str) -> Innovation:
    """Take a published innovation out of public view, saying why.

    It stops being published, so public lists, search, similar innovations and digests
    leave it out; its team, the leaders of its units and administrators still see it, with
    who withdrew it, when and why. :func:`restore_innovation` publishes it again.

    Raises
    ------
    NotAllowed
        ``by`` neither leads one of its units (or a unit above) nor is an administrator.
    InvalidInput
        The reason is empty or too long.
    ServiceError
        It is a draft, or already withdrawn.
    """
    require(
        innovation.can_withdraw(by),
        _(
            "Bare en leder for en av enhetene eller en administrator kan trekke "
            "innovasjonen tilbake."
        ),
    )
    reason = _clean_reason(reason)
    with transaction.atomic():
        current = locked(innovation)
        refusal = withdrawal_refusal(current)
        if refusal:
            raise ServiceError(refusal)
        current.is_published = False
        current.withdrawn_at = timezone.now()
        current.withdrawn_by = by
        current.withdrawal_reason = reason
        current.save(update_fields=[*WITHDRAWAL_FIELDS, "updated_at"])
        audit(
            current,
            by,
            "innovation.withdrawn",
            {"is_published": [True, False], "withdrawal_reason": [None, reason]},
        )
    _refresh(innovation, current)
    return innovation


def restore_innovation(innovation: Innovation, *, by: Any) -> Innovation:
    """Publish a withdrawn innovation again (the people who may withdraw it may).

    ``published_at`` keeps the first publication, so digests do not announce it as new.

    Raises
    ------
    NotAllowed
        ``by`` neither leads one of its units (or a unit above) nor is an administrator.
    ServiceError
        It is not withdrawn.
    """
    require(
        innovation.can_withdraw(by),
        _(
            "Bare en leder for en av enhetene eller en administrator kan publisere "
            "innovasjonen igjen."
        ),
    )
    with transaction.atomic():
        current = locked(innovation)
        if not current.is_withdrawn:
            raise ServiceError(_("Innovasjonen er ikke trukket tilbake."))
        reason = current.withdrawal_reason
        current.is_published = True
        current.published_at = current.published_at or timezone.now()
        current.withdrawn_at = None
        current.withdrawn_by = None
        current.withdrawal_reason = ""
        current.save(update_fields=[*WITHDRAWAL_FIELDS, "published_at", "updated_at"])
        audit(
            current,
            by,
            "innovation.restored",
            {"is_published": [False, True], "withdrawal_reason": [reason, None]},
        )
    _refresh(innovation, current)
    return innovation


# --- team ----------------------------------------------------------------------------------


def add_team_member(
    innovation: Innovation,
    *,
    by: Any,
    actor_type: str,
    person: Any = None,
    name: str = "",
    role: str = "",
    organisation: str = "",
) -> TeamMember:
    """Add a person with an account, or a named actor without one, to the team.

    Raises
    ------
    NotAllowed
        ``by`` may not edit the innovation.
    InvalidInput
        Unknown actor type, neither person nor name, or the person is already on the team.
    """
    require(innovation.can_edit(by), _("Du har ikke tilgang til å endre teamet."))
    errors: dict[str, list[str]] = {}
    if actor_type not in ActorType.values:
        errors["actor_type"] = [_("Velg en aktørtype.")]
    name = check_text(errors, "name", name, TeamMember.name.field.max_length)
    role = check_text(errors, "role", role, TeamMember.role.field.max_length)
    organisation = check_text(
        errors, "organisation", organisation, TeamMember.organisation.field.max_length
    )
    if person is None and not name and "name" not in errors:
        errors["name"] = [_("Velg en person eller skriv et navn.")]
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        current = locked(innovation)
        if person is not None and current.team.filter(person=person).exists():
            raise InvalidInput(
                {"person": [_("%(person)s er allerede med i teamet.") % {"person": person}]}
            )
        member = TeamMember.objects.create(
            innovation=current,
            person=person,
            name=name,
            actor_type=actor_type,
            role=role.strip(),
            organisation=organisation.strip(),
        )
        audit(
            current,
            by,
            "innovation.team_member_added",
            {"team": [None, f"{member.display_name} ({member.get_actor_type_display()})"]},
        )
    return member


def remove_team_member(member: TeamMember, *, by: Any) -> None:
    """Take a member off the team.

    Raises
    ------
    NotAllowed
        ``by`` may not edit the innovation.
    """
    innovation = member.innovation
    require(innovation.can_edit(by), _("Du har ikke tilgang til å endre teamet."))
    with transaction.atomic():
        current = locked(innovation)
        label = f"{member.display_name} ({member.get_actor_type_display()})"
        member.delete()
        audit(current, by, "innovation.team_member_removed", {"team": [label, None]})


# --- effects -------------------------------------------------------------------------------


def clean_effect(
    *,
    kind: str,
    name: str,
    unit: str = "",
    baseline: float | None = None,
    result: float | None = None,
    n: int | None = None,
    interval_low: float | None = None,
    interval_high: float | None = None,
    rating: int | None = None,
    description: str = "",
    source: str = "",
    is_illustrative: bool = False,
) -> dict[str, Any]:
    """An effect's fields, checked and trimmed, for any model with ``EffectFields``.

    A measured effect has before/after (and optionally n and an interval); an immaterial one
    a rating and a description.

    Raises
    ------
    InvalidInput
        A field is missing or does not fit the kind of effect.
    """
    errors: dict[str, list[str]] = {}
    name = check_text(errors, "name", name, Effect.name.field.max_length)
    unit = check_text(errors, "unit", unit, Effect.unit.field.max_length)
    description = check_text(errors, "description", description, MAX_STORY)
    source = check_text(errors, "source", source, Effect.source.field.max_length)
    for field, value in (
        ("baseline", baseline),
        ("result", result),
        ("interval_low", interval_low),
        ("interval_high", interval_high),
    ):
        check_measure(errors, field, value)
    check_count(errors, "n", n)
    if rating is not None and not 1 <= rating <= 5:
        errors["rating"] = [_("Gi en vurdering fra 1 til 5.")]
    if not name and "name" not in errors:
        errors["name"] = [_("Gi effekten et navn.")]
    if kind == EffectKind.QUANTITATIVE:
        if baseline is None:
            errors["baseline"] = [_("Oppgi verdien før endringen.")]
        if result is None:
            errors["result"] = [_("Oppgi verdien etter endringen.")]
        if (interval_low is None) != (interval_high is None):
            errors["interval_high"] = [_("Oppgi begge endene av intervallet, eller ingen.")]
        elif (
            interval_low is not None and interval_high is not None and interval_low > interval_high
        ):
            errors["interval_high"] = [_("Intervallet må slutte etter at det begynner.")]
    elif kind == EffectKind.IMMATERIAL:
        if rating is None:
            errors["rating"] = [_("Gi en vurdering fra 1 til 5.")]
        if not description.strip():
            errors["description"] = [_("Beskriv effekten.")]
    else:
        errors["kind"] = [_("Velg om effekten er målt eller immateriell.")]
    if errors:
        raise InvalidInput(errors)
    return {
        "kind": kind,
        "name": name,
        "unit": unit.strip(),
        "baseline": baseline,
        "result": result,
        "n": n,
        "interval_low": interval_low,
        "interval_high": interval_high,
        "rating": rating,
        "description": description.strip(),
        "source": source.strip(),
        "is_illustrative": is_illustrative,
    }


def add_effect(innovation: Innovation, *, by: Any, **fields: Any) -> Effect:
    """Record one of the innovation's effects; ``fields`` as for :func:`clean_effect`.

    Raises
    ------
    NotAllowed
        ``by`` may not edit the innovation.
    InvalidInput
        A field is missing or does not fit the kind of effect.
    """
    require(innovation.can_edit(by), _("Du har ikke tilgang til å legge til effekter."))
    values = clean_effect(**fields)
    with transaction.atomic():
        current = locked(innovation)
        effect = Effect.objects.create(innovation=current, **values)
        audit(current, by, "innovation.effect_added", {"effects": [None, effect.name]})
    return effect


# --- phases --------------------------------------------------------------------------------


def phase_blockers(innovation: Innovation, to_phase: str) -> list[str]:
    """Plain-Norwegian reasons why the move is not allowed yet (empty when it is).

    See :mod:`sokkel.innovations.rules`.
    """
    return rules.phase_blockers(innovation, to_phase)


def move_phase(
    innovation: Innovation, *, by: Any, to_phase: str, note: str = ""
) -> PhaseTransition:
    """Move the innovation to another phase and record the step in its journey.

    Raises
    ------
    NotAllowed
        ``by`` may not edit the innovation.
    PhaseRuleError
        The phase rules refuse the move; ``missing`` lists what is missing.
    """
    require(innovation.can_edit(by), _("Du har ikke tilgang til å flytte denne innovasjonen."))
    errors: dict[str, list[str]] = {}
    note = check_text(errors, "note", note, MAX_STORY)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        current = locked(innovation)
        missing = rules.phase_blockers(current, to_phase)
        if missing:
            raise PhaseRuleError(to_phase, missing)
        transition = PhaseTransition.objects.create(
            innovation=current,
            by=by,
            from_phase=current.phase,
            to_phase=to_phase,
            note=note.strip(),
        )
        changes: dict[str, list[Any]] = {"phase": [current.phase, to_phase]}
        if transition.note:
            changes["note"] = [None, transition.note]
        current.phase = to_phase
        current.save(update_fields=["phase", "updated_at"])
        audit(current, by, "innovation.phase_moved", changes)
    _refresh(innovation, current)
    return transition


# --- anchoring and kudos -------------------------------------------------------------------


def anchor_innovation(innovation: Innovation, *, by: Any) -> Innovation:
    """A leader of one of its units anchors it: they become its sponsor.

    Raises
    ------
    NotAllowed
        ``by`` does not lead any of its units.
    ServiceError
        ``by`` is already its sponsor.
    """
    require(
        innovation.can_anchor(by),
        _("Bare en leder for en av enhetene kan forankre innovasjonen."),
    )
    with transaction.atomic():
        current = locked(innovation)
        if current.sponsor_id == by.pk:
            raise ServiceError(_("Du har allerede forankret denne innovasjonen."))
        old = str(current.sponsor) if current.sponsor_id else None
        current.sponsor = by
        current.save(update_fields=["sponsor", "updated_at"])
        audit(current, by, "innovation.anchored", {"sponsor": [old, str(by)]})
    _refresh(innovation, current)
    return innovation


def give_kudos(innovation: Innovation, *, by: Any) -> Kudos:
    """Celebrate a published innovation; one kudos per person.

    Raises
    ------
    NotAllowed
        ``by`` is not signed in, or the innovation is not published.
    ServiceError
        ``by`` has already given kudos to it.
    """
    require(is_signed_in(by), _("Du må logge inn for å heie."))
    require(innovation.is_published, _("Du kan bare heie på publiserte innovasjoner."))
    with transaction.atomic():
        current = locked(innovation)
        count = current.kudos.count()
        if current.kudos.filter(person=by).exists():
            raise ServiceError(_("Du har allerede heiet på denne innovasjonen."))
        try:
            with transaction.atomic():
                kudos = Kudos.objects.create(innovation=current, person=by)
        except IntegrityError as error:
            raise ServiceError(_("Du har allerede heiet på denne innovasjonen.")) from error
        audit(current, by, "innovation.kudos_given", {"kudos": [count, count + 1]})
    return kudos

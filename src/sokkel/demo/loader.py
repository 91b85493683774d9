"""Load the demo content: Norway's units, further units, demo people and innovations.

Loading is one transaction and idempotent: units are matched by ``key``, people by e-mail,
innovations by ``demo_key``, and each innovation's team, effects, journey and kudos by their
natural keys (person or name; effect name; time and phase; person). Running it twice leaves
the database as the first run left it. A refresh puts a demo innovation back into its demo
state: team members, effects, journey steps and kudos that are not in the demo files are
removed, and a change to the innovation's own fields is logged as ``innovation.updated``.

The audit log mirrors :mod:`sokkel.innovations.services` (same action codes and change
format), dated at the historical moment each step happened. Every file is checked before
anything is written; a mistake raises :class:`DemoContentError` naming file, line and field.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from sokkel.innovations import rules
from sokkel.innovations.models import (
    ActorType,
    AuditEntry,
    BarometerType,
    Effect,
    EffectKind,
    EvidenceLevel,
    Gain,
    Initiator,
    Innovation,
    Kudos,
    Novelty,
    Phase,
    PhaseTransition,
    StudyDesign,
    Tag,
    TeamMember,
)
from sokkel.innovations.services import STORYTELLER_ROLE, norwegian_slug
from sokkel.people.models import Leadership, User
from sokkel.units.loading import (
    LoadSummary,
    UnitDataError,
    UnitSpec,
    load_norway,
    load_units,
)
from sokkel.units.models import Sector, Unit, UnitKind

logger = logging.getLogger(__name__)

DEMO_DIR = Path(__file__).resolve().parent
DEMO_PASSWORD = "sokkel-demo"
ROLES = ("front_line", "leader", "researcher", "admin")


class DemoContentError(UnitDataError):
    """A demo content file is malformed; names the file, line and field at fault."""


@dataclass(frozen=True)
class DemoLogin:
    """A demo user to print: how to sign in and what they may do."""

    email: str
    full_name: str
    role: str
    detail: str


@dataclass(frozen=True)
class DemoSummary:
    """What ``load_demo`` did."""

    units: LoadSummary
    people: int
    innovations_created: int
    innovations_updated: int
    innovations_unchanged: int
    logins: list[DemoLogin] = field(default_factory=list)


# --- reading ---------------------------------------------------------------------------------


class _File:
    """A parsed TOML file that can point at the line a value is written on."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = path.read_text(encoding="utf-8")
        self.lines = self.text.splitlines()
        try:
            self.data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as error:
            match = re.search(r"line (\d+)", str(error))
            raise DemoContentError(
                path, int(match.group(1)) if match else 0, "-", str(error)
            ) from error

    def line_of(self, key: str, value: str, start: int = 1) -> int:
        """The first line from ``start`` that reads ``key = "value"`` (0 if none)."""
        pattern = re.compile(rf'^\s*{re.escape(key)}\s*=\s*"{re.escape(value)}"')
        for number in range(max(start, 1), len(self.lines) + 1):
            if pattern.match(self.lines[number - 1]):
                return number
        return 0

    def error(self, line: int, field: str, message: str) -> DemoContentError:
        return DemoContentError(self.path, line, field, message)


class _Entry:
    """One ``[[table]]`` entry of a file, with checked accessors that name its line."""

    def __init__(self, file: _File, data: Any, line: int, prefix: str = "") -> None:
        if not isinstance(data, dict):
            raise file.error(line, prefix or "-", "must be a table")
        self.file, self.data, self.line, self.prefix = file, data, line, prefix

    def error(self, name: str, message: str) -> DemoContentError:
        return self.file.error(self.line, f"{self.prefix}{name}", message)

    def text(self, name: str, *, required: bool = True) -> str:
        value = self.data.get(name, "")
        if not isinstance(value, str):
            raise self.error(name, "must be text")
        value = value.strip()
        if required and not value:
            raise self.error(name, "is missing or empty")
        return value

    def choice(self, name: str, choices: Iterable[Any], *, required: bool = True) -> Any:
        allowed = list(choices)
        value = self.data.get(name, None if required else "")
        if value not in allowed and not (not required and value in ("", None)):
            shown = ", ".join(str(choice) for choice in allowed if choice != "")
            raise self.error(name, f"{value!r} is not one of {shown}")
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            raise self.error(name, "must be true or false")
        return value

    def number(self, name: str, *, integer: bool = False) -> float | None:
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(name, "must be a number")
        if integer and not isinstance(value, int):
            raise self.error(name, "must be a whole number")
        return value

    def moment(self, name: str, *, required: bool = True) -> dt.datetime | None:
        value = self.data.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise self.error(name, "must be a date and time with a UTC offset")
        if value > timezone.now():
            raise self.error(name, "lies in the future")
        return value

    def texts(self, name: str) -> list[str]:
        value = self.data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(name, "must be a list of text")
        return [item.strip() for item in value]

    def entries(self, name: str) -> list[_Entry]:
        value = self.data.get(name, [])
        if not isinstance(value, list):
            raise self.error(name, "must be a list of tables")
        return [
            _Entry(self.file, item, self.line, f"{self.prefix}{name}[{index}].")
            for index, item in enumerate(value)
        ]


def _entries(file: _File, table: str, key: str) -> list[_Entry]:
    """The ``[[table]]`` entries of ``file``, each located by its ``key = "..."`` line."""
    items = file.data.get(table, [])
    if not isinstance(items, list):
        raise file.error(0, table, "must be an array of tables ([[...]])")
    result, start = [], 1
    for index, item in enumerate(items):
        value = item.get(key) if isinstance(item, dict) else None
        line = file.line_of(key, value, start) if isinstance(value, str) else 0
        start = line + 1 if line else start
        entry = _Entry(file, item, line)
        if not isinstance(value, str) or not value.strip():
            raise file.error(line, f"{table}[{index}].{key}", "is missing or empty")
        result.append(entry)
    return result


# --- units -----------------------------------------------------------------------------------


def read_units(path: Path) -> list[UnitSpec]:
    """The further demo units of ``units.toml``, parents before children."""
    file = _File(path)
    specs = []
    for entry in _entries(file, "unit", "key"):
        specs.append(
            UnitSpec(
                key=entry.text("key"),
                name=entry.text("name"),
                kind=entry.choice("kind", UnitKind.values),
                sector=entry.choice("sector", Sector.values, required=False) or "",
                parent_key=entry.text("parent", required=False) or None,
                number=entry.text("number", required=False),
                line=entry.line,
            )
        )
    return specs


# --- people ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PersonSpec:
    email: str
    full_name: str
    role: str
    home_unit: str
    affiliation: str
    leads: tuple[str, ...]
    title: str


def read_people(path: Path, unit_keys: set[str]) -> list[_PersonSpec]:
    """The demo people of ``people.toml``, checked against the known ``unit_keys``."""
    file = _File(path)
    people: list[_PersonSpec] = []
    seen: set[str] = set()
    for entry in _entries(file, "person", "email"):
        email = entry.text("email").lower()
        if email in seen:
            raise entry.error("email", f"{email} is given twice")
        seen.add(email)
        role = entry.choice("role", ROLES)
        home_unit = entry.text("home_unit", required=role != "admin")
        leads = tuple(entry.texts("leads"))
        for key in [home_unit, *leads]:
            if key and key not in unit_keys:
                raise entry.error("leads" if key in leads else "home_unit", f"no unit {key!r}")
        if role == "leader" and not leads:
            raise entry.error("leads", "a leader must lead at least one unit")
        affiliation = entry.text("affiliation", required=role == "researcher")
        people.append(
            _PersonSpec(
                email=email,
                full_name=entry.text("full_name"),
                role=role,
                home_unit=home_unit,
                affiliation=affiliation,
                leads=leads,
                title=entry.text("title", required=False),
            )
        )
    return people


def _load_people(specs: Sequence[_PersonSpec], units: dict[str, Unit]) -> dict[str, User]:
    users = {user.email: user for user in User.objects.filter(email__in=[s.email for s in specs])}
    verified: dict[str, bool] = {}
    shared_hash = ""
    for spec in specs:
        wanted = {
            "full_name": spec.full_name,
            "home_unit_id": units[spec.home_unit].pk if spec.home_unit else None,
            "is_researcher": spec.role == "researcher",
            "affiliation": spec.affiliation,
            "is_staff": spec.role == "admin",
            "is_superuser": spec.role == "admin",
            "is_active": True,
        }
        user = users.get(spec.email)
        changed = user is None or any(
            getattr(user, name) != value for name, value in wanted.items()
        )
        if user is None:
            user = User(email=spec.email, **wanted)
            users[spec.email] = user
        else:
            for name, value in wanted.items():
                setattr(user, name, value)
        # One hash for every demo user, so that checking it costs one hashing, not one each.
        if user.password not in verified:
            verified[user.password] = bool(user.password) and check_password(
                DEMO_PASSWORD, user.password
            )
        if not verified[user.password]:
            shared_hash = shared_hash or make_password(DEMO_PASSWORD)
            user.password = shared_hash
            changed = True
        if changed:
            user.save()
        wanted_units = {units[key].pk: key for key in spec.leads}
        Leadership.objects.filter(person=user).exclude(unit_id__in=wanted_units).delete()
        for unit_pk in wanted_units:
            Leadership.objects.update_or_create(
                person=user, unit_id=unit_pk, defaults={"title": spec.title}
            )
    return users


def _login(spec: _PersonSpec, units: dict[str, Unit]) -> DemoLogin:
    if spec.role == "leader":
        detail = f"{spec.title}, leads " + ", ".join(units[key].name for key in spec.leads)
    elif spec.role == "researcher":
        detail = spec.affiliation
    elif spec.role == "admin":
        detail = "Django admin at /admin/"
    else:
        detail = f"{spec.title}, {units[spec.home_unit].name}" if spec.title else ""
    return DemoLogin(spec.email, spec.full_name, spec.role.replace("_", "-"), detail)


# --- innovations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Member:
    person: str
    name: str
    actor_type: str
    role: str
    organisation: str
    at: dt.datetime


@dataclass(frozen=True)
class _Step:
    at: dt.datetime
    from_phase: str
    to_phase: str
    by: str
    note: str


@dataclass(frozen=True)
class _EffectSpec:
    values: dict[str, Any]
    at: dt.datetime


@dataclass(frozen=True)
class _InnovationSpec:
    demo_key: str
    fields: dict[str, Any]
    units: tuple[str, ...]
    tags: tuple[str, ...]
    created_by: str
    created_at: dt.datetime
    published_at: dt.datetime | None
    sponsor: str
    anchored_at: dt.datetime | None
    team: tuple[_Member, ...]
    journey: tuple[_Step, ...]
    effects: tuple[_EffectSpec, ...]
    kudos: tuple[str, ...]
    source: str
    line: int


def _kudos_time(published_at: dt.datetime, index: int) -> dt.datetime:
    """When the ``index``-th demo kudos was given: a day apart, from the day after publishing."""
    return published_at + dt.timedelta(days=index + 1, hours=index)


def _read_innovation(entry: _Entry, unit_keys: set[str], emails: set[str]) -> _InnovationSpec:
    def person(item: _Entry, name: str, *, required: bool = True) -> str:
        email = item.text(name, required=required).lower()
        if email and email not in emails:
            raise item.error(name, f"{email} is not in people.toml")
        return email

    created_at = entry.moment("created_at")
    assert created_at is not None
    is_published = entry.boolean("is_published", True)
    published_at = entry.moment("published_at", required=False) if is_published else None
    if is_published and published_at is None:
        published_at = created_at
    evidence_level = entry.choice("evidence_level", EvidenceLevel.values, required=False)
    gains = entry.texts("gains")
    unknown_gains = [gain for gain in gains if gain not in Gain.values]
    if unknown_gains:
        raise entry.error("gains", f"{unknown_gains[0]!r} is not one of {', '.join(Gain.values)}")
    title = entry.text("title")
    fields = {
        "title": title,
        "slug": entry.text("slug", required=False) or norwegian_slug(title),
        "problem": entry.text("problem"),
        "what_we_did": entry.text("what_we_did"),
        "what_changed": entry.text("what_changed"),
        "sector": entry.choice("sector", [s for s in Sector.values if s]),
        "is_published": is_published,
        "published_at": published_at,
        "evidence_level": evidence_level or None,
        "study_design": entry.choice("study_design", StudyDesign.values, required=False) or "",
        "adoption_recipe": entry.text("adoption_recipe", required=False),
        "barometer_type": entry.choice("barometer_type", BarometerType.values, required=False)
        or "",
        "novelty": entry.choice("novelty", Novelty.values, required=False) or "",
        "initiator": entry.choice("initiator", Initiator.values, required=False) or "",
        "gains": gains,
    }
    units = tuple(entry.texts("units"))
    if not units:
        raise entry.error("units", "name at least one unit")
    for key in units:
        if key not in unit_keys:
            raise entry.error("units", f"no unit {key!r}")
    created_by = person(entry, "created_by")

    team: list[_Member] = [
        _Member(created_by, "", ActorType.PUBLIC_BODY, STORYTELLER_ROLE, "", created_at)
    ]
    for index, item in enumerate(entry.entries("team"), start=1):
        member_email = person(item, "person", required=False)
        name = item.text("name", required=not member_email)
        if member_email and any(member.person == member_email for member in team):
            raise item.error("person", f"{member_email} is on the team twice")
        at = item.moment("at", required=False) or created_at + dt.timedelta(minutes=index)
        team.append(
            _Member(
                member_email,
                "" if member_email else name,
                item.choice("actor_type", ActorType.values),
                item.text("role", required=False),
                item.text("organisation", required=False),
                at,
            )
        )

    journey: list[_Step] = []
    phase, last_at = Phase.DISCOVERED.value, created_at
    for item in entry.entries("journey"):
        at = item.moment("at")
        assert at is not None
        if at <= last_at:
            raise item.error("at", "must come after the innovation was told and the step before")
        to_phase = item.choice("to", Phase.values)
        if to_phase == phase:
            raise item.error("to", f"the innovation is already {to_phase}")
        journey.append(
            _Step(at, phase, to_phase, person(item, "by"), item.text("note", required=False))
        )
        phase, last_at = to_phase, at

    understood_at = next((step.at for step in journey if step.to_phase == Phase.UNDERSTOOD), None)
    effects: list[_EffectSpec] = []
    names: set[str] = set()
    for index, item in enumerate(entry.entries("effects")):
        name = item.text("name")
        if name in names:
            raise item.error("name", f"{name!r} is given twice")
        names.add(name)
        kind = item.choice("kind", EffectKind.values)
        values = {
            "kind": kind,
            "name": name,
            "unit": item.text("unit", required=False),
            "baseline": item.number("baseline"),
            "result": item.number("result"),
            "n": item.number("n", integer=True),
            "interval_low": item.number("interval_low"),
            "interval_high": item.number("interval_high"),
            "rating": item.choice("rating", [1, 2, 3, 4, 5], required=False) or None,
            "description": item.text("description", required=False),
            "source": item.text("source", required=False),
            "is_illustrative": item.boolean("is_illustrative", False),
        }
        if kind == EffectKind.QUANTITATIVE and values["result"] is None:
            raise item.error("result", "a measured effect needs a result")
        if kind == EffectKind.IMMATERIAL and not values["description"]:
            raise item.error("description", "an immaterial effect needs a description")
        if values["is_illustrative"] and not values["description"]:
            raise item.error("description", "say why the figures are illustrative")
        if not values["is_illustrative"] and not values["source"]:
            raise item.error("source", "a figure presented as fact needs its source")
        default_at = (understood_at or last_at) - dt.timedelta(hours=1, minutes=-index)
        effects.append(_EffectSpec(values, item.moment("at", required=False) or default_at))

    kudos_emails = [email.lower() for email in entry.texts("kudos")]
    for email in kudos_emails:
        if email not in emails:
            raise entry.error("kudos", f"{email} is not in people.toml")
    if kudos_emails and not is_published:
        raise entry.error("kudos", "only a published innovation can be celebrated")
    if len(set(kudos_emails)) != len(kudos_emails):
        raise entry.error("kudos", "one kudos per person")
    kudos = tuple(kudos_emails)
    if kudos and _kudos_time(published_at or created_at, len(kudos) - 1) > timezone.now():
        raise entry.error("kudos", "the last kudos would lie in the future; publish earlier")

    sponsor = person(entry, "sponsor", required=False)
    anchored_at = entry.moment("anchored_at", required=False) if sponsor else None
    if sponsor and anchored_at is None:
        anchored_at = created_at + dt.timedelta(days=1)
    return _InnovationSpec(
        demo_key=entry.text("demo_key"),
        fields={**fields, "phase": phase},
        units=units,
        tags=tuple(entry.texts("tags")),
        created_by=created_by,
        created_at=created_at,
        published_at=published_at,
        sponsor=sponsor,
        anchored_at=anchored_at,
        team=tuple(team),
        journey=tuple(journey),
        effects=tuple(effects),
        kudos=kudos,
        source=str(entry.file.path),
        line=entry.line,
    )


def read_innovations(
    paths: Iterable[Path], unit_keys: set[str], emails: set[str]
) -> list[_InnovationSpec]:
    """The demo innovations of the given files, checked against known units and people."""
    specs: list[_InnovationSpec] = []
    keys: dict[str, str] = {}
    slugs: dict[str, str] = {}
    for path in paths:
        file = _File(path)
        for entry in _entries(file, "innovation", "demo_key"):
            spec = _read_innovation(entry, unit_keys, emails)
            where = f"{path.name}, line {entry.line}"
            if spec.demo_key in keys:
                raise entry.error("demo_key", f"{spec.demo_key!r} also at {keys[spec.demo_key]}")
            if spec.fields["slug"] in slugs:
                raise entry.error(
                    "slug", f"{spec.fields['slug']!r} also at {slugs[spec.fields['slug']]}"
                )
            keys[spec.demo_key] = slugs[spec.fields["slug"]] = where
            specs.append(spec)
    return specs


def _check_rules(spec: _InnovationSpec, innovation: Innovation) -> None:
    """Every demo journey must be one the phase rules allow, and a sponsor must lead it."""
    for step in spec.journey:
        innovation.phase = step.from_phase
        missing = rules.phase_blockers(innovation, step.to_phase)
        if missing:
            raise DemoContentError(spec.source, spec.line, "journey", " ".join(missing))
    innovation.phase = spec.fields["phase"]
    if innovation.sponsor_id and not innovation.can_anchor(innovation.sponsor):
        raise DemoContentError(
            spec.source, spec.line, "sponsor", "the sponsor must lead one of its units"
        )


def _sync(
    existing: Iterable[Any], wanted: dict[Any, dict[str, Any]], key_of: Any, make: Any
) -> list[tuple[Any, Any]]:
    """Make the rows ``existing`` exactly ``wanted`` (natural key → field values).

    Rows whose key is not wanted are deleted, rows whose fields differ are updated, missing
    rows are made with ``make(values)``. Returns ``(key, row)`` pairs in ``wanted``'s order.
    """
    rows = {}
    for row in existing:
        key = key_of(row)
        if key in wanted and key not in rows:
            rows[key] = row
        else:
            row.delete()
    result = []
    for key, values in wanted.items():
        row = rows.get(key)
        if row is None:
            row = make(values)
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
        result.append((key, row))
    return result


def _set_time(model: type[Any], row: Any, name: str, at: dt.datetime) -> None:
    """Date a row at ``at`` (its auto_now_add field stamps the load's own time)."""
    if getattr(row, name) != at:
        model.objects.filter(pk=row.pk).update(**{name: at})
        setattr(row, name, at)


def _tags(names: Sequence[str]) -> list[Tag]:
    tags = []
    for name in names:
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            slug, number = norwegian_slug(name, max_length=70), 2
            while Tag.objects.filter(slug=slug).exists():
                slug, number = f"{norwegian_slug(name, max_length=70)}-{number}", number + 1
            tag = Tag.objects.create(name=name, slug=slug)
        tags.append(tag)
    return tags


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def _load_innovation(spec: _InnovationSpec, users: dict[str, User], units: dict[str, Unit]) -> str:
    """Write one demo innovation; returns "created", "updated" or "unchanged"."""
    user = users.get
    fields = {
        **spec.fields,
        "created_by": users[spec.created_by],
        "sponsor": user(spec.sponsor),
    }
    innovation = Innovation.objects.filter(demo_key=spec.demo_key).first()
    taken = (
        Innovation.objects.filter(slug=spec.fields["slug"])
        .exclude(pk=innovation.pk if innovation else None)
        .first()
    )
    if taken is not None:
        raise DemoContentError(
            spec.source, spec.line, "slug", f"{taken.slug!r} is taken by «{taken.title}»"
        )
    unit_list = [units[key] for key in spec.units]
    tag_list = _tags(spec.tags)
    outcome = "unchanged"
    if innovation is None:
        innovation = Innovation.objects.create(demo_key=spec.demo_key, **fields)
        innovation.units.set(unit_list)
        innovation.tags.set(tag_list)
        outcome = "created"
    else:
        changes: dict[str, list[Any]] = {}
        for name, value in fields.items():
            old = getattr(innovation, name)
            if old != value:
                changes[name] = _jsonable([old, value])
                setattr(innovation, name, value)
        old_units = sorted(innovation.units.values_list("key", flat=True))
        if old_units != sorted(spec.units):
            changes["units"] = [old_units, sorted(spec.units)]
            innovation.units.set(unit_list)
        old_tags = sorted(innovation.tags.values_list("name", flat=True))
        if old_tags != sorted(tag.name for tag in tag_list):
            changes["tags"] = [old_tags, sorted(tag.name for tag in tag_list)]
            innovation.tags.set(tag_list)
        if changes:
            innovation.version += 1
            innovation.save()
            AuditEntry.objects.create(
                innovation=innovation, actor=None, action="innovation.updated", changes=changes
            )
            outcome = "updated"

    members = _sync(
        innovation.team.select_related("person"),
        {
            (m.person or None, "" if m.person else m.name): {
                "person": user(m.person),
                "name": m.name,
                "actor_type": m.actor_type,
                "role": m.role,
                "organisation": m.organisation,
            }
            for m in spec.team
        },
        lambda row: (
            row.person.email if row.person_id else None,
            "" if row.person_id else row.name,
        ),
        lambda values: TeamMember.objects.create(innovation=innovation, **values),
    )
    for (_, member), member_spec in zip(members, spec.team, strict=True):
        _set_time(TeamMember, member, "added_at", member_spec.at)
    effects = _sync(
        innovation.effects.all(),
        {effect.values["name"]: effect.values for effect in spec.effects},
        lambda row: row.name,
        lambda values: Effect.objects.create(innovation=innovation, **values),
    )
    for (_, effect), effect_spec in zip(effects, spec.effects, strict=True):
        _set_time(Effect, effect, "created_at", effect_spec.at)
    _sync(
        innovation.transitions.select_related("by"),
        {
            (step.at, step.to_phase): {
                "at": step.at,
                "by": users[step.by],
                "from_phase": step.from_phase,
                "to_phase": step.to_phase,
                "note": step.note,
            }
            for step in spec.journey
        },
        lambda row: (row.at, row.to_phase),
        lambda values: PhaseTransition.objects.create(innovation=innovation, **values),
    )
    kudos_times = {
        email: _kudos_time(spec.published_at or spec.created_at, index)
        for index, email in enumerate(spec.kudos)
    }
    kudos = _sync(
        innovation.kudos.select_related("person"),
        {email: {"person": users[email]} for email in spec.kudos},
        lambda row: row.person.email,
        lambda values: Kudos.objects.create(innovation=innovation, **values),
    )
    for email, row in kudos:
        _set_time(Kudos, row, "created_at", kudos_times[email])

    _check_rules(spec, innovation)
    _log_history(spec, innovation, users, kudos_times)
    last = max(
        [spec.created_at, spec.published_at or spec.created_at, spec.anchored_at or spec.created_at]
        + [step.at for step in spec.journey]
        + [effect.at for effect in spec.effects]
        + list(kudos_times.values())
    )
    Innovation.objects.filter(pk=innovation.pk).update(created_at=spec.created_at, updated_at=last)
    return outcome


def _history(
    spec: _InnovationSpec, users: dict[str, User], kudos_times: dict[str, dt.datetime]
) -> list[tuple[dt.datetime, str, User | None, dict[str, list[Any]]]]:
    """The audit entries the services would have written, at the moments they happened."""
    fields = spec.fields
    published_at_once = fields["is_published"] and spec.published_at == spec.created_at
    created = {
        name: [None, fields[name]]
        for name in ("title", "problem", "what_we_did", "what_changed", "sector")
    }
    for name in ("barometer_type", "novelty", "initiator", "gains"):
        if fields[name] not in ("", []):
            created[name] = [None, fields[name]]
    created["phase"] = [None, Phase.DISCOVERED.value]
    created["units"] = [None, sorted(spec.units)]
    if spec.tags:
        created["tags"] = [None, sorted(spec.tags)]
    created["is_published"] = [None, bool(published_at_once)]
    author = users[spec.created_by]
    entries = [(spec.created_at, "innovation.created", author, created)]
    for member in spec.team[1:]:
        label = users[member.person].get_full_name() if member.person else member.name
        actor_label = ActorType(member.actor_type).label
        entries.append(
            (
                member.at,
                "innovation.team_member_added",
                author,
                {"team": [None, f"{label} ({actor_label})"]},
            )
        )
    for effect in spec.effects:
        entries.append(
            (
                effect.at,
                "innovation.effect_added",
                author,
                {"effects": [None, effect.values["name"]]},
            )
        )
    for step in spec.journey:
        changes: dict[str, list[Any]] = {"phase": [step.from_phase, step.to_phase]}
        if step.note:
            changes["note"] = [None, step.note]
        entries.append((step.at, "innovation.phase_moved", users[step.by], changes))
    if fields["is_published"] and not published_at_once:
        assert spec.published_at is not None
        entries.append(
            (spec.published_at, "innovation.published", author, {"is_published": [False, True]})
        )
    if spec.sponsor:
        assert spec.anchored_at is not None
        sponsor = users[spec.sponsor]
        entries.append(
            (spec.anchored_at, "innovation.anchored", sponsor, {"sponsor": [None, str(sponsor)]})
        )
    for index, email in enumerate(spec.kudos):
        entries.append(
            (
                kudos_times[email],
                "innovation.kudos_given",
                users[email],
                {"kudos": [index, index + 1]},
            )
        )
    return entries


def _log_history(
    spec: _InnovationSpec,
    innovation: Innovation,
    users: dict[str, User],
    kudos_times: dict[str, dt.datetime],
) -> None:
    """Add the demo's audit entries the log lacks; entries written since are kept."""

    def key(at: dt.datetime, action: str, actor_id: int | None, changes: Any) -> tuple[Any, ...]:
        return (at, action, actor_id, json.dumps(changes, sort_keys=True, ensure_ascii=False))

    present = {
        key(entry.at, entry.action, entry.actor_id, entry.changes)
        for entry in innovation.audit_entries.all()
    }
    for at, action, actor, changes in _history(spec, users, kudos_times):
        changes = _jsonable(changes)
        if key(at, action, actor.pk if actor else None, changes) in present:
            continue
        entry = AuditEntry.objects.create(
            innovation=innovation, actor=actor, action=action, changes=changes
        )
        _set_time(AuditEntry, entry, "at", at)


# --- everything ------------------------------------------------------------------------------


def innovation_files(demo_dir: Path = DEMO_DIR) -> list[Path]:
    """The demo's innovation files, in load order."""
    return sorted((demo_dir / "innovations").glob("*.toml"))


def load_demo(demo_dir: Path = DEMO_DIR) -> DemoSummary:
    """Load or refresh all demo content in one transaction (idempotent).

    Parameters
    ----------
    demo_dir
        The folder with ``units.toml``, ``people.toml`` and ``innovations/*.toml``.

    Returns
    -------
    DemoSummary
        What was created, updated or found unchanged, and the demo logins.

    Raises
    ------
    sokkel.units.loading.UnitDataError
        A file is malformed (DemoContentError for the demo's own files); nothing is written.
    """
    unit_specs = read_units(demo_dir / "units.toml")
    with transaction.atomic():
        summary = load_norway()
        summary += load_units(unit_specs, source=str(demo_dir / "units.toml"))
        units = {unit.key: unit for unit in Unit.objects.all()}
        people = read_people(demo_dir / "people.toml", set(units))
        innovations = read_innovations(
            innovation_files(demo_dir), set(units), {person.email for person in people}
        )
        users = _load_people(people, units)
        outcomes = {"created": 0, "updated": 0, "unchanged": 0}
        for spec in innovations:
            outcomes[_load_innovation(spec, users, units)] += 1
    logger.info(
        "Demo loaded: %d people, %d innovations (%d created, %d updated)",
        len(people),
        len(innovations),
        outcomes["created"],
        outcomes["updated"],
    )
    return DemoSummary(
        units=summary,
        people=len(people),
        innovations_created=outcomes["created"],
        innovations_updated=outcomes["updated"],
        innovations_unchanged=outcomes["unchanged"],
        logins=[_login(person, units) for person in people],
    )

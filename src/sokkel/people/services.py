"""A person's own data: download everything Sokkel keeps about them, or delete their account.

People sit below innovations and spread in the layers, so this module imports neither: it
reaches their rows through the reverse relations they declare on ``User`` (``memberships``,
``kudos_given``, ``follows`` …) and looks up the few models it needs by name at run time,
django-axes' records of sign-ins among them.
"""

from __future__ import annotations

import logging
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from sokkel.people.models import User
from sokkel.units.models import Unit

logger = logging.getLogger(__name__)

#: What a deleted account is called wherever its stories, kudos and log lines still show it.
DELETED_NAME = "Slettet bruker"
EXPORT_FORMAT = "sokkel-personal-data/1"


def deleted_email(person: User) -> str:
    """A unique address nobody can receive mail at (``.invalid`` is reserved, RFC 2606)."""
    return f"deleted-{person.pk}@sokkel.invalid"


# --- download my data ------------------------------------------------------------------------


def _unit(unit: Unit | None) -> dict[str, str] | None:
    return {"key": unit.key, "name": unit.name} if unit is not None else None


def _account(person: User) -> dict[str, Any]:
    digest = apps.get_model("spread", "DigestSubscription").objects.filter(person=person).first()
    return {
        "id": person.pk,
        "email": person.email,
        "full_name": person.full_name,
        "home_unit": _unit(person.home_unit),
        "date_joined": person.date_joined,
        "last_login": person.last_login,
        "roles": {
            "researcher": person.is_researcher,
            "affiliation": person.affiliation,
            "administrator": person.is_staff or person.is_superuser,
            "leads": [
                {"unit": _unit(leadership.unit), "title": leadership.title}
                for leadership in person.leaderships.select_related("unit").order_by("unit__path")
            ],
        },
        "api_tokens": [
            {"name": token.name, "created_at": token.created_at, "last_used_at": token.last_used_at}
            for token in person.api_tokens.order_by("created_at", "pk")
        ],
        "weekly_digest": (
            {"is_subscribed": digest.is_subscribed, "last_sent_at": digest.last_sent_at}
            if digest is not None
            else None
        ),
    }


def _innovations(person: User) -> list[dict[str, Any]]:
    """The innovations the person told or is on the team of, with their own part in each."""
    innovation_model = apps.get_model("innovations", "Innovation")
    roles = {member.innovation_id: member for member in person.memberships.all()}
    told = models.Q(created_by=person) | models.Q(pk__in=roles.keys())
    rows = []
    for innovation in (
        innovation_model.objects.filter(told).prefetch_related("units", "tags").order_by("pk")
    ):
        member = roles.get(innovation.pk)
        rows.append(
            {
                "id": innovation.pk,
                "title": innovation.title,
                "url": innovation.get_absolute_url(),
                "is_published": innovation.is_published,
                "phase": innovation.phase,
                "sector": innovation.sector,
                "units": [_unit(unit) for unit in innovation.units.all()],
                "tags": [tag.name for tag in innovation.tags.all()],
                "created_at": innovation.created_at,
                "updated_at": innovation.updated_at,
                "told_by_me": innovation.created_by_id == person.pk,
                "my_part_in_the_team": (
                    {
                        "actor_type": member.actor_type,
                        "role": member.role,
                        "organisation": member.organisation,
                        "added_at": member.added_at,
                    }
                    if member is not None
                    else None
                ),
                "problem": innovation.problem,
                "what_we_did": innovation.what_we_did,
                "what_changed": innovation.what_changed,
                "adoption_recipe": innovation.adoption_recipe,
            }
        )
    return rows


def _sign_in_records(email: str) -> dict[str, QuerySet[Any]]:
    """django-axes' records of sign-ins and failed attempts with this e-mail address."""
    if not apps.is_installed("axes"):
        return {}
    return {
        name: apps.get_model("axes", model).objects.filter(username__iexact=email)
        for name, model in (
            ("sign_ins", "AccessLog"),
            ("failed_sign_ins", "AccessAttempt"),
            ("failed_sign_in_log", "AccessFailureLog"),
        )
    }


def _sign_ins(email: str) -> dict[str, list[dict[str, Any]]]:
    return {
        name: [
            {
                "at": record.attempt_time,
                "ip_address": record.ip_address,
                "user_agent": record.user_agent,
            }
            for record in records.order_by("attempt_time", "pk")
        ]
        for name, records in _sign_in_records(email).items()
    }


def _follow(follow: Any) -> dict[str, Any]:
    if follow.sector:
        kind, target = "sector", follow.sector
    elif follow.tag_id:
        kind, target = "tag", follow.tag.name
    else:
        kind, target = "unit", _unit(follow.unit)
    return {"kind": kind, "target": target, "since": follow.created_at}


def export_personal_data(person: User) -> dict[str, Any]:
    """Everything Sokkel keeps about ``person``, JSON-ready (``DjangoJSONEncoder`` for dates).

    Innovations they told or are on the team of come whole; kudos, anchorings and the audit
    entries they wrote name an innovation only if the person may still see it, and give an
    audit entry's old and new values only then (a draft's text is its team's, not theirs).
    """
    innovation_model = apps.get_model("innovations", "Innovation")
    audit_model = apps.get_model("innovations", "AuditEntry")
    kudos = list(person.kudos_given.select_related("innovation").order_by("created_at", "pk"))
    anchored = list(person.sponsored_innovations.order_by("pk"))
    entries = list(
        audit_model.objects.filter(actor=person).select_related("innovation").order_by("at", "pk")
    )
    mentioned = (
        {item.innovation_id for item in kudos}
        | {innovation.pk for innovation in anchored}
        | {entry.innovation_id for entry in entries}
    )
    visible = set(
        innovation_model.objects.visible_to(person)
        .filter(pk__in=mentioned)
        .values_list("pk", flat=True)
    )

    def ref(innovation: Any) -> dict[str, Any]:
        if innovation.pk not in visible:
            return {"id": innovation.pk, "title": None, "url": None}
        return {
            "id": innovation.pk,
            "title": innovation.title,
            "url": innovation.get_absolute_url(),
        }

    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now(),
        "account": _account(person),
        **_sign_ins(person.email),
        "innovations": _innovations(person),
        "anchored": [ref(innovation) for innovation in anchored],
        "kudos": [{"innovation": ref(item.innovation), "at": item.created_at} for item in kudos],
        "follows": [
            _follow(follow)
            for follow in person.follows.select_related("tag", "unit").order_by("created_at", "pk")
        ],
        "audit_entries": [
            {
                "at": entry.at,
                "action": entry.action,
                "innovation": ref(entry.innovation),
                "changes": (
                    entry.changes if entry.innovation_id in visible else sorted(entry.changes)
                ),
            }
            for entry in entries
        ],
    }


# --- delete my account -------------------------------------------------------------------------


def _end_sessions(person: User) -> int:
    """End every signed-in session of ``person``; how many there were.

    Only database-backed session stores can be searched. With any other store the sessions
    end anyway: an inactive person with a changed password hash is signed out at their next
    request.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    ended = 0
    live = store.get_model_class().objects.filter(expire_date__gt=timezone.now())
    for session in live.iterator():
        if session.get_decoded().get(SESSION_KEY) == str(person.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def delete_account(person: User) -> None:
    """Deactivate and anonymise ``person``'s account, in one transaction.

    The name becomes «Slettet bruker», the e-mail address a unique placeholder, the password
    unusable; home unit, affiliation, leaderships, administrator rights, API tokens, follows,
    the weekly digest, the records of sign-ins under the old address (django-axes) and every
    signed-in session go. The stories they told, their place on teams, their kudos and the
    audit entries they wrote stay, shown as «Slettet bruker». Innovations' audit log is per
    innovation, so the deletion is logged here instead.
    """
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=person.pk)
        old_email = account.email
        account.full_name = DELETED_NAME
        account.email = deleted_email(account)
        account.set_unusable_password()
        account.is_active = account.is_staff = account.is_superuser = False
        account.home_unit = None
        account.affiliation = ""
        account.save()
        account.groups.clear()
        account.user_permissions.clear()
        account.leaderships.all().delete()
        account.api_tokens.all().delete()
        account.follows.all().delete()
        apps.get_model("spread", "DigestSubscription").objects.filter(person=account).delete()
        for records in _sign_in_records(old_email).values():
            records.delete()
        sessions = _end_sessions(account)
    logger.info("people.account_deleted: person %s (%s sessions ended)", person.pk, sessions)

"""The weekly digest: one grouped e-mail per person about what they follow.

:func:`send_digests` is run by a scheduler (``sokkel manage send_digests``, e.g. from cron
every Monday morning). Each person who follows something and has not unsubscribed gets at
most one e-mail per run, grouping what is new, celebrated and spreading since their last
digest (at most a week back the first time); nothing is sent when nothing happened. Every
e-mail carries a personal unsubscribe link (and a ``List-Unsubscribe`` header).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sokkel.innovations.models import Innovation, Phase
from sokkel.people.models import User
from sokkel.spread.models import Adoption, DigestSubscription, Follow
from sokkel.units.models import Unit

logger = logging.getLogger(__name__)

PERIOD = datetime.timedelta(days=7)
#: A digest is due a little before a full week has passed, so a weekly job never skips one.
DUE_SLACK = datetime.timedelta(hours=12)
UNSUBSCRIBE_SALT = "sokkel.spread.digest.unsubscribe"
MAX_ITEMS = 10


@dataclass
class Digest:
    """What happened since ``since`` in what ``person`` follows, grouped."""

    person: User
    since: datetime.datetime
    new: list[Innovation]
    celebrated: list[Innovation]
    spreading: list[Adoption]
    shared: list[Innovation]

    @property
    def is_empty(self) -> bool:
        return not (self.new or self.celebrated or self.spreading or self.shared)


def followed_innovations(person: User) -> QuerySet[Innovation]:
    """Published innovations in the sectors, tags and units (with sub-units) ``person`` follows."""
    query = Q(pk__in=[])
    for found in Follow.objects.filter(person=person).select_related("unit"):
        if found.sector:
            query |= Q(sector=found.sector)
        elif found.tag_id:
            query |= Q(tags=found.tag_id)
        elif found.unit is not None:
            query |= Q(units__path__startswith=found.unit.path)
    matching = Innovation.objects.filter(query).values("pk")
    return Innovation.objects.published().filter(pk__in=matching)


def _followed_units(person: User) -> QuerySet[Unit]:
    """The units ``person`` follows, with everything below them."""
    query = Q(pk__in=[])
    for path in Unit.objects.filter(follow__person=person).values_list("path", flat=True):
        query |= Q(path__startswith=path)
    return Unit.objects.filter(query)


def build_digest(person: User, since: datetime.datetime) -> Digest:
    """The digest of everything since ``since`` in what ``person`` follows.

    *Spreading* holds adoptions of followed innovations and adoptions by followed units.
    """
    followed = followed_innovations(person)
    new = list(followed.filter(published_at__gte=since).order_by("-published_at")[:MAX_ITEMS])
    celebrated = list(
        followed.annotate(new_kudos=Count("kudos", filter=Q(kudos__created_at__gte=since)))
        .filter(new_kudos__gt=0)
        .order_by("-new_kudos", "-pk")[:MAX_ITEMS]
    )
    spreading = list(
        Adoption.objects.filter(
            Q(innovation__in=followed)
            | Q(innovation__is_published=True, unit__in=_followed_units(person)),
            created_at__gte=since,
        )
        .select_related("innovation", "unit")
        .order_by("-created_at")[:MAX_ITEMS]
    )
    shared = list(
        followed.filter(
            phase=Phase.SHARED,
            transitions__to_phase=Phase.SHARED,
            transitions__at__gte=since,
        )
        .distinct()
        .order_by("-pk")[:MAX_ITEMS]
    )
    return Digest(person, since, new, celebrated, spreading, shared)


def unsubscribe_token(person: User) -> str:
    return signing.dumps(person.pk, salt=UNSUBSCRIBE_SALT)


def person_from_token(token: str) -> User | None:
    """The person an unsubscribe token was made for, or None if it is not genuine."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk).first()


def unsubscribe(person: User) -> None:
    DigestSubscription.objects.update_or_create(person=person, defaults={"is_subscribed": False})


def _site_url() -> str:
    return str(getattr(settings, "SOKKEL_SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def digest_message(digest: Digest) -> EmailMultiAlternatives:
    """The e-mail of a digest: plain text and HTML, with the unsubscribe link."""
    site = _site_url()
    unsubscribe_url = site + reverse("spread-unsubscribe", args=[unsubscribe_token(digest.person)])
    context = {"digest": digest, "site": site, "unsubscribe_url": unsubscribe_url}
    message = EmailMultiAlternatives(
        subject=_("Sokkel: nytt i det du følger"),
        body=render_to_string("spread/digest_email.txt", context),
        to=[digest.person.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("spread/digest_email.html", context), "text/html")
    return message


def due_people(now: datetime.datetime) -> QuerySet[User]:
    """People who follow something, have not unsubscribed and had no digest this week."""
    due_before = now - PERIOD + DUE_SLACK
    return (
        User.objects.filter(is_active=True, follows__isnull=False)
        .exclude(digest__is_subscribed=False)
        .exclude(digest__last_sent_at__gt=due_before)
        .distinct()
    )


def send_digests(now: datetime.datetime | None = None) -> int:
    """Send every due digest that has something to tell; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for person in due_people(now):
        subscription, _created = DigestSubscription.objects.get_or_create(person=person)
        since = subscription.last_sent_at or now - PERIOD
        with translation.override(settings.LANGUAGE_CODE):
            digest = build_digest(person, since)
            if digest.is_empty:
                continue
            digest_message(digest).send()
        subscription.last_sent_at = now
        subscription.save(update_fields=["last_sent_at"])
        sent += 1
        logger.info("weekly digest sent to person %s", person.pk)
    return sent

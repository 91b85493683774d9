"""Following things and the weekly digest: grouped, one per person, with an unsubscribe link."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sokkel.innovations import services as innovation_services
from sokkel.innovations.models import Tag
from sokkel.spread import services
from sokkel.spread.digest import send_digests
from sokkel.spread.models import Follow

pytestmark = pytest.mark.django_db


def test_it_follows_sectors_tags_and_units(charlie: Any, unit: Any, client_for: Callable) -> None:
    tag = Tag.objects.create(name="demens", slug="demens")
    client = client_for(charlie)
    for data in ({"sector": "health_care"}, {"tag": "demens"}, {"unit": unit.key}):
        assert client.post("/spredning/folger/", data).status_code == 302
    assert client.post("/spredning/folger/", {}).status_code == 400
    follows = Follow.objects.filter(person=charlie)
    assert {str(item) for item in follows} == {"helse og omsorg", str(tag), str(unit)}
    page = client.get("/spredning/folger/").content.decode()
    assert "Slutt å følge demens" in page


def test_a_unit_is_followed_by_its_typed_name(
    charlie: Any, unit: Any, client_for: Callable
) -> None:
    client = client_for(charlie)
    assert client.post("/spredning/folger/", {"unit": "testvik kommune"}).status_code == 302
    assert [follow.unit for follow in Follow.objects.filter(person=charlie)] == [unit]
    refused = client.post("/spredning/folger/", {"unit": "Ingensteds"})
    assert refused.status_code == 400
    assert "Fant ingen enhet som heter «Ingensteds»" in refused.content.decode()
    assert Follow.objects.filter(person=charlie).count() == 1


def test_one_grouped_digest_per_person(
    innovation: Any, charlie: Any, bob: Any, alice: Any, unit: Any, draft: Any
) -> None:
    services.follow(charlie, sector="health_care")
    services.follow(charlie, unit=unit)
    innovation_services.give_kudos(innovation, by=bob)
    innovation_services.give_kudos(innovation, by=charlie)
    assert send_digests() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["charlie@example.no"]
    assert "Nye historier" in message.body and "Bejublet" in message.body
    assert "Mobil røntgen" in message.body and "2 nye heiarop" in message.body
    assert "Nattevakt-appen" not in message.body  # a draft
    assert "/spredning/avmeld/" in message.extra_headers["List-Unsubscribe"]
    assert send_digests() == 0  # at most one a week


def test_nothing_new_sends_nothing(innovation: Any, charlie: Any) -> None:
    services.follow(charlie, sector="education")
    assert send_digests() == 0
    assert mail.outbox == []


def test_the_next_week_covers_only_what_is_new(innovation: Any, charlie: Any) -> None:
    services.follow(charlie, sector="health_care")
    assert send_digests() == 1
    next_week = timezone.now() + datetime.timedelta(days=7)
    assert send_digests(now=next_week) == 0


def test_the_unsubscribe_link_stops_the_digest(
    innovation: Any, charlie: Any, client_for: Callable
) -> None:
    services.follow(charlie, sector="health_care")
    call_command("send_digests", stdout=io.StringIO())
    link = re.search(r"(/spredning/avmeld/[^/\s]+/)", mail.outbox[0].body).group(1)
    anonymous = client_for(None)
    assert "Meld meg av" in anonymous.get(link).content.decode()
    assert anonymous.post(link).status_code == 200
    assert anonymous.get("/spredning/avmeld/forged-token/").status_code == 404
    innovation_services.give_kudos(innovation, by=charlie)
    later = timezone.now() + datetime.timedelta(days=8)
    assert send_digests(now=later) == 0


def test_the_unit_page_offers_to_follow_it(
    unit: Any, charlie: Any, bob: Any, client_for: Callable
) -> None:
    page = client_for(charlie).get(f"/enheter/{unit.key}/").content.decode()
    assert "Følg Testvik kommune" in page and "Det du følger" in page
    assert "For dine enheter" not in page
    assert "For dine enheter" in client_for(bob).get("/").content.decode()
    assert (
        "Følg Testvik kommune" not in client_for(None).get(f"/enheter/{unit.key}/").content.decode()
    )


def test_spreading_includes_adoptions_by_followed_units(
    innovation: Any, other_home: Any, nora: Any, charlie: Any
) -> None:
    services.follow(charlie, unit=other_home.parent)  # Nabovik kommune
    services.record_adoption(innovation, by=nora, unit=other_home)
    assert send_digests() == 1
    body = mail.outbox[0].body
    assert "Spres" in body and "Nabovik sykehjem har tatt i bruk «Mobil røntgen»" in body
    assert "Nye historier" not in body  # the innovation itself lies outside what charlie follows


def test_the_spread_pages_speak_nynorsk_and_english(
    innovation: Any, charlie: Any, client_for: Callable
) -> None:
    client = client_for(charlie)
    client.post("/i18n/setlang/", {"language": "nn", "next": "/"})
    body = client.get(innovation.get_absolute_url()).content.decode()
    assert "Liknande innovasjonar" in body and "Det du følgjer" in body
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "What you follow" in client.get("/spredning/folger/").content.decode()

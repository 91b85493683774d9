"""Withdrawing a published innovation and publishing it again: who may, what it records."""

from __future__ import annotations

import datetime
import threading
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from sokkel.core.errors import InvalidInput, NotAllowed, ServiceError
from sokkel.innovations import services
from sokkel.innovations.models import AuditEntry, Innovation
from sokkel.search.models import SearchDocument
from sokkel.search.similar import similar_innovations
from sokkel.spread import services as spread_services
from sokkel.spread.digest import build_digest, send_digests

REASON = "Tallene i historien var feil; teamet retter dem."


def latest_audit(innovation: Innovation) -> AuditEntry:
    return innovation.audit_entries.order_by("-pk").first()


@pytest.fixture
def hanna(home: Any) -> Any:
    """The leader of ``home`` itself (bob leads the municipality above it)."""
    from sokkel.people.models import Leadership, User

    hanna = User.objects.create_user("hanna@example.no", "x", full_name="Hanna Hagen")
    Leadership.objects.create(person=hanna, unit=home, title="Enhetsleder")
    return hanna


def person(request: pytest.FixtureRequest, name: str) -> Any:
    return AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)


# --- who may -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["hanna", "bob", "admin_user"])
def test_it_lets_leaders_of_its_units_and_above_and_admins_withdraw(
    request: pytest.FixtureRequest, innovation: Any, name: str
) -> None:
    leader = person(request, name)
    services.withdraw_innovation(innovation, by=leader, reason=f"  {REASON}\n")
    innovation.refresh_from_db()
    assert not innovation.is_published
    assert innovation.is_withdrawn
    assert innovation.withdrawn_by == leader
    assert innovation.withdrawal_reason == REASON
    assert timezone.now() - innovation.withdrawn_at < datetime.timedelta(minutes=1)


@pytest.mark.parametrize("name", ["alice", "charlie", "researcher", "anonymous"])
def test_it_refuses_the_team_and_outsiders(
    request: pytest.FixtureRequest, innovation: Any, name: str
) -> None:
    with pytest.raises(NotAllowed) as caught:
        services.withdraw_innovation(innovation, by=person(request, name), reason=REASON)
    assert "leder" in caught.value.message
    innovation.refresh_from_db()
    assert innovation.is_published and not innovation.is_withdrawn
    assert not innovation.audit_entries.exists()


@pytest.mark.parametrize("name", ["alice", "charlie", "anonymous"])
def test_it_lets_only_leaders_and_admins_publish_it_again(
    request: pytest.FixtureRequest, innovation: Any, bob: Any, name: str
) -> None:
    services.withdraw_innovation(innovation, by=bob, reason=REASON)
    with pytest.raises(NotAllowed):
        services.restore_innovation(innovation, by=person(request, name))
    innovation.refresh_from_db()
    assert innovation.is_withdrawn and not innovation.is_published


def test_it_keeps_the_team_from_publishing_it_as_a_draft(
    innovation: Any, alice: Any, bob: Any
) -> None:
    services.withdraw_innovation(innovation, by=bob, reason=REASON)
    with pytest.raises(NotAllowed) as caught:
        services.publish_innovation(innovation, by=alice)
    assert "trukket tilbake" in caught.value.message
    with pytest.raises(ServiceError) as caught:
        services.publish_innovation(innovation, by=bob)  # bob publishes it again instead
    assert "Publiser igjen" in caught.value.message
    innovation.refresh_from_db()
    assert innovation.is_withdrawn and not innovation.is_published


# --- what it refuses -----------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_it_needs_a_reason(innovation: Any, bob: Any, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.withdraw_innovation(innovation, by=bob, reason=reason)
    assert list(caught.value.errors) == ["reason"]
    innovation.refresh_from_db()
    assert innovation.is_published


def test_it_refuses_a_reason_over_500_characters(innovation: Any, bob: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.withdraw_innovation(innovation, by=bob, reason="x" * 501)
    assert "500" in caught.value.errors["reason"][0]
    services.withdraw_innovation(innovation, by=bob, reason="x" * 500)
    assert innovation.is_withdrawn


def test_it_refuses_to_withdraw_a_draft_or_twice(draft: Any, innovation: Any, bob: Any) -> None:
    with pytest.raises(ServiceError) as caught:
        services.withdraw_innovation(draft, by=bob, reason=REASON)
    assert caught.value.message == "Bare publiserte innovasjoner kan trekkes tilbake."
    services.withdraw_innovation(innovation, by=bob, reason=REASON)
    with pytest.raises(ServiceError) as caught:
        services.withdraw_innovation(innovation, by=bob, reason=REASON)
    assert caught.value.message == "Innovasjonen er allerede trukket tilbake."
    assert innovation.audit_entries.filter(action="innovation.withdrawn").count() == 1


def test_it_refuses_to_restore_what_is_not_withdrawn(innovation: Any, draft: Any, bob: Any) -> None:
    for target in (innovation, draft):
        with pytest.raises(ServiceError) as caught:
            services.restore_innovation(target, by=bob)
        assert caught.value.message == "Innovasjonen er ikke trukket tilbake."
    draft.refresh_from_db()
    assert not draft.is_published


# --- audit and reversal --------------------------------------------------------------------


def test_it_logs_the_withdrawal_and_the_return(innovation: Any, bob: Any, hanna: Any) -> None:
    published_at = innovation.published_at
    services.withdraw_innovation(innovation, by=bob, reason=REASON)
    entry = latest_audit(innovation)
    assert (entry.action, entry.actor) == ("innovation.withdrawn", bob)
    assert entry.changes == {"is_published": [True, False], "withdrawal_reason": [None, REASON]}

    services.restore_innovation(innovation, by=hanna)
    entry = latest_audit(innovation)
    assert (entry.action, entry.actor) == ("innovation.restored", hanna)
    assert entry.changes == {"is_published": [False, True], "withdrawal_reason": [REASON, None]}
    innovation.refresh_from_db()
    assert innovation.is_published and not innovation.is_withdrawn
    assert (innovation.withdrawn_by, innovation.withdrawal_reason) == (None, "")
    assert innovation.published_at == published_at  # the first publication stands


def test_it_does_not_make_an_open_edit_stale(innovation: Any, alice: Any, bob: Any) -> None:
    services.withdraw_innovation(innovation, by=bob, reason=REASON)
    services.update_innovation(innovation, by=alice, version=1, title="Mobil røntgen, rettet")
    innovation.refresh_from_db()
    assert (innovation.title, innovation.version) == ("Mobil røntgen, rettet", 2)
    assert innovation.is_withdrawn  # the team's edit does not publish it


# --- where it disappears -------------------------------------------------------------------


def test_it_leaves_the_public_collections(
    innovation: Any, alice: Any, bob: Any, charlie: Any
) -> None:
    assert SearchDocument.objects.filter(innovation=innovation).exists()
    services.withdraw_innovation(innovation, by=bob, reason=REASON)
    assert not SearchDocument.objects.filter(innovation=innovation).exists()
    assert innovation not in Innovation.objects.published()
    assert innovation not in Innovation.objects.visible_to(charlie)
    assert innovation not in Innovation.objects.visible_to(AnonymousUser())
    assert innovation in Innovation.objects.visible_to(alice)  # the team
    assert innovation in Innovation.objects.visible_to(bob)  # a leader above
    services.restore_innovation(innovation, by=bob)
    assert SearchDocument.objects.filter(innovation=innovation).exists()
    assert innovation in Innovation.objects.visible_to(charlie)


def test_it_leaves_the_similar_innovations(alice: Any, bob: Any, home: Any) -> None:
    def tell(title: str, tags: list[str]) -> Innovation:
        return services.create_innovation(
            by=alice,
            title=title,
            problem="Beboere med demens måtte til sykehuset for røntgen.",
            what_we_did="Radiografen kommer til sykehjemmet.",
            what_changed="Færre sykehusturer.",
            units=[home],
            sector="health_care",
            tags=tags,
            publish=True,
        )

    xray = tell("Mobil røntgen på sykehjemmet", ["røntgen", "demens"])
    xray_too = tell("Røntgen hjemme hos beboerne", ["røntgen"])
    tell("Uteskole i matematikk", ["matematikk"])
    tell("Bedre dagsverk", ["turnus"])
    assert xray_too in similar_innovations(Innovation.objects.get(pk=xray.pk))
    services.withdraw_innovation(xray_too, by=bob, reason=REASON)
    assert xray_too not in similar_innovations(Innovation.objects.get(pk=xray.pk))


def test_it_leaves_the_digests(innovation: Any, bob: Any, charlie: Any) -> None:
    spread_services.follow(charlie, sector="health_care")
    since = timezone.now() - datetime.timedelta(days=7)
    assert innovation in build_digest(charlie, since).new
    services.withdraw_innovation(innovation, by=bob, reason=REASON)
    assert build_digest(charlie, since).is_empty
    assert send_digests() == 0
    assert mail.outbox == []


# --- two leaders at once -------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
)
@pytest.mark.django_db(transaction=True)
def test_it_withdraws_once_when_two_leaders_race(innovation: Any, bob: Any, hanna: Any) -> None:
    outcome: dict[str, str] = {}
    hanna_started = threading.Event()

    def hanna_withdraws() -> None:
        try:
            hanna_copy = Innovation.objects.get(pk=innovation.pk)
            hanna_started.set()
            services.withdraw_innovation(hanna_copy, by=hanna, reason="Hannas grunn")
            outcome["hanna"] = "withdrew"
        except ServiceError as error:
            outcome["hanna"] = error.message
        finally:
            connection.close()

    with transaction.atomic():
        services.withdraw_innovation(innovation, by=bob, reason=REASON)
        hannas = threading.Thread(target=hanna_withdraws)
        hannas.start()
        hanna_started.wait(timeout=5)
        hannas.join(timeout=0.3)
        assert hannas.is_alive(), "Hanna's withdrawal should wait for Bob's row lock"
    hannas.join(timeout=5)

    assert outcome == {"hanna": "Innovasjonen er allerede trukket tilbake."}
    innovation.refresh_from_db()
    assert (innovation.withdrawn_by, innovation.withdrawal_reason) == (bob, REASON)
    assert innovation.audit_entries.filter(action="innovation.withdrawn").count() == 1

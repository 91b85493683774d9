"""The Django admin obeys the innovation rules: audited, versioned edits; ruled fields read-only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sokkel.innovations import services
from sokkel.innovations.models import (
    ActorType,
    AuditEntry,
    Effect,
    EffectKind,
    Innovation,
    Phase,
    PhaseTransition,
    TeamMember,
)


def change_url(innovation: Innovation) -> str:
    return f"/admin/innovations/innovation/{innovation.pk}/change/"


def form_data(response: Any) -> dict[str, Any]:
    """What a browser posts back from the admin's change form, unchanged."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data: dict[str, Any] = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                raw_ids = "RawId" in type(field.field.widget).__name__
                data[field.html_name] = (
                    ",".join(map(str, value)) if raw_ids else [str(item) for item in value]
                )
            else:
                data[field.html_name] = "on" if value is True else str(value)
    return data


@pytest.fixture
def admin_client(client_for: Any, admin_user: Any) -> Client:
    return client_for(admin_user)


def test_it_saves_an_edit_through_the_service_with_audit_and_version(
    admin_client: Client, admin_user: Any, innovation: Innovation
) -> None:
    data = form_data(admin_client.get(change_url(innovation)))
    data["title"] = "Mobil røntgen i Testvik"
    response = admin_client.post(change_url(innovation), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    innovation.refresh_from_db()
    assert innovation.title == "Mobil røntgen i Testvik"
    assert innovation.version == 2
    entry = AuditEntry.objects.get(innovation=innovation)
    assert (entry.action, entry.actor) == ("innovation.updated", admin_user)
    assert entry.changes == {"title": ["Mobil røntgen", "Mobil røntgen i Testvik"]}


def test_it_logs_units_tags_and_gains_too(
    admin_client: Client, innovation: Innovation, unit: Any
) -> None:
    services.update_innovation(innovation, by=innovation.created_by, version=1, tags=["Demens"])
    data = form_data(admin_client.get(change_url(innovation)))
    data.update(units=str(unit.pk), tags=[], gains=["quality", "cost"])
    assert admin_client.post(change_url(innovation), data).status_code == 302
    entry = innovation.audit_entries.order_by("-pk").first()
    assert entry.changes == {
        "gains": [[], ["quality", "cost"]],
        "units": [["testvik-sykehjem"], ["kommune-9999"]],
        "tags": [["Demens"], []],
    }
    innovation.refresh_from_db()
    assert innovation.version == 3


def test_it_logs_nothing_when_nothing_changed(admin_client: Client, innovation: Innovation) -> None:
    data = form_data(admin_client.get(change_url(innovation)))
    assert admin_client.post(change_url(innovation), data).status_code == 302
    innovation.refresh_from_db()
    assert innovation.version == 1
    assert not innovation.audit_entries.exists()


def test_it_refuses_a_stale_admin_edit(
    admin_client: Client, alice: Any, innovation: Innovation
) -> None:
    data = form_data(admin_client.get(change_url(innovation)))
    services.update_innovation(innovation, by=alice, version=1, what_changed="Alices tekst")
    data["title"] = "Adminens tittel"
    response = admin_client.post(change_url(innovation), data, follow=True)
    assert "Noen andre har lagret endringer" in response.content.decode()
    innovation.refresh_from_db()
    assert (innovation.title, innovation.what_changed) == ("Mobil røntgen", "Alices tekst")
    assert innovation.version == 2
    assert innovation.audit_entries.count() == 1  # alice's


def test_it_ignores_posted_phase_publication_and_version(
    admin_client: Client, innovation: Innovation, bob: Any
) -> None:
    response = admin_client.get(change_url(innovation))
    form = response.context["adminform"].form
    ruled = {
        "phase",
        "is_published",
        "published_at",
        "version",
        "sponsor",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
        "slug",
        "created_by",
    }
    assert not ruled & set(form.fields)
    assert "Fase, publisering, tilbaketrekking og forankring endres på" in (
        response.content.decode()
    )
    data = form_data(response)
    data.update(
        phase=Phase.SHARED,
        is_published="",
        version="99",
        sponsor=str(bob.pk),
        withdrawal_reason="Smuglet inn",
    )
    assert admin_client.post(change_url(innovation), data).status_code == 302
    innovation.refresh_from_db()
    assert (innovation.phase, innovation.is_published, innovation.version) == (
        Phase.DISCOVERED,
        True,
        1,
    )
    assert innovation.sponsor is None and innovation.withdrawal_reason == ""
    assert not innovation.audit_entries.exists()


def test_it_shows_team_effects_and_journey_read_only(
    admin_client: Client, innovation: Innovation, alice: Any
) -> None:
    Effect.objects.create(innovation=innovation, kind=EffectKind.IMMATERIAL, name="Ro", rating=4)
    PhaseTransition.objects.create(
        innovation=innovation, from_phase=Phase.DISCOVERED, to_phase=Phase.TRIED
    )
    response = admin_client.get(change_url(innovation))
    for inline in response.context["inline_admin_formsets"]:
        assert not inline.has_add_permission
        assert not inline.has_change_permission
        assert not inline.has_delete_permission
    data = form_data(response)
    data["team-0-role"] = "sjef"
    data["team-TOTAL_FORMS"] = "2"
    data.update({"team-1-name": "Inntrenger", "team-1-actor_type": ActorType.CITIZEN})
    assert admin_client.post(change_url(innovation), data).status_code == 302
    assert list(innovation.team.values_list("role", flat=True)) == ["forteller"]
    assert innovation.effects.count() == 1


@pytest.mark.parametrize("model", ["teammember", "effect", "phasetransition", "kudos"])
def test_it_keeps_what_hangs_off_an_innovation_read_only(
    admin_client: Client, innovation: Innovation, model: str
) -> None:
    assert admin_client.get(f"/admin/innovations/{model}/").status_code == 200
    assert admin_client.get(f"/admin/innovations/{model}/add/").status_code == 403
    member = TeamMember.objects.get(innovation=innovation)
    if model == "teammember":
        url = f"/admin/innovations/teammember/{member.pk}/change/"
        assert admin_client.get(url).status_code == 200  # to read
        assert admin_client.post(url, {"role": "sjef"}).status_code == 403
        assert admin_client.get(f"{url[: -len('change/')]}delete/").status_code == 403


def test_it_leaves_telling_new_stories_to_the_site(admin_client: Client, home: Any) -> None:
    assert admin_client.get("/admin/innovations/innovation/add/").status_code == 403
    assert not Innovation.objects.exists()


def test_it_shows_a_withdrawal_read_only(
    admin_client: Client, innovation: Innovation, bob: Any
) -> None:
    services.withdraw_innovation(innovation, by=bob, reason="Feil tall")
    page = admin_client.get(change_url(innovation)).content.decode()
    assert "Feil tall" in page and "Bob Berg" in page
    listed = admin_client.get("/admin/innovations/innovation/?withdrawn_at__isempty=0")
    assert "Mobil røntgen" in listed.content.decode()

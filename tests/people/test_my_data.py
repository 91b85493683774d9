"""«Mine data»: a signed-in person downloads everything Sokkel keeps about them, as JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sokkel.innovations import services as innovation_services
from sokkel.innovations.models import ActorType
from sokkel.people.models import ApiToken
from sokkel.spread.models import Follow
from sokkel.units.models import Sector


def download(client: Any) -> dict[str, Any]:
    response = client.post("/konto/mine-data/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="sokkel-mine-data-')
    assert response["Cache-Control"] == "no-store"
    return json.loads(response.content)


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_sends_anonymous_visitors_to_sign_in(client: Any, db: None, method: str) -> None:
    response = getattr(client, method)("/konto/mine-data/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logg-inn/?next=/konto/mine-data/")


def test_it_shows_a_page_with_a_download_button(client_for: Any, alice: Any) -> None:
    response = client_for(alice).get("/konto/mine-data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Last ned mine data (JSON)" in html
    assert 'method="post" action="/konto/mine-data/"' in html
    assert "csrfmiddlewaretoken" in html
    assert 'href="/konto/slett/"' in html


def test_it_refuses_a_download_without_the_csrf_token(alice: Any) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post("/konto/mine-data/").status_code == 403


def test_it_downloads_my_account_and_my_innovations(
    client_for: Any, alice: Any, innovation: Any, draft: Any, home: Any
) -> None:
    data = download(client_for(alice))
    account = data["account"]
    assert account["email"] == "alice@example.no"
    assert account["full_name"] == "Alice Aasen"
    assert account["home_unit"] == {"key": home.key, "name": "Testvik sykehjem"}
    assert account["roles"]["leads"] == []
    titles = {item["title"]: item for item in data["innovations"]}
    assert set(titles) == {"Mobil røntgen", "Nattevakt-appen"}
    assert titles["Nattevakt-appen"]["is_published"] is False
    assert titles["Nattevakt-appen"]["told_by_me"] is True
    assert titles["Mobil røntgen"]["my_part_in_the_team"]["role"] == "forteller"
    assert titles["Mobil røntgen"]["problem"].startswith("Beboere med demens")


def test_it_downloads_leaderships_kudos_follows_tokens_and_my_audit_entries(
    client_for: Any, bob: Any, innovation: Any, unit: Any
) -> None:
    innovation_services.anchor_innovation(innovation, by=bob)
    innovation_services.give_kudos(innovation, by=bob)
    Follow.objects.create(person=bob, sector=Sector.HEALTH_CARE)
    ApiToken.issue(bob, "Rapporter")
    data = download(client_for(bob))
    assert data["account"]["roles"]["leads"] == [
        {"unit": {"key": unit.key, "name": unit.name}, "title": "Kommunalsjef helse og omsorg"}
    ]
    assert [token["name"] for token in data["account"]["api_tokens"]] == ["Rapporter"]
    assert "digest" not in json.dumps(data["account"]["api_tokens"])
    assert data["anchored"] == [
        {"id": innovation.pk, "title": "Mobil røntgen", "url": innovation.get_absolute_url()}
    ]
    assert [kudos["innovation"]["title"] for kudos in data["kudos"]] == ["Mobil røntgen"]
    assert data["follows"][0]["kind"] == "sector"
    assert data["follows"][0]["target"] == Sector.HEALTH_CARE
    actions = [entry["action"] for entry in data["audit_entries"]]
    assert actions == ["innovation.anchored", "innovation.kudos_given"]
    assert data["innovations"] == []  # bob leads the unit but told and joined nothing


def test_it_leaves_out_other_peoples_drafts(
    client_for: Any, alice: Any, charlie: Any, innovation: Any, draft: Any, home: Any
) -> None:
    charlies_draft = innovation_services.create_innovation(
        by=charlie,
        title="Charlies hemmelige utkast",
        problem="Et problem.",
        what_we_did="Noe vi gjorde.",
        what_changed="Noe som endret seg.",
        sector=Sector.HEALTH_CARE,
        units=[home],
    )
    alices = json.dumps(download(client_for(alice)), ensure_ascii=False)
    assert "Charlies hemmelige utkast" not in alices
    charlies = download(client_for(charlie))
    assert [item["title"] for item in charlies["innovations"]] == [charlies_draft.title]
    text = json.dumps(charlies, ensure_ascii=False)
    assert "Nattevakt-appen" not in text
    assert "alice@example.no" not in text


def test_it_names_an_innovation_i_can_no_longer_see_by_its_id_only(
    client_for: Any, alice: Any, researcher: Any, draft: Any
) -> None:
    """A researcher who left a draft's team keeps the log line, not the draft's text."""
    member = innovation_services.add_team_member(
        draft, by=alice, actor_type=ActorType.RESEARCH, person=researcher
    )
    innovation_services.update_innovation(
        draft, by=researcher, version=draft.version, title="Nattevakt-appen 2"
    )
    innovation_services.remove_team_member(member, by=alice)
    data = download(client_for(researcher))
    assert data["innovations"] == []
    [entry] = data["audit_entries"]
    assert entry["innovation"] == {"id": draft.pk, "title": None, "url": None}
    assert entry["changes"] == ["title"]
    assert "Nattevakt" not in json.dumps(data, ensure_ascii=False)


def test_it_downloads_my_sign_ins_and_not_others(client_for: Any, alice: Any, charlie: Any) -> None:
    from axes.models import AccessLog

    for email, address in (("Alice@Example.no", "192.0.2.10"), (charlie.email, "192.0.2.99")):
        AccessLog.objects.create(
            username=email, ip_address=address, user_agent="Firefox", http_accept="*/*"
        )
    data = download(client_for(alice))
    assert [entry["ip_address"] for entry in data["sign_ins"]] == ["192.0.2.10"]
    assert data["failed_sign_ins"] == []

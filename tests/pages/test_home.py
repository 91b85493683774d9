from __future__ import annotations

from typing import Any

from sokkel.innovations import services
from sokkel.innovations.models import Phase


def test_it_explains_sokkel_and_counts_published_innovations_per_phase(
    client: Any, innovation: Any, draft: Any, text_of: Any
) -> None:
    response = client.get("/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Førstelinjas nyskaping" in text
    assert "1 Oppdaget" in text  # the draft is not counted
    assert "0 Utprøvd" in text


def test_it_shows_recently_celebrated_innovations(
    client: Any, innovation: Any, charlie: Any, text_of: Any
) -> None:
    assert "Mobil røntgen" not in text_of(client.get("/"))
    services.give_kudos(innovation, by=charlie)
    text = text_of(client.get("/"))
    assert "Nylig bejublet" in text
    assert "Mobil røntgen" in text
    assert "1 heiarop" in text


def test_it_shows_recently_shared_innovations(client: Any, innovation: Any) -> None:
    innovation.phase = Phase.SHARED
    innovation.save()
    response = client.get("/")
    assert b'href="/innovasjoner/mobil-rontgen/"' in response.content

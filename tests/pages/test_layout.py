from __future__ import annotations

from typing import Any


def test_it_offers_a_skip_link_to_the_main_content(client: Any, db: None) -> None:
    html = client.get("/").content.decode()
    assert '<a class="ds-skip-link" href="#main">Hopp til hovedinnholdet</a>' in html
    assert '<main id="main"' in html


def test_it_marks_out_the_landmarks(client: Any, db: None) -> None:
    html = client.get("/innovasjoner/").content.decode()
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert html.count(landmark) >= 1, landmark
    assert 'aria-label="Hovedmeny"' in html


def test_it_marks_the_current_page_in_the_menu(client: Any, db: None) -> None:
    html = client.get("/innovasjoner/").content.decode()
    assert 'href="/innovasjoner/" aria-current="page"' in html


def test_it_loads_designsystemet_and_htmx_from_npm(client: Any, db: None) -> None:
    html = client.get("/").content.decode()
    assert "/static/%40digdir/designsystemet-css/dist/src/index.css" in html
    assert "/static/%40digdir/designsystemet-css/dist/theme/designsystemet.css" in html
    assert "/static/htmx.org/dist/htmx.min.js" in html

from __future__ import annotations

from typing import Any

import pytest

from sokkel.innovations import services
from sokkel.innovations.models import Phase
from sokkel.units.models import Sector, Unit, UnitKind


@pytest.fixture
def school_story(alice: Any, unit: Any) -> Any:
    school = Unit.objects.create(
        key="testvik-skole",
        name="Testvik skole",
        kind=UnitKind.SCHOOL,
        sector=Sector.EDUCATION,
        parent=unit,
    )
    story = services.create_innovation(
        by=alice,
        title="Vandreboka",
        problem="Lærlinger strøk.",
        what_we_did="Team.",
        what_changed="Flere besto.",
        units=[school],
        sector=Sector.EDUCATION,
        publish=True,
    )
    services.update_innovation(story, by=alice, version=story.version, evidence_level=3)
    return story


def titles(response: Any, text_of: Any) -> set[str]:
    text = text_of(response)
    return {title for title in ("Mobil røntgen", "Vandreboka", "Nattevakt-appen") if title in text}


def test_it_lists_published_innovations_to_anyone(
    client: Any, innovation: Any, school_story: Any, draft: Any, text_of: Any
) -> None:
    response = client.get("/innovasjoner/")
    assert response.status_code == 200
    assert titles(response, text_of) == {"Mobil røntgen", "Vandreboka"}
    assert "2 innovasjoner" in text_of(response)


def test_it_lists_drafts_to_their_team(
    as_persona: Any, innovation: Any, draft: Any, text_of: Any
) -> None:
    assert "Nattevakt-appen" in text_of(as_persona("alice").get("/innovasjoner/"))
    assert "Nattevakt-appen" not in text_of(as_persona("charlie").get("/innovasjoner/"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("phase=discovered", {"Mobil røntgen", "Vandreboka"}),
        ("phase=tried", set()),
        ("sector=education", {"Vandreboka"}),
        ("sector=health_care", {"Mobil røntgen"}),
        ("evidence_level=3", {"Vandreboka"}),
        ("unit=testvik-sykehjem", {"Mobil røntgen"}),
        ("unit=kommune-9999", {"Mobil røntgen", "Vandreboka"}),  # sub-units included
        ("unit=Testvik+sykehjem+(sykehjem,+Testvik+kommune)", {"Mobil røntgen"}),  # a label
        ("unit=TESTVIK+skole", {"Vandreboka"}),  # a name, however typed
        ("q=lærlinger", {"Vandreboka"}),
    ],
)
def test_it_filters(
    client: Any, innovation: Any, school_story: Any, text_of: Any, query: str, expected: set
) -> None:
    response = client.get(f"/innovasjoner/?{query}")
    assert response.status_code == 200
    assert titles(response, text_of) == expected


def test_it_paginates_and_keeps_the_filters(
    client: Any, alice: Any, home: Any, text_of: Any
) -> None:
    for number in range(21):
        services.create_innovation(
            by=alice,
            title=f"Idé {number:02d}",
            problem="p",
            what_we_did="w",
            what_changed="c",
            units=[home],
            sector=Sector.HEALTH_CARE,
            publish=True,
        )
    first = client.get("/innovasjoner/?phase=discovered")
    assert "21 innovasjoner" in text_of(first)
    assert first.content.count(b'class="ds-card"') == 20
    assert b'href="?phase=discovered&amp;side=2"' in first.content
    second = client.get("/innovasjoner/?phase=discovered&side=2")
    assert second.content.count(b'class="ds-card"') == 1


def test_it_ignores_an_unknown_filter_value_with_a_message(
    client: Any, text_of: Any, db: None
) -> None:
    response = client.get("/innovasjoner/?phase=flying")
    assert response.status_code == 200
    assert "Dette må rettes" in text_of(response)


def test_it_shows_the_phase_of_each_innovation(client: Any, innovation: Any, text_of: Any) -> None:
    innovation.phase = Phase.TRIED
    innovation.save()
    assert "Fase: utprøvd" in text_of(client.get("/innovasjoner/"))


def filter_form(response: Any) -> str:
    html = response.content.decode()
    return html[html.index('<form class="filters"') : html.index("</form>", html.index("filters"))]


def test_it_keeps_the_chosen_unit_in_the_filter_and_lists_no_other_unit(
    client: Any, innovation: Any, school_story: Any
) -> None:
    form = filter_form(client.get("/innovasjoner/?unit=kommune-9999"))
    assert 'value="Testvik kommune (kommune)"' in form
    assert "Testvik sykehjem" not in form and "Testvik skole" not in form
    assert "<option" not in form.split('name="unit"')[1].split("</div>")[0]


def test_it_says_which_filter_names_no_unit_and_keeps_the_text(
    client: Any, innovation: Any, text_of: Any
) -> None:
    response = client.get("/innovasjoner/?unit=Atlantis")
    assert "Enhet (med underenheter): Fant ingen enhet som heter «Atlantis»." in text_of(response)
    assert 'value="Atlantis"' in filter_form(response)
    assert 'href="#id_unit"' in filter_form(response)


def test_it_lists_the_units_a_name_fits_to_choose_from_without_javascript(
    client: Any, innovation: Any, school_story: Any, home: Any, text_of: Any
) -> None:
    response = client.get("/innovasjoner/?unit=testvik")
    text = text_of(response)
    assert "Enhet (med underenheter): Velg hvilken enhet du mener med «testvik»." in text
    assert "Enheter som passer med «testvik»:" in text
    assert f'type="radio" name="unit" value="{home.pk}"' in filter_form(response)
    # The radio button ticked is sent after the text field: it wins.
    chosen = client.get(f"/innovasjoner/?unit=testvik&unit={home.pk}")
    assert titles(chosen, text_of) == {"Mobil røntgen"}
    assert 'value="Testvik sykehjem (sykehjem, Testvik kommune)"' in filter_form(chosen)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nn", "Eining (med undereiningar): Fann inga eining som heiter «Atlantis»."),
        ("en", "Unit (with sub-units): Found no unit called “Atlantis”."),
    ],
)
def test_it_names_an_unknown_unit_in_nynorsk_and_english(
    client: Any, unit: Any, text_of: Any, language: str, expected: str
) -> None:
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert expected in text_of(client.get("/innovasjoner/?unit=Atlantis"))


def test_a_visitor_not_signed_in_sees_a_new_story_at_once(
    as_persona: Any, innovation: Any, draft: Any, alice: Any, text_of: Any
) -> None:
    visitor = as_persona("anonymous")
    assert "Nattevakt-appen" not in text_of(visitor.get("/innovasjoner/"))
    assert "Nattevakt-appen" not in text_of(visitor.get("/"))
    services.publish_innovation(draft, by=alice)
    assert "Nattevakt-appen" in text_of(visitor.get("/innovasjoner/"))
    assert "2 publiserte innovasjoner i alt" in text_of(visitor.get("/"))

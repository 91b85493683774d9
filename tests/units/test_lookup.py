"""Finding units by what people type: folded names, ranked suggestions, one unit or none."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from sokkel.units.lookup import find_unit, fold, suggest, unit_label
from sokkel.units.models import Unit, UnitKind


@pytest.fixture(autouse=True)
def bokmal() -> Any:
    """Kinds are labelled in the active language; other tests may leave another one active."""
    with translation.override("nb"):
        yield


@pytest.fixture
def norway(db: None) -> dict[str, Unit]:
    nordland = Unit.objects.create(key="fylke-18", name="Nordland", kind=UnitKind.COUNTY)
    oslo_county = Unit.objects.create(key="fylke-03", name="Oslo", kind=UnitKind.COUNTY)
    units = {
        "nordland": nordland,
        "oslo-fylke": oslo_county,
        "oslo": Unit.objects.create(
            key="kommune-0301", name="Oslo", kind=UnitKind.MUNICIPALITY, parent=oslo_county
        ),
        "bodo": Unit.objects.create(
            key="kommune-1804", name="Bodø", kind=UnitKind.MUNICIPALITY, parent=nordland
        ),
        "alesund": Unit.objects.create(
            key="kommune-1508", name="Ålesund", kind=UnitKind.MUNICIPALITY
        ),
    }
    units["havblikk"] = Unit.objects.create(
        key="havblikk", name="Havblikk sykehjem", kind=UnitKind.NURSING_HOME, parent=units["bodo"]
    )
    return units


def test_it_folds_case_diacritics_and_norwegian_letters() -> None:
    assert fold("  ÅLESUND ") == fold("alesund") == "alesund"
    assert fold("Bodø") == "bodo"
    assert fold("Tromsø  kommune") == "tromso kommune"
    assert fold("Kautokeino/Guovdageaidnu") == fold("KAUTOKEINO/GUOVDAGEAIDNU")


@pytest.mark.parametrize("typed", ["bodo", "BODØ", "bod", "Bodø"])
def test_it_suggests_a_unit_however_its_name_is_typed(norway: Any, typed: str) -> None:
    assert suggest(typed)[0] == norway["bodo"]


def test_it_finds_norwegian_capitals_that_sqlite_cannot_fold(norway: Any) -> None:
    assert suggest("ålesund") == [norway["alesund"]]


def test_it_ranks_names_starting_with_the_text_first(norway: Any) -> None:
    # «Bodø» itself, then the nursing home whose label names Bodø as the unit above it.
    assert suggest("bodø") == [norway["bodo"], norway["havblikk"]]


def test_it_matches_every_word_anywhere_in_the_label(norway: Any) -> None:
    assert suggest("sykehjem bodø") == [norway["havblikk"]]
    assert suggest("oslo fylke") == [norway["oslo-fylke"]]


def test_it_suggests_at_most_the_limit(norway: Any) -> None:
    assert len(suggest("o", limit=2)) == 2
    assert suggest("   ") == []


def test_it_labels_a_unit_with_its_kind_and_the_unit_above(norway: Any) -> None:
    assert unit_label(norway["havblikk"]) == "Havblikk sykehjem (sykehjem, Bodø)"
    assert unit_label(norway["nordland"]) == "Nordland (fylke)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kommune-1804", "bodo"),  # the key
        ("Bodø (kommune, Nordland)", "bodo"),  # the label
        ("bodo", "bodo"),  # a name only one unit has, however typed
        ("Oslo (fylke)", "oslo-fylke"),
        ("Oslo (kommune, Oslo)", "oslo"),
        ("Oslo (municipality, Oslo)", "oslo"),  # the label of the English pages
    ],
)
def test_it_finds_the_one_unit_a_text_names(norway: Any, text: str, expected: str) -> None:
    assert find_unit(text) == norway[expected]


def test_it_finds_a_unit_by_its_id(norway: Any) -> None:
    assert find_unit(str(norway["bodo"].pk)) == norway["bodo"]


@pytest.mark.parametrize("text", ["Oslo", "Bod", "Atlantis", "", "Bodø (kommune, Troms)"])
def test_it_finds_no_unit_for_a_name_of_several_or_none(norway: Any, text: str) -> None:
    assert find_unit(text) is None


def test_it_labels_kinds_in_the_language_of_the_page(norway: Any) -> None:
    with translation.override("en"):
        assert unit_label(norway["havblikk"]) == "Havblikk sykehjem (nursing home, Bodø)"
        assert suggest("nursing bodo") == [norway["havblikk"]]

"""Searching published innovations: analysis, ranking, corrections, drafts, a current index."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command

from sokkel.innovations import services
from sokkel.innovations.models import Innovation
from sokkel.search.query import parse, search, with_snippets

pytestmark = pytest.mark.django_db


def found(text: str, queryset: Any = None) -> list[str]:
    return [item.title for item in search(queryset or Innovation.objects.all(), parse(text))]


def test_it_finds_inflected_forms(tell: Callable[..., Any]) -> None:
    tell("Vandreboka", "Hver lærling fikk en vandrebok.")
    tell("Mobil røntgen", "Røntgen på sykehjem uten sykehustur.")
    assert found("lærlingene") == ["Vandreboka"]
    assert found("sykehjemmet") == ["Mobil røntgen"]


def test_more_of_the_words_rank_higher_but_one_is_enough(tell: Callable[..., Any]) -> None:
    tell("Sykehjemmets hage", "En hage for beboerne.")
    tell("Mobil røntgen", "Røntgen på sykehjem.")
    tell("Lærlinger", "Fagprøve.")
    assert found("røntgen på sykehjemmet") == ["Mobil røntgen", "Sykehjemmets hage"]
    assert found("eldre som faller") == []


def test_natural_queries_find_stories_in_other_words(tell: Callable[..., Any]) -> None:
    tell("Tavlemøter om fallforebygging", "Hvem har høy fallrisiko i dag?")
    tell("Digital overlevering", "Når lokførerne bytter tog på stasjonen.")
    tell("Dagsverk på én dag", "NSB planlegger dagsverk for konduktørene.")
    assert found("eldre som faller") == ["Tavlemøter om fallforebygging"]  # a compound's part
    assert found("lokfører") == ["Digital overlevering"]  # an agent noun's inflections
    assert found("togfører") == ["Digital overlevering"]  # a synonym
    assert found("konduktørenes arbeidsplaner") == ["Dagsverk på én dag"]


def test_nynorsk_finds_bokmaal_and_back(tell: Callable[..., Any]) -> None:
    tell("Mobil røntgen", "Radiografen kommer til sykehjemmet.")
    tell("Leseglede", "Borna på skulen les høgt for kvarandre.")
    assert found("sjukeheimen") == ["Mobil røntgen"]
    assert found("barna på skolen") == ["Leseglede"]


def test_a_search_of_only_small_words_or_signs_finds_nothing(tell: Callable[..., Any]) -> None:
    tell("Og på")
    for text in ["og", "a", "ø", '"', "*", "-", "%", "'", "\\", "og på i", ""]:
        assert not parse(text)
        assert found(text) == []


def test_fts_syntax_is_searched_as_words(tell: Callable[..., Any]) -> None:
    tell("Mobil røntgen", "Vi kjører NEAR sykehjemmet OR sykehuset.")
    for text in ["NEAR(", "røntgen OR", 'røntgen"', "røntgen*", "NOT røntgen", "(røntgen", "^r"]:
        found(text)  # no error
    assert found("NEAR(røntgen") == ["Mobil røntgen"]


def test_a_word_typed_without_norwegian_letters_is_corrected(tell: Callable[..., Any]) -> None:
    tell("Digital overlevering", "Når lokførerne bytter tog.")
    query = parse("lokforer")
    assert query.suggestion == "lokfører"
    assert found("lokforer") == ["Digital overlevering"]


def test_a_misspelt_word_suggests_the_nearest_indexed_word(tell: Callable[..., Any]) -> None:
    tell("Mobil røntgen", "Røntgen på sykehjemmet.")
    tell("Lærlinger i kommunen", "Ordningen for nye fagarbeidere.")
    assert parse("sykehejm").suggestion == "sykehjem"
    assert parse("lærlnger i kommunen").suggestion == "lærling i kommunen"
    assert found("røntgn") == ["Mobil røntgen"]
    assert parse("katt").suggestion == ""  # a real word no story uses is not «corrected»
    assert parse("røntgen").suggestion == ""


def test_a_withdrawn_story_leaves_no_word_to_suggest(tell: Callable[..., Any], alice: Any) -> None:
    innovation = tell("Brøytesjåfører", "Glatte veier og snøfokk.")
    assert parse("snøfkk").suggestion == "snøfokk"
    Innovation.objects.filter(pk=innovation.pk).update(is_published=False)
    from sokkel.search.index import reindex

    reindex([innovation.pk])
    assert parse("snøfkk").suggestion == ""


def test_a_title_match_ranks_above_a_passing_mention(tell: Callable[..., Any]) -> None:
    tell("Bedre turnus", "Vi nevner demensomsorg og en lærling i forbifarten.")
    tell("Lærlinger i kommunen", "Ordningen for nye fagarbeidere.")
    assert found("lærling") == ["Lærlinger i kommunen", "Bedre turnus"]


def test_it_finds_tags_and_unit_names(tell: Callable[..., Any], home: Any) -> None:
    tell("Mobil røntgen", tags=("demens",), units=[home])
    assert found("demens") == ["Mobil røntgen"]
    assert found("sykehjemmet") == ["Mobil røntgen"]
    assert found("Testvik kommune") == ["Mobil røntgen"]  # the municipality above the home


def test_drafts_never_appear(tell: Callable[..., Any], draft: Any, admin_user: Any) -> None:
    tell("Nattevakt på sykehjem", publish=False)
    assert found("sykehjem") == []
    assert found("nattevakt", Innovation.objects.visible_to(admin_user)) == []


def test_publishing_puts_a_draft_in_the_index(tell: Callable[..., Any], alice: Any) -> None:
    draft = tell("Nattevakt på sykehjem", publish=False)
    services.publish_innovation(draft, by=alice)
    assert found("nattevakten") == ["Nattevakt på sykehjem"]


def test_an_edit_updates_the_index(tell: Callable[..., Any], alice: Any) -> None:
    innovation = tell("Mobil røntgen")
    services.update_innovation(
        innovation, by=alice, version=innovation.version, title="Røntgenbil", tags=["radiograf"]
    )
    assert found("mobil") == []
    assert found("røntgenbilen") == ["Røntgenbil"]
    assert found("radiografen") == ["Røntgenbil"]


def test_a_new_effect_is_searchable(tell: Callable[..., Any], alice: Any) -> None:
    innovation = tell("Mobil røntgen")
    services.add_effect(
        innovation,
        by=alice,
        kind="immaterial",
        name="Roligere beboere",
        rating=4,
        description="Færre innleggelser.",
    )
    assert found("innleggelse") == ["Mobil røntgen"]


def test_it_combines_with_filters(tell: Callable[..., Any]) -> None:
    tell("Lærling i helse", sector="health_care")
    tell("Lærling i skolen", sector="education")
    assert found("lærling", Innovation.objects.filter(sector="education")) == ["Lærling i skolen"]


def test_the_snippet_marks_the_hits(tell: Callable[..., Any]) -> None:
    tell("Vandreboka", "Lærlingene skrev i <vandreboka> hver uke.")
    query = parse("lærling")
    (result,) = with_snippets(search(Innovation.objects.all(), query), query)
    assert "<mark>Lærlingene</mark>" in result.search_snippet
    assert "&lt;vandreboka&gt;" in result.search_snippet


def test_rebuild_restores_a_lost_index(tell: Callable[..., Any], capsys: Any) -> None:
    from sokkel.search.models import SearchDocument

    tell("Mobil røntgen")
    tell("Nattevakt", publish=False)
    SearchDocument.objects.all().delete()
    assert found("røntgen") == []
    call_command("rebuild_search_index")
    assert "Indexed 1 published innovations." in capsys.readouterr().out
    assert found("røntgen") == ["Mobil røntgen"]


def test_a_search_can_be_limited_to_titles_and_tags(tell: Callable[..., Any]) -> None:
    from sokkel.search.norwegian import query_terms
    from sokkel.search.query import ranked

    tell("Lærlinger i kommunen", tags=("fagprøve",))
    tell("Bedre turnus", "En lærling var med.")
    heading = ("title", "tags")
    found = ranked(Innovation.objects.all(), query_terms("lærling"), parts=heading)
    assert [item.title for item in found] == ["Lærlinger i kommunen"]
    found = ranked(Innovation.objects.all(), query_terms("fagprøven"), parts=heading)
    assert [item.title for item in found] == ["Lærlinger i kommunen"]


def test_renaming_or_emptying_a_tag_updates_the_index(tell: Callable[..., Any]) -> None:
    from sokkel.innovations.models import Tag

    tell("Mobil røntgen", tags=("demens",))
    tag = Tag.objects.get(name="demens")
    tag.name = "kognitiv svikt"
    tag.save()
    assert found("demens") == [] and found("kognitiv svikt") == ["Mobil røntgen"]
    tag.innovations.clear()
    assert found("kognitiv") == []


def test_renaming_a_unit_updates_the_index(tell: Callable[..., Any], unit: Any) -> None:
    tell("Mobil røntgen")
    unit.name = "Nyvik kommune"
    unit.save()
    assert found("Testvik") == [] and found("Nyvik") == ["Mobil røntgen"]


def test_quotes_and_backslashes_are_only_text(tell: Callable[..., Any]) -> None:
    tell("Kari's hage", "Mappen C:\\Sykehjem\\Hage og 'sitat' med \\' i.")
    assert found("Kari hagen") == ["Kari's hage"]
    assert found("sitat sykehjemmet") == ["Kari's hage"]
    assert found("'") == []


def test_migrate_remakes_documents_of_an_older_analysis(tell: Callable[..., Any]) -> None:
    from sokkel.search.index import ensure_current
    from sokkel.search.models import SearchDocument

    tell("Mobil røntgen")
    assert ensure_current() is None
    SearchDocument.objects.update(analysis="old", title="gammelt")
    assert found("røntgen") == []
    assert ensure_current() == 1
    assert found("røntgen") == ["Mobil røntgen"]

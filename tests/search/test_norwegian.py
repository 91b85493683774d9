"""The Norwegian analysis: the terms a word is found by, in bokmål and nynorsk."""

from __future__ import annotations

import pytest

from sokkel.search.norwegian import query_terms, synonyms, unfolded, word_terms


def term(word: str) -> str:
    """A word's own term (its compound parts' terms follow it in ``word_terms``)."""
    return word_terms(word)[0]


def test_inflected_forms_share_a_term() -> None:
    assert term("lærlingene") == term("lærling") == term("Lærlinger")
    assert term("sykehjemmet") == term("sykehjem") == term("sykehjemmene")
    assert term("røntgenbildet") == term("røntgenbilder")


def test_agent_nouns_share_a_term_where_snowball_alone_splits_them() -> None:
    # Snowball stems «lokfører» to lokfør but «lokførere» to lokfører.
    assert term("lokfører") == term("lokførere") == term("lokførerne")
    assert term("konduktørenes") == term("konduktør")


def test_a_verb_meets_its_noun() -> None:
    assert term("faller") == term("fall")


@pytest.mark.parametrize(
    ("nynorsk", "bokmaal"),
    [
        ("sjukeheimen", "sykehjem"),
        ("born", "barn"),
        ("skule", "skole"),
        ("vidaregåande", "videregående"),
        ("heim", "hjem"),
        ("elevane", "elevene"),
        ("tilsette", "ansatte"),
        ("dagleg", "daglig"),
        ("sjukepleiarane", "sykepleierne"),
    ],
)
def test_a_nynorsk_word_has_the_term_of_its_bokmaal_word(nynorsk: str, bokmaal: str) -> None:
    assert term(nynorsk) == term(bokmaal)


def test_a_compound_also_gives_the_terms_of_its_parts() -> None:
    assert set(word_terms("røntgenbilder")) >= {term("røntgen"), term("bilde")}
    assert set(word_terms("energisparing")) >= {term("energi"), term("sparing")}
    assert set(word_terms("arbeidsplaner")) >= {term("arbeid"), term("plan")}


def test_a_common_word_is_not_split_into_short_words() -> None:
    assert word_terms("sykehjem") == (term("sykehjem"),)
    assert word_terms("sparing") == (term("sparing"),)  # not «spa» and «ring»
    assert word_terms("konduktør") == (term("konduktør"),)


def test_stopwords_punctuation_and_runs_of_letters_give_no_terms() -> None:
    assert query_terms("og i på ikkje * \" - % ' \\") == []
    assert query_terms("a" * 200) == []
    assert query_terms("Lærling og lærlingene på sykehjem") == [term("lærling"), term("sykehjem")]


def test_a_word_typed_without_norwegian_letters_is_found_again() -> None:
    assert unfolded("lokforer") == ["lokfører"]
    assert unfolded("laerlinger") == ["lærlinger"]
    assert unfolded("rontgen") == ["røntgen"]
    assert unfolded("sykehjem") == []  # a word of its own


def test_synonyms_come_from_the_data_file() -> None:
    assert term("togfører") in synonyms(term("lokfører"))
    assert term("lokfører") in synonyms(term("togfører"))
    assert synonyms(term("katt")) == ()

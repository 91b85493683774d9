"""Norwegian search terms and highlighted snippets."""

from __future__ import annotations

from sokkel.search.text import highlight, query_terms, term


def test_it_gives_inflected_forms_the_same_term() -> None:
    assert term("lærlingene") == term("lærling") == term("Lærlinger")
    assert term("sykehjemmet") == term("sykehjem") == term("sykehjemmene")
    assert term("røntgenbildet") == term("røntgenbilder")


def test_it_drops_stopwords_and_repeats_from_a_search() -> None:
    assert query_terms("Lærling og lærlingene på sykehjem") == ["lærling", "sykehjem"]


def test_it_marks_inflected_hits_and_escapes_the_rest() -> None:
    snippet = highlight("<b>Lærlingene</b> fikk bedre **fagprøve**.", query_terms("lærling"))
    assert snippet == "&lt;b&gt;<mark>Lærlingene</mark>&lt;/b&gt; fikk bedre fagprøve."


def test_it_cuts_a_long_text_around_the_hits() -> None:
    text = " ".join(["ord"] * 100 + ["sykehjemmet"] + ["ord"] * 100)
    snippet = highlight(text, query_terms("sykehjem"), length=10)
    assert snippet.startswith("… ord ord ord <mark>sykehjemmet</mark>")
    assert snippet.endswith(" …")

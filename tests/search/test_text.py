"""Highlighted snippets."""

from __future__ import annotations

from sokkel.search.norwegian import query_terms
from sokkel.search.text import highlight


def test_it_marks_inflected_hits_and_escapes_the_rest() -> None:
    snippet = highlight("<b>Lærlingene</b> fikk bedre **fagprøve**.", query_terms("lærling"))
    assert snippet == "&lt;b&gt;<mark>Lærlingene</mark>&lt;/b&gt; fikk bedre fagprøve."


def test_it_marks_a_compound_holding_the_word_and_a_nynorsk_form() -> None:
    snippet = highlight("Røntgenbildene ble tatt på sjukeheimen.", query_terms("røntgen sykehjem"))
    assert snippet == "<mark>Røntgenbildene</mark> ble tatt på <mark>sjukeheimen</mark>."


def test_it_cuts_a_long_text_around_the_hits() -> None:
    text = " ".join(["ord"] * 100 + ["sykehjemmet"] + ["ord"] * 100)
    snippet = highlight(text, query_terms("sykehjem"), length=10)
    assert snippet.startswith("… ord ord ord <mark>sykehjemmet</mark>")
    assert snippet.endswith(" …")

"""Highlighted snippets: the part of a text around a search's hits, the hits marked."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sokkel.search.norwegian import WORD, word_terms

MARKDOWN_MARKS = re.compile(r"[*_#`\[\]]+|^\s*>+", re.MULTILINE)


def highlight(text: str, wanted: Iterable[str], *, length: int = 28) -> SafeString:
    """A snippet of about ``length`` words of ``text`` around the most hits, hits in ``<mark>``.

    ``wanted`` are search terms (:func:`sokkel.search.norwegian.word_terms`); a word is a hit
    when one of its terms is one of them. Without hits the snippet is the start of the text.
    Everything but the ``<mark>`` tags is escaped.
    """
    wanted_terms = set(wanted)
    plain = MARKDOWN_MARKS.sub("", text)
    tokens = list(WORD.finditer(plain))
    if not tokens:
        return mark_safe("")
    hits = [
        index
        for index, match in enumerate(tokens)
        if not wanted_terms.isdisjoint(word_terms(match.group()))
    ]
    start = _best_window(hits, len(tokens), length)
    end = min(len(tokens), start + length)
    hit_set = set(hits)
    parts: list[str] = ["… "] if start > 0 else []
    cursor = tokens[start].start() if start > 0 else 0
    for index in range(start, end):
        match = tokens[index]
        parts.append(escape(plain[cursor : match.start()]))
        word = escape(match.group())
        parts.append(f"<mark>{word}</mark>" if index in hit_set else word)
        cursor = match.end()
    if end < len(tokens):
        parts.append(" …")
    else:
        parts.append(escape(plain[cursor:]))
    return mark_safe(" ".join("".join(parts).split()))


def _best_window(hits: list[int], count: int, length: int) -> int:
    """The first token of the ``length``-token window that holds the most hits."""
    if not hits or count <= length:
        return 0
    best_start, best_hits = 0, -1
    for first in hits:
        start = max(0, min(first - 3, count - length))
        inside = sum(1 for hit in hits if start <= hit < start + length)
        if inside > best_hits:
            best_start, best_hits = start, inside
    return best_start

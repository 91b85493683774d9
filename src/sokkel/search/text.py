"""Norwegian search terms: words, stems, stopwords and highlighted snippets.

SQLite's index holds the terms made here, so inflected forms find each other:
«lærlingene» and «lærling» both become ``lærling``; «sykehjemmet» and «sykehjem» both
become ``sykehjem``. PostgreSQL makes the same terms with its own ``norwegian``
configuration (search migration ``0005``); the snippets are marked with these here.

The Snowball Norwegian stemmer (the algorithm PostgreSQL's ``norwegian`` configuration
also uses) strips inflections but leaves a doubled consonant behind («sykehjemmet» →
``sykehjemm``), so :func:`term` also undoubles a final double consonant, as Snowball's
Danish stemmer does (and as migration ``0005`` does on PostgreSQL).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"\w+", re.UNICODE)
MARKDOWN_MARKS = re.compile(r"[*_#`\[\]]+|^\s*>+", re.MULTILINE)
VOWELS = frozenset("aeiouyæøå")

#: Norwegian function words that carry no meaning in a search (a short, hand-picked list).
STOPWORDS = frozenset(
    """
    og i på en et ei det den de som til av for med er å at har var vi seg ikke om så men
    fra han hun jeg du dem deres vår våre sin sitt sine eller når der her hva hvor hvordan
    kan skal vil ble blir bli være vært også etter før over under mot ved hos inn ut opp
    alle noe noen mer mange andre the of and
    """.split()
)

_local = threading.local()


def _stemmer() -> snowballstemmer.stemmer:
    """One Snowball stemmer per thread (a stemmer object keeps state while it works)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("norwegian")
    return stemmer


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The search term of one word: lower case, stemmed, final double consonant undoubled.

    Examples
    --------
    >>> term("Lærlingene"), term("sykehjemmet"), term("sykehjem")
    ('lærling', 'sykehjem', 'sykehjem')
    """
    stem = _stemmer().stemWord(word.lower())
    if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
        stem = stem[:-1]
    return stem


def words(text: str) -> list[str]:
    """The words of ``text`` that mean something: no stopwords, no single letters."""
    return [
        word
        for word in WORD.findall(text)
        if word.lower() not in STOPWORDS and (len(word) > 1 or word.isdigit())
    ]


def terms(text: str) -> list[str]:
    """The search terms of ``text``, in order, repeats kept."""
    return [term(word) for word in words(text)]


def normalise(text: str) -> str:
    """``text`` as the space-separated search terms the index stores."""
    return " ".join(terms(text))


def query_terms(text: str) -> list[str]:
    """The distinct terms of a search, in the order they were typed."""
    return list(dict.fromkeys(terms(text)))


def highlight(text: str, wanted: Iterable[str], *, length: int = 28) -> SafeString:
    """A snippet of about ``length`` words of ``text`` around the most hits, hits in ``<mark>``.

    ``wanted`` are search terms (see :func:`query_terms`); a word is a hit when its term is
    one of them. Without hits the snippet is the start of the text. Everything but the
    ``<mark>`` tags is escaped.
    """
    wanted_terms = set(wanted)
    plain = MARKDOWN_MARKS.sub("", text)
    tokens = list(WORD.finditer(plain))
    if not tokens:
        return mark_safe("")
    hits = [
        index
        for index, match in enumerate(tokens)
        if match.group().lower() not in STOPWORDS and term(match.group()) in wanted_terms
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

"""The vocabulary of the index: which terms published documents hold, and the nearest one to a
misspelt word («did you mean»).

:class:`~sokkel.search.models.SearchTerm` counts each term's documents. The index changes it
by differences (:func:`count`): a term whose count falls to nought is deleted, so a story
that is withdrawn leaves no word behind to be suggested. :func:`nearest` takes candidates
from a trigram index (PostgreSQL's ``pg_trgm``, SQLite's FTS5 ``trigram`` tokenizer,
migration ``0006``) and ranks them alike on both databases (:func:`similarity`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from django.db import connections
from django.db.models import F
from rapidfuzz import fuzz

from sokkel.core.folding import fold
from sokkel.search.models import SearchTerm

#: How many trigram candidates are ranked by :func:`similarity`.
CANDIDATES = 30
#: A word is corrected only to a term at least this similar (0–1) …
MIN_SIMILARITY = 0.78
#: … and only when it has at least this many letters (short words are too easily another).
MIN_LENGTH = 4
#: Rows per statement when the counts change.
BATCH = 500


def count(changes: Counter[str], words: Mapping[str, str]) -> None:
    """Add ``changes`` (term → documents more or fewer) to the counts; ``words`` gives the
    readable word of each term that may be new."""
    new = [term for term, change in changes.items() if change > 0]
    for start in range(0, len(new), BATCH):
        SearchTerm.objects.bulk_create(
            [
                SearchTerm(term=term, word=words[term], folded=fold(words[term]), documents=0)
                for term in new[start : start + BATCH]
            ],
            ignore_conflicts=True,
        )
    by_change: dict[int, list[str]] = defaultdict(list)
    for term, change in changes.items():
        if change:
            by_change[change].append(term)
    for change, changed in by_change.items():
        for start in range(0, len(changed), BATCH):
            SearchTerm.objects.filter(term__in=changed[start : start + BATCH]).update(
                documents=F("documents") + change
            )
    SearchTerm.objects.filter(documents__lte=0).delete()


def documents(terms: Iterable[str], database: str = "default") -> dict[str, int]:
    """How many published documents hold each of ``terms`` that any holds."""
    wanted = list(set(terms))
    return dict(
        SearchTerm.objects.using(database)
        .filter(term__in=wanted, documents__gt=0)
        .values_list("term", "documents")
    )


def similarity(typed: str, word: str) -> float:
    """How alike a typed word and an indexed word are, 0–1, æ, ø and å folded (the Indel
    ratio: twice the letters in common in order over both lengths)."""
    return fuzz.ratio(fold(typed), fold(word)) / 100


def nearest(typed: str, database: str = "default") -> SearchTerm | None:
    """The indexed term whose word is most like ``typed``, if one is alike enough."""
    folded = fold(typed)
    if len(folded) < MIN_LENGTH:
        return None
    ids = _candidates(folded, database)
    candidates = SearchTerm.objects.using(database).filter(pk__in=ids, documents__gt=0)
    scored = [(similarity(typed, candidate.word), candidate) for candidate in candidates]
    scored = [(score, candidate) for score, candidate in scored if score >= MIN_SIMILARITY]
    if not scored:
        return None
    return max(scored, key=lambda pair: (pair[0], pair[1].documents, pair[1].word))[1]


def _candidates(folded: str, database: str) -> list[int]:
    """Ids of the terms sharing the most trigrams with ``folded``."""
    connection = connections[database]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT id FROM search_searchterm WHERE folded %% %s "
                "ORDER BY similarity(folded, %s) DESC LIMIT %s",
                [folded, folded, CANDIDATES],
            )
        else:
            trigrams = {folded[i : i + 3] for i in range(len(folded) - 2)}
            match = " OR ".join('"' + trigram.replace('"', '""') + '"' for trigram in trigrams)
            cursor.execute(
                "SELECT rowid FROM search_term_trigrams WHERE search_term_trigrams MATCH %s "
                "ORDER BY rank LIMIT %s",
                [match, CANDIDATES],
            )
        return [row[0] for row in cursor.fetchall()]

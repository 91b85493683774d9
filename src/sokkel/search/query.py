"""Ranked search over published innovations, on SQLite (FTS5, bm25) or PostgreSQL (ts_rank).

A search is read into a :class:`Query` (:func:`parse`): each word's terms
(:mod:`sokkel.search.norwegian`: lemma, bokmål for nynorsk, compound parts), the synonyms of
``data/synonyms.toml``, and for a word no document holds, the nearest indexed word (typed
without æ, ø and å, or misspelt: «did you mean»). An innovation matches when it holds any of
the terms; the more of them, and the rarer and the higher up (title, tags, units, story), the
better it ranks. :func:`search` narrows any innovation queryset (the list filters,
``visible_to`` …) to the published innovations that match, annotated with ``search_rank``
(higher is better) and ordered by it. Only published innovations have a search document, so
drafts never match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, FloatField, QuerySet, Value, Window
from django.utils.safestring import SafeString

from sokkel.innovations.models import Innovation
from sokkel.search import vocabulary
from sokkel.search.norwegian import WORD, is_known, synonyms, unfolded, word_terms
from sokkel.search.text import highlight

#: PostgreSQL's table of search vectors, one per search document (migration ``0003``).
VECTOR_TABLE = "search_vector"
#: A search reads at most this many characters (the list form allows 200).
MAX_QUERY = 500
#: A word in fewer documents than this is widened by its compound parts (a page of hits).
WIDEN_BELOW = 20


@dataclass
class Query:
    """A search as typed, and what it looks for.

    ``terms`` are the terms to look for that some document holds (the words', their
    synonyms', the corrections'); ``words`` counts the typed words that have terms (a query
    without any is empty: it has nothing to look for); ``corrections`` maps a typed word no
    document holds to the indexed word it was taken for; ``suggestion`` is the search with
    those words replaced («did you mean»), or ``""``.
    """

    text: str
    terms: list[str] = field(default_factory=list)
    words: int = 0
    corrections: dict[str, str] = field(default_factory=dict)

    @property
    def suggestion(self) -> str:
        if not self.corrections:
            return ""
        return WORD.sub(lambda word: self.corrections.get(word.group(), word.group()), self.text)

    def __bool__(self) -> bool:
        return self.words > 0


def parse(text: str, database: str = "default") -> Query:
    """The :class:`Query` of a search typed as ``text``.

    Words without terms (stopwords, punctuation, FTS syntax such as ``NEAR(`` or ``*``) are
    passed over; a text with none gives an empty query, which finds nothing. A compound's
    parts widen the search only where the word itself is in fewer than :data:`WIDEN_BELOW`
    documents: «røntgenbilder» also finds «røntgen» in a small collection, while among
    100,000 stories «hjemmetjenesten» is not widened to every «hjem».
    """
    text = text[:MAX_QUERY].replace("\0", " ")
    own = {word: word_terms(word) for word in dict.fromkeys(WORD.findall(text))}
    related = {term: synonyms(term) for terms in own.values() for term in terms[:1]}
    candidates = {term for terms in (*own.values(), *related.values()) for term in terms}
    held = vocabulary.documents(candidates, database)
    query = Query(text)
    wanted: list[str] = []
    for word, terms in own.items():
        if not terms:
            continue
        query.words += 1
        main, parts = terms[0], terms[1:]
        if held.get(main, 0) < WIDEN_BELOW:
            wanted += [main, *parts]
        else:
            wanted.append(main)
        wanted += related[main]
        if main not in held and not is_known(word):
            correction = _correction(word, database)
            if correction:
                query.corrections[word] = correction[0]
                wanted += correction[1]
                held.update(dict.fromkeys(correction[1], 1))
    query.terms = [term for term in dict.fromkeys(wanted) if term in held]
    return query


def _correction(word: str, database: str) -> tuple[str, tuple[str, ...]] | None:
    """The word meant by a typed ``word`` that neither the lexicon nor any document holds, and
    its terms: the same word with æ, ø and å («lokforer»), else the nearest indexed word
    («sykehejm»). A real word no story uses («katt») is searched as it is."""
    for candidate in unfolded(word):
        terms = word_terms(candidate)
        if vocabulary.documents(terms[:1], database):
            return candidate, terms
    nearest = vocabulary.nearest(word, database)
    if nearest is None:
        return None
    return nearest.word, (nearest.term,)


def search(queryset: QuerySet[Innovation], query: Query) -> QuerySet[Innovation]:
    """The innovations of ``queryset`` that hold any term of ``query``, best first.

    An empty query (no searchable word) finds nothing.
    """
    return ranked(queryset, query.terms, any_term=True)


#: The parts of a search document, with PostgreSQL's weight letter for each.
PARTS = {"title": "A", "tags": "B", "units": "C", "body": "D"}


def ranked(
    queryset: QuerySet[Innovation],
    terms: Sequence[str],
    *,
    any_term: bool = False,
    parts: Sequence[str] = (),
    prefix_last: bool = False,
) -> QuerySet[Innovation]:
    """The innovations of ``queryset`` that hold every one (or, with ``any_term``, any one)
    of ``terms`` (:func:`sokkel.search.norwegian.word_terms`), annotated with
    ``search_rank`` and ordered best first.

    ``parts`` limits the match to some parts of the document (``"title"``, ``"tags"``,
    ``"units"``, ``"body"``); all of them by default. ``prefix_last`` lets the last term match
    as the start of a word (for a word still being typed).
    """
    if not terms:
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    innovation_table = Innovation._meta.db_table
    if connections[queryset.db].vendor == "postgresql":
        tsquery = _tsquery(terms, any_term=any_term, parts=parts, prefix_last=prefix_last)
        matched = queryset.extra(  # noqa: S610 - the FTS join has no ORM expression
            tables=[VECTOR_TABLE],
            where=[
                f"{VECTOR_TABLE}.innovation_id = {innovation_table}.id",
                f"{VECTOR_TABLE}.vector @@ %s::tsquery",
            ],
            params=[tsquery],
            select={"search_rank": f"ts_rank({VECTOR_TABLE}.vector, %s::tsquery)"},
            select_params=[tsquery],
        )
    else:
        match = _fts_match(terms, any_term=any_term, parts=parts, prefix_last=prefix_last)
        matched = queryset.extra(  # noqa: S610 - the FTS join has no ORM expression
            tables=["search_fts"],
            where=[f"search_fts.rowid = {innovation_table}.id", "search_fts MATCH %s"],
            params=[match],
            # FTS5's rank is bm25 weighted by title, tags, units, story (migration 0002).
            select={"search_rank": "-search_fts.rank"},
        )
    return matched.order_by("-search_rank", "-pk")


def _fts_match(
    terms: Sequence[str], *, any_term: bool, parts: Sequence[str], prefix_last: bool
) -> str:
    """SQLite FTS5's ``MATCH`` text for :func:`ranked`'s arguments: each term a quoted string
    (terms are letters and digits only, so nothing in them is FTS5 syntax)."""
    quoted = [f'"{term}"' for term in terms]
    if prefix_last:
        quoted[-1] += "*"
    match = (" OR " if any_term else " ").join(quoted)
    if parts:
        match = f"{{{' '.join(parts)}}} : ({match})"
    return match


def _tsquery(
    terms: Sequence[str], *, any_term: bool, parts: Sequence[str], prefix_last: bool
) -> str:
    """PostgreSQL's ``tsquery`` text for :func:`ranked`'s arguments: terms quoted as they are,
    for PostgreSQL to take them as terms without parsing them again."""
    weights = "".join(PARTS[part] for part in parts)
    labels = [f":{weights}" if weights else ""] * len(terms)
    if prefix_last:
        labels[-1] = f":*{weights}"
    quoted = ["'" + term.replace("\\", "\\\\").replace("'", "''") + "'" for term in terms]
    return (" | " if any_term else " & ").join(
        f"{term}{label}" for term, label in zip(quoted, labels, strict=True)
    )


def hits_slice(
    query: Query, start: int, stop: int, *, within: QuerySet[Innovation] | None = None
) -> tuple[list[int], int | None]:
    """The ids of hits ``start`` to ``stop`` of ``query`` (in the order of :func:`search`),
    and how many hits there are; ``within`` narrows the hits to a queryset (the list filters).

    No ``within`` means every published innovation, which anyone may see: only they have
    documents, so a search's hits are visible to all without a join (see :func:`best_hits`).
    One query: ranking reads every hit, so counting them on the way costs next to nothing,
    where a separate ``COUNT`` read them all again (20,000 hits of «sykehjem» among 100,000
    innovations, benchmarks/search_100k.py). The count is ``None`` when the slice holds no
    hit (no hits at all, or ``start`` past the last).
    """
    rows = best_hits(within, query.terms, start, stop, any_term=True)
    return [pk for pk, _, _ in rows], rows[0][2] if rows else None


def best_hits(
    queryset: QuerySet[Innovation] | None,
    terms: Sequence[str],
    start: int,
    stop: int,
    *,
    any_term: bool = False,
    parts: Sequence[str] = (),
    prefix_last: bool = False,
    database: str = "default",
) -> list[tuple[int, float, int]]:
    """Hits ``start`` to ``stop`` of :func:`ranked` (same arguments) as (id, rank, number of
    hits) rows, in one query. A ``queryset`` of ``None`` takes every document.

    The hits are ranked before they meet ``queryset`` (on PostgreSQL in ``search_hits``,
    migration ``0004``), so their vectors stay out of the join and the sort; without a
    queryset there is no join at all (half the time of a search with 20,000 hits).
    """
    if not terms:
        return []
    options = {"any_term": any_term, "parts": parts, "prefix_last": prefix_last}
    database = queryset.db if queryset is not None else database
    page = [stop - start, start]
    if connections[database].vendor != "postgresql":
        if queryset is not None:
            found = ranked(queryset, terms, **options).annotate(hit_count=Window(Count("pk")))
            return list(found.values_list("pk", "search_rank", "hit_count")[start:stop])
        sql = (
            "SELECT rowid, -rank, COUNT(*) OVER () FROM search_fts WHERE search_fts MATCH %s "
            "ORDER BY rank, rowid DESC LIMIT %s OFFSET %s"
        )
        params = [_fts_match(terms, **options), *page]
    else:
        visible, visible_params = "", []
        if queryset is not None:
            inner, visible_params = queryset.order_by().values("pk").query.sql_with_params()
            visible = f"WHERE hits.innovation_id IN ({inner}) "
        sql = (
            "SELECT hits.innovation_id, hits.rank, COUNT(*) OVER () "
            f"FROM search_hits(%s::tsquery) AS hits {visible}"
            "ORDER BY hits.rank DESC, hits.innovation_id DESC LIMIT %s OFFSET %s"
        )
        params = [_tsquery(terms, **options), *visible_params, *page]
    with connections[database].cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def snippet(innovation: Innovation, terms: Iterable[str]) -> SafeString:
    """The part of the story around the search terms, the hits marked."""
    story = "\n".join([innovation.problem, innovation.what_we_did, innovation.what_changed])
    return highlight(story, terms)


def with_snippets(innovations: Iterable[Innovation], query: Query) -> list[Innovation]:
    """The innovations as a list, each with ``search_title`` and ``search_snippet`` set."""
    terms = query.terms
    found = list(innovations)
    for innovation in found:
        innovation.search_title = highlight(innovation.title, terms, length=60)  # type: ignore[attr-defined]
        innovation.search_snippet = snippet(innovation, terms)  # type: ignore[attr-defined]
    return found

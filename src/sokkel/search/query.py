"""Ranked search over published innovations, on SQLite (FTS5, bm25) or PostgreSQL (ts_rank).

:func:`search` narrows any innovation queryset (the list filters, ``visible_to`` …) to the
published innovations that match, annotated with ``search_rank`` (higher is better) and
ordered by it. Only published innovations have a search document, so drafts never match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connections
from django.db.models import Count, QuerySet, Window
from django.utils.safestring import SafeString

from sokkel.innovations.models import Innovation
from sokkel.search.text import highlight, query_terms

#: PostgreSQL's table of search vectors, one per search document (migration ``0003``).
VECTOR_TABLE = "search_vector"


def search(queryset: QuerySet[Innovation], text: str) -> QuerySet[Innovation]:
    """The innovations of ``queryset`` that hold every search term of ``text``, best first.

    Text with no searchable word (only stopwords or punctuation) finds nothing.
    """
    return ranked(queryset, search_terms(text, queryset.db))


def search_terms(text: str, database: str) -> list[str]:
    """The distinct terms of a search, as the database's index makes them: PostgreSQL's
    ``norwegian`` configuration (search migration ``0005``), or :func:`query_terms` on SQLite.
    """
    if connections[database].vendor != "postgresql":
        return query_terms(text)
    with connections[database].cursor() as cursor:
        # PostgreSQL's text holds no NUL: one separates words like a space.
        cursor.execute("SELECT search_terms(%s)", [text.replace("\0", " ")])
        return list(cursor.fetchone()[0])


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
    of ``terms`` (as :func:`search_terms` makes them, or Python's
    :func:`sokkel.search.text.terms`, which agree but for rare words), annotated with
    ``search_rank`` and ordered best first.

    ``parts`` limits the match to some parts of the document (``"title"``, ``"tags"``,
    ``"units"``, ``"body"``); all of them by default. ``prefix_last`` lets the last term match
    as the start of a word (for a word still being typed).
    """
    if not terms:
        return queryset.none()
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
        quoted = [f'"{term}"' for term in terms]
        if prefix_last:
            quoted[-1] += "*"
        match = (" OR " if any_term else " ").join(quoted)
        if parts:
            columns = " ".join(parts)
            match = f"{{{columns}}} : ({match})"
        matched = queryset.extra(  # noqa: S610 - the FTS join has no ORM expression
            tables=["search_fts"],
            where=[f"search_fts.rowid = {innovation_table}.id", "search_fts MATCH %s"],
            params=[match],
            # FTS5's rank is bm25 weighted by title, tags, units, story (migration 0002).
            select={"search_rank": "-search_fts.rank"},
        )
    return matched.order_by("-search_rank", "-pk")


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
    queryset: QuerySet[Innovation], text: str, start: int, stop: int
) -> tuple[list[int], int | None]:
    """The ids of hits ``start`` to ``stop`` of searching ``text`` in ``queryset`` (in the
    order of :func:`search`), and how many hits there are.

    One query (:func:`best_hits`): ranking reads every hit, so counting them on the way costs
    next to nothing, where a separate ``COUNT`` read them all again (20,000 hits of «sykehjem»
    among 100,000 innovations, benchmarks/search_100k.py). The count is ``None`` when the
    slice holds no hit (no hits at all, or ``start`` past the last).
    """
    rows = best_hits(queryset, search_terms(text, queryset.db), start, stop)
    return [pk for pk, _, _ in rows], rows[0][2] if rows else None


def best_hits(
    queryset: QuerySet[Innovation],
    terms: Sequence[str],
    start: int,
    stop: int,
    *,
    any_term: bool = False,
    parts: Sequence[str] = (),
    prefix_last: bool = False,
) -> list[tuple[int, float, int]]:
    """Hits ``start`` to ``stop`` of :func:`ranked` (same arguments) as (id, rank, number of
    hits) rows, in one query.

    On PostgreSQL the hits are ranked before they meet ``queryset`` (``search_hits``,
    migration ``0004``), so their vectors stay out of the join and the sort.
    """
    if not terms:
        return []
    if connections[queryset.db].vendor != "postgresql":
        found = ranked(
            queryset, terms, any_term=any_term, parts=parts, prefix_last=prefix_last
        ).annotate(hit_count=Window(Count("pk")))
        return list(found.values_list("pk", "search_rank", "hit_count")[start:stop])
    tsquery = _tsquery(terms, any_term=any_term, parts=parts, prefix_last=prefix_last)
    visible, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            "SELECT hits.innovation_id, hits.rank, COUNT(*) OVER () "
            "FROM search_hits(%s::tsquery) AS hits "
            f"WHERE hits.innovation_id IN ({visible}) "
            "ORDER BY hits.rank DESC, hits.innovation_id DESC LIMIT %s OFFSET %s",
            [tsquery, *params, stop - start, start],
        )
        return cursor.fetchall()


def snippet(innovation: Innovation, terms: Iterable[str]) -> SafeString:
    """The part of the story around the search terms, the hits marked."""
    story = "\n".join([innovation.problem, innovation.what_we_did, innovation.what_changed])
    return highlight(story, terms)


def with_snippets(innovations: Iterable[Innovation], text: str) -> list[Innovation]:
    """The innovations as a list, each with ``search_title`` and ``search_snippet`` set."""
    terms = query_terms(text)
    found = list(innovations)
    for innovation in found:
        innovation.search_title = highlight(innovation.title, terms, length=60)  # type: ignore[attr-defined]
        innovation.search_snippet = snippet(innovation, terms)  # type: ignore[attr-defined]
    return found

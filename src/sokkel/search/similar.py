"""Similar innovations (text and tags) and possible duplicates of a story being written.

Only published innovations are ever suggested: drafts have no search document and are
excluded from the tag matches too.
"""

from __future__ import annotations

from collections import Counter

from django.core.cache import cache
from django.db.models import Count

from sokkel.innovations.models import Innovation
from sokkel.search.norwegian import query_terms, terms
from sokkel.search.query import best_hits

#: How many of an innovation's most telling terms make up its "what is it about" query.
CHARACTERISTIC_TERMS = 12
#: How many of the best text matches are scored.
CANDIDATES = 30
#: A title or tag term counts this many times more than a story term.
TITLE_WEIGHT = 3
MIN_TERM_LENGTH = 3
#: Similar innovations and duplicates are matched on what they are called and tagged: a
#: match anywhere in 100,000 stories would be slow to rank and mostly everyday words.
HEADING = ("title", "tags")
SIMILAR_CACHE = "_sokkel_similar"
#: Similar innovations are remembered this long in each server process's cache.
CACHE_SECONDS = 300
#: A candidate must score at least this share of the best candidate's score to be shown.
MIN_SHARE_OF_BEST = 0.5


def characteristic_terms(innovation: Innovation) -> list[str]:
    """The innovation's most telling terms: title and tags first, then the story."""
    counts: Counter[str] = Counter()
    heading = [innovation.title, *innovation.tags.values_list("name", flat=True)]
    for found in terms(" ".join(heading)):
        counts[found] += TITLE_WEIGHT
    for found in terms(f"{innovation.problem}\n{innovation.what_we_did}"):
        counts[found] += 1
    telling = [(term, n) for term, n in counts.items() if len(term) >= MIN_TERM_LENGTH]
    telling.sort(key=lambda item: -item[1])
    return [term for term, _ in telling[:CHARACTERISTIC_TERMS]]


def similar_innovations(innovation: Innovation, *, limit: int = 5) -> list[Innovation]:
    """Published innovations most like ``innovation`` (see :func:`_similar`), remembered for
    :data:`CACHE_SECONDS` in the server process's cache and on ``innovation`` for the
    request: an edit of it is seen at once, a new story elsewhere within minutes."""
    cached = getattr(innovation, SIMILAR_CACHE, {})
    if limit not in cached:
        key = f"sokkel:similar:{innovation.pk}:{innovation.updated_at.timestamp()}:{limit}"
        ids = cache.get(key)
        if ids is None:
            ids = [found.pk for found in _similar(innovation, limit)]
            cache.set(key, ids, CACHE_SECONDS)
        found = Innovation.objects.published().in_bulk(ids)
        cached[limit] = [found[pk] for pk in ids if pk in found]
        setattr(innovation, SIMILAR_CACHE, cached)
    return cached[limit]


def _similar(innovation: Innovation, limit: int) -> list[Innovation]:
    """Shared words and shared tags: candidates are the best matches of its telling terms in
    other innovations' titles and tags. Each scores its text rank relative to the best match
    (0–1) plus the share of ``innovation``'s tags it also has (0–1). Candidates far behind the
    best one (which share only everyday words) are left out."""
    others = Innovation.objects.published().exclude(pk=innovation.pk)
    telling = characteristic_terms(innovation)
    hits = best_hits(others, telling, 0, CANDIDATES, any_term=True, parts=HEADING)
    if not hits:
        return []
    best = max(rank for _, rank, _ in hits) or 1.0
    scores = {pk: rank / best for pk, rank, _ in hits}
    tag_ids = list(innovation.tags.values_list("pk", flat=True))
    if tag_ids:
        shared = (
            Innovation.tags.through.objects.filter(
                innovation_id__in=list(scores), tag_id__in=tag_ids
            )
            .values("innovation_id")
            .annotate(n=Count("tag_id"))
            .values_list("innovation_id", "n")
        )
        for pk, n in shared:
            scores[pk] += n / len(tag_ids)
    cutoff = MIN_SHARE_OF_BEST * max(scores.values())
    best_first = sorted(
        (pk for pk in scores if scores[pk] >= cutoff), key=lambda pk: (-scores[pk], -pk)
    )[:limit]
    found = Innovation.objects.in_bulk(best_first)
    return [found[pk] for pk in best_first]


def possible_duplicates(title: str, *, limit: int = 5) -> list[Innovation]:
    """Published innovations whose words resemble ``title`` (a story not yet saved).

    The last word may still be being typed, so it also matches the start of a word.
    """
    wanted = [term for term in query_terms(title) if len(term) >= MIN_TERM_LENGTH]
    hits = best_hits(None, wanted, 0, limit, any_term=True, parts=HEADING, prefix_last=True)
    found = Innovation.objects.in_bulk([pk for pk, _, _ in hits])
    return [found[pk] for pk, _, _ in hits]

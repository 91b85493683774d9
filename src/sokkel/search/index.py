"""Keeping the search index in step with the innovations, and rebuilding it.

A document holds the terms of its parts (:mod:`sokkel.search.norwegian`); every change to the
documents changes the vocabulary's counts in the same transaction
(:func:`sokkel.search.vocabulary.count`).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Prefetch, QuerySet

from sokkel.innovations.models import Effect, Innovation
from sokkel.search import vocabulary
from sokkel.search.models import SearchDocument, SearchTerm
from sokkel.search.norwegian import VERSION, WORD, analyse
from sokkel.units.models import Unit

logger = logging.getLogger(__name__)

BATCH = 2_000


def _with_relations(innovations: QuerySet[Innovation]) -> QuerySet[Innovation]:
    return innovations.prefetch_related(
        "tags",
        Prefetch("units", queryset=Unit.objects.order_by("path")),
        Prefetch("effects", queryset=Effect.objects.order_by("pk")),
    )


def _unit_names(units: Iterable[Unit], names_by_key: dict[str, str]) -> list[str]:
    """The names of the units and of every unit above them («Lillevik sykehjem», «Bø»)."""
    names: dict[str, None] = {}
    for unit in units:
        for key in unit.ancestor_keys():
            if key in names_by_key:
                names[names_by_key[key]] = None
        names[unit.name] = None
    return list(names)


def _ancestor_names(innovations: Iterable[Innovation]) -> dict[str, str]:
    keys = {
        key for item in innovations for unit in item.units.all() for key in unit.ancestor_keys()
    }
    return dict(Unit.objects.filter(key__in=keys).values_list("key", "name"))


class Analysed:
    """Texts as the index keeps them, and the readable word of each term met on the way."""

    def __init__(self) -> None:
        self.words: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        """``text`` as its space-separated terms."""
        found = []
        for word in WORD.findall(text):
            for term, readable in analyse(word):
                found.append(term)
                self.words.setdefault(term, readable)
        return " ".join(found)


def _document_terms(document: SearchDocument) -> set[str]:
    return {
        term
        for text in (document.title, document.tags, document.units, document.body)
        for term in text.split()
    }


def document_for(
    innovation: Innovation, names_by_key: dict[str, str], analysed: Analysed
) -> SearchDocument:
    """The search document of an innovation whose tags, units and effects are prefetched."""
    effects = [f"{effect.name} {effect.description}" for effect in innovation.effects.all()]
    body = [
        innovation.problem,
        innovation.what_we_did,
        innovation.what_changed,
        innovation.adoption_recipe,
        *effects,
    ]
    return SearchDocument(
        innovation_id=innovation.pk,
        title=analysed(innovation.title),
        tags=analysed("\n".join(tag.name for tag in innovation.tags.all())),
        units=analysed("\n".join(_unit_names(innovation.units.all(), names_by_key))),
        body=analysed("\n".join(body)),
        analysis=VERSION,
    )


def reindex(innovation_ids: Iterable[int]) -> None:
    """Bring the documents of these innovations up to date (drafts lose theirs)."""
    ids = set(innovation_ids)
    if not ids:
        return
    with transaction.atomic():
        changes: Counter[str] = Counter()
        for old in SearchDocument.objects.filter(innovation_id__in=ids):
            changes.subtract(_document_terms(old))
        SearchDocument.objects.filter(innovation_id__in=ids).delete()
        published = list(_with_relations(Innovation.objects.published().filter(pk__in=ids)))
        names = _ancestor_names(published)
        analysed = Analysed()
        documents = [document_for(item, names, analysed) for item in published]
        SearchDocument.objects.bulk_create(documents)
        for document in documents:
            changes.update(_document_terms(document))
        vocabulary.count(changes, analysed.words)
    logger.debug("reindexed innovations %s", sorted(ids))


def rebuild() -> int:
    """Throw the index away and index every published innovation again; returns the count."""
    count = 0
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchTerm.objects.all().delete()
        ids = list(Innovation.objects.published().order_by("pk").values_list("pk", flat=True))
        analysed = Analysed()
        documents: Counter[str] = Counter()
        for start in range(0, len(ids), BATCH):
            chunk = Innovation.objects.filter(pk__in=ids[start : start + BATCH])
            batch = list(_with_relations(chunk))
            names = _ancestor_names(batch)
            made = [document_for(item, names, analysed) for item in batch]
            SearchDocument.objects.bulk_create(made)
            for document in made:
                documents.update(_document_terms(document))
            count += len(batch)
        vocabulary.count(documents, analysed.words)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    logger.info("search index rebuilt: %s published innovations", count)
    return count


def ensure_current() -> int | None:
    """Rebuild the index when a document was made by another analysis than today's (after an
    upgrade, or the first ``migrate`` past search migration ``0006``); the count, or None."""
    if not SearchDocument.objects.exclude(analysis=VERSION).exists():
        return None
    logger.info("search documents of an older analysis: rebuilding the index")
    return rebuild()

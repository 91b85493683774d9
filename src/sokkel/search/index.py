"""Keeping the search index in step with the innovations, and rebuilding it."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Prefetch, QuerySet

from sokkel.innovations.models import Effect, Innovation
from sokkel.search.models import SearchDocument
from sokkel.search.text import normalise
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


def _as_indexed(text: str) -> str:
    """``text`` as the document keeps it: SQLite's index takes the Python terms
    (:func:`normalise`), PostgreSQL's makes its own Norwegian terms from the text as written
    (search migration ``0005``)."""
    return text if connection.vendor == "postgresql" else normalise(text)


def document_for(innovation: Innovation, names_by_key: dict[str, str]) -> SearchDocument:
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
        title=_as_indexed(innovation.title),
        tags=_as_indexed("\n".join(tag.name for tag in innovation.tags.all())),
        units=_as_indexed("\n".join(_unit_names(innovation.units.all(), names_by_key))),
        body=_as_indexed("\n".join(body)),
    )


def reindex(innovation_ids: Iterable[int]) -> None:
    """Bring the documents of these innovations up to date (drafts lose theirs)."""
    ids = set(innovation_ids)
    if not ids:
        return
    with transaction.atomic():
        SearchDocument.objects.filter(innovation_id__in=ids).delete()
        published = list(_with_relations(Innovation.objects.published().filter(pk__in=ids)))
        names = _ancestor_names(published)
        SearchDocument.objects.bulk_create([document_for(item, names) for item in published])
    logger.debug("reindexed innovations %s", sorted(ids))


def rebuild() -> int:
    """Throw the index away and index every published innovation again; returns the count."""
    count = 0
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        ids = list(Innovation.objects.published().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            chunk = Innovation.objects.filter(pk__in=ids[start : start + BATCH])
            batch = list(_with_relations(chunk))
            names = _ancestor_names(batch)
            SearchDocument.objects.bulk_create([document_for(item, names) for item in batch])
            count += len(batch)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    logger.info("search index rebuilt: %s published innovations", count)
    return count

"""Every write that changes what an innovation's search document holds reindexes it.

The services (and the admin, and the demo loader) save innovations, set their units and
tags, add effects, rename units and tags; each such save reindexes the innovations it
touches, in the same transaction, so the index never lags behind a committed write.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from sokkel.innovations.models import Effect, Innovation, Tag
from sokkel.search.index import reindex
from sokkel.units.models import Unit

M2M_ACTIONS = {"post_add", "post_remove", "post_clear"}
CLEARED = "_sokkel_search_cleared"


def innovation_saved(sender: Any, instance: Innovation, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        reindex([instance.pk])


def relation_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    """Units or tags of an innovation changed (from either side of the relation)."""
    if reverse and action == "pre_clear":
        # A unit or tag loses all its innovations: remember which, to reindex them after.
        setattr(instance, CLEARED, list(instance.innovations.values_list("pk", flat=True)))
    if action not in M2M_ACTIONS:
        return
    if not reverse:
        reindex([instance.pk])
    elif action == "post_clear":
        reindex(getattr(instance, CLEARED, []))
    else:
        reindex(pk_set or [])


def effect_changed(sender: Any, instance: Effect, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        reindex([instance.innovation_id])


def effect_deleted(sender: Any, instance: Effect, **kwargs: Any) -> None:
    """Reindex after the commit: the effect may be going because its innovation is."""
    innovation_id = instance.innovation_id
    transaction.on_commit(lambda: reindex([innovation_id]))


def unit_saved(
    sender: Any, instance: Unit, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """A renamed unit renames the documents of innovations in it and below it."""
    if created or raw:
        return
    reindex(
        Innovation.objects.filter(units__path__startswith=instance.path).values_list(
            "pk", flat=True
        )
    )


def tag_saved(sender: Any, instance: Tag, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if not created and not raw:
        reindex(instance.innovations.values_list("pk", flat=True))


def connect() -> None:
    uid = "sokkel-search-"
    post_save.connect(innovation_saved, sender=Innovation, dispatch_uid=uid + "innovation")
    m2m_changed.connect(
        relation_changed, sender=Innovation.units.through, dispatch_uid=uid + "units"
    )
    m2m_changed.connect(relation_changed, sender=Innovation.tags.through, dispatch_uid=uid + "tags")
    post_save.connect(effect_changed, sender=Effect, dispatch_uid=uid + "effect-saved")
    post_delete.connect(effect_deleted, sender=Effect, dispatch_uid=uid + "effect-deleted")
    post_save.connect(unit_saved, sender=Unit, dispatch_uid=uid + "unit")
    post_save.connect(tag_saved, sender=Tag, dispatch_uid=uid + "tag")

"""The search index: one document of normalised terms per published innovation.

Django writes :class:`SearchDocument` rows; the database keeps the ranked index from them
through triggers: on SQLite an FTS5 table ``search_fts`` (migration ``0001``), on PostgreSQL
a narrow table ``search_vector`` of ``tsvector`` rows with a GIN index (migration ``0003``).
Drafts have no document, so they never appear in a search.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sokkel.innovations.models import Innovation


class SearchDocument(models.Model):
    """The normalised search terms (:func:`sokkel.search.text.normalise`) of an innovation.

    The four parts are weighted: a hit in the title counts most, then tags, then unit
    names, then the story, effects and recipe.
    """

    innovation = models.OneToOneField(
        Innovation,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    title = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    units = models.TextField(blank=True)
    body = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("søkedokument")
        verbose_name_plural = _("søkedokumenter")

    def __str__(self) -> str:
        return f"search document of innovation {self.innovation_id}"

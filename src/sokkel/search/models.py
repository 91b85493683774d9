"""The search index: one document per published innovation.

Django writes :class:`SearchDocument` rows; the database keeps the ranked index from them
through triggers: on SQLite an FTS5 table ``search_fts`` (migration ``0001``) of the Python
terms, on PostgreSQL a narrow table ``search_vector`` of ``tsvector`` rows that PostgreSQL's
``norwegian`` configuration makes, with a GIN index (migrations ``0003`` and ``0005``).
Drafts have no document, so they never appear in a search.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sokkel.innovations.models import Innovation


class SearchDocument(models.Model):
    """What an innovation is found by: on SQLite its search terms
    (:func:`sokkel.search.text.normalise`), on PostgreSQL the text as written.

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

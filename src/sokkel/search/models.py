"""The search index: one document per published innovation, and the terms it holds.

Django writes :class:`SearchDocument` rows of search terms (:mod:`sokkel.search.norwegian`);
the database keeps the ranked index from them through triggers: on SQLite an FTS5 table
``search_fts`` (migration ``0001``), on PostgreSQL a narrow table ``search_vector`` of
``tsvector`` rows with a GIN index (migrations ``0003`` and ``0006``). Drafts have no
document, so they never appear in a search. :class:`SearchTerm` counts the documents of each
term, for «did you mean» (trigram indexes of migration ``0006``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sokkel.innovations.models import Innovation


class SearchDocument(models.Model):
    """What an innovation is found by: the search terms of its parts
    (:func:`sokkel.search.norwegian.terms`), and the analysis that made them.

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
    #: :data:`sokkel.search.norwegian.VERSION` of the analysis that made the terms.
    analysis = models.CharField(max_length=16, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("søkedokument")
        verbose_name_plural = _("søkedokumenter")

    def __str__(self) -> str:
        return f"search document of innovation {self.innovation_id}"


class SearchTerm(models.Model):
    """A term some published innovation's document holds, with a word it stands for.

    ``word`` is readable (the bokmål lemma or compound part, «røntgen» for the term
    ``røntg``), ``folded`` is it without æ, ø and å, for matching a misspelt search.
    ``documents`` counts the documents holding the term; a term no document holds any more is
    deleted, so a withdrawn story's words are never suggested.
    """

    term = models.CharField(max_length=200, unique=True)
    word = models.CharField(max_length=200)
    folded = models.CharField(max_length=200)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("søkeord")
        verbose_name_plural = _("søkeord")

    def __str__(self) -> str:
        return self.term

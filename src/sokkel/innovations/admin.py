"""Django admin for innovations and everything hanging off them (administrators only).

The admin obeys the same rules as the pages: an innovation's story, classification, units
and tags are saved through :func:`sokkel.innovations.services.update_innovation`, which
checks the version the edit started from, bumps it and writes the audit entry. Everything
with rules of its own (phase, publication and withdrawal, anchoring, team, effects, the
journey, kudos) is read-only here and changes on the innovation's own pages. Innovations
are told on the site, not added here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from sokkel.core.errors import ServiceError
from sokkel.innovations import services
from sokkel.innovations.models import (
    AuditEntry,
    Effect,
    Gain,
    Innovation,
    Kudos,
    PhaseTransition,
    Tag,
    TeamMember,
)


class ReadOnlyAdminMixin:
    """Administrators may look, but the writes go through the services on the pages."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TeamMemberInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = TeamMember
    fields = ["person", "name", "actor_type", "role", "organisation"]
    extra = 0


class EffectInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Effect
    extra = 0


class PhaseTransitionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PhaseTransition
    fields = ["at", "from_phase", "to_phase", "by", "note"]
    extra = 0


class InnovationAdminForm(forms.ModelForm):
    """The admin's innovation form: ``started_version`` is the version the edit began from."""

    started_version = forms.IntegerField(widget=forms.HiddenInput)
    gains = forms.MultipleChoiceField(
        label=_("gevinster"),
        required=False,
        choices=Gain.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Innovation
        fields = "__all__"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started_version"].initial = self.instance.version

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as ``update_innovation`` keyword arguments."""
        data = self.cleaned_data
        fields = {name: data[name] for name in services.EDITABLE_FIELDS if name in data}
        fields["units"] = list(data["units"])
        fields["tags"] = [tag.name for tag in data["tags"]]
        return fields


CHANGED_ON_THE_PAGES = _(
    "Fase, publisering, tilbaketrekking og forankring endres på innovasjonens egne sider, "
    "der reglene gjelder og endringene logges. Her kan de bare leses."
)


@admin.register(Innovation)
class InnovationAdmin(admin.ModelAdmin):
    form = InnovationAdminForm
    list_display = ["title", "phase", "sector", "is_published", "evidence_level", "updated_at"]
    list_filter = [
        "phase",
        "sector",
        "is_published",
        ("withdrawn_at", admin.EmptyFieldListFilter),
        "evidence_level",
        "barometer_type",
    ]
    search_fields = ["title", "slug", "problem", "what_we_did", "what_changed"]
    raw_id_fields = ["units"]
    filter_horizontal = ["tags"]
    fieldsets = [
        (
            None,
            {
                "description": _(
                    "Endringer som lagres her, logges i innovasjonens endringslogg "
                    "og gir den en ny versjon, som endringer på sidene."
                ),
                "fields": [
                    "title",
                    "slug",
                    "problem",
                    "what_we_did",
                    "what_changed",
                    "units",
                    "sector",
                    "tags",
                ],
            },
        ),
        (_("Kjennetegn"), {"fields": ["barometer_type", "novelty", "initiator", "gains"]}),
        (_("Evidens"), {"fields": ["evidence_level", "study_design", "adoption_recipe"]}),
        (
            _("Fase, publisering og forankring"),
            {
                "description": CHANGED_ON_THE_PAGES,
                "fields": [
                    "phase",
                    "is_published",
                    "published_at",
                    "withdrawn_at",
                    "withdrawn_by",
                    "withdrawal_reason",
                    "sponsor",
                ],
            },
        ),
        (
            _("Historikk"),
            {
                "fields": [
                    "version",
                    "started_version",
                    "created_by",
                    "created_at",
                    "updated_at",
                    "demo_key",
                ]
            },
        ),
    ]
    readonly_fields = [
        "slug",
        "phase",
        "is_published",
        "published_at",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
        "sponsor",
        "version",
        "created_by",
        "created_at",
        "updated_at",
        "demo_key",
    ]
    inlines = [TeamMemberInline, EffectInline, PhaseTransitionInline]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # told on the site, where the storyteller joins its team

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """A refused save (somebody saved in between) rolls back and says so."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.path)

    def save_model(
        self, request: HttpRequest, obj: Innovation, form: InnovationAdminForm, change: bool
    ) -> None:
        services.update_innovation(
            obj,
            by=request.user,
            version=form.cleaned_data["started_version"],
            **form.service_fields(),
        )

    def save_related(
        self, request: HttpRequest, form: InnovationAdminForm, formsets: Any, change: bool
    ) -> None:
        """Units and tags were saved by :meth:`save_model`; the read-only inlines save nothing."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "innovation", "actor_type", "role", "organisation"]
    list_filter = ["actor_type"]
    search_fields = ["name", "person__email", "person__full_name", "innovation__title"]


@admin.register(Effect)
class EffectAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "innovation", "kind", "baseline", "result", "n", "is_illustrative"]
    list_filter = ["kind", "is_illustrative"]
    search_fields = ["name", "innovation__title", "source"]


@admin.register(Kudos)
class KudosAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["innovation", "person", "created_at"]


@admin.register(PhaseTransition)
class PhaseTransitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["innovation", "from_phase", "to_phase", "by", "at"]
    list_filter = ["to_phase"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit log is a record: administrators read it, nobody edits it here."""

    list_display = ["at", "action", "innovation", "actor"]
    list_filter = ["action"]
    search_fields = ["action", "innovation__title", "actor__email"]

"""Django admin for innovations and everything hanging off them (administrators only)."""

from django.contrib import admin

from sokkel.innovations.models import (
    AuditEntry,
    Effect,
    Innovation,
    Kudos,
    PhaseTransition,
    Tag,
    TeamMember,
)


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    raw_id_fields = ["person"]
    extra = 0


class EffectInline(admin.StackedInline):
    model = Effect
    extra = 0


class PhaseTransitionInline(admin.TabularInline):
    model = PhaseTransition
    raw_id_fields = ["by"]
    extra = 0


@admin.register(Innovation)
class InnovationAdmin(admin.ModelAdmin):
    list_display = ["title", "phase", "sector", "is_published", "evidence_level", "updated_at"]
    list_filter = ["phase", "sector", "is_published", "evidence_level", "barometer_type"]
    search_fields = ["title", "slug", "problem", "what_we_did", "what_changed"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["sponsor", "created_by", "units"]
    filter_horizontal = ["tags"]
    readonly_fields = ["version", "created_at", "updated_at", "published_at", "demo_key"]
    inlines = [TeamMemberInline, EffectInline, PhaseTransitionInline]
    date_hierarchy = "created_at"


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ["__str__", "innovation", "actor_type", "role", "organisation"]
    list_filter = ["actor_type"]
    search_fields = ["name", "person__email", "person__full_name", "innovation__title"]
    raw_id_fields = ["innovation", "person"]


@admin.register(Effect)
class EffectAdmin(admin.ModelAdmin):
    list_display = ["name", "innovation", "kind", "baseline", "result", "n", "is_illustrative"]
    list_filter = ["kind", "is_illustrative"]
    search_fields = ["name", "innovation__title", "source"]
    raw_id_fields = ["innovation"]


@admin.register(Kudos)
class KudosAdmin(admin.ModelAdmin):
    list_display = ["innovation", "person", "created_at"]
    raw_id_fields = ["innovation", "person"]


@admin.register(PhaseTransition)
class PhaseTransitionAdmin(admin.ModelAdmin):
    list_display = ["innovation", "from_phase", "to_phase", "by", "at"]
    list_filter = ["to_phase"]
    raw_id_fields = ["innovation", "by"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is a record: administrators read it, nobody edits it here."""

    list_display = ["at", "action", "innovation", "actor"]
    list_filter = ["action"]
    search_fields = ["action", "innovation__title", "actor__email"]
    raw_id_fields = ["innovation", "actor"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
